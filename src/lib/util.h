/*
 * util.h: allocation that never returns NULL, the error convention, and
 * small helpers every module uses.
 *
 * Errors: library-level code calls error(), which prints one line
 * "tare: MESSAGE" on stderr and returns -1, so callers write
 * `return error("cannot open '%s'", path);`. Messages are lowercase with no
 * full stop. die() is for command-level code only: it prints the same line
 * and exits with status 2 (usage, config or input error). BUG() reports a
 * broken invariant and aborts.
 */
#ifndef TARE_UTIL_H
#define TARE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* After the system headers, whose inline definitions it would break. */
#include "banned.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define TARE_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define TARE_NORETURN __attribute__((noreturn))
#define TARE_UNUSED __attribute__((unused))
#else
#define TARE_PRINTF(f, a)
#define TARE_NORETURN
#define TARE_UNUSED
#endif

/* Exit statuses of the tare command, documented in docs/tare.1. */
enum {
	EXIT_OK = 0,
	EXIT_TESTS_FAILED = 1,
	EXIT_USAGE = 2,
	EXIT_REGRESSION = 3,
	EXIT_NO_TESTS = 4,
	EXIT_INTERRUPTED = 130,
};

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Multiplies two sizes, dying on overflow rather than wrapping. */
size_t st_mult(size_t a, size_t b);

/* Grows *p (an array of *alloc elements of size sz) to hold at least nr. */
#define ALLOC_GROW(p, nr, alloc) \
	((p) = alloc_grow_((p), (nr), &(alloc), sizeof(*(p))))
void *alloc_grow_(void *p, size_t nr, size_t *alloc, size_t sz);

int error(const char *fmt, ...) TARE_PRINTF(1, 2);
/* As error(), with ": strerror(errno)" appended. */
int error_errno(const char *fmt, ...) TARE_PRINTF(1, 2);
void warning(const char *fmt, ...) TARE_PRINTF(1, 2);
TARE_NORETURN void die(const char *fmt, ...) TARE_PRINTF(1, 2);
TARE_NORETURN void die_errno(const char *fmt, ...) TARE_PRINTF(1, 2);
TARE_NORETURN void bug_fl(const char *file, int line, const char *fmt, ...)
	TARE_PRINTF(3, 4);
#define BUG(...) bug_fl(__FILE__, __LINE__, __VA_ARGS__)

/*
 * Seconds since an arbitrary fixed point, from CLOCK_MONOTONIC: for
 * durations and deadlines, never for dates.
 */
double time_now(void);

/* "SIGSEGV" for SIGSEGV; "SIG77" for numbers without a name. */
const char *signal_name(int sig);

/* Number of online CPUs, at least 1. */
int cpu_count(void);

/* Writes all of buf, retrying on EINTR and short writes. */
int write_all(int fd, const void *buf, size_t len);

/* 64-bit FNV-1a; stable across runs and machines (partitions rely on it). */
uint64_t hash_fnv1a(const void *data, size_t len, uint64_t seed);
#define HASH_FNV1A_SEED 0xcbf29ce484222325ULL

/* Edit distance between a and b (insert, delete, substitute, transpose). */
size_t edit_distance(const char *a, const char *b);

#endif
