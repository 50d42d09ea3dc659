/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_CLAMP_H
#define MTUPROBE_CLAMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <net/if.h>

#include "addr.h"

/*
 * The MSS clamp as data: which TCP SYNs to clamp, and to what. From it
 * come the nftables ruleset as text (--clamp) and the netlink batch that
 * installs the same ruleset (--apply). A clamp owns one table, inet
 * mtuprobe unless --table names another, with one base chain named after
 * its hook; it touches no other table, so that clamps of several tables
 * (one a tunnel, say) live side by side.
 */

#define CLAMP_TABLE "mtuprobe"	/* the table without --table */

enum {
	CLAMP_MAX_SEL = 8,		/* selectors on one command line */
	CLAMP_MAX_RULES = 4 * CLAMP_MAX_SEL,
	CLAMP_PRIO_MANGLE = -150,	/* NF_IP_PRI_MANGLE */
	/* RFC 9293 §3.7.1: every IPv4 host takes 536; a smaller clamp
	 * costs every connection more than it saves. */
	CLAMP_MSS_MIN = 536,
	CLAMP_MSS_MAX = 65535 - 40,
	CLAMP_MSS6_LESS = 20,		/* IPv6 header is 20 bytes longer */
	/* characters of a table's name: the kernel takes 255, a name to
	 * type and read needs far fewer */
	CLAMP_TABLE_MAX = 63,
};

enum clamp_hook {
	CLAMP_HOOK_FORWARD,
	CLAMP_HOOK_OUTPUT,
	CLAMP_HOOK_POSTROUTING,
};

/* What a rule matches besides "a TCP SYN of this family". */
enum clamp_match {
	CLAMP_ANY,		/* every SYN through the hook */
	CLAMP_IIF,		/* arrived on an interface */
	CLAMP_OIF,		/* leaves through it */
	CLAMP_SADDR,		/* from a network */
	CLAMP_DADDR,		/* to a network */
	CLAMP_IPSEC_IN,		/* arrived through an IPsec policy */
	CLAMP_IPSEC_OUT,	/* leaves through one */
};

struct clamp_net {
	struct addr addr;	/* host bits zero */
	unsigned int prefix;	/* 1 to 32 or 128 */
};

/* One selector of the command line: -i IFACE (CLAMP_IIF, both
 * directions), --src, --dst, --ipsec (CLAMP_IPSEC_IN, both directions). */
struct clamp_sel {
	enum clamp_match match;
	char ifname[IFNAMSIZ];
	struct clamp_net net;
};

struct clamp_rule {
	enum clamp_match match;
	int family;		/* of the SYNs: AF_INET or AF_INET6 */
	const char *ifname;	/* points into the selector */
	const struct clamp_net *net;
	unsigned int mss;
};

struct clamp {
	char table[CLAMP_TABLE_MAX + 1];
	enum clamp_hook hook;
	unsigned int mss4, mss6;
	struct clamp_sel sel[CLAMP_MAX_SEL];
	size_t nsel;		/* 0: every SYN */
	struct clamp_rule rules[CLAMP_MAX_RULES];
	size_t nrules;
};

/* Readers of the command line's words. Each returns 0, or -EINVAL with a
 * one-line reason in err. */
int clamp_iface_parse(const char *s, struct clamp_sel *sel, char *err,
		      size_t errlen);
/* "10.1.0.0/16", "fd00::/64", or an address alone (/32, /128). */
int clamp_net_parse(const char *s, enum clamp_match match,
		    struct clamp_sel *sel, char *err, size_t errlen);
int clamp_hook_parse(const char *s, enum clamp_hook *hook, char *err,
		     size_t errlen);
/* A table's name as nft reads one unquoted: a letter, '_' or '.', then
 * letters, digits, '/', '-', '_' and '.'; 1 to CLAMP_TABLE_MAX of them.
 * Copies it into table (CLAMP_TABLE_MAX + 1 bytes). */
int clamp_table_parse(const char *s, char *table, char *err, size_t errlen);
const char *clamp_hook_name(enum clamp_hook hook);
/* NF_INET_FORWARD and the rest. */
unsigned int clamp_hook_num(enum clamp_hook hook);

/* Fills c, the clamp of table (a name clamp_table_parse() took), from the
 * selectors and the IPv4 MSS (the IPv6 one is 20 less). Returns 0, or
 * -ERANGE when mss4 is outside CLAMP_MSS_MIN..MAX. */
int clamp_build(struct clamp *c, const char *table, enum clamp_hook hook,
		const struct clamp_sel *sel, size_t nsel, unsigned int mss4);

/* The ruleset as nft -f takes it: loading it again replaces the table. */
void clamp_ruleset_text(FILE *f, const struct clamp *c);
/* One rule's statement, as nft prints it back. */
void clamp_rule_text(FILE *f, const struct clamp_rule *r);
/* Which SYNs the clamp selects, in a few words ("forwarded through wg0
 * (in or out)", "every forwarded SYN"). */
void clamp_selection_text(FILE *f, const struct clamp *c);

struct nftnl_rule;
/* Rule i of c as a libnftnl object (table, chain and expressions), or
 * NULL with errno set. The caller frees it. */
struct nftnl_rule *clamp_nftnl_rule(const struct clamp *c, size_t i);
/* The expressions of r, one "  [ ... ]" line each, as nft --debug=netlink
 * prints them. Returns the length it needed, like snprintf. */
int clamp_expr_text(char *buf, size_t len, const struct nftnl_rule *r);

/*
 * The netlink batches, message by message. The one that installs c as the
 * whole of its table holds, in this order: its begin; the table
 * created if missing, so that the delete always has one to delete; the
 * table deleted; the table created again; the chain; the rules, rule i at
 * CLAMP_BATCH_RULE + i; its end. The kernel applies a batch as one
 * transaction: all of it or nothing, and a rerun replaces. The one that
 * removes a table holds its begin, CLAMP_BATCH_TABLE_DEL and its end.
 * Each message but the begin and the end asks for an ack.
 */
enum clamp_batch_msg {
	CLAMP_BATCH_BEGIN,
	CLAMP_BATCH_TABLE_ENSURE,
	CLAMP_BATCH_TABLE_DEL,
	CLAMP_BATCH_TABLE_ADD,
	CLAMP_BATCH_CHAIN,
	CLAMP_BATCH_RULE,
	CLAMP_BATCH_END,
	CLAMP_BATCH_NONE,	/* past the end */
};

/* Which message is at index (its sequence number less the first's) in
 * the batch of c, or in the one that removes the table when c is NULL. */
enum clamp_batch_msg clamp_batch_msg(const struct clamp *c, uint32_t index);
/* How many messages that batch holds. */
uint32_t clamp_batch_count(const struct clamp *c);

/*
 * Build those batches into buf with the sequence numbers seq, seq+1, ...
 * Return the length, or -ENOSPC, -ENOMEM.
 */
ssize_t clamp_batch_apply(void *buf, size_t cap, const struct clamp *c,
			  uint32_t seq);
ssize_t clamp_batch_remove(void *buf, size_t cap, const char *table,
			   uint32_t seq);
/* What message index of the batch of c is, in a few words ("adding rule
 * 3", "adding chain forward ..."), for an error from the kernel. */
void clamp_batch_what(char *buf, size_t len, const struct clamp *c,
		      uint32_t index);

#endif
