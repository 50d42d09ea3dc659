// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/icmp6.h>
#include <linux/icmp.h>
#include <linux/errqueue.h>
#include <linux/filter.h>

#include "pace.h"
#include "rawsock.h"

static int setopt(int fd, int level, int name, const void *v, socklen_t len)
{
	return setsockopt(fd, level, name, v, len) < 0 ? -errno : 0;
}

static int setup4_common(int fd)
{
	int probe = IP_PMTUDISC_PROBE;

	return setopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &probe, sizeof(probe));
}

static int setup4(int fd)
{
	/* ICMP_FILTER blocks the types whose bits are set. */
	struct icmp_filter filt = {
		.data = ~(1U << ICMP_ECHOREPLY | 1U << ICMP_DEST_UNREACH |
			  1U << ICMP_TIME_EXCEEDED),
	};
	int ret = setup4_common(fd);

	if (!ret)
		ret = setopt(fd, SOL_RAW, ICMP_FILTER, &filt, sizeof(filt));
	return ret;
}

static int setup6_common(int fd)
{
	int probe = IPV6_PMTUDISC_PROBE, on = 1;
	int ret;

	ret = setopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &probe, sizeof(probe));
	/* Without it the stack would fragment a probe above the route MTU. */
	if (!ret)
		ret = setopt(fd, IPPROTO_IPV6, IPV6_DONTFRAG, &on, sizeof(on));
	return ret;
}

static int setup6(int fd)
{
	struct icmp6_filter filt;
	int ret = setup6_common(fd);

	ICMP6_FILTER_SETBLOCKALL(&filt);
	ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &filt);
	ICMP6_FILTER_SETPASS(ICMP6_PACKET_TOO_BIG, &filt);
	ICMP6_FILTER_SETPASS(ICMP6_DST_UNREACH, &filt);
	ICMP6_FILTER_SETPASS(ICMP6_TIME_EXCEEDED, &filt);
	if (!ret)
		ret = setopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filt, sizeof(filt));
	return ret;
}

/* Keeps the TCP socket to our flow: source port, and destination port in
 * our range. An IPv4 raw socket's filter sees the IP header first, an
 * IPv6 one the TCP header. */
static int setup_tcp_filter(int fd, int family, const struct rawsock_tcp *t)
{
	struct sock_filter code[] = {
		/* X = IPv4 header length, or 0 */
		family == AF_INET6 ?
		(struct sock_filter)BPF_STMT(BPF_LDX | BPF_IMM, 0) :
		(struct sock_filter)BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, t->dport, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			 t->dport2 ? t->dport2 : t->dport, 0, 4),
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, t->sport, 0, 2),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
			 (uint32_t)t->sport + t->nports, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, 0x40000),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = {
		.len = sizeof(code) / sizeof(*code),
		.filter = code,
	};

	return setopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

enum { RCVBUF = 1 << 20 };

#define STMT(code, k) ((struct sock_filter)BPF_STMT(code, k))
#define JEQ(k, jt, jf) ((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, k, jt, jf))

/* The destination's address as BPF loads it: 32-bit words, host order. */
static void dst_words(const struct sockaddr_storage *ss, uint32_t w[4])
{
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;
		uint32_t n[4];

		memcpy(n, &s6->sin6_addr, sizeof(n));
		for (int i = 0; i < 4; i++)
			w[i] = ntohl(n[i]);
	} else {
		w[0] = ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr);
	}
}

/*
 * Keeps the ICMP socket to what is about this run: echo replies with our
 * identifier (IPv4: from the destination), and errors about a packet to
 * the destination. Every raw ICMP socket gets a copy of every ICMP packet
 * the host receives: with many hosts probed at once, each socket would
 * hold everybody's replies, and drop its own when its buffer fills.
 */
