// SPDX-License-Identifier: GPL-2.0-or-later
/* Until the output moves onto the JSON writer. */
#include "config.h"

#include <stdio.h>
#include <sys/socket.h>

#include "clamp.h"
#include "report.h"

void report_path_mtu_json(FILE *f, unsigned int pmtu, const int *families,
			  size_t nf, const struct tunnel *ts, size_t n)
{
	fprintf(f, "{\"path_mtu\":%u", pmtu);
	for (size_t i = 0; i < nf; i++) {
		fprintf(f, ",\"%s\":", families[i] == AF_INET6 ?
			"ipv6_endpoint" : "ipv4_endpoint");
		report_advice_json(f, pmtu, families[i], ts, n);
	}
	fputs("}\n", f);
}

void report_path_mtu_text(FILE *f, unsigned int pmtu, const int *families,
			  size_t nf, const struct tunnel *ts, size_t n)
{
	for (size_t i = 0; i < nf; i++) {
		if (i)
			fputc('\n', f);
		report_advice_text(f, pmtu, families[i], ts, n);
	}
}

static void print_source(FILE *f, const struct clamp_report *r)
{
	char a[ADDR_STRLEN];

	fprintf(f, "MSS %u for IPv4, %u for IPv6", r->c->mss4, r->c->mss6);
	if (!r->rep) {
		fputs(", from --mss", f);
		return;
	}
	fprintf(f, ", from the path MTU %u to %s (%s): ",
		r->rep->res->path_mtu, r->rep->host,
		addr_ntop(&r->rep->addr, a));
	report_evidence_brief(f, r->rep);
	if (r->tunnel)
		fprintf(f, "; inside %s, MTU %u", r->adv->label, r->adv->mtu);
}

void report_clamp_ruleset(FILE *f, const struct clamp_report *r)
{
	fputs("# mtuprobe MSS clamp: ", f);
	print_source(f, r);
	fputs("\n# for ", f);
	clamp_selection_text(f, r->c);
	fputs("\n# load it with nft -f; loading it again replaces table inet " CLAMP_TABLE "\n",
	      f);
	clamp_ruleset_text(f, r->c);
}

void report_clamp_applied(FILE *f, const struct clamp_report *r)
{
	if (r->rep)
		report_text(f, r->rep);
	fputs("clamp: ", f);
	print_source(f, r);
	fputs("\nselects: ", f);
	clamp_selection_text(f, r->c);
	fprintf(f, "\napplied: table inet " CLAMP_TABLE ", chain %s (hook %s, priority mangle), %zu rule%s, read back from the kernel\n",
		clamp_hook_name(r->c->hook), clamp_hook_name(r->c->hook),
		r->c->nrules, r->c->nrules == 1 ? "" : "s");
}
