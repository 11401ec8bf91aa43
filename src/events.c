#include <errno.h>
#include <string.h>
#include <time.h>

#include "events.h"
#include "fsutil.h"
#include "json.h"

void events_init(struct events *e)
{
	memset(e, 0, sizeof(*e));
}

int events_add_sink(struct events *e, const char *path)
{
	FILE *f;

	if (e->n == EVENTS_SINKS_MAX)
		BUG("too many event sinks");
	if (!strcmp(path, "-")) {
		e->sinks[e->n] = stdout;
		e->owned[e->n++] = 0;
		return 0;
	}
	f = stream_file_open(path);
	if (!f)
		return -1;
	e->sinks[e->n] = f;
	e->owned[e->n++] = 1;
	return 0;
}

int events_close(struct events *e)
{
	int i, ret = 0;

	for (i = 0; i < e->n; i++) {
		/* A write that failed earlier is lost from fclose's result. */
		int failed = ferror(e->sinks[i]);

		if (e->owned[i] && (fclose(e->sinks[i]) != 0 || failed))
			ret = failed ? error("cannot write the event stream")
				     : error_errno("cannot write the event stream");
	}
	e->n = 0;
	return ret;
}

int events_active(const struct events *e)
{
	return e && e->n > 0;
}

static void emit(struct events *e, struct strbuf *sb)
{
	int i;

	strbuf_addch(sb, '\n');
	for (i = 0; i < e->n; i++) {
		fwrite(sb->buf, 1, sb->len, e->sinks[i]);
		fflush(e->sinks[i]);
	}
	strbuf_release(sb);
}

static void begin(struct json *j, struct strbuf *sb, const char *type)
{
	json_init(j, sb);
	json_object_begin(j);
	json_key(j, "type");
	json_string(j, type);
}

static void add_test(struct json *j, const struct test_case *tc)
{
	json_key(j, "binary");
	json_string(j, tc->bin->id);
	json_key(j, "name");
	json_string(j, tc->name);
}

static void events_run_started(void *data, const struct run_start *rs)
{
	struct events *e = data;
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	if (!e->n)
		return;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	begin(&j, &sb, "run-started");
	json_key(&j, "run_id");
	json_string(&j, rs->run_id);
	json_key(&j, "profile");
	json_string(&j, rs->profile);
	json_key(&j, "timestamp");
	json_string(&j, stamp);
	json_key(&j, "test_count");
	json_uint(&j, rs->tests);
	json_key(&j, "binary_count");
	json_uint(&j, rs->binaries);
	json_key(&j, "skipped_count");
	json_uint(&j, rs->skipped);
	json_object_end(&j);
	emit(e, &sb);
}

static void events_test_started(void *data, const struct test_case *tc,
				int attempt, int total_attempts)
{
	struct events *e = data;
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	if (!e->n)
		return;
	begin(&j, &sb, "test-started");
	add_test(&j, tc);
	json_key(&j, "attempt");
	json_int(&j, attempt);
	json_key(&j, "total_attempts");
	json_int(&j, total_attempts);
	json_object_end(&j);
	emit(e, &sb);
}

static void events_tests_added(void *data, size_t n)
{
	struct events *e = data;
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	if (!e->n)
		return;
	begin(&j, &sb, "tests-added");
	json_key(&j, "count");
	json_uint(&j, n);
	json_object_end(&j);
	emit(e, &sb);
}

static void events_test_slow(void *data, const struct test_case *tc,
			     double elapsed, int terminating)
{
	struct events *e = data;
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	if (!e->n)
		return;
	begin(&j, &sb, "test-slow");
	add_test(&j, tc);
	json_key(&j, "elapsed");
	json_double(&j, elapsed);
	json_key(&j, "terminating");
	json_bool(&j, terminating);
	json_object_end(&j);
	emit(e, &sb);
}

/* The test's frames: the harness's differ with the way tare ran it. */
static void add_stack(struct json *j, const struct mc_stack *s)
{
	size_t i, n = mc_stack_trimmed(s);

	json_array_begin(j);
	for (i = 0; i < n; i++) {
		const struct mc_frame *f = &s->frames[i];

		json_object_begin(j);
		json_key(j, "fn");
		json_string(j, f->fn);
		json_key(j, "file");
		json_string(j, f->file);
		json_key(j, "dir");
		json_string(j, f->dir);
		json_key(j, "line");
		if (f->line)
			json_uint(j, f->line);
		else
			json_null(j);
		json_key(j, "obj");
		json_string(j, f->obj);
		json_object_end(j);
	}
	json_array_end(j);
}

