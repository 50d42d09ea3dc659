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

int hosts_parse(const char *buf, size_t len, struct hosts *h, char *err,
		size_t errlen)
{
	size_t cap = 0, i = 0, start, end, word;
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
		for (size_t k = start; k < end; k++) {
			unsigned char c = (unsigned char)h->text[k];

			if (c == '#') {
				end = k;
				break;
			}
			if ((c < ' ' && !blank((char)c)) || c == 0x7f) {
				snprintf(err, errlen, "line %u: byte 0x%02x is not text",
					 line, c);
				ret = -EINVAL;
				break;
			}
		}
		if (ret)
			break;
		while (start < end && blank(h->text[start]))
			start++;
		while (end > start && blank(h->text[end - 1]))
			end--;
		if (start == end)
			continue;
		for (word = start; word < end && !blank(h->text[word]); word++)
			;
		if (word != end) {
			snprintf(err, errlen, "line %u: one host per line", line);
			ret = -EINVAL;
		} else if (end - start > HOST_NAME_MAX_LEN) {
			snprintf(err, errlen, "line %u: a host name of %zu characters (at most %d)",
				 line, end - start, HOST_NAME_MAX_LEN);
			ret = -EINVAL;
		} else if (h->n == HOSTS_MAX) {
			snprintf(err, errlen, "line %u: more than %d hosts",
				 line, HOSTS_MAX);
			ret = -E2BIG;
		} else {
			if (h->n == cap) {
				size_t ncap = cap ? 2 * cap : 64;
				char **nn = realloc(h->name, ncap * sizeof(*nn));
				unsigned int *nl = nn ? realloc(h->line,
						ncap * sizeof(*nl)) : NULL;

				if (nn)
					h->name = nn;
				if (!nl) {
					ret = -ENOMEM;
					break;
				}
				h->line = nl;
				cap = ncap;
			}
			h->text[end] = '\0';
			h->name[h->n] = h->text + start;
			h->line[h->n++] = line;
		}
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
