/*
 * testrun-internal.h: what testrun.c and batch.c share. Not for other
 * modules: they use testrun.h.
 */
#ifndef TARE_TESTRUN_INTERNAL_H
#define TARE_TESTRUN_INTERNAL_H

#include "memcheck.h"
#include "runner.h"
#include "testrun.h"

struct batch;

struct testrun {
	const struct testrun_opts *o;
	struct test_list *list;
	struct run_summary *sum;
	struct runner r;
	size_t next;			/* next case, in list order */
	VEC(struct test_case *) retries; /* to run before anything new */
	VEC(struct test_case *) isolate; /* batch tests to run alone, first */
	VEC(struct batch *) batches;	/* waiting to start, in order */
	size_t final_failures;
	struct strbuf tmp;		/* the run's folder for Valgrind's files */
	unsigned jobs_made;		/* names those folders */
	unsigned trim_warned : 1;	/* batch output could not be trimmed */
};

/* What a run_job carries: one test, or a batch of them. */
struct job_ctx {
	struct test_case *tc;
	struct batch *batch;
	char *dir;			/* memcheck: the folder of its XML files */
	char *profile;			/* callgrind: the profile it writes */
};

/* The case's state, made (its settings resolved) on first use. */
struct case_run *case_run_of(struct testrun *tr, struct test_case *tc);

/* Whether a case runs under a memcheck wrapper. */
int case_is_memcheck(const struct test_case *tc);

/* The run's folder, created on first use; NULL after an error. */
const char *testrun_tmp(struct testrun *tr);

/* A fresh folder in the run's folder for one job's files (malloc'd path). */
char *testrun_job_dir(struct testrun *tr, const char *prefix);

/* The environment every test process gets. */
void testrun_add_env(struct testrun *tr, struct child *c,
		     const struct test_case *tc, int attempt);

/* The slow period of a case with its multiplier applied. */
double case_slow_period(const struct test_case *tc);

/* 1 if a memcheck error fails the case under its leak policy. */
int case_counts_error(const struct test_case *tc, const struct mc_error *e);

/*
 * Takes an attempt's outcome the rest of the way: memcheck status,
 * retries, counting, the report, the events and fail-fast.
 */
void testrun_attempt_done(struct testrun *tr, struct test_case *tc,
			  struct attempt *a);

/* A new attempt of tc, numbered next. */
struct attempt *attempt_new(const struct test_case *tc);

/* ---- batch.c ---- */

/* Groups the cases that can share a Valgrind process into batches. */
void batch_plan(struct testrun *tr);
struct run_job *batch_make_job(struct testrun *tr, struct batch *b);
/* New bytes on a batch's result channel. */
void batch_result(struct testrun *tr, struct run_job *j);
/* The batch process ended. */
void batch_finished(struct testrun *tr, struct run_job *j);
/* Frees the disk of what will be cut of the running test's output. */
void batch_trim_output(struct batch *b);
/* The test the batch is running now, or NULL. */
struct test_case *batch_current(const struct batch *b, double *since);
void batch_free(struct batch *b);

#endif
