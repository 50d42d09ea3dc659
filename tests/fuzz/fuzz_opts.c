// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer: the command line, on any words. The input is split at NUL
 * bytes into arguments after "mtuprobe". A refusal is one line; what is
 * accepted is consistent with itself, and with its mode.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "opts.h"

enum { MAX_ARGS = 32 };

/* --tunnel list takes nothing but -q: the command is that and the default
 * tunnels. */
static bool alone(const struct opts *o)
{
	struct opts z;

	memset(&z, 0, sizeof(z));
	z.mode = MODE_TUNNEL_LIST;
	z.tunnel_list = true;
	z.quiet = o->quiet;
	z.ntunnels = o->ntunnels;
	memcpy(z.tunnel, o->tunnel, sizeof(z.tunnel));
	return !memcmp(&z, o, sizeof(z));
}

/* What the mode of an accepted command says of its fields. */
static bool mode_fits(const struct opts *o)
{
	bool probing = o->mode == MODE_PROBE || o->mode == MODE_RST_CHECK ||
		       o->mode == MODE_WG_CONFIG || o->mode == MODE_HOSTS ||
		       (o->mode == MODE_CLAMP && o->clamp != CLAMP_REMOVE &&
			!o->mss);
	bool host = o->mode == MODE_PROBE || o->mode == MODE_RST_CHECK ||
		    (o->mode == MODE_CLAMP && o->clamp != CLAMP_REMOVE &&
		     !o->mss);

	/* a clamp has its table, and no other command has one (--help and
	 * --version keep what came before them) */
	if (o->mode == MODE_CLAMP ? !o->table[0] :
	    o->table[0] && o->mode != MODE_HELP && o->mode != MODE_VERSION)
		return false;
	if (o->ntunnels < 1 || o->ntunnels > ADVICE_MAX ||
	    (o->mode != MODE_HELP && o->mode != MODE_VERSION &&
	     !o->host != !host))
		return false;
	if (probing && (!o->min_wait || o->min_wait > o->max_wait ||
			((o->tcp || o->rst_check) && !o->port)))
		return false;
	switch (o->mode) {
	case MODE_PROBE:
		return !o->rst_check && !o->path_mtu && !o->wg_config &&
		       !o->hosts_file && !o->clamp && !o->nsel && !o->mss &&
		       !o->write && !o->tunnel_list;
	case MODE_RST_CHECK:
		return o->rst_check && !o->tcp && !o->icmp && !o->trace &&
		       !o->min && !o->max && !o->wg;
	case MODE_PATH_MTU:
		return o->path_mtu >= 68 && !o->tcp && !o->wg_config &&
		       !(o->wg && o->json);
	case MODE_WG_CONFIG:
		return o->wg_config && !o->family && !o->tunnels && !o->wg;
	case MODE_HOSTS:
		return o->hosts_file && o->parallel >= 1 &&
		       o->parallel <= OPTS_PARALLEL_MAX && !o->json;
	case MODE_CLAMP:
		return o->clamp && !o->path_mtu && !o->wg_config &&
		       (o->clamp != CLAMP_REMOVE || (!o->nsel && !o->mss));
	case MODE_TUNNEL_LIST:
		return alone(o);
	case MODE_HELP:
		return o->help;
	case MODE_VERSION:
		return o->version;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 2] = { (char *)"mtuprobe" };
	char *text = malloc(size + 1), *p, err[512];
	struct opts o;
	int argc = 1, ret;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (p = text; p < text + size && argc <= MAX_ARGS; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	err[0] = '\0';
	ret = opts_parse(argc, argv, &o, err, sizeof(err));
	if (ret) {
		if (ret != -EINVAL || !err[0] || strchr(err, '\n'))
			abort();
	} else if (!mode_fits(&o)) {
		abort();
	} else if (!o.help && !o.version && !o.tunnel_list) {
		if (o.nsel > CLAMP_MAX_SEL ||
		    (o.min && o.max && o.min > o.max) ||
		    (o.clamp == CLAMP_REMOVE && (o.host || o.nsel)) ||
		    (o.mss && o.host))
			abort();
		/* with an interface of MTU 1500, as the driver does */
		if (o.host && !o.path_mtu && !o.wg_config &&
		    opts_bounds(&o, AF_INET, 1500, "eth0", err, sizeof(err)) == 0 &&
		    (o.min < 68 || o.min > o.max))
			abort();
	}
	free(text);
	return 0;
}
