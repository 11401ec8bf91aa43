#include <dirent.h>
#include <regex.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adapter.h"
#include "cursor.h"
#include "fsutil.h"
#include "protocol.h"
#include "reaper.h"
#include "testrun-internal.h"
#include "valgrind.h"

/* The results a one-process binary printed (adapter.h), copied out of its output. */
struct part_result {
	char *name;
	unsigned said;		/* 1u << RESULT_PASS, RESULT_FAIL or RESULT_SKIP */
	char *why;
	struct strbuf out;
};

struct parts {
	VEC(struct part_result) v;
};

/* ---- for memcheck_batch.c too (testrun_ops) ---- */

/* The run's folder, created on first use; NULL after an error. */
static const char *testrun_tmp(struct testrun *tr)
{
	if (!tr->tmp.len && temp_folder_make(&tr->tmp, NULL) < 0)
		strbuf_reset(&tr->tmp);
	return tr->tmp.len ? tr->tmp.buf : NULL;
}

static char *testrun_job_dir(struct testrun *tr, const char *prefix)
{
	struct strbuf dir = STRBUF_INIT;
	const char *tmp = testrun_tmp(tr);

	if (!tmp)
		return NULL;
	strbuf_addf(&dir, "%s/%s%u", tmp, prefix, tr->jobs_made++);
	if (mkdir(dir.buf, 0700) < 0) {
		error_errno("cannot create '%s'", dir.buf);
		strbuf_release(&dir);
		return NULL;
	}
	return strbuf_detach(&dir, NULL);
}

static void testrun_add_env(struct testrun *tr, struct child *c,
			    const struct test_case *tc, int attempt)
{
	const struct testrun_opts *o = tr->o;
	const struct case_run *cr = tc->run;

	strvec_push(&c->env, "TARE=1");
	/* Set again for a batch's process; not inherited from a tare that runs this one. */
	strvec_push(&c->env, "TARE_BATCH");
	strvec_pushf(&c->env, "TARE_TEST_NAME=%s", tc->name);
	strvec_pushf(&c->env, "TARE_BINARY=%s", tc->bin->path);
	strvec_pushf(&c->env, "TARE_BINARY_ID=%s", tc->bin->id);
	strvec_pushf(&c->env, "TARE_ATTEMPT=%d", attempt);
	strvec_pushf(&c->env, "TARE_TOTAL_ATTEMPTS=%d", cr->total_attempts);
	strvec_pushf(&c->env, "TARE_PROFILE=%s", o->profile_name);
	strvec_pushf(&c->env, "TARE_RUN_ID=%s", o->run_id);
	setup_add_env(o->setup, tc, &c->env);
}

/* ---- one test per process ---- */

/* Whether any of the extended regular expressions matches the output. */
static int output_matches(const struct strvec *res, const struct attempt *a, const char **which)
{
	size_t i;

	for (i = 0; i < res->nr; i++) {
		regex_t re;
		int hit;

		if (regcomp(&re, res->v[i], REG_EXTENDED | REG_NOSUB | REG_NEWLINE))
			continue;	/* CTest's syntax beyond POSIX's: it cannot match */
		hit = !regexec(&re, a->out.buf, 0, NULL, 0) || !regexec(&re, a->err.buf, 0, NULL, 0);
		regfree(&re);
		if (hit) {
			*which = res->v[i];
			return 1;
		}
	}
	return 0;
}

/*
 * How a build system's test ended, by its rules, for one that exited:
 * CTest's (a skip code or skip expression wins; a pass expression, else
 * exit status 0, passes; a fail expression fails; WILL_FAIL turns the
 * result over) or Meson's (77 skips, 99 is a hard error that should_fail
 * does not turn over). Sets a's status and reason; returns what was said
 * (1u << RESULT_PASS, RESULT_FAIL or RESULT_SKIP).
 */
static unsigned registered_judge(const struct registered_test *reg, struct attempt *a,
				 int code)
{
	struct strbuf why = STRBUF_INIT;
	const char *re = NULL;
	int pass;

	if ((reg->skip_code >= 0 && code == reg->skip_code) ||
	    output_matches(&reg->skip_re, a, &re)) {
		a->status = ST_SKIP;
		return 1u << RESULT_SKIP;
	}
	if (reg->meson && code == 99) {
		a->status = ST_FAIL;
		free(a->why);
		a->why = xstrdup("Meson's hard error");
		return 1u << RESULT_FAIL;
	}
	if (reg->pass_re.nr) {
		pass = output_matches(&reg->pass_re, a, &re);
		if (!pass)
			strbuf_addstr(&why, "no PASS_REGULAR_EXPRESSION matched the output");
	} else {
		pass = code == 0;
	}
	if (pass && output_matches(&reg->fail_re, a, &re)) {
		pass = 0;
		strbuf_addf(&why, "FAIL_REGULAR_EXPRESSION '%s' matched the output", re);
	}
	if (reg->will_fail) {
		pass = !pass;
		strbuf_reset(&why);
		if (!pass)
			strbuf_addf(&why, "expected to fail (%s), it passed",
				    reg->meson ? "should_fail" : "WILL_FAIL");
	}
	a->status = pass ? ST_PASS : ST_FAIL;
	free(a->why);
	a->why = why.len ? strbuf_detach(&why, NULL) : NULL;
	strbuf_release(&why);
	return pass ? 1u << RESULT_PASS : 1u << RESULT_FAIL;
}

