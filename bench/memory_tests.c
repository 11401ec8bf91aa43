/*
 * bench/memory: a test binary that speaks tare's list protocol
 * (docs/protocol.md) for as many tests as MEMORY_TESTS says, each passing
 * at once after printing MEMORY_BYTES bytes to stdout. A harness of its
 * own, not tare.h: 20,000 registered tests would make every test process
 * slow to start, and this measures tare, not the tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long env_number(const char *name, long dflt)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (!s || !*s)
		return dflt;
	v = strtol(s, &end, 10);
	return *end || v < 0 ? dflt : v;
}

int main(int argc, char **argv)
{
	long tests = env_number("MEMORY_TESTS", 200), bytes = env_number("MEMORY_BYTES", 0), i;
	static char chunk[65536];
	char line[64];
	int n;

	if (argc >= 2 && !strcmp(argv[1], "--list")) {
		for (i = 0; i < tests; i++)
			printf("test_%06ld: test\n", i);
		return 0;
	}
	if (argc < 3 || strcmp(argv[1], "--exact"))
		return 2;
	memset(chunk, 'x', sizeof(chunk));
	chunk[sizeof(chunk) - 1] = '\n';
	for (i = 0; i < bytes; i += (long)sizeof(chunk))
		if (fwrite(chunk, 1, sizeof(chunk), stdout) != sizeof(chunk))
			return 1;
	fflush(stdout);
	/* The result channel, as tare.h would say it. */
	n = snprintf(line, sizeof(line), "pass %s\n", argv[2]);
	if (getenv("TARE_RESULT_FD") && write(3, line, (size_t)n) != n)
		return 1;
	return 0;
}
