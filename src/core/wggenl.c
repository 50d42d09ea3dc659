// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <net/if.h>
#include <linux/wireguard.h>

#include "nlmsg.h"
#include "wggenl.h"

enum { REQ_MAX = 256, MSG_MAX = 8192 };

/* A message copied out of the datagram, aligned for libmnl. */
union msg_copy {
	struct nlmsghdr nlh;
	unsigned char bytes[MSG_MAX];
};

union req_buf {
	struct nlmsghdr nlh;
	unsigned char bytes[REQ_MAX];
};

static struct nlmsghdr *start(union req_buf *req, uint16_t type,
			      uint16_t flags, uint8_t cmd, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req->bytes);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	return nlh;
}

static ssize_t copy_out(const struct nlmsghdr *nlh, void *buf, size_t cap)
{
	if (cap < nlh->nlmsg_len)
		return -ENOSPC;
	memcpy(buf, nlh, nlh->nlmsg_len);
	return nlh->nlmsg_len;
}

ssize_t wggenl_build_family(void *buf, size_t cap, uint32_t seq)
{
	union req_buf req;
	struct nlmsghdr *nlh = start(&req, GENL_ID_CTRL, 0,
				     CTRL_CMD_GETFAMILY, seq);

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, WG_GENL_NAME);
	return copy_out(nlh, buf, cap);
}

ssize_t wggenl_build_get(void *buf, size_t cap, uint16_t family,
			 const char *ifname, uint32_t seq)
{
	union req_buf req;
	struct nlmsghdr *nlh;

	if (!ifname[0] || strlen(ifname) >= IFNAMSIZ)
		return -EINVAL;
	nlh = start(&req, family, NLM_F_DUMP, WG_CMD_GET_DEVICE, seq);
	mnl_attr_put_strz(nlh, WGDEVICE_A_IFNAME, ifname);
	return copy_out(nlh, buf, cap);
}

/* The message at buf, whole and aligned into *copy, with room for a
 * genlmsghdr; or an NLMSG_ERROR's code, or -EPROTO. */
static int message(const void *buf, size_t len, union msg_copy *copy,
		   const struct nlmsghdr **nlh)
{
	struct nlmsghdr h;

	if (nlmsg_head(buf, len, &h))
		return -EPROTO;
	if (h.nlmsg_type == NLMSG_ERROR) {
		int code = nlmsg_error_code(buf, len);

		return code ? code : -EPROTO;
	}
	if (h.nlmsg_len > sizeof(copy->bytes))
		return -EPROTO;
	memcpy(copy->bytes, buf, h.nlmsg_len);
	*nlh = &copy->nlh;
	if (h.nlmsg_type == NLMSG_DONE)
		return 0;
	return mnl_nlmsg_get_payload_len(*nlh) < sizeof(struct genlmsghdr) ?
	       -EPROTO : 0;
}

static int family_attr(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) != CTRL_ATTR_FAMILY_ID)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
		return MNL_CB_ERROR;
	*(uint16_t *)data = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

int wggenl_parse_family(const void *buf, size_t len, uint16_t *id)
{
	union msg_copy copy;
	const struct nlmsghdr *nlh;
	uint16_t v = 0;
	int ret = message(buf, len, &copy, &nlh);

	if (ret)
		return ret;
	if (nlh->nlmsg_type != GENL_ID_CTRL ||
	    mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr, &v) <
	    0 || !v)
		return -EPROTO;
	*id = v;
	return 0;
}

/* WGPEER_A_ENDPOINT: a sockaddr_in or sockaddr_in6. */
static int peer_attr(const struct nlattr *attr, void *data)
{
	struct wg_dev *dev = data;
	struct sockaddr_storage ss;
	size_t n = mnl_attr_get_payload_len(attr);
	struct addr *a;

	if (mnl_attr_get_type(attr) != WGPEER_A_ENDPOINT)
		return MNL_CB_OK;
	if (n < sizeof(struct sockaddr) || n > sizeof(ss))
		return MNL_CB_ERROR;
	memset(&ss, 0, sizeof(ss));
	memcpy(&ss, mnl_attr_get_payload(attr), n);
	if ((ss.ss_family == AF_INET && n < sizeof(struct sockaddr_in)) ||
	    (ss.ss_family == AF_INET6 && n < sizeof(struct sockaddr_in6)))
		return MNL_CB_ERROR;
	if (dev->nendpoints >= WG_MAX_ENDPOINTS)
		return MNL_CB_OK;
	a = &dev->endpoints[dev->nendpoints];
	if (addr_from_sockaddr((const struct sockaddr *)&ss, a))
		return MNL_CB_ERROR;
	dev->nendpoints++;
	return MNL_CB_OK;
}

static int peers_attr(const struct nlattr *attr, void *data)
{
	if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
		return MNL_CB_ERROR;
	return mnl_attr_parse_nested(attr, peer_attr, data) < 0 ?
	       MNL_CB_ERROR : MNL_CB_OK;
}

static int device_attr(const struct nlattr *attr, void *data)
{
	struct wg_dev *dev = data;

	switch (mnl_attr_get_type(attr)) {
	case WGDEVICE_A_FWMARK:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		dev->fwmark = mnl_attr_get_u32(attr);
		return MNL_CB_OK;
	case WGDEVICE_A_PEERS:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			return MNL_CB_ERROR;
		return mnl_attr_parse_nested(attr, peers_attr, dev) < 0 ?
		       MNL_CB_ERROR : MNL_CB_OK;
	default:
		return MNL_CB_OK;
	}
}

int wggenl_parse_device(const void *buf, size_t len, struct wg_dev *dev)
{
	const unsigned char *p = buf;

	if (nlmsg_frames(buf, len))
		return -EPROTO;
	while (len) {
		union msg_copy copy;
		const struct nlmsghdr *nlh;
		int ret = message(p, len, &copy, &nlh);
		size_t step;

		if (ret)
			return ret;
		if (nlh->nlmsg_type == NLMSG_DONE)
			return 1;
		if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), device_attr,
				   dev) < 0)
			return -EPROTO;
		step = NLMSG_ALIGN(nlh->nlmsg_len);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return 0;
}
