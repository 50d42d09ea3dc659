// SPDX-License-Identifier: GPL-2.0-or-later
/* The host list of -f FILE: one host a line, comments and blanks aside. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hosts.h"

static char err[256];

static int parse(const char *text, struct hosts *h)
{
	/* an exact copy, without the NUL, so that a read past it is seen */
	size_t len = strlen(text);
	char *buf = malloc(len ? len : 1);
	int ret;

	assert_non_null(buf);
	memcpy(buf, text, len);
	err[0] = '\0';
	ret = hosts_parse(buf, len, h, err, sizeof(err));
	free(buf);
	return ret;
}

static void one_host_a_line(void **state)
{
	struct hosts h;

	(void)state;
	assert_int_equal(parse("a.example\n10.0.0.1\nfd00::1\n", &h), 0);
	assert_int_equal(h.n, 3);
	assert_string_equal(h.name[0], "a.example");
	assert_string_equal(h.name[1], "10.0.0.1");
	assert_string_equal(h.name[2], "fd00::1");
	assert_int_equal(h.line[2], 3);
	hosts_free(&h);
}

static void comments_blanks_and_crlf_do_not_count(void **state)
{
	struct hosts h;

	(void)state;
	assert_int_equal(parse("# fleet\n\n  a.example  # the VPN\r\n\t\r\nb #\nc", &h), 0);
	assert_int_equal(h.n, 3);
	assert_string_equal(h.name[0], "a.example");
	assert_int_equal(h.line[0], 3);
	assert_string_equal(h.name[1], "b");
	assert_string_equal(h.name[2], "c");
	assert_int_equal(h.line[2], 6);
	hosts_free(&h);
}

static void two_words_on_a_line_are_refused(void **state)
{
	struct hosts h;

	(void)state;
	assert_int_equal(parse("a\nb c\n", &h), -EINVAL);
	assert_string_equal(err, "line 2: one host per line");
}

static void control_bytes_are_refused(void **state)
{
	struct hosts h;

	(void)state;
	assert_int_equal(parse("a\nb\001\n", &h), -EINVAL);
	assert_string_equal(err, "line 2: byte 0x01 is not text");
	assert_int_equal(hosts_parse("a\0b\n", 4, &h, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "line 1: byte 0x00 is not text");
}

static void a_name_too_long_is_refused(void **state)
{
	char text[300];
	struct hosts h;

	(void)state;
	memset(text, 'a', 254);
	text[254] = '\0';
	assert_int_equal(parse(text, &h), -EINVAL);
	assert_string_equal(err, "line 1: a host name of 254 characters (at most 253)");
	text[253] = '\0';
	assert_int_equal(parse(text, &h), 0);
	hosts_free(&h);
}

static void a_file_with_no_host_is_refused(void **state)
{
	struct hosts h;

	(void)state;
	assert_int_equal(parse("", &h), -ENODATA);
	assert_int_equal(parse("# nothing\n\n", &h), -ENODATA);
	assert_string_equal(err, "no host in it");
}

static void too_many_hosts_are_refused(void **state)
{
	size_t n = HOSTS_MAX + 1, i;
	char *text = malloc(n * 2 + 1), *p = text;
	struct hosts h;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < n; i++) {
		*p++ = 'a';
		*p++ = '\n';
	}
	*p = '\0';
	assert_int_equal(parse(text, &h), -E2BIG);
	assert_string_equal(err, "line 10001: more than 10000 hosts");
	text[HOSTS_MAX * 2] = '\0';
	assert_int_equal(parse(text, &h), 0);
	assert_int_equal(h.n, HOSTS_MAX);
	hosts_free(&h);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_host_a_line),
		cmocka_unit_test(comments_blanks_and_crlf_do_not_count),
		cmocka_unit_test(two_words_on_a_line_are_refused),
		cmocka_unit_test(control_bytes_are_refused),
		cmocka_unit_test(a_name_too_long_is_refused),
		cmocka_unit_test(a_file_with_no_host_is_refused),
		cmocka_unit_test(too_many_hosts_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
