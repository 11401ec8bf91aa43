#include <string.h>

#include "target_spec.h"
#include "cursor.h"

#if defined(__x86_64__)
#define ARCH "x86_64"
#elif defined(__aarch64__)
#define ARCH "aarch64"
#elif defined(__i386__)
#define ARCH "x86"
#elif defined(__arm__)
#define ARCH "arm"
#elif defined(__riscv) && __riscv_xlen == 64
#define ARCH "riscv64"
#else
#define ARCH "unknown"
#endif

#if defined(__linux__)
#define OS "linux"
#elif defined(__APPLE__)
#define OS "macos"
#elif defined(__FreeBSD__)
#define OS "freebsd"
#else
#define OS "unknown"
#endif

#if defined(__GLIBC__)
#define ENV "gnu"
#elif defined(__linux__)
#define ENV "musl"
#else
#define ENV ""
#endif

#if defined(__APPLE__)
#define VENDOR "apple"
#else
#define VENDOR "unknown"
#endif

#define PLATFORM_DEPTH_MAX 32

const char *target_triple(void)
{
#if defined(__APPLE__)
	return ARCH "-apple-darwin";
#elif defined(__linux__)
	return ARCH "-unknown-linux-" ENV;
#else
	return ARCH "-unknown-" OS;
#endif
}

static const char *cfg_value(const char *key)
{
	static const struct { const char *key, *value; } keys[] = {
		{ "target_os", OS },
		{ "target_family", "unix" },
		{ "target_arch", ARCH },
		{ "target_env", ENV },
		{ "target_vendor", VENDOR },
		{ "target_pointer_width", sizeof(void *) == 8 ? "64" : "32" },
		{ "target_endian",
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		  "big"
#else
		  "little"
#endif
		},
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(keys[i].key, key))
			return keys[i].value;
	return NULL;
}

struct cfg_parser {
	const char *start, *end;
	const char *errpos;
	struct strbuf *err;
};

static int cfg_fail(struct cfg_parser *p, const char *at, const char *msg)
{
	if (!p->errpos) {
		p->errpos = at;
		strbuf_addstr(p->err, msg);
	}
	return -1;
}

/* An identifier; advances only on success. */
static int parse_ident(const char **cur, char *out, size_t max)
{
	const char *p = *cur;
	size_t n = 0;

	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || *p == '_') {
		if (n + 1 >= max)
			return -1;
		out[n++] = *p++;
	}
	if (!n)
		return -1;
	out[n] = '\0';
	*cur = p;
	return 0;
}

static int parse_char(struct cfg_parser *p, const char **cur, char c)
{
	cursor_skip_blanks(cur, p->end);
	return cursor_char(cur, p->end, c) ? -1 : 0;
}

static int parse_pred(struct cfg_parser *p, const char **cur, int depth);

/* PRED, PRED, ... ) with the results combined by all (want_all) or any. */
static int parse_list(struct cfg_parser *p, const char **cur, int depth,
		      int want_all)
{
	int acc = want_all;

	cursor_skip_blanks(cur, p->end);
	while (**cur != ')') {
		int v = parse_pred(p, cur, depth + 1);
		if (v < 0)
			return -1;
		acc = want_all ? acc && v : acc || v;
		cursor_skip_blanks(cur, p->end);
		if (**cur == ',') {
			(*cur)++;
			cursor_skip_blanks(cur, p->end);
		} else if (**cur != ')') {
			return cfg_fail(p, *cur, "expected ',' or ')'");
		}
	}
	(*cur)++;
	return acc;
}

static int parse_pred(struct cfg_parser *p, const char **cur, int depth)
{
	char ident[64];
	const char *at;

	if (depth > PLATFORM_DEPTH_MAX)
		return cfg_fail(p, *cur, "cfg expression nested too deeply");
	cursor_skip_blanks(cur, p->end);
	at = *cur;
	if (parse_ident(cur, ident, sizeof(ident)) < 0)
		return cfg_fail(p, at, "expected a cfg predicate");
	cursor_skip_blanks(cur, p->end);
	if (**cur == '(') {
		(*cur)++;
		if (!strcmp(ident, "any"))
			return parse_list(p, cur, depth, 0);
		if (!strcmp(ident, "all"))
			return parse_list(p, cur, depth, 1);
		if (!strcmp(ident, "not")) {
			int v = parse_pred(p, cur, depth + 1);
			if (v < 0)
				return -1;
			if (parse_char(p, cur, ')') < 0)
				return cfg_fail(p, *cur, "expected ')'");
			return !v;
		}
		return cfg_fail(p, at, "unknown cfg operator (expected any, all or not)");
	}
	if (**cur == '=') {
		const char *value = cfg_value(ident), *q;

		(*cur)++;
		cursor_skip_blanks(cur, p->end);
		if (**cur != '"')
			return cfg_fail(p, *cur, "expected a quoted value");
		q = strchr(*cur + 1, '"');
		if (!q)
			return cfg_fail(p, *cur, "unterminated string");
		if (!value)
			return cfg_fail(p, at, "unknown cfg key");
		{
			size_t n = (size_t)(q - *cur - 1);
			int eq = strlen(value) == n && !strncmp(value, *cur + 1, n);
			*cur = q + 1;
			return eq;
		}
	}
	if (!strcmp(ident, "unix"))
		return 1;
	if (!strcmp(ident, "windows"))
		return 0;
	/* Other bare flags (test, debug_assertions, ...) are false here. */
	return 0;
}

int target_spec_matches(const char *spec, size_t *err_col, struct strbuf *err)
{
	struct cfg_parser p = { spec, spec + strlen(spec), NULL, err };
	const char *cur = spec;
	int v;

	cursor_skip_blanks(&cur, p.end);
	if (strncmp(cur, "cfg(", 4) != 0) {
		/* A target triple. */
		size_t n = strlen(cur);
		while (n && (cur[n - 1] == ' ' || cur[n - 1] == '\t'))
			n--;
		if (!n) {
			*err_col = 1;
			strbuf_addstr(err, "empty platform");
			return -1;
		}
		return strlen(target_triple()) == n &&
		       !strncmp(target_triple(), cur, n);
	}
	cur += 4;
	v = parse_pred(&p, &cur, 0);
	if (v >= 0 && parse_char(&p, &cur, ')') < 0)
		v = cfg_fail(&p, cur, "expected ')'");
	cursor_skip_blanks(&cur, p.end);
	if (v >= 0 && *cur)
		v = cfg_fail(&p, cur, "unexpected text after the cfg expression");
	if (v < 0)
		*err_col = (size_t)(p.errpos - spec) + 1;
	return v;
}
