// SPDX-License-Identifier: GPL-2.0-or-later
/* The RFC 1071 Internet checksum: each test is one property of the sum. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cksum.h"

/*
 * Real packets, captured with tcpdump -w on the client of a network
 * namespace lab (client 10.99.1.1 / fd00:99:1::1, server 10.99.2.2 /
 * fd00:99:2::2, Linux 6.18, iputils ping 20221126); see test_pkt.c for the
 * lab and the capture commands.
 */

/* ip netns exec c ping -c1 10.99.2.2: the ICMP message of the request,
 * checksum 0x7388 as Linux ping filled it in. */
static const uint8_t echo_request4_icmp[64] = {
	0x08, 0x00, 0x73, 0x88, 0x1d, 0xf5, 0x00, 0x01, 0xec, 0x57, 0x02, 0x6b,
	0x00, 0x00, 0x00, 0x00, 0xb4, 0xeb, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
	0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33,
	0x34, 0x35, 0x36, 0x37,
};

/* Its IPv4 header, header checksum 0x61dd. */
static const uint8_t echo_request4_ip[20] = {
	0x45, 0x00, 0x00, 0x54, 0xc1, 0x03, 0x40, 0x00, 0x40, 0x01, 0x61, 0xdd,
	0x0a, 0x63, 0x01, 0x01, 0x0a, 0x63, 0x02, 0x02,
};

/* ip netns exec c ping -6 -c1 fd00:99:2::2: the ICMPv6 request, checksum
 * 0xc2bf computed by the kernel over the RFC 8200 8.1 pseudo-header. */
static const uint8_t echo_request6_icmp[64] = {
	0x80, 0x00, 0xc2, 0xbf, 0x1d, 0xf6, 0x00, 0x01, 0xec, 0x57, 0x02, 0x6b,
	0x00, 0x00, 0x00, 0x00, 0xf1, 0xfe, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
	0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33,
	0x34, 0x35, 0x36, 0x37,
};

/* Source, destination, upper-layer length 64, three zeros, next header 58. */
static const uint8_t echo_request6_pseudo[40] = {
	0xfd, 0x00, 0x00, 0x99, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0xfd, 0x00, 0x00, 0x99, 0x00, 0x02, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x3a,
};

/* The checksum as it lies in the packet: two bytes, high byte first. */
static void assert_cksum_bytes(uint16_t c, uint8_t hi, uint8_t lo)
{
	uint8_t b[2];

	memcpy(b, &c, 2);
	assert_int_equal(b[0], hi);
	assert_int_equal(b[1], lo);
}

/* A one's complement sum is only defined modulo 0xffff (0 and 0xffff are
 * both zero), so that is how a running sum is compared. */
static void assert_sum_equiv(uint32_t sum, uint32_t want)
{
	assert_int_equal(sum % 0xffff, want % 0xffff);
}

/* RFC 1071 3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2, checksum 220d. */
static void rfc1071_example_words_sum_to_ddf2(void **state)
{
	static const uint8_t w[] = {
		0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7,
	};

	(void)state;
	assert_sum_equiv(cksum_add(0, w, sizeof(w)), 0xddf2);
	assert_cksum_bytes(cksum_fold(cksum_add(0, w, sizeof(w))), 0x22, 0x0d);
	assert_cksum_bytes(cksum(w, sizeof(w)), 0x22, 0x0d);
}

/* RFC 1071 2(B): the sum does not depend on byte order; swapping the bytes
 * of every word swaps the bytes of the checksum. */
static void swapping_every_word_swaps_the_checksum(void **state)
{
	static const uint8_t w[] = {
		0x01, 0x00, 0x03, 0xf2, 0xf5, 0xf4, 0xf7, 0xf6,
	};

	(void)state;
	assert_cksum_bytes(cksum(w, sizeof(w)), 0x0d, 0x22);
}

/* RFC 1071 4.1: a last odd byte is summed as if followed by a zero byte. */
static void odd_length_pads_the_last_byte_with_zero(void **state)
{
	static const uint8_t odd[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4 };
	static const uint8_t even[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0x00 };
	static const uint8_t one[] = { 0x01 };

	(void)state;
	/* 0001 + f203 + f400 = 1e604 -> e605 -> 19fa */
	assert_cksum_bytes(cksum(odd, sizeof(odd)), 0x19, 0xfa);
	assert_int_equal(cksum(odd, sizeof(odd)), cksum(even, sizeof(even)));
	/* the byte is the high half of its word, never the low */
	assert_cksum_bytes(cksum(one, sizeof(one)), 0xfe, 0xff);
}

static void carry_out_of_bit_15_is_added_back(void **state)
{
	static const uint8_t w[] = { 0xff, 0xff, 0x00, 0x01 };

	(void)state;
	/* ffff + 0001 = 10000 -> 0001 -> fffe */
	assert_cksum_bytes(cksum(w, sizeof(w)), 0xff, 0xfe);
}

/* Many carries in a row: 50000 words of ffff are negative zero. */
static void long_run_of_ffff_words_checksums_to_0(void **state)
{
	size_t len = 100000;
	uint8_t *b = malloc(len);

	(void)state;
	assert_non_null(b);
	memset(b, 0xff, len);
	assert_cksum_bytes(cksum(b, len), 0x00, 0x00);
	free(b);
}

