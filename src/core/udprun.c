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
#include "rtt.h"
#include "search.h"
#include "udprun.h"

enum {
	/* Linux lets out a "port unreachable" a second to one peer, after
	 * a burst of 6 (icmp_ratelimit) */
	UDP_PAUSE_US = 1000000,
	UDP_PLAUSIBLE = 1280,	/* RFC 8200 5: of every IPv6 link */
};

struct udp {
	const struct net_ops *ops;
	void *ctx;
	const struct run_config *cfg;
	struct run_result *res;
	struct rtt rtt;
	uint64_t start;
	uint64_t heard;		/* when the last "port unreachable" came */
	bool waited;		/* for a host quiet from the start */
	unsigned int lo;	/* largest size arrived; 0: none yet */
	unsigned int hi;	/* smallest known too big; max + 1 */
	enum search_evidence why;	/* of hi */
	uint16_t port;		/* of the datagram out */
	uint8_t buf[IP_MAX_PACKET];
};

uint16_t udp_base(const struct run_config *cfg)
{
	return cfg->udp_port ? cfg->udp_port : UDP_BASE_PORT;
}

/* Sends a datagram making an IP packet of size bytes, to the next port
 * (pkt_build_udp: the cookie first). */
static int send_one(struct udp *u, unsigned int size)
{
	uint16_t port = (uint16_t)(udp_base(u->cfg) + u->res->probes);
	ssize_t len = pkt_build_udp(u->cfg->dst.family, u->buf,
				    sizeof(u->buf), size, port,
				    u->cfg->echo.cookie);

	/* what no IP packet can be never reaches the buffer */
	if (len < 0)
		return -EMSGSIZE;
	u->port = port;
	u->res->probes++;
	u->res->rounds++;
	return u->ops->send(u->ctx, IPPROTO_UDP, u->buf, (size_t)len, 0);
}

/* An error about the datagram out: to our destination and port, its
 * quote holding our cookie. A quote cut before the cookie cannot be told
 * from a forgery that guessed the port, and is no evidence. */
