#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "toml.h"
#include "arena.h"
#include "cursor.h"
#include "strbuf.h"
#include "textpos.h"
#include "util.h"

/* How a table came to exist, which decides what may add to it later. */
enum table_kind {
	TABLE_IMPLICIT,	/* named on the way to a deeper [header] only */
	TABLE_HEADER,	/* defined by [header], or an element of [[header]] */
	TABLE_DOTTED,	/* made by a dotted key */
	TABLE_INLINE,	/* { ... }, sealed */
};

/* Tables with more keys than this get a hash index. */
#define TABLE_INDEX_MIN 8

struct parser {
	const char *start, *end;
	const char *filename;
	struct strbuf *err;
	struct arena *arena;
	struct strbuf buf;		/* the string being decoded */
	struct toml_value *root;
	struct toml_value *section;	/* where keys go: the last [header]'s table */
	int failed;
	struct textpos pos;	/* for errors: where a place is */
};

struct key_part {
	const char *name;
	const char *at;
	int line, col;
};

/* One more part than levels: the last part names a value, not a table. */
struct key {
	size_t nr;
	struct key_part part[TOML_MAX_DEPTH + 1];
};

static int is_bare(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static int digit_value(unsigned char c, int base)
{
	int d = cursor_hex_value(c);

	return d < base ? d : -1;
}

/* Control characters other than tab, which TOML forbids in strings and comments. */
static int is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

static int fail(struct parser *p, const char *at, const char *fmt, ...)
	TARE_PRINTF(3, 4);

static int fail(struct parser *p, const char *at, const char *fmt, ...)
{
	va_list ap;

	/* Only the first error means anything; later ones are fallout. */
	if (p->failed)
		return -1;
	p->failed = 1;
	if (!p->err)
		return -1;
	va_start(ap, fmt);
	textpos_verror(&p->pos, p->err, p->filename, at, fmt, ap);
	va_end(ap);
	return -1;
}

static int at_newline(const struct parser *p, const char *s)
{
	return s < p->end &&
	       (*s == '\n' || (*s == '\r' && s + 1 < p->end && s[1] == '\n'));
}

/* Callers keep a `char what[32]` for it, so messages stay one-liners. */
#define DESCRIBE(p, s) text_describe((s), (p)->end, what, sizeof(what))

/* Appends a key part as it could be written back: bare if it can be. */
static void add_key_part(struct strbuf *sb, const char *name)
{
	const unsigned char *u;

	for (u = (const unsigned char *)name; *u && is_bare(*u); u++)
		;
	if (*name && !*u) {
		strbuf_addstr(sb, name);
		return;
	}
	strbuf_addch(sb, '"');
	for (u = (const unsigned char *)name; *u; u++) {
		if (*u == '"' || *u == '\\')
			strbuf_addf(sb, "\\%c", *u);
		else if (is_control(*u) || *u == '\t')
			strbuf_addf(sb, "\\u%04X", *u);
		else
			strbuf_addch(sb, *u);
	}
	strbuf_addch(sb, '"');
}

/* The first n parts of k, joined with dots. */
static void add_key(struct strbuf *sb, const struct key *k, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			strbuf_addch(sb, '.');
		add_key_part(sb, k->part[i].name);
	}
}

static const char *type_with_article(const struct toml_value *v)
{
	switch (v->type) {
	case TOML_STRING:
		return "a string";
	case TOML_INTEGER:
		return "an integer";
	case TOML_BOOLEAN:
		return "a boolean";
	case TOML_ARRAY:
		return v->array_of_tables ? "an array of tables" : "a static array";
	case TOML_TABLE:
		return v->kind == TABLE_INLINE ? "an inline table" : "a table";
	}
	return "a value";
}

static struct toml_value *value_new_pos(struct parser *p, enum toml_type type,
					int line, int col)
{
	struct toml_value *v = arena_alloc(p->arena, sizeof(*v));

	v->type = type;
	v->line = line;
	v->col = col;
	return v;
}

static struct toml_value *value_new(struct parser *p, enum toml_type type,
				    const char *at)
{
	int line, col;

	textpos_of(&p->pos, at, &line, &col);
	return value_new_pos(p, type, line, col);
}

/*
 * Arrays grow inside the arena; what they leave behind is at most what
 * they end up using, and it all goes with the arena.
 */
static void *arena_grow(struct arena *a, void *old, size_t nr, size_t *alloc,
			size_t size)
{
	void *p;
	size_t n;

	if (nr < *alloc)
		return old;
	n = *alloc ? *alloc * 2 : 4;
	p = arena_alloc(a, st_mult(n, size));
	if (nr)
		memcpy(p, old, nr * size);
	*alloc = n;
	return p;
}

