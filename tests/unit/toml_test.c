#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tare.h"
#include "toml.h"
#include "strbuf.h"

/*
 * The message of the last failed parse. A static copy, because a failed
 * assertion skips any cleanup after it.
 */
static char toml_last_err[1024];

static struct toml_value *parse_len(struct toml_doc *doc, const char *src,
				    size_t len)
{
	struct strbuf err = STRBUF_INIT;

	if (toml_parse(doc, src, len, "tare.toml", &err) < 0) {
		snprintf(toml_last_err, sizeof(toml_last_err), "%s", err.buf);
		strbuf_release(&err);
		TARE_FAIL("unexpected parse error: %s", toml_last_err);
	}
	strbuf_release(&err);
	TARE_ASSERT_NOT_NULL(doc->root);
	TARE_ASSERT_EQ(doc->root->type, TOML_TABLE);
	return doc->root;
}

static struct toml_value *parse(struct toml_doc *doc, const char *src)
{
	return parse_len(doc, src, strlen(src));
}

static const char *parse_err_len(const char *src, size_t len)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct strbuf err = STRBUF_INIT;
	int ret;

	strbuf_addstr(&err, "stale text that must be replaced");
	ret = toml_parse(&doc, src, len, "tare.toml", &err);
	snprintf(toml_last_err, sizeof(toml_last_err), "%s", err.buf);
	strbuf_release(&err);
	TARE_ASSERT_NULL(doc.root);
	toml_doc_release(&doc);
	if (ret != -1)
		TARE_FAIL("parse of \"%s\" succeeded, expected an error", src);
	return toml_last_err;
}

static const char *parse_err(const char *src)
{
	return parse_err_len(src, strlen(src));
}

#define ERR(src, msg) TARE_ASSERT_STREQ(parse_err(src), msg)

/* Follows a dotted path of plain keys from t. */
static struct toml_value *path(const struct toml_value *t, const char *dotted)
{
	char buf[256], *part, *dot;
	struct toml_value *v = (struct toml_value *)t;

	snprintf(buf, sizeof(buf), "%s", dotted);
	for (part = buf; v && part; part = dot) {
		dot = strchr(part, '.');
		if (dot)
			*dot++ = '\0';
		v = toml_get(v, part);
	}
	return v;
}

static const char *str_at(const struct toml_value *t, const char *dotted)
{
	struct toml_value *v = path(t, dotted);

	TARE_ASSERT_NOT_NULL(v);
	TARE_ASSERT_EQ(v->type, TOML_STRING);
	return v->str;
}

static int64_t int_at(const struct toml_value *t, const char *dotted)
{
	struct toml_value *v = path(t, dotted);

	TARE_ASSERT_NOT_NULL(v);
	TARE_ASSERT_EQ(v->type, TOML_INTEGER);
	return v->i;
}

static const char nextest_config[] =
	"experimental = [\"wrapper-scripts\"]\n"
	"[scripts.wrapper.valgrind]\n"
	"command = 'valgrind --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=definite,indirect --error-exitcode=1'\n"
	"[profile.default]\n"
	"retries = 2\n"
	"slow-timeout = { period = \"60s\", terminate-after = 2, grace-period = \"5s\" }\n"
	"fail-fast = false\n"
	"[profile.ci]\n"
	"inherits = \"default\"\n"
	"junit.path = \"junit.xml\"\n"
	"[[profile.ci.overrides]]\n"
	"filter = 'test(/^slow_/)'\n"
	"retries = 0\n"
	"[[profile.valgrind.scripts]]\n"
	"filter = 'all()'\n"
	"run-wrapper = 'valgrind'\n";

TARE_TEST(toml_parses_nextest_config)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct toml_value *root = parse(&doc, nextest_config), *v, *o;

	TARE_ASSERT_EQ(root->nr, 3);
	TARE_ASSERT_STREQ(root->entries[0].key, "experimental");
	TARE_ASSERT_STREQ(root->entries[1].key, "scripts");
	TARE_ASSERT_STREQ(root->entries[2].key, "profile");

	v = toml_get(root, "experimental");
	TARE_ASSERT_EQ(v->type, TOML_ARRAY);
	TARE_ASSERT_EQ(v->nr, 1);
	TARE_ASSERT_EQ(v->array_of_tables, 0);
	TARE_ASSERT_STREQ(v->items[0]->str, "wrapper-scripts");

	TARE_ASSERT_STREQ(str_at(root, "scripts.wrapper.valgrind.command"),
			  "valgrind --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=definite,indirect --error-exitcode=1");
	TARE_ASSERT_EQ(int_at(root, "profile.default.retries"), 2);
	TARE_ASSERT_STREQ(str_at(root, "profile.default.slow-timeout.period"), "60s");
	TARE_ASSERT_EQ(int_at(root, "profile.default.slow-timeout.terminate-after"), 2);
	TARE_ASSERT_STREQ(str_at(root, "profile.default.slow-timeout.grace-period"), "5s");
	v = path(root, "profile.default.fail-fast");
	TARE_ASSERT_EQ(v->type, TOML_BOOLEAN);
	TARE_ASSERT_EQ(v->b, 0);
	TARE_ASSERT_STREQ(str_at(root, "profile.ci.inherits"), "default");
	TARE_ASSERT_STREQ(str_at(root, "profile.ci.junit.path"), "junit.xml");

	o = path(root, "profile.ci.overrides");
	TARE_ASSERT_EQ(o->type, TOML_ARRAY);
	TARE_ASSERT_EQ(o->array_of_tables, 1);
	TARE_ASSERT_EQ(o->nr, 1);
	TARE_ASSERT_EQ(o->items[0]->type, TOML_TABLE);
	TARE_ASSERT_STREQ(toml_get(o->items[0], "filter")->str, "test(/^slow_/)");
	TARE_ASSERT_EQ(toml_get(o->items[0], "retries")->i, 0);
	TARE_ASSERT_EQ(o->items[0]->line, 11);
	TARE_ASSERT_EQ(o->items[0]->col, 1);

	o = path(root, "profile.valgrind.scripts");
	TARE_ASSERT_EQ(o->array_of_tables, 1);
	TARE_ASSERT_EQ(o->nr, 1);
	TARE_ASSERT_STREQ(toml_get(o->items[0], "run-wrapper")->str, "valgrind");
	TARE_ASSERT_EQ(path(root, "profile")->nr, 3);	/* default, ci, valgrind */
	toml_doc_release(&doc);
	toml_doc_release(&doc);	/* twice is harmless */
}

TARE_TEST(toml_value_types_and_names)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct toml_value *root = parse(&doc,
		"s = \"x\"\ni = -7\nb = true\na = []\nt = {}\n");

	TARE_ASSERT_EQ(toml_get(root, "s")->type, TOML_STRING);
	TARE_ASSERT_EQ(toml_get(root, "i")->type, TOML_INTEGER);
	TARE_ASSERT_EQ(toml_get(root, "b")->type, TOML_BOOLEAN);
	TARE_ASSERT_EQ(toml_get(root, "b")->b, 1);
	TARE_ASSERT_EQ(toml_get(root, "a")->type, TOML_ARRAY);
	TARE_ASSERT_EQ(toml_get(root, "a")->nr, 0);
	TARE_ASSERT_NULL(toml_get(root, "a")->items);
	TARE_ASSERT_EQ(toml_get(root, "t")->type, TOML_TABLE);
	TARE_ASSERT_EQ(toml_get(root, "t")->nr, 0);
	TARE_ASSERT_NULL(toml_get(root, "s")->items);
	TARE_ASSERT_NULL(toml_get(root, "i")->str);
	TARE_ASSERT_STREQ(toml_type_name(TOML_STRING), "string");
	TARE_ASSERT_STREQ(toml_type_name(TOML_INTEGER), "integer");
	TARE_ASSERT_STREQ(toml_type_name(TOML_BOOLEAN), "boolean");
	TARE_ASSERT_STREQ(toml_type_name(TOML_ARRAY), "array");
	TARE_ASSERT_STREQ(toml_type_name(TOML_TABLE), "table");
	toml_doc_release(&doc);
}

