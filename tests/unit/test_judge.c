// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What mtuprobe believes of its searches: arrival by any method is proof,
 * a black hole one method alone saw is believed only at a size a link can
 * have, and where methods disagree the larger proven size wins, or the
 * directions are told apart.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "job.h"
#include "simnet.h"

static struct job *job_new(void)
{
	struct job *j = calloc(1, sizeof(*j));

	assert_non_null(j);
	return j;
}

/* A search that ended with an answer at pmtu, by evidence. */
static void found(struct run_result *r, unsigned int pmtu,
		  enum search_evidence evidence)
{
	r->state = SEARCH_DONE;
	r->path_mtu = pmtu;
	r->evidence = evidence;
	r->replies = 10;
	r->probes = 40;
	r->rounds = 5;
}

/* Echo found a black hole at x; SYNs above it arrived up to m. */
static struct job *echo_then_syns_above(unsigned int x, unsigned int m)
{
	struct job *j = job_new();

	j->method = METHOD_ICMP;
	found(&j->res, x, EVIDENCE_BLACK_HOLE);
	j->checked = true;
	j->check_port = 443;
	j->have_above = true;
	found(&j->above, m, EVIDENCE_LOCAL);
	return j;
}

static void a_black_hole_echo_alone_saw_at_a_link_size_is_believed(void **state)
{
	struct job *j = job_new();

	(void)state;
	j->method = METHOD_ICMP;
	found(&j->res, 1380, EVIDENCE_BLACK_HOLE);
	job_judge(j);
	assert_true(j->one_witness);
	assert_false(j->unconfirmed);
	assert_int_equal(j->nwitness, 1);
	assert_int_equal(j->witness[0].method, METHOD_ICMP);
	assert_int_equal(j->witness[0].largest, 1380);
	assert_int_equal(j->witness[0].dir, WITNESS_BOTH);
	assert_int_equal(j->toward, 1380);
	assert_int_equal(j->back, 0);
	free(j);
}

static void a_black_hole_below_1280_with_one_witness_is_unconfirmed(void **state)
{
	struct job *j = job_new();

	(void)state;
	j->method = METHOD_ICMP;
	found(&j->res, 1000, EVIDENCE_BLACK_HOLE);
	job_judge(j);
	assert_true(j->unconfirmed);
	free(j);
}

static void a_router_that_says_too_big_needs_no_second_witness(void **state)
{
	struct job *j = job_new();

	(void)state;
	j->method = METHOD_ICMP;
	found(&j->res, 1000, EVIDENCE_PTB);
	j->res.nlimits = 1;
	j->res.limits[0].mtu = 1000;
	job_judge(j);
	assert_false(j->one_witness);
	assert_false(j->unconfirmed);
	assert_false(job_wants_udp(j));
	free(j);
}

static void syns_that_stop_where_echo_stops_confirm_it(void **state)
{
	struct job *j = job_new();

	(void)state;
	j->method = METHOD_ICMP;
	found(&j->res, 1100, EVIDENCE_BLACK_HOLE);
	j->checked = true;
	j->check_port = 80;
	j->check_confirms = true;
	job_judge(j);
	assert_false(j->one_witness);
	assert_false(j->unconfirmed);
	assert_int_equal(j->nwitness, 2);
	assert_int_equal(j->witness[1].method, METHOD_TCP);
	assert_int_equal(j->witness[1].port, 80);
	assert_int_equal(j->witness[1].largest, 1100);
	assert_int_equal(j->witness[1].dir, WITNESS_TOWARD);
	free(j);
}

/* Below 1280, echo's silence is a filter at the host: the larger size
 * proven wins, and the answer is TCP's. */
static void syns_larger_than_echo_below_1280_unmask_a_filter(void **state)
{
	struct job *j = echo_then_syns_above(1000, 1500);

	(void)state;
	job_judge(j);
	assert_int_equal(j->filter_above, 1000);
	assert_int_equal(j->method, METHOD_TCP);
	assert_int_equal(j->res_port, 443);
	assert_int_equal(j->res.path_mtu, 1500);
	assert_int_equal(j->toward, 1500);
	assert_int_equal(j->back, 0);
	assert_true(j->have_echo);
	assert_int_equal(j->echo.path_mtu, 1000);
	assert_false(j->one_witness);
	assert_false(j->unconfirmed);
	assert_int_equal(j->nwitness, 2);
	assert_int_equal(j->witness[0].largest, 1000);
	assert_int_equal(j->witness[1].largest, 1500);
	free(j);
}

