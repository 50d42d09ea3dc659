// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <sys/uio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/icmp6.h>
#include <linux/icmp.h>

#include "rawsock.h"

static int setopt(int fd, int level, int name, const void *v, socklen_t len)
{
	return setsockopt(fd, level, name, v, len) < 0 ? -errno : 0;
}

static int setup4(int fd)
{
	int probe = IP_PMTUDISC_PROBE;
	/* ICMP_FILTER blocks the types whose bits are set. */
	struct icmp_filter filt = {
		.data = ~(1U << ICMP_ECHOREPLY | 1U << ICMP_DEST_UNREACH |
			  1U << ICMP_TIME_EXCEEDED),
	};
	int ret;

	ret = setopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &probe, sizeof(probe));
	if (!ret)
		ret = setopt(fd, SOL_RAW, ICMP_FILTER, &filt, sizeof(filt));
	return ret;
}

static int setup6(int fd)
{
	int probe = IPV6_PMTUDISC_PROBE, on = 1;
	struct icmp6_filter filt;
	int ret;

	ICMP6_FILTER_SETBLOCKALL(&filt);
	ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &filt);
	ICMP6_FILTER_SETPASS(ICMP6_PACKET_TOO_BIG, &filt);
	ICMP6_FILTER_SETPASS(ICMP6_DST_UNREACH, &filt);
	ICMP6_FILTER_SETPASS(ICMP6_TIME_EXCEEDED, &filt);

	ret = setopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &probe, sizeof(probe));
	/* Without it the stack would fragment a probe above the route MTU. */
	if (!ret)
		ret = setopt(fd, IPPROTO_IPV6, IPV6_DONTFRAG, &on, sizeof(on));
	if (!ret)
		ret = setopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filt, sizeof(filt));
	return ret;
}

int rawsock_open(struct rawsock *rs, const struct addr *dst,
		 const struct addr *src)
{
	int family = dst->family;
	struct sockaddr_storage ss;
	socklen_t sslen;
	int ret;

	rs->fd = socket(family, SOCK_RAW | SOCK_CLOEXEC,
			family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
	if (rs->fd < 0)
		return -errno;
	ret = family == AF_INET6 ? setup6(rs->fd) : setup4(rs->fd);
	if (ret)
		goto cleanup;
	/* Binding fixes the source, which quoted packets are matched on. */
	if (src->family) {
		addr_to_sockaddr(src, &ss, &sslen);
		if (bind(rs->fd, (struct sockaddr *)&ss, sslen) < 0) {
			ret = -errno;
			goto cleanup;
		}
	}
	addr_to_sockaddr(dst, &rs->dst, &rs->dstlen);
	return 0;

cleanup:
	close(rs->fd);
	rs->fd = -1;
	return ret;
}

void rawsock_close(struct rawsock *rs)
{
	if (rs->fd >= 0)
		close(rs->fd);
	rs->fd = -1;
}

static int rs_send(void *ctx, const void *msg, size_t len, uint8_t ttl)
{
	struct rawsock *rs = ctx;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	struct msghdr mh = {
		.msg_name = &rs->dst,
		.msg_namelen = rs->dstlen,
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	ssize_t n;

	/* A TTL for this one probe, leaving the socket's default alone. */
	if (ttl) {
		struct cmsghdr *cm;
		int v = ttl;

		memset(&control, 0, sizeof(control));
		mh.msg_control = control.buf;
		mh.msg_controllen = sizeof(control.buf);
		cm = CMSG_FIRSTHDR(&mh);
		if (rs->dst.ss_family == AF_INET6) {
			cm->cmsg_level = IPPROTO_IPV6;
			cm->cmsg_type = IPV6_HOPLIMIT;
		} else {
			cm->cmsg_level = IPPROTO_IP;
			cm->cmsg_type = IP_TTL;
		}
		cm->cmsg_len = CMSG_LEN(sizeof(v));
		memcpy(CMSG_DATA(cm), &v, sizeof(v));
	}
	n = sendmsg(rs->fd, &mh, 0);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

static uint64_t rs_now(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static ssize_t rs_recv(void *ctx, void *buf, size_t cap, struct addr *from,
		       uint64_t deadline)
{
	struct rawsock *rs = ctx;

	for (;;) {
		struct pollfd pfd = { .fd = rs->fd, .events = POLLIN };
		struct sockaddr_storage ss;
		socklen_t sslen = sizeof(ss);
		uint64_t now = rs_now(ctx);
		int timeout;
		ssize_t n;

		if (now >= deadline)
			return 0;
		/* Round up, so a wait never ends early and spins. */
		timeout = (int)((deadline - now + 999) / 1000);
		if (poll(&pfd, 1, timeout) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!(pfd.revents & POLLIN))
			continue;
		n = recvfrom(rs->fd, buf, cap, MSG_DONTWAIT,
			     (struct sockaddr *)&ss, &sslen);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0 || addr_from_sockaddr((struct sockaddr *)&ss, from))
			continue;
		return n;
	}
}

const struct net_ops rawsock_ops = {
	.send = rs_send,
	.recv = rs_recv,
	.now = rs_now,
};