TARE_TEST(toml_get_handles_absent_and_non_tables)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct toml_value *root = parse(&doc, "a = 1\n[t]\nx = 'y'\n");

	TARE_ASSERT_NULL(toml_get(NULL, "a"));
	TARE_ASSERT_NULL(toml_get(root, "b"));
	TARE_ASSERT_NULL(toml_get(root, NULL));
	TARE_ASSERT_NULL(toml_get(toml_get(root, "a"), "a"));
	TARE_ASSERT_NULL(toml_get(toml_get(root, "t"), "X"));
	TARE_ASSERT_STREQ(toml_get(toml_get(root, "t"), "x")->str, "y");
	toml_doc_release(&doc);
}

TARE_TEST(toml_empty_and_blank_documents)
{
	struct toml_doc doc = TOML_DOC_INIT;

	TARE_ASSERT_EQ(parse(&doc, "")->nr, 0);
	toml_doc_release(&doc);
	TARE_ASSERT_EQ(parse(&doc, "\n\n  \t\n# only a comment")->nr, 0);
	toml_doc_release(&doc);
	TARE_ASSERT_EQ(parse(&doc, "\xef\xbb\xbf" "a = 1")->nr, 1);
	toml_doc_release(&doc);
}

TARE_TEST(toml_integers)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct toml_value *root = parse(&doc,
		"a = 0\nb = +0\nc = -0\nd = 42\ne = +17\nf = -5\n"
		"g = 1_000_000\nh = 9223372036854775807\ni = -9223372036854775808\n"
		"j = 0xDEAD_beef\nk = 0o755\nl = 0b1101_0110\nm = 0x00ff\n"
		"n = 0x7fffffffffffffff\no = 5_3_1\n");

	TARE_ASSERT_EQ(int_at(root, "a"), 0);
	TARE_ASSERT_EQ(int_at(root, "b"), 0);
	TARE_ASSERT_EQ(int_at(root, "c"), 0);
	TARE_ASSERT_EQ(int_at(root, "d"), 42);
	TARE_ASSERT_EQ(int_at(root, "e"), 17);
	TARE_ASSERT_EQ(int_at(root, "f"), -5);
	TARE_ASSERT_EQ(int_at(root, "g"), 1000000);
	TARE_ASSERT_EQ(int_at(root, "h"), INT64_MAX);
	TARE_ASSERT_EQ(int_at(root, "i"), INT64_MIN);
	TARE_ASSERT_EQ(int_at(root, "j"), 0xdeadbeef);
	TARE_ASSERT_EQ(int_at(root, "k"), 0755);
	TARE_ASSERT_EQ(int_at(root, "l"), 0xd6);
	TARE_ASSERT_EQ(int_at(root, "m"), 255);
	TARE_ASSERT_EQ(int_at(root, "n"), INT64_MAX);
	TARE_ASSERT_EQ(int_at(root, "o"), 531);
	toml_doc_release(&doc);
}

TARE_TEST(toml_integer_errors)
{
	ERR("a = 9223372036854775808\n", "tare.toml:1:5: integer is too large");
	ERR("a = 99999999999999999999999\n", "tare.toml:1:5: integer is too large");
	ERR("\n\n\n\nretries =  -9223372036854775809\n",
	    "tare.toml:5:12: integer is too small");
	ERR("a = 0x8000000000000000\n", "tare.toml:1:5: integer is too large");
	ERR("a = 0b11111111111111111111111111111111111111111111111111111111111111111\n",
	    "tare.toml:1:5: integer is too large");
	ERR("a = 0123\n", "tare.toml:1:5: leading zeros are not allowed in integers");
	ERR("a = -01\n", "tare.toml:1:5: leading zeros are not allowed in integers");
	ERR("a = 0_1\n", "tare.toml:1:5: leading zeros are not allowed in integers");
	ERR("a = 1__2\n", "tare.toml:1:6: '_' in an integer must be between two digits");
	ERR("a = 12_\n", "tare.toml:1:7: '_' in an integer must be between two digits");
	ERR("a = 0x_1\n", "tare.toml:1:7: expected a digit, found '_'");
	ERR("a = _1\n", "tare.toml:1:5: expected a value, found '_'");
	ERR("a = 0x\n", "tare.toml:1:7: expected a digit, found end of line");
	ERR("a = 0o8\n", "tare.toml:1:7: expected a digit, found '8'");
	ERR("a = 0b102\n", "tare.toml:1:9: invalid character '2' in integer");
	ERR("a = 0xfg\n", "tare.toml:1:8: invalid character 'g' in integer");
	ERR("a = 0X1F\n", "tare.toml:1:6: invalid character 'X' in integer");
	ERR("a = -0x1\n", "tare.toml:1:5: hexadecimal, octal and binary integers cannot have a sign");
	ERR("a = +\n", "tare.toml:1:6: expected a digit, found end of line");
	ERR("a = -", "tare.toml:1:6: expected a digit, found end of file");
	ERR("a = 12abc\n", "tare.toml:1:7: invalid character 'a' in integer");
	ERR("a = 1,\n", "tare.toml:1:6: expected end of line after value, found ','");
}

TARE_TEST(toml_floats_dates_and_times_are_rejected)
{
	ERR("pi = 3.14\n", "tare.toml:1:6: floating-point values are not supported");
	ERR("x = [1, 2,\n  0.5]\n", "tare.toml:2:3: floating-point values are not supported");
	ERR("ratio = 1e6", "tare.toml:1:9: floating-point values are not supported");
	ERR("ratio = -2E-3", "tare.toml:1:9: floating-point values are not supported");
	ERR("ratio = 1_000.5", "tare.toml:1:9: floating-point values are not supported");
	ERR("ratio = 99999999999999999999.0", "tare.toml:1:9: floating-point values are not supported");
	ERR("a = inf\n", "tare.toml:1:5: floating-point values are not supported");
	ERR("a = +inf\n", "tare.toml:1:5: floating-point values are not supported");
	ERR("a = -nan\n", "tare.toml:1:5: floating-point values are not supported");
	ERR("a = nan # x\n", "tare.toml:1:5: floating-point values are not supported");
	ERR("d = 1979-05-27\n", "tare.toml:1:5: dates and times are not supported");
	ERR("d = 1979-05-27T07:32:00Z\n", "tare.toml:1:5: dates and times are not supported");
	ERR("d = 1979-05-27 07:32:00\n", "tare.toml:1:5: dates and times are not supported");
	ERR("t = 07:32:00\n", "tare.toml:1:5: dates and times are not supported");
	ERR("a = { t = 00:00:00 }\n", "tare.toml:1:11: dates and times are not supported");
}

TARE_TEST(toml_booleans_and_bare_words)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct toml_value *root = parse(&doc, "t = true\nf = false\nl = [true,false]\n");

	TARE_ASSERT_EQ(toml_get(root, "t")->b, 1);
	TARE_ASSERT_EQ(toml_get(root, "f")->b, 0);
	TARE_ASSERT_EQ(toml_get(root, "l")->items[0]->b, 1);
	TARE_ASSERT_EQ(toml_get(root, "l")->items[1]->b, 0);
	toml_doc_release(&doc);

	ERR("a = True\n", "tare.toml:1:5: expected a value, found 'True' (true and false are lowercase)");
	ERR("a = truely\n", "tare.toml:1:5: expected a value, found 'truely' (strings must be quoted)");
	ERR("run-wrapper = valgrind\n",
	    "tare.toml:1:15: expected a value, found 'valgrind' (strings must be quoted)");
	ERR("a = aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeee\n",
	    "tare.toml:1:5: expected a value, found 'aaaaaaaaaabbbbbbbbbbccccccccccdddddddddd...' (strings must be quoted)");
	ERR("a = true false\n", "tare.toml:1:10: expected end of line after value, found 'f'");
	ERR("a =\n", "tare.toml:1:4: expected a value, found end of line");
	ERR("a =", "tare.toml:1:4: expected a value, found end of file");
	ERR("a = # no value\n", "tare.toml:1:5: expected a value, found '#'");
	ERR("a = .5\n", "tare.toml:1:5: expected a value, found '.'");
	ERR("a = \xc3\xa9\n", "tare.toml:1:5: expected a value, found '\xc3\xa9'");
	ERR("a = \x01\n", "tare.toml:1:5: expected a value, found control character U+0001");
}

