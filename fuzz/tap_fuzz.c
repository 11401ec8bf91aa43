/*
 * libFuzzer: the TAP reader, the TAP and Unity result readers and the
 * detection of a binary's kind, on any bytes: none may read outside the
 * input, and every line and result read must lie inside it.
 */
#include <stdint.h>
#include <string.h>

#include "adapter.h"
#include "tap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(const char *p, size_t n, const char *buf, const char *end)
{
	if (n && (p < buf || p + n > end))
		__builtin_trap();
}

struct bounds {
	const char *buf, *end;
};

static void check_result(void *ctx, const struct case_result *r)
{
	const struct bounds *b = ctx;

	if (!r->len && !r->name)
		__builtin_trap();
	inside(r->out, r->out_len, b->buf, b->end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data, *cur = buf, *end = buf + size;
	struct tap_line t;
	size_t lines = 0;

	while (tap_next(&cur, end, &t)) {
		inside(t.name, t.name_len, buf, end);
		inside(t.reason, t.reason_len, buf, end);
		if (++lines > size + 1)
			__builtin_trap();	/* tap_next() did not advance */
	}
	(void)adapter_detect_buffer(buf, size);
	{
		struct strbuf out = STRBUF_INIT, none = STRBUF_INIT, why = STRBUF_INIT;
		struct case_output o = { &out, &none, &none, NULL };
		struct bounds b;

		strbuf_add(&out, buf, size);
		b.buf = out.buf;
		b.end = out.buf + out.len;
		tap_read_results(&o, size & 1, size & 2, check_result, &b, &why);
		unity_read_results(&o, size & 1, size & 2, check_result, &b, &why);
		strbuf_release(&out);
		strbuf_release(&why);
	}
	return 0;
}
