// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Route lookup messages: rtnetlink requests built into, and answers parsed
 * from, caller buffers with libmnl. No sockets here; rtnl.c does the I/O.
 *
 * libmnl reads and writes headers through struct pointers, and the caller's
 * buffer may be unaligned: requests are built in aligned scratch memory and
 * copied out, and an unaligned answer is copied in before libmnl sees it.
 * Where libmnl checks less than route.h promises, the stricter check stands
 * beside it, with the reason.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "nlmsg.h"
#include "route.h"

enum {
	/* The longest request: an IPv6 route with RTA_DST and RTA_SRC,
	 * RTA_MARK and RTA_OIF (84 bytes). */
	REQ_MAX = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct rtmsg)) +
		  2 * (MNL_ATTR_HDRLEN + sizeof(struct in6_addr)) +
		  2 * (MNL_ATTR_HDRLEN + sizeof(uint32_t)),
	/*
	 * Aligned room for an answer that is not: more than any route or
	 * link answer (a link answer, the longer, is about 1.5 KiB).
	 */
	ANSWER_COPY_MAX = 8192,
};

union req_buf {
	struct nlmsghdr nlh;
	unsigned char bytes[REQ_MAX];
};

union answer_buf {
	struct nlmsghdr nlh;
	unsigned char bytes[ANSWER_COPY_MAX];
};

/* No NLM_F_ACK: the kernel sends an answer or an error, never both. */
static struct nlmsghdr *req_start(union req_buf *req, uint16_t type,
				  uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req->bytes);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	return nlh;
}

/* Copies the request to buf: its length, or -ENOSPC with nothing written. */
static ssize_t req_copy(const struct nlmsghdr *nlh, void *buf, size_t cap)
{
	if (cap < nlh->nlmsg_len)
		return -ENOSPC;
	memcpy(buf, nlh, nlh->nlmsg_len);
	return nlh->nlmsg_len;
}

ssize_t route_build_get(void *buf, size_t cap, const struct addr *dst,
			uint32_t seq)
{
	return route_build_query(buf, cap, dst, NULL, seq);
}

ssize_t route_build_query(void *buf, size_t cap, const struct addr *dst,
			  const struct route_query *q, uint32_t seq)
{
	size_t alen = addr_len(dst->family);
	struct nlmsghdr *nlh;
	union req_buf req;
	struct rtmsg *rtm;

	if (!alen || (q && q->src.family && q->src.family != dst->family))
		return -EAFNOSUPPORT;
	nlh = req_start(&req, RTM_GETROUTE, seq);
	/*
	 * A plain request with no RTM_F_LOOKUP_TABLE or RTM_F_FIB_MATCH, as
	 * `ip route get` sends: the kernel answers with the route output
	 * would use, source address selection included.
	 */
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = dst->family;
	rtm->rtm_dst_len = alen * 8;
	mnl_attr_put(nlh, RTA_DST, alen, &dst->v6);
	if (q && q->mark)
		mnl_attr_put_u32(nlh, RTA_MARK, q->mark);
	/* a link-local destination is on its own link, unless the lookup
	 * asks another (which the caller then refuses) */
	if (q && q->oif > 0)
		mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)q->oif);
	else if (dst->scope)
		mnl_attr_put_u32(nlh, RTA_OIF, dst->scope);
	if (q && q->src.family) {
		rtm->rtm_src_len = alen * 8;
		mnl_attr_put(nlh, RTA_SRC, alen, &q->src.v6);
	}
	return req_copy(nlh, buf, cap);
}

ssize_t link_build_get(void *buf, size_t cap, int ifindex, uint32_t seq)
{
	struct ifinfomsg *ifi;
	struct nlmsghdr *nlh;
	union req_buf req;

	if (ifindex <= 0)
		return -EINVAL;
	nlh = req_start(&req, RTM_GETLINK, seq);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return req_copy(nlh, buf, cap);
}

/*
 * Checks the first message in buf: that it is whole, and either the errno
 * of an NLMSG_ERROR or of the wanted type with room for its fixed header.
 * Returns 0 with *nlh at the message, in buf or, when buf is not aligned,
 * in copy; the NLMSG_ERROR's errno; or -EPROTO.
 */
