#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adapter.h"
#include "fsutil.h"
#include "json.h"
#include "runner.h"
#include "spawn.h"
#include "strindex.h"
#include "suites.h"

/* A listing that takes longer is killed; one larger is no listing. */
#define SUITES_TIMEOUT 60.0
#define SUITES_OUTPUT_MAX ((size_t)64 << 20)

/* ---- running the build system's listing ---- */

/* Runs args, keeping its stdout in out. Returns 0, or -1 after an error line. */
static int run_listing(const char *const *args, struct strbuf *out)
{
	struct run_job job;
	struct strbuf cmd = STRBUF_INIT;
	size_t i;
	int ret = -1;

	run_job_init(&job);
	for (i = 0; args[i]; i++) {
		strvec_push(&job.child.args, args[i]);
		strbuf_addf(&cmd, "%s%s", i ? " " : "", args[i]);
	}
	job.slow_period = SUITES_TIMEOUT;
	job.terminate_after = 1;
	job.grace = 2;
	job.keep_head = SUITES_OUTPUT_MAX;
	job.keep_tail = 0;
	if (runner_run_one(&job) < 0) {
		error("%s: interrupted", cmd.buf);
	} else if (job.start_errno) {
		errno = job.start_errno;
		error_errno("cannot run '%s'", args[0]);
	} else if (job.timed_out) {
		error("%s: no answer within %.0fs", cmd.buf, SUITES_TIMEOUT);
	} else if (job.term_signal || job.exit_code) {
		const char *nl = memchr(job.err.buf, '\n', job.err.len);
		size_t n = nl ? (size_t)(nl - job.err.buf) : job.err.len;

		if (job.term_signal)
			error("%s: killed by signal %d%s%.*s", cmd.buf, job.term_signal,
			      n ? ": " : "", (int)(n > 200 ? 200 : n), job.err.buf);
		else
			error("%s: exited with status %d%s%.*s", cmd.buf, job.exit_code,
			      n ? ": " : "", (int)(n > 200 ? 200 : n), job.err.buf);
	} else if (job.out_dropped) {
		error("%s: more than %zu bytes of output", cmd.buf, SUITES_OUTPUT_MAX);
	} else {
		strbuf_release(out);
		*out = job.out;
		strbuf_init(&job.out, 0);
		ret = 0;
	}
	run_job_release(&job);
	strbuf_release(&cmd);
	return ret;
}

/* ---- what both build systems give ---- */

static struct registered_test *registered_new(struct test_list *list, const char *system,
					      const char *name)
{
	struct registered_test *reg = xcalloc(1, sizeof(*reg));

	reg->system = system;
	reg->name = arena_strdup(&list->arena, name);
	strvec_init(&reg->args);
	strvec_init(&reg->env);
	strvec_init(&reg->labels);
	strvec_init(&reg->locks);
	strvec_init(&reg->depends);
	strvec_init(&reg->fixtures_setup);
	strvec_init(&reg->fixtures_cleanup);
	strvec_init(&reg->fixtures_required);
	strvec_init(&reg->pass_re);
	strvec_init(&reg->fail_re);
	strvec_init(&reg->skip_re);
	reg->skip_code = -1;
	vec_push(&list->registered, reg);
	return reg;
}

/* The kinds of the programs seen, by name: gtest_discover_tests names one a thousand times. */
struct kinds_seen {
	struct strvec programs;
	VEC(int) kinds;
};

static int detect_once(struct kinds_seen *seen, const char *program)
{
	struct strbuf path = STRBUF_INIT;
	int kind = KIND_PLAIN;
	size_t i;

	for (i = seen->programs.nr; i-- > 0;)
		if (!strcmp(seen->programs.v[i], program))
			return seen->kinds.v[i];
	if (spawn_find_program(program, &path) == 0)
		kind = (int)adapter_detect_strict(path.buf);
	strbuf_release(&path);
	strvec_push(&seen->programs, program);
	vec_push(&seen->kinds, kind);
	return kind;
}