static bool ours(const struct udp *u, const struct pkt_info *pi)
{
	return pi->quoted_udp && pi->udp_dport == u->port &&
	       addr_eq(&pi->qdst, &u->cfg->dst) && pi->has_cookie &&
	       !memcmp(pi->cookie, u->cfg->echo.cookie, PROBE_COOKIE_LEN);
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
	uint64_t sent = u->ops->now(u->ctx);
	uint64_t deadline = sent + rtt_wait(&u->rtt, c->wait_floor,
					    c->wait_ceiling);
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
				u->heard = u->ops->now(u->ctx);
				rtt_sample(&u->rtt, u->heard - sent);
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

/* Lets what comes until deadline go by. Returns 0 or a negative errno. */
static int idle(struct udp *u, uint64_t deadline)
{
	struct pkt_info pi;
	int ret;

	while ((ret = u->ops->recv_info(u->ctx, &pi, deadline)) > 0)
		;
	return ret;
}

int udp_side_send(const struct net_ops *ops, void *ctx,
		  const struct run_config *cfg)
{
	struct udp *u = calloc(1, sizeof(*u));
	struct run_result res = { 0 };
	unsigned int floor = pkt_ip_hdr_len(cfg->dst.family) + UDP_HDR_LEN;
	unsigned int size = cfg->min > floor ? cfg->min : floor;
	int ret;

	if (!u)
		return -ENOMEM;
	u->ops = ops;
	u->ctx = ctx;
	u->cfg = cfg;
	u->res = &res;
	ret = send_one(u, size);
	free(u);
	return ret < 0 ? ret : (int)size;
}

bool udp_side_heard(const struct net_ops *ops, void *ctx,
		    const struct run_config *cfg)
{
	/* what came meanwhile is queued: a millisecond to read it */
	uint64_t until = ops->now(ctx) + 1000;
	struct pkt_info pi;

	while (ops->recv_info(ctx, &pi, until) > 0)
		if (udp_side_answer(cfg, &pi))
			return true;
	return false;
}

bool udp_side_answer(const struct run_config *cfg, const struct pkt_info *pi)
{
	return pi->kind == PKT_UNREACH && pi->quoted_udp &&
	       pi->udp_dport == udp_base(cfg) && pi->has_cookie &&
	       !memcmp(pi->cookie, cfg->echo.cookie, PROBE_COOKIE_LEN) &&
	       addr_eq(&pi->from, &cfg->dst) &&
	       port_unreachable(cfg->dst.family, pi);
}

/* Sends a datagram of size and waits for what becomes of it; once the
 * host is known to ration its errors, no sooner than it has one again. */
static int try_size(struct udp *u, unsigned int size, enum outcome *out)
{
	int ret = 0;

	if (u->res->policed &&
	    u->ops->now(u->ctx) < u->heard + UDP_PAUSE_US)
		ret = idle(u, u->heard + UDP_PAUSE_US);
	run_tell(u->cfg, &(struct run_progress){
		.stage = STAGE_UDP, .method = METHOD_UDP,
		.round = u->res->probes + 1,
		.lo = u->lo ? u->lo : u->cfg->min, .hi = u->hi,
		.sizes = &size, .n = 1, .rationed = u->res->policed,
	});
	if (!ret)
		ret = send_one(u, size);

	if (ret == -EMSGSIZE) {
		/* the interface itself cannot send it */
		*out = TOO_BIG;
		u->why = EVIDENCE_LOCAL;
		return 0;
	}
	if (ret < 0)
		return ret;
	ret = wait_one(u, size, out);
	if (!ret && *out == TOO_BIG)
		u->why = EVIDENCE_PTB;
	return ret;
}

/*
 * A size stayed silent UDP_TRIES times. A smaller one that arrives now
 * makes it a black hole; one that was never answered says UDP is not
 * answered at all; one that was, and is not now, says the host rations
 * its errors: pause, and ask again within the run's bound. Returns 0
 * with *next the size to try (0: the run is over, state set), or a
 * negative errno.
 */
static int after_silence(struct udp *u, unsigned int size, unsigned int *next)
{
	const struct run_config *c = u->cfg;
	unsigned int floor = pkt_ip_hdr_len(c->dst.family) + UDP_HDR_LEN;
	unsigned int ctl = u->lo ? u->lo : c->min > floor ? c->min : floor;
	uint64_t now;
	enum outcome out = SILENT;
	int ret = 0;

	*next = 0;
	/* nothing arrived yet: the smallest plausible MTU first, which
	 * leaves the fewest sizes to halve */
	if (!u->lo && ctl < UDP_PLAUSIBLE && UDP_PLAUSIBLE < size) {
		for (unsigned int i = 0; !ret && i < UDP_TRIES &&
					 out == SILENT; i++)
			ret = try_size(u, UDP_PLAUSIBLE, &out);
		if (out != SILENT)
			ctl = UDP_PLAUSIBLE;
	}
	for (unsigned int i = 0; !ret && out == SILENT && ctl < size &&
				 i < UDP_TRIES; i++)
		ret = try_size(u, ctl, &out);
	if (ret < 0)
		return ret;
	if (out == ARRIVED || out == TOO_BIG) {
		if (out == ARRIVED) {
			u->lo = ctl;
			u->hi = size;
			u->why = EVIDENCE_BLACK_HOLE;
		} else {
			u->hi = ctl;
		}
		*next = next_size(u, out == TOO_BIG ? u->res->ptb_mtu : 0);
		if (!*next)
			u->res->state = SEARCH_DONE;
		return 0;
	}
	if (out == UNREACHABLE) {
		u->res->state = SEARCH_UNREACHABLE;
		return 0;
	}
	now = u->ops->now(u->ctx);
	/* quiet from the start: a run a moment ago may have spent the
	 * host's errors; once, after a pause, it has one again */
	if (!u->lo && !u->waited && ctl < size &&
	    run_within_budget(c, u->start, now, UDP_PAUSE_US)) {
		u->waited = true;
		*next = size;
		return idle(u, now + UDP_PAUSE_US);
	}
	if (!u->lo || ctl >= size ||
	    !run_within_budget(c, u->start, now, UDP_PAUSE_US)) {
		u->res->state = u->lo ? SEARCH_INCOMPLETE : SEARCH_NO_ANSWER;
		return 0;
	}
	u->res->policed = true;
	*next = size;
	return idle(u, now + UDP_PAUSE_US);
}

int udp_run(const struct net_ops *ops, void *ctx, const struct run_config *cfg,
	    uint64_t rtt_us, struct run_result *res)
{
	struct udp *u = calloc(1, sizeof(*u));
	unsigned int size = cfg->max, tries = 0;
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
	u->why = EVIDENCE_MAX;
	u->start = ops->now(ctx);
	if (rtt_us)
		rtt_sample(&u->rtt, rtt_us);
	res->state = SEARCH_RUNNING;
	while (res->state == SEARCH_RUNNING) {
		enum outcome out;

		if (size < cfg->min || size < pkt_ip_hdr_len(cfg->dst.family) +
					       UDP_HDR_LEN) {
			res->state = SEARCH_BELOW_MIN;
			break;
		}
		ret = try_size(u, size, &out);
		if (ret < 0)
			break;
		if (out == SILENT && ++tries < UDP_TRIES)
			continue;
		tries = 0;
		switch (out) {
		case SILENT:
			ret = after_silence(u, size, &size);
			if (ret < 0)
				break;
			continue;
		case UNREACHABLE:
			res->state = SEARCH_UNREACHABLE;
			continue;
		case TOO_BIG:
			u->hi = size;
			break;
		case ARRIVED:
			u->lo = size;
			break;
		}
		size = next_size(u, out == TOO_BIG ? res->ptb_mtu : 0);
		if (!size)
			res->state = SEARCH_DONE;
	}
	res->path_mtu = u->lo;
	res->evidence = res->state == SEARCH_DONE ? u->why : EVIDENCE_NONE;
	res->too_big = u->hi <= cfg->max ? u->hi : 0;
	res->rtt = u->rtt.srtt;
	res->elapsed = ops->now(ctx) - u->start;
	free(u);
	return ret < 0 ? ret : 0;
}