static int setup_echo_filter(int fd, const struct sockaddr_storage *dst,
			     uint16_t id)
{
	uint32_t d[4] = { 0 };
	struct sock_filter v4[] = {
		STMT(BPF_LDX | BPF_B | BPF_MSH, 0),	/* X = header length */
		STMT(BPF_LD | BPF_B | BPF_IND, 0),	/* type */
		JEQ(ICMP_ECHOREPLY, 0, 4),
		STMT(BPF_LD | BPF_W | BPF_ABS, 12),	/* source */
		JEQ(0, 0, 5),
		STMT(BPF_LD | BPF_H | BPF_IND, 4),	/* identifier */
		JEQ(id, 2, 3),
		STMT(BPF_LD | BPF_W | BPF_IND, 8 + 16),	/* quoted destination */
		JEQ(0, 0, 1),
		STMT(BPF_RET | BPF_K, 0x40000),
		STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_filter v6[] = {
		STMT(BPF_LD | BPF_B | BPF_ABS, 0),	/* type */
		JEQ(ICMP6_ECHO_REPLY, 0, 2),
		STMT(BPF_LD | BPF_H | BPF_ABS, 4),	/* identifier */
		JEQ(id, 8, 9),
		/* the quoted header's destination, a word at a time */
		STMT(BPF_LD | BPF_W | BPF_ABS, 8 + 24),
		JEQ(0, 0, 7),
		STMT(BPF_LD | BPF_W | BPF_ABS, 8 + 28),
		JEQ(0, 0, 5),
		STMT(BPF_LD | BPF_W | BPF_ABS, 8 + 32),
		JEQ(0, 0, 3),
		STMT(BPF_LD | BPF_W | BPF_ABS, 8 + 36),
		JEQ(0, 0, 1),
		STMT(BPF_RET | BPF_K, 0x40000),
		STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog;

	dst_words(dst, d);
	if (dst->ss_family == AF_INET6) {
		for (int i = 0; i < 4; i++)
			v6[5 + 2 * i].k = d[i];
		prog = (struct sock_fprog){ .len = sizeof(v6) / sizeof(*v6),
					    .filter = v6 };
	} else {
		v4[4].k = d[0];
		v4[8].k = d[0];
		prog = (struct sock_fprog){ .len = sizeof(v4) / sizeof(*v4),
					    .filter = v4 };
	}
	return setopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

static int open_one(int family, int proto, const struct addr *src)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	int fd, ret, on = 1, rcvbuf = RCVBUF;

	fd = socket(family, SOCK_RAW | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return -errno;
	if (proto == IPPROTO_TCP)
		ret = family == AF_INET6 ? setup6_common(fd) : setup4_common(fd);
	else
		ret = family == AF_INET6 ? setup6(fd) : setup4(fd);
	/* The hop limit a packet arrived with: in IPv4 its header says. */
	if (!ret && family == AF_INET6)
		ret = setopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof(on));
	/* What the socket drops for want of room is counted, and said with
	 * each packet: a local drop must never pass for silence on the
	 * path. Room for a search's rounds in flight, where allowed. */
	if (!ret)
		ret = setopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof(on));
	if (!ret && setopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
			   sizeof(rcvbuf)))
		setopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	/* Binding fixes the source, which quoted packets are matched on. */
	if (!ret && src->family) {
		addr_to_sockaddr(src, &ss, &sslen);
		if (bind(fd, (struct sockaddr *)&ss, sslen) < 0)
			ret = -errno;
	}
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}

int rawsock_open(struct rawsock *rs, const struct addr *dst,
		 const struct addr *src, bool tcp)
{
	int family = dst->family;
	int ret;

	memset(rs, 0, sizeof(*rs));
	rs->fd[RAWSOCK_ICMP] = rs->fd[RAWSOCK_TCP] = -1;
	rs->ops = &rawsock_ops;
	ret = open_one(family, family == AF_INET6 ? IPPROTO_ICMPV6 :
		       IPPROTO_ICMP, src);
	if (ret < 0)
		return ret;
	rs->fd[RAWSOCK_ICMP] = ret;
	if (tcp) {
		/* Until a flow is set, a filter that takes nothing. */
		struct rawsock_tcp none = { 0 };

		ret = open_one(family, IPPROTO_TCP, src);
		if (ret < 0)
			goto cleanup;
		rs->fd[RAWSOCK_TCP] = ret;
		ret = setup_tcp_filter(ret, family, &none);
		if (ret)
			goto cleanup;
	}
	addr_to_sockaddr(dst, &rs->dst, &rs->dstlen);
	return 0;

cleanup:
	rawsock_close(rs);
	return ret;
}

