// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One host measured start to end, and the commands that measure many, over
 * simulated paths: names resolve from a table, routes come from it, and
 * the sockets are simnets on a virtual clock. No root, no network.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "cmd.h"
#include "exit.h"
#include "measure.h"
#include "simnet.h"

enum { HOSTS = 4 };

/* The hosts of a test: a name each, and what lies on the way to it. */
struct world {
	const char *name[HOSTS];
	struct simnet net[HOSTS];
	int route_err[HOSTS];	/* what the route lookup says; 0: a route */
	int open_err;		/* what opening a socket says */
	size_t n;
	uint32_t rng;
	/* A WireGuard tunnel "wgsim" (MTU 1420) takes every packet but
	 * those with mark tunnel_mark, as wg-quick's full tunnel does; its
	 * endpoint is host 0 when endpoint is set. */
	bool tunnel;
	uint32_t tunnel_mark;
	bool endpoint;
	uint32_t opened_mark;	/* what the last socket opened was marked */
	unsigned int routes;	/* lookups asked */
	struct addr routed;	/* the destination of the last */
	struct addr opened_dst, opened_src;	/* of the last socket */
};

static struct world *world_of(void *ctx)
{
	return ctx;
}

static int w_resolve(void *ctx, const char *host, int family,
		     struct addr *dst, char *err, size_t errlen)
{
	struct world *w = world_of(ctx);

	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->name[i], host) &&
		    (!family || family == w->net[i].family)) {
			*dst = w->net[i].dst;
			return 0;
		}
	snprintf(err, errlen, "unknown host '%s'", host);
	return -ENOENT;
}

static struct simnet *net_to(struct world *w, const struct addr *dst,
			     size_t *index)
{
	for (size_t i = 0; i < w->n; i++)
		if (addr_eq(&w->net[i].dst, dst)) {
			if (index)
				*index = i;
			return &w->net[i];
		}
	return NULL;
}

static int w_route(void *ctx, const struct addr *dst, uint32_t mark,
		   const char *ifname, const struct addr *src,
		   struct route_info *ri)
{
	struct world *w = world_of(ctx);
	size_t i;
	struct simnet *n = net_to(w, dst, &i);

	w->routes++;
	w->routed = *dst;
	if (!n)
		return -ENETUNREACH;
	if (w->route_err[i])
		return w->route_err[i];
	memset(ri, 0, sizeof(*ri));
	ri->oif = 2;
	ri->src = n->src;
	/* as route_parse() answers */
	addr_on_link(&ri->src, (uint32_t)ri->oif);
	ri->mtu = n->ifmtu;
	strcpy(ri->ifname, "sim0");
	(void)src;
	if (ifname && strcmp(ifname, "sim0") && strcmp(ifname, "wgsim"))
		return -ENODEV;
	if (w->tunnel && (!mark || mark != w->tunnel_mark) &&
	    (!ifname || strcmp(ifname, "sim0"))) {
		ri->oif = 3;
		ri->mtu = 1420;
		strcpy(ri->ifname, "wgsim");
		strcpy(ri->kind, "tun");
	}
	return 0;
}

static int w_tunnel(void *ctx, const char *ifname, struct wg_dev *dev)
{
	struct world *w = world_of(ctx);

	if (!w->tunnel || strcmp(ifname, "wgsim"))
		return -ENOENT;
	memset(dev, 0, sizeof(*dev));
	dev->fwmark = w->tunnel_mark;
	if (w->endpoint)
		dev->endpoints[dev->nendpoints++] = w->net[0].dst;
	return 0;
}

static int w_open(void *ctx, const struct addr *dst, const struct addr *src,
		  const struct chan_want *want, struct chan *ch, char *err,
		  size_t errlen)
{
	struct world *w = world_of(ctx);

	/* the simulated host has raw sockets only */
	if (!want->raw) {
		snprintf(err, errlen, "no such socket here");
		return -EPERM;
	}
	if (w->open_err) {
		snprintf(err, errlen, "raw socket: %s", strerror(-w->open_err));
		return w->open_err;
	}
	w->opened_mark = want->mark;
	w->opened_dst = *dst;
	w->opened_src = *src;
	*ch = (struct chan){ .kind = CHAN_RAW, .ops = &simnet_ops,
			     .ctx = net_to(w, dst, NULL) };
	return 0;
}