static void array_push(struct parser *p, struct toml_value *arr,
		       struct toml_value *item)
{
	arr->items = arena_grow(p->arena, arr->items, arr->nr, &arr->alloc,
				sizeof(*arr->items));
	arr->items[arr->nr++] = item;
}

static void table_add(struct parser *p, struct toml_value *t, const char *key,
		      int line, int col, struct toml_value *v)
{
	struct toml_entry *e;

	t->entries = arena_grow(p->arena, t->entries, t->nr, &t->alloc,
				sizeof(*t->entries));
	e = &t->entries[t->nr++];
	e->key = key;
	e->line = line;
	e->col = col;
	e->value = v;
	if (t->nr > TABLE_INDEX_MIN)
		strindex_add(&t->index, p->arena, t->entries, sizeof(*t->entries), t->nr);
}

static struct toml_entry *table_find(const struct toml_value *t, const char *key)
{
	size_t i = strindex_find(&t->index, t->entries, sizeof(*t->entries), t->nr, key);

	return i ? &t->entries[i - 1] : NULL;
}

/*
 * The position comes from the caller: tables are often made after parsing
 * past where they start, and asking textpos_of() backwards costs a rescan.
 */
static struct toml_value *table_new(struct parser *p, int kind, int depth,
				    int line, int col)
{
	struct toml_value *t = value_new_pos(p, TOML_TABLE, line, col);

	t->kind = kind;
	t->depth = depth;
	return t;
}

static int fail_depth(struct parser *p, const char *at)
{
	return fail(p, at, "nesting is too deep (more than %d levels)",
		    TOML_MAX_DEPTH);
}

/* ---- lexical pieces ---- */

static int eat_newline(const struct parser *p, const char **cur)
{
	if (!at_newline(p, *cur))
		return 0;
	*cur += **cur == '\r' ? 2 : 1;
	return 1;
}

/* Skips a comment, if one starts at *cur, up to (not over) the newline. */
static int skip_comment(struct parser *p, const char **cur)
{
	const char *s = *cur;

	if (s >= p->end || *s != '#')
		return 0;
	for (s++; s < p->end && !at_newline(p, s); s++)
		if (is_control(*s))
			return fail(p, s, "control character U+%04X is not allowed in comments",
				    (unsigned char)*s);
	*cur = s;
	return 0;
}

/* Skips whitespace, newlines and comments, as arrays allow between items. */
static int skip_blank(struct parser *p, const char **cur)
{
	const char *s = *cur;

	for (;;) {
		cursor_skip_blanks(&s, p->end);
		if (skip_comment(p, &s))
			return -1;
		if (!eat_newline(p, &s))
			break;
	}
	*cur = s;
	return 0;
}

static int expect_eol(struct parser *p, const char **cur, const char *after)
{
	const char *s = *cur;
	char what[32];

	cursor_skip_blanks(&s, p->end);
	if (skip_comment(p, &s))
		return -1;
	if (s < p->end && !eat_newline(p, &s))
		return fail(p, s, "expected end of line after %s, found %s",
			    after, DESCRIBE(p, s));
	*cur = s;
	return 0;
}

/* ---- strings ---- */

static int check_string_len(struct parser *p, const char *open)
{
	if (p->buf.len > TOML_MAX_STRING)
		return fail(p, open, "string is too long (more than %d bytes)",
			    TOML_MAX_STRING);
	return 0;
}

/* An escape sequence at *cur (the backslash), decoded onto p->buf. */
static int parse_escape(struct parser *p, const char **cur)
{
	const char *s = *cur;
	unsigned char c = s[1];
	const char *t;
	uint32_t cp = 0;
	uint64_t v;
	int n = 0, i;
	char what[32];

	switch (c) {
	case 'b': strbuf_addch(&p->buf, '\b'); break;
	case 't': strbuf_addch(&p->buf, '\t'); break;
	case 'n': strbuf_addch(&p->buf, '\n'); break;
	case 'f': strbuf_addch(&p->buf, '\f'); break;
	case 'r': strbuf_addch(&p->buf, '\r'); break;
	case '"': strbuf_addch(&p->buf, '"'); break;
	case '\\': strbuf_addch(&p->buf, '\\'); break;
	case 'u': n = 4; break;
	case 'U': n = 8; break;
	default:
		if (c > ' ' && c < 0x7f)
			return fail(p, s, "invalid escape '\\%c'", c);
		return fail(p, s, "invalid escape: '\\' followed by %s",
			    DESCRIBE(p, s + 1));
	}
	if (!n) {
		*cur = s + 2;
		return 0;
	}
	t = s + 2;
	if (!cursor_hex_upto(&t, p->end, (size_t)n, &v))
		cp = (uint32_t)v;
	i = (int)(t - (s + 2));
	if (i < n)
		return fail(p, s, "invalid escape '\\%c%.*s' (expected %d hexadecimal digits)",
			    c, i, s + 2, n);
	if (cp >= 0xd800 && cp <= 0xdfff)
		return fail(p, s, "invalid escape '\\%c%.*s' (surrogate code point)",
			    c, n, s + 2);
	if (cp > 0x10ffff)
		return fail(p, s, "invalid escape '\\%c%.*s' (beyond U+10FFFF)",
			    c, n, s + 2);
	if (!cp)
		return fail(p, s, "invalid escape '\\%c%.*s' (NUL characters are not supported)",
			    c, n, s + 2);
	strbuf_add_utf8(&p->buf, cp);
	*cur = s + 2 + n;
	return 0;
}

