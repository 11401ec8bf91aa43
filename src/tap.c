#include <string.h>
#include <strings.h>

#include "cursor.h"
#include "tap.h"

/* "# SKIP reason", "# TODO", "# skipped: reason" (TAP accepts any word beginning SKIP). */
static void read_directive(const char *hash, const char *end, struct tap_line *out)
{
	const char *p = hash + 1, *w;
	size_t n;

	cursor_skip_blanks(&p, end);
	w = p;
	while (p < end && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		p++;
	n = (size_t)(p - w);
	if (n >= 4 && !strncasecmp(w, "skip", 4))
		out->directive = TAP_SKIP;
	else if (n >= 4 && !strncasecmp(w, "todo", 4))
		out->directive = TAP_TODO;
	else
		return;
	if (p < end && *p == ':')
		p++;
	cursor_skip_blanks(&p, end);
	out->reason = p;
	out->reason_len = (size_t)(end - p);
	while (out->reason_len && cursor_is_blank((unsigned char)p[out->reason_len - 1]))
		out->reason_len--;
}

/* The first '#' not escaped by a backslash, or NULL. */
static const char *find_hash(const char *p, const char *end)
{
	for (; p < end; p++) {
		if (*p == '\\' && p + 1 < end) {
			p++;
			continue;
		}
		if (*p == '#')
			return p;
	}
	return NULL;
}

static int parse_result(const char *p, const char *end, struct tap_line *out)
{
	const char *hash, *ne;
	uint64_t n;

	int rc;

	if (cursor_lit(&p, end, "not ok") == 0)
		out->ok = 0;
	else if (cursor_lit(&p, end, "ok") == 0)
		out->ok = 1;
	else
		return -1;
	/* "okay" is not "ok". */
	if (p < end && !cursor_is_blank((unsigned char)*p))
		return -1;
	cursor_skip_blanks(&p, end);
	rc = cursor_u64(&p, end, TAP_NUMBER_MAX, &n);
	if (rc == CURSOR_OVERFLOW)
		return -1;
	if (rc == 0) {
		if (p < end && !cursor_is_blank((unsigned char)*p) && *p != '#')
			return -1;
		out->number = n;
	}
	cursor_skip_blanks(&p, end);
	if (cursor_char(&p, end, '-') == 0)
		cursor_skip_blanks(&p, end);
	hash = find_hash(p, end);
	ne = hash ? hash : end;
	while (ne > p && cursor_is_blank((unsigned char)ne[-1]))
		ne--;
	out->name = p;
	out->name_len = (size_t)(ne - p);
	if (hash)
		read_directive(hash, end, out);
	out->kind = TAP_RESULT;
	return 0;
}

static int parse_plan(const char *p, const char *end, struct tap_line *out)
{
	uint64_t first, count;
	const char *hash;

	if (cursor_u64(&p, end, TAP_NUMBER_MAX, &first) || first != 1 ||
	    cursor_lit(&p, end, "..") || cursor_u64(&p, end, TAP_NUMBER_MAX, &count))
		return -1;
	cursor_skip_blanks(&p, end);
	hash = p < end && *p == '#' ? p : NULL;
	if (p < end && !hash)
		return -1;
	out->kind = TAP_PLAN;
	out->plan = count;
	if (hash)
		read_directive(hash, end, out);
	/* "1..0 # reason" skips everything whatever the word. */
	out->skip_all = count == 0;
	if (count == 0 && hash && out->directive == TAP_NO_DIRECTIVE) {
		p = hash + 1;
		cursor_skip_blanks(&p, end);
		out->reason = p;
		out->reason_len = (size_t)(end - p);
	}
	out->directive = TAP_NO_DIRECTIVE;
	return 0;
}

void tap_line_parse(const char *line, size_t len, struct tap_line *out)
{
	const char *p = line, *end = line + len;
	uint64_t v;

	memset(out, 0, sizeof(*out));
	out->kind = TAP_OTHER;
	if (len && line[len - 1] == '\r')
		end--;
	if (cursor_lit(&p, end, "TAP version ") == 0) {
		if (cursor_u64(&p, end, 1000, &v) == 0 && p == end) {
			out->kind = TAP_VERSION;
			out->version = v;
		}
		return;
	}
	if (cursor_lit(&p, end, "Bail out!") == 0) {
		cursor_skip_blanks(&p, end);
		out->kind = TAP_BAIL;
		out->reason = p;
		out->reason_len = (size_t)(end - p);
		return;
	}
	if (p < end && cursor_is_digit((unsigned char)*p)) {
		if (parse_plan(p, end, out) < 0)
			memset(out, 0, sizeof(*out));
		return;
	}
	if (parse_result(p, end, out) < 0)
		memset(out, 0, sizeof(*out));
}

int tap_next(const char **cur, const char *end, struct tap_line *out)
{
	const char *p = *cur, *nl;

	if (p >= end)
		return 0;
	nl = memchr(p, '\n', (size_t)(end - p));
	tap_line_parse(p, (size_t)((nl ? nl : end) - p), out);
	*cur = nl ? nl + 1 : end;
	return 1;
}
