/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef MTUPROBE_JSON_H
#define MTUPROBE_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/*
 * A JSON writer onto a stdio stream, compact (no spaces, no newlines).
 * It puts the commas between members and elements itself, so that a
 * caller only says what comes next; and its strings are valid UTF-8
 * whatever bytes they were given (RFC 8259 §8.1).
 */

enum { JSON_MAX_DEPTH = 32 };

struct json {
	FILE *f;
	unsigned int depth;	/* containers open */
	uint32_t object;	/* bit d: the container at depth d + 1 is an
				 * object, not an array */
	uint32_t filled;	/* bit d: ...and has a member or element */
	bool after_key;		/* a key was written: its value is next */
	int err;		/* the first misuse, a negative errno */
};

void json_init(struct json *j, FILE *f);
/* 0 when every container opened was closed and the writer was used as
 * JSON allows; else -EINVAL (a key outside an object, a value where a
 * key belongs, a close that does not match) or -EOVERFLOW (nested deeper
 * than JSON_MAX_DEPTH). From the first misuse on, nothing more is
 * written: the stream holds the start of a valid text, never an invalid
 * one. */
int json_finish(const struct json *j);

void json_object_open(struct json *j);
void json_object_close(struct json *j);
void json_array_open(struct json *j);
void json_array_close(struct json *j);
/* A member's name: the value written next is its value. */
void json_key(struct json *j, const char *key);

/* A string, or null when s is NULL. Control characters and DEL are
 * written as \u00XX; bytes that are not UTF-8 (a lone 0xE9, 0xFF, an
 * overlong form, a surrogate, a sequence cut short) as \ufffd, one for
 * each maximal ill-formed part (Unicode §3.9, U+FFFD substitution). */
void json_string(struct json *j, const char *s);
void json_uint(struct json *j, unsigned long v);
void json_int(struct json *j, long v);
/* With decimals digits after the point, as printf's %.*f; null for a
 * NaN or an infinity, which JSON has no number for. */
void json_fixed(struct json *j, double v, int decimals);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);

/* A key and its value, in one call. */
void json_key_string(struct json *j, const char *key, const char *s);
void json_key_uint(struct json *j, const char *key, unsigned long v);
/* v, or null when null is true: a count that does not apply. */
void json_key_uint_or_null(struct json *j, const char *key, unsigned long v,
			   bool null);
void json_key_fixed(struct json *j, const char *key, double v, int decimals);
void json_key_bool(struct json *j, const char *key, bool v);

#endif
