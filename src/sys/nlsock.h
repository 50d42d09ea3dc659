/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_NLSOCK_H
#define MTUPROBE_NLSOCK_H

#include <stddef.h>
#include <sys/types.h>

struct mnl_socket;

/* Opens a netlink socket on bus (NETLINK_ROUTE, NETLINK_NETFILTER) bound
 * to a port the kernel picks. Returns 0 with *out set, or the negative
 * errno of socket() or bind(). */
int nlsock_open(int bus, struct mnl_socket **out);

/*
 * Receives one datagram from the kernel into buf. Returns its length, at
 * least a netlink header's; -EMSGSIZE when it did not fit cap; -EPROTO when
 * another process sent it, or it is shorter; or the negative errno of
 * recvmsg(): -EAGAIN with MSG_DONTWAIT in flags and nothing there, or when
 * a receive timeout ran out.
 */
ssize_t nlsock_recv(struct mnl_socket *nl, void *buf, size_t cap, int flags);

#endif
