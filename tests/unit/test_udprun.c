// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The UDP prober (udp_run) against a simulated path: one router before a
 * link of MTU mtu that may or may not say "too big", and a host that
 * answers "port unreachable" to what arrives. The errors come as a UDP
 * socket's error queue gives them, through pkt_parse_udp_error().
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "pkt.h"
#include "udprun.h"

struct path {
	int family;
	unsigned int mtu;	/* of the narrow link */
	unsigned int ifmtu;	/* the local interface: EMSGSIZE above */
	bool ptb;		/* the router says "too big" */
	uint32_t ptb_mtu;	/* what it says; 0: mtu */
	bool host;		/* the host says "port unreachable" */
	int answers;		/* ...this many times; 0: always */
	bool limited;		/* ...as Linux rations it: a burst of 6,
				 * then one a second */
	uint64_t tokens;	/* us of credit, one answer a second each */
	uint64_t refilled;	/* when the credit was last topped up */
	bool forger;		/* a forged "too big" before each answer */
	/* An off-path sender that guessed the port answers each datagram
	 * the black hole swallows with a "port unreachable": quoting too
	 * little to show the cookie, or about another destination. */
	bool forge_cut;
	bool forge_elsewhere;
	uint16_t first_port;	/* of the first datagram sent */
	struct addr src, dst, router;
	/* the one answer pending */
	bool pending;
	struct pkt_info pi;
	uint64_t now;
	unsigned int sent;
	int answered;
};

/* The token bucket of Linux's icmp_ratelimit toward one peer. */
static bool token(struct path *p)
{
	if (!p->limited)
		return true;
	p->tokens += p->now - p->refilled;
	p->refilled = p->now;
	if (p->tokens > 6000000)
		p->tokens = 6000000;
	if (p->tokens < 1000000)
		return false;
	p->tokens -= 1000000;
	return true;
}

static int p_send(void *ctx, int proto, const void *msg, size_t len,
		  uint8_t ttl)
{
	struct path *p = ctx;
	const uint8_t *m = msg;
	size_t size = len + pkt_ip_hdr_len(p->family);
	uint16_t port = (uint16_t)(m[2] << 8 | m[3]);
	uint8_t type, code;
	uint32_t info = 0;
	const struct addr *from;

	assert_int_equal(proto, IPPROTO_UDP);
	assert_int_equal(ttl, 0);
	assert_int_equal(m[4] << 8 | m[5], len);
	if (!p->sent++)
		p->first_port = port;
	if (size > p->ifmtu)
		return -EMSGSIZE;
	p->pending = false;
	if (size > p->mtu && (p->forge_cut || p->forge_elsewhere)) {
		struct addr elsewhere;

		assert_int_equal(addr_pton("10.99.3.77", &elsewhere), 0);
		assert_int_equal(pkt_parse_udp_error(p->family, 3, 3, 0, &p->dst,
				&p->src, p->forge_elsewhere ? &elsewhere : &p->dst,
				port, m + 8, p->forge_cut ? 0 : len - 8,
				&p->pi), 0);
		p->pending = true;
		return 0;
	}
	if (size > p->mtu) {
		if (!p->ptb)
			return 0;
		type = p->family == AF_INET6 ? 2 : 3;
		code = p->family == AF_INET6 ? 0 : 4;
		info = p->ptb_mtu ? p->ptb_mtu : p->mtu;
		from = &p->router;
	} else {
		if (!p->host || (p->answers && p->answered == p->answers) ||
		    !token(p))
			return 0;
		p->answered++;
		type = p->family == AF_INET6 ? 1 : 3;
		code = p->family == AF_INET6 ? 4 : 3;
		from = &p->dst;
	}
	/* the queue quotes the payload after the UDP header */
	assert_int_equal(pkt_parse_udp_error(p->family, type, code, info, from,
					     &p->src, &p->dst, port, m + 8,
					     len - 8, &p->pi), 0);
	p->pending = true;
	return 0;
}

static int p_recv_info(void *ctx, struct pkt_info *pi, uint64_t deadline)
{
	struct path *p = ctx;

	if (p->forger) {
		/* "too big" for another port, as a blind sender would */
		static const uint8_t junk[PROBE_COOKIE_LEN];

		p->forger = false;
		assert_int_equal(pkt_parse_udp_error(p->family,
				p->family == AF_INET6 ? 2 : 3,
				p->family == AF_INET6 ? 0 : 4, 600,
				&p->router, &p->src, &p->dst, 1, junk,
				sizeof(junk), pi), 0);
		return 1;
	}
	if (p->pending) {
		p->pending = false;
		p->now += 1000;
		*pi = p->pi;
		return 1;
	}
	p->now = deadline;
	return 0;
}

