/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_FILE_H
#define MTUPROBE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/*
 * Reads the file at path ("-": standard input) whole into a malloc'ed
 * buffer (*buf, *len; NUL-terminated one byte past len), at most max
 * bytes. With regular set, only a regular file is taken. Returns 0, or
 * -EFBIG past max, -EISDIR for a directory, -EINVAL for what is not a
 * regular file (with regular), -EAGAIN when it grew while being read, or
 * another negative errno.
 */
int file_read(const char *path, size_t max, bool regular, char **buf,
	      size_t *len);

/* With the whole file, what a replacement of it checks: the bytes it
 * must still hold. */
struct file_old {
	const char *buf;
	size_t len;
};

/*
 * Replaces the file at path by len bytes of buf, through a temporary file
 * beside it that is synced and renamed over it: the file is at all times
 * either the old one or the new one, and a symbolic link is followed and
 * stays. mode < 0 gives the new file the old one's mode and owner; else
 * mode, and the caller's owner. With old set, nothing is written when the
 * file no longer holds old (-EAGAIN). Signals that end the program wait
 * until the temporary file is renamed or removed. Returns 0, or a negative
 * errno with one sentence in err.
 */
int file_replace(const char *path, const char *buf, size_t len,
		 const struct file_old *old, int mode, char *err,
		 size_t errlen);

#endif
