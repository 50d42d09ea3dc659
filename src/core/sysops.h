/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_SYSOPS_H
#define MTUPROBE_SYSOPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "route.h"
#include "run.h"
#include "wguapi.h"

/*
 * The seam between a measurement (measure.h) and the system, as net_ops
 * (run.h) is the seam between a search and the network: src/sys/host.c
 * fills it with getaddrinfo, the kernel's route and sockets, the unit
 * tests with simulated paths.
 */

/* How probes leave: raw sockets (ICMP, and TCP), or, without
 * CAP_NET_RAW, an ICMP datagram socket, or UDP as tracepath does. */
enum chan_kind { CHAN_RAW, CHAN_PING, CHAN_UDP };

struct chan {
	enum chan_kind kind;
	const struct net_ops *ops;
	void *ctx;
	uint16_t ping_id;	/* CHAN_PING: the echo id the kernel puts in */
};

/* The kinds a run may open, the first that opens: raw sockets, or
 * where they are refused, the fallbacks. */
struct chan_want {
	bool raw;
	bool ping;
	bool udp;
	const char *ifname;	/* the route's, which the probes are paced
				 * to; NULL: not known */
	uint32_t mark;		/* SO_MARK on every socket; 0: none */
	const char *bind_if;	/* SO_BINDTODEVICE on every socket; NULL:
				 * none */
};

/*
 * The system a measurement runs on: the program's (sys_host, host.h), or
 * a simulated one in the unit tests. Each returns 0 or a negative errno,
 * with one sentence in err where it takes one.
 */
struct measure_sys {
	/* The first address getaddrinfo gives for host, of family (0:
	 * either), as wg(8) and ping take it. */
	int (*resolve)(void *ctx, const char *host, int family,
		       struct addr *dst, char *err, size_t errlen);
	/* route_lookup_query(), with its errors: the route of packets
	 * carrying firewall mark mark (0: none), leaving by interface
	 * ifname (NULL: any; -ENODEV where there is none such), from
	 * source src (NULL: any). */
	int (*route)(void *ctx, const struct addr *dst, uint32_t mark,
		     const char *ifname, const struct addr *src,
		     struct route_info *ri);
	/* What the WireGuard interface ifname says of itself (wg_dev_get):
	 * -ENOENT where it is not one we can ask. NULL: none to ask. */
	int (*tunnel)(void *ctx, const char *ifname, struct wg_dev *dev);
	/* Opens a channel to dst from src: -EPERM or -EACCES when the
	 * privileges for every kind w allows are missing. */
	int (*open)(void *ctx, const struct addr *dst, const struct addr *src,
		    const struct chan_want *w, struct chan *ch, char *err,
		    size_t errlen);
	void (*close)(void *ctx, struct chan *ch);
	/* Fills buf with numbers an off-path sender cannot guess. */
	int (*random)(void *ctx, void *buf, size_t len);
	void *ctx;
};

#endif
