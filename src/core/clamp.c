// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The MSS clamp: selectors from the command line, the rules they make, the
 * nft text of those rules and the same rules as a netlink batch. No
 * socket: nft.c sends the batch.
 *
 * The expressions are the ones nft 1.0 itself sends for the text (see
 * tests/unit/clamp/, made with nft --debug=netlink), so that what --apply
 * installs lists back exactly as what --clamp prints.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <libmnl/libmnl.h>
#include <libnftnl/batch.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>

#include "clamp.h"

enum {
	TCPOPT_MAXSEG_KIND = 2,
	TCP_FLAGS_OFFSET = 13,
	TCP_FLAG_SYN = 0x02,
	TCP_FLAG_RST = 0x04,
	/* A rule message is a few hundred bytes; a batch reserves this
	 * much before each, because libnftnl writes without bounds. */
	BATCH_MSG_ROOM = 1024,
};

int clamp_iface_parse(const char *s, struct clamp_sel *sel, char *err,
		      size_t errlen)
{
	size_t n = strlen(s);
	const char *p;

	if (n == 0 || n >= IFNAMSIZ) {
		snprintf(err, errlen, "-i '%s': an interface name has 1 to %d characters",
			 s, IFNAMSIZ - 1);
		return -EINVAL;
	}
	if (!strcmp(s, ".") || !strcmp(s, "..")) {
		snprintf(err, errlen, "-i '%s': not an interface name", s);
		return -EINVAL;
	}
	/* The kernel's dev_valid_name(), and nothing nft would read as
	 * quoting or a wildcard. */
	for (p = s; *p; p++) {
		if (*p <= ' ' || *p >= 0x7f || strchr("/:\"\\*", *p)) {
			snprintf(err, errlen, "-i '%s': '%c' cannot stand in an interface name here",
				 s, *p > ' ' && *p < 0x7f ? *p : '?');
			return -EINVAL;
		}
	}
	memset(sel, 0, sizeof(*sel));
	sel->match = CLAMP_IIF;
	memcpy(sel->ifname, s, n + 1);
	return 0;
}

int clamp_net_parse(const char *s, enum clamp_match match,
		    struct clamp_sel *sel, char *err, size_t errlen)
{
	const char *opt = match == CLAMP_SADDR ? "--src" : "--dst";
	char a[ADDR_STRLEN + 1], shown[ADDR_STRLEN];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	struct clamp_net net;
	unsigned int full, prefix = 0, i;
	unsigned char *b;

	if (alen >= sizeof(a)) {
		snprintf(err, errlen, "%s '%s': not an address or ADDRESS/PREFIX", opt, s);
		return -EINVAL;
	}
	memcpy(a, s, alen);
	a[alen] = '\0';
	if (addr_pton(a, &net.addr)) {
		snprintf(err, errlen, "%s '%s': not an address or ADDRESS/PREFIX", opt, s);
		return -EINVAL;
	}
	full = net.addr.family == AF_INET6 ? 128 : 32;
	if (slash) {
		const char *p = slash + 1;

		for (; *p >= '0' && *p <= '9' && prefix <= full; p++)
			prefix = prefix * 10 + (unsigned int)(*p - '0');
		if (p == slash + 1 || *p || prefix > full) {
			snprintf(err, errlen, "%s '%s': the prefix length must be 1 to %u",
				 opt, s, full);
			return -EINVAL;
		}
		if (prefix == 0) {
			snprintf(err, errlen, "%s '%s' matches every address: leave %s out",
				 opt, s, opt);
			return -EINVAL;
		}
	} else {
		prefix = full;
	}
	b = (unsigned char *)&net.addr.v4;
	if (net.addr.family == AF_INET6)
		b = net.addr.v6.s6_addr;
	for (i = prefix; i < full; i++) {
		if (b[i / 8] & (0x80 >> (i % 8))) {
			for (; i < full; i++)
				b[i / 8] &= (unsigned char)~(0x80 >> (i % 8));
			snprintf(err, errlen, "%s '%s': host bits are set; the network is %s/%u",
				 opt, s, addr_ntop(&net.addr, shown), prefix);
			return -EINVAL;
		}
	}
	net.prefix = prefix;
	memset(sel, 0, sizeof(*sel));
	sel->match = match;
	sel->net = net;
	return 0;
}

