// SPDX-License-Identifier: GPL-2.0-or-later
/* The report, as a user and as a script read it. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "clamp.h"
#include "job.h"
#include "report.h"

static char *out;

static const char *render(void (*fn)(FILE *, const struct report *),
			  const struct report *r)
{
	size_t len;
	FILE *f;

	free(out);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	fn(f, r);
	fclose(f);
	return out;
}

static struct run_result res;

static void render_advice(unsigned int pmtu, int family,
			  const struct tunnel *ts, size_t n)
{
	size_t len;
	FILE *f;

	free(out);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	report_advice_text(f, pmtu, family, ts, n);
	fclose(f);
}
static struct report rep;

static int setup(void **state)
{
	(void)state;
	memset(&res, 0, sizeof(res));
	memset(&rep, 0, sizeof(rep));
	rep.host = "server.lab";
	addr_pton("10.99.3.2", &rep.addr);
	addr_pton("10.99.1.1", &rep.src);
	rep.ifname = "c-r1";
	rep.ifmtu = 1500;
	rep.min = 68;
	rep.max = 1500;
	rep.res = &res;
	res.state = SEARCH_DONE;
	res.probes = 9;
	res.rounds = 3;
	res.elapsed = 4200;
	res.replies = 5;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(out);
	out = NULL;
	return 0;
}

static void ptb_path_names_the_router_and_its_mtu(void **state)
{
	(void)state;
	res.path_mtu = 1380;
	res.evidence = EVIDENCE_PTB;
	addr_pton("10.99.2.2", &res.ptb_from);
	res.ptb_mtu = 1380;
	res.ptbs = 4;
	assert_string_equal(render(report_text, &rep),
		"mtuprobe to server.lab (10.99.3.2), IPv4 ICMP echo, via c-r1 (MTU 1500), source 10.99.1.1\n"
		"path MTU: 1380\n"
		"evidence: \"fragmentation needed\" from 10.99.2.2 (next-hop MTU 1380)\n"
		"probes: 9 sent in 3 rounds, 4.20 ms\n"
		"ignored \"too big\" replies: 0\n");
}

static void ipv6_ptb_is_called_packet_too_big(void **state)
{
	(void)state;
	addr_pton("fd00:99:3::2", &rep.addr);
	addr_pton("fd00:99:1::1", &rep.src);
	res.path_mtu = 1380;
	res.evidence = EVIDENCE_PTB;
	addr_pton("fd00:99:2::2", &res.ptb_from);
	res.ptb_mtu = 1380;
	render(report_text, &rep);
	assert_non_null(strstr(out, "IPv6 ICMP echo"));
	assert_non_null(strstr(out, "evidence: \"packet too big\" from fd00:99:2::2 (MTU 1380)\n"));
}

static void black_hole_is_named_as_such(void **state)
{
	(void)state;
	res.path_mtu = 1380;
	res.evidence = EVIDENCE_BLACK_HOLE;
	render(report_text, &rep);
	assert_non_null(strstr(out, "path MTU: 1380\nevidence: black hole: probes above 1380 bytes vanish with no \"too big\" reply\n"));
}

/* A job judged as job_judge() would: the report reads its verdict. */
static struct job judged;

static void judge_as(unsigned int pmtu, enum search_evidence evidence)
{
	memset(&judged, 0, sizeof(judged));
	res.path_mtu = pmtu;
	res.evidence = evidence;
	judged.res = res;
	judged.method = METHOD_ICMP;
	judged.toward = pmtu;
	judged.nwitness = 1;
	judged.witness[0] = (struct witness){
		.method = METHOD_ICMP, .largest = pmtu, .dir = WITNESS_BOTH,
	};
	rep.job = &judged;
}

static void a_narrower_way_back_is_said_with_both_numbers(void **state)
{
	(void)state;
	judge_as(1380, EVIDENCE_BLACK_HOLE);
	judged.toward = 1500;
	judged.back = 1380;
	judged.nwitness = 2;
	judged.witness[1] = (struct witness){
		.method = METHOD_TCP, .port = 443, .largest = 1500,
		.dir = WITNESS_TOWARD,
	};
	render(report_text, &rep);
	assert_non_null(strstr(out, "path MTU: 1500 toward the host, 1380 back\n"));
	assert_non_null(strstr(out, "witnesses: ICMP echo up to 1380 (both ways), TCP SYNs to port 443 up to 1500 (toward the host)\n"));
	assert_non_null(strstr(out, "note: the way back carries less than the way there; the advice is for 1380, since a tunnel's packets go both ways\n"));
	render(report_json, &rep);
	assert_non_null(strstr(out, "\"path_mtu\":1380,"));
	assert_non_null(strstr(out, "\"path_mtu_toward\":1500,\"path_mtu_back\":1380,"));
	assert_non_null(strstr(out, "{\"method\":\"tcp\",\"port\":443,\"largest\":1500,\"direction\":\"toward\",\"hop\":null}"));
}

static void an_unconfirmed_limit_is_marked_and_gets_no_advice(void **state)
{
	struct tunnel ts[ADVICE_MAX];

	(void)state;
	judge_as(1000, EVIDENCE_BLACK_HOLE);
	judged.one_witness = true;
	judged.unconfirmed = true;
	rep.tunnels = ts;
	rep.ntunnels = tunnel_defaults(ts, ADVICE_MAX);
	render(report_text, &rep);
	assert_non_null(strstr(out, "path MTU: 1000 (unconfirmed)\nevidence: unconfirmed: probes above 1000 bytes vanish"));
	assert_null(strstr(out, "advice"));
	assert_null(strstr(out, "wg-quick"));
	render(report_json, &rep);
	assert_non_null(strstr(out, "\"status\":\"unconfirmed\""));
	assert_non_null(strstr(out, "\"confirmed\":false"));
	assert_null(strstr(out, "\"advice\""));
	report_failure(out, strlen(out) + 1, &rep);
	assert_non_null(strstr(out, "path MTU 1000 unconfirmed"));
}

/* A loopback's MTU (65536) is more than an IPv4 packet can be: the
 * largest packet answered is still the interface's limit. */
