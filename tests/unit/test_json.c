// SPDX-License-Identifier: GPL-2.0-or-later
/* The JSON writer: commas and nesting are its own, and whatever bytes it
 * is given, what it writes is JSON in valid UTF-8. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "json.h"

static char *out;
static size_t outlen;
static FILE *mem;
static struct json j;

static int setup(void **state)
{
	(void)state;
	mem = open_memstream(&out, &outlen);
	assert_non_null(mem);
	json_init(&j, mem);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (mem)
		fclose(mem);
	mem = NULL;
	free(out);
	out = NULL;
	return 0;
}

/* What was written so far, and the writer's verdict on it. */
static const char *written(int *finish)
{
	fflush(mem);
	*finish = json_finish(&j);
	return out;
}

static void expect(const char *want)
{
	int finish;

	assert_string_equal(written(&finish), want);
	assert_int_equal(finish, 0);
}

static void expect_refused(const char *want, int err)
{
	int finish;

	assert_string_equal(written(&finish), want);
	assert_int_equal(finish, err);
}

static void members_and_elements_are_separated_by_commas(void **state)
{
	(void)state;
	json_object_open(&j);
	json_key_string(&j, "a", "x");
	json_key_uint(&j, "b", 2);
	json_key(&j, "c");
	json_array_open(&j);
	json_uint(&j, 1);
	json_bool(&j, true);
	json_null(&j);
	json_array_close(&j);
	json_key_bool(&j, "d", false);
	json_object_close(&j);
	expect("{\"a\":\"x\",\"b\":2,\"c\":[1,true,null],\"d\":false}");
}

static void empty_containers_take_no_comma(void **state)
{
	(void)state;
	json_array_open(&j);
	json_object_open(&j);
	json_object_close(&j);
	json_array_open(&j);
	json_array_close(&j);
	json_object_open(&j);
	json_key_uint(&j, "n", 0);
	json_object_close(&j);
	json_array_close(&j);
	expect("[{},[],{\"n\":0}]");
}

static void nested_objects_keep_their_own_commas(void **state)
{
	(void)state;
	json_object_open(&j);
	json_key_uint(&j, "a", 1);
	json_key(&j, "in");
	json_object_open(&j);
	json_key_uint(&j, "b", 2);
	json_key_uint(&j, "c", 3);
	json_object_close(&j);
	json_key_uint(&j, "d", 4);
	json_object_close(&j);
	expect("{\"a\":1,\"in\":{\"b\":2,\"c\":3},\"d\":4}");
}

static void a_value_where_a_key_belongs_is_refused(void **state)
{
	(void)state;
	json_object_open(&j);
	json_uint(&j, 1);
	json_object_close(&j);
	expect_refused("{", -EINVAL);
}

static void a_key_in_an_array_is_refused(void **state)
{
	(void)state;
	json_array_open(&j);
	json_key(&j, "a");
	expect_refused("[", -EINVAL);
}

static void a_key_without_its_value_is_refused(void **state)
{
	(void)state;
	json_object_open(&j);
	json_key(&j, "a");
	json_key(&j, "b");
	json_object_close(&j);
	expect_refused("{\"a\":", -EINVAL);
}

static void a_close_that_does_not_match_is_refused(void **state)
{
	(void)state;
	json_object_open(&j);
	json_array_close(&j);
	expect_refused("{", -EINVAL);
}

static void an_unclosed_container_is_said(void **state)
{
	(void)state;
	json_array_open(&j);
	json_uint(&j, 1);
	expect_refused("[1", -EINVAL);
}

static void nesting_deeper_than_the_limit_is_refused(void **state)
{
	char want[JSON_MAX_DEPTH + 1];

	(void)state;
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		json_array_open(&j);
	memset(want, '[', JSON_MAX_DEPTH);
	want[JSON_MAX_DEPTH] = '\0';
	expect_refused(want, -EOVERFLOW);
}

static void nesting_to_the_limit_closes_cleanly(void **state)
{
	(void)state;
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		json_array_open(&j);
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		json_array_close(&j);
	fflush(mem);
	assert_int_equal(json_finish(&j), 0);
	assert_int_equal(strlen(out), 2 * JSON_MAX_DEPTH);
}

