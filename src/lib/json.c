#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "arena.h"
#include "cursor.h"
#include "strbuf.h"
#include "textpos.h"
#include "util.h"
#include "vec.h"

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
	if (fabs(v) >= 1e15) {
		/* Fixed notation would run past the buffer; exponent form is exact JSON. */
		snprintf(buf, sizeof(buf), "%.17g", v);
		strbuf_addstr(j->sb, buf);
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

void json_write_value(struct json *j, const struct json_value *v)
{
	size_t k;

	switch (v->type) {
	case JSON_NULL:
		json_null(j);
		break;
	case JSON_BOOL:
		json_bool(j, v->b);
		break;
	case JSON_NUMBER:
		if (v->is_int)
			json_int(j, v->i);
		else
			json_double(j, v->num);
		break;
	case JSON_STRING:
		json_string_n(j, v->str, v->len);
		break;
	case JSON_ARRAY:
		json_array_begin(j);
		for (k = 0; k < v->nr; k++)
			json_write_value(j, v->items[k]);
		json_array_end(j);
		break;
	case JSON_OBJECT:
		json_object_begin(j);
		for (k = 0; k < v->nr; k++) {
			json_key(j, v->members[k].key);
			json_write_value(j, v->members[k].value);
		}
		json_object_end(j);
		break;
	}
}

/* ---- reading ---- */

/* Objects with more members than this keep their hash index for json_get(). */
#define OBJECT_INDEX_MIN 8

struct reader {
	const char *start, *end;
	const char *filename;
	struct strbuf *err;
	struct arena *arena;
	struct strbuf buf;	/* the string being decoded */
	int failed;
	struct textpos pos;	/* for errors: where a place is */
};

static int fail(struct reader *r, const char *at, const char *fmt, ...)
	TARE_PRINTF(3, 4);

static int fail(struct reader *r, const char *at, const char *fmt, ...)
{
	va_list ap;

	/* Only the first error means anything; later ones are fallout. */
	if (r->failed)
		return -1;
	r->failed = 1;
	if (!r->err)
		return -1;
	va_start(ap, fmt);
	textpos_verror(&r->pos, r->err, r->filename, at, fmt, ap);
	va_end(ap);
	return -1;
}

/* Callers keep a `char what[48]` for it. */
#define DESCRIBE(r, s) text_describe((s), (r)->end, what, sizeof(what))

/* Letters, digits and '_': what a bare word (true, NaN, an unquoted string) is made of. */
static int is_word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || cursor_is_digit(c) ||
	       c == '_';
}

static struct json_value *value_new(struct reader *r, enum json_type type,
				    const char *at)
{
	struct json_value *v = arena_alloc(r->arena, sizeof(*v));

	v->type = type;
	textpos_of(&r->pos, at, &v->line, &v->col);
	return v;
}

/* ---- strings ---- */

/* How many of the (up to) 4 characters at s are hex digits; their value in *val. */
static int hex4(const struct reader *r, const char *s, uint32_t *val)
{
	const char *t = s;
	uint64_t v = 0;

	cursor_hex_upto(&t, r->end, 4, &v);
	*val = (uint32_t)v;
	return (int)(t - s);
}

