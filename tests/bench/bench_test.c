/*
 * tare bench, end to end: exactness on benchmarks of known instruction
 * counts, identical numbers run after run and at any -j, baselines,
 * limits and exit statuses, the reports, the sanity checks, and
 * benchmarks run once as tests under memcheck.
 */
#define TARE_MAIN
#include "tare.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "fsutil.h"
#include "support.h"

/* A fresh folder to run in: .tare/ goes there. */
static void temp_dir(char *dir)
{
	TARE_ASSERT_NOT_NULL(mkdtemp(dir));
}

static void remove_dir(const char *dir)
{
	struct strbuf cmd = STRBUF_INIT;

	strbuf_addf(&cmd, "rm -rf '%s'", dir);
	TARE_ASSERT_EQ(system(cmd.buf), 0);
	strbuf_release(&cmd);
}

static void fixture(struct strbuf *sb, const char *name)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s/%s", support_fixtures(), name);
}

/* tare bench ARGS... in dir; args is NULL-terminated. */
static void bench(struct support_run *r, const char *dir, const char *const *args)
{
	struct strvec argv = STRVEC_INIT;

	strvec_push(&argv, support_tare());
	strvec_push(&argv, "bench");
	strvec_pushv(&argv, (const char **)args);
	support_run(r, argv.v, dir, NULL, 600);
	strvec_clear(&argv);
}

static void read_summary(struct bench_summary *s, const char *dir, const char *name)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/%s", dir, name);
	bench_summary_init(s);
	TARE_ASSERT_EQ(bench_summary_read(s, path.buf), 0);
	strbuf_release(&path);
}

static const struct bench_result *result(const struct bench_summary *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->results.nr; i++)
		if (!strcmp(s->results.v[i].name, name))
			return &s->results.v[i];
	TARE_FAIL("no result for benchmark '%s'", name);
}

static int contains(const struct strbuf *sb, const char *s)
{
	return strstr(sb->buf, s) != NULL;
}

/*
 * tare annotate's and tare diff's PROGRAM TOTALS of a benchmark's profile
 * are the Ir tare bench reported. (Callgrind's summary: line counts a few
 * instructions more or less around the toggles: not that one.)
 */
static void same_total_everywhere(const char *profile, int64_t ir)
{
	const char *ann[] = { support_tare(), "annotate", "--format", "json", profile, NULL };
	const char *diff[] = { support_tare(), "diff", "--format", "json", profile, profile, NULL };
	struct strbuf want = STRBUF_INIT;
	struct support_run r;

	support_run(&r, ann, NULL, NULL, 60);
	TARE_ASSERT_EQ(r.status, 0);
	strbuf_addf(&want, "\"totals\":{\"Ir\":%lld,", (long long)ir);
	if (!contains(&r.out, want.buf))
		TARE_FAIL("tare annotate's totals are not tare bench's Ir %lld:\n%.300s",
			  (long long)ir, r.out.buf);
	support_run_release(&r);
	support_run(&r, diff, NULL, NULL, 60);
	TARE_ASSERT_EQ(r.status, 0);
	strbuf_reset(&want);
	strbuf_addf(&want, "\"totals\":{\"old\":{\"Ir\":%lld,", (long long)ir);
	if (!contains(&r.out, want.buf))
		TARE_FAIL("tare diff's totals are not tare bench's Ir %lld:\n%.300s",
			  (long long)ir, r.out.buf);
	support_run_release(&r);
	strbuf_release(&want);
}

/*
 * The asm loop is 200,000 instructions; the toggles around the body cost
 * a few; setup and teardown of a million instructions each cost nothing.
 */
TARE_TEST(counts_are_exact)
{
	char dir[] = "/tmp/tare-bench-XXXXXX";
	struct strbuf bin = STRBUF_INIT;
	struct support_run r;
	struct bench_summary s;
	const char *args[] = { "-b", NULL, "--summary", "s.json", "asm_loop", "empty",
			       "heavy_setup", NULL };
	const struct bench_result *loop, *empty, *setup;

	temp_dir(dir);
	fixture(&bin, "benches");
	args[1] = bin.buf;
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 0);
	read_summary(&s, dir, "s.json");
	TARE_ASSERT_EQ(s.results.nr, 3);
	loop = result(&s, "asm_loop");
	empty = result(&s, "empty");
	setup = result(&s, "heavy_setup");
	TARE_ASSERT_EQ(loop->status, BS_OK);
	TARE_ASSERT_GE(loop->m[BM_IR], 200000);
	TARE_ASSERT_LE(loop->m[BM_IR], 200020);
	TARE_ASSERT_GT(empty->m[BM_IR], 0);
	TARE_ASSERT_LE(empty->m[BM_IR], 20);
	TARE_ASSERT_LE(setup->m[BM_IR], 20);
	/* The formulas hold on real numbers too. */
	TARE_ASSERT_EQ(loop->m[BM_TOTAL_RW], loop->m[BM_IR] + loop->m[BM_DR] + loop->m[BM_DW]);
	TARE_ASSERT_EQ(loop->m[BM_EST_CYCLES], loop->m[BM_L1_HITS] + 5 * loop->m[BM_LL_HITS] +
					      35 * loop->m[BM_RAM_HITS]);
	TARE_ASSERT_EQ(loop->threads, 1);
	/* The profile is kept where the summary says, for tare annotate. */
	{
		struct strbuf p = STRBUF_INIT;

		TARE_ASSERT_STREQ(loop->profile, ".tare/bench/profiles/benches/asm_loop.callgrind.out");
		strbuf_addf(&p, "%s/%s", dir, loop->profile);
		TARE_ASSERT_EQ(access(p.buf, R_OK), 0);
		same_total_everywhere(p.buf, loop->m[BM_IR]);
		strbuf_release(&p);
	}
	bench_summary_release(&s);
	support_run_release(&r);
	remove_dir(dir);
	strbuf_release(&bin);
}

