// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/capability.h>

#include "file.h"
#include "keeper.h"
#include "priv.h"

enum { KEEPER_FILES = 2, ERR_MAX = 512 };
#define KEEPER_MAX (64u << 20)

/* All the keeper needs: what it may do to files it does not own, and to
 * pass a signal on to the prober, which is another user by then. */
#define KEEPER_CAPS (PRIV_CAP(CAP_CHOWN) | PRIV_CAP(CAP_DAC_OVERRIDE) | \
		     PRIV_CAP(CAP_FOWNER) | PRIV_CAP(CAP_KILL))

struct request {
	uint32_t slot, len;
};

struct answer {
	int32_t ret;
	char err[ERR_MAX];
};

static struct {
	struct file_target t[KEEPER_FILES];
	const char *path[KEEPER_FILES];
	int mode[KEEPER_FILES];
	char *old[KEEPER_FILES];
	size_t oldlen[KEEPER_FILES];
	size_t n;
	int sock;		/* to the other side, or -1 */
	pid_t prober;		/* in the keeper */
} k = { .sock = -1 };

int keeper_open(const char *path, int mode, size_t max, char **buf,
		size_t *len, char *err, size_t errlen)
{
	struct file_target *t = &k.t[k.n];
	int ret;

	if (k.n == KEEPER_FILES) {
		snprintf(err, errlen, "%s: %s", path, strerror(EMFILE));
		return -EMFILE;
	}
	ret = file_target_open(t, path, mode < 0, max, err, errlen);
	if (ret)
		return ret;
	if (mode < 0) {
		ret = file_target_read(t, buf, len);
		k.old[k.n] = ret ? NULL : malloc(*len + 1);
		if (!ret && !k.old[k.n]) {
			free(*buf);
			ret = -ENOMEM;
		}
		if (ret) {
			snprintf(err, errlen, "%s: %s", path, ret == -EAGAIN ?
				 "it changed while being read" :
				 strerror(-ret));
			file_target_close(t);
			return ret;
		}
		memcpy(k.old[k.n], *buf, *len + 1);
		k.oldlen[k.n] = *len;
	}
	k.mode[k.n] = mode;
	k.path[k.n] = path;
	return (int)k.n++;
}

static int replace(uint32_t slot, const char *buf, size_t len, char *err,
		   size_t errlen)
{
	struct file_old old = { .buf = k.old[slot], .len = k.oldlen[slot] };

	return file_target_replace(&k.t[slot], buf, len,
				   k.mode[slot] < 0 ? &old : NULL,
				   k.mode[slot], err, errlen);
}

