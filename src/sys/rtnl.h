/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_RTNL_H
#define MTUPROBE_RTNL_H

#include "addr.h"
#include "route.h"

/*
 * Looks up the route the kernel would use to reach dst, and the name and MTU
 * of its output interface, over one NETLINK_ROUTE socket.
 * Returns 0 with all of *out filled; *out is untouched on error. Errors:
 *   -ENETUNREACH  no route to dst (or an unreachable/blackhole/throw route
 *                 answered as a route);
 *   -EHOSTUNREACH the route is of type unreachable;
 *   -EACCES       the route is of type prohibit;
 *   -EINVAL       the route is a blackhole (the kernel's own errno for it),
 *                 or dst is a broadcast, multicast or anycast address;
 *   -EAFNOSUPPORT dst is neither IPv4 nor IPv6;
 *   -ENODEV       the output interface went away between the two requests;
 *   -EMSGSIZE     an answer did not fit the receive buffer;
 *   -EPROTO       a malformed or unexpected answer, or one not sent by the
 *                 kernel;
 *   or the errno of socket(), bind(), sendto() or recvmsg().
 */
int route_lookup(const struct addr *dst, struct route_info *out);
/* The same for what q asks (route.h): a mark, an interface, a source. */
int route_lookup_query(const struct addr *dst, const struct route_query *q,
		       struct route_info *out);

#endif
