/*
 * tare.h: write tests for C (and C++) that `tare test` runs, each in its
 * own process, in parallel, and benchmarks that `tare bench` measures under
 * callgrind, exact to the instruction (see "Benchmarks" below). One
 * header, no library to link.
 *
 * Quick start
 * -----------
 *     // ring_test.c
 *     #define TARE_MAIN          // in exactly one file of the test binary
 *     #include "tare.h"
 *     #include "ring.h"
 *
 *     TARE_TEST(push_then_pop) {
 *         struct ring r;
 *         ring_init(&r, 4);
 *         TARE_ASSERT(ring_push(&r, 7) == 0);
 *         TARE_ASSERT_EQ(ring_len(&r), 1);
 *         TARE_ASSERT_EQ(ring_pop(&r), 7);
 *         ring_free(&r);
 *     }
 *
 *     cc -o build/ring_test ring_test.c ring.c && tare test -b build/ring_test
 *
 * Any number of files of one binary may include tare.h and define tests;
 * the one that defines TARE_MAIN before including it also gets main() (or,
 * with TARE_NO_MAIN defined too, the function tare_main() to call from a
 * main() of your own).
 *
 * The API, in the order this file documents it
 * --------------------------------------------
 * Tests
 *     TARE_TEST(name) { ... }             a test
 *     TARE_TEST_ISOLATED(name) { ... }    one that needs a process of its own
 * Assertions: each ends the test at once when it fails
 *     TARE_ASSERT(cond)                   any condition
 *     TARE_ASSERT_EQ, _NE, _LT, _LE, _GT, _GE (a, b)    integers, any types
 *     TARE_ASSERT_STREQ, _STRNE (a, b)    C strings
 *     TARE_ASSERT_MEMEQ(a, b, n)          bytes
 *     TARE_ASSERT_NEAR(a, b, eps)         floating point
 *     TARE_ASSERT_PTR_EQ, _PTR_NE (a, b), TARE_ASSERT_NULL, _NOT_NULL (p)
 *     TARE_FAIL(fmt, ...)                 fail with a message
 *     TARE_SKIP(fmt, ...)                 end as skipped, with a reason
 * Benchmarks
 *     TARE_BENCH(name) { ... }            a benchmark: only the body counts
 *     TARE_BENCH_IMPL(name, impl) { ... } one of several implementations
 *     TARE_BENCH_SETUP(name, setup, teardown);   its input, not measured
 *     TARE_BENCH_CASE(name, "case", "arg");      one more input
 *     tare_bench_input(), tare_bench_arg()       in a body: the input
 *     tare_black_box(ptr)                 keeps work from being optimised away
 * The harness
 *     tare_main(argc, argv)               the command line below
 *     tare_tests(), struct tare_test      the registered tests
 *     tare_register(), tare_register_bench(), _bench_setup(), _bench_case()
 *                                         what the macros call
 *     TARE_EXIT_SKIP (77), TARE_VERSION, TARE_VERSION_NUMBER
 * Switches, defined before including tare.h ("Switches" below)
 *     TARE_MAIN, TARE_NO_MAIN, TARE_NO_VALGRIND
 *
 * Left out on purpose
 * -------------------
 * - Non-fatal expectations (a check that records a failure and goes on):
 *   the first broken invariant ends the test, so what it prints is the
 *   cause and not what followed from it; a test that wants to report
 *   several independent facts is several tests, which tare runs in
 *   parallel and reports one by one.
 * - Fixtures (a setup and teardown run around each test): a test is a
 *   function, so its setup is a call at its start; and a teardown could
 *   not be promised, since a failed assertion ends the test at once.
 *   Under `tare test` each test runs in its own process, which gives back
 *   its memory, files and descriptors whatever happens; where tests share
 *   one Valgrind process, the leak check after each test counts what a
 *   failed test left against that test, not the next. Benchmarks have a
 *   setup and teardown (TARE_BENCH_SETUP) because there they keep work
 *   out of the count.
 * - Parameterised tests: a loop inside one test, or one test per input.
 *
 * Requirements: C99 or later, or C++11 or later; gcc or clang (tests register
 * themselves through the constructor attribute). Compiles without warnings
 * at -Wall -Wextra -Wpedantic.
 *
 * The binary's command line (docs/protocol.md has the full protocol)
 * ---------------------------------------------------------------------
 *     BIN --list [--format terse]   one line per test, "NAME: test", then one
 *                                   per benchmark, "NAME: bench", on stdout
 *     BIN --exact NAME              run that test; exit 0 pass, 1 fail, 77 skip
 *     BIN --batch DIR               run the tests named in DIR/tests in this
 *                                   process, reporting each to tare (how
 *                                   tare runs many tests under one Valgrind)
 *     BIN --serve DIR               run each case listed in DIR/cases in a
 *                                   child forked from this process (how tare
 *                                   runs a binary under one Valgrind start,
 *                                   each case in its own process)
 *     BIN --bench N                 measure the N-th benchmark (tare bench)
 *     BIN --bench-wall N            time it natively (tare bench --wall)
 *     BIN [FILTER...]               run every test (or those whose name
 *                                   contains a FILTER) in this process, in
 *                                   order; ends with "N passed, N failed,
 *                                   N skipped"; exit 0 if none failed
 *     BIN --help                    this usage
 * Unknown options print the usage on stderr and exit 2. The flags
 * `--nocapture` and `--ignored` that cargo-nextest passes are accepted, so
 * nextest can drive these binaries too.
 *
 * Failures
 * --------
 * A failed assertion prints "FILE:LINE: what failed" and the values
 * involved on stderr, then ends the test at once: in C by longjmp back to the
 * harness, in C++ (with exceptions enabled) by throwing, so destructors run.
 * Code after the failed assertion does not run, cleanup included; each test
 * runs in its own process under `tare test`, so that is harmless there.
 * Every assertion evaluates each of its arguments exactly once.
 */
#ifndef TARE_H
#define TARE_H

#define TARE_VERSION "0.1.0"
#define TARE_VERSION_NUMBER 100	/* major * 10000 + minor * 100 + patch */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The exit status that means "skipped" (the GNU convention). */
#define TARE_EXIT_SKIP 77

/*
 * Tests
 * -----
 */

/*
 * One registered test. Filled in by TARE_TEST; the fields are read-only for
 * users (a custom main may walk the list with tare_tests()).
 */
struct tare_test {
	const char *name;	/* the identifier given to TARE_TEST */
	void (*fn)(void);	/* the body */
	const char *file;	/* where it was defined */
	int line;
	int isolated;		/* defined with TARE_TEST_ISOLATED */
	struct tare_test *next;	/* registration order */
};

/*
 * TARE_TEST(name) { body }
 *
 * Defines and registers a test called `name` (a C identifier, unique in the
 * binary). Tests run in the order they are registered: the order of
 * definition within a file, and link order across files.
 */
#define TARE_TEST(name) TARE__DEFINE_TEST(name, 0)

/*
 * TARE_TEST_ISOLATED(name) { body }
 *
 * A test that must have a process of its own even where tare runs many
 * tests in one process (`tare test --profile valgrind` runs a binary's
 * tests in one Valgrind process): for tests that change process-wide state
 * they cannot undo, such as signal dispositions, the environment or the
 * working directory.
 */
#define TARE_TEST_ISOLATED(name) TARE__DEFINE_TEST(name, 1)

