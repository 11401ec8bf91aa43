/*
 * adapter_tap.c: the one-process kinds (adapter.h): TAP producers and
 * Unity. The binary runs once, with no arguments; each result it prints
 * is a case, with the output since the result before it and the
 * diagnostics after it; the process is judged as a whole the way Meson judges
 * a TAP test: a "Bail out!", a missing plan, a plan the results do not
 * match, results after a skip-everything plan, and a non-zero exit after
 * results that all passed each fail it.
 */
#include <string.h>

#include "adapter.h"
#include "cursor.h"
#include "protocol.h"
#include "tap.h"

/* ---- TAP ---- */

struct tap_state {
	case_result_fn *emit;
	void *ctx;
	/* A result waits for the YAML block that may follow it. */
	struct case_result pending;
	char number_name[32];	/* "#N" for a result without a description */
	int has_pending;
	uint64_t count, failed;
	const char *segment;	/* where the next result's output starts */
};

static void tap_flush(struct tap_state *st, const char *upto)
{
	if (!st->has_pending)
		return;
	st->pending.out_len = (size_t)(upto - st->pending.out);
	st->emit(st->ctx, &st->pending);
	st->has_pending = 0;
	st->segment = upto;
}

/* What a result line says of its test, as Meson reads the directives. */
static void tap_judge(const struct tap_line *t, struct case_result *r)
{
	r->why = NULL;
	r->why_len = 0;
	if (t->directive == TAP_SKIP) {
		r->said = 1u << RESULT_SKIP;
	} else if (t->directive == TAP_TODO) {
		/* Meson: a TODO that fails is expected, one that passes is not. */
		r->said = t->ok ? 1u << RESULT_FAIL : 1u << RESULT_SKIP;
		r->why = t->ok ? "a TODO test passed: it is no longer to do"
			       : "a TODO test failed, as expected";
		r->why_len = strlen(r->why);
		return;
	} else {
		r->said = t->ok ? 1u << RESULT_PASS : 1u << RESULT_FAIL;
	}
	if (t->reason_len) {
		r->why = t->reason;
		r->why_len = t->reason_len;
	}
}

unsigned tap_read_results(const struct case_output *o, int exit_code, int ended_early,
			  case_result_fn *emit, void *ctx, struct strbuf *why)
{
	const char *cur = o->out->buf, *end = cur + o->out->len;
	struct tap_state st = { .emit = emit, .ctx = ctx, .segment = cur };
	uint64_t plan = 0;
	int planned = 0, skip_all = 0, bailed = 0, plans = 0;
	const char *bail_reason = NULL;
	size_t bail_len = 0;
	struct tap_line t;

	while (!bailed && cur < end) {
		const char *line = cur;

		tap_next(&cur, end, &t);
		/*
		 * A YAML block (indented) or diagnostics ("# ...") after a
		 * result are the result's.
		 */
		if (t.kind == TAP_OTHER && st.has_pending && (line[0] == ' ' || line[0] == '#'))
			continue;
		tap_flush(&st, line);
		switch (t.kind) {
		case TAP_RESULT:
			st.count++;
			st.pending.out = st.segment;
			if (t.name_len) {
				st.pending.name = t.name;
				st.pending.len = t.name_len;
			} else {
				snprintf(st.number_name, sizeof(st.number_name), "#%llu",
					 (unsigned long long)(t.number ? t.number : st.count));
				st.pending.name = st.number_name;
				st.pending.len = strlen(st.number_name);
			}
			tap_judge(&t, &st.pending);
			st.failed += !t.ok && t.directive == TAP_NO_DIRECTIVE;
			st.has_pending = 1;
			break;
		case TAP_PLAN:
			plans++;
			planned = 1;
			plan = t.plan;
			skip_all = t.skip_all;
			break;
		case TAP_BAIL:
			bailed = 1;
			bail_reason = t.reason;
			bail_len = t.reason_len;
			break;
		case TAP_VERSION:
		case TAP_OTHER:
			break;
		}
	}
	tap_flush(&st, cur);
	if (ended_early) {
		/* The test after the last result was running; the plan may say there was none. */
		if (!bailed && (!planned || st.count < plan)) {
			struct case_result r = {
				.said = 1u << RESULT_FAIL, .out = cur, .out_len = 0,
				.why = "the process was killed while this test ran",
			};

			snprintf(st.number_name, sizeof(st.number_name), "#%llu",
				 (unsigned long long)st.count + 1);
			r.name = st.number_name;
			r.len = strlen(r.name);
			r.why_len = strlen(r.why);
			emit(ctx, &r);
		}
		return 0;
	}
	if (bailed) {
		strbuf_addf(why, "Bail out!%s%.*s", bail_len ? " " : "",
			    (int)(bail_len > 200 ? 200 : bail_len), bail_reason);
		return 1u << RESULT_FAIL;
	}
	if (plans > 1) {
		strbuf_addstr(why, "more than one plan line (1..N)");
		return 1u << RESULT_FAIL;
	}
	if (!planned) {
		if (!st.count && exit_code == 77)
			return 1u << RESULT_SKIP;
		strbuf_addf(why, "no plan line (1..N) after %llu result%s: the output is cut, or "
			    "the program never said how many tests it runs",
			    (unsigned long long)st.count, st.count == 1 ? "" : "s");
		return 1u << RESULT_FAIL;
	}
	if (skip_all && st.count) {
		strbuf_addf(why, "a plan of 1..0 skips every test, yet %llu result%s followed",
			    (unsigned long long)st.count, st.count == 1 ? "" : "s");
		return 1u << RESULT_FAIL;
	}
	if (skip_all)
		return 1u << RESULT_SKIP;
	if (plan != st.count) {
		strbuf_addf(why, "the plan says %llu test%s, and %llu ran",
			    (unsigned long long)plan, plan == 1 ? "" : "s",
			    (unsigned long long)st.count);
		return 1u << RESULT_FAIL;
	}
	if (exit_code && !st.failed) {
		strbuf_addf(why, "exited with status %d, yet every result passed", exit_code);
		return 1u << RESULT_FAIL;
	}
	return 1u << RESULT_PASS;
}