static void the_largest_ipv4_packet_on_a_64k_link_is_the_interface_limit(void **state)
{
	(void)state;
	res.path_mtu = 65535;
	res.evidence = EVIDENCE_MAX;
	rep.ifname = "lo";
	rep.ifmtu = 65536;
	rep.max = 65535;
	render(report_text, &rep);
	assert_non_null(strstr(out, "evidence: interface limit: the path carries the full MTU of lo\n"));
	render(report_json, &rep);
	assert_non_null(strstr(out, "\"evidence\":\"interface\""));
}

/* The heading says when the probes go into a tunnel, and which. */
static void a_tunnel_on_the_way_out_is_named_in_the_heading(void **state)
{
	(void)state;
	res.path_mtu = 1476;
	res.evidence = EVIDENCE_LOCAL;
	rep.ifname = "gre1";
	rep.ifkind = "gre";
	render(report_text, &rep);
	assert_non_null(strstr(out, ", via gre1 (a gre tunnel) (MTU "));
	rep.ifkind = "veth";
	render(report_text, &rep);
	assert_non_null(strstr(out, ", via gre1 (MTU "));
	rep.into_wg = true;
	rep.ifname = "wg0";
	render(report_text, &rep);
	assert_non_null(strstr(out, ", via wg0 (a WireGuard tunnel) (MTU "));
	render(report_json, &rep);
	assert_non_null(strstr(out, "\"into_wireguard\":true,\"interface_kind\":\"veth\","));
}

static void ttl_limited_probes_are_a_witness_that_names_the_hop(void **state)
{
	(void)state;
	judge_as(1000, EVIDENCE_BLACK_HOLE);
	judged.ttl_hop = 2;
	judged.nwitness = 2;
	judged.witness[1] = (struct witness){
		.method = METHOD_ICMP, .largest = 1000, .dir = WITNESS_TOWARD,
		.hop = 2,
	};
	addr_pton("10.99.2.2", &judged.tr.hops[1].addr);
	render(report_text, &rep);
	assert_non_null(strstr(out, "path MTU: 1000\n"));
	assert_non_null(strstr(out, "witnesses: ICMP echo up to 1000 (both ways), TTL-limited ICMP echo: 1001 bytes vanish before hop 2 (10.99.2.2), which answers small ones\n"));
	render(report_json, &rep);
	assert_non_null(strstr(out, "\"confirmed\":true"));
	assert_non_null(strstr(out, "{\"method\":\"icmp\",\"port\":null,\"largest\":1000,\"direction\":\"both\",\"hop\":null},{\"method\":\"icmp\",\"port\":null,\"largest\":1000,\"direction\":\"toward\",\"hop\":2}"));
}

static void probes_that_reach_the_last_router_leave_it_unconfirmed(void **state)
{
	(void)state;
	judge_as(1000, EVIDENCE_BLACK_HOLE);
	judged.one_witness = true;
	judged.unconfirmed = true;
	judged.ttl_last = 2;
	render(report_text, &rep);
	assert_non_null(strstr(out, "note: TTL-limited probes of 1001 bytes reach hop 2, the last router, and vanish after it: a limit on the last link and a filter at the host look alike\n"));
}

static void a_filter_says_what_it_stops_and_what_gets_through(void **state)
{
	(void)state;
	judge_as(1500, EVIDENCE_LOCAL);
	judged.filter_above = 1000;
	judged.filter_by = METHOD_UDP;
	judged.witness[0].largest = 1000;
	judged.nwitness = 2;
	judged.witness[1] = (struct witness){
		.method = METHOD_UDP, .largest = 1500, .dir = WITNESS_TOWARD,
	};
	render(report_text, &rep);
	assert_non_null(strstr(out, "witnesses: ICMP echo up to 1000 (both ways), UDP up to 1500 (toward the host)\n"));
	assert_non_null(strstr(out, "filter: ICMP echo requests above 1000 bytes go unanswered at the host, while UDP datagrams of 1500 bytes arrive\n"));
	render(report_json, &rep);
	assert_non_null(strstr(out, "\"filter\":{\"method\":\"icmp\",\"above\":1000,\"while\":\"udp\"}"));
}

static void a_lone_echo_black_hole_says_how_to_confirm_it(void **state)
{
	(void)state;
	judge_as(1380, EVIDENCE_BLACK_HOLE);
	judged.one_witness = true;
	render(report_text, &rep);
	assert_non_null(strstr(out, "note: seen by ICMP echo only; a TCP port that answers would confirm it (--tcp PORT)\n"));
	render(report_json, &rep);
	assert_non_null(strstr(out, "\"confirmed\":false"));
}

static void full_interface_mtu_is_the_interface_limit(void **state)
{
	(void)state;
	res.path_mtu = 1500;
	res.evidence = EVIDENCE_MAX;
	render(report_text, &rep);
	assert_non_null(strstr(out, "evidence: interface limit: the path carries the full MTU of c-r1\n"));
	render(report_json, &rep);
	assert_non_null(strstr(out, "\"evidence\":\"interface\""));
}

static void answered_max_below_the_interface_is_the_upper_bound(void **state)
{
	(void)state;
	rep.max = 1400;
	res.path_mtu = 1400;
	res.evidence = EVIDENCE_MAX;
	render(report_text, &rep);
	assert_non_null(strstr(out, "evidence: upper bound: --max 1400 was answered\n"));
}

static void ignored_ptbs_are_counted_by_reason(void **state)
{
	(void)state;
	res.path_mtu = 1380;
	res.evidence = EVIDENCE_BLACK_HOLE;
	res.ptb_not_ours = 3;
	res.ptb_below_min = 1;
	res.ptb_no_mtu = 2;
	render(report_text, &rep);
	assert_non_null(strstr(out, "ignored \"too big\" replies: 4 (3 quoting a packet not ours, 1 below the minimum MTU, 0 contradicting an answer)\n"));
	assert_non_null(strstr(out, "with no usable MTU (0, or not below the probe): 2\n"));
}

static void time_taken_reads_in_its_unit(void **state)
{
	(void)state;
	res.path_mtu = 1500;
	res.evidence = EVIDENCE_MAX;
	res.elapsed = 380;
	assert_non_null(strstr(render(report_text, &rep), "rounds, 0.38 ms\n"));
	res.elapsed = 102400;
	assert_non_null(strstr(render(report_text, &rep), "rounds, 102 ms\n"));
	res.elapsed = 3012000;
	assert_non_null(strstr(render(report_text, &rep), "rounds, 3.01 s\n"));
}