#define TARE__DEFINE_TEST(name, isolated)                                     \
	static void tare__fn_##name(void);                                    \
	static struct tare_test tare__case_##name = {                         \
		#name, tare__fn_##name, __FILE__, __LINE__, isolated, NULL };  \
	TARE__CONSTRUCTOR(tare__reg_##name)                                   \
	{                                                                     \
		tare_register(&tare__case_##name);                             \
	}                                                                     \
	static void tare__fn_##name(void)

/* Adds t to the list of tests. TARE_TEST calls it; you need not. */
void tare_register(struct tare_test *t);

/* The first registered test (follow ->next for the rest), or NULL. */
struct tare_test *tare_tests(void);

/*
 * Runs the harness: parses argv as described at the top of this file and
 * returns the exit status. main() does `return tare_main(argc, argv);`.
 */
int tare_main(int argc, char **argv);

/*
 * Assertions
 * ----------
 * Each one, when it fails, prints "FILE:LINE: what failed" and the values
 * involved on stderr and ends the test ("Failures" at the top).
 */

/*
 * TARE_ASSERT(cond)
 * Fails the test if cond is false, printing the condition's source text.
 */
#define TARE_ASSERT(cond)                                                     \
	do {                                                                  \
		if (!(cond))                                                  \
			tare__fail_cond(__FILE__, __LINE__, #cond);            \
	} while (0)

/*
 * TARE_ASSERT_EQ(a, b), _NE, _LT, _LE, _GT, _GE
 * Compare two integers of any integer types (char, bool and enums
 * included). The comparison is the mathematical one: -1 < 1u holds, unlike
 * in C. On failure both values are printed, signed ones as signed and
 * unsigned ones as unsigned. Pointers belong in TARE_ASSERT_PTR_EQ and
 * floating point in TARE_ASSERT_NEAR; a floating-point argument here fails
 * the test with a message saying so.
 */
#define TARE_ASSERT_EQ(a, b) TARE__CMP_INT(a, b, TARE__OP_EQ, "TARE_ASSERT_EQ")
#define TARE_ASSERT_NE(a, b) TARE__CMP_INT(a, b, TARE__OP_NE, "TARE_ASSERT_NE")
#define TARE_ASSERT_LT(a, b) TARE__CMP_INT(a, b, TARE__OP_LT, "TARE_ASSERT_LT")
#define TARE_ASSERT_LE(a, b) TARE__CMP_INT(a, b, TARE__OP_LE, "TARE_ASSERT_LE")
#define TARE_ASSERT_GT(a, b) TARE__CMP_INT(a, b, TARE__OP_GT, "TARE_ASSERT_GT")
#define TARE_ASSERT_GE(a, b) TARE__CMP_INT(a, b, TARE__OP_GE, "TARE_ASSERT_GE")

/*
 * TARE_ASSERT_STREQ(a, b), TARE_ASSERT_STRNE(a, b)
 * Compare two NUL-terminated strings (either may be NULL; two NULLs are
 * equal). On failure both are printed as C string literals, with control
 * characters escaped, and the offset of the first difference.
 */
#define TARE_ASSERT_STREQ(a, b)                                               \
	tare__check_str(__FILE__, __LINE__, "TARE_ASSERT_STREQ", #a, #b, (a), (b), 1)
#define TARE_ASSERT_STRNE(a, b)                                               \
	tare__check_str(__FILE__, __LINE__, "TARE_ASSERT_STRNE", #a, #b, (a), (b), 0)

/*
 * TARE_ASSERT_MEMEQ(a, b, n)
 * Compares n bytes at a and b. On failure prints the offset of the first
 * differing byte and a hex dump of the 16-byte row around it from both
 * sides, the differing byte marked.
 */
#define TARE_ASSERT_MEMEQ(a, b, n)                                            \
	tare__check_mem(__FILE__, __LINE__, #a, #b, #n, (a), (b), (n))

/*
 * TARE_ASSERT_NEAR(a, b, eps)
 * Passes when |a - b| <= eps, all three converted to double. NaN never
 * passes. On failure prints both values to 17 significant digits and the
 * difference.
 */
#define TARE_ASSERT_NEAR(a, b, eps)                                           \
	tare__check_near(__FILE__, __LINE__, #a, #b, #eps, (a), (b), (eps))

/* TARE_ASSERT_PTR_EQ(a, b), _PTR_NE: compare two pointers. */
#define TARE_ASSERT_PTR_EQ(a, b)                                              \
	tare__check_ptr(__FILE__, __LINE__, "TARE_ASSERT_PTR_EQ", #a, #b,       \
			TARE__PTR_BITS(a), TARE__PTR_BITS(b), 1)
#define TARE_ASSERT_PTR_NE(a, b)                                              \
	tare__check_ptr(__FILE__, __LINE__, "TARE_ASSERT_PTR_NE", #a, #b,       \
			TARE__PTR_BITS(a), TARE__PTR_BITS(b), 0)
/* TARE_ASSERT_NULL(p), TARE_ASSERT_NOT_NULL(p) */
#define TARE_ASSERT_NULL(p) TARE_ASSERT_PTR_EQ(p, NULL)
#define TARE_ASSERT_NOT_NULL(p) TARE_ASSERT_PTR_NE(p, NULL)

/*
 * TARE_FAIL(fmt, ...)
 * Fails the test with a printf-style message.
 */
#define TARE_FAIL(...) tare__fail_fmt(__FILE__, __LINE__, __VA_ARGS__)

/*
 * TARE_SKIP(fmt, ...)
 * Ends the test as skipped, with a printf-style reason. Under
 * `--exact` the process exits with status 77.
 */
#define TARE_SKIP(...) tare__skip_fmt(__FILE__, __LINE__, __VA_ARGS__)

/*
 * Benchmarks
 * ----------
 * `tare bench` runs each benchmark once, in its own process under
 * Valgrind's callgrind, and counts the instructions (and simulated cache
 * hits and misses) of the body alone: collection is switched on by a
 * client request just before the body is called and off just after, so
 * start-up, setup and teardown count nothing. The counts are the same from
 * run to run, so a change of one instruction shows.
 *
 *     TARE_BENCH(sum_1k) {                  // a benchmark: the body is measured
 *         unsigned s = 0;
 *         for (unsigned i = 0; i < 1000; i++)
 *             s += i;
 *         tare_black_box(&s);               // keeps the loop from being deleted
 *     }
 *
 * Implementations of one benchmark, compared side by side in RESULTS.md
 * (tare.toml's `[bench] baseline = "libc"` names the one the others are
 * measured against; otherwise the first defined is):
 *
 *     TARE_BENCH_IMPL(copy_4k, mine) { my_memcpy(dst, src, 4096); tare_black_box(dst); }
 *     TARE_BENCH_IMPL(copy_4k, libc) { memcpy(dst, src, 4096); tare_black_box(dst); }
 *
 * Setup and teardown, not measured, and cases: one body, several inputs.
 * The setup gets the case's argument and returns the body's input, which
 * the body reads with tare_bench_input(); the teardown gets it back:
 *
 *     static void *make_keys(const char *arg) { return keys_new(atoi(arg)); }
 *     static void free_keys(void *keys) { keys_free(keys); }
 *
 *     TARE_BENCH_SETUP(hash, make_keys, free_keys);
 *     TARE_BENCH_CASE(hash, "100", "100");
 *     TARE_BENCH_CASE(hash, "10k", "10000");
 *     TARE_BENCH_IMPL(hash, fnv1a) { struct keys *k = tare_bench_input(); ... }
 *     TARE_BENCH_IMPL(hash, djb2)  { struct keys *k = tare_bench_input(); ... }
 *
 * Names: a benchmark is listed as NAME, NAME/CASE, NAME@IMPL or
 * NAME/CASE@IMPL (here hash/100@fnv1a, hash/100@djb2, hash/10k@fnv1a, ...).
 * NAME and IMPL are C identifiers; a case name is any text up to 200 bytes
 * without '@', control characters or ": ".
 *
 * `tare test --benches` also runs each benchmark once as a test (setup,
 * body, teardown; assertions work as in tests), so that memcheck sees the
 * benchmarks too: a benchmark that corrupts memory fails a test.
 *
 * Measuring needs Valgrind's client-request headers (the valgrind package,
 * <valgrind/callgrind.h>) when the binary is built: without them there is
 * nothing to switch collection on, and `tare bench` refuses the binary.
 * Build benchmarks with optimisation (-O2): tare bench warns about a
 * benchmark whose file was compiled without it.
 */

/* One registered benchmark body. Read-only for users, like struct tare_test. */
struct tare_bench {
	const char *name;	/* the benchmark */
	const char *impl;	/* the implementation, or NULL (TARE_BENCH) */
	void (*fn)(void);	/* the body */
	const char *file;
	int line;
	int optimized;		/* its file was compiled with optimisation */
	struct tare_bench *next;
};

/* The setup and teardown of a benchmark, by TARE_BENCH_SETUP. */
struct tare_bench_setup {
	const char *name;
	void *(*setup)(const char *arg);
	void (*teardown)(void *input);
	struct tare_bench_setup *next;
};

/* One case of a benchmark, by TARE_BENCH_CASE. */
struct tare_bench_case {
	const char *name;	/* the benchmark */
	const char *case_name;
	const char *arg;	/* given to the setup */
	struct tare_bench_case *next;
};

#ifdef __OPTIMIZE__
#define TARE__OPTIMIZED 1
#else
#define TARE__OPTIMIZED 0
#endif

/*
 * TARE_BENCH(name) { body }
 *
 * Defines and registers the benchmark `name` (a C identifier, unique among
 * the binary's benchmarks). Only the body is measured.
 */
#define TARE_BENCH(name) TARE__DEFINE_BENCH(name, tare__bench_##name, NULL)

/*
 * TARE_BENCH_IMPL(name, impl) { body }
 *
 * One implementation of the benchmark `name`; define several to compare
 * them. Each is listed and measured as NAME@IMPL.
 */
#define TARE_BENCH_IMPL(name, impl)                                           \
	TARE__DEFINE_BENCH(name, tare__bench_##name##__##impl, #impl)

#define TARE__DEFINE_BENCH(name, fn, impl)                                    \
	static void fn(void);                                                 \
	static struct tare_bench fn##__reg = {                                \
		#name, impl, fn, __FILE__, __LINE__, TARE__OPTIMIZED, NULL };  \
	TARE__CONSTRUCTOR(fn##__ctor)                                         \
	{                                                                     \
		tare_register_bench(&fn##__reg);                               \
	}                                                                     \
	static void fn(void)

/*
 * TARE_BENCH_SETUP(name, setup, teardown);
 *
 * Before each run of any implementation of `name`'s body, in the same
 * process and not measured, `void *setup(const char *arg)` makes the
 * body's input (arg is the case's argument, or NULL without cases); after
 * it, `void teardown(void *input)` (may be NULL) gets the input back. One
 * per benchmark.
 */
#define TARE_BENCH_SETUP(name, setup_fn, teardown_fn)                         \
	static struct tare_bench_setup tare__bsetup_##name = {                \
		#name, setup_fn, teardown_fn, NULL };                          \
	TARE__CONSTRUCTOR(tare__bsetup_ctor_##name)                           \
	{                                                                     \
		tare_register_bench_setup(&tare__bsetup_##name);               \
	}                                                                     \
	struct tare__semicolon

/*
 * TARE_BENCH_CASE(name, "case", "arg");
 *
 * Adds a case to the benchmark `name`: every implementation of it is then
 * run once per case, listed as NAME/CASE or NAME/CASE@IMPL, with "arg"
 * given to the setup (and to tare_bench_arg()). Cases run in the order
 * they are defined. At most one TARE_BENCH_CASE per source line.
 */
#define TARE_BENCH_CASE(name, case_name, arg)                                 \
	TARE__BENCH_CASE(name, case_name, arg, __LINE__)
#define TARE__BENCH_CASE(name, case_name, arg, line)                          \
	TARE__BENCH_CASE2(name, case_name, arg, line)
#define TARE__BENCH_CASE2(name, case_name, arg, line)                         \
	static struct tare_bench_case tare__bcase_##name##_##line = {         \
		#name, case_name, arg, NULL };                                 \
	TARE__CONSTRUCTOR(tare__bcase_ctor_##name##_##line)                   \
	{                                                                     \
		tare_register_bench_case(&tare__bcase_##name##_##line);        \
	}                                                                     \
	struct tare__semicolon

/* The running benchmark's input: what its setup returned (NULL without one). */
void *tare_bench_input(void);

/* The running benchmark's case argument, or NULL without cases. */
const char *tare_bench_arg(void);

/*
 * tare_black_box(ptr)
 *
 * Tells the compiler that the memory at ptr is read and written by code it
 * cannot see, so the work that produced it is not optimised away and what
 * follows cannot assume its value. Costs no instruction.
 */
static inline void tare_black_box(const void *ptr)
{
#if defined(__GNUC__) || defined(__clang__)
	__asm__ __volatile__("" : : "r"(ptr) : "memory");
#else
	(void)ptr;
#endif
}

/* Registration; the macros call them, you need not. */
void tare_register_bench(struct tare_bench *b);
void tare_register_bench_setup(struct tare_bench_setup *s);
void tare_register_bench_case(struct tare_bench_case *c);

/*
 * Switches
 * --------
 * Define these before including tare.h:
 *
 * TARE_MAIN         in exactly one file of the binary: that file gets the
 *                   harness, main() included.
 * TARE_NO_MAIN      with TARE_MAIN: no main(); call tare_main() from yours.
 * TARE_NO_VALGRIND  leave Valgrind's client requests out (below).
 *
 * Valgrind's client requests are found by `__has_include`: where the
 * compiler sees <valgrind/valgrind.h> and <valgrind/memcheck.h> (the
 * valgrind package; BSD-licensed headers, no library), a binary's tests
 * can run in one Valgrind process with each error and leak attributed to
 * its test; without them tare runs one Valgrind process per test, and the
 * results are the same, only slower. <valgrind/callgrind.h> as well is
 * needed to measure benchmarks: without it `tare bench` refuses the binary.
 * Under TARE_NO_VALGRIND none of them is included. When tare lists the
 * binary, the harness tells it which it has (the `feature` lines of
 * docs/protocol.md).
 *
 * The harness reads one environment variable, TARE_RESULT_FD, which tare
 * sets to a pipe it reads each test's result from; it unsets it before
 * the test runs, so the test's own children never see it.
 */

/* ---- implementation details below: not part of the API ---- */

#if defined(__GNUC__) || defined(__clang__)
#define TARE__NORETURN __attribute__((noreturn))
#define TARE__PRINTF(f, a) __attribute__((format(printf, f, a)))
#define TARE__CONSTRUCTOR(fn)                                                 \
	static void fn(void) __attribute__((constructor));                    \
	static void fn(void)
#else
#error "tare.h needs gcc or clang (tests register through __attribute__((constructor)))"
#endif

#ifdef __cplusplus
#define TARE__TYPEOF(x) decltype(x)
#else
#define TARE__TYPEOF(x) __typeof__(x)
#endif

enum {
	TARE__OP_EQ, TARE__OP_NE, TARE__OP_LT, TARE__OP_LE, TARE__OP_GT, TARE__OP_GE
};

/*
 * Each operand is evaluated once into a local of its own (promoted) type;
 * the type then tells whether it is signed, and whether it is an integer at
 * all ((T)1 / 2 is 0 only for integers).
 */
/*
 * Pointers travel as integers: a const void * argument would make gcc 12
 * warn that fresh malloc() memory "may be used uninitialized".
 */
#define TARE__PTR_BITS(p) ((uintptr_t)(const void *)(p))

#define TARE__SIGNED(T) ((T)-1 < (T)1)
#define TARE__INTEGRAL(T) ((T)1 / 2 == 0)
#define TARE__CMP_INT(a, b, op, macro)                                        \
	do {                                                                  \
		TARE__TYPEOF((a) + 0) tare__a = (a);                          \
		TARE__TYPEOF((b) + 0) tare__b = (b);                          \
		if (TARE__INTEGRAL(TARE__TYPEOF((a) + 0)) &&                  \
		    TARE__INTEGRAL(TARE__TYPEOF((b) + 0)))                    \
			tare__check_int(__FILE__, __LINE__, macro, #a, #b, op,  \
				TARE__SIGNED(TARE__TYPEOF((a) + 0)),          \
				(uintmax_t)tare__a,                            \
				TARE__SIGNED(TARE__TYPEOF((b) + 0)),          \
				(uintmax_t)tare__b);                           \
		else                                                          \
			tare__fail_fmt(__FILE__, __LINE__,                     \
				"%s(%s, %s): an argument is not an integer; "  \
				"use TARE_ASSERT_NEAR for floating point",     \
				macro, #a, #b);                                \
	} while (0)

TARE__NORETURN void tare__fail_cond(const char *file, int line, const char *cond);
TARE__NORETURN void tare__fail_fmt(const char *file, int line, const char *fmt, ...)
	TARE__PRINTF(3, 4);
TARE__NORETURN void tare__skip_fmt(const char *file, int line, const char *fmt, ...)
	TARE__PRINTF(3, 4);
void tare__check_int(const char *file, int line, const char *macro,
		     const char *ea, const char *eb, int op,
		     int a_signed, uintmax_t a, int b_signed, uintmax_t b);
void tare__check_str(const char *file, int line, const char *macro,
		     const char *ea, const char *eb, const char *a,
		     const char *b, int want_equal);
void tare__check_mem(const char *file, int line, const char *ea,
		     const char *eb, const char *en, const void *a,
		     const void *b, size_t n);
void tare__check_near(const char *file, int line, const char *ea,
		      const char *eb, const char *eeps, double a, double b,
		      double eps);
void tare__check_ptr(const char *file, int line, const char *macro,
		     const char *ea, const char *eb, uintptr_t a, uintptr_t b,
		     int want_equal);

#ifdef __cplusplus
}
#endif

#endif /* TARE_H */

/*
 * The implementation, compiled once: in the translation unit that defines
 * TARE_MAIN. It sits outside the include guard (and has its own) so that a
 * header of yours that includes tare.h first does not swallow it.
 */
#if defined(TARE_MAIN) && !defined(TARE__MAIN_DONE)
#define TARE__MAIN_DONE

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <setjmp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif
#ifdef __cplusplus
#include <exception>
#endif

/*
 * Valgrind's client requests ("Switches" above): with them, a batch of
 * tests in one Valgrind process marks where each test starts and ends and
 * checks for leaks after each.
 */
#if !defined(TARE_NO_VALGRIND) && defined(__has_include)
#if __has_include(<valgrind/valgrind.h>) && __has_include(<valgrind/memcheck.h>)
#include <valgrind/valgrind.h>
#include <valgrind/memcheck.h>
#define TARE__HAVE_VALGRIND 1
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define TARE__HAVE_CALLGRIND 1
#endif
#endif
#endif

/*
 * Before a batch's leak check: the test has returned, but a pointer to the
 * block it leaked may still sit in a caller-saved register, where
 * memcheck's leak scan finds it, and the leak would show up one test late.
 * Callee-saved registers hold the harness's own values by then.
 */
#if defined(__x86_64__)
#define TARE__SCRUB_REGISTERS()                                               \
	__asm__ __volatile__("xor %%eax, %%eax\n\txor %%ecx, %%ecx\n\t"         \
			     "xor %%edx, %%edx\n\txor %%esi, %%esi\n\t"         \
			     "xor %%edi, %%edi\n\txor %%r8d, %%r8d\n\t"         \
			     "xor %%r9d, %%r9d\n\txor %%r10d, %%r10d\n\t"       \
			     "xor %%r11d, %%r11d"                                 \
			     ::: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9",  \
			     "r10", "r11", "cc", "memory")
#elif defined(__aarch64__)
#define TARE__SCRUB_REGISTERS()                                               \
	__asm__ __volatile__("mov x0, xzr\n\tmov x1, xzr\n\tmov x2, xzr\n\t"    \
			     "mov x3, xzr\n\tmov x4, xzr\n\tmov x5, xzr\n\t"    \
			     "mov x6, xzr\n\tmov x7, xzr\n\tmov x8, xzr\n\t"    \
			     "mov x9, xzr\n\tmov x10, xzr\n\tmov x11, xzr\n\t"  \
			     "mov x12, xzr\n\tmov x13, xzr\n\tmov x14, xzr\n\t" \
			     "mov x15, xzr\n\tmov x16, xzr\n\tmov x17, xzr"     \
			     ::: "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", \
			     "x8", "x9", "x10", "x11", "x12", "x13", "x14",      \
			     "x15", "x16", "x17", "memory")
#else
#define TARE__SCRUB_REGISTERS() ((void)0)
#endif

#if !defined(__cplusplus) && \
	!(defined(_POSIX_C_SOURCE) && _POSIX_C_SOURCE >= 200112L) && \
	!defined(_XOPEN_SOURCE) && !defined(_GNU_SOURCE)
/* Hidden by strict -std=c99 on glibc; POSIX.1-2001 has them. */
extern int setenv(const char *name, const char *value, int overwrite);
extern int unsetenv(const char *name);
#endif
#if !defined(__cplusplus)
/* XSI's, hidden by strict POSIX modes on glibc. */
extern int putenv(char *string);
#endif

#if defined(__cplusplus) && (defined(__cpp_exceptions) || defined(__EXCEPTIONS))
#define TARE__USE_EXCEPTIONS 1
struct tare__unwinding {
	int skipped;
};
#else
#define TARE__USE_EXCEPTIONS 0
#endif

#ifdef __cplusplus
extern "C" {
#endif

static struct tare_test *tare__head;
static struct tare_test **tare__tail = &tare__head;
static int tare__result_fd = -1;
#if !TARE__USE_EXCEPTIONS
static jmp_buf tare__jmp;
#endif
static int tare__in_test;

void tare_register(struct tare_test *t)
{
	t->next = NULL;
	*tare__tail = t;
	tare__tail = &t->next;
}

struct tare_test *tare_tests(void)
{
	return tare__head;
}

/* Ends the running test; never returns. */
static TARE__NORETURN void tare__unwind(int skipped)
{
	fflush(stdout);
	if (!tare__in_test) {
		/* An assertion outside any test (say, in a constructor). */
		exit(skipped ? TARE_EXIT_SKIP : 1);
	}
#if TARE__USE_EXCEPTIONS
	throw tare__unwinding{skipped};
#else
	longjmp(tare__jmp, skipped ? 2 : 1);
#endif
}

void tare__fail_cond(const char *file, int line, const char *cond)
{
	fflush(stdout);
	fprintf(stderr, "%s:%d: TARE_ASSERT failed: %s\n", file, line, cond);
	tare__unwind(0);
}

void tare__fail_fmt(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s:%d: failed: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	tare__unwind(0);
}

void tare__skip_fmt(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s:%d: skipped: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	tare__unwind(1);
}

/* Formats an operand: signed values as signed, unsigned as unsigned. */
static void tare__fmt_int(char *buf, size_t size, int is_signed, uintmax_t v)
{
	if (is_signed && v > (uintmax_t)INTMAX_MAX)
		snprintf(buf, size, "%" PRIdMAX, -(intmax_t)(~v) - 1);
	else
		snprintf(buf, size, "%" PRIuMAX, v);
}

/* -1, 0 or 1 as the mathematical values of a and b compare. */
static int tare__cmp_int(int a_signed, uintmax_t a, int b_signed, uintmax_t b)
{
	int a_neg = a_signed && a > (uintmax_t)INTMAX_MAX;
	int b_neg = b_signed && b > (uintmax_t)INTMAX_MAX;

	if (a_neg != b_neg)
		return a_neg ? -1 : 1;
	/* Same sign: the two's complement bit patterns order correctly. */
	return a < b ? -1 : a > b;
}

/*
 * Prints "  EXPR = VALUE", or, when EXPR is a literal that reads as its
 * value, just the value in the value column.
 */
static void tare__print_operand(const char *expr, const char *value, int width)
{
	if (strcmp(expr, value) == 0)
		fprintf(stderr, "  %*s   %s\n", width, "", value);
	else
		fprintf(stderr, "  %*s = %s\n", width, expr, value);
}

static int tare__width(const char *ea, const char *eb)
{
	size_t w = strlen(ea) > strlen(eb) ? strlen(ea) : strlen(eb);
	return w > 60 ? 0 : (int)w;
}

void tare__check_int(const char *file, int line, const char *macro,
		     const char *ea, const char *eb, int op,
		     int a_signed, uintmax_t a, int b_signed, uintmax_t b)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
	char va[32], vb[32];
	int c = tare__cmp_int(a_signed, a, b_signed, b), ok;

	switch (op) {
	case TARE__OP_EQ: ok = c == 0; break;
	case TARE__OP_NE: ok = c != 0; break;
	case TARE__OP_LT: ok = c < 0; break;
	case TARE__OP_LE: ok = c <= 0; break;
	case TARE__OP_GT: ok = c > 0; break;
	default: ok = c >= 0; break;
	}
	if (ok)
		return;
	tare__fmt_int(va, sizeof(va), a_signed, a);
	tare__fmt_int(vb, sizeof(vb), b_signed, b);
	fflush(stdout);
	fprintf(stderr, "%s:%d: %s failed: %s %s %s\n", file, line, macro, ea,
		ops[op], eb);
	tare__print_operand(ea, va, tare__width(ea, eb));
	tare__print_operand(eb, vb, tare__width(ea, eb));
	tare__unwind(0);
}

/* Prints s as a C string literal: quotes, escapes, at most max bytes. */
static void tare__print_cstr(const char *s, size_t max)
{
	size_t i;

	if (!s) {
		fputs("NULL", stderr);
		return;
	}
	fputc('"', stderr);
	for (i = 0; s[i] && i < max; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '\n': fputs("\\n", stderr); break;
		case '\t': fputs("\\t", stderr); break;
		case '\r': fputs("\\r", stderr); break;
		case '"': fputs("\\\"", stderr); break;
		case '\\': fputs("\\\\", stderr); break;
		default:
			/* Bytes >= 0x80 pass through: UTF-8 stays readable. */
			if (c < 0x20 || c == 0x7f)
				fprintf(stderr, "\\x%02x", c);
			else
				fputc(c, stderr);
		}
	}
	fputc('"', stderr);
	if (s[i])
		fprintf(stderr, "... (%zu more bytes)", strlen(s + i));
}

void tare__check_str(const char *file, int line, const char *macro,
		     const char *ea, const char *eb, const char *a,
		     const char *b, int want_equal)
{
	int equal = (a == NULL || b == NULL) ? a == b : strcmp(a, b) == 0;
	int w = tare__width(ea, eb);

	if (equal == want_equal)
		return;
	fflush(stdout);
	fprintf(stderr, "%s:%d: %s failed: %s %s %s\n", file, line, macro, ea,
		want_equal ? "==" : "!=", eb);
	fprintf(stderr, "  %*s = ", w, ea);
	tare__print_cstr(a, 4096);
	fprintf(stderr, "\n  %*s = ", w, eb);
	tare__print_cstr(b, 4096);
	fputc('\n', stderr);
	if (!equal && a && b) {
		size_t i = 0;
		while (a[i] && a[i] == b[i])
			i++;
		fprintf(stderr, "  first difference at byte %zu\n", i);
	}
	tare__unwind(0);
}

static void tare__hex_row(const char *label, int w, const unsigned char *p,
			  size_t row, size_t n, size_t mark)
{
	size_t i;

	fprintf(stderr, "  %*s +%04zx:", w, label, row);
	for (i = row; i < row + 16 && i < n; i++) {
		if (i == mark)
			fprintf(stderr, "[%02x]", p[i]);
		else if (i == mark + 1)
			fprintf(stderr, "%02x", p[i]);
		else
			fprintf(stderr, " %02x", p[i]);
	}
	fputc('\n', stderr);
}

void tare__check_mem(const char *file, int line, const char *ea,
		     const char *eb, const char *en, const void *a,
		     const void *b, size_t n)
{
	const unsigned char *pa = (const unsigned char *)a;
	const unsigned char *pb = (const unsigned char *)b;
	size_t i;
	int w = tare__width(ea, eb);

	if (n == 0 || pa == pb)
		return;
	if (!pa || !pb) {
		fflush(stdout);
		fprintf(stderr, "%s:%d: TARE_ASSERT_MEMEQ failed: %s is NULL\n",
			file, line, pa ? eb : ea);
		tare__unwind(0);
	}
	for (i = 0; i < n && pa[i] == pb[i]; i++)
		;
	if (i == n)
		return;
	fflush(stdout);
	{
		char nbuf[32];
		snprintf(nbuf, sizeof(nbuf), "%zu", n);
		fprintf(stderr, "%s:%d: TARE_ASSERT_MEMEQ failed: %s == %s (%s%s%s bytes)\n",
			file, line, ea, eb, strcmp(en, nbuf) ? en : "",
			strcmp(en, nbuf) ? " = " : "", nbuf);
	}
	fprintf(stderr, "  first difference at offset %zu (0x%zx): 0x%02x != 0x%02x\n",
		i, i, pa[i], pb[i]);
	tare__hex_row(ea, w, pa, i & ~(size_t)15, n, i);
	tare__hex_row(eb, w, pb, i & ~(size_t)15, n, i);
	tare__unwind(0);
}

void tare__check_near(const char *file, int line, const char *ea,
		      const char *eb, const char *eeps, double a, double b,
		      double eps)
{
	double d = a > b ? a - b : b - a;
	int w = tare__width(ea, eb);

	if (d <= eps)	/* false when anything is NaN */
		return;
	fflush(stdout);
	fprintf(stderr, "%s:%d: TARE_ASSERT_NEAR failed: |%s - %s| <= %s\n",
		file, line, ea, eb, eeps);
	fprintf(stderr, "  %*s = %.17g\n  %*s = %.17g\n", w, ea, a, w, eb, b);
	fprintf(stderr, "  difference %.17g exceeds %.17g\n", d, eps);
	tare__unwind(0);
}

void tare__check_ptr(const char *file, int line, const char *macro,
		     const char *ea, const char *eb, uintptr_t a, uintptr_t b,
		     int want_equal)
{
	int w = tare__width(ea, eb);

	if ((a == b) == want_equal)
		return;
	fflush(stdout);
	fprintf(stderr, "%s:%d: %s failed: %s %s %s\n", file, line, macro, ea,
		want_equal ? "==" : "!=", eb);
	fprintf(stderr, "  %*s = %p\n  %*s = %p\n", w, ea, (void *)a, w, eb, (void *)b);
	tare__unwind(0);
}

/*
 * The result channel (docs/protocol.md): when tare runs the binary it puts
 * a pipe's descriptor in TARE_RESULT_FD. Over it the harness says that it
 * speaks the protocol (at --list) and how each test ended, so that a test
 * that exits with status 0 without finishing (exit(0) in the body, or a
 * wrapper that never ran the binary) is not taken for a pass.
 */
static void tare__result_open(void)
{
	const char *s = getenv("TARE_RESULT_FD");
	char *end;
	long fd;

	if (!s || !*s)
		return;
	errno = 0;
	fd = strtol(s, &end, 10);
	if (*end || errno || fd < 0 || fd > 65535 || fcntl((int)fd, F_GETFD) < 0)
		return;
	tare__result_fd = (int)fd;
	/* Not for the test's own children: they must not answer for it. */
	fcntl(tare__result_fd, F_SETFD, FD_CLOEXEC);
	unsetenv("TARE_RESULT_FD");
}

static void tare__result_say(const char *word, const char *name)
{
	static char line[8300];
	int n;

	if (tare__result_fd < 0)
		return;
	n = snprintf(line, sizeof(line), name ? "%s %s\n" : "%s\n", word, name);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	while (write(tare__result_fd, line, (size_t)n) < 0 && errno == EINTR)
		;
}

enum { TARE__PASS, TARE__FAIL, TARE__SKIP };

static long tare__pid;	/* the harness's own process */
static char tare__stdout_buf[4096];

static int tare__run_one(struct tare_test *t)
{
	volatile int result = TARE__PASS;

	tare__in_test = 1;
#if TARE__USE_EXCEPTIONS
	try {
		t->fn();
	} catch (const tare__unwinding &u) {
		result = u.skipped ? TARE__SKIP : TARE__FAIL;
	} catch (const std::exception &e) {
		fflush(stdout);
		fprintf(stderr, "%s:%d: test threw an exception: %s\n", t->file,
			t->line, e.what());
		result = TARE__FAIL;
	} catch (...) {
		fflush(stdout);
		fprintf(stderr, "%s:%d: test threw an exception\n", t->file, t->line);
		result = TARE__FAIL;
	}
#else
	switch (setjmp(tare__jmp)) {
	case 0:
		t->fn();
		break;
	case 2:
		result = TARE__SKIP;
		break;
	default:
		result = TARE__FAIL;
		break;
	}
#endif
	tare__in_test = 0;
	fflush(stdout);
	/*
	 * A child the test forked and that returned from it must not go on to
	 * report for the test, or run the next ones.
	 */
	if ((long)getpid() != tare__pid)
		_exit(result == TARE__PASS ? 0 : result == TARE__SKIP ? TARE_EXIT_SKIP : 1);
	return result;
}

/* ---- benchmarks ---- */

/* Longest benchmark name: NAME/CASE@IMPL. */
#define TARE__BENCH_NAME_MAX 1024
#define TARE__CASE_NAME_MAX 200

static struct tare_bench *tare__benches;
static struct tare_bench **tare__benches_tail = &tare__benches;
static struct tare_bench_setup *tare__setups;
static struct tare_bench_case *tare__cases;
static struct tare_bench_case **tare__cases_tail = &tare__cases;
static void *tare__input;
static const char *tare__arg;

void tare_register_bench(struct tare_bench *b)
{
	b->next = NULL;
	*tare__benches_tail = b;
	tare__benches_tail = &b->next;
}

void tare_register_bench_setup(struct tare_bench_setup *s)
{
	s->next = tare__setups;
	tare__setups = s;
}

void tare_register_bench_case(struct tare_bench_case *c)
{
	c->next = NULL;
	*tare__cases_tail = c;
	tare__cases_tail = &c->next;
}

void *tare_bench_input(void)
{
	return tare__input;
}

const char *tare_bench_arg(void)
{
	return tare__arg;
}

/* One benchmark as listed: a body and one of its benchmark's cases. */
struct tare__binst {
	struct tare_bench *b;
	struct tare_bench_case *c;	/* NULL: the benchmark has none */
	char name[TARE__BENCH_NAME_MAX];
};

static void tare__binst_fill(struct tare__binst *bi, struct tare_bench *b,
			     struct tare_bench_case *c)
{
	bi->b = b;
	bi->c = c;
	snprintf(bi->name, sizeof(bi->name), "%s%s%s%s%s", b->name, c ? "/" : "",
		 c ? c->case_name : "", b->impl ? "@" : "", b->impl ? b->impl : "");
}

/* The list of benchmarks, made once: (body, case) in list order. */
struct tare__bref {
	struct tare_bench *b;
	struct tare_bench_case *c;
};
static struct tare__bref *tare__brefs;
static long tare__nbrefs = -1;

static void tare__bref_add(struct tare_bench *b, struct tare_bench_case *c, long *alloc)
{
	if (tare__nbrefs == *alloc) {
		struct tare__bref *more;

		*alloc = *alloc ? 2 * *alloc : 64;
		more = (struct tare__bref *)realloc(tare__brefs, (size_t)*alloc * sizeof(*more));
		if (!more) {
			fprintf(stderr, "tare.h: out of memory\n");
			exit(2);
		}
		tare__brefs = more;
	}
	tare__brefs[tare__nbrefs].b = b;
	tare__brefs[tare__nbrefs++].c = c;
}

/*
 * List order: benchmarks by their first definition; within one, its cases
 * in order, and within a case its implementations in order of definition,
 * so that the implementations of one case sit side by side.
 */
static void tare__brefs_make(void)
{
	struct tare_bench *first, *b;
	struct tare_bench_case *c;
	long alloc = 0;

	tare__nbrefs = 0;
	for (first = tare__benches; first; first = first->next) {
		int had = 0;

		for (b = tare__benches; b != first && strcmp(b->name, first->name); b = b->next)
			;
		if (b != first)
			continue;	/* not the first body of its benchmark */
		for (c = tare__cases; c; c = c->next) {
			if (strcmp(c->name, first->name) != 0)
				continue;
			had = 1;
			for (b = first; b; b = b->next)
				if (!strcmp(b->name, first->name))
					tare__bref_add(b, c, &alloc);
		}
		for (b = first; b && !had; b = b->next)
			if (!strcmp(b->name, first->name))
				tare__bref_add(b, NULL, &alloc);
	}
}

/* The n-th benchmark in list order (0-based). Returns 0, or -1 past the end. */
static int tare__bench_at(long n, struct tare__binst *bi)
{
	if (tare__nbrefs < 0)
		tare__brefs_make();
	if (n < 0 || n >= tare__nbrefs)
		return -1;
	tare__binst_fill(bi, tare__brefs[n].b, tare__brefs[n].c);
	return 0;
}

static int tare__bench_find(const char *name, struct tare__binst *bi)
{
	long n;

	for (n = 0; tare__bench_at(n, bi) == 0; n++)
		if (strcmp(bi->name, name) == 0)
			return 0;
	return -1;
}

static const struct tare_bench_setup *tare__setup_of(const char *name)
{
	const struct tare_bench_setup *s;

	for (s = tare__setups; s; s = s->next)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

static const struct tare__binst *tare__current_bench;

/* Runs the body through measure(), between its setup and teardown. */
static void tare__bench_run(void (*measure)(void (*)(void)))
{
	const struct tare__binst *bi = tare__current_bench;
	const struct tare_bench_setup *s = tare__setup_of(bi->b->name);

	tare__arg = bi->c ? bi->c->arg : NULL;
	tare__input = s && s->setup ? s->setup(tare__arg) : NULL;
	measure(bi->b->fn);
	if (s && s->teardown)
		s->teardown(tare__input);
	tare__input = NULL;
}

static void tare__call(void (*fn)(void))
{
	fn();
}

/* --exact NAME of a benchmark, and tare test --benches: once, as a test. */
static void tare__bench_as_test(void)
{
	tare__bench_run(tare__call);
}

#ifdef TARE__HAVE_CALLGRIND
/*
 * Callgrind starts with collection off (tare passes --collect-atstart=no);
 * it is on from just before the call to just after it. What the toggles
 * themselves cost (a few instructions) is what an empty body reports.
 * Not inlined, so the compiler cannot move the body's work across the
 * requests. tare bench --tool dhat counts the allocations whose stack
 * holds this frame (a body that tail-calls leaves no frame of its own):
 * the name stays, and nothing but the body is called from here.
 */
__attribute__((noinline)) static void tare__measure(void (*fn)(void))
{
	CALLGRIND_TOGGLE_COLLECT;
	fn();
	CALLGRIND_TOGGLE_COLLECT;
}
#else
#define tare__measure tare__call
#endif

static void tare__bench_measured(void)
{
	tare__bench_run(tare__measure);
}

/* Seconds on a monotonic clock where the language mode lets us see one. */
static double tare__now(void)
{
#if defined(CLOCK_MONOTONIC)
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
#elif (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L) || \
	(defined(__cplusplus) && __cplusplus >= 201703L)
	struct timespec ts;

	timespec_get(&ts, TIME_UTC);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
#else
	/* Strict C99 hides POSIX clocks: processor time it is. */
	return (double)clock() / CLOCKS_PER_SEC;
#endif
}

static int tare__by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

#define TARE__WALL_SAMPLES 25

/*
 * --bench-wall: native timing. Calibrates the iterations per sample to
 * about a millisecond, then takes up to 25 samples (fewer if they exceed
 * two seconds in all) and reports the median, fastest and slowest time per
 * iteration. The body runs repeatedly on the one input its setup made.
 */
static void tare__wall(void (*fn)(void))
{
	double samples[TARE__WALL_SAMPLES], start, t, budget;
	unsigned long iters = 1, i;
	int n = 0;
	char line[200];

	fn();	/* warm-up: caches, lazy binding, first-touch page faults */
	for (;;) {
		start = tare__now();
		for (i = 0; i < iters; i++)
			fn();
		t = tare__now() - start;
		if (t >= 1e-3 || iters >= (1ul << 30))
			break;
		iters *= t > 1e-5 ? (unsigned long)(1.2e-3 / t) + 1 : 100;
	}
	budget = tare__now() + 2.0;
	while (n < TARE__WALL_SAMPLES && (n < 5 || tare__now() < budget)) {
		start = tare__now();
		for (i = 0; i < iters; i++)
			fn();
		samples[n++] = (tare__now() - start) / (double)iters;
	}
	qsort(samples, (size_t)n, sizeof(samples[0]), tare__by_double);
	snprintf(line, sizeof(line), "%lu %d %.3f %.3f %.3f", iters, n,
		 samples[n / 2] * 1e9, samples[0] * 1e9, samples[n - 1] * 1e9);
	tare__result_say("wall", line);
}

static void tare__bench_wall(void)
{
	tare__bench_run(tare__wall);
}

/* Benchmark definitions that cannot be right; -1 after saying why. */
static int tare__check_benches(void)
{
	struct tare_bench *b, *o;
	struct tare_bench_case *c, *d;
	struct tare_bench_setup *s, *t;

	for (b = tare__benches; b; b = b->next)
		for (o = tare__benches; o != b; o = o->next) {
			if (strcmp(o->name, b->name) != 0)
				continue;
			if (!o->impl != !b->impl) {
				fprintf(stderr, "tare.h: benchmark '%s' has implementations "
					"(TARE_BENCH_IMPL) and a plain TARE_BENCH (%s:%d and %s:%d)\n",
					b->name, o->file, o->line, b->file, b->line);
				return -1;
			}
			if (!b->impl || strcmp(o->impl, b->impl) == 0) {
				fprintf(stderr, "tare.h: benchmark '%s%s%s' is defined twice "
					"(%s:%d and %s:%d)\n", b->name, b->impl ? "@" : "",
					b->impl ? b->impl : "", o->file, o->line, b->file, b->line);
				return -1;
			}
		}
	for (b = tare__benches; b; b = b->next) {
		struct tare_test *x;

		for (x = tare__head; x && !b->impl; x = x->next)
			if (strcmp(x->name, b->name) == 0) {
				fprintf(stderr, "tare.h: '%s' is a test (%s:%d) and a benchmark "
					"(%s:%d)\n", b->name, x->file, x->line, b->file, b->line);
				return -1;
			}
	}
	for (c = tare__cases; c; c = c->next) {
		const char *p = c->case_name;
		size_t n = p ? strlen(p) : 0;
		int bad = n == 0 || n > TARE__CASE_NAME_MAX || strchr(p, '@') || strstr(p, ": ");

		for (; p && *p && !bad; p++)
			bad = (unsigned char)*p < 0x20 || *p == 0x7f;
		if (bad) {
			fprintf(stderr, "tare.h: case '%s' of benchmark '%s': a case name is 1 to %d "
				"bytes without '@', ': ' or control characters\n",
				c->case_name ? c->case_name : "(null)", c->name, TARE__CASE_NAME_MAX);
			return -1;
		}
		for (d = tare__cases; d != c; d = d->next)
			if (strcmp(d->name, c->name) == 0 && strcmp(d->case_name, c->case_name) == 0) {
				fprintf(stderr, "tare.h: benchmark '%s' has two cases named '%s'\n",
					c->name, c->case_name);
				return -1;
			}
		for (b = tare__benches; b && strcmp(b->name, c->name) != 0; b = b->next)
			;
		if (!b) {
			fprintf(stderr, "tare.h: TARE_BENCH_CASE names '%s', which is no benchmark\n",
				c->name);
			return -1;
		}
	}
	for (s = tare__setups; s; s = s->next) {
		for (t = tare__setups; t != s; t = t->next)
			if (strcmp(t->name, s->name) == 0) {
				fprintf(stderr, "tare.h: benchmark '%s' has two TARE_BENCH_SETUPs\n",
					s->name);
				return -1;
			}
		for (b = tare__benches; b && strcmp(b->name, s->name) != 0; b = b->next)
			;
		if (!b) {
			fprintf(stderr, "tare.h: TARE_BENCH_SETUP names '%s', which is no benchmark\n",
				s->name);
			return -1;
		}
	}
	return 0;
}

/* A file in the batch folder, for the n-th test's output. */
static int tare__open_output(const char *dir, long n, const char *what)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%ld.%s", dir, n, what);
	return open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
}

static const char *tare__result_word(int r)
{
	return r == TARE__PASS ? "pass" : r == TARE__SKIP ? "skip" : "fail";
}

/* Runs one test as its own process's only one: said on the result channel, and the exit status. */
static int tare__run_reported(struct tare_test *t)
{
	int r;

	tare__result_say("start", t->name);
	r = tare__run_one(t);
	tare__result_say(tare__result_word(r), t->name);
	return r == TARE__PASS ? 0 : r == TARE__SKIP ? TARE_EXIT_SKIP : 1;
}

/*
 * The test called name, or the benchmark (run once, as a test): then a
 * test made up for it in *scratch, which must outlive the run.
 */
static struct tare_test *tare__find(const char *name, struct tare_test *scratch,
				    struct tare__binst *bi)
{
	struct tare_test *t;

	for (t = tare__head; t; t = t->next)
		if (strcmp(t->name, name) == 0)
			return t;
	if (tare__bench_find(name, bi) < 0)
		return NULL;
	memset(scratch, 0, sizeof(*scratch));
	scratch->name = bi->name;
	scratch->fn = tare__bench_as_test;
	scratch->file = bi->b->file;
	scratch->line = bi->b->line;
	tare__current_bench = bi;
	return scratch;
}

/*
 * Whether the test left processes running (a child, or, the batch being a
 * subreaper, any process it started whose parent is gone). Those that
 * exited are reaped.
 */
static int tare__children_left(void)
{
	int status;
	pid_t p;

	do
		p = waitpid(-1, &status, WNOHANG);
	while (p > 0 || (p < 0 && errno == EINTR));
	return p == 0;
}

#ifdef TARE__HAVE_VALGRIND
/*
 * Valgrind writes one XML file per process into the batch folder. More of
 * them after a test than before means the test started processes, whose
 * findings tare can only attribute by running the test alone: it is told.
 */
static void tare__count_xml_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	long n = 0;
	char num[32];

	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		n += len > 4 && strcmp(e->d_name + len - 4, ".xml") == 0;
	}
	closedir(d);
	snprintf(num, sizeof(num), "%ld", n);
	tare__result_say("files", num);
}

/*
 * Reports the leaks the test added, then marks its end. Not inlined, so
 * the registers it scrubs are not ones its caller still needs.
 */
__attribute__((noinline)) static void tare__leak_check(const char *name)
{
	TARE__SCRUB_REGISTERS();
	VALGRIND_DO_ADDED_LEAK_CHECK;
	VALGRIND_PRINTF("tare-end %s\n", name);
}
#endif

/*
 * --batch DIR: runs the tests named in DIR/tests, one per line, one after
 * another in this process (docs/protocol.md). The n-th test's stdout and
 * stderr go to DIR/n.out and DIR/n.err; the result channel says when each
 * starts and how it ends. Under Valgrind, client messages bracket each
 * test and a leak check follows it, so memcheck's findings can be
 * attributed exactly as if each test had had a process of its own.
 */
static int tare__run_batch(const char *argv0, const char *dir)
{
	char path[4096], line[8200];
	FILE *list;
	char **names = NULL;
	size_t count = 0, alloc = 0, i;
	int saved_out, saved_err;

	/* All names first: the list's buffers must be gone before the baseline. */
	snprintf(path, sizeof(path), "%s/tests", dir);
	list = fopen(path, "r");
	if (!list) {
		fprintf(stderr, "%s: cannot open '%s'\n", argv0, path);
		return 2;
	}
	while (fgets(line, sizeof(line), list)) {
		size_t len = strlen(line);

		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (!len)
			continue;
		if (count == alloc) {
			char **more;
			alloc = alloc ? 2 * alloc : 64;
			more = (char **)realloc(names, alloc * sizeof(*names));
			if (!more)
				return 2;
			names = more;
		}
		names[count] = (char *)malloc(len + 1);
		if (!names[count])
			return 2;
		memcpy(names[count++], line, len + 1);
	}
	fclose(list);
	saved_out = dup(1);
	saved_err = dup(2);
	if (saved_out < 0 || saved_err < 0)
		return 2;
	fcntl(saved_out, F_SETFD, FD_CLOEXEC);
	fcntl(saved_err, F_SETFD, FD_CLOEXEC);
#if defined(__linux__) && defined(PR_SET_CHILD_SUBREAPER)
	/* What a test's children leave behind stays ours: tare__children_left() sees it. */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#endif
#ifdef TARE__HAVE_VALGRIND
	/*
	 * The baseline for the added checks. A full check, not a quick one:
	 * leaks that start-up (constructors) made show here, before the
	 * first test, where tare sees them and runs the tests alone, as
	 * each of them would have them in a process of its own.
	 */
	if (RUNNING_ON_VALGRIND)
		VALGRIND_DO_LEAK_CHECK;
#endif
	for (i = 0; i < count; i++) {
		struct tare_test scratch, *t;
		struct tare__binst bi;
#ifdef TARE__HAVE_VALGRIND
		unsigned errors = 0;
#endif
		int out = tare__open_output(dir, (long)i, "out");
		int err = tare__open_output(dir, (long)i, "err");
		int r, left;

		if (out < 0 || err < 0)
			return 2;
		t = tare__find(names[i], &scratch, &bi);
		setenv("TARE_TEST_NAME", names[i], 1);
		tare__result_say("start", names[i]);
#ifdef TARE__HAVE_VALGRIND
		if (RUNNING_ON_VALGRIND) {
			VALGRIND_PRINTF("tare-start %s\n", names[i]);
			errors = VALGRIND_COUNT_ERRORS;
		}
#endif
		fflush(stdout);
		fflush(stderr);
		dup2(out, 1);
		dup2(err, 2);
		close(out);
		close(err);
		if (t) {
			r = tare__run_one(t);
		} else {
			fprintf(stderr, "%s: no test named '%s'\n", argv0, names[i]);
			r = TARE__FAIL;
		}
		fflush(stdout);
		fflush(stderr);
		dup2(saved_out, 1);
		dup2(saved_err, 2);
#ifdef TARE__HAVE_VALGRIND
		if (RUNNING_ON_VALGRIND) {
			/*
			 * Valgrind shows an error once, however often it
			 * recurs: a test that repeats an earlier test's error
			 * adds to the count and shows nothing. tare then runs
			 * it alone, where its errors show.
			 */
			char num[32];

			errors = VALGRIND_COUNT_ERRORS - errors;
			snprintf(num, sizeof(num), "%u", errors);
			tare__result_say("errors", num);
			tare__leak_check(names[i]);
			tare__count_xml_files(dir);
		}
#endif
		/*
		 * Processes the test left would go on beside the next tests:
		 * the batch ends here, and tare runs this test alone, where
		 * what they do is its own.
		 */
		left = tare__children_left();
		if (left)
			tare__result_say("children", "1");
		tare__result_say(tare__result_word(r), names[i]);
		if (left)
			break;
	}
	tare__result_say("done", NULL);
	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return 0;
}

/*
 * --serve DIR: the fork server (docs/protocol.md). DIR/cases holds one
 * line per case, "test NAME" (run as --exact NAME runs it) or "bench N"
 * (measured as --bench N measures it). Each case runs in a child forked
 * from this process, so a Valgrind started once serves every case while
 * each still has a process of its own: its own leak check at exit, its
 * own XML or callgrind file (%p in their names), its own exit status.
 *
 * The loop between two forks allocates nothing and takes the same path
 * each time, so that every child starts from the same heap and, under
 * callgrind's cache simulation, the same simulated caches: a benchmark's
 * counts do not depend on which cases ran before it. A first child that
 * does nothing takes the one-time costs of the first fork (the kernel's
 * and Valgrind's) out of the first case.
 */
static char tare__serve_buf[8300];

static char tare__serve_case[8300];

/* A served test's "TARE_TEST_NAME=NAME", for putenv(). */
static char tare__serve_env[sizeof("TARE_TEST_NAME=") + sizeof(tare__serve_case)];

static void tare__serve_noop(void)
{
}

/*
 * A case's child: its line, its output files, its test, run as --exact
 * runs it. With rehearse, the server itself goes through the same code to
 * the test, which it does not run (a test that does nothing runs
 * instead): see tare__serve_rehearse().
 */
__attribute__((noinline)) static long
tare__serve_child(const char *argv0, const char *dir, long n, const char *case_line,
		  int fd, size_t width, int rehearse)
{
	struct tare_test scratch, noop, *t;
	struct tare__binst bi;
	const char *line = tare__serve_case;
	int out, err;

	if (case_line) {
		snprintf(tare__serve_case, sizeof(tare__serve_case), "%s", case_line);
	} else if (lseek(fd, (off_t)(n * (long)width), SEEK_SET) < 0 ||
		   read(fd, tare__serve_case, width) != (ssize_t)width) {
		return 2;
	} else {
		tare__serve_case[width - 1] = '\0';
	}
	if (!rehearse)
		(void)setpgid(0, 0);
	tare__pid = (long)getpid();
	out = tare__open_output(dir, n, "out");
	err = tare__open_output(dir, n, "err");
	if (out < 0 || err < 0)
		return 2;
	dup2(out, 1);
	dup2(err, 2);
	close(out);
	close(err);
	if (strncmp(line, "bench ", 6) == 0) {
		char *end;
		long k;

		errno = 0;
		k = strtol(line + 6, &end, 10);
		if (line[6] < '0' || line[6] > '9' || *end || errno ||
		    tare__bench_at(k, &bi) < 0) {
			fprintf(stderr, "%s: no benchmark number '%s'\n", argv0, line + 6);
			return 2;
		}
		memset(&scratch, 0, sizeof(scratch));
		scratch.name = bi.name;
		scratch.fn = tare__bench_measured;
		scratch.file = bi.b->file;
		scratch.line = bi.b->line;
		tare__current_bench = &bi;
		t = &scratch;
	} else {
		const char *name = line + (strncmp(line, "test ", 5) == 0 ? 5 : 0);

		t = tare__find(name, &scratch, &bi);
		/*
		 * putenv() of a buffer of ours, not setenv(): with the name in
		 * the environment already (tare sets it for the server), that
		 * takes nothing from the heap, so the test starts from the heap
		 * a process of its own (--exact) would, and its allocations
		 * cost what they would cost there.
		 */
		snprintf(tare__serve_env, sizeof(tare__serve_env), "TARE_TEST_NAME=%s", name);
		putenv(tare__serve_env);
		if (!t) {
			fprintf(stderr, "%s: no test named '%s'\n", argv0, name);
			return 2;
		}
	}
	if (rehearse) {
		memset(&noop, 0, sizeof(noop));
		noop.name = t->name;
		noop.fn = tare__serve_noop;
		noop.file = t->file;
		noop.line = t->line;
		t = &noop;
	}
	return tare__run_reported(t);
}

/*
 * Valgrind translates code the first time a process runs it, and a child
 * inherits what its parent translated but gives its own translations to
 * nobody: code that only children run is translated again in every one.
 * Under memcheck a translation costs some 0.1 ms, and a served test's
 * child runs a few hundred blocks its server never ran, most of them on
 * the way to its test and back. So before the first fork a test server
 * goes through that way itself: tare__serve_child() for the first case,
 * with its output files, its result lines and its descriptors 1 and 2
 * sent elsewhere and put back, and a test that does nothing in place of
 * the test. What it leaves (TARE_TEST_NAME set, which each child sets
 * again) is the same for every child. Only the exit path (exit handlers,
 * destructors, stdio's clean-up) is still each child's own to translate.
 * Bench servers skip this: their children's starting state, which their
 * counts depend on, stays what it was.
 */
static void tare__serve_rehearse(const char *argv0, const char *dir, const char *list)
{
	char path[4096], first[sizeof(tare__serve_case)];
	int result_fd = tare__result_fd, saved_out, saved_err, null_fd;

	snprintf(first, sizeof(first), "%.*s", (int)strcspn(list, "\n"), list);

	null_fd = open("/dev/null", O_WRONLY);
	saved_out = dup(1);
	saved_err = dup(2);
	if (null_fd < 0 || saved_out < 0 || saved_err < 0)
		goto out;
	fflush(stdout);
	fflush(stderr);
	tare__result_fd = null_fd;
	(void)tare__serve_child(argv0, dir, -1, first, -1, 0, 1);
	fflush(NULL);
	tare__result_fd = result_fd;
	tare__current_bench = NULL;
	dup2(saved_out, 1);
	dup2(saved_err, 2);
out:
	snprintf(path, sizeof(path), "%s/-1.out", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/-1.err", dir);
	unlink(path);
	if (saved_out >= 0)
		close(saved_out);
	if (saved_err >= 0)
		close(saved_err);
	if (null_fd >= 0)
		close(null_fd);
}

static int tare__serve(const char *argv0, const char *dir)
{
	char path[4096];
	struct stat st;
	char *all = NULL, *line, *next = NULL;
	size_t len = 0, alloc = 0, got, width;
	long n, count = 0;
	pid_t pid;
	int status, left, fd = -1;

	snprintf(path, sizeof(path), "%s/cases", dir);
	/*
	 * tare bench's lists are lines of one length, "bench NNNNNNNN": each
	 * child reads its own line from the file, into one buffer, and the
	 * server reads no more than the first. Nothing the server touches
	 * before a fork then depends on the list (its length, which case
	 * comes next), so neither does the heap or the simulated caches a
	 * child starts from.
	 */
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "%s: cannot open '%s'\n", argv0, path);
		return 2;
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	got = (size_t)read(fd, tare__serve_case, sizeof(tare__serve_case) - 1);
	if (got >= sizeof(tare__serve_case) || fstat(fd, &st) < 0 || st.st_size < 0) {
		fprintf(stderr, "%s: cannot read '%s'\n", argv0, path);
		return 2;
	}
	if (got >= 7 && !strncmp(tare__serve_case, "bench ", 6)) {
		tare__serve_case[got] = '\0';
		line = strchr(tare__serve_case, '\n');
		width = line ? (size_t)(line - tare__serve_case) + 1 : 0;
		if (!width || (size_t)st.st_size % width) {
			fprintf(stderr, "%s: '%s': bench lines must all have one length\n",
				argv0, path);
			return 2;
		}
		count = (long)((size_t)st.st_size / width);
	} else {
		/*
		 * Tests: the whole list first, in a mapping of its own, not
		 * the heap: a child starts from the heap the server had before
		 * the list, and has none of it to free (a leak check would
		 * otherwise see it). /dev/zero, as MAP_ANONYMOUS is not
		 * POSIX.1-2008's.
		 */
		int zero = open("/dev/zero", O_RDWR);
		ssize_t r;

		alloc = (size_t)st.st_size + 1;
		all = zero < 0 ? (char *)MAP_FAILED :
				 (char *)mmap(NULL, alloc, PROT_READ | PROT_WRITE, MAP_PRIVATE,
					      zero, 0);
		if (zero >= 0)
			close(zero);
		if (all == (char *)MAP_FAILED) {
			fprintf(stderr, "%s: cannot map '%s' in\n", argv0, path);
			return 2;
		}
		len = got < alloc ? got : alloc - 1;
		memcpy(all, tare__serve_case, len);
		while (len < alloc - 1 && (r = read(fd, all + len, alloc - 1 - len)) > 0)
			len += (size_t)r;
		close(fd);
		fd = -1;
		width = 0;
		all[len] = '\0';
	}
#if defined(__linux__) && defined(PR_SET_CHILD_SUBREAPER)
	/* What a case's children leave behind stays ours: tare__children_left() sees it. */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#endif
	if (all && !strncmp(all, "test ", 5))
		tare__serve_rehearse(argv0, dir, all);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0)
		_exit(0);
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	for (n = 0, line = all; all ? *line != '\0' : n < count; n++, line = next) {
		if (all) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			else
				next = line + strlen(line);
		}
		fflush(stdout);
		fflush(stderr);
		pid = fork();
		if (pid < 0)
			break;	/* tare runs the rest again */
		if (pid == 0)
			exit((int)tare__serve_child(argv0, dir, n, all ? line : NULL, fd, width,
						    0));
		/* Here as well as in the child, so tare may signal the group at once. */
		(void)setpgid(pid, pid);
		snprintf(tare__serve_buf, sizeof(tare__serve_buf), "%ld", (long)pid);
		tare__result_say("child", tare__serve_buf);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		/*
		 * What the case left running would go on beside the next
		 * cases: said before its end, the server stops after it, and
		 * tare runs that case alone.
		 */
		left = tare__children_left();
		if (left)
			tare__result_say("children", "1");
		if (WIFSIGNALED(status))
			snprintf(tare__serve_buf, sizeof(tare__serve_buf), "%ld signal %d",
				 (long)pid, WTERMSIG(status));
		else
			snprintf(tare__serve_buf, sizeof(tare__serve_buf), "%ld status %d",
				 (long)pid, WEXITSTATUS(status));
		tare__result_say("exited", tare__serve_buf);
		if (left)
			break;
	}
	tare__result_say("done", NULL);
	fflush(stdout);
	fflush(stderr);
	/*
	 * Not exit(): destructors and exit handlers ran in every child, as
	 * in a process of its own; here they would only repeat them.
	 */
	_exit(0);
}

static void tare__usage(FILE *f, const char *argv0)
{
	fprintf(f,
		"usage: %s [FILTER...]          run the tests (all, or those whose name contains a FILTER)\n"
		"       %s --list [--format terse]  list the tests, one \"NAME: test\" per line\n"
		"       %s --exact NAME         run one test: exit 0 pass, 1 fail, 77 skip\n"
		"       %s --batch DIR          run the tests named in DIR/tests, for tare\n"
		"       %s --serve DIR          run each case of DIR/cases in a forked child, for tare\n"
		"       %s --bench N            measure the N-th listed benchmark, for tare bench\n"
		"       %s --bench-wall N       time the N-th listed benchmark, for tare bench --wall\n"
		"\n"
		"Built with tare.h " TARE_VERSION "; run the tests with `tare test`, the\n"
		"benchmarks with `tare bench`.\n",
		argv0, argv0, argv0, argv0, argv0, argv0, argv0);
}

static int tare__by_name(const void *a, const void *b)
{
	return strcmp((*(struct tare_test *const *)a)->name,
		      (*(struct tare_test *const *)b)->name);
}

/*
 * Names repeated across files would make --exact ambiguous. Checked when
 * listing and when running everything, by sorting: never per --exact run,
 * which must stay cheap however many tests the binary has.
 */
static int tare__check_unique(void)
{
	struct tare_test *t, **all;
	size_t n = 0, i;
	int ret = 0;

	for (t = tare__head; t; t = t->next)
		n++;
	if (n < 2)
		return 0;
	all = (struct tare_test **)malloc(n * sizeof(*all));
	if (!all)
		return 0;
	for (i = 0, t = tare__head; t; t = t->next)
		all[i++] = t;
	qsort(all, n, sizeof(*all), tare__by_name);
	for (i = 1; i < n && !ret; i++)
		if (strcmp(all[i - 1]->name, all[i]->name) == 0) {
			fprintf(stderr,
				"tare.h: test '%s' is defined twice (%s:%d and %s:%d)\n",
				all[i]->name, all[i - 1]->file, all[i - 1]->line,
				all[i]->file, all[i]->line);
			ret = -1;
		}
	free(all);
	return ret;
}

int tare_main(int argc, char **argv)
{
	const char *argv0 = argc > 0 && argv[0] ? argv[0] : "test";
	const char *exact = NULL, *batch = NULL, *bench = NULL, *serve = NULL;
	int list = 0, ignored = 0, i, nfilters = 0, wall = 0;
	int passed = 0, failed = 0, skipped = 0;
	struct tare_test *t;

	tare__pid = (long)getpid();
	tare__result_open();
	/*
	 * Line-buffered, so output printed before a crash survives it, and
	 * with a buffer of our own: stdio's would be a heap block that
	 * memcheck counts against the first test that prints.
	 */
	setvbuf(stdout, tare__stdout_buf, _IOLBF, sizeof(tare__stdout_buf));
	/*
	 * The allocator sets itself up on first use: done here, its cost is
	 * not charged to the first test that allocates when callgrind
	 * measures only the test's function. (volatile: compilers delete a
	 * plain free(malloc(1)).)
	 */
	{
		void *volatile warm = malloc(1);
		free(warm);
	}
	/* The benchmarks' list, made now: before a batch's leak baseline, not in a test. */
	tare__brefs_make();
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--list") == 0) {
			list = 1;
		} else if (strcmp(a, "--format") == 0 && i + 1 < argc &&
			   strcmp(argv[i + 1], "terse") == 0) {
			i++;
		} else if (strcmp(a, "--format=terse") == 0) {
			;
		} else if (strcmp(a, "--exact") == 0 && i + 1 < argc && !exact) {
			exact = argv[++i];
		} else if (strcmp(a, "--batch") == 0 && i + 1 < argc && !batch) {
			batch = argv[++i];
		} else if (strcmp(a, "--serve") == 0 && i + 1 < argc && !serve) {
			serve = argv[++i];
		} else if ((strcmp(a, "--bench") == 0 || strcmp(a, "--bench-wall") == 0) &&
			   i + 1 < argc && !bench) {
			wall = a[7] != '\0';
			bench = argv[++i];
		} else if (strcmp(a, "--ignored") == 0) {
			ignored = 1;
		} else if (strcmp(a, "--nocapture") == 0) {
			;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			tare__usage(stdout, argv0);
			return 0;
		} else if (a[0] == '-') {
			int known = strcmp(a, "--exact") == 0 || strcmp(a, "--batch") == 0 ||
				    strcmp(a, "--serve") == 0 ||
				    strcmp(a, "--bench") == 0 || strcmp(a, "--bench-wall") == 0;

			if (strcmp(a, "--format") == 0 && i + 1 < argc)
				fprintf(stderr, "%s: --format '%s': only 'terse' is known\n",
					argv0, argv[i + 1]);
			else if (strcmp(a, "--format") == 0)
				fprintf(stderr, "%s: --format needs a value ('terse')\n", argv0);
			else if (known && i + 1 >= argc)
				fprintf(stderr, "%s: %s needs a value\n", argv0, a);
			else if (known)
				fprintf(stderr, "%s: %s given twice\n", argv0, a);
			else
				fprintf(stderr, "%s: unknown option '%s'\n", argv0, a);
			tare__usage(stderr, argv0);
			return 2;
		} else {
			nfilters++;
		}
	}
	if (!!list + !!exact + !!batch + !!serve + !!bench + !!nfilters > 1) {
		fprintf(stderr,
			"%s: --list, --exact, --batch, --serve, --bench and filters do not combine\n",
			argv0);
		tare__usage(stderr, argv0);
		return 2;
	}
	if (!exact && !bench && !serve && (tare__check_unique() < 0 || tare__check_benches() < 0))
		return 2;

	if (list) {
		/* Nothing here is ignored, so the --ignored list is empty. */
		if (!ignored) {
			struct tare__binst bi;
			long n;

			for (t = tare__head; t; t = t->next)
				printf("%s: test\n", t->name);
			for (n = 0; tare__bench_at(n, &bi) == 0; n++)
				printf("%s: bench\n", bi.name);
		}
		tare__result_say("protocol", "tare 1");
		tare__result_say("feature", "fork-server");
#ifdef TARE__HAVE_VALGRIND
		tare__result_say("feature", "valgrind-batch");
#endif
#ifdef TARE__HAVE_CALLGRIND
		tare__result_say("feature", "callgrind");
#endif
		for (t = tare__head; t; t = t->next)
			if (t->isolated)
				tare__result_say("isolated", t->name);
		{
			struct tare__binst bi;
			long n;

			for (n = 0; tare__bench_at(n, &bi) == 0; n++)
				if (!bi.b->optimized)
					tare__result_say("unoptimized", bi.name);
		}
		return fflush(stdout) == 0 ? 0 : 1;
	}

	if (bench) {
		struct tare__binst bi;
		struct tare_test scratch;
		char *end;
		long n;

		errno = 0;
		n = strtol(bench, &end, 10);
		if (bench[0] < '0' || bench[0] > '9' || *end || errno ||
		    tare__bench_at(n, &bi) < 0) {
			fprintf(stderr, "%s: no benchmark number '%s'\n", argv0, bench);
			return 2;
		}
		memset(&scratch, 0, sizeof(scratch));
		scratch.name = bi.name;
		scratch.fn = wall ? tare__bench_wall : tare__bench_measured;
		scratch.file = bi.b->file;
		scratch.line = bi.b->line;
		tare__current_bench = &bi;
		return tare__run_reported(&scratch);
	}

	if (batch)
		return tare__run_batch(argv0, batch);
	if (serve)
		return tare__serve(argv0, serve);

	if (exact) {
		struct tare_test scratch;
		struct tare__binst bi;

		t = tare__find(exact, &scratch, &bi);
		if (!t || ignored) {
			fprintf(stderr, "%s: no test named '%s'\n", argv0, exact);
			return 2;
		}
		return tare__run_reported(t);
	}

	for (t = tare__head; t; t = t->next) {
		int r, want = nfilters == 0;

		for (i = 1; i < argc && !want; i++)
			want = strstr(t->name, argv[i]) != NULL;
		if (!want)
			continue;
		r = tare__run_one(t);
		printf("%s %s\n", r == TARE__PASS ? "PASS" : r == TARE__SKIP ? "SKIP" : "FAIL",
		       t->name);
		fflush(stdout);
		passed += r == TARE__PASS;
		failed += r == TARE__FAIL;
		skipped += r == TARE__SKIP;
	}
	printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return fflush(stdout) == 0 && failed == 0 ? 0 : 1;
}

#ifdef __cplusplus
}
#endif

#ifndef TARE_NO_MAIN
int main(int argc, char **argv)
{
	return tare_main(argc, argv);
}
#endif

#endif /* TARE_MAIN */
