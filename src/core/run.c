// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/tcp.h>

#include "probe.h"
#include "rtt.h"
#include "run.h"

enum {
	MAX_ROUNDS = 60,
	NO_ANSWER_ROUNDS = 3,
	CONFIRM_ROUNDS = 2,
	MAX_COPIES = 12,
	/* A host that rations its answers: after a pause, rounds of two
	 * sizes it must answer (sent largest first, so that what a policer
	 * lets through is the size in question), paced; the whole run stays
	 * within a bound. */
	RATION_BACKOFF_US = 1000000,
	RATION_PACE_US = 700000,
	/* of each SYN of the check: a lost one costs a round for port 80,
	 * never a wrong answer */
	EDGE_COPIES = 1,
};

struct run {
	const struct run_config *cfg;
	struct run_result *res;
	struct search search;
	struct rtt rtt;
	struct prober pr;
	unsigned int first;	/* index of the current round's first probe */
	unsigned int outstanding;	/* of the current round */
	uint64_t start;
	uint64_t round_start;	/* of the last round */
	bool udp_noted;		/* cfg->udp_side is among the probes */
};

/* Keeps a limit a router reported, sorted, once per MTU. */
static void add_limit(struct run_result *res, const struct addr *from,
		      uint32_t mtu)
{
	unsigned int i;

	for (i = 0; i < res->nlimits && res->limits[i].mtu < mtu; i++)
		;
	if (i < res->nlimits && res->limits[i].mtu == mtu)
		return;
	if (res->nlimits == RUN_MAX_LIMITS) {
		if (i == res->nlimits)
			return;
		res->nlimits--;
	}
	memmove(&res->limits[i + 1], &res->limits[i],
		(res->nlimits - i) * sizeof(*res->limits));
	res->limits[i].from = *from;
	res->limits[i].mtu = mtu;
	res->nlimits++;
}

/* What became of a SYN of the check beside an echo search. */
static void note_edge(struct run_result *res, unsigned int size,
		      enum pkt_kind kind)
{
	for (size_t i = 0; i < sizeof(res->edge) / sizeof(*res->edge); i++) {
		if (res->edge[i].size != size)
			continue;
		if (kind == PKT_ECHO_REPLY || kind == PKT_TCP)
			res->edge[i].arrived = true;
		else if (kind == PKT_TOO_BIG)
			res->edge[i].too_big = true;
	}
}

/* A "too big" that named mtu answers for every probe of the round above
 * it that a rate limit keeps the router from answering: the round is not
 * held up for them (search.c counts their silence as that router's word). */
static void explain_above(struct run *r, uint32_t mtu)
{
	for (unsigned int i = r->first; i < r->pr.n; i++) {
		struct probe *q = &r->pr.probes[i];

		if (q->heard || q->unwaited || q->method != r->cfg->method ||
		    q->size <= mtu)
			continue;
		q->unwaited = true;
		if (r->outstanding)
			r->outstanding--;
	}
}

/* Whether p is a plain SYN sent beside the echo search. */
static bool side_syn(const struct run *r, const struct probe *p)
{
	return p->method == METHOD_TCP && r->cfg->method == METHOD_ICMP &&
	       p->size == (unsigned int)pkt_syn_min_size(r->cfg->dst.family);
}

