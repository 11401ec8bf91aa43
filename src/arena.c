#include <stdalign.h>
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

void *arena_alloc(struct arena *a, size_t n)
{
	size_t align = alignof(max_align_t);
	size_t need = (n + align - 1) & ~(align - 1);
	void *p;

	if (need < n)
		die("size overflow in arena");
	if (!a->head || a->head->size - a->used < need) {
		/*
		 * Large requests get a block of their own, placed behind the
		 * current head so the head's free space is not wasted.
		 */
		size_t size = need > ARENA_BLOCK_SIZE / 4 ? need : ARENA_BLOCK_SIZE;
		struct arena_block *b = xcalloc(1, sizeof(*b) + size);

		b->size = size;
		if (size != ARENA_BLOCK_SIZE && a->head) {
			b->next = a->head->next;
			a->head->next = b;
			return b->data;
		}
		b->next = a->head;
		a->head = b;
		a->used = 0;
	}
	p = a->head->data + a->used;
	a->used += need;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
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
