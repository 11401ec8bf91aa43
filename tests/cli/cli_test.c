/*
 * Behaviour tests of the tare command line. Each tests/cli/cases/NAME.case
 * file is one declarative case (in the manner of curl's tests/data):
 *
 *     # what the case checks (comment lines start with '#')
 *     args: test -j1 -b @FIXTURES@/basic passes
 *     requires: adapters/gtest_suite      (optional: skip unless these
 *                                          fixtures, space-separated, were built)
 *     --- tare.toml                       (optional; any number of files)
 *     [profile.default]
 *     retries = 1
 *     --- exit
 *     0
 *     --- stdout
 *     ...expected...
 *     --- stderr
 *     ...expected...
 *     --- result junit.xml                (optional: a file tare writes)
 *     ...expected...
 *
 * Sections up to "--- exit" are inputs, written into a fresh folder that is
 * tare's working directory; the rest is the expected outcome. Output is
 * normalised before comparing: times become T.TTTs, the fixture folder
 * @FIXTURES@, the case folder @TMP@, the project @ROOT@ (also usable in
 * args, as @FIXTURES@ and @TMP@ are), addresses
 * 0xADDR, process ids 0, tare.h's line
 * numbers LINE, run ids and timestamps placeholders.
 * TARE_UPDATE_GOLDEN=1 rewrites the expected sections from what tare did.
 *
 * A few behaviours need a live process (Ctrl-C); they are C tests below.
 */
#define TARE_MAIN
#include "tare.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fsutil.h"
#include "reaper.h"
#include "runner.h"
#include "spawn.h"
#include "strbuf.h"
#include "support.h"
#include "vec.h"

#define CASES_DIR "tests/cli/cases"

/* ---- case files ---- */

struct section {
	char *name;		/* "tare.toml", "exit", "stdout", "result x" */
	struct strbuf body;
};

struct cli_case {
	struct strbuf head;	/* comments and the args line */
	char *args;
	char *cwd;		/* "cwd: sub": run tare in that subfolder */
	char *requires;		/* "requires: FIXTURE": skip without it */
	VEC(struct section) sections;
};

static void case_release(struct cli_case *c)
{
	size_t i;

	for (i = 0; i < c->sections.nr; i++) {
		free(c->sections.v[i].name);
		strbuf_release(&c->sections.v[i].body);
	}
	vec_release(&c->sections);
	strbuf_release(&c->head);
	free(c->args);
	free(c->cwd);
	free(c->requires);
}

static void case_read(struct cli_case *c, const char *path)
{
	struct strbuf src = STRBUF_INIT;
	const char *p, *end;
	struct section *cur = NULL;

	memset(c, 0, sizeof(*c));
	strbuf_init(&c->head, 0);
	TARE_ASSERT_EQ(strbuf_read_file(&src, path, 1 << 24), 0);
	for (p = src.buf, end = src.buf + src.len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (len >= 4 && !strncmp(p, "--- ", 4)) {
			struct section s;
			s.name = xstrndup(p + 4, len - 4);
			strbuf_init(&s.body, 0);
			vec_push(&c->sections, s);
			cur = &c->sections.v[c->sections.nr - 1];
		} else if (cur) {
			strbuf_add(&cur->body, p, len);
			strbuf_addch(&cur->body, '\n');
		} else {
			strbuf_add(&c->head, p, len);
			strbuf_addch(&c->head, '\n');
			if (!strncmp(p, "args:", 5))
				c->args = xstrndup(p + 5, len - 5);
			if (!strncmp(p, "cwd:", 4))
				c->cwd = xstrndup(p + 5, len - 5);
			if (!strncmp(p, "requires:", 9))
				c->requires = xstrndup(p + 10, len - 10);
		}
		p += len + (nl != NULL);
	}
	if (!c->args)
		TARE_FAIL("%s: no 'args:' line", path);
	strbuf_release(&src);
}

static struct section *case_section(struct cli_case *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->sections.nr; i++)
		if (!strcmp(c->sections.v[i].name, name))
			return &c->sections.v[i];
	return NULL;
}

/* ---- running tare ---- */

/*
 * Runs tare through the project's own runner, so a hung tare is killed
 * rather than hanging the test.
 */
static void run_tare(struct support_run *o, const char *dir, const char *args)
{
	static const char *const env[] = { "NO_COLOR", "TERM=dumb", NULL };
	struct strvec argv = STRVEC_INIT;
	const char *err = NULL;

	strvec_push(&argv, support_tare());
	TARE_ASSERT_EQ(strvec_split_shell(&argv, args, &err), 0);
	/* What the tests' own environment says must not reach the inner tare. */
	support_run(o, argv.v, dir, env, 120);
	strvec_clear(&argv);
}

/* ---- temporary folders ---- */

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void make_tmp(struct strbuf *dir, const char *name)
{
	const char *base = getenv("TMPDIR");

	strbuf_addf(dir, "%s/tare-cli-%s-XXXXXX", base && *base ? base : "/tmp", name);
	TARE_ASSERT_NOT_NULL(mkdtemp(dir->buf));
}

