// SPDX-License-Identifier: GPL-2.0-or-later
/* Tunnel arithmetic, against the worked numbers of reference.md and hand
 * computations. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "advice.h"

static unsigned int mtu_of(const char *name, unsigned int pmtu, int family)
{
	struct tunnel t;
	struct advice a;

	assert_int_equal(tunnel_lookup(name, &t), 0);
	advise(&t, pmtu, family, &a);
	return a.mtu;
}

static void wireguard_takes_60_over_ipv4_and_80_over_ipv6(void **state)
{
	(void)state;
	assert_int_equal(mtu_of("wireguard", 1500, AF_INET), 1440);
	assert_int_equal(mtu_of("wireguard", 1500, AF_INET6), 1420);
	assert_int_equal(mtu_of("wireguard", 1380, AF_INET), 1320);
	assert_int_equal(mtu_of("wireguard", 1380, AF_INET6), 1300);
}

static void esp_gcm_matches_the_kernel_formula_at_1500(void **state)
{
	(void)state;
	assert_int_equal(mtu_of("esp-gcm-tunnel", 1500, AF_INET), 1446);
	assert_int_equal(mtu_of("esp-gcm-tunnel-natt", 1500, AF_INET), 1438);
	assert_int_equal(mtu_of("esp-gcm-tunnel", 1500, AF_INET6), 1426);
	assert_int_equal(mtu_of("esp-gcm-tunnel-natt", 1500, AF_INET6), 1418);
	assert_int_equal(mtu_of("esp-gcm-transport", 1500, AF_INET), 1466);
}

static void ipsec_is_aes_gcm_tunnel_mode_with_nat_t(void **state)
{
	struct tunnel t;

	(void)state;
	assert_int_equal(tunnel_lookup("ipsec", &t), 0);
	assert_string_equal(t.label, "IPsec ESP AES-GCM-16, tunnel mode, NAT-T");
	assert_int_equal(mtu_of("ipsec", 1500, AF_INET), 1438);
}

static void esp_cbc_rounds_to_its_16_byte_block(void **state)
{
	(void)state;
	assert_int_equal(mtu_of("esp-cbc-sha1-tunnel", 1500, AF_INET), 1438);
	assert_int_equal(mtu_of("esp-cbc-sha1-tunnel-natt", 1500, AF_INET), 1422);
	assert_int_equal(mtu_of("esp-cbc-sha256-tunnel", 1500, AF_INET6), 1406);
	/* by hand: hdr 8 + 16 + 20 = 44, icv 24: (1500 - 68) & ~15 = 1424,
	 * - 2 */
	assert_int_equal(mtu_of("esp-cbc-sha384-tunnel", 1500, AF_INET), 1422);
	/* hdr 44, icv 32: 1424 & ~15 = 1424, - 2 */
	assert_int_equal(mtu_of("esp-cbc-sha512-tunnel", 1500, AF_INET), 1422);
	/* transport v6: hdr 8 + 16, adj 40, icv 12: (1500 - 76) & ~15 =
	 * 1424, + 40 - 2 */
	assert_int_equal(mtu_of("esp-cbc-sha1-transport", 1500, AF_INET6), 1462);
}

static void esp_chacha_is_like_gcm(void **state)
{
	(void)state;
	assert_int_equal(mtu_of("esp-chacha-tunnel", 1500, AF_INET), 1446);
	assert_int_equal(mtu_of("esp-chacha-transport-natt", 1380, AF_INET),
			 /* hdr 16 + 8, adj 20, icv 16: (1380 - 60) & ~3 + 18 */
			 1338);
}

/* The sizes strongSwan's kernel-libipsec was seen to send on a 1454-byte
 * line (tests/lab/ipsec.sh): an inner packet of the MTU below takes
 * exactly the path MTU that gives it, one byte more takes a block more. */
static void esp_matches_what_strongswan_sends_on_a_pppoe_line(void **state)
{
	(void)state;
	/* 20 + 8 + 8 + 8 + (1390 + 2) + 16 = 1452 on the line */
	assert_int_equal(mtu_of("ipsec", 1454, AF_INET), 1390);
	assert_int_equal(mtu_of("ipsec", 1452, AF_INET), 1390);
	assert_int_equal(mtu_of("ipsec", 1451, AF_INET), 1386);
	/* 20 + 8 + 8 + 16 + (1374 + 2) + 16 = 1444 on the line */
	assert_int_equal(mtu_of("esp-cbc-sha256-tunnel-natt", 1454, AF_INET), 1374);
	assert_int_equal(mtu_of("esp-cbc-sha256-tunnel-natt", 1444, AF_INET), 1374);
	assert_int_equal(mtu_of("esp-cbc-sha256-tunnel-natt", 1443, AF_INET), 1358);
}

