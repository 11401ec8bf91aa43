#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tare.h"
#include "json.h"
#include "strbuf.h"

/*
 * The message of the last failed parse. A static copy, because a failed
 * assertion skips any cleanup after it.
 */
static char json_last_err[1024];

/* Releases what doc held first, since json_parse() overwrites it. */
static struct json_value *parse_len(struct json_doc *doc, const char *src,
				    size_t len)
{
	struct strbuf err = STRBUF_INIT;

	json_doc_release(doc);
	if (json_parse(doc, src, len, "baseline.json", &err) < 0) {
		snprintf(json_last_err, sizeof(json_last_err), "%s", err.buf);
		strbuf_release(&err);
		TARE_FAIL("unexpected parse error: %s", json_last_err);
	}
	strbuf_release(&err);
	TARE_ASSERT_NOT_NULL(doc->root);
	return doc->root;
}

static struct json_value *parse(struct json_doc *doc, const char *src)
{
	return parse_len(doc, src, strlen(src));
}

static const char *parse_err_len(const char *src, size_t len)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct strbuf err = STRBUF_INIT;
	int ret;

	strbuf_addstr(&err, "stale text that must be replaced");
	ret = json_parse(&doc, src, len, "baseline.json", &err);
	snprintf(json_last_err, sizeof(json_last_err), "%s", err.buf);
	strbuf_release(&err);
	TARE_ASSERT_NULL(doc.root);
	json_doc_release(&doc);
	if (ret != -1)
		TARE_FAIL("parse of \"%s\" succeeded, expected an error", src);
	return json_last_err;
}

static const char *parse_err(const char *src)
{
	return parse_err_len(src, strlen(src));
}

#define ERR(src, msg) TARE_ASSERT_STREQ(parse_err(src), msg)

/* The one number src holds, parsed. */
static struct json_value number(struct json_doc *doc, const char *src)
{
	struct json_value *v = parse(doc, src);

	TARE_ASSERT_EQ(v->type, JSON_NUMBER);
	return *v;
}

/* The one string src holds, parsed. */
static const char *string(struct json_doc *doc, const char *src)
{
	struct json_value *v = parse(doc, src);

	TARE_ASSERT_EQ(v->type, JSON_STRING);
	TARE_ASSERT_EQ(v->len, strlen(v->str));
	return v->str;
}

static const char summary[] =
	"{\n"
	"  \"tare_version\": \"0.1.0\",\n"
	"  \"test_count\": 3,\n"
	"  \"binaries\": [\n"
	"    {\"id\": \"unit\", \"path\": \"build/tests/unit\", \"listed\": true,\n"
	"     \"tests\": [{\"name\": \"ring_push\", \"median\": 0.0031, \"runs\": 20},\n"
	"               {\"name\": \"ring_pop\", \"median\": 1.5e-4, \"runs\": 20}]},\n"
	"    {\"id\": \"cli\", \"path\": null, \"listed\": false, \"tests\": []}\n"
	"  ],\n"
	"  \"extra\": {}\n"
	"}\n";

TARE_TEST(json_parse_reads_a_summary)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct json_value *root = parse(&doc, summary), *b, *t;
	int64_t n = -1;

	TARE_ASSERT_EQ(root->type, JSON_OBJECT);
	TARE_ASSERT_EQ(root->line, 1);
	TARE_ASSERT_EQ(root->col, 1);
	TARE_ASSERT_EQ(root->nr, 4);
	TARE_ASSERT_STREQ(root->members[0].key, "tare_version");
	TARE_ASSERT_STREQ(root->members[1].key, "test_count");
	TARE_ASSERT_STREQ(root->members[2].key, "binaries");
	TARE_ASSERT_STREQ(root->members[3].key, "extra");
	TARE_ASSERT_STREQ(json_get_string(root, "tare_version", NULL), "0.1.0");
	TARE_ASSERT_EQ(json_get_int(root, "test_count", &n), 0);
	TARE_ASSERT_EQ(n, 3);

	b = json_get(root, "binaries");
	TARE_ASSERT_EQ(b->type, JSON_ARRAY);
	TARE_ASSERT_EQ(b->nr, 2);
	TARE_ASSERT_EQ(b->line, 4);
	TARE_ASSERT_EQ(b->col, 15);
	TARE_ASSERT_STREQ(json_get_string(b->items[0], "path", NULL), "build/tests/unit");
	TARE_ASSERT_EQ(json_get(b->items[0], "listed")->type, JSON_BOOL);
	TARE_ASSERT_EQ(json_get(b->items[0], "listed")->b, 1);
	TARE_ASSERT_EQ(json_get(b->items[1], "listed")->b, 0);
	TARE_ASSERT_EQ(json_get(b->items[1], "path")->type, JSON_NULL);
	TARE_ASSERT_EQ(json_get(b->items[1], "tests")->nr, 0);
	TARE_ASSERT_NULL(json_get(b->items[1], "tests")->items);

	t = json_get(b->items[0], "tests");
	TARE_ASSERT_EQ(t->nr, 2);
	TARE_ASSERT_STREQ(json_get_string(t->items[1], "name", NULL), "ring_pop");
	TARE_ASSERT_NEAR(json_get(t->items[0], "median")->num, 0.0031, 1e-12);
	TARE_ASSERT_EQ(json_get(t->items[0], "median")->is_int, 0);
	TARE_ASSERT_NEAR(json_get(t->items[1], "median")->num, 1.5e-4, 1e-15);
	TARE_ASSERT_EQ(json_get(t->items[1], "median")->line, 7);
	TARE_ASSERT_EQ(json_get(t->items[1], "median")->col, 47);
	TARE_ASSERT_EQ(json_get(t->items[1], "runs")->i, 20);

	TARE_ASSERT_EQ(json_get(root, "extra")->type, JSON_OBJECT);
	TARE_ASSERT_EQ(json_get(root, "extra")->nr, 0);
	TARE_ASSERT_NULL(json_get(root, "extra")->members);
	json_doc_release(&doc);
	json_doc_release(&doc);	/* twice is harmless */
}

