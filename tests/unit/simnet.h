/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_SIMNET_H
#define MTUPROBE_SIMNET_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "run.h"

/*
 * A simulated path with a virtual clock, behind struct net_ops: the local
 * interface refuses what exceeds its MTU; hop 1 (r1) and hop 2 (router)
 * are routers, the destination is hop 3. The router at hop 2 drops what
 * exceeds the path MTU (sending a PTB, or not: a black hole); hop 1 may
 * have a limit of its own (mtu1, with PTBs or silent). A router answers a
 * probe whose TTL ends at it with Time Exceeded. Packets are real bytes,
 * built and parsed by the project's own packet code. Echo requests and
 * TCP SYNs cross the path alike; the destination answers both, and can be
 * made to lie as real hosts and paths do.
 */
enum sim_mode { SIM_PTB, SIM_BLACK_HOLE };

struct sim_pkt;

/* A token bucket: burst deep, a token back each interval. */
struct sim_bucket {
	bool primed;
	unsigned int tokens;
	uint64_t refill;
};

struct simnet {
	int family;
	struct addr src, dst, r1, router, foreigner;
	unsigned int ifmtu;
	unsigned int mtu1;	/* limit behind hop 1, with PTBs; 0: none */
	bool mtu1_silent;	/* ...or without: a black hole before hop 2 */
	unsigned int path_mtu;	/* limit behind hop 2 */
	enum sim_mode mode;
	bool ptb_mtu_set;	/* report ptb_mtu instead of the path MTU */
	uint32_t ptb_mtu;
	unsigned int quote_len;	/* how much a PTB quotes; 0: the router's usual */
	uint64_t ptb_interval;	/* at most one PTB per interval, 0: no limit;
				 * each router on its own */
	unsigned int te_burst;	/* Time Exceeded a router sends at once... */
	uint64_t te_interval;	/* ...and then one per interval; 0: no limit */
	unsigned int loss_pct;	/* random loss in each direction */
	bool silent_host;	/* the destination never answers */
	bool forge_ptbs;	/* an off-path sender adds PTBs quoting guesses */
	uint64_t rtt;		/* us */

	/* How the destination answers echo requests; 0 and false: each
	 * one, whole. */
	unsigned int cut_reply;	/* a reply longer than this many bytes of
				 * ICMP is cut to them, as some public
				 * resolvers do (76) */
	unsigned int echo_filter_above;	/* requests in larger IP packets
					 * are dropped, by a host firewall */
	bool echo_drop;		/* every request is ignored */
	unsigned int police_rate;	/* replies a second, at most... */
	unsigned int police_burst;	/* ...from a bucket this deep (at
					 * least 1); 0 rate: no policing */
	/* The way back drops the destination's packets larger than this: a
	 * black hole one way. The routers' errors are small and pass. */
	unsigned int back_mtu;
	/* TCP at the destination: tcp_port (0: 443) listens when tcp_open
	 * and answers a SYN, data or not, with a SYN-ACK; the other ports
	 * answer a RST, or nothing at all when tcp_silent. */
	bool tcp_open;
	uint16_t tcp_port;
	bool tcp_silent;
	bool syn_data_drop;	/* a middlebox in front of the destination
				 * drops the SYNs with data */
	/* The destination answers a datagram to a closed port with "port
	 * unreachable" (simnet_udp_side). */
	bool udp_answers;
	/* Our own socket drops the next sock_drops packets of over 1300
	 * bytes that reach it, for want of room, and says so with those
	 * after (net_rx.drops). */
	unsigned int sock_drops;
	uint32_t sock_dropped;

	/* Counted for the tests: echo requests answered (whether the reply
	 * gets back or not) and refused by the policer; SYNs that reached
	 * the destination, and those of them with data. */
	unsigned int echo_answered;
	unsigned int echo_policed;
	unsigned int syn_seen;
	unsigned int syn_data_seen;

	uint64_t now;
	uint64_t last_ptb;
	uint64_t last_ptb1;	/* hop 1's */
	struct sim_bucket te[2];
	struct sim_bucket police;
	/* The TCP flow that net_ops.tcp_flow keeps, once it is set. */
	bool flow_set;
	uint16_t flow_dport;
	uint16_t flow_dport2;
	uint16_t flow_sport;
	uint16_t flow_nports;
	uint64_t rng;
	unsigned int sent;
	struct sim_pkt *queue;
};

/* A path of family with the given path MTU and a 1500-byte interface. */
void simnet_init(struct simnet *n, int family, unsigned int path_mtu,
		 enum sim_mode mode, uint32_t seed);
void simnet_free(struct simnet *n);
/* A run_config to probe n with the defaults of the program. */
void simnet_config(const struct simnet *n, struct run_config *cfg);
/* Another socket sends the datagram of cfg->udp_side now, to port
 * udp_base(cfg) with cfg's cookie: the destination's answer, if it gives
 * one (udp_answers), reaches the prober's socket a round trip later. */
void simnet_udp_side(struct simnet *n, const struct run_config *cfg);

extern const struct net_ops simnet_ops;

#endif
