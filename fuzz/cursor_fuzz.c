/*
 * libFuzzer: every cursor primitive (cursor.h) on any bytes, with its
 * contract checked: on success the cursor moved forward and stayed within
 * the text, on failure it did not move and the out parameter is as it
 * was; numbers are within their limits and are what the digits say;
 * UTF-8 that is encoded is valid again. The text is copied so that it
 * ends where the fuzzer's data ends: ASan catches a read past `end`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cursor.h"

static void check(int cond)
{
	if (!cond)
		abort();
}

/* The contract of an int-returning primitive, from before to after. */
static void moved(int rc, const char *before, const char *after, const char *end)
{
	if (rc)
		check(rc >= CURSOR_NONE && rc <= CURSOR_TOO_LONG && after == before);
	else
		check(after >= before && after <= end);
}

/* The value of the decimal digits [s, e), or -1 past UINT64_MAX: an independent reading. */
static int digits_value(const char *s, const char *e, uint64_t *out)
{
	uint64_t v = 0;

	for (; s < e; s++) {
		check(*s >= '0' && *s <= '9');
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

static void one(const char *s, const char *end, uint64_t max, int64_t lo, int64_t hi,
		size_t digits)
{
	const char *t, *w;
	uint64_t u = 12345, x;
	int64_t i = -12345;
	double d = 0.5;
	size_t len = 0;
	int rc;

	t = s;
	rc = cursor_u64(&t, end, max, &u);
	moved(rc, s, t, end);
	if (!rc) {
		check(t > s && u <= max && digits_value(s, t, &x) == 0 && x == u);
		check(t == end || !cursor_is_digit(*t));
	} else if (rc == CURSOR_OVERFLOW) {
		const char *e = s;

		check(u == 12345);
		while (e < end && cursor_is_digit(*e))
			e++;
		check(digits_value(s, e, &x) < 0 || x > max);
	} else {
		check(rc == CURSOR_NONE && (s == end || !cursor_is_digit(*s)));
	}

	t = s;
	rc = cursor_i64(&t, end, lo, hi, &i);
	moved(rc, s, t, end);
	check(rc ? i == -12345 : i >= lo && i <= hi && t > s);

	t = s;
	rc = cursor_hex(&t, end, digits, &u);
	moved(rc, s, t, end);
	if (!rc)
		check(t > s && (size_t)(t - s) <= digits && (t == end || cursor_hex_value(*t) < 0) &&
		      (digits >= 16 || u < (uint64_t)1 << (4 * (t - s))));

	t = s;
	rc = cursor_hex_upto(&t, end, digits, &u);
	moved(rc, s, t, end);
	check(rc ? rc == CURSOR_NONE : (size_t)(t - s) <= digits && t > s);

	t = s;
	rc = cursor_double(&t, end, &d);
	moved(rc, s, t, end);
	t = s;
	rc = cursor_percent(&t, end, &d);
	moved(rc, s, t, end);

	t = s;
	rc = cursor_word(&t, end, &w, &len);
	moved(rc, s, t, end);
	if (!rc) {
		check(w == s && len == (size_t)(t - s) && len > 0);
		check(!memchr(w, '\n', len));
	}
	t = s;
	rc = cursor_char(&t, end, 'a');
	moved(rc, s, t, end);
	check(rc || t == s + 1);
	t = s;
	rc = cursor_lit(&t, end, "ab");
	moved(rc, s, t, end);
	check(rc || (t == s + 2 && !memcmp(s, "ab", 2)));

	t = s;
	cursor_skip_blanks(&t, end);
	check(t >= s && t <= end && (t == end || !cursor_is_blank(*t)));
	t = s;
	cursor_skip_space(&t, end);
	check(t >= s && t <= end && (t == end || !cursor_is_space(*t)));
	t = s;
	cursor_skip_ws(&t, end);
	check(t >= s && t <= end);

	if (s < end) {
		size_t n = utf8_valid_len((const unsigned char *)s, (size_t)(end - s));

		check(n <= 4 && n <= (size_t)(end - s));
		check(utf8_find_invalid(s, s + (n ? n : 1)) == (n ? NULL : s));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t max = UINT64_MAX;
	int64_t lo = INT64_MIN, hi = INT64_MAX;
	size_t digits = 16, k;
	char *text, out[4];
	uint32_t cp;

	/* The first bytes choose the limits: all of them, and small ones. */
	if (size >= 4) {
		max = data[0] == 0xff ? UINT64_MAX : data[0];
		lo = -(int64_t)data[1];
		hi = data[2] == 0xff ? INT64_MAX : (int64_t)data[2] - 128;
		if (hi < lo)
			hi = lo;
		digits = 1 + data[3] % 16;
		/* A code point from the same bytes: its encoding is valid UTF-8 again. */
		cp = ((uint32_t)data[0] << 16 | (uint32_t)data[1] << 8 | data[2]) % 0x110000;
		if (cp < 0xd800 || cp > 0xdfff) {
			size_t n = utf8_encode(out, cp);

			check(n >= 1 && n <= 4 && utf8_valid_len((unsigned char *)out, n) == n);
		}
		data += 4;
		size -= 4;
	}
	text = malloc(size ? size : 1);
	memcpy(text, data, size);
	for (k = 0; k <= size && k < 64; k++)
		one(text + k, text + size, max, lo, hi, digits);
	free(text);
	return 0;
}
