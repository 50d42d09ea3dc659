// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer: the packet parsers, on any bytes. The first byte chooses the
 * parser (what a raw socket of each kind hands over): 0 ICMP in IPv4,
 * 1 ICMPv6, 2 TCP in IPv4, 3 TCP over IPv6; the rest is the packet. Every
 * field the parser fills in must lie within what it was given.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int (*const parse[])(const void *, size_t, struct pkt_info *) = {
		pkt_parse_icmp4, pkt_parse_icmp6, pkt_parse_tcp4,
		pkt_parse_tcp6,
	};
	struct pkt_info out;
	uint8_t *pkt;
	size_t len;
	int ret;

	if (size < 1)
		return 0;
	len = size - 1;
	/* a copy of exactly len bytes, so that a read past it is caught */
	pkt = malloc(len ? len : 1);
	if (!pkt)
		return 0;
	memcpy(pkt, data + 1, len);
	memset(&out, 0xa5, sizeof(out));
	ret = parse[data[0] % 4](pkt, len, &out);
	if (ret && ret != -EBADMSG)
		abort();
	if (!ret && out.kind == PKT_TCP &&
	    (out.tcp.payload > len || out.tcp.payload_len > len - out.tcp.payload))
		abort();
	free(pkt);
	return 0;
}
