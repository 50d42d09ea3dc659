/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_WGDEV_H
#define MTUPROBE_WGDEV_H

#include "wguapi.h"

/* Where userspace WireGuard implementations keep their control sockets. */
#define WG_UAPI_DIR "/var/run/wireguard"

/*
 * Asks the userspace WireGuard implementation that runs ifname (its
 * control socket WG_UAPI_DIR/IFNAME.sock) for its fwmark and endpoints.
 * Returns 0 with *out filled; -ENOENT where no such socket exists (not a
 * userspace WireGuard interface); -EPROTO for an answer that makes no
 * sense, or larger than 64 KiB; or the errno of the exchange.
 */
int wg_dev_get(const char *ifname, struct wg_dev *out);

#endif