static int answer_check(const void *buf, size_t len, uint16_t want_type,
			size_t fixed_len, union answer_buf *copy,
			const struct nlmsghdr **nlh)
{
	struct nlmsghdr head;
	int ret;

	ret = nlmsg_head(buf, len, &head);
	if (ret)
		return ret;
	if (head.nlmsg_type == NLMSG_ERROR) {
		ret = nlmsg_error_code(buf, head.nlmsg_len);
		/* 0 is an ACK, and we never ask for one. */
		return ret ? ret : -EPROTO;
	}
	if (head.nlmsg_type != want_type ||
	    head.nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(fixed_len))
		return -EPROTO;

	if ((uintptr_t)buf % MNL_ALIGNTO == 0) {
		*nlh = buf;
		return 0;
	}
	/* Longer than any answer, and unaligned: not the kernel's. */
	if (head.nlmsg_len > sizeof(copy->bytes))
		return -EPROTO;
	memcpy(copy->bytes, buf, head.nlmsg_len);
	*nlh = &copy->nlh;
	return 0;
}

/* The attributes after a fixed header, as attrs_parse() walks them. */
struct attr_walk {
	const unsigned char *start;
	size_t next;		/* offset of the first byte not walked yet */
	uint16_t max;		/* the highest type these headers know */
	mnl_attr_cb_t cb;
	void *data;
};

static int attr_step(const struct nlattr *attr, void *data)
{
	struct attr_walk *w = data;

	w->next = (size_t)((const unsigned char *)attr - w->start) +
		  MNL_ALIGN(mnl_attr_get_len(attr));
	/* A newer kernel's attribute: nothing we read. */
	if (mnl_attr_type_valid(attr, w->max) < 0)
		return MNL_CB_OK;
	return w->cb(attr, w->data);
}

/*
 * Calls cb for each attribute after the fixed header of nlh whose type is
 * at most max, stopping at its first error. Returns 0 or -EPROTO.
 *
 * mnl_attr_parse_payload() ends quietly at the first attribute that does
 * not fit, so the walk must also reach the end: a truncated answer must not
 * pass for a complete one that lacks optional attributes. (mnl_attr_parse()
 * would walk to nlmsg_len rounded up to 4, past the end of a message whose
 * length is not; the length here is exact.)
 */
static int attrs_parse(const struct nlmsghdr *nlh, size_t fixed_len,
		       uint16_t max, mnl_attr_cb_t cb, void *data)
{
	size_t off = MNL_NLMSG_HDRLEN + MNL_ALIGN(fixed_len);
	size_t len = nlh->nlmsg_len - off;
	struct attr_walk w = {
		.start = (const unsigned char *)nlh + off,
		.max = max,
		.cb = cb,
		.data = data,
	};

	if (mnl_attr_parse_payload(w.start, len, attr_step, &w) < 0 ||
	    w.next < len)
		return -EPROTO;
	return 0;
}

/*
 * Reads the address of family at offset off of attr's payload, where it
 * must end. mnl_attr_validate2() takes a length of 0 as any length, so a
 * family of no known size (as RTA_VIA may name) is refused first.
 */
static int attr_addr(const struct nlattr *attr, size_t off, int family,
		     struct addr *a)
{
	size_t alen = addr_len(family);

	if (!alen || mnl_attr_validate2(attr, MNL_TYPE_BINARY, off + alen) < 0)
		return MNL_CB_ERROR;
	memset(a, 0, sizeof(*a));
	a->family = family;
	memcpy(&a->v6, (const unsigned char *)mnl_attr_get_payload(attr) + off,
	       alen);
	return MNL_CB_OK;
}

struct route_attrs {
	int family;
	uint32_t oif;
	struct addr src;
	struct addr gateway;
};

