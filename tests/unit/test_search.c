// SPDX-License-Identifier: GPL-2.0-or-later
/* The size search, driven by hand: each test is one rule of the search. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "search.h"

static const struct search_params v4 = {
	.proto_min = 68, .min = 68, .max = 1500, .per_round = 8,
	.confirm = 2, .max_copies = 6, .no_answer_rounds = 3, .max_rounds = 40,
};

static size_t plan(struct search *s, unsigned int *sizes)
{
	return search_plan(s, sizes, SEARCH_MAX_PER_ROUND);
}

static bool has(const unsigned int *sizes, size_t n, unsigned int v)
{
	for (size_t i = 0; i < n; i++)
		if (sizes[i] == v)
			return true;
	return false;
}

static size_t count(const unsigned int *sizes, size_t n, unsigned int v)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += sizes[i] == v;
	return c;
}

static void first_round_tries_the_bounds_and_the_common_mtus(void **state)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;
	size_t n;

	(void)state;
	search_init(&s, &v4);
	n = plan(&s, sizes);
	assert_int_equal(n, 16);
	assert_int_equal(sizes[0], 68);
	assert_int_equal(sizes[1], 1280);
	assert_int_equal(sizes[n - 1], 1500);
	for (size_t i = 1; i < n; i++)
		assert_true(sizes[i] > sizes[i - 1]);
	for (size_t i = 1; i < n - 1; i++)
		assert_int_equal(search_common_below(sizes[i] + 1), sizes[i]);
	/* PPPoE, WireGuard, the usual VPN clamps */
	assert_true(has(sizes, n, 1492));
	assert_true(has(sizes, n, 1420));
	assert_true(has(sizes, n, 1380));
}

static void first_round_thins_the_common_mtus_evenly(void **state)
{
	struct search_params jumbo = v4;
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;
	size_t n;

	(void)state;
	jumbo.max = 9000;
	search_init(&s, &jumbo);
	n = plan(&s, sizes);
	assert_int_equal(n, 16);
	assert_int_equal(sizes[n - 1], 9000);
	/* the sparse plateaus above 1500 stay; the dense ones below go
	 * where their neighbours stand close */
	assert_true(has(sizes, n, 8166));
	assert_true(has(sizes, n, 4352));
	assert_true(has(sizes, n, 2002));
	assert_true(has(sizes, n, 1500));
	assert_true(has(sizes, n, 1280));
	assert_false(has(sizes, n, 1476) && has(sizes, n, 1480));
}

static void first_round_without_common_mtus_spreads_evenly(void **state)
{
	struct search_params narrow = v4;
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;
	size_t n;

	(void)state;
	narrow.min = 1000;
	narrow.max = 1250;
	search_init(&s, &narrow);
	n = plan(&s, sizes);
	assert_int_equal(n, 8);
	assert_int_equal(sizes[0], 1000);
	assert_int_equal(sizes[n - 1], 1250);
}

static void full_mtu_answered_ends_at_once(void **state)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;
	size_t n;

	(void)state;
	search_init(&s, &v4);
	n = plan(&s, sizes);
	for (size_t i = 0; i < n; i++)
		search_note(&s, sizes[i], SEARCH_REPLY, 0);
	assert_int_equal(search_end_round(&s), SEARCH_DONE);
	assert_int_equal(search_path_mtu(&s), 1500);
	assert_int_equal(s.why, EVIDENCE_MAX);
}

static void ptb_mtu_is_tried_next_with_one_byte_more(void **state)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;
	size_t n;

	(void)state;
	search_init(&s, &v4);
	plan(&s, sizes);
	search_note(&s, 68, SEARCH_REPLY, 0);
	assert_true(search_note(&s, 1500, SEARCH_TOO_BIG, 1380));
	assert_int_equal(search_end_round(&s), SEARCH_RUNNING);
	n = plan(&s, sizes);
	assert_true(has(sizes, n, 1380));
	assert_true(has(sizes, n, 1381));
}

/* Two routers: the far one's "too big" about a smaller probe came first,
 * naming 1380; the near one's, about a larger probe, names 1400. The
 * smaller MTU binds, and explains the silence of the sizes above it. */
