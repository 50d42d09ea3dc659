// SPDX-License-Identifier: GPL-2.0-or-later
/* The trace of --trace: each hop, and where the path MTU drops. */
#include "config.h"

#include "report_share.h"

/* "hop 2 (10.99.2.2)", or the address alone when no hop has it. */
static void print_router(FILE *f, const struct trace_result *tr,
			 const struct addr *a)
{
	char s[ADDR_STRLEN];

	for (unsigned int h = 0; h < tr->nhops; h++) {
		if (addr_eq(&tr->hops[h].addr, a)) {
			fprintf(f, "hop %u (%s)", h + 1, addr_ntop(a, s));
			return;
		}
	}
	fputs(addr_ntop(a, s), f);
}

static void print_hop(FILE *f, const struct trace_result *tr, unsigned int h)
{
	char s[ADDR_STRLEN];

	if (!h)
		fputs("this host", f);
	else if (tr->hops[h - 1].addr.family)
		fprintf(f, "hop %u (%s)", h, addr_ntop(&tr->hops[h - 1].addr, s));
	else
		fprintf(f, "hop %u (no answer)", h);
}

void report_trace_text(FILE *f, const struct report *r)
{
	const struct trace_result *tr = r->trace;
	int family = r->addr.family;
	bool limited = false;
	char s[ADDR_STRLEN];

	fputs("hop  address                  rtt        path MTU\n", f);
	for (unsigned int h = 0; h < tr->nhops; h++) {
		const struct hop *hop = &tr->hops[h];

		if (!hop->addr.family) {
			fprintf(f, "%3u  *\n", h + 1);
			continue;
		}
		fprintf(f, "%3u  %-24s ", h + 1, addr_ntop(&hop->addr, s));
		report_duration(f, hop->rtt);
		fprintf(f, "%*s%u", hop->rtt < 10000 ? 4 : 6, "", hop->mtu);
		if (hop->limit == HOP_PTB)
			fprintf(f, "  \"%s\" from %s", report_ptb_name(family),
				addr_ntop(&hop->ptb_from, s));
		else if (hop->limit == HOP_BLACK_HOLE)
			fputs("  black hole", f);
		fputc('\n', f);
	}
	for (unsigned int h = 0; h < tr->nhops; h++) {
		const struct hop *hop = &tr->hops[h];

		if (hop->limit == HOP_PTB) {
			fputs("limit: ", f);
			print_router(f, tr, &hop->ptb_from);
			fprintf(f, " cannot forward packets above %u bytes and says so (\"%s\")\n",
				hop->mtu, report_ptb_name(family));
			limited = true;
		} else if (hop->limit == HOP_BLACK_HOLE) {
			fprintf(f, "limit: large packets vanish %sbetween ",
				hop->after + 1 < h + 1 ? "somewhere " : "");
			print_hop(f, tr, hop->after);
			fputs(" and ", f);
			print_hop(f, tr, h + 1);
			fprintf(f, ": nothing above %u bytes gets through, and no \"too big\" reply comes back\n",
				hop->mtu);
			limited = true;
		}
	}
	if (!tr->reached)
		fprintf(f, "trace: the destination did not answer within %u hops\n",
			TRACE_MAX_HOPS);
	else if (!limited)
		fprintf(f, "limit: none found: %u bytes reach every hop\n",
			r->res->path_mtu);
	fprintf(f, "trace: %u probes in %u rounds, ", tr->probes, tr->rounds);
	report_duration(f, tr->elapsed);
	fputc('\n', f);
}

void report_trace_json(struct json *j, const struct trace_result *tr)
{
	static const char *const limits[] = {
		[HOP_SAME] = NULL,
		[HOP_PTB] = "ptb",
		[HOP_BLACK_HOLE] = "black_hole",
	};
	char a[ADDR_STRLEN];

	json_key(j, "trace");
	json_object_open(j);
	json_key_bool(j, "reached", tr->reached);
	json_key_uint(j, "probes", tr->probes);
	json_key_uint(j, "rounds", tr->rounds);
	json_key_fixed(j, "elapsed_ms", (double)tr->elapsed / 1e3, 3);
	json_key(j, "hops");
	json_array_open(j);
	for (unsigned int h = 0; h < tr->nhops; h++) {
		const struct hop *hop = &tr->hops[h];
		bool seen = hop->addr.family != 0;

		json_object_open(j);
		json_key_uint(j, "hop", h + 1);
		json_key_string(j, "address", seen ? addr_ntop(&hop->addr, a) : NULL);
		json_key(j, "rtt_ms");
		if (seen)
			json_fixed(j, (double)hop->rtt / 1e3, 3);
		else
			json_null(j);
		json_key_uint_or_null(j, "path_mtu", hop->mtu, !hop->mtu);
		json_key_string(j, "limit", limits[hop->limit]);
		json_key_string(j, "ptb_from", hop->limit == HOP_PTB ?
				addr_ntop(&hop->ptb_from, a) : NULL);
		json_object_close(j);
	}
	json_array_close(j);
	json_object_close(j);
}
