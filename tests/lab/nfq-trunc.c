// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nfq-trunc: cut the ICMP and ICMPv6 echo replies of an NFQUEUE queue
 * short, so that only the first KEEP bytes of each ICMP message remain
 * (default 76), as some large public resolvers answer a large echo
 * request.  The lab's stand-in for such a host: tests/lab/lib.sh queues
 * to it the replies r2 forwards toward the client
 * (lab_truncate_echo_replies).
 *
 *   nfq-trunc [--queue N] [--keep N]
 *
 * A reply that is cut gets its IP length, its IPv4 header checksum and its
 * ICMP checksum (over the pseudo-header for ICMPv6, RFC 4443 section 2.3)
 * set right, so that the client takes it for the host's own.  Every other
 * packet is accepted as it came.  Once the queue is bound a line says so;
 * SIGTERM, SIGINT and SIGHUP end the program cleanly, and its counters go
 * to stderr.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/netfilter.h>
#include <libnetfilter_queue/libnetfilter_queue.h>

#include "cksum.h"

enum {
	IP4_HLEN_MIN = 20,
	IP6_HLEN = 40,
	ICMP_HLEN = 8,
	ICMP4_ECHO_REPLY = 0,
	ICMP6_ECHO_REPLY = 129,
};

struct trunc {
	struct nfq_q_handle *qh;
	size_t keep;		/* bytes of ICMP message left in a reply */
	uint64_t seen;
	uint64_t cut;
	uint64_t verdict_errors;
	uint64_t enobufs;
};

static const char *prog = "nfq-trunc";

static void syserr(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
}

static uint16_t get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return ntohs(v);
}

static void put16(uint8_t *p, uint16_t host)
{
	uint16_t v = htons(host);

	memcpy(p, &v, sizeof(v));
}

/* Cuts an IPv4 echo reply; returns its new length, or 0 to leave it. */
static size_t cut4(uint8_t *p, size_t len, size_t keep)
{
	size_t hlen, tot;
	uint16_t c;

	if (len < IP4_HLEN_MIN)
		return 0;
	hlen = (size_t)(p[0] & 0x0f) * 4;
	tot = get16(p + 2);
	if (hlen < IP4_HLEN_MIN || tot > len || tot < hlen + ICMP_HLEN ||
	    p[9] != IPPROTO_ICMP)
		return 0;
	/* A fragment (MF or an offset): cutting it would strand the rest. */
	if (get16(p + 6) & 0x3fff)
		return 0;
	if (p[hlen] != ICMP4_ECHO_REPLY || tot - hlen <= keep)
		return 0;
	put16(p + 2, (uint16_t)(hlen + keep));
	memset(p + 10, 0, 2);
	c = cksum(p, hlen);
	memcpy(p + 10, &c, 2);
	memset(p + hlen + 2, 0, 2);
	c = cksum(p + hlen, keep);
	memcpy(p + hlen + 2, &c, 2);
	return hlen + keep;
}

/* The same for IPv6.  Only a reply right after the fixed header is cut:
 * the lab's hosts add no extension headers to their echo replies. */
static size_t cut6(uint8_t *p, size_t len, size_t keep)
{
	static const uint8_t next[4] = { 0, 0, 0, IPPROTO_ICMPV6 };
	uint32_t sum, plen_be;
	size_t plen;
	uint16_t c;

	if (len < IP6_HLEN + ICMP_HLEN)
		return 0;
	plen = get16(p + 4);
	if (p[6] != IPPROTO_ICMPV6 || IP6_HLEN + plen > len ||
	    plen < ICMP_HLEN)
		return 0;
	if (p[IP6_HLEN] != ICMP6_ECHO_REPLY || plen <= keep)
		return 0;
	put16(p + 4, (uint16_t)keep);
	memset(p + IP6_HLEN + 2, 0, 2);
	/* pseudo-header: source, destination, length, zeros, next header */
	plen_be = htonl((uint32_t)keep);
	sum = cksum_add(0, p + 8, 32);
	sum = cksum_add(sum, &plen_be, sizeof(plen_be));
	sum = cksum_add(sum, next, sizeof(next));
	sum = cksum_add(sum, p + IP6_HLEN, keep);
	c = cksum_fold(sum);
	memcpy(p + IP6_HLEN + 2, &c, 2);
	return IP6_HLEN + keep;
}

static int on_packet(struct nfq_q_handle *qh, struct nfgenmsg *nfmsg,
		     struct nfq_data *nfa, void *data)
{
	struct trunc *t = data;
	struct nfqnl_msg_packet_hdr *ph;
	unsigned char *pkt;
	size_t cut = 0;
	int len, rc;

