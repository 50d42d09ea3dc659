// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "pkt.h"
#include "probe.h"
#include "rst.h"
#include "rtt.h"

enum {
	BATCH = 8,		/* TTLs tried at once */
	SYNS = 2,		/* plain SYNs at the default TTL */
	RETRY_PAUSE_US = 500000,	/* routers' Time Exceeded rate limit */
};

unsigned int rst_initial_ttl(unsigned int ttl)
{
	return ttl <= 64 ? 64 : ttl <= 128 ? 128 : 255;
}

unsigned int rst_distance(unsigned int ttl)
{
	return rst_initial_ttl(ttl) - ttl + 1;
}

void rst_judge(const struct rst_obs *o, struct rst_judgement *j)
{
	memset(j, 0, sizeof(*j));
	j->server_hops = o->server_hops ? o->server_hops :
			 o->server_seen ? rst_distance(o->server_ttl) : 0;
	if (!o->rst) {
		j->verdict = o->synack ? RST_SYNACK : RST_NO_ANSWER;
		return;
	}
	j->signature = o->payload_total > 0;
	j->rst_hops = rst_distance(o->rst_ttl);
	/* A device at hop k rejects in its forward path: SYNs that leave it
	 * with a TTL to spare, those sent with TTL k + 1 or more. */
	if (o->first_rst_ttl && j->server_hops) {
		if (o->first_rst_ttl < j->server_hops) {
			j->verdict = RST_INJECTED;
			j->hop = o->first_rst_ttl - 1;
		} else if (j->rst_hops == j->server_hops) {
			j->verdict = RST_FROM_SERVER;
		} else {
			j->verdict = RST_UNSURE;
		}
		return;
	}
	/* No TTL-limited answer: the TTLs alone. */
	if (j->server_hops && j->rst_hops < j->server_hops) {
		j->verdict = RST_INJECTED;
		j->hop = j->rst_hops;
	} else if (j->server_hops && j->rst_hops == j->server_hops) {
		j->verdict = RST_FROM_SERVER;
	} else {
		j->verdict = RST_UNSURE;
	}
}

size_t rst_escape(char *out, size_t cap, const uint8_t *p, size_t len)
{
	size_t n = 0;

	if (!cap)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char e[5];
		size_t el;

		if (p[i] == '\\' || p[i] == '"')
			el = (size_t)snprintf(e, sizeof(e), "\\%c", p[i]);
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			el = (size_t)snprintf(e, sizeof(e), "%c", p[i]);
		else
			el = (size_t)snprintf(e, sizeof(e), "\\x%02x", p[i]);
		/* room for this, "..." and the NUL */
		if (n + el + 4 > cap) {
			if (n + 4 <= cap) {
				memcpy(out + n, "...", 3);
				n += 3;
			}
			break;
		}
		memcpy(out + n, e, el);
		n += el;
	}
	out[n] = '\0';
	return n;
}

struct observer {
	struct prober pr;
	struct rtt rtt;
	struct rst_obs *o;
	unsigned int outstanding;
	uint64_t start;		/* of the current round */
	unsigned int first;	/* its first probe */
};

static void note_rst(struct observer *w, const struct probe_event *ev)
{
	struct rst_obs *o = w->o;
	const struct tcp_seg *t = &ev->pi.tcp;
	size_t keep = t->payload_len < RST_MAX_PAYLOAD ? t->payload_len :
		      RST_MAX_PAYLOAD;

	if (ev->probe->ttl && (!o->first_rst_ttl ||
			       ev->probe->ttl < o->first_rst_ttl))
		o->first_rst_ttl = ev->probe->ttl;
	if (o->rst)
		return;
	o->rst = true;
	o->rst_ttl = ev->pi.ttl;
	o->rst_ipid = ev->pi.ipid;
	o->payload_total = t->payload_len;
	o->payload_len = keep;
	/* payload lies in the prober's buffer, checked against its length */
	memcpy(o->payload, w->pr.buf + t->payload, keep);
}

static void handle(void *arg, const struct probe_event *ev)
{
	struct observer *w = arg;
	struct rst_obs *o = w->o;
	struct probe *p = ev->probe;

	if (p->heard)
		return;
	p->heard = true;
	if (w->outstanding)
		w->outstanding--;
	switch (ev->pi.kind) {
	case PKT_TIME_EXCEEDED:
		if (p->ttl && p->ttl <= RST_MAX_HOPS && !o->hops[p->ttl - 1].family)
			o->hops[p->ttl - 1] = ev->pi.from;
		break;
	case PKT_ECHO_REPLY:
		rtt_sample(&w->rtt, ev->at - p->sent);
		if (p->ttl) {
			if (!o->server_hops || p->ttl < o->server_hops)
				o->server_hops = p->ttl;
		} else if (!o->server_seen) {
			o->server_seen = true;
			o->server_ttl = ev->pi.ttl;
			o->server_ipid = ev->pi.ipid;
		}
		break;
	case PKT_TCP:
		rtt_sample(&w->rtt, ev->at - p->sent);
		if (ev->pi.tcp.flags & TH_RST)
			note_rst(w, ev);
		else if (!p->ttl)
			o->synack = true;
		break;
	case PKT_TOO_BIG:
	case PKT_UNREACH:
	case PKT_OTHER:
		break;
	}
}

