/* Benchmark results (bench.c, results_md.c): metrics, the change columns, limits, summaries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tare.h"
#include "bench.h"

static const char *const events[] = {
	"Ir", "Dr", "Dw", "I1mr", "D1mr", "D1mw", "ILmr", "DLmr", "DLmw",
};

/* gungraun's documented example: Ir 687, Dr 161, Dw 138, I1mr 3, D1mr 1, ILmr 3. */
TARE_TEST(bench_metrics_follow_gungraun_formulas)
{
	const int64_t ev[] = { 687, 161, 138, 3, 1, 0, 3, 0, 0 };
	int64_t m[BM_COUNT];

	TARE_ASSERT_EQ(bench_metrics_compute(m, events, ev, 9), 0);
	TARE_ASSERT_EQ(m[BM_IR], 687);
	TARE_ASSERT_EQ(m[BM_TOTAL_RW], 986);
	TARE_ASSERT_EQ(m[BM_RAM_HITS], 3);
	TARE_ASSERT_EQ(m[BM_LL_HITS], 1);
	TARE_ASSERT_EQ(m[BM_L1_HITS], 982);
	TARE_ASSERT_EQ(m[BM_EST_CYCLES], 1092);
	TARE_ASSERT_EQ(m[BM_D1MR], 1);
	/* Without Ir it is no instruction profile. */
	TARE_ASSERT_EQ(bench_metrics_compute(m, events + 1, ev + 1, 8), -1);
}

static const char *change(int64_t new_, const int64_t *old)
{
	static struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	bench_format_change(&sb, new_, old);
	return sb.buf;
}

/* The samples of gungraun's documentation, byte for byte. */
TARE_TEST(bench_change_columns)
{
	int64_t old;

	TARE_ASSERT_STREQ(change(1734, NULL), "(*********)");
	old = 152;
	TARE_ASSERT_STREQ(change(264, &old), "(+73.6842%) [+1.73684x]");
	old = 5;
	TARE_ASSERT_STREQ(change(6, &old), "(+20.0000%) [+1.20000x]");
	old = 376;
	TARE_ASSERT_STREQ(change(551, &old), "(+46.5426%) [+1.46543x]");
	old = 0;
	TARE_ASSERT_STREQ(change(0, &old), "(No change)");
	TARE_ASSERT_STREQ(change(10, &old), "(+++inf+++) [+++inf+++]");
	old = 10;
	TARE_ASSERT_STREQ(change(0, &old), "(-100.000%) [---inf---]");
	/* A decrease: the factor is -old/new. */
	old = 140;
	TARE_ASSERT_STREQ(change(107, &old), "(-23.5714%) [-1.30841x]");
	/* Short values are centred in 9 columns. */
	old = 100;
	TARE_ASSERT_STREQ(change(101, &old), "(+1.00000%) [+1.01000x]");
	old = 1000000;
	TARE_ASSERT_STREQ(change(3000000, &old), "(+200.000%) [+3.00000x]");
}

static void set_ir(struct bench_result *r, int64_t ir)
{
	const int64_t ev[] = { ir, 161, 138, 3, 1, 0, 3, 0, 0 };

	TARE_ASSERT_EQ(bench_metrics_compute(r->m, events, ev, 9), 0);
}