static const char *const hook_names[] = {
	[CLAMP_HOOK_FORWARD] = "forward",
	[CLAMP_HOOK_OUTPUT] = "output",
	[CLAMP_HOOK_POSTROUTING] = "postrouting",
};

static const unsigned int hook_nums[] = {
	[CLAMP_HOOK_FORWARD] = NF_INET_FORWARD,
	[CLAMP_HOOK_OUTPUT] = NF_INET_LOCAL_OUT,
	[CLAMP_HOOK_POSTROUTING] = NF_INET_POST_ROUTING,
};

int clamp_hook_parse(const char *s, enum clamp_hook *hook, char *err,
		     size_t errlen)
{
	for (size_t i = 0; i < sizeof(hook_names) / sizeof(hook_names[0]); i++) {
		if (!strcmp(s, hook_names[i])) {
			*hook = (enum clamp_hook)i;
			return 0;
		}
	}
	snprintf(err, errlen, "--hook '%s': not forward, output or postrouting", s);
	return -EINVAL;
}

const char *clamp_hook_name(enum clamp_hook hook)
{
	return hook_names[hook];
}

unsigned int clamp_hook_num(enum clamp_hook hook)
{
	return hook_nums[hook];
}

/* nft's scanner: string ({letter}|[_.])({letter}|{digit}|[/\-_\.])*.
 * nft -f also takes its keywords (ip, tcp, counter...) for no name, which
 * no rule here can tell; the kernel itself would take any. */
int clamp_table_parse(const char *s, char *table, char *err, size_t errlen)
{
	size_t n = strlen(s);
	const char *p;

	if (n == 0 || n > CLAMP_TABLE_MAX) {
		snprintf(err, errlen, "--table '%s': a table's name has 1 to %d characters",
			 s, CLAMP_TABLE_MAX);
		return -EINVAL;
	}
	for (p = s; *p; p++) {
		bool letter = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
		bool digit = *p >= '0' && *p <= '9';

		if (letter || *p == '_' || *p == '.' ||
		    (p > s && (digit || *p == '/' || *p == '-')))
			continue;
		if (p == s)
			snprintf(err, errlen, "--table '%s': a table's name begins with a letter, '_' or '.'",
				 s);
		else
			snprintf(err, errlen, "--table '%s': '%c' cannot stand in a table's name (letters, digits, '/', '-', '_' and '.' can)",
				 s, *p >= ' ' && *p < 0x7f ? *p : '?');
		return -EINVAL;
	}
	memcpy(table, s, n + 1);
	return 0;
}

static void add_rule(struct clamp *c, enum clamp_match m, int family,
		     const struct clamp_sel *sel)
{
	struct clamp_rule *r = &c->rules[c->nrules++];

	r->match = m;
	r->family = family;
	r->ifname = sel ? sel->ifname : NULL;
	r->net = sel ? &sel->net : NULL;
	r->mss = family == AF_INET6 ? c->mss6 : c->mss4;
}

/* A match on the way in and one on the way out, each for both families;
 * locally generated SYNs (output) have no way in. */
static void add_both_ways(struct clamp *c, enum clamp_match in,
			  enum clamp_match out, const struct clamp_sel *sel)
{
	if (c->hook != CLAMP_HOOK_OUTPUT) {
		add_rule(c, in, AF_INET, sel);
		add_rule(c, in, AF_INET6, sel);
	}
	add_rule(c, out, AF_INET, sel);
	add_rule(c, out, AF_INET6, sel);
}

