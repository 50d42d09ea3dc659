/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_PACE_H
#define MTUPROBE_PACE_H

#include <stddef.h>

/*
 * One bucket (core/bucket.h) for every probe the process sends, from any
 * thread: many hosts probed at once must not lose their own replies in a
 * burst they made themselves. Sized to the link: the speed of the first
 * interface named (PACE_DEFAULT_MBPS where the kernel does not know it),
 * at most PACE_PPS packets a second, bursts of PACE_BURST_MS at that
 * rate (never less than PACE_BURST_PKTS full packets).
 */
enum {
	PACE_DEFAULT_MBPS = 100,
	PACE_PPS = 50000,
	PACE_BURST_MS = 10,
	PACE_BURST_PKTS = 32,
};

/* Sizes the bucket to ifname's speed (/sys/class/net/IF/speed), once. */
void pace_link(const char *ifname);
/* Waits until a packet of len bytes may leave. */
void pace_wait(size_t len);

#endif