/* Both results measured, with the same numbers. */
static void same_numbers(const struct bench_result *x, const struct bench_result *y)
{
	TARE_ASSERT_EQ(x->status, BS_OK);
	TARE_ASSERT_EQ(y->status, BS_OK);
	if (memcmp(x->m, y->m, sizeof(x->m)))
		TARE_FAIL("%s: the numbers differ between runs (Ir %lld and %lld, "
			  "est. cycles %lld and %lld)", x->name, (long long)x->m[BM_IR],
			  (long long)y->m[BM_IR], (long long)x->m[BM_EST_CYCLES],
			  (long long)y->m[BM_EST_CYCLES]);
}

static void assert_same_numbers(const struct bench_summary *a, const struct bench_summary *b)
{
	size_t i;

	TARE_ASSERT_EQ(a->results.nr, b->results.nr);
	for (i = 0; i < a->results.nr; i++) {
		TARE_ASSERT_STREQ(a->results.v[i].name, b->results.v[i].name);
		same_numbers(&a->results.v[i], &b->results.v[i]);
	}
}

/* Five runs in a row, then -j1 and -j2: the same numbers for every benchmark. */
static void identical_runs(const char *binary)
{
	char dir[] = "/tmp/tare-bench-XXXXXX";
	struct bench_summary first, again;
	struct support_run r;
	const char *args[] = { "-b", binary, "--summary", "s.json", "-j", "2", NULL };
	int run;

	temp_dir(dir);
	for (run = 0; run < 7; run++) {
		args[5] = run == 5 ? "1" : "2";
		bench(&r, dir, args);
		TARE_ASSERT_EQ(r.status, 0);
		if (run > 0)
			TARE_ASSERT(!contains(&r.out, "|N/A "));
		support_run_release(&r);
		if (run == 0) {
			read_summary(&first, dir, "s.json");
			TARE_ASSERT_GE(first.results.nr, 2);
			continue;
		}
		read_summary(&again, dir, "s.json");
		assert_same_numbers(&first, &again);
		bench_summary_release(&again);
	}
	bench_summary_release(&first);
	remove_dir(dir);
}

TARE_TEST(identical_runs_fixture)
{
	struct strbuf bin = STRBUF_INIT;

	fixture(&bin, "benches");
	identical_runs(bin.buf);
	strbuf_release(&bin);
}

/* The example's benchmarks (tare test runs from the project's root). */
TARE_TEST(identical_runs_example)
{
	struct strbuf bin = STRBUF_INIT;

	path_absolute(&bin, "examples/build/bench/ring_bench");
	if (access(bin.buf, X_OK) < 0)
		TARE_FAIL("%s is missing: build the example first (make)", bin.buf);
	identical_runs(bin.buf);
	strbuf_release(&bin);
}

/* The result of name in both summaries has the same numbers. */
static void same_result(const struct bench_summary *a, const struct bench_summary *b,
			const char *name)
{
	same_numbers(result(a, name), result(b, name));
}

/*
 * Served by a fork server (one callgrind start per binary and slot), a
 * benchmark's numbers are the same whether it runs with all the others,
 * with -j1, filtered down to two, or alone: each child starts from the
 * same state. One process per benchmark (--no-fork-server) counts the same
 * instructions; its cache figures may differ, and the summary says which
 * mode made it.
 */
TARE_TEST(fork_server_numbers_hold_across_jobs_filters_and_modes)
{
	char dir[] = "/tmp/tare-bench-XXXXXX";
	struct strbuf bin = STRBUF_INIT;
	struct bench_summary all, some, alone, process;
	struct support_run r;
	const char *args[8] = { "-b", NULL, "--summary", "s.json", "-j", "2", NULL, NULL };
	size_t i;

	temp_dir(dir);
	fixture(&bin, "benches");
	args[1] = bin.buf;
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 0);
	support_run_release(&r);
	read_summary(&all, dir, "s.json");
	TARE_ASSERT_STREQ(all.mode, "fork-server");
	TARE_ASSERT_GE(all.results.nr, 9);

	args[5] = "1";
	args[6] = "sort/16";
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 0);
	support_run_release(&r);
	read_summary(&some, dir, "s.json");
	TARE_ASSERT_EQ(some.results.nr, 2);
	same_result(&all, &some, "sort/16@libc_qsort");
	same_result(&all, &some, "sort/16@insertion");

	args[6] = "alloc_copy";
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 0);
	support_run_release(&r);
	read_summary(&alone, dir, "s.json");
	TARE_ASSERT_EQ(alone.results.nr, 1);
	same_result(&all, &alone, "alloc_copy");

	args[5] = "2";
	args[6] = "--no-fork-server";
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 0);
	TARE_ASSERT(contains(&r.err, "warning: the baseline was measured in fork-server mode, "
			     "this run in process mode"));
	support_run_release(&r);
	read_summary(&process, dir, "s.json");
	TARE_ASSERT_STREQ(process.mode, "process");
	TARE_ASSERT_EQ(process.results.nr, all.results.nr);
	for (i = 0; i < all.results.nr; i++) {
		TARE_ASSERT_EQ(process.results.v[i].status, BS_OK);
		TARE_ASSERT_EQ(process.results.v[i].m[BM_IR], all.results.v[i].m[BM_IR]);
	}
	bench_summary_release(&all);
	bench_summary_release(&some);
	bench_summary_release(&alone);
	bench_summary_release(&process);
	remove_dir(dir);
	strbuf_release(&bin);
}