int clamp_build(struct clamp *c, const char *table, enum clamp_hook hook,
		const struct clamp_sel *sel, size_t nsel, unsigned int mss4)
{
	if (mss4 < CLAMP_MSS_MIN || mss4 > CLAMP_MSS_MAX || nsel > CLAMP_MAX_SEL ||
	    strlen(table) > CLAMP_TABLE_MAX)
		return -ERANGE;
	memset(c, 0, sizeof(*c));
	strcpy(c->table, table);
	c->hook = hook;
	c->mss4 = mss4;
	c->mss6 = mss4 - CLAMP_MSS6_LESS;
	c->nsel = nsel;
	if (!nsel) {
		add_rule(c, CLAMP_ANY, AF_INET, NULL);
		add_rule(c, CLAMP_ANY, AF_INET6, NULL);
		return 0;
	}
	memcpy(c->sel, sel, nsel * sizeof(*sel));
	for (size_t i = 0; i < nsel; i++) {
		const struct clamp_sel *s = &c->sel[i];

		switch (s->match) {
		case CLAMP_IIF:
			add_both_ways(c, CLAMP_IIF, CLAMP_OIF, s);
			break;
		case CLAMP_IPSEC_IN:
			add_both_ways(c, CLAMP_IPSEC_IN, CLAMP_IPSEC_OUT, s);
			break;
		case CLAMP_SADDR:
		case CLAMP_DADDR:
			add_rule(c, s->match, s->net.addr.family, s);
			break;
		default:
			return -EINVAL;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ text */

static const char *nfproto_name(int family)
{
	return family == AF_INET6 ? "ipv6" : "ipv4";
}

void clamp_rule_text(FILE *f, const struct clamp_rule *r)
{
	char a[ADDR_STRLEN];
	unsigned int full = r->family == AF_INET6 ? 128 : 32;

	switch (r->match) {
	case CLAMP_IIF:
	case CLAMP_OIF:
		fprintf(f, "%s \"%s\" ", r->match == CLAMP_IIF ? "iifname" :
			"oifname", r->ifname);
		break;
	case CLAMP_SADDR:
	case CLAMP_DADDR:
		fprintf(f, "%s %s %s", r->family == AF_INET6 ? "ip6" : "ip",
			r->match == CLAMP_SADDR ? "saddr" : "daddr",
			addr_ntop(&r->net->addr, a));
		if (r->net->prefix < full)
			fprintf(f, "/%u", r->net->prefix);
		fputc(' ', f);
		break;
	case CLAMP_IPSEC_IN:
		fputs("meta ipsec exists ", f);
		break;
	case CLAMP_IPSEC_OUT:
		fputs("rt ipsec exists ", f);
		break;
	case CLAMP_ANY:
		break;
	}
	/* an address match implies the family */
	if (r->match != CLAMP_SADDR && r->match != CLAMP_DADDR)
		fprintf(f, "meta nfproto %s ", nfproto_name(r->family));
	fprintf(f, "tcp flags syn / syn,rst tcp option maxseg size > %u tcp option maxseg size set %u",
		r->mss, r->mss);
}

void clamp_ruleset_text(FILE *f, const struct clamp *c)
{
	const char *hook = clamp_hook_name(c->hook);

	/* "table" first creates the table if it is missing, so that the
	 * "delete" always has one to delete: loading the file again
	 * replaces rather than adds. */
	fprintf(f, "table inet %s\n", c->table);
	fprintf(f, "delete table inet %s\n", c->table);
	fprintf(f, "table inet %s {\n", c->table);
	fprintf(f, "\tchain %s {\n", hook);
	fprintf(f, "\t\ttype filter hook %s priority mangle; policy accept;\n",
		hook);
	for (size_t i = 0; i < c->nrules; i++) {
		fputs("\t\t", f);
		clamp_rule_text(f, &c->rules[i]);
		fputc('\n', f);
	}
	fputs("\t}\n}\n", f);
}

void clamp_selection_text(FILE *f, const struct clamp *c)
{
	char a[ADDR_STRLEN];
	const char *what = c->hook == CLAMP_HOOK_OUTPUT ? "sent by this host" :
			   c->hook == CLAMP_HOOK_FORWARD ? "forwarded" :
			   "forwarded or sent";

	if (!c->nsel) {
		fprintf(f, "every TCP SYN %s (no -i, --src, --dst or --ipsec given)",
			what);
		return;
	}
	fprintf(f, "TCP SYNs %s ", what);
	for (size_t i = 0; i < c->nsel; i++) {
		const struct clamp_sel *s = &c->sel[i];

		if (i)
			fputs(i + 1 == c->nsel ? " or " : ", ", f);
		switch (s->match) {
		case CLAMP_IIF:
			fprintf(f, c->hook == CLAMP_HOOK_OUTPUT ?
				"out through %s" : "through %s (in or out)",
				s->ifname);
			break;
		case CLAMP_IPSEC_IN:
			fputs(c->hook == CLAMP_HOOK_OUTPUT ?
			      "out through an IPsec policy" :
			      "through an IPsec policy (in or out)", f);
			break;
		default:
			fprintf(f, "%s %s/%u", s->match == CLAMP_SADDR ? "from" :
				"to", addr_ntop(&s->net.addr, a), s->net.prefix);
			break;
		}
	}
}

/* ------------------------------------------------------- expressions */

static int add_expr(struct nftnl_rule *r, struct nftnl_expr *e)
{
	if (!e)
		return -1;
	nftnl_rule_add_expr(r, e);
	return 0;
}

static struct nftnl_expr *expr(const char *name)
{
	return nftnl_expr_alloc(name);
}

static int meta_load(struct nftnl_rule *r, uint32_t key)
{
	struct nftnl_expr *e = expr("meta");

	if (!e)
		return -1;
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
	return add_expr(r, e);
}

static int cmp(struct nftnl_rule *r, uint32_t op, const void *data,
	       uint32_t len)
{
	struct nftnl_expr *e = expr("cmp");

	if (!e)
		return -1;
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
	return add_expr(r, e);
}

static int cmp_u8(struct nftnl_rule *r, uint8_t v)
{
	return cmp(r, NFT_CMP_EQ, &v, sizeof(v));
}

static int payload_load(struct nftnl_rule *r, uint32_t base, uint32_t off,
			uint32_t len)
{
	struct nftnl_expr *e = expr("payload");

	if (!e)
		return -1;
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, off);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
	return add_expr(r, e);
}

static int bitwise_and(struct nftnl_rule *r, const void *mask, uint32_t len)
{
	static const unsigned char zero[16];
	struct nftnl_expr *e = expr("bitwise");

	if (!e)
		return -1;
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, mask, len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, zero, len);
	return add_expr(r, e);
}

static int tcpopt_mss(struct nftnl_rule *r, bool write)
{
	struct nftnl_expr *e = expr("exthdr");

	if (!e)
		return -1;
	if (write) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_EXTHDR_SREG, NFT_REG_1);
	} else {
		nftnl_expr_set_u32(e, NFTNL_EXPR_EXTHDR_DREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_EXTHDR_FLAGS, 0);
	}
	nftnl_expr_set_u8(e, NFTNL_EXPR_EXTHDR_TYPE, TCPOPT_MAXSEG_KIND);
	nftnl_expr_set_u32(e, NFTNL_EXPR_EXTHDR_OFFSET, 2);
	nftnl_expr_set_u32(e, NFTNL_EXPR_EXTHDR_LEN, 2);
	nftnl_expr_set_u32(e, NFTNL_EXPR_EXTHDR_OP, NFT_EXTHDR_OP_TCPOPT);
	return add_expr(r, e);
}

