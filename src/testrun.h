/*
 * testrun.h: a test run's policy on top of the runner: one process per
 * attempt, under the wrapper the profile picks, with retries, flaky
 * detection, fail-fast and the per-test settings. What happens goes to
 * the run's observers (observer.h) as it happens; the run fills in the
 * model they read (attempt.h).
 */
#ifndef TARE_TESTRUN_H
#define TARE_TESTRUN_H

#include "attempt.h"
#include "config.h"
#include "discover.h"
#include "observer.h"
#include "setup.h"

struct testrun_opts {
	const struct profile_view *view;	/* the command line applied */
	const char *profile_name;
	const char *root;	/* the tests' working directory */
	const char *run_id;
	int jobs;
	int max_fail;		/* stop scheduling after this many failures; 0: never */
	int no_capture;
	int gen_suppressions;	/* ask memcheck for a suppression per error */
	int no_fork_server;	/* no test forked from a server: callgrind per test, served as batched */
	const struct run_observers *observers;	/* told everything, in order */
	const struct setup_run *setup;	/* what setup scripts exported, or NULL */
};

/*
 * Resolves the settings of each selected case, runs them, fills sum,
 * telling the observers from run_started to run_finished. Returns the
 * exit status run_finished settled on, or -1 if the run could not be
 * made (no run_finished then).
 */
int testrun_run(struct test_list *list, const struct testrun_opts *o,
		struct run_summary *sum);

#endif
