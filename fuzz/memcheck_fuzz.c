/* libFuzzer: memcheck's XML as tare reads it, fed in pieces, then formatted. */
#include <stdint.h>
#include <string.h>

#include "memcheck.h"

static void on_error(void *ctx, struct mc_error *e)
{
	struct mc_style st = { "/src", "  ", "", "", "", "", 0, 1, "fuzz" };
	struct strbuf *sb = ctx;

	mc_format_error(sb, e, &st);
}

static void on_msg(void *ctx, const char *text)
{
	strbuf_addstr(ctx, text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct mc_callbacks cb = { on_error, on_msg, NULL };
	struct arena a = ARENA_INIT;
	struct strbuf out = STRBUF_INIT;
	struct mc_parser *p = mc_parser_new(&a, &cb, &out);
	size_t half = size / 2;

	/* In two pieces, as a file that grows while tare reads it. */
	if (mc_parser_feed(p, (const char *)data, half, 0) == 0)
		mc_parser_feed(p, (const char *)data + half, size - half, 1);
	mc_parser_free(p);
	strbuf_release(&out);
	arena_release(&a);
	return 0;
}
