// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Route lookup messages: rtnetlink requests built into, and answers parsed
 * from, caller buffers. No sockets here; netlink.c does the I/O.
 *
 * The answers come from outside and the buffer may be unaligned, so every
 * header and attribute is bounds-checked first and then copied out with
 * memcpy, never read through a cast pointer.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "route.h"

/* linux/err.h MAX_ERRNO: an NLMSG_ERROR never carries anything larger. */
enum { KERNEL_ERRNO_MAX = 4095 };

/*
 * Writes a request made of a netlink header, a fixed family header and at
 * most one attribute (none when attr is NULL). Returns its length or
 * -ENOSPC; nothing is written past cap.
 */
static ssize_t msg_build(void *buf, size_t cap, uint16_t type, uint32_t seq,
			 const void *fixed, size_t fixed_len, uint16_t attr_type,
			 const void *attr, size_t attr_len)
{
	size_t fixed_off = NLMSG_HDRLEN;
	size_t attr_off = fixed_off + NLMSG_ALIGN(fixed_len);
	size_t total = attr_off + (attr ? NLA_ALIGN(NLA_HDRLEN + attr_len) : 0);
	unsigned char *p = buf;
	struct nlmsghdr nlh;

	if (cap < total)
		return -ENOSPC;
	memset(p, 0, total);

	memset(&nlh, 0, sizeof(nlh));
	nlh.nlmsg_len = total;
	nlh.nlmsg_type = type;
	nlh.nlmsg_flags = NLM_F_REQUEST;
	nlh.nlmsg_seq = seq;
	memcpy(p, &nlh, sizeof(nlh));
	memcpy(p + fixed_off, fixed, fixed_len);
	if (attr) {
		struct nlattr nla = {
			.nla_len = NLA_HDRLEN + attr_len,
			.nla_type = attr_type,
		};

		memcpy(p + attr_off, &nla, sizeof(nla));
		memcpy(p + attr_off + NLA_HDRLEN, attr, attr_len);
	}
	return total;
}

ssize_t route_build_get(void *buf, size_t cap, const struct addr *dst,
			uint32_t seq)
{
	size_t alen = addr_len(dst->family);
	struct rtmsg rtm;

	if (!alen)
		return -EAFNOSUPPORT;
	/*
	 * A plain request with no RTM_F_LOOKUP_TABLE or RTM_F_FIB_MATCH, as
	 * `ip route get` sends: the kernel answers with the route output
	 * would use, source address selection included.
	 */
	memset(&rtm, 0, sizeof(rtm));
	rtm.rtm_family = dst->family;
	rtm.rtm_dst_len = alen * 8;
	return msg_build(buf, cap, RTM_GETROUTE, seq, &rtm, sizeof(rtm),
			 RTA_DST, &dst->v6, alen);
}

ssize_t link_build_get(void *buf, size_t cap, int ifindex, uint32_t seq)
{
	struct ifinfomsg ifi;

	if (ifindex <= 0)
		return -EINVAL;
	memset(&ifi, 0, sizeof(ifi));
	ifi.ifi_family = AF_UNSPEC;
	ifi.ifi_index = ifindex;
	return msg_build(buf, cap, RTM_GETLINK, seq, &ifi, sizeof(ifi), 0,
			 NULL, 0);
}

/*
 * Checks the first message in buf: its length against len, and either the
 * errno of an NLMSG_ERROR or that it is of the wanted type with room for its
 * fixed header. Returns 0 with *nlh filled, the NLMSG_ERROR's errno, or
 * -EPROTO.
 */
static int msg_check(const void *buf, size_t len, uint16_t want_type,
		     size_t fixed_len, struct nlmsghdr *nlh)
{
	struct nlmsgerr err;

	if (len < sizeof(*nlh))
		return -EPROTO;
	memcpy(nlh, buf, sizeof(*nlh));
	if (nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_len > len)
		return -EPROTO;

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(err))
			return -EPROTO;
		memcpy(&err, (const unsigned char *)buf + NLMSG_HDRLEN,
		       sizeof(err));
		/* 0 is an ACK, and we never ask for one (no NLM_F_ACK). */
		if (err.error >= 0 || err.error < -KERNEL_ERRNO_MAX)
			return -EPROTO;
		return err.error;
	}

	if (nlh->nlmsg_type != want_type ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + NLMSG_ALIGN(fixed_len))
		return -EPROTO;
	return 0;
}

/*
 * Calls fn for each attribute in [p, p + len), stopping at its first error.
 * Unlike mnl_attr_parse(), which ends quietly at the first attribute that
 * does not fit, an attribute whose length runs past the end, or bytes left
 * over that cannot hold an attribute header, is -EPROTO: a truncated answer
 * must not pass for a complete one that lacks optional attributes.
 */