/* The block layout, as gungraun prints it. */
TARE_TEST(bench_block_layout)
{
	struct bench_summary s;
	struct bench_compare cmp;
	struct bench_compare_options o;
	struct bench_result *r, *old;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	bench_summary_init(&s);
	memset(&cmp, 0, sizeof(cmp));
	memset(&o, 0, sizeof(o));
	r = bench_summary_add(&s, "ring_bench", "push/1k@mine");
	old = bench_summary_add(&s, "ring_bench", "push/1k@mine");
	r = &s.results.v[0];
	old = &s.results.v[1];
	TARE_ASSERT_STREQ(r->bench, "push/1k");
	TARE_ASSERT_STREQ(r->impl, "mine");
	set_ir(r, 687);
	set_ir(old, 687);
	bench_print_result(f, r, old, &o, &cmp);
	old->m[BM_IR] = 600;
	bench_print_result(f, r, NULL, &o, &cmp);
	fclose(f);
	TARE_ASSERT_STREQ(buf,
		"ring_bench push/1k@mine\n"
		"  Instructions:                         687|687                  (No change)\n"
		"  L1 Hits:                              982|982                  (No change)\n"
		"  LL Hits:                                1|1                    (No change)\n"
		"  RAM Hits:                               3|3                    (No change)\n"
		"  Total read+write:                     986|986                  (No change)\n"
		"  Estimated Cycles:                    1092|1092                 (No change)\n"
		"ring_bench push/1k@mine\n"
		"  Instructions:                         687|N/A                  (*********)\n"
		"  L1 Hits:                              982|N/A                  (*********)\n"
		"  LL Hits:                                1|N/A                  (*********)\n"
		"  RAM Hits:                               3|N/A                  (*********)\n"
		"  Total read+write:                     986|N/A                  (*********)\n"
		"  Estimated Cycles:                    1092|N/A                  (*********)\n");
	TARE_ASSERT_EQ(cmp.ok, 2);
	free(buf);
	bench_compare_release(&cmp);
	bench_summary_release(&s);
}

TARE_TEST(bench_limits_grammar)
{
	struct bench_limits l;
	struct strbuf err = STRBUF_INIT;

	memset(&l, 0, sizeof(l));
	TARE_ASSERT_EQ(bench_limits_parse(&l, "ir=5%,EST-CYCLES=10%|1000,@all=-2.5%", &err), 0);
	/* The last mention wins: @all's soft limit replaces ir's. */
	TARE_ASSERT(l.l[BM_IR].has_soft);
	TARE_ASSERT_NEAR(l.l[BM_IR].soft, -2.5, 1e-9);
	TARE_ASSERT(l.l[BM_EST_CYCLES].has_hard);
	TARE_ASSERT_EQ(l.l[BM_EST_CYCLES].hard, 1000);
	TARE_ASSERT(l.l[BM_DLMW].has_soft);
	TARE_ASSERT(!l.l[BM_IR].has_hard);

	memset(&l, 0, sizeof(l));
	TARE_ASSERT_EQ(bench_limits_parse(&l, "cycles=5%", &err), -1);
	TARE_ASSERT(strstr(err.buf, "unknown metric 'cycles'") == err.buf);
	TARE_ASSERT_EQ(bench_limits_parse(&l, "ir", &err), -1);
	TARE_ASSERT_STREQ(err.buf, "expected METRIC=LIMIT at 'ir'");
	TARE_ASSERT_EQ(bench_limits_parse(&l, "ir=5", &err), 0);
	TARE_ASSERT_EQ(bench_limits_parse(&l, "ir=5%%", &err), -1);
	TARE_ASSERT_STREQ(err.buf, "'5%%' is not a percentage");
	TARE_ASSERT_EQ(bench_limits_parse(&l, "ir=-3", &err), -1);
	TARE_ASSERT_EQ(bench_limits_parse(&l, "ir=", &err), -1);
	TARE_ASSERT_EQ(bench_limits_parse(&l, "ir=5%;dr=1", &err), -1);
	TARE_ASSERT_EQ(bench_limits_parse(&l, "ir=nan%", &err), -1);
	strbuf_release(&err);
}

