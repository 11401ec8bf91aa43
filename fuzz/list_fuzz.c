/* libFuzzer: the list protocol parser, on any bytes a binary could print. */
#include <stdint.h>
#include <string.h>

#include "discover.h"

static int count(void *ctx, const char *name, size_t len, enum case_kind kind,
		 struct strbuf *err)
{
	size_t *n = ctx;

	(void)kind;
	(void)err;
	if (!len || len > CASE_NAME_MAX || memchr(name, '\n', len))
		__builtin_trap();	/* the parser let through a bad name */
	(*n)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	size_t n = 0, line = 0;

	if (discover_parse_list((const char *)data, size, count, &n, &line, &err) < 0 &&
	    (!line || !err.len))
		__builtin_trap();	/* an error without a line or a message */
	strbuf_release(&err);
	return 0;
}
