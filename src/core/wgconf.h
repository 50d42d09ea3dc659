/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_WGCONF_H
#define MTUPROBE_WGCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/*
 * A wg-quick(8) configuration, as /etc/wireguard/wg0.conf: [Interface] and
 * [Peer] sections of "Key = Value" lines. It is read the way wg-quick and
 * wg(8) read it:
 *  - keys and section names are matched without regard to case;
 *  - a '#' starts a comment wherever it stands, also after a value, since
 *    wg-quick cuts every line at its first '#' (so no value holds one);
 *  - blanks around the key and the value do not count, nor a CR before the
 *    LF; inside an Endpoint no blank counts either, as wg(8) drops every
 *    blank of a line before reading it;
 *  - when a key is repeated the last one counts: the last MTU of the
 *    [Interface] sections (wg-quick overwrites its variable), the last
 *    Endpoint of a [Peer] (wg(8) overwrites the peer's endpoint);
 *  - keys other than MTU and Endpoint are not checked: wg-quick has many,
 *    and wg(8) checks its own when the interface comes up.
 * It is stricter where a mistake would otherwise show only later: a file
 * that is not text, a line outside any section, a section other than
 * [Interface] and [Peer], a line without '=', an Endpoint outside a [Peer],
 * and an MTU or an Endpoint that wg-quick could not use are refused.
 * An MTU in a [Peer] is ignored: only [Interface] has one.
 */

enum { WGCONF_MAX_PEERS = 64, WGCONF_HOST_MAX = 256 };

/* The MTUs accepted: IPv4's minimum (RFC 791) to the largest IP packet
 * without jumbograms. */
enum { WGCONF_MTU_MIN = 68, WGCONF_MTU_MAX = 65535 };

struct wg_endpoint {
	char host[WGCONF_HOST_MAX];	/* a name, an IPv4 literal, or an IPv6 literal without brackets (with its zone, "fe80::1%eth0", where it has one) */
	uint16_t port;
	unsigned int line;		/* 1-based line of the Endpoint */
	unsigned int peer;		/* index of its [Peer] section, 0-based */
};

struct wgconf {
	struct wg_endpoint endpoints[WGCONF_MAX_PEERS];
	unsigned int nendpoints;
	unsigned int npeers;		/* [Peer] sections, with or without Endpoint */
	unsigned int peer_line;		/* 1-based line of the first, 0 if none */
	unsigned int mtu;		/* the [Interface] MTU, 0 if absent */
	unsigned int mtu_line;		/* its 1-based line, 0 if absent */
	/* on error: where and why */
	unsigned int err_line;		/* 1-based, 0 for the file as a whole */
	char err[128];			/* one line, no newline, starting with
					 * "line N: " when err_line is set */
};

/*
 * Parses the len bytes at buf, a wg-quick file (no NUL terminator needed;
 * a NUL byte in it is an error). The endpoints are listed in file order,
 * with host names left unresolved; a file without any is parsed fine
 * (nendpoints 0).
 * Returns 0, or
 *  -EINVAL when the file is refused: err_line and err say where and why,
 *          e.g. "line 7: Endpoint 'vpn.example.com': no port (write
 *          host:port)", or "no [Interface] section" (err_line 0);
 *  -E2BIG  when more than WGCONF_MAX_PEERS peers have an Endpoint, the file
 *          being fine otherwise: err_line is the line of the first Endpoint
 *          left out, and the first WGCONF_MAX_PEERS are in endpoints.
 * On -EINVAL the other fields are unspecified.
 */
int wgconf_parse(const void *buf, size_t len, struct wgconf *c);

/*
 * Writes into out (cap bytes) the file at buf (len bytes) with its
 * [Interface] MTU set to mtu. When the file has an MTU line, the value of
 * the one that counts (the last in [Interface]) is replaced, its key,
 * blanks, comment and line end kept; earlier MTU lines are left alone, as
 * wg-quick ignores them. When it has none, "MTU = N" is inserted as the line
 * right after the first [Interface] header, ending in CRLF if the header
 * line does (when the header is the last line and has no line end, the new
 * line is preceded by one instead, and the file still ends without one).
 * Every other byte is copied as it was. Setting the same MTU twice gives
 * the same file. out must not overlap buf.
 * Returns the number of bytes written (no NUL is added), or
 *  -EINVAL when mtu is not from WGCONF_MTU_MIN to WGCONF_MTU_MAX, or buf
 *          does not parse (more than WGCONF_MAX_PEERS endpoints is fine
 *          here);
 *  -ENOSPC when the result is longer than cap: nothing is written.
 */
ssize_t wgconf_set_mtu(const void *buf, size_t len, unsigned int mtu,
		       void *out, size_t cap);

/*
 * Writes one line of a wg-quick file (len bytes, line end included) with
 * the value of a PrivateKey or PresharedKey replaced by "(hidden)", as
 * wg(8) shows keys, also on a line commented out; every other byte, and
 * every other line, as it is.
 * A udiff_put_fn, so that a diff of the file shows no secret.
 */
void wgconf_put_line(FILE *f, const char *line, size_t len);

/* Where wg-quick(8) reads an interface's file from. */
#define WGCONF_DIR "/etc/wireguard"

/*
 * The file --wg-config arg names, as wg-quick reads its argument: arg
 * itself when a file of that name exists (exists says whether one does);
 * else, when arg is an interface's name as wg-quick takes one (1 to 15 of
 * the letters, digits and "_=+.-", so no slash), dir/arg.conf written into
 * buf (len bytes). Returns arg, or buf; arg when buf is too small.
 */
const char *wgconf_path(const char *arg, bool exists, const char *dir,
			char *buf, size_t len);

#endif
