/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_KEEPER_H
#define MTUPROBE_KEEPER_H

#include <stddef.h>

/*
 * The files a run replaces once it has probed (--write, --prom), kept by
 * a small privileged parent. Forked before the prober gives up its
 * privileges, the keeper holds the files' descriptors and the
 * capabilities to replace them, closes everything else, and takes over a
 * socket only the new bytes of each file. Without a keeper (nothing
 * started it), the replacement is made in the process itself.
 */

/*
 * Opens path for a replacement after the probing, and checks now that
 * it can be made. mode < 0: the file must be there, and is read into
 * *buf and *len (at most max bytes; freed by the caller); it is replaced
 * only if it still is the same file with the same bytes, and keeps its
 * owner, group and mode. Else it may not be there yet, and is given mode.
 * Returns the file's slot (>= 0), or a negative errno with one sentence
 * in err.
 */
int keeper_open(const char *path, int mode, size_t max, char **buf,
		size_t *len, char *err, size_t errlen);
/*
 * Forks the keeper where a file was opened: returns 0 in the prober (or
 * at once, with none), and never in the keeper, which ends with the
 * prober's status (its signal, too) once the prober has ended. Signals
 * that end the program, sent to the keeper, go on to the prober. Returns
 * a negative errno with one sentence in err where it cannot fork.
 */
int keeper_start(char *err, size_t errlen);
/* Replaces the file of slot by len bytes of buf. Returns 0, or a negative
 * errno with one sentence in err. */
int keeper_replace(int slot, const char *buf, size_t len, char *err,
		   size_t errlen);

#endif
