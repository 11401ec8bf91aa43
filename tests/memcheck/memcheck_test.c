/*
 * Memcheck, checked: tare runs tests/memcheck/errors.c under
 * `--profile valgrind` served by a fork server, batched and in per-test
 * mode, and every error
 * must be found, under exactly the test that caused it, with the right
 * kind and line (indirect leaks: summed up in one line under the definite
 * leak); clean tests must pass; the counts and the exit status must be
 * right; and the modes must agree, line for line.
 *
 * The expectations come from the fixture itself: a line that says
 * ERROR(Kind) or LEAK(Kind) in a comment is where that test's error
 * happens (for a leak, where the block was allocated).
 */
#define TARE_MAIN
#include "tare.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strbuf.h"
#include "support.h"
#include "vec.h"

#define FIXTURE_SOURCE "tests/memcheck/errors.c"

struct expect {
	char test[128];
	char kind[64];
	int line;
	int leak;	/* LEAK(...): fails only under its leak policy */
};

static size_t read_expectations(struct expect *out, size_t max)
{
	FILE *f = fopen(FIXTURE_SOURCE, "r");
	char line[1024], test[128] = "";
	size_t n = 0;
	int lineno = 0;

	TARE_ASSERT_NOT_NULL(f);
	while (fgets(line, sizeof(line), f)) {
		const char *m;

		lineno++;
		if (sscanf(line, "TARE_TEST(%127[^)])", test) == 1)
			continue;
		m = strstr(line, "/* ERROR(");
		if (!m)
			m = strstr(line, "/* LEAK(");
		if (m && n < max) {
			struct expect *e = &out[n++];
			const char *open = strchr(m, '(') + 1;
			size_t len = (size_t)(strchr(open, ')') - open);

			snprintf(e->test, sizeof(e->test), "%s", test);
			snprintf(e->kind, sizeof(e->kind), "%.*s", (int)len, open);
			e->line = lineno;
			e->leak = m[3] == 'L';
		}
	}
	fclose(f);
	return n;
}

/*
 * The modes compared: "served" (one Valgrind start, each test in a child
 * forked from it), "batched" (one process, the tests one after another)
 * and "per-test".
 */
static const char *const modes[] = { "served", "batched", "per-test" };

struct run {
	int status;
	struct strbuf out;
};

/* Runs tare on the fixture with the given configuration file. */
static void run_tare(struct run *r, const char *mode, const char *config)
{
	struct strbuf fix = STRBUF_INIT;
	struct support_run sr;

	strbuf_addf(&fix, "%s/memcheck_errors", support_fixtures());
	support_run(&sr, (const char *[]){
		support_tare(), "test", "--no-build", "--config", config,
		"--profile", "valgrind", "--memcheck-mode", mode, "--no-fail-fast",
		"--status-level", "none", "--final-status-level", "fail",
		"--failure-output", "final", "--color", "never", "-b", fix.buf,
		NULL }, NULL, NULL, 300);
	if (sr.err.len)
		fprintf(stderr, "tare said on stderr:\n%s", sr.err.buf);
	r->status = sr.status;
	r->out = sr.out;
	strbuf_release(&sr.err);
	strbuf_release(&fix);
	/* Times and addresses differ from run to run. */
	support_normalise(&r->out, "/nonexistent");
}

/* The part of the report under one test's MEMCHECK line, or NULL. */
static char *block_of(const char *report, const char *test)
{
	struct strbuf head = STRBUF_INIT;
	const char *start, *end;
	char *block;

	strbuf_addf(&head, "MEMCHECK [T.TTTs] memcheck_errors %s\n", test);
	start = strstr(report, head.buf);
	strbuf_release(&head);
	if (!start)
		return NULL;
	start = strchr(start, '\n') + 1;
	for (end = start; *end; end = strchr(end, '\n') + 1)
		if (strstr(end, " [T.TTTs] ") && strstr(end, " [T.TTTs] ") < strchr(end, '\n'))
			break;
		else if (!strncmp(end, "summary:", 8) || !strchr(end, '\n'))
			break;
	block = xstrndup(start, (size_t)(end - start));
	return block;
}

/* Whether an expected error fails its test under the policy in force. */
static int fails(const struct expect *e, int with_leaks_all)
{
	return !e->leak || with_leaks_all ||
	       !strcmp(e->kind, "Leak_DefinitelyLost") ||
	       !strcmp(e->kind, "Leak_IndirectlyLost");
}

