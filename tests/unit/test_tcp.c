// SPDX-License-Identifier: GPL-2.0-or-later
/* The TCP side of probing: building the SYN, parsing what answers it, and
 * the prober telling its own answers from the rest. Each test is one rule,
 * checked where possible against packets a real Linux network sent. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/icmp6.h>
#include <netinet/ip_icmp.h>
#include <netinet/tcp.h>
#include <cmocka.h>

#include "bytes.h"

#include "addr.h"
#include "pkt.h"
#include "probe.h"

/*
 * Real packets, captured on 2026-11-22 (Linux 6.18, Python 3.11 sockets,
 * tcpdump 4.99.3) in a lab of three network namespaces joined by veth
 * pairs, torn down by a trap on exit:
 *
 *   c (client) ----------- r (router) ----------- s (server)
 *     c-r 10.99.1.1/24     r-c 10.99.1.2/24        s-r 10.99.2.2/24
 *         fd00:99:1::1/64      fd00:99:1::2/64         fd00:99:2::2/64
 *                          r-s 10.99.2.1/24
 *                              fd00:99:2::1/64
 *
 *   ip -n c link add c-r type veth peer name r-c netns r   (s-r likewise)
 *   IPv6 addresses added with nodad; c routes by default via r, and
 *   ip -n r link set r-s mtu 1380; ip -n s link set s-r mtu 1380
 *   ip -n s route add default via 10.99.2.1 advmss 1460
 *   ip -n s -6 route add default via fd00:99:2::1 advmss 1440
 *     (the server offers an MSS the 1380 link cannot carry, so that the
 *      client's big segment meets the router's limit)
 *   ip netns exec r sysctl -w net.ipv4.ip_forward=1 \
 *                             net.ipv6.conf.all.forwarding=1
 *   ip netns exec c sysctl -w net.ipv4.tcp_fastopen=5   (data on the SYN)
 *   transmit checksum offload off on all four veths (the ETHTOOL_STXCSUM
 *     ioctl, as ethtool -K IF tx off), so checksums are whole, as a NIC
 *     delivers them, not CHECKSUM_PARTIAL
 *   ip netns exec s python3 -m http.server --bind :: 443   (444: closed)
 *   ip netns exec c tcpdump -i c-r -U -w cap.pcap 'tcp or icmp or icmp6'
 *
 * then, in c, the Python 3 socket calls named above each vector. From each
 * Ethernet frame the link header was dropped; an IPv4 packet is kept whole
 * (what a raw IPv4 socket reads), an IPv6 one without its IPv6 header (what
 * a raw TCP or ICMPv6 socket over IPv6 reads).
 */

/* socket(AF_INET).connect(("10.99.2.2", 443)): the listener's SYN-ACK
 * (whole IPv4 packet), from 10.99.2.2:443 to 10.99.1.1:53050; the SYN had
 * sequence number 1471905220. Options: MSS 1460, SACK permitted,
 * timestamps, NOP, window scale 10. */
static const uint8_t synack4[60] = {
	0x45, 0x00, 0x00, 0x3c, 0x00, 0x00, 0x40, 0x00, 0x3f, 0x06, 0x23, 0xf4,
	0x0a, 0x63, 0x02, 0x02, 0x0a, 0x63, 0x01, 0x01, 0x01, 0xbb, 0xcf, 0x3a,
	0x5d, 0xf4, 0xa9, 0x14, 0x57, 0xbb, 0x7d, 0xc5, 0xa0, 0x12, 0xfe, 0x88,
	0x34, 0x88, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
	0x5c, 0x4b, 0xcc, 0x28, 0x63, 0xcf, 0xc3, 0x50, 0x01, 0x03, 0x03, 0x0a,
};

/* socket(AF_INET6).connect(("fd00:99:2::2", 443)): the SYN-ACK (TCP
 * segment alone), from port 443 to 50488; the SYN had sequence number
 * 228032335. Options as above, MSS 1440. */
static const uint8_t synack6[40] = {
	0x01, 0xbb, 0xc5, 0x38, 0x0a, 0x0c, 0x87, 0xcd, 0x0d, 0x97, 0x7f, 0x50,
	0xa0, 0x12, 0xfb, 0x04, 0xdd, 0x5c, 0x00, 0x00, 0x02, 0x04, 0x05, 0xa0,
	0x04, 0x02, 0x08, 0x0a, 0x44, 0x6c, 0x7c, 0x28, 0x30, 0x95, 0x9d, 0x87,
	0x01, 0x03, 0x03, 0x0a,
};

/* socket(AF_INET).connect(("10.99.2.2", 444)), a closed port: RST+ACK
 * (whole IPv4 packet) to 10.99.1.1:46458; the SYN had sequence number
 * 624708552. */
static const uint8_t rst4[40] = {
	0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00, 0x3f, 0x06, 0x24, 0x08,
	0x0a, 0x63, 0x02, 0x02, 0x0a, 0x63, 0x01, 0x01, 0x01, 0xbc, 0xb5, 0x7a,
	0x00, 0x00, 0x00, 0x00, 0x25, 0x3c, 0x4b, 0xc9, 0x50, 0x14, 0x00, 0x00,
	0x6f, 0xcc, 0x00, 0x00,
};

/* socket(AF_INET6).connect(("fd00:99:2::2", 444)): RST+ACK (TCP segment
 * alone) to port 37124; the SYN had sequence number 2379972828. */
static const uint8_t rst6[20] = {
	0x01, 0xbc, 0x91, 0x04, 0x00, 0x00, 0x00, 0x00, 0x8d, 0xdb, 0x80, 0xdd,
	0x50, 0x14, 0x00, 0x00, 0x13, 0x1e, 0x00, 0x00,
};

/* socket(AF_INET).sendto(b"mtuprobe SYN data!", MSG_FASTOPEN,
 * ("10.99.2.2", 444)): a SYN from port 46464 with sequence number 456789704
 * and 18 bytes of data, answered by a RST+ACK (whole IPv4 packet) that
 * acknowledges the SYN and its data: 456789704 + 1 + 18. */
static const uint8_t rst_data4[40] = {
	0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00, 0x3f, 0x06, 0x24, 0x08,
	0x0a, 0x63, 0x02, 0x02, 0x0a, 0x63, 0x01, 0x01, 0x01, 0xbc, 0xb5, 0x80,
	0x00, 0x00, 0x00, 0x00, 0x1b, 0x3a, 0x0e, 0xdb, 0x50, 0x14, 0x00, 0x00,
	0xb6, 0xb6, 0x00, 0x00,
};

/* After connect(("10.99.2.2", 443)) and send(b"x" * 1348) from port 53060
 * (below): the listener's pure ACK (whole IPv4 packet), IP ID 0x930f,
 * options NOP, NOP, timestamps. */
static const uint8_t ack4[52] = {
	0x45, 0x00, 0x00, 0x34, 0x93, 0x0f, 0x40, 0x00, 0x3f, 0x06, 0x90, 0xec,
	0x0a, 0x63, 0x02, 0x02, 0x0a, 0x63, 0x01, 0x01, 0x01, 0xbb, 0xcf, 0x44,
	0xd4, 0xcd, 0xf2, 0x2c, 0x67, 0xf2, 0xf5, 0xcf, 0x80, 0x10, 0x00, 0x43,
	0x38, 0xaa, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a, 0x3a, 0xdc, 0xd4, 0x4e,
	0x2b, 0xcc, 0xf5, 0x53,
};

/* The same send: 1348 bytes with timestamps make a 1400-byte DF packet,
 * sequence number 1743974559, from 10.99.1.1:53060 to 10.99.2.2:443; the
 * router's fragmentation needed, MTU 1380, from 10.99.1.2, quoting 548
 * bytes of it (whole IPv4 packet). */
static const uint8_t frag_needed_tcp4[576] = {
	0x45, 0xc0, 0x02, 0x40, 0x77, 0x3f, 0x00, 0x00, 0x40, 0x01, 0xe9, 0xf5,
	0x0a, 0x63, 0x01, 0x02, 0x0a, 0x63, 0x01, 0x01, 0x03, 0x04, 0x8d, 0x43,
	0x00, 0x00, 0x05, 0x64, 0x45, 0x00, 0x05, 0x78, 0xa5, 0xbe, 0x40, 0x00,
	0x40, 0x06, 0x77, 0xf9, 0x0a, 0x63, 0x01, 0x01, 0x0a, 0x63, 0x02, 0x02,
	0xcf, 0x44, 0x01, 0xbb, 0x67, 0xf2, 0xf0, 0x9f, 0xd4, 0xcd, 0xf2, 0x2c,
	0x80, 0x18, 0x00, 0x3f, 0x0b, 0x66, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a,
	0x2b, 0xcc, 0xf5, 0x53, 0x3a, 0xdc, 0xd4, 0x4d, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
};

/* connect(("fd00:99:2::2", 443)) and send(b"x" * 1328) from port 50500: a
 * 1400-byte packet, sequence number 3396887697; the router's packet too
 * big, MTU 1380, from fd00:99:1::2 (ICMPv6 message alone). */
static const uint8_t ptb_tcp6[1240] = {
	0x02, 0x00, 0xba, 0x18, 0x00, 0x00, 0x05, 0x64, 0x60, 0x00, 0x5f, 0x85,
	0x05, 0x50, 0x06, 0x40, 0xfd, 0x00, 0x00, 0x99, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xfd, 0x00, 0x00, 0x99,
	0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0xc5, 0x44, 0x01, 0xbb, 0xca, 0x78, 0x64, 0x91, 0x3c, 0xec, 0x1f, 0xc5,
	0x80, 0x18, 0x00, 0x40, 0x30, 0x16, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a,
	0x72, 0x23, 0x71, 0x31, 0x83, 0x23, 0x14, 0x4a, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78,
	0x78, 0x78, 0x78, 0x78,
};

/* The addresses of the lab, as the tests need them. */
#define C4 "10.99.1.1"
#define R4 "10.99.1.2"
#define S4 "10.99.2.2"
#define C6 "fd00:99:1::1"
#define R6 "fd00:99:1::2"
#define S6 "fd00:99:2::2"

/* 31 bytes of diagnostic text, as RFC 9293 3.5.3 lets a RST carry. */
static const char rst_text[] = "no listener on this port, sorry";
enum { RST_TEXT_LEN = sizeof(rst_text) - 1 };

/* Big enough for any IP packet, IPv6 header included. */
static uint8_t big[IP_MAX_PACKET + IP6_HDR_LEN + 1];

/* ------------------------------------------------------------- helpers */

/*
 * The Internet checksum written out again, apart from src/cksum.c, so that
 * the tests of the SYN's checksum do not lean on the code they test: the
 * 16-bit one's complement sum of big-endian words, an odd last byte padded
 * with zero (RFC 1071).
 */
