// SPDX-License-Identifier: GPL-2.0-or-later
/* The whole search, packets and all, against simulated paths. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "simnet.h"

struct tally {
	unsigned int runs, probes, max_probes, rounds, max_rounds;
	uint64_t time, max_time;
};

static void count(struct tally *t, const struct run_result *res)
{
	t->runs++;
	t->probes += res->probes;
	t->rounds += res->rounds;
	t->time += res->elapsed;
	if (res->probes > t->max_probes)
		t->max_probes = res->probes;
	if (res->rounds > t->max_rounds)
		t->max_rounds = res->rounds;
	if (res->elapsed > t->max_time)
		t->max_time = res->elapsed;
}

static void print(const char *name, const struct tally *t)
{
	print_message("%-34s %4u paths: probes mean %5.1f max %3u, rounds mean %4.1f max %2u, virtual time mean %6.1f ms max %6.1f ms\n",
		      name, t->runs, (double)t->probes / t->runs, t->max_probes,
		      (double)t->rounds / t->runs, t->max_rounds,
		      (double)t->time / t->runs / 1e3, (double)t->max_time / 1e3);
}

static void probe(struct simnet *n, struct run_result *res)
{
	struct run_config cfg;

	simnet_config(n, &cfg);
	assert_int_equal(run_probe(&simnet_ops, n, &cfg, res), 0);
}

/* The conditions a path can be in, each applied to a fresh simnet. */
enum condition {
	PTB_DELIVERED,
	BLACK_HOLE,
	LOSS,			/* 20 % each way, PTBs delivered */
	BLACK_HOLE_LOSS,	/* 20 % each way, no PTBs */
	PTB_RATE_LIMITED,	/* one PTB a second */
	PTB_MTU_ZERO,
	PTB_MTU_ABOVE_PROBE,
};

static const char *const condition_names[] = {
	"PTBs delivered", "black hole", "20 % loss", "black hole, 20 % loss",
	"PTBs 1/s", "PTBs with MTU 0", "PTBs with MTU above probe",
};

static void apply(struct simnet *n, enum condition c)
{
	switch (c) {
	case PTB_DELIVERED:
	case BLACK_HOLE:
		break;
	case LOSS:
	case BLACK_HOLE_LOSS:
		n->loss_pct = 20;
		break;
	case PTB_RATE_LIMITED:
		n->ptb_interval = 1000000;
		break;
	case PTB_MTU_ZERO:
		n->ptb_mtu_set = true;
		n->ptb_mtu = 0;
		break;
	case PTB_MTU_ABOVE_PROBE:
		n->ptb_mtu_set = true;
		n->ptb_mtu = 9000;
		break;
	}
}

/* Every path MTU in [from, to] under condition c: exact, every time. */
static void sweep(int family, unsigned int from, unsigned int to,
		  enum condition c)
{
	bool hole = c == BLACK_HOLE || c == BLACK_HOLE_LOSS;
	char name[64];
	struct tally t = { 0 };

	snprintf(name, sizeof(name), "%s, %s",
		 family == AF_INET6 ? "IPv6" : "IPv4", condition_names[c]);
	for (unsigned int mtu = from; mtu <= to; mtu++) {
		struct run_result res;
		struct simnet n;

		simnet_init(&n, family, mtu, hole ? SIM_BLACK_HOLE : SIM_PTB,
			    mtu * 7 + c);
		apply(&n, c);
		probe(&n, &res);
		if (res.state != SEARCH_DONE || res.path_mtu != mtu)
			fail_msg("%s: path MTU %u: state %d, found %u", name,
				 mtu, res.state, res.path_mtu);
		if (mtu < 1500) {
			enum search_evidence want = hole ?
				EVIDENCE_BLACK_HOLE : EVIDENCE_PTB;

			if (res.evidence != want)
				fail_msg("%s: path MTU %u: evidence %d", name,
					 mtu, res.evidence);
			if (want == EVIDENCE_PTB &&
			    !addr_eq(&res.ptb_from, &n.router))
				fail_msg("%s: path MTU %u: PTB source wrong",
					 name, mtu);
		} else if (res.evidence != EVIDENCE_MAX) {
			fail_msg("%s: full path: evidence %d", name, res.evidence);
		}
		count(&t, &res);
		simnet_free(&n);
	}
	print(name, &t);
}

