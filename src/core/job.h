/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_JOB_H
#define MTUPROBE_JOB_H

#include <stdbool.h>
#include <stdint.h>

#include "run.h"
#include "trace.h"

/*
 * One run of the program: which searches go out, in which order, and what
 * follows from their results. ICMP echo first, unless TCP was asked for;
 * TCP SYNs to port 443, then 80, when no echo is answered at all; both,
 * when asked; the trace of the path the answer came from.
 */

enum { JOB_FALLBACK_PORTS = 2 };

struct job {
	/* in: the common configuration; method, ports and numbers are set
	 * by job_run for each search */
	struct run_config cfg;
	bool tcp;		/* TCP SYNs to port rather than echo */
	bool icmp;		/* with tcp: echo as well */
	bool trace;
	bool no_tcp;		/* the sockets cannot send TCP: no fallback */
	uint16_t port;
	unsigned int ifmtu;

	/* out */
	struct run_result res;		/* the answer */
	enum probe_method method;	/* how it was found */
	uint16_t res_port;		/* TCP: to which port */
	bool tried_tcp;			/* echo got nothing: TCP tried */
	bool fell_back;			/* ...and TCP got answers */
	bool syn_data_refused;		/* SYNs answered only without data */
	bool have_icmp;			/* echo ran beside TCP: */
	struct run_result icmp_res;	/* its answer */
	bool have_trace;
	struct trace_result tr;
};

/* Runs the job over ops. Returns 0 with the out fields filled, or the
 * negative errno of a send or receive that failed. */
int job_run(const struct net_ops *ops, void *ctx, struct job *j);

#endif
