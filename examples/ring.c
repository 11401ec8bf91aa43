#include <stdlib.h>
#include <string.h>

#include "ring.h"

int ring_init(struct ring *r, size_t min_cap)
{
	uint32_t cap = 1;

	if (min_cap == 0 || min_cap > (1u << 31))
		return -1;
	while (cap < min_cap)
		cap <<= 1;
	r->buf = malloc(cap);
	if (!r->buf)
		return -1;
	r->cap = cap;
	r->head = r->tail = 0;
	return 0;
}

void ring_free(struct ring *r)
{
	free(r->buf);
	r->buf = NULL;
	r->cap = r->head = r->tail = 0;
}

size_t ring_len(const struct ring *r)
{
	return r->head - r->tail;
}

size_t ring_space(const struct ring *r)
{
	return r->cap - ring_len(r);
}

int ring_push(struct ring *r, unsigned char c)
{
	if (!ring_space(r))
		return -1;
	r->buf[r->head++ & (r->cap - 1)] = c;
	return 0;
}

int ring_pop(struct ring *r, unsigned char *c)
{
	if (!ring_len(r))
		return -1;
	*c = r->buf[r->tail++ & (r->cap - 1)];
	return 0;
}

int ring_peek(const struct ring *r, size_t i, unsigned char *c)
{
	if (i >= ring_len(r))
		return -1;
	*c = r->buf[(r->tail + (uint32_t)i) & (r->cap - 1)];
	return 0;
}

size_t ring_write(struct ring *r, const void *data, size_t n)
{
	uint32_t at = r->head & (r->cap - 1);
	size_t first;

	if (n > ring_space(r))
		n = ring_space(r);
	/* At most two copies: up to the end of the buffer, then from its start. */
	first = r->cap - at < n ? r->cap - at : n;
	memcpy(r->buf + at, data, first);
	memcpy(r->buf, (const unsigned char *)data + first, n - first);
	r->head += (uint32_t)n;
	return n;
}

size_t ring_read(struct ring *r, void *out, size_t n)
{
	uint32_t at = r->tail & (r->cap - 1);
	size_t first;

	if (n > ring_len(r))
		n = ring_len(r);
	first = r->cap - at < n ? r->cap - at : n;
	memcpy(out, r->buf + at, first);
	memcpy((unsigned char *)out + first, r->buf, n - first);
	r->tail += (uint32_t)n;
	return n;
}

size_t ring_skip(struct ring *r, size_t n)
{
	if (n > ring_len(r))
		n = ring_len(r);
	r->tail += (uint32_t)n;
	return n;
}