/* A regression beyond a soft limit, and one beyond a hard limit, are listed. */
TARE_TEST(bench_limits_flag_regressions)
{
	struct bench_summary s;
	struct bench_compare cmp;
	struct bench_compare_options o;
	struct bench_limits l;
	struct strbuf err = STRBUF_INIT;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	bench_summary_init(&s);
	memset(&cmp, 0, sizeof(cmp));
	memset(&o, 0, sizeof(o));
	memset(&l, 0, sizeof(l));
	TARE_ASSERT_EQ(bench_limits_parse(&l, "ir=5%,est-cycles=|1000", &err), -1);
	TARE_ASSERT_EQ(bench_limits_parse(&l, "ir=5%,est-cycles=600", &err), 0);
	o.limits = &l;
	bench_summary_add(&s, "b", "x");
	bench_summary_add(&s, "b", "x");
	set_ir(&s.results.v[0], 264);
	set_ir(&s.results.v[1], 152);
	bench_print_result(f, &s.results.v[0], &s.results.v[1], &o, &cmp);
	TARE_ASSERT_EQ(cmp.regressed, 1);
	TARE_ASSERT_EQ(cmp.regressions.nr, 2);
	bench_print_summary(f, &cmp, 0.5, 0);
	fclose(f);
	TARE_ASSERT(strstr(buf, "\nRegressions:\n\n  b x:\n"
			   "    Instructions (152 -> 264): +73.6842% exceeds limit of +5.00000%\n"
			   "    Estimated Cycles (669): exceeds the hard limit of 600\n"
			   "\ntare bench result: Regressed. 0 without regressions; 1 regressed; "
			   "1 benchmark finished in 0.50s\n") != NULL);
	free(buf);
	strbuf_release(&err);
	bench_compare_release(&cmp);
	bench_summary_release(&s);
}

/* The JSON summary reads back to the same results; a baseline keeps what a failure did not replace. */
TARE_TEST(bench_summary_round_trip_and_merge)
{
	struct bench_summary a, b, m;
	struct strbuf json = STRBUF_INIT, err = STRBUF_INIT;
	struct bench_result *r;

	bench_summary_init(&a);
	bench_summary_init(&b);
	bench_summary_init(&m);
	a.tool = "callgrind";
	a.valgrind_version = "valgrind-3.19.0";
	a.cache[0] = "32768,8,64";
	a.started_at = "2026-11-25T10:00:00Z";
	r = bench_summary_add(&a, "bin", "sort/16@qsort");
	set_ir(r, 1000);
	r->threads = 1;
	r = bench_summary_add(&a, "bin", "broken");
	r->status = BS_FAILED;
	r->error = "killed by SIGSEGV";
	bench_summary_json(&a, &json);
	TARE_ASSERT(strstr(json.buf, "\"schema\":\"tare-bench-summary\",\"version\":1,") != NULL);
	TARE_ASSERT_EQ(bench_summary_parse(&b, json.buf, json.len, "s.json", &err), 0);
	TARE_ASSERT_EQ(b.results.nr, 2);
	TARE_ASSERT_STREQ(b.valgrind_version, "valgrind-3.19.0");
	TARE_ASSERT_STREQ(b.results.v[0].impl, "qsort");
	TARE_ASSERT_STREQ(b.results.v[0].bench, "sort/16");
	TARE_ASSERT_EQ(memcmp(a.results.v[0].m, b.results.v[0].m, sizeof(a.results.v[0].m)), 0);
	TARE_ASSERT_EQ(b.results.v[1].status, BS_FAILED);
	TARE_ASSERT_STREQ(b.results.v[1].error, "killed by SIGSEGV");

	/* The run's failure keeps the baseline's number; its success replaces it. */
	b.results.v[0].status = BS_FAILED;
	a.results.v[1].status = BS_OK;
	set_ir(&a.results.v[1], 77);
	bench_summary_merge(&m, &a, &b);
	TARE_ASSERT_EQ(m.results.nr, 2);
	TARE_ASSERT_EQ(m.results.v[0].status, BS_OK);
	TARE_ASSERT_EQ(m.results.v[0].m[BM_IR], 1000);
	TARE_ASSERT_EQ(m.results.v[1].m[BM_IR], 77);

	TARE_ASSERT_EQ(bench_summary_parse(&m, "{\"schema\":\"x\"}", 14, "s.json", &err), -1);
	TARE_ASSERT(strstr(err.buf, "s.json:1:1: not a tare bench summary") == err.buf);
	TARE_ASSERT_EQ(bench_summary_parse(&m, "{\"schema\":\"tare-bench-summary\",\"version\":2}",
					   43, "s.json", &err), -1);
	TARE_ASSERT(strstr(err.buf, "schema version is not 1") != NULL);
	TARE_ASSERT_EQ(bench_summary_parse(&m, "[1,", 3, "s.json", &err), -1);
	TARE_ASSERT_STREQ(err.buf, "s.json:1:1: unterminated array");
	strbuf_release(&json);
	strbuf_release(&err);
	bench_summary_release(&a);
	bench_summary_release(&b);
	bench_summary_release(&m);
}