/* Copies the file src to dir/sub/NAME (made), for a binary elsewhere. */
static void copy_into(struct strbuf *dst, const char *dir, const char *sub, const char *src)
{
	struct strbuf cmd = STRBUF_INIT;

	strbuf_reset(dst);
	strbuf_addf(dst, "%s/%s", dir, sub);
	strbuf_addf(&cmd, "mkdir -p '%s' && cp '%s' '%s/'", dst->buf, src, dst->buf);
	TARE_ASSERT_EQ(system(cmd.buf), 0);
	strbuf_addf(dst, "/%s", path_basename(src));
	strbuf_release(&cmd);
}

/*
 * The initial stack holds the arguments, the environment and the
 * binary's path: a longer PATH, a project in a deeper folder or a binary
 * elsewhere moved the stack and changed the cache numbers (RAM Hits 73 or
 * 74). Each run here differs in all three from the one before.
 */
TARE_TEST(identical_across_paths_and_folders)
{
	char dir[] = "/tmp/tare-bench-XXXXXX";
	struct strbuf bin = STRBUF_INIT, copy = STRBUF_INIT, root = STRBUF_INIT, path = STRBUF_INIT;
	struct bench_summary first, again;
	struct support_run r;
	const char *args[] = { "bench", "-b", NULL, "--summary", NULL, NULL };
	const char *env[] = { NULL, NULL };
	const char *argv[7];
	static const char *const subs[] = {
		"b", "a-folder-with-a-much-longer-name-than-the-other",
	};
	int run;

	temp_dir(dir);
	fixture(&bin, "benches");
	for (run = 0; run < 3; run++) {
		/* A project folder of another length each time, and a binary in it. */
		strbuf_reset(&root);
		strbuf_addf(&root, "%s/%s", dir, subs[run % 2]);
		copy_into(&copy, root.buf, subs[(run + 1) % 2], bin.buf);
		strbuf_reset(&path);
		strbuf_addf(&path, "PATH=%s%s", getenv("PATH"),
			    run == 1 ? ":/nonexistent/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" :
			    run == 2 ? ":/x" : "");
		env[0] = path.buf;
		args[2] = copy.buf;
		args[4] = run ? "again.json" : "first.json";
		argv[0] = support_tare();
		memcpy(argv + 1, args, sizeof(args));
		support_run(&r, argv, root.buf, env, 600);
		TARE_ASSERT_EQ(r.status, 0);
		support_run_release(&r);
		if (run == 0) {
			read_summary(&first, root.buf, "first.json");
			continue;
		}
		read_summary(&again, root.buf, "again.json");
		assert_same_numbers(&first, &again);
		bench_summary_release(&again);
	}
	bench_summary_release(&first);
	remove_dir(dir);
	strbuf_release(&bin);
	strbuf_release(&copy);
	strbuf_release(&root);
	strbuf_release(&path);
}

/* A second run is compared with the first; a hard limit fails with exit 3. */
TARE_TEST(compared_with_last_run_and_limits)
{
	char dir[] = "/tmp/tare-bench-XXXXXX";
	struct strbuf bin = STRBUF_INIT;
	struct support_run r;
	const char *args[] = { "-b", NULL, "asm_loop", "empty", NULL, NULL };

	temp_dir(dir);
	fixture(&bin, "benches");
	args[1] = bin.buf;
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 0);
	TARE_ASSERT(contains(&r.out, "benches asm_loop\n  Instructions:  "));
	TARE_ASSERT(contains(&r.out, "|N/A                  (*********)\n"));
	TARE_ASSERT(contains(&r.out, "tare bench result: Ok. 2 without regressions; 0 regressed; "
			     "2 benchmarks finished in "));
	support_run_release(&r);

	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 0);
	TARE_ASSERT(!contains(&r.out, "N/A"));
	TARE_ASSERT(contains(&r.out, "(No change)\n"));
	support_run_release(&r);

	args[4] = "--limits=ir=5%|1000";
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 3);
	TARE_ASSERT(contains(&r.out, "\nRegressions:\n\n  benches asm_loop:\n    Instructions ("));
	TARE_ASSERT(contains(&r.out, "): exceeds the hard limit of 1000\n"));
	TARE_ASSERT(contains(&r.out, "tare bench result: Regressed. 1 without regressions; "
			     "1 regressed; 2 benchmarks finished in "));
	support_run_release(&r);
	remove_dir(dir);
	strbuf_release(&bin);
}

