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

#include "config.h"
#include "observer.h"

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

/*
 * The report as an observer of the run (observer.h): r, set up, must
 * outlive it. It prints "Starting N tests across B binaries ..." when
 * the run starts; a line per attempt (as status-level says), with the
 * output failure-output and success-output show at once; SLOW and
 * TERMINATING lines; "Cancelling" for fail-fast and Ctrl-C, "Killing"
 * for a second Ctrl-C; the progress line at each tick, on terminals
 * (it wants ticks then); and at the end the summary, the final list and
 * the "summary:" line. It keeps failed and retried cases, and the output
 * the final list shows.
 */
struct run_observer report_observer(struct report *r);

#endif
