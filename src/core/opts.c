// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"
#include "advice.h"
#include "opts.h"
#include "opts_table.h"
#include "pkt.h"

const char opts_usage[] =
"mtuprobe finds the exact path MTU to a host, even behind a black hole.\n"
"\n"
"Usage: mtuprobe [-q] [-4|-6] [--tcp [PORT]] [--icmp] [--min N] [--max N]\n"
"                [--min-wait MS] [--max-wait MS] [--trace]\n"
"                [-I IFACE|ADDRESS] [--fwmark N]\n"
"                [--tunnel NAME[,NAME...]] [--wg | --json] HOST\n"
"       mtuprobe [-4|-6] --path-mtu N [--tunnel NAME[,NAME...]] [--wg | --json]\n"
"       mtuprobe [--tcp [PORT]] [--icmp] [--min N] [--max N] [--min-wait MS]\n"
"                [--max-wait MS] [-I IFACE|ADDRESS] [--fwmark N] [--json]\n"
"                --wg-config FILE [--write]\n"
"       mtuprobe [-4|-6] [--tcp [PORT]] [--min N] [--max N] [--min-wait MS]\n"
"                [--max-wait MS] [--tunnel NAME[,NAME...]] [--parallel N]\n"
"                [-I IFACE|ADDRESS] [--fwmark N] [--prom FILE] -f FILE\n"
"       mtuprobe --tunnel list\n"
"       mtuprobe [-4|-6] --rst-check [PORT] [--json] HOST\n"
"       mtuprobe [-4|-6] [--tcp [PORT]] [--icmp] [--min N] [--max N]\n"
"                [--tunnel NAME] [SELECTION] [--hook HOOK] [--table NAME]\n"
"                --clamp | --apply HOST\n"
"       mtuprobe --mss N [SELECTION] [--hook HOOK] [--table NAME]\n"
"                --clamp | --apply\n"
"       mtuprobe [--table NAME] --remove\n"
"\n"
"Find the largest IP packet that crosses the path to HOST, with DF-set ICMP\n"
"echo probes (or TCP SYNs), and say how it was found: a router's \"too big\"\n"
"reply, a black hole inferred from silence, or the limit of the interface.\n"
"Plain TCP SYNs to ports 443 and 80 go out beside echo until the host\n"
"answers; where only they are answered, SYNs size the path.\n"
"Without CAP_NET_RAW, echo goes over an ICMP datagram socket where\n"
"net.ipv4.ping_group_range allows, else UDP as tracepath does.\n"
"\n"
"  -4, --ipv4         probe over IPv4 only\n"
"  -6, --ipv6         probe over IPv6 only\n"
"      --tcp [PORT]   probe with TCP SYNs to PORT (default: 443) instead of\n"
"                     ICMP echo: it measures the path towards HOST only;\n"
"                     PORT is a word of its own only with HOST after it\n"
"                     (--tcp 8080 HOST), or --tcp=PORT\n"
"      --icmp         ICMP echo only: no TCP or UDP probes to check what\n"
"                     it finds; with --tcp, echo as well, and report both\n"
"      --rst-check [PORT]  instead of sizing the path, find who sends the\n"
"                     RSTs to SYNs to PORT (default: 443): the server, or\n"
"                     a device on the way; PORT as with --tcp\n"
"      --min N        smallest packet size to assume crosses, in bytes\n"
"                     (default: 68 for IPv4, 1280 for IPv6)\n"
"      --max N        largest packet size to try, in bytes\n"
"                     (default: the MTU of the outgoing interface)\n"
"      --min-wait MS  shortest wait for the answers to a round of probes,\n"
"                     in milliseconds (default: 20)\n"
"      --max-wait MS  longest such wait (default: 1000); in between, the\n"
"                     wait follows the measured round-trip time\n"
"      --trace        then find where on the path the limit sits: the hops,\n"
"                     and the path MTU up to each of them\n"
"      --tunnel NAMES the tunnels to advise on, comma-separated (default:\n"
"                     none, wireguard, ipsec; wg is wireguard); --tunnel\n"
"                     list shows them all\n"
"      --path-mtu N   advise for a path MTU already known, without probing\n"
"                     (for the IPv4 and IPv6 endpoint, or as -4/-6 say)\n"
"      --wg           print only the wg-quick line: MTU = N; with --path-mtu\n"
"                     and no -4/-6, the one that fits either family\n"
"      --wg-config FILE  probe every peer Endpoint of the wg-quick file\n"
"                     FILE at once, and show the MTU that fits them all as\n"
"                     a change of FILE; a name with no such file, as\n"
"                     wg-quick takes it: wg0 is /etc/wireguard/wg0.conf\n"
"      --write        with --wg-config, make that change in FILE\n"
"      --json         print the report as one JSON object; for a HOST that\n"
"                     could not be probed, an object of type failure\n"
"  -f, --file FILE    probe every host of FILE (one a line, # comments; -\n"
"                     for standard input), N at once, and print a JSON\n"
"                     object a line for each, as it is done\n"
"  -I IFACE|ADDRESS  probes leave by this interface, or from this source\n"
"                     address, as ping -I; a link-local HOST needs its\n"
"                     link named: -I IFACE, or HOST%IFACE (fe80::1%eth0)\n"
"      --fwmark N     probes carry firewall mark N (SO_MARK; needs\n"
"                     CAP_NET_ADMIN), and take the route packets so marked\n"
"                     take; by default a tunnel's own endpoint is probed\n"
"                     with the tunnel's mark, outside it\n"
"      --parallel N   with -f, how many hosts at once (default: 8, at most\n"
"                     64); each has at most 34 probes in flight\n"
"      --prom FILE    with -f, write a Prometheus textfile (path MTU, black\n"
"                     hole, probe time per host) instead of JSON lines\n"
"\n"
"MSS clamping (nftables, table inet mtuprobe unless --table names another):\n"
"      --clamp        print a ruleset that lowers the MSS of TCP SYNs to\n"
"                     the path MTU less 40 (IPv4) or 60 (IPv6), less the\n"
"                     overhead of --tunnel NAME; nft -f loads it, again\n"
"                     and again\n"
"      --apply        install that ruleset in one netlink batch, replacing\n"
"                     an earlier one, and read it back (CAP_NET_ADMIN)\n"
"      --remove       delete the table (CAP_NET_ADMIN)\n"
"      --table NAME   the table's name (default: mtuprobe): a clamp in a\n"
"                     table of its own leaves the others as they are\n"
"      --mss N        clamp to MSS N for IPv4 and N - 20 for IPv6, without\n"
"                     probing (536 to 65495)\n"
"      --hook HOOK    forward (default: what the host routes), output (its\n"
"                     own connections) or postrouting\n"
"  SELECTION, any of these, up to 8 (without any: every SYN):\n"
"  -i, --interface IFACE  SYNs in or out through interface IFACE\n"
"      --src CIDR     SYNs from the network CIDR (ADDRESS[/PREFIX])\n"
"      --dst CIDR     SYNs to the network CIDR\n"
"      --ipsec        SYNs in or out through an IPsec policy\n"
"  -q, --quiet        no status line while probing (it shows only on a\n"
"                     terminal)\n"
"  -h, --help         print this help and exit\n"
"  -V, --version      print the version and exit\n"
"\n"
"Sizes count the whole IP packet, headers included, as an MTU does. On a\n"
"terminal, the report marks the answer in colour, unless NO_COLOR is set\n"
"and not empty.\n"
"Exit status: 0 path MTU found, 1 no answer, unreachable or unconfirmed,\n"
"2 bad usage, 3 missing privileges, 4 system error (or the kernel refused\n"
"the ruleset).\n";

