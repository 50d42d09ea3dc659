// SPDX-License-Identifier: GPL-2.0-or-later
/* The RST check: who sent the RST, as text and as JSON. */
#include "config.h"

#include <sys/socket.h>

#include "report_share.h"

/* "hop 1 (10.99.1.2)" from the Time Exceeded senders, or "hop 1". */
static void print_rst_hop(FILE *f, const struct rst_obs *o, unsigned int hop)
{
	char a[ADDR_STRLEN];

	if (hop && hop <= RST_MAX_HOPS && o->hops[hop - 1].family)
		fprintf(f, "hop %u (%s)", hop, addr_ntop(&o->hops[hop - 1], a));
	else
		fprintf(f, "hop %u", hop);
}

/* "RST: TTL 62, so 2 hops away (initial 64), IP ID 4242" */
static void print_ttl(FILE *f, const char *who, unsigned int ttl,
		      unsigned int hops, bool v4, unsigned int ipid)
{
	fprintf(f, "%s TTL %u, so %u hop%s away (initial %u)", who, ttl, hops,
		hops == 1 ? "" : "s", rst_initial_ttl(ttl));
	if (v4)
		fprintf(f, ", IP ID %u", ipid);
	fputc('\n', f);
}

/* What was seen: the RST, the server's own packets, the TTL-limited
 * SYNs, and what the RST carried. */
static void print_clues(FILE *f, const struct report *r,
			const struct rst_obs *o, const struct rst_judgement *j)
{
	char text[RST_MAX_PAYLOAD * 4 + 4];
	bool v4 = r->addr.family == AF_INET;

	if (o->rst)
		print_ttl(f, "RST:", o->rst_ttl, j->rst_hops, v4, o->rst_ipid);
	if (o->server_seen)
		print_ttl(f, "server: echo reply", o->server_ttl,
			  rst_distance(o->server_ttl), v4, o->server_ipid);
	else
		fputs("server: no echo reply to compare with\n", f);
	if (o->server_hops)
		fprintf(f, "path: TTL-limited echo reaches the server at hop %u\n",
			o->server_hops);
	if (o->first_rst_ttl) {
		fprintf(f, "TTL-limited SYNs: the first to draw the RST had TTL %u",
			o->first_rst_ttl);
		if (o->first_rst_ttl > 1) {
			fprintf(f, "; TTL %u expired at ", o->first_rst_ttl - 1);
			print_rst_hop(f, o, o->first_rst_ttl - 1);
		}
		fputc('\n', f);
	}
	if (o->payload_total) {
		rst_escape(text, sizeof(text), o->payload, o->payload_len);
		fprintf(f, "RST payload: %zu bytes \"%s\" (a middlebox signature: a server's RST carries no data)\n",
			o->payload_total, text);
	}
}

static void print_verdict(FILE *f, const struct report *r,
			  const struct rst_obs *o,
			  const struct rst_judgement *j)
{
	fputs("verdict: ", f);
	switch (j->verdict) {
	case RST_SYNACK:
		fprintf(f, "no RST: port %u answers SYNs with SYN-ACK\n", r->port);
		break;
	case RST_FROM_SERVER:
		fputs("RST comes from the server\n", f);
		break;
	case RST_INJECTED:
		fputs("RST injected by a device ", f);
		if (j->hop) {
			fputs("at ", f);
			print_rst_hop(f, o, j->hop);
		} else {
			fputs("between this host and hop 1", f);
		}
		if (j->server_hops)
			fprintf(f, "; the server is %u hop%s away", j->server_hops,
				j->server_hops == 1 ? "" : "s");
		fputc('\n', f);
		break;
	case RST_UNSURE:
		fprintf(f, "unsure: the RST's TTL says %u hops, the server is %s%u hops away",
			j->rst_hops, j->server_hops ? "" : "not known to be ",
			j->server_hops);
		if (o->first_rst_ttl)
			fprintf(f, ", TTL-limited SYNs first drew it at TTL %u",
				o->first_rst_ttl);
		fputc('\n', f);
		break;
	case RST_NO_ANSWER:
		fprintf(f, "no RST and no SYN-ACK from port %u\n", r->port);
		break;
	}
}

void report_rst_text(FILE *f, const struct report *r, const struct rst_obs *o,
		     const struct rst_judgement *j)
{
	char a[ADDR_ZONE_STRLEN], s[ADDR_ZONE_STRLEN];

	fprintf(f, "mtuprobe RST check: %s (%s) port %u, %s, via %s, source %s\n",
		r->host, addr_ntop_zone(&r->addr, r->ifname, a), r->port,
		report_family_name(r->addr.family), r->ifname,
		addr_ntop_zone(&r->src, r->ifname, s));
	print_clues(f, r, o, j);
	print_verdict(f, r, o, j);
}

void report_rst_json(FILE *f, const struct report *r, const struct rst_obs *o,
		     const struct rst_judgement *j)
{
	static const char *const verdicts[] = {
		[RST_NO_ANSWER] = "no_answer",
		[RST_SYNACK] = "synack",
		[RST_FROM_SERVER] = "server",
		[RST_INJECTED] = "injected",
		[RST_UNSURE] = "unsure",
	};
	char a[ADDR_ZONE_STRLEN], text[RST_MAX_PAYLOAD * 4 + 4];
	bool inj = j->verdict == RST_INJECTED;
	bool v4 = r->addr.family == AF_INET;
	struct json w;

	json_init(&w, f);
	report_json_open(&w, "rst-check");
	json_key_string(&w, "host", r->host);
	json_key_string(&w, "address", addr_ntop_zone(&r->addr, r->ifname, a));
	json_key_string(&w, "family", report_family_key(r->addr.family));
	json_key_uint(&w, "port", r->port);
	json_key_string(&w, "verdict", verdicts[j->verdict]);
	json_key_uint_or_null(&w, "injector_hop", j->hop, !inj);
	json_key_string(&w, "injector", inj && j->hop && j->hop <= RST_MAX_HOPS &&
			o->hops[j->hop - 1].family ?
			addr_ntop(&o->hops[j->hop - 1], a) : NULL);
	json_key_uint_or_null(&w, "server_hops", j->server_hops,
			      !j->server_hops);
	json_key_uint_or_null(&w, "rst_hops", j->rst_hops, !o->rst);
	json_key_uint_or_null(&w, "rst_ttl", o->rst_ttl, !o->rst);
	json_key_uint_or_null(&w, "rst_ipid", o->rst_ipid, !o->rst || !v4);
	json_key_uint_or_null(&w, "server_ttl", o->server_ttl,
			      !o->server_seen);
	json_key_uint_or_null(&w, "server_ipid", o->server_ipid,
			      !o->server_seen || !v4);
	json_key_uint_or_null(&w, "first_rst_ttl", o->first_rst_ttl,
			      !o->first_rst_ttl);
	rst_escape(text, sizeof(text), o->payload, o->payload_len);
	json_key_string(&w, "payload", o->payload_total ? text : NULL);
	json_key_uint(&w, "payload_bytes", o->payload_total);
	json_key_bool(&w, "signature", j->signature);
	json_object_close(&w);
	fputc('\n', f);
}
