// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "search.h"

/* RFC 1191 7 plateaus and MTUs common in the field (reference.md): where
 * one lies near a size the bisection would pick, it is tried instead. */
static const unsigned int common_mtus[] = {
	65535, 32000, 17914, 9000, 8166, 4352, 2002, 1500, 1492, 1480, 1476,
	1472, 1460, 1454, 1450, 1440, 1436, 1420, 1412, 1400, 1380, 1360,
	1350, 1320, 1300, 1280, 1006, 576, 508, 296, 68,
};

#define NCOMMON (sizeof(common_mtus) / sizeof(*common_mtus))

enum {
	/* Below the IPv6 minimum, which every link carrying IPv6 must
	 * pass, few paths lie: the opening round spends its sizes at or
	 * above it... */
	OPENING_FLOOR = 1280,
	OPENING_SIZES = 16,	/* ...and sends at most this many */
	/* Answers to sizes known to cross that make loss unlikely enough
	 * with the fewest probes in all: 10 of them, and 12 silences of
	 * one size settle it (search_silences_needed); 4 would take 39. */
	GOOD_WANTED = 10,
	/* common MTUs above the answer whose edges are tried at once */
	MAX_GAP_EDGES = 2,
};

unsigned int search_common_below(unsigned int size)
{
	for (size_t i = 0; i < NCOMMON; i++)
		if (common_mtus[i] < size)
			return common_mtus[i];
	return 0;
}

void search_init(struct search *s, const struct search_params *p)
{
	memset(s, 0, sizeof(*s));
	s->p = *p;
	if (s->p.per_round < 2)
		s->p.per_round = 2;
	if (s->p.per_round > SEARCH_MAX_PER_ROUND)
		s->p.per_round = SEARCH_MAX_PER_ROUND;
	if (!s->p.confirm)
		s->p.confirm = 1;
	if (!s->p.max_copies)
		s->p.max_copies = 1;
	s->lo = p->min;
	s->hi = p->max + 1;
	s->state = SEARCH_RUNNING;
}

static bool planned(const struct search *s, unsigned int size)
{
	for (size_t i = 0; i < s->nplan; i++)
		if (s->plan[i] == size)
			return true;
	return false;
}

static void add_copy(struct search *s, unsigned int size)
{
	if (s->nplan < s->p.per_round + s->extra &&
	    s->nplan < SEARCH_MAX_PER_ROUND)
		s->plan[s->nplan++] = size;
}

/* The copies that settle the last byte may go beyond the round's usual
 * number, and take no slot from the sizes being bisected: one round of
 * them costs less than another round trip. */
static void add_settling_copy(struct search *s, unsigned int size)
{
	if (s->nplan < SEARCH_MAX_PER_ROUND) {
		s->extra += planned(s, size);
		s->plan[s->nplan++] = size;
	}
}

static void add(struct search *s, unsigned int size)
{
	if (!planned(s, size))
		add_copy(s, size);
}

unsigned int search_silences_needed(unsigned int sent, unsigned int lost)
{
	double chance = 1.0;
	unsigned int n = 0;

	while (chance > 1e-6 && n < 64) {
		chance *= (lost + 1.0 + n) / (sent + 2.0 + n);
		n++;
	}
	return n;
}

/* How many unanswered copies of a size make it too big: never fewer than
 * the rule of two rounds asks. */
static unsigned int copies_needed(const struct search *s)
{
	unsigned int n = search_silences_needed(s->good_sent, s->good_lost);

	return n > s->p.confirm ? n : s->p.confirm;
}

unsigned int search_suspect(const struct search *s)
{
	return s->nsilent ? s->silent[0].size : 0;
}

/* The common MTU nearest to size within slack on either side, inside
 * [from, to], not already planned; or size itself. */
static unsigned int snap(const struct search *s, unsigned int size,
			 unsigned int slack, unsigned int from, unsigned int to)
{
	unsigned int best = size, dist = slack + 1;

	for (size_t i = 0; i < sizeof(common_mtus) / sizeof(*common_mtus); i++) {
		unsigned int c = common_mtus[i];
		unsigned int d = c > size ? c - size : size - c;

		if (c < from || c > to || d >= dist || planned(s, c))
			continue;
		best = c;
		dist = d;
	}
	return best;
}

/* Spreads the free slots evenly over [from, to], the top included: on most
 * paths the top (the interface MTU, or just below a suspect) is the answer. */
