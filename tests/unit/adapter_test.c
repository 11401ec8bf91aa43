/* The adapters' parsers: GoogleTest's and Criterion's lists, TAP, detection. */
#include <string.h>

#include "tare.h"

#include "adapter.h"
#include "protocol.h"
#include "tap.h"

struct listed {
	struct strvec names;
	size_t ignored;
};

static int collect(void *ctx, const struct list_entry *e, struct strbuf *err)
{
	struct listed *l = ctx;
	char *s = xstrndup(e->name, e->len);

	(void)err;
	strvec_push(&l->names, s);
	free(s);
	l->ignored += e->ignored;
	return 0;
}

static int parse(list_parse_fn *fn, const char *text, struct listed *l, size_t *line,
		 struct strbuf *err)
{
	strvec_init(&l->names);
	l->ignored = 0;
	strbuf_reset(err);
	return fn(text, strlen(text), collect, l, line, err);
}

TARE_TEST(gtest_list_names_typed_and_parameterised_cases)
{
	static const char text[] =
		"Running main() from gtest_main.cc\n"
		"Math.\n"
		"  Adds\n"
		"  DISABLED_Off\n"
		"Sized/0.  # TypeParam = int\n"
		"  HasSize\n"
		"Numbers/Even.\r\n"
		"  IsEven/1  # GetParam() = 3\r\n"
		"DISABLED_Broken.\n"
		"  Any\n"
		"Prefix/DISABLED_Typed/0.  # TypeParam = char\n"
		"  Works\n";
	struct strbuf err = STRBUF_INIT;
	struct listed l;
	size_t line = 0;

	TARE_ASSERT_EQ(parse(gtest_parse_list, text, &l, &line, &err), 0);
	TARE_ASSERT_EQ(l.names.nr, 6);
	TARE_ASSERT_STREQ(l.names.v[0], "Math.Adds");
	TARE_ASSERT_STREQ(l.names.v[1], "Math.DISABLED_Off");
	TARE_ASSERT_STREQ(l.names.v[2], "Sized/0.HasSize");
	TARE_ASSERT_STREQ(l.names.v[3], "Numbers/Even.IsEven/1");
	TARE_ASSERT_STREQ(l.names.v[4], "DISABLED_Broken.Any");
	TARE_ASSERT_STREQ(l.names.v[5], "Prefix/DISABLED_Typed/0.Works");
	TARE_ASSERT_EQ(l.ignored, 3);
	strvec_clear(&l.names);

	TARE_ASSERT_EQ(parse(gtest_parse_list, "Math.\n  Adds\n  \n", &l, &line, &err), -1);
	TARE_ASSERT_EQ(line, 3);
	strvec_clear(&l.names);
	TARE_ASSERT_EQ(parse(gtest_parse_list, "  Orphan\n", &l, &line, &err), -1);
	TARE_ASSERT_EQ(line, 1);
	TARE_ASSERT(strstr(err.buf, "before any suite") != NULL);
	strvec_clear(&l.names);
	TARE_ASSERT_EQ(parse(gtest_parse_list, "S.\n  a\x01" "b\n", &l, &line, &err), -1);
	TARE_ASSERT(strstr(err.buf, "control character 0x01") != NULL);
	strvec_clear(&l.names);
	strbuf_release(&err);
}

