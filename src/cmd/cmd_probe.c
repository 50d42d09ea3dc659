// SPDX-License-Identifier: GPL-2.0-or-later
/* HOST: the path MTU to one host, and what it means for tunnels. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "exit.h"

int cmd_probe(const struct cmd_env *e, const struct opts *o)
{
	struct measurement *m = calloc(1, sizeof(*m));
	char why[640];
	int code;

	if (!m)
		return die(EXIT_SYSTEM, "%s", strerror(ENOMEM));
	code = cmd_measure(e, o, m);
	/* the host not probed, as -f says it; privileges that could not be
	 * given up (MEASURE_READY) are the run's failure, not the host's */
	if (code && o->json && m->stage != MEASURE_READY)
		report_json_failure(e->out, o->host, measure_status(m),
				    measure_why(m, why, sizeof(why)));
	if (code) {
		free(m);
		return code;
	}
	m->rep.tunnels = o->tunnel;
	m->rep.ntunnels = o->ntunnels;
	m->rep.colour = e->colour;
	if (o->json)
		report_json(e->out, &m->rep);
	/* an unconfirmed answer is shown, and said to be one */
	if (!m->found && m->job.unconfirmed && !o->json && !o->wg)
		report_text(e->out, &m->rep);
	if (!m->found)
		code = die(m->code, "%s", m->err);
	else if (o->wg)
		report_wg(e->out, m->job.res.path_mtu, m->dst.family);
	else if (!o->json)
		report_text(e->out, &m->rep);
	free(m);
	return code;
}
