#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tare.h"
#include "runner.h"
#include "spawn.h"

static int sh(struct strbuf *out, const char *script)
{
	struct child c = CHILD_INIT;
	int status;

	strvec_push(&c.args, "sh");
	strvec_push(&c.args, "-c");
	strvec_push(&c.args, script);
	status = child_capture(&c, out);
	child_release(&c);
	return status;
}

TARE_TEST(spawn_captures_stdout_and_stderr_together)
{
	struct strbuf out = STRBUF_INIT;

	TARE_ASSERT_EQ(sh(&out, "echo one; echo two >&2; echo three"), 0);
	TARE_ASSERT_STREQ(out.buf, "one\ntwo\nthree\n");
	strbuf_release(&out);
}

TARE_TEST(spawn_reports_exit_status_and_signals_like_a_shell)
{
	struct strbuf out = STRBUF_INIT;

	TARE_ASSERT_EQ(sh(&out, "exit 3"), 3);
	TARE_ASSERT_EQ(sh(&out, "kill -SEGV $$"), 128 + SIGSEGV);
	strbuf_release(&out);
}

TARE_TEST(spawn_fails_with_the_exec_errno)
{
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;
	char path[] = "/tmp/tare-spawn-XXXXXX";
	int fd = mkstemp(path);

	strvec_push(&c.args, "tare-no-such-program");
	TARE_ASSERT_EQ(child_capture(&c, &out), -1);
	TARE_ASSERT_EQ(errno, ENOENT);
	TARE_ASSERT_EQ(c.pid, -1);
	child_release(&c);

	/* Found, but not executable. */
	TARE_ASSERT(fd >= 0);
	close(fd);
	strvec_push(&c.args, path);
	TARE_ASSERT_EQ(child_capture(&c, &out), -1);
	TARE_ASSERT_EQ(errno, EACCES);
	child_release(&c);
	unlink(path);

	/* A working directory that does not exist fails in the child: the
	 * close-on-exec pipe brings its errno back. */
	strvec_push(&c.args, "true");
	c.dir = "/nonexistent/dir";
	TARE_ASSERT_EQ(child_capture(&c, &out), -1);
	TARE_ASSERT_EQ(errno, ENOENT);
	child_release(&c);
	strbuf_release(&out);
}

TARE_TEST(spawn_sets_and_removes_environment)
{
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;

	setenv("TARE_SPAWN_REMOVED", "x", 1);
	strvec_pushv(&c.args, (const char *[]){ "sh", "-c",
		"echo \"$TARE_SPAWN_SET|${TARE_SPAWN_REMOVED-unset}|$PATH\"", NULL });
	strvec_push(&c.env, "TARE_SPAWN_SET=hello");
	strvec_push(&c.env, "TARE_SPAWN_REMOVED");
	TARE_ASSERT_EQ(child_capture(&c, &out), 0);
	TARE_ASSERT_EQ(strncmp(out.buf, "hello|unset|", 12), 0);
	TARE_ASSERT(out.len > 13);	/* PATH came through */
	child_release(&c);
	unsetenv("TARE_SPAWN_REMOVED");
	strbuf_release(&out);
}

/* clear_env: the child gets only what env gives, and the last value of a name. */
TARE_TEST(spawn_clears_environment_last_value_wins)
{
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;

	setenv("TARE_SPAWN_KEPT", "x", 1);
	strvec_pushv(&c.args, (const char *[]){ "/bin/sh", "-c",
		"echo \"$A|$B|${TARE_SPAWN_KEPT-unset}|${C-unset}\"", NULL });
	c.clear_env = 1;
	strvec_push(&c.env, "A=1");
	strvec_push(&c.env, "B=first");
	strvec_push(&c.env, "C=gone");
	strvec_push(&c.env, "B=second");
	strvec_push(&c.env, "C");
	TARE_ASSERT_EQ(child_capture(&c, &out), 0);
	TARE_ASSERT_STREQ(out.buf, "1|second|unset|unset\n");
	child_release(&c);
	unsetenv("TARE_SPAWN_KEPT");
	strbuf_release(&out);
}

TARE_TEST(spawn_runs_in_the_given_directory)
{
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;

	strvec_push(&c.args, "pwd");
	c.dir = "/";
	TARE_ASSERT_EQ(child_capture(&c, &out), 0);
	TARE_ASSERT_STREQ(out.buf, "/\n");
	child_release(&c);
	strbuf_release(&out);
}

/* ---- the runner ---- */

struct queue {
	struct run_job *jobs;
	size_t n, next, finished;
	int max_running;
	struct runner *r;
};

static struct run_job *q_next(void *ctx)
{
	struct queue *q = ctx;

	if (q->r && q->r->running + 1 > q->max_running)
		q->max_running = q->r->running + 1;
	return q->next < q->n ? &q->jobs[q->next++] : NULL;
}

static void q_finished(void *ctx, struct run_job *j)
{
	struct queue *q = ctx;

	(void)j;
	q->finished++;
}

