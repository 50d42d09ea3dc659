// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <netinet/icmp6.h>
#include <netinet/tcp.h>

#include "cksum.h"
#include "pkt.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

/* The fields of an echo request or reply starting at p, of len bytes. */
static void read_echo(const uint8_t *p, size_t len, struct pkt_info *out)
{
	out->id = get16(p + 4);
	out->seq = get16(p + 6);
	if (len >= ICMP_HDR_LEN + PROBE_COOKIE_LEN) {
		memcpy(out->cookie, p + ICMP_HDR_LEN, PROBE_COOKIE_LEN);
		out->has_cookie = true;
	}
}

/* A quoted TCP header: RFC 792's 8 bytes hold the ports and sequence. */
static void read_quoted_tcp(const uint8_t *q, size_t len, struct pkt_info *out)
{
	if (out->qproto != IPPROTO_TCP || len < 8)
		return;
	out->quoted_tcp = true;
	out->tcp.sport = get16(q);
	out->tcp.dport = get16(q + 2);
	out->tcp.seq = get32(q + 4);
}

/* A quoted UDP header and what follows: the destination port, and the
 * cookie our datagrams carry first, where the quote holds it. */
static void read_quoted_udp(const uint8_t *q, size_t len, struct pkt_info *out)
{
	if (out->qproto != IPPROTO_UDP || len < UDP_HDR_LEN)
		return;
	out->quoted_udp = true;
	out->udp_dport = get16(q + 2);
	if (len >= UDP_HDR_LEN + PROBE_COOKIE_LEN) {
		memcpy(out->cookie, q + UDP_HDR_LEN, PROBE_COOKIE_LEN);
		out->has_cookie = true;
	}
}

/* The packet an ICMPv4 error quotes: RFC 792 promises the IP header and 8
 * bytes, Linux and RFC 1812 routers quote up to 576 bytes in all. */
static void read_quote4(const uint8_t *q, size_t len, struct pkt_info *out)
{
	size_t ihl;

	if (len < IP4_HDR_LEN || q[0] >> 4 != 4)
		return;
	ihl = (size_t)(q[0] & 0x0f) * 4;
	if (ihl < IP4_HDR_LEN || ihl > len)
		return;
	out->quoted_ip = true;
	out->size = get16(q + 2);
	out->qproto = q[9];
	out->qsrc.family = out->qdst.family = AF_INET;
	memcpy(&out->qsrc.v4, q + 12, 4);
	memcpy(&out->qdst.v4, q + 16, 4);
	q += ihl;
	len -= ihl;
	/* Only a first fragment starts with the ICMP header. */
	if (get16(q - ihl + 6) & 0x1fff)
		return;
	if (out->qproto == IPPROTO_ICMP && len >= ICMP_HDR_LEN &&
	    q[0] == ICMP_ECHO) {
		out->quoted_echo = true;
		read_echo(q, len, out);
	}
	read_quoted_tcp(q, len, out);
	read_quoted_udp(q, len, out);
}

/* RFC 4443 2.4(c): as much of the invoking packet as fits in 1280 bytes. */
static void read_quote6(const uint8_t *q, size_t len, struct pkt_info *out)
{
	if (len < IP6_HDR_LEN || q[0] >> 4 != 6)
		return;
	out->quoted_ip = true;
	out->size = IP6_HDR_LEN + get16(q + 4);
	out->qproto = q[6];
	out->qsrc.family = out->qdst.family = AF_INET6;
	memcpy(&out->qsrc.v6, q + 8, 16);
	memcpy(&out->qdst.v6, q + 24, 16);
	q += IP6_HDR_LEN;
	len -= IP6_HDR_LEN;
	if (out->qproto == IPPROTO_ICMPV6 && len >= ICMP_HDR_LEN &&
	    q[0] == ICMP6_ECHO_REQUEST) {
		out->quoted_echo = true;
		read_echo(q, len, out);
	}
	read_quoted_tcp(q, len, out);
	read_quoted_udp(q, len, out);
}

/* The IPv4 header a raw socket delivers first: checks its lengths against
 * len, fills in the sender, TTL and IP ID, and returns the header length,
 * with *tot the packet's; or -EBADMSG. */
static int read_ip4(const uint8_t *p, size_t len, size_t *tot,
		    struct pkt_info *out)
{
	size_t ihl;

