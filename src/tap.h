/*
 * tap.h: a reader of the Test Anything Protocol (TAP 12 to 14), line by
 * line. The text is a test program's output: untrusted, a line may be
 * anything, and what is not TAP is passed over as TAP_OTHER.
 *
 *     const char *cur = out->buf, *end = cur + out->len;
 *     struct tap_line t;
 *
 *     while (tap_next(&cur, end, &t))
 *         if (t.kind == TAP_RESULT && !t.ok) ...
 *
 *     TAP version 13                     TAP_VERSION
 *     1..4   1..0 # SKIP no network      TAP_PLAN (count; skip_all with a reason)
 *     ok 1 - name # SKIP reason          TAP_RESULT (ok, number, name, directive)
 *     not ok 2 name # TODO reason
 *     Bail out! reason                   TAP_BAIL
 *     # comment, YAML, anything else     TAP_OTHER
 *
 * Indented lines (subtests, YAML blocks) are TAP_OTHER: only the top level
 * counts. A result's name is its description without the leading "- " and
 * the blanks around it; "\#" in it stands for '#', which is kept escaped
 * in the text (the name points into it).
 */
#ifndef TARE_TAP_H
#define TARE_TAP_H

#include <stddef.h>
#include <stdint.h>

enum tap_kind { TAP_OTHER, TAP_VERSION, TAP_PLAN, TAP_RESULT, TAP_BAIL };
enum tap_directive { TAP_NO_DIRECTIVE, TAP_SKIP, TAP_TODO };

/* The largest test number or plan count read; more is TAP_OTHER. */
#define TAP_NUMBER_MAX 100000000u

struct tap_line {
	enum tap_kind kind;
	/* TAP_RESULT */
	int ok;
	uint64_t number;	/* 0: the line gave none */
	const char *name;	/* the description, trimmed; may be empty */
	size_t name_len;
	enum tap_directive directive;
	/* TAP_RESULT's directive, TAP_PLAN's skip_all and TAP_BAIL: the reason (may be empty) */
	const char *reason;
	size_t reason_len;
	/* TAP_PLAN */
	uint64_t plan;
	int skip_all;		/* 1..0 with a SKIP directive, or none */
	/* TAP_VERSION */
	uint64_t version;
};

/* Reads the line [line, line + len), without its newline, into *out. */
void tap_line_parse(const char *line, size_t len, struct tap_line *out);

/*
 * The line at *cur, read by tap_line_parse(), and *cur past it and its
 * newline. Returns 1 for a line read, 0 at the end (*cur == end).
 */
int tap_next(const char **cur, const char *end, struct tap_line *out);

#endif