/* The escape at *cur (the backslash) of the string opened at open, onto r->buf. */
static int parse_escape(struct reader *r, const char **cur, const char *open)
{
	const char *s = *cur;
	size_t used = 2;
	uint32_t cp, lo;
	unsigned char c;
	char what[48];
	int n;

	if (r->end - s < 2)
		return fail(r, open, "unterminated string");
	c = s[1];
	switch (c) {
	case '"': strbuf_addch(&r->buf, '"'); break;
	case '\\': strbuf_addch(&r->buf, '\\'); break;
	case '/': strbuf_addch(&r->buf, '/'); break;
	case 'b': strbuf_addch(&r->buf, '\b'); break;
	case 'f': strbuf_addch(&r->buf, '\f'); break;
	case 'n': strbuf_addch(&r->buf, '\n'); break;
	case 'r': strbuf_addch(&r->buf, '\r'); break;
	case 't': strbuf_addch(&r->buf, '\t'); break;
	case 'u':
		n = hex4(r, s + 2, &cp);
		if (n < 4)
			return fail(r, s, "invalid escape '\\u%.*s' (expected 4 hexadecimal digits)",
				    n, s + 2);
		if (!cp)
			return fail(r, s, "invalid escape '\\u%.4s' (NUL characters are not supported)",
				    s + 2);
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return fail(r, s, "invalid escape '\\u%.4s' (low surrogate without a high surrogate before it)",
				    s + 2);
		used = 6;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (r->end - s < 12 || s[6] != '\\' || s[7] != 'u' ||
			    hex4(r, s + 8, &lo) < 4 || lo < 0xdc00 || lo > 0xdfff)
				return fail(r, s, "invalid escape '\\u%.4s' (high surrogate without a low surrogate after it)",
					    s + 2);
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			used = 12;
		}
		strbuf_add_utf8(&r->buf, cp);
		break;
	default:
		if (c > ' ' && c < 0x7f)
			return fail(r, s, "invalid escape '\\%c'", c);
		return fail(r, s, "invalid escape: '\\' followed by %s",
			    DESCRIBE(r, s + 1));
	}
	*cur = s + used;
	return 0;
}

/* The string at *cur (its opening quote), decoded into r->buf. */
static int parse_string_text(struct reader *r, const char **cur)
{
	const char *open = *cur, *s = open + 1;

	strbuf_reset(&r->buf);
	for (;;) {
		const char *run = s;
		unsigned char c;
		size_t n;

		/* Plain ASCII in bulk; the rest one character at a time. */
		while (s < r->end && (unsigned char)*s >= 0x20 &&
		       (unsigned char)*s < 0x80 && *s != '"' && *s != '\\')
			s++;
		strbuf_add(&r->buf, run, s - run);
		if (r->buf.len > JSON_MAX_STRING)
			return fail(r, open, "string is too long (more than %d bytes)",
				    JSON_MAX_STRING);
		if (s >= r->end)
			return fail(r, open, "unterminated string");
		c = *s;
		if (c == '"')
			break;
		if (c == '\\') {
			if (parse_escape(r, &s, open))
				return -1;
			continue;
		}
		if (c < 0x20)
			return fail(r, s, "control character U+%04X is not allowed in strings",
				    c);
		n = utf8_valid_len((const unsigned char *)s, r->end - s);
		if (!n)
			return fail(r, s, "invalid UTF-8 in string (byte 0x%02x)", c);
		strbuf_add(&r->buf, s, n);
		s += n;
	}
	*cur = s + 1;
	return 0;
}

static int parse_string(struct reader *r, const char **cur,
			struct json_value **out)
{
	const char *s = *cur;
	struct json_value *v;

	if (parse_string_text(r, &s))
		return -1;
	v = value_new(r, JSON_STRING, *cur);
	v->str = arena_strndup(r->arena, r->buf.buf, r->buf.len);
	v->len = r->buf.len;
	*out = v;
	*cur = s;
	return 0;
}

/* ---- numbers and words ---- */

static const char *skip_digits(const struct reader *r, const char *s)
{
	while (s < r->end && cursor_is_digit(*s))
		s++;
	return s;
}

static int parse_number(struct reader *r, const char **cur,
			struct json_value **out)
{
	const char *start = *cur, *s = start, *int_end;
	char text[JSON_MAX_NUMBER + 1], *text_end, what[48];
	int plain = 1;
	struct json_value *v;
	size_t n;
	double d;