static uint32_t sum_words(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (i < len)
		sum += (uint32_t)p[i] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* The sum over the pseudo-header (RFC 9293 3.1, RFC 8200 8.1) and the
 * message of protocol proto: 0xffff when its checksum is right. */
static uint16_t l4_sum(uint8_t proto, const char *src, const char *dst,
		       const uint8_t *m, size_t len)
{
	struct addr s = addr_of(src), d = addr_of(dst);
	uint8_t ph[40];
	size_t n;

	if (s.family == AF_INET6) {
		memcpy(ph, &s.v6, 16);
		memcpy(ph + 16, &d.v6, 16);
		put32(ph + 32, (uint32_t)len);
		ph[36] = ph[37] = ph[38] = 0;
		ph[39] = proto;
		n = 40;
	} else {
		memcpy(ph, &s.v4, 4);
		memcpy(ph + 4, &d.v4, 4);
		ph[8] = 0;
		ph[9] = proto;
		put16(ph + 10, (uint16_t)len);
		n = 12;
	}
	return fold(sum_words(sum_words(0, ph, n), m, len));
}

static uint16_t tcp_sum(const char *src, const char *dst, const uint8_t *seg,
			size_t len)
{
	return l4_sum(IPPROTO_TCP, src, dst, seg, len);
}

/* The ICMPv6 checksum of an edited message. The parser does not check it
 * (the kernel has), but edited vectors stay what a kernel sends. */
static void fix_icmp6_cksum(const char *src, const char *dst, uint8_t *m,
			    size_t len)
{
	put16(m + 2, 0);
	put16(m + 2, (uint16_t)~l4_sum(IPPROTO_ICMPV6, src, dst, m, len));
}

/* Sets the checksum of an edited segment, so it stays one a host sends. */
static void fix_tcp_cksum(const char *src, const char *dst, uint8_t *seg,
			  size_t len)
{
	put16(seg + 16, 0);
	put16(seg + 16, (uint16_t)~tcp_sum(src, dst, seg, len));
}

static void fix_ip4_cksum(uint8_t *ip)
{
	size_t ihl = (size_t)(ip[0] & 0x0f) * 4;

	put16(ip + 10, 0);
	put16(ip + 10, (uint16_t)~fold(sum_words(0, ip, ihl)));
}

static void fix_icmp4_cksum(uint8_t *ip, size_t len)
{
	put16(ip + 22, 0);
	put16(ip + 22, (uint16_t)~fold(sum_words(0, ip + 20, len - 20)));
}

/* A copy of the IPv4 packet v with its TCP header's data offset set to
 * doff words (the header checksum still right), in an exact heap block. */
static uint8_t *with_data_offset4(const uint8_t *v, size_t len, unsigned doff)
{
	uint8_t *p = exact_copy(v, len);

	p[20 + 12] = (uint8_t)(doff << 4 | (p[20 + 12] & 0x0f));
	return p;
}

/* The captured RST with rst_text after its header, lengths and checksums
 * fixed: IPv4 whole, in an exact heap block of *len bytes. */
static uint8_t *rst4_with_text(size_t *len)
{
	size_t n = sizeof(rst4) + RST_TEXT_LEN;
	uint8_t *p = malloc(n);

	assert_non_null(p);
	memcpy(p, rst4, sizeof(rst4));
	memcpy(p + sizeof(rst4), rst_text, RST_TEXT_LEN);
	put16(p + 2, (uint16_t)n);
	fix_ip4_cksum(p);
	fix_tcp_cksum(S4, C4, p + 20, n - 20);
	*len = n;
	return p;
}

/* Likewise for IPv6: the segment alone, whose length is the buffer's. */
static uint8_t *rst6_with_text(size_t *len)
{
	size_t n = sizeof(rst6) + RST_TEXT_LEN;
	uint8_t *p = malloc(n);

	assert_non_null(p);
	memcpy(p, rst6, sizeof(rst6));
	memcpy(p + sizeof(rst6), rst_text, RST_TEXT_LEN);
	fix_tcp_cksum(S6, C6, p, n);
	*len = n;
	return p;
}

/*
 * A segment in the style of the captured IPv6 SYN-ACK (its first 20 bytes)
 * with the given options instead of Linux's, olen a multiple of 4, in an
 * exact heap block of *len bytes.
 */
static uint8_t *synack6_with_options(const uint8_t *opts, size_t olen,
				     size_t *len)
{
	size_t n = TCP_HDR_LEN + olen;
	uint8_t *p = malloc(n);

	assert_non_null(p);
	assert_int_equal(olen % 4, 0);
	memcpy(p, synack6, TCP_HDR_LEN);
	memcpy(p + TCP_HDR_LEN, opts, olen);
	p[12] = (uint8_t)(n / 4 << 4);
	fix_tcp_cksum(S6, C6, p, n);
	*len = n;
	return p;
}

/* Parses options as pkt_parse_tcp6 sees them; returns its result. */
static int parse_options(const uint8_t *opts, size_t olen,
			 struct pkt_info *pi)
{
	size_t len;
	uint8_t *p = synack6_with_options(opts, olen, &len);
	int ret = pkt_parse_tcp6(p, len, pi);

	free(p);
	return ret;
}

/* The IPv4 error v with its quote cut to qlen bytes, total length and
 * checksums fixed, in an exact heap block of *len bytes. */
static uint8_t *cut_quote4(const uint8_t *v, size_t qlen, size_t *len)
{
	size_t n = IP4_HDR_LEN + ICMP_HDR_LEN + qlen;
	uint8_t *p = exact_copy(v, n);

	put16(p + 2, (uint16_t)n);
	fix_ip4_cksum(p);
	fix_icmp4_cksum(p, n);
	*len = n;
	return p;
}

/* What every parse of a TCP socket's packet must satisfy, whatever the
 * input: a result the header allows, and a payload inside the buffer. */
static void assert_tcp_consistent(int ret, const struct pkt_info *pi,
				  size_t len)
{
	if (ret != 0 && ret != -EBADMSG)
		fail_msg("parser returned %d", ret);
	if (ret)
		return;
	if (pi->kind != PKT_TCP && pi->kind != PKT_OTHER)
		fail_msg("kind %d from a TCP socket", pi->kind);
	if (pi->kind == PKT_TCP) {
		assert_true(pi->tcp.payload >= TCP_HDR_LEN);
		assert_true(pi->tcp.payload <= len);
		assert_true(pi->tcp.payload_len <= len - pi->tcp.payload);
	}
}

/* Likewise for an ICMP socket's, as far as the quoted TCP goes. */
static void assert_quote_consistent(int ret, const struct pkt_info *pi)
{
	if (ret != 0 && ret != -EBADMSG)
		fail_msg("parser returned %d", ret);
	if (ret || !pi->quoted_tcp)
		return;
	assert_true(pi->quoted_ip);
	assert_int_equal(pi->qproto, IPPROTO_TCP);
	assert_false(pi->quoted_echo);
	assert_true(pi->kind == PKT_TOO_BIG || pi->kind == PKT_UNREACH ||
		    pi->kind == PKT_TIME_EXCEEDED);
}

/* A fixed-seed xorshift32, the same sequence on every libc. */
static uint32_t rnd_state;

static uint32_t rnd(void)
{
	uint32_t x = rnd_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return rnd_state = x;
}

/* The lab's packets as a TCP socket reads them. */
struct vec {
	const char *name;
	int family;
	const uint8_t *buf;
	size_t len;
};

#define VEC(n, f) { #n, f, n, sizeof(n) }
#define NVEC(a) (sizeof(a) / sizeof((a)[0]))

static const struct vec tcp_vecs[] = {
	VEC(synack4, AF_INET),
	VEC(rst4, AF_INET),
	VEC(rst_data4, AF_INET),
	VEC(ack4, AF_INET),
	VEC(synack6, AF_INET6),
	VEC(rst6, AF_INET6),
};

static int parse_tcp(int family, const void *buf, size_t len,
		     struct pkt_info *pi)
{
	return family == AF_INET6 ? pkt_parse_tcp6(buf, len, pi) :
				    pkt_parse_tcp4(buf, len, pi);
}

/* ------------------------------------------------------------ building */

static const struct {
	uint16_t sport, dport;
	uint32_t seq;
	uint16_t mss;
} syn = { 40000, 443, 0x0a0b0c0d, 1460 };

static ssize_t build_syn(int family, void *buf, size_t cap, size_t size)
{
	struct addr s = addr_of(family == AF_INET6 ? C6 : C4);
	struct addr d = addr_of(family == AF_INET6 ? S6 : S4);

	return pkt_build_syn(buf, cap, size, &s, &d, syn.sport, syn.dport,
			     syn.seq, syn.mss);
}

static void syn_min_size_is_ip_tcp_and_mss_option(void **state)
{
	(void)state;
	assert_int_equal(TCP_SYN_LEN, 24);
	assert_int_equal(pkt_syn_min_size(AF_INET), 20 + 20 + 4);
	assert_int_equal(pkt_syn_min_size(AF_INET6), 40 + 20 + 4);
}

/*
 * Every byte of the smallest SYN: ports, sequence number, no ACK, data
 * offset 6, SYN alone, window 65535, the checksum, urgent pointer 0, then
 * MSS option kind 2 length 4. The checksums were computed apart from this
 * code (Python, over the RFC 9293 3.1 pseudo-header).
 */
static void syn4_header_is_exactly_ports_seq_syn_window_and_mss(void **state)
{
	static const uint8_t want[24] = {
		0x9c, 0x40, 0x01, 0xbb, 0x0a, 0x0b, 0x0c, 0x0d,
		0x00, 0x00, 0x00, 0x00, 0x60, 0x02, 0xff, 0xff,
		0xcc, 0x4a, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
	};

	(void)state;
	assert_int_equal(build_syn(AF_INET, big, sizeof(big), 44), 24);
	assert_memory_equal(big, want, sizeof(want));
}

/* The same but for the checksum, whose pseudo-header differs. */
static void syn6_header_is_exactly_ports_seq_syn_window_and_mss(void **state)
{
	static const uint8_t want[24] = {
		0x9c, 0x40, 0x01, 0xbb, 0x0a, 0x0b, 0x0c, 0x0d,
		0x00, 0x00, 0x00, 0x00, 0x60, 0x02, 0xff, 0xff,
		0xe8, 0xd9, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
	};

	(void)state;
	assert_int_equal(build_syn(AF_INET6, big, sizeof(big), 64), 24);
	assert_memory_equal(big, want, sizeof(want));
}

static void syn4_is_size_minus_20(void **state)
{
	(void)state;
	assert_int_equal(build_syn(AF_INET, big, sizeof(big), 45), 25);
	assert_int_equal(build_syn(AF_INET, big, sizeof(big), 1500), 1480);
	assert_int_equal(build_syn(AF_INET, big, sizeof(big), 65535), 65515);
}

static void syn6_is_size_minus_40(void **state)
{
	(void)state;
	assert_int_equal(build_syn(AF_INET6, big, sizeof(big), 65), 25);
	assert_int_equal(build_syn(AF_INET6, big, sizeof(big), 1500), 1460);
	assert_int_equal(build_syn(AF_INET6, big, sizeof(big), 65575), 65535);
}

/* After the option, as the echo's data: each byte its offset mod 256. */
static void syn_payload_is_the_offset_modulo_256(void **state)
{
	(void)state;
	assert_int_equal(build_syn(AF_INET, big, sizeof(big), 1500), 1480);
	for (size_t i = TCP_SYN_LEN; i < 1480; i++)
		if (big[i] != (i & 0xff))
			fail_msg("byte %zu is %#x", i, big[i]);
}

/* The payload changes nothing before it. */
static void syn_with_payload_keeps_the_header_but_checksum(void **state)
{
	uint8_t small[24];

	(void)state;
	assert_int_equal(build_syn(AF_INET, small, sizeof(small), 44), 24);
	assert_int_equal(build_syn(AF_INET, big, sizeof(big), 1500), 1480);
	assert_memory_equal(big, small, 16);
	assert_memory_equal(big + 18, small + 18, 6);
	/* b6b5: computed apart, as for the header tests */
	assert_int_equal(get16(big + 16), 0xb6b5);
}

static void syn4_checksum_verifies_over_the_pseudo_header(void **state)
{
	static const size_t sizes[] = { 44, 45, 68, 575, 576, 1499, 1500,
					9000, 65534, 65535 };

	(void)state;
	for (size_t i = 0; i < NVEC(sizes); i++) {
		ssize_t len = build_syn(AF_INET, big, sizeof(big), sizes[i]);

		assert_int_equal(len, sizes[i] - 20);
		if (tcp_sum(C4, S4, big, (size_t)len) != 0xffff)
			fail_msg("size %zu: sum %#x", sizes[i],
				 tcp_sum(C4, S4, big, (size_t)len));
	}
}

static void syn6_checksum_verifies_over_the_pseudo_header(void **state)
{
	static const size_t sizes[] = { 64, 65, 1280, 1281, 1499, 1500,
					9000, 65574, 65575 };

	(void)state;
	for (size_t i = 0; i < NVEC(sizes); i++) {
		ssize_t len = build_syn(AF_INET6, big, sizeof(big), sizes[i]);

		assert_int_equal(len, sizes[i] - 40);
		if (tcp_sum(C6, S6, big, (size_t)len) != 0xffff)
			fail_msg("size %zu: sum %#x", sizes[i],
				 tcp_sum(C6, S6, big, (size_t)len));
	}
}

/* A checksum over the segment alone would verify under any addresses. */
static void syn_checksum_depends_on_both_addresses(void **state)
{
	ssize_t len;

	(void)state;
	len = build_syn(AF_INET, big, sizeof(big), 100);
	assert_int_equal(len, 80);
	assert_int_equal(tcp_sum(C4, S4, big, 80), 0xffff);
	assert_int_not_equal(tcp_sum(R4, S4, big, 80), 0xffff);
	assert_int_not_equal(tcp_sum(C4, R4, big, 80), 0xffff);
	len = build_syn(AF_INET6, big, sizeof(big), 100);
	assert_int_equal(len, 60);
	assert_int_equal(tcp_sum(C6, S6, big, 60), 0xffff);
	assert_int_not_equal(tcp_sum(R6, S6, big, 60), 0xffff);
	assert_int_not_equal(tcp_sum(C6, R6, big, 60), 0xffff);
}

static void syn_below_min_size_is_emsgsize(void **state)
{
	(void)state;
	assert_int_equal(build_syn(AF_INET, big, sizeof(big), 0), -EMSGSIZE);
	assert_int_equal(build_syn(AF_INET, big, sizeof(big), 43), -EMSGSIZE);
	assert_int_equal(build_syn(AF_INET, big, sizeof(big), 44), 24);
	assert_int_equal(build_syn(AF_INET6, big, sizeof(big), 63),
			 -EMSGSIZE);
	assert_int_equal(build_syn(AF_INET6, big, sizeof(big), 64), 24);
}

static void syn_without_a_source_of_the_family_is_einval(void **state)
{
	struct addr none = { 0 }, v4, v6;

	(void)state;
	addr_pton("10.99.3.2", &v4);
	addr_pton("fd00:99:3::2", &v6);
	assert_int_equal(pkt_build_syn(big, sizeof(big), 100, &none, &v4,
				       40000, 443, 1, 1460), -EINVAL);
	assert_int_equal(pkt_build_syn(big, sizeof(big), 100, &v4, &v6,
				       40000, 443, 1, 1440), -EINVAL);
}

/* IPv4 total length counts the header, the IPv6 payload length does not. */
static void syn_above_the_ip_length_field_is_emsgsize(void **state)
{
	(void)state;
	assert_int_equal(build_syn(AF_INET, big, sizeof(big), 65536),
			 -EMSGSIZE);
	assert_int_equal(build_syn(AF_INET6, big, sizeof(big), 65576),
			 -EMSGSIZE);
}

static void syn_in_a_short_buffer_is_enospc_and_writes_nothing(void **state)
{
	uint8_t buf[100];

	(void)state;
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(build_syn(AF_INET, buf, 79, 100), -ENOSPC);
	assert_int_equal(build_syn(AF_INET6, buf, 59, 100), -ENOSPC);
	assert_int_equal(build_syn(AF_INET, buf, 0, 44), -ENOSPC);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0xaa);
}

