// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/capability.h>

#include "priv.h"
#include "rtnl.h"
#include "status.h"
#include "target.h"
#include "udprun.h"

enum {
	PER_ROUND = 8,
	PTB_PAUSE_US = 1000000,	/* the usual rate limit of a router's PTBs */
};

int die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("mtuprobe: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

int target_resolve(const char *host, int family, struct addr *dst,
		   char *err, size_t errlen)
{
	struct addrinfo hints = {
		.ai_family = family ? family : AF_UNSPEC,
		.ai_socktype = SOCK_DGRAM,
	};
	struct addrinfo *res;
	int ret;

	ret = getaddrinfo(host, NULL, &hints, &res);
	if (ret) {
		if (ret == EAI_NONAME || ret == EAI_NODATA || ret == EAI_ADDRFAMILY)
			snprintf(err, errlen, "unknown host '%s': %s%s", host,
				 gai_strerror(ret),
				 family == AF_INET ? " (as IPv4)" :
				 family == AF_INET6 ? " (as IPv6)" : "");
		else
			snprintf(err, errlen, "cannot resolve '%s': %s", host,
				 ret == EAI_SYSTEM ? strerror(errno) :
				 gai_strerror(ret));
		return EXIT_USAGE;
	}
	ret = addr_from_sockaddr(res->ai_addr, dst);
	freeaddrinfo(res);
	if (ret) {
		snprintf(err, errlen, "'%s': not an IPv4 or IPv6 host", host);
		return EXIT_USAGE;
	}
	return 0;
}

int target_route(struct target *t, char *err, size_t errlen)
{
	char a[ADDR_STRLEN];
	int ret;

	ret = route_lookup(&t->dst, &t->ri);
	if (ret) {
		addr_ntop(&t->dst, a);
		if (ret == -ENETUNREACH || ret == -EHOSTUNREACH || ret == -EACCES) {
			snprintf(err, errlen, "%s (%s): no route: %s", t->host, a,
				 strerror(-ret));
			return EXIT_NO_ANSWER;
		}
		/* The kernel's answer for a blackhole route, and ours for a
		 * broadcast or multicast destination. */
		if (ret == -EINVAL) {
			snprintf(err, errlen, "%s (%s): no unicast route (a blackhole route, or a broadcast or multicast address)",
				 t->host, a);
			return EXIT_NO_ANSWER;
		}
		snprintf(err, errlen, "%s (%s): route lookup: %s", t->host, a,
			 strerror(-ret));
		return EXIT_SYSTEM;
	}
	if (opts_bounds(&t->o, t->dst.family, t->ri.mtu, t->ri.ifname, err,
			errlen))
		return EXIT_USAGE;
	return 0;
}

/* The numbers an off-path sender must guess: echo id, sequence and
 * cookie; TCP source ports and sequence number. */
static int random_numbers(struct run_config *c)
{
	uint16_t port;

	if (getrandom(&c->echo, sizeof(c->echo), 0) != sizeof(c->echo) ||
	    getrandom(&c->isn, sizeof(c->isn), 0) != sizeof(c->isn) ||
	    getrandom(&port, sizeof(port), 0) != sizeof(port))
		return -errno;
	/* Ports from 20000 to 39999, leaving room above for the ports of
	 * every search of the run. */
	c->sport = (uint16_t)(20000 + port % 20000);
	return 0;
}

int target_config(const struct target *t, struct run_config *c)
{
	const struct opts *o = &t->o;

	*c = (struct run_config){
		.dst = t->dst,
		.src = t->ri.src,
		.min = o->min,
		.max = o->max,
		.per_round = PER_ROUND,
		.wait_floor = (uint64_t)o->min_wait * 1000,
		.wait_ceiling = (uint64_t)o->max_wait * 1000,
		.ptb_pause = PTB_PAUSE_US,
		/* what the interface could take: the SYN-ACK's MSS answers */
		.mss = (uint16_t)(t->ri.mtu -
				  (t->dst.family == AF_INET6 ? 60 : 40)),
	};
	return random_numbers(c);
}

int target_job(const struct target *t, const struct rawsock *rs,
	       struct job *j)
{
	int ret;

	j->tcp = t->o.tcp;
	j->icmp = t->o.icmp;
	j->trace = t->o.trace;
	j->port = (uint16_t)t->o.port;
	j->ifmtu = t->ri.mtu;
	ret = target_config(t, &j->cfg);
	/* a datagram socket has the echo id it was bound to, and no TCP */
	if (!ret && rs->ops != &rawsock_ops) {
		j->cfg.echo.id = rs->ping_id;
		j->no_tcp = true;
	}
	return ret;
}

void target_report(const struct target *t, struct report *r)
{
	*r = (struct report){
		.host = t->host,
		.addr = t->dst,
		.src = t->ri.src,
		.ifname = t->ri.ifname,
		.ifmtu = t->ri.mtu,
		.min = t->o.min,
		.max = t->o.max,
		.port = (uint16_t)t->o.port,
	};
}

uint64_t target_needs(const struct opts *o)
{
	bool admin = o->clamp == CLAMP_APPLY || o->clamp == CLAMP_REMOVE;
	bool probes = !o->path_mtu && !o->tunnel_list && !o->mss &&
		      o->clamp != CLAMP_REMOVE;

	return (probes ? PRIV_CAP(CAP_NET_RAW) : 0) |
	       (admin ? PRIV_CAP(CAP_NET_ADMIN) : 0) | target_keeps(o);
}

uint64_t target_keeps(const struct opts *o)
{
	/* --write keeps the file's owner and mode, whoever owns it */
	uint64_t file = PRIV_CAP(CAP_CHOWN) | PRIV_CAP(CAP_DAC_OVERRIDE) |
			PRIV_CAP(CAP_FOWNER);

	/* -f opens the sockets of each host as it comes to it */
	return (o->clamp == CLAMP_APPLY ? PRIV_CAP(CAP_NET_ADMIN) : 0) |
	       (o->hosts_file ? PRIV_CAP(CAP_NET_RAW) : 0) |
	       (o->write ? file : 0);
}

int target_drop(const struct opts *o)
{
	char err[256];

	if (priv_drop(target_keeps(o), err, sizeof(err)))
		return die(EXIT_SYSTEM, "%s", err);
	return 0;
}

bool target_may_use_ping(const struct opts *o)
{
	return !o->tcp && !o->rst_check;
}

int target_run(struct rawsock *rs, struct job *j)
{
	if (rs->ops != &udpsock_ops)
		return job_run(rs->ops, rs, j);
	j->method = METHOD_UDP;
	j->res_port = UDP_BASE_PORT;
	return udp_run(rs->ops, rs, &j->cfg, &j->res);
}

int target_open(const struct target *t, struct rawsock *rs, char *err,
		size_t errlen)
{
	int ret = rawsock_open(rs, &t->dst, &t->ri.src, true);
	uint16_t id;

	if ((ret == -EPERM || ret == -EACCES) && target_may_use_ping(&t->o)) {
		/* what a user may have: an ICMP datagram socket */
		if (getrandom(&id, sizeof(id), 0) != sizeof(id))
			id = (uint16_t)getpid();
		ret = rawsock_open_ping(rs, &t->dst, &t->ri.src, id);
		/* nor that: UDP as tracepath does, which a trace cannot use */
		if ((ret == -EACCES || ret == -EPERM) && !t->o.trace)
			ret = rawsock_open_udp(rs, &t->dst, &t->ri.src);
		if (!ret)
			return 0;
		snprintf(err, errlen, "no raw socket (no CAP_NET_RAW) and no ICMP datagram socket: %s (run as root, grant CAP_NET_RAW with setcap cap_net_raw+p, or let your group have ICMP sockets with sysctl net.ipv4.ping_group_range)",
			 strerror(-ret));
		return EXIT_PRIVILEGE;
	}
	if (ret == -EPERM || ret == -EACCES) {
		snprintf(err, errlen, "raw socket: %s (run as root, or grant CAP_NET_RAW with setcap cap_net_raw+p)",
			 strerror(-ret));
		return EXIT_PRIVILEGE;
	}
	if (ret) {
		snprintf(err, errlen, "raw socket: %s", strerror(-ret));
		return EXIT_SYSTEM;
	}
	return 0;
}

int target_open_alone(const struct target *t, struct rawsock *rs)
{
	char msg[512];
	int ret;

	ret = target_open(t, rs, msg, sizeof(msg));
	if (ret)
		return die(ret, "%s", msg);
	ret = target_drop(&t->o);
	if (ret)
		rawsock_close(rs);
	return ret;
}

int target_measure(const struct target *t, struct job *j, struct report *r)
{
	char a[ADDR_STRLEN];
	struct status st = { 0 };
	struct rawsock rs;
	int ret;

	target_report(t, r);
	ret = target_open_alone(t, &rs);
	if (ret)
		return ret;
	ret = target_job(t, &rs, j);
	if (!ret && status_wanted(&t->o)) {
		status_init(&st, t->host);
		j->cfg.progress = status_progress;
		j->cfg.progress_arg = &st;
	}
	if (!ret)
		ret = target_run(&rs, j);
	status_clear(&st);
	r->unprivileged = rs.ops != &rawsock_ops;
	rawsock_close(&rs);
	if (ret)
		return die(EXIT_SYSTEM, "%s (%s): probing failed: %s", t->host,
			   addr_ntop(&t->dst, a), strerror(-ret));
	report_from_job(r, j);
	return 0;
}
