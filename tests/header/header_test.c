/*
 * tare.h, tested as C99, C11 and C++17 at -Wall -Wextra -Wpedantic
 * -Werror (the Makefile builds this file three times): assertions evaluate
 * their arguments once and compare integers mathematically; failures print
 * what the header promises; the binary speaks the protocol of
 * docs/protocol.md.
 */
#define _POSIX_C_SOURCE 200809L
#define TARE_MAIN
#include "tare.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* Counts its calls: an assertion must make exactly one per argument. */
static int calls[3];

static int count(int which, int value)
{
	calls[which]++;
	return value;
}

static void reset(void)
{
	calls[0] = calls[1] = calls[2] = 0;
}

static void expect_calls(int a, int b, int c)
{
	TARE_ASSERT_EQ(calls[0], a);
	TARE_ASSERT_EQ(calls[1], b);
	TARE_ASSERT_EQ(calls[2], c);
	reset();
}

TARE_TEST(every_assertion_evaluates_arguments_once)
{
	const char *s = "ab";
	static int x;

	reset();
	TARE_ASSERT(count(0, 1));
	expect_calls(1, 0, 0);
	TARE_ASSERT_EQ(count(0, 2), count(1, 2));
	expect_calls(1, 1, 0);
	TARE_ASSERT_NE(count(0, 2), count(1, 3));
	expect_calls(1, 1, 0);
	TARE_ASSERT_LT(count(0, 2), count(1, 3));
	expect_calls(1, 1, 0);
	TARE_ASSERT_LE(count(0, 3), count(1, 3));
	expect_calls(1, 1, 0);
	TARE_ASSERT_GT(count(0, 4), count(1, 3));
	expect_calls(1, 1, 0);
	TARE_ASSERT_GE(count(0, 3), count(1, 3));
	expect_calls(1, 1, 0);
	TARE_ASSERT_STREQ(s + count(0, 0), &"ab"[count(1, 0)]);
	expect_calls(1, 1, 0);
	TARE_ASSERT_STRNE(s + count(0, 1), &"ab"[count(1, 0)]);
	expect_calls(1, 1, 0);
	TARE_ASSERT_MEMEQ(s + count(0, 0), &"ab"[count(1, 0)], (size_t)count(2, 2));
	expect_calls(1, 1, 1);
	TARE_ASSERT_NEAR(count(0, 5), count(1, 5), count(2, 0));
	expect_calls(1, 1, 1);
	TARE_ASSERT_PTR_EQ(&x + count(0, 0), &x + count(1, 0));
	expect_calls(1, 1, 0);
	TARE_ASSERT_PTR_NE(&x + count(0, 0), NULL);
	expect_calls(1, 0, 0);
	TARE_ASSERT_NOT_NULL(&x + count(0, 0));
	expect_calls(1, 0, 0);
}

TARE_TEST(integers_compare_mathematically)
{
	unsigned char uc = 255;
	signed char sc = -1;
	size_t z = 3;
	long long ll = -3;
	uint64_t max = UINT64_MAX;
	int64_t min = INT64_MIN;

	TARE_ASSERT_LT(-1, 1u);
	TARE_ASSERT_GT(1u, -1);
	TARE_ASSERT_EQ(uc, 255);
	TARE_ASSERT_LT(sc, uc);
	TARE_ASSERT_NE(ll, z);
	TARE_ASSERT_LT(ll, z);
	TARE_ASSERT_LT(min, max);
	TARE_ASSERT_GT(max, min);
	TARE_ASSERT_EQ(max, UINT64_MAX);
	TARE_ASSERT_NE(max, -1);
	TARE_ASSERT_EQ('a', 97);
}

TARE_TEST(strings_and_null)
{
	const char *nothing = NULL;

	TARE_ASSERT_STREQ(nothing, NULL);
	TARE_ASSERT_STRNE(nothing, "");
	TARE_ASSERT_STREQ("caf\xc3\xa9", "caf\xc3\xa9");
	TARE_ASSERT_MEMEQ(nothing, nothing, 0);
}