static int route_attr(const struct nlattr *attr, void *data)
{
	struct route_attrs *ra = data;
	struct rtvia via;

	switch (mnl_attr_get_type(attr)) {
	case RTA_OIF:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		ra->oif = mnl_attr_get_u32(attr);
		return MNL_CB_OK;
	case RTA_PREFSRC:
		return attr_addr(attr, 0, ra->family, &ra->src);
	case RTA_GATEWAY:
		return attr_addr(attr, 0, ra->family, &ra->gateway);
	case RTA_VIA:
		/*
		 * A gateway of the other family, as for an IPv4 route
		 * through an IPv6 next hop.
		 */
		if (mnl_attr_get_payload_len(attr) < sizeof(via))
			return MNL_CB_ERROR;
		memcpy(&via, mnl_attr_get_payload(attr), sizeof(via));
		return attr_addr(attr, sizeof(via), via.rtvia_family,
				 &ra->gateway);
	default:
		/*
		 * RTA_METRICS among others: for IPv4 it can hold a cached PMTU
		 * exception, but the link MTU is our upper bound, not the
		 * cache.
		 */
		return MNL_CB_OK;
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
	const struct nlmsghdr *nlh;
	const struct rtmsg *rtm;
	struct route_attrs ra;
	union answer_buf copy;
	int ret;

	ret = answer_check(buf, len, RTM_NEWROUTE, sizeof(*rtm), &copy, &nlh);
	if (ret)
		return ret;
	rtm = mnl_nlmsg_get_payload(nlh);
	if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6)
		return -EPROTO;

	memset(&ra, 0, sizeof(ra));
	ra.family = rtm->rtm_family;
	ret = attrs_parse(nlh, sizeof(*rtm), RTA_MAX, route_attr, &ra);
	if (ret)
		return ret;

	ret = route_type_result(rtm->rtm_type);
	if (ret)
		return ret;
	/* Absent, it stays 0, which is no interface either. */
	if (ra.oif == 0 || ra.oif > INT_MAX)
		return -EPROTO;

	/* a link-local source or gateway is one on the route's link */
	addr_on_link(&ra.src, ra.oif);
	addr_on_link(&ra.gateway, ra.oif);
	out->oif = ra.oif;
	out->src = ra.src;
	out->gateway = ra.gateway;
	return 0;
}

struct link_attrs {
	bool have_mtu;
	uint32_t mtu;
	const char *name;
	size_t name_len;
	const char *kind;
	size_t kind_len;
};

/* IFLA_INFO_KIND inside IFLA_LINKINFO: what sort of link it is. */
static int linkinfo_attr(const struct nlattr *attr, void *data)
{
	struct link_attrs *la = data;

	if (mnl_attr_get_type(attr) != IFLA_INFO_KIND)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_STRING) < 0)
		return MNL_CB_ERROR;
	la->kind = mnl_attr_get_payload(attr);
	la->kind_len = mnl_attr_get_payload_len(attr);
	return MNL_CB_OK;
}

static int link_attr(const struct nlattr *attr, void *data)
{
	struct link_attrs *la = data;

	switch (mnl_attr_get_type(attr)) {
	case IFLA_MTU:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		la->have_mtu = true;
		la->mtu = mnl_attr_get_u32(attr);
		return MNL_CB_OK;
	case IFLA_IFNAME:
		/* Not empty; link_parse() looks for the NUL. */
		if (mnl_attr_validate(attr, MNL_TYPE_STRING) < 0)
			return MNL_CB_ERROR;
		la->name = mnl_attr_get_payload(attr);
		la->name_len = mnl_attr_get_payload_len(attr);
		return MNL_CB_OK;
	case IFLA_LINKINFO:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			return MNL_CB_ERROR;
		return mnl_attr_parse_nested(attr, linkinfo_attr, la) < 0 ?
		       MNL_CB_ERROR : MNL_CB_OK;
	default:
		return MNL_CB_OK;
	}
}

int link_parse(const void *buf, size_t len, struct route_info *out)
{
	const struct ifinfomsg *ifi;
	const struct nlmsghdr *nlh;
	struct link_attrs la;
	union answer_buf copy;
	size_t name_len;
	int ret;

	ret = answer_check(buf, len, RTM_NEWLINK, sizeof(*ifi), &copy, &nlh);
	if (ret)
		return ret;
	ifi = mnl_nlmsg_get_payload(nlh);
	if (ifi->ifi_index != out->oif)
		return -EPROTO;

	memset(&la, 0, sizeof(la));
	ret = attrs_parse(nlh, sizeof(*ifi), IFLA_MAX, link_attr, &la);
	if (ret)
		return ret;
	if (!la.have_mtu || !la.name)
		return -EPROTO;

	/*
	 * The NUL must be inside the attribute, not in its padding, and end
	 * a name of 1 to IF_NAMESIZE - 1 bytes. MNL_TYPE_NUL_STRING would
	 * look only at the last byte, and let an empty name through.
	 */
	name_len = strnlen(la.name, la.name_len);
	if (name_len == la.name_len || name_len == 0 ||
	    name_len >= sizeof(out->ifname))
		return -EPROTO;

	out->mtu = la.mtu;
	memset(out->ifname, 0, sizeof(out->ifname));
	memcpy(out->ifname, la.name, name_len);
	/* a kind that does not fit, or has no NUL, is no kind we know */
	memset(out->kind, 0, sizeof(out->kind));
	if (la.kind) {
		size_t kind_len = strnlen(la.kind, la.kind_len);

		if (kind_len < la.kind_len && kind_len < sizeof(out->kind))
			memcpy(out->kind, la.kind, kind_len);
	}
	return 0;
}