/* At a size a link can have, whole echo replies prove both directions up
 * to it: the way back is the narrower, and the advice is for it. */
static void syns_larger_than_whole_echo_replies_tell_the_directions(void **state)
{
	struct job *j = echo_then_syns_above(1380, 1500);

	(void)state;
	job_judge(j);
	assert_int_equal(j->toward, 1500);
	assert_int_equal(j->back, 1380);
	assert_int_equal(j->filter_above, 0);
	assert_int_equal(j->method, METHOD_ICMP);
	assert_int_equal(j->res.path_mtu, 1380);
	free(j);
}

/* Cut replies prove only the way there: a larger TCP size is a filter,
 * not a narrower way back. */
static void cut_echo_replies_prove_only_the_way_there(void **state)
{
	struct job *j = echo_then_syns_above(1380, 1500);

	(void)state;
	j->res.replies_cut = 5;
	job_judge(j);
	assert_int_equal(j->witness[0].dir, WITNESS_TOWARD);
	assert_int_equal(j->filter_above, 1380);
	assert_int_equal(j->back, 0);
	assert_int_equal(j->res.path_mtu, 1500);
	free(j);
}

/* The probes of every method count in the answer's. */
static void the_answer_counts_every_probe_sent(void **state)
{
	struct job *j = echo_then_syns_above(1000, 1500);

	(void)state;
	j->res.probes = 40 + 6 + 12;	/* as job_run adds them up */
	j->res.rounds = 5 + 1 + 2;
	job_judge(j);
	assert_int_equal(j->res.probes, 58);
	assert_int_equal(j->res.rounds, 8);
	free(j);
}

static void a_tcp_black_hole_alone_below_1280_is_unconfirmed(void **state)
{
	struct job *j = job_new();

	(void)state;
	j->method = METHOD_TCP;
	j->res_port = 443;
	j->fell_back = true;
	found(&j->res, 900, EVIDENCE_BLACK_HOLE);
	job_judge(j);
	assert_true(j->unconfirmed);
	assert_int_equal(j->witness[0].method, METHOD_TCP);
	assert_int_equal(j->witness[0].dir, WITNESS_TOWARD);
	free(j);
}

static void echo_beside_tcp_agreeing_is_a_second_witness(void **state)
{
	struct job *j = job_new();

	(void)state;
	j->method = METHOD_TCP;
	j->res_port = 443;
	found(&j->res, 900, EVIDENCE_BLACK_HOLE);
	j->have_icmp = true;
	found(&j->icmp_res, 900, EVIDENCE_BLACK_HOLE);
	job_judge(j);
	assert_false(j->one_witness);
	assert_int_equal(j->nwitness, 2);
	free(j);
}

/* The whole job against a simulated path, then the judgement. */
static struct job *run_job(struct simnet *n)
{
	struct job *j = job_new();

	simnet_config(n, &j->cfg);
	j->ifmtu = n->ifmtu;
	assert_int_equal(job_run(&simnet_ops, n, j), 0);
	job_judge(j);
	return j;
}

static struct simnet *sim(int family, unsigned int pmtu, enum sim_mode mode)
{
	struct simnet *n = calloc(1, sizeof(*n));

	assert_non_null(n);
	simnet_init(n, family, pmtu, mode, 7);
	return n;
}

static void sim_free(struct simnet *n)
{
	simnet_free(n);
	free(n);
}

static void a_host_filtering_big_echo_is_sized_by_its_tcp_port(void **state)
{
	struct simnet *n = sim(AF_INET, 1500, SIM_PTB);
	struct job *j;

	(void)state;
	n->echo_filter_above = 1000;
	n->tcp_open = true;
	j = run_job(n);
	assert_int_equal(j->res.state, SEARCH_DONE);
	assert_int_equal(j->res.path_mtu, 1500);
	assert_int_equal(j->method, METHOD_TCP);
	assert_int_equal(j->filter_above, 1000);
	assert_int_equal(j->filter_by, METHOD_TCP);
	assert_false(j->unconfirmed);
	free(j);
	sim_free(n);
}

