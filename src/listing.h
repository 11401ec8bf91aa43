/*
 * listing.h: what the parsers of test lists share (adapter.h has one per
 * kind of binary): an entry, the callback that takes it, the checks of a
 * name, and the parser of tare's own list protocol (docs/protocol.md):
 *
 *     BIN --list --format terse     one "NAME: test" (or "NAME: bench")
 *                                   per line on stdout, nothing else
 */
#ifndef TARE_LISTING_H
#define TARE_LISTING_H

#include <stddef.h>

#include "strbuf.h"

#define CASE_NAME_MAX 8192

enum case_kind { CASE_TEST, CASE_BENCH };

/* One entry of a listing. */
struct list_entry {
	const char *name;	/* not NUL-terminated; in the listing's text */
	size_t len;
	enum case_kind kind;
	unsigned ignored : 1;	/* listed but not run unless asked for */
	unsigned in_text : 1;	/* name is in the listing's text, and the byte
				   after it is the parser's to overwrite */
};

/*
 * Called for each entry in order; returns 0, or -1 with what is wrong in
 * err.
 */
typedef int list_emit_fn(void *ctx, const struct list_entry *e, struct strbuf *err);

/*
 * A listing parser: calls emit() for each case of the text in order. On
 * malformed text, or when emit() returns -1, returns -1 with the 1-based
 * line in *bad_line and what is wrong in err. The text is untrusted: no
 * input makes it read outside [buf, buf + len).
 */
typedef int list_parse_fn(const char *buf, size_t len, list_emit_fn *emit, void *ctx,
			  size_t *bad_line, struct strbuf *err);

/*
 * Checks a case's name: at most CASE_NAME_MAX bytes, no control character.
 * Returns 0, or -1 with what is wrong in err.
 */
int case_name_check(const char *name, size_t len, struct strbuf *err);

/*
 * Emits the test case SUITE SEP NAME (GoogleTest's "Suite.Name",
 * Criterion's "suite/name"), its whole name checked first.
 */
int list_emit_joined(list_emit_fn *emit, void *ctx, const char *suite, size_t suite_len,
		     const char *sep, const char *name, size_t len, unsigned ignored,
		     struct strbuf *err);

/*
 * Parses a list protocol output ("NAME: test" lines), as list_parse_fn;
 * the names are in the text (in_text).
 */
list_parse_fn list_protocol_parse;

#endif
