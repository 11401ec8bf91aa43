#include <errno.h>
#include <string.h>

#include "events.h"
#include "report.h"
#include "runner.h"
#include "testrun.h"

struct testrun {
	const struct testrun_opts *o;
	struct test_list *list;
	struct run_summary *sum;
	struct runner r;
	size_t next;			/* next case, in list order */
	VEC(struct test_case *) retries; /* to run before anything new */
	size_t final_failures;
};

const char *attempt_status_word(const struct attempt *a)
{
	switch (a->status) {
	case ST_PASS: return a->leaked ? "LEAK" : "PASS";
	case ST_FAIL: return "FAIL";
	case ST_NO_RESULT: return "FAIL";
	case ST_SKIP: return "SKIP";
	case ST_CRASH: return signal_name(a->term_signal);
	case ST_TIMEOUT: return "TIMEOUT";
	case ST_EXEC_FAIL: return "EXEC-FAIL";
	case ST_LEAK_FAIL: return "LEAK-FAIL";
	}
	return "?";
}

const char *attempt_status_name(const struct attempt *a)
{
	switch (a->status) {
	case ST_PASS: return "pass";
	case ST_FAIL: return "fail";
	case ST_NO_RESULT: return "no-result";
	case ST_SKIP: return "skip";
	case ST_CRASH: return "crash";
	case ST_TIMEOUT: return "timeout";
	case ST_EXEC_FAIL: return "exec-fail";
	case ST_LEAK_FAIL: return "leak-fail";
	}
	return "?";
}

int attempt_failed(const struct attempt *a)
{
	return a->status != ST_PASS && a->status != ST_SKIP;
}

const char *attempt_explanation(const struct attempt *a, struct strbuf *buf)
{
	strbuf_reset(buf);
	switch (a->status) {
	case ST_FAIL:
		if (a->exit_code != 1)
			strbuf_addf(buf, "exited with status %d", a->exit_code);
		break;
	case ST_NO_RESULT:
		strbuf_addstr(buf, "exited with status 0 but never reported a result: "
			      "the test called exit(), or a wrapper did not run it");
		break;
	case ST_CRASH:
		strbuf_addf(buf, "killed by signal %d (%s)%s", a->term_signal,
			    strsignal(a->term_signal),
			    a->interrupted ? " after the run was interrupted" : "");
		break;
	case ST_TIMEOUT:
		strbuf_addf(buf, "terminated after %.3fs without finishing",
			    a->duration);
		break;
	case ST_EXEC_FAIL:
		strbuf_addf(buf, "could not start '%s': %s", a->program,
			    strerror(a->start_errno));
		break;
	case ST_LEAK_FAIL:
	case ST_PASS:
		if (a->leaked)
			strbuf_addstr(buf, "a child process kept the test's output open "
				      "after the test exited (it was killed)");
		break;
	case ST_SKIP:
		break;
	}
	if (a->status != ST_PASS && a->status != ST_LEAK_FAIL && a->leaked &&
	    a->status != ST_EXEC_FAIL) {
		if (buf->len)
			strbuf_addstr(buf, "; ");
		strbuf_addstr(buf, "a child process kept the test's output open after it exited");
	}
	return buf->len ? buf->buf : NULL;
}