/*
 * Copies plain characters in bulk: up to stop, a backslash when escapes
 * count, or a control character (newlines included), left to the caller.
 */
static void add_run(struct parser *p, const char **cur, char stop, int escapes)
{
	const char *s = *cur, *run = s;

	while (s < p->end && *s != stop && !(escapes && *s == '\\') &&
	       !is_control(*s))
		s++;
	strbuf_add(&p->buf, run, s - run);
	*cur = s;
}

/* "..." at *cur, decoded into p->buf. */
static int parse_basic_string(struct parser *p, const char **cur, int *exact)
{
	const char *open = *cur, *s = open + 1;

	strbuf_reset(&p->buf);
	*exact = 1;
	for (;;) {
		add_run(p, &s, '"', 1);
		if (check_string_len(p, open))
			return -1;
		if (s >= p->end || at_newline(p, s))
			return fail(p, open, "unterminated string");
		if (*s == '"')
			break;
		if (*s != '\\')
			return fail(p, s, "control character U+%04X is not allowed in strings",
				    (unsigned char)*s);
		if (s + 1 >= p->end)
			return fail(p, open, "unterminated string");
		if (parse_escape(p, &s))
			return -1;
		*exact = 0;
	}
	*cur = s + 1;
	return 0;
}

/* '...' at *cur, copied into p->buf. */
static int parse_literal_string(struct parser *p, const char **cur)
{
	const char *open = *cur, *s = open + 1;

	strbuf_reset(&p->buf);
	add_run(p, &s, '\'', 0);
	if (check_string_len(p, open))
		return -1;
	if (s >= p->end || at_newline(p, s))
		return fail(p, open, "unterminated string");
	if (*s != '\'')
		return fail(p, s, "control character U+%04X is not allowed in strings",
			    (unsigned char)*s);
	*cur = s + 1;
	return 0;
}

/*
 * At a quote inside a multi-line string delimited by q: a run of one or
 * two is content; three to five close the string, the first ones being
 * content ("""a""""" is a""). Returns 1 when the string ends.
 */
static int ml_quotes(struct parser *p, const char **cur, char q)
{
	const char *s = *cur;
	size_t n = 0;

	while (s + n < p->end && s[n] == q && n < 5)
		n++;
	if (n < 3) {
		strbuf_addchars(&p->buf, q, n);
		*cur = s + n;
		return 0;
	}
	strbuf_addchars(&p->buf, q, n - 3);
	*cur = s + n;
	return 1;
}

/*
 * A backslash that ends a line in """...""" drops itself and all
 * whitespace and newlines after it. Returns 1 if *cur is one.
 */
static int skip_line_ending_backslash(const struct parser *p, const char **cur)
{
	const char *s = *cur + 1;

	cursor_skip_blanks(&s, p->end);
	if (!at_newline(p, s))
		return 0;
	do
		cursor_skip_blanks(&s, p->end);
	while (eat_newline(p, &s));
	*cur = s;
	return 1;
}

/* """...""" or '''...''' at *cur, decoded into p->buf. */
static int parse_ml_string(struct parser *p, const char **cur)
{
	const char *open = *cur, *s = open + 3;
	char q = *open;

	strbuf_reset(&p->buf);
	eat_newline(p, &s);
	for (;;) {
		add_run(p, &s, q, q == '"');
		if (check_string_len(p, open))
			return -1;
		if (s >= p->end)
			return fail(p, open, "unterminated string");
		if (*s == q) {
			if (ml_quotes(p, &s, q))
				break;
		} else if (eat_newline(p, &s)) {
			strbuf_addch(&p->buf, '\n');
		} else if (*s == '\\') {
			if (s + 1 >= p->end)
				return fail(p, open, "unterminated string");
			if (!skip_line_ending_backslash(p, &s) &&
			    parse_escape(p, &s))
				return -1;
		} else {
			return fail(p, s, "control character U+%04X is not allowed in strings",
				    (unsigned char)*s);
		}
	}
	if (check_string_len(p, open))
		return -1;
	*cur = s;
	return 0;
}

