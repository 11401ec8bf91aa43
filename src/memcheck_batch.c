/*
 * memcheck_batch.c: many tests of one binary in one Valgrind process.
 *
 * Memcheck costs about half a second of start-up per process; a suite of
 * small tests spends most of its time starting Valgrind. A tare.h binary
 * built with Valgrind's headers can instead run a list of tests one after
 * another (`BIN --batch DIR`, docs/protocol.md): it marks each test's start
 * and end with client messages, which appear in memcheck's XML between the
 * errors, and runs an added-leak check after each test. Reading the XML as
 * it is written, tare gives each test exactly the errors and leaks it would
 * have had in a process of its own, and reports it as soon as it ends.
 *
 * What cannot be attributed that way runs alone instead: a test that
 * starts other processes (their XML files appear in the batch's folder), a
 * test that ends the process by exit() or crashes (its leaks are only in
 * the exit-time check, mixed with everyone's), a test whose errors
 * Valgrind had already shown for an earlier test (it shows each once), a
 * binary whose start-up has errors (every test has them), isolated tests,
 * retries. A test that hangs ends its batch and is reported from it; the
 * tests after it continue in a new batch.
 *
 * A binary that can serve (tare.h's `--serve DIR`, `feature fork-server`)
 * needs none of that: Valgrind starts once, and the harness forks a child
 * for each test, which tare knows by its pid. Valgrind follows a fork:
 * each child writes an XML file of its own (%p) with its errors and its
 * leak check at exit, as a process of its own would. A timeout ends the
 * child, not the server; only a test that leaves processes running, and a
 * binary whose start-up has errors (they happened once, in the server),
 * still run alone.
 *
 * Under callgrind (tare test --profile callgrind) a binary that can serve
 * is served the same way: each child's profile (%p) becomes its test's,
 * collected inside the test's function as with a Valgrind of its own.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "protocol.h"
#include "testrun-internal.h"
#include "valgrind.h"

#define NONE ((size_t)-1)

/* What a batch knows of each of its tests. */
struct slot {
	double start, end;
	char word;		/* 'p', 'f', 's' once the result arrived */
	long files;		/* XML files in the folder after the test */
	unsigned long counted;	/* errors Valgrind counted in the test */
	unsigned children : 1;	/* it left processes running */
	/* Served: the child's process and how it ended. */
	pid_t pid;
	int exit_status, exit_signal;
	unsigned timed_out : 1;
	int slow_count;
	struct mc_error *errors, **tail;
	size_t nerrors;
};

struct batch {
	VEC(struct test_case *) cases;

	/* While it runs. */
	struct testrun *tr;
	struct slot *slots;
	size_t started, resulted, finalized;
	unsigned cancelled : 1;		/* fail-fast: what is left does not run */
	unsigned serve : 1;		/* each test in a child of a fork server */
	unsigned callgrind : 1;		/* served under callgrind: a profile per test */
	const char *dir;
	pid_t pid;
	struct mc_parser *xml;
	int xml_fd;
	int out_fd[2];			/* the running test's output files, to trim */
	size_t xml_started, xml_ended;	/* markers read */
	size_t xml_open;		/* the test between its markers, or NONE */
	long files;			/* the harness's last count of XML files */
	unsigned long counted;		/* the harness's last error count */
	unsigned children : 1;		/* the harness said the test left some */
	size_t before;			/* errors before the first test: start-up's */
	struct mc_error *after, **after_tail;	/* after the last: exit's */
	size_t nafter;
};

static void output_files_close(struct batch *b)
{
	int k;

	for (k = 0; k < 2; k++)
		if (b->out_fd[k] >= 0) {
			close(b->out_fd[k]);
			b->out_fd[k] = -1;
		}
}

/*
 * The harness has made the test's output files: tare holds them too, to
 * free the disk of what would be cut as they grow (capture.h).
 */