static void the_smallest_mtu_named_is_tried_next(void **state)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;
	size_t n;

	(void)state;
	search_init(&s, &v4);
	plan(&s, sizes);
	search_note(&s, 1380, SEARCH_REPLY, 0);
	assert_true(search_note(&s, 1400, SEARCH_TOO_BIG, 1380));
	assert_false(search_note(&s, 1412, SEARCH_TOO_BIG, 1400));
	assert_int_equal(search_end_round(&s), SEARCH_RUNNING);
	n = plan(&s, sizes);
	assert_true(has(sizes, n, 1381));
	/* both routers ration their replies: nothing comes */
	search_note(&s, 1380, SEARCH_REPLY, 0);
	assert_int_equal(search_end_round(&s), SEARCH_DONE);
	assert_int_equal(search_path_mtu(&s), 1380);
	assert_int_equal(s.why, EVIDENCE_PTB);
}

static void ptb_and_answer_one_byte_apart_end_the_search(void **state)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;

	(void)state;
	search_init(&s, &v4);
	plan(&s, sizes);
	search_note(&s, 1380, SEARCH_REPLY, 0);
	search_note(&s, 1381, SEARCH_TOO_BIG, 1380);
	assert_int_equal(search_end_round(&s), SEARCH_DONE);
	assert_int_equal(search_path_mtu(&s), 1380);
	assert_int_equal(s.why, EVIDENCE_PTB);
}

static void ptb_with_mtu_zero_marks_only_the_probe_too_big(void **state)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;

	(void)state;
	search_init(&s, &v4);
	plan(&s, sizes);
	search_note(&s, 68, SEARCH_REPLY, 0);
	assert_true(search_note(&s, 1400, SEARCH_TOO_BIG, 0));
	assert_int_equal(s.hi, 1400);
	assert_int_equal(s.hint, 0);
	assert_int_equal(s.ptb_no_mtu, 1);
}

static void ptb_with_mtu_not_below_the_probe_gives_no_hint(void **state)
{
	struct search s;

	(void)state;
	search_init(&s, &v4);
	search_note(&s, 68, SEARCH_REPLY, 0);
	assert_true(search_note(&s, 1400, SEARCH_TOO_BIG, 1400));
	assert_true(search_note(&s, 1300, SEARCH_TOO_BIG, 9000));
	assert_int_equal(s.hi, 1300);
	assert_int_equal(s.hint, 0);
	assert_int_equal(s.ptb_no_mtu, 2);
}

static void ptb_below_the_protocol_minimum_is_discarded(void **state)
{
	struct search_params p6 = v4;
	struct search s;

	(void)state;
	p6.proto_min = p6.min = 1280;
	search_init(&s, &p6);
	search_note(&s, 1280, SEARCH_REPLY, 0);
	assert_false(search_note(&s, 1500, SEARCH_TOO_BIG, 1000));
	assert_int_equal(s.hi, 1501);
	assert_int_equal(s.ptb_below_min, 1);
}

static void ptb_for_an_answered_size_is_ignored(void **state)
{
	struct search s;

	(void)state;
	search_init(&s, &v4);
	search_note(&s, 1400, SEARCH_REPLY, 0);
	assert_false(search_note(&s, 1300, SEARCH_TOO_BIG, 1200));
	assert_int_equal(s.hi, 1501);
	assert_int_equal(s.ptb_contradicting, 1);
}

static void ptb_mtu_below_an_answered_size_does_not_move_the_bracket(void **state)
{
	struct search s;

	(void)state;
	search_init(&s, &v4);
	search_note(&s, 1400, SEARCH_REPLY, 0);
	assert_true(search_note(&s, 1450, SEARCH_TOO_BIG, 1300));
	assert_int_equal(s.lo, 1400);
	assert_int_equal(s.hi, 1450);
	assert_int_equal(s.hint, 0);
	assert_int_equal(s.ptb_contradicting, 1);
}

static void answer_above_a_too_big_size_reopens_the_bracket(void **state)
{
	struct search s;

	(void)state;
	search_init(&s, &v4);
	search_note(&s, 68, SEARCH_REPLY, 0);
	search_note(&s, 1400, SEARCH_TOO_BIG, 0);
	search_note(&s, 1450, SEARCH_REPLY, 0);
	assert_int_equal(s.lo, 1450);
	assert_int_equal(s.hi, 1501);
}