static void json_is_one_line_with_every_field(void **state)
{
	(void)state;
	res.path_mtu = 1380;
	res.evidence = EVIDENCE_PTB;
	addr_pton("10.99.2.2", &res.ptb_from);
	res.ptb_mtu = 1380;
	res.ptbs = 4;
	assert_string_equal(render(report_json, &rep),
		"{\"type\":\"probe\",\"version\":1,"
		"\"host\":\"server.lab\",\"address\":\"10.99.3.2\",\"family\":\"ipv4\","
		"\"method\":\"icmp\",\"port\":null,\"fallback\":false,"
		"\"socket\":\"raw\",\"interface\":\"c-r1\",\"interface_mtu\":1500,"
		"\"fwmark\":null,\"outside_tunnel\":null,\"into_wireguard\":false,"
		"\"interface_kind\":null,"
		"\"source\":\"10.99.1.1\",\"min\":68,\"max\":1500,\"status\":\"ok\","
		"\"path_mtu\":1380,\"evidence\":\"ptb\",\"ptb_from\":\"10.99.2.2\","
		"\"ptb_mtu\":1380,\"probes\":9,\"rounds\":3,\"elapsed_ms\":4.200,"
		"\"replies\":5,\"ptbs\":4,\"ptbs_ignored\":0,\"ptbs_not_ours\":0,"
		"\"ptbs_below_min\":0,\"ptbs_contradicting\":0,\"ptbs_no_mtu\":0,"
		"\"local_drops\":0}\n");
}

static void a_datagram_socket_is_said_with_what_it_cannot_do(void **state)
{
	(void)state;
	res.path_mtu = 1380;
	res.evidence = EVIDENCE_BLACK_HOLE;
	rep.unprivileged = true;
	assert_non_null(strstr(render(report_text, &rep),
		"\nnote: without raw sockets (no CAP_NET_RAW), probed with an ICMP datagram socket: echo and \"too big\" replies tell the same, but TCP SYNs (--tcp, and the fallback when echo is not answered) need raw sockets\n"));
	assert_non_null(strstr(render(report_json, &rep), ",\"socket\":\"datagram\","));
}

static void json_without_an_answer_has_nulls(void **state)
{
	(void)state;
	res.state = SEARCH_NO_ANSWER;
	render(report_json, &rep);
	assert_non_null(strstr(out, "\"status\":\"no_answer\",\"path_mtu\":null,\"evidence\":null,\"ptb_from\":null,\"ptb_mtu\":null"));
}

static void json_escapes_the_host(void **state)
{
	(void)state;
	rep.host = "a\"b\\c\n";
	res.path_mtu = 1500;
	res.evidence = EVIDENCE_MAX;
	render(report_json, &rep);
	assert_non_null(strstr(out, "\"host\":\"a\\\"b\\\\c\\u000a\""));
}

static struct trace_result two_limits(void)
{
	struct trace_result tr = { .nhops = 3, .reached = true, .probes = 15,
				   .rounds = 3, .elapsed = 41000 };

	addr_pton("10.99.1.2", &tr.hops[0].addr);
	tr.hops[0].rtt = 220;
	tr.hops[0].mtu = 1500;
	addr_pton("10.99.2.2", &tr.hops[1].addr);
	tr.hops[1].rtt = 150;
	tr.hops[1].mtu = 1400;
	tr.hops[1].limit = HOP_PTB;
	addr_pton("10.99.1.2", &tr.hops[1].ptb_from);
	addr_pton("10.99.3.2", &tr.hops[2].addr);
	tr.hops[2].rtt = 130;
	tr.hops[2].mtu = 1372;
	tr.hops[2].limit = HOP_BLACK_HOLE;
	tr.hops[2].after = 2;
	return tr;
}

static void trace_table_names_each_limit_and_where_it_sits(void **state)
{
	struct trace_result tr = two_limits();

	(void)state;
	res.path_mtu = 1372;
	res.evidence = EVIDENCE_BLACK_HOLE;
	rep.trace = &tr;
	render(report_text, &rep);
	assert_non_null(strstr(out,
		"ignored \"too big\" replies: 0\n"
		"hop  address                  rtt        path MTU\n"
		"  1  10.99.1.2                0.22 ms    1500\n"
		"  2  10.99.2.2                0.15 ms    1400  \"fragmentation needed\" from 10.99.1.2\n"
		"  3  10.99.3.2                0.13 ms    1372  black hole\n"
		"limit: hop 1 (10.99.1.2) cannot forward packets above 1400 bytes and says so (\"fragmentation needed\")\n"
		"limit: large packets vanish between hop 2 (10.99.2.2) and hop 3 (10.99.3.2): nothing above 1372 bytes gets through, and no \"too big\" reply comes back\n"
		"trace: 15 probes in 3 rounds, 41 ms\n"));
}

static void trace_shows_a_silent_hop_as_a_star(void **state)
{
	struct trace_result tr = two_limits();

	(void)state;
	memset(&tr.hops[1], 0, sizeof(tr.hops[1]));
	res.path_mtu = 1372;
	res.evidence = EVIDENCE_BLACK_HOLE;
	rep.trace = &tr;
	render(report_text, &rep);
	assert_non_null(strstr(out, "\n  2  *\n"));
	assert_non_null(strstr(out, "between hop 2 (no answer) and hop 3 (10.99.3.2)"));
}

static void black_hole_not_pinned_to_a_link_says_somewhere(void **state)
{
	struct trace_result tr = two_limits();

	(void)state;
	tr.hops[1].mtu = 0;	/* the large probe's fate there unknown */
	tr.hops[1].limit = HOP_SAME;
	tr.hops[2].after = 1;
	res.path_mtu = 1372;
	res.evidence = EVIDENCE_BLACK_HOLE;
	rep.trace = &tr;
	render(report_text, &rep);
	assert_non_null(strstr(out, "limit: large packets vanish somewhere between hop 1 (10.99.1.2) and hop 3 (10.99.3.2)"));
}

