/*
 * A test program that prints what ThrowTheSwitch's Unity prints, one line
 * per test and a summary, for tests/cli/cases/adapter_unity*.case. Unity
 * itself is compiled into each project that uses it; this stands in for
 * it, its entry points named as Unity's so that tare recognises it.
 * UNITY_MODE picks a misbehaviour: "ok", "crash" or "hang" (after two
 * tests), "lies" (a summary its results do not match), "leak".
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int tests, failures, ignored;

void UnityBegin(const char *file);
int UnityEnd(void);

void UnityBegin(const char *file)
{
	(void)file;
	tests = failures = ignored = 0;
}

int UnityEnd(void)
{
	printf("\n-----------------------\n%d Tests %d Failures %d Ignored \n%s\n",
	       tests, failures, ignored, failures ? "FAIL" : "OK");
	return failures;
}

static void result(int line, const char *name, const char *status, const char *msg)
{
	tests++;
	failures += !strcmp(status, "FAIL");
	ignored += !strcmp(status, "IGNORE");
	printf("test/test_ring.c:%d:%s:%s%s%s\n", line, name, status, msg ? ": " : "", msg ? msg : "");
	/* As Unity built with UNITY_OUTPUT_FLUSH() fflush(stdout): a crash loses nothing. */
	fflush(stdout);
}

int main(void)
{
	const char *mode = UNITY_MODE;

	UnityBegin("test/test_ring.c");
	puts("setting up the ring");
	result(12, "test_push_then_pop", "PASS", NULL);
	result(20, "test_wraps_around", "FAIL", "Expected 7 Was 8");
	if (!strcmp(mode, "crash"))
		raise(SIGSEGV);
	if (!strcmp(mode, "hang"))
		for (;;)
			pause();
	result(31, "test_resize", "IGNORE", "not written yet");
	result(40, "test_empty", "IGNORE", NULL);
	if (!strcmp(mode, "leak")) {
		char *volatile p = malloc(24);

		strcpy(p, "lost");
		p = NULL;
	}
	if (!strcmp(mode, "lies")) {
		tests++;
		return UnityEnd();
	}
	return UnityEnd();
}
