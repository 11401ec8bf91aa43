/*
 * A benchmark whose cost grows with $GROW in one function and stays in
 * another, for bench_test.c's explained regressions: growing_part's own
 * instructions are 20000 * GROW, steady_part's 20000 whatever GROW is.
 */
#define TARE_MAIN
#include "tare.h"

#include <stdlib.h>

static volatile unsigned long sink;

__attribute__((noinline)) static void steady_part(void)
{
	unsigned long i;

	for (i = 0; i < 5000; i++)
		sink += i;
}

__attribute__((noinline)) static void growing_part(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < 5000 * n; i++)
		sink ^= i;
}

static unsigned long grow = 1;

static void *grow_setup(const char *arg)
{
	const char *s = getenv("GROW");

	(void)arg;
	grow = s ? strtoul(s, NULL, 10) : 1;
	return NULL;
}

TARE_BENCH_SETUP(grows, grow_setup, NULL);

TARE_BENCH(grows)
{
	steady_part();
	growing_part(grow);
}
