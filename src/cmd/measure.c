// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "exit.h"
#include "measure.h"
#include "udprun.h"

enum {
	PER_ROUND = 8,
	PTB_PAUSE_US = 1000000,	/* the usual rate limit of a router's PTBs */
};

static int fail(struct measurement *m, int code)
{
	m->code = code;
	m->found = false;
	return code;
}

/* The interface -I named, or NULL. */
static const char *egress_if(const struct measurement *m)
{
	return m->o.egress_if[0] ? m->o.egress_if : NULL;
}

/* A link-local m->dst is on the link of its route: the one its zone
 * named, or -I's. Returns 0, or EXIT_USAGE where the two disagree. */
static int on_link(struct measurement *m)
{
	if (!addr_link_local(&m->dst))
		return 0;
	if (!m->dst.scope)
		m->dst.scope = (uint32_t)m->ri.oif;
	if (m->dst.scope == (uint32_t)m->ri.oif)
		return 0;
	snprintf(m->err, sizeof(m->err), "%s is on another link than %s%s",
		 m->host, m->o.egress_if[0] ? "-I " : "", m->ri.ifname);
	m->refused = true;
	return EXIT_USAGE;
}

/* The route to m->dst for packets of mark m->mark. */
static int lookup(const struct measure_sys *sys, struct measurement *m)
{
	char a[ADDR_STRLEN];
	int ret;

	ret = sys->route(sys->ctx, &m->dst, m->mark,
			 egress_if(m),
			 m->o.egress_src.family ? &m->o.egress_src : NULL,
			 &m->ri);
	addr_ntop(&m->dst, a);
	if (ret == -ENODEV && m->o.egress_if[0]) {
		snprintf(m->err, sizeof(m->err), "-I %s: no such interface",
			 m->o.egress_if);
		m->refused = true;
		return EXIT_USAGE;
	}
	if (ret == -ENETUNREACH || ret == -EHOSTUNREACH || ret == -EACCES) {
		snprintf(m->err, sizeof(m->err), "%s (%s): no route: %s",
			 m->host, a, strerror(-ret));
		return EXIT_NO_ANSWER;
	}
	/* The kernel's answer for a blackhole route, and ours for a
	 * broadcast or multicast destination. */
	if (ret == -EINVAL) {
		snprintf(m->err, sizeof(m->err), "%s (%s): no unicast route (a blackhole route, or a broadcast or multicast address)",
			 m->host, a);
		return EXIT_NO_ANSWER;
	}
	if (ret) {
		snprintf(m->err, sizeof(m->err), "%s (%s): route lookup: %s",
			 m->host, a, strerror(-ret));
		return EXIT_SYSTEM;
	}
	/* the kernel answers a lookup from a source with RTA_SRC, not a
	 * preferred source: the one chosen is the one the probes carry */
	if (m->o.egress_src.family) {
		m->ri.src = m->o.egress_src;
		addr_on_link(&m->ri.src, (uint32_t)m->ri.oif);
	}
	return on_link(m);
}

/*
 * A route into a WireGuard tunnel to that tunnel's own endpoint would
 * measure the tunnel, not the path under it: the probes take the mark
 * the tunnel's own packets carry, and the route such packets take (as
 * wg-quick's full tunnels send them around the tunnel). Returns 0, or an
 * exit code with m->err saying why the mark cannot be had.
 */
static int underlay(const struct measure_sys *sys, struct measurement *m)
{
	char a[ADDR_STRLEN], ifname[IF_NAMESIZE];
	/* the kernel's WireGuard, or a TUN device a userspace one runs */
	bool wg = !strcmp(m->ri.kind, "wireguard");
	struct wg_dev dev;
	int ret;

	ret = sys->tunnel && (wg || !strcmp(m->ri.kind, "tun")) ?
	      sys->tunnel(sys->ctx, m->ri.ifname, &dev) : -ENOENT;
	m->into_wg = !ret || wg;
	if (ret == -ENOENT)
		return 0;
	addr_ntop(&m->dst, a);
	if (ret) {
		snprintf(m->err, sizeof(m->err), "%s (%s): the route goes into WireGuard interface %s, whose fwmark and endpoints cannot be read (%s): if this is its endpoint, give the mark its packets carry with --fwmark N",
			 m->host, a, m->ri.ifname, strerror(-ret));
		return EXIT_SYSTEM;
	}
	if (!wg_dev_has_endpoint(&dev, &m->dst))
		return 0;
	if (!dev.fwmark) {
		snprintf(m->err, sizeof(m->err), "%s (%s) is the endpoint of WireGuard interface %s, and the route to it goes into that tunnel, which sets no fwmark: give the mark of the packets that reach it with --fwmark N",
			 m->host, a, m->ri.ifname);
		m->refused = true;
		return EXIT_USAGE;
	}
	memcpy(ifname, m->ri.ifname, sizeof(ifname));
	m->mark = dev.fwmark;
	ret = lookup(sys, m);
	if (ret)
		return ret;
	memcpy(m->outside, ifname, sizeof(m->outside));
	m->into_wg = false;
	return 0;
}

