/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_CLAMPRUN_H
#define MTUPROBE_CLAMPRUN_H

#include "target.h"

/*
 * --clamp, --apply, --remove. The MSS comes from --mss, or from probing
 * t->o.host (less the overhead of --tunnel NAME); --clamp prints the nft
 * ruleset, --apply installs it in one batch and reads it back, --remove
 * deletes the table. Returns the exit code, having said what went wrong:
 * EXIT_PRIVILEGE before any work when CAP_NET_ADMIN is missing,
 * EXIT_NO_ANSWER when the path could not be sized (nothing changed),
 * EXIT_SYSTEM when the kernel refused the batch (nothing changed) or the
 * read-back differs.
 */
int clamp_run(struct target *t);

#endif
