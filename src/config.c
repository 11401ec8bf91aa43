#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "capture.h"
#include "cursor.h"
#include "config.h"
#include "fsutil.h"
#include "opt.h"
#include "target_spec.h"
#include "spawn.h"
#include "strbuf.h"
#include "textpos.h"
#include "toml.h"
#include "memcheck.h"

#define CONFIG_FILE "tare.toml"
#define CONFIG_MAX_BYTES (4u << 20)

/* The usual memcheck command line of a CI job, flag for flag. */
static const char *const valgrind_argv[] = {
	"valgrind", "--leak-check=full", "--show-leak-kinds=all",
	"--errors-for-leak-kinds=definite,indirect", "--error-exitcode=1", NULL,
};

/* The callgrind profile's: the test process itself, one profile per test. */
static const char *const callgrind_argv[] = { "valgrind", "--tool=callgrind", NULL };

static const struct strvec no_strings = STRVEC_INIT;

static void settings_builtin(struct settings *s)
{
	memset(s, 0, sizeof(*s));
	s->retries = 0;
	/*
	 * nextest never kills a slow test by default; a C suite in CI
	 * should not hang for hours, so tare ends a test after ten slow
	 * periods (ten minutes).
	 */
	s->slow_period = 60;
	s->terminate_after = 10;
	s->grace = 10;
	s->leak_period = 0.1;
	s->leak_fail = 0;
	s->failure_output = OUTPUT_IMMEDIATE;
	s->success_output = OUTPUT_NEVER;
	s->output_head = CAPTURE_HEAD_DEFAULT;
	s->output_tail = CAPTURE_TAIL_DEFAULT;
	s->flaky_fail = 1;
	s->timeout_multiplier = 0;
	s->mc_batched = 1;
	s->mc_leak_kinds = 1u << MC_LEAK_DEFINITE | 1u << MC_LEAK_INDIRECT;
	s->mc_suppressions = &no_strings;
	s->mc_extra_args = &no_strings;
	s->junit_store_success = 0;
	s->junit_store_failure = 1;
	s->test_threads = 0;
	s->threads_required = 1;
	s->priority = 0;
	s->test_group = NULL;
	s->max_fail = 1;
	s->default_filter = NULL;
	s->junit_path = NULL;
	s->status_level = LEVEL_SKIP;
	s->final_status_level = FINAL_FLAKY;
}

/* Copies into dst every field src sets that dst does not. */
static void settings_merge(struct settings *dst, const struct settings *src,
			   unsigned mask)
{
	unsigned take = src->set & ~dst->set & mask;

	if (take & SET_RETRIES)
		dst->retries = src->retries;
	if (take & SET_SLOW) {
		dst->slow_period = src->slow_period;
		dst->terminate_after = src->terminate_after;
		dst->grace = src->grace;
	}
	if (take & SET_LEAK) {
		dst->leak_period = src->leak_period;
		dst->leak_fail = src->leak_fail;
	}
	if (take & SET_FAILURE_OUTPUT)
		dst->failure_output = src->failure_output;
	if (take & SET_SUCCESS_OUTPUT)
		dst->success_output = src->success_output;
	if (take & SET_OUTPUT_LIMIT) {
		dst->output_head = src->output_head;
		dst->output_tail = src->output_tail;
	}
	if (take & SET_FLAKY)
		dst->flaky_fail = src->flaky_fail;
	if (take & SET_TIMEOUT_MULT)
		dst->timeout_multiplier = src->timeout_multiplier;
	if (take & SET_JUNIT_STORE_SUCCESS)
		dst->junit_store_success = src->junit_store_success;
	if (take & SET_JUNIT_STORE_FAILURE)
		dst->junit_store_failure = src->junit_store_failure;
	if (take & SET_MC_MODE)
		dst->mc_batched = src->mc_batched;
	if (take & SET_MC_LEAK_KINDS)
		dst->mc_leak_kinds = src->mc_leak_kinds;
	if (take & SET_MC_SUPPRESSIONS)
		dst->mc_suppressions = src->mc_suppressions;
	if (take & SET_MC_EXTRA_ARGS)
		dst->mc_extra_args = src->mc_extra_args;
	if (take & SET_THREADS_REQUIRED)
		dst->threads_required = src->threads_required;
	if (take & SET_PRIORITY)
		dst->priority = src->priority;
	if (take & SET_TEST_GROUP)
		dst->test_group = src->test_group;
	if (take & SET_THREADS)
		dst->test_threads = src->test_threads;
	if (take & SET_FAIL_FAST)
		dst->max_fail = src->max_fail;
	if (take & SET_DEFAULT_FILTER)
		dst->default_filter = src->default_filter;
	if (take & SET_JUNIT_PATH)
		dst->junit_path = src->junit_path;
	if (take & SET_STATUS_LEVEL)
		dst->status_level = src->status_level;
	if (take & SET_FINAL_STATUS_LEVEL)
		dst->final_status_level = src->final_status_level;
	dst->set |= take;
}

const char *const output_when_names[] = {
	[OUTPUT_NEVER] = "never",
	[OUTPUT_IMMEDIATE] = "immediate",
	[OUTPUT_FINAL] = "final",
	[OUTPUT_IMMEDIATE_FINAL] = "immediate-final",
	NULL,
};

const char *const status_level_names[] = {
	[LEVEL_NONE] = "none", [LEVEL_FAIL] = "fail", [LEVEL_RETRY] = "retry",
	[LEVEL_SLOW] = "slow", [LEVEL_LEAK] = "leak", [LEVEL_PASS] = "pass",
	[LEVEL_SKIP] = "skip", [LEVEL_ALL] = "all", NULL,
};

const char *const final_level_names[] = {
	[FINAL_NONE] = "none", [FINAL_FAIL] = "fail", [FINAL_FLAKY] = "flaky",
	[FINAL_SLOW] = "slow", [FINAL_SKIP] = "skip", [FINAL_PASS] = "pass",
	[FINAL_ALL] = "all", NULL,
};

const char *const pass_fail_names[] = { "pass", "fail", NULL };
const char *const memcheck_mode_names[] = { "per-test", "batched", "served", NULL };

const char *output_when_name(enum output_when w)
{
	return output_when_names[w];
}

int output_when_parse(const char *s)
{
	return choice_lookup(output_when_names, s);
}

int status_level_parse(const char *s)
{
	return choice_lookup(status_level_names, s);
}

int final_level_parse(const char *s)
{
	return choice_lookup(final_level_names, s);
}