#define N(a) (sizeof(a) / sizeof(*(a)))

/*
 * A command line is read in two steps. getopt collects which options were
 * given, and their values; then one table, opts_forms[], picks the form
 * of the command from what was given and says what that form takes. Every
 * refusal is written from that table, so a rule and the message naming
 * its options are one entry and cannot drift apart. opts_table.h defines the tables'
 * shape, so that the unit tests can walk them.
 */

const struct opt_def opts_optdef[O_COUNT] = {
#define LONG(n, a) .longname = n, .has_arg = a
#define FLAG(field) .flag = offsetof(struct opts, field)
#define NUMBER(field, bound, unit) \
	.number = offsetof(struct opts, field), .max = bound, .what = unit
#define FILE_NAME(field) .file = offsetof(struct opts, field)
	[O_IPV4] = { "-4", LONG("ipv4", no_argument), .short_opt = '4' },
	[O_IPV6] = { "-6", LONG("ipv6", no_argument), .short_opt = '6' },
	[O_TCP] = { "--tcp", LONG("tcp", optional_argument), FLAG(tcp),
		    NUMBER(port, 65535, "a port") },
	[O_ICMP] = { "--icmp", LONG("icmp", no_argument), FLAG(icmp) },
	[O_TRACE] = { "--trace", LONG("trace", no_argument), FLAG(trace) },
	[O_RST_CHECK] = { "--rst-check", LONG("rst-check", optional_argument),
			  FLAG(rst_check), NUMBER(port, 65535, "a port") },
	[O_MIN] = { "--min", LONG("min", required_argument),
		    NUMBER(min, IP_MAX_PACKET, "a size in bytes") },
	[O_MAX] = { "--max", LONG("max", required_argument),
		    NUMBER(max, IP_MAX_PACKET, "a size in bytes") },
	[O_MIN_WAIT] = { "--min-wait", LONG("min-wait", required_argument),
			 NUMBER(min_wait, OPTS_WAIT_LIMIT,
				"a time in milliseconds") },
	[O_MAX_WAIT] = { "--max-wait", LONG("max-wait", required_argument),
			 NUMBER(max_wait, OPTS_WAIT_LIMIT,
				"a time in milliseconds") },
	[O_JSON] = { "--json", LONG("json", no_argument), FLAG(json) },
	[O_WG] = { "--wg", LONG("wg", no_argument), FLAG(wg) },
	[O_TUNNEL] = { "--tunnel", LONG("tunnel", required_argument) },
	/* --tunnel with the value "list" */
	[O_TUNNEL_LIST] = { "--tunnel list", FLAG(tunnel_list) },
	[O_WG_CONFIG] = { "--wg-config", LONG("wg-config", required_argument),
			  FILE_NAME(wg_config) },
	[O_WRITE] = { "--write", LONG("write", no_argument), FLAG(write) },
	[O_PATH_MTU] = { "--path-mtu", LONG("path-mtu", required_argument),
			 NUMBER(path_mtu, IP_MAX_PACKET, "a size in bytes") },
	[O_FILE] = { "-f", LONG("file", required_argument), .short_opt = 'f',
		     FILE_NAME(hosts_file) },
	[O_PARALLEL] = { "--parallel", LONG("parallel", required_argument),
			 NUMBER(parallel, OPTS_PARALLEL_MAX,
				"a number of hosts") },
	[O_PROM] = { "--prom", LONG("prom", required_argument),
		     FILE_NAME(prom) },
	[O_CLAMP] = { "--clamp", LONG("clamp", no_argument) },
	[O_APPLY] = { "--apply", LONG("apply", no_argument) },
	[O_REMOVE] = { "--remove", LONG("remove", no_argument) },
	[O_IFACE] = { "-i", LONG("interface", required_argument),
		      .short_opt = 'i' },
	[O_SRC] = { "--src", LONG("src", required_argument) },
	[O_DST] = { "--dst", LONG("dst", required_argument) },
	[O_IPSEC] = { "--ipsec", LONG("ipsec", no_argument) },
	[O_HOOK] = { "--hook", LONG("hook", required_argument),
		     FLAG(hook_set) },
	[O_TABLE] = { "--table", LONG("table", required_argument) },
	[O_MSS] = { "--mss", LONG("mss", required_argument),
		    NUMBER(mss, CLAMP_MSS_MAX, "an MSS in bytes") },
	[O_EGRESS] = { "-I", LONG("egress", required_argument),
		       .short_opt = 'I' },
	[O_FWMARK] = { "--fwmark", LONG("fwmark", required_argument),
		       FLAG(fwmark_set),
		       NUMBER(fwmark, UINT32_MAX, "a firewall mark") },
	[O_QUIET] = { "-q", LONG("quiet", no_argument), .short_opt = 'q',
		      FLAG(quiet) },
	[O_HELP] = { "--help", LONG("help", no_argument), .short_opt = 'h',
		     FLAG(help) },
	[O_VERSION] = { "--version", LONG("version", no_argument),
			.short_opt = 'V', FLAG(version) },
#undef LONG
#undef FLAG
#undef NUMBER
#undef FILE_NAME
};