static void output_files_open(struct batch *b, size_t idx)
{
	struct strbuf path = STRBUF_INIT;
	int k;

	output_files_close(b);
	for (k = 0; k < 2; k++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%zu.%s", b->dir, idx, k ? "err" : "out");
		b->out_fd[k] = open(path.buf, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	}
	strbuf_release(&path);
}

void batch_trim_output(struct batch *b)
{
	const struct case_run *cr;
	int k;

	if (!b->slots || !b->started || b->started > b->cases.nr)
		return;
	cr = b->cases.v[b->started - 1]->run;
	if (!cr)
		return;		/* done already: its files are read */
	/*
	 * A served test's child makes its files after the server named it:
	 * tare may have looked before they were there.
	 */
	if (b->serve && b->started > b->finalized && b->out_fd[0] < 0 && b->out_fd[1] < 0)
		output_files_open(b, b->started - 1);
	for (k = 0; k < 2; k++)
		if (b->out_fd[k] >= 0 &&
		    capture_file_trim(b->out_fd[k], cr->s.output_head, cr->s.output_tail) < 0 &&
		    errno == EOPNOTSUPP && !b->tr->trim_warned) {
			b->tr->trim_warned = 1;
			warning("the file system of '%s' cannot free parts of a file: output in a "
				"memcheck batch takes disk as it grows", b->dir);
		}
}

static struct batch *batch_new(void)
{
	struct batch *b = xcalloc(1, sizeof(*b));

	b->xml_fd = -1;
	b->out_fd[0] = b->out_fd[1] = -1;
	b->xml_open = NONE;
	b->after_tail = &b->after;
	return b;
}

void batch_free(struct batch *b)
{
	if (!b)
		return;
	mc_parser_free(b->xml);
	if (b->xml_fd >= 0)
		close(b->xml_fd);
	output_files_close(b);
	free(b->slots);
	vec_release(&b->cases);
	free(b);
}

struct collect {
	const struct test_case *tc;
	struct attempt *a;
};

static void collect_error(void *ctx, struct mc_error *e)
{
	struct collect *c = ctx;

	if (!case_counts_error(c->tc, e))
		return;
	e->next = NULL;
	*c->a->mc_tail = e;
	c->a->mc_tail = &e->next;
	c->a->mc_count++;
}

void collect_xml_dir(struct testrun *tr, const struct test_case *tc, struct attempt *a,
		     const char *dir, long server, long own)
{
	static const struct mc_callbacks cb = { .error = collect_error };
	struct strbuf path = STRBUF_INIT, xml = STRBUF_INIT;
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		struct attempt mine = { .mc_tail = &mine.mc_errors };
		struct collect c = { tc, &mine };
		struct mc_parser *p;

		if (n < 5 || strcmp(e->d_name + n - 4, ".xml"))
			continue;
		strbuf_reset(&path);
		strbuf_reset(&xml);
		path_join(&path, dir, e->d_name);
		if (strbuf_read_file(&xml, path.buf, 1u << 30) < 0)
			continue;
		p = mc_parser_new(&tr->list->arena, &cb, &c);
		/*
		 * A process killed mid-write leaves the file unfinished: what
		 * was parsed before the cut still counts.
		 */
		mc_parser_feed(p, xml.buf, xml.len, 1);
		/*
		 * Served, the server's file is not the test's, and neither is
		 * that of another child of the server than the test's own (the
		 * next test's may have started); the test's children's are.
		 */
		if (server && (mc_parser_pid(p) == server ||
			       (mc_parser_ppid(p) == server && mc_parser_pid(p) != own))) {
			mc_parser_free(p);
			continue;
		}
		mc_parser_free(p);
		if (server)
			unlink(path.buf);
		*mine.mc_tail = NULL;
		if (mine.mc_count) {
			*a->mc_tail = mine.mc_errors;
			a->mc_tail = mine.mc_tail;
			a->mc_count += mine.mc_count;
		}
	}
	closedir(d);
	strbuf_release(&path);
	strbuf_release(&xml);
}

/* Which cases may share a process: those whose Valgrind arguments agree. */
static int same_group(const struct test_case *a, const struct test_case *b)
{
	const struct case_run *x = a->run, *y = b->run;

	return a->bin == b->bin && x->wrapper == y->wrapper &&
	       x->s.mc_batched == y->s.mc_batched &&
	       x->s.mc_leak_kinds == y->s.mc_leak_kinds &&
	       x->s.mc_suppressions == y->s.mc_suppressions &&
	       x->s.mc_extra_args == y->s.mc_extra_args;
}