/* A path known to lose nothing: a hundred answers, no loss. */
static void clean_path_at_1380(struct search *s, unsigned int hi)
{
	search_init(s, &v4);
	s->lo = 1380;
	s->lo_seen = true;
	s->hi = hi;
	s->good_sent = 100;
}

static void silence_is_a_black_hole_only_after_two_live_rounds(void **state)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;
	size_t n;

	(void)state;
	clean_path_at_1380(&s, 1386);
	n = plan(&s, sizes);
	assert_int_equal(n, 6);
	search_note(&s, 1380, SEARCH_REPLY, 0);
	assert_int_equal(search_end_round(&s), SEARCH_RUNNING);
	assert_int_equal(search_suspect(&s), 1381);

	n = plan(&s, sizes);
	assert_true(has(sizes, n, 1381));
	assert_true(s.pause);
	search_note(&s, 1380, SEARCH_REPLY, 0);
	assert_int_equal(search_end_round(&s), SEARCH_DONE);
	assert_int_equal(search_path_mtu(&s), 1380);
	assert_int_equal(s.why, EVIDENCE_BLACK_HOLE);
}

static void black_hole_is_confirmed_with_copies_enough_for_the_loss(void **state)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;
	size_t n, copies = 0;

	(void)state;
	clean_path_at_1380(&s, 1382);
	s.good_lost = 30;	/* 30 % loss */
	n = plan(&s, sizes);
	search_note(&s, 1380, SEARCH_REPLY, 0);
	search_end_round(&s);
	n = plan(&s, sizes);
	for (size_t i = 0; i < n; i++)
		copies += sizes[i] == 1381;
	assert_true(copies > 1);
	assert_false(s.pause);
	search_note(&s, 1380, SEARCH_REPLY, 0);
	assert_int_equal(search_end_round(&s), SEARCH_RUNNING);
}

static void a_size_silent_and_later_answered_counts_as_lost(void **state)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;

	(void)state;
	clean_path_at_1380(&s, 1386);
	plan(&s, sizes);
	search_note(&s, 1380, SEARCH_REPLY, 0);
	search_end_round(&s);
	assert_int_equal(s.good_lost, 0);
	plan(&s, sizes);
	search_note(&s, 1380, SEARCH_REPLY, 0);
	search_note(&s, 1385, SEARCH_REPLY, 0);
	search_end_round(&s);
	assert_int_equal(search_path_mtu(&s), 1385);
	assert_true(s.good_lost >= 4);
}

static void silence_in_a_round_without_any_answer_is_no_strike(void **state)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;

	(void)state;
	search_init(&s, &v4);
	s.lo = 1380;
	s.lo_seen = true;
	s.hi = 1390;
	plan(&s, sizes);
	assert_int_equal(search_end_round(&s), SEARCH_RUNNING);
	assert_int_equal(search_suspect(&s), 0);
	assert_int_equal(s.hi, 1390);
}

/* A round with no answer at all: until the path answers again, nothing
 * but the size it answered goes out, in the copies a lossy path wants. */
static void after_a_dead_round_only_the_answered_size_goes_out(void **state)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;
	size_t n;

	(void)state;
	clean_path_at_1380(&s, 1501);
	s.silent[s.nsilent++] = (struct search_silence){ 1381, 1, 6 };
	plan(&s, sizes);
	assert_int_equal(search_end_round(&s), SEARCH_RUNNING);
	n = plan(&s, sizes);
	assert_int_equal(n, 4);
	assert_int_equal(count(sizes, n, 1380), 4);
	/* it answers again: the search goes on where it stood */
	search_note(&s, 1380, SEARCH_REPLY, 0);
	assert_int_equal(search_end_round(&s), SEARCH_RUNNING);
	n = plan(&s, sizes);
	assert_true(has(sizes, n, 1381));
}

static void a_lost_small_probe_never_lowers_the_answer(void **state)
{
	struct search s;

	(void)state;
	search_init(&s, &v4);
	search_note(&s, 1400, SEARCH_REPLY, 0);
	search_note(&s, 1200, SEARCH_REPLY, 0);
	assert_int_equal(s.lo, 1400);
}