/* The route to m->dst (around a tunnel to its own endpoint), and the
 * bounds of m->o within its interface. */
static int route(const struct measure_sys *sys, struct measurement *m)
{
	int ret;

	m->mark = m->o.fwmark_set ? m->o.fwmark : 0;
	ret = lookup(sys, m);
	/* the way out chosen by hand is the way out */
	if (!ret && !m->o.fwmark_set && !m->o.egress_if[0] &&
	    !m->o.egress_src.family)
		ret = underlay(sys, m);
	if (ret)
		return ret;
	if (opts_bounds(&m->o, m->dst.family, m->ri.mtu, m->ri.ifname, m->err,
			sizeof(m->err)))
		return EXIT_USAGE;
	return 0;
}

static int open_chan(const struct measure_sys *sys, struct measurement *m)
{
	/* an ICMP datagram socket cannot send TCP, nor UDP trace */
	struct chan_want w = {
		.ifname = m->ri.ifname,
		.mark = m->mark,
		.bind_if = egress_if(m),
		.raw = true,
		.ping = !m->o.tcp && !m->o.rst_check,
		.udp = !m->o.tcp && !m->o.rst_check && !m->o.trace,
	};
	int ret;

	ret = sys->open(sys->ctx, &m->dst, &m->ri.src, &w, &m->ch, m->err,
			sizeof(m->err));
	if (ret)
		return ret == -EPERM || ret == -EACCES ? EXIT_PRIVILEGE :
							  EXIT_SYSTEM;
	m->open = true;
	return 0;
}

static void report_init(struct measurement *m)
{
	m->rep = (struct report){
		.host = m->host,
		.addr = m->dst,
		.src = m->ri.src,
		.ifname = m->ri.ifname,
		.ifmtu = m->ri.mtu,
		.fwmark = m->mark,
		.outside = m->outside[0] ? m->outside : NULL,
		.into_wg = m->into_wg,
		.ifkind = m->ri.kind,
		.min = m->o.min,
		.max = m->o.max,
		.port = (uint16_t)m->o.port,
		.unprivileged = m->ch.kind != CHAN_RAW,
	};
}

/* A host that reads as an IPv4 address only loosely ("1.2.3", "017.1",
 * "0x7f.1") would reach an address its writer likely did not mean:
 * refused, with the one getaddrinfo would have taken. */
static bool refuse_loose_number(struct measurement *m)
{
	char a[ADDR_STRLEN];
	struct addr meant;

	if (!addr_loosely_numeric(m->host, &meant))
		return false;
	snprintf(m->err, sizeof(m->err), "'%s' is not an IPv4 address as written (getaddrinfo would take it for %s): write the address in full, or the name",
		 m->host, addr_ntop(&meant, a));
	m->refused = true;
	return true;
}

/* A zone names the link of a link-local address, which the kernel reads
 * of no other: on another address it is refused, not ignored. */
static bool refuse_stray_zone(struct measurement *m)
{
	char a[ADDR_STRLEN];
	const char *zone;
	struct addr lit;

	if (addr_pton_zone(m->host, &lit, &zone) || addr_link_local(&lit))
		return false;
	snprintf(m->err, sizeof(m->err), "'%s': a zone (%%IFACE) names the link of a link-local address, and %s is not one (to choose the way out, use -I IFACE)",
		 m->host, addr_ntop(&lit, a));
	m->refused = true;
	return true;
}

/* A link-local address is an address on every link at once: without its
 * zone or -I to say which, the kernel would take the first it has. */
static bool refuse_linkless(struct measurement *m)
{
	char a[ADDR_STRLEN];

	if (!addr_link_local(&m->dst) || m->dst.scope || m->o.egress_if[0])
		return false;
	snprintf(m->err, sizeof(m->err), "%s is a link-local address, on every link at once: name the link, as %s%%IFACE or with -I IFACE",
		 m->host, addr_ntop(&m->dst, a));
	m->refused = true;
	return true;
}