/* Two saved baselines compared without running; a soft limit fails with exit 3. */
TARE_TEST(saved_baselines_and_soft_limits)
{
	char dir[] = "/tmp/tare-bench-XXXXXX";
	struct strbuf bin = STRBUF_INIT, path = STRBUF_INIT;
	struct support_run r;
	struct bench_summary s;
	const char *save[] = { "-b", NULL, "--save-baseline", "before", "asm_loop", NULL };
	const char *cmp[] = { "--load-baseline", "after", "--baseline", "before", NULL, NULL };

	temp_dir(dir);
	fixture(&bin, "benches");
	save[1] = bin.buf;
	bench(&r, dir, save);
	TARE_ASSERT_EQ(r.status, 0);
	support_run_release(&r);
	/* "after": the same run with 10% more instructions, as a slower build would give. */
	strbuf_addf(&path, "%s/.tare/bench/baselines/before.json", dir);
	bench_summary_init(&s);
	TARE_ASSERT_EQ(bench_summary_read(&s, path.buf), 0);
	TARE_ASSERT_EQ(s.results.nr, 1);
	s.results.v[0].m[BM_IR] += s.results.v[0].m[BM_IR] / 10;
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/.tare/bench/baselines/after.json", dir);
	TARE_ASSERT_EQ(bench_summary_write(&s, path.buf), 0);
	bench_summary_release(&s);

	bench(&r, dir, cmp);
	TARE_ASSERT_EQ(r.status, 0);
	TARE_ASSERT(contains(&r.out, "  Baselines:                          after|before\n"));
	TARE_ASSERT(contains(&r.out, "(+9.999") && contains(&r.out, "%) [+1.10000x]\n"));
	support_run_release(&r);

	cmp[4] = "--limits=ir=5%";
	bench(&r, dir, cmp);
	TARE_ASSERT_EQ(r.status, 3);
	TARE_ASSERT(contains(&r.out, "exceeds limit of +5.00000%\n"));
	support_run_release(&r);

	cmp[1] = "nonesuch";
	cmp[4] = NULL;
	bench(&r, dir, cmp);
	TARE_ASSERT_EQ(r.status, 2);
	TARE_ASSERT(contains(&r.err, "tare: no baseline 'nonesuch'"));
	support_run_release(&r);
	remove_dir(dir);
	strbuf_release(&bin);
	strbuf_release(&path);
}

/*
 * A failing benchmark fails the run (exit 1) and shows as missing in
 * RESULTS.md; work in other threads is warned about.
 */
TARE_TEST(failures_and_threads)
{
	char dir[] = "/tmp/tare-bench-XXXXXX";
	struct strbuf bin = STRBUF_INIT, md = STRBUF_INIT, path = STRBUF_INIT;
	struct support_run r;
	const char *args[] = { "-b", NULL, "fails", "threaded", "fine", NULL };

	temp_dir(dir);
	fixture(&bin, "bench_bad");
	args[1] = bin.buf;
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 1);
	TARE_ASSERT(contains(&r.out, "bench_bad fails\n  FAILED: the benchmark failed (an "
			     "assertion or TARE_FAIL)\n    | tests/bench/bench_bad.c:"));
	TARE_ASSERT(!contains(&r.out, "    | ==")); /* Valgrind's statistics left out */
	TARE_ASSERT(contains(&r.out, "  warning: 2 threads ran; callgrind counts the thread that "
			     "ran the body, not the work of the others\n"));
	TARE_ASSERT(contains(&r.out, "tare bench result: Failed. 2 without regressions; "
			     "0 regressed; 1 failed; 3 benchmarks finished in "));
	strbuf_addf(&path, "%s/.tare/bench/RESULTS.md", dir);
	TARE_ASSERT_EQ(strbuf_read_file(&md, path.buf, 1 << 20), 0);
	TARE_ASSERT(contains(&md, "| fails | missing | missing |\n"));
	TARE_ASSERT(contains(&md, "**Missing (no data, left out of every ratio):**\n"
			     "- `fails`: the benchmark failed"));
	support_run_release(&r);
	remove_dir(dir);
	strbuf_release(&bin);
	strbuf_release(&md);
	strbuf_release(&path);
}

/* Silent mis-measurement made loud: no client requests, a debug build. */
TARE_TEST(sanity_checks)
{
	char dir[] = "/tmp/tare-bench-XXXXXX";
	struct strbuf bin = STRBUF_INIT;
	struct support_run r;
	const char *args[] = { "-b", NULL, "empty", NULL };

	temp_dir(dir);
	fixture(&bin, "benches_novg");
	args[1] = bin.buf;
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 2);
	TARE_ASSERT(contains(&r.err, "benches_novg: built without Valgrind's client-request "
			     "headers"));
	TARE_ASSERT_EQ(r.out.len, 0);
	support_run_release(&r);

	fixture(&bin, "benches_O0");
	args[1] = bin.buf;
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 0);
	TARE_ASSERT(contains(&r.err, "benches_O0: 1 benchmark was compiled without "
			     "optimisation"));
	support_run_release(&r);

	fixture(&bin, "benches");
	args[1] = bin.buf;
	args[2] = "no-such-benchmark";
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 4);
	TARE_ASSERT(contains(&r.err, "tare: no benchmarks to run\n"));
	support_run_release(&r);
	remove_dir(dir);
	strbuf_release(&bin);
}

/* Writes DIR/tare.toml. */
static void write_config(const char *dir, const char *text)
{
	struct strbuf path = STRBUF_INIT;
	FILE *f;

	strbuf_addf(&path, "%s/tare.toml", dir);
	f = fopen(path.buf, "w");
	TARE_ASSERT_NOT_NULL(f);
	fputs(text, f);
	TARE_ASSERT_EQ(fclose(f), 0);
	strbuf_release(&path);
}

