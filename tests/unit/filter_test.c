#include <stdio.h>
#include <string.h>

#include "tare.h"
#include "filter.h"
#include "strbuf.h"

/*
 * Macros rather than helper functions, so a failing assertion reports the
 * line of the case that failed.
 */
#define MATCHES(expr, bin, name, want)                                        \
	do {                                                                  \
		struct filter *f_ = filter_parse((expr), NULL, NULL);          \
		TARE_ASSERT_NOT_NULL(f_);                                      \
		TARE_ASSERT_EQ(filter_match(f_, (bin), (name)), (want));       \
		filter_free(f_);                                               \
	} while (0)

#define TRI(expr, bin, want)                                                  \
	do {                                                                  \
		struct filter *f_ = filter_parse((expr), NULL, NULL);          \
		TARE_ASSERT_NOT_NULL(f_);                                      \
		TARE_ASSERT_EQ(filter_match_binary(f_, (bin)), (want));        \
		filter_free(f_);                                               \
	} while (0)

#define FAILS(expr, col, msg)                                                 \
	do {                                                                  \
		struct strbuf err_ = STRBUF_INIT;                              \
		size_t col_ = 0;                                               \
		TARE_ASSERT_NULL(filter_parse((expr), &col_, &err_));          \
		TARE_ASSERT_STREQ(err_.buf, (msg));                            \
		TARE_ASSERT_EQ(col_, (col));                                   \
		strbuf_release(&err_);                                         \
	} while (0)

#define EXPECTED_PREDICATE "expected a predicate such as test(...) or binary(...), found "
#define EXPECTED_OPERATOR \
	"expected an operator ('and', 'or', '&', '|', '+', '-') or end of expression, found "
#define KNOWS ": tare knows all(), none(), test(), binary(), label() and suite()"

TARE_TEST(filter_all_and_none)
{
	MATCHES("all()", "unit", "anything", 1);
	MATCHES("none()", "unit", "anything", 0);
	MATCHES("  all ( )  ", "unit", "x", 1);
	MATCHES("all()", "", "", 1);
}

TARE_TEST(filter_test_defaults_to_contains)
{
	MATCHES("test(push)", "unit", "ring_push_pop", 1);
	MATCHES("test(push)", "unit", "push", 1);
	MATCHES("test(push)", "unit", "pop", 0);
	/* test() looks at the test name only, never the binary id. */
	MATCHES("test(unit)", "unit", "pop", 0);
}

TARE_TEST(filter_binary_defaults_to_glob)
{
	MATCHES("binary(ring_*)", "ring_test", "t", 1);
	MATCHES("binary(ring_*)", "xring_test", "t", 0);
	MATCHES("binary(unit)", "unit", "t", 1);
	/* A glob without wildcards is whole-string, unlike contains. */
	MATCHES("binary(unit)", "units", "t", 0);
	MATCHES("binary(u?it)", "unit", "t", 1);
	MATCHES("binary([tu]nit)", "tnit", "t", 1);
	MATCHES("binary(ring)", "unit", "ring", 0);
}

TARE_TEST(filter_exact_matcher)
{
	MATCHES("test(=push)", "unit", "push", 1);
	MATCHES("test(=push)", "unit", "push2", 0);
	MATCHES("test(=push)", "unit", "a_push", 0);
	MATCHES("binary(=ring_*)", "ring_*", "t", 1);
	MATCHES("binary(=ring_*)", "ring_test", "t", 0);
}

TARE_TEST(filter_contains_matcher)
{
	MATCHES("test(~us)", "unit", "push", 1);
	MATCHES("test(~us)", "unit", "pop", 0);
	MATCHES("binary(~ing)", "ring_test", "t", 1);
	MATCHES("binary(~ing)", "unit", "t", 0);
	/* Inside ~ a '*' is just a character. */
	MATCHES("test(~a*)", "unit", "xa*y", 1);
	MATCHES("test(~a*)", "unit", "abc", 0);
}

