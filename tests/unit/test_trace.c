// SPDX-License-Identifier: GPL-2.0-or-later
/* Where the limit sits: the trace against simulated paths. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "simnet.h"
#include "trace.h"

/* The search, then the trace, as the program runs them. */
static void trace(struct simnet *n, struct trace_result *tr)
{
	struct run_config cfg;
	struct run_result res;

	simnet_config(n, &cfg);
	assert_int_equal(run_probe(&simnet_ops, n, &cfg, &res), 0);
	assert_int_equal(res.state, SEARCH_DONE);
	cfg.echo.seq = (uint16_t)(cfg.echo.seq + res.probes);
	assert_int_equal(trace_path(&simnet_ops, n, &cfg, &res, n->ifmtu, tr), 0);
}

static void assert_hop(const struct trace_result *tr, unsigned int hop,
		       const struct addr *addr, unsigned int mtu,
		       enum hop_limit limit)
{
	const struct hop *h = &tr->hops[hop - 1];

	assert_true(addr_eq(&h->addr, addr));
	assert_int_equal(h->mtu, mtu);
	assert_int_equal(h->limit, limit);
}

static void black_hole_is_placed_between_the_hops_around_it(void **state)
{
	int families[] = { AF_INET, AF_INET6 };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct trace_result tr;
		struct simnet n;

		simnet_init(&n, families[i], 1380, SIM_BLACK_HOLE, 3);
		trace(&n, &tr);
		assert_true(tr.reached);
		assert_int_equal(tr.nhops, 3);
		assert_hop(&tr, 1, &n.r1, 1500, HOP_SAME);
		assert_hop(&tr, 2, &n.router, 1500, HOP_SAME);
		assert_hop(&tr, 3, &n.dst, 1380, HOP_BLACK_HOLE);
		simnet_free(&n);
	}
}

static void ptb_router_is_named_at_the_hop_after_it(void **state)
{
	struct trace_result tr;
	struct simnet n;

	(void)state;
	simnet_init(&n, AF_INET, 1380, SIM_PTB, 3);
	trace(&n, &tr);
	assert_hop(&tr, 2, &n.router, 1500, HOP_SAME);
	assert_hop(&tr, 3, &n.dst, 1380, HOP_PTB);
	assert_true(addr_eq(&tr.hops[2].ptb_from, &n.router));
	simnet_free(&n);
}

static void two_limits_are_each_placed(void **state)
{
	struct trace_result tr;
	struct simnet n;

	(void)state;
	simnet_init(&n, AF_INET6, 1372, SIM_BLACK_HOLE, 3);
	n.mtu1 = 1400;
	trace(&n, &tr);
	assert_hop(&tr, 1, &n.r1, 1500, HOP_SAME);
	assert_hop(&tr, 2, &n.router, 1400, HOP_PTB);
	assert_true(addr_eq(&tr.hops[1].ptb_from, &n.r1));
	assert_hop(&tr, 3, &n.dst, 1372, HOP_BLACK_HOLE);
	simnet_free(&n);
}

static void clean_path_has_the_interface_mtu_at_every_hop(void **state)
{
	struct trace_result tr;
	struct simnet n;

	(void)state;
	simnet_init(&n, AF_INET, 1500, SIM_PTB, 3);
	trace(&n, &tr);
	assert_int_equal(tr.nhops, 3);
	for (unsigned int h = 1; h <= 3; h++)
		assert_int_equal(tr.hops[h - 1].mtu, 1500);
	assert_hop(&tr, 3, &n.dst, 1500, HOP_SAME);
	simnet_free(&n);
}

static void rate_limited_time_exceeded_is_waited_for(void **state)
{
	struct trace_result tr;
	struct simnet n;

	(void)state;
	simnet_init(&n, AF_INET, 1380, SIM_BLACK_HOLE, 3);
	n.te_burst = 1;
	n.te_interval = 1000000;
	trace(&n, &tr);
	assert_hop(&tr, 1, &n.r1, 1500, HOP_SAME);
	assert_hop(&tr, 2, &n.router, 1500, HOP_SAME);
	assert_hop(&tr, 3, &n.dst, 1380, HOP_BLACK_HOLE);
	print_message("rate-limited trace: %u probes, %u rounds, %.0f ms\n",
		      tr.probes, tr.rounds, (double)tr.elapsed / 1e3);
	simnet_free(&n);
}

static void a_silent_router_is_a_hop_with_no_answer(void **state)
{
	struct trace_result tr;
	struct simnet n;

	(void)state;
	simnet_init(&n, AF_INET, 1380, SIM_BLACK_HOLE, 3);
	n.te_burst = 0;		/* no Time Exceeded at all */
	n.te_interval = 1000000;
	trace(&n, &tr);
	assert_true(tr.reached);
	assert_int_equal(tr.nhops, 3);
	assert_int_equal(tr.hops[0].addr.family, 0);
	assert_int_equal(tr.hops[0].mtu, 0);
	assert_int_equal(tr.hops[1].addr.family, 0);
	assert_hop(&tr, 3, &n.dst, 1380, HOP_BLACK_HOLE);
	simnet_free(&n);
}

/* A trace of three hops, the destination reached, where larger probes
 * were last seen at hop after and vanished, witnessed, at hop at. */
static struct trace_result vanished(unsigned int after, unsigned int at)
{
	struct trace_result tr = { .nhops = 3, .reached = true };

	tr.hops[at - 1].limit = HOP_BLACK_HOLE;
	tr.hops[at - 1].after = after;
	return tr;
}

/* A router that answers small probes while the larger never reach it:
 * the path drops them. At the destination, a filter there looks the
 * same as a limit on the last link, and only the last router is named. */
static void where_larger_probes_vanish_says_who_drops_them(void **state)
{
	struct trace_result tr;

	(void)state;
	tr = vanished(1, 2);
	assert_int_equal(trace_router_drop(&tr), 2);
	assert_int_equal(trace_last_router(&tr), 0);
	tr = vanished(2, 3);
	assert_int_equal(trace_router_drop(&tr), 0);
	assert_int_equal(trace_last_router(&tr), 2);
	/* hop 2 unknown: the limit lies somewhere after hop 1 */
	tr = vanished(1, 3);
	assert_int_equal(trace_router_drop(&tr), 0);
	assert_int_equal(trace_last_router(&tr), 0);
	/* the destination never answered: hop 3 is a router */
	tr = vanished(2, 3);
	tr.reached = false;
	assert_int_equal(trace_router_drop(&tr), 3);
	/* nothing vanished, or only a router said "too big" */
	tr = (struct trace_result){ .nhops = 3, .reached = true };
	tr.hops[1].limit = HOP_PTB;
	assert_int_equal(trace_router_drop(&tr), 0);
	assert_int_equal(trace_last_router(&tr), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(black_hole_is_placed_between_the_hops_around_it),
		cmocka_unit_test(where_larger_probes_vanish_says_who_drops_them),
		cmocka_unit_test(ptb_router_is_named_at_the_hop_after_it),
		cmocka_unit_test(two_limits_are_each_placed),
		cmocka_unit_test(clean_path_has_the_interface_mtu_at_every_hop),
		cmocka_unit_test(rate_limited_time_exceeded_is_waited_for),
		cmocka_unit_test(a_silent_router_is_a_hop_with_no_answer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
