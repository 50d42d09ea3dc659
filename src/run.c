// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "rtt.h"
#include "run.h"

enum {
	MAX_PROBES = 1024,
	RECV_BUF = IP_MAX_PACKET + IP6_HDR_LEN,
	MAX_ROUNDS = 40,
	NO_ANSWER_ROUNDS = 3,
	CONFIRM_ROUNDS = 2,
};

struct probe {
	unsigned int size;
	uint64_t sent;
	unsigned int round;
	bool heard;
};

struct run {
	const struct net_ops *ops;
	void *ctx;
	const struct run_config *cfg;
	struct run_result *res;
	struct search search;
	struct rtt rtt;
	struct probe probes[MAX_PROBES];
	unsigned int nprobes;
	unsigned int outstanding;	/* of the current round */
	uint8_t buf[RECV_BUF];
	uint8_t msg[RECV_BUF];
};

static struct probe *find_probe(struct run *r, uint16_t id, uint16_t seq,
				const struct pkt_info *pi)
{
	const struct echo_id *e = &r->cfg->echo;
	unsigned int i = (uint16_t)(seq - e->seq);

	if (id != e->id || i >= r->nprobes)
		return NULL;
	/* A quote may be cut before the cookie; a reply never is. */
	if (pi->has_cookie ? memcmp(pi->cookie, e->cookie, PROBE_COOKIE_LEN) :
	    pi->kind == PKT_ECHO_REPLY)
		return NULL;
	if (pi->size && pi->size != r->probes[i].size)
		return NULL;
	return &r->probes[i];
}

/* The probe an ICMP error is about, if it quotes one of ours (RFC 8899
 * 4.6.1, RFC 5927): addresses, protocol, id, sequence, cookie, length. */
static struct probe *quoted_probe(struct run *r, const struct pkt_info *pi)
{
	const struct run_config *c = r->cfg;
	int proto = c->dst.family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;

	if (!pi->quoted_echo || pi->qproto != proto ||
	    !addr_eq(&pi->qdst, &c->dst) ||
	    (c->src.family && !addr_eq(&pi->qsrc, &c->src)))
		return NULL;
	return find_probe(r, pi->id, pi->seq, pi);
}

static void heard(struct run *r, struct probe *p)
{
	if (p->heard)
		return;
	p->heard = true;
	if (p->round == r->search.rounds && r->outstanding)
		r->outstanding--;
}

static void handle(struct run *r, const struct pkt_info *pi, uint64_t now)
{
	struct run_result *res = r->res;
	struct probe *p;

	switch (pi->kind) {
	case PKT_ECHO_REPLY:
		if (!addr_eq(&pi->from, &r->cfg->dst))
			return;
		p = find_probe(r, pi->id, pi->seq, pi);
		if (!p || p->heard)
			return;
		res->replies++;
		rtt_sample(&r->rtt, now - p->sent);
		search_note(&r->search, p->size, SEARCH_REPLY, 0);
		heard(r, p);
		return;
	case PKT_TOO_BIG:
		p = quoted_probe(r, pi);
		if (!p) {
			res->ptb_not_ours++;
			return;
		}
		res->ptbs++;
		if (search_note(&r->search, p->size, SEARCH_TOO_BIG, pi->mtu)) {
			res->ptb_from = pi->from;
			res->ptb_mtu = pi->mtu;
		}
		heard(r, p);
		return;
	case PKT_UNREACH:
	case PKT_TIME_EXCEEDED:
		p = quoted_probe(r, pi);
		if (!p)
			return;
		res->unreach_from = pi->from;
		res->unreach_type = pi->type;
		res->unreach_code = pi->code;
		search_note(&r->search, p->size, SEARCH_UNREACH, 0);
		heard(r, p);
		return;
	case PKT_OTHER:
		return;
	}
}

