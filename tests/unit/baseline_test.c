/* The baseline rules (baseline.c): which files a benchmark run reads and leaves. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tare.h"
#include "baseline.h"
#include "config.h"
#include "discover.h"
#include "fsutil.h"

/* A run of one benchmark "b" in binary "bin" with Ir = ir. */
static void run_of(struct bench_summary *run, int64_t ir)
{
	struct bench_result *r;

	bench_summary_init(run);
	run->tool = "callgrind";
	run->tare_version = "0";
	r = bench_summary_add(run, "bin", "b");
	r->m[BM_IR] = ir;
}

static int64_t ir_in(const char *path)
{
	struct bench_summary s;
	const struct bench_result *r;
	int64_t ir = -1;

	bench_summary_init(&s);
	if (bench_summary_read(&s, path) == 0 && (r = bench_summary_find(&s, "bin", "b")))
		ir = r->m[BM_IR];
	bench_summary_release(&s);
	return ir;
}

TARE_TEST(baseline_names_and_paths)
{
	struct config cfg;
	struct strbuf sb = STRBUF_INIT;

	TARE_ASSERT_EQ(baseline_name_check("--baseline", NULL), 0);
	TARE_ASSERT_EQ(baseline_name_check("--baseline", "v1.2_rc-3"), 0);
	TARE_ASSERT_EQ(baseline_name_check("--baseline", ".hidden"), -1);
	TARE_ASSERT_EQ(baseline_name_check("--baseline", "a/b"), -1);
	TARE_ASSERT_EQ(baseline_name_check("--baseline", ""), -1);
	baseline_path(&sb, "/r", "main", 0);
	TARE_ASSERT_STREQ(sb.buf, "/r/.tare/bench/baselines/main.json");
	baseline_path(&sb, "/r", "main", 1);
	TARE_ASSERT_STREQ(sb.buf, "/r/.tare/bench/baselines/main-wall.json");

	TARE_ASSERT_EQ(config_load_buffer(&cfg, "", 0, "tare.toml", "/r"), 0);
	baseline_results_path(&sb, NULL, &cfg, 0);
	TARE_ASSERT_STREQ(sb.buf, "/r/.tare/bench/RESULTS.md");
	baseline_results_path(&sb, NULL, &cfg, 1);
	TARE_ASSERT_STREQ(sb.buf, "/r/.tare/bench/RESULTS-wall.md");
	/* --results is taken as given, --wall or not. */
	baseline_results_path(&sb, "out.md", &cfg, 1);
	TARE_ASSERT_STREQ(sb.buf, "out.md");
	config_release(&cfg);
	strbuf_release(&sb);
}

/*
 * A plain run compares with last.json; --save-baseline A with A once it
 * exists; --baseline B with B, which is saved if missing; last.json
 * always moves on.
 */
TARE_TEST(baseline_what_a_run_compares_with_and_leaves)
{
	char dir[] = "/tmp/tare-baseline-XXXXXX";
	struct strbuf path = STRBUF_INIT;
	struct test_list list;
	struct config cfg;
	struct bench_summary run;
	struct bench_compare_options co;
	int64_t irs[] = { 100, 200, 300 };
	int i;

	TARE_ASSERT_NOT_NULL(mkdtemp(dir));
	strbuf_addf(&path, "%s/.tare/bench/baselines", dir);
	TARE_ASSERT_EQ(mkdir_p(path.buf), 0);
	TARE_ASSERT_EQ(config_load_buffer(&cfg, "", 0, "tare.toml", dir), 0);
	test_list_init(&list);

	for (i = 0; i < 3; i++) {
		/* 0: plain; 1: --save-baseline A (new); 2: --save-baseline A (there) */
		struct baseline b = { .root = dir, .save = i ? "A" : NULL };

		memset(&co, 0, sizeof(co));
		TARE_ASSERT_EQ(baseline_open(&b, &co), 0);
		TARE_ASSERT_EQ(b.have_old, i == 2);
		if (i == 2) {
			TARE_ASSERT_STREQ(co.baseline_old, "A");
			TARE_ASSERT_EQ(bench_summary_find(&b.old, "bin", "b")->m[BM_IR], 200);
		}
		run_of(&run, irs[i]);
		TARE_ASSERT_EQ(baseline_save(&b, &run, &list, &cfg, NULL, NULL), 0);
		bench_summary_release(&run);
		baseline_release(&b);
	}
	baseline_state_path(&path, dir, "last.json");
	TARE_ASSERT_EQ(ir_in(path.buf), 300);
	baseline_path(&path, dir, "A", 0);
	TARE_ASSERT_EQ(ir_in(path.buf), 300);
	baseline_state_path(&path, dir, "RESULTS.md");
	TARE_ASSERT_EQ(access(path.buf, F_OK), 0);

	/* --baseline B, missing: nothing to compare with, and B is saved. */
	{
		struct baseline b = { .root = dir, .baseline = "B" };

		memset(&co, 0, sizeof(co));
		TARE_ASSERT_EQ(baseline_open(&b, &co), 0);
		TARE_ASSERT_EQ(b.have_old, 0);
		TARE_ASSERT_STREQ(co.baseline_new, "(new)");
		run_of(&run, 400);
		TARE_ASSERT_EQ(baseline_save(&b, &run, &list, &cfg, NULL, NULL), 0);
		bench_summary_release(&run);
		baseline_release(&b);
	}
	baseline_path(&path, dir, "B", 0);
	TARE_ASSERT_EQ(ir_in(path.buf), 400);
	baseline_state_path(&path, dir, "last.json");
	TARE_ASSERT_EQ(ir_in(path.buf), 400);
	baseline_path(&path, dir, "A", 0);
	TARE_ASSERT_EQ(ir_in(path.buf), 300);	/* untouched */

	strbuf_reset(&path);
	strbuf_addf(&path, "rm -rf '%s'", dir);
	TARE_ASSERT_EQ(system(path.buf), 0);
	test_list_release(&list);
	config_release(&cfg);
	strbuf_release(&path);
}