/* RESULTS.md: implementations side by side, against the configured baseline. */
TARE_TEST(results_md_compares_implementations)
{
	char dir[] = "/tmp/tare-bench-XXXXXX";
	struct strbuf bin = STRBUF_INIT, md = STRBUF_INIT, path = STRBUF_INIT;
	struct support_run r;
	const char *args[] = { "-b", NULL, "sort/", NULL };

	temp_dir(dir);
	write_config(dir, "[bench]\nbaseline = \"libc_qsort\"\nwarn-above = \"1.5x\"\nresults = \"R.md\"\n");
	fixture(&bin, "benches");
	args[1] = bin.buf;
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 0);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/R.md", dir);
	TARE_ASSERT_EQ(strbuf_read_file(&md, path.buf, 1 << 20), 0);
	TARE_ASSERT(contains(&md, "# Benchmark results\n"));
	TARE_ASSERT(contains(&md, "\n## sort/16\n\n| Implementation | Instructions | "
			     "Estimated Cycles | vs libc_qsort |\n|---|---:|---:|---:|\n"
			     "| libc_qsort | "));
	TARE_ASSERT(contains(&md, " | 1.00× |\n| insertion | "));
	/* Insertion sort beats qsort on 16 numbers and loses on 256. */
	TARE_ASSERT(contains(&md, "×** ✓ |\n"));
	TARE_ASSERT(contains(&md, "× ⚠ |\n"));
	TARE_ASSERT(contains(&md, "**Needs attention (more than 1.5× the baseline, ⚠):**\n"
			     "- `sort/256@insertion`: "));
	/* Each benchmark has files of its own, named for it. */
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/.tare/bench/profiles/benches/sort~s16@insertion.callgrind.out", dir);
	TARE_ASSERT_EQ(access(path.buf, R_OK), 0);
	/* Implementations of one case are listed, and shown, side by side. */
	TARE_ASSERT(strstr(r.out.buf, "benches sort/16@libc_qsort\n") <
		    strstr(r.out.buf, "benches sort/16@insertion\n"));
	TARE_ASSERT(strstr(r.out.buf, "benches sort/16@insertion\n") <
		    strstr(r.out.buf, "benches sort/256@libc_qsort\n"));
	support_run_release(&r);
	remove_dir(dir);
	strbuf_release(&bin);
	strbuf_release(&md);
	strbuf_release(&path);
}

/*
 * --annotate shows the last run's profile at once; --wall times natively,
 * into a report of its own: the instruction counts' RESULTS.md stays.
 */
TARE_TEST(annotate_and_wall)
{
	char dir[] = "/tmp/tare-bench-XXXXXX";
	struct strbuf bin = STRBUF_INIT, md = STRBUF_INIT, wall_md = STRBUF_INIT,
		      path = STRBUF_INIT;
	struct support_run r;
	const char *args[] = { "-b", NULL, "asm_loop", NULL, NULL };
	const char *ann[] = { "--annotate", "asm_loop", NULL };

	temp_dir(dir);
	write_config(dir, "[bench]\nresults = \"out/R.md\"\n");
	/* A report's folder must be there: reports never make folders. */
	strbuf_addf(&path, "%s/out", dir);
	TARE_ASSERT_EQ(mkdir_p(path.buf), 0);
	strbuf_reset(&path);
	fixture(&bin, "benches");
	args[1] = bin.buf;
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 0);
	support_run_release(&r);
	bench(&r, dir, ann);
	TARE_ASSERT_EQ(r.status, 0);
	TARE_ASSERT(contains(&r.out, "tare__bench_asm_loop"));
	TARE_ASSERT(contains(&r.out, "PROGRAM TOTALS"));
	support_run_release(&r);

	strbuf_addf(&path, "%s/out/R.md", dir);
	TARE_ASSERT_EQ(strbuf_read_file(&md, path.buf, 1 << 20), 0);
	TARE_ASSERT(contains(&md, "**Measured:** callgrind ("));

	args[3] = "--wall";
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 0);
	TARE_ASSERT(contains(&r.out, "benches asm_loop\n  Time (median):  "));
	TARE_ASSERT(contains(&r.out, "|N/A                  (*********)\n  Spread:  "));
	support_run_release(&r);
	strbuf_reset(&md);
	TARE_ASSERT_EQ(strbuf_read_file(&md, path.buf, 1 << 20), 0);
	TARE_ASSERT(contains(&md, "**Measured:** callgrind ("));
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/out/R-wall.md", dir);
	TARE_ASSERT_EQ(strbuf_read_file(&wall_md, path.buf, 1 << 20), 0);
	TARE_ASSERT(contains(&wall_md, "**Measured:** wall-clock time, native"));
	TARE_ASSERT(contains(&wall_md, "| Implementation | Time (median) | Spread |"));
	remove_dir(dir);
	strbuf_release(&bin);
	strbuf_release(&md);
	strbuf_release(&wall_md);
	strbuf_release(&path);
}

/* tare test --benches: each body once, as a test; memcheck catches a corrupting one. */
TARE_TEST(benches_as_tests_under_memcheck)
{
	char dir[] = "/tmp/tare-bench-XXXXXX";
	struct strbuf bin = STRBUF_INIT;
	struct support_run r;
	const char *argv[] = { support_tare(), "test", "--benches", "--profile", "valgrind",
			       "--no-fail-fast", "-b", NULL, NULL };

	temp_dir(dir);
	fixture(&bin, "bench_bad");
	argv[7] = bin.buf;
	support_run(&r, argv, dir, NULL, 600);
	TARE_ASSERT_EQ(r.status, 1);
	TARE_ASSERT(contains(&r.out, "MEMCHECK ["));
	TARE_ASSERT(contains(&r.out, "bench_bad corrupts\n"));
	TARE_ASSERT(contains(&r.out, "Invalid write of size 1"));
	TARE_ASSERT(contains(&r.out, "4 tests run: 2 passed, 2 failed"));
	support_run_release(&r);
	remove_dir(dir);
	strbuf_release(&bin);
}

