// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "advice.h"
#include "job.h"
#include "rawsock.h"
#include "report.h"
#include "target.h"
#include "udiff.h"
#include "wgconf.h"
#include "wgrun.h"

enum {
	WG_FILE_MAX = 1 << 20,	/* far beyond any wg-quick file */
	DIFF_CONTEXT = 3,
	/* the MTU line, possibly a line end, and a longer MTU value */
	WG_FILE_GROWTH = 32,
};

/* A peer being probed: its own target, job and sockets. */
struct peer {
	struct target t;
	struct job *j;
	struct rawsock rs;
	bool open;
	pthread_t thread;
	bool running;
	int ret;		/* of job_run */
};

/* Reads the whole file into a malloc'ed buffer. Returns 0, or -errno
 * with *why set for the cases errno does not name well. */
static int read_file(const char *path, char **buf, size_t *len,
		     struct stat *st, const char **why)
{
	size_t n = 0;
	char *b;
	int fd;

	*why = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, st)) {
		int e = errno;

		close(fd);
		return -e;
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		*why = S_ISDIR(st->st_mode) ? "a directory, not a wg-quick file" :
		       "not a regular file";
		return -EINVAL;
	}
	if (st->st_size > WG_FILE_MAX) {
		close(fd);
		*why = "too large to be a wg-quick file (over 1 MiB)";
		return -EFBIG;
	}
	/* room for one byte more than the file should have, to see it grow */
	b = malloc((size_t)st->st_size + 1);
	if (!b) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t r = read(fd, b + n, (size_t)st->st_size + 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			free(b);
			close(fd);
			return -e;
		}
		if (!r)
			break;
		n += (size_t)r;
		if (n > (size_t)st->st_size) {
			free(b);
			close(fd);
			*why = "it changed while being read";
			return -EAGAIN;
		}
	}
	close(fd);
	*buf = b;
	*len = n;
	return 0;
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

/*
 * Replaces the file at path (as read: old, oldlen, st) by buf, through a
 * temporary file beside it that gets the old mode and owner, is synced,
 * and is renamed over it: the file is at all times either the old one or
 * the new one. A symbolic link is followed, and stays. When the file no
 * longer holds old, nothing is written. Signals that end the program wait
 * until the temporary file is renamed or removed. Returns 0, or -errno
 * with what failed in err.
 */
