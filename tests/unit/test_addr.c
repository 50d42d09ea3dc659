// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Addresses with the link they are on: an IPv6 link-local address is the
 * same address on every link, and only its scope (RFC 4007) says which
 * host it is. How the scope is read, written, compared and carried into
 * a socket address.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "addr.h"

static struct addr scoped(const char *s, uint32_t scope)
{
	struct addr a;

	assert_int_equal(addr_pton(s, &a), 0);
	a.scope = scope;
	return a;
}

static void a_scoped_address_is_written_with_its_interface(void **state)
{
	struct addr a = scoped("fe80::1", 3);
	char buf[ADDR_ZONE_STRLEN];

	(void)state;
	assert_string_equal(addr_ntop_zone(&a, "eth0", buf), "fe80::1%eth0");
	/* without a name, the index, as getaddrinfo(3) reads it back */
	assert_string_equal(addr_ntop_zone(&a, NULL, buf), "fe80::1%3");
	assert_string_equal(addr_ntop_zone(&a, "", buf), "fe80::1%3");
	/* the plain form stays the address alone */
	assert_string_equal(addr_ntop(&a, buf), "fe80::1");
}

static void an_address_without_a_scope_is_written_without_a_zone(void **state)
{
	struct addr a = scoped("fe80::1", 0);
	char buf[ADDR_ZONE_STRLEN];

	(void)state;
	assert_string_equal(addr_ntop_zone(&a, "eth0", buf), "fe80::1");
	a = scoped("10.99.3.2", 0);
	assert_string_equal(addr_ntop_zone(&a, "eth0", buf), "10.99.3.2");
}

static void the_longest_address_and_name_fit(void **state)
{
	struct addr a = scoped("fe80:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
			       UINT32_MAX);
	char buf[ADDR_ZONE_STRLEN];

	(void)state;
	assert_string_equal(addr_ntop_zone(&a, "fifteen-chars-x", buf),
		"fe80:ffff:ffff:ffff:ffff:ffff:ffff:ffff%fifteen-chars-x");
	assert_string_equal(addr_ntop_zone(&a, NULL, buf),
		"fe80:ffff:ffff:ffff:ffff:ffff:ffff:ffff%4294967295");
}

static void a_zone_is_read_apart_from_its_address(void **state)
{
	const char *zone = NULL;
	struct addr a, want = scoped("fe80::1", 0);

	(void)state;
	assert_int_equal(addr_pton_zone("fe80::1%eth0", &a, &zone), 0);
	assert_true(addr_eq(&a, &want));
	assert_int_equal(a.scope, 0);
	assert_string_equal(zone, "eth0");
	assert_int_equal(addr_pton_zone("2001:db8::1%7", &a, &zone), 0);
	assert_string_equal(zone, "7");
	/* the first '%' starts the zone, as for getaddrinfo(3) */
	assert_int_equal(addr_pton_zone("fe80::1%a%b", &a, &zone), 0);
	assert_string_equal(zone, "a%b");
}

static void what_is_not_an_ipv6_literal_and_a_zone_is_refused(void **state)
{
	static const char *const bad[] = {
		"fe80::1",			/* no zone */
		"fe80::1%",			/* an empty one */
		"fe80::1%sixteen-chars-xx",	/* longer than a name */
		"fe80::1%eth/0", "fe80::1%eth:0", "fe80::1%eth 0",
		"fe80::1%eth\t0",
		"10.0.0.1%eth0",		/* IPv4 has none */
		"fe80::g%eth0", "%eth0", "host.example%eth0",
		"fe80:0000:0000:0000:0000:0000:0000:0000:1%eth0",
	};
	const char *zone;
	struct addr a;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_int_equal(addr_pton_zone(bad[i], &a, &zone), -EINVAL);
	/* the longest name there can be is fine */
	assert_int_equal(addr_pton_zone("fe80::1%fifteen-chars-x", &a, &zone),
			 0);
}

/* The same address on two links is two hosts; where one side does not
 * say its link (a packet's header never does), the address decides. */
static void addresses_on_different_links_differ(void **state)
{
	struct addr a = scoped("fe80::1", 2), b = scoped("fe80::1", 3);
	struct addr none = scoped("fe80::1", 0), other = scoped("fe80::2", 2);

	(void)state;
	assert_false(addr_eq(&a, &b));
	assert_true(addr_eq(&a, &a));
	assert_true(addr_eq(&a, &none));
	assert_true(addr_eq(&none, &b));
	assert_false(addr_eq(&a, &other));
}

static void only_a_link_local_address_is_put_on_a_link(void **state)
{
	static const char *const others[] = {
		"fd00:99:3::2", "2001:db8::1", "::1", "ff02::1", "fec0::1",
		"10.99.3.2", "169.254.1.1",
	};
	struct addr a = scoped("fe80::1", 0);

	(void)state;
	assert_true(addr_link_local(&a));
	addr_on_link(&a, 4);
	assert_int_equal(a.scope, 4);
	a = scoped("febf::1", 0);
	assert_true(addr_link_local(&a));
	for (size_t i = 0; i < sizeof(others) / sizeof(*others); i++) {
		a = scoped(others[i], 0);
		assert_false(addr_link_local(&a));
		addr_on_link(&a, 4);
		assert_int_equal(a.scope, 0);
	}
}

static void the_scope_goes_into_the_socket_address_and_back(void **state)
{
	struct addr a = scoped("fe80::1", 5), back;
	struct sockaddr_storage ss;
	struct sockaddr_in6 sin6;
	socklen_t len;

	(void)state;
	addr_to_sockaddr(&a, &ss, &len);
	assert_int_equal(len, sizeof(sin6));
	memcpy(&sin6, &ss, sizeof(sin6));
	assert_int_equal(sin6.sin6_family, AF_INET6);
	assert_int_equal(sin6.sin6_scope_id, 5);
	assert_int_equal(addr_from_sockaddr((struct sockaddr *)&ss, &back), 0);
	assert_true(addr_eq(&back, &a));
	assert_int_equal(back.scope, 5);
}

/* The kernel reads a scope of a link-local address only: another one's
 * is not kept, where getaddrinfo(3) took "2001:db8::1%2". */
static void a_scope_on_another_address_is_not_kept(void **state)
{
	struct sockaddr_in6 sin6 = {
		.sin6_family = AF_INET6,
		.sin6_scope_id = 2,
	};
	struct addr a;

	(void)state;
	assert_int_equal(inet_pton(AF_INET6, "2001:db8::1", &sin6.sin6_addr), 1);
	assert_int_equal(addr_from_sockaddr((struct sockaddr *)&sin6, &a), 0);
	assert_int_equal(a.family, AF_INET6);
	assert_int_equal(a.scope, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_scoped_address_is_written_with_its_interface),
		cmocka_unit_test(an_address_without_a_scope_is_written_without_a_zone),
		cmocka_unit_test(the_longest_address_and_name_fit),
		cmocka_unit_test(a_zone_is_read_apart_from_its_address),
		cmocka_unit_test(what_is_not_an_ipv6_literal_and_a_zone_is_refused),
		cmocka_unit_test(addresses_on_different_links_differ),
		cmocka_unit_test(only_a_link_local_address_is_put_on_a_link),
		cmocka_unit_test(the_scope_goes_into_the_socket_address_and_back),
		cmocka_unit_test(a_scope_on_another_address_is_not_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