static void w_close(void *ctx, struct chan *ch)
{
	(void)ctx;
	ch->ctx = NULL;
}

/* Not random at all: the tests repeat. */
static int w_random(void *ctx, void *buf, size_t len)
{
	struct world *w = world_of(ctx);
	uint8_t *p = buf;

	for (size_t i = 0; i < len; i++) {
		w->rng = w->rng * 1103515245u + 12345u;
		p[i] = (uint8_t)(w->rng >> 16);
	}
	return 0;
}

static int no_drop(uint64_t keep, char *err, size_t errlen)
{
	(void)keep;
	(void)err;
	(void)errlen;
	return 0;
}

/* A host of w at 10.99.3.(2 + i): the path MTU and how it shows. */
static void add_host(struct world *w, const char *name, unsigned int pmtu,
		     enum sim_mode mode)
{
	struct simnet *n = &w->net[w->n];

	simnet_init(n, AF_INET, pmtu, mode, (uint32_t)(w->n + 1));
	n->dst.v4.s_addr = htonl(0x0a630302u + (uint32_t)w->n);
	w->name[w->n++] = name;
}

/* A host on link sim0 (index 2), whose address is fe80::1; name is
 * what resolves to it, with scope as the name's zone says. */
static void add_link_local(struct world *w, const char *name, uint32_t scope,
			   unsigned int pmtu)
{
	struct simnet *n = &w->net[w->n];

	simnet_init(n, AF_INET6, pmtu, SIM_BLACK_HOLE, (uint32_t)(w->n + 1));
	addr_pton("fe80::1", &n->dst);
	n->dst.scope = scope;
	addr_pton("fe80::2", &n->src);
	w->name[w->n++] = name;
}

static void world_free(struct world *w)
{
	for (size_t i = 0; i < w->n; i++)
		simnet_free(&w->net[i]);
}

static struct measure_sys sys_of(struct world *w)
{
	return (struct measure_sys){
		.resolve = w_resolve,
		.route = w_route,
		.tunnel = w_tunnel,
		.open = w_open,
		.close = w_close,
		.random = w_random,
		.ctx = w,
	};
}

static void parse(struct opts *o, ...)
{
	char *argv[16] = { (char *)"mtuprobe" }, err[256], *a;
	int argc = 1;
	va_list ap;

	va_start(ap, o);
	while ((a = va_arg(ap, char *)) && argc < 15)
		argv[argc++] = a;
	va_end(ap);
	assert_int_equal(opts_parse(argc, argv, o, err, sizeof(err)), 0);
}

static void a_router_that_says_too_big_is_believed(void **state)
{
	struct world w = { 0 };
	struct measure_sys sys = sys_of(&w);
	struct measurement *m = calloc(1, sizeof(*m));
	struct opts o;

	(void)state;
	add_host(&w, "ptb.sim", 1400, SIM_PTB);
	parse(&o, "ptb.sim", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, 0, m), EXIT_FOUND);
	assert_int_equal(m->stage, MEASURE_DONE);
	assert_true(m->found);
	assert_int_equal(m->job.res.path_mtu, 1400);
	assert_int_equal(m->job.res.evidence, EVIDENCE_PTB);
	assert_string_equal(m->rep.host, "ptb.sim");
	assert_string_equal(m->rep.ifname, "sim0");
	assert_int_equal(m->rep.min, 68);
	assert_int_equal(m->rep.max, 1500);
	assert_false(m->rep.unprivileged);
	assert_false(m->open);
	free(m);
	world_free(&w);
}

static void silence_above_a_size_is_a_black_hole(void **state)
{
	struct world w = { 0 };
	struct measure_sys sys = sys_of(&w);
	struct measurement *m = calloc(1, sizeof(*m));
	struct opts o;

	(void)state;
	add_host(&w, "hole.sim", 1380, SIM_BLACK_HOLE);
	parse(&o, "hole.sim", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, 0, m), EXIT_FOUND);
	assert_int_equal(m->job.res.path_mtu, 1380);
	assert_int_equal(m->job.res.evidence, EVIDENCE_BLACK_HOLE);
	free(m);
	world_free(&w);
}

