/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_CMD_H
#define MTUPROBE_CMD_H

#include <stdint.h>
#include <stdio.h>

#include "measure.h"
#include "opts.h"

/*
 * The commands, one per mode (opts.h): each takes the command line as
 * parsed and the environment it runs in, prints its report to out and
 * its failures through die(), and returns the exit code (exit.h).
 */
struct cmd_env {
	const struct measure_sys *sys;
	/* Starts the keeper of the files to replace, if any, then gives up
	 * every privilege but keep, and a root run its uid (priv_drop()); a
	 * no-op in the unit tests. Returns 0, or a negative errno with one
	 * sentence. */
	int (*drop)(uint64_t keep, char *err, size_t errlen);
	FILE *out;		/* the report: stdout, or a test's buffer */
	bool colour;		/* text reports may mark the answer */
	bool notes;		/* stderr is a terminal: say what a command
				 * assumed that the user did not give */
};

int cmd_probe(const struct cmd_env *e, const struct opts *o);
int cmd_rst_check(const struct cmd_env *e, const struct opts *o);
int cmd_hosts(const struct cmd_env *e, const struct opts *o);
int cmd_wg_config(const struct cmd_env *e, const struct opts *o);
int cmd_clamp(const struct cmd_env *e, const struct opts *o);
int cmd_path_mtu(const struct cmd_env *e, const struct opts *o);
int cmd_tunnel_list(const struct cmd_env *e, const struct opts *o);

/* Raises the capabilities o needs, or says which is missing and how to
 * grant it. Returns 0, or the exit code once it has said why. */
int cmd_privileges(const struct opts *o);
/* The capabilities a run of o needs: CAP_NET_RAW to probe, CAP_NET_ADMIN
 * for nftables, those the keeper of --write and --prom needs, and those
 * cmd_keeps() names. */
uint64_t cmd_needs(const struct opts *o);
/* Those it needs once its sockets are open: CAP_NET_RAW for -f, which
 * opens them host by host, and CAP_NET_ADMIN for --apply. */
uint64_t cmd_keeps(const struct opts *o);
/* Gives up what o does not keep. Returns 0, or the exit code once it has
 * said why. */
int cmd_drop(const struct cmd_env *e, const struct opts *o);
/* Prepares m to host alone (measure_prepare()), drops the privileges o
 * does not keep, shows the status line on a terminal, and runs. Returns
 * 0 when the run ended (m->found says how), or the exit code once it has
 * said why. */
int cmd_measure(const struct cmd_env *e, const struct opts *o,
		struct measurement *m);

/* Calls fn(arg, i) for each i below n, from at most nthreads threads.
 * Returns 0, or the negative errno of a thread that could not start (the
 * threads that did finish the work). */
int pool_run(size_t n, unsigned int nthreads,
	     void (*fn)(void *arg, size_t i), void *arg);

#endif
