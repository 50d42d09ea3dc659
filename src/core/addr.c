// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <sys/socket.h>

#include "addr.h"

size_t addr_len(int family)
{
	return family == AF_INET ? sizeof(struct in_addr) :
	       family == AF_INET6 ? sizeof(struct in6_addr) : 0;
}

bool addr_eq(const struct addr *a, const struct addr *b)
{
	return a->family == b->family &&
	       !memcmp(&a->v6, &b->v6, addr_len(a->family)) &&
	       (!a->scope || !b->scope || a->scope == b->scope);
}

bool addr_link_local(const struct addr *a)
{
	return a->family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&a->v6);
}

void addr_on_link(struct addr *a, uint32_t ifindex)
{
	if (addr_link_local(a))
		a->scope = ifindex;
}

const char *addr_ntop(const struct addr *a, char *buf)
{
	if (!inet_ntop(a->family, &a->v6, buf, ADDR_STRLEN))
		strcpy(buf, "-");
	return buf;
}

const char *addr_ntop_zone(const struct addr *a, const char *ifname,
			   char *buf)
{
	size_t n = strlen(addr_ntop(a, buf));

	if (!a->scope)
		return buf;
	if (ifname && ifname[0])
		snprintf(buf + n, ADDR_ZONE_STRLEN - n, "%%%s", ifname);
	else
		snprintf(buf + n, ADDR_ZONE_STRLEN - n, "%%%u", a->scope);
	return buf;
}

int addr_pton(const char *s, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, &a->v4) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, s, &a->v6) == 1)
		a->family = AF_INET6;
	else
		return -EINVAL;
	return 0;
}

int addr_pton_zone(const char *s, struct addr *a, const char **zone)
{
	const char *pct = strchr(s, '%');
	char lit[ADDR_STRLEN];
	size_t n;

	memset(a, 0, sizeof(*a));
	if (!pct || (size_t)(pct - s) >= sizeof(lit))
		return -EINVAL;
	memcpy(lit, s, (size_t)(pct - s));
	lit[pct - s] = '\0';
	n = strlen(pct + 1);
	/* what Linux allows in an interface's name (dev_valid_name) */
	if (!n || n >= IF_NAMESIZE || strpbrk(pct + 1, "/: \t\n\v\f\r") ||
	    inet_pton(AF_INET6, lit, &a->v6) != 1)
		return -EINVAL;
	a->family = AF_INET6;
	*zone = pct + 1;
	return 0;
}

bool addr_loosely_numeric(const char *s, struct addr *meant)
{
	struct in_addr a;

	memset(meant, 0, sizeof(*meant));
	if (inet_pton(AF_INET, s, &a) == 1 || !inet_aton(s, &a))
		return false;
	meant->family = AF_INET;
	meant->v4 = a;
	return true;
}

void addr_to_sockaddr(const struct addr *a, struct sockaddr_storage *ss,
		      socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_addr = a->v4;
		*len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = a->v6;
		sin6->sin6_scope_id = a->scope;
		*len = sizeof(*sin6);
	}
}

int addr_from_sockaddr(const struct sockaddr *sa, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	if (sa->sa_family == AF_INET) {
		struct sockaddr_in sin;

		memcpy(&sin, sa, sizeof(sin));
		a->family = AF_INET;
		a->v4 = sin.sin_addr;
	} else if (sa->sa_family == AF_INET6) {
		struct sockaddr_in6 sin6;

		memcpy(&sin6, sa, sizeof(sin6));
		a->family = AF_INET6;
		a->v6 = sin6.sin6_addr;
		addr_on_link(a, sin6.sin6_scope_id);
	} else {
		return -EAFNOSUPPORT;
	}
	return 0;
}
