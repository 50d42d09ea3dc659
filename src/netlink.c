// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The rtnetlink I/O of the route lookup: one NETLINK_ROUTE socket and two
 * request/answer exchanges. route.c builds and parses the messages.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include "netlink.h"
#include "route.h"

enum {
	/*
	 * MNL_SOCKET_BUFFER_SIZE at its largest: the macro calls sysconf()
	 * so cannot size an array, and a link answer is well under this.
	 */
	NL_BUF_SIZE = 8192,
	ROUTE_SEQ = 1,
	LINK_SEQ = 2,
};

/*
 * Sends the req_len-byte request at the start of buf and receives its answer
 * into buf. Returns the answer's length, or a negative errno.
 */
static ssize_t exchange(struct mnl_socket *nl, void *buf, size_t cap,
			size_t req_len, uint32_t seq)
{
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct msghdr msg = {
		.msg_name = &from,
		.msg_namelen = sizeof(from),
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	struct nlmsghdr nlh;
	ssize_t n;

	if (mnl_socket_sendto(nl, buf, req_len) < 0)
		return -errno;
	/*
	 * recvmsg() rather than mnl_socket_recvfrom(), which does not tell who
	 * sent the datagram: any local process may unicast to our port, and
	 * only the kernel (port 0) answers route and link requests.
	 */
	do {
		n = recvmsg(mnl_socket_get_fd(nl), &msg, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (msg.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	if (msg.msg_namelen != sizeof(from) || from.nl_family != AF_NETLINK ||
	    from.nl_pid != 0)
		return -EPROTO;
	if ((size_t)n < sizeof(nlh))
		return -EPROTO;
	memcpy(&nlh, buf, sizeof(nlh));
	if (nlh.nlmsg_seq != seq ||
	    nlh.nlmsg_pid != mnl_socket_get_portid(nl))
		return -EPROTO;
	return n;
}

int route_lookup(const struct addr *dst, struct route_info *out)
{
	unsigned char buf[NL_BUF_SIZE];
	struct mnl_socket *nl;
	struct route_info ri;
	ssize_t n;
	int ret;

	memset(&ri, 0, sizeof(ri));
	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl) {
		ret = -errno;
		goto cleanup;
	}
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		goto cleanup;
	}

	n = route_build_get(buf, sizeof(buf), dst, ROUTE_SEQ);
	if (n >= 0)
		n = exchange(nl, buf, sizeof(buf), n, ROUTE_SEQ);
	if (n < 0) {
		ret = (int)n;
		goto cleanup;
	}
	ret = route_parse(buf, n, &ri);
	if (ret)
		goto cleanup;

	n = link_build_get(buf, sizeof(buf), ri.oif, LINK_SEQ);
	if (n >= 0)
		n = exchange(nl, buf, sizeof(buf), n, LINK_SEQ);
	if (n < 0) {
		ret = (int)n;
		goto cleanup;
	}
	ret = link_parse(buf, n, &ri);
	if (ret)
		goto cleanup;

	*out = ri;
cleanup:
	if (nl)
		mnl_socket_close(nl);
	return ret;
}
