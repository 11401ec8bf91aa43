/* The ring buffer's tests; ring_bulk_test.c adds more to the same binary. */
#define TARE_MAIN
#include "tare.h"

#include "../ring.h"

TARE_TEST(init_rounds_capacity_up)
{
	struct ring r;

	TARE_ASSERT_EQ(ring_init(&r, 100), 0);
	TARE_ASSERT_EQ(r.cap, 128);
	TARE_ASSERT_EQ(ring_len(&r), 0);
	TARE_ASSERT_EQ(ring_space(&r), 128);
	ring_free(&r);
}

TARE_TEST(init_rejects_bad_sizes)
{
	struct ring r;

	TARE_ASSERT_EQ(ring_init(&r, 0), -1);
	TARE_ASSERT_EQ(ring_init(&r, (size_t)1 << 32), -1);
}

TARE_TEST(push_then_pop)
{
	struct ring r;
	unsigned char c = 0;

	TARE_ASSERT_EQ(ring_init(&r, 4), 0);
	TARE_ASSERT_EQ(ring_push(&r, 7), 0);
	TARE_ASSERT_EQ(ring_push(&r, 8), 0);
	TARE_ASSERT_EQ(ring_len(&r), 2);
	TARE_ASSERT_EQ(ring_pop(&r, &c), 0);
	TARE_ASSERT_EQ(c, 7);
	TARE_ASSERT_EQ(ring_pop(&r, &c), 0);
	TARE_ASSERT_EQ(c, 8);
	TARE_ASSERT_EQ(ring_pop(&r, &c), -1);
	ring_free(&r);
}

TARE_TEST(push_fails_when_full)
{
	struct ring r;

	TARE_ASSERT_EQ(ring_init(&r, 2), 0);
	TARE_ASSERT_EQ(ring_push(&r, 1), 0);
	TARE_ASSERT_EQ(ring_push(&r, 2), 0);
	TARE_ASSERT_EQ(ring_push(&r, 3), -1);
	TARE_ASSERT_EQ(ring_space(&r), 0);
	ring_free(&r);
}

TARE_TEST(peek_looks_without_taking)
{
	struct ring r;
	unsigned char c = 0;

	TARE_ASSERT_EQ(ring_init(&r, 8), 0);
	ring_write(&r, "abc", 3);
	TARE_ASSERT_EQ(ring_peek(&r, 2, &c), 0);
	TARE_ASSERT_EQ(c, 'c');
	TARE_ASSERT_EQ(ring_peek(&r, 3, &c), -1);
	TARE_ASSERT_EQ(ring_len(&r), 3);
	ring_free(&r);
}

TARE_TEST(indices_wrap_past_four_billion)
{
	struct ring r;
	unsigned char c = 0;

	TARE_ASSERT_EQ(ring_init(&r, 4), 0);
	r.head = r.tail = UINT32_MAX - 1;	/* about to wrap */
	TARE_ASSERT_EQ(ring_push(&r, 'x'), 0);
	TARE_ASSERT_EQ(ring_push(&r, 'y'), 0);
	TARE_ASSERT_EQ(ring_push(&r, 'z'), 0);
	TARE_ASSERT_EQ(ring_len(&r), 3);
	TARE_ASSERT_EQ(ring_pop(&r, &c), 0);
	TARE_ASSERT_EQ(c, 'x');
	ring_free(&r);
}
