// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nfq-delay: hold every packet of an nftables/iptables NFQUEUE queue for a
 * fixed time, then accept it.  A stand-in for "tc qdisc netem delay" on
 * kernels built without netem; used by bench/run to give the lab path a
 * 50 ms round-trip time (25 ms each way at r1).
 *
 *   nfq-delay [--queue N] [--delay MS] [--max-held N] [--quiet]
 *
 * Packets are kept in a FIFO in arrival order; as the delay is the same for
 * all of them the head of the FIFO is always the next one due.  A timerfd
 * armed on the head's due time releases them (NF_ACCEPT), a signalfd turns
 * SIGTERM/SIGINT/SIGHUP into a clean exit: every packet still held is
 * accepted at once, the queue is unbound and counters go to stderr.
 *
 * Only the packet metadata is copied to user space (NFQNL_COPY_META).  A
 * packet that arrives while the FIFO is full is dropped, as a full router
 * buffer would; the count is printed at exit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <libnetfilter_queue/libnetfilter_queue.h>

#define NSEC_PER_SEC 1000000000LL

struct held {
	uint32_t id;
	int64_t due_ns;		/* CLOCK_MONOTONIC */
};

struct delayer {
	struct nfq_q_handle *qh;
	int64_t delay_ns;
	struct held *ring;
	size_t cap;
	size_t head;
	size_t len;
	/* counters */
	uint64_t queued;
	uint64_t accepted;
	uint64_t dropped_full;
	uint64_t verdict_errors;
	uint64_t enobufs;
	size_t max_held;
	int64_t max_late_ns;	/* worst lateness of a release */
	int err;		/* set by the callback on a fatal error */
	bool armed;		/* the timer is set for the head */
};

static const char *prog = "nfq-delay";

/* "nfq-delay: WHAT: strerror(errno)" on stderr. */
static void syserr(const char *what)
{
	int e = errno;

	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(e));
}

static int now_ns(int64_t *out)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return -1;
	*out = (int64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	return 0;
}

static int verdict(struct delayer *d, uint32_t id, uint32_t v)
{
	if (nfq_set_verdict(d->qh, id, v, 0, NULL) < 0) {
		d->verdict_errors++;
		syserr("nfq_set_verdict");
		return -1;
	}
	return 0;
}

static int on_packet(struct nfq_q_handle *qh, struct nfgenmsg *nfmsg,
		     struct nfq_data *nfa, void *data)
{
	struct delayer *d = data;
	struct nfqnl_msg_packet_hdr *ph;
	struct held *h;
	int64_t now;
	uint32_t id;

	(void)qh;
	(void)nfmsg;
	ph = nfq_get_msg_packet_hdr(nfa);
	if (!ph) {
		fprintf(stderr, "%s: message without packet header\n", prog);
		return 0;
	}
	id = ntohl(ph->packet_id);
	if (now_ns(&now) < 0) {
		d->err = errno;
		return -1;
	}
	if (d->len == d->cap) {
		d->dropped_full++;
		(void)verdict(d, id, NF_DROP);
		return 0;
	}
	h = &d->ring[(d->head + d->len) % d->cap];
	h->id = id;
	h->due_ns = now + d->delay_ns;
	d->len++;
	d->queued++;
	if (d->len > d->max_held)
		d->max_held = d->len;
	return 0;
}

/* Arm the timer on the head's due time, or disarm it when nothing is held. */
static int arm_timer(struct delayer *d, int tfd)
{
	struct itimerspec its;
	int64_t due;

	memset(&its, 0, sizeof(its));
	if (d->len) {
		due = d->ring[d->head].due_ns;
		its.it_value.tv_sec = due / NSEC_PER_SEC;
		its.it_value.tv_nsec = due % NSEC_PER_SEC;
		if (!its.it_value.tv_sec && !its.it_value.tv_nsec)
			its.it_value.tv_nsec = 1;
	}
	if (timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL) < 0) {
		syserr("timerfd_settime");
		return -1;
	}
	d->armed = d->len != 0;
	return 0;
}

/* Accept every held packet due by now (all of them when flush is set). */
static int release(struct delayer *d, bool flush)
{
	int64_t now;
	struct held *h;

	if (now_ns(&now) < 0) {
		syserr("clock_gettime");
		return -1;
	}
	while (d->len) {
		h = &d->ring[d->head];
		if (!flush && h->due_ns > now)
			break;
		if (!flush && now - h->due_ns > d->max_late_ns)
			d->max_late_ns = now - h->due_ns;
		if (verdict(d, h->id, NF_ACCEPT) == 0)
			d->accepted++;
		d->head = (d->head + 1) % d->cap;
		d->len--;
	}
	return 0;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [--queue N] [--delay MS] [--max-held N] [--quiet]\n"
		"Hold each packet of NFQUEUE queue N (default 0) for MS milliseconds\n"
		"(default 25), then accept it.  Exits cleanly on SIGTERM or SIGINT.\n",
		prog);
}

/* Read every queued-packet message there is, without blocking. */
static int drain(struct delayer *d, struct nfq_handle *nh)
{
	char buf[65536] __attribute__((aligned(8)));
	int fd = nfq_fd(nh);
	ssize_t n;

	for (;;) {
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				/* The kernel dropped messages for us. */
				d->enobufs++;
				continue;
			}
			syserr("recv");
			return -1;
		}
		if (nfq_handle_packet(nh, buf, (int)n) < 0 && d->err) {
			errno = d->err;
			syserr("handling a packet");
			return -1;
		}
	}
}