static void syns_stopping_at_a_black_hole_confirm_it(void **state)
{
	struct simnet *n = sim(AF_INET, 1380, SIM_BLACK_HOLE);
	struct job *j;

	(void)state;
	j = run_job(n);		/* nothing listens: RSTs answer the SYNs */
	assert_int_equal(j->res.path_mtu, 1380);
	assert_int_equal(j->res.evidence, EVIDENCE_BLACK_HOLE);
	assert_true(j->check_confirms);
	assert_false(j->one_witness);
	assert_int_equal(j->nwitness, 2);
	/* the SYNs went out with the round that settled it: no round more */
	assert_true(j->res.edge_sent);
	assert_int_equal(j->check_rounds, 0);
	free(j);
	sim_free(n);
}

static void a_narrower_way_back_is_told_from_the_way_there(void **state)
{
	int families[] = { AF_INET, AF_INET6 };

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct simnet *n = sim(families[i], 1500, SIM_PTB);
		struct job *j;

		n->back_mtu = 1380;
		n->tcp_open = true;
		j = run_job(n);
		assert_int_equal(j->toward, 1500);
		assert_int_equal(j->back, 1380);
		assert_int_equal(j->res.path_mtu, 1380);
		assert_int_equal(j->method, METHOD_ICMP);
		free(j);
		sim_free(n);
	}
}

static void cut_replies_behind_a_black_hole_find_it(void **state)
{
	struct simnet *n = sim(AF_INET, 1380, SIM_BLACK_HOLE);
	struct job *j;

	(void)state;
	n->cut_reply = 76;
	n->tcp_silent = true;
	j = run_job(n);
	assert_int_equal(j->res.path_mtu, 1380);
	assert_true(j->res.replies_cut > 0);
	assert_int_equal(j->witness[0].dir, WITNESS_TOWARD);
	assert_true(j->one_witness);
	assert_false(j->unconfirmed);
	free(j);
	sim_free(n);
}

static void a_filter_no_other_method_sees_past_is_unconfirmed(void **state)
{
	struct simnet *n = sim(AF_INET, 1500, SIM_PTB);
	struct job *j;

	(void)state;
	n->echo_filter_above = 1000;
	n->tcp_silent = true;
	j = run_job(n);
	assert_int_equal(j->res.path_mtu, 1000);
	assert_true(j->unconfirmed);
	assert_true(job_wants_udp(j));
	free(j);
	sim_free(n);
}

static void a_policed_host_is_sized_by_slowing_down(void **state)
{
	struct simnet *n = sim(AF_INET, 1380, SIM_BLACK_HOLE);
	struct job *j;

	(void)state;
	n->police_rate = 5;
	n->police_burst = 2;
	n->tcp_silent = true;
	j = run_job(n);
	assert_int_equal(j->res.state, SEARCH_DONE);
	assert_int_equal(j->res.path_mtu, 1380);
	assert_true(j->res.policed);
	assert_true(j->res.elapsed <= 20000000);
	free(j);
	sim_free(n);
}

/* A router's "too big" for a larger limit up the path says nothing of
 * a black hole below it. */
static void a_ptb_for_another_limit_is_no_second_witness(void **state)
{
	struct job *j = job_new();

	(void)state;
	j->method = METHOD_ICMP;
	found(&j->res, 1100, EVIDENCE_BLACK_HOLE);
	j->res.nlimits = 1;
	j->res.limits[0].mtu = 1400;
	job_judge(j);
	assert_true(j->one_witness);
	assert_true(j->unconfirmed);
	free(j);
}

static void syns_with_data_dropped_leave_it_to_udp(void **state)
{
	struct simnet *n = sim(AF_INET, 1380, SIM_BLACK_HOLE);
	struct job *j;

	(void)state;
	n->echo_drop = true;
	n->tcp_open = true;
	n->syn_data_drop = true;
	j = run_job(n);
	assert_true(j->fell_back);
	assert_true(j->syn_data_refused);
	assert_true(j->syn_data_dropped);
	assert_true(job_wants_udp(j));
	free(j);
	sim_free(n);
}

