// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "probe.h"
#include "udprun.h"

void prober_init(struct prober *pr, const struct net_ops *ops, void *ctx,
		 const struct run_config *cfg)
{
	pr->ops = ops;
	pr->ctx = ctx;
	pr->cfg = cfg;
	pr->n = 0;
	pr->ptb_not_ours = 0;
	pr->drops = 0;
}

static int send_probe(struct prober *pr, unsigned int size, uint8_t ttl,
		      enum probe_method m, uint16_t dport)
{
	const struct run_config *c = pr->cfg;
	struct echo_id e = c->echo;
	struct probe *p;
	ssize_t len;
	int ret, proto;

	if (pr->n >= PROBER_MAX)
		return -ENOBUFS;
	if (m == METHOD_TCP) {
		proto = IPPROTO_TCP;
		len = pkt_build_syn(pr->msg, sizeof(pr->msg), size, &c->src,
				    &c->dst, (uint16_t)(c->sport + pr->n),
				    dport, c->isn, c->mss);
	} else {
		proto = c->dst.family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
		e.seq = (uint16_t)(c->echo.seq + pr->n);
		len = pkt_build_echo(c->dst.family, pr->msg, sizeof(pr->msg),
				     size, &e);
	}
	if (len < 0)
		return (int)len;
	p = &pr->probes[pr->n++];
	p->size = size;
	p->method = m;
	p->dport = dport;
	p->ttl = ttl;
	p->heard = false;
	p->unwaited = false;
	p->sent = pr->ops->now(pr->ctx);
	ret = pr->ops->send(pr->ctx, proto, pr->msg, (size_t)len, ttl);
	if (ret == -EMSGSIZE)
		p->heard = true;
	/* when it left: a send may wait its turn in the pace */
	p->sent = pr->ops->now(pr->ctx);
	return ret;
}

int prober_send(struct prober *pr, unsigned int size, uint8_t ttl)
{
	const struct run_config *c = pr->cfg;

	return send_probe(pr, size, ttl, c->method, c->dport);
}

int prober_send_syn(struct prober *pr, unsigned int size, uint16_t dport)
{
	return send_probe(pr, size, 0, METHOD_TCP, dport);
}

int prober_note_udp(struct prober *pr, unsigned int size)
{
	struct probe *p;

	if (pr->n >= PROBER_MAX)
		return -ENOBUFS;
	p = &pr->probes[pr->n++];
	*p = (struct probe){ .size = size, .method = METHOD_UDP,
			     .unwaited = true, .sent = pr->ops->now(pr->ctx) };
	return 0;
}

/* The host's "port unreachable" about the datagram of cfg->udp_side. */
static struct probe *quoted_udp(struct prober *pr, const struct pkt_info *pi)
{
	if (!pr->cfg->udp_side || !udp_side_answer(pr->cfg, pi))
		return NULL;
	for (unsigned int i = 0; i < pr->n; i++)
		if (pr->probes[i].method == METHOD_UDP)
			return &pr->probes[i];
	return NULL;
}

static struct probe *find_probe(struct prober *pr, const struct pkt_info *pi)
{
	const struct echo_id *e = &pr->cfg->echo;
	unsigned int i = (uint16_t)(pi->seq - e->seq);

	if (pi->id != e->id || i >= pr->n ||
	    pr->probes[i].method != METHOD_ICMP)
		return NULL;
	/* A quote may be cut before the cookie; a reply that is cannot be
	 * told from a forgery, and is no evidence. */
	if (pi->has_cookie ? memcmp(pi->cookie, e->cookie, PROBE_COOKIE_LEN) :
	    pi->kind == PKT_ECHO_REPLY)
		return NULL;
	/* Some hosts cut their replies to big requests short: the request
	 * arrived all the same. A quote's length is the probe's own. */
	if (pi->kind == PKT_ECHO_REPLY && pi->size &&
	    pi->size < pr->probes[i].size)
		return &pr->probes[i];
	if (pi->size && pi->size != pr->probes[i].size)
		return NULL;
	return &pr->probes[i];
}

/* The TCP probe of our source port sport, if the sequence number and the
 * size (when known) are its own. */
static struct probe *find_tcp_probe(struct prober *pr, uint16_t sport,
				    uint32_t seq, size_t size)
{
	const struct run_config *c = pr->cfg;
	unsigned int i = (uint16_t)(sport - c->sport);

	if (i >= pr->n || seq != c->isn || pr->probes[i].method != METHOD_TCP)
		return NULL;
	if (size && size != pr->probes[i].size)
		return NULL;
	return &pr->probes[i];
}

/* A SYN-ACK or RST from the destination's port that acknowledges one of
 * our SYNs: the SYN alone (ISN + 1), or, for a RST, the SYN and its data
 * (RFC 9293 3.10.7.1: ACK = SEG.SEQ + SEG.LEN). */
static struct probe *match_tcp(struct prober *pr, const struct pkt_info *pi)
{
	const struct run_config *c = pr->cfg;
	const struct tcp_seg *t = &pi->tcp;
	struct probe *p;
	uint32_t data;

	if (!addr_eq(&pi->from, &c->dst) || !(t->flags & TH_ACK))
		return NULL;
	p = find_tcp_probe(pr, t->dport, c->isn, 0);
	if (!p || t->sport != p->dport)
		return NULL;
	data = (uint32_t)(p->size - pkt_syn_min_size(c->dst.family));
	if ((t->flags & (TH_SYN | TH_RST)) == TH_SYN)
		return t->ack == c->isn + 1 ? p : NULL;
	if (t->flags & TH_RST)
		return t->ack == c->isn + 1 || t->ack == c->isn + 1 + data ?
		       p : NULL;
	return NULL;
}

