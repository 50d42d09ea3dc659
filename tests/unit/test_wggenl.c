// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel's WireGuard over generic netlink: the requests as the
 * kernel wants them, and its answers read for the fwmark and the peers'
 * endpoints, over several messages; nothing made up from an answer that
 * is cut short or says an error.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/wireguard.h>

#include "wggenl.h"

enum { FAMILY = 0x1d };

static union {
	struct nlmsghdr nlh;
	unsigned char bytes[4096];
} buf;

/* A message of type at p, with a genlmsghdr. */
static struct nlmsghdr *put(unsigned char *p, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(p);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = WG_CMD_GET_DEVICE;
	g->version = 1;
	return nlh;
}

static void put_peer(struct nlmsghdr *nlh, const void *sa, size_t len)
{
	struct nlattr *peer = mnl_attr_nest_start(nlh, 0);

	mnl_attr_put(nlh, WGPEER_A_ENDPOINT, len, sa);
	mnl_attr_nest_end(nlh, peer);
}

/* The device with fwmark 51820 and two peers, one a message: an IPv4
 * endpoint in the first, an IPv6 one in the second, then NLMSG_DONE.
 * Returns the length of all three. */
static size_t device_answer(void)
{
	struct sockaddr_in s4 = { .sin_family = AF_INET,
				  .sin_port = htons(51820) };
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6,
				   .sin6_port = htons(51821) };
	unsigned char *p = buf.bytes;
	struct nlmsghdr *nlh;
	struct nlattr *peers;

	inet_pton(AF_INET, "10.99.3.2", &s4.sin_addr);
	inet_pton(AF_INET6, "fd00:99:3::2", &s6.sin6_addr);
	nlh = put(p, FAMILY, NLM_F_MULTI);
	mnl_attr_put_strz(nlh, WGDEVICE_A_IFNAME, "wg0");
	mnl_attr_put_u32(nlh, WGDEVICE_A_FWMARK, 51820);
	peers = mnl_attr_nest_start(nlh, WGDEVICE_A_PEERS);
	put_peer(nlh, &s4, sizeof(s4));
	mnl_attr_nest_end(nlh, peers);
	p += NLMSG_ALIGN(nlh->nlmsg_len);
	nlh = put(p, FAMILY, NLM_F_MULTI);
	peers = mnl_attr_nest_start(nlh, WGDEVICE_A_PEERS);
	put_peer(nlh, &s6, sizeof(s6));
	mnl_attr_nest_end(nlh, peers);
	p += NLMSG_ALIGN(nlh->nlmsg_len);
	nlh = mnl_nlmsg_put_header(p);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	mnl_nlmsg_put_extra_header(nlh, sizeof(int));
	p += NLMSG_ALIGN(nlh->nlmsg_len);
	return (size_t)(p - buf.bytes);
}

static void the_mark_and_every_peer_endpoint_are_read(void **state)
{
	size_t len = device_answer();
	struct wg_dev dev = { 0 };
	struct addr a;

	(void)state;
	assert_int_equal(wggenl_parse_device(buf.bytes, len, &dev), 1);
	assert_int_equal(dev.fwmark, 51820);
	assert_int_equal(dev.nendpoints, 2);
	assert_int_equal(addr_pton("10.99.3.2", &a), 0);
	assert_true(wg_dev_has_endpoint(&dev, &a));
	assert_int_equal(addr_pton("fd00:99:3::2", &a), 0);
	assert_true(wg_dev_has_endpoint(&dev, &a));
}

/* The answer in datagrams of one message each: more is to come until
 * NLMSG_DONE, and the peers add up. */
static void an_answer_over_several_datagrams_adds_up(void **state)
{
	size_t len = device_answer(), off = 0;
	struct wg_dev dev = { 0 };
	int ret = 0;

	(void)state;
	while (off < len) {
		struct nlmsghdr nlh;
		size_t n;

		memcpy(&nlh, buf.bytes + off, sizeof(nlh));
		n = NLMSG_ALIGN(nlh.nlmsg_len);
		ret = wggenl_parse_device(buf.bytes + off, n, &dev);
		off += n;
		assert_int_equal(ret, off < len ? 0 : 1);
	}
	assert_int_equal(dev.nendpoints, 2);
}

