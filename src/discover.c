#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "discover.h"
#include "json.h"
#include "fsutil.h"
#include "protocol.h"
#include "runner.h"
#include "strbuf.h"

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
		       const char *display)
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
	vec_push(&list->binaries, b);
}

/* Two binaries with one file name are told apart by their paths. */
static void assign_ids(struct test_list *list)
{
	size_t i, k;

	for (i = 0; i < list->binaries.nr; i++) {
		struct binary *a = list->binaries.v[i];
		int clash = 0;

		for (k = 0; k < list->binaries.nr; k++)
			if (k != i && !strcmp(path_basename(a->path),
					      path_basename(list->binaries.v[k]->path)))
				clash = 1;
		a->id = clash ? a->display : path_basename(a->path);
	}
}

/* The executables tare.toml's patterns name (at: where each is written). */
static int add_pattern_binaries(struct test_list *list, const struct config *cfg,
				const struct strvec *pats, const struct strvec *at)
{
	struct strbuf abs = STRBUF_INIT;
	size_t i, k;
	int ret = -1;

	for (i = 0; i < pats->nr; i++) {
		const char *pat = pats->v[i];
		const char *where = i < at->nr ? at->v[i] : cfg->path;
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
			add_binary(list, abs.buf, relative_display(&list->arena, abs.buf));
			continue;
		}
		if (glob_expand(cfg->root, pat, &matches) < 0) {
			strvec_clear(&matches);
			goto out;
		}
		for (k = 0; k < matches.nr; k++)
			if (is_executable(matches.v[k])) {
				add_binary(list, matches.v[k],
					   relative_display(&list->arena, matches.v[k]));
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

int discover_binaries(struct test_list *list, const struct config *cfg,
		      const struct strvec *cli_bins, unsigned kinds)
{
	struct strbuf abs = STRBUF_INIT;
	size_t i;
	int ret = -1;

	if (cli_bins->nr) {
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
			add_binary(list, abs.buf, p);
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
						      &cfg->test_binaries_at) < 0)
			goto out;
		if (from_bench && add_pattern_binaries(list, cfg, &cfg->bench_binaries,
						       &cfg->bench_binaries_at) < 0)
			goto out;
		if (!list->binaries.nr) {
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

/* ---- the list protocol ---- */

static const struct {
	const char *suffix;
	enum case_kind kind;
} list_kinds[] = {
	{ ": test", CASE_TEST },
	{ ": bench", CASE_BENCH },
	{ ": benchmark", CASE_BENCH },
};

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
	if (*name_len > CASE_NAME_MAX) {
		strbuf_addf(err, "test name longer than %d bytes", CASE_NAME_MAX);
		return -1;
	}
	for (i = 0; i < *name_len; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c < 0x20 || c == 0x7f) {
			strbuf_addf(err, "test name has control character 0x%02x", c);
			return -1;
		}
	}
	*cur = nl ? nl + 1 : end;
	return 0;
}

int discover_parse_list(const char *buf, size_t len,
			int (*emit)(void *ctx, const char *name, size_t len,
				    enum case_kind kind, struct strbuf *err),
			void *ctx, size_t *bad_line, struct strbuf *err)
{
	const char *cur = buf, *end = buf + len;
	size_t line = 0;

	while (cur < end) {
		const char *name;
		size_t name_len;
		enum case_kind kind;

		line++;
		if (parse_list_line(&cur, end, &name, &name_len, &kind, err) < 0 ||
		    emit(ctx, name, name_len, kind, err) < 0) {
			*bad_line = line;
			return -1;
		}
	}
	return 0;
}

struct list_ctx {
	struct test_list *list;
	struct binary *bin;
};

static int emit_case(void *vctx, const char *name, size_t len,
		     enum case_kind kind, struct strbuf *err)
{
	struct list_ctx *ctx = vctx;
	struct test_case *tc = arena_alloc(&ctx->list->arena, sizeof(*tc));

	tc->bin = ctx->bin;
	/*
	 * The name stays where the list has it: the ':' after it becomes its
	 * NUL (parse_cases owns the text and keeps it with the list).
	 */
	((char *)name)[len] = '\0';
	tc->name = name;
	tc->kind = kind;
	tc->index = ctx->list->cases.nr;
	if (memchr(name, '\0', len)) {
		strbuf_addstr(err, "test name has a NUL byte");
		return -1;
	}
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
	size_t len = j->out.len;
	char *text;

	list_reserve(list, &j->out);
	/* The cases' names stay in the text: it goes with the list, at its size. */
	text = xrealloc(strbuf_detach(&j->out, NULL), len + 1);
	vec_push(&list->texts, text);
	if (discover_parse_list(text, len, emit_case, ctx, bad_line, msg) < 0)
		return -1;
	return find_duplicate(list, first, bad_line, msg);
}

static int check_list_job(struct test_list *list, struct binary *b,
			  struct run_job *j)
{
	struct list_ctx ctx = { list, b };
	size_t first = list->cases.nr;
	struct strbuf msg = STRBUF_INIT;
	size_t bad_line = 0;
	int ret = -1;

	if (j->start_errno) {
		errno = j->start_errno;
		error_errno("%s: cannot run", b->display);
	} else if (j->timed_out) {
		error("%s --list: no answer within %.0fs", b->display, LIST_TIMEOUT);
	} else if (j->term_signal) {
		strbuf_addf(&msg, "%s --list: killed by signal %d (%s)", b->display,
			    j->term_signal, strsignal(j->term_signal));
		first_line(&msg, &j->err);
		error("%s", msg.buf);
	} else if (j->exit_code) {
		strbuf_addf(&msg, "%s --list: exited with status %d", b->display,
			    j->exit_code);
		first_line(&msg, &j->err);
		error("%s", msg.buf);
	} else if (j->out_dropped) {
		error("%s --list: more than %zu bytes of output", b->display,
		      LIST_OUTPUT_MAX);
	} else if (parse_cases(list, &ctx, j, first, &bad_line, &msg) < 0) {
		error("%s --list:%zu: %s", b->display, bad_line, msg.buf);
	} else {
		b->listed = 1;
		read_list_result(list, b, &j->result);
		ret = 0;
	}
	strbuf_release(&msg);
	strbuf_release(&j->out);
	return ret;
}

int discover_cases(struct test_list *list, const struct profile_view *view,
		   const char *root, int jobs,
		   int (*want_binary)(void *ctx, const struct binary *b),
		   void *ctx)
{
	static const struct runner_ops ops = {
		.next = discover_next,
		.finished = discover_finished,
	};
	struct discover_run d = { NULL, list->binaries.nr, 0 };
	struct runner r = RUNNER_INIT;
	size_t i;
	int ret = 0;

	d.jobs = xcalloc(d.njobs ? d.njobs : 1, sizeof(*d.jobs));
	for (i = 0; i < d.njobs; i++) {
		struct binary *b = list->binaries.v[i];
		struct run_job *j = &d.jobs[i];
		const struct wrapper *w;

		run_job_init(j);
		if (want_binary && !want_binary(ctx, b))
			continue;
		w = config_list_wrapper(view, b->id);
		if (w) {
			strvec_pushv(&j->child.args, w->argv.v);
			strvec_pushv(&j->child.env, w->env.v);
		}
		strvec_push(&j->child.args, b->path);
		strvec_push(&j->child.args, "--list");
		strvec_push(&j->child.args, "--format");
		strvec_push(&j->child.args, "terse");
		strvec_push(&j->child.env, "TARE=1");
		j->child.dir = root;
		j->want_result = 1;
		j->slow_period = LIST_TIMEOUT;
		/* The whole list or an error: nothing of its end is kept. */
		j->keep_head = LIST_OUTPUT_MAX;
		j->keep_tail = 0;
		j->terminate_after = 1;
		j->grace = 2;
	}
	r.slots = jobs;
	r.ops = &ops;
	r.ctx = &d;
	if (runner_run(&r) < 0)
		ret = -1;
	if (!ret && r.interrupt_count)
		ret = -2;
	for (i = 0; i < d.njobs && !ret; i++)
		if (d.jobs[i].child.args.nr &&
		    check_list_job(list, list->binaries.v[i], &d.jobs[i]) < 0)
			ret = -1;
	for (i = 0; i < d.njobs; i++)
		run_job_release(&d.jobs[i]);
	free(d.jobs);
	return ret;
}
