// SPDX-License-Identifier: GPL-2.0-or-later
/* A unified diff of two texts that differ in one stretch, as a change of
 * a configuration file does. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "udiff.h"

struct line {
	const char *p;
	size_t len;		/* with its '\n', if any */
};

/* Splits text into lines; *out is malloc'ed (NULL for an empty text). */
static int split(const char *text, size_t len, struct line **out, size_t *n)
{
	size_t count = 0, off, i = 0;
	struct line *l;

	for (off = 0; off < len; count++) {
		const char *nl = memchr(text + off, '\n', len - off);

		off = nl ? (size_t)(nl - text) + 1 : len;
	}
	*out = NULL;
	*n = count;
	if (!count)
		return 0;
	l = calloc(count, sizeof(*l));
	if (!l)
		return -ENOMEM;
	for (off = 0; off < len; i++) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t end = nl ? (size_t)(nl - text) + 1 : len;

		l[i] = (struct line){ text + off, end - off };
		off = end;
	}
	*out = l;
	return 0;
}

static bool same(const struct line *x, const struct line *y)
{
	return x->len == y->len && !memcmp(x->p, y->p, x->len);
}

/* "-3,2" style: the first line and the count; an empty range names the
 * line before it, a range of one line is the line alone. */
static void range(FILE *f, char mark, size_t start, size_t count)
{
	if (count == 1)
		fprintf(f, "%c%zu", mark, start + 1);
	else
		fprintf(f, "%c%zu,%zu", mark, count ? start + 1 : start, count);
}

static void emit(FILE *f, char mark, const struct line *l, udiff_put_fn *put)
{
	fputc(mark, f);
	if (put)
		put(f, l->p, l->len);
	else
		fwrite(l->p, 1, l->len, f);
	if (!l->len || l->p[l->len - 1] != '\n')
		fputs("\n\\ No newline at end of file\n", f);
}

int udiff(FILE *f, const char *aname, const char *bname, const char *a,
	  size_t alen, const char *b, size_t blen, unsigned int ctx,
	  udiff_put_fn *put)
{
	struct line *la, *lb;
	size_t na, nb, pre = 0, suf = 0, start, aend, bend, i;
	int ret;

	ret = split(a, alen, &la, &na);
	if (ret)
		return ret;
	ret = split(b, blen, &lb, &nb);
	if (ret) {
		free(la);
		return ret;
	}
	while (pre < na && pre < nb && same(&la[pre], &lb[pre]))
		pre++;
	while (suf < na - pre && suf < nb - pre &&
	       same(&la[na - 1 - suf], &lb[nb - 1 - suf]))
		suf++;
	if (pre == na && pre == nb)
		goto out;

	start = pre > ctx ? pre - ctx : 0;
	aend = na - suf + (suf < ctx ? suf : ctx);
	bend = nb - suf + (suf < ctx ? suf : ctx);
	fprintf(f, "--- %s\n+++ %s\n@@ ", aname, bname);
	range(f, '-', start, aend - start);
	fputc(' ', f);
	range(f, '+', start, bend - start);
	fputs(" @@\n", f);
	for (i = start; i < pre; i++)
		emit(f, ' ', &la[i], put);
	for (i = pre; i < na - suf; i++)
		emit(f, '-', &la[i], put);
	for (i = pre; i < nb - suf; i++)
		emit(f, '+', &lb[i], put);
	for (i = na - suf; i < aend; i++)
		emit(f, ' ', &la[i], put);
out:
	free(la);
	free(lb);
	return 0;
}
