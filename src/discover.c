#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "adapter.h"
#include "discover.h"
#include "json.h"
#include "fsutil.h"
#include "protocol.h"
#include "runner.h"
#include "strbuf.h"
#include "suites.h"

/* How long a binary may take to list its tests. */
#define LIST_TIMEOUT 60.0
/* A listing longer than this is no list (docs/protocol.md). */
#define LIST_OUTPUT_MAX ((size_t)16 << 20)

void test_list_init(struct test_list *list)
{
	memset(list, 0, sizeof(*list));
}

void test_list_release(struct test_list *list)
{
	size_t i;

	for (i = 0; i < list->texts.nr; i++)
		free(list->texts.v[i]);
	for (i = 0; i < list->registered.nr; i++) {
		struct registered_test *reg = list->registered.v[i];

		strvec_clear(&reg->args);
		strvec_clear(&reg->env);
		strvec_clear(&reg->labels);
		strvec_clear(&reg->locks);
		strvec_clear(&reg->depends);
		strvec_clear(&reg->fixtures_setup);
		strvec_clear(&reg->fixtures_cleanup);
		strvec_clear(&reg->fixtures_required);
		strvec_clear(&reg->pass_re);
		strvec_clear(&reg->fail_re);
		strvec_clear(&reg->skip_re);
		vec_release(&reg->after);
		vec_release(&reg->setups);
		free(reg);
	}
	vec_release(&list->registered);
	vec_release(&list->texts);
	vec_release(&list->binaries);
	vec_release(&list->cases);
	arena_release(&list->arena);
}

static const char *relative_display(struct arena *a, const char *abs)
{
	char cwd[PATH_MAX];
	size_t n;

	if (getcwd(cwd, sizeof(cwd))) {
		n = strlen(cwd);
		if (!strncmp(abs, cwd, n) && abs[n] == '/')
			return arena_strdup(a, abs + n + 1);
	}
	return arena_strdup(a, abs);
}

static void add_binary(struct test_list *list, const char *abs,
		       const char *display, int kind)
{
	struct binary *b;
	size_t i;

	for (i = 0; i < list->binaries.nr; i++)
		if (!strcmp(list->binaries.v[i]->path, abs))
			return;
	b = arena_alloc(&list->arena, sizeof(*b));
	b->path = arena_strdup(&list->arena, abs);
	b->display = arena_strdup(&list->arena, display);
	b->id = path_basename(b->path);
	b->kind = kind != KIND_AUTO ? kind : (int)adapter_detect(b->path);
	vec_push(&list->binaries, b);
}

/* Two binaries with one file name are told apart by their paths. */
static void assign_ids(struct test_list *list)
{
	size_t i, k;

	for (i = 0; i < list->binaries.nr; i++) {
		struct binary *a = list->binaries.v[i];
		int clash = 0;

		/* A build system's test is named by the build system. */
		if (a->reg)
			continue;
		for (k = 0; k < list->binaries.nr; k++)
			if (k != i && !list->binaries.v[k]->reg &&
			    !strcmp(path_basename(a->path),
				    path_basename(list->binaries.v[k]->path)))
				clash = 1;
		a->id = clash ? a->display : path_basename(a->path);
	}
}

