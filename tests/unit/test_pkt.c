// SPDX-License-Identifier: GPL-2.0-or-later
/* Building probes and parsing what comes back: each test is one rule of the
 * packet code, checked against packets a real Linux network sent. */
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
#include <cmocka.h>

#include "bytes.h"

#include "addr.h"
#include "cksum.h"
#include "pkt.h"

/*
 * Real packets, captured on 2026-11-22 (Linux 6.18, iputils ping 20221126)
 * in a lab of three network namespaces joined by veth pairs:
 *
 *   c (client) ----------- r (router) ----------- s (server)
 *     c-r 10.99.1.1/24     r-c 10.99.1.2/24        s-r 10.99.2.2/24
 *         fd00:99:1::1/64      fd00:99:1::2/64         10.99.2.4/24
 *                          r-s 10.99.2.1/24            fd00:99:2::2/64
 *                              fd00:99:2::1/64
 *
 *   ip -n r link set r-s mtu 1380; ip -n s link set s-r mtu 1380
 *   (IPv6 addresses added with nodad; c and s route by default via r;
 *    s: ip route add default via 10.99.2.1 advmss 1460, so that TCP from c
 *    sends a segment the 1380 link cannot carry)
 *   ip netns exec r sysctl -w net.ipv4.ip_forward=1 \
 *                             net.ipv6.conf.all.forwarding=1
 *   ip netns exec r nft -f - <<EOF
 *   table inet f { chain fw { type filter hook forward priority 0;
 *     ip daddr 10.99.2.3 reject with icmp type host-unreachable
 *     ip6 daddr fd00:99:2::3 reject with icmpv6 type admin-prohibited } }
 *   EOF
 *   ip netns exec c tcpdump -i c-r -U -w cap.pcap 'icmp or icmp6 or tcp'
 *
 * then, in c, the commands named above each vector (ping -c1 -W1). From
 * each Ethernet frame the link header was dropped; an IPv4 packet is kept
 * whole (what a raw IPv4 socket reads), an ICMPv6 message without its IPv6
 * header (what a raw ICMPv6 socket reads). ping's payload starts with its
 * timestamp, ec 57 02 6b 00 00 00 00 in all of them: our "cookie".
 */

/* ping -c1 10.99.2.2: the request as sent (whole IPv4 packet) */
static const uint8_t echo_request4[84] = {
	0x45, 0x00, 0x00, 0x54, 0xc1, 0x03, 0x40, 0x00, 0x40, 0x01, 0x61, 0xdd,
	0x0a, 0x63, 0x01, 0x01, 0x0a, 0x63, 0x02, 0x02, 0x08, 0x00, 0x73, 0x88,
	0x1d, 0xf5, 0x00, 0x01, 0xec, 0x57, 0x02, 0x6b, 0x00, 0x00, 0x00, 0x00,
	0xb4, 0xeb, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x11, 0x12, 0x13,
	0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b,
	0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
};

/* its reply, from 10.99.2.2 (whole IPv4 packet) */
static const uint8_t echo_reply4[84] = {
	0x45, 0x00, 0x00, 0x54, 0x4a, 0x9f, 0x00, 0x00, 0x3f, 0x01, 0x19, 0x42,
	0x0a, 0x63, 0x02, 0x02, 0x0a, 0x63, 0x01, 0x01, 0x00, 0x00, 0x7b, 0x88,
	0x1d, 0xf5, 0x00, 0x01, 0xec, 0x57, 0x02, 0x6b, 0x00, 0x00, 0x00, 0x00,
	0xb4, 0xeb, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x11, 0x12, 0x13,
	0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b,
	0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
};

/* ping -6 -c1 fd00:99:2::2: the request as sent (ICMPv6 message) */
static const uint8_t echo_request6[64] = {
	0x80, 0x00, 0xc2, 0xbf, 0x1d, 0xf6, 0x00, 0x01, 0xec, 0x57, 0x02, 0x6b,
	0x00, 0x00, 0x00, 0x00, 0xf1, 0xfe, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
	0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33,
	0x34, 0x35, 0x36, 0x37,
};

/* its reply, from fd00:99:2::2 (ICMPv6 message) */
static const uint8_t echo_reply6[64] = {
	0x81, 0x00, 0xc1, 0xbf, 0x1d, 0xf6, 0x00, 0x01, 0xec, 0x57, 0x02, 0x6b,
	0x00, 0x00, 0x00, 0x00, 0xf1, 0xfe, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
	0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33,
	0x34, 0x35, 0x36, 0x37,
};

/* ping -M do -s 1400 10.99.2.2: fragmentation needed, MTU 1380,
 * from 10.99.1.2 */
static const uint8_t frag_needed4[576] = {
	0x45, 0xc0, 0x02, 0x40, 0x6a, 0xb6, 0x00, 0x00, 0x40, 0x01, 0xf6, 0x7e,
	0x0a, 0x63, 0x01, 0x02, 0x0a, 0x63, 0x01, 0x01, 0x03, 0x04, 0x0e, 0x65,
	0x00, 0x00, 0x05, 0x64, 0x45, 0x00, 0x05, 0x94, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x01, 0x1d, 0xa1, 0x0a, 0x63, 0x01, 0x01, 0x0a, 0x63, 0x02, 0x02,
	0x08, 0x00, 0xd6, 0x18, 0x1d, 0xf7, 0x00, 0x01, 0xec, 0x57, 0x02, 0x6b,
	0x00, 0x00, 0x00, 0x00, 0xa5, 0x0f, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
	0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33,
	0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
	0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b,
	0x4c, 0x4d, 0x4e, 0x4f, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57,
	0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62, 0x63,
	0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x7b,
	0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
	0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93,
	0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f,
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab,
	0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7,
	0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3,
	0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
	0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb,
	0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7,
	0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf2, 0xf3,
	0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23,
	0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b,
	0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
	0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f, 0x50, 0x51, 0x52, 0x53,
	0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
	0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b,
	0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83,
	0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
	0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b,
	0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
	0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3,
	0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
	0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb,
	0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7,
	0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xe1, 0xe2, 0xe3,
	0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
	0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb,
	0xfc, 0xfd, 0xfe, 0xff, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
};

/* ping -6 -M do -s 1400 fd00:99:2::2: packet too big, MTU 1380,
 * from fd00:99:1::2 */
static const uint8_t ptb6[1240] = {
	0x02, 0x00, 0x0c, 0x0c, 0x00, 0x00, 0x05, 0x64, 0x60, 0x05, 0x2b, 0x7e,
	0x05, 0x80, 0x3a, 0x40, 0xfd, 0x00, 0x00, 0x99, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xfd, 0x00, 0x00, 0x99,
	0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x80, 0x00, 0x96, 0x12, 0x1d, 0xf8, 0x00, 0x01, 0xec, 0x57, 0x02, 0x6b,
	0x00, 0x00, 0x00, 0x00, 0x6c, 0x20, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
	0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33,
	0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
	0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b,
	0x4c, 0x4d, 0x4e, 0x4f, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57,
	0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62, 0x63,
	0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x7b,
	0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
	0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93,
	0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f,
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab,
	0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7,
	0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3,
	0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
	0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb,
	0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7,
	0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf2, 0xf3,
	0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23,
	0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b,
	0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
	0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f, 0x50, 0x51, 0x52, 0x53,
	0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
	0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b,
	0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83,
	0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
	0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b,
	0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
	0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3,
	0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
	0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb,
	0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7,
	0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xe1, 0xe2, 0xe3,
	0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
	0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb,
	0xfc, 0xfd, 0xfe, 0xff, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13,
	0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b,
	0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
	0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x41, 0x42, 0x43,
	0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f,
	0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x5b,
	0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
	0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73,
	0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f,
	0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b,
	0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
	0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3,
	0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
	0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb,
	0xbc, 0xbd, 0xbe, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
	0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3,
	0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf,
	0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb,
	0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
	0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff, 0x00, 0x01, 0x02, 0x03,
	0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
	0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33,
	0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
	0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b,
	0x4c, 0x4d, 0x4e, 0x4f, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57,
	0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62, 0x63,
	0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x7b,
	0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
	0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93,
	0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f,
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab,
	0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7,
	0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3,
	0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
	0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb,
	0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7,
	0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf2, 0xf3,
	0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23,
	0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b,
	0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
	0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f, 0x50, 0x51, 0x52, 0x53,
	0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
	0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b,
	0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83,
	0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
	0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b,
	0x9c, 0x9d, 0x9e, 0x9f,
};

/* ping -t 1 10.99.2.2: time exceeded in transit, from 10.99.1.2 */
static const uint8_t time_exceeded4[112] = {
	0x45, 0xc0, 0x00, 0x70, 0x6a, 0xb8, 0x00, 0x00, 0x40, 0x01, 0xf8, 0x4c,
	0x0a, 0x63, 0x01, 0x02, 0x0a, 0x63, 0x01, 0x01, 0x0b, 0x00, 0xf4, 0xff,
	0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x54, 0xc1, 0x04, 0x40, 0x00,
	0x01, 0x01, 0xa0, 0xdc, 0x0a, 0x63, 0x01, 0x01, 0x0a, 0x63, 0x02, 0x02,
	0x08, 0x00, 0x2e, 0x40, 0x1d, 0xf9, 0x00, 0x01, 0xec, 0x57, 0x02, 0x6b,
	0x00, 0x00, 0x00, 0x00, 0xf9, 0x2f, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
	0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33,
	0x34, 0x35, 0x36, 0x37,
};

/* ping -6 -t 1 fd00:99:2::2: time exceeded in transit,
 * from fd00:99:1::2 */
static const uint8_t time_exceeded6[112] = {
	0x03, 0x00, 0x3b, 0xd2, 0x00, 0x00, 0x00, 0x00, 0x60, 0x05, 0x2b, 0x7e,
	0x00, 0x40, 0x3a, 0x01, 0xfd, 0x00, 0x00, 0x99, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xfd, 0x00, 0x00, 0x99,
	0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x80, 0x00, 0xc2, 0x7a, 0x1d, 0xfa, 0x00, 0x01, 0xec, 0x57, 0x02, 0x6b,
	0x00, 0x00, 0x00, 0x00, 0xf1, 0x3f, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
	0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33,
	0x34, 0x35, 0x36, 0x37,
};

/* ping 10.99.2.3: the router's nft rule rejects with icmp type
 * host-unreachable, from 10.99.1.2 */
static const uint8_t host_unreach4[112] = {
	0x45, 0xc0, 0x00, 0x70, 0x6a, 0xb9, 0x00, 0x00, 0x40, 0x01, 0xf8, 0x4b,
	0x0a, 0x63, 0x01, 0x02, 0x0a, 0x63, 0x01, 0x01, 0x03, 0x01, 0xfc, 0xfe,
	0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x54, 0xdb, 0x03, 0x40, 0x00,
	0x3f, 0x01, 0x48, 0xdc, 0x0a, 0x63, 0x01, 0x01, 0x0a, 0x63, 0x02, 0x03,
	0x08, 0x00, 0xb7, 0x1e, 0x1d, 0xfb, 0x00, 0x01, 0xec, 0x57, 0x02, 0x6b,
	0x00, 0x00, 0x00, 0x00, 0x70, 0x4f, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
	0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33,
	0x34, 0x35, 0x36, 0x37,
};

/* ping -6 fd00:99:2::3: the router's nft rule rejects with icmpv6 type
 * admin-prohibited, from fd00:99:1::2 */