_Static_assert(offsetof(struct opts, mode) == 0,
	       "an offset of 0 in opts_optdef[] means none");

#define FAMILY (OPT(IPV4) | OPT(IPV6))
#define SIZES (OPT(MIN) | OPT(MAX))
#define WAITS (OPT(MIN_WAIT) | OPT(MAX_WAIT))
#define SELECTORS (OPT(IFACE) | OPT(SRC) | OPT(DST) | OPT(IPSEC))
#define CLAMPS (OPT(CLAMP) | OPT(APPLY))
/* what a clamp prints nothing of */
#define REPORTS (OPT(TRACE) | OPT(RST_CHECK) | OPT(JSON) | OPT(WG) | \
		 OPT(WG_CONFIG) | OPT(WRITE) | OPT(PATH_MTU))

/* getopt_long's value for a long option: its enum opt, past the bytes
 * that name the short ones. */
enum { OPT_BASE = 256 };

/* getopt's tables, from opts_optdef[]. */
static void getopt_tables(struct option *lo, char *so)
{
	*so++ = ':';	/* a missing value is told apart from an unknown option */
	for (int id = 0; id < O_COUNT; id++) {
		const struct opt_def *d = &opts_optdef[id];

		if (d->short_opt) {
			*so++ = d->short_opt;
			if (d->has_arg == required_argument)
				*so++ = ':';
		}
		if (d->longname)
			*lo++ = (struct option){ d->longname, d->has_arg, NULL,
						 OPT_BASE + id };
	}
	*so = '\0';
	*lo = (struct option){ NULL, 0, NULL, 0 };
}

/* The enum opt of what getopt_long returned, or -1 for an unknown one. */
static int opt_of(int c)
{
	if (c >= OPT_BASE && c < OPT_BASE + O_COUNT)
		return c - OPT_BASE;
	for (int id = 0; id < O_COUNT; id++)
		if (opts_optdef[id].short_opt && opts_optdef[id].short_opt == c)
			return id;
	return -1;
}

/* "-4", "-4 and -6", "-4, -6 and --tcp": the options of m, in the order
 * of enum opt. */
static void name_list(char *buf, size_t len, uint64_t m)
{
	size_t at = 0;
	int id, n;

	buf[0] = '\0';
	for (id = 0; id < O_COUNT && at < len; id++) {
		if (!(m & OPT_BIT(id)))
			continue;
		m &= ~OPT_BIT(id);
		n = snprintf(buf + at, len - at, "%s%s",
			     !at ? "" : m ? ", " : " and ", opts_optdef[id].name);
		if (n < 0)
			break;
		at += (size_t)n;
	}
}

/* A whole number: decimal digits only, 1 to max; what names the unit. */
static int parse_number(const char *name, const char *s, unsigned int max,
			const char *what, unsigned int *out, char *err,
			size_t errlen)
{
	unsigned long v = 0;
	const char *p;

	for (p = s; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > max)
			break;
	}
	if (p == s || *p || v == 0) {
		if (*p >= '0' && *p <= '9')
			snprintf(err, errlen, "%s %s: too large (at most %u)",
				 name, s, max);
		else
			snprintf(err, errlen, "%s '%s': not %s", name, s, what);
		return -EINVAL;
	}
	*out = (unsigned int)v;
	return 0;
}

