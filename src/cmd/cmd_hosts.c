// SPDX-License-Identifier: GPL-2.0-or-later
/* -f FILE: many hosts at once, a JSON line (or a textfile sample) each. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "exit.h"
#include "file.h"
#include "hosts.h"
#include "keeper.h"

enum { HOSTS_FILE_MAX = 4 << 20 };

struct many {
	const struct cmd_env *e;
	const struct opts *o;
	const struct hosts *h;
	struct prom_entry *prom;	/* one per host */
	pthread_mutex_t lock;		/* out, failed, error */
	unsigned int failed;
	int error;			/* a negative errno: stop writing */
};

/* Measures host i; its JSON line goes to out, and why says why it was
 * not sized. */
static void measure_one(struct many *mn, size_t i, FILE *out, char *why,
			size_t whylen)
{
	struct prom_entry *pe = &mn->prom[i];
	struct measurement *m = calloc(1, sizeof(*m));
	const char *host = mn->h->name[i];

	pe->host = host;
	if (!m) {
		report_json_failure(out, host, "error", strerror(ENOMEM));
		snprintf(why, whylen, "%s: %s", host, strerror(ENOMEM));
		return;
	}
	measure_host(mn->e->sys, mn->o, host, mn->o->family, m);
	if (m->stage > MEASURE_RESOLVE)
		pe->addr = m->dst;
	if (m->stage > MEASURE_ROUTE)
		memcpy(pe->ifname, m->ri.ifname, sizeof(pe->ifname));
	if (m->stage != MEASURE_DONE) {
		report_json_failure(out, host, measure_status(m), m->err);
		snprintf(why, whylen, "%s: %s", host, m->err);
		free(m);
		return;
	}
	m->rep.tunnels = mn->o->tunnel;
	m->rep.ntunnels = mn->o->ntunnels;
	pe->probed = true;
	pe->seconds = (double)m->job.res.elapsed / 1e6;
	pe->found = m->found;
	pe->path_mtu = m->job.res.path_mtu;
	pe->black_hole = m->job.res.evidence == EVIDENCE_BLACK_HOLE;
	report_json(out, &m->rep);
	if (!m->found)
		snprintf(why, whylen, "%s", m->err);
	free(m);
}

/* One host of the pool: its line built apart, written whole. */
static void one_host(void *arg, size_t i)
{
	struct many *mn = arg;
	char *line = NULL, why[640] = "";
	size_t len = 0;
	FILE *out;

	/* once the results cannot be written, probing is for nobody */
	pthread_mutex_lock(&mn->lock);
	out = mn->error ? NULL : open_memstream(&line, &len);
	pthread_mutex_unlock(&mn->lock);
	if (out)
		measure_one(mn, i, out, why, sizeof(why));
	if (!out || fclose(out)) {
		pthread_mutex_lock(&mn->lock);
		if (!mn->error)
			mn->error = -ENOMEM;
		pthread_mutex_unlock(&mn->lock);
		free(line);
		return;
	}
	pthread_mutex_lock(&mn->lock);
	if (why[0])
		mn->failed++;
	/* the textfile says only that it failed: stderr says why */
	if (mn->o->prom && why[0])
		die(0, "%s", why);
	else if (!mn->o->prom && !mn->error &&
		 (fwrite(line, 1, len, mn->e->out) != len ||
		  fflush(mn->e->out)))
		mn->error = -errno;
	pthread_mutex_unlock(&mn->lock);
	free(line);
}

/* The textfile, replaced whole so that the collector never reads half of
 * it, and readable by the collector. */
static int write_prom(int slot, const char *path, const struct prom_entry *e,
		      size_t n)
{
	char *buf = NULL, err[512];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret;

	if (!f)
		return die(EXIT_SYSTEM, "--prom %s: %s", path, strerror(errno));
	report_prom(f, e, n);
	ret = ferror(f);
	if (fclose(f) || ret) {
		free(buf);
		return die(EXIT_SYSTEM, "--prom %s: %s", path,
			   strerror(ENOMEM));
	}
	ret = keeper_replace(slot, buf, len, err, sizeof(err));
	free(buf);
	if (ret)
		return die(EXIT_SYSTEM, "--prom %s", err);
	return 0;
}

/* The hosts of the file (or standard input). Returns 0, or the exit code
 * once it has said why. */
static int read_hosts(const char *path, struct hosts *h)
{
	char err[256], *buf = NULL;
	size_t len = 0;
	int ret;

	ret = file_read(path, HOSTS_FILE_MAX, false, &buf, &len);
	if (ret)
		return die(EXIT_USAGE, "%s: %s", path, ret == -EFBIG ?
			   "over 4 MiB" : strerror(-ret));
	ret = hosts_parse(buf, len, h, err, sizeof(err));
	free(buf);
	if (ret == -ENOMEM)
		return die(EXIT_SYSTEM, "%s", strerror(ENOMEM));
	if (ret)
		return die(EXIT_USAGE, "%s: %s", path, err);
	return 0;
}

int cmd_hosts(const struct cmd_env *e, const struct opts *o)
{
	struct many mn = { .e = e, .o = o, .lock = PTHREAD_MUTEX_INITIALIZER };
	struct hosts h;
	char err[PATH_MAX + 128];
	int code, ret, slot = -1;

	/* the textfile's directory is held, and asked whether it takes a
	 * file, before any host is probed */
	if (o->prom) {
		slot = keeper_open(o->prom, 0644, SIZE_MAX, NULL, NULL, err,
				   sizeof(err));
		if (slot < 0)
			return die(EXIT_USAGE, "--prom %s; nothing probed",
				   err);
	}
	code = read_hosts(o->hosts_file, &h);
	if (code)
		return code;
	mn.h = &h;
	mn.prom = calloc(h.n, sizeof(*mn.prom));
	if (!mn.prom) {
		hosts_free(&h);
		return die(EXIT_SYSTEM, "%s", strerror(ENOMEM));
	}
	/* the sockets are opened host by host, so CAP_NET_RAW stays;
	 * everything else goes, before any thread starts */
	code = cmd_drop(e, o);
	ret = code ? 0 : pool_run(h.n, o->parallel, one_host, &mn);
	if (ret)
		code = die(EXIT_SYSTEM, "starting a thread: %s", strerror(-ret));
	if (!code && mn.error)
		code = die(EXIT_SYSTEM, "writing the results: %s",
			   strerror(-mn.error));
	if (!code && o->prom)
		code = write_prom(slot, o->prom, mn.prom, h.n);
	if (!code && mn.failed)
		code = EXIT_NO_ANSWER;
	free(mn.prom);
	hosts_free(&h);
	return code;
}