TARE_TEST(filter_glob_matcher)
{
	MATCHES("test(#push_*)", "unit", "push_one", 1);
	MATCHES("test(#push_*)", "unit", "a_push_one", 0);
	MATCHES("test(#*::*)", "unit", "ring::push", 1);
	MATCHES("test(#*::*)", "unit", "ring_push", 0);
	/* No FNM_PATHNAME: '*' crosses slashes. */
	MATCHES("test(#a*b)", "unit", "a/x/b", 1);
	MATCHES("binary(#ring_test)", "ring_test", "t", 1);
}

TARE_TEST(filter_regex_matcher)
{
	MATCHES("test(/^push_[0-9]+$/)", "unit", "push_12", 1);
	MATCHES("test(/^push_[0-9]+$/)", "unit", "push_1a", 0);
	/* Unanchored: a match anywhere counts. */
	MATCHES("test(/sh_[0-9]/)", "unit", "push_1a", 1);
	MATCHES("test(/a|b/)", "unit", "xbx", 1);
	MATCHES("test(/(ab){2}/)", "unit", "xababx", 1);
	MATCHES("test(/(ab){2}/)", "unit", "xabx", 0);
	MATCHES("binary(/^ring/)", "ring_test", "t", 1);
	MATCHES("binary(/^ring/)", "unit", "t", 0);
	/* Spaces around the regex, not inside it, are ignored. */
	MATCHES("test(  /a b/  )", "unit", "xa by", 1);
	MATCHES("test(  /a b/  )", "unit", "ab", 0);
}

TARE_TEST(filter_regex_escaped_slash_and_parens)
{
	MATCHES("test(/a\\/b/)", "unit", "xa/by", 1);
	MATCHES("test(/a\\/b/)", "unit", "ab", 0);
	MATCHES("test(/^a\\/$/)", "unit", "a/", 1);
	/* ')' needs no escape inside a regex: the regex ends at '/'. */
	MATCHES("test(/f\\(x\\)/)", "unit", "f(x)", 1);
	MATCHES("test(/f\\(x\\)/)", "unit", "fx", 0);
	MATCHES("test(/a)/)", "unit", "a)", 1);
	/* Other escapes reach regcomp as written. */
	MATCHES("test(/a\\.b/)", "unit", "a.b", 1);
	MATCHES("test(/a\\.b/)", "unit", "axb", 0);
	/* An escaped backslash does not escape the slash after it. */
	MATCHES("test(/a\\\\/)", "unit", "a\\", 1);
}

TARE_TEST(filter_matcher_whitespace_is_trimmed)
{
	MATCHES("test(  =push  )", "unit", "push", 1);
	MATCHES("test(=  push)", "unit", "push", 1);
	MATCHES("test( has space )", "unit", "it has space!", 1);
	MATCHES("test(=has space)", "unit", "has space", 1);
	MATCHES("test(\tpush\n)", "unit", "push", 1);
	/* Escaped whitespace survives the trimming. */
	MATCHES("test(=push\\t)", "unit", "push\t", 1);
	MATCHES("test(=push\\t)", "unit", "push", 0);
}

TARE_TEST(filter_escapes)
{
	MATCHES("test(=a\\)b)", "unit", "a)b", 1);
	MATCHES("test(=a\\nb)", "unit", "a\nb", 1);
	MATCHES("test(=a\\tb)", "unit", "a\tb", 1);
	MATCHES("test(=a\\rb)", "unit", "a\rb", 1);
	MATCHES("test(=a\\\\b)", "unit", "a\\b", 1);
	MATCHES("test(=a\\/b)", "unit", "a/b", 1);
	MATCHES("test(=a\\,b)", "unit", "a,b", 1);
	/* \/ lets a literal slash start a non-regex matcher. */
	MATCHES("test(\\/x)", "unit", "a/x", 1);
	MATCHES("binary(\\/x)", "/x", "t", 1);
	/* In a glob, \\ hands fnmatch a backslash that quotes the '*'. */
	MATCHES("test(#a\\\\*)", "unit", "a*", 1);
	MATCHES("test(#a\\\\*)", "unit", "ab", 0);
}

