/*
 * observer.h: the outputs of a test run observe it; the run does not call
 * them. testrun.c and memcheck_batch.c notify a list of observers of what happens,
 * and the terminal report (report_observer()), the event stream
 * (events_observer()) and JUnit (junit_observer()) are each one: a new
 * output is one more observer, and the run's policy does not change.
 *
 * The contract:
 * - every observer is told of each event, in the order the observers
 *   were added (the terminal report before the files, so that what a
 *   person sees comes first); an op left NULL is an event the observer
 *   does not care about;
 * - what an event passes belongs to the run and is valid during the call
 *   only: an observer keeps no pointer to a test_case's run or an
 *   attempt. One that reads attempts at the end (the final list, JUnit)
 *   says which through keeps_case and keeps_output, and reads them in
 *   run_finished (attempt.h: attempt_output_load());
 * - an observer does not change the run: the calls cannot stop it,
 *   retry a test or change a count, and nothing an observer does changes
 *   what the others are told, but for run_finished's exit status.
 */
#ifndef TARE_OBSERVER_H
#define TARE_OBSERVER_H

#include <stddef.h>

#include "attempt.h"
#include "vec.h"

/* What run_started says of the run. */
struct run_start {
	const char *run_id;
	const char *profile;	/* its name */
	size_t tests;		/* selected: the tests that will run */
	size_t binaries;	/* the binaries with a selected test */
	size_t skipped;		/* listed but not selected */
};

struct run_observer_ops {
	/* Once, before the first test starts. */
	void (*run_started)(void *data, const struct run_start *start);
	/*
	 * An attempt of tc starts: its process was started, or the batch
	 * it runs in said it starts. attempt counts from 1.
	 */
	void (*test_started)(void *data, const struct test_case *tc,
			     int attempt, int total_attempts);
	/*
	 * tc has run for elapsed seconds, past one more slow period;
	 * terminating: the last one, the test is being ended now.
	 */
	void (*test_slow)(void *data, const struct test_case *tc,
			  double elapsed, int terminating);
	/*
	 * The run found n more test cases: the results of a one-process
	 * binary (adapter.h), each a case of its own from now on. The run's
	 * count of tests grows by n.
	 */
	void (*cases_added)(void *data, size_t n);
	/*
	 * An attempt ended, classified (attempt.h). final: tc's last, which
	 * is counted in the summary, with tc->run's flaky, failed and
	 * skipped set; otherwise the test runs again. After a final
	 * attempt, tc->run may be freed: see keeps_case.
	 */
	void (*attempt_done)(void *data, const struct test_case *tc,
			     const struct attempt *a, int final);
	/*
	 * The run starts no new test for a reason ("test failure":
	 * fail-fast); running tests are still running, and end as usual.
	 */
	void (*stopping)(void *data, const char *why, int running);
	/* The run got signal sig, the count-th time; running tests are left. */
	void (*interrupted)(void *data, int sig, int count, int running);
	/*
	 * About ten times a second while the run ticks (a run ticks when an
	 * observer wants_ticks, and for its own reasons): how many tests
	 * run, and the one that has run longest, for elapsed seconds (NULL
	 * when none).
	 */
	void (*progress)(void *data, int running, const struct test_case *longest,
			 double elapsed);
	/*
	 * Once, when the run is over and sum is complete, with the exit
	 * status tare will end with. Returns 0, or -1 after printing an
	 * error (a report that could not be written): the exit status is
	 * then EXIT_USAGE, for the observers after it and for tare.
	 */
	int (*run_finished)(void *data, const struct test_list *list,
			    const struct run_summary *sum, int exit_code);

	/*
	 * Questions the run asks when a case is done, so that it keeps what
	 * some observer reads in run_finished, and no more (memory follows
	 * what runs, not what ran). NULL is "nothing".
	 *
	 * keeps_case: 1 if the observer reads the case's attempts, rather
	 * than its outcome alone (run_outcome()).
	 * keeps_output: 1 if it reads attempt a's stdout and stderr; asked
	 * for each attempt of a case kept.
	 */
	int (*keeps_case)(void *data, const struct case_run *cr);
	int (*keeps_output)(void *data, const struct case_run *cr,
			    const struct attempt *a);
};

struct run_observer {
	const struct run_observer_ops *ops;
	void *data;		/* the ops' first argument */
	unsigned wants_ticks : 1;	/* it draws something at each progress */
};

/* Observers, notified in the order added. */
struct run_observers {
	VEC(struct run_observer) v;
};

#define RUN_OBSERVERS_INIT { VEC_INIT }

void run_observers_add(struct run_observers *l, struct run_observer ob);
void run_observers_release(struct run_observers *l);

/* 1 if some observer wants progress at each tick. */
int run_observers_want_ticks(const struct run_observers *l);

/* Each tells every observer, through the op of the same name. */
void run_observers_run_started(const struct run_observers *l,
			       const struct run_start *start);
void run_observers_test_started(const struct run_observers *l,
				const struct test_case *tc, int attempt,
				int total_attempts);
void run_observers_test_slow(const struct run_observers *l,
			     const struct test_case *tc, double elapsed,
			     int terminating);
void run_observers_cases_added(const struct run_observers *l, size_t n);
void run_observers_attempt_done(const struct run_observers *l,
				const struct test_case *tc,
				const struct attempt *a, int final);
void run_observers_stopping(const struct run_observers *l, const char *why,
			    int running);
void run_observers_interrupted(const struct run_observers *l, int sig,
			       int count, int running);
void run_observers_progress(const struct run_observers *l, int running,
			    const struct test_case *longest, double elapsed);

/* Returns the exit status, EXIT_USAGE if an observer failed. */
int run_observers_run_finished(const struct run_observers *l,
			       const struct test_list *list,
			       const struct run_summary *sum, int exit_code);

/* 1 if any observer keeps the case, or the attempt's output. */
int run_observers_keep_case(const struct run_observers *l,
			    const struct case_run *cr);
int run_observers_keep_output(const struct run_observers *l,
			      const struct case_run *cr,
			      const struct attempt *a);

#endif
