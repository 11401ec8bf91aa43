/*
 * libFuzzer target for the TOML parser: parses, checks what the API
 * promises about the tree or the error, and releases.
 *
 *     clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
 *         -Isrc -Iinclude fuzz/toml_fuzz.c src/toml.c src/strbuf.c src/util.c \
 *         src/arena.c src/vec.c -o build-fuzz/toml_fuzz
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "toml.h"
#include "vec.h"
#include "fuzz_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_pos(const struct source *src, int line, int col)
{
	source_offset(src, line, col);
}

static void walk(const struct source *src, const struct toml_value *v, int depth)
{
	size_t i;

	check(depth <= TOML_MAX_DEPTH + 1);
	check_pos(src, v->line, v->col);
	switch (v->type) {
	case TOML_STRING:
		check(v->str && utf8_valid((const unsigned char *)v->str));
		if (v->str_col_exact) {
			/* The promise: str is written as it is, after the quote at col. */
			size_t at = source_offset(src, v->line, v->col) + 1;
			size_t n = strlen(v->str);

			check(at + n <= src->len && !memcmp(src->buf + at, v->str, n));
		}
		break;
	case TOML_INTEGER:
		break;
	case TOML_BOOLEAN:
		check(v->b == 0 || v->b == 1);
		break;
	case TOML_ARRAY:
		for (i = 0; i < v->nr; i++) {
			check(v->items[i] != NULL);
			check(!v->array_of_tables || v->items[i]->type == TOML_TABLE);
			walk(src, v->items[i], depth + 1);
		}
		break;
	case TOML_TABLE:
		for (i = 0; i < v->nr; i++) {
			const struct toml_entry *e = &v->entries[i];

			check(e->key && utf8_valid((const unsigned char *)e->key));
			check(toml_get(v, e->key) == e->value);
			check_pos(src, e->line, e->col);
			walk(src, e->value, depth + 1);
		}
		break;
	default:
		check(0);
	}
}

static void check_error(const struct strbuf *err)
{
	static const char prefix[] = "fuzz.toml:";
	size_t i;

	check(err->len > sizeof(prefix) &&
	      !memcmp(err->buf, prefix, sizeof(prefix) - 1));
	/* One line of valid UTF-8: input bytes never leak into it raw. */
	for (i = 0; i < err->len; i++)
		check((unsigned char)err->buf[i] >= 0x20 && err->buf[i] != 0x7f);
	check(utf8_valid((const unsigned char *)err->buf));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct toml_doc doc = TOML_DOC_INIT;
	struct strbuf err = STRBUF_INIT;
	struct source src;

	source_init(&src, data, size);
	if (toml_parse(&doc, (const char *)data, size, "fuzz.toml", &err) == 0) {
		check(doc.root && doc.root->type == TOML_TABLE);
		walk(&src, doc.root, 0);
	} else {
		check(!doc.root);
		check_error(&err);
	}
	toml_doc_release(&doc);
	toml_doc_release(&doc);
	strbuf_release(&err);
	source_release(&src);
	return 0;
}
