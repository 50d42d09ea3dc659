// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <math.h>

#include "json.h"

void json_init(struct json *j, FILE *f)
{
	*j = (struct json){ .f = f };
}

int json_finish(const struct json *j)
{
	if (j->err)
		return j->err;
	return j->depth || j->after_key ? -EINVAL : 0;
}

static uint32_t level_bit(const struct json *j)
{
	return (uint32_t)1 << (j->depth - 1);
}

static bool in_object(const struct json *j)
{
	return j->depth && (j->object & level_bit(j));
}

static bool refuse(struct json *j, int err)
{
	if (!j->err)
		j->err = err;
	return false;
}

/* The separator before a member or an element: a comma after the first. */
static void separate(struct json *j)
{
	if (!j->depth)
		return;
	if (j->filled & level_bit(j))
		fputc(',', j->f);
	j->filled |= level_bit(j);
}

/* Whether a value may come now; writes the comma it needs. In an object
 * a value comes only after its key. */
static bool value_begin(struct json *j)
{
	if (j->err)
		return false;
	if (j->after_key) {
		j->after_key = false;
		return true;
	}
	if (in_object(j))
		return refuse(j, -EINVAL);
	separate(j);
	return true;
}

/*
 * The length of the well-formed UTF-8 sequence at s, by Unicode's
 * table 3-7 of well-formed byte sequences; or, negated, the length of its
 * maximal ill-formed part (at least the first byte). The narrowed second
 * byte after E0 and F0 refuses overlong forms, after ED the surrogates,
 * after F4 what lies above U+10FFFF. A NUL ends a sequence cut short.
 */
static int utf8_sequence(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;
	int n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return -1;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	for (int i = 1; i < n; i++) {
		if (s[i] < lo || s[i] > hi)
			return -i;
		lo = 0x80;
		hi = 0xbf;
	}
	return n;
}

static void put_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	while (*p) {
		int n = utf8_sequence(p);

		if (n < 0) {
			fputs("\\ufffd", f);
			p += -n;
			continue;
		}
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fwrite(p, 1, (size_t)n, f);
		p += n;
	}
	fputc('"', f);
}

static void open_container(struct json *j, bool object, char c)
{
	if (!value_begin(j))
		return;
	if (j->depth >= JSON_MAX_DEPTH) {
		refuse(j, -EOVERFLOW);
		return;
	}
	j->depth++;
	j->filled &= ~level_bit(j);
	if (object)
		j->object |= level_bit(j);
	else
		j->object &= ~level_bit(j);
	fputc(c, j->f);
}

static void close_container(struct json *j, bool object, char c)
{
	if (j->err)
		return;
	if (!j->depth || j->after_key || in_object(j) != object) {
		refuse(j, -EINVAL);
		return;
	}
	j->depth--;
	fputc(c, j->f);
}

void json_object_open(struct json *j)
{
	open_container(j, true, '{');
}

void json_object_close(struct json *j)
{
	close_container(j, true, '}');
}

void json_array_open(struct json *j)
{
	open_container(j, false, '[');
}

void json_array_close(struct json *j)
{
	close_container(j, false, ']');
}

void json_key(struct json *j, const char *key)
{
	if (j->err)
		return;
	if (!in_object(j) || j->after_key) {
		refuse(j, -EINVAL);
		return;
	}
	separate(j);
	put_string(j->f, key);
	fputc(':', j->f);
	j->after_key = true;
}

void json_null(struct json *j)
{
	if (value_begin(j))
		fputs("null", j->f);
}

void json_string(struct json *j, const char *s)
{
	if (!s)
		json_null(j);
	else if (value_begin(j))
		put_string(j->f, s);
}

void json_uint(struct json *j, unsigned long v)
{
	if (value_begin(j))
		fprintf(j->f, "%lu", v);
}

void json_int(struct json *j, long v)
{
	if (value_begin(j))
		fprintf(j->f, "%ld", v);
}

void json_fixed(struct json *j, double v, int decimals)
{
	if (!isfinite(v))
		json_null(j);
	else if (value_begin(j))
		fprintf(j->f, "%.*f", decimals, v);
}

void json_bool(struct json *j, bool v)
{
	if (value_begin(j))
		fputs(v ? "true" : "false", j->f);
}

void json_key_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_key_uint(struct json *j, const char *key, unsigned long v)
{
	json_key(j, key);
	json_uint(j, v);
}

void json_key_uint_or_null(struct json *j, const char *key, unsigned long v,
			   bool null)
{
	json_key(j, key);
	if (null)
		json_null(j);
	else
		json_uint(j, v);
}

void json_key_fixed(struct json *j, const char *key, double v, int decimals)
{
	json_key(j, key);
	json_fixed(j, v, decimals);
}

void json_key_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}
