/* The cursor primitives (cursor.h) and the string index. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tare.h"

#include "cursor.h"
#include "strindex.h"

/* Text that ends at n: the bytes after it are there, and must not be read. */
#define AT(text, n) const char *s = (text), *end = s + (n), *start = s; (void)start

TARE_TEST(cursor_u64_limits_and_overflow)
{
	uint64_t v = 7;

	{
		AT("18446744073709551615 ", 20);
		TARE_ASSERT_EQ(cursor_u64(&s, end, UINT64_MAX, &v), 0);
		TARE_ASSERT_EQ(v, UINT64_MAX);
		TARE_ASSERT_PTR_EQ(s, end);
	}
	{
		AT("18446744073709551616", 20);
		v = 7;
		TARE_ASSERT_EQ(cursor_u64(&s, end, UINT64_MAX, &v), CURSOR_OVERFLOW);
		TARE_ASSERT_PTR_EQ(s, start);	/* no advance on failure */
		TARE_ASSERT_EQ(v, 7);		/* nor a value */
	}
	{
		AT("000000000000000000000000042", 27);	/* leading zeros do not overflow */
		TARE_ASSERT_EQ(cursor_u64(&s, end, 42, &v), 0);
		TARE_ASSERT_EQ(v, 42);
	}
	{
		AT("1000", 4);
		TARE_ASSERT_EQ(cursor_u64(&s, end, 999, &v), CURSOR_OVERFLOW);
		TARE_ASSERT_PTR_EQ(s, start);
	}
	{
		AT("12345", 3);	/* the end pointer, not the NUL, ends the text */
		TARE_ASSERT_EQ(cursor_u64(&s, end, 999, &v), 0);
		TARE_ASSERT_EQ(v, 123);
		TARE_ASSERT_PTR_EQ(s, end);
	}
	{
		AT("x1", 2);
		TARE_ASSERT_EQ(cursor_u64(&s, end, UINT64_MAX, &v), CURSOR_NONE);
		TARE_ASSERT_PTR_EQ(s, start);
	}
	{
		AT("5", 0);
		TARE_ASSERT_EQ(cursor_u64(&s, end, UINT64_MAX, &v), CURSOR_NONE);
	}
}

TARE_TEST(cursor_i64_limits_and_overflow)
{
	int64_t v = 7;

	{
		AT("-9223372036854775808", 20);
		TARE_ASSERT_EQ(cursor_i64(&s, end, INT64_MIN, INT64_MAX, &v), 0);
		TARE_ASSERT_EQ(v, INT64_MIN);
	}
	{
		AT("-9223372036854775809", 20);
		TARE_ASSERT_EQ(cursor_i64(&s, end, INT64_MIN, INT64_MAX, &v), CURSOR_OVERFLOW);
		TARE_ASSERT_PTR_EQ(s, start);
	}
	{
		AT("9223372036854775808", 19);
		TARE_ASSERT_EQ(cursor_i64(&s, end, INT64_MIN, INT64_MAX, &v), CURSOR_OVERFLOW);
	}
	{
		AT("-5", 2);
		TARE_ASSERT_EQ(cursor_i64(&s, end, -4, 4, &v), CURSOR_OVERFLOW);
		TARE_ASSERT_PTR_EQ(s, start);
	}
	{
		AT("-0", 2);
		TARE_ASSERT_EQ(cursor_i64(&s, end, 1, 4, &v), CURSOR_OVERFLOW);
	}
	{
		AT("0", 1);	/* a range of negatives only */
		TARE_ASSERT_EQ(cursor_i64(&s, end, -9, -1, &v), CURSOR_OVERFLOW);
	}
	{
		AT("-4", 2);
		TARE_ASSERT_EQ(cursor_i64(&s, end, -4, 4, &v), 0);
		TARE_ASSERT_EQ(v, -4);
	}
	{
		AT("-12", 1);	/* a lone '-' before the end */
		TARE_ASSERT_EQ(cursor_i64(&s, end, INT64_MIN, INT64_MAX, &v), CURSOR_NONE);
		TARE_ASSERT_PTR_EQ(s, start);
	}
}

TARE_TEST(cursor_hex_digits)
{
	uint64_t v = 7;

	{
		AT("ffffFFFFffffFFFF", 16);
		TARE_ASSERT_EQ(cursor_hex(&s, end, 16, &v), 0);
		TARE_ASSERT_EQ(v, UINT64_MAX);
	}
	{
		AT("12345", 5);
		TARE_ASSERT_EQ(cursor_hex(&s, end, 4, &v), CURSOR_TOO_LONG);
		TARE_ASSERT_PTR_EQ(s, start);
	}
	{
		AT("12345", 4);
		TARE_ASSERT_EQ(cursor_hex(&s, end, 4, &v), 0);
		TARE_ASSERT_EQ(v, 0x1234);
	}
	{
		AT("00e9zz", 6);	/* at most 4, the rest stays */
		TARE_ASSERT_EQ(cursor_hex_upto(&s, end, 4, &v), 0);
		TARE_ASSERT_EQ(v, 0xe9);
		TARE_ASSERT_PTR_EQ(s, start + 4);
	}
	{
		AT("0e", 1);
		TARE_ASSERT_EQ(cursor_hex_upto(&s, end, 4, &v), 0);
		TARE_ASSERT_EQ(v, 0);
		TARE_ASSERT_PTR_EQ(s, end);
	}
	{
		AT("g", 1);
		TARE_ASSERT_EQ(cursor_hex_upto(&s, end, 4, &v), CURSOR_NONE);
		TARE_ASSERT_EQ(cursor_hex(&s, end, 4, &v), CURSOR_NONE);
		TARE_ASSERT_PTR_EQ(s, start);
	}
}

