/*
 * One test per kind of error memcheck reports for C, with clean tests
 * between them. Each line where an error happens carries a marker,
 *     ERROR(Kind)  or  LEAK(Kind)  (for a leak, on the allocating line),
 * which memcheck_test.c reads to know which test must report what, where.
 * Built without optimisation, so every bug stays in the binary.
 */
#define TARE_MAIN
#include "tare.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

/* Keeps pointers and sizes opaque to the compiler, so it neither warns nor folds. */
static void *volatile sink;
static volatile size_t opaque_size = 8;

static void *hide(void *p)
{
	sink = p;
	return sink;
}

struct node {
	struct node *next;
	char payload[24];
};

TARE_TEST(clean_start)
{
	char *p = malloc(16);

	TARE_ASSERT_NOT_NULL(p);
	memset(p, 0, 16);
	free(p);
}

TARE_TEST(read_after_block)
{
	char *p = hide(malloc(16));
	volatile char c;

	c = p[16];	/* ERROR(InvalidRead) */
	(void)c;
	free(p);
}

TARE_TEST(clean_1)
{
	TARE_ASSERT_EQ(1 + 1, 2);
}

TARE_TEST(read_before_block)
{
	char *p = hide(malloc(16));
	volatile char c;

	c = p[-1];	/* ERROR(InvalidRead) */
	(void)c;
	free(p);
}

TARE_TEST(write_after_block)
{
	char *p = malloc(16);

	p[16] = 'x';	/* ERROR(InvalidWrite) */
	free(p);
}

TARE_TEST(clean_2)
{
	int *v = calloc(4, sizeof(int));

	TARE_ASSERT_EQ(v[3], 0);
	free(v);
}

TARE_TEST(write_before_block)
{
	char *p = malloc(16);

	p[-1] = 'x';	/* ERROR(InvalidWrite) */
	free(p);
}

TARE_TEST(use_after_free)
{
	int *p = malloc(4 * sizeof(int));
	int *volatile alias = p;
	volatile int x;

	free(p);
	x = alias[2];	/* ERROR(InvalidRead) */
	(void)x;
}

TARE_TEST(double_free)
{
	char *p = malloc(8);
	char *volatile alias = p;

	free(p);
	free(alias);	/* ERROR(InvalidFree) */
}

TARE_TEST(clean_3)
{
	TARE_ASSERT_STREQ("ring", "ring");
}

TARE_TEST(free_of_stack_memory)
{
	char local[8];
	void *volatile p = local;

	free(p);	/* ERROR(InvalidFree) */
}

TARE_TEST(uninitialised_condition)
{
	int *p = hide(malloc(sizeof(int)));
	volatile int taken = 0;

	if (*p > 0)	/* ERROR(UninitCondition) */
		taken = 1;
	(void)taken;
	free(p);
}

TARE_TEST(uninitialised_syscall_buffer)
{
	char *buf = hide(malloc(8));
	int fd = open("/dev/null", O_WRONLY);
	ssize_t n;

	TARE_ASSERT(fd >= 0);
	n = write(fd, buf, 8);	/* ERROR(SyscallParam) */
	(void)n;
	close(fd);
	free(buf);
}

TARE_TEST(clean_4)
{
	TARE_ASSERT_NEAR(0.5 + 0.25, 0.75, 0.0);
}

/*
 * memcpy as distributions build it (-D_FORTIFY_SOURCE, which turns it into
 * __memcpy_chk). Valgrind 3.19 does not see overlaps in plain memcpy on
 * glibc 2.36, where memcpy is the same function as memmove.
 */
extern void *__memcpy_chk(void *dst, const void *src, size_t n, size_t dst_size);

TARE_TEST(overlapping_memcpy)
{
	char buf[32] = "0123456789abcdef0123456789abcde";
	char *src = hide(buf + 4);

	__memcpy_chk(buf, src, opaque_size, sizeof(buf));	/* ERROR(Overlap) */
}

TARE_TEST(fishy_allocation_size)
{
	volatile size_t huge = (size_t)-8;

	sink = malloc(huge);	/* ERROR(FishyValue) */
}

TARE_TEST(leak_definite)
{
	char *p = malloc(64);	/* LEAK(Leak_DefinitelyLost) */

	p[0] = 1;
	p = NULL;
}

TARE_TEST(clean_5)
{
	void *p = malloc(100);

	free(p);
}

TARE_TEST(leak_indirect)
{
	struct node *head = malloc(sizeof(*head));	/* LEAK(Leak_DefinitelyLost) */

	head->next = malloc(sizeof(*head));	/* LEAK(Leak_IndirectlyLost) */
	head->next->next = NULL;
	head = NULL;
}

/*
 * A table that owns its cells, lost whole: one definite leak (the table),
 * nine indirect ones (each cell allocated on a line of its own, so each is
 * a loss record of its own), which memcheck lists first (the smaller).
 */
struct table {
	char *cell[9];
};

TARE_TEST(leak_owner)
{
	struct table *t = malloc(sizeof(*t));	/* LEAK(Leak_DefinitelyLost) */

	t->cell[0] = malloc(1);	/* LEAK(Leak_IndirectlyLost) */
	t->cell[1] = malloc(2);	/* LEAK(Leak_IndirectlyLost) */
	t->cell[2] = malloc(3);	/* LEAK(Leak_IndirectlyLost) */
	t->cell[3] = malloc(4);	/* LEAK(Leak_IndirectlyLost) */
	t->cell[4] = malloc(5);	/* LEAK(Leak_IndirectlyLost) */
	t->cell[5] = malloc(6);	/* LEAK(Leak_IndirectlyLost) */
	t->cell[6] = malloc(7);	/* LEAK(Leak_IndirectlyLost) */
	t->cell[7] = malloc(8);	/* LEAK(Leak_IndirectlyLost) */
	t->cell[8] = malloc(9);	/* LEAK(Leak_IndirectlyLost) */
	t = NULL;
}

/* Only a pointer into the middle of the block survives: possibly lost. */
static char *middle;

TARE_TEST(leak_possible)
{
	char *p = malloc(48);	/* LEAK(Leak_PossiblyLost) */

	middle = p + 10;
}

static void *cache;

TARE_TEST(still_reachable)
{
	cache = malloc(32);	/* LEAK(Leak_StillReachable) */
}

/* Errors in a child process belong to the test that started it. */
TARE_TEST(error_in_forked_child)
{
	pid_t pid = fork();
	int status = 0;

	TARE_ASSERT(pid >= 0);
	if (pid == 0) {
		char *p = hide(malloc(4));

		p[4] = 1;	/* ERROR(InvalidWrite) */
		free(p);
		_exit(0);
	}
	/* Memcheck's --error-exitcode makes the child exit with 1. */
	TARE_ASSERT_EQ(waitpid(pid, &status, 0), pid);
}

/* And so do errors in a program it runs: here, read_after_block alone. */
TARE_TEST(error_in_exec_child)
{
	const char *self = getenv("TARE_BINARY");
	pid_t pid;
	int status = 0;

	TARE_ASSERT_NOT_NULL(self);
	pid = fork();
	TARE_ASSERT(pid >= 0);
	if (pid == 0) {
		execl(self, "memcheck_errors", "--exact", "read_after_block", (char *)NULL);
		_exit(127);
	}
	TARE_ASSERT_EQ(waitpid(pid, &status, 0), pid);
}

TARE_TEST(clean_end)
{
	char *p = strdup("end");

	TARE_ASSERT_STREQ(p, "end");
	free(p);
}
