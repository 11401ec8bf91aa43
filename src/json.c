#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json.h"

void json_init(struct json *j, struct strbuf *sb)
{
	memset(j, 0, sizeof(*j));
	j->sb = sb;
}

/* Writes the comma that separates this value from the previous one. */
static void json_sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth > 0 && j->need_comma[j->depth - 1])
		strbuf_addch(j->sb, ',');
	if (j->depth > 0)
		j->need_comma[j->depth - 1] = 1;
}

static void json_open(struct json *j, char c)
{
	json_sep(j);
	strbuf_addch(j->sb, c);
	if (j->depth >= JSON_MAX_DEPTH)
		BUG("JSON nested deeper than %d", JSON_MAX_DEPTH);
	j->need_comma[j->depth++] = 0;
}

static void json_close(struct json *j, char c)
{
	if (j->depth <= 0)
		BUG("JSON close without open");
	j->depth--;
	strbuf_addch(j->sb, c);
}

void json_object_begin(struct json *j) { json_open(j, '{'); }
void json_object_end(struct json *j) { json_close(j, '}'); }
void json_array_begin(struct json *j) { json_open(j, '['); }
void json_array_end(struct json *j) { json_close(j, ']'); }

size_t utf8_valid_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len, i;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void json_quote(struct strbuf *sb, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	strbuf_addch(sb, '"');
	while (i < len) {
		unsigned char c = s[i];
		size_t run = i;

		/* Copy runs of plain ASCII at once; output can be megabytes. */
		while (run < len && s[run] >= 0x20 && s[run] < 0x80 &&
		       s[run] != '"' && s[run] != '\\')
			run++;
		if (run > i) {
			strbuf_add(sb, s + i, run - i);
			i = run;
			continue;
		}
		if (c == '"' || c == '\\') {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, c);
			i++;
		} else if (c < 0x20) {
			switch (c) {
			case '\n': strbuf_addstr(sb, "\\n"); break;
			case '\t': strbuf_addstr(sb, "\\t"); break;
			case '\r': strbuf_addstr(sb, "\\r"); break;
			default: strbuf_addf(sb, "\\u%04x", c); break;
			}
			i++;
		} else {
			size_t n = utf8_valid_len(s + i, len - i);
			if (n) {
				strbuf_add(sb, s + i, n);
				i += n;
			} else {
				strbuf_addstr(sb, "\\ufffd");
				i++;
			}
		}
	}
	strbuf_addch(sb, '"');
}

void json_key(struct json *j, const char *key)
{
	json_sep(j);
	json_quote(j->sb, key, strlen(key));
	strbuf_addch(j->sb, ':');
	j->after_key = 1;
}

void json_string(struct json *j, const char *s)
{
	if (!s) {
		json_null(j);
		return;
	}
	json_string_n(j, s, strlen(s));
}

void json_string_n(struct json *j, const char *s, size_t len)
{
	json_sep(j);
	json_quote(j->sb, s, len);
}

void json_int(struct json *j, long long v)
{
	json_sep(j);
	strbuf_addf(j->sb, "%lld", v);
}

void json_uint(struct json *j, unsigned long long v)
{
	json_sep(j);
	strbuf_addf(j->sb, "%llu", v);
}

void json_double(struct json *j, double v)
{
	char buf[64];
	size_t n;

	json_sep(j);
	if (!isfinite(v)) {
		strbuf_addstr(j->sb, "null");
		return;
	}
	snprintf(buf, sizeof(buf), "%.6f", v);
	/* Trim trailing zeros: 0.003000 reads better as 0.003. */
	n = strlen(buf);
	while (n > 1 && buf[n - 1] == '0' && buf[n - 2] != '.')
		buf[--n] = '\0';
	strbuf_addstr(j->sb, buf);
}

void json_bool(struct json *j, int v)
{
	json_sep(j);
	strbuf_addstr(j->sb, v ? "true" : "false");
}

void json_null(struct json *j)
{
	json_sep(j);
	strbuf_addstr(j->sb, "null");
}