/*
 * A test's indirect leaks are one line, after the definite leak that owns
 * them, with the blocks of all its LEAK(Leak_IndirectlyLost) lines (each
 * one block); without a stack, since fixing the owner's leak fixes them.
 */
static void check_indirect_summary(const char *block, const struct expect *ex, size_t n,
				   size_t i)
{
	const char *line = strstr(block, "  Leak_IndirectlyLost: "), *definite;
	size_t k, blocks = 0;
	char want[256];

	for (k = 0; k < n; k++)
		blocks += !strcmp(ex[k].test, ex[i].test) && !strcmp(ex[k].kind, ex[i].kind);
	snprintf(want, sizeof(want), " bytes in %zu block%s are indirectly lost", blocks,
		 blocks == 1 ? "" : "s");
	if (!strstr(line, want) || strstr(line, want) > strchr(line, '\n'))
		TARE_FAIL("%s: its indirect leaks are not summed up as '%s':\n%s", ex[i].test,
			  want, block);
	if (strstr(line + 1, "  Leak_IndirectlyLost: "))
		TARE_FAIL("%s: its indirect leaks are listed one by one:\n%s", ex[i].test, block);
	if (!strncmp(strchr(line, '\n') + 1, "      at ", 9))
		TARE_FAIL("%s: its indirect leaks' summary has a stack:\n%s", ex[i].test, block);
	definite = strstr(block, "  Leak_DefinitelyLost: ");
	if (!definite || definite > line)
		TARE_FAIL("%s: the definite leak does not come before the indirect ones:\n%s",
			  ex[i].test, block);
}

static void check_report(const struct run *r, int with_leaks_all)
{
	struct expect ex[64];
	size_t n = read_expectations(ex, 64), i, k, failing = 0;
	char want[256];

	TARE_ASSERT(n >= 16);
	for (i = 0; i < n; i++) {
		char *block = block_of(r->out.buf, ex[i].test);

		if (!fails(&ex[i], with_leaks_all)) {
			if (block)
				TARE_FAIL("%s failed, but a %s leak does not fail by default:\n%s",
					  ex[i].test, ex[i].kind, block);
			continue;
		}
		if (!block)
			TARE_FAIL("%s: no MEMCHECK report for its %s at line %d\n%s",
				  ex[i].test, ex[i].kind, ex[i].line, r->out.buf);
		snprintf(want, sizeof(want), "  %s: ", ex[i].kind);
		if (!strstr(block, want))
			TARE_FAIL("%s: no %s error in its report:\n%s", ex[i].test, ex[i].kind, block);
		if (!strcmp(ex[i].kind, "Leak_IndirectlyLost")) {
			check_indirect_summary(block, ex, n, i);
			free(block);
			continue;
		}
		snprintf(want, sizeof(want), "errors.c:%d)", ex[i].line);
		if (!strstr(block, want))
			TARE_FAIL("%s: its %s is not shown at line %d:\n%s", ex[i].test,
				  ex[i].kind, ex[i].line, block);
		free(block);
	}
	/* The program a test runs reports under the test that ran it. */
	{
		char *block = block_of(r->out.buf, "error_in_exec_child");
		if (!block)
			TARE_FAIL("error_in_exec_child: no MEMCHECK report\n%s", r->out.buf);
		TARE_ASSERT_NOT_NULL(strstr(block, "  InvalidRead: "));
		TARE_ASSERT_NOT_NULL(strstr(block, "at read_after_block ("));
		free(block);
	}
	/* Exactly the tests with expected errors fail: the clean ones pass. */
	for (i = 0; i < n; i++) {
		int counted = 0;

		for (k = 0; k < i && !counted; k++)
			counted = !strcmp(ex[k].test, ex[i].test) && fails(&ex[k], with_leaks_all);
		failing += !counted && fails(&ex[i], with_leaks_all);
	}
	failing++;	/* error_in_exec_child */
	snprintf(want, sizeof(want), "%zu failed (%zu memcheck)", failing, failing);
	if (!strstr(r->out.buf, want))
		TARE_FAIL("expected '%s' in the summary:\n%s", want, r->out.buf);
	TARE_ASSERT_NULL(strstr(r->out.buf, "memcheck_errors clean"));
	TARE_ASSERT_EQ(r->status, 1);
}

/*
 * Each run gets a configuration file of its own: the project's tare.toml,
 * found from the working folder, must not change what is being checked.
 */
