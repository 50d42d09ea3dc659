/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_UDPRUN_H
#define MTUPROBE_UDPRUN_H

#include "run.h"

/*
 * The path MTU by UDP datagrams and the errors they draw, as tracepath(8)
 * finds it: for a user with neither raw sockets nor an ICMP datagram
 * socket, and as a witness where echo and TCP could not size the path.
 * One datagram at a time, each to a port of its own from UDP_BASE_PORT
 * on, which the errors about it quote:
 *  - the largest size goes first; a "too big" error names the next size
 *    (its MTU, or, without a usable one, the next common MTU below);
 *  - the destination's "port unreachable" says a size arrived; between
 *    the largest arrived and the smallest too big, halving finds the
 *    exact size;
 *  - a size silent UDP_TRIES times is checked with a smaller one: the
 *    largest arrived, or before anything did 1280, then the minimum. If
 *    that arrives, the silent size is a black hole. If nothing arrived,
 *    even after a pause of a second (a run a moment before may have
 *    spent the host's errors), UDP is not answered (SEARCH_NO_ANSWER).
 *    If it arrived before and not now, the host rations its errors
 *    (res->policed): a pause of a second, as Linux allows, and the size
 *    again, one datagram a second from then on, within the run's bound
 *    (run.h, RUN_BUDGET_US), after which SEARCH_INCOMPLETE keeps what
 *    arrived.
 * The waits follow the round trip, from rtt_us (0: not known) on, within
 * cfg->wait_floor and wait_ceiling. Returns 0 with res filled, or the
 * negative errno of a send or receive that failed.
 */
enum { UDP_BASE_PORT = 33434, UDP_TRIES = 2 };

int udp_run(const struct net_ops *ops, void *ctx, const struct run_config *cfg,
	    uint64_t rtt_us, struct run_result *res);
/* The port of the first datagram: cfg->udp_port, or UDP_BASE_PORT. */
uint16_t udp_base(const struct run_config *cfg);

/*
 * Beside the other methods' first round: one datagram of the minimum
 * size to UDP_BASE_PORT (udp_side_send), and later, without waiting,
 * whether the host's "port unreachable" about it came (udp_side_heard):
 * a host that answers neither echo nor SYNs may still answer UDP. Over a
 * socket of its own; a raw ICMP socket sees the error too, and an echo
 * search told of the datagram (run_config.udp_side) ends its first round
 * on it. udp_side_send returns the size sent, or a negative errno.
 */
int udp_side_send(const struct net_ops *ops, void *ctx,
		  const struct run_config *cfg);
bool udp_side_heard(const struct net_ops *ops, void *ctx,
		    const struct run_config *cfg);
/* Whether pi is the host's "port unreachable" about that datagram: to its
 * port, from the destination, quoting our cookie. */
bool udp_side_answer(const struct run_config *cfg, const struct pkt_info *pi);

#endif
