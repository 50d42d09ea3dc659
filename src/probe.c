// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "probe.h"

void prober_init(struct prober *pr, const struct net_ops *ops, void *ctx,
		 const struct run_config *cfg)
{
	pr->ops = ops;
	pr->ctx = ctx;
	pr->cfg = cfg;
	pr->n = 0;
	pr->ptb_not_ours = 0;
}

int prober_send(struct prober *pr, unsigned int size, uint8_t ttl)
{
	const struct run_config *c = pr->cfg;
	struct echo_id e = c->echo;
	struct probe *p;
	ssize_t len;
	int ret;

	if (pr->n >= PROBER_MAX)
		return -ENOBUFS;
	e.seq = (uint16_t)(c->echo.seq + pr->n);
	len = pkt_build_echo(c->dst.family, pr->msg, sizeof(pr->msg), size, &e);
	if (len < 0)
		return (int)len;
	p = &pr->probes[pr->n++];
	p->size = size;
	p->ttl = ttl;
	p->heard = false;
	p->sent = pr->ops->now(pr->ctx);
	ret = pr->ops->send(pr->ctx, c->dst.family == AF_INET6 ?
			    IPPROTO_ICMPV6 : IPPROTO_ICMP, pr->msg, (size_t)len,
			    ttl);
	if (ret == -EMSGSIZE)
		p->heard = true;
	return ret;
}

static struct probe *find_probe(struct prober *pr, const struct pkt_info *pi)
{
	const struct echo_id *e = &pr->cfg->echo;
	unsigned int i = (uint16_t)(pi->seq - e->seq);

	if (pi->id != e->id || i >= pr->n)
		return NULL;
	/* A quote may be cut before the cookie; a reply never is. */
	if (pi->has_cookie ? memcmp(pi->cookie, e->cookie, PROBE_COOKIE_LEN) :
	    pi->kind == PKT_ECHO_REPLY)
		return NULL;
	if (pi->size && pi->size != pr->probes[i].size)
		return NULL;
	return &pr->probes[i];
}

/* The probe a packet is about: an echo reply from the destination, or an
 * ICMP error quoting one of ours (RFC 8899 4.6.1, RFC 5927): addresses,
 * protocol, id, sequence, cookie and length must all match. */
static struct probe *match(struct prober *pr, const struct pkt_info *pi)
{
	const struct run_config *c = pr->cfg;
	int proto = c->dst.family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;

	switch (pi->kind) {
	case PKT_ECHO_REPLY:
		return addr_eq(&pi->from, &c->dst) ? find_probe(pr, pi) : NULL;
	case PKT_TOO_BIG:
	case PKT_UNREACH:
	case PKT_TIME_EXCEEDED:
		if (!pi->quoted_echo || pi->qproto != proto ||
		    !addr_eq(&pi->qdst, &c->dst) ||
		    (c->src.family && !addr_eq(&pi->qsrc, &c->src)))
			return NULL;
		return find_probe(pr, pi);
	case PKT_TCP:
	case PKT_OTHER:
		break;
	}
	return NULL;
}

int prober_wait(struct prober *pr, uint64_t deadline, struct probe_event *ev)
{
	int family = pr->cfg->dst.family;

	for (;;) {
		struct net_rx rx;
		ssize_t len;
		int ret;

		len = pr->ops->recv(pr->ctx, pr->buf, sizeof(pr->buf), &rx,
				    deadline);
		if (len <= 0)
			return (int)len;
		if (rx.proto == IPPROTO_TCP)
			ret = family == AF_INET6 ?
			      pkt_parse_tcp6(pr->buf, (size_t)len, &ev->pi) :
			      pkt_parse_tcp4(pr->buf, (size_t)len, &ev->pi);
		else
			ret = family == AF_INET6 ?
			      pkt_parse_icmp6(pr->buf, (size_t)len, &ev->pi) :
			      pkt_parse_icmp4(pr->buf, (size_t)len, &ev->pi);
		if (family == AF_INET6) {
			ev->pi.from = rx.from;
			ev->pi.ttl = rx.ttl < 0 ? 0 : (uint8_t)rx.ttl;
		}
		if (ret)
			continue;
		ev->probe = match(pr, &ev->pi);
		if (!ev->probe) {
			if (ev->pi.kind == PKT_TOO_BIG)
				pr->ptb_not_ours++;
			continue;
		}
		ev->at = pr->ops->now(pr->ctx);
		return 1;
	}
}
