// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "cksum.h"

/* Bytes are summed as big-endian 16-bit words, so the result is in network
 * byte order whatever the host's is. */
uint32_t cksum_add(uint32_t sum, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	for (; len > 1; p += 2, len -= 2) {
		sum += (uint32_t)p[0] << 8 | p[1];
		sum = (sum & 0xffff) + (sum >> 16);
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

uint16_t cksum_fold(uint32_t sum)
{
	uint16_t c;
	uint8_t *b = (uint8_t *)&c;

	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	sum = ~sum & 0xffff;
	b[0] = sum >> 8;
	b[1] = sum & 0xff;
	return c;
}

uint16_t cksum(const void *buf, size_t len)
{
	return cksum_fold(cksum_add(0, buf, len));
}
