/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_EXIT_H
#define MTUPROBE_EXIT_H

/*
 * The error convention, in three tiers:
 *  - src/core and src/sys: a function returns 0 or a negative errno;
 *    where the errno alone cannot say what went wrong, it writes one
 *    sentence (no program name, no newline) into the caller's err and
 *    errlen. Nothing there prints or exits.
 *  - the measurement of a host (measure.h) turns those into an exit code
 *    below and one sentence, and still prints nothing.
 *  - the commands (src/cmd) print: a report on stdout, a failure through
 *    die() on stderr, and return the exit code to main().
 */
enum {
	EXIT_FOUND = 0,
	EXIT_NO_ANSWER = 1,	/* unreachable, not answering, no route */
	EXIT_USAGE = 2,
	EXIT_PRIVILEGE = 3,
	EXIT_SYSTEM = 4,	/* or the kernel refused the ruleset */
};

/* Prints "mtuprobe: ", the message and a newline to stderr; returns
 * code, so that a command can end with return die(...). */
__attribute__((format(printf, 2, 3)))
int die(int code, const char *fmt, ...);

#endif