/*
 * The program's exit status, with memcheck's own (--error-exitcode, when
 * it found errors) taken for 0: the XML says what that status would.
 */
static int program_exit(const struct attempt *a, const struct run_job *j)
{
	const struct case_run *cr = ((const struct job_ctx *)j->data)->tc->run;

	return a->mc_count && j->exit_code == valgrind_error_exitcode(cr->wrapper, &cr->s)
	       ? 0 : j->exit_code;
}

static void collect_part(void *ctx, const struct case_result *r)
{
	struct parts *parts = ctx;
	struct part_result p = { .said = r->said, .out = STRBUF_INIT };

	p.name = xstrndup(r->name, r->len);
	p.why = r->why && r->why_len ? xstrndup(r->why, r->why_len) : NULL;
	strbuf_add(&p.out, r->out, r->out_len);
	vec_push(&parts->v, p);
}

static void parts_release(struct parts *parts)
{
	size_t i;

	for (i = 0; i < parts->v.nr; i++) {
		free(parts->v.v[i].name);
		free(parts->v.v[i].why);
		strbuf_release(&parts->v.v[i].out);
	}
	vec_release(&parts->v);
}

/*
 * How the attempt ended, from the process's exit and what the framework
 * said (adapter.h); a one-process binary's results go into parts.
 */
static struct attempt *classify(struct testrun *tr, const struct test_case *tc,
				struct run_job *j, const char *dir, int memcheck,
				struct parts *parts)
{
	const struct case_run *cr = tc->run;
	const struct adapter *ad = adapter_of(tc->bin->kind);
	struct attempt *a = attempt_new(tc);
	struct case_output co = { &j->out, &j->err, &j->result, dir };
	struct strbuf why = STRBUF_INIT;
	int strict = ad->strict || tc->bin->tare_protocol;
	unsigned said = 0;

	if (memcheck && dir) {
		a->memcheck = 1;
		collect_xml_dir(tr, tc, a, dir, 0, 0);
	}
	if (j->start_errno) {
		;
	} else if (ad->read_results) {
		a->whole = 1;
		said = ad->read_results(&co, program_exit(a, j), j->timed_out || j->term_signal,
					collect_part, parts, &why);
		if (a->mc_count)
			strbuf_addf(&why, "%smemcheck's errors are the whole process's: a %s binary "
				    "runs every test in it", why.len ? "; " : "", ad->name);
	} else if (ad->said && !j->term_signal && !j->timed_out) {
		/* A test killed says nothing; its framework's silence is no news. */
		said = ad->said(tc, &co, &why);
	}
	a->exit_code = j->exit_code;
	a->term_signal = j->term_signal;
	a->start_errno = j->start_errno;
	a->duration = j->end - j->start;
	a->leaked = j->leaked;
	a->slow = j->slow_count > 0;
	a->interrupted = j->interrupted;
	strbuf_release(&a->out);
	strbuf_release(&a->err);
	a->out = j->out;
	a->err = j->err;
	a->out_cut_at = j->out_cut_at;
	a->err_cut_at = j->err_cut_at;
	a->out_dropped = j->out_dropped;
	a->err_dropped = j->err_dropped;
	a->leak_survived = j->leak_survived;
	strbuf_init(&j->out, 0);
	strbuf_init(&j->err, 0);
	if (why.len)
		a->why = strbuf_detach(&why, NULL);
	strbuf_release(&why);

