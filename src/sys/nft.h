/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_NFT_H
#define MTUPROBE_NFT_H

#include <stddef.h>

struct clamp;

/*
 * Installs the clamp c as the whole of its table (inet), in one
 * nftables batch: all of it or nothing, and again replaces. Returns 0, or
 * the kernel's negative errno with one sentence in err: -EPERM without
 * CAP_NET_ADMIN, -EOPNOTSUPP without nf_tables, or what the kernel said
 * of the message it refused.
 */
int nft_clamp_apply(const struct clamp *c, char *err, size_t errlen);
/* Deletes table inet table. Returns 0, -ENOENT when there is none (err
 * untouched), or a negative errno with one sentence in err. */
int nft_clamp_remove(const char *table, char *err, size_t errlen);
/* Reads the table's chain and rules back and checks that they are c's.
 * Returns 0, or a negative errno with one sentence in err. */
int nft_clamp_check(const struct clamp *c, char *err, size_t errlen);

#endif
