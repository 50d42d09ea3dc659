// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The simulated path itself: how its destination answers, or lies, and how
 * its routers treat TCP SYNs. The packets go in through simnet_ops as the
 * prober sends them and come out as a raw socket would read them, parsed
 * by the project's own code. Each behaviour is tested over IPv4 and over
 * IPv6.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <cmocka.h>

#include "bytes.h"

#include "cksum.h"
#include "probe.h"
#include "simnet.h"
#include "trace.h"

static int ipv4 = AF_INET, ipv6 = AF_INET6;

static const struct echo_id echo = {
	.id = 0x4d50,
	.seq = 7,
	.cookie = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef },
};

enum {
	SPORT = 40000,
	ISN = 0x12345678,
	LONG = 10 * 1000 * 1000,	/* us: longer than any answer takes */
};

/* What the socket read: its bytes, what came with them, and their sense. */
struct got {
	uint8_t buf[IP_MAX_PACKET + IP6_HDR_LEN];
	ssize_t len;
	struct net_rx rx;
	struct pkt_info pi;
};

static struct got got;
static struct simnet net;

/* The path of the test: of the family its state names. */
static struct simnet *path(void **state, unsigned int mtu, enum sim_mode mode)
{
	simnet_init(&net, *(const int *)*state, mtu, mode, 7);
	return &net;
}

static int free_path(void **state)
{
	(void)state;
	simnet_free(&net);
	return 0;
}

static size_t hdr(const struct simnet *n)
{
	return pkt_ip_hdr_len(n->family);
}

/* Sends an echo request making an IP packet of size bytes. */
static void send_echo(struct simnet *n, size_t size)
{
	uint8_t msg[IP_MAX_PACKET];
	ssize_t len = pkt_build_echo(n->family, msg, sizeof(msg), size, &echo);

	assert_true(len > 0);
	assert_int_equal(simnet_ops.send(n, n->family == AF_INET6 ?
					 IPPROTO_ICMPV6 : IPPROTO_ICMP,
					 msg, (size_t)len, 0), 0);
}

/* Sends a SYN of size bytes from port SPORT to dport, with TTL ttl. */
static void send_syn(struct simnet *n, size_t size, uint16_t dport,
		     uint8_t ttl)
{
	uint8_t msg[IP_MAX_PACKET];
	ssize_t len = pkt_build_syn(msg, sizeof(msg), size, &n->src, &n->dst,
				    SPORT, dport, ISN, 1460);

	assert_true(len > 0);
	assert_int_equal(simnet_ops.send(n, IPPROTO_TCP, msg, (size_t)len,
					 ttl), 0);
}

/* Reads the next packet, if one comes by the virtual time deadline, into
 * got and parses it. Returns whether one came. */
static bool receive_by(struct simnet *n, uint64_t deadline)
{
	bool v6 = n->family == AF_INET6;
	size_t len;
	int ret;

	got.len = simnet_ops.recv(n, got.buf, sizeof(got.buf), &got.rx,
				  deadline);
	assert_true(got.len >= 0);
	if (!got.len)
		return false;
	len = (size_t)got.len;
	if (got.rx.proto == IPPROTO_TCP)
		ret = v6 ? pkt_parse_tcp6(got.buf, len, &got.pi) :
		      pkt_parse_tcp4(got.buf, len, &got.pi);
	else
		ret = v6 ? pkt_parse_icmp6(got.buf, len, &got.pi) :
		      pkt_parse_icmp4(got.buf, len, &got.pi);
	assert_int_equal(ret, 0);
	if (v6)
		got.pi.from = got.rx.from;
	else
		assert_int_equal(cksum(got.buf, IP4_HDR_LEN), 0);
	return true;
}

static bool receive(struct simnet *n)
{
	return receive_by(n, n->now + LONG);
}

/* How many packets come by the virtual time deadline. */
static unsigned int answers_by(struct simnet *n, uint64_t deadline)
{
	unsigned int k = 0;

	while (receive_by(n, deadline))
		k++;
	return k;
}

/* How many packets come within LONG. */
static unsigned int drain(struct simnet *n)
{
	return answers_by(n, n->now + LONG);
}