/* Exactly len bytes suffice: the heap block would show any byte more. */
static void syn_fills_a_buffer_of_exactly_its_length(void **state)
{
	static const size_t sizes[] = { 44, 45, 1500 };

	(void)state;
	for (size_t i = 0; i < NVEC(sizes); i++) {
		size_t len = sizes[i] - 20;
		uint8_t *p = malloc(len);

		assert_non_null(p);
		assert_int_equal(build_syn(AF_INET, p, len, sizes[i]), len);
		free(p);
	}
}

/* What pkt_build_syn makes, the parser reads back. */
static void built_syn4_parses_back(void **state)
{
	struct addr s = addr_of(C4), d = addr_of(S4);
	ssize_t len;
	struct pkt_info pi;

	(void)state;
	len = build_syn(AF_INET, big, sizeof(big), 1400);
	assert_int_equal(len, 1380);
	len = pkt_build_ip(big, sizeof(big), &s, &d, IPPROTO_TCP, 64, big,
			   (size_t)len);
	assert_int_equal(len, 1400);
	assert_int_equal(pkt_parse_tcp4(big, (size_t)len, &pi), 0);
	assert_int_equal(pi.kind, PKT_TCP);
	assert_addr(&pi.from, C4);
	assert_int_equal(pi.size, 1400);
	assert_int_equal(pi.tcp.sport, syn.sport);
	assert_int_equal(pi.tcp.dport, syn.dport);
	assert_int_equal(pi.tcp.seq, syn.seq);
	assert_int_equal(pi.tcp.ack, 0);
	assert_int_equal(pi.tcp.flags, TH_SYN);
	assert_int_equal(pi.tcp.mss, syn.mss);
	assert_int_equal(pi.tcp.payload, 20 + 24);
	assert_int_equal(pi.tcp.payload_len, 1400 - 44);
}

static void built_syn6_parses_back(void **state)
{
	ssize_t len;
	struct pkt_info pi;

	(void)state;
	len = build_syn(AF_INET6, big, sizeof(big), 1400);
	assert_int_equal(len, 1360);
	assert_int_equal(pkt_parse_tcp6(big, (size_t)len, &pi), 0);
	assert_int_equal(pi.kind, PKT_TCP);
	assert_int_equal(pi.size, 1400);
	assert_int_equal(pi.tcp.sport, syn.sport);
	assert_int_equal(pi.tcp.dport, syn.dport);
	assert_int_equal(pi.tcp.seq, syn.seq);
	assert_int_equal(pi.tcp.flags, TH_SYN);
	assert_int_equal(pi.tcp.mss, syn.mss);
	assert_int_equal(pi.tcp.payload, 24);
	assert_int_equal(pi.tcp.payload_len, 1400 - 64);
}

/* ---------------------------------------------------- parsing, the lab */

/* Guards the vectors themselves against a slip while embedding them, and
 * the test's own checksum code against Linux's. */
static void lab_vectors_carry_the_checksums_linux_gave_them(void **state)
{
	static const struct {
		const struct vec v;
		const char *src, *dst;
	} seg[] = {
		{ VEC(synack4, AF_INET), S4, C4 },
		{ VEC(rst4, AF_INET), S4, C4 },
		{ VEC(rst_data4, AF_INET), S4, C4 },
		{ VEC(ack4, AF_INET), S4, C4 },
		{ VEC(synack6, AF_INET6), S6, C6 },
		{ VEC(rst6, AF_INET6), S6, C6 },
	};

	(void)state;
	for (size_t i = 0; i < NVEC(seg); i++) {
		const uint8_t *p = seg[i].v.buf;
		size_t len = seg[i].v.len;

		if (seg[i].v.family == AF_INET) {
			assert_int_equal(get16(p + 2), len);
			assert_int_equal(fold(sum_words(0, p, 20)), 0xffff);
			p += 20;
			len -= 20;
		}
		if (tcp_sum(seg[i].src, seg[i].dst, p, len) != 0xffff)
			fail_msg("%s: TCP checksum", seg[i].v.name);
	}
	assert_int_equal(get16(frag_needed_tcp4 + 2), sizeof(frag_needed_tcp4));
	assert_int_equal(fold(sum_words(0, frag_needed_tcp4, 20)), 0xffff);
	assert_int_equal(fold(sum_words(0, frag_needed_tcp4 + 20,
					sizeof(frag_needed_tcp4) - 20)),
			 0xffff);
	/* the PTB's checksum covers the pseudo-header, as TCP's does */
	assert_int_equal(l4_sum(IPPROTO_ICMPV6, R6, C6, ptb_tcp6,
				sizeof(ptb_tcp6)), 0xffff);
}

static void synack4_gives_ports_seq_ack_flags_mss_and_ip_fields(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_tcp4(synack4, sizeof(synack4), &pi), 0);
	assert_int_equal(pi.kind, PKT_TCP);
	assert_addr(&pi.from, S4);
	assert_int_equal(pi.ttl, 63);
	assert_int_equal(pi.ipid, 0);	/* Linux: DF, so no ID */
	assert_int_equal(pi.size, 60);
	assert_int_equal(pi.tcp.sport, 443);
	assert_int_equal(pi.tcp.dport, 53050);
	assert_int_equal(pi.tcp.seq, 1576315156u);
	assert_int_equal(pi.tcp.ack, 1471905220u + 1);
	assert_int_equal(pi.tcp.flags, TH_SYN | TH_ACK);
	assert_int_equal(pi.tcp.mss, 1460);
	assert_int_equal(pi.tcp.payload, 60);
	assert_int_equal(pi.tcp.payload_len, 0);
	assert_false(pi.quoted_tcp);
}

/* The size is the IP packet's: the segment and a 40-byte header; the
 * socket shows no header, so no sender, TTL or ID. */
static void synack6_gives_ports_seq_ack_flags_and_mss(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_tcp6(synack6, sizeof(synack6), &pi), 0);
	assert_int_equal(pi.kind, PKT_TCP);
	assert_int_equal(pi.from.family, 0);
	assert_int_equal(pi.ttl, 0);
	assert_int_equal(pi.size, 80);
	assert_int_equal(pi.tcp.sport, 443);
	assert_int_equal(pi.tcp.dport, 50488);
	assert_int_equal(pi.tcp.seq, 168593357u);
	assert_int_equal(pi.tcp.ack, 228032335u + 1);
	assert_int_equal(pi.tcp.flags, TH_SYN | TH_ACK);
	assert_int_equal(pi.tcp.mss, 1440);
	assert_int_equal(pi.tcp.payload, 40);
	assert_int_equal(pi.tcp.payload_len, 0);
}

static void ip_id_is_the_ip4_identification(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_tcp4(ack4, sizeof(ack4), &pi), 0);
	assert_int_equal(pi.ipid, 0x930f);
	assert_int_equal(pi.tcp.flags, TH_ACK);
	assert_int_equal(pi.tcp.seq, 3570266668u);
	assert_int_equal(pi.tcp.ack, 1743975887u);
}

/* ack4's options are NOP, NOP, timestamps. */
static void segment_without_mss_option_has_mss_0(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_tcp4(ack4, sizeof(ack4), &pi), 0);
	assert_int_equal(pi.kind, PKT_TCP);
	assert_int_equal(pi.tcp.mss, 0);
	assert_int_equal(pi.tcp.payload, 52);
	assert_int_equal(pi.tcp.payload_len, 0);
}

/* RFC 9293 3.10.7.1: a closed port answers a SYN with <SEQ=0>
 * <ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, SEG.LEN counting the SYN. */
static void rst4_from_a_closed_port_acknowledges_the_syn(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_tcp4(rst4, sizeof(rst4), &pi), 0);
	assert_int_equal(pi.kind, PKT_TCP);
	assert_addr(&pi.from, S4);
	assert_int_equal(pi.ttl, 63);
	assert_int_equal(pi.size, 40);
	assert_int_equal(pi.tcp.sport, 444);
	assert_int_equal(pi.tcp.dport, 46458);
	assert_int_equal(pi.tcp.seq, 0);
	assert_int_equal(pi.tcp.ack, 624708552u + 1);
	assert_int_equal(pi.tcp.flags, TH_RST | TH_ACK);
	assert_int_equal(pi.tcp.mss, 0);
	assert_int_equal(pi.tcp.payload, 40);
	assert_int_equal(pi.tcp.payload_len, 0);
}

static void rst6_from_a_closed_port_acknowledges_the_syn(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_tcp6(rst6, sizeof(rst6), &pi), 0);
	assert_int_equal(pi.kind, PKT_TCP);
	assert_int_equal(pi.size, 60);
	assert_int_equal(pi.tcp.sport, 444);
	assert_int_equal(pi.tcp.dport, 37124);
	assert_int_equal(pi.tcp.ack, 2379972828u + 1);
	assert_int_equal(pi.tcp.flags, TH_RST | TH_ACK);
	assert_int_equal(pi.tcp.payload, 20);
	assert_int_equal(pi.tcp.payload_len, 0);
}

