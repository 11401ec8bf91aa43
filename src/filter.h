/*
 * filter.h: filter expressions (-E, and `filter` in tare.toml), the
 * filterset language of cargo-nextest without its Rust-only predicates.
 *
 *     size_t col;
 *     struct strbuf err = STRBUF_INIT;
 *     struct filter *f = filter_parse("test(~push) & binary(ring_*)", &col, &err);
 *     if (!f)
 *         return error("-E:1:%zu: %s", col, err.buf);
 *     if (filter_match(f, "ring_test", "push_then_pop"))
 *         ...
 *     filter_free(f);
 *     strbuf_release(&err);
 *
 * The language
 * ------------
 *     expr      = or
 *     or        = and { ("or" | "|" | "+") and }
 *     and       = unary { ("and" | "&" | "-") unary }
 *     unary     = ("not" | "!") unary | primary
 *     primary   = "(" expr ")" | predicate
 *     predicate = "all()" | "none()" | "test(" matcher ")" | "binary(" matcher ")"
 *               | "label(" matcher ")" | "suite(" matcher ")"
 *
 * Precedence, highest first: parentheses, not, and / - (left to right),
 * or (left to right). `a - b` means `a and not b`. The words and, or, not
 * are operators only when no letter, digit or '_' follows them (`notx` is a
 * word of its own). Whitespace may appear between any two tokens.
 *
 * test() matches the test name, binary() the binary id ("unit",
 * "ring_test"), label() (or suite(), the same) any of the labels a build
 * system gave the test: CTest's LABELS, Meson's suites. A matcher is,
 * after its surrounding whitespace is trimmed:
 *     =TEXT     the whole string equals TEXT
 *     ~TEXT     the string contains TEXT
 *     #TEXT     the whole string matches the glob TEXT (fnmatch, no flags)
 *     /RE/      the string contains a match of the POSIX extended regex RE
 *     TEXT      ~TEXT inside test(), #TEXT inside binary() and label()
 * TEXT ends at the first unescaped ')' (an unescaped '(' or ',' is an
 * ordinary character) and may use the escapes \n \t \r \\ \/ \) \, and
 * \u{HEX} (1 to 6 hex digits naming a Unicode scalar value other than NUL,
 * written out as UTF-8). Inside /RE/ the only escape tare handles is \/ (a
 * literal slash); every other backslash goes to regcomp() as written, and
 * RE ends at the first unescaped '/', which may only be followed by
 * whitespace and ')'. Regexes may not use backreferences (\1), nest *, +
 * or {m,} more than 8 deep, or repeat so much that glibc would expand them
 * past about 1024 elements (`(a{1,100}){1,100}`): those make glibc's
 * regcomp() or regexec() take minutes and gigabytes.
 *
 * Limits, so hostile input stays cheap: an expression holds at most 64 KiB,
 * parentheses and not operators nest at most 64 deep, a matcher is at most
 * 4096 bytes as written and a regex at most 1024.
 */
#ifndef TARE_FILTER_H
#define TARE_FILTER_H

#include <stddef.h>

#include "strbuf.h"

#define FILTER_MAX_LEN 65536
#define FILTER_MAX_DEPTH 64
#define FILTER_MAX_MATCHER 4096
#define FILTER_MAX_REGEX 1024

/* A compiled expression. Immutable once parsed, so threads may share it. */
struct filter;

/*
 * Compiles expr. On error returns NULL, sets *err_col to the 1-based byte
 * column in expr of the offending token (one past the last byte when the
 * expression ends too early) and replaces the contents of *err with a
 * message such as "expected ')'" (lowercase, no full stop, no position),
 * for the caller to prefix with where the expression came from. err_col
 * and err may be NULL when the caller does not care.
 */
struct filter *filter_parse(const char *expr, size_t *err_col, struct strbuf *err);

/* Frees f and everything it owns; f may be NULL. */
void filter_free(struct filter *f);

/* 1 if the test test_name of the binary binary_id matches f, else 0. */
int filter_match(const struct filter *f, const char *binary_id,
		 const char *test_name);

/* The same for a test with labels (a NULL-ended array; NULL: none). */
int filter_match_labels(const struct filter *f, const char *binary_id,
			const char *test_name, const char *const *labels);

/*
 * What f says about a binary whose tests are not known yet, in Kleene's
 * three-valued logic: every test() and label() predicate is FILTER_MAYBE, all() is
 * FILTER_YES, none() FILTER_NO, binary() YES or NO; not MAYBE is MAYBE,
 * NO and anything is NO, YES or anything is YES, and the rest is MAYBE.
 *
 * FILTER_NO means no test of the binary can match, so the binary need not
 * even be listed; FILTER_YES means every test matches. The answer is
 * sound but not complete: `test(a) or not test(a)` is MAYBE.
 */
enum filter_tri { FILTER_NO = 0, FILTER_YES = 1, FILTER_MAYBE = 2 };
enum filter_tri filter_match_binary(const struct filter *f, const char *binary_id);

/* The expression as written, for messages and JSON output. */
const char *filter_source(const struct filter *f);

#endif
