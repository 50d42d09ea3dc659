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

/* Makes the capabilities of want effective where they are permitted.
 * Returns those of want that are not. */
uint64_t priv_raise(uint64_t want);
/* Whether the program runs with another user's or group's identity than
 * its caller's (a setuid or setgid install). */
bool priv_setid(void);
/*
 * Keeps only the capabilities of keep (those permitted), and, in a setuid
 * or setgid run, returns to the caller's uid and gid; then checks that
 * nothing else is left and that no way back remains. Returns 0, or a
 * negative errno with one sentence in err.
 */
int priv_drop(uint64_t keep, char *err, size_t errlen);

#endif
