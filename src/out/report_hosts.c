// SPDX-License-Identifier: GPL-2.0-or-later
/* The many hosts of -f: a JSON line for a host not probed, and the
 * Prometheus textfile. */
#include "config.h"

#include <sys/socket.h>

#include "report_share.h"

void report_json_failure(FILE *f, const char *host, const char *status,
			 const char *why)
{
	struct json j;

	json_init(&j, f);
	report_json_open(&j, "failure");
	json_key_string(&j, "host", host);
	json_key_string(&j, "status", status);
	json_key_string(&j, "error", why);
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
	char a[ADDR_ZONE_STRLEN];

	fputs("{host=\"", f);
	prom_value(f, e->host);
	fprintf(f, "\",address=\"%s\",family=\"%s\"} ",
		e->addr.family ? addr_ntop_zone(&e->addr, e->ifname, a) : "",
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
