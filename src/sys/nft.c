// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The MSS clamp in nftables: its batch sent and acknowledged, its chain and
 * rules read back. clamp.c builds the batch; every reply goes through
 * mnl_cb_run2().
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netlink.h>

#include "clamp.h"
#include "nft.h"
#include "nlmsg.h"
#include "nlsock.h"

enum {
	NFT_BUF_SIZE = 64 * 1024,	/* a whole clamp batch, or answers */
	BATCH_SEQ = 1,		/* the batch's first message */
	CHAIN_SEQ = 1,		/* reading back: the chain, then the rules */
	RULES_SEQ = 2,
	NFT_ACK_WAIT_S = 5,	/* the kernel answers a batch at once */
};

/*
 * A reply, read by nft_read(): what it must carry, and what it said. Its
 * messages answer the requests numbered first to last (a batch, or one).
 */
struct nft_reply {
	uint32_t first, last;
	bool acks;		/* the requests asked for acks */
	/* called for each data message; may set done */
	int (*data)(const struct nlmsghdr *nlh, struct nft_reply *r);
	void *ctx;		/* for data */
	uint32_t portid;
	int err;		/* the first error the kernel sent */
	uint32_t bad;		/* the sequence number it was about, or 0 */
	bool done;
};

static int nft_open(struct mnl_socket **out)
{
	struct timeval tv = { .tv_sec = NFT_ACK_WAIT_S };
	struct mnl_socket *nl;
	int ret;

	ret = nlsock_open(NETLINK_NETFILTER, &nl);
	if (ret)
		return ret;
	if (setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO, &tv,
		       sizeof(tv)) < 0) {
		ret = -errno;
		mnl_socket_close(nl);
		return ret;
	}
	*out = nl;
	return 0;
}

/* How an mnl_cb_t fails: errno says why. */
static int cb_fail(int e)
{
	errno = e;
	return MNL_CB_ERROR;
}

/*
 * mnl_cb_run2() takes a port id or sequence number of 0 for any, and the
 * acks of a batch carry several sequence numbers: both are checked here,
 * exactly, and nft_read() passes mnl_cb_run2() zeros.
 */
static bool reply_ours(const struct nlmsghdr *nlh, const struct nft_reply *r)
{
	return nlh->nlmsg_pid == r->portid && nlh->nlmsg_seq >= r->first &&
	       nlh->nlmsg_seq <= r->last;
}

static int reply_data(const struct nlmsghdr *nlh, void *data)
{
	struct nft_reply *r = data;

	if (!reply_ours(nlh, r))
		return cb_fail(EPROTO);
	return r->data ? r->data(nlh, r) : MNL_CB_OK;
}

/* NLMSG_ERROR, NLMSG_DONE and the other control messages. */
static int reply_ctl(const struct nlmsghdr *nlh, void *data)
{
	struct nft_reply *r = data;
	int e;

	if (!reply_ours(nlh, r))
		return cb_fail(EPROTO);
	/* a dump's end; a batch's acks end it instead */
	if (nlh->nlmsg_type == NLMSG_DONE && !r->acks)
		r->done = true;
	if (nlh->nlmsg_type != NLMSG_ERROR)
		return r->done ? MNL_CB_STOP : MNL_CB_OK;

	e = nlmsg_error_code(nlh, nlh->nlmsg_len);
	/* an ACK where a chain or rules were due */
	if (!e && !r->acks)
		e = -EPROTO;
	if (e && !r->err) {
		r->err = e;
		r->bad = nlh->nlmsg_seq;
	}
	/* the last ack, or an error about the batch itself, ends it */
	if (nlh->nlmsg_seq == r->last || nlh->nlmsg_seq == r->first)
		r->done = true;
	return r->done ? MNL_CB_STOP : MNL_CB_OK;
}

/*
 * Reads the reply r describes into buf until it is over. Returns 0, with
 * the kernel's first error in r->err; -ETIMEDOUT when the kernel says
 * nothing; -EPROTO for a datagram not made of whole messages, or a message
 * that answers no request of ours; what r->data failed with; -EINTR for a
 * dump the ruleset changed under; or the errno of recvmsg().
 */