static void esp_on_a_path_too_small_has_no_inner_mtu(void **state)
{
	(void)state;
	assert_int_equal(mtu_of("esp-cbc-sha512-tunnel", 60, AF_INET), 0);
}

static void gre_options_add_4_bytes_each(void **state)
{
	struct tunnel t;

	(void)state;
	assert_int_equal(mtu_of("gre", 1500, AF_INET), 1476);
	assert_int_equal(mtu_of("gre-key", 1500, AF_INET), 1472);
	assert_int_equal(mtu_of("gre-key-seq-csum", 1500, AF_INET), 1464);
	assert_int_equal(mtu_of("gre", 1500, AF_INET6), 1456);
	assert_int_equal(tunnel_lookup("gre-seq-key", &t), 0);
	assert_string_equal(t.label, "GRE with key, sequence");
	assert_int_equal(tunnel_lookup("gre-key-key", &t), -EINVAL);
	assert_int_equal(tunnel_lookup("gre-foo", &t), -EINVAL);
}

static void the_other_encapsulations_take_their_headers(void **state)
{
	(void)state;
	assert_int_equal(mtu_of("ipip", 1500, AF_INET), 1480);
	assert_int_equal(mtu_of("sit", 1500, AF_INET), 1480);
	assert_int_equal(mtu_of("ip6tnl", 1500, AF_INET6), 1452);
	assert_int_equal(mtu_of("ip6tnl-noencap", 1500, AF_INET6), 1460);
	assert_int_equal(mtu_of("vxlan", 1500, AF_INET), 1450);
	assert_int_equal(mtu_of("vxlan", 1500, AF_INET6), 1430);
	assert_int_equal(mtu_of("geneve", 1500, AF_INET), 1450);
	assert_int_equal(mtu_of("pppoe", 1500, AF_INET), 1492);
	assert_int_equal(mtu_of("openvpn", 1500, AF_INET), 1448);
	assert_int_equal(mtu_of("openvpn", 1500, AF_INET6), 1428);
	assert_int_equal(mtu_of("tailscale", 1500, AF_INET), 1280);
}

static void openvpn_compression_framing_takes_one_byte_more(void **state)
{
	struct tunnel t;

	(void)state;
	assert_int_equal(mtu_of("openvpn-comp", 1500, AF_INET), 1447);
	assert_int_equal(mtu_of("openvpn-comp", 1500, AF_INET6), 1427);
	assert_int_equal(tunnel_lookup("openvpn-comp", &t), 0);
	assert_string_equal(t.label, "OpenVPN UDP, AES-256-GCM, compression framing");
}

static void a_tunnel_of_the_other_family_is_not_possible(void **state)
{
	struct tunnel t;
	struct advice a;

	(void)state;
	tunnel_lookup("ipip", &t);
	advise(&t, 1500, AF_INET6, &a);
	assert_false(a.possible);
	assert_int_equal(a.mtu, 0);
	tunnel_lookup("ip6tnl", &t);
	advise(&t, 1500, AF_INET, &a);
	assert_false(a.possible);
}

static void tailscale_says_when_the_path_is_too_small_for_it(void **state)
{
	struct tunnel t;
	struct advice a;

	(void)state;
	tunnel_lookup("tailscale", &t);
	advise(&t, 1340, AF_INET, &a);
	assert_int_equal(a.needs, 0);
	advise(&t, 1339, AF_INET, &a);
	assert_int_equal(a.needs, 1340);
	advise(&t, 1359, AF_INET6, &a);
	assert_int_equal(a.needs, 1360);
}

static void mss_is_mtu_less_40_for_ipv4_and_60_for_ipv6(void **state)
{
	struct tunnel t;
	struct advice a;

	(void)state;
	tunnel_lookup("wireguard", &t);
	advise(&t, 1380, AF_INET, &a);
	assert_int_equal(a.mss4, 1280);
	assert_int_equal(a.mss6, 1260);
	tunnel_lookup("none", &t);
	advise(&t, 1380, AF_INET, &a);
	assert_int_equal(a.mtu, 1380);
	assert_int_equal(a.mss4, 1340);
	assert_int_equal(a.mss6, 1320);
}

