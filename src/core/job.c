// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <string.h>

#include "job.h"
#include "pkt.h"
#include "probe.h"
#include "udprun.h"

static const uint16_t fallback_ports[JOB_FALLBACK_PORTS] = { 443, 80 };

enum {
	EDGE_COPIES = 2,	/* of each size at the edge: one may be lost */
	/* Below the IPv6 minimum, a limit no "too big" reply names is more
	 * likely a filter than a link (RFC 8200 5 asks 1280 of every link
	 * that carries IPv6; tunnels and PPPoE sit well above it). */
	PLAUSIBLE_MTU = 1280,
};

/* Moves the numbers on past every probe sent, so that late answers to one
 * search are never taken for the next one's. */
static void next_numbers(struct run_config *c, unsigned int probes)
{
	c->echo.seq = (uint16_t)(c->echo.seq + probes);
	c->sport = (uint16_t)(c->sport + probes);
}

static int search(const struct net_ops *ops, void *ctx, struct job *j,
		  enum probe_method m, uint16_t port, struct run_result *res)
{
	int ret;

	j->cfg.method = m;
	j->cfg.dport = port;
	if (m == METHOD_TCP && ops->tcp_flow) {
		ret = ops->tcp_flow(ctx, port, 0, j->cfg.sport, PROBER_SPAN);
		if (ret)
			return ret;
	}
	ret = run_probe(ops, ctx, &j->cfg, res);
	next_numbers(&j->cfg, res->probes);
	return ret;
}

/* Work that is not the answer's own search still counts in its probes,
 * rounds and time (count_check adds it). */
static void spend(struct job *j, const struct run_result *r)
{
	j->check_probes += r->probes;
	j->check_rounds += r->rounds;
	j->check_elapsed += r->elapsed;
}

/* Whether plain SYNs (no data) to port draw a SYN-ACK or RST: some
 * servers and middleboxes drop SYNs that carry data. A short check of two
 * rounds. */
static int plain_syns_answered(const struct net_ops *ops, void *ctx,
			       struct job *j, uint16_t port, bool *answered)
{
	struct run_config saved = j->cfg;
	struct run_result res;
	int ret;

	j->cfg.min = j->cfg.max = (unsigned int)pkt_syn_min_size(j->cfg.dst.family);
	j->cfg.no_answer_rounds = 2;
	ret = search(ops, ctx, j, METHOD_TCP, port, &res);
	spend(j, &res);
	saved.echo.seq = j->cfg.echo.seq;
	saved.sport = j->cfg.sport;
	j->cfg = saved;
	*answered = !ret && res.state == SEARCH_DONE;
	if (*answered && !j->rtt)
		j->rtt = res.rtt;
	return ret;
}

/* The TCP search to port; when no SYN carrying data got through, whether
 * plain ones do (known already when checked is set). */
static int tcp_search(const struct net_ops *ops, void *ctx, struct job *j,
		      uint16_t port, bool checked)
{
	bool answered = checked;
	int ret;

	j->method = METHOD_TCP;
	j->res_port = port;
	ret = search(ops, ctx, j, METHOD_TCP, port, &j->res);
	if (ret || j->res.state != SEARCH_NO_ANSWER)
		return ret;
	if (!checked)
		ret = plain_syns_answered(ops, ctx, j, port, &answered);
	j->syn_data_refused = answered;
	return ret;
}

/* Many hosts drop echo but serve the web: plain SYNs to the usual ports
 * went out beside every round of echo (tcp_beside), and the port that
 * answered, if any, is searched with SYNs. */
static int fall_back(const struct net_ops *ops, void *ctx, struct job *j)
{
	uint16_t port = j->res.side_port;
	int ret;

	j->tried_tcp = true;
	if (!port)
		return 0;
	j->fell_back = true;
	spend(j, &j->res);	/* the echo that got nothing */
	/* the plain SYNs' round trip: the SYNs' waits, and UDP's */
	j->rtt = j->res.rtt;
	j->cfg.rtt_hint = j->rtt;
	ret = tcp_search(ops, ctx, j, port, true);
	j->cfg.rtt_hint = 0;
	return ret;
}

/* The cost of the search from, counted in to's. */
static void add_cost(struct run_result *to, const struct run_result *from)
{
	to->probes += from->probes;
	to->rounds += from->rounds;
	to->elapsed += from->elapsed;
}

/* The check's probes, rounds and time count in the answer's. */
static void count_check(struct job *j)
{
	struct run_result *r = &j->res;

	r->probes += j->check_probes;
	r->rounds += j->check_rounds;
	r->elapsed += j->check_elapsed;
	if (j->have_above)
		add_cost(r, &j->above);
}

