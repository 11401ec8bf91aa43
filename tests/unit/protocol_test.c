/* The result channel's reader (protocol.h). */
#include <string.h>

#include "tare.h"

#include "protocol.h"

TARE_TEST(result_lines_are_checked)
{
	struct result_line rl;
	const char *text = "protocol tare 1\nfeature callgrind\nerrors 12\nerrors 1x\n"
			   "files 2147483648\npass a test\nwall 10 5 1.5 1 2\nhello\nstart";
	const char *p = text, *end = text + strlen(text);

	TARE_ASSERT_EQ(result_next(&p, end, &rl), 1);
	TARE_ASSERT_EQ(rl.kind, RESULT_PROTOCOL);
	TARE_ASSERT_EQ(result_next(&p, end, &rl), 1);
	TARE_ASSERT(result_line_names(&rl, RESULT_FEATURE, "callgrind", 9));
	TARE_ASSERT_EQ(result_next(&p, end, &rl), 1);
	TARE_ASSERT_EQ(rl.kind, RESULT_ERRORS);
	TARE_ASSERT_EQ(rl.count, 12);
	TARE_ASSERT_EQ(result_next(&p, end, &rl), -1);
	TARE_ASSERT_EQ(rl.kind, RESULT_ERRORS);
	TARE_ASSERT_EQ(result_next(&p, end, &rl), -1);	/* past RESULT_COUNT_MAX */
	TARE_ASSERT_EQ(rl.kind, RESULT_FILES);
	TARE_ASSERT_EQ(result_next(&p, end, &rl), 1);
	TARE_ASSERT(result_line_names(&rl, RESULT_PASS, "a test", 6));
	TARE_ASSERT_EQ(result_next(&p, end, &rl), 1);
	TARE_ASSERT_EQ(rl.kind, RESULT_WALL);
	TARE_ASSERT_EQ(rl.iterations, 10);
	TARE_ASSERT_EQ(rl.samples, 5);
	TARE_ASSERT_NEAR(rl.median_ns, 1.5, 0);
	TARE_ASSERT_EQ(result_next(&p, end, &rl), 1);
	TARE_ASSERT_EQ(rl.kind, RESULT_NONE);
	TARE_ASSERT_EQ(result_next(&p, end, &rl), -1);	/* a start without a name */
	TARE_ASSERT_EQ(rl.kind, RESULT_START);
	TARE_ASSERT_EQ(result_next(&p, end, &rl), 0);
	TARE_ASSERT_EQ(result_line_parse("protocol tare 2", 15, &rl), 0);
	TARE_ASSERT_EQ(rl.kind, RESULT_NONE);
	TARE_ASSERT_EQ(result_line_parse("wall -1 5 1 1 1", 15, &rl), -1);	/* no wrapping */
	TARE_ASSERT_EQ(result_line_parse("wall 1 0 1 1 1", 14, &rl), -1);
	TARE_ASSERT_EQ(result_find(text, strlen(text), RESULT_PASS, &rl), 1);
	TARE_ASSERT_EQ(result_find(text, strlen(text), RESULT_SKIP, &rl), 0);
}