static int starts_with_3(const struct parser *p, const char *s, char q)
{
	return p->end - s >= 3 && s[0] == q && s[1] == q && s[2] == q;
}

static int parse_string(struct parser *p, const char **cur,
			struct toml_value **out)
{
	const char *s = *cur;
	struct toml_value *v;
	int exact = 0;

	if (starts_with_3(p, s, *s)) {
		if (parse_ml_string(p, &s))
			return -1;
	} else if (*s == '"') {
		if (parse_basic_string(p, &s, &exact))
			return -1;
	} else {
		if (parse_literal_string(p, &s))
			return -1;
		exact = 1;
	}
	v = value_new(p, TOML_STRING, *cur);
	v->str = arena_strndup(p->arena, p->buf.buf, p->buf.len);
	v->str_col_exact = exact;
	*out = v;
	*cur = s;
	return 0;
}

/* ---- keys ---- */

static int parse_key_part(struct parser *p, const char **cur,
			  struct key_part *kp)
{
	const char *s = *cur;
	char what[32];
	int exact;

	if (s < p->end && is_bare(*s)) {
		while (s < p->end && is_bare(*s))
			s++;
		strbuf_reset(&p->buf);
		strbuf_add(&p->buf, *cur, s - *cur);
	} else if (s < p->end && (*s == '"' || *s == '\'')) {
		if (starts_with_3(p, s, *s))
			return fail(p, s, "a key cannot be a multi-line string");
		if (*s == '"' ? parse_basic_string(p, &s, &exact) :
				parse_literal_string(p, &s))
			return -1;
	} else {
		return fail(p, s, "expected a key, found %s", DESCRIBE(p, s));
	}
	if (p->buf.len > TOML_MAX_KEY)
		return fail(p, *cur, "key is too long (more than %d bytes)",
			    TOML_MAX_KEY);
	kp->name = arena_strndup(p->arena, p->buf.buf, p->buf.len);
	kp->at = *cur;
	textpos_of(&p->pos, *cur, &kp->line, &kp->col);
	*cur = s;
	return 0;
}

/* A key, dotted or not; *cur ends right after its last part. */
static int parse_key(struct parser *p, const char **cur, struct key *k)
{
	const char *s = *cur;

	k->nr = 0;
	for (;;) {
		const char *t;

		if (k->nr == ARRAY_SIZE(k->part))
			return fail_depth(p, s);
		if (parse_key_part(p, &s, &k->part[k->nr]))
			return -1;
		k->nr++;
		t = s;
		cursor_skip_blanks(&t, p->end);
		if (t >= p->end || *t != '.')
			break;
		t++;
		cursor_skip_blanks(&t, p->end);
		s = t;
	}
	*cur = s;
	return 0;
}

/* ---- values ---- */

static int parse_value(struct parser *p, const char **cur, int depth,
		       struct toml_value **out);
static int parse_keyval(struct parser *p, const char **cur,
			struct toml_value *table);

/* Characters that may follow a number or boolean. */
static int ends_token(const struct parser *p, const char *s)
{
	return s >= p->end || *s == ' ' || *s == '\t' || *s == '\n' ||
	       *s == '\r' || *s == ',' || *s == ']' || *s == '}' || *s == '#';
}

/*
 * Digits in base with single underscores between them, at *cur. Sets
 * *overflow instead of failing when the value passes limit, so that the
 * caller can first tell a float or a date from a large integer.
 */
static int parse_digits(struct parser *p, const char **cur, int base,
			uint64_t limit, uint64_t *val, int *overflow)
{
	const char *s = *cur;
	uint64_t acc = 0;
	char what[32];

	*overflow = 0;
	if (s >= p->end || digit_value(*s, base) < 0)
		return fail(p, s, "expected a digit, found %s", DESCRIBE(p, s));
	for (;;) {
		int d = s < p->end ? digit_value(*s, base) : -1;

		if (d >= 0) {
			if (acc > (limit - (uint64_t)d) / (uint64_t)base)
				*overflow = 1;
			else
				acc = acc * (uint64_t)base + (uint64_t)d;
			s++;
		} else if (s < p->end && *s == '_') {
			if (s + 1 >= p->end || digit_value(s[1], base) < 0)
				return fail(p, s, "'_' in an integer must be between two digits");
			s++;
		} else {
			break;
		}
	}
	*val = acc;
	*cur = s;
	return 0;
}

