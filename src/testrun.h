/*
 * testrun.h: a test run's policy on top of the runner: one process per
 * attempt, under the wrapper the profile picks, with retries, flaky
 * detection, fail-fast and the per-test settings; results go to the
 * terminal report, JUnit and the event stream as they happen.
 */
#ifndef TARE_TESTRUN_H
#define TARE_TESTRUN_H

#include <stdio.h>

#include "config.h"
#include "discover.h"
#include "memcheck.h"

enum test_status {
	ST_PASS,
	ST_FAIL,	/* non-zero exit */
	ST_NO_RESULT,	/* exit 0 but the harness never said the test passed */
	ST_SKIP,
	ST_CRASH,	/* killed by a signal */
	ST_TIMEOUT,
	ST_EXEC_FAIL,	/* could not be started */
	ST_LEAK_FAIL,	/* passed, but leaked and leak-timeout says fail */
	ST_MEMCHECK,	/* memcheck found errors that fail the test */
};

struct attempt {
	enum test_status status;
	int number;		/* 1-based */
	int exit_code;
	int term_signal;
	int start_errno;
	double duration;
	unsigned leaked : 1;
	unsigned leak_survived : 1;	/* what leaked could not be killed */
	unsigned slow : 1;
	unsigned interrupted : 1;
	unsigned memcheck : 1;	/* ran under memcheck */
	enum test_status underlying;	/* for ST_MEMCHECK: how the test itself ended */
	struct mc_error *mc_errors;	/* the errors that fail it, in order */
	struct mc_error **mc_tail;
	size_t mc_count;
	/* What was kept of stdout and stderr, and the cut (capture.h). */
	struct strbuf out, err;
	size_t out_cut_at, err_cut_at;
	size_t out_dropped, err_dropped;
	char *program;		/* ST_EXEC_FAIL: what could not be started */
	char *profile;		/* under callgrind: the profile written */
};

/* What the run keeps for each selected case (test_case.run). */
struct case_run {
	struct settings s;
	const struct wrapper *wrapper;
	int total_attempts;
	VEC(struct attempt *) attempts;
	unsigned done : 1;
	unsigned batched : 1;	/* runs in a batch, not alone */
	unsigned flaky : 1;	/* passed after failing */
	unsigned failed : 1;	/* counted as failed in the end */
	unsigned skipped : 1;
};

struct run_summary {
	size_t listed;		/* every test case of the listed binaries */
	size_t selected;
	size_t run;		/* finished, including skips */
	size_t passed, failed, skipped;	/* skipped includes unselected tests */
	size_t not_run;		/* selected, never started: fail-fast or Ctrl-C */
	size_t flaky_passed, flaky_failed, slow, leaky, timed_out, crashed, exec_failed,
	       leak_failed, no_result, interrupted, memcheck, skipped_by_test;
	double duration;
	/* Memcheck errors of batches after their last test: the run fails. */
	size_t outside_errors;
	int interrupt_signal;	/* non-zero: the run was interrupted */
	int fail_fast_stopped;
};

struct report;
struct junit;
struct events;

struct testrun_opts {
	const struct profile_view *view;
	const char *profile_name;
	const char *root;	/* the tests' working directory */
	const char *run_id;
	struct settings cli;	/* per-test settings from the command line; .set says which */
	int jobs;
	int max_fail;		/* stop scheduling after this many failures; 0: never */
	int no_capture;
	int gen_suppressions;	/* ask memcheck for a suppression per error */
	struct report *report;
	struct junit *junit;	/* may be NULL */
	struct events *events;	/* may be NULL */
};

/* Resolves the settings of each selected case, runs them, fills sum. */
int testrun_run(struct test_list *list, const struct testrun_opts *o,
		struct run_summary *sum);

/* Frees the case_run state of every case. */
void testrun_release(struct test_list *list);

/* "PASS", "FAIL", "SIGSEGV", ... for a finished attempt. */
const char *attempt_status_word(const struct attempt *a);

/* The machine name of the status: "pass", "fail", "crash", ... */
const char *attempt_status_name(const struct attempt *a);

/* 1 if the attempt counts as a failure. */
int attempt_failed(const struct attempt *a);

/* A sentence on why a failure happened, when its status alone does not say, or NULL. */
const char *attempt_explanation(const struct attempt *a, struct strbuf *buf);

#endif