TARE_TEST(json_parse_any_top_level_value)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct json_value *v;

	TARE_ASSERT_EQ(parse(&doc, "null")->type, JSON_NULL);
	v = parse(&doc, " \t\r\n true \r\n");
	TARE_ASSERT_EQ(v->type, JSON_BOOL);
	TARE_ASSERT_EQ(v->b, 1);
	TARE_ASSERT_EQ(v->line, 2);
	TARE_ASSERT_EQ(v->col, 2);
	TARE_ASSERT_EQ(parse(&doc, "false")->b, 0);
	TARE_ASSERT_EQ(parse(&doc, "7")->i, 7);
	TARE_ASSERT_STREQ(string(&doc, "\"\""), "");
	TARE_ASSERT_EQ(parse(&doc, "[]")->nr, 0);
	TARE_ASSERT_EQ(parse(&doc, "{}")->nr, 0);
	/* A byte order mark is skipped, but counts as a column (one character). */
	v = parse(&doc, "\xef\xbb\xbf[1]");
	TARE_ASSERT_EQ(v->type, JSON_ARRAY);
	TARE_ASSERT_EQ(v->col, 2);
	json_doc_release(&doc);
}

TARE_TEST(json_parse_numbers)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct json_value v;

	v = number(&doc, "0");
	TARE_ASSERT_EQ(v.is_int, 1);
	TARE_ASSERT_EQ(v.i, 0);
	v = number(&doc, "-0");
	TARE_ASSERT_EQ(v.is_int, 1);
	TARE_ASSERT_EQ(v.i, 0);
	TARE_ASSERT(signbit(v.num));
	v = number(&doc, "-123");
	TARE_ASSERT_EQ(v.i, -123);
	TARE_ASSERT_NEAR(v.num, -123.0, 0);
	v = number(&doc, "1.5");
	TARE_ASSERT_EQ(v.is_int, 0);
	TARE_ASSERT_EQ(v.i, 0);
	TARE_ASSERT_NEAR(v.num, 1.5, 0);
	v = number(&doc, "-0.25e+2");
	TARE_ASSERT_NEAR(v.num, -25.0, 0);
	v = number(&doc, "1E2");
	TARE_ASSERT_EQ(v.is_int, 0);
	TARE_ASSERT_NEAR(v.num, 100.0, 0);
	v = number(&doc, "1e-2");
	TARE_ASSERT_NEAR(v.num, 0.01, 0);
	v = number(&doc, "1.0");
	TARE_ASSERT_EQ(v.is_int, 0);
	TARE_ASSERT_NEAR(v.num, 1.0, 0);
	v = number(&doc, "0.1");
	TARE_ASSERT(v.num == 0.1);	/* the nearest double, as strtod reads it */
	v = number(&doc, "1.7976931348623157e308");
	TARE_ASSERT(v.num == 1.7976931348623157e308);
	/* Too small to tell from zero is fine; too large is not. */
	v = number(&doc, "1e-400");
	TARE_ASSERT(v.num == 0);
	v = number(&doc, "123456789012345678901234567890");
	TARE_ASSERT_EQ(v.is_int, 0);
	TARE_ASSERT(v.num == 123456789012345678901234567890.0);
	json_doc_release(&doc);
}

TARE_TEST(json_parse_int64_limits)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct json_value v;
	int64_t n = 42;

	v = number(&doc, "9223372036854775807");
	TARE_ASSERT_EQ(v.is_int, 1);
	TARE_ASSERT_EQ(v.i, INT64_MAX);
	TARE_ASSERT(v.num == 9223372036854775807.0);
	v = number(&doc, "-9223372036854775808");
	TARE_ASSERT_EQ(v.is_int, 1);
	TARE_ASSERT_EQ(v.i, INT64_MIN);
	v = number(&doc, "9223372036854775808");
	TARE_ASSERT_EQ(v.is_int, 0);
	TARE_ASSERT_EQ(v.i, 0);
	TARE_ASSERT(v.num == 9223372036854775808.0);
	v = number(&doc, "-9223372036854775809");
	TARE_ASSERT_EQ(v.is_int, 0);
	TARE_ASSERT(v.num == -9223372036854775808.0);
	v = number(&doc, "18446744073709551615");	/* json_uint's largest */
	TARE_ASSERT_EQ(v.is_int, 0);
	TARE_ASSERT(v.num == 18446744073709551616.0);
	v = number(&doc, "99999999999999999999");
	TARE_ASSERT_EQ(v.is_int, 0);

	parse(&doc, "{\"big\": 9223372036854775808, \"max\": 9223372036854775807, \"f\": 2.0}");
	TARE_ASSERT_EQ(json_get_int(doc.root, "big", &n), -1);
	TARE_ASSERT_EQ(json_get_int(doc.root, "f", &n), -1);
	TARE_ASSERT_EQ(n, 42);
	TARE_ASSERT_EQ(json_get_int(doc.root, "max", &n), 0);
	TARE_ASSERT_EQ(n, INT64_MAX);
	json_doc_release(&doc);
}