/*
 * A fork server's files are in /tmp, the profiles in the project: where
 * the two are on different file systems (a tmpfs, here /dev/shm), each
 * child's profile is copied, not renamed. tare bench (callgrind and DHAT)
 * and tare test --profile callgrind in a project on /dev/shm.
 */
TARE_TEST(served_profiles_reach_a_project_on_another_file_system)
{
	char dir[] = "/dev/shm/tare-bench-XXXXXX";
	struct strbuf bin = STRBUF_INIT, tests = STRBUF_INIT, path = STRBUF_INIT;
	struct support_run r;
	struct stat shm, tmp;
	const char *args[] = { "-b", NULL, "--tool", "dhat", "alloc_", NULL };

	if (stat("/dev/shm", &shm) < 0 || stat("/tmp", &tmp) < 0 || shm.st_dev == tmp.st_dev ||
	    !mkdtemp(dir))
		TARE_SKIP("no /dev/shm on a file system of its own");
	fixture(&bin, "benches");
	args[1] = bin.buf;
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 0);
	TARE_ASSERT(!contains(&r.out, "FAILED"));
	support_run_release(&r);
	strbuf_addf(&path, "%s/.tare/bench/profiles/benches/alloc_copy.dhat.json", dir);
	TARE_ASSERT_EQ(access(path.buf, R_OK), 0);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/.tare/bench/profiles/benches/alloc_copy.callgrind.out", dir);
	TARE_ASSERT_EQ(access(path.buf, R_OK), 0);
	{
		const char *argv[] = { support_tare(), "test", "--profile", "callgrind", "-b",
				       NULL, NULL };

		fixture(&tests, "allocating");
		argv[5] = tests.buf;
		support_run(&r, argv, dir, NULL, 300);
		TARE_ASSERT_EQ(r.status, 0);
		TARE_ASSERT(contains(&r.out, "profile: .tare/profiles/allocating/prints.callgrind.out\n"));
		support_run_release(&r);
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/.tare/profiles/allocating/prints.callgrind.out", dir);
		TARE_ASSERT_EQ(access(path.buf, R_OK), 0);
	}
	remove_dir(dir);
	strbuf_release(&bin);
	strbuf_release(&tests);
	strbuf_release(&path);
}

/* --tool dhat: heap use of the body alone; the setup's allocations are not its. */
TARE_TEST(heap_use_with_dhat)
{
	char dir[] = "/tmp/tare-bench-XXXXXX";
	struct strbuf bin = STRBUF_INIT;
	struct support_run r;
	struct bench_summary s;
	const char *args[] = { "-b", NULL, "--tool", "dhat", "--summary", "s.json", "alloc_",
			       "heavy_setup", NULL };
	const struct bench_result *copy, *setup, *tail;

	temp_dir(dir);
	fixture(&bin, "benches");
	args[1] = bin.buf;
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 0);
	TARE_ASSERT(contains(&r.out, "  ======= DHAT ====="));
	read_summary(&s, dir, "s.json");
	copy = result(&s, "alloc_copy");
	setup = result(&s, "heavy_setup");
	tail = result(&s, "alloc_tail");
	TARE_ASSERT(copy->has_heap);
	TARE_ASSERT_EQ(copy->m[BM_HEAP_TOTAL_BYTES], 4096);
	TARE_ASSERT_EQ(copy->m[BM_HEAP_TOTAL_BLOCKS], 1);
	TARE_ASSERT_EQ(copy->m[BM_HEAP_END_BYTES], 0);
	TARE_ASSERT_EQ(copy->m[BM_HEAP_WRITE_BYTES], 4096);
	/* Its setup mallocs 64 bytes, its body nothing. */
	TARE_ASSERT(setup->has_heap);
	TARE_ASSERT_EQ(setup->m[BM_HEAP_TOTAL_BYTES], 0);
	TARE_ASSERT_EQ(setup->m[BM_HEAP_TOTAL_BLOCKS], 0);
	/* Its body is `jmp alloc_work`: no frame of its own under the malloc. */
	TARE_ASSERT(tail->has_heap);
	TARE_ASSERT_EQ(tail->m[BM_HEAP_TOTAL_BYTES], 1000);
	TARE_ASSERT_EQ(tail->m[BM_HEAP_TOTAL_BLOCKS], 1);
	/* The instruction counts are those of the callgrind run, as without DHAT. */
	TARE_ASSERT_LE(setup->m[BM_IR], 20);
	TARE_ASSERT_STREQ(copy->heap_profile, ".tare/bench/profiles/benches/alloc_copy.dhat.json");
	support_run_release(&r);
	{
		/*
		 * DHAT served them, each in a child of one DHAT start; a DHAT
		 * per benchmark (--no-fork-server) counts the same heap use.
		 */
		const char *alone[] = { "-b", bin.buf, "--tool", "dhat", "--no-fork-server",
					"--summary", "a.json", "alloc_", "heavy_setup", NULL };
		struct strbuf path = STRBUF_INIT, json = STRBUF_INIT;
		struct bench_summary a;
		size_t i;
		int k;

		strbuf_addf(&path, "%s/%s", dir, copy->heap_profile);
		TARE_ASSERT_EQ(strbuf_read_file(&json, path.buf, 1 << 24), 0);
		TARE_ASSERT(strstr(json.buf, " --serve ") != NULL);
		bench(&r, dir, alone);
		TARE_ASSERT_EQ(r.status, 0);
		support_run_release(&r);
		strbuf_reset(&json);
		TARE_ASSERT_EQ(strbuf_read_file(&json, path.buf, 1 << 24), 0);
		TARE_ASSERT(strstr(json.buf, " --serve ") == NULL);
		read_summary(&a, dir, "a.json");
		TARE_ASSERT_EQ(a.results.nr, s.results.nr);
		for (i = 0; i < a.results.nr; i++) {
			const struct bench_result *x = &s.results.v[i], *y = &a.results.v[i];

			TARE_ASSERT_STREQ(x->name, y->name);
			TARE_ASSERT_EQ(x->has_heap, y->has_heap);
			for (k = BM_HEAP_FIRST; k < BM_COUNT; k++)
				if (x->m[k] != y->m[k])
					TARE_FAIL("%s: %s is %lld served, %lld alone", x->name,
						  bench_metrics[k].key, (long long)x->m[k],
						  (long long)y->m[k]);
		}
		bench_summary_release(&a);
		strbuf_release(&path);
		strbuf_release(&json);
	}
	bench_summary_release(&s);

	/* A heap limit works like any other. */
	args[4] = "--limits=total-bytes=1000";
	args[5] = "alloc_copy";
	args[6] = NULL;
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 3);
	TARE_ASSERT(contains(&r.out, "    Total bytes (4096): exceeds the hard limit of 1000\n"));
	support_run_release(&r);

	/* Stripped, nothing has a name: a warning and no heap numbers, not zeros. */
	{
		struct strbuf stripped = STRBUF_INIT, cmd = STRBUF_INIT;

		copy_into(&stripped, dir, "stripped", bin.buf);
		strbuf_addf(&cmd, "strip '%s'", stripped.buf);
		TARE_ASSERT_EQ(system(cmd.buf), 0);
		args[1] = stripped.buf;
		args[4] = "--summary";
		args[5] = "s.json";
		args[6] = "alloc_copy";
		args[7] = NULL;
		bench(&r, dir, args);
		TARE_ASSERT_EQ(r.status, 0);
		TARE_ASSERT(contains(&r.out, "benches alloc_copy\n  Instructions:"));
		TARE_ASSERT(contains(&r.out, "  warning: DHAT cannot name the functions of "));
		TARE_ASSERT(!contains(&r.out, "  ======= DHAT ====="));
		read_summary(&s, dir, "s.json");
		TARE_ASSERT(!result(&s, "alloc_copy")->has_heap);
		bench_summary_release(&s);
		support_run_release(&r);
		strbuf_release(&stripped);
		strbuf_release(&cmd);
	}
	remove_dir(dir);
	strbuf_release(&bin);
}

