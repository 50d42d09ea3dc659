// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer: the UDP prober's matcher of error-queue entries, against an
 * off-path sender who may choose everything but the run's cookie. A
 * simulated path (a link of some MTU, a router that may say "too big", a
 * host that answers "port unreachable") is probed twice: once clean, once
 * with the forged entries of the input placed before each true answer.
 * Each forged entry goes through pkt_parse_udp_error() as the error queue
 * gives it: its type, code, info and quote from the input, and its
 * sender, the destination the kernel reports and the port either from the
 * input or copied from the datagram just sent (an attacker who guessed
 * them). The answer must not move: same state, path MTU and evidence.
 *
 * Input: byte 0, the family (odd: IPv6) and whether the router says "too
 * big" (bit 1); bytes 1-2, the link's MTU; then entries: a flags byte
 * (bit 0 sender is the host, 1 the kernel reports the host, 2 the port
 * sent), type, code, 4 bytes of info, 2 bytes of port, a length byte,
 * and that many bytes of quote.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>

#include "pkt.h"
#include "udprun.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { ENTRY_HEAD = 10, FORGED_MAX = 256 };

struct path {
	int family;
	unsigned int mtu;
	bool ptb;
	struct addr src, dst, router, other;
	const uint8_t *forged;	/* NULL: a clean run */
	size_t left;
	/* the forged entries, then the one true answer */
	struct pkt_info q[FORGED_MAX + 1];
	size_t nq, next, truth;	/* the true answer's, or SIZE_MAX */
	uint64_t now;
};

/* The next forged entry, about the datagram just sent (port, payload). */
static bool forge(struct path *p, uint16_t port, struct pkt_info *out)
{
	const uint8_t *e = p->forged;
	size_t qlen;

	if (!e || p->left < ENTRY_HEAD)
		return false;
	qlen = e[9] <= p->left - ENTRY_HEAD ? e[9] : p->left - ENTRY_HEAD;
	if (pkt_parse_udp_error(p->family, e[1], e[2],
				(uint32_t)e[3] << 24 | (uint32_t)e[4] << 16 |
				(uint32_t)e[5] << 8 | e[6],
				e[0] & 1 ? &p->dst : &p->router, &p->src,
				e[0] & 2 ? &p->dst : &p->other,
				e[0] & 4 ? port : (uint16_t)(e[7] << 8 | e[8]),
				e + ENTRY_HEAD, qlen, out))
		memset(out, 0, sizeof(*out));
	p->forged += ENTRY_HEAD + qlen;
	p->left -= ENTRY_HEAD + qlen;
	return true;
}

static int p_send(void *ctx, int proto, const void *msg, size_t len,
		  uint8_t ttl)
{
	struct path *p = ctx;
	const uint8_t *m = msg;
	size_t size = len + pkt_ip_hdr_len(p->family);
	uint16_t port = (uint16_t)(m[2] << 8 | m[3]);
	bool v6 = p->family == AF_INET6;

	(void)proto;
	(void)ttl;
	p->nq = p->next = 0;
	while (p->nq < FORGED_MAX && forge(p, port, &p->q[p->nq]))
		p->nq++;
	p->truth = SIZE_MAX;
	if (size > p->mtu && !p->ptb)
		return 0;
	p->truth = p->nq;
	if (pkt_parse_udp_error(p->family, size > p->mtu ? (v6 ? 2 : 3) :
				(v6 ? 1 : 3), size > p->mtu ? (v6 ? 0 : 4) :
				(v6 ? 4 : 3), size > p->mtu ? p->mtu : 0,
				size > p->mtu ? &p->router : &p->dst, &p->src,
				&p->dst, port, m + 8, len - 8, &p->q[p->nq]))
		abort();
	p->nq++;
	return 0;
}

static int p_recv_info(void *ctx, struct pkt_info *pi, uint64_t deadline)
{
	struct path *p = ctx;

	if (p->next < p->nq) {
		/* only the true answer takes time: the clean run and the
		 * forged one see the same clock */
		if (p->next == p->truth)
			p->now += 1000;
		*pi = p->q[p->next++];
		return 1;
	}
	p->now = deadline;
	return 0;
}

static uint64_t p_now(void *ctx)
{
	return ((struct path *)ctx)->now;
}

static const struct net_ops ops = {
	.send = p_send,
	.recv_info = p_recv_info,
	.now = p_now,
};

static void path_init(struct path *p, const uint8_t *data)
{
	bool v6 = data[0] & 1;
	unsigned int min = v6 ? 1280 : 68, mtu = data[1] << 8 | data[2];

	memset(p, 0, sizeof(*p));
	p->family = v6 ? AF_INET6 : AF_INET;
	p->ptb = data[0] & 2;
	p->mtu = min + mtu % (1501 - min);
	addr_pton(v6 ? "fd00:99:1::1" : "10.99.1.1", &p->src);
	addr_pton(v6 ? "fd00:99:3::2" : "10.99.3.2", &p->dst);
	addr_pton(v6 ? "fd00:99:2::2" : "10.99.2.2", &p->router);
	addr_pton(v6 ? "fd00:99:3::77" : "10.99.3.77", &p->other);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run_result clean, forged;
	struct run_config cfg = { 0 };
	struct path *p;

	if (size < 3)
		return 0;
	p = malloc(sizeof(*p));
	if (!p)
		return 0;
	path_init(p, data);
	cfg.dst = p->dst;
	cfg.src = p->src;
	cfg.method = METHOD_UDP;
	cfg.min = p->family == AF_INET6 ? 1280 : 68;
	cfg.max = 1500;
	cfg.wait_ceiling = 1000000;
	cfg.udp_port = 40000;
	/* what no input can know */
	if (getrandom(cfg.echo.cookie, sizeof(cfg.echo.cookie), 0) !=
	    (ssize_t)sizeof(cfg.echo.cookie))
		abort();
	if (udp_run(&ops, p, &cfg, 0, &clean))
		abort();
	path_init(p, data);
	p->forged = data + 3;
	p->left = size - 3;
	if (udp_run(&ops, p, &cfg, 0, &forged))
		abort();
	if (forged.state != clean.state ||
	    forged.path_mtu != clean.path_mtu ||
	    forged.evidence != clean.evidence)
		abort();
	free(p);
	return 0;
}
