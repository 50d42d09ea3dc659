// SPDX-License-Identifier: GPL-2.0-or-later
/* wg-quick files: the endpoints and the MTU read from them, the refusals
 * and their reasons, and the MTU written back with every other byte kept.
 * The files in tests/unit/wgconf/ come in pairs: NAME.conf, and
 * NAME.mtu1320.conf, what wgconf_set_mtu(..., 1320) must make of it. */
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

#include "golden.h"
#include "wgconf.h"

/* An exact-size copy, so that AddressSanitizer sees a read past len:
 * nothing here is NUL-terminated for the parser. */
static char *copy(const void *p, size_t len)
{
	char *c = malloc(len);

	if (len) {
		assert_non_null(c);
		memcpy(c, p, len);
	}
	return c;
}

static char *load(const char *name, size_t *len)
{
	char *buf = golden_load("wgconf", name, len);

	assert_true(*len > 0);
	return buf;
}

static int parse_mem(const void *p, size_t len, struct wgconf *c)
{
	char *buf = copy(p, len);
	int ret = wgconf_parse(buf, len, c);

	free(buf);
	return ret;
}

static int parse_str(const char *s, struct wgconf *c)
{
	return parse_mem(s, strlen(s), c);
}

static void parse_file(const char *name, struct wgconf *c)
{
	char file[256];
	size_t len;
	char *buf;
	int ret;

	snprintf(file, sizeof(file), "%s.conf", name);
	buf = load(file, &len);
	ret = wgconf_parse(buf, len, c);
	if (ret)
		fail_msg("%s: %d: %s", file, ret, c->err);
	free(buf);
}

/* NAME.conf with the MTU set to 1320 is NAME.mtu1320.conf, byte for
 * byte. */
static void sets_mtu_as_in_golden_file(const char *name)
{
	char in_name[256], want_name[256], *in, *want, *out;
	size_t in_len, want_len, cap;
	ssize_t n;

	snprintf(in_name, sizeof(in_name), "%s.conf", name);
	snprintf(want_name, sizeof(want_name), "%s.mtu1320.conf", name);
	in = load(in_name, &in_len);
	want = load(want_name, &want_len);
	cap = want_len + 64;
	out = malloc(cap);
	assert_non_null(out);
	n = wgconf_set_mtu(in, in_len, 1320, out, cap);
	assert_int_equal(n, (ssize_t)want_len);
	assert_memory_equal(out, want, want_len);
	free(out);
	free(want);
	free(in);
}

static void assert_endpoint(const struct wgconf *c, unsigned int i,
			    const char *host, unsigned int port,
			    unsigned int line, unsigned int peer)
{
	assert_true(i < c->nendpoints);
	assert_string_equal(c->endpoints[i].host, host);
	assert_int_equal(c->endpoints[i].port, port);
	assert_int_equal(c->endpoints[i].line, line);
	assert_int_equal(c->endpoints[i].peer, peer);
}

/* Refused with -EINVAL, at line (0: the whole file), for the reason want,
 * in one line that starts with where. */
static void rejects(int ret, const struct wgconf *c, unsigned int line,
		    const char *want)
{
	char where[32];

	assert_int_equal(ret, -EINVAL);
	assert_int_equal(c->err_line, line);
	if (!strstr(c->err, want))
		fail_msg("error \"%s\" does not say \"%s\"", c->err, want);
	assert_null(strchr(c->err, '\n'));
	if (line) {
		snprintf(where, sizeof(where), "line %u: ", line);
		assert_memory_equal(c->err, where, strlen(where));
	}
}

static void missing_mtu_is_inserted_after_the_interface_header(void **state)
{
	struct wgconf c;

	(void)state;
	parse_file("no_mtu", &c);
	assert_int_equal(c.mtu, 0);
	assert_int_equal(c.mtu_line, 0);
	sets_mtu_as_in_golden_file("no_mtu");
}

static void existing_mtu_is_replaced_keeping_key_case_and_blanks(void **state)
{
	struct wgconf c;

	(void)state;
	parse_file("mtu_lower", &c);
	assert_int_equal(c.mtu, 1420);
	assert_int_equal(c.mtu_line, 4);
	sets_mtu_as_in_golden_file("mtu_lower");
	parse_file("mtu_spaced", &c);
	assert_int_equal(c.mtu, 1420);
	assert_int_equal(c.mtu_line, 3);
	sets_mtu_as_in_golden_file("mtu_spaced");
}

/* wg-quick overwrites its MTU variable at each MTU line. */
static void last_of_several_mtu_lines_counts_and_is_replaced(void **state)
{
	struct wgconf c;

	(void)state;
	parse_file("several_mtu", &c);
	assert_int_equal(c.mtu, 1420);
	assert_int_equal(c.mtu_line, 4);
	sets_mtu_as_in_golden_file("several_mtu");
}

static void mtu_in_a_peer_section_is_ignored_and_left_alone(void **state)
{
	struct wgconf c;

	(void)state;
	parse_file("peer_mtu", &c);
	assert_int_equal(c.mtu, 0);
	assert_int_equal(c.mtu_line, 0);
	assert_int_equal(c.nendpoints, 1);
	sets_mtu_as_in_golden_file("peer_mtu");
}

