/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_PKT_H
#define MTUPROBE_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "addr.h"

enum {
	IP4_HDR_LEN = 20,
	IP6_HDR_LEN = 40,
	ICMP_HDR_LEN = 8,
	PROBE_COOKIE_LEN = 8,
	IP4_MIN_MTU = 68,	/* RFC 791 3.2 */
	IP6_MIN_MTU = 1280,	/* RFC 8200 5 */
	IP_MAX_PACKET = 65535,
	TCP_HDR_LEN = 20,
	TCP_SYN_LEN = TCP_HDR_LEN + 4,	/* with the MSS option */
	UDP_HDR_LEN = 8,
};

/* What ties an echo probe to us: the ICMP identifier and sequence, and a
 * cookie at the start of the payload that an off-path sender cannot guess
 * (RFC 8899 4.6.1). */
struct echo_id {
	uint16_t id;
	uint16_t seq;
	uint8_t cookie[PROBE_COOKIE_LEN];
};

size_t pkt_ip_hdr_len(int family);
/* The smallest IP packet that carries a whole probe (header and cookie). */
size_t pkt_echo_min_size(int family);
/* The smallest MTU the protocol allows a link to have. */
unsigned int pkt_min_mtu(int family);

/*
 * Builds into buf the ICMP (AF_INET) or ICMPv6 (AF_INET6) echo request that,
 * once the kernel puts an IP header without options in front of it, makes an
 * IP packet of size bytes. The ICMPv4 checksum is filled in; the ICMPv6 one
 * is left zero because the kernel computes it for raw ICMPv6 sockets.
 * Returns the length written, -EMSGSIZE when size is below
 * pkt_echo_min_size() or above what the IP length field holds, or -ENOSPC
 * when cap is too small.
 */
ssize_t pkt_build_echo(int family, void *buf, size_t cap, size_t size,
		       const struct echo_id *e);
/* Turns an echo request built as above into the reply a host would send. */
void pkt_echo_to_reply(int family, void *icmp, size_t len);
/*
 * Builds into buf the UDP datagram, from its header on, that makes an IP
 * packet of size bytes to port dport: the header (source port and
 * checksum left zero, for the socket to fill in), then as much of cookie
 * as fits, then zeros. Returns the length written, -EMSGSIZE when size
 * cannot hold the IP and UDP headers or is above what the IP length field
 * holds, or -ENOSPC when cap is too small.
 */
ssize_t pkt_build_udp(int family, void *buf, size_t cap, size_t size,
		      uint16_t dport, const uint8_t cookie[PROBE_COOKIE_LEN]);

/*
 * Builders for whole packets, used to make replies and errors for the
 * simulated network of the tests and the seeds of the fuzzers. Each returns
 * the length written, -EMSGSIZE when the result would not fit an IP length
 * field, or -ENOSPC when cap is too small.
 */
ssize_t pkt_build_ip(void *buf, size_t cap, const struct addr *src,
		     const struct addr *dst, uint8_t proto, uint8_t ttl,
		     const void *payload, size_t plen);
/* An ICMP or ICMPv6 error (from its ICMP header on) quoting the first qlen
 * bytes of the packet that caused it; rest is the second 32-bit word (the
 * next-hop MTU in its low 16 bits for IPv4, the MTU for an ICMPv6 PTB).
 * The ICMPv6 checksum is left zero, as for the echo request: it needs the
 * addresses, and a raw ICMPv6 socket never shows it to the reader. */
ssize_t pkt_build_icmp_error(int family, void *buf, size_t cap, uint8_t type,
			     uint8_t code, uint32_t rest, const void *quoted,
			     size_t qlen);

enum pkt_kind {
	PKT_OTHER,		/* valid, but of no interest to a prober */
	PKT_TCP,		/* a TCP segment: see tcp */
	PKT_ECHO_REPLY,
	PKT_TOO_BIG,		/* IPv4 frag needed, ICMPv6 packet too big */
	PKT_TIME_EXCEEDED,
	PKT_UNREACH,		/* any other destination unreachable */
};