static uint64_t p_now(void *ctx)
{
	return ((struct path *)ctx)->now;
}

static const struct net_ops ops = {
	.send = p_send,
	.recv_info = p_recv_info,
	.now = p_now,
};

static struct run_config cfg;
static struct run_result res;

static struct path path4(unsigned int mtu, bool ptb)
{
	struct path p = {
		.family = AF_INET, .mtu = mtu, .ifmtu = 1500, .ptb = ptb,
		.host = true,
	};

	assert_int_equal(addr_pton("10.99.1.1", &p.src), 0);
	assert_int_equal(addr_pton("10.99.3.2", &p.dst), 0);
	assert_int_equal(addr_pton("10.99.2.2", &p.router), 0);
	memset(&cfg, 0, sizeof(cfg));
	cfg.dst = p.dst;
	cfg.src = p.src;
	cfg.method = METHOD_UDP;
	cfg.min = 68;
	cfg.max = 1500;
	cfg.wait_ceiling = 1000000;
	memset(cfg.echo.cookie, 0x5a, sizeof(cfg.echo.cookie));
	return p;
}

static void every_ptb_path_is_sized_exactly(void **state)
{
	(void)state;
	for (unsigned int mtu = 576; mtu <= 1500; mtu++) {
		struct path p = path4(mtu, true);

		assert_int_equal(udp_run(&ops, &p, &cfg, 0, &res), 0);
		assert_int_equal(res.state, SEARCH_DONE);
		assert_int_equal(res.path_mtu, mtu);
		assert_int_equal(res.evidence, mtu == 1500 ? EVIDENCE_MAX :
				 EVIDENCE_PTB);
		if (mtu < 1500) {
			assert_int_equal(res.ptb_mtu, mtu);
			assert_int_equal(res.too_big, mtu + 1);
		}
	}
}

static void a_router_naming_no_mtu_is_bisected(void **state)
{
	struct path p = path4(1234, true);

	(void)state;
	p.ptb_mtu = 0xffff;	/* not below the probe: no usable MTU */
	assert_int_equal(udp_run(&ops, &p, &cfg, 0, &res), 0);
	assert_int_equal(res.state, SEARCH_DONE);
	assert_int_equal(res.path_mtu, 1234);
	assert_true(res.ptb_no_mtu > 0);
}

static void ipv6_ptb_path_is_sized(void **state)
{
	struct path p = path4(1380, true);

	(void)state;
	p.family = AF_INET6;
	assert_int_equal(addr_pton("fd00:99:1::1", &p.src), 0);
	assert_int_equal(addr_pton("fd00:99:3::2", &p.dst), 0);
	assert_int_equal(addr_pton("fd00:99:2::2", &p.router), 0);
	cfg.dst = p.dst;
	cfg.src = p.src;
	cfg.min = 1280;
	assert_int_equal(udp_run(&ops, &p, &cfg, 0, &res), 0);
	assert_int_equal(res.state, SEARCH_DONE);
	assert_int_equal(res.path_mtu, 1380);
	assert_true(addr_eq(&res.ptb_from, &p.router));
}

/* RFC 8201 4: below 1280, a "too big" is discarded whole, as the ICMP
 * search does: the size is not taken as too big, and its silence is
 * judged as any other. */
static void a_ptb_below_the_minimum_is_discarded(void **state)
{
	struct path p = path4(1380, true);

	(void)state;
	p.family = AF_INET6;
	assert_int_equal(addr_pton("fd00:99:1::1", &p.src), 0);
	assert_int_equal(addr_pton("fd00:99:3::2", &p.dst), 0);
	assert_int_equal(addr_pton("fd00:99:2::2", &p.router), 0);
	p.ptb_mtu = 1000;
	cfg.dst = p.dst;
	cfg.src = p.src;
	cfg.min = 1280;
	assert_int_equal(udp_run(&ops, &p, &cfg, 0, &res), 0);
	assert_int_equal(res.state, SEARCH_DONE);
	assert_int_equal(res.path_mtu, 1380);
	assert_int_equal(res.evidence, EVIDENCE_BLACK_HOLE);
	assert_true(res.ptb_below_min >= UDP_TRIES);
	assert_int_equal(res.ptb_mtu, 0);
}

