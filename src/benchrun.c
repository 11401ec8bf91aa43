#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

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
	unsigned served : 1;	/* in a fork server's list */
};

/*
 * A fork server (tare.h's --serve, docs/protocol.md): one callgrind (or
 * DHAT) start for a binary's benchmarks in a slot, each measured in a
 * child forked from it, with a profile of its own (DIR/PID.cg-01, ...,
 * or DIR/PID.dhat).
 */
struct bench_server {
	enum bench_tool tool;	/* callgrind or DHAT */
	VEC(size_t) jobs;	/* into benchrun.jobs, in list order */
	char *dir;		/* the cases, the children's output and profiles */
	size_t started, ended;	/* children named, and ended */
	pid_t pid;		/* the running child's */
	char word;		/* what it said: 's'tart, then 'p'ass, 'f'ail, 'k' skip */
	int timed_out;
};

/* What a runner job is: one benchmark's process, or a server's. */
struct br_ctx {
	struct bench_job *bj;
	struct bench_server *sv;
};

struct benchrun {
	const struct benchrun_opts *o;
	struct bench_summary *sum;
	struct runner r;
	VEC(struct bench_job) jobs;
	size_t next;		/* next job to start */
	VEC(struct bench_server *) servers;	/* waiting to start, in order */
	VEC(size_t) alone;	/* served jobs a server could not run: one process each */
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

static struct run_job *br_next(void *ctx);

/* A job for one benchmark's process or a server's; its command line comes next. */
static struct run_job *job_new(struct bench_job *bj, struct bench_server *sv)
{
	struct run_job *j = xmalloc(sizeof(*j));
	struct br_ctx *bc = xcalloc(1, sizeof(*bc));

	run_job_init(j);
	bc->bj = bj;
	bc->sv = sv;
	j->data = bc;
	return j;
}

/* The rest, once the command line is in: the environment, timers, pipes. */
static void job_finish(struct benchrun *br, struct run_job *j, size_t client_argv,
		       const char *exe)
{
	add_env(&j->child, br->o, client_argv, exe);
	j->child.dir = br->o->root;
	j->capture = 1;
	j->want_result = 1;
	j->slow_period = br->o->timeout;
	j->terminate_after = br->o->timeout > 0;
	j->grace = 5;
	j->leak_timeout = 1;
}

static void server_free(struct bench_server *sv)
{
	if (!sv)
		return;
	if (sv->dir) {
		remove_tree(sv->dir);
		free(sv->dir);
	}
	vec_release(&sv->jobs);
	free(sv);
}

/* The first server waiting, as a job; NULL (its benchmarks run alone) if it cannot start. */
static struct run_job *server_job(struct benchrun *br)
{
	struct bench_server *sv = br->servers.v[0];
	struct bench_job *first = &br->jobs.v[sv->jobs.v[0]];
	struct strbuf cases = STRBUF_INIT, path = STRBUF_INIT;
	struct run_job *j;
	struct child *c;
	size_t i, client_argv;
	FILE *f;

	memmove(br->servers.v, br->servers.v + 1, --br->servers.nr * sizeof(*br->servers.v));
	/* In the link folder: a name of one length, so the stack is the same every run. */
	strbuf_addf(&path, "%s/s%07zu", br->link_dir.buf, sv->jobs.v[0]);
	sv->dir = strbuf_detach(&path, NULL);
	for (i = 0; i < sv->jobs.nr; i++) {
		struct bench_job *bj = &br->jobs.v[sv->jobs.v[i]];

		if (sv->tool == TOOL_CALLGRIND)
			rotate_profile(bj->profile);
		else
			unlink(bj->profile);
		strbuf_addf(&cases, "bench %08zu\n", bj->index);
	}
	path_join(&path, sv->dir, "cases");
	if (mkdir(sv->dir, 0700) < 0 || !(f = fopen(path.buf, "we")) ||
	    fwrite(cases.buf, 1, cases.len, f) != cases.len || fclose(f) != 0) {
		error_errno("cannot write '%s'", path.buf);
		for (i = sv->jobs.nr; i > 0; i--)
			vec_push(&br->alone, sv->jobs.v[i - 1]);
		server_free(sv);
		strbuf_release(&cases);
		strbuf_release(&path);
		return br_next(br);
	}
	strbuf_release(&cases);
	j = job_new(NULL, sv);
	c = &j->child;
	strbuf_reset(&path);
	if (sv->tool == TOOL_CALLGRIND) {
		strbuf_addf(&path, "%s/%%p.cg", sv->dir);
		valgrind_bench_args(&c->args, br->o->cache, path.buf);
	} else {
		strbuf_addf(&path, "%s/%%p.dhat", sv->dir);
		valgrind_dhat_args(&c->args, path.buf);
	}
	strbuf_release(&path);
	client_argv = c->args.nr;
	strvec_push(&c->args, first->exe);
	strvec_push(&c->args, "--serve");
	strvec_push(&c->args, sv->dir);
	job_finish(br, j, client_argv, first->exe);
	return j;
}

static struct run_job *br_next(void *ctx)
{
	struct benchrun *br = ctx;
	struct bench_job *bj;
	struct run_job *j;
	struct child *c;
	size_t client_argv;

