// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bucket.h"
#include "pace.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct bucket bucket;
static bool sized;

/* The interface's speed in Mb/s as the kernel knows it, or 0. */
static unsigned long link_mbps(const char *ifname)
{
	char path[128], line[32];
	unsigned long mbps = 0;
	FILE *f;

	if (snprintf(path, sizeof(path), "/sys/class/net/%s/speed", ifname) >=
	    (int)sizeof(path))
		return 0;
	f = fopen(path, "re");
	if (!f)
		return 0;
	/* -1, or an error reading it, where the speed is not known */
	if (fgets(line, sizeof(line), f) && line[0] != '-')
		mbps = strtoul(line, NULL, 10);
	fclose(f);
	return mbps;
}

void pace_link(const char *ifname)
{
	unsigned long mbps = ifname ? link_mbps(ifname) : 0;
	uint64_t bps, burst;

	pthread_mutex_lock(&lock);
	if (!sized) {
		bps = (uint64_t)(mbps ? mbps : PACE_DEFAULT_MBPS) * 125000;
		burst = bps * PACE_BURST_MS / 1000;
		if (burst < PACE_BURST_PKTS * 1500)
			burst = PACE_BURST_PKTS * 1500;
		bucket_init(&bucket, bps, PACE_PPS, burst,
			    PACE_PPS * PACE_BURST_MS / 1000);
		sized = true;
	}
	pthread_mutex_unlock(&lock);
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

void pace_wait(size_t len)
{
	uint64_t now, at;
	struct timespec ts;

	pthread_mutex_lock(&lock);
	if (!sized) {
		pthread_mutex_unlock(&lock);
		return;
	}
	now = now_us();
	at = bucket_take(&bucket, now, len);
	pthread_mutex_unlock(&lock);
	if (at <= now)
		return;
	ts.tv_sec = (time_t)((at - now) / 1000000);
	ts.tv_nsec = (long)((at - now) % 1000000 * 1000);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}
