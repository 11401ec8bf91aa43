/*
 * Benchmarks whose counts are known, for bench_test.c: an inline-assembly
 * loop of a known instruction count, an empty body, and setup and
 * teardown that run a million instructions each but must add nothing.
 * Built with -O2 (build/fixtures/benches), and again at -O0
 * (benches_O0) and without Valgrind's headers (benches_novg).
 */
#define TARE_MAIN
#include "tare.h"

#include <stdlib.h>
#include <string.h>

/* Iterations of the two-instruction loop: 200000 instructions. */
#define LOOP_ITERATIONS 100000

/* Exactly 2 * n instructions: a decrement and a conditional branch. */
#if defined(__x86_64__) || defined(__i386__)
#define SPIN(n)                                                               \
	do {                                                                  \
		unsigned long spin_n = (n);                                    \
		__asm__ __volatile__("1: dec %0\n\tjnz 1b" : "+r"(spin_n) : : "cc"); \
	} while (0)
#elif defined(__aarch64__)
#define SPIN(n)                                                               \
	do {                                                                  \
		unsigned long spin_n = (n);                                    \
		__asm__ __volatile__("1: subs %0, %0, #1\n\tb.ne 1b" : "+r"(spin_n) : : "cc"); \
	} while (0)
#else
#error "benches.c counts instructions of x86-64 or AArch64 assembly"
#endif

TARE_BENCH(asm_loop)
{
	SPIN(LOOP_ITERATIONS);
}

TARE_BENCH(empty)
{
}

static void *heavy_setup(const char *arg)
{
	(void)arg;
	SPIN(500000);
	return malloc(64);
}

static void heavy_teardown(void *input)
{
	SPIN(500000);
	free(input);
}

TARE_BENCH_SETUP(heavy_setup, heavy_setup, heavy_teardown);

/* The input is made and freed outside: the body is as empty as `empty`. */
TARE_BENCH(heavy_setup)
{
	tare_black_box(tare_bench_input());
}

/* Cases and implementations: sorting, by two algorithms, two sizes. */
struct input {
	size_t n;
	int v[];
};

static void *make_input(const char *arg)
{
	size_t n = (size_t)atoi(arg), i;
	struct input *in = (struct input *)malloc(sizeof(*in) + n * sizeof(int));
	unsigned x = 12345;

	in->n = n;
	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		in->v[i] = (int)(x >> 8);
	}
	return in;
}

TARE_BENCH_SETUP(sort, make_input, free);
TARE_BENCH_CASE(sort, "16", "16");
TARE_BENCH_CASE(sort, "256", "256");

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

TARE_BENCH_IMPL(sort, libc_qsort)
{
	struct input *in = (struct input *)tare_bench_input();

	qsort(in->v, in->n, sizeof(int), cmp_int);
	tare_black_box(in->v);
}

TARE_BENCH_IMPL(sort, insertion)
{
	struct input *in = (struct input *)tare_bench_input();
	size_t i, j;

	for (i = 1; i < in->n; i++) {
		int x = in->v[i];

		for (j = i; j > 0 && in->v[j - 1] > x; j--)
			in->v[j] = in->v[j - 1];
		in->v[j] = x;
	}
	tare_black_box(in->v);
}

/* Allocates in the body: malloc's path is measured too, the same every run. */
TARE_BENCH(alloc_copy)
{
	char *p = (char *)malloc(4096);

	memset(p, 'x', 4096);
	tare_black_box(p);
	free(p);
}

/*
 * The body's last act is a call, which -O2 makes a jump (`jmp
 * alloc_work`): its frame is gone from the stack alloc_work allocates on.
 */
__attribute__((noinline)) static void alloc_work(void)
{
	char *p = (char *)malloc(1000);

	memset(p, 'y', 1000);
	tare_black_box(p);
	free(p);
}

TARE_BENCH(alloc_tail)
{
	alloc_work();
}
