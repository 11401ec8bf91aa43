/*
 * junit.h: the JUnit XML report (the Jenkins schema nextest writes): one
 * <testsuite> per binary, one <testcase> per test that ran. Failures carry
 * the test's output; retried tests carry <flakyFailure> or <rerunFailure>
 * elements for the earlier attempts. Crashes, timeouts and tests that could
 * not start are <error>s, other failures <failure>s.
 *
 * Written atomically once the run ends.
 */
#ifndef TARE_JUNIT_H
#define TARE_JUNIT_H

#include "testrun.h"

int junit_write(const char *path, const struct test_list *list,
		const struct run_summary *sum, const char *run_id,
		const char *root);

#endif
