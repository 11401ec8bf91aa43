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

/* A fork server's lines: a child's process id, and how it ended. */
TARE_TEST(fork_server_lines_are_checked)
{
	static const char *const bad[] = {
		"child 0", "child -4", "child 12x", "child", "child 2147483648",
		"exited 12", "exited 12 status", "exited 12 status 256", "exited 12 signal 0",
		"exited 12 signal 128", "exited 12 died 3", "exited 0 status 0",
		"exited 12 status 1 more",
	};
	struct result_line rl;
	size_t i;

	TARE_ASSERT_EQ(result_line_parse("child 4242", 10, &rl), 0);
	TARE_ASSERT_EQ(rl.kind, RESULT_CHILD);
	TARE_ASSERT_EQ(rl.count, 4242);
	TARE_ASSERT_EQ(result_line_parse("exited 4242 status 77", 21, &rl), 0);
	TARE_ASSERT_EQ(rl.kind, RESULT_EXITED);
	TARE_ASSERT_EQ(rl.count, 4242);
	TARE_ASSERT_EQ(rl.exit_status, 77);
	TARE_ASSERT_EQ(rl.exit_signal, 0);
	TARE_ASSERT_EQ(result_line_parse("exited 7 signal 11", 18, &rl), 0);
	TARE_ASSERT_EQ(rl.exit_signal, 11);
	TARE_ASSERT_EQ(rl.exit_status, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (result_line_parse(bad[i], strlen(bad[i]), &rl) != -1)
			TARE_FAIL("'%s' was taken for a well-formed line", bad[i]);
		TARE_ASSERT_NOT_NULL(rl.why);
	}
}
