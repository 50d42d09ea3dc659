// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/capability.h>

#include "advice.h"
#include "clamprun.h"
#include "job.h"
#include "multirun.h"
#include "opts.h"
#include "pkt.h"
#include "priv.h"
#include "rawsock.h"
#include "report.h"
#include "rst.h"
#include "target.h"
#include "wgrun.h"

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

static int rst_check(const struct target *t)
{
	struct run_config cfg;
	struct report rep;
	struct rst_judgement jd;
	struct rst_obs *obs;
	struct rawsock rs;
	char a[ADDR_STRLEN];
	int ret;

	target_report(t, &rep);
	ret = target_open_alone(t, &rs);
	if (ret)
		return ret;
	obs = calloc(1, sizeof(*obs));
	ret = obs ? target_config(t, &cfg) : -ENOMEM;
	if (!ret)
		ret = rst_observe(&rawsock_ops, &rs, &cfg, (uint16_t)t->o.port, obs);
	rawsock_close(&rs);
	addr_ntop(&t->dst, a);
	if (ret) {
		free(obs);
		return die(EXIT_SYSTEM, "%s (%s): RST check failed: %s", t->host,
			   a, strerror(-ret));
	}
	rst_judge(obs, &jd);
	if (t->o.json)
		report_rst_json(stdout, &rep, obs, &jd);
	else if (jd.verdict != RST_NO_ANSWER)
		report_rst_text(stdout, &rep, obs, &jd);
	free(obs);
	if (jd.verdict == RST_NO_ANSWER)
		return die(EXIT_NO_ANSWER, "%s (%s): no RST and no SYN-ACK to SYNs to port %u",
			   t->host, a, t->o.port);
	return EXIT_FOUND;
}

static int probe(const struct target *t)
{
	const struct opts *o = &t->o;
	struct tunnel ts[ADVICE_MAX];
	struct job *j;
	struct report rep;
	char msg[512];
	int code;

	j = calloc(1, sizeof(*j));
	if (!j)
		return die(EXIT_SYSTEM, "%s", strerror(ENOMEM));
	code = target_measure(t, j, &rep);
	if (code) {
		free(j);
		return code;
	}
	rep.tunnels = ts;
	rep.ntunnels = tunnels(o, ts);
	/* the NO_COLOR convention: set and not empty, no colour */
	rep.colour = isatty(STDOUT_FILENO) &&
		     !(getenv("NO_COLOR") && *getenv("NO_COLOR"));
	if (o->json)
		report_json(stdout, &rep);
	code = EXIT_FOUND;
	if (j->res.state != SEARCH_DONE || j->syn_data_refused) {
		report_failure(msg, sizeof(msg), &rep);
		code = die(EXIT_NO_ANSWER, "%s", msg);
	} else if (o->wg) {
		report_wg(stdout, j->res.path_mtu, t->dst.family);
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

/*
 * Raises the capabilities the run needs, or says which is missing and how
 * to grant it, before any work. Privileges a setuid install lends to a
 * user serve to probe one host, never to change the firewall, nor to
 * read or write a file.
 */
static int privileges(const struct opts *o)
{
	bool admin = o->clamp == CLAMP_APPLY || o->clamp == CLAMP_REMOVE;
	uint64_t missing;
	char self[PATH_MAX];
	ssize_t n;

	/* and never to read or write files as root for a user */
	if (priv_setid() && getuid() != 0 &&
	    (admin || o->wg_config || o->hosts_file))
		return die(EXIT_PRIVILEGE, "%s: not for a setuid mtuprobe run by a user: run it as root, or grant CAP_NET_RAW with setcap cap_net_raw+p",
			   o->wg_config ? "--wg-config" : o->hosts_file ? "-f" :
			   o->clamp == CLAMP_APPLY ? "--apply" : "--remove");
	missing = priv_raise(target_needs(o));
	if (missing & PRIV_CAP(CAP_NET_ADMIN))
		return die(EXIT_PRIVILEGE, "%s changes nftables and needs CAP_NET_ADMIN: run it as root",
			   o->clamp == CLAMP_APPLY ? "--apply" : "--remove");
	/* a user may still have an ICMP datagram socket: target_open
	 * tries it, and says what is missing if it cannot */
	if ((missing & PRIV_CAP(CAP_NET_RAW)) && !target_may_use_ping(o)) {
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		self[n > 0 ? n : 0] = '\0';
		return die(EXIT_PRIVILEGE, "probing needs CAP_NET_RAW for its raw sockets: run as root, or grant it once with: setcap cap_net_raw+p %s",
			   n > 0 ? self : "mtuprobe");
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct target t = { 0 };
	char err[512];
	int ret;

	if (opts_parse(argc, argv, &t.o, err, sizeof(err)))
		return die(EXIT_USAGE, "%s", err);
	if (t.o.help) {
		fputs(opts_usage, stdout);
		return EXIT_FOUND;
	}
	if (t.o.version) {
		puts(PACKAGE_STRING);
		return EXIT_FOUND;
	}
	if (t.o.tunnel_list) {
		report_tunnel_list(stdout);
		return EXIT_FOUND;
	}
	if (t.o.path_mtu)
		return advice_only(&t.o);
	ret = privileges(&t.o);
	if (ret)
		return ret;
	if (t.o.clamp)
		ret = clamp_run(&t);
	else if (t.o.hosts_file)
		ret = multi_run(&t.o);
	else if (t.o.wg_config)
		ret = wg_config_run(&t.o);
	else {
		t.host = t.o.host;
		ret = target_resolve(t.host, t.o.family, &t.dst, err, sizeof(err));
		if (!ret)
			ret = target_route(&t, err, sizeof(err));
		if (ret)
			return die(ret, "%s", err);
		ret = t.o.rst_check ? rst_check(&t) : probe(&t);
	}
	if (fflush(stdout) == EOF)
		return die(EXIT_SYSTEM, "writing the report: %s", strerror(errno));
	return ret;
}