/*
 * A filtered run's RESULTS.md: the configured baseline shows as missing
 * until it has numbers, then with its latest ones; an implementation is
 * never compared with itself for want of it.
 */
TARE_TEST(results_md_of_filtered_runs)
{
	char dir[] = "/tmp/tare-bench-XXXXXX";
	struct strbuf bin = STRBUF_INIT, md = STRBUF_INIT, path = STRBUF_INIT;
	struct support_run r;
	const char *args[] = { "-b", NULL, "sort/256@insertion", NULL };

	temp_dir(dir);
	write_config(dir, "[bench]\nbaseline = \"libc_qsort\"\nwarn-above = \"1.25x\"\n");
	strbuf_addf(&path, "%s/.tare/bench/RESULTS.md", dir);
	fixture(&bin, "benches");
	args[1] = bin.buf;
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 0);
	support_run_release(&r);
	TARE_ASSERT_EQ(strbuf_read_file(&md, path.buf, 1 << 20), 0);
	TARE_ASSERT(contains(&md, "| vs libc_qsort |\n|---|---:|---:|---:|\n"
			     "| libc_qsort | missing | missing | - |\n| insertion | "));
	TARE_ASSERT(!contains(&md, "1.00×"));
	TARE_ASSERT(contains(&md, "- `sort/256@libc_qsort`: not measured yet\n"));
	/* Cases without any numbers yet are left out. */
	TARE_ASSERT(!contains(&md, "## sort/16\n"));

	args[2] = "sort/256@libc_qsort";
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 0);
	support_run_release(&r);
	strbuf_reset(&md);
	TARE_ASSERT_EQ(strbuf_read_file(&md, path.buf, 1 << 20), 0);
	TARE_ASSERT(contains(&md, "**Filtered run:** rows marked (earlier run) "));
	TARE_ASSERT(contains(&md, " | 1.00× |\n| insertion (earlier run) | "));
	TARE_ASSERT(contains(&md, "× ⚠ |\n"));
	TARE_ASSERT(contains(&md, "**Needs attention (more than 1.25× the baseline, ⚠):**\n"
			     "- `sort/256@insertion`: "));
	remove_dir(dir);
	strbuf_release(&bin);
	strbuf_release(&md);
	strbuf_release(&path);
}