static void numbers_in_each_form(void **state)
{
	(void)state;
	json_array_open(&j);
	json_uint(&j, 4294967295ul);
	json_int(&j, -1);
	json_int(&j, 63);
	json_fixed(&j, 4.2, 3);
	json_fixed(&j, 0.0005, 6);
	json_fixed(&j, NAN, 3);
	json_fixed(&j, INFINITY, 3);
	json_array_close(&j);
	expect("[4294967295,-1,63,4.200,0.000500,null,null]");
}

static void a_missing_string_is_null(void **state)
{
	(void)state;
	json_object_open(&j);
	json_key_string(&j, "s", NULL);
	json_key_uint_or_null(&j, "n", 5, true);
	json_key_uint_or_null(&j, "m", 5, false);
	json_object_close(&j);
	expect("{\"s\":null,\"n\":null,\"m\":5}");
}

static void quotes_backslashes_and_control_characters_are_escaped(void **state)
{
	(void)state;
	json_string(&j, "a\"b\\c\n\t\x01\x1f\x7f/ ~");
	expect("\"a\\\"b\\\\c\\u000a\\u0009\\u0001\\u001f\\u007f/ ~\"");
}

static void keys_are_escaped_as_strings_are(void **state)
{
	(void)state;
	json_object_open(&j);
	json_key_uint(&j, "a\"\xff", 1);
	json_object_close(&j);
	expect("{\"a\\\"\\ufffd\":1}");
}

static void valid_utf8_passes_through(void **state)
{
	/* é, €, U+1D11E, U+10FFFF, U+FFFD itself, U+D7FF, U+E000 */
	static const char s[] = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e "
				"\xf4\x8f\xbf\xbf \xef\xbf\xbd \xed\x9f\xbf "
				"\xee\x80\x80";
	char want[sizeof(s) + 2];

	(void)state;
	json_string(&j, s);
	snprintf(want, sizeof(want), "\"%s\"", s);
	expect(want);
}

/* One U+FFFD for each maximal part of a sequence that cannot be
 * completed, as Unicode's "U+FFFD substitution of maximal subparts". */
static void each_ill_formed_part_becomes_one_replacement(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "\xe9", "\\ufffd" },				/* Latin-1 é */
		{ "\xff", "\\ufffd" },
		{ "\xfe\xfe", "\\ufffd\\ufffd" },
		{ "x\x80y", "x\\ufffdy" },			/* lone continuation */
		{ "\xc0\xaf", "\\ufffd\\ufffd" },		/* overlong '/' */
		{ "\xc1\xbf", "\\ufffd\\ufffd" },
		{ "\xe0\x80\xaf", "\\ufffd\\ufffd\\ufffd" },	/* overlong */
		{ "\xf0\x80\x80\xaf", "\\ufffd\\ufffd\\ufffd\\ufffd" },
		{ "\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd" },	/* U+D800 */
		{ "\xed\xbf\xbf", "\\ufffd\\ufffd\\ufffd" },	/* U+DFFF */
		{ "\xf4\x90\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd" }, /* > U+10FFFF */
		{ "\xf5\x80\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd" },
		{ "\xe2\x82", "\\ufffd" },			/* cut short */
		{ "\xe2\x82z", "\\ufffdz" },
		{ "\xf0\x9f\x98", "\\ufffd" },
		{ "\xf0\x9f\x98\xc3\xa9", "\\ufffd\xc3\xa9" },
		{ "\xc3", "\\ufffd" },
		{ "\xc3\"", "\\ufffd\\\"" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char want[64];

		teardown(NULL);
		setup(NULL);
		json_string(&j, cases[i].in);
		snprintf(want, sizeof(want), "\"%s\"", cases[i].want);
		expect(want);
	}
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(members_and_elements_are_separated_by_commas),
		T(empty_containers_take_no_comma),
		T(nested_objects_keep_their_own_commas),
		T(a_value_where_a_key_belongs_is_refused),
		T(a_key_in_an_array_is_refused),
		T(a_key_without_its_value_is_refused),
		T(a_close_that_does_not_match_is_refused),
		T(an_unclosed_container_is_said),
		T(nesting_deeper_than_the_limit_is_refused),
		T(nesting_to_the_limit_closes_cleanly),
		T(numbers_in_each_form),
		T(a_missing_string_is_null),
		T(quotes_backslashes_and_control_characters_are_escaped),
		T(keys_are_escaped_as_strings_are),
		T(valid_utf8_passes_through),
		T(each_ill_formed_part_becomes_one_replacement),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
