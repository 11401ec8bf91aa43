/*
 * A Criterion suite that passes, fails, skips, crashes, hangs and leaks on
 * purpose: tests/cli/cases/adapter_criterion*.case run it with tare.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

Test(misc, passes) { cr_assert_eq(1 + 1, 2); }
Test(misc, fails) { cr_assert_eq(1 + 1, 3, "one and one is not three"); }
Test(misc, skips) { cr_skip_test("not today"); }
Test(misc, off, .disabled = true) { cr_assert_fail("a disabled test ran"); }

Test(process, crashes) { *(volatile int *)NULL = 1; }
Test(process, hangs) { for (;;) pause(); }

Test(memory, leaks)
{
	char *p = malloc(32);

	strcpy(p, "lost");
	p = NULL;
}
