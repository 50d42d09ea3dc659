/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_MEASURE_H
#define MTUPROBE_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "job.h"
#include "opts.h"
#include "report.h"
#include "route.h"
#include "run.h"
#include "sysops.h"

/*
 * One host, measured: resolve, route, open, run the search, judge. The
 * one flow behind every mode that sizes a path (a HOST, -f, --wg-config,
 * --clamp); --rst-check shares its first three steps. It never prints
 * and never changes privileges: a command does both, between
 * measure_prepare() (which opens the sockets) and measure_run().
 */

/* How far a measurement got. */
enum measure_stage {
	MEASURE_RESOLVE,	/* failed: the name did not resolve */
	MEASURE_ROUTE,		/* failed: no route, or bounds that do not fit */
	MEASURE_OPEN,		/* failed: no socket */
	MEASURE_READY,		/* open, to run */
	MEASURE_RUN,		/* failed: a send or receive */
	MEASURE_DONE,		/* judged: rep is the report */
};

struct measurement {
	const char *host;	/* as the user, or a file, wrote it */
	struct opts o;		/* a copy, with the route's bounds filled in */
	struct addr dst;
	struct route_info ri;
	uint32_t mark;		/* on the probes: --fwmark, or a tunnel's */
	char outside[IF_NAMESIZE];	/* the tunnel probed around, or "" */
	bool into_wg;		/* the probes go into a WireGuard tunnel */
	bool refused;		/* the way out cannot be what was asked
				 * (-I), or had (a tunnel's mark) */
	struct chan ch;
	bool open;
	/* Told of each round; set between prepare and run. */
	void (*progress)(void *arg, const struct run_progress *p);
	void *progress_arg;
	struct job job;
	struct report rep;	/* from MEASURE_READY on; advice is the
				 * command's to add */
	enum measure_stage stage;
	bool found;		/* the path MTU was found */
	int code;		/* the exit code: 0 when found */
	char err[512];		/* why not, in one sentence */
};

/*
 * Resolves host (as family, 0 for either), looks up the route, fills in
 * the bounds of o, and opens the sockets. Returns 0 at MEASURE_READY, or
 * an exit code with m->err and m->stage saying why.
 */
int measure_prepare(const struct measure_sys *sys, const struct opts *o,
		    const char *host, int family, struct measurement *m);
/*
 * Runs the searches over the sockets prepare opened, closes them, and
 * judges. Returns 0 when the path MTU was found; EXIT_NO_ANSWER with the
 * report at MEASURE_DONE when it was not; EXIT_SYSTEM at MEASURE_RUN when
 * a send or receive failed. m->err says why in each case.
 */
int measure_run(const struct measure_sys *sys, struct measurement *m);
/* Both, one after the other. */
int measure_host(const struct measure_sys *sys, const struct opts *o,
		 const char *host, int family, struct measurement *m);
/* Closes what prepare opened, for a measurement that will not run. */
void measure_abort(const struct measure_sys *sys, struct measurement *m);
/* The common configuration of a run to m's host: where to, from where,
 * how long to wait, fresh random numbers. Returns 0 or a negative errno. */
int measure_config(const struct measure_sys *sys, const struct measurement *m,
		   struct run_config *c);
/* The status word of a failed measurement, for the JSON failure object
 * (-f, and --json for one host): unknown_host, no_route, bad_bounds,
 * refused or error. */
const char *measure_status(const struct measurement *m);
/* m->err as a command says it of this host alone: a failed run names
 * the host and its address. */
const char *measure_why(const struct measurement *m, char *buf, size_t len);

#endif
