/* libFuzzer: memcheck's XML as tare reads it, fed in pieces, then formatted. */
#include <stdint.h>
#include <string.h>

#include "memcheck.h"

static const struct mc_style style = { "/src", "  ", "", "", "", "", 0, 1, "fuzz" };

struct seen {
	struct strbuf out;
	struct mc_error *list, **tail;
};

static void on_error(void *ctx, struct mc_error *e)
{
	struct seen *s = ctx;

	mc_format_error(&s->out, e, &style);
	e->next = NULL;
	*s->tail = e;
	s->tail = &e->next;
}

static void on_msg(void *ctx, const char *text)
{
	strbuf_addstr(&((struct seen *)ctx)->out, text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct mc_callbacks cb = { on_error, on_msg, NULL };
	struct arena a = ARENA_INIT;
	struct seen s = { STRBUF_INIT, NULL, NULL };
	struct mc_parser *p;
	size_t half = size / 2;

	s.tail = &s.list;
	p = mc_parser_new(&a, &cb, &s);
	/* In two pieces, as a file that grows while tare reads it. */
	if (mc_parser_feed(p, (const char *)data, half, 0) == 0)
		mc_parser_feed(p, (const char *)data + half, size - half, 1);
	/* Then all of them as a report shows them. */
	mc_format_errors(&s.out, s.list, &style);
	mc_format_errors_headline(&s.out, s.list);
	mc_parser_free(p);
	strbuf_release(&s.out);
	arena_release(&a);
	return 0;
}
