// SPDX-License-Identifier: GPL-2.0-or-later
/* Who sent the RST: the judgement from what was observed. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rst.h"

static void initial_ttl_is_the_next_common_value(void **state)
{
	(void)state;
	assert_int_equal(rst_initial_ttl(1), 64);
	assert_int_equal(rst_initial_ttl(62), 64);
	assert_int_equal(rst_initial_ttl(64), 64);
	assert_int_equal(rst_initial_ttl(65), 128);
	assert_int_equal(rst_initial_ttl(120), 128);
	assert_int_equal(rst_initial_ttl(128), 128);
	assert_int_equal(rst_initial_ttl(129), 255);
	assert_int_equal(rst_initial_ttl(250), 255);
	assert_int_equal(rst_initial_ttl(255), 255);
}

static void distance_counts_the_sender_as_a_hop(void **state)
{
	(void)state;
	assert_int_equal(rst_distance(64), 1);
	assert_int_equal(rst_distance(62), 3);
	assert_int_equal(rst_distance(125), 4);
	assert_int_equal(rst_distance(250), 6);
}

/* The server 3 hops away answers echo with TTL 62. */
static struct rst_obs server_three_hops_away(void)
{
	struct rst_obs o;

	memset(&o, 0, sizeof(o));
	o.server_seen = true;
	o.server_ttl = 62;
	o.server_hops = 3;
	o.rst = true;
	return o;
}

static void rst_first_drawn_before_the_server_is_injected(void **state)
{
	struct rst_obs o = server_three_hops_away();
	struct rst_judgement j;

	(void)state;
	o.rst_ttl = 64;
	o.first_rst_ttl = 2;
	rst_judge(&o, &j);
	assert_int_equal(j.verdict, RST_INJECTED);
	assert_int_equal(j.hop, 1);
	assert_int_equal(j.server_hops, 3);
	assert_int_equal(j.rst_hops, 1);
	assert_false(j.signature);
}

static void rst_drawn_only_at_the_server_with_its_ttl_is_the_servers(void **state)
{
	struct rst_obs o = server_three_hops_away();
	struct rst_judgement j;

	(void)state;
	o.rst_ttl = 62;
	o.first_rst_ttl = 3;
	rst_judge(&o, &j);
	assert_int_equal(j.verdict, RST_FROM_SERVER);
}

static void rst_at_the_server_with_another_ttl_is_unsure(void **state)
{
	struct rst_obs o = server_three_hops_away();
	struct rst_judgement j;

	(void)state;
	o.rst_ttl = 128;	/* another stack, or a device forging it */
	o.first_rst_ttl = 3;
	rst_judge(&o, &j);
	assert_int_equal(j.verdict, RST_UNSURE);
}

static void without_ttl_limited_answers_the_ttls_decide(void **state)
{
	struct rst_obs o = server_three_hops_away();
	struct rst_judgement j;

	(void)state;
	o.server_hops = 0;	/* no TTL-limited echo */
	o.rst_ttl = 63;
	rst_judge(&o, &j);
	assert_int_equal(j.verdict, RST_INJECTED);
	assert_int_equal(j.hop, 2);
	o.rst_ttl = 62;
	rst_judge(&o, &j);
	assert_int_equal(j.verdict, RST_FROM_SERVER);
}

static void a_payload_is_a_middlebox_signature(void **state)
{
	struct rst_obs o = server_three_hops_away();
	struct rst_judgement j;

	(void)state;
	o.rst_ttl = 62;
	o.first_rst_ttl = 3;
	o.payload_total = o.payload_len = 5;
	memcpy(o.payload, "hello", 5);
	rst_judge(&o, &j);
	assert_true(j.signature);
}

static void no_rst_is_synack_or_no_answer(void **state)
{
	struct rst_obs o;
	struct rst_judgement j;

	(void)state;
	memset(&o, 0, sizeof(o));
	rst_judge(&o, &j);
	assert_int_equal(j.verdict, RST_NO_ANSWER);
	o.synack = true;
	o.server_seen = true;
	o.server_ttl = 62;
	rst_judge(&o, &j);
	assert_int_equal(j.verdict, RST_SYNACK);
	assert_int_equal(j.server_hops, 3);
}

static void escape_keeps_text_and_escapes_the_rest(void **state)
{
	const uint8_t p[] = "BIG-IP: [0x1f] \"No\\flow\"\r\n\x01\xff";
	char out[128];
	size_t n;

	(void)state;
	n = rst_escape(out, sizeof(out), p, sizeof(p) - 1);
	assert_int_equal(n, strlen(out));
	assert_string_equal(out, "BIG-IP: [0x1f] \\\"No\\\\flow\\\"\\x0d\\x0a\\x01\\xff");
}

static void escape_cuts_with_an_ellipsis_and_never_overflows(void **state)
{
	const uint8_t p[] = "0123456789\x01\x02";
	char out[16];

	(void)state;
	memset(out, 'X', sizeof(out));
	rst_escape(out, 10, p, sizeof(p) - 1);
	assert_string_equal(out, "012345...");
	assert_int_equal(out[10], 'X');
	assert_int_equal(rst_escape(out, 1, p, sizeof(p) - 1), 0);
	assert_string_equal(out, "");
	rst_escape(out, sizeof(out), p, sizeof(p) - 1);
	assert_string_equal(out, "0123456789...");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(initial_ttl_is_the_next_common_value),
		cmocka_unit_test(distance_counts_the_sender_as_a_hop),
		cmocka_unit_test(rst_first_drawn_before_the_server_is_injected),
		cmocka_unit_test(rst_drawn_only_at_the_server_with_its_ttl_is_the_servers),
		cmocka_unit_test(rst_at_the_server_with_another_ttl_is_unsure),
		cmocka_unit_test(without_ttl_limited_answers_the_ttls_decide),
		cmocka_unit_test(a_payload_is_a_middlebox_signature),
		cmocka_unit_test(no_rst_is_synack_or_no_answer),
		cmocka_unit_test(escape_keeps_text_and_escapes_the_rest),
		cmocka_unit_test(escape_cuts_with_an_ellipsis_and_never_overflows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
