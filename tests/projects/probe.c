/*
 * The command of every test of the fixture projects (cmake/, meson/): what
 * it does is its arguments, so that each test property has a test that
 * shows whether it was honoured.
 *
 *     probe pass | fail | crash         exit 0, exit 1, SIGSEGV
 *     probe exit N                      exit N
 *     probe print TEXT [N]              TEXT on stdout, then exit N (0)
 *     probe env NAME VALUE...           pass if each NAME has VALUE ("-" unset)
 *     probe cwd FILE                    pass if FILE is in the working directory
 *     probe sleep SECONDS               sleep, then pass
 *     probe lock NAME                   fail if another "lock NAME" runs meanwhile
 *     probe alone                       fail if any other probe runs meanwhile
 *     probe make FILE | need FILE | remove FILE
 *                                       create FILE; pass if it exists; remove it
 *
 * Files and the record of running probes are kept in the folder of the
 * probe executable (the build folder), whatever the working directory.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char state[PATH_MAX];

static void nap(double seconds)
{
	struct timespec ts = { (time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9) };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void in_state(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", state, name);
}

/* Other probes running now: marks in running/ of live processes but ours. */
static int others_running(void)
{
	char dir[PATH_MAX + 16];
	struct dirent *e;
	DIR *d;
	int n = 0;

	in_state(dir, sizeof(dir), "running");
	d = opendir(dir);
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		long pid = atol(e->d_name);

		/* A probe killed for its timeout leaves its mark: only the living count. */
		if (pid > 0 && pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
			n++;
	}
	closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	char exe[PATH_MAX], path[PATH_MAX + 32], mark[64], mine[PATH_MAX + 96];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *mode = argc > 1 ? argv[1] : "pass";
	int status = 0, i;

	if (n <= 0)
		return 99;
	exe[n] = '\0';
	snprintf(state, sizeof(state), "%s", dirname(exe));
	in_state(path, sizeof(path), "running");
	mkdir(path, 0755);
	snprintf(mark, sizeof(mark), "%ld", (long)getpid());
	snprintf(mine, sizeof(mine), "%s/%s", path, mark);
	fclose(fopen(mine, "w"));

	if (!strcmp(mode, "fail")) {
		status = 1;
	} else if (!strcmp(mode, "crash")) {
		unlink(mine);
		raise(SIGSEGV);
	} else if (!strcmp(mode, "exit") && argc > 2) {
		status = atoi(argv[2]);
	} else if (!strcmp(mode, "print") && argc > 2) {
		puts(argv[2]);
		status = argc > 3 ? atoi(argv[3]) : 0;
	} else if (!strcmp(mode, "env")) {
		for (i = 2; i + 1 < argc; i += 2) {
			const char *v = getenv(argv[i]);
			const char *want = strcmp(argv[i + 1], "-") ? argv[i + 1] : NULL;

			printf("%s=%s\n", argv[i], v ? v : "(unset)");
			if (want ? !v || strcmp(v, want) : v != NULL)
				status = 1;
		}
	} else if (!strcmp(mode, "cwd") && argc > 2) {
		status = access(argv[2], F_OK) ? 1 : 0;
	} else if (!strcmp(mode, "sleep") && argc > 2) {
		nap(atof(argv[2]));
	} else if (!strcmp(mode, "lock") && argc > 2) {
		char lock[PATH_MAX + 64];

		snprintf(lock, sizeof(lock), "%s/%s.lock", state, argv[2]);
		if (mkdir(lock, 0755) < 0) {
			printf("another test holds %s\n", argv[2]);
			status = 1;
		} else {
			nap(0.3);
			rmdir(lock);
		}
	} else if (!strcmp(mode, "alone")) {
		nap(0.3);
		if (others_running()) {
			puts("other tests ran meanwhile");
			status = 1;
		}
	} else if (!strcmp(mode, "make") && argc > 2) {
		in_state(path, sizeof(path), argv[2]);
		fclose(fopen(path, "w"));
	} else if (!strcmp(mode, "need") && argc > 2) {
		in_state(path, sizeof(path), argv[2]);
		status = access(path, F_OK) ? 1 : 0;
		if (status)
			printf("%s is missing\n", argv[2]);
	} else if (!strcmp(mode, "remove") && argc > 2) {
		in_state(path, sizeof(path), argv[2]);
		status = unlink(path) ? 1 : 0;
	} else if (strcmp(mode, "pass")) {
		fprintf(stderr, "probe: unknown mode '%s'\n", mode);
		status = 2;
	}
	unlink(mine);
	return status;
}