/* The probe a packet is about: an echo reply from the destination, a
 * SYN-ACK or RST answering a SYN, or an ICMP error quoting one of ours
 * (RFC 8899 4.6.1, RFC 5927): addresses, protocol, ids, sequence numbers,
 * cookie and length must all match. */
/* An ICMP error quoting one of our SYNs to its port. */
static struct probe *quoted_syn(struct prober *pr, const struct pkt_info *pi)
{
	struct probe *p;

	if (!pi->quoted_tcp)
		return NULL;
	p = find_tcp_probe(pr, pi->tcp.sport, pi->tcp.seq, pi->size);
	return p && pi->tcp.dport == p->dport ? p : NULL;
}

static struct probe *match(struct prober *pr, const struct pkt_info *pi)
{
	const struct run_config *c = pr->cfg;
	int echo = c->dst.family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;

	switch (pi->kind) {
	case PKT_ECHO_REPLY:
		return addr_eq(&pi->from, &c->dst) ? find_probe(pr, pi) : NULL;
	case PKT_TCP:
		return match_tcp(pr, pi);
	case PKT_TOO_BIG:
	case PKT_UNREACH:
	case PKT_TIME_EXCEEDED:
		if (!addr_eq(&pi->qdst, &c->dst) ||
		    (c->src.family && !addr_eq(&pi->qsrc, &c->src)))
			return NULL;
		if (pi->qproto == IPPROTO_TCP)
			return quoted_syn(pr, pi);
		if (pi->qproto == IPPROTO_UDP)
			return quoted_udp(pr, pi);
		if (pi->qproto == echo && pi->quoted_echo)
			return find_probe(pr, pi);
		return NULL;
	case PKT_OTHER:
		break;
	}
	return NULL;
}

/* Whether a PTB quotes a packet to our destination: one that is then not
 * one of our probes is forged, or stale, and counted. PTBs about the
 * traffic of other programs, or of other runs to other hosts, are none of
 * ours and pass unremarked. */
static bool about_dst(const struct prober *pr, const struct pkt_info *pi)
{
	return pi->quoted_ip && addr_eq(&pi->qdst, &pr->cfg->dst);
}

/* The next packet a raw socket hands over, parsed into pi. Returns 1, 0
 * when the deadline passed, or a negative errno. */
static int read_packet(struct prober *pr, uint64_t deadline,
		       struct pkt_info *pi)
{
	int family = pr->cfg->dst.family;

	for (;;) {
		struct net_rx rx = { .drops = 0 };
		ssize_t len;
		int ret;

		len = pr->ops->recv(pr->ctx, pr->buf, sizeof(pr->buf), &rx,
				    deadline);
		if (len <= 0)
			return (int)len;
		if (rx.drops > pr->drops)
			pr->drops = rx.drops;
		if (rx.proto == IPPROTO_TCP)
			ret = family == AF_INET6 ?
			      pkt_parse_tcp6(pr->buf, (size_t)len, pi) :
			      pkt_parse_tcp4(pr->buf, (size_t)len, pi);
		else
			ret = family == AF_INET6 ?
			      pkt_parse_icmp6(pr->buf, (size_t)len, pi) :
			      pkt_parse_icmp4(pr->buf, (size_t)len, pi);
		if (family == AF_INET6) {
			pi->from = rx.from;
			pi->ttl = rx.ttl < 0 ? 0 : (uint8_t)rx.ttl;
		}
		if (!ret)
			return 1;
	}
}

int prober_wait(struct prober *pr, uint64_t deadline, struct probe_event *ev)
{
	for (;;) {
		int ret = pr->ops->recv_info ?
			  pr->ops->recv_info(pr->ctx, &ev->pi, deadline) :
			  read_packet(pr, deadline, &ev->pi);

		if (ret <= 0)
			return ret;
		ev->probe = match(pr, &ev->pi);
		if (!ev->probe) {
			if (ev->pi.kind == PKT_TOO_BIG && about_dst(pr, &ev->pi))
				pr->ptb_not_ours++;
			continue;
		}
		ev->at = pr->ops->now(pr->ctx);
		return 1;
	}
}

int prober_collect(struct prober *pr, const struct rtt *rtt, uint64_t start,
		   unsigned int first, const unsigned int *outstanding,
		   void (*take)(void *arg, const struct probe_event *ev),
		   void *arg)
{
	const struct run_config *c = pr->cfg;
	uint64_t deadline = start + rtt_wait(rtt, c->wait_floor, c->wait_ceiling);
	bool heard_dest = false;

	while (*outstanding) {
		struct probe_event ev;
		uint64_t wait, spread;
		int ret;

		ret = prober_wait(pr, deadline, &ev);
		if (ret <= 0)
			return ret;
		take(arg, &ev);
		wait = rtt_wait(rtt, c->wait_floor, c->wait_ceiling);
		if (start + wait < deadline)
			deadline = start + wait;
		if (!heard_dest && (ev.pi.kind == PKT_ECHO_REPLY ||
				    ev.pi.kind == PKT_TCP ||
				    ev.probe->method == METHOD_UDP) &&
		    ev.probe >= &pr->probes[first]) {
			heard_dest = true;
			spread = rtt->srtt / 2 > c->wait_floor ? rtt->srtt / 2 :
				 c->wait_floor;
			if (ev.at + spread < deadline)
				deadline = ev.at + spread;
		}
	}
	return 0;
}

int prober_linger(struct prober *pr, uint64_t deadline,
		  void (*take)(void *arg, const struct probe_event *ev),
		  void *arg)
{
	struct probe_event ev;
	int ret;

	while ((ret = prober_wait(pr, deadline, &ev)) > 0)
		take(arg, &ev);
	return ret;
}