static void assert_echo_reply(const struct simnet *n, size_t size)
{
	assert_int_equal(got.pi.kind, PKT_ECHO_REPLY);
	assert_true(addr_eq(&got.pi.from, &n->dst));
	assert_int_equal(got.pi.size, size);
	assert_int_equal(got.pi.id, echo.id);
	assert_int_equal(got.pi.seq, echo.seq);
	assert_true(got.pi.has_cookie);
	assert_memory_equal(got.pi.cookie, echo.cookie, PROBE_COOKIE_LEN);
}

/* An echo request one byte over limit draws no reply; one of limit
 * draws its reply, whole. */
static void assert_answered_up_to(struct simnet *n, size_t limit)
{
	send_echo(n, limit + 1);
	assert_false(receive(n));
	send_echo(n, limit);
	assert_true(receive(n));
	assert_echo_reply(n, limit);
}

/* The TCP checksum of what got holds, from the destination to us, summed
 * again over its pseudo-header (RFC 9293 3.1, RFC 8200 8.1). */
static void assert_tcp_cksum(const struct simnet *n)
{
	size_t off = n->family == AF_INET6 ? 0 : IP4_HDR_LEN;
	size_t len = (size_t)got.len - off, alen = addr_len(n->family);
	uint8_t ph[IP6_HDR_LEN] = { 0 };
	uint32_t sum;

	memcpy(ph, &n->dst.v6, alen);
	memcpy(ph + alen, &n->src.v6, alen);
	if (n->family == AF_INET6) {
		put32(ph + 32, (uint32_t)len);
		ph[39] = IPPROTO_TCP;
	} else {
		ph[9] = IPPROTO_TCP;
		put16(ph + 10, (uint16_t)len);
	}
	sum = cksum_add(0, ph, n->family == AF_INET6 ? 40 : 12);
	assert_int_equal(cksum_fold(cksum_add(sum, got.buf + off, len)), 0);
}

/* A SYN-ACK or RST from the destination's port dport to SPORT. */
static void assert_tcp_answer(const struct simnet *n, uint16_t dport,
			      uint8_t flags, uint32_t ack)
{
	assert_int_equal(got.rx.proto, IPPROTO_TCP);
	assert_int_equal(got.pi.kind, PKT_TCP);
	assert_true(addr_eq(&got.pi.from, &n->dst));
	assert_int_equal(got.pi.tcp.sport, dport);
	assert_int_equal(got.pi.tcp.dport, SPORT);
	assert_int_equal(got.pi.tcp.flags, flags);
	assert_int_equal(got.pi.tcp.ack, ack);
	assert_int_equal(got.pi.tcp.payload_len, 0);
	assert_tcp_cksum(n);
}

/* A SYN of size bytes to port 443, open, draws its SYN-ACK. */
static void assert_syn_accepted(struct simnet *n, size_t size)
{
	send_syn(n, size, 443, 0);
	assert_true(receive(n));
	assert_tcp_answer(n, 443, TH_SYN | TH_ACK, ISN + 1);
}

/* A SYN of size bytes to port 443 with TTL ttl draws an ICMP error of
 * kind from router, quoting it. */
static void assert_syn_draws_error(struct simnet *n, size_t size, uint8_t ttl,
				   enum pkt_kind kind,
				   const struct addr *router)
{
	send_syn(n, size, 443, ttl);
	assert_true(receive(n));
	assert_int_equal(got.pi.kind, kind);
	assert_true(addr_eq(&got.pi.from, router));
	assert_int_equal(got.pi.qproto, IPPROTO_TCP);
	assert_true(addr_eq(&got.pi.qsrc, &n->src));
	assert_true(addr_eq(&got.pi.qdst, &n->dst));
	assert_int_equal(got.pi.size, size);
	assert_true(got.pi.quoted_tcp);
	assert_int_equal(got.pi.tcp.sport, SPORT);
	assert_int_equal(got.pi.tcp.dport, 443);
	assert_int_equal(got.pi.tcp.seq, ISN);
}

/* ---------------------------------------------------------------- echo */

static void cut_reply_arrives_cut_with_valid_checksums_and_our_ids(void **state)
{
	struct simnet *n = path(state, 1500, SIM_PTB);

	n->cut_reply = 76;
	send_echo(n, 1400);
	assert_true(receive(n));
	/* IPv4: pkt_parse_icmp4 has checked the ICMP checksum, and
	 * receive() the header's; the IPv6 socket shows no header,
	 * and its kernel has checked the ICMPv6 checksum. */
	assert_int_equal(got.len, n->family == AF_INET6 ? 76 : 96);
	assert_echo_reply(n, hdr(n) + 76);
	assert_int_equal(n->echo_answered, 1);
	assert_int_equal(drain(n), 0);
}