static int immediate(struct nftnl_rule *r, const void *data, uint32_t len)
{
	struct nftnl_expr *e = expr("immediate");

	if (!e)
		return -1;
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_1);
	nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, data, len);
	return add_expr(r, e);
}

static int nfproto(struct nftnl_rule *r, int family)
{
	if (meta_load(r, NFT_META_NFPROTO))
		return -1;
	return cmp_u8(r, family == AF_INET6 ? NFPROTO_IPV6 : NFPROTO_IPV4);
}

/* As nft does it: a prefix on a byte boundary loads only its bytes;
 * any other loads the whole address and masks it. */
static int net_match(struct nftnl_rule *r, const struct clamp_rule *cr)
{
	const struct clamp_net *n = cr->net;
	bool v6 = cr->family == AF_INET6;
	uint32_t full = v6 ? 16 : 4, len = full, i;
	uint32_t off = v6 ? (cr->match == CLAMP_SADDR ? 8 : 24) :
			    (cr->match == CLAMP_SADDR ? 12 : 16);
	const unsigned char *a = v6 ? n->addr.v6.s6_addr :
				      (const unsigned char *)&n->addr.v4;
	unsigned char mask[16] = { 0 };

	if (n->prefix % 8 == 0)
		len = n->prefix / 8;
	if (nfproto(r, cr->family) ||
	    payload_load(r, NFT_PAYLOAD_NETWORK_HEADER, off, len))
		return -1;
	if (n->prefix % 8) {
		for (i = 0; i < n->prefix; i++)
			mask[i / 8] |= (unsigned char)(0x80 >> (i % 8));
		if (bitwise_and(r, mask, len))
			return -1;
	}
	return cmp(r, NFT_CMP_EQ, a, len);
}

