// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include "nlsock.h"
#include "wgdev.h"
#include "wggenl.h"

enum { ANSWER_MAX = 65536, GENL_BUF = 16384, FAMILY_SEQ = 1, GET_SEQ = 2 };

/* Reads until the answer's closing empty line, EOF, or the cap. Returns
 * its length or a negative errno. */
static ssize_t read_answer(int fd, char *buf, size_t cap)
{
	size_t len = 0;

	while (len < cap) {
		ssize_t n = read(fd, buf + len, cap - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		if (!n)
			break;
		len += (size_t)n;
		if (len >= 2 && !memcmp(buf + len - 2, "\n\n", 2))
			break;
	}
	return len < cap ? (ssize_t)len : -EPROTO;
}

/* Sends the request at the start of buf, of req_len bytes (or the errno
 * that building it gave), and receives one datagram of the answer to seq.
 * Returns its length or a negative errno. */
static ssize_t genl_ask(struct mnl_socket *nl, void *buf, size_t cap,
			ssize_t req_len)
{
	if (req_len < 0)
		return req_len;
	if (mnl_socket_sendto(nl, buf, (size_t)req_len) < 0)
		return -errno;
	return nlsock_recv(nl, buf, cap, 0);
}

/* The kernel's WireGuard: -ENOENT where it has none, or ifname is not
 * one of its interfaces. */
static int genl_get(const char *ifname, struct wg_dev *out)
{
	union {
		struct nlmsghdr nlh;
		unsigned char bytes[GENL_BUF];
	} buf;
	struct mnl_socket *nl;
	struct wg_dev dev;
	uint16_t family;
	ssize_t n;
	int ret;

	ret = nlsock_open(NETLINK_GENERIC, &nl);
	if (ret)
		return ret;
	n = genl_ask(nl, buf.bytes, sizeof(buf),
		     wggenl_build_family(buf.bytes, sizeof(buf), FAMILY_SEQ));
	ret = n < 0 ? (int)n : wggenl_parse_family(buf.bytes, (size_t)n,
						    &family);
	if (!ret)
		n = genl_ask(nl, buf.bytes, sizeof(buf),
			     wggenl_build_get(buf.bytes, sizeof(buf), family,
					      ifname, GET_SEQ));
	memset(&dev, 0, sizeof(dev));
	while (!ret) {
		ret = n < 0 ? (int)n :
		      wggenl_parse_device(buf.bytes, (size_t)n, &dev);
		if (!ret)
			n = nlsock_recv(nl, buf.bytes, sizeof(buf), 0);
	}
	mnl_socket_close(nl);
	if (ret == 1) {
		*out = dev;
		return 0;
	}
	return ret == -ENODEV ? -ENOENT : ret;
}

/* Asks a userspace tunnel over its control socket, at sun. */
static int uapi_get(const struct sockaddr_un *sun, struct wg_dev *out)
{
	struct timeval tv = { .tv_sec = 2 };
	static const char get[] = "get=1\n\n";
	char *buf;
	ssize_t n;
	int fd, ret;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	buf = malloc(ANSWER_MAX);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	if (connect(fd, (const struct sockaddr *)sun, sizeof(*sun)) < 0)
		ret = -errno;
	else if (write(fd, get, sizeof(get) - 1) != (ssize_t)sizeof(get) - 1)
		ret = -EIO;
	else if ((n = read_answer(fd, buf, ANSWER_MAX)) < 0)
		ret = (int)n;
	else
		ret = wguapi_parse(buf, (size_t)n, out);
	free(buf);
	close(fd);
	return ret;
}

/*
 * What the userspace tunnels said before the privileges went: -f asks the
 * tunnel of each host as it comes to it, as a uid their control sockets
 * (root's, mode 0700) no longer admit.
 */
#define REMEMBERED_MAX 16
static struct {
	char ifname[IF_NAMESIZE];
	struct wg_dev dev;
	int ret;
} remembered[REMEMBERED_MAX];
static size_t nremembered;

static int uapi_address(const char *ifname, struct sockaddr_un *sun)
{
	*sun = (struct sockaddr_un){ .sun_family = AF_UNIX };
	if (snprintf(sun->sun_path, sizeof(sun->sun_path), "%s/%s.sock",
		     WG_UAPI_DIR, ifname) >= (int)sizeof(sun->sun_path))
		return -ENAMETOOLONG;
	return 0;
}

void wg_dev_remember(void)
{
	DIR *d = opendir(WG_UAPI_DIR);
	struct sockaddr_un sun;
	struct dirent *de;
	size_t len;

	while (d && nremembered < REMEMBERED_MAX && (de = readdir(d))) {
		len = strlen(de->d_name);
		if (len <= 5 || len - 5 >= IF_NAMESIZE ||
		    strcmp(de->d_name + len - 5, ".sock"))
			continue;
		memcpy(remembered[nremembered].ifname, de->d_name, len - 5);
		remembered[nremembered].ifname[len - 5] = '\0';
		if (uapi_address(remembered[nremembered].ifname, &sun))
			continue;
		remembered[nremembered].ret =
			uapi_get(&sun, &remembered[nremembered].dev);
		nremembered++;
	}
	if (d)
		closedir(d);
}

int wg_dev_get(const char *ifname, struct wg_dev *out)
{
	struct sockaddr_un sun;
	int ret;

	for (size_t i = 0; i < nremembered; i++) {
		if (strcmp(remembered[i].ifname, ifname))
			continue;
		if (!remembered[i].ret)
			*out = remembered[i].dev;
		return remembered[i].ret;
	}
	ret = uapi_address(ifname, &sun);
	if (ret)
		return ret;
	if (access(sun.sun_path, F_OK))
		return genl_get(ifname, out);
	return uapi_get(&sun, out);
}