static int reject_float(struct parser *p, const char *start)
{
	return fail(p, start, "floating-point values are not supported");
}

static int parse_integer(struct parser *p, const char **cur,
			 struct toml_value **out)
{
	const char *start = *cur, *s = start;
	uint64_t limit = INT64_MAX, val = 0;
	int neg = 0, base = 10, overflow;
	struct toml_value *v;
	char what[32];
	size_t n;

	if (*s == '+' || *s == '-') {
		neg = *s == '-';
		s++;
	}
	if (neg)
		limit = (uint64_t)INT64_MAX + 1;
	if (p->end - s > 1 && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'o' || s[1] == 'b')) {
		if (s != start)
			return fail(p, start, "hexadecimal, octal and binary integers cannot have a sign");
		base = s[1] == 'x' ? 16 : s[1] == 'o' ? 8 : 2;
		s += 2;
	} else {
		for (n = 0; s + n < p->end && cursor_is_digit(s[n]); n++)
			;
		if (s == start && s + n < p->end &&
		    ((n == 4 && s[n] == '-') || (n == 2 && s[n] == ':')))
			return fail(p, start, "dates and times are not supported");
		if (n > 1 && s[0] == '0')
			return fail(p, start, "leading zeros are not allowed in integers");
		if (n == 1 && s[0] == '0' && s + 1 < p->end && s[1] == '_')
			return fail(p, start, "leading zeros are not allowed in integers");
	}
	if (parse_digits(p, &s, base, limit, &val, &overflow))
		return -1;
	if (base == 10 && s < p->end && (*s == '.' || *s == 'e' || *s == 'E'))
		return reject_float(p, start);
	if (!ends_token(p, s))
		return fail(p, s, "invalid character %s in integer", DESCRIBE(p, s));
	if (overflow)
		return fail(p, start, neg ? "integer is too small" : "integer is too large");
	v = value_new(p, TOML_INTEGER, start);
	if (!neg)
		v->i = (int64_t)val;
	else if (val == (uint64_t)INT64_MAX + 1)
		v->i = INT64_MIN;
	else
		v->i = -(int64_t)val;
	*out = v;
	*cur = s;
	return 0;
}

/* A word at *cur matching w exactly and ending there. */
static int is_word(const struct parser *p, const char *s, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(p->end - s) >= n && !memcmp(s, w, n) &&
	       (s + n >= p->end || !is_bare(s[n]));
}

static int parse_array(struct parser *p, const char **cur, int depth,
		       struct toml_value **out)
{
	const char *open = *cur, *s = open + 1;
	struct toml_value *arr, *item;
	char what[32];

	if (depth > TOML_MAX_DEPTH)
		return fail_depth(p, open);
	arr = value_new(p, TOML_ARRAY, open);
	arr->depth = depth;
	for (;;) {
		if (skip_blank(p, &s))
			return -1;
		if (s >= p->end)
			return fail(p, open, "unterminated array");
		if (*s == ']')
			break;
		if (parse_value(p, &s, depth + 1, &item))
			return -1;
		array_push(p, arr, item);
		if (skip_blank(p, &s))
			return -1;
		if (s >= p->end)
			return fail(p, open, "unterminated array");
		if (*s == ']')
			break;
		if (*s != ',')
			return fail(p, s, "expected ',' or ']' after array item, found %s",
				    DESCRIBE(p, s));
		s++;
	}
	*out = arr;
	*cur = s + 1;
	return 0;
}

static int parse_inline_table(struct parser *p, const char **cur, int depth,
			      struct toml_value **out)
{
	const char *open = *cur, *s = open + 1, *comma;
	struct toml_value *t;
	char what[32];
	int line, col;

	if (depth > TOML_MAX_DEPTH)
		return fail_depth(p, open);
	textpos_of(&p->pos, open, &line, &col);
	t = table_new(p, TABLE_INLINE, depth, line, col);
	cursor_skip_blanks(&s, p->end);
	if (s < p->end && *s == '}') {
		*out = t;
		*cur = s + 1;
		return 0;
	}
	for (;;) {
		if (s >= p->end || at_newline(p, s))
			return fail(p, s, "expected a key, found %s (inline tables must be on one line)",
				    DESCRIBE(p, s));
		if (parse_keyval(p, &s, t))
			return -1;
		cursor_skip_blanks(&s, p->end);
		if (s < p->end && *s == '}')
			break;
		if (s >= p->end || at_newline(p, s))
			return fail(p, s, "expected ',' or '}' in inline table, found %s (inline tables must be on one line)",
				    DESCRIBE(p, s));
		if (*s != ',')
			return fail(p, s, "expected ',' or '}' in inline table, found %s",
				    DESCRIBE(p, s));
		comma = s++;
		cursor_skip_blanks(&s, p->end);
		if (s < p->end && *s == '}')
			return fail(p, comma, "trailing comma is not allowed in inline tables");
	}
	*out = t;
	*cur = s + 1;
	return 0;
}