static void rst4_to_a_syn_with_data_acknowledges_the_data(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_tcp4(rst_data4, sizeof(rst_data4), &pi), 0);
	assert_int_equal(pi.tcp.dport, 46464);
	assert_int_equal(pi.tcp.ack, 456789704u + 1 + 18);
	assert_int_equal(pi.tcp.flags, TH_RST | TH_ACK);
}

/* ------------------------------------------ parsing, edited lab packets */

/* RFC 3168 6.1.1: an ECN-setup SYN-ACK also has ECE; flags are the whole
 * byte, CWR and ECE included. */
static void flags_are_the_whole_byte(void **state)
{
	uint8_t p[sizeof(synack6)];
	struct pkt_info pi;

	(void)state;
	memcpy(p, synack6, sizeof(p));
	p[13] = TH_SYN | TH_ACK | 0x40 | 0x80;
	fix_tcp_cksum(S6, C6, p, sizeof(p));
	assert_int_equal(pkt_parse_tcp6(p, sizeof(p), &pi), 0);
	assert_int_equal(pi.tcp.flags, 0xd2);
}

static void rst4_with_text_gives_its_payload_offset_and_length(void **state)
{
	struct pkt_info pi;
	size_t len;
	uint8_t *p = rst4_with_text(&len);

	(void)state;
	assert_int_equal(len, 71);
	assert_int_equal(pkt_parse_tcp4(p, len, &pi), 0);
	assert_int_equal(pi.tcp.flags, TH_RST | TH_ACK);
	assert_int_equal(pi.size, 71);
	assert_int_equal(pi.tcp.payload, 40);
	assert_int_equal(pi.tcp.payload_len, RST_TEXT_LEN);
	assert_memory_equal(p + pi.tcp.payload, rst_text, RST_TEXT_LEN);
	free(p);
}

static void rst6_with_text_gives_its_payload_offset_and_length(void **state)
{
	struct pkt_info pi;
	size_t len;
	uint8_t *p = rst6_with_text(&len);

	(void)state;
	assert_int_equal(len, 51);
	assert_int_equal(pkt_parse_tcp6(p, len, &pi), 0);
	assert_int_equal(pi.size, 91);
	assert_int_equal(pi.tcp.payload, 20);
	assert_int_equal(pi.tcp.payload_len, RST_TEXT_LEN);
	assert_memory_equal(p + pi.tcp.payload, rst_text, RST_TEXT_LEN);
	free(p);
}

/* The payload of an IPv4 packet with options starts after both headers. */
static void rst4_payload_offset_counts_the_ip_options(void **state)
{
	static const uint8_t ra[4] = { 0x94, 0x04, 0x00, 0x00 };
	struct pkt_info pi;
	size_t len;
	uint8_t *t = rst4_with_text(&len);
	uint8_t *p = malloc(len + 4);

	(void)state;
	assert_non_null(p);
	memcpy(p, t, 20);
	memcpy(p + 20, ra, 4);
	memcpy(p + 24, t + 20, len - 20);
	p[0] = 0x46;
	put16(p + 2, (uint16_t)(len + 4));
	fix_ip4_cksum(p);
	assert_int_equal(pkt_parse_tcp4(p, len + 4, &pi), 0);
	assert_int_equal(pi.tcp.sport, 444);
	assert_int_equal(pi.tcp.payload, 44);
	assert_int_equal(pi.tcp.payload_len, RST_TEXT_LEN);
	assert_memory_equal(p + pi.tcp.payload, rst_text, RST_TEXT_LEN);
	free(p);
	free(t);
}

/* Link padding after the IPv4 total length is not the segment's. */
static void bytes_after_the_ip4_total_length_are_not_payload(void **state)
{
	struct pkt_info pi;
	size_t len;
	uint8_t *p = rst4_with_text(&len);

	(void)state;
	put16(p + 2, sizeof(rst4));
	fix_ip4_cksum(p);
	assert_int_equal(pkt_parse_tcp4(p, len, &pi), 0);
	assert_int_equal(pi.size, 40);
	assert_int_equal(pi.tcp.payload, 40);
	assert_int_equal(pi.tcp.payload_len, 0);
	free(p);
}

static void ip4_other_than_tcp_is_other_from_its_sender(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_tcp4(frag_needed_tcp4,
					sizeof(frag_needed_tcp4), &pi), 0);
	assert_int_equal(pi.kind, PKT_OTHER);
	assert_addr(&pi.from, R4);
	assert_int_equal(pi.tcp.sport, 0);
	assert_int_equal(pi.tcp.seq, 0);
}

/* Only the first fragment starts with the TCP header: what follows the IP
 * header of a later one is the middle of the segment. */
static void non_first_ip4_fragment_is_not_parsed_as_tcp(void **state)
{
	static const uint16_t frag[] = { 0x0001, 0x0100, 0x2001, 0x1fff,
					 0x40b9 };
	uint8_t p[sizeof(synack4)];

	(void)state;
	for (size_t i = 0; i < NVEC(frag); i++) {
		struct pkt_info pi;

		memcpy(p, synack4, sizeof(p));
		put16(p + 6, frag[i]);
		fix_ip4_cksum(p);
		assert_int_equal(pkt_parse_tcp4(p, sizeof(p), &pi), 0);
		if (pi.kind != PKT_OTHER)
			fail_msg("flags/offset %#x: kind %d", frag[i], pi.kind);
		assert_int_equal(pi.tcp.sport, 0);
		assert_int_equal(pi.tcp.mss, 0);
	}
}

/* MF set, offset 0: the first fragment, whose header is there. */
static void first_ip4_fragment_is_parsed_as_tcp(void **state)
{
	uint8_t p[sizeof(synack4)];
	struct pkt_info pi;

	(void)state;
	memcpy(p, synack4, sizeof(p));
	put16(p + 6, 0x2000);
	fix_ip4_cksum(p);
	assert_int_equal(pkt_parse_tcp4(p, sizeof(p), &pi), 0);
	assert_int_equal(pi.kind, PKT_TCP);
	assert_int_equal(pi.tcp.sport, 443);
}

/* ------------------------------------------------------------- options */

/* RFC 9293 3.1: kind 1, one byte, pads between options. */
static void nops_around_the_mss_are_skipped(void **state)
{
	static const uint8_t o[8] = { 1, 1, 2, 4, 0x05, 0x78, 1, 1 };
	struct pkt_info pi;

	(void)state;
	assert_int_equal(parse_options(o, sizeof(o), &pi), 0);
	assert_int_equal(pi.tcp.mss, 1400);
	assert_int_equal(pi.tcp.payload, 28);
}

/* Kind 0 ends the list: what follows is padding, even a bad "length". */
static void eol_ends_the_options(void **state)
{
	static const uint8_t o[8] = { 0, 2, 4, 0x05, 0x78, 0xfe, 0, 0 };
	struct pkt_info pi;

	(void)state;
	assert_int_equal(parse_options(o, sizeof(o), &pi), 0);
	assert_int_equal(pi.tcp.mss, 0);
	assert_int_equal(pi.tcp.payload, 28);
}

static void eol_after_the_mss_keeps_the_mss(void **state)
{
	static const uint8_t o[8] = { 2, 4, 0x05, 0x78, 0, 1, 0, 0 };
	struct pkt_info pi;

	(void)state;
	assert_int_equal(parse_options(o, sizeof(o), &pi), 0);
	assert_int_equal(pi.tcp.mss, 1400);
}

/* RFC 9293 3.2: an option of unknown kind is skipped by its length. */
static void unknown_option_is_skipped_by_its_length(void **state)
{
	/* RFC 6994 experimental kind 254, 6 bytes, then NOP and MSS */
	static const uint8_t o[12] = { 254, 6, 0xab, 0xcd, 2, 4,
				       1, 2, 4, 0x05, 0x78, 0 };
	struct pkt_info pi;

	(void)state;
	assert_int_equal(parse_options(o, sizeof(o), &pi), 0);
	/* the 2, 4 inside the unknown option's data is not an MSS */
	assert_int_equal(pi.tcp.mss, 1400);
}

/* As the kernel (tcp_parse_options): an MSS of another length is not. */
static void mss_option_of_the_wrong_length_is_not_the_mss(void **state)
{
	static const uint8_t o[8] = { 2, 6, 0x05, 0x78, 0, 0, 0, 0 };
	struct pkt_info pi;

	(void)state;
	assert_int_equal(parse_options(o, sizeof(o), &pi), 0);
	assert_int_equal(pi.tcp.mss, 0);
}

/* The last option fills the header to its very end. */
static void option_ending_at_the_header_end_is_read(void **state)
{
	static const uint8_t o[4] = { 2, 4, 0x05, 0x78 };
	struct pkt_info pi;

	(void)state;
	assert_int_equal(parse_options(o, sizeof(o), &pi), 0);
	assert_int_equal(pi.tcp.mss, 1400);
}

static void option_running_past_the_header_is_ebadmsg(void **state)
{
	/* 4 bytes announced at offset 25 of a 28-byte header: one too many */
	static const uint8_t o1[8] = { 1, 1, 1, 1, 1, 254, 4, 0 };
	/* an MSS whose value would be the first payload bytes */
	static const uint8_t o2[4] = { 1, 1, 2, 4 };
	struct pkt_info pi;

	(void)state;
	assert_int_equal(parse_options(o1, sizeof(o1), &pi), -EBADMSG);
	assert_int_equal(parse_options(o2, sizeof(o2), &pi), -EBADMSG);
}

/* The kind in the header's last byte leaves no room for its length. */
static void option_kind_without_a_length_byte_is_ebadmsg(void **state)
{
	static const uint8_t o[4] = { 1, 1, 1, 254 };
	struct pkt_info pi;

	(void)state;
	assert_int_equal(parse_options(o, sizeof(o), &pi), -EBADMSG);
}

/* A length below 2 counts neither kind nor length byte: a parser that
 * took it would loop, or read the length byte as the next kind. */
static void option_length_0_or_1_is_ebadmsg(void **state)
{
	static const uint8_t o0[8] = { 254, 0, 1, 1, 2, 4, 0x05, 0x78 };
	static const uint8_t o1[8] = { 254, 1, 1, 1, 2, 4, 0x05, 0x78 };
	static const uint8_t m0[4] = { 2, 0, 0, 0 };
	static const uint8_t m1[4] = { 2, 1, 1, 1 };
	struct pkt_info pi;

	(void)state;
	assert_int_equal(parse_options(o0, sizeof(o0), &pi), -EBADMSG);
	assert_int_equal(parse_options(o1, sizeof(o1), &pi), -EBADMSG);
	assert_int_equal(parse_options(m0, sizeof(m0), &pi), -EBADMSG);
	assert_int_equal(parse_options(m1, sizeof(m1), &pi), -EBADMSG);
}

/* The captured SYN-ACK's own options, all 20 bytes of them. */
static void linux_synack_options_are_all_read(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(synack6[12] >> 4, 10);
	assert_int_equal(parse_options(synack6 + 20, 20, &pi), 0);
	assert_int_equal(pi.tcp.mss, 1440);
	assert_int_equal(pi.tcp.payload, 40);
}

static void data_offset_below_5_is_ebadmsg(void **state)
{
	(void)state;
	for (unsigned int doff = 0; doff < 5; doff++) {
		struct pkt_info pi;
		uint8_t *p = with_data_offset4(rst4, sizeof(rst4), doff);
		uint8_t s6[sizeof(synack6)];

		if (pkt_parse_tcp4(p, sizeof(rst4), &pi) != -EBADMSG)
			fail_msg("IPv4, data offset %u", doff);
		memcpy(s6, synack6, sizeof(s6));
		s6[12] = (uint8_t)(doff << 4);
		if (pkt_parse_tcp6(s6, sizeof(s6), &pi) != -EBADMSG)
			fail_msg("IPv6, data offset %u", doff);
		free(p);
	}
}

