// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "rtt.h"

void rtt_sample(struct rtt *r, uint64_t us)
{
	if (!r->have) {
		r->have = true;
		r->srtt = us;
		r->rttvar = us / 2;
		return;
	}
	/* beta = 1/4, alpha = 1/8 */
	r->rttvar = (3 * r->rttvar + (r->srtt > us ? r->srtt - us : us - r->srtt)) / 4;
	r->srtt = (7 * r->srtt + us) / 8;
}

uint64_t rtt_wait(const struct rtt *r, uint64_t floor, uint64_t ceiling)
{
	uint64_t w = r->have ? r->srtt + 4 * r->rttvar : RTT_INITIAL_WAIT_US;

	if (w < floor)
		w = floor;
	if (w > ceiling)
		w = ceiling;
	return w;
}