static const uint8_t admin_prohibited6[112] = {
	0x01, 0x01, 0xc5, 0x02, 0x00, 0x00, 0x00, 0x00, 0x60, 0x0c, 0xa4, 0x07,
	0x00, 0x40, 0x3a, 0x3f, 0xfd, 0x00, 0x00, 0x99, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xfd, 0x00, 0x00, 0x99,
	0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
	0x80, 0x00, 0x74, 0x56, 0x1d, 0xfc, 0x00, 0x01, 0xec, 0x57, 0x02, 0x6b,
	0x00, 0x00, 0x00, 0x00, 0x3f, 0x61, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
	0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33,
	0x34, 0x35, 0x36, 0x37,
};

/* 1448 bytes of TCP to 10.99.2.4:5001 (a 1500-byte segment):
 * fragmentation needed, MTU 1380, from 10.99.1.2, quoting TCP */
static const uint8_t frag_needed_tcp4[576] = {
	0x45, 0xc0, 0x02, 0x40, 0x6b, 0x51, 0x00, 0x00, 0x40, 0x01, 0xf5, 0xe3,
	0x0a, 0x63, 0x01, 0x02, 0x0a, 0x63, 0x01, 0x01, 0x03, 0x04, 0x3a, 0xca,
	0x00, 0x00, 0x05, 0x64, 0x45, 0x00, 0x05, 0xdc, 0x79, 0x33, 0x40, 0x00,
	0x40, 0x06, 0xa4, 0x1e, 0x0a, 0x63, 0x01, 0x01, 0x0a, 0x63, 0x02, 0x04,
	0x8b, 0x48, 0x13, 0x89, 0x1f, 0xad, 0xdb, 0x82, 0x8d, 0x71, 0x17, 0x57,
	0x80, 0x18, 0x00, 0x3f, 0x1d, 0x99, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a,
	0x72, 0x0e, 0xbe, 0xab, 0xef, 0x82, 0x02, 0x16, 0x78, 0x78, 0x78, 0x78,
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

static const uint8_t ping_cookie[PROBE_COOKIE_LEN] = {
	0xec, 0x57, 0x02, 0x6b, 0x00, 0x00, 0x00, 0x00,
};

/* The probe of the building tests. */
static const struct echo_id probe = {
	.id = 0x1234,
	.seq = 0xabcd,
	.cookie = { 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04 },
};

/* Big enough for any IP packet, IPv6 header included. */
static uint8_t big[IP_MAX_PACKET + IP6_HDR_LEN + 1];

/* ------------------------------------------------------------- helpers */

/* IPv4 header checksum, over ihl (as far as len allows). */
static void fix_ip4_cksum(uint8_t *ip, size_t len)
{
	size_t ihl = (size_t)(ip[0] & 0x0f) * 4;
	uint16_t c;

	if (len < IP4_HDR_LEN || ihl > len)
		return;
	memset(ip + 10, 0, 2);
	c = cksum(ip, ihl);
	memcpy(ip + 10, &c, 2);
}

/* ICMP checksum of an IPv4 packet, over what its header says it holds. */
static void fix_icmp4_cksum(uint8_t *ip, size_t len)
{
	size_t ihl = (size_t)(ip[0] & 0x0f) * 4, tot;
	uint16_t c;

	if (len < IP4_HDR_LEN)
		return;
	tot = get16(ip + 2);
	if (ihl < IP4_HDR_LEN || tot > len || tot < ihl + 4)
		return;
	memset(ip + ihl + 2, 0, 2);
	c = cksum(ip + ihl, tot - ihl);
	memcpy(ip + ihl + 2, &c, 2);
}

/* ICMPv6 checksum over the RFC 8200 8.1 pseudo-header. The parser does not
 * check it (the kernel has), but edited vectors stay what a kernel sends. */
static uint16_t icmp6_cksum(const uint8_t *m, size_t len, const char *src,
			    const char *dst)
{
	struct addr s = addr_of(src), d = addr_of(dst);
	uint8_t tail[8] = { 0 };
	uint32_t sum;

	tail[0] = (uint8_t)(len >> 24);
	tail[1] = (uint8_t)(len >> 16);
	tail[2] = (uint8_t)(len >> 8);
	tail[3] = (uint8_t)len;
	tail[7] = IPPROTO_ICMPV6;
	sum = cksum_add(0, &s.v6, 16);
	sum = cksum_add(sum, &d.v6, 16);
	sum = cksum_add(sum, tail, sizeof(tail));
	sum = cksum_add(sum, m, 2);
	/* the checksum field itself counts as zero */
	sum = cksum_add(sum, m + 4, len - 4);
	return cksum_fold(sum);
}

/* Our lab's ICMPv6 errors all go from the router to the client. */
static void fix_icmp6_cksum(uint8_t *m, size_t len)
{
	uint16_t c = icmp6_cksum(m, len, "fd00:99:1::2", "fd00:99:1::1");

	memcpy(m + 2, &c, 2);
}

/* The IPv4 error v with its quote cut to qlen bytes, total length and
 * checksums fixed, in an exact heap block of *len bytes. */
static uint8_t *cut_quote4(const uint8_t *v, size_t qlen, size_t *len)
{
	size_t n = IP4_HDR_LEN + ICMP_HDR_LEN + qlen;
	uint8_t *p = exact_copy(v, n);

	put16(p + 2, (uint16_t)n);
	fix_ip4_cksum(p, n);
	fix_icmp4_cksum(p, n);
	*len = n;
	return p;
}

/* Inserts 4 bytes of IP options (a router alert, RFC 2113) after the
 * 20-byte IPv4 header at ip, which has room after it; the header's length
 * fields grow by 4, the header checksum is fixed. */
static void insert_router_alert(uint8_t *ip, size_t after)
{
	static const uint8_t ra[4] = { 0x94, 0x04, 0x00, 0x00 };

	memmove(ip + IP4_HDR_LEN + 4, ip + IP4_HDR_LEN, after);
	memcpy(ip + IP4_HDR_LEN, ra, 4);
	ip[0] = 0x46;
	put16(ip + 2, get16(ip + 2) + 4);
	fix_ip4_cksum(ip, IP4_HDR_LEN + 4);
}

static int parse(int family, const void *buf, size_t len,
		 struct pkt_info *pi)
{
	return family == AF_INET6 ? pkt_parse_icmp6(buf, len, pi) :
				    pkt_parse_icmp4(buf, len, pi);
}

/* What every successful parse must satisfy, whatever the input. */
static void assert_consistent(int ret, const struct pkt_info *pi)
{
	if (ret != 0 && ret != -EBADMSG)
		fail_msg("parser returned %d", ret);
	if (ret)
		return;
	assert_true(pi->kind <= PKT_UNREACH);
	if (pi->quoted_echo)
		assert_true(pi->quoted_ip);
	if (pi->quoted_ip)
		assert_true(pi->kind == PKT_TOO_BIG ||
			    pi->kind == PKT_TIME_EXCEEDED ||
			    pi->kind == PKT_UNREACH);
	if (pi->has_cookie)
		assert_true(pi->kind == PKT_ECHO_REPLY || pi->quoted_echo);
	if (pi->mtu)
		assert_int_equal(pi->kind, PKT_TOO_BIG);
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

/* The lab's vectors, with what the full packet parses to. */
struct vec {
	const char *name;
	int family;
	const uint8_t *buf;
	size_t len;
	enum pkt_kind kind;
	uint16_t id;		/* ping's identifier, 0 for TCP */
	size_t size;		/* the reply's or quoted packet's size */
};

#define VEC(n, f, k, i, s) { #n, f, n, sizeof(n), k, i, s }

static const struct vec ip4_vecs[] = {
	VEC(echo_reply4, AF_INET, PKT_ECHO_REPLY, 0x1df5, 84),
	VEC(frag_needed4, AF_INET, PKT_TOO_BIG, 0x1df7, 1428),
	VEC(time_exceeded4, AF_INET, PKT_TIME_EXCEEDED, 0x1df9, 84),
	VEC(host_unreach4, AF_INET, PKT_UNREACH, 0x1dfb, 84),
	VEC(frag_needed_tcp4, AF_INET, PKT_TOO_BIG, 0, 1500),
	VEC(echo_request4, AF_INET, PKT_OTHER, 0, 0),
};

static const struct vec icmp6_vecs[] = {
	VEC(echo_reply6, AF_INET6, PKT_ECHO_REPLY, 0x1df6, 104),
	VEC(ptb6, AF_INET6, PKT_TOO_BIG, 0x1df8, 1448),
	VEC(time_exceeded6, AF_INET6, PKT_TIME_EXCEEDED, 0x1dfa, 104),
	VEC(admin_prohibited6, AF_INET6, PKT_UNREACH, 0x1dfc, 104),
	VEC(echo_request6, AF_INET6, PKT_OTHER, 0, 0),
};

#define NVEC(a) (sizeof(a) / sizeof((a)[0]))

/* ----------------------------------------------------------- constants */

static void sizes_and_minimums_follow_the_rfcs(void **state)
{
	(void)state;
	assert_int_equal(pkt_ip_hdr_len(AF_INET), 20);
	assert_int_equal(pkt_ip_hdr_len(AF_INET6), 40);
	/* IP header, ICMP header, cookie */
	assert_int_equal(pkt_echo_min_size(AF_INET), 36);
	assert_int_equal(pkt_echo_min_size(AF_INET6), 56);
	assert_int_equal(pkt_min_mtu(AF_INET), 68);
	assert_int_equal(pkt_min_mtu(AF_INET6), 1280);
}

/* ------------------------------------------------------------ building */

static void echo4_has_type_id_seq_cookie_pattern_and_checksum(void **state)
{
	static const uint8_t want[20] = {
		0x08, 0x00, 0x76, 0x36,	/* echo request, checksum */
		0x12, 0x34, 0xab, 0xcd,	/* id, seq: network order */
		0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04,
		0x10, 0x11, 0x12, 0x13,	/* pattern: the offset */
	};
	uint8_t buf[64];

	(void)state;
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(pkt_build_echo(AF_INET, buf, sizeof(buf), 40, &probe),
			 20);
	assert_memory_equal(buf, want, sizeof(want));
	assert_int_equal(buf[20], 0xaa);
}

static void echo6_has_type_id_seq_cookie_pattern_and_no_checksum(void **state)
{
	static const uint8_t want[20] = {
		0x80, 0x00, 0x00, 0x00,	/* the kernel sums ICMPv6 */
		0x12, 0x34, 0xab, 0xcd,
		0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04,
		0x10, 0x11, 0x12, 0x13,
	};
	uint8_t buf[64];

	(void)state;
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(pkt_build_echo(AF_INET6, buf, sizeof(buf), 60,
					&probe), 20);
	assert_memory_equal(buf, want, sizeof(want));
	assert_int_equal(buf[20], 0xaa);
}

static void echo4_is_size_minus_20_with_a_valid_checksum(void **state)
{
	static const size_t sizes[] = { 36, 37, 84, 577, 1500, 65535 };

	(void)state;
	for (size_t i = 0; i < NVEC(sizes); i++) {
		ssize_t len = pkt_build_echo(AF_INET, big, sizeof(big),
					     sizes[i], &probe);

		assert_int_equal(len, sizes[i] - 20);
		assert_int_equal(cksum(big, (size_t)len), 0);
	}
}

static void echo6_is_size_minus_40(void **state)
{
	static const size_t sizes[] = { 56, 57, 1280, 1500, 65575 };

	(void)state;
	for (size_t i = 0; i < NVEC(sizes); i++)
		assert_int_equal(pkt_build_echo(AF_INET6, big, sizeof(big),
						sizes[i], &probe),
				 sizes[i] - 40);
}

static void echo_pattern_is_the_offset_modulo_256(void **state)
{
	ssize_t len;

	(void)state;
	len = pkt_build_echo(AF_INET, big, sizeof(big), 1500, &probe);
	assert_int_equal(len, 1480);
	for (size_t i = ICMP_HDR_LEN + PROBE_COOKIE_LEN; i < 1480; i++)
		assert_int_equal(big[i], i & 0xff);
}

static void echo_below_min_size_is_emsgsize(void **state)
{
	uint8_t buf[64];

	(void)state;
	assert_int_equal(pkt_build_echo(AF_INET, buf, sizeof(buf), 35, &probe),
			 -EMSGSIZE);
	assert_int_equal(pkt_build_echo(AF_INET, buf, sizeof(buf), 36, &probe),
			 16);
	assert_int_equal(pkt_build_echo(AF_INET6, buf, sizeof(buf), 55,
					&probe), -EMSGSIZE);
	assert_int_equal(pkt_build_echo(AF_INET6, buf, sizeof(buf), 56,
					&probe), 16);
	assert_int_equal(pkt_build_echo(AF_INET, buf, sizeof(buf), 0, &probe),
			 -EMSGSIZE);
}

/* IPv4 total length counts the header, the IPv6 payload length does not. */
static void echo_above_the_ip_length_field_is_emsgsize(void **state)
{
	(void)state;
	assert_int_equal(pkt_build_echo(AF_INET, big, sizeof(big), 65536,
					&probe), -EMSGSIZE);
	assert_int_equal(pkt_build_echo(AF_INET6, big, sizeof(big),
					65535 + 40 + 1, &probe), -EMSGSIZE);
}

static void echo_in_a_short_buffer_is_enospc_and_writes_nothing(void **state)
{
	uint8_t *buf = malloc(63);

	(void)state;
	assert_non_null(buf);
	memset(buf, 0xaa, 63);
	assert_int_equal(pkt_build_echo(AF_INET, buf, 63, 84, &probe),
			 -ENOSPC);
	assert_int_equal(pkt_build_echo(AF_INET6, buf, 63, 104, &probe),
			 -ENOSPC);
	for (size_t i = 0; i < 63; i++)
		assert_int_equal(buf[i], 0xaa);
	free(buf);
}

/* Exactly len bytes suffice: the heap block would show any byte more. */
static void echo_fills_a_buffer_of_exactly_its_length(void **state)
{
	uint8_t *buf = malloc(64);

	(void)state;
	assert_non_null(buf);
	assert_int_equal(pkt_build_echo(AF_INET, buf, 64, 84, &probe), 64);
	assert_int_equal(pkt_build_echo(AF_INET6, buf, 64, 104, &probe), 64);
	free(buf);
}

static void echo4_to_reply_is_the_reply_linux_sent(void **state)
{
	uint8_t m[64];

	(void)state;
	memcpy(m, echo_request4 + 20, sizeof(m));
	pkt_echo_to_reply(AF_INET, m, sizeof(m));
	assert_memory_equal(m, echo_reply4 + 20, sizeof(m));
}

/* The same but for the checksum, which the kernel fills in for ICMPv6. */
static void echo6_to_reply_is_the_reply_linux_sent_but_checksum(void **state)
{
	uint8_t m[64];

	(void)state;
	memcpy(m, echo_request6, sizeof(m));
	pkt_echo_to_reply(AF_INET6, m, sizeof(m));
	assert_int_equal(m[0], 129);
	assert_int_equal(m[1], 0);
	assert_int_equal(get16(m + 2), 0);
	assert_memory_equal(m + 4, echo_reply6 + 4, sizeof(m) - 4);
}

static void echo4_to_reply_of_an_odd_length_has_a_valid_checksum(void **state)
{
	uint8_t m[21];

	(void)state;
	assert_int_equal(pkt_build_echo(AF_INET, m, sizeof(m), 41, &probe),
			 21);
	pkt_echo_to_reply(AF_INET, m, sizeof(m));
	assert_int_equal(m[0], 0);
	assert_int_equal(cksum(m, sizeof(m)), 0);
}

static void echo_to_reply_leaves_less_than_a_header_alone(void **state)
{
	uint8_t *m = exact_copy(echo_request4 + 20, 7);

	(void)state;
	pkt_echo_to_reply(AF_INET, m, 7);
	assert_memory_equal(m, echo_request4 + 20, 7);
	free(m);
}

/* The header Linux put on ping -M do -s 1400: DF, ID 0, TTL 64. */
static void ip4_header_is_the_one_linux_sends_for_a_df_probe(void **state)
{
	struct addr src = addr_of("10.99.1.1"), dst = addr_of("10.99.2.2");

	(void)state;
	memset(big + 20, 0x5a, 1408);
	assert_int_equal(pkt_build_ip(big, sizeof(big), &src, &dst,
				      IPPROTO_ICMP, 64, big + 20, 1408), 1428);
	/* the header quoted by frag_needed4, checksum 1da1 included */
	assert_memory_equal(big, frag_needed4 + 28, 20);
}

static void ip4_has_df_ttl_protocol_addresses_and_header_checksum(void **state)
{
	static const uint8_t payload[4] = { 1, 2, 3, 4 };
	static const uint8_t want[24] = {
		0x45, 0x00, 0x00, 0x18,	/* total length 24 */
		0x00, 0x00, 0x40, 0x00,	/* ID 0, DF */
		0x07, 0x11, 0x5c, 0x0d,	/* TTL 7, UDP, checksum */
		0x0a, 0x63, 0x01, 0x01,
		0x0a, 0x63, 0x02, 0x02,
		0x01, 0x02, 0x03, 0x04,
	};
	struct addr src = addr_of("10.99.1.1"), dst = addr_of("10.99.2.2");
	uint8_t buf[32];

	(void)state;
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(pkt_build_ip(buf, sizeof(buf), &src, &dst,
				      IPPROTO_UDP, 7, payload, 4), 24);
	assert_memory_equal(buf, want, sizeof(want));
	assert_int_equal(cksum(buf, 20), 0);
	assert_int_equal(buf[24], 0xaa);
}

/* Flow label 0 where Linux put a hash; everything else as it sent. */
static void ip6_header_is_the_one_linux_sends_but_flow_label(void **state)
{
	struct addr src = addr_of("fd00:99:1::1");
	struct addr dst = addr_of("fd00:99:2::2");
	uint8_t want[40];

	(void)state;
	memcpy(want, ptb6 + 8, 40);
	want[1] = want[2] = want[3] = 0;
	memset(big + 40, 0x5a, 1408);
	assert_int_equal(pkt_build_ip(big, sizeof(big), &src, &dst,
				      IPPROTO_ICMPV6, 64, big + 40, 1408),
			 1448);
	assert_memory_equal(big, want, 40);
}

static void ip6_payload_length_excludes_the_header(void **state)
{
	static const uint8_t payload[5] = { 1, 2, 3, 4, 5 };
	struct addr src = addr_of("fd00:99:1::1");
	struct addr dst = addr_of("fd00:99:2::2");
	uint8_t buf[48];

	(void)state;
	assert_int_equal(pkt_build_ip(buf, sizeof(buf), &src, &dst,
				      IPPROTO_UDP, 9, payload, 5), 45);
	assert_int_equal(buf[0], 0x60);
	assert_int_equal(get16(buf + 4), 5);
	assert_int_equal(buf[6], IPPROTO_UDP);
	assert_int_equal(buf[7], 9);
	assert_memory_equal(buf + 8, &src.v6, 16);
	assert_memory_equal(buf + 24, &dst.v6, 16);
	assert_memory_equal(buf + 40, payload, 5);
}

static void ip_above_the_length_field_is_emsgsize(void **state)
{
	struct addr s4 = addr_of("10.99.1.1"), d4 = addr_of("10.99.2.2");
	struct addr s6 = addr_of("fd00:99:1::1"), d6 = addr_of("fd00:99:2::2");
	static uint8_t payload[IP_MAX_PACKET + 1];

	(void)state;
	assert_int_equal(pkt_build_ip(big, sizeof(big), &s4, &d4, 1, 64,
				      payload, 65515), 65535);
	assert_int_equal(pkt_build_ip(big, sizeof(big), &s4, &d4, 1, 64,
				      payload, 65516), -EMSGSIZE);
	assert_int_equal(pkt_build_ip(big, sizeof(big), &s6, &d6, 58, 64,
				      payload, 65535), 65575);
	assert_int_equal(pkt_build_ip(big, sizeof(big), &s6, &d6, 58, 64,
				      payload, 65536), -EMSGSIZE);
}

static void ip_in_a_short_buffer_is_enospc(void **state)
{
	struct addr s4 = addr_of("10.99.1.1"), d4 = addr_of("10.99.2.2");
	struct addr s6 = addr_of("fd00:99:1::1"), d6 = addr_of("fd00:99:2::2");
	uint8_t *buf = malloc(103);

	(void)state;
	assert_non_null(buf);
	assert_int_equal(pkt_build_ip(buf, 83, &s4, &d4, 1, 64,
				      echo_request4 + 20, 64), -ENOSPC);
	assert_int_equal(pkt_build_ip(buf, 103, &s6, &d6, 58, 64,
				      echo_request6, 64), -ENOSPC);
	assert_int_equal(pkt_build_ip(buf, 84, &s4, &d4, 1, 64,
				      echo_request4 + 20, 64), 84);
	free(buf);
}

/* The router's whole ICMP message, checksum 0e65 included. */
static void icmp4_error_is_the_frag_needed_linux_sent(void **state)
{
	uint8_t buf[600];

	(void)state;
	assert_int_equal(pkt_build_icmp_error(AF_INET, buf, sizeof(buf), 3, 4,
					      1380, frag_needed4 + 28, 548),
			 556);
	assert_memory_equal(buf, frag_needed4 + 20, 556);
}

static void icmp6_error_is_the_ptb_linux_sent_but_checksum(void **state)
{
	uint8_t buf[1240];

	(void)state;
	assert_int_equal(pkt_build_icmp_error(AF_INET6, buf, sizeof(buf), 2, 0,
					      1380, ptb6 + 8, 1232), 1240);
	assert_int_equal(get16(buf + 2), 0);
	assert_memory_equal(buf, ptb6, 2);
	assert_memory_equal(buf + 4, ptb6 + 4, 1236);
}

static void icmp6_error_rest_is_32_bits_in_network_order(void **state)
{
	static const uint8_t want[8] = { 2, 0, 0, 0, 0x00, 0x01, 0x23, 0x45 };
	uint8_t buf[8 + 48];

	(void)state;
	assert_int_equal(pkt_build_icmp_error(AF_INET6, buf, sizeof(buf), 2, 0,
					      0x00012345, ptb6 + 8, 48), 56);
	assert_memory_equal(buf, want, 8);
}

/* RFC 792: the quote may be as short as the IP header and 8 bytes. */
static void icmp4_error_quoting_28_bytes_has_a_valid_checksum(void **state)
{
	uint8_t buf[36];

	(void)state;
	assert_int_equal(pkt_build_icmp_error(AF_INET, buf, sizeof(buf), 11, 0,
					      0, time_exceeded4 + 28, 28), 36);
	assert_int_equal(buf[0], 11);
	assert_int_equal(buf[1], 0);
	assert_int_equal(cksum(buf, 36), 0);
	assert_memory_equal(buf + 8, time_exceeded4 + 28, 28);
}

static void icmp_error_above_the_length_field_is_emsgsize(void **state)
{
	static uint8_t quote[IP_MAX_PACKET];

	(void)state;
	/* 20 + 8 + 65507 = 65535 */
	assert_int_equal(pkt_build_icmp_error(AF_INET, big, sizeof(big), 3, 4,
					      0, quote, 65507), 65515);
	assert_int_equal(pkt_build_icmp_error(AF_INET, big, sizeof(big), 3, 4,
					      0, quote, 65508), -EMSGSIZE);
	/* payload length 8 + 65527 = 65535 */
	assert_int_equal(pkt_build_icmp_error(AF_INET6, big, sizeof(big), 2, 0,
					      0, quote, 65527), 65535);
	assert_int_equal(pkt_build_icmp_error(AF_INET6, big, sizeof(big), 2, 0,
					      0, quote, 65528), -EMSGSIZE);
}

static void icmp_error_in_a_short_buffer_is_enospc(void **state)
{
	uint8_t *buf = malloc(555);

	(void)state;
	assert_non_null(buf);
	assert_int_equal(pkt_build_icmp_error(AF_INET, buf, 555, 3, 4, 1380,
					      frag_needed4 + 28, 548), -ENOSPC);
	assert_int_equal(pkt_build_icmp_error(AF_INET6, buf, 555, 2, 0, 1380,
					      ptb6 + 8, 548), -ENOSPC);
	free(buf);
}

/* ---------------------------------------------------- parsing, the lab */

static void echo_reply4_gives_id_seq_cookie_size_from_and_ttl(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_icmp4(echo_reply4, sizeof(echo_reply4),
					 &pi), 0);
	assert_int_equal(pi.kind, PKT_ECHO_REPLY);
	assert_int_equal(pi.type, 0);
	assert_int_equal(pi.code, 0);
	assert_addr(&pi.from, "10.99.2.2");
	assert_int_equal(pi.ttl, 63);
	assert_int_equal(pi.id, 0x1df5);
	assert_int_equal(pi.seq, 1);
	assert_true(pi.has_cookie);
	assert_memory_equal(pi.cookie, ping_cookie, PROBE_COOKIE_LEN);
	assert_int_equal(pi.size, 84);
	assert_int_equal(pi.mtu, 0);
	assert_false(pi.quoted_ip);
	assert_false(pi.quoted_echo);
}

/* The size is the IP packet's: the ICMPv6 message and a 40-byte header. */
static void echo_reply6_gives_id_seq_cookie_and_size(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_icmp6(echo_reply6, sizeof(echo_reply6),
					 &pi), 0);
	assert_int_equal(pi.kind, PKT_ECHO_REPLY);
	assert_int_equal(pi.type, 129);
	assert_int_equal(pi.code, 0);
	assert_int_equal(pi.from.family, 0);
	assert_int_equal(pi.id, 0x1df6);
	assert_int_equal(pi.seq, 1);
	assert_true(pi.has_cookie);
	assert_memory_equal(pi.cookie, ping_cookie, PROBE_COOKIE_LEN);
	assert_int_equal(pi.size, 104);
	assert_false(pi.quoted_ip);
}