/* One number and unit of a duration; advances only on success. */
static int parse_duration_part(const char **cur, double *out)
{
	static const struct { const char *unit; double scale; } units[] = {
		{ "ns", 1e-9 }, { "us", 1e-6 }, { "µs", 1e-6 }, { "ms", 1e-3 },
		{ "sec", 1 }, { "s", 1 }, { "min", 60 }, { "m", 60 },
		{ "hours", 3600 }, { "hour", 3600 }, { "h", 3600 },
	};
	const char *p = *cur, *end = p + strlen(p), *frac;
	uint64_t whole = 0, part = 0;
	int rc;
	double v;
	size_t i;

	/* At most 12 significant digits before the point, and 12 after it. */
	rc = cursor_u64(&p, end, UINT64_C(999999999999), &whole);
	if (rc == CURSOR_OVERFLOW)
		return -1;
	v = (double)whole;
	if (!cursor_char(&p, end, '.')) {
		frac = p;
		if (cursor_u64(&p, end, UINT64_C(999999999999), &part) == CURSOR_OVERFLOW ||
		    (rc && p == frac))
			return -1;
		v += (double)part / pow(10, (double)(p - frac));
	} else if (rc) {
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(units); i++) {
		size_t n = strlen(units[i].unit);
		if (!strncmp(p, units[i].unit, n) &&
		    !((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z'))) {
			*out = v * units[i].scale;
			*cur = p + n;
			return 0;
		}
	}
	return -1;
}

int parse_duration(const char *s, double *out)
{
	const char *cur = s;
	double total = 0, part;
	int parts = 0;

	for (;;) {
		while (*cur == ' ')
			cur++;
		if (!*cur)
			break;
		if (parse_duration_part(&cur, &part) < 0)
			return -1;
		total += part;
		parts++;
	}
	if (!parts || !isfinite(total) || total > 1e9)
		return -1;
	*out = total;
	return 0;
}

int parse_size(const char *s, size_t *out)
{
	static const struct { const char *unit; size_t scale; } units[] = {
		{ "KiB", 1u << 10 }, { "MiB", 1u << 20 }, { "GiB", 1u << 30 },
		{ "KB", 1000 }, { "MB", 1000000 }, { "GB", 1000000000 }, { "B", 1 },
	};
	const char *p = s;
	uint64_t v;
	size_t i, scale = 1;

	/* At most 12 digits. */
	if (cursor_u64(&p, s + strlen(s), UINT64_C(999999999999), &v))
		return -1;
	while (*p == ' ')
		p++;
	for (i = 0; *p && i < ARRAY_SIZE(units); i++)
		if (!strcmp(p, units[i].unit)) {
			scale = units[i].scale;
			p += strlen(units[i].unit);
			break;
		}
	if (*p || v > (1ull << 30) / scale)
		return -1;
	*out = (size_t)(v * scale);
	return 0;
}

/* ---- loading ---- */

struct loader {
	struct config *cfg;
	const char *file;
};

static int fail_at(struct loader *l, int line, int col, const char *fmt, ...)
	TARE_PRINTF(4, 5);

static int fail_at(struct loader *l, int line, int col, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	error("%s:%d:%d: %s", l->file, line, col, msg.buf);
	strbuf_release(&msg);
	return -1;
}

/* "FILE:LINE:COL", kept for messages after loading. */
static const char *where_of(struct loader *l, int line, int col)
{
	struct strbuf sb = STRBUF_INIT;
	const char *w;

	strbuf_addf(&sb, "%s:%d:%d", l->file, line, col);
	w = arena_strdup(&l->cfg->arena, sb.buf);
	strbuf_release(&sb);
	return w;
}

static int fail_entry(struct loader *l, const struct toml_entry *e,
		      const char *fmt, ...) TARE_PRINTF(3, 4);

static int fail_entry(struct loader *l, const struct toml_entry *e,
		      const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	error("%s:%d:%d: %s", l->file, e->value->line, e->value->col, msg.buf);
	strbuf_release(&msg);
	return -1;
}

/* Rejects keys not in known, suggesting the closest known one. */
static int check_keys(struct loader *l, const struct toml_value *table,
		      const char *const *known, const char *where)
{
	size_t i, k;

	for (i = 0; i < table->nr; i++) {
		const struct toml_entry *e = &table->entries[i];
		const char *best = NULL;
		size_t best_d = SIZE_MAX;

		for (k = 0; known[k]; k++) {
			size_t d;
			if (!strcmp(known[k], e->key))
				break;
			d = edit_distance(e->key, known[k]);
			if (d < best_d) {
				best_d = d;
				best = known[k];
			}
		}
		if (known[k])
			continue;
		if (best && best_d <= 2 + strlen(e->key) / 6)
			return fail_at(l, e->line, e->col,
				       "unknown key '%s' in %s (did you mean '%s'?)",
				       e->key, where, best);
		return fail_at(l, e->line, e->col, "unknown key '%s' in %s",
			       e->key, where);
	}
	return 0;
}

static int want(struct loader *l, const struct toml_entry *e, enum toml_type t)
{
	if (e->value->type == t)
		return 0;
	return fail_entry(l, e, "'%s' must be %s %s, not %s %s", e->key,
			  t == TOML_INTEGER ? "an" : "a", toml_type_name(t),
			  e->value->type == TOML_INTEGER || e->value->type == TOML_ARRAY ? "an" : "a",
			  toml_type_name(e->value->type));
}

static int want_duration(struct loader *l, const struct toml_entry *e,
			 double *out)
{
	if (want(l, e, TOML_STRING) < 0)
		return -1;
	if (parse_duration(e->value->str, out) < 0)
		return fail_entry(l, e, "'%s' is not a duration like \"60s\" or \"1m 30s\": \"%s\"",
				  e->key, e->value->str);
	return 0;
}

static int want_size(struct loader *l, const struct toml_entry *e, size_t *out)
{
	if (want(l, e, TOML_STRING) < 0)
		return -1;
	if (parse_size(e->value->str, out) < 0)
		return fail_entry(l, e, "'%s' is not a size like \"1MiB\" or \"64KiB\" (at most 1GiB): \"%s\"",
				  e->key, e->value->str);
	return 0;
}

static int want_choice(struct loader *l, const struct toml_entry *e,
		       int (*parse)(const char *), const char *choices)
{
	int v;

	if (want(l, e, TOML_STRING) < 0)
		return -1;
	v = parse(e->value->str);
	if (v < 0)
		return fail_entry(l, e, "'%s' must be one of %s, not \"%s\"",
				  e->key, choices, e->value->str);
	return v;
}

/* "fail" 1, "pass" 0: flaky-result and leak-timeout's result. */
static int pass_fail_parse(const char *s)
{
	return choice_lookup(pass_fail_names, s);
}

/*
 * The column of the col-th byte (1-based) of a string value, where the
 * string is written as it is; else the value's own column.
 */
static int string_column(const struct toml_value *v, size_t col)
{
	if (!v->str_col_exact || !col)
		return v->col;
	return v->col + text_columns(v->str, col - 1) + 1;
}

/*
 * Compiles a filter written in a TOML string, reporting a bad one at its
 * exact column in the file when the string allows it.
 */
static int load_filter(struct loader *l, const struct toml_entry *e,
		       const struct filter **out)
{
	struct strbuf msg = STRBUF_INIT;
	struct filter *f;
	size_t col = 0;

	if (want(l, e, TOML_STRING) < 0)
		return -1;
	f = filter_parse(e->value->str, &col, &msg);
	if (!f) {
		fail_at(l, e->value->line, string_column(e->value, col), "in filter \"%s\": %s",
			e->value->str, msg.buf);
		strbuf_release(&msg);
		return -1;
	}
	strbuf_release(&msg);
	vec_push(&l->cfg->filters, f);
	*out = f;
	return 0;
}

/* A platform spec: returns 1 (applies here), 0 (does not) or -1. */
static int load_platform(struct loader *l, const struct toml_entry *e)
{
	struct strbuf msg = STRBUF_INIT;
	const char *spec;
	size_t col = 0;
	int v;

	if (e->value->type == TOML_TABLE) {
		/* { host = "...", target = "..." }: both mean this machine. */
		static const char *const keys[] = { "host", "target", NULL };
		size_t i;

		if (check_keys(l, e->value, keys, "platform") < 0)
			return -1;
		v = 1;
		for (i = 0; i < e->value->nr && v > 0; i++)
			v = load_platform(l, &e->value->entries[i]);
		return v;
	}
	if (want(l, e, TOML_STRING) < 0)
		return -1;
	spec = e->value->str;
	v = target_spec_matches(spec, &col, &msg);
	if (v < 0)
		fail_at(l, e->value->line, string_column(e->value, col),
			"in platform \"%s\": %s", spec, msg.buf);
	strbuf_release(&msg);
	return v;
}

static int load_retries(struct loader *l, const struct toml_entry *e,
			struct settings *s)
{
	const struct toml_value *v = e->value;

	if (v->type == TOML_TABLE) {
		static const char *const keys[] = {
			"count", "backoff", "delay", "jitter", "max-delay", NULL,
		};
		const struct toml_value *count = toml_get(v, "count");
		size_t i;

		if (check_keys(l, v, keys, "retries") < 0)
			return -1;
		for (i = 0; i < v->nr; i++)
			if (strcmp(v->entries[i].key, "count"))
				return fail_at(l, v->entries[i].line, v->entries[i].col,
					       "retry '%s' is not supported: tare retries at once; use retries = N",
					       v->entries[i].key);
		if (!count)
			return fail_entry(l, e, "'retries' table needs 'count'");
		v = count;
	}
	if (v->type != TOML_INTEGER)
		return want(l, e, TOML_INTEGER);
	if (v->i < 0 || v->i > 1000)
		return fail_at(l, v->line, v->col, "'retries' must be between 0 and 1000");
	s->retries = (int)v->i;
	s->set |= SET_RETRIES;
	return 0;
}

static int load_slow_timeout(struct loader *l, const struct toml_entry *e,
			     struct settings *s)
{
	const struct toml_value *v = e->value;
	size_t i;

	s->terminate_after = 0;
	s->grace = 10;
	if (v->type == TOML_STRING) {
		if (want_duration(l, e, &s->slow_period) < 0)
			return -1;
	} else if (v->type == TOML_TABLE) {
		static const char *const keys[] = {
			"period", "terminate-after", "grace-period", "on-timeout", NULL,
		};
		int have_period = 0;

		if (check_keys(l, v, keys, "slow-timeout") < 0)
			return -1;
		for (i = 0; i < v->nr; i++) {
			const struct toml_entry *f = &v->entries[i];

			if (!strcmp(f->key, "period")) {
				if (want_duration(l, f, &s->slow_period) < 0)
					return -1;
				have_period = 1;
			} else if (!strcmp(f->key, "terminate-after")) {
				if (want(l, f, TOML_INTEGER) < 0)
					return -1;
				if (f->value->i < 1 || f->value->i > 1000000)
					return fail_entry(l, f, "'terminate-after' must be a positive integer");
				s->terminate_after = (int)f->value->i;
			} else if (!strcmp(f->key, "grace-period")) {
				if (want_duration(l, f, &s->grace) < 0)
					return -1;
			} else {
				return fail_at(l, f->line, f->col,
					       "'on-timeout' is not supported: a test that times out fails");
			}
		}
		if (!have_period)
			return fail_entry(l, e, "'slow-timeout' needs a 'period'");
	} else {
		return fail_entry(l, e, "'slow-timeout' must be a duration or a table like { period = \"60s\", terminate-after = 2 }");
	}
	if (s->slow_period <= 0)
		return fail_entry(l, e, "'slow-timeout' period must be above zero");
	s->set |= SET_SLOW;
	return 0;
}

static int load_leak_timeout(struct loader *l, const struct toml_entry *e,
			     struct settings *s)
{
	const struct toml_value *v = e->value;
	size_t i;

	s->leak_fail = 0;
	if (v->type == TOML_STRING) {
		if (want_duration(l, e, &s->leak_period) < 0)
			return -1;
	} else if (v->type == TOML_TABLE) {
		static const char *const keys[] = { "period", "result", NULL };
		int have_period = 0;

		if (check_keys(l, v, keys, "leak-timeout") < 0)
			return -1;
		for (i = 0; i < v->nr; i++) {
			const struct toml_entry *f = &v->entries[i];

			if (!strcmp(f->key, "period")) {
				if (want_duration(l, f, &s->leak_period) < 0)
					return -1;
				have_period = 1;
			} else {
				int r = want_choice(l, f, pass_fail_parse, "\"pass\" or \"fail\"");
				if (r < 0)
					return -1;
				s->leak_fail = r;
			}
		}
		if (!have_period)
			return fail_entry(l, e, "'leak-timeout' needs a 'period'");
	} else {
		return fail_entry(l, e, "'leak-timeout' must be a duration or a table like { period = \"100ms\", result = \"fail\" }");
	}
	s->set |= SET_LEAK;
	return 0;
}

/* output-limit = "1MiB" (head and tail), or { head = "...", tail = "..." }. */
static int load_output_limit(struct loader *l, const struct toml_entry *e,
			     struct settings *s)
{
	const struct toml_value *v = e->value;
	size_t i;

	s->output_head = CAPTURE_HEAD_DEFAULT;
	s->output_tail = CAPTURE_TAIL_DEFAULT;
	if (v->type == TOML_STRING) {
		if (want_size(l, e, &s->output_head) < 0)
			return -1;
		s->output_tail = s->output_head;
	} else if (v->type == TOML_TABLE) {
		static const char *const keys[] = { "head", "tail", NULL };

		if (check_keys(l, v, keys, "output-limit") < 0)
			return -1;
		for (i = 0; i < v->nr; i++) {
			const struct toml_entry *f = &v->entries[i];

			if (want_size(l, f, f->key[0] == 'h' ? &s->output_head : &s->output_tail) < 0)
				return -1;
		}
	} else {
		return fail_entry(l, e, "'output-limit' must be a size or a table like { head = \"1MiB\", tail = \"1MiB\" }");
	}
	s->set |= SET_OUTPUT_LIMIT;
	return 0;
}

static int load_junit(struct loader *l, const struct toml_entry *e,
		      struct settings *s, int in_profile)
{
	static const char *const profile_keys[] = {
		"path", "store-success-output", "store-failure-output", NULL,
	};
	static const char *const override_keys[] = {
		"store-success-output", "store-failure-output", NULL,
	};
	size_t i;

	if (want(l, e, TOML_TABLE) < 0)
		return -1;
	if (check_keys(l, e->value, in_profile ? profile_keys : override_keys,
		       "junit") < 0)
		return -1;
	for (i = 0; i < e->value->nr; i++) {
		const struct toml_entry *f = &e->value->entries[i];

		if (!strcmp(f->key, "path")) {
			struct strbuf p = STRBUF_INIT;

			if (want(l, f, TOML_STRING) < 0)
				return -1;
			if (!*f->value->str)
				return fail_entry(l, f, "'path' is empty");
			path_join(&p, l->cfg->root, f->value->str);
			s->junit_path = arena_strdup(&l->cfg->arena, p.buf);
			strbuf_release(&p);
			s->set |= SET_JUNIT_PATH;
		} else {
			int success = !strcmp(f->key, "store-success-output");

			if (want(l, f, TOML_BOOLEAN) < 0)
				return -1;
			if (success) {
				s->junit_store_success = f->value->b;
				s->set |= SET_JUNIT_STORE_SUCCESS;
			} else {
				s->junit_store_failure = f->value->b;
				s->set |= SET_JUNIT_STORE_FAILURE;
			}
		}
	}
	return 0;
}

/* An array of strings, into a strvec that lives as long as the config. */
static int load_strings(struct loader *l, const struct toml_entry *e,
			const struct strvec **out, int paths)
{
	struct strvec *sv;
	size_t i;

	if (e->value->type != TOML_ARRAY)
		return fail_entry(l, e, "'%s' must be an array of strings", e->key);
	sv = arena_alloc(&l->cfg->arena, sizeof(*sv));
	strvec_init(sv);
	vec_push(&l->cfg->strvecs, sv);
	for (i = 0; i < e->value->nr; i++) {
		const struct toml_value *v = e->value->items[i];
		struct strbuf p = STRBUF_INIT;

		if (v->type != TOML_STRING || !*v->str)
			return fail_at(l, v->line, v->col,
				       "each of '%s' must be a non-empty string", e->key);
		if (paths)
			path_join(&p, l->cfg->root, v->str);
		else
			strbuf_addstr(&p, v->str);
		strvec_push(sv, p.buf);
		strbuf_release(&p);
	}
	*out = sv;
	return 0;
}

/* memcheck = { mode, leak-kinds, suppressions, extra-args } */
static int load_memcheck(struct loader *l, const struct toml_entry *e,
			 struct settings *s)
{
	static const char *const keys[] = {
		"mode", "leak-kinds", "suppressions", "extra-args", NULL,
	};
	size_t i, k;

	if (want(l, e, TOML_TABLE) < 0 || check_keys(l, e->value, keys, "memcheck") < 0)
		return -1;
	for (i = 0; i < e->value->nr; i++) {
		const struct toml_entry *f = &e->value->entries[i];

		if (!strcmp(f->key, "mode")) {
			if (want(l, f, TOML_STRING) < 0)
				return -1;
			if (choice_lookup(memcheck_mode_names, f->value->str) < 0)
				return fail_entry(l, f, "'mode' must be \"batched\", \"served\" or \"per-test\", not \"%s\"",
						  f->value->str);
			s->mc_batched = choice_lookup(memcheck_mode_names, f->value->str);
			s->set |= SET_MC_MODE;
		} else if (!strcmp(f->key, "leak-kinds")) {
			if (f->value->type != TOML_ARRAY)
				return fail_entry(l, f, "'leak-kinds' must be an array such as [\"definite\", \"indirect\"]");
			s->mc_leak_kinds = 0;
			for (k = 0; k < f->value->nr; k++) {
				const struct toml_value *v = f->value->items[k];
				enum mc_leak kind;

				if (v->type != TOML_STRING)
					return fail_at(l, v->line, v->col, "each leak kind must be a string");
				kind = mc_leak_parse(v->str);
				if (kind == MC_LEAK_NONE)
					return fail_at(l, v->line, v->col,
						       "unknown leak kind \"%s\": definite, indirect, possible or reachable",
						       v->str);
				s->mc_leak_kinds |= 1u << kind;
			}
			s->set |= SET_MC_LEAK_KINDS;
		} else if (!strcmp(f->key, "suppressions")) {
			if (load_strings(l, f, &s->mc_suppressions, 1) < 0)
				return -1;
			s->set |= SET_MC_SUPPRESSIONS;
		} else {
			if (load_strings(l, f, &s->mc_extra_args, 0) < 0)
				return -1;
			s->set |= SET_MC_EXTRA_ARGS;
		}
	}
	return 0;
}

/* A setting that may appear in a profile and in an override. */
/* threads-required = N, "num-cpus" or "num-test-threads". */
static int load_threads_required(struct loader *l, const struct toml_entry *e,
				 struct settings *s)
{
	const struct toml_value *v = e->value;

	if (v->type == TOML_INTEGER && v->i >= 1 && v->i <= 1024)
		s->threads_required = (int)v->i;
	else if (v->type == TOML_STRING && !strcmp(v->str, "num-cpus"))
		s->threads_required = THREADS_NUM_CPUS;
	else if (v->type == TOML_STRING && !strcmp(v->str, "num-test-threads"))
		s->threads_required = THREADS_NUM_TEST_THREADS;
	else
		return fail_entry(l, e, "'threads-required' must be a number from 1 to 1024, "
				  "\"num-cpus\" or \"num-test-threads\"");
	s->set |= SET_THREADS_REQUIRED;
	return 0;
}

/* test-group = "NAME": one of [test-groups], or "@global", the pool of all others. */
static int load_test_group_ref(struct loader *l, const struct toml_entry *e,
			       struct settings *s)
{
	size_t i;

	if (want(l, e, TOML_STRING) < 0)
		return -1;
	s->set |= SET_TEST_GROUP;
	s->test_group = NULL;
	if (!strcmp(e->value->str, "@global"))
		return 0;
	for (i = 0; i < l->cfg->test_groups.nr; i++)
		if (!strcmp(l->cfg->test_groups.v[i]->name, e->value->str)) {
			s->test_group = l->cfg->test_groups.v[i];
			return 0;
		}
	return fail_entry(l, e, "test group '%s' is not in [test-groups]", e->value->str);
}

static int load_common(struct loader *l, const struct toml_entry *e,
		       struct settings *s, int in_profile)
{
	const char *k = e->key;
	int v;

	if (!strcmp(k, "retries"))
		return load_retries(l, e, s);
	if (!strcmp(k, "slow-timeout"))
		return load_slow_timeout(l, e, s);
	if (!strcmp(k, "leak-timeout"))
		return load_leak_timeout(l, e, s);
	if (!strcmp(k, "output-limit"))
		return load_output_limit(l, e, s);
	if (!strcmp(k, "failure-output") || !strcmp(k, "success-output")) {
		v = want_choice(l, e, output_when_parse,
				"\"immediate\", \"final\", \"immediate-final\" or \"never\"");
		if (v < 0)
			return -1;
		if (k[0] == 'f') {
			s->failure_output = v;
			s->set |= SET_FAILURE_OUTPUT;
		} else {
			s->success_output = v;
			s->set |= SET_SUCCESS_OUTPUT;
		}
		return 0;
	}
	if (!strcmp(k, "flaky-result")) {
		v = want_choice(l, e, pass_fail_parse, "\"fail\" or \"pass\"");
		if (v < 0)
			return -1;
		s->flaky_fail = v;
		s->set |= SET_FLAKY;
		return 0;
	}
	if (!strcmp(k, "timeout-multiplier")) {
		if (want(l, e, TOML_INTEGER) < 0)
			return -1;
		if (e->value->i < 1 || e->value->i > 1000)
			return fail_entry(l, e, "'timeout-multiplier' must be between 1 and 1000");
		s->timeout_multiplier = (int)e->value->i;
		s->set |= SET_TIMEOUT_MULT;
		return 0;
	}
	if (!strcmp(k, "junit"))
		return load_junit(l, e, s, in_profile);
	if (!strcmp(k, "memcheck"))
		return load_memcheck(l, e, s);
	if (!strcmp(k, "threads-required"))
		return load_threads_required(l, e, s);
	if (!strcmp(k, "priority")) {
		if (want(l, e, TOML_INTEGER) < 0)
			return -1;
		if (e->value->i < -100 || e->value->i > 100)
			return fail_entry(l, e, "'priority' must be between -100 and 100");
		s->priority = (int)e->value->i;
		s->set |= SET_PRIORITY;
		return 0;
	}
	if (!strcmp(k, "test-group"))
		return load_test_group_ref(l, e, s);
	BUG("unhandled key '%s'", k);
}

static const struct wrapper *find_wrapper(const struct config *cfg,
					  const char *name)
{
	size_t i;

	for (i = 0; i < cfg->wrappers.nr; i++)
		if (!strcmp(cfg->wrappers.v[i]->name, name))
			return cfg->wrappers.v[i];
	return NULL;
}

static struct config_profile *find_profile(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->profiles.nr; i++)
		if (!strcmp(cfg->profiles.v[i]->name, name))
			return cfg->profiles.v[i];
	return NULL;
}

static struct config_profile *add_profile(struct config *cfg, const char *name,
				   const char *where)
{
	struct config_profile *p = arena_alloc(&cfg->arena, sizeof(*p));

	p->name = arena_strdup(&cfg->arena, name);
	p->where = arena_strdup(&cfg->arena, where);
	vec_push(&cfg->profiles, p);
	return p;
}

static int load_override(struct loader *l, struct config_profile *p,
			 const struct toml_value *t, const char *where)
{
	static const char *const keys[] = {
		"filter", "platform", "retries", "slow-timeout", "leak-timeout",
		"failure-output", "success-output", "output-limit", "flaky-result",
		"timeout-multiplier", "junit", "memcheck", "threads-required", "priority",
		"test-group", NULL,
	};
	struct override ov;
	int applies = 1, has_selector = 0;
	size_t i;

	memset(&ov, 0, sizeof(ov));
	if (check_keys(l, t, keys, where) < 0)
		return -1;
	for (i = 0; i < t->nr; i++) {
		const struct toml_entry *e = &t->entries[i];

		if (!strcmp(e->key, "filter")) {
			if (load_filter(l, e, &ov.filter) < 0)
				return -1;
			has_selector = 1;
		} else if (!strcmp(e->key, "platform")) {
			int v = load_platform(l, e);
			if (v < 0)
				return -1;
			applies = applies && v;
			has_selector = 1;
		} else if (load_common(l, e, &ov.s, 0) < 0) {
			return -1;
		}
	}
	if (!has_selector)
		return fail_at(l, t->line, t->col,
			       "an override needs a 'filter' or a 'platform'");
	if (applies)
		vec_push(&p->overrides, ov);
	return 0;
}

static int load_command(struct loader *l, const struct toml_entry *ce, struct wrapper *w);

/* setup = "NAME" or ["A", "B"]: scripts of [scripts.setup]. */
static int load_rule_setups(struct loader *l, const struct toml_entry *e, struct script_rule *rule)
{
	const struct toml_value *v = e->value;
	size_t n = v->type == TOML_ARRAY ? v->nr : 1, i, k;

	if (v->type != TOML_STRING && v->type != TOML_ARRAY)
		return fail_entry(l, e, "'setup' must be a script's name or a list of them");
	rule->setups = arena_alloc(&l->cfg->arena, (n ? n : 1) * sizeof(*rule->setups));
	for (i = 0; i < n; i++) {
		const struct toml_value *item = v->type == TOML_ARRAY ? v->items[i] : v;
		const struct setup_script *found = NULL;

		if (item->type != TOML_STRING)
			return fail_at(l, item->line, item->col, "each of 'setup' must be a string");
		for (k = 0; k < l->cfg->setup_scripts.nr && !found; k++)
			if (!strcmp(l->cfg->setup_scripts.v[k]->name, item->str))
				found = l->cfg->setup_scripts.v[k];
		if (!found)
			return fail_at(l, item->line, item->col,
				       "no setup script named '%s' (define it in [scripts.setup.%s])",
				       item->str, item->str);
		rule->setups[rule->nsetups++] = found;
	}
	return 0;
}

/* [scripts.setup.NAME]: command, slow-timeout; nextest's other keys are accepted. */
static int load_setup_script(struct loader *l, const struct toml_entry *se)
{
	static const char *const keys[] = {
		"command", "slow-timeout", "leak-timeout", "capture-stdout", "capture-stderr",
		"junit", NULL,
	};
	const struct toml_value *t = se->value;
	struct setup_script *sc;
	size_t i;

	if (want(l, se, TOML_TABLE) < 0 || check_keys(l, t, keys, "a setup script") < 0)
		return -1;
	sc = arena_alloc(&l->cfg->arena, sizeof(*sc));
	sc->name = arena_strdup(&l->cfg->arena, se->key);
	sc->cmd.name = sc->name;
	strvec_init(&sc->cmd.argv);
	strvec_init(&sc->cmd.env);
	vec_push(&l->cfg->setup_scripts, sc);
	if (!toml_get(t, "command"))
		return fail_at(l, se->line, se->col, "setup script '%s' needs a 'command'", se->key);
	for (i = 0; i < t->nr; i++) {
		const struct toml_entry *e = &t->entries[i];

		if (!strcmp(e->key, "command")) {
			if (load_command(l, e, &sc->cmd) < 0)
				return -1;
		} else if (!strcmp(e->key, "slow-timeout")) {
			struct settings st;

			memset(&st, 0, sizeof(st));
			if (load_slow_timeout(l, e, &st) < 0)
				return -1;
			sc->slow_period = st.slow_period;
			sc->terminate_after = st.terminate_after;
		}
		/* leak-timeout, capture-* and junit: tare always captures, and shows a failure's. */
	}
	return 0;
}

static int load_script_rule(struct loader *l, struct config_profile *p,
			    const struct toml_value *t, const char *where)
{
	static const char *const keys[] = {
		"filter", "platform", "run-wrapper", "list-wrapper", "setup", NULL,
	};
	struct script_rule rule;
	int applies = 1;
	size_t i;

	memset(&rule, 0, sizeof(rule));
	if (check_keys(l, t, keys, where) < 0)
		return -1;
	for (i = 0; i < t->nr; i++) {
		const struct toml_entry *e = &t->entries[i];

		if (!strcmp(e->key, "filter")) {
			if (load_filter(l, e, &rule.filter) < 0)
				return -1;
		} else if (!strcmp(e->key, "platform")) {
			int v = load_platform(l, e);
			if (v < 0)
				return -1;
			applies = applies && v;
		} else if (!strcmp(e->key, "setup")) {
			if (load_rule_setups(l, e, &rule) < 0)
				return -1;
		} else {
			const struct wrapper *w;

			if (want(l, e, TOML_STRING) < 0)
				return -1;
			w = find_wrapper(l->cfg, e->value->str);
			if (!w)
				return fail_entry(l, e, "no wrapper script named '%s' (define it in [scripts.wrapper.%s])",
						  e->value->str, e->value->str);
			if (!strcmp(e->key, "run-wrapper"))
				rule.run_wrapper = w;
			else
				rule.list_wrapper = w;
		}
	}
	if (!rule.filter && !toml_get(t, "platform"))
		return fail_at(l, t->line, t->col,
			       "a scripts rule needs a 'filter' or a 'platform'");
	if (!rule.run_wrapper && !rule.list_wrapper && !rule.nsetups)
		return fail_at(l, t->line, t->col,
			       "a scripts rule needs a 'run-wrapper', a 'list-wrapper' or a 'setup'");
	if (applies)
		vec_push(&p->scripts, rule);
	return 0;
}

/* test-threads: "num-cpus", N, or -N for the CPUs less N. */
static int load_test_threads(struct loader *l, const struct toml_entry *e, struct settings *s)
{
	if (e->value->type == TOML_STRING && !strcmp(e->value->str, "num-cpus")) {
		s->test_threads = 0;
	} else if (e->value->type == TOML_INTEGER) {
		if (e->value->i == 0 || e->value->i < -4096 || e->value->i > 4096)
			return fail_entry(l, e, "'test-threads' must be \"num-cpus\", a positive number, or a negative one (CPUs minus that)");
		s->test_threads = (int)e->value->i;
	} else {
		return fail_entry(l, e, "'test-threads' must be an integer or \"num-cpus\"");
	}
	s->set |= SET_THREADS;
	return 0;
}

/* fail-fast: a boolean, or { max-fail = N or "all" }. */
static int load_fail_fast(struct loader *l, const struct toml_entry *e, struct settings *s)
{
	static const char *const ff_keys[] = { "max-fail", NULL };
	const struct toml_value *m;

	if (e->value->type == TOML_BOOLEAN) {
		s->max_fail = e->value->b ? 1 : 0;
		s->set |= SET_FAIL_FAST;
		return 0;
	}
	if (e->value->type != TOML_TABLE)
		return fail_entry(l, e, "'fail-fast' must be a boolean or a table like { max-fail = 3 }");
	m = toml_get(e->value, "max-fail");
	if (check_keys(l, e->value, ff_keys, "fail-fast") < 0)
		return -1;
	if (!m)
		return fail_entry(l, e, "'fail-fast' table needs 'max-fail'");
	if (m->type == TOML_STRING && !strcmp(m->str, "all"))
		s->max_fail = 0;
	else if (m->type == TOML_INTEGER && m->i >= 1 && m->i <= INT_MAX)
		s->max_fail = (int)m->i;
	else
		return fail_at(l, m->line, m->col, "'max-fail' must be a positive integer or \"all\"");
	s->set |= SET_FAIL_FAST;
	return 0;
}

/* [[profile.NAME.overrides]] or [[profile.NAME.scripts]]: the rules, in order. */
static int load_rules(struct loader *l, struct config_profile *p, const char *name,
		      const struct toml_entry *e)
{
	int scripts = e->key[0] == 's';
	struct strbuf where = STRBUF_INIT;
	size_t k;
	int ret = 0;

	if (e->value->type != TOML_ARRAY)
		return fail_entry(l, e, "'%s' must be an array of tables: [[profile.%s.%s]]",
				  e->key, name, e->key);
	strbuf_addf(&where, "[[profile.%s.%s]]", name, e->key);
	for (k = 0; k < e->value->nr && !ret; k++) {
		const struct toml_value *item = e->value->items[k];

		if (item->type != TOML_TABLE)
			ret = fail_at(l, item->line, item->col, "each of '%s' must be a table", e->key);
		else
			ret = scripts ? load_script_rule(l, p, item, where.buf)
				      : load_override(l, p, item, where.buf);
	}
	strbuf_release(&where);
	return ret < 0 ? -1 : 0;
}

static int load_profile(struct loader *l, const struct toml_entry *pe)
{
	static const char *const keys[] = {
		"inherits", "test-threads", "retries", "slow-timeout",
		"leak-timeout", "fail-fast", "failure-output", "success-output",
		"output-limit", "status-level", "final-status-level", "default-filter",
		"flaky-result", "timeout-multiplier", "junit", "memcheck",
		"threads-required", "overrides", "scripts", NULL,
	};
	const struct toml_value *t = pe->value;
	struct strbuf where = STRBUF_INIT;
	struct config_profile *p;
	size_t i;
	int ret = -1;

	if (want(l, pe, TOML_TABLE) < 0)
		return -1;
	if (!strncmp(pe->key, "default-", 8))
		return fail_at(l, pe->line, pe->col,
			       "profile names starting with 'default-' are reserved");
	strbuf_addf(&where, "%s:%d", l->file, pe->line);
	p = find_profile(l->cfg, pe->key);
	if (!p)
		p = add_profile(l->cfg, pe->key, where.buf);
	strbuf_reset(&where);
	strbuf_addf(&where, "[profile.%s]", pe->key);
	if (check_keys(l, t, keys, where.buf) < 0)
		goto out;

	for (i = 0; i < t->nr; i++) {
		const struct toml_entry *e = &t->entries[i];
		const char *key = e->key;
		int v;

		if (!strcmp(key, "inherits")) {
			if (want(l, e, TOML_STRING) < 0)
				goto out;
			if (!strcmp(e->value->str, pe->key)) {
				fail_entry(l, e, "profile '%s' cannot inherit from itself", pe->key);
				goto out;
			}
			p->inherits = arena_strdup(&l->cfg->arena, e->value->str);
			p->inherits_where = where_of(l, e->value->line, e->value->col);
		} else if (!strcmp(key, "test-threads")) {
			if (load_test_threads(l, e, &p->s) < 0)
				goto out;
		} else if (!strcmp(key, "fail-fast")) {
			if (load_fail_fast(l, e, &p->s) < 0)
				goto out;
		} else if (!strcmp(key, "status-level")) {
			v = want_choice(l, e, status_level_parse,
					"none, fail, retry, slow, leak, pass, skip or all");
			if (v < 0)
				goto out;
			p->s.status_level = v;
			p->s.set |= SET_STATUS_LEVEL;
		} else if (!strcmp(key, "final-status-level")) {
			v = want_choice(l, e, final_level_parse,
					"none, fail, flaky, slow, skip, pass or all");
			if (v < 0)
				goto out;
			p->s.final_status_level = v;
			p->s.set |= SET_FINAL_STATUS_LEVEL;
		} else if (!strcmp(key, "default-filter")) {
			if (load_filter(l, e, &p->s.default_filter) < 0)
				goto out;
			p->s.set |= SET_DEFAULT_FILTER;
		} else if (!strcmp(key, "overrides") || !strcmp(key, "scripts")) {
			if (load_rules(l, p, pe->key, e) < 0)
				goto out;
		} else if (load_common(l, e, &p->s, 1) < 0) {
			goto out;
		}
	}
	ret = 0;
out:
	strbuf_release(&where);
	return ret;
}

static int load_command(struct loader *l, const struct toml_entry *ce, struct wrapper *w);

static int load_wrapper(struct loader *l, const struct toml_entry *we)
{
	static const char *const keys[] = { "command", NULL };
	const struct toml_value *t = we->value;
	struct wrapper *w;
	const struct toml_entry *ce = NULL;
	size_t i;

	if (want(l, we, TOML_TABLE) < 0)
		return -1;
	if (check_keys(l, t, keys, "a wrapper script") < 0)
		return -1;
	for (i = 0; i < t->nr; i++)
		if (!strcmp(t->entries[i].key, "command"))
			ce = &t->entries[i];
	if (!ce)
		return fail_at(l, we->line, we->col,
			       "wrapper script '%s' needs a 'command'", we->key);
	if (find_wrapper(l->cfg, we->key)) {
		/* The user's replaces a built-in of the same name. */
		for (i = 0; i < l->cfg->wrappers.nr; i++)
			if (!strcmp(l->cfg->wrappers.v[i]->name, we->key)) {
				strvec_clear(&l->cfg->wrappers.v[i]->argv);
				strvec_clear(&l->cfg->wrappers.v[i]->env);
				memmove(&l->cfg->wrappers.v[i], &l->cfg->wrappers.v[i + 1],
					(l->cfg->wrappers.nr - i - 1) * sizeof(void *));
				l->cfg->wrappers.nr--;
				break;
			}
	}
	w = arena_alloc(&l->cfg->arena, sizeof(*w));
	w->name = arena_strdup(&l->cfg->arena, we->key);
	strvec_init(&w->argv);
	strvec_init(&w->env);
	vec_push(&l->cfg->wrappers, w);
	return load_command(l, ce, w);
}

/*
 * A script's command: a string (split as a shell would, without
 * expansions), an array of words, or { command-line, env, relative-to }.
 */
static int load_command(struct loader *l, const struct toml_entry *ce, struct wrapper *w)
{
	static const char *const cmd_keys[] = {
		"command-line", "env", "relative-to", NULL,
	};
	const struct toml_value *cmd;
	size_t i;
	int relative = 0;

	cmd = ce->value;
	if (cmd->type == TOML_TABLE) {
		const struct toml_value *cl = toml_get(cmd, "command-line");
		const struct toml_value *env = toml_get(cmd, "env");
		const struct toml_value *rel = toml_get(cmd, "relative-to");

		if (check_keys(l, cmd, cmd_keys, "a wrapper command") < 0)
			return -1;
		if (!cl)
			return fail_entry(l, ce, "the command table needs 'command-line'");
		if (env) {
			if (env->type != TOML_TABLE)
				return fail_at(l, env->line, env->col, "'env' must be a table");
			for (i = 0; i < env->nr; i++) {
				const struct toml_entry *v = &env->entries[i];
				if (want(l, v, TOML_STRING) < 0)
					return -1;
				strvec_pushf(&w->env, "%s=%s", v->key, v->value->str);
			}
		}
		if (rel) {
			if (rel->type != TOML_STRING ||
			    (strcmp(rel->str, "none") && strcmp(rel->str, "workspace-root") &&
			     strcmp(rel->str, "target")))
				return fail_at(l, rel->line, rel->col,
					       "'relative-to' must be \"none\", \"workspace-root\" or \"target\"");
			relative = strcmp(rel->str, "none") != 0;
		}
		cmd = cl;
	}
	if (cmd->type == TOML_STRING) {
		const char *err = NULL;
		if (strvec_split_shell(&w->argv, cmd->str, &err) < 0)
			return fail_at(l, cmd->line, cmd->col, "in command: %s", err);
	} else if (cmd->type == TOML_ARRAY) {
		for (i = 0; i < cmd->nr; i++) {
			if (cmd->items[i]->type != TOML_STRING)
				return fail_at(l, cmd->items[i]->line, cmd->items[i]->col,
					       "command arguments must be strings");
			strvec_push(&w->argv, cmd->items[i]->str);
		}
	} else {
		return fail_entry(l, ce, "'command' must be a string, an array of strings or a table");
	}
	if (!w->argv.nr)
		return fail_entry(l, ce, "the command is empty");
	w->where = where_of(l, cmd->line, cmd->col);
	/*
	 * Paths in tare.toml are relative to its folder: so is a program
	 * named by a relative path ("./wrap.sh"), as with relative-to. A
	 * bare name is looked up in PATH.
	 */
	if (w->argv.v[0][0] != '/' && (relative || strchr(w->argv.v[0], '/'))) {
		struct strbuf p = STRBUF_INIT;
		path_join(&p, l->cfg->root, w->argv.v[0]);
		free((char *)w->argv.v[0]);
		w->argv.v[0] = strbuf_detach(&p, NULL);
	}
	return 0;
}

static void add_builtin_wrapper(struct config *cfg, const char *name,
				const char *const *argv)
{
	struct wrapper *w = arena_alloc(&cfg->arena, sizeof(*w));

	w->name = name;
	strvec_init(&w->argv);
	strvec_init(&w->env);
	strvec_pushv(&w->argv, (const char **)argv);
	vec_push(&cfg->wrappers, w);
}

static void add_builtins(struct config *cfg)
{
	add_builtin_wrapper(cfg, "valgrind", valgrind_argv);
	add_builtin_wrapper(cfg, "callgrind", callgrind_argv);
	add_profile(cfg, "default", "built-in");
	add_profile(cfg, "valgrind", "built-in");
	add_profile(cfg, "callgrind", "built-in");
}

/* After the file: the built-in profiles' rules come last, so a user's own rules win. */
static void add_builtin_rules(struct config *cfg)
{
	static const char *const names[] = { "valgrind", "callgrind" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		struct config_profile *p = find_profile(cfg, names[i]);
		struct script_rule rule = { .run_wrapper = find_wrapper(cfg, names[i]) };

		vec_push(&p->scripts, rule);
	}
}

static int is_power_of_two(uint64_t v)
{
	return v && !(v & (v - 1));
}

/*
 * "SIZE,ASSOC,LINE": callgrind's --I1/--D1/--LL, held to Valgrind's rules
 * (cachegrind's check_cache), so that a geometry it refuses stops here
 * rather than fail every benchmark. Returns 0; -1 when it is no such
 * string; -2 with Valgrind's objection in why.
 */
static int cache_geometry_check(const char *s, struct strbuf *why)
{
	const char *end = s + strlen(s);
	uint64_t v[3];
	int parts;

	for (parts = 0; parts < 3; parts++) {
		/* At most 10 digits, no leading zero. */
		if (*s == '0' || cursor_u64(&s, end, UINT64_C(9999999999), &v[parts]))
			return -1;
		if (parts < 2 && cursor_char(&s, end, ','))
			return -1;
	}
	if (s != end)
		return -1;
	/* Valgrind reads each into an int. */
	if (v[0] > INT_MAX || v[1] > INT_MAX || v[2] > INT_MAX)
		strbuf_addstr(why, "each number must be below 2^31");
	else if (!is_power_of_two(v[2]) || v[2] < 16)
		strbuf_addstr(why, "the line size must be a power of two of at least 16");
	else if (v[0] <= v[2])
		strbuf_addstr(why, "the size must be more than one line");
	else if (v[0] % (v[1] * v[2]) || !is_power_of_two(v[0] / (v[1] * v[2])))
		strbuf_addstr(why, "the size must be ASSOC x LINE x a power of two "
			      "(the number of sets)");
	else
		return 0;
	return -2;
}

/* at, if not NULL, gets "FILE:LINE:COL" of each string. */
static int load_string_list(struct loader *l, const struct toml_value *v,
			    const char *key, struct strvec *out, struct strvec *at)
{
	size_t k;

	if (v->type != TOML_ARRAY)
		return fail_at(l, v->line, v->col, "'%s' must be an array of strings", key);
	for (k = 0; k < v->nr; k++) {
		if (v->items[k]->type != TOML_STRING || !*v->items[k]->str)
			return fail_at(l, v->items[k]->line, v->items[k]->col,
				       "each of '%s' must be a non-empty string", key);
		strvec_push(out, v->items[k]->str);
		if (at)
			strvec_push(at, where_of(l, v->items[k]->line, v->items[k]->col));
	}
	return 0;
}

static int load_bench(struct loader *l, const struct toml_value *t)
{
	static const char *const keys[] = {
		"binaries", "baseline", "warn-above", "limits", "results", "cache",
		"env", "timeout", NULL,
	};
	static const char *const cache_keys[] = { "I1", "D1", "LL", NULL };
	struct config *cfg = l->cfg;
	struct config_bench *b = &cfg->bench;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int ret = -1;

	if (check_keys(l, t, keys, "[bench]") < 0)
		return -1;
	for (i = 0; i < t->nr; i++) {
		const struct toml_entry *e = &t->entries[i];
		const struct toml_value *v = e->value;

		strbuf_reset(&sb);
		if (!strcmp(e->key, "binaries")) {
			if (load_string_list(l, v, "binaries", &cfg->bench_binaries,
					     &cfg->bench_binaries_at) < 0)
				goto out;
		} else if (!strcmp(e->key, "env")) {
			if (load_string_list(l, v, "env", &b->env, NULL) < 0)
				goto out;
		} else if (!strcmp(e->key, "cache")) {
			size_t k;
			int rc;

			if (want(l, e, TOML_TABLE) < 0 ||
			    check_keys(l, v, cache_keys, "[bench.cache]") < 0)
				goto out;
			for (k = 0; k < 3; k++) {
				const struct toml_value *c = toml_get(v, cache_keys[k]);

				if (!c)
					continue;
				if (c->type != TOML_STRING ||
				    (rc = cache_geometry_check(c->str, &sb)) == -1) {
					fail_at(l, c->line, c->col, "'%s' must be \"SIZE,ASSOC,LINE\" "
						"in bytes, ways and bytes, as \"32768,8,64\"",
						cache_keys[k]);
					goto out;
				}
				if (rc < 0) {
					fail_at(l, c->line, c->col, "'%s' = \"%s\": Valgrind "
						"cannot simulate this cache: %s", cache_keys[k],
						c->str, sb.buf);
					goto out;
				}
				b->cache[k] = arena_strdup(&cfg->arena, c->str);
			}
		} else {
			/* The rest are strings. */
			if (want(l, e, TOML_STRING) < 0)
				goto out;
			if (!strcmp(e->key, "baseline")) {
				b->baseline_impl = arena_strdup(&cfg->arena, v->str);
				/* Checked once the benchmarks are listed (cmd_bench.c). */
				strbuf_addf(&sb, "%s:%d:%d", l->file, v->line, v->col);
				b->baseline_where = arena_strdup(&cfg->arena, sb.buf);
			} else if (!strcmp(e->key, "results")) {
				path_join(&sb, cfg->root, v->str);
				b->results = arena_strdup(&cfg->arena, sb.buf);
			} else if (!strcmp(e->key, "timeout")) {
				if (parse_duration(v->str, &b->timeout) < 0 || b->timeout <= 0) {
					fail_entry(l, e, "'timeout' must be a duration, as \"10m\"");
					goto out;
				}
			} else if (!strcmp(e->key, "warn-above")) {
				const char *q = v->str, *end = v->str + strlen(v->str);
				double r = 0;

				if (cursor_double(&q, end, &r) || (q != end && strcmp(q, "x")) ||
				    !(r >= 1.0) || r > 1e6) {
					fail_entry(l, e, "'warn-above' must be a ratio of at least 1, "
						   "as \"1.5x\"");
					goto out;
				}
				b->warn_ratio = r;
			} else if (!strcmp(e->key, "limits")) {
				struct bench_limits lim;

				memset(&lim, 0, sizeof(lim));
				if (bench_limits_parse(&lim, v->str, &sb) < 0) {
					fail_entry(l, e, "'limits': %s", sb.buf);
					goto out;
				}
				b->limits = arena_strdup(&cfg->arena, v->str);
				strbuf_reset(&sb);
				strbuf_addf(&sb, "%s:%d", l->file, v->line);
				b->limits_where = arena_strdup(&cfg->arena, sb.buf);
			}
		}
	}
	ret = 0;
out:
	strbuf_release(&sb);
	return ret;
}

const char *const binary_kind_names[] = {
	[KIND_AUTO] = "auto",
	[KIND_TARE] = "tare",
	[KIND_GTEST] = "gtest",
	[KIND_CRITERION] = "criterion",
	[KIND_PLAIN] = "plain",
	[KIND_TAP] = "tap",
	[KIND_UNITY] = "unity",
	NULL,
};

/* [test] ctest = "build" or ["a", "b"]: folders, made absolute. */
static int load_folders(struct loader *l, const struct toml_value *v, const char *key,
			struct strvec *out)
{
	struct strbuf abs = STRBUF_INIT;
	size_t i, n = v->type == TOML_ARRAY ? v->nr : 1;

	if (v->type != TOML_STRING && v->type != TOML_ARRAY)
		return fail_at(l, v->line, v->col, "'%s' must be a build folder or a list of them", key);
	for (i = 0; i < n; i++) {
		const struct toml_value *item = v->type == TOML_ARRAY ? v->items[i] : v;

		if (item->type != TOML_STRING || !*item->str) {
			strbuf_release(&abs);
			return fail_at(l, item->line, item->col,
				       "each of '%s' must be a non-empty string", key);
		}
		strbuf_reset(&abs);
		path_join(&abs, l->cfg->root, item->str);
		strvec_push(out, abs.buf);
	}
	strbuf_release(&abs);
	return 0;
}

/* [test-groups] NAME = { max-threads = N | "num-cpus" } */
static int load_test_groups(struct loader *l, const struct toml_value *t)
{
	static const char *const keys[] = { "max-threads", NULL };
	size_t i;

	if (t->type != TOML_TABLE)
		return fail_at(l, t->line, t->col,
			       "'test-groups' must be a table of NAME = { max-threads = N }");
	for (i = 0; i < t->nr; i++) {
		const struct toml_entry *e = &t->entries[i];
		const struct toml_value *m;
		struct test_group *g;

		if (want(l, e, TOML_TABLE) < 0 || check_keys(l, e->value, keys, e->key) < 0)
			return -1;
		if (e->key[0] == '@')
			return fail_entry(l, e, "test group names starting with '@' are reserved");
		m = toml_get(e->value, "max-threads");
		if (!m)
			return fail_entry(l, e, "test group '%s' needs 'max-threads'", e->key);
		g = arena_alloc(&l->cfg->arena, sizeof(*g));
		g->name = arena_strdup(&l->cfg->arena, e->key);
		g->where = where_of(l, m->line, m->col);
		if (m->type == TOML_INTEGER && m->i >= 1 && m->i <= 1024)
			g->max_threads = (int)m->i;
		else if (m->type == TOML_STRING && !strcmp(m->str, "num-cpus"))
			g->max_threads = THREADS_NUM_CPUS;
		else
			return fail_at(l, m->line, m->col, "'max-threads' must be a number from 1 "
				       "to 1024, or \"num-cpus\"");
		vec_push(&l->cfg->test_groups, g);
	}
	return 0;
}

/* One of [test] binaries: "PATTERN", or { path = "PATTERN", kind = "gtest" }. */
static int load_test_binary(struct loader *l, const struct toml_value *v)
{
	static const char *const keys[] = { "path", "kind", NULL };
	struct config *cfg = l->cfg;
	const struct toml_value *path = v, *kind;
	int k = KIND_AUTO;

	if (v->type == TOML_TABLE) {
		if (check_keys(l, v, keys, "[[test.binaries]]") < 0)
			return -1;
		path = toml_get(v, "path");
		if (!path)
			return fail_at(l, v->line, v->col, "a binary needs a 'path'");
		kind = toml_get(v, "kind");
		if (kind) {
			struct strbuf names = STRBUF_INIT;

			if (kind->type == TOML_STRING)
				k = choice_lookup(binary_kind_names, kind->str);
			if (kind->type != TOML_STRING || k < 0) {
				choice_list(&names, binary_kind_names);
				fail_at(l, kind->line, kind->col, "'kind' must be one of %s",
					names.buf);
				strbuf_release(&names);
				return -1;
			}
		}
	}
	if (path->type != TOML_STRING || !*path->str)
		return fail_at(l, path->line, path->col,
			       v->type == TOML_TABLE ? "'path' must be a non-empty string"
			       : "each of 'binaries' must be a non-empty string or a table with 'path'");
	strvec_push(&cfg->test_binaries, path->str);
	strvec_push(&cfg->test_binaries_at, where_of(l, path->line, path->col));
	vec_push(&cfg->test_binaries_kind, k);
	return 0;
}

static int load_file(struct loader *l, const char *src, size_t len)
{
	static const char *const top_keys[] = {
		"build", "test", "bench", "profile", "scripts", "experimental",
		"nextest-version", "test-groups", NULL,
	};
	static const char *const build_keys[] = { "command", NULL };
	static const char *const test_keys[] = { "binaries", "ctest", "meson", NULL };
	static const char *const scripts_keys[] = { "wrapper", "setup", NULL };
	struct config *cfg = l->cfg;
	struct toml_doc doc;
	struct strbuf err = STRBUF_INIT;
	const struct toml_value *root, *v;
	size_t i;
	int ret = -1;

	memset(&doc, 0, sizeof(doc));
	if (toml_parse(&doc, src, len, l->file, &err) < 0) {
		error("%s", err.buf);
		strbuf_release(&err);
		toml_doc_release(&doc);
		return -1;
	}
	root = doc.root;
	if (check_keys(l, root, top_keys, l->file) < 0)
		goto out;

	for (i = 0; i < root->nr; i++) {
		const struct toml_entry *e = &root->entries[i];

		if (!strcmp(e->key, "experimental")) {
			/* nextest's feature gates: tare has none. */
			if (want(l, e, TOML_ARRAY) < 0)
				goto out;
		} else if (!strcmp(e->key, "nextest-version") || !strcmp(e->key, "test-groups")) {
			/*
			 * nextest-version is meaningless to tare, accepted so
			 * nextest files read over; test groups come before the
			 * profiles, below.
			 */
		} else if (!strcmp(e->key, "build")) {
			const struct toml_value *cmd;

			if (want(l, e, TOML_TABLE) < 0 ||
			    check_keys(l, e->value, build_keys, "[build]") < 0)
				goto out;
			cmd = toml_get(e->value, "command");
			if (cmd) {
				if (cmd->type != TOML_STRING) {
					fail_at(l, cmd->line, cmd->col, "'command' must be a string");
					goto out;
				}
				cfg->build_command = arena_strdup(&cfg->arena, cmd->str);
			}
		} else if (!strcmp(e->key, "bench")) {
			if (want(l, e, TOML_TABLE) < 0 || load_bench(l, e->value) < 0)
				goto out;
		} else if (!strcmp(e->key, "test")) {
			const struct toml_value *bins;
			size_t k;

			if (want(l, e, TOML_TABLE) < 0 ||
			    check_keys(l, e->value, test_keys, "[test]") < 0)
				goto out;
			bins = toml_get(e->value, "ctest");
			if (bins && load_folders(l, bins, "ctest", &cfg->test_ctest) < 0)
				goto out;
			bins = toml_get(e->value, "meson");
			if (bins && load_folders(l, bins, "meson", &cfg->test_meson) < 0)
				goto out;
			bins = toml_get(e->value, "binaries");
			if (!bins)
				continue;
			if (bins->type != TOML_ARRAY) {
				fail_at(l, bins->line, bins->col,
					"'binaries' must be an array of paths or globs");
				goto out;
			}
			for (k = 0; k < bins->nr; k++)
				if (load_test_binary(l, bins->items[k]) < 0)
					goto out;
		}
	}

	/* Wrappers before profiles: rules refer to them by name. */
	v = toml_get(root, "scripts");
	if (v) {
		const struct toml_value *wrappers;

		if (v->type != TOML_TABLE) {
			fail_at(l, v->line, v->col, "'scripts' must be a table");
			goto out;
		}
		if (check_keys(l, v, scripts_keys, "[scripts]") < 0)
			goto out;
		if (toml_get(v, "setup")) {
			const struct toml_value *setups = toml_get(v, "setup");

			if (setups->type != TOML_TABLE) {
				fail_at(l, setups->line, setups->col,
					"'setup' must be a table of [scripts.setup.NAME]");
				goto out;
			}
			for (i = 0; i < setups->nr; i++)
				if (load_setup_script(l, &setups->entries[i]) < 0)
					goto out;
		}
		wrappers = toml_get(v, "wrapper");
		if (wrappers) {
			if (wrappers->type != TOML_TABLE) {
				fail_at(l, wrappers->line, wrappers->col,
					"'wrapper' must be a table of [scripts.wrapper.NAME]");
				goto out;
			}
			for (i = 0; i < wrappers->nr; i++)
				if (load_wrapper(l, &wrappers->entries[i]) < 0)
					goto out;
		}
	}
	/* Test groups before profiles: overrides name them. */
	v = toml_get(root, "test-groups");
	if (v && load_test_groups(l, v) < 0)
		goto out;
	v = toml_get(root, "profile");
	if (v) {
		if (v->type != TOML_TABLE) {
			fail_at(l, v->line, v->col, "'profile' must be a table of [profile.NAME]");
			goto out;
		}
		for (i = 0; i < v->nr; i++)
			if (load_profile(l, &v->entries[i]) < 0)
				goto out;
	}
	/* Every inherits must name a profile. */
	for (i = 0; i < cfg->profiles.nr; i++) {
		const struct config_profile *p = cfg->profiles.v[i];
		if (p->inherits && !find_profile(cfg, p->inherits)) {
			error("%s: profile '%s' inherits from unknown profile '%s'",
			      p->inherits_where, p->name, p->inherits);
			goto out;
		}
	}
	ret = 0;
out:
	strbuf_release(&err);
	toml_doc_release(&doc);
	return ret;
}

/* Shows the file relative to the current folder when it is inside it. */
static const char *display_path(struct arena *a, const char *abs)
{
	char cwd[PATH_MAX];
	size_t n;

	if (!getcwd(cwd, sizeof(cwd)))
		return arena_strdup(a, abs);
	n = strlen(cwd);
	if (!strncmp(abs, cwd, n) && abs[n] == '/')
		return arena_strdup(a, abs + n + 1);
	return arena_strdup(a, abs);
}

static void config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	strvec_init(&cfg->test_binaries);
	strvec_init(&cfg->test_binaries_at);
	strvec_init(&cfg->test_ctest);
	strvec_init(&cfg->test_meson);
	strvec_init(&cfg->bench_binaries);
	strvec_init(&cfg->bench_binaries_at);
	strvec_init(&cfg->bench.env);
	cfg->bench.warn_ratio = 1.5;
	cfg->bench.timeout = 600;
	add_builtins(cfg);
}

