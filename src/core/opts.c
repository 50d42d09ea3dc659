// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"
#include "advice.h"
#include "opts.h"
#include "pkt.h"

const char opts_usage[] =
"Usage: mtuprobe [-q] [-4|-6] [--tcp [PORT] [--icmp]] [--min N] [--max N]\n"
"                [--min-wait MS] [--max-wait MS] [--trace]\n"
"                [--tunnel NAME[,NAME...]] [--wg | --json] HOST\n"
"       mtuprobe [-4|-6] --path-mtu N [--tunnel NAME[,NAME...]] [--wg | --json]\n"
"       mtuprobe [--tcp [PORT]] [--min N] [--max N] [--min-wait MS]\n"
"                [--max-wait MS] [--json] --wg-config FILE [--write]\n"
"       mtuprobe [-4|-6] [--tcp [PORT]] [--min N] [--max N] [--min-wait MS]\n"
"                [--max-wait MS] [--tunnel NAME[,NAME...]] [--parallel N]\n"
"                [--prom FILE] -f FILE\n"
"       mtuprobe --tunnel list\n"
"       mtuprobe [-4|-6] --rst-check [PORT] [--json] HOST\n"
"       mtuprobe [-4|-6] [--tcp [PORT]] [--min N] [--max N] [--tunnel NAME]\n"
"                [SELECTION] [--hook HOOK] --clamp | --apply HOST\n"
"       mtuprobe --mss N [SELECTION] [--hook HOOK] --clamp | --apply\n"
"       mtuprobe --remove\n"
"\n"
"Find the largest IP packet that crosses the path to HOST, with DF-set ICMP\n"
"echo probes (or TCP SYNs), and say how it was found: a router's \"too big\"\n"
"reply, a black hole inferred from silence, or the limit of the interface.\n"
"When no echo is answered, TCP SYNs to port 443, then 80, are tried.\n"
"Without CAP_NET_RAW, echo goes over an ICMP datagram socket where\n"
"net.ipv4.ping_group_range allows, else UDP as tracepath does.\n"
"\n"
"  -4, --ipv4         probe over IPv4 only\n"
"  -6, --ipv6         probe over IPv6 only\n"
"      --tcp [PORT]   probe with TCP SYNs to PORT (default: 443) instead of\n"
"                     ICMP echo: it measures the path towards HOST only\n"
"      --icmp         with --tcp, probe with ICMP echo as well, and report\n"
"                     both\n"
"      --rst-check [PORT]  instead of sizing the path, find who sends the\n"
"                     RSTs to SYNs to PORT (default: 443): the server, or\n"
"                     a device on the way\n"
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
"                     none, wireguard, ipsec); --tunnel list shows them all\n"
"      --path-mtu N   advise for a path MTU already known, without probing\n"
"                     (for the IPv4 and IPv6 endpoint, or as -4/-6 say)\n"
"      --wg           print only the wg-quick line: MTU = N\n"
"      --wg-config FILE  probe every peer Endpoint of the wg-quick file\n"
"                     FILE at once, and show the MTU that fits them all as\n"
"                     a change of FILE\n"
"      --write        with --wg-config, make that change in FILE\n"
"      --json         print the report as one JSON object\n"
"  -f, --file FILE    probe every host of FILE (one a line, # comments; -\n"
"                     for standard input), N at once, and print a JSON\n"
"                     object a line for each, as it is done\n"
"      --parallel N   with -f, how many hosts at once (default: 8, at most\n"
"                     64); each has 8 probes in flight, 16 at most\n"
"      --prom FILE    with -f, write a Prometheus textfile (path MTU, black\n"
"                     hole, probe time per host) instead of JSON lines\n"
"\n"
"MSS clamping (nftables, table inet mtuprobe):\n"
"      --clamp        print a ruleset that lowers the MSS of TCP SYNs to\n"
"                     the path MTU less 40 (IPv4) or 60 (IPv6), less the\n"
"                     overhead of --tunnel NAME; nft -f loads it, again\n"
"                     and again\n"
"      --apply        install that ruleset in one netlink batch, replacing\n"
"                     an earlier one, and read it back (CAP_NET_ADMIN)\n"
"      --remove       delete table inet mtuprobe (CAP_NET_ADMIN)\n"
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
"terminal, the report marks the answer in colour, unless NO_COLOR is set.\n"
"Exit status: 0 path MTU found, 1 no answer or unreachable, 2 bad usage,\n"
"3 missing privileges, 4 system error (or the kernel refused the ruleset).\n";

