// SPDX-License-Identifier: GPL-2.0-or-later
/* wg-quick configuration files: which file a name means, the endpoints to
 * probe, and the MTU to set. The reading rules are in wgconf.h. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"
#include "wgconf.h"

enum {
	QUOTE_MAX = 40,		/* bytes of a value shown in a message */
	/* "[" host "]:" port, with room to tell a too long host */
	ENDPOINT_MAX = WGCONF_HOST_MAX + 8,
	MTU_LINE_MAX = 32,	/* CRLF "MTU = 65535" CRLF */
};

enum section { SECTION_NONE, SECTION_INTERFACE, SECTION_PEER };

/* A run of bytes of the file; never NUL-terminated. */
struct span {
	const char *p;
	size_t len;
};

/* What wgconf_set_mtu needs besides the parse: where things are. */
struct layout {
	bool have_iface;
	size_t iface_next;	/* offset past the first [Interface] line */
	const char *iface_pre;	/* what goes before and after an inserted */
	const char *iface_post;	/* MTU line there */
	bool have_mtu;
	size_t mtu_off;		/* the value of the MTU line that counts */
	size_t mtu_len;
};

struct reader {
	const char *buf;
	enum section section;
	const char *first_eol;	/* the file's first line end, or NULL */
	unsigned int nendpoints; /* kept or not */
	unsigned int last_peer;	/* of the last Endpoint */
	unsigned int e2big_line;
	struct layout *lay;
	struct wgconf *c;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct wgconf *c, unsigned int line, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	c->err_line = line;
	if (line)
		n = snprintf(c->err, sizeof(c->err), "line %u: ", line);
	va_start(ap, fmt);
	vsnprintf(c->err + n, sizeof(c->err) - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* At most QUOTE_MAX bytes of s, for a message: a whole line could be
 * megabytes. The bytes are text, checked before. */
static const char *quote(char dst[QUOTE_MAX + 4], struct span s)
{
	if (s.len <= QUOTE_MAX) {
		memcpy(dst, s.p, s.len);
		dst[s.len] = '\0';
	} else {
		memcpy(dst, s.p, QUOTE_MAX);
		strcpy(dst + QUOTE_MAX, "...");
	}
	return dst;
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static struct span trim(struct span s)
{
	while (s.len && is_blank(s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len && is_blank(s.p[s.len - 1]))
		s.len--;
	return s;
}

/* ASCII only: strncasecmp() follows the locale, and in a Turkish one
 * "INTERFACE" would not match "[Interface]". */
static bool span_is(struct span s, const char *word)
{
	size_t i;

	if (s.len != strlen(word))
		return false;
	for (i = 0; i < s.len; i++) {
		char a = s.p[i], b = word[i];

		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

/* Anything but text is refused here, so that a binary file or the wrong
 * file fails on its first bad line, not on some later consequence. Bytes
 * from 0x80 up are let through: comments may be in UTF-8. */
static int check_text(struct wgconf *c, unsigned int line, struct span l,
		      bool first)
{
	size_t i;

	/* wg-quick would take the mark for part of the first key, and wg(8)
	 * then refuses the line. */
	if (first && l.len >= 3 && !memcmp(l.p, "\xef\xbb\xbf", 3))
		return fail(c, line, "byte-order mark (wg-quick does not skip one: save the file without it)");
	for (i = 0; i < l.len; i++) {
		unsigned char ch = (unsigned char)l.p[i];

		if (ch == '\0')
			return fail(c, line, "NUL byte (not a text file)");
		if (ch == '\r')
			return fail(c, line, "carriage return inside the line (not a text file)");
		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return fail(c, line, "control byte 0x%02x (not a text file)", ch);
	}
	return 0;
}

/* Decimal only: wg-quick hands the value to "ip link set mtu", which reads
 * a leading 0 as octal and "0x" as hex. */
static int parse_mtu(struct wgconf *c, unsigned int line, struct span v,
		     unsigned int *mtu)
{
	char q[QUOTE_MAX + 4];
	unsigned long n = 0;
	size_t i;

	for (i = 0; i < v.len && is_digit(v.p[i]); i++) {
		n = n * 10 + (unsigned long)(v.p[i] - '0');
		if (n > WGCONF_MTU_MAX)
			break;
	}
	if (v.len > 1 && v.p[0] == '0' && i == v.len)
		return fail(c, line, "MTU '%s': leading 0 (ip(8) would read it as octal)",
			    quote(q, v));
	if (!v.len || i != v.len || n < WGCONF_MTU_MIN)
		return fail(c, line, "MTU '%s': not a whole number from %u to %u",
			    quote(q, v), WGCONF_MTU_MIN, WGCONF_MTU_MAX);
	*mtu = (unsigned int)n;
	return 0;
}

static bool all_digits_and_dots(const char *s)
{
	for (; *s; s++)
		if (!is_digit(*s) && *s != '.')
			return false;
	return true;
}

static bool is_name(const char *s)
{
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !is_digit(*s) && *s != '-' && *s != '.' && *s != '_')
			return false;
	return true;
}

/* An IPv6 literal, or one with a zone ("fe80::1%eth0"), which wg(8)
 * hands getaddrinfo(3) as it is. */
static bool ipv6_literal(const char *s)
{
	const char *zone;
	struct addr a;

	return (!addr_pton(s, &a) && a.family == AF_INET6) ||
	       !addr_pton_zone(s, &a, &zone);
}

/* The forms wg(8) reads: host:port, and [IPv6]:port. It splits a form
 * without brackets at the last ':', so "fd00::2:51820" is fd00::2 port
 * 51820, and so is it read here; what is left of the last ':' must then be
 * an IPv6 address ("fd00::2" alone is "fd00:" port 2, refused). A port
 * other than a plain decimal number is refused too (wg(8) would take a
 * service name). */
static int parse_endpoint(struct wgconf *c, unsigned int line, struct span v,
			  struct wg_endpoint *ep)
{
	char s[ENDPOINT_MAX], q[QUOTE_MAX + 4];
	char *host, *port, *end;
	unsigned long n = 0;
	struct addr a;
	size_t i, len = 0;

	memset(ep, 0, sizeof(*ep));
	ep->line = line;
	ep->peer = c->npeers - 1;
	for (i = 0; i < v.len; i++) {
		if (is_blank(v.p[i]))
			continue;
		if (len == sizeof(s) - 1)
			return fail(c, line, "Endpoint '%s': too long for a host and a port",
				    quote(q, v));
		s[len++] = v.p[i];
	}
	s[len] = '\0';
	if (!len)
		return fail(c, line, "Endpoint is empty (write host:port)");

	if (s[0] == '[') {
		host = s + 1;
		end = strchr(host, ']');
		if (!end)
			return fail(c, line, "Endpoint '%s': no ']' after the IPv6 address",
				    quote(q, v));
		*end++ = '\0';
		if (*end && *end != ':')
			return fail(c, line, "Endpoint '%s': no ':' between ']' and the port",
				    quote(q, v));
		if (!ipv6_literal(host))
			return fail(c, line, "Endpoint '%s': not an IPv6 address in brackets",
				    quote(q, v));
		port = *end ? end + 1 : end;
	} else {
		end = strrchr(s, ':');
		if (!end)
			return fail(c, line, "Endpoint '%s': no port (write host:port)",
				    quote(q, v));
		*end = '\0';
		host = s;
		port = end + 1;
		if (strchr(host, ':')) {
			if (!ipv6_literal(host))
				return fail(c, line, "Endpoint '%s': no port after an IPv6 address (write [address]:port)",
					    quote(q, v));
		} else if (!*host) {
			return fail(c, line, "Endpoint '%s': no host", quote(q, v));
		} else if (all_digits_and_dots(host)) {
			if (addr_pton(host, &a) || a.family != AF_INET)
				return fail(c, line, "Endpoint '%s': not an IPv4 address",
					    quote(q, v));
		} else if (!is_name(host)) {
			return fail(c, line, "Endpoint '%s': host is neither a name nor an address",
				    quote(q, v));
		}
	}
	if (!*port)
		return fail(c, line, "Endpoint '%s': no port (write host:port)",
			    quote(q, v));
	for (i = 0; is_digit(port[i]) && n <= UINT16_MAX; i++)
		n = n * 10 + (unsigned long)(port[i] - '0');
	if (port[i] || n < 1 || n > UINT16_MAX)
		return fail(c, line, "Endpoint '%s': port not a number from 1 to 65535",
			    quote(q, v));
	if (strlen(host) >= sizeof(ep->host))
		return fail(c, line, "Endpoint '%s': host longer than %u characters",
			    quote(q, v), WGCONF_HOST_MAX - 1);

	strcpy(ep->host, host);
	ep->port = (uint16_t)n;
	return 0;
}

/* wg(8) keeps the last Endpoint of a peer: a second one replaces the
 * first. Those past the limit are checked all the same, so that a bad line
 * further down is reported rather than -E2BIG. */
static void add_endpoint(struct reader *s, const struct wg_endpoint *ep)
{
	struct wgconf *c = s->c;

	if (s->nendpoints && s->last_peer == ep->peer) {
		if (s->nendpoints <= WGCONF_MAX_PEERS)
			c->endpoints[c->nendpoints - 1] = *ep;
		return;
	}
	s->nendpoints++;
	s->last_peer = ep->peer;
	if (s->nendpoints > WGCONF_MAX_PEERS) {
		if (!s->e2big_line)
			s->e2big_line = ep->line;
		return;
	}
	c->endpoints[c->nendpoints++] = *ep;
}

static int parse_header(struct reader *s, unsigned int line, struct span l,
			struct span eol, bool last)
{
	struct layout *lay = s->lay;
	char q[QUOTE_MAX + 4];

	if (span_is(l, "[Peer]")) {
		s->section = SECTION_PEER;
		if (!s->c->npeers++)
			s->c->peer_line = line;
		return 0;
	}
	if (!span_is(l, "[Interface]"))
		return fail(s->c, line, "unknown section '%s' (wg knows [Interface] and [Peer])",
			    quote(q, l));
	s->section = SECTION_INTERFACE;
	if (lay->have_iface)
		return 0;
	lay->have_iface = true;
	lay->iface_next = (size_t)(eol.p + eol.len - s->buf);
	if (!last) {
		lay->iface_pre = "";
		lay->iface_post = eol.len == 2 ? "\r\n" : "\n";
	} else {
		/* The header ends the file: the new line needs a line end
		 * before it, not after, to keep the end of the file as it
		 * was. A lone CR there becomes a CRLF. */
		lay->iface_pre = eol.len == 1 ? "\n" :
				 s->first_eol ? s->first_eol : "\n";
		lay->iface_post = "";
	}
	return 0;
}

/* l: the line without its line end; eol: that line end ("\n", "\r\n", or
 * at the end of the file "" or "\r"). */
static int parse_line(struct reader *s, unsigned int line, struct span l,
		      struct span eol, bool last)
{
	struct wgconf *c = s->c;
	struct span key, value;
	struct wg_endpoint ep;
	char q[QUOTE_MAX + 4];
	const char *hash, *eq;
	int ret;

	/* wg-quick cuts each line at its first '#', wherever it is. */
	hash = memchr(l.p, '#', l.len);
	if (hash)
		l.len = (size_t)(hash - l.p);
	l = trim(l);
	if (!l.len)
		return 0;
	if (l.p[0] == '[')
		return parse_header(s, line, l, eol, last);
	if (s->section == SECTION_NONE)
		return fail(c, line, "text outside any section (put it under [Interface] or [Peer])");
	eq = memchr(l.p, '=', l.len);
	if (!eq)
		return fail(c, line, "no '=' in '%s'", quote(q, l));
	key = trim((struct span){ l.p, (size_t)(eq - l.p) });
	value = trim((struct span){ eq + 1, l.len - (size_t)(eq + 1 - l.p) });
	if (!key.len)
		return fail(c, line, "no key before '=' in '%s'", quote(q, l));

	if (span_is(key, "MTU")) {
		if (s->section != SECTION_INTERFACE)
			return 0;
		ret = parse_mtu(c, line, value, &c->mtu);
		if (ret)
			return ret;
		c->mtu_line = line;
		s->lay->have_mtu = true;
		s->lay->mtu_off = (size_t)(value.p - s->buf);
		s->lay->mtu_len = value.len;
	} else if (span_is(key, "Endpoint")) {
		if (s->section != SECTION_PEER)
			return fail(c, line, "Endpoint belongs in a [Peer] section");
		ret = parse_endpoint(c, line, value, &ep);
		if (ret)
			return ret;
		add_endpoint(s, &ep);
	}
	return 0;
}

static int scan(const void *buf, size_t len, struct wgconf *c,
		struct layout *lay)
{
	struct reader s = { .buf = buf, .c = c, .lay = lay };
	unsigned int line = 0;
	size_t off = 0;
	int ret;

	memset(c, 0, sizeof(*c));
	memset(lay, 0, sizeof(*lay));
	while (off < len) {
		const char *p = s.buf + off;
		const char *nl = memchr(p, '\n', len - off);
		struct span l = { p, nl ? (size_t)(nl - p) : len - off };
		struct span eol = { p + l.len, nl ? 1 : 0 };

		line++;
		if (l.len && l.p[l.len - 1] == '\r') {
			l.len--;
			eol.p--;
			eol.len++;
		}
		if (!s.first_eol && nl)
			s.first_eol = eol.len == 2 ? "\r\n" : "\n";
		ret = check_text(c, line, l, line == 1);
		if (ret)
			return ret;
		ret = parse_line(&s, line, l, eol, !nl);
		if (ret)
			return ret;
		off += l.len + eol.len;
	}
	if (!lay->have_iface)
		return fail(c, 0, "no [Interface] section");
	if (s.e2big_line) {
		fail(c, s.e2big_line, "more than %u peers with an Endpoint",
		     WGCONF_MAX_PEERS);
		return -E2BIG;
	}
	return 0;
}

int wgconf_parse(const void *buf, size_t len, struct wgconf *c)
{
	struct layout lay;

	return scan(buf, len, c, &lay);
}

ssize_t wgconf_set_mtu(const void *buf, size_t len, unsigned int mtu,
		       void *out, size_t cap)
{
	char ins[MTU_LINE_MAX];
	size_t head, tail, nins, need;
	struct layout lay;
	struct wgconf c;
	int ret;

	if (mtu < WGCONF_MTU_MIN || mtu > WGCONF_MTU_MAX)
		return -EINVAL;
	ret = scan(buf, len, &c, &lay);
	if (ret && ret != -E2BIG)
		return ret;

	if (lay.have_mtu) {
		head = lay.mtu_off;
		tail = lay.mtu_off + lay.mtu_len;
		ret = snprintf(ins, sizeof(ins), "%u", mtu);
	} else {
		head = tail = lay.iface_next;
		ret = snprintf(ins, sizeof(ins), "%sMTU = %u%s", lay.iface_pre,
			       mtu, lay.iface_post);
	}
	nins = (size_t)ret;
	/* need cannot wrap: head + (len - tail) <= len, a buffer's size */
	if (len > (size_t)SSIZE_MAX - sizeof(ins))
		return -ENOSPC;
	need = head + nins + (len - tail);
	if (need > cap)
		return -ENOSPC;
	memcpy(out, buf, head);
	memcpy((char *)out + head, ins, nins);
	memcpy((char *)out + head + nins, (const char *)buf + tail, len - tail);
	return (ssize_t)need;
}

void wgconf_put_line(FILE *f, const char *line, size_t len)
{
	struct span l = { line, len }, key, value;
	const char *eq, *hash;

	eq = memchr(l.p, '=', l.len);
	if (eq) {
		/* a key commented out is a secret all the same */
		key = (struct span){ l.p, (size_t)(eq - l.p) };
		while (key.len && (is_blank(key.p[0]) || key.p[0] == '#')) {
			key.p++;
			key.len--;
		}
		key = trim(key);
		value.p = eq + 1;
		hash = memchr(value.p, '#', l.len - (size_t)(value.p - l.p));
		value.len = hash ? (size_t)(hash - value.p) :
			    l.len - (size_t)(value.p - l.p);
		while (value.len && (value.p[value.len - 1] == '\n' ||
				     value.p[value.len - 1] == '\r'))
			value.len--;
		value = trim(value);
		if (value.len && !memchr(key.p, '#', key.len) &&
		    (span_is(key, "PrivateKey") || span_is(key, "PresharedKey"))) {
			fwrite(l.p, 1, (size_t)(value.p - l.p), f);
			fputs("(hidden)", f);
			l.len -= (size_t)(value.p + value.len - l.p);
			l.p = value.p + value.len;
		}
	}
	fwrite(l.p, 1, l.len, f);
}

/* wg-quick's test of its argument: ^[a-zA-Z0-9_=+.-]{1,15}$ */
static bool is_interface_name(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz"
			     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_=+.-");

	return n && n <= 15 && !s[n];
}

const char *wgconf_path(const char *arg, bool exists, const char *dir,
			char *buf, size_t len)
{
	int n;

	if (exists || !is_interface_name(arg))
		return arg;
	n = snprintf(buf, len, "%s/%s.conf", dir, arg);
	return n > 0 && (size_t)n < len ? buf : arg;
}
