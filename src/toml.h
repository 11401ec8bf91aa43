/*
 * toml.h: a small, strict parser for the part of TOML 1.0 that tare's
 * configuration uses.
 *
 *     struct toml_doc doc = TOML_DOC_INIT;
 *     struct strbuf err = STRBUF_INIT;
 *
 *     if (toml_parse(&doc, src, len, "tare.toml", &err) < 0) {
 *         error("%s", err.buf);        "tare.toml:3:1: table [x] is defined twice (first at line 1)"
 *         ...
 *     }
 *     struct toml_value *v = toml_get(toml_get(doc.root, "profile"), "ci");
 *     ...
 *     toml_doc_release(&doc);           frees every value, key and string at once
 *     strbuf_release(&err);
 *
 * What is accepted
 * ----------------
 *  - comments (`# ...`, no control characters but tab), blank lines, LF and
 *    CRLF line endings, an optional UTF-8 byte order mark;
 *  - `key = value`, with bare keys [A-Za-z0-9_-]+, quoted keys "..." (with
 *    escapes) and '...', and dotted keys `a . b.c = 1`, which create the
 *    tables on the way;
 *  - tables [a.b] and arrays of tables [[a.b]], with TOML's rules on
 *    defining things twice (see "Tables" below);
 *  - strings: "basic" with the escapes \b \t \n \f \r \" \\ \uXXXX and
 *    \UXXXXXXXX, 'literal', """multi-line basic""" (a newline right after
 *    the opening quotes is dropped; a backslash ending a line drops it and
 *    all whitespace up to the next visible character) and '''multi-line
 *    literal'''; CRLF inside multi-line strings becomes LF;
 *  - integers that fit int64_t: decimal with an optional sign, no leading
 *    zeros, single underscores between digits; 0x, 0o and 0b without sign;
 *  - true and false;
 *  - arrays [ ... ] of any mix of types, over several lines, with comments
 *    and a trailing comma;
 *  - inline tables { a = 1, b.c = "x" } on one line, without trailing comma.
 *
 * What is rejected, with an error
 * -------------------------------
 * Floats (and inf, nan), dates and times; invalid UTF-8 anywhere; the
 * escape \u0000 and any NUL (strings here are C strings); anything else
 * outside TOML 1.0. The input is limited to TOML_MAX_INPUT bytes, keys to
 * TOML_MAX_KEY bytes, strings to TOML_MAX_STRING bytes, and nesting to
 * TOML_MAX_DEPTH tables and arrays below the root: `a.b = [[1]]` nests 4
 * deep (a, b and two arrays), `[x.y]` 2.
 *
 * Tables
 * ------
 * A key, or a table, may be defined once. [a.b] makes `a` in passing; [a]
 * may then define it, once. A table made by a dotted key (`a.b = 1` makes
 * `a`) cannot get a [a] header later, though [a.c] may add a sub-table to
 * it; dotted keys can only extend tables that dotted keys made, never one
 * that a [header] defined or made in passing. Inline tables and arrays
 * written with `=` are sealed: nothing can be added to them later. [[x]]
 * appends a table to the array of tables x (creating it), and headers below
 * it ([x.y], [[x.z]]) go into its last table; [x] of such an x, or [[x]] of
 * any other x, is an error.
 *
 * Errors are "FILENAME:LINE:COL: message": lowercase, no full stop, LINE
 * and COL 1-based, COL in bytes, pointing at the offending character (at
 * the opening quote or bracket for an unterminated string, array or inline
 * table; at the '[' of a header that is defined twice).
 */
#ifndef TARE_TOML_H
#define TARE_TOML_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "strindex.h"

struct strbuf;

#define TOML_MAX_INPUT (4 * 1024 * 1024)
#define TOML_MAX_DEPTH 32
#define TOML_MAX_KEY 1024
#define TOML_MAX_STRING (1024 * 1024)

enum toml_type { TOML_STRING, TOML_INTEGER, TOML_BOOLEAN, TOML_ARRAY, TOML_TABLE };

struct toml_entry;

/*
 * One value. Only the fields of its type are set; the others are 0 or
 * NULL. Every value, key and string lives in the document's arena and dies
 * with toml_doc_release().
 */
struct toml_value {
	enum toml_type type;
	int line, col;		/* where the value starts (for a table: its [header], or where its key was first written) */
	const char *str;	/* TOML_STRING: NUL-terminated, valid UTF-8 */
	int64_t i;		/* TOML_INTEGER */
	int b;			/* TOML_BOOLEAN: 0 or 1 */
	size_t nr;		/* TOML_ARRAY: number of items; TOML_TABLE: number of keys */
	struct toml_value **items;	/* TOML_ARRAY: the items, in order */
	struct toml_entry *entries;	/* TOML_TABLE: the keys, in order of definition */
	/*
	 * TOML_STRING: 1 when the string is written on one line without
	 * escapes ("abc" or 'abc'), so that str follows the quote at column
	 * col of line `line` as it is, for errors that point inside it
	 * (columns count characters: text_columns() of what comes before).
	 */
	int str_col_exact;
	/* TOML_ARRAY: 1 when made by [[header]]s rather than `x = [...]`. */
	int array_of_tables;

	/* Private to toml.c. */
	int kind;		/* how a table was made: decides what may extend it */
	int depth;		/* tables and arrays between the root and here */
	size_t alloc;		/* room in items or entries */
	struct strindex index;	/* of entries, once a table is large */
};

struct toml_entry {
	const char *key;	/* NUL-terminated, valid UTF-8, may be "" */
	int line, col;		/* where the key was written */
	struct toml_value *value;
};

struct toml_doc {
	struct toml_value *root;	/* a TOML_TABLE; NULL unless a parse succeeded */
	struct arena arena;		/* private */
};

#define TOML_DOC_INIT { NULL, ARENA_INIT }

/*
 * Parses src (len bytes; need not be NUL-terminated, may hold anything) into
 * doc, which it initialises, overwriting whatever doc held. Returns 0 on
 * success. On error returns -1, leaves doc->root NULL and replaces the
 * contents of err (unless err is NULL) with exactly
 * "FILENAME:LINE:COL: message", no "tare: " prefix and no newline.
 * filename may be NULL ("<input>"). Never exits or prints.
 */
int toml_parse(struct toml_doc *doc, const char *src, size_t len,
	       const char *filename, struct strbuf *err);

/* Frees everything doc holds; safe after a failed parse, and twice. */
void toml_doc_release(struct toml_doc *doc);

/*
 * The value of key in table, or NULL if table is NULL, is not a table, or
 * has no such key. Constant time for large tables, so looking up every key
 * of a big table is fine.
 */
struct toml_value *toml_get(const struct toml_value *table, const char *key);

/* "string", "integer", "boolean", "array" or "table". */
const char *toml_type_name(enum toml_type t);

#endif