static void endpoints_of_all_peers_are_listed_with_line_and_peer(void **state)
{
	struct wgconf c;

	(void)state;
	parse_file("peers", &c);
	assert_int_equal(c.npeers, 3);
	assert_int_equal(c.nendpoints, 3);
	assert_endpoint(&c, 0, "vpn.example.com", 51820, 11, 0);
	assert_endpoint(&c, 1, "203.0.113.7", 4500, 16, 1);
	assert_endpoint(&c, 2, "2001:db8::7", 51820, 22, 2);
	assert_int_equal(c.mtu, 1420);
	assert_int_equal(c.mtu_line, 4);
	sets_mtu_as_in_golden_file("peers");
}

static void ipv6_endpoint_is_read_without_its_brackets(void **state)
{
	struct wgconf c;

	(void)state;
	parse_file("ipv6", &c);
	assert_int_equal(c.nendpoints, 1);
	assert_endpoint(&c, 0, "fd00:99:3::2", 51820, 8, 0);
	sets_mtu_as_in_golden_file("ipv6");
}

static void crlf_line_ends_are_kept_and_end_the_new_line(void **state)
{
	struct wgconf c;

	(void)state;
	parse_file("crlf", &c);
	assert_int_equal(c.nendpoints, 1);
	assert_endpoint(&c, 0, "vpn.example.com", 51820, 9, 0);
	sets_mtu_as_in_golden_file("crlf");
}

/* wg-quick cuts every line at its first '#', also after a value. */
static void comments_and_blank_lines_are_skipped_and_kept(void **state)
{
	struct wgconf c;

	(void)state;
	parse_file("comments", &c);
	assert_int_equal(c.npeers, 1);
	assert_int_equal(c.nendpoints, 1);
	assert_endpoint(&c, 0, "10.99.3.2", 51820, 15, 0);
	assert_int_equal(c.mtu, 1420);
	assert_int_equal(c.mtu_line, 9);
	sets_mtu_as_in_golden_file("comments");
}

static void peer_without_endpoint_is_counted_but_not_listed(void **state)
{
	struct wgconf c;

	(void)state;
	parse_file("peer_without_endpoint", &c);
	assert_int_equal(c.npeers, 2);
	assert_int_equal(c.nendpoints, 1);
	assert_endpoint(&c, 0, "10.99.3.2", 51820, 12, 1);
	sets_mtu_as_in_golden_file("peer_without_endpoint");
}

static void missing_final_newline_stays_missing(void **state)
{
	struct wgconf c;

	(void)state;
	parse_file("no_final_newline", &c);
	assert_endpoint(&c, 0, "10.99.3.2", 51820, 9, 0);
	sets_mtu_as_in_golden_file("no_final_newline");
}

static void interface_header_on_the_unended_last_line_gets_a_line_end(void **state)
{
	struct wgconf c;

	(void)state;
	parse_file("interface_last", &c);
	assert_endpoint(&c, 0, "10.99.3.2", 51820, 4, 0);
	sets_mtu_as_in_golden_file("interface_last");
}

static void crlf_header_on_the_last_line_becomes_crlf(void **state)
{
	static const char in[] = "[Interface]\r";
	static const char want[] = "[Interface]\r\nMTU = 1320";
	char out[sizeof(want) - 1];

	(void)state;
	assert_int_equal(wgconf_set_mtu(in, strlen(in), 1320, out, sizeof(out)),
			 (ssize_t)sizeof(out));
	assert_memory_equal(out, want, sizeof(out));
}

/* The caller refuses it; the parse does not. */
static void file_without_endpoints_parses(void **state)
{
	struct wgconf c;

	(void)state;
	assert_int_equal(parse_str("[Interface]\nPrivateKey = x\n", &c), 0);
	assert_int_equal(c.nendpoints, 0);
	assert_int_equal(c.npeers, 0);
}

static void keys_and_section_names_ignore_case(void **state)
{
	struct wgconf c;

	(void)state;
	assert_int_equal(parse_str("[INTERFACE]\nmTu = 1400\n[pEER]\n"
				   "ENDPOINT = h:1\n", &c), 0);
	assert_int_equal(c.mtu, 1400);
	assert_endpoint(&c, 0, "h", 1, 4, 0);
}

static void unknown_keys_are_accepted(void **state)
{
	struct wgconf c;

	(void)state;
	assert_int_equal(parse_str("[Interface]\nPostUp = iptables -A FORWARD -i %i -j ACCEPT\n"
				   "Table = off\nSaveConfig = true\nFooBar = \n", &c), 0);
}

/* wg(8) overwrites a peer's endpoint. */
static void second_endpoint_of_a_peer_replaces_the_first(void **state)
{
	struct wgconf c;

	(void)state;
	assert_int_equal(parse_str("[Interface]\n[Peer]\nEndpoint = a:1\n"
				   "Endpoint = b:2\n[Peer]\nEndpoint = c:3\n", &c), 0);
	assert_int_equal(c.nendpoints, 2);
	assert_endpoint(&c, 0, "b", 2, 4, 0);
	assert_endpoint(&c, 1, "c", 3, 6, 1);
}