static void remove_tmp(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void write_file(const char *dir, const char *name, const struct strbuf *body)
{
	struct strbuf path = STRBUF_INIT;
	int exec = !strncmp(name, "+x ", 3);
	FILE *f;

	path_join(&path, dir, exec ? name + 3 : name);
	{
		char *slash = strrchr(path.buf, '/');
		*slash = '\0';
		TARE_ASSERT_EQ(mkdir_p(path.buf), 0);
		*slash = '/';
	}
	f = fopen(path.buf, "w");
	TARE_ASSERT_NOT_NULL(f);
	fwrite(body->buf, 1, body->len, f);
	TARE_ASSERT_EQ(fclose(f), 0);
	if (exec)
		TARE_ASSERT_EQ(chmod(path.buf, 0755), 0);
	strbuf_release(&path);
}

/* ---- comparing ---- */

static void show_difference(const char *what, const char *want, const char *got)
{
	size_t line = 1;
	const char *w = want, *g = got;

	while (*w && *w == *g) {
		if (*w == '\n')
			line++;
		w++;
		g++;
	}
	fprintf(stderr, "%s differs from the case file at line %zu\n", what, line);
	fprintf(stderr, "--- expected %s\n%s--- actual %s\n%s--- end\n", what,
		want, what, got);
}

static int compare(const char *what, struct strbuf *want, const struct strbuf *got)
{
	if (!strcmp(want->buf, got->buf))
		return 0;
	show_difference(what, want->buf, got->buf);
	return -1;
}

static void case_write(struct cli_case *c, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addstr(&sb, c->head.buf);
	for (i = 0; i < c->sections.nr; i++) {
		strbuf_addf(&sb, "--- %s\n", c->sections.v[i].name);
		strbuf_addstr(&sb, c->sections.v[i].body.buf);
	}
	{
		FILE *f = fopen(path, "w");
		TARE_ASSERT_NOT_NULL(f);
		fwrite(sb.buf, 1, sb.len, f);
		TARE_ASSERT_EQ(fclose(f), 0);
	}
	strbuf_release(&sb);
}

static void set_section(struct cli_case *c, const char *name, const struct strbuf *body)
{
	struct section *s = case_section(c, name);

	if (!s) {
		struct section n;
		n.name = xstrdup(name);
		strbuf_init(&n.body, 0);
		vec_push(&c->sections, n);
		s = &c->sections.v[c->sections.nr - 1];
	}
	strbuf_reset(&s->body);
	strbuf_addstr(&s->body, body->buf);
}

static void run_case(const char *name)
{
	struct strbuf path = STRBUF_INIT, tmp = STRBUF_INIT, args = STRBUF_INIT;
	struct strbuf exit_sb = STRBUF_INIT;
	struct cli_case c;
	struct support_run o;
	size_t i;
	int bad = 0, update = getenv("TARE_UPDATE_GOLDEN") != NULL;
	int inputs = 1;

	strbuf_addf(&path, CASES_DIR "/%s.case", name);
	case_read(&c, path.buf);
	if (c.requires) {
		/* Each word a fixture the case needs. */
		struct strbuf fixture = STRBUF_INIT;
		char missing[256] = "";
		const char *p = c.requires;

		while (*p && !*missing) {
			size_t n = strcspn(p, " ");

			strbuf_reset(&fixture);
			strbuf_addstr(&fixture, support_fixtures());
			strbuf_addch(&fixture, '/');
			strbuf_add(&fixture, p, n);
			if (n && access(fixture.buf, X_OK) != 0)
				snprintf(missing, sizeof(missing), "%.*s", (int)n, p);
			p += n;
			p += strspn(p, " ");
		}
		strbuf_release(&fixture);
		if (*missing) {
			strbuf_release(&path);
			case_release(&c);
			TARE_SKIP("%s was not built: its framework is not installed", missing);
		}
	}
	make_tmp(&tmp, name);
	for (i = 0; i < c.sections.nr && inputs; i++) {
		struct section *s = &c.sections.v[i];
		if (!strcmp(s->name, "exit")) {
			inputs = 0;
			break;
		}
		support_replace_all(&s->body, "@FIXTURES@", support_fixtures());
		write_file(tmp.buf, s->name, &s->body);
	}
	strbuf_addstr(&args, c.args);
	support_replace_all(&args, "@FIXTURES@", support_fixtures());
	support_replace_all(&args, "@TMP@", tmp.buf);
	{
		struct strbuf root = STRBUF_INIT;

		path_absolute(&root, ".");
		support_replace_all(&args, "@ROOT@", root.buf);
		strbuf_release(&root);
	}
	if (c.cwd) {
		struct strbuf sub = STRBUF_INIT;
		path_join(&sub, tmp.buf, c.cwd);
		TARE_ASSERT_EQ(mkdir_p(sub.buf), 0);
		run_tare(&o, sub.buf, args.buf);
		strbuf_release(&sub);
	} else {
		run_tare(&o, tmp.buf, args.buf);
	}
	support_normalise(&o.out, tmp.buf);
	support_normalise(&o.err, tmp.buf);
	strbuf_addf(&exit_sb, "%d\n", o.status);

	if (update) {
		set_section(&c, "exit", &exit_sb);
		set_section(&c, "stdout", &o.out);
		set_section(&c, "stderr", &o.err);
	}
	{
		struct section *s = case_section(&c, "exit");
		if (!s)
			TARE_FAIL("%s: no '--- exit' section", path.buf);
		bad |= compare("exit status", &s->body, &exit_sb);
		s = case_section(&c, "stdout");
		bad |= s ? compare("stdout", &s->body, &o.out) : o.out.len != 0;
		s = case_section(&c, "stderr");
		bad |= s ? compare("stderr", &s->body, &o.err) : o.err.len != 0;
	}
	for (i = 0; i < c.sections.nr; i++) {
		struct section *s = &c.sections.v[i];
		struct strbuf file = STRBUF_INIT, got = STRBUF_INIT;

		if (strncmp(s->name, "result ", 7))
			continue;
		path_join(&file, tmp.buf, s->name + 7);
		if (strbuf_read_file(&got, file.buf, 1 << 26) < 0) {
			bad = 1;
		} else {
			support_normalise(&got, tmp.buf);
			if (update)
				set_section(&c, s->name, &got);
			else
				bad |= compare(s->name, &s->body, &got);
		}
		strbuf_release(&file);
		strbuf_release(&got);
	}
	if (update)
		case_write(&c, path.buf);
	remove_tmp(tmp.buf);
	support_run_release(&o);
	strbuf_release(&exit_sb);
	strbuf_release(&args);
	strbuf_release(&tmp);
	strbuf_release(&path);
	case_release(&c);
	if (bad)
		TARE_FAIL("case %s: tare did not do what the case file expects "
			  "(TARE_UPDATE_GOLDEN=1 rewrites it, for review)", name);
}

#define CLI_CASE(name) TARE_TEST(name) { run_case(#name); }
#include "cases.h"
#undef CLI_CASE

/* Every case file has its test, so none is silently left out. */
TARE_TEST(every_case_file_is_registered)
{
	static const char *const registered[] = {
#define CLI_CASE(name) #name,
#include "cases.h"
#undef CLI_CASE
		NULL,
	};
	DIR *d = opendir(CASES_DIR);
	struct dirent *e;

	TARE_ASSERT_NOT_NULL(d);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name), i;

		if (n < 6 || strcmp(e->d_name + n - 5, ".case"))
			continue;
		for (i = 0; registered[i]; i++)
			if (strlen(registered[i]) == n - 5 &&
			    !strncmp(registered[i], e->d_name, n - 5))
				break;
		if (!registered[i])
			TARE_FAIL("%s is not listed in tests/cli/cases.h", e->d_name);
	}
	closedir(d);
}