TARE_TEST(near_tolerates_eps)
{
	TARE_ASSERT_NEAR(0.1 + 0.2, 0.3, 1e-12);
	TARE_ASSERT_NEAR(-2, -2.5, 0.5);
}

TARE_TEST(tests_register_in_definition_order)
{
	struct tare_test *t = tare_tests();

	TARE_ASSERT_NOT_NULL(t);
	TARE_ASSERT_STREQ(t->name, "every_assertion_evaluates_arguments_once");
	TARE_ASSERT_STREQ(t->next->name, "integers_compare_mathematically");
	TARE_ASSERT_STREQ(t->next->next->name, "strings_and_null");
	TARE_ASSERT_NOT_NULL(strstr(t->file, "header_test.c"));
}

/* ---- running the fixtures ---- */

static const char *fixture(const char *name)
{
	static char path[4096];
	const char *dir = getenv("TARE_FIXTURES");

	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "build/fixtures", name);
	return path;
}

/* Runs a shell command; returns its exit status and what it printed. */
static int run(const char *cmd, char *out, size_t size)
{
	FILE *p = popen(cmd, "r");
	size_t n;
	int status;

	TARE_ASSERT_NOT_NULL(p);
	n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	status = pclose(p);
	TARE_ASSERT(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/*
 * The stderr of one failing assertion, with "FILE:LINE: " made
 * "FILE:LINE: " so that the fixture's line numbers do not matter.
 */
static void expect_failure(const char *test, int want_status, const char *want)
{
	char cmd[8192], out[8192];
	const char *colon;
	int status;

	snprintf(cmd, sizeof(cmd), "%s --exact %s 2>&1", fixture("asserts"), test);
	status = run(cmd, out, sizeof(out));
	TARE_ASSERT_EQ(status, want_status);
	TARE_ASSERT_NOT_NULL(strstr(out, "asserts.c:"));
	colon = strchr(strstr(out, "asserts.c:") + 10, ':');
	TARE_ASSERT_NOT_NULL(colon);
	TARE_ASSERT_STREQ(colon + 2, want);
}

TARE_TEST(assertion_messages)
{
	expect_failure("assert_cond", 1, "TARE_ASSERT failed: 1 + 1 == 3\n");
	expect_failure("eq_signed", 1,
		       "TARE_ASSERT_EQ failed: x == 5\n  x = -5\n      5\n");
	expect_failure("lt_unsigned", 1,
		       "TARE_ASSERT_LT failed: big < 0\n  big = 18446744073709551615\n"
		       "        0\n");
	expect_failure("ge_mixed", 1, "TARE_ASSERT_GE failed: -1 >= 0u\n       -1\n  0u = 0\n");
	expect_failure("ne_equal", 1, "TARE_ASSERT_NE failed: 2 + 2 != 4\n  2 + 2 = 4\n          4\n");
	expect_failure("streq_differs", 1,
		       "TARE_ASSERT_STREQ failed: greeting == \"hello\\tworld\"\n"
		       "        greeting = \"hello world\"\n"
		       "  \"hello\\tworld\" = \"hello\\tworld\"\n"
		       "  first difference at byte 5\n");
	expect_failure("streq_null", 1,
		       "TARE_ASSERT_STREQ failed: name == \"ring\"\n"
		       "    name = NULL\n  \"ring\" = \"ring\"\n");
	expect_failure("strne_same", 1,
		       "TARE_ASSERT_STRNE failed: \"a\" != \"a\"\n  \"a\" = \"a\"\n  \"a\" = \"a\"\n");
	expect_failure("memeq_differs", 1,
		       "TARE_ASSERT_MEMEQ failed: got == want (sizeof(got) = 20 bytes)\n"
		       "  first difference at offset 17 (0x11): 0x11 != 0xff\n"
		       "   got +0010: 10[11]12 13\n"
		       "  want +0010: 10[ff]12 13\n");
	expect_failure("near_far", 1,
		       "TARE_ASSERT_NEAR failed: |0.1 + 0.2 - 0.3| <= 1e-17\n"
		       "  0.1 + 0.2 = 0.30000000000000004\n"
		       "        0.3 = 0.29999999999999999\n"
		       "  difference 5.5511151231257827e-17 exceeds 1.0000000000000001e-17\n");
	expect_failure("fail_fmt", 1, "failed: 3 widgets left\n");
	expect_failure("skip_fmt", 77, "skipped: no network here\n");
	expect_failure("eq_float", 1,
		       "failed: TARE_ASSERT_EQ(1.5, 1): an argument is not an integer; "
		       "use TARE_ASSERT_NEAR for floating point\n");
	expect_failure("fails_then_continues", 1, "TARE_ASSERT_EQ failed: 1 == 2\n      1\n      2\n");
}

TARE_TEST(pointer_messages_show_both_pointers)
{
	char cmd[8192], out[8192];

	snprintf(cmd, sizeof(cmd), "%s --exact null_not_null 2>&1", fixture("asserts"));
	TARE_ASSERT_EQ(run(cmd, out, sizeof(out)), 1);
	TARE_ASSERT_NOT_NULL(strstr(out, "TARE_ASSERT_PTR_EQ failed: &x == NULL\n"));
	TARE_ASSERT_NOT_NULL(strstr(out, "    &x = 0x"));
	TARE_ASSERT_NOT_NULL(strstr(out, "  NULL = (nil)"));
}

TARE_TEST(protocol_list)
{
	char cmd[8192], out[8192];

	snprintf(cmd, sizeof(cmd), "%s --list 2>/dev/null", fixture("protocol"));
	TARE_ASSERT_EQ(run(cmd, out, sizeof(out)), 0);
	TARE_ASSERT_STREQ(out, "alpha: test\nbeta: test\ngamma: test\n");
	snprintf(cmd, sizeof(cmd), "%s --list --format terse 2>/dev/null", fixture("protocol"));
	TARE_ASSERT_EQ(run(cmd, out, sizeof(out)), 0);
	TARE_ASSERT_STREQ(out, "alpha: test\nbeta: test\ngamma: test\n");
	snprintf(cmd, sizeof(cmd), "%s --list --format terse --ignored 2>/dev/null", fixture("protocol"));
	TARE_ASSERT_EQ(run(cmd, out, sizeof(out)), 0);
	TARE_ASSERT_STREQ(out, "");
}

/* This binary's own benchmarks (second_unit.c): listed after the tests, run once as tests. */
/* Runs this binary (not popen's shell) with args; its exit status. */
static int run_self(const char *args, char *out, size_t size)
{
	char self[4096], cmd[8192];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	TARE_ASSERT_GT(n, 0);
	self[n] = '\0';
	snprintf(cmd, sizeof(cmd), "'%s' %s 2>&1", self, args);
	return run(cmd, out, size);
}

TARE_TEST(benchmarks_listed_and_run_as_tests)
{
	char out[8192];
	const char *tail;

	TARE_ASSERT_EQ(run_self("--list", out, sizeof(out)), 0);
	tail = strstr(out, "second_file_registers: test\n");
	TARE_ASSERT_NOT_NULL(tail);
	TARE_ASSERT_STREQ(tail, "second_file_registers: test\n"
			  "header_plain: bench\n"
			  "header_cased/three@first: bench\n"
			  "header_cased/three@second: bench\n"
			  "header_cased/none@first: bench\n"
			  "header_cased/none@second: bench\n");
	TARE_ASSERT_EQ(run_self("--exact header_plain", out, sizeof(out)), 0);
	TARE_ASSERT_EQ(run_self("--exact 'header_cased/three@first'", out, sizeof(out)), 0);
	TARE_ASSERT_EQ(run_self("--exact 'header_cased/none@second'", out, sizeof(out)), 0);
	/* Measuring outside Valgrind runs the body all the same. */
	TARE_ASSERT_EQ(run_self("--bench 00000001", out, sizeof(out)), 0);
	TARE_ASSERT_EQ(run_self("--bench 5", out, sizeof(out)), 2);
	TARE_ASSERT_NOT_NULL(strstr(out, "no benchmark number '5'"));
	TARE_ASSERT_EQ(run_self("--bench ''", out, sizeof(out)), 2);
	TARE_ASSERT_EQ(run_self("--bench -1", out, sizeof(out)), 2);
	TARE_ASSERT_EQ(run_self("--exact header_cased", out, sizeof(out)), 2);
}

TARE_TEST(protocol_exact)
{
	char cmd[8192], out[8192];

	snprintf(cmd, sizeof(cmd), "%s --exact alpha 2>&1", fixture("protocol"));
	TARE_ASSERT_EQ(run(cmd, out, sizeof(out)), 0);
	TARE_ASSERT_STREQ(out, "alpha ran\n");
	snprintf(cmd, sizeof(cmd), "%s --exact beta --nocapture 2>/dev/null", fixture("protocol"));
	TARE_ASSERT_EQ(run(cmd, out, sizeof(out)), 1);
	snprintf(cmd, sizeof(cmd), "%s --exact gamma 2>/dev/null", fixture("protocol"));
	TARE_ASSERT_EQ(run(cmd, out, sizeof(out)), 77);
	snprintf(cmd, sizeof(cmd), "%s --exact delta 2>&1", fixture("protocol"));
	TARE_ASSERT_EQ(run(cmd, out, sizeof(out)), 2);
	TARE_ASSERT_NOT_NULL(strstr(out, "no test named 'delta'"));
}

TARE_TEST(protocol_runs_everything_in_process)
{
	char cmd[8192], out[8192];

	snprintf(cmd, sizeof(cmd), "%s 2>/dev/null", fixture("protocol"));
	TARE_ASSERT_EQ(run(cmd, out, sizeof(out)), 1);
	TARE_ASSERT_STREQ(out, "alpha ran\nPASS alpha\nFAIL beta\nSKIP gamma\n"
			       "1 passed, 1 failed, 1 skipped\n");
	snprintf(cmd, sizeof(cmd), "%s alp 2>/dev/null", fixture("protocol"));
	TARE_ASSERT_EQ(run(cmd, out, sizeof(out)), 0);
	TARE_ASSERT_STREQ(out, "alpha ran\nPASS alpha\n1 passed, 0 failed, 0 skipped\n");
}

TARE_TEST(protocol_rejects_unknown_options)
{
	char cmd[8192], out[8192];

	snprintf(cmd, sizeof(cmd), "%s --frobnicate 2>/dev/null", fixture("protocol"));
	TARE_ASSERT_EQ(run(cmd, out, sizeof(out)), 2);
	TARE_ASSERT_STREQ(out, "");
	snprintf(cmd, sizeof(cmd), "%s --frobnicate 2>&1 >/dev/null", fixture("protocol"));
	TARE_ASSERT_EQ(run(cmd, out, sizeof(out)), 2);
	TARE_ASSERT_NOT_NULL(strstr(out, "unknown option '--frobnicate'"));
	TARE_ASSERT_NOT_NULL(strstr(out, "usage:"));
	/* Known options used wrongly say what is wrong with them. */
	snprintf(cmd, sizeof(cmd), "%s --exact 2>&1 >/dev/null", fixture("protocol"));
	TARE_ASSERT_EQ(run(cmd, out, sizeof(out)), 2);
	TARE_ASSERT_NOT_NULL(strstr(out, ": --exact needs a value\n"));
	snprintf(cmd, sizeof(cmd), "%s --list --format json 2>&1 >/dev/null", fixture("protocol"));
	TARE_ASSERT_EQ(run(cmd, out, sizeof(out)), 2);
	TARE_ASSERT_NOT_NULL(strstr(out, ": --format 'json': only 'terse' is known\n"));
	snprintf(cmd, sizeof(cmd), "%s --exact alpha --exact beta 2>&1 >/dev/null", fixture("protocol"));
	TARE_ASSERT_EQ(run(cmd, out, sizeof(out)), 2);
	TARE_ASSERT_NOT_NULL(strstr(out, ": --exact given twice\n"));
}
