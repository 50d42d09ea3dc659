/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_ADDR_H
#define MTUPROBE_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <netinet/in.h>

/* An IPv4 or IPv6 address; family is AF_INET, AF_INET6, or 0 for none. */
struct addr {
	int family;
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

enum { ADDR_STRLEN = INET6_ADDRSTRLEN };

bool addr_eq(const struct addr *a, const struct addr *b);
size_t addr_len(int family);
/* Writes the printable form into buf (ADDR_STRLEN bytes) and returns buf;
 * "-" for an address of no family. */
const char *addr_ntop(const struct addr *a, char *buf);
/* Returns 0 and fills a from a literal of either family, or -EINVAL. */
int addr_pton(const char *s, struct addr *a);
/* Whether s is an IPv4 address only in the old, loose sense of
 * inet_aton(3) (and so of getaddrinfo): "1.2.3" is 1.2.0.3, "017.1" is
 * 15.0.0.1, "0x7f.1" 127.0.0.1. Fills meant with the address it would
 * name. A dotted quad in full is not. */
bool addr_loosely_numeric(const char *s, struct addr *meant);
void addr_to_sockaddr(const struct addr *a, struct sockaddr_storage *ss,
		      socklen_t *len);
/* Returns 0, or -EAFNOSUPPORT for a family other than IPv4 and IPv6. */
int addr_from_sockaddr(const struct sockaddr *sa, struct addr *a);

#endif
