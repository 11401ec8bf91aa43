/*
 * fuzz_text.h: what the fuzz targets of text parsers share: abort on a
 * broken promise, line starts to check reported positions against, and an
 * independent UTF-8 check. Static functions: each target includes it once.
 */
#ifndef TARE_FUZZ_TEXT_H
#define TARE_FUZZ_TEXT_H

#include <stdint.h>
#include <stdlib.h>

#include "vec.h"

struct source {
	const char *buf;
	size_t len;
	VEC(size_t) bol;	/* offset where each line begins */
};

static void check(int cond)
{
	if (!cond)
		abort();
}

static void source_init(struct source *src, const uint8_t *data, size_t size)
{
	size_t i;

	src->buf = (const char *)data;
	src->len = size;
	src->bol.v = NULL;
	src->bol.nr = src->bol.alloc = 0;
	vec_push(&src->bol, 0);
	for (i = 0; i < size; i++)
		if (data[i] == '\n')
			vec_push(&src->bol, i + 1);
}

/*
 * The bytes of the character at s (n left): a UTF-8 sequence, or 1 for a
 * byte of invalid text, as columns count them.
 */
static size_t char_bytes(const unsigned char *s, size_t n)
{
	size_t len = *s < 0x80 ? 1 : (*s & 0xe0) == 0xc0 ? 2 : (*s & 0xf0) == 0xe0 ? 3 :
		     (*s & 0xf8) == 0xf0 ? 4 : 0, i;
	uint32_t cp;

	if (len <= 1 || len > n)
		return 1;
	cp = *s & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 1;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 1;
	return len;
}

/*
 * The offset of line:col (col in characters) in the input; checks that it
 * is inside line `line` or at the end of the input.
 */
static size_t source_offset(const struct source *src, int line, int col)
{
	size_t at, end;
	int c;

	check(line >= 1 && (size_t)line <= src->bol.nr);
	check(col >= 1);
	at = src->bol.v[line - 1];
	end = (size_t)line < src->bol.nr ? src->bol.v[line] : src->len;
	for (c = 1; c < col; c++) {
		check(at < end);
		at += char_bytes((const unsigned char *)src->buf + at, src->len - at);
	}
	check(at <= src->len && ((size_t)line == src->bol.nr || at < end));
	return at;
}

static void source_release(struct source *src)
{
	vec_release(&src->bol);
}

/* Written apart from the parsers' own UTF-8 code, on purpose. */
static int utf8_valid(const unsigned char *s)
{
	while (*s) {
		size_t n, i;
		uint32_t cp;

		if (*s < 0x80) {
			s++;
			continue;
		}
		if ((*s & 0xe0) == 0xc0) {
			n = 2;
			cp = *s & 0x1f;
		} else if ((*s & 0xf0) == 0xe0) {
			n = 3;
			cp = *s & 0x0f;
		} else if ((*s & 0xf8) == 0xf0) {
			n = 4;
			cp = *s & 0x07;
		} else {
			return 0;
		}
		for (i = 1; i < n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
		    (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		s += n;
	}
	return 1;
}

#endif
