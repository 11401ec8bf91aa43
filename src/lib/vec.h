/*
 * vec.h: the one growable array, and strvec, a NULL-terminated vector of
 * owned strings (argv and environment lists).
 *
 * A vec is a struct with three members, declared with VEC(type):
 *
 *     VEC(struct job *) jobs = VEC_INIT;
 *     vec_push(&jobs, j);
 *     for (size_t i = 0; i < jobs.nr; i++) use(jobs.v[i]);
 *     vec_release(&jobs);
 *
 * `v` is NULL while empty; vec_release() frees the array, not the elements.
 */
#ifndef TARE_VEC_H
#define TARE_VEC_H

#include <stdlib.h>

#include "util.h"

#define VEC(type) struct { type *v; size_t nr, alloc; }
#define VEC_INIT { NULL, 0, 0 }

#define vec_grow(vec, extra) ALLOC_GROW((vec)->v, (vec)->nr + (extra), (vec)->alloc)
#define vec_push(vec, x) (vec_grow((vec), 1), (vec)->v[(vec)->nr++] = (x))
#define vec_release(vec) \
	(free((vec)->v), (vec)->v = NULL, (vec)->nr = (vec)->alloc = 0)

/*
 * strvec: `v` always points at a NULL-terminated array (never NULL), so it
 * can go straight to execve(). Every string in it is owned by the strvec.
 */
struct strvec {
	const char **v;
	size_t nr, alloc;
};

extern const char *strvec_empty[];
#define STRVEC_INIT { strvec_empty, 0, 0 }

void strvec_init(struct strvec *sv);
/* Pushes a copy of s. */
const char *strvec_push(struct strvec *sv, const char *s);
const char *strvec_pushf(struct strvec *sv, const char *fmt, ...) TARE_PRINTF(2, 3);
void strvec_pushv(struct strvec *sv, const char **items);
void strvec_clear(struct strvec *sv);

/*
 * Splits a command line into words the way a POSIX shell would without
 * expansions: whitespace separates words, '...' quotes literally, "..."
 * quotes with \" \\ \$ \` escapes, a backslash outside quotes escapes the
 * next character. Returns -1 and sets *err to a static message on an
 * unterminated quote.
 */
int strvec_split_shell(struct strvec *sv, const char *cmd, const char **err);

#endif