static void a_limit_likely_a_filter_is_not_traced_on_the_path(void **state)
{
	struct simnet *n = sim(AF_INET, 1500, SIM_PTB);
	struct job *j = job_new();

	(void)state;
	n->echo_filter_above = 1000;
	n->tcp_silent = true;
	simnet_config(n, &j->cfg);
	j->ifmtu = n->ifmtu;
	j->trace = true;
	assert_int_equal(job_run(&simnet_ops, n, j), 0);
	job_judge(j);
	assert_true(j->unconfirmed);
	assert_false(j->have_trace);
	free(j);
	sim_free(n);
}

static void udp_that_went_no_further_still_counts_its_cost(void **state)
{
	struct job *j = job_new();

	(void)state;
	j->method = METHOD_ICMP;
	found(&j->res, 1000, EVIDENCE_BLACK_HOLE);
	j->have_udp = true;
	j->udp.state = SEARCH_NO_ANSWER;
	j->udp.probes = 3;
	j->udp.rounds = 3;
	j->udp.elapsed = 3000000;
	job_judge(j);
	assert_true(j->unconfirmed);
	assert_int_equal(j->res.probes, 43);
	assert_int_equal(j->res.rounds, 8);
	assert_int_equal(j->res.elapsed, 3000000);
	free(j);
}

/* Echo, and plain SYNs to 443 and 80 beside its first round: a host that
 * ignores echo and serves the web costs echo one round, not three. */
static void a_host_ignoring_echo_is_searched_by_tcp_after_one_round(void **state)
{
	struct simnet *n = sim(AF_INET, 1380, SIM_BLACK_HOLE);
	struct job *j;

	(void)state;
	n->echo_drop = true;
	n->tcp_open = true;
	j = run_job(n);
	assert_int_equal(j->res.state, SEARCH_DONE);
	assert_int_equal(j->res.path_mtu, 1380);
	assert_int_equal(j->method, METHOD_TCP);
	assert_int_equal(j->res_port, 443);
	assert_true(j->fell_back);
	/* the echo that got nothing: one round */
	assert_int_equal(j->check_rounds, 1);
	assert_true(j->check_elapsed < 100000);
	free(j);
	sim_free(n);
}

/* Port 80 answers where 443 does not: it is the one searched. */
static void the_port_that_answers_beside_echo_is_the_one_searched(void **state)
{
	struct simnet *n = sim(AF_INET6, 1380, SIM_PTB);
	struct job *j;

	(void)state;
	n->echo_drop = true;
	n->tcp_open = true;
	n->tcp_port = 80;
	n->tcp_silent = true;
	j = run_job(n);
	assert_int_equal(j->res.state, SEARCH_DONE);
	assert_int_equal(j->res.path_mtu, 1380);
	assert_int_equal(j->res_port, 80);
	free(j);
	sim_free(n);
}

/* A host that answers nothing costs echo's three rounds, with the SYNs
 * beside them, and no rounds of SYNs after. */
static void a_host_answering_nothing_costs_one_wait(void **state)
{
	struct simnet *n = sim(AF_INET, 1500, SIM_PTB);
	struct job *j;

	(void)state;
	n->silent_host = true;
	j = run_job(n);
	assert_int_equal(j->res.state, SEARCH_NO_ANSWER);
	assert_true(j->tried_tcp);
	assert_false(j->fell_back);
	assert_int_equal(j->res.rounds, 3);
	assert_true(j->res.elapsed <= 3200000);
	free(j);
	sim_free(n);
}

/* The job, with a datagram of size sent beside echo's first round by
 * another socket, with our cookie or another's, to a host that answers
 * neither echo nor SYNs but UDP. */
static struct job *run_job_udp_side(struct simnet *n, unsigned int size,
				    bool ours)
{
	struct job *j = job_new();
	struct run_config sent;

	n->echo_drop = true;
	n->tcp_silent = true;
	n->udp_answers = true;
	simnet_config(n, &j->cfg);
	j->ifmtu = n->ifmtu;
	j->cfg.udp_side = size;
	sent = j->cfg;
	if (!ours)
		sent.echo.cookie[0] ^= 1;
	simnet_udp_side(n, &sent);
	assert_int_equal(job_run(&simnet_ops, n, j), 0);
	return j;
}

/* A host that answers only UDP: the "port unreachable" about the datagram
 * ends echo's first round, and the job leaves echo and SYNs after it, for
 * UDP. */
