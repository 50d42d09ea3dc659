// SPDX-License-Identifier: GPL-2.0-or-later
/* The JSON writer: commas and nesting are its own, and whatever bytes it
 * is given, what it writes is JSON in valid UTF-8. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "json.h"
#include "report.h"

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

/* ------------------------------------------ checks of what was written */

/* Valid UTF-8 by decoding it (RFC 3629 §3): no overlong form, no
 * surrogate, nothing above U+10FFFF, no sequence cut short. */
static bool utf8_strict(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	static const uint32_t least[] = { 0, 0x80, 0x800, 0x10000 };

	while (*s) {
		unsigned int more = *s >= 0xf0 ? 3 : *s >= 0xe0 ? 2 :
				    *s >= 0xc0 ? 1 : 0;
		uint32_t cp = *s & (0x7f >> more);

		if ((*s & 0xc0) == 0x80 || *s >= 0xf8)
			return false;
		s++;
		for (unsigned int k = 0; k < more; k++, s++) {
			if ((*s & 0xc0) != 0x80)
				return false;	/* NUL included: cut short */
			cp = cp << 6 | (*s & 0x3f);
		}
		if (cp < least[more] || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
	}
	return true;
}

/* A recursive descent over RFC 8259's grammar; each returns where the
 * value ends, or NULL. */
static const char *json_value(const char *p, int depth);

static const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static const char *json_text_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (; *p != '"'; p++) {
		if ((unsigned char)*p < 0x20)
			return NULL;	/* the end, or raw control */
		if (*p != '\\')
			continue;
		p++;
		if (*p == 'u') {
			for (int k = 1; k <= 4; k++)
				if (!strchr("0123456789abcdefABCDEF", p[k]) ||
				    !p[k])
					return NULL;
			p += 4;
		} else if (!*p || !strchr("\"\\/bfnrt", *p)) {
			return NULL;
		}
	}
	return p + 1;
}

static const char *json_digits(const char *p)
{
	const char *start = p;

	while (*p >= '0' && *p <= '9')
		p++;
	return p > start ? p : NULL;
}

static const char *json_number(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (!(*p >= '1' && *p <= '9') || !(p = json_digits(p)))
		return NULL;
	if (*p == '.' && !(p = json_digits(p + 1)))
		return NULL;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		p = json_digits(p);
	}
	return p;
}

/* An object (close '}') or an array (close ']'), from after its opener. */
static const char *json_members(const char *p, char close, int depth)
{
	p = json_ws(p);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (close == '}') {
			p = json_text_string(p);
			if (!p || *(p = json_ws(p)) != ':')
				return NULL;
			p++;
		}
		p = json_value(p, depth + 1);
		if (!p)
			return NULL;
		p = json_ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
		p = json_ws(p);
	}
}

static const char *json_value(const char *p, int depth)
{
	p = json_ws(p);
	if (depth > 64)
		return NULL;
	if (*p == '{' || *p == '[')
		return json_members(p + 1, *p == '{' ? '}' : ']', depth);
	if (*p == '"')
		return json_text_string(p);
	if (!strncmp(p, "true", 4))
		return p + 4;
	if (!strncmp(p, "false", 5))
		return p + 5;
	if (!strncmp(p, "null", 4))
		return p + 4;
	return json_number(p);
}

/* One JSON object on one line, as a line of -f's output is. */
static bool json_line(const char *text)
{
	const char *end;

	if (*json_ws(text) != '{')
		return false;
	end = json_value(text, 0);
	return end && !strcmp(end, "\n");
}

static void the_checks_refuse_what_they_should(void **state)
{
	(void)state;
	assert_true(utf8_strict("caf\xc3\xa9 \xf4\x8f\xbf\xbf"));
	assert_false(utf8_strict("caf\xe9"));
	assert_false(utf8_strict("\xff"));
	assert_false(utf8_strict("\xc0\xaf"));
	assert_false(utf8_strict("\xe0\x80\xaf"));
	assert_false(utf8_strict("\xed\xa0\x80"));
	assert_false(utf8_strict("\xf4\x90\x80\x80"));
	assert_false(utf8_strict("\xe2\x82"));
	assert_true(json_line("{\"a\":[1,-2.5e3,\"\\u00e9\",true,null,{}]}\n"));
	assert_false(json_line("{\"a\":1,}\n"));
	assert_false(json_line("{\"a\":1}{\"b\":2}\n"));
	assert_false(json_line("{\"a\":\"\x01\"}\n"));
	assert_false(json_line("{\"a\":01}\n"));
	assert_false(json_line("{\"a\" 1}\n"));
}

/* ------------------------------- a host name in Latin-1, as reported */

/* "café" in Latin-1, then a byte no encoding of text uses */
static const char latin1_host[] = "caf\xe9\xff.example";

