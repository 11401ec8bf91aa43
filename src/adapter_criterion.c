/*
 * adapter_criterion.c: Criterion binaries (adapter.h).
 *
 *     BIN --list                 in ASCII (--ascii, or a non-UTF-8 locale):
 *     misc: 3 tests              misc: 3 tests
 *     ├── fails                  |-- fails
 *     ├── off (skipped)          |-- off (skipped)
 *     └── passes                 `-- passes
 *
 * A case is SUITE/NAME, run alone with --filter SUITE/NAME; a disabled
 * test is listed "(skipped)" and is ignored. Criterion runs the test in a
 * worker process of its own and says how it ended in its TAP report
 * (--tap=/dev/fd/3, the result channel): the worker's exit status does not
 * reach the runner's, and
 * under Valgrind the worker is followed (--trace-children) for its errors.
 */
#include <string.h>

#include "adapter.h"
#include "cursor.h"
#include "protocol.h"
#include "tap.h"

/* The result channel, descriptor 3 in the child: no file per case (adapter_gtest.c). */
#define CRITERION_REPORT "/dev/fd/3"

static const char *const tree_marks[] = {
	"\xe2\x94\x9c\xe2\x94\x80\xe2\x94\x80 ",	/* "├── " */
	"\xe2\x94\x94\xe2\x94\x80\xe2\x94\x80 ",	/* "└── " */
	"|-- ",
	"`-- ",
};

/* "SUITE: N test" or "SUITE: N tests"; advances only on success. */
static int parse_suite_line(const char *p, const char *le, const char **suite,
			    size_t *suite_len, uint64_t *count)
{
	const char *colon = NULL, *q;
	uint64_t n;

	for (q = p; q + 1 < le; q++)
		if (q[0] == ':' && q[1] == ' ')
			colon = q;
	if (!colon || colon == p)
		return -1;
	q = colon + 2;
	if (cursor_u64(&q, le, UINT32_MAX, &n) ||
	    (cursor_lit(&q, le, " tests") && cursor_lit(&q, le, " test")) || q != le)
		return -1;
	*suite = p;
	*suite_len = (size_t)(colon - p);
	*count = n;
	return 0;
}

static int tree_mark(const char *p, const char *le)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tree_marks); i++) {
		size_t n = strlen(tree_marks[i]);

		if ((size_t)(le - p) >= n && !memcmp(p, tree_marks[i], n))
			return (int)n;
	}
	return 0;
}

static int check_name(const char *p, size_t len, struct strbuf *err)
{
	if (!len) {
		strbuf_addstr(err, "a test with no name");
		return -1;
	}
	return case_name_check(p, len, err);
}

int criterion_parse_list(const char *buf, size_t len, list_emit_fn *emit, void *ctx,
			 size_t *bad_line, struct strbuf *err)
{
	const char *cur = buf, *end = buf + len, *suite = NULL;
	size_t suite_len = 0, line = 0, suite_line = 0;
	uint64_t expected = 0, seen = 0;
	int ret = 0;

	while (cur < end && !ret) {
		const char *nl = memchr(cur, '\n', (size_t)(end - cur));
		const char *le = nl ? nl : end, *p = cur;
		const char *s;
		size_t sl;
		uint64_t count;
		int mark;

		line++;
		cur = nl ? nl + 1 : end;
		if (le > p && le[-1] == '\r')
			le--;
		mark = tree_mark(p, le);
		if (mark) {
			unsigned ignored = 0;
			size_t n;

			p += mark;
			n = (size_t)(le - p);
			if (n >= 10 && !memcmp(le - 10, " (skipped)", 10)) {
				ignored = 1;
				n -= 10;
			}
			if (!suite) {
				strbuf_addstr(err, "a test before any \"SUITE: N tests\" line");
				ret = -1;
			} else if (++seen > expected) {
				strbuf_addf(err, "suite '%.*s' said %llu tests and lists more",
					    (int)suite_len, suite, (unsigned long long)expected);
				ret = -1;
			} else if (check_name(p, n, err) < 0) {
				ret = -1;
			} else {
				ret = list_emit_joined(emit, ctx, suite, suite_len, "/", p, n,
						       ignored, err);
			}
			continue;
		}
		if (parse_suite_line(p, le, &s, &sl, &count) < 0)
			continue;	/* the program's own talk */
		if (suite && seen != expected) {
			line = suite_line;
			strbuf_addf(err, "suite '%.*s' said %llu tests and lists %llu",
				    (int)suite_len, suite, (unsigned long long)expected,
				    (unsigned long long)seen);
			ret = -1;
			break;
		}
		if (check_name(s, sl, err) < 0) {
			ret = -1;
			break;
		}
		suite = s;
		suite_len = sl;
		suite_line = line;
		expected = count;
		seen = 0;
	}
	if (!ret && suite && seen != expected) {
		line = suite_line;
		strbuf_addf(err, "suite '%.*s' said %llu tests and lists %llu",
			    (int)suite_len, suite, (unsigned long long)expected,
			    (unsigned long long)seen);
		ret = -1;
	}
	if (ret < 0)
		*bad_line = line;
	return ret;
}