TARE_TEST(filter_unicode_escapes)
{
	MATCHES("test(=\\u{41})", "unit", "A", 1);
	MATCHES("test(=\\u{e9})", "unit", "\xc3\xa9", 1);
	MATCHES("test(=\\u{E9})", "unit", "\xc3\xa9", 1);
	MATCHES("test(=\\u{20ac})", "unit", "\xe2\x82\xac", 1);
	MATCHES("test(=\\u{1F600})", "unit", "\xf0\x9f\x98\x80", 1);
	MATCHES("test(=\\u{10FFFF})", "unit", "\xf4\x8f\xbf\xbf", 1);
	MATCHES("test(=\\u{00007f})", "unit", "\x7f", 1);
	MATCHES("test(=x\\u{2f}y)", "unit", "x/y", 1);
}

TARE_TEST(filter_unescaped_paren_and_comma_are_literal)
{
	MATCHES("test(=f(x)", "unit", "f(x", 1);
	MATCHES("test(a(b)", "unit", "xa(bx", 1);
	MATCHES("test(=a,b)", "unit", "a,b", 1);
	MATCHES("test(=a/b)", "unit", "a/b", 1);
	MATCHES("test(=a=b)", "unit", "a=b", 1);
	MATCHES("test(==x)", "unit", "=x", 1);
	MATCHES("test(~#x)", "unit", "a#x", 1);
}

TARE_TEST(filter_operator_spellings)
{
	const char *and_ops[] = { "and", "&" };
	const char *or_ops[] = { "or", "|", "+" };
	char buf[128];

	for (size_t i = 0; i < 2; i++) {
		snprintf(buf, sizeof(buf), "test(a) %s test(b)", and_ops[i]);
		MATCHES(buf, "unit", "ab", 1);
		MATCHES(buf, "unit", "a", 0);
		snprintf(buf, sizeof(buf), "test(a)%stest(b)", and_ops[i][0] == '&' ? "&" : " and ");
		MATCHES(buf, "unit", "ab", 1);
	}
	for (size_t i = 0; i < 3; i++) {
		snprintf(buf, sizeof(buf), "test(a) %s test(b)", or_ops[i]);
		MATCHES(buf, "unit", "b", 1);
		MATCHES(buf, "unit", "c", 0);
	}
	MATCHES("not test(a)", "unit", "a", 0);
	MATCHES("not test(a)", "unit", "b", 1);
	MATCHES("!test(a)", "unit", "b", 1);
	MATCHES("! test(a)", "unit", "a", 0);
	MATCHES("not(test(a))", "unit", "a", 0);
	MATCHES("not!test(a)", "unit", "a", 1);
	MATCHES("!!test(a)", "unit", "a", 1);
	MATCHES("test(a) - test(b)", "unit", "a", 1);
	MATCHES("test(a) - test(b)", "unit", "ab", 0);
	MATCHES("test(a)-test(b)", "unit", "ab", 0);
	/* Word operators need no spaces next to parentheses. */
	MATCHES("(test(a))and(test(b))", "unit", "ab", 1);
	MATCHES("test(a)or(test(b))", "unit", "b", 1);
	MATCHES("\n\ttest(a)\n\tor\n\ttest(b)\n", "unit", "b", 1);
}

TARE_TEST(filter_precedence)
{
	/* and binds tighter than or: a | (b & c), not (a | b) & c. */
	MATCHES("all() | none() & none()", "u", "t", 1);
	MATCHES("all() or none() and none()", "u", "t", 1);
	MATCHES("none() & none() | all()", "u", "t", 1);
	MATCHES("(all() | none()) & none()", "u", "t", 0);
	/* not binds tighter than and: (not a) & b. */
	MATCHES("not none() & none()", "u", "t", 0);
	MATCHES("!none() & none()", "u", "t", 0);
	MATCHES("not (none() & none())", "u", "t", 1);
	/* - is left-associative: (a - b) - c, not a - (b - c). */
	MATCHES("all() - none() - all()", "u", "t", 0);
	MATCHES("all() - (none() - all())", "u", "t", 1);
	/* - and & share a level, left to right: (a - b) & c. */
	MATCHES("all() - none() & none()", "u", "t", 0);
	MATCHES("all() & all() - all()", "u", "t", 0);
	/* - binds tighter than or. */
	MATCHES("all() | all() - all()", "u", "t", 1);
	MATCHES("none() + all() - all()", "u", "t", 0);
	/* With real predicates. */
	MATCHES("test(a) | test(b) & test(c)", "u", "a", 1);
	MATCHES("test(a) | test(b) & test(c)", "u", "b", 0);
	MATCHES("test(a) | test(b) & test(c)", "u", "bc", 1);
	MATCHES("not test(a) & test(b)", "u", "b", 1);
	MATCHES("not test(a) & test(b)", "u", "a", 0);
	MATCHES("not test(a) & test(b)", "u", "c", 0);
	MATCHES("test(a) - test(b) - test(c)", "u", "ac", 0);
	MATCHES("test(a) - test(b) - test(c)", "u", "a", 1);
	MATCHES("binary(unit) & (test(a) | test(b))", "unit", "b", 1);
	MATCHES("binary(unit) & (test(a) | test(b))", "ring", "b", 0);
}