/*
 * A test under callgrind in a binary that can serve: served, a profile per
 * child. (Benchmarks run as tests collect in their bodies: alone.)
 */
static int served_callgrind(struct testrun *tr, struct test_case *tc)
{
	if (!tc->bin->fork_server || tr->o->no_fork_server || tc->kind != CASE_TEST)
		return 0;
	if (!tc->run && !valgrind_is_callgrind(config_run_wrapper(tr->o->view, tc->bin->id,
								   tc->name, case_labels(tc))))
		return 0;
	return valgrind_is_callgrind(case_run_of(tr->o->view, tc)->wrapper);
}

static int batchable(struct testrun *tr, struct test_case *tc)
{
	const struct case_run *cr;

	if (!tc->selected || tc->isolated || !(tc->bin->valgrind_batch || tc->bin->fork_server))
		return 0;
	if (served_callgrind(tr, tc))
		return 1;
	/* Only cases under memcheck get their state this early. */
	if (!tc->run && !valgrind_is_memcheck(config_run_wrapper(tr->o->view, tc->bin->id,
								  tc->name, case_labels(tc))))
		return 0;
	cr = case_run_of(tr->o->view, tc);
	if (!cr->s.mc_batched || !case_is_memcheck(tc))
		return 0;
	/* Served where the binary can serve; else one process, where it can batch. */
	return cr->s.mc_batched == MC_SERVED && !tr->o->no_fork_server ?
		       tc->bin->fork_server || tc->bin->valgrind_batch :
		       tc->bin->valgrind_batch;
}

void batch_plan(struct testrun *tr)
{
	struct test_list *list = tr->list;
	size_t i, k, jobs = tr->o->jobs > 0 ? (size_t)tr->o->jobs : 1;
	VEC(struct test_case *) group = VEC_INIT;
	char *taken = xcalloc(list->cases.nr ? list->cases.nr : 1, 1);

	for (i = 0; i < list->cases.nr; i++) {
		struct test_case *first = list->cases.v[i];
		size_t chunks, per, at;

		if (taken[i] || !batchable(tr, first))
			continue;
		group.nr = 0;
		for (k = i; k < list->cases.nr; k++) {
			struct test_case *tc = list->cases.v[k];

			if (!taken[k] && batchable(tr, tc) && same_group(first, tc)) {
				vec_push(&group, tc);
				taken[k] = 1;
			}
		}
		if (group.nr < 2)
			continue;	/* nothing to share */
		/*
		 * One batch per slot keeps every CPU busy; small groups get
		 * fewer, since each costs a Valgrind start.
		 */
		chunks = group.nr / 4;
		if (chunks > jobs)
			chunks = jobs;
		if (chunks < 1)
			chunks = 1;
		per = (group.nr + chunks - 1) / chunks;
		for (at = 0; at < group.nr; at += per) {
			struct batch *b = batch_new();

			b->callgrind = served_callgrind(tr, first);
			b->serve = b->callgrind ||
				   (first->bin->fork_server && !tr->o->no_fork_server &&
				    ((struct case_run *)first->run)->s.mc_batched == MC_SERVED);
			for (k = at; k < at + per && k < group.nr; k++) {
				struct case_run *cr = group.v[k]->run;
				cr->batched = 1;
				vec_push(&b->cases, group.v[k]);
			}
			vec_push(&tr->batches, b);
		}
	}
	vec_release(&group);
	free(taken);
}

/* Runs the cases alone after all: the batch could not do them. */
static void isolate_from(struct testrun *tr, struct batch *b, size_t from)
{
	size_t i;

	/* The isolate queue is a stack: push in reverse to keep the order. */
	for (i = b->cases.nr; i > from; i--)
		vec_push(&tr->isolate, b->cases.v[i - 1]);
}

static void set_timers(struct run_job *j, const struct test_case *tc)
{
	const struct case_run *cr = tc->run;

	j->slow_period = case_slow_period(tc);
	j->terminate_after = cr->s.terminate_after;
	j->grace = cr->s.grace;
}

struct run_job *batch_make_job(struct testrun *tr, struct batch *b)
{
	struct test_case *first = b->cases.v[0];
	struct case_run *cr = first->run;
	struct run_job *j = xmalloc(sizeof(*j));
	struct job_ctx *ctx = xcalloc(1, sizeof(*ctx));
	struct child *c = &j->child;
	struct strbuf names = STRBUF_INIT, path = STRBUF_INIT;
	size_t i;

