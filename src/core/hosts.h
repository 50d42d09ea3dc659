/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_HOSTS_H
#define MTUPROBE_HOSTS_H

#include <stddef.h>

/*
 * The destinations of -f FILE: one host (a name or an address) per line;
 * blanks around it, empty lines and comments from '#' to the end of the
 * line do not count.
 */

enum {
	HOSTS_MAX = 10000,
	HOST_NAME_MAX_LEN = 253,	/* a DNS name; addresses are shorter */
};

struct hosts {
	char *text;		/* a copy of the file, cut into the names */
	char **name;
	unsigned int *line;	/* 1-based, of each */
	size_t n;
};

/* Reads len bytes of buf. Returns 0 with h filled (hosts_free() frees it),
 * -EINVAL with "line N: reason" in err for a line with two words, a name
 * too long, or a byte that is not printable text, -E2BIG past HOSTS_MAX
 * hosts, -ENODATA when there is none, or -ENOMEM. */
int hosts_parse(const char *buf, size_t len, struct hosts *h, char *err,
		size_t errlen);
void hosts_free(struct hosts *h);

#endif
