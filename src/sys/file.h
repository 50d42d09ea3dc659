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

/* What a replacement checks the file still holds: the bytes it was read
 * with. */
struct file_old {
	const char *buf;
	size_t len;
};

/*
 * A file to replace after the probing, opened before it: the directory
 * it is in (every later step works through that descriptor), and the
 * file itself where it exists (the one a symbolic link points to), with
 * what fstat said of it.
 */
struct file_target {
	const char *path;	/* as given */
	char *real;		/* links followed */
	const char *base;	/* its name in the directory, within real */
	int dfd, fd;		/* the directory; the file, or -1 */
	struct stat st;
	size_t max;
};

/*
 * Opens path as a target: with existing, a regular file of at most max
 * bytes that must be there; else one that may not be there yet. Checks
 * now that it could be replaced (write access to it and its directory).
 * A FIFO or device put in its place is refused, never waited on. Returns
 * 0, or a negative errno with one sentence in err.
 */
int file_target_open(struct file_target *t, const char *path, bool existing,
		     size_t max, char *err, size_t errlen);
/* The target's bytes, as file_read() reads them. */
int file_target_read(const struct file_target *t, char **buf, size_t *len);
/*
 * Replaces the target by len bytes of buf, through a temporary file in
 * its directory that is synced and renamed over it: the file is at all
 * times either the old one or the new one, and a link to it stays. mode
 * < 0 gives the new file the old one's owner, group and mode; else mode,
 * and the writer's owner. With old set, nothing is written unless the
 * name given and the name in the directory still name the file opened
 * (-ESTALE) and it still holds old (-EAGAIN). Signals that end the
 * program wait until the temporary file is renamed or removed. Returns 0,
 * or a negative errno with one sentence in err.
 */
int file_target_replace(const struct file_target *t, const char *buf,
			size_t len, const struct file_old *old, int mode,
			char *err, size_t errlen);
void file_target_close(struct file_target *t);

#endif
