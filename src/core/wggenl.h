/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_WGGENL_H
#define MTUPROBE_WGGENL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "wguapi.h"

/*
 * The kernel's WireGuard over generic netlink (linux/wireguard.h): the
 * family's id first (CTRL_CMD_GETFAMILY "wireguard"), then a dump of
 * WG_CMD_GET_DEVICE for one interface, whose answer may run over several
 * messages (the peers continue in the next). What mtuprobe reads of it is
 * what it reads of a userspace one: the fwmark and the peers' endpoints.
 */

/* Builds the request for the family's id. Returns its length, or
 * -ENOSPC. */
ssize_t wggenl_build_family(void *buf, size_t cap, uint32_t seq);
/* Parses the answer: 0 with *id; -ENOENT where the kernel has no such
 * family (no WireGuard); another negative errno; -EPROTO if malformed. */
int wggenl_parse_family(const void *buf, size_t len, uint16_t *id);
/* Builds the dump request of interface ifname's device. Returns its
 * length, -ENOSPC, or -EINVAL for a name that does not fit. */
ssize_t wggenl_build_get(void *buf, size_t cap, uint16_t family,
			 const char *ifname, uint32_t seq);
/* Parses one datagram of the dump's answer into *dev, adding to what
 * earlier ones gave (dev zeroed before the first). Returns 1 once the
 * dump is done (NLMSG_DONE), 0 when more is to come, the errno of an
 * NLMSG_ERROR (-ENODEV: no such interface), or -EPROTO. */
int wggenl_parse_device(const void *buf, size_t len, struct wg_dev *dev);

#endif
