/*
 * junit.h: the JUnit XML report (the Jenkins schema nextest writes): one
 * <testsuite> per binary, one <testcase> per test that ran. Failures carry
 * the test's output; retried tests carry <flakyFailure> or <rerunFailure>
 * elements for the earlier attempts. Crashes, timeouts and tests that could
 * not start are <error>s, other failures <failure>s.
 *
 * Written atomically once the run ends, a test case at a time.
 */
#ifndef TARE_JUNIT_H
#define TARE_JUNIT_H

#include "observer.h"

struct junit {
	const char *path;	/* where the report goes */
	const char *run_id;	/* the <testsuites> uuid */
	const char *root;	/* the project: frames in it are shown relative */
};

/*
 * JUnit as an observer of the run (observer.h): it writes the report
 * when the run finishes, and keeps what it will hold (failed and retried
 * cases, the output junit.store-success-output and
 * store-failure-output ask for). j must outlive the run.
 */
struct run_observer junit_observer(struct junit *j);

#endif
