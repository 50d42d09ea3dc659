/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_CKSUM_H
#define MTUPROBE_CKSUM_H

#include <stddef.h>
#include <stdint.h>

/* RFC 1071 Internet checksum. cksum_add folds len bytes of buf into a running
 * 32-bit sum (start with 0; an odd length is only allowed for the last part);
 * cksum_fold turns the sum into the 16-bit checksum, in network byte order
 * ready to be stored with memcpy. */
uint32_t cksum_add(uint32_t sum, const void *buf, size_t len);
uint16_t cksum_fold(uint32_t sum);
uint16_t cksum(const void *buf, size_t len);

#endif