	(void)nfmsg;
	ph = nfq_get_msg_packet_hdr(nfa);
	if (!ph)
		return 0;
	t->seen++;
	len = nfq_get_payload(nfa, &pkt);
	if (len > 0 && pkt[0] >> 4 == 4)
		cut = cut4(pkt, (size_t)len, t->keep);
	else if (len > 0 && pkt[0] >> 4 == 6)
		cut = cut6(pkt, (size_t)len, t->keep);
	if (cut)
		t->cut++;
	rc = nfq_set_verdict(qh, ntohl(ph->packet_id), NF_ACCEPT,
			     (uint32_t)cut, cut ? pkt : NULL);
	if (rc < 0) {
		t->verdict_errors++;
		syserr("nfq_set_verdict");
	}
	return 0;
}

/* Reads every queued-packet message there is, without blocking. */
static int drain(struct trunc *t, struct nfq_handle *nh)
{
	char buf[65536] __attribute__((aligned(8)));
	ssize_t n;

	for (;;) {
		n = recv(nfq_fd(nh), buf, sizeof(buf), MSG_DONTWAIT);
		if (n >= 0) {
			nfq_handle_packet(nh, buf, (int)n);
			continue;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		if (errno == ENOBUFS)	/* the kernel dropped some for us */
			t->enobufs++;
		else if (errno != EINTR) {
			syserr("recv");
			return -1;
		}
	}
}

/* Until a signal (0) or an error (-1). */
static int run(struct trunc *t, struct nfq_handle *nh, int sfd)
{
	struct pollfd pfd[2] = {
		{ .fd = nfq_fd(nh), .events = POLLIN },
		{ .fd = sfd, .events = POLLIN },
	};

	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			syserr("poll");
			return -1;
		}
		if (pfd[1].revents & POLLIN)
			return 0;
		if ((pfd[0].revents & (POLLIN | POLLERR)) && drain(t, nh) < 0)
			return -1;
	}
}

static int parse_uint(const char *s, unsigned long min, unsigned long max,
		      unsigned long *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_args(int argc, char **argv, unsigned long *queue,
		      unsigned long *keep)
{
	static const struct option opts[] = {
		{ "queue", required_argument, NULL, 'q' },
		{ "keep", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "q:k:", opts, NULL)) != -1) {
		if (c == 'q' && parse_uint(optarg, 0, 65535, queue) == 0)
			continue;
		if (c == 'k' && parse_uint(optarg, ICMP_HLEN, 65535, keep) == 0)
			continue;
		if (c == 'q' || c == 'k')
			fprintf(stderr, "%s: bad --%s: %s\n", prog,
				c == 'q' ? "queue" : "keep", optarg);
		return -1;
	}
	return optind == argc ? 0 : -1;
}

/* Binds the queue and runs; 0 on a clean stop, 1 on an error. */
static int serve(struct trunc *t, unsigned long queue, int sfd)
{
	struct nfq_handle *nh;
	int rc = 1;

	nh = nfq_open();
	if (!nh) {
		syserr("nfq_open");
		return 1;
	}
	t->qh = nfq_create_queue(nh, (uint16_t)queue, on_packet, t);
	if (!t->qh) {
		fprintf(stderr, "%s: cannot bind queue %lu: %s\n", prog, queue,
			strerror(errno));
		goto out_nfq;
	}
	if (nfq_set_mode(t->qh, NFQNL_COPY_PACKET, 0xffff) < 0) {
		syserr("nfq_set_mode");
		goto out_queue;
	}
	fprintf(stderr, "%s: queue %lu bound, echo replies cut to %zu bytes of ICMP\n",
		prog, queue, t->keep);
	rc = run(t, nh, sfd) < 0;
out_queue:
	nfq_destroy_queue(t->qh);
out_nfq:
	nfq_close(nh);
	return rc;
}

int main(int argc, char **argv)
{
	struct trunc t = { .keep = 76 };
	unsigned long queue = 0, keep = t.keep;
	sigset_t mask;
	int sfd, rc;

	if (parse_args(argc, argv, &queue, &keep) < 0) {
		fprintf(stderr, "Usage: %s [--queue N] [--keep BYTES]\n", prog);
		return 2;
	}
	t.keep = keep;

	/* Signals arrive through a signalfd, never asynchronously. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0) {
		syserr("sigprocmask");
		return 1;
	}
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		syserr("signalfd");
		return 1;
	}
	rc = serve(&t, queue, sfd);
	close(sfd);
	fprintf(stderr,
		"%s: %" PRIu64 " packets: %" PRIu64 " echo replies cut, %" PRIu64
		" passed unchanged; %" PRIu64 " verdict errors, %" PRIu64
		" ENOBUFS\n", prog, t.seen, t.cut, t.seen - t.cut,
		t.verdict_errors, t.enobufs);
	return rc || t.verdict_errors || t.enobufs;
}