TARE_TEST(both_modes_find_and_attribute_every_error_alike)
{
	char path[] = "/tmp/tare-memcheck-XXXXXX";
	struct run served, batched, per_test;

	support_write_temp(path, "# the built-in valgrind profile, untouched\n");
	run_tare(&served, "served", path);
	run_tare(&batched, "batched", path);
	run_tare(&per_test, "per-test", path);
	unlink(path);
	check_report(&served, 0);
	check_report(&batched, 0);
	check_report(&per_test, 0);
	TARE_ASSERT_STREQ(served.out.buf, per_test.out.buf);
	TARE_ASSERT_STREQ(batched.out.buf, per_test.out.buf);
	strbuf_release(&served.out);
	strbuf_release(&batched.out);
	strbuf_release(&per_test.out);
}

TARE_TEST(leak_policy_decides_which_leaks_fail)
{
	char path[] = "/tmp/tare-memcheck-XXXXXX";
	struct run a, b, c;

	support_write_temp(path, "[profile.valgrind]\n"
		     "memcheck.leak-kinds = [\"definite\", \"indirect\", \"possible\", \"reachable\"]\n");
	run_tare(&a, "batched", path);
	run_tare(&b, "per-test", path);
	run_tare(&c, "served", path);
	unlink(path);
	check_report(&a, 1);
	check_report(&b, 1);
	check_report(&c, 1);
	TARE_ASSERT_STREQ(a.out.buf, b.out.buf);
	TARE_ASSERT_STREQ(c.out.buf, b.out.buf);
	strbuf_release(&a.out);
	strbuf_release(&b.out);
	strbuf_release(&c.out);
}

/* The status lines and summary of a report: times and notes with times vary. */
static void status_lines(struct strbuf *out, const char *report)
{
	const char *p;

	for (p = report; *p; p = strchr(p, '\n') + 1) {
		const char *nl = strchr(p, '\n'), *close = strchr(p, ']');
		if (!nl)
			break;
		if (close && close < nl && strstr(p, " [") < close) {
			strbuf_add(out, p, (size_t)(strstr(p, " [") - p));
			strbuf_add(out, close + 1, (size_t)(nl - close));
		} else if (!strncmp(p, "summary:", 8)) {
			strbuf_add(out, p, (size_t)(nl - p + 1));
		}
	}
}

/*
 * Tests that crash, hang, exit() in the middle, leave a child behind or
 * print a megabyte: in a batch, each is reported as it would be alone,
 * and the tests after it still run (in a new Valgrind process).
 */