static void reply_no_longer_than_cut_reply_comes_back_whole(void **state)
{
	struct simnet *n = path(state, 1500, SIM_PTB);

	n->cut_reply = 76;
	send_echo(n, hdr(n) + 76);
	assert_true(receive(n));
	assert_echo_reply(n, hdr(n) + 76);
}

static void echo_filter_drops_requests_above_n_and_answers_at_n(void **state)
{
	struct simnet *n = path(state, 1500, SIM_PTB);

	n->echo_filter_above = 1300;
	assert_answered_up_to(n, 1300);
	assert_int_equal(n->echo_answered, 1);
}

static void echo_drop_ignores_every_request(void **state)
{
	struct simnet *n = path(state, 1500, SIM_PTB);

	n->echo_drop = true;
	send_echo(n, pkt_echo_min_size(n->family));
	send_echo(n, 1500);
	assert_int_equal(drain(n), 0);
	assert_int_equal(n->echo_answered, 0);
}

static void policing_answers_the_burst_then_the_rate_each_second(void **state)
{
	struct simnet *n = path(state, 1500, SIM_PTB);

	n->police_rate = 3;
	n->police_burst = 5;
	for (uint64_t second = 1; second <= 3; second++) {
		for (int i = 0; i < 10; i++)
			send_echo(n, 1000);
		assert_int_equal(answers_by(n, second * 1000000),
				 second == 1 ? 5 : 3);
	}
	assert_int_equal(n->echo_answered, 11);
	assert_int_equal(n->echo_policed, 19);
}

static void back_mtu_drops_a_large_reply_but_not_a_small_one(void **state)
{
	struct simnet *n = path(state, 1500, SIM_PTB);

	n->back_mtu = 1300;
	assert_answered_up_to(n, 1300);
	/* the host answered both; the way back lost one */
	assert_int_equal(n->echo_answered, 2);
}

static void back_mtu_lets_the_routers_errors_through(void **state)
{
	struct simnet *n = path(state, 1400, SIM_PTB);

	n->back_mtu = 500;	/* below the PTB's own size */
	send_echo(n, 1500);
	assert_true(receive(n));
	assert_true((size_t)got.len + (n->family == AF_INET6 ? hdr(n) : 0) >
		    n->back_mtu);
	assert_int_equal(got.pi.kind, PKT_TOO_BIG);
	assert_int_equal(got.pi.mtu, 1400);
}

/* ----------------------------------------------------------------- TCP */

static void open_port_answers_a_syn_with_data_acking_only_the_syn(void **state)
{
	struct simnet *n = path(state, 1500, SIM_PTB);

	n->tcp_open = true;
	assert_syn_accepted(n, 1000);
	/* the MSS of the destination's 1500-byte link */
	assert_int_equal(got.pi.tcp.mss, 1500 - hdr(n) - TCP_HDR_LEN);
	assert_int_equal(n->syn_seen, 1);
	assert_int_equal(n->syn_data_seen, 1);
}

static void open_port_may_be_another_than_443(void **state)
{
	struct simnet *n = path(state, 1500, SIM_PTB);

	n->tcp_open = true;
	n->tcp_port = 8443;
	send_syn(n, pkt_syn_min_size(n->family), 8443, 0);
	assert_true(receive(n));
	assert_tcp_answer(n, 8443, TH_SYN | TH_ACK, ISN + 1);
}

static void closed_port_resets_acking_the_syn_and_its_data(void **state)
{
	struct simnet *n = path(state, 1500, SIM_PTB);
	size_t data;

	n->tcp_open = true;
	data = 1000 - pkt_syn_min_size(n->family);
	send_syn(n, 1000, 444, 0);
	assert_true(receive(n));
	assert_tcp_answer(n, 444, TH_RST | TH_ACK,
			  ISN + 1 + (uint32_t)data);
	assert_int_equal(got.pi.tcp.seq, 0);
}