TARE_TEST(partitions_merge_into_one_report)
{
	char dir[] = "/tmp/tare-bench-XXXXXX";
	struct strbuf bin = STRBUF_INIT, md = STRBUF_INIT, path = STRBUF_INIT;
	struct bench_summary whole, one, two, merged;
	struct support_run r;
	const char *all[] = { "-b", NULL, "--summary", "whole.json", NULL };
	const char *shard1[] = { "-b", NULL, "--partition", "hash:1/2", "--summary", "one.json", NULL };
	const char *shard2[] = { "-b", NULL, "--partition", "hash:2/2", "--summary", "two.json", NULL };
	const char *merge[] = { "--merge", "one.json", "--merge", "two.json", "--summary",
				"merged.json", "--results", "merged.md", NULL };
	size_t i;

	temp_dir(dir);
	fixture(&bin, "benches");
	all[1] = shard1[1] = shard2[1] = bin.buf;
	bench(&r, dir, all);
	TARE_ASSERT_EQ(r.status, 0);
	support_run_release(&r);
	bench(&r, dir, shard1);
	TARE_ASSERT_EQ(r.status, 0);
	support_run_release(&r);
	bench(&r, dir, shard2);
	TARE_ASSERT_EQ(r.status, 0);
	support_run_release(&r);
	bench(&r, dir, merge);
	TARE_ASSERT_EQ(r.status, 0);
	TARE_ASSERT_STREQ(r.out.buf, "");
	support_run_release(&r);
	read_summary(&whole, dir, "whole.json");
	read_summary(&one, dir, "one.json");
	read_summary(&two, dir, "two.json");
	read_summary(&merged, dir, "merged.json");
	/* Each shard measures some, the two together all, each exactly once. */
	TARE_ASSERT(one.results.nr > 0 && two.results.nr > 0);
	TARE_ASSERT_EQ(one.results.nr + two.results.nr, whole.results.nr);
	TARE_ASSERT_EQ(merged.results.nr, whole.results.nr);
	for (i = 0; i < whole.results.nr; i++) {
		const struct bench_result *w = &whole.results.v[i];
		const struct bench_result *m = bench_summary_find(&merged, w->binary, w->name);

		TARE_ASSERT_NOT_NULL(m);
		TARE_ASSERT_EQ(m->m[BM_IR], w->m[BM_IR]);
	}
	strbuf_addf(&path, "%s/merged.md", dir);
	TARE_ASSERT_EQ(strbuf_read_file(&md, path.buf, 1 << 20), 0);
	TARE_ASSERT(contains(&md, "## sort/16\n"));
	TARE_ASSERT(contains(&md, "## empty\n"));
	bench_summary_release(&whole);
	bench_summary_release(&one);
	bench_summary_release(&two);
	bench_summary_release(&merged);
	remove_dir(dir);
	strbuf_release(&bin);
	strbuf_release(&md);
	strbuf_release(&path);
}

static void read_text(struct strbuf *sb, const char *dir, const char *name)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/%s", dir, name);
	strbuf_reset(sb);
	TARE_ASSERT_EQ(strbuf_read_file(sb, path.buf, 64 << 20), 0);
	strbuf_release(&path);
}

/*
 * A regression arrives explained: the functions whose own cost grew most
 * from the baseline's profile, the last run's or a saved baseline's (kept
 * with it), and none that did not grow. Every run leaves its page.
 */
TARE_TEST(regressions_name_the_functions_that_grew)
{
	char dir[] = "/tmp/tare-bench-XXXXXX";
	struct strbuf bin = STRBUF_INIT, page = STRBUF_INIT;
	struct support_run r;
	const char *args[] = { "-b", NULL, "--limits=ir=5%", NULL, NULL, NULL };

	temp_dir(dir);
	fixture(&bin, "bench_grow");
	args[1] = bin.buf;
	write_config(dir, "[bench]\nenv = [\"GROW=1\"]\n");
	args[3] = "--save-baseline";
	args[4] = "small";
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 0);
	TARE_ASSERT(!contains(&r.out, "grew most"));
	support_run_release(&r);
	read_text(&page, dir, ".tare/bench/report.html");
	TARE_ASSERT(contains(&page, "<script type=\"application/json\" id=\"tare-data\">"));
	TARE_ASSERT(contains(&page, "\"bench_grow grows\""));
	TARE_ASSERT(contains(&page, "data-n=\"growing_part\""));

	/* Against the last run: its profile is NAME.callgrind.out.old. */
	write_config(dir, "[bench]\nenv = [\"GROW=3\"]\n");
	args[3] = NULL;
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 3);
	TARE_ASSERT(contains(&r.out, "exceeds limit of +5.00000%\n"
				     "    grew most (Instructions of their own):\n           +"));
	/* The file relative to the project's root: the fixture's source is outside it. */
	TARE_ASSERT(contains(&r.out, "  growing_part  (") && contains(&r.out, "tests/bench/bench_grow.c)\n"));
	TARE_ASSERT(!contains(&r.out, "steady_part"));
	support_run_release(&r);
	read_text(&page, dir, ".tare/bench/report.html");
	TARE_ASSERT(contains(&page, "\"bench_grow grows: against the baseline\""));

	/* Against the saved baseline, whose profile was kept with it. */
	write_config(dir, "[bench]\nenv = [\"GROW=2\"]\n");
	args[3] = "--baseline";
	args[4] = "small";
	bench(&r, dir, args);
	TARE_ASSERT_EQ(r.status, 3);
	TARE_ASSERT(contains(&r.out, "    grew most (Instructions of their own):\n"));
	TARE_ASSERT(contains(&r.out, "  growing_part  "));
	support_run_release(&r);
	remove_dir(dir);
	strbuf_release(&bin);
	strbuf_release(&page);
}