static void frag_needed4_quoting_our_probe_gives_mtu_and_probe(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_icmp4(frag_needed4, sizeof(frag_needed4),
					 &pi), 0);
	assert_int_equal(pi.kind, PKT_TOO_BIG);
	assert_int_equal(pi.type, 3);
	assert_int_equal(pi.code, 4);
	assert_addr(&pi.from, "10.99.1.2");
	assert_int_equal(pi.ttl, 64);
	assert_int_equal(pi.mtu, 1380);
	assert_true(pi.quoted_ip);
	assert_addr(&pi.qsrc, "10.99.1.1");
	assert_addr(&pi.qdst, "10.99.2.2");
	assert_int_equal(pi.qproto, IPPROTO_ICMP);
	assert_true(pi.quoted_echo);
	assert_int_equal(pi.id, 0x1df7);
	assert_int_equal(pi.seq, 1);
	assert_true(pi.has_cookie);
	assert_memory_equal(pi.cookie, ping_cookie, PROBE_COOKIE_LEN);
	/* the quoted total length, not the 548 bytes quoted */
	assert_int_equal(pi.size, 1428);
}

static void frag_needed4_quoting_a_later_fragment_is_not_an_echo(void **state)
{
	uint8_t v[sizeof(frag_needed4)];
	struct pkt_info pi;

	(void)state;
	memcpy(v, frag_needed4, sizeof(v));
	/* quoted header at 20 + 8: fragment offset 185 (1480 bytes) */
	put16(v + 28 + 6, 185);
	fix_ip4_cksum(v + 28, sizeof(v) - 28);
	fix_icmp4_cksum(v, sizeof(v));
	assert_int_equal(pkt_parse_icmp4(v, sizeof(v), &pi), 0);
	assert_int_equal(pi.kind, PKT_TOO_BIG);
	assert_true(pi.quoted_ip);
	assert_false(pi.quoted_echo);
}

