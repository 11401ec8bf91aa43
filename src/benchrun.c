#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "benchrun.h"
#include "fsutil.h"
#include "json.h"
#include "cg_profile.h"
#include "protocol.h"
#include "reaper.h"
#include "runner.h"
#include "util.h"
#include "valgrind.h"

/* Environment variables a benchmark keeps from ours: what finds programs and libraries. */
static const char *const env_allowed[] = {
	"PATH", "LD_LIBRARY_PATH", "LD_PRELOAD", "VALGRIND_LIB", NULL,
};

/*
 * What the client's argv and environment take on its initial stack, at
 * least: TARE_PAD fills them up to this (docs/bench.md).
 */
#define STACK_STRINGS_MIN 16384
#define STACK_STRINGS_STEP 4096

/*
 * The binaries run through links of one length in a folder of one length
 * (temp_folder_make's names have one length): TMPDIR is not honoured, its
 * length would vary.
 */
#define LINK_DIR_BASE "/tmp"

enum bench_tool { TOOL_CALLGRIND, TOOL_DHAT, TOOL_WALL };

/* One process: a benchmark under one tool. A result's jobs are adjacent. */
struct bench_job {
	struct test_case *tc;
	const char *exe;	/* the binary's fixed-length link (struct benchrun's links) */
	enum bench_tool tool;
	size_t index;		/* among its binary's benchmarks, as listed */
	size_t result;		/* its slot in the summary */
	char *profile;		/* the callgrind file's path (per thread: -01, -02, ...),
				   or DHAT's */
	struct strbuf output;	/* stdout and stderr, for a failure */
	unsigned finished : 1;
};

struct benchrun {
	const struct benchrun_opts *o;
	struct bench_summary *sum;
	struct runner r;
	VEC(struct bench_job) jobs;
	size_t next;		/* next job to start */
	size_t reported;	/* jobs handed to done(), in order */
	struct strbuf link_dir;	/* empty until made */
	struct strvec links;	/* LINK_DIR/NNNNNNNN, one per binary measured */
};

/* The profile's path: DIR/BINARY/NAME.SUFFIX, each name one component. */
static char *profile_path(const struct benchrun_opts *o, const struct test_case *tc,
			  const char *suffix)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/", o->dir);
	path_add_name(&path, tc->bin->id);
	if (mkdir_p(path.buf) < 0) {
		error_errno("cannot make '%s'", path.buf);
		strbuf_release(&path);
		return NULL;
	}
	strbuf_addch(&path, '/');
	path_add_name(&path, tc->name);
	strbuf_addstr(&path, suffix);
	return strbuf_detach(&path, NULL);
}

static void thread_file(struct strbuf *sb, const char *base, int thread)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s-%02d", base, thread);
}

/*
 * The previous run's profile becomes NAME.callgrind.out.old (for tare diff),
 * and nothing of it is left for this run's to be mistaken for.
 */
static void rotate_profile(const char *base)
{
	struct strbuf old = STRBUF_INIT, f = STRBUF_INIT;
	int t;

	strbuf_addf(&old, "%s.old", base);
	if (rename(base, old.buf) < 0 && errno == ENOENT) {
		thread_file(&f, base, 1);
		rename(f.buf, old.buf);
	}
	for (t = 1; t < 100; t++) {
		thread_file(&f, base, t);
		if (unlink(f.buf) < 0 && errno == ENOENT && t > 1)
			break;
	}
	strbuf_release(&old);
	strbuf_release(&f);
}

/* Whether two "NAME=value" entries are about one name. */
static int env_same_name(const char *a, const char *b)
{
	size_t n = strcspn(a, "=");

	return !strncmp(a, b, n) && (b[n] == '=' || b[n] == '\0');
}

