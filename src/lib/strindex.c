#include <stdlib.h>
#include <string.h>

#include "strindex.h"
#include "arena.h"
#include "util.h"

/* Slots the first index starts with: a table gets one when it passes 8 or so keys. */
#define STRINDEX_MIN_SLOTS 32

static size_t key_hash(const char *key)
{
	return (size_t)hash_fnv1a(key, strlen(key), HASH_FNV1A_SEED);
}

static const char *key_at(const void *items, size_t stride, size_t i)
{
	const char *key;

	memcpy(&key, (const char *)items + i * stride, sizeof(key));
	return key;
}

/* The slot of key: the one holding its position + 1, or the empty one where it would go. */
static size_t *slot_of(const struct strindex *ix, const void *items, size_t stride,
		       const char *key)
{
	size_t mask = ix->nslots - 1, i;

	for (i = key_hash(key) & mask; ix->slots[i]; i = (i + 1) & mask)
		if (!strcmp(key_at(items, stride, ix->slots[i] - 1), key))
			break;
	return &ix->slots[i];
}

size_t strindex_find(const struct strindex *ix, const void *items, size_t stride,
		     size_t nr, const char *key)
{
	size_t i;

	if (ix->slots)
		return *slot_of(ix, items, stride, key);
	for (i = 0; i < nr; i++)
		if (!strcmp(key_at(items, stride, i), key))
			return i + 1;
	return 0;
}

void strindex_add(struct strindex *ix, struct arena *a, const void *items, size_t stride,
		  size_t nr)
{
	size_t n, i;

	if (ix->slots && nr * 2 <= ix->nslots) {
		*slot_of(ix, items, stride, key_at(items, stride, nr - 1)) = nr;
		return;
	}
	n = ix->nslots ? ix->nslots : STRINDEX_MIN_SLOTS;
	while (nr * 2 > n)
		n = st_mult(n, 2);
	if (!a)
		free(ix->slots);
	ix->slots = a ? arena_alloc(a, st_mult(n, sizeof(*ix->slots)))
		      : xcalloc(n, sizeof(*ix->slots));
	ix->nslots = n;
	/* arena_alloc() zeroes, as calloc does. */
	for (i = 0; i < nr; i++)
		*slot_of(ix, items, stride, key_at(items, stride, i)) = i + 1;
}

void strindex_copy(struct strindex *out, const struct strindex *ix, struct arena *a)
{
	out->nslots = ix->nslots;
	out->slots = arena_alloc(a, st_mult(ix->nslots, sizeof(*ix->slots)));
	memcpy(out->slots, ix->slots, ix->nslots * sizeof(*ix->slots));
}

void strindex_release(struct strindex *ix)
{
	free(ix->slots);
	ix->slots = NULL;
	ix->nslots = 0;
}
