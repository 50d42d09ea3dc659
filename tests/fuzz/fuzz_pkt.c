// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer: the packet parsers, on any bytes. The first byte chooses the
 * parser (what a socket of each kind hands over): 0 ICMP in IPv4,
 * 1 ICMPv6, 2 TCP in IPv4, 3 TCP over IPv6 from raw sockets; 4 and 5 an
 * echo reply, 6 and 7 an error (type, code and 4 bytes of info first)
 * from an ICMP datagram socket of each family, 8 and 9 from a UDP socket
 * (2 more bytes first: the port); the rest is the packet.
 * Every field the parser fills in must lie within what it was given.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An error queue's entry: type, code, info, (UDP: the port,) then the
 * quote. */
static int queued_error(int kind, const uint8_t *p, size_t len,
			struct pkt_info *out)
{
	int family = kind % 2 ? AF_INET6 : AF_INET;
	struct addr a = { .family = family };
	uint32_t info;

	if (len < 8)
		return -EBADMSG;
	info = (uint32_t)p[2] << 24 | (uint32_t)p[3] << 16 |
	       (uint32_t)p[4] << 8 | p[5];
	if (kind < 8)
		return pkt_parse_ping_error(family, p[0], p[1], info, &a, &a,
					    &a, p + 6, len - 6, out);
	return pkt_parse_udp_error(family, p[0], p[1], info, &a, &a, &a,
				   (uint16_t)(p[6] << 8 | p[7]), p + 8,
				   len - 8, out);
}

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
	switch (data[0] % 10) {
	case 4:
	case 5:
		ret = pkt_parse_ping_reply(data[0] % 2 ? AF_INET6 : AF_INET,
					   pkt, len, &out);
		break;
	case 6:
	case 7:
	case 8:
	case 9:
		ret = queued_error(data[0] % 10, pkt, len, &out);
		break;
	default:
		ret = parse[data[0] % 4](pkt, len, &out);
		break;
	}
	if (ret && ret != -EBADMSG)
		abort();
	if (!ret && out.kind == PKT_TCP &&
	    (out.tcp.payload > len || out.tcp.payload_len > len - out.tcp.payload))
		abort();
	free(pkt);
	return 0;
}