/* RESULTS.md: a ratio only where the baseline has data; missing rows shown, never folded in. */
TARE_TEST(bench_results_md)
{
	struct bench_summary s;
	struct results_md_options o = { "libc", 1.5 };
	struct strbuf md = STRBUF_INIT;

	bench_summary_init(&s);
	s.tool = "callgrind";
	s.started_at = "2026-11-25T10:00:00Z";
	s.tare_version = "0.1.0";
	s.valgrind_version = "valgrind-3.19.0";
	s.cache[0] = s.cache[1] = "32768,8,64";
	s.cache[2] = "8388608,16,64";
	set_ir(bench_summary_add(&s, "b", "parse/small@mine"), 1157922);
	set_ir(bench_summary_add(&s, "b", "parse/small@libc"), 1000000);
	set_ir(bench_summary_add(&s, "b", "parse/small@jit"), 840000);
	set_ir(bench_summary_add(&s, "b", "parse/small@slow"), 6070000);
	bench_summary_add(&s, "b", "parse/small@broken")->status = BS_FAILED;
	bench_summary_add(&s, "b", "parse/big@libc")->status = BS_FAILED;
	set_ir(bench_summary_add(&s, "b", "parse/big@mine"), 5000);
	set_ir(bench_summary_add(&s, "b", "alone"), 1234);
	results_md(&md, &s, &o);
	TARE_ASSERT_STREQ(md.buf,
		"# Benchmark results\n"
		"\n"
		"**Generated:** 2026-11-25T10:00:00Z by tare 0.1.0\n"
		"**Measured:** callgrind (valgrind-3.19.0), cache I1 32768,8,64, D1 32768,8,64, "
		"LL 8388608,16,64; ratios on instructions\n"
		"\n"
		"## parse/small\n"
		"\n"
		"| Implementation | Instructions | Estimated Cycles | vs libc |\n"
		"|---|---:|---:|---:|\n"
		"| mine | 1,157,922 | 1,158,327 | 1.16× |\n"
		"| libc | 1,000,000 | 1,000,405 | 1.00× |\n"
		"| jit | 840,000 | 840,405 | **0.84×** ✓ |\n"
		"| slow | 6,070,000 | 6,070,405 | 6.07× ⚠ |\n"
		"| broken | missing | missing | - |\n"
		"\n"
		"## parse/big\n"
		"\n"
		"| Implementation | Instructions | Estimated Cycles | vs libc |\n"
		"|---|---:|---:|---:|\n"
		"| libc | missing | missing | - |\n"
		"| mine | 5,000 | 5,405 | - |\n"
		"\n"
		"## alone\n"
		"\n"
		"| Implementation | Instructions | Estimated Cycles |\n"
		"|---|---:|---:|\n"
		"| alone | 1,234 | 1,639 |\n"
		"\n"
		"## Summary\n"
		"\n"
		"**At or below the baseline (✓):**\n"
		"- `parse/small@jit`: 0.84×\n"
		"\n"
		"**Within 1.5× of the baseline:**\n"
		"- `parse/small@mine`: 1.16×\n"
		"\n"
		"**Needs attention (more than 1.5× the baseline, ⚠):**\n"
		"- `parse/small@slow`: 6.07×\n"
		"\n"
		"**Missing (no data, left out of every ratio):**\n"
		"- `parse/small@broken`: no result\n"
		"- `parse/big@libc`: no result\n");
	strbuf_release(&md);
	bench_summary_release(&s);
}

