/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_REPORT_SHARE_H
#define MTUPROBE_REPORT_SHARE_H

/*
 * What the report's files share among themselves, and nobody else uses:
 * each mode's text and JSON sit side by side in a file of their own, and
 * some pieces (the probe object, the advice, the trace) stand inside the
 * reports of several modes.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "json.h"
#include "report.h"

/* SGR sequences, on a terminal that wants colour only. */
#define SGR_BOLD "\033[1m"
#define SGR_GREEN "\033[1;32m"
#define SGR_YELLOW "\033[33m"
#define SGR_PLAIN "\033[0m"

static inline const char *sgr(bool colour, const char *seq)
{
	return colour ? seq : "";
}

/* Opens a JSON object of a line: its "type" and "version" first. */
void report_json_open(struct json *j, const char *type);

/* "IPv4", "IPv6" in text; "ipv4", "ipv6" in JSON */
const char *report_family_name(int family);
const char *report_family_key(int family);
/* "icmp", "tcp", "udp": a method as JSON names it */
const char *report_method_key(enum probe_method m);
/* "fragmentation needed", "packet too big" */
const char *report_ptb_name(int family);
/* A duration in microseconds in a unit that reads well: "4.20 ms". */
void report_duration(FILE *f, uint64_t us);

/* The trace of --trace: a table of hops and the limits found, or the
 * "trace" member of the probe's JSON object. */
void report_trace_text(FILE *f, const struct report *r);
void report_trace_json(struct json *j, const struct trace_result *tr);

/* What to believe of a probe (job.h, job_judge): the path MTU line, which
 * says the directions apart where they differ; the witnesses, a filter
 * and the notes after the evidence; their JSON members. */
bool report_unconfirmed(const struct report *r);
void report_path_mtu_line(FILE *f, const struct report *r);
void report_witness_text(FILE *f, const struct report *r);
void report_witness_json(struct json *j, const struct report *r);

/* The probe report as a JSON object within a larger one (without type and
 * version: report_json() prints it alone). */
void report_probe_json(struct json *j, const struct report *r);

/* The advice table, colour marking its warnings and the wg-quick line; the
 * advice array. */
void report_advice_table(FILE *f, unsigned int pmtu, int family,
			 const struct tunnel *ts, size_t n, bool colour);
void report_advice_array(struct json *j, unsigned int pmtu, int family,
			 const struct tunnel *ts, size_t n);

#endif