	if (j->start_errno) {
		a->status = ST_EXEC_FAIL;
		a->program = xstrdup(j->child.args.v[0]);
	} else if (ad->read_results && !j->timed_out && !j->term_signal) {
		/* The process as a whole: its results are the parts'. */
		a->status = said & 1u << RESULT_FAIL ? ST_FAIL :
			    said & 1u << RESULT_SKIP ? ST_SKIP :
			    said & 1u << RESULT_PASS ? ST_PASS : ST_NO_RESULT;
	} else {
		a->status = attempt_judge(a, j->timed_out, said, strict);
	}
	if (tc->bin->reg && tc->bin->kind == KIND_PLAIN && !j->start_errno && !j->timed_out &&
	    !j->term_signal) {
		said = registered_judge(tc->bin->reg, a, program_exit(a, j));
		/* memcheck's --error-exitcode says nothing the XML does not. */
		if (a->mc_count && a->status == ST_FAIL && !(said & 1u << RESULT_FAIL))
			a->status = said & 1u << RESULT_PASS ? ST_PASS :
				    said & 1u << RESULT_SKIP ? ST_SKIP : ST_MEMCHECK;
	}
	if (a->status == ST_PASS && a->leaked && cr->s.leak_fail)
		a->status = ST_LEAK_FAIL;
	return a;
}

/*
 * ROOT/.tare/profiles/BINARY/TEST.callgrind.out, its folder made; each name
 * one path component (path_add_name), so no two tests share a file.
 */
static char *profile_path(struct testrun *tr, const struct test_case *tc)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT;

	strbuf_addf(&dir, "%s/.tare/profiles/", tr->o->root);
	path_add_name(&dir, tc->bin->id);
	if (mkdir_p(dir.buf) < 0) {
		error_errno("cannot make '%s'", dir.buf);
		strbuf_release(&dir);
		return NULL;
	}
	strbuf_addf(&path, "%s/", dir.buf);
	path_add_name(&path, tc->name);
	strbuf_addstr(&path, ".callgrind.out");
	/* A profile left by an earlier run must not pass for this one's. */
	unlink(path.buf);
	strbuf_release(&dir);
	return strbuf_detach(&path, NULL);
}

/* The cost a callgrind file gives in its "totals:" or "summary:" line, or 0. */
static uint64_t profile_total(const char *path)
{
	struct strbuf text = STRBUF_INIT;
	const char *keys[] = { "\ntotals: ", "\nsummary: " };
	uint64_t total = 0;
	size_t k;

	if (strbuf_read_file(&text, path, (size_t)1 << 30) < 0)
		return 0;
	for (k = 0; k < ARRAY_SIZE(keys) && !total; k++) {
		const char *p = memmem(text.buf, text.len, keys[k], strlen(keys[k]));

		if (p) {
			p += strlen(keys[k]);
			if (cursor_u64(&p, text.buf + text.len, UINT64_MAX, &total))
				total = 0;
		}
	}
	strbuf_release(&text);
	return total;
}

/*
 * Of the profiles a framework's processes wrote into dir, the one that
 * collected the test (its worker's: the others never reach the test's
 * function) becomes the case's profile.
 */
static void worker_profile(const char *dir, const char *profile)
{
	struct strbuf path = STRBUF_INIT, best = STRBUF_INIT;
	uint64_t most = 0;
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		uint64_t total;

		if (strncmp(e->d_name, "callgrind.", 10))
			continue;
		strbuf_reset(&path);
		path_join(&path, dir, e->d_name);
		total = profile_total(path.buf);
		if (!best.len || total > most) {
			strbuf_reset(&best);
			strbuf_add(&best, path.buf, path.len);
			most = total;
		}
	}
	closedir(d);
	if (best.len && rename(best.buf, profile) < 0)
		error_errno("cannot move '%s' to '%s'", best.buf, profile);
	strbuf_release(&path);
	strbuf_release(&best);
}