static void trace_of_a_clean_path_says_no_limit_was_found(void **state)
{
	struct trace_result tr = { .nhops = 1, .reached = true };

	(void)state;
	addr_pton("10.99.3.2", &tr.hops[0].addr);
	tr.hops[0].mtu = 1500;
	res.path_mtu = 1500;
	res.evidence = EVIDENCE_MAX;
	rep.trace = &tr;
	render(report_text, &rep);
	assert_non_null(strstr(out, "limit: none found: 1500 bytes reach every hop\n"));
}

static void trace_in_json_lists_the_hops(void **state)
{
	struct trace_result tr = two_limits();

	(void)state;
	res.path_mtu = 1372;
	res.evidence = EVIDENCE_BLACK_HOLE;
	rep.trace = &tr;
	render(report_json, &rep);
	assert_non_null(strstr(out,
		",\"trace\":{\"reached\":true,\"probes\":15,\"rounds\":3,\"elapsed_ms\":41.000,\"hops\":["
		"{\"hop\":1,\"address\":\"10.99.1.2\",\"rtt_ms\":0.220,\"path_mtu\":1500,\"limit\":null,\"ptb_from\":null},"
		"{\"hop\":2,\"address\":\"10.99.2.2\",\"rtt_ms\":0.150,\"path_mtu\":1400,\"limit\":\"ptb\",\"ptb_from\":\"10.99.1.2\"},"
		"{\"hop\":3,\"address\":\"10.99.3.2\",\"rtt_ms\":0.130,\"path_mtu\":1372,\"limit\":\"black_hole\",\"ptb_from\":null}]}}\n"));
}

static void advice_is_a_table_ending_with_the_wg_quick_line(void **state)
{
	struct tunnel ts[ADVICE_MAX];
	size_t n = tunnel_defaults(ts, ADVICE_MAX);

	(void)state;
	res.path_mtu = 1380;
	res.evidence = EVIDENCE_BLACK_HOLE;
	rep.tunnels = ts;
	rep.ntunnels = n;
	render(report_text, &rep);
	assert_non_null(strstr(out,
		"ignored \"too big\" replies: 0\n"
		"advice for a path MTU of 1380 to an IPv4 endpoint:\n"
		"  tunnel                                      MTU  MSS IPv4  MSS IPv6\n"
		"  none: TCP on the path itself               1380      1340      1320\n"
		"  WireGuard                                  1320      1280      1260\n"
		"  IPsec ESP AES-GCM-16, tunnel mode, NAT-T   1318      1278      1258\n"
		"wg-quick: MTU = 1320\n"));
}

static void advice_warns_where_ipv6_cannot_run_inside(void **state)
{
	struct tunnel ts[2];
	char err[64], want[128];
	size_t n = (size_t)tunnel_list_parse("wireguard,ip6tnl", ts, 2, err, sizeof(err));

	(void)state;
	render_advice(1300, AF_INET, ts, n);
	snprintf(want, sizeof(want), "  %-24s  %5u  %8u  %8s\n", "WireGuard",
		 1240, 1200, "-");
	assert_non_null(strstr(out, want));
	snprintf(want, sizeof(want), "  %-24s  not over IPv4\n", "ip6tnl");
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, "warning: WireGuard: an inner MTU of 1240 is below 1280: IPv6 cannot run inside\n"));
}

static void advice_in_json_is_an_array_per_tunnel(void **state)
{
	struct tunnel ts[1];
	size_t len;
	FILE *f;

	(void)state;
	tunnel_lookup("wireguard", &ts[0]);
	free(out);
	f = open_memstream(&out, &len);
	report_advice_json(f, 1380, AF_INET6, ts, 1);
	fclose(f);
	assert_string_equal(out, "[{\"tunnel\":\"wireguard\",\"label\":\"WireGuard\","
			    "\"possible\":true,\"mtu\":1300,\"mss_ipv4\":1260,"
			    "\"mss_ipv6\":1240,\"ipv6_inside\":true,"
			    "\"path_mtu_needed\":null}]");
}

static void wg_line_is_the_mtu_for_the_endpoints_family(void **state)
{
	size_t len;
	FILE *f;

	(void)state;
	free(out);
	f = open_memstream(&out, &len);
	report_wg(f, 1380, AF_INET);
	report_wg(f, 1380, AF_INET6);
	fclose(f);
	assert_string_equal(out, "MTU = 1320\nMTU = 1300\n");
}

/* Two peers of a wg-quick file: the rep of setup() (10.99.3.2 by name,
 * black hole at 1380), and an IPv6 literal behind a router saying 1400. */
static struct wg_peer_report peers[2];
static struct run_result res6;

static void two_peers(void)
{
	memset(peers, 0, sizeof(peers));
	res.path_mtu = 1380;
	res.evidence = EVIDENCE_BLACK_HOLE;
	peers[0] = (struct wg_peer_report){
		.peer = 1, .line = 7, .host = "server.lab", .port = 51820,
		.probed = true, .rep = rep, .mtu = 1320,
	};
	res6 = res;
	res6.path_mtu = 1400;
	res6.evidence = EVIDENCE_PTB;
	addr_pton("fd00:99:2::2", &res6.ptb_from);
	res6.ptb_mtu = 1400;
	peers[1] = (struct wg_peer_report){
		.peer = 3, .line = 15, .host = "fd00:99:3::2", .port = 443,
		.probed = true, .rep = rep, .mtu = 1320,
	};
	peers[1].rep.host = "fd00:99:3::2";
	addr_pton("fd00:99:3::2", &peers[1].rep.addr);
	peers[1].rep.res = &res6;
	peers[1].rep.method = METHOD_TCP;
	peers[1].rep.port = 443;
}

static const char *render_wg_config(const struct wg_config_report *w, bool json)
{
	size_t len;
	FILE *f;

	free(out);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	if (json)
		report_wg_config_json(f, w);
	else
		report_wg_config_text(f, w);
	fclose(f);
	return out;
}

