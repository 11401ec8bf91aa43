/*
 * runner.h: the one process scheduler. Listing binaries and running tests
 * (and later benchmarks) all go through runner_run(): it keeps up to
 * `slots` jobs running, captures their output, enforces slow and terminate
 * timeouts with a grace period, notices children that keep the output
 * pipes open after the job exits (leaks), and turns Ctrl-C into an orderly
 * shutdown. It knows nothing of tests: the owner hands it jobs through
 * runner_ops.next() and learns how each ended through ops.finished().
 *
 * Every job runs in a process group of its own, so a timeout or an
 * interrupt reaches the job's children too, and the terminal's Ctrl-C
 * reaches tare alone, which then forwards it. When a job ends, whatever is
 * left of its group is killed, and with reaper_start() (reaper.h) so is
 * whatever is left in its slot's cgroup, or, without cgroups, whatever
 * still holds its output: no job process outlives tare.
 *
 * Lifecycle of a job:
 *  1. the owner allocates it, run_job_init(), fills child.args / env / dir
 *     and the timing fields;
 *  2. next() hands it over; the runner starts it and calls started();
 *  3. slow() and terminating() may be called while it runs;
 *  4. finished() is called exactly once, after the process has exited and
 *     its pipes are closed (or the leak timeout passed); the job is the
 *     owner's again, to inspect and run_job_release().
 */
#ifndef TARE_RUNNER_H
#define TARE_RUNNER_H

#include <stddef.h>

#include "capture.h"
#include "spawn.h"
#include "strbuf.h"

struct run_job {
	/* Set by the owner. */
	struct child child;
	double slow_period;	/* seconds; 0: never slow */
	int terminate_after;	/* slow periods before SIGTERM; 0: never */
	double grace;		/* seconds from SIGTERM to SIGKILL */
	double leak_timeout;	/* seconds the pipes may stay open after exit */
	int weight;		/* slots it takes while it runs: 1 (0 is 1) up to all */
	unsigned capture : 1;	/* pipes for stdout and stderr; else inherit */
	unsigned want_result : 1; /* open the result channel (fd 3) */
	/* Of each stream, the first keep_head and last keep_tail bytes are kept. */
	size_t keep_head, keep_tail;
	void *data;		/* the owner's */
	/*
	 * A job that serves cases, each in a process forked for it (a fork
	 * server), sets this to the process of the case it runs now, the
	 * leader of a process group of its own, and back to 0 when the case
	 * ended: while it is set, a timeout signals that group and ends the
	 * case, not the job (case_timed_out says so), and an interrupt and
	 * the job's end reach it too.
	 */
	pid_t case_pid;

	/*
	 * Filled in by the runner; out and err when the job is finished
	 * (capture.h: what was kept, where it was cut, how much).
	 */
	struct strbuf out, err, result;
	size_t out_cut_at, err_cut_at;
	size_t out_dropped, err_dropped; /* bytes cut */
	double start, end;	/* start and exit of the process */
	double timer_start;	/* slow periods count from here */
	int exit_code;		/* when it exited normally */
	int term_signal;	/* non-zero: the signal that killed it */
	int start_errno;	/* non-zero: child_start() failed so */
	int slow_count;		/* slow periods reported */
	unsigned exited : 1;
	unsigned timed_out : 1;	/* terminated after terminate_after periods */
	unsigned leaked : 1;	/* pipes still open leak_timeout after exit */
	unsigned leak_survived : 1; /* and what held them could not be killed */
	unsigned interrupted : 1; /* signalled because the run was interrupted */
	unsigned case_timed_out : 1; /* case_pid was terminated by the timers; the owner clears it */

	/* Private. */
	struct capture cap[2];
	double next_slow, kill_at, leak_at;
	int fds[3];
	int slot;		/* 0 to slots - 1 while it runs */
	ino_t leak_ino[3];	/* the pipes that stayed open */
	int nleak_ino;
	unsigned killed : 1;
};

void run_job_init(struct run_job *j);
void run_job_release(struct run_job *j);

struct runner;

struct runner_ops {
	/*
	 * The next job to start, or NULL if none is ready. Required. Asked
	 * while slots are free; a job whose weight is more than the slots
	 * free (r->slots - r->used) waits in the owner, which returns NULL.
	 */
	struct run_job *(*next)(void *ctx);
	void (*started)(void *ctx, struct run_job *j);
	/* Called at each slow period; j->slow_count says which. */
	void (*slow)(void *ctx, struct run_job *j, double elapsed);
	void (*terminating)(void *ctx, struct run_job *j, double elapsed);
	/* Required. */
	void (*finished)(void *ctx, struct run_job *j);
	/*
	 * New bytes arrived on the job's result channel (j->result). The
	 * owner may consume them (strbuf_remove) and, for a job that runs
	 * several tests one after another, restart its timers.
	 */
	void (*result)(void *ctx, struct run_job *j);
	/* Called about every tick_interval seconds while jobs run. */
	void (*tick)(void *ctx, struct runner *r);
	/* Ctrl-C and friends: count is 1 for the first signal, 2 after. */
	void (*interrupted)(void *ctx, int sig, int count);
};

struct runner {
	int slots;
	const struct runner_ops *ops;
	void *ctx;
	double tick_interval;	/* 0: no ticks */

	/* Read-only for callbacks. */
	int running;
	int used;		/* slots the running jobs take (their weights) */
	int interrupt_count;	/* signals received */
	int interrupt_signal;	/* the first of them */
	unsigned stopping : 1;	/* no new jobs start */

	/* Private. */
	struct run_job **jobs;
	size_t jobs_alloc;
	unsigned char *slot_busy;
};

#define RUNNER_INIT { .slots = 1 }

/*
 * Runs jobs until next() has none and none is running, or until stopped
 * and drained. Returns 0, or -1 if the event loop itself failed.
 */
int runner_run(struct runner *r);

/*
 * Runs the one job j to its end, its timers and output as for any job.
 * Returns 0, -1 if the event loop failed, or -2 when a signal (Ctrl-C)
 * interrupted it.
 */
int runner_run_one(struct run_job *j);

/* Starts no new job; running ones finish (fail-fast). */
void runner_stop(struct runner *r);

/*
 * Restarts the job's slow and terminate timers from now, with whatever
 * slow_period, terminate_after and grace it holds: the next test of a
 * batch begins. A SIGKILL due for the case before is called off.
 */
void runner_job_restart_timers(struct run_job *j);

/* The running jobs, for progress displays: r->running of them. */
struct run_job *runner_job(struct runner *r, int i);

#endif