static void handle(void *arg, const struct probe_event *ev)
{
	struct run *r = arg;
	const struct pkt_info *pi = &ev->pi;
	struct run_result *res = r->res;
	struct probe *p = ev->probe;

	if (p->heard)
		return;
	p->heard = true;
	if (p - r->pr.probes >= r->first && !p->unwaited && r->outstanding)
		r->outstanding--;
	if (p->method == METHOD_UDP) {
		res->udp_heard = true;
		return;
	}
	if (side_syn(r, p)) {
		/* the first port listed, where both answer at once */
		if (pi->kind == PKT_TCP &&
		    (!res->side_port || p->dport == r->cfg->side_ports[0]))
			res->side_port = p->dport;
		if (pi->kind == PKT_TCP)
			rtt_sample(&r->rtt, ev->at - p->sent);
		return;
	}
	if (p->method != r->cfg->method) {
		note_edge(res, p->size, pi->kind);
		return;
	}

	switch (pi->kind) {
	case PKT_TCP:
		if (pi->tcp.flags & TH_RST) {
			res->rsts++;
		} else if (!res->synacks++) {
			res->server_mss = pi->tcp.mss;
			res->server_ttl = r->cfg->dst.family == AF_INET6 &&
					  !pi->ttl ? -1 : pi->ttl;
		}
		/* either proves the size arrived */
		/* fall through */
	case PKT_ECHO_REPLY:
		/* a reply cut short proves the way there only */
		if (pi->kind == PKT_ECHO_REPLY && pi->size &&
		    pi->size < p->size)
			res->replies_cut++;
		res->replies++;
		rtt_sample(&r->rtt, ev->at - p->sent);
		search_note(&r->search, p->size, SEARCH_REPLY, 0);
		break;
	case PKT_TOO_BIG:
		res->ptbs++;
		if (search_note(&r->search, p->size, SEARCH_TOO_BIG, pi->mtu)) {
			res->ptb_from = pi->from;
			res->ptb_mtu = pi->mtu;
		}
		if (pi->mtu >= pkt_min_mtu(r->cfg->dst.family) &&
		    pi->mtu < p->size)
			add_limit(res, &pi->from, pi->mtu);
		if (pi->mtu && r->search.hint == pi->mtu)
			explain_above(r, pi->mtu);
		break;
	case PKT_UNREACH:
	case PKT_TIME_EXCEEDED:
		res->unreach_from = pi->from;
		res->unreach_type = pi->type;
		res->unreach_code = pi->code;
		search_note(&r->search, p->size, SEARCH_UNREACH, 0);
		break;
	case PKT_OTHER:
		break;
	}
}

/*
 * The round about to settle a black hole: a check by SYNs
 * goes out beside it, so that a second witness costs no round of its own.
 * Its sizes are the answer this round settles (lo) and one byte more;
 * the first arriving says the port answers and lets SYN data through.
 */
static bool wants_edge(const struct run *r)
{
	const struct search *s = &r->search;

	return r->cfg->edge_port && r->cfg->method == METHOD_ICMP &&
	       !r->res->edge_sent && s->pause && s->lo_seen &&
	       search_suspect(s) == s->lo + 1;
}

static int send_edge(struct run *r)
{
	struct run_result *res = r->res;

	res->edge_sent = true;
	res->edge[0] = (struct run_edge){ 0 };
	res->edge[1] = (struct run_edge){ .size = r->search.lo };
	res->edge[2] = (struct run_edge){ .size = r->search.lo + 1 };
	for (size_t i = 1; i < 3; i++) {
		for (unsigned int k = 0; k < EDGE_COPIES; k++) {
			int ret = prober_send_syn(&r->pr, res->edge[i].size,
						  r->cfg->edge_port);

			res->probes++;
			if (ret == -EMSGSIZE)
				continue;
			if (ret < 0)
				return ret;
			r->outstanding++;
		}
	}
	return 0;
}

/* The plain SYNs beside an echo round, while the host has answered
 * nothing, and the datagram another socket sent before the first: a host
 * that ignores echo is found in the first round. */
static int send_side(struct run *r)
{
	const struct run_config *c = r->cfg;
	unsigned int size = (unsigned int)pkt_syn_min_size(c->dst.family);

	if (c->method != METHOD_ICMP || r->search.lo_seen || r->res->side_port)
		return 0;
	if (c->udp_side && !r->udp_noted) {
		int ret = prober_note_udp(&r->pr, c->udp_side);

		if (ret < 0)
			return ret;
		r->udp_noted = true;
	}
	for (size_t i = 0; i < sizeof(c->side_ports) / sizeof(*c->side_ports); i++) {
		int ret;

		if (!c->side_ports[i])
			continue;
		ret = prober_send_syn(&r->pr, size, c->side_ports[i]);
		r->res->probes++;
		if (ret < 0)
			return ret;
		/* an echo round is not held up for them: a SYN-ACK or RST
		 * ends the wait of a round echo got nothing in */
		r->pr.probes[r->pr.n - 1].unwaited = true;
	}
	return 0;
}

static int send_round(struct run *r, const unsigned int *sizes, size_t n)
{
	r->first = r->pr.n;
	r->outstanding = 0;
	for (size_t k = 0; k < n; k++) {
		size_t i = r->res->policed ? n - 1 - k : k;
		int ret = prober_send(&r->pr, sizes[i], 0);

		r->res->probes++;
		if (ret == -EMSGSIZE) {
			search_note(&r->search, sizes[i], SEARCH_LOCAL_TOO_BIG, 0);
			continue;
		}
		if (ret < 0)
			return ret;
		/* above the MTU a "too big" named, the router's word stands
		 * unless an answer comes with the others' */
		if (r->search.hint && sizes[i] > r->search.hint)
			r->pr.probes[r->pr.n - 1].unwaited = true;
		else
			r->outstanding++;
	}
	return 0;
}

