// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/icmp6.h>
#include <netinet/ip_icmp.h>
#include <netinet/tcp.h>

#include "cksum.h"
#include "pkt.h"
#include "simnet.h"
#include "udprun.h"

/* The sequence number the destination's SYN-ACKs start from. */
#define SIM_SERVER_ISN 0x73696d00u

struct sim_pkt {
	struct sim_pkt *next;
	uint64_t at;
	struct addr from;
	int proto;		/* what the socket reading it is for */
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

/* Queues what the socket of proto will read: for IPv4 the whole packet,
 * for IPv6 the ICMPv6 message or TCP segment. */
static void deliver(struct simnet *n, uint64_t at, const struct addr *from,
		    int proto, const void *msg, size_t len)
{
	struct sim_pkt *p, **pp;
	size_t cap = len + IP6_HDR_LEN;
	ssize_t ret;

	p = calloc(1, sizeof(*p) + cap);
	if (!p)
		abort();
	p->at = at;
	p->from = *from;
	p->proto = proto;
	if (n->family == AF_INET6) {
		memcpy(p->data, msg, len);
		p->len = len;
	} else {
		ret = pkt_build_ip(p->data, cap, from, &n->src, (uint8_t)proto,
				   60, msg, len);
		if (ret < 0)
			abort();
		p->len = (size_t)ret;
	}
	for (pp = &n->queue; *pp && (*pp)->at <= at; pp = &(*pp)->next)
		;
	p->next = *pp;
	*pp = p;
}

static int icmp_proto(const struct simnet *n)
{
	return n->family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
}

/* An ICMP error about the probe msg of proto, from the router at hop (1
 * or 2). */
static void send_error(struct simnet *n, const struct addr *from,
		       unsigned int hop, int proto, const void *msg, size_t len,
		       uint8_t type, uint8_t code, uint32_t rest)
{
	uint8_t orig[IP_MAX_PACKET + IP6_HDR_LEN], err[1300];
	size_t quote = n->quote_len ? n->quote_len :
		       n->family == AF_INET6 ? 1232 : 548;
	ssize_t olen, elen;

	olen = pkt_build_ip(orig, sizeof(orig), &n->src, &n->dst,
			    (uint8_t)proto, 64, msg, len);
	if (olen < 0)
		abort();
	if (quote > (size_t)olen)
		quote = (size_t)olen;
	elen = pkt_build_icmp_error(n->family, err, sizeof(err), type, code,
				    rest, orig, quote);
	if (elen < 0)
		abort();
	deliver(n, n->now + n->rtt * hop / 3, from, icmp_proto(n), err,
		(size_t)elen);
}

static void send_ptb(struct simnet *n, const struct addr *from,
		     unsigned int hop, int proto, const void *msg, size_t len,
		     uint32_t mtu)
{
	send_error(n, from, hop, proto, msg, len,
		   n->family == AF_INET6 ? ICMP6_PACKET_TOO_BIG : ICMP_DEST_UNREACH,
		   n->family == AF_INET6 ? 0 : ICMP_FRAG_NEEDED, mtu);
}

void simnet_udp_side(struct simnet *n, const struct run_config *cfg)
{
	uint8_t d[IP_MAX_PACKET];
	ssize_t len = pkt_build_udp(n->family, d, sizeof(d), cfg->udp_side,
				    udp_base(cfg), cfg->echo.cookie);

	if (len < 0 || cfg->udp_side > n->path_mtu || !n->udp_answers ||
	    n->silent_host)
		return;
	send_error(n, &n->dst, 3, IPPROTO_UDP, d, (size_t)len,
		   n->family == AF_INET6 ? ICMP6_DST_UNREACH : ICMP_DEST_UNREACH,
		   n->family == AF_INET6 ? ICMP6_DST_UNREACH_NOPORT :
		   ICMP_PORT_UNREACH, 0);
}

/* Time Exceeded from the router at hop, through its token bucket. */
static void send_time_exceeded(struct simnet *n, unsigned int hop, int proto,
			       const void *msg, size_t len)
{
	if (!take_token(&n->te[hop - 1], n->now, n->te_burst, n->te_interval))
		return;
	send_error(n, hop == 1 ? &n->r1 : &n->router, hop, proto, msg, len,
		   n->family == AF_INET6 ? ICMP6_TIME_EXCEEDED : ICMP_TIME_EXCEEDED,
		   0, 0);
}

/* Someone off the path guesses: right addresses, wrong cookie (for a
 * SYN, wrong sequence number). */
static void forge_ptb(struct simnet *n, int proto, const void *msg,
		      size_t len)
{
	uint8_t forged[IP_MAX_PACKET];

	memcpy(forged, msg, len);
	forged[proto == IPPROTO_TCP ? 4 : ICMP_HDR_LEN] ^= 0xff;
	send_ptb(n, &n->foreigner, 1, proto, forged, len,
		 pkt_min_mtu(n->family) + 8);
}

/* Carries the probe msg of proto across hops 1 and 2 as routers do: Time
 * Exceeded where its TTL ends, a PTB (or, in a black hole, nothing) where
 * it is too big for the next link. Returns whether it reached the
 * destination. */
static bool crosses(struct simnet *n, int proto, const void *msg, size_t len,
		    uint8_t ttl)
{
	size_t size = len + pkt_ip_hdr_len(n->family);

	if (lost(n))
		return false;
	/* A router checks the TTL before the size of the next link. */
	if (ttl == 1) {
		if (!lost(n))
			send_time_exceeded(n, 1, proto, msg, len);
		return false;
	}
	if (n->mtu1 && size > n->mtu1) {
		if (n->ptb_interval && n->last_ptb1 &&
		    n->now - n->last_ptb1 < n->ptb_interval)
			return false;
		n->last_ptb1 = n->now ? n->now : 1;
		if (!n->mtu1_silent && !lost(n))
			send_ptb(n, &n->r1, 1, proto, msg, len, n->mtu1);
		return false;
	}
	if (ttl == 2) {
		if (!lost(n))
			send_time_exceeded(n, 2, proto, msg, len);
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
		send_ptb(n, &n->router, 2, proto, msg, len,
			 n->ptb_mtu_set ? n->ptb_mtu : n->path_mtu);
	return false;
}

/* A packet of the destination's on the way back to us: lost, too big for
 * the way back, or there a round trip after the probe left. */
static void answer(struct simnet *n, int proto, const void *msg, size_t len)
{
	if (lost(n))
		return;
	if (n->back_mtu && len + pkt_ip_hdr_len(n->family) > n->back_mtu)
		return;
	deliver(n, n->now + n->rtt, &n->dst, proto, msg, len);
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
	answer(n, icmp_proto(n), reply, len);
}

/* The SYN msg as the destination reads it, parsed by the project's own
 * code. Returns 0, or -EBADMSG for a segment that is no SYN. */
static int read_syn(const struct simnet *n, const void *msg, size_t len,
		    struct tcp_seg *syn)
{
	uint8_t pkt[IP_MAX_PACKET + IP6_HDR_LEN];
	struct pkt_info pi;
	ssize_t plen;
	int ret;

	if (n->family == AF_INET6) {
		ret = pkt_parse_tcp6(msg, len, &pi);
	} else {
		plen = pkt_build_ip(pkt, sizeof(pkt), &n->src, &n->dst,
				    IPPROTO_TCP, 64, msg, len);
		if (plen < 0)
			return (int)plen;
		ret = pkt_parse_tcp4(pkt, (size_t)plen, &pi);
	}
	if (ret)
		return ret;
	if (pi.kind != PKT_TCP ||
	    (pi.tcp.flags & (TH_SYN | TH_ACK | TH_RST)) != TH_SYN)
		return -EBADMSG;
	*syn = pi.tcp;
	return 0;
}

/* Sets the TCP checksum of seg, from src to dst: the sum covers a
 * pseudo-header of the addresses, the protocol and the length (RFC 9293
 * 3.1, RFC 8200 8.1). */
static void set_tcp_cksum(const struct addr *src, const struct addr *dst,
			  uint8_t *seg, size_t len)
{
	uint8_t ph[IP6_HDR_LEN] = { 0 };
	size_t alen = addr_len(src->family), phlen;
	uint32_t len32 = htonl((uint32_t)len);
	uint16_t len16 = htons((uint16_t)len), c;

	memcpy(ph, &src->v6, alen);
	memcpy(ph + alen, &dst->v6, alen);
	if (src->family == AF_INET6) {
		/* the length in 32 bits, three zeros, the next header */
		memcpy(ph + 32, &len32, 4);
		ph[39] = IPPROTO_TCP;
		phlen = 40;
	} else {
		/* a zero, the protocol, the length in 16 bits */
		ph[9] = IPPROTO_TCP;
		memcpy(ph + 10, &len16, 2);
		phlen = 12;
	}
	memset(seg + 16, 0, 2);
	c = cksum_fold(cksum_add(cksum_add(0, ph, phlen), seg, len));
	memcpy(seg + 16, &c, 2);
}

/* Into seg, the answer to syn from the destination: from an open port a
 * SYN-ACK that acknowledges the SYN alone, since without TCP Fast Open
 * the data waits for the handshake (RFC 9293 3.10.7.2), with the MSS of
 * the destination's link; from another port a RST that acknowledges the
 * SYN and its data (RFC 9293 3.10.7.1). Returns its length. */
static size_t build_answer(const struct simnet *n, uint8_t *seg,
			   const struct tcp_seg *syn, bool open)
{
	size_t hlen = pkt_ip_hdr_len(n->family);
	size_t len = open ? TCP_SYN_LEN : TCP_HDR_LEN;
	uint32_t ack = htonl(syn->seq + 1 +
			     (open ? 0 : (uint32_t)syn->payload_len));

	if (pkt_build_syn(seg, TCP_SYN_LEN, hlen + TCP_SYN_LEN, &n->dst,
			  &n->src, syn->dport, syn->sport,
			  open ? SIM_SERVER_ISN : 0,
			  (uint16_t)(n->ifmtu - hlen - TCP_HDR_LEN)) < 0)
		abort();
	memcpy(seg + 8, &ack, 4);
	seg[12] = (uint8_t)(len / 4 << 4);
	seg[13] = open ? TH_SYN | TH_ACK : TH_RST | TH_ACK;
	if (!open)
		memset(seg + 14, 0, 2);	/* a RST offers no window */
	set_tcp_cksum(&n->dst, &n->src, seg, len);
	return len;
}

/* The destination's answer to a SYN that reached it. */
static void answer_syn(struct simnet *n, const struct tcp_seg *syn)
{
	uint16_t port = n->tcp_port ? n->tcp_port : 443;
	bool open = n->tcp_open && syn->dport == port;
	uint8_t seg[TCP_SYN_LEN];

	n->syn_seen++;
	if (syn->payload_len)
		n->syn_data_seen++;
	if (n->silent_host || (!open && n->tcp_silent))
		return;
	answer(n, IPPROTO_TCP, seg, build_answer(n, seg, syn, open));
}

static int sim_send(void *ctx, int proto, const void *msg, size_t len,
		    uint8_t ttl)
{
	struct simnet *n = ctx;
	bool tcp = proto == IPPROTO_TCP;
	struct tcp_seg syn;

	if (len + pkt_ip_hdr_len(n->family) > n->ifmtu)
		return -EMSGSIZE;
	n->sent++;
	if (n->forge_ptbs)
		forge_ptb(n, proto, msg, len);
	/* No host answers a segment that is no SYN; the prober sends none. */
	if (tcp && read_syn(n, msg, len, &syn))
		return 0;
	if (!crosses(n, proto, msg, len, ttl))
		return 0;
	/* The middlebox stands in front of the destination, past the
	 * routers that may answer first. */
	if (tcp && n->syn_data_drop && syn.payload_len)
		return 0;
	if (tcp)
		answer_syn(n, &syn);
	else
		answer_echo(n, msg, len);
	return 0;
}

/* Whether the socket keeps p: of TCP only the flow asked for, as the
 * program's socket filter keeps it (src/sys/rawsock.c); all until one is. */
static bool kept(const struct simnet *n, const struct sim_pkt *p)
{
	size_t off = n->family == AF_INET6 ? 0 : IP4_HDR_LEN;
	uint16_t sport, dport;

	if (p->proto != IPPROTO_TCP || !n->flow_set)
		return true;
	memcpy(&sport, p->data + off, 2);
	memcpy(&dport, p->data + off + 2, 2);
	sport = ntohs(sport);
	dport = ntohs(dport);
	return (sport == n->flow_dport ||
		(n->flow_dport2 && sport == n->flow_dport2)) &&
	       dport >= n->flow_sport &&
	       dport < (uint32_t)n->flow_sport + n->flow_nports;
}

static ssize_t sim_recv(void *ctx, void *buf, size_t cap, struct net_rx *rx,
			uint64_t deadline)
{
	struct simnet *n = ctx;
	struct sim_pkt *p;
	size_t len;

	for (;;) {
		p = n->queue;
		if (!p || p->at > deadline) {
			if (deadline > n->now)
				n->now = deadline;
			return 0;
		}
		n->queue = p->next;
		if (p->at > n->now)
			n->now = p->at;
		if (kept(n, p)) {
			if (!n->sock_drops || p->len <= 1300)
				break;
			n->sock_drops--;
			n->sock_dropped++;
		}
		free(p);
	}
	len = p->len < cap ? p->len : cap;
	memcpy(buf, p->data, len);
	rx->from = p->from;
	rx->proto = p->proto;
	rx->ttl = 60;
	rx->drops = n->sock_dropped;
	free(p);
	return (ssize_t)len;
}

static uint64_t sim_now(void *ctx)
{
	return ((struct simnet *)ctx)->now;
}

static int sim_tcp_flow(void *ctx, uint16_t dport, uint16_t dport2,
			uint16_t sport, uint16_t nports)
{
	struct simnet *n = ctx;

	n->flow_set = true;
	n->flow_dport = dport;
	n->flow_dport2 = dport2;
	n->flow_sport = sport;
	n->flow_nports = nports;
	return 0;
}

const struct net_ops simnet_ops = {
	.send = sim_send,
	.recv = sim_recv,
	.now = sim_now,
	.tcp_flow = sim_tcp_flow,
};