static void every_ipv4_path_mtu_with_ptbs_is_exact(void **state)
{
	(void)state;
	sweep(AF_INET, 576, 1500, PTB_DELIVERED);
}

static void every_ipv4_path_mtu_behind_a_black_hole_is_exact(void **state)
{
	(void)state;
	sweep(AF_INET, 576, 1500, BLACK_HOLE);
}

static void every_ipv4_path_mtu_with_20_percent_loss_is_exact(void **state)
{
	(void)state;
	sweep(AF_INET, 576, 1500, LOSS);
}

static void every_ipv4_black_hole_with_20_percent_loss_is_exact(void **state)
{
	(void)state;
	sweep(AF_INET, 576, 1500, BLACK_HOLE_LOSS);
}

static void every_ipv4_path_mtu_with_rate_limited_ptbs_is_exact(void **state)
{
	(void)state;
	sweep(AF_INET, 576, 1500, PTB_RATE_LIMITED);
}

static void every_ipv4_path_mtu_with_ptbs_saying_mtu_0_is_exact(void **state)
{
	(void)state;
	sweep(AF_INET, 576, 1500, PTB_MTU_ZERO);
}

static void every_ipv4_path_mtu_with_ptbs_above_the_probe_is_exact(void **state)
{
	(void)state;
	sweep(AF_INET, 576, 1500, PTB_MTU_ABOVE_PROBE);
}

static void every_ipv6_path_mtu_with_ptbs_is_exact(void **state)
{
	(void)state;
	sweep(AF_INET6, 1280, 1500, PTB_DELIVERED);
}

static void every_ipv6_path_mtu_behind_a_black_hole_is_exact(void **state)
{
	(void)state;
	sweep(AF_INET6, 1280, 1500, BLACK_HOLE);
}

static void every_ipv6_black_hole_with_20_percent_loss_is_exact(void **state)
{
	(void)state;
	sweep(AF_INET6, 1280, 1500, BLACK_HOLE_LOSS);
}

static void ptb_with_mtu_zero_still_finds_the_exact_mtu(void **state)
{
	struct run_result res;
	struct simnet n;

	(void)state;
	simnet_init(&n, AF_INET, 1380, SIM_PTB, 7);
	n.ptb_mtu_set = true;
	n.ptb_mtu = 0;
	probe(&n, &res);
	assert_int_equal(res.state, SEARCH_DONE);
	assert_int_equal(res.path_mtu, 1380);
	assert_int_equal(res.evidence, EVIDENCE_PTB);
	assert_true(res.ptb_no_mtu > 0);
	simnet_free(&n);
}

static void ptb_quoting_only_eight_bytes_is_matched(void **state)
{
	struct run_result res;
	struct simnet n;

	(void)state;
	simnet_init(&n, AF_INET, 1400, SIM_PTB, 7);
	n.quote_len = IP4_HDR_LEN + 8;	/* RFC 792: header and 64 bits */
	probe(&n, &res);
	assert_int_equal(res.state, SEARCH_DONE);
	assert_int_equal(res.path_mtu, 1400);
	assert_int_equal(res.evidence, EVIDENCE_PTB);
	assert_int_equal(res.ptb_not_ours, 0);
	simnet_free(&n);
}

static void forged_ptbs_change_nothing_and_are_counted(void **state)
{
	int families[] = { AF_INET, AF_INET6 };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct run_result res;
		struct simnet n;

		simnet_init(&n, families[i], 1400, SIM_BLACK_HOLE, 7);
		n.forge_ptbs = true;
		probe(&n, &res);
		assert_int_equal(res.state, SEARCH_DONE);
		assert_int_equal(res.path_mtu, 1400);
		assert_int_equal(res.evidence, EVIDENCE_BLACK_HOLE);
		assert_int_equal(res.ptb_not_ours, res.probes);
		simnet_free(&n);
	}
}