enum {
	OPT_MIN = 256, OPT_MAX, OPT_MIN_WAIT, OPT_MAX_WAIT, OPT_TRACE, OPT_JSON,
	OPT_TCP, OPT_ICMP, OPT_RST_CHECK, OPT_TUNNEL, OPT_PATH_MTU, OPT_WG,
	OPT_WG_CONFIG, OPT_WRITE, OPT_CLAMP, OPT_APPLY, OPT_REMOVE, OPT_SRC,
	OPT_DST, OPT_IPSEC, OPT_HOOK, OPT_MSS, OPT_PARALLEL, OPT_PROM,
};

static const struct option longopts[] = {
	{ "ipv4", no_argument, NULL, '4' },
	{ "ipv6", no_argument, NULL, '6' },
	{ "min", required_argument, NULL, OPT_MIN },
	{ "max", required_argument, NULL, OPT_MAX },
	{ "min-wait", required_argument, NULL, OPT_MIN_WAIT },
	{ "max-wait", required_argument, NULL, OPT_MAX_WAIT },
	{ "trace", no_argument, NULL, OPT_TRACE },
	{ "tcp", optional_argument, NULL, OPT_TCP },
	{ "icmp", no_argument, NULL, OPT_ICMP },
	{ "rst-check", optional_argument, NULL, OPT_RST_CHECK },
	{ "tunnel", required_argument, NULL, OPT_TUNNEL },
	{ "path-mtu", required_argument, NULL, OPT_PATH_MTU },
	{ "wg", no_argument, NULL, OPT_WG },
	{ "wg-config", required_argument, NULL, OPT_WG_CONFIG },
	{ "write", no_argument, NULL, OPT_WRITE },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "file", required_argument, NULL, 'f' },
	{ "parallel", required_argument, NULL, OPT_PARALLEL },
	{ "prom", required_argument, NULL, OPT_PROM },
	{ "clamp", no_argument, NULL, OPT_CLAMP },
	{ "apply", no_argument, NULL, OPT_APPLY },
	{ "remove", no_argument, NULL, OPT_REMOVE },
	{ "interface", required_argument, NULL, 'i' },
	{ "src", required_argument, NULL, OPT_SRC },
	{ "dst", required_argument, NULL, OPT_DST },
	{ "ipsec", no_argument, NULL, OPT_IPSEC },
	{ "hook", required_argument, NULL, OPT_HOOK },
	{ "mss", required_argument, NULL, OPT_MSS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

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

static int parse_size(const char *name, const char *s, unsigned int *out,
		      char *err, size_t errlen)
{
	return parse_number(name, s, IP_MAX_PACKET, "a size in bytes", out,
			    err, errlen);
}

static int parse_ms(const char *name, const char *s, unsigned int *out,
		    char *err, size_t errlen)
{
	return parse_number(name, s, OPTS_WAIT_LIMIT, "a time in milliseconds",
			    out, err, errlen);
}

/* --path-mtu: advice alone, so nothing that probes goes with it. */
static int path_mtu_only(struct opts *o, int argc, char *const argv[],
			 char *err, size_t errlen)
{
	if (optind < argc) {
		snprintf(err, errlen, "--path-mtu probes nothing: '%s' is one HOST too many",
			 argv[optind]);
		return -EINVAL;
	}
	if (o->tcp || o->icmp || o->trace || o->rst_check || o->min || o->max ||
	    o->wg_config || o->write) {
		snprintf(err, errlen, "--path-mtu probes nothing: it goes without --tcp, --icmp, --trace, --rst-check, --min, --max and --wg-config");
		return -EINVAL;
	}
	if (o->path_mtu < IP4_MIN_MTU || (o->family == AF_INET6 &&
					  o->path_mtu < IP6_MIN_MTU)) {
		snprintf(err, errlen, "--path-mtu %u is below the %s minimum MTU %u",
			 o->path_mtu, o->family == AF_INET6 ? "IPv6" : "IPv4",
			 o->family == AF_INET6 ? IP6_MIN_MTU : IP4_MIN_MTU);
		return -EINVAL;
	}
	if (o->wg && o->json) {
		snprintf(err, errlen, "--wg prints one line: it goes without --json");
		return -EINVAL;
	}
	return 0;
}

/* --wg-config: the hosts come from the file, each probed as wg(8) will
 * reach it, and the answer is one MTU line. */
static int wg_config_only(const struct opts *o, int argc, char *const argv[],
			  char *err, size_t errlen)
{
	if (optind < argc) {
		snprintf(err, errlen, "--wg-config probes the endpoints of the file: '%s' is one HOST too many",
			 argv[optind]);
		return -EINVAL;
	}
	if (o->family) {
		snprintf(err, errlen, "--wg-config probes each endpoint as wg(8) reaches it: it goes without -4 and -6");
		return -EINVAL;
	}
	if (o->trace || o->rst_check || o->wg || o->tunnels) {
		snprintf(err, errlen, "--wg-config goes without --trace, --rst-check, --wg and --tunnel");
		return -EINVAL;
	}
	return 0;
}

/* -f: the hosts come from the file, and each gets a JSON line. */
static int hosts_only(const struct opts *o, int argc, char *const argv[],
		      char *err, size_t errlen)
{
	if (optind < argc) {
		snprintf(err, errlen, "-f probes the hosts of the file: '%s' is one HOST too many",
			 argv[optind]);
		return -EINVAL;
	}
	if (o->trace || o->rst_check || o->wg || o->json || o->wg_config ||
	    o->write || o->path_mtu || o->clamp || o->nsel || o->mss ||
	    o->hook_set || o->icmp) {
		snprintf(err, errlen, "-f prints JSON lines: it goes without --json, --wg, --trace, --icmp, --rst-check, --wg-config, --path-mtu and the clamp options");
		return -EINVAL;
	}
	return 0;
}

static const char *const clamp_option[] = {
	[CLAMP_PRINT] = "--clamp",
	[CLAMP_APPLY] = "--apply",
	[CLAMP_REMOVE] = "--remove",
};

/* Takes one of -i, --src, --dst, --ipsec. */
static int add_selector(struct opts *o, int c, const char *arg, char *err,
			size_t errlen)
{
	struct clamp_sel sel;
	int ret;

	if (c == OPT_IPSEC) {
		for (size_t i = 0; i < o->nsel; i++)
			if (o->sel[i].match == CLAMP_IPSEC_IN)
				return 0;
		memset(&sel, 0, sizeof(sel));
		sel.match = CLAMP_IPSEC_IN;
		ret = 0;
	} else if (c == 'i') {
		ret = clamp_iface_parse(arg, &sel, err, errlen);
	} else {
		ret = clamp_net_parse(arg, c == OPT_SRC ? CLAMP_SADDR :
				      CLAMP_DADDR, &sel, err, errlen);
	}
	if (ret)
		return ret;
	if (o->nsel == CLAMP_MAX_SEL) {
		snprintf(err, errlen, "at most %d of -i, --src, --dst and --ipsec",
			 CLAMP_MAX_SEL);
		return -EINVAL;
	}
	o->sel[o->nsel++] = sel;
	return 0;
}

/* --clamp, --apply, --remove and what goes with them. */
static int clamp_only(const struct opts *o, int argc, char *const argv[],
		      char *err, size_t errlen)
{
	const char *name = clamp_option[o->clamp];
	struct tunnel ts[ADVICE_MAX];

	if (!o->clamp) {
		snprintf(err, errlen, "-i, --src, --dst, --ipsec, --hook and --mss go with --clamp or --apply");
		return -EINVAL;
	}
	if (o->trace || o->rst_check || o->wg || o->json || o->wg_config ||
	    o->write || o->path_mtu) {
		snprintf(err, errlen, "%s goes without --trace, --rst-check, --wg, --json, --wg-config, --write and --path-mtu",
			 name);
		return -EINVAL;
	}
	if (o->clamp == CLAMP_REMOVE) {
		if (o->nsel || o->hook_set || o->mss || o->tcp || o->icmp ||
		    o->min || o->max || o->min_wait || o->max_wait ||
		    o->tunnels || o->family) {
			snprintf(err, errlen, "--remove deletes table inet " CLAMP_TABLE ": it goes alone");
			return -EINVAL;
		}
		if (optind < argc) {
			snprintf(err, errlen, "--remove probes nothing: '%s' is one HOST too many",
				 argv[optind]);
			return -EINVAL;
		}
		return 0;
	}
	if (o->mss) {
		if (optind < argc) {
			snprintf(err, errlen, "--mss %u probes nothing: '%s' is one HOST too many",
				 o->mss, argv[optind]);
			return -EINVAL;
		}
		if (o->tcp || o->icmp || o->min || o->max || o->min_wait ||
		    o->max_wait || o->tunnels || o->family) {
			snprintf(err, errlen, "--mss probes nothing: it goes without -4, -6, --tcp, --icmp, --min, --max, --min-wait, --max-wait and --tunnel");
			return -EINVAL;
		}
		if (o->mss < CLAMP_MSS_MIN || o->mss > CLAMP_MSS_MAX) {
			snprintf(err, errlen, "--mss %u: the MSS must be %d to %d",
				 o->mss, CLAMP_MSS_MIN, CLAMP_MSS_MAX);
			return -EINVAL;
		}
		return 0;
	}
	if (o->tunnels && tunnel_list_parse(o->tunnels, ts, ADVICE_MAX, err,
					    errlen) != 1) {
		snprintf(err, errlen, "%s clamps for one tunnel: --tunnel takes one name here",
			 name);
		return -EINVAL;
	}
	if (optind >= argc) {
		snprintf(err, errlen, "%s needs a HOST to probe, or --mss N",
			 name);
		return -EINVAL;
	}
	return 0;
}

static int parse(int argc, char *const argv[], struct opts *o, char *err,
		 size_t errlen)
{
	struct tunnel tunnels[ADVICE_MAX];

	struct addr lit;
	int c;

	memset(o, 0, sizeof(*o));
	/* 0 rather than 1 makes glibc reset its state, so parsing can run
	 * more than once in a process (the unit tests do). */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":46hqVi:f:", longopts, NULL)) != -1) {
		switch (c) {
		case '4':
		case '6':
			if (o->family) {
				snprintf(err, errlen, "-4 and -6 exclude each other");
				return -EINVAL;
			}
			o->family = c == '4' ? AF_INET : AF_INET6;
			break;
		case OPT_MIN:
			if (parse_size("--min", optarg, &o->min, err, errlen))
				return -EINVAL;
			break;
		case OPT_MAX:
			if (parse_size("--max", optarg, &o->max, err, errlen))
				return -EINVAL;
			break;
		case OPT_MIN_WAIT:
			if (parse_ms("--min-wait", optarg, &o->min_wait, err, errlen))
				return -EINVAL;
			break;
		case OPT_MAX_WAIT:
			if (parse_ms("--max-wait", optarg, &o->max_wait, err, errlen))
				return -EINVAL;
			break;
		case OPT_TRACE:
			o->trace = true;
			break;
		case OPT_TCP:
		case OPT_RST_CHECK:
			if (c == OPT_TCP)
				o->tcp = true;
			else
				o->rst_check = true;
			/* "--tcp PORT HOST" as well as "--tcp=PORT HOST" */
			if (!optarg && optind + 1 < argc && is_number(argv[optind]))
				optarg = argv[optind++];
			if (optarg && parse_number(c == OPT_TCP ? "--tcp" :
						   "--rst-check", optarg, 65535,
						   "a port", &o->port, err, errlen))
				return -EINVAL;
			break;
		case OPT_ICMP:
			o->icmp = true;
			break;
		case OPT_TUNNEL:
			if (!strcmp(optarg, "list")) {
				o->tunnel_list = true;
				return 0;
			}
			err[0] = '\0';
			if (tunnel_list_parse(optarg, tunnels, ADVICE_MAX, err,
					      errlen) < 0) {
				if (!*err)
					snprintf(err, errlen, "--tunnel: at most %d names",
						 ADVICE_MAX);
				return -EINVAL;
			}
			o->tunnels = optarg;
			break;
		case OPT_PATH_MTU:
			if (parse_size("--path-mtu", optarg, &o->path_mtu, err,
				       errlen))
				return -EINVAL;
			break;
		case OPT_WG:
			o->wg = true;
			break;
		case OPT_WG_CONFIG:
			if (!*optarg) {
				snprintf(err, errlen, "--wg-config needs a file name");
				return -EINVAL;
			}
			o->wg_config = optarg;
			break;
		case OPT_WRITE:
			o->write = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case 'f':
		case OPT_PROM:
			if (!*optarg) {
				snprintf(err, errlen, "%s needs a file name",
					 c == 'f' ? "-f" : "--prom");
				return -EINVAL;
			}
			*(c == 'f' ? &o->hosts_file : &o->prom) = optarg;
			break;
		case OPT_PARALLEL:
			if (parse_number("--parallel", optarg, OPTS_PARALLEL_MAX,
					 "a number of hosts", &o->parallel, err,
					 errlen))
				return -EINVAL;
			break;
		case OPT_CLAMP:
		case OPT_APPLY:
		case OPT_REMOVE: {
			enum clamp_action a = c == OPT_CLAMP ? CLAMP_PRINT :
					      c == OPT_APPLY ? CLAMP_APPLY :
					      CLAMP_REMOVE;

			if (o->clamp && o->clamp != a) {
				snprintf(err, errlen, "--clamp, --apply and --remove exclude each other");
				return -EINVAL;
			}
			o->clamp = a;
			break;
		}
		case 'i':
		case OPT_SRC:
		case OPT_DST:
		case OPT_IPSEC:
			if (add_selector(o, c, optarg, err, errlen))
				return -EINVAL;
			break;
		case OPT_HOOK:
			if (clamp_hook_parse(optarg, &o->hook, err, errlen))
				return -EINVAL;
			o->hook_set = true;
			break;
		case OPT_MSS:
			if (parse_number("--mss", optarg, CLAMP_MSS_MAX,
					 "an MSS in bytes", &o->mss, err, errlen))
				return -EINVAL;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			o->help = true;
			return 0;
		case 'V':
			o->version = true;
			return 0;
		case ':':
			snprintf(err, errlen, "%s needs a value", argv[optind - 1]);
			return -EINVAL;
		default:
			if (optopt)
				snprintf(err, errlen, "unknown option '-%c' (see --help)", optopt);
			else
				snprintf(err, errlen, "unknown option '%s' (see --help)",
					 argv[optind - 1]);
			return -EINVAL;
		}
	}
	if ((o->parallel || o->prom) && !o->hosts_file) {
		snprintf(err, errlen, "--parallel and --prom go with -f FILE");
		return -EINVAL;
	}
	if (o->hosts_file) {
		if (hosts_only(o, argc, argv, err, errlen))
			return -EINVAL;
		if (!o->parallel)
			o->parallel = OPTS_PARALLEL;
	}
	if (o->clamp || o->nsel || o->hook_set || o->mss) {
		if (clamp_only(o, argc, argv, err, errlen))
			return -EINVAL;
		/* nothing to probe: no HOST, no waits */
		if (o->clamp == CLAMP_REMOVE || o->mss)
			return 0;
	}
	if (o->path_mtu)
		return path_mtu_only(o, argc, argv, err, errlen);
	if (o->write && !o->wg_config) {
		snprintf(err, errlen, "--write goes with --wg-config FILE: it writes the MTU into FILE");
		return -EINVAL;
	}
	if (o->wg_config) {
		if (wg_config_only(o, argc, argv, err, errlen))
			return -EINVAL;
	} else if (o->hosts_file) {
		/* the hosts come from the file */
	} else if (optind >= argc) {
		snprintf(err, errlen, "no HOST given (see --help)");
		return -EINVAL;
	} else if (optind + 1 < argc) {
		snprintf(err, errlen, "one HOST at a time: '%s' is one too many",
			 argv[optind + 1]);
		return -EINVAL;
	} else {
		o->host = argv[optind];
	}
	if (o->wg && (o->json || o->trace || o->rst_check || o->icmp)) {
		snprintf(err, errlen, "--wg prints one line: it goes without --json, --trace, --icmp and --rst-check");
		return -EINVAL;
	}
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
	if (o->icmp && !o->tcp) {
		snprintf(err, errlen, "--icmp goes with --tcp (ICMP echo is the default)");
		return -EINVAL;
	}
	if (o->rst_check && (o->tcp || o->icmp || o->trace || o->min ||
			     o->max)) {
		snprintf(err, errlen, "--rst-check goes alone: it sizes nothing");
		return -EINVAL;
	}
	if ((o->tcp || o->rst_check) && !o->port)
		o->port = OPTS_TCP_PORT;
	if (o->min && o->max && o->min > o->max) {
		snprintf(err, errlen, "--min %u is above --max %u", o->min, o->max);
		return -EINVAL;
	}
	if (o->family && o->host && !addr_pton(o->host, &lit) && lit.family != o->family) {
		snprintf(err, errlen, "%s given, but %s is an %s address",
			 o->family == AF_INET ? "-4" : "-6", o->host,
			 lit.family == AF_INET ? "IPv4" : "IPv6");
		return -EINVAL;
	}
	return 0;
}

