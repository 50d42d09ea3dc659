// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/icmp6.h>
#include <netinet/ip_icmp.h>

#include "job.h"
#include "json.h"
#include "report.h"
#include "udprun.h"

/* SGR sequences, on a terminal that wants colour only. */
#define BOLD "\033[1m"
#define GREEN "\033[1;32m"
#define YELLOW "\033[33m"
#define PLAIN "\033[0m"

static const char *sgr(bool colour, const char *seq)
{
	return colour ? seq : "";
}

static void advice_text(FILE *f, unsigned int pmtu, int family,
			const struct tunnel *ts, size_t n, bool colour);
static void advice_array(struct json *j, unsigned int pmtu, int family,
			 const struct tunnel *ts, size_t n);

void report_from_job(struct report *r, const struct job *j)
{
	r->res = &j->res;
	r->method = j->method;
	r->port = j->res_port;
	r->tried_tcp = j->tried_tcp;
	r->fell_back = j->fell_back;
	r->syn_data_refused = j->syn_data_refused;
	r->icmp = j->have_icmp ? &j->icmp_res : NULL;
	r->trace = j->have_trace ? &j->tr : NULL;
}

const char *report_status(enum search_state state)
{
	switch (state) {
	case SEARCH_DONE:
		return "ok";
	case SEARCH_NO_ANSWER:
		return "no_answer";
	case SEARCH_UNREACHABLE:
		return "unreachable";
	case SEARCH_BELOW_MIN:
		return "below_min";
	case SEARCH_RUNNING:
	case SEARCH_INCOMPLETE:
		break;
	}
	return "incomplete";
}

static const char *family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

/* The interface is the limit when the top was reached and the top is the
 * interface's own MTU, or when the interface refused the size above. */
static bool interface_limit(const struct report *r)
{
	const struct run_result *res = r->res;

	return res->evidence == EVIDENCE_LOCAL ||
	       (res->evidence == EVIDENCE_MAX && res->path_mtu == r->ifmtu);
}

static void print_evidence(FILE *f, const struct report *r)
{
	const struct run_result *res = r->res;
	char a[ADDR_STRLEN];

	fputs("evidence: ", f);
	if (interface_limit(r)) {
		fprintf(f, "interface limit: the path carries the full MTU of %s\n",
			r->ifname);
	} else if (res->evidence == EVIDENCE_MAX) {
		fprintf(f, "upper bound: --max %u was answered\n", r->max);
	} else if (res->evidence == EVIDENCE_BLACK_HOLE) {
		fprintf(f, "%sblack hole%s: probes above %u bytes vanish with no \"too big\" reply\n",
			sgr(r->colour, YELLOW), sgr(r->colour, PLAIN),
			res->path_mtu);
	} else if (r->addr.family == AF_INET6) {
		fprintf(f, "\"packet too big\" from %s (MTU %" PRIu32 ")\n",
			addr_ntop(&res->ptb_from, a), res->ptb_mtu);
	} else if (res->ptb_mtu) {
		fprintf(f, "\"fragmentation needed\" from %s (next-hop MTU %" PRIu32 ")\n",
			addr_ntop(&res->ptb_from, a), res->ptb_mtu);
	} else {
		fprintf(f, "\"fragmentation needed\" from %s (no next-hop MTU given)\n",
			addr_ntop(&res->ptb_from, a));
	}
}

/* Three significant digits or so: a PTB path takes well under 1 ms. */
static void print_duration(FILE *f, uint64_t us)
{
	if (us < 10000)
		fprintf(f, "%.2f ms", (double)us / 1e3);
	else if (us < 1000000)
		fprintf(f, "%.0f ms", (double)us / 1e3);
	else
		fprintf(f, "%.2f s", (double)us / 1e6);
}

static const char *ptb_name(int family)
{
	return family == AF_INET6 ? "packet too big" : "fragmentation needed";
}

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

