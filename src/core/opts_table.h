/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_OPTS_TABLE_H
#define MTUPROBE_OPTS_TABLE_H

/*
 * The tables behind opts_parse(): every option, and every form of the
 * command with the options it takes and the refusals of the others. Only
 * opts.c and its unit tests read them.
 */
#include <stddef.h>
#include <stdint.h>

#include "opts.h"

/* The options, in the order a refusal lists them. */
enum opt {
	O_IPV4, O_IPV6, O_TCP, O_ICMP, O_TRACE, O_RST_CHECK, O_MIN, O_MAX,
	O_MIN_WAIT, O_MAX_WAIT, O_JSON, O_WG, O_TUNNEL, O_TUNNEL_LIST,
	O_WG_CONFIG, O_WRITE, O_PATH_MTU, O_FILE, O_PARALLEL, O_PROM,
	O_CLAMP, O_APPLY, O_REMOVE, O_IFACE, O_SRC, O_DST, O_IPSEC, O_HOOK,
	O_TABLE, O_MSS, O_FWMARK, O_EGRESS, O_QUIET, O_HELP, O_VERSION,
	O_COUNT
};

#define OPT_BIT(id) (UINT64_C(1) << (id))
#define OPT(name) OPT_BIT(O_##name)
#define OPT_ALL (OPT_BIT(O_COUNT) - 1)

/* What each option is called, and the field of struct opts it sets: the
 * offset of a bool it makes true, of a number it reads, of a file name it
 * keeps (0: none, the offset of mode). */
struct opt_def {
	const char *name;	/* as a refusal names it */
	const char *longname;	/* for getopt_long, NULL: none */
	int has_arg;
	char short_opt;
	size_t flag;
	size_t number;
	unsigned int max;	/* the number's bound */
	const char *what;	/* and what it counts */
	size_t file;
};

enum host_rule {
	HOST_ANY,		/* --help, --version: nothing more is read */
	HOST_ONE,
	HOST_NONE,
};

enum list_rule {
	LIST_ALL,		/* the refusal names all its options */
	LIST_GIVEN,		/* only those given, to be dropped */
};

/* Options a form does not take, and what its refusal says of them. */
struct refusal {
	uint64_t opts;
	const char *who;	/* NULL: the form's name */
	const char *says;	/* after who, before the names */
	enum list_rule list;
};

/* A form of the command: the options that select it, those it takes, and
 * the refusals of the others. */
struct form {
	enum mode mode;
	uint64_t when;		/* any of these selects it... */
	uint64_t with;		/* ...given all of these */
	const char *name;	/* NULL: the clamp action given */
	const char *usage;	/* what "goes with" calls it */
	uint64_t takes;
	enum host_rule host;
	const char *host_who;	/* NULL: the form's name */
	const char *host_says;	/* HOST_NONE: why not; HOST_ONE: if none */
	struct refusal refuse[2];	/* the first that applies */
	int (*check)(struct opts *o, char *err, size_t errlen);
};

extern const struct opt_def opts_optdef[O_COUNT];
/* In the order a form is picked: the first whose options were given. */
extern const struct form opts_forms[];
extern const size_t opts_nforms;
/* The form the options of set pick: the last, sizing the path to a HOST,
 * when no other is. */
const struct form *opts_form_of(uint64_t set);

#endif
