/*
 * json.h: a small JSON writer into a strbuf, and a strict reader for what
 * such writers produce (saved summaries, baselines).
 *
 * Writing: commas are placed for you.
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
 *
 * Reading:
 *
 *     struct json_doc doc = JSON_DOC_INIT;
 *     struct strbuf err = STRBUF_INIT;
 *
 *     if (json_parse(&doc, src, len, "baseline.json", &err) < 0) {
 *         error("%s", err.buf);        "baseline.json:3:12: expected ',' or '}' after object member, found ']'"
 *         ...
 *     }
 *     const char *name = json_get_string(doc.root, "name", "?");
 *     int64_t n;
 *     if (json_get_int(doc.root, "test_count", &n) < 0)
 *         ...
 *     json_doc_release(&doc);           frees every value, key and string at once
 *     strbuf_release(&err);
 *
 * What is accepted
 * ----------------
 * RFC 8259 JSON, exactly: one value (of any type, not only an object or an
 * array) with optional whitespace (space, tab, LF, CR) around it and
 * between tokens; an optional UTF-8 byte order mark before it, skipped (it
 * still counts in the columns of line 1);
 *  - null, true, false;
 *  - numbers in JSON's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?,
 *    read with strtod() (nearest double); those without fraction and
 *    exponent that fit int64_t also exactly, as integers ("-0" is one);
 *  - strings with the escapes \" \\ \/ \b \f \n \r \t and \uXXXX (either
 *    case), UTF-16 surrogate pairs \uD83D\uDE00 included;
 *  - arrays and objects, empty or not.
 *
 * What is rejected, with an error
 * -------------------------------
 * Anything else: comments, trailing commas, single quotes, unquoted keys,
 * NaN and Infinity, leading zeros, '+' signs, hexadecimal, other
 * whitespace, a second top-level value; in strings, raw control characters
 * (U+0000 to U+001F), invalid UTF-8, unknown escapes, lone or reversed
 * surrogates, and \u0000 (strings here are C strings); numbers whose value
 * is beyond the range of a double (1e400; tiny ones like 1e-400 become 0
 * or subnormal); objects with the same key twice. Limits: the input is at
 * most JSON_MAX_INPUT bytes, a string (or key) at most JSON_MAX_STRING
 * bytes once decoded, a number at most JSON_MAX_NUMBER characters, and
 * arrays and objects nest at most JSON_MAX_PARSE_DEPTH deep ([[1]] is 2).
 *
 * Errors are "FILENAME:LINE:COL: message": lowercase, no full stop, LINE
 * and COL 1-based, COL in bytes, pointing at the offending character (at
 * the opening quote, bracket or brace of an unterminated string, array or
 * object; at the first character of a number that is too long or out of
 * range; at the second occurrence of a duplicate key). The message never
 * holds raw control characters or invalid UTF-8 from the input.
 */
#ifndef TARE_JSON_H
#define TARE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "strbuf.h"
#include "strindex.h"

/*
 * How deep the writer nests: as deep as the reader reads
 * (JSON_MAX_PARSE_DEPTH), so any parsed document can be written back.
 */
#define JSON_MAX_DEPTH 64

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
/* Durations and ratios: finite values with up to 6 decimals (from 1e15 on,
 * exponent form); NaN and infinities as null. */
void json_double(struct json *j, double v);
void json_bool(struct json *j, int v);
void json_null(struct json *j);

/* Appends s as a quoted JSON string to sb (no comma logic). */
void json_quote(struct strbuf *sb, const char *s, size_t len);

/* ---- reading ---- */

#define JSON_MAX_INPUT (64 * 1024 * 1024)
#define JSON_MAX_STRING (16 * 1024 * 1024)
#define JSON_MAX_NUMBER 64
#define JSON_MAX_PARSE_DEPTH 64

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_member;

/*
 * One value. Only the fields of its type are set; the others are 0 or
 * NULL. Every value, key and string lives in the document's arena and dies
 * with json_doc_release().
 */
struct json_value {
	enum json_type type;
	int line, col;		/* where the value starts, 1-based (COL in bytes) */
	int b;			/* JSON_BOOL: 0 or 1 */
	double num;		/* JSON_NUMBER: always set, finite */
	/*
	 * JSON_NUMBER written without fraction or exponent whose value fits
	 * int64_t: the exact value in i, and is_int = 1. 9223372036854775808
	 * or 1.0 or 1e2 have is_int = 0 (and num only).
	 */
	int64_t i;
	int is_int;
	const char *str;	/* JSON_STRING: NUL-terminated (no NUL inside), valid UTF-8 */
	size_t len;		/* JSON_STRING: strlen(str) */
	size_t nr;		/* JSON_ARRAY: items; JSON_OBJECT: members */
	struct json_value **items;	/* JSON_ARRAY: in order; NULL when empty */
	struct json_member *members;	/* JSON_OBJECT: in order; NULL when empty */

	/* Private to json.c: the members' index once an object is large. */
	struct strindex index;
};

struct json_member {
	const char *key;	/* NUL-terminated, valid UTF-8, may be "", unique in its object */
	struct json_value *value;
};

struct json_doc {
	struct json_value *root;	/* NULL unless a parse succeeded */
	struct arena arena;		/* private */
};

#define JSON_DOC_INIT { NULL, ARENA_INIT }

/*
 * Parses src (len bytes; need not be NUL-terminated, may hold anything) into
 * doc, which it initialises, overwriting whatever doc held. Returns 0 on
 * success. On error returns -1, leaves doc->root NULL and replaces the
 * contents of err (unless err is NULL) with exactly
 * "FILENAME:LINE:COL: message", no "tare: " prefix and no newline.
 * filename may be NULL ("<input>"). Never exits or prints, but for dying
 * when memory runs out, like every allocation in tare: a value takes about
 * 100 bytes, so JSON_MAX_INPUT bytes of "0,0,0,..." need over 3 GB.
 */
int json_parse(struct json_doc *doc, const char *src, size_t len,
	       const char *filename, struct strbuf *err);

/* Frees everything doc holds; safe after a failed parse, and twice. */
void json_doc_release(struct json_doc *doc);

/*
 * The value of member key of obj, or NULL if obj is NULL, is not an
 * object, or has no such member (keys are unique: duplicates are a parse
 * error). Constant time for large objects.
 */
struct json_value *json_get(const struct json_value *obj, const char *key);

/* The string value of member key of obj, or def if absent or not a string. */
const char *json_get_string(const struct json_value *obj, const char *key,
			    const char *def);

/*
 * Sets *out to the value of member key of obj and returns 0 if it is an
 * integer (is_int); returns -1 and leaves *out alone otherwise.
 */
int json_get_int(const struct json_value *obj, const char *key, int64_t *out);

/*
 * Writes a parsed value back with the writer: a document round-trips to
 * the same tree (numbers that are not integers to within %.6f or %.17g).
 */
void json_write_value(struct json *j, const struct json_value *v);

#endif