/* wg(8) drops every blank of a line before reading it. */
static void blanks_inside_an_endpoint_do_not_count(void **state)
{
	struct wgconf c;

	(void)state;
	assert_int_equal(parse_str("[Interface]\n[Peer]\n"
				   "Endpoint =\t[ fd00::2 ] : 51820 \n", &c), 0);
	assert_endpoint(&c, 0, "fd00::2", 51820, 3, 0);
}

/* wg-quick does not care where [Interface] is. */
static void peers_may_come_before_the_interface(void **state)
{
	struct wgconf c;

	(void)state;
	assert_int_equal(parse_str("[Peer]\nEndpoint = a:1\n[Interface]\nMTU = 1400\n",
				   &c), 0);
	assert_endpoint(&c, 0, "a", 1, 2, 0);
	assert_int_equal(c.mtu_line, 4);
}

static void binary_bytes_are_refused_with_their_line(void **state)
{
	static const char bin[] = "[Interface]\nMTU = 1420\n\x7f" "ELF\x02\x01\x01\n";
	struct wgconf c;

	(void)state;
	rejects(parse_str(bin, &c), &c, 3, "control byte 0x7f (not a text file)");
	rejects(parse_str("[Interface]\n# a comment\x01\n", &c), &c, 2,
		"control byte 0x01");
	rejects(parse_str("[Interface]\nMTU = 1420\rEndpoint = a:1\n", &c), &c, 2,
		"carriage return inside the line");
}

static void nul_byte_is_refused_with_its_line(void **state)
{
	static const char nul[] = "[Interface]\n\nMTU = 14\00020\n";
	struct wgconf c;

	(void)state;
	rejects(parse_mem(nul, sizeof(nul) - 1, &c), &c, 3, "NUL byte");
}

/* wg-quick would take it for part of the first line. */
static void byte_order_mark_is_refused(void **state)
{
	struct wgconf c;

	(void)state;
	rejects(parse_str("\xef\xbb\xbf[Interface]\n", &c), &c, 1,
		"byte-order mark");
}

static void utf8_in_comments_is_text(void **state)
{
	struct wgconf c;

	(void)state;
	assert_int_equal(parse_str("[Interface] # J\xc3\xb6rg's laptop\n", &c), 0);
}

static void text_outside_any_section_is_refused(void **state)
{
	struct wgconf c;

	(void)state;
	rejects(parse_str("# wg0\n\nPrivateKey = x\n[Interface]\n", &c), &c, 3,
		"text outside any section");
	rejects(parse_str("garbage\n", &c), &c, 1, "text outside any section");
}

static void unknown_section_is_refused(void **state)
{
	struct wgconf c;

	(void)state;
	rejects(parse_str("[Interface]\n[Peers]\n", &c), &c, 2,
		"unknown section '[Peers]'");
	rejects(parse_str("[Interface\n", &c), &c, 1,
		"unknown section '[Interface'");
}

static void line_without_equals_is_refused(void **state)
{
	struct wgconf c;

	(void)state;
	rejects(parse_str("[Interface]\nfoo\n", &c), &c, 2, "no '=' in 'foo'");
	rejects(parse_str("[Interface]\n= 1420\n", &c), &c, 2,
		"no key before '='");
}

static void file_without_interface_is_refused(void **state)
{
	struct wgconf c;

	(void)state;
	rejects(parse_str("[Peer]\nEndpoint = a:1\n", &c), &c, 0,
		"no [Interface] section");
	assert_string_equal(c.err, "no [Interface] section");
	rejects(parse_mem("", 0, &c), &c, 0, "no [Interface] section");
}

static int parse_endpoint_line(const char *value, struct wgconf *c)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "[Interface]\n[Peer]\nEndpoint = %s\n", value);
	return parse_str(buf, c);
}

static void endpoint_without_port_is_refused(void **state)
{
	struct wgconf c;

	(void)state;
	rejects(parse_endpoint_line("vpn.example.com", &c), &c, 3,
		"Endpoint 'vpn.example.com': no port");
	rejects(parse_endpoint_line("vpn.example.com:", &c), &c, 3, "no port");
	rejects(parse_endpoint_line("[fd00::2]", &c), &c, 3, "no port");
	rejects(parse_endpoint_line("[fd00::2]:", &c), &c, 3, "no port");
	rejects(parse_endpoint_line("[fd00::2]51820", &c), &c, 3,
		"no ':' between ']' and the port");
}

static void ipv6_endpoint_without_brackets_is_cut_at_the_last_colon(void **state)
{
	struct wgconf c;

	(void)state;
	/* as wg(8) reads it */
	assert_int_equal(parse_endpoint_line("fd00:99:3::2:51820", &c), 0);
	assert_endpoint(&c, 0, "fd00:99:3::2", 51820, 3, 0);
	assert_int_equal(parse_endpoint_line("::1:443", &c), 0);
	assert_endpoint(&c, 0, "::1", 443, 3, 0);
	/* "fd00:" port 2: no address */
	rejects(parse_endpoint_line("fd00::2", &c), &c, 3,
		"Endpoint 'fd00::2': no port after an IPv6 address (write [address]:port)");
	rejects(parse_endpoint_line("fd00::2::51820", &c), &c, 3,
		"no port after an IPv6 address");
}

