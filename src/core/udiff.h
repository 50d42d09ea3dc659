/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_UDIFF_H
#define MTUPROBE_UDIFF_H

#include <stddef.h>
#include <stdio.h>

/* Writes one line (len bytes, its '\n' included when it has one). */
typedef void udiff_put_fn(FILE *f, const char *line, size_t len);

/*
 * Writes to f the unified diff (diff -u) that turns a (alen bytes) into b
 * (blen bytes): the "---" and "+++" header with the two names, then one
 * hunk from the first line that differs to the last, with up to ctx lines
 * of unchanged context on each side. Lines are kept byte for byte, CR
 * included; a last line without a line end is followed by the usual
 * "\ No newline at end of file". Every line of a or b is written through
 * put (NULL: fwrite), after its ' ', '-' or '+' mark. Writes nothing when
 * a and b are the same.
 * Returns 0, or -ENOMEM.
 */
int udiff(FILE *f, const char *aname, const char *bname, const char *a,
	  size_t alen, const char *b, size_t blen, unsigned int ctx,
	  udiff_put_fn *put);

#endif
