/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_JOB_H
#define MTUPROBE_JOB_H

#include <stdbool.h>
#include <stdint.h>

#include "run.h"
#include "trace.h"

/*
 * One run of the program: which searches go out, in which order, and what
 * follows from their results. ICMP echo first, unless TCP was asked for;
 * TCP SYNs to port 443, then 80, when no echo is answered at all; both,
 * when asked; the trace of the path the answer came from.
 */

enum { JOB_FALLBACK_PORTS = 2, JOB_MAX_WITNESSES = 3 };

/* What a method proved: that packets of a size reached the host, and
 * whether the answers came back as large, proving the way back too. */
enum witness_dir { WITNESS_BOTH, WITNESS_TOWARD };

struct witness {
	enum probe_method method;
	uint16_t port;		/* TCP: the port; else 0 */
	unsigned int largest;	/* the largest size proven to arrive */
	enum witness_dir dir;
	unsigned int hop;	/* TTL-limited probes of largest + 1 bytes
				 * vanish before this hop's router, which
				 * answers small ones; 0: an arrival */
};

struct job {
	/* in: the common configuration; method, ports and numbers are set
	 * by job_run for each search */
	struct run_config cfg;
	bool tcp;		/* TCP SYNs to port rather than echo */
	bool icmp;		/* with tcp: echo as well; alone: echo only,
				 * with no other method to check it */
	bool trace;
	bool no_tcp;		/* the sockets cannot send TCP: no fallback */
	uint16_t port;
	unsigned int ifmtu;

	/* out */
	struct run_result res;		/* the answer */
	enum probe_method method;	/* how it was found */
	uint16_t res_port;		/* TCP: to which port */
	bool tried_tcp;			/* echo got nothing: TCP tried */
	bool fell_back;			/* ...and TCP got answers */
	bool syn_data_refused;		/* SYNs answered only without data */
	bool have_icmp;			/* echo ran beside TCP: */
	struct run_result icmp_res;	/* its answer */
	bool have_trace;
	struct trace_result tr;

	/* out: an echo black hole checked with TCP SYNs at its edge (the
	 * size found, and one byte more), to a port plain SYNs reach */
	bool checked;
	uint16_t check_port;
	unsigned int check_probes;
	unsigned int check_rounds;
	uint64_t check_elapsed;		/* us */
	bool check_confirms;		/* the size arrived, one more did not */
	bool check_syn_data;		/* plain SYNs arrived, none with data
					 * (or they were lost: a hint only) */
	bool have_above;		/* one more arrived: the TCP search */
	struct run_result above;	/* from there */
	bool have_echo;			/* the answer moved to TCP: */
	struct run_result echo;		/* what echo found */
	/* in: UDP datagrams as tracepath sends them, for a host neither echo
	 * nor TCP could size (measure.c runs them: job_wants_udp) */
	bool have_udp;
	struct run_result udp;
	bool udp_tried;			/* a datagram went out beside the
					 * first round... */
	bool udp_answers;		/* ...and drew "port unreachable" */
	uint64_t rtt;			/* us, a round trip plain SYNs
					 * measured where nothing else did */

	/* out: what to believe (job_judge) */
	struct witness witness[JOB_MAX_WITNESSES];
	size_t nwitness;
	unsigned int toward;		/* path MTU toward the host */
	unsigned int back;		/* and back, where it differs; else 0 */
	unsigned int filter_above;	/* echo above this size goes
					 * unanswered at the host while
					 * filter_by arrives; else 0 */
	enum probe_method filter_by;
	bool syn_data_dropped;		/* plain SYNs answered, none with
					 * data */
	/* in: a black hole still doubtful after the others, checked with
	 * TTL-limited probes (job_check_ttl), into tr */
	unsigned int ttl_hop;		/* a router there drops larger ones */
	unsigned int ttl_last;		/* or they reach this hop, the last
					 * router, and vanish after it */
	bool one_witness;		/* a black hole one method alone saw */
	bool unconfirmed;		/* ...below the IPv6 minimum MTU, with
					 * no "too big" reply: likely a
					 * filter, not a link */
};

/* Whether UDP datagrams could size what echo and TCP could not, on a
 * host that answers: SYNs with data were dropped, or a black hole echo
 * alone saw is too small to believe. */
bool job_wants_udp(const struct job *j);
/* Whether the answer is a black hole still in doubt after the other
 * methods, so that TTL-limited probes should look where it sits. */
bool job_wants_ttl(const struct job *j);
/* Sends them over ops, the socket of the searches. Returns 0 or the
 * negative errno of a send or receive that failed. */
int job_check_ttl(const struct net_ops *ops, void *ctx, struct job *j);
/* Judges what the searches of j found: the witnesses, the directions,
 * a filter, and whether a lone witness's black hole is believable. */
void job_judge(struct job *j);
/* Runs the job over ops. Returns 0 with the out fields filled, or the
 * negative errno of a send or receive that failed. */
int job_run(const struct net_ops *ops, void *ctx, struct job *j);

#endif