static int nft_read(struct mnl_socket *nl, void *buf, struct nft_reply *r)
{
	mnl_cb_t ctl[NLMSG_MIN_TYPE];
	ssize_t n;
	int ret;

	for (size_t i = 0; i < NLMSG_MIN_TYPE; i++)
		ctl[i] = reply_ctl;
	r->portid = mnl_socket_get_portid(nl);
	while (!r->done) {
		/* after an error, the rest of the acks are already queued */
		n = nlsock_recv(nl, buf, NFT_BUF_SIZE,
				r->err ? MSG_DONTWAIT : 0);
		if (n == -EAGAIN)
			return r->err ? 0 : -ETIMEDOUT;
		if (n < 0)
			return (int)n;
		/* mnl_cb_run2() would stop quietly at a cut message */
		ret = nlmsg_frames(buf, (size_t)n);
		if (ret)
			return ret;
		if (mnl_cb_run2(buf, (size_t)n, 0, 0, reply_data, r, ctl,
				NLMSG_MIN_TYPE) < 0)
			return -errno;
	}
	return 0;
}

/* The reply to the one request numbered seq, data for its data messages. */
static struct nft_reply reply_to(uint32_t seq,
				 int (*data)(const struct nlmsghdr *nlh,
					     struct nft_reply *r),
				 void *ctx)
{
	return (struct nft_reply){
		.first = seq,
		.last = seq,
		.data = data,
		.ctx = ctx,
	};
}

/* Sends the len-byte request at the start of buf and reads its reply. */
static int nft_ask(struct mnl_socket *nl, void *buf, size_t len,
		   struct nft_reply *r)
{
	if (mnl_socket_sendto(nl, buf, len) < 0)
		return -errno;
	return nft_read(nl, buf, r);
}

/* One sentence for an error from the kernel about what. */
static void nft_sentence(char *err, size_t errlen, int e, const char *what)
{
	switch (-e) {
	case EPERM:
		snprintf(err, errlen, "nftables: %s: %s (this needs CAP_NET_ADMIN: run as root)",
			 what, strerror(-e));
		break;
	case EPROTONOSUPPORT:
	case EAFNOSUPPORT:
		snprintf(err, errlen, "nftables: %s: this kernel has no nfnetlink (CONFIG_NETFILTER_NETLINK)",
			 what);
		break;
	default:
		snprintf(err, errlen, "nftables: %s: %s", what, strerror(-e));
		break;
	}
}

/*
 * Builds the batch that installs c, or that removes table when c is NULL,
 * sends it and reads the acks. Returns 0, or a negative errno with r->bad
 * the sequence number of the message refused, or 0 when nothing reached
 * the kernel.
 */
static int nft_batch(const struct clamp *c, const char *table,
		     struct nft_reply *r)
{
	struct mnl_socket *nl = NULL;
	ssize_t len;
	void *buf;
	int ret;

	/* the batch's end asks for no ack: the last is the message before */
	*r = (struct nft_reply){
		.first = BATCH_SEQ,
		.last = BATCH_SEQ + clamp_batch_count(c) - 2,
		.acks = true,
	};
	/* zeroed: libnftnl leaves the padding of attributes as it finds it,
	 * and the kernel is sent every byte */
	buf = calloc(1, NFT_BUF_SIZE);
	if (!buf)
		return -ENOMEM;
	if (c)
		len = clamp_batch_apply(buf, NFT_BUF_SIZE, c, BATCH_SEQ);
	else
		len = clamp_batch_remove(buf, NFT_BUF_SIZE, table, BATCH_SEQ);
	ret = len < 0 ? (int)len : nft_open(&nl);
	if (!ret)
		ret = nft_ask(nl, buf, (size_t)len, r);
	if (!ret)
		ret = r->err;
	if (nl)
		mnl_socket_close(nl);
	free(buf);
	return ret;
}

/* Which message of the batch of c the kernel refused, if any. */
static enum clamp_batch_msg refused(const struct clamp *c,
				    const struct nft_reply *r)
{
	if (!r->bad)
		return CLAMP_BATCH_NONE;
	return clamp_batch_msg(c, r->bad - BATCH_SEQ);
}

/* The sentence for an error of nft_batch() about the message what. */
static void nft_batch_sentence(char *err, size_t errlen, int e,
			       const struct clamp *c,
			       const struct nft_reply *r, const char *what)
{
	if (refused(c, r) == CLAMP_BATCH_BEGIN && e == -EOPNOTSUPP)
		snprintf(err, errlen, "nftables: this kernel has no nf_tables (CONFIG_NF_TABLES; try modprobe nf_tables)");
	else if (!r->bad || e == -EPERM)
		nft_sentence(err, errlen, e, what);
	else
		snprintf(err, errlen, "nftables: %s: %s; nothing was changed",
			 what, strerror(-e));
}