TARE_TEST(json_parse_number_errors)
{
	ERR("01", "baseline.json:1:1: leading zeros are not allowed in numbers");
	ERR("[1, -00.5]", "baseline.json:1:5: leading zeros are not allowed in numbers");
	ERR("-", "baseline.json:1:2: expected a digit after '-', found end of file");
	ERR("[-a]", "baseline.json:1:3: expected a digit after '-', found 'a'");
	ERR("[- 1]", "baseline.json:1:3: expected a digit after '-', found ' '");
	ERR("-Infinity", "baseline.json:1:2: expected a digit after '-', found 'I'");
	ERR("1.", "baseline.json:1:3: expected a digit after '.', found end of file");
	ERR("1.e3", "baseline.json:1:3: expected a digit after '.', found 'e'");
	ERR("1e", "baseline.json:1:3: expected a digit in the exponent, found end of file");
	ERR("1e+", "baseline.json:1:4: expected a digit in the exponent, found end of file");
	ERR("[1E-x]", "baseline.json:1:5: expected a digit in the exponent, found 'x'");
	ERR("0x10", "baseline.json:1:2: invalid character 'x' in number");
	ERR("1.5.2", "baseline.json:1:4: invalid character '.' in number");
	ERR("12abc", "baseline.json:1:3: invalid character 'a' in number");
	ERR("1e5e5", "baseline.json:1:4: invalid character 'e' in number");
	ERR(".5", "baseline.json:1:1: expected a value, found '.'");
	ERR("+1", "baseline.json:1:1: expected a value, found '+'");
	ERR("[1e400]", "baseline.json:1:2: number is out of range");
	ERR("-1e309", "baseline.json:1:1: number is out of range");
	ERR("NaN", "baseline.json:1:1: expected a value, found 'NaN' (JSON has no NaN or Infinity)");
	ERR("[Infinity]", "baseline.json:1:2: expected a value, found 'Infinity' (JSON has no NaN or Infinity)");
	ERR("1 2", "baseline.json:1:3: expected end of file after value, found '2'");
	ERR("1-2", "baseline.json:1:2: expected end of file after value, found '-'");
}

TARE_TEST(json_parse_number_length_limit)
{
	struct json_doc doc = JSON_DOC_INIT;
	char buf[JSON_MAX_NUMBER + 8];

	/* 64 characters: fine, 65: too long, whatever they say. */
	memset(buf, '1', JSON_MAX_NUMBER);
	buf[JSON_MAX_NUMBER] = '\0';
	TARE_ASSERT(number(&doc, buf).num > 1e63);
	buf[0] = '-';
	buf[1] = '0';
	buf[2] = '.';
	TARE_ASSERT(number(&doc, buf).num > -1);
	json_doc_release(&doc);

	memset(buf, '1', JSON_MAX_NUMBER + 1);
	buf[JSON_MAX_NUMBER + 1] = '\0';
	TARE_ASSERT_STREQ(parse_err(buf),
			  "baseline.json:1:1: number is too long (more than 64 characters)");
	/* "0." and 63 digits. */
	memcpy(buf, "[ 0.", 4);
	memset(buf + 4, '1', JSON_MAX_NUMBER - 1);
	memcpy(buf + 4 + JSON_MAX_NUMBER - 1, "]", 2);
	TARE_ASSERT_STREQ(parse_err(buf),
			  "baseline.json:1:3: number is too long (more than 64 characters)");
}

TARE_TEST(json_parse_words)
{
	ERR("True", "baseline.json:1:1: expected a value, found 'True' (true, false and null are lowercase)");
	ERR("[NULL]", "baseline.json:1:2: expected a value, found 'NULL' (true, false and null are lowercase)");
	ERR("nul", "baseline.json:1:1: expected a value, found 'nul' (strings must be quoted)");
	ERR("truex", "baseline.json:1:1: expected a value, found 'truex' (strings must be quoted)");
	ERR("{\"a\": undefined}", "baseline.json:1:7: expected a value, found 'undefined' (strings must be quoted)");
	ERR("aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeee",
	    "baseline.json:1:1: expected a value, found 'aaaaaaaaaabbbbbbbbbbccccccccccdddddddddd...' (strings must be quoted)");
	ERR("true false", "baseline.json:1:6: expected end of file after value, found 'f'");
	ERR("nullnull", "baseline.json:1:1: expected a value, found 'nullnull' (strings must be quoted)");
	ERR("[true,fals]", "baseline.json:1:7: expected a value, found 'fals' (strings must be quoted)");
	ERR("_", "baseline.json:1:1: expected a value, found '_'");
}

TARE_TEST(json_parse_strings_and_escapes)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct json_value *v;

	TARE_ASSERT_STREQ(string(&doc, "\"hello world\""), "hello world");
	TARE_ASSERT_STREQ(string(&doc, "\"q\\\" s\\\\ sl\\/ b\\b f\\f n\\n r\\r t\\t\""),
			  "q\" s\\ sl/ b\b f\f n\n r\r t\t");
	TARE_ASSERT_STREQ(string(&doc, "\"caf\\u00e9 \\u20AC \\u20ac \\u0001\\u001F\""),
			  "caf\xc3\xa9 \xe2\x82\xac \xe2\x82\xac \x01\x1f");
	TARE_ASSERT_STREQ(string(&doc, "\"\\u007f\\u0080\\u07ff\\u0800\\uffff\""),
			  "\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf");
	/* Raw UTF-8 and DEL are fine as they are; '/' needs no escape. */
	TARE_ASSERT_STREQ(string(&doc, "\"d\xc3\xa9j\xc3\xa0 \xe6\xb5\x8b \xf0\x9f\x98\x80 \x7f a/b\""),
			  "d\xc3\xa9j\xc3\xa0 \xe6\xb5\x8b \xf0\x9f\x98\x80 \x7f a/b");
	v = parse(&doc, "[\"a\",\n  \"\\n\"]");
	TARE_ASSERT_EQ(v->items[1]->len, 1);
	TARE_ASSERT_EQ(v->items[1]->line, 2);
	TARE_ASSERT_EQ(v->items[1]->col, 3);
	json_doc_release(&doc);
}

