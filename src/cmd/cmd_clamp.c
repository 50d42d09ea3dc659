// SPDX-License-Identifier: GPL-2.0-or-later
/* --clamp, --apply, --remove: the MSS clamp in nftables. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>

#include "advice.h"
#include "clamp.h"
#include "cmd.h"
#include "exit.h"
#include "nft.h"

static int remove_table(FILE *out, const char *table)
{
	char err[512];
	int ret = nft_clamp_remove(table, err, sizeof(err));

	if (ret && ret != -ENOENT)
		return die(ret == -EPERM ? EXIT_PRIVILEGE : EXIT_SYSTEM, "%s",
			   err);
	report_clamp_removed(out, table, ret != -ENOENT);
	return EXIT_FOUND;
}

/* Probes the host and takes the MSS of the tunnel (or of none) over it.
 * Returns 0, or the exit code once it has said why. */
static int measure(const struct cmd_env *e, const struct opts *o,
		   struct measurement *m, struct advice *adv)
{
	struct tunnel none;
	int code;

	code = cmd_measure(e, o, m);
	if (code)
		return code;
	if (!m->found)
		return die(EXIT_NO_ANSWER, "%s; nothing clamped", m->err);
	/* opts_parse checked that --tunnel names one */
	if (!o->tunnels && tunnel_lookup("none", &none))
		return die(EXIT_SYSTEM, "no tunnel named none");
	advise(o->tunnels ? &o->tunnel[0] : &none, m->job.res.path_mtu,
	       m->dst.family, adv);
	return 0;
}

/* The rules match a name, so would wait for the interface; but a name
 * mistyped would clamp nothing, silently. */
static int interfaces_exist(const struct opts *o)
{
	for (size_t i = 0; o->clamp == CLAMP_APPLY && i < o->nsel; i++)
		if (o->sel[i].match == CLAMP_IIF &&
		    !if_nametoindex(o->sel[i].ifname))
			return die(EXIT_USAGE, "-i %s: no such interface here (for one made later, load the ruleset of --clamp with nft -f)",
				   o->sel[i].ifname);
	return 0;
}

static int apply(const struct cmd_env *e, const struct clamp_report *r)
{
	char err[512];
	int ret;

	ret = nft_clamp_apply(r->c, err, sizeof(err));
	if (!ret)
		ret = nft_clamp_check(r->c, err, sizeof(err));
	if (ret)
		return die(ret == -EPERM ? EXIT_PRIVILEGE : EXIT_SYSTEM, "%s",
			   err);
	report_clamp_applied(e->out, r);
	return EXIT_FOUND;
}

/* The clamp to build: its MSS, from --mss or a probe. */
static int clamp_of(const struct cmd_env *e, const struct opts *o,
		    struct measurement *m, struct advice *adv,
		    struct clamp_report *r, struct clamp *c)
{
	unsigned int mss4 = o->mss;
	int code;

	if (!mss4) {
		code = measure(e, o, m, adv);
		if (code)
			return code;
		r->rep = &m->rep;
		r->tunnel = o->tunnels != NULL;
		mss4 = adv->mss4;
	} else {
		code = cmd_drop(e, o);
		if (code)
			return code;
	}
	if (clamp_build(c, o->table, o->hook, o->sel, o->nsel, mss4))
		return die(EXIT_NO_ANSWER, "a path MTU of %u leaves an MSS of %u%s, below %d: nothing clamped",
			   m->job.res.path_mtu, mss4,
			   r->tunnel ? " inside the tunnel" : "", CLAMP_MSS_MIN);
	return 0;
}

int cmd_clamp(const struct cmd_env *e, const struct opts *o)
{
	struct measurement *m = NULL;
	struct clamp *c = NULL;
	struct advice adv = { 0 };
	struct clamp_report r = { .adv = &adv };
	int code;

	/* main() checked the capabilities this needs */
	if (o->clamp == CLAMP_REMOVE)
		return remove_table(e->out, o->table);
	code = interfaces_exist(o);
	if (code)
		return code;
	c = calloc(1, sizeof(*c));
	m = calloc(1, sizeof(*m));
	if (!c || !m)
		code = die(EXIT_SYSTEM, "%s", strerror(ENOMEM));
	if (!code)
		code = clamp_of(e, o, m, &adv, &r, c);
	r.c = c;
	if (!code && o->clamp == CLAMP_PRINT) {
		report_clamp_ruleset(e->out, &r);
		code = EXIT_FOUND;
	} else if (!code) {
		code = apply(e, &r);
	}
	free(m);
	free(c);
	return code;
}