static bool is_number(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* "--tcp PORT HOST": a bare number after --tcp (or --rst-check) is its
 * PORT when a word follows it. Last on the line, it is the PORT still if it
 * can be one, so that "--tcp 8080" is missing its HOST rather than probing
 * 0.0.31.144; else it is the HOST (3232235777, an IPv4 address). */
static bool port_follows(int argc, char *const argv[])
{
	unsigned long v = 0;

	if (optind >= argc || !is_number(argv[optind]))
		return false;
	if (optind + 1 < argc)
		return true;
	for (const char *s = argv[optind]; *s && v <= 65535; s++)
		v = v * 10 + (unsigned long)(*s - '0');
	return v <= 65535;
}

static const char *const clamp_option[] = {
	[CLAMP_PRINT] = "--clamp",
	[CLAMP_APPLY] = "--apply",
	[CLAMP_REMOVE] = "--remove",
};

static int take_family(struct opts *o, int id, char *err, size_t errlen)
{
	if (o->family) {
		snprintf(err, errlen, "-4 and -6 exclude each other");
		return -EINVAL;
	}
	o->family = id == O_IPV4 ? AF_INET : AF_INET6;
	return 0;
}

static int take_clamp(struct opts *o, int id, char *err, size_t errlen)
{
	enum clamp_action a = id == O_CLAMP ? CLAMP_PRINT :
			      id == O_APPLY ? CLAMP_APPLY : CLAMP_REMOVE;
	char names[64];

	if (o->clamp && o->clamp != a) {
		name_list(names, sizeof(names), CLAMPS | OPT(REMOVE));
		snprintf(err, errlen, "%s exclude each other", names);
		return -EINVAL;
	}
	o->clamp = a;
	return 0;
}

/* Parsed here, once: the command carries the tunnels themselves. */
static int take_tunnels(struct opts *o, const char *arg, char *err,
			size_t errlen)
{
	int n;

	err[0] = '\0';
	n = tunnel_list_parse(arg, o->tunnel, ADVICE_MAX, err, errlen);
	if (n < 0) {
		if (!*err)
			snprintf(err, errlen, "--tunnel: at most %d names",
				 ADVICE_MAX);
		return -EINVAL;
	}
	o->tunnels = arg;
	o->ntunnels = (size_t)n;
	return 0;
}

/* Takes one of -i, --src, --dst, --ipsec. */
static int add_selector(struct opts *o, int id, const char *arg, char *err,
			size_t errlen)
{
	struct clamp_sel sel;
	char names[64];
	int ret;

	if (id == O_IPSEC) {
		for (size_t i = 0; i < o->nsel; i++)
			if (o->sel[i].match == CLAMP_IPSEC_IN)
				return 0;
		memset(&sel, 0, sizeof(sel));
		sel.match = CLAMP_IPSEC_IN;
		ret = 0;
	} else if (id == O_IFACE) {
		ret = clamp_iface_parse(arg, &sel, err, errlen);
	} else {
		ret = clamp_net_parse(arg, id == O_SRC ? CLAMP_SADDR :
				      CLAMP_DADDR, &sel, err, errlen);
	}
	if (ret)
		return ret;
	if (o->nsel == CLAMP_MAX_SEL) {
		name_list(names, sizeof(names), SELECTORS);
		snprintf(err, errlen, "at most %d of %s", CLAMP_MAX_SEL, names);
		return -EINVAL;
	}
	o->sel[o->nsel++] = sel;
	return 0;
}

/* -I: an address is the source, anything else an interface's name (as
 * ping(8) reads it). */
static int take_egress(struct opts *o, const char *arg, char *err,
		       size_t errlen)
{
	size_t n = strlen(arg);

	if (!addr_pton(arg, &o->egress_src))
		return 0;
	memset(&o->egress_src, 0, sizeof(o->egress_src));
	if (!n || n >= sizeof(o->egress_if) || strpbrk(arg, "/ \t\n:")) {
		snprintf(err, errlen, "-I '%s': not an interface name or an address",
			 arg);
		return -EINVAL;
	}
	memcpy(o->egress_if, arg, n + 1);
	return 0;
}

/* Keeps the value of option id, given with arg (NULL: none). */
static int take(struct opts *o, int id, const char *arg, char *err,
		size_t errlen)
{
	const struct opt_def *d = &opts_optdef[id];
	char *base = (char *)o;

	if (d->flag)
		*(bool *)(base + d->flag) = true;
	if (d->number && arg &&
	    parse_number(d->name, arg, d->max, d->what,
			 (unsigned int *)(base + d->number), err, errlen))
		return -EINVAL;
	if (d->file) {
		if (!*arg) {
			snprintf(err, errlen, "%s needs a file name", d->name);
			return -EINVAL;
		}
		*(const char **)(base + d->file) = arg;
	}
	switch (id) {
	case O_IPV4:
	case O_IPV6:
		return take_family(o, id, err, errlen);
	case O_TUNNEL:
		return take_tunnels(o, arg, err, errlen);
	case O_CLAMP:
	case O_APPLY:
	case O_REMOVE:
		return take_clamp(o, id, err, errlen);
	case O_IFACE:
	case O_SRC:
	case O_DST:
	case O_IPSEC:
		return add_selector(o, id, arg, err, errlen);
	case O_HOOK:
		return clamp_hook_parse(arg, &o->hook, err, errlen);
	case O_TABLE:
		return clamp_table_parse(arg, o->table, err, errlen);
	case O_EGRESS:
		return take_egress(o, arg, err, errlen);
	}
	return 0;
}

static int unknown(char *const argv[], char *err, size_t errlen)
{
	/* getopt_long tells "--json=x" by the option's value in optopt */
	if (optopt >= OPT_BASE && optopt < OPT_BASE + O_COUNT)
		snprintf(err, errlen, "%s takes no value",
			 opts_optdef[optopt - OPT_BASE].name);
	else if (optopt)
		snprintf(err, errlen, "unknown option '-%c' (see --help)", optopt);
	else
		snprintf(err, errlen, "unknown option '%s' (see --help)",
			 argv[optind - 1]);
	return -EINVAL;
}

/* What the command line gave, beyond the values kept in struct opts. */
struct given {
	uint64_t set;		/* OPT_BIT() of each option given */
	unsigned int tcp_port;	/* the PORT given to --tcp, 0: none */
	unsigned int rst_port;	/* ...to --rst-check */
	int word_opt;		/* the option whose PORT was a word of its
				 * own ("--tcp 8080"), -1: none */
};

/* The first step: which options, and their values. Leaves optind at the
 * first HOST. */
static int collect(int argc, char *const argv[], struct opts *o,
		   struct given *g, char *err, size_t errlen)
{
	struct option longopts[O_COUNT + 1];
	char shortopts[2 * O_COUNT + 2];
	const char *arg;
	int c, id;

	getopt_tables(longopts, shortopts);
	/* 0 rather than 1 makes glibc reset its state, so parsing can run
	 * more than once in a process (the unit tests do). */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == ':') {
			snprintf(err, errlen, "%s needs a value", argv[optind - 1]);
			return -EINVAL;
		}
		id = opt_of(c);
		if (id < 0)
			return unknown(argv, err, errlen);
		arg = optarg;
		if ((id == O_TCP || id == O_RST_CHECK) && !arg &&
		    port_follows(argc, argv)) {
			arg = argv[optind++];
			g->word_opt = id;
		}
		if (id == O_TUNNEL && !strcmp(arg, "list"))
			id = O_TUNNEL_LIST;
		g->set |= OPT_BIT(id);
		if (take(o, id, arg, err, errlen))
			return -EINVAL;
		if (id == O_TCP && arg)
			g->tcp_port = o->port;
		if (id == O_RST_CHECK && arg)
			g->rst_port = o->port;
		/* what follows is not read, as GNU tools do: "mtuprobe
		 * --apply --help" shows the help */
		if (id == O_HELP || id == O_VERSION)
			break;
	}
	return 0;
}

