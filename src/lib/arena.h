/*
 * arena.h: the one bump allocator, for many small objects that all die
 * together (test names, parsed configuration, filter trees).
 *
 *     struct arena a = ARENA_INIT;
 *     char *name = arena_strdup(&a, "ring::push");
 *     ...
 *     arena_release(&a);      frees every allocation at once
 *
 * Memory is zeroed, aligned for any type (strings: not aligned, so that
 * short names cost their bytes only), and never freed one by one.
 */
#ifndef TARE_ARENA_H
#define TARE_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used;	/* bytes used in head */
};

#define ARENA_INIT { NULL, 0 }

void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_release(struct arena *a);

#endif