/* wg(8) hands a link-local address with its zone to getaddrinfo(3),
 * bracketed or not: the host keeps the zone, which names its link. */
static void a_link_local_endpoint_keeps_its_zone(void **state)
{
	struct wgconf c;

	(void)state;
	assert_int_equal(parse_endpoint_line("[fe80::1%eth0]:51820", &c), 0);
	assert_endpoint(&c, 0, "fe80::1%eth0", 51820, 3, 0);
	assert_int_equal(parse_endpoint_line("fe80::1%eth0:51820", &c), 0);
	assert_endpoint(&c, 0, "fe80::1%eth0", 51820, 3, 0);
	assert_int_equal(parse_endpoint_line("[fe80::1%3]:1", &c), 0);
	assert_endpoint(&c, 0, "fe80::1%3", 1, 3, 0);
	rejects(parse_endpoint_line("[fe80::1%]:51820", &c), &c, 3,
		"not an IPv6 address in brackets");
	rejects(parse_endpoint_line("[fe80::1%eth/0]:51820", &c), &c, 3,
		"not an IPv6 address in brackets");
	rejects(parse_endpoint_line("[10.0.0.1%eth0]:51820", &c), &c, 3,
		"not an IPv6 address in brackets");
	rejects(parse_endpoint_line("fe80::1%:51820", &c), &c, 3,
		"no port after an IPv6 address");
}

static void endpoint_without_host_is_refused(void **state)
{
	struct wgconf c;

	(void)state;
	rejects(parse_endpoint_line(":51820", &c), &c, 3, "no host");
	rejects(parse_endpoint_line("", &c), &c, 3, "Endpoint is empty");
	rejects(parse_endpoint_line("# only a comment", &c), &c, 3,
		"Endpoint is empty");
}

static void endpoint_host_must_be_a_name_or_an_address(void **state)
{
	struct wgconf c;

	(void)state;
	rejects(parse_endpoint_line("10.0.0.256:1", &c), &c, 3,
		"not an IPv4 address");
	rejects(parse_endpoint_line("1234:1", &c), &c, 3, "not an IPv4 address");
	rejects(parse_endpoint_line("[vpn.example.com]:1", &c), &c, 3,
		"not an IPv6 address in brackets");
	rejects(parse_endpoint_line("[fd00::2:1", &c), &c, 3,
		"no ']' after the IPv6 address");
	rejects(parse_endpoint_line("vpn!example:1", &c), &c, 3,
		"host is neither a name nor an address");
}

static void endpoint_host_too_long_is_refused(void **state)
{
	char host[WGCONF_HOST_MAX + 16];
	struct wgconf c;

	(void)state;
	memset(host, 'a', WGCONF_HOST_MAX - 1);
	strcpy(host + WGCONF_HOST_MAX - 1, ":1");
	assert_int_equal(parse_endpoint_line(host, &c), 0);
	assert_int_equal(strlen(c.endpoints[0].host), WGCONF_HOST_MAX - 1);
	memset(host, 'a', WGCONF_HOST_MAX);
	strcpy(host + WGCONF_HOST_MAX, ":1");
	rejects(parse_endpoint_line(host, &c), &c, 3, "host longer than 255");
	memset(host, 'a', sizeof(host) - 3);
	strcpy(host + sizeof(host) - 3, ":1");
	rejects(parse_endpoint_line(host, &c), &c, 3, "too long");
}

static void endpoint_port_must_be_from_1_to_65535(void **state)
{
	struct wgconf c;

	(void)state;
	rejects(parse_endpoint_line("h:0", &c), &c, 3,
		"Endpoint 'h:0': port not a number from 1 to 65535");
	rejects(parse_endpoint_line("h:70000", &c), &c, 3, "port not a number");
	rejects(parse_endpoint_line("h:65536", &c), &c, 3, "port not a number");
	rejects(parse_endpoint_line("h:99999999999999999999", &c), &c, 3,
		"port not a number");
	rejects(parse_endpoint_line("h:wireguard", &c), &c, 3, "port not a number");
	rejects(parse_endpoint_line("h:-1", &c), &c, 3, "port not a number");
	assert_int_equal(parse_endpoint_line("h:65535", &c), 0);
	assert_int_equal(c.endpoints[0].port, 65535);
}

static void endpoint_outside_a_peer_is_refused(void **state)
{
	struct wgconf c;

	(void)state;
	rejects(parse_str("[Interface]\nEndpoint = a:1\n", &c), &c, 2,
		"Endpoint belongs in a [Peer] section");
}

