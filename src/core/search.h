/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_SEARCH_H
#define MTUPROBE_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The size search. It knows nothing of sockets or clocks: the caller asks
 * for a round of sizes (search_plan), sends them, tells what came back for
 * each (search_note), and closes the round when every probe is accounted
 * for or the wait is over (search_end_round). A size that got nothing is
 * silent; silence means "too big" only when it repeats, in rounds in which
 * smaller probes were answered.
 */

enum { SEARCH_MAX_PER_ROUND = 32, SEARCH_MAX_SILENT = 32 };

enum search_outcome {
	SEARCH_REPLY,		/* the echo came back: the size crosses */
	SEARCH_TOO_BIG,		/* a PTB quoting the probe */
	SEARCH_LOCAL_TOO_BIG,	/* the local stack refused it (EMSGSIZE) */
	SEARCH_UNREACH,		/* unreachable or time exceeded, quoting it */
};

enum search_state {
	SEARCH_RUNNING,
	SEARCH_DONE,		/* path_mtu() is exact */
	SEARCH_NO_ANSWER,	/* not even the smallest probe answered */
	SEARCH_UNREACHABLE,	/* ICMP said the destination is unreachable */
	SEARCH_BELOW_MIN,	/* the lower bound itself is too big */
	SEARCH_INCOMPLETE,	/* answers stopped before the end */
};

enum search_evidence {
	EVIDENCE_NONE,
	EVIDENCE_PTB,		/* hi is too big by a PTB */
	EVIDENCE_BLACK_HOLE,	/* hi is too big by repeated silence */
	EVIDENCE_LOCAL,		/* hi is above what the interface sends */
	EVIDENCE_MAX,		/* lo reached the upper bound */
};

struct search_params {
	unsigned int proto_min;	/* 68 or 1280: PTBs below are discarded */
	unsigned int min;	/* lower bound: the first probe */
	unsigned int max;	/* upper bound */
	unsigned int per_round;	/* sizes per round, 2..SEARCH_MAX_PER_ROUND */
	unsigned int confirm;	/* silent rounds that make a black hole */
	unsigned int max_copies;	/* of a suspect size in one round */
	unsigned int no_answer_rounds;	/* rounds with no reply to give up */
	unsigned int max_rounds;
	bool bisect;		/* one new size a round, halfway: for a
				 * host that rations its answers */
};

struct search {
	struct search_params p;
	unsigned int lo;	/* largest size answered (p.min until one is) */
	bool lo_seen;
	unsigned int hi;	/* smallest size known too big; p.max + 1 */
	enum search_evidence why;
	/* Sizes between lo and hi that went unanswered in live rounds,
	 * smallest first: the first is the suspect. */
	struct search_silence {
		unsigned int size;
		unsigned int rounds;	/* live rounds it was silent in */
		unsigned int copies;	/* copies of it unanswered */
	} silent[SEARCH_MAX_SILENT];
	size_t nsilent;
	unsigned int good_sent;	/* probes of sizes known to cross... */
	unsigned int good_lost;	/* ...and how many of them were lost */
	unsigned int hint;	/* MTU from a PTB, to try next */
	bool pause;		/* the planned round settles a black hole */
	unsigned int rounds;
	unsigned int dead_rounds;	/* consecutive rounds with no reply */
	bool unreach;
	enum search_state state;

	unsigned int plan[SEARCH_MAX_PER_ROUND];	/* may repeat a size */
	bool heard[SEARCH_MAX_PER_ROUND];
	size_t nplan;
	size_t extra;	/* copies beyond the first of a size to settle */
	bool round_reply;
	bool round_dropped;	/* our own socket dropped packets */

	unsigned int ptb_no_mtu;	/* MTU 0, or not below the probe */
	unsigned int ptb_below_min;	/* MTU below the protocol minimum */
	unsigned int ptb_contradicting;	/* against an answered size */
};

void search_init(struct search *s, const struct search_params *p);
/* The largest of the common MTUs below size, or 0. */
unsigned int search_common_below(unsigned int size);

/* What a "too big" reply about a probe of size says, reporting mtu, when
 * lo (if lo_seen) is the largest size answered: */
enum ptb_verdict {
	PTB_BELOW_MIN,		/* mtu below proto_min: discarded whole */
	PTB_CONTRADICTING,	/* about a size answered: discarded */
	PTB_NO_MTU,		/* 0, or not below size: too big, no more */
	PTB_LOWER_THAN_ANSWERED,	/* too big, but mtu is below lo */
	PTB_MTU,		/* too big, and mtu is worth trying */
};
enum ptb_verdict search_judge_ptb(unsigned int proto_min, bool lo_seen,
				  unsigned int lo, unsigned int size,
				  uint32_t mtu);
/* Starts a round: writes the sizes to send, smallest first, and returns
 * how many (0 once the search is over). A size may stand more than once:
 * on a lossy path a black hole is confirmed with several copies. When
 * s->pause is set, the round would settle a black hole: send it after a
 * pause, since a router that rate-limits its PTBs looks like one. */
size_t search_plan(struct search *s, unsigned int *sizes, size_t cap);
/* Records what came back for size, in this round or a late answer to an
 * earlier one; mtu is the MTU a PTB reported. Returns true when this made
 * size the new smallest known-too-big size, so the caller can keep the
 * PTB's sender as the evidence. */
bool search_note(struct search *s, unsigned int size,
		 enum search_outcome what, uint32_t mtu);
/* Our own socket dropped packets during the round, for want of room:
 * its silences say nothing of the path, and are not counted. */
void search_local_drops(struct search *s);
enum search_state search_end_round(struct search *s);
/*
 * How many probes of one size must go unanswered before loss is an
 * unlikely explanation (below one in a million), given sent probes of
 * sizes known to cross of which lost were lost: with a uniform prior, the
 * chance that n more are all lost is the product of (lost + 1 + i) /
 * (sent + 2 + i) for i below n (the Beta-Binomial predictive), which stays
 * high while samples are few.
 */
unsigned int search_silences_needed(unsigned int sent, unsigned int lost);
/* The smallest size silent in a live round and not yet settled, or 0. */
unsigned int search_suspect(const struct search *s);
/* Answers stopped after some came, and the host is taken to ration them
 * (an ICMP rate limit, a policer): what was lost or silent meanwhile
 * proves nothing, so it is forgotten; from now on a round asks at most
 * two sizes the host must answer (the largest answered, and one halfway
 * to the suspect or the top), and the search goes on. */
void search_ration(struct search *s);
/* Ends a search that ran out of time, with what it proved. */
void search_give_up(struct search *s);
/* Ends a search another method overtook before it got any answer. */
void search_stop(struct search *s);
/* The answer so far: the largest size answered. */
unsigned int search_path_mtu(const struct search *s);

#endif