/*
 * A ratio shows the digits that put it where its mark says: below, at or
 * above 1 and warn-above; two decimals when they do.
 */
TARE_TEST(bench_results_md_ratio_agrees_with_its_mark)
{
	struct bench_summary s;
	struct results_md_options o = { "base", 1.5 };
	struct strbuf md = STRBUF_INIT;

	bench_summary_init(&s);
	s.tool = "callgrind";
	set_ir(bench_summary_add(&s, "b", "r@base"), 10000000);
	set_ir(bench_summary_add(&s, "b", "r@below"), 9980000);
	set_ir(bench_summary_add(&s, "b", "r@same"), 10000000);
	set_ir(bench_summary_add(&s, "b", "r@above"), 10030000);
	set_ir(bench_summary_add(&s, "b", "r@hair"), 10000001);
	set_ir(bench_summary_add(&s, "b", "r@warn"), 15000000);
	set_ir(bench_summary_add(&s, "b", "r@past"), 15004000);
	set_ir(bench_summary_add(&s, "b", "r@far"), 60700000);
	results_md(&md, &s, &o);
	TARE_ASSERT_NOT_NULL(strstr(md.buf,
		"| base | 10,000,000 | 10,000,405 | 1.00× |\n"
		"| below | 9,980,000 | 9,980,405 | **0.998×** ✓ |\n"
		"| same | 10,000,000 | 10,000,405 | **1.00×** ✓ |\n"
		"| above | 10,030,000 | 10,030,405 | 1.003× |\n"
		"| hair | 10,000,001 | 10,000,406 | 1.0000001× |\n"
		"| warn | 15,000,000 | 15,000,405 | 1.50× |\n"
		"| past | 15,004,000 | 15,004,405 | 1.5004× ⚠ |\n"
		"| far | 60,700,000 | 60,700,405 | 6.07× ⚠ |\n"));
	TARE_ASSERT_NOT_NULL(strstr(md.buf, "- `r@below`: 0.998×\n- `r@same`: 1.00×\n"));
	TARE_ASSERT_NOT_NULL(strstr(md.buf, "- `r@above`: 1.003×\n- `r@hair`: 1.0000001×\n"
				    "- `r@warn`: 1.50×\n"));
	TARE_ASSERT_NOT_NULL(strstr(md.buf, "- `r@past`: 1.5004×\n- `r@far`: 6.07×\n"));
	strbuf_release(&md);
	bench_summary_release(&s);
}

/* Names are Markdown-escaped: a '|' adds no column, a '*' starts no emphasis. */
TARE_TEST(bench_results_md_escapes_names)
{
	struct bench_summary s;
	struct results_md_options o = { "a|b", 1.5 };
	struct strbuf md = STRBUF_INIT;

	bench_summary_init(&s);
	s.tool = "callgrind";
	s.commit = "abc1234";
	s.branch = "fix`it";
	set_ir(bench_summary_add(&s, "b", "x|y/*1*@a|b"), 1000);
	set_ir(bench_summary_add(&s, "b", "x|y/*1*@c_d"), 2000);
	bench_summary_add(&s, "b", "x|y/*1*@`q`")->status = BS_FAILED;
	results_md(&md, &s, &o);
	TARE_ASSERT_NOT_NULL(strstr(md.buf, "**Commit:** abc1234 (``fix`it``)\n"));
	TARE_ASSERT_NOT_NULL(strstr(md.buf, "\n## x\\|y/\\*1\\*\n\n"
		"| Implementation | Instructions | Estimated Cycles | vs a\\|b |\n"
		"|---|---:|---:|---:|\n"
		"| a\\|b | 1,000 | 1,405 | 1.00× |\n"
		"| c_d | 2,000 | 2,405 | 2.00× ⚠ |\n"
		"| \\`q\\` | missing | missing | - |\n"));
	TARE_ASSERT_NOT_NULL(strstr(md.buf, "- `x|y/*1*@c_d`: 2.00×\n"));
	TARE_ASSERT_NOT_NULL(strstr(md.buf, "- `` x|y/*1*@`q` ``: no result\n"));
	strbuf_release(&md);
	bench_summary_release(&s);
}