/* The TCP search to port above the size echo found, which SYNs crossed. */
static int search_above(const struct net_ops *ops, void *ctx, struct job *j,
			uint16_t port, unsigned int from)
{
	unsigned int min = j->cfg.min;
	int ret;

	j->cfg.min = from;
	ret = search(ops, ctx, j, METHOD_TCP, port, &j->above);
	j->cfg.min = min;
	j->have_above = !ret;
	return ret;
}

/* Plain SYNs to the usual ports go out beside the echo search's rounds
 * until the host answers something (run.h, side_ports), and the first
 * port's check beside its last round (edge_port): their answers are let
 * in. */
static int tcp_beside(const struct net_ops *ops, void *ctx, struct job *j)
{
	j->cfg.edge_port = fallback_ports[0];
	memcpy(j->cfg.side_ports, fallback_ports, sizeof(j->cfg.side_ports));
	return ops->tcp_flow ? ops->tcp_flow(ctx, fallback_ports[0],
					      fallback_ports[1], j->cfg.sport,
					      PROBER_SPAN) : 0;
}

/* What one port's check said: plain SYNs arrived, or not (0); the size
 * echo found, and one byte more (1 when they settle it). */
static int judge_edge(const struct net_ops *ops, void *ctx, struct job *j,
		      uint16_t port, const struct run_edge *e)
{
	unsigned int x = j->res.path_mtu;

	if (!e[0].arrived)
		return 0;
	j->checked = true;
	j->check_port = port;
	if (e[2].arrived)
		return search_above(ops, ctx, j, port, x + 1) ?: 1;
	j->check_confirms = e[1].arrived;
	j->check_syn_data = !e[1].arrived;
	return 1;
}

/*
 * Silence is a claim that wants a second witness. Echo found a black hole
 * at x: one round of SYNs to a port, plain (does the port answer?), of x
 * bytes and of x + 1, tells a limit of the path (x arrives, x + 1 does
 * not) from one of echo alone (x + 1 arrives too), at the cost of one
 * round.
 */
static int check_edge(const struct net_ops *ops, void *ctx, struct job *j)
{
	unsigned int x = j->res.path_mtu, probes;
	unsigned int i = 0;
	uint64_t start;
	int ret;

	/* the first port's went out with the search's last round, without
	 * a plain SYN: one of the size found that arrives says the port
	 * answers and lets data through */
	if (j->res.edge_sent && j->res.edge[1].size == x) {
		struct run_edge e[3] = { j->res.edge[1], j->res.edge[1],
					 j->res.edge[2] };

		e[0].arrived = e[1].arrived || e[2].arrived;
		ret = judge_edge(ops, ctx, j, fallback_ports[0], e);
		if (ret)
			return ret < 0 ? ret : 0;
		/* a round of its own for port 80 only where the answer
		 * hangs on it: a limit too small to believe alone */
		if (x >= PLAUSIBLE_MTU)
			return 0;
		i = 1;
	}
	for (; i < JOB_FALLBACK_PORTS; i++) {
		uint16_t port = fallback_ports[i];
		struct run_edge e[] = {
			{ .size = (unsigned int)pkt_syn_min_size(j->cfg.dst.family) },
			{ .size = x },
			{ .size = x + 1 },
		};

		j->cfg.method = METHOD_TCP;
		j->cfg.dport = port;
		run_tell(&j->cfg, &(struct run_progress){
			.stage = STAGE_EDGE, .method = METHOD_TCP,
			.port = port, .round = 1, .lo = x, .hi = x + 1,
			.sizes = (unsigned int[]){ e[1].size, e[2].size },
			.n = 2,
		});
		start = ops->now(ctx);
		ret = ops->tcp_flow ? ops->tcp_flow(ctx, port, 0, j->cfg.sport,
						    PROBER_SPAN) : 0;
		if (!ret)
			ret = run_edge(ops, ctx, &j->cfg, j->res.rtt, e, 3,
				       EDGE_COPIES, &probes);
		if (ret)
			return ret;
		next_numbers(&j->cfg, probes);
		j->check_probes += probes;
		j->check_rounds++;
		j->check_elapsed += ops->now(ctx) - start;
		ret = judge_edge(ops, ctx, j, port, e);
		if (ret)
			return ret < 0 ? ret : 0;
	}
	return 0;
}