TARE_TEST(toml_basic_strings_and_escapes)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct toml_value *root = parse(&doc,
		"plain = \"hello world\"\n"
		"esc = \"b\\bt\\tn\\nf\\fr\\rq\\\"s\\\\\"\n"
		"u = \"caf\\u00e9 \\u20AC\"\n"
		"U = \"\\U0001F600\\U0000007a\"\n"
		"raw = \"d\xc3\xa9j\xc3\xa0 vu\tt\"\n"
		"hash = \"# not a comment\"\n"
		"empty = \"\"\n");

	TARE_ASSERT_STREQ(str_at(root, "plain"), "hello world");
	TARE_ASSERT_EQ(toml_get(root, "plain")->str_col_exact, 1);
	TARE_ASSERT_STREQ(str_at(root, "esc"), "b\bt\tn\nf\fr\rq\"s\\");
	TARE_ASSERT_EQ(toml_get(root, "esc")->str_col_exact, 0);
	TARE_ASSERT_STREQ(str_at(root, "u"), "caf\xc3\xa9 \xe2\x82\xac");
	TARE_ASSERT_STREQ(str_at(root, "U"), "\xf0\x9f\x98\x80z");
	TARE_ASSERT_STREQ(str_at(root, "raw"), "d\xc3\xa9j\xc3\xa0 vu\tt");
	TARE_ASSERT_EQ(toml_get(root, "raw")->str_col_exact, 1);
	TARE_ASSERT_STREQ(str_at(root, "hash"), "# not a comment");
	TARE_ASSERT_STREQ(str_at(root, "empty"), "");
	toml_doc_release(&doc);
}

TARE_TEST(toml_escape_errors)
{
	ERR("a = 1\nb = \"\\q\"\n", "tare.toml:2:6: invalid escape '\\q'");
	ERR("a = \"x\\x41\"\n", "tare.toml:1:7: invalid escape '\\x'");
	ERR("a = \"x\\e\"\n", "tare.toml:1:7: invalid escape '\\e'");
	ERR("a = \"x\\ y\"\n", "tare.toml:1:7: invalid escape: '\\' followed by ' '");
	ERR("a = \"x\\\n\"\n", "tare.toml:1:7: invalid escape: '\\' followed by end of line");
	ERR("a = \"x\\\xc3\xa9\"\n", "tare.toml:1:7: invalid escape: '\\' followed by '\xc3\xa9'");
	ERR("a = \"\\u12\"\n", "tare.toml:1:6: invalid escape '\\u12' (expected 4 hexadecimal digits)");
	ERR("a = \"\\U1234567\"\n", "tare.toml:1:6: invalid escape '\\U1234567' (expected 8 hexadecimal digits)");
	ERR("a = \"\\u", "tare.toml:1:6: invalid escape '\\u' (expected 4 hexadecimal digits)");
	ERR("a = \"\\uD800\"\n", "tare.toml:1:6: invalid escape '\\uD800' (surrogate code point)");
	ERR("a = \"\\udfff\"\n", "tare.toml:1:6: invalid escape '\\udfff' (surrogate code point)");
	ERR("a = \"\\U00110000\"\n", "tare.toml:1:6: invalid escape '\\U00110000' (beyond U+10FFFF)");
	ERR("a = \"\\u0000\"\n", "tare.toml:1:6: invalid escape '\\u0000' (NUL characters are not supported)");
	ERR("a = \"\"\"\\U00000000\"\"\"\n",
	    "tare.toml:1:8: invalid escape '\\U00000000' (NUL characters are not supported)");
	ERR("a = 'ok'\nb = \"x\\", "tare.toml:2:5: unterminated string");
}

TARE_TEST(toml_literal_strings)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct toml_value *root = parse(&doc,
		"path = 'C:\\Users\\nodejs\\templates'\n"
		"quoted = 'Tom \"Dubs\" Preston-Werner'\n"
		"regex = '<\\i\\c*\\s*>'\n"
		"empty = ''\n");

	TARE_ASSERT_STREQ(str_at(root, "path"), "C:\\Users\\nodejs\\templates");
	TARE_ASSERT_EQ(toml_get(root, "path")->str_col_exact, 1);
	TARE_ASSERT_STREQ(str_at(root, "quoted"), "Tom \"Dubs\" Preston-Werner");
	TARE_ASSERT_STREQ(str_at(root, "regex"), "<\\i\\c*\\s*>");
	TARE_ASSERT_STREQ(str_at(root, "empty"), "");
	toml_doc_release(&doc);
}

TARE_TEST(toml_multiline_basic_strings)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct toml_value *root = parse(&doc,
		"a = \"\"\"\nRoses are red\nViolets are blue\"\"\"\n"
		"b = \"\"\"one\\ttwo\"\"\"\n"
		"c = \"\"\"\nThe quick brown \\\n\n\n  fox jumps over \\\n    the lazy dog.\"\"\"\n"
		"d = \"\"\"\\\n       The quick brown \\\t \n       fox.\\\n       \"\"\"\n"
		"e = \"\"\"Here are two quotation marks: \"\". Simple enough.\"\"\"\n"
		"f = \"\"\"Here are three: \"\"\\\".\"\"\"\n"
		"g = \"\"\"\"This,\" she said, \"is just a pointless statement.\"\"\"\"\n"
		"h = \"\"\"x\"\"\"\"\"\n"
		"i = \"\"\"\"\"\"\n"
		"j = \"\"\"\r\nwin\r\ndows\r\n\"\"\"\n"
		"k = \"\"\"tab\there # not a comment\n[not.a.table]\"\"\"\n");

	TARE_ASSERT_STREQ(str_at(root, "a"), "Roses are red\nViolets are blue");
	TARE_ASSERT_EQ(toml_get(root, "a")->str_col_exact, 0);
	TARE_ASSERT_STREQ(str_at(root, "b"), "one\ttwo");
	TARE_ASSERT_STREQ(str_at(root, "c"), "The quick brown fox jumps over the lazy dog.");
	TARE_ASSERT_STREQ(str_at(root, "d"), "The quick brown fox.");
	TARE_ASSERT_STREQ(str_at(root, "e"), "Here are two quotation marks: \"\". Simple enough.");
	TARE_ASSERT_STREQ(str_at(root, "f"), "Here are three: \"\"\".");
	TARE_ASSERT_STREQ(str_at(root, "g"), "\"This,\" she said, \"is just a pointless statement.\"");
	TARE_ASSERT_STREQ(str_at(root, "h"), "x\"\"");
	TARE_ASSERT_STREQ(str_at(root, "i"), "");
	TARE_ASSERT_STREQ(str_at(root, "j"), "win\ndows\n");
	TARE_ASSERT_STREQ(str_at(root, "k"), "tab\there # not a comment\n[not.a.table]");
	TARE_ASSERT_EQ(toml_get(root, "k")->line, 24);
	TARE_ASSERT_EQ(toml_get(root, "k")->col, 5);
	TARE_ASSERT_EQ(root->nr, 11);
	toml_doc_release(&doc);
}

TARE_TEST(toml_multiline_literal_strings)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct toml_value *root = parse(&doc,
		"regex2 = '''I [dw]on't need \\d{2} apples'''\n"
		"lines = '''\nThe first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n'''\n"
		"quot15 = '''Here are fifteen quotation marks: \"\"\"\"\"\"\"\"\"\"\"\"\"\"\"'''\n"
		"apos15 = \"Here are fifteen apostrophes: '''''''''''''''\"\n"
		"str = ''''That,' she said, 'is still pointless.''''\n"
		"crlf = '''a\r\nb\\\r\nc'''\n"
		"empty = ''''''\n");

	TARE_ASSERT_STREQ(str_at(root, "regex2"), "I [dw]on't need \\d{2} apples");
	TARE_ASSERT_STREQ(str_at(root, "lines"),
			  "The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n");
	TARE_ASSERT_STREQ(str_at(root, "quot15"),
			  "Here are fifteen quotation marks: \"\"\"\"\"\"\"\"\"\"\"\"\"\"\"");
	TARE_ASSERT_STREQ(str_at(root, "apos15"), "Here are fifteen apostrophes: '''''''''''''''");
	TARE_ASSERT_STREQ(str_at(root, "str"), "'That,' she said, 'is still pointless.'");
	TARE_ASSERT_STREQ(str_at(root, "crlf"), "a\nb\\\nc");
	TARE_ASSERT_STREQ(str_at(root, "empty"), "");
	toml_doc_release(&doc);
}

