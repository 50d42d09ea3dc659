// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer: what a WireGuard interface says of itself, on any bytes,
 * read both ways: a userspace implementation's control socket answer,
 * and the kernel's generic netlink answer. Neither may read beyond the
 * bytes given, and whatever parses holds no more endpoints than there is
 * room for.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wggenl.h"
#include "wguapi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact copy: ASan sees a read one byte past it */
	uint8_t *buf = malloc(size ? size : 1);
	struct wg_dev dev;
	uint16_t id;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memset(&dev, 0, sizeof(dev));
	if (!wguapi_parse((const char *)buf, size, &dev) &&
	    dev.nendpoints > WG_MAX_ENDPOINTS)
		abort();
	memset(&dev, 0, sizeof(dev));
	if (wggenl_parse_device(buf, size, &dev) >= 0 &&
	    dev.nendpoints > WG_MAX_ENDPOINTS)
		abort();
	(void)wggenl_parse_family(buf, size, &id);
	free(buf);
	return 0;
}
