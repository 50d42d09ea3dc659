/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_MULTIRUN_H
#define MTUPROBE_MULTIRUN_H

#include "opts.h"

/*
 * -f FILE: probes every host of the file, --parallel of them at a time
 * (a thread each, its own sockets), and prints one JSON object a line for
 * each as it is done, or with --prom writes a Prometheus textfile once
 * all are, through a temporary file and a rename. Returns the exit code:
 * EXIT_FOUND when every host was sized, EXIT_NO_ANSWER when some was not
 * (its line says why), EXIT_USAGE for a file that cannot be read or used
 * (nothing probed), EXIT_SYSTEM.
 */
int multi_run(const struct opts *o);

#endif
