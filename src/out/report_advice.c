// SPDX-License-Identifier: GPL-2.0-or-later
/* What a path MTU leaves for each tunnel: the table, the JSON array,
 * and the list of tunnels --tunnel takes. */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "report_share.h"

void report_advice_text(FILE *f, unsigned int pmtu, int family,
			const struct tunnel *ts, size_t n)
{
	report_advice_table(f, pmtu, family, ts, n, false);
}

void report_advice_table(FILE *f, unsigned int pmtu, int family,
			 const struct tunnel *ts, size_t n, bool colour)
{
	const char *fam = report_family_name(family);
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
				sgr(colour, SGR_YELLOW), sgr(colour, SGR_PLAIN),
				a.label, a.mtu);
		if (a.needs)
			fprintf(f, "%swarning:%s %s: its inner MTU of %u needs a path MTU of %u to an %s endpoint\n",
				sgr(colour, SGR_YELLOW), sgr(colour, SGR_PLAIN),
				a.label, a.mtu, a.needs, fam);
	}
	if (wg)
		fprintf(f, "wg-quick: %sMTU = %u%s\n", sgr(colour, SGR_GREEN), wg,
			sgr(colour, SGR_PLAIN));
}

void report_advice_array(struct json *j, unsigned int pmtu, int family,
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
	report_advice_array(&j, pmtu, family, ts, n);
}

void report_path_mtu_text(FILE *f, unsigned int pmtu, const int *families,
			  size_t nf, const struct tunnel *ts, size_t n)
{
	for (size_t i = 0; i < nf; i++) {
		if (i)
			fputc('\n', f);
		report_advice_table(f, pmtu, families[i], ts, n, false);
	}
}

void report_path_mtu_json(FILE *f, unsigned int pmtu, const int *families,
			  size_t nf, const struct tunnel *ts, size_t n)
{
	struct json j;

	json_init(&j, f);
	report_json_open(&j, "path-mtu");
	json_key_uint(&j, "path_mtu", pmtu);
	for (size_t i = 0; i < nf; i++) {
		json_key(&j, families[i] == AF_INET6 ? "ipv6_endpoint" :
			 "ipv4_endpoint");
		report_advice_array(&j, pmtu, families[i], ts, n);
	}
	json_object_close(&j);
	fputc('\n', f);
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