static struct run_job *make_job(struct testrun *tr, struct test_case *tc,
			       const struct sched_claim *claim)
{
	struct case_run *cr = case_run_of(tr->o->view, tc);
	const struct adapter *ad = adapter_of(tc->bin->kind);
	const struct registered_test *reg = tc->bin->reg;
	struct run_job *j = xmalloc(sizeof(*j));
	struct job_ctx *ctx = xcalloc(1, sizeof(*ctx));
	struct child *c = &j->child;
	size_t i;

	run_job_init(j);
	ctx->tc = tc;
	ctx->claim = *claim;
	j->weight = claim->weight;
	ctx->memcheck = cr->wrapper && case_is_memcheck(tc);
	/* Memcheck's XML files, or under callgrind a forking framework's profiles. */
	if (ctx->memcheck ||
	    (ad->forks_worker && cr->wrapper && valgrind_is_callgrind(cr->wrapper)))
		ctx->dir = testrun_job_dir(tr, "t");
	if (cr->wrapper) {
		strvec_pushv(&c->args, cr->wrapper->argv.v);
		strvec_pushv(&c->env, cr->wrapper->env.v);
		if (ctx->memcheck) {
			if (ctx->dir)
				valgrind_memcheck_args(&c->args, &cr->s, ctx->dir,
						       tr->o->gen_suppressions, 0);
		} else if (valgrind_is_callgrind(cr->wrapper)) {
			struct strbuf fn = STRBUF_INIT;

			ctx->profile = profile_path(tr, tc);
			/*
			 * Collect only inside the test's own function (tare.h's
			 * tare__fn_NAME, GoogleTest's TestBody), not the loader,
			 * the harness or main().
			 */
			if (ad->toggle_symbol)
				ad->toggle_symbol(&fn, tc);
			if (ad->forks_worker && ctx->dir) {
				/* One profile per process; the worker's is kept (worker_profile()). */
				struct strbuf each = STRBUF_INIT;

				strbuf_addf(&each, "%s/callgrind.%%p", ctx->dir);
				strvec_push(&c->args, "--trace-children=yes");
				valgrind_callgrind_test_args(&c->args, &c->env, each.buf,
							     fn.len ? fn.buf : NULL);
				strbuf_release(&each);
			} else {
				valgrind_callgrind_test_args(&c->args, &c->env, ctx->profile,
							     fn.len ? fn.buf : NULL);
			}
			strbuf_release(&fn);
		}
	}
	strvec_push(&c->args, tc->bin->path);
	if (reg)
		strvec_pushv(&c->args, (const char **)reg->args.v);
	ad->run_args(tc, ctx->dir, &c->args);
	if (ad->env)
		for (i = 0; ad->env[i]; i++)
			strvec_push(&c->env, ad->env[i]);
	if (reg)
		strvec_pushv(&c->env, (const char **)reg->env.v);
	testrun_add_env(tr, c, tc, (int)cr->attempts.nr + 1);
	c->dir = reg && reg->dir ? reg->dir : tr->o->root;
	j->capture = !tr->o->no_capture;
	j->want_result = 1;
	j->keep_head = cr->s.output_head;
	j->keep_tail = cr->s.output_tail;
	j->slow_period = case_slow_period(tc);
	j->terminate_after = cr->s.terminate_after;
	j->grace = cr->s.grace;
	j->leak_timeout = cr->s.leak_period;
	j->data = ctx;
	return j;
}

/* Takes the last of v that fits now out of it, or returns NULL. */
static struct test_case *take_fitting(struct testrun *tr, struct test_case **v, size_t *nr,
				      struct sched_claim *claim)
{
	int free = tr->r.slots - tr->r.used;
	size_t i;

	for (i = *nr; i-- > 0;) {
		struct test_case *tc = v[i];

		if (schedule_take(&tr->sched, tc, free, claim) == 0) {
			memmove(v + i, v + i + 1, (*nr - i - 1) * sizeof(*v));
			(*nr)--;
			return tc;
		}
	}
	return NULL;
}

static void attempt_final(struct testrun *tr, struct test_case *tc, struct attempt *a);

/* Where a case is, for those that wait on it (schedule.h). */
static enum sched_state case_state(void *ctx, const struct test_case *tc)
{
	const struct testrun *tr = ctx;
	const struct case_outcome *o = &tr->sum->outcomes[tc->index];

	if (!tc->selected)
		return SCHED_OUT;
	if (!o->done)
		return SCHED_PENDING;
	return o->failed || o->skipped ? SCHED_FAILED : SCHED_PASSED;
}

/* A case not run because a setup it requires did not pass: skipped, as CTest has it. */
static void skip_for_setup(struct testrun *tr, struct test_case *tc,
			   const struct test_case *setup)
{
	struct case_run *cr = case_run_of(tr->o->view, tc);
	struct attempt *a = attempt_new(tc);
	struct strbuf why = STRBUF_INIT;

	strbuf_addf(&why, "not run: the fixture setup '%s' did not pass", setup->name);
	a->status = a->underlying = ST_SKIP;
	a->part = 1;
	a->why = strbuf_detach(&why, NULL);
	vec_push(&cr->attempts, a);
	run_observers_test_started(tr->o->observers, tc, a->number, cr->total_attempts);
	attempt_final(tr, tc, a);
}

static struct run_job *tr_next(void *ctx)
{
	struct testrun *tr = ctx;
	struct sched_claim claim;
	struct test_case *tc;