int nft_clamp_apply(const struct clamp *c, char *err, size_t errlen)
{
	struct nft_reply r;
	char what[96];
	int ret;

	ret = nft_batch(c, NULL, &r);
	if (!ret)
		return 0;
	clamp_batch_what(what, sizeof(what), c, r.bad - BATCH_SEQ);
	if (refused(c, &r) == CLAMP_BATCH_RULE &&
	    (ret == -ENOENT || ret == -EOPNOTSUPP))
		snprintf(err, errlen, "nftables: %s: the kernel lacks an expression it needs (%s; modules nft_exthdr, nft_meta, nft_rt, nft_payload); nothing was changed",
			 what, strerror(-ret));
	else
		nft_batch_sentence(err, errlen, ret, c, &r,
				   r.bad ? what : "sending the batch");
	return ret;
}

int nft_clamp_remove(const char *table, char *err, size_t errlen)
{
	struct nft_reply r;
	char what[32 + CLAMP_TABLE_MAX];
	int ret;

	ret = nft_batch(NULL, table, &r);
	if (ret && ret != -ENOENT) {
		snprintf(what, sizeof(what), "deleting table inet %s", table);
		nft_batch_sentence(err, errlen, ret, NULL, &r, what);
	}
	return ret;
}

/* ------------------------------------------------------------ read back */

/* Whether ch is the base chain c asks for. */
static bool chain_is(const struct nftnl_chain *ch, const struct clamp *c)
{
	return nftnl_chain_is_set(ch, NFTNL_CHAIN_HOOKNUM) &&
	       nftnl_chain_is_set(ch, NFTNL_CHAIN_PRIO) &&
	       nftnl_chain_is_set(ch, NFTNL_CHAIN_TYPE) &&
	       nftnl_chain_get_u32(ch, NFTNL_CHAIN_HOOKNUM) ==
	       clamp_hook_num(c->hook) &&
	       nftnl_chain_get_s32(ch, NFTNL_CHAIN_PRIO) == CLAMP_PRIO_MANGLE &&
	       !strcmp(nftnl_chain_get_str(ch, NFTNL_CHAIN_TYPE), "filter") &&
	       nftnl_chain_get_u32(ch, NFTNL_CHAIN_POLICY) == NF_ACCEPT;
}

struct chain_check {
	const struct clamp *c;
	bool same;		/* the chain came, and is c's */
};

/* The chain the kernel sent back: the whole answer. */
static int chain_data(const struct nlmsghdr *nlh, struct nft_reply *r)
{
	struct chain_check *cc = r->ctx;
	struct nftnl_chain *ch;
	int e = 0;

	r->done = true;
	ch = nftnl_chain_alloc();
	if (!ch)
		return cb_fail(ENOMEM);
	if (nftnl_chain_nlmsg_parse(nlh, ch) < 0)
		e = EPROTO;
	else
		cc->same = chain_is(ch, cc->c);
	nftnl_chain_free(ch);
	return e ? cb_fail(e) : MNL_CB_STOP;
}

/* Reads the chain of c back and checks it is the base chain c asks for. */
static int check_chain(struct mnl_socket *nl, void *buf, const struct clamp *c,
		       char *err, size_t errlen)
{
	const char *name = clamp_hook_name(c->hook);
	struct chain_check cc = { .c = c };
	struct nft_reply r = reply_to(CHAIN_SEQ, chain_data, &cc);
	struct nftnl_chain *ch;
	struct nlmsghdr *nlh;
	int ret;

	ch = nftnl_chain_alloc();
	if (!ch)
		return -ENOMEM;
	nlh = nftnl_chain_nlmsg_build_hdr(buf, NFT_MSG_GETCHAIN, NFPROTO_INET,
					  0, CHAIN_SEQ);
	if (nftnl_chain_set_str(ch, NFTNL_CHAIN_TABLE, c->table) ||
	    nftnl_chain_set_str(ch, NFTNL_CHAIN_NAME, name)) {
		nftnl_chain_free(ch);
		return -ENOMEM;
	}
	nftnl_chain_nlmsg_build_payload(nlh, ch);
	nftnl_chain_free(ch);
	ret = nft_ask(nl, buf, nlh->nlmsg_len, &r);
	if (ret)
		return ret;
	if (r.err) {
		snprintf(err, errlen, "reading back chain %s of table inet %s: %s",
			 name, c->table, strerror(-r.err));
		return r.err;
	}
	if (!cc.same) {
		snprintf(err, errlen, "read back, chain %s of table inet %s is not the base chain sent (hook %s, priority mangle)",
			 name, c->table, name);
		return -EPROTO;
	}
	return 0;
}

