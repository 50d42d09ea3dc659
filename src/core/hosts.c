// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosts.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Makes room for one more host. Returns 0 or -ENOMEM. */
static int grow(struct hosts *h, size_t *cap)
{
	size_t ncap = *cap ? 2 * *cap : 64;
	char **nn;
	unsigned int *nl;

	if (h->n < *cap)
		return 0;
	nn = realloc(h->name, ncap * sizeof(*nn));
	if (!nn)
		return -ENOMEM;
	h->name = nn;
	nl = realloc(h->line, ncap * sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	h->line = nl;
	*cap = ncap;
	return 0;
}

/* The text of the line [*start, *end): cut at a comment, trimmed of
 * blanks. Returns 0, or -EINVAL for a byte that is not text. */
static int trim(const char *text, size_t *start, size_t *end,
		unsigned int line, char *err, size_t errlen)
{
	for (size_t k = *start; k < *end; k++) {
		unsigned char c = (unsigned char)text[k];

		if (c == '#') {
			*end = k;
			break;
		}
		if ((c < ' ' && !blank((char)c)) || c == 0x7f) {
			snprintf(err, errlen, "line %u: byte 0x%02x is not text",
				 line, c);
			return -EINVAL;
		}
	}
	while (*start < *end && blank(text[*start]))
		(*start)++;
	while (*end > *start && blank(text[*end - 1]))
		(*end)--;
	return 0;
}

/* Takes the host of a line's trimmed text [start, end), if any. */
static int take(struct hosts *h, size_t *cap, size_t start, size_t end,
		unsigned int line, char *err, size_t errlen)
{
	size_t word;

	if (start == end)
		return 0;
	for (word = start; word < end && !blank(h->text[word]); word++)
		;
	if (word != end) {
		snprintf(err, errlen, "line %u: one host per line", line);
		return -EINVAL;
	}
	if (end - start > HOST_NAME_MAX_LEN) {
		snprintf(err, errlen, "line %u: a host name of %zu characters (at most %d)",
			 line, end - start, HOST_NAME_MAX_LEN);
		return -EINVAL;
	}
	if (h->n == HOSTS_MAX) {
		snprintf(err, errlen, "line %u: more than %d hosts", line,
			 HOSTS_MAX);
		return -E2BIG;
	}
	if (grow(h, cap))
		return -ENOMEM;
	h->text[end] = '\0';
	h->name[h->n] = h->text + start;
	h->line[h->n++] = line;
	return 0;
}

int hosts_parse(const char *buf, size_t len, struct hosts *h, char *err,
		size_t errlen)
{
	size_t cap = 0, i = 0, start, end;
	unsigned int line = 0;
	int ret = 0;

	memset(h, 0, sizeof(*h));
	h->text = malloc(len + 1);
	if (!h->text)
		return -ENOMEM;
	memcpy(h->text, buf, len);
	h->text[len] = '\0';
	while (i < len && !ret) {
		line++;
		start = i;
		while (i < len && h->text[i] != '\n')
			i++;
		end = i++;
		ret = trim(h->text, &start, &end, line, err, errlen);
		if (!ret)
			ret = take(h, &cap, start, end, line, err, errlen);
	}
	if (!ret && !h->n) {
		snprintf(err, errlen, "no host in it");
		ret = -ENODATA;
	}
	if (ret)
		hosts_free(h);
	return ret;
}

void hosts_free(struct hosts *h)
{
	free(h->text);
	free(h->name);
	free(h->line);
	memset(h, 0, sizeof(*h));
}