static void without_a_listener_every_port_resets(void **state)
{
	struct simnet *n = path(state, 1500, SIM_PTB);

	send_syn(n, pkt_syn_min_size(n->family), 443, 0);
	assert_true(receive(n));
	assert_tcp_answer(n, 443, TH_RST | TH_ACK, ISN + 1);
}

static void tcp_silent_host_answers_no_closed_port(void **state)
{
	struct simnet *n = path(state, 1500, SIM_PTB);

	n->tcp_silent = true;
	send_syn(n, 1000, 443, 0);
	send_syn(n, 1000, 80, 0);
	assert_int_equal(drain(n), 0);
	assert_int_equal(n->syn_seen, 2);
}

static void syn_data_drop_drops_a_syn_with_data_and_passes_a_plain_one(void **state)
{
	struct simnet *n = path(state, 1500, SIM_PTB);

	n->tcp_open = true;
	n->syn_data_drop = true;
	send_syn(n, 1000, 443, 0);
	assert_false(receive(n));
	assert_int_equal(n->syn_data_seen, 0);
	assert_syn_accepted(n, pkt_syn_min_size(n->family));
	assert_int_equal(n->syn_seen, 1);
}

static void syn_above_the_path_mtu_draws_a_ptb_quoting_it(void **state)
{
	struct simnet *n = path(state, 1380, SIM_PTB);

	n->tcp_open = true;
	assert_syn_draws_error(n, 1381, 0, PKT_TOO_BIG, &n->router);
	assert_int_equal(got.pi.mtu, 1380);
	assert_int_equal(drain(n), 0);
	assert_int_equal(n->syn_seen, 0);
}

static void syn_above_the_path_mtu_draws_nothing_in_a_black_hole(void **state)
{
	struct simnet *n = path(state, 1380, SIM_BLACK_HOLE);

	n->tcp_open = true;
	send_syn(n, 1381, 443, 0);
	assert_int_equal(drain(n), 0);
	assert_syn_accepted(n, 1380);
}

static void syn_whose_ttl_ends_at_a_router_draws_time_exceeded(void **state)
{
	struct simnet *n = path(state, 1500, SIM_PTB);

	n->tcp_open = true;
	assert_syn_draws_error(n, 1000, 1, PKT_TIME_EXCEEDED, &n->r1);
	assert_syn_draws_error(n, 1000, 2, PKT_TIME_EXCEEDED, &n->router);
}

static void tcp_flow_keeps_only_the_flow_asked_for(void **state)
{
	struct simnet *n = path(state, 1500, SIM_PTB);

	n->tcp_open = true;
	assert_int_equal(simnet_ops.tcp_flow(n, 443, 0, SPORT + 1, 8), 0);
	send_syn(n, 1000, 443, 0);	/* from SPORT: not the flow */
	assert_false(receive(n));
	assert_int_equal(simnet_ops.tcp_flow(n, 443, 0, SPORT, 1), 0);
	assert_syn_accepted(n, 1000);
}

/* ------------------------------------------------------ whole searches */

/* The TCP search of the program to port 443 of n's open port, as job.c
 * runs it. */
static void tcp_search(struct simnet *n, struct run_config *cfg,
		       struct run_result *res)
{
	simnet_config(n, cfg);
	cfg->method = METHOD_TCP;
	cfg->dport = 443;
	cfg->sport = SPORT;
	cfg->isn = ISN;
	cfg->mss = (uint16_t)(n->ifmtu - hdr(n) - TCP_HDR_LEN);
	assert_int_equal(simnet_ops.tcp_flow(n, cfg->dport, 0, cfg->sport,
					     PROBER_SPAN), 0);
	assert_int_equal(run_probe(&simnet_ops, n, cfg, res), 0);
}

static void tcp_search_finds_a_1380_black_hole_behind_an_open_port(void **state)
{
	struct simnet *n = path(state, 1380, SIM_BLACK_HOLE);
	struct run_config cfg;
	struct run_result res;

	n->tcp_open = true;
	tcp_search(n, &cfg, &res);
	assert_int_equal(res.state, SEARCH_DONE);
	assert_int_equal(res.path_mtu, 1380);
	assert_int_equal(res.evidence, EVIDENCE_BLACK_HOLE);
	assert_int_equal(res.rsts, 0);
	assert_int_equal(res.synacks, res.replies);
	assert_int_equal(res.server_mss, 1500 - hdr(n) - TCP_HDR_LEN);
	/* every SYN carried data, and the SYN-ACK acking only the SYN
	 * matched all the same */
	assert_int_equal(n->syn_data_seen, n->syn_seen);
}