	run_job_init(j);
	ctx->batch = b;
	ctx->dir = tr->ops->job_dir(tr, "b");
	for (i = 0; i < b->cases.nr; i++)
		strbuf_addf(&names, "%s%s\n", b->serve ? "test " : "", b->cases.v[i]->name);
	if (ctx->dir) {
		FILE *f;

		path_join(&path, ctx->dir, b->serve ? "cases" : "tests");
		f = fopen(path.buf, "we");
		if (!f || fwrite(names.buf, 1, names.len, f) != names.len ||
		    fclose(f) != 0) {
			error_errno("cannot write '%s'", path.buf);
			remove_tree(ctx->dir);
			free(ctx->dir);
			ctx->dir = NULL;
		}
	}
	strbuf_release(&names);
	strbuf_release(&path);
	if (!ctx->dir) {
		/* No folder for the batch: each test runs alone. */
		isolate_from(tr, b, 0);
		for (i = 0; i < b->cases.nr; i++)
			((struct case_run *)b->cases.v[i]->run)->batched = 0;
		batch_free(b);
		free(ctx);
		run_job_release(j);
		free(j);
		return NULL;
	}

	b->tr = tr;
	b->dir = ctx->dir;
	b->slots = xcalloc(b->cases.nr, sizeof(*b->slots));
	for (i = 0; i < b->cases.nr; i++)
		b->slots[i].tail = &b->slots[i].errors;
	strvec_pushv(&c->args, cr->wrapper->argv.v);
	strvec_pushv(&c->env, cr->wrapper->env.v);
	if (b->callgrind) {
		/* Every test's function, as each test's own Valgrind would collect it. */
		strbuf_addf(&path, "%s/%%p.cg", ctx->dir);
		valgrind_callgrind_test_args(&c->args, &c->env, path.buf, "tare__fn_*");
		strbuf_release(&path);
	} else {
		valgrind_memcheck_args(&c->args, &cr->s, ctx->dir, tr->o->gen_suppressions,
				       b->serve);
	}
	strvec_push(&c->args, first->bin->path);
	strvec_push(&c->args, b->serve ? "--serve" : "--batch");
	strvec_push(&c->args, ctx->dir);
	tr->ops->add_env(tr, c, first, 1);
	/* Served or batched, the test shares a Valgrind start with others. */
	strvec_push(&c->env, "TARE_BATCH=1");
	c->dir = tr->o->root;
	j->capture = 1;
	j->want_result = 1;
	set_timers(j, first);
	j->leak_timeout = cr->s.leak_period;
	j->data = ctx;
	return j;
}

/* ---- the XML, as it is written ---- */

static void xml_clientmsg(void *ctx, const char *text)
{
	struct batch *b = ctx;

	if (!strncmp(text, "tare-start ", 11)) {
		b->xml_open = b->xml_started < b->cases.nr ? b->xml_started : NONE;
		b->xml_started++;
	} else if (!strncmp(text, "tare-end ", 9)) {
		b->xml_ended++;
		b->xml_open = NONE;
	}
}

static void xml_error(void *ctx, struct mc_error *e)
{
	struct batch *b = ctx;
	struct slot *s;

	if (b->xml_open == NONE) {
		if (!b->xml_started) {
			/* Start-up's, the baseline leak check's included. */
			b->before += case_counts_error(b->cases.v[0], e);
		} else if (e->leak == MC_LEAK_NONE) {
			/*
			 * Destructors' and exit handlers'. Leaks here come
			 * from the check at exit, which repeats every test's.
			 */
			e->next = NULL;
			*b->after_tail = e;
			b->after_tail = &e->next;
			b->nafter++;
		}
		return;
	}
	if (!case_counts_error(b->cases.v[b->xml_open], e))
		return;
	s = &b->slots[b->xml_open];
	e->next = NULL;
	*s->tail = e;
	s->tail = &e->next;
	s->nerrors++;
}