	if ((tc = take_fitting(tr, tr->retries.v, &tr->retries.nr, &claim)))
		return make_job(tr, tc, &claim);
	while (tr->batches.nr && !tr->isolate.nr) {
		struct batch *b = tr->batches.v[0];
		struct run_job *j;

		memmove(tr->batches.v, tr->batches.v + 1,
			(tr->batches.nr - 1) * sizeof(*tr->batches.v));
		tr->batches.nr--;
		j = batch_make_job(tr, b);
		if (j)
			return j;
	}
	if ((tc = take_fitting(tr, tr->isolate.v, &tr->isolate.nr, &claim)))
		return make_job(tr, tc, &claim);
	if (tr->isolate.nr)
		return NULL;	/* they go first, when they fit */
	while ((tc = schedule_next(&tr->sched, tr->r.slots - tr->r.used, &claim))) {
		if (!claim.skip)
			return make_job(tr, tc, &claim);
		skip_for_setup(tr, tc, claim.skip);
	}
	return NULL;
}

static void tr_started(void *ctx, struct run_job *j)
{
	struct testrun *tr = ctx;
	struct job_ctx *jc = j->data;
	struct case_run *cr;

	if (!jc->tc)
		return;		/* a batch: it says when each test starts */
	cr = jc->tc->run;
	run_observers_test_started(tr->o->observers, jc->tc, (int)cr->attempts.nr + 1,
				   cr->total_attempts);
}

static struct test_case *job_case(const struct run_job *j, double *since)
{
	const struct job_ctx *jc = j->data;

	if (jc->tc) {
		*since = j->start;
		return jc->tc;
	}
	return batch_current(jc->batch, since);
}

static void tr_slow(void *ctx, struct run_job *j, double elapsed)
{
	struct testrun *tr = ctx;
	double since;
	struct test_case *tc = job_case(j, &since);
	int terminating = j->terminate_after > 0 &&
			  j->slow_count >= j->terminate_after;

	/* The TERMINATING line replaces the last SLOW one. */
	if (terminating || !tc)
		return;
	run_observers_test_slow(tr->o->observers, tc, elapsed, 0);
}

static void tr_terminating(void *ctx, struct run_job *j, double elapsed)
{
	struct testrun *tr = ctx;
	double since;
	struct test_case *tc = job_case(j, &since);

	if (!tc)
		return;
	run_observers_test_slow(tr->o->observers, tc, elapsed, 1);
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
	case ST_MEMCHECK: sum->memcheck++; break;
	case ST_FAIL: break;
	}
	cr->failed = 1;
	sum->failed++;
}

/* The case is done: its outcome stays, and only what an observer reads at the end. */
static void case_done(struct testrun *tr, struct test_case *tc)
{
	struct case_run *cr = tc->run;
	struct case_outcome *o = &tr->sum->outcomes[tc->index];
	const struct attempt *last = cr->attempts.v[cr->attempts.nr - 1];
	size_t k;

	o->done = 1;
	o->status = (uint8_t)last->status;
	o->duration = (float)last->duration;
	o->failed = cr->failed;
	o->flaky = cr->flaky;
	o->skipped = cr->skipped;
	o->slow = last->slow;
	o->leaked = last->leaked;
	o->leak_survived = last->leak_survived;
	if (!run_observers_keep_case(tr->o->observers, cr)) {
		case_run_free(tc);
		return;
	}
	for (k = 0; k < cr->attempts.nr; k++) {
		struct attempt *a = cr->attempts.v[k];

		if (run_observers_keep_output(tr->o->observers, cr, a)) {
			run_summary_keep_output(tr->sum, a);
		} else {
			strbuf_release(&a->out);
			strbuf_release(&a->err);
		}
	}
}

/* A case counted as failed in the end: fail-fast may stop the run. */
static void final_failure(struct testrun *tr)
{
	tr->final_failures++;
	if (tr->o->max_fail > 0 && tr->final_failures >= (size_t)tr->o->max_fail &&
	    !tr->r.stopping) {
		tr->sum->fail_fast_stopped = 1;
		runner_stop(&tr->r);
		run_observers_stopping(tr->o->observers, "test failure", tr->r.running);
	}
}

/* Memcheck errors outrank how the test itself ended, crashes aside. */
static void memcheck_outranks(struct attempt *a)
{
	a->underlying = a->status;
	if (a->mc_count && (a->status == ST_PASS || a->status == ST_FAIL ||
			    a->status == ST_SKIP || a->status == ST_NO_RESULT ||
			    a->status == ST_LEAK_FAIL))
		a->status = ST_MEMCHECK;
}

/* The attempt is the case's last: counted, told, and the case done. */
static void attempt_final(struct testrun *tr, struct test_case *tc, struct attempt *a)
{
	struct case_run *cr = tc->run;

	cr->done = 1;
	/* Flaky: it passed after failing (a one-process binary reruns its passes too). */
	cr->flaky = a->status == ST_PASS && cr->attempts.nr > 1 &&
		    attempt_failed(cr->attempts.v[cr->attempts.nr - 2]);
	count_final(tr->sum, cr, a);
	run_observers_attempt_done(tr->o->observers, tc, a, 1);
	if (cr->failed)
		final_failure(tr);
	case_done(tr, tc);
}