/* Sends size at the default TTL copies times, and at TTLs from..to. */
static int send_all(struct observer *w, unsigned int size, unsigned int copies,
		    unsigned int from, unsigned int to)
{
	int ret;

	w->start = w->pr.ops->now(w->pr.ctx);
	w->first = w->pr.n;
	for (unsigned int i = 0; i < copies + (to >= from ? to - from + 1 : 0); i++) {
		ret = prober_send(&w->pr, size, i < copies ? 0 :
				  (uint8_t)(from + i - copies));
		if (ret)
			return ret;
		w->outstanding++;
	}
	return 0;
}

static int collect(struct observer *w)
{
	return prober_collect(&w->pr, &w->rtt, w->start, w->first,
			      &w->outstanding, handle, w);
}

/* TTLs below last whose router has not answered, sent again after a
 * pause for routers' rate limit. */
static int retry_silent_hops(struct observer *w, unsigned int size,
			     unsigned int last)
{
	int ret;

	ret = prober_linger(&w->pr, w->pr.ops->now(w->pr.ctx) + RETRY_PAUSE_US,
			    handle, w);
	if (ret)
		return ret;
	w->outstanding = 0;
	w->start = w->pr.ops->now(w->pr.ctx);
	w->first = w->pr.n;
	for (unsigned int t = 1; t < last && t <= RST_MAX_HOPS; t++) {
		if (w->o->hops[t - 1].family)
			continue;
		ret = prober_send(&w->pr, size, (uint8_t)t);
		if (ret)
			return ret;
		w->outstanding++;
	}
	return collect(w);
}

/* The server's own echo replies, and the hops to it. */
static int observe_echo(struct observer *w, struct run_config *c)
{
	unsigned int size = (unsigned int)pkt_echo_min_size(c->dst.family);
	unsigned int from = 1;
	int ret;

	c->method = METHOD_ICMP;
	prober_init(&w->pr, w->pr.ops, w->pr.ctx, c);
	ret = send_all(w, size, SYNS, 1, BATCH);
	while (!ret) {
		ret = collect(w);
		if (ret || w->o->server_hops || from + BATCH > RST_MAX_HOPS ||
		    !w->o->hops[from + BATCH - 2].family)
			break;
		from += BATCH;
		ret = send_all(w, size, 0, from, from + BATCH - 1);
	}
	if (!ret && w->o->server_hops)
		ret = retry_silent_hops(w, size, w->o->server_hops);
	c->echo.seq = (uint16_t)(c->echo.seq + w->pr.n);
	return ret;
}

static int observe_syns(struct observer *w, struct run_config *c,
			uint16_t port)
{
	unsigned int size = (unsigned int)pkt_syn_min_size(c->dst.family);
	unsigned int last = w->o->server_hops ? w->o->server_hops : BATCH;
	int ret;

	c->method = METHOD_TCP;
	c->dport = port;
	if (w->pr.ops->tcp_flow) {
		ret = w->pr.ops->tcp_flow(w->pr.ctx, port, 0, c->sport,
					   PROBER_SPAN);
		if (ret)
			return ret;
	}
	prober_init(&w->pr, w->pr.ops, w->pr.ctx, c);
	ret = send_all(w, size, SYNS, 1, last);
	if (!ret)
		ret = collect(w);
	/* Silence before the first RST may be a router's rate limit. */
	if (!ret && w->o->first_rst_ttl)
		ret = retry_silent_hops(w, size, w->o->first_rst_ttl);
	c->sport = (uint16_t)(c->sport + w->pr.n);
	return ret;
}

int rst_observe(const struct net_ops *ops, void *ctx, struct run_config *cfg,
		uint16_t port, struct rst_obs *o)
{
	struct observer *w;
	int ret;

	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	memset(o, 0, sizeof(*o));
	w->o = o;
	w->pr.ops = ops;
	w->pr.ctx = ctx;
	ret = observe_echo(w, cfg);
	if (!ret)
		ret = observe_syns(w, cfg, port);
	free(w);
	return ret;
}