/* Feeds the XML written since last time; at_exit: all of it, to the end. */
static void follow_xml(struct batch *b, int at_exit)
{
	static const struct mc_callbacks cb = {
		.error = xml_error, .clientmsg = xml_clientmsg,
	};
	char buf[65536];
	ssize_t n;

	if (b->xml_fd < 0) {
		struct strbuf path = STRBUF_INIT;

		strbuf_addf(&path, "%s/%ld.xml", b->dir, (long)b->pid);
		b->xml_fd = open(path.buf, O_RDONLY | O_CLOEXEC);
		strbuf_release(&path);
		if (b->xml_fd < 0)
			return;
		b->xml = mc_parser_new(&b->tr->list->arena, &cb, b);
	}
	while ((n = read(b->xml_fd, buf, sizeof(buf))) > 0)
		if (mc_parser_feed(b->xml, buf, (size_t)n, 0) < 0)
			break;
	/* A file cut short by a kill is no error: what came before counts. */
	if (at_exit && b->xml)
		mc_parser_feed(b->xml, NULL, 0, 1);
}

static void unlink_output(struct batch *b, size_t idx)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/%zu.out", b->dir, idx);
	unlink(path.buf);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/%zu.err", b->dir, idx);
	unlink(path.buf);
	strbuf_release(&path);
}

/* A test's output files: what is kept of them, as a pipe would have kept it. */
static void take_output(struct batch *b, struct attempt *a, size_t idx)
{
	const struct case_run *cr = b->cases.v[idx]->run;
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/%zu.out", b->dir, idx);
	capture_file(path.buf, cr->s.output_head, cr->s.output_tail, &a->out,
		     &a->out_cut_at, &a->out_dropped);
	unlink(path.buf);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/%zu.err", b->dir, idx);
	capture_file(path.buf, cr->s.output_head, cr->s.output_tail, &a->err,
		     &a->err_cut_at, &a->err_dropped);
	unlink(path.buf);
	strbuf_release(&path);
}

static struct attempt *slot_attempt(struct batch *b, size_t idx, int leaks_too)
{
	struct test_case *tc = b->cases.v[idx];
	struct slot *s = &b->slots[idx];
	struct attempt *a = attempt_new(tc);
	struct mc_error *e;

	a->memcheck = 1;
	a->duration = (s->end > 0 ? s->end : time_now()) - s->start;
	for (e = s->errors; e; e = e->next)
		if (leaks_too || e->leak == MC_LEAK_NONE) {
			*a->mc_tail = e;
			a->mc_tail = &e->next;
			a->mc_count++;
		}
	*a->mc_tail = NULL;
	take_output(b, a, idx);
	return a;
}

/* A test whose result and errors are all in: report it. */
static void finalize(struct testrun *tr, struct batch *b, size_t idx)
{
	struct test_case *tc = b->cases.v[idx];
	struct slot *s = &b->slots[idx];
	struct attempt *a;
	struct mc_error *e;
	int shown = 0;

	/*
	 * The batch's own XML file is the first; one more after this test
	 * than after the one before means the test started processes. Their
	 * findings cannot be told from the batch's: the test runs again, alone.
	 */
	if (s->files > (idx ? b->slots[idx - 1].files : 1) || s->children) {
		vec_push(&tr->isolate, tc);
		return;
	}
	/* Errors counted but none shown: repeats of an earlier test's. */
	for (e = s->errors; e && !shown; e = e->next)
		shown = e->leak == MC_LEAK_NONE;
	if (s->counted && !shown) {
		vec_push(&tr->isolate, tc);
		return;
	}
	a = slot_attempt(b, idx, 1);
	a->status = s->word == 'p' ? ST_PASS : s->word == 's' ? ST_SKIP : ST_FAIL;
	/* What the process would have exited with alone, memcheck's code included. */
	a->exit_code = a->status == ST_SKIP ? 77 : a->status == ST_FAIL;
	if (a->mc_count) {
		const struct case_run *cr = tc->run;
		int code = valgrind_error_exitcode(cr->wrapper, &cr->s);

		if (code > 0)
			a->exit_code = code;
	}
	tr->ops->attempt_done(tr, tc, a);
}

