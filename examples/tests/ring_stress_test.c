/* A second binary: many operations checked against a simple model. */
#define TARE_MAIN
#include "tare.h"

#include <stdlib.h>
#include <string.h>

#include "../ring.h"

/* A fixed-seed generator: the same sequence on every run and machine. */
static unsigned next_random(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 16;
}

TARE_TEST(matches_a_model_over_100000_operations)
{
	struct ring r;
	unsigned char model[64], tmp[64];
	size_t len = 0, i;
	unsigned seed = 42;

	TARE_ASSERT_EQ(ring_init(&r, sizeof(model)), 0);
	for (i = 0; i < 100000; i++) {
		size_t n = next_random(&seed) % 24, k;

		if (next_random(&seed) % 2) {
			for (k = 0; k < n; k++)
				tmp[k] = (unsigned char)next_random(&seed);
			k = ring_write(&r, tmp, n);
			TARE_ASSERT_EQ(k, n < sizeof(model) - len ? n : sizeof(model) - len);
			memcpy(model + len, tmp, k);
			len += k;
		} else {
			k = ring_read(&r, tmp, n);
			TARE_ASSERT_EQ(k, n < len ? n : len);
			TARE_ASSERT_MEMEQ(tmp, model, k);
			memmove(model, model + k, len - k);
			len -= k;
		}
		TARE_ASSERT_EQ(ring_len(&r), len);
	}
	ring_free(&r);
}