static int send_round(struct run *r, const unsigned int *sizes, size_t n)
{
	const struct run_config *c = r->cfg;
	int family = c->dst.family;

	r->outstanding = 0;
	for (size_t i = 0; i < n; i++) {
		struct echo_id e = c->echo;
		struct probe *p;
		ssize_t len;
		int ret;

		if (r->nprobes >= MAX_PROBES)
			return -ENOBUFS;
		e.seq = (uint16_t)(c->echo.seq + r->nprobes);
		len = pkt_build_echo(family, r->msg, sizeof(r->msg), sizes[i], &e);
		if (len < 0)
			return (int)len;
		p = &r->probes[r->nprobes++];
		p->size = sizes[i];
		p->round = r->search.rounds;
		p->sent = r->ops->now(r->ctx);
		ret = r->ops->send(r->ctx, r->msg, (size_t)len);
		r->res->probes++;
		if (ret == -EMSGSIZE) {
			p->heard = true;
			search_note(&r->search, p->size, SEARCH_LOCAL_TOO_BIG, 0);
			continue;
		}
		if (ret < 0)
			return ret;
		r->outstanding++;
	}
	return 0;
}

/* Collects answers until every probe of the round is accounted for or the
 * wait is over. The wait is measured from when the round went out, and
 * shrinks as soon as the first answers tell the round-trip time. */
static int collect(struct run *r, uint64_t start)
{
	const struct run_config *c = r->cfg;
	int family = c->dst.family;
	uint64_t deadline = start + rtt_wait(&r->rtt, c->wait_floor,
					     c->wait_ceiling);

	while (r->outstanding) {
		struct pkt_info pi;
		struct addr from;
		uint64_t wait;
		ssize_t len;
		int ret;

		len = r->ops->recv(r->ctx, r->buf, sizeof(r->buf), &from,
				   deadline);
		if (len < 0)
			return (int)len;
		if (len == 0)
			return 0;
		if (family == AF_INET6) {
			ret = pkt_parse_icmp6(r->buf, (size_t)len, &pi);
			pi.from = from;
		} else {
			ret = pkt_parse_icmp4(r->buf, (size_t)len, &pi);
		}
		if (ret)
			continue;
		handle(r, &pi, r->ops->now(r->ctx));
		wait = rtt_wait(&r->rtt, c->wait_floor, c->wait_ceiling);
		if (start + wait < deadline)
			deadline = start + wait;
	}
	return 0;
}

static int run_rounds(struct run *r)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	enum search_state state = SEARCH_RUNNING;
	int ret;

	while (state == SEARCH_RUNNING) {
		size_t n = search_plan(&r->search, sizes, SEARCH_MAX_PER_ROUND);
		uint64_t start = r->ops->now(r->ctx);

		ret = send_round(r, sizes, n);
		if (ret < 0)
			return ret;
		ret = collect(r, start);
		if (ret < 0)
			return ret;
		state = search_end_round(&r->search);
	}
	return 0;
}

int run_probe(const struct net_ops *ops, void *ctx,
	      const struct run_config *cfg, struct run_result *res)
{
	struct search_params sp = {
		.proto_min = pkt_min_mtu(cfg->dst.family),
		.min = cfg->min,
		.max = cfg->max,
		.per_round = cfg->per_round,
		.confirm = CONFIRM_ROUNDS,
		.no_answer_rounds = NO_ANSWER_ROUNDS,
		.max_rounds = MAX_ROUNDS,
	};
	struct run *r;
	uint64_t start;
	int ret;

	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	memset(res, 0, sizeof(*res));
	r->ops = ops;
	r->ctx = ctx;
	r->cfg = cfg;
	r->res = res;
	search_init(&r->search, &sp);

	start = ops->now(ctx);
	ret = run_rounds(r);
	res->elapsed = ops->now(ctx) - start;
	res->state = r->search.state;
	res->path_mtu = search_path_mtu(&r->search);
	res->evidence = r->search.why;
	res->too_big = r->search.hi <= cfg->max ? r->search.hi : 0;
	res->rounds = r->search.rounds;
	res->ptb_no_mtu = r->search.ptb_no_mtu;
	res->ptb_below_min = r->search.ptb_below_min;
	res->ptb_contradicting = r->search.ptb_contradicting;
	if (res->evidence != EVIDENCE_PTB) {
		memset(&res->ptb_from, 0, sizeof(res->ptb_from));
		res->ptb_mtu = 0;
	}
	free(r);
	return ret;
}

unsigned int run_ptbs_ignored(const struct run_result *res)
{
	return res->ptb_not_ours + res->ptb_below_min + res->ptb_contradicting;
}