static void a_host_answering_only_udp_costs_one_round_trip(void **state)
{
	struct simnet *n = sim(AF_INET6, 1380, SIM_BLACK_HOLE);
	struct job *j;

	(void)state;
	j = run_job_udp_side(n, 1280, true);
	assert_true(j->udp_answers);
	assert_true(job_wants_udp(j));
	assert_int_equal(j->res.state, SEARCH_NO_ANSWER);
	assert_int_equal(j->res.rounds, 1);
	/* the round trip, and the floor of the wait for the rest */
	assert_true(j->res.elapsed <= n->rtt + j->cfg.wait_floor);
	free(j);
	sim_free(n);
}

/* Nor is a "port unreachable" about someone else's datagram an answer:
 * it must quote our cookie. */
static void a_port_unreachable_without_our_cookie_is_no_answer(void **state)
{
	struct simnet *n = sim(AF_INET, 1500, SIM_PTB);
	struct job *j;

	(void)state;
	j = run_job_udp_side(n, 68, false);
	assert_false(j->udp_answers);
	assert_int_equal(j->res.state, SEARCH_NO_ANSWER);
	assert_int_equal(j->res.rounds, 3);
	free(j);
	sim_free(n);
}

/* The job as a measurement runs it, UDP aside: the searches, the check by
 * TTL-limited probes where the answer is still in doubt, the judgement. */
static struct job *run_job_checked(struct simnet *n)
{
	struct job *j = job_new();

	simnet_config(n, &j->cfg);
	j->ifmtu = n->ifmtu;
	assert_int_equal(job_run(&simnet_ops, n, j), 0);
	if (job_wants_ttl(j))
		assert_int_equal(job_check_ttl(&simnet_ops, n, j), 0);
	job_judge(j);
	return j;
}

/* A black hole below 1280 at a router, seen by echo alone: the router
 * after it answers small TTL-limited probes while the larger never reach
 * it, so the path itself drops them. A second witness, naming the hop. */
static void ttl_limited_probes_confirm_a_black_hole_before_a_router(void **state)
{
	struct simnet *n = sim(AF_INET, 1500, SIM_PTB);
	struct job *j;

	(void)state;
	n->mtu1 = 1000;
	n->mtu1_silent = true;
	n->tcp_silent = true;
	j = run_job_checked(n);
	assert_int_equal(j->res.state, SEARCH_DONE);
	assert_int_equal(j->res.path_mtu, 1000);
	assert_int_equal(j->res.evidence, EVIDENCE_BLACK_HOLE);
	assert_int_equal(j->ttl_hop, 2);
	assert_false(j->one_witness);
	assert_false(j->unconfirmed);
	assert_int_equal(j->nwitness, 2);
	assert_int_equal(j->witness[0].hop, 0);
	assert_int_equal(j->witness[1].hop, 2);
	assert_int_equal(j->witness[1].largest, 1000);
	assert_int_equal(j->witness[1].dir, WITNESS_TOWARD);
	/* the probes count in the answer's cost */
	assert_true(j->res.probes > j->tr.probes);
	free(j);
	sim_free(n);
}

/* The same behind routers that let out one Time Exceeded a second: the
 * check waits for them rather than give up. */
static void a_router_that_rations_time_exceeded_still_confirms_it(void **state)
{
	struct simnet *n = sim(AF_INET, 1500, SIM_PTB);
	struct job *j;

	(void)state;
	n->mtu1 = 1000;
	n->mtu1_silent = true;
	n->tcp_silent = true;
	n->te_burst = 1;
	n->te_interval = 1000000;
	j = run_job_checked(n);
	assert_int_equal(j->res.path_mtu, 1000);
	assert_int_equal(j->ttl_hop, 2);
	assert_false(j->unconfirmed);
	free(j);
	sim_free(n);
}

/* Larger probes that reach the last router and vanish after it: a limit
 * on the last link and a filter at the host look alike. Still
 * unconfirmed, and the last router is named for the note. */