/* What every form that probes checks: the waits, defaulting as documented
 * and each out of the other's way, the port, and --min below --max. */
static int probe_values(struct opts *o, char *err, size_t errlen)
{
	if (!o->min_wait)
		o->min_wait = o->max_wait && o->max_wait < OPTS_MIN_WAIT ?
			      o->max_wait : OPTS_MIN_WAIT;
	if (!o->max_wait)
		o->max_wait = o->min_wait > OPTS_MAX_WAIT ? o->min_wait :
			      OPTS_MAX_WAIT;
	if (o->min_wait > o->max_wait) {
		snprintf(err, errlen, "--min-wait %u is above --max-wait %u",
			 o->min_wait, o->max_wait);
		return -EINVAL;
	}
	if ((o->tcp || o->rst_check) && !o->port)
		o->port = OPTS_TCP_PORT;
	if (o->min && o->max && o->min > o->max) {
		snprintf(err, errlen, "--min %u is above --max %u", o->min, o->max);
		return -EINVAL;
	}
	return 0;
}

static int hosts_values(struct opts *o, char *err, size_t errlen)
{
	if (!o->parallel)
		o->parallel = OPTS_PARALLEL;
	return probe_values(o, err, errlen);
}

/* One MSS for the table: the overhead of one tunnel comes off it. */
static int clamp_values(struct opts *o, char *err, size_t errlen)
{
	if (o->tunnels && o->ntunnels != 1) {
		snprintf(err, errlen, "%s clamps for one tunnel: --tunnel takes one name here",
			 clamp_option[o->clamp]);
		return -EINVAL;
	}
	return probe_values(o, err, errlen);
}

static int mss_values(struct opts *o, char *err, size_t errlen)
{
	if (o->mss < CLAMP_MSS_MIN || o->mss > CLAMP_MSS_MAX) {
		snprintf(err, errlen, "--mss %u: the MSS must be %d to %d",
			 o->mss, CLAMP_MSS_MIN, CLAMP_MSS_MAX);
		return -EINVAL;
	}
	return 0;
}

static int path_mtu_values(struct opts *o, char *err, size_t errlen)
{
	if (o->path_mtu < IP4_MIN_MTU || (o->family == AF_INET6 &&
					  o->path_mtu < IP6_MIN_MTU)) {
		snprintf(err, errlen, "--path-mtu %u is below the %s minimum MTU %u",
			 o->path_mtu, o->family == AF_INET6 ? "IPv6" : "IPv4",
			 o->family == AF_INET6 ? IP6_MIN_MTU : IP4_MIN_MTU);
		return -EINVAL;
	}
	return 0;
}