TARE_TEST(filter_long_chains_and_deep_nesting)
{
	struct strbuf sb = STRBUF_INIT;
	struct filter *f;
	int i;

	/* 64 levels of parentheses are fine. */
	for (i = 0; i < 64; i++)
		strbuf_addch(&sb, '(');
	strbuf_addstr(&sb, "test(a)");
	for (i = 0; i < 64; i++)
		strbuf_addch(&sb, ')');
	MATCHES(sb.buf, "u", "a", 1);
	MATCHES(sb.buf, "u", "b", 0);

	/* A chain far longer than the nesting limit is not nesting. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "(all()");
	for (i = 0; i < 5000; i++)
		strbuf_addstr(&sb, i % 2 ? " & all()" : " | none()");
	strbuf_addstr(&sb, ") - test(x)");
	f = filter_parse(sb.buf, NULL, NULL);
	TARE_ASSERT_NOT_NULL(f);
	TARE_ASSERT_EQ(filter_match(f, "u", "a"), 1);
	TARE_ASSERT_EQ(filter_match(f, "u", "x"), 0);
	TARE_ASSERT_EQ(filter_match_binary(f, "u"), FILTER_MAYBE);
	filter_free(f);
	strbuf_release(&sb);
}

TARE_TEST(filter_names_with_spaces_utf8_and_length)
{
	struct strbuf name = STRBUF_INIT, expr = STRBUF_INIT;

	MATCHES("test(=a test with spaces)", "unit", "a test with spaces", 1);
	MATCHES("test(with spaces)", "unit", "a test with spaces", 1);
	MATCHES("test(=h\xc3\xa9llo w\xc3\xb6rld)", "unit", "h\xc3\xa9llo w\xc3\xb6rld", 1);
	MATCHES("test(\xc3\xb6)", "unit", "h\xc3\xa9llo w\xc3\xb6rld", 1);
	MATCHES("test(#h*\xe2\x82\xac)", "unit", "h-\xe2\x82\xac", 1);
	MATCHES("binary(=r\xc3\xa9seau)", "r\xc3\xa9seau", "t", 1);

	strbuf_addchars(&name, 'x', 500);
	strbuf_addstr(&name, "_end");
	strbuf_addf(&expr, "test(=%s)", name.buf);
	MATCHES(expr.buf, "unit", name.buf, 1);
	MATCHES(expr.buf, "unit", "x_end", 0);
	MATCHES("test(#x*_end)", "unit", name.buf, 1);
	MATCHES("test(~x_end)", "unit", name.buf, 1);
	MATCHES("test(/^x{500}_end$/)", "unit", name.buf, 1);
	MATCHES("test(/^x{499}_end$/)", "unit", name.buf, 0);
	strbuf_release(&name);
	strbuf_release(&expr);
}

TARE_TEST(filter_three_valued_binary_evaluation)
{
	TRI("all()", "unit", FILTER_YES);
	TRI("none()", "unit", FILTER_NO);
	TRI("test(a)", "unit", FILTER_MAYBE);
	TRI("binary(unit)", "unit", FILTER_YES);
	TRI("binary(unit)", "ring", FILTER_NO);
	TRI("binary(unit) & test(a)", "unit", FILTER_MAYBE);
	TRI("binary(unit) & test(a)", "ring", FILTER_NO);
	TRI("binary(unit) | test(a)", "unit", FILTER_YES);
	TRI("binary(unit) | test(a)", "ring", FILTER_MAYBE);
	TRI("not test(a)", "unit", FILTER_MAYBE);
	TRI("not binary(unit)", "unit", FILTER_NO);
	TRI("not binary(unit)", "ring", FILTER_YES);
	TRI("binary(unit) - test(a)", "unit", FILTER_MAYBE);
	TRI("binary(unit) - test(a)", "ring", FILTER_NO);
	TRI("all() - binary(unit)", "unit", FILTER_NO);
	TRI("all() - binary(unit)", "ring", FILTER_YES);
	TRI("test(a) - all()", "unit", FILTER_NO);
	TRI("test(a) | all()", "unit", FILTER_YES);
	TRI("test(a) & none()", "unit", FILTER_NO);
	TRI("none() | test(a)", "unit", FILTER_MAYBE);
	/* Kleene logic does not see that this is a tautology. */
	TRI("test(a) | not test(a)", "unit", FILTER_MAYBE);
	TRI("(binary(ring_*) | binary(=unit)) & !test(slow)", "ring_test", FILTER_MAYBE);
	TRI("(binary(ring_*) | binary(=unit)) & !test(slow)", "other", FILTER_NO);
	TRI("binary(/^r/) + binary(~nit)", "unit", FILTER_YES);
}

