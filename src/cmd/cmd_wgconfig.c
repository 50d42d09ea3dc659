// SPDX-License-Identifier: GPL-2.0-or-later
/* --wg-config FILE [--write]: every peer's Endpoint at once, and the MTU
 * that fits them all, as a change of FILE. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "advice.h"
#include "cmd.h"
#include "exit.h"
#include "file.h"
#include "keeper.h"
#include "udiff.h"
#include "wgconf.h"

enum {
	WG_FILE_MAX = 1 << 20,	/* far beyond any wg-quick file */
	DIFF_CONTEXT = 3,
	/* the MTU line, possibly a line end, and a longer MTU value */
	WG_FILE_GROWTH = 32,
};

/* The run over one file: its text, its peers, their measurements. */
struct wgrun {
	const struct cmd_env *e;
	const struct opts *o;
	const char *buf;
	size_t len;
	const struct wgconf *c;
	struct measurement *ms;		/* one per endpoint */
	struct wg_peer_report *rs;
	int slot;			/* --write's file, with the keeper */
};

/* A peer's reason, cut to what its report holds. */
static void set_why(struct wg_peer_report *r, const char *why)
{
	snprintf(r->why, sizeof(r->why), "%.*s", (int)sizeof(r->why) - 1,
		 why);
}

/* Resolves and routes every endpoint, and opens their sockets; a peer
 * with no route is left unprobed, with the reason. Returns 0 or the exit
 * code, having said why. */
static int prepare(struct wgrun *w)
{
	for (unsigned int i = 0; i < w->c->nendpoints; i++) {
		const struct wg_endpoint *ep = &w->c->endpoints[i];
		struct measurement *m = &w->ms[i];
		int code;

		w->rs[i] = (struct wg_peer_report){
			.peer = ep->peer + 1,
			.line = ep->line,
			.host = ep->host,
			.port = ep->port,
		};
		code = measure_prepare(w->e->sys, w->o, ep->host, 0, m);
		if (code == EXIT_NO_ANSWER && m->stage == MEASURE_ROUTE) {
			set_why(&w->rs[i], m->err);
			continue;
		}
		if (code && m->stage <= MEASURE_ROUTE)
			return die(code, "%s: line %u: Endpoint: %s",
				   w->o->wg_config, ep->line, m->err);
		if (code)
			return die(code, "%s", m->err);
	}
	return 0;
}

static void run_peer(void *arg, size_t i)
{
	struct wgrun *w = arg;

	if (w->ms[i].stage == MEASURE_READY)
		measure_run(w->e->sys, &w->ms[i]);
}

/* What each probed peer's path allows WireGuard. */
static void judge(struct wgrun *w)
{
	for (unsigned int i = 0; i < w->c->nendpoints; i++) {
		const struct measurement *m = &w->ms[i];
		struct wg_peer_report *r = &w->rs[i];
		unsigned int pmtu = m->job.res.path_mtu;

		if (m->stage == MEASURE_RUN)
			measure_why(m, r->why, sizeof(r->why));
		if (m->stage != MEASURE_DONE)
			continue;
		r->rep = m->rep;
		r->probed = true;
		if (!m->found) {
			set_why(r, m->err);
			continue;
		}
		r->mtu = wireguard_mtu(pmtu, m->dst.family);
		if (r->mtu < WGCONF_MTU_MIN) {
			snprintf(r->why, sizeof(r->why), "a path MTU of %u leaves no room for WireGuard",
				 pmtu);
			r->mtu = 0;
		}
	}
}

/* The smallest MTU over the peers, in rep; 0 unless every peer was
 * sized. */
static void propose(struct wg_config_report *rep)
{
	rep->mtu = 0;
	for (size_t i = 0; i < rep->npeers; i++) {
		if (!rep->peers[i].mtu) {
			rep->mtu = 0;
			return;
		}
		if (!rep->mtu || rep->peers[i].mtu < rep->mtu) {
			rep->mtu = rep->peers[i].mtu;
			rep->lowest = i;
		}
	}
}

/* Probes every prepared peer at once, with no more privileges than
 * --write needs. Returns 0 or the exit code, having said why. */
static int probe_all(struct wgrun *w)
{
	int code = prepare(w), ret;

	if (!code)
		code = cmd_drop(w->e, w->o);
	if (code) {
		for (unsigned int i = 0; i < w->c->nendpoints; i++)
			measure_abort(w->e->sys, &w->ms[i]);
		return code;
	}
	ret = pool_run(w->c->nendpoints, w->c->nendpoints, run_peer, w);
	if (ret)
		return die(EXIT_SYSTEM, "starting a thread: %s", strerror(-ret));
	judge(w);
	return 0;
}

/* The file with the MTU proposed, written when --write asks. Returns 0 or
 * the exit code, having said why. */
static int change(struct wgrun *w, struct wg_config_report *rep, char **out,
		  size_t *outlen)
{
	char err[512];
	ssize_t n;

	*out = malloc(w->len + WG_FILE_GROWTH);
	n = *out ? wgconf_set_mtu(w->buf, w->len, rep->mtu, *out,
				  w->len + WG_FILE_GROWTH) : -ENOMEM;
	if (n < 0) {
		free(*out);
		*out = NULL;
		return die(EXIT_SYSTEM, "%s: setting the MTU: %s",
			   w->o->wg_config, strerror((int)-n));
	}
	*outlen = (size_t)n;
	if (!w->o->write)
		return 0;
	if (keeper_replace(w->slot, *out, *outlen, err, sizeof(err)))
		return die(EXIT_SYSTEM, "%s", err);
	rep->written = true;
	return 0;
}

