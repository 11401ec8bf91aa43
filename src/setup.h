/*
 * setup.h: nextest's setup scripts. Before the first test starts, each
 * [scripts.setup.NAME] that a rule of the profile names (setup = [...] in
 * [[profile.P.scripts]]) runs once, in the order tare.toml defines them,
 * one after another, if the rule's filter matches a test that will run.
 * A script writes NAME=value lines to the file named by $TARE_ENV (and
 * $NEXTEST_ENV, for scripts written for nextest); the tests its rules
 * match get them in their environment. A script that fails stops the run
 * before any test starts.
 */
#ifndef TARE_SETUP_H
#define TARE_SETUP_H

#include <stdio.h>

#include "config.h"
#include "discover.h"

/* What one script's run exported, for the tests one rule matches. */
struct setup_export {
	const struct filter *filter;	/* NULL: every test */
	struct strvec env;		/* NAME=value */
};

struct setup_run {
	VEC(struct setup_export) exports;
};

#define SETUP_RUN_INIT { VEC_INIT }

/*
 * Runs the setup scripts the selected cases of list need, in root,
 * printing a line for each on out. Returns 0, or -1 after an error line
 * and the script's output (it failed, or exported a malformed line), or
 * -2 when a signal interrupted it.
 */
int setup_run_all(struct setup_run *sr, const struct config *cfg,
		  const struct profile_view *view, const struct test_list *list,
		  const char *root, FILE *out);

/* Appends to env what the scripts exported for tc. */
void setup_add_env(const struct setup_run *sr, const struct test_case *tc, struct strvec *env);

void setup_release(struct setup_run *sr);

#endif