/* The kind of the test's program: a framework run whole is split into its cases. */
static int program_kind(struct kinds_seen *seen, const char *program, const struct strvec *args)
{
	int kind = detect_once(seen, program);
	size_t i;

	for (i = 0; i < args->nr; i++) {
		const char *a = args->v[i];

		/* gtest_discover_tests' entries, Criterion told what to run: one case already. */
		if ((kind == KIND_GTEST && !strncmp(a, "--gtest_", 8)) ||
		    (kind == KIND_CRITERION && (!strncmp(a, "--filter", 8) || !strcmp(a, "-l") ||
						!strncmp(a, "--list", 6))))
			return KIND_PLAIN;
	}
	/* tare.h's and libtest's binaries run whole run every test; with arguments, some. */
	if (kind == KIND_TARE && args->nr)
		return KIND_PLAIN;
	return kind == KIND_GTEST || kind == KIND_CRITERION || kind == KIND_TARE ? kind : KIND_PLAIN;
}

/* The binary that runs reg: its program, named "SYSTEM:", its case(s) named after the test. */
static void add_registered(struct test_list *list, struct registered_test *reg,
			   const char *program, int kind)
{
	struct binary *b = arena_alloc(&list->arena, sizeof(*b));
	struct strbuf sb = STRBUF_INIT;

	b->path = arena_strdup(&list->arena, program);
	b->display = b->path;
	strbuf_addf(&sb, "%s:", reg->system);
	b->id = arena_strdup(&list->arena, sb.buf);
	b->reg = reg;
	b->kind = kind;
	if (kind == KIND_PLAIN || kind == KIND_TAP || kind == KIND_UNITY) {
		b->case_name = reg->name;
	} else {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s::", reg->name);
		b->case_name = arena_strdup(&list->arena, sb.buf);
		b->prefix_len = sb.len;
	}
	vec_push(&list->binaries, b);
	strbuf_release(&sb);
}

/* Moves what from holds to the end of to, leaving from empty. */
static void take_message(struct strbuf *to, struct strbuf *from)
{
	strbuf_add(to, from->buf, from->len);
	strbuf_reset(from);
}

static int fail_value(struct strbuf *err, const char *source, const struct json_value *v,
		      const char *what)
{
	strbuf_reset(err);
	strbuf_addf(err, "%s:%d:%d: %s", source, v ? v->line : 1, v ? v->col : 1, what);
	return -1;
}

/* A list of strings (or one string) into out. */
static int string_list(const struct json_value *v, struct strvec *out)
{
	size_t i;

	if (v->type == JSON_STRING) {
		strvec_push(out, v->str);
		return 0;
	}
	if (v->type != JSON_ARRAY)
		return -1;
	for (i = 0; i < v->nr; i++) {
		if (v->items[i]->type != JSON_STRING)
			return -1;
		strvec_push(out, v->items[i]->str);
	}
	return 0;
}

static int json_truth(const struct json_value *v, int *out)
{
	if (v->type == JSON_BOOL) {
		*out = v->b;
		return 0;
	}
	if (v->type == JSON_STRING) {
		/* CMake's words for true. */
		*out = !strcasecmp(v->str, "ON") || !strcasecmp(v->str, "TRUE") ||
		       !strcasecmp(v->str, "YES") || !strcasecmp(v->str, "Y") ||
		       (v->str[0] >= '1' && v->str[0] <= '9');
		return 0;
	}
	return -1;
}

static int json_number(const struct json_value *v, double *out)
{
	if (v->type == JSON_NUMBER) {
		*out = v->num;
		return 0;
	}
	if (v->type == JSON_STRING) {
		char *end;

		*out = strtod(v->str, &end);
		return *v->str && !*end ? 0 : -1;
	}
	return -1;
}

/* ---- CTest ---- */

/* The value VAR has so far: set in env (last wins), else in tare's environment. */
static const char *env_value(const struct strvec *env, const char *var, size_t n)
{
	size_t i;

	for (i = env->nr; i-- > 0;) {
		const char *e = env->v[i];

		if (!strncmp(e, var, n) && (e[n] == '=' || !e[n]))
			return e[n] == '=' ? e + n + 1 : NULL;
	}
	return getenv(var);
}

/*
 * ENVIRONMENT_MODIFICATION's "VAR=OP:VALUE", applied over what env and
 * tare's environment hold, as CTest applies them in order.
 */