static void a_limit_after_the_last_router_stays_unconfirmed(void **state)
{
	struct simnet *n = sim(AF_INET, 1000, SIM_BLACK_HOLE);
	struct job *j;

	(void)state;
	n->tcp_silent = true;
	j = run_job_checked(n);
	assert_int_equal(j->res.path_mtu, 1000);
	assert_int_equal(j->ttl_hop, 0);
	assert_int_equal(j->ttl_last, 2);
	assert_true(j->unconfirmed);
	assert_false(j->have_trace);
	free(j);
	sim_free(n);
}

static void a_filter_at_the_host_stays_unconfirmed(void **state)
{
	struct simnet *n = sim(AF_INET, 1500, SIM_PTB);
	struct job *j;

	(void)state;
	n->echo_filter_above = 1000;
	n->tcp_silent = true;
	j = run_job_checked(n);
	assert_int_equal(j->res.path_mtu, 1000);
	assert_int_equal(j->ttl_hop, 0);
	assert_int_equal(j->ttl_last, 2);
	assert_true(j->unconfirmed);
	free(j);
	sim_free(n);
}

/* Nothing to check where the answer is not in doubt, or where UDP went
 * further. */
static void ttl_limited_probes_only_where_the_answer_is_in_doubt(void **state)
{
	struct job *j = job_new();

	(void)state;
	j->method = METHOD_ICMP;
	found(&j->res, 1380, EVIDENCE_BLACK_HOLE);
	assert_false(job_wants_ttl(j));
	found(&j->res, 1000, EVIDENCE_PTB);
	assert_false(job_wants_ttl(j));
	found(&j->res, 1000, EVIDENCE_BLACK_HOLE);
	assert_true(job_wants_ttl(j));
	j->have_udp = true;
	found(&j->udp, 1500, EVIDENCE_MAX);
	assert_false(job_wants_ttl(j));
	free(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_black_hole_echo_alone_saw_at_a_link_size_is_believed),
		cmocka_unit_test(ttl_limited_probes_confirm_a_black_hole_before_a_router),
		cmocka_unit_test(a_host_ignoring_echo_is_searched_by_tcp_after_one_round),
		cmocka_unit_test(the_port_that_answers_beside_echo_is_the_one_searched),
		cmocka_unit_test(a_host_answering_nothing_costs_one_wait),
		cmocka_unit_test(a_host_answering_only_udp_costs_one_round_trip),
		cmocka_unit_test(a_port_unreachable_without_our_cookie_is_no_answer),
		cmocka_unit_test(a_router_that_rations_time_exceeded_still_confirms_it),
		cmocka_unit_test(a_limit_after_the_last_router_stays_unconfirmed),
		cmocka_unit_test(a_filter_at_the_host_stays_unconfirmed),
		cmocka_unit_test(ttl_limited_probes_only_where_the_answer_is_in_doubt),
		cmocka_unit_test(a_black_hole_below_1280_with_one_witness_is_unconfirmed),
		cmocka_unit_test(a_router_that_says_too_big_needs_no_second_witness),
		cmocka_unit_test(syns_that_stop_where_echo_stops_confirm_it),
		cmocka_unit_test(syns_larger_than_echo_below_1280_unmask_a_filter),
		cmocka_unit_test(syns_larger_than_whole_echo_replies_tell_the_directions),
		cmocka_unit_test(cut_echo_replies_prove_only_the_way_there),
		cmocka_unit_test(the_answer_counts_every_probe_sent),
		cmocka_unit_test(a_tcp_black_hole_alone_below_1280_is_unconfirmed),
		cmocka_unit_test(echo_beside_tcp_agreeing_is_a_second_witness),
		cmocka_unit_test(a_host_filtering_big_echo_is_sized_by_its_tcp_port),
		cmocka_unit_test(syns_stopping_at_a_black_hole_confirm_it),
		cmocka_unit_test(a_narrower_way_back_is_told_from_the_way_there),
		cmocka_unit_test(cut_replies_behind_a_black_hole_find_it),
		cmocka_unit_test(a_filter_no_other_method_sees_past_is_unconfirmed),
		cmocka_unit_test(a_policed_host_is_sized_by_slowing_down),
		cmocka_unit_test(a_ptb_for_another_limit_is_no_second_witness),
		cmocka_unit_test(syns_with_data_dropped_leave_it_to_udp),
		cmocka_unit_test(a_limit_likely_a_filter_is_not_traced_on_the_path),
		cmocka_unit_test(udp_that_went_no_further_still_counts_its_cost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
