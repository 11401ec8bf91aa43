#include <string.h>

#include "protocol.h"
#include "cursor.h"

static const struct {
	const char *word;
	enum result_kind kind;
} kinds[] = {
	{ "protocol", RESULT_PROTOCOL }, { "feature", RESULT_FEATURE },
	{ "isolated", RESULT_ISOLATED }, { "unoptimized", RESULT_UNOPTIMIZED },
	{ "wall", RESULT_WALL }, { "start", RESULT_START }, { "errors", RESULT_ERRORS },
	{ "files", RESULT_FILES }, { "children", RESULT_CHILDREN }, { "pass", RESULT_PASS },
	{ "fail", RESULT_FAIL }, { "skip", RESULT_SKIP }, { "done", RESULT_DONE },
	{ "child", RESULT_CHILD }, { "exited", RESULT_EXITED },
};

static int malformed(struct result_line *out, const char *why)
{
	out->why = why;
	return -1;
}

/* One or more blanks: what separates the numbers of a wall line. */
static int blanks(const char **cur, const char *end)
{
	if (*cur >= end || !cursor_is_blank(**cur))
		return CURSOR_NONE;
	cursor_skip_blanks(cur, end);
	return 0;
}

static int parse_wall(const char *s, const char *end, struct result_line *out)
{
	uint64_t samples;

	if (cursor_u64(&s, end, UINT64_MAX, &out->iterations) ||
	    blanks(&s, end) || cursor_u64(&s, end, INT32_MAX, &samples) || !samples ||
	    blanks(&s, end) || cursor_double(&s, end, &out->median_ns) ||
	    blanks(&s, end) || cursor_double(&s, end, &out->min_ns) ||
	    blanks(&s, end) || cursor_double(&s, end, &out->max_ns))
		return malformed(out, "expected ITERATIONS SAMPLES MEDIAN_NS MIN_NS MAX_NS");
	cursor_skip_blanks(&s, end);
	if (s != end)
		return malformed(out, "more after MAX_NS");
	out->samples = (int)samples;
	return 0;
}

/* "PID status N" or "PID signal N". */
static int parse_exited(const char *s, const char *end, struct result_line *out)
{
	uint64_t v;

	if (cursor_u64(&s, end, RESULT_COUNT_MAX, &out->count) || !out->count ||
	    blanks(&s, end))
		return malformed(out, "expected PID status N or PID signal N");
	if (!cursor_lit(&s, end, "status")) {
		if (blanks(&s, end) || cursor_u64(&s, end, 255, &v) || s != end)
			return malformed(out, "expected an exit status from 0 to 255");
		out->exit_status = (int)v;
		return 0;
	}
	if (!cursor_lit(&s, end, "signal")) {
		if (blanks(&s, end) || cursor_u64(&s, end, 127, &v) || !v || s != end)
			return malformed(out, "expected a signal number from 1 to 127");
		out->exit_signal = (int)v;
		return 0;
	}
	return malformed(out, "expected PID status N or PID signal N");
}

int result_line_parse(const char *line, size_t len, struct result_line *out)
{
	const char *end = line + len, *s = line;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->arg = line;
	out->len = len;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		s = line;
		if (!cursor_lit(&s, end, kinds[i].word) && (s == end || *s == ' '))
			break;
	}
	if (i == sizeof(kinds) / sizeof(kinds[0]))
		return 0;
	out->kind = kinds[i].kind;
	if (s < end)
		s++;
	out->arg = s;
	out->len = (size_t)(end - s);
	switch (out->kind) {
	case RESULT_PROTOCOL:
		/* The one version there is; another is a protocol tare does not speak. */
		if (out->len != 6 || memcmp(s, "tare 1", 6)) {
			out->kind = RESULT_NONE;
			out->arg = line;
			out->len = len;
		}
		return 0;
	case RESULT_DONE:
		return 0;
	case RESULT_WALL:
		return parse_wall(s, end, out);
	case RESULT_EXITED:
		return parse_exited(s, end, out);
	case RESULT_CHILD:
		if (cursor_u64(&s, end, RESULT_COUNT_MAX, &out->count) || !out->count || s != end)
			return malformed(out, "expected a process id from 1 to 2147483647");
		return 0;
	case RESULT_ERRORS:
	case RESULT_FILES:
	case RESULT_CHILDREN:
		if (cursor_u64(&s, end, RESULT_COUNT_MAX, &out->count) || s != end)
			return malformed(out, "expected a count from 0 to 2147483647");
		return 0;
	default:
		if (!out->len)
			return malformed(out, "expected a name");
		return 0;
	}
}

int result_next(const char **cur, const char *end, struct result_line *out)
{
	const char *s = *cur, *nl;
	size_t len;

	if (s >= end) {
		memset(out, 0, sizeof(*out));
		out->arg = s;
		return 0;
	}
	nl = memchr(s, '\n', (size_t)(end - s));
	len = nl ? (size_t)(nl - s) : (size_t)(end - s);
	*cur = s + len + (nl != NULL);
	return result_line_parse(s, len, out) < 0 ? -1 : 1;
}

int result_find(const char *buf, size_t len, enum result_kind kind, struct result_line *out)
{
	const char *p = buf, *end = buf + len;
	int rc;

	while ((rc = result_next(&p, end, out)) != 0)
		if (out->kind == kind)
			return rc;
	return 0;
}

int result_line_names(const struct result_line *rl, enum result_kind kind,
		      const char *name, size_t len)
{
	return rl->kind == kind && rl->len == len && !memcmp(rl->arg, name, len);
}