/* A black hole one method alone saw, below what a link plausibly has,
 * with no router naming it: likely a filter. */
static bool doubtful(const struct job *j)
{
	const struct run_result *r = &j->res;

	return r->state == SEARCH_DONE && r->evidence == EVIDENCE_BLACK_HOLE &&
	       r->path_mtu < PLAUSIBLE_MTU && !j->check_confirms &&
	       !j->have_above && !j->have_icmp && !j->ttl_hop;
}

/* The trace of the path the answer came from, by its method. */
static int trace_answer(const struct net_ops *ops, void *ctx, struct job *j)
{
	int ret;

	j->cfg.method = j->method;
	j->cfg.dport = j->res_port;
	if (j->method == METHOD_TCP && ops->tcp_flow) {
		ret = ops->tcp_flow(ctx, j->res_port, 0, j->cfg.sport, PROBER_SPAN);
		if (ret)
			return ret;
	}
	return trace_path(ops, ctx, &j->cfg, &j->res, j->ifmtu, &j->tr);
}

int job_run(const struct net_ops *ops, void *ctx, struct job *j)
{
	int ret;

	/* every search and check after this one is in the run's bound */
	if (!j->cfg.started)
		j->cfg.started = ops->now(ctx) ?: 1;
	/* the ICMP socket takes only what is about this run */
	if (ops->echo_flow) {
		ret = ops->echo_flow(ctx, j->cfg.echo.id);
		if (ret)
			return ret;
	}

	if (j->tcp) {
		ret = tcp_search(ops, ctx, j, j->port, false);
		if (!ret && j->icmp) {
			j->have_icmp = true;
			ret = search(ops, ctx, j, METHOD_ICMP, 0, &j->icmp_res);
		}
	} else {
		/* --icmp alone: echo, and nothing to check it with */
		bool others = !j->no_tcp && !j->icmp;

		j->method = METHOD_ICMP;
		ret = others ? tcp_beside(ops, ctx, j) : 0;
		if (!ret)
			ret = search(ops, ctx, j, METHOD_ICMP, 0, &j->res);
		j->udp_answers = j->res.udp_heard;
		j->cfg.edge_port = 0;
		j->cfg.udp_side = 0;
		memset(j->cfg.side_ports, 0, sizeof(j->cfg.side_ports));
		if (!ret && j->res.state == SEARCH_NO_ANSWER && others)
			ret = fall_back(ops, ctx, j);
		else if (!ret && j->res.state == SEARCH_DONE &&
			 j->res.evidence == EVIDENCE_BLACK_HOLE && others)
			ret = check_edge(ops, ctx, j);
	}
	count_check(j);
	/* a limit that is likely a filter has no place on the path */
	if (ret || !j->trace || j->res.state != SEARCH_DONE ||
	    j->syn_data_refused || doubtful(j))
		return ret;

	ret = trace_answer(ops, ctx, j);
	j->have_trace = !ret;
	return ret;
}

static void add_witness(struct job *j, enum probe_method m, uint16_t port,
			unsigned int largest, enum witness_dir dir)
{
	if (j->nwitness < JOB_MAX_WITNESSES && largest)
		j->witness[j->nwitness++] = (struct witness){
			.method = m, .port = port, .largest = largest,
			.dir = dir,
		};
}

/* What a search proved to arrive: its answer, or the largest size that
 * got through before it stopped. */
static unsigned int proven(const struct run_result *r)
{
	return r->replies ? r->path_mtu : 0;
}

/* What an echo search proved: its replies, whole, prove both ways; cut
 * short, the way there. */
static void echo_witness(struct job *j, const struct run_result *r)
{
	add_witness(j, METHOD_ICMP, 0, proven(r),
		    r->replies_cut ? WITNESS_TOWARD : WITNESS_BOTH);
}

bool job_wants_udp(const struct job *j)
{
	/* --tcp asked for SYNs, --icmp alone for echo; a host that answers
	 * nothing at all is not waited on once more */
	if (j->tcp || j->icmp)
		return false;
	return j->syn_data_refused || doubtful(j) ||
	       (j->udp_answers && j->res.state == SEARCH_NO_ANSWER);
}

/* UDP datagrams went further than the answer. */
static bool udp_further(const struct job *j)
{
	return j->have_udp && j->udp.state == SEARCH_DONE &&
	       j->udp.path_mtu > (j->res.state == SEARCH_DONE ?
				  j->res.path_mtu : 0);
}

bool job_wants_ttl(const struct job *j)
{
	return doubtful(j) && !udp_further(j);
}