static void ip_payload_may_start_at_the_buffer(void **state)
{
	uint8_t b[100], pay[30];
	struct addr s, d;

	(void)state;
	for (size_t i = 0; i < sizeof(pay); i++)
		pay[i] = (uint8_t)(0xa0 + i);
	addr_pton("10.99.1.1", &s);
	addr_pton("10.99.3.2", &d);
	memcpy(b, pay, sizeof(pay));
	assert_int_equal(pkt_build_ip(b, sizeof(b), &s, &d, IPPROTO_ICMP, 64,
				      b, sizeof(pay)), IP4_HDR_LEN + sizeof(pay));
	assert_memory_equal(b + IP4_HDR_LEN, pay, sizeof(pay));
}

static void ptb6_quoting_our_probe_gives_mtu_and_probe(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_icmp6(ptb6, sizeof(ptb6), &pi), 0);
	assert_int_equal(pi.kind, PKT_TOO_BIG);
	assert_int_equal(pi.type, 2);
	assert_int_equal(pi.code, 0);
	assert_int_equal(pi.mtu, 1380);
	assert_true(pi.quoted_ip);
	assert_addr(&pi.qsrc, "fd00:99:1::1");
	assert_addr(&pi.qdst, "fd00:99:2::2");
	assert_int_equal(pi.qproto, IPPROTO_ICMPV6);
	assert_true(pi.quoted_echo);
	assert_int_equal(pi.id, 0x1df8);
	assert_int_equal(pi.seq, 1);
	assert_true(pi.has_cookie);
	assert_memory_equal(pi.cookie, ping_cookie, PROBE_COOKIE_LEN);
	assert_int_equal(pi.size, 1448);
}

static void frag_needed4_quoting_tcp_is_not_an_echo(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_icmp4(frag_needed_tcp4,
					 sizeof(frag_needed_tcp4), &pi), 0);
	assert_int_equal(pi.kind, PKT_TOO_BIG);
	assert_int_equal(pi.mtu, 1380);
	assert_true(pi.quoted_ip);
	assert_addr(&pi.qsrc, "10.99.1.1");
	assert_addr(&pi.qdst, "10.99.2.4");
	assert_int_equal(pi.qproto, IPPROTO_TCP);
	assert_false(pi.quoted_echo);
	assert_int_equal(pi.id, 0);
	assert_int_equal(pi.seq, 0);
	assert_false(pi.has_cookie);
	assert_int_equal(pi.size, 1500);
}

static void time_exceeded4_gives_the_router_and_the_probe(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_icmp4(time_exceeded4,
					 sizeof(time_exceeded4), &pi), 0);
	assert_int_equal(pi.kind, PKT_TIME_EXCEEDED);
	assert_int_equal(pi.type, 11);
	assert_int_equal(pi.code, 0);
	assert_addr(&pi.from, "10.99.1.2");
	assert_int_equal(pi.mtu, 0);
	assert_true(pi.quoted_echo);
	assert_addr(&pi.qdst, "10.99.2.2");
	assert_int_equal(pi.id, 0x1df9);
	assert_int_equal(pi.seq, 1);
	assert_true(pi.has_cookie);
	assert_int_equal(pi.size, 84);
}

static void time_exceeded6_gives_the_probe(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_icmp6(time_exceeded6,
					 sizeof(time_exceeded6), &pi), 0);
	assert_int_equal(pi.kind, PKT_TIME_EXCEEDED);
	assert_int_equal(pi.type, 3);
	assert_int_equal(pi.code, 0);
	assert_int_equal(pi.mtu, 0);
	assert_true(pi.quoted_echo);
	assert_addr(&pi.qdst, "fd00:99:2::2");
	assert_int_equal(pi.id, 0x1dfa);
	assert_int_equal(pi.seq, 1);
	assert_true(pi.has_cookie);
	assert_int_equal(pi.size, 104);
}

static void host_unreach4_is_unreach_with_its_code(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_icmp4(host_unreach4, sizeof(host_unreach4),
					 &pi), 0);
	assert_int_equal(pi.kind, PKT_UNREACH);
	assert_int_equal(pi.type, 3);
	assert_int_equal(pi.code, 1);
	assert_addr(&pi.from, "10.99.1.2");
	/* the low 16 bits of the second word are not an MTU here */
	assert_int_equal(pi.mtu, 0);
	assert_true(pi.quoted_echo);
	assert_addr(&pi.qdst, "10.99.2.3");
	assert_int_equal(pi.id, 0x1dfb);
	assert_int_equal(pi.size, 84);
}

static void admin_prohibited6_is_unreach_with_its_code(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_icmp6(admin_prohibited6,
					 sizeof(admin_prohibited6), &pi), 0);
	assert_int_equal(pi.kind, PKT_UNREACH);
	assert_int_equal(pi.type, 1);
	assert_int_equal(pi.code, 1);
	assert_true(pi.quoted_echo);
	assert_addr(&pi.qdst, "fd00:99:2::3");
	assert_int_equal(pi.id, 0x1dfc);
	assert_int_equal(pi.size, 104);
}

static void echo_request_is_other_but_valid(void **state)
{
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_parse_icmp4(echo_request4, sizeof(echo_request4),
					 &pi), 0);
	assert_int_equal(pi.kind, PKT_OTHER);
	assert_int_equal(pi.type, 8);
	assert_addr(&pi.from, "10.99.1.1");
	assert_int_equal(pkt_parse_icmp6(echo_request6, sizeof(echo_request6),
					 &pi), 0);
	assert_int_equal(pi.kind, PKT_OTHER);
	assert_int_equal(pi.type, 128);
}

/* Guards the vectors themselves against a slip while embedding them. */
static void lab_vectors_carry_the_checksums_linux_gave_them(void **state)
{
	static const struct {
		const uint8_t *m;
		size_t len;
		const char *src, *dst;
	} v6[] = {
		{ echo_request6, sizeof(echo_request6),
		  "fd00:99:1::1", "fd00:99:2::2" },
		{ echo_reply6, sizeof(echo_reply6),
		  "fd00:99:2::2", "fd00:99:1::1" },
		{ ptb6, sizeof(ptb6), "fd00:99:1::2", "fd00:99:1::1" },
		{ time_exceeded6, sizeof(time_exceeded6),
		  "fd00:99:1::2", "fd00:99:1::1" },
		{ admin_prohibited6, sizeof(admin_prohibited6),
		  "fd00:99:1::2", "fd00:99:1::1" },
	};

	(void)state;
	for (size_t i = 0; i < NVEC(ip4_vecs); i++) {
		const uint8_t *p = ip4_vecs[i].buf;

		assert_int_equal(get16(p + 2), ip4_vecs[i].len);
		assert_int_equal(cksum(p, 20), 0);
		assert_int_equal(cksum(p + 20, ip4_vecs[i].len - 20), 0);
	}
	for (size_t i = 0; i < NVEC(v6); i++) {
		uint16_t c;

		memcpy(&c, v6[i].m + 2, 2);
		assert_int_equal(icmp6_cksum(v6[i].m, v6[i].len, v6[i].src,
					     v6[i].dst), c);
	}
}

/* ------------------------------------------- parsing, edited lab packets */

