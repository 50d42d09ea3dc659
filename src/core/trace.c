// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "probe.h"
#include "rtt.h"
#include "search.h"
#include "trace.h"

enum {
	BATCH = 8,		/* hops probed at once while looking for the end */
	PAUSED_TRIES = 3,	/* tries after a pause, for routers' silence */
	MAX_TRIES = 12,		/* rounds after the first two, in all */
	MAX_COPIES = 8,		/* of one size to one hop in a round */
	RETRY_PAUSE_US = 1000000,	/* Linux lets out a Time Exceeded a
					 * second (IPv4), after a burst of 6 */
	MAX_SIZES = RUN_MAX_LIMITS + 2,
};

enum cell_state { CELL_UNSENT, CELL_SENT, CELL_REACHED, CELL_PTB };

struct cell {
	enum cell_state state;
	unsigned int want;	/* copies to send in the next round */
	unsigned int last;	/* index of the probe last sent */
	unsigned int copies;	/* sent in the last round it went out in */
	unsigned int silences;	/* copies lost with a witness (below) */
	bool counted;		/* the last round's are in silences */
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
	/*
	 * A router that rate-limits its Time Exceeded may stay silent to a
	 * large probe that did reach it. Not if it answered a small probe
	 * sent after the large one: it had the token then, and would have
	 * spent it on the large one. witness[h] is the index of the latest
	 * small probe hop h answered, plus one; wit_want[h] asks for one.
	 */
	unsigned int witness[TRACE_MAX_HOPS];
	bool wit_want[TRACE_MAX_HOPS];
	/* Witnessed silences that make a size lost at a hop: as many as
	 * loss on this path, measured by the search, cannot explain. */
	unsigned int need;
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
	unsigned int index = (unsigned int)(p - t->pr.probes);
	bool answer = ev->pi.kind == PKT_TIME_EXCEEDED ||
		      ev->pi.kind == PKT_ECHO_REPLY || ev->pi.kind == PKT_TCP;

