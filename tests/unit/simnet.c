// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/icmp6.h>
#include <netinet/ip_icmp.h>

#include "pkt.h"
#include "simnet.h"

struct sim_pkt {
	struct sim_pkt *next;
	uint64_t at;
	struct addr from;
	size_t len;
	uint8_t data[];
};

void simnet_init(struct simnet *n, int family, unsigned int path_mtu,
		 enum sim_mode mode, uint32_t seed)
{
	memset(n, 0, sizeof(*n));
	n->family = family;
	if (family == AF_INET6) {
		addr_pton("fd00:99:1::1", &n->src);
		addr_pton("fd00:99:1::2", &n->r1);
		addr_pton("fd00:99:2::2", &n->router);
		addr_pton("fd00:99:3::2", &n->dst);
		addr_pton("fd00:99:7::7", &n->foreigner);
	} else {
		addr_pton("10.99.1.1", &n->src);
		addr_pton("10.99.1.2", &n->r1);
		addr_pton("10.99.2.2", &n->router);
		addr_pton("10.99.3.2", &n->dst);
		addr_pton("10.99.7.7", &n->foreigner);
	}
	n->ifmtu = 1500;
	n->path_mtu = path_mtu;
	n->mode = mode;
	n->rtt = 1000;
	n->rng = seed;
}

void simnet_free(struct simnet *n)
{
	while (n->queue) {
		struct sim_pkt *p = n->queue;

		n->queue = p->next;
		free(p);
	}
}

void simnet_config(const struct simnet *n, struct run_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->dst = n->dst;
	cfg->src = n->src;
	cfg->echo.id = 0x4d50;
	cfg->echo.seq = 0xfff0;	/* wraps during the run */
	memcpy(cfg->echo.cookie, "\x01\x23\x45\x67\x89\xab\xcd\xef", 8);
	cfg->min = pkt_min_mtu(n->family);
	cfg->max = n->ifmtu;
	cfg->per_round = 8;
	cfg->wait_floor = 20000;
	cfg->wait_ceiling = 1000000;
	cfg->ptb_pause = 1000000;
}