static void data_offset_beyond_the_segment_is_ebadmsg(void **state)
{
	struct pkt_info pi;
	uint8_t *p;

	(void)state;
	/* 44 bytes of header in a 40-byte segment */
	p = exact_copy(synack6, sizeof(synack6));
	p[12] = 11 << 4;
	assert_int_equal(pkt_parse_tcp6(p, sizeof(synack6), &pi), -EBADMSG);
	free(p);
	/* 24 in the RST's 20 */
	p = with_data_offset4(rst4, sizeof(rst4), 6);
	assert_int_equal(pkt_parse_tcp4(p, sizeof(rst4), &pi), -EBADMSG);
	free(p);
	/* 60 in the largest segment, 15 words: the most the field holds */
	p = exact_copy(rst6, sizeof(rst6));
	p[12] = 15 << 4;
	assert_int_equal(pkt_parse_tcp6(p, sizeof(rst6), &pi), -EBADMSG);
	free(p);
}

/* The IPv4 total length, not the buffer, ends the segment: a header that
 * runs into link padding runs past the segment. */
static void data_offset_beyond_the_ip4_total_length_is_ebadmsg(void **state)
{
	struct pkt_info pi;
	size_t len;
	uint8_t *p = rst4_with_text(&len);

	(void)state;
	put16(p + 2, sizeof(rst4));	/* the text is now link padding */
	p[32] = 6 << 4;
	/* padding that would make good options */
	memset(p + 40, TCPOPT_NOP, 4);
	fix_ip4_cksum(p);
	assert_int_equal(pkt_parse_tcp4(p, len, &pi), -EBADMSG);
	free(p);
}

/* The data offset may take the whole segment: no payload. */
static void data_offset_of_the_whole_segment_leaves_no_payload(void **state)
{
	struct pkt_info pi;
	size_t len;
	uint8_t *p = rst6_with_text(&len);

	(void)state;
	/* 48 bytes: 20 of header, 28 of the text read as options... */
	p[12] = 12 << 4;
	/* ...which must be well-formed: NOPs */
	memset(p + 20, 1, 28);
	assert_int_equal(pkt_parse_tcp6(p, 48, &pi), 0);
	assert_int_equal(pi.tcp.payload, 48);
	assert_int_equal(pi.tcp.payload_len, 0);
	free(p);
}

/* The IPv6 payload length field holds 65535 at most. */
static void tcp6_segment_longer_than_ip_can_carry_is_ebadmsg(void **state)
{
	struct pkt_info pi;

	(void)state;
	memset(big, 0, 65536);
	memcpy(big, rst6, sizeof(rst6));
	assert_int_equal(pkt_parse_tcp6(big, 65535, &pi), 0);
	assert_int_equal(pi.size, 65575);
	assert_int_equal(pkt_parse_tcp6(big, 65536, &pi), -EBADMSG);
}

/* ------------------------------------- parsing, truncated and garbage */

/* A raw IPv4 socket never delivers less than the total length, so any
 * shorter buffer is a broken packet, never a partial segment. */
static void every_truncation_of_a_tcp4_packet_is_ebadmsg(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC(tcp_vecs); i++) {
		const struct vec *v = &tcp_vecs[i];

		if (v->family != AF_INET)
			continue;
		for (size_t n = 0; n < v->len; n++) {
			uint8_t *p = exact_copy(v->buf, n);
			struct pkt_info pi;
			int ret = pkt_parse_tcp4(p, n, &pi);

			if (ret != -EBADMSG)
				fail_msg("%s cut to %zu: %d", v->name, n, ret);
			free(p);
		}
	}
}

/* An IPv6 segment cut inside its header is broken; cut in its payload it
 * is a shorter segment (the socket gives no length to check it by). */
static void every_truncation_of_a_tcp6_segment_parses_as_far_as_it_goes(
	void **state)
{
	size_t tlen;
	uint8_t *t = rst6_with_text(&tlen);
	const struct vec all[] = {
		VEC(synack6, AF_INET6),
		VEC(rst6, AF_INET6),
		{ "rst6 with text", AF_INET6, t, tlen },
	};

	(void)state;
	for (size_t i = 0; i < NVEC(all); i++) {
		const struct vec *v = &all[i];
		size_t hlen = (size_t)(v->buf[12] >> 4) * 4;

		for (size_t n = 0; n < v->len; n++) {
			uint8_t *p = exact_copy(v->buf, n);
			struct pkt_info pi;
			int ret = pkt_parse_tcp6(p, n, &pi);

			if (n < hlen) {
				if (ret != -EBADMSG)
					fail_msg("%s cut to %zu: %d", v->name,
						 n, ret);
			} else {
				assert_int_equal(ret, 0);
				assert_int_equal(pi.tcp.payload, hlen);
				assert_int_equal(pi.tcp.payload_len, n - hlen);
			}
			free(p);
		}
	}
	free(t);
}

/* An ICMP error quoting TCP, cut anywhere: IPv4 is broken (its total
 * length says so), an ICMPv6 message parses as far as it goes. */
static void every_truncation_of_an_error_quoting_tcp_never_overreads(
	void **state)
{
	(void)state;
	for (size_t n = 0; n < sizeof(frag_needed_tcp4); n++) {
		uint8_t *p = exact_copy(frag_needed_tcp4, n);
		struct pkt_info pi;

		assert_int_equal(pkt_parse_icmp4(p, n, &pi), -EBADMSG);
		free(p);
	}
	for (size_t n = 0; n < sizeof(ptb_tcp6); n++) {
		uint8_t *p = exact_copy(ptb_tcp6, n);
		struct pkt_info pi;
		int ret = pkt_parse_icmp6(p, n, &pi);

		assert_quote_consistent(ret, &pi);
		assert_int_equal(ret, n < 8 ? -EBADMSG : 0);
		if (!ret)
			assert_int_equal(pi.quoted_tcp, n >= 8 + 40 + 8);
		free(p);
	}
}

enum { GARBAGE_ROUNDS = 20000, GARBAGE_MAX = 1400 };

static void random_bytes_parse_or_are_ebadmsg(void **state)
{
	(void)state;
	rnd_state = 0x74637031;		/* "tcp1" */
	for (int i = 0; i < GARBAGE_ROUNDS; i++) {
		size_t len = rnd() % 4 ? rnd() % 100 : rnd() % GARBAGE_MAX;
		uint8_t *p = malloc(len ? len : 1);
		struct pkt_info pi;

		assert_non_null(p);
		for (size_t j = 0; j < len; j++)
			p[j] = (uint8_t)rnd();
		assert_tcp_consistent(pkt_parse_tcp4(p, len, &pi), &pi, len);
		assert_tcp_consistent(pkt_parse_tcp6(p, len, &pi), &pi, len);
		assert_quote_consistent(pkt_parse_icmp6(p, len, &pi), &pi);
		free(p);
	}
}

/* Random bytes rarely get past the IPv4 checks: these do, with a header
 * and a total length that hold, and a random TCP header behind, its
 * options drawn mostly from the kinds the parser decides on. */
static void random_ip4_tcp_packets_parse_or_are_ebadmsg(void **state)
{
	static const uint8_t kinds[] = { 0, 1, 1, 2, 2, 4, 8, 254 };

	(void)state;
	rnd_state = 0x74637032;
	for (int i = 0; i < GARBAGE_ROUNDS; i++) {
		size_t ihl = 20 + 4 * (rnd() % 11);
		size_t len = ihl + rnd() % 120;
		uint8_t *p = malloc(len);
		struct pkt_info pi;
		int ret;

		assert_non_null(p);
		for (size_t j = 0; j < len; j++)
			p[j] = (uint8_t)rnd();
		p[0] = (uint8_t)(0x40 | ihl / 4);
		put16(p + 2, (uint16_t)len);
		if (rnd() % 8)
			put16(p + 6, 0x4000);
		p[9] = IPPROTO_TCP;
		for (size_t j = ihl + 20; j < len; j++)
			if (rnd() % 2)
				p[j] = rnd() % 2 ? kinds[rnd() % NVEC(kinds)] :
				       (uint8_t)(rnd() % 12);
		fix_ip4_cksum(p);
		ret = pkt_parse_tcp4(p, len, &pi);
		assert_tcp_consistent(ret, &pi, len);
		if (!ret && pi.kind == PKT_TCP) {
			assert_int_equal(pi.tcp.payload,
					 ihl + (size_t)(p[ihl + 12] >> 4) * 4);
			assert_int_equal(pi.tcp.payload_len,
					 len - pi.tcp.payload);
		}
		if (len < ihl + 20 && !(get16(p + 6) & 0x1fff))
			assert_int_equal(ret, -EBADMSG);
		free(p);
	}
}

/* The lab's packets with a few bytes changed, mostly in the headers. */
static void mutated_lab_packets_parse_or_are_ebadmsg(void **state)
{
	(void)state;
	rnd_state = 0x74637033;
	for (int i = 0; i < GARBAGE_ROUNDS; i++) {
		const struct vec *v = &tcp_vecs[rnd() % NVEC(tcp_vecs)];
		size_t len = rnd() % 2 ? v->len : rnd() % (v->len + 1);
		uint8_t *p = exact_copy(v->buf, len);
		unsigned int flips = 1 + rnd() % 4;
		struct pkt_info pi;

		for (unsigned int j = 0; j < flips && len; j++)
			p[rnd() % len] = (uint8_t)rnd();
		if (v->family == AF_INET && len >= 4 && rnd() % 2)
			put16(p + 2, (uint16_t)len);
		assert_tcp_consistent(parse_tcp(v->family, p, len, &pi), &pi,
				      len);
		free(p);
	}
}

/* ----------------------------------------------------------- quoted TCP */

/* RFC 792: the quote holds the IP header and at least 8 bytes, which for
 * TCP are the ports and the sequence number. */
static void frag_needed4_quoting_tcp_gives_ports_and_sequence(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_icmp4(frag_needed_tcp4,
					 sizeof(frag_needed_tcp4), &pi), 0);
	assert_int_equal(pi.kind, PKT_TOO_BIG);
	assert_addr(&pi.from, R4);
	assert_int_equal(pi.mtu, 1380);
	assert_true(pi.quoted_ip);
	assert_int_equal(pi.qproto, IPPROTO_TCP);
	assert_addr(&pi.qsrc, C4);
	assert_addr(&pi.qdst, S4);
	assert_int_equal(pi.size, 1400);
	assert_false(pi.quoted_echo);
	assert_true(pi.quoted_tcp);
	assert_int_equal(pi.tcp.sport, 53060);
	assert_int_equal(pi.tcp.dport, 443);
	assert_int_equal(pi.tcp.seq, 1743974559u);
}

static void ptb6_quoting_tcp_gives_ports_and_sequence(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_icmp6(ptb_tcp6, sizeof(ptb_tcp6), &pi), 0);
	assert_int_equal(pi.kind, PKT_TOO_BIG);
	assert_int_equal(pi.mtu, 1380);
	assert_true(pi.quoted_ip);
	assert_int_equal(pi.qproto, IPPROTO_TCP);
	assert_addr(&pi.qsrc, C6);
	assert_addr(&pi.qdst, S6);
	assert_int_equal(pi.size, 1400);
	assert_true(pi.quoted_tcp);
	assert_int_equal(pi.tcp.sport, 50500);
	assert_int_equal(pi.tcp.dport, 443);
	assert_int_equal(pi.tcp.seq, 3396887697u);
}

static void quote4_cut_to_8_tcp_bytes_gives_ports_and_sequence(void **state)
{
	struct pkt_info pi;
	size_t len;
	uint8_t *p = cut_quote4(frag_needed_tcp4, 20 + 8, &len);

	(void)state;
	assert_int_equal(pkt_parse_icmp4(p, len, &pi), 0);
	assert_true(pi.quoted_tcp);
	assert_int_equal(pi.size, 1400);
	assert_int_equal(pi.tcp.sport, 53060);
	assert_int_equal(pi.tcp.dport, 443);
	assert_int_equal(pi.tcp.seq, 1743974559u);
	free(p);
}