	memset(out, 0, sizeof(*out));
	if (len < IP4_HDR_LEN || p[0] >> 4 != 4)
		return -EBADMSG;
	ihl = (size_t)(p[0] & 0x0f) * 4;
	*tot = get16(p + 2);
	if (ihl < IP4_HDR_LEN || *tot < ihl || *tot > len)
		return -EBADMSG;
	out->from.family = AF_INET;
	memcpy(&out->from.v4, p + 12, 4);
	out->ttl = p[8];
	out->ipid = get16(p + 4);
	return (int)ihl;
}

int pkt_parse_icmp4(const void *buf, size_t len, struct pkt_info *out)
{
	const uint8_t *p = buf;
	size_t ihl, tot;
	int ret;

	ret = read_ip4(p, len, &tot, out);
	if (ret < 0)
		return ret;
	ihl = (size_t)ret;
	if (p[9] != IPPROTO_ICMP)
		return 0;
	p += ihl;
	len = tot - ihl;
	if (len < ICMP_HDR_LEN || cksum(p, len) != 0)
		return -EBADMSG;

	out->type = p[0];
	out->code = p[1];
	switch (p[0]) {
	case ICMP_ECHOREPLY:
		out->kind = PKT_ECHO_REPLY;
		out->size = tot;
		read_echo(p, len, out);
		return 0;
	case ICMP_DEST_UNREACH:
		if (p[1] == ICMP_FRAG_NEEDED) {
			out->kind = PKT_TOO_BIG;
			/* RFC 1191 4: the low 16 bits; 0 from older routers */
			out->mtu = get16(p + 6);
		} else {
			out->kind = PKT_UNREACH;
		}
		break;
	case ICMP_TIME_EXCEEDED:
		out->kind = PKT_TIME_EXCEEDED;
		break;
	default:
		return 0;
	}
	read_quote4(p + ICMP_HDR_LEN, len - ICMP_HDR_LEN, out);
	return 0;
}

int pkt_parse_icmp6(const void *buf, size_t len, struct pkt_info *out)
{
	const uint8_t *p = buf;

	memset(out, 0, sizeof(*out));
	if (len < ICMP_HDR_LEN)
		return -EBADMSG;
	out->type = p[0];
	out->code = p[1];
	switch (p[0]) {
	case ICMP6_ECHO_REPLY:
		out->kind = PKT_ECHO_REPLY;
		if (len > IP_MAX_PACKET)
			return -EBADMSG;
		out->size = IP6_HDR_LEN + len;
		read_echo(p, len, out);
		return 0;
	case ICMP6_PACKET_TOO_BIG:
		out->kind = PKT_TOO_BIG;
		/* RFC 4443 3.2: 32 bits, kept whole; the caller clamps */
		out->mtu = get32(p + 4);
		break;
	case ICMP6_DST_UNREACH:
		out->kind = PKT_UNREACH;
		break;
	case ICMP6_TIME_EXCEEDED:
		out->kind = PKT_TIME_EXCEEDED;
		break;
	default:
		return 0;
	}
	read_quote6(p + ICMP_HDR_LEN, len - ICMP_HDR_LEN, out);
	return 0;
}

int pkt_parse_ping_reply(int family, const void *buf, size_t len,
			 struct pkt_info *out)
{
	const uint8_t *p = buf;

	if (family == AF_INET6)
		return pkt_parse_icmp6(buf, len, out);
	memset(out, 0, sizeof(*out));
	if (len < ICMP_HDR_LEN || len > IP_MAX_PACKET - IP4_HDR_LEN ||
	    cksum(p, len) != 0)
		return -EBADMSG;
	out->type = p[0];
	out->code = p[1];
	if (p[0] != ICMP_ECHOREPLY)
		return 0;
	out->kind = PKT_ECHO_REPLY;
	out->size = IP4_HDR_LEN + len;
	read_echo(p, len, out);
	return 0;
}

/* The kind of an error from a socket's error queue, and its sender. */
static int queued_error(int family, uint8_t type, uint8_t code,
			uint32_t info, const struct addr *from,
			const struct addr *src, const struct addr *dst,
			struct pkt_info *out)
{
	bool v6 = family == AF_INET6;