	if (*s == '-')
		s++;
	if (s >= r->end || !cursor_is_digit(*s))
		return fail(r, s, "expected a digit after '-', found %s", DESCRIBE(r, s));
	if (*s == '0' && s + 1 < r->end && cursor_is_digit(s[1]))
		return fail(r, start, "leading zeros are not allowed in numbers");
	s = int_end = skip_digits(r, s);
	if (s < r->end && *s == '.') {
		s++;
		if (s >= r->end || !cursor_is_digit(*s))
			return fail(r, s, "expected a digit after '.', found %s",
				    DESCRIBE(r, s));
		s = skip_digits(r, s);
		plain = 0;
	}
	if (s < r->end && (*s == 'e' || *s == 'E')) {
		s++;
		if (s < r->end && (*s == '+' || *s == '-'))
			s++;
		if (s >= r->end || !cursor_is_digit(*s))
			return fail(r, s, "expected a digit in the exponent, found %s",
				    DESCRIBE(r, s));
		s = skip_digits(r, s);
		plain = 0;
	}
	if (s < r->end && (is_word_char(*s) || *s == '.'))
		return fail(r, s, "invalid character %s in number", DESCRIBE(r, s));
	n = s - start;
	if (n > JSON_MAX_NUMBER)
		return fail(r, start, "number is too long (more than %d characters)",
			    JSON_MAX_NUMBER);
	/* strtod() wants a NUL-terminated string; the input need not be one. */
	memcpy(text, start, n);
	text[n] = '\0';
	d = strtod(text, &text_end);
	/* JSON's grammar is a subset of strtod's, but for a locale's decimal point. */
	if (text_end != text + n)
		return fail(r, start, "cannot read number (is a locale set?)");
	if (!isfinite(d))
		return fail(r, start, "number is out of range");
	v = value_new(r, JSON_NUMBER, start);
	v->num = d;
	if (plain) {
		const char *t = start;

		v->is_int = !cursor_i64(&t, int_end, INT64_MIN, INT64_MAX, &v->i);
	}
	*out = v;
	*cur = s;
	return 0;
}

/* Whether w is at s, and a whole word there. */
static int is_word(const struct reader *r, const char *s, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(r->end - s) >= n && !memcmp(s, w, n) &&
	       (s + n >= r->end || !is_word_char(s[n]));
}

static int parse_word(struct reader *r, const char **cur,
		      struct json_value **out)
{
	const char *s = *cur, *w = s;
	struct json_value *v;
	const char *hint;

	if (is_word(r, s, "null")) {
		*out = value_new(r, JSON_NULL, s);
		*cur = s + 4;
		return 0;
	}
	if (is_word(r, s, "true") || is_word(r, s, "false")) {
		v = value_new(r, JSON_BOOL, s);
		v->b = *s == 't';
		*out = v;
		*cur = s + (v->b ? 4 : 5);
		return 0;
	}
	while (w < r->end && is_word_char(*w) && w - s < 40)
		w++;
	if (text_word_ieq(s, w, "true") || text_word_ieq(s, w, "false") || text_word_ieq(s, w, "null"))
		hint = "true, false and null are lowercase";
	else if (text_word_ieq(s, w, "nan") || text_word_ieq(s, w, "inf") ||
		 text_word_ieq(s, w, "infinity"))
		hint = "JSON has no NaN or Infinity";
	else
		hint = "strings must be quoted";
	return fail(r, s, "expected a value, found '%.*s%s' (%s)", (int)(w - s), s,
		    w < r->end && is_word_char(*w) ? "..." : "", hint);
}

/* ---- arrays and objects ---- */

static int parse_value(struct reader *r, const char **cur, int depth,
		       struct json_value **out);

static int fail_depth(struct reader *r, const char *at)
{
	return fail(r, at, "nesting is too deep (more than %d levels)",
		    JSON_MAX_PARSE_DEPTH);
}

static int parse_array(struct reader *r, const char **cur, int depth,
		       struct json_value **out)
{
	const char *open = *cur, *s = open + 1, *comma;
	VEC(struct json_value *) items = VEC_INIT;
	struct json_value *arr, *item;
	char what[48];
	int ret = -1;

	if (depth >= JSON_MAX_PARSE_DEPTH)
		return fail_depth(r, open);
	arr = value_new(r, JSON_ARRAY, open);
	cursor_skip_ws(&s, r->end);
	if (s < r->end && *s == ']')
		goto done;
	for (;;) {
		if (s >= r->end) {
			fail(r, open, "unterminated array");
			goto out;
		}
		if (parse_value(r, &s, depth + 1, &item))
			goto out;
		vec_push(&items, item);
		cursor_skip_ws(&s, r->end);
		if (s >= r->end) {
			fail(r, open, "unterminated array");
			goto out;
		}
		if (*s == ']')
			break;
		if (*s != ',') {
			fail(r, s, "expected ',' or ']' after array item, found %s",
			     DESCRIBE(r, s));
			goto out;
		}
		comma = s++;
		cursor_skip_ws(&s, r->end);
		if (s < r->end && *s == ']') {
			fail(r, comma, "trailing comma is not allowed in arrays");
			goto out;
		}
	}
done:
	if (items.nr) {
		arr->nr = items.nr;
		arr->items = arena_alloc(r->arena, st_mult(items.nr, sizeof(*arr->items)));
		memcpy(arr->items, items.v, items.nr * sizeof(*arr->items));
	}
	*out = arr;
	*cur = s + 1;
	ret = 0;
out:
	vec_release(&items);
	return ret;
}