/* The executables tare.toml's patterns name (at: where each is written). */
static int add_pattern_binaries(struct test_list *list, const struct config *cfg,
				const struct strvec *pats, const struct strvec *at,
				const int *kinds)
{
	struct strbuf abs = STRBUF_INIT;
	size_t i, k;
	int ret = -1;

	for (i = 0; i < pats->nr; i++) {
		const char *pat = pats->v[i];
		const char *where = i < at->nr ? at->v[i] : cfg->path;
		int kind = kinds ? kinds[i] : KIND_AUTO;
		struct strvec matches = STRVEC_INIT;
		size_t found = 0;

		if (!glob_has_magic(pat)) {
			strbuf_reset(&abs);
			path_join(&abs, cfg->root, pat);
			if (access(abs.buf, F_OK) < 0) {
				error("%s: binary '%s': no such file", where, pat);
				goto out;
			}
			if (!is_executable(abs.buf)) {
				error("%s: binary '%s': not an executable file", where, pat);
				goto out;
			}
			add_binary(list, abs.buf, relative_display(&list->arena, abs.buf), kind);
			continue;
		}
		if (glob_expand(cfg->root, pat, &matches) < 0) {
			strvec_clear(&matches);
			goto out;
		}
		for (k = 0; k < matches.nr; k++)
			if (is_executable(matches.v[k])) {
				add_binary(list, matches.v[k],
					   relative_display(&list->arena, matches.v[k]), kind);
				found++;
			}
		if (!found)
			warning("%s: '%s' matches no executable file", where, pat);
		strvec_clear(&matches);
	}
	ret = 0;
out:
	strbuf_release(&abs);
	return ret;
}

/* The tests of the build folders: CTest's, then Meson's. */
static int add_suites(struct test_list *list, const struct strvec *ctest,
		      const struct strvec *meson)
{
	size_t i;

	for (i = 0; ctest && i < ctest->nr; i++)
		if (suites_add_ctest(list, ctest->v[i]) < 0)
			return -1;
	for (i = 0; meson && i < meson->nr; i++)
		if (suites_add_meson(list, meson->v[i]) < 0)
			return -1;
	return 0;
}

int discover_binaries(struct test_list *list, const struct config *cfg,
		      const struct binary_sources *cli, unsigned kinds)
{
	const struct strvec *cli_bins = cli->bins;
	struct strbuf abs = STRBUF_INIT;
	size_t i;
	int ret = -1;

	if (cli_bins->nr || (cli->ctest && cli->ctest->nr) || (cli->meson && cli->meson->nr)) {
		if (add_suites(list, cli->ctest, cli->meson) < 0)
			goto out;
		for (i = 0; i < cli_bins->nr; i++) {
			const char *p = cli_bins->v[i];

			strbuf_reset(&abs);
			path_absolute(&abs, p);
			if (access(abs.buf, F_OK) < 0) {
				error("%s: no such file", p);
				goto out;
			}
			if (!is_executable(abs.buf)) {
				error("%s: not an executable file", p);
				goto out;
			}
			add_binary(list, abs.buf, p, cli->kind);
		}
	} else {
		/*
		 * Tests are in [test] binaries; benchmarks in [bench]'s, else
		 * [test]'s; tare test --benches wants both, each binary once.
		 */
		int bench_only = !(kinds & 1u << CASE_TEST);
		int from_bench = (kinds & 1u << CASE_BENCH) && cfg->bench_binaries.nr;
		int from_test = !bench_only || !from_bench;

		if (from_test && add_pattern_binaries(list, cfg, &cfg->test_binaries,
						      &cfg->test_binaries_at,
						      cfg->test_binaries_kind.v) < 0)
			goto out;
		if (from_bench && add_pattern_binaries(list, cfg, &cfg->bench_binaries,
						       &cfg->bench_binaries_at, NULL) < 0)
			goto out;
		if (from_test && !bench_only && add_suites(list, &cfg->test_ctest, &cfg->test_meson) < 0)
			goto out;
		if (!list->binaries.nr && !cfg->test_ctest.nr && !cfg->test_meson.nr) {
			if (from_bench || cfg->test_binaries.nr)
				error("no %s binaries: nothing matches %s binaries in %s",
				      bench_only ? "benchmark" : "test",
				      !from_bench ? "[test]" : from_test ? "[test] or [bench]" :
				      "[bench]", cfg->path);
			else if (bench_only)
				error("no benchmark binaries: give -b PATH, or list them in tare.toml under [bench] binaries");
			else
				error("no test binaries: give -b PATH, or list them in tare.toml under [test] binaries");
			goto out;
		}
	}
	assign_ids(list);
	ret = 0;
out:
	strbuf_release(&abs);
	return ret;
}

