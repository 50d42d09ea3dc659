// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The MSS clamp: which words select which SYNs, the rules they make, the
 * nft text, and the netlink batch. The batch is built into a buffer with
 * no kernel and parsed back with libnftnl; its rules must be, expression
 * by expression, what nft itself sends for the text (tests/unit/clamp/,
 * made by regen.sh there with nft --debug=netlink).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include "clamp.h"
#include "golden.h"
#include "opts.h"

enum { BATCH_CAP = 64 * 1024, SEQ = 100 };

static char err[256];

static char *load(const char *name)
{
	return golden_text("clamp", name);
}

/* Parses "mtuprobe --clamp WORDS..." and builds the clamp it asks for. */
static void clamp_of(const char *words, struct clamp *c)
{
	char *argv[32] = { (char *)"mtuprobe", (char *)"--clamp" };
	char *copy = strdup(words), *w, *save = NULL;
	struct opts o;
	int argc = 2;

	assert_non_null(copy);
	for (w = strtok_r(copy, " ", &save); w && argc < 31;
	     w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	err[0] = '\0';
	if (opts_parse(argc, argv, &o, err, sizeof(err)))
		fail_msg("%s: %s", words, err);
	assert_int_equal(o.clamp, CLAMP_PRINT);
	assert_int_equal(clamp_build(c, o.table, o.hook, o.sel, o.nsel, o.mss), 0);
	free(copy);
}

static char *ruleset_text(const struct clamp *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	clamp_ruleset_text(f, c);
	assert_int_equal(fclose(f), 0);
	return text;
}

/* ------------------------------------------------------------ words */

static void interface_names_follow_the_kernel(void **state)
{
	static const char *const bad[] = {
		"", "0123456789abcdef", ".", "..", "a/b", "a b", "a:b",
		"a\"b", "a\\b", "wg*", "a\tb",
	};
	struct clamp_sel s;

	(void)state;
	assert_int_equal(clamp_iface_parse("wg0", &s, err, sizeof(err)), 0);
	assert_int_equal(s.match, CLAMP_IIF);
	assert_string_equal(s.ifname, "wg0");
	assert_int_equal(clamp_iface_parse("0123456789abcde", &s, err,
					   sizeof(err)), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(clamp_iface_parse(bad[i], &s, err, sizeof(err)),
				 -EINVAL);
		assert_non_null(strstr(err, "-i '"));
	}
}

static void a_network_is_an_address_and_a_prefix(void **state)
{
	struct clamp_sel s;
	char a[ADDR_STRLEN];

	(void)state;
	assert_int_equal(clamp_net_parse("10.99.1.0/24", CLAMP_SADDR, &s, err,
					 sizeof(err)), 0);
	assert_int_equal(s.match, CLAMP_SADDR);
	assert_string_equal(addr_ntop(&s.net.addr, a), "10.99.1.0");
	assert_int_equal(s.net.prefix, 24);
	assert_int_equal(clamp_net_parse("fd00:99::/48", CLAMP_DADDR, &s, err,
					 sizeof(err)), 0);
	assert_int_equal(s.match, CLAMP_DADDR);
	assert_int_equal(s.net.addr.family, AF_INET6);
	assert_int_equal(s.net.prefix, 48);
}

static void an_address_alone_is_a_host(void **state)
{
	struct clamp_sel s;

	(void)state;
	assert_int_equal(clamp_net_parse("192.0.2.7", CLAMP_SADDR, &s, err,
					 sizeof(err)), 0);
	assert_int_equal(s.net.prefix, 32);
	assert_int_equal(clamp_net_parse("2001:db8::1", CLAMP_SADDR, &s, err,
					 sizeof(err)), 0);
	assert_int_equal(s.net.prefix, 128);
}

static void host_bits_are_refused_with_the_network_named(void **state)
{
	struct clamp_sel s;

	(void)state;
	assert_int_equal(clamp_net_parse("10.99.1.1/24", CLAMP_SADDR, &s, err,
					 sizeof(err)), -EINVAL);
	assert_string_equal(err, "--src '10.99.1.1/24': host bits are set; the network is 10.99.1.0/24");
	assert_int_equal(clamp_net_parse("fd00::1/64", CLAMP_DADDR, &s, err,
					 sizeof(err)), -EINVAL);
	assert_string_equal(err, "--dst 'fd00::1/64': host bits are set; the network is fd00::/64");
}

static void bad_networks_are_refused(void **state)
{
	static const char *const bad[] = {
		"x", "10.0.0.0/", "10.0.0.0/33", "fd00::/129", "10.0.0.0/24x",
		"10.0.0.0/-1", "10.0.0.0/0", "::/0", "/24", "10.0.0/24",
		"10.0.0.0/99999999999999999999",
	};
	struct clamp_sel s;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(clamp_net_parse(bad[i], CLAMP_DADDR, &s, err,
						 sizeof(err)), -EINVAL);
		assert_non_null(strstr(err, "--dst '"));
	}
}