TARE_TEST(json_parse_surrogate_pairs)
{
	struct json_doc doc = JSON_DOC_INIT;

	TARE_ASSERT_STREQ(string(&doc, "\"\\ud83d\\ude00\""), "\xf0\x9f\x98\x80");
	TARE_ASSERT_STREQ(string(&doc, "\"x\\uD83D\\uDE00y\""), "x\xf0\x9f\x98\x80y");
	TARE_ASSERT_STREQ(string(&doc, "\"\\ud800\\udc00\""), "\xf0\x90\x80\x80");	/* U+10000 */
	TARE_ASSERT_STREQ(string(&doc, "\"\\udbff\\udfff\""), "\xf4\x8f\xbf\xbf");	/* U+10FFFF */
	json_doc_release(&doc);

	ERR("\"\\ud800\"",
	    "baseline.json:1:2: invalid escape '\\ud800' (high surrogate without a low surrogate after it)");
	ERR("\"ab\\uD83Dx\"",
	    "baseline.json:1:4: invalid escape '\\uD83D' (high surrogate without a low surrogate after it)");
	ERR("\"\\ud83d\\u0041\"",
	    "baseline.json:1:2: invalid escape '\\ud83d' (high surrogate without a low surrogate after it)");
	ERR("\"\\ud83d\\ud83d\\ude00\"",
	    "baseline.json:1:2: invalid escape '\\ud83d' (high surrogate without a low surrogate after it)");
	ERR("\"\\ud83d\\n\"",
	    "baseline.json:1:2: invalid escape '\\ud83d' (high surrogate without a low surrogate after it)");
	ERR("\"\\ud83d\\ude0\"",
	    "baseline.json:1:2: invalid escape '\\ud83d' (high surrogate without a low surrogate after it)");
	ERR("\"\\ud83d",
	    "baseline.json:1:2: invalid escape '\\ud83d' (high surrogate without a low surrogate after it)");
	ERR("\"\\ude00\"",
	    "baseline.json:1:2: invalid escape '\\ude00' (low surrogate without a high surrogate before it)");
	ERR("\"\\ude00\\ud83d\"",
	    "baseline.json:1:2: invalid escape '\\ude00' (low surrogate without a high surrogate before it)");
}

TARE_TEST(json_parse_string_errors)
{
	ERR("\"abc", "baseline.json:1:1: unterminated string");
	ERR("[\n  \"abc\\\"]", "baseline.json:2:3: unterminated string");
	ERR("\"abc\\", "baseline.json:1:1: unterminated string");
	ERR("\"a\nb\"", "baseline.json:1:3: control character U+000A is not allowed in strings");
	ERR("\"a\tb\"", "baseline.json:1:3: control character U+0009 is not allowed in strings");
	ERR("{\"k\x01\": 1}", "baseline.json:1:4: control character U+0001 is not allowed in strings");
	ERR("\"\\q\"", "baseline.json:1:2: invalid escape '\\q'");
	ERR("\"\\'\"", "baseline.json:1:2: invalid escape '\\''");
	ERR("\"\\x41\"", "baseline.json:1:2: invalid escape '\\x'");
	ERR("\"\\U0001F600\"", "baseline.json:1:2: invalid escape '\\U'");
	ERR("\"\\ \"", "baseline.json:1:2: invalid escape: '\\' followed by ' '");
	ERR("\"\\\n\"", "baseline.json:1:2: invalid escape: '\\' followed by end of line");
	ERR("\"\\\xc3\xa9\"", "baseline.json:1:2: invalid escape: '\\' followed by '\xc3\xa9'");
	ERR("\"\\\xff\"", "baseline.json:1:2: invalid escape: '\\' followed by byte 0xff (invalid UTF-8)");
	ERR("\"\\u12\"", "baseline.json:1:2: invalid escape '\\u12' (expected 4 hexadecimal digits)");
	ERR("\"\\u", "baseline.json:1:2: invalid escape '\\u' (expected 4 hexadecimal digits)");
	ERR("\"\\u00g0\"", "baseline.json:1:2: invalid escape '\\u00' (expected 4 hexadecimal digits)");
	ERR("\"a\\u0000b\"", "baseline.json:1:3: invalid escape '\\u0000' (NUL characters are not supported)");
	ERR("'single'", "baseline.json:1:1: expected a value, found \"'\"");
}

