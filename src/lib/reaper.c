#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "cursor.h"
#include "fsutil.h"
#include "reaper.h"
#include "vec.h"

/* ---- temporary folders ---- */

/* The locks on the folders this process made: held until removed or dead. */
static VEC(int) folder_locks = VEC_INIT;
static struct strvec folder_paths = STRVEC_INIT;

int temp_folder_make(struct strbuf *path, const char *base)
{
	int fd;

	if (!base || !*base)
		base = getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	strbuf_reset(path);
	/* Seven digits hold any pid: the name has one length for a base. */
	strbuf_addf(path, "%s/tare-%07d-XXXXXX", base, (int)getpid());
	if (!mkdtemp(path->buf))
		return error_errno("cannot create a folder in '%s'", base);
	fd = open(path->buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0 && flock(fd, LOCK_SH | LOCK_NB) == 0) {
		vec_push(&folder_locks, fd);
		strvec_push(&folder_paths, path->buf);
	} else if (fd >= 0) {
		close(fd);
	}
	return 0;
}

void temp_folder_remove(const char *path)
{
	size_t i;

	remove_tree(path);
	for (i = 0; i < folder_paths.nr; i++)
		if (!strcmp(folder_paths.v[i], path)) {
			close(folder_locks.v[i]);
			folder_locks.v[i] = folder_locks.v[--folder_locks.nr];
			free((char *)folder_paths.v[i]);
			folder_paths.v[i] = folder_paths.v[--folder_paths.nr];
			folder_paths.v[folder_paths.nr] = NULL;
			return;
		}
}

/* The pid in a name tare-PID-..., or 0 if the name is not one of ours. */
static pid_t pid_parse(const char *s, const char **end);

static pid_t owner_pid(const char *name)
{
	const char *end = NULL;
	pid_t pid;

	if (strncmp(name, "tare-", 5))
		return 0;
	pid = pid_parse(name + 5, &end);
	return pid > 0 && *end == '-' ? pid : 0;
}

/* Whether pid is a zombie: dead, not yet reaped. */
static int is_zombie(pid_t pid)
{
	char path[64], buf[512], *paren;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' && paren[2] == 'Z';
}

/* Whether the process that named a folder is gone: no such pid, or dead. */
static int owner_gone(pid_t pid)
{
	if (pid == getpid())
		return 0;
	return (kill(pid, 0) < 0 && errno == ESRCH) || is_zombie(pid);
}

/*
 * Calls fn for each entry of base named tare-PID-* whose PID is gone: what
 * a tare that no longer runs left there.
 */
static void for_each_left(const char *base, void (*fn)(const char *path))
{
	DIR *d = opendir(base);
	struct dirent *e;
	struct strbuf path = STRBUF_INIT;

	if (!d)
		return;
	while ((e = readdir(d))) {
		pid_t pid = owner_pid(e->d_name);

		if (!pid || !owner_gone(pid))
			continue;
		strbuf_reset(&path);
		path_join(&path, base, e->d_name);
		fn(path.buf);
	}
	closedir(d);
	strbuf_release(&path);
}

static void folder_left(const char *path)
{
	struct stat st;
	int fd;

	if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
		return;
	/* A live tare holds its folders' locks, whatever its pid namespace. */
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		remove_tree(path);
	close(fd);
}

/* ---- cgroups ---- */

#define SLOTS_MAX 4096

static struct {
	unsigned started : 1, finished : 1;
	struct strbuf parent;	/* our own cgroup */
	struct strbuf dir;	/* the run's, in it; empty without cgroups */
	int procs[SLOTS_MAX], events[SLOTS_MAX];	/* per slot, 0: not made */
	int nslots;
	pid_t watchdog;
	int watchdog_fd;
	char *run_id;
} R = { .parent = STRBUF_INIT, .dir = STRBUF_INIT, .watchdog_fd = -1 };