static void below_1280_inside_ipv6_cannot_run(void **state)
{
	struct tunnel t;
	struct advice a;

	(void)state;
	tunnel_lookup("wireguard", &t);
	advise(&t, 1339, AF_INET, &a);
	assert_int_equal(a.mtu, 1279);
	assert_true(a.no_ipv6);
	assert_int_equal(a.mss6, 0);
	assert_int_equal(a.mss4, 1239);
	advise(&t, 1340, AF_INET, &a);
	assert_false(a.no_ipv6);
	assert_int_equal(a.mss6, 1220);
}

static void a_list_of_names_is_read_in_order(void **state)
{
	struct tunnel ts[ADVICE_MAX];
	char err[128];

	(void)state;
	assert_int_equal(tunnel_list_parse("wireguard,gre-key,esp-cbc-sha256-transport-natt",
					   ts, ADVICE_MAX, err, sizeof(err)), 3);
	assert_string_equal(ts[0].name, "wireguard");
	assert_string_equal(ts[1].label, "GRE with key");
	assert_string_equal(ts[2].label, "IPsec ESP AES-CBC, HMAC-SHA256-128, transport mode, NAT-T");
}

static void an_unknown_or_empty_name_is_refused_by_name(void **state)
{
	struct tunnel ts[ADVICE_MAX];
	char err[128];

	(void)state;
	assert_int_equal(tunnel_list_parse("wireguard,l2tp", ts, ADVICE_MAX,
					   err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "--tunnel 'l2tp': no such tunnel (see --tunnel list)");
	assert_int_equal(tunnel_list_parse("wireguard,,gre", ts, ADVICE_MAX,
					   err, sizeof(err)), -EINVAL);
	assert_int_equal(tunnel_list_parse("esp-gcm-tunnel-natt-x", ts,
					   ADVICE_MAX, err, sizeof(err)), -EINVAL);
	assert_int_equal(tunnel_list_parse("gre,gre", ts, 1, err, sizeof(err)),
			 -E2BIG);
}

static void defaults_are_none_wireguard_and_ipsec(void **state)
{
	struct tunnel ts[ADVICE_MAX];

	(void)state;
	assert_int_equal(tunnel_defaults(ts, ADVICE_MAX), 3);
	assert_string_equal(ts[0].name, "none");
	assert_string_equal(ts[1].name, "wireguard");
	assert_string_equal(ts[2].name, "ipsec");
}

static void every_catalogue_entry_but_patterns_can_be_looked_up(void **state)
{
	unsigned int o4, o6;
	const char *name, *note;
	struct tunnel t;
	size_t n = 0;

	(void)state;
	for (size_t i = 0; (name = tunnel_catalogue(i, &o4, &o6, &note)); i++, n++)
		if (!strchr(name, '['))
			assert_int_equal(tunnel_lookup(name, &t), 0);
	assert_true(n >= 14);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wireguard_takes_60_over_ipv4_and_80_over_ipv6),
		cmocka_unit_test(esp_gcm_matches_the_kernel_formula_at_1500),
		cmocka_unit_test(ipsec_is_aes_gcm_tunnel_mode_with_nat_t),
		cmocka_unit_test(esp_cbc_rounds_to_its_16_byte_block),
		cmocka_unit_test(esp_chacha_is_like_gcm),
		cmocka_unit_test(esp_matches_what_strongswan_sends_on_a_pppoe_line),
		cmocka_unit_test(esp_on_a_path_too_small_has_no_inner_mtu),
		cmocka_unit_test(gre_options_add_4_bytes_each),
		cmocka_unit_test(the_other_encapsulations_take_their_headers),
		cmocka_unit_test(openvpn_compression_framing_takes_one_byte_more),
		cmocka_unit_test(a_tunnel_of_the_other_family_is_not_possible),
		cmocka_unit_test(tailscale_says_when_the_path_is_too_small_for_it),
		cmocka_unit_test(mss_is_mtu_less_40_for_ipv4_and_60_for_ipv6),
		cmocka_unit_test(below_1280_inside_ipv6_cannot_run),
		cmocka_unit_test(a_list_of_names_is_read_in_order),
		cmocka_unit_test(an_unknown_or_empty_name_is_refused_by_name),
		cmocka_unit_test(defaults_are_none_wireguard_and_ipsec),
		cmocka_unit_test(every_catalogue_entry_but_patterns_can_be_looked_up),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
