/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_RAWSOCK_H
#define MTUPROBE_RAWSOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "addr.h"
#include "run.h"

enum { RAWSOCK_ICMP, RAWSOCK_TCP, RAWSOCK_N };

struct rawsock {
	int fd[RAWSOCK_N];	/* -1 where not open */
	struct sockaddr_storage dst;
	socklen_t dstlen;
};

/* The TCP segments the TCP socket lets through: from port dport of the
 * destination to ports [sport, sport + nports) of ours. */
struct rawsock_tcp {
	uint16_t dport;
	uint16_t sport;
	uint16_t nports;
};

/*
 * Opens the raw sockets for probing dst from src: ICMP or ICMPv6 always,
 * for the replies and errors; TCP too when tcp is set, taking nothing until
 * net_ops.tcp_flow names a flow. Probes leave with DF set and the kernel's
 * cached path MTU ignored (PMTUDISC_PROBE). Returns 0, or a negative errno
 * (-EPERM without CAP_NET_RAW), with nothing left open.
 */
int rawsock_open(struct rawsock *rs, const struct addr *dst,
		 const struct addr *src, bool tcp);
void rawsock_close(struct rawsock *rs);

/* net_ops over a struct rawsock and CLOCK_MONOTONIC. */
extern const struct net_ops rawsock_ops;

#endif
