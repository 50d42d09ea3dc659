// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nlmsg.c: one reading of netlink framing and of NLMSG_ERROR, for the
 * route lookup's answers and for nftables' replies alike. Every message is
 * a heap copy of exactly its bytes, so that AddressSanitizer reports a
 * read past the end.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "nlmsg.h"

enum { ERROR_LEN = NLMSG_LENGTH(sizeof(struct nlmsgerr)) };

/*
 * A heap copy of len bytes of an NLMSG_ERROR with code, as the kernel
 * answers a request of type RTM_GETROUTE, nlmsg_len len; at offset off of
 * the allocation, to place it unaligned. The caller frees p - off.
 */
static unsigned char *error_msg(int32_t code, size_t len, size_t off)
{
	unsigned char whole[ERROR_LEN];
	struct nlmsghdr nlh = {
		.nlmsg_len = len,
		.nlmsg_type = NLMSG_ERROR,
		.nlmsg_seq = 1,
		.nlmsg_pid = 4242,
	};
	struct nlmsgerr err = {
		.error = code,
		.msg = { .nlmsg_len = 36, .nlmsg_type = RTM_GETROUTE,
			 .nlmsg_flags = NLM_F_REQUEST, .nlmsg_seq = 1 },
	};
	unsigned char *p = malloc(off + len);

	assert_true(len <= sizeof(whole));
	assert_non_null(p);
	memcpy(whole, &nlh, sizeof(nlh));
	memcpy(whole + NLMSG_HDRLEN, &err, sizeof(err));
	memcpy(p + off, whole, len);
	return p + off;
}

static int code_of(int32_t code, size_t len)
{
	unsigned char *p = error_msg(code, len, 0);
	int ret = nlmsg_error_code(p, len);

	free(p);
	return ret;
}

/* ---- nlmsg_error_code ---- */

static void an_error_gives_the_kernels_negative_errno(void **state)
{
	(void)state;
	assert_int_equal(code_of(-ENETUNREACH, ERROR_LEN), -ENETUNREACH);
	assert_int_equal(code_of(-ENOENT, ERROR_LEN), -ENOENT);
	assert_int_equal(code_of(-4095, ERROR_LEN), -4095);
}

static void an_ack_is_zero(void **state)
{
	(void)state;
	assert_int_equal(code_of(0, ERROR_LEN), 0);
}

static void an_error_cut_short_of_its_nlmsgerr_is_eproto(void **state)
{
	size_t cut;

	(void)state;
	for (cut = 0; cut < ERROR_LEN; cut++)
		assert_int_equal(code_of(-ENETUNREACH, cut), -EPROTO);
}

static void an_error_longer_than_the_buffer_is_eproto(void **state)
{
	unsigned char *p = error_msg(-ENETUNREACH, ERROR_LEN, 0);

	(void)state;
	assert_int_equal(nlmsg_error_code(p, ERROR_LEN - 1), -EPROTO);
	free(p);
}

static void a_code_that_is_no_errno_is_eproto(void **state)
{
	(void)state;
	assert_int_equal(code_of(ENETUNREACH, ERROR_LEN), -EPROTO);
	assert_int_equal(code_of(-4096, ERROR_LEN), -EPROTO);
	assert_int_equal(code_of(INT32_MIN, ERROR_LEN), -EPROTO);
}

static void a_message_of_another_type_is_eproto(void **state)
{
	unsigned char *p = error_msg(0, ERROR_LEN, 0);
	uint16_t type = NLMSG_DONE;

	(void)state;
	memcpy(p + offsetof(struct nlmsghdr, nlmsg_type), &type, sizeof(type));
	assert_int_equal(nlmsg_error_code(p, ERROR_LEN), -EPROTO);
	free(p);
}

static void an_error_is_read_from_an_unaligned_buffer(void **state)
{
	unsigned char *p = error_msg(-EPERM, ERROR_LEN, 1);

	(void)state;
	assert_int_equal(nlmsg_error_code(p, ERROR_LEN), -EPERM);
	free(p - 1);
}

/* ---- nlmsg_head ---- */