TARE_TEST(json_parse_utf8_errors)
{
	ERR("\"\xff\"", "baseline.json:1:2: invalid UTF-8 in string (byte 0xff)");
	ERR("\"ab\xc0\xaf\"", "baseline.json:1:4: invalid UTF-8 in string (byte 0xc0)");	/* overlong */
	ERR("\"\xe0\x80\xaf\"", "baseline.json:1:2: invalid UTF-8 in string (byte 0xe0)");	/* overlong */
	ERR("\"\xed\xa0\x80\"", "baseline.json:1:2: invalid UTF-8 in string (byte 0xed)");	/* surrogate */
	ERR("\"\xf4\x90\x80\x80\"", "baseline.json:1:2: invalid UTF-8 in string (byte 0xf4)");	/* past U+10FFFF */
	ERR("\"\xe2\x82\"", "baseline.json:1:2: invalid UTF-8 in string (byte 0xe2)");	/* cut short */
	ERR("\"\xe2\x82", "baseline.json:1:2: invalid UTF-8 in string (byte 0xe2)");
	ERR("\"\x80\"", "baseline.json:1:2: invalid UTF-8 in string (byte 0x80)");
	ERR("{\"\xc3\xa9\xfe\": 1}", "baseline.json:1:4: invalid UTF-8 in string (byte 0xfe)");
	ERR("[\xff]", "baseline.json:1:2: expected a value, found byte 0xff (invalid UTF-8)");
	ERR("\xc3\xa9", "baseline.json:1:1: expected a value, found '\xc3\xa9'");
	ERR("1\xc2\xa0", "baseline.json:1:2: expected end of file after value, found '\xc2\xa0'");
}

TARE_TEST(json_parse_string_length_limit)
{
	struct json_doc doc = JSON_DOC_INIT;
	size_t n = JSON_MAX_STRING;
	char *src = malloc(n + 16);
	struct json_value *v;

	src[0] = '"';
	memset(src + 1, 'x', n);
	src[n + 1] = '"';
	v = parse_len(&doc, src, n + 2);
	TARE_ASSERT_EQ(v->len, n);
	TARE_ASSERT_EQ(strlen(v->str), n);
	json_doc_release(&doc);

	/* Decoded bytes count: 16 MiB - 1 of them and an escape that makes 3 more. */
	memcpy(src + n, "\\u20ac\"", 7);
	TARE_ASSERT_STREQ(parse_err_len(src, n + 6),
			  "baseline.json:1:1: string is too long (more than 16777216 bytes)");
	memcpy(src, "[1, \"x", 6);
	memset(src + 6, 'x', n);
	memcpy(src + 6 + n, "\"]", 2);
	TARE_ASSERT_STREQ(parse_err_len(src, n + 8),
			  "baseline.json:1:5: string is too long (more than 16777216 bytes)");
	free(src);
}

TARE_TEST(json_parse_input_size_limit)
{
	/* Checked before anything is read, so the bytes need no values. */
	char *src = malloc((size_t)JSON_MAX_INPUT + 1);

	TARE_ASSERT_NOT_NULL(src);
	TARE_ASSERT_STREQ(parse_err_len(src, (size_t)JSON_MAX_INPUT + 1),
			  "baseline.json:1:1: file is too large (more than 67108864 bytes)");
	free(src);
}

TARE_TEST(json_parse_structure_errors)
{
	ERR("", "baseline.json:1:1: expected a value, found end of file");
	ERR(" \n\t ", "baseline.json:2:3: expected a value, found end of file");
	ERR("[", "baseline.json:1:1: unterminated array");
	ERR("\n\n   [1, 2", "baseline.json:3:4: unterminated array");
	ERR("[1,", "baseline.json:1:1: unterminated array");
	ERR("[1, ]", "baseline.json:1:3: trailing comma is not allowed in arrays");
	ERR("[1,\n\n]", "baseline.json:1:3: trailing comma is not allowed in arrays");
	ERR("[,1]", "baseline.json:1:2: expected a value, found ','");
	ERR("[1 2]", "baseline.json:1:4: expected ',' or ']' after array item, found '2'");
	ERR("[1:2]", "baseline.json:1:3: expected ',' or ']' after array item, found ':'");
	ERR("[1}", "baseline.json:1:3: expected ',' or ']' after array item, found '}'");
	ERR("{", "baseline.json:1:1: unterminated object");
	ERR("{\"a\"", "baseline.json:1:1: unterminated object");
	ERR("{\"a\":", "baseline.json:1:1: unterminated object");
	ERR("{\"a\": 1", "baseline.json:1:1: unterminated object");
	ERR("{\"a\": 1,", "baseline.json:1:1: unterminated object");
	ERR("{\"a\": 1, }", "baseline.json:1:8: trailing comma is not allowed in objects");
	ERR("{a: 1}", "baseline.json:1:2: expected a key in double quotes, found 'a'");
	ERR("{'a': 1}", "baseline.json:1:2: expected a key in double quotes, found \"'\"");
	ERR("{1: 1}", "baseline.json:1:2: expected a key in double quotes, found '1'");
	ERR("{,}", "baseline.json:1:2: expected a key in double quotes, found ','");
	ERR("{\"a\" 1}", "baseline.json:1:6: expected ':' after key, found '1'");
	ERR("{\"a\" = 1}", "baseline.json:1:6: expected ':' after key, found '='");
	ERR("{\"a\":}", "baseline.json:1:6: expected a value, found '}'");
	ERR("{\"a\": 1 \"b\": 2}", "baseline.json:1:9: expected ',' or '}' after object member, found '\"'");
	ERR("{\"a\": 1]", "baseline.json:1:8: expected ',' or '}' after object member, found ']'");
	ERR("[1]]", "baseline.json:1:4: expected end of file after value, found ']'");
	ERR("{} {}", "baseline.json:1:4: expected end of file after value, found '{'");
	ERR("]", "baseline.json:1:1: expected a value, found ']'");
}