/* A router that rate-limits its PTBs answers again after about a second:
 * worth the wait where a router reported a limit at or below the suspect
 * (or no usable limit at all). Otherwise half a round trip catches a PTB
 * merely late. */
static uint64_t pause_length(const struct run *r)
{
	const struct run_config *c = r->cfg;
	const struct run_result *res = r->res;

	if (res->ptb_no_mtu ||
	    (res->nlimits && res->limits[0].mtu < search_suspect(&r->search)))
		return c->ptb_pause;
	return r->rtt.srtt / 2 > c->wait_floor ? r->rtt.srtt / 2 : c->wait_floor;
}

/*
 * The search stopped because answers stopped, after some came: a host
 * that rations its answers, as control planes and load balancers do,
 * answers again after a pause and keeps answering when probed more
 * slowly. Returns 1 to go on, 0 to stop, or a negative errno.
 */
static int ration(struct run *r)
{
	uint64_t now = r->pr.ops->now(r->pr.ctx);
	int ret;

	if (!r->search.lo_seen || r->search.unreach ||
	    r->search.rounds >= MAX_ROUNDS ||
	    !run_within_budget(r->cfg, r->start, now, RATION_BACKOFF_US))
		return 0;
	r->res->policed = true;
	r->outstanding = 0;
	ret = prober_linger(&r->pr, now + RATION_BACKOFF_US, handle, r);
	if (ret < 0)
		return ret;
	search_ration(&r->search);
	return 1;
}

/* While rationed, rounds start RATION_PACE_US apart, within the bound. */
static int pace(struct run *r)
{
	uint64_t now = r->pr.ops->now(r->pr.ctx);

	if (!r->res->policed)
		return 0;
	if (!run_within_budget(r->cfg, r->start, now, 0)) {
		search_give_up(&r->search);
		return 0;
	}
	if (now >= r->round_start + RATION_PACE_US)
		return 0;
	r->outstanding = 0;
	return prober_linger(&r->pr, r->round_start + RATION_PACE_US, handle,
			     r);
}

static int run_rounds(struct run *r)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	enum search_state state = SEARCH_RUNNING;
	uint32_t drops;
	int ret;

	while (state == SEARCH_RUNNING) {
		size_t n;
		uint64_t start;

		ret = pace(r);
		if (ret < 0)
			return ret;
		n = search_plan(&r->search, sizes, SEARCH_MAX_PER_ROUND);
		if (!n)
			break;
		if (r->search.pause) {
			r->outstanding = 0;
			ret = prober_linger(&r->pr, r->pr.ops->now(r->pr.ctx) +
					    pause_length(r), handle, r);
			if (ret < 0)
				return ret;
		}
		run_tell(r->cfg, &(struct run_progress){
			.method = r->cfg->method,
			.round = r->search.rounds + 1,
			.lo = r->search.lo,
			.hi = r->search.hi,
			.sizes = sizes,
			.n = n,
			.rationed = r->res->policed,
		});
		start = r->pr.ops->now(r->pr.ctx);
		r->round_start = start;
		drops = r->pr.drops;
		ret = send_round(r, sizes, n);
		if (ret >= 0)
			ret = send_side(r);
		if (ret >= 0 && wants_edge(r))
			ret = send_edge(r);
		if (ret < 0)
			return ret;
		/* the wait runs from when the round left, paced or not */
		start = r->pr.ops->now(r->pr.ctx);
		ret = prober_collect(&r->pr, &r->rtt, start, r->first,
				     &r->outstanding, handle, r);
		if (ret < 0)
			return ret;
		if (r->pr.drops != drops) {
			r->res->local_drops += r->pr.drops - drops;
			search_local_drops(&r->search);
		}
		state = search_end_round(&r->search);
		/* TCP, or UDP, answered where echo did not: the job goes on
		 * with it */
		if (state == SEARCH_RUNNING && !r->search.lo_seen &&
		    (r->res->side_port || r->res->udp_heard)) {
			search_stop(&r->search);
			state = r->search.state;
		}
		if (state == SEARCH_INCOMPLETE) {
			ret = ration(r);
			if (ret < 0)
				return ret;
			state = ret ? SEARCH_RUNNING : state;
		}
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
		.max_copies = MAX_COPIES,
		.no_answer_rounds = cfg->no_answer_rounds ? cfg->no_answer_rounds :
				    NO_ANSWER_ROUNDS,
		.max_rounds = MAX_ROUNDS,
	};
	struct run *r;
	uint64_t start;
	int ret;

	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	memset(res, 0, sizeof(*res));
	res->server_ttl = -1;
	r->cfg = cfg;
	r->res = res;
	search_init(&r->search, &sp);
	prober_init(&r->pr, ops, ctx, cfg);

	if (cfg->rtt_hint)
		rtt_sample(&r->rtt, cfg->rtt_hint);
	start = ops->now(ctx);
	r->start = start;
	ret = run_rounds(r);
	res->elapsed = ops->now(ctx) - start;
	res->state = r->search.state;
	res->path_mtu = search_path_mtu(&r->search);
	res->evidence = r->search.why;
	res->too_big = r->search.hi <= cfg->max ? r->search.hi : 0;
	res->rounds = r->search.rounds;
	res->loss_sent = r->search.good_sent;
	res->loss_lost = r->search.good_lost;
	res->ptb_not_ours = r->pr.ptb_not_ours;
	res->ptb_no_mtu = r->search.ptb_no_mtu;
	res->ptb_below_min = r->search.ptb_below_min;
	res->ptb_contradicting = r->search.ptb_contradicting;
	res->rtt = r->rtt.have ? r->rtt.srtt : 0;
	/* When the answer agrees with the tightest limit a router reported,
	 * the path is a PTB path, even where some of its PTBs were lost or
	 * rate-limited and silence settled the last byte. */
	if (res->state == SEARCH_DONE && res->nlimits &&
	    res->limits[0].mtu == res->path_mtu) {
		res->evidence = EVIDENCE_PTB;
		res->ptb_from = res->limits[0].from;
		res->ptb_mtu = res->limits[0].mtu;
	} else if (res->evidence != EVIDENCE_PTB) {
		memset(&res->ptb_from, 0, sizeof(res->ptb_from));
		res->ptb_mtu = 0;
	}
	free(r);
	return ret;
}