	memset(out, 0, sizeof(*out));
	if (from->family != family || src->family != family ||
	    dst->family != family)
		return -EBADMSG;
	out->type = type;
	out->code = code;
	out->from = *from;
	if (v6 ? type == ICMP6_PACKET_TOO_BIG :
	    type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED) {
		out->kind = PKT_TOO_BIG;
		out->mtu = info;
	} else if (v6 ? type == ICMP6_DST_UNREACH : type == ICMP_DEST_UNREACH) {
		out->kind = PKT_UNREACH;
	} else if (v6 ? type == ICMP6_TIME_EXCEEDED :
		   type == ICMP_TIME_EXCEEDED) {
		out->kind = PKT_TIME_EXCEEDED;
	} else {
		return 1;
	}
	out->quoted_ip = true;
	out->qsrc = *src;
	out->qdst = *dst;
	return 0;
}

int pkt_parse_udp_error(int family, uint8_t type, uint8_t code,
			uint32_t info, const struct addr *from,
			const struct addr *src, const struct addr *dst,
			uint16_t dport, const void *quote, size_t qlen,
			struct pkt_info *out)
{
	int ret = queued_error(family, type, code, info, from, src, dst, out);

	if (ret)
		return ret < 0 ? ret : 0;
	out->qproto = IPPROTO_UDP;
	out->quoted_udp = true;
	out->udp_dport = dport;
	if (qlen >= PROBE_COOKIE_LEN) {
		memcpy(out->cookie, quote, PROBE_COOKIE_LEN);
		out->has_cookie = true;
	}
	return 0;
}

int pkt_parse_ping_error(int family, uint8_t type, uint8_t code,
			 uint32_t info, const struct addr *from,
			 const struct addr *src, const struct addr *dst,
			 const void *quote, size_t qlen, struct pkt_info *out)
{
	const uint8_t *q = quote;
	bool v6 = family == AF_INET6;
	int ret = queued_error(family, type, code, info, from, src, dst, out);

	if (ret)
		return ret < 0 ? ret : 0;
	out->qproto = v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	if (qlen >= ICMP_HDR_LEN &&
	    q[0] == (v6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO)) {
		out->quoted_echo = true;
		read_echo(q, qlen, out);
	}
	return 0;
}

/* A TCP segment of len bytes at p, found at offset off of the buffer. */
static int read_tcp(const uint8_t *p, size_t len, size_t off,
		    struct pkt_info *out)
{
	size_t hlen, i;

	if (len < TCP_HDR_LEN)
		return -EBADMSG;
	hlen = (size_t)(p[12] >> 4) * 4;
	if (hlen < TCP_HDR_LEN || hlen > len)
		return -EBADMSG;
	out->kind = PKT_TCP;
	out->tcp.sport = get16(p);
	out->tcp.dport = get16(p + 2);
	out->tcp.seq = get32(p + 4);
	out->tcp.ack = get32(p + 8);
	out->tcp.flags = p[13];
	out->tcp.payload = off + hlen;
	out->tcp.payload_len = len - hlen;
	/* Options: kind, length, data. Where a length runs past the header
	 * the kernel stops reading options; a prober has no reason to trust
	 * the rest of such a segment, and drops it. */
	for (i = TCP_HDR_LEN; i < hlen;) {
		uint8_t kind = p[i];
		size_t olen;

		if (kind == TCPOPT_EOL)
			break;
		if (kind == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= hlen)
			return -EBADMSG;
		olen = p[i + 1];
		if (olen < 2 || i + olen > hlen)
			return -EBADMSG;
		if (kind == TCPOPT_MAXSEG && olen == TCPOLEN_MAXSEG)
			out->tcp.mss = get16(p + i + 2);
		i += olen;
	}
	return 0;
}

int pkt_parse_tcp4(const void *buf, size_t len, struct pkt_info *out)
{
	const uint8_t *p = buf;
	size_t ihl, tot;
	int ret;

	ret = read_ip4(p, len, &tot, out);
	if (ret < 0)
		return ret;
	ihl = (size_t)ret;
	out->size = tot;
	if (p[9] != IPPROTO_TCP || (get16(p + 6) & 0x1fff))
		return 0;
	return read_tcp(p + ihl, tot - ihl, ihl, out);
}

int pkt_parse_tcp6(const void *buf, size_t len, struct pkt_info *out)
{
	memset(out, 0, sizeof(*out));
	if (len > IP_MAX_PACKET)
		return -EBADMSG;
	out->size = IP6_HDR_LEN + len;
	return read_tcp(buf, len, 0, out);
}
