/*
 * support.h: what tare's behaviour tests share: the tare and the fixtures
 * under test, running a program through tare's own runner, temporary
 * files, and making output comparable from run to run.
 */
#ifndef TARE_TEST_SUPPORT_H
#define TARE_TEST_SUPPORT_H

#include "strbuf.h"

/* The tare under test: $TARE_EXE, else build/tare; an absolute path. */
const char *support_tare(void);
/* The fixture binaries: $TARE_FIXTURES, else build/fixtures; absolute. */
const char *support_fixtures(void);

struct support_run {
	int status;		/* exit status, 128 + signal after a signal */
	struct strbuf out, err;
};

/*
 * Runs argv (NULL-terminated; argv[0] a program) in dir (NULL: here) with
 * the environment changes env ("NAME=value" or "NAME", NULL-terminated, or
 * NULL), through tare's runner, so a hung program is killed after timeout
 * seconds rather than hanging the test. Fails the test if it could not
 * start or had to be killed.
 */
void support_run(struct support_run *r, const char *const *argv,
		 const char *dir, const char *const *env, double timeout);
void support_run_release(struct support_run *r);

/* Writes text to a new file made from tmpl, whose XXXXXX mkstemp fills in. */
void support_write_temp(char *tmpl, const char *text);

void support_replace_all(struct strbuf *sb, const char *from, const char *to);

/*
 * Makes output the same from run to run: "[   0.003s]" becomes "[T.TTTs]",
 * other times "T.TTTs", tmp "@TMP@", the fixtures folder "@FIXTURES@", the
 * current folder "@ROOT@", addresses "0xADDR", tare.h's line numbers
 * "tare.h:LINE", run ids "@RUN_ID@", and JSON durations, pids and
 * timestamps 0 or "X".
 */
void support_normalise(struct strbuf *sb, const char *tmp);

#endif
