/*
 * benchrun.h: a benchmark run's policy on top of the runner: each selected
 * benchmark in a process of its own, under callgrind (or natively with
 * --wall), pinned for determinism; the profile read through the one
 * reader and turned into metrics.
 *
 * Determinism (docs/bench.md): the environment holds only PATH,
 * LD_LIBRARY_PATH, LD_PRELOAD, VALGRIND_LIB, PWD, TARE=1, LD_BIND_NOW=1,
 * what [bench] env adds and TARE_PAD; the working directory is the root;
 * the binary runs through a link of fixed length in a folder made for the
 * run, and is told which benchmark to run by its index, printed at a fixed
 * width; TARE_PAD brings the arguments and the environment to a fixed
 * size, so neither the names' lengths nor the caller's environment move
 * the stack; address-space randomisation is off (the caller sees to it,
 * once).
 */
#ifndef TARE_BENCHRUN_H
#define TARE_BENCHRUN_H

#include "bench.h"
#include "discover.h"

struct benchrun_opts {
	const char *root;		/* working directory of the benchmarks */
	const char *dir;		/* profiles go to DIR/BINARY/NAME.callgrind.out */
	int jobs;
	int wall;			/* native timing, not callgrind */
	int dhat;			/* also a DHAT run per benchmark, for heap use */
	const char *const *cache;	/* I1, D1, LL */
	const struct strvec *env;	/* [bench] env */
	double timeout;			/* seconds per benchmark */
	int no_fork_server;		/* one callgrind per benchmark, even where a binary serves */
	/*
	 * Called for each benchmark as its result is in, in list order
	 * whatever order they finish in; output is what the process printed
	 * (for a failure).
	 */
	void (*done)(void *ctx, const struct test_case *tc, const struct bench_result *r,
		     const struct strbuf *output);
	void *ctx;
};

/*
 * Runs the selected benchmarks of list and appends their results to sum.
 * Returns 0; -1 if the run itself failed; -2 if it was interrupted.
 */
int benchrun_run(struct test_list *list, const struct benchrun_opts *o,
		 struct bench_summary *sum);

#endif