static int env_modify(struct strvec *env, const struct strvec *base, const char *mod)
{
	static const char *const ops[] = {
		"reset", "set", "unset", "string_append", "string_prepend",
		"path_list_append", "path_list_prepend", "cmake_list_append",
		"cmake_list_prepend", NULL,
	};
	const char *eq = strchr(mod, '='), *colon, *value;
	struct strbuf var = STRBUF_INIT, now = STRBUF_INIT;
	const char *cur;
	size_t op;

	if (!eq || eq == mod || !(colon = strchr(eq + 1, ':')))
		return -1;
	strbuf_add(&var, mod, (size_t)(eq - mod));
	value = colon + 1;
	for (op = 0; ops[op]; op++)
		if (strlen(ops[op]) == (size_t)(colon - eq - 1) && !strncmp(ops[op], eq + 1, strlen(ops[op])))
			break;
	if (!ops[op]) {
		strbuf_release(&var);
		return -1;
	}
	cur = op == 0 ? env_value(base, var.buf, var.len) : env_value(env, var.buf, var.len);
	switch (op) {
	case 0: if (cur) strbuf_addstr(&now, cur); break;
	case 1: strbuf_addstr(&now, value); break;
	case 2: break;
	case 3: strbuf_addf(&now, "%s%s", cur ? cur : "", value); break;
	case 4: strbuf_addf(&now, "%s%s", value, cur ? cur : ""); break;
	case 5: case 7:
		strbuf_addf(&now, "%s%s%s", cur ? cur : "", cur && *cur ? op == 5 ? ":" : ";" : "",
			    value);
		break;
	case 6: case 8:
		strbuf_addf(&now, "%s%s%s", value, cur && *cur ? op == 6 ? ":" : ";" : "",
			    cur ? cur : "");
		break;
	}
	if (op == 2 || (op == 0 && !cur))
		strvec_push(env, var.buf);
	else
		strvec_pushf(env, "%s=%s", var.buf, now.buf);
	strbuf_release(&var);
	strbuf_release(&now);
	return 0;
}

static int ctest_property(struct registered_test *reg, const char *name,
			  const struct json_value *v, struct strvec *mods)
{
	static const struct { const char *name; size_t off; } lists[] = {
		{ "LABELS", offsetof(struct registered_test, labels) },
		{ "RESOURCE_LOCK", offsetof(struct registered_test, locks) },
		{ "DEPENDS", offsetof(struct registered_test, depends) },
		{ "FIXTURES_SETUP", offsetof(struct registered_test, fixtures_setup) },
		{ "FIXTURES_CLEANUP", offsetof(struct registered_test, fixtures_cleanup) },
		{ "FIXTURES_REQUIRED", offsetof(struct registered_test, fixtures_required) },
		{ "PASS_REGULAR_EXPRESSION", offsetof(struct registered_test, pass_re) },
		{ "FAIL_REGULAR_EXPRESSION", offsetof(struct registered_test, fail_re) },
		{ "SKIP_REGULAR_EXPRESSION", offsetof(struct registered_test, skip_re) },
		{ "ENVIRONMENT", offsetof(struct registered_test, env) },
	};
	double d;
	int b;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lists); i++)
		if (!strcmp(name, lists[i].name))
			return string_list(v, (struct strvec *)((char *)reg + lists[i].off));
	if (!strcmp(name, "ENVIRONMENT_MODIFICATION"))
		return string_list(v, mods);
	if (!strcmp(name, "WORKING_DIRECTORY")) {
		if (v->type != JSON_STRING)
			return -1;
		reg->dir = v->str;
		return 0;
	}
	if (!strcmp(name, "TIMEOUT")) {
		if (json_number(v, &d) < 0 || d < 0 || d > 1e9)
			return -1;
		reg->timeout = d;
		return 0;
	}
	if (!strcmp(name, "SKIP_RETURN_CODE")) {
		if (json_number(v, &d) < 0 || d < 0 || d > 255 || d != (int)d)
			return -1;
		reg->skip_code = (int)d;
		return 0;
	}
	if (!strcmp(name, "PROCESSORS")) {
		if (json_number(v, &d) < 0 || d < 0 || d > 1024)
			return -1;
		reg->processors = (int)d;
		return 0;
	}
	if (!strcmp(name, "WILL_FAIL") || !strcmp(name, "DISABLED") || !strcmp(name, "RUN_SERIAL")) {
		if (json_truth(v, &b) < 0)
			return -1;
		if (name[0] == 'W')
			reg->will_fail = b;
		else if (name[0] == 'D')
			reg->disabled = b;
		else
			reg->run_serial = b;
		return 0;
	}
	/* COST, REQUIRED_FILES, ATTACHED_FILES and the rest do not change a result. */
	return 0;
}