TARE_TEST(filter_source_is_kept)
{
	struct filter *f = filter_parse("  test(a)  | binary(b) ", NULL, NULL);

	TARE_ASSERT_NOT_NULL(f);
	TARE_ASSERT_STREQ(filter_source(f), "  test(a)  | binary(b) ");
	filter_free(f);
	filter_free(NULL);
}

TARE_TEST(filter_error_replaces_buffer_contents)
{
	struct strbuf err = STRBUF_INIT;
	size_t col = 99;

	strbuf_addstr(&err, "stale");
	TARE_ASSERT_NULL(filter_parse("", &col, &err));
	TARE_ASSERT_STREQ(err.buf, "empty expression");
	TARE_ASSERT_EQ(col, 1);
	/* NULL outputs are allowed. */
	TARE_ASSERT_NULL(filter_parse("x", NULL, NULL));
	strbuf_release(&err);
}

TARE_TEST(filter_errors_empty_and_trailing)
{
	FAILS("", 1, "empty expression");
	FAILS("  \t\n", 1, "empty expression");
	FAILS("test(a) andd test(b)", 9, EXPECTED_OPERATOR "'andd'");
	FAILS("test(a) test(b)", 9, EXPECTED_OPERATOR "'test'");
	FAILS("all() not none()", 7, EXPECTED_OPERATOR "'not'");
	FAILS("all()andnone()", 6, EXPECTED_OPERATOR "'andnone'");
	FAILS("all() ,", 7, EXPECTED_OPERATOR "','");
	FAILS("all() (none())", 7, EXPECTED_OPERATOR "'('");
	FAILS("all())", 6, "unmatched ')'");
	FAILS("all() | none()) ", 15, "unmatched ')'");
}

TARE_TEST(filter_errors_missing_operand)
{
	FAILS("all() and", 10, EXPECTED_PREDICATE "end of expression");
	FAILS("all() |  ", 10, EXPECTED_PREDICATE "end of expression");
	FAILS("all() && none()", 8, EXPECTED_PREDICATE "'&'");
	FAILS("all() || none()", 8, EXPECTED_PREDICATE "'|'");
	FAILS("& all()", 1, EXPECTED_PREDICATE "'&'");
	FAILS("or all()", 1, EXPECTED_PREDICATE "'or'");
	FAILS("not", 4, EXPECTED_PREDICATE "end of expression");
	FAILS("!", 2, EXPECTED_PREDICATE "end of expression");
	FAILS("()", 2, EXPECTED_PREDICATE "')'");
	FAILS("(", 2, EXPECTED_PREDICATE "end of expression");
	FAILS("foo", 1, EXPECTED_PREDICATE "'foo'");
	FAILS("all() | foo", 9, EXPECTED_PREDICATE "'foo'");
	FAILS("t\xc3\xabst(a)", 1, EXPECTED_PREDICATE "'t\xc3\xabst'");
	FAILS("\xc3\xa9", 1, EXPECTED_PREDICATE "'\xc3\xa9'");
	FAILS("\x01", 1, EXPECTED_PREDICATE "'\\x01'");
	FAILS("\xff", 1, EXPECTED_PREDICATE "'\\xff'");
	FAILS("123", 1, EXPECTED_PREDICATE "'123'");
}

