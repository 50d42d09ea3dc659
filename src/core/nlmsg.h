/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_NLMSG_H
#define MTUPROBE_NLMSG_H

#include <stddef.h>
#include <linux/netlink.h>

/*
 * Netlink framing and NLMSG_ERROR, read one way by every reader: route.c
 * for the route lookup, nft.c for nftables. The buffers come from outside
 * and need not be aligned: headers are copied out with memcpy.
 */

/*
 * Copies the header of the message at the start of the len bytes at buf
 * into *nlh. Returns 0 when the message is whole: nlmsg_len holds at least
 * the header and at most len bytes; -EPROTO otherwise.
 */
int nlmsg_head(const void *buf, size_t len, struct nlmsghdr *nlh);

/*
 * Checks that the len bytes at buf are whole messages back to back, each
 * padded to NLMSG_ALIGNTO as the kernel sends them. Returns 0 or -EPROTO.
 */
int nlmsg_frames(const void *buf, size_t len);

/*
 * The code of the NLMSG_ERROR message at the start of the len bytes at
 * buf. Returns 0 for an ACK; the negative errno the kernel sent, -1 to
 * -4095 (MAX_ERRNO); or -EPROTO for a message that is not whole, not an
 * NLMSG_ERROR, too short for struct nlmsgerr, or whose code is no errno.
 */
int nlmsg_error_code(const void *buf, size_t len);

#endif