static void empty_input_checksums_to_ffff(void **state)
{
	static const uint8_t none[1];

	(void)state;
	assert_cksum_bytes(cksum(none, 0), 0xff, 0xff);
}

static void real_icmp_echo_request_checksum_is_7388(void **state)
{
	uint8_t m[sizeof(echo_request4_icmp)];

	(void)state;
	memcpy(m, echo_request4_icmp, sizeof(m));
	memset(m + 2, 0, 2);
	assert_cksum_bytes(cksum(m, sizeof(m)), 0x73, 0x88);
}

static void real_ipv4_header_checksum_is_61dd(void **state)
{
	uint8_t h[sizeof(echo_request4_ip)];

	(void)state;
	memcpy(h, echo_request4_ip, sizeof(h));
	memset(h + 10, 0, 2);
	assert_cksum_bytes(cksum(h, sizeof(h)), 0x61, 0xdd);
}

/* The pseudo-header and the message summed as two parts, as a caller of
 * cksum_add does for ICMPv6 (RFC 4443 2.3). */
static void real_icmpv6_checksum_is_c2bf_over_the_pseudo_header(void **state)
{
	uint8_t m[sizeof(echo_request6_icmp)];
	uint32_t sum;

	(void)state;
	memcpy(m, echo_request6_icmp, sizeof(m));
	memset(m + 2, 0, 2);
	sum = cksum_add(0, echo_request6_pseudo, sizeof(echo_request6_pseudo));
	sum = cksum_add(sum, m, sizeof(m));
	assert_cksum_bytes(cksum_fold(sum), 0xc2, 0xbf);
}

static void checksum_over_a_message_with_its_checksum_is_0(void **state)
{
	uint32_t sum;

	(void)state;
	assert_cksum_bytes(cksum(echo_request4_icmp,
				 sizeof(echo_request4_icmp)), 0x00, 0x00);
	assert_cksum_bytes(cksum(echo_request4_ip, sizeof(echo_request4_ip)),
			   0x00, 0x00);
	sum = cksum_add(0, echo_request6_pseudo, sizeof(echo_request6_pseudo));
	sum = cksum_add(sum, echo_request6_icmp, sizeof(echo_request6_icmp));
	assert_cksum_bytes(cksum_fold(sum), 0x00, 0x00);
}

/* Split at every even offset, with the odd tail (if any) in the last part. */
static void sum_in_two_parts_equals_the_whole(void **state)
{
	const uint8_t *m = echo_request4_icmp;

	(void)state;
	for (size_t len = 0; len <= sizeof(echo_request4_icmp); len++) {
		uint16_t whole = cksum(m, len);

		for (size_t k = 0; k <= len; k += 2) {
			uint32_t sum = cksum_add(cksum_add(0, m, k),
						 m + k, len - k);

			assert_int_equal(cksum_fold(sum), whole);
		}
	}
}

static void sum_in_many_parts_equals_the_whole(void **state)
{
	const uint8_t *m = echo_request6_icmp;
	size_t len = sizeof(echo_request6_icmp);
	uint32_t sum = 0;

	(void)state;
	for (size_t k = 0; k < len; k += 2)
		sum = cksum_add(sum, m + k, 2);
	assert_int_equal(cksum_fold(sum), cksum(m, len));
	/* and parts of nothing change nothing */
	assert_int_equal(cksum_fold(cksum_add(sum, m, 0)), cksum(m, len));
}

/* A running sum that is carried on from a large start value still folds
 * to the same checksum as the sum of the words alone. */
static void sum_started_from_a_folded_value_carries_on(void **state)
{
	static const uint8_t w[] = { 0xff, 0xff, 0xff, 0xff, 0x00, 0x02 };
	uint32_t sum;

	(void)state;
	sum = cksum_add(0xffff, w, sizeof(w));
	/* ffff + ffff + ffff + 0002 = 2ffff -> 0002 */
	assert_sum_equiv(sum, 0x0002);
	assert_cksum_bytes(cksum_fold(sum), 0xff, 0xfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc1071_example_words_sum_to_ddf2),
		cmocka_unit_test(swapping_every_word_swaps_the_checksum),
		cmocka_unit_test(odd_length_pads_the_last_byte_with_zero),
		cmocka_unit_test(carry_out_of_bit_15_is_added_back),
		cmocka_unit_test(long_run_of_ffff_words_checksums_to_0),
		cmocka_unit_test(empty_input_checksums_to_ffff),
		cmocka_unit_test(real_icmp_echo_request_checksum_is_7388),
		cmocka_unit_test(real_ipv4_header_checksum_is_61dd),
		cmocka_unit_test(real_icmpv6_checksum_is_c2bf_over_the_pseudo_header),
		cmocka_unit_test(checksum_over_a_message_with_its_checksum_is_0),
		cmocka_unit_test(sum_in_two_parts_equals_the_whole),
		cmocka_unit_test(sum_in_many_parts_equals_the_whole),
		cmocka_unit_test(sum_started_from_a_folded_value_carries_on),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
