/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The golden files of the unit tests, under tests/unit/ of the source tree
 * ($srcdir, or the current directory). Include after cmocka.h. */
#ifndef MTUPROBE_TEST_GOLDEN_H
#define MTUPROBE_TEST_GOLDEN_H

#include <stdio.h>
#include <stdlib.h>

/* The whole of tests/unit/DIR/NAME in a buffer of exactly its length
 * (*len), so that AddressSanitizer sees a read past it; the test fails if
 * it cannot be read. */
static inline char *golden_load(const char *dir, const char *name,
				size_t *len)
{
	const char *srcdir = getenv("srcdir");
	char path[4096], *buf;
	long size;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/unit/%s/%s",
		 srcdir ? srcdir : ".", dir, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: cannot open (run from the top of the source tree, or set srcdir)",
			 path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size >= 0);
	rewind(f);
	/* one byte for an empty file, which malloc may refuse */
	buf = malloc(size ? (size_t)size : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*len = (size_t)size;
	return buf;
}

/* The same as a string. */
static inline char *golden_text(const char *dir, const char *name)
{
	size_t len;
	char *buf = golden_load(dir, name, &len);

	buf = realloc(buf, len + 1);
	assert_non_null(buf);
	buf[len] = '\0';
	return buf;
}

#endif
