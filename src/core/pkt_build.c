// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <netinet/icmp6.h>
#include <netinet/tcp.h>

#include "cksum.h"
#include "pkt.h"

size_t pkt_ip_hdr_len(int family)
{
	return family == AF_INET6 ? IP6_HDR_LEN : IP4_HDR_LEN;
}

size_t pkt_echo_min_size(int family)
{
	return pkt_ip_hdr_len(family) + ICMP_HDR_LEN + PROBE_COOKIE_LEN;
}

unsigned int pkt_min_mtu(int family)
{
	return family == AF_INET6 ? IP6_MIN_MTU : IP4_MIN_MTU;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

/* The IPv6 payload length field counts what follows the fixed header. */
static size_t max_packet(int family)
{
	return IP_MAX_PACKET + (family == AF_INET6 ? IP6_HDR_LEN : 0);
}

ssize_t pkt_build_echo(int family, void *buf, size_t cap, size_t size,
		       const struct echo_id *e)
{
	uint8_t *p = buf;
	size_t len, i;

	if (size < pkt_echo_min_size(family) || size > max_packet(family))
		return -EMSGSIZE;
	len = size - pkt_ip_hdr_len(family);
	if (cap < len)
		return -ENOSPC;

	p[0] = family == AF_INET6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO;
	p[1] = 0;
	put16(p + 2, 0);
	put16(p + 4, e->id);
	put16(p + 6, e->seq);
	memcpy(p + ICMP_HDR_LEN, e->cookie, PROBE_COOKIE_LEN);
	/* A counting pattern, as ping fills its data, so a corrupted or
	 * truncated echo is visible in a capture. */
	for (i = ICMP_HDR_LEN + PROBE_COOKIE_LEN; i < len; i++)
		p[i] = i & 0xff;
	if (family == AF_INET) {
		uint16_t c = cksum(p, len);

		memcpy(p + 2, &c, 2);
	}
	return len;
}

void pkt_echo_to_reply(int family, void *icmp, size_t len)
{
	uint8_t *p = icmp;

	if (len < ICMP_HDR_LEN)
		return;
	memset(p + 2, 0, 2);
	if (family == AF_INET6) {
		p[0] = ICMP6_ECHO_REPLY;
	} else {
		uint16_t c;

		p[0] = ICMP_ECHOREPLY;
		c = cksum(p, len);
		memcpy(p + 2, &c, 2);
	}
}

ssize_t pkt_build_udp(int family, void *buf, size_t cap, size_t size,
		      uint16_t dport, const uint8_t cookie[PROBE_COOKIE_LEN])
{
	size_t ip = pkt_ip_hdr_len(family), len;
	uint8_t *p = buf;

	if (size < ip + UDP_HDR_LEN || size > max_packet(family))
		return -EMSGSIZE;
	len = size - ip;
	if (cap < len)
		return -ENOSPC;
	memset(p, 0, len);
	put16(p + 2, dport);
	put16(p + 4, (uint16_t)len);
	memcpy(p + UDP_HDR_LEN, cookie,
	       len - UDP_HDR_LEN < PROBE_COOKIE_LEN ? len - UDP_HDR_LEN :
	       PROBE_COOKIE_LEN);
	return (ssize_t)len;
}

ssize_t pkt_build_ip(void *buf, size_t cap, const struct addr *src,
		     const struct addr *dst, uint8_t proto, uint8_t ttl,
		     const void *payload, size_t plen)
{
	size_t hlen = pkt_ip_hdr_len(src->family);
	uint8_t *p = buf;

	if (hlen + plen > max_packet(src->family))
		return -EMSGSIZE;
	if (cap < hlen + plen)
		return -ENOSPC;
	/* The payload moves first, so it may start at buf. */
	memmove(p + hlen, payload, plen);
	memset(p, 0, hlen);
	if (src->family == AF_INET6) {
		p[0] = 6 << 4;
		put16(p + 4, plen);
		p[6] = proto;
		p[7] = ttl;
		memcpy(p + 8, &src->v6, 16);
		memcpy(p + 24, &dst->v6, 16);
	} else {
		uint16_t c;

		p[0] = 4 << 4 | IP4_HDR_LEN / 4;
		put16(p + 2, hlen + plen);
		put16(p + 6, 0x4000);	/* DF */
		p[8] = ttl;
		p[9] = proto;
		memcpy(p + 12, &src->v4, 4);
		memcpy(p + 16, &dst->v4, 4);
		c = cksum(p, hlen);
		memcpy(p + 10, &c, 2);
	}
	return hlen + plen;
}

ssize_t pkt_build_icmp_error(int family, void *buf, size_t cap, uint8_t type,
			     uint8_t code, uint32_t rest, const void *quoted,
			     size_t qlen)
{
	uint8_t *p = buf;
	size_t len = ICMP_HDR_LEN + qlen;

	if (len + pkt_ip_hdr_len(family) > max_packet(family))
		return -EMSGSIZE;
	if (cap < len)
		return -ENOSPC;
	memmove(p + ICMP_HDR_LEN, quoted, qlen);
	p[0] = type;
	p[1] = code;
	put16(p + 2, 0);
	put32(p + 4, rest);
	if (family == AF_INET) {
		uint16_t c = cksum(p, len);

		memcpy(p + 2, &c, 2);
	}
	return len;
}

size_t pkt_syn_min_size(int family)
{
	return pkt_ip_hdr_len(family) + TCP_SYN_LEN;
}

/* The sum of the TCP pseudo-header (RFC 9293 3.1, RFC 8200 8.1). */
static uint32_t pseudo_sum(const struct addr *src, const struct addr *dst,
			   size_t len)
{
	uint8_t tail[8] = { 0 };
	uint32_t sum;

	sum = cksum_add(0, &src->v6, addr_len(src->family));
	sum = cksum_add(sum, &dst->v6, addr_len(dst->family));
	if (src->family == AF_INET6) {
		put32(tail, (uint32_t)len);
		tail[7] = IPPROTO_TCP;
		return cksum_add(sum, tail, 8);
	}
	tail[1] = IPPROTO_TCP;
	put16(tail + 2, (uint16_t)len);
	return cksum_add(sum, tail, 4);
}

ssize_t pkt_build_syn(void *buf, size_t cap, size_t size,
		      const struct addr *src, const struct addr *dst,
		      uint16_t sport, uint16_t dport, uint32_t seq, uint16_t mss)
{
	int family = dst->family;
	uint8_t *p = buf;
	size_t len, i;
	uint16_t c;

	/* The checksum covers both addresses: no source, no SYN. */
	if (src->family != family)
		return -EINVAL;
	if (size < pkt_syn_min_size(family) || size > max_packet(family))
		return -EMSGSIZE;
	len = size - pkt_ip_hdr_len(family);
	if (cap < len)
		return -ENOSPC;
	memset(p, 0, TCP_SYN_LEN);
	put16(p, sport);
	put16(p + 2, dport);
	put32(p + 4, seq);
	p[12] = (TCP_SYN_LEN / 4) << 4;
	p[13] = TH_SYN;
	put16(p + 14, 65535);	/* window */
	p[20] = TCPOPT_MAXSEG;
	p[21] = TCPOLEN_MAXSEG;
	put16(p + 22, mss);
	for (i = TCP_SYN_LEN; i < len; i++)
		p[i] = i & 0xff;
	c = cksum_fold(cksum_add(pseudo_sum(src, dst, len), p, len));
	memcpy(p + 16, &c, 2);
	return len;
}
