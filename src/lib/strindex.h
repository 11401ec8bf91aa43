/*
 * strindex.h: the one hash index of strings, for the parsers' tables (a
 * JSON object's members, a TOML table's keys), which keep their elements
 * in an array of their own, in order.
 *
 *     struct strindex ix = STRINDEX_INIT;
 *
 *     vec_push(&members, m);
 *     strindex_add(&ix, NULL, members.v, sizeof(*members.v), members.nr);
 *     size_t i = strindex_find(&ix, members.v, sizeof(*members.v), members.nr, "name");
 *     if (i) ... members.v[i - 1] is the one
 *     strindex_release(&ix);
 *
 * The elements are `stride` bytes apart from `items`, and each begins
 * with its key, a `const char *` (NUL-terminated). The index holds each
 * element's position + 1 in open-addressed slots, at most half full, so it
 * holds for a copy of the array too. A table that stays small needs no
 * index: the caller decides when to start one.
 */
#ifndef TARE_STRINDEX_H
#define TARE_STRINDEX_H

#include <stddef.h>

struct arena;

struct strindex {
	size_t *slots;	/* position + 1, or 0 for an empty slot; NULL without an index */
	size_t nslots;	/* 0, or a power of two */
};

#define STRINDEX_INIT { NULL, 0 }

/*
 * The position + 1 of the element whose key is key, or 0. Without an
 * index, looks through the nr elements in order.
 */
size_t strindex_find(const struct strindex *ix, const void *items, size_t stride,
		     size_t nr, const char *key);

/*
 * Indexes element nr - 1, just appended, whose key is not in the index;
 * the first call (no slots yet) indexes all nr. The slots grow to keep
 * them at most half full: from the arena a (which keeps the old ones), or
 * with malloc when a is NULL (strindex_release() frees them).
 */
void strindex_add(struct strindex *ix, struct arena *a, const void *items, size_t stride,
		  size_t nr);

/* A copy of the slots of ix in arena a, into *out: for a tree that outlives ix. */
void strindex_copy(struct strindex *out, const struct strindex *ix, struct arena *a);

/* Frees slots that strindex_add() got with malloc, and empties ix. */
void strindex_release(struct strindex *ix);

#endif
