/*
 * ring.h: a byte ring buffer with a power-of-two capacity, the kind that
 * sits between a producer and a consumer in drivers and protocol code.
 *
 *     struct ring r;
 *     if (ring_init(&r, 4096) < 0) ...      capacity rounded up to 2^k
 *     ring_write(&r, buf, n);               returns bytes stored
 *     ring_read(&r, out, sizeof(out));      returns bytes taken
 *     ring_free(&r);
 *
 * The indices run freely and wrap modulo 2^32; the buffer is full when
 * head - tail == capacity. Not thread-safe.
 */
#ifndef RING_H
#define RING_H

#include <stddef.h>
#include <stdint.h>

struct ring {
	unsigned char *buf;
	uint32_t cap;	/* a power of two */
	uint32_t head;	/* next byte to write */
	uint32_t tail;	/* next byte to read */
};

/* Allocates at least min_cap bytes (1 to 2^31). 0, or -1 on bad size or no memory. */
int ring_init(struct ring *r, size_t min_cap);
void ring_free(struct ring *r);

size_t ring_len(const struct ring *r);
size_t ring_space(const struct ring *r);

/* One byte: 0, or -1 when full (push) or empty (pop, peek). */
int ring_push(struct ring *r, unsigned char c);
int ring_pop(struct ring *r, unsigned char *c);
int ring_peek(const struct ring *r, size_t i, unsigned char *c);

/* As many bytes as fit / as are there, up to n; returns how many. */
size_t ring_write(struct ring *r, const void *data, size_t n);
size_t ring_read(struct ring *r, void *out, size_t n);

/* Drops n bytes from the front (at most ring_len). Returns how many. */
size_t ring_skip(struct ring *r, size_t n);

#endif
