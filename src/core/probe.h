/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_PROBE_H
#define MTUPROBE_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "pkt.h"
#include "rtt.h"
#include "run.h"

/*
 * Probe bookkeeping: every probe a run sends, and the matching of what
 * comes back to the probe it answers. The sequence number of probe i is
 * the run's first sequence number plus i.
 */

enum {
	PROBER_MAX = 2048,
	PROBER_SPAN = PROBER_MAX,	/* TCP source ports one search uses */
};

struct probe {
	unsigned int size;
	enum probe_method method;	/* ICMP echo, a TCP SYN, or a UDP
					 * datagram another socket sent */
	uint16_t dport;			/* TCP: to which port */
	uint8_t ttl;		/* 0: the socket's default */
	uint64_t sent;
	bool heard;		/* the caller's: an answer was taken */
	bool unwaited;		/* the caller's: its round is not held up
				 * for it (a "too big" named an MTU below
				 * it, or it is another method's) */
};

struct prober {
	const struct net_ops *ops;
	void *ctx;
	const struct run_config *cfg;
	struct probe probes[PROBER_MAX];
	unsigned int n;
	unsigned int ptb_not_ours;	/* PTBs that quote something else */
	uint32_t drops;		/* the sockets' drop count, as last seen */
	uint8_t buf[IP_MAX_PACKET + IP6_HDR_LEN];
	uint8_t msg[IP_MAX_PACKET + IP6_HDR_LEN];
};

struct probe_event {
	struct probe *probe;
	struct pkt_info pi;	/* pi.from is set for both families */
	uint64_t at;
};

void prober_init(struct prober *pr, const struct net_ops *ops, void *ctx,
		 const struct run_config *cfg);
/* Sends a probe of size bytes with ttl. Returns 0; -EMSGSIZE when the local
 * stack refused that size (the probe is recorded, as heard); -ENOBUFS when
 * the run has sent PROBER_MAX probes; or the errno of the send. */
int prober_send(struct prober *pr, unsigned int size, uint8_t ttl);
/* The same for a SYN of size bytes to port dport, beside a search by
 * echo: its answers are told apart by the probe's method. */
int prober_send_syn(struct prober *pr, unsigned int size, uint16_t dport);
/* Records the datagram of cfg->udp_side, which another socket sent a
 * moment ago, as a probe: the destination's "port unreachable" about it,
 * which this prober's raw ICMP socket sees too, is matched to it. It is
 * unwaited. Returns 0, or -ENOBUFS as prober_send. */
int prober_note_udp(struct prober *pr, unsigned int size);
/* Waits until deadline for an echo reply or an ICMP error about one of our
 * probes. Returns 1 with ev filled, 0 once the deadline passed, or a
 * negative errno. */
int prober_wait(struct prober *pr, uint64_t deadline, struct probe_event *ev);
/*
 * Takes events, handing each to take(arg, ev), until *outstanding (which
 * take lowers) is 0 or the wait for the round sent at start is over: the
 * initial wait, rtt_wait(rtt) once answers tell the round trip, and never
 * later than half a round trip (or the floor) after the first answer from
 * the destination to a probe of the round, which begins at probe index
 * first: answers to probes sent together come together. Answers later
 * than that are taken in a later wait. Returns 0 or a negative errno.
 */
/* Takes events until deadline, whatever is outstanding: a pause in which
 * late answers still count. Returns 0 or a negative errno. */
int prober_linger(struct prober *pr, uint64_t deadline,
		  void (*take)(void *arg, const struct probe_event *ev),
		  void *arg);
int prober_collect(struct prober *pr, const struct rtt *rtt, uint64_t start,
		   unsigned int first, const unsigned int *outstanding,
		   void (*take)(void *arg, const struct probe_event *ev),
		   void *arg);

#endif
