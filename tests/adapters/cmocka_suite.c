/*
 * A cmocka suite that passes, fails, skips, crashes (cmocka catches the
 * signal and reports the test failed) and leaks on purpose. Run with
 * CMOCKA_MESSAGE_OUTPUT=tap (tare sets it) it prints TAP, one result per
 * test: tests/cli/cases/adapter_cmocka*.case run it with tare.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void adds(void **state)
{
	(void)state;
	assert_int_equal(1 + 1, 2);
}

static void fails(void **state)
{
	(void)state;
	assert_int_equal(1 + 1, 3);
}

static void skips(void **state)
{
	(void)state;
	skip();
}

static void crashes(void **state)
{
	(void)state;
	*(volatile int *)NULL = 1;
}

static void leaks(void **state)
{
	char *volatile p = malloc(32);

	(void)state;
	strcpy(p, "lost");
	p = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(adds),
		cmocka_unit_test(fails),
		cmocka_unit_test(skips),
		cmocka_unit_test(crashes),
		cmocka_unit_test(leaks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
