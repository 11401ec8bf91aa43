/* Bulk reads and writes, in a second file of the ring_test binary. */
#include <string.h>

#include "tare.h"

#include "../ring.h"

TARE_TEST(write_then_read_round_trips)
{
	struct ring r;
	char out[16] = { 0 };

	TARE_ASSERT_EQ(ring_init(&r, 16), 0);
	TARE_ASSERT_EQ(ring_write(&r, "hello, ring", 11), 11);
	TARE_ASSERT_EQ(ring_read(&r, out, sizeof(out)), 11);
	TARE_ASSERT_STREQ(out, "hello, ring");
	ring_free(&r);
}

TARE_TEST(write_stops_at_capacity)
{
	struct ring r;

	TARE_ASSERT_EQ(ring_init(&r, 4), 0);
	TARE_ASSERT_EQ(ring_write(&r, "abcdef", 6), 4);
	TARE_ASSERT_EQ(ring_write(&r, "g", 1), 0);
	ring_free(&r);
}

TARE_TEST(bulk_copies_wrap_around_the_end)
{
	struct ring r;
	unsigned char out[8];

	TARE_ASSERT_EQ(ring_init(&r, 8), 0);
	ring_write(&r, "012345", 6);
	TARE_ASSERT_EQ(ring_skip(&r, 5), 5);
	/* head is at 6: this write wraps to the start of the buffer. */
	TARE_ASSERT_EQ(ring_write(&r, "abcdefg", 7), 7);
	TARE_ASSERT_EQ(ring_read(&r, out, sizeof(out)), 8);
	TARE_ASSERT_MEMEQ(out, "5abcdefg", 8);
	ring_free(&r);
}
