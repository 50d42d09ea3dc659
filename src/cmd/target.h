/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_TARGET_H
#define MTUPROBE_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "job.h"
#include "opts.h"
#include "rawsock.h"
#include "report.h"
#include "route.h"
#include "run.h"

/*
 * A destination made ready to probe: its address, the route to it, and the
 * options with the size bounds of that route filled in. Shared by a run
 * on one HOST and by the run on every endpoint of a wg-quick file.
 */
struct target {
	const char *host;	/* as the user (or the file) wrote it */
	struct addr dst;
	struct route_info ri;
	struct opts o;		/* a copy, bounds filled in */
};

/* Prints "mtuprobe: " and the message to stderr; returns code. */
__attribute__((format(printf, 2, 3)))
int die(int code, const char *fmt, ...);

/* Resolves host (of family, 0 for either) into dst the way wg(8) and
 * ping do: the first address getaddrinfo gives. Returns 0, or an exit
 * code with one sentence in err. */
int target_resolve(const char *host, int family, struct addr *dst,
		   char *err, size_t errlen);
/* Looks up the route to t->dst and fills in t->ri and the bounds of t->o.
 * Returns 0, or an exit code with one sentence in err: EXIT_NO_ANSWER when
 * there is no route, EXIT_USAGE when the bounds do not fit the route. */
int target_route(struct target *t, char *err, size_t errlen);
/* What every run to t shares: where to, from where, how long to wait,
 * with fresh random numbers (echo id, cookie, ports, ISN). Returns 0 or a
 * negative errno. */
int target_config(const struct target *t, struct run_config *c);
/* The same for a job (see job.h), with what the options ask of it and
 * what the sockets rs allow. */
int target_job(const struct target *t, const struct rawsock *rs,
	       struct job *j);
/* Whether a run of o may probe with an ICMP datagram socket, or UDP,
 * when raw sockets are refused: not with TCP. */
bool target_may_use_ping(const struct opts *o);
/* Runs the job j over the sockets rs: the searches of job_run(), or over a
 * UDP socket udp_run(). Returns 0 or a negative errno. */
int target_run(struct rawsock *rs, struct job *j);
void target_report(const struct target *t, struct report *r);
/* Opens the raw sockets to t, or without CAP_NET_RAW, where the run
 * allows it, an ICMP datagram socket (rs->ops says which). Returns 0, or
 * an exit code with the reason in err. */
int target_open(const struct target *t, struct rawsock *rs, char *err,
		size_t errlen);
/* The capabilities the run o asks for needs: CAP_NET_RAW to probe,
 * CAP_NET_ADMIN for nftables, and those target_keeps() names. */
uint64_t target_needs(const struct opts *o);
/* Those it needs once its sockets are open: CAP_NET_ADMIN for --apply,
 * what keeps a file's owner and mode for --write. */
uint64_t target_keeps(const struct opts *o);
/* Gives up every other privilege (priv_drop). Returns 0, or an exit code
 * once it has said why. */
int target_drop(const struct opts *o);
/* target_open(), then target_drop(): the sockets of a run to t alone.
 * Returns 0, or an exit code once it has said why, with nothing open. */
int target_open_alone(const struct target *t, struct rawsock *rs);
/* Opens the sockets, runs the job j to t (which the caller allocates) and
 * fills r from it. Returns 0, or an exit code once it has said why. */
int target_measure(const struct target *t, struct job *j, struct report *r);

#endif
