/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_RUN_H
#define MTUPROBE_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "addr.h"
#include "pkt.h"
#include "search.h"

/*
 * The seam between the search and the network. The program plugs in raw
 * sockets and the monotonic clock; the tests a simulated path and a virtual
 * clock. Times are microseconds on the ops' own clock.
 */
/* What came with a received packet besides its bytes. */
struct net_rx {
	struct addr from;
	int proto;		/* the socket's: IPPROTO_ICMP(V6) or IPPROTO_TCP */
	int ttl;		/* TTL or hop limit on arrival; -1 unknown */
	uint32_t drops;		/* packets the sockets dropped so far, for
				 * want of room (SO_RXQ_OVFL); 0: none, or
				 * not known */
};

struct net_ops {
	/* Sends one probe of protocol proto (ICMP or ICMPv6 message, or TCP
	 * segment), without IP header, with the given TTL or hop limit (0:
	 * the default). Returns 0, -EMSGSIZE when the local stack refuses
	 * the size, or another negative errno. */
	int (*send)(void *ctx, int proto, const void *msg, size_t len,
		    uint8_t ttl);
	/* Waits until deadline for a packet: for IPv4 the whole IP packet,
	 * for IPv6 the ICMPv6 message or TCP segment, with rx filled.
	 * Returns its length, 0 when the deadline passed, or a negative
	 * errno. */
	ssize_t (*recv)(void *ctx, void *buf, size_t cap, struct net_rx *rx,
			uint64_t deadline);
	uint64_t (*now)(void *ctx);
	/* Where the socket gives no whole packet (an ICMP datagram socket):
	 * waits until deadline and parses what comes into pi, rx-like fields
	 * included. Returns 1, 0 when the deadline passed, or a negative
	 * errno. When set, recv is not used. */
	int (*recv_info)(void *ctx, struct pkt_info *pi, uint64_t deadline);
	/* Keeps the TCP packets received to those from port dport (or
	 * dport2, where not 0) to ports [sport, sport + nports); NULL where
	 * there is nothing to keep. */
	int (*tcp_flow)(void *ctx, uint16_t dport, uint16_t dport2,
			uint16_t sport, uint16_t nports);
	/* Keeps the ICMP packets received to echo replies with identifier
	 * id and errors about packets to the destination; NULL where there
	 * is nothing to keep. */
	int (*echo_flow)(void *ctx, uint16_t id);
};

enum { RUN_MAX_LIMITS = 8 };

#define RUN_BUDGET_US 20000000ULL

enum probe_method { METHOD_ICMP, METHOD_TCP, METHOD_UDP };

/* What goes out: a search's round, or a check of its answer. */
enum run_stage {
	STAGE_SEARCH,
	STAGE_EDGE,	/* SYNs at the edge of a black hole echo found */
	STAGE_UDP,	/* a UDP datagram, as tracepath sends them */
	STAGE_TTL,	/* TTL-limited probes: where larger ones vanish */
};

/* Where a search stands as a round goes out, for a status line. */
struct run_progress {
	enum run_stage stage;
	enum probe_method method;
	uint16_t port;		/* STAGE_EDGE: the SYNs' */
	unsigned int round;	/* from 1 */
	unsigned int lo;	/* largest size answered, or the minimum */
	unsigned int hi;	/* smallest known too big, or max + 1 */
	const unsigned int *sizes;	/* going out now */
	size_t n;
	bool rationed;		/* slowed down: the host rations answers */
};

/* A size sent at the edge of an answer, and what became of it. */
struct run_edge {
	unsigned int size;
	bool arrived;		/* an echo reply, a SYN-ACK or a RST */
	bool too_big;		/* a PTB quoted it */
};

