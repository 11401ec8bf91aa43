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