/*
 * The allowlist from our environment, tare's own, then [bench] env: of
 * several values for one name the last is passed, so the user's win.
 *
 * Then TARE_PAD. The client's initial stack holds its argv, its
 * environment and its executable's name: their length moves every stack
 * address the body uses, and with them the simulated caches' hits (a
 * longer PATH, a deeper project folder, a binary elsewhere). The
 * executable is a link of fixed length; the pad brings the strings and
 * their pointers to a fixed total. PWD is passed so that Valgrind's
 * wrapper script (Debian's is a shell script) keeps it, not makes it
 * outside the count; what else such a wrapper adds is the same every
 * time.
 */
static void add_env(struct child *c, const struct benchrun_opts *o, size_t client_argv,
		    const char *exe)
{
	struct strvec env = STRVEC_INIT;
	struct strbuf pad = STRBUF_INIT;
	size_t i, j, total, need, target;

	for (i = 0; env_allowed[i]; i++) {
		const char *v = getenv(env_allowed[i]);

		if (v)
			strvec_pushf(&env, "%s=%s", env_allowed[i], v);
		else if (!o->wall && !strcmp(env_allowed[i], "LD_PRELOAD"))
			/* Valgrind adds to it: the same length, set or not. */
			strvec_push(&env, "LD_PRELOAD=");
	}
	strvec_pushf(&env, "PWD=%s", o->root);
	strvec_push(&env, "TARE=1");
	/* Symbols bound at start-up, not on the body's first call of them. */
	strvec_push(&env, "LD_BIND_NOW=1");
	for (i = 0; o->env && i < o->env->nr; i++) {
		const char *e = o->env->v[i], *v;

		if (strchr(e, '='))
			strvec_push(&env, e);
		else if ((v = getenv(e)))
			strvec_pushf(&env, "%s=%s", e, v);
	}

	c->clear_env = 1;
	total = strlen(exe) + 1;	/* the auxiliary vector's AT_EXECFN */
	for (i = client_argv; i < c->args.nr; i++)
		total += strlen(c->args.v[i]) + 1 + sizeof(char *);
	for (i = 0; i < env.nr; i++) {
		for (j = i + 1; j < env.nr && !env_same_name(env.v[i], env.v[j]); j++)
			;
		if (j < env.nr || env_same_name(env.v[i], "TARE_PAD"))
			continue;
		strvec_push(&c->env, env.v[i]);
		total += strlen(env.v[i]) + 1 + sizeof(char *);
	}
	need = total + strlen("TARE_PAD=") + 1 + sizeof(char *);
	target = need <= STACK_STRINGS_MIN ? STACK_STRINGS_MIN :
		 (need + STACK_STRINGS_STEP - 1) / STACK_STRINGS_STEP * STACK_STRINGS_STEP;
	strbuf_addstr(&pad, "TARE_PAD=");
	for (i = need; i < target; i++)
		strbuf_addch(&pad, '.');
	strvec_push(&c->env, pad.buf);
	strbuf_release(&pad);
	strvec_clear(&env);
}

static struct run_job *br_next(void *ctx)
{
	struct benchrun *br = ctx;
	struct bench_job *bj;
	struct run_job *j;
	struct child *c;
	size_t client_argv;

	if (br->next >= br->jobs.nr)
		return NULL;
	bj = &br->jobs.v[br->next++];
	j = xmalloc(sizeof(*j));
	run_job_init(j);
	c = &j->child;
	if (bj->tool == TOOL_CALLGRIND) {
		rotate_profile(bj->profile);
		valgrind_bench_args(&c->args, br->o->cache, bj->profile);
	} else if (bj->tool == TOOL_DHAT) {
		unlink(bj->profile);
		valgrind_dhat_args(&c->args, bj->profile);
	}
	client_argv = c->args.nr;
	strvec_push(&c->args, bj->exe);
	strvec_push(&c->args, bj->tool == TOOL_WALL ? "--bench-wall" : "--bench");
	/* Fixed width: the arguments' length is the same for every benchmark. */
	strvec_pushf(&c->args, "%08zu", bj->index);
	add_env(c, br->o, client_argv, bj->exe);
	c->dir = br->o->root;
	j->capture = 1;
	j->want_result = 1;
	j->slow_period = br->o->timeout;
	j->terminate_after = br->o->timeout > 0;
	j->grace = 5;
	j->leak_timeout = 1;
	j->data = bj;
	return j;
}