static void tcp_trace_places_the_black_hole_after_the_second_router(void **state)
{
	struct simnet *n = path(state, 1380, SIM_BLACK_HOLE);
	const struct addr *at[] = { &n->r1, &n->router, &n->dst };
	struct trace_result tr;
	struct run_config cfg;
	struct run_result res;

	n->tcp_open = true;
	tcp_search(n, &cfg, &res);
	assert_int_equal(res.path_mtu, 1380);
	cfg.sport = (uint16_t)(cfg.sport + res.probes);
	assert_int_equal(simnet_ops.tcp_flow(n, cfg.dport, 0, cfg.sport,
					     PROBER_SPAN), 0);
	assert_int_equal(trace_path(&simnet_ops, n, &cfg, &res, n->ifmtu, &tr),
			 0);
	assert_true(tr.reached);
	assert_int_equal(tr.nhops, 3);
	for (unsigned int i = 0; i < 3; i++)
		assert_true(addr_eq(&tr.hops[i].addr, at[i]));
	assert_int_equal(tr.hops[1].mtu, 1500);
	assert_int_equal(tr.hops[2].mtu, 1380);
	assert_int_equal(tr.hops[2].limit, HOP_BLACK_HOLE);
}

/* Replies cut to 76 bytes of ICMP, on a clean 1500-byte path. */
static struct run_result search_against_cut_replies(void **state)
{
	struct simnet *n = path(state, 1500, SIM_PTB);
	struct run_config cfg;
	struct run_result res;

	n->cut_reply = 76;
	simnet_config(n, &cfg);
	assert_int_equal(run_probe(&simnet_ops, n, &cfg, &res), 0);
	assert_int_equal(n->echo_answered, res.probes);
	return res;
}

/* A reply cut short still proves its request arrived: the search finds
 * the whole path, and counts the cut replies, which prove nothing of the
 * way back. */
static void cut_replies_still_prove_each_size_arrived(void **state)
{
	struct run_result res = search_against_cut_replies(state);

	assert_int_equal(res.state, SEARCH_DONE);
	assert_int_equal(res.path_mtu, 1500);
	assert_int_equal(res.evidence, EVIDENCE_MAX);
	assert_true(res.replies_cut > 0);
}

/* Each test over an IPv4 path, then over an IPv6 one. */
#define BOTH(f) \
	{ #f " (IPv4)", f, NULL, free_path, &ipv4 }, \
	{ #f " (IPv6)", f, NULL, free_path, &ipv6 }

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(cut_reply_arrives_cut_with_valid_checksums_and_our_ids),
		BOTH(reply_no_longer_than_cut_reply_comes_back_whole),
		BOTH(echo_filter_drops_requests_above_n_and_answers_at_n),
		BOTH(echo_drop_ignores_every_request),
		BOTH(policing_answers_the_burst_then_the_rate_each_second),
		BOTH(back_mtu_drops_a_large_reply_but_not_a_small_one),
		BOTH(back_mtu_lets_the_routers_errors_through),
		BOTH(open_port_answers_a_syn_with_data_acking_only_the_syn),
		BOTH(open_port_may_be_another_than_443),
		BOTH(closed_port_resets_acking_the_syn_and_its_data),
		BOTH(without_a_listener_every_port_resets),
		BOTH(tcp_silent_host_answers_no_closed_port),
		BOTH(syn_data_drop_drops_a_syn_with_data_and_passes_a_plain_one),
		BOTH(syn_above_the_path_mtu_draws_a_ptb_quoting_it),
		BOTH(syn_above_the_path_mtu_draws_nothing_in_a_black_hole),
		BOTH(syn_whose_ttl_ends_at_a_router_draws_time_exceeded),
		BOTH(tcp_flow_keeps_only_the_flow_asked_for),
		BOTH(tcp_search_finds_a_1380_black_hole_behind_an_open_port),
		BOTH(tcp_trace_places_the_black_hole_after_the_second_router),
		BOTH(cut_replies_still_prove_each_size_arrived),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