static void silent_host_gives_up_after_three_rounds(void **state)
{
	struct run_result res;
	struct simnet n;

	(void)state;
	simnet_init(&n, AF_INET, 1500, SIM_PTB, 7);
	n.silent_host = true;
	probe(&n, &res);
	assert_int_equal(res.state, SEARCH_NO_ANSWER);
	assert_int_equal(res.rounds, 3);
	assert_int_equal(res.path_mtu, 0);
	/* three initial waits of one second, before any RTT is known */
	assert_true(res.elapsed <= 3100000);
	simnet_free(&n);
}

static void size_above_the_interface_is_the_local_limit(void **state)
{
	struct run_config cfg;
	struct run_result res;
	struct simnet n;

	(void)state;
	simnet_init(&n, AF_INET6, 9000, SIM_PTB, 7);
	simnet_config(&n, &cfg);
	cfg.max = 9000;
	assert_int_equal(run_probe(&simnet_ops, &n, &cfg, &res), 0);
	assert_int_equal(res.state, SEARCH_DONE);
	assert_int_equal(res.path_mtu, 1500);
	assert_int_equal(res.evidence, EVIDENCE_LOCAL);
	simnet_free(&n);
}

/* Two routers in a row that each let out one "too big" a second, naming
 * 1400 and then 1380. A silence above the MTU a "too big" named is what
 * that router said: no second round and no pause to believe it. */
static void two_rationed_ptb_routers_cost_rounds_not_seconds(void **state)
{
	int families[] = { AF_INET, AF_INET6 };

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct run_result res;
		struct simnet n;

		simnet_init(&n, families[i], 1380, SIM_PTB, 7);
		n.mtu1 = 1400;
		n.ptb_interval = 1000000;
		probe(&n, &res);
		assert_int_equal(res.state, SEARCH_DONE);
		assert_int_equal(res.path_mtu, 1380);
		assert_int_equal(res.evidence, EVIDENCE_PTB);
		assert_int_equal(res.ptb_mtu, 1380);
		assert_true(res.rounds <= 5);
		assert_true(res.elapsed < 5 * n.rtt + 10000);
		simnet_free(&n);
	}
}

/* Our own socket dropped the answers to large probes, for want of room
 * (as when many hosts are probed at once): the silences of those rounds
 * are not counted, and a clean path is not taken for a black hole. */
static void what_our_socket_dropped_is_not_silence(void **state)
{
	int families[] = { AF_INET, AF_INET6 };

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct run_result res;
		struct simnet n;

		simnet_init(&n, families[i], 1500, SIM_BLACK_HOLE, 7);
		n.sock_drops = 60;
		probe(&n, &res);
		assert_int_equal(res.state, SEARCH_DONE);
		assert_int_equal(res.path_mtu, 1500);
		assert_int_equal(res.local_drops, 60);
		simnet_free(&n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_ipv4_path_mtu_with_ptbs_is_exact),
		cmocka_unit_test(what_our_socket_dropped_is_not_silence),
		cmocka_unit_test(two_rationed_ptb_routers_cost_rounds_not_seconds),
		cmocka_unit_test(every_ipv4_path_mtu_behind_a_black_hole_is_exact),
		cmocka_unit_test(every_ipv4_path_mtu_with_20_percent_loss_is_exact),
		cmocka_unit_test(every_ipv4_black_hole_with_20_percent_loss_is_exact),
		cmocka_unit_test(every_ipv4_path_mtu_with_rate_limited_ptbs_is_exact),
		cmocka_unit_test(every_ipv4_path_mtu_with_ptbs_saying_mtu_0_is_exact),
		cmocka_unit_test(every_ipv4_path_mtu_with_ptbs_above_the_probe_is_exact),
		cmocka_unit_test(every_ipv6_path_mtu_with_ptbs_is_exact),
		cmocka_unit_test(every_ipv6_path_mtu_behind_a_black_hole_is_exact),
		cmocka_unit_test(every_ipv6_black_hole_with_20_percent_loss_is_exact),
		cmocka_unit_test(ptb_with_mtu_zero_still_finds_the_exact_mtu),
		cmocka_unit_test(ptb_quoting_only_eight_bytes_is_matched),
		cmocka_unit_test(forged_ptbs_change_nothing_and_are_counted),
		cmocka_unit_test(silent_host_gives_up_after_three_rounds),
		cmocka_unit_test(size_above_the_interface_is_the_local_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