/* A size silent UDP_TRIES times, while a smaller one arrives (1280, or
 * below it the minimum), is a black hole: halving between them finds the
 * exact size, as tracepath would not. */
static void a_black_hole_is_sized_by_what_arrives_below_it(void **state)
{
	static const unsigned int mtus[] = { 576, 1000, 1279, 1280, 1281,
					     1380, 1453, 1499 };

	for (size_t i = 0; i < sizeof(mtus) / sizeof(mtus[0]); i++) {
		unsigned int mtu = mtus[i];
		struct path p = path4(mtu, false);

		(void)state;
		assert_int_equal(udp_run(&ops, &p, &cfg, 0, &res), 0);
		assert_int_equal(res.state, SEARCH_DONE);
		assert_int_equal(res.path_mtu, mtu);
		assert_int_equal(res.evidence, EVIDENCE_BLACK_HOLE);
		assert_int_equal(res.too_big, mtu + 1);
		assert_false(res.policed);
	}
}

/* Nothing answers UDP at all: the largest size, 1280 and the minimum are
 * each tried UDP_TRIES times, again after a pause of a second, and no
 * number is made up. */
static void silence_at_every_size_is_no_answer(void **state)
{
	struct path p = path4(1380, false);

	(void)state;
	p.host = false;
	assert_int_equal(udp_run(&ops, &p, &cfg, 0, &res), 0);
	assert_int_equal(res.state, SEARCH_NO_ANSWER);
	assert_int_equal(res.path_mtu, 0);
	assert_int_equal(p.sent, 2 * 3 * UDP_TRIES);
	assert_int_equal(res.elapsed, 2 * 3 * UDP_TRIES * cfg.wait_ceiling +
				      1000000);
}

/* A round trip known from another method's search sets the waits. */
static void a_known_round_trip_shortens_the_waits(void **state)
{
	struct path p = path4(1380, false);

	(void)state;
	p.host = false;
	cfg.wait_floor = 20000;
	assert_int_equal(udp_run(&ops, &p, &cfg, 1000, &res), 0);
	assert_int_equal(res.state, SEARCH_NO_ANSWER);
	assert_int_equal(res.elapsed, 2 * 3 * UDP_TRIES * cfg.wait_floor +
				      1000000);
}

/* A host that rations its "port unreachable" as Linux does (6 at once,
 * then one a second): the silence of a size that would arrive is told
 * from a black hole by a smaller one that stays silent too, and a pause
 * lets the answers come again. The answer is exact, and said to be
 * rationed. */
static void a_rationing_host_is_waited_for(void **state)
{
	struct path p = path4(1380, false);

	(void)state;
	p.limited = true;
	p.tokens = 6000000;
	cfg.wait_floor = 20000;
	assert_int_equal(udp_run(&ops, &p, &cfg, 1000, &res), 0);
	assert_int_equal(res.state, SEARCH_DONE);
	assert_int_equal(res.path_mtu, 1380);
	assert_int_equal(res.evidence, EVIDENCE_BLACK_HOLE);
	assert_true(res.policed);
	assert_true(res.elapsed < RUN_BUDGET_US);
}

/* A run a moment before spent the host's errors: quiet from the start,
 * it answers again after a pause, and the answer is exact. */
static void a_host_whose_errors_are_spent_is_waited_for_once(void **state)
{
	struct path p = path4(1380, false);

	(void)state;
	p.limited = true;
	p.tokens = 0;
	cfg.wait_floor = 20000;
	assert_int_equal(udp_run(&ops, &p, &cfg, 1000, &res), 0);
	assert_int_equal(res.state, SEARCH_DONE);
	assert_int_equal(res.path_mtu, 1380);
	assert_int_equal(res.evidence, EVIDENCE_BLACK_HOLE);
}

/* A size no IP packet can be is never written into the datagram (an
 * interface of MTU 70000, a loopback so set, once overran the buffer):
 * it is too big for the sender, and the search goes on below it. */
static void a_size_beyond_any_packet_is_refused_not_written(void **state)
{
	struct path p = path4(1500, true);

	(void)state;
	p.ifmtu = 70000;
	cfg.max = 70000;
	assert_int_equal(udp_run(&ops, &p, &cfg, 0, &res), 0);
	assert_int_equal(res.state, SEARCH_DONE);
	assert_int_equal(res.path_mtu, 1500);
}

/* A forged "port unreachable" for the right port, whose quote cannot
 * show the cookie, or about a datagram to another destination, proves
 * nothing: the black hole is still found where it is. */