/* In the order a form is picked: the first whose options were given. */
const struct form opts_forms[] = {
	{
		.mode = MODE_HELP, .when = OPT(HELP), .name = "--help",
		.takes = OPT_ALL, .host = HOST_ANY,
	}, {
		.mode = MODE_VERSION, .when = OPT(VERSION), .name = "--version",
		.takes = OPT_ALL, .host = HOST_ANY,
	}, {
		.mode = MODE_TUNNEL_LIST, .when = OPT(TUNNEL_LIST),
		.name = "--tunnel list", .usage = "--tunnel list",
		.takes = OPT(TUNNEL_LIST) | OPT(QUIET),
		.host = HOST_NONE, .host_says = "goes alone",
		.refuse = { { OPT_ALL, NULL, "goes alone", LIST_GIVEN } },
	}, {
		.mode = MODE_HOSTS, .when = OPT(FILE), .name = "-f",
		.usage = "-f FILE",
		.takes = FAMILY | SIZES | WAITS | OPT(TCP) | OPT(TUNNEL) |
			 OPT(FILE) | OPT(PARALLEL) | OPT(PROM) | OPT(FWMARK) |
			 OPT(EGRESS) | OPT(QUIET),
		.host = HOST_NONE, .host_says = "probes the hosts of the file",
		.refuse = {
			{ OPT(JSON) | OPT(WG), NULL,
			  "prints JSON lines: it goes without", LIST_ALL },
			{ OPT(ICMP) | OPT(TRACE) | OPT(RST_CHECK), NULL,
			  "finds each path MTU, no more: it goes without",
			  LIST_ALL },
		},
		.check = hosts_values,
	}, {
		.mode = MODE_CLAMP, .when = OPT(REMOVE), .name = "--remove",
		.usage = "--remove",
		.takes = OPT(REMOVE) | OPT(TABLE) | OPT(QUIET),
		.host = HOST_NONE, .host_says = "probes nothing",
		.refuse = { { OPT_ALL, NULL,
			      "deletes the clamp's table: it takes --table alone",
			      LIST_GIVEN } },
	}, {
		.mode = MODE_CLAMP, .when = CLAMPS, .with = OPT(MSS),
		.usage = "--clamp or --apply",
		.takes = CLAMPS | OPT(MSS) | SELECTORS | OPT(HOOK) |
			 OPT(TABLE) | OPT(QUIET),
		.host = HOST_NONE, .host_who = "--mss",
		.host_says = "probes nothing",
		.refuse = {
			{ REPORTS, NULL, "goes without", LIST_ALL },
			{ FAMILY | OPT(TCP) | OPT(ICMP) | SIZES | WAITS |
			  OPT(TUNNEL), "--mss",
			  "probes nothing: it goes without", LIST_ALL },
		},
		.check = mss_values,
	}, {
		.mode = MODE_CLAMP, .when = CLAMPS,
		.usage = "--clamp or --apply",
		.takes = CLAMPS | FAMILY | SIZES | WAITS | OPT(TCP) |
			 OPT(ICMP) | OPT(TUNNEL) | SELECTORS | OPT(HOOK) |
			 OPT(TABLE) | OPT(QUIET),
		.host = HOST_ONE,
		.host_says = "needs a HOST to probe, or --mss N",
		.refuse = { { REPORTS, NULL, "goes without", LIST_ALL } },
		.check = clamp_values,
	}, {
		.mode = MODE_PATH_MTU, .when = OPT(PATH_MTU), .name = "--path-mtu",
		.usage = "--path-mtu N",
		.takes = OPT(PATH_MTU) | FAMILY | WAITS | OPT(TUNNEL) |
			 OPT(WG) | OPT(JSON) | OPT(QUIET),
		.host = HOST_NONE, .host_says = "probes nothing",
		.refuse = { { OPT(TCP) | OPT(ICMP) | OPT(TRACE) |
			      OPT(RST_CHECK) | SIZES | OPT(WG_CONFIG) |
			      OPT(WRITE), NULL,
			      "probes nothing: it goes without", LIST_ALL } },
		.check = path_mtu_values,
	}, {
		.mode = MODE_WG_CONFIG, .when = OPT(WG_CONFIG),
		.name = "--wg-config", .usage = "--wg-config FILE",
		.takes = OPT(WG_CONFIG) | OPT(WRITE) | SIZES | WAITS |
			 OPT(TCP) | OPT(ICMP) | OPT(JSON) | OPT(FWMARK) |
			 OPT(EGRESS) | OPT(QUIET),
		.host = HOST_NONE,
		.host_says = "probes the endpoints of the file",
		.refuse = {
			{ FAMILY, NULL, "probes each endpoint as wg(8) reaches it: it goes without",
			  LIST_ALL },
			{ OPT(TRACE) | OPT(RST_CHECK) | OPT(WG) | OPT(TUNNEL),
			  NULL, "goes without", LIST_ALL },
		},
		.check = probe_values,
	}, {
		.mode = MODE_RST_CHECK, .when = OPT(RST_CHECK),
		.name = "--rst-check", .usage = "--rst-check",
		.takes = OPT(RST_CHECK) | FAMILY | WAITS | OPT(TUNNEL) |
			 OPT(JSON) | OPT(QUIET),
		.host = HOST_ONE,
		.refuse = { { OPT(TCP) | OPT(ICMP) | OPT(TRACE) | SIZES, NULL,
			      "goes alone: it sizes nothing", LIST_GIVEN } },
		.check = probe_values,
	}, {
		.mode = MODE_PROBE, .name = "HOST", .usage = "HOST",
		.takes = FAMILY | SIZES | WAITS | OPT(TRACE) | OPT(TCP) |
			 OPT(ICMP) | OPT(TUNNEL) | OPT(WG) | OPT(JSON) |
			 OPT(FWMARK) | OPT(EGRESS) | OPT(QUIET),
		.host = HOST_ONE,
		.check = probe_values,
	},
};
const size_t opts_nforms = N(opts_forms);