/* RFC 1191 4: routers older than RFC 1191 leave the field 0. */
static void frag_needed4_with_mtu_0_is_too_big_with_mtu_0(void **state)
{
	uint8_t p[sizeof(frag_needed4)];
	struct pkt_info pi;

	(void)state;
	memcpy(p, frag_needed4, sizeof(p));
	put16(p + 26, 0);
	fix_icmp4_cksum(p, sizeof(p));
	assert_int_equal(pkt_parse_icmp4(p, sizeof(p), &pi), 0);
	assert_int_equal(pi.kind, PKT_TOO_BIG);
	assert_int_equal(pi.mtu, 0);
	assert_true(pi.quoted_echo);
	assert_int_equal(pi.id, 0x1df7);
}

/* RFC 1191 4: the MTU is the low 16 bits; the high ones are unused (and
 * RFC 4884 puts a length there). */
static void frag_needed4_mtu_is_the_low_16_bits_of_the_word(void **state)
{
	uint8_t p[sizeof(frag_needed4)];
	struct pkt_info pi;

	(void)state;
	memcpy(p, frag_needed4, sizeof(p));
	put16(p + 24, 0xabcd);
	fix_icmp4_cksum(p, sizeof(p));
	assert_int_equal(pkt_parse_icmp4(p, sizeof(p), &pi), 0);
	assert_int_equal(pi.mtu, 1380);
}

/* RFC 4443 3.2: 32 bits; clamping is the caller's business. */
static void ptb6_mtu_above_65535_is_reported_whole(void **state)
{
	static const uint32_t mtus[] = { 0x00012345, 0x00010000, 0xffffffff };
	uint8_t p[sizeof(ptb6)];
	struct pkt_info pi;

	(void)state;
	for (size_t i = 0; i < NVEC(mtus); i++) {
		memcpy(p, ptb6, sizeof(p));
		put16(p + 4, (uint16_t)(mtus[i] >> 16));
		put16(p + 6, (uint16_t)mtus[i]);
		fix_icmp6_cksum(p, sizeof(p));
		assert_int_equal(pkt_parse_icmp6(p, sizeof(p), &pi), 0);
		assert_int_equal(pi.kind, PKT_TOO_BIG);
		assert_int_equal(pi.mtu, mtus[i]);
		assert_int_equal(pi.id, 0x1df8);
	}
}

/* The parser reports the quote as it is; whether it is ours is the
 * caller's decision (RFC 8899 4.6.1). */
static void frag_needed4_quoting_another_host_gives_its_address(void **state)
{
	uint8_t p[sizeof(frag_needed4)];
	struct pkt_info pi;

	(void)state;
	memcpy(p, frag_needed4, sizeof(p));
	p[28 + 15] = 7;			/* quoted source 10.99.1.7 */
	fix_ip4_cksum(p + 28, sizeof(p) - 28);
	fix_icmp4_cksum(p, sizeof(p));
	assert_int_equal(pkt_parse_icmp4(p, sizeof(p), &pi), 0);
	assert_true(pi.quoted_ip);
	assert_addr(&pi.qsrc, "10.99.1.7");
	assert_addr(&pi.qdst, "10.99.2.2");
}

static void frag_needed4_quoting_an_echo_reply_is_not_an_echo(void **state)
{
	uint8_t p[sizeof(frag_needed4)];
	struct pkt_info pi;

	(void)state;
	memcpy(p, frag_needed4, sizeof(p));
	p[48] = 0;			/* quoted ICMP type: echo reply */
	fix_icmp4_cksum(p, sizeof(p));
	assert_int_equal(pkt_parse_icmp4(p, sizeof(p), &pi), 0);
	assert_true(pi.quoted_ip);
	assert_int_equal(pi.qproto, IPPROTO_ICMP);
	assert_false(pi.quoted_echo);
	assert_false(pi.has_cookie);
	assert_int_equal(pi.id, 0);
}

static void ptb6_quoting_udp_is_not_an_echo(void **state)
{
	uint8_t p[sizeof(ptb6)];
	struct pkt_info pi;

	(void)state;
	memcpy(p, ptb6, sizeof(p));
	p[8 + 6] = IPPROTO_UDP;		/* quoted next header */
	fix_icmp6_cksum(p, sizeof(p));
	assert_int_equal(pkt_parse_icmp6(p, sizeof(p), &pi), 0);
	assert_int_equal(pi.kind, PKT_TOO_BIG);
	assert_true(pi.quoted_ip);
	assert_int_equal(pi.qproto, IPPROTO_UDP);
	assert_false(pi.quoted_echo);
	/* read as a datagram's: the port, and the 8 bytes after the header */
	assert_true(pi.quoted_udp);
	assert_int_equal(pi.udp_dport, ptb6[8 + 40 + 2] << 8 | ptb6[8 + 40 + 3]);
	assert_true(pi.has_cookie);
	assert_memory_equal(pi.cookie, ptb6 + 8 + 40 + 8, PROBE_COOKIE_LEN);
}

/*
 * The "port unreachable" a host sends about one of our datagrams, as a
 * raw ICMP socket receives it (IPv4: with its IP header): the datagram
 * went from src to dst, port 33434, its cookie first; the error quotes
 * qlen bytes of it.
 */
static size_t port_unreach(int family, uint8_t *out, size_t cap, size_t qlen)
{
	struct addr src, dst;
	uint8_t udp[UDP_HDR_LEN + PROBE_COOKIE_LEN + 12] = {
		0x9c, 0x40, 0x82, 0x9a, 0, sizeof(udp), 0, 0,
		1, 2, 3, 4, 5, 6, 7, 8,
	};
	uint8_t dgram[IP6_HDR_LEN + sizeof(udp)], icmp[8 + sizeof(dgram)];
	bool v6 = family == AF_INET6;
	ssize_t dlen, ilen, len;

	assert_int_equal(addr_pton(v6 ? "fd00:99:1::1" : "10.99.1.1", &src), 0);
	assert_int_equal(addr_pton(v6 ? "fd00:99:3::2" : "10.99.3.2", &dst), 0);
	dlen = pkt_build_ip(dgram, sizeof(dgram), &src, &dst, IPPROTO_UDP, 64,
			    udp, sizeof(udp));
	assert_true(dlen > 0 && qlen <= (size_t)dlen);
	ilen = pkt_build_icmp_error(family, icmp, sizeof(icmp), v6 ? 1 : 3,
				    v6 ? 4 : 3, 0, dgram, qlen);
	assert_true(ilen > 0);
	if (v6) {
		memcpy(out, icmp, (size_t)ilen);
		return (size_t)ilen;
	}
	len = pkt_build_ip(out, cap, &dst, &src, IPPROTO_ICMP, 64, icmp,
			   (size_t)ilen);
	assert_true(len > 0);
	return (size_t)len;
}