TARE_TEST(json_parse_rejects_what_rfc_8259_does_not_allow)
{
	ERR("// comment\n1", "baseline.json:1:1: expected a value, found '/'");
	ERR("1 // comment", "baseline.json:1:3: expected end of file after value, found '/'");
	ERR("[1, /* two */ 2]", "baseline.json:1:5: expected a value, found '/'");
	ERR("1 # comment", "baseline.json:1:3: expected end of file after value, found '#'");
	/* Whitespace is space, tab, LF and CR only. */
	ERR("\f1", "baseline.json:1:1: expected a value, found control character U+000C");
	ERR("[1,\v2]", "baseline.json:1:4: expected a value, found control character U+000B");
	ERR("\xc2\xa0" "1", "baseline.json:1:1: expected a value, found '\xc2\xa0'");
	ERR("\xef\xbb\xbf\xef\xbb\xbf" "1", "baseline.json:1:2: expected a value, found '\xef\xbb\xbf'");
	TARE_ASSERT_STREQ(parse_err_len("1\0", 2),
			  "baseline.json:1:2: expected end of file after value, found control character U+0000");
	TARE_ASSERT_STREQ(parse_err_len("\"a\0b\"", 5),
			  "baseline.json:1:3: control character U+0000 is not allowed in strings");
	ERR("1\x7f", "baseline.json:1:2: expected end of file after value, found control character U+007F");
	ERR("[1]\r\n,", "baseline.json:2:1: expected end of file after value, found ','");
}

TARE_TEST(json_parse_duplicate_keys)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct strbuf src = STRBUF_INIT;
	int i;

	ERR("{\"a\": 1, \"a\": 2}",
	    "baseline.json:1:10: key \"a\" is defined twice (first at line 1, column 2)");
	ERR("{\n  \"name\": \"x\",\n  \"runs\": 3,\n  \"name\": \"y\"\n}",
	    "baseline.json:4:3: key \"name\" is defined twice (first at line 2, column 3)");
	/* Keys are compared decoded. */
	ERR("{\"\\u0041\": 1, \"A\": 2}",
	    "baseline.json:1:15: key \"A\" is defined twice (first at line 1, column 2)");
	/* Shown escaped and shortened: the message stays one line of text. */
	ERR("{\"a\\nb\\\"\": 1, \"a\\nb\\\"\": 2}",
	    "baseline.json:1:15: key \"a\\u000ab\\\"\" is defined twice (first at line 1, column 2)");
	ERR("{\"0123456789012345678901234567890123456789\xc3\xa9\": 1,"
	    " \"0123456789012345678901234567890123456789\xc3\xa9\": 2}",
	    "baseline.json:1:50: key \"0123456789012345678901234567890123456789...\" is defined twice (first at line 1, column 2)");
	ERR("{\"012345678901234567890123456789012345678\xc3\xa9\": 1,"
	    " \"012345678901234567890123456789012345678\xc3\xa9\": 2}",
	    "baseline.json:1:49: key \"012345678901234567890123456789012345678...\" is defined twice (first at line 1, column 2)");
	/* The same key in different objects is fine. */
	parse(&doc, "[{\"a\": 1}, {\"a\": {\"a\": 2}}]");
	json_doc_release(&doc);

	/* Past the size where objects keep a hash, with a duplicate far from its first. */
	strbuf_addch(&src, '{');
	for (i = 0; i < 1000; i++)
		strbuf_addf(&src, "\"k%d\": %d,\n", i, i);
	strbuf_addstr(&src, "\"k17\": 0}");
	TARE_ASSERT_STREQ(parse_err(src.buf),
			  "baseline.json:1001:1: key \"k17\" is defined twice (first at line 18, column 1)");
	strbuf_release(&src);
}

TARE_TEST(json_get_and_its_helpers)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct json_value *root;
	struct strbuf src = STRBUF_INIT;
	int64_t n = 7;
	int i;

	root = parse(&doc, "{\"s\": \"x\", \"i\": -4, \"f\": 0.5, \"b\": true, \"n\": null,"
			   " \"a\": [1], \"o\": {\"s\": \"inner\"}, \"\": \"empty key\"}");
	TARE_ASSERT_NULL(json_get(NULL, "s"));
	TARE_ASSERT_NULL(json_get(root, NULL));
	TARE_ASSERT_NULL(json_get(root, "absent"));
	TARE_ASSERT_NULL(json_get(root, "S"));
	TARE_ASSERT_NULL(json_get(json_get(root, "a"), "s"));
	TARE_ASSERT_NULL(json_get(json_get(root, "s"), "s"));
	TARE_ASSERT_NULL(root->index.slots);	/* small objects are searched in order */
	TARE_ASSERT_STREQ(json_get(root, "")->str, "empty key");
	TARE_ASSERT_STREQ(json_get_string(json_get(root, "o"), "s", NULL), "inner");

	TARE_ASSERT_STREQ(json_get_string(root, "s", "def"), "x");
	TARE_ASSERT_STREQ(json_get_string(root, "i", "def"), "def");
	TARE_ASSERT_STREQ(json_get_string(root, "n", "def"), "def");
	TARE_ASSERT_STREQ(json_get_string(root, "absent", "def"), "def");
	TARE_ASSERT_NULL(json_get_string(root, "absent", NULL));
	TARE_ASSERT_STREQ(json_get_string(NULL, "s", "def"), "def");

	TARE_ASSERT_EQ(json_get_int(root, "i", &n), 0);
	TARE_ASSERT_EQ(n, -4);
	n = 7;
	TARE_ASSERT_EQ(json_get_int(root, "f", &n), -1);
	TARE_ASSERT_EQ(json_get_int(root, "s", &n), -1);
	TARE_ASSERT_EQ(json_get_int(root, "b", &n), -1);
	TARE_ASSERT_EQ(json_get_int(root, "absent", &n), -1);
	TARE_ASSERT_EQ(json_get_int(NULL, "i", &n), -1);
	TARE_ASSERT_EQ(n, 7);
	json_doc_release(&doc);

	/* A large object: every key found through its hash, in order too. */
	strbuf_addch(&src, '{');
	for (i = 0; i < 3000; i++)
		strbuf_addf(&src, "%s\"test_%d\": %d", i ? "," : "", i, i * 3);
	strbuf_addch(&src, '}');
	root = parse(&doc, src.buf);
	TARE_ASSERT_EQ(root->nr, 3000);
	TARE_ASSERT_NOT_NULL(root->index.slots);
	for (i = 0; i < 3000; i++) {
		char key[32];

		snprintf(key, sizeof(key), "test_%d", i);
		TARE_ASSERT_STREQ(root->members[i].key, key);
		TARE_ASSERT_EQ(json_get_int(root, key, &n), 0);
		TARE_ASSERT_EQ(n, i * 3);
	}
	TARE_ASSERT_NULL(json_get(root, "test_3000"));
	TARE_ASSERT_NULL(json_get(root, ""));
	json_doc_release(&doc);
	strbuf_release(&src);
}

