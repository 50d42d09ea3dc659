// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer: the wg-quick parser and MTU rewriter, on any bytes. What
 * parses must take an MTU line and still parse, with that MTU and the same
 * peers; what does not must say why in one line.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "wgconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wgconf *c = calloc(1, sizeof(*c)), *again = calloc(1, sizeof(*c));
	uint8_t *buf = malloc(size ? size : 1), *out = NULL;
	size_t cap = size + 64;
	ssize_t n;

	if (!c || !again || !buf)
		goto out;
	memcpy(buf, data, size);
	if (wgconf_parse(buf, size, c)) {
		if (!c->err[0] || memchr(c->err, '\n', sizeof(c->err)) ||
		    !memchr(c->err, '\0', sizeof(c->err)))
			abort();
		goto out;
	}
	out = malloc(cap);
	if (!out)
		goto out;
	n = wgconf_set_mtu(buf, size, 1320, out, cap);
	if (n < 0)
		abort();
	if (wgconf_parse(out, (size_t)n, again) || again->mtu != 1320 ||
	    again->nendpoints != c->nendpoints)
		abort();
out:
	free(out);
	free(buf);
	free(again);
	free(c);
	return 0;
}
