/*
 * libFuzzer target for the JSON reader: parses, checks what the API
 * promises about the tree or the error, writes the tree back with the JSON
 * writer and checks that it reads the same, and releases.
 *
 *     clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
 *         -Isrc -Iinclude fuzz/json_fuzz.c src/json.c src/strbuf.c src/util.c \
 *         src/arena.c src/vec.c -lm -o build-fuzz/json_fuzz
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "strbuf.h"
#include "vec.h"
#include "fuzz_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The offset of line:col in the input, which must be inside it or at its end. */
static size_t offset_of(const struct source *src, int line, int col)
{
	return source_offset(src, line, col);
}

/*
 * Walks v, inside depth arrays and objects; returns the most arrays and
 * objects nested around or in a value below it (v's own included).
 */
static int walk(const struct source *src, const struct json_value *v, int depth)
{
	size_t at = offset_of(src, v->line, v->col), i;
	char c = at < src->len ? src->buf[at] : '\0';
	int deepest = depth, d;

	if (v->type == JSON_ARRAY || v->type == JSON_OBJECT) {
		deepest = depth + 1;
		check(deepest <= JSON_MAX_PARSE_DEPTH);
	}
	switch (v->type) {
	case JSON_NULL:
		check(c == 'n');
		break;
	case JSON_BOOL:
		check(v->b == 0 || v->b == 1);
		check(c == (v->b ? 't' : 'f'));
		break;
	case JSON_NUMBER:
		check(c == '-' || (c >= '0' && c <= '9'));
		check(isfinite(v->num));
		check(v->is_int == 0 || v->is_int == 1);
		if (v->is_int)
			check(v->num == (double)v->i);
		else
			check(v->i == 0);
		break;
	case JSON_STRING:
		check(c == '"');
		check(v->str && strlen(v->str) == v->len);
		check(v->len <= JSON_MAX_STRING);
		check(utf8_valid((const unsigned char *)v->str));
		break;
	case JSON_ARRAY:
		check(c == '[');
		check(!v->nr == !v->items);
		for (i = 0; i < v->nr; i++) {
			check(v->items[i] != NULL);
			d = walk(src, v->items[i], depth + 1);
			deepest = d > deepest ? d : deepest;
		}
		break;
	case JSON_OBJECT:
		check(c == '{');
		check(!v->nr == !v->members);
		for (i = 0; i < v->nr; i++) {
			const struct json_member *m = &v->members[i];

			check(m->key && utf8_valid((const unsigned char *)m->key));
			/* Also: no two members have the same key. */
			check(json_get(v, m->key) == m->value);
			d = walk(src, m->value, depth + 1);
			deepest = d > deepest ? d : deepest;
		}
		break;
	default:
		check(0);
	}
	return deepest;
}

/* a as read, b as read again after the writer: the same but for fractions (six decimals). */
static void check_same(const struct json_value *a, const struct json_value *b)
{
	size_t i;

	check(a->type == b->type && a->nr == b->nr);
	switch (a->type) {
	case JSON_BOOL:
		check(a->b == b->b);
		break;
	case JSON_NUMBER:
		if (a->is_int)
			check(b->is_int && a->i == b->i);
		break;
	case JSON_STRING:
		check(a->len == b->len && !memcmp(a->str, b->str, a->len));
		break;
	case JSON_ARRAY:
		for (i = 0; i < a->nr; i++)
			check_same(a->items[i], b->items[i]);
		break;
	case JSON_OBJECT:
		for (i = 0; i < a->nr; i++) {
			check(!strcmp(a->members[i].key, b->members[i].key));
			check_same(a->members[i].value, b->members[i].value);
		}
		break;
	default:
		break;
	}
}

static void check_error(const struct source *src, const struct strbuf *err)
{
	static const char prefix[] = "fuzz.json:";
	const char *s = err->buf + sizeof(prefix) - 1;
	char *end;
	long line, col;
	size_t i;

	check(err->len > sizeof(prefix) &&
	      !memcmp(err->buf, prefix, sizeof(prefix) - 1));
	/* LINE:COL: message, pointing inside the input or at its end. */
	line = strtol(s, &end, 10);
	check(end > s && *end == ':');
	s = end + 1;
	col = strtol(s, &end, 10);
	check(end > s && end[0] == ':' && end[1] == ' ' && end[2]);
	offset_of(src, (int)line, (int)col);
	/* One line of valid UTF-8: input bytes never leak into it raw. */
	for (i = 0; i < err->len; i++)
		check((unsigned char)err->buf[i] >= 0x20 && err->buf[i] != 0x7f);
	check(utf8_valid((const unsigned char *)err->buf));
	check(err->buf[err->len - 1] != '.');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_doc doc = JSON_DOC_INIT, again = JSON_DOC_INIT;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct source src;
	int ret;

	source_init(&src, data, size);
	ret = json_parse(&doc, (const char *)data, size, "fuzz.json", &err);
	if (ret == 0) {
		check(doc.root != NULL);
		if (walk(&src, doc.root, 0) <= JSON_MAX_DEPTH) {
			struct json j;

			json_init(&j, &out);
			json_write_value(&j, doc.root);
			check(json_parse(&again, out.buf, out.len, "again.json", NULL) == 0);
			check_same(doc.root, again.root);
		}
	} else {
		check(ret == -1);
		check(!doc.root);
		check_error(&src, &err);
	}
	json_doc_release(&doc);
	/* The same answer without a place for the message. */
	check(json_parse(&doc, (const char *)data, size, NULL, NULL) == ret);
	check(!doc.root == !!ret);
	json_doc_release(&doc);
	json_doc_release(&doc);
	json_doc_release(&again);
	strbuf_release(&err);
	strbuf_release(&out);
	source_release(&src);
	return 0;
}
