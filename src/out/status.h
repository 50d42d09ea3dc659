/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_STATUS_H
#define MTUPROBE_STATUS_H

#include <stdbool.h>

#include "opts.h"
#include "run.h"

/*
 * The live status line on a terminal: one line on standard error, redrawn
 * as each round of probes goes out (where the path MTU lies, the sizes in
 * flight), and erased before the report.
 */
struct status {
	const char *host;
	unsigned int cols;
	bool shown;
};

/* Whether a run with o shows one: standard error is a terminal, and no
 * -q. */
bool status_wanted(const struct opts *o);
void status_init(struct status *s, const char *host);
/* For run_config.progress, with the struct status as its argument. */
void status_progress(void *arg, const struct run_progress *p);
void status_clear(struct status *s);

#endif