static void wg_config_shows_each_peer_then_the_smallest_mtu(void **state)
{
	struct wg_config_report w = {
		.file = "wg0.conf", .peers = peers, .npeers = 2,
		.current = 1420, .mtu = 1320, .lowest = 0,
	};

	(void)state;
	two_peers();
	peers[1].mtu = 1320;
	assert_string_equal(render_wg_config(&w, false),
		"mtuprobe for wg0.conf: 2 peers with an endpoint\n"
		"peer 1, line 7: server.lab:51820 (10.99.3.2): path MTU 1380 (black hole above it), WireGuard MTU 1320\n"
		"peer 3, line 15: [fd00:99:3::2]:443: path MTU 1400 (\"packet too big\" from fd00:99:2::2, TCP SYNs to port 443), WireGuard MTU 1320\n"
		"MTU = 1320: the smallest, from peer 1; the file has MTU = 1420\n"
		"note: set MTU = 1320 at the other ends too: WireGuard pads packets up to its own MTU, so a peer with a larger one sends packets up to 15 bytes too big\n");
	w.current = 0;
	assert_non_null(strstr(render_wg_config(&w, false),
		"MTU = 1320: the smallest, from peer 1; the file has no MTU (wg-quick then takes 80 below the largest MTU of the routes to the endpoints)\n"));
	w.current = 1320;
	assert_non_null(strstr(render_wg_config(&w, false),
		"MTU = 1320: the smallest, from peer 1; the file has it already, nothing to change\n"));
}

static void wg_config_proposes_nothing_unless_every_peer_was_sized(void **state)
{
	struct wg_config_report w = {
		.file = "wg0.conf", .peers = peers, .npeers = 2,
		.current = 1420, .mtu = 0,
	};

	(void)state;
	two_peers();
	peers[1].mtu = 0;
	peers[1].probed = false;
	strcpy(peers[1].why, "fd00:99:3::2 (fd00:99:3::2): no route: Network is unreachable");
	assert_string_equal(render_wg_config(&w, false),
		"mtuprobe for wg0.conf: 2 peers with an endpoint\n"
		"peer 1, line 7: server.lab:51820 (10.99.3.2): path MTU 1380 (black hole above it), WireGuard MTU 1320\n"
		"peer 3, line 15: [fd00:99:3::2]:443: not sized: fd00:99:3::2 (fd00:99:3::2): no route: Network is unreachable\n"
		"no MTU proposed: 1 of 2 peers not sized; the file is left as it is\n");
	render_wg_config(&w, true);
	assert_non_null(strstr(out, "},{\"peer\":3,\"line\":15,\"endpoint\":\"[fd00:99:3::2]:443\",\"wireguard_mtu\":null,\"error\":\"fd00:99:3::2 (fd00:99:3::2): no route: Network is unreachable\",\"probe\":null}],"
		"\"mtu\":null,\"current_mtu\":1420,\"changed\":false,\"written\":false}\n"));
}

static void wg_config_json_carries_each_probe(void **state)
{
	struct wg_config_report w = {
		.file = "/etc/wireguard/\"odd\".conf", .peers = peers,
		.npeers = 2, .current = 0, .mtu = 1320, .written = true,
	};
	static const char head[] = "{\"type\":\"wg-config\",\"version\":1,\"config\":\"/etc/wireguard/\\\"odd\\\".conf\",\"peers\":[{\"peer\":1,\"line\":7,\"endpoint\":\"server.lab:51820\",\"wireguard_mtu\":1320,\"error\":null,\"probe\":{\"host\":\"server.lab\",";
	char *probe;

	(void)state;
	two_peers();
	render_wg_config(&w, true);
	assert_int_equal(strncmp(out, head, strlen(head)), 0);
	probe = strstr(out, "{\"peer\":3,\"line\":15,\"endpoint\":\"[fd00:99:3::2]:443\",\"wireguard_mtu\":1320,\"error\":null,\"probe\":{\"host\":\"fd00:99:3::2\",\"address\":\"fd00:99:3::2\",\"family\":\"ipv6\",\"method\":\"tcp\",\"port\":443,");
	assert_non_null(probe);
	/* a probe within is no object of a line: no type, no version */
	assert_null(strstr(strstr(out, "\"peers\""), "\"type\""));
	assert_null(strstr(strstr(out, "\"peers\""), "\"version\""));
	assert_non_null(strstr(probe, "\"path_mtu\":1400,\"evidence\":\"ptb\",\"ptb_from\":\"fd00:99:2::2\",\"ptb_mtu\":1400,"));
	assert_non_null(strstr(out, "}}],\"mtu\":1320,\"current_mtu\":null,\"changed\":true,\"written\":true}\n"));
	/* one line */
	assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);
}

static void wg_config_warns_below_1280(void **state)
{
	struct wg_config_report w = {
		.file = "wg0.conf", .peers = peers, .npeers = 1,
		.current = 0, .mtu = 1219,
	};

	(void)state;
	two_peers();
	peers[0].mtu = 1219;
	res.path_mtu = 1279;
	assert_non_null(strstr(render_wg_config(&w, false),
		"mtuprobe for wg0.conf: 1 peer with an endpoint\n"));
	assert_non_null(strstr(out, "\nnote: set MTU = 1219 at the other end too: "));
	assert_non_null(strstr(out, "\nwarning: an MTU of 1219 is below 1280: IPv6 cannot run inside the tunnel\n"));
}

static void failures_are_one_sentence(void **state)
{
	char buf[256];

	(void)state;
	res.state = SEARCH_NO_ANSWER;
	res.elapsed = 3000000;
	report_failure(buf, sizeof(buf), &rep);
	assert_string_equal(buf, "server.lab (10.99.3.2): no reply to any probe in 3.0 s (host down, or ICMP echo filtered)");
	/* every method started at once, and none answered */
	rep.tried_tcp = true;
	report_failure(buf, sizeof(buf), &rep);
	assert_string_equal(buf, "server.lab (10.99.3.2): no reply to ICMP echo, nor to TCP SYNs to ports 443 and 80 (host down, or all of it filtered)");
	rep.tried_udp = true;
	report_failure(buf, sizeof(buf), &rep);
	assert_string_equal(buf, "server.lab (10.99.3.2): no reply to ICMP echo, to TCP SYNs to ports 443 and 80, nor to a UDP datagram (host down, or all of it filtered)");
	rep.tried_tcp = rep.tried_udp = false;
	res.state = SEARCH_UNREACHABLE;
	res.unreach_type = 3;
	res.unreach_code = 1;
	addr_pton("10.99.2.2", &res.unreach_from);
	report_failure(buf, sizeof(buf), &rep);
	assert_string_equal(buf, "server.lab (10.99.3.2): destination unreachable (host unreachable, from 10.99.2.2)");
	res.state = SEARCH_BELOW_MIN;
	rep.min = 1400;
	report_failure(buf, sizeof(buf), &rep);
	assert_string_equal(buf, "server.lab (10.99.3.2): the path MTU is below --min 1400: lower it");
	res.state = SEARCH_INCOMPLETE;
	res.path_mtu = 1300;
	res.too_big = 1450;
	report_failure(buf, sizeof(buf), &rep);
	assert_string_equal(buf, "server.lab (10.99.3.2): answers stopped before the search ended: the path MTU is at least 1300 and below 1450");
	res.path_mtu = 0;
	report_failure(buf, sizeof(buf), &rep);
	assert_string_equal(buf, "server.lab (10.99.3.2): answers stopped before any size was confirmed");
}

