/*
 * cmd.h: the subcommands. Each takes the arguments after its name (argv[0]
 * is the subcommand) and returns tare's exit status.
 */
#ifndef TARE_CMD_H
#define TARE_CMD_H

#define TARE_VERSION_STRING "0.1.0"

int cmd_test(int argc, const char **argv);
int cmd_annotate(int argc, const char **argv);
int cmd_diff(int argc, const char **argv);
int cmd_bench(int argc, const char **argv);

struct config;

/*
 * Runs tare.toml's [build] command in its folder, its output shown only
 * if it fails. Returns 0, or -1 after an error line, -2 when a signal
 * (passed on to the build) stopped it. (tare test and tare bench both
 * build first.)
 */
int run_build_command(const struct config *cfg);

#endif