static void a_silent_host_is_judged_not_found_with_a_sentence(void **state)
{
	struct world w = { 0 };
	struct measure_sys sys = sys_of(&w);
	struct measurement *m = calloc(1, sizeof(*m));
	struct opts o;

	(void)state;
	add_host(&w, "mute.sim", 1500, SIM_PTB);
	w.net[0].silent_host = true;
	parse(&o, "mute.sim", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, 0, m), EXIT_NO_ANSWER);
	assert_int_equal(m->stage, MEASURE_DONE);
	assert_false(m->found);
	assert_non_null(strstr(m->err, "mute.sim"));
	assert_null(strchr(m->err, '\n'));
	free(m);
	world_free(&w);
}

/* Each failure before the probe: its stage, its exit code, the status
 * word -f prints, and the words of its sentence. */
static void failures_before_the_probe_say_where_and_why(void **state)
{
	struct world w = { 0 };
	struct measure_sys sys = sys_of(&w);
	struct measurement *m = calloc(1, sizeof(*m));
	struct opts o;

	(void)state;
	add_host(&w, "a.sim", 1500, SIM_PTB);
	parse(&o, "nowhere.sim", NULL);
	assert_int_equal(measure_prepare(&sys, &o, o.host, 0, m), EXIT_USAGE);
	assert_int_equal(m->stage, MEASURE_RESOLVE);
	assert_string_equal(measure_status(m), "unknown_host");
	assert_non_null(strstr(m->err, "unknown host 'nowhere.sim'"));

	w.route_err[0] = -ENETUNREACH;
	parse(&o, "a.sim", NULL);
	assert_int_equal(measure_prepare(&sys, &o, o.host, 0, m),
			 EXIT_NO_ANSWER);
	assert_string_equal(measure_status(m), "no_route");
	assert_non_null(strstr(m->err, "a.sim (10.99.3.2): no route"));

	w.route_err[0] = -EINVAL;
	assert_int_equal(measure_prepare(&sys, &o, o.host, 0, m),
			 EXIT_NO_ANSWER);
	assert_non_null(strstr(m->err, "no unicast route"));

	w.route_err[0] = -EIO;
	assert_int_equal(measure_prepare(&sys, &o, o.host, 0, m), EXIT_SYSTEM);
	assert_string_equal(measure_status(m), "error");

	w.route_err[0] = 0;
	parse(&o, "--min", "1600", "a.sim", NULL);
	assert_int_equal(measure_prepare(&sys, &o, o.host, 0, m), EXIT_USAGE);
	assert_string_equal(measure_status(m), "bad_bounds");
	assert_non_null(strstr(m->err, "--min 1600 is above the MTU 1500 of sim0"));

	parse(&o, "a.sim", NULL);
	w.open_err = -EPERM;
	assert_int_equal(measure_prepare(&sys, &o, o.host, 0, m),
			 EXIT_PRIVILEGE);
	assert_int_equal(m->stage, MEASURE_OPEN);
	w.open_err = -EMFILE;
	assert_int_equal(measure_prepare(&sys, &o, o.host, 0, m), EXIT_SYSTEM);
	assert_false(m->open);
	free(m);
	world_free(&w);
}

/* The bounds of the route fill in the options' copy, not the caller's. */
static void the_route_bounds_the_search(void **state)
{
	struct world w = { 0 };
	struct measure_sys sys = sys_of(&w);
	struct measurement *m = calloc(1, sizeof(*m));
	struct opts o;

	(void)state;
	add_host(&w, "a.sim", 1400, SIM_PTB);
	w.net[0].ifmtu = 1420;
	parse(&o, "--min", "1300", "a.sim", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, 0, m), EXIT_FOUND);
	assert_int_equal(m->o.min, 1300);
	assert_int_equal(m->o.max, 1420);
	assert_int_equal(o.max, 0);
	assert_int_equal(m->job.res.path_mtu, 1400);
	free(m);
	world_free(&w);
}

/* Runs a command with its output in a buffer; returns its exit code. */
static int run_cmd(struct world *w, int (*cmd)(const struct cmd_env *,
					       const struct opts *),
		   const struct opts *o, char **out)
{
	struct measure_sys sys = sys_of(w);
	size_t len;
	FILE *f = open_memstream(out, &len);
	struct cmd_env e = { .sys = &sys, .drop = no_drop, .out = f };
	int code;

	assert_non_null(f);
	code = cmd(&e, o);
	assert_int_equal(fclose(f), 0);
	return code;
}

