/*
 * adapter_gtest.c: GoogleTest binaries (adapter.h).
 *
 *     BIN --gtest_list_tests
 *     Suite.
 *       Name
 *     Prefix/Typed/0.  # TypeParam = int
 *       Name/1  # GetParam() = 4
 *
 * A case is SUITE.NAME, run alone with --gtest_filter=SUITE.NAME. A
 * skipped test exits 0 as a passing one does, so the outcome is read from
 * the JSON report, which also tells a filter that matched nothing, or a
 * test that called exit(), from a pass. GoogleTest writes it to
 * /dev/fd/3, the result channel tare reads anyway: no file to make and
 * remove for each case (on a file system mounted with discard, removing
 * one costs more than running the test).
 */
#include <string.h>

#include "adapter.h"
#include "cursor.h"
#include "json.h"
#include "protocol.h"

/* The result channel (protocol.h), which the child has as descriptor 3. */
#define GTEST_REPORT "/dev/fd/3"

/* The line's text before GoogleTest's "  # TypeParam = ..." comment, trimmed. */
static size_t strip_comment(const char *p, size_t len)
{
	const char *hash = memmem(p, len, "  #", 3);

	if (hash)
		len = (size_t)(hash - p);
	while (len && cursor_is_space((unsigned char)p[len - 1]))
		len--;
	return len;
}

/* GoogleTest skips a suite or test whose name starts "DISABLED_" or has "/DISABLED_". */
static int is_disabled(const char *p, size_t len)
{
	return (len >= 9 && !memcmp(p, "DISABLED_", 9)) || memmem(p, len, "/DISABLED_", 10);
}

int gtest_parse_list(const char *buf, size_t len, list_emit_fn *emit, void *ctx,
		     size_t *bad_line, struct strbuf *err)
{
	const char *cur = buf, *end = buf + len;
	const char *suite = NULL;
	size_t suite_len = 0, line = 0;
	int suite_disabled = 0, ret = 0;

	while (cur < end && !ret) {
		const char *nl = memchr(cur, '\n', (size_t)(end - cur));
		const char *le = nl ? nl : end, *p = cur;
		size_t n;

		line++;
		cur = nl ? nl + 1 : end;
		if (le > p && le[-1] == '\r')
			le--;
		if (le - p >= 2 && p[0] == ' ' && p[1] == ' ') {
			p += 2;
			n = strip_comment(p, (size_t)(le - p));
			if (!suite) {
				strbuf_addstr(err, "a test before any suite line (\"Suite.\")");
				ret = -1;
			} else if (!n || cursor_is_space((unsigned char)*p)) {
				strbuf_addstr(err, "expected a test name indented by two spaces");
				ret = -1;
			} else {
				ret = list_emit_joined(emit, ctx, suite, suite_len, ".", p, n,
						       suite_disabled || is_disabled(p, n), err);
			}
			continue;
		}
		/*
		 * A suite line ends in '.'; anything else unindented is the
		 * program's own talk (gtest_main's "Running main() from ...").
		 */
		n = strip_comment(p, (size_t)(le - p));
		if (n >= 2 && p[n - 1] == '.' && !memchr(p, ' ', n)) {
			suite = p;
			suite_len = n - 1;
			suite_disabled = is_disabled(p, suite_len);
		}
	}
	if (ret < 0)
		*bad_line = line;
	return ret;
}

static void gtest_run_args(const struct test_case *tc, const char *dir, struct strvec *args)
{
	strvec_pushf(args, "--gtest_filter=%s", case_local_name(tc));
	/* tare times the test; GoogleTest's times would only differ run to run. */
	strvec_push(args, "--gtest_print_time=0");
	(void)dir;
	strvec_push(args, "--gtest_output=json:" GTEST_REPORT);
	if (tc->ignored)
		strvec_push(args, "--gtest_also_run_disabled_tests");
}