static void a_latin1_host_makes_a_valid_failure_line(void **state)
{
	(void)state;
	report_json_failure(mem, latin1_host, "unknown_host",
			    "cannot resolve 'caf\xe9\xff.example'");
	fflush(mem);
	assert_true(utf8_strict(out));
	assert_true(json_line(out));
	assert_string_equal(out, "{\"type\":\"failure\",\"version\":1,"
			    "\"host\":\"caf\\ufffd\\ufffd.example\","
			    "\"status\":\"unknown_host\",\"error\":"
			    "\"cannot resolve 'caf\\ufffd\\ufffd.example'\"}\n");
}

static void a_latin1_host_makes_a_valid_probe_report(void **state)
{
	struct run_result res = {
		.state = SEARCH_DONE, .path_mtu = 1380,
		.evidence = EVIDENCE_BLACK_HOLE, .probes = 9, .rounds = 3,
		.elapsed = 4200, .server_ttl = -1,
	};
	struct report rep = {
		.host = latin1_host, .ifname = "c-\xe9", .ifmtu = 1500,
		.min = 68, .max = 1500, .res = &res,
	};

	(void)state;
	addr_pton("10.99.3.2", &rep.addr);
	addr_pton("10.99.1.1", &rep.src);
	report_json(mem, &rep);
	fflush(mem);
	assert_true(utf8_strict(out));
	assert_true(json_line(out));
	assert_non_null(strstr(out, ",\"host\":\"caf\\ufffd\\ufffd.example\","));
	assert_non_null(strstr(out, ",\"interface\":\"c-\\ufffd\","));
}

/* ------------------------------------------ the type and the version */

/* A probe report that found 1380 bytes to 10.99.3.2. */
static void sample_report(struct report *rep, struct run_result *res)
{
	*res = (struct run_result){
		.state = SEARCH_DONE, .path_mtu = 1380,
		.evidence = EVIDENCE_BLACK_HOLE, .probes = 9, .rounds = 3,
		.server_ttl = -1,
	};
	*rep = (struct report){
		.host = "server.lab", .ifname = "c-r1", .ifmtu = 1500,
		.min = 68, .max = 1500, .res = res,
	};
	addr_pton("10.99.3.2", &rep->addr);
	addr_pton("10.99.1.1", &rep->src);
}

/* Writes the object of a line of each shape, one after the other: a
 * probe, a failure, the RST check, --path-mtu, --wg-config. */
static void every_shape(void)
{
	static const int families[] = { AF_INET };
	struct run_result res;
	struct report rep;
	struct rst_obs obs = { .rst = true, .rst_ttl = 62 };
	struct rst_judgement jd = { .verdict = RST_FROM_SERVER };
	struct wg_peer_report peer = {
		.peer = 1, .line = 5, .host = "server.lab", .port = 51820,
		.probed = true, .mtu = 1320,
	};
	struct wg_config_report wg = {
		.file = "wg0.conf", .peers = &peer, .npeers = 1, .mtu = 1320,
	};
	struct tunnel t;

	sample_report(&rep, &res);
	peer.rep = rep;
	tunnel_lookup("wireguard", &t);
	report_json(mem, &rep);
	report_json_failure(mem, "nosuch.invalid", "unknown_host", "no");
	report_rst_json(mem, &rep, &obs, &jd);
	report_path_mtu_json(mem, 1380, families, 1, &t, 1);
	report_wg_config_json(mem, &wg);
	fflush(mem);
}

/* Each line opens with "type", one word a shape, then "version" 1; and a
 * probe inside --wg-config's object has neither. */
static void every_object_of_a_line_says_its_type_and_version(void **state)
{
	static const char *const types[] = {
		"probe", "failure", "rst-check", "path-mtu", "wg-config",
	};
	const char *line;
	char want[64];

	(void)state;
	every_shape();
	line = out;
	for (size_t i = 0; i < sizeof(types) / sizeof(*types); i++) {
		const char *nl = strchr(line, '\n');

		assert_non_null(nl);
		snprintf(want, sizeof(want), "{\"type\":\"%s\",\"version\":1,",
			 types[i]);
		assert_int_equal(strncmp(line, want, strlen(want)), 0);
		/* once: not again further on the line */
		assert_ptr_equal(strstr(line + 2, "\"type\":"), strstr(nl, "\"type\":"));
		line = nl + 1;
	}
	assert_string_equal(line, "");
}

static void the_version_is_the_schema_s(void **state)
{
	(void)state;
	assert_int_equal(REPORT_JSON_VERSION, 1);
	every_shape();
	for (const char *p = out; (p = strstr(p, "\"version\":")); p++)
		assert_int_equal(strncmp(p, "\"version\":1,", 12), 0);
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
		T(the_checks_refuse_what_they_should),
		T(a_latin1_host_makes_a_valid_failure_line),
		T(a_latin1_host_makes_a_valid_probe_report),
		T(every_object_of_a_line_says_its_type_and_version),
		T(the_version_is_the_schema_s),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