TARE_TEST(filter_errors_parentheses)
{
	FAILS("(all()", 7, "expected ')'");
	FAILS("(all() ", 8, "expected ')'");
	FAILS("((all() | none())", 18, "expected ')'");
	FAILS("(all() x", 8, "expected an operator or ')', found 'x'");
	FAILS("all(", 5, "expected ')'");
	FAILS("all(x)", 5, "all() takes no argument");
	FAILS("none( 1)", 7, "none() takes no argument");
	FAILS("test", 5, "expected '(' after 'test'");
	FAILS("binary x", 8, "expected '(' after 'binary'");
	FAILS("all() & none", 13, "expected '(' after 'none'");
}

TARE_TEST(filter_errors_unknown_predicates)
{
	const char *rust_only[] = {
		"package", "deps", "rdeps", "kind", "platform", "binary_id",
		"default", "group",
	};
	char expr[64], msg[128];

	for (size_t i = 0; i < ARRAY_SIZE(rust_only); i++) {
		snprintf(expr, sizeof(expr), "%s(x)", rust_only[i]);
		snprintf(msg, sizeof(msg), "unknown predicate '%s'" KNOWS, rust_only[i]);
		FAILS(expr, 1, msg);
	}
	FAILS("all() & kind(lib)", 9, "unknown predicate 'kind'" KNOWS);
	FAILS("default()", 1, "unknown predicate 'default'" KNOWS);
	FAILS("testx(a)", 1, "unknown predicate 'testx'" KNOWS);
	FAILS("Test(a)", 1, "unknown predicate 'Test'" KNOWS);
	FAILS("nottest(a)", 1, "unknown predicate 'nottest'" KNOWS);
	FAILS("not package (a)", 5, "unknown predicate 'package'" KNOWS);
	/* A long name is quoted by its start only. */
	FAILS("all() | abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz(x)", 9,
	      "unknown predicate 'abcdefghijklmnopqrstuvwxyzabcdefghijklmn...'" KNOWS);
}

TARE_TEST(filter_errors_matchers)
{
	FAILS("test()", 6, "expected a matcher");
	FAILS("test(   )", 9, "expected a matcher");
	FAILS("test(=)", 7, "expected a matcher");
	FAILS("binary(# )", 10, "expected a matcher");
	FAILS("test(a", 6, "unterminated matcher, expected ')'");
	FAILS("test(", 6, "unterminated matcher, expected ')'");
	FAILS("test(  =abc", 8, "unterminated matcher, expected ')'");
	FAILS("test(a\\)", 6, "unterminated matcher, expected ')'");
	FAILS("test(a\\", 6, "unterminated matcher, expected ')'");
	FAILS("test(a\\q)", 7,
	      "invalid escape '\\q' (tare knows \\n \\t \\r \\\\ \\/ \\) \\, and \\u{HEX})");
	FAILS("test(a\\\xc3\xa9)", 7,
	      "invalid escape '\\\xc3\xa9' (tare knows \\n \\t \\r \\\\ \\/ \\) \\, and \\u{HEX})");
	FAILS("test(a\\0)", 7,
	      "invalid escape '\\0' (tare knows \\n \\t \\r \\\\ \\/ \\) \\, and \\u{HEX})");
}

