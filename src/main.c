// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>

#include "netlink.h"
#include "opts.h"
#include "pkt.h"
#include "rawsock.h"
#include "report.h"
#include "route.h"
#include "rst.h"
#include "advice.h"
#include "job.h"
#include "run.h"
#include "trace.h"

enum {
	PER_ROUND = 8,
	PTB_PAUSE_US = 1000000,	/* the usual rate limit of a router's PTBs */
};

__attribute__((format(printf, 2, 3)))
static int die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("mtuprobe: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
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

static int resolve(const char *host, int family, struct addr *out)
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
			return die(EXIT_USAGE, "unknown host '%s': %s%s", host,
				   gai_strerror(ret),
				   family == AF_INET ? " (as IPv4)" :
				   family == AF_INET6 ? " (as IPv6)" : "");
		return die(EXIT_USAGE, "cannot resolve '%s': %s", host,
			   ret == EAI_SYSTEM ? strerror(errno) : gai_strerror(ret));
	}
	ret = addr_from_sockaddr(res->ai_addr, out);
	freeaddrinfo(res);
	if (ret)
		return die(EXIT_USAGE, "'%s': not an IPv4 or IPv6 host", host);
	return 0;
}

/* What every run shares: where to, from where, how long to wait. */
static void base_config(const struct opts *o, const struct addr *dst,
			const struct route_info *ri, struct run_config *c)
{
	*c = (struct run_config){
		.dst = *dst,
		.src = ri->src,
		.min = o->min,
		.max = o->max,
		.per_round = PER_ROUND,
		.wait_floor = (uint64_t)o->min_wait * 1000,
		.wait_ceiling = (uint64_t)o->max_wait * 1000,
		.ptb_pause = PTB_PAUSE_US,
		/* what the interface could take: the SYN-ACK's MSS answers */
		.mss = (uint16_t)(ri->mtu - (dst->family == AF_INET6 ? 60 : 40)),
	};
}

static void base_report(const struct opts *o, const struct addr *dst,
			const struct route_info *ri, struct report *r)
{
	*r = (struct report){
		.host = o->host,
		.addr = *dst,
		.src = ri->src,
		.ifname = ri->ifname,
		.ifmtu = ri->mtu,
		.min = o->min,
		.max = o->max,
		.port = (uint16_t)o->port,
	};
}

/* Opens the raw sockets; returns 0, or the exit code after saying why. */
static int open_sockets(struct rawsock *rs, const struct addr *dst,
			const struct route_info *ri)
{
	int ret = rawsock_open(rs, dst, &ri->src, true);

	if (ret == -EPERM || ret == -EACCES)
		return die(EXIT_PRIVILEGE, "raw socket: %s (run as root, or grant CAP_NET_RAW)",
			   strerror(-ret));
	if (ret)
		return die(EXIT_SYSTEM, "raw socket: %s", strerror(-ret));
	return 0;
}

/* The tunnels to advise on: those named, or the defaults. */
static size_t tunnels(const struct opts *o, struct tunnel *ts)
{
	char err[128];
	int n;

	if (!o->tunnels)
		return tunnel_defaults(ts, ADVICE_MAX);
	/* opts_parse checked the list already */
	n = tunnel_list_parse(o->tunnels, ts, ADVICE_MAX, err, sizeof(err));
	return n > 0 ? (size_t)n : 0;
}

static int rst_check(const struct opts *o, const struct addr *dst,
		     const struct route_info *ri)
{
	struct run_config cfg;
	struct report rep;
	struct rst_judgement jd;
	struct rst_obs *obs;
	struct rawsock rs;
	char a[ADDR_STRLEN];
	int ret;

	base_config(o, dst, ri, &cfg);
	base_report(o, dst, ri, &rep);
	ret = open_sockets(&rs, dst, ri);
	if (ret)
		return ret;
	obs = calloc(1, sizeof(*obs));
	ret = obs ? random_numbers(&cfg) : -ENOMEM;
	if (!ret)
		ret = rst_observe(&rawsock_ops, &rs, &cfg, (uint16_t)o->port, obs);
	rawsock_close(&rs);
	if (ret) {
		free(obs);
		return die(EXIT_SYSTEM, "%s (%s): RST check failed: %s", o->host,
			   addr_ntop(dst, a), strerror(-ret));
	}
	rst_judge(obs, &jd);
	if (o->json)
		report_rst_json(stdout, &rep, obs, &jd);
	else if (jd.verdict != RST_NO_ANSWER)
		report_rst_text(stdout, &rep, obs, &jd);
	free(obs);
	if (jd.verdict == RST_NO_ANSWER)
		return die(EXIT_NO_ANSWER, "%s (%s): no RST and no SYN-ACK to SYNs to port %u",
			   o->host, addr_ntop(dst, a), o->port);
	return EXIT_FOUND;
}

