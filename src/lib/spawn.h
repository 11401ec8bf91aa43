/*
 * spawn.h: starting child processes. Every fork and exec in tare goes
 * through here.
 *
 * Lifecycle:
 *  1. struct child c = CHILD_INIT;  (or child_init(&c))
 *  2. fill in c.args (args.v[0] is the program; without a '/' it is looked
 *     up in PATH), and as needed c.env, c.dir and the redirections;
 *  3. child_start(&c): forks and execs;
 *  4. read the pipes it gave back (c.out, c.err, c.result);
 *  5. reap the child: child_wait(&c), or let a SIGCHLD loop (the runner)
 *     do it with waitpid;
 *  6. child_release(&c) frees args and env (it does not close pipes).
 *
 * Redirections (in, out, err): 0 inherits ours; -1 asks for a pipe, and
 * child_start() stores our end (non-blocking, close-on-exec) in the field;
 * a descriptor > 0 is dup'ed to the child's and closed by child_start(),
 * even on error. `in` also takes CHILD_DEVNULL, for /dev/null.
 *
 * Exit statuses as a shell's $? reports them: the exit code, or 128 plus
 * the number of the signal that killed the child.
 *
 * Between fork and exec the child makes only async-signal-safe calls; the
 * parent learns of a failed exec through a close-on-exec pipe, so
 * child_start() fails with errno ENOENT, EACCES, ... exactly as the exec
 * would, and no half-started child is left behind.
 */
#ifndef TARE_SPAWN_H
#define TARE_SPAWN_H

#include <sys/types.h>

#include "strbuf.h"
#include "vec.h"

#define CHILD_DEVNULL (-2)

/* The child's descriptor for the result channel (docs/protocol.md). */
#define CHILD_RESULT_FD 3

struct child {
	struct strvec args;
	/*
	 * "NAME=value" sets, "NAME" alone removes; applied over our environ.
	 * Of several entries for one name, the last decides.
	 */
	struct strvec env;
	/* Start from an empty environment, not ours: env is all the child gets. */
	unsigned clear_env : 1;
	const char *dir;	/* working directory, or NULL for ours */
	int in, out, err;
	/*
	 * -1 asks for a pipe whose write end is the child's descriptor 3,
	 * named by TARE_RESULT_FD=3 in its environment; our read end comes
	 * back here. 0: none.
	 */
	int result;
	unsigned new_pgroup : 1;	/* lead a process group of its own */
	unsigned die_with_parent : 1;	/* Linux: SIGKILL when we die, even by SIGKILL */
	unsigned err_to_out : 1;	/* stderr into the same pipe as stdout */
	pid_t pid;
	/*
	 * > 0: a cgroup's cgroup.procs, open for writing: the child joins
	 * that cgroup before exec (it carries on where it cannot).
	 */
	int cgroup_fd;
};

#define CHILD_INIT { .args = STRVEC_INIT, .env = STRVEC_INIT }

void child_init(struct child *c);
void child_release(struct child *c);

/* Forks and execs. Returns 0, or -1 with errno set (nothing printed). */
int child_start(struct child *c);

/* Waits for the child; returns its exit status ($? style), or -1. */
int child_wait(struct child *c);

/* Sends sig to the child, or to its whole group when it leads one. */
int child_kill(const struct child *c, int sig);

/*
 * Runs the child with stdout and stderr into one pipe, collects that into
 * out, waits, and returns the exit status ($? style), or -1 if it could not
 * start (errno set).
 */
int child_capture(struct child *c, struct strbuf *out);
/*
 * The second half of child_capture, for a child started with c->out = -1
 * and err_to_out: collects the pipe into out, waits, returns the status.
 * (What runs between the halves knows the pid: a signal can be passed on.)
 */
int child_capture_rest(struct child *c, struct strbuf *out);

/* Converts a waitpid() status to the $? convention. */
int child_exit_status(int wstatus);

/*
 * Makes sure descriptors 0, 1 and 2 are open (on /dev/null if need be), so
 * that pipes never land on them. Called once at start-up.
 */
void spawn_sanitize_stdfds(void);

/*
 * Resolves prog as execvp() would, into path. Returns 0, or -1 with errno
 * ENOENT (not found) or EACCES (found, not executable).
 */
int spawn_find_program(const char *prog, struct strbuf *path);

#endif