static void every_cut_of_the_answer_is_refused(void **state)
{
	size_t len = device_answer();

	(void)state;
	for (size_t n = 1; n < len; n++) {
		struct wg_dev dev = { 0 };
		struct nlmsghdr nlh;

		memcpy(&nlh, buf.bytes, sizeof(nlh));
		/* a cut between whole messages is only the answer so far */
		if (n == NLMSG_ALIGN(nlh.nlmsg_len))
			continue;
		if (n > NLMSG_ALIGN(nlh.nlmsg_len)) {
			struct nlmsghdr second;

			memcpy(&second, buf.bytes + NLMSG_ALIGN(nlh.nlmsg_len),
			       sizeof(second));
			if (n == NLMSG_ALIGN(nlh.nlmsg_len) +
				 NLMSG_ALIGN(second.nlmsg_len))
				continue;
		}
		assert_int_equal(wggenl_parse_device(buf.bytes, n, &dev),
				 -EPROTO);
	}
}

/* No such interface: the kernel's ENODEV. */
static void an_error_answer_says_its_errno(void **state)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf.bytes);
	struct nlmsgerr *e;
	struct wg_dev dev = { 0 };
	uint16_t id;

	(void)state;
	nlh->nlmsg_type = NLMSG_ERROR;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = -ENODEV;
	assert_int_equal(wggenl_parse_device(buf.bytes, nlh->nlmsg_len, &dev),
			 -ENODEV);
	e->error = -ENOENT;
	assert_int_equal(wggenl_parse_family(buf.bytes, nlh->nlmsg_len, &id),
			 -ENOENT);
}

static void the_family_id_is_read(void **state)
{
	struct nlmsghdr *nlh;
	uint16_t id = 0;

	(void)state;
	nlh = put(buf.bytes, GENL_ID_CTRL, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, WG_GENL_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, FAMILY);
	assert_int_equal(wggenl_parse_family(buf.bytes, nlh->nlmsg_len, &id), 0);
	assert_int_equal(id, FAMILY);
}

/* The requests: CTRL_CMD_GETFAMILY "wireguard"; a dump of
 * WG_CMD_GET_DEVICE naming the interface. */
static void the_requests_ask_what_the_kernel_wants(void **state)
{
	struct nlmsghdr nlh;
	struct genlmsghdr g;
	ssize_t n;

	(void)state;
	n = wggenl_build_family(buf.bytes, sizeof(buf), 1);
	assert_true(n > 0);
	memcpy(&nlh, buf.bytes, sizeof(nlh));
	memcpy(&g, buf.bytes + NLMSG_HDRLEN, sizeof(g));
	assert_int_equal(nlh.nlmsg_type, GENL_ID_CTRL);
	assert_int_equal(g.cmd, CTRL_CMD_GETFAMILY);
	assert_non_null(memmem(buf.bytes, (size_t)n, "wireguard", 10));

	n = wggenl_build_get(buf.bytes, sizeof(buf), FAMILY, "wg0", 2);
	assert_true(n > 0);
	memcpy(&nlh, buf.bytes, sizeof(nlh));
	memcpy(&g, buf.bytes + NLMSG_HDRLEN, sizeof(g));
	assert_int_equal(nlh.nlmsg_type, FAMILY);
	assert_true(nlh.nlmsg_flags & NLM_F_DUMP);
	assert_int_equal(g.cmd, WG_CMD_GET_DEVICE);
	assert_non_null(memmem(buf.bytes, (size_t)n, "wg0", 4));
	assert_int_equal(wggenl_build_get(buf.bytes, sizeof(buf), FAMILY,
					  "abcdefghijklmnop", 2), -EINVAL);
	assert_int_equal(wggenl_build_get(buf.bytes, 8, FAMILY, "wg0", 2),
			 -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_mark_and_every_peer_endpoint_are_read),
		cmocka_unit_test(an_answer_over_several_datagrams_adds_up),
		cmocka_unit_test(every_cut_of_the_answer_is_refused),
		cmocka_unit_test(an_error_answer_says_its_errno),
		cmocka_unit_test(the_family_id_is_read),
		cmocka_unit_test(the_requests_ask_what_the_kernel_wants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
