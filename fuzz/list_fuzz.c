/*
 * libFuzzer: the listing parsers (tare's list protocol, GoogleTest's
 * --gtest_list_tests, Criterion's --list), on any bytes a binary could
 * print. The first byte picks the parser.
 */
#include <stdint.h>
#include <string.h>

#include "adapter.h"
#include "discover.h"

static int count(void *ctx, const struct list_entry *e, struct strbuf *err)
{
	size_t *n = ctx;

	(void)err;
	if (!e->len || e->len > CASE_NAME_MAX + 1024 || memchr(e->name, '\n', e->len))
		__builtin_trap();	/* the parser let through a bad name */
	(*n)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static list_parse_fn *const parsers[] = {
		list_protocol_parse, gtest_parse_list, criterion_parse_list,
	};
	struct strbuf err = STRBUF_INIT;
	size_t n = 0, line = 0;

	if (!size)
		return 0;
	if (parsers[data[0] % 3]((const char *)data + 1, size - 1, count, &n, &line, &err) < 0 &&
	    (!line || !err.len))
		__builtin_trap();	/* an error without a line or a message */
	strbuf_release(&err);
	return 0;
}