static void advance(struct testrun *tr, struct batch *b, int at_exit)
{
	follow_xml(b, at_exit);
	if (b->before)
		return;		/* the batch is given up: see batch_result */
	while (b->finalized < b->resulted) {
		/* Wait for the test's end marker: its errors come before it. */
		if (!at_exit && b->xml_ended <= b->finalized)
			break;
		finalize(tr, b, b->finalized++);
	}
}

/* ---- served: each test in a child of the fork server ---- */

/* The child's callgrind file becomes the test's profile (none if it wrote none). */
static void served_profile(struct testrun *tr, struct batch *b, const struct test_case *tc,
			   struct attempt *a, pid_t pid)
{
	struct strbuf from = STRBUF_INIT;
	char *to = tr->ops->profile_path(tr, tc);

	strbuf_addf(&from, "%s/%ld.cg", b->dir, (long)pid);
	if (to && file_move(from.buf, to) < 0) {
		free(to);
		to = NULL;
	}
	a->profile = to;
	strbuf_release(&from);
}

/* A served test's child ended: it is judged as a process of its own. */
static void served_done(struct testrun *tr, struct run_job *j, struct batch *b, size_t idx)
{
	struct test_case *tc = b->cases.v[idx];
	struct slot *s = &b->slots[idx];
	struct attempt *a;
	unsigned said;

	if (s->children) {
		/* Alone, what it left running is its own (LEAK). */
		struct attempt *none = attempt_new(tc);

		if (!b->callgrind)
			collect_xml_dir(tr, tc, none, b->dir, (long)b->pid, (long)s->pid);
		attempt_free(none);
		unlink_output(b, idx);
		vec_push(&tr->isolate, tc);
		return;
	}
	a = attempt_new(tc);
	if (b->callgrind) {
		served_profile(tr, b, tc, a, s->pid);
	} else {
		a->memcheck = 1;
		collect_xml_dir(tr, tc, a, b->dir, (long)b->pid, (long)s->pid);
	}
	a->duration = s->end - s->start;
	a->exit_code = s->exit_status;
	a->term_signal = s->exit_signal;
	a->slow = s->slow_count > 0;
	a->interrupted = j->interrupted;
	take_output(b, a, idx);
	said = s->word == 'p' ? 1u << RESULT_PASS : s->word == 'f' ? 1u << RESULT_FAIL :
	       s->word == 's' ? 1u << RESULT_SKIP : 0;
	a->status = attempt_judge(a, s->timed_out, said, 1);
	tr->ops->attempt_done(tr, tc, a);
}

static void served_line(struct testrun *tr, struct run_job *j, struct batch *b,
			const struct result_line *rl)
{
	/* The test not yet ended: its child may speak before the server has named it. */
	size_t cur = b->finalized;
	struct test_case *tc;
	struct slot *s;

	if (rl->kind == RESULT_CHILD && b->started == b->finalized &&
	    b->started < b->cases.nr && !b->cancelled) {
		/*
		 * The server's own XML, before its first child: errors there are
		 * start-up's (constructors), which every test would have in a
		 * process of its own. (The warm-up child's file is one of the
		 * server's children's that no test claims: collect_xml_dir()
		 * leaves it.)
		 */
		if (!b->started && !b->callgrind)
			follow_xml(b, 0);
		if (b->before || tr->r.stopping) {
			/* Start-up had errors, or fail-fast or Ctrl-C: no new test runs. */
			b->cancelled = 1;
			kill(-(pid_t)rl->count, SIGKILL);
			child_kill(&j->child, SIGKILL);
			return;
		}
		tc = b->cases.v[b->started];
		s = &b->slots[b->started];
		s->pid = (pid_t)rl->count;
		s->start = time_now();
		output_files_open(b, b->started);
		b->started++;
		j->case_pid = s->pid;
		set_timers(j, tc);
		runner_job_restart_timers(j);
		run_observers_test_started(tr->o->observers, tc,
					   (int)((struct case_run *)tc->run)->attempts.nr + 1,
					   ((struct case_run *)tc->run)->total_attempts);
		return;
	}
	if (cur >= b->cases.nr || b->cancelled)
		return;
	tc = b->cases.v[cur];
	s = &b->slots[cur];
	if ((rl->kind == RESULT_PASS || rl->kind == RESULT_FAIL || rl->kind == RESULT_SKIP) &&
	    result_line_names(rl, rl->kind, tc->name, strlen(tc->name)) && !s->word) {
		s->word = rl->kind == RESULT_PASS ? 'p' : rl->kind == RESULT_FAIL ? 'f' : 's';
	} else if (rl->kind == RESULT_CHILDREN) {
		s->children = 1;
	} else if (rl->kind == RESULT_EXITED && b->started > b->finalized &&
		   (pid_t)rl->count == s->pid) {
		s->end = time_now();
		s->exit_status = rl->exit_status;
		s->exit_signal = rl->exit_signal;
		s->timed_out = j->case_timed_out;
		s->slow_count = j->slow_count;
		j->case_pid = 0;
		j->case_timed_out = 0;
		runner_job_restart_timers(j);
		b->finalized = b->resulted = b->started;
		served_done(tr, j, b, cur);
	}
}