struct list_ctx {
	struct test_list *list;
	struct binary *bin;
};

static int emit_case(void *vctx, const struct list_entry *e, struct strbuf *err)
{
	struct list_ctx *ctx = vctx;
	struct test_case *tc = arena_alloc(&ctx->list->arena, sizeof(*tc));

	if (memchr(e->name, '\0', e->len)) {
		strbuf_addstr(err, "test name has a NUL byte");
		return -1;
	}
	tc->bin = ctx->bin;
	if (ctx->bin->prefix_len) {
		/* A build system's test split into its cases: "TEST::CASE". */
		struct strbuf full = STRBUF_INIT;

		strbuf_add(&full, ctx->bin->case_name, ctx->bin->prefix_len);
		strbuf_add(&full, e->name, e->len);
		tc->name = arena_strndup(&ctx->list->arena, full.buf, full.len);
		strbuf_release(&full);
	} else if (e->in_text) {
		/*
		 * The name stays where the list has it: the ':' after it
		 * becomes its NUL (parse_cases owns the text and keeps it
		 * with the list).
		 */
		((char *)e->name)[e->len] = '\0';
		tc->name = e->name;
	} else {
		tc->name = arena_strndup(&ctx->list->arena, e->name, e->len);
	}
	tc->kind = e->kind;
	tc->ignored = e->ignored || (ctx->bin->reg && ctx->bin->reg->disabled);
	tc->index = ctx->list->cases.nr;
	vec_push(&ctx->list->cases, tc);
	ctx->bin->ncases++;
	return 0;
}

struct discover_run {
	struct run_job *jobs;
	size_t njobs, next;
};

static struct run_job *discover_next(void *ctx)
{
	struct discover_run *d = ctx;

	while (d->next < d->njobs) {
		struct run_job *j = &d->jobs[d->next++];
		if (j->child.args.nr)
			return j;
	}
	return NULL;
}

static void discover_finished(void *ctx, struct run_job *j)
{
	(void)ctx;
	(void)j;
}

/* The first line of a binary's stderr, to say why its list failed. */
static void first_line(struct strbuf *sb, const struct strbuf *err)
{
	const char *nl = memchr(err->buf, '\n', err->len);
	size_t n = nl ? (size_t)(nl - err->buf) : err->len;

	if (n > 200)
		n = 200;
	if (n)
		strbuf_addf(sb, ": %.*s", (int)n, err->buf);
}

/*
 * What a tare.h binary said on the result channel while listing: that it
 * speaks the protocol, can run batches under Valgrind and bracket
 * benchmarks for callgrind, which of its tests must run alone and which
 * benchmarks were compiled without optimisation.
 */
static void read_list_result(struct test_list *list, struct binary *b,
			     const struct strbuf *result)
{
	const char *p = result->buf, *end = result->buf + result->len;
	size_t first = list->cases.nr - b->ncases, i;
	struct result_line rl;
	int rc;

	while ((rc = result_next(&p, end, &rl)) != 0) {
		if (rc < 0)
			continue;
		if (rl.kind == RESULT_PROTOCOL)
			b->tare_protocol = 1;
		else if (result_line_names(&rl, RESULT_FEATURE, "valgrind-batch", 14))
			b->valgrind_batch = 1;
		else if (result_line_names(&rl, RESULT_FEATURE, "callgrind", 9))
			b->callgrind = 1;
		else if (result_line_names(&rl, RESULT_FEATURE, "fork-server", 11))
			b->fork_server = 1;
		else if (rl.kind == RESULT_ISOLATED || rl.kind == RESULT_UNOPTIMIZED)
			for (i = first; i < list->cases.nr; i++) {
				struct test_case *tc = list->cases.v[i];

				if (!result_line_names(&rl, rl.kind, tc->name, strlen(tc->name)))
					continue;
				if (rl.kind == RESULT_ISOLATED)
					tc->isolated = 1;
				else
					tc->unoptimized = 1;
			}
	}
	b->valgrind_batch &= b->tare_protocol;
	b->callgrind &= b->tare_protocol;
	b->fork_server &= b->tare_protocol;
}