/*
 * A filtered run's report: every listed benchmark, this run's result first,
 * else the last one recorded (marked), else missing beside others of its
 * case; a threshold is printed as configured.
 */
TARE_TEST(bench_report_of_a_filtered_run)
{
	struct bench_summary listed, run, last, rep;
	struct results_md_options o = { "a", 1.25 };
	struct strbuf md = STRBUF_INIT;

	bench_summary_init(&listed);
	bench_summary_init(&run);
	bench_summary_init(&last);
	bench_summary_init(&rep);
	bench_summary_add(&listed, "x", "cmp@a");
	bench_summary_add(&listed, "x", "cmp@b");
	bench_summary_add(&listed, "x", "new@a");
	bench_summary_add(&listed, "x", "new@b");
	bench_summary_add(&listed, "x", "never@a");
	bench_summary_add(&listed, "x", "old@a");
	run.tool = "callgrind";
	run.started_at = "2026-11-25T10:00:00Z";
	set_ir(bench_summary_add(&run, "x", "cmp@b"), 1300);
	set_ir(bench_summary_add(&run, "x", "new@b"), 90);
	set_ir(bench_summary_add(&last, "x", "cmp@a"), 1000);
	set_ir(bench_summary_add(&last, "x", "cmp@b"), 5);
	set_ir(bench_summary_add(&last, "x", "old@a"), 7);
	set_ir(bench_summary_add(&last, "x", "gone@a"), 7);
	bench_summary_report(&rep, &listed, &run, &last);
	TARE_ASSERT_STREQ(rep.started_at, "2026-11-25T10:00:00Z");
	TARE_ASSERT_EQ(rep.results.nr, 5);
	TARE_ASSERT_STREQ(rep.results.v[0].name, "cmp@a");
	TARE_ASSERT(rep.results.v[0].earlier);
	TARE_ASSERT_EQ(rep.results.v[1].m[BM_IR], 1300);
	TARE_ASSERT(!rep.results.v[1].earlier);
	TARE_ASSERT_STREQ(rep.results.v[2].name, "new@a");
	TARE_ASSERT_EQ(rep.results.v[2].status, BS_FAILED);
	TARE_ASSERT_STREQ(rep.results.v[3].name, "new@b");
	TARE_ASSERT_STREQ(rep.results.v[4].name, "old@a");
	results_md(&md, &rep, &o);
	TARE_ASSERT(strstr(md.buf, "**Filtered run:** rows marked (earlier run) hold the latest "
			   "numbers of benchmarks this run did not measure\n") != NULL);
	TARE_ASSERT(strstr(md.buf, "| a (earlier run) | 1,000 | 1,405 | 1.00× |\n"
			   "| b | 1,300 | 1,705 | 1.30× ⚠ |\n") != NULL);
	TARE_ASSERT(strstr(md.buf, "| a | missing | missing | - |\n| b | 90 | 495 | - |\n")
		    != NULL);
	TARE_ASSERT(strstr(md.buf, "**Needs attention (more than 1.25× the baseline, ⚠):**\n")
		    != NULL);
	TARE_ASSERT(strstr(md.buf, "- `new@a`: not measured yet\n") != NULL);
	TARE_ASSERT(strstr(md.buf, "never") == NULL);
	TARE_ASSERT(strstr(md.buf, "gone") == NULL);
	strbuf_release(&md);
	bench_summary_release(&listed);
	bench_summary_release(&run);
	bench_summary_release(&last);
	bench_summary_release(&rep);
}

