/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_TRACE_H
#define MTUPROBE_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "run.h"

/*
 * Where the limit sits: TTL-limited probes, small ones to find the hops
 * and ones just above each limit the search found, all sent at once. A
 * router answers a probe whose TTL ends at it with Time Exceeded whatever
 * its size, so the largest size that reaches each hop is known, and so the
 * link a black hole swallows large packets on.
 */

enum { TRACE_MAX_HOPS = 30 };

enum hop_limit {
	HOP_SAME,		/* nothing smaller than before this hop */
	HOP_PTB,		/* a router said so, with a PTB */
	HOP_BLACK_HOLE,		/* larger probes vanished before this hop */
};

struct hop {
	struct addr addr;	/* who answered; family 0: nobody did */
	uint64_t rtt;		/* us, of the small probe */
	unsigned int mtu;	/* the path MTU up to this hop; 0: unknown */
	enum hop_limit limit;	/* how mtu came to be lower than before */
	struct addr ptb_from;	/* HOP_PTB: the router that said so */
	unsigned int after;	/* HOP_BLACK_HOLE: the last hop that larger
				 * probes reached (0: none) */
};

struct trace_result {
	struct hop hops[TRACE_MAX_HOPS];
	unsigned int nhops;	/* up to the destination, or the last seen */
	bool reached;		/* the destination answered */
	unsigned int probes;
	unsigned int rounds;
	uint64_t elapsed;
};

/* Traces the path the search in found measured. cfg is the search's, with
 * echo.seq past every probe the search sent. Returns 0, or the negative
 * errno of a send or receive that failed. */
int trace_path(const struct net_ops *ops, void *ctx,
	       const struct run_config *cfg, const struct run_result *found,
	       unsigned int ifmtu, struct trace_result *tr);

/*
 * What the trace says of a limit no router named. A router that answers
 * small probes but never sees larger ones proves the path itself drops
 * them: trace_router_drop() gives its hop (from 1), or 0. Larger probes
 * that reach the last router and vanish only at the destination leave a
 * limit on the last link and a filter at the host alike:
 * trace_last_router() gives that router's hop, or 0.
 */
unsigned int trace_router_drop(const struct trace_result *tr);
unsigned int trace_last_router(const struct trace_result *tr);

#endif