/* ---- Unity ---- */

/*
 * "FILE:LINE:NAME:PASS", "FILE:LINE:NAME:FAIL: message" or
 * "FILE:LINE:NAME:IGNORE[: message]". FILE may hold ':' (a drive
 * letter); the first ":DIGITS:" ends it.
 */
static int unity_result_line(const char *p, const char *end, struct case_result *r)
{
	static const struct { const char *word; enum result_kind kind; } words[] = {
		{ "PASS", RESULT_PASS }, { "FAIL", RESULT_FAIL }, { "IGNORE", RESULT_SKIP },
	};
	const char *q, *name;
	uint64_t line;
	size_t i;

	for (q = p; q < end; q++) {
		const char *d = q + 1;

		if (*q == ':' && q > p && cursor_u64(&d, end, UINT32_MAX, &line) == 0 &&
		    cursor_char(&d, end, ':') == 0) {
			q = d;
			break;
		}
	}
	if (q >= end)
		return -1;
	name = q;
	q = memchr(name, ':', (size_t)(end - name));
	if (!q || q == name)
		return -1;
	r->name = name;
	r->len = (size_t)(q - name);
	q++;
	for (i = 0; i < ARRAY_SIZE(words); i++) {
		const char *w = q;

		if (cursor_lit(&w, end, words[i].word) == 0 && (w == end || *w == ':')) {
			r->said = 1u << words[i].kind;
			r->why = NULL;
			r->why_len = 0;
			if (w < end) {
				w++;
				cursor_skip_blanks(&w, end);
				r->why = w;
				r->why_len = (size_t)(end - w);
			}
			return 0;
		}
	}
	return -1;
}

/* "N Tests N Failures N Ignored" */
static int unity_summary_line(const char *p, const char *end, uint64_t n[3])
{
	if (cursor_u64(&p, end, UINT32_MAX, &n[0]) || cursor_lit(&p, end, " Tests ") ||
	    cursor_u64(&p, end, UINT32_MAX, &n[1]) || cursor_lit(&p, end, " Failures ") ||
	    cursor_u64(&p, end, UINT32_MAX, &n[2]) || cursor_lit(&p, end, " Ignored"))
		return -1;
	cursor_skip_blanks(&p, end);
	return p == end ? 0 : -1;
}

unsigned unity_read_results(const struct case_output *o, int exit_code, int ended_early,
			    case_result_fn *emit, void *ctx, struct strbuf *why)
{
	const char *cur = o->out->buf, *end = cur + o->out->len, *segment = cur;
	uint64_t count[3] = { 0, 0, 0 }, summary[3];
	const char *last = NULL;
	size_t last_len = 0;
	int summarised = 0;

	while (cur < end) {
		const char *line = cur, *nl = memchr(cur, '\n', (size_t)(end - cur));
		const char *le = nl ? nl : end;
		struct case_result r;

		cur = nl ? nl + 1 : end;
		if (le > line && le[-1] == '\r')
			le--;
		if (unity_summary_line(line, le, summary) == 0) {
			summarised = 1;
			continue;
		}
		if (unity_result_line(line, le, &r) < 0)
			continue;
		r.out = segment;
		r.out_len = (size_t)(cur - segment);
		segment = cur;
		count[0]++;
		count[1] += r.said == 1u << RESULT_FAIL;
		count[2] += r.said == 1u << RESULT_SKIP;
		last = r.name;
		last_len = r.len;
		emit(ctx, &r);
	}
	if (ended_early) {
		if (last)
			strbuf_addf(why, "the test after '%.*s' was running",
				    (int)(last_len > 200 ? 200 : last_len), last);
		else
			strbuf_addstr(why, "the first test was running");
		return 0;
	}
	if (!summarised) {
		strbuf_addf(why, "no summary line (\"N Tests N Failures N Ignored\") after %llu "
			    "result%s: the process ended early", (unsigned long long)count[0],
			    count[0] == 1 ? "" : "s");
		return 1u << RESULT_FAIL;
	}
	if (memcmp(summary, count, sizeof(count))) {
		strbuf_addf(why, "Unity's summary says %llu tests, %llu failures, %llu ignored; "
			    "its results say %llu, %llu, %llu",
			    (unsigned long long)summary[0], (unsigned long long)summary[1],
			    (unsigned long long)summary[2], (unsigned long long)count[0],
			    (unsigned long long)count[1], (unsigned long long)count[2]);
		return 1u << RESULT_FAIL;
	}
	if (exit_code && !count[1]) {
		strbuf_addf(why, "exited with status %d, yet no test failed", exit_code);
		return 1u << RESULT_FAIL;
	}
	return 1u << RESULT_PASS;
}

static void no_args(const struct test_case *tc, const char *dir, struct strvec *args)
{
	(void)tc;
	(void)dir;
	(void)args;
}

/* cmocka and Check print TAP when asked to; other producers pass these by. */
static const char *const tap_env[] = { "CMOCKA_MESSAGE_OUTPUT=tap", "CK_TAP_LOG_FILE_NAME=-",
				       NULL };

const struct adapter tap_adapter = {
	.name = "tap",
	.run_args = no_args,
	.read_results = tap_read_results,
	.env = tap_env,
};

const struct adapter unity_adapter = {
	.name = "unity",
	.run_args = no_args,
	.read_results = unity_read_results,
};
