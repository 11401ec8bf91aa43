/*
 * discover.h: from tare.toml's binaries (or -b) to the list of cases, by
 * running each binary's list protocol (docs/protocol.md), in parallel.
 *
 *     BIN --list --format terse     one "NAME: test" (or "NAME: bench")
 *                                   per line on stdout, nothing else
 *
 * Binaries of other kinds (GoogleTest, Criterion, plain executables) are
 * listed their own way (adapter.h).
 *
 * A binary built with tare.h also says "protocol tare 1" on the result
 * channel while listing; tare then holds it to reporting how each test
 * ended, so a test that exits 0 without finishing is not taken for a pass.
 */
#ifndef TARE_DISCOVER_H
#define TARE_DISCOVER_H

#include <stdint.h>

#include "arena.h"
#include "config.h"
#include "vec.h"

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

struct binary {
	const char *path;	/* absolute, for exec */
	const char *display;	/* as the user wrote it, for messages */
	const char *id;		/* short name: the file name, or a longer path
				   when two binaries share a file name */
	int kind;		/* enum binary_kind (adapter.h), never KIND_AUTO once listed */
	unsigned listed : 1;	/* its list was read (else filtered out unlisted) */
	unsigned tare_protocol : 1;
	unsigned valgrind_batch : 1;	/* can run a batch under Valgrind */
	unsigned callgrind : 1;		/* can switch callgrind on around a benchmark */
	size_t ncases;
};

struct test_case {
	struct binary *bin;
	const char *name;
	void *run;		/* the run's state for it (testrun.h), or NULL */
	uint32_t index;		/* position in the list */
	unsigned kind : 1;	/* enum case_kind */
	unsigned selected : 1;	/* will run */
	unsigned isolated : 1;	/* must have a process of its own */
	unsigned unoptimized : 1;	/* a benchmark compiled without optimisation */
	unsigned partitioned_out : 1;
	unsigned ignored : 1;	/* listed as ignored or disabled: runs only when asked */
};

struct test_list {
	struct arena arena;
	VEC(struct binary *) binaries;
	VEC(struct test_case *) cases;
	/* The binaries' lists as they printed them: the cases' names are in them. */
	VEC(char *) texts;
};

void test_list_init(struct test_list *list);
void test_list_release(struct test_list *list);

/*
 * Resolves the binaries of the kinds wanted (1u << CASE_TEST, 1u <<
 * CASE_BENCH, or both): each -b PATH (relative to the current folder) if
 * any were given, else tare.toml's patterns (relative to its folder):
 * [test] binaries for tests, [bench] binaries (if set, else [test]'s) for
 * benchmarks; a binary both name is listed once. Explicit paths must be
 * executable files; glob matches that are not are passed over. Each
 * binary's kind is cli_kind for -b paths (--kind), the pattern's `kind`
 * for tare.toml's, and if that is KIND_AUTO, adapter_detect()'s. Returns
 * -1 after one error line.
 */
int discover_binaries(struct test_list *list, const struct config *cfg,
		      const struct strvec *cli_bins, int cli_kind, unsigned kinds);

/*
 * Lists every binary for which want_binary() does not return 0 (NULL: all),
 * jobs at a time, the way its kind is listed (adapter.h), and appends its
 * cases. A harness of the list protocol other than tare.h is asked for its
 * ignored tests too (--list --format terse --ignored), as cargo-nextest
 * does: they are listed, ignored. Returns -1 after one error line
 * naming the binary (and the line, for malformed output).
 */
int discover_cases(struct test_list *list, const struct profile_view *view,
		   const char *root, int jobs,
		   int (*want_binary)(void *ctx, const struct binary *b),
		   void *ctx);

/*
 * Parses a list protocol output ("NAME: test" lines), as list_parse_fn.
 * Exposed for the tests and the fuzzer.
 */
list_parse_fn discover_parse_list;

#endif