static void run_queue(struct queue *q, int slots)
{
	static const struct runner_ops ops = { .next = q_next, .finished = q_finished };
	struct runner r = RUNNER_INIT;

	r.slots = slots;
	r.ops = &ops;
	r.ctx = q;
	q->r = &r;
	TARE_ASSERT_EQ(runner_run(&r), 0);
	q->r = NULL;
	TARE_ASSERT_EQ(r.running, 0);
}

static void job_sh(struct run_job *j, const char *script)
{
	run_job_init(j);
	strvec_pushv(&j->child.args, (const char *[]){ "sh", "-c", script, NULL });
}

TARE_TEST(runner_keeps_slots_busy_and_captures_each_job)
{
	struct run_job jobs[6];
	struct queue q = { jobs, 6, 0, 0, 0, NULL };
	size_t i;

	for (i = 0; i < 6; i++) {
		char script[64];
		snprintf(script, sizeof(script), "sleep 0.05; echo out%zu; echo err%zu >&2; exit %zu",
			 i, i, i);
		job_sh(&jobs[i], script);
	}
	run_queue(&q, 3);
	TARE_ASSERT_EQ(q.finished, 6);
	TARE_ASSERT_LE(q.max_running, 3);
	for (i = 0; i < 6; i++) {
		char want[16];
		snprintf(want, sizeof(want), "out%zu\n", i);
		TARE_ASSERT_STREQ(jobs[i].out.buf, want);
		snprintf(want, sizeof(want), "err%zu\n", i);
		TARE_ASSERT_STREQ(jobs[i].err.buf, want);
		TARE_ASSERT_EQ(jobs[i].exit_code, (int)i);
		TARE_ASSERT(!jobs[i].leaked && !jobs[i].timed_out);
		run_job_release(&jobs[i]);
	}
}

TARE_TEST(runner_terminates_after_the_slow_periods)
{
	struct run_job j;
	struct queue q = { &j, 1, 0, 0, 0, NULL };

	job_sh(&j, "exec sleep 30");
	j.slow_period = 0.05;
	j.terminate_after = 2;
	j.grace = 1;
	run_queue(&q, 1);
	TARE_ASSERT(j.timed_out);
	TARE_ASSERT_EQ(j.slow_count, 2);
	TARE_ASSERT_EQ(j.term_signal, SIGTERM);
	TARE_ASSERT(j.end - j.start < 5);
	run_job_release(&j);
}

TARE_TEST(runner_kills_after_the_grace_period)
{
	struct run_job j;
	struct queue q = { &j, 1, 0, 0, 0, NULL };

	job_sh(&j, "trap '' TERM; sleep 30 & wait; wait");
	j.slow_period = 0.05;
	j.terminate_after = 1;
	j.grace = 0.1;
	run_queue(&q, 1);
	TARE_ASSERT(j.timed_out);
	TARE_ASSERT_EQ(j.term_signal, SIGKILL);
	run_job_release(&j);
}

TARE_TEST(runner_notices_children_holding_the_pipes)
{
	struct run_job j;
	struct queue q = { &j, 1, 0, 0, 0, NULL };

	job_sh(&j, "sleep 30 & echo started");
	j.leak_timeout = 0.05;
	run_queue(&q, 1);
	TARE_ASSERT(j.leaked);
	TARE_ASSERT_EQ(j.exit_code, 0);
	TARE_ASSERT_STREQ(j.out.buf, "started\n");
	run_job_release(&j);
}

TARE_TEST(runner_reads_the_result_channel)
{
	struct run_job j;
	struct queue q = { &j, 1, 0, 0, 0, NULL };

	job_sh(&j, "echo \"fd=$TARE_RESULT_FD\" >&3; echo pass me >&3");
	j.want_result = 1;
	run_queue(&q, 1);
	TARE_ASSERT_STREQ(j.result.buf, "fd=3\npass me\n");
	TARE_ASSERT(!j.leaked);
	run_job_release(&j);
}

TARE_TEST(runner_reports_jobs_that_cannot_start)
{
	struct run_job j;
	struct queue q = { &j, 1, 0, 0, 0, NULL };

	run_job_init(&j);
	strvec_push(&j.child.args, "/nonexistent/program");
	run_queue(&q, 1);
	TARE_ASSERT_EQ(q.finished, 1);
	TARE_ASSERT_EQ(j.start_errno, ENOENT);
	run_job_release(&j);
}

TARE_TEST(runner_keeps_the_start_and_end_of_huge_output)
{
	struct run_job j;
	struct queue q = { &j, 1, 0, 0, 0, NULL };

	job_sh(&j, "echo first; head -c 17000000 /dev/zero; echo last");
	run_queue(&q, 1);
	TARE_ASSERT_EQ(j.out.len, CAPTURE_HEAD_DEFAULT + CAPTURE_TAIL_DEFAULT);
	TARE_ASSERT_EQ(j.out_cut_at, CAPTURE_HEAD_DEFAULT);
	TARE_ASSERT_EQ(j.out_dropped, 6 + 17000000 + 5 - j.out.len);
	TARE_ASSERT(!strncmp(j.out.buf, "first\n", 6));
	TARE_ASSERT_STREQ(j.out.buf + j.out.len - 5, "last\n");
	run_job_release(&j);
}
