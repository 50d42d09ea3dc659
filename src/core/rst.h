/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_RST_H
#define MTUPROBE_RST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "run.h"

/*
 * Who sent the RST: the server, or a device on the way forging the
 * server's address (a firewall rejecting a port, a NAT or load balancer
 * that lost its flow). The RST's TTL and IP ID are set against the
 * server's own packets, and TTL-limited SYNs find the first hop whose
 * passing draws the RST.
 */

enum { RST_MAX_HOPS = 30, RST_MAX_PAYLOAD = 256 };

struct rst_obs {
	/* the answer to plain SYNs to the port */
	bool rst;
	bool synack;
	unsigned int rst_ttl;
	uint16_t rst_ipid;	/* IPv4 only */
	uint8_t payload[RST_MAX_PAYLOAD];
	size_t payload_len;	/* as much as was kept */
	size_t payload_total;	/* as much as came */
	/* the server's own packets */
	bool server_seen;
	unsigned int server_ttl;
	uint16_t server_ipid;
	unsigned int server_hops;	/* by TTL-limited echo; 0 unknown */
	/* TTL-limited SYNs */
	unsigned int first_rst_ttl;	/* 0: none drew one */
	struct addr hops[RST_MAX_HOPS];	/* Time Exceeded senders by TTL */
};

enum rst_verdict {
	RST_NO_ANSWER,		/* neither RST nor SYN-ACK */
	RST_SYNACK,		/* the port answers SYN-ACK: nothing reset */
	RST_FROM_SERVER,
	RST_INJECTED,		/* by the device at hop .hop (0: this link) */
	RST_UNSURE,		/* the clues disagree */
};

struct rst_judgement {
	enum rst_verdict verdict;
	unsigned int hop;		/* RST_INJECTED: where */
	unsigned int server_hops;	/* how far the server is; 0 unknown */
	unsigned int rst_hops;		/* how far the RST's TTL says */
	bool signature;			/* a payload: real RSTs carry none */
};

/* The initial TTL a received TTL most likely started from: 64, 128 or
 * 255, the values systems use. */
unsigned int rst_initial_ttl(unsigned int ttl);
/* How many hops away the sender of a packet received with ttl is. */
unsigned int rst_distance(unsigned int ttl);
void rst_judge(const struct rst_obs *o, struct rst_judgement *j);
/* Writes bytes as text a terminal shows safely: printable ASCII as is,
 * backslash and double quote escaped, anything else as \xNN; NUL
 * terminated, cut with "..." where cap runs out. Returns the length. */
size_t rst_escape(char *out, size_t cap, const uint8_t *p, size_t len);

/* Observes the RSTs to SYNs to port over ops (cfg as for a search, its
 * dport the port). Returns 0 with o filled, or a negative errno. */
int rst_observe(const struct net_ops *ops, void *ctx, struct run_config *cfg,
		uint16_t port, struct rst_obs *o);

#endif
