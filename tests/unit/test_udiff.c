// SPDX-License-Identifier: GPL-2.0-or-later
/* The diff of a changed file, as diff -u prints it: each expectation is
 * what GNU diff 3.8 prints for the same pair of files, except where two
 * changes lie far apart: GNU diff makes a hunk of each, udiff one hunk of
 * both, every line between them replaced. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "udiff.h"
#include "wgconf.h"

static char *out;

static const char *diff(const char *a, const char *b, unsigned int ctx,
			udiff_put_fn *put)
{
	size_t len;
	FILE *f;

	free(out);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	assert_int_equal(udiff(f, "a", "b", a, strlen(a), b, strlen(b), ctx,
			       put), 0);
	fclose(f);
	return out;
}

static int teardown(void **state)
{
	(void)state;
	free(out);
	out = NULL;
	return 0;
}

static void same_texts_give_nothing(void **state)
{
	(void)state;
	assert_string_equal(diff("", "", 3, NULL), "");
	assert_string_equal(diff("x\ny\n", "x\ny\n", 3, NULL), "");
	assert_string_equal(diff("x\ny", "x\ny", 3, NULL), "");
}

static void an_inserted_line_has_context_on_both_sides(void **state)
{
	(void)state;
	assert_string_equal(
		diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n",
		     "1\n2\n3\n4\n5\nnew\n6\n7\n8\n9\n", 3, NULL),
		"--- a\n+++ b\n@@ -3,6 +3,7 @@\n"
		" 3\n 4\n 5\n+new\n 6\n 7\n 8\n");
}

static void a_changed_line_is_removed_then_added(void **state)
{
	(void)state;
	assert_string_equal(
		diff("[Interface]\nMTU = 1420\nAddress = x\n",
		     "[Interface]\nMTU = 1320\nAddress = x\n", 3, NULL),
		"--- a\n+++ b\n@@ -1,3 +1,3 @@\n"
		" [Interface]\n-MTU = 1420\n+MTU = 1320\n Address = x\n");
}

static void context_stops_at_the_ends_of_the_file(void **state)
{
	(void)state;
	/* an insertion after the first line */
	assert_string_equal(diff("h\n", "h\nn\n", 3, NULL),
			    "--- a\n+++ b\n@@ -1 +1,2 @@\n h\n+n\n");
	/* at the very top, nothing before */
	assert_string_equal(diff("a\nb\n", "n\na\nb\n", 1, NULL),
			    "--- a\n+++ b\n@@ -1 +1,2 @@\n+n\n a\n");
}

static void an_empty_range_names_the_line_before_it(void **state)
{
	(void)state;
	/* diff -U0: "-2,0" means "after line 2" */
	assert_string_equal(diff("a\nb\nc\n", "a\nb\nn\nc\n", 0, NULL),
			    "--- a\n+++ b\n@@ -2,0 +3 @@\n+n\n");
	assert_string_equal(diff("a\nb\n", "n\na\nb\n", 0, NULL),
			    "--- a\n+++ b\n@@ -0,0 +1 @@\n+n\n");
	assert_string_equal(diff("", "n\n", 3, NULL),
			    "--- a\n+++ b\n@@ -0,0 +1 @@\n+n\n");
}

static void a_last_line_without_line_end_is_marked(void **state)
{
	(void)state;
	assert_string_equal(diff("[Interface]", "[Interface]\nMTU = 1320", 3, NULL),
			    "--- a\n+++ b\n@@ -1 +1,2 @@\n"
			    "-[Interface]\n\\ No newline at end of file\n"
			    "+[Interface]\n+MTU = 1320\n\\ No newline at end of file\n");
	/* a line end added to the last line changes that line */
	assert_string_equal(diff("a\nb", "a\nb\n", 3, NULL),
			    "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n"
			    "-b\n\\ No newline at end of file\n+b\n");
}

static void crlf_lines_are_kept_byte_for_byte(void **state)
{
	(void)state;
	assert_string_equal(diff("[Interface]\r\nA = 1\r\n",
				 "[Interface]\r\nMTU = 1320\r\nA = 1\r\n", 3, NULL),
			    "--- a\n+++ b\n@@ -1,2 +1,3 @@\n"
			    " [Interface]\r\n+MTU = 1320\r\n A = 1\r\n");
}

static void one_hunk_spans_every_change(void **state)
{
	(void)state;
	/* two changes far apart: one hunk, the lines between replaced */
	assert_string_equal(diff("1\n2\n3\n4\n", "x\n2\n3\ny\n", 0, NULL),
			    "--- a\n+++ b\n@@ -1,4 +1,4 @@\n"
			    "-1\n-2\n-3\n-4\n+x\n+2\n+3\n+y\n");
}

static void keys_are_hidden_when_lines_go_through_wgconf(void **state)
{
	(void)state;
	assert_string_equal(
		diff("[Interface]\nPrivateKey = SECRET=\nListenPort = 51820\n",
		     "[Interface]\nMTU = 1320\nPrivateKey = SECRET=\nListenPort = 51820\n",
		     3, wgconf_put_line),
		"--- a\n+++ b\n@@ -1,3 +1,4 @@\n"
		" [Interface]\n+MTU = 1320\n PrivateKey = (hidden)\n ListenPort = 51820\n");
	assert_null(strstr(out, "SECRET"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(same_texts_give_nothing, teardown),
		cmocka_unit_test_teardown(an_inserted_line_has_context_on_both_sides, teardown),
		cmocka_unit_test_teardown(a_changed_line_is_removed_then_added, teardown),
		cmocka_unit_test_teardown(context_stops_at_the_ends_of_the_file, teardown),
		cmocka_unit_test_teardown(an_empty_range_names_the_line_before_it, teardown),
		cmocka_unit_test_teardown(a_last_line_without_line_end_is_marked, teardown),
		cmocka_unit_test_teardown(crlf_lines_are_kept_byte_for_byte, teardown),
		cmocka_unit_test_teardown(one_hunk_spans_every_change, teardown),
		cmocka_unit_test_teardown(keys_are_hidden_when_lines_go_through_wgconf, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
