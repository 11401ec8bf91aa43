#include <stdlib.h>
#include <string.h>

#include "attempt.h"
#include "fsutil.h"
#include "protocol.h"
#include "reaper.h"
#include "valgrind.h"

enum test_status attempt_judge(const struct attempt *a, int timed_out, unsigned said,
			       int strict)
{
	enum test_status st;

	if (timed_out)
		return ST_TIMEOUT;
	if (a->term_signal)
		return ST_CRASH;
	if (a->exit_code == 77)
		st = ST_SKIP;
	else if (a->exit_code)
		st = ST_FAIL;
	else if (said & 1u << RESULT_FAIL)
		st = ST_FAIL;
	else if (said & 1u << RESULT_SKIP)
		st = ST_SKIP;
	else if (strict && !(said & 1u << RESULT_PASS))
		st = ST_NO_RESULT;
	else
		st = ST_PASS;
	if (a->mc_count && st == ST_FAIL && !(said & 1u << RESULT_FAIL))
		st = said & 1u << RESULT_PASS ? ST_PASS :
		     said & 1u << RESULT_SKIP ? ST_SKIP : ST_MEMCHECK;
	return st;
}

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
	case ST_MEMCHECK: return "MEMCHECK";
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
	case ST_MEMCHECK: return "memcheck";
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
		if (a->exit_code != 1 && !a->part && !a->whole)
			strbuf_addf(buf, "exited with status %d", a->exit_code);
		if (a->why)
			strbuf_addf(buf, "%s%s", buf->len ? "; " : "", a->why);
		break;
	case ST_NO_RESULT:
		strbuf_addstr(buf, "exited with status 0 but never reported a result: ");
		strbuf_addstr(buf, a->why ? a->why :
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
	case ST_MEMCHECK:
		strbuf_addf(buf, "memcheck found %zu error%s", a->mc_count,
			    a->mc_count == 1 ? "" : "s");
		if (a->underlying == ST_PASS)
			strbuf_addstr(buf, "; the test itself passed");
		else if (a->underlying == ST_SKIP)
			strbuf_addstr(buf, "; the test itself skipped");
		else if (a->underlying != ST_MEMCHECK)
			strbuf_addstr(buf, "; the test itself failed too");
		break;
	case ST_LEAK_FAIL:
	case ST_PASS:
		if (a->leaked)
			strbuf_addf(buf, "a child process kept the test's output open "
				    "after the test exited (%s)",
				    a->leak_survived ? "tare could not kill it" : "it was killed");
		break;
	case ST_SKIP:
		if (a->why)
			strbuf_addstr(buf, a->why);
		break;
	}
	/* What the framework said adds to the words of a crash, a timeout, memcheck's errors. */
	if (a->why && (a->status == ST_CRASH || a->status == ST_TIMEOUT ||
		       a->status == ST_MEMCHECK))
		strbuf_addf(buf, "; %s", a->why);
	if (a->status != ST_PASS && a->status != ST_LEAK_FAIL && a->leaked &&
	    a->status != ST_EXEC_FAIL) {
		if (buf->len)
			strbuf_addstr(buf, "; ");
		strbuf_addstr(buf, "a child process kept the test's output open after it exited");
	}
	return buf->len ? buf->buf : NULL;
}

/* ---- a case ---- */

/*
 * What a build system says of its test's settings, to go below tare.toml's
 * overrides and above the profile: CTest's TIMEOUT is a slow-timeout that
 * terminates, RUN_SERIAL and PROCESSORS are threads-required, Meson's
 * priority is priority.
 */
static void registered_settings(const struct registered_test *reg,
				const struct profile_view *view, struct settings *out)
{
	memset(out, 0, sizeof(*out));
	if (reg->timeout > 0) {
		/* CTest kills a test at its TIMEOUT, as one slow period that terminates. */
		out->slow_period = reg->timeout;
		out->terminate_after = 1;
		out->grace = view->s.grace;
		out->set |= SET_SLOW;
	}
	if (reg->run_serial || reg->processors > 1) {
		out->threads_required = reg->run_serial ? THREADS_NUM_TEST_THREADS : reg->processors;
		out->set |= SET_THREADS_REQUIRED;
	}
	if (reg->has_priority) {
		out->priority = reg->priority;
		out->set |= SET_PRIORITY;
	}
}

void case_settings(const struct profile_view *view, const struct test_case *tc,
		   struct settings *out)
{
	struct settings below;

	if (tc->bin->reg)
		registered_settings(tc->bin->reg, view, &below);
	config_test_settings(view, tc->bin->id, tc->name, case_labels(tc),
			     tc->bin->reg ? &below : NULL, out);
}

struct case_run *case_run_of(const struct profile_view *view, struct test_case *tc)
{
	struct case_run *cr = tc->run;

	if (cr)
		return cr;
	cr = xcalloc(1, sizeof(*cr));
	tc->run = cr;
	case_settings(view, tc, &cr->s);
	cr->wrapper = config_run_wrapper(view, tc->bin->id, tc->name, case_labels(tc));
	cr->total_attempts = cr->s.retries + 1;
	return cr;
}