static int parse_word(struct parser *p, const char **cur,
		      struct toml_value **out)
{
	const char *s = *cur, *w = s;
	struct toml_value *v;

	if (is_word(p, s, "true") || is_word(p, s, "false")) {
		v = value_new(p, TOML_BOOLEAN, s);
		v->b = *s == 't';
		*out = v;
		*cur = s + (v->b ? 4 : 5);
		return 0;
	}
	if (is_word(p, s, "inf") || is_word(p, s, "nan"))
		return reject_float(p, s);
	while (w < p->end && is_bare(*w) && w - s < 40)
		w++;
	return fail(p, s, "expected a value, found '%.*s%s' (%s)", (int)(w - s), s,
		    w < p->end && is_bare(*w) ? "..." : "",
		    text_word_ieq(s, w, "true") || text_word_ieq(s, w, "false") ?
		    "true and false are lowercase" : "strings must be quoted");
}

/* A value at *cur; tables and arrays it makes are at nesting level depth. */
static int parse_value(struct parser *p, const char **cur, int depth,
		       struct toml_value **out)
{
	const char *s = *cur;
	char what[32];

	if (s >= p->end)
		return fail(p, s, "expected a value, found end of file");
	switch (*s) {
	case '"':
	case '\'':
		return parse_string(p, cur, out);
	case '[':
		return parse_array(p, cur, depth, out);
	case '{':
		return parse_inline_table(p, cur, depth, out);
	case '+':
	case '-':
		if (is_word(p, s + 1, "inf") || is_word(p, s + 1, "nan"))
			return reject_float(p, s);
		return parse_integer(p, cur, out);
	default:
		if (cursor_is_digit(*s))
			return parse_integer(p, cur, out);
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			return parse_word(p, cur, out);
		return fail(p, s, "expected a value, found %s", DESCRIBE(p, s));
	}
}

/* ---- putting keys and tables in place ---- */

/*
 * One part of a key on the way to its last: *e is the entry it names in
 * *t; or, when there is none, *e is NULL and *t a new table of kind made
 * for it. -1 past the depth limit.
 */
static int part_step(struct parser *p, struct toml_value **t, const struct key_part *kp,
		     int kind, struct toml_entry **e)
{
	struct toml_value *v;

	*e = table_find(*t, kp->name);
	if (*e)
		return 0;
	if ((*t)->depth + 1 > TOML_MAX_DEPTH)
		return fail_depth(p, kp->at);
	v = table_new(p, kind, (*t)->depth + 1, kp->line, kp->col);
	table_add(p, *t, kp->name, kp->line, kp->col, v);
	*t = v;
	return 0;
}

/*
 * Walks the dotted parts of k from table t, making tables as dotted keys
 * do; on success *t is where the last part goes.
 */
static int dotted_walk(struct parser *p, struct toml_value **t,
		       const struct key *k)
{
	struct toml_value *cur = *t;
	struct strbuf name = STRBUF_INIT;
	size_t i;

	for (i = 0; i + 1 < k->nr; i++) {
		const struct key_part *kp = &k->part[i];
		struct toml_entry *e;
		struct toml_value *v;

		if (part_step(p, &cur, kp, TABLE_DOTTED, &e))
			return -1;
		if (!e)
			continue;
		v = e->value;
		if (v->type == TOML_TABLE && v->kind == TABLE_DOTTED) {
			cur = v;
			continue;
		}
		add_key(&name, k, i + 1);
		if (v->type == TOML_TABLE && v->kind == TABLE_INLINE)
			fail(p, kp->at, "cannot extend inline table '%s' (defined at line %d)",
			     name.buf, v->line);
		else if (v->type == TOML_TABLE)
			fail(p, kp->at, "dotted keys cannot extend table '%s' (made by a table header at line %d)",
			     name.buf, v->line);
		else {
			struct strbuf full = STRBUF_INIT;

			add_key(&full, k, k->nr);
			fail(p, kp->at, "cannot define key '%s': '%s' is %s (line %d)",
			     full.buf, name.buf, type_with_article(v), v->line);
			strbuf_release(&full);
		}
		strbuf_release(&name);
		return -1;
	}
	*t = cur;
	return 0;
}