static int cmp_case_names(const void *a, const void *b)
{
	const struct test_case *x = *(const struct test_case *const *)a;
	const struct test_case *y = *(const struct test_case *const *)b;
	int c = strcmp(x->name, y->name);

	return c ? c : x->index < y->index ? -1 : x->index > y->index;
}

/*
 * Duplicate names would make --exact ambiguous. Sorted, they are next to
 * each other; the line named is the second one's (one line per case).
 */
static int find_duplicate(const struct test_list *list, size_t first, size_t *line,
			  struct strbuf *msg)
{
	size_t n = list->cases.nr - first, i;
	struct test_case **sorted = xmalloc((n ? n : 1) * sizeof(*sorted));
	int ret = 0;

	memcpy(sorted, list->cases.v + first, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_case_names);
	for (i = 1; i < n && !ret; i++)
		if (!strcmp(sorted[i - 1]->name, sorted[i]->name)) {
			*line = sorted[i]->index - first + 1;
			strbuf_addf(msg, "test '%s' is listed twice", sorted[i]->name);
			ret = -1;
		}
	free(sorted);
	return ret;
}

/* Room for a case per line of the list at once: no growth, no slack. */
static void list_reserve(struct test_list *list, const struct strbuf *out)
{
	size_t lines = 0;
	const char *p = out->buf, *end = out->buf + out->len;

	while ((p = memchr(p, '\n', (size_t)(end - p)))) {
		lines++;
		p++;
	}
	if (list->cases.alloc < list->cases.nr + lines + 1) {
		list->cases.alloc = list->cases.nr + lines + 1;
		list->cases.v = xrealloc(list->cases.v, list->cases.alloc * sizeof(*list->cases.v));
	}
}

/* The cases of a list that ran well, checked for duplicates. */
static int parse_cases(struct test_list *list, struct list_ctx *ctx, struct run_job *j,
		       size_t first, size_t *bad_line, struct strbuf *msg)
{
	const struct adapter *ad = adapter_of(ctx->bin->kind);
	size_t len = j->out.len;
	char *text;

	list_reserve(list, &j->out);
	text = xrealloc(strbuf_detach(&j->out, NULL), len + 1);
	text[len] = '\0';
	if (ad->parse_list(text, len, emit_case, ctx, bad_line, msg) < 0) {
		free(text);
		return -1;
	}
	/*
	 * Names the list protocol's parser left in the text stay there: it
	 * goes with the list, at its size. Other parsers copied theirs.
	 */
	if (ad->parse_list == list_protocol_parse)
		vec_push(&list->texts, text);
	else
		free(text);
	return find_duplicate(list, first, bad_line, msg);
}

/* "BIN --list", "BIN --gtest_list_tests", and "--ignored" after the second listing. */
static void list_command(struct strbuf *sb, const struct binary *b, int ignored)
{
	const struct adapter *ad = adapter_of(b->kind);

	strbuf_addf(sb, "%s %s%s", b->display, ad->list_args[0], ignored ? " --ignored" : "");
}

/* Why a listing failed, or 0 if it ran well. */
static int check_list_exit(const struct binary *b, const struct run_job *j, int ignored)
{
	struct strbuf cmd = STRBUF_INIT, msg = STRBUF_INIT;
	int ret = -1;

	list_command(&cmd, b, ignored);
	if (j->start_errno) {
		errno = j->start_errno;
		error_errno("%s: cannot run", b->display);
	} else if (j->timed_out) {
		error("%s: no answer within %.0fs", cmd.buf, LIST_TIMEOUT);
	} else if (j->term_signal) {
		strbuf_addf(&msg, "%s: killed by signal %d (%s)", cmd.buf,
			    j->term_signal, strsignal(j->term_signal));
		first_line(&msg, &j->err);
		error("%s", msg.buf);
	} else if (j->exit_code) {
		strbuf_addf(&msg, "%s: exited with status %d", cmd.buf, j->exit_code);
		first_line(&msg, &j->err);
		error("%s", msg.buf);
	} else if (j->out_dropped) {
		error("%s: more than %zu bytes of output", cmd.buf, LIST_OUTPUT_MAX);
	} else {
		ret = 0;
	}
	strbuf_release(&cmd);
	strbuf_release(&msg);
	return ret;
}

