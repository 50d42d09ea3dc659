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

/*
 * A TCP search no SYN got through: were SYNs carrying data the trouble?
 * Some servers and middleboxes drop them. Plain SYNs, alone, tell.
 */
static int syn_without_data(const struct net_ops *ops, void *ctx,
			    struct job *j, bool *answered)
{
	struct run_config saved = j->cfg;
	struct run_result res;
	int ret;

	j->cfg.min = j->cfg.max = (unsigned int)pkt_syn_min_size(j->cfg.dst.family);
	ret = search(ops, ctx, j, METHOD_TCP, j->res_port, &res);
	saved.echo.seq = j->cfg.echo.seq;
	saved.sport = j->cfg.sport;
	j->cfg = saved;
	*answered = !ret && res.state == SEARCH_DONE;
	return ret;
}

static int tcp_search(const struct net_ops *ops, void *ctx, struct job *j,
		      uint16_t port)
{
	bool answered;
	int ret;

	j->method = METHOD_TCP;
	j->res_port = port;
	ret = search(ops, ctx, j, METHOD_TCP, port, &j->res);
	if (ret || j->res.state != SEARCH_NO_ANSWER)
		return ret;
	ret = syn_without_data(ops, ctx, j, &answered);
	j->syn_data_refused = answered;
	return ret;
}

int job_run(const struct net_ops *ops, void *ctx, struct job *j)
{
	int ret;

	if (j->tcp) {
		ret = tcp_search(ops, ctx, j, j->port);
		if (!ret && j->icmp) {
			j->have_icmp = true;
			ret = search(ops, ctx, j, METHOD_ICMP, 0, &j->icmp_res);
		}
	} else {
		j->method = METHOD_ICMP;
		ret = search(ops, ctx, j, METHOD_ICMP, 0, &j->res);
		/* Many hosts drop echo but serve the web. */
		for (unsigned int i = 0; !ret && j->res.state == SEARCH_NO_ANSWER &&
		     i < JOB_FALLBACK_PORTS; i++) {
			struct run_result echo = j->res;

			j->tried_tcp = true;
			ret = tcp_search(ops, ctx, j, fallback_ports[i]);
			if (!ret && (j->res.state != SEARCH_NO_ANSWER ||
				     j->syn_data_refused)) {
				j->fell_back = true;
				break;
			}
			if (!ret) {
				j->method = METHOD_ICMP;
				j->res = echo;
			}
		}
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