/* retry: run the case again even if this attempt passed (its parts failed). */
static void attempt_done_retrying(struct testrun *tr, struct test_case *tc,
				  struct attempt *a, int retry)
{
	struct case_run *cr = tc->run;

	memcheck_outranks(a);
	vec_push(&cr->attempts, a);
	if ((!attempt_failed(a) && !retry) || a->number >= cr->total_attempts ||
	    tr->r.interrupt_count) {
		attempt_final(tr, tc, a);
		return;
	}
	vec_push(&tr->retries, tc);
	/* A pass that runs again for its parts' sake is told once, at the end. */
	if (attempt_failed(a))
		run_observers_attempt_done(tr->o->observers, tc, a, 0);
}

static void testrun_attempt_done(struct testrun *tr, struct test_case *tc,
				 struct attempt *a)
{
	attempt_done_retrying(tr, tc, a, 0);
}

/* ---- a one-process binary's parts ---- */

/* A new case for a result, in the list and the run's outcomes. */
static struct test_case *part_add(struct testrun *tr, struct test_case *whole,
				  const char *name)
{
	struct test_case *tc = arena_alloc(&tr->list->arena, sizeof(*tc));
	struct case_run *wr = whole->run;
	struct strbuf full = STRBUF_INIT;

	/* A build system's test names its results: "TEST::RESULT". */
	if (whole->bin->reg)
		strbuf_addf(&full, "%s::", whole->name);
	strbuf_addstr(&full, name);
	tc->bin = whole->bin;
	tc->name = arena_strndup(&tr->list->arena, full.buf, full.len);
	strbuf_release(&full);
	tc->kind = CASE_TEST;
	tc->selected = 1;
	tc->part = 1;
	tc->index = (uint32_t)tr->list->cases.nr;
	vec_push(&tr->list->cases, tc);
	tr->sum->outcomes = xrealloc(tr->sum->outcomes,
				     tr->list->cases.nr * sizeof(*tr->sum->outcomes));
	memset(&tr->sum->outcomes[tc->index], 0, sizeof(*tr->sum->outcomes));
	tr->sum->listed++;
	tr->sum->selected++;
	vec_push(&wr->parts, tc);
	case_run_of(tr->o->view, tc)->total_attempts = wr->total_attempts;
	return tc;
}

/* One of whole's parts by name, or NULL; *taken: it has a result in attempt number already. */
static struct test_case *part_find(const struct case_run *wr, const char *name, int number,
				   int *taken)
{
	size_t i;

	for (i = 0; i < wr->parts.nr; i++) {
		struct test_case *p = wr->parts.v[i];
		const struct case_run *pr = p->run;

		if (strcmp(p->name, name))
			continue;
		*taken = pr && pr->attempts.nr &&
			 pr->attempts.v[pr->attempts.nr - 1]->number == number;
		return p;
	}
	return NULL;
}

/*
 * The case of a result named name in attempt number: one of whole's
 * parts, or a new one. A name printed twice in one run is told apart by
 * its place ("name #3").
 */
static struct test_case *part_of(struct testrun *tr, struct test_case *whole,
				 const char *name, size_t place, int number, size_t *added)
{
	struct case_run *wr = whole->run;
	struct strbuf alt = STRBUF_INIT;
	struct test_case *tc;
	int taken = 0;

	tc = part_find(wr, name, number, &taken);
	if (tc && !taken)
		return tc;
	if (tc) {
		strbuf_addf(&alt, "%s #%zu", name, place);
		name = alt.buf;
		tc = part_find(wr, name, number, &taken);
	}
	if (!tc) {
		tc = part_add(tr, whole, name);
		(*added)++;
	}
	strbuf_release(&alt);
	return tc;
}

static struct attempt *part_attempt(struct test_case *tc, struct part_result *r,
				    const struct attempt *whole)
{
	struct attempt *a = attempt_new(tc);

	a->number = whole->number;
	a->part = 1;
	a->status = r->said & 1u << RESULT_FAIL ? ST_FAIL :
		    r->said & 1u << RESULT_SKIP ? ST_SKIP : ST_PASS;
	a->underlying = a->status;
	a->memcheck = whole->memcheck;
	a->why = r->why;
	r->why = NULL;
	strbuf_release(&a->out);
	a->out = r->out;
	strbuf_init(&r->out, 0);
	return a;
}

/*
 * A one-process binary's attempt ended: each result becomes an attempt of
 * its part, and the process's own attempt follows. Any failure runs the
 * whole process again while attempts are left; only then are the parts
 * final. A part that fails in an attempt that is not the last is told as
 * a retry; one that passes is told once, at the end.
 */