static char *temp_file(const char *text)
{
	char *path = strdup("/tmp/test_measure.XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void many_hosts_get_a_json_line_each(void **state)
{
	struct world w = { 0 };
	char *path = temp_file("ptb.sim\nhole.sim # a comment\n\nnowhere.sim\n");
	char *out = NULL;
	struct opts o;

	(void)state;
	add_host(&w, "ptb.sim", 1400, SIM_PTB);
	add_host(&w, "hole.sim", 1380, SIM_BLACK_HOLE);
	parse(&o, "-f", path, "--parallel", "3", NULL);
	/* one host was not sized: 1 */
	assert_int_equal(run_cmd(&w, cmd_hosts, &o, &out), EXIT_NO_ANSWER);
	assert_non_null(strstr(out, "\"host\":\"ptb.sim\""));
	assert_non_null(strstr(out, "\"path_mtu\":1400"));
	assert_non_null(strstr(out, "\"host\":\"hole.sim\""));
	assert_non_null(strstr(out, "\"path_mtu\":1380"));
	assert_non_null(strstr(out, "\"host\":\"nowhere.sim\",\"status\":\"unknown_host\""));
	/* three lines, each one object */
	for (int i = 0; i < 3; i++) {
		char *nl = strchr(out, '\n');

		assert_non_null(nl);
		assert_int_equal(out[0], '{');
		assert_int_equal(nl[-1], '}');
		memmove(out, nl + 1, strlen(nl + 1) + 1);
	}
	assert_string_equal(out, "");
	free(out);
	unlink(path);
	free(path);
	world_free(&w);
}

/* --json for one host: a host that could not be probed gets the failure
 * object -f gives it, on the report's stream, with the exit code of the
 * sentence on stderr; without --json, nothing there */
static void one_host_not_probed_gets_a_failure_object_with_json(void **state)
{
	struct world w = { 0 };
	struct opts o;
	char *out = NULL;

	(void)state;
	add_host(&w, "a.sim", 1500, SIM_PTB);
	parse(&o, "--json", "nowhere.sim", NULL);
	assert_int_equal(run_cmd(&w, cmd_probe, &o, &out), EXIT_USAGE);
	assert_string_equal(out, "{\"type\":\"failure\",\"version\":1,"
			    "\"host\":\"nowhere.sim\",\"status\":\"unknown_host\","
			    "\"error\":\"unknown host 'nowhere.sim'\"}\n");
	free(out);

	w.route_err[0] = -ENETUNREACH;
	parse(&o, "--json", "a.sim", NULL);
	assert_int_equal(run_cmd(&w, cmd_probe, &o, &out), EXIT_NO_ANSWER);
	assert_non_null(strstr(out, "{\"type\":\"failure\",\"version\":1,"
			       "\"host\":\"a.sim\",\"status\":\"no_route\","
			       "\"error\":\"a.sim (10.99.3.2): no route: "));
	free(out);
	parse(&o, "--json", "--rst-check", "a.sim", NULL);
	assert_int_equal(run_cmd(&w, cmd_rst_check, &o, &out), EXIT_NO_ANSWER);
	assert_non_null(strstr(out, "\"status\":\"no_route\""));
	free(out);

	parse(&o, "a.sim", NULL);
	assert_int_equal(run_cmd(&w, cmd_probe, &o, &out), EXIT_NO_ANSWER);
	assert_string_equal(out, "");
	free(out);
	world_free(&w);
}

/* --path-mtu N --wg: one line, for the family asked; without one, the
 * figure that fits an endpoint of either (N - 80, IPv6's), where an IPv6
 * endpoint can be had at all */
static void wg_line_without_a_family_fits_either(void **state)
{
	static const struct {
		const char *mtu, *family, *want;
	} cases[] = {
		{ "1380", NULL, "MTU = 1300\n" },
		{ "1380", "-4", "MTU = 1320\n" },
		{ "1380", "-6", "MTU = 1300\n" },
		{ "1500", NULL, "MTU = 1420\n" },
		{ "1280", NULL, "MTU = 1200\n" },
		{ "1279", NULL, "MTU = 1219\n" },
	};
	struct world w = { 0 };
	struct opts o;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *out = NULL;

		parse(&o, "--path-mtu", cases[i].mtu, "--wg", cases[i].family,
		      NULL);
		assert_int_equal(run_cmd(&w, cmd_path_mtu, &o, &out), EXIT_FOUND);
		assert_string_equal(out, cases[i].want);
		free(out);
	}
}

static const char wg_two_peers[] =
	"[Interface]\n"
	"PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n"
	"MTU = 1420\n"
	"\n"
	"[Peer]\n"
	"PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\n"
	"Endpoint = near.sim:51820\n"
	"\n"
	"[Peer]\n"
	"PublicKey = TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=\n"
	"Endpoint = far.sim:4500\n";

static void every_peer_is_sized_and_the_smallest_mtu_proposed(void **state)
{
	struct world w = { 0 };
	char *path = temp_file(wg_two_peers), *out = NULL;
	struct opts o;

	(void)state;
	add_host(&w, "near.sim", 1500, SIM_PTB);
	add_host(&w, "far.sim", 1380, SIM_BLACK_HOLE);
	parse(&o, "--wg-config", path, NULL);
	assert_int_equal(run_cmd(&w, cmd_wg_config, &o, &out), EXIT_FOUND);
	assert_non_null(strstr(out, "2 peers with an endpoint"));
	assert_non_null(strstr(out, "line 7: near.sim:51820 (10.99.3.2): path MTU 1500"));
	assert_non_null(strstr(out, "WireGuard MTU 1440"));
	assert_non_null(strstr(out, "line 11: far.sim:4500 (10.99.3.3): path MTU 1380"));
	/* 1380 less WireGuard's 60 over IPv4 */
	assert_non_null(strstr(out, "MTU = 1320: the smallest, from peer 2"));
	assert_non_null(strstr(out, "-MTU = 1420\n+MTU = 1320\n"));
	free(out);
	unlink(path);
	free(path);
	world_free(&w);
}

/* --write replaces the file, with its mode kept. */
static void write_puts_the_mtu_in_the_file(void **state)
{
	struct world w = { 0 };
	char *path = temp_file(wg_two_peers), *out = NULL, buf[1024];
	struct opts o;
	FILE *f;
	size_t n;

	(void)state;
	add_host(&w, "near.sim", 1400, SIM_PTB);
	add_host(&w, "far.sim", 1500, SIM_PTB);
	assert_int_equal(chmod(path, 0640), 0);
	parse(&o, "--wg-config", path, "--write", NULL);
	assert_int_equal(run_cmd(&w, cmd_wg_config, &o, &out), EXIT_FOUND);
	assert_non_null(strstr(out, "wrote "));
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_non_null(strstr(buf, "\nMTU = 1340\n"));
	assert_null(strstr(buf, "1420"));
	free(out);
	unlink(path);
	free(path);
	world_free(&w);
}

/* A peer with no route is reported, and nothing is proposed. */
static void a_peer_without_a_route_leaves_the_file_alone(void **state)
{
	struct world w = { 0 };
	char *path = temp_file(wg_two_peers), *out = NULL;
	struct opts o;

	(void)state;
	add_host(&w, "near.sim", 1500, SIM_PTB);
	add_host(&w, "far.sim", 1500, SIM_PTB);
	w.route_err[1] = -ENETUNREACH;
	parse(&o, "--wg-config", path, NULL);
	assert_int_equal(run_cmd(&w, cmd_wg_config, &o, &out), EXIT_NO_ANSWER);
	assert_non_null(strstr(out, "far.sim:4500: not sized: far.sim (10.99.3.3): no route"));
	assert_non_null(strstr(out, "no MTU proposed: 1 of 2 peers not sized"));
	free(out);
	unlink(path);
	free(path);
	world_free(&w);
}

/* The host is the endpoint of a full tunnel its route goes into: the
 * probes take the tunnel's mark, and the route packets so marked take,
 * around the tunnel; the report says so. */
static void a_tunnel_endpoint_is_probed_outside_its_tunnel(void **state)
{
	struct world w = { .tunnel = true, .tunnel_mark = 51820,
			   .endpoint = true };
	struct measure_sys sys = sys_of(&w);
	struct measurement *m = calloc(1, sizeof(*m));
	struct opts o;

	(void)state;
	add_host(&w, "peer.sim", 1380, SIM_BLACK_HOLE);
	parse(&o, "peer.sim", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, 0, m), EXIT_FOUND);
	assert_int_equal(m->job.res.path_mtu, 1380);
	assert_string_equal(m->rep.ifname, "sim0");
	assert_string_equal(m->rep.outside, "wgsim");
	assert_int_equal(m->rep.fwmark, 51820);
	assert_false(m->rep.into_wg);
	assert_int_equal(w.opened_mark, 51820);
	free(m);
	world_free(&w);
}