TARE_TEST(cursor_words_literals_and_blanks)
{
	const char *w = NULL;
	size_t len = 0;

	{
		AT(" \t\vword rest", 12);
		cursor_skip_blanks(&s, end);
		TARE_ASSERT_PTR_EQ(s, start + 2);	/* \v is not a blank */
		cursor_skip_space(&s, end);
		TARE_ASSERT_PTR_EQ(s, start + 3);
		TARE_ASSERT_EQ(cursor_word(&s, end, &w, &len), 0);
		TARE_ASSERT_EQ(len, 4);
		TARE_ASSERT_MEMEQ(w, "word", 4);
		TARE_ASSERT_EQ(cursor_word(&s, end, &w, &len), CURSOR_NONE);
		TARE_ASSERT_EQ(cursor_char(&s, end, ' '), 0);
		TARE_ASSERT_EQ(cursor_lit(&s, end, "rests"), CURSOR_NONE);	/* past the end */
		TARE_ASSERT_EQ(cursor_lit(&s, end, "rest"), 0);
		TARE_ASSERT_PTR_EQ(s, end);
		TARE_ASSERT_EQ(cursor_char(&s, end, '\0'), CURSOR_NONE);
	}
	{
		AT(" \n\r\tx", 5);
		cursor_skip_space(&s, end);
		TARE_ASSERT_PTR_EQ(s, start + 1);	/* never past a newline */
		cursor_skip_ws(&s, end);
		TARE_ASSERT_PTR_EQ(s, start + 4);
	}
}

TARE_TEST(cursor_double_and_percent)
{
	double v = 7;

	{
		AT("12.5%x", 6);
		TARE_ASSERT_EQ(cursor_percent(&s, end, &v), 0);
		TARE_ASSERT_NEAR(v, 12.5, 0);
		TARE_ASSERT_PTR_EQ(s, start + 5);
	}
	{
		AT("3", 1);
		TARE_ASSERT_EQ(cursor_percent(&s, end, &v), 0);
		TARE_ASSERT_NEAR(v, 3.0, 0);
	}
	{
		AT("1.55", 3);	/* not NUL-terminated: strtod sees only 1.5 */
		TARE_ASSERT_EQ(cursor_double(&s, end, &v), 0);
		TARE_ASSERT_NEAR(v, 1.5, 0);
	}
	{
		AT("1e999", 5);
		TARE_ASSERT_EQ(cursor_double(&s, end, &v), CURSOR_OVERFLOW);
		TARE_ASSERT_PTR_EQ(s, start);
	}
	{
		AT("%", 1);
		TARE_ASSERT_EQ(cursor_percent(&s, end, &v), CURSOR_NONE);
		TARE_ASSERT_PTR_EQ(s, start);
	}
}

TARE_TEST(utf8_encode_round_trips)
{
	static const uint32_t cps[] = { 0x24, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000,
					0xffff, 0x10000, 0x10ffff };
	size_t i;

	for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		char buf[4];
		size_t n = utf8_encode(buf, cps[i]);

		TARE_ASSERT_EQ(utf8_valid_len((const unsigned char *)buf, n), n);
		TARE_ASSERT_EQ(utf8_valid_len((const unsigned char *)buf, n - 1 ? n - 1 : 1),
			       n == 1 ? 1 : 0);
	}
	{
		const char *t = "ok \xc3\xa9";

		TARE_ASSERT_NULL(utf8_find_invalid(t, t + 5));
		TARE_ASSERT_PTR_EQ(utf8_find_invalid(t, t + 4), t + 3);	/* cut short */
	}
}

struct entry {
	const char *key;
	int value;
};

TARE_TEST(strindex_finds_every_key)
{
	struct strindex ix = STRINDEX_INIT;
	struct entry e[200];
	char names[200][8];
	size_t i;

	for (i = 0; i < 200; i++) {
		snprintf(names[i], sizeof(names[i]), "k%zu", i);
		e[i].key = names[i];
		e[i].value = (int)i;
		TARE_ASSERT_EQ(strindex_find(&ix, e, sizeof(e[0]), i, names[i]), 0);
		if (i >= 8)	/* a first index of all that came before, then one at a time */
			strindex_add(&ix, NULL, e, sizeof(e[0]), i + 1);
		TARE_ASSERT_EQ(strindex_find(&ix, e, sizeof(e[0]), i + 1, names[i]), i + 1);
	}
	TARE_ASSERT_GE(ix.nslots, 400);
	for (i = 0; i < 200; i++)
		TARE_ASSERT_EQ(strindex_find(&ix, e, sizeof(e[0]), 200, names[i]), i + 1);
	TARE_ASSERT_EQ(strindex_find(&ix, e, sizeof(e[0]), 200, "k200"), 0);
	strindex_release(&ix);
}