TARE_TEST(filter_errors_unicode_escapes)
{
	FAILS("test(\\u41)", 6, "invalid unicode escape, expected \\u{HEX}");
	FAILS("test(x\\u{})", 7, "invalid unicode escape, expected \\u{HEX} with 1 to 6 hex digits");
	FAILS("test(\\u{1234567})", 6, "invalid unicode escape, expected \\u{HEX} with 1 to 6 hex digits");
	FAILS("test(\\u{12g})", 6, "invalid unicode escape, expected \\u{HEX} with 1 to 6 hex digits");
	FAILS("test(\\u{41)", 6, "invalid unicode escape, expected \\u{HEX} with 1 to 6 hex digits");
	FAILS("test(\\u{d800})", 6, "invalid unicode escape, \\u{d800} is not a unicode scalar value");
	FAILS("test(\\u{DFFF})", 6, "invalid unicode escape, \\u{DFFF} is not a unicode scalar value");
	FAILS("test(\\u{110000})", 6, "invalid unicode escape, \\u{110000} is not a unicode scalar value");
	FAILS("test(\\u{0})", 6, "\\u{0} is not allowed: names cannot contain NUL");
}

TARE_TEST(filter_errors_regex)
{
	struct strbuf err = STRBUF_INIT;
	size_t col = 0;
	const char *prefix = "invalid regex /a(/: ";

	TARE_ASSERT_NULL(filter_parse("test(/a(/)", &col, &err));
	TARE_ASSERT_EQ(col, 6);
	TARE_ASSERT_EQ(strncmp(err.buf, prefix, strlen(prefix)), 0);
	TARE_ASSERT_GT(err.len, strlen(prefix));

	TARE_ASSERT_NULL(filter_parse("all() | binary(  /[a\\/(/ )", &col, &err));
	TARE_ASSERT_EQ(col, 18);
	prefix = "invalid regex /[a\\/(/: ";
	TARE_ASSERT_EQ(strncmp(err.buf, prefix, strlen(prefix)), 0);
	strbuf_release(&err);

	FAILS("test(/abc)", 6, "unterminated regex, expected '/'");
	FAILS("test(/abc\\/)", 6, "unterminated regex, expected '/'");
	FAILS("test(/)", 6, "unterminated regex, expected '/'");
	FAILS("test(//)", 6, "empty regex");
	FAILS("test(/a/x)", 9, "expected ')' after the regex, found 'x'");
	FAILS("test(/a/i)", 9, "expected ')' after the regex, found 'i'");
	FAILS("test(/a/ /)", 10, "expected ')' after the regex, found '/'");
	FAILS("test(/a/", 9, "expected ')'");
	FAILS("test(/a/  ", 11, "expected ')'");
}

TARE_TEST(filter_errors_limits)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	/* 65 levels of parentheses are one too many; point at the 65th. */
	for (i = 0; i < 65; i++)
		strbuf_addch(&sb, '(');
	strbuf_addstr(&sb, "all()");
	for (i = 0; i < 65; i++)
		strbuf_addch(&sb, ')');
	FAILS(sb.buf, 65, "expression nested more than 64 deep");

	/* not counts as nesting too, so "!!!...x" cannot recurse without bound. */
	strbuf_reset(&sb);
	for (i = 0; i < 64; i++)
		strbuf_addstr(&sb, "not ");
	strbuf_addstr(&sb, "all()");
	MATCHES(sb.buf, "u", "t", 1);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "test(a) | ");
	for (i = 0; i < 100; i++)
		strbuf_addch(&sb, '!');
	strbuf_addstr(&sb, "all()");
	FAILS(sb.buf, 11 + 64, "expression nested more than 64 deep");

	/* A matcher of 4096 bytes is fine, 4097 is not. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "test(");
	strbuf_addchars(&sb, 'a', 4096);
	strbuf_addstr(&sb, ")");
	MATCHES(sb.buf, "u", "a", 0);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "all() - test(");
	strbuf_addchars(&sb, 'a', 4097);
	strbuf_addstr(&sb, ")");
	FAILS(sb.buf, 14, "matcher longer than 4096 bytes");

	/* A regex of 1024 bytes is fine, 1025 is not. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "test(/");
	strbuf_addchars(&sb, 'a', 1024);
	strbuf_addstr(&sb, "/)");
	MATCHES(sb.buf, "u", "a", 0);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "test(/");
	strbuf_addchars(&sb, 'a', 1025);
	strbuf_addstr(&sb, "/)");
	FAILS(sb.buf, 6, "regex longer than 1024 bytes");

	/* The whole expression: 64 KiB, and not a byte more. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "all()");
	strbuf_addchars(&sb, ' ', 65536 - 5);
	MATCHES(sb.buf, "u", "t", 1);
	strbuf_addch(&sb, ' ');
	FAILS(sb.buf, 1, "expression longer than 65536 bytes");
	strbuf_release(&sb);
}

TARE_TEST(filter_errors_regex_too_complex_or_backreference)
{
	const char *complex[] = {
		"(((b{9}){9}){9}){9}",
		"(b+b+b+){200}",
		"(a{1,1000}){1,1000}",
		"((a{1,100}){1,100}){1,100}",
		"a{1025}",
		"a{1024,}",
		"(a?){400}",
		"[[:alpha:]]{2000}",
	};
	struct strbuf expr = STRBUF_INIT, msg = STRBUF_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(complex); i++) {
		strbuf_reset(&expr);
		strbuf_reset(&msg);
		strbuf_addf(&expr, "all() - test(/%s/)", complex[i]);
		strbuf_addf(&msg, "invalid regex /%s/: too complex, its repetitions "
			    "would expand it past 1024 elements", complex[i]);
		FAILS(expr.buf, 14, msg.buf);
	}
	strbuf_release(&expr);
	strbuf_release(&msg);

	FAILS("test(/(a)\\1/)", 6, "invalid regex /(a)\\1/: backreferences are not supported");
	/* Inside brackets a backslash is literal, so this is no backreference. */
	MATCHES("test(/[\\1]/)", "u", "x1", 1);
	MATCHES("test(/[\\1]/)", "u", "x\\", 1);
	MATCHES("test(/[\\1]/)", "u", "x", 0);
	/* Repetition well inside the budget is fine. */
	MATCHES("test(/^(ab){1,3}c{2,}d*$/)", "u", "ababccc", 1);
	MATCHES("test(/^[[:alpha:]]{3}-[]a]{2}$/)", "u", "abc-]a", 1);
	MATCHES("test(/a{1023}/)", "u", "a", 0);
	MATCHES("test(/x{,3}y/)", "u", "xxy", 1);
}