static void print_trace(FILE *f, const struct report *r)
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
		print_duration(f, hop->rtt);
		fprintf(f, "%*s%u", hop->rtt < 10000 ? 4 : 6, "", hop->mtu);
		if (hop->limit == HOP_PTB)
			fprintf(f, "  \"%s\" from %s", ptb_name(family),
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
				hop->mtu, ptb_name(family));
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
	print_duration(f, tr->elapsed);
	fputc('\n', f);
}

/* What the TCP search heard from the server itself. */
static void print_server(FILE *f, const struct report *r)
{
	const struct run_result *res = r->res;

	if (r->fell_back)
		fprintf(f, "note: ICMP echo got no answer; probed with TCP SYNs to port %u instead\n",
			r->port);
	if (res->synacks) {
		fprintf(f, "server: SYN-ACK from port %u", r->port);
		if (res->server_mss)
			fprintf(f, ", MSS %u", res->server_mss);
		if (res->server_ttl >= 0)
			fprintf(f, ", TTL %d", res->server_ttl);
		fputc('\n', f);
	} else if (res->rsts) {
		fprintf(f, "server: RST from port %u (nothing listens there, but the SYNs arrive)\n",
			r->port);
	}
}

/* Echo beside TCP: both answers, and what each one measures. */
static void print_icmp_beside(FILE *f, const struct report *r)
{
	const struct run_result *e = r->icmp;

	if (e->state == SEARCH_DONE)
		fprintf(f, "path MTU by ICMP echo: %u\n", e->path_mtu);
	else
		fprintf(f, "path MTU by ICMP echo: not found (%s)\n",
			report_status(e->state));
	fputs("paths: TCP SYNs measure the path towards the host only; echo, the smaller of the two directions\n",
	      f);
}

void report_text(FILE *f, const struct report *r)
{
	const struct run_result *res = r->res;
	char a[ADDR_STRLEN], s[ADDR_STRLEN];
	unsigned int ignored = run_ptbs_ignored(res);

	fprintf(f, "mtuprobe to %s (%s), %s ", r->host, addr_ntop(&r->addr, a),
		family_name(r->addr.family));
	if (r->method == METHOD_TCP)
		fprintf(f, "TCP SYN to port %u", r->port);
	else if (r->method == METHOD_UDP)
		fprintf(f, "UDP to ports %u and up", r->port);
	else
		fputs("ICMP echo", f);
	fprintf(f, ", via %s (MTU %u), source %s\n", r->ifname, r->ifmtu,
		addr_ntop(&r->src, s));
	fprintf(f, "path MTU: %s%u%s\n", sgr(r->colour, BOLD), res->path_mtu,
		sgr(r->colour, PLAIN));
	print_evidence(f, r);
	if (r->unprivileged && r->method == METHOD_UDP)
		fputs("note: without raw sockets (no CAP_NET_RAW) or an ICMP datagram socket, probed with UDP as tracepath does: only \"too big\" errors and the host's \"port unreachable\" are seen, so a black hole cannot be told from silence (that needs ICMP echo)\n",
		      f);
	else if (r->unprivileged)
		fputs("note: without raw sockets (no CAP_NET_RAW), probed with an ICMP datagram socket: echo and \"too big\" replies tell the same, but TCP SYNs (--tcp, and the fallback when echo is not answered) need raw sockets\n",
		      f);
	if (r->method == METHOD_TCP)
		print_server(f, r);
	if (r->icmp)
		print_icmp_beside(f, r);
	fprintf(f, "probes: %u sent in %u round%s, ", res->probes,
		res->rounds, res->rounds == 1 ? "" : "s");
	print_duration(f, res->elapsed);
	fputc('\n', f);
	fprintf(f, "ignored \"too big\" replies: %u", ignored);
	if (ignored)
		fprintf(f, " (%u quoting a packet not ours, %u below the minimum MTU, %u contradicting an answer)",
			res->ptb_not_ours, res->ptb_below_min,
			res->ptb_contradicting);
	fputc('\n', f);
	if (res->ptb_no_mtu)
		fprintf(f, "\"too big\" replies with no usable MTU (0, or not below the probe): %u\n",
			res->ptb_no_mtu);
	if (r->trace)
		print_trace(f, r);
	if (r->ntunnels)
		advice_text(f, res->path_mtu, r->addr.family, r->tunnels,
			    r->ntunnels, r->colour);
}