int config_load(struct config *cfg, const char *path)
{
	struct strbuf found = STRBUF_INIT, src = STRBUF_INIT, abs = STRBUF_INIT;
	struct loader l;
	char *slash;
	int ret = -1;

	config_init(cfg);

	if (path) {
		path_absolute(&abs, path);
		cfg->path = arena_strdup(&cfg->arena, path);
	} else if (find_upwards(".", CONFIG_FILE, &found) == 0) {
		strbuf_addstr(&abs, found.buf);
		cfg->path = display_path(&cfg->arena, found.buf);
	}
	if (!cfg->path) {
		struct strbuf cwd = STRBUF_INIT;
		path_absolute(&cwd, ".");
		if (cwd.len > 2 && !strcmp(cwd.buf + cwd.len - 2, "/."))
			strbuf_setlen(&cwd, cwd.len - 2);
		cfg->root = arena_strdup(&cfg->arena, cwd.buf);
		strbuf_release(&cwd);
		add_builtin_rules(cfg);
		ret = 0;
		goto out;
	}
	slash = strrchr(abs.buf, '/');
	cfg->root = arena_strndup(&cfg->arena, abs.buf,
				  slash == abs.buf ? 1 : (size_t)(slash - abs.buf));
	if (strbuf_read_file(&src, abs.buf, CONFIG_MAX_BYTES) < 0)
		goto out;
	l.cfg = cfg;
	l.file = cfg->path;
	if (load_file(&l, src.buf, src.len) < 0)
		goto out;
	add_builtin_rules(cfg);
	ret = 0;
out:
	strbuf_release(&found);
	strbuf_release(&src);
	strbuf_release(&abs);
	return ret;
}