static void criterion_run_args(const struct test_case *tc, const char *dir,
			       struct strvec *args)
{
	strvec_push(args, "--filter");
	strvec_push(args, case_local_name(tc));
	(void)dir;
	strvec_push(args, "--tap=" CRITERION_REPORT);
}

/* TAP names the case SUITE::NAME. */
static int tap_names(const struct tap_line *t, const char *name)
{
	const char *slash = strchr(name, '/');
	size_t sl, nl;

	if (!slash)
		return 0;
	sl = (size_t)(slash - name);
	nl = strlen(slash + 1);
	return t->name_len >= sl + 2 + nl && !memcmp(t->name, name, sl) &&
	       !memcmp(t->name + sl, "::", 2) && !memcmp(t->name + sl + 2, slash + 1, nl) &&
	       (t->name_len == sl + 2 + nl || cursor_is_blank((unsigned char)t->name[sl + 2 + nl]));
}

static unsigned criterion_said(const struct test_case *tc, const struct case_output *o,
			       struct strbuf *why)
{
	const char *cur = o->result->buf, *end = cur + o->result->len;
	struct tap_line t;
	unsigned said = 0;

	if (!o->result->len) {
		strbuf_addstr(why, "Criterion wrote no report: the process ended before it could");
		return 0;
	}
	while (tap_next(&cur, end, &t)) {
		const char *rest;
		size_t rn, sl = strchr(case_local_name(tc), '/') ? strlen(case_local_name(tc)) + 1 : 0;

		if (t.kind != TAP_RESULT || !tap_names(&t, case_local_name(tc)))
			continue;
		if (t.ok)
			said = t.directive == TAP_SKIP ? 1u << RESULT_SKIP : 1u << RESULT_PASS;
		else
			said = 1u << RESULT_FAIL;
		/* What follows the name: "unexpected signal after FILE:LINE", "timed out". */
		rest = t.name + sl;
		rn = t.name_len > sl ? t.name_len - sl : 0;
		cursor_skip_blanks(&rest, rest + rn);
		rn = (size_t)(t.name + t.name_len - rest);
		if (!t.ok && rn && *rest != '(')
			strbuf_addf(why, "Criterion says: %.*s", (int)(rn > 200 ? 200 : rn), rest);
		break;
	}
	if (!said)
		strbuf_addf(why, "--filter %s ran no test", case_local_name(tc));
	return said;
}

/* Test(suite, name) defines the function suite_name_impl. */
static void criterion_toggle_symbol(struct strbuf *fn, const struct test_case *tc)
{
	const char *slash = strchr(case_local_name(tc), '/');

	if (slash)
		strbuf_addf(fn, "%.*s_%s_impl", (int)(slash - case_local_name(tc)), case_local_name(tc), slash + 1);
}

const struct adapter criterion_adapter = {
	.name = "criterion",
	.list_args = (const char *const[]){ "--list", NULL },
	.parse_list = criterion_parse_list,
	.strict = 1,
	.forks_worker = 1,
	.run_args = criterion_run_args,
	.said = criterion_said,
	.toggle_symbol = criterion_toggle_symbol,
};