void report_json_failure(FILE *f, const char *host, const char *status,
			 const char *why)
{
	struct json j;

	json_init(&j, f);
	json_object_open(&j);
	json_key_string(&j, "host", host);
	json_key_string(&j, "status", status);
	json_key_string(&j, "error", why);
	json_object_close(&j);
	fputc('\n', f);
}

static void json_trace(struct json *j, const struct trace_result *tr)
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

static const char *evidence_name(const struct report *r)
{
	if (r->res->state != SEARCH_DONE)
		return NULL;
	if (interface_limit(r))
		return "interface";
	switch (r->res->evidence) {
	case EVIDENCE_PTB:
		return "ptb";
	case EVIDENCE_BLACK_HOLE:
		return "black_hole";
	case EVIDENCE_MAX:
		return "max";
	default:
		return NULL;
	}
}

static const char *family_key(int family)
{
	return family == AF_INET6 ? "ipv6" : "ipv4";
}

/* Who was probed, how, and within which bounds. */
static void json_target(struct json *j, const struct report *r)
{
	char a[ADDR_STRLEN];

	json_key_string(j, "host", r->host);
	json_key_string(j, "address", addr_ntop(&r->addr, a));
	json_key_string(j, "family", family_key(r->addr.family));
	json_key_string(j, "method", r->method == METHOD_TCP ? "tcp" :
			r->method == METHOD_UDP ? "udp" : "icmp");
	json_key_uint_or_null(j, "port", r->port, r->method == METHOD_ICMP);
	json_key_bool(j, "fallback", r->fell_back);
	json_key_string(j, "socket", r->unprivileged ? "datagram" : "raw");
	json_key_string(j, "interface", r->ifname);
	json_key_uint(j, "interface_mtu", r->ifmtu);
	json_key_string(j, "source", addr_ntop(&r->src, a));
	json_key_uint(j, "min", r->min);
	json_key_uint(j, "max", r->max);
}

/* What the search found, and every reply it counted on the way. */
static void json_result(struct json *j, const struct report *r)
{
	const struct run_result *res = r->res;
	bool done = res->state == SEARCH_DONE;
	bool ptb = done && res->evidence == EVIDENCE_PTB;
	char a[ADDR_STRLEN];

	json_key_string(j, "status", r->syn_data_refused ?
			"syn_data_refused" : report_status(res->state));
	json_key_uint_or_null(j, "path_mtu", res->path_mtu, !done);
	json_key_string(j, "evidence", evidence_name(r));
	json_key_string(j, "ptb_from", ptb ? addr_ntop(&res->ptb_from, a) :
			NULL);
	json_key_uint_or_null(j, "ptb_mtu", res->ptb_mtu, !ptb);
	json_key_uint(j, "probes", res->probes);
	json_key_uint(j, "rounds", res->rounds);
	json_key_fixed(j, "elapsed_ms", (double)res->elapsed / 1e3, 3);
	json_key_uint(j, "replies", res->replies);
	json_key_uint(j, "ptbs", res->ptbs);
	json_key_uint(j, "ptbs_ignored", run_ptbs_ignored(res));
	json_key_uint(j, "ptbs_not_ours", res->ptb_not_ours);
	json_key_uint(j, "ptbs_below_min", res->ptb_below_min);
	json_key_uint(j, "ptbs_contradicting", res->ptb_contradicting);
	json_key_uint(j, "ptbs_no_mtu", res->ptb_no_mtu);
}

/* What the server said to the SYNs. */
static void json_server(struct json *j, const struct run_result *res)
{
	json_key_uint(j, "synacks", res->synacks);
	json_key_uint(j, "rsts", res->rsts);
	json_key_uint_or_null(j, "server_mss", res->server_mss,
			      !res->server_mss);
	json_key(j, "server_ttl");
	if (res->server_ttl < 0)
		json_null(j);
	else
		json_int(j, res->server_ttl);
}