static void local_refusal_marks_the_size_too_big(void **state)
{
	struct search s;

	(void)state;
	search_init(&s, &v4);
	assert_true(search_note(&s, 1500, SEARCH_LOCAL_TOO_BIG, 0));
	assert_int_equal(s.hi, 1500);
	assert_int_equal(s.why, EVIDENCE_LOCAL);
}

static void no_answer_for_three_rounds_gives_up(void **state)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;

	(void)state;
	search_init(&s, &v4);
	for (int i = 0; i < 2; i++) {
		assert_true(plan(&s, sizes) > 0);
		assert_true(has(sizes, 8, 68));
		assert_int_equal(search_end_round(&s), SEARCH_RUNNING);
	}
	plan(&s, sizes);
	assert_int_equal(search_end_round(&s), SEARCH_NO_ANSWER);
	assert_int_equal(plan(&s, sizes), 0);
}

static void unreachable_before_any_answer_ends_the_search(void **state)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;

	(void)state;
	search_init(&s, &v4);
	plan(&s, sizes);
	search_note(&s, 68, SEARCH_UNREACH, 0);
	assert_int_equal(search_end_round(&s), SEARCH_UNREACHABLE);
}

static void too_big_at_the_minimum_says_so(void **state)
{
	struct search_params p = v4;
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;

	(void)state;
	p.min = 1400;
	search_init(&s, &p);
	plan(&s, sizes);
	search_note(&s, 1400, SEARCH_TOO_BIG, 1380);
	assert_int_equal(search_end_round(&s), SEARCH_BELOW_MIN);
}

static void plan_never_leaves_the_bounds(void **state)
{
	struct search_params p = v4;
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;
	size_t n;

	(void)state;
	p.min = 1000;
	p.max = 1003;
	search_init(&s, &p);
	n = plan(&s, sizes);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(sizes[i], 1000 + i);
}

static void plan_prefers_common_mtus_nearby(void **state)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;
	size_t n;

	(void)state;
	search_init(&s, &v4);
	s.lo = 1300;
	s.lo_seen = true;
	n = plan(&s, sizes);
	assert_true(has(sizes, n, 1500));
	assert_true(has(sizes, n, 1400) || has(sizes, n, 1412));
	assert_true(has(sizes, n, 1320) || has(sizes, n, 1350));
}

static void an_answer_at_a_common_mtu_sends_its_edge_at_once(void **state)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;
	size_t n;

	(void)state;
	clean_path_at_1380(&s, 1501);
	s.lo = 1420;
	s.silent[s.nsilent++] = (struct search_silence){ 1436, 1, 1 };
	n = plan(&s, sizes);
	/* half of the silences that settle it (3 with this little loss),
	 * and the bisection below the suspect keeps its slots */
	assert_int_equal(count(sizes, n, 1421), 2);
	assert_int_equal(n - count(sizes, n, 1421) + 1, v4.per_round);

	/* not for a size no list names */
	clean_path_at_1380(&s, 1501);
	s.lo = 1372;
	s.silent[s.nsilent++] = (struct search_silence){ 1380, 1, 1 };
	n = plan(&s, sizes);
	assert_true(count(sizes, n, 1373) <= 1);

	/* nor before anything above has gone silent */
	clean_path_at_1380(&s, 1501);
	n = plan(&s, sizes);
	assert_true(count(sizes, n, 1381) <= 1);
}

static void few_answers_so_far_bring_copies_of_the_largest(void **state)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	struct search s;
	size_t n;

	(void)state;
	search_init(&s, &v4);
	s.lo = 1280;
	s.lo_seen = true;
	s.good_sent = 2;
	s.silent[s.nsilent++] = (struct search_silence){ 1300, 1, 1 };
	n = plan(&s, sizes);
	/* 10 answers in all then need 12 silences, 6 a round */
	assert_int_equal(count(sizes, n, 1280), 8);
	assert_int_equal(count(sizes, n, 1281), 6);
}

