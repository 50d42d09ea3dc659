/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_PRIV_H
#define MTUPROBE_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Capabilities, as ping does them: raise what a run needs from the
 * permitted set (root, a setuid bit, setcap cap_net_raw+p, or ambient
 * capabilities), open the sockets, then give up everything the rest of
 * the run does not need, and a setuid root's uid with it.
 */

#define PRIV_CAP(c) (UINT64_C(1) << (c))

/* The user a root run probes as, where the system has one; else nobody
 * (PRIV_NOBODY where not even that is named). */
#define PRIV_USER "mtuprobe"
#define PRIV_NOBODY 65534

/* Makes the capabilities of want effective where they are permitted.
 * Returns those of want that are not. */
uint64_t priv_raise(uint64_t want);
/* The effective capabilities, and keeping only those of keep effective
 * (the others stay permitted, for priv_raise()). */
uint64_t priv_effective(void);
void priv_lower(uint64_t keep);
/* Whether the program runs with another user's or group's identity than
 * its caller's (a setuid or setgid install). */
bool priv_setid(void);
/*
 * In a setuid or setgid run, becomes the caller at once, keeping only the
 * capabilities of keep, permitted and not effective: names are resolved
 * and routes looked up as the caller, and the sockets opened with
 * priv_raise() around them. Returns 0, or a negative errno with one
 * sentence in err.
 */
int priv_become_caller(uint64_t keep, char *err, size_t errlen);
/*
 * Keeps only the capabilities of keep (those permitted), effective. A
 * setuid or setgid run returns to the caller's uid and gid; with
 * leave_root, a root run that may change its uid becomes PRIV_USER (or
 * nobody), without supplementary groups, keeping those capabilities.
 * Then checks that nothing else is left and that no way back remains.
 * Returns 0, or a negative errno with one sentence in err.
 */
int priv_drop(uint64_t keep, bool leave_root, char *err, size_t errlen);

#endif