static void json_icmp_beside(struct json *j, const struct run_result *e)
{
	json_key(j, "icmp");
	json_object_open(j);
	json_key_string(j, "status", report_status(e->state));
	json_key_uint_or_null(j, "path_mtu", e->path_mtu,
			      e->state != SEARCH_DONE);
	json_key_uint(j, "probes", e->probes);
	json_object_close(j);
}

static void json_report(struct json *j, const struct report *r)
{
	const struct run_result *res = r->res;

	json_object_open(j);
	json_target(j, r);
	json_result(j, r);
	if (r->method == METHOD_TCP)
		json_server(j, res);
	if (r->icmp)
		json_icmp_beside(j, r->icmp);
	if (r->trace)
		json_trace(j, r->trace);
	if (r->ntunnels && res->state == SEARCH_DONE) {
		json_key(j, "advice");
		advice_array(j, res->path_mtu, r->addr.family, r->tunnels,
			     r->ntunnels);
	}
	json_object_close(j);
}

void report_json(FILE *f, const struct report *r)
{
	struct json j;

	json_init(&j, f);
	json_report(&j, r);
	fputc('\n', f);
}

static const char *unreach_reason(int family, uint8_t type, uint8_t code)
{
	if (family == AF_INET6) {
		if (type == ICMP6_TIME_EXCEEDED)
			return "hop limit exceeded";
		switch (code) {
		case ICMP6_DST_UNREACH_NOROUTE:
			return "no route";
		case ICMP6_DST_UNREACH_ADMIN:
			return "administratively prohibited";
		case ICMP6_DST_UNREACH_ADDR:
			return "address unreachable";
		case ICMP6_DST_UNREACH_NOPORT:
			return "port unreachable";
		}
		return "unreachable";
	}
	if (type == ICMP_TIME_EXCEEDED)
		return "time to live exceeded";
	switch (code) {
	case ICMP_NET_UNREACH:
		return "network unreachable";
	case ICMP_HOST_UNREACH:
		return "host unreachable";
	case ICMP_PROT_UNREACH:
		return "protocol unreachable";
	case ICMP_PKT_FILTERED:
	case ICMP_NET_ANO:
	case ICMP_HOST_ANO:
		return "administratively prohibited";
	}
	return "unreachable";
}

void report_failure(char *buf, size_t len, const struct report *r)
{
	const struct run_result *res = r->res;
	char a[ADDR_STRLEN], u[ADDR_STRLEN];

	addr_ntop(&r->addr, a);
	if (r->syn_data_refused) {
		snprintf(buf, len, "%s (%s): SYNs to port %u are answered only without data: this server or the path refuses SYN data, and the TCP method cannot size the path",
			 r->host, a, r->port);
		return;
	}
	if (r->method == METHOD_UDP && (res->state == SEARCH_NO_ANSWER ||
					 res->state == SEARCH_INCOMPLETE)) {
		snprintf(buf, len, "%s (%s): UDP datagrams of %u bytes drew neither \"too big\" nor \"port unreachable\" in %u tries: a black hole, a filter or a host that keeps quiet, which only ICMP echo can tell apart (it needs CAP_NET_RAW or net.ipv4.ping_group_range)%s",
			 r->host, a, res->too_big ? res->too_big - 1 : r->max,
			 UDP_TRIES,
			 res->path_mtu ? "; the path carries at least that many" : "");
		if (res->path_mtu)
			snprintf(buf + strlen(buf), len - strlen(buf), " (%u)",
				 res->path_mtu);
		return;
	}
	switch (res->state) {
	case SEARCH_NO_ANSWER:
		if (r->tried_tcp)
			snprintf(buf, len, "%s (%s): no reply to ICMP echo, nor to TCP SYNs to ports 443 and 80 (host down, or all of it filtered)",
				 r->host, a);
		else if (r->method == METHOD_TCP)
			snprintf(buf, len, "%s (%s): no reply to TCP SYNs to port %u in %.1f s (host down, or the port filtered)",
				 r->host, a, r->port, (double)res->elapsed / 1e6);
		else
			snprintf(buf, len, "%s (%s): no reply to any probe in %.1f s (host down, or ICMP echo filtered)",
				 r->host, a, (double)res->elapsed / 1e6);
		break;
	case SEARCH_UNREACHABLE:
		snprintf(buf, len, "%s (%s): destination unreachable (%s, from %s)",
			 r->host, a,
			 unreach_reason(r->addr.family, res->unreach_type,
					res->unreach_code),
			 addr_ntop(&res->unreach_from, u));
		break;
	case SEARCH_BELOW_MIN:
		snprintf(buf, len, "%s (%s): the path MTU is below --min %u: lower it",
			 r->host, a, r->min);
		break;
	default:
		if (res->path_mtu)
			snprintf(buf, len, "%s (%s): answers stopped before the search ended: the path MTU is at least %u and below %u",
				 r->host, a, res->path_mtu,
				 res->too_big ? res->too_big : r->max + 1);
		else
			snprintf(buf, len, "%s (%s): answers stopped before any size was confirmed",
				 r->host, a);
		break;
	}
}