/* ---- behaviours that need a live tare: Ctrl-C ---- */

/* Processes whose working directory is dir: tests tare started there. */
static int processes_in(const char *dir)
{
	DIR *proc = opendir("/proc");
	struct dirent *e;
	int n = 0;

	TARE_ASSERT_NOT_NULL(proc);
	while ((e = readdir(proc))) {
		char link[300], target[PATH_MAX];
		ssize_t len;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(link, sizeof(link), "/proc/%s/cwd", e->d_name);
		len = readlink(link, target, sizeof(target) - 1);
		if (len <= 0)
			continue;
		target[len] = '\0';
		if (!strcmp(target, dir))
			n++;
	}
	closedir(proc);
	return n;
}

/* Waits up to `seconds` for no process to be left in dir. */
static int processes_gone(const char *dir, double seconds)
{
	double end = time_now() + seconds;

	while (processes_in(dir)) {
		if (time_now() > end)
			return 0;
		usleep(20000);
	}
	return 1;
}

static int file_has(const char *path, const char *needle)
{
	struct strbuf sb = STRBUF_INIT;
	int found = access(path, F_OK) == 0 &&
		    strbuf_read_file(&sb, path, 1 << 24) == 0 &&
		    strstr(sb.buf, needle) != NULL;

	strbuf_release(&sb);
	return found;
}

static void wait_for(const char *path, const char *needle)
{
	double end = time_now() + 20;

	while (!file_has(path, needle)) {
		if (time_now() > end)
			TARE_FAIL("'%s' never appeared in %s", needle, path);
		usleep(10000);
	}
}

/* Exit status of pid, waiting at most `seconds`; -1 if it is still running. */
static int wait_exit(pid_t pid, double seconds)
{
	double end = time_now() + seconds;
	int status;

	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		if (time_now() > end)
			return -1;
		usleep(10000);
	}
}

struct live {
	struct strbuf dir, out, err, events;
	struct child c;
};

