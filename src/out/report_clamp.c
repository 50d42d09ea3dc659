// SPDX-License-Identifier: GPL-2.0-or-later
/* The MSS clamp: the ruleset --clamp prints, and what --apply installed,
 * each saying where its MSS came from. */
#include "config.h"

#include "clamp.h"
#include "report_share.h"

/* "MSS 1340 for IPv4, 1320 for IPv6, from the path MTU 1380 to ...": the
 * numbers are the clamp's, the path MTU and evidence the probe's. */
static void print_source(FILE *f, const struct clamp_report *r)
{
	const struct report *rep = r->rep;
	char a[ADDR_ZONE_STRLEN];

	fprintf(f, "MSS %u for IPv4, %u for IPv6", r->c->mss4, r->c->mss6);
	if (!rep) {
		fputs(", from --mss", f);
		return;
	}
	fprintf(f, ", from the path MTU %u to %s (%s): ", rep->res->path_mtu,
		rep->host, addr_ntop_zone(&rep->addr, rep->ifname, a));
	report_evidence_brief(f, rep);
	if (r->tunnel)
		fprintf(f, "; inside %s, MTU %u", r->adv->label, r->adv->mtu);
}

void report_clamp_ruleset(FILE *f, const struct clamp_report *r)
{
	fputs("# mtuprobe MSS clamp: ", f);
	print_source(f, r);
	fputs("\n# for ", f);
	clamp_selection_text(f, r->c);
	fprintf(f, "\n# load it with nft -f; loading it again replaces table inet %s\n",
		r->c->table);
	clamp_ruleset_text(f, r->c);
}

void report_clamp_applied(FILE *f, const struct clamp_report *r)
{
	const struct clamp *c = r->c;

	if (r->rep)
		report_text(f, r->rep);
	fputs("clamp: ", f);
	print_source(f, r);
	fputs("\nselects: ", f);
	clamp_selection_text(f, c);
	fprintf(f, "\napplied: table inet %s, chain %s (hook %s, priority mangle), %zu rule%s, read back from the kernel\n",
		c->table, clamp_hook_name(c->hook), clamp_hook_name(c->hook),
		c->nrules, c->nrules == 1 ? "" : "s");
}

void report_clamp_removed(FILE *f, const char *table, bool existed)
{
	if (existed)
		fprintf(f, "removed: table inet %s\n", table);
	else
		fprintf(f, "nothing to remove: there is no table inet %s\n",
			table);
}