static void mtu_must_be_a_whole_number_from_68_to_65535(void **state)
{
	static const char *const bad[] = {
		"abc", "1420x", "14 20", "", "-1400", "+1400", "0x578", "0",
		"67", "65536", "99999999999999999999",
	};
	char buf[128], want[64];
	struct wgconf c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), "[Interface]\n# x\nMTU = %s\n", bad[i]);
		snprintf(want, sizeof(want), "MTU '%s': not a whole number from 68 to 65535",
			 bad[i]);
		rejects(parse_str(buf, &c), &c, 3, want);
	}
	assert_int_equal(parse_str("[Interface]\nMTU=68\n", &c), 0);
	assert_int_equal(c.mtu, 68);
	assert_int_equal(parse_str("[Interface]\nMTU=65535\n", &c), 0);
	assert_int_equal(c.mtu, 65535);
}

/* ip(8) reads the MTU with strtoul(..., 0). */
static void mtu_with_a_leading_zero_is_refused_as_octal(void **state)
{
	struct wgconf c;

	(void)state;
	rejects(parse_str("[Interface]\nMTU = 01420\n", &c), &c, 2,
		"MTU '01420': leading 0 (ip(8) would read it as octal)");
}

static void long_values_are_cut_short_in_messages(void **state)
{
	char buf[1200];
	struct wgconf c;

	(void)state;
	strcpy(buf, "[Interface]\nMTU = ");
	memset(buf + strlen(buf), '9', 1000);
	strcpy(buf + 18 + 1000, "x\n");
	rejects(parse_str(buf, &c), &c, 2, "9999...': not a whole number");
	assert_true(strlen(c.err) < sizeof(c.err) - 1);
}

static char *many_peers(unsigned int n, size_t *len)
{
	size_t cap = 64 + (size_t)n * 64, off = 0;
	char *buf = malloc(cap);
	unsigned int i;

	assert_non_null(buf);
	off += (size_t)snprintf(buf + off, cap - off, "[Interface]\n");
	for (i = 0; i < n; i++)
		off += (size_t)snprintf(buf + off, cap - off,
					"[Peer]\nEndpoint = 10.0.%u.%u:51820\n",
					i / 256, i % 256);
	*len = off;
	return buf;
}

static void sixty_four_endpoints_fit(void **state)
{
	struct wgconf c;
	size_t len;
	char *buf;

	(void)state;
	buf = many_peers(WGCONF_MAX_PEERS, &len);
	assert_int_equal(parse_mem(buf, len, &c), 0);
	assert_int_equal(c.nendpoints, WGCONF_MAX_PEERS);
	assert_endpoint(&c, 63, "10.0.0.63", 51820, 129, 63);
	free(buf);
}

static void more_than_sixty_four_endpoints_is_e2big(void **state)
{
	struct wgconf c;
	size_t len;
	char *buf;

	(void)state;
	buf = many_peers(WGCONF_MAX_PEERS + 2, &len);
	assert_int_equal(parse_mem(buf, len, &c), -E2BIG);
	assert_int_equal(c.err_line, 131);
	assert_string_equal(c.err, "line 131: more than 64 peers with an Endpoint");
	assert_int_equal(c.nendpoints, WGCONF_MAX_PEERS);
	assert_int_equal(c.npeers, WGCONF_MAX_PEERS + 2);
	free(buf);
}

/* Each line is checked before too many endpoints are reported. */
static void bad_line_past_the_sixty_fourth_endpoint_is_reported(void **state)
{
	struct wgconf c;
	size_t len;
	char *buf;

	(void)state;
	buf = many_peers(WGCONF_MAX_PEERS + 1, &len);
	buf = realloc(buf, len + 16);
	assert_non_null(buf);
	memcpy(buf + len, "Endpoint = x\n", 13);
	rejects(parse_mem(buf, len + 13, &c), &c, 132, "no port");
	free(buf);
}

static void mtu_is_set_in_a_file_with_many_endpoints(void **state)
{
	char *buf, *out;
	struct wgconf c;
	size_t len;
	ssize_t n;

	(void)state;
	buf = many_peers(WGCONF_MAX_PEERS + 1, &len);
	out = malloc(len + 16);
	assert_non_null(out);
	n = wgconf_set_mtu(buf, len, 1320, out, len + 16);
	assert_int_equal(n, (ssize_t)len + 11);
	assert_memory_equal(out, "[Interface]\nMTU = 1320\n[Peer]\n", 30);
	assert_int_equal(parse_mem(out, (size_t)n, &c), -E2BIG);
	assert_int_equal(c.mtu, 1320);
	free(out);
	free(buf);
}

static void set_mtu_one_byte_short_is_enospc_and_writes_nothing(void **state)
{
	size_t in_len, want_len, i;
	char *in, *want, *out;

	(void)state;
	in = load("no_mtu.conf", &in_len);
	want = load("no_mtu.mtu1320.conf", &want_len);
	/* exact size, so that a write past cap is caught */
	out = malloc(want_len - 1);
	assert_non_null(out);
	memset(out, 0x5a, want_len - 1);
	assert_int_equal(wgconf_set_mtu(in, in_len, 1320, out, want_len - 1),
			 -ENOSPC);
	for (i = 0; i < want_len - 1; i++)
		assert_int_equal((unsigned char)out[i], 0x5a);
	assert_int_equal(wgconf_set_mtu(in, in_len, 1320, NULL, 0), -ENOSPC);
	free(out);
	free(want);
	free(in);
}