static void prom_textfile_has_every_host_and_escapes_labels(void **state)
{
	struct prom_entry e[3] = {
		{ .host = "server.lab", .found = true, .path_mtu = 1380,
		  .black_hole = true, .probed = true, .seconds = 0.125 },
		{ .host = "fd00:99:3::2", .found = true, .path_mtu = 1500,
		  .probed = true, .seconds = 0.0005 },
		{ .host = "bad\"name\\x" },
	};
	size_t len;
	FILE *f;

	(void)state;
	assert_int_equal(addr_pton("10.99.3.2", &e[0].addr), 0);
	assert_int_equal(addr_pton("fd00:99:3::2", &e[1].addr), 0);
	free(out);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	report_prom(f, e, 3);
	fclose(f);
	assert_string_equal(out,
		"# HELP mtuprobe_success 1 when the path MTU to the destination was found, else 0.\n"
		"# TYPE mtuprobe_success gauge\n"
		"mtuprobe_success{host=\"server.lab\",address=\"10.99.3.2\",family=\"ipv4\"} 1\n"
		"mtuprobe_success{host=\"fd00:99:3::2\",address=\"fd00:99:3::2\",family=\"ipv6\"} 1\n"
		"mtuprobe_success{host=\"bad\\\"name\\\\x\",address=\"\",family=\"\"} 0\n"
		"# HELP mtuprobe_path_mtu_bytes The largest IP packet that crosses the path, in bytes.\n"
		"# TYPE mtuprobe_path_mtu_bytes gauge\n"
		"mtuprobe_path_mtu_bytes{host=\"server.lab\",address=\"10.99.3.2\",family=\"ipv4\"} 1380\n"
		"mtuprobe_path_mtu_bytes{host=\"fd00:99:3::2\",address=\"fd00:99:3::2\",family=\"ipv6\"} 1500\n"
		"# HELP mtuprobe_black_hole 1 when large packets vanish with no \"too big\" reply (a PMTUD black hole), else 0.\n"
		"# TYPE mtuprobe_black_hole gauge\n"
		"mtuprobe_black_hole{host=\"server.lab\",address=\"10.99.3.2\",family=\"ipv4\"} 1\n"
		"mtuprobe_black_hole{host=\"fd00:99:3::2\",address=\"fd00:99:3::2\",family=\"ipv6\"} 0\n"
		"# HELP mtuprobe_probe_duration_seconds How long the probe took.\n"
		"# TYPE mtuprobe_probe_duration_seconds gauge\n"
		"mtuprobe_probe_duration_seconds{host=\"server.lab\",address=\"10.99.3.2\",family=\"ipv4\"} 0.125000\n"
		"mtuprobe_probe_duration_seconds{host=\"fd00:99:3::2\",address=\"fd00:99:3::2\",family=\"ipv6\"} 0.000500\n");
}

/* A link-local address is labelled with its link: the same address on
 * two links is two series. */
static void prom_labels_a_link_local_address_with_its_link(void **state)
{
	struct prom_entry e[2] = {
		{ .host = "fe80::1%eth0", .ifname = "eth0" },
		{ .host = "fe80::1%eth1", .ifname = "eth1" },
	};
	size_t len;
	FILE *f;

	(void)state;
	assert_int_equal(addr_pton("fe80::1", &e[0].addr), 0);
	e[1].addr = e[0].addr;
	e[0].addr.scope = 2;
	e[1].addr.scope = 3;
	free(out);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	report_prom(f, e, 2);
	fclose(f);
	assert_non_null(strstr(out, "mtuprobe_success{host=\"fe80::1%eth0\",address=\"fe80::1%eth0\",family=\"ipv6\"} 0\n"
		"mtuprobe_success{host=\"fe80::1%eth1\",address=\"fe80::1%eth1\",family=\"ipv6\"} 0\n"));
}

static void json_failure_is_one_line_with_the_reason(void **state)
{
	size_t len;
	FILE *f;

	(void)state;
	free(out);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	report_json_failure(f, "no\"such", "unknown_host", "cannot resolve 'no\"such'");
	fclose(f);
	assert_string_equal(out, "{\"type\":\"failure\",\"version\":1,\"host\":\"no\\\"such\",\"status\":\"unknown_host\",\"error\":\"cannot resolve 'no\\\"such'\"}\n");
}

/* The output of what is written to the stream it returns, once captured()
 * closes it. */
static size_t outlen;

static FILE *capture(void)
{
	FILE *f;

	free(out);
	out = NULL;
	f = open_memstream(&out, &outlen);
	assert_non_null(f);
	return f;
}

static const char *captured(FILE *f)
{
	assert_int_equal(fclose(f), 0);
	return out;
}

static void path_mtu_text_is_a_table_per_family_a_blank_line_between(void **state)
{
	static const int families[] = { AF_INET, AF_INET6 };
	struct tunnel ts[ADVICE_MAX];
	size_t n = tunnel_defaults(ts, ADVICE_MAX);
	FILE *f = capture();

	(void)state;
	report_path_mtu_text(f, 1380, families, 2, ts, n);
	assert_string_equal(captured(f),
		"advice for a path MTU of 1380 to an IPv4 endpoint:\n"
		"  tunnel                                      MTU  MSS IPv4  MSS IPv6\n"
		"  none: TCP on the path itself               1380      1340      1320\n"
		"  WireGuard                                  1320      1280      1260\n"
		"  IPsec ESP AES-GCM-16, tunnel mode, NAT-T   1318      1278      1258\n"
		"wg-quick: MTU = 1320\n"
		"\n"
		"advice for a path MTU of 1380 to an IPv6 endpoint:\n"
		"  tunnel                                      MTU  MSS IPv4  MSS IPv6\n"
		"  none: TCP on the path itself               1380      1340      1320\n"
		"  WireGuard                                  1300      1260      1240\n"
		"  IPsec ESP AES-GCM-16, tunnel mode, NAT-T   1298      1258      1238\n"
		"wg-quick: MTU = 1300\n");
}