TARE_TEST(toml_string_errors)
{
	ERR("\n\n\n\n\n\nlong-name = \"abc\n", "tare.toml:7:13: unterminated string");
	ERR("a = \"abc", "tare.toml:1:5: unterminated string");
	ERR("a = 'abc\r\n'", "tare.toml:1:5: unterminated string");
	ERR("a = 'abc", "tare.toml:1:5: unterminated string");
	ERR("a = \"\"\"abc\"\"\n", "tare.toml:1:5: unterminated string");
	ERR("a = '''abc\n\n", "tare.toml:1:5: unterminated string");
	ERR("a = \"\"\"abc\\", "tare.toml:1:5: unterminated string");
	ERR("a = \"a\x01\"\n", "tare.toml:1:7: control character U+0001 is not allowed in strings");
	ERR("a = 'a\x7f'\n", "tare.toml:1:7: control character U+007F is not allowed in strings");
	ERR("a = \"a\rb\"\n", "tare.toml:1:7: control character U+000D is not allowed in strings");
	ERR("a = '''a\rb'''\n", "tare.toml:1:9: control character U+000D is not allowed in strings");
	ERR("a = \"\"\"\n\x1b[0m\"\"\"\n", "tare.toml:2:1: control character U+001B is not allowed in strings");
	ERR("a = \"\"\"x\"\"\"\"\"\"\n", "tare.toml:1:14: expected end of line after value, found '\"'");
	ERR("a = \"x\" \"y\"\n", "tare.toml:1:9: expected end of line after value, found '\"'");
}

TARE_TEST(toml_string_length_limit)
{
	struct toml_doc doc = TOML_DOC_INIT;
	size_t n = TOML_MAX_STRING;
	char *src = malloc(n + 16);
	struct toml_value *root;

	memcpy(src, "a = '", 5);
	memset(src + 5, 'x', n);
	memcpy(src + 5 + n, "'\n", 2);
	root = parse_len(&doc, src, n + 7);
	TARE_ASSERT_EQ(strlen(str_at(root, "a")), n);
	toml_doc_release(&doc);

	memcpy(src, "a = \"x", 6);
	memset(src + 6, 'x', n);
	memcpy(src + 6 + n, "\"\n", 2);
	TARE_ASSERT_STREQ(parse_err_len(src, n + 8),
			  "tare.toml:1:5: string is too long (more than 1048576 bytes)");
	free(src);
}

TARE_TEST(toml_keys)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct toml_value *root = parse(&doc,
		"bare_key = 1\n"
		"bare-key = 2\n"
		"1234 = 3\n"
		"\"127.0.0.1\" = 4\n"
		"\"character encoding\" = 5\n"
		"\"\xca\x8e\xc7\x9d\xca\x9e\" = 6\n"
		"'key2' = 7\n"
		"'quoted \"value\"' = 8\n"
		"\"\" = 9\n"
		"\"tab\\there\" = 10\n"
		"true = 11\n"
		"  indented\t=\t12  \n");

	TARE_ASSERT_EQ(int_at(root, "bare_key"), 1);
	TARE_ASSERT_EQ(int_at(root, "bare-key"), 2);
	TARE_ASSERT_EQ(int_at(root, "1234"), 3);
	TARE_ASSERT_EQ(toml_get(root, "127.0.0.1")->i, 4);
	TARE_ASSERT_EQ(toml_get(root, "character encoding")->i, 5);
	TARE_ASSERT_EQ(toml_get(root, "\xca\x8e\xc7\x9d\xca\x9e")->i, 6);
	TARE_ASSERT_EQ(toml_get(root, "key2")->i, 7);
	TARE_ASSERT_EQ(toml_get(root, "quoted \"value\"")->i, 8);
	TARE_ASSERT_EQ(toml_get(root, "")->i, 9);
	TARE_ASSERT_EQ(toml_get(root, "tab\there")->i, 10);
	TARE_ASSERT_EQ(toml_get(root, "true")->i, 11);
	TARE_ASSERT_EQ(toml_get(root, "indented")->i, 12);
	TARE_ASSERT_EQ(root->entries[11].line, 12);
	TARE_ASSERT_EQ(root->entries[11].col, 3);
	TARE_ASSERT_EQ(root->entries[11].value->col, 14);
	toml_doc_release(&doc);
}

TARE_TEST(toml_key_errors)
{
	ERR("a = 1\n\n\n\n\n\n\n\n= 2\n", "tare.toml:9:1: expected a key, found '='");
	ERR("\n\n\n\n\n\n\n\n\n\n\nkey value\n", "tare.toml:12:5: expected '=' after key");
	ERR("a\n", "tare.toml:1:2: expected '=' after key");
	ERR("a", "tare.toml:1:2: expected '=' after key");
	ERR("a : 1\n", "tare.toml:1:3: expected '=' after key");
	ERR("a. = 1\n", "tare.toml:1:4: expected a key, found '='");
	ERR("a..b = 1\n", "tare.toml:1:3: expected a key, found '.'");
	ERR(".a = 1\n", "tare.toml:1:1: expected a key, found '.'");
	ERR("a.\nb = 1\n", "tare.toml:1:3: expected a key, found end of line");
	ERR("k\xc3\xa9y = 1\n", "tare.toml:1:2: expected '=' after key");
	ERR("\xc3\xa9 = 1\n", "tare.toml:1:1: expected a key, found '\xc3\xa9'");
	ERR("\"\"\"key\"\"\" = 1\n", "tare.toml:1:1: a key cannot be a multi-line string");
	ERR("'''key''' = 1\n", "tare.toml:1:1: a key cannot be a multi-line string");
	ERR("\"key = 1\n", "tare.toml:1:1: unterminated string");
	ERR("a = 1 = 2\n", "tare.toml:1:7: expected end of line after value, found '='");
	ERR("a = 1 b = 2\n", "tare.toml:1:7: expected end of line after value, found 'b'");
	ERR("\"\\u0000\" = 1\n", "tare.toml:1:2: invalid escape '\\u0000' (NUL characters are not supported)");
}

TARE_TEST(toml_key_length_limit)
{
	struct toml_doc doc = TOML_DOC_INIT;
	char src[TOML_MAX_KEY + 64];
	struct toml_value *root;

	memset(src, 'k', TOML_MAX_KEY);
	memcpy(src + TOML_MAX_KEY, " = 1\n", 6);
	root = parse(&doc, src);
	TARE_ASSERT_EQ(strlen(root->entries[0].key), TOML_MAX_KEY);
	toml_doc_release(&doc);

	src[0] = '"';
	memcpy(src + TOML_MAX_KEY, "kk\" = 1\n", 9);
	TARE_ASSERT_STREQ(parse_err(src), "tare.toml:1:1: key is too long (more than 1024 bytes)");
	memcpy(src, "x.", 2);
	memcpy(src + TOML_MAX_KEY, "kkk = 1\n", 9);
	TARE_ASSERT_STREQ(parse_err(src), "tare.toml:1:3: key is too long (more than 1024 bytes)");
}