static void set_mtu_fits_exactly(void **state)
{
	char *in, *want, *out;
	size_t in_len, want_len;

	(void)state;
	in = load("mtu_spaced.conf", &in_len);
	want = load("mtu_spaced.mtu1320.conf", &want_len);
	out = malloc(want_len);
	assert_non_null(out);
	assert_int_equal(wgconf_set_mtu(in, in_len, 1320, out, want_len),
			 (ssize_t)want_len);
	assert_memory_equal(out, want, want_len);
	free(out);
	free(want);
	free(in);
}

static void set_mtu_refuses_what_does_not_parse(void **state)
{
	static const char bad[] = "[Interface]\nMTU = abc\n";
	static const char good[] = "[Interface]\n";
	char out[64];

	(void)state;
	assert_int_equal(wgconf_set_mtu(bad, strlen(bad), 1320, out, sizeof(out)),
			 -EINVAL);
	assert_int_equal(wgconf_set_mtu(good, strlen(good), 67, out, sizeof(out)),
			 -EINVAL);
	assert_int_equal(wgconf_set_mtu(good, strlen(good), 65536, out, sizeof(out)),
			 -EINVAL);
}

static void set_mtu_twice_is_the_same_as_once(void **state)
{
	static const char *const names[] = {
		"no_mtu", "mtu_lower", "mtu_spaced", "several_mtu", "peer_mtu",
		"peers", "ipv6", "crlf", "comments", "peer_without_endpoint",
		"no_final_newline", "interface_last",
	};
	char file[64], *in, *once, *twice, *back;
	size_t i, len, cap;
	ssize_t n1, n2, n3;
	struct wgconf c;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(file, sizeof(file), "%s.conf", names[i]);
		in = load(file, &len);
		cap = len + 64;
		once = malloc(cap);
		twice = malloc(cap);
		back = malloc(cap);
		assert_non_null(once);
		assert_non_null(twice);
		assert_non_null(back);
		n1 = wgconf_set_mtu(in, len, 1320, once, cap);
		assert_true(n1 > 0);
		n2 = wgconf_set_mtu(once, (size_t)n1, 1320, twice, cap);
		assert_int_equal(n2, n1);
		assert_memory_equal(once, twice, (size_t)n1);
		/* and through another value and back */
		n2 = wgconf_set_mtu(once, (size_t)n1, 10000, twice, cap);
		assert_int_equal(n2, n1 + 1);
		n3 = wgconf_set_mtu(twice, (size_t)n2, 1320, back, cap);
		assert_int_equal(n3, n1);
		assert_memory_equal(once, back, (size_t)n1);
		assert_int_equal(parse_mem(once, (size_t)n1, &c), 0);
		assert_int_equal(c.mtu, 1320);
		free(back);
		free(twice);
		free(once);
		free(in);
	}
}

/* Whatever the bytes: a defined answer, a one-line reason, and a result
 * of wgconf_set_mtu that reads back with the new MTU and is stable. */
static void check_any(const char *p, size_t len)
{
	char *buf = copy(p, len), *out, *again;
	struct wgconf c, d;
	size_t cap = len + 32;
	ssize_t n, m;
	unsigned int i;
	int ret;

	ret = wgconf_parse(buf, len, &c);
	assert_true(ret == 0 || ret == -EINVAL || ret == -E2BIG);
	assert_non_null(memchr(c.err, '\0', sizeof(c.err)));
	if (ret) {
		assert_true(c.err[0] != '\0');
		assert_null(strchr(c.err, '\n'));
	}
	if (ret == -EINVAL) {
		assert_int_equal(wgconf_set_mtu(buf, len, 1320, NULL, 0), -EINVAL);
		free(buf);
		return;
	}
	assert_true(c.nendpoints <= WGCONF_MAX_PEERS);
	for (i = 0; i < c.nendpoints; i++) {
		assert_non_null(memchr(c.endpoints[i].host, '\0', WGCONF_HOST_MAX));
		assert_true(c.endpoints[i].host[0] != '\0');
		assert_true(c.endpoints[i].port > 0);
		assert_true(c.endpoints[i].line > 0);
		assert_true(c.endpoints[i].peer < c.npeers);
	}
	assert_true(c.mtu == 0 || (c.mtu >= 68 && c.mtu <= 65535));
	assert_true((c.mtu == 0) == (c.mtu_line == 0));

	out = malloc(cap);
	again = malloc(cap);
	assert_non_null(out);
	assert_non_null(again);
	n = wgconf_set_mtu(buf, len, 1320, out, cap);
	assert_true(n > 0);
	assert_int_equal(parse_mem(out, (size_t)n, &d), ret);
	assert_int_equal(d.mtu, 1320);
	assert_int_equal(d.nendpoints, c.nendpoints);
	assert_int_equal(d.npeers, c.npeers);
	m = wgconf_set_mtu(out, (size_t)n, 1320, again, cap);
	assert_int_equal(m, n);
	assert_memory_equal(out, again, (size_t)n);
	free(again);
	free(out);
	free(buf);
}

static uint32_t rnd_state = 0x6d747570;	/* fixed: a failure repeats */

