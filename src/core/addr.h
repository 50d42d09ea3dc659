/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_ADDR_H
#define MTUPROBE_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

/* An IPv4 or IPv6 address; family is AF_INET, AF_INET6, or 0 for none. */
struct addr {
	int family;
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
	/* An IPv6 link-local address is an address on one link only: the
	 * index of its interface, as sin6_scope_id (RFC 4007, section 6);
	 * 0 where nothing says which, as in a packet's header. 0 for every
	 * other address. */
	uint32_t scope;
};

enum {
	ADDR_STRLEN = INET6_ADDRSTRLEN,
	/* and a zone: '%', and an interface's name or index, of at most
	 * IF_NAMESIZE - 1 characters (<net/if.h> would clash with the
	 * <linux/if.h> of the files that need it) */
	ADDR_ZONE_STRLEN = INET6_ADDRSTRLEN + 16,
};

/* The same address; and where both say their link, the same link: a
 * reply from fe80::1 on another link is from another host. */
bool addr_eq(const struct addr *a, const struct addr *b);
size_t addr_len(int family);
/* Whether a is an IPv6 link-local address (fe80::/10), which only its
 * link tells apart from the same address on another. */
bool addr_link_local(const struct addr *a);
/* Puts a link-local a on the link of interface ifindex; leaves any other
 * address as it is. */
void addr_on_link(struct addr *a, uint32_t ifindex);
/* Writes the printable form into buf (ADDR_STRLEN bytes) and returns buf;
 * "-" for an address of no family. */
const char *addr_ntop(const struct addr *a, char *buf);
/* The same with the zone of a scoped address (RFC 4007, section 11):
 * "fe80::1%eth0", where ifname names the interface of index a->scope, or
 * "fe80::1%2" where ifname is NULL or "". buf has ADDR_ZONE_STRLEN
 * bytes. */
const char *addr_ntop_zone(const struct addr *a, const char *ifname,
			   char *buf);
/* Returns 0 and fills a from a literal of either family, or -EINVAL. */
int addr_pton(const char *s, struct addr *a);
/* An IPv6 literal with a zone, "fe80::1%eth0", as getaddrinfo(3) reads
 * it: returns 0 with the address in a (its scope 0: the index of the zone
 * is the system's to say) and *zone at the zone in s; -EINVAL where s has
 * no '%', what comes before it is not an IPv6 literal, or what comes after
 * it could not name an interface (empty, longer than IF_NAMESIZE - 1, or
 * holding a '/', a ':' or a blank). */
int addr_pton_zone(const char *s, struct addr *a, const char **zone);
/* Whether s is an IPv4 address only in the old, loose sense of
 * inet_aton(3) (and so of getaddrinfo): "1.2.3" is 1.2.0.3, "017.1" is
 * 15.0.0.1, "0x7f.1" 127.0.0.1. Fills meant with the address it would
 * name. A dotted quad in full is not. */
bool addr_loosely_numeric(const char *s, struct addr *meant);
/* The socket address of a, its scope as sin6_scope_id. */
void addr_to_sockaddr(const struct addr *a, struct sockaddr_storage *ss,
		      socklen_t *len);
/* Returns 0, or -EAFNOSUPPORT for a family other than IPv4 and IPv6. The
 * scope is kept for a link-local address only: the kernel ignores it for
 * any other. */
int addr_from_sockaddr(const struct sockaddr *sa, struct addr *a);

#endif