static int rule_exprs(struct nftnl_rule *r, const struct clamp_rule *cr)
{
	static const uint8_t syn_rst = TCP_FLAG_SYN | TCP_FLAG_RST;
	char name[IFNAMSIZ] = { 0 };
	uint16_t mss = htons((uint16_t)cr->mss);

	switch (cr->match) {
	case CLAMP_IIF:
	case CLAMP_OIF:
		strncpy(name, cr->ifname, sizeof(name) - 1);
		if (meta_load(r, cr->match == CLAMP_IIF ? NFT_META_IIFNAME :
			      NFT_META_OIFNAME) ||
		    cmp(r, NFT_CMP_EQ, name, sizeof(name)))
			return -1;
		break;
	case CLAMP_SADDR:
	case CLAMP_DADDR:
		if (net_match(r, cr))
			return -1;
		break;
	case CLAMP_IPSEC_IN:
		if (meta_load(r, NFT_META_SECPATH) || cmp_u8(r, 1))
			return -1;
		break;
	case CLAMP_IPSEC_OUT: {
		struct nftnl_expr *e = expr("rt");

		if (!e)
			return -1;
		nftnl_expr_set_u32(e, NFTNL_EXPR_RT_KEY, NFT_RT_XFRM);
		nftnl_expr_set_u32(e, NFTNL_EXPR_RT_DREG, NFT_REG_1);
		if (add_expr(r, e) || cmp_u8(r, 1))
			return -1;
		break;
	}
	case CLAMP_ANY:
		break;
	}
	if (cr->match != CLAMP_SADDR && cr->match != CLAMP_DADDR &&
	    nfproto(r, cr->family))
		return -1;
	if (meta_load(r, NFT_META_L4PROTO) || cmp_u8(r, IPPROTO_TCP) ||
	    payload_load(r, NFT_PAYLOAD_TRANSPORT_HEADER, TCP_FLAGS_OFFSET, 1) ||
	    bitwise_and(r, &syn_rst, 1) || cmp_u8(r, TCP_FLAG_SYN) ||
	    tcpopt_mss(r, false) || cmp(r, NFT_CMP_GT, &mss, sizeof(mss)) ||
	    immediate(r, &mss, sizeof(mss)) || tcpopt_mss(r, true))
		return -1;
	return 0;
}

struct nftnl_rule *clamp_nftnl_rule(const struct clamp *c, size_t i)
{
	struct nftnl_rule *r;

	if (i >= c->nrules) {
		errno = EINVAL;
		return NULL;
	}
	r = nftnl_rule_alloc();
	if (!r)
		return NULL;
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_INET);
	if (nftnl_rule_set_str(r, NFTNL_RULE_TABLE, c->table) ||
	    nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, clamp_hook_name(c->hook)) ||
	    rule_exprs(r, &c->rules[i])) {
		nftnl_rule_free(r);
		errno = ENOMEM;
		return NULL;
	}
	return r;
}

