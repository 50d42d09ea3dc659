// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <string.h>

#include "bucket.h"

void bucket_init(struct bucket *b, uint64_t bytes_per_sec,
		 uint64_t pkts_per_sec, uint64_t burst_bytes,
		 uint64_t burst_pkts)
{
	memset(b, 0, sizeof(*b));
	b->bytes_per_sec = bytes_per_sec;
	b->pkts_per_sec = pkts_per_sec;
	b->burst_bytes = burst_bytes ? burst_bytes : 1;
	b->burst_pkts = burst_pkts ? burst_pkts : 1;
}

/* One allowance: cost is what the packet takes of it, depth the burst it
 * may run into debt, both in nanoseconds. Returns the earliest time (ns)
 * the packet may leave by it. */
static uint64_t allowed(uint64_t free_ns, uint64_t now_ns, uint64_t cost,
			uint64_t depth)
{
	/* a burst holds one packet at least */
	if (depth < cost)
		depth = cost;
	return free_ns + cost > now_ns + depth ? free_ns + cost - depth : now_ns;
}

static uint64_t cost_ns(uint64_t units, uint64_t per_sec)
{
	return per_sec ? (units * 1000000000ULL + per_sec - 1) / per_sec : 0;
}

uint64_t bucket_take(struct bucket *b, uint64_t now, size_t len)
{
	uint64_t now_ns = now * 1000, at;
	uint64_t cb = cost_ns(len, b->bytes_per_sec);
	uint64_t cp = cost_ns(1, b->pkts_per_sec);
	uint64_t db = cost_ns(b->burst_bytes, b->bytes_per_sec);
	uint64_t dp = cost_ns(b->burst_pkts, b->pkts_per_sec);

	if (b->bytes_free_ns < now_ns)
		b->bytes_free_ns = now_ns;
	if (b->pkts_free_ns < now_ns)
		b->pkts_free_ns = now_ns;
	at = allowed(b->bytes_free_ns, now_ns, cb, db);
	if (allowed(b->pkts_free_ns, now_ns, cp, dp) > at)
		at = allowed(b->pkts_free_ns, now_ns, cp, dp);
	b->bytes_free_ns += cb;
	b->pkts_free_ns += cp;
	return (at + 999) / 1000;
}
