// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "probe.h"
#include "rtt.h"
#include "trace.h"

enum {
	BATCH = 8,		/* hops probed at once while looking for the end */
	PAUSED_TRIES = 3,	/* tries after a pause, for routers' silence */
	RETRY_PAUSE_US = 500000,	/* routers let a Time Exceeded out a
					 * second, after a burst */
	MAX_SIZES = RUN_MAX_LIMITS + 2,
};

enum cell_state { CELL_UNSENT, CELL_SENT, CELL_REACHED, CELL_PTB };

struct cell {
	enum cell_state state;
	bool want;		/* to be sent in the next round */
	struct addr from;
	uint64_t rtt;
	uint32_t mtu;
};

struct trace {
	const struct run_config *cfg;
	struct trace_result *tr;
	struct prober pr;
	struct rtt rtt;
	/* sizes[0] is the small probe, the others one byte above a limit */
	unsigned int sizes[MAX_SIZES];
	unsigned int nsizes;
	struct cell cells[MAX_SIZES][TRACE_MAX_HOPS];
	unsigned int dest;	/* TTL at which the destination answered */
	unsigned int outstanding;
};

static void add_size(struct trace *t, unsigned int size, unsigned int ifmtu)
{
	for (unsigned int i = 1; i < t->nsizes; i++)
		if (t->sizes[i] == size)
			return;
	if (size <= ifmtu && t->nsizes < MAX_SIZES)
		t->sizes[t->nsizes++] = size;
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

static struct cell *cell_of(struct trace *t, const struct probe *p)
{
	for (unsigned int k = 0; k < t->nsizes; k++)
		if (t->sizes[k] == p->size && p->ttl >= 1 &&
		    p->ttl <= TRACE_MAX_HOPS)
			return &t->cells[k][p->ttl - 1];
	return NULL;
}

static void handle(void *arg, const struct probe_event *ev)
{
	struct trace *t = arg;
	struct probe *p = ev->probe;
	struct cell *c = cell_of(t, p);

	if (!c || c->state != CELL_SENT || p->heard)
		return;
	p->heard = true;
	if (t->outstanding)
		t->outstanding--;
	switch (ev->pi.kind) {
	case PKT_TCP:
	case PKT_ECHO_REPLY:
		if (!t->dest || p->ttl < t->dest)
			t->dest = p->ttl;
		/* fall through */
	case PKT_TIME_EXCEEDED:
		c->state = CELL_REACHED;
		c->from = ev->pi.from;
		c->rtt = ev->at - p->sent;
		if (p->size == t->sizes[0])
			rtt_sample(&t->rtt, c->rtt);
		break;
	case PKT_TOO_BIG:
		c->state = CELL_PTB;
		c->from = ev->pi.from;
		c->mtu = ev->pi.mtu;
		break;
	case PKT_UNREACH:
	case PKT_OTHER:
		break;
	}
}

/* Wants every cell of the first sizes and hops not answered yet. */
static void want_unanswered(struct trace *t, unsigned int sizes,
			    unsigned int hops)
{
	for (unsigned int k = 0; k < sizes; k++)
		for (unsigned int h = 0; h < hops; h++)
			t->cells[k][h].want = t->cells[k][h].state < CELL_REACHED;
}

/* Sends every wanted cell not answered yet, and collects. */
static int round_trip(struct trace *t)
{
	uint64_t start = t->pr.ops->now(t->pr.ctx);
	unsigned int first = t->pr.n;
	int ret;

	t->outstanding = 0;
	for (unsigned int k = 0; k < t->nsizes; k++) {
		for (unsigned int h = 0; h < TRACE_MAX_HOPS; h++) {
			struct cell *cl = &t->cells[k][h];

			if (!cl->want || cl->state >= CELL_REACHED)
				continue;
			cl->want = false;
			cl->state = CELL_SENT;
			ret = prober_send(&t->pr, t->sizes[k], (uint8_t)(h + 1));
			t->tr->probes++;
			if (ret == -EMSGSIZE)
				continue;
			if (ret < 0)
				return ret;
			t->outstanding++;
		}
	}
	t->tr->rounds++;
	return prober_collect(&t->pr, &t->rtt, start, first, &t->outstanding,
			      handle, t);
}

/* Whether size k reached hop h or one after it: then it crossed every
 * link up to h, whatever a lost answer at h said. */
static bool reached_beyond(const struct trace *t, unsigned int k,
			   unsigned int h)
{
	for (; h < TRACE_MAX_HOPS; h++)
		if (t->cells[k][h].state == CELL_REACHED)
			return true;
	return false;
}

/*
 * What silence a router's rate limit on Time Exceeded could explain: a hop
 * that answered no small probe, and for each larger size the first hop it
 * seems to vanish before, when that hop is a router rather than the
 * destination (whose echo replies are not rate-limited). Wants them sent
 * again; returns whether there is any.
 */
static bool want_doubtful(struct trace *t, unsigned int hops)
{
	bool any = false;

	for (unsigned int h = 0; h + 1 < hops; h++) {
		if (t->cells[0][h].state < CELL_REACHED)
			any = t->cells[0][h].want = true;
	}
	for (unsigned int k = 1; k < t->nsizes; k++) {
		for (unsigned int h = 0; h < hops; h++) {
			if (reached_beyond(t, k, h))
				continue;
			if (h + 1 < hops && t->cells[k][h].state == CELL_SENT)
				any = t->cells[k][h].want = true;
			break;
		}
	}
	return any;
}

static int find_hops(struct trace *t)
{
	unsigned int hops = 0;
	int ret;

	/* Small probes, a batch of hops at a time, until the destination
	 * answers one. */
	while (!t->dest && hops < TRACE_MAX_HOPS) {
		hops = hops + BATCH < TRACE_MAX_HOPS ? hops + BATCH :
		       TRACE_MAX_HOPS;
		want_unanswered(t, 1, hops);
		ret = round_trip(t);
		if (ret)
			return ret;
	}
	return 0;
}

static int probe_sizes(struct trace *t)
{
	unsigned int hops = t->dest ? t->dest : TRACE_MAX_HOPS;
	int ret;

	/* The larger sizes, then at once a second try at whatever did not
	 * answer: silence is what a black hole looks like, but one lost
	 * probe must not look like one. Silence a router's rate limit
	 * could explain is tried again after pauses. */
	for (unsigned int i = 0; i < 2; i++) {
		want_unanswered(t, t->nsizes, hops);
		ret = round_trip(t);
		if (ret)
			return ret;
	}
	for (unsigned int i = 0; i < PAUSED_TRIES && want_doubtful(t, hops); i++) {
		ret = prober_linger(&t->pr, t->pr.ops->now(t->pr.ctx) +
				    RETRY_PAUSE_US, handle, t);
		if (!ret)
			ret = round_trip(t);
		if (ret)
			return ret;
	}
	return 0;
}

/* The path MTU up to each hop: a size that reached a hop crossed every
 * link before it; one that drew a PTB or vanished did not. */
static void conclude(struct trace *t, unsigned int ifmtu)
{
	struct trace_result *tr = t->tr;
	unsigned int mtu = ifmtu;

	tr->reached = t->dest != 0;
	tr->nhops = t->dest;
	if (!tr->nhops)
		for (unsigned int h = 0; h < TRACE_MAX_HOPS; h++)
			if (t->cells[0][h].state == CELL_REACHED)
				tr->nhops = h + 1;

	for (unsigned int h = 0; h < tr->nhops; h++) {
		struct hop *hop = &tr->hops[h];
		const struct cell *small = &t->cells[0][h];

		if (small->state == CELL_REACHED) {
			hop->addr = small->from;
			hop->rtt = small->rtt;
		}
		hop->limit = HOP_SAME;
		for (unsigned int k = 1; k < t->nsizes; k++) {
			const struct cell *cl = &t->cells[k][h];

			if (t->sizes[k] > mtu || reached_beyond(t, k, h))
				continue;
			if (cl->state == CELL_PTB) {
				hop->limit = HOP_PTB;
				hop->ptb_from = cl->from;
				mtu = cl->mtu && cl->mtu < t->sizes[k] ?
				      cl->mtu : t->sizes[k] - 1;
				break;
			}
			/* Silence means something only where the hop
			 * answered a small probe. */
			if (small->state == CELL_REACHED) {
				hop->limit = HOP_BLACK_HOLE;
				mtu = t->sizes[k] - 1;
				break;
			}
		}
		hop->mtu = small->state == CELL_REACHED ? mtu : 0;
	}
}

int trace_path(const struct net_ops *ops, void *ctx,
	       const struct run_config *cfg, const struct run_result *found,
	       unsigned int ifmtu, struct trace_result *tr)
{
	struct trace *t;
	uint64_t start;
	int ret;

	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	memset(tr, 0, sizeof(*tr));
	t->cfg = cfg;
	t->tr = tr;
	prober_init(&t->pr, ops, ctx, cfg);

	t->sizes[0] = cfg->min;
	t->nsizes = 1;
	if (found->path_mtu < cfg->max)
		add_size(t, found->path_mtu + 1, ifmtu);
	for (unsigned int i = 0; i < found->nlimits; i++)
		add_size(t, found->limits[i].mtu + 1, ifmtu);
	qsort(t->sizes + 1, t->nsizes - 1, sizeof(*t->sizes), cmp_uint);

	start = ops->now(ctx);
	ret = find_hops(t);
	if (!ret)
		ret = probe_sizes(t);
	tr->elapsed = ops->now(ctx) - start;
	if (!ret)
		conclude(t, ifmtu);
	free(t);
	return ret;
}