static void a_whole_message_gives_its_header(void **state)
{
	unsigned char *p = error_msg(0, ERROR_LEN, 1);
	struct nlmsghdr nlh;

	(void)state;
	assert_int_equal(nlmsg_head(p, ERROR_LEN, &nlh), 0);
	assert_int_equal(nlh.nlmsg_len, ERROR_LEN);
	assert_int_equal(nlh.nlmsg_type, NLMSG_ERROR);
	assert_int_equal(nlh.nlmsg_pid, 4242);
	free(p - 1);
}

static void a_length_outside_header_and_buffer_is_eproto(void **state)
{
	uint32_t bad[] = { 0, NLMSG_HDRLEN - 1, ERROR_LEN + 1, INT32_MAX,
			   (uint32_t)INT32_MAX + 1, UINT32_MAX };
	unsigned char *p = error_msg(0, ERROR_LEN, 0);
	struct nlmsghdr nlh;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(p, &bad[i], sizeof(bad[i]));
		assert_int_equal(nlmsg_head(p, ERROR_LEN, &nlh), -EPROTO);
	}
	assert_int_equal(nlmsg_head(p, NLMSG_HDRLEN - 1, &nlh), -EPROTO);
	free(p);
}

/* ---- nlmsg_frames ---- */

/* Two acks back to back, the second one's nlmsg_len set to len2. */
static unsigned char *two_acks(uint32_t len2)
{
	unsigned char *one = error_msg(0, ERROR_LEN, 0);
	unsigned char *p = malloc(2 * ERROR_LEN);

	assert_non_null(p);
	memcpy(p, one, ERROR_LEN);
	memcpy(p + ERROR_LEN, one, ERROR_LEN);
	memcpy(p + ERROR_LEN, &len2, sizeof(len2));
	free(one);
	return p;
}

static void messages_back_to_back_are_whole(void **state)
{
	unsigned char *p = two_acks(ERROR_LEN);

	(void)state;
	assert_int_equal(nlmsg_frames(p, ERROR_LEN), 0);
	assert_int_equal(nlmsg_frames(p, 2 * ERROR_LEN), 0);
	free(p);
}

static void a_datagram_cut_inside_a_message_is_eproto(void **state)
{
	unsigned char *p = two_acks(ERROR_LEN);

	(void)state;
	for (size_t cut = ERROR_LEN + 1; cut < 2 * ERROR_LEN; cut++)
		assert_int_equal(nlmsg_frames(p, cut), -EPROTO);
	free(p);
}

static void a_last_message_without_its_padding_is_eproto(void **state)
{
	unsigned char *p = two_acks(ERROR_LEN - 3);

	(void)state;
	/* 33 bytes would be padded to 36: 3 are missing. */
	assert_int_equal(nlmsg_frames(p, 2 * ERROR_LEN - 3), -EPROTO);
	free(p);
}

static void a_second_message_too_long_is_eproto(void **state)
{
	unsigned char *p = two_acks(UINT32_MAX);

	(void)state;
	assert_int_equal(nlmsg_frames(p, 2 * ERROR_LEN), -EPROTO);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_error_gives_the_kernels_negative_errno),
		cmocka_unit_test(an_ack_is_zero),
		cmocka_unit_test(an_error_cut_short_of_its_nlmsgerr_is_eproto),
		cmocka_unit_test(an_error_longer_than_the_buffer_is_eproto),
		cmocka_unit_test(a_code_that_is_no_errno_is_eproto),
		cmocka_unit_test(a_message_of_another_type_is_eproto),
		cmocka_unit_test(an_error_is_read_from_an_unaligned_buffer),
		cmocka_unit_test(a_whole_message_gives_its_header),
		cmocka_unit_test(a_length_outside_header_and_buffer_is_eproto),
		cmocka_unit_test(messages_back_to_back_are_whole),
		cmocka_unit_test(a_datagram_cut_inside_a_message_is_eproto),
		cmocka_unit_test(a_last_message_without_its_padding_is_eproto),
		cmocka_unit_test(a_second_message_too_long_is_eproto),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
