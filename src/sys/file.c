// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"

/* Reads fd to its end into a growing buffer. Returns 0, -EAGAIN past
 * expect (a regular file's size when it was opened), -EFBIG past max. */
static int read_fd(int fd, size_t max, size_t expect, char **buf,
		   size_t *len)
{
	size_t n = 0, cap = 0, ncap;
	char *b = NULL, *nb;
	ssize_t r = 0;

	while (n <= max && (expect == SIZE_MAX || n <= expect)) {
		if (n + 1 >= cap) {
			/* one byte more than expected, to see it grow */
			ncap = cap ? cap * 2 : expect != SIZE_MAX ?
			       expect + 2 : 4096;
			nb = realloc(b, ncap);
			if (!nb) {
				free(b);
				return -ENOMEM;
			}
			b = nb;
			cap = ncap;
		}
		r = read(fd, b + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	if (r < 0 || n > max || (expect != SIZE_MAX && n > expect)) {
		int ret = r < 0 ? -errno : expect != SIZE_MAX && n > expect ?
			  -EAGAIN : -EFBIG;

		free(b);
		return ret;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

int file_read(const char *path, size_t max, bool regular, char **buf,
	      size_t *len)
{
	size_t expect = SIZE_MAX;
	struct stat st;
	int fd, ret;

	fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY) :
				 dup(STDIN_FILENO);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st))
		ret = -errno;
	else if (S_ISDIR(st.st_mode))
		ret = -EISDIR;
	else if (regular && !S_ISREG(st.st_mode))
		ret = -EINVAL;
	else if (S_ISREG(st.st_mode) && (size_t)st.st_size > max)
		ret = -EFBIG;
	else
		ret = 0;
	/* a regular file that grows while it is read is being written */
	if (!ret && S_ISREG(st.st_mode))
		expect = (size_t)st.st_size;
	if (!ret)
		ret = read_fd(fd, max, expect, buf, len);
	close(fd);
	return ret;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* The temporary file's content, owner and mode, synced. */
static int fill(int fd, const char *real, const char *buf, size_t len,
		int mode)
{
	struct stat st;
	int ret = write_all(fd, buf, len);

	if (ret)
		return ret;
	if (mode >= 0)
		return fchmod(fd, (mode_t)mode) || fsync(fd) ? -errno : 0;
	if (stat(real, &st))
		return -errno;
	if ((st.st_uid != geteuid() || st.st_gid != getegid()) &&
	    fchown(fd, st.st_uid, st.st_gid))
		return -errno;
	if (fchmod(fd, st.st_mode & 07777) || fsync(fd))
		return -errno;
	return 0;
}

/* Whether the file at real still holds old. */
static bool unchanged(const char *real, const struct file_old *old)
{
	char *now = NULL;
	size_t len;
	bool same;

	if (file_read(real, old->len, true, &now, &len))
		return false;
	same = len == old->len && !memcmp(now, old->buf, len);
	free(now);
	return same;
}

/* The path a replacement renames over: the file a link points to, or,
 * for a file not there yet, path itself. */
static char *target_of(const char *path, const struct file_old *old)
{
	char *real = realpath(path, NULL);

	if (!real && errno == ENOENT && !old)
		real = strdup(path);
	return real;
}

/* Syncs the directory of real, so that the rename itself is durable. */
static void sync_dir(const char *real)
{
	const char *slash = strrchr(real, '/');
	char *dir = slash ? strndup(real, (size_t)(slash - real)) :
			    strdup(".");
	int dfd = dir ? open(*dir ? dir : "/",
			     O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;

	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
}

/* Writes tmp beside real and renames it over real. */
static int swap_in(const char *real, char *tmp, const char *buf, size_t len,
		   const struct file_old *old, int mode, char *err,
		   size_t errlen)
{
	/* mkostemp makes it 0600: a key in it is never readable by others,
	 * even when the old file was and the new one will be */
	int fd = mkostemp(tmp, O_CLOEXEC), ret;

	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot create a file beside %s: %s",
			 real, strerror(-ret));
		return ret;
	}
	ret = fill(fd, real, buf, len, mode);
	close(fd);
	if (ret)
		snprintf(err, errlen, "writing %s: %s", tmp, strerror(-ret));
	else if (old && !unchanged(real, old)) {
		snprintf(err, errlen, "%s changed while the endpoints were probed; not written",
			 real);
		ret = -EAGAIN;
	} else if (rename(tmp, real)) {
		ret = -errno;
		snprintf(err, errlen, "renaming %s to %s: %s", tmp, real,
			 strerror(-ret));
	}
	if (ret)
		unlink(tmp);
	return ret;
}

int file_replace(const char *path, const char *buf, size_t len,
		 const struct file_old *old, int mode, char *err,
		 size_t errlen)
{
	char *real = target_of(path, old), *tmp = NULL;
	const char *base;
	sigset_t block, saved;
	int ret;

	if (!real) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	base = strrchr(real, '/') ? strrchr(real, '/') + 1 : real;
	if (asprintf(&tmp, "%.*s.%s.mtuprobe-XXXXXX", (int)(base - real),
		     real, base) < 0) {
		free(real);
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &saved);
	ret = swap_in(real, tmp, buf, len, old, mode, err, errlen);
	if (!ret)
		sync_dir(real);
	sigprocmask(SIG_SETMASK, &saved, NULL);
	free(tmp);
	free(real);
	return ret;
}
