// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "status.h"

enum { STATUS_MAX = 512 };

bool status_wanted(const struct opts *o)
{
	return !o->quiet && isatty(STDERR_FILENO);
}

void status_init(struct status *s, const char *host)
{
	struct winsize ws;

	s->host = host;
	s->shown = false;
	s->cols = 80;
	if (!ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) && ws.ws_col > 1)
		s->cols = ws.ws_col;
}

static const char *method_name(enum probe_method m)
{
	return m == METHOD_TCP ? "TCP" : m == METHOD_UDP ? "UDP" : "ICMP";
}

/* What goes out now, before the sizes. */
static int describe(char *line, size_t len, const char *host,
		    const struct run_progress *p)
{
	const char *doing = p->rationed ?
			    "rationed, probing slowly" :
			    "probing";

	switch (p->stage) {
	case STAGE_EDGE:
		return snprintf(line, len, "%s, checking %u with TCP SYNs to port %u:",
				host, p->lo, p->port);
	case STAGE_UDP:
		return snprintf(line, len, "%s, UDP datagram %u: path MTU %u to %u, %s",
				host, p->round, p->lo, p->hi - 1, doing);
	case STAGE_TTL:
		return snprintf(line, len, "%s, checking %u with TTL-limited %s probes:",
				host, p->lo, method_name(p->method));
	case STAGE_SEARCH:
		break;
	}
	return snprintf(line, len, "%s, %s round %u: path MTU %u to %u, %s",
			host, method_name(p->method), p->round, p->lo,
			p->hi - 1, doing);
}

void status_progress(void *arg, const struct run_progress *p)
{
	struct status *s = arg;
	char line[STATUS_MAX];
	size_t len, max;
	int n;

	n = describe(line, sizeof(line), s->host, p);
	for (size_t i = 0; i < p->n && n > 0 && (size_t)n < sizeof(line); i++)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " %u",
			      p->sizes[i]);
	len = n < 0 ? 0 : strlen(line);
	/* one screen line, or the carriage return cannot take it back */
	max = s->cols - 1 < sizeof(line) - 1 ? s->cols - 1 : sizeof(line) - 1;
	if (len > max) {
		len = max;
		if (max >= 3)
			memcpy(line + max - 3, "...", 3);
	}
	fprintf(stderr, "\r\033[K%.*s", (int)len, line);
	fflush(stderr);
	s->shown = true;
}

void status_clear(struct status *s)
{
	if (!s->shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	s->shown = false;
}
