/*
 * tare: test, benchmark and profile C code under Valgrind.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "spawn.h"
#include "util.h"

static const struct {
	const char *name;
	int (*fn)(int argc, const char **argv);
	const char *help;
} commands[] = {
	{ "test", cmd_test, "run the tests of C test binaries, each in its own process" },
	{ "bench", cmd_bench, "measure benchmarks under callgrind, exact to the instruction" },
	{ "annotate", cmd_annotate, "show where a callgrind or cachegrind profile spends its cost" },
	{ "diff", cmd_diff, "compare two callgrind or cachegrind profiles per function" },
	{ "flamegraph", cmd_flamegraph, "draw a profile's call stacks as a flame graph" },
	{ "report", cmd_report, "write one HTML page of a profile, or of two compared" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: tare [--version] [--help] COMMAND [ARGS]\n\nCommands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\n'tare COMMAND --help' describes a command.\n");
}

/*
 * Data that did not reach stdout is an error (a full disk, a closed
 * file), but a reader that stopped reading (tare annotate | head) is
 * not: it had what it wanted.
 */
static int check_stdout(int ret)
{
	struct stat st;
	struct pollfd p = { 1, POLLOUT, 0 };

	if (fflush(stdout) == 0 && !ferror(stdout))
		return ret;
	if (!fstat(1, &st) && S_ISFIFO(st.st_mode) && poll(&p, 1, 0) == 1 &&
	    (p.revents & POLLERR))
		return ret;
	error("cannot write to standard output");
	return ret == EXIT_OK ? EXIT_USAGE : ret;
}

static int run(int argc, const char **argv);

int main(int argc, const char **argv)
{
	spawn_sanitize_stdfds();
	/*
	 * A closed stdout (tare test | head) must not kill tare while tests
	 * run: they would outlive it. Writes then just fail.
	 */
	signal(SIGPIPE, SIG_IGN);
	return check_stdout(run(argc, argv));
}

static int run(int argc, const char **argv)
{
	const char *cmd;
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		printf("tare %s\n", TARE_VERSION_STRING);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "help")) {
		if (argc < 3) {
			usage(stdout);
			return EXIT_OK;
		}
		for (i = 0; i < ARRAY_SIZE(commands); i++)
			if (!strcmp(argv[2], commands[i].name)) {
				const char *help_argv[] = { argv[2], "--help", NULL };
				return commands[i].fn(2, help_argv);
			}
		error("no command '%s'", argv[2]);
		return EXIT_USAGE;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(cmd, commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	error("unknown command '%s'", cmd);
	usage(stderr);
	return EXIT_USAGE;
}