static int attr_walk(const unsigned char *p, size_t len,
		     int (*fn)(uint16_t type, const unsigned char *data,
			       size_t dlen, void *ctx),
		     void *ctx)
{
	while (len > 0) {
		struct nlattr nla;
		size_t step;
		int ret;

		if (len < sizeof(nla))
			return -EPROTO;
		memcpy(&nla, p, sizeof(nla));
		if (nla.nla_len < NLA_HDRLEN || nla.nla_len > len)
			return -EPROTO;
		ret = fn(nla.nla_type & NLA_TYPE_MASK, p + NLA_HDRLEN,
			 nla.nla_len - NLA_HDRLEN, ctx);
		if (ret < 0)
			return ret;
		/* The padding after the last attribute may be left out. */
		step = NLA_ALIGN(nla.nla_len);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return 0;
}

/* Reads a u32 attribute, whose payload must be exactly 4 bytes. */
static int attr_u32(const unsigned char *data, size_t len, uint32_t *v)
{
	if (len != sizeof(*v))
		return -EPROTO;
	memcpy(v, data, sizeof(*v));
	return 0;
}

/* Reads an address of family; the payload must be exactly its size. */
static int attr_addr(int family, const unsigned char *data, size_t len,
		     struct addr *a)
{
	size_t alen = addr_len(family);

	if (!alen || len != alen)
		return -EPROTO;
	memset(a, 0, sizeof(*a));
	a->family = family;
	memcpy(&a->v6, data, alen);
	return 0;
}

struct route_attrs {
	int family;
	uint32_t oif;
	struct addr src;
	struct addr gateway;
};

static int route_attr(uint16_t type, const unsigned char *data, size_t len,
		      void *ctx)
{
	struct route_attrs *ra = ctx;
	uint16_t via_family;

	switch (type) {
	case RTA_OIF:
		return attr_u32(data, len, &ra->oif);
	case RTA_PREFSRC:
		return attr_addr(ra->family, data, len, &ra->src);
	case RTA_GATEWAY:
		return attr_addr(ra->family, data, len, &ra->gateway);
	case RTA_VIA:
		/*
		 * struct rtvia: a gateway of the other family, as for an IPv4
		 * route through an IPv6 next hop.
		 */
		if (len < sizeof(via_family))
			return -EPROTO;
		memcpy(&via_family, data, sizeof(via_family));
		return attr_addr(via_family, data + sizeof(via_family),
				 len - sizeof(via_family), &ra->gateway);
	default:
		/*
		 * RTA_METRICS among others: for IPv4 it can hold a cached PMTU
		 * exception, but the link MTU is our upper bound, not the
		 * cache.
		 */
		return 0;
	}
}

/* Maps the type of a route the kernel answered with to our result. */
static int route_type_result(unsigned char type)
{
	switch (type) {
	case RTN_UNICAST:
	case RTN_LOCAL:
		return 0;
	/*
	 * Linux (6.18 at least) answers a lookup that hits one of these
	 * with an NLMSG_ERROR instead; should a kernel answer with the route
	 * itself (its output device is lo), it must still not pass for a
	 * usable path.
	 */
	case RTN_UNREACHABLE:
	case RTN_BLACKHOLE:
	case RTN_THROW:
		return -ENETUNREACH;
	case RTN_PROHIBIT:
		return -EACCES;
	/* A path MTU is only defined towards a unicast destination. */
	case RTN_BROADCAST:
	case RTN_MULTICAST:
	case RTN_ANYCAST:
		return -EINVAL;
	default:
		return -EPROTO;
	}
}

int route_parse(const void *buf, size_t len, struct route_info *out)
{
	const unsigned char *p = buf;
	struct route_attrs ra;
	struct nlmsghdr nlh;
	struct rtmsg rtm;
	size_t off;
	int ret;

	ret = msg_check(buf, len, RTM_NEWROUTE, sizeof(rtm), &nlh);
	if (ret)
		return ret;
	memcpy(&rtm, p + NLMSG_HDRLEN, sizeof(rtm));
	if (rtm.rtm_family != AF_INET && rtm.rtm_family != AF_INET6)
		return -EPROTO;

	memset(&ra, 0, sizeof(ra));
	ra.family = rtm.rtm_family;
	off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(rtm));
	ret = attr_walk(p + off, nlh.nlmsg_len - off, route_attr, &ra);
	if (ret)
		return ret;

	ret = route_type_result(rtm.rtm_type);
	if (ret)
		return ret;
	/* Absent, it stays 0, which is no interface either. */
	if (ra.oif == 0 || ra.oif > INT_MAX)
		return -EPROTO;

	out->oif = ra.oif;
	out->src = ra.src;
	out->gateway = ra.gateway;
	return 0;
}

struct link_attrs {
	bool have_mtu;
	uint32_t mtu;
	const unsigned char *name;
	size_t name_len;
};

static int link_attr(uint16_t type, const unsigned char *data, size_t len,
		     void *ctx)
{
	struct link_attrs *la = ctx;

	switch (type) {
	case IFLA_MTU:
		la->have_mtu = true;
		return attr_u32(data, len, &la->mtu);
	case IFLA_IFNAME:
		la->name = data;
		la->name_len = len;
		return 0;
	default:
		return 0;
	}
}

int link_parse(const void *buf, size_t len, struct route_info *out)
{
	const unsigned char *p = buf;
	struct link_attrs la;
	struct ifinfomsg ifi;
	struct nlmsghdr nlh;
	size_t off, name_len;
	int ret;

	ret = msg_check(buf, len, RTM_NEWLINK, sizeof(ifi), &nlh);
	if (ret)
		return ret;
	memcpy(&ifi, p + NLMSG_HDRLEN, sizeof(ifi));
	if (ifi.ifi_index != out->oif)
		return -EPROTO;

	memset(&la, 0, sizeof(la));
	off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(ifi));
	ret = attr_walk(p + off, nlh.nlmsg_len - off, link_attr, &la);
	if (ret)
		return ret;
	if (!la.have_mtu || !la.name)
		return -EPROTO;

	/* The NUL must be inside the attribute, not in its padding. */
	name_len = strnlen((const char *)la.name, la.name_len);
	if (name_len == la.name_len || name_len == 0 ||
	    name_len >= sizeof(out->ifname))
		return -EPROTO;

	out->mtu = la.mtu;
	memset(out->ifname, 0, sizeof(out->ifname));
	memcpy(out->ifname, la.name, name_len);
	return 0;
}