static void quote4_cut_to_7_tcp_bytes_is_not_quoted_tcp(void **state)
{
	struct pkt_info pi;
	size_t len;
	uint8_t *p = cut_quote4(frag_needed_tcp4, 20 + 7, &len);

	(void)state;
	assert_int_equal(pkt_parse_icmp4(p, len, &pi), 0);
	assert_int_equal(pi.kind, PKT_TOO_BIG);
	assert_true(pi.quoted_ip);
	assert_int_equal(pi.qproto, IPPROTO_TCP);
	assert_false(pi.quoted_tcp);
	assert_int_equal(pi.tcp.sport, 0);
	assert_int_equal(pi.tcp.seq, 0);
	free(p);
}

/* The ICMPv6 message cut to its header, the IPv6 header and n bytes. */
static uint8_t *cut_quote6(size_t n, size_t *len)
{
	uint8_t *p = exact_copy(ptb_tcp6, 8 + 40 + n);

	*len = 8 + 40 + n;
	fix_icmp6_cksum(R6, C6, p, *len);
	return p;
}

static void quote6_cut_to_8_tcp_bytes_gives_ports_and_sequence(void **state)
{
	struct pkt_info pi;
	size_t len;
	uint8_t *p = cut_quote6(8, &len);

	(void)state;
	assert_int_equal(pkt_parse_icmp6(p, len, &pi), 0);
	assert_true(pi.quoted_tcp);
	assert_int_equal(pi.tcp.sport, 50500);
	assert_int_equal(pi.tcp.dport, 443);
	assert_int_equal(pi.tcp.seq, 3396887697u);
	free(p);
}

static void quote6_cut_to_7_tcp_bytes_is_not_quoted_tcp(void **state)
{
	struct pkt_info pi;
	size_t len;
	uint8_t *p = cut_quote6(7, &len);

	(void)state;
	assert_int_equal(pkt_parse_icmp6(p, len, &pi), 0);
	assert_true(pi.quoted_ip);
	assert_false(pi.quoted_tcp);
	assert_int_equal(pi.tcp.seq, 0);
	free(p);
}

/* Lengths and checksums fixed at every cut: quoted TCP from 8 bytes on. */
static void every_quote4_length_gives_quoted_tcp_from_8_bytes_on(
	void **state)
{
	(void)state;
	for (size_t q = 0; q <= sizeof(frag_needed_tcp4) - 28; q++) {
		struct pkt_info pi;
		size_t len;
		uint8_t *p = cut_quote4(frag_needed_tcp4, q, &len);

		assert_int_equal(pkt_parse_icmp4(p, len, &pi), 0);
		assert_quote_consistent(0, &pi);
		assert_int_equal(pi.kind, PKT_TOO_BIG);
		assert_int_equal(pi.quoted_ip, q >= 20);
		if (pi.quoted_tcp != (q >= 28))
			fail_msg("quote of %zu bytes: quoted_tcp %d", q,
				 pi.quoted_tcp);
		assert_int_equal(pi.tcp.sport, q >= 28 ? 53060 : 0);
		assert_int_equal(pi.tcp.seq, q >= 28 ? 1743974559u : 0);
		free(p);
	}
}

/* A later fragment's quote starts in the middle of the segment. */
static void quote_of_a_later_fragment_is_not_quoted_tcp(void **state)
{
	uint8_t p[sizeof(frag_needed_tcp4)];
	struct pkt_info pi;

	(void)state;
	memcpy(p, frag_needed_tcp4, sizeof(p));
	put16(p + 28 + 6, 0x00b9);	/* offset 1480 */
	fix_ip4_cksum(p + 28);
	fix_icmp4_cksum(p, sizeof(p));
	assert_int_equal(pkt_parse_icmp4(p, sizeof(p), &pi), 0);
	assert_true(pi.quoted_ip);
	assert_int_equal(pi.qproto, IPPROTO_TCP);
	assert_false(pi.quoted_tcp);
}

static void quote_of_udp_is_not_quoted_tcp(void **state)
{
	uint8_t p[sizeof(frag_needed_tcp4)];
	struct pkt_info pi;

	(void)state;
	memcpy(p, frag_needed_tcp4, sizeof(p));
	p[28 + 9] = IPPROTO_UDP;
	fix_ip4_cksum(p + 28);
	fix_icmp4_cksum(p, sizeof(p));
	assert_int_equal(pkt_parse_icmp4(p, sizeof(p), &pi), 0);
	assert_int_equal(pi.qproto, IPPROTO_UDP);
	assert_false(pi.quoted_tcp);
}

/* ----------------------------------------------------- the prober, TCP */

/*
 * A fake network behind struct net_ops: send records each segment the
 * prober hands it, recv hands out the packets a test queued, in order,
 * then says the deadline passed.
 */
enum { FAKE_MAX = 4, FAKE_CAP = 1600 };

static struct fake_net {
	int family;
	uint64_t now;
	unsigned int nsent;
	struct {
		int proto;
		size_t len;
		uint8_t seg[FAKE_CAP];
	} sent[FAKE_MAX];
	unsigned int nrx, next;
	struct {
		struct net_rx rx;
		size_t len;
		uint8_t data[FAKE_CAP];
	} rx[FAKE_MAX];
} net;

static struct run_config cfg;
static struct prober *pr;

static int fake_send(void *ctx, int proto, const void *msg, size_t len,
		     uint8_t ttl)
{
	struct fake_net *n = ctx;

	(void)ttl;
	assert_true(n->nsent < FAKE_MAX);
	assert_true(len <= FAKE_CAP);
	n->sent[n->nsent].proto = proto;
	n->sent[n->nsent].len = len;
	memcpy(n->sent[n->nsent].seg, msg, len);
	n->nsent++;
	return 0;
}

static ssize_t fake_recv(void *ctx, void *buf, size_t cap, struct net_rx *rx,
			 uint64_t deadline)
{
	struct fake_net *n = ctx;

	if (n->next == n->nrx) {
		n->now = deadline;
		return 0;
	}
	assert_true(n->rx[n->next].len <= cap);
	memcpy(buf, n->rx[n->next].data, n->rx[n->next].len);
	*rx = n->rx[n->next].rx;
	n->now += 100;
	return (ssize_t)n->rx[n->next++].len;
}

static uint64_t fake_now(void *ctx)
{
	return ((struct fake_net *)ctx)->now;
}

static const struct net_ops fake_ops = {
	.send = fake_send,
	.recv = fake_recv,
	.now = fake_now,
};

static int group_setup(void **state)
{
	(void)state;
	pr = calloc(1, sizeof(*pr));
	return pr ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	free(pr);
	return 0;
}

static const char *client(void)
{
	return net.family == AF_INET6 ? C6 : C4;
}

static const char *router(void)
{
	return net.family == AF_INET6 ? R6 : R4;
}

/* A TCP run from client to server: probe i from port sport + i. */
static void start(int family, uint16_t sport, uint16_t dport, uint32_t isn)
{
	memset(&net, 0, sizeof(net));
	net.family = family;
	net.now = 1000;
	memset(&cfg, 0, sizeof(cfg));
	cfg.dst = addr_of(family == AF_INET6 ? S6 : S4);
	cfg.src = addr_of(family == AF_INET6 ? C6 : C4);
	cfg.method = METHOD_TCP;
	cfg.sport = sport;
	cfg.dport = dport;
	cfg.isn = isn;
	cfg.mss = 1460;
	prober_init(pr, &fake_ops, &net, &cfg);
}

static void send_probe(unsigned int size)
{
	assert_int_equal(prober_send(pr, size, 0), 0);
}

/* What a raw socket of the run's family reads: an IPv4 packet whole, an
 * IPv6 one without its header. */
static void queue(int proto, const char *from, const void *data, size_t len)
{
	assert_true(net.nrx < FAKE_MAX);
	assert_true(len <= FAKE_CAP);
	net.rx[net.nrx].rx.from = addr_of(from);
	net.rx[net.nrx].rx.proto = proto;
	net.rx[net.nrx].rx.ttl = 63;
	net.rx[net.nrx].len = len;
	memcpy(net.rx[net.nrx].data, data, len);
	net.nrx++;
}

/* A 20-byte TCP segment from from to the client, with a valid checksum. */
static void queue_tcp(const char *from, uint16_t sport, uint16_t dport,
		      uint32_t seq, uint32_t ack, uint8_t flags)
{
	struct addr s = addr_of(from), d = addr_of(client());
	uint8_t seg[TCP_HDR_LEN] = { 0 }, ip[IP4_HDR_LEN + TCP_HDR_LEN];

	put16(seg, sport);
	put16(seg + 2, dport);
	put32(seg + 4, seq);
	put32(seg + 8, ack);
	seg[12] = 5 << 4;
	seg[13] = flags;
	put16(seg + 14, flags & TH_RST ? 0 : 64240);
	fix_tcp_cksum(from, client(), seg, sizeof(seg));
	if (net.family == AF_INET6) {
		queue(IPPROTO_TCP, from, seg, sizeof(seg));
		return;
	}
	assert_int_equal(pkt_build_ip(ip, sizeof(ip), &s, &d, IPPROTO_TCP, 63,
				      seg, sizeof(seg)), sizeof(ip));
	queue(IPPROTO_TCP, from, ip, sizeof(ip));
}

/* The probe the prober sent i-th, in the IP header it left with, into
 * buf; returns its length. The TCP header is at pkt_ip_hdr_len(). */
static size_t sent_packet(unsigned int i, uint8_t *buf, size_t cap)
{
	ssize_t len;

	assert_true(i < net.nsent);
	len = pkt_build_ip(buf, cap, &cfg.src, &cfg.dst, IPPROTO_TCP, 64,
			   net.sent[i].seg, net.sent[i].len);
	assert_true(len > 0);
	return (size_t)len;
}

/* An ICMP error from the router to the client quoting qlen bytes of the
 * IP packet q, as routers do: 548 bytes for IPv4, 1232 for IPv6. */
static void queue_error(uint8_t type, uint8_t code, uint32_t rest,
			const uint8_t *q, size_t qlen)
{
	struct addr s = addr_of(router()), d = addr_of(client());
	uint8_t icmp[FAKE_CAP], ip[FAKE_CAP];
	size_t max = net.family == AF_INET6 ? 1232 : 548;
	ssize_t len;

	len = pkt_build_icmp_error(net.family, icmp, sizeof(icmp), type, code,
				   rest, q, qlen < max ? qlen : max);
	assert_true(len > 0);
	if (net.family == AF_INET6) {
		fix_icmp6_cksum(router(), client(), icmp, (size_t)len);
		queue(IPPROTO_ICMPV6, router(), icmp, (size_t)len);
		return;
	}
	len = pkt_build_ip(ip, sizeof(ip), &s, &d, IPPROTO_ICMP, 64, icmp,
			   (size_t)len);
	assert_true(len > 0);
	queue(IPPROTO_ICMP, router(), ip, (size_t)len);
}

static void queue_ptb(uint32_t mtu, const uint8_t *q, size_t qlen)
{
	if (net.family == AF_INET6)
		queue_error(ICMP6_PACKET_TOO_BIG, 0, mtu, q, qlen);
	else
		queue_error(ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, mtu, q, qlen);
}

/* The one event waiting, or NULL when prober_wait found none. */
static struct probe *next_match(struct probe_event *ev)
{
	int ret = prober_wait(pr, net.now + 1000000, ev);

	assert_true(ret == 0 || ret == 1);
	return ret == 1 ? ev->probe : NULL;
}

static void assert_nothing_matches(void)
{
	struct probe_event ev;

	assert_null(next_match(&ev));
	assert_int_equal(net.next, net.nrx);
}

enum { ISN = 0x5eed1234, SPORT = 40000 };

