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
		addr_pton("fd00:99:2::1", &n->router);
		addr_pton("fd00:99:3::2", &n->dst);
		addr_pton("fd00:99:7::7", &n->foreigner);
	} else {
		addr_pton("10.99.1.1", &n->src);
		addr_pton("10.99.2.1", &n->router);
		addr_pton("10.99.3.2", &n->dst);
		addr_pton("10.99.7.7", &n->foreigner);
	}
	n->ifmtu = 1500;
	n->path_mtu = path_mtu;
	n->mode = mode;
	n->rtt = 1000;
	n->rng = seed ? seed : 1;
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
}

static uint32_t rnd(struct simnet *n)
{
	/* xorshift32: repeatable from the seed */
	n->rng ^= n->rng << 13;
	n->rng ^= n->rng >> 17;
	n->rng ^= n->rng << 5;
	return n->rng;
}

static bool lost(struct simnet *n)
{
	return n->loss_pct && rnd(n) % 100 < n->loss_pct;
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

static void send_ptb(struct simnet *n, const struct addr *from,
		     const void *msg, size_t len, uint32_t mtu)
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
	elen = pkt_build_icmp_error(n->family, err, sizeof(err),
				    n->family == AF_INET6 ? ICMP6_PACKET_TOO_BIG : ICMP_DEST_UNREACH,
				    n->family == AF_INET6 ? 0 : ICMP_FRAG_NEEDED,
				    mtu, orig, quote);
	if (elen < 0)
		abort();
	deliver(n, n->now + n->rtt / 2, from, err, (size_t)elen);
}

static int sim_send(void *ctx, const void *msg, size_t len)
{
	struct simnet *n = ctx;
	size_t size = len + pkt_ip_hdr_len(n->family);
	uint8_t reply[IP_MAX_PACKET];

	if (size > n->ifmtu)
		return -EMSGSIZE;
	n->sent++;
	if (n->forge_ptbs) {
		/* Someone off the path guesses: right addresses, wrong
		 * cookie; and a PTB quoting a packet to someone else. */
		uint8_t forged[IP_MAX_PACKET];

		memcpy(forged, msg, len);
		forged[ICMP_HDR_LEN] ^= 0xff;
		send_ptb(n, &n->foreigner, forged, len, pkt_min_mtu(n->family) + 8);
	}
	if (lost(n))
		return 0;
	if (size > n->path_mtu) {
		if (n->mode == SIM_BLACK_HOLE)
			return 0;
		if (n->ptb_interval && n->last_ptb &&
		    n->now - n->last_ptb < n->ptb_interval)
			return 0;
		n->last_ptb = n->now ? n->now : 1;
		if (!lost(n))
			send_ptb(n, &n->router, msg, len,
				 n->ptb_mtu_set ? n->ptb_mtu : n->path_mtu);
		return 0;
	}
	if (n->silent_host || lost(n))
		return 0;
	memcpy(reply, msg, len);
	pkt_echo_to_reply(n->family, reply, len);
	deliver(n, n->now + n->rtt, &n->dst, reply, len);
	return 0;
}

static ssize_t sim_recv(void *ctx, void *buf, size_t cap, struct addr *from,
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
	*from = p->from;
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
