/*
 * libFuzzer: the TAP reader and the detection of a binary's kind, on any
 * bytes: neither may read outside the input, and every TAP line read must
 * lie inside it.
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
	return 0;
}