	if (!c || p->heard)
		return;
	p->heard = true;
	if (t->outstanding)
		t->outstanding--;
	if (answer && p->size == t->sizes[0] && index + 1 > t->witness[p->ttl - 1])
		t->witness[p->ttl - 1] = index + 1;
	if (c->state != CELL_SENT)
		return;
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

/* Counts each try of the round that began with probe first still
 * unanswered after a small probe sent behind it, in the same round, to the
 * same hop was answered: the router had a token for it, so only loss or a
 * limit on the way explains its silence. A witness from a later round
 * proves nothing: the router's bucket may have filled in between. */
static void count_silences(struct trace *t, unsigned int first)
{
	for (unsigned int k = 1; k < t->nsizes; k++) {
		for (unsigned int h = 0; h < TRACE_MAX_HOPS; h++) {
			struct cell *cl = &t->cells[k][h];

			if (cl->state == CELL_SENT && !cl->counted &&
			    cl->last >= first && t->witness[h] > cl->last + 1) {
				cl->silences += cl->copies;
				cl->counted = true;
			}
		}
	}
}

/* Sends every wanted cell not answered yet, and collects. */
static int round_trip(struct trace *t)
{
	uint64_t start = t->pr.ops->now(t->pr.ctx);
	unsigned int first = t->pr.n;
	int ret;

	t->outstanding = 0;
	/* At each hop the larger sizes first, the small probe last: its
	 * answer then witnesses that the router had a token for them. */
	for (unsigned int h = 0; h < TRACE_MAX_HOPS; h++) {
		for (unsigned int k = t->nsizes; k-- > 0;) {
			struct cell *cl = &t->cells[k][h];
			bool witness = !k && t->wit_want[h];

			if (!witness && (!cl->want || cl->state >= CELL_REACHED))
				continue;
			cl->copies = witness && !cl->want ? 1 : cl->want;
			cl->want = 0;
			if (witness)
				t->wit_want[h] = false;
			if (cl->state < CELL_REACHED)
				cl->state = CELL_SENT;
			cl->counted = false;
			for (unsigned int i = 0; i < cl->copies; i++) {
				cl->last = t->pr.n;
				ret = prober_send(&t->pr, t->sizes[k], (uint8_t)(h + 1));
				t->tr->probes++;
				if (ret == -EMSGSIZE)
					continue;
				if (ret < 0)
					return ret;
				t->outstanding++;
			}
		}
	}
	if (!t->outstanding)
		return 0;
	t->tr->rounds++;
	ret = prober_collect(&t->pr, &t->rtt, start, first, &t->outstanding,
			     handle, t);
	count_silences(t, first);
	return ret;
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

/* Whether size k went unanswered at hop h, each time behind a small probe
 * the hop answered, often enough that loss does not explain it: then it
 * never reached the hop. */
static bool witnessed_silence(const struct trace *t, unsigned int k,
			      unsigned int h)
{
	const struct cell *cl = &t->cells[k][h];

	return cl->state == CELL_SENT && cl->silences >= t->need;
}

/*
 * What is still in doubt: a hop that answered no small probe, and for each
 * larger size the first hop where it went unanswered without enough
 * witnessed silences. Wants them sent again, each with a small probe
 * behind it. Returns 0 when nothing is in doubt, 1 when it is worth trying
 * again at once, 2 when only after a pause: some silence had no witness,
 * which a router's rate limit explains. Once paused_enough, silence with
 * no witness is taken as final.
 */
static int want_doubtful(struct trace *t, unsigned int hops, bool paused_enough)
{
	int doubt = 0;

	for (unsigned int h = 0; h < hops && !paused_enough; h++) {
		if (t->cells[0][h].state < CELL_REACHED) {
			t->cells[0][h].want = 1;
			doubt = 2;
		}
	}
	for (unsigned int k = 1; k < t->nsizes; k++) {
		for (unsigned int h = 0; h < hops; h++) {
			struct cell *cl = &t->cells[k][h];

			if (reached_beyond(t, k, h) || cl->state == CELL_UNSENT)
				continue;
			if (cl->state != CELL_SENT || witnessed_silence(t, k, h))
				break;
			/* a hop that never witnessed: look further */
			if (!cl->counted && paused_enough)
				continue;
			/* as many copies as loss asks, once the router is
			 * known to answer: a witness may come only after a
			 * pause, and then counts them all */
			cl->want = (cl->counted || cl->silences) &&
				   t->need > cl->silences ?
				   t->need - cl->silences : 1;
			if (cl->want > MAX_COPIES)
				cl->want = MAX_COPIES;
			t->wit_want[h] = true;
			/* a router out of tokens must not hold up the hops
			 * after it: they get their tries in the same rounds */
			if (!cl->counted) {
				doubt = 2;
				continue;
			}
			if (!doubt)
				doubt = 1;
			break;
		}
	}
	return doubt;
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
		for (unsigned int h = 0; h < hops; h++)
			t->wit_want[h] = true;
		ret = round_trip(t);
		if (ret)
			return ret;
	}
	for (unsigned int i = 0, pauses = 0; i < MAX_TRIES; i++) {
		int doubt = want_doubtful(t, hops, pauses == PAUSED_TRIES);

		if (!doubt)
			break;
		if (doubt == 2 && ++pauses)
			ret = prober_linger(&t->pr, t->pr.ops->now(t->pr.ctx) +
					    RETRY_PAUSE_US, handle, t);
		if (!ret)
			ret = round_trip(t);
		if (ret)
			return ret;
	}
	return 0;
}

/* The last hop (1-based) before h that size k reached, or 0. */
static unsigned int last_reached(const struct trace *t, unsigned int k,
				 unsigned int h)
{
	while (h-- > 0)
		if (t->cells[k][h].state == CELL_REACHED)
			return h + 1;
	return 0;
}

/*
 * The path MTU up to each hop: a size that reached a hop crossed every
 * link before it; one that drew a PTB, or whose silence a small probe
 * after it witnessed, did not. Silence nothing witnessed leaves the hop's
 * MTU unknown, and the limit is placed between the last hop the size
 * reached and the first that witnessed its loss.
 */
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
		bool known = small->state == CELL_REACHED;

		if (known) {
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
			} else if (known && witnessed_silence(t, k, h)) {
				hop->limit = HOP_BLACK_HOLE;
				hop->after = last_reached(t, k, h);
				mtu = t->sizes[k] - 1;
			} else {
				known = false;
			}
			break;
		}
		hop->mtu = known ? mtu : 0;
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
	t->need = search_silences_needed(found->loss_sent, found->loss_lost);

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

/* The first hop where larger probes vanished, witnessed: 0 for none. */
static unsigned int first_drop(const struct trace_result *tr)
{
	for (unsigned int h = 0; h < tr->nhops; h++)
		if (tr->hops[h].limit == HOP_BLACK_HOLE)
			return h + 1;
	return 0;
}

unsigned int trace_router_drop(const struct trace_result *tr)
{
	unsigned int h = first_drop(tr);

	return h && !(tr->reached && h == tr->nhops) ? h : 0;
}

unsigned int trace_last_router(const struct trace_result *tr)
{
	unsigned int h = first_drop(tr);

	return h && tr->reached && h == tr->nhops && h > 1 &&
	       tr->hops[h - 1].after == h - 1 ? h - 1 : 0;
}
