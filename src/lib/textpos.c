#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cursor.h"
#include "textpos.h"

void textpos_init(struct textpos *tp, const char *start)
{
	tp->start = tp->at = tp->bol = start;
	tp->line = 1;
}

void textpos_of(struct textpos *tp, const char *at, int *line, int *col)
{
	const char *nl;

	if (at < tp->at)
		textpos_init(tp, tp->start);
	while ((nl = memchr(tp->at, '\n', (size_t)(at - tp->at)))) {
		if (tp->line < INT_MAX)
			tp->line++;
		tp->at = tp->bol = nl + 1;
	}
	tp->at = at;
	*line = tp->line;
	*col = text_columns(tp->bol, (size_t)(at - tp->bol)) + 1;
}

int text_columns(const char *s, size_t n)
{
	size_t i = 0, cols = 0;

	/* A character is a UTF-8 sequence; a byte of invalid text is one too. */
	while (i < n) {
		size_t k = utf8_valid_len((const unsigned char *)s + i, n - i);

		i += k ? k : 1;
		cols++;
	}
	return cols < INT_MAX ? (int)cols : INT_MAX;
}

void textpos_verror(struct textpos *tp, struct strbuf *err, const char *filename,
		    const char *at, const char *fmt, va_list ap)
{
	int line, col;

	textpos_of(tp, at, &line, &col);
	strbuf_reset(err);
	strbuf_addf(err, "%s:%d:%d: ", filename, line, col);
	strbuf_vaddf(err, fmt, ap);
}

const char *text_describe(const char *s, const char *end, char *buf, size_t size)
{
	unsigned char c;
	size_t n;

	if (s >= end)
		return "end of file";
	c = (unsigned char)*s;
	if (c == '\n' || (c == '\r' && s + 1 < end && s[1] == '\n'))
		return "end of line";
	if (c == '\'')
		return "\"'\"";
	if (c == '\t')
		return "a tab";
	if (c < 0x20 || c == 0x7f) {
		snprintf(buf, size, "control character U+%04X", c);
		return buf;
	}
	if (c < 0x80) {
		snprintf(buf, size, "'%c'", c);
		return buf;
	}
	n = utf8_valid_len((const unsigned char *)s, (size_t)(end - s));
	if (n)
		snprintf(buf, size, "'%.*s'", (int)n, s);
	else
		snprintf(buf, size, "byte 0x%02x (invalid UTF-8)", c);
	return buf;
}

int text_word_ieq(const char *s, const char *e, const char *w)
{
	for (; s < e && *w; s++, w++)
		if ((*s | 0x20) != *w)
			return 0;
	return s == e && !*w;
}