/* The path relative to the root, for the summary (in the summary's arena). */
static const char *root_relative(struct benchrun *br, const char *path)
{
	size_t n = strlen(br->o->root);

	if (!strncmp(path, br->o->root, n) && path[n] == '/')
		path += n + 1;
	return arena_strdup(&br->sum->arena, path);
}

/* Whether the first line of kind on the result channel names name. */
static int says(const struct strbuf *result, enum result_kind kind, const char *name)
{
	struct result_line rl;

	return result_find(result->buf, result->len, kind, &rl) &&
	       result_line_names(&rl, kind, name, strlen(name));
}

static void fail(struct bench_summary *sum, struct bench_result *r, const char *fmt, ...)
	TARE_PRINTF(3, 4);

static void fail(struct bench_summary *sum, struct bench_result *r, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	r->status = BS_FAILED;
	r->error = arena_strdup(&sum->arena, sb.buf);
	strbuf_release(&sb);
}

/* Reads the per-thread files into metrics; keeps them under the profile's name. */
static void read_profile(struct benchrun *br, struct bench_job *bj, struct bench_result *r)
{
	struct cg_profile p;
	struct cg_read_options ro = CG_READ_OPTIONS_INIT;
	struct strbuf f = STRBUF_INIT;
	int64_t total[CG_MAX_EVENTS];
	int threads = 0, calculated, bad = 0;

	ro.want_lines = 0;
	cg_profile_init(&p);
	for (threads = 0; threads < 99; threads++) {
		thread_file(&f, bj->profile, threads + 1);
		if (access(f.buf, F_OK) < 0)
			break;
		if (cg_read_file(&p, f.buf, &ro) < 0)
			bad = 1;
	}
	/*
	 * With --separate-threads the file of the plain name stays empty; a
	 * single thread's file takes its place, so tools find it by that name.
	 */
	unlink(bj->profile);
	thread_file(&f, bj->profile, 1);
	if (threads == 1 && rename(f.buf, bj->profile) == 0) {
		strbuf_reset(&f);
		strbuf_addstr(&f, bj->profile);
	}
	if (threads)
		r->profile = root_relative(br, f.buf);
	r->threads = threads;
	if (!threads) {
		fail(br->sum, r, "callgrind wrote no profile");
	} else if (bad) {
		fail(br->sum, r, "callgrind's profile cannot be read (see above)");
	} else {
		/* The PROGRAM TOTALS of tare annotate and tare diff. */
		cg_total(&p, total, &calculated);
		if (bench_metrics_compute(r->m, p.events, total, p.nevents) < 0)
			fail(br->sum, r, "the profile has no Ir event");
		else if (r->m[BM_IR] == 0)
			fail(br->sum, r, "measured 0 instructions: collection was never switched "
			     "on around the body (a harness older than tare.h's benchmarks?)");
	}
	cg_profile_release(&p);
	strbuf_release(&f);
}

/* DHAT's file: the heap use of the body's allocations. */
static void read_heap(struct benchrun *br, struct bench_job *bj, struct bench_result *r)
{
	struct strbuf json = STRBUF_INIT, err = STRBUF_INIT, fn = STRBUF_INIT;
	int rc;

	if (strbuf_read_file(&json, bj->profile, JSON_MAX_INPUT) < 0) {
		fail(br->sum, r, "DHAT wrote no profile");
		goto out;
	}
	bench_body_symbol(&fn, bj->tc->name);
	rc = bench_heap_compute(r->m, json.buf, json.len, bj->profile, fn.buf, &err);
	if (rc < 0) {
		fail(br->sum, r, "DHAT's profile cannot be read: %s", err.buf);
		goto out;
	}
	/* Zeros would say the body allocates nothing: no numbers, and a warning. */
	r->has_heap = rc == 0;
	r->heap_unnamed = rc == 1;
	r->heap_profile = root_relative(br, bj->profile);
out:
	strbuf_release(&json);
	strbuf_release(&err);
	strbuf_release(&fn);
}