struct pkt_info {
	enum pkt_kind kind;
	uint8_t type;
	uint8_t code;
	struct addr from;	/* IPv4 only: the IPv6 socket gives no header */
	uint8_t ttl;		/* IPv4 only, likewise */
	uint16_t ipid;		/* IPv4 only: the IP identification */
	uint32_t mtu;		/* PKT_TOO_BIG: the MTU as reported */
	/* The echo concerned: the reply's own fields, or the quoted request's
	 * when quoted_echo is set. */
	uint16_t id;
	uint16_t seq;
	bool has_cookie;
	uint8_t cookie[PROBE_COOKIE_LEN];
	/* The IP packet's size: the reply's, or the one the quoted header
	 * claims (0 when the quote is too short to say). */
	size_t size;
	/* Errors only: the quoted packet. */
	bool quoted_ip;
	struct addr qsrc;
	struct addr qdst;
	uint8_t qproto;
	bool quoted_echo;
	/* PKT_TCP: the segment; for errors, the quoted segment's ports and
	 * sequence number when quoted_tcp is set. */
	struct tcp_seg {
		uint16_t sport;
		uint16_t dport;
		uint32_t seq;
		uint32_t ack;
		uint8_t flags;		/* TH_SYN, TH_ACK, TH_RST, ... */
		uint16_t mss;		/* the MSS option; 0 if absent */
		size_t payload;		/* offset of the payload in the buffer */
		size_t payload_len;
	} tcp;
	bool quoted_tcp;
	/* errors about a UDP probe: the port it went to (see udprun.h), and
	 * its cookie in has_cookie and cookie */
	bool quoted_udp;
	uint16_t udp_dport;
};

/* The smallest IP packet that carries a TCP SYN probe. */
size_t pkt_syn_min_size(int family);
/*
 * Builds into buf the TCP SYN (from its TCP header on; the kernel adds the
 * IP header) that makes an IP packet of size bytes: an MSS option, then
 * payload to fill the size. The checksum covers the pseudo-header of src
 * and dst. Returns the length written, -EINVAL when src is not of dst's
 * family, -EMSGSIZE when size is below pkt_syn_min_size() or above what
 * the IP length field holds, or -ENOSPC when cap is too small.
 */
ssize_t pkt_build_syn(void *buf, size_t cap, size_t size,
		      const struct addr *src, const struct addr *dst,
		      uint16_t sport, uint16_t dport, uint32_t seq, uint16_t mss);

/*
 * Parse what a raw socket received: for IPv4 the whole IP packet, for IPv6
 * the ICMPv6 message alone. Returns 0 with out filled, or -EBADMSG when the
 * packet is truncated, malformed or (IPv4) fails its checksum. A quoted
 * packet too short to read is not an error: quoted_ip/quoted_echo say how
 * much of it could be read.
 */
int pkt_parse_icmp4(const void *buf, size_t len, struct pkt_info *out);
int pkt_parse_icmp6(const void *buf, size_t len, struct pkt_info *out);
/*
 * Likewise for an ICMP datagram ("ping") socket, which a user without
 * CAP_NET_RAW may have (net.ipv4.ping_group_range). A reply comes as the
 * ICMP or ICMPv6 message alone; the sender and hop limit are the
 * caller's to fill in. An error comes from the socket's error queue: its
 * type and code, the info the kernel gives (a "too big" error's MTU), the
 * router that sent it, and the quoted echo request from its ICMP header
 * on, of a packet the kernel matched to the socket: from src to dst, of a
 * size it does not say. Returns 0 or -EBADMSG.
 */
int pkt_parse_ping_reply(int family, const void *buf, size_t len,
			 struct pkt_info *out);
int pkt_parse_ping_error(int family, uint8_t type, uint8_t code,
			 uint32_t info, const struct addr *from,
			 const struct addr *src, const struct addr *dst,
			 const void *quote, size_t qlen, struct pkt_info *out);
/* Likewise for the error queue of a UDP socket: the error about a
 * datagram from src to dst, port dport, whose payload is quoted from its
 * start (qlen bytes, maybe none); the cookie is read from the payload's
 * first bytes. Returns 0 or -EBADMSG. */
int pkt_parse_udp_error(int family, uint8_t type, uint8_t code,
			uint32_t info, const struct addr *from,
			const struct addr *src, const struct addr *dst,
			uint16_t dport, const void *quote, size_t qlen,
			struct pkt_info *out);
/* Likewise for a raw TCP socket: the IPv4 packet, or the IPv6 socket's TCP
 * segment alone. The options are read for the MSS; a segment whose header
 * or options run past the end is -EBADMSG. */
int pkt_parse_tcp4(const void *buf, size_t len, struct pkt_info *out);
int pkt_parse_tcp6(const void *buf, size_t len, struct pkt_info *out);

#endif