int measure_prepare(const struct measure_sys *sys, const struct opts *o,
		    const char *host, int family, struct measurement *m)
{
	int code;

	m->host = host;
	m->o = *o;
	m->err[0] = '\0';
	m->stage = MEASURE_RESOLVE;
	/* a source address says the family */
	if (o->egress_src.family && family &&
	    family != o->egress_src.family) {
		snprintf(m->err, sizeof(m->err), "-I: the source address is %s, and %s is to be probed over %s",
			 o->egress_src.family == AF_INET ? "IPv4" : "IPv6",
			 host, family == AF_INET ? "IPv4" : "IPv6");
		return fail(m, EXIT_USAGE);
	}
	if (o->egress_src.family)
		family = o->egress_src.family;
	if (refuse_loose_number(m) || refuse_stray_zone(m))
		return fail(m, EXIT_USAGE);
	if (sys->resolve(sys->ctx, host, family, &m->dst, m->err,
			 sizeof(m->err)) || refuse_linkless(m))
		return fail(m, EXIT_USAGE);
	m->stage = MEASURE_ROUTE;
	code = route(sys, m);
	if (code)
		return fail(m, code);
	m->stage = MEASURE_OPEN;
	code = open_chan(sys, m);
	if (code)
		return fail(m, code);
	m->stage = MEASURE_READY;
	report_init(m);
	return 0;
}

/* The numbers an off-path sender must guess: echo id, sequence and
 * cookie; TCP source ports and sequence number. */
static int random_numbers(const struct measure_sys *sys, struct run_config *c)
{
	uint16_t port;
	int ret;

	ret = sys->random(sys->ctx, &c->echo, sizeof(c->echo));
	if (!ret)
		ret = sys->random(sys->ctx, &c->isn, sizeof(c->isn));
	if (!ret)
		ret = sys->random(sys->ctx, &port, sizeof(port));
	/* Ports from 20000 to 39999, leaving room above for the ports of
	 * every search of the run. */
	c->sport = (uint16_t)(20000 + port % 20000);
	/* UDP's first port, from 33434 (tracepath's) to 61433, with room
	 * above for every datagram of a run */
	if (!ret)
		ret = sys->random(sys->ctx, &port, sizeof(port));
	c->udp_port = (uint16_t)(UDP_BASE_PORT + port % 28000);
	return ret;
}

int measure_config(const struct measure_sys *sys, const struct measurement *m,
		   struct run_config *c)
{
	const struct opts *o = &m->o;

	*c = (struct run_config){
		.dst = m->dst,
		.src = m->ri.src,
		.min = o->min,
		.max = o->max,
		.per_round = PER_ROUND,
		.wait_floor = (uint64_t)o->min_wait * 1000,
		.wait_ceiling = (uint64_t)o->max_wait * 1000,
		.ptb_pause = PTB_PAUSE_US,
		/* what the interface could take: the SYN-ACK's MSS answers */
		.mss = (uint16_t)(m->ri.mtu -
				  (m->dst.family == AF_INET6 ? 60 : 40)),
	};
	return random_numbers(sys, c);
}

/* A UDP socket of its own, beside the probe socket. */
static int open_udp(const struct measure_sys *sys, struct measurement *m,
		    struct chan *ch)
{
	struct chan_want w = {
		.udp = true, .ifname = m->ri.ifname, .mark = m->mark,
		.bind_if = egress_if(m),
	};
	char err[256];

	return sys->open(sys->ctx, &m->dst, &m->ri.src, &w, ch, err,
			 sizeof(err));
}

/*
 * job_run(), with one UDP datagram sent beside its first round where
 * UDP may be tried: whether the host answered it is known when echo and
 * SYNs got nothing (job.udp_answers). Over a raw socket, the answer ends
 * echo's first round, as a SYN's does (run_config.udp_side).
 */
static int job_with_udp(const struct measure_sys *sys, struct measurement *m)
{
	struct job *j = &m->job;
	struct chan ch;
	bool side = !j->tcp && !j->icmp && !open_udp(sys, m, &ch);
	int ret;

	if (side) {
		ret = udp_side_send(ch.ops, ch.ctx, &j->cfg);
		if (ret < 0) {
			sys->close(sys->ctx, &ch);
			side = false;
		} else {
			j->cfg.udp_side = (unsigned int)ret;
			j->udp_tried = true;
		}
	}
	ret = job_run(m->ch.ops, m->ch.ctx, j);
	if (side) {
		/* a raw socket saw the answer already; a datagram socket's
		 * run learns of it here */
		j->udp_answers = j->udp_answers ||
				 udp_side_heard(ch.ops, ch.ctx, &j->cfg);
		j->res.probes++;
		sys->close(sys->ctx, &ch);
	}
	return ret;
}

