// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The simulated path itself: how its destination answers, or lies. The
 * packets go in through simnet_ops as the prober sends them and come out
 * as a raw socket would read them, parsed by the project's own code. Each
 * behaviour is tested over IPv4 and over IPv6.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "bytes.h"

#include "cksum.h"
#include "simnet.h"

static int ipv4 = AF_INET, ipv6 = AF_INET6;

static const struct echo_id echo = {
	.id = 0x4d50,
	.seq = 7,
	.cookie = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef },
};

enum {
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

/*
 * Replies cut to 76 bytes of ICMP match no probe larger than 96 (IPv4) or
 * 116 (IPv6) bytes, since a reply must be as long as its request. On a
 * clean 1500-byte path the search today takes the silence above 96 bytes
 * for a black hole there, and over IPv6, whose smallest probe is 1280
 * bytes, hears no answer at all. These two tests say what it finds now;
 * the change that makes it see through cut replies must change them.
 */
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

static void cut_replies_today_make_an_ipv4_search_find_96(void **state)
{
	struct run_result res = search_against_cut_replies(state);

	assert_int_equal(res.state, SEARCH_DONE);
	assert_int_equal(res.path_mtu, 96);
	assert_int_equal(res.evidence, EVIDENCE_BLACK_HOLE);
}

static void cut_replies_today_leave_an_ipv6_search_no_answer(void **state)
{
	struct run_result res = search_against_cut_replies(state);

	assert_int_equal(res.state, SEARCH_NO_ANSWER);
	assert_int_equal(res.path_mtu, 0);
	assert_int_equal(res.replies, 0);
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
		cmocka_unit_test_prestate_setup_teardown(
			cut_replies_today_make_an_ipv4_search_find_96,
			NULL, free_path, &ipv4),
		cmocka_unit_test_prestate_setup_teardown(
			cut_replies_today_leave_an_ipv6_search_no_answer,
			NULL, free_path, &ipv6),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
