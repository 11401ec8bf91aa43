#include <string.h>

#include "json.h"
#include "listing.h"
#include "util.h"

static const struct {
	const char *suffix;
	enum case_kind kind;
} list_kinds[] = {
	{ ": test", CASE_TEST },
	{ ": bench", CASE_BENCH },
	{ ": benchmark", CASE_BENCH },
};

int case_name_check(const char *name, size_t len, struct strbuf *err)
{
	size_t i;

	if (len > CASE_NAME_MAX) {
		strbuf_addf(err, "test name longer than %d bytes", CASE_NAME_MAX);
		return -1;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c < 0x20 || c == 0x7f) {
			strbuf_addf(err, "test name has control character 0x%02x", c);
			return -1;
		}
	}
	return 0;
}

int list_emit_joined(list_emit_fn *emit, void *ctx, const char *suite, size_t suite_len,
		     const char *sep, const char *name, size_t len, unsigned ignored,
		     struct strbuf *err)
{
	struct strbuf full = STRBUF_INIT;
	struct list_entry e = { .kind = CASE_TEST, .ignored = ignored != 0 };
	int ret;

	strbuf_add(&full, suite, suite_len);
	strbuf_addstr(&full, sep);
	strbuf_add(&full, name, len);
	e.name = full.buf;
	e.len = full.len;
	ret = case_name_check(full.buf, full.len, err) < 0 ? -1 : emit(ctx, &e, err);
	strbuf_release(&full);
	return ret;
}

/* One "NAME: KIND" line; advances *cur past it only on success. */
static int parse_list_line(const char **cur, const char *end,
			   const char **name, size_t *name_len,
			   enum case_kind *kind, struct strbuf *err)
{
	const char *p = *cur, *nl = memchr(p, '\n', (size_t)(end - p));
	const char *le = nl ? nl : end;
	size_t len, i;

	if (le > p && le[-1] == '\r')
		le--;
	len = (size_t)(le - p);
	for (i = 0; i < ARRAY_SIZE(list_kinds); i++) {
		size_t sl = strlen(list_kinds[i].suffix);
		if (len > sl && !memcmp(le - sl, list_kinds[i].suffix, sl))
			break;
	}
	if (i == ARRAY_SIZE(list_kinds)) {
		/* Quoted as JSON: a NUL or a control byte cannot cut the message. */
		strbuf_addstr(err, "expected \"NAME: test\", found ");
		json_quote(err, p, len > 60 ? 60 : len);
		if (len > 60)
			strbuf_addstr(err, " (cut)");
		return -1;
	}
	*name = p;
	*name_len = len - strlen(list_kinds[i].suffix);
	*kind = list_kinds[i].kind;
	if (case_name_check(p, *name_len, err) < 0)
		return -1;
	*cur = nl ? nl + 1 : end;
	return 0;
}

int list_protocol_parse(const char *buf, size_t len, list_emit_fn *emit, void *ctx,
			size_t *bad_line, struct strbuf *err)
{
	const char *cur = buf, *end = buf + len;
	size_t line = 0;

	while (cur < end) {
		struct list_entry e = { .in_text = 1 };

		line++;
		if (parse_list_line(&cur, end, &e.name, &e.len, &e.kind, err) < 0 ||
		    emit(ctx, &e, err) < 0) {
			*bad_line = line;
			return -1;
		}
	}
	return 0;
}