int config_load_buffer(struct config *cfg, const char *src, size_t len,
		       const char *name, const char *root)
{
	struct loader l;

	config_init(cfg);
	cfg->path = arena_strdup(&cfg->arena, name);
	cfg->root = arena_strdup(&cfg->arena, root);
	l.cfg = cfg;
	l.file = cfg->path;
	if (load_file(&l, src, len) < 0)
		return -1;
	add_builtin_rules(cfg);
	return 0;
}

void config_release(struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->wrappers.nr; i++) {
		strvec_clear(&cfg->wrappers.v[i]->argv);
		strvec_clear(&cfg->wrappers.v[i]->env);
	}
	for (i = 0; i < cfg->profiles.nr; i++) {
		vec_release(&cfg->profiles.v[i]->overrides);
		vec_release(&cfg->profiles.v[i]->scripts);
	}
	for (i = 0; i < cfg->filters.nr; i++)
		filter_free(cfg->filters.v[i]);
	for (i = 0; i < cfg->strvecs.nr; i++)
		strvec_clear(cfg->strvecs.v[i]);
	vec_release(&cfg->strvecs);
	vec_release(&cfg->wrappers);
	vec_release(&cfg->profiles);
	vec_release(&cfg->filters);
	strvec_clear(&cfg->test_binaries);
	strvec_clear(&cfg->test_binaries_at);
	vec_release(&cfg->test_binaries_kind);
	strvec_clear(&cfg->test_ctest);
	strvec_clear(&cfg->test_meson);
	vec_release(&cfg->test_groups);
	for (i = 0; i < cfg->setup_scripts.nr; i++) {
		strvec_clear(&cfg->setup_scripts.v[i]->cmd.argv);
		strvec_clear(&cfg->setup_scripts.v[i]->cmd.env);
	}
	vec_release(&cfg->setup_scripts);
	strvec_clear(&cfg->bench_binaries);
	strvec_clear(&cfg->bench_binaries_at);
	strvec_clear(&cfg->bench.env);
	arena_release(&cfg->arena);
}