static int replace_file(const char *path, const struct stat *st,
			const char *old, size_t oldlen, const char *buf,
			size_t len, char *err, size_t errlen)
{
	char *real, *tmp = NULL, *now = NULL, *slash;
	sigset_t block, saved;
	struct stat st2;
	const char *why;
	size_t nowlen;
	int fd = -1, dfd, ret;

	real = realpath(path, NULL);
	if (!real) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	slash = strrchr(real, '/');
	if (asprintf(&tmp, "%.*s/.%s.mtuprobe-XXXXXX", (int)(slash - real),
		     real, slash + 1) < 0) {
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

	/* mkostemp makes it 0600: the key in it is never readable by
	 * others, even when the old file was and the new one will be. */
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot create a file beside %s: %s",
			 real, strerror(-ret));
		goto out;
	}
	ret = write_all(fd, buf, len);
	if (!ret && (st->st_uid != geteuid() || st->st_gid != getegid()) &&
	    fchown(fd, st->st_uid, st->st_gid))
		ret = -errno;
	if (!ret && fchmod(fd, st->st_mode & 07777))
		ret = -errno;
	if (!ret && fsync(fd))
		ret = -errno;
	if (ret) {
		snprintf(err, errlen, "writing %s: %s", tmp, strerror(-ret));
		goto out;
	}
	/* Probing took a while: someone may have edited the file since. */
	ret = read_file(real, &now, &nowlen, &st2, &why);
	if (ret || nowlen != oldlen || memcmp(now, old, oldlen)) {
		snprintf(err, errlen, "%s changed while the endpoints were probed; not written",
			 real);
		ret = -EAGAIN;
		goto out;
	}
	if (rename(tmp, real)) {
		ret = -errno;
		snprintf(err, errlen, "renaming %s to %s: %s", tmp, real,
			 strerror(-ret));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	/* the rename itself is durable once the directory is synced */
	*slash = '\0';
	dfd = open(*real ? real : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
out:
	if (fd >= 0)
		close(fd);
	if (tmp)
		unlink(tmp);
	sigprocmask(SIG_SETMASK, &saved, NULL);
	free(tmp);
	free(now);
	free(real);
	return ret;
}

static void *peer_thread(void *arg)
{
	struct peer *p = arg;

	p->ret = target_run(&p->rs, p->j);
	return NULL;
}

/* Resolves and routes every endpoint, and opens their sockets; a peer
 * with no route is left unprobed, with the reason. Returns 0 or the
 * exit code, having said why. */
static int prepare(const struct opts *o, const struct wgconf *c,
		   struct peer *ps, struct wg_peer_report *rs)
{
	char err[384];
	int ret;

	for (unsigned int i = 0; i < c->nendpoints; i++) {
		const struct wg_endpoint *ep = &c->endpoints[i];
		struct peer *p = &ps[i];

		rs[i] = (struct wg_peer_report){
			.peer = ep->peer + 1,
			.line = ep->line,
			.host = ep->host,
			.port = ep->port,
		};
		p->t.host = ep->host;
		p->t.o = *o;
		ret = target_resolve(ep->host, 0, &p->t.dst, err, sizeof(err));
		if (ret)
			return die(ret, "%s: line %u: Endpoint: %s", o->wg_config,
				   ep->line, err);
		ret = target_route(&p->t, rs[i].why, sizeof(rs[i].why));
		if (ret == EXIT_NO_ANSWER)
			continue;
		if (ret)
			return die(ret, "%s: line %u: Endpoint: %s", o->wg_config,
				   ep->line, rs[i].why);
		p->j = calloc(1, sizeof(*p->j));
		if (!p->j)
			return die(EXIT_SYSTEM, "%s", strerror(ENOMEM));
		ret = target_open(&p->t, &p->rs, err, sizeof(err));
		if (ret)
			return die(ret, "%s", err);
		p->open = true;
		ret = target_job(&p->t, &p->rs, p->j);
		if (ret)
			return die(EXIT_SYSTEM, "random numbers: %s", strerror(-ret));
	}
	return 0;
}

/* Probes the peers that have sockets, all at once, and fills in their
 * reports. Returns 0 or the exit code, having said why. */
static int probe_all(const struct wgconf *c, struct peer *ps,
		     struct wg_peer_report *rs)
{
	int ret = 0;

	for (unsigned int i = 0; i < c->nendpoints; i++) {
		if (!ps[i].open)
			continue;
		ret = -pthread_create(&ps[i].thread, NULL, peer_thread, &ps[i]);
		if (ret)
			break;
		ps[i].running = true;
	}
	for (unsigned int i = 0; i < c->nendpoints; i++)
		if (ps[i].running)
			pthread_join(ps[i].thread, NULL);
	if (ret)
		return die(EXIT_SYSTEM, "starting a thread: %s", strerror(-ret));

	for (unsigned int i = 0; i < c->nendpoints; i++) {
		struct peer *p = &ps[i];
		struct wg_peer_report *r = &rs[i];
		char a[ADDR_STRLEN];

		if (!p->open)
			continue;
		if (p->ret) {
			snprintf(r->why, sizeof(r->why), "%s (%s): probing failed: %s",
				 p->t.host, addr_ntop(&p->t.dst, a),
				 strerror(-p->ret));
			continue;
		}
		target_report(&p->t, &r->rep);
		r->rep.unprivileged = p->rs.ops != &rawsock_ops;
		report_from_job(&r->rep, p->j);
		r->probed = true;
		if (p->j->res.state != SEARCH_DONE || p->j->syn_data_refused) {
			report_failure(r->why, sizeof(r->why), &r->rep);
			continue;
		}
		r->mtu = wireguard_mtu(p->j->res.path_mtu, p->t.dst.family);
		if (r->mtu < WGCONF_MTU_MIN) {
			snprintf(r->why, sizeof(r->why), "a path MTU of %u leaves no room for WireGuard",
				 p->j->res.path_mtu);
			r->mtu = 0;
		}
	}
	return 0;
}

/* The smallest MTU over the peers, in w; 0 unless every peer was sized. */
static void propose(struct wg_config_report *w)
{
	w->mtu = 0;
	for (size_t i = 0; i < w->npeers; i++) {
		if (!w->peers[i].mtu) {
			w->mtu = 0;
			return;
		}
		if (!w->mtu || w->peers[i].mtu < w->mtu) {
			w->mtu = w->peers[i].mtu;
			w->lowest = i;
		}
	}
}

static int run(const struct opts *o, const char *buf, size_t len,
	       const struct stat *st, const struct wgconf *c)
{
	struct wg_config_report w = { .file = o->wg_config };
	struct wg_peer_report *rs;
	struct peer *ps;
	char *out = NULL, err[512];
	ssize_t outlen = 0;
	int ret, code = EXIT_FOUND;

	ps = calloc(c->nendpoints, sizeof(*ps));
	rs = calloc(c->nendpoints, sizeof(*rs));
	if (!ps || !rs) {
		code = die(EXIT_SYSTEM, "%s", strerror(ENOMEM));
		goto out;
	}
	code = prepare(o, c, ps, rs);
	/* every socket is open: the threads start with no more than --write
	 * needs */
	if (!code)
		code = target_drop(o);
	if (!code)
		code = probe_all(c, ps, rs);
	for (unsigned int i = 0; i < c->nendpoints; i++)
		if (ps[i].open)
			rawsock_close(&ps[i].rs);
	if (code)
		goto out;

	w.peers = rs;
	w.npeers = c->nendpoints;
	w.current = c->mtu;
	propose(&w);
	if (w.mtu && w.mtu != w.current) {
		out = malloc(len + WG_FILE_GROWTH);
		outlen = out ? wgconf_set_mtu(buf, len, w.mtu, out,
					      len + WG_FILE_GROWTH) : -ENOMEM;
		if (outlen < 0) {
			code = die(EXIT_SYSTEM, "%s: setting the MTU: %s",
				   o->wg_config, strerror((int)-outlen));
			goto out;
		}
		if (o->write) {
			ret = replace_file(o->wg_config, st, buf, len, out,
					   (size_t)outlen, err, sizeof(err));
			if (ret)
				code = die(EXIT_SYSTEM, "%s", err);
			else
				w.written = true;
		}
	}
	if (o->json) {
		report_wg_config_json(stdout, &w);
	} else {
		report_wg_config_text(stdout, &w);
		if (out && udiff(stdout, o->wg_config, o->wg_config, buf, len,
				 out, (size_t)outlen, DIFF_CONTEXT,
				 wgconf_put_line))
			code = die(EXIT_SYSTEM, "%s", strerror(ENOMEM));
		if (w.written)
			printf("wrote %s\n", o->wg_config);
	}
	if (!w.mtu && !code)
		code = die(EXIT_NO_ANSWER, "%s: not every peer was sized; nothing %s",
			   o->wg_config, o->write ? "written" : "proposed");
out:
	for (unsigned int i = 0; ps && i < c->nendpoints; i++)
		free(ps[i].j);
	free(ps);
	free(rs);
	free(out);
	return code;
}

/*
 * Whether --write could replace the file: write access to it and to its
 * directory (for the temporary file and the rename), asked before
 * anything is probed rather than found out after. Returns 0, or -errno
 * with the reason in err.
 */
static int writable(const char *path, char *err, size_t errlen)
{
	char *real = realpath(path, NULL), *slash;
	int ret = 0;

	if (!real)
		ret = -errno;
	else if (access(real, W_OK))
		ret = -errno;
	if (ret) {
		snprintf(err, errlen, "%s: cannot be written: %s", path,
			 strerror(-ret));
		free(real);
		return ret;
	}
	slash = strrchr(real, '/');
	*slash = '\0';
	if (access(*real ? real : "/", W_OK | X_OK)) {
		ret = -errno;
		snprintf(err, errlen, "%s: no file can be made beside it in %s: %s",
			 path, *real ? real : "/", strerror(-ret));
	}
	free(real);
	return ret;
}

int wg_config_run(const struct opts *o)
{
	struct wgconf *c;
	struct stat st;
	const char *why;
	char err[PATH_MAX + 128];
	size_t len;
	char *buf;
	int ret;

	ret = read_file(o->wg_config, &buf, &len, &st, &why);
	if (ret)
		return die(EXIT_USAGE, "%s: %s", o->wg_config,
			   why ? why : strerror(-ret));
	c = calloc(1, sizeof(*c));
	if (!c) {
		free(buf);
		return die(EXIT_SYSTEM, "%s", strerror(ENOMEM));
	}
	ret = wgconf_parse(buf, len, c);
	if (ret)
		ret = die(EXIT_USAGE, "%s: %s", o->wg_config, c->err);
	else if (!c->npeers)
		ret = die(EXIT_USAGE, "%s: no [Peer] section: nothing to probe",
			  o->wg_config);
	else if (!c->nendpoints)
		ret = die(EXIT_USAGE, "%s: line %u: [Peer] without Endpoint, and no peer has one: nothing to probe",
			  o->wg_config, c->peer_line);
	else if (o->write && writable(o->wg_config, err, sizeof(err)))
		ret = die(EXIT_USAGE, "%s; nothing probed", err);
	else
		ret = run(o, buf, len, &st, c);
	free(c);
	free(buf);
	return ret;
}
