// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The token bucket that paces what goes out, across every host probed at
 * once: in no window does more leave than the burst and the rate allow,
 * an idle bucket lets a burst go at once, and a long stream keeps to the
 * rate.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "bucket.h"

enum { N = 2000 };

struct sent {
	uint64_t at;
	size_t len;
};

/* Checks every window between two departures: bytes and packets within
 * burst + rate x length (a microsecond of rounding at each end). */
static void assert_within(const struct bucket *b, const struct sent *s,
			  size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t bytes = 0, pkts = 0;

		for (size_t j = i; j < n; j++) {
			uint64_t t = s[j].at - s[i].at + 2;

			bytes += s[j].len;
			pkts++;
			if (b->bytes_per_sec)
				assert_true(bytes <= b->burst_bytes +
					    b->bytes_per_sec * t / 1000000 + 1);
			if (b->pkts_per_sec)
				assert_true(pkts <= b->burst_pkts +
					    b->pkts_per_sec * t / 1000000 + 1);
		}
	}
}

static void no_window_lets_more_out_than_the_bucket_allows(void **state)
{
	static struct sent s[N];
	struct bucket b;
	uint64_t now = 1000000;

	(void)state;
	srand(7);
	/* 10 Mb/s and 2,000 packets a second, bursts of 32 KiB or 16 */
	bucket_init(&b, 1250000, 2000, 32768, 16);
	for (size_t i = 0; i < N; i++) {
		/* callers come in bursts, with pauses between */
		now += rand() % 4 ? 0 : (uint64_t)(rand() % 20000);
		s[i].len = 40 + (size_t)(rand() % 1461);
		s[i].at = bucket_take(&b, now, s[i].len);
		assert_true(s[i].at >= now);
		if (i)
			assert_true(s[i].at >= s[i - 1].at);
	}
	assert_within(&b, s, N);
}

static void an_idle_bucket_lets_a_burst_go_at_once(void **state)
{
	struct bucket b;

	(void)state;
	bucket_init(&b, 1250000, 0, 15000, 0);
	for (int i = 0; i < 10; i++)
		assert_int_equal(bucket_take(&b, 5000000, 1500), 5000000);
	/* the eleventh waits for 1,500 bytes' worth at 1.25 MB/s */
	assert_int_equal(bucket_take(&b, 5000000, 1500), 5001200);
}

static void a_long_stream_keeps_to_the_rate(void **state)
{
	struct bucket b;
	uint64_t at = 0;

	(void)state;
	bucket_init(&b, 0, 1000, 0, 10);
	for (int i = 0; i < 1010; i++)
		at = bucket_take(&b, 0, 1500);
	/* 10 at once, then 1,000 at one a millisecond */
	assert_int_equal(at, 1000000);
}

static void a_bucket_without_rates_never_waits(void **state)
{
	struct bucket b;

	(void)state;
	bucket_init(&b, 0, 0, 0, 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(bucket_take(&b, 42, 65535), 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_window_lets_more_out_than_the_bucket_allows),
		cmocka_unit_test(an_idle_bucket_lets_a_burst_go_at_once),
		cmocka_unit_test(a_long_stream_keeps_to_the_rate),
		cmocka_unit_test(a_bucket_without_rates_never_waits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
