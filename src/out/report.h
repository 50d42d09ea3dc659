/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_REPORT_H
#define MTUPROBE_REPORT_H

#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>

#include "addr.h"
#include "advice.h"
#include "rst.h"
#include "run.h"
#include "trace.h"
#include "wgconf.h"

/*
 * Every JSON object printed on a line carries "type", which of the shapes
 * below it is ("probe", "rst-check", "path-mtu", "wg-config", "failure"),
 * and "version", that of the schema man/mtuprobe.schema.json describes. The
 * version goes up when a member goes, or changes its meaning or its type;
 * a member may be added within a version.
 */
enum { REPORT_JSON_VERSION = 1 };

struct report {
	const char *host;	/* as the user wrote it */
	struct addr addr;
	struct addr src;
	const char *ifname;
	unsigned int ifmtu;
	uint32_t fwmark;	/* on the probes; 0: none */
	const char *outside;	/* the tunnel they went around, or NULL */
	bool into_wg;		/* they went into a WireGuard tunnel */
	const char *ifkind;	/* the interface's link kind, or "" */
	unsigned int min;
	unsigned int max;
	const struct run_result *res;
	enum probe_method method;	/* how res was found */
	uint16_t port;			/* TCP: to which port */
	bool tried_tcp;			/* echo got no answer, TCP tried */
	bool tried_udp;			/* ...and a UDP datagram */
	bool fell_back;			/* ...and answered */
	bool syn_data_refused;
	const struct run_result *icmp;	/* echo beside TCP, or NULL */
	const struct trace_result *trace;	/* with --trace, or NULL */
	const struct tunnel *tunnels;	/* to advise on */
	size_t ntunnels;
	bool colour;			/* text: mark the answer, the warnings
					 * and the line to paste */
	bool unprivileged;		/* probed over an ICMP datagram
					 * socket, without raw sockets */
	const struct job *job;		/* what to believe (job_judge), or
					 * NULL */
};

struct job;
/* Fills in what the job found. */
void report_from_job(struct report *r, const struct job *j);

/* The report of a search that found the path MTU, as text or as one JSON
 * object on one line. */
void report_text(FILE *f, const struct report *r);
void report_json(FILE *f, const struct report *r);
/* One JSON object on a line, of type "failure", for a host that was not
 * probed: its name, a status word and the reason. */
void report_json_failure(FILE *f, const char *host, const char *status,
			 const char *why);
/* One sentence for a search that did not end in SEARCH_DONE, without the
 * program's name or a newline. */
void report_failure(char *buf, size_t len, const struct report *r);
const char *report_status(enum search_state state);
/* The advice for a path MTU to an endpoint of family: a table in text, an
 * array in JSON. */
void report_advice_text(FILE *f, unsigned int pmtu, int family,
			const struct tunnel *ts, size_t n);
void report_advice_json(FILE *f, unsigned int pmtu, int family,
			const struct tunnel *ts, size_t n);
/* --path-mtu: the advice for each endpoint family in families, nothing
 * probed. Text: a table per family, a blank line between. JSON: one
 * object on a line, the path MTU and an array per family
 * ("ipv4_endpoint", "ipv6_endpoint"). */
void report_path_mtu_text(FILE *f, unsigned int pmtu, const int *families,
			  size_t nf, const struct tunnel *ts, size_t n);
void report_path_mtu_json(FILE *f, unsigned int pmtu, const int *families,
			  size_t nf, const struct tunnel *ts, size_t n);
/* How the path MTU was found, in a few words ("black hole above it"). */
void report_evidence_brief(FILE *f, const struct report *r);
/* The line for a wg-quick [Interface] section: "MTU = N". */
void report_wg(FILE *f, unsigned int pmtu, int family);
/* What --tunnel takes, with overheads. */
void report_tunnel_list(FILE *f);
/* The RST check: text, or one JSON object; report_failure's sentence when
 * neither RST nor SYN-ACK came. */
void report_rst_text(FILE *f, const struct report *r, const struct rst_obs *o,
		     const struct rst_judgement *j);
void report_rst_json(FILE *f, const struct report *r, const struct rst_obs *o,
		     const struct rst_judgement *j);

/* One destination of -f FILE, for the Prometheus textfile. */
struct prom_entry {
	const char *host;	/* as the file has it */
	struct addr addr;	/* family 0 when it did not resolve */
	char ifname[IF_NAMESIZE];	/* its route's interface, which names
					 * a link-local address's zone; "":
					 * no route */
	bool found;		/* the path MTU was found: */
	unsigned int path_mtu;
	bool black_hole;	/* ...inferred from silence */
	bool probed;		/* and how long the probe took: */
	double seconds;
};

/* The Prometheus text format of n destinations: whether each was sized,
 * and its path MTU, black hole and probe time, one sample per line under
 * each metric's HELP and TYPE. */
void report_prom(FILE *f, const struct prom_entry *e, size_t n);

/* A peer of a wg-quick file, probed or not (--wg-config). */
struct wg_peer_report {
	unsigned int peer;	/* 1-based, counting every [Peer] section */
	unsigned int line;	/* of its Endpoint */
	const char *host;	/* the Endpoint's host and port */
	uint16_t port;
	bool probed;		/* rep is filled in */
	struct report rep;
	unsigned int mtu;	/* the WireGuard MTU; 0: not sized, because */
	char why[384];		/* of this one sentence */
};

struct wg_config_report {
	const char *file;
	const struct wg_peer_report *peers;
	size_t npeers;
	unsigned int current;	/* the file's MTU; 0: none */
	unsigned int mtu;	/* the smallest over the peers; 0 unless all
				 * of them were sized */
	size_t lowest;		/* the peer it came from */
	bool written;		/* --write changed the file */
};

/* The findings of --wg-config: a line per peer and the MTU proposed, as
 * text; or one JSON object, with each peer's probe report inside. */
void report_wg_config_text(FILE *f, const struct wg_config_report *w);
void report_wg_config_json(FILE *f, const struct wg_config_report *w);
/* After the change of the file, as a diff: "wrote FILE" when --write
 * made it. */
void report_wg_config_written(FILE *f, const struct wg_config_report *w);

/* An MSS clamp and where its MSS came from (--clamp, --apply). */
struct clamp;
struct clamp_report {
	const struct clamp *c;
	const struct report *rep;	/* the probe the MSS came from; NULL
					 * with --mss */
	const struct advice *adv;	/* of the tunnel, or of none; with rep */
	bool tunnel;			/* --tunnel named one */
};

/* --clamp: the ruleset for nft -f, under comments that say where the MSS
 * came from. */
void report_clamp_ruleset(FILE *f, const struct clamp_report *r);
/* --apply, once the kernel took it: the probe report (when rep), then
 * what was applied. */
void report_clamp_applied(FILE *f, const struct clamp_report *r);
/* --remove: what became of table inet table. */
void report_clamp_removed(FILE *f, const char *table, bool existed);

/* Whether an interface of link kind kind is a tunnel (GRE, IPIP, SIT,
 * VTI, XFRM, VXLAN, Geneve, L2TP): the report's heading says so. */
bool report_tunnel_kind(const char *kind);

#endif
