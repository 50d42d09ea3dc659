/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_PRIV_H
#define MTUPROBE_PRIV_H

#include <stdbool.h>

/* Whether the process's effective capability set holds cap (CAP_NET_RAW,
 * CAP_NET_ADMIN, ...), as capget(2) reports it. */
bool priv_has(int cap);

#endif
