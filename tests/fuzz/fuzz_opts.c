// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer: the command line, on any words. The input is split at NUL
 * bytes into arguments after "mtuprobe". A refusal is one line; what is
 * accepted is consistent with itself.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "opts.h"

enum { MAX_ARGS = 32 };

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