/* A datagram socket of proto whose packets leave with DF and whose
 * errors are queued; bound to src with port id (or the next free one)
 * when id is not 0. Returns 0 with rs filled, or a negative errno. */
static int open_dgram(struct rawsock *rs, const struct addr *dst,
		      const struct addr *src, int proto, uint16_t id,
		      const struct net_ops *ops)
{
	int family = dst->family, on = 1, fd, ret = 0;
	int probe = family == AF_INET6 ? IPV6_PMTUDISC_PROBE :
		    IP_PMTUDISC_PROBE;
	struct sockaddr_storage ss;
	socklen_t sslen;

	memset(rs, 0, sizeof(*rs));
	rs->fd[RAWSOCK_ICMP] = rs->fd[RAWSOCK_TCP] = -1;
	fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return -errno;
	if (family == AF_INET6)
		ret = setopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &probe,
			     sizeof(probe)) ?:
		      setopt(fd, IPPROTO_IPV6, IPV6_DONTFRAG, &on, sizeof(on)) ?:
		      setopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof(on)) ?:
		      setopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on,
			     sizeof(on));
	else
		ret = setopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &probe,
			     sizeof(probe)) ?:
		      setopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on)) ?:
		      setopt(fd, IPPROTO_IP, IP_RECVTTL, &on, sizeof(on));
	/* A ping socket's port is its echo id: take ours, or the next
	 * free one. A UDP socket takes any. */
	for (unsigned int i = 0; !ret && i < 64; i++, id = id ? id + 1 : 0) {
		addr_to_sockaddr(src, &ss, &sslen);
		if (family == AF_INET6)
			((struct sockaddr_in6 *)&ss)->sin6_port = htons(id);
		else
			((struct sockaddr_in *)&ss)->sin_port = htons(id);
		if (!bind(fd, (struct sockaddr *)&ss, sslen))
			break;
		if (errno != EADDRINUSE || i == 63)
			ret = -errno;
	}
	if (!ret) {
		rs->buf = malloc(IP_MAX_PACKET);
		if (!rs->buf)
			ret = -ENOMEM;
	}
	if (ret) {
		close(fd);
		return ret;
	}
	rs->fd[RAWSOCK_ICMP] = fd;
	rs->ops = ops;
	rs->ping_id = id;
	rs->src_addr = *src;
	rs->dst_addr = *dst;
	addr_to_sockaddr(dst, &rs->dst, &rs->dstlen);
	return 0;
}

int rawsock_open_ping(struct rawsock *rs, const struct addr *dst,
		      const struct addr *src, uint16_t id)
{
	return open_dgram(rs, dst, src, dst->family == AF_INET6 ?
			  IPPROTO_ICMPV6 : IPPROTO_ICMP, id, &pingsock_ops);
}

int rawsock_open_udp(struct rawsock *rs, const struct addr *dst,
		     const struct addr *src)
{
	return open_dgram(rs, dst, src, IPPROTO_UDP, 0, &udpsock_ops);
}

void rawsock_close(struct rawsock *rs)
{
	for (int i = 0; i < RAWSOCK_N; i++) {
		if (rs->fd[i] >= 0)
			close(rs->fd[i]);
		rs->fd[i] = -1;
	}
	free(rs->buf);
	rs->buf = NULL;
}