TARE_TEST(filter_errors_regex_nested_unbounded_repetition)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	/* Eight levels of *, + or {m,} are fine, nine are not. */
	MATCHES("test(/^a********/)", "u", "aaa", 1);
	MATCHES("test(/^((((a*)+)*){2,})*x/)", "u", "aax", 1);
	FAILS("test(/^a*********/)", 6, "invalid regex /^a*********/: too complex, "
	      "unbounded repetitions nested more than 8 deep");
	FAILS("test(/(((((((((a)*)*)*)*)*)*)*)*)*/)", 6,
	      "invalid regex /(((((((((a)*)*)*)*)*)*)*)*)*/: too complex, "
	      "unbounded repetitions nested more than 8 deep");
	/* ? and {m,n} do not count: their cost is the copies they make. */
	MATCHES("test(/^a???????????????????????????????????????b/)", "u", "ab", 1);

	/* A long regex is quoted by its first 60 bytes. */
	strbuf_addstr(&sb, "test(/");
	for (i = 0; i < 100; i++)
		strbuf_addstr(&sb, "a*");
	strbuf_addstr(&sb, "b*********/)");
	FAILS(sb.buf, 6, "invalid regex /a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*.../: "
	      "too complex, unbounded repetitions nested more than 8 deep");
	strbuf_release(&sb);
}

TARE_TEST(filter_label_matches_any_label)
{
	static const char *const labels[] = { "fast", "db", NULL };
	struct filter *f = filter_parse("label(db) & not suite(=slow)", NULL, NULL);
	struct filter *g = filter_parse("label(/^fa/)", NULL, NULL);

	TARE_ASSERT_NOT_NULL(f);
	TARE_ASSERT_NOT_NULL(g);
	TARE_ASSERT(filter_match_labels(f, "ctest:", "t", labels));
	TARE_ASSERT(!filter_match_labels(f, "ctest:", "t", NULL));
	TARE_ASSERT(!filter_match(f, "ctest:", "t"));
	TARE_ASSERT(filter_match_labels(g, "ctest:", "t", labels));
	TARE_ASSERT_EQ(filter_match_binary(f, "ctest:"), FILTER_MAYBE);
	filter_free(f);
	filter_free(g);
}
