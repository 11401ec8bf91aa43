#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "util.h"

#define ARENA_BLOCK_SIZE 65536

struct arena_block {
	struct arena_block *next;
	size_t size;
	alignas(max_align_t) unsigned char data[];
};

/* n bytes aligned to align (a power of two), from the head or a new block. */
static void *arena_take(struct arena *a, size_t n, size_t align)
{
	size_t at = a->head ? (a->used + align - 1) & ~(align - 1) : 0;
	void *p;

	if (n > SIZE_MAX - ARENA_BLOCK_SIZE)
		die("size overflow in arena");
	if (!a->head || at > a->head->size || a->head->size - at < n) {
		/*
		 * Large requests get a block of their own, placed behind the
		 * current head so the head's free space is not wasted.
		 */
		size_t size = n > ARENA_BLOCK_SIZE / 4 ? n : ARENA_BLOCK_SIZE;
		struct arena_block *b = xcalloc(1, sizeof(*b) + size);

		b->size = size;
		if (size != ARENA_BLOCK_SIZE && a->head) {
			b->next = a->head->next;
			a->head->next = b;
			return b->data;
		}
		b->next = a->head;
		a->head = b;
		at = 0;
	}
	p = a->head->data + at;
	a->used = at + n;
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return arena_take(a, n, alignof(max_align_t));
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	/* Strings need no alignment: many short names take no more than their bytes. */
	char *p = arena_take(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;

	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used = 0;
}
