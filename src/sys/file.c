// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>

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
		r = pread(fd, b + n, cap - n - 1, (off_t)n);
		if (r < 0 && errno == ESPIPE)
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

/*
 * Opens path to read it. O_NONBLOCK, so that a FIFO put where a file was
 * expected does not hold the open; taken off again for one that may be
 * read (a pipe given to -f), and kept off for a regular file, where it
 * means nothing.
 */
static int open_checked(const char *path, size_t max, bool regular,
			struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, st))
		ret = -errno;
	else if (S_ISDIR(st->st_mode))
		ret = -EISDIR;
	else if (regular && !S_ISREG(st->st_mode))
		ret = -EINVAL;
	else if (S_ISREG(st->st_mode) && (size_t)st->st_size > max)
		ret = -EFBIG;
	else if (!S_ISREG(st->st_mode) &&
		 fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK))
		ret = -errno;
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}

/* The whole of fd; a regular file that grows while it is read is being
 * written, and is refused. */
static int read_whole(int fd, const struct stat *st, size_t max, char **buf,
		      size_t *len)
{
	return read_fd(fd, max, S_ISREG(st->st_mode) ? (size_t)st->st_size :
			SIZE_MAX, buf, len);
}

int file_read(const char *path, size_t max, bool regular, char **buf,
	      size_t *len)
{
	struct stat st;
	int fd, ret;

	if (!strcmp(path, "-")) {
		fd = dup(STDIN_FILENO);
		if (fd < 0 || fstat(fd, &st)) {
			ret = -errno;
			if (fd >= 0)
				close(fd);
			return ret;
		}
	} else if ((fd = open_checked(path, max, regular, &st)) < 0) {
		return fd;
	}
	ret = read_whole(fd, &st, max, buf, len);
	close(fd);
	return ret;
}

/*
 * The file a replacement renames over: the one a link points to, or, for
 * a file not there yet, its name in the directory named (the links of the
 * directory's path followed).
 */
static int locate(struct file_target *t, bool existing)
{
	const char *slash, *base;
	char *dir, *rdir;

	t->real = realpath(t->path, NULL);
	if (t->real || errno != ENOENT || existing)
		return t->real ? 0 : -errno;
	slash = strrchr(t->path, '/');
	base = slash ? slash + 1 : t->path;
	if (!*base)
		return -EISDIR;
	dir = slash ? strndup(t->path, (size_t)(slash - t->path)) :
		      strdup(".");
	if (!dir)
		return -ENOMEM;
	rdir = realpath(*dir ? dir : "/", NULL);
	free(dir);
	if (!rdir)
		return -errno;
	if (asprintf(&t->real, "%s/%s", strcmp(rdir, "/") ? rdir : "",
		     base) < 0)
		t->real = NULL;
	free(rdir);
	return t->real ? 0 : -ENOMEM;
}