static void parts_done(struct testrun *tr, struct test_case *whole, struct attempt *a,
		       struct parts *parts)
{
	struct case_run *wr = whole->run;
	VEC(struct test_case *) cases = VEC_INIT;
	VEC(struct attempt *) attempts = VEC_INIT;
	size_t added = 0, i;
	int failed = 0, final;

	for (i = 0; i < parts->v.nr; i++) {
		struct test_case *tc = part_of(tr, whole, parts->v.v[i].name, i + 1,
					       a->number, &added);
		struct attempt *pa = part_attempt(tc, &parts->v.v[i], a);

		failed |= attempt_failed(pa);
		vec_push(&cases, tc);
		vec_push(&attempts, pa);
		/* Its place in this attempt, for part_of()'s check of names twice. */
		vec_push(&((struct case_run *)tc->run)->attempts, pa);
	}
	if (added)
		run_observers_cases_added(tr->o->observers, added);
	final = (!attempt_failed(a) && !a->mc_count && !failed) ||
		a->number >= wr->total_attempts || tr->r.interrupt_count;
	for (i = 0; i < cases.nr; i++) {
		struct test_case *tc = cases.v[i];
		struct case_run *cr = tc->run;
		struct attempt *pa = attempts.v[i];

		if (final) {
			run_observers_test_started(tr->o->observers, tc, pa->number,
						   cr->total_attempts);
			attempt_final(tr, tc, pa);
		} else if (attempt_failed(pa)) {
			run_observers_test_started(tr->o->observers, tc, pa->number,
						   cr->total_attempts);
			run_observers_attempt_done(tr->o->observers, tc, pa, 0);
		} else {
			/* A pass that will run again: only its last attempt is told. */
			cr->attempts.nr--;
			attempt_free(pa);
			cr->passed_untold = 1;
		}
	}
	if (final)
		/* Parts of an earlier attempt that this one did not print end as they were. */
		for (i = 0; i < wr->parts.nr; i++) {
			struct test_case *tc = wr->parts.v[i];
			struct case_run *cr = tc->run;
			struct attempt *last;

			if (!cr || cr->done)
				continue;
			if (cr->attempts.nr) {
				attempt_final(tr, tc, cr->attempts.v[cr->attempts.nr - 1]);
			} else if (cr->passed_untold) {
				last = attempt_new(tc);
				last->status = last->underlying = ST_PASS;
				last->part = 1;
				vec_push(&cr->attempts, last);
				run_observers_test_started(tr->o->observers, tc, last->number,
							   cr->total_attempts);
				attempt_final(tr, tc, last);
			}
		}
	vec_release(&cases);
	vec_release(&attempts);
	attempt_done_retrying(tr, whole, a, failed);
}

static void tr_result(void *ctx, struct run_job *j)
{
	struct job_ctx *jc = j->data;

	if (jc->batch)
		batch_result(ctx, j);
}

static void tr_finished(void *ctx, struct run_job *j)
{
	struct testrun *tr = ctx;
	struct job_ctx *jc = j->data;

	if (!jc->batch)
		schedule_release(&tr->sched, &jc->claim);
	if (jc->batch) {
		batch_finished(tr, j);
	} else {
		const struct adapter *ad = adapter_of(jc->tc->bin->kind);
		struct parts parts = { VEC_INIT };
		struct attempt *a = classify(tr, jc->tc, j, jc->dir, jc->memcheck, &parts);

		if (jc->profile && jc->dir && ad->forks_worker)
			worker_profile(jc->dir, jc->profile);
		if (jc->profile && !access(jc->profile, R_OK)) {
			a->profile = jc->profile;
			jc->profile = NULL;
		}
		if (ad->read_results)
			parts_done(tr, jc->tc, a, &parts);
		else
			testrun_attempt_done(tr, jc->tc, a);
		parts_release(&parts);
	}
	if (jc->dir) {
		remove_tree(jc->dir);
		free(jc->dir);
	}
	free(jc->profile);
	free(jc);
	run_job_release(j);
	free(j);
}

static void tr_tick(void *ctx, struct runner *r)
{
	struct testrun *tr = ctx;
	struct test_case *longest = NULL;
	double oldest = 0;
	int i;

	for (i = 0; i < r->running; i++) {
		double since;
		struct run_job *j = runner_job(r, i);
		struct job_ctx *jc = j->data;
		struct test_case *tc = job_case(j, &since);

		if (jc->batch)
			batch_trim_output(jc->batch);
		if (tc && (!longest || since < oldest)) {
			longest = tc;
			oldest = since;
		}
	}
	run_observers_progress(tr->o->observers, r->running, longest,
			       longest ? time_now() - oldest : 0);
}

