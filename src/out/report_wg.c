// SPDX-License-Identifier: GPL-2.0-or-later
/* WireGuard: the MTU line of --wg, and the findings of --wg-config. */
#include "config.h"

#include <string.h>

#include "report_share.h"

void report_wg(FILE *f, unsigned int pmtu, int family)
{
	fprintf(f, "MTU = %u\n", wireguard_mtu(pmtu, family));
}

/* "vpn.example.com:51820", "[2001:db8::1]:51820" */
static const char *endpoint_str(char s[WGCONF_HOST_MAX + 8],
				const struct wg_peer_report *p)
{
	snprintf(s, WGCONF_HOST_MAX + 8,
		 strchr(p->host, ':') ? "[%s]:%u" : "%s:%u", p->host, p->port);
	return s;
}

void report_wg_config_text(FILE *f, const struct wg_config_report *w)
{
	char a[ADDR_ZONE_STRLEN], ep[WGCONF_HOST_MAX + 8];
	size_t i, unsized = 0;

	fprintf(f, "mtuprobe for %s: %zu peer%s with an endpoint\n", w->file,
		w->npeers, w->npeers == 1 ? "" : "s");
	for (i = 0; i < w->npeers; i++) {
		const struct wg_peer_report *p = &w->peers[i];

		fprintf(f, "peer %u, line %u: %s", p->peer, p->line,
			endpoint_str(ep, p));
		if (p->probed && strcmp(p->host, addr_ntop_zone(&p->rep.addr,
						p->rep.ifname, a)))
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
	report_json_open(&j, "wg-config");
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
			report_probe_json(&j, &p->rep);
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

void report_wg_config_written(FILE *f, const struct wg_config_report *w)
{
	if (w->written)
		fprintf(f, "wrote %s\n", w->file);
}
