// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/capability.h>

#include "host.h"
#include "pace.h"
#include "priv.h"
#include "rawsock.h"
#include "rtnl.h"
#include "wgdev.h"

static int resolve(void *ctx, const char *host, int family, struct addr *dst,
		   char *err, size_t errlen)
{
	struct addrinfo hints = {
		.ai_family = family ? family : AF_UNSPEC,
		.ai_socktype = SOCK_DGRAM,
	};
	struct addrinfo *res;
	const char *zone;
	struct addr lit;
	int ret;

	(void)ctx;
	ret = getaddrinfo(host, NULL, &hints, &res);
	/* of a link-local literal, only its zone can be unknown */
	if (ret == EAI_NONAME && family != AF_INET &&
	    !addr_pton_zone(host, &lit, &zone) && addr_link_local(&lit)) {
		snprintf(err, errlen, "'%s': no interface %s", host, zone);
		return -ENODEV;
	}
	if (ret == EAI_NONAME || ret == EAI_NODATA || ret == EAI_ADDRFAMILY) {
		snprintf(err, errlen, "unknown host '%s': %s%s", host,
			 gai_strerror(ret),
			 family == AF_INET ? " (as IPv4)" :
			 family == AF_INET6 ? " (as IPv6)" : "");
		return -ENOENT;
	}
	if (ret) {
		snprintf(err, errlen, "cannot resolve '%s': %s", host,
			 ret == EAI_SYSTEM ? strerror(errno) : gai_strerror(ret));
		return -EIO;
	}
	ret = addr_from_sockaddr(res->ai_addr, dst);
	freeaddrinfo(res);
	if (ret) {
		snprintf(err, errlen, "'%s': not an IPv4 or IPv6 host", host);
		return -EAFNOSUPPORT;
	}
	/* a numeric zone getaddrinfo takes as it is, interface or not */
	if (addr_link_local(dst) && dst->scope &&
	    !if_indextoname(dst->scope, (char[IF_NAMESIZE]){ 0 }) &&
	    !addr_pton_zone(host, &lit, &zone)) {
		snprintf(err, errlen, "'%s': no interface %s", host, zone);
		return -ENODEV;
	}
	return 0;
}

static int route(void *ctx, const struct addr *dst, uint32_t mark,
		 const char *ifname, const struct addr *src,
		 struct route_info *ri)
{
	struct route_query q = { .mark = mark };

	(void)ctx;
	if (ifname && !(q.oif = (int)if_nametoindex(ifname)))
		return -ENODEV;
	if (src)
		q.src = *src;
	return route_lookup_query(dst, &q, ri);
}

static int tunnel(void *ctx, const char *ifname, struct wg_dev *dev)
{
	(void)ctx;
	return wg_dev_get(ifname, dev);
}

static int get_random(void *ctx, void *buf, size_t len)
{
	(void)ctx;
	return getrandom(buf, len, 0) == (ssize_t)len ? 0 : -errno;
}

/* Without CAP_NET_RAW: what a user may have, an ICMP datagram socket;
 * nor that: UDP, as tracepath does. */
static int open_unprivileged(struct rawsock *rs, const struct addr *dst,
			     const struct addr *src,
			     const struct chan_want *w, struct chan *ch,
			     char *err, size_t errlen)
{
	uint16_t id;
	int ret;

	if (get_random(NULL, &id, sizeof(id)))
		id = (uint16_t)getpid();
	ret = w->ping ? rawsock_open_ping(rs, dst, src, id) : -EPERM;
	ch->kind = CHAN_PING;
	if ((ret == -EACCES || ret == -EPERM) && w->udp) {
		ret = rawsock_open_udp(rs, dst, src);
		ch->kind = CHAN_UDP;
	}
	if (!ret)
		return 0;
	snprintf(err, errlen, "no raw socket (no CAP_NET_RAW) and no ICMP datagram socket: %s (run as root, grant CAP_NET_RAW with setcap cap_net_raw+p, or let your group have ICMP sockets with sysctl net.ipv4.ping_group_range)",
		 strerror(-ret));
	return -EPERM;
}

/* The way out asked: the interface the sockets are bound to, the mark
 * they set. Closes them where that cannot be. */
static int way_out(struct rawsock *rs, const struct chan_want *w, char *err,
		   size_t errlen)
{
	int ret = 0;

	if (w->bind_if && (ret = rawsock_bind_device(rs, w->bind_if)))
		snprintf(err, errlen, "binding the sockets to %s: %s",
			 w->bind_if, strerror(-ret));
	else if (w->mark && (ret = rawsock_mark(rs, w->mark)))
		snprintf(err, errlen, "setting firewall mark %u on the sockets: %s%s",
			 w->mark, strerror(-ret), ret == -EPERM ?
			 " (it needs CAP_NET_ADMIN: run as root)" : "");
	if (ret)
		rawsock_close(rs);
	return ret;
}

static int open_chan(void *ctx, const struct addr *dst, const struct addr *src,
		     const struct chan_want *w, struct chan *ch, char *err,
		     size_t errlen)
{
	struct rawsock *rs = calloc(1, sizeof(*rs));
	uint64_t was;
	int ret;

	(void)ctx;
	if (!rs) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	/* a user lent CAP_NET_RAW has it effective only here */
	was = priv_effective();
	priv_raise(PRIV_CAP(CAP_NET_RAW) | PRIV_CAP(CAP_NET_ADMIN));
	*ch = (struct chan){ .kind = CHAN_RAW, .ctx = rs };
	ret = w->raw ? rawsock_open(rs, dst, src, true) : -EPERM;
	if ((ret == -EPERM || ret == -EACCES) && (w->ping || w->udp))
		ret = open_unprivileged(rs, dst, src, w, ch, err, errlen);
	else if (ret == -EPERM || ret == -EACCES)
		snprintf(err, errlen, "raw socket: %s (run as root, or grant CAP_NET_RAW with setcap cap_net_raw+p)",
			 strerror(-ret));
	else if (ret)
		snprintf(err, errlen, "raw socket: %s", strerror(-ret));
	if (!ret)
		ret = way_out(rs, w, err, errlen);
	priv_lower(was);
	if (ret) {
		free(rs);
		ch->ctx = NULL;
		return ret;
	}
	ch->ops = rs->ops;
	ch->ping_id = rs->ping_id;
	/* every host probed at once shares one pace, the link's */
	pace_link(w->ifname);
	return 0;
}

static void close_chan(void *ctx, struct chan *ch)
{
	(void)ctx;
	rawsock_close(ch->ctx);
	free(ch->ctx);
	ch->ctx = NULL;
}

const struct measure_sys sys_host = {
	.resolve = resolve,
	.route = route,
	.tunnel = tunnel,
	.open = open_chan,
	.close = close_chan,
	.random = get_random,
};
