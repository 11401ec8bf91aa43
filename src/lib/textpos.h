/*
 * textpos.h: where a place in a text is, as a 1-based line and a column in
 * characters (as an editor counts them: a UTF-8 sequence is one), for the errors of the parsers that read whole texts from memory
 * (toml.c, json.c). Places are mostly asked for in increasing order, so
 * counting lines on from the last answer keeps a parse linear; asking
 * backwards rescans from the start.
 *
 *     struct textpos pos;
 *     textpos_init(&pos, src);
 *     textpos_of(&pos, at, &line, &col);
 */
#ifndef TARE_TEXTPOS_H
#define TARE_TEXTPOS_H

#include <stdarg.h>

#include "strbuf.h"

struct textpos {
	const char *start;	/* the text */
	const char *at, *bol;	/* the last place asked for, and where its line begins */
	int line;		/* its line */
};

void textpos_init(struct textpos *tp, const char *start);

/* The line and column of at (saturating at INT_MAX). */
void textpos_of(struct textpos *tp, const char *at, int *line, int *col);

/* How many columns the n bytes at s take: their characters (saturating at INT_MAX). */
int text_columns(const char *s, size_t n);

/* Replaces err with "FILENAME:LINE:COL: message" for the place at. */
void textpos_verror(struct textpos *tp, struct strbuf *err, const char *filename,
		    const char *at, const char *fmt, va_list ap);

/*
 * Names what is at s (before end) for "expected X, found Y" messages:
 * "end of file", "end of line", "a tab", "control character U+0001",
 * "'x'", "'é'" or "byte 0xff (invalid UTF-8)"; never raw control bytes or
 * invalid text. buf (32 bytes do) holds what needs formatting.
 */
const char *text_describe(const char *s, const char *end, char *buf, size_t size);

/* Whether [s, e) is the lowercase word w, ignoring ASCII case. */
int text_word_ieq(const char *s, const char *e, const char *w);

#endif