static int check_list_job(struct test_list *list, struct binary *b,
			  struct run_job *j)
{
	struct list_ctx ctx = { list, b };
	size_t first = list->cases.nr;
	struct strbuf msg = STRBUF_INIT, cmd = STRBUF_INIT;
	size_t bad_line = 0;
	int ret = -1;

	if (check_list_exit(b, j, 0) < 0) {
		;
	} else if (parse_cases(list, &ctx, j, first, &bad_line, &msg) < 0) {
		list_command(&cmd, b, 0);
		error("%s:%zu: %s", cmd.buf, bad_line, msg.buf);
	} else {
		b->listed = 1;
		read_list_result(list, b, &j->result);
		ret = 0;
	}
	strbuf_release(&msg);
	strbuf_release(&cmd);
	strbuf_release(&j->out);
	return ret;
}

/* ---- the ignored tests of the list protocol ---- */

struct ignored_ctx {
	struct test_list *list;
	struct binary *bin;
	size_t first, n;	/* the binary's cases before this listing */
	size_t marked;		/* of them, listed again */
};

/* Marks a listed case ignored, or adds it: the ignored list may be a subset or apart. */
static int emit_ignored(void *vctx, const struct list_entry *e, struct strbuf *err)
{
	struct ignored_ctx *ic = vctx;
	struct list_ctx lc = { ic->list, ic->bin };
	struct list_entry copy = *e;
	size_t i;

	for (i = ic->first; i < ic->first + ic->n; i++) {
		struct test_case *tc = ic->list->cases.v[i];

		if (strlen(tc->name) == e->len && !memcmp(tc->name, e->name, e->len)) {
			ic->marked += !tc->ignored;
			tc->ignored = 1;
			return 0;
		}
	}
	copy.in_text = 0;
	copy.ignored = 1;
	return emit_case(&lc, &copy, err);
}

static int check_ignored_job(struct test_list *list, struct binary *b, struct run_job *j)
{
	struct ignored_ctx ic = { list, b, 0, b->ncases, 0 };
	struct strbuf msg = STRBUF_INIT, cmd = STRBUF_INIT;
	size_t bad_line = 0, i;
	int ret = -1;

	for (i = 0; i < list->cases.nr; i++)
		if (list->cases.v[i]->bin == b) {
			ic.first = i;
			break;
		}
	if (check_list_exit(b, j, 1) < 0) {
		;
	} else if (list_protocol_parse(j->out.buf, j->out.len, emit_ignored, &ic,
				       &bad_line, &msg) < 0) {
		list_command(&cmd, b, 1);
		error("%s:%zu: %s", cmd.buf, bad_line, msg.buf);
	} else {
		ret = 0;
	}
	/*
	 * A harness that lists every test again, and nothing else, did not
	 * know --ignored (the list protocol asks only for --list): it ignores
	 * nothing.
	 */
	if (!ret && ic.n && ic.marked == ic.n && b->ncases == ic.n)
		for (i = ic.first; i < ic.first + ic.n; i++)
			list->cases.v[i]->ignored = 0;
	strbuf_release(&msg);
	strbuf_release(&cmd);
	strbuf_release(&j->out);
	return ret;
}

/* ---- listing ---- */

