/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_UDPRUN_H
#define MTUPROBE_UDPRUN_H

#include "run.h"

/*
 * The path MTU by UDP datagrams and the errors they draw, as tracepath(8)
 * finds it: for a user with neither raw sockets nor an ICMP datagram
 * socket. One datagram at a time, each to a port of its own from
 * UDP_BASE_PORT on, which the errors about it quote:
 *  - the largest size goes first; a "too big" error names the next size
 *    (its MTU, or, without a usable one, the next common MTU below);
 *  - the destination's "port unreachable" says a size arrived; between
 *    the largest arrived and the smallest too big, halving finds the
 *    exact size;
 *  - silence proves nothing: a black hole, a filter, or a host that
 *    rate-limits its errors look alike. A size is tried UDP_TRIES times;
 *    still silent, the run ends: SEARCH_NO_ANSWER before anything
 *    arrived, else SEARCH_INCOMPLETE with path_mtu the largest arrived.
 * The waits are cfg->wait_ceiling each. Returns 0 with res filled, or the
 * negative errno of a send or receive that failed.
 */
enum { UDP_BASE_PORT = 33434, UDP_TRIES = 3 };

int udp_run(const struct net_ops *ops, void *ctx, const struct run_config *cfg,
	    struct run_result *res);

#endif