static int ctest_test(struct test_list *list, const struct json_value *t, const char *source,
		      struct kinds_seen *seen, struct strbuf *err)
{
	const struct json_value *props = json_get(t, "properties"), *cmd = json_get(t, "command");
	const char *name = json_get_string(t, "name", NULL);
	struct strvec mods = STRVEC_INIT, base = STRVEC_INIT;
	struct registered_test *reg;
	const char *program = "(no command)";
	size_t i;
	int ret = -1;

	if (!name || !*name)
		return fail_value(err, source, t, "a test without a name");
	if (case_name_check(name, strlen(name), err) < 0) {
		struct strbuf why = STRBUF_INIT;

		take_message(&why, err);
		fail_value(err, source, t, why.buf);
		strbuf_release(&why);
		return -1;
	}
	reg = registered_new(list, "ctest", name);
	if (cmd) {
		if (cmd->type != JSON_ARRAY || !cmd->nr)
			return fail_value(err, source, cmd, "'command' must be a list of words");
		for (i = 0; i < cmd->nr; i++) {
			if (cmd->items[i]->type != JSON_STRING)
				return fail_value(err, source, cmd->items[i],
						  "each word of 'command' must be a string");
			if (i)
				strvec_push(&reg->args, cmd->items[i]->str);
		}
		program = cmd->items[0]->str;
	}
	if (props && props->type != JSON_ARRAY)
		return fail_value(err, source, props, "'properties' must be a list");
	for (i = 0; props && i < props->nr; i++) {
		const struct json_value *p = props->items[i], *v = json_get(p, "value");
		const char *pname = json_get_string(p, "name", NULL);

		if (!pname || !v) {
			fail_value(err, source, p, "a property needs a 'name' and a 'value'");
			goto out;
		}
		if (ctest_property(reg, pname, v, &mods) < 0) {
			strbuf_reset(err);
			strbuf_addf(err, "%s:%d:%d: test '%s': property %s has a value CTest would "
				    "not give it", source, v->line, v->col, name, pname);
			goto out;
		}
	}
	if (reg->dir)
		reg->dir = arena_strdup(&list->arena, reg->dir);
	strvec_pushv(&base, reg->env.v);
	for (i = 0; i < mods.nr; i++)
		if (env_modify(&reg->env, &base, mods.v[i]) < 0) {
			strbuf_reset(err);
			strbuf_addf(err, "%s: test '%s': ENVIRONMENT_MODIFICATION '%s' is not "
				    "VAR=OP:VALUE with one of CTest's operations", source, name,
				    mods.v[i]);
			goto out;
		}
	add_registered(list, reg, program, cmd ? program_kind(seen, program, &reg->args) : KIND_PLAIN);
	ret = 0;
out:
	strvec_clear(&mods);
	strvec_clear(&base);
	return ret;
}

int suites_parse_ctest(struct test_list *list, const char *text, size_t len,
		       const char *source, struct strbuf *err)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct kinds_seen seen = { STRVEC_INIT, VEC_INIT };
	const struct json_value *tests;
	int64_t major = 0;
	size_t i;
	int ret = -1;

	if (json_parse(&doc, text, len, source, err) < 0)
		return -1;
	tests = json_get(doc.root, "tests");
	if (doc.root->type != JSON_OBJECT || strcmp(json_get_string(doc.root, "kind", ""), "ctestInfo")) {
		fail_value(err, source, doc.root, "not CTest's json-v1 output (no \"kind\": \"ctestInfo\")");
	} else if (json_get_int(json_get(doc.root, "version"), "major", &major) < 0 || major != 1) {
		fail_value(err, source, json_get(doc.root, "version"),
			   "a version of CTest's json-v1 output other than 1");
	} else if (!tests || tests->type != JSON_ARRAY) {
		fail_value(err, source, tests, "'tests' must be a list");
	} else {
		for (i = 0; i < tests->nr; i++)
			if (tests->items[i]->type != JSON_OBJECT) {
				fail_value(err, source, tests->items[i], "each test must be an object");
				break;
			} else if (ctest_test(list, tests->items[i], source, &seen, err) < 0) {
				break;
			}
		ret = i == tests->nr ? 0 : -1;
	}
	json_doc_release(&doc);
	strvec_clear(&seen.programs);
	vec_release(&seen.kinds);
	return ret;
}

