/*
 * attempt.h: the model of a test run that its outputs read: each
 * attempt of a test and how it ended (its status, output, memcheck
 * errors), what the run keeps of a case (case_run, case_outcome), and the
 * run's counts (run_summary). testrun.c and memcheck_batch.c fill it in; report.c,
 * events.c and junit.c read it. It names none of them.
 */
#ifndef TARE_ATTEMPT_H
#define TARE_ATTEMPT_H

#include <stdint.h>

#include "config.h"
#include "discover.h"
#include "memcheck.h"
#include "strbuf.h"

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
	unsigned part : 1;	/* a one-process binary's result: no process, no exit status */
	unsigned whole : 1;	/* a one-process binary's process: judged by its output */
	enum test_status underlying;	/* for ST_MEMCHECK: how the test itself ended */
	struct mc_error *mc_errors;	/* the errors that fail it, in order */
	struct mc_error **mc_tail;
	size_t mc_count;
	/* What was kept of stdout and stderr, and the cut (capture.h). */
	struct strbuf out, err;
	size_t out_cut_at, err_cut_at;
	size_t out_dropped, err_dropped;
	/*
	 * Kept for a later report but moved to a file to bound memory: then
	 * out and err are empty but between attempt_output_load() and
	 * attempt_output_unload().
	 */
	char *spilled;
	size_t spilled_out, spilled_err;	/* their lengths in it */
	char *program;		/* ST_EXEC_FAIL: what could not be started */
	char *profile;		/* under callgrind: the profile written */
	char *why;		/* what the test's framework said of a failure, or NULL */
};

/*
 * What the run remembers of every case once it is done (run_summary's
 * outcomes, by test_case.index): enough for the summary, the final list
 * and JUnit when nothing more is kept. Only tests a later report shows in
 * full keep their case_run (failures, retries, output asked for at the
 * end or in JUnit), so one that does not ran once; memory is bounded by
 * what runs, not by what ran.
 */
struct case_outcome {
	float duration;		/* the last attempt's, seconds */
	uint8_t status;		/* enum test_status of the last attempt */
	unsigned done : 1;
	unsigned failed : 1;	/* counted as failed */
	unsigned flaky : 1;
	unsigned skipped : 1;
	unsigned slow : 1;
	unsigned leaked : 1;
	unsigned leak_survived : 1;
};

/*
 * What the run keeps for a case while it runs, and after when a report
 * needs its attempts (test_case.run; NULL otherwise).
 */
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
	/* A one-process binary's case (adapter.h): the cases its results made. */
	VEC(struct test_case *) parts;
	unsigned passed_untold : 1;	/* a part that passed in an attempt run again */
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
	struct case_outcome *outcomes;	/* one per listed case, by its index */
	struct strbuf spill_dir;	/* where kept output went past the bound */
	size_t kept_bytes;		/* kept output still in memory */
};

#define RUN_SUMMARY_INIT { .spill_dir = STRBUF_INIT }

/* ---- a case's state ---- */

/*
 * The case's state, made on first use: its settings resolved from the
 * profile (command line, overrides and all: config_test_settings()) and
 * its wrapper.
 */
struct case_run *case_run_of(const struct profile_view *view, struct test_case *tc);

/*
 * A case's settings (config_test_settings()), with what the build system
 * that registered it says between tare.toml's overrides and the profile:
 * CTest's TIMEOUT is a slow-timeout that terminates, RUN_SERIAL and
 * PROCESSORS are threads-required, Meson's priority is priority.
 */
void case_settings(const struct profile_view *view, const struct test_case *tc,
		   struct settings *out);

/* Frees a case's state, its attempts and their output; tc->run is NULL after. */
void case_run_free(struct test_case *tc);

/* Whether a case runs under a memcheck wrapper. */
int case_is_memcheck(const struct test_case *tc);

/* The slow period of a case with its multiplier applied. */
double case_slow_period(const struct test_case *tc);

/* 1 if a memcheck error fails the case under its leak policy. */
int case_counts_error(const struct test_case *tc, const struct mc_error *e);

/* ---- attempts ---- */

/* A new attempt of tc, numbered after those it has; not yet in tc->run's list. */
struct attempt *attempt_new(const struct test_case *tc);

/* Frees an attempt that is in no case's list. */
void attempt_free(struct attempt *a);

/*
 * The status of a test that had a process of its own, from how the process
 * ended (a->exit_code, a->term_signal; timed_out: tare ended it) and the
 * result lines it said, as bits (1u << RESULT_PASS, _FAIL, _SKIP of
 * protocol.h). strict: its harness speaks a protocol in which a pass is
 * said, so an exit status of 0 without one is no pass. Memcheck's own
 * exit status (a->mc_count errors found) says nothing the XML does not.
 */
enum test_status attempt_judge(const struct attempt *a, int timed_out, unsigned said,
			       int strict);

/* "PASS", "FAIL", "SIGSEGV", ... for a finished attempt. */
const char *attempt_status_word(const struct attempt *a);

/* The machine name of the status: "pass", "fail", "crash", ... */
const char *attempt_status_name(const struct attempt *a);

/* 1 if the attempt counts as a failure. */
int attempt_failed(const struct attempt *a);

/* A sentence on why a failure happened, when its status alone does not say, or NULL. */
const char *attempt_explanation(const struct attempt *a, struct strbuf *buf);

/*
 * An attempt that stands for a done case whose attempts were not kept
 * (it had one): its status, duration and flags, for a line in the final
 * list.
 */
void attempt_from_outcome(struct attempt *a, const struct case_outcome *o);

/*
 * Keeps an attempt's output for a report at the end: in memory, or once
 * the run's kept output passes a bound, in a file of sum's spill_dir.
 */
void run_summary_keep_output(struct run_summary *sum, struct attempt *a);

/*
 * Brings spilled output back into a->out and a->err for a report, and
 * frees it again after. Both do nothing for output kept in memory.
 */
void attempt_output_load(const struct attempt *a);
void attempt_output_unload(const struct attempt *a);

/* ---- the run ---- */

/* The outcome of a case, or NULL if it did not run. */
const struct case_outcome *run_outcome(const struct run_summary *sum,
				       const struct test_case *tc);

/* Frees the case_run state of every case, the outcomes and spilled output. */
void run_summary_release(struct run_summary *sum, struct test_list *list);

#endif