static uint32_t rnd(void)
{
	/* xorshift32 */
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static void truncated_and_random_input_is_handled(void **state)
{
	static const char *const words[] = {
		"[Interface]", "[Peer]", "[", "]", "MTU", "mtu", "Endpoint",
		"=", " ", "\t", "#", ":", "\n", "\r\n", "\r", "1420", "0",
		"65535", "65536", "51820", "fd00::2", "10.0.0.1", "host.lab",
		"PublicKey", "", "\xef\xbb\xbf",
	};
	char *sample, buf[512];
	size_t len, n, i, k;

	(void)state;
	sample = load("comments.conf", &len);
	for (n = 0; n <= len; n++)
		check_any(sample, n);
	free(sample);
	sample = load("crlf.conf", &len);
	for (n = 0; n <= len; n++)
		check_any(sample, n);

	/* bytes of any value */
	for (i = 0; i < 2000; i++) {
		n = rnd() % 64;
		for (k = 0; k < n; k++)
			buf[k] = (char)rnd();
		check_any(buf, n);
	}
	/* the words of the format, in any order */
	for (i = 0; i < 20000; i++) {
		n = 0;
		if (rnd() % 2) {
			memcpy(buf, "[Interface]\n", 12);
			n = 12;
		}
		for (k = rnd() % 40; k; k--) {
			const char *w = words[rnd() % (sizeof(words) / sizeof(words[0]))];
			size_t wl = strlen(w);

			if (n + wl > sizeof(buf))
				break;
			if (!wl) {	/* a byte of any value, NUL too */
				buf[n++] = (char)rnd();
			} else {
				memcpy(buf + n, w, wl);
				n += wl;
			}
		}
		check_any(buf, n);
	}
	/* the sample with a few bytes changed */
	for (i = 0; i < 5000; i++) {
		char *m = copy(sample, len);

		for (k = 1 + rnd() % 3; k; k--) {
			static const char special[] = "=:[]#\n\r 09";

			/* mostly bytes that matter to the format, NUL too */
			if (rnd() % 4)
				m[rnd() % len] = special[rnd() % sizeof(special)];
			else
				m[rnd() % len] = (char)rnd();
		}
		check_any(m, len);
		free(m);
	}
	free(sample);
}

static const char *put_line(const char *line)
{
	static char buf[256];
	FILE *f;

	memset(buf, 0, sizeof(buf));
	f = fmemopen(buf, sizeof(buf), "w");

	assert_non_null(f);
	wgconf_put_line(f, line, strlen(line));
	fclose(f);
	return buf;
}

static void shown_lines_hide_private_and_preshared_keys(void **state)
{
	(void)state;
	assert_string_equal(put_line("PrivateKey = aGk=\n"), "PrivateKey = (hidden)\n");
	assert_string_equal(put_line("presharedkey=aGk=\r\n"), "presharedkey=(hidden)\r\n");
	/* blanks, a comment after the value and the line end stay */
	assert_string_equal(put_line("\tPrivateKey\t=  aGk=  # old one\n"),
			    "\tPrivateKey\t=  (hidden)  # old one\n");
	/* a key commented out is still a key */
	assert_string_equal(put_line("# PrivateKey = aGk=\n"), "# PrivateKey = (hidden)\n");
	assert_string_equal(put_line("#PresharedKey = aGk="), "#PresharedKey = (hidden)");
}

static void shown_lines_keep_everything_else(void **state)
{
	(void)state;
	assert_string_equal(put_line("PublicKey = aGk=\n"), "PublicKey = aGk=\n");
	assert_string_equal(put_line("Endpoint = 10.0.0.1:51820\n"),
			    "Endpoint = 10.0.0.1:51820\n");
	assert_string_equal(put_line("[Interface]\r\n"), "[Interface]\r\n");
	assert_string_equal(put_line("PrivateKey =\n"), "PrivateKey =\n");
	assert_string_equal(put_line("PrivateKey = # none yet\n"), "PrivateKey = # none yet\n");
	/* not a key line: a comment that mentions one */
	assert_string_equal(put_line("# the PrivateKey # is = here\n"),
			    "# the PrivateKey # is = here\n");
	assert_string_equal(put_line(""), "");
}

/* ------------------------------------------- which file --wg-config reads */

/* "wg0" with no such file here is /etc/wireguard/wg0.conf, as wg-quick
 * takes it */
static void an_interface_name_is_its_file_under_the_directory(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(wgconf_path("wg0", false, WGCONF_DIR, buf, sizeof(buf)),
			    "/etc/wireguard/wg0.conf");
	assert_string_equal(wgconf_path("wg0", false, "/tmp/x", buf, sizeof(buf)),
			    "/tmp/x/wg0.conf");
	assert_string_equal(wgconf_path("wg_2=a+b.c-d", false, "/d", buf,
					sizeof(buf)), "/d/wg_2=a+b.c-d.conf");
}

/* a file of the name comes first, whatever the name */
static void a_file_of_the_name_is_read_as_it_is(void **state)
{
	char buf[64];
	const char *arg = "wg0";

	(void)state;
	assert_ptr_equal(wgconf_path(arg, true, WGCONF_DIR, buf, sizeof(buf)), arg);
}

/* a slash, a blank, more than 15 bytes or none: a path, never a name */
static void what_is_no_interface_name_is_a_path(void **state)
{
	static const char *const paths[] = {
		"./wg0", "conf/wg0", "/etc/wireguard/wg0.conf", "wg 0",
		"wg0\n", "wg0123456789abcd", "", "wg:0", "wg\xc3\xa9",
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++)
		assert_ptr_equal(wgconf_path(paths[i], false, WGCONF_DIR, buf,
					     sizeof(buf)), paths[i]);
	/* 15 bytes is the longest interface name Linux takes */
	assert_string_equal(wgconf_path("wg0123456789abc", false, "/d", buf,
					sizeof(buf)), "/d/wg0123456789abc.conf");
}

static void a_path_that_does_not_fit_is_not_made(void **state)
{
	char buf[16];
	const char *arg = "wg0";

	(void)state;
	assert_ptr_equal(wgconf_path(arg, false, WGCONF_DIR, buf, sizeof(buf)),
			 arg);
	assert_string_equal(wgconf_path(arg, false, "/d", buf, sizeof(buf)),
			    "/d/wg0.conf");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shown_lines_hide_private_and_preshared_keys),
		cmocka_unit_test(shown_lines_keep_everything_else),
		cmocka_unit_test(missing_mtu_is_inserted_after_the_interface_header),
		cmocka_unit_test(existing_mtu_is_replaced_keeping_key_case_and_blanks),
		cmocka_unit_test(last_of_several_mtu_lines_counts_and_is_replaced),
		cmocka_unit_test(mtu_in_a_peer_section_is_ignored_and_left_alone),
		cmocka_unit_test(endpoints_of_all_peers_are_listed_with_line_and_peer),
		cmocka_unit_test(ipv6_endpoint_is_read_without_its_brackets),
		cmocka_unit_test(crlf_line_ends_are_kept_and_end_the_new_line),
		cmocka_unit_test(comments_and_blank_lines_are_skipped_and_kept),
		cmocka_unit_test(peer_without_endpoint_is_counted_but_not_listed),
		cmocka_unit_test(missing_final_newline_stays_missing),
		cmocka_unit_test(interface_header_on_the_unended_last_line_gets_a_line_end),
		cmocka_unit_test(crlf_header_on_the_last_line_becomes_crlf),
		cmocka_unit_test(file_without_endpoints_parses),
		cmocka_unit_test(keys_and_section_names_ignore_case),
		cmocka_unit_test(unknown_keys_are_accepted),
		cmocka_unit_test(second_endpoint_of_a_peer_replaces_the_first),
		cmocka_unit_test(blanks_inside_an_endpoint_do_not_count),
		cmocka_unit_test(peers_may_come_before_the_interface),
		cmocka_unit_test(binary_bytes_are_refused_with_their_line),
		cmocka_unit_test(nul_byte_is_refused_with_its_line),
		cmocka_unit_test(byte_order_mark_is_refused),
		cmocka_unit_test(utf8_in_comments_is_text),
		cmocka_unit_test(text_outside_any_section_is_refused),
		cmocka_unit_test(unknown_section_is_refused),
		cmocka_unit_test(line_without_equals_is_refused),
		cmocka_unit_test(file_without_interface_is_refused),
		cmocka_unit_test(endpoint_without_port_is_refused),
		cmocka_unit_test(ipv6_endpoint_without_brackets_is_cut_at_the_last_colon),
		cmocka_unit_test(a_link_local_endpoint_keeps_its_zone),
		cmocka_unit_test(endpoint_without_host_is_refused),
		cmocka_unit_test(endpoint_host_must_be_a_name_or_an_address),
		cmocka_unit_test(endpoint_host_too_long_is_refused),
		cmocka_unit_test(endpoint_port_must_be_from_1_to_65535),
		cmocka_unit_test(endpoint_outside_a_peer_is_refused),
		cmocka_unit_test(mtu_must_be_a_whole_number_from_68_to_65535),
		cmocka_unit_test(mtu_with_a_leading_zero_is_refused_as_octal),
		cmocka_unit_test(long_values_are_cut_short_in_messages),
		cmocka_unit_test(sixty_four_endpoints_fit),
		cmocka_unit_test(more_than_sixty_four_endpoints_is_e2big),
		cmocka_unit_test(bad_line_past_the_sixty_fourth_endpoint_is_reported),
		cmocka_unit_test(mtu_is_set_in_a_file_with_many_endpoints),
		cmocka_unit_test(set_mtu_one_byte_short_is_enospc_and_writes_nothing),
		cmocka_unit_test(set_mtu_fits_exactly),
		cmocka_unit_test(set_mtu_refuses_what_does_not_parse),
		cmocka_unit_test(set_mtu_twice_is_the_same_as_once),
		cmocka_unit_test(truncated_and_random_input_is_handled),
		cmocka_unit_test(an_interface_name_is_its_file_under_the_directory),
		cmocka_unit_test(a_file_of_the_name_is_read_as_it_is),
		cmocka_unit_test(what_is_no_interface_name_is_a_path),
		cmocka_unit_test(a_path_that_does_not_fit_is_not_made),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
