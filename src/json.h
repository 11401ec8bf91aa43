/*
 * json.h: a small JSON writer into a strbuf. Commas are placed for you:
 *
 *     struct json j;
 *     json_init(&j, &sb);
 *     json_object_begin(&j);
 *     json_key(&j, "name"); json_string(&j, "ring push");
 *     json_key(&j, "duration"); json_double(&j, 0.003);
 *     json_object_end(&j);
 *
 * Strings are written as valid UTF-8 whatever they hold: invalid bytes
 * become U+FFFD, control characters are escaped.
 */
#ifndef TARE_JSON_H
#define TARE_JSON_H

#include <stddef.h>

#include "strbuf.h"

#define JSON_MAX_DEPTH 32

struct json {
	struct strbuf *sb;
	int depth;
	unsigned char need_comma[JSON_MAX_DEPTH];
	unsigned after_key : 1;
};

void json_init(struct json *j, struct strbuf *sb);
void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s);
void json_string_n(struct json *j, const char *s, size_t len);
void json_int(struct json *j, long long v);
void json_uint(struct json *j, unsigned long long v);
/* Durations and ratios: finite values with up to 6 decimals; NaN as null. */
void json_double(struct json *j, double v);
void json_bool(struct json *j, int v);
void json_null(struct json *j);

/* Appends s as a quoted JSON string to sb (no comma logic). */
void json_quote(struct strbuf *sb, const char *s, size_t len);

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes), or 0 if the
 * bytes there are not valid UTF-8. Shared by every writer that must emit
 * valid text (JSON, XML).
 */
size_t utf8_valid_len(const unsigned char *s, size_t n);

#endif