TARE_TEST(gtest_class_names_drop_instances)
{
	static const struct { const char *name, *cls; } cases[] = {
		{ "Math.Adds", "Math_Adds_Test" },
		{ "Numbers/Even.IsEven/1", "Even_IsEven_Test" },
		{ "Sized/0.HasSize", "Sized_HasSize_Test" },
		{ "Prefix/Typed/3.Works", "Typed_Works_Test" },
		{ "nodot", "nodot" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;

		gtest_class_name(&sb, cases[i].name);
		TARE_ASSERT_STREQ(sb.buf, cases[i].cls);
		strbuf_release(&sb);
	}
}

TARE_TEST(criterion_list_reads_both_tree_styles)
{
	static const char utf8[] =
		"misc: 3 tests\n"
		"\xe2\x94\x9c\xe2\x94\x80\xe2\x94\x80 fails\n"
		"\xe2\x94\x9c\xe2\x94\x80\xe2\x94\x80 off (skipped)\n"
		"\xe2\x94\x94\xe2\x94\x80\xe2\x94\x80 passes\n"
		"one: 1 test\n"
		"\xe2\x94\x94\xe2\x94\x80\xe2\x94\x80 alone\n";
	static const char ascii[] = "misc: 2 tests\n|-- fails\n`-- off (skipped)\n";
	struct strbuf err = STRBUF_INIT;
	struct listed l;
	size_t line = 0;

	TARE_ASSERT_EQ(parse(criterion_parse_list, utf8, &l, &line, &err), 0);
	TARE_ASSERT_EQ(l.names.nr, 4);
	TARE_ASSERT_STREQ(l.names.v[0], "misc/fails");
	TARE_ASSERT_STREQ(l.names.v[1], "misc/off");
	TARE_ASSERT_STREQ(l.names.v[3], "one/alone");
	TARE_ASSERT_EQ(l.ignored, 1);
	strvec_clear(&l.names);
	TARE_ASSERT_EQ(parse(criterion_parse_list, ascii, &l, &line, &err), 0);
	TARE_ASSERT_EQ(l.names.nr, 2);
	TARE_ASSERT_EQ(l.ignored, 1);
	strvec_clear(&l.names);

	/* A cut list: the suite said more than it lists. */
	TARE_ASSERT_EQ(parse(criterion_parse_list, "misc: 3 tests\n|-- a\nnext: 1 test\n`-- b\n",
			     &l, &line, &err), -1);
	TARE_ASSERT_EQ(line, 1);
	TARE_ASSERT_STREQ(err.buf, "suite 'misc' said 3 tests and lists 1");
	strvec_clear(&l.names);
	TARE_ASSERT_EQ(parse(criterion_parse_list, "`-- a\n", &l, &line, &err), -1);
	TARE_ASSERT_EQ(line, 1);
	strvec_clear(&l.names);
	TARE_ASSERT_EQ(parse(criterion_parse_list, "s: 1 test\n|-- \n", &l, &line, &err), -1);
	TARE_ASSERT_EQ(line, 2);
	strvec_clear(&l.names);
	strbuf_release(&err);
}

static void tap(const char *line, struct tap_line *t)
{
	tap_line_parse(line, strlen(line), t);
}

TARE_TEST(tap_lines_of_every_kind)
{
	struct tap_line t;

	tap("TAP version 14", &t);
	TARE_ASSERT_EQ(t.kind, TAP_VERSION);
	TARE_ASSERT_EQ(t.version, 14);
	tap("1..4", &t);
	TARE_ASSERT_EQ(t.kind, TAP_PLAN);
	TARE_ASSERT_EQ(t.plan, 4);
	TARE_ASSERT_EQ(t.skip_all, 0);
	tap("1..0 # SKIP no network", &t);
	TARE_ASSERT_EQ(t.kind, TAP_PLAN);
	TARE_ASSERT_EQ(t.skip_all, 1);
	TARE_ASSERT_EQ(t.reason_len, 10);
	tap("ok 1 - parses # SKIP not here ", &t);
	TARE_ASSERT_EQ(t.kind, TAP_RESULT);
	TARE_ASSERT_EQ(t.ok, 1);
	TARE_ASSERT_EQ(t.number, 1);
	TARE_ASSERT_EQ(t.name_len, 6);
	TARE_ASSERT_EQ(memcmp(t.name, "parses", 6), 0);
	TARE_ASSERT_EQ(t.directive, TAP_SKIP);
	TARE_ASSERT_EQ(t.reason_len, 8);
	tap("not ok 22 a \\# b # todo later", &t);
	TARE_ASSERT_EQ(t.ok, 0);
	TARE_ASSERT_EQ(t.number, 22);
	TARE_ASSERT_EQ(t.name_len, 6);
	TARE_ASSERT_EQ(t.directive, TAP_TODO);
	tap("ok - misc::skips  # SKIP not today", &t);
	TARE_ASSERT_EQ(t.number, 0);
	TARE_ASSERT_EQ(t.name_len, 11);
	tap("ok", &t);
	TARE_ASSERT_EQ(t.kind, TAP_RESULT);
	TARE_ASSERT_EQ(t.name_len, 0);
	tap("Bail out! disk full", &t);
	TARE_ASSERT_EQ(t.kind, TAP_BAIL);
	TARE_ASSERT_EQ(t.reason_len, 9);
	/* Not TAP: words that start like it, indented lines, huge numbers. */
	tap("okay then", &t);
	TARE_ASSERT_EQ(t.kind, TAP_OTHER);
	tap("    ok 1 - subtest", &t);
	TARE_ASSERT_EQ(t.kind, TAP_OTHER);
	tap("ok 999999999999 - big", &t);
	TARE_ASSERT_EQ(t.kind, TAP_OTHER);
	tap("1..x", &t);
	TARE_ASSERT_EQ(t.kind, TAP_OTHER);
	tap("2..4", &t);
	TARE_ASSERT_EQ(t.kind, TAP_OTHER);
}

TARE_TEST(kinds_are_detected_from_the_file)
{
	static const char tare_h[] = "\0\0TARE_RESULT_FD\0--list\0";
	static const char gtest[] = "xx gtest_list_tests yy";
	static const char criterion[] = "criterion_internal_test_main";
	static const char harness[] = "#!/bin/sh\ncase $1 in --list) ;; esac\n";
	static const char plain[] = "#!/bin/sh\nexit 0\n";

	TARE_ASSERT_EQ(adapter_detect_buffer(tare_h, sizeof(tare_h)), KIND_TARE);
	TARE_ASSERT_EQ(adapter_detect_buffer(gtest, sizeof(gtest)), KIND_GTEST);
	TARE_ASSERT_EQ(adapter_detect_buffer(criterion, sizeof(criterion)), KIND_CRITERION);
	TARE_ASSERT_EQ(adapter_detect_buffer(harness, sizeof(harness)), KIND_TARE);
	TARE_ASSERT_EQ(adapter_detect_buffer(plain, sizeof(plain)), KIND_PLAIN);
	TARE_ASSERT_EQ(adapter_detect_buffer("", 0), KIND_PLAIN);
	/* A cut ELF header is read as bytes, not trusted. */
	TARE_ASSERT_EQ(adapter_detect_buffer("\x7f" "ELF\x02", 5), KIND_PLAIN);
	TARE_ASSERT_EQ(adapter_detect("/nonexistent/binary"), KIND_PLAIN);
}

struct results {
	struct strvec names;
	char said[16];		/* 'p', 'f' or 's' per result */
	size_t n;
};

static void take(void *ctx, const struct case_result *r)
{
	struct results *rs = ctx;
	char *s = xstrndup(r->name, r->len);

	strvec_push(&rs->names, s);
	free(s);
	if (rs->n + 1 < sizeof(rs->said))
		rs->said[rs->n++] = r->said == 1u << RESULT_PASS ? 'p' :
				    r->said == 1u << RESULT_FAIL ? 'f' : 's';
}

static unsigned read_results(unsigned (*fn)(const struct case_output *, int, int,
					   case_result_fn *, void *, struct strbuf *),
			     const char *text, int exit_code, int early, struct results *rs,
			     struct strbuf *why)
{
	struct strbuf out = STRBUF_INIT, empty = STRBUF_INIT;
	struct case_output o = { &out, &empty, &empty, NULL };
	unsigned said;

	memset(rs, 0, sizeof(*rs));
	strvec_init(&rs->names);
	strbuf_reset(why);
	strbuf_addstr(&out, text);
	said = fn(&o, exit_code, early, take, rs, why);
	strbuf_release(&out);
	return said;
}

TARE_TEST(tap_results_and_the_process_verdict)
{
	struct strbuf why = STRBUF_INIT;
	struct results rs;

	TARE_ASSERT_EQ(read_results(tap_read_results,
				    "1..4\nok 1 - a\nnot ok 2 - b\n# diag\nok 3 # SKIP x\n"
				    "not ok 4 - d # TODO later\n", 1, 0, &rs, &why),
		       1u << RESULT_PASS);
	TARE_ASSERT_STREQ(rs.said, "pfss");
	TARE_ASSERT_STREQ(rs.names.v[2], "#3");
	strvec_clear(&rs.names);

	TARE_ASSERT_EQ(read_results(tap_read_results, "1..2\nok 1\nBail out! gone\nok 2\n", 0, 0,
				    &rs, &why), 1u << RESULT_FAIL);
	TARE_ASSERT_EQ(rs.n, 1);
	TARE_ASSERT_STREQ(why.buf, "Bail out! gone");
	strvec_clear(&rs.names);
	TARE_ASSERT_EQ(read_results(tap_read_results, "1..3\nok 1\n", 0, 0, &rs, &why),
		       1u << RESULT_FAIL);
	TARE_ASSERT_STREQ(why.buf, "the plan says 3 tests, and 1 ran");
	strvec_clear(&rs.names);
	TARE_ASSERT_EQ(read_results(tap_read_results, "ok 1\nok 2\n1..2\n", 0, 0, &rs, &why),
		       1u << RESULT_PASS);	/* a plan at the end */
	strvec_clear(&rs.names);
	TARE_ASSERT_EQ(read_results(tap_read_results, "1..1\nok 1\n", 2, 0, &rs, &why),
		       1u << RESULT_FAIL);
	strvec_clear(&rs.names);
	TARE_ASSERT_EQ(read_results(tap_read_results, "1..0 # SKIP none\n", 0, 0, &rs, &why),
		       1u << RESULT_SKIP);
	strvec_clear(&rs.names);
	TARE_ASSERT_EQ(read_results(tap_read_results, "1..0\nok 1\n", 0, 0, &rs, &why),
		       1u << RESULT_FAIL);
	strvec_clear(&rs.names);
	TARE_ASSERT_EQ(read_results(tap_read_results, "", 77, 0, &rs, &why), 1u << RESULT_SKIP);
	strvec_clear(&rs.names);
	TARE_ASSERT_EQ(read_results(tap_read_results, "ok 1\n", 0, 0, &rs, &why),
		       1u << RESULT_FAIL);
	TARE_ASSERT(strstr(why.buf, "no plan line") != NULL);
	strvec_clear(&rs.names);
	/* Killed: the test after the last result was running. */
	TARE_ASSERT_EQ(read_results(tap_read_results, "1..3\nok 1 - a\n", 0, 1, &rs, &why), 0);
	TARE_ASSERT_STREQ(rs.said, "pf");
	TARE_ASSERT_STREQ(rs.names.v[1], "#2");
	strvec_clear(&rs.names);
	TARE_ASSERT_EQ(read_results(tap_read_results, "1..1\nok 1 - a\n", 0, 1, &rs, &why), 0);
	TARE_ASSERT_STREQ(rs.said, "p");
	strvec_clear(&rs.names);
	strbuf_release(&why);
}

TARE_TEST(unity_results_and_the_summary)
{
	struct strbuf why = STRBUF_INIT;
	struct results rs;

	TARE_ASSERT_EQ(read_results(unity_read_results,
				    "C:\\src\\t.c:3:test_a:PASS\nt.c:9:test_b:FAIL: Expected 1 Was 2\n"
				    "t.c:12:test_c:IGNORE\r\n-----\n3 Tests 1 Failures 1 Ignored \nFAIL\n",
				    1, 0, &rs, &why), 1u << RESULT_PASS);
	TARE_ASSERT_STREQ(rs.said, "pfs");
	TARE_ASSERT_STREQ(rs.names.v[0], "test_a");
	TARE_ASSERT_STREQ(rs.names.v[2], "test_c");
	strvec_clear(&rs.names);
	TARE_ASSERT_EQ(read_results(unity_read_results, "t.c:3:test_a:PASS\n", 0, 0, &rs, &why),
		       1u << RESULT_FAIL);
	TARE_ASSERT(strstr(why.buf, "no summary line") != NULL);
	strvec_clear(&rs.names);
	TARE_ASSERT_EQ(read_results(unity_read_results,
				    "t.c:3:test_a:PASS\n2 Tests 0 Failures 0 Ignored\nOK\n", 0, 0,
				    &rs, &why), 1u << RESULT_FAIL);
	strvec_clear(&rs.names);
	/* Not results: no line number, an unknown word, a name missing. */
	TARE_ASSERT_EQ(read_results(unity_read_results,
				    "t.c:x:a:PASS\nt.c:3:a:MAYBE\nt.c:3::PASS\n0 Tests 0 Failures 0 Ignored\n",
				    0, 0, &rs, &why), 1u << RESULT_PASS);
	TARE_ASSERT_EQ(rs.n, 0);
	strvec_clear(&rs.names);
	TARE_ASSERT_EQ(read_results(unity_read_results, "t.c:3:test_a:PASS\n", 0, 1, &rs, &why), 0);
	TARE_ASSERT_STREQ(why.buf, "the test after 'test_a' was running");
	strvec_clear(&rs.names);
	strbuf_release(&why);
}
