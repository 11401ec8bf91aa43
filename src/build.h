/*
 * build.h: tare.toml's [build] command (`[build] command = "make -j"`),
 * which tare test and tare bench run first, unless --no-build.
 *
 * It runs as `/bin/sh -c COMMAND` in the project's root, in a process
 * group of its own, its output (stdout and stderr together) captured and
 * shown only if it fails. SIGINT, SIGTERM and SIGHUP are passed on to its
 * group while it runs: make and the compilers are not in tare's process
 * group, and would outlive a tare that stopped. On a terminal the line
 * "Building COMMAND" shows while it runs.
 */
#ifndef TARE_BUILD_H
#define TARE_BUILD_H

struct config;

/*
 * Runs cfg->build_command. Returns 0; -1 after an error line (it could
 * not start, or it failed: its output first); -2 when a signal stopped it
 * (passed on to the build; its output first).
 */
int build_run(const struct config *cfg);

#endif