void batch_result(struct testrun *tr, struct run_job *j)
{
	struct job_ctx *jc = j->data;
	struct batch *b = jc->batch;
	struct strbuf *res = &j->result;
	char *nl;

	if (j->child.pid > 0)
		b->pid = j->child.pid;
	if (b->serve) {
		while ((nl = memchr(res->buf, '\n', res->len))) {
			size_t len = (size_t)(nl - res->buf);
			struct result_line rl;

			if (result_line_parse(res->buf, len, &rl) == 0)
				served_line(tr, j, b, &rl);
			strbuf_remove(res, 0, len + 1);
		}
		batch_trim_output(b);
		return;
	}
	while ((nl = memchr(res->buf, '\n', res->len))) {
		size_t len = (size_t)(nl - res->buf);
		struct result_line rl;
		int ok = result_line_parse(res->buf, len, &rl) == 0;

		if (ok && rl.kind == RESULT_START && b->started < b->cases.nr &&
		    !b->cancelled) {
			struct test_case *tc = b->cases.v[b->started];
			struct case_run *cr = tc->run;

			if (tr->r.stopping) {
				/* Fail-fast or Ctrl-C: no new test starts. */
				b->cancelled = 1;
				child_kill(&j->child, SIGKILL);
			} else {
				output_files_open(b, b->started);
				b->slots[b->started++].start = time_now();
				set_timers(j, tc);
				runner_job_restart_timers(j);
				run_observers_test_started(tr->o->observers, tc,
							   (int)cr->attempts.nr + 1,
							   cr->total_attempts);
			}
		} else if (ok && rl.kind == RESULT_FILES) {
			b->files = (long)rl.count;
		} else if (ok && rl.kind == RESULT_ERRORS) {
			b->counted = (unsigned long)rl.count;
		} else if (ok && rl.kind == RESULT_CHILDREN) {
			b->children = 1;
		} else if (ok && b->resulted < b->started &&
			   (rl.kind == RESULT_PASS || rl.kind == RESULT_FAIL ||
			    rl.kind == RESULT_SKIP) &&
			   result_line_names(&rl, rl.kind, b->cases.v[b->resulted]->name,
					     strlen(b->cases.v[b->resulted]->name))) {
			struct slot *s = &b->slots[b->resulted++];
			s->word = res->buf[0];
			s->end = time_now();
			s->files = b->files;
			s->counted = b->counted;
			s->children = b->children;
			b->counted = 0;
			b->children = 0;
		}
		strbuf_remove(res, 0, len + 1);
	}
	batch_trim_output(b);
	advance(tr, b, 0);
	if (b->before && !b->cancelled) {
		/*
		 * Start-up had errors: in a process of its own, every test
		 * would have them. Each runs alone instead.
		 */
		b->cancelled = 1;
		child_kill(&j->child, SIGKILL);
	}
}

/* Errors after the last test: every test would have had them alone. */
static void report_after(struct testrun *tr, struct batch *b)
{
	struct strbuf sb = STRBUF_INIT;
	struct mc_style st = { tr->o->root, "  ", "", "", "", "", 0, 0, NULL };
	const struct mc_error *e;

	for (e = b->after; e; e = e->next)
		mc_format_error(&sb, e, &st);
	strbuf_rtrim(&sb);
	error("%s: memcheck found %zu error%s after the last test, in destructors or exit "
	      "handlers (--memcheck-mode per-test shows them under every test):\n%s",
	      b->cases.v[0]->bin->id, b->nafter, b->nafter == 1 ? "" : "s", sb.buf);
	tr->sum->outside_errors += b->nafter;
	strbuf_release(&sb);
}