static int parse_keyval(struct parser *p, const char **cur,
			struct toml_value *table)
{
	const char *s = *cur;
	struct toml_value *t = table, *v;
	const struct key_part *last;
	struct toml_entry *e;
	struct key k;

	if (parse_key(p, &s, &k))
		return -1;
	cursor_skip_blanks(&s, p->end);
	if (s >= p->end || *s != '=')
		return fail(p, s, "expected '=' after key");
	s++;
	cursor_skip_blanks(&s, p->end);
	/* Each dotted part is a table level, whether it exists yet or not. */
	if (parse_value(p, &s, table->depth + (int)k.nr, &v))
		return -1;
	if (dotted_walk(p, &t, &k))
		return -1;
	last = &k.part[k.nr - 1];
	e = table_find(t, last->name);
	if (e) {
		struct strbuf name = STRBUF_INIT;

		add_key(&name, &k, k.nr);
		fail(p, k.part[0].at, "key '%s' is defined twice (first at line %d)",
		     name.buf, e->line);
		strbuf_release(&name);
		return -1;
	}
	table_add(p, t, last->name, last->line, last->col, v);
	*cur = s;
	return 0;
}

/*
 * Walks the parts of a header but the last, making implicit tables and
 * stepping into the last table of arrays of tables.
 */
static int header_walk(struct parser *p, const struct key *k, int aot,
		       struct toml_value **out)
{
	struct toml_value *t = p->root;
	size_t i;

	for (i = 0; i + 1 < k->nr; i++) {
		const struct key_part *kp = &k->part[i];
		struct toml_entry *e;
		struct toml_value *v;
		struct strbuf name = STRBUF_INIT, full = STRBUF_INIT;

		if (part_step(p, &t, kp, TABLE_IMPLICIT, &e))
			return -1;
		if (!e)
			continue;
		v = e->value;
		if (v->type == TOML_TABLE && v->kind != TABLE_INLINE) {
			t = v;
			continue;
		}
		if (v->type == TOML_ARRAY && v->array_of_tables) {
			t = v->items[v->nr - 1];
			continue;
		}
		add_key(&name, k, i + 1);
		add_key(&full, k, k->nr);
		if (v->type == TOML_TABLE)
			fail(p, kp->at, "cannot extend inline table '%s' (defined at line %d)",
			     name.buf, v->line);
		else
			fail(p, kp->at, "cannot define %s %s%s%s: '%s' is %s (line %d)",
			     aot ? "array of tables" : "table", aot ? "[[" : "[",
			     full.buf, aot ? "]]" : "]", name.buf,
			     type_with_article(v), v->line);
		strbuf_release(&name);
		strbuf_release(&full);
		return -1;
	}
	*out = t;
	return 0;
}

/* [k], whose '[' is at open, at line:col. */
static int define_table(struct parser *p, const char *open, int line, int col,
			const struct key *k)
{
	const struct key_part *last = &k->part[k->nr - 1];
	struct toml_value *t, *v;
	struct toml_entry *e;
	struct strbuf name = STRBUF_INIT;

	if (header_walk(p, k, 0, &t))
		return -1;
	e = table_find(t, last->name);
	if (!e) {
		if (t->depth + 1 > TOML_MAX_DEPTH)
			return fail_depth(p, last->at);
		v = table_new(p, TABLE_HEADER, t->depth + 1, line, col);
		table_add(p, t, last->name, last->line, last->col, v);
		p->section = v;
		return 0;
	}
	v = e->value;
	if (v->type == TOML_TABLE && v->kind == TABLE_IMPLICIT) {
		v->kind = TABLE_HEADER;
		v->line = line;
		v->col = col;
		p->section = v;
		return 0;
	}
	add_key(&name, k, k->nr);
	if (v->type == TOML_TABLE)
		fail(p, open, "table [%s] is defined twice (first at line %d)",
		     name.buf, v->line);
	else
		fail(p, open, "cannot define table [%s]: '%s' is %s (line %d)",
		     name.buf, name.buf, type_with_article(v), v->line);
	strbuf_release(&name);
	return -1;
}

