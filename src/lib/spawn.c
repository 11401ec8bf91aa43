#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"

extern char **environ;

void child_init(struct child *c)
{
	struct child blank = CHILD_INIT;
	*c = blank;
}

void child_release(struct child *c)
{
	strvec_clear(&c->args);
	strvec_clear(&c->env);
}

void spawn_sanitize_stdfds(void)
{
	int fd = open("/dev/null", O_RDWR);

	while (fd >= 0 && fd <= 2)
		fd = dup(fd);
	if (fd > 2)
		close(fd);
}

/* One /dev/null for every child's stdin, opened once. */
static int devnull_fd(void)
{
	static int fd = -1;

	if (fd < 0)
		fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return fd;
}

static int is_executable_file(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -1;
	if (!S_ISREG(st.st_mode) || access(path, X_OK) < 0) {
		errno = EACCES;
		return -1;
	}
	return 0;
}

int spawn_find_program(const char *prog, struct strbuf *path)
{
	const char *p = getenv("PATH");
	int saw_eacces = 0;

	strbuf_reset(path);
	if (strchr(prog, '/')) {
		strbuf_addstr(path, prog);
		return is_executable_file(prog);
	}
	if (!*prog) {
		errno = ENOENT;
		return -1;
	}
	if (!p)
		p = "/usr/local/bin:/usr/bin:/bin";
	while (*p) {
		const char *colon = strchrnul(p, ':');

		strbuf_reset(path);
		if (colon == p)
			strbuf_addch(path, '.');
		else
			strbuf_add(path, p, (size_t)(colon - p));
		strbuf_addch(path, '/');
		strbuf_addstr(path, prog);
		if (is_executable_file(path->buf) == 0)
			return 0;
		if (errno == EACCES)
			saw_eacces = 1;
		p = *colon ? colon + 1 : colon;
	}
	errno = saw_eacces ? EACCES : ENOENT;
	return -1;
}

/*
 * Builds the child's environment before fork: our environ (or nothing,
 * with clear_env) with c->env applied. Returns NULL when nothing changes
 * (then environ is used).
 */
/* Whether two entries ("NAME=value" or "NAME") are about the same name. */
static int env_same_name(const char *a, const char *b)
{
	size_t n = strcspn(a, "=");

	return strncmp(a, b, n) == 0 && (b[n] == '=' || b[n] == '\0');
}

static const char **build_env(const struct child *c, struct strvec *store)
{
	size_t i, j, k;

	if (!c->env.nr && !c->clear_env)
		return NULL;
	for (i = 0; environ[i] && !c->clear_env; i++) {
		int overridden = 0;

		for (j = 0; j < c->env.nr && !overridden; j++)
			overridden = env_same_name(environ[i], c->env.v[j]);
		if (!overridden)
			strvec_push(store, environ[i]);
	}
	/* Of several entries for one name, the last decides. */
	for (j = 0; j < c->env.nr; j++) {
		int later = 0;

		for (k = j + 1; k < c->env.nr && !later; k++)
			later = env_same_name(c->env.v[j], c->env.v[k]);
		if (!later && strchr(c->env.v[j], '='))
			strvec_push(store, c->env.v[j]);
	}
	return store->v;
}

static void close_if(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Descriptors the caller handed over are ours to close, success or not. */
static void close_given_fds(const struct child *c)
{
	if (c->in > 0)
		close(c->in);
	if (c->out > 0)
		close(c->out);
	if (c->err > 0 && c->err != c->out)
		close(c->err);
}

/* In the child only: async-signal-safe calls from here on. */
static void child_fd_to(int from, int to)
{
	if (from == to)
		fcntl(to, F_SETFD, 0);
	else
		dup2(from, to);
}

static TARE_NORETURN void child_die(int notify_fd)
{
	int err = errno;
	ssize_t n TARE_UNUSED = write(notify_fd, &err, sizeof(err));
	_exit(127);
}

/* Signals tare catches or ignores; the child gets their defaults back. */
static const int reset_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGPIPE, SIGTSTP, SIGUSR1,
};

static int make_pipe(int fds[2])
{
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	return 0;
}

