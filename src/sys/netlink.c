// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The netlink I/O: the route lookup (one NETLINK_ROUTE socket and two
 * request/answer exchanges; route.c builds and parses the messages), and
 * the MSS clamp's nftables batch and its read-back (clamp.c builds it).
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netlink.h>

#include "clamp.h"

#include "netlink.h"
#include "nlmsg.h"
#include "route.h"

enum {
	/*
	 * MNL_SOCKET_BUFFER_SIZE at its largest: the macro calls sysconf()
	 * so cannot size an array, and a link answer is well under this.
	 */
	NL_BUF_SIZE = 8192,
	ROUTE_SEQ = 1,
	LINK_SEQ = 2,
};

/*
 * Receives one datagram from the kernel into buf. Returns its length, or
 * a negative errno: -EAGAIN with MSG_DONTWAIT in flags and nothing there.
 */
static ssize_t recv_kernel(struct mnl_socket *nl, void *buf, size_t cap,
			   int flags)
{
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct msghdr msg = {
		.msg_name = &from,
		.msg_namelen = sizeof(from),
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	ssize_t n;

	/*
	 * recvmsg() rather than mnl_socket_recvfrom(), which does not tell who
	 * sent the datagram: any local process may unicast to our port, and
	 * only the kernel (port 0) answers our requests.
	 */
	do {
		n = recvmsg(mnl_socket_get_fd(nl), &msg, flags);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (msg.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	if (msg.msg_namelen != sizeof(from) || from.nl_family != AF_NETLINK ||
	    from.nl_pid != 0)
		return -EPROTO;
	if ((size_t)n < sizeof(struct nlmsghdr))
		return -EPROTO;
	return n;
}

/*
 * Sends the req_len-byte request at the start of buf and receives its answer
 * into buf. Returns the answer's length, or a negative errno.
 */
static ssize_t exchange(struct mnl_socket *nl, void *buf, size_t cap,
			size_t req_len, uint32_t seq)
{
	struct nlmsghdr nlh;
	ssize_t n;

	if (mnl_socket_sendto(nl, buf, req_len) < 0)
		return -errno;
	n = recv_kernel(nl, buf, cap, 0);
	if (n < 0)
		return n;
	memcpy(&nlh, buf, sizeof(nlh));
	if (nlh.nlmsg_seq != seq ||
	    nlh.nlmsg_pid != mnl_socket_get_portid(nl))
		return -EPROTO;
	return n;
}

int route_lookup(const struct addr *dst, struct route_info *out)
{
	unsigned char buf[NL_BUF_SIZE];
	struct mnl_socket *nl;
	struct route_info ri;
	ssize_t n;
	int ret;

	memset(&ri, 0, sizeof(ri));
	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl) {
		ret = -errno;
		goto cleanup;
	}
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		goto cleanup;
	}

	n = route_build_get(buf, sizeof(buf), dst, ROUTE_SEQ);
	if (n >= 0)
		n = exchange(nl, buf, sizeof(buf), n, ROUTE_SEQ);
	if (n < 0) {
		ret = (int)n;
		goto cleanup;
	}
	ret = route_parse(buf, n, &ri);
	if (ret)
		goto cleanup;

	n = link_build_get(buf, sizeof(buf), ri.oif, LINK_SEQ);
	if (n >= 0)
		n = exchange(nl, buf, sizeof(buf), n, LINK_SEQ);
	if (n < 0) {
		ret = (int)n;
		goto cleanup;
	}
	ret = link_parse(buf, n, &ri);
	if (ret)
		goto cleanup;

	*out = ri;
cleanup:
	if (nl)
		mnl_socket_close(nl);
	return ret;
}

/* ------------------------------------------------------------ nftables */

enum {
	NFT_BUF_SIZE = 64 * 1024,	/* a whole clamp batch, or answers */
	NFT_SEQ = 1,
	NFT_ACK_WAIT_S = 5,	/* the kernel answers a batch at once */
};

static int nft_open(struct mnl_socket **out)
{
	struct timeval tv = { .tv_sec = NFT_ACK_WAIT_S };
	struct mnl_socket *nl;
	int ret;

	nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO, &tv,
		       sizeof(tv)) < 0) {
		ret = -errno;
		mnl_socket_close(nl);
		return ret;
	}
	*out = nl;
	return 0;
}

/*
 * Sends the batch of len bytes in buf, whose messages carry the sequence
 * numbers begin (the batch's begin) to last (the last that asks for an
 * ack), and reads the kernel's acks. Returns 0, or the first error with
 * the sequence number of its message in *bad.
 */