/* Memcheck's errors as data: what the terminal explains, for programs. */
static void add_memcheck(struct json *j, const struct attempt *a)
{
	struct strbuf what = STRBUF_INIT;
	const struct mc_error *e;
	size_t i;

	json_array_begin(j);
	for (e = a->mc_errors; e; e = e->next) {
		json_object_begin(j);
		json_key(j, "kind");
		json_string(j, e->kind);
		json_key(j, "what");
		strbuf_reset(&what);
		mc_format_what(&what, e);
		json_string_n(j, what.buf, what.len);
		if (e->leak != MC_LEAK_NONE) {
			json_key(j, "leak");
			json_string(j, mc_leak_name(e->leak));
			json_key(j, "bytes");
			json_uint(j, e->bytes);
			json_key(j, "blocks");
			json_uint(j, e->blocks);
		}
		json_key(j, "pid");
		json_int(j, e->pid);
		json_key(j, "stack");
		add_stack(j, &e->stack);
		json_key(j, "aux");
		json_array_begin(j);
		for (i = 0; i < e->naux; i++) {
			json_object_begin(j);
			json_key(j, "what");
			json_string(j, e->aux[i].what);
			json_key(j, "stack");
			add_stack(j, &e->aux[i].stack);
			json_object_end(j);
		}
		json_array_end(j);
		if (e->suppression) {
			struct strbuf sup = STRBUF_INIT;

			mc_format_suppression(&sup, e->suppression, NULL, "");
			json_key(j, "suppression");
			json_string_n(j, sup.buf, sup.len);
			strbuf_release(&sup);
		}
		json_object_end(j);
	}
	json_array_end(j);
	strbuf_release(&what);
}

static void events_test_finished(void *data, const struct test_case *tc,
				 const struct attempt *a, int final)
{
	struct events *e = data;
	const struct case_run *cr = tc->run;
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	if (!e->n)
		return;
	begin(&j, &sb, "test-finished");
	add_test(&j, tc);
	json_key(&j, "attempt");
	json_int(&j, a->number);
	json_key(&j, "total_attempts");
	json_int(&j, cr->total_attempts);
	json_key(&j, "final");
	json_bool(&j, final);
	json_key(&j, "status");
	json_string(&j, attempt_status_name(a));
	json_key(&j, "duration");
	json_double(&j, a->duration);
	json_key(&j, "exit_code");
	if (a->status == ST_CRASH || a->status == ST_TIMEOUT ||
	    a->status == ST_EXEC_FAIL || a->part)
		json_null(&j);
	else
		json_int(&j, a->exit_code);
	json_key(&j, "signal");
	if (a->term_signal)
		json_string(&j, signal_name(a->term_signal));
	else
		json_null(&j);
	json_key(&j, "leaked");
	json_bool(&j, a->leaked);
	json_key(&j, "slow");
	json_bool(&j, a->slow);
	if (final) {
		json_key(&j, "flaky");
		json_bool(&j, cr->flaky);
		json_key(&j, "counted_as");
		json_string(&j, cr->failed ? "failed" : cr->skipped ? "skipped" : "passed");
	}
	if (a->start_errno) {
		json_key(&j, "error");
		json_string(&j, strerror(a->start_errno));
	}
	if (a->memcheck) {
		json_key(&j, "memcheck");
		add_memcheck(&j, a);
	}
	json_key(&j, "stdout");
	json_string_n(&j, a->out.buf, a->out.len);
	json_key(&j, "stderr");
	json_string_n(&j, a->err.buf, a->err.len);
	if (a->out_dropped || a->err_dropped) {
		/* What was cut, and where: stdout is its head, then its tail. */
		json_key(&j, "stdout_dropped");
		json_uint(&j, a->out_dropped);
		json_key(&j, "stdout_cut_at");
		json_uint(&j, a->out_cut_at);
		json_key(&j, "stderr_dropped");
		json_uint(&j, a->err_dropped);
		json_key(&j, "stderr_cut_at");
		json_uint(&j, a->err_cut_at);
	}
	json_object_end(&j);
	emit(e, &sb);
}

static int events_run_finished(void *data, const struct test_list *list,
			       const struct run_summary *sum, int exit_code)
{
	struct events *e = data;
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	(void)list;
	if (!e->n)
		return 0;
	begin(&j, &sb, "run-finished");
	json_key(&j, "duration");
	json_double(&j, sum->duration);
	json_key(&j, "run");
	json_uint(&j, sum->run);
	json_key(&j, "passed");
	json_uint(&j, sum->passed);
	json_key(&j, "failed");
	json_uint(&j, sum->failed);
	json_key(&j, "skipped");
	json_uint(&j, sum->skipped);
	json_key(&j, "not_run");
	json_uint(&j, sum->not_run);
	json_key(&j, "flaky");
	json_uint(&j, sum->flaky_passed + sum->flaky_failed);
	json_key(&j, "crashed");
	json_uint(&j, sum->crashed);
	json_key(&j, "timed_out");
	json_uint(&j, sum->timed_out);
	json_key(&j, "memcheck");
	json_uint(&j, sum->memcheck);
	json_key(&j, "interrupted");
	json_bool(&j, sum->interrupt_signal != 0);
	json_key(&j, "exit_code");
	json_int(&j, exit_code);
	json_object_end(&j);
	emit(e, &sb);
	return 0;
}

struct run_observer events_observer(struct events *e)
{
	static const struct run_observer_ops ops = {
		.run_started = events_run_started,
		.test_started = events_test_started,
		.cases_added = events_tests_added,
		.test_slow = events_test_slow,
		.attempt_done = events_test_finished,
		.run_finished = events_run_finished,
	};

	return (struct run_observer){ .ops = &ops, .data = e };
}