/* n arrays, or objects {"k": ...}, around a 1. */
static void nest(struct strbuf *sb, int n, int objects)
{
	int i;

	strbuf_reset(sb);
	for (i = 0; i < n; i++)
		strbuf_addstr(sb, objects ? "{\"k\":" : "[");
	strbuf_addch(sb, '1');
	for (i = 0; i < n; i++)
		strbuf_addch(sb, objects ? '}' : ']');
}

TARE_TEST(json_parse_depth_limit)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct json_value *v;
	int i;

	nest(&sb, JSON_MAX_PARSE_DEPTH, 0);
	v = parse(&doc, sb.buf);
	for (i = 1; i < JSON_MAX_PARSE_DEPTH; i++)
		v = v->items[0];
	TARE_ASSERT_EQ(v->type, JSON_ARRAY);
	TARE_ASSERT_EQ(v->items[0]->i, 1);
	TARE_ASSERT_EQ(v->items[0]->col, JSON_MAX_PARSE_DEPTH + 1);
	json_doc_release(&doc);

	nest(&sb, JSON_MAX_PARSE_DEPTH, 1);
	parse(&doc, sb.buf);
	json_doc_release(&doc);

	nest(&sb, JSON_MAX_PARSE_DEPTH + 1, 0);
	TARE_ASSERT_STREQ(parse_err(sb.buf),
			  "baseline.json:1:65: nesting is too deep (more than 64 levels)");
	nest(&sb, JSON_MAX_PARSE_DEPTH + 1, 1);
	TARE_ASSERT_STREQ(parse_err(sb.buf),
			  "baseline.json:1:321: nesting is too deep (more than 64 levels)");
	/* Far deeper must fail the same, not run out of stack. */
	strbuf_reset(&sb);
	strbuf_addchars(&sb, '[', 1000000);
	TARE_ASSERT_STREQ(parse_err(sb.buf),
			  "baseline.json:1:65: nesting is too deep (more than 64 levels)");
	strbuf_release(&sb);
}

/* Checks that a and b hold the same, for what the writer can round-trip. */
static void check_same(const struct json_value *a, const struct json_value *b)
{
	size_t k;

	TARE_ASSERT_EQ(a->type, b->type);
	TARE_ASSERT_EQ(a->nr, b->nr);
	switch (a->type) {
	case JSON_NULL:
		break;
	case JSON_BOOL:
		TARE_ASSERT_EQ(a->b, b->b);
		break;
	case JSON_NUMBER:
		TARE_ASSERT_EQ(a->is_int, b->is_int);
		TARE_ASSERT_EQ(a->i, b->i);
		TARE_ASSERT(a->num == b->num);
		break;
	case JSON_STRING:
		TARE_ASSERT_EQ(a->len, b->len);
		TARE_ASSERT_MEMEQ(a->str, b->str, a->len + 1);
		break;
	case JSON_ARRAY:
		for (k = 0; k < a->nr; k++)
			check_same(a->items[k], b->items[k]);
		break;
	case JSON_OBJECT:
		for (k = 0; k < a->nr; k++) {
			TARE_ASSERT_STREQ(a->members[k].key, b->members[k].key);
			check_same(a->members[k].value, b->members[k].value);
		}
		break;
	}
}