/* Plays a whole search against a path that answers up to mtu. */
static enum search_state play(const struct search_params *p, unsigned int mtu,
			      unsigned int *rounds, unsigned int *probes)
{
	unsigned int sizes[SEARCH_MAX_PER_ROUND];
	enum search_state st = SEARCH_RUNNING;
	struct search s;
	size_t n;

	search_init(&s, p);
	*probes = 0;
	while (st == SEARCH_RUNNING && (n = plan(&s, sizes))) {
		for (size_t i = 0; i < n; i++)
			if (sizes[i] <= mtu)
				search_note(&s, sizes[i], SEARCH_REPLY, 0);
		*probes += (unsigned int)n;
		st = search_end_round(&s);
	}
	*rounds = s.rounds;
	assert_int_equal(search_path_mtu(&s), mtu);
	return st;
}

static void a_black_hole_at_a_common_mtu_takes_three_rounds(void **state)
{
	struct search_params v6 = v4;
	unsigned int rounds, probes;

	(void)state;
	v6.proto_min = v6.min = 1280;
	for (unsigned int mtu = 1280; mtu < 1500; mtu++) {
		if (search_common_below(mtu + 1) != mtu)
			continue;
		assert_int_equal(play(&v4, mtu, &rounds, &probes), SEARCH_DONE);
		assert_int_equal(rounds, 3);
		assert_true(probes < 64);
		assert_int_equal(play(&v6, mtu, &rounds, &probes), SEARCH_DONE);
		assert_int_equal(rounds, 3);
		assert_true(probes < 64);
	}
}

static void any_other_black_hole_is_found_exactly(void **state)
{
	struct search_params v6 = v4;
	unsigned int rounds, probes;

	(void)state;
	v6.proto_min = v6.min = 1280;
	for (unsigned int mtu = 1280; mtu <= 1500; mtu++) {
		assert_int_equal(play(&v6, mtu, &rounds, &probes), SEARCH_DONE);
		assert_true(rounds <= 6);
	}
	for (unsigned int mtu = 68; mtu <= 1500; mtu += 7)
		assert_int_equal(play(&v4, mtu, &rounds, &probes), SEARCH_DONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_round_tries_the_bounds_and_the_common_mtus),
		cmocka_unit_test(first_round_thins_the_common_mtus_evenly),
		cmocka_unit_test(first_round_without_common_mtus_spreads_evenly),
		cmocka_unit_test(full_mtu_answered_ends_at_once),
		cmocka_unit_test(ptb_mtu_is_tried_next_with_one_byte_more),
		cmocka_unit_test(the_smallest_mtu_named_is_tried_next),
		cmocka_unit_test(ptb_and_answer_one_byte_apart_end_the_search),
		cmocka_unit_test(ptb_with_mtu_zero_marks_only_the_probe_too_big),
		cmocka_unit_test(ptb_with_mtu_not_below_the_probe_gives_no_hint),
		cmocka_unit_test(ptb_below_the_protocol_minimum_is_discarded),
		cmocka_unit_test(ptb_for_an_answered_size_is_ignored),
		cmocka_unit_test(ptb_mtu_below_an_answered_size_does_not_move_the_bracket),
		cmocka_unit_test(answer_above_a_too_big_size_reopens_the_bracket),
		cmocka_unit_test(silence_is_a_black_hole_only_after_two_live_rounds),
		cmocka_unit_test(black_hole_is_confirmed_with_copies_enough_for_the_loss),
		cmocka_unit_test(a_size_silent_and_later_answered_counts_as_lost),
		cmocka_unit_test(silence_in_a_round_without_any_answer_is_no_strike),
		cmocka_unit_test(a_lost_small_probe_never_lowers_the_answer),
		cmocka_unit_test(after_a_dead_round_only_the_answered_size_goes_out),
		cmocka_unit_test(local_refusal_marks_the_size_too_big),
		cmocka_unit_test(no_answer_for_three_rounds_gives_up),
		cmocka_unit_test(unreachable_before_any_answer_ends_the_search),
		cmocka_unit_test(too_big_at_the_minimum_says_so),
		cmocka_unit_test(plan_never_leaves_the_bounds),
		cmocka_unit_test(plan_prefers_common_mtus_nearby),
		cmocka_unit_test(an_answer_at_a_common_mtu_sends_its_edge_at_once),
		cmocka_unit_test(few_answers_so_far_bring_copies_of_the_largest),
		cmocka_unit_test(a_black_hole_at_a_common_mtu_takes_three_rounds),
		cmocka_unit_test(any_other_black_hole_is_found_exactly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