static void probe_i_is_a_syn_from_sport_plus_i_with_the_isn(void **state)
{
	static const unsigned int sizes[] = { 44, 100, 1500 };

	(void)state;
	start(AF_INET, SPORT, 443, ISN);
	for (unsigned int i = 0; i < NVEC(sizes); i++)
		send_probe(sizes[i]);
	assert_int_equal(net.nsent, 3);
	for (unsigned int i = 0; i < NVEC(sizes); i++) {
		const uint8_t *s = net.sent[i].seg;

		assert_int_equal(net.sent[i].proto, IPPROTO_TCP);
		assert_int_equal(net.sent[i].len, sizes[i] - 20);
		assert_int_equal(get16(s), SPORT + i);
		assert_int_equal(get16(s + 2), 443);
		assert_int_equal(get32(s + 4), ISN);
		assert_int_equal(s[13], TH_SYN);
		assert_int_equal(get16(s + 22), 1460);
		assert_int_equal(tcp_sum(C4, S4, s, net.sent[i].len), 0xffff);
		assert_int_equal(pr->probes[i].size, sizes[i]);
	}
}

/* The captured SYN-ACK, to port 53050: the third probe's, from 53048. */
static void synack_acknowledging_isn_plus_1_is_matched_to_its_probe(
	void **state)
{
	struct probe_event ev;

	(void)state;
	start(AF_INET, 53048, 443, 1471905220u);
	send_probe(44);
	send_probe(44);
	send_probe(44);
	queue(IPPROTO_TCP, S4, synack4, sizeof(synack4));
	assert_ptr_equal(next_match(&ev), &pr->probes[2]);
	assert_int_equal(ev.pi.kind, PKT_TCP);
	assert_int_equal(ev.pi.tcp.flags, TH_SYN | TH_ACK);
	assert_int_equal(ev.pi.tcp.mss, 1460);
	assert_int_equal(pr->ptb_not_ours, 0);
}

/* IPv6: the sender comes from the socket, not from a header. */
static void synack6_acknowledging_isn_plus_1_is_matched(void **state)
{
	struct probe_event ev;

	(void)state;
	start(AF_INET6, 50488, 443, 228032335u);
	send_probe(64);
	queue(IPPROTO_TCP, S6, synack6, sizeof(synack6));
	assert_ptr_equal(next_match(&ev), &pr->probes[0]);
	assert_addr(&ev.pi.from, S6);
	assert_int_equal(ev.pi.ttl, 63);
	assert_int_equal(ev.pi.tcp.mss, 1440);
}

static void synack_acknowledging_other_than_isn_plus_1_is_not_matched(
	void **state)
{
	(void)state;
	start(AF_INET, SPORT, 443, ISN);
	send_probe(44);
	queue_tcp(S4, 443, SPORT, 7, ISN + 2, TH_SYN | TH_ACK);
	queue_tcp(S4, 443, SPORT, 7, ISN, TH_SYN | TH_ACK);
	assert_nothing_matches();
	assert_int_equal(pr->ptb_not_ours, 0);
}

/* Only a RST may acknowledge the SYN's data: a SYN-ACK that did would
 * accept data without a Fast Open cookie (RFC 7413 4.2), which a server
 * does not, so it answers some other SYN. */
static void synack_acknowledging_the_syn_data_is_not_matched(void **state)
{
	(void)state;
	start(AF_INET, SPORT, 443, ISN);
	send_probe(1044);
	queue_tcp(S4, 443, SPORT, 7, ISN + 1 + 1000, TH_SYN | TH_ACK);
	assert_nothing_matches();
}

static void synack_from_another_source_port_is_not_matched(void **state)
{
	(void)state;
	start(AF_INET, SPORT, 443, ISN);
	send_probe(44);
	queue_tcp(S4, 444, SPORT, 7, ISN + 1, TH_SYN | TH_ACK);
	queue_tcp(S4, 80, SPORT, 7, ISN + 1, TH_SYN | TH_ACK);
	assert_nothing_matches();
}

static void synack_from_another_address_is_not_matched(void **state)
{
	(void)state;
	start(AF_INET, SPORT, 443, ISN);
	send_probe(44);
	queue_tcp("10.99.2.3", 443, SPORT, 7, ISN + 1, TH_SYN | TH_ACK);
	queue_tcp(R4, 443, SPORT, 7, ISN + 1, TH_SYN | TH_ACK);
	assert_nothing_matches();
}

static void synack6_from_another_address_is_not_matched(void **state)
{
	(void)state;
	start(AF_INET6, 50488, 443, 228032335u);
	send_probe(64);
	queue(IPPROTO_TCP, "fd00:99:2::3", synack6, sizeof(synack6));
	assert_nothing_matches();
}

/* Ports below sport, and from sport + n on, are no probe's. */
static void synack_to_a_port_no_probe_left_from_is_not_matched(void **state)
{
	(void)state;
	start(AF_INET, SPORT, 443, ISN);
	send_probe(44);
	send_probe(44);
	queue_tcp(S4, 443, SPORT + 2, 7, ISN + 1, TH_SYN | TH_ACK);
	queue_tcp(S4, 443, SPORT - 1, 7, ISN + 1, TH_SYN | TH_ACK);
	assert_nothing_matches();
}

static void ack_without_syn_or_rst_is_not_matched(void **state)
{
	(void)state;
	start(AF_INET, SPORT, 443, ISN);
	send_probe(44);
	queue_tcp(S4, 443, SPORT, 7, ISN + 1, TH_ACK);
	queue_tcp(S4, 443, SPORT, 7, ISN + 1, TH_ACK | TH_FIN);
	assert_nothing_matches();
}

/* The captured RST from the closed port 444. */
static void rst_acknowledging_isn_plus_1_is_matched(void **state)
{
	struct probe_event ev;

	(void)state;
	start(AF_INET, 46458, 444, 624708552u);
	send_probe(44);
	queue(IPPROTO_TCP, S4, rst4, sizeof(rst4));
	assert_ptr_equal(next_match(&ev), &pr->probes[0]);
	assert_int_equal(ev.pi.tcp.flags, TH_RST | TH_ACK);
}

/* The captured RST to a SYN with 18 bytes of data: our probe of 44 + 18
 * bytes carries as many. */
static void rst_acknowledging_the_syn_and_its_data_is_matched(void **state)
{
	struct probe_event ev;

	(void)state;
	start(AF_INET, 46464, 444, 456789704u);
	send_probe(44 + 18);
	queue(IPPROTO_TCP, S4, rst_data4, sizeof(rst_data4));
	assert_ptr_equal(next_match(&ev), &pr->probes[0]);
}

/* IPv6: the data is what follows the 64 bytes of headers. */
static void rst6_acknowledging_the_syn_and_its_data_is_matched(void **state)
{
	struct probe_event ev;

	(void)state;
	start(AF_INET6, SPORT, 444, ISN);
	send_probe(1400);
	queue_tcp(S6, 444, SPORT, 0, ISN + 1 + 1336, TH_RST | TH_ACK);
	assert_ptr_equal(next_match(&ev), &pr->probes[0]);
}

static void rst_acknowledging_part_of_the_data_is_not_matched(void **state)
{
	(void)state;
	start(AF_INET, SPORT, 444, ISN);
	send_probe(44 + 18);
	queue_tcp(S4, 444, SPORT, 0, ISN + 1 + 17, TH_RST | TH_ACK);
	queue_tcp(S4, 444, SPORT, 0, ISN + 1 + 19, TH_RST | TH_ACK);
	queue_tcp(S4, 444, SPORT, 0, ISN, TH_RST | TH_ACK);
	assert_nothing_matches();
}

/* RFC 9293 3.10.7.1: a RST without ACK answers a segment that had one;
 * its acknowledgment field means nothing, so it cannot tie it to a SYN. */
static void rst_without_the_ack_flag_is_not_matched(void **state)
{
	(void)state;
	start(AF_INET, SPORT, 444, ISN);
	send_probe(44);
	queue_tcp(S4, 444, SPORT, 0, ISN + 1, TH_RST);
	queue_tcp(S4, 444, SPORT, ISN + 1, ISN + 1, TH_RST);
	assert_nothing_matches();
}

/* Sequence numbers are modulo 2^32 (RFC 9293 3.4). */
static void isn_plus_1_wraps_around(void **state)
{
	struct probe_event ev;

	(void)state;
	start(AF_INET, SPORT, 443, 0xffffffffu);
	send_probe(44);
	send_probe(54);
	queue_tcp(S4, 443, SPORT, 7, 0, TH_SYN | TH_ACK);
	queue_tcp(S4, 443, SPORT + 1, 0, 10, TH_RST | TH_ACK);
	assert_ptr_equal(next_match(&ev), &pr->probes[0]);
	assert_ptr_equal(next_match(&ev), &pr->probes[1]);
}

/* Right addresses, ports, sequence number and length. */
static void frag_needed_quoting_our_syn_is_matched(void **state)
{
	uint8_t q[FAKE_CAP];
	struct probe_event ev;
	size_t qlen;

	(void)state;
	start(AF_INET, SPORT, 443, ISN);
	send_probe(1400);
	send_probe(1300);
	qlen = sent_packet(1, q, sizeof(q));
	queue_ptb(1280, q, qlen);
	assert_ptr_equal(next_match(&ev), &pr->probes[1]);
	assert_int_equal(ev.pi.kind, PKT_TOO_BIG);
	assert_int_equal(ev.pi.mtu, 1280);
	assert_addr(&ev.pi.from, R4);
	assert_int_equal(pr->ptb_not_ours, 0);
}

/* RFC 792's minimum, the IP header and 8 bytes, is enough. */
static void frag_needed_quoting_8_bytes_of_our_syn_is_matched(void **state)
{
	uint8_t q[FAKE_CAP];
	struct probe_event ev;

	(void)state;
	start(AF_INET, SPORT, 443, ISN);
	send_probe(1400);
	sent_packet(0, q, sizeof(q));
	queue_ptb(1380, q, 20 + 8);
	assert_ptr_equal(next_match(&ev), &pr->probes[0]);
}

/* The captured error, quoting a data segment that we take for a SYN of
 * the same ports, sequence number and size. */
static void captured_frag_needed_is_matched(void **state)
{
	struct probe_event ev;

	(void)state;
	start(AF_INET, 53060, 443, 1743974559u);
	send_probe(1400);
	queue(IPPROTO_ICMP, R4, frag_needed_tcp4, sizeof(frag_needed_tcp4));
	assert_ptr_equal(next_match(&ev), &pr->probes[0]);
	assert_int_equal(ev.pi.mtu, 1380);
}

static void captured_ptb6_is_matched(void **state)
{
	struct probe_event ev;

	(void)state;
	start(AF_INET6, 50500, 443, 3396887697u);
	send_probe(1400);
	queue(IPPROTO_ICMPV6, R6, ptb_tcp6, sizeof(ptb_tcp6));
	assert_ptr_equal(next_match(&ev), &pr->probes[0]);
	assert_int_equal(ev.pi.mtu, 1380);
	assert_addr(&ev.pi.from, R6);
}

static void frag_needed_quoting_a_wrong_seq_is_not_ours(void **state)
{
	uint8_t q[FAKE_CAP];
	size_t qlen;

	(void)state;
	start(AF_INET, SPORT, 443, ISN);
	send_probe(1400);
	qlen = sent_packet(0, q, sizeof(q));
	put32(q + 20 + 4, ISN + 1);
	fix_tcp_cksum(C4, S4, q + 20, qlen - 20);
	queue_ptb(1380, q, qlen);
	assert_nothing_matches();
	assert_int_equal(pr->ptb_not_ours, 1);
}

static void frag_needed_quoting_another_destination_port_is_not_ours(
	void **state)
{
	uint8_t q[FAKE_CAP];
	size_t qlen;

	(void)state;
	start(AF_INET, SPORT, 443, ISN);
	send_probe(1400);
	qlen = sent_packet(0, q, sizeof(q));
	put16(q + 20 + 2, 444);
	fix_tcp_cksum(C4, S4, q + 20, qlen - 20);
	queue_ptb(1380, q, qlen);
	assert_nothing_matches();
	assert_int_equal(pr->ptb_not_ours, 1);
}