int suites_add_ctest(struct test_list *list, const char *dir)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, source = STRBUF_INIT;
	const char *args[] = { "ctest", "--show-only=json-v1", "--test-dir", dir, NULL };
	int ret = -1;

	if (access(dir, F_OK) < 0)
		return error_errno("%s", dir);
	strbuf_addf(&source, "%s/CTestTestfile.cmake", dir);
	if (access(source.buf, F_OK) < 0) {
		strbuf_release(&source);
		return error("%s: not a CMake build folder with tests (no CTestTestfile.cmake): "
			     "configure it with cmake, and enable_testing()", dir);
	}
	strbuf_reset(&source);
	strbuf_addf(&source, "%s (ctest --show-only=json-v1)", dir);
	if (run_listing(args, &out) == 0) {
		if (suites_parse_ctest(list, out.buf, out.len, source.buf, &err) < 0)
			error("%s", err.buf);
		else
			ret = 0;
	}
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&source);
	return ret;
}

/* ---- Meson ---- */

static int meson_test(struct test_list *list, const struct json_value *t, const char *source,
		      const char *build_dir, struct kinds_seen *seen, struct strbuf *err)
{
	const struct json_value *cmd = json_get(t, "cmd"), *env = json_get(t, "env");
	const struct json_value *suite = json_get(t, "suite"), *v;
	const char *name = json_get_string(t, "name", NULL);
	const char *protocol = json_get_string(t, "protocol", "exitcode");
	struct strbuf full = STRBUF_INIT;
	struct registered_test *reg;
	int kind = KIND_PLAIN, b;
	size_t i;
	double d;

	if (!name || !*name)
		return fail_value(err, source, t, "a test without a name");
	if (!cmd || cmd->type != JSON_ARRAY || !cmd->nr)
		return fail_value(err, source, cmd ? cmd : t, "'cmd' must be a list of words");
	/*
	 * Meson shows a test as "proj / name", or "proj:fast+unit / name" in
	 * suites of its own; tare's name is "proj:name", "proj:fast+unit:name".
	 */
	if (suite && suite->type == JSON_ARRAY)
		for (i = 0; i < suite->nr; i++) {
			const char *sv = suite->items[i]->type == JSON_STRING ? suite->items[i]->str : "";
			const char *colon = strchr(sv, ':');

			if (!i)
				strbuf_addstr(&full, sv);
			else
				strbuf_addf(&full, "+%s", colon ? colon + 1 : sv);
		}
	strbuf_addf(&full, "%s%s", full.len ? ":" : "", name);
	if (case_name_check(full.buf, full.len, err) < 0) {
		struct strbuf why = STRBUF_INIT;

		take_message(&why, err);
		fail_value(err, source, t, why.buf);
		strbuf_release(&why);
		strbuf_release(&full);
		return -1;
	}
	reg = registered_new(list, "meson", full.buf);
	strbuf_release(&full);
	reg->meson = 1;
	reg->skip_code = 77;
	for (i = 0; i < cmd->nr; i++) {
		if (cmd->items[i]->type != JSON_STRING)
			return fail_value(err, source, cmd->items[i], "each word of 'cmd' must be a string");
		if (i)
			strvec_push(&reg->args, cmd->items[i]->str);
	}
	if (env && env->type == JSON_OBJECT)
		for (i = 0; i < env->nr; i++) {
			if (env->members[i].value->type != JSON_STRING)
				return fail_value(err, source, env->members[i].value,
						  "each of 'env' must be a string");
			strvec_pushf(&reg->env, "%s=%s", env->members[i].key,
				     env->members[i].value->str);
		}
	if (suite && string_list(suite, &reg->labels) < 0)
		return fail_value(err, source, suite, "'suite' must be a list of names");
	/* Meson sets MALLOC_PERTURB_ for each test that does not (1 to 255). */
	if (!env_value(&reg->env, "MALLOC_PERTURB_", 15))
		strvec_pushf(&reg->env, "MALLOC_PERTURB_=%d", 1 + (int)((unsigned)getpid() % 255));
	v = json_get(t, "workdir");
	reg->dir = arena_strdup(&list->arena, v && v->type == JSON_STRING ? v->str : build_dir);
	v = json_get(t, "timeout");
	if (v && json_number(v, &d) == 0 && d > 0 && d < 1e9)
		reg->timeout = d;
	v = json_get(t, "is_parallel");
	if (v && json_truth(v, &b) == 0)
		reg->run_serial = !b;
	v = json_get(t, "should_fail");
	if (v && json_truth(v, &b) == 0)
		reg->will_fail = b;
	v = json_get(t, "priority");
	if (v && json_number(v, &d) == 0 && d != 0) {
		reg->priority = d > 100 ? 100 : d < -100 ? -100 : (int)d;
		reg->has_priority = 1;
	}
	if (!strcmp(protocol, "tap"))
		kind = KIND_TAP;
	else if (!strcmp(protocol, "gtest"))
		kind = KIND_GTEST;
	else if (!strcmp(protocol, "rust"))
		kind = KIND_TARE;	/* libtest, listed with --list --format terse */
	else if (strcmp(protocol, "exitcode"))
		return fail_value(err, source, json_get(t, "protocol"),
				  "a protocol tare does not know (exitcode, tap, gtest, rust)");
	else
		kind = program_kind(seen, cmd->items[0]->str, &reg->args);
	add_registered(list, reg, cmd->items[0]->str, kind);
	return 0;
}

