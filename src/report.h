/*
 * report.h: the terminal report of a test run, shaped like nextest's:
 *
 *     Starting 40 tests across 3 binaries with profile default
 *         PASS [   0.003s] (  1/40) test_ring push_pop
 *         FAIL [   0.002s] (  2/40) test_ring wraps_around
 *       stderr ───
 *         tests/ring_test.c:42: TARE_ASSERT_EQ failed: ring_len(&r) == 3
 *     ...
 *     ────────────
 *          Summary [   1.204s] 40 tests run: 39 passed, 1 failed, 0 skipped
 *             FAIL [   0.002s] test_ring wraps_around
 *     summary: 39 passed, 1 failed, 0 skipped
 *
 * The status word is right-aligned in 12 columns, the duration in seconds
 * in `[%8.3fs]`, the counter counts finished tests. Colour and the live
 * progress line (on stderr) only on terminals.
 */
#ifndef TARE_REPORT_H
#define TARE_REPORT_H

#include <stdio.h>

#include "runner.h"
#include "testrun.h"

struct report {
	FILE *out;
	int color;
	int progress;		/* draw a progress line on stderr */
	enum status_level level;
	enum final_level final_level;
	size_t total;		/* tests that will run */
	size_t finished;
	size_t failed;
	int counter_width;
	double start;
	const char *root;	/* the project: its files are the test's own */
	int terminal;		/* out is a terminal: long output is cut to a screenful */
	int verbose;		/* whole stacks */
	int suppressions;	/* show memcheck's suppression for each error */
};

void report_init(struct report *r, FILE *out, int color, int progress);

/* "Starting N tests across B binaries ..." */
void report_start(struct report *r, size_t tests, size_t binaries,
		  size_t skipped, const char *profile);

/* One attempt ended; final says it is the test's last. */
void report_attempt(struct report *r, const struct test_case *tc,
		    const struct attempt *a, int final);

/* A test passed a slow period, or is being terminated. */
void report_slow(struct report *r, const struct test_case *tc,
		 double elapsed, int terminating);

void report_interrupt(struct report *r, int sig, int count, int running);
void report_cancel(struct report *r, const char *why, int running);

/* Redraws the progress line: running tests, the longest-running one. */
void report_progress(struct report *r, int running,
		     const struct test_case *longest, double elapsed);

/* 1 if report_progress() has anything to draw. */
int report_wants_ticks(const struct report *r);

/* The summary, the final list and the "summary:" line. */
void report_summary(struct report *r, const struct test_list *list,
		    const struct run_summary *sum);

#endif
