/*
 * libFuzzer: the result channel's reader (protocol.h) on any bytes a
 * harness could write to descriptor 3: every line is read once, in order,
 * nothing past the text; counts are within their maximum, names within
 * their line, and a well-formed line reads the same on its own.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"

static void check(int cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	const char *p, *end, *line;
	struct result_line rl, again;
	size_t lines = 0, newlines = 0, i;
	int rc;

	memcpy(text, data, size);
	p = text;
	end = text + size;
	for (i = 0; i < size; i++)
		newlines += text[i] == '\n';
	for (;;) {
		line = p;
		rc = result_next(&p, end, &rl);
		if (!rc) {
			check(p == end && rl.kind == RESULT_NONE);
			break;
		}
		lines++;
		check(p > line && p <= end);
		check(rl.arg >= line && rl.arg + rl.len <= p && !memchr(rl.arg, '\n', rl.len));
		if (rc > 0 && (rl.kind == RESULT_ERRORS || rl.kind == RESULT_FILES ||
			       rl.kind == RESULT_CHILDREN))
			check(rl.count <= RESULT_COUNT_MAX);
		if (rc > 0 && rl.kind == RESULT_WALL)
			check(rl.samples >= 1);
		if (rc < 0)
			check(rl.kind != RESULT_NONE && rl.why && *rl.why);
		check(result_line_parse(line, (size_t)(rl.arg + rl.len - line), &again) ==
		      (rc < 0 ? -1 : 0));
		check(again.kind == rl.kind && again.arg == rl.arg && again.len == rl.len);
		check(result_find(line, (size_t)(end - line), rl.kind, &again) == rc);
	}
	/* One line a newline, and one more after the last if text follows it. */
	check(lines == newlines + (size && text[size - 1] != '\n'));
	free(text);
	return 0;
}