/* Where cgroup2 is mounted, from /proc/self/mountinfo; 0 on success. */
static int cgroup2_mount(struct strbuf *mnt, struct strbuf *root)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	int found = -1;

	if (!f)
		return -1;
	while (found < 0 && fgets(line, sizeof(line), f)) {
		/* ID PARENT MAJ:MIN ROOT MOUNT OPTIONS [OPTIONAL...] - TYPE SOURCE ... */
		char *dash = strstr(line, " - "), *fields[5], *save = NULL, *p = line;
		int i;

		if (!dash || strncmp(dash + 3, "cgroup2 ", 8))
			continue;
		*dash = '\0';
		for (i = 0; i < 5; i++, p = NULL)
			if (!(fields[i] = strtok_r(p, " ", &save)))
				break;
		if (i < 5)
			continue;
		strbuf_addstr(root, fields[3]);
		strbuf_addstr(mnt, fields[4]);
		found = 0;
	}
	fclose(f);
	return found;
}

int reaper_own_cgroup(struct strbuf *dir)
{
	struct strbuf mnt = STRBUF_INIT, root = STRBUF_INIT;
	FILE *f;
	char line[4096];
	int ret = -1;

	if (cgroup2_mount(&mnt, &root) < 0)
		goto out;
	f = fopen("/proc/self/cgroup", "re");
	if (!f)
		goto out;
	while (fgets(line, sizeof(line), f)) {
		size_t n = strlen(line), r = root.len;
		const char *path = line + 3;

		if (strncmp(line, "0::", 3))
			continue;
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		/* A mount of a subtree: our path must be in it. */
		if (strcmp(root.buf, "/")) {
			if (strncmp(path, root.buf, r) || (path[r] && path[r] != '/'))
				break;
			path += r;
		}
		strbuf_addstr(dir, mnt.buf);
		if (strcmp(path, "/"))
			strbuf_addstr(dir, path);
		ret = 0;
		break;
	}
	fclose(f);
out:
	strbuf_release(&mnt);
	strbuf_release(&root);
	return ret;
}

static int open_in(const char *dir, const char *name, int flags)
{
	struct strbuf p = STRBUF_INIT;
	int fd;

	path_join(&p, dir, name);
	fd = open(p.buf, flags | O_CLOEXEC);
	strbuf_release(&p);
	return fd;
}

static int write_in(const char *dir, const char *name, const char *text)
{
	int fd = open_in(dir, name, O_WRONLY), ret;

	if (fd < 0)
		return -1;
	ret = write(fd, text, strlen(text)) == (ssize_t)strlen(text) ? 0 : -1;
	close(fd);
	return ret;
}

/* 1 if the cgroup events file says it has processes (or cannot tell). */
static int events_populated(int fd)
{
	char buf[256];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return 1;
	buf[n] = '\0';
	return !strstr(buf, "populated 0");
}

/*
 * Empties a cgroup and everything below it, waiting up to `wait` seconds
 * for the processes to be gone, then removes the folders. Returns 0 when
 * all is gone.
 */
static int cgroup_remove_tree(const char *dir, double wait)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct strbuf sub = STRBUF_INIT;
	double end = time_now() + wait;
	int fd;

	if (!d)
		return errno == ENOENT ? 0 : -1;
	write_in(dir, "cgroup.kill", "1");
	fd = open_in(dir, "cgroup.events", O_RDONLY);
	while (fd >= 0 && events_populated(fd) && time_now() < end) {
		struct pollfd p = { fd, POLLPRI, 0 };
		poll(&p, 1, 20);
	}
	if (fd >= 0)
		close(fd);
	while ((e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		strbuf_reset(&sub);
		path_join(&sub, dir, e->d_name);
		cgroup_remove_tree(sub.buf, 0);
	}
	closedir(d);
	strbuf_release(&sub);
	return rmdir(dir) < 0 && errno != ENOENT ? -1 : 0;
}

static void cgroup_left(const char *path)
{
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		cgroup_remove_tree(path, 2);
}