static uint32_t rnd(struct simnet *n)
{
	/* splitmix64: repeatable from the seed, and no pattern between
	 * consecutive draws for the loss decisions to follow */
	uint64_t z = (n->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static bool lost(struct simnet *n)
{
	return n->loss_pct && rnd(n) % 100 < n->loss_pct;
}

/* Takes a token from bucket b at time now; an interval of 0 is no limit. */
static bool take_token(struct sim_bucket *b, uint64_t now, unsigned int burst,
		       uint64_t interval)
{
	uint64_t k;

	if (!interval)
		return true;
	if (!b->primed) {
		b->primed = true;
		b->tokens = burst;
		b->refill = now;
	}
	k = (now - b->refill) / interval;
	b->refill += k * interval;
	b->tokens = k >= burst - b->tokens ? burst : b->tokens + (unsigned int)k;
	if (!b->tokens)
		return false;
	b->tokens--;
	return true;
}

/* Queues what the socket will read: for IPv4 the whole packet, for IPv6
 * the ICMPv6 message. */
static void deliver(struct simnet *n, uint64_t at, const struct addr *from,
		    const void *icmp, size_t len)
{
	struct sim_pkt *p, **pp;
	size_t cap = len + IP6_HDR_LEN;
	ssize_t ret;

	p = calloc(1, sizeof(*p) + cap);
	if (!p)
		abort();
	p->at = at;
	p->from = *from;
	if (n->family == AF_INET6) {
		memcpy(p->data, icmp, len);
		p->len = len;
	} else {
		ret = pkt_build_ip(p->data, cap, from, &n->src, IPPROTO_ICMP,
				   60, icmp, len);
		if (ret < 0)
			abort();
		p->len = (size_t)ret;
	}
	for (pp = &n->queue; *pp && (*pp)->at <= at; pp = &(*pp)->next)
		;
	p->next = *pp;
	*pp = p;
}

/* An ICMP error about the probe msg, from the router at hop (1 or 2). */
static void send_error(struct simnet *n, const struct addr *from,
		       unsigned int hop, const void *msg, size_t len,
		       uint8_t type, uint8_t code, uint32_t rest)
{
	uint8_t orig[IP_MAX_PACKET + IP6_HDR_LEN], err[1300];
	size_t quote = n->quote_len ? n->quote_len :
		       n->family == AF_INET6 ? 1232 : 548;
	ssize_t olen, elen;

	olen = pkt_build_ip(orig, sizeof(orig), &n->src, &n->dst,
			    n->family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP,
			    64, msg, len);
	if (olen < 0)
		abort();
	if (quote > (size_t)olen)
		quote = (size_t)olen;
	elen = pkt_build_icmp_error(n->family, err, sizeof(err), type, code,
				    rest, orig, quote);
	if (elen < 0)
		abort();
	deliver(n, n->now + n->rtt * hop / 3, from, err, (size_t)elen);
}

static void send_ptb(struct simnet *n, const struct addr *from,
		     unsigned int hop, const void *msg, size_t len, uint32_t mtu)
{
	send_error(n, from, hop, msg, len,
		   n->family == AF_INET6 ? ICMP6_PACKET_TOO_BIG : ICMP_DEST_UNREACH,
		   n->family == AF_INET6 ? 0 : ICMP_FRAG_NEEDED, mtu);
}

/* Time Exceeded from the router at hop, through its token bucket. */
static void send_time_exceeded(struct simnet *n, unsigned int hop,
			       const void *msg, size_t len)
{
	if (!take_token(&n->te[hop - 1], n->now, n->te_burst, n->te_interval))
		return;
	send_error(n, hop == 1 ? &n->r1 : &n->router, hop, msg, len,
		   n->family == AF_INET6 ? ICMP6_TIME_EXCEEDED : ICMP_TIME_EXCEEDED,
		   0, 0);
}

/* Someone off the path guesses: right addresses, wrong cookie. */
static void forge_ptb(struct simnet *n, const void *msg, size_t len)
{
	uint8_t forged[IP_MAX_PACKET];

	memcpy(forged, msg, len);
	forged[ICMP_HDR_LEN] ^= 0xff;
	send_ptb(n, &n->foreigner, 1, forged, len, pkt_min_mtu(n->family) + 8);
}

/* Carries the probe msg across hops 1 and 2 as routers do: Time Exceeded
 * where its TTL ends, a PTB (or, in a black hole, nothing) where it is too
 * big for the next link. Returns whether it reached the destination. */
static bool crosses(struct simnet *n, const void *msg, size_t len,
		    uint8_t ttl)
{
	size_t size = len + pkt_ip_hdr_len(n->family);

	if (lost(n))
		return false;
	/* A router checks the TTL before the size of the next link. */
	if (ttl == 1) {
		if (!lost(n))
			send_time_exceeded(n, 1, msg, len);
		return false;
	}
	if (n->mtu1 && size > n->mtu1) {
		if (!lost(n))
			send_ptb(n, &n->r1, 1, msg, len, n->mtu1);
		return false;
	}
	if (ttl == 2) {
		if (!lost(n))
			send_time_exceeded(n, 2, msg, len);
		return false;
	}
	if (size <= n->path_mtu)
		return true;
	if (n->mode == SIM_BLACK_HOLE)
		return false;
	if (n->ptb_interval && n->last_ptb &&
	    n->now - n->last_ptb < n->ptb_interval)
		return false;
	n->last_ptb = n->now ? n->now : 1;
	if (!lost(n))
		send_ptb(n, &n->router, 2, msg, len,
			 n->ptb_mtu_set ? n->ptb_mtu : n->path_mtu);
	return false;
}

/* A packet of the destination's on the way back to us: lost, too big for
 * the way back, or there a round trip after the probe left. */
static void answer(struct simnet *n, const void *msg, size_t len)
{
	if (lost(n))
		return;
	if (n->back_mtu && len + pkt_ip_hdr_len(n->family) > n->back_mtu)
		return;
	deliver(n, n->now + n->rtt, &n->dst, msg, len);
}

/* The destination's answer to an echo request that reached it. */
static void answer_echo(struct simnet *n, const void *msg, size_t len)
{
	uint8_t reply[IP_MAX_PACKET];
	size_t size = len + pkt_ip_hdr_len(n->family);

	if (n->silent_host || n->echo_drop ||
	    (n->echo_filter_above && size > n->echo_filter_above))
		return;
	if (n->police_rate &&
	    !take_token(&n->police, n->now,
			n->police_burst ? n->police_burst : 1,
			1000000 / n->police_rate)) {
		n->echo_policed++;
		return;
	}
	n->echo_answered++;
	memcpy(reply, msg, len);
	if (n->cut_reply && len > n->cut_reply)
		len = n->cut_reply;
	pkt_echo_to_reply(n->family, reply, len);
	answer(n, reply, len);
}

static int sim_send(void *ctx, int proto, const void *msg, size_t len,
		    uint8_t ttl)
{
	struct simnet *n = ctx;

	(void)proto;
	if (len + pkt_ip_hdr_len(n->family) > n->ifmtu)
		return -EMSGSIZE;
	n->sent++;
	if (n->forge_ptbs)
		forge_ptb(n, msg, len);
	if (crosses(n, msg, len, ttl))
		answer_echo(n, msg, len);
	return 0;
}

static ssize_t sim_recv(void *ctx, void *buf, size_t cap, struct net_rx *rx,
			uint64_t deadline)
{
	struct simnet *n = ctx;
	struct sim_pkt *p = n->queue;
	size_t len;

	if (!p || p->at > deadline) {
		if (deadline > n->now)
			n->now = deadline;
		return 0;
	}
	n->queue = p->next;
	if (p->at > n->now)
		n->now = p->at;
	len = p->len < cap ? p->len : cap;
	memcpy(buf, p->data, len);
	rx->from = p->from;
	rx->proto = n->family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	rx->ttl = 60;
	free(p);
	return (ssize_t)len;
}

static uint64_t sim_now(void *ctx)
{
	return ((struct simnet *)ctx)->now;
}

const struct net_ops simnet_ops = {
	.send = sim_send,
	.recv = sim_recv,
	.now = sim_now,
};