TARE_TEST(json_parse_reads_what_the_writer_writes)
{
	struct json_doc doc = JSON_DOC_INIT, again = JSON_DOC_INIT;
	struct strbuf sb = STRBUF_INIT, out = STRBUF_INIT;
	struct json_value *root, *v;
	char every[256];
	struct json j;
	int i;

	for (i = 1; i < 128; i++)
		every[i - 1] = (char)i;
	every[127] = '\0';
	json_init(&j, &sb);
	json_object_begin(&j);
	json_key(&j, "every ASCII");
	json_string(&j, every);
	json_key(&j, "utf8 \"key\"\t");
	json_string(&j, "caf\xc3\xa9 \xe6\xb5\x8b \xf0\x9f\x98\x80");
	json_key(&j, "invalid");
	json_string(&j, "a\xff\xc3(b");
	json_key(&j, "null string");
	json_string(&j, NULL);
	json_key(&j, "ints");
	json_array_begin(&j);
	json_int(&j, INT64_MIN);
	json_int(&j, -1);
	json_int(&j, 0);
	json_int(&j, INT64_MAX);
	json_uint(&j, UINT64_MAX);
	json_array_end(&j);
	json_key(&j, "doubles");
	json_array_begin(&j);
	json_double(&j, 0.003);
	json_double(&j, -1234.5);
	json_double(&j, 1e-9);
	json_double(&j, 2);
	json_double(&j, NAN);
	json_double(&j, INFINITY);
	json_array_end(&j);
	json_key(&j, "bools");
	json_array_begin(&j);
	json_bool(&j, 1);
	json_bool(&j, 0);
	json_array_end(&j);
	/* As deep as the writer goes: the root, arrays, and an object. */
	json_key(&j, "deep");
	for (i = 2; i < JSON_MAX_DEPTH; i++)
		json_array_begin(&j);
	json_object_begin(&j);
	json_object_end(&j);
	for (i = 2; i < JSON_MAX_DEPTH; i++)
		json_array_end(&j);
	json_object_end(&j);

	root = parse_len(&doc, sb.buf, sb.len);
	TARE_ASSERT_EQ(root->nr, 8);
	TARE_ASSERT_STREQ(json_get_string(root, "every ASCII", NULL), every);
	TARE_ASSERT_STREQ(json_get_string(root, "utf8 \"key\"\t", NULL),
			  "caf\xc3\xa9 \xe6\xb5\x8b \xf0\x9f\x98\x80");
	TARE_ASSERT_STREQ(json_get_string(root, "invalid", NULL),
			  "a\xef\xbf\xbd\xef\xbf\xbd(b");
	TARE_ASSERT_EQ(json_get(root, "null string")->type, JSON_NULL);
	v = json_get(root, "ints");
	TARE_ASSERT_EQ(v->items[0]->i, INT64_MIN);
	TARE_ASSERT_EQ(v->items[1]->i, -1);
	TARE_ASSERT_EQ(v->items[2]->i, 0);
	TARE_ASSERT_EQ(v->items[3]->i, INT64_MAX);
	TARE_ASSERT_EQ(v->items[4]->is_int, 0);
	TARE_ASSERT(v->items[4]->num == 18446744073709551615.0);
	v = json_get(root, "doubles");
	TARE_ASSERT_NEAR(v->items[0]->num, 0.003, 1e-12);
	TARE_ASSERT_NEAR(v->items[1]->num, -1234.5, 0);
	TARE_ASSERT_EQ(v->items[2]->type, JSON_NUMBER);	/* 0.0: six decimals */
	TARE_ASSERT_NEAR(v->items[2]->num, 0, 0);
	TARE_ASSERT_NEAR(v->items[3]->num, 2, 0);
	TARE_ASSERT_EQ(v->items[3]->is_int, 0);
	TARE_ASSERT_EQ(v->items[4]->type, JSON_NULL);
	TARE_ASSERT_EQ(v->items[5]->type, JSON_NULL);
	TARE_ASSERT_EQ(json_get(root, "bools")->items[0]->b, 1);
	TARE_ASSERT_EQ(json_get(root, "bools")->items[1]->b, 0);
	v = json_get(root, "deep");
	for (i = 2; i < JSON_MAX_DEPTH; i++) {
		TARE_ASSERT_EQ(v->type, JSON_ARRAY);
		v = v->items[0];
	}
	TARE_ASSERT_EQ(v->type, JSON_OBJECT);

	/* Read, written and read again: the same tree. */
	json_init(&j, &out);
	json_write_value(&j, root);
	check_same(root, parse_len(&again, out.buf, out.len));
	json_doc_release(&again);

	/* And the summary above, which is not in the writer's compact form. */
	strbuf_reset(&out);
	json_init(&j, &out);
	json_write_value(&j, parse(&doc, summary));
	check_same(doc.root, parse_len(&again, out.buf, out.len));
	json_doc_release(&again);
	json_doc_release(&doc);
	strbuf_release(&sb);
	strbuf_release(&out);
}

TARE_TEST(json_parse_error_details)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct strbuf err = STRBUF_INIT;

	/* No filename: "<input>"; no err: just -1; doc->root NULL either way. */
	TARE_ASSERT_EQ(json_parse(&doc, "[1,]", 4, NULL, &err), -1);
	TARE_ASSERT_STREQ(err.buf, "<input>:1:3: trailing comma is not allowed in arrays");
	TARE_ASSERT_EQ(json_parse(&doc, "[1,]", 4, "x.json", NULL), -1);
	TARE_ASSERT_NULL(doc.root);
	/* A failed parse after a good one leaves nothing behind. */
	TARE_ASSERT_EQ(json_parse(&doc, "[1]", 3, "x.json", &err), 0);
	TARE_ASSERT_NOT_NULL(doc.root);
	TARE_ASSERT_EQ(json_parse(&(struct json_doc)JSON_DOC_INIT, NULL, 0, "x.json", &err), -1);
	TARE_ASSERT_STREQ(err.buf, "x.json:1:1: expected a value, found end of file");
	json_doc_release(&doc);
	/* Only as much input as len says is read: no NUL needed. */
	TARE_ASSERT_EQ(json_parse(&doc, "[1]]", 3, "x.json", &err), 0);
	TARE_ASSERT_EQ(doc.root->nr, 1);
	json_doc_release(&doc);
	TARE_ASSERT_EQ(json_parse(&doc, "\"abc\"", 4, "x.json", &err), -1);
	TARE_ASSERT_STREQ(err.buf, "x.json:1:1: unterminated string");
	TARE_ASSERT_NULL(doc.root);
	json_doc_release(&doc);
	strbuf_release(&err);
}
