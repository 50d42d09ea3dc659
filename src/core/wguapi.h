/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_WGUAPI_H
#define MTUPROBE_WGUAPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

/*
 * What mtuprobe needs of a WireGuard interface: the firewall mark its own
 * packets carry, and its peers' endpoints. Read from a userspace
 * implementation's control socket (wireguard-go's
 * /var/run/wireguard/NAME.sock), whose "get=1" answer is lines of
 * key=value ending in errno=N and an empty line (the cross-platform
 * userspace API of wireguard.com/xplatform).
 */
enum { WG_MAX_ENDPOINTS = 64 };

struct wg_dev {
	uint32_t fwmark;	/* 0: none */
	struct addr endpoints[WG_MAX_ENDPOINTS];
	size_t nendpoints;
};

/* Parses the answer in buf. Returns 0 with *out filled; the negative
 * errno the answer ends with; or -EPROTO for anything malformed (a line
 * without '=', a bad number or endpoint, no errno line). Trusts no length:
 * buf need not end in a NUL. */
int wguapi_parse(const char *buf, size_t len, struct wg_dev *out);
/* Whether dst is one of the endpoints. */
bool wg_dev_has_endpoint(const struct wg_dev *d, const struct addr *dst);

#endif