static void udp_is_header_cookie_and_zeros_to_the_size(void **state)
{
	static const uint8_t cookie[PROBE_COOKIE_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint8_t buf[64];

	(void)state;
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(pkt_build_udp(AF_INET, buf, sizeof(buf), 60, 33434,
				       cookie), 40);
	/* source port and checksum zero, for the socket */
	assert_memory_equal(buf, ((uint8_t[]){ 0, 0, 0x82, 0x9a, 0, 40, 0, 0 }),
			    UDP_HDR_LEN);
	assert_memory_equal(buf + UDP_HDR_LEN, cookie, PROBE_COOKIE_LEN);
	for (size_t i = UDP_HDR_LEN + PROBE_COOKIE_LEN; i < 40; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(buf[40], 0xaa);
	/* a size that holds part of the cookie gets that part */
	assert_int_equal(pkt_build_udp(AF_INET6, buf, sizeof(buf), 51, 7,
				       cookie), 11);
	assert_memory_equal(buf + UDP_HDR_LEN, cookie, 3);
}

static void udp_outside_the_ip_bounds_is_emsgsize_and_short_cap_enospc(void **state)
{
	static const uint8_t cookie[PROBE_COOKIE_LEN];
	uint8_t buf[64];

	(void)state;
	assert_int_equal(pkt_build_udp(AF_INET, buf, sizeof(buf), 27, 1, cookie),
			 -EMSGSIZE);
	assert_int_equal(pkt_build_udp(AF_INET6, buf, sizeof(buf), 47, 1, cookie),
			 -EMSGSIZE);
	assert_int_equal(pkt_build_udp(AF_INET, big, sizeof(big), 65536, 1,
				       cookie), -EMSGSIZE);
	assert_int_equal(pkt_build_udp(AF_INET6, big, sizeof(big), 65576, 1,
				       cookie), -EMSGSIZE);
	assert_int_equal(pkt_build_udp(AF_INET, buf, sizeof(buf), 85, 1, cookie),
			 -ENOSPC);
}

static void port_unreach_quoting_our_datagram_gives_port_and_cookie(void **state)
{
	static const uint8_t cookie[PROBE_COOKIE_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint8_t p[256];
	struct pkt_info pi;
	size_t len;

	(void)state;
	len = port_unreach(AF_INET, p, sizeof(p), IP4_HDR_LEN + 28);
	assert_int_equal(pkt_parse_icmp4(p, len, &pi), 0);
	assert_int_equal(pi.kind, PKT_UNREACH);
	assert_int_equal(pi.type, 3);
	assert_int_equal(pi.code, 3);
	assert_int_equal(pi.qproto, IPPROTO_UDP);
	assert_true(pi.quoted_udp);
	assert_int_equal(pi.udp_dport, 33434);
	assert_true(pi.has_cookie);
	assert_memory_equal(pi.cookie, cookie, PROBE_COOKIE_LEN);
	assert_false(pi.quoted_echo);
	assert_false(pi.quoted_tcp);

	len = port_unreach(AF_INET6, p, sizeof(p), IP6_HDR_LEN + 28);
	assert_int_equal(pkt_parse_icmp6(p, len, &pi), 0);
	assert_int_equal(pi.kind, PKT_UNREACH);
	assert_int_equal(pi.code, 4);
	assert_true(pi.quoted_udp);
	assert_int_equal(pi.udp_dport, 33434);
	assert_true(pi.has_cookie);
	assert_memory_equal(pi.cookie, cookie, PROBE_COOKIE_LEN);
}

static void quote_cut_before_the_cookie_gives_no_cookie(void **state)
{
	uint8_t p[256];
	struct pkt_info pi;
	size_t len;

	(void)state;
	/* RFC 792's 8 bytes: the port, no cookie */
	len = port_unreach(AF_INET, p, sizeof(p), IP4_HDR_LEN + 8);
	assert_int_equal(pkt_parse_icmp4(p, len, &pi), 0);
	assert_true(pi.quoted_udp);
	assert_int_equal(pi.udp_dport, 33434);
	assert_false(pi.has_cookie);
	len = port_unreach(AF_INET6, p, sizeof(p), IP6_HDR_LEN + 15);
	assert_int_equal(pkt_parse_icmp6(p, len, &pi), 0);
	assert_true(pi.quoted_udp);
	assert_false(pi.has_cookie);
	/* less than a UDP header: not even the port */
	len = port_unreach(AF_INET, p, sizeof(p), IP4_HDR_LEN + 7);
	assert_int_equal(pkt_parse_icmp4(p, len, &pi), 0);
	assert_int_equal(pi.qproto, IPPROTO_UDP);
	assert_false(pi.quoted_udp);
	assert_false(pi.has_cookie);
}

static void quote_of_the_wrong_ip_version_is_not_read(void **state)
{
	uint8_t p4[sizeof(frag_needed4)], p6[sizeof(ptb6)];
	struct pkt_info pi;

	(void)state;
	memcpy(p4, frag_needed4, sizeof(p4));
	p4[28] = 0x65;
	fix_icmp4_cksum(p4, sizeof(p4));
	assert_int_equal(pkt_parse_icmp4(p4, sizeof(p4), &pi), 0);
	assert_int_equal(pi.kind, PKT_TOO_BIG);
	assert_int_equal(pi.mtu, 1380);
	assert_false(pi.quoted_ip);
	assert_false(pi.quoted_echo);
	assert_int_equal(pi.size, 0);

	memcpy(p6, ptb6, sizeof(p6));
	p6[8] = 0x45;
	fix_icmp6_cksum(p6, sizeof(p6));
	assert_int_equal(pkt_parse_icmp6(p6, sizeof(p6), &pi), 0);
	assert_int_equal(pi.mtu, 1380);
	assert_false(pi.quoted_ip);
	assert_int_equal(pi.size, 0);
}

static void quoted_ip4_header_length_below_20_is_not_read(void **state)
{
	uint8_t p[sizeof(frag_needed4)];
	struct pkt_info pi;

	(void)state;
	memcpy(p, frag_needed4, sizeof(p));
	p[28] = 0x44;
	fix_icmp4_cksum(p, sizeof(p));
	assert_int_equal(pkt_parse_icmp4(p, sizeof(p), &pi), 0);
	assert_false(pi.quoted_ip);
}

/* A quoted header whose length runs past the end of the quote. */
static void quoted_ip4_header_longer_than_the_quote_is_not_read(void **state)
{
	struct pkt_info pi;
	uint8_t *p;
	size_t len;

	(void)state;
	p = cut_quote4(frag_needed4, 22, &len);
	p[28] = 0x46;			/* 24 bytes of header in 22 */
	fix_icmp4_cksum(p, len);
	assert_int_equal(pkt_parse_icmp4(p, len, &pi), 0);
	assert_int_equal(pi.kind, PKT_TOO_BIG);
	assert_false(pi.quoted_ip);
	free(p);
}

static void wrong_icmp4_checksum_is_ebadmsg(void **state)
{
	const struct vec *v = ip4_vecs;
	struct pkt_info pi;

	(void)state;
	for (; v < ip4_vecs + NVEC(ip4_vecs); v++) {
		uint8_t p[sizeof(frag_needed4)];

		memcpy(p, v->buf, v->len);
		p[v->len - 1] ^= 0x01;		/* the last byte */
		assert_int_equal(pkt_parse_icmp4(p, v->len, &pi), -EBADMSG);
		memcpy(p, v->buf, v->len);
		p[23] ^= 0x80;			/* the checksum itself */
		assert_int_equal(pkt_parse_icmp4(p, v->len, &pi), -EBADMSG);
	}
}

static void ip4_version_other_than_4_is_ebadmsg(void **state)
{
	uint8_t p[sizeof(echo_reply4)];
	struct pkt_info pi;

	(void)state;
	memcpy(p, echo_reply4, sizeof(p));
	p[0] = 0x65;
	assert_int_equal(pkt_parse_icmp4(p, sizeof(p), &pi), -EBADMSG);
}

/* ihl 4: a parser trusting it would take byte 16 on for the ICMP message;
 * those bytes are given a valid checksum so that only the length can fail. */
static void ip4_header_length_below_20_is_ebadmsg(void **state)
{
	uint8_t p[sizeof(echo_reply4)];
	struct pkt_info pi;
	uint16_t c;

	(void)state;
	memcpy(p, echo_reply4, sizeof(p));
	p[0] = 0x44;
	memset(p + 22, 0, 2);
	c = cksum(p + 16, sizeof(p) - 16);
	memcpy(p + 22, &c, 2);
	assert_int_equal(cksum(p + 16, sizeof(p) - 16), 0);
	assert_int_equal(pkt_parse_icmp4(p, sizeof(p), &pi), -EBADMSG);
}

/* 60 bytes of header announced in a 40-byte packet. */
static void ip4_header_length_beyond_the_packet_is_ebadmsg(void **state)
{
	struct pkt_info pi;
	uint8_t *p = exact_copy(echo_reply4, 40);

	(void)state;
	p[0] = 0x4f;
	put16(p + 2, 40);
	assert_int_equal(pkt_parse_icmp4(p, 40, &pi), -EBADMSG);
	/* and with the total length agreeing with the header length */
	put16(p + 2, 60);
	assert_int_equal(pkt_parse_icmp4(p, 40, &pi), -EBADMSG);
	free(p);
}

static void ip4_total_length_beyond_the_buffer_is_ebadmsg(void **state)
{
	uint8_t *p = exact_copy(echo_reply4, sizeof(echo_reply4));
	struct pkt_info pi;

	(void)state;
	put16(p + 2, sizeof(echo_reply4) + 1);
	fix_ip4_cksum(p, sizeof(echo_reply4));
	assert_int_equal(pkt_parse_icmp4(p, sizeof(echo_reply4), &pi),
			 -EBADMSG);
	free(p);
}

static void ip4_total_length_below_an_icmp_header_is_ebadmsg(void **state)
{
	uint8_t p[sizeof(echo_reply4)];
	struct pkt_info pi;

	(void)state;
	memcpy(p, echo_reply4, sizeof(p));
	put16(p + 2, 27);
	fix_ip4_cksum(p, sizeof(p));
	assert_int_equal(pkt_parse_icmp4(p, sizeof(p), &pi), -EBADMSG);
	put16(p + 2, 19);
	fix_ip4_cksum(p, sizeof(p));
	assert_int_equal(pkt_parse_icmp4(p, sizeof(p), &pi), -EBADMSG);
}

/* What follows the total length (link padding) is not part of it. */
static void bytes_after_the_ip4_total_length_are_ignored(void **state)
{
	uint8_t p[sizeof(echo_reply4) + 16];
	struct pkt_info pi;

	(void)state;
	memcpy(p, echo_reply4, sizeof(echo_reply4));
	memset(p + sizeof(echo_reply4), 0xee, 16);
	assert_int_equal(pkt_parse_icmp4(p, sizeof(p), &pi), 0);
	assert_int_equal(pi.kind, PKT_ECHO_REPLY);
	assert_int_equal(pi.size, 84);
	assert_int_equal(pi.id, 0x1df5);
}

static void ip4_other_than_icmp_is_other_from_its_sender(void **state)
{
	uint8_t p[sizeof(echo_reply4)];
	struct pkt_info pi;

	(void)state;
	memcpy(p, echo_reply4, sizeof(p));
	p[9] = IPPROTO_UDP;
	fix_ip4_cksum(p, sizeof(p));
	assert_int_equal(pkt_parse_icmp4(p, sizeof(p), &pi), 0);
	assert_int_equal(pi.kind, PKT_OTHER);
	assert_addr(&pi.from, "10.99.2.2");
	assert_false(pi.has_cookie);
}

/* ihl 6: the ICMP message starts after the options. */
static void ip4_with_options_parses_after_them(void **state)
{
	uint8_t p[sizeof(echo_reply4) + 4];
	struct pkt_info pi;

	(void)state;
	memcpy(p, echo_reply4, sizeof(echo_reply4));
	insert_router_alert(p, sizeof(echo_reply4) - 20);
	assert_int_equal(p[0], 0x46);
	assert_int_equal(pkt_parse_icmp4(p, sizeof(p), &pi), 0);
	assert_int_equal(pi.kind, PKT_ECHO_REPLY);
	assert_addr(&pi.from, "10.99.2.2");
	assert_int_equal(pi.ttl, 63);
	assert_int_equal(pi.id, 0x1df5);
	assert_int_equal(pi.seq, 1);
	assert_true(pi.has_cookie);
	assert_memory_equal(pi.cookie, ping_cookie, PROBE_COOKIE_LEN);
	assert_int_equal(pi.size, 88);
}

static void quote_with_ip4_options_is_read_after_them(void **state)
{
	uint8_t p[sizeof(frag_needed4)];
	struct pkt_info pi;

	(void)state;
	/* the quote keeps its 548 bytes: 4 bytes of options in, 4 out */
	memcpy(p, frag_needed4, sizeof(p));
	insert_router_alert(p + 28, sizeof(p) - 28 - 20 - 4);
	fix_icmp4_cksum(p, sizeof(p));
	assert_int_equal(pkt_parse_icmp4(p, sizeof(p), &pi), 0);
	assert_int_equal(pi.kind, PKT_TOO_BIG);
	assert_true(pi.quoted_echo);
	assert_int_equal(pi.id, 0x1df7);
	assert_int_equal(pi.seq, 1);
	assert_true(pi.has_cookie);
	assert_memory_equal(pi.cookie, ping_cookie, PROBE_COOKIE_LEN);
	assert_int_equal(pi.size, 1432);
}

/* RFC 792: a router may quote only the IP header and 8 bytes. */
static void quote4_cut_to_8_bytes_has_id_and_seq_but_no_cookie(void **state)
{
	struct pkt_info pi;
	size_t len;
	uint8_t *p = cut_quote4(frag_needed4, 28, &len);

	(void)state;
	assert_int_equal(len, 56);
	assert_int_equal(pkt_parse_icmp4(p, len, &pi), 0);
	assert_int_equal(pi.kind, PKT_TOO_BIG);
	assert_int_equal(pi.mtu, 1380);
	assert_true(pi.quoted_echo);
	assert_int_equal(pi.id, 0x1df7);
	assert_int_equal(pi.seq, 1);
	assert_false(pi.has_cookie);
	assert_int_equal(pi.size, 1428);
	free(p);
}

static void quote6_cut_to_8_bytes_has_id_and_seq_but_no_cookie(void **state)
{
	struct pkt_info pi;
	uint8_t *p = exact_copy(ptb6, 8 + 48);

	(void)state;
	assert_int_equal(pkt_parse_icmp6(p, 56, &pi), 0);
	assert_int_equal(pi.kind, PKT_TOO_BIG);
	assert_int_equal(pi.mtu, 1380);
	assert_true(pi.quoted_echo);
	assert_int_equal(pi.id, 0x1df8);
	assert_int_equal(pi.seq, 1);
	assert_false(pi.has_cookie);
	assert_int_equal(pi.size, 1448);
	free(p);
}

/* The payload length field holds 65535 at most. */
static void echo_reply6_longer_than_ip_can_carry_is_ebadmsg(void **state)
{
	uint8_t *p = calloc(1, IP_MAX_PACKET + 1);
	struct pkt_info pi;

	(void)state;
	assert_non_null(p);
	memcpy(p, echo_reply6, sizeof(echo_reply6));
	assert_int_equal(pkt_parse_icmp6(p, IP_MAX_PACKET, &pi), 0);
	assert_int_equal(pi.size, IP_MAX_PACKET + 40);
	assert_int_equal(pkt_parse_icmp6(p, IP_MAX_PACKET + 1, &pi),
			 -EBADMSG);
	free(p);
}

/* ------------------------------------- parsing, truncated and garbage */

/* A raw IPv4 socket never delivers less than the total length, so any
 * shorter buffer is a broken packet, never a partial result. */
static void every_truncation_of_an_ip4_packet_is_ebadmsg(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC(ip4_vecs); i++) {
		const struct vec *v = &ip4_vecs[i];

		for (size_t n = 0; n < v->len; n++) {
			uint8_t *p = exact_copy(v->buf, n);
			struct pkt_info pi;
			int ret = pkt_parse_icmp4(p, n, &pi);

			if (ret != -EBADMSG)
				fail_msg("%s cut to %zu: %d", v->name, n, ret);
			free(p);
		}
	}
}

/* An IPv4 error whose quote is cut anywhere (lengths fixed) parses, and
 * tells as much of the quote as is there. */
static void every_quote4_length_gives_what_the_quote_holds(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC(ip4_vecs); i++) {
		const struct vec *v = &ip4_vecs[i];
		bool echo = v->id != 0;

		if (v->kind == PKT_ECHO_REPLY || v->kind == PKT_OTHER)
			continue;
		for (size_t q = 0; q <= v->len - 28; q++) {
			struct pkt_info pi;
			size_t len;
			uint8_t *p = cut_quote4(v->buf, q, &len);

			assert_int_equal(pkt_parse_icmp4(p, len, &pi), 0);
			assert_consistent(0, &pi);
			assert_int_equal(pi.kind, v->kind);
			assert_int_equal(pi.quoted_ip, q >= 20);
			assert_int_equal(pi.size, q >= 20 ? v->size : 0);
			assert_int_equal(pi.quoted_echo, echo && q >= 28);
			assert_int_equal(pi.has_cookie, echo && q >= 36);
			assert_int_equal(pi.id, echo && q >= 28 ? v->id : 0);
			if (v->kind == PKT_TOO_BIG)
				assert_int_equal(pi.mtu, 1380);
			free(p);
		}
	}
}

/* A raw ICMPv6 socket shows the message alone: a cut message is either
 * too short for an ICMP header, or parses with less of its quote. */
static void every_truncation_of_an_icmp6_message_parses_as_far_as_it_goes(
	void **state)
{
	(void)state;
	for (size_t i = 0; i < NVEC(icmp6_vecs); i++) {
		const struct vec *v = &icmp6_vecs[i];
		bool error = v->kind != PKT_ECHO_REPLY && v->kind != PKT_OTHER;

		for (size_t n = 0; n < v->len; n++) {
			uint8_t *p = exact_copy(v->buf, n);
			struct pkt_info pi;
			int ret = pkt_parse_icmp6(p, n, &pi);

			if (n < ICMP_HDR_LEN) {
				if (ret != -EBADMSG)
					fail_msg("%s cut to %zu: %d", v->name,
						 n, ret);
				free(p);
				continue;
			}
			assert_int_equal(ret, 0);
			assert_consistent(ret, &pi);
			assert_int_equal(pi.kind, v->kind);
			if (v->kind == PKT_ECHO_REPLY) {
				assert_int_equal(pi.id, v->id);
				assert_int_equal(pi.has_cookie, n >= 16);
				assert_int_equal(pi.size, 40 + n);
			} else if (error) {
				assert_int_equal(pi.quoted_ip, n >= 48);
				assert_int_equal(pi.size,
						 n >= 48 ? v->size : 0);
				assert_int_equal(pi.quoted_echo, n >= 56);
				assert_int_equal(pi.has_cookie, n >= 64);
				assert_int_equal(pi.id, n >= 56 ? v->id : 0);
				if (v->kind == PKT_TOO_BIG)
					assert_int_equal(pi.mtu, 1380);
			}
			free(p);
		}
	}
}

enum { GARBAGE_ROUNDS = 20000, GARBAGE_MAX = 1400 };

static void random_bytes_parse_or_are_ebadmsg(void **state)
{
	(void)state;
	rnd_state = 0x6d747570;		/* "mtup" */
	for (int i = 0; i < GARBAGE_ROUNDS; i++) {
		size_t len = rnd() % 4 ? rnd() % 100 : rnd() % GARBAGE_MAX;
		uint8_t *p = malloc(len);
		struct pkt_info pi;

		assert_true(p || !len);
		for (size_t j = 0; j < len; j++)
			p[j] = (uint8_t)rnd();
		assert_consistent(pkt_parse_icmp4(p, len, &pi), &pi);
		assert_consistent(pkt_parse_icmp6(p, len, &pi), &pi);
		free(p);
	}
}

/* Random bytes rarely get past the IPv4 checks: these do, with a header,
 * a length and checksums that hold, and random ICMP and quotes behind. */
static void random_ip4_packets_with_valid_checksums_parse(void **state)
{
	static const uint8_t types[] = { 0, 3, 11, 8, 5 };

	(void)state;
	rnd_state = 0x70746231;
	for (int i = 0; i < GARBAGE_ROUNDS; i++) {
		size_t ihl = 20 + 4 * (rnd() % 11);
		size_t len = ihl + rnd() % 200;
		uint8_t *p = malloc(len);
		struct pkt_info pi;
		int ret;

		assert_non_null(p);
		for (size_t j = 0; j < len; j++)
			p[j] = (uint8_t)rnd();
		p[0] = (uint8_t)(0x40 | ihl / 4);
		put16(p + 2, (uint16_t)len);
		p[9] = IPPROTO_ICMP;
		if (len >= ihl + 1)
			p[ihl] = types[rnd() % NVEC(types)];
		if (len >= ihl + 2 && p[ihl] == 3)
			p[ihl + 1] = rnd() % 2 ? 4 : p[ihl + 1] % 16;
		if (len >= ihl + 9)		/* a quoted IPv4 header */
			p[ihl + 8] = (uint8_t)(0x40 | (rnd() % 16));
		if (len >= ihl + 18)
			p[ihl + 17] = rnd() % 2 ? IPPROTO_ICMP : p[ihl + 17];
		fix_ip4_cksum(p, len);
		fix_icmp4_cksum(p, len);
		ret = pkt_parse_icmp4(p, len, &pi);
		assert_consistent(ret, &pi);
		if (len >= ihl + ICMP_HDR_LEN)
			assert_int_equal(ret, 0);
		free(p);
	}
}

/* The lab's packets with a few bytes changed, lengths and checksums fixed
 * when the changed header still allows. */
static void mutated_lab_packets_parse_or_are_ebadmsg(void **state)
{
	const struct vec *all[NVEC(ip4_vecs) + NVEC(icmp6_vecs)];
	size_t nall = 0;

	(void)state;
	for (size_t i = 0; i < NVEC(ip4_vecs); i++)
		all[nall++] = &ip4_vecs[i];
	for (size_t i = 0; i < NVEC(icmp6_vecs); i++)
		all[nall++] = &icmp6_vecs[i];
	rnd_state = 0x6d757431;
	for (int i = 0; i < GARBAGE_ROUNDS; i++) {
		const struct vec *v = all[rnd() % nall];
		size_t len = rnd() % 2 ? v->len : rnd() % (v->len + 1);
		uint8_t *p = exact_copy(v->buf, len);
		unsigned int flips = 1 + rnd() % 4;
		struct pkt_info pi;

		for (unsigned int j = 0; j < flips && len; j++) {
			/* mostly in the headers, where the decisions are */
			size_t at = rnd() % (len < 96 ? len : 96);

			p[at] = (uint8_t)rnd();
		}
		if (v->family == AF_INET) {
			if (len >= 4 && rnd() % 2)
				put16(p + 2, (uint16_t)len);
			fix_ip4_cksum(p, len);
			fix_icmp4_cksum(p, len);
		}
		assert_consistent(parse(v->family, p, len, &pi), &pi);
		free(p);
	}
}

/* ------------------------------------------------------- round trips */

static void built_echo_reply4_parses_back(void **state)
{
	struct addr us = addr_of("192.0.2.1"), dst = addr_of("198.51.100.9");
	uint8_t m[1000], ip[1000];
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_build_echo(AF_INET, m, sizeof(m), 1000, &probe),
			 980);
	pkt_echo_to_reply(AF_INET, m, 980);
	assert_int_equal(pkt_build_ip(ip, sizeof(ip), &dst, &us, IPPROTO_ICMP,
				      55, m, 980), 1000);
	assert_int_equal(pkt_parse_icmp4(ip, 1000, &pi), 0);
	assert_int_equal(pi.kind, PKT_ECHO_REPLY);
	assert_addr(&pi.from, "198.51.100.9");
	assert_int_equal(pi.ttl, 55);
	assert_int_equal(pi.id, probe.id);
	assert_int_equal(pi.seq, probe.seq);
	assert_true(pi.has_cookie);
	assert_memory_equal(pi.cookie, probe.cookie, PROBE_COOKIE_LEN);
	assert_int_equal(pi.size, 1000);
}