static void forged_arrivals_change_nothing(void **state)
{
	for (int k = 0; k < 2; k++) {
		struct path p = path4(1380, false);

		(void)state;
		p.forge_cut = !k;
		p.forge_elsewhere = k;
		cfg.wait_floor = 20000;
		assert_int_equal(udp_run(&ops, &p, &cfg, 1000, &res), 0);
		assert_int_equal(res.state, SEARCH_DONE);
		assert_int_equal(res.path_mtu, 1380);
		assert_int_equal(res.evidence, EVIDENCE_BLACK_HOLE);
	}
}

/* The first port is the run's own, which an off-path sender must
 * guess; without one, tracepath's. */
static void the_first_port_is_the_runs(void **state)
{
	struct path p = path4(1500, true);

	(void)state;
	cfg.udp_port = 47123;
	assert_int_equal(udp_run(&ops, &p, &cfg, 0, &res), 0);
	assert_int_equal(p.first_port, 47123);
	p = path4(1500, true);
	assert_int_equal(udp_run(&ops, &p, &cfg, 0, &res), 0);
	assert_int_equal(p.first_port, UDP_BASE_PORT);
}

/* The run's bound holds however long the host keeps quiet: what arrived
 * stands, incomplete. */
static void a_host_that_stops_answering_is_bounded(void **state)
{
	struct path p = path4(1380, false);

	(void)state;
	p.answers = 1;
	cfg.wait_floor = 20000;
	cfg.started = 1;
	assert_int_equal(udp_run(&ops, &p, &cfg, 1000, &res), 0);
	assert_int_equal(res.state, SEARCH_INCOMPLETE);
	assert_int_equal(res.path_mtu, 1280);
	assert_true(res.policed);
	assert_true(p.now <= 1 + RUN_BUDGET_US);
}

static void silence_after_an_arrival_leaves_it_incomplete(void **state)
{
	struct path p = path4(1380, true);

	(void)state;
	/* the router names too low an MTU; the host answers once, then
	 * keeps quiet (rate-limited, say) */
	p.ptb_mtu = 1300;
	p.answers = 1;
	assert_int_equal(udp_run(&ops, &p, &cfg, 0, &res), 0);
	assert_int_equal(res.state, SEARCH_INCOMPLETE);
	assert_int_equal(res.path_mtu, 1300);
	assert_int_equal(res.too_big, 1400);
}

static void the_interface_limit_is_local(void **state)
{
	struct path p = path4(1500, true);

	(void)state;
	p.ifmtu = 1400;
	assert_int_equal(udp_run(&ops, &p, &cfg, 0, &res), 0);
	assert_int_equal(res.state, SEARCH_DONE);
	assert_int_equal(res.path_mtu, 1400);
	assert_int_equal(res.evidence, EVIDENCE_LOCAL);
}

static void a_forged_ptb_changes_nothing_and_is_counted(void **state)
{
	struct path p = path4(1380, true);

	(void)state;
	p.forger = true;
	assert_int_equal(udp_run(&ops, &p, &cfg, 0, &res), 0);
	assert_int_equal(res.state, SEARCH_DONE);
	assert_int_equal(res.path_mtu, 1380);
	assert_int_equal(res.ptb_not_ours, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_ptb_path_is_sized_exactly),
		cmocka_unit_test(a_router_naming_no_mtu_is_bisected),
		cmocka_unit_test(ipv6_ptb_path_is_sized),
		cmocka_unit_test(a_ptb_below_the_minimum_is_discarded),
		cmocka_unit_test(a_black_hole_is_sized_by_what_arrives_below_it),
		cmocka_unit_test(silence_at_every_size_is_no_answer),
		cmocka_unit_test(a_known_round_trip_shortens_the_waits),
		cmocka_unit_test(a_rationing_host_is_waited_for),
		cmocka_unit_test(a_host_whose_errors_are_spent_is_waited_for_once),
		cmocka_unit_test(a_size_beyond_any_packet_is_refused_not_written),
		cmocka_unit_test(forged_arrivals_change_nothing),
		cmocka_unit_test(the_first_port_is_the_runs),
		cmocka_unit_test(a_host_that_stops_answering_is_bounded),
		cmocka_unit_test(silence_after_an_arrival_leaves_it_incomplete),
		cmocka_unit_test(the_interface_limit_is_local),
		cmocka_unit_test(a_forged_ptb_changes_nothing_and_is_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