/* Probe 1 left from SPORT + 1: a quote from SPORT + 2 is nobody's. */
static void frag_needed_quoting_another_source_port_is_not_ours(
	void **state)
{
	uint8_t q[FAKE_CAP];
	size_t qlen;

	(void)state;
	start(AF_INET, SPORT, 443, ISN);
	send_probe(1400);
	send_probe(1400);
	qlen = sent_packet(1, q, sizeof(q));
	put16(q + 20, SPORT + 2);
	fix_tcp_cksum(C4, S4, q + 20, qlen - 20);
	queue_ptb(1380, q, qlen);
	assert_nothing_matches();
	assert_int_equal(pr->ptb_not_ours, 1);
}

/* The quoted IP length must be the probe's own size. */
static void frag_needed_quoting_another_length_is_not_ours(void **state)
{
	uint8_t q[FAKE_CAP];
	size_t qlen;

	(void)state;
	start(AF_INET, SPORT, 443, ISN);
	send_probe(1400);
	qlen = sent_packet(0, q, sizeof(q));
	put16(q + 2, 1392);
	fix_ip4_cksum(q);
	queue_ptb(1380, q, qlen);
	assert_nothing_matches();
	assert_int_equal(pr->ptb_not_ours, 1);
}

/* Another destination's PTB is some other program's, or another run's
 * (mtuprobe -f probes many hosts at once): none of ours, and not counted
 * against this run as a forgery. */
static void frag_needed_quoting_another_destination_is_not_counted(
	void **state)
{
	uint8_t q[FAKE_CAP];
	size_t qlen;

	(void)state;
	start(AF_INET, SPORT, 443, ISN);
	send_probe(1400);
	qlen = sent_packet(0, q, sizeof(q));
	q[19] = 3;			/* 10.99.2.3 */
	fix_ip4_cksum(q);
	queue_ptb(1380, q, qlen);
	assert_nothing_matches();
	assert_int_equal(pr->ptb_not_ours, 0);
}

/* The captured PTB, for a run whose SYNs had another sequence number. */
static void ptb6_quoting_a_wrong_seq_is_not_ours(void **state)
{
	(void)state;
	start(AF_INET6, 50500, 443, 3396887697u + 1);
	send_probe(1400);
	queue(IPPROTO_ICMPV6, R6, ptb_tcp6, sizeof(ptb_tcp6));
	assert_nothing_matches();
	assert_int_equal(pr->ptb_not_ours, 1);
}

static void ptb6_quoting_another_destination_port_is_not_ours(void **state)
{
	(void)state;
	start(AF_INET6, 50500, 80, 3396887697u);
	send_probe(1400);
	queue(IPPROTO_ICMPV6, R6, ptb_tcp6, sizeof(ptb_tcp6));
	assert_nothing_matches();
	assert_int_equal(pr->ptb_not_ours, 1);
}

/* A probe whose TTL ran out is answered by the hop, quoting it. */
static void time_exceeded_quoting_our_syn_is_matched(void **state)
{
	uint8_t q[FAKE_CAP];
	struct probe_event ev;
	size_t qlen;

	(void)state;
	start(AF_INET, SPORT, 443, ISN);
	send_probe(100);
	qlen = sent_packet(0, q, sizeof(q));
	queue_error(ICMP_TIME_EXCEEDED, 0, 0, q, qlen);
	assert_ptr_equal(next_match(&ev), &pr->probes[0]);
	assert_int_equal(ev.pi.kind, PKT_TIME_EXCEEDED);
}

/* ptb_not_ours counts PTBs only. */
static void other_error_quoting_a_wrong_seq_is_not_counted_as_a_ptb(
	void **state)
{
	uint8_t q[FAKE_CAP];
	size_t qlen;

	(void)state;
	start(AF_INET, SPORT, 443, ISN);
	send_probe(100);
	qlen = sent_packet(0, q, sizeof(q));
	put32(q + 20 + 4, ISN - 1);
	fix_tcp_cksum(C4, S4, q + 20, qlen - 20);
	queue_error(ICMP_TIME_EXCEEDED, 0, 0, q, qlen);
	queue_error(ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0, q, qlen);
	assert_nothing_matches();
	assert_int_equal(pr->ptb_not_ours, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* building */
		cmocka_unit_test(syn_min_size_is_ip_tcp_and_mss_option),
		cmocka_unit_test(syn_without_a_source_of_the_family_is_einval),
		cmocka_unit_test(syn4_header_is_exactly_ports_seq_syn_window_and_mss),
		cmocka_unit_test(syn6_header_is_exactly_ports_seq_syn_window_and_mss),
		cmocka_unit_test(syn4_is_size_minus_20),
		cmocka_unit_test(syn6_is_size_minus_40),
		cmocka_unit_test(syn_payload_is_the_offset_modulo_256),
		cmocka_unit_test(syn_with_payload_keeps_the_header_but_checksum),
		cmocka_unit_test(syn4_checksum_verifies_over_the_pseudo_header),
		cmocka_unit_test(syn6_checksum_verifies_over_the_pseudo_header),
		cmocka_unit_test(syn_checksum_depends_on_both_addresses),
		cmocka_unit_test(syn_below_min_size_is_emsgsize),
		cmocka_unit_test(syn_above_the_ip_length_field_is_emsgsize),
		cmocka_unit_test(syn_in_a_short_buffer_is_enospc_and_writes_nothing),
		cmocka_unit_test(syn_fills_a_buffer_of_exactly_its_length),
		cmocka_unit_test(built_syn4_parses_back),
		cmocka_unit_test(built_syn6_parses_back),
		/* parsing what the lab sent */
		cmocka_unit_test(lab_vectors_carry_the_checksums_linux_gave_them),
		cmocka_unit_test(synack4_gives_ports_seq_ack_flags_mss_and_ip_fields),
		cmocka_unit_test(synack6_gives_ports_seq_ack_flags_and_mss),
		cmocka_unit_test(ip_id_is_the_ip4_identification),
		cmocka_unit_test(segment_without_mss_option_has_mss_0),
		cmocka_unit_test(rst4_from_a_closed_port_acknowledges_the_syn),
		cmocka_unit_test(rst6_from_a_closed_port_acknowledges_the_syn),
		cmocka_unit_test(rst4_to_a_syn_with_data_acknowledges_the_data),
		/* parsing edited lab packets */
		cmocka_unit_test(flags_are_the_whole_byte),
		cmocka_unit_test(rst4_with_text_gives_its_payload_offset_and_length),
		cmocka_unit_test(rst6_with_text_gives_its_payload_offset_and_length),
		cmocka_unit_test(rst4_payload_offset_counts_the_ip_options),
		cmocka_unit_test(bytes_after_the_ip4_total_length_are_not_payload),
		cmocka_unit_test(ip4_other_than_tcp_is_other_from_its_sender),
		cmocka_unit_test(non_first_ip4_fragment_is_not_parsed_as_tcp),
		cmocka_unit_test(first_ip4_fragment_is_parsed_as_tcp),
		/* options and data offset */
		cmocka_unit_test(nops_around_the_mss_are_skipped),
		cmocka_unit_test(eol_ends_the_options),
		cmocka_unit_test(eol_after_the_mss_keeps_the_mss),
		cmocka_unit_test(unknown_option_is_skipped_by_its_length),
		cmocka_unit_test(mss_option_of_the_wrong_length_is_not_the_mss),
		cmocka_unit_test(option_ending_at_the_header_end_is_read),
		cmocka_unit_test(option_running_past_the_header_is_ebadmsg),
		cmocka_unit_test(option_kind_without_a_length_byte_is_ebadmsg),
		cmocka_unit_test(option_length_0_or_1_is_ebadmsg),
		cmocka_unit_test(linux_synack_options_are_all_read),
		cmocka_unit_test(data_offset_below_5_is_ebadmsg),
		cmocka_unit_test(data_offset_beyond_the_segment_is_ebadmsg),
		cmocka_unit_test(data_offset_beyond_the_ip4_total_length_is_ebadmsg),
		cmocka_unit_test(data_offset_of_the_whole_segment_leaves_no_payload),
		cmocka_unit_test(tcp6_segment_longer_than_ip_can_carry_is_ebadmsg),
		/* truncated and garbage */
		cmocka_unit_test(every_truncation_of_a_tcp4_packet_is_ebadmsg),
		cmocka_unit_test(every_truncation_of_a_tcp6_segment_parses_as_far_as_it_goes),
		cmocka_unit_test(every_truncation_of_an_error_quoting_tcp_never_overreads),
		cmocka_unit_test(random_bytes_parse_or_are_ebadmsg),
		cmocka_unit_test(random_ip4_tcp_packets_parse_or_are_ebadmsg),
		cmocka_unit_test(mutated_lab_packets_parse_or_are_ebadmsg),
		/* quoted TCP */
		cmocka_unit_test(frag_needed4_quoting_tcp_gives_ports_and_sequence),
		cmocka_unit_test(ptb6_quoting_tcp_gives_ports_and_sequence),
		cmocka_unit_test(quote4_cut_to_8_tcp_bytes_gives_ports_and_sequence),
		cmocka_unit_test(quote4_cut_to_7_tcp_bytes_is_not_quoted_tcp),
		cmocka_unit_test(quote6_cut_to_8_tcp_bytes_gives_ports_and_sequence),
		cmocka_unit_test(quote6_cut_to_7_tcp_bytes_is_not_quoted_tcp),
		cmocka_unit_test(every_quote4_length_gives_quoted_tcp_from_8_bytes_on),
		cmocka_unit_test(quote_of_a_later_fragment_is_not_quoted_tcp),
		cmocka_unit_test(quote_of_udp_is_not_quoted_tcp),
		/* the prober */
		cmocka_unit_test(probe_i_is_a_syn_from_sport_plus_i_with_the_isn),
		cmocka_unit_test(synack_acknowledging_isn_plus_1_is_matched_to_its_probe),
		cmocka_unit_test(synack6_acknowledging_isn_plus_1_is_matched),
		cmocka_unit_test(synack_acknowledging_other_than_isn_plus_1_is_not_matched),
		cmocka_unit_test(synack_acknowledging_the_syn_data_is_not_matched),
		cmocka_unit_test(synack_from_another_source_port_is_not_matched),
		cmocka_unit_test(synack_from_another_address_is_not_matched),
		cmocka_unit_test(synack6_from_another_address_is_not_matched),
		cmocka_unit_test(synack_to_a_port_no_probe_left_from_is_not_matched),
		cmocka_unit_test(ack_without_syn_or_rst_is_not_matched),
		cmocka_unit_test(rst_acknowledging_isn_plus_1_is_matched),
		cmocka_unit_test(rst_acknowledging_the_syn_and_its_data_is_matched),
		cmocka_unit_test(rst6_acknowledging_the_syn_and_its_data_is_matched),
		cmocka_unit_test(rst_acknowledging_part_of_the_data_is_not_matched),
		cmocka_unit_test(rst_without_the_ack_flag_is_not_matched),
		cmocka_unit_test(isn_plus_1_wraps_around),
		cmocka_unit_test(frag_needed_quoting_our_syn_is_matched),
		cmocka_unit_test(frag_needed_quoting_8_bytes_of_our_syn_is_matched),
		cmocka_unit_test(captured_frag_needed_is_matched),
		cmocka_unit_test(captured_ptb6_is_matched),
		cmocka_unit_test(frag_needed_quoting_a_wrong_seq_is_not_ours),
		cmocka_unit_test(frag_needed_quoting_another_destination_port_is_not_ours),
		cmocka_unit_test(frag_needed_quoting_another_source_port_is_not_ours),
		cmocka_unit_test(frag_needed_quoting_another_length_is_not_ours),
		cmocka_unit_test(frag_needed_quoting_another_destination_is_not_counted),
		cmocka_unit_test(ptb6_quoting_a_wrong_seq_is_not_ours),
		cmocka_unit_test(ptb6_quoting_another_destination_port_is_not_ours),
		cmocka_unit_test(time_exceeded_quoting_our_syn_is_matched),
		cmocka_unit_test(other_error_quoting_a_wrong_seq_is_not_counted_as_a_ptb),
	};

	return cmocka_run_group_tests(tests, group_setup,
				      group_teardown);
}