/* A tunnel that marks nothing cannot be gone around: refused, saying
 * how (--fwmark), rather than the tunnel measured. */
static void an_endpoint_inside_a_tunnel_without_a_mark_is_refused(void **state)
{
	struct world w = { .tunnel = true, .endpoint = true };
	struct measure_sys sys = sys_of(&w);
	struct measurement *m = calloc(1, sizeof(*m));
	struct opts o;

	(void)state;
	add_host(&w, "peer.sim", 1380, SIM_BLACK_HOLE);
	parse(&o, "peer.sim", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, 0, m), EXIT_USAGE);
	assert_int_equal(m->stage, MEASURE_ROUTE);
	assert_non_null(strstr(m->err, "endpoint of WireGuard interface wgsim"));
	assert_non_null(strstr(m->err, "--fwmark N"));
	assert_string_equal(measure_status(m), "refused");
	free(m);
	world_free(&w);
}

/* A host beyond the tunnel is probed through it, on purpose, and the
 * heading says the interface is a WireGuard tunnel; --fwmark chooses
 * the route by hand. */
static void a_host_beyond_the_tunnel_is_probed_through_it(void **state)
{
	struct world w = { .tunnel = true, .tunnel_mark = 51820 };
	struct measure_sys sys = sys_of(&w);
	struct measurement *m = calloc(1, sizeof(*m));
	struct opts o;

	(void)state;
	add_host(&w, "beyond.sim", 1380, SIM_PTB);
	parse(&o, "beyond.sim", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, 0, m), EXIT_FOUND);
	assert_string_equal(m->rep.ifname, "wgsim");
	assert_int_equal(m->rep.ifmtu, 1420);
	assert_true(m->rep.into_wg);
	assert_null(m->rep.outside);
	assert_int_equal(w.opened_mark, 0);

	memset(m, 0, sizeof(*m));
	parse(&o, "--fwmark", "51820", "beyond.sim", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, 0, m), EXIT_FOUND);
	assert_string_equal(m->rep.ifname, "sim0");
	assert_int_equal(m->rep.fwmark, 51820);
	assert_null(m->rep.outside);
	assert_int_equal(w.opened_mark, 51820);
	free(m);
	world_free(&w);
}