/* Whether a child can join a cgroup in dir: tried with one that exits. */
static int cgroup_works(const char *dir)
{
	int fd = open_in(dir, "cgroup.procs", O_WRONLY), status = -1;
	pid_t pid;

	if (fd < 0)
		return 0;
	pid = fork();
	if (pid == 0)
		_exit(write(fd, "0", 1) == 1 ? 0 : 1);
	close(fd);
	if (pid < 0)
		return 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void cgroups_start(void)
{
	struct strbuf name = STRBUF_INIT;
	const char *off = getenv("TARE_NO_CGROUP");

	if (reaper_own_cgroup(&R.parent) < 0)
		return;
	if (off && *off && strcmp(off, "0"))
		return;
	strbuf_addf(&name, "tare-%07d-%08lx", (int)getpid(),
		    (unsigned long)(time_now() * 1e6) & 0xffffffffUL);
	path_join(&R.dir, R.parent.buf, name.buf);
	strbuf_release(&name);
	if (mkdir(R.dir.buf, 0755) < 0) {
		strbuf_reset(&R.dir);
		return;
	}
	if (!cgroup_works(R.dir.buf)) {
		rmdir(R.dir.buf);
		strbuf_reset(&R.dir);
	}
}

int reaper_adopts(void)
{
	return R.started && !R.finished;
}

int reaper_has_cgroups(void)
{
	return R.dir.len > 0;
}

static int slot_make(int slot)
{
	struct strbuf dir = STRBUF_INIT;
	char name[32];

	snprintf(name, sizeof(name), "s%d", slot);
	path_join(&dir, R.dir.buf, name);
	if (mkdir(dir.buf, 0755) < 0 && errno != EEXIST) {
		strbuf_release(&dir);
		return -1;
	}
	R.procs[slot] = open_in(dir.buf, "cgroup.procs", O_WRONLY);
	R.events[slot] = open_in(dir.buf, "cgroup.events", O_RDONLY);
	strbuf_release(&dir);
	if (R.procs[slot] < 0 || R.events[slot] < 0) {
		if (R.procs[slot] >= 0)
			close(R.procs[slot]);
		if (R.events[slot] >= 0)
			close(R.events[slot]);
		R.procs[slot] = R.events[slot] = 0;
		return -1;
	}
	if (slot >= R.nslots)
		R.nslots = slot + 1;
	return 0;
}

int reaper_slot_fd(int slot)
{
	if (!R.dir.len || slot < 0 || slot >= SLOTS_MAX)
		return -1;
	if (!R.procs[slot] && slot_make(slot) < 0)
		return -1;
	return R.procs[slot];
}

int reaper_slot_kill(int slot)
{
	char name[32];
	struct strbuf dir = STRBUF_INIT;

	if (!R.dir.len || slot < 0 || slot >= R.nslots || !R.events[slot] ||
	    !events_populated(R.events[slot]))
		return 0;
	snprintf(name, sizeof(name), "s%d", slot);
	path_join(&dir, R.dir.buf, name);
	write_in(dir.buf, "cgroup.kill", "1");
	strbuf_release(&dir);
	return 1;
}

/* ---- /proc ---- */

struct proc {
	pid_t pid, ppid;
};

struct procs {
	struct proc *v;
	size_t nr, alloc;
};

/* A pid from /proc: digits, else 0 (also past a pid_t's range). */
static pid_t pid_parse(const char *s, const char **end)
{
	uint64_t pid;

	if (cursor_u64(&s, s + strlen(s), INT32_MAX, &pid))
		return 0;
	if (end)
		*end = s;
	return (pid_t)pid;
}

/* Every process we can see, with its parent. */
static void procs_read(struct procs *out)
{
	DIR *d = opendir("/proc");
	struct dirent *e;

	out->nr = 0;
	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[64], buf[512], *close_paren;
		struct proc p;
		ssize_t n;
		int fd;

		p.pid = pid_parse(e->d_name, NULL);
		if (!p.pid)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/stat", (long)p.pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		/* PID (COMM) STATE PPID ...: the name may hold anything, even ')'. */
		close_paren = strrchr(buf, ')');
		if (!close_paren || close_paren[1] != ' ' || !close_paren[2] ||
		    close_paren[3] != ' ')
			continue;
		/* A zombie is dead already: its parent reaps it. */
		if (close_paren[2] == 'Z' || close_paren[2] == 'X')
			continue;
		p.ppid = pid_parse(close_paren + 4, NULL);
		vec_push(out, p);
	}
	closedir(d);
}

