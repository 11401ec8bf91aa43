#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capture.h"
#include "cursor.h"
#include "fsutil.h"
#include "junit.h"
#include "memcheck.h"


static void attr(struct strbuf *sb, const char *name, const char *value)
{
	strbuf_addf(sb, " %s=\"", name);
	strbuf_add_xml_escaped(sb, value, strlen(value), 1);
	strbuf_addch(sb, '"');
}

static int is_error(const struct attempt *a)
{
	return a->status == ST_CRASH || a->status == ST_TIMEOUT ||
	       a->status == ST_EXEC_FAIL;
}

/*
 * The message a CI page shows: the status, and why; for a plain failure
 * the first line of stderr, which is where tare.h puts the assertion.
 */
static void attempt_message(struct strbuf *sb, const struct attempt *a)
{
	struct strbuf why = STRBUF_INIT;
	const char *w = attempt_explanation(a, &why);

	strbuf_addstr(sb, attempt_status_word(a));
	if (a->mc_count) {
		size_t named;

		strbuf_addstr(sb, ": ");
		named = mc_format_errors_headline(sb, a->mc_errors);
		if (a->mc_count > named)
			strbuf_addf(sb, " (and %zu more)", a->mc_count - named);
	} else if (w) {
		strbuf_addf(sb, ": %s", w);
	} else if (a->err.len) {
		const char *nl = memchr(a->err.buf, '\n', a->err.len);
		size_t n = nl ? (size_t)(nl - a->err.buf) : a->err.len;
		strbuf_addf(sb, ": %.*s", (int)(n > 300 ? 300 : n), a->err.buf);
	}
	strbuf_release(&why);
}

/* One stream, as kept: with a line saying what was cut, where it was. */
static void add_stream(struct strbuf *sb, const char *tag, const struct strbuf *kept,
		       size_t cut_at, size_t cut, const char *indent)
{
	struct strbuf text = STRBUF_INIT;

	if (!kept->len && !cut)
		return;
	capture_add_marked(&text, kept->buf, kept->len, cut_at, cut);
	strbuf_addf(sb, "%s<%s>", indent, tag);
	strbuf_add_xml_escaped(sb, text.buf, text.len, 0);
	strbuf_addf(sb, "</%s>\n", tag);
	strbuf_release(&text);
}

static void add_output(struct strbuf *sb, const struct attempt *a,
		       const char *indent)
{
	add_stream(sb, "system-out", &a->out, a->out_cut_at, a->out_dropped, indent);
	add_stream(sb, "system-err", &a->err, a->err_cut_at, a->err_dropped, indent);
}

/* <failure>, <error>, <flakyFailure>, <rerunFailure> ... */
static void add_problem(struct strbuf *sb, const char *tag,
			const struct attempt *a, int with_output, const char *root)
{
	struct strbuf msg = STRBUF_INIT;

	attempt_message(&msg, a);
	strbuf_addf(sb, "      <%s", tag);
	attr(sb, "message", msg.buf);
	attr(sb, "type", attempt_status_name(a));
	if (a->mc_count) {
		/* The errors, explained as on the terminal, are the body. */
		struct strbuf text = STRBUF_INIT;
		struct mc_style st = { root, "", "", "", "", "", 0, 0, NULL };

		mc_format_errors(&text, a->mc_errors, &st);
		strbuf_addstr(sb, ">");
		strbuf_add_xml_escaped(sb, text.buf, text.len, 0);
		if (with_output && (a->out.len || a->err.len)) {
			strbuf_addstr(sb, "\n");
			add_output(sb, a, "        ");
			strbuf_addstr(sb, "      ");
		}
		strbuf_addf(sb, "</%s>\n", tag);
		strbuf_release(&text);
	} else if (!with_output || (!a->out.len && !a->err.len)) {
		strbuf_addstr(sb, "/>\n");
	} else {
		strbuf_addstr(sb, ">\n");
		add_output(sb, a, "        ");
		strbuf_addf(sb, "      </%s>\n", tag);
	}
	strbuf_release(&msg);
}

static void property(struct strbuf *sb, size_t n, const char *key, const char *value)
{
	struct strbuf name = STRBUF_INIT;

	strbuf_addf(&name, "memcheck.%zu.%s", n, key);
	strbuf_addstr(sb, "        <property");
	attr(sb, "name", name.buf);
	attr(sb, "value", value);
	strbuf_addstr(sb, "/>\n");
	strbuf_release(&name);
}