int suites_parse_meson(struct test_list *list, const char *text, size_t len,
		       const char *source, const char *build_dir, struct strbuf *err)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct kinds_seen seen = { STRVEC_INIT, VEC_INIT };
	size_t i;
	int ret = 0;

	if (json_parse(&doc, text, len, source, err) < 0)
		return -1;
	if (doc.root->type != JSON_ARRAY) {
		ret = fail_value(err, source, doc.root, "expected the list of tests");
	} else {
		for (i = 0; i < doc.root->nr && !ret; i++)
			ret = doc.root->items[i]->type != JSON_OBJECT
			      ? fail_value(err, source, doc.root->items[i], "each test must be an object")
			      : meson_test(list, doc.root->items[i], source, build_dir, &seen, err);
	}
	json_doc_release(&doc);
	strvec_clear(&seen.programs);
	vec_release(&seen.kinds);
	return ret;
}

int suites_add_meson(struct test_list *list, const char *dir)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, source = STRBUF_INIT, abs = STRBUF_INIT;
	const char *args[] = { "meson", "introspect", "--tests", dir, NULL };
	int ret = -1;

	if (access(dir, F_OK) < 0)
		return error_errno("%s", dir);
	path_join(&abs, dir, "meson-info");
	if (access(abs.buf, F_OK) < 0) {
		strbuf_release(&abs);
		return error("%s: not a Meson build folder (no meson-info/): set it up with "
			     "meson setup", dir);
	}
	strbuf_reset(&abs);
	path_absolute(&abs, dir);
	strbuf_addf(&source, "%s (meson introspect --tests)", dir);
	if (run_listing(args, &out) == 0) {
		if (suites_parse_meson(list, out.buf, out.len, source.buf, abs.buf, &err) < 0)
			error("%s", err.buf);
		else
			ret = 0;
	}
	strbuf_release(&out);
	strbuf_release(&err);
	strbuf_release(&source);
	strbuf_release(&abs);
	return ret;
}

/* ---- dependencies and fixtures ---- */

/* A registered test by name, with its cases; a fixture with its setups and cleanups. */
struct named {
	const char *name;
	VEC(struct test_case *) cases;
};

struct names {
	VEC(struct named) v;
	struct strindex ix;
};

static struct named *named_get(struct names *n, const char *name, int add)
{
	size_t i = strindex_find(&n->ix, n->v.v, sizeof(*n->v.v), n->v.nr, name);
	struct named e = { name, VEC_INIT };

