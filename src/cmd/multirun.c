// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "advice.h"
#include "hosts.h"
#include "job.h"
#include "multirun.h"
#include "rawsock.h"
#include "report.h"
#include "target.h"

enum { HOSTS_FILE_MAX = 4 << 20 };

struct multi {
	const struct opts *o;
	const struct hosts *h;
	struct prom_entry *prom;	/* one per host */
	pthread_mutex_t lock;		/* next and stdout */
	size_t next;
	unsigned int failed;
	int error;			/* a negative errno that stops all */
};

/* Reads all of fd, at most max bytes. Returns 0, -EFBIG, or -errno. */
static int read_all(int fd, size_t max, char **buf, size_t *len)
{
	size_t n = 0, cap = 4096;
	char *b = malloc(cap), *nb;
	ssize_t r;

	while (b) {
		if (n == cap) {
			if (cap > max) {
				free(b);
				return -EFBIG;
			}
			nb = realloc(b, cap *= 2);
			if (!nb)
				break;
			b = nb;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			free(b);
			return -e;
		}
		if (!r) {
			*buf = b;
			*len = n;
			return 0;
		}
		n += (size_t)r;
	}
	free(b);
	return -ENOMEM;
}

/* One host, start to end: its JSON line goes to out; when it was not
 * sized, why says why. */
static void probe_host(struct multi *m, size_t i, FILE *out, char *why,
		       size_t whylen)
{
	const struct opts *o = m->o;
	struct prom_entry *pe = &m->prom[i];
	struct tunnel ts[ADVICE_MAX];
	struct target t = { .host = m->h->name[i], .o = *o };
	struct report rep;
	struct rawsock rs;
	struct job *j;
	char err[512];
	const char *status = "error";
	int n, ret;

	pe->host = t.host;
	ret = target_resolve(t.host, o->family, &t.dst, err, sizeof(err));
	if (ret) {
		status = "unknown_host";
		goto failed;
	}
	pe->addr = t.dst;
	ret = target_route(&t, err, sizeof(err));
	if (ret) {
		status = ret == EXIT_NO_ANSWER ? "no_route" :
			 ret == EXIT_USAGE ? "bad_bounds" : "error";
		goto failed;
	}
	j = calloc(1, sizeof(*j));
	if (!j) {
		snprintf(err, sizeof(err), "%s", strerror(ENOMEM));
		goto failed;
	}
	target_report(&t, &rep);
	ret = target_open(&t, &rs, err, sizeof(err));
	if (!ret) {
		rep.unprivileged = rs.ops != &rawsock_ops;
		ret = target_job(&t, &rs, j);
		if (!ret)
			ret = target_run(&rs, j);
		rawsock_close(&rs);
		if (ret)
			snprintf(err, sizeof(err), "probing failed: %s",
				 strerror(-ret));
	}
	if (ret) {
		free(j);
		goto failed;
	}
	report_from_job(&rep, j);
	n = o->tunnels ? tunnel_list_parse(o->tunnels, ts, ADVICE_MAX, err,
					   sizeof(err)) :
			 (int)tunnel_defaults(ts, ADVICE_MAX);
	rep.tunnels = ts;
	rep.ntunnels = n > 0 ? (size_t)n : 0;
	pe->probed = true;
	pe->seconds = (double)j->res.elapsed / 1e6;
	pe->found = j->res.state == SEARCH_DONE && !j->syn_data_refused;
	pe->path_mtu = j->res.path_mtu;
	pe->black_hole = j->res.evidence == EVIDENCE_BLACK_HOLE;
	report_json(out, &rep);
	if (!pe->found)
		report_failure(why, whylen, &rep);
	free(j);
	return;
failed:
	report_json_failure(out, t.host, status, err);
	snprintf(why, whylen, "%s: %s", t.host, err);
}