int config_profile(const struct config *cfg, const char *name,
		   struct profile_view *view)
{
	const struct config_profile *p = find_profile(cfg, name);
	struct settings builtin;
	int i;

	memset(view, 0, sizeof(*view));
	if (!p) {
		struct strbuf names = STRBUF_INIT;
		size_t k;

		for (k = 0; k < cfg->profiles.nr; k++)
			strbuf_addf(&names, "%s%s", k ? ", " : "", cfg->profiles.v[k]->name);
		error("no profile named '%s' (profiles: %s)", name, names.buf);
		strbuf_release(&names);
		return -1;
	}
	for (;;) {
		const char *parent;

		for (i = 0; i < view->n; i++)
			if (view->chain[i] == p) {
				/* Where the last link of the chain points back. */
				const struct config_profile *last = view->chain[view->n - 1];

				return error("%s: profile '%s' inherits from itself through '%s'",
					     last->inherits_where ? last->inherits_where : p->where,
					     p->name, last->name);
			}
		if (view->n == PROFILE_CHAIN_MAX)
			return error("profile '%s' inherits through more than %d profiles",
				     name, PROFILE_CHAIN_MAX);
		view->chain[view->n++] = p;
		if (!strcmp(p->name, "default"))
			break;
		parent = p->inherits ? p->inherits : "default";
		p = find_profile(cfg, parent);
		if (!p)
			return error("profile '%s' inherits from unknown profile '%s'",
				     view->chain[view->n - 1]->name, parent);
	}
	for (i = 0; i < view->n; i++)
		settings_merge(&view->s, &view->chain[i]->s, ~0u);
	settings_builtin(&builtin);
	builtin.set = ~0u;
	settings_merge(&view->s, &builtin, ~0u);
	return 0;
}