/* "hop 1 (10.99.1.2)" from the Time Exceeded senders, or "hop 1". */
static void print_rst_hop(FILE *f, const struct rst_obs *o, unsigned int hop)
{
	char a[ADDR_STRLEN];

	if (hop && hop <= RST_MAX_HOPS && o->hops[hop - 1].family)
		fprintf(f, "hop %u (%s)", hop, addr_ntop(&o->hops[hop - 1], a));
	else
		fprintf(f, "hop %u", hop);
}

void report_rst_text(FILE *f, const struct report *r, const struct rst_obs *o,
		     const struct rst_judgement *j)
{
	char a[ADDR_STRLEN], s[ADDR_STRLEN];
	char text[RST_MAX_PAYLOAD * 4 + 4];
	bool v4 = r->addr.family == AF_INET;

	fprintf(f, "mtuprobe RST check: %s (%s) port %u, %s, via %s, source %s\n",
		r->host, addr_ntop(&r->addr, a), r->port,
		family_name(r->addr.family), r->ifname, addr_ntop(&r->src, s));
	if (o->rst) {
		fprintf(f, "RST: TTL %u, so %u hop%s away (initial %u)", o->rst_ttl,
			j->rst_hops, j->rst_hops == 1 ? "" : "s",
			rst_initial_ttl(o->rst_ttl));
		if (v4)
			fprintf(f, ", IP ID %u", o->rst_ipid);
		fputc('\n', f);
	}
	if (o->server_seen) {
		fprintf(f, "server: echo reply TTL %u, so %u hop%s away (initial %u)",
			o->server_ttl, rst_distance(o->server_ttl),
			rst_distance(o->server_ttl) == 1 ? "" : "s",
			rst_initial_ttl(o->server_ttl));
		if (v4)
			fprintf(f, ", IP ID %u", o->server_ipid);
		fputc('\n', f);
	} else {
		fputs("server: no echo reply to compare with\n", f);
	}
	if (o->server_hops)
		fprintf(f, "path: TTL-limited echo reaches the server at hop %u\n",
			o->server_hops);
	if (o->first_rst_ttl) {
		fprintf(f, "TTL-limited SYNs: the first to draw the RST had TTL %u",
			o->first_rst_ttl);
		if (o->first_rst_ttl > 1) {
			fputs("; TTL ", f);
			fprintf(f, "%u expired at ", o->first_rst_ttl - 1);
			print_rst_hop(f, o, o->first_rst_ttl - 1);
		}
		fputc('\n', f);
	}
	if (o->payload_total) {
		rst_escape(text, sizeof(text), o->payload, o->payload_len);
		fprintf(f, "RST payload: %zu bytes \"%s\" (a middlebox signature: a server's RST carries no data)\n",
			o->payload_total, text);
	}

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
	char a[ADDR_STRLEN], text[RST_MAX_PAYLOAD * 4 + 4];
	bool inj = j->verdict == RST_INJECTED;
	bool v4 = r->addr.family == AF_INET;
	struct json w;

	json_init(&w, f);
	json_object_open(&w);
	json_key_string(&w, "host", r->host);
	json_key_string(&w, "address", addr_ntop(&r->addr, a));
	json_key_string(&w, "family", family_key(r->addr.family));
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

void report_advice_text(FILE *f, unsigned int pmtu, int family,
			const struct tunnel *ts, size_t n)
{
	advice_text(f, pmtu, family, ts, n, false);
}

static void advice_text(FILE *f, unsigned int pmtu, int family,
			const struct tunnel *ts, size_t n, bool colour)
{
	const char *fam = family_name(family);
	unsigned int wg = 0;
	int width = 24;

	for (size_t i = 0; i < n; i++)
		if ((int)strlen(ts[i].label) > width)
			width = (int)strlen(ts[i].label);
	fprintf(f, "advice for a path MTU of %u to an %s endpoint:\n", pmtu, fam);
	fprintf(f, "  %-*s  %5s  %8s  %8s\n", width, "tunnel", "MTU",
		"MSS IPv4", "MSS IPv6");
	for (size_t i = 0; i < n; i++) {
		struct advice a;

		advise(&ts[i], pmtu, family, &a);
		fprintf(f, "  %-*s  ", width, a.label);
		if (!a.possible)
			fprintf(f, "not over %s\n", fam);
		else if (!a.mtu)
			fputs("the path is too small for it\n", f);
		else if (a.no_ipv6)
			fprintf(f, "%5u  %8u  %8s\n", a.mtu, a.mss4, "-");
		else
			fprintf(f, "%5u  %8u  %8u\n", a.mtu, a.mss4, a.mss6);
		if (!strcmp(ts[i].name, "wireguard"))
			wg = a.mtu;
	}
	for (size_t i = 0; i < n; i++) {
		struct advice a;

		advise(&ts[i], pmtu, family, &a);
		if (a.possible && a.mtu && a.no_ipv6)
			fprintf(f, "%swarning:%s %s: an inner MTU of %u is below 1280: IPv6 cannot run inside\n",
				sgr(colour, YELLOW), sgr(colour, PLAIN),
				a.label, a.mtu);
		if (a.needs)
			fprintf(f, "%swarning:%s %s: its inner MTU of %u needs a path MTU of %u to an %s endpoint\n",
				sgr(colour, YELLOW), sgr(colour, PLAIN),
				a.label, a.mtu, a.needs, fam);
	}
	if (wg)
		fprintf(f, "wg-quick: %sMTU = %u%s\n", sgr(colour, GREEN), wg,
			sgr(colour, PLAIN));
}

static void advice_array(struct json *j, unsigned int pmtu, int family,
			 const struct tunnel *ts, size_t n)
{
	json_array_open(j);
	for (size_t i = 0; i < n; i++) {
		struct advice a;

		advise(&ts[i], pmtu, family, &a);
		json_object_open(j);
		json_key_string(j, "tunnel", a.name);
		json_key_string(j, "label", a.label);
		json_key_bool(j, "possible", a.possible);
		json_key_uint_or_null(j, "mtu", a.mtu, !a.mtu);
		json_key_uint_or_null(j, "mss_ipv4", a.mss4, !a.mss4);
		json_key_uint_or_null(j, "mss_ipv6", a.mss6, !a.mss6);
		json_key_bool(j, "ipv6_inside", a.mtu && !a.no_ipv6);
		json_key_uint_or_null(j, "path_mtu_needed", a.needs, !a.needs);
		json_object_close(j);
	}
	json_array_close(j);
}

void report_advice_json(FILE *f, unsigned int pmtu, int family,
			const struct tunnel *ts, size_t n)
{
	struct json j;

	json_init(&j, f);
	advice_array(&j, pmtu, family, ts, n);
}

void report_wg(FILE *f, unsigned int pmtu, int family)
{
	fprintf(f, "MTU = %u\n", wireguard_mtu(pmtu, family));
}

void report_tunnel_list(FILE *f)
{
	unsigned int o4, o6;
	const char *name, *note;

	fprintf(f, "%-28s %9s %9s  %s\n", "tunnel", "over IPv4", "over IPv6",
		"note");
	for (size_t i = 0; (name = tunnel_catalogue(i, &o4, &o6, &note)); i++) {
		char a[16] = "", b[16] = "";

		/* a dash where the tunnel does not run over that family,
		 * nothing where the overhead varies */
		if (o4 || o6) {
			snprintf(a, sizeof(a), "%u", o4);
			snprintf(b, sizeof(b), "%u", o6);
			if (!o4)
				strcpy(a, "-");
			if (!o6)
				strcpy(b, "-");
		}
		fprintf(f, "%-28s %9s %9s%s%s\n", name, a, b, note ? "  " : "",
			note ? note : "");
	}
}

/* "vpn.example.com:51820", "[2001:db8::1]:51820" */
static const char *endpoint_str(char s[WGCONF_HOST_MAX + 8],
				const struct wg_peer_report *p)
{
	snprintf(s, WGCONF_HOST_MAX + 8,
		 strchr(p->host, ':') ? "[%s]:%u" : "%s:%u", p->host, p->port);
	return s;
}

void report_evidence_brief(FILE *f, const struct report *r)
{
	const struct run_result *res = r->res;
	char a[ADDR_STRLEN];

	if (interface_limit(r))
		fprintf(f, "the full MTU of %s", r->ifname);
	else if (res->evidence == EVIDENCE_MAX)
		fprintf(f, "--max %u answered", r->max);
	else if (res->evidence == EVIDENCE_BLACK_HOLE)
		fputs("black hole above it", f);
	else
		fprintf(f, "\"%s\" from %s", ptb_name(r->addr.family),
			addr_ntop(&res->ptb_from, a));
	if (r->method == METHOD_TCP)
		fprintf(f, ", TCP SYNs to port %u", r->port);
}

void report_wg_config_text(FILE *f, const struct wg_config_report *w)
{
	char a[ADDR_STRLEN], ep[WGCONF_HOST_MAX + 8];
	size_t i, unsized = 0;

	fprintf(f, "mtuprobe for %s: %zu peer%s with an endpoint\n", w->file,
		w->npeers, w->npeers == 1 ? "" : "s");
	for (i = 0; i < w->npeers; i++) {
		const struct wg_peer_report *p = &w->peers[i];

		fprintf(f, "peer %u, line %u: %s", p->peer, p->line,
			endpoint_str(ep, p));
		if (p->probed && strcmp(p->host, addr_ntop(&p->rep.addr, a)))
			fprintf(f, " (%s)", a);
		if (!p->mtu) {
			unsized++;
			fprintf(f, ": not sized: %s\n", p->why);
			continue;
		}
		fprintf(f, ": path MTU %u (", p->rep.res->path_mtu);
		report_evidence_brief(f, &p->rep);
		fprintf(f, "), WireGuard MTU %u\n", p->mtu);
	}
	if (unsized) {
		fprintf(f, "no MTU proposed: %zu of %zu peers not sized; the file is left as it is\n",
			unsized, w->npeers);
		return;
	}
	fprintf(f, "MTU = %u: the smallest", w->mtu);
	if (w->npeers > 1)
		fprintf(f, ", from peer %u", w->peers[w->lowest].peer);
	if (w->current == w->mtu)
		fputs("; the file has it already, nothing to change\n", f);
	else if (w->current)
		fprintf(f, "; the file has MTU = %u\n", w->current);
	else
		fputs("; the file has no MTU (wg-quick then takes 80 below the largest MTU of the routes to the endpoints)\n", f);
	/* WireGuard pads a packet to a multiple of 16 bytes, up to the
	 * sender's MTU: the peer must not have a larger one. */
	fprintf(f, "note: set MTU = %u at the other end%s too: WireGuard pads packets up to its own MTU, so a peer with a larger one sends packets up to 15 bytes too big\n",
		w->mtu, w->npeers > 1 ? "s" : "");
	if (w->mtu < IP6_MIN_MTU)
		fprintf(f, "warning: an MTU of %u is below 1280: IPv6 cannot run inside the tunnel\n",
			w->mtu);
}

void report_wg_config_json(FILE *f, const struct wg_config_report *w)
{
	char ep[WGCONF_HOST_MAX + 8];
	struct json j;

	json_init(&j, f);
	json_object_open(&j);
	json_key_string(&j, "config", w->file);
	json_key(&j, "peers");
	json_array_open(&j);
	for (size_t i = 0; i < w->npeers; i++) {
		const struct wg_peer_report *p = &w->peers[i];

		json_object_open(&j);
		json_key_uint(&j, "peer", p->peer);
		json_key_uint(&j, "line", p->line);
		json_key_string(&j, "endpoint", endpoint_str(ep, p));
		json_key_uint_or_null(&j, "wireguard_mtu", p->mtu, !p->mtu);
		json_key_string(&j, "error", p->mtu ? NULL : p->why);
		json_key(&j, "probe");
		if (p->probed)
			json_report(&j, &p->rep);
		else
			json_null(&j);
		json_object_close(&j);
	}
	json_array_close(&j);
	json_key_uint_or_null(&j, "mtu", w->mtu, !w->mtu);
	json_key_uint_or_null(&j, "current_mtu", w->current, !w->current);
	json_key_bool(&j, "changed", w->mtu && w->mtu != w->current);
	json_key_bool(&j, "written", w->written);
	json_object_close(&j);
	fputc('\n', f);
}

/* A label value as the text format quotes it. */
static void prom_value(FILE *f, const char *v)
{
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			fprintf(f, "\\%c", *v);
		else if (*v == '\n')
			fputs("\\n", f);
		else
			fputc(*v, f);
	}
}

