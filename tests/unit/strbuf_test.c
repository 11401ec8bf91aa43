#include <string.h>

#include "tare.h"
#include "strbuf.h"
#include "vec.h"
#include "arena.h"

TARE_TEST(strbuf_starts_empty_and_printable)
{
	struct strbuf sb = STRBUF_INIT;

	TARE_ASSERT_EQ(sb.len, 0);
	TARE_ASSERT_STREQ(sb.buf, "");
	strbuf_release(&sb);
	TARE_ASSERT_STREQ(sb.buf, "");
}

TARE_TEST(strbuf_add_and_format)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "ring");
	strbuf_addch(&sb, ':');
	strbuf_addf(&sb, "%d/%s", 42, "x");
	strbuf_addchars(&sb, '-', 3);
	TARE_ASSERT_STREQ(sb.buf, "ring:42/x---");
	TARE_ASSERT_EQ(sb.len, strlen("ring:42/x---"));
	strbuf_setlen(&sb, 4);
	TARE_ASSERT_STREQ(sb.buf, "ring");
	strbuf_release(&sb);
}

TARE_TEST(strbuf_addf_grows_past_first_allocation)
{
	struct strbuf sb = STRBUF_INIT;
	char big[5000];

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	strbuf_addstr(&sb, "x");
	strbuf_addf(&sb, "%s|%s", big, big);
	TARE_ASSERT_EQ(sb.len, 1 + 2 * (sizeof(big) - 1) + 1);
	TARE_ASSERT_EQ(sb.buf[sb.len], '\0');
	strbuf_release(&sb);
}

TARE_TEST(strbuf_detach_hands_over_memory)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len;
	char *s;

	strbuf_addstr(&sb, "abc");
	s = strbuf_detach(&sb, &len);
	TARE_ASSERT_STREQ(s, "abc");
	TARE_ASSERT_EQ(len, 3);
	TARE_ASSERT_EQ(sb.len, 0);
	TARE_ASSERT_STREQ(sb.buf, "");
	free(s);
	s = strbuf_detach(&sb, NULL);	/* an empty buffer detaches too */
	TARE_ASSERT_STREQ(s, "");
	free(s);
}

TARE_TEST(strbuf_indents_every_line)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add_indented(&sb, "a\nbc\n\nd", 7, "  ");
	TARE_ASSERT_STREQ(sb.buf, "  a\n  bc\n  \n  d\n");
	strbuf_release(&sb);
}

TARE_TEST(strbuf_rtrim_strips_trailing_space)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "x y \t\r\n");
	strbuf_rtrim(&sb);
	TARE_ASSERT_STREQ(sb.buf, "x y");
	strbuf_release(&sb);
}

TARE_TEST(strvec_is_null_terminated)
{
	struct strvec sv = STRVEC_INIT;

	TARE_ASSERT_NULL(sv.v[0]);
	strvec_push(&sv, "a");
	strvec_pushf(&sv, "%s-%d", "b", 2);
	TARE_ASSERT_EQ(sv.nr, 2);
	TARE_ASSERT_STREQ(sv.v[0], "a");
	TARE_ASSERT_STREQ(sv.v[1], "b-2");
	TARE_ASSERT_NULL(sv.v[2]);
	strvec_clear(&sv);
	TARE_ASSERT_EQ(sv.nr, 0);
	TARE_ASSERT_NULL(sv.v[0]);
}

TARE_TEST(strvec_splits_like_a_shell)
{
	struct strvec sv = STRVEC_INIT;
	const char *err = NULL;

	TARE_ASSERT_EQ(strvec_split_shell(&sv,
		"valgrind  --log-file='a b' \"x\\\"y\" c\\ d ''", &err), 0);
	TARE_ASSERT_EQ(sv.nr, 5);
	TARE_ASSERT_STREQ(sv.v[0], "valgrind");
	TARE_ASSERT_STREQ(sv.v[1], "--log-file=a b");
	TARE_ASSERT_STREQ(sv.v[2], "x\"y");
	TARE_ASSERT_STREQ(sv.v[3], "c d");
	TARE_ASSERT_STREQ(sv.v[4], "");
	strvec_clear(&sv);
	TARE_ASSERT_EQ(strvec_split_shell(&sv, "echo 'oops", &err), -1);
	TARE_ASSERT_STREQ(err, "unterminated quote");
	strvec_clear(&sv);
}

