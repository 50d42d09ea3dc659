/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_BUCKET_H
#define MTUPROBE_BUCKET_H

#include <stddef.h>
#include <stdint.h>

/*
 * A token bucket in packets and bytes a second, kept as the earliest time
 * each allowance is free again (the generic cell rate algorithm): a
 * packet may leave once neither allowance is more than a burst in debt.
 * In any window of T microseconds no more leave than burst_pkts plus
 * pkts_per_sec * T, nor more bytes than burst_bytes plus
 * bytes_per_sec * T. Times are microseconds on the caller's clock.
 */
struct bucket {
	uint64_t bytes_per_sec;
	uint64_t pkts_per_sec;
	uint64_t burst_bytes;
	uint64_t burst_pkts;
	/* when each allowance is whole again, in nanoseconds */
	uint64_t bytes_free_ns;
	uint64_t pkts_free_ns;
};

/* A bucket of the given rates (0: that one is not limited), full. */
void bucket_init(struct bucket *b, uint64_t bytes_per_sec,
		 uint64_t pkts_per_sec, uint64_t burst_bytes,
		 uint64_t burst_pkts);
/* Takes a packet of len bytes that is ready at now: returns when it may
 * leave (now, or later), and counts it as gone then. */
uint64_t bucket_take(struct bucket *b, uint64_t now, size_t len);

#endif