static int show(struct wgrun *w, const struct wg_config_report *rep,
		const char *out, size_t outlen)
{
	FILE *f = w->e->out;
	const char *name = w->o->wg_config;

	if (w->o->json) {
		report_wg_config_json(f, rep);
		return 0;
	}
	report_wg_config_text(f, rep);
	if (out && udiff(f, name, name, w->buf, w->len, out, outlen,
			 DIFF_CONTEXT, wgconf_put_line))
		return die(EXIT_SYSTEM, "%s", strerror(ENOMEM));
	report_wg_config_written(f, rep);
	return 0;
}

static int run(struct wgrun *w)
{
	struct wg_config_report rep = { .file = w->o->wg_config };
	char *out = NULL;
	size_t outlen = 0;
	int code;

	code = probe_all(w);
	if (code)
		return code;
	rep.peers = w->rs;
	rep.npeers = w->c->nendpoints;
	rep.current = w->c->mtu;
	propose(&rep);
	if (rep.mtu && rep.mtu != rep.current)
		code = change(w, &rep, &out, &outlen);
	/* shown even when the write failed, not when no change was made */
	if (!code || out)
		code = show(w, &rep, out, outlen) ? EXIT_SYSTEM : code;
	if (!rep.mtu && !code)
		code = die(EXIT_NO_ANSWER, "%s: not every peer was sized; nothing %s",
			   w->o->wg_config, w->o->write ? "written" : "proposed");
	free(out);
	return code;
}

static const char *read_error(int ret)
{
	switch (ret) {
	case -EISDIR:
		return "a directory, not a wg-quick file";
	case -EINVAL:
		return "not a regular file";
	case -EFBIG:
		return "too large to be a wg-quick file (over 1 MiB)";
	case -EAGAIN:
		return "it changed while being read";
	}
	return strerror(-ret);
}

/* The file's peers, checked for something to probe and for --write. */
static int check(const struct opts *o, const struct wgconf *c)
{
	if (!c->npeers)
		return die(EXIT_USAGE, "%s: no [Peer] section: nothing to probe",
			   o->wg_config);
	if (!c->nendpoints)
		return die(EXIT_USAGE, "%s: line %u: [Peer] without Endpoint, and no peer has one: nothing to probe",
			   o->wg_config, c->peer_line);
	return 0;
}

/* Reads the file o names into buf, as wg-quick would: "wg0", with no
 * file of that name here, is /etc/wireguard/wg0.conf; o->wg_config is then
 * that path. With --write, the keeper holds it (*slot). Returns 0 or the
 * exit code, having said why. */
static int read_named(struct opts *o, int *slot, char *path, size_t pathlen,
		      char **buf, size_t *len)
{
	const char *arg = o->wg_config;
	bool exists = !access(arg, F_OK) || errno != ENOENT;
	char err[PATH_MAX + 128];
	int ret;

	o->wg_config = wgconf_path(arg, exists, WGCONF_DIR, path, pathlen);
	/* --write holds the file from here on, and asks now whether it
	 * could replace it, rather than finding out after probing */
	if (o->write) {
		*slot = keeper_open(o->wg_config, -1, WG_FILE_MAX, buf, len,
				    err, sizeof(err));
		if (*slot >= 0)
			return 0;
		if (o->wg_config != arg)
			return die(EXIT_USAGE, "%s: no such file; %s; nothing probed",
				   arg, err);
		return die(EXIT_USAGE, "%s; nothing probed", err);
	}
	ret = file_read(o->wg_config, WG_FILE_MAX, true, buf, len);
	if (!ret)
		return 0;
	if (o->wg_config != arg)
		return die(EXIT_USAGE, "%s: no such file; %s: %s", arg,
			   o->wg_config, read_error(ret));
	return die(EXIT_USAGE, "%s: %s", arg, read_error(ret));
}

int cmd_wg_config(const struct cmd_env *e, const struct opts *given)
{
	struct opts named = *given;
	const struct opts *o = &named;
	struct wgrun w = { .e = e, .o = o };
	struct wgconf *c = calloc(1, sizeof(*c));
	char *buf = NULL, path[PATH_MAX];
	int code;

	if (!c)
		return die(EXIT_SYSTEM, "%s", strerror(ENOMEM));
	code = read_named(&named, &w.slot, path, sizeof(path), &buf, &w.len);
	if (code)
		goto out;
	if (wgconf_parse(buf, w.len, c)) {
		code = die(EXIT_USAGE, "%s: %s", o->wg_config, c->err);
		goto out;
	}
	code = check(o, c);
	w.buf = buf;
	w.c = c;
	w.ms = code ? NULL : calloc(c->nendpoints, sizeof(*w.ms));
	w.rs = code ? NULL : calloc(c->nendpoints, sizeof(*w.rs));
	if (!code && (!w.ms || !w.rs))
		code = die(EXIT_SYSTEM, "%s", strerror(ENOMEM));
	if (!code)
		code = run(&w);
out:
	free(w.ms);
	free(w.rs);
	free(buf);
	free(c);
	return code;
}
