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

/*
 * A test a build system registered (CTest's add_test(), Meson's test()):
 * its command and the properties tare honours (docs/suites.md). The
 * binary that runs it is its command's program.
 */
struct registered_test {
	const char *system;	/* "ctest" or "meson" */
	const char *name;	/* as the build system names it */
	struct strvec args;	/* the command after its program */
	const char *dir;	/* working directory (absolute) */
	struct strvec env;	/* in order: "NAME=value" sets, "NAME" unsets */
	struct strvec labels;	/* CTest's LABELS, Meson's suites */
	struct strvec locks;	/* RESOURCE_LOCK */
	struct strvec depends;	/* DEPENDS: tests that run before it */
	struct strvec fixtures_setup, fixtures_cleanup, fixtures_required;
	struct strvec pass_re, fail_re, skip_re;	/* *_REGULAR_EXPRESSION */
	double timeout;		/* seconds; 0: the profile's slow-timeout */
	int skip_code;		/* SKIP_RETURN_CODE; -1: none */
	int processors;		/* PROCESSORS; 0: not set */
	int priority;		/* Meson's */
	unsigned will_fail : 1;	/* WILL_FAIL, Meson's should_fail */
	unsigned run_serial : 1;	/* RUN_SERIAL, Meson's is_parallel false */
	unsigned disabled : 1;	/* DISABLED */
	unsigned meson : 1;	/* Meson's exit codes: 77 skips, 99 is a hard error */
	unsigned has_priority : 1;
	/* Found once every binary is listed (suites_resolve()). */
	VEC(struct test_case *) after;	/* DEPENDS, and the fixtures' setups and cleanups */
	VEC(struct test_case *) setups;	/* must have passed: the setups of its fixtures */
};

struct binary {
	const char *path;	/* absolute, for exec */
	const char *display;	/* as the user wrote it, for messages */
	const char *id;		/* short name: the file name, or a longer path
				   when two binaries share a file name */
	int kind;		/* enum binary_kind (adapter.h), never KIND_AUTO once listed */
	struct registered_test *reg;	/* a build system's test: its command, or NULL */
	const char *case_name;	/* the one case of a binary that is not listed, or NULL: its id */
	size_t prefix_len;	/* its cases' names start with "TEST::", this long */
	unsigned listed : 1;	/* its list was read (else filtered out unlisted) */
	unsigned tare_protocol : 1;
	unsigned valgrind_batch : 1;	/* can run a batch under Valgrind */
	unsigned callgrind : 1;		/* can switch callgrind on around a benchmark */
	unsigned fork_server : 1;	/* can run each case in a child it forks (--serve) */
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

/* A case's name as its binary knows it: without a build system's "TEST::". */
static inline const char *case_local_name(const struct test_case *tc)
{
	return tc->name + tc->bin->prefix_len;
}

/* A case's labels for label() filters: a NULL-ended array, or NULL. */
static inline const char *const *case_labels(const struct test_case *tc)
{
	return tc->bin->reg && tc->bin->reg->labels.nr
	       ? (const char *const *)tc->bin->reg->labels.v : NULL;
}

struct test_list {
	struct arena arena;
	VEC(struct registered_test *) registered;	/* owned */
	VEC(struct binary *) binaries;
	VEC(struct test_case *) cases;
	/* The binaries' lists as they printed them: the cases' names are in them. */
	VEC(char *) texts;
};

void test_list_init(struct test_list *list);
void test_list_release(struct test_list *list);

/*
 * Resolves the binaries of the kinds wanted (1u << CASE_TEST, 1u <<
 * CASE_BENCH, or both): each -b PATH (relative to the current folder) and
 * the tests of each --ctest and --meson build folder (suites.h) if any
 * were given, else tare.toml's patterns (relative to its folder) and its
 * [test] ctest and meson folders:
 * [test] binaries for tests, [bench] binaries (if set, else [test]'s) for
 * benchmarks; a binary both name is listed once. Explicit paths must be
 * executable files; glob matches that are not are passed over. Each
 * binary's kind is cli_kind for -b paths (--kind), the pattern's `kind`
 * for tare.toml's, and if that is KIND_AUTO, adapter_detect()'s. Returns
 * -1 after one error line.
 */
/* What the command line names: any of it replaces what tare.toml says. */
struct binary_sources {
	const struct strvec *bins;	/* -b PATH */
	int kind;			/* --kind: what the -b binaries are */
	const struct strvec *ctest;	/* --ctest DIR */
	const struct strvec *meson;	/* --meson DIR */
};

int discover_binaries(struct test_list *list, const struct config *cfg,
		      const struct binary_sources *cli, unsigned kinds);

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