TARE_TEST(toml_dotted_keys)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct toml_value *root = parse(&doc,
		"name = \"Orange\"\n"
		"physical.color = \"orange\"\n"
		"physical . shape\t.\tkind = \"round\"\n"
		"site.\"google.com\" = true\n"
		"3.14159 = \"pi\"\n"
		"fruit.apple.smooth = true\n"
		"fruit.orange = 2\n"
		"[x]\n"
		"a.b.c = 1\n"
		"a.b.d = 2\n"
		"a.e = 3\n");

	TARE_ASSERT_STREQ(str_at(root, "physical.color"), "orange");
	TARE_ASSERT_STREQ(str_at(root, "physical.shape.kind"), "round");
	TARE_ASSERT_EQ(toml_get(toml_get(root, "site"), "google.com")->b, 1);
	TARE_ASSERT_STREQ(str_at(root, "3.14159"), "pi");
	TARE_ASSERT_EQ(path(root, "fruit.apple.smooth")->b, 1);
	TARE_ASSERT_EQ(int_at(root, "fruit.orange"), 2);
	TARE_ASSERT_EQ(path(root, "fruit")->nr, 2);
	TARE_ASSERT_EQ(int_at(root, "x.a.b.c"), 1);
	TARE_ASSERT_EQ(int_at(root, "x.a.b.d"), 2);
	TARE_ASSERT_EQ(int_at(root, "x.a.e"), 3);
	/* A table made by a dotted key starts where its key part is. */
	TARE_ASSERT_EQ(path(root, "physical.shape")->line, 3);
	TARE_ASSERT_EQ(path(root, "physical.shape")->col, 12);
	TARE_ASSERT_EQ(toml_get(root, "physical")->entries[1].col, 12);
	toml_doc_release(&doc);
}

TARE_TEST(toml_dotted_key_errors)
{
	ERR("a = 1\na.b = 2\n", "tare.toml:2:1: cannot define key 'a.b': 'a' is an integer (line 1)");
	ERR("a.b = 1\na.b.c = 2\n", "tare.toml:2:3: cannot define key 'a.b.c': 'a.b' is an integer (line 1)");
	ERR("a.b = 1\na = 2\n", "tare.toml:2:1: key 'a' is defined twice (first at line 1)");
	ERR("a.b = 1\na.b = 2\n", "tare.toml:2:1: key 'a.b' is defined twice (first at line 1)");
	ERR("a.\"b c\" = 1\na . 'b c' = 2\n",
	    "tare.toml:2:1: key 'a.\"b c\"' is defined twice (first at line 1)");
	ERR("a = { b = 1 }\na.c = 2\n", "tare.toml:2:1: cannot extend inline table 'a' (defined at line 1)");
	ERR("a = [1]\na.c = 2\n", "tare.toml:2:1: cannot define key 'a.c': 'a' is a static array (line 1)");
	ERR("[[a.b]]\n[a]\nb.y = 2\n",
	    "tare.toml:3:1: cannot define key 'b.y': 'b' is an array of tables (line 1)");
	ERR("[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n",
	    "tare.toml:4:1: dotted keys cannot extend table 'b' (made by a table header at line 1)");
	ERR("[a.b]\n[a]\nb.x = 1\n",
	    "tare.toml:3:1: dotted keys cannot extend table 'b' (made by a table header at line 1)");
	ERR("[product]\ntype.name = 'Nail'\ntype = { edible = false }\n",
	    "tare.toml:3:1: key 'type' is defined twice (first at line 2)");
}

TARE_TEST(toml_tables)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct toml_value *root = parse(&doc,
		"top = 0\n"
		"[a.b.c]\n"
		"x = 1\n"
		"[ d . 'e' . \"f\" ]\n"
		"y = 2\n"
		"[a]\n"
		"z = 3\n"
		"[a.b.g]\n"
		"[empty]\n"
		"[fruit]\n"
		"apple.color = \"red\"\n"
		"apple.taste.sweet = true\n"
		"[fruit.apple.texture]\n"
		"smooth = true\n");

	TARE_ASSERT_EQ(int_at(root, "top"), 0);
	TARE_ASSERT_EQ(int_at(root, "a.b.c.x"), 1);
	TARE_ASSERT_EQ(int_at(root, "d.e.f.y"), 2);
	TARE_ASSERT_EQ(int_at(root, "a.z"), 3);
	TARE_ASSERT_EQ(path(root, "a.b.g")->nr, 0);
	TARE_ASSERT_EQ(path(root, "empty")->nr, 0);
	TARE_ASSERT_STREQ(str_at(root, "fruit.apple.color"), "red");
	TARE_ASSERT_EQ(path(root, "fruit.apple.taste.sweet")->b, 1);
	TARE_ASSERT_EQ(path(root, "fruit.apple.texture.smooth")->b, 1);
	/* A table's position is its header's, even after it was made in passing. */
	TARE_ASSERT_EQ(path(root, "a")->line, 6);
	TARE_ASSERT_EQ(path(root, "a.b")->line, 2);
	TARE_ASSERT_EQ(path(root, "a.b")->col, 4);
	TARE_ASSERT_EQ(path(root, "d.e.f")->line, 4);
	TARE_ASSERT_EQ(path(root, "d.e.f")->col, 1);
	TARE_ASSERT_EQ(root->entries[1].line, 2);	/* key "a" */
	TARE_ASSERT_EQ(root->entries[1].col, 2);
	TARE_ASSERT_STREQ(path(root, "a")->entries[0].key, "b");
	TARE_ASSERT_STREQ(path(root, "a")->entries[1].key, "z");
	toml_doc_release(&doc);
}

TARE_TEST(toml_table_errors)
{
	ERR("[profile.ci]\nretries = 1\n[profile.ci]\n",
	    "tare.toml:3:1: table [profile.ci] is defined twice (first at line 1)");
	ERR("[a.b]\n[a]\n[a]\n", "tare.toml:3:1: table [a] is defined twice (first at line 2)");
	ERR("[a]\n[a.b]\n[a]\n", "tare.toml:3:1: table [a] is defined twice (first at line 1)");
	ERR("a = {}\n[a]\n", "tare.toml:2:1: table [a] is defined twice (first at line 1)");
	ERR("[fruit]\napple.color = 'red'\n[fruit.apple]\n",
	    "tare.toml:3:1: table [fruit.apple] is defined twice (first at line 2)");
	ERR("[fruit]\napple.taste.sweet = true\n[fruit.apple.taste]\n",
	    "tare.toml:3:1: table [fruit.apple.taste] is defined twice (first at line 2)");
	ERR("[a]\nb = 1\n[a.b]\n", "tare.toml:3:1: cannot define table [a.b]: 'a.b' is an integer (line 2)");
	ERR("[a]\nb = 1\n[a.b.c]\n", "tare.toml:3:4: cannot define table [a.b.c]: 'a.b' is an integer (line 2)");
	ERR("a = [{}]\n[a.b]\n", "tare.toml:2:2: cannot define table [a.b]: 'a' is a static array (line 1)");
	ERR("a = {b = {}}\n[a.b.c]\n", "tare.toml:2:2: cannot extend inline table 'a' (defined at line 1)");
	ERR("[a]\nretries = 2\n\n    retries = 3\n",
	    "tare.toml:4:5: key 'retries' is defined twice (first at line 2)");
	ERR("[a.b]\n[a]\nb = 1\n", "tare.toml:3:1: key 'b' is defined twice (first at line 1)");
	ERR("[\"a\"]\n['a']\n", "tare.toml:2:1: table [a] is defined twice (first at line 1)");
	ERR("[\"a.b\"]\n['a.b']\n", "tare.toml:2:1: table [\"a.b\"] is defined twice (first at line 1)");
	ERR("[]\n", "tare.toml:1:2: expected a key, found ']'");
	ERR("[a\n", "tare.toml:1:3: expected ']' after table name, found end of line");
	ERR("[a b]\n", "tare.toml:1:4: expected ']' after table name, found 'b'");
	ERR("[a.]\n", "tare.toml:1:4: expected a key, found ']'");
	ERR("[a] b = 1\n", "tare.toml:1:5: expected end of line after table header, found 'b'");
	ERR("[a]]\n", "tare.toml:1:4: expected end of line after table header, found ']'");
	ERR("[[a]\n", "tare.toml:1:5: expected a second ']' after array of tables name, found end of line");
	ERR("[[a] ]\n", "tare.toml:1:5: expected a second ']' after array of tables name, found ' '");
	ERR("[[a\n", "tare.toml:1:4: expected ']]' after array of tables name, found end of line");
	ERR("[ [a]]\n", "tare.toml:1:3: expected a key, found '['");
}