static void tr_interrupted(void *ctx, int sig, int count)
{
	struct testrun *tr = ctx;

	run_observers_interrupted(tr->o->observers, sig, count, tr->r.running);
}

static int cmp_paths(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The programs with a selected test: a build system's tests share theirs.
 * A binary's cases are listed together, so each binary's path is taken
 * once, not each case's: 20,000 tests of one binary make one entry.
 */
static size_t binaries_selected(const struct test_list *list)
{
	VEC(const char *) paths = VEC_INIT;
	const struct binary *last = NULL;
	size_t i, distinct = 0;

	for (i = 0; i < list->cases.nr; i++) {
		const struct test_case *tc = list->cases.v[i];

		if (tc->selected && tc->bin != last) {
			vec_push(&paths, tc->bin->path);
			last = tc->bin;
		}
	}
	if (paths.nr > 1)
		qsort(paths.v, paths.nr, sizeof(*paths.v), cmp_paths);
	for (i = 0; i < paths.nr; i++)
		distinct += !i || strcmp(paths.v[i - 1], paths.v[i]);
	vec_release(&paths);
	return distinct;
}

static int exit_status(const struct run_summary *sum)
{
	return sum->interrupt_signal ? EXIT_INTERRUPTED
	       : sum->failed || sum->outside_errors ? EXIT_TESTS_FAILED : EXIT_OK;
}

int testrun_run(struct test_list *list, const struct testrun_opts *o,
		struct run_summary *sum)
{
	static const struct testrun_ops tr_ops = {
		.job_dir = testrun_job_dir,
		.add_env = testrun_add_env,
		.attempt_done = testrun_attempt_done,
		.profile_path = profile_path,
	};
	static const struct runner_ops ops = {
		.next = tr_next,
		.started = tr_started,
		.slow = tr_slow,
		.terminating = tr_terminating,
		.result = tr_result,
		.finished = tr_finished,
		.tick = tr_tick,
		.interrupted = tr_interrupted,
	};
	struct testrun tr;
	struct runner r = RUNNER_INIT;
	struct run_start rs;
	double start = time_now();
	size_t i;
	int ret;

	memset(&tr, 0, sizeof(tr));
	strbuf_init(&tr.tmp, 0);
	tr.ops = &tr_ops;
	tr.o = o;
	tr.list = list;
	tr.sum = sum;
	sum->outcomes = xcalloc(list->cases.nr ? list->cases.nr : 1, sizeof(*sum->outcomes));
	for (i = 0; i < list->cases.nr; i++) {
		sum->listed++;
		sum->selected += list->cases.v[i]->selected;
	}
	rs = (struct run_start){
		.run_id = o->run_id, .profile = o->profile_name, .tests = sum->selected,
		.binaries = binaries_selected(list), .skipped = sum->listed - sum->selected,
	};
	run_observers_run_started(o->observers, &rs);
	if (!o->no_capture)
		batch_plan(&tr);
	/* Batched cases run in their batch; a one-process binary's parts in its process. */
	schedule_init(&tr.sched, o->view, o->jobs);
	tr.sched.state = case_state;
	tr.sched.ctx = &tr;
	for (i = 0; i < list->cases.nr; i++) {
		struct test_case *tc = list->cases.v[i];
		const struct case_run *cr = tc->run;

		if (tc->selected && !tc->part && !(cr && cr->batched))
			schedule_add(&tr.sched, tc);
	}
	schedule_sort(&tr.sched);

	tr.r = r;
	tr.r.slots = o->jobs;
	tr.r.ops = &ops;
	tr.r.ctx = &tr;
	/* Ticks draw the progress line, and keep batches' output files small. */
	tr.r.tick_interval = run_observers_want_ticks(o->observers) || tr.batches.nr ? 0.1 : 0;
	ret = runner_run(&tr.r);
	sum->interrupt_signal = tr.r.interrupt_count ? tr.r.interrupt_signal : 0;
	sum->not_run = sum->selected - sum->run;
	sum->skipped += sum->listed - sum->selected;
	sum->duration = time_now() - start;
	for (i = 0; i < tr.batches.nr; i++)
		batch_free(tr.batches.v[i]);
	vec_release(&tr.batches);
	schedule_release_all(&tr.sched);
	vec_release(&tr.retries);
	vec_release(&tr.isolate);
	if (tr.tmp.len)
		temp_folder_remove(tr.tmp.buf);
	strbuf_release(&tr.tmp);
	if (ret < 0)
		return ret;
	return run_observers_run_finished(o->observers, list, sum, exit_status(sum));
}