/* Whether pid's environment holds the NUL-ended entry want. */
static int environ_has(pid_t pid, const char *want)
{
	char path[64];
	struct strbuf env = STRBUF_INIT;
	size_t n = strlen(want), i;
	int fd, found = 0;

	snprintf(path, sizeof(path), "/proc/%ld/environ", (long)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while (env.len < (1u << 20) && strbuf_read_once(&env, fd, 65536) > 0)
		;
	close(fd);
	for (i = 0; i + n <= env.len && !found; i += strlen(env.buf + i) + 1)
		found = !memcmp(env.buf + i, want, n) && env.buf[i + n] == '\0';
	strbuf_release(&env);
	return found;
}

int reaper_kill_pipe_holders(const ino_t *inodes, size_t n)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int killed = 0, failed = 0;
	char want[3][64];
	size_t k;

	if (!d)
		return -1;
	for (k = 0; k < n && k < 3; k++)
		snprintf(want[k], sizeof(want[k]), "pipe:[%lu]", (unsigned long)inodes[k]);
	while ((e = readdir(d))) {
		char path[300], target[64];
		DIR *fds;
		struct dirent *f;
		int holds = 0;
		pid_t pid;

		pid = pid_parse(e->d_name, NULL);
		if (!pid || pid == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/fd", (long)pid);
		fds = opendir(path);
		if (!fds)
			continue;
		while (!holds && (f = readdir(fds))) {
			char link[300];
			ssize_t len;
			pid_t fd = pid_parse(f->d_name, NULL);

			if (f->d_name[0] == '.')
				continue;
			snprintf(link, sizeof(link), "/proc/%ld/fd/%ld", (long)pid, (long)fd);
			len = readlink(link, target, sizeof(target) - 1);
			if (len <= 0)
				continue;
			target[len] = '\0';
			for (k = 0; k < n && k < 3 && !holds; k++)
				holds = !strcmp(target, want[k]);
		}
		closedir(fds);
		if (!holds)
			continue;
		if (kill(pid, SIGKILL) == 0)
			killed++;
		else if (errno != ESRCH)
			failed = 1;
	}
	closedir(d);
	return failed ? -1 : killed;
}

/* Kills every descendant of ours but the watchdog; returns how many. */
static int kill_descendants(void)
{
	struct procs ps = VEC_INIT;
	VEC(pid_t) mine = VEC_INIT;
	size_t i, k;
	int n = 0;

	procs_read(&ps);
	vec_push(&mine, getpid());
	/* Parents come before children in no particular order: grow to a fixpoint. */
	for (k = 0; k < mine.nr; k++)
		for (i = 0; i < ps.nr; i++)
			if (ps.v[i].ppid == mine.v[k] && ps.v[i].pid != R.watchdog) {
				vec_push(&mine, ps.v[i].pid);
				if (kill(ps.v[i].pid, SIGKILL) == 0)
					n++;
			}
	vec_release(&ps);
	vec_release(&mine);
	return n;
}

/* Kills the processes whose environment has TARE_RUN_ID=run_id. */
static void kill_by_run_id(const char *run_id)
{
	struct procs ps = VEC_INIT;
	struct strbuf want = STRBUF_INIT;
	size_t i;
	int round;

	strbuf_addf(&want, "TARE_RUN_ID=%s", run_id);
	/* Again, for what forked while the first round was killing. */
	for (round = 0; round < 3; round++) {
		procs_read(&ps);
		for (i = 0; i < ps.nr; i++)
			if (ps.v[i].pid != getpid() && environ_has(ps.v[i].pid, want.buf))
				kill(ps.v[i].pid, SIGKILL);
	}
	vec_release(&ps);
	strbuf_release(&want);
}

/* ---- the watchdog ---- */

/* Closes every descriptor above 2 but keep. */
static void close_all_but(int keep)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	VEC(int) fds = VEC_INIT;
	size_t i;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (isdigit((unsigned char)e->d_name[0]))
			vec_push(&fds, (int)pid_parse(e->d_name, NULL));
	closedir(d);
	for (i = 0; i < fds.nr; i++)
		if (fds.v[i] > 2 && fds.v[i] != keep)
			close(fds.v[i]);
	vec_release(&fds);
}

