/*
 * cursor.h: the primitives every parser of tare reads text with, in the
 * style of curl's strparse: a cursor `const char **cur` into text that
 * ends at `end` (the text need not be NUL-terminated, and nothing at or
 * past `end` is ever read), and a return value.
 *
 *     const char *s = line, *end = line + len, *name;
 *     uint64_t n;
 *     size_t len;
 *
 *     if (cursor_lit(&s, end, "errors ") || cursor_u64(&s, end, UINT32_MAX, &n) ||
 *         s != end)
 *         return error("malformed line");
 *
 * The contract, for every function that returns an int:
 *  - 0 on success, with *cur advanced past what was read and the result in
 *    the out parameters;
 *  - on failure one of enum cursor_error, *cur as it was and the out
 *    parameters untouched: a caller can try another reading at the same
 *    place, and point its error message at it;
 *  - numbers are never wrapped: a value past the maximum is
 *    CURSOR_OVERFLOW, not a smaller number.
 * The skip functions always succeed and return nothing.
 *
 * The small ones are static inline: cg_read.c reads profiles of
 * gigabytes through them.
 */
#ifndef TARE_CURSOR_H
#define TARE_CURSOR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum cursor_error {
	CURSOR_NONE = 1,	/* nothing of the kind at *cur: no digit, another character */
	CURSOR_OVERFLOW,	/* a number past the maximum (or the minimum) */
	CURSOR_TOO_LONG,	/* more digits than the caller allows */
};

/* ---- characters ---- */

/* Space or tab: what separates words on a line of a protocol or a header. */
static inline int cursor_is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* C's isspace() but for the newline, which ends a line instead: Perl's \s within a line. */
static inline int cursor_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/* 0 to 9, whatever the locale. */
static inline int cursor_is_digit(int c)
{
	return (unsigned)(c - '0') <= 9;
}

/* The value of hex digit c (either case), or -1. */
static inline int cursor_hex_value(int c)
{
	unsigned d = (unsigned)(c - '0'), l = (unsigned)((c | 0x20) - 'a');

	return d <= 9 ? (int)d : l <= 5 ? (int)l + 10 : -1;
}

/* ---- skipping ---- */

/* Past spaces and tabs. */
static inline void cursor_skip_blanks(const char **cur, const char *end)
{
	const char *s = *cur;

	while (s < end && cursor_is_blank(*s))
		s++;
	*cur = s;
}

/* Past cursor_is_space() characters: blanks, \v, \f and \r, never a newline. */
static inline void cursor_skip_space(const char **cur, const char *end)
{
	const char *s = *cur;

	while (s < end && cursor_is_space(*s))
		s++;
	*cur = s;
}

/* Past JSON's whitespace: spaces, tabs, newlines and carriage returns. */
static inline void cursor_skip_ws(const char **cur, const char *end)
{
	const char *s = *cur;

	while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++;
	*cur = s;
}

/* ---- words and literals ---- */

/* The character c. CURSOR_NONE at the end or at another character. */
static inline int cursor_char(const char **cur, const char *end, char c)
{
	if (*cur >= end || **cur != c)
		return CURSOR_NONE;
	(*cur)++;
	return 0;
}

/* The bytes of lit (a C string, "" matches anywhere). CURSOR_NONE if the text differs. */
static inline int cursor_lit(const char **cur, const char *end, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(end - *cur) < n || memcmp(*cur, lit, n))
		return CURSOR_NONE;
	*cur += n;
	return 0;
}

/*
 * A word: the run of characters up to the next cursor_is_space() one or
 * newline, without skipping any before it. *word and *len say where it
 * is. CURSOR_NONE when the run is empty.
 */
static inline int cursor_word(const char **cur, const char *end, const char **word,
			      size_t *len)
{
	const char *s = *cur;

	while (s < end && !cursor_is_space(*s) && *s != '\n')
		s++;
	if (s == *cur)
		return CURSOR_NONE;
	*word = *cur;
	*len = (size_t)(s - *cur);
	*cur = s;
	return 0;
}

/* ---- numbers ---- */

/*
 * Decimal digits, no sign, as a number from 0 to max. Leading zeros are
 * read and do not count towards overflow. CURSOR_NONE without a digit,
 * CURSOR_OVERFLOW past max (all the digits are looked at: "99999" with
 * max 999 is an overflow, not 999 and a rest).
 */
