/*
 * bench.h: benchmark results: the metrics taken from callgrind's counts,
 * the summary of a run (in memory and as versioned JSON, the one source
 * every report is made from), baselines, regression limits and the
 * comparison of two summaries. Running benchmarks is benchrun.h's.
 *
 * Metrics (gungraun's names and formulas, docs/bench.md):
 *
 *     L1 Hits          = Ir + Dr + Dw - LL Hits - RAM Hits
 *     LL Hits          = I1mr + D1mr + D1mw - RAM Hits
 *     RAM Hits         = ILmr + DLmr + DLmw
 *     Total read+write = Ir + Dr + Dw
 *     Estimated Cycles = L1 Hits + 5 LL Hits + 35 RAM Hits
 */
#ifndef TARE_BENCH_H
#define TARE_BENCH_H

#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "strbuf.h"
#include "vec.h"

/* The version of the summary's JSON schema (docs/bench.md). */
#define BENCH_SCHEMA "tare-bench-summary"
#define BENCH_SCHEMA_VERSION 1

enum bench_metric {
	/* Shown by default, in this order. */
	BM_IR, BM_L1_HITS, BM_LL_HITS, BM_RAM_HITS, BM_TOTAL_RW, BM_EST_CYCLES,
	/* The raw events behind them (--metrics all). */
	BM_DR, BM_DW, BM_I1MR, BM_D1MR, BM_D1MW, BM_ILMR, BM_DLMR, BM_DLMW,
	/*
	 * Heap use, with --tool dhat: the body's allocations (DHAT's program
	 * points whose stack holds the body), as gungraun names them.
	 */
	BM_HEAP_TOTAL_BYTES, BM_HEAP_TOTAL_BLOCKS, BM_HEAP_GMAX_BYTES, BM_HEAP_GMAX_BLOCKS,
	BM_HEAP_END_BYTES, BM_HEAP_END_BLOCKS, BM_HEAP_READ_BYTES, BM_HEAP_WRITE_BYTES,
	BM_COUNT
};
#define BM_DEFAULT_COUNT (BM_EST_CYCLES + 1)
#define BM_CALLGRIND_COUNT (BM_DLMW + 1)
#define BM_HEAP_FIRST BM_HEAP_TOTAL_BYTES

struct bench_metric_info {
	const char *key;	/* in limits and JSON: "ir", "est-cycles", "dr" */
	const char *label;	/* in the terminal: "Instructions" */
	const char *event;	/* callgrind's event name, or DHAT's field, for raw ones */
};

extern const struct bench_metric_info bench_metrics[BM_COUNT];

/* The metric named key (case-insensitive), or -1. */
int bench_metric_find(const char *key, size_t len);

/*
 * Fills the callgrind metrics of m[] from callgrind's raw events (ev[i] is
 * the count of the event named names[i]); the heap metrics are left alone.
 * Events missing from the file count 0. Returns 0, or -1 if Ir is missing
 * (the file is no callgrind profile of instructions).
 */
int bench_metrics_compute(int64_t m[BM_COUNT], const char *const *names,
			  const int64_t *ev, size_t nev);

enum bench_status {
	BS_OK,		/* measured */
	BS_FAILED,	/* ran, but its numbers cannot be had: see error */
};

/* One benchmark's result in a run. Strings live in the summary's arena. */
struct bench_result {
	const char *binary;	/* the binary's id */
	const char *name;	/* as listed: NAME[/CASE][@IMPL] */
	const char *bench;	/* NAME/CASE: what implementations are compared on */
	const char *impl;	/* IMPL, or NULL */
	enum bench_status status;
	const char *error;	/* BS_FAILED: why */
	const char *profile;	/* the callgrind file, relative to the root; or NULL */
	int64_t m[BM_COUNT];	/* callgrind metrics (tool callgrind) */
	int threads;		/* threads the profile has */
	unsigned has_heap : 1;	/* the heap metrics are measured (--tool dhat) */
	unsigned heap_unnamed : 1;	/* --tool dhat, but the binary is stripped: no heap
					   metrics (not saved in the summary) */
	const char *heap_profile;	/* DHAT's file, relative to the root */
	/* --wall: nanoseconds per iteration. */
	double wall_median, wall_min, wall_max;
	uint64_t wall_iters;
	int wall_samples;
	unsigned unoptimized : 1;
	unsigned earlier : 1;	/* in a report: not measured by this run (last.json's) */
};

/* A run of benchmarks: what the JSON summary holds. */
struct bench_summary {
	struct arena arena;
	const char *tool;		/* "callgrind" or "wall" */
	const char *tare_version;
	const char *valgrind_version;	/* "valgrind-3.19.0"; NULL for wall */
	/*
	 * How callgrind ran them: "fork-server" (one start per binary and slot,
	 * each benchmark in a forked child) or "process" (one start each);
	 * NULL for wall. The two can differ by the heap's layout.
	 */
	const char *mode;
	const char *cache[3];		/* I1, D1, LL geometry: "32768,8,64" */
	const char *started_at;		/* ISO 8601, UTC */
	const char *commit, *branch;	/* NULL outside git */
	double duration;		/* seconds */
	VEC(struct bench_result) results;
};

void bench_summary_init(struct bench_summary *s);
void bench_summary_release(struct bench_summary *s);

/* Appends a result with the names set (bench and impl split from name). */
struct bench_result *bench_summary_add(struct bench_summary *s, const char *binary,
				       const char *name);

