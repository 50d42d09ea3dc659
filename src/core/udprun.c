// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <netinet/icmp6.h>

#include "pkt.h"
#include "search.h"
#include "udprun.h"

enum { UDP_HDR_LEN = 8 };

struct udp {
	const struct net_ops *ops;
	void *ctx;
	const struct run_config *cfg;
	struct run_result *res;
	unsigned int lo;	/* largest size arrived; 0: none yet */
	unsigned int hi;	/* smallest known too big; max + 1 */
	uint16_t port;		/* of the datagram out */
	uint8_t buf[IP_MAX_PACKET];
};

/* Sends a datagram making an IP packet of size bytes, to the next port:
 * the UDP header (the socket fills in the source port and checksum),
 * then the cookie, then zeros. */
static int send_one(struct udp *u, unsigned int size)
{
	size_t ip = pkt_ip_hdr_len(u->cfg->dst.family);
	size_t len = size - ip;

	memset(u->buf, 0, len);
	u->port = (uint16_t)(UDP_BASE_PORT + u->res->probes);
	u->buf[2] = (uint8_t)(u->port >> 8);
	u->buf[3] = (uint8_t)u->port;
	u->buf[4] = (uint8_t)(len >> 8);
	u->buf[5] = (uint8_t)len;
	memcpy(u->buf + UDP_HDR_LEN, u->cfg->echo.cookie,
	       len - UDP_HDR_LEN < PROBE_COOKIE_LEN ? len - UDP_HDR_LEN :
	       PROBE_COOKIE_LEN);
	u->res->probes++;
	u->res->rounds++;
	return u->ops->send(u->ctx, IPPROTO_UDP, u->buf, len, 0);
}

/* An error about the datagram out: to our destination and port, with
 * our cookie where the quote reaches it. */
static bool ours(const struct udp *u, const struct pkt_info *pi)
{
	return pi->quoted_udp && pi->udp_dport == u->port &&
	       addr_eq(&pi->qdst, &u->cfg->dst) &&
	       (!pi->has_cookie ||
		!memcmp(pi->cookie, u->cfg->echo.cookie, PROBE_COOKIE_LEN));
}

static bool port_unreachable(int family, const struct pkt_info *pi)
{
	return family == AF_INET6 ?
	       pi->type == ICMP6_DST_UNREACH && pi->code == ICMP6_DST_UNREACH_NOPORT :
	       pi->type == ICMP_DEST_UNREACH && pi->code == ICMP_PORT_UNREACH;
}

enum outcome { SILENT, ARRIVED, TOO_BIG, UNREACHABLE };

/* Waits for what becomes of the datagram out. */
static int wait_one(struct udp *u, unsigned int size, enum outcome *out)
{
	const struct run_config *c = u->cfg;
	struct run_result *res = u->res;
	uint64_t deadline = u->ops->now(u->ctx) + c->wait_ceiling;
	struct pkt_info pi;
	int ret;

	*out = SILENT;
	while ((ret = u->ops->recv_info(u->ctx, &pi, deadline)) > 0) {
		if (!ours(u, &pi)) {
			if (pi.kind == PKT_TOO_BIG && pi.quoted_udp &&
			    addr_eq(&pi.qdst, &c->dst))
				res->ptb_not_ours++;
			continue;
		}
		if (pi.kind == PKT_TOO_BIG) {
			/* judged as the ICMP and TCP searches judge them */
			res->ptbs++;
			switch (search_judge_ptb(pkt_min_mtu(c->dst.family),
						 u->lo != 0, u->lo, size,
						 pi.mtu)) {
			case PTB_BELOW_MIN:
				res->ptb_below_min++;
				continue;
			case PTB_CONTRADICTING:
				res->ptb_contradicting++;
				continue;
			case PTB_NO_MTU:
				res->ptb_no_mtu++;
				break;
			case PTB_LOWER_THAN_ANSWERED:
				res->ptb_contradicting++;
				break;
			case PTB_MTU:
				res->ptb_from = pi.from;
				res->ptb_mtu = pi.mtu;
				break;
			}
			*out = TOO_BIG;
			return 0;
		}
		if (pi.kind == PKT_UNREACH) {
			if (addr_eq(&pi.from, &c->dst) &&
			    port_unreachable(c->dst.family, &pi)) {
				res->replies++;
				*out = ARRIVED;
			} else {
				res->unreach_from = pi.from;
				res->unreach_type = pi.type;
				res->unreach_code = pi.code;
				*out = UNREACHABLE;
			}
			return 0;
		}
	}
	return ret;
}

/* The size to try next, once hi went down or lo went up; 0 when lo and hi
 * meet. */
static unsigned int next_size(const struct udp *u, unsigned int ptb_mtu)
{
	unsigned int c;

	if (u->lo + 1 >= u->hi)
		return 0;
	/* a router's word first */
	if (ptb_mtu > u->lo && ptb_mtu < u->hi)
		return ptb_mtu;
	if (u->lo)
		return u->lo + (u->hi - u->lo) / 2;
	c = search_common_below(u->hi);
	return c >= u->cfg->min ? c : u->cfg->min;
}

int udp_run(const struct net_ops *ops, void *ctx, const struct run_config *cfg,
	    struct run_result *res)
{
	struct udp *u = calloc(1, sizeof(*u));
	uint64_t start = ops->now(ctx);
	unsigned int size = cfg->max, tries = 0;
	enum search_evidence why = EVIDENCE_MAX;
	int ret = 0;

	memset(res, 0, sizeof(*res));
	if (!u)
		return -ENOMEM;
	res->server_ttl = -1;
	u->ops = ops;
	u->ctx = ctx;
	u->cfg = cfg;
	u->res = res;
	u->hi = cfg->max + 1;
	res->state = SEARCH_RUNNING;
	while (res->state == SEARCH_RUNNING) {
		enum outcome out;

		if (size < cfg->min || size < pkt_ip_hdr_len(cfg->dst.family) +
					       UDP_HDR_LEN) {
			res->state = SEARCH_BELOW_MIN;
			break;
		}
		ret = send_one(u, size);
		if (ret == -EMSGSIZE) {
			/* the interface itself cannot send it */
			u->hi = size;
			why = EVIDENCE_LOCAL;
			out = TOO_BIG;
		} else if (ret < 0) {
			break;
		} else {
			ret = wait_one(u, size, &out);
			if (ret < 0)
				break;
		}
		switch (out) {
		case SILENT:
			if (++tries < UDP_TRIES)
				continue;
			res->state = u->lo ? SEARCH_INCOMPLETE : SEARCH_NO_ANSWER;
			continue;
		case UNREACHABLE:
			res->state = SEARCH_UNREACHABLE;
			continue;
		case TOO_BIG:
			if (ret != -EMSGSIZE) {
				u->hi = size;
				why = EVIDENCE_PTB;
			}
			break;
		case ARRIVED:
			u->lo = size;
			break;
		}
		tries = 0;
		ret = 0;
		size = next_size(u, out == TOO_BIG ? res->ptb_mtu : 0);
		if (!size)
			res->state = SEARCH_DONE;
	}
	res->path_mtu = u->lo;
	res->evidence = res->state == SEARCH_DONE ? why : EVIDENCE_NONE;
	res->too_big = u->hi <= cfg->max ? u->hi : 0;
	res->elapsed = ops->now(ctx) - start;
	free(u);
	return ret < 0 ? ret : 0;
}