static int nft_send_batch(struct mnl_socket *nl, void *buf, size_t len,
			  uint32_t begin, uint32_t last, uint32_t *bad)
{
	uint32_t portid = mnl_socket_get_portid(nl);
	const struct nlmsghdr *nlh;
	bool done = false;
	int err = 0, e;
	ssize_t n;
	int left;

	if (mnl_socket_sendto(nl, buf, len) < 0)
		return -errno;
	while (!done) {
		/* after an error, the rest of the acks are already queued */
		n = recv_kernel(nl, buf, NFT_BUF_SIZE, err ? MSG_DONTWAIT : 0);
		if (n < 0 && err && (n == -EAGAIN || n == -EWOULDBLOCK))
			break;
		if (n == -EAGAIN || n == -EWOULDBLOCK)
			return -ETIMEDOUT;
		if (n < 0)
			return (int)n;
		left = (int)n;
		for (nlh = buf; mnl_nlmsg_ok(nlh, left);
		     nlh = mnl_nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_pid != portid || nlh->nlmsg_seq < begin ||
			    nlh->nlmsg_seq > last)
				return -EPROTO;
			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			e = nlmsg_error_code(nlh, nlh->nlmsg_len);
			if (e && !err) {
				err = e;
				*bad = nlh->nlmsg_seq;
			}
			/* an error about the batch itself ends it */
			if (nlh->nlmsg_seq == last || nlh->nlmsg_seq == begin)
				done = true;
		}
		if (left)
			return -EPROTO;
	}
	return err;
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
 * Builds the batch that installs c, or that removes the table when c is
 * NULL, sends it and reads the acks. Returns 0, or a negative errno with
 * *bad the sequence number of the message refused, or 0 when nothing
 * reached the kernel.
 */
static int nft_batch(const struct clamp *c, uint32_t *bad)
{
	struct mnl_socket *nl = NULL;
	uint32_t last;
	ssize_t len;
	void *buf;
	int ret;

	*bad = 0;
	/* zeroed: libnftnl leaves the padding of attributes as it finds it,
	 * and the kernel is sent every byte */
	buf = calloc(1, NFT_BUF_SIZE);
	if (!buf)
		return -ENOMEM;
	if (c)
		len = clamp_batch_apply(buf, NFT_BUF_SIZE, c, NFT_SEQ);
	else
		len = clamp_batch_remove(buf, NFT_BUF_SIZE, NFT_SEQ);
	/* the batch's end asks for no ack: the last is the message before */
	last = NFT_SEQ + clamp_batch_count(c) - 2;
	ret = len < 0 ? (int)len : nft_open(&nl);
	if (!ret)
		ret = nft_send_batch(nl, buf, (size_t)len, NFT_SEQ, last, bad);
	if (nl)
		mnl_socket_close(nl);
	free(buf);
	return ret;
}

/* Which message of the batch of c the kernel refused, if any. */
static enum clamp_batch_msg refused(const struct clamp *c, uint32_t bad)
{
	if (!bad)
		return CLAMP_BATCH_NONE;
	return clamp_batch_msg(c, bad - NFT_SEQ);
}

/* The sentence for an error of nft_batch about the message what. */
static void nft_batch_sentence(char *err, size_t errlen, int e,
			       const struct clamp *c, uint32_t bad,
			       const char *what)
{
	if (refused(c, bad) == CLAMP_BATCH_BEGIN && e == -EOPNOTSUPP)
		snprintf(err, errlen, "nftables: this kernel has no nf_tables (CONFIG_NF_TABLES; try modprobe nf_tables)");
	else if (!bad || e == -EPERM)
		nft_sentence(err, errlen, e, what);
	else
		snprintf(err, errlen, "nftables: %s: %s; nothing was changed",
			 what, strerror(-e));
}

int nft_clamp_apply(const struct clamp *c, char *err, size_t errlen)
{
	char what[96];
	uint32_t bad;
	int ret;

	ret = nft_batch(c, &bad);
	if (!ret)
		return 0;
	clamp_batch_what(what, sizeof(what), c, bad - NFT_SEQ);
	if (refused(c, bad) == CLAMP_BATCH_RULE &&
	    (ret == -ENOENT || ret == -EOPNOTSUPP))
		snprintf(err, errlen, "nftables: %s: the kernel lacks an expression it needs (%s; modules nft_exthdr, nft_meta, nft_rt, nft_payload); nothing was changed",
			 what, strerror(-ret));
	else
		nft_batch_sentence(err, errlen, ret, c, bad,
				   bad ? what : "sending the batch");
	return ret;
}

int nft_clamp_remove(char *err, size_t errlen)
{
	uint32_t bad;
	int ret;

	ret = nft_batch(NULL, &bad);
	if (ret && ret != -ENOENT)
		nft_batch_sentence(err, errlen, ret, NULL, bad,
				   "deleting table inet " CLAMP_TABLE);
	return ret;
}