static void built_echo_reply6_parses_back(void **state)
{
	uint8_t m[1240];
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_build_echo(AF_INET6, m, sizeof(m), 1280, &probe),
			 1240);
	pkt_echo_to_reply(AF_INET6, m, 1240);
	assert_int_equal(pkt_parse_icmp6(m, 1240, &pi), 0);
	assert_int_equal(pi.kind, PKT_ECHO_REPLY);
	assert_int_equal(pi.id, probe.id);
	assert_int_equal(pi.seq, probe.seq);
	assert_memory_equal(pi.cookie, probe.cookie, PROBE_COOKIE_LEN);
	assert_int_equal(pi.size, 1280);
}

static void built_frag_needed4_parses_back(void **state)
{
	struct addr us = addr_of("192.0.2.1"), dst = addr_of("198.51.100.9");
	struct addr router = addr_of("203.0.113.5");
	uint8_t m[1480], orig[1500], err[556], ip[576];
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_build_echo(AF_INET, m, sizeof(m), 1500, &probe),
			 1480);
	assert_int_equal(pkt_build_ip(orig, sizeof(orig), &us, &dst,
				      IPPROTO_ICMP, 64, m, 1480), 1500);
	assert_int_equal(pkt_build_icmp_error(AF_INET, err, sizeof(err), 3, 4,
					      1400, orig, 548), 556);
	assert_int_equal(pkt_build_ip(ip, sizeof(ip), &router, &us,
				      IPPROTO_ICMP, 250, err, 556), 576);
	assert_int_equal(pkt_parse_icmp4(ip, 576, &pi), 0);
	assert_int_equal(pi.kind, PKT_TOO_BIG);
	assert_addr(&pi.from, "203.0.113.5");
	assert_int_equal(pi.mtu, 1400);
	assert_addr(&pi.qsrc, "192.0.2.1");
	assert_addr(&pi.qdst, "198.51.100.9");
	assert_int_equal(pi.qproto, IPPROTO_ICMP);
	assert_true(pi.quoted_echo);
	assert_int_equal(pi.id, probe.id);
	assert_int_equal(pi.seq, probe.seq);
	assert_memory_equal(pi.cookie, probe.cookie, PROBE_COOKIE_LEN);
	assert_int_equal(pi.size, 1500);
}

static void built_ptb6_parses_back(void **state)
{
	struct addr us = addr_of("2001:db8::1"), dst = addr_of("2001:db8:9::9");
	uint8_t m[1460], orig[1500], err[1240];
	struct pkt_info pi;

	(void)state;
	assert_int_equal(pkt_build_echo(AF_INET6, m, sizeof(m), 1500, &probe),
			 1460);
	assert_int_equal(pkt_build_ip(orig, sizeof(orig), &us, &dst,
				      IPPROTO_ICMPV6, 64, m, 1460), 1500);
	assert_int_equal(pkt_build_icmp_error(AF_INET6, err, sizeof(err), 2, 0,
					      1300, orig, 1232), 1240);
	assert_int_equal(pkt_parse_icmp6(err, 1240, &pi), 0);
	assert_int_equal(pi.kind, PKT_TOO_BIG);
	assert_int_equal(pi.mtu, 1300);
	assert_addr(&pi.qsrc, "2001:db8::1");
	assert_addr(&pi.qdst, "2001:db8:9::9");
	assert_true(pi.quoted_echo);
	assert_int_equal(pi.id, probe.id);
	assert_int_equal(pi.seq, probe.seq);
	assert_memory_equal(pi.cookie, probe.cookie, PROBE_COOKIE_LEN);
	assert_int_equal(pi.size, 1500);
}

/* An ICMP datagram socket hands over less than a raw one: what it gives
 * must read as the raw socket's packet does. */
static void expect_same_echo(const struct pkt_info *a, const struct pkt_info *b)
{
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->id, b->id);
	assert_int_equal(a->seq, b->seq);
	assert_int_equal(a->has_cookie, b->has_cookie);
	assert_memory_equal(a->cookie, b->cookie, PROBE_COOKIE_LEN);
}