/* -I chooses the way out by hand: no tunnel is gone around, and an
 * interface that does not exist is said to be missing. */
static void egress_by_hand_is_the_way_out(void **state)
{
	struct world w = { .tunnel = true, .tunnel_mark = 51820,
			   .endpoint = true };
	struct measure_sys sys = sys_of(&w);
	struct measurement *m = calloc(1, sizeof(*m));
	struct opts o;

	(void)state;
	add_host(&w, "peer.sim", 1380, SIM_BLACK_HOLE);
	parse(&o, "-I", "sim0", "peer.sim", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, 0, m), EXIT_FOUND);
	assert_string_equal(m->rep.ifname, "sim0");
	assert_null(m->rep.outside);
	assert_int_equal(w.opened_mark, 0);

	memset(m, 0, sizeof(*m));
	parse(&o, "-I", "nosuch0", "peer.sim", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, 0, m), EXIT_USAGE);
	assert_string_equal(m->err, "-I nosuch0: no such interface");
	assert_string_equal(measure_status(m), "refused");

	memset(m, 0, sizeof(*m));
	parse(&o, "-6", "-I", "10.99.1.1", "peer.sim", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, o.family, m),
			 EXIT_USAGE);
	assert_non_null(strstr(m->err, "the source address is IPv4"));
	free(m);
	world_free(&w);
}

/* What inet_aton(3) reads loosely is refused before any lookup, saying
 * the address it would have been; a full dotted quad, an IPv6 literal
 * or a name is not. */
