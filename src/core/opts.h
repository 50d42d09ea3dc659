/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_OPTS_H
#define MTUPROBE_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "advice.h"
#include "clamp.h"

enum clamp_action {
	CLAMP_NO_ACTION,
	CLAMP_PRINT,		/* --clamp: print the nft ruleset */
	CLAMP_APPLY,		/* --apply: install it */
	CLAMP_REMOVE,		/* --remove: delete the table */
};

/* What a run does: decided once, by the parser, from the options given. */
enum mode {
	MODE_PROBE,		/* HOST: size the path to it */
	MODE_RST_CHECK,		/* --rst-check HOST: who sends the RSTs */
	MODE_PATH_MTU,		/* --path-mtu N: advice, nothing sent */
	MODE_WG_CONFIG,		/* --wg-config FILE [--write] */
	MODE_HOSTS,		/* -f FILE: many hosts, a JSON line each */
	MODE_CLAMP,		/* --clamp, --apply, --remove (see clamp) */
	MODE_TUNNEL_LIST,	/* --tunnel list */
	MODE_HELP,
	MODE_VERSION,
};

struct opts {
	enum mode mode;
	int family;		/* AF_INET, AF_INET6, or 0 for either */
	unsigned int min;	/* 0: the protocol minimum */
	unsigned int max;	/* 0: the interface MTU */
	unsigned int min_wait;	/* ms, bounds of the wait for a round */
	unsigned int max_wait;
	bool json;
	bool quiet;		/* -q: no status line */
	bool trace;
	bool tcp;		/* probe with TCP SYNs */
	bool icmp;		/* and with ICMP echo as well */
	bool rst_check;		/* who sends the RSTs to port */
	unsigned int port;	/* TCP port, 0: the default */
	const char *tunnels;	/* --tunnel NAME[,NAME...], or NULL */
	struct tunnel tunnel[ADVICE_MAX];	/* those, parsed once; without
						 * --tunnel the defaults */
	size_t ntunnels;
	bool tunnel_list;	/* --tunnel list */
	unsigned int path_mtu;	/* --path-mtu N: advice without probing */
	bool wg;		/* print only the wg-quick MTU line */
	const char *wg_config;	/* --wg-config FILE: probe its endpoints */
	bool write;		/* and write the MTU into it */
	const char *hosts_file;	/* -f FILE: many destinations ("-": stdin) */
	unsigned int parallel;	/* --parallel N of them at once */
	bool fwmark_set;	/* --fwmark N: probes carry mark fwmark */
	unsigned int fwmark;
	/* -I IFACE|ADDRESS: the probes leave by this interface, or from
	 * this source address (family 0: not given) */
	char egress_if[IF_NAMESIZE];
	struct addr egress_src;
	const char *prom;	/* --prom FILE: a Prometheus textfile */
	enum clamp_action clamp;
	struct clamp_sel sel[CLAMP_MAX_SEL];	/* -i, --src, --dst, --ipsec */
	size_t nsel;
	enum clamp_hook hook;	/* --hook, default forward */
	bool hook_set;
	char table[CLAMP_TABLE_MAX + 1];	/* --table, default CLAMP_TABLE */
	unsigned int mss;	/* --mss N: the IPv4 MSS, without probing */
	bool help;
	bool version;
	const char *host;	/* NULL but in MODE_PROBE, MODE_RST_CHECK
				 * and a clamp that probes */
};

enum {
	OPTS_MIN_WAIT = 20,	/* ms: well above a LAN's round trip */
	OPTS_MAX_WAIT = 1000,	/* ms: RFC 6298's initial timeout */
	OPTS_WAIT_LIMIT = 60000,
	OPTS_TCP_PORT = 443,
	OPTS_PARALLEL = 8,	/* destinations of -f probed at once */
	OPTS_PARALLEL_MAX = 64,
};

extern const char opts_usage[];

/* Parses the command line into a command: its mode, from one table of the
 * options each mode takes, and the values. Returns 0, or -EINVAL with a
 * one-line reason in err (no program name, no newline). */
int opts_parse(int argc, char *const argv[], struct opts *o, char *err,
	       size_t errlen);
/* Checks the size bounds once the family and the interface MTU are known,
 * and fills in the defaults. Returns 0, or -EINVAL with the reason. */
int opts_bounds(struct opts *o, int family, unsigned int ifmtu,
		const char *ifname, char *err, size_t errlen);

#endif
