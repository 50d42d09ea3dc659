// SPDX-License-Identifier: GPL-2.0-or-later
/* The probe report, as text and as JSON, and what the other reports
 * take from it. */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/icmp6.h>
#include <netinet/ip_icmp.h>

#include "job.h"
#include "report_share.h"
#include "udprun.h"

void report_from_job(struct report *r, const struct job *j)
{
	r->res = &j->res;
	r->method = j->method;
	r->port = j->res_port;
	r->tried_tcp = j->tried_tcp;
	r->tried_udp = j->udp_tried;
	r->fell_back = j->fell_back;
	r->syn_data_refused = j->syn_data_refused;
	r->icmp = j->have_icmp ? &j->icmp_res : NULL;
	r->trace = j->have_trace ? &j->tr : NULL;
	r->job = j;
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

void report_json_open(struct json *j, const char *type)
{
	json_object_open(j);
	json_key_string(j, "type", type);
	json_key_uint(j, "version", REPORT_JSON_VERSION);
}

const char *report_family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

const char *report_method_key(enum probe_method m)
{
	return m == METHOD_TCP ? "tcp" : m == METHOD_UDP ? "udp" : "icmp";
}

const char *report_family_key(int family)
{
	return family == AF_INET6 ? "ipv6" : "ipv4";
}

const char *report_ptb_name(int family)
{
	return family == AF_INET6 ? "packet too big" : "fragmentation needed";
}

/* Three significant digits or so: a PTB path takes well under 1 ms. */
void report_duration(FILE *f, uint64_t us)
{
	if (us < 10000)
		fprintf(f, "%.2f ms", (double)us / 1e3);
	else if (us < 1000000)
		fprintf(f, "%.0f ms", (double)us / 1e3);
	else
		fprintf(f, "%.2f s", (double)us / 1e6);
}

/* The interface is the limit when the top was reached and the top is the
 * interface's own MTU (or the largest packet of the family, where the
 * interface's is larger: a loopback's 65536 over IPv4), or when the
 * interface refused the size above. */
static bool interface_limit(const struct report *r)
{
	const struct run_result *res = r->res;
	unsigned int top = r->addr.family == AF_INET6 ?
			   IP_MAX_PACKET + IP6_HDR_LEN : IP_MAX_PACKET;

	return res->evidence == EVIDENCE_LOCAL ||
	       (res->evidence == EVIDENCE_MAX &&
		(res->path_mtu == r->ifmtu ||
		 (res->path_mtu == top && r->ifmtu > top)));
}

static void print_evidence(FILE *f, const struct report *r)
{
	const struct run_result *res = r->res;
	char a[ADDR_STRLEN];

	fputs("evidence: ", f);
	if (report_unconfirmed(r)) {
		fprintf(f, "%sunconfirmed%s: probes above %u bytes vanish with no \"too big\" reply, and nothing else reached the host to confirm it: so low a limit is more likely a filter than a link\n",
			sgr(r->colour, SGR_YELLOW), sgr(r->colour, SGR_PLAIN),
			res->path_mtu);
	} else if (interface_limit(r)) {
		fprintf(f, "interface limit: the path carries the full MTU of %s\n",
			r->ifname);
	} else if (res->evidence == EVIDENCE_MAX) {
		fprintf(f, "upper bound: --max %u was answered\n", r->max);
	} else if (res->evidence == EVIDENCE_BLACK_HOLE) {
		fprintf(f, "%sblack hole%s: probes above %u bytes vanish with no \"too big\" reply\n",
			sgr(r->colour, SGR_YELLOW), sgr(r->colour, SGR_PLAIN),
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

bool report_tunnel_kind(const char *kind)
{
	static const char *const tunnels[] = {
		"gre", "gretap", "ip6gre", "ip6gretap", "ipip", "sit",
		"ip6tnl", "vti", "vti6", "xfrm", "vxlan", "geneve", "l2tp",
	};

	for (size_t i = 0; kind && i < sizeof(tunnels) / sizeof(*tunnels); i++)
		if (!strcmp(kind, tunnels[i]))
			return true;
	return false;
}

void report_text(FILE *f, const struct report *r)
{
	const struct run_result *res = r->res;
	char a[ADDR_ZONE_STRLEN], s[ADDR_ZONE_STRLEN];
	unsigned int ignored = run_ptbs_ignored(res);

	fprintf(f, "mtuprobe to %s (%s), %s ", r->host,
		addr_ntop_zone(&r->addr, r->ifname, a),
		report_family_name(r->addr.family));
	if (r->method == METHOD_TCP)
		fprintf(f, "TCP SYN to port %u", r->port);
	else if (r->method == METHOD_UDP)
		fprintf(f, "UDP to ports %u and up", r->port);
	else
		fputs("ICMP echo", f);
	fprintf(f, ", via %s", r->ifname);
	if (r->into_wg)
		fputs(" (a WireGuard tunnel)", f);
	else if (report_tunnel_kind(r->ifkind))
		fprintf(f, " (a %s tunnel)", r->ifkind);
	fprintf(f, " (MTU %u), source %s\n", r->ifmtu,
		addr_ntop_zone(&r->src, r->ifname, s));
	if (r->outside)
		fprintf(f, "note: probed outside the tunnel %s, with its fwmark %" PRIu32 "\n",
			r->outside, r->fwmark);
	else if (r->fwmark)
		fprintf(f, "note: probed with fwmark %" PRIu32 "\n", r->fwmark);
	report_path_mtu_line(f, r);
	print_evidence(f, r);
	report_witness_text(f, r);
	/* UDP as the only socket, not as a witness beside a datagram one */
	if (r->unprivileged && r->method == METHOD_UDP &&
	    !(r->job && r->job->have_udp))
		fputs("note: without raw sockets (no CAP_NET_RAW) or an ICMP datagram socket, probed with UDP as tracepath does: only \"too big\" errors and the host's \"port unreachable\" are seen, and a black hole is a size that stays silent while a smaller one arrives; --trace needs ICMP echo\n",
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
	report_duration(f, res->elapsed);
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
		report_trace_text(f, r);
	if (r->ntunnels && !report_unconfirmed(r))
		report_advice_table(f, res->path_mtu, r->addr.family,
				    r->tunnels, r->ntunnels, r->colour);
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

/* Who was probed, how, and within which bounds. */
static void json_target(struct json *j, const struct report *r)
{
	char a[ADDR_ZONE_STRLEN];

	json_key_string(j, "host", r->host);
	json_key_string(j, "address", addr_ntop_zone(&r->addr, r->ifname, a));
	json_key_string(j, "family", report_family_key(r->addr.family));
	json_key_string(j, "method", report_method_key(r->method));
	json_key_uint_or_null(j, "port", r->port, r->method == METHOD_ICMP);
	json_key_bool(j, "fallback", r->fell_back);
	json_key_string(j, "socket", r->unprivileged ? "datagram" : "raw");
	json_key_string(j, "interface", r->ifname);
	json_key_uint(j, "interface_mtu", r->ifmtu);
	json_key_uint_or_null(j, "fwmark", r->fwmark, !r->fwmark);
	json_key_string(j, "outside_tunnel", r->outside);
	json_key_bool(j, "into_wireguard", r->into_wg);
	json_key_string(j, "interface_kind",
			r->ifkind && r->ifkind[0] ? r->ifkind : NULL);
	json_key_string(j, "source", addr_ntop_zone(&r->src, r->ifname, a));
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
			"syn_data_refused" : report_unconfirmed(r) ?
			"unconfirmed" : report_status(res->state));
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
	json_key_uint(j, "local_drops", res->local_drops);
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

/* The members of the probe report, inside an object opened before. */
static void probe_members(struct json *j, const struct report *r)
{
	const struct run_result *res = r->res;

	json_target(j, r);
	json_result(j, r);
	if (r->method == METHOD_TCP)
		json_server(j, res);
	if (r->icmp)
		json_icmp_beside(j, r->icmp);
	report_witness_json(j, r);
	if (r->trace)
		report_trace_json(j, r->trace);
	if (r->ntunnels && res->state == SEARCH_DONE && !report_unconfirmed(r)) {
		json_key(j, "advice");
		report_advice_array(j, res->path_mtu, r->addr.family,
				    r->tunnels, r->ntunnels);
	}
}

void report_probe_json(struct json *j, const struct report *r)
{
	json_object_open(j);
	probe_members(j, r);
	json_object_close(j);
}

void report_json(FILE *f, const struct report *r)
{
	struct json j;

	json_init(&j, f);
	report_json_open(&j, "probe");
	probe_members(&j, r);
	json_object_close(&j);
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
	char a[ADDR_ZONE_STRLEN], u[ADDR_STRLEN];

	addr_ntop_zone(&r->addr, r->ifname, a);
	if (report_unconfirmed(r)) {
		snprintf(buf, len, "%s (%s): path MTU %u unconfirmed: probes above it vanish with no \"too big\" reply and nothing else reached the host to confirm it; below 1280 bytes that is more likely a filter than a link",
			 r->host, a, res->path_mtu);
		return;
	}
	if (r->syn_data_refused) {
		snprintf(buf, len, "%s (%s): SYNs to port %u are answered only without data: this server or the path refuses SYN data, and the TCP method cannot size the path%s",
			 r->host, a, r->port, r->job && r->job->have_udp ?
			 "; nor could UDP datagrams" : "");
		return;
	}
	if (r->method == METHOD_UDP && res->state == SEARCH_NO_ANSWER) {
		snprintf(buf, len, "%s (%s): no UDP datagram, of %u bytes nor smaller, drew \"too big\" or \"port unreachable\" in %u tries: the host keeps quiet to UDP; ICMP echo may size the path (it needs CAP_NET_RAW or net.ipv4.ping_group_range)",
			 r->host, a, res->too_big ? res->too_big - 1 : r->max,
			 UDP_TRIES);
		return;
	}
	if (r->method == METHOD_UDP && res->state == SEARCH_INCOMPLETE) {
		snprintf(buf, len, "%s (%s): the host stopped answering UDP datagrams before the search ended, and kept quiet for as long as a run may wait: the path carries at least %u bytes",
			 r->host, a, res->path_mtu);
		return;
	}
	switch (res->state) {
	case SEARCH_NO_ANSWER:
		if (r->tried_tcp)
			snprintf(buf, len, "%s (%s): no reply to ICMP echo, %s TCP SYNs to ports 443 and 80%s (host down, or all of it filtered)",
				 r->host, a, r->tried_udp ? "to" : "nor to",
				 r->tried_udp ? ", nor to a UDP datagram" : "");
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
		fprintf(f, "\"%s\" from %s", report_ptb_name(r->addr.family),
			addr_ntop(&res->ptb_from, a));
	if (r->method == METHOD_TCP)
		fprintf(f, ", TCP SYNs to port %u", r->port);
}
