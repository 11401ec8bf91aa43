/*
 * baseline.h: what a benchmark run is compared with, and what it leaves
 * for the next one. The rules live here, not in the command, so that the
 * unit tests reach them.
 *
 * The files, below the project's root:
 *
 *     .tare/bench/last.json             every benchmark's last numbers
 *     .tare/bench/summary.json          the last run alone
 *     .tare/bench/baselines/NAME.json   a saved baseline
 *     .tare/bench/profiles/             the last run's callgrind profiles
 *     .tare/bench/RESULTS.md            unless [bench] results or --results
 *
 * A --wall run has files of its own beside them (last-wall.json,
 * summary-wall.json, NAME-wall.json, RESULTS-wall.md): wall-clock numbers
 * are never compared with instruction counts.
 *
 * What a run is compared with: --baseline NAME's numbers, else those of
 * --save-baseline NAME if it exists, else last.json. After the run, every
 * file is replaced whole or not at all: last.json moves on (whatever the
 * run was compared with, so that a plain run after it compares with this
 * one), --save-baseline's baseline is this run merged over what it held,
 * and --baseline's is written if it did not exist.
 */
#ifndef TARE_BASELINE_H
#define TARE_BASELINE_H

#include "bench.h"
#include "strbuf.h"

struct config;
struct test_list;

struct baseline {
	const char *root;		/* the project's root */
	int wall;			/* --wall: the -wall files */
	const char *save;		/* --save-baseline, or NULL */
	const char *compare;		/* --baseline, else --save-baseline, or NULL */
	const char *baseline;		/* --baseline, or NULL */
	struct bench_summary old;	/* what the run is compared with */
	int have_old;			/* old was read (else nothing to compare with) */
};

/*
 * A baseline's name is one file name: letters, digits, '-', '_' and '.',
 * not starting with '.', 1 to 100 characters. NULL passes. Returns 0, or -1
 * after an error line that starts with option.
 */
int baseline_name_check(const char *option, const char *name);

/* sb = ROOT/.tare/bench/NAME. */
void baseline_state_path(struct strbuf *sb, const char *root, const char *name);

/* sb = ROOT/.tare/bench/baselines/NAME.json (NAME-wall.json for wall). */
void baseline_path(struct strbuf *sb, const char *root, const char *name, int wall);

/*
 * Where RESULTS.md goes: option (--results) as given; else [bench] results
 * or .tare/bench/RESULTS.md, which a --wall run leaves to the instruction
 * counts: it writes RESULTS-wall.md (or NAME-wall) beside it.
 */
void baseline_results_path(struct strbuf *sb, const char *option, const struct config *cfg,
			   int wall);

/*
 * Reads what the run is compared with (see the top) and names it in co
 * (the "Baselines:" line). Returns 0, or -1 after an error line (a file
 * that is there but cannot be read).
 */
int baseline_open(struct baseline *b, struct bench_compare_options *co);

/*
 * After a finished run: writes summary.json (and summary_copy, --summary,
 * if given), RESULTS.md of every benchmark the list defines (the last
 * numbers of those a filter left out), last.json and the baselines.
 * Returns 0, or -1 after an error line for each file that could not be
 * written.
 */
int baseline_save(struct baseline *b, const struct bench_summary *run,
		  const struct test_list *list, const struct config *cfg,
		  const char *results, const char *summary_copy);

void baseline_release(struct baseline *b);

/*
 * The profile of the numbers r is compared with, kept by the run that
 * measured them: NAME.callgrind.out.old beside this run's (last.json), or
 * in the saved baseline's folder (baselines/NAME.profiles/, written with
 * the baseline). Sets path and returns 0, or -1 when there is none.
 */
int baseline_old_profile(const struct baseline *b, const struct bench_result *r,
			 struct strbuf *path);

/*
 * Explains each regressed benchmark of cmp: the five functions whose own
 * cost in the regressed metric grew most from the baseline's profile to
 * this run's, as the text bench_print_summary prints under it. A
 * benchmark without both profiles is left as it is.
 */
void baseline_explain(const struct baseline *b, const struct bench_summary *run,
		      struct bench_compare *cmp);

/*
 * The run's page (tare report's, html_report.h) at path: the results
 * table, then per benchmark its profile and, where the baseline's profile
 * is kept, what changed against it. Returns 0, or -1 after an error line.
 */
int baseline_report_page(const struct baseline *b, const struct bench_summary *run,
			 const char *path);

/*
 * The JSON summaries of several runs (the shards of a --partition), merged
 * into one, in order (a benchmark in two: the later one's), into
 * RESULTS.md (results, or [bench] results, or .tare/bench/RESULTS.md) and,
 * if summary is set, one JSON summary. Runs nothing. Returns 0, or -1
 * after one error line.
 */
int baseline_merge_summaries(const struct strvec *paths, const struct config *cfg,
			     const char *results, const char *summary);

/*
 * --load-baseline NEW --baseline OLD: prints the comparison of two saved
 * baselines and returns the exit status (0, 1 if NEW has failures, 3 on
 * a regression, 2 after an error line: either is missing or unreadable).
 */
int baseline_compare_saved(const char *root, const char *new_name, const char *old_name,
			   int wall, struct bench_compare_options *co, FILE *out);

/*
 * --annotate NAME: the profile the last run kept of the benchmark whose
 * whole name is NAME, else of the one benchmark whose name contains it.
 * Sets path and returns 0, or -1 after an error line (no run yet, no such
 * benchmark, or NAME matches several).
 */
int baseline_last_profile(struct strbuf *path, const char *root, const char *name);

/*
 * [bench] baseline must name an implementation (NAME@IMPL) that some
 * listed benchmark has: a typo would otherwise compare every case with
 * its first implementation, silently. Returns 0, or -1 after an error
 * line that suggests the nearest name (one that differs in case only,
 * else the closest by edit distance, else the names there are).
 */
int baseline_impl_check(const struct config *cfg, const struct test_list *list);

#endif