struct run_config {
	struct addr dst;
	struct addr src;	/* the source the probes leave with */
	enum probe_method method;
	struct echo_id echo;	/* id, cookie, and the first sequence number */
	/* TCP: probe i goes from port sport + i to dport, every SYN with
	 * sequence number isn, advertising mss */
	uint16_t dport;
	uint16_t sport;
	uint32_t isn;
	uint16_t mss;
	unsigned int min;
	unsigned int max;
	unsigned int per_round;
	uint64_t wait_floor;	/* bounds of the per-round wait, in us */
	uint64_t wait_ceiling;
	uint64_t ptb_pause;	/* before settling a black hole on a path
				 * that sent PTBs, in us */
	/* An echo search's check by SYNs to this port (0: none), beside the
	 * round that settles a black hole: one of the size
	 * found and one a byte larger (run_result.edge[1] and [2]). The
	 * caller lets the port's answers in (net_ops.tcp_flow). */
	uint16_t edge_port;
	/* UDP: datagram i goes to port udp_port + i (0: UDP_BASE_PORT),
	 * a base an off-path sender must guess */
	uint16_t udp_port;
	/* An echo search's other methods, started with it: plain SYNs to
	 * these ports (0: none) beside each round, until the host answers
	 * something. The first port to answer, while echo gets nothing,
	 * ends the search (run_result.side_port). The caller lets their
	 * answers in (net_ops.tcp_flow). */
	uint16_t side_ports[2];
	/* The size of a UDP datagram sent over a socket of its own to
	 * udp_port just before an echo search (udprun.h, udp_side_send;
	 * 0: none). The search's first round takes the "port unreachable"
	 * it draws, where its socket sees it, as an answer of the host's
	 * (run_result.udp_heard). */
	unsigned int udp_side;
	unsigned int no_answer_rounds;	/* to give up with no answer at all;
					 * 0: the default, 3 */
	/* A round trip another search measured, in us (0: none): the
	 * first waits follow it rather than RTT_INITIAL_WAIT_US. */
	uint64_t rtt_hint;
	/* When the whole run began, on the ops' clock (0: at this search):
	 * slowing down for a host that rations its answers stops
	 * RUN_BUDGET_US after it. */
	uint64_t started;
	/* Told of each round before it goes out; NULL: nobody listens. */
	void (*progress)(void *arg, const struct run_progress *p);
	void *progress_arg;
};

struct run_result {
	enum search_state state;
	unsigned int path_mtu;	/* 0 when no probe was answered */
	enum search_evidence evidence;
	unsigned int too_big;	/* the smallest size known too big, or 0 */
	struct addr ptb_from;	/* sender of the PTB that set too_big */
	uint32_t ptb_mtu;	/* and the MTU it reported */
	struct addr unreach_from;	/* sender of an unreachable, if any */
	uint8_t unreach_type;
	uint8_t unreach_code;
	/* Every distinct MTU that PTBs quoting our probes reported, with
	 * the router that reported it first, smallest first. */
	struct run_limit {
		struct addr from;
		uint32_t mtu;
	} limits[RUN_MAX_LIMITS];
	unsigned int nlimits;
	unsigned int loss_sent;	/* probes of sizes known to cross... */
	unsigned int loss_lost;	/* ...and how many were lost */
	uint16_t side_port;	/* the first side port whose plain SYN was
				 * answered (SYN-ACK or RST); 0: none */
	bool udp_heard;		/* the datagram of run_config.udp_side
				 * drew the host's "port unreachable" */
	bool edge_sent;		/* the check by SYNs went out: */
	struct run_edge edge[3];	/* [1] the answer, [2] one byte more */
	unsigned int probes;
	unsigned int rounds;
	uint64_t elapsed;	/* us */
	uint64_t rtt;		/* smoothed round trip, us; 0 if none */
	unsigned int local_drops;	/* packets our sockets dropped during
					 * the rounds, whose silences were
					 * therefore not counted */
	unsigned int replies;	/* echo replies, SYN-ACKs and RSTs */
	bool policed;		/* answers stopped, and came again when
				 * probed more slowly */
	unsigned int replies_cut;	/* echo replies shorter than their
					 * request: proof of the way there */
	unsigned int synacks;
	unsigned int rsts;
	uint16_t server_mss;	/* from the first SYN-ACK; 0 if none */
	int server_ttl;		/* its TTL or hop limit; -1 if unknown */
	unsigned int ptbs;	/* PTBs quoting our probes */
	unsigned int ptb_not_ours;	/* PTBs quoting something else */
	unsigned int ptb_no_mtu;
	unsigned int ptb_below_min;
	unsigned int ptb_contradicting;
};

/* Runs the whole search. Returns 0 with res filled (res->state says how it
 * ended), or the negative errno of a send or receive that failed. */
int run_probe(const struct net_ops *ops, void *ctx,
	      const struct run_config *cfg, struct run_result *res);
/* Sends one round of the n sizes of e, copies of each, and waits for
 * their answers as a search's round does, from a round trip of rtt_us (0:
 * not known yet); *probes says how many went out. Returns 0 with e
 * filled, or the negative errno of a send or receive that failed. */
int run_edge(const struct net_ops *ops, void *ctx,
	     const struct run_config *cfg, uint64_t rtt_us,
	     struct run_edge *e, size_t n, unsigned int copies,
	     unsigned int *probes);
/* Tells cfg->progress, where somebody listens. */
void run_tell(const struct run_config *cfg, const struct run_progress *p);
/* PTBs that changed nothing: not ours, below the minimum, contradicting.
 * Those with no usable MTU still said their probe was too big. */
unsigned int run_ptbs_ignored(const struct run_result *res);
/* Whether a search that began at start may still wait until now + wait
 * within the run's bound (run_config.started). */
bool run_within_budget(const struct run_config *cfg, uint64_t start,
		       uint64_t now, uint64_t wait);

#endif
