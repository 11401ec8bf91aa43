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
int cmd_flamegraph(int argc, const char **argv);
int cmd_report(int argc, const char **argv);

#endif