static void read_wall(struct benchrun *br, const struct run_job *j, struct bench_result *r)
{
	struct result_line rl;
	int rc = result_find(j->result.buf, j->result.len, RESULT_WALL, &rl);

	if (!rc) {
		fail(br->sum, r, "the binary reported no timing");
		return;
	}
	if (rc < 0) {
		fail(br->sum, r, "the binary's timing line is malformed: '%.*s'", (int)rl.len,
		     rl.arg);
		return;
	}
	r->wall_median = rl.median_ns;
	r->wall_min = rl.min_ns;
	r->wall_max = rl.max_ns;
	r->wall_iters = rl.iterations;
	r->wall_samples = rl.samples;
}

/* Hands over each result whose jobs have all finished, in list order. */
static void report_ready(struct benchrun *br)
{
	while (br->reported < br->jobs.nr) {
		size_t first = br->reported, end = first;
		struct strbuf output = STRBUF_INIT;

		for (; end < br->jobs.nr && br->jobs.v[end].result == br->jobs.v[first].result; end++)
			if (!br->jobs.v[end].finished)
				return;
		for (; br->reported < end; br->reported++)
			strbuf_add(&output, br->jobs.v[br->reported].output.buf,
				   br->jobs.v[br->reported].output.len);
		if (br->o->done)
			br->o->done(br->o->ctx, br->jobs.v[first].tc,
				    &br->sum->results.v[br->jobs.v[first].result], &output);
		strbuf_release(&output);
	}
}

static void br_finished(void *ctx, struct run_job *j)
{
	struct benchrun *br = ctx;
	struct bench_job *bj = j->data;
	struct bench_result *r = &br->sum->results.v[bj->result];
	const char *name = bj->tc->name;

	strbuf_add(&bj->output, j->out.buf, j->out.len);
	strbuf_add(&bj->output, j->err.buf, j->err.len);
	/* Results start out ok; a failure of any of its jobs fails one. */
	if (r->status == BS_OK) {
		if (j->start_errno)
			fail(br->sum, r, "could not start '%s': %s", j->child.args.v[0],
			     strerror(j->start_errno));
		else if (j->timed_out)
			fail(br->sum, r, "timed out after %.0fs", j->end - j->start);
		else if (j->term_signal)
			fail(br->sum, r, "killed by %s", signal_name(j->term_signal));
		else if (!says(&j->result, RESULT_START, name))
			fail(br->sum, r, "the binary did not run this benchmark (was it "
			     "rebuilt since it was listed?)");
		else if (says(&j->result, RESULT_SKIP, name) || j->exit_code == 77)
			fail(br->sum, r, "skipped by the benchmark");
		else if (says(&j->result, RESULT_FAIL, name))
			fail(br->sum, r, "the benchmark failed (an assertion or TARE_FAIL)");
		else if (j->exit_code)
			fail(br->sum, r, "exited with status %d", j->exit_code);
		else if (!says(&j->result, RESULT_PASS, name))
			fail(br->sum, r, "exited before the benchmark finished");
	}
	if (r->status == BS_OK) {
		if (bj->tool == TOOL_WALL)
			read_wall(br, j, r);
		else if (bj->tool == TOOL_DHAT)
			read_heap(br, bj, r);
		else
			read_profile(br, bj, r);
	}
	bj->finished = 1;
	run_job_release(j);
	free(j);
	report_ready(br);
}

static void br_interrupted(void *ctx, int sig, int count)
{
	(void)ctx;
	(void)count;
	warning("%s: stopping the benchmarks", signal_name(sig));
}