int clamp_expr_text(char *buf, size_t len, const struct nftnl_rule *r)
{
	struct nftnl_expr_iter *it;
	struct nftnl_expr *e;
	size_t used = 0;
	char one[512];
	int n = 0;

	if (len)
		buf[0] = '\0';
	it = nftnl_expr_iter_create(r);
	if (!it)
		return -1;
	while ((e = nftnl_expr_iter_next(it))) {
		n = nftnl_expr_snprintf(one, sizeof(one), e,
					NFTNL_OUTPUT_DEFAULT, 0);
		if (n < 0)
			break;
		/* nft prints the expression's name before its own text */
		n = snprintf(used < len ? buf + used : NULL,
			     used < len ? len - used : 0, "  [ %s %s]\n",
			     nftnl_expr_get_str(e, NFTNL_EXPR_NAME), one);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	nftnl_expr_iter_destroy(it);
	return n < 0 ? -1 : (int)used;
}

/* ------------------------------------------------------------ batches */

enum clamp_batch_msg clamp_batch_msg(const struct clamp *c, uint32_t index)
{
	static const enum clamp_batch_msg remove[] = {
		CLAMP_BATCH_BEGIN, CLAMP_BATCH_TABLE_DEL, CLAMP_BATCH_END,
	};

	if (!c)
		return index < sizeof(remove) / sizeof(remove[0]) ?
		       remove[index] : CLAMP_BATCH_NONE;
	if (index < CLAMP_BATCH_RULE)
		return (enum clamp_batch_msg)index;
	if (index - CLAMP_BATCH_RULE < c->nrules)
		return CLAMP_BATCH_RULE;
	if (index - CLAMP_BATCH_RULE == c->nrules)
		return CLAMP_BATCH_END;
	return CLAMP_BATCH_NONE;
}

uint32_t clamp_batch_count(const struct clamp *c)
{
	uint32_t n = 0;

	while (clamp_batch_msg(c, n) != CLAMP_BATCH_NONE)
		n++;
	return n;
}

static int put_table(char *p, const char *table, uint16_t type,
		     uint16_t flags, uint32_t seq)
{
	struct nftnl_table *t;
	struct nlmsghdr *nlh;

	t = nftnl_table_alloc();
	if (!t)
		return -ENOMEM;
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_INET);
	if (nftnl_table_set_str(t, NFTNL_TABLE_NAME, table)) {
		nftnl_table_free(t);
		return -ENOMEM;
	}
	nlh = nftnl_table_nlmsg_build_hdr(p, type, NFPROTO_INET,
					  flags | NLM_F_ACK, seq);
	nftnl_table_nlmsg_build_payload(nlh, t);
	nftnl_table_free(t);
	return 0;
}