/* Reads the chain of c back and checks it is the base chain c asks for. */
static int check_chain(struct mnl_socket *nl, void *buf, const struct clamp *c,
		       char *err, size_t errlen)
{
	const char *name = clamp_hook_name(c->hook);
	struct nftnl_chain *ch;
	struct nlmsghdr *nlh;
	ssize_t n;
	int ret;

	ch = nftnl_chain_alloc();
	if (!ch)
		return -ENOMEM;
	nlh = nftnl_chain_nlmsg_build_hdr(buf, NFT_MSG_GETCHAIN, NFPROTO_INET,
					  0, NFT_SEQ);
	if (nftnl_chain_set_str(ch, NFTNL_CHAIN_TABLE, CLAMP_TABLE) ||
	    nftnl_chain_set_str(ch, NFTNL_CHAIN_NAME, name)) {
		nftnl_chain_free(ch);
		return -ENOMEM;
	}
	nftnl_chain_nlmsg_build_payload(nlh, ch);
	nftnl_chain_free(ch);
	n = exchange(nl, buf, NFT_BUF_SIZE, nlh->nlmsg_len, NFT_SEQ);
	if (n < 0)
		return (int)n;
	nlh = buf;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		ret = nlmsg_error_code(buf, (size_t)n);
		snprintf(err, errlen, "reading back chain %s of table inet " CLAMP_TABLE ": %s",
			 name, strerror(ret ? -ret : EPROTO));
		return ret ? ret : -EPROTO;
	}
	ch = nftnl_chain_alloc();
	if (!ch)
		return -ENOMEM;
	ret = nftnl_chain_nlmsg_parse(nlh, ch) < 0 ? -EPROTO : 0;
	if (!ret && (!nftnl_chain_is_set(ch, NFTNL_CHAIN_HOOKNUM) ||
		     !nftnl_chain_is_set(ch, NFTNL_CHAIN_PRIO) ||
		     !nftnl_chain_is_set(ch, NFTNL_CHAIN_TYPE) ||
		     nftnl_chain_get_u32(ch, NFTNL_CHAIN_HOOKNUM) !=
		     clamp_hook_num(c->hook) ||
		     nftnl_chain_get_s32(ch, NFTNL_CHAIN_PRIO) != CLAMP_PRIO_MANGLE ||
		     strcmp(nftnl_chain_get_str(ch, NFTNL_CHAIN_TYPE), "filter") ||
		     nftnl_chain_get_u32(ch, NFTNL_CHAIN_POLICY) != NF_ACCEPT)) {
		snprintf(err, errlen, "read back, chain %s of table inet " CLAMP_TABLE " is not the base chain sent (hook %s, priority mangle)",
			 name, name);
		ret = -EPROTO;
	}
	nftnl_chain_free(ch);
	return ret;
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
	if (!strcmp(nftnl_rule_get_str(got, NFTNL_RULE_TABLE), CLAMP_TABLE) &&
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

int nft_clamp_check(const struct clamp *c, char *err, size_t errlen)
{
	struct mnl_socket *nl = NULL;
	struct nftnl_rule *r = NULL;
	const struct nlmsghdr *nlh;
	struct nlmsghdr *req;
	size_t seen = 0;
	bool done = false;
	void *buf;
	ssize_t n;
	int ret, left;

	err[0] = '\0';
	buf = calloc(1, NFT_BUF_SIZE);
	if (!buf)
		return -ENOMEM;
	ret = nft_open(&nl);
	if (!ret)
		ret = check_chain(nl, buf, c, err, errlen);
	if (ret)
		goto cleanup;

	r = nftnl_rule_alloc();
	if (!r) {
		ret = -ENOMEM;
		goto cleanup;
	}
	/* the kernel dumps only the rules of the table and chain named */
	req = nftnl_rule_nlmsg_build_hdr(buf, NFT_MSG_GETRULE, NFPROTO_INET,
					 NLM_F_DUMP, NFT_SEQ + 1);
	if (nftnl_rule_set_str(r, NFTNL_RULE_TABLE, CLAMP_TABLE) ||
	    nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, clamp_hook_name(c->hook))) {
		ret = -ENOMEM;
		goto cleanup;
	}
	nftnl_rule_nlmsg_build_payload(req, r);
	if (mnl_socket_sendto(nl, buf, req->nlmsg_len) < 0) {
		ret = -errno;
		goto cleanup;
	}
	while (!done && !ret) {
		n = recv_kernel(nl, buf, NFT_BUF_SIZE, 0);
		if (n < 0) {
			ret = n == -EAGAIN ? -ETIMEDOUT : (int)n;
			break;
		}
		left = (int)n;
		for (nlh = buf; !ret && !done && mnl_nlmsg_ok(nlh, left);
		     nlh = mnl_nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_seq != NFT_SEQ + 1 ||
			    nlh->nlmsg_pid != mnl_socket_get_portid(nl))
				ret = -EPROTO;
			else if (nlh->nlmsg_type == NLMSG_DONE)
				done = true;
			else if (nlh->nlmsg_type == NLMSG_ERROR)
				ret = nlmsg_error_code(nlh, nlh->nlmsg_len) ?:
				      -EPROTO;
			else if (seen >= c->nrules)
				ret = -E2BIG;
			else
				ret = same_rule(nlh, c, seen++);
		}
	}
	if (!ret && seen != c->nrules)
		ret = -ENODATA;
	if (ret)
		snprintf(err, errlen, "read back, the rules of chain %s of table inet " CLAMP_TABLE " are not the %zu sent (after %zu: %s)",
			 clamp_hook_name(c->hook), c->nrules, seen,
			 strerror(-ret));
cleanup:
	if (ret && !err[0])
		nft_sentence(err, errlen, ret, "reading back table inet " CLAMP_TABLE);
	if (r)
		nftnl_rule_free(r);
	if (nl)
		mnl_socket_close(nl);
	free(buf);
	return ret;
}
