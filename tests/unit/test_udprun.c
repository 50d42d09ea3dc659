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
	bool forger;		/* a forged "too big" before each answer */
	struct addr src, dst, router;
	/* the one answer pending */
	bool pending;
	struct pkt_info pi;
	uint64_t now;
	unsigned int sent;
	int answered;
};

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
	p->sent++;
	if (size > p->ifmtu)
		return -EMSGSIZE;
	p->pending = false;
	if (size > p->mtu) {
		if (!p->ptb)
			return 0;
		type = p->family == AF_INET6 ? 2 : 3;
		code = p->family == AF_INET6 ? 0 : 4;
		info = p->ptb_mtu ? p->ptb_mtu : p->mtu;
		from = &p->router;
	} else {
		if (!p->host || (p->answers && p->answered == p->answers))
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

		assert_int_equal(udp_run(&ops, &p, &cfg, &res), 0);
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
	assert_int_equal(udp_run(&ops, &p, &cfg, &res), 0);
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
	assert_int_equal(udp_run(&ops, &p, &cfg, &res), 0);
	assert_int_equal(res.state, SEARCH_DONE);
	assert_int_equal(res.path_mtu, 1380);
	assert_true(addr_eq(&res.ptb_from, &p.router));
}

/* RFC 8201 4: below 1280, a "too big" is discarded whole, as the ICMP
 * search does: the size is not taken as too big, the run goes on as if
 * nothing came. */
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
	assert_int_equal(udp_run(&ops, &p, &cfg, &res), 0);
	assert_int_equal(res.state, SEARCH_NO_ANSWER);
	assert_int_equal(res.ptb_below_min, UDP_TRIES);
	assert_int_equal(res.too_big, 0);
}

static void silence_is_no_answer_after_three_tries(void **state)
{
	struct path p = path4(1380, false);

	(void)state;
	assert_int_equal(udp_run(&ops, &p, &cfg, &res), 0);
	assert_int_equal(res.state, SEARCH_NO_ANSWER);
	assert_int_equal(res.path_mtu, 0);
	assert_int_equal(p.sent, UDP_TRIES);
	assert_int_equal(res.elapsed, UDP_TRIES * cfg.wait_ceiling);
}

static void silence_after_an_arrival_leaves_it_incomplete(void **state)
{
	struct path p = path4(1380, true);

	(void)state;
	/* the router names too low an MTU; the host answers once, then
	 * keeps quiet (rate-limited, say) */
	p.ptb_mtu = 1300;
	p.answers = 1;
	assert_int_equal(udp_run(&ops, &p, &cfg, &res), 0);
	assert_int_equal(res.state, SEARCH_INCOMPLETE);
	assert_int_equal(res.path_mtu, 1300);
	assert_int_equal(res.too_big, 1400);
}

static void the_interface_limit_is_local(void **state)
{
	struct path p = path4(1500, true);

	(void)state;
	p.ifmtu = 1400;
	assert_int_equal(udp_run(&ops, &p, &cfg, &res), 0);
	assert_int_equal(res.state, SEARCH_DONE);
	assert_int_equal(res.path_mtu, 1400);
	assert_int_equal(res.evidence, EVIDENCE_LOCAL);
}

static void a_forged_ptb_changes_nothing_and_is_counted(void **state)
{
	struct path p = path4(1380, true);

	(void)state;
	p.forger = true;
	assert_int_equal(udp_run(&ops, &p, &cfg, &res), 0);
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
		cmocka_unit_test(silence_is_no_answer_after_three_tries),
		cmocka_unit_test(silence_after_an_arrival_leaves_it_incomplete),
		cmocka_unit_test(the_interface_limit_is_local),
		cmocka_unit_test(a_forged_ptb_changes_nothing_and_is_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