	if (br->servers.nr)
		return server_job(br);
	if (br->alone.nr) {
		bj = &br->jobs.v[br->alone.v[--br->alone.nr]];
	} else {
		while (br->next < br->jobs.nr && br->jobs.v[br->next].served)
			br->next++;
		if (br->next >= br->jobs.nr)
			return NULL;
		bj = &br->jobs.v[br->next++];
	}
	j = job_new(bj, NULL);
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
	job_finish(br, j, client_argv, bj->exe);
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

/* A served benchmark's child ended: its result, from what it said and its profile. */
static void served_done(struct benchrun *br, struct run_job *j, struct bench_server *sv,
			const struct result_line *rl)
{
	struct bench_job *bj = &br->jobs.v[sv->jobs.v[sv->ended]];
	struct bench_result *r = &br->sum->results.v[bj->result];
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	size_t n = sv->ended++;
	int t;

	for (t = 0; t < 2; t++) {
		strbuf_reset(&from);
		strbuf_addf(&from, "%s/%zu.%s", sv->dir, n, t ? "err" : "out");
		if (!access(from.buf, F_OK))
			strbuf_read_file(&bj->output, from.buf, 1u << 24);
		unlink(from.buf);
	}
	if (r->status == BS_OK) {
		if (sv->timed_out)
			fail(br->sum, r, "timed out after %.0fs", br->o->timeout);
		else if (rl->exit_signal)
			fail(br->sum, r, "killed by %s", signal_name(rl->exit_signal));
		else if (!sv->word)
			fail(br->sum, r, "the binary did not run this benchmark (was it "
			     "rebuilt since it was listed?)");
		else if (sv->word == 'k' || rl->exit_status == 77)
			fail(br->sum, r, "skipped by the benchmark");
		else if (sv->word == 'f')
			fail(br->sum, r, "the benchmark failed (an assertion or TARE_FAIL)");
		else if (rl->exit_status)
			fail(br->sum, r, "exited with status %d", rl->exit_status);
		else if (sv->word != 'p')
			fail(br->sum, r, "exited before the benchmark finished");
	}
	if (sv->tool == TOOL_DHAT) {
		strbuf_reset(&from);
		strbuf_addf(&from, "%s/%ld.dhat", sv->dir, (long)sv->pid);
		file_move(from.buf, bj->profile);
		if (r->status == BS_OK)
			read_heap(br, bj, r);
	} else {
		/* The child's profile, per thread, under the benchmark's name. */
		for (t = 1; t < 100; t++) {
			strbuf_reset(&from);
			strbuf_addf(&from, "%s/%ld.cg-%02d", sv->dir, (long)sv->pid, t);
			thread_file(&to, bj->profile, t);
			/* The server's folder is in /tmp, the profiles maybe on another file system. */
			if (file_move(from.buf, to.buf) < 0)
				break;
		}
		strbuf_reset(&from);
		strbuf_addf(&from, "%s/%ld.cg", sv->dir, (long)sv->pid);
		unlink(from.buf);
		if (r->status == BS_OK)
			read_profile(br, bj, r);
	}
	bj->finished = 1;
	j->case_pid = 0;
	j->case_timed_out = 0;
	sv->pid = 0;
	sv->word = 0;
	sv->timed_out = 0;
	runner_job_restart_timers(j);
	strbuf_release(&from);
	strbuf_release(&to);
	report_ready(br);
}

static void br_result(void *ctx, struct run_job *j)
{
	struct benchrun *br = ctx;
	struct bench_server *sv = ((struct br_ctx *)j->data)->sv;
	struct strbuf *res = &j->result;
	char *nl;

	if (!sv)
		return;		/* read when the process ends */
	while ((nl = memchr(res->buf, '\n', res->len))) {
		size_t len = (size_t)(nl - res->buf);
		struct result_line rl;

		if (result_line_parse(res->buf, len, &rl) == 0) {
			/*
			 * The case not yet ended: its child may speak before
			 * the server has named it.
			 */
			const char *name = sv->ended < sv->jobs.nr ?
				br->jobs.v[sv->jobs.v[sv->ended]].tc->name : NULL;

			if (rl.kind == RESULT_CHILD && sv->started == sv->ended &&
			    sv->started < sv->jobs.nr) {
				sv->started++;
				sv->pid = (pid_t)rl.count;
				j->case_pid = sv->pid;
				runner_job_restart_timers(j);
			} else if (name && rl.kind == RESULT_START &&
				   result_line_names(&rl, rl.kind, name, strlen(name))) {
				sv->word = 's';
			} else if (name && sv->word == 's' &&
				   (rl.kind == RESULT_PASS || rl.kind == RESULT_FAIL ||
				    rl.kind == RESULT_SKIP) &&
				   result_line_names(&rl, rl.kind, name, strlen(name))) {
				sv->word = rl.kind == RESULT_PASS ? 'p' : rl.kind == RESULT_FAIL ? 'f' : 'k';
			} else if (name && rl.kind == RESULT_EXITED && sv->started > sv->ended &&
				   (pid_t)rl.count == sv->pid) {
				sv->timed_out = j->case_timed_out;
				served_done(br, j, sv, &rl);
			}
		}
		strbuf_remove(res, 0, len + 1);
	}
}

/*
 * The server ended. What it had not measured runs one process per
 * benchmark: the one running when it died (a crash of the server, not of
 * a benchmark, which its child reports), and the rest.
 */
static void server_finished(struct benchrun *br, struct run_job *j, struct bench_server *sv)
{
	size_t i;

	/* What the channel said last may have come with its end. */
	br_result(br, j);
	if (sv->ended < sv->jobs.nr && (br->r.stopping || j->interrupted)) {
		server_free(sv);
		return;		/* "not run: interrupted" */
	}
	if (sv->ended < sv->jobs.nr && j->start_errno) {
		struct bench_result *r;

		for (i = sv->ended; i < sv->jobs.nr; i++) {
			r = &br->sum->results.v[br->jobs.v[sv->jobs.v[i]].result];
			fail(br->sum, r, "could not start '%s': %s", j->child.args.v[0],
			     strerror(j->start_errno));
			br->jobs.v[sv->jobs.v[i]].finished = 1;
		}
		report_ready(br);
	} else {
		for (i = sv->jobs.nr; i > sv->ended; i--)
			vec_push(&br->alone, sv->jobs.v[i - 1]);
	}
	server_free(sv);
}

static void br_finished(void *ctx, struct run_job *j)
{
	struct benchrun *br = ctx;
	struct br_ctx *bc = j->data;
	struct bench_job *bj = bc->bj;
	struct bench_result *r;
	const char *name;

	if (bc->sv) {
		server_finished(br, j, bc->sv);
		free(bc);
		run_job_release(j);
		free(j);
		return;
	}
	free(bc);
	r = &br->sum->results.v[bj->result];
	name = bj->tc->name;
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

/*
 * The callgrind runs of each binary that serves, in as many servers as
 * there are slots (fewer for few benchmarks): one callgrind start each;
 * the same for its DHAT runs. Returns how many servers there are.
 */
static size_t plan_servers(struct benchrun *br)
{
	size_t i, k, n, jobs = br->o->jobs > 0 ? (size_t)br->o->jobs : 1;
	VEC(size_t) mine = VEC_INIT;

	if (br->o->no_fork_server)
		return 0;
	for (i = 0; i < br->jobs.nr; i++) {
		const struct binary *bin = br->jobs.v[i].tc->bin;
		size_t chunks, per;

		enum bench_tool tool = br->jobs.v[i].tool;

		if (br->jobs.v[i].served || tool == TOOL_WALL || !bin->fork_server ||
		    (tool == TOOL_CALLGRIND && !bin->callgrind))
			continue;
		mine.nr = 0;
		for (k = i; k < br->jobs.nr; k++)
			if (br->jobs.v[k].tc->bin == bin && br->jobs.v[k].tool == tool)
				vec_push(&mine, k);
		/*
		 * Even one benchmark: its numbers must not depend on how
		 * many others were selected with it.
		 */
		chunks = mine.nr < jobs ? mine.nr : jobs;
		per = (mine.nr + chunks - 1) / chunks;
		for (k = 0; k < mine.nr; k += per) {
			struct bench_server *sv = xcalloc(1, sizeof(*sv));

			sv->tool = tool;
			for (n = k; n < k + per && n < mine.nr; n++) {
				br->jobs.v[mine.v[n]].served = 1;
				vec_push(&sv->jobs, mine.v[n]);
			}
			vec_push(&br->servers, sv);
		}
	}
	vec_release(&mine);
	return br->servers.nr;
}

int benchrun_run(struct test_list *list, const struct benchrun_opts *o,
		 struct bench_summary *sum)
{
	static const struct runner_ops ops = {
		.next = br_next,
		.finished = br_finished,
		.result = br_result,
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
	if (!o->wall)
		sum->mode = plan_servers(&br) ? "fork-server" : "process";
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
	for (i = 0; i < br.servers.nr; i++)
		server_free(br.servers.v[i]);
	vec_release(&br.servers);
	vec_release(&br.alone);
	for (i = 0; i < br.jobs.nr; i++) {
		free(br.jobs.v[i].profile);
		strbuf_release(&br.jobs.v[i].output);
	}
	vec_release(&br.jobs);
	links_remove(&br);
	return ret;
}