/* [[k]], whose first '[' is at open, at line:col. */
static int define_array_table(struct parser *p, const char *open, int line,
			      int col, const struct key *k)
{
	const struct key_part *last = &k->part[k->nr - 1];
	struct toml_value *t, *arr, *elem;
	struct toml_entry *e;

	if (header_walk(p, k, 1, &t))
		return -1;
	e = table_find(t, last->name);
	if (!e) {
		/* Room for the array and its first table. */
		if (t->depth + 2 > TOML_MAX_DEPTH)
			return fail_depth(p, last->at);
		arr = value_new_pos(p, TOML_ARRAY, line, col);
		arr->array_of_tables = 1;
		arr->depth = t->depth + 1;
		table_add(p, t, last->name, last->line, last->col, arr);
	} else if (e->value->type == TOML_ARRAY && e->value->array_of_tables) {
		arr = e->value;
	} else {
		struct strbuf name = STRBUF_INIT;

		add_key(&name, k, k->nr);
		fail(p, open, "cannot define array of tables [[%s]]: '%s' is %s (line %d)",
		     name.buf, name.buf, type_with_article(e->value),
		     e->value->line);
		strbuf_release(&name);
		return -1;
	}
	if (arr->depth + 1 > TOML_MAX_DEPTH)
		return fail_depth(p, last->at);
	elem = table_new(p, TABLE_HEADER, arr->depth + 1, line, col);
	array_push(p, arr, elem);
	p->section = elem;
	return 0;
}

/* [a.b] or [[a.b]] at *cur. */
static int parse_header(struct parser *p, const char **cur)
{
	const char *open = *cur, *s = open + 1;
	int aot = s < p->end && *s == '[';
	char what[32];
	struct key k;
	int line, col;

	/* Before the key, whose parts move the position cache past open. */
	textpos_of(&p->pos, open, &line, &col);
	if (aot)
		s++;
	cursor_skip_blanks(&s, p->end);
	if (parse_key(p, &s, &k))
		return -1;
	cursor_skip_blanks(&s, p->end);
	if (aot) {
		if (s < p->end && *s == ']' && (s + 1 >= p->end || s[1] != ']'))
			return fail(p, s + 1, "expected a second ']' after array of tables name, found %s",
				    DESCRIBE(p, s + 1));
		if (s >= p->end || *s != ']')
			return fail(p, s, "expected ']]' after array of tables name, found %s",
				    DESCRIBE(p, s));
		s += 2;
	} else {
		if (s >= p->end || *s != ']')
			return fail(p, s, "expected ']' after table name, found %s",
				    DESCRIBE(p, s));
		s++;
	}
	if (aot ? define_array_table(p, open, line, col, &k) :
		  define_table(p, open, line, col, &k))
		return -1;
	*cur = s;
	return 0;
}

static int parse_document(struct parser *p)
{
	const char *s = p->start, *bad;

	if (p->end - s > TOML_MAX_INPUT)
		return fail(p, s, "file is too large (more than %d bytes)",
			    TOML_MAX_INPUT);
	bad = utf8_find_invalid(s, p->end);
	if (bad)
		return fail(p, bad, "invalid UTF-8 (byte 0x%02x)", (unsigned char)*bad);
	if (p->end - s >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		s += 3;
	for (;;) {
		cursor_skip_blanks(&s, p->end);
		if (skip_comment(p, &s))
			return -1;
		if (s >= p->end)
			return 0;
		if (eat_newline(p, &s))
			continue;
		if (*s == '[') {
			if (parse_header(p, &s) ||
			    expect_eol(p, &s, "table header"))
				return -1;
		} else {
			if (parse_keyval(p, &s, p->section) ||
			    expect_eol(p, &s, "value"))
				return -1;
		}
	}
}

int toml_parse(struct toml_doc *doc, const char *src, size_t len,
	       const char *filename, struct strbuf *err)
{
	struct parser p = { 0 };
	int ret;

	doc->root = NULL;
	doc->arena = (struct arena)ARENA_INIT;
	p.start = src;
	textpos_init(&p.pos, src);
	p.end = src + len;
	p.filename = filename ? filename : "<input>";
	p.err = err;
	p.arena = &doc->arena;
	strbuf_init(&p.buf, 0);
	p.root = p.section = table_new(&p, TABLE_HEADER, 0, 1, 1);
	ret = parse_document(&p);
	strbuf_release(&p.buf);
	if (ret < 0) {
		arena_release(&doc->arena);
		return -1;
	}
	doc->root = p.root;
	return 0;
}

void toml_doc_release(struct toml_doc *doc)
{
	arena_release(&doc->arena);
	doc->root = NULL;
}

struct toml_value *toml_get(const struct toml_value *table, const char *key)
{
	struct toml_entry *e;

	if (!table || table->type != TOML_TABLE || !key)
		return NULL;
	e = table_find(table, key);
	return e ? e->value : NULL;
}

const char *toml_type_name(enum toml_type t)
{
	switch (t) {
	case TOML_STRING:
		return "string";
	case TOML_INTEGER:
		return "integer";
	case TOML_BOOLEAN:
		return "boolean";
	case TOML_ARRAY:
		return "array";
	case TOML_TABLE:
		return "table";
	}
	return "unknown";
}