static void path_mtu_json_is_one_line_with_an_array_per_family(void **state)
{
	static const int families[] = { AF_INET, AF_INET6 };
	struct tunnel ts[1];
	FILE *f = capture();

	(void)state;
	tunnel_lookup("wireguard", &ts[0]);
	report_path_mtu_json(f, 1380, families, 2, ts, 1);
	report_path_mtu_json(f, 1279, families, 1, ts, 1);
	assert_string_equal(captured(f),
		"{\"type\":\"path-mtu\",\"version\":1,"
		"\"path_mtu\":1380,\"ipv4_endpoint\":[{\"tunnel\":\"wireguard\","
		"\"label\":\"WireGuard\",\"possible\":true,\"mtu\":1320,"
		"\"mss_ipv4\":1280,\"mss_ipv6\":1260,\"ipv6_inside\":true,"
		"\"path_mtu_needed\":null}],\"ipv6_endpoint\":[{\"tunnel\":"
		"\"wireguard\",\"label\":\"WireGuard\",\"possible\":true,"
		"\"mtu\":1300,\"mss_ipv4\":1260,\"mss_ipv6\":1240,"
		"\"ipv6_inside\":true,\"path_mtu_needed\":null}]}\n"
		"{\"type\":\"path-mtu\",\"version\":1,"
		"\"path_mtu\":1279,\"ipv4_endpoint\":[{\"tunnel\":\"wireguard\","
		"\"label\":\"WireGuard\",\"possible\":true,\"mtu\":1219,"
		"\"mss_ipv4\":1179,\"mss_ipv6\":null,\"ipv6_inside\":false,"
		"\"path_mtu_needed\":null}]}\n");
}

/* A clamp of the SYNs forwarded through wg0 to mss4. */
static struct clamp wg0_clamp;

static const struct clamp *clamp_wg0(unsigned int mss4)
{
	struct clamp_sel sel;
	char err[128];

	assert_int_equal(clamp_iface_parse("wg0", &sel, err, sizeof(err)), 0);
	assert_int_equal(clamp_build(&wg0_clamp, CLAMP_TABLE, CLAMP_HOOK_FORWARD,
				     &sel, 1, mss4), 0);
	return &wg0_clamp;
}

static const char *render_clamp(void (*fn)(FILE *, const struct clamp_report *),
				const struct clamp_report *r)
{
	FILE *f = capture();

	fn(f, r);
	return captured(f);
}

#define WG0_RULES(m4, m6) \
	"table inet mtuprobe\n" \
	"delete table inet mtuprobe\n" \
	"table inet mtuprobe {\n" \
	"\tchain forward {\n" \
	"\t\ttype filter hook forward priority mangle; policy accept;\n" \
	"\t\tiifname \"wg0\" meta nfproto ipv4 tcp flags syn / syn,rst tcp option maxseg size > " m4 " tcp option maxseg size set " m4 "\n" \
	"\t\tiifname \"wg0\" meta nfproto ipv6 tcp flags syn / syn,rst tcp option maxseg size > " m6 " tcp option maxseg size set " m6 "\n" \
	"\t\toifname \"wg0\" meta nfproto ipv4 tcp flags syn / syn,rst tcp option maxseg size > " m4 " tcp option maxseg size set " m4 "\n" \
	"\t\toifname \"wg0\" meta nfproto ipv6 tcp flags syn / syn,rst tcp option maxseg size > " m6 " tcp option maxseg size set " m6 "\n" \
	"\t}\n" \
	"}\n"
/* Where the MSS came from, for the ruleset's first comment and for
 * --apply's first line after the probe report. */
#define WG0_FROM_MSS "MSS 1300 for IPv4, 1280 for IPv6, from --mss\n"
#define WG0_FROM_PROBE "MSS 1280 for IPv4, 1260 for IPv6, from the path MTU 1380 to server.lab (10.99.3.2): \"fragmentation needed\" from 10.99.2.2, TCP SYNs to port 443; inside WireGuard, MTU 1320\n"
#define WG0_FOR \
	"# for TCP SYNs forwarded through wg0 (in or out)\n" \
	"# load it with nft -f; loading it again replaces table inet mtuprobe\n"
#define WG0_APPLIED \
	"selects: TCP SYNs forwarded through wg0 (in or out)\n" \
	"applied: table inet mtuprobe, chain forward (hook forward, priority mangle), 4 rules, read back from the kernel\n"

static void clamp_ruleset_from_mss_says_so_above_the_rules(void **state)
{
	struct clamp_report r = { .c = clamp_wg0(1300) };

	(void)state;
	assert_string_equal(render_clamp(report_clamp_ruleset, &r),
		"# mtuprobe MSS clamp: " WG0_FROM_MSS WG0_FOR
		WG0_RULES("1300", "1280"));
}

/* The path of setup() behind a router saying 1380, probed with TCP, and
 * WireGuard over it (the advice points into its tunnel). */
static struct tunnel wg_tunnel;
static struct advice wg_advice;

static struct clamp_report probed_clamp(void)
{
	res.path_mtu = 1380;
	res.evidence = EVIDENCE_PTB;
	addr_pton("10.99.2.2", &res.ptb_from);
	res.ptb_mtu = 1380;
	rep.method = METHOD_TCP;
	rep.port = 443;
	tunnel_lookup("wireguard", &wg_tunnel);
	advise(&wg_tunnel, res.path_mtu, AF_INET, &wg_advice);
	return (struct clamp_report){ .c = clamp_wg0(wg_advice.mss4),
				      .rep = &rep, .adv = &wg_advice,
				      .tunnel = true };
}

