/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_RTT_H
#define MTUPROBE_RTT_H

#include <stdbool.h>
#include <stdint.h>

/* Round-trip estimate in microseconds, smoothed as RFC 6298 2 does. */
struct rtt {
	bool have;
	uint64_t srtt;
	uint64_t rttvar;
};

enum { RTT_INITIAL_WAIT_US = 1000000 };	/* RFC 6298 2.1 */

void rtt_sample(struct rtt *r, uint64_t us);
/* How long to wait for the answers to a round: srtt + 4 rttvar bounded by
 * floor and ceiling, or the initial wait (bounded likewise) before the
 * first sample. */
uint64_t rtt_wait(const struct rtt *r, uint64_t floor, uint64_t ceiling);

#endif
