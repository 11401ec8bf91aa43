/*
 * A second file of the same test binary: it includes tare.h without
 * TARE_MAIN, and its tests register like the first file's.
 */
#include <string.h>

#include "tare.h"

int header_second_unit_value(void);

int header_second_unit_value(void)
{
	return 42;
}

TARE_TEST(second_file_registers)
{
	TARE_ASSERT_EQ(header_second_unit_value(), 42);
}

/*
 * Benchmarks compile in every language mode too; header_test.c runs them
 * once as tests through the protocol.
 */
struct header_bench_input {
	int value;
	int torn_down;
};

static struct header_bench_input header_bench_state;

static void *header_bench_setup(const char *arg)
{
	header_bench_state.value = arg ? (int)strlen(arg) : -1;
	header_bench_state.torn_down = 0;
	return &header_bench_state;
}

static void header_bench_teardown(void *input)
{
	((struct header_bench_input *)input)->torn_down = 1;
}

TARE_BENCH(header_plain)
{
	int x = 7;

	tare_black_box(&x);
	TARE_ASSERT(tare_bench_input() == NULL);
}

TARE_BENCH_SETUP(header_cased, header_bench_setup, header_bench_teardown);
TARE_BENCH_CASE(header_cased, "three", "abc");
TARE_BENCH_CASE(header_cased, "none", "");

TARE_BENCH_IMPL(header_cased, first)
{
	struct header_bench_input *in = (struct header_bench_input *)tare_bench_input();

	TARE_ASSERT_EQ(in->value, (int)strlen(tare_bench_arg()));
	TARE_ASSERT_EQ(in->torn_down, 0);
}

TARE_BENCH_IMPL(header_cased, second)
{
	TARE_ASSERT_NOT_NULL(tare_bench_input());
}
