// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>

#include "advice.h"
#include "clamp.h"
#include "clamprun.h"
#include "nft.h"

/* Where the MSS came from, for the report and the ruleset's comments. */
struct mss_source {
	bool probed;
	struct report rep;
	struct advice adv;	/* of the tunnel, or of none */
	bool tunnel;		/* --tunnel named one */
};

static void print_source(FILE *f, const struct clamp *c,
			 const struct mss_source *s)
{
	char a[ADDR_STRLEN];

	fprintf(f, "MSS %u for IPv4, %u for IPv6", c->mss4, c->mss6);
	if (!s->probed) {
		fputs(", from --mss", f);
		return;
	}
	fprintf(f, ", from the path MTU %u to %s (%s): ",
		s->rep.res->path_mtu, s->rep.host, addr_ntop(&s->rep.addr, a));
	report_evidence_brief(f, &s->rep);
	if (s->tunnel)
		fprintf(f, "; inside %s, MTU %u", s->adv.label, s->adv.mtu);
}

static int remove_table(void)
{
	char err[512];
	int ret = nft_clamp_remove(err, sizeof(err));

	if (ret == -ENOENT) {
		puts("nothing to remove: there is no table inet " CLAMP_TABLE);
		return EXIT_FOUND;
	}
	if (ret)
		return die(ret == -EPERM ? EXIT_PRIVILEGE : EXIT_SYSTEM, "%s",
			   err);
	puts("removed: table inet " CLAMP_TABLE);
	return EXIT_FOUND;
}

/* Probes the host and takes the MSS of the tunnel (or of none) over it. */
static int measure(struct target *t, struct job *j, struct mss_source *s)
{
	const struct opts *o = &t->o;
	struct tunnel tun;
	char err[512];
	int ret;

	t->host = o->host;
	ret = target_resolve(t->host, o->family, &t->dst, err, sizeof(err));
	if (!ret)
		ret = target_route(t, err, sizeof(err));
	if (ret)
		return die(ret, "%s", err);
	ret = target_measure(t, j, &s->rep);
	if (ret)
		return ret;
	if (j->res.state != SEARCH_DONE || j->syn_data_refused) {
		report_failure(err, sizeof(err), &s->rep);
		return die(EXIT_NO_ANSWER, "%s; nothing clamped", err);
	}
	s->probed = true;
	s->tunnel = o->tunnels != NULL;
	/* opts_parse checked the one name */
	if (tunnel_list_parse(s->tunnel ? o->tunnels : "none", &tun, 1, err,
			      sizeof(err)) != 1)
		return die(EXIT_USAGE, "%s", err);
	advise(&tun, j->res.path_mtu, t->dst.family, &s->adv);
	return 0;
}

int clamp_run(struct target *t)
{
	const struct opts *o = &t->o;
	struct mss_source src = { 0 };
	struct job *j = NULL;
	struct clamp *c = NULL;
	unsigned int mss4 = o->mss;
	char err[512];
	int ret;

	/* main() checked the capabilities this needs */
	if (o->clamp == CLAMP_REMOVE)
		return remove_table();
	/* The rules match a name, so would wait for the interface; but a
	 * name mistyped would clamp nothing, silently. */
	for (size_t i = 0; o->clamp == CLAMP_APPLY && i < o->nsel; i++)
		if (o->sel[i].match == CLAMP_IIF &&
		    !if_nametoindex(o->sel[i].ifname))
			return die(EXIT_USAGE, "-i %s: no such interface here (for one made later, load the ruleset of --clamp with nft -f)",
				   o->sel[i].ifname);

	c = calloc(1, sizeof(*c));
	j = calloc(1, sizeof(*j));
	if (!c || !j) {
		ret = die(EXIT_SYSTEM, "%s", strerror(ENOMEM));
		goto cleanup;
	}
	if (!mss4) {
		ret = measure(t, j, &src);
		if (ret)
			goto cleanup;
		mss4 = src.adv.mss4;
	} else {
		ret = target_drop(o);
		if (ret)
			goto cleanup;
	}
	if (clamp_build(c, o->hook, o->sel, o->nsel, mss4)) {
		ret = die(EXIT_NO_ANSWER, "a path MTU of %u leaves an MSS of %u%s, below %d: nothing clamped",
			  src.rep.res->path_mtu, mss4,
			  src.tunnel ? " inside the tunnel" : "",
			  CLAMP_MSS_MIN);
		goto cleanup;
	}

	if (o->clamp == CLAMP_PRINT) {
		fputs("# mtuprobe MSS clamp: ", stdout);
		print_source(stdout, c, &src);
		fputs("\n# for ", stdout);
		clamp_selection_text(stdout, c);
		fputs("\n# load it with nft -f; loading it again replaces table inet " CLAMP_TABLE "\n",
		      stdout);
		clamp_ruleset_text(stdout, c);
		ret = EXIT_FOUND;
		goto cleanup;
	}

	if (src.probed)
		report_text(stdout, &src.rep);
	ret = nft_clamp_apply(c, err, sizeof(err));
	if (!ret)
		ret = nft_clamp_check(c, err, sizeof(err));
	if (ret) {
		ret = die(ret == -EPERM ? EXIT_PRIVILEGE : EXIT_SYSTEM, "%s",
			  err);
		goto cleanup;
	}
	fputs("clamp: ", stdout);
	print_source(stdout, c, &src);
	fputs("\nselects: ", stdout);
	clamp_selection_text(stdout, c);
	printf("\napplied: table inet " CLAMP_TABLE ", chain %s (hook %s, priority mangle), %zu rule%s, read back from the kernel\n",
	       clamp_hook_name(c->hook), clamp_hook_name(c->hook), c->nrules,
	       c->nrules == 1 ? "" : "s");
	ret = EXIT_FOUND;
cleanup:
	free(j);
	free(c);
	return ret;
}