static void list_job_init(struct run_job *j, const struct profile_view *view,
			  const char *root, const struct binary *b, int ignored)
{
	const struct adapter *ad = adapter_of(b->kind);
	const struct wrapper *w = config_list_wrapper(view, b->id);
	size_t i;

	if (w) {
		strvec_pushv(&j->child.args, w->argv.v);
		strvec_pushv(&j->child.env, w->env.v);
	}
	strvec_push(&j->child.args, b->path);
	if (b->reg)
		strvec_pushv(&j->child.args, (const char **)b->reg->args.v);
	for (i = 0; ad->list_args[i]; i++)
		strvec_push(&j->child.args, ad->list_args[i]);
	if (ignored)
		strvec_push(&j->child.args, "--ignored");
	strvec_push(&j->child.env, "TARE=1");
	if (b->reg)
		strvec_pushv(&j->child.env, (const char **)b->reg->env.v);
	j->child.dir = b->reg && b->reg->dir ? b->reg->dir : root;
	j->want_result = 1;
	j->slow_period = LIST_TIMEOUT;
	/* The whole list or an error: nothing of its end is kept. */
	j->keep_head = LIST_OUTPUT_MAX;
	j->keep_tail = 0;
	j->terminate_after = 1;
	j->grace = 2;
}

/* Runs the jobs that have a command, jobs at a time: 0, -1, or -2 if interrupted. */
static int run_list_jobs(struct run_job *jobs, size_t n, int slots)
{
	static const struct runner_ops ops = {
		.next = discover_next,
		.finished = discover_finished,
	};
	struct discover_run d = { jobs, n, 0 };
	struct runner r = RUNNER_INIT;

	r.slots = slots;
	r.ops = &ops;
	r.ctx = &d;
	if (runner_run(&r) < 0)
		return -1;
	return r.interrupt_count ? -2 : 0;
}

/* A plain executable is one case, named after the binary. */
static void add_plain_case(struct test_list *list, struct binary *b)
{
	struct list_ctx ctx = { list, b };
	const char *name = b->case_name ? b->case_name : b->id;
	struct list_entry e = { .name = name, .len = strlen(name), .kind = CASE_TEST };
	struct strbuf err = STRBUF_INIT;

	emit_case(&ctx, &e, &err);
	strbuf_release(&err);
	b->listed = 1;
}

int discover_cases(struct test_list *list, const struct profile_view *view,
		   const char *root, int jobs,
		   int (*want_binary)(void *ctx, const struct binary *b),
		   void *ctx)
{
	size_t n = list->binaries.nr, i;
	struct run_job *j = xcalloc(n ? n : 1, sizeof(*j));
	int ret;

	for (i = 0; i < n; i++) {
		struct binary *b = list->binaries.v[i];

		run_job_init(&j[i]);
		if ((!want_binary || want_binary(ctx, b)) && adapter_of(b->kind)->list_args)
			list_job_init(&j[i], view, root, b, 0);
	}
	ret = run_list_jobs(j, n, jobs);
	for (i = 0; i < n && !ret; i++) {
		struct binary *b = list->binaries.v[i];

		if (j[i].child.args.nr)
			ret = check_list_job(list, b, &j[i]);
		else if (!adapter_of(b->kind)->list_args && (!want_binary || want_binary(ctx, b)))
			add_plain_case(list, b);
	}
	/* Other harnesses of the list protocol say which of their tests are ignored. */
	for (i = 0; i < n; i++) {
		struct binary *b = list->binaries.v[i];

		run_job_release(&j[i]);
		run_job_init(&j[i]);
		if (!ret && b->listed && b->kind == KIND_TARE && !b->tare_protocol)
			list_job_init(&j[i], view, root, b, 1);
	}
	if (!ret)
		ret = run_list_jobs(j, n, jobs);
	for (i = 0; i < n && !ret; i++)
		if (j[i].child.args.nr)
			ret = check_ignored_job(list, list->binaries.v[i], &j[i]);
	for (i = 0; i < n; i++)
		run_job_release(&j[i]);
	free(j);
	return ret;
}