TARE_TEST(batches_survive_crashes_hangs_and_exits)
{
	char path[] = "/tmp/tare-memcheck-XXXXXX";
	char tmp[] = "/tmp/tare-memcheck-tmp-XXXXXX";
	struct strbuf fix = STRBUF_INIT, tmpenv = STRBUF_INIT;
	struct run runs[3];
	int m;

	/* Valgrind's own files (vgdb FIFOs) go to TMPDIR: none may be left. */
	TARE_ASSERT_NOT_NULL(mkdtemp(tmp));
	strbuf_addf(&tmpenv, "TMPDIR=%s", tmp);

	/*
	 * hangs is cut short; the rest get what a test under Valgrind may
	 * take on a loaded machine, where starting Valgrind alone takes
	 * seconds, so that none of them times out instead of doing its part.
	 */
	support_write_temp(path, "[profile.valgrind]\n"
		     "timeout-multiplier = 1\n"
		     "slow-timeout = { period = \"60s\", terminate-after = 1, grace-period = \"1s\" }\n"
		     "[[profile.valgrind.overrides]]\n"
		     "filter = 'test(hangs)'\n"
		     "slow-timeout = { period = \"2s\", terminate-after = 1, grace-period = \"1s\" }\n");
	for (m = 0; m < 3; m++) {
		struct support_run sr;

		strbuf_reset(&fix);
		strbuf_addf(&fix, "%s/basic", support_fixtures());
		support_run(&sr, (const char *[]){
			support_tare(), "test", "--no-build", "--config", path,
			"--profile", "valgrind", "--memcheck-mode",
			modes[m], "--no-fail-fast", "--status-level",
			"none", "--final-status-level", "all", "--failure-output",
			"never", "--color", "never", "-b", fix.buf, NULL }, NULL,
			(const char *[]){ tmpenv.buf, NULL }, 300);
		runs[m].status = sr.status;
		strbuf_init(&runs[m].out, 0);
		status_lines(&runs[m].out, sr.out.buf);
		support_run_release(&sr);
	}
	unlink(path);
	{
		DIR *d = opendir(tmp);
		struct dirent *e;
		struct strbuf left = STRBUF_INIT;

		TARE_ASSERT_NOT_NULL(d);
		while ((e = readdir(d)))
			if (e->d_name[0] != '.') {
				strbuf_addf(&left, " %s", e->d_name);
				unlinkat(dirfd(d), e->d_name, 0);
			}
		closedir(d);
		rmdir(tmp);
		strbuf_release(&tmpenv);
		if (left.len)
			TARE_FAIL("Valgrind left files in TMPDIR:%s", left.buf);
		strbuf_release(&left);
	}
	/*
	 * A child left running is a leak in both modes: a batch sees the
	 * child when the test ends, and runs the test alone.
	 */
	TARE_ASSERT_NOT_NULL(strstr(runs[0].out.buf, "        LEAK basic leaks_a_child\n"));
	TARE_ASSERT_NOT_NULL(strstr(runs[1].out.buf, "        LEAK basic leaks_a_child\n"));
	TARE_ASSERT_STREQ(runs[0].out.buf, runs[2].out.buf);
	TARE_ASSERT_STREQ(runs[1].out.buf, runs[2].out.buf);
	TARE_ASSERT_NOT_NULL(strstr(runs[0].out.buf, "     SIGSEGV basic segfaults\n"));
	TARE_ASSERT_NOT_NULL(strstr(runs[0].out.buf, "     SIGABRT basic aborts\n"));
	TARE_ASSERT_NOT_NULL(strstr(runs[0].out.buf, "     TIMEOUT basic hangs\n"));
	TARE_ASSERT_NOT_NULL(strstr(runs[0].out.buf, "        FAIL basic exits_early\n"));
	TARE_ASSERT_NOT_NULL(strstr(runs[0].out.buf, "        PASS basic prints_a_megabyte\n"));
	TARE_ASSERT_NOT_NULL(strstr(runs[0].out.buf, "        SKIP basic skips\n"));
	TARE_ASSERT_NOT_NULL(strstr(runs[0].out.buf, "        FAIL basic fails\n"));
	TARE_ASSERT_NOT_NULL(strstr(runs[0].out.buf, "3 passed (1 leaky), 5 failed"));
	TARE_ASSERT_NOT_NULL(strstr(runs[0].out.buf, "summary: 3 passed, 5 failed, 1 skipped\n"));
	TARE_ASSERT_EQ(runs[0].status, 1);
	TARE_ASSERT_EQ(runs[1].status, 1);
	TARE_ASSERT_EQ(runs[2].status, 1);
	for (m = 0; m < 3; m++)
		strbuf_release(&runs[m].out);
	strbuf_release(&fix);
}

/* Runs a fixture under memcheck in one mode: its status lines, exit status and stderr. */
static void run_mode(struct strbuf *statuses, int *status, struct strbuf *err,
		     const char *fixture, const char *mode)
{
	struct strbuf fix = STRBUF_INIT;
	struct support_run sr;

	strbuf_addf(&fix, "%s/%s", support_fixtures(), fixture);
	support_run(&sr, (const char *[]){
		support_tare(), "test", "--no-build", "--config", "/dev/null",
		"--profile", "valgrind", "--memcheck-mode", mode, "--no-fail-fast",
		"-j", "1", "--status-level", "none", "--final-status-level", "all",
		"--failure-output", "final", "--color", "never", "-b", fix.buf, NULL },
		NULL, NULL, 300);
	strbuf_init(statuses, 0);
	status_lines(statuses, sr.out.buf);
	*status = sr.status;
	if (err)
		strbuf_add(err, sr.err.buf, sr.err.len);
	/* The errors themselves, in the final list: kinds and sizes. */
	if (strstr(sr.out.buf, "Leak_DefinitelyLost: 40 bytes"))
		strbuf_addstr(statuses, "(40 bytes lost)\n");
	support_run_release(&sr);
	strbuf_release(&fix);
}

/*
 * What one process per test would say, a batch says too: an error
 * Valgrind shows once though two tests make it, each test's name in its
 * environment, the leak of a test that crashes, a constructor's errors.
 */
