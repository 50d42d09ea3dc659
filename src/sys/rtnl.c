// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The route lookup: one NETLINK_ROUTE socket and two request/answer
 * exchanges. route.c builds and parses the messages.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include "nlsock.h"
#include "route.h"
#include "rtnl.h"

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
 * into buf. Returns the answer's length, or a negative errno: req_len
 * itself when it is one, from a request that could not be built.
 */
static ssize_t exchange(struct mnl_socket *nl, void *buf, size_t cap,
			ssize_t req_len, uint32_t seq)
{
	struct nlmsghdr nlh;
	ssize_t n;

	if (req_len < 0)
		return req_len;
	if (mnl_socket_sendto(nl, buf, (size_t)req_len) < 0)
		return -errno;
	n = nlsock_recv(nl, buf, cap, 0);
	if (n < 0)
		return n;
	memcpy(&nlh, buf, sizeof(nlh));
	if (nlh.nlmsg_seq != seq ||
	    nlh.nlmsg_pid != mnl_socket_get_portid(nl))
		return -EPROTO;
	return n;
}

int route_lookup(const struct addr *dst, struct route_info *out)
{
	return route_lookup_query(dst, NULL, out);
}

int route_lookup_query(const struct addr *dst, const struct route_query *q,
		       struct route_info *out)
{
	/* aligned, so that route.c parses the answers in place */
	union {
		struct nlmsghdr nlh;
		unsigned char bytes[NL_BUF_SIZE];
	} buf;
	struct mnl_socket *nl = NULL;
	struct route_info ri;
	ssize_t n;
	int ret;

	memset(&ri, 0, sizeof(ri));
	ret = nlsock_open(NETLINK_ROUTE, &nl);
	if (ret)
		goto cleanup;

	n = exchange(nl, buf.bytes, sizeof(buf),
		     route_build_query(buf.bytes, sizeof(buf), dst, q, ROUTE_SEQ),
		     ROUTE_SEQ);
	ret = n < 0 ? (int)n : route_parse(buf.bytes, n, &ri);
	if (ret)
		goto cleanup;

	n = exchange(nl, buf.bytes, sizeof(buf),
		     link_build_get(buf.bytes, sizeof(buf), ri.oif, LINK_SEQ),
		     LINK_SEQ);
	ret = n < 0 ? (int)n : link_parse(buf.bytes, n, &ri);
	if (ret)
		goto cleanup;

	*out = ri;
cleanup:
	if (nl)
		mnl_socket_close(nl);
	return ret;
}
