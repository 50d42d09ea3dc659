// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>

#include "cmd.h"
#include "exit.h"
#include "host.h"
#include "keeper.h"
#include "opts.h"
#include "priv.h"
#include "wgdev.h"

/* The commands, by mode; those that send nothing need no privilege. */
static const struct {
	int (*run)(const struct cmd_env *e, const struct opts *o);
	bool privileged;
} commands[] = {
	[MODE_PROBE] = { cmd_probe, true },
	[MODE_RST_CHECK] = { cmd_rst_check, true },
	[MODE_PATH_MTU] = { cmd_path_mtu, false },
	[MODE_WG_CONFIG] = { cmd_wg_config, true },
	[MODE_HOSTS] = { cmd_hosts, true },
	[MODE_CLAMP] = { cmd_clamp, true },
	[MODE_TUNNEL_LIST] = { cmd_tunnel_list, false },
};

static int drop(uint64_t keep, char *err, size_t errlen)
{
	int ret;

	/* -f asks each host's tunnel after the drop: userspace tunnels
	 * answer now, while their control sockets may be read */
	if (keep & PRIV_CAP(CAP_NET_RAW))
		wg_dev_remember();
	ret = keeper_start(err, errlen);
	return ret ? ret : priv_drop(keep, true, err, errlen);
}

int main(int argc, char *argv[])
{
	struct cmd_env e = { .sys = &sys_host, .drop = drop, .out = stdout };
	struct opts o;
	char err[512];
	int ret;

	if (opts_parse(argc, argv, &o, err, sizeof(err)))
		return die(EXIT_USAGE, "%s", err);
	if (o.mode == MODE_HELP) {
		fputs(opts_usage, stdout);
		return EXIT_FOUND;
	}
	if (o.mode == MODE_VERSION) {
		puts(PACKAGE_STRING);
		return EXIT_FOUND;
	}
	if (commands[o.mode].privileged) {
		ret = cmd_privileges(&o);
		if (ret)
			return ret;
	}
	/* the NO_COLOR convention: set and not empty, no colour */
	e.colour = isatty(STDOUT_FILENO) &&
		   !(getenv("NO_COLOR") && *getenv("NO_COLOR"));
	e.notes = isatty(STDERR_FILENO);
	ret = commands[o.mode].run(&e, &o);
	if (fflush(stdout) == EOF)
		return die(EXIT_SYSTEM, "writing the report: %s", strerror(errno));
	return ret;
}
