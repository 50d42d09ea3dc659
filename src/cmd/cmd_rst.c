// SPDX-License-Identifier: GPL-2.0-or-later
/* --rst-check: who sends the RSTs to SYNs to a port. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "exit.h"
#include "rst.h"

/* Sends the SYNs and judges who answered. Returns 0 or a negative errno. */
static int observe(const struct cmd_env *e, struct measurement *m,
		   struct rst_obs *obs, struct rst_judgement *jd)
{
	struct run_config cfg;
	int ret;

	ret = measure_config(e->sys, m, &cfg);
	if (!ret)
		ret = rst_observe(m->ch.ops, m->ch.ctx, &cfg,
				  (uint16_t)m->o.port, obs);
	measure_abort(e->sys, m);
	if (!ret)
		rst_judge(obs, jd);
	return ret;
}

int cmd_rst_check(const struct cmd_env *e, const struct opts *o)
{
	struct measurement *m = calloc(1, sizeof(*m));
	struct rst_obs *obs = calloc(1, sizeof(*obs));
	struct rst_judgement jd;
	char a[ADDR_ZONE_STRLEN];
	int code;

	if (!m || !obs) {
		code = die(EXIT_SYSTEM, "%s", strerror(ENOMEM));
		goto out;
	}
	code = measure_prepare(e->sys, o, o->host, o->family, m);
	if (code) {
		if (o->json)
			report_json_failure(e->out, o->host, measure_status(m),
					    m->err);
		code = die(code, "%s", m->err);
		goto out;
	}
	code = cmd_drop(e, o);
	if (code) {
		measure_abort(e->sys, m);
		goto out;
	}
	addr_ntop_zone(&m->dst, m->ri.ifname, a);
	code = observe(e, m, obs, &jd);
	if (code) {
		snprintf(m->err, sizeof(m->err), "%s (%s): RST check failed: %s",
			 o->host, a, strerror(-code));
		if (o->json)
			report_json_failure(e->out, o->host, "error", m->err);
		code = die(EXIT_SYSTEM, "%s", m->err);
		goto out;
	}
	if (o->json)
		report_rst_json(e->out, &m->rep, obs, &jd);
	else if (jd.verdict != RST_NO_ANSWER)
		report_rst_text(e->out, &m->rep, obs, &jd);
	if (jd.verdict == RST_NO_ANSWER)
		code = die(EXIT_NO_ANSWER, "%s (%s): no RST and no SYN-ACK to SYNs to port %u",
			   o->host, a, o->port);
out:
	free(obs);
	free(m);
	return code;
}