/* Whether the harness said `word` (pass, fail, skip) for the test. */
static int result_says(const struct strbuf *result, const char *word)
{
	const char *p = result->buf;
	size_t n = strlen(word);

	while (p && *p) {
		if (!strncmp(p, word, n) && (p[n] == ' ' || p[n] == '\n'))
			return 1;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 0;
}

static struct attempt *classify(const struct test_case *tc, struct run_job *j,
				int number)
{
	const struct case_run *cr = tc->run;
	struct attempt *a = xcalloc(1, sizeof(*a));

	a->number = number;
	a->exit_code = j->exit_code;
	a->term_signal = j->term_signal;
	a->start_errno = j->start_errno;
	a->duration = j->end - j->start;
	a->leaked = j->leaked;
	a->slow = j->slow_count > 0;
	a->interrupted = j->interrupted;
	a->out = j->out;
	a->err = j->err;
	a->out_dropped = j->out_dropped;
	a->err_dropped = j->err_dropped;
	strbuf_init(&j->out, 0);
	strbuf_init(&j->err, 0);

	if (j->start_errno) {
		a->status = ST_EXEC_FAIL;
		a->program = xstrdup(j->child.args.v[0]);
	}
	else if (j->timed_out)
		a->status = ST_TIMEOUT;
	else if (j->term_signal)
		a->status = ST_CRASH;
	else if (j->exit_code == 77)
		a->status = ST_SKIP;
	else if (j->exit_code)
		a->status = ST_FAIL;
	else if (result_says(&j->result, "fail"))
		a->status = ST_FAIL;
	else if (tc->bin->tare_protocol && !result_says(&j->result, "pass"))
		a->status = ST_NO_RESULT;
	else
		a->status = ST_PASS;
	if (a->status == ST_PASS && a->leaked && cr->s.leak_fail)
		a->status = ST_LEAK_FAIL;
	return a;
}

static struct run_job *make_job(struct testrun *tr, struct test_case *tc)
{
	const struct testrun_opts *o = tr->o;
	struct case_run *cr = tc->run;
	struct run_job *j = xmalloc(sizeof(*j));
	struct child *c = &j->child;
	int attempt = (int)cr->attempts.nr + 1;
	double mult = cr->s.timeout_multiplier > 0 ? cr->s.timeout_multiplier : 1;

	run_job_init(j);
	if (cr->wrapper) {
		strvec_pushv(&c->args, cr->wrapper->argv.v);
		strvec_pushv(&c->env, cr->wrapper->env.v);
	}
	strvec_push(&c->args, tc->bin->path);
	strvec_push(&c->args, "--exact");
	strvec_push(&c->args, tc->name);
	strvec_push(&c->env, "TARE=1");
	strvec_pushf(&c->env, "TARE_TEST_NAME=%s", tc->name);
	strvec_pushf(&c->env, "TARE_BINARY=%s", tc->bin->path);
	strvec_pushf(&c->env, "TARE_BINARY_ID=%s", tc->bin->id);
	strvec_pushf(&c->env, "TARE_ATTEMPT=%d", attempt);
	strvec_pushf(&c->env, "TARE_TOTAL_ATTEMPTS=%d", cr->total_attempts);
	strvec_pushf(&c->env, "TARE_PROFILE=%s", o->profile_name);
	strvec_pushf(&c->env, "TARE_RUN_ID=%s", o->run_id);
	c->dir = o->root;
	j->capture = !o->no_capture;
	j->want_result = 1;
	j->slow_period = cr->s.slow_period * mult;
	j->terminate_after = cr->s.terminate_after;
	j->grace = cr->s.grace;
	j->leak_timeout = cr->s.leak_period;
	j->data = tc;
	return j;
}

static struct run_job *tr_next(void *ctx)
{
	struct testrun *tr = ctx;

	if (tr->retries.nr)
		return make_job(tr, tr->retries.v[--tr->retries.nr]);
	while (tr->next < tr->list->cases.nr) {
		struct test_case *tc = tr->list->cases.v[tr->next++];
		if (tc->selected)
			return make_job(tr, tc);
	}
	return NULL;
}

static void tr_started(void *ctx, struct run_job *j)
{
	struct testrun *tr = ctx;
	struct test_case *tc = j->data;
	struct case_run *cr = tc->run;

	if (tr->o->events)
		events_test_started(tr->o->events, tc, (int)cr->attempts.nr + 1,
				    cr->total_attempts);
}

static void tr_slow(void *ctx, struct run_job *j, double elapsed)
{
	struct testrun *tr = ctx;
	int terminating = j->terminate_after > 0 &&
			  j->slow_count >= j->terminate_after;

	/* The TERMINATING line replaces the last SLOW one. */
	if (terminating)
		return;
	report_slow(tr->o->report, j->data, elapsed, 0);
	if (tr->o->events)
		events_test_slow(tr->o->events, j->data, elapsed, 0);
}

static void tr_terminating(void *ctx, struct run_job *j, double elapsed)
{
	struct testrun *tr = ctx;

	report_slow(tr->o->report, j->data, elapsed, 1);
	if (tr->o->events)
		events_test_slow(tr->o->events, j->data, elapsed, 1);
}

static void count_final(struct run_summary *sum, struct case_run *cr,
			const struct attempt *a)
{
	sum->run++;
	/* Slow and leaky qualify passes; a failure says why it failed. */
	if (a->leaked && a->status == ST_PASS)
		sum->leaky++;
	if (a->slow && a->status == ST_PASS)
		sum->slow++;
	switch (a->status) {
	case ST_SKIP:
		cr->skipped = 1;
		sum->skipped++;
		sum->skipped_by_test++;
		return;
	case ST_PASS:
		if (!cr->flaky) {
			sum->passed++;
			return;
		}
		if (!cr->s.flaky_fail) {
			sum->flaky_passed++;
			sum->passed++;
			return;
		}
		sum->flaky_failed++;
		break;
	case ST_CRASH:
		if (a->interrupted)
			sum->interrupted++;
		else
			sum->crashed++;
		break;
	case ST_TIMEOUT: sum->timed_out++; break;
	case ST_EXEC_FAIL: sum->exec_failed++; break;
	case ST_LEAK_FAIL: sum->leak_failed++; break;
	case ST_NO_RESULT: sum->no_result++; break;
	case ST_FAIL: break;
	}
	cr->failed = 1;
	sum->failed++;
}

static void tr_finished(void *ctx, struct run_job *j)
{
	struct testrun *tr = ctx;
	struct test_case *tc = j->data;
	struct case_run *cr = tc->run;
	struct attempt *a = classify(tc, j, (int)cr->attempts.nr + 1);
	int final;

	vec_push(&cr->attempts, a);
	final = !attempt_failed(a) || a->number >= cr->total_attempts ||
		tr->r.interrupt_count;
	if (final) {
		cr->done = 1;
		cr->flaky = a->status == ST_PASS && cr->attempts.nr > 1;
		count_final(tr->sum, cr, a);
	} else {
		vec_push(&tr->retries, tc);
	}
	report_attempt(tr->o->report, tc, a, final);
	if (tr->o->events)
		events_test_finished(tr->o->events, tc, a, final);
	if (final && cr->failed) {
		tr->final_failures++;
		if (tr->o->max_fail > 0 &&
		    tr->final_failures >= (size_t)tr->o->max_fail &&
		    !tr->r.stopping) {
			tr->sum->fail_fast_stopped = 1;
			runner_stop(&tr->r);
			report_cancel(tr->o->report, "test failure", tr->r.running);
		}
	}
	run_job_release(j);
	free(j);
}

static void tr_tick(void *ctx, struct runner *r)
{
	struct testrun *tr = ctx;

	report_progress(tr->o->report, r);
}

static void tr_interrupted(void *ctx, int sig, int count)
{
	struct testrun *tr = ctx;

	report_interrupt(tr->o->report, sig, count, tr->r.running);
}

int testrun_run(struct test_list *list, const struct testrun_opts *o,
		struct run_summary *sum)
{
	static const struct runner_ops ops = {
		.next = tr_next,
		.started = tr_started,
		.slow = tr_slow,
		.terminating = tr_terminating,
		.finished = tr_finished,
		.tick = tr_tick,
		.interrupted = tr_interrupted,
	};
	struct testrun tr;
	struct runner r = RUNNER_INIT;
	double start = time_now();
	size_t i;
	int ret;

	memset(&tr, 0, sizeof(tr));
	tr.o = o;
	tr.list = list;
	tr.sum = sum;
	for (i = 0; i < list->cases.nr; i++) {
		struct test_case *tc = list->cases.v[i];
		struct case_run *cr;

		sum->listed++;
		if (!tc->selected)
			continue;
		sum->selected++;
		cr = xcalloc(1, sizeof(*cr));
		tc->run = cr;
		config_test_settings(o->view, tc->bin->id, tc->name, &cr->s);
		/* The command line beats the file, overrides included. */
		if (o->cli.set & SET_RETRIES)
			cr->s.retries = o->cli.retries;
		if (o->cli.set & SET_FAILURE_OUTPUT)
			cr->s.failure_output = o->cli.failure_output;
		if (o->cli.set & SET_SUCCESS_OUTPUT)
			cr->s.success_output = o->cli.success_output;
		if (o->cli.set & SET_FLAKY)
			cr->s.flaky_fail = o->cli.flaky_fail;
		cr->wrapper = config_run_wrapper(o->view, tc->bin->id, tc->name);
		cr->total_attempts = cr->s.retries + 1;
	}

	tr.r = r;
	tr.r.slots = o->jobs;
	tr.r.ops = &ops;
	tr.r.ctx = &tr;
	tr.r.tick_interval = report_wants_ticks(o->report) ? 0.1 : 0;
	ret = runner_run(&tr.r);
	sum->interrupt_signal = tr.r.interrupt_count ? tr.r.interrupt_signal : 0;
	sum->not_run = sum->selected - sum->run;
	sum->skipped += sum->listed - sum->selected;
	sum->duration = time_now() - start;
	vec_release(&tr.retries);
	return ret;
}

void testrun_release(struct test_list *list)
{
	size_t i, k;

	for (i = 0; i < list->cases.nr; i++) {
		struct case_run *cr = list->cases.v[i]->run;

		if (!cr)
			continue;
		for (k = 0; k < cr->attempts.nr; k++) {
			struct attempt *a = cr->attempts.v[k];
			strbuf_release(&a->out);
			strbuf_release(&a->err);
			free(a->program);
			free(a);
		}
		vec_release(&cr->attempts);
		free(cr);
		list->cases.v[i]->run = NULL;
	}
}