void run_tell(const struct run_config *cfg, const struct run_progress *p)
{
	if (cfg->progress)
		cfg->progress(cfg->progress_arg, p);
}

bool run_within_budget(const struct run_config *cfg, uint64_t start,
		       uint64_t now, uint64_t wait)
{
	uint64_t from = cfg->started ? cfg->started : start;

	return now + wait <= from + RUN_BUDGET_US;
}

unsigned int run_ptbs_ignored(const struct run_result *res)
{
	return res->ptb_not_ours + res->ptb_below_min + res->ptb_contradicting;
}

/* One round of a few sizes, each answered or not. */
struct edge {
	struct prober pr;
	struct run_edge *e;
	size_t n;
	unsigned int outstanding;
};

static void edge_take(void *arg, const struct probe_event *ev)
{
	struct edge *g = arg;
	struct probe *p = ev->probe;

	if (p->heard)
		return;
	p->heard = true;
	if (g->outstanding)
		g->outstanding--;
	for (size_t i = 0; i < g->n; i++) {
		if (g->e[i].size != p->size)
			continue;
		if (ev->pi.kind == PKT_ECHO_REPLY || ev->pi.kind == PKT_TCP)
			g->e[i].arrived = true;
		else if (ev->pi.kind == PKT_TOO_BIG)
			g->e[i].too_big = true;
	}
}

int run_edge(const struct net_ops *ops, void *ctx,
	     const struct run_config *cfg, uint64_t rtt_us,
	     struct run_edge *e, size_t n, unsigned int copies,
	     unsigned int *probes)
{
	struct rtt rtt = { .have = rtt_us != 0, .srtt = rtt_us,
			   .rttvar = rtt_us / 4 };
	struct edge *g = calloc(1, sizeof(*g));
	uint64_t start;
	int ret = 0;

	if (!g)
		return -ENOMEM;
	prober_init(&g->pr, ops, ctx, cfg);
	g->e = e;
	g->n = n;
	start = ops->now(ctx);
	for (size_t i = 0; i < n && !ret; i++) {
		for (unsigned int k = 0; k < copies && !ret; k++) {
			ret = prober_send(&g->pr, e[i].size, 0);
			if (!ret)
				g->outstanding++;
			else if (ret == -EMSGSIZE)
				ret = 0;
		}
	}
	if (!ret)
		ret = prober_collect(&g->pr, &rtt, start, 0, &g->outstanding,
				     edge_take, g);
	*probes = g->pr.n;
	free(g);
	return ret;
}