TARE_TEST(batches_attribute_what_a_process_per_test_would)
{
	static const char *const fixtures[] = { "batch_attribution", "startup_errors" };
	size_t f;

	for (f = 0; f < 2; f++) {
		struct strbuf batched, alone, served;
		int sb, sa, ss;

		run_mode(&batched, &sb, NULL, fixtures[f], "batched");
		run_mode(&alone, &sa, NULL, fixtures[f], "per-test");
		run_mode(&served, &ss, NULL, fixtures[f], "served");
		TARE_ASSERT_STREQ(batched.buf, alone.buf);
		TARE_ASSERT_STREQ(served.buf, alone.buf);
		TARE_ASSERT_EQ(sb, 1);
		TARE_ASSERT_EQ(sa, 1);
		TARE_ASSERT_EQ(ss, 1);
		if (f == 0) {
			TARE_ASSERT_NOT_NULL(strstr(batched.buf, "    MEMCHECK batch_attribution repeats_a_bug\n"));
			TARE_ASSERT_NOT_NULL(strstr(batched.buf, "    MEMCHECK batch_attribution repeats_it_again\n"));
			TARE_ASSERT_NOT_NULL(strstr(batched.buf, "        PASS batch_attribution knows_its_name\n"));
			TARE_ASSERT_NOT_NULL(strstr(batched.buf, "        PASS batch_attribution also_knows_its_name\n"));
			TARE_ASSERT_NOT_NULL(strstr(batched.buf, "     SIGABRT batch_attribution leaks_then_crashes\n"));
			TARE_ASSERT_NOT_NULL(strstr(batched.buf, "(40 bytes lost)\n"));
		} else {
			TARE_ASSERT_NOT_NULL(strstr(batched.buf, "    MEMCHECK startup_errors first\n"));
			TARE_ASSERT_NOT_NULL(strstr(batched.buf, "    MEMCHECK startup_errors second\n"));
		}
		strbuf_release(&batched);
		strbuf_release(&alone);
		strbuf_release(&served);
	}
}

/*
 * A destructor's error reaches a batch after its tests have passed: the
 * run fails all the same, with the error shown. A fork server's children
 * run the destructors each, as processes of their own do.
 */
TARE_TEST(errors_after_the_last_test_fail_the_run)
{
	struct strbuf out, err = STRBUF_INIT;
	int status;

	run_mode(&out, &status, &err, "exit_errors", "served");
	TARE_ASSERT_NOT_NULL(strstr(out.buf, "    MEMCHECK exit_errors first\n"));
	TARE_ASSERT_NOT_NULL(strstr(out.buf, "    MEMCHECK exit_errors second\n"));
	TARE_ASSERT_EQ(status, 1);
	strbuf_release(&out);
	run_mode(&out, &status, &err, "exit_errors", "batched");
	TARE_ASSERT_NOT_NULL(strstr(out.buf, "        PASS exit_errors first\n"));
	TARE_ASSERT_NOT_NULL(strstr(err.buf,
		"tare: exit_errors: memcheck found 1 error after the last test"));
	TARE_ASSERT_NOT_NULL(strstr(err.buf, "  InvalidWrite: Invalid write of size 1\n"));
	TARE_ASSERT_NOT_NULL(strstr(err.buf, "at end_badly (exit_errors.c:"));
	TARE_ASSERT_EQ(status, 1);
	strbuf_release(&out);
	strbuf_reset(&err);
	run_mode(&out, &status, &err, "exit_errors", "per-test");
	TARE_ASSERT_NOT_NULL(strstr(out.buf, "    MEMCHECK exit_errors first\n"));
	TARE_ASSERT_NOT_NULL(strstr(out.buf, "    MEMCHECK exit_errors second\n"));
	TARE_ASSERT_EQ(status, 1);
	strbuf_release(&out);
	strbuf_release(&err);
}

/*
 * "NAME STATUS EXIT_CODE" of every test-finished event, sorted: what an
 * event consumer learns of each test.
 */
