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
#include "listing.h"
#include "vec.h"

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
	unsigned part : 1;	/* a result of a one-process binary's run (adapter.h),
				   added by the run; never run on its own */
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

#endif
