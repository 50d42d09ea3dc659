// SPDX-License-Identifier: GPL-2.0-or-later
/* What a probe's answer rests on: its witnesses, what filters what, and
 * the directions, in text and in JSON. */
#include "config.h"

#include <stdio.h>

#include "job.h"
#include "report_share.h"

/* Echo's replies came back cut short, or the host rationed them, in the
 * search that gave the answer or in the echo it replaced. */
static bool replies_cut(const struct job *j)
{
	return j->res.replies_cut || (j->have_echo && j->echo.replies_cut);
}

static bool policed(const struct job *j)
{
	return j->res.policed || (j->have_echo && j->echo.policed);
}

bool report_unconfirmed(const struct report *r)
{
	return r->job && r->job->unconfirmed;
}

void report_path_mtu_line(FILE *f, const struct report *r)
{
	const struct job *j = r->job;
	const char *on = sgr(r->colour, SGR_BOLD), *off = sgr(r->colour,
							       SGR_PLAIN);

	if (j && j->back)
		fprintf(f, "path MTU: %s%u%s toward the host, %s%u%s back\n",
			on, j->toward, off, on, j->back, off);
	else
		fprintf(f, "path MTU: %s%u%s%s\n", on, r->res->path_mtu, off,
			report_unconfirmed(r) ? " (unconfirmed)" : "");
}

static const char *method_text(const struct witness *w)
{
	return w->method == METHOD_TCP ? "TCP SYNs" :
	       w->method == METHOD_UDP ? "UDP" : "ICMP echo";
}

static void print_witness(FILE *f, const struct job *j,
			  const struct witness *w, bool cut)
{
	char a[ADDR_STRLEN];

	if (w->hop) {
		fprintf(f, "TTL-limited %s: %u bytes vanish before hop %u (%s), which answers small ones",
			method_text(w), w->largest + 1, w->hop,
			addr_ntop(&j->tr.hops[w->hop - 1].addr, a));
		return;
	}
	fputs(method_text(w), f);
	if (w->method == METHOD_TCP)
		fprintf(f, " to port %u", w->port);
	fprintf(f, " up to %u (%s)", w->largest,
		w->dir == WITNESS_BOTH ? "both ways" :
		cut ? "toward the host: replies cut short" : "toward the host");
}

static void print_notes(FILE *f, const struct report *r)
{
	const struct job *j = r->job;

	if (replies_cut(j))
		fputs("note: the host's echo replies come back cut short: they prove that a size arrived, not that it comes back\n",
		      f);
	/* where SYNs were asked for, or all that answered, there is no
	 * other method to name */
	if (j->one_witness && !j->unconfirmed && j->method == METHOD_ICMP)
		fputs(r->unprivileged ?
		      "note: seen by ICMP echo only; with raw sockets (CAP_NET_RAW), TCP SYNs could confirm it\n" :
		      "note: seen by ICMP echo only; a TCP port that answers would confirm it (--tcp PORT)\n",
		      f);
	if (j->ttl_last && j->unconfirmed)
		fprintf(f, "note: TTL-limited probes of %u bytes reach hop %u, the last router, and vanish after it: a limit on the last link and a filter at the host look alike\n",
			r->res->path_mtu + 1, j->ttl_last);
	if (j->syn_data_dropped)
		fputs("note: plain SYNs are answered, but a firewall drops SYNs that carry data: TCP could not size the path\n",
		      f);
	if (policed(j))
		fputs("note: the host rations its answers: they stopped, and came again when probed more slowly\n",
		      f);
	if (j->back)
		fprintf(f, "note: the way back carries less than the way there; the advice is for %u, since a tunnel's packets go both ways\n",
			j->back);
}

void report_witness_text(FILE *f, const struct report *r)
{
	const struct job *j = r->job;
	bool cut;

	if (!j || !j->nwitness)
		return;
	fputs("witnesses: ", f);
	for (size_t i = 0; i < j->nwitness; i++) {
		cut = j->witness[i].method == METHOD_ICMP &&
		      replies_cut(j);
		if (i)
			fputs(", ", f);
		print_witness(f, j, &j->witness[i], cut);
	}
	fputc('\n', f);
	if (j->filter_above)
		fprintf(f, "filter: ICMP echo requests above %u bytes go unanswered at the host, while %s of %u bytes arrive\n",
			j->filter_above, j->filter_by == METHOD_UDP ?
			"UDP datagrams" : "TCP SYNs", j->toward);
	print_notes(f, r);
}

static void json_witnesses(struct json *js, const struct job *j)
{
	json_key(js, "witnesses");
	json_array_open(js);
	for (size_t i = 0; i < j->nwitness; i++) {
		const struct witness *w = &j->witness[i];

		json_object_open(js);
		json_key_string(js, "method", report_method_key(w->method));
		json_key_uint_or_null(js, "port", w->port, !w->port);
		json_key_uint(js, "largest", w->largest);
		json_key_string(js, "direction", w->dir == WITNESS_BOTH ?
				"both" : "toward");
		json_key_uint_or_null(js, "hop", w->hop, !w->hop);
		json_object_close(js);
	}
	json_array_close(js);
}

void report_witness_json(struct json *js, const struct report *r)
{
	const struct job *j = r->job;
	bool done = r->res->state == SEARCH_DONE;

	if (!j)
		return;
	json_key_bool(js, "confirmed", done && !j->one_witness);
	json_key_uint_or_null(js, "path_mtu_toward", j->toward, !done);
	json_key_uint_or_null(js, "path_mtu_back", j->back, !j->back);
	json_witnesses(js, j);
	json_key(js, "filter");
	if (j->filter_above) {
		json_object_open(js);
		json_key_string(js, "method", "icmp");
		json_key_uint(js, "above", j->filter_above);
		json_key_string(js, "while", report_method_key(j->filter_by));
		json_object_close(js);
	} else {
		json_null(js);
	}
	json_key_bool(js, "replies_cut", replies_cut(j));
	json_key_bool(js, "policed", policed(j));
}