void attempt_free(struct attempt *a)
{
	strbuf_release(&a->out);
	strbuf_release(&a->err);
	free(a->spilled);
	free(a->program);
	free(a->why);
	free(a->profile);
	free(a);
}

void case_run_free(struct test_case *tc)
{
	struct case_run *cr = tc->run;
	size_t k;

	if (!cr)
		return;
	for (k = 0; k < cr->attempts.nr; k++)
		attempt_free(cr->attempts.v[k]);
	vec_release(&cr->attempts);
	vec_release(&cr->parts);
	free(cr);
	tc->run = NULL;
}

int case_is_memcheck(const struct test_case *tc)
{
	const struct case_run *cr = tc->run;
	return valgrind_is_memcheck(cr->wrapper);
}

double case_slow_period(const struct test_case *tc)
{
	const struct case_run *cr = tc->run;
	return cr->s.slow_period * valgrind_timeout_multiplier(cr->wrapper, &cr->s);
}

int case_counts_error(const struct test_case *tc, const struct mc_error *e)
{
	const struct case_run *cr = tc->run;
	return e->leak == MC_LEAK_NONE || (cr->s.mc_leak_kinds & 1u << e->leak);
}

struct attempt *attempt_new(const struct test_case *tc)
{
	const struct case_run *cr = tc->run;
	struct attempt *a = xcalloc(1, sizeof(*a));

	a->number = (int)cr->attempts.nr + 1;
	strbuf_init(&a->out, 0);
	strbuf_init(&a->err, 0);
	a->mc_tail = &a->mc_errors;
	return a;
}

/* Kept output in memory beyond this goes to files. */
#define KEPT_IN_MEMORY_MAX ((size_t)16 << 20)

void run_summary_keep_output(struct run_summary *sum, struct attempt *a)
{
	size_t size = a->out.len + a->err.len;
	struct strbuf path = STRBUF_INIT, both = STRBUF_INIT;

	if (!size || sum->kept_bytes + size <= KEPT_IN_MEMORY_MAX) {
		sum->kept_bytes += size;
		return;
	}
	if (!sum->spill_dir.len && temp_folder_make(&sum->spill_dir, NULL) < 0)
		strbuf_reset(&sum->spill_dir);
	if (sum->spill_dir.len) {
		strbuf_addf(&path, "%s/%p", sum->spill_dir.buf, (void *)a);
		strbuf_add(&both, a->out.buf, a->out.len);
		strbuf_add(&both, a->err.buf, a->err.len);
	}
	if (sum->spill_dir.len && atomic_write_file(path.buf, both.buf, both.len) == 0) {
		a->spilled = strbuf_detach(&path, NULL);
		a->spilled_out = a->out.len;
		a->spilled_err = a->err.len;
		strbuf_release(&a->out);
		strbuf_release(&a->err);
	} else {
		/* Where no file can be made, memory it is. */
		sum->kept_bytes += size;
	}
	strbuf_release(&path);
	strbuf_release(&both);
}

void attempt_output_load(const struct attempt *ca)
{
	struct attempt *a = (struct attempt *)ca;
	struct strbuf both = STRBUF_INIT;

	if (!a->spilled || a->out.len || a->err.len)
		return;
	if (strbuf_read_file(&both, a->spilled, a->spilled_out + a->spilled_err + 1) < 0 ||
	    both.len != a->spilled_out + a->spilled_err) {
		strbuf_release(&both);
		return;
	}
	strbuf_add(&a->err, both.buf + a->spilled_out, a->spilled_err);
	strbuf_setlen(&both, a->spilled_out);
	a->out = both;
}

void attempt_output_unload(const struct attempt *ca)
{
	struct attempt *a = (struct attempt *)ca;

	if (!a->spilled)
		return;
	strbuf_release(&a->out);
	strbuf_release(&a->err);
}

void run_summary_release(struct run_summary *sum, struct test_list *list)
{
	size_t i;

	for (i = 0; i < list->cases.nr; i++)
		case_run_free(list->cases.v[i]);
	free(sum->outcomes);
	sum->outcomes = NULL;
	if (sum->spill_dir.len)
		temp_folder_remove(sum->spill_dir.buf);
	strbuf_release(&sum->spill_dir);
}

const struct case_outcome *run_outcome(const struct run_summary *sum,
				       const struct test_case *tc)
{
	const struct case_outcome *o = sum->outcomes ? &sum->outcomes[tc->index] : NULL;

	return o && o->done ? o : NULL;
}

void attempt_from_outcome(struct attempt *a, const struct case_outcome *o)
{
	memset(a, 0, sizeof(*a));
	strbuf_init(&a->out, 0);
	strbuf_init(&a->err, 0);
	a->status = (enum test_status)o->status;
	a->underlying = a->status;
	a->number = 1;
	a->duration = o->duration;
	a->slow = o->slow;
	a->leaked = o->leaked;
	a->leak_survived = o->leak_survived;
}
