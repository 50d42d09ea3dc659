// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Netlink framing and NLMSG_ERROR. libmnl has both, but reads headers in
 * place and trusts their lengths further than an answer from outside may
 * be trusted: see each function.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <linux/netlink.h>

#include "nlmsg.h"

/* linux/err.h MAX_ERRNO: an NLMSG_ERROR never carries anything larger. */
enum { KERNEL_ERRNO_MAX = 4095 };

int nlmsg_head(const void *buf, size_t len, struct nlmsghdr *nlh)
{
	if (len < sizeof(*nlh))
		return -EPROTO;
	memcpy(nlh, buf, sizeof(*nlh));
	/*
	 * Compared unsigned: mnl_nlmsg_ok() compares nlmsg_len as an int, so
	 * a length of 2 GiB or more passes it as negative.
	 */
	if (nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_len > len)
		return -EPROTO;
	return 0;
}

/*
 * mnl_cb_run() ends quietly at the first message that does not fit: a cut
 * datagram would pass for a shorter whole one.
 */
int nlmsg_frames(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	struct nlmsghdr nlh;
	size_t step;
	int ret;

	while (len > 0) {
		ret = nlmsg_head(p, len, &nlh);
		if (ret)
			return ret;
		step = NLMSG_ALIGN((size_t)nlh.nlmsg_len);
		if (step > len)
			return -EPROTO;
		p += step;
		len -= step;
	}
	return 0;
}

/*
 * libmnl's own NLMSG_ERROR callback sets errno from any code, of either
 * sign; the kernel only ever sends 0 or a negative errno.
 */
int nlmsg_error_code(const void *buf, size_t len)
{
	struct nlmsghdr nlh;
	struct nlmsgerr err;
	int ret;

	ret = nlmsg_head(buf, len, &nlh);
	if (ret)
		return ret;
	if (nlh.nlmsg_type != NLMSG_ERROR ||
	    nlh.nlmsg_len < NLMSG_LENGTH(sizeof(err)))
		return -EPROTO;
	memcpy(&err, (const unsigned char *)buf + NLMSG_HDRLEN, sizeof(err));
	if (err.error > 0 || err.error < -KERNEL_ERRNO_MAX)
		return -EPROTO;
	return err.error;
}