TARE_TEST(vec_grows)
{
	VEC(int) v = VEC_INIT;

	for (int i = 0; i < 1000; i++)
		vec_push(&v, i * 2);
	TARE_ASSERT_EQ(v.nr, 1000);
	TARE_ASSERT_EQ(v.v[999], 1998);
	vec_release(&v);
	TARE_ASSERT_EQ(v.nr, 0);
}

TARE_TEST(arena_keeps_small_and_large_allocations)
{
	struct arena a = ARENA_INIT;
	char *s = arena_strdup(&a, "name");
	char *big = arena_alloc(&a, 100000);
	char *t = arena_strndup(&a, "abcdef", 3);

	memset(big, 1, 100000);
	TARE_ASSERT_STREQ(s, "name");
	TARE_ASSERT_STREQ(t, "abc");
	TARE_ASSERT_EQ((uintptr_t)arena_alloc(&a, 1) % sizeof(void *), 0);
	arena_release(&a);
}

TARE_TEST(edit_distance_counts_edits)
{
	TARE_ASSERT_EQ(edit_distance("slow-timeout", "slow-timeout"), 0);
	TARE_ASSERT_EQ(edit_distance("slow-timout", "slow-timeout"), 1);
	TARE_ASSERT_EQ(edit_distance("retires", "retries"), 1);
	TARE_ASSERT_EQ(edit_distance("", "abc"), 3);
}

TARE_TEST(strbuf_shell_quoting)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add_shell_quoted(&sb, ".tare/profiles/a-b_c.out");
	TARE_ASSERT_STREQ(sb.buf, ".tare/profiles/a-b_c.out");
	strbuf_reset(&sb);
	strbuf_add_shell_quoted(&sb, "it's a $name");
	TARE_ASSERT_STREQ(sb.buf, "'it'\\''s a $name'");
	strbuf_reset(&sb);
	strbuf_add_shell_quoted(&sb, "");
	TARE_ASSERT_STREQ(sb.buf, "''");
	strbuf_release(&sb);
}

/* Markdown shows a name as it is: markup characters escaped, code spans fenced past backticks. */
TARE_TEST(strbuf_markdown_escaping)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add_md_escaped(&sb, "sort/16@a|b");
	TARE_ASSERT_STREQ(sb.buf, "sort/16@a\\|b");
	strbuf_reset(&sb);
	strbuf_add_md_escaped(&sb, "*x* _y_ `z` [l](u) <b> ~s~ &amp; &#60; #h \\ plain-text.c:1\nnext");
	TARE_ASSERT_STREQ(sb.buf, "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\<b\\> \\~s\\~ \\&amp; \\&#60; \\#h "
			  "\\\\ plain-text.c:1 next");
	/* Where they are no markup, '_', '&' and '#' stay bare. */
	strbuf_reset(&sb);
	strbuf_add_md_escaped(&sb, "libc_qsort tare__fn_x AT & T op#1 a_ _b");
	TARE_ASSERT_STREQ(sb.buf, "libc_qsort tare__fn_x AT & T op#1 a\\_ \\_b");
	strbuf_reset(&sb);
	strbuf_add_md_code(&sb, "a|b");
	TARE_ASSERT_STREQ(sb.buf, "`a|b`");
	strbuf_reset(&sb);
	strbuf_add_md_code(&sb, "x`y``z");
	TARE_ASSERT_STREQ(sb.buf, "```x`y``z```");
	strbuf_reset(&sb);
	strbuf_add_md_code(&sb, "`edge");
	TARE_ASSERT_STREQ(sb.buf, "`` `edge ``");
	strbuf_release(&sb);
}

TARE_TEST(strbuf_thousands_separators)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add_thousands_signed(&sb, INT64_MIN);
	strbuf_addch(&sb, ' ');
	strbuf_add_thousands_signed(&sb, 999);
	strbuf_addch(&sb, ' ');
	strbuf_add_thousands_signed(&sb, -1000);
	strbuf_addch(&sb, ' ');
	strbuf_add_thousands(&sb, "+", UINT64_MAX);
	TARE_ASSERT_STREQ(sb.buf, "-9,223,372,036,854,775,808 999 -1,000 "
			  "+18,446,744,073,709,551,615");
	strbuf_release(&sb);
}
