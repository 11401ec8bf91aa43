/*
 * adapter.h: the kinds of test binary tare runs, and for each how its
 * tests are listed, how one is run, and how what it printed is read.
 *
 *     kind       listed with                      one case run with
 *     tare       --list --format terse            --exact NAME
 *                (tare.h, Rust's libtest, any harness of cargo-nextest's
 *                protocol: docs/protocol.md)
 *     gtest      --gtest_list_tests               --gtest_filter=SUITE.NAME,
 *                                                 its JSON report read from
 *                                                 the result channel
 *     criterion  --list                           --filter SUITE/NAME,
 *                                                 its TAP report, the same
 *     plain      nothing: the executable is one test, named after it;
 *                exit 0 passes, 77 skips, anything else fails
 *     tap        nothing: one process runs every test and prints TAP
 *                (cmocka, Check, scripts); each result is a case
 *     unity      the same, in Unity's "FILE:LINE:NAME:PASS" lines
 *
 * A one-process binary (tap, unity) is listed as one case, named after
 * it, that stands for the process: its exit status, its plan or summary,
 * its memcheck errors. Each result it prints becomes a case of its own as
 * the run reads it (adapter.read_results).
 *
 * Every kind runs through the same run (testrun.c): one process per case,
 * the same statuses, timeouts, retries, wrappers and memcheck. An adapter
 * only adds arguments and reads what the framework said; the exit status,
 * signals and timeouts are judged the same way for all.
 *
 * A binary's kind is set in tare.toml (`kind` of a [[test.binaries]]
 * entry) or with --kind, else detected from the file without running it
 * (adapter_detect()).
 */
#ifndef TARE_ADAPTER_H
#define TARE_ADAPTER_H

#include <stddef.h>

#include "discover.h"
#include "strbuf.h"
#include "vec.h"

/* What one case's process left behind, for its adapter to read. */
struct case_output {
	const struct strbuf *out, *err;	/* what was kept of stdout and stderr */
	const struct strbuf *result;	/* the result channel: tare's protocol, or the
					   report a framework writes to /dev/fd/3 */
	const char *dir;		/* the attempt's folder (memcheck's), or NULL */
};

/* One result a one-process binary printed. */
struct case_result {
	const char *name;	/* in the output; not NUL-terminated */
	size_t len;
	unsigned said;		/* 1u << RESULT_PASS, RESULT_FAIL or RESULT_SKIP */
	const char *why;	/* the framework's reason (a message, a directive's), or NULL */
	size_t why_len;
	const char *out;	/* the output that goes with it, in the output */
	size_t out_len;
};

/* Called for each result in order; the result and its text live during the call. */
typedef void case_result_fn(void *ctx, const struct case_result *r);

struct adapter {
	const char *name;
	/* The arguments that list the binary's cases; NULL: it is one case. */
	const char *const *list_args;
	list_parse_fn *parse_list;
	/*
	 * An exit status of 0 is a pass only if the framework said so:
	 * otherwise the test exited early (ST_NO_RESULT).
	 */
	unsigned strict : 1;
	/*
	 * The framework runs each test in a worker process it starts: under
	 * callgrind the worker is followed, and its profile kept.
	 */
	unsigned forks_worker : 1;
	/* The arguments after the binary that run tc alone (dir: case_output.dir). */
	void (*run_args)(const struct test_case *tc, const char *dir, struct strvec *args);
	/*
	 * What the framework said of tc: bits 1u << RESULT_PASS, RESULT_FAIL,
	 * RESULT_SKIP (protocol.h); a sentence on why, when the status alone
	 * would not say, into why. NULL: nothing is said but the exit status.
	 */
	unsigned (*said)(const struct test_case *tc, const struct case_output *o,
			 struct strbuf *why);
	/*
	 * A one-process kind: reads every result of the run from its output,
	 * in order, calling emit() for each, and says what the process as a
	 * whole did (its plan or summary, its exit status against its
	 * results) as said() does. ended_early: the process was killed (a
	 * signal, a timeout): the test it was running gets a result too.
	 */
	unsigned (*read_results)(const struct case_output *o, int exit_code, int ended_early,
				 case_result_fn *emit, void *ctx, struct strbuf *why);
	/* NAME=value for the process (cmocka's CMOCKA_MESSAGE_OUTPUT=tap), or NULL. */
	const char *const *env;
	/*
	 * The function callgrind collects inside when one case is profiled
	 * (a pattern of --toggle-collect); nothing appended: the whole process.
	 */
	void (*toggle_symbol)(struct strbuf *fn, const struct test_case *tc);
};

/* The adapter of a kind other than KIND_AUTO. */
const struct adapter *adapter_of(enum binary_kind kind);

/*
 * The kind of the executable at path, from the strings and symbols in the
 * file, without running it: GoogleTest's, Criterion's, cmocka's, Check's
 * and Unity's libraries leave their names (cmocka and Check print TAP
 * when asked); a program with "TAP version" in it prints TAP; tare.h's,
 * libtest's or any program that knows "--list" is KIND_TARE (it can be
 * asked for its list); anything else is KIND_PLAIN.
 * A file that cannot be read is KIND_PLAIN: running it says why. Markers
 * in an ELF file's debug sections do not count.
 */
enum binary_kind adapter_detect(const char *path);

/*
 * The same, but a program is KIND_TARE only when tare.h or libtest left
 * their marks in it, not for knowing "--list": for commands a build system
 * runs, which may be any program.
 */
enum binary_kind adapter_detect_strict(const char *path);

/* The same for a file's bytes in memory; for the tests and the fuzzer. */
enum binary_kind adapter_detect_buffer(const char *buf, size_t len);

/* The listing parsers, for the tests and the fuzzers. */
list_parse_fn gtest_parse_list;
list_parse_fn criterion_parse_list;

/* The result readers of TAP and Unity, as read_results; for the tests and the fuzzers. */
unsigned tap_read_results(const struct case_output *o, int exit_code, int ended_early,
			  case_result_fn *emit, void *ctx, struct strbuf *why);
unsigned unity_read_results(const struct case_output *o, int exit_code, int ended_early,
			    case_result_fn *emit, void *ctx, struct strbuf *why);

/*
 * The name GoogleTest gives the class of a case, for callgrind: the case
 * "Prefix/Suite/0.Name/1" is the class Suite_Name_Test (the instance and
 * type parameters dropped).
 */
void gtest_class_name(struct strbuf *sb, const char *case_name);

#endif
