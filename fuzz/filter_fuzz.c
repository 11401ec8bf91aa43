/*
 * filter_fuzz.c: libFuzzer target for filter_parse() and the evaluators.
 *
 *     clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
 *         -Isrc -Iinclude fuzz/filter_fuzz.c src/filter.c src/strbuf.c \
 *         src/util.c src/arena.c src/vec.c -o /tmp/filter_fuzz
 *     /tmp/filter_fuzz -max_len=1024 fuzz/corpus/filter
 *
 * Checks, beyond "no crash": a failed parse reports a column inside the
 * input (or one past its end) and a non-empty message; a good one keeps
 * the source and agrees between its two evaluators.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "strbuf.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const binaries[] = { "unit", "ring_test", "", "r\xc3\xa9seau" };
static const char *const names[] = {
	"push", "ring::push_then_pop", "", "a test with spaces",
	"h\xc3\xa9llo/(x),y", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	struct filter *f;
	size_t col = 0;
	char *expr;

	/* An embedded NUL just ends the expression early, as in C. */
	expr = xmalloc(size + 1);
	memcpy(expr, data, size);
	expr[size] = '\0';

	f = filter_parse(expr, &col, &err);
	if (!f) {
		if (col < 1 || col > strlen(expr) + 1 || !err.len)
			abort();
	} else {
		if (strcmp(filter_source(f), expr))
			abort();
		for (size_t b = 0; b < ARRAY_SIZE(binaries); b++) {
			enum filter_tri tri = filter_match_binary(f, binaries[b]);

			for (size_t n = 0; n < ARRAY_SIZE(names); n++) {
				int m = filter_match(f, binaries[b], names[n]);

				/* The three-valued answer must never contradict a real one. */
				if ((tri == FILTER_YES && !m) || (tri == FILTER_NO && m))
					abort();
			}
		}
		filter_free(f);
	}
	strbuf_release(&err);
	free(expr);
	return 0;
}