static void hooks_are_named_as_nft_names_them(void **state)
{
	enum clamp_hook h;

	(void)state;
	assert_int_equal(clamp_hook_parse("forward", &h, err, sizeof(err)), 0);
	assert_int_equal(h, CLAMP_HOOK_FORWARD);
	assert_int_equal(clamp_hook_num(h), NF_INET_FORWARD);
	assert_int_equal(clamp_hook_parse("output", &h, err, sizeof(err)), 0);
	assert_int_equal(clamp_hook_num(h), NF_INET_LOCAL_OUT);
	assert_int_equal(clamp_hook_parse("postrouting", &h, err, sizeof(err)), 0);
	assert_int_equal(clamp_hook_num(h), NF_INET_POST_ROUTING);
	assert_int_equal(clamp_hook_parse("input", &h, err, sizeof(err)), -EINVAL);
	assert_int_equal(clamp_hook_parse("Forward", &h, err, sizeof(err)), -EINVAL);
}

/* ------------------------------------------------------------ rules */

static void table_names_are_what_nft_reads_unquoted(void **state)
{
	static const char *const good[] = {
		"mtuprobe", "mtuprobe-wg0", "mtuprobe_wg0", "_x", ".x",
		"a.b_c/d", "T1",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	static const char *const bad[] = {
		"", "0x", "-x", "/x", "a b", "a:b", "a\"b", "a@b", "a*",
		"caf\xc3\xa9", "a\n",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	char table[CLAMP_TABLE_MAX + 1];

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (clamp_table_parse(good[i], table, err, sizeof(err)))
			fail_msg("'%s' refused: %s", good[i], err);
		assert_string_equal(table, good[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(clamp_table_parse(bad[i], table, err, sizeof(err)),
				 -EINVAL);
		assert_non_null(strstr(err, "--table '"));
	}
	clamp_table_parse("0x", table, err, sizeof(err));
	assert_string_equal(err, "--table '0x': a table's name begins with a letter, '_' or '.'");
	clamp_table_parse("wg 0", table, err, sizeof(err));
	assert_string_equal(err, "--table 'wg 0': ' ' cannot stand in a table's name (letters, digits, '/', '-', '_' and '.' can)");
	clamp_table_parse("", table, err, sizeof(err));
	assert_string_equal(err, "--table '': a table's name has 1 to 63 characters");
}

static void ipv6_is_clamped_20_bytes_lower(void **state)
{
	struct clamp c;

	(void)state;
	assert_int_equal(clamp_build(&c, CLAMP_TABLE, CLAMP_HOOK_FORWARD, NULL, 0, 1340), 0);
	assert_int_equal(c.mss4, 1340);
	assert_int_equal(c.mss6, 1320);
	assert_int_equal(c.rules[0].family, AF_INET);
	assert_int_equal(c.rules[0].mss, 1340);
	assert_int_equal(c.rules[1].family, AF_INET6);
	assert_int_equal(c.rules[1].mss, 1320);
}

static void the_mss_stays_within_what_hosts_accept(void **state)
{
	struct clamp c;

	(void)state;
	assert_int_equal(clamp_build(&c, CLAMP_TABLE, CLAMP_HOOK_FORWARD, NULL, 0, 535), -ERANGE);
	assert_int_equal(clamp_build(&c, CLAMP_TABLE, CLAMP_HOOK_FORWARD, NULL, 0, 536), 0);
	assert_int_equal(clamp_build(&c, CLAMP_TABLE, CLAMP_HOOK_FORWARD, NULL, 0, 65495), 0);
	assert_int_equal(clamp_build(&c, CLAMP_TABLE, CLAMP_HOOK_FORWARD, NULL, 0, 65496), -ERANGE);
}

static void no_selector_clamps_every_syn_of_both_families(void **state)
{
	struct clamp c;

	(void)state;
	clamp_of("--mss 1400", &c);
	assert_int_equal(c.nrules, 2);
	assert_int_equal(c.rules[0].match, CLAMP_ANY);
	assert_int_equal(c.rules[1].match, CLAMP_ANY);
}

static void an_interface_is_clamped_both_ways(void **state)
{
	struct clamp c;

	(void)state;
	clamp_of("--mss 1400 -i wg0", &c);
	assert_int_equal(c.nrules, 4);
	assert_int_equal(c.rules[0].match, CLAMP_IIF);
	assert_int_equal(c.rules[1].match, CLAMP_IIF);
	assert_int_equal(c.rules[2].match, CLAMP_OIF);
	assert_int_equal(c.rules[3].match, CLAMP_OIF);
	assert_string_equal(c.rules[3].ifname, "wg0");
}

static void the_output_hook_has_no_way_in(void **state)
{
	struct clamp c;

	(void)state;
	clamp_of("--mss 1400 --hook output -i eth0 --ipsec", &c);
	assert_int_equal(c.nrules, 4);
	assert_int_equal(c.rules[0].match, CLAMP_OIF);
	assert_int_equal(c.rules[1].match, CLAMP_OIF);
	assert_int_equal(c.rules[2].match, CLAMP_IPSEC_OUT);
	assert_int_equal(c.rules[3].match, CLAMP_IPSEC_OUT);
}

static void a_network_makes_one_rule_of_its_family(void **state)
{
	struct clamp c;

	(void)state;
	clamp_of("--mss 1400 --src fd00:1::/48", &c);
	assert_int_equal(c.nrules, 1);
	assert_int_equal(c.rules[0].family, AF_INET6);
	assert_int_equal(c.rules[0].mss, 1380);
}

static void the_ruleset_replaces_itself_when_loaded(void **state)
{
	struct clamp c;
	char *text;

	(void)state;
	clamp_of("--mss 1340 -i wg0", &c);
	text = ruleset_text(&c);
	assert_string_equal(text,
		"table inet mtuprobe\n"
		"delete table inet mtuprobe\n"
		"table inet mtuprobe {\n"
		"\tchain forward {\n"
		"\t\ttype filter hook forward priority mangle; policy accept;\n"
		"\t\tiifname \"wg0\" meta nfproto ipv4 tcp flags syn / syn,rst tcp option maxseg size > 1340 tcp option maxseg size set 1340\n"
		"\t\tiifname \"wg0\" meta nfproto ipv6 tcp flags syn / syn,rst tcp option maxseg size > 1320 tcp option maxseg size set 1320\n"
		"\t\toifname \"wg0\" meta nfproto ipv4 tcp flags syn / syn,rst tcp option maxseg size > 1340 tcp option maxseg size set 1340\n"
		"\t\toifname \"wg0\" meta nfproto ipv6 tcp flags syn / syn,rst tcp option maxseg size > 1320 tcp option maxseg size set 1320\n"
		"\t}\n"
		"}\n");
	free(text);
}

static void a_named_table_is_the_one_loaded_and_replaced(void **state)
{
	struct clamp c;
	char *text;

	(void)state;
	clamp_of("--mss 1340 --table mtuprobe-wg1 --ipsec", &c);
	assert_string_equal(c.table, "mtuprobe-wg1");
	text = ruleset_text(&c);
	assert_non_null(strstr(text, "table inet mtuprobe-wg1\n"
				     "delete table inet mtuprobe-wg1\n"
				     "table inet mtuprobe-wg1 {\n"));
	assert_null(strstr(text, "inet mtuprobe\n"));
	free(text);
	clamp_of("--mss 1340 -i wg0", &c);
	assert_string_equal(c.table, CLAMP_TABLE);
}

static void the_selection_is_said_in_words(void **state)
{
	struct clamp c;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	clamp_of("--mss 1400", &c);
	f = open_memstream(&text, &len);
	assert_non_null(f);
	clamp_selection_text(f, &c);
	fputc('|', f);
	clamp_of("--mss 1400 -i wg0 --src 10.0.0.0/8 --ipsec", &c);
	clamp_selection_text(f, &c);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(text,
		"every TCP SYN forwarded (no -i, --src, --dst or --ipsec given)|"
		"TCP SYNs forwarded through wg0 (in or out), from 10.0.0.0/8 or through an IPsec policy (in or out)");
	free(text);
}

/* ---------------------------------------------------------- batches */

struct walk {
	const struct nlmsghdr *msg[2 * CLAMP_MAX_RULES];
	size_t n;
};

/* Splits a batch into its messages, checking sequence numbers and sizes. */
static void walk(const void *buf, ssize_t len, struct walk *w)
{
	const struct nlmsghdr *nlh;
	int left = (int)len;

	assert_true(len > 0);
	w->n = 0;
	for (nlh = buf; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		assert_true(w->n < sizeof(w->msg) / sizeof(w->msg[0]));
		assert_int_equal(nlh->nlmsg_seq, SEQ + w->n);
		assert_true(nlh->nlmsg_len < 1024);
		w->msg[w->n++] = nlh;
	}
	assert_int_equal(left, 0);
}

static uint16_t nft_type(const struct nlmsghdr *nlh)
{
	assert_int_equal(nlh->nlmsg_type >> 8, NFNL_SUBSYS_NFTABLES);
	return nlh->nlmsg_type & 0xff;
}

static void expect_table(const struct nlmsghdr *nlh, const char *name,
			 uint16_t type, uint16_t flags)
{
	struct nftnl_table *t = nftnl_table_alloc();

	assert_int_equal(nft_type(nlh), type);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK | flags);
	assert_int_equal(nftnl_table_nlmsg_parse(nlh, t), 0);
	assert_string_equal(nftnl_table_get_str(t, NFTNL_TABLE_NAME), name);
	assert_int_equal(nftnl_table_get_u32(t, NFTNL_TABLE_FAMILY), NFPROTO_INET);
	nftnl_table_free(t);
}

static void expect_begin_end(const struct walk *w)
{
	assert_int_equal(w->msg[0]->nlmsg_type, NFNL_MSG_BATCH_BEGIN);
	assert_int_equal(w->msg[w->n - 1]->nlmsg_type, NFNL_MSG_BATCH_END);
	/* begin and end ask for no ack: the kernel sends none for them */
	assert_int_equal(w->msg[0]->nlmsg_flags & NLM_F_ACK, 0);
	assert_int_equal(w->msg[w->n - 1]->nlmsg_flags & NLM_F_ACK, 0);
}

/* The batch of one case of the cases file, against its golden files. */
static void expect_case(const char *name, const char *words)
{
	char file[64], *golden, *text, *rules = NULL;
	struct nftnl_chain *ch;
	struct clamp c;
	struct walk w;
	size_t rlen = 0;
	void *buf = malloc(BATCH_CAP);
	ssize_t len;
	FILE *f;

	assert_non_null(buf);
	clamp_of(words, &c);
	snprintf(file, sizeof(file), "%s.nft", name);
	golden = load(file);
	text = ruleset_text(&c);
	assert_string_equal(text, golden);
	free(text);
	free(golden);

	len = clamp_batch_apply(buf, BATCH_CAP, &c, SEQ);
	walk(buf, len, &w);
	assert_int_equal(w.n, 6 + c.nrules);
	expect_begin_end(&w);
	expect_table(w.msg[1], c.table, NFT_MSG_NEWTABLE, NLM_F_CREATE);
	expect_table(w.msg[2], c.table, NFT_MSG_DELTABLE, 0);
	expect_table(w.msg[3], c.table, NFT_MSG_NEWTABLE, NLM_F_CREATE);

	assert_int_equal(nft_type(w.msg[4]), NFT_MSG_NEWCHAIN);
	ch = nftnl_chain_alloc();
	assert_int_equal(nftnl_chain_nlmsg_parse(w.msg[4], ch), 0);
	assert_string_equal(nftnl_chain_get_str(ch, NFTNL_CHAIN_TABLE), c.table);
	assert_string_equal(nftnl_chain_get_str(ch, NFTNL_CHAIN_NAME),
			    clamp_hook_name(c.hook));
	assert_string_equal(nftnl_chain_get_str(ch, NFTNL_CHAIN_TYPE), "filter");
	assert_int_equal(nftnl_chain_get_u32(ch, NFTNL_CHAIN_HOOKNUM),
			 clamp_hook_num(c.hook));
	assert_int_equal(nftnl_chain_get_s32(ch, NFTNL_CHAIN_PRIO), -150);
	assert_int_equal(nftnl_chain_get_u32(ch, NFTNL_CHAIN_POLICY), NF_ACCEPT);
	nftnl_chain_free(ch);

	/* the rules as nft --debug=netlink prints them */
	f = open_memstream(&rules, &rlen);
	assert_non_null(f);
	for (size_t i = 0; i < c.nrules; i++) {
		const struct nlmsghdr *nlh = w.msg[5 + i];
		struct nftnl_rule *r = nftnl_rule_alloc();
		char exprs[4096];
		int n;

		assert_int_equal(nft_type(nlh), NFT_MSG_NEWRULE);
		assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK |
				 NLM_F_CREATE | NLM_F_APPEND);
		assert_int_equal(nftnl_rule_nlmsg_parse(nlh, r), 0);
		n = clamp_expr_text(exprs, sizeof(exprs), r);
		assert_true(n > 0 && (size_t)n < sizeof(exprs));
		fprintf(f, "inet %s %s\n%s\n",
			nftnl_rule_get_str(r, NFTNL_RULE_TABLE),
			nftnl_rule_get_str(r, NFTNL_RULE_CHAIN), exprs);
		nftnl_rule_free(r);
	}
	assert_int_equal(fclose(f), 0);
	snprintf(file, sizeof(file), "%s.netlink", name);
	golden = load(file);
	assert_string_equal(rules, golden);
	free(golden);
	free(rules);
	free(buf);
}

static void every_case_is_what_nft_itself_sends(void **state)
{
	char *cases = load("cases"), *line, *save = NULL, *colon;
	size_t n = 0;

	(void)state;
	for (line = strtok_r(cases, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		colon = strchr(line, ':');
		assert_non_null(colon);
		*colon = '\0';
		print_message("case %s:%s\n", line, colon + 1);
		expect_case(line, colon + 1);
		n++;
	}
	assert_int_equal(n, 7);
	free(cases);
}

static void removing_deletes_the_table_alone(void **state)
{
	unsigned char buf[4096];
	struct walk w;

	(void)state;
	walk(buf, clamp_batch_remove(buf, sizeof(buf), CLAMP_TABLE, SEQ), &w);
	assert_int_equal(w.n, 3);
	expect_begin_end(&w);
	expect_table(w.msg[1], "mtuprobe", NFT_MSG_DELTABLE, 0);
	walk(buf, clamp_batch_remove(buf, sizeof(buf), "mtuprobe-wg1", SEQ), &w);
	assert_int_equal(w.n, 3);
	expect_table(w.msg[1], "mtuprobe-wg1", NFT_MSG_DELTABLE, 0);
}

static void the_largest_clamp_fits_its_buffer(void **state)
{
	struct clamp_sel sel[CLAMP_MAX_SEL];
	struct clamp c;
	struct walk w;
	void *buf = malloc(BATCH_CAP);
	ssize_t len;

	(void)state;
	assert_non_null(buf);
	for (size_t i = 0; i < CLAMP_MAX_SEL; i++) {
		char name[IFNAMSIZ];

		snprintf(name, sizeof(name), "tunnel%09zu", i);
		assert_int_equal(clamp_iface_parse(name, &sel[i], err, sizeof(err)), 0);
	}
	assert_int_equal(clamp_build(&c, CLAMP_TABLE, CLAMP_HOOK_FORWARD, sel,
				     CLAMP_MAX_SEL, 1400), 0);
	assert_int_equal(c.nrules, CLAMP_MAX_RULES);
	len = clamp_batch_apply(buf, BATCH_CAP, &c, SEQ);
	walk(buf, len, &w);
	assert_int_equal(w.n, 6 + CLAMP_MAX_RULES);
	free(buf);
}

static void a_short_buffer_is_refused_not_overrun(void **state)
{
	unsigned char buf[3000];
	struct clamp c;

	(void)state;
	clamp_of("--mss 1400 -i wg0", &c);
	assert_int_equal(clamp_batch_apply(buf, sizeof(buf), &c, SEQ), -ENOSPC);
	assert_int_equal(clamp_batch_remove(buf, 100, CLAMP_TABLE, SEQ), -ENOSPC);
}

static void kernel_errors_name_the_message(void **state)
{
	struct clamp c;
	char what[96];

	(void)state;
	clamp_of("--mss 1400 -i wg0", &c);
	clamp_batch_what(what, sizeof(what), &c, 2);
	assert_string_equal(what, "deleting the old table inet mtuprobe");
	clamp_batch_what(what, sizeof(what), &c, 4);
	assert_string_equal(what, "adding chain forward (hook forward, priority mangle)");
	clamp_batch_what(what, sizeof(what), &c, 5);
	assert_string_equal(what, "adding rule 1");
	clamp_batch_what(what, sizeof(what), &c, 8);
	assert_string_equal(what, "adding rule 4");
	clamp_batch_what(what, sizeof(what), &c, 9);
	assert_string_equal(what, "the batch");
	clamp_of("--mss 1400 --table mtuprobe-wg1 -i wg1", &c);
	clamp_batch_what(what, sizeof(what), &c, 1);
	assert_string_equal(what, "adding table inet mtuprobe-wg1");
	clamp_batch_what(what, sizeof(what), &c, 2);
	assert_string_equal(what, "deleting the old table inet mtuprobe-wg1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(interface_names_follow_the_kernel),
		cmocka_unit_test(a_network_is_an_address_and_a_prefix),
		cmocka_unit_test(an_address_alone_is_a_host),
		cmocka_unit_test(host_bits_are_refused_with_the_network_named),
		cmocka_unit_test(bad_networks_are_refused),
		cmocka_unit_test(hooks_are_named_as_nft_names_them),
		cmocka_unit_test(table_names_are_what_nft_reads_unquoted),
		cmocka_unit_test(ipv6_is_clamped_20_bytes_lower),
		cmocka_unit_test(the_mss_stays_within_what_hosts_accept),
		cmocka_unit_test(no_selector_clamps_every_syn_of_both_families),
		cmocka_unit_test(an_interface_is_clamped_both_ways),
		cmocka_unit_test(the_output_hook_has_no_way_in),
		cmocka_unit_test(a_network_makes_one_rule_of_its_family),
		cmocka_unit_test(the_ruleset_replaces_itself_when_loaded),
		cmocka_unit_test(a_named_table_is_the_one_loaded_and_replaced),
		cmocka_unit_test(the_selection_is_said_in_words),
		cmocka_unit_test(every_case_is_what_nft_itself_sends),
		cmocka_unit_test(removing_deletes_the_table_alone),
		cmocka_unit_test(the_largest_clamp_fits_its_buffer),
		cmocka_unit_test(a_short_buffer_is_refused_not_overrun),
		cmocka_unit_test(kernel_errors_name_the_message),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