/*
 * The binary's link in the run's folder: LINK_DIR/NNNNNNNN, the same
 * length for every binary wherever it lives. Returns NULL after an error.
 */
static const char *link_binary(struct benchrun *br, const struct binary *bin)
{
	struct strbuf path = STRBUF_INIT;

	if (!br->link_dir.len && temp_folder_make(&br->link_dir, LINK_DIR_BASE) < 0) {
		strbuf_reset(&br->link_dir);
		return NULL;
	}
	strbuf_addf(&path, "%s/%08zu", br->link_dir.buf, br->links.nr);
	if (symlink(bin->path, path.buf) < 0) {
		error_errno("cannot make the link '%s'", path.buf);
		strbuf_release(&path);
		return NULL;
	}
	strvec_push(&br->links, path.buf);
	strbuf_release(&path);
	return br->links.v[br->links.nr - 1];
}

static void links_remove(struct benchrun *br)
{
	size_t i;

	for (i = 0; i < br->links.nr; i++)
		unlink(br->links.v[i]);
	if (br->link_dir.len)
		temp_folder_remove(br->link_dir.buf);
	strbuf_release(&br->link_dir);
	strvec_clear(&br->links);
}

int benchrun_run(struct test_list *list, const struct benchrun_opts *o,
		 struct bench_summary *sum)
{
	static const struct runner_ops ops = {
		.next = br_next,
		.finished = br_finished,
		.interrupted = br_interrupted,
	};
	struct benchrun br;
	struct runner r = RUNNER_INIT;
	const struct binary *bin = NULL;
	const char *exe = NULL;
	size_t i, index = 0;
	int ret = 0;

	memset(&br, 0, sizeof(br));
	strvec_init(&br.links);
	strbuf_init(&br.link_dir, 0);
	br.o = o;
	br.sum = sum;
	for (i = 0; i < list->cases.nr; i++) {
		struct test_case *tc = list->cases.v[i];
		struct bench_job bj;
		int t, ntools = o->dhat && !o->wall ? 2 : 1;

		if (tc->bin != bin) {
			bin = tc->bin;
			index = 0;
			exe = NULL;
		}
		if (tc->kind != CASE_BENCH)
			continue;
		index++;
		if (!tc->selected)
			continue;
		if (!exe && !(exe = link_binary(&br, bin))) {
			ret = -1;
			goto out;
		}
		for (t = 0; t < ntools; t++) {
			memset(&bj, 0, sizeof(bj));
			bj.tc = tc;
			bj.exe = exe;
			bj.tool = o->wall ? TOOL_WALL : t ? TOOL_DHAT : TOOL_CALLGRIND;
			bj.index = index - 1;
			bj.result = sum->results.nr;
			strbuf_init(&bj.output, 0);
			if (bj.tool != TOOL_WALL &&
			    !(bj.profile = profile_path(o, tc, bj.tool == TOOL_DHAT ?
							".dhat.json" : ".callgrind.out"))) {
				ret = -1;
				goto out;
			}
			vec_push(&br.jobs, bj);
		}
		bench_summary_add(sum, tc->bin->id, tc->name)->unoptimized = tc->unoptimized;
	}
	br.r = r;
	br.r.slots = o->jobs;
	br.r.ops = &ops;
	br.r.ctx = &br;
	if (runner_run(&br.r) < 0)
		ret = -1;
	else if (br.r.interrupt_count)
		ret = -2;
	/* Those never started (Ctrl-C) keep no result. */
	for (i = 0; i < br.jobs.nr; i++)
		if (!br.jobs.v[i].finished)
			fail(sum, &sum->results.v[br.jobs.v[i].result], "not run: interrupted");
out:
	for (i = 0; i < br.jobs.nr; i++) {
		free(br.jobs.v[i].profile);
		strbuf_release(&br.jobs.v[i].output);
	}
	vec_release(&br.jobs);
	links_remove(&br);
	return ret;
}