/* The report's entry of the case SUITE.NAME, or NULL. */
static const struct json_value *find_test(const struct json_value *root, const char *name)
{
	const struct json_value *suites = json_get(root, "testsuites");
	size_t i, k;

	if (!suites || suites->type != JSON_ARRAY)
		return NULL;
	for (i = 0; i < suites->nr; i++) {
		const char *sname = json_get_string(suites->items[i], "name", NULL);
		const struct json_value *tests = json_get(suites->items[i], "testsuite");
		size_t sl;

		if (!sname || !tests || tests->type != JSON_ARRAY)
			continue;
		sl = strlen(sname);
		if (strncmp(name, sname, sl) || name[sl] != '.')
			continue;
		for (k = 0; k < tests->nr; k++) {
			const char *tname = json_get_string(tests->items[k], "name", NULL);

			if (tname && !strcmp(name + sl + 1, tname))
				return tests->items[k];
		}
	}
	return NULL;
}

static unsigned gtest_said(const struct test_case *tc, const struct case_output *o,
			   struct strbuf *why)
{
	struct json_doc doc = JSON_DOC_INIT;
	const struct json_value *t, *failures;
	const char *result, *status;
	unsigned said = 0;

	if (!o->result->len) {
		strbuf_addstr(why, "GoogleTest wrote no report: the test ended the process "
			      "(exit(), abort()) before GoogleTest could");
		goto out;
	}
	if (json_parse(&doc, o->result->buf, o->result->len, "report", NULL) < 0) {
		strbuf_addstr(why, "GoogleTest's report is not JSON");
		goto out;
	}
	t = find_test(doc.root, case_local_name(tc));
	if (!t) {
		strbuf_addf(why, "--gtest_filter=%s ran no test", case_local_name(tc));
		goto out;
	}
	result = json_get_string(t, "result", "");
	status = json_get_string(t, "status", "");
	failures = json_get(t, "failures");
	if (failures && failures->type == JSON_ARRAY && failures->nr)
		said = 1u << RESULT_FAIL;
	else if (!strcmp(result, "SKIPPED"))
		said = 1u << RESULT_SKIP;
	else if (!strcmp(status, "RUN") && !strcmp(result, "COMPLETED"))
		said = 1u << RESULT_PASS;
	else
		strbuf_addf(why, "GoogleTest did not run it (status %s, result %s)",
			    status, result);
out:
	json_doc_release(&doc);
	return said;
}

/*
 * The part of a suite's or test's name in its class name: "Prefix/Suite/0",
 * "Prefix/Suite" and "Suite/0" are all Suite's; "Name/1" is Name's.
 */
static void base_part(const char **p, size_t *n)
{
	const char *s = *p, *slash;
	size_t len = *n, i = len;

	while (i && cursor_is_digit((unsigned char)s[i - 1]))
		i--;
	if (i < len && i && s[i - 1] == '/')
		len = i - 1;
	slash = memrchr(s, '/', len);
	if (slash) {
		len -= (size_t)(slash + 1 - s);
		s = slash + 1;
	}
	*p = s;
	*n = len;
}

void gtest_class_name(struct strbuf *sb, const char *case_name)
{
	const char *dot = strchr(case_name, '.');
	const char *suite = case_name, *name;
	size_t sn, nn;

	if (!dot) {
		strbuf_addstr(sb, case_name);
		return;
	}
	sn = (size_t)(dot - case_name);
	name = dot + 1;
	nn = strlen(name);
	base_part(&suite, &sn);
	base_part(&name, &nn);
	strbuf_addf(sb, "%.*s_%.*s_Test", (int)sn, suite, (int)nn, name);
}

/* A case's body is its class's TestBody(), templates' instances included. */
static void gtest_toggle_symbol(struct strbuf *fn, const struct test_case *tc)
{
	strbuf_addch(fn, '*');
	gtest_class_name(fn, case_local_name(tc));
	strbuf_addstr(fn, "*::TestBody()");
}

const struct adapter gtest_adapter = {
	.name = "gtest",
	.list_args = (const char *const[]){ "--gtest_list_tests", NULL },
	.parse_list = gtest_parse_list,
	.strict = 1,
	.run_args = gtest_run_args,
	.said = gtest_said,
	.toggle_symbol = gtest_toggle_symbol,
};
