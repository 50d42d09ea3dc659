/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers the packet tests share: big-endian fields, addresses, and exact
 * heap copies for AddressSanitizer. Include after cmocka.h. */
#ifndef MTUPROBE_TEST_BYTES_H
#define MTUPROBE_TEST_BYTES_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static inline struct addr addr_of(const char *s)
{
	struct addr a;

	assert_int_equal(addr_pton(s, &a), 0);
	return a;
}

static inline void assert_addr(const struct addr *a, const char *s)
{
	struct addr want = addr_of(s);
	char buf[ADDR_STRLEN];

	if (!addr_eq(a, &want))
		fail_msg("address %s, expected %s", addr_ntop(a, buf), s);
}

/* A heap block of exactly len bytes holding the first len bytes of v, so
 * that AddressSanitizer reports a parser reading one byte too far. */
static inline uint8_t *exact_copy(const void *v, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	assert_non_null(p);
	if (len)
		memcpy(p, v, len);
	return p;
}

#endif