/* Reads or writes all of len bytes; 0 at a clean end before any. */
static ssize_t whole(int fd, void *p, size_t len, bool out)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = out ? send(fd, (char *)p + done, len - done, MSG_NOSIGNAL) :
			  recv(fd, (char *)p + done, len - done, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return done ? -EPIPE : 0;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

int keeper_replace(int slot, const char *buf, size_t len, char *err,
		   size_t errlen)
{
	struct request rq = { .slot = (uint32_t)slot, .len = (uint32_t)len };
	struct answer a;
	ssize_t n;

	if (k.sock < 0)
		return replace(rq.slot, buf, len, err, errlen);
	if (len > KEEPER_MAX) {
		snprintf(err, errlen, "%s: %s", k.path[slot],
			 strerror(EFBIG));
		return -EFBIG;
	}
	n = whole(k.sock, &rq, sizeof(rq), true);
	if (n > 0)
		n = whole(k.sock, (void *)buf, len, true);
	if (n >= 0)
		n = whole(k.sock, &a, sizeof(a), false);
	if (n <= 0) {
		snprintf(err, errlen, "%s: the writer is gone: %s",
			 k.path[slot], strerror(n ? (int)-n : EPIPE));
		return n ? (int)n : -EPIPE;
	}
	a.err[ERR_MAX - 1] = '\0';
	snprintf(err, errlen, "%s", a.err);
	return a.ret > 0 ? -EIO : a.ret;
}

static void forward(int sig)
{
	kill(k.prober, sig);
}

static const int ending[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

/* Closes every descriptor but the standard ones, the socket and the
 * files'. */
static void close_others(void)
{
	int keep[3 + 2 * KEEPER_FILES], n = 0, i, j, t;

	keep[n++] = 2;
	keep[n++] = k.sock;
	for (size_t f = 0; f < k.n; f++) {
		keep[n++] = k.t[f].dfd;
		if (k.t[f].fd >= 0)
			keep[n++] = k.t[f].fd;
	}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && keep[j - 1] > keep[j]; j--) {
			t = keep[j];
			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	for (i = 0; i < n; i++)
		close_range((unsigned int)keep[i] + 1, i + 1 < n ?
			    (unsigned int)keep[i + 1] - 1 : ~0u, 0);
}

/* Takes one file's new bytes and answers what became of them. Returns 0
 * at the prober's end, 1 to go on. */
static int serve_one(void)
{
	struct answer a = { 0 };
	struct request rq;
	ssize_t n = whole(k.sock, &rq, sizeof(rq), false);
	char *buf;

	if (n <= 0 || rq.slot >= k.n || rq.len > KEEPER_MAX)
		return 0;
	buf = malloc(rq.len ? rq.len : 1);
	if (!buf || whole(k.sock, buf, rq.len, false) != (ssize_t)rq.len) {
		free(buf);
		return 0;
	}
	a.ret = replace(rq.slot, buf, rq.len, a.err, sizeof(a.err));
	free(buf);
	return whole(k.sock, &a, sizeof(a), true) > 0;
}

/* The keeper: files, until the prober ends; then the prober's status. */
static void serve(const sigset_t *saved)
{
	struct sigaction sa = { .sa_handler = forward };
	char err[256];
	int status;

	for (size_t i = 0; i < sizeof(ending) / sizeof(ending[0]); i++)
		sigaction(ending[i], &sa, NULL);
	sigprocmask(SIG_SETMASK, saved, NULL);
	close_others();
	if (priv_drop(KEEPER_CAPS, false, err, sizeof(err))) {
		kill(k.prober, SIGKILL);
		fprintf(stderr, "mtuprobe: %s\n", err);
	} else {
		while (serve_one())
			;
	}
	close(k.sock);
	while (waitpid(k.prober, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status)) {
		signal(WTERMSIG(status), SIG_DFL);
		raise(WTERMSIG(status));
	}
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 4);
}

int keeper_start(char *err, size_t errlen)
{
	sigset_t block, saved;
	int sv[2];
	pid_t pid;

	if (!k.n)
		return 0;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
		snprintf(err, errlen, "a socket for the writer: %s",
			 strerror(errno));
		return -errno;
	}
	/* what either side printed before goes out once */
	fflush(NULL);
	sigemptyset(&block);
	for (size_t i = 0; i < sizeof(ending) / sizeof(ending[0]); i++)
		sigaddset(&block, ending[i]);
	sigprocmask(SIG_BLOCK, &block, &saved);
	pid = fork();
	if (pid < 0) {
		int ret = -errno;

		sigprocmask(SIG_SETMASK, &saved, NULL);
		close(sv[0]);
		close(sv[1]);
		snprintf(err, errlen, "starting the writer: %s",
			 strerror(-ret));
		return ret;
	}
	if (pid) {
		k.prober = pid;
		k.sock = sv[0];
		close(sv[1]);
		serve(&saved);
	}
	sigprocmask(SIG_SETMASK, &saved, NULL);
	close(sv[0]);
	k.sock = sv[1];
	for (size_t i = 0; i < k.n; i++) {
		file_target_close(&k.t[i]);
		free(k.old[i]);
		k.old[i] = NULL;
	}
	return 0;
}
