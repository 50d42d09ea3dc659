// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wguapi.h"

/* A decimal number of at most max, the whole of s (n bytes). */
static int number(const char *s, size_t n, unsigned long max,
		  unsigned long *out)
{
	unsigned long v = 0;

	if (!n || n > 10)
		return -EPROTO;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EPROTO;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v > max)
		return -EPROTO;
	*out = v;
	return 0;
}

/* "192.0.2.1:51820" or "[2001:db8::1]:51820": the address. */
static int endpoint(const char *s, size_t n, struct addr *out)
{
	char host[ADDR_STRLEN];
	const char *colon = NULL;
	unsigned long port;
	size_t hlen;

	for (size_t i = n; i-- > 0;) {
		if (s[i] == ':') {
			colon = s + i;
			break;
		}
	}
	if (!colon || number(colon + 1, n - (size_t)(colon - s) - 1, 65535,
			     &port))
		return -EPROTO;
	hlen = (size_t)(colon - s);
	if (hlen >= 2 && s[0] == '[' && s[hlen - 1] == ']') {
		s++;
		hlen -= 2;
	}
	if (!hlen || hlen >= sizeof(host))
		return -EPROTO;
	memcpy(host, s, hlen);
	host[hlen] = '\0';
	return addr_pton(host, out) ? -EPROTO : 0;
}

/* One key=value line. Returns 0, 1 for the errno line (its value in
 * *err), or -EPROTO. */
static int line(struct wg_dev *d, const char *s, size_t n, int *err)
{
	const char *eq = memchr(s, '=', n);
	unsigned long v;
	size_t klen;

	if (!eq)
		return -EPROTO;
	klen = (size_t)(eq - s);
	s = eq + 1;
	n -= klen + 1;
#define KEY(k) (klen == sizeof(k) - 1 && !memcmp(eq - klen, k, klen))
	if (KEY("fwmark")) {
		if (number(s, n, UINT32_MAX, &v))
			return -EPROTO;
		d->fwmark = (uint32_t)v;
	} else if (KEY("endpoint")) {
		if (d->nendpoints < WG_MAX_ENDPOINTS &&
		    endpoint(s, n, &d->endpoints[d->nendpoints]))
			return -EPROTO;
		if (d->nendpoints < WG_MAX_ENDPOINTS)
			d->nendpoints++;
	} else if (KEY("errno")) {
		if (number(s, n, 4095, &v))
			return -EPROTO;
		*err = (int)v;
		return 1;
	}
#undef KEY
	return 0;
}

int wguapi_parse(const char *buf, size_t len, struct wg_dev *out)
{
	struct wg_dev d;
	size_t pos = 0;
	int err = 0;

	memset(&d, 0, sizeof(d));
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n;
		int ret;

		if (!nl)
			return -EPROTO;
		n = (size_t)(nl - (buf + pos));
		if (!n)
			return -EPROTO;	/* an empty line before errno */
		ret = line(&d, buf + pos, n, &err);
		if (ret < 0)
			return ret;
		pos += n + 1;
		if (ret == 1) {
			if (err)
				return -err;
			*out = d;
			return 0;
		}
	}
	return -EPROTO;
}

bool wg_dev_has_endpoint(const struct wg_dev *d, const struct addr *dst)
{
	for (size_t i = 0; i < d->nendpoints; i++)
		if (addr_eq(&d->endpoints[i], dst))
			return true;
	return false;
}
