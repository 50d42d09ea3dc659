// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <string.h>

#include "job.h"
#include "pkt.h"
#include "probe.h"

static const uint16_t fallback_ports[JOB_FALLBACK_PORTS] = { 443, 80 };

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
		ret = ops->tcp_flow(ctx, port, j->cfg.sport, PROBER_SPAN);
		if (ret)
			return ret;
	}
	ret = run_probe(ops, ctx, &j->cfg, res);
	next_numbers(&j->cfg, res->probes);
	return ret;
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
	saved.echo.seq = j->cfg.echo.seq;
	saved.sport = j->cfg.sport;
	j->cfg = saved;
	*answered = !ret && res.state == SEARCH_DONE;
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

/* Many hosts drop echo but serve the web: the first of the usual ports
 * whose plain SYNs are answered is searched with SYNs. */
static int fall_back(const struct net_ops *ops, void *ctx, struct job *j)
{
	for (unsigned int i = 0; i < JOB_FALLBACK_PORTS; i++) {
		bool answered;
		int ret;

		j->tried_tcp = true;
		ret = plain_syns_answered(ops, ctx, j, fallback_ports[i],
					  &answered);
		if (ret || !answered)
			continue;
		j->fell_back = true;
		return tcp_search(ops, ctx, j, fallback_ports[i], true);
	}
	return 0;
}

int job_run(const struct net_ops *ops, void *ctx, struct job *j)
{
	int ret;

	if (j->tcp) {
		ret = tcp_search(ops, ctx, j, j->port, false);
		if (!ret && j->icmp) {
			j->have_icmp = true;
			ret = search(ops, ctx, j, METHOD_ICMP, 0, &j->icmp_res);
		}
	} else {
		j->method = METHOD_ICMP;
		ret = search(ops, ctx, j, METHOD_ICMP, 0, &j->res);
		if (!ret && j->res.state == SEARCH_NO_ANSWER && !j->no_tcp)
			ret = fall_back(ops, ctx, j);
	}
	if (ret || !j->trace || j->res.state != SEARCH_DONE ||
	    j->syn_data_refused)
		return ret;

	j->cfg.method = j->method;
	j->cfg.dport = j->res_port;
	if (j->method == METHOD_TCP && ops->tcp_flow) {
		ret = ops->tcp_flow(ctx, j->res_port, j->cfg.sport, PROBER_SPAN);
		if (ret)
			return ret;
	}
	ret = trace_path(ops, ctx, &j->cfg, &j->res, j->ifmtu, &j->tr);
	j->have_trace = !ret;
	return ret;
}
