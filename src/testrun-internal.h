/*
 * testrun-internal.h: what testrun.c and memcheck_batch.c share. Not for other
 * modules: they use testrun.h. testrun.c calls memcheck_batch.c; memcheck_batch.c reaches
 * the run through testrun_ops, the model (attempt.h) and the observers.
 */
#ifndef TARE_TESTRUN_INTERNAL_H
#define TARE_TESTRUN_INTERNAL_H

#include "memcheck.h"
#include "runner.h"
#include "schedule.h"
#include "testrun.h"

struct batch;
struct testrun;

/*
 * What memcheck_batch.c asks of the run it is part of; testrun.c provides it.
 * memcheck_batch.c calls up through these, as runner.c does through runner_ops,
 * so that testrun.c calls memcheck_batch.c and not the other way round.
 */
struct testrun_ops {
	/* A fresh folder in the run's folder for one job's files (malloc'd path), or NULL. */
	char *(*job_dir)(struct testrun *tr, const char *prefix);
	/* The environment every test process gets. */
	void (*add_env)(struct testrun *tr, struct child *c,
			const struct test_case *tc, int attempt);
	/*
	 * Takes an attempt's outcome the rest of the way: memcheck status,
	 * retries, counting, the observers and fail-fast.
	 */
	void (*attempt_done)(struct testrun *tr, struct test_case *tc,
			     struct attempt *a);
	/* Where a test's callgrind profile goes (malloc'd path, old one removed), or NULL. */
	char *(*profile_path)(struct testrun *tr, const struct test_case *tc);
};

struct testrun {
	const struct testrun_ops *ops;
	const struct testrun_opts *o;
	struct test_list *list;
	struct run_summary *sum;
	struct runner r;
	struct schedule sched;		/* the cases that run alone: which starts next */
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
	char *dir;			/* memcheck's XML files, the framework's report */
	int memcheck;			/* runs under a memcheck wrapper */
	char *profile;			/* callgrind: the profile it writes */
	struct sched_claim claim;	/* its slots and groups (not a batch's) */
};

/* ---- memcheck_batch.c ---- */

/*
 * Every XML file memcheck wrote in dir into a's errors, those tc counts
 * (its processes' and their children's). With server (a fork server's
 * pid; 0: none), the test's process is own: the server's file and those
 * of its other children are left, the test's are read and removed.
 */
void collect_xml_dir(struct testrun *tr, const struct test_case *tc, struct attempt *a,
		     const char *dir, long server, long own);
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
