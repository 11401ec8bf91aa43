/*
 * reaper.h: nothing a test starts outlives tare.
 *
 * A test can start processes that leave its process group (setsid(),
 * setpgid()), outlive it through a double fork, or close their output so
 * that no pipe tells of them. Each way out has an answer:
 *
 *  - tare is a child subreaper (PR_SET_CHILD_SUBREAPER): a process whose
 *    parent ends is handed to tare, never to init, so every process a test
 *    started stays below tare while tare runs;
 *  - where a cgroup (v2) can be made below tare's own, each job slot of the
 *    runner is one: a job's processes stay in it wherever they go, and it
 *    is emptied (cgroup.kill) when the job ends;
 *  - without cgroups, the runner kills a job's process group when it ends,
 *    and a process that still holds its output pipes (a LEAK) is found in
 *    /proc and killed (reaper_kill_pipe_holders);
 *  - when the run ends, every descendant tare still has is killed (found
 *    in /proc) and reaped (reaper_finish);
 *  - a watchdog process, started with the run, notices when tare dies
 *    without ending it (SIGKILL, a crash): it empties the run's cgroups,
 *    kills the processes whose environment names the run (TARE_RUN_ID) and
 *    removes tare's temporary folders;
 *  - every run removes the temporary folders and cgroups that a tare which
 *    is no longer running left (reaper_sweep).
 *
 * What remains, without cgroups: a process that leaves its test's group
 * and closes its output lives until the run ends, not until its test
 * does; and if tare and its watchdog are killed together, processes that
 * left their group live on (with cgroups, the next run kills them).
 *
 * Lifecycle: reaper_start() once the command knows it will run jobs
 * (later calls do nothing); runner.c asks for slots and empties them;
 * reaper_finish() when the command ends (also run at exit).
 */
#ifndef TARE_REAPER_H
#define TARE_REAPER_H

#include <stddef.h>
#include <sys/types.h>

#include "strbuf.h"

/*
 * Makes tare a subreaper, sweeps what dead tares left, makes the run's
 * cgroup where it can and starts the watchdog. run_id, if not NULL, is the
 * TARE_RUN_ID the tests get: the watchdog kills the processes that have it.
 * TARE_NO_CGROUP=1 in the environment turns cgroups off (to test that way).
 */
void reaper_start(const char *run_id);

/* 1 once reaper_start() has run: orphans are ours to reap. */
int reaper_adopts(void);

/* 1 if reaper_start() made cgroups for the job slots. */
int reaper_has_cgroups(void);

/*
 * The descriptor of slot's cgroup.procs (slots count from 0, made on first
 * use): a child writes "0" to it to join, before exec. -1 without cgroups.
 */
int reaper_slot_fd(int slot);

/*
 * Kills everything in slot's cgroup (a job there ended, or is being
 * killed). Returns 1 if anything was left in it, else 0.
 */
int reaper_slot_kill(int slot);

/*
 * Kills the processes that hold one of the pipes with these inodes open
 * (a job's stdout and stderr, after it ended). Returns how many were
 * killed, or -1 if one of them could not be.
 */
int reaper_kill_pipe_holders(const ino_t *inodes, size_t n);

/*
 * Kills every descendant tare still has (but the watchdog), reaps them,
 * removes the run's cgroups and stops the watchdog. Safe to call twice.
 */
void reaper_finish(void);

/*
 * Removes what tares that are no longer running left: folders named
 * tare-PID-* (ours, in TMPDIR and /tmp) and cgroups beside the run's.
 */
void reaper_sweep(void);

/* The folder of this process's cgroup (v2) in sysfs; 0, or -1 if none. */
int reaper_own_cgroup(struct strbuf *dir);

/*
 * A temporary folder of the run: BASE/tare-PID-XXXXXX (BASE: $TMPDIR, else
 * /tmp), locked while tare lives so that no sweep takes it. path gets its
 * name; temp_folder_remove() removes it and everything in it.
 */
int temp_folder_make(struct strbuf *path, const char *base);
void temp_folder_remove(const char *path);

#endif