static void *worker(void *arg)
{
	struct multi *m = arg;
	char *line = NULL, why[640];
	size_t len = 0, i;
	FILE *out;

	for (;;) {
		pthread_mutex_lock(&m->lock);
		i = m->next++;
		pthread_mutex_unlock(&m->lock);
		if (i >= m->h->n)
			break;
		/* each line whole: built apart, written under the lock */
		out = open_memstream(&line, &len);
		if (!out) {
			m->error = -ENOMEM;
			break;
		}
		why[0] = '\0';
		probe_host(m, i, out, why, sizeof(why));
		if (fclose(out)) {
			m->error = -ENOMEM;
			break;
		}
		pthread_mutex_lock(&m->lock);
		if (why[0])
			m->failed++;
		/* the textfile says only that it failed: stderr says why */
		if (m->o->prom && why[0])
			die(0, "%s", why);
		else if (!m->o->prom && (fwrite(line, 1, len, stdout) != len ||
					 fflush(stdout)))
			m->error = -errno;
		pthread_mutex_unlock(&m->lock);
		free(line);
		line = NULL;
	}
	free(line);
	return NULL;
}

/* The textfile, through a temporary file beside it and a rename, so that
 * the collector never reads half of it. */
static int write_prom(const char *path, const struct prom_entry *e,
		      size_t n)
{
	char tmp[PATH_MAX];
	FILE *f;
	int fd, ret = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.mtuprobe-XXXXXX", path) >=
	    (int)sizeof(tmp))
		return die(EXIT_USAGE, "--prom %s: name too long", path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return die(EXIT_SYSTEM, "--prom %s: %s", path, strerror(errno));
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		ret = -errno;
	} else {
		report_prom(f, e, n);
		/* what a textfile collector reads: 0644 */
		if (fchmod(fd, 0644) || fflush(f) || fsync(fd))
			ret = -errno;
		if (fclose(f) && !ret)
			ret = -errno;
	}
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret) {
		unlink(tmp);
		return die(EXIT_SYSTEM, "--prom %s: %s", path, strerror(-ret));
	}
	return 0;
}

int multi_run(const struct opts *o)
{
	struct multi m = { .o = o, .lock = PTHREAD_MUTEX_INITIALIZER };
	pthread_t th[OPTS_PARALLEL_MAX];
	unsigned int nth = 0;
	struct hosts h;
	char err[256], *buf = NULL;
	size_t len = 0;
	int fd, ret;

	fd = strcmp(o->hosts_file, "-") ? open(o->hosts_file,
					      O_RDONLY | O_CLOEXEC) : 0;
	if (fd < 0)
		return die(EXIT_USAGE, "%s: %s", o->hosts_file, strerror(errno));
	ret = read_all(fd, HOSTS_FILE_MAX, &buf, &len);
	if (fd)
		close(fd);
	if (ret)
		return die(EXIT_USAGE, "%s: %s", o->hosts_file,
			   ret == -EFBIG ? "over 4 MiB" : strerror(-ret));
	ret = hosts_parse(buf, len, &h, err, sizeof(err));
	free(buf);
	if (ret == -ENOMEM)
		return die(EXIT_SYSTEM, "%s", strerror(ENOMEM));
	if (ret)
		return die(EXIT_USAGE, "%s: %s", o->hosts_file, err);
	m.h = &h;
	m.prom = calloc(h.n, sizeof(*m.prom));
	if (!m.prom) {
		hosts_free(&h);
		return die(EXIT_SYSTEM, "%s", strerror(ENOMEM));
	}
	/* the sockets are opened host by host, so CAP_NET_RAW stays;
	 * everything else goes, before any thread starts */
	ret = target_drop(o);
	for (; !ret && nth < o->parallel && nth < h.n; nth++) {
		ret = pthread_create(&th[nth], NULL, worker, &m);
		if (ret)
			ret = die(EXIT_SYSTEM, "starting a thread: %s",
				  strerror(ret));
	}
	for (unsigned int i = 0; i < nth; i++)
		pthread_join(th[i], NULL);
	if (!ret && m.error)
		ret = die(EXIT_SYSTEM, "writing the results: %s",
			  strerror(-m.error));
	if (!ret && o->prom)
		ret = write_prom(o->prom, m.prom, h.n);
	if (!ret && m.failed)
		ret = EXIT_NO_ANSWER;
	free(m.prom);
	hosts_free(&h);
	return ret;
}
