/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_ADVICE_H
#define MTUPROBE_ADVICE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * What a path MTU means for the tunnels people run over it: the largest
 * inner packet each can carry (its MTU), and the TCP MSS inside. The
 * numbers and their sources are in reference.md.
 */

enum { ADVICE_MAX = 16, ADVICE_NAME_MAX = 40 };

enum tunnel_kind {
	TUNNEL_NONE,		/* TCP straight on the path */
	TUNNEL_FIXED,		/* a fixed overhead per outer family */
	TUNNEL_ESP,		/* the kernel's formula for IPsec ESP */
	TUNNEL_INNER,		/* a fixed inner MTU (Tailscale) */
};

struct tunnel {
	char name[ADVICE_NAME_MAX];	/* as --tunnel takes it */
	char label[64];			/* as the report shows it */
	enum tunnel_kind kind;
	unsigned int overhead4;		/* TUNNEL_FIXED: over an IPv4 endpoint */
	unsigned int overhead6;		/* ... over IPv6; 0: not over IPv6 */
	/* TUNNEL_ESP */
	unsigned int iv, block, icv;
	bool transport, natt;
	unsigned int inner;		/* TUNNEL_INNER */
};

struct advice {
	const char *name;
	const char *label;
	bool possible;		/* the tunnel runs over this family at all */
	unsigned int mtu;	/* largest inner packet; 0 if none fits */
	unsigned int mss4;	/* MSS of IPv4 TCP inside; 0 if none */
	unsigned int mss6;	/* of IPv6 TCP inside; 0 below 1280 */
	bool no_ipv6;		/* mtu below 1280: IPv6 cannot run inside */
	unsigned int needs;	/* TUNNEL_INNER: the path MTU it needs, when
				 * more than this path has; else 0 */
};

/* Reads one name ("wireguard", "ipsec", "gre-key", "esp-cbc-sha256-
 * tunnel-natt", ...) into t, under the tunnel's own name where it was
 * another ("wg" for "wireguard"). Returns 0, or -EINVAL for a name it does
 * not know. */
int tunnel_lookup(const char *name, struct tunnel *t);
/* Reads a comma-separated list into ts (at most cap). Returns how many, or
 * -EINVAL with the offending name in err, or -E2BIG. */
int tunnel_list_parse(const char *names, struct tunnel *ts, size_t cap,
		      char *err, size_t errlen);
/* The tunnels shown when none is asked for: none, WireGuard, IPsec. */
size_t tunnel_defaults(struct tunnel *ts, size_t cap);
/* The names --tunnel list shows, one a call, NULL after the last; with the
 * overheads over IPv4 and IPv6 filled in (0 where they vary or do not
 * apply) and a note. */
const char *tunnel_catalogue(size_t i, unsigned int *over4,
			     unsigned int *over6, const char **note);

/* The advice for tunnel t over a path of MTU pmtu to an endpoint of
 * family (AF_INET or AF_INET6). */
void advise(const struct tunnel *t, unsigned int pmtu, int family,
	    struct advice *a);
/* The MTU of a WireGuard interface whose endpoint, of family, is pmtu
 * away: pmtu - 60 over IPv4, pmtu - 80 over IPv6; 0 if nothing fits. */
unsigned int wireguard_mtu(unsigned int pmtu, int family);
/* The largest inner packet of IPsec ESP, as net/xfrm xfrm_state_mtu()
 * computes it. */
unsigned int esp_inner_mtu(const struct tunnel *t, unsigned int pmtu,
			   int family);

#endif