static void event_outcomes(struct strbuf *out, const char *mode)
{
	struct strbuf mc = STRBUF_INIT, proto = STRBUF_INIT, line = STRBUF_INIT;
	struct strvec lines = STRVEC_INIT;
	struct support_run sr;
	const char *p;
	size_t i, k;

	strbuf_addf(&mc, "%s/batch_attribution", support_fixtures());
	strbuf_addf(&proto, "%s/protocol", support_fixtures());
	support_run(&sr, (const char *[]){
		support_tare(), "test", "--no-build", "--config", "/dev/null",
		"--profile", "valgrind", "--memcheck-mode", mode, "--no-fail-fast",
		"--message-format", "json", "-b", mc.buf, "-b", proto.buf, NULL },
		NULL, NULL, 300);
	for (p = sr.out.buf; (p = strstr(p, "{\"type\":\"test-finished\"")); p++) {
		static const char *const keys[] = { "\"name\":\"", "\"status\":\"", "\"exit_code\":" };

		strbuf_reset(&line);
		for (k = 0; k < 3; k++) {
			const char *v = strstr(p, keys[k]), *end;

			TARE_ASSERT_NOT_NULL(v);
			v += strlen(keys[k]);
			end = v + strcspn(v, "\",");
			strbuf_add(&line, v, (size_t)(end - v));
			strbuf_addch(&line, k < 2 ? ' ' : '\n');
		}
		strvec_push(&lines, line.buf);
	}
	for (i = 1; i < lines.nr; i++)
		for (k = i; k > 0 && strcmp(lines.v[k - 1], lines.v[k]) > 0; k--) {
			const char *t = lines.v[k];
			lines.v[k] = lines.v[k - 1];
			lines.v[k - 1] = t;
		}
	strbuf_init(out, 0);
	for (i = 0; i < lines.nr; i++)
		strbuf_addstr(out, lines.v[i]);
	strvec_clear(&lines);
	support_run_release(&sr);
	strbuf_release(&mc);
	strbuf_release(&proto);
	strbuf_release(&line);
}

/* The event stream says the same of each test in both modes, exit codes included. */
TARE_TEST(events_agree_in_both_modes)
{
	struct strbuf batched, alone, served;

	event_outcomes(&batched, "batched");
	event_outcomes(&alone, "per-test");
	event_outcomes(&served, "served");
	TARE_ASSERT_STREQ(batched.buf, alone.buf);
	TARE_ASSERT_STREQ(served.buf, alone.buf);
	strbuf_release(&served);
	TARE_ASSERT_NOT_NULL(strstr(batched.buf, "gamma skip 77\n"));
	TARE_ASSERT_NOT_NULL(strstr(batched.buf, "repeats_a_bug memcheck 1\n"));
	TARE_ASSERT_NOT_NULL(strstr(batched.buf, "alpha pass 0\n"));
	strbuf_release(&batched);
	strbuf_release(&alone);
}

/* The report of the chatty fixture under memcheck, in one mode. */
static void chatty_report(struct strbuf *out, const char *mode)
{
	struct strbuf fix = STRBUF_INIT;
	struct support_run sr;

	strbuf_addf(&fix, "%s/chatty", support_fixtures());
	support_run(&sr, (const char *[]){
		support_tare(), "test", "--no-build", "--config", "/dev/null",
		"--profile", "valgrind", "--memcheck-mode", mode, "--no-fail-fast",
		"-j", "1", "--success-output", "immediate", "--color", "never",
		"-b", fix.buf, NULL }, NULL, NULL, 300);
	TARE_ASSERT_EQ(sr.status, 0);
	TARE_ASSERT_STREQ(sr.err.buf, "");
	support_normalise(&sr.out, "/nonexistent");
	*out = sr.out;
	strbuf_release(&sr.err);
	strbuf_release(&fix);
}

/*
 * Output in a batch goes to files: it is kept exactly as a pipe keeps it
 * in a process of its own (head, cut, tail), and the file a test floods
 * takes little disk while it is written (the test checks that itself).
 */
TARE_TEST(batch_output_is_bounded_as_alone)
{
	struct strbuf batched, alone, served;

	chatty_report(&batched, "batched");
	chatty_report(&alone, "per-test");
	chatty_report(&served, "served");
	TARE_ASSERT_STREQ(batched.buf, alone.buf);
	TARE_ASSERT_STREQ(served.buf, alone.buf);
	strbuf_release(&served);
	TARE_ASSERT_NOT_NULL(strstr(batched.buf, "    HEAD: the first line\n"));
	TARE_ASSERT_NOT_NULL(strstr(batched.buf, "    TAIL: the last line\n"));
	TARE_ASSERT_NOT_NULL(strstr(batched.buf, "    [tare: 65011720 bytes cut here]\n"));
	TARE_ASSERT_NOT_NULL(strstr(batched.buf, "    an assertion at the end of stderr\n"));
	TARE_ASSERT_NOT_NULL(strstr(batched.buf, "2 passed"));
	strbuf_release(&batched);
	strbuf_release(&alone);
}