void config_profile_apply_cli(struct profile_view *view, const struct settings *cli)
{
	struct settings s = *cli;

	view->cli = *cli;
	settings_merge(&s, &view->s, ~0u);
	view->s = s;
}

void config_test_settings(const struct profile_view *view,
			  const char *binary_id, const char *test_name,
			  const char *const *labels, const struct settings *below,
			  struct settings *out)
{
	int i;
	size_t k;

	memset(out, 0, sizeof(*out));
	settings_merge(out, &view->cli, SET_PER_TEST_MASK);
	for (i = 0; i < view->n; i++) {
		const struct config_profile *p = view->chain[i];

		for (k = 0; k < p->overrides.nr; k++) {
			const struct override *ov = &p->overrides.v[k];

			if (!ov->filter || filter_match_labels(ov->filter, binary_id, test_name,
							       labels))
				settings_merge(out, &ov->s, SET_PER_TEST_MASK);
		}
	}
	if (below)
		settings_merge(out, below, SET_PER_TEST_MASK);
	settings_merge(out, &view->s, ~0u);
}

/* Checks one wrapper's program, unless an earlier rule named it. */
static int check_wrapper(const struct wrapper *w, struct strvec *seen)
{
	struct strbuf path = STRBUF_INIT;
	size_t i;
	int ret = 0;

	if (!w)
		return 0;
	for (i = 0; i < seen->nr; i++)
		if (!strcmp(seen->v[i], w->name))
			return 0;
	strvec_push(seen, w->name);
	if (spawn_find_program(w->argv.v[0], &path) < 0) {
		if (w->where)
			ret = error("%s: wrapper '%s': cannot run '%s': %s", w->where, w->name,
				    w->argv.v[0], strerror(errno));
		else
			ret = error("the built-in wrapper '%s': cannot run '%s': %s", w->name,
				    w->argv.v[0], strerror(errno));
	}
	strbuf_release(&path);
	return ret;
}