/* Compares the rule in nlh with rule i of c, expression by expression. */
static int same_rule(const struct nlmsghdr *nlh, const struct clamp *c,
		     size_t i)
{
	struct nftnl_rule *got = nftnl_rule_alloc(), *want = NULL;
	char a[4096], b[4096];
	int ret = -EPROTO, na, nb;

	if (!got)
		return -ENOMEM;
	if (nftnl_rule_nlmsg_parse(nlh, got) < 0)
		goto cleanup;
	want = clamp_nftnl_rule(c, i);
	if (!want) {
		ret = -ENOMEM;
		goto cleanup;
	}
	na = clamp_expr_text(a, sizeof(a), got);
	nb = clamp_expr_text(b, sizeof(b), want);
	if (!strcmp(nftnl_rule_get_str(got, NFTNL_RULE_TABLE), c->table) &&
	    !strcmp(nftnl_rule_get_str(got, NFTNL_RULE_CHAIN),
		    clamp_hook_name(c->hook)) &&
	    na > 0 && (size_t)na < sizeof(a) && na == nb && !strcmp(a, b))
		ret = 0;
cleanup:
	nftnl_rule_free(got);
	if (want)
		nftnl_rule_free(want);
	return ret;
}

struct rule_check {
	const struct clamp *c;
	size_t seen;		/* rules read back so far */
};

/* A rule of the dump: the next of c's, or one too many. */
static int rule_data(const struct nlmsghdr *nlh, struct nft_reply *r)
{
	struct rule_check *rc = r->ctx;
	int ret;

	if (rc->seen >= rc->c->nrules)
		ret = -E2BIG;
	else
		ret = same_rule(nlh, rc->c, rc->seen++);
	return ret ? cb_fail(-ret) : MNL_CB_OK;
}

/* Dumps the rules of the chain of c and checks they are c's, in order. */
static int check_rules(struct mnl_socket *nl, void *buf, const struct clamp *c,
		       char *err, size_t errlen)
{
	struct rule_check rc = { .c = c };
	struct nft_reply r = reply_to(RULES_SEQ, rule_data, &rc);
	struct nftnl_rule *rule;
	struct nlmsghdr *req;
	int ret;

	rule = nftnl_rule_alloc();
	if (!rule)
		return -ENOMEM;
	/* the kernel dumps only the rules of the table and chain named */
	req = nftnl_rule_nlmsg_build_hdr(buf, NFT_MSG_GETRULE, NFPROTO_INET,
					 NLM_F_DUMP, RULES_SEQ);
	if (nftnl_rule_set_str(rule, NFTNL_RULE_TABLE, c->table) ||
	    nftnl_rule_set_str(rule, NFTNL_RULE_CHAIN,
			       clamp_hook_name(c->hook))) {
		nftnl_rule_free(rule);
		return -ENOMEM;
	}
	nftnl_rule_nlmsg_build_payload(req, rule);
	nftnl_rule_free(rule);
	/* not nft_ask(): a failed send is no verdict on the rules */
	if (mnl_socket_sendto(nl, buf, req->nlmsg_len) < 0)
		return -errno;
	ret = nft_read(nl, buf, &r);
	if (!ret)
		ret = r.err;
	if (!ret && rc.seen != c->nrules)
		ret = -ENODATA;
	if (ret)
		snprintf(err, errlen, "read back, the rules of chain %s of table inet %s are not the %zu sent (after %zu: %s)",
			 clamp_hook_name(c->hook), c->table, c->nrules,
			 rc.seen, strerror(-ret));
	return ret;
}

int nft_clamp_check(const struct clamp *c, char *err, size_t errlen)
{
	struct mnl_socket *nl = NULL;
	void *buf;
	char what[32 + CLAMP_TABLE_MAX];
	int ret;

	err[0] = '\0';
	buf = calloc(1, NFT_BUF_SIZE);
	if (!buf)
		return -ENOMEM;
	ret = nft_open(&nl);
	if (!ret)
		ret = check_chain(nl, buf, c, err, errlen);
	if (!ret)
		ret = check_rules(nl, buf, c, err, errlen);
	if (ret && !err[0]) {
		snprintf(what, sizeof(what), "reading back table inet %s",
			 c->table);
		nft_sentence(err, errlen, ret, what);
	}
	if (nl)
		mnl_socket_close(nl);
	free(buf);
	return ret;
}
