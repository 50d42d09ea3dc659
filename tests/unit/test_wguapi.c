// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a userspace WireGuard implementation's control socket says of its
 * interface: the fwmark and the peers' endpoints, read from answers as
 * wireguard-go gives them, and nothing made up from one that is cut
 * short, malformed, or an error.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "wguapi.h"

/* As wireguard-go 0.0.20220316 answers "get=1" for wg-quick's client of
 * a full tunnel, keys cut short. */
static const char full_tunnel[] =
	"private_key=e84b5a6d2717c1003a13b431570353dbaca9146cf150c5f8575680feba52027a\n"
	"listen_port=40213\n"
	"fwmark=51820\n"
	"public_key=b85996fecc9c7f1fc6d2572a76eda11d59bcd20be8e543b15ce4bd85a8e75a33\n"
	"endpoint=10.99.3.2:51820\n"
	"last_handshake_time_sec=1764633600\n"
	"last_handshake_time_nsec=0\n"
	"tx_bytes=1212\n"
	"rx_bytes=92\n"
	"persistent_keepalive_interval=0\n"
	"allowed_ip=0.0.0.0/0\n"
	"allowed_ip=::/0\n"
	"public_key=58402e695ba1772b1cc9309755f043251ea77fdcf10fbe63989ceb7e19321376\n"
	"endpoint=[fd00:99:3::2]:51821\n"
	"allowed_ip=10.98.1.0/24\n"
	"errno=0\n"
	"\n";

static void the_mark_and_every_endpoint_are_read(void **state)
{
	struct wg_dev d;
	struct addr a;

	(void)state;
	assert_int_equal(wguapi_parse(full_tunnel, sizeof(full_tunnel) - 1, &d), 0);
	assert_int_equal(d.fwmark, 51820);
	assert_int_equal(d.nendpoints, 2);
	assert_int_equal(addr_pton("10.99.3.2", &a), 0);
	assert_true(wg_dev_has_endpoint(&d, &a));
	assert_int_equal(addr_pton("fd00:99:3::2", &a), 0);
	assert_true(wg_dev_has_endpoint(&d, &a));
	assert_int_equal(addr_pton("10.99.3.3", &a), 0);
	assert_false(wg_dev_has_endpoint(&d, &a));
}

static void no_fwmark_line_is_no_mark(void **state)
{
	static const char s[] = "listen_port=1\nerrno=0\n\n";
	struct wg_dev d;

	(void)state;
	assert_int_equal(wguapi_parse(s, sizeof(s) - 1, &d), 0);
	assert_int_equal(d.fwmark, 0);
	assert_int_equal(d.nendpoints, 0);
}

/* Every cut of the answer before its errno line is refused. */
static void an_answer_cut_short_is_refused(void **state)
{
	const char *end = strstr(full_tunnel, "errno=0\n");
	struct wg_dev d;

	(void)state;
	for (size_t n = 0; n < (size_t)(end - full_tunnel) + 7; n++)
		assert_int_equal(wguapi_parse(full_tunnel, n, &d), -EPROTO);
}

static void an_error_answer_says_its_errno(void **state)
{
	static const char s[] = "errno=19\n\n";
	struct wg_dev d;

	(void)state;
	assert_int_equal(wguapi_parse(s, sizeof(s) - 1, &d), -19);
}

static void malformed_lines_are_refused(void **state)
{
	static const char *bad[] = {
		"fwmark=4294967296\nerrno=0\n\n",
		"fwmark=-1\nerrno=0\n\n",
		"fwmark=\nerrno=0\n\n",
		"endpoint=10.99.3.2\nerrno=0\n\n",
		"endpoint=10.99.3.2:65536\nerrno=0\n\n",
		"endpoint=[fd00::1:51820\nerrno=0\n\n",
		"endpoint=host.example:51820\nerrno=0\n\n",
		"no equals sign\nerrno=0\n\n",
		"\nerrno=0\n\n",
		"errno=x\n\n",
	};
	struct wg_dev d;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_int_equal(wguapi_parse(bad[i], strlen(bad[i]), &d),
				 -EPROTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_mark_and_every_endpoint_are_read),
		cmocka_unit_test(no_fwmark_line_is_no_mark),
		cmocka_unit_test(an_answer_cut_short_is_refused),
		cmocka_unit_test(an_error_answer_says_its_errno),
		cmocka_unit_test(malformed_lines_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