static void loosely_numeric_hosts_are_refused(void **state)
{
	static const struct {
		const char *host, *meant;
	} loose[] = {
		{ "1.2.3", "1.2.0.3" }, { "017.1", "15.0.0.1" },
		{ "0x7f.1", "127.0.0.1" }, { "123", "0.0.0.123" },
		{ "10.99.3.02", "10.99.3.2" },
	};
	static const char *const fine[] = {
		"10.99.3.2", "fd00:99:3::2", "server.lab", "1.2.3.example",
	};
	struct world w = { 0 };
	struct measure_sys sys = sys_of(&w);
	struct measurement *m = calloc(1, sizeof(*m));
	struct addr meant;
	char a[ADDR_STRLEN];
	struct opts o;

	(void)state;
	for (size_t i = 0; i < sizeof(loose) / sizeof(*loose); i++) {
		assert_true(addr_loosely_numeric(loose[i].host, &meant));
		assert_string_equal(addr_ntop(&meant, a), loose[i].meant);
	}
	for (size_t i = 0; i < sizeof(fine) / sizeof(*fine); i++)
		assert_false(addr_loosely_numeric(fine[i], &meant));
	add_host(&w, "ptb.sim", 1400, SIM_PTB);
	parse(&o, "0x7f.1", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, 0, m), EXIT_USAGE);
	assert_string_equal(m->err, "'0x7f.1' is not an IPv4 address as written (getaddrinfo would take it for 127.0.0.1): write the address in full, or the name");
	assert_string_equal(measure_status(m), "refused");
	free(m);
	world_free(&w);
}

/* A link-local host is probed on the link its zone names: the route is
 * looked up there, the sockets are opened there, from the source on that
 * link, and the report says so. */
static void a_link_local_host_is_probed_on_the_link_of_its_zone(void **state)
{
	struct world w = { 0 };
	struct measure_sys sys = sys_of(&w);
	struct measurement *m = calloc(1, sizeof(*m));
	char *text = NULL;
	size_t len;
	struct opts o;
	FILE *f;

	(void)state;
	add_link_local(&w, "fe80::1%sim0", 2, 1400);
	parse(&o, "fe80::1%sim0", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, 0, m), EXIT_FOUND);
	assert_int_equal(m->job.res.path_mtu, 1400);
	assert_int_equal(w.routed.scope, 2);
	assert_int_equal(w.opened_dst.scope, 2);
	assert_int_equal(w.opened_src.scope, 2);
	f = open_memstream(&text, &len);
	assert_non_null(f);
	report_text(f, &m->rep);
	report_json(f, &m->rep);
	fclose(f);
	assert_non_null(strstr(text, "mtuprobe to fe80::1%sim0 (fe80::1%sim0), IPv6 ICMP echo, via sim0 (MTU 1500), source fe80::2%sim0\n"));
	assert_non_null(strstr(text, "{\"type\":\"probe\",\"version\":1,\"host\":\"fe80::1%sim0\",\"address\":\"fe80::1%sim0\","));
	assert_non_null(strstr(text, ",\"source\":\"fe80::2%sim0\","));
	free(text);
	free(m);
	world_free(&w);
}

/* -I names the link of a link-local host written without its zone. */
static void egress_by_hand_gives_a_link_local_host_its_link(void **state)
{
	struct world w = { 0 };
	struct measure_sys sys = sys_of(&w);
	struct measurement *m = calloc(1, sizeof(*m));
	char a[ADDR_ZONE_STRLEN];
	struct opts o;

	(void)state;
	add_link_local(&w, "fe80::1", 0, 1400);
	parse(&o, "-I", "sim0", "fe80::1", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, 0, m), EXIT_FOUND);
	assert_int_equal(m->job.res.path_mtu, 1400);
	assert_int_equal(w.opened_dst.scope, 2);
	assert_int_equal(w.opened_src.scope, 2);
	assert_string_equal(addr_ntop_zone(&m->rep.addr, m->rep.ifname, a),
			    "fe80::1%sim0");
	free(m);
	world_free(&w);
}

/* Without its zone or -I, a link-local host is on any link: refused
 * before the route is looked up, saying how to name one. */