/*
 * The last witness, where nothing else reaches the host: a router that
 * answers small TTL-limited probes while the larger never reach it
 * proves the path drops them. Its cost counts in the answer's.
 */
int job_check_ttl(const struct net_ops *ops, void *ctx, struct job *j)
{
	unsigned int above = j->res.path_mtu + 1;
	int ret;

	run_tell(&j->cfg, &(struct run_progress){
		.stage = STAGE_TTL, .method = j->method, .round = 1,
		.lo = j->res.path_mtu, .hi = above, .sizes = &above, .n = 1,
	});
	ret = trace_answer(ops, ctx, j);
	if (ret)
		return ret;
	next_numbers(&j->cfg, j->tr.probes);
	j->res.probes += j->tr.probes;
	j->res.rounds += j->tr.rounds;
	j->res.elapsed += j->tr.elapsed;
	j->ttl_hop = trace_router_drop(&j->tr);
	j->ttl_last = trace_last_router(&j->tr);
	/* the trace asked for is this one, where it placed the limit */
	j->have_trace = j->trace && j->ttl_hop;
	return 0;
}

/* The answer is UDP's: nothing else sized the path, or UDP went further
 * than the black hole echo alone saw. */
static void adopt_udp(struct job *j)
{
	unsigned int x = j->res.path_mtu;
	bool found = j->res.state == SEARCH_DONE && !j->syn_data_refused;

	if (found) {
		j->filter_above = x;
		j->filter_by = METHOD_UDP;
		j->echo = j->res;
		j->have_echo = true;
	}
	add_cost(&j->udp, &j->res);
	j->res = j->udp;
	j->method = METHOD_UDP;
	j->res_port = udp_base(&j->cfg);
	j->syn_data_refused = false;
}

/* SYNs arrived above the size echo found: echo is filtered at the host
 * (always so below the plausible MTU, or when its replies come back cut,
 * proving only the way there), or the way back is the narrower. */
static void judge_above(struct job *j)
{
	unsigned int x = j->res.path_mtu;
	unsigned int m = j->above.state == SEARCH_DONE ? j->above.path_mtu :
			 x + 1;

	add_witness(j, METHOD_TCP, j->check_port, m, WITNESS_TOWARD);
	j->toward = m;
	if (x >= PLAUSIBLE_MTU && !j->res.replies_cut) {
		j->back = x;
		return;
	}
	j->filter_above = x;
	j->filter_by = METHOD_TCP;
	j->echo = j->res;
	j->have_echo = true;
	j->res = j->above;
	j->res.path_mtu = m;
	j->res.probes = j->echo.probes;
	j->res.rounds = j->echo.rounds;
	j->res.elapsed = j->echo.elapsed;
	j->method = METHOD_TCP;
	j->res_port = j->check_port;
}

void job_judge(struct job *j)
{
	const struct run_result *r = &j->res;
	bool second = false;

	j->nwitness = 0;
	j->syn_data_dropped = j->syn_data_refused;
	if (udp_further(j)) {
		if (j->res.replies)
			echo_witness(j, r);
		adopt_udp(j);
	} else if (j->have_udp) {
		/* UDP went no further, but its datagrams were sent */
		add_cost(&j->res, &j->udp);
	}
	if (j->method == METHOD_ICMP)
		echo_witness(j, r);
	else
		add_witness(j, j->method, j->res_port, proven(r),
			    WITNESS_TOWARD);
	j->toward = r->path_mtu;
	if (j->have_above) {
		judge_above(j);
		second = true;
	} else if (j->check_confirms) {
		add_witness(j, METHOD_TCP, j->check_port, r->path_mtu,
			    WITNESS_TOWARD);
		second = true;
	}
	if (j->ttl_hop) {
		size_t n = j->nwitness;

		add_witness(j, j->method, j->res_port, r->path_mtu,
			    WITNESS_TOWARD);
		if (j->nwitness > n)
			j->witness[n].hop = j->ttl_hop;
		second = true;
	}
	if (j->have_icmp) {
		echo_witness(j, &j->icmp_res);
		second = j->icmp_res.state == SEARCH_DONE &&
			 j->icmp_res.path_mtu == r->path_mtu;
	}
	r = &j->res;
	/* a "too big" reply that named another limit, higher up the path,
	 * says nothing of this one */
	j->one_witness = r->state == SEARCH_DONE &&
			 r->evidence == EVIDENCE_BLACK_HOLE && !second;
	j->unconfirmed = j->one_witness && r->path_mtu < PLAUSIBLE_MTU;
}