static int put_chain(char *p, const struct clamp *c, uint32_t seq)
{
	struct nftnl_chain *ch;
	struct nlmsghdr *nlh;

	ch = nftnl_chain_alloc();
	if (!ch)
		return -ENOMEM;
	nftnl_chain_set_u32(ch, NFTNL_CHAIN_FAMILY, NFPROTO_INET);
	nftnl_chain_set_u32(ch, NFTNL_CHAIN_HOOKNUM, clamp_hook_num(c->hook));
	nftnl_chain_set_s32(ch, NFTNL_CHAIN_PRIO, CLAMP_PRIO_MANGLE);
	nftnl_chain_set_u32(ch, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	if (nftnl_chain_set_str(ch, NFTNL_CHAIN_TABLE, c->table) ||
	    nftnl_chain_set_str(ch, NFTNL_CHAIN_NAME, clamp_hook_name(c->hook)) ||
	    nftnl_chain_set_str(ch, NFTNL_CHAIN_TYPE, "filter")) {
		nftnl_chain_free(ch);
		return -ENOMEM;
	}
	nlh = nftnl_chain_nlmsg_build_hdr(p, NFT_MSG_NEWCHAIN, NFPROTO_INET,
					  NLM_F_CREATE | NLM_F_ACK, seq);
	nftnl_chain_nlmsg_build_payload(nlh, ch);
	nftnl_chain_free(ch);
	return 0;
}

static int put_rule(char *p, const struct clamp *c, size_t i, uint32_t seq)
{
	struct nftnl_rule *r;
	struct nlmsghdr *nlh;

	r = clamp_nftnl_rule(c, i);
	if (!r)
		return -ENOMEM;
	nlh = nftnl_rule_nlmsg_build_hdr(p, NFT_MSG_NEWRULE, NFPROTO_INET,
					 NLM_F_APPEND | NLM_F_CREATE | NLM_F_ACK,
					 seq);
	nftnl_rule_nlmsg_build_payload(nlh, r);
	nftnl_rule_free(r);
	return 0;
}

/* Writes message index of the batch of c (NULL: of the removal of table)
 * at p. */
static int put_msg(char *p, const struct clamp *c, const char *table,
		   uint32_t index, uint32_t seq)
{
	switch (clamp_batch_msg(c, index)) {
	case CLAMP_BATCH_BEGIN:
		nftnl_batch_begin(p, seq);
		return 0;
	case CLAMP_BATCH_TABLE_ENSURE:
	case CLAMP_BATCH_TABLE_ADD:
		return put_table(p, table, NFT_MSG_NEWTABLE, NLM_F_CREATE, seq);
	case CLAMP_BATCH_TABLE_DEL:
		return put_table(p, table, NFT_MSG_DELTABLE, 0, seq);
	case CLAMP_BATCH_CHAIN:
		return put_chain(p, c, seq);
	case CLAMP_BATCH_RULE:
		return put_rule(p, c, index - CLAMP_BATCH_RULE, seq);
	case CLAMP_BATCH_END:
		nftnl_batch_end(p, seq);
		return 0;
	default:
		return -EINVAL;
	}
}

static ssize_t batch_build(void *buf, size_t cap, const struct clamp *c,
			   const char *table, uint32_t seq)
{
	uint32_t n = clamp_batch_count(c);
	struct mnl_nlmsg_batch *b;
	ssize_t ret = 0;

	b = mnl_nlmsg_batch_start(buf, cap);
	if (!b)
		return -ENOMEM;
	for (uint32_t i = 0; !ret && i < n; i++) {
		char *p = mnl_nlmsg_batch_current(b);

		/* libnftnl writes without bounds: the room comes first */
		if (cap - mnl_nlmsg_batch_size(b) < BATCH_MSG_ROOM)
			ret = -ENOSPC;
		else
			ret = put_msg(p, c, table, i, seq + i);
		if (!ret && !mnl_nlmsg_batch_next(b))
			ret = -ENOSPC;
	}
	if (!ret)
		ret = (ssize_t)mnl_nlmsg_batch_size(b);
	mnl_nlmsg_batch_stop(b);
	return ret;
}

ssize_t clamp_batch_apply(void *buf, size_t cap, const struct clamp *c,
			  uint32_t seq)
{
	return batch_build(buf, cap, c, c->table, seq);
}

ssize_t clamp_batch_remove(void *buf, size_t cap, const char *table,
			   uint32_t seq)
{
	return batch_build(buf, cap, NULL, table, seq);
}

void clamp_batch_what(char *buf, size_t len, const struct clamp *c,
		      uint32_t index)
{
	switch (clamp_batch_msg(c, index)) {
	case CLAMP_BATCH_TABLE_ENSURE:
	case CLAMP_BATCH_TABLE_ADD:
		snprintf(buf, len, "adding table inet %s", c->table);
		break;
	case CLAMP_BATCH_TABLE_DEL:
		snprintf(buf, len, "deleting the old table inet %s", c->table);
		break;
	case CLAMP_BATCH_CHAIN:
		snprintf(buf, len, "adding chain %s (hook %s, priority mangle)",
			 clamp_hook_name(c->hook), clamp_hook_name(c->hook));
		break;
	case CLAMP_BATCH_RULE:
		snprintf(buf, len, "adding rule %u",
			 index - CLAMP_BATCH_RULE + 1);
		break;
	default:
		snprintf(buf, len, "the batch");
		break;
	}
}