static void a_link_local_host_without_its_link_is_refused(void **state)
{
	struct world w = { 0 };
	struct measure_sys sys = sys_of(&w);
	struct measurement *m = calloc(1, sizeof(*m));
	struct opts o;

	(void)state;
	add_link_local(&w, "fe80::1", 0, 1400);
	parse(&o, "fe80::1", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, 0, m), EXIT_USAGE);
	assert_string_equal(m->err, "fe80::1 is a link-local address, on every link at once: name the link, as fe80::1%IFACE or with -I IFACE");
	assert_string_equal(measure_status(m), "refused");
	assert_int_equal(w.routes, 0);
	assert_false(m->open);

	/* a source address names no link */
	memset(m, 0, sizeof(*m));
	parse(&o, "-I", "fe80::2", "fe80::1", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, 0, m), EXIT_USAGE);
	assert_string_equal(measure_status(m), "refused");
	assert_int_equal(w.routes, 0);
	free(m);
	world_free(&w);
}

/* A zone and -I that name two links are refused, nothing opened. */
static void a_zone_and_egress_on_two_links_are_refused(void **state)
{
	struct world w = { 0 };
	struct measure_sys sys = sys_of(&w);
	struct measurement *m = calloc(1, sizeof(*m));
	struct opts o;

	(void)state;
	add_link_local(&w, "fe80::1%other0", 9, 1400);
	parse(&o, "-I", "sim0", "fe80::1%other0", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, 0, m), EXIT_USAGE);
	assert_string_equal(m->err, "fe80::1%other0 is on another link than -I sim0");
	assert_string_equal(measure_status(m), "refused");
	assert_false(m->open);
	free(m);
	world_free(&w);
}

/* A zone on an address that is not link-local is the kernel's to
 * ignore: refused before any lookup, rather than dropped unsaid. */
static void a_zone_on_another_address_is_refused(void **state)
{
	struct world w = { 0 };
	struct measure_sys sys = sys_of(&w);
	struct measurement *m = calloc(1, sizeof(*m));
	struct opts o;

	(void)state;
	add_host(&w, "ptb.sim", 1400, SIM_PTB);
	parse(&o, "fd00:99:3::2%sim0", NULL);
	assert_int_equal(measure_host(&sys, &o, o.host, 0, m), EXIT_USAGE);
	assert_string_equal(m->err, "'fd00:99:3::2%sim0': a zone (%IFACE) names the link of a link-local address, and fd00:99:3::2 is not one (to choose the way out, use -I IFACE)");
	assert_string_equal(measure_status(m), "refused");
	assert_int_equal(w.routes, 0);
	free(m);
	world_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_router_that_says_too_big_is_believed),
		cmocka_unit_test(a_tunnel_endpoint_is_probed_outside_its_tunnel),
		cmocka_unit_test(an_endpoint_inside_a_tunnel_without_a_mark_is_refused),
		cmocka_unit_test(a_host_beyond_the_tunnel_is_probed_through_it),
		cmocka_unit_test(egress_by_hand_is_the_way_out),
		cmocka_unit_test(loosely_numeric_hosts_are_refused),
		cmocka_unit_test(a_link_local_host_is_probed_on_the_link_of_its_zone),
		cmocka_unit_test(egress_by_hand_gives_a_link_local_host_its_link),
		cmocka_unit_test(a_link_local_host_without_its_link_is_refused),
		cmocka_unit_test(a_zone_and_egress_on_two_links_are_refused),
		cmocka_unit_test(a_zone_on_another_address_is_refused),
		cmocka_unit_test(silence_above_a_size_is_a_black_hole),
		cmocka_unit_test(a_silent_host_is_judged_not_found_with_a_sentence),
		cmocka_unit_test(failures_before_the_probe_say_where_and_why),
		cmocka_unit_test(the_route_bounds_the_search),
		cmocka_unit_test(many_hosts_get_a_json_line_each),
		cmocka_unit_test(wg_line_without_a_family_fits_either),
		cmocka_unit_test(one_host_not_probed_gets_a_failure_object_with_json),
		cmocka_unit_test(every_peer_is_sized_and_the_smallest_mtu_proposed),
		cmocka_unit_test(write_puts_the_mtu_in_the_file),
		cmocka_unit_test(a_peer_without_a_route_leaves_the_file_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
