/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_HOST_H
#define MTUPROBE_HOST_H

#include "sysops.h"

/* The measurements' system: getaddrinfo, the kernel's route, raw (or
 * ICMP datagram, or UDP) sockets, getrandom. */
extern const struct measure_sys sys_host;

#endif