/* DHAT's output: only program points with a frame in the body count; prefixes are no match. */
TARE_TEST(bench_heap_from_dhat)
{
	static const char dhat[] =
		"{\"dhatFileVersion\":2,\"mode\":\"heap\",\"pps\":["
		"{\"tb\":100,\"tbk\":2,\"gb\":100,\"gbk\":2,\"eb\":0,\"ebk\":0,\"rb\":10,\"wb\":20,\"fs\":[0,1]},"
		"{\"tb\":64,\"tbk\":1,\"gb\":0,\"gbk\":0,\"eb\":64,\"ebk\":1,\"rb\":0,\"wb\":0,\"fs\":[0,2]},"
		"{\"tb\":7,\"tbk\":1,\"gb\":0,\"gbk\":0,\"eb\":0,\"ebk\":0,\"fs\":[0,3,1]},"
		"{\"tb\":999,\"tbk\":9,\"fs\":[0,4]}],"
		"\"ftbl\":[\"[root]\",\"0x1: tare__bench_h__one (b.c:3)\","
		"\"0x2: tare__bench_h__one\",\"0x3: helper (b.c:9)\","
		"\"0x4: tare__bench_h__one_more (b.c:12)\"]}";
	int64_t m[BM_COUNT];
	struct strbuf err = STRBUF_INIT, sym = STRBUF_INIT;

	memset(m, 0x55, sizeof(m));
	bench_body_symbol(&sym, "h/big@one");
	TARE_ASSERT_STREQ(sym.buf, "tare__bench_h__one");
	strbuf_reset(&sym);
	bench_body_symbol(&sym, "plain/case");
	TARE_ASSERT_STREQ(sym.buf, "tare__bench_plain");
	TARE_ASSERT_EQ(bench_heap_compute(m, dhat, strlen(dhat), "d.json", "tare__bench_h__one",
					  &err), 0);
	TARE_ASSERT_EQ(m[BM_HEAP_TOTAL_BYTES], 171);
	TARE_ASSERT_EQ(m[BM_HEAP_TOTAL_BLOCKS], 4);
	TARE_ASSERT_EQ(m[BM_HEAP_GMAX_BYTES], 100);
	TARE_ASSERT_EQ(m[BM_HEAP_END_BYTES], 64);
	TARE_ASSERT_EQ(m[BM_HEAP_END_BLOCKS], 1);
	TARE_ASSERT_EQ(m[BM_HEAP_READ_BYTES], 10);
	TARE_ASSERT_EQ(m[BM_HEAP_WRITE_BYTES], 20);
	/* The callgrind metrics are left alone. */
	TARE_ASSERT_EQ(m[BM_IR], 0x5555555555555555);
	TARE_ASSERT_EQ(bench_heap_compute(m, "{\"pps\":[]}", 10, "d.json", "f", &err), -1);
	TARE_ASSERT(strstr(err.buf, "d.json:1:1: no \"ftbl\" and \"pps\" arrays") == err.buf);
	TARE_ASSERT_EQ(bench_heap_compute(m, "{", 1, "d.json", "f", &err), -1);
	strbuf_release(&err);
	strbuf_release(&sym);
}

