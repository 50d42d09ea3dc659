// SPDX-License-Identifier: GPL-2.0-or-later
/* What needs no probe: --path-mtu N and --tunnel list. */
#include "config.h"

#include <sys/socket.h>

#include "advice.h"
#include "cmd.h"
#include "exit.h"
#include "pkt.h"

/*
 * --wg: one line for an endpoint of any family given, the worse of them
 * (an IPv6 endpoint's, 80 off rather than 60), as wg-quick's own default
 * of 1420 assumes; on a terminal, a note says which it is.
 */
static int wg_line(const struct cmd_env *e, const struct opts *o,
		   const int *families, size_t nf)
{
	unsigned int pmtu = o->path_mtu;
	int worst = families[0];

	for (size_t i = 1; i < nf; i++)
		if (wireguard_mtu(pmtu, families[i]) < wireguard_mtu(pmtu, worst))
			worst = families[i];
	report_wg(e->out, pmtu, worst);
	if (nf > 1 && e->notes)
		die(0, "--wg without -4 or -6: MTU = %u, an IPv6 endpoint's, fits either family (-4 for an IPv4 endpoint's, %u)",
		    wireguard_mtu(pmtu, worst), wireguard_mtu(pmtu, AF_INET));
	return EXIT_FOUND;
}

int cmd_path_mtu(const struct cmd_env *e, const struct opts *o)
{
	int families[2];
	size_t nf = 0;

	if (o->family) {
		families[nf++] = o->family;
	} else {
		families[nf++] = AF_INET;
		/* an IPv6 endpoint needs 1280 on its path */
		if (o->path_mtu >= IP6_MIN_MTU)
			families[nf++] = AF_INET6;
	}
	if (o->wg)
		return wg_line(e, o, families, nf);
	if (o->json)
		report_path_mtu_json(e->out, o->path_mtu, families, nf,
				     o->tunnel, o->ntunnels);
	else
		report_path_mtu_text(e->out, o->path_mtu, families, nf,
				     o->tunnel, o->ntunnels);
	return EXIT_FOUND;
}

int cmd_tunnel_list(const struct cmd_env *e, const struct opts *o)
{
	(void)o;
	report_tunnel_list(e->out);
	return EXIT_FOUND;
}
