/*
 * A harness of cargo-nextest's list protocol that is not tare.h, as Rust's
 * libtest is: it lists its #[ignore]-style tests with --ignored and runs
 * one only when --ignored is given too.
 *
 *     BIN --list --format terse [--ignored]
 *     BIN --exact NAME [--ignored] [--nocapture]
 */
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int ignored, passes;
} tests[] = {
	{ "tests::adds", 0, 1 },
	{ "tests::fails", 0, 0 },
	{ "tests::slow_and_ignored", 1, 1 },
	{ "tests::broken_and_ignored", 1, 0 },
};

int main(int argc, char **argv)
{
	int list = 0, ignored = 0, i;
	const char *exact = NULL;
	size_t k;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--list"))
			list = 1;
		else if (!strcmp(argv[i], "--ignored"))
			ignored = 1;
		else if (!strcmp(argv[i], "--format") && i + 1 < argc && !strcmp(argv[i + 1], "terse"))
			i++;
		else if (!strcmp(argv[i], "--exact") && i + 1 < argc)
			exact = argv[++i];
		else if (strcmp(argv[i], "--nocapture"))
			return fprintf(stderr, "unknown option %s\n", argv[i]), 2;
	}
	for (k = 0; k < sizeof(tests) / sizeof(tests[0]); k++) {
		if (list && (!ignored || tests[k].ignored))
			printf("%s: test\n", tests[k].name);
		if (exact && !strcmp(exact, tests[k].name)) {
			if (tests[k].ignored && !ignored) {
				printf("test %s ... ignored\n", exact);
				return 0;
			}
			printf("test %s ... %s\n", exact, tests[k].passes ? "ok" : "FAILED");
			return tests[k].passes ? 0 : 101;
		}
	}
	return list ? 0 : 1;
}