static enum mode mode_of(const struct opts *o)
{
	return o->help ? MODE_HELP : o->version ? MODE_VERSION :
	       o->tunnel_list ? MODE_TUNNEL_LIST : o->clamp ? MODE_CLAMP :
	       o->hosts_file ? MODE_HOSTS : o->wg_config ? MODE_WG_CONFIG :
	       o->path_mtu ? MODE_PATH_MTU : o->rst_check ? MODE_RST_CHECK :
	       MODE_PROBE;
}

int opts_parse(int argc, char *const argv[], struct opts *o, char *err,
	       size_t errlen)
{
	int ret = parse(argc, argv, o, err, errlen), n;

	if (!ret) {
		o->mode = mode_of(o);
		n = o->tunnels ? tunnel_list_parse(o->tunnels, o->tunnel,
						   ADVICE_MAX, err, errlen) :
				 (int)tunnel_defaults(o->tunnel, ADVICE_MAX);
		o->ntunnels = n > 0 ? (size_t)n : 0;
	}

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
		if (ifmtu < o->min) {
			snprintf(err, errlen, "--min %u is above the MTU %u of %s",
				 o->min, ifmtu, ifname);
			return -EINVAL;
		}
		o->max = ifmtu;
	}
	if (o->min > o->max) {
		snprintf(err, errlen, "--min %u is above --max %u", o->min, o->max);
		return -EINVAL;
	}
	return 0;
}
