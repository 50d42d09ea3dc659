/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_REPORT_H
#define MTUPROBE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "addr.h"
#include "run.h"
#include "trace.h"

struct report {
	const char *host;	/* as the user wrote it */
	struct addr addr;
	struct addr src;
	const char *ifname;
	unsigned int ifmtu;
	unsigned int min;
	unsigned int max;
	const struct run_result *res;
	const struct trace_result *trace;	/* with --trace, or NULL */
};

/* The report of a search that found the path MTU, as text or as one JSON
 * object on one line. */
void report_text(FILE *f, const struct report *r);
void report_json(FILE *f, const struct report *r);
/* One sentence for a search that did not end in SEARCH_DONE, without the
 * program's name or a newline. */
void report_failure(char *buf, size_t len, const struct report *r);
const char *report_status(enum search_state state);

#endif