static void spread(struct search *s, unsigned int from, unsigned int to)
{
	size_t slots = s->p.per_round + s->extra - s->nplan;
	unsigned int range, slack;

	if (slots > SEARCH_MAX_PER_ROUND - s->nplan)
		slots = SEARCH_MAX_PER_ROUND - s->nplan;

	if (s->p.bisect && from <= to) {
		add(s, from + (to - from) / 2);
		return;
	}
	if (!slots || from > to)
		return;
	range = to - from + 1;
	if (range <= slots) {
		for (unsigned int v = from; v <= to; v++)
			add(s, v);
		return;
	}
	slack = range / (2 * slots);
	for (size_t j = slots; j >= 1; j--) {
		unsigned int v = from - 1 +
			(unsigned int)(((unsigned long)range * j + slots - 1) / slots);

		add(s, j == slots ? v : snap(s, v, slack, from, to));
	}
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/*
 * The first round, before anything is known: the bounds, and the common
 * MTUs between them from OPENING_FLOOR up, as many as a round holds. Most
 * paths lie on one of them, and then the first round has found the
 * answer's lower end exactly, leaving only its last byte to settle. Where
 * there are too many, the one whose loss leaves the smallest gap goes,
 * until the rest fit: what is left still covers the range evenly.
 */
static bool opening(struct search *s)
{
	unsigned int v[NCOMMON + 2];
	size_t n = 0;

	if (s->rounds || s->lo_seen || s->nsilent || s->p.bisect)
		return false;
	v[n++] = s->p.min;
	for (size_t i = NCOMMON; i-- > 0;)
		if (common_mtus[i] > s->p.min && common_mtus[i] < s->p.max &&
		    common_mtus[i] >= OPENING_FLOOR)
			v[n++] = common_mtus[i];
	if (n < 3)
		return false;
	v[n++] = s->p.max;
	while (n > OPENING_SIZES) {
		size_t drop = 1;

		for (size_t i = 2; i + 1 < n; i++)
			if (v[i + 1] - v[i - 1] < v[drop + 1] - v[drop - 1])
				drop = i;
		memmove(&v[drop], &v[drop + 1], (n - drop - 1) * sizeof(*v));
		n--;
	}
	for (size_t i = 0; i < n; i++)
		s->plan[s->nplan++] = v[i];
	return true;
}

/*
 * When the largest size answered is a common MTU, the answer is most
 * likely that size itself: one byte more goes out at once, with half the
 * copies that would settle it, so that the next round can settle it. So
 * does a common MTU still untried below the suspect, with its next byte.
 * While few sizes known to cross have been answered, copies of the
 * largest go with them: each answered one lowers the silences needed.
 * All this only once a size above has gone silent (until then, nothing
 * says the answer is near), and for a few MTUs at most.
 */
static void try_edges(struct search *s, unsigned int suspect)
{
	unsigned int c[NCOMMON], sent = s->good_sent + 1, need, copies;
	size_t n = 0;
	bool at_lo;

	if (!s->lo_seen || s->p.bisect || !suspect)
		return;
	for (size_t i = NCOMMON; i-- > 0;)
		if (common_mtus[i] >= OPENING_FLOOR &&
		    common_mtus[i] >= s->lo && common_mtus[i] + 1 < suspect)
			c[n++] = common_mtus[i];
	at_lo = n && c[0] == s->lo;
	/* more above it: the bisection narrows the gap first */
	if (n > MAX_GAP_EDGES + (size_t)at_lo)
		n = at_lo;
	if (!n)
		return;

	for (; sent < GOOD_WANTED; sent++)
		add_settling_copy(s, s->lo);
	need = search_silences_needed(sent, s->good_lost);
	if (need < s->p.confirm)
		need = s->p.confirm;
	copies = (need + s->p.confirm - 1) / s->p.confirm;
	if (copies > s->p.max_copies)
		copies = s->p.max_copies;
	for (size_t i = 0; i < n; i++) {
		add(s, c[i]);
		for (unsigned int k = 0; k < copies; k++)
			add_settling_copy(s, c[i] + 1);
	}
}

size_t search_plan(struct search *s, unsigned int *sizes, size_t cap)
{
	unsigned int suspect;

	s->nplan = 0;
	s->extra = 0;
	s->round_reply = false;
	s->round_dropped = false;
	s->pause = false;
	memset(s->heard, 0, sizeof(s->heard));
	if (s->state != SEARCH_RUNNING)
		return 0;
	if (opening(s))
		goto done;

	/* The largest size answered goes out again in every round: silence
	 * above it means something only if it is answered beside it. On a
	 * lossy path, enough of them that one comes back. */
	add(s, s->lo);
	if ((s->good_lost || s->dead_rounds) && !s->p.bisect) {
		add_copy(s, s->lo);
		add_copy(s, s->lo);
		add_copy(s, s->lo);
	}
	/* After a round with no answer at all, nothing is learnt of larger
	 * sizes until the path answers again (a host that rations its
	 * answers, or an outage): only the size it answered goes out. */
	if (s->dead_rounds && s->lo_seen && !s->p.bisect)
		goto done;
	suspect = search_suspect(s);
	if (suspect) {
		const struct search_silence *v = &s->silent[0];
		unsigned int need = copies_needed(s), copies = 1;

		/* Copies go to the suspect once nothing is left to bisect
		 * below it: then it is the answer's last byte plus one. */
		if (suspect == s->lo + 1 && need > v->copies + 1)
			copies = need - v->copies;
		if (copies > s->p.max_copies)
			copies = s->p.max_copies;
		for (unsigned int i = 0; i < copies; i++)
			add_settling_copy(s, suspect);
		s->pause = v->rounds + 1 >= s->p.confirm &&
			   v->copies + copies >= need;
	}
	/* A PTB's MTU and one byte more settle the answer in one round. */
	if (s->hint >= s->lo && s->hint < s->hi) {
		add(s, s->hint);
		if (s->hint + 1 < s->hi)
			add(s, s->hint + 1);
	}
	try_edges(s, suspect);
	spread(s, s->lo + 1, (suspect ? suspect : s->hi) - 1);

done:
	qsort(s->plan, s->nplan, sizeof(*s->plan), cmp_uint);
	if (s->nplan > cap)
		s->nplan = cap;
	memcpy(sizes, s->plan, s->nplan * sizeof(*sizes));
	return s->nplan;
}

/* One answer accounts for one copy: the others may still be lost, and
 * count as such for the loss rate. */
static void mark_heard(struct search *s, unsigned int size)
{
	for (size_t i = 0; i < s->nplan; i++) {
		if (s->plan[i] == size && !s->heard[i]) {
			s->heard[i] = true;
			return;
		}
	}
}

static bool lower_hi(struct search *s, unsigned int size,
		     enum search_evidence why)
{
	if (size >= s->hi)
		return false;
	s->hi = size;
	s->why = why;
	return true;
}

bool search_note(struct search *s, unsigned int size,
		 enum search_outcome what, uint32_t mtu)
{
	mark_heard(s, size);
	switch (what) {
	case SEARCH_REPLY:
		s->round_reply = true;
		if (!s->lo_seen || size > s->lo) {
			s->lo = size;
			s->lo_seen = true;
		}
		/* An answer beats whatever said it was too big: the path
		 * changed, or the earlier evidence lied. */
		if (s->hi <= s->lo) {
			s->hi = s->p.max + 1;
			s->why = EVIDENCE_NONE;
		}
		return false;
	case SEARCH_LOCAL_TOO_BIG:
		return lower_hi(s, size, EVIDENCE_LOCAL);
	case SEARCH_UNREACH:
		s->unreach = true;
		return false;
	case SEARCH_TOO_BIG:
		break;
	}

	switch (search_judge_ptb(s->p.proto_min, s->lo_seen, s->lo, size, mtu)) {
	case PTB_BELOW_MIN:
		s->ptb_below_min++;
		return false;
	case PTB_CONTRADICTING:
		s->ptb_contradicting++;
		return false;
	case PTB_NO_MTU:
		s->ptb_no_mtu++;
		break;
	case PTB_LOWER_THAN_ANSWERED:
		s->ptb_contradicting++;
		break;
	case PTB_MTU:
		/* of two routers, the one nearer the host may answer first
		 * (its probe went out first): the smallest MTU named binds */
		if (!s->hint || s->hint < s->lo || mtu < s->hint)
			s->hint = mtu;
		break;
	}
	return lower_hi(s, size, EVIDENCE_PTB);
}

enum ptb_verdict search_judge_ptb(unsigned int proto_min, bool lo_seen,
				  unsigned int lo, unsigned int size,
				  uint32_t mtu)
{
	/* RFC 8201 4, and design.md for IPv4: a PTB below the minimum MTU
	 * is discarded whole. */
	if (mtu && mtu < proto_min)
		return PTB_BELOW_MIN;
	if (lo_seen && size <= lo)
		return PTB_CONTRADICTING;
	/* RFC 8899 4.6.2: an MTU of 0 or not below the probe says only
	 * that the probe was too big. */
	if (!mtu || mtu >= size)
		return PTB_NO_MTU;
	if (lo_seen && mtu < lo)
		return PTB_LOWER_THAN_ANSWERED;
	return PTB_MTU;
}

static enum search_state judge(struct search *s)
{
	if (s->lo_seen && (s->lo >= s->p.max || s->hi == s->lo + 1)) {
		if (s->hi > s->p.max)
			s->why = EVIDENCE_MAX;
		return SEARCH_DONE;
	}
	if (!s->lo_seen && s->hi <= s->p.min)
		return SEARCH_BELOW_MIN;
	if (!s->lo_seen && s->unreach)
		return SEARCH_UNREACHABLE;
	if (!s->lo_seen && s->dead_rounds >= s->p.no_answer_rounds)
		return SEARCH_NO_ANSWER;
	/* Once the path has answered, a dead round or two is loss. */
	if (s->dead_rounds >= 2 * s->p.no_answer_rounds)
		return SEARCH_INCOMPLETE;
	if (s->rounds >= s->p.max_rounds)
		return SEARCH_INCOMPLETE;
	return SEARCH_RUNNING;
}

/* Records that size went unanswered, copies times, in a live round. */
static void note_silence(struct search *s, unsigned int size,
			 unsigned int copies)
{
	size_t i;

	for (i = 0; i < s->nsilent && s->silent[i].size < size; i++)
		;
	if (i < s->nsilent && s->silent[i].size == size) {
		s->silent[i].rounds++;
		s->silent[i].copies += copies;
		return;
	}
	/* Full: the largest says least, and gives way. */
	if (s->nsilent == SEARCH_MAX_SILENT) {
		if (i == s->nsilent)
			return;
		s->nsilent--;
	}
	memmove(&s->silent[i + 1], &s->silent[i],
		(s->nsilent - i) * sizeof(*s->silent));
	s->silent[i] = (struct search_silence){ size, 1, copies };
	s->nsilent++;
}

/* Settles what the silences say: a size silent often enough is too big.
 * Those at or below lo turned out to be lost, which tells the loss rate;
 * those at or above hi no longer matter. */
static void settle_silence(struct search *s)
{
	size_t i, kept = 0;

	for (i = 0; i < s->nsilent; i++) {
		struct search_silence *v = &s->silent[i];

		if (v->size <= s->lo) {
			s->good_sent += v->copies;
			s->good_lost += v->copies;
			continue;
		}
		if (v->size >= s->hi)
			continue;
		/* A router's "too big" named an MTU below it: that router
		 * said so already, and a rate limit explains its silence
		 * now. No second round, and no pause. */
		if (s->hint && v->size > s->hint) {
			lower_hi(s, v->size, EVIDENCE_PTB);
			break;
		}
		if (v->rounds >= s->p.confirm && v->copies >= copies_needed(s)) {
			lower_hi(s, v->size, EVIDENCE_BLACK_HOLE);
			break;
		}
		s->silent[kept++] = *v;
	}
	s->nsilent = kept;
}

enum search_state search_end_round(struct search *s)
{
	if (s->state != SEARCH_RUNNING)
		return s->state;
	s->rounds++;
	s->dead_rounds = s->round_reply ? 0 : s->dead_rounds + 1;

	for (size_t i = 0; i < s->nplan; i++) {
		unsigned int v = s->plan[i], copies = 0;

		/* Sizes known to cross tell the loss rate; in a round with
		 * no answer at all, once one came, they were lost too. What
		 * our own socket dropped tells nothing of the path. */
		if (s->round_dropped)
			continue;
		if (v <= s->lo && s->lo_seen) {
			s->good_sent++;
			s->good_lost += !s->heard[i];
		}
		/* Silence counts only in a round the path was alive in. */
		if (s->heard[i] || v <= s->lo || v >= s->hi || !s->round_reply ||
		    (i && s->plan[i - 1] == v))
			continue;
		for (size_t j = i; j < s->nplan && s->plan[j] == v; j++)
			copies += !s->heard[j];
		note_silence(s, v, copies);
	}
	settle_silence(s);
	if (s->hint && (s->hint < s->lo || s->hint >= s->hi))
		s->hint = 0;

	s->state = judge(s);
	return s->state;
}

void search_local_drops(struct search *s)
{
	s->round_dropped = true;
}

void search_ration(struct search *s)
{
	if (s->state == SEARCH_INCOMPLETE)
		s->state = SEARCH_RUNNING;
	s->dead_rounds = 0;
	s->good_sent = 0;
	s->good_lost = 0;
	s->nsilent = 0;
	s->p.bisect = true;
}

void search_stop(struct search *s)
{
	if (s->state == SEARCH_RUNNING)
		s->state = s->lo_seen ? SEARCH_INCOMPLETE : SEARCH_NO_ANSWER;
}

void search_give_up(struct search *s)
{
	if (s->state == SEARCH_RUNNING)
		s->state = SEARCH_INCOMPLETE;
}

unsigned int search_path_mtu(const struct search *s)
{
	return s->lo_seen ? s->lo : 0;
}