/* The main loop; returns 0 when a signal asks us to stop, -1 on error. */
static int run(struct delayer *d, struct nfq_handle *nh, int sfd, int tfd)
{
	struct pollfd pfd[3];
	struct signalfd_siginfo si;
	uint64_t ticks;
	ssize_t n;

	pfd[0].fd = nfq_fd(nh);
	pfd[0].events = POLLIN;
	pfd[1].fd = tfd;
	pfd[1].events = POLLIN;
	pfd[2].fd = sfd;
	pfd[2].events = POLLIN;
	for (;;) {
		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			syserr("poll");
			return -1;
		}
		if (pfd[2].revents & POLLIN) {
			n = read(sfd, &si, sizeof(si));
			if (n != (ssize_t)sizeof(si)) {
				if (n >= 0)
					errno = EIO;
				syserr("read signalfd");
				return -1;
			}
			return 0;
		}
		if (pfd[1].revents & POLLIN) {
			n = read(tfd, &ticks, sizeof(ticks));
			if (n < 0 && errno != EAGAIN) {
				syserr("read timerfd");
				return -1;
			}
			if (release(d, false) < 0 || arm_timer(d, tfd) < 0)
				return -1;
		}
		if (pfd[0].revents & (POLLIN | POLLERR)) {
			if (drain(d, nh) < 0)
				return -1;
			if (d->len && !d->armed && arm_timer(d, tfd) < 0)
				return -1;
		}
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "queue", required_argument, NULL, 'q' },
		{ "delay", required_argument, NULL, 'd' },
		{ "max-held", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'Q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct delayer d;
	struct nfq_handle *nh;
	unsigned long queue = 0, delay_ms = 25, max_held = 65536;
	bool quiet = false;
	sigset_t mask;
	int c, sfd, tfd, rc = 0;

	memset(&d, 0, sizeof(d));
	while ((c = getopt_long(argc, argv, "q:d:m:Qh", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			if (parse_uint(optarg, 65535, &queue) < 0) {
				fprintf(stderr, "%s: bad queue number: %s\n", prog, optarg);
				return 2;
			}
			break;
		case 'd':
			if (parse_uint(optarg, 60000, &delay_ms) < 0) {
				fprintf(stderr, "%s: bad delay (ms): %s\n", prog, optarg);
				return 2;
			}
			break;
		case 'm':
			if (parse_uint(optarg, 1UL << 22, &max_held) < 0 || !max_held) {
				fprintf(stderr, "%s: bad --max-held: %s\n", prog, optarg);
				return 2;
			}
			break;
		case 'Q':
			quiet = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}

	d.delay_ns = (int64_t)delay_ms * 1000000;
	d.cap = max_held;
	d.ring = calloc(d.cap, sizeof(*d.ring));
	if (!d.ring) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return 1;
	}

	/* Signals arrive through a signalfd, never asynchronously. */
	if (sigemptyset(&mask) < 0 || sigaddset(&mask, SIGTERM) < 0 ||
	    sigaddset(&mask, SIGINT) < 0 || sigaddset(&mask, SIGHUP) < 0) {
		syserr("sigset");
		free(d.ring);
		return 1;
	}
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0) {
		syserr("sigprocmask");
		free(d.ring);
		return 1;
	}
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		syserr("signalfd");
		free(d.ring);
		return 1;
	}
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (tfd < 0) {
		syserr("timerfd_create");
		rc = 1;
		goto out_sfd;
	}

	nh = nfq_open();
	if (!nh) {
		syserr("nfq_open");
		rc = 1;
		goto out_tfd;
	}
	d.qh = nfq_create_queue(nh, (uint16_t)queue, on_packet, &d);
	if (!d.qh) {
		fprintf(stderr, "%s: cannot bind queue %lu: %s\n", prog, queue,
			strerror(errno));
		rc = 1;
		goto out_nfq;
	}
	if (nfq_set_mode(d.qh, NFQNL_COPY_META, 0) < 0) {
		syserr("nfq_set_mode");
		rc = 1;
		goto out_queue;
	}
	if (nfq_set_queue_maxlen(d.qh, (uint32_t)max_held) < 0) {
		syserr("nfq_set_queue_maxlen");
		rc = 1;
		goto out_queue;
	}
	/* Room for bursts: the kernel drops (ENOBUFS) when this fills up. */
	if (nfnl_rcvbufsiz(nfq_nfnlh(nh), 4U << 20) == 0)
		fprintf(stderr, "%s: could not enlarge the receive buffer\n", prog);

	if (!quiet)
		fprintf(stderr, "%s: queue %lu, delay %lu ms, up to %lu packets held\n",
			prog, queue, delay_ms, max_held);

	if (run(&d, nh, sfd, tfd) < 0)
		rc = 1;
	/* Let go of whatever is still held rather than strand it. */
	if (release(&d, true) < 0)
		rc = 1;

	if (!quiet || rc)
		fprintf(stderr,
			"%s: %" PRIu64 " packets delayed, %" PRIu64 " accepted, "
			"%" PRIu64 " dropped (full), %" PRIu64 " verdict errors, "
			"%" PRIu64 " ENOBUFS, at most %zu held, worst lateness %.3f ms\n",
			prog, d.queued, d.accepted, d.dropped_full, d.verdict_errors,
			d.enobufs, d.max_held, (double)d.max_late_ns / 1e6);
	if (d.verdict_errors || d.enobufs)
		rc = 1;
out_queue:
	if (nfq_destroy_queue(d.qh) < 0) {
		syserr("nfq_destroy_queue");
		rc = 1;
	}
out_nfq:
	if (nfq_close(nh) < 0) {
		syserr("nfq_close");
		rc = 1;
	}
out_tfd:
	if (close(tfd) < 0)
		rc = 1;
out_sfd:
	if (close(sfd) < 0)
		rc = 1;
	free(d.ring);
	return rc;
}
