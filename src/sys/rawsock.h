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
	const struct net_ops *ops;	/* rawsock_ops, or pingsock_ops */
	/* An ICMP datagram socket only: */
	struct addr src_addr, dst_addr;	/* what its errors are about */
	uint16_t ping_id;		/* the echo id the kernel puts in */
	uint32_t drops[RAWSOCK_N];	/* what each raw socket dropped */
	uint8_t *buf;			/* what it receives */
};

/* The TCP segments the TCP socket lets through: from port dport (or
 * dport2) of the destination to ports [sport, sport + nports) of ours. */
struct rawsock_tcp {
	uint16_t dport;
	uint16_t dport2;	/* 0: none */
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
/*
 * Without CAP_NET_RAW: an ICMP or ICMPv6 datagram ("ping") socket, which
 * net.ipv4.ping_group_range may allow a user, bound to src with id as its
 * echo id (or the next free one, in rs->ping_id). Probes leave as from a
 * raw socket (DF, PMTUDISC_PROBE); replies come from the socket, and the
 * ICMP errors about its own probes from its error queue. It cannot send
 * TCP. Returns 0, or a negative errno (-EACCES where the group is not
 * allowed), with nothing left open.
 */
int rawsock_open_ping(struct rawsock *rs, const struct addr *dst,
		      const struct addr *src, uint16_t id);
/*
 * With neither: a UDP socket with IP_RECVERR, as tracepath uses, for
 * udp_run() (udprun.h): datagrams leave with DF (PMTUDISC_PROBE) to the
 * port their UDP header names, and the ICMP errors about them come from
 * the error queue. Returns 0, or a negative errno.
 */
int rawsock_open_udp(struct rawsock *rs, const struct addr *dst,
		     const struct addr *src);
void rawsock_close(struct rawsock *rs);
/* Sets firewall mark mark on every socket open (SO_MARK, which needs
 * CAP_NET_ADMIN): the probes leave as packets so marked do. Returns 0 or
 * a negative errno. */
int rawsock_mark(struct rawsock *rs, uint32_t mark);
/* Keeps every socket open to interface ifname (SO_BINDTODEVICE): what
 * it sends leaves there, what it receives came there. Returns 0 or a
 * negative errno. */
int rawsock_bind_device(struct rawsock *rs, const char *ifname);

/* net_ops over a struct rawsock and CLOCK_MONOTONIC: raw sockets, an ICMP
 * datagram socket, a UDP socket. */
extern const struct net_ops rawsock_ops;
extern const struct net_ops pingsock_ops;
extern const struct net_ops udpsock_ops;

#endif