TARE_TEST(toml_arrays_of_tables)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct toml_value *root = parse(&doc,
		"[[fruits]]\n"
		"name = \"apple\"\n"
		"[fruits.physical]\n"
		"color = \"red\"\n"
		"[[fruits.varieties]]\n"
		"name = \"red delicious\"\n"
		"[[fruits.varieties]]\n"
		"name = \"granny smith\"\n"
		"[[fruits]]\n"
		"[[fruits]]\n"
		"name = \"banana\"\n"
		"[[fruits.varieties]]\n"
		"name = \"plantain\"\n"
		"[x]\n"
		"points = [ { x = 1, y = 2 }, { x = 7, y = 8 } ]\n");
	struct toml_value *f = toml_get(root, "fruits"), *v;

	TARE_ASSERT_EQ(f->type, TOML_ARRAY);
	TARE_ASSERT_EQ(f->array_of_tables, 1);
	TARE_ASSERT_EQ(f->nr, 3);
	TARE_ASSERT_EQ(f->line, 1);
	TARE_ASSERT_STREQ(toml_get(f->items[0], "name")->str, "apple");
	TARE_ASSERT_STREQ(str_at(f->items[0], "physical.color"), "red");
	v = toml_get(f->items[0], "varieties");
	TARE_ASSERT_EQ(v->array_of_tables, 1);
	TARE_ASSERT_EQ(v->nr, 2);
	TARE_ASSERT_STREQ(toml_get(v->items[1], "name")->str, "granny smith");
	TARE_ASSERT_EQ(v->items[1]->line, 7);
	TARE_ASSERT_EQ(f->items[1]->nr, 0);
	TARE_ASSERT_EQ(f->items[1]->line, 9);
	TARE_ASSERT_STREQ(toml_get(f->items[2], "name")->str, "banana");
	TARE_ASSERT_STREQ(toml_get(toml_get(f->items[2], "varieties")->items[0], "name")->str,
			  "plantain");
	v = path(root, "x.points");
	TARE_ASSERT_EQ(v->array_of_tables, 0);
	TARE_ASSERT_EQ(v->nr, 2);
	TARE_ASSERT_EQ(v->items[1]->type, TOML_TABLE);
	TARE_ASSERT_EQ(toml_get(v->items[1], "y")->i, 8);
	toml_doc_release(&doc);
}

TARE_TEST(toml_array_of_tables_errors)
{
	ERR("[a]\n[[a]]\n", "tare.toml:2:1: cannot define array of tables [[a]]: 'a' is a table (line 1)");
	ERR("[a.b]\n[[a]]\n", "tare.toml:2:1: cannot define array of tables [[a]]: 'a' is a table (line 1)");
	ERR("[[a]]\n[a]\n", "tare.toml:2:1: cannot define table [a]: 'a' is an array of tables (line 1)");
	ERR("a = []\n[[a]]\n", "tare.toml:2:1: cannot define array of tables [[a]]: 'a' is a static array (line 1)");
	ERR("a = {}\n[[a]]\n", "tare.toml:2:1: cannot define array of tables [[a]]: 'a' is an inline table (line 1)");
	ERR("a = 'x'\n[[a]]\n", "tare.toml:2:1: cannot define array of tables [[a]]: 'a' is a string (line 1)");
	ERR("a = true\n[[a.b]]\n", "tare.toml:2:3: cannot define array of tables [[a.b]]: 'a' is a boolean (line 1)");
	ERR("[[fruits]]\n[fruits.varieties]\n[[fruits.varieties]]\n",
	    "tare.toml:3:1: cannot define array of tables [[fruits.varieties]]: 'fruits.varieties' is a table (line 2)");
	ERR("[[a]]\nb = 1\n[[a]]\nb = 1\nb = 2\n",
	    "tare.toml:5:1: key 'b' is defined twice (first at line 4)");
	ERR("[[a]]\n[a.b]\n[a.b]\n", "tare.toml:3:1: table [a.b] is defined twice (first at line 2)");
}

TARE_TEST(toml_inline_tables)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct toml_value *root = parse(&doc,
		"name = { first = \"Tom\", last = \"Preston-Werner\" }\n"
		"point = {x=1,y=2}\n"
		"animal = { type.name = \"pug\", type.legs = 4 }\n"
		"nested = { a = { b = { c = [1, { d = 'e' }] } } }\n"
		"empty = {  }\n"
		"multi = { list = [\n  1, # one\n  2,\n] }\n");
	struct toml_value *t = toml_get(root, "name");

	TARE_ASSERT_EQ(t->type, TOML_TABLE);
	TARE_ASSERT_EQ(t->nr, 2);
	TARE_ASSERT_EQ(t->line, 1);
	TARE_ASSERT_EQ(t->col, 8);
	TARE_ASSERT_STREQ(t->entries[0].key, "first");
	TARE_ASSERT_EQ(t->entries[0].col, 10);
	TARE_ASSERT_STREQ(t->entries[1].key, "last");
	TARE_ASSERT_EQ(int_at(root, "point.y"), 2);
	TARE_ASSERT_STREQ(str_at(root, "animal.type.name"), "pug");
	TARE_ASSERT_EQ(int_at(root, "animal.type.legs"), 4);
	TARE_ASSERT_STREQ(str_at(path(root, "nested.a.b.c")->items[1], "d"), "e");
	TARE_ASSERT_EQ(path(root, "empty")->nr, 0);
	TARE_ASSERT_EQ(path(root, "multi.list")->nr, 2);
	toml_doc_release(&doc);
}

TARE_TEST(toml_inline_table_errors)
{
	ERR("a = { b = 1, }\n", "tare.toml:1:12: trailing comma is not allowed in inline tables");
	ERR("a = {\n b = 1 }\n", "tare.toml:1:6: expected a key, found end of line (inline tables must be on one line)");
	ERR("a = { b = 1\n }\n",
	    "tare.toml:1:12: expected ',' or '}' in inline table, found end of line (inline tables must be on one line)");
	ERR("a = { b = 1,\n c = 2 }\n",
	    "tare.toml:1:13: expected a key, found end of line (inline tables must be on one line)");
	ERR("a = { b = 1", "tare.toml:1:12: expected ',' or '}' in inline table, found end of file (inline tables must be on one line)");
	ERR("a = { b = 1 c = 2 }\n", "tare.toml:1:13: expected ',' or '}' in inline table, found 'c'");
	ERR("a = { b = 1, b = 2 }\n", "tare.toml:1:14: key 'b' is defined twice (first at line 1)");
	ERR("a = { b = 1 # no }\n", "tare.toml:1:13: expected ',' or '}' in inline table, found '#'");
	ERR("a = { , }\n", "tare.toml:1:7: expected a key, found ','");
	ERR("a = { b.c = 1, b = 2 }\n", "tare.toml:1:16: key 'b' is defined twice (first at line 1)");
	ERR("a = { b = {}, b.c = 2 }\n", "tare.toml:1:15: cannot extend inline table 'b' (defined at line 1)");
	ERR("a = { b }\n", "tare.toml:1:9: expected '=' after key");
	ERR("a = {b=1}\n[a.c]\n", "tare.toml:2:2: cannot extend inline table 'a' (defined at line 1)");
}