/*
 * Memcheck's errors as data, for tools that read more than the message:
 * memcheck.N.kind, .what, .frame (repeated, the test's part of the
 * stack), and for leaks .leak, .bytes and .blocks. JUnit has no element
 * for this; <properties> in a <testcase> is what pytest writes and the
 * readers that do not know it skip.
 */
static void add_memcheck_properties(struct strbuf *sb, const struct attempt *a,
				    const char *root)
{
	struct strbuf v = STRBUF_INIT;
	const struct mc_error **ordered;
	size_t n, i, count;

	ordered = mc_errors_ordered(a->mc_errors, &count);
	strbuf_addstr(sb, "      <properties>\n");
	for (n = 1; n <= count; n++) {
		const struct mc_error *e = ordered[n - 1];
		size_t shown = mc_stack_shown(&e->stack, 0);

		property(sb, n, "kind", e->kind ? e->kind : "");
		strbuf_reset(&v);
		mc_format_what(&v, e);
		property(sb, n, "what", v.buf);
		for (i = 0; i < shown; i++) {
			strbuf_reset(&v);
			mc_format_frame(&v, &e->stack.frames[i], root);
			property(sb, n, "frame", v.buf);
		}
		if (e->leak != MC_LEAK_NONE) {
			property(sb, n, "leak", mc_leak_name(e->leak));
			strbuf_reset(&v);
			strbuf_addf(&v, "%llu", e->bytes);
			property(sb, n, "bytes", v.buf);
			strbuf_reset(&v);
			strbuf_addf(&v, "%llu", e->blocks);
			property(sb, n, "blocks", v.buf);
		}
	}
	strbuf_addstr(sb, "      </properties>\n");
	strbuf_release(&v);
	free(ordered);
}

/* The time of every attempt of a case. */
static double case_time(const struct test_case *tc, const struct case_outcome *o)
{
	const struct case_run *cr = tc->run;
	double total = 0;
	size_t k;

	if (!cr || !cr->attempts.nr)
		return o->duration;	/* it ran once */
	for (k = 0; k < cr->attempts.nr; k++)
		total += cr->attempts.v[k]->duration;
	return total;
}

static void add_testcase(struct strbuf *sb, const struct test_case *tc,
			 const struct case_outcome *o, const char *root)
{
	const struct case_run *cr = tc->run;
	const struct attempt *last;
	size_t k, mark;
	int store;

	strbuf_addstr(sb, "    <testcase");
	attr(sb, "name", tc->name);
	attr(sb, "classname", tc->bin->id);
	strbuf_addf(sb, " time=\"%.3f\"", case_time(tc, o));
	if (!cr || !cr->attempts.nr) {
		/* Kept as its outcome alone: a pass or a skip. */
		strbuf_addstr(sb, o->status == ST_SKIP ? ">\n      <skipped/>\n    </testcase>\n"
						       : "/>\n");
		return;
	}
	last = cr->attempts.v[cr->attempts.nr - 1];
	for (k = 0; k < cr->attempts.nr; k++)
		attempt_output_load(cr->attempts.v[k]);
	mark = sb->len;
	strbuf_addstr(sb, ">\n");
	if (last->mc_count)
		add_memcheck_properties(sb, last, root);
	if (last->status == ST_SKIP) {
		strbuf_addstr(sb, "      <skipped/>\n");
	} else if (attempt_failed(last)) {
		/* The final attempt's output goes in the testcase itself. */
		add_problem(sb, is_error(last) ? "error" : "failure", last, 0, root);
	} else if (cr->flaky && cr->failed) {
		strbuf_addf(sb, "      <failure message=\"flaky: passed on attempt %d of %d\" type=\"flaky\"/>\n",
			    last->number, cr->total_attempts);
	}
	/* Earlier attempts: flaky ones if the test passed, reruns if not. */
	for (k = 0; k + 1 < cr->attempts.nr; k++) {
		const struct attempt *a = cr->attempts.v[k];
		const char *tag = cr->flaky ? (is_error(a) ? "flakyError" : "flakyFailure")
					    : (is_error(a) ? "rerunError" : "rerunFailure");
		add_problem(sb, tag, a, cr->s.junit_store_failure, root);
	}
	store = attempt_failed(last) || (cr->flaky && cr->failed)
		? cr->s.junit_store_failure : cr->s.junit_store_success;
	if (store && last->status != ST_SKIP)
		add_output(sb, last, "      ");
	for (k = 0; k < cr->attempts.nr; k++)
		attempt_output_unload(cr->attempts.v[k]);
	if (sb->len == mark + 2) {
		/* Nothing inside: a passing test. */
		strbuf_setlen(sb, mark);
		strbuf_addstr(sb, "/>\n");
		return;
	}
	strbuf_addstr(sb, "    </testcase>\n");
}