	if (i)
		return &n->v.v[i - 1];
	if (!add)
		return NULL;
	vec_push(&n->v, e);
	strindex_add(&n->ix, NULL, n->v.v, sizeof(*n->v.v), n->v.nr);
	return &n->v.v[n->v.nr - 1];
}

static void names_release(struct names *n)
{
	size_t i;

	for (i = 0; i < n->v.nr; i++)
		vec_release(&n->v.v[i].cases);
	vec_release(&n->v);
	strindex_release(&n->ix);
}

static void push_cases(struct registered_test *reg, const struct named *from, int setups)
{
	size_t i;

	for (i = 0; from && i < from->cases.nr; i++) {
		if (from->cases.v[i]->bin->reg == reg)
			continue;
		vec_push(&reg->after, from->cases.v[i]);
		if (setups)
			vec_push(&reg->setups, from->cases.v[i]);
	}
}

void suites_resolve(struct test_list *list)
{
	struct names tests = { VEC_INIT, STRINDEX_INIT }, setups = tests, cleanups = tests;
	size_t i, k;

	for (i = 0; i < list->cases.nr; i++) {
		struct test_case *tc = list->cases.v[i];
		const struct registered_test *reg = tc->bin->reg;

		if (!reg)
			continue;
		vec_push(&named_get(&tests, reg->name, 1)->cases, tc);
		for (k = 0; k < reg->fixtures_setup.nr; k++)
			vec_push(&named_get(&setups, reg->fixtures_setup.v[k], 1)->cases, tc);
		for (k = 0; k < reg->fixtures_cleanup.nr; k++)
			vec_push(&named_get(&cleanups, reg->fixtures_cleanup.v[k], 1)->cases, tc);
	}
	for (i = 0; i < list->registered.nr; i++) {
		struct registered_test *reg = list->registered.v[i];

		for (k = 0; k < reg->depends.nr; k++)
			push_cases(reg, named_get(&tests, reg->depends.v[k], 0), 0);
		for (k = 0; k < reg->fixtures_required.nr; k++)
			push_cases(reg, named_get(&setups, reg->fixtures_required.v[k], 0), 1);
		/* A cleanup runs after every test that requires its fixture. */
		for (k = 0; k < reg->fixtures_cleanup.nr; k++) {
			size_t j;

			for (j = 0; j < list->registered.nr; j++) {
				struct registered_test *other = list->registered.v[j];
				size_t f;

				for (f = 0; f < other->fixtures_required.nr; f++)
					if (!strcmp(other->fixtures_required.v[f], reg->fixtures_cleanup.v[k]))
						push_cases(reg, named_get(&tests, other->name, 0), 0);
			}
		}
	}
	names_release(&tests);
	names_release(&setups);
	names_release(&cleanups);
}

/* Selects the setups and cleanups of what tc's test requires; returns how many. */
static size_t select_for(struct test_list *list, const struct registered_test *reg)
{
	size_t added = 0, i, f;

	for (f = 0; f < reg->fixtures_required.nr; f++)
		for (i = 0; i < list->cases.nr; i++) {
			struct test_case *tc = list->cases.v[i];
			const struct registered_test *o = tc->bin->reg;
			size_t k;
			int wanted = 0;

			if (!o || tc->selected)
				continue;
			for (k = 0; k < o->fixtures_setup.nr && !wanted; k++)
				wanted = !strcmp(o->fixtures_setup.v[k], reg->fixtures_required.v[f]);
			for (k = 0; k < o->fixtures_cleanup.nr && !wanted; k++)
				wanted = !strcmp(o->fixtures_cleanup.v[k], reg->fixtures_required.v[f]);
			if (wanted && !o->disabled) {
				tc->selected = 1;
				added++;
			}
		}
	return added;
}

size_t suites_select_fixtures(struct test_list *list)
{
	size_t added = 0, round, i;

	/* A setup may require a fixture of its own: until nothing more is added. */
	for (round = 0; round < 64; round++) {
		size_t now = 0;

		for (i = 0; i < list->cases.nr; i++) {
			const struct test_case *tc = list->cases.v[i];

			if (tc->selected && tc->bin->reg && tc->bin->reg->fixtures_required.nr)
				now += select_for(list, tc->bin->reg);
		}
		added += now;
		if (!now)
			break;
	}
	return added;
}