/* The directory of t->real, opened. */
static int open_dir(struct file_target *t)
{
	char *slash = strrchr(t->real, '/');

	t->base = slash + 1;
	*slash = '\0';
	t->dfd = open(*t->real ? t->real : "/",
		      O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	*slash = '/';
	return t->dfd < 0 ? -errno : 0;
}

int file_target_open(struct file_target *t, const char *path, bool existing,
		     size_t max, char *err, size_t errlen)
{
	int ret;

	*t = (struct file_target){ .path = path, .dfd = -1, .fd = -1,
				   .max = max };
	ret = locate(t, existing);
	if (!ret)
		ret = open_dir(t);
	if (!ret) {
		t->fd = open_checked(t->real, max, true, &t->st);
		if (t->fd < 0 && (t->fd != -ENOENT || existing))
			ret = t->fd;
		t->fd = t->fd < 0 ? -1 : t->fd;
	}
	if (ret)
		snprintf(err, errlen, "%s: %s", path, ret == -EINVAL ?
			 "not a regular file" : ret == -EFBIG ? "too large" :
			 strerror(-ret));
	/* asked now, before anything is probed, rather than found out
	 * after */
	else if (t->fd >= 0 && faccessat(t->dfd, t->base, W_OK, 0))
		snprintf(err, errlen, "%s: cannot be written: %s", path,
			 strerror(-(ret = -errno)));
	else if (faccessat(t->dfd, ".", W_OK | X_OK, 0))
		snprintf(err, errlen, "%s: no file can be made beside it in %.*s: %s",
			 path, (int)(t->base - 1 - t->real), t->real,
			 strerror(-(ret = -errno)));
	if (ret)
		file_target_close(t);
	return ret;
}

int file_target_read(const struct file_target *t, char **buf, size_t *len)
{
	return t->fd < 0 ? -ENOENT : read_whole(t->fd, &t->st, t->max, buf,
						 len);
}

void file_target_close(struct file_target *t)
{
	if (t->fd >= 0)
		close(t->fd);
	if (t->dfd >= 0)
		close(t->dfd);
	free(t->real);
	*t = (struct file_target){ .dfd = -1, .fd = -1 };
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

/* A temporary file beside the target, made 0600 (a key in it is never
 * readable by others, even when the old file was and the new one will
 * be), its name in tmp. */
static int make_temp(const struct file_target *t, char *tmp, size_t size)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz"
				  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	unsigned char r[6];
	int fd = -EEXIST;

	for (int tries = 0; fd == -EEXIST && tries < 100; tries++) {
		if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
			return -errno;
		snprintf(tmp, size, ".%.200s.mtuprobe-%c%c%c%c%c%c", t->base,
			 set[r[0] % 62], set[r[1] % 62], set[r[2] % 62],
			 set[r[3] % 62], set[r[4] % 62], set[r[5] % 62]);
		fd = openat(t->dfd, tmp, O_WRONLY | O_CREAT | O_EXCL |
			    O_NOFOLLOW | O_CLOEXEC, 0600);
		fd = fd < 0 ? -errno : fd;
	}
	return fd;
}

/* The temporary file's content, owner and mode, synced: mode, or with
 * mode < 0 the old file's, compared with what the temporary file got (a
 * setgid directory gives it the directory's group). */
static int fill(const struct file_target *t, int fd, const char *buf,
		size_t len, int mode)
{
	struct stat was, got;
	int ret = write_all(fd, buf, len);

	if (ret)
		return ret;
	if (mode >= 0)
		return fchmod(fd, (mode_t)mode) || fsync(fd) ? -errno : 0;
	if (fstat(t->fd, &was) || fstat(fd, &got))
		return -errno;
	if ((got.st_uid != was.st_uid || got.st_gid != was.st_gid) &&
	    fchown(fd, was.st_uid, was.st_gid))
		return -errno;
	if (fchmod(fd, was.st_mode & 07777) || fsync(fd))
		return -errno;
	return 0;
}

/*
 * Whether the name given, and the name in the directory, still name the
 * file first opened (a link may have been pointed elsewhere, another file
 * put in its place), and that file still holds old. Returns 0, -ESTALE
 * for another file, -EAGAIN for other bytes.
 */
static int still(const struct file_target *t, const struct file_old *old)
{
	struct stat was, here, named;
	char *now = NULL;
	size_t len;
	bool same;

	if (fstat(t->fd, &was) ||
	    fstatat(t->dfd, t->base, &here, AT_SYMLINK_NOFOLLOW) ||
	    stat(t->path, &named) || here.st_dev != was.st_dev ||
	    here.st_ino != was.st_ino || named.st_dev != was.st_dev ||
	    named.st_ino != was.st_ino)
		return -ESTALE;
	if (read_fd(t->fd, old->len, (size_t)was.st_size, &now, &len))
		return -EAGAIN;
	same = len == old->len && !memcmp(now, old->buf, len);
	free(now);
	return same ? 0 : -EAGAIN;
}

/* Writes a temporary file beside the target and renames it over it. */
static int swap_in(const struct file_target *t, const char *buf, size_t len,
		   const struct file_old *old, int mode, char *err,
		   size_t errlen)
{
	char tmp[NAME_MAX + 1];
	int fd = make_temp(t, tmp, sizeof(tmp)), ret;

	if (fd < 0) {
		snprintf(err, errlen, "cannot create a file beside %s: %s",
			 t->real, strerror(-fd));
		return fd;
	}
	ret = fill(t, fd, buf, len, mode);
	close(fd);
	if (ret)
		snprintf(err, errlen, "writing beside %s: %s", t->real,
			 strerror(-ret));
	else if (old && t->fd >= 0 && (ret = still(t, old)))
		snprintf(err, errlen, ret == -ESTALE ?
			 "%s names another file than the one read; not written" :
			 "%s changed while the endpoints were probed; not written",
			 t->path);
	else if (renameat(t->dfd, tmp, t->dfd, t->base)) {
		ret = -errno;
		snprintf(err, errlen, "renaming a file to %s: %s", t->real,
			 strerror(-ret));
	}
	if (ret)
		unlinkat(t->dfd, tmp, 0);
	else
		fsync(t->dfd);	/* the rename itself, durable */
	return ret;
}

int file_target_replace(const struct file_target *t, const char *buf,
			size_t len, const struct file_old *old, int mode,
			char *err, size_t errlen)
{
	sigset_t block, saved;
	int ret;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &saved);
	ret = swap_in(t, buf, len, old, mode, err, errlen);
	sigprocmask(SIG_SETMASK, &saved, NULL);
	return ret;
}