static void clamp_ruleset_from_a_probe_names_path_and_tunnel(void **state)
{
	struct clamp_report r = probed_clamp();

	(void)state;
	assert_string_equal(render_clamp(report_clamp_ruleset, &r),
		"# mtuprobe MSS clamp: " WG0_FROM_PROBE WG0_FOR
		WG0_RULES("1280", "1260"));
	r.tunnel = false;
	assert_non_null(strstr(render_clamp(report_clamp_ruleset, &r),
		", TCP SYNs to port 443\n# for "));
}

static void clamp_applied_follows_the_probe_report(void **state)
{
	struct clamp_report r = probed_clamp();

	(void)state;
	assert_string_equal(render_clamp(report_clamp_applied, &r),
		"mtuprobe to server.lab (10.99.3.2), IPv4 TCP SYN to port 443, via c-r1 (MTU 1500), source 10.99.1.1\n"
		"path MTU: 1380\n"
		"evidence: \"fragmentation needed\" from 10.99.2.2 (next-hop MTU 1380)\n"
		"probes: 9 sent in 3 rounds, 4.20 ms\n"
		"ignored \"too big\" replies: 0\n"
		"clamp: " WG0_FROM_PROBE WG0_APPLIED);
}

static void clamp_applied_from_mss_is_three_lines(void **state)
{
	struct clamp_report r = { .c = clamp_wg0(1300) };

	(void)state;
	assert_string_equal(render_clamp(report_clamp_applied, &r),
		"clamp: " WG0_FROM_MSS WG0_APPLIED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(ptb_path_names_the_router_and_its_mtu, setup, teardown),
		cmocka_unit_test_setup_teardown(ipv6_ptb_is_called_packet_too_big, setup, teardown),
		cmocka_unit_test_setup_teardown(a_narrower_way_back_is_said_with_both_numbers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(an_unconfirmed_limit_is_marked_and_gets_no_advice, setup,
						teardown),
		cmocka_unit_test_setup_teardown(the_largest_ipv4_packet_on_a_64k_link_is_the_interface_limit,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_tunnel_on_the_way_out_is_named_in_the_heading,
						setup, teardown),
		cmocka_unit_test_setup_teardown(ttl_limited_probes_are_a_witness_that_names_the_hop,
						setup, teardown),
		cmocka_unit_test_setup_teardown(probes_that_reach_the_last_router_leave_it_unconfirmed,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_filter_says_what_it_stops_and_what_gets_through, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_lone_echo_black_hole_says_how_to_confirm_it, setup,
						teardown),
		cmocka_unit_test_setup_teardown(black_hole_is_named_as_such, setup, teardown),
		cmocka_unit_test_setup_teardown(a_narrower_way_back_is_said_with_both_numbers,
						setup, teardown),
		cmocka_unit_test_setup_teardown(an_unconfirmed_limit_is_marked_and_gets_no_advice,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_filter_says_what_it_stops_and_what_gets_through,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_lone_echo_black_hole_says_how_to_confirm_it,
						setup, teardown),
		cmocka_unit_test_setup_teardown(full_interface_mtu_is_the_interface_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(answered_max_below_the_interface_is_the_upper_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(ignored_ptbs_are_counted_by_reason, setup, teardown),
		cmocka_unit_test_setup_teardown(time_taken_reads_in_its_unit, setup, teardown),
		cmocka_unit_test_setup_teardown(json_is_one_line_with_every_field, setup, teardown),
		cmocka_unit_test_setup_teardown(a_datagram_socket_is_said_with_what_it_cannot_do, setup, teardown),
		cmocka_unit_test_setup_teardown(json_without_an_answer_has_nulls, setup, teardown),
		cmocka_unit_test_setup_teardown(json_escapes_the_host, setup, teardown),
		cmocka_unit_test(prom_textfile_has_every_host_and_escapes_labels),
		cmocka_unit_test(prom_labels_a_link_local_address_with_its_link),
		cmocka_unit_test(json_failure_is_one_line_with_the_reason),
		cmocka_unit_test_setup_teardown(trace_table_names_each_limit_and_where_it_sits, setup, teardown),
		cmocka_unit_test_setup_teardown(trace_shows_a_silent_hop_as_a_star, setup, teardown),
		cmocka_unit_test_setup_teardown(black_hole_not_pinned_to_a_link_says_somewhere, setup, teardown),
		cmocka_unit_test_setup_teardown(trace_of_a_clean_path_says_no_limit_was_found, setup, teardown),
		cmocka_unit_test_setup_teardown(trace_in_json_lists_the_hops, setup, teardown),
		cmocka_unit_test_setup_teardown(advice_is_a_table_ending_with_the_wg_quick_line, setup, teardown),
		cmocka_unit_test_setup_teardown(advice_warns_where_ipv6_cannot_run_inside, setup, teardown),
		cmocka_unit_test_setup_teardown(advice_in_json_is_an_array_per_tunnel, setup, teardown),
		cmocka_unit_test_setup_teardown(wg_line_is_the_mtu_for_the_endpoints_family, setup, teardown),
		cmocka_unit_test_setup_teardown(failures_are_one_sentence, setup, teardown),
		cmocka_unit_test_setup_teardown(wg_config_shows_each_peer_then_the_smallest_mtu, setup, teardown),
		cmocka_unit_test_setup_teardown(wg_config_proposes_nothing_unless_every_peer_was_sized, setup, teardown),
		cmocka_unit_test_setup_teardown(wg_config_json_carries_each_probe, setup, teardown),
		cmocka_unit_test_setup_teardown(wg_config_warns_below_1280, setup, teardown),
		cmocka_unit_test_setup_teardown(path_mtu_text_is_a_table_per_family_a_blank_line_between, setup, teardown),
		cmocka_unit_test_setup_teardown(path_mtu_json_is_one_line_with_an_array_per_family, setup, teardown),
		cmocka_unit_test_setup_teardown(clamp_ruleset_from_mss_says_so_above_the_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(clamp_ruleset_from_a_probe_names_path_and_tunnel, setup, teardown),
		cmocka_unit_test_setup_teardown(clamp_applied_follows_the_probe_report, setup, teardown),
		cmocka_unit_test_setup_teardown(clamp_applied_from_mss_is_three_lines, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
