/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_ROUTE_H
#define MTUPROBE_ROUTE_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "addr.h"

/* What the kernel would use to send to a destination. */
struct route_info {
	int oif;		 /* output interface index (RTA_OIF) */
	struct addr src;	 /* RTA_PREFSRC; family 0 when absent */
	struct addr gateway;	 /* RTA_GATEWAY (or RTA_VIA); family 0 when absent */
	unsigned int mtu;	 /* IFLA_MTU of oif, filled by link_parse */
	char ifname[IF_NAMESIZE];/* IFLA_IFNAME of oif, filled by link_parse */
	char kind[16];		 /* IFLA_INFO_KIND of oif ("wireguard",
				  * "tun" ...); empty when it has none */
};

/*
 * Builds an RTM_GETROUTE request (NLM_F_REQUEST, rtm_family = dst->family,
 * RTA_DST with a full-length prefix, RTA_OIF the link of a scoped
 * destination) into buf, like `ip route get`.
 * Returns the message length; -ENOSPC when cap is too small;
 * -EAFNOSUPPORT when dst is neither IPv4 nor IPv6.
 */
ssize_t route_build_get(void *buf, size_t cap, const struct addr *dst,
			uint32_t seq);
/* What else a lookup asks, as `ip route get ADDR mark N oif IF from SRC`
 * does: the route of packets that carry firewall mark mark, leave by
 * interface oif, from source src (0, 0, family 0: any). */
struct route_query {
	uint32_t mark;
	int oif;
	struct addr src;
};

/* The same with RTA_MARK, RTA_OIF and RTA_SRC where q asks them; q NULL:
 * none. q's interface comes before dst's scope. -EAFNOSUPPORT also for a
 * source of another family than dst. */
ssize_t route_build_query(void *buf, size_t cap, const struct addr *dst,
			  const struct route_query *q, uint32_t seq);

/*
 * Parses the kernel's answer to route_build_get(): the first netlink message
 * in buf, RTM_NEWROUTE or NLMSG_ERROR. On success returns 0 and sets
 * out->oif, out->src and out->gateway, link-local ones scoped to oif; out
 * is untouched on error.
 * Returns:
 *   the negative errno an NLMSG_ERROR carries, unchanged (the kernel says
 *   -ENETUNREACH when there is no route, -EHOSTUNREACH for an unreachable
 *   route, -EACCES for prohibit, -EINVAL for blackhole);
 *   -ENETUNREACH for an answer of type RTN_UNREACHABLE, RTN_BLACKHOLE or
 *   RTN_THROW, and -EACCES for RTN_PROHIBIT (kernels that answer IPv6
 *   lookups with the route instead of an error);
 *   -EINVAL for RTN_BROADCAST, RTN_MULTICAST, RTN_ANYCAST: not a unicast
 *   destination;
 *   -EPROTO for anything malformed or unexpected: truncated message or
 *   attribute, another message type, an ACK, an unknown family or route
 *   type, an address of the wrong size, no usable RTA_OIF.
 * RTA_METRICS is ignored: a cached PMTU there is not our upper bound.
 */
int route_parse(const void *buf, size_t len, struct route_info *out);

/*
 * Builds an RTM_GETLINK request for ifindex into buf.
 * Returns the message length; -ENOSPC when cap is too small; -EINVAL for an
 * index that is not positive.
 */
ssize_t link_build_get(void *buf, size_t cap, int ifindex, uint32_t seq);

/*
 * Parses the kernel's answer to link_build_get(), RTM_NEWLINK or
 * NLMSG_ERROR, for the interface out->oif (as route_parse() set it).
 * On success returns 0 and sets out->mtu and out->ifname; out is untouched
 * on error. Returns the negative errno an NLMSG_ERROR carries (-ENODEV when
 * the interface has gone), or -EPROTO for anything malformed or unexpected:
 * the same as route_parse(), plus an answer about another interface, no
 * IFLA_MTU, no IFLA_IFNAME, or a name that is empty, longer than
 * IF_NAMESIZE - 1 or not NUL-terminated within its attribute.
 */
int link_parse(const void *buf, size_t len, struct route_info *out);

#endif