/* Between two options, in any form that takes both. */
static const struct pairing {
	enum opt opt;
	uint64_t needs;
	uint64_t excludes;
	const char *why;
} pairings[] = {
	{ O_WG, .excludes = OPT(ICMP) | OPT(TRACE) | OPT(RST_CHECK) | OPT(JSON),
	  .why = "prints one line" },
};

/* The second step: the form of the command. The last one, sizing the path
 * to a HOST, is picked when no other is. */
const struct form *opts_form_of(uint64_t set)
{
	const struct form *f = opts_forms;

	while (!((!f->when || set & f->when) && (set & f->with) == f->with))
		f++;
	return f;
}

static const char *who_of(const struct form *f, const char *who,
			  const struct opts *o)
{
	return who ? who : f->name ? f->name : clamp_option[o->clamp];
}

/* The form that takes option id, or NULL when none or several different
 * ones do (those taking anything aside). */
static const struct form *home_of(int id)
{
	const struct form *home = NULL;

	for (const struct form *f = opts_forms;
	     f < opts_forms + opts_nforms; f++) {
		if (f->takes == OPT_ALL || !(f->takes & OPT_BIT(id)))
			continue;
		if (home && strcmp(home->usage, f->usage))
			return NULL;
		if (!home)
			home = f;
	}
	return home;
}

/* The options that select a form: they make another command, rather than
 * go with one. */
static uint64_t selecting(void)
{
	uint64_t m = 0;

	for (const struct form *f = opts_forms;
	     f < opts_forms + opts_nforms; f++)
		m |= f->when;
	return m;
}

/* What no refusal of form f names: an option of another form that was not
 * asked for is sent there, with its siblings; else the form goes without
 * what was given. */
static int refuse_rest(const struct form *f, const struct opts *o,
		       uint64_t set, uint64_t bad, char *err, size_t errlen)
{
	const struct form *home, *h;
	uint64_t same = 0;
	char names[256];
	int id;

	for (id = 0; !(bad & OPT_BIT(id)); id++)
		;
	home = home_of(id);
	if (!home || !home->when || set & home->when) {
		name_list(names, sizeof(names), bad);
		snprintf(err, errlen, "%s goes without %s", who_of(f, NULL, o),
			 names);
		return -EINVAL;
	}
	for (id = 0; id < O_COUNT; id++) {
		h = home_of(id);
		if (!(f->takes & OPT_BIT(id)) && !(selecting() & OPT_BIT(id)) &&
		    h && !strcmp(h->usage, home->usage))
			same |= OPT_BIT(id);
	}
	name_list(names, sizeof(names), same);
	snprintf(err, errlen, "%s %s with %s", names,
		 same & (same - 1) ? "go" : "goes", home->usage);
	return -EINVAL;
}

/* "--rst-check --tcp 22" meant the port of the RST check: say how it is
 * written, alone when --tcp is all there is to drop. */
static void port_hint(const struct form *f, const struct given *g,
		      uint64_t bad, char *err, size_t errlen)
{
	size_t len = strlen(err);

	if (f->mode != MODE_RST_CHECK || !(bad & OPT(TCP)) || !g->tcp_port ||
	    (g->rst_port && g->rst_port != g->tcp_port))
		return;
	if (bad == OPT(TCP))
		snprintf(err, errlen, "--rst-check takes the port itself: use --rst-check %u",
			 g->tcp_port);
	else if (len < errlen)
		snprintf(err + len, errlen - len, "; use --rst-check %u",
			 g->tcp_port);
}

/* Refuses the options given that form f does not take. */
static int refuse(const struct form *f, const struct opts *o,
		  const struct given *g, char *err, size_t errlen)
{
	uint64_t set = g->set, bad = set & ~f->takes;
	const struct refusal *r;
	char names[256];

	if (!bad)
		return 0;
	for (r = f->refuse; r < f->refuse + N(f->refuse) && r->opts; r++) {
		if (!(bad & r->opts))
			continue;
		if (r->list == LIST_ALL) {
			name_list(names, sizeof(names), r->opts);
			snprintf(err, errlen, "%s %s %s", who_of(f, r->who, o),
				 r->says, names);
		} else {
			name_list(names, sizeof(names), bad & r->opts);
			snprintf(err, errlen, "%s %s (drop %s)",
				 who_of(f, r->who, o), r->says, names);
		}
		port_hint(f, g, bad, err, errlen);
		return -EINVAL;
	}
	return refuse_rest(f, o, set, bad, err, errlen);
}