static int rs_send(void *ctx, int proto, const void *msg, size_t len,
		   uint8_t ttl)
{
	struct rawsock *rs = ctx;
	int fd = rs->fd[proto == IPPROTO_TCP ? RAWSOCK_TCP : RAWSOCK_ICMP];
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
	if (fd < 0)
		return -EBADF;
	pace_wait(len + IP6_HDR_LEN);
	n = sendmsg(fd, &mh, 0);
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

/* Reads one packet from fd, with its sender and hop limit, and the
 * socket's drop count into *drops where it says one. */
static ssize_t read_one(int fd, void *buf, size_t cap, struct net_rx *rx,
			uint32_t *drops)
{
	union {
		char buf[CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(uint32_t))];
		struct cmsghdr align;
	} control;
	struct sockaddr_storage ss;
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct msghdr mh = {
		.msg_name = &ss,
		.msg_namelen = sizeof(ss),
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control.buf,
		.msg_controllen = sizeof(control.buf),
	};
	struct cmsghdr *cm;
	ssize_t n;

	n = recvmsg(fd, &mh, MSG_DONTWAIT);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	if (n == 0 || addr_from_sockaddr((struct sockaddr *)&ss, &rx->from))
		return 0;
	rx->ttl = -1;
	/* a datagram socket gives IPv4's TTL apart too */
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		if (((cm->cmsg_level == IPPROTO_IPV6 &&
		      cm->cmsg_type == IPV6_HOPLIMIT) ||
		     (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_TTL)) &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(int))) {
			int hl;

			memcpy(&hl, CMSG_DATA(cm), sizeof(hl));
			rx->ttl = hl;
		}
		if (drops && cm->cmsg_level == SOL_SOCKET &&
		    cm->cmsg_type == SO_RXQ_OVFL &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(uint32_t)))
			memcpy(drops, CMSG_DATA(cm), sizeof(*drops));
	}
	return n;
}