/* Whether base holds a folder named for pid. */
static int folder_of_in(const char *base, pid_t pid)
{
	DIR *d = opendir(base);
	struct dirent *e;
	int found = 0;

	if (!d)
		return 0;
	while (!found && (e = readdir(d)))
		found = owner_pid(e->d_name) == pid;
	closedir(d);
	return found;
}

static int folders_of(pid_t pid)
{
	const char *tmp = getenv("TMPDIR");

	return folder_of_in("/tmp", pid) || (tmp && *tmp && folder_of_in(tmp, pid));
}

static TARE_NORETURN void watchdog_main(int fd, pid_t parent)
{
	static const int quiet[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGPIPE };
	struct strbuf said = STRBUF_INIT;
	int null = open("/dev/null", O_RDWR), round;
	size_t k;
	ssize_t n;

	/* Out of tare's group and terminal, holding none of its files. */
	setsid();
	for (k = 0; k < ARRAY_SIZE(quiet); k++)
		signal(quiet[k], SIG_IGN);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
	}
	close_all_but(fd);
	do
		n = strbuf_read_once(&said, fd, 4096);
	while (n > 0 || (n < 0 && errno == EINTR));
	if (strstr(said.buf, "exit\n"))
		_exit(0);
	/* tare died without ending the run. */
	if (R.dir.len)
		cgroup_remove_tree(R.dir.buf, 5);
	if (R.run_id)
		kill_by_run_id(R.run_id);
	/*
	 * tare's files close as it dies, its folders' locks among them, in
	 * no order with the pipe: sweep until its folders are gone.
	 */
	reaper_sweep();
	for (round = 0; round < 100 && folders_of(parent); round++) {
		usleep(50000);
		reaper_sweep();
	}
	_exit(0);
}

static void watchdog_start(void)
{
	int fds[2];
	pid_t parent = getpid(), pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(fds[1]);
		/* Blocking reads: the watchdog has nothing else to do. */
		watchdog_main(fds[0], parent);
	}
	close(fds[0]);
	if (pid < 0) {
		close(fds[1]);
		return;
	}
	R.watchdog = pid;
	R.watchdog_fd = fds[1];
}

static void watchdog_stop(void)
{
	if (R.watchdog <= 0)
		return;
	if (write(R.watchdog_fd, "exit\n", 5) != 5)
		kill(R.watchdog, SIGKILL);
	close(R.watchdog_fd);
	R.watchdog_fd = -1;
	while (waitpid(R.watchdog, NULL, 0) < 0 && errno == EINTR)
		;
	R.watchdog = 0;
}

/* ---- the run ---- */

void reaper_sweep(void)
{
	const char *tmp = getenv("TMPDIR");

	if (tmp && *tmp && strcmp(tmp, "/tmp"))
		for_each_left(tmp, folder_left);
	for_each_left("/tmp", folder_left);
	if (R.parent.len)
		for_each_left(R.parent.buf, cgroup_left);
}

static void finish_at_exit(void)
{
	reaper_finish();
}

void reaper_start(const char *run_id)
{
	if (R.started)
		return;
	R.started = 1;
#ifdef PR_SET_CHILD_SUBREAPER
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#endif
	if (run_id)
		R.run_id = xstrdup(run_id);
	cgroups_start();
	reaper_sweep();
	watchdog_start();
	atexit(finish_at_exit);
}

void reaper_finish(void)
{
	int round, k;

	if (!R.started || R.finished)
		return;
	R.finished = 1;
	for (k = 0; k < R.nslots; k++)
		reaper_slot_kill(k);
	/*
	 * Killing a parent hands its children to us: again, until none is
	 * left (or, for one stuck in the kernel, a while has passed).
	 */
	for (round = 0; round < 100; round++) {
		int killed = kill_descendants();

		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (!killed)
			break;
		usleep(2000);
	}
	for (k = 0; k < R.nslots; k++) {
		close(R.procs[k]);
		close(R.events[k]);
		R.procs[k] = R.events[k] = 0;
	}
	if (R.dir.len)
		cgroup_remove_tree(R.dir.buf, 5);
	watchdog_stop();
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}