/* An object while it is read: members, where each key was, and their index. */
struct object_build {
	VEC(struct json_member) m;
	VEC(const char *) at;
	struct strindex index;
};

/* Appends key quoted as JSON, shortened, for an error message. */
static void add_key_quoted(struct strbuf *sb, const char *key)
{
	size_t n = strlen(key), i;
	int cut = n > 40;

	if (cut)
		/* Back off to a character boundary (keys are valid UTF-8). */
		for (n = 40; n && ((unsigned char)key[n] & 0xc0) == 0x80; n--)
			;
	strbuf_addch(sb, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = key[i];

		if (c == '"' || c == '\\')
			strbuf_addf(sb, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			strbuf_addf(sb, "\\u%04x", c);
		else
			strbuf_addch(sb, c);
	}
	if (cut)
		strbuf_addstr(sb, "...");
	strbuf_addch(sb, '"');
}

/*
 * A member at *cur ("key": value), added to ob unless its key is there
 * already. Returns 1 when the input ends before the value, for the caller
 * to call the object unterminated.
 */
static int parse_member(struct reader *r, const char **cur, int depth,
			struct object_build *ob)
{
	const char *s = *cur;
	struct json_member m;
	size_t dup;
	char what[48];

	if (*s != '"')
		return fail(r, s, "expected a key in double quotes, found %s",
			    DESCRIBE(r, s));
	if (parse_string_text(r, &s))
		return -1;
	m.key = arena_strndup(r->arena, r->buf.buf, r->buf.len);
	dup = strindex_find(&ob->index, ob->m.v, sizeof(*ob->m.v), ob->m.nr, m.key);
	if (dup) {
		struct strbuf name = STRBUF_INIT;
		int line, col;

		textpos_of(&r->pos, ob->at.v[dup - 1], &line, &col);
		add_key_quoted(&name, m.key);
		fail(r, *cur, "key %s is defined twice (first at line %d, column %d)",
		     name.buf, line, col);
		strbuf_release(&name);
		return -1;
	}
	cursor_skip_ws(&s, r->end);
	if (s >= r->end)
		return 1;
	if (*s != ':')
		return fail(r, s, "expected ':' after key, found %s", DESCRIBE(r, s));
	s++;
	cursor_skip_ws(&s, r->end);
	if (s >= r->end)
		return 1;
	if (parse_value(r, &s, depth + 1, &m.value))
		return -1;
	vec_push(&ob->m, m);
	vec_push(&ob->at, *cur);
	strindex_add(&ob->index, NULL, ob->m.v, sizeof(*ob->m.v), ob->m.nr);
	*cur = s;
	return 0;
}

static int parse_object(struct reader *r, const char **cur, int depth,
			struct json_value **out)
{
	const char *open = *cur, *s = open + 1, *comma;
	struct object_build ob = { VEC_INIT, VEC_INIT, STRINDEX_INIT };
	struct json_value *obj;
	char what[48];
	int ret = -1, rc;

	if (depth >= JSON_MAX_PARSE_DEPTH)
		return fail_depth(r, open);
	obj = value_new(r, JSON_OBJECT, open);
	cursor_skip_ws(&s, r->end);
	if (s < r->end && *s == '}')
		goto done;
	for (;;) {
		if (s >= r->end) {
			fail(r, open, "unterminated object");
			goto out;
		}
		rc = parse_member(r, &s, depth, &ob);
		if (rc < 0)
			goto out;
		cursor_skip_ws(&s, r->end);
		if (rc > 0 || s >= r->end) {
			fail(r, open, "unterminated object");
			goto out;
		}
		if (*s == '}')
			break;
		if (*s != ',') {
			fail(r, s, "expected ',' or '}' after object member, found %s",
			     DESCRIBE(r, s));
			goto out;
		}
		comma = s++;
		cursor_skip_ws(&s, r->end);
		if (s < r->end && *s == '}') {
			fail(r, comma, "trailing comma is not allowed in objects");
			goto out;
		}
	}
done:
	if (ob.m.nr) {
		obj->nr = ob.m.nr;
		obj->members = arena_alloc(r->arena, st_mult(ob.m.nr, sizeof(*obj->members)));
		memcpy(obj->members, ob.m.v, ob.m.nr * sizeof(*obj->members));
	}
	/* The hash indexes members by position, so it holds for the copy too. */
	if (ob.m.nr > OBJECT_INDEX_MIN)
		strindex_copy(&obj->index, &ob.index, r->arena);
	*out = obj;
	*cur = s + 1;
	ret = 0;
out:
	vec_release(&ob.m);
	vec_release(&ob.at);
	strindex_release(&ob.index);
	return ret;
}

/* A value at *cur, inside depth arrays and objects. */
static int parse_value(struct reader *r, const char **cur, int depth,
		       struct json_value **out)
{
	const char *s = *cur;
	char what[48];

	if (s >= r->end)
		return fail(r, s, "expected a value, found end of file");
	switch (*s) {
	case '"':
		return parse_string(r, cur, out);
	case '[':
		return parse_array(r, cur, depth, out);
	case '{':
		return parse_object(r, cur, depth, out);
	case '-':
		return parse_number(r, cur, out);
	default:
		if (cursor_is_digit(*s))
			return parse_number(r, cur, out);
		if (is_word_char(*s) && *s != '_')
			return parse_word(r, cur, out);
		return fail(r, s, "expected a value, found %s", DESCRIBE(r, s));
	}
}

static int parse_document(struct reader *r, struct json_value **out)
{
	const char *s = r->start;
	char what[48];

	if (r->end - s > JSON_MAX_INPUT)
		return fail(r, s, "file is too large (more than %d bytes)",
			    JSON_MAX_INPUT);
	if (r->end - s >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		s += 3;
	cursor_skip_ws(&s, r->end);
	if (parse_value(r, &s, 0, out))
		return -1;
	cursor_skip_ws(&s, r->end);
	if (s < r->end)
		return fail(r, s, "expected end of file after value, found %s",
			    DESCRIBE(r, s));
	return 0;
}

int json_parse(struct json_doc *doc, const char *src, size_t len,
	       const char *filename, struct strbuf *err)
{
	struct reader r = { 0 };
	struct json_value *root = NULL;
	int ret;

	doc->root = NULL;
	doc->arena = (struct arena)ARENA_INIT;
	if (!len)
		src = "";	/* NULL + 0 is not a pointer to compare with */
	r.start = src;
	textpos_init(&r.pos, src);
	r.end = src + len;
	r.filename = filename ? filename : "<input>";
	r.err = err;
	r.arena = &doc->arena;
	strbuf_init(&r.buf, 0);
	ret = parse_document(&r, &root);
	strbuf_release(&r.buf);
	if (ret < 0) {
		arena_release(&doc->arena);
		return -1;
	}
	doc->root = root;
	return 0;
}

void json_doc_release(struct json_doc *doc)
{
	arena_release(&doc->arena);
	doc->root = NULL;
}

struct json_value *json_get(const struct json_value *obj, const char *key)
{
	size_t i;

	if (!obj || obj->type != JSON_OBJECT || !key)
		return NULL;
	i = strindex_find(&obj->index, obj->members, sizeof(*obj->members), obj->nr, key);
	return i ? obj->members[i - 1].value : NULL;
}

const char *json_get_string(const struct json_value *obj, const char *key,
			    const char *def)
{
	const struct json_value *v = json_get(obj, key);

	return v && v->type == JSON_STRING ? v->str : def;
}

int json_get_int(const struct json_value *obj, const char *key, int64_t *out)
{
	const struct json_value *v = json_get(obj, key);

	if (!v || v->type != JSON_NUMBER || !v->is_int)
		return -1;
	*out = v->i;
	return 0;
}