TARE_TEST(toml_arrays)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct toml_value *root = parse(&doc,
		"integers = [ 1, 2, 3 ]\n"
		"colors = [ \"red\", 'yellow', \"\"\"green\"\"\" ]\n"
		"nested = [ [ 1, 2 ], [\"a\", \"b\", [true]] ]\n"
		"mixed = [ 1, 'two', false, {x = 3}, [] ]\n"
		"trailing = [1,2,]\n"
		"empty = []\n"
		"spaced = [\n"
		"  # leading comment\n"
		"\n"
		"  1 , # one\n"
		"  2 # two\n"
		"  , 3\n"
		"  , # after comma\n"
		"] # after array\n"
		"tight=[1,[2,[3]]]\n");
	struct toml_value *v;

	v = toml_get(root, "integers");
	TARE_ASSERT_EQ(v->nr, 3);
	TARE_ASSERT_EQ(v->items[2]->i, 3);
	TARE_ASSERT_EQ(v->items[2]->col, 20);
	v = toml_get(root, "colors");
	TARE_ASSERT_STREQ(v->items[0]->str, "red");
	TARE_ASSERT_STREQ(v->items[1]->str, "yellow");
	TARE_ASSERT_STREQ(v->items[2]->str, "green");
	v = toml_get(root, "nested");
	TARE_ASSERT_EQ(v->nr, 2);
	TARE_ASSERT_EQ(v->items[1]->nr, 3);
	TARE_ASSERT_EQ(v->items[1]->items[2]->items[0]->b, 1);
	v = toml_get(root, "mixed");
	TARE_ASSERT_EQ(v->nr, 5);
	TARE_ASSERT_EQ(v->items[0]->type, TOML_INTEGER);
	TARE_ASSERT_EQ(v->items[1]->type, TOML_STRING);
	TARE_ASSERT_EQ(v->items[2]->type, TOML_BOOLEAN);
	TARE_ASSERT_EQ(v->items[3]->type, TOML_TABLE);
	TARE_ASSERT_EQ(v->items[4]->type, TOML_ARRAY);
	TARE_ASSERT_EQ(toml_get(root, "trailing")->nr, 2);
	TARE_ASSERT_EQ(toml_get(root, "empty")->nr, 0);
	v = toml_get(root, "spaced");
	TARE_ASSERT_EQ(v->nr, 3);
	TARE_ASSERT_EQ(v->items[0]->line, 10);
	TARE_ASSERT_EQ(v->items[0]->col, 3);
	TARE_ASSERT_EQ(v->items[2]->line, 12);
	TARE_ASSERT_EQ(v->items[2]->col, 5);
	v = toml_get(root, "tight");
	TARE_ASSERT_EQ(v->items[1]->items[1]->items[0]->i, 3);
	toml_doc_release(&doc);
}

TARE_TEST(toml_array_errors)
{
	ERR("a = [1 2]\n", "tare.toml:1:8: expected ',' or ']' after array item, found '2'");
	ERR("a = [1,,2]\n", "tare.toml:1:8: expected a value, found ','");
	ERR("a = [,]\n", "tare.toml:1:6: expected a value, found ','");
	ERR("a = [1, 2\n", "tare.toml:1:5: unterminated array");
	ERR("a = [\n  1,\n  # c\n", "tare.toml:1:5: unterminated array");
	ERR("a = [1}\n", "tare.toml:1:7: expected ',' or ']' after array item, found '}'");
	ERR("a = [1] ]\n", "tare.toml:1:9: expected end of line after value, found ']'");
	ERR("a = [ # bad \x02 comment\n]\n",
	    "tare.toml:1:13: control character U+0002 is not allowed in comments");
	ERR("a = [\n[1, 2],\n[3, \"x]\n",
	    "tare.toml:3:5: unterminated string");
}

TARE_TEST(toml_nesting_limit)
{
	struct toml_doc doc = TOML_DOC_INIT;
	char src[512];
	size_t n = 0;
	int i;

	/* 32 arrays deep is fine, 33 is not. */
	n = (size_t)snprintf(src, sizeof(src), "a = ");
	for (i = 0; i < TOML_MAX_DEPTH; i++)
		src[n++] = '[';
	for (i = 0; i < TOML_MAX_DEPTH; i++)
		src[n++] = ']';
	src[n] = '\0';
	parse(&doc, src);
	toml_doc_release(&doc);
	n = (size_t)snprintf(src, sizeof(src), "a = ");
	for (i = 0; i < TOML_MAX_DEPTH + 1; i++)
		src[n++] = '[';
	for (i = 0; i < TOML_MAX_DEPTH + 1; i++)
		src[n++] = ']';
	src[n] = '\0';
	TARE_ASSERT_STREQ(parse_err(src), "tare.toml:1:37: nesting is too deep (more than 32 levels)");

	/* Every level counts, whichever way it was written. */
	n = 0;
	for (i = 0; i < 30; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n, "k.");
	n += (size_t)snprintf(src + n, sizeof(src) - n, "a = { b = [ 1 ] }");
	parse(&doc, src);
	toml_doc_release(&doc);
	n = 0;
	for (i = 0; i < 31; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n, "k.");
	n += (size_t)snprintf(src + n, sizeof(src) - n, "a = { b = [ 1 ] }");
	TARE_ASSERT_STREQ(parse_err(src), "tare.toml:1:73: nesting is too deep (more than 32 levels)");

	n = (size_t)snprintf(src, sizeof(src), "[");
	for (i = 0; i < TOML_MAX_DEPTH; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n, "%sk", i ? "." : "");
	n += (size_t)snprintf(src + n, sizeof(src) - n, "]\nx = 1\n");
	parse(&doc, src);
	toml_doc_release(&doc);
	TARE_ASSERT_STREQ(parse_err(
		"[a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.A.B.C.D.E.F.G]\n"),
		"tare.toml:1:66: nesting is too deep (more than 32 levels)");
	TARE_ASSERT_STREQ(parse_err(
		"[[a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.A.B.C.D.E.F]]\n"),
		"tare.toml:1:65: nesting is too deep (more than 32 levels)");
	TARE_ASSERT_STREQ(parse_err(
		"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.A.B.C.D.E.F.G.H = 1\n"),
		"tare.toml:1:67: nesting is too deep (more than 32 levels)");
	/* 33 parts: 32 tables and a value, which may not be a 33rd level. */
	TARE_ASSERT_STREQ(parse_err(
		"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.A.B.C.D.E.F.G = []\n"),
		"tare.toml:1:69: nesting is too deep (more than 32 levels)");
	parse(&doc, "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.A.B.C.D.E.F.G = 1\n");
	toml_doc_release(&doc);
}

TARE_TEST(toml_crlf_line_endings)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct toml_value *root = parse(&doc,
		"# config\r\n"
		"a = 1\r\n"
		"\r\n"
		"[t] # table\r\n"
		"s = 'x' # comment\r\n"
		"arr = [\r\n  1,\r\n  2\r\n]\r\n"
		"m = \"\"\"\r\nline\\\r\n  next\"\"\"\r\n");

	TARE_ASSERT_EQ(int_at(root, "a"), 1);
	TARE_ASSERT_STREQ(str_at(root, "t.s"), "x");
	TARE_ASSERT_EQ(path(root, "t.s")->line, 5);
	TARE_ASSERT_EQ(path(root, "t.s")->col, 5);
	TARE_ASSERT_EQ(path(root, "t.arr")->nr, 2);
	TARE_ASSERT_EQ(path(root, "t.arr")->items[1]->line, 8);
	TARE_ASSERT_STREQ(str_at(root, "t.m"), "linenext");
	toml_doc_release(&doc);

	ERR("a = 1\rb = 2\n", "tare.toml:1:6: expected end of line after value, found control character U+000D");
	ERR("a = 1\r", "tare.toml:1:6: expected end of line after value, found control character U+000D");
	ERR("\r\n\r\nx = 'y\r\n", "tare.toml:3:5: unterminated string");
	ERR("# c\r\r\n", "tare.toml:1:4: control character U+000D is not allowed in comments");
}

TARE_TEST(toml_comments)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct toml_value *root = parse(&doc,
		"# full-line comment\n"
		"   # indented comment\n"
		"key = \"value\" # trailing \"comment\" with 'quotes' and = signs\n"
		"[t] # after a header\n"
		"[[aot]]# right after\n"
		"x = 1#tight\n"
		"# tab\tand \xc3\xa9t\xc3\xa9 and \xf0\x9f\x98\x80 are fine\n"
		"#\n"
		"y = [ # in arrays\n 1 # too\n ] # and after\n"
		"# last line without newline");

	TARE_ASSERT_STREQ(str_at(root, "key"), "value");
	TARE_ASSERT_EQ(toml_get(root, "aot")->nr, 1);
	TARE_ASSERT_EQ(toml_get(toml_get(root, "aot")->items[0], "x")->i, 1);
	TARE_ASSERT_EQ(toml_get(toml_get(root, "aot")->items[0], "y")->nr, 1);
	toml_doc_release(&doc);

	ERR("# bell \x07\n", "tare.toml:1:8: control character U+0007 is not allowed in comments");
	ERR("a = 1 # del \x7f\n", "tare.toml:1:13: control character U+007F is not allowed in comments");
}

