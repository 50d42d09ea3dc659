// SPDX-License-Identifier: GPL-2.0-or-later
/* What each mode needs of the privileges, and the single-host flow that
 * opens its sockets before giving up the rest. */
#include "config.h"

#include <limits.h>
#include <unistd.h>
#include <linux/capability.h>

#include "cmd.h"
#include "exit.h"
#include "priv.h"
#include "status.h"

uint64_t cmd_needs(const struct opts *o)
{
	bool admin = o->clamp == CLAMP_APPLY || o->clamp == CLAMP_REMOVE;
	bool probes = (o->mode == MODE_PROBE || o->mode == MODE_RST_CHECK ||
		       o->mode == MODE_HOSTS || o->mode == MODE_WG_CONFIG ||
		       o->mode == MODE_CLAMP) &&
		      !o->mss && o->clamp != CLAMP_REMOVE;

	/* the keeper replaces a file whoever owns it, and keeps its owner
	 * and mode */
	uint64_t file = PRIV_CAP(CAP_CHOWN) | PRIV_CAP(CAP_DAC_OVERRIDE) |
			PRIV_CAP(CAP_FOWNER);

	/* a mark on the sockets needs it, as long as they are opened */
	admin |= probes && o->fwmark_set;
	return (probes ? PRIV_CAP(CAP_NET_RAW) : 0) |
	       (admin ? PRIV_CAP(CAP_NET_ADMIN) : 0) |
	       (o->write || o->prom ? file : 0) | cmd_keeps(o);
}

uint64_t cmd_keeps(const struct opts *o)
{
	/* -f opens the sockets of each host as it comes to it, and marks
	 * those of a tunnel's endpoint where it may (CAP_NET_ADMIN, where
	 * the run has it) */
	return (o->clamp == CLAMP_APPLY || o->mode == MODE_HOSTS ?
		PRIV_CAP(CAP_NET_ADMIN) : 0) |
	       (o->mode == MODE_HOSTS ? PRIV_CAP(CAP_NET_RAW) : 0);
}

int cmd_drop(const struct cmd_env *e, const struct opts *o)
{
	char err[256];

	if (e->drop(cmd_keeps(o), err, sizeof(err)))
		return die(EXIT_SYSTEM, "%s", err);
	return 0;
}

int cmd_measure(const struct cmd_env *e, const struct opts *o,
		struct measurement *m)
{
	struct status st = { 0 };
	char why[640];
	int code;

	code = measure_prepare(e->sys, o, o->host, o->family, m);
	if (code)
		return die(code, "%s", m->err);
	code = cmd_drop(e, o);
	if (code) {
		measure_abort(e->sys, m);
		return code;
	}
	if (status_wanted(o)) {
		status_init(&st, o->host);
		m->progress = status_progress;
		m->progress_arg = &st;
	}
	code = measure_run(e->sys, m);
	status_clear(&st);
	if (m->stage != MEASURE_DONE)
		return die(code, "%s", measure_why(m, why, sizeof(why)));
	return 0;
}

/*
 * Raises the capabilities the run needs, or says which is missing and how
 * to grant it, before any work. Privileges a setuid install lends to a
 * user serve to probe one host, never to change the firewall, nor to
 * read or write a file.
 */
int cmd_privileges(const struct opts *o)
{
	bool admin = o->clamp == CLAMP_APPLY || o->clamp == CLAMP_REMOVE;
	uint64_t missing;
	char self[PATH_MAX], err[256];
	ssize_t n;

	if (priv_setid() && getuid() != 0 &&
	    (admin || o->wg_config || o->hosts_file))
		return die(EXIT_PRIVILEGE, "%s: not for a setuid mtuprobe run by a user: run it as root, or grant CAP_NET_RAW with setcap cap_net_raw+p",
			   o->wg_config ? "--wg-config" : o->hosts_file ? "-f" :
			   o->clamp == CLAMP_APPLY ? "--apply" : "--remove");
	/* a user lent privileges resolves names and looks up routes as
	 * themself, with none of them effective but to open the sockets */
	if (priv_become_caller(cmd_needs(o), err, sizeof(err)))
		return die(EXIT_SYSTEM, "%s", err);
	missing = priv_raise(cmd_needs(o));
	if (getuid() != 0 && (cmd_needs(o) & PRIV_CAP(CAP_NET_RAW)))
		priv_lower(0);
	if ((missing & PRIV_CAP(CAP_NET_ADMIN)) && o->fwmark_set &&
	    !admin)
		return die(EXIT_PRIVILEGE, "--fwmark %u sets a mark on the sockets (SO_MARK), which needs CAP_NET_ADMIN: run it as root",
			   o->fwmark);
	if (missing & PRIV_CAP(CAP_NET_ADMIN))
		return die(EXIT_PRIVILEGE, "%s changes nftables and needs CAP_NET_ADMIN: run it as root",
			   o->clamp == CLAMP_APPLY ? "--apply" : "--remove");
	/* a user may still have an ICMP datagram socket: the run tries it,
	 * and says what is missing if it cannot */
	if ((missing & PRIV_CAP(CAP_NET_RAW)) && (o->tcp || o->rst_check)) {
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		self[n > 0 ? n : 0] = '\0';
		return die(EXIT_PRIVILEGE, "probing needs CAP_NET_RAW for its raw sockets: run as root, or grant it once with: setcap cap_net_raw+p %s",
			   n > 0 ? self : "mtuprobe");
	}
	return 0;
}