/* Everything the child needs, prepared before vfork. */
struct child_plan {
	const char *path;
	char *const *argv, *const *envp;
	const char *dir;
	int in, out, err, result, notify;	/* -1: leave alone */
	int cgroup_fd;				/* > 0: join that cgroup */
	int new_pgroup, die_with_parent;
	pid_t parent;
	sigset_t mask;				/* to restore */
};

static TARE_NORETURN __attribute__((noinline)) void child_exec(const struct child_plan *p)
{
	struct sigaction dfl;
	size_t i;

	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	for (i = 0; i < ARRAY_SIZE(reset_signals); i++)
		sigaction(reset_signals[i], &dfl, NULL);
	sigprocmask(SIG_SETMASK, &p->mask, NULL);
#ifdef __linux__
	/* If tare dies, even by SIGKILL, its tests must not live on. */
	if (p->die_with_parent &&
	    (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != p->parent))
		_exit(127);
#endif
	if (p->new_pgroup)
		setpgid(0, 0);
	if (p->cgroup_fd > 0) {
		ssize_t n TARE_UNUSED = write(p->cgroup_fd, "0", 1);
	}
	if (p->in >= 0)
		child_fd_to(p->in, 0);
	if (p->out >= 0)
		child_fd_to(p->out, 1);
	if (p->err >= 0)
		child_fd_to(p->err, 2);
	if (p->result >= 0)
		child_fd_to(p->result, CHILD_RESULT_FD);
	if (p->dir && chdir(p->dir) < 0)
		child_die(p->notify);
	execve(p->path, p->argv, p->envp);
	child_die(p->notify);
}

/*
 * vfork: the child borrows our memory until it execs, so no page tables
 * are copied; with thousands of short tests that is most of the cost of
 * starting one (bench/RESULTS.md). We are suspended meanwhile. The child
 * writes no memory of ours but errno, and only through child_exec(), a
 * function of its own, so nothing of this frame is live across the vfork.
 */
static pid_t spawn_vfork(const struct child_plan *p)
{
	pid_t pid = vfork();

	if (pid == 0)
		child_exec(p);
	return pid;
}

