/*
 * A plain test executable: no framework, its exit status says how it
 * ended (0 pass, 77 skip, 99 hard error, else fail). Built once for each
 * PLAIN_MODE; tests/cli/cases/adapter_plain*.case run them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	const char *mode = PLAIN_MODE;

	if (!strcmp(mode, "pass")) {
		puts("all good");
		return 0;
	}
	if (!strcmp(mode, "skip")) {
		puts("nothing to test here");
		return 77;
	}
	if (!strcmp(mode, "error")) {
		fputs("cannot set up the test\n", stderr);
		return 99;
	}
	if (!strcmp(mode, "leak")) {
		char *p = malloc(16);

		strcpy(p, "lost");
		p = NULL;
		return 0;
	}
	fputs("expected 4, got 5\n", stderr);
	return 1;
}
