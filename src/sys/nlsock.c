// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The netlink sockets of rtnl.c and nft.c: opened, bound, and read only
 * for what the kernel itself sent.
 */
#include "config.h"

#include <errno.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include "nlsock.h"

int nlsock_open(int bus, struct mnl_socket **out)
{
	struct mnl_socket *nl;
	int ret;

	nl = mnl_socket_open(bus);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		mnl_socket_close(nl);
		return ret;
	}
	*out = nl;
	return 0;
}

ssize_t nlsock_recv(struct mnl_socket *nl, void *buf, size_t cap, int flags)
{
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct msghdr msg = {
		.msg_name = &from,
		.msg_namelen = sizeof(from),
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	ssize_t n;

	/*
	 * recvmsg() rather than mnl_socket_recvfrom(), which does not tell who
	 * sent the datagram: any local process may unicast to our port, and
	 * only the kernel (port 0) answers our requests.
	 */
	do {
		n = recvmsg(mnl_socket_get_fd(nl), &msg, flags);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (msg.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	if (msg.msg_namelen != sizeof(from) || from.nl_family != AF_NETLINK ||
	    from.nl_pid != 0)
		return -EPROTO;
	if ((size_t)n < sizeof(struct nlmsghdr))
		return -EPROTO;
	return n;
}