/* A suite's or the whole run's counts. */
struct junit_counts {
	size_t tests, fail, err, skip;
	double time;
};

/* The counts of one binary's cases (NULL: every binary's). */
static void count_cases(struct junit_counts *n, const struct test_list *list,
			const struct run_summary *sum, const struct binary *bin)
{
	size_t i;

	memset(n, 0, sizeof(*n));
	for (i = 0; i < list->cases.nr; i++) {
		const struct test_case *tc = list->cases.v[i];
		const struct case_outcome *o = run_outcome(sum, tc);
		struct attempt last;

		if ((bin && tc->bin != bin) || !o)
			continue;
		attempt_from_outcome(&last, o);
		n->tests++;
		if (last.status == ST_SKIP)
			n->skip++;
		else if (attempt_failed(&last))
			is_error(&last) ? n->err++ : n->fail++;
		else if (o->failed)
			n->fail++;
		n->time += case_time(tc, o);
	}
}

/*
 * Counted first, written a test case at a time: the report takes the
 * memory of one test's output, however many ran.
 */
static int junit_write(const char *path, const struct test_list *list,
		       const struct run_summary *sum, const char *run_id,
		       const char *project_root)
{
	struct strbuf sb = STRBUF_INIT;
	struct atomic_file af;
	struct junit_counts all, n;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	size_t b, i;
	FILE *f;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	f = atomic_file_open(&af, path);
	if (!f)
		return -1;
	count_cases(&all, list, sum, NULL);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, "<testsuites name=\"tare-run\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\" timestamp=\"%s\" uuid=\"%s\">\n",
		all.tests, all.fail, all.err, all.skip, sum->duration, stamp, run_id);
	for (b = 0; b < list->binaries.nr; b++) {
		const struct binary *bin = list->binaries.v[b];

		count_cases(&n, list, sum, bin);
		if (!n.tests)
			continue;
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "  <testsuite");
		attr(&sb, "name", bin->id);
		strbuf_addf(&sb, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\" timestamp=\"%s\">\n",
			    n.tests, n.fail, n.err, n.skip, n.time, stamp);
		fwrite(sb.buf, 1, sb.len, f);
		for (i = 0; i < list->cases.nr; i++) {
			const struct test_case *tc = list->cases.v[i];
			const struct case_outcome *o = run_outcome(sum, tc);

			if (tc->bin != bin || !o)
				continue;
			strbuf_reset(&sb);
			add_testcase(&sb, tc, o, project_root);
			fwrite(sb.buf, 1, sb.len, f);
		}
		fprintf(f, "  </testsuite>\n");
	}
	fprintf(f, "</testsuites>\n");
	strbuf_release(&sb);
	return atomic_file_commit(&af);
}

static int junit_run_finished(void *data, const struct test_list *list,
			      const struct run_summary *sum, int exit_code)
{
	const struct junit *j = data;

	(void)exit_code;
	return junit_write(j->path, list, sum, j->run_id, j->root);
}

/* Failures and retries are shown with their attempts; passes if their output is stored. */
static int junit_keeps_case(void *data, const struct case_run *cr)
{
	const struct attempt *last = cr->attempts.v[cr->attempts.nr - 1];

	(void)data;
	if (cr->failed || cr->attempts.nr > 1)
		return 1;
	return last->status != ST_SKIP && cr->s.junit_store_success;
}

/* As add_testcase() decides: a failure's output by store-failure, a pass's by store-success. */
static int junit_keeps_output(void *data, const struct case_run *cr,
			      const struct attempt *a)
{
	int last = a == cr->attempts.v[cr->attempts.nr - 1];
	int failed = attempt_failed(a) || (last && cr->flaky && cr->failed);

	(void)data;
	return a->status != ST_SKIP &&
	       (failed ? cr->s.junit_store_failure : cr->s.junit_store_success);
}

struct run_observer junit_observer(struct junit *j)
{
	static const struct run_observer_ops ops = {
		.run_finished = junit_run_finished,
		.keeps_case = junit_keeps_case,
		.keeps_output = junit_keeps_output,
	};

	return (struct run_observer){ .ops = &ops, .data = j };
}
