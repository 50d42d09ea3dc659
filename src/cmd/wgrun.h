/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_WGRUN_H
#define MTUPROBE_WGRUN_H

#include "opts.h"

/*
 * --wg-config FILE [--write]: reads the wg-quick file, probes every peer's
 * Endpoint at once (a thread each), and proposes the smallest WireGuard
 * MTU over them, as a report and a diff of the file; with --write, puts
 * it into the file through a temporary file and a rename, keeping mode
 * and owner. Returns the exit code, having said what went wrong:
 * EXIT_USAGE for a file that cannot be read or used (nothing probed),
 * EXIT_NO_ANSWER when a peer could not be sized (nothing written),
 * EXIT_PRIVILEGE, or EXIT_SYSTEM (a failed write leaves the file as it
 * was).
 */
int wg_config_run(const struct opts *o);

#endif
