/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_RAWSOCK_H
#define MTUPROBE_RAWSOCK_H

#include <sys/socket.h>

#include "addr.h"
#include "run.h"

struct rawsock {
	int fd;
	struct sockaddr_storage dst;
	socklen_t dstlen;
};

/* Opens the raw ICMP or ICMPv6 socket for probing dst from src: DF set and
 * the kernel's cached path MTU ignored (PMTUDISC_PROBE), and only the ICMP
 * types a prober reads let through. Returns 0, or a negative errno (-EPERM
 * without CAP_NET_RAW). */
int rawsock_open(struct rawsock *rs, const struct addr *dst,
		 const struct addr *src);
void rawsock_close(struct rawsock *rs);

/* net_ops over a struct rawsock and CLOCK_MONOTONIC. */
extern const struct net_ops rawsock_ops;

#endif
