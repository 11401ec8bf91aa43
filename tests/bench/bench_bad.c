/*
 * Benchmarks that go wrong on purpose, for bench_test.c: one fails an
 * assertion, one writes past its block (callgrind does not notice;
 * `tare test --benches --profile valgrind` must), one does its work in a
 * thread that callgrind does not count.
 */
#define TARE_MAIN
#include "tare.h"

#include <pthread.h>
#include <stdlib.h>

TARE_BENCH(fails)
{
	TARE_FAIL("this benchmark fails on purpose");
}

TARE_BENCH(corrupts)
{
	char *volatile p = (char *)malloc(16);

	p[16] = 'x';
	tare_black_box(p);
	free(p);
}

static void *work(void *arg)
{
	unsigned s = 0, i;

	for (i = 0; i < 10000; i++)
		s += i;
	tare_black_box(&s);
	return arg;
}

TARE_BENCH(threaded)
{
	pthread_t t;

	pthread_create(&t, NULL, work, NULL);
	pthread_join(t, NULL);
}

TARE_BENCH(fine)
{
	tare_black_box(NULL);
}