/* DHAT's text for a C++ body, a body that tail-calls, a stripped binary. */
TARE_TEST(bench_heap_frames)
{
	/* The harness's own allocation: under main, never the body's. */
#define HARNESS_PP "{\"tb\":8,\"tbk\":1,\"fs\":[1,5,6]}"
	static const char cxx[] =
		"{\"pps\":[{\"tb\":400,\"tbk\":1,\"fs\":[1,2,3,4,5,6]}," HARNESS_PP "],"
		"\"ftbl\":[\"[root]\",\"0x1: malloc (in /usr/libexec/valgrind/vgpreload_dhat.so)\","
		"\"0x2: operator new(unsigned long) (in /usr/lib/libstdc++.so.6)\","
		"\"0x3: tare__bench_vec() (v.cpp:6)\",\"0x4: tare__bench_run (tare.h:1088)\","
		"\"0x5: tare_main (tare.h:1549)\","
		"\"0x6: (below main) (libc_start_call_main.h:58)\"]}";
	/* tare__bench_tail is `jmp work`: only tare__measure says whose it is. */
	static const char tail[] =
		"{\"pps\":[{\"tb\":1000,\"tbk\":1,\"fs\":[1,2,3,4,5,6]}," HARNESS_PP "],"
		"\"ftbl\":[\"[root]\",\"0x1: malloc (in /usr/libexec/valgrind/vgpreload_dhat.so)\","
		"\"0x2: work (b.c:3)\",\"0x3: tare__measure (tare.h:1116)\","
		"\"0x4: tare__bench_run (tare.h:1088)\",\"0x5: tare_main (tare.h:1549)\","
		"\"0x6: (below main) (libc_start_call_main.h:58)\"]}";
	static const char stripped[] =
		"{\"pps\":[{\"tb\":1000,\"tbk\":1,\"fs\":[1,2,3,4,5,6]}," HARNESS_PP "],"
		"\"ftbl\":[\"[root]\",\"0x1: malloc (in /usr/libexec/valgrind/vgpreload_dhat.so)\","
		"\"0x2: ??? (in /b)\",\"0x3: ??? (in /b)\",\"0x4: ??? (in /b)\","
		"\"0x5: ??? (in /b)\",\"0x6: (below main) (libc_start_call_main.h:58)\"]}";
	/* Only the setup allocates: the body's use is a true 0. */
	static const char setup_only[] =
		"{\"pps\":[{\"tb\":64,\"tbk\":1,\"fs\":[1,2,4,5,6]}," HARNESS_PP "],"
		"\"ftbl\":[\"[root]\",\"0x1: malloc (in /usr/libexec/valgrind/vgpreload_dhat.so)\","
		"\"0x2: make_input (b.c:3)\",\"0x3: unused\","
		"\"0x4: tare__bench_run (tare.h:1088)\",\"0x5: tare_main (tare.h:1549)\","
		"\"0x6: (below main) (libc_start_call_main.h:58)\"]}";
#undef HARNESS_PP
	int64_t m[BM_COUNT];
	struct strbuf err = STRBUF_INIT;

	memset(m, 0, sizeof(m));
	TARE_ASSERT_EQ(bench_heap_compute(m, cxx, strlen(cxx), "d.json", "tare__bench_vec", &err),
		       0);
	TARE_ASSERT_EQ(m[BM_HEAP_TOTAL_BYTES], 400);
	TARE_ASSERT_EQ(bench_heap_compute(m, tail, strlen(tail), "d.json", "tare__bench_tail",
					  &err), 0);
	TARE_ASSERT_EQ(m[BM_HEAP_TOTAL_BYTES], 1000);
	TARE_ASSERT_EQ(bench_heap_compute(m, stripped, strlen(stripped), "d.json",
					  "tare__bench_tail", &err), 1);
	TARE_ASSERT_EQ(m[BM_HEAP_TOTAL_BYTES], 0);
	TARE_ASSERT_EQ(bench_heap_compute(m, setup_only, strlen(setup_only), "d.json",
					  "tare__bench_sort__libc", &err), 0);
	TARE_ASSERT_EQ(m[BM_HEAP_TOTAL_BYTES], 0);
	TARE_ASSERT_EQ(m[BM_HEAP_TOTAL_BLOCKS], 0);
	strbuf_release(&err);
}