static ssize_t rs_recv(void *ctx, void *buf, size_t cap, struct net_rx *rx,
		       uint64_t deadline)
{
	struct rawsock *rs = ctx;
	int family = rs->dst.ss_family;

	for (;;) {
		struct pollfd pfd[RAWSOCK_N];
		uint64_t now = rs_now(ctx);
		int timeout;

		if (now >= deadline)
			return 0;
		for (int i = 0; i < RAWSOCK_N; i++) {
			pfd[i].fd = rs->fd[i];
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		/* Round up, so a wait never ends early and spins. */
		timeout = (int)((deadline - now + 999) / 1000);
		if (poll(pfd, RAWSOCK_N, timeout) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (int i = 0; i < RAWSOCK_N; i++) {
			ssize_t n;

			if (!(pfd[i].revents & POLLIN))
				continue;
			n = read_one(rs->fd[i], buf, cap, rx, &rs->drops[i]);
			if (n == 0)
				continue;
			rx->drops = rs->drops[RAWSOCK_ICMP] + rs->drops[RAWSOCK_TCP];
			rx->proto = i == RAWSOCK_TCP ? IPPROTO_TCP :
				    family == AF_INET6 ? IPPROTO_ICMPV6 :
				    IPPROTO_ICMP;
			return n;
		}
	}
}

static int rs_tcp_flow(void *ctx, uint16_t dport, uint16_t dport2,
		       uint16_t sport, uint16_t nports)
{
	struct rawsock *rs = ctx;
	struct rawsock_tcp t = { dport, dport2, sport, nports };

	if (rs->fd[RAWSOCK_TCP] < 0)
		return -EBADF;
	return setup_tcp_filter(rs->fd[RAWSOCK_TCP], rs->dst.ss_family, &t);
}

/* A socket-level option on every socket open. */
static int setopt_all(struct rawsock *rs, int name, const void *v,
		      socklen_t len)
{
	for (int i = 0; i < RAWSOCK_N; i++) {
		int ret = rs->fd[i] < 0 ? 0 :
			  setopt(rs->fd[i], SOL_SOCKET, name, v, len);

		if (ret)
			return ret;
	}
	return 0;
}

int rawsock_mark(struct rawsock *rs, uint32_t mark)
{
	return setopt_all(rs, SO_MARK, &mark, sizeof(mark));
}

int rawsock_bind_device(struct rawsock *rs, const char *ifname)
{
	for (int i = 0; i < RAWSOCK_N; i++) {
		char cur[IFNAMSIZ] = "";
		socklen_t len = sizeof(cur);
		int ret;

		if (rs->fd[i] < 0)
			continue;
		/* bound to a link-local source, a socket is on its link
		 * already, and to bind it again would take CAP_NET_RAW */
		if (!getsockopt(rs->fd[i], SOL_SOCKET, SO_BINDTODEVICE, cur,
				&len) && !strcmp(cur, ifname))
			continue;
		ret = setopt(rs->fd[i], SOL_SOCKET, SO_BINDTODEVICE, ifname,
			     (socklen_t)strlen(ifname) + 1);
		if (ret)
			return ret;
	}
	return 0;
}

static int rs_echo_flow(void *ctx, uint16_t id)
{
	struct rawsock *rs = ctx;

	return setup_echo_filter(rs->fd[RAWSOCK_ICMP], &rs->dst, id);
}

const struct net_ops rawsock_ops = {
	.send = rs_send,
	.recv = rs_recv,
	.now = rs_now,
	.tcp_flow = rs_tcp_flow,
	.echo_flow = rs_echo_flow,
};

/* The next error of the datagram socket's error queue, parsed: 1, or 0
 * for one that says nothing of the path (the kernel's own), or -errno. */
static int queued_error(struct rawsock *rs, struct pkt_info *pi)
{
	/* room for the error, and for what IPV6_RECVHOPLIMIT puts before
	 * it: cut short, the error would lose its sender */
	union {
		char buf[CMSG_SPACE(sizeof(struct sock_extended_err) +
				    sizeof(struct sockaddr_in6)) + 256];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = rs->buf, .iov_len = IP_MAX_PACKET };
	struct sockaddr_storage to;
	struct msghdr mh = {
		.msg_name = &to,
		.msg_namelen = sizeof(to),
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control.buf,
		.msg_controllen = sizeof(control.buf),
	};
	int family = rs->dst_addr.family;
	struct sock_extended_err ee;
	struct sockaddr_storage off;
	uint16_t port;
	struct cmsghdr *cm;
	struct addr from, dst;
	ssize_t n;

	n = recvmsg(rs->fd[RAWSOCK_ICMP], &mh, MSG_ERRQUEUE | MSG_DONTWAIT);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	if (mh.msg_flags & MSG_CTRUNC)
		return 0;
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		size_t len;

		if (!(cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_RECVERR) &&
		    !(cm->cmsg_level == IPPROTO_IPV6 &&
		      cm->cmsg_type == IPV6_RECVERR))
			continue;
		len = cm->cmsg_len - CMSG_LEN(0);
		if (len < sizeof(ee))
			return 0;
		memcpy(&ee, CMSG_DATA(cm), sizeof(ee));
		if (ee.ee_origin != (family == AF_INET6 ? SO_EE_ORIGIN_ICMP6 :
				     SO_EE_ORIGIN_ICMP))
			return 0;
		/* the router that sent it follows, as a socket address */
		memset(&off, 0, sizeof(off));
		len -= sizeof(ee);
		memcpy(&off, CMSG_DATA(cm) + sizeof(ee),
		       len < sizeof(off) ? len : sizeof(off));
		if (addr_from_sockaddr((struct sockaddr *)&off, &from))
			return 0;
		if (rs->ops == &pingsock_ops)
			return pkt_parse_ping_error(family, ee.ee_type,
						    ee.ee_code, ee.ee_info,
						    &from, &rs->src_addr,
						    &rs->dst_addr, rs->buf,
						    (size_t)n, pi) ? 0 : 1;
		/* a UDP socket's queue names where the datagram went,
		 * address and port, and quotes its payload: the address
		 * is the kernel's word, not ours to assume */
		if (mh.msg_namelen < sizeof(struct sockaddr_in) ||
		    addr_from_sockaddr((struct sockaddr *)&to, &dst))
			return 0;
		port = ntohs(to.ss_family == AF_INET6 ?
			     ((struct sockaddr_in6 *)&to)->sin6_port :
			     ((struct sockaddr_in *)&to)->sin_port);
		return pkt_parse_udp_error(family, ee.ee_type, ee.ee_code,
					   ee.ee_info, &from, &rs->src_addr,
					   &dst, port, rs->buf,
					   (size_t)n, pi) ? 0 : 1;
	}
	return 0;
}

/*
 * An ICMP error about a datagram socket's probe is queued, and also left
 * as the socket's pending error, which the next send or receive would
 * return instead of doing its work. The queue is what is read: this
 * clears the pending one.
 */
static void ping_clear_error(const struct rawsock *rs)
{
	socklen_t len = sizeof(int);
	int e;

	getsockopt(rs->fd[RAWSOCK_ICMP], SOL_SOCKET, SO_ERROR, &e, &len);
}

/* The next reply of the datagram socket, parsed: 1, 0, or -errno. */
static int ping_reply(struct rawsock *rs, struct pkt_info *pi)
{
	struct net_rx rx;
	ssize_t n;

	ping_clear_error(rs);
	n = read_one(rs->fd[RAWSOCK_ICMP], rs->buf, IP_MAX_PACKET, &rx, NULL);
	/* what a UDP socket receives is the host's, not an answer */
	if (rs->ops == &udpsock_ops)
		return n < 0 && (n == -EBADF || n == -EFAULT) ? (int)n : 0;
	/* an error that came in meanwhile: the queue has it */
	if (n < 0 && n != -EBADF && n != -EFAULT && n != -ENOMEM)
		return 0;
	if (n <= 0)
		return (int)n;
	if (pkt_parse_ping_reply(rs->dst_addr.family, rs->buf, (size_t)n, pi))
		return 0;
	pi->from = rx.from;
	pi->ttl = rx.ttl < 0 ? 0 : (uint8_t)rx.ttl;
	return 1;
}

static int ping_recv_info(void *ctx, struct pkt_info *pi, uint64_t deadline)
{
	struct rawsock *rs = ctx;

	for (;;) {
		struct pollfd pfd = { .fd = rs->fd[RAWSOCK_ICMP],
				      .events = POLLIN };
		uint64_t now = rs_now(ctx);
		int ret;

		if (now >= deadline)
			return 0;
		if (poll(&pfd, 1, (int)((deadline - now + 999) / 1000)) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		/* the error queue makes poll say POLLERR, asked or not */
		ret = 0;
		if (pfd.revents & POLLERR)
			ret = queued_error(rs, pi);
		if (!ret && (pfd.revents & POLLIN))
			ret = ping_reply(rs, pi);
		if (ret)
			return ret;
	}
}

static int ping_send(void *ctx, int proto, const void *msg, size_t len,
		     uint8_t ttl)
{
	ping_clear_error(ctx);
	return rs_send(ctx, proto, msg, len, ttl);
}

const struct net_ops pingsock_ops = {
	.send = ping_send,
	.recv_info = ping_recv_info,
	.now = rs_now,
};

/* A UDP probe comes with its header, which names the port to send the
 * rest to. */
static int udp_send(void *ctx, int proto, const void *msg, size_t len,
		    uint8_t ttl)
{
	struct rawsock *rs = ctx;
	const uint8_t *m = msg;
	uint16_t port;
	ssize_t n;

	if (proto != IPPROTO_UDP || len < 8 || ttl)
		return -EINVAL;
	ping_clear_error(rs);
	port = htons((uint16_t)(m[2] << 8 | m[3]));
	if (rs->dst.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&rs->dst)->sin6_port = port;
	else
		((struct sockaddr_in *)&rs->dst)->sin_port = port;
	pace_wait(len + IP6_HDR_LEN);
	n = sendto(rs->fd[RAWSOCK_ICMP], m + 8, len - 8, 0,
		   (struct sockaddr *)&rs->dst, rs->dstlen);
	if (n < 0)
		return -errno;
	return (size_t)n == len - 8 ? 0 : -EIO;
}

const struct net_ops udpsock_ops = {
	.send = udp_send,
	.recv_info = ping_recv_info,
	.now = rs_now,
};