int config_check_wrappers(const struct profile_view *view)
{
	struct strvec seen = STRVEC_INIT;
	int i, ret = 0;
	size_t k;

	for (i = 0; i < view->n && !ret; i++) {
		const struct config_profile *p = view->chain[i];

		for (k = 0; k < p->scripts.nr && !ret; k++)
			if (check_wrapper(p->scripts.v[k].run_wrapper, &seen) < 0 ||
			    check_wrapper(p->scripts.v[k].list_wrapper, &seen) < 0)
				ret = -1;
	}
	strvec_clear(&seen);
	return ret;
}

/*
 * The wrapper of the first rule that applies, walking the profile and then
 * those it inherits from: a run wrapper for (binary_id, test_name), or, with
 * test_name NULL, a list wrapper for the binary. A rule that depends on
 * test names cannot pick a list wrapper.
 */
static const struct wrapper *wrapper_find(const struct profile_view *view,
					  const char *const *labels,
					  const char *binary_id, const char *test_name)
{
	int i;
	size_t k;

	for (i = 0; i < view->n; i++) {
		const struct config_profile *p = view->chain[i];

		for (k = 0; k < p->scripts.nr; k++) {
			const struct script_rule *r = &p->scripts.v[k];
			const struct wrapper *w = test_name ? r->run_wrapper : r->list_wrapper;

			if (!w)
				continue;
			if (!r->filter ||
			    (test_name ? filter_match_labels(r->filter, binary_id, test_name, labels)
				       : filter_match_binary(r->filter, binary_id) == FILTER_YES))
				return w;
		}
	}
	return NULL;
}

const struct wrapper *config_run_wrapper(const struct profile_view *view,
					 const char *binary_id,
					 const char *test_name, const char *const *labels)
{
	return wrapper_find(view, labels, binary_id, test_name);
}

const struct wrapper *config_list_wrapper(const struct profile_view *view,
					  const char *binary_id)
{
	return wrapper_find(view, NULL, binary_id, NULL);
}