static int probe(const struct opts *o, const struct addr *dst,
		 const struct route_info *ri)
{
	struct tunnel ts[ADVICE_MAX];
	struct job *j;
	struct report rep;
	struct rawsock rs;
	char a[ADDR_STRLEN], msg[512];
	int ret, code;

	j = calloc(1, sizeof(*j));
	if (!j)
		return die(EXIT_SYSTEM, "%s", strerror(ENOMEM));
	base_config(o, dst, ri, &j->cfg);
	base_report(o, dst, ri, &rep);
	j->tcp = o->tcp;
	j->icmp = o->icmp;
	j->trace = o->trace;
	j->port = (uint16_t)o->port;
	j->ifmtu = ri->mtu;

	ret = open_sockets(&rs, dst, ri);
	if (ret) {
		free(j);
		return ret;
	}
	ret = random_numbers(&j->cfg);
	if (!ret)
		ret = job_run(&rawsock_ops, &rs, j);
	rawsock_close(&rs);
	if (ret) {
		snprintf(msg, sizeof(msg), "%s (%s)", o->host, addr_ntop(dst, a));
		free(j);
		return die(EXIT_SYSTEM, "%s: probing failed: %s", msg, strerror(-ret));
	}

	report_from_job(&rep, j);
	rep.tunnels = ts;
	rep.ntunnels = tunnels(o, ts);
	if (o->json)
		report_json(stdout, &rep);
	code = EXIT_FOUND;
	if (j->res.state != SEARCH_DONE || j->syn_data_refused) {
		report_failure(msg, sizeof(msg), &rep);
		code = die(EXIT_NO_ANSWER, "%s", msg);
	} else if (o->wg) {
		report_wg(stdout, j->res.path_mtu, dst->family);
	} else if (!o->json) {
		report_text(stdout, &rep);
	}
	free(j);
	return code;
}

/* --path-mtu: advice for a known path MTU; nothing is sent. */
static int advice_only(const struct opts *o)
{
	struct tunnel ts[ADVICE_MAX];
	size_t n = tunnels(o, ts);
	int families[2], nf = 0;

	if (o->family)
		families[nf++] = o->family;
	else {
		families[nf++] = AF_INET;
		/* an IPv6 endpoint needs 1280 on its path */
		if (o->path_mtu >= IP6_MIN_MTU)
			families[nf++] = AF_INET6;
	}
	if (o->wg) {
		report_wg(stdout, o->path_mtu, families[0]);
		return EXIT_FOUND;
	}
	if (o->json) {
		printf("{\"path_mtu\":%u", o->path_mtu);
		for (int i = 0; i < nf; i++) {
			printf(",\"%s\":", families[i] == AF_INET6 ?
			       "ipv6_endpoint" : "ipv4_endpoint");
			report_advice_json(stdout, o->path_mtu, families[i], ts, n);
		}
		puts("}");
		return EXIT_FOUND;
	}
	for (int i = 0; i < nf; i++) {
		if (i)
			putchar('\n');
		report_advice_text(stdout, o->path_mtu, families[i], ts, n);
	}
	return EXIT_FOUND;
}

int main(int argc, char *argv[])
{
	struct route_info ri;
	struct opts o;
	struct addr dst;
	char err[256], a[ADDR_STRLEN];
	int ret;

	if (opts_parse(argc, argv, &o, err, sizeof(err)))
		return die(EXIT_USAGE, "%s", err);
	if (o.help) {
		fputs(opts_usage, stdout);
		return EXIT_FOUND;
	}
	if (o.version) {
		puts(PACKAGE_STRING);
		return EXIT_FOUND;
	}
	if (o.tunnel_list) {
		report_tunnel_list(stdout);
		return EXIT_FOUND;
	}
	if (o.path_mtu)
		return advice_only(&o);
	ret = resolve(o.host, o.family, &dst);
	if (ret)
		return ret;

	ret = route_lookup(&dst, &ri);
	if (ret) {
		snprintf(err, sizeof(err), "%s (%s)", o.host, addr_ntop(&dst, a));
		if (ret == -ENETUNREACH || ret == -EHOSTUNREACH || ret == -EACCES)
			return die(EXIT_NO_ANSWER, "%s: no route: %s", err,
				   strerror(-ret));
		/* The kernel's answer for a blackhole route, and ours for a
		 * broadcast or multicast destination. */
		if (ret == -EINVAL)
			return die(EXIT_NO_ANSWER, "%s: no unicast route (a blackhole route, or a broadcast or multicast address)",
				   err);
		return die(EXIT_SYSTEM, "%s: route lookup: %s", err, strerror(-ret));
	}
	if (opts_bounds(&o, dst.family, ri.mtu, ri.ifname, err, sizeof(err)))
		return die(EXIT_USAGE, "%s", err);

	ret = o.rst_check ? rst_check(&o, &dst, &ri) : probe(&o, &dst, &ri);
	if (fflush(stdout) == EOF)
		return die(EXIT_SYSTEM, "writing the report: %s", strerror(errno));
	return ret;
}