static int pair(uint64_t set, char *err, size_t errlen)
{
	char names[256];

	for (const struct pairing *p = pairings; p < pairings + N(pairings); p++) {
		if (!(set & OPT_BIT(p->opt)))
			continue;
		if ((set & p->needs) != p->needs) {
			name_list(names, sizeof(names), p->needs);
			snprintf(err, errlen, "%s goes with %s (%s)",
				 opts_optdef[p->opt].name, names, p->why);
			return -EINVAL;
		}
		if (set & p->excludes) {
			name_list(names, sizeof(names), p->excludes);
			snprintf(err, errlen, "%s %s: it goes without %s",
				 opts_optdef[p->opt].name, p->why, names);
			return -EINVAL;
		}
	}
	return 0;
}

/* "--tcp 8080" with no HOST after it: the PORT was taken, the HOST is
 * what is missing, and how to write both is said. */
static void port_fix(const struct given *g, const struct opts *o, char *err,
		     size_t errlen)
{
	size_t len = strlen(err);
	const char *name;

	if (g->word_opt < 0 || len >= errlen)
		return;
	name = opts_optdef[g->word_opt].name;
	snprintf(err + len, errlen - len, ": %u is the PORT of %s; write %s %u HOST",
		 o->port, name, name, o->port);
}

/* The words left after the options: the HOST, if the form takes one. */
static int host_of(const struct form *f, const struct given *g, int argc,
		   char *const argv[], struct opts *o, char *err,
		   size_t errlen)
{
	if (f->host == HOST_NONE && optind < argc) {
		snprintf(err, errlen, "%s %s: '%s' is one HOST too many",
			 who_of(f, f->host_who, o), f->host_says, argv[optind]);
		return -EINVAL;
	}
	if (f->host != HOST_ONE)
		return 0;
	if (optind >= argc) {
		if (f->host_says)
			snprintf(err, errlen, "%s %s", who_of(f, f->host_who, o),
				 f->host_says);
		else
			snprintf(err, errlen, "no HOST given%s",
				 g->word_opt < 0 ? " (see --help)" : "");
		port_fix(g, o, err, errlen);
		return -EINVAL;
	}
	if (optind + 1 < argc) {
		snprintf(err, errlen, "one HOST at a time: '%s' is one too many",
			 argv[optind + 1]);
		return -EINVAL;
	}
	o->host = argv[optind];
	return 0;
}

static int host_family(const struct opts *o, char *err, size_t errlen)
{
	struct addr lit;

	if (!o->family || !o->host || addr_pton(o->host, &lit) ||
	    lit.family == o->family)
		return 0;
	snprintf(err, errlen, "%s given, but %s is an %s address",
		 o->family == AF_INET ? "-4" : "-6", o->host,
		 lit.family == AF_INET ? "IPv4" : "IPv6");
	return -EINVAL;
}

/* Whether form f takes what was given, and its values. */
static int judge(const struct form *f, const struct given *g, int argc,
		 char *const argv[], struct opts *o, char *err, size_t errlen)
{
	if (f->takes == OPT_ALL)
		return 0;
	if (refuse(f, o, g, err, errlen) || pair(g->set, err, errlen) ||
	    host_of(f, g, argc, argv, o, err, errlen) ||
	    (f->check && f->check(o, err, errlen)) ||
	    host_family(o, err, errlen))
		return -EINVAL;
	return 0;
}

int opts_parse(int argc, char *const argv[], struct opts *o, char *err,
	       size_t errlen)
{
	struct given g = { .word_opt = -1 };
	const struct form *f;
	int ret;

	memset(o, 0, sizeof(*o));
	ret = collect(argc, argv, o, &g, err, errlen);
	if (!ret) {
		f = opts_form_of(g.set);
		ret = judge(f, &g, argc, argv, o, err, errlen);
		o->mode = f->mode;
	}
	if (!ret && !o->tunnels)
		o->ntunnels = tunnel_defaults(o->tunnel, ADVICE_MAX);
	if (!ret && o->mode == MODE_CLAMP && !o->table[0])
		strcpy(o->table, CLAMP_TABLE);

	/* the reason quotes what was typed: keep it one line of text */
	for (char *p = err; ret && *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = '?';
	return ret;
}

int opts_bounds(struct opts *o, int family, unsigned int ifmtu,
		const char *ifname, char *err, size_t errlen)
{
	unsigned int floor = pkt_min_mtu(family);
	const char *fam = family == AF_INET6 ? "IPv6" : "IPv4";

	if (o->min && o->min < floor) {
		snprintf(err, errlen, "--min %u is below the %s minimum MTU %u",
			 o->min, fam, floor);
		return -EINVAL;
	}
	if (o->max && o->max < floor) {
		snprintf(err, errlen, "--max %u is below the %s minimum MTU %u",
			 o->max, fam, floor);
		return -EINVAL;
	}
	if (!o->min)
		o->min = floor;
	if (!o->max) {
		/* no packet is larger than the family's length field lets
		 * it be, whatever the interface says (jumbograms aside) */
		unsigned int top = family == AF_INET6 ?
				   IP_MAX_PACKET + IP6_HDR_LEN : IP_MAX_PACKET;

		if (ifmtu < o->min) {
			snprintf(err, errlen, "--min %u is above the MTU %u of %s",
				 o->min, ifmtu, ifname);
			return -EINVAL;
		}
		o->max = ifmtu < top ? ifmtu : top;
	}
	if (o->min > o->max) {
		snprintf(err, errlen, "--min %u is above --max %u", o->min, o->max);
		return -EINVAL;
	}
	return 0;
}