/* The result of (binary, name), or NULL. */
const struct bench_result *bench_summary_find(const struct bench_summary *s,
					      const char *binary, const char *name);

/* The summary as JSON (with a final newline). */
void bench_summary_json(const struct bench_summary *s, struct strbuf *out);

/* Writes the JSON to path atomically. Returns 0, or -1 after an error line. */
int bench_summary_write(const struct bench_summary *s, const char *path);

/*
 * Reads a summary written by bench_summary_write(). Returns 0; 1 if the
 * file does not exist (s left empty); -1 after one error line naming the
 * file (and line) on anything else.
 */
int bench_summary_read(struct bench_summary *s, const char *path);

/* Parses JSON text into s; errors go to err as "NAME:LINE:COL: message". */
int bench_summary_parse(struct bench_summary *s, const char *buf, size_t len,
			const char *name, struct strbuf *err);

/*
 * A baseline after this run: base's results, with those of run replacing
 * the ones of the same benchmarks, and run's header.
 */
void bench_summary_merge(struct bench_summary *out, const struct bench_summary *base,
			 const struct bench_summary *run);

/*
 * What RESULTS.md shows after a run, filtered or not: every benchmark of
 * listed (names only: each one the binaries define, in list order) with
 * its result in run, else the one in last (marked earlier), else, if
 * another implementation of its NAME/CASE has numbers, a missing one (so
 * that the baseline's row shows, without numbers, rather than another
 * taking its place); run's header.
 */
void bench_summary_report(struct bench_summary *out, const struct bench_summary *listed,
			  const struct bench_summary *run, const struct bench_summary *last);

/* ---- regression limits ---- */

struct bench_limit {
	unsigned has_soft : 1, has_hard : 1;
	double soft;		/* percent: a change above it regresses (below it, if negative) */
	int64_t hard;		/* a value above it regresses */
};

struct bench_limits {
	struct bench_limit l[BM_COUNT];
};

/*
 * Fills the heap metrics of m[] from DHAT's JSON output (dhat_json, len
 * bytes): the sums over the program points whose stack has a frame of the
 * function fn (the body's symbol, bench_body_symbol()) or of tare.h's
 * tare__measure, which runs the body alone. Returns 0; 1 when no frame is
 * either and the executable's functions have no names (a stripped binary:
 * the body's allocations cannot be told from the rest, m[] counts none);
 * -1 with what is wrong in err.
 */
int bench_heap_compute(int64_t m[BM_COUNT], const char *dhat_json, size_t len,
		       const char *name, const char *fn, struct strbuf *err);

/*
 * The symbol of a benchmark's body: tare__bench_NAME, or
 * tare__bench_NAME__IMPL, for the listed NAME[/CASE][@IMPL].
 */
void bench_body_symbol(struct strbuf *sb, const char *listed);

/*
 * Parses "ir=5%,est-cycles=10%|1000,@all=20%" into limits (keys as in
 * bench_metrics, or @default / @all; the last mention of a metric wins).
 * Returns 0, or -1 with what is wrong in err.
 */
int bench_limits_parse(struct bench_limits *limits, const char *spec,
		       struct strbuf *err);

/* ---- comparing a run with a baseline ---- */

struct bench_compare_options {
	const struct bench_limits *limits;
	int all_metrics;	/* the raw events too */
	int color;
	const char *baseline_new, *baseline_old;	/* names for the Baselines: line, or NULL */
};

struct bench_regression {
	const char *binary, *name;
	int metric;
	int64_t old, new_;
	double pct;		/* soft: the change in percent */
	int hard;		/* the hard limit was exceeded (else the soft one) */
	double limit_pct;
	int64_t limit_hard;
	/* The functions that grew most (baseline_explain), printed under it; or NULL. */
	char *grew;
};

struct bench_compare {
	size_t ok, regressed, failed;
	VEC(struct bench_regression) regressions;
};

/*
 * Prints one result in gungraun's block layout, compared with old (NULL:
 * no baseline), and records any regression in cmp.
 */
void bench_print_result(FILE *out, const struct bench_result *r,
			const struct bench_result *old,
			const struct bench_compare_options *o,
			struct bench_compare *cmp);

/* The same for a --wall result: the median time and the spread. */
void bench_print_wall(FILE *out, const struct bench_result *r,
		      const struct bench_result *old,
		      const struct bench_compare_options *o,
		      struct bench_compare *cmp);

/*
 * The "Regressions:" list (if any) and the result line, which says the
 * benchmarks finished in duration seconds, or, when duration is negative,
 * that they were compared and none ran (two saved baselines).
 */
void bench_print_summary(FILE *out, const struct bench_compare *cmp,
			 double duration, int color);

void bench_compare_release(struct bench_compare *cmp);

/*
 * gungraun's change columns for new against old: "(+1.2345%) [+1.01235x]",
 * "(No change)", "(*********)" when old is missing. Exposed for the tests.
 */
void bench_format_change(struct strbuf *sb, int64_t new_, const int64_t *old);

/* A time in nanoseconds as RESULTS-wall.md shows it: 812ns, 56.21µs, 2.94ms, 1.20s. */
void bench_add_time(struct strbuf *sb, double ns);

/* ---- RESULTS.md ---- */

struct results_md_options {
	const char *baseline_impl;	/* the implementation others are compared with; NULL: the first */
	double warn_ratio;		/* "⚠" above this ratio */
};

/* RESULTS.md from a summary (docs/bench.md shows its shape). */
void results_md(struct strbuf *out, const struct bench_summary *s,
		const struct results_md_options *o);

#endif
