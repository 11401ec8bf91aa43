/*
 * build.c: tare.toml's [build] command, run before tests and benchmarks.
 */
#include <signal.h>
#include <string.h>

#include "build.h"
#include "config.h"
#include "spawn.h"
#include "term.h"

/*
 * The build's process group while it runs, and the signal that stopped
 * it. A build outlives a tare killed by SIGTERM unless tare passes the
 * signal on: make and the compilers are not in tare's process group.
 */
static volatile pid_t build_pgid;
static volatile sig_atomic_t build_signal;

static void build_forward(int sig)
{
	build_signal = sig;
	if (build_pgid > 0)
		kill(-build_pgid, sig);
}

int build_run(const struct config *cfg)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old[ARRAY_SIZE(sigs)];
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;
	int status;
	size_t i;

	if (term_progress_possible()) {
		fprintf(stderr, "%12s %s", "Building", cfg->build_command);
		fflush(stderr);
	}
	strvec_push(&c.args, "/bin/sh");
	strvec_push(&c.args, "-c");
	strvec_push(&c.args, cfg->build_command);
	c.dir = cfg->root;
	c.in = CHILD_DEVNULL;
	c.out = -1;
	c.err_to_out = 1;
	c.new_pgroup = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = build_forward;
	sigemptyset(&sa.sa_mask);
	build_signal = 0;
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, &old[i]);
	status = child_start(&c);
	if (status == 0) {
		build_pgid = c.pid;
		if (build_signal)
			kill(-c.pid, build_signal);	/* it came before the pid */
		status = child_capture_rest(&c, &out);
		build_pgid = 0;
	}
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &old[i], NULL);
	child_release(&c);
	if (term_progress_possible())
		term_progress_draw("");
	term_progress_clear();
	if (build_signal) {
		fwrite(out.buf, 1, out.len, stderr);
		error("the build command '%s' was stopped by %s", cfg->build_command,
		      signal_name(build_signal));
		strbuf_release(&out);
		return -2;
	}
	if (status < 0) {
		error_errno("cannot run the build command '%s'", cfg->build_command);
		strbuf_release(&out);
		return -1;
	}
	if (status) {
		fwrite(out.buf, 1, out.len, stderr);
		error("the build command '%s' failed with status %d (skip it with --no-build)",
		      cfg->build_command, status);
		strbuf_release(&out);
		return -1;
	}
	strbuf_release(&out);
	return 0;
}
