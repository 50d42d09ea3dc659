// SPDX-License-Identifier: GPL-2.0-or-later
/* What needs no probe: --path-mtu N and --tunnel list. */
#include "config.h"

#include <sys/socket.h>

#include "cmd.h"
#include "exit.h"
#include "pkt.h"

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
		report_wg(e->out, o->path_mtu, families[0]);
	else if (o->json)
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