static inline int cursor_u64(const char **cur, const char *end, uint64_t max, uint64_t *out)
{
	const char *s = *cur;
	uint64_t v = 0;
	unsigned d;
	size_t n = 0;

	if (s >= end || !cursor_is_digit(*s))
		return CURSOR_NONE;
	/* 19 digits always fit in 64 bits: only those after them need the check (a hot loop). */
	for (; s < end && (d = (unsigned)(*s - '0')) <= 9; s++, n++) {
		if (n >= 19 && v > (UINT64_MAX - d) / 10)
			return CURSOR_OVERFLOW;
		v = v * 10 + d;
	}
	if (v > max)
		return CURSOR_OVERFLOW;
	*out = v;
	*cur = s;
	return 0;
}

/*
 * An optional '-' and decimal digits, as a number from min to max
 * (min <= max). CURSOR_NONE without a digit (a lone '-' too),
 * CURSOR_OVERFLOW outside [min, max].
 */
static inline int cursor_i64(const char **cur, const char *end, int64_t min, int64_t max,
			     int64_t *out)
{
	const char *s = *cur;
	int neg = s < end && *s == '-';
	uint64_t mag, limit;
	int rc;

	s += neg;
	limit = neg ? (min < 0 ? 0 - (uint64_t)min : 0) : (max < 0 ? 0 : (uint64_t)max);
	rc = cursor_u64(&s, end, UINT64_MAX, &mag);
	if (rc)
		return rc;
	if (mag > limit)
		return CURSOR_OVERFLOW;
	if (neg) {
		int64_t v = mag ? (int64_t)(0 - mag) : 0;

		if (v < min || v > max)
			return CURSOR_OVERFLOW;
		*out = v;
	} else {
		if ((int64_t)mag < min || (int64_t)mag > max)
			return CURSOR_OVERFLOW;
		*out = (int64_t)mag;
	}
	*cur = s;
	return 0;
}

/* Private: up to max_digits hex digits; with whole, a longer run is CURSOR_TOO_LONG. */
static inline int cursor__hex(const char **cur, const char *end, size_t max_digits, int whole,
			      uint64_t *out)
{
	const char *s = *cur;
	uint64_t v = 0;
	int h;

	for (; s < end && (h = cursor_hex_value(*s)) >= 0; s++) {
		if ((size_t)(s - *cur) >= max_digits) {
			if (whole)
				return CURSOR_TOO_LONG;
			break;
		}
		v = v << 4 | (unsigned)h;
	}
	if (s == *cur)
		return CURSOR_NONE;
	*out = v;
	*cur = s;
	return 0;
}

/*
 * The run of hex digits (either case, no 0x) at *cur, of 1 to max_digits
 * (at most 16) digits. CURSOR_NONE without a digit, CURSOR_TOO_LONG when
 * the run is longer.
 */
static inline int cursor_hex(const char **cur, const char *end, size_t max_digits,
			     uint64_t *out)
{
	return cursor__hex(cur, end, max_digits, 1, out);
}

/*
 * Up to max_digits (at most 16) hex digits, leaving any after them: an
 * escape's \uXXXX. *cur - (where it was) says how many were read, for an
 * error about too few. CURSOR_NONE without a digit.
 */
static inline int cursor_hex_upto(const char **cur, const char *end, size_t max_digits,
				  uint64_t *out)
{
	return cursor__hex(cur, end, max_digits, 0, out);
}

/*
 * A floating-point number as strtod() reads it in the C locale (a sign,
 * digits, a fraction, an exponent; also inf, nan and hex floats, as the
 * options always took), at most 63 bytes of it. CURSOR_NONE when there is
 * none, CURSOR_OVERFLOW when it is out of double's range (ERANGE).
 */
int cursor_double(const char **cur, const char *end, double *out);

/*
 * A percentage as the options write it: a cursor_double() and an
 * optional '%' after it, in *out as written ("5%" and "5" are 5).
 * Errors as cursor_double().
 */
int cursor_percent(const char **cur, const char *end, double *out);

/* ---- UTF-8 ---- */

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes, n >= 1), or 0
 * if the bytes there are not valid UTF-8: no overlong forms, surrogates
 * or code points past U+10FFFF. Shared by every reader that checks text
 * and every writer that must emit valid text (JSON, XML).
 */
size_t utf8_valid_len(const unsigned char *s, size_t n);

/* The first byte of an invalid UTF-8 sequence in [s, end), or NULL. */
const char *utf8_find_invalid(const char *s, const char *end);

/*
 * Writes code point cp (a Unicode scalar value: at most U+10FFFF, not a
 * surrogate) as UTF-8 into out; returns its length, 1 to 4.
 */
size_t utf8_encode(char out[4], uint32_t cp);

#endif
