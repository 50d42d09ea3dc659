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
#include "rawsock.h"
#include "report.h"
#include "route.h"
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

static int probe(const struct opts *o, const struct addr *dst,
		 const struct route_info *ri)
{
	struct run_config cfg = {
		.dst = *dst,
		.src = ri->src,
		.min = o->min,
		.max = o->max,
		.per_round = PER_ROUND,
		.wait_floor = (uint64_t)o->min_wait * 1000,
		.wait_ceiling = (uint64_t)o->max_wait * 1000,
		.ptb_pause = PTB_PAUSE_US,
	};
	struct trace_result tr;
	struct run_result res;
	struct report rep = {
		.host = o->host,
		.addr = *dst,
		.src = ri->src,
		.ifname = ri->ifname,
		.ifmtu = ri->mtu,
		.min = o->min,
		.max = o->max,
		.res = &res,
	};
	struct rawsock rs;
	char a[ADDR_STRLEN], msg[512];
	int ret;

	ret = rawsock_open(&rs, dst, &ri->src, NULL);
	if (ret == -EPERM || ret == -EACCES)
		return die(EXIT_PRIVILEGE, "raw socket: %s (run as root, or grant CAP_NET_RAW)",
			   strerror(-ret));
	if (ret)
		return die(EXIT_SYSTEM, "raw socket: %s", strerror(-ret));
	if (getrandom(&cfg.echo, sizeof(cfg.echo), 0) != sizeof(cfg.echo)) {
		rawsock_close(&rs);
		return die(EXIT_SYSTEM, "getrandom: %s", strerror(errno));
	}

	ret = run_probe(&rawsock_ops, &rs, &cfg, &res);
	if (!ret && o->trace && res.state == SEARCH_DONE) {
		/* New sequence numbers: late answers to the search are not
		 * taken for the trace's. */
		cfg.echo.seq = (uint16_t)(cfg.echo.seq + res.probes);
		ret = trace_path(&rawsock_ops, &rs, &cfg, &res, ri->mtu, &tr);
		rep.trace = &tr;
	}
	rawsock_close(&rs);
	if (ret) {
		snprintf(msg, sizeof(msg), "%s (%s)", o->host, addr_ntop(dst, a));
		return die(EXIT_SYSTEM, "%s: probing failed: %s", msg, strerror(-ret));
	}
	if (o->json)
		report_json(stdout, &rep);
	if (res.state != SEARCH_DONE) {
		report_failure(msg, sizeof(msg), &rep);
		return die(EXIT_NO_ANSWER, "%s", msg);
	}
	if (!o->json)
		report_text(stdout, &rep);
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

	ret = probe(&o, &dst, &ri);
	if (fflush(stdout) == EOF)
		return die(EXIT_SYSTEM, "writing the report: %s", strerror(errno));
	return ret;
}
