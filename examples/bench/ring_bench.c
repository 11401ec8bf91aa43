/*
 * Benchmarks of the ring buffer: is the bulk API (ring_write, ring_read)
 * worth having over a byte at a time (ring_push, ring_pop)? Each benchmark
 * has both implementations; tare.toml names `bytewise` the baseline, so
 * RESULTS.md shows what the bulk calls save.
 *
 *     tare bench                     measure under callgrind, compare with the last run
 *     tare bench --save-baseline main, later tare bench --baseline main
 *     tare bench --wall              the same bodies, timed natively
 */
#define TARE_MAIN
#include "tare.h"

#include <stdlib.h>
#include <string.h>

#include "../ring.h"

/* What every body works on, made by the setup and not measured. */
struct fixture {
	struct ring r;
	size_t n;		/* bytes to move */
	unsigned char *data, *out;
};

static void *make_fixture(const char *arg)
{
	struct fixture *f = (struct fixture *)calloc(1, sizeof(*f));
	size_t i;

	f->n = arg ? (size_t)atoi(arg) : 1000;
	f->data = (unsigned char *)malloc(f->n);
	f->out = (unsigned char *)malloc(f->n);
	for (i = 0; i < f->n; i++)
		f->data[i] = (unsigned char)(i * 31 + 7);
	ring_init(&f->r, 1024);
	return f;
}

static void free_fixture(void *p)
{
	struct fixture *f = (struct fixture *)p;

	ring_free(&f->r);
	free(f->data);
	free(f->out);
	free(f);
}

/* transfer: N bytes through a 1 KiB ring, in 256-byte steps. */
TARE_BENCH_SETUP(transfer, make_fixture, free_fixture);
TARE_BENCH_CASE(transfer, "64", "64");
TARE_BENCH_CASE(transfer, "4k", "4096");

TARE_BENCH_IMPL(transfer, bulk)
{
	struct fixture *f = (struct fixture *)tare_bench_input();
	size_t done = 0;

	while (done < f->n) {
		size_t step = f->n - done < 256 ? f->n - done : 256;

		ring_write(&f->r, f->data + done, step);
		ring_read(&f->r, f->out + done, step);
		done += step;
	}
	tare_black_box(f->out);
}

TARE_BENCH_IMPL(transfer, bytewise)
{
	struct fixture *f = (struct fixture *)tare_bench_input();
	size_t done = 0, i;

	while (done < f->n) {
		size_t step = f->n - done < 256 ? f->n - done : 256;

		for (i = 0; i < step; i++)
			ring_push(&f->r, f->data[done + i]);
		for (i = 0; i < step; i++)
			ring_pop(&f->r, &f->out[done + i]);
		done += step;
	}
	tare_black_box(f->out);
}

/*
 * wrap: 1000 bytes written where the ring's end is 24 bytes away, so
 * every write and read wraps around: the two-copy path of the bulk calls.
 */
static void *make_wrapped(const char *arg)
{
	struct fixture *f = (struct fixture *)make_fixture(arg);

	f->r.head = f->r.tail = 1000;
	return f;
}

TARE_BENCH_SETUP(wrap, make_wrapped, free_fixture);

TARE_BENCH_IMPL(wrap, bulk)
{
	struct fixture *f = (struct fixture *)tare_bench_input();

	ring_write(&f->r, f->data, f->n);
	ring_read(&f->r, f->out, f->n);
	tare_black_box(f->out);
}

TARE_BENCH_IMPL(wrap, bytewise)
{
	struct fixture *f = (struct fixture *)tare_bench_input();
	size_t i;

	for (i = 0; i < f->n; i++)
		ring_push(&f->r, f->data[i]);
	for (i = 0; i < f->n; i++)
		ring_pop(&f->r, &f->out[i]);
	tare_black_box(f->out);
}
