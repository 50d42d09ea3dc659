/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_SIMNET_H
#define MTUPROBE_SIMNET_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "run.h"

/*
 * A simulated path with a virtual clock, behind struct net_ops: the local
 * interface refuses what exceeds its MTU, a router halfway drops what
 * exceeds the path MTU (sending a PTB, or not: a black hole), and the
 * destination answers echo requests. Packets are real bytes, built and
 * parsed by the project's own packet code.
 */
enum sim_mode { SIM_PTB, SIM_BLACK_HOLE };

struct sim_pkt;

struct simnet {
	int family;
	struct addr src, dst, router, foreigner;
	unsigned int ifmtu;
	unsigned int path_mtu;
	enum sim_mode mode;
	bool ptb_mtu_set;	/* report ptb_mtu instead of the path MTU */
	uint32_t ptb_mtu;
	unsigned int quote_len;	/* how much a PTB quotes; 0: the router's usual */
	uint64_t ptb_interval;	/* at most one PTB per interval, 0: no limit */
	unsigned int loss_pct;	/* random loss in each direction */
	bool silent_host;	/* the destination never answers */
	bool forge_ptbs;	/* an off-path sender adds PTBs quoting guesses */
	uint64_t rtt;		/* us */

	uint64_t now;
	uint64_t last_ptb;
	uint32_t rng;
	unsigned int sent;
	struct sim_pkt *queue;
};

/* A path of family with the given path MTU and a 1500-byte interface. */
void simnet_init(struct simnet *n, int family, unsigned int path_mtu,
		 enum sim_mode mode, uint32_t seed);
void simnet_free(struct simnet *n);
/* A run_config to probe n with the defaults of the program. */
void simnet_config(const struct simnet *n, struct run_config *cfg);

extern const struct net_ops simnet_ops;

#endif