/* What is left of a batch runs in a new one, first in line, to keep the binary's order. */
static void requeue_from(struct testrun *tr, struct batch *b, size_t from)
{
	struct batch *rest = batch_new();
	size_t i;

	rest->serve = b->serve;
	rest->callgrind = b->callgrind;
	for (i = from; i < b->cases.nr; i++)
		vec_push(&rest->cases, b->cases.v[i]);
	vec_push(&tr->batches, rest);
	memmove(tr->batches.v + 1, tr->batches.v,
		(tr->batches.nr - 1) * sizeof(*tr->batches.v));
	tr->batches.v[0] = rest;
}

/*
 * The fork server ended: after its last test, or early (start-up errors,
 * fail-fast, Ctrl-C, a test that left processes, or the server itself
 * died). What is left runs again, in a new server or alone.
 */
static void served_finished(struct testrun *tr, struct run_job *j, struct batch *b)
{
	if (b->before) {
		isolate_from(tr, b, 0);
		batch_free(b);
		return;
	}
	if (b->started > b->finalized && !b->cancelled) {
		/* A test was running when the server went: its child went with it. */
		size_t idx = b->finalized++;
		struct test_case *tc = b->cases.v[idx];

		if (j->interrupted) {
			struct attempt *a = slot_attempt(b, idx, 0);

			a->status = ST_CRASH;
			a->term_signal = j->term_signal;
			a->interrupted = 1;
			tr->ops->attempt_done(tr, tc, a);
		} else {
			unlink_output(b, idx);
			vec_push(&tr->isolate, tc);
		}
	}
	if (b->finalized < b->cases.nr && !tr->r.stopping && !b->cancelled) {
		if (!b->started || j->timed_out)
			isolate_from(tr, b, b->finalized);
		else
			requeue_from(tr, b, b->finalized);
	}
	batch_free(b);
}

void batch_finished(struct testrun *tr, struct run_job *j)
{
	struct job_ctx *jc = j->data;
	struct batch *b = jc->batch;

	b->pid = j->child.pid > 0 ? j->child.pid : b->pid;
	if (j->start_errno) {
		/* Valgrind itself did not start: every test says so alone. */
		isolate_from(tr, b, 0);
		batch_free(b);
		return;
	}
	if (b->serve) {
		/* What the channel said last may have come with its end. */
		batch_result(tr, j);
		served_finished(tr, j, b);
		return;
	}
	advance(tr, b, 1);
	if (b->before) {
		isolate_from(tr, b, b->finalized);
		batch_free(b);
		return;
	}
	if (b->finalized < b->started && !b->cancelled) {
		/* The test that was running when the process ended. */
		size_t idx = b->finalized++;
		struct test_case *tc = b->cases.v[idx];

		if (j->timed_out || j->interrupted) {
			/*
			 * Its leaks are mixed with everyone's by the exit
			 * check; running it alone would cost the timeout again.
			 */
			struct attempt *a = slot_attempt(b, idx, 0);

			a->status = j->timed_out ? ST_TIMEOUT : ST_CRASH;
			a->term_signal = j->term_signal;
			a->interrupted = j->interrupted;
			a->slow = j->slow_count > 0;
			tr->ops->attempt_done(tr, tc, a);
		} else {
			/*
			 * It crashed or ended the process (exit()): alone, its
			 * leaks are its own and its status the same.
			 */
			vec_push(&tr->isolate, tc);
		}
	}
	if (b->nafter)
		report_after(tr, b);
	if (b->finalized < b->cases.nr && !tr->r.stopping && !b->cancelled) {
		if (!b->started) {
			/* No progress at all: alone, each test shows why. */
			isolate_from(tr, b, b->finalized);
		} else {
			requeue_from(tr, b, b->finalized);
		}
	}
	batch_free(b);
}

struct test_case *batch_current(const struct batch *b, double *since)
{
	if (!b->slots || b->started == b->resulted || b->started > b->cases.nr)
		return NULL;
	*since = b->slots[b->started - 1].start;
	return b->cases.v[b->started - 1];
}