/* Starts tare in a fresh folder with tare.toml holding config. */
static void live_start(struct live *l, const char *name, const char *config,
		       const char *args)
{
	const char *err = NULL;
	struct strbuf path = STRBUF_INIT, a = STRBUF_INIT;
	FILE *f;

	memset(l, 0, sizeof(*l));
	strbuf_init(&l->dir, 0);
	make_tmp(&l->dir, name);
	path_join(&path, l->dir.buf, "tare.toml");
	f = fopen(path.buf, "w");
	TARE_ASSERT_NOT_NULL(f);
	fputs(config, f);
	TARE_ASSERT_EQ(fclose(f), 0);
	strbuf_init(&l->out, 0);
	strbuf_init(&l->err, 0);
	strbuf_init(&l->events, 0);
	path_join(&l->out, l->dir.buf, "out.txt");
	path_join(&l->err, l->dir.buf, "err.txt");
	path_join(&l->events, l->dir.buf, "events.ndjson");

	child_init(&l->c);
	strvec_push(&l->c.args, support_tare());
	strbuf_addstr(&a, args);
	support_replace_all(&a, "@FIXTURES@", support_fixtures());
	TARE_ASSERT_EQ(strvec_split_shell(&l->c.args, a.buf, &err), 0);
	strvec_push(&l->c.args, "--events");
	strvec_push(&l->c.args, l->events.buf);
	strvec_push(&l->c.env, "NO_COLOR");
	l->c.dir = l->dir.buf;
	l->c.in = CHILD_DEVNULL;
	l->c.out = open(l->out.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	l->c.err = open(l->err.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	TARE_ASSERT(l->c.out > 0 && l->c.err > 0);
	TARE_ASSERT_EQ(child_start(&l->c), 0);
	strbuf_release(&path);
	strbuf_release(&a);
}

static void live_finish(struct live *l)
{
	if (l->c.pid > 0) {
		kill(l->c.pid, SIGKILL);
		waitpid(l->c.pid, NULL, 0);
	}
	child_release(&l->c);
	remove_tmp(l->dir.buf);
	strbuf_release(&l->dir);
	strbuf_release(&l->out);
	strbuf_release(&l->err);
	strbuf_release(&l->events);
}

TARE_TEST(ctrl_c_stops_the_run_and_prints_the_summary)
{
	struct live l;
	int status;

	live_start(&l, "ctrl-c", "[profile.default]\nslow-timeout = { period = \"60s\", grace-period = \"10s\" }\n",
		   "test -j2 --no-fail-fast -b @FIXTURES@/basic -b @FIXTURES@/many -E 'test(hangs) | test(ring_push)'");
	wait_for(l.events.buf, "\"name\":\"hangs\"");
	wait_for(l.events.buf, "\"name\":\"ring_push\",\"attempt\":1,\"total_attempts\":1,\"final\":true");
	TARE_ASSERT_EQ(kill(l.c.pid, SIGINT), 0);
	/* The test dies of the forwarded SIGINT: no need for the 10s grace. */
	status = wait_exit(l.c.pid, 5);
	l.c.pid = -1;
	TARE_ASSERT_EQ(status, 130);
	TARE_ASSERT(file_has(l.out.buf, "  Cancelling due to interrupt: 1 test still running\n"));
	TARE_ASSERT(file_has(l.out.buf, "      SIGINT ["));
	TARE_ASSERT(file_has(l.out.buf, "basic hangs\n"));
	TARE_ASSERT(file_has(l.out.buf, "1 failed (1 interrupted), 19 skipped\n"));
	TARE_ASSERT(file_has(l.out.buf, "summary: 1 passed, 1 failed, 19 skipped\n"));
	TARE_ASSERT(file_has(l.events.buf, "\"type\":\"run-finished\""));
	TARE_ASSERT(file_has(l.events.buf, "\"interrupted\":true"));
	TARE_ASSERT(processes_gone(l.dir.buf, 20));
	live_finish(&l);
}

TARE_TEST(second_ctrl_c_kills_at_once)
{
	struct live l;
	double start;
	int status;

	live_start(&l, "ctrl-c-twice", "[profile.default]\nslow-timeout = { period = \"60s\", grace-period = \"60s\" }\n",
		   "test -b @FIXTURES@/ignores_signals");
	wait_for(l.events.buf, "\"type\":\"test-started\"");
	/* Give the test time to ignore SIGINT and SIGTERM. */
	usleep(200000);
	TARE_ASSERT_EQ(kill(l.c.pid, SIGINT), 0);
	wait_for(l.out.buf, "Cancelling due to interrupt");
	/* It ignores SIGINT: without a second Ctrl-C tare would wait 60s. */
	TARE_ASSERT_EQ(wait_exit(l.c.pid, 0.3), -1);
	start = time_now();
	TARE_ASSERT_EQ(kill(l.c.pid, SIGINT), 0);
	status = wait_exit(l.c.pid, 10);
	l.c.pid = -1;
	TARE_ASSERT_EQ(status, 130);
	TARE_ASSERT(time_now() - start < 10);
	TARE_ASSERT(file_has(l.out.buf, "     Killing 1 test\n"));
	TARE_ASSERT(file_has(l.out.buf, "     SIGKILL ["));
	TARE_ASSERT(file_has(l.out.buf, "summary: 0 passed, 1 failed, 0 skipped\n"));
	TARE_ASSERT(processes_gone(l.dir.buf, 20));
	live_finish(&l);
}

TARE_TEST(sigterm_during_the_build_stops_the_build_too)
{
	struct live l;
	struct strbuf started = STRBUF_INIT;

	live_start(&l, "build-term", "[build]\ncommand = \"echo yes > started; sleep 30\"\n",
		   "test -b @FIXTURES@/basic passes");
	path_join(&started, l.dir.buf, "started");
	wait_for(started.buf, "yes");
	TARE_ASSERT_EQ(kill(l.c.pid, SIGTERM), 0);
	TARE_ASSERT_EQ(wait_exit(l.c.pid, 10), 130);
	l.c.pid = -1;
	TARE_ASSERT(file_has(l.err.buf, "was stopped by SIGTERM\n"));
	/* The build ran in the case's folder: nothing may be left there. */
	TARE_ASSERT(processes_gone(l.dir.buf, 20));
	strbuf_release(&started);
	live_finish(&l);
}

TARE_TEST(leaked_children_do_not_outlive_tare)
{
	struct live l;

	live_start(&l, "leak", "", "test -b @FIXTURES@/basic leaks_a_child");
	TARE_ASSERT_EQ(wait_exit(l.c.pid, 20), 0);
	l.c.pid = -1;
	TARE_ASSERT(file_has(l.out.buf, "        LEAK ["));
	/* The forked child sleeps 30s; tare killed its process group. */
	TARE_ASSERT(processes_gone(l.dir.buf, 20));
	live_finish(&l);
}

/* ---- on a terminal: colour and the progress line ---- */

/*
 * Runs tare with stdout and stderr on a pseudo-terminal, as in an
 * interactive shell, and returns everything it drew.
 */
static void run_on_terminal(struct strbuf *screen, const char *args,
			    const char *no_color)
{
	struct child c = CHILD_INIT;
	const char *err = NULL;
	struct strbuf a = STRBUF_INIT;
	int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC), slave;
	double end;

	TARE_ASSERT(master >= 0);
	TARE_ASSERT_EQ(grantpt(master), 0);
	TARE_ASSERT_EQ(unlockpt(master), 0);
	slave = open(ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
	TARE_ASSERT(slave >= 0);
	strvec_push(&c.args, support_tare());
	strbuf_addstr(&a, args);
	support_replace_all(&a, "@FIXTURES@", support_fixtures());
	TARE_ASSERT_EQ(strvec_split_shell(&c.args, a.buf, &err), 0);
	strvec_push(&c.env, "TERM=xterm");
	if (no_color)
		strvec_pushf(&c.env, "NO_COLOR=%s", no_color);
	else
		strvec_push(&c.env, "NO_COLOR");
	c.in = CHILD_DEVNULL;
	c.out = slave;
	c.err = dup(slave);
	TARE_ASSERT_EQ(child_start(&c), 0);
	fcntl(master, F_SETFL, O_NONBLOCK);
	/* Read until tare exits and the terminal has nothing more. */
	for (end = time_now() + 30; time_now() < end;) {
		ssize_t n = strbuf_read_once(screen, master, 65536);
		if (n > 0)
			continue;
		if (waitpid(c.pid, NULL, WNOHANG) == c.pid) {
			c.pid = -1;
			while (strbuf_read_once(screen, master, 65536) > 0)
				;
			break;
		}
		usleep(5000);
	}
	TARE_ASSERT_EQ(c.pid, -1);
	close(master);
	child_release(&c);
	strbuf_release(&a);
}

TARE_TEST(terminal_gets_colour_and_a_progress_line)
{
	struct strbuf screen = STRBUF_INIT;

	/* A test that takes a while, so the progress line has time to show. */
	run_on_terminal(&screen, "test --no-build -j1 --no-fail-fast -b @FIXTURES@/basic -b @FIXTURES@/slow -E 'test(passes) | test(takes_a_moment) | test(fails)'", NULL);
	TARE_ASSERT_NOT_NULL(strstr(screen.buf, "\033[1;32m        PASS\033[0m"));
	TARE_ASSERT_NOT_NULL(strstr(screen.buf, "\033[1;31m        FAIL\033[0m"));
	TARE_ASSERT_NOT_NULL(strstr(screen.buf, "\033[35mbasic\033[0m"));
	/* The progress line: drawn, then erased before the next status line. */
	TARE_ASSERT_NOT_NULL(strstr(screen.buf, "     Running\033[0m ["));
	TARE_ASSERT_NOT_NULL(strstr(screen.buf, "\r\033[K"));
	TARE_ASSERT_NOT_NULL(strstr(screen.buf, "; slow takes_a_moment ("));
	TARE_ASSERT_NOT_NULL(strstr(screen.buf, "summary: 2 passed, 1 failed, 7 skipped"));
	strbuf_release(&screen);
}

TARE_TEST(no_color_turns_colour_off_on_a_terminal)
{
	struct strbuf screen = STRBUF_INIT;

	run_on_terminal(&screen, "test --no-build -b @FIXTURES@/many ring", "1");
	TARE_ASSERT_NULL(strstr(screen.buf, "\033[1;32m"));
	TARE_ASSERT_NOT_NULL(strstr(screen.buf, "        PASS ["));
	strbuf_release(&screen);
	run_on_terminal(&screen, "test --no-build --color never -b @FIXTURES@/many ring", NULL);
	TARE_ASSERT_NULL(strstr(screen.buf, "\033[1;32m"));
	strbuf_release(&screen);
}

/* ---- output is captured whole ---- */

TARE_TEST(a_megabyte_of_output_is_captured_whole)
{
	struct live l;
	struct strbuf events = STRBUF_INIT;
	const char *p, *q;

	live_start(&l, "megabyte", "", "test -b @FIXTURES@/basic prints_a_megabyte");
	TARE_ASSERT_EQ(wait_exit(l.c.pid, 20), 0);
	l.c.pid = -1;
	TARE_ASSERT_EQ(strbuf_read_file(&events, l.events.buf, 1 << 24), 0);
	p = strstr(events.buf, "\"stdout\":\"");
	TARE_ASSERT_NOT_NULL(p);
	p += 10;
	q = strchr(p, '"');
	TARE_ASSERT_NOT_NULL(q);
	/* 1024 lines of 1023 x and a newline, which JSON writes as \n. */
	TARE_ASSERT_EQ(q - p, 1024 * (1023 + 2));
	TARE_ASSERT_NULL(strstr(events.buf, "stdout_dropped"));
	strbuf_release(&events);
	live_finish(&l);
}

/* ---- output that cannot be written ---- */

/* Runs a shell command line; $TARE is the tare under test, $FIX the fixtures. */
static void run_sh(struct support_run *r, const char *line)
{
	struct strbuf tare = STRBUF_INIT, fix = STRBUF_INIT;

	strbuf_addf(&tare, "TARE=%s", support_tare());
	strbuf_addf(&fix, "FIX=%s", support_fixtures());
	support_run(r, (const char *[]){ "/bin/sh", "-c", line, NULL }, NULL,
		    (const char *[]){ tare.buf, fix.buf, NULL }, 60);
	strbuf_release(&tare);
	strbuf_release(&fix);
}

TARE_TEST(lost_output_is_an_error_but_a_reader_that_stopped_is_not)
{
	struct support_run r;

	run_sh(&r, "\"$TARE\" --version >/dev/full");
	TARE_ASSERT_EQ(r.status, 2);
	TARE_ASSERT_STREQ(r.err.buf, "tare: cannot write to standard output\n");
	support_run_release(&r);

	run_sh(&r, "\"$TARE\" test --no-build --config /dev/null -b \"$FIX/many\" --events /dev/full >/dev/null");
	TARE_ASSERT_EQ(r.status, 2);
	TARE_ASSERT_STREQ(r.err.buf, "tare: cannot write the event stream\n");
	support_run_release(&r);

	/*
	 * A reader that has gone (true, where users have head): what tare
	 * writes is not wanted, and that is no error.
	 */
	run_sh(&r, "exec 3>&1; { sleep 0.3; \"$TARE\" test --no-build --config /dev/null -b \"$FIX/many\" "
		   "--status-level all; echo \"status $?\" >&3; } | true");
	TARE_ASSERT_STREQ(r.err.buf, "");
	TARE_ASSERT_STREQ(r.out.buf, "status 0\n");
	support_run_release(&r);

	run_sh(&r, "exec 3>&1; { sleep 0.3; \"$TARE\" annotate tests/annotate/profiles/callgrind.instr-jumps.out; "
		   "echo \"status $?\" >&3; } | true");
	TARE_ASSERT_STREQ(r.err.buf, "");
	TARE_ASSERT_STREQ(r.out.buf, "status 0\n");
	support_run_release(&r);
}

/* ---- make check's dependency check ---- */

/*
 * scripts/deps.sh --check, which make check runs, looks for the tools
 * themselves: it works where Debian's dpkg-query is missing, and it never
 * installs anything, even when something is missing.
 */
TARE_TEST(deps_check_looks_and_installs_nothing)
{
	char dir[] = "/tmp/tare-deps-test-XXXXXX";
	struct strbuf line = STRBUF_INIT, called = STRBUF_INIT;
	struct support_run r;

	TARE_ASSERT_NOT_NULL(mkdtemp(dir));
	/* Every program of the system's but the package tools; apt-get tells. */
	strbuf_addf(&line, "mkdir %s/bin && for f in /usr/bin/* /bin/*; do "
		    "case ${f##*/} in dpkg*|apt*) continue;; esac; "
		    "ln -sf \"$f\" %s/bin/ 2>/dev/null; done; "
		    "printf '#!/bin/sh\\ntouch %s/called\\n' > %s/bin/apt-get; "
		    "chmod +x %s/bin/apt-get", dir, dir, dir, dir, dir);
	run_sh(&r, line.buf);
	TARE_ASSERT_EQ(r.status, 0);
	support_run_release(&r);

	strbuf_reset(&line);
	strbuf_addf(&line, "PATH=%s/bin sh scripts/deps.sh --check core", dir);
	run_sh(&r, line.buf);
	TARE_ASSERT_STREQ(r.err.buf, "");
	TARE_ASSERT_EQ(r.status, 0);
	support_run_release(&r);

	strbuf_reset(&line);
	strbuf_addf(&line, "PATH=%s/bin CC=no-such-compiler sh scripts/deps.sh --check core", dir);
	run_sh(&r, line.buf);
	TARE_ASSERT_EQ(r.status, 1);
	TARE_ASSERT_NOT_NULL(strstr(r.err.buf, "tare: missing for this step:\n  a C compiler (no-such-compiler)\n"));
	TARE_ASSERT_NOT_NULL(strstr(r.err.buf, "tare: install them with 'make deps'"));
	support_run_release(&r);

	strbuf_addf(&called, "%s/called", dir);
	TARE_ASSERT_EQ(access(called.buf, F_OK), -1);
	remove_tmp(dir);
	strbuf_release(&line);
	strbuf_release(&called);
}

/* ---- processes a test leaves behind ---- */

static const char *const escapers[] = {
	"daemonises", "double_forks", "own_session", "own_group_quiet",
};

/*
 * Whether the process a fixture noted in dir/NAME.pid still runs: its
 * environment names dir (so a pid reused since is not taken for it).
 */
static int escaped_alive(const char *dir, const char *name)
{
	struct strbuf path = STRBUF_INIT, pid = STRBUF_INIT, env = STRBUF_INIT,
		      want = STRBUF_INIT;
	size_t i;
	int alive = 0;

	strbuf_addf(&path, "%s/%s.pid", dir, name);
	if (strbuf_read_file(&pid, path.buf, 100) == 0) {
		strbuf_rtrim(&pid);
		strbuf_reset(&path);
		strbuf_addf(&path, "/proc/%s/environ", pid.buf);
		strbuf_addf(&want, "ESCAPE_DIR=%s", dir);
		int fd = open(path.buf, O_RDONLY | O_CLOEXEC);

		/* Gone between the look and the read is gone too. */
		while (fd >= 0 && strbuf_read_once(&env, fd, 65536) > 0)
			;
		if (fd >= 0)
			close(fd);
		for (i = 0; i < env.len && !alive; i += strlen(env.buf + i) + 1)
			alive = !strcmp(env.buf + i, want.buf);
	}
	strbuf_release(&path);
	strbuf_release(&pid);
	strbuf_release(&env);
	strbuf_release(&want);
	return alive;
}

/* Waits up to `seconds` for the noted process to be gone. */
static int escaped_gone(const char *dir, const char *name, double seconds)
{
	double end = time_now() + seconds;

	while (escaped_alive(dir, name)) {
		if (time_now() > end)
			return 0;
		usleep(20000);
	}
	return 1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The status words of a report, one "WORD NAME" line each, sorted. */
static void statuses_of(struct strbuf *out, const char *report)
{
	struct strvec lines = STRVEC_INIT;
	struct strbuf line = STRBUF_INIT;
	const char *p;
	size_t i;

	strbuf_reset(out);
	for (p = report; *p;) {
		const char *nl = strchr(p, '\n'), *word = p, *bracket, *name;

		if (!nl)
			break;
		while (*word == ' ')
			word++;
		bracket = strstr(word, " [");
		name = strstr(word, " escapes ");
		if (bracket && name && bracket < name && name < nl && word < bracket &&
		    !strstr(word, "SLOW")) {
			strbuf_reset(&line);
			strbuf_add(&line, word, (size_t)(bracket - word));
			strbuf_add(&line, name, (size_t)(nl - name + 1));
			strvec_push(&lines, line.buf);
		}
		p = nl + 1;
	}
	qsort(lines.v, lines.nr, sizeof(*lines.v), cmp_str);
	for (i = 0; i < lines.nr; i++)
		strbuf_addstr(out, lines.v[i]);
	strvec_clear(&lines);
	strbuf_release(&line);
}

/*
 * Processes that leave their test's process group (a session of their
 * own, a double fork, a group of their own, with or without the test's
 * output): none is left when tare is done, natively and under memcheck,
 * with cgroups and without; a leak is reported as killed because it was;
 * and memcheck's two modes agree.
 */
TARE_TEST(escaped_processes_never_outlive_the_run)
{
	static const char *const modes[][3] = {
		{ "default", "per-test", "" },
		{ "valgrind", "per-test", "" },
		{ "valgrind", "batched", "" },
	};
	struct strbuf fix = STRBUF_INIT, envdir = STRBUF_INIT, st = STRBUF_INIT,
		      per_test = STRBUF_INIT;
	size_t m, k;
	int nc;

	strbuf_addf(&fix, "%s/escapes", support_fixtures());
	for (nc = 0; nc < 2; nc++)
		for (m = 0; m < ARRAY_SIZE(modes); m++) {
			char dir[] = "/tmp/tare-escape-XXXXXX";
			struct support_run r;

			TARE_ASSERT_NOT_NULL(mkdtemp(dir));
			strbuf_reset(&envdir);
			strbuf_addf(&envdir, "ESCAPE_DIR=%s", dir);
			support_run(&r, (const char *[]){
				support_tare(), "test", "--no-build", "--config", "/dev/null",
				"--profile", modes[m][0], "--memcheck-mode", modes[m][1],
				"--no-fail-fast", "--color", "never", "-j2", "-b", fix.buf,
				"-E", "not test(hangs)", NULL }, NULL,
				(const char *[]){ envdir.buf, nc ? "TARE_NO_CGROUP=1" : "TARE_NO_CGROUP=0",
						  NULL }, 300);
			for (k = 0; k < ARRAY_SIZE(escapers); k++)
				if (!escaped_gone(dir, escapers[k], 5))
					TARE_FAIL("%s (profile %s, %s, %s) is still running after the run",
						  escapers[k], modes[m][0], modes[m][1],
						  nc ? "no cgroups" : "cgroups");
			TARE_ASSERT_EQ(r.status, 0);
			TARE_ASSERT_NULL(strstr(r.out.buf, "could not"));
			statuses_of(&st, r.out.buf);
			if (!strcmp(modes[m][0], "default")) {
				TARE_ASSERT_NOT_NULL(strstr(st.buf, "LEAK escapes double_forks\n"));
				TARE_ASSERT_NOT_NULL(strstr(st.buf, "LEAK escapes own_session\n"));
				TARE_ASSERT_NOT_NULL(strstr(st.buf, "PASS escapes daemonises\n"));
				TARE_ASSERT_NOT_NULL(strstr(st.buf, "PASS escapes own_group_quiet\n"));
				TARE_ASSERT_NOT_NULL(strstr(r.out.buf, "after the test exited (it was killed)\n"));
			} else if (!strcmp(modes[m][1], "per-test")) {
				strbuf_reset(&per_test);
				strbuf_add(&per_test, st.buf, st.len);
			} else {
				/* Batched: each is reported as it would be alone. */
				TARE_ASSERT_STREQ(st.buf, per_test.buf);
			}
			support_run_release(&r);
			remove_tmp(dir);
		}
	strbuf_release(&fix);
	strbuf_release(&envdir);
	strbuf_release(&st);
	strbuf_release(&per_test);
}

/* Whether dir holds nothing (but "." and ".."). */
static int folder_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return 1;
	while (empty && (e = readdir(d)))
		empty = e->d_name[0] == '.';
	closedir(d);
	return empty;
}

/*
 * tare killed by SIGKILL in the middle of a test (under memcheck, so that
 * it has a temporary folder too): its watchdog kills what the test left,
 * with cgroups and without, and removes the folder.
 */
TARE_TEST(a_killed_tare_leaves_nothing_running)
{
	struct strbuf fix = STRBUF_INIT, envdir = STRBUF_INIT, tmpdir = STRBUF_INIT,
		      tmpenv = STRBUF_INIT, note = STRBUF_INIT;
	int nc;

	strbuf_addf(&fix, "%s/escapes", support_fixtures());
	for (nc = 0; nc < 2; nc++) {
		char dir[] = "/tmp/tare-killed-XXXXXX";
		struct child c = CHILD_INIT;
		double end;

		TARE_ASSERT_NOT_NULL(mkdtemp(dir));
		strbuf_reset(&envdir);
		strbuf_reset(&tmpdir);
		strbuf_reset(&tmpenv);
		strbuf_reset(&note);
		strbuf_addf(&envdir, "ESCAPE_DIR=%s", dir);
		strbuf_addf(&tmpdir, "%s/tmp", dir);
		strbuf_addf(&tmpenv, "TMPDIR=%s", tmpdir.buf);
		strbuf_addf(&note, "%s/daemonises_then_hangs.pid", dir);
		TARE_ASSERT_EQ(mkdir(tmpdir.buf, 0700), 0);
		strvec_pushv(&c.args, (const char *[]){
			support_tare(), "test", "--no-build", "--config", "/dev/null",
			"--profile", "valgrind", "-b", fix.buf, "daemonises_then_hangs", NULL });
		strvec_push(&c.env, envdir.buf);
		strvec_push(&c.env, tmpenv.buf);
		strvec_push(&c.env, nc ? "TARE_NO_CGROUP=1" : "TARE_NO_CGROUP=0");
		c.in = CHILD_DEVNULL;
		c.out = open("/dev/null", O_WRONLY | O_CLOEXEC);
		c.err = open("/dev/null", O_WRONLY | O_CLOEXEC);
		TARE_ASSERT_EQ(child_start(&c), 0);
		end = time_now() + 60;
		while (access(note.buf, F_OK) < 0 && time_now() < end)
			usleep(20000);
		TARE_ASSERT_EQ(access(note.buf, F_OK), 0);
		TARE_ASSERT(!folder_empty(tmpdir.buf));
		TARE_ASSERT_EQ(kill(c.pid, SIGKILL), 0);
		TARE_ASSERT_EQ(child_wait(&c), 128 + SIGKILL);
		if (!escaped_gone(dir, "daemonises_then_hangs", 30))
			TARE_FAIL("the daemon lives on after tare was killed (%s)",
				  nc ? "no cgroups" : "cgroups");
		end = time_now() + 30;
		while (!folder_empty(tmpdir.buf) && time_now() < end)
			usleep(20000);
		TARE_ASSERT(folder_empty(tmpdir.buf));
		child_release(&c);
		remove_tmp(dir);
	}
	strbuf_release(&fix);
	strbuf_release(&envdir);
	strbuf_release(&tmpdir);
	strbuf_release(&tmpenv);
	strbuf_release(&note);
}

/*
 * What a tare that is no longer running left in TMPDIR goes at the next
 * run; what a running one (here: this test) has is left alone.
 */
TARE_TEST(a_run_removes_what_dead_tares_left)
{
	char dir[] = "/tmp/tare-sweep-XXXXXX";
	struct strbuf dead = STRBUF_INIT, live = STRBUF_INIT, file = STRBUF_INIT,
		      tmpenv = STRBUF_INIT, fix = STRBUF_INIT;
	struct support_run r;

	TARE_ASSERT_NOT_NULL(mkdtemp(dir));
	/* No process has a pid of 9999999: pid_max is at most 4194304. */
	strbuf_addf(&dead, "%s/tare-9999999-AbCdEf", dir);
	strbuf_addf(&live, "%s/tare-%07d-AbCdEf", dir, (int)getpid());
	TARE_ASSERT_EQ(mkdir(dead.buf, 0700), 0);
	TARE_ASSERT_EQ(mkdir(live.buf, 0700), 0);
	strbuf_addf(&file, "%s/1.out", dead.buf);
	write_file(dead.buf, "1.out", &file);
	strbuf_addf(&tmpenv, "TMPDIR=%s", dir);
	strbuf_addf(&fix, "%s/many", support_fixtures());
	support_run(&r, (const char *[]){ support_tare(), "test", "--no-build", "--config",
					  "/dev/null", "-b", fix.buf, NULL },
		    NULL, (const char *[]){ tmpenv.buf, NULL }, 60);
	TARE_ASSERT_EQ(r.status, 0);
	TARE_ASSERT_EQ(access(dead.buf, F_OK), -1);
	TARE_ASSERT_EQ(access(live.buf, F_OK), 0);
	support_run_release(&r);
	remove_tmp(dir);
	strbuf_release(&dead);
	strbuf_release(&live);
	strbuf_release(&file);
	strbuf_release(&tmpenv);
	strbuf_release(&fix);
}

/*
 * A cgroup a killed tare left, with a process still in it: the next run
 * beside it kills the process and removes the cgroup.
 */
TARE_TEST(a_run_removes_the_cgroups_dead_tares_left)
{
	struct strbuf cg = STRBUF_INIT, stale = STRBUF_INIT, fix = STRBUF_INIT,
		      procs = STRBUF_INIT, pid = STRBUF_INIT;
	struct child sleeper = CHILD_INIT;
	struct support_run r;
	FILE *f;

	if (reaper_own_cgroup(&cg) < 0)
		TARE_SKIP("no cgroup v2 here");
	strbuf_addf(&stale, "%s/tare-9999999-deadbeef", cg.buf);
	if (mkdir(stale.buf, 0755) < 0)
		TARE_SKIP("cannot make a cgroup in %s", cg.buf);
	strvec_pushv(&sleeper.args, (const char *[]){ "sleep", "300", NULL });
	sleeper.in = CHILD_DEVNULL;
	TARE_ASSERT_EQ(child_start(&sleeper), 0);
	strbuf_addf(&procs, "%s/cgroup.procs", stale.buf);
	strbuf_addf(&pid, "%ld\n", (long)sleeper.pid);
	f = fopen(procs.buf, "w");
	TARE_ASSERT_NOT_NULL(f);
	fputs(pid.buf, f);
	if (fclose(f) != 0) {
		kill(sleeper.pid, SIGKILL);
		child_wait(&sleeper);
		rmdir(stale.buf);
		TARE_SKIP("cannot move a process into a cgroup here");
	}
	strbuf_addf(&fix, "%s/many", support_fixtures());
	support_run(&r, (const char *[]){ support_tare(), "test", "--no-build", "--config",
					  "/dev/null", "-b", fix.buf, NULL }, NULL, NULL, 60);
	TARE_ASSERT_EQ(r.status, 0);
	TARE_ASSERT_EQ(child_wait(&sleeper), 128 + SIGKILL);
	TARE_ASSERT_EQ(access(stale.buf, F_OK), -1);
	support_run_release(&r);
	child_release(&sleeper);
	strbuf_release(&cg);
	strbuf_release(&stale);
	strbuf_release(&fix);
	strbuf_release(&procs);
	strbuf_release(&pid);
}

/*
 * Output kept for the final report and JUnit is bounded in memory: past
 * the bound it waits in files, and every report still shows all of it.
 */
TARE_TEST(kept_output_past_the_bound_still_reaches_every_report)
{
	char dir[] = "/tmp/tare-kept-XXXXXX";
	struct strbuf fix = STRBUF_INIT, junit = STRBUF_INIT, xml = STRBUF_INIT,
		      want = STRBUF_INIT;
	struct support_run r;
	int n;

	TARE_ASSERT_NOT_NULL(mkdtemp(dir));
	strbuf_addf(&fix, "%s/chatty_failures", support_fixtures());
	strbuf_addf(&junit, "%s/junit.xml", dir);
	support_run(&r, (const char *[]){
		support_tare(), "test", "--no-build", "--config", "/dev/null", "-j2",
		"--no-fail-fast", "--status-level", "none", "--failure-output", "final",
		"--color", "never", "--junit", junit.buf, "-b", fix.buf, NULL }, NULL, NULL, 120);
	TARE_ASSERT_EQ(r.status, 1);
	TARE_ASSERT_EQ(strbuf_read_file(&xml, junit.buf, 1 << 30), 0);
	for (n = 0; n < 10; n++) {
		strbuf_reset(&want);
		strbuf_addf(&want, "    last line of test %d\n", n);
		TARE_ASSERT_NOT_NULL(strstr(r.out.buf, want.buf));
		strbuf_reset(&want);
		strbuf_addf(&want, "first line of test %d\n", n);
		TARE_ASSERT_NOT_NULL(strstr(xml.buf, want.buf));
		strbuf_reset(&want);
		strbuf_addf(&want, "last line of test %d\n", n);
		TARE_ASSERT_NOT_NULL(strstr(xml.buf, want.buf));
	}
	TARE_ASSERT_NOT_NULL(strstr(r.out.buf, "summary: 0 passed, 10 failed, 0 skipped\n"));
	support_run_release(&r);
	remove_tmp(dir);
	strbuf_release(&fix);
	strbuf_release(&junit);
	strbuf_release(&xml);
	strbuf_release(&want);
}

/*
 * On a terminal a long output is cut to a screenful, its end, and the
 * file that holds all that was kept is named.
 */
TARE_TEST(terminal_gets_a_screenful_and_the_file_with_the_rest)
{
	char dir[] = "/tmp/tare-screen-XXXXXX";
	struct strbuf screen = STRBUF_INIT, args = STRBUF_INIT, kept = STRBUF_INIT,
		      path = STRBUF_INIT, empty = STRBUF_INIT;

	TARE_ASSERT_NOT_NULL(mkdtemp(dir));
	write_file(dir, "tare.toml", &empty);
	strbuf_addf(&args, "test --config %s/tare.toml -b @FIXTURES@/chatty prints_head_and_tail "
		    "--success-output immediate", dir);
	run_on_terminal(&screen, args.buf, NULL);
	TARE_ASSERT_NOT_NULL(strstr(screen.buf, "lines above not shown; all that was kept: "));
	TARE_ASSERT_NOT_NULL(strstr(screen.buf, "/.tare/output/chatty/prints_head_and_tail.stdout]"));
	TARE_ASSERT_NOT_NULL(strstr(screen.buf, "TAIL: the last line"));
	TARE_ASSERT_NULL(strstr(screen.buf, "HEAD: the first line"));
	/* A short stream is shown whole. */
	TARE_ASSERT_NOT_NULL(strstr(screen.buf, "an assertion at the end of stderr"));
	TARE_ASSERT_NULL(strstr(screen.buf, "prints_head_and_tail.stderr"));
	strbuf_addf(&path, "%s/.tare/output/chatty/prints_head_and_tail.stdout", dir);
	TARE_ASSERT_EQ(strbuf_read_file(&kept, path.buf, 1 << 26), 0);
	TARE_ASSERT(!strncmp(kept.buf, "HEAD: the first line\n", 21));
	TARE_ASSERT_NOT_NULL(strstr(kept.buf, " bytes cut here]\n"));
	TARE_ASSERT_NOT_NULL(strstr(kept.buf, "TAIL: the last line\n"));
	remove_tmp(dir);
	strbuf_release(&screen);
	strbuf_release(&args);
	strbuf_release(&kept);
	strbuf_release(&path);
	strbuf_release(&empty);
}