TARE_TEST(toml_nul_and_control_bytes)
{
	static const char nul_in_string[] = "a = 'x\0y'\n";
	static const char nul_in_key[] = "a\0 = 1\n";
	static const char nul_in_comment[] = "a = 1\n# nul \0 here\n";

	TARE_ASSERT_STREQ(parse_err_len(nul_in_string, sizeof(nul_in_string) - 1),
			  "tare.toml:1:7: control character U+0000 is not allowed in strings");
	TARE_ASSERT_STREQ(parse_err_len(nul_in_key, sizeof(nul_in_key) - 1),
			  "tare.toml:1:2: expected '=' after key");
	TARE_ASSERT_STREQ(parse_err_len(nul_in_comment, sizeof(nul_in_comment) - 1),
			  "tare.toml:2:7: control character U+0000 is not allowed in comments");
	ERR("\x0c = 1\n", "tare.toml:1:1: expected a key, found control character U+000C");
	ERR("\ta = 1\n\x1f", "tare.toml:2:1: expected a key, found control character U+001F");
}

TARE_TEST(toml_invalid_utf8_is_rejected)
{
	ERR("a = \"\xff\"\n", "tare.toml:1:6: invalid UTF-8 (byte 0xff)");
	ERR("a = 1\n# \xc3\n", "tare.toml:2:3: invalid UTF-8 (byte 0xc3)");
	ERR("a = 1\nb = 2\nk\xe9y = 3\n", "tare.toml:3:2: invalid UTF-8 (byte 0xe9)");
	ERR("a = '\xc0\xaf'\n", "tare.toml:1:6: invalid UTF-8 (byte 0xc0)");		/* overlong */
	ERR("a = '\xe0\x80\xaf'\n", "tare.toml:1:6: invalid UTF-8 (byte 0xe0)");	/* overlong */
	ERR("a = '\xed\xa0\x80'\n", "tare.toml:1:6: invalid UTF-8 (byte 0xed)");	/* surrogate */
	ERR("a = '\xf4\x90\x80\x80'\n", "tare.toml:1:6: invalid UTF-8 (byte 0xf4)");	/* > U+10FFFF */
	ERR("a = '\xf0\x9f\x98'", "tare.toml:1:6: invalid UTF-8 (byte 0xf0)");	/* truncated */
	ERR("a = '\x80'\n", "tare.toml:1:6: invalid UTF-8 (byte 0x80)");
	ERR("\xef\xbb\xbf\xef\xbb\xbf = 1\n", "tare.toml:1:2: expected a key, found '\xef\xbb\xbf'");
}

TARE_TEST(toml_input_size_limit)
{
	struct toml_doc doc = TOML_DOC_INIT;
	char *src = malloc(TOML_MAX_INPUT + 1);

	memset(src, ' ', TOML_MAX_INPUT + 1);
	memcpy(src + TOML_MAX_INPUT - 6, "a = 1\n", 6);
	TARE_ASSERT_EQ(int_at(parse_len(&doc, src, TOML_MAX_INPUT), "a"), 1);
	toml_doc_release(&doc);
	TARE_ASSERT_STREQ(parse_err_len(src, TOML_MAX_INPUT + 1),
			  "tare.toml:1:1: file is too large (more than 4194304 bytes)");
	free(src);
}

TARE_TEST(toml_input_need_not_be_nul_terminated)
{
	struct toml_doc doc = TOML_DOC_INIT;
	static const char src[] = "a = 12345";
	static const char str[] = "s = 'abc'";
	struct toml_value *root;

	/* The length is the truth: the parser never looks past it. */
	root = parse_len(&doc, src, 7);
	TARE_ASSERT_EQ(int_at(root, "a"), 123);
	toml_doc_release(&doc);
	TARE_ASSERT_STREQ(parse_err_len(str, 8), "tare.toml:1:5: unterminated string");
	TARE_ASSERT_STREQ(parse_err_len("tru", 3), "tare.toml:1:4: expected '=' after key");
	TARE_ASSERT_STREQ(parse_err_len("a = tru", 7),
			  "tare.toml:1:5: expected a value, found 'tru' (strings must be quoted)");
	TARE_ASSERT_STREQ(parse_err_len("a = \"\\u00e", 10),
			  "tare.toml:1:6: invalid escape '\\u00e' (expected 4 hexadecimal digits)");
	TARE_ASSERT_STREQ(parse_err_len("a = '''x''", 10), "tare.toml:1:5: unterminated string");
	TARE_ASSERT_STREQ(parse_err_len("[[a]", 4),
			  "tare.toml:1:5: expected a second ']' after array of tables name, found end of file");
}

TARE_TEST(toml_positions_and_exact_columns)
{
	struct toml_doc doc = TOML_DOC_INIT;
	const char *src =
		"[profile.ci]\n"
		"filter = 'test(/^slow_/) & tab\there'\n"
		"\tname = \"caf\xc3\xa9 x\"\n"
		"esc = \"a\\tb\"\n";
	struct toml_value *root = parse(&doc, src), *v;
	const char *line2 = strchr(src, '\n') + 1;

	v = path(root, "profile.ci.filter");
	TARE_ASSERT_EQ(v->line, 2);
	TARE_ASSERT_EQ(v->col, 10);
	TARE_ASSERT_EQ(v->str_col_exact, 1);
	/* Byte k of the string is at column col + 1 + k. */
	TARE_ASSERT_EQ(v->str[5], '/');
	TARE_ASSERT_EQ(line2[(v->col + 1 + 5) - 1], '/');
	TARE_ASSERT_MEMEQ(line2 + v->col, v->str, strlen(v->str));
	v = path(root, "profile.ci.name");
	TARE_ASSERT_EQ(v->line, 3);
	TARE_ASSERT_EQ(v->col, 9);
	TARE_ASSERT_EQ(v->str_col_exact, 1);
	TARE_ASSERT_EQ(path(root, "profile.ci")->entries[1].col, 2);
	TARE_ASSERT_EQ(path(root, "profile.ci.esc")->str_col_exact, 0);
	TARE_ASSERT_EQ(path(root, "profile")->line, 1);
	TARE_ASSERT_EQ(path(root, "profile")->col, 2);
	toml_doc_release(&doc);
}

TARE_TEST(toml_large_tables_use_the_index)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct strbuf src = STRBUF_INIT;
	struct toml_value *root;
	char key[32];
	int i;

	for (i = 0; i < 5000; i++)
		strbuf_addf(&src, "key%d = %d\n", i, i);
	root = parse(&doc, src.buf);
	TARE_ASSERT_EQ(root->nr, 5000);
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "key%d", i);
		TARE_ASSERT_EQ(int_at(root, key), i);
		TARE_ASSERT_STREQ(root->entries[i].key, key);
	}
	TARE_ASSERT_NULL(toml_get(root, "key5000"));
	toml_doc_release(&doc);
	strbuf_addstr(&src, "key4321 = 0\n");
	TARE_ASSERT_STREQ(parse_err(src.buf),
			  "tare.toml:5001:1: key 'key4321' is defined twice (first at line 4322)");
	strbuf_release(&src);
}

TARE_TEST(toml_error_replaces_err_and_tolerates_null)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct strbuf err = STRBUF_INIT;

	strbuf_addstr(&err, "old");
	TARE_ASSERT_EQ(toml_parse(&doc, "x", 1, "cfg.toml", &err), -1);
	TARE_ASSERT_STREQ(err.buf, "cfg.toml:1:2: expected '=' after key");
	TARE_ASSERT_EQ(toml_parse(&doc, "x", 1, NULL, &err), -1);
	TARE_ASSERT_STREQ(err.buf, "<input>:1:2: expected '=' after key");
	TARE_ASSERT_EQ(toml_parse(&doc, "x", 1, NULL, NULL), -1);
	TARE_ASSERT_NULL(doc.root);
	toml_doc_release(&doc);
	TARE_ASSERT_EQ(toml_parse(&doc, "x=1", 3, NULL, NULL), 0);
	TARE_ASSERT_EQ(doc.root->entries[0].value->i, 1);
	toml_doc_release(&doc);
	TARE_ASSERT_NULL(doc.root);
	strbuf_release(&err);
}