int child_start(struct child *c)
{
	int in_pipe[2] = { -1, -1 }, out_pipe[2] = { -1, -1 };
	int err_pipe[2] = { -1, -1 }, res_pipe[2] = { -1, -1 };
	int notify[2] = { -1, -1 };
	int saved_errno, child_err = 0;
	struct strbuf path = STRBUF_INIT;
	struct strvec env_store = STRVEC_INIT;
	struct child_plan plan;
	const char **envp;
	sigset_t all;
	ssize_t n;

	if (!c->args.nr) {
		errno = EINVAL;
		goto fail_early;
	}
	if (spawn_find_program(c->args.v[0], &path) < 0)
		goto fail_early;
	if ((c->in == -1 && make_pipe(in_pipe) < 0) ||
	    (c->out == -1 && make_pipe(out_pipe) < 0) ||
	    (c->err == -1 && !c->err_to_out && make_pipe(err_pipe) < 0) ||
	    (c->result == -1 && make_pipe(res_pipe) < 0) ||
	    make_pipe(notify) < 0)
		goto fail;

	memset(&plan, 0, sizeof(plan));
	plan.in = plan.out = plan.err = plan.result = -1;
	if (c->in == -1)
		plan.in = in_pipe[0];
	else if (c->in == CHILD_DEVNULL && (plan.in = devnull_fd()) < 0)
		goto fail;
	else if (c->in > 0)
		plan.in = c->in;
	if (c->out)
		plan.out = c->out == -1 ? out_pipe[1] : c->out;
	if (c->err_to_out && c->out)
		plan.err = plan.out;
	else if (c->err == -1)
		plan.err = err_pipe[1];
	else if (c->err > 0)
		plan.err = c->err;
	if (c->result == -1) {
		plan.result = res_pipe[1];
		strvec_pushf(&c->env, "TARE_RESULT_FD=%d", CHILD_RESULT_FD);
	}
	envp = build_env(c, &env_store);
	plan.path = path.buf;
	plan.argv = (char *const *)c->args.v;
	plan.envp = (char *const *)(envp ? envp : (const char **)environ);
	plan.dir = c->dir;
	plan.notify = notify[1];
	plan.cgroup_fd = c->cgroup_fd;
	plan.new_pgroup = c->new_pgroup;
	plan.die_with_parent = c->die_with_parent;
	plan.parent = getpid();

	/*
	 * With every signal blocked across the vfork, none of our handlers
	 * can run in the child before it has reset them (it has its own copy
	 * of the handler table).
	 */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &plan.mask);
	c->pid = spawn_vfork(&plan);
	saved_errno = errno;
	sigprocmask(SIG_SETMASK, &plan.mask, NULL);
	if (c->pid < 0) {
		errno = saved_errno;
		goto fail;
	}
	/* Also here, so killing the group cannot race the child's setpgid. */
	if (c->new_pgroup)
		setpgid(c->pid, c->pid);

	/* The child has exec'd or died by now: this read never waits long. */
	close_if(&notify[1]);
	do
		n = read(notify[0], &child_err, sizeof(child_err));
	while (n < 0 && errno == EINTR);
	close_if(&notify[0]);
	if (n == (ssize_t)sizeof(child_err)) {
		/* The exec failed: reap the child, report its errno. */
		while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
			;
		c->pid = -1;
		errno = child_err;
		goto fail;
	}

	close_if(&in_pipe[0]);
	close_if(&out_pipe[1]);
	close_if(&err_pipe[1]);
	close_if(&res_pipe[1]);
	close_given_fds(c);
	if (c->in == -1)
		c->in = in_pipe[1];
	if (c->out == -1) {
		c->out = out_pipe[0];
		fcntl(c->out, F_SETFL, O_NONBLOCK);
	}
	if (c->err == -1 && !c->err_to_out) {
		c->err = err_pipe[0];
		fcntl(c->err, F_SETFL, O_NONBLOCK);
	}
	if (c->result == -1) {
		c->result = res_pipe[0];
		fcntl(c->result, F_SETFL, O_NONBLOCK);
		/* The TARE_RESULT_FD we added is not the caller's to keep. */
		free((char *)c->env.v[--c->env.nr]);
		c->env.v[c->env.nr] = NULL;
	}
	strvec_clear(&env_store);
	strbuf_release(&path);
	return 0;

fail:
	saved_errno = errno;
	close_if(&in_pipe[0]);
	close_if(&in_pipe[1]);
	close_if(&out_pipe[0]);
	close_if(&out_pipe[1]);
	close_if(&err_pipe[0]);
	close_if(&err_pipe[1]);
	close_if(&res_pipe[0]);
	close_if(&res_pipe[1]);
	close_if(&notify[0]);
	close_if(&notify[1]);
	if (c->result == -1 && c->env.nr &&
	    strncmp(c->env.v[c->env.nr - 1], "TARE_RESULT_FD=", 15) == 0) {
		free((char *)c->env.v[--c->env.nr]);
		c->env.v[c->env.nr] = NULL;
	}
	strvec_clear(&env_store);
	errno = saved_errno;
fail_early:
	saved_errno = errno;
	close_given_fds(c);
	strbuf_release(&path);
	c->pid = -1;
	errno = saved_errno;
	return -1;
}

int child_exit_status(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return -1;
}

int child_wait(struct child *c)
{
	int status;

	if (c->pid <= 0)
		return -1;
	while (waitpid(c->pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	c->pid = -1;
	return child_exit_status(status);
}

int child_kill(const struct child *c, int sig)
{
	if (c->pid <= 0)
		return -1;
	return kill(c->new_pgroup ? -c->pid : c->pid, sig);
}

int child_capture(struct child *c, struct strbuf *out)
{
	c->out = -1;
	c->err_to_out = 1;
	if (child_start(c) < 0)
		return -1;
	return child_capture_rest(c, out);
}

int child_capture_rest(struct child *c, struct strbuf *out)
{
	int flags;

	/* Blocking reads: we have nothing else to do until it ends. */
	flags = fcntl(c->out, F_GETFL);
	fcntl(c->out, F_SETFL, flags & ~O_NONBLOCK);
	while (strbuf_read_once(out, c->out, 65536) > 0)
		;
	close(c->out);
	c->out = 0;
	return child_wait(c);
}