static void prom_labels(FILE *f, const struct prom_entry *e)
{
	char a[ADDR_STRLEN];

	fputs("{host=\"", f);
	prom_value(f, e->host);
	fprintf(f, "\",address=\"%s\",family=\"%s\"} ",
		e->addr.family ? addr_ntop(&e->addr, a) : "",
		e->addr.family == AF_INET6 ? "ipv6" :
		e->addr.family == AF_INET ? "ipv4" : "");
}

void report_prom(FILE *f, const struct prom_entry *e, size_t n)
{
	static const struct {
		const char *name, *help;
	} m[] = {
		{ "mtuprobe_success", "1 when the path MTU to the destination was found, else 0." },
		{ "mtuprobe_path_mtu_bytes", "The largest IP packet that crosses the path, in bytes." },
		{ "mtuprobe_black_hole", "1 when large packets vanish with no \"too big\" reply (a PMTUD black hole), else 0." },
		{ "mtuprobe_probe_duration_seconds", "How long the probe took." },
	};

	for (size_t k = 0; k < sizeof(m) / sizeof(m[0]); k++) {
		fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", m[k].name,
			m[k].help, m[k].name);
		for (size_t i = 0; i < n; i++) {
			if ((k == 1 || k == 2) && !e[i].found)
				continue;
			if (k == 3 && !e[i].probed)
				continue;
			fputs(m[k].name, f);
			prom_labels(f, &e[i]);
			if (k == 0)
				fprintf(f, "%d\n", e[i].found);
			else if (k == 1)
				fprintf(f, "%u\n", e[i].path_mtu);
			else if (k == 2)
				fprintf(f, "%d\n", e[i].black_hole);
			else
				fprintf(f, "%.6f\n", e[i].seconds);
		}
	}
}