static void ping_socket_reply_reads_as_the_raw_one(void **state)
{
	struct pkt_info raw, ping;

	(void)state;
	assert_int_equal(pkt_parse_icmp4(echo_reply4, sizeof(echo_reply4), &raw), 0);
	/* IPv4: the ICMP message without the IP header */
	assert_int_equal(pkt_parse_ping_reply(AF_INET, echo_reply4 + 20,
					      sizeof(echo_reply4) - 20, &ping), 0);
	expect_same_echo(&raw, &ping);
	assert_int_equal(ping.size, raw.size);
	assert_int_equal(pkt_parse_icmp6(echo_reply6, sizeof(echo_reply6), &raw), 0);
	assert_int_equal(pkt_parse_ping_reply(AF_INET6, echo_reply6,
					      sizeof(echo_reply6), &ping), 0);
	expect_same_echo(&raw, &ping);
	assert_int_equal(ping.size, raw.size);
}

static void ping_socket_reply_with_a_bad_checksum_is_refused(void **state)
{
	uint8_t bad[sizeof(echo_reply4) - 20];
	struct pkt_info ping;

	(void)state;
	memcpy(bad, echo_reply4 + 20, sizeof(bad));
	bad[10] ^= 1;
	assert_int_equal(pkt_parse_ping_reply(AF_INET, bad, sizeof(bad), &ping),
			 -EBADMSG);
	assert_int_equal(pkt_parse_ping_reply(AF_INET, bad, 7, &ping), -EBADMSG);
}

static void ping_socket_error_reads_as_the_raw_one(void **state)
{
	struct pkt_info raw, ping;

	(void)state;
	/* IPv4: the error queue gives the quote from its ICMP header on */
	assert_int_equal(pkt_parse_icmp4(frag_needed4, sizeof(frag_needed4), &raw), 0);
	assert_int_equal(pkt_parse_ping_error(AF_INET, 3, 4, raw.mtu, &raw.from,
					      &raw.qsrc, &raw.qdst,
					      frag_needed4 + 20 + 8 + 20,
					      sizeof(frag_needed4) - 48, &ping), 0);
	expect_same_echo(&raw, &ping);
	assert_int_equal(ping.mtu, 1380);
	assert_true(ping.quoted_ip && ping.quoted_echo);
	assert_true(addr_eq(&ping.qdst, &raw.qdst));
	assert_int_equal(ping.qproto, IPPROTO_ICMP);
	assert_int_equal(ping.size, 0);		/* the queue does not say */

	assert_int_equal(pkt_parse_icmp6(ptb6, sizeof(ptb6), &raw), 0);
	raw.from = raw.qdst;	/* any router: the IPv6 parser leaves it */
	assert_int_equal(pkt_parse_ping_error(AF_INET6, 2, 0, raw.mtu, &raw.from,
					      &raw.qsrc, &raw.qdst,
					      ptb6 + 8 + 40, sizeof(ptb6) - 48,
					      &ping), 0);
	expect_same_echo(&raw, &ping);
	assert_int_equal(ping.kind, PKT_TOO_BIG);
	assert_int_equal(ping.mtu, raw.mtu);
}

static void ping_socket_error_kinds_follow_the_family(void **state)
{
	struct addr a4, a6;
	struct pkt_info pi;
	static const uint8_t q4[8] = { 8, 0, 0, 0, 0x12, 0x34, 0, 1 };
	static const uint8_t q6[8] = { 128, 0, 0, 0, 0x12, 0x34, 0, 1 };

	(void)state;
	assert_int_equal(addr_pton("10.99.2.2", &a4), 0);
	assert_int_equal(addr_pton("fd00:99:2::2", &a6), 0);
	assert_int_equal(pkt_parse_ping_error(AF_INET, 11, 0, 0, &a4, &a4, &a4,
					      q4, sizeof(q4), &pi), 0);
	assert_int_equal(pi.kind, PKT_TIME_EXCEEDED);
	assert_true(pi.quoted_echo);
	assert_int_equal(pi.id, 0x1234);
	assert_false(pi.has_cookie);
	assert_int_equal(pkt_parse_ping_error(AF_INET, 3, 3, 0, &a4, &a4, &a4,
					      q4, sizeof(q4), &pi), 0);
	assert_int_equal(pi.kind, PKT_UNREACH);
	assert_int_equal(pkt_parse_ping_error(AF_INET6, 3, 0, 0, &a6, &a6, &a6,
					      q6, sizeof(q6), &pi), 0);
	assert_int_equal(pi.kind, PKT_TIME_EXCEEDED);
	/* a quote too short for the echo header matches nothing */
	assert_int_equal(pkt_parse_ping_error(AF_INET6, 2, 0, 1300, &a6, &a6, &a6,
					      q6, 4, &pi), 0);
	assert_false(pi.quoted_echo);
	/* addresses of another family are refused */
	assert_int_equal(pkt_parse_ping_error(AF_INET6, 2, 0, 1300, &a4, &a6, &a6,
					      q6, sizeof(q6), &pi), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sizes_and_minimums_follow_the_rfcs),
		cmocka_unit_test(ping_socket_reply_reads_as_the_raw_one),
		cmocka_unit_test(ping_socket_reply_with_a_bad_checksum_is_refused),
		cmocka_unit_test(ping_socket_error_reads_as_the_raw_one),
		cmocka_unit_test(ping_socket_error_kinds_follow_the_family),
		/* building */
		cmocka_unit_test(echo4_has_type_id_seq_cookie_pattern_and_checksum),
		cmocka_unit_test(echo6_has_type_id_seq_cookie_pattern_and_no_checksum),
		cmocka_unit_test(echo4_is_size_minus_20_with_a_valid_checksum),
		cmocka_unit_test(echo6_is_size_minus_40),
		cmocka_unit_test(echo_pattern_is_the_offset_modulo_256),
		cmocka_unit_test(echo_below_min_size_is_emsgsize),
		cmocka_unit_test(echo_above_the_ip_length_field_is_emsgsize),
		cmocka_unit_test(echo_in_a_short_buffer_is_enospc_and_writes_nothing),
		cmocka_unit_test(echo_fills_a_buffer_of_exactly_its_length),
		cmocka_unit_test(echo4_to_reply_is_the_reply_linux_sent),
		cmocka_unit_test(echo6_to_reply_is_the_reply_linux_sent_but_checksum),
		cmocka_unit_test(echo4_to_reply_of_an_odd_length_has_a_valid_checksum),
		cmocka_unit_test(echo_to_reply_leaves_less_than_a_header_alone),
		cmocka_unit_test(ip4_header_is_the_one_linux_sends_for_a_df_probe),
		cmocka_unit_test(ip4_has_df_ttl_protocol_addresses_and_header_checksum),
		cmocka_unit_test(ip6_header_is_the_one_linux_sends_but_flow_label),
		cmocka_unit_test(ip6_payload_length_excludes_the_header),
		cmocka_unit_test(ip_above_the_length_field_is_emsgsize),
		cmocka_unit_test(ip_in_a_short_buffer_is_enospc),
		cmocka_unit_test(ip_payload_may_start_at_the_buffer),
		cmocka_unit_test(icmp4_error_is_the_frag_needed_linux_sent),
		cmocka_unit_test(icmp6_error_is_the_ptb_linux_sent_but_checksum),
		cmocka_unit_test(icmp6_error_rest_is_32_bits_in_network_order),
		cmocka_unit_test(icmp4_error_quoting_28_bytes_has_a_valid_checksum),
		cmocka_unit_test(icmp_error_above_the_length_field_is_emsgsize),
		cmocka_unit_test(icmp_error_in_a_short_buffer_is_enospc),
		/* parsing what the lab sent */
		cmocka_unit_test(lab_vectors_carry_the_checksums_linux_gave_them),
		cmocka_unit_test(echo_reply4_gives_id_seq_cookie_size_from_and_ttl),
		cmocka_unit_test(echo_reply6_gives_id_seq_cookie_and_size),
		cmocka_unit_test(frag_needed4_quoting_our_probe_gives_mtu_and_probe),
		cmocka_unit_test(ptb6_quoting_our_probe_gives_mtu_and_probe),
		cmocka_unit_test(frag_needed4_quoting_tcp_is_not_an_echo),
		cmocka_unit_test(frag_needed4_quoting_a_later_fragment_is_not_an_echo),
		cmocka_unit_test(time_exceeded4_gives_the_router_and_the_probe),
		cmocka_unit_test(time_exceeded6_gives_the_probe),
		cmocka_unit_test(host_unreach4_is_unreach_with_its_code),
		cmocka_unit_test(admin_prohibited6_is_unreach_with_its_code),
		cmocka_unit_test(echo_request_is_other_but_valid),
		/* parsing edited lab packets */
		cmocka_unit_test(frag_needed4_with_mtu_0_is_too_big_with_mtu_0),
		cmocka_unit_test(frag_needed4_mtu_is_the_low_16_bits_of_the_word),
		cmocka_unit_test(ptb6_mtu_above_65535_is_reported_whole),
		cmocka_unit_test(frag_needed4_quoting_another_host_gives_its_address),
		cmocka_unit_test(frag_needed4_quoting_an_echo_reply_is_not_an_echo),
		cmocka_unit_test(ptb6_quoting_udp_is_not_an_echo),
		cmocka_unit_test(udp_is_header_cookie_and_zeros_to_the_size),
		cmocka_unit_test(udp_outside_the_ip_bounds_is_emsgsize_and_short_cap_enospc),
		cmocka_unit_test(port_unreach_quoting_our_datagram_gives_port_and_cookie),
		cmocka_unit_test(quote_cut_before_the_cookie_gives_no_cookie),
		cmocka_unit_test(quote_of_the_wrong_ip_version_is_not_read),
		cmocka_unit_test(quoted_ip4_header_length_below_20_is_not_read),
		cmocka_unit_test(quoted_ip4_header_longer_than_the_quote_is_not_read),
		cmocka_unit_test(wrong_icmp4_checksum_is_ebadmsg),
		cmocka_unit_test(ip4_version_other_than_4_is_ebadmsg),
		cmocka_unit_test(ip4_header_length_below_20_is_ebadmsg),
		cmocka_unit_test(ip4_header_length_beyond_the_packet_is_ebadmsg),
		cmocka_unit_test(ip4_total_length_beyond_the_buffer_is_ebadmsg),
		cmocka_unit_test(ip4_total_length_below_an_icmp_header_is_ebadmsg),
		cmocka_unit_test(bytes_after_the_ip4_total_length_are_ignored),
		cmocka_unit_test(ip4_other_than_icmp_is_other_from_its_sender),
		cmocka_unit_test(ip4_with_options_parses_after_them),
		cmocka_unit_test(quote_with_ip4_options_is_read_after_them),
		cmocka_unit_test(quote4_cut_to_8_bytes_has_id_and_seq_but_no_cookie),
		cmocka_unit_test(quote6_cut_to_8_bytes_has_id_and_seq_but_no_cookie),
		cmocka_unit_test(echo_reply6_longer_than_ip_can_carry_is_ebadmsg),
		/* truncated and garbage */
		cmocka_unit_test(every_truncation_of_an_ip4_packet_is_ebadmsg),
		cmocka_unit_test(every_quote4_length_gives_what_the_quote_holds),
		cmocka_unit_test(every_truncation_of_an_icmp6_message_parses_as_far_as_it_goes),
		cmocka_unit_test(random_bytes_parse_or_are_ebadmsg),
		cmocka_unit_test(random_ip4_packets_with_valid_checksums_parse),
		cmocka_unit_test(mutated_lab_packets_parse_or_are_ebadmsg),
		/* round trips */
		cmocka_unit_test(built_echo_reply4_parses_back),
		cmocka_unit_test(built_echo_reply6_parses_back),
		cmocka_unit_test(built_frag_needed4_parses_back),
		cmocka_unit_test(built_ptb6_parses_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
