/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_WGDEV_H
#define MTUPROBE_WGDEV_H

#include "wguapi.h"

/* Where userspace WireGuard implementations keep their control sockets. */
#define WG_UAPI_DIR "/var/run/wireguard"

/*
 * Asks the WireGuard implementation that runs ifname for its fwmark and
 * endpoints: a userspace one by its control socket
 * (WG_UAPI_DIR/IFNAME.sock), else the kernel's over generic netlink
 * (core/wggenl.h). Returns 0 with *out filled; -ENOENT where ifname is a
 * WireGuard interface of neither; -EPROTO for an answer that makes no
 * sense, or a userspace one larger than 64 KiB; or the errno of the
 * exchange.
 */
int wg_dev_get(const char *ifname, struct wg_dev *out);
/* Asks every userspace tunnel now, while its control socket may be read,
 * and answers wg_dev_get() from that after. */
void wg_dev_remember(void);

#endif