/* The searches of job_run(), or over a UDP socket udp_run(). */
static int run(const struct measure_sys *sys, struct measurement *m)
{
	struct job *j = &m->job;
	int ret;

	j->tcp = m->o.tcp;
	j->icmp = m->o.icmp;
	j->trace = m->o.trace;
	j->port = (uint16_t)m->o.port;
	j->ifmtu = m->ri.mtu;
	ret = measure_config(sys, m, &j->cfg);
	if (ret)
		return ret;
	/* a datagram socket has the echo id it was bound to, and no TCP */
	if (m->ch.kind != CHAN_RAW) {
		j->cfg.echo.id = m->ch.ping_id;
		j->no_tcp = true;
	}
	j->cfg.progress = m->progress;
	j->cfg.progress_arg = m->progress_arg;
	if (m->ch.kind != CHAN_UDP)
		return job_with_udp(sys, m);
	j->method = METHOD_UDP;
	j->res_port = udp_base(&j->cfg);
	return udp_run(m->ch.ops, m->ch.ctx, &j->cfg, 0, &j->res);
}

/*
 * What echo and TCP could not size, UDP datagrams to a port nothing
 * listens on may: the host's "port unreachable" proves a size arrived, as
 * tracepath finds. Over a socket of their own; without one, the answer
 * stands as it is. Returns 0 or a negative errno.
 */
static int udp_witness(const struct measure_sys *sys, struct measurement *m)
{
	struct job *j = &m->job;
	struct chan ch;
	int ret;

	if (open_udp(sys, m, &ch))
		return 0;
	ret = udp_run(ch.ops, ch.ctx, &j->cfg, j->res.rtt ? j->res.rtt : j->rtt,
		      &j->udp);
	sys->close(sys->ctx, &ch);
	j->have_udp = !ret;
	return ret;
}

int measure_run(const struct measure_sys *sys, struct measurement *m)
{
	const struct job *j = &m->job;
	int ret;

	m->stage = MEASURE_RUN;
	ret = run(sys, m);
	/* a UDP socket needs no privilege: an ICMP datagram socket's run
	 * may take it too */
	if (!ret && m->ch.kind != CHAN_UDP && job_wants_udp(&m->job))
		ret = udp_witness(sys, m);
	if (!ret && m->ch.kind != CHAN_UDP && job_wants_ttl(&m->job))
		ret = job_check_ttl(m->ch.ops, m->ch.ctx, &m->job);
	measure_abort(sys, m);
	if (!ret)
		job_judge(&m->job);
	if (ret) {
		snprintf(m->err, sizeof(m->err), "probing failed: %s",
			 strerror(-ret));
		return fail(m, EXIT_SYSTEM);
	}
	m->stage = MEASURE_DONE;
	report_from_job(&m->rep, j);
	m->found = j->res.state == SEARCH_DONE && !j->syn_data_refused &&
		   !j->unconfirmed;
	if (!m->found) {
		report_failure(m->err, sizeof(m->err), &m->rep);
		return fail(m, EXIT_NO_ANSWER);
	}
	m->code = EXIT_FOUND;
	return 0;
}

int measure_host(const struct measure_sys *sys, const struct opts *o,
		 const char *host, int family, struct measurement *m)
{
	int code = measure_prepare(sys, o, host, family, m);

	return code ? code : measure_run(sys, m);
}

void measure_abort(const struct measure_sys *sys, struct measurement *m)
{
	if (m->open)
		sys->close(sys->ctx, &m->ch);
	m->open = false;
}

const char *measure_status(const struct measurement *m)
{
	if (m->stage == MEASURE_RESOLVE)
		return m->refused ? "refused" : "unknown_host";
	if (m->stage == MEASURE_ROUTE)
		return m->code == EXIT_NO_ANSWER ? "no_route" :
		       m->refused ? "refused" :
		       m->code == EXIT_USAGE ? "bad_bounds" : "error";
	return "error";
}

const char *measure_why(const struct measurement *m, char *buf, size_t len)
{
	char a[ADDR_ZONE_STRLEN];

	if (m->stage != MEASURE_RUN)
		return m->err;
	snprintf(buf, len, "%s (%s): %s", m->host,
		 addr_ntop_zone(&m->dst, m->ri.ifname, a), m->err);
	return buf;
}
