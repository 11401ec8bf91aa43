#include <string.h>

#include "tare.h"
#include "memcheck.h"

struct seen {
	struct mc_error *errors[16];
	size_t n;
	char msgs[8][64];
	size_t nmsgs;
	int signo;
};

static void on_error(void *ctx, struct mc_error *e)
{
	struct seen *s = ctx;
	if (s->n < 16)
		s->errors[s->n++] = e;
}

static void on_msg(void *ctx, const char *text)
{
	struct seen *s = ctx;
	if (s->nmsgs < 8)
		snprintf(s->msgs[s->nmsgs++], 64, "%s", text);
}

static void on_signal(void *ctx, int signo)
{
	((struct seen *)ctx)->signo = signo;
}

static const struct mc_callbacks cb = { on_error, on_msg, on_signal };

static const char head[] =
	"<?xml version=\"1.0\"?>\n<valgrindoutput>\n<protocolversion>4</protocolversion>\n"
	"<pid>4242</pid>\n<ppid>1</ppid>\n";

static const char read_error[] =
	"<error>\n  <unique>0x0</unique>\n  <tid>1</tid>\n  <kind>InvalidRead</kind>\n"
	"  <what>Invalid read of size 4</what>\n  <stack>\n"
	"    <frame><ip>0x109</ip><obj>/p/t</obj><fn>tare__fn_ring_pop</fn><dir>/p/tests</dir><file>ring_test.c</file><line>64</line></frame>\n"
	"    <frame><ip>0x10a</ip><obj>/p/t</obj><fn>tare__run_one</fn><dir>/p/include</dir><file>tare.h</file><line>700</line></frame>\n"
	"    <frame><ip>0x10b</ip><obj>/p/t</obj><fn>main</fn></frame>\n"
	"  </stack>\n  <auxwhat>Address 0x4a9e044 is 4 bytes inside a block of size 16 free'd</auxwhat>\n"
	"  <stack><frame><ip>0x484</ip><obj>/usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so</obj><fn>free</fn></frame></stack>\n"
	"</error>\n";

static const char leak_error[] =
	"<error><kind>Leak_DefinitelyLost</kind><xwhat>"
	"<text>4,096 (+1,024) (64 (+0) direct, 4,032 (+1,024) indirect) bytes in 3 (+1) blocks are definitely lost in loss record 2 of 5</text>"
	"<leakedbytes>4096</leakedbytes><leakedblocks>3</leakedblocks></xwhat>"
	"<stack><frame><fn>malloc</fn></frame></stack>"
	"<suppression><sname>x</sname><skind>Memcheck:Leak</skind><skaux>match-leak-kinds: definite</skaux>"
	"<sframe> <fun>malloc</fun> </sframe><sframe> <fun>tare__fn_leaky</fun> </sframe>"
	"<sframe> <fun>tare__run_one</fun> </sframe><sframe> <fun>main</fun> </sframe>"
	"<rawtext><![CDATA[\n{\n}\n]]></rawtext></suppression></error>\n";

static struct mc_parser *parse_all(struct arena *a, struct seen *s, const char *body,
				   int final)
{
	struct mc_parser *p = mc_parser_new(a, &cb, s);
	struct strbuf doc = STRBUF_INIT;

	memset(s, 0, sizeof(*s));
	strbuf_addstr(&doc, head);
	strbuf_addstr(&doc, body);
	if (final)
		strbuf_addstr(&doc, "</valgrindoutput>\n");
	TARE_ASSERT_EQ(mc_parser_feed(p, doc.buf, doc.len, final), 0);
	strbuf_release(&doc);
	return p;
}

TARE_TEST(memcheck_reads_errors_and_stacks)
{
	struct arena a = ARENA_INIT;
	struct seen s;
	struct mc_parser *p = parse_all(&a, &s, read_error, 1);
	struct mc_error *e;

	TARE_ASSERT_EQ(s.n, 1);
	e = s.errors[0];
	TARE_ASSERT_STREQ(e->kind, "InvalidRead");
	TARE_ASSERT_STREQ(e->what, "Invalid read of size 4");
	TARE_ASSERT_EQ(e->leak, MC_LEAK_NONE);
	TARE_ASSERT_EQ(e->pid, 4242);
	TARE_ASSERT_EQ(e->stack.nr, 3);
	TARE_ASSERT_STREQ(e->stack.frames[0].fn, "tare__fn_ring_pop");
	TARE_ASSERT_EQ(e->stack.frames[0].line, 64);
	TARE_ASSERT_EQ(e->naux, 1);
	TARE_ASSERT_EQ(e->aux[0].stack.nr, 1);
	TARE_ASSERT(mc_parser_complete(p));
	mc_parser_free(p);
	arena_release(&a);
}

TARE_TEST(memcheck_leaks_take_the_increase_of_an_added_check)
{
	struct arena a = ARENA_INIT;
	struct seen s;
	struct mc_parser *p = parse_all(&a, &s, leak_error, 1);
	struct mc_error *e = s.errors[0];

	TARE_ASSERT_EQ(e->leak, MC_LEAK_DEFINITE);
	TARE_ASSERT_EQ(e->bytes, 1024);	/* the increase, not the 4,096 total */
	TARE_ASSERT_EQ(e->blocks, 1);
	TARE_ASSERT_NOT_NULL(e->suppression);
	TARE_ASSERT_STREQ(e->suppression->kind, "Memcheck:Leak");
	TARE_ASSERT_STREQ(e->suppression->aux, "match-leak-kinds: definite");
	TARE_ASSERT_EQ(e->suppression->nr, 4);
	mc_parser_free(p);
	arena_release(&a);
}

TARE_TEST(memcheck_client_messages_and_fatal_signals)
{
	struct arena a = ARENA_INIT;
	struct seen s;
	struct mc_parser *p = parse_all(&a, &s,
		"<clientmsg><tid>1</tid><text>tare-start ring pop\n</text></clientmsg>\n"
		"<fatal_signal><tid>1</tid><signo>11</signo><signame>SIGSEGV</signame></fatal_signal>\n", 1);

	TARE_ASSERT_EQ(s.nmsgs, 1);
	TARE_ASSERT_STREQ(s.msgs[0], "tare-start ring pop\n");
	TARE_ASSERT_EQ(s.signo, 11);
	mc_parser_free(p);
	arena_release(&a);
}

TARE_TEST(memcheck_reads_a_file_as_it_grows)
{
	struct arena a = ARENA_INIT;
	struct seen s;
	struct mc_parser *p = mc_parser_new(&a, &cb, &s);
	size_t i, n = strlen(read_error);

	memset(&s, 0, sizeof(s));
	TARE_ASSERT_EQ(mc_parser_feed(p, head, strlen(head), 0), 0);
	/* A byte at a time: the error appears once its end tag is in. */
	for (i = 0; i < n; i++) {
		TARE_ASSERT_EQ(mc_parser_feed(p, read_error + i, 1, 0), 0);
		TARE_ASSERT_EQ(s.n, i + 1 < n - 1 ? 0u : s.n);
	}
	TARE_ASSERT_EQ(s.n, 1);
	TARE_ASSERT(!mc_parser_complete(p));
	/* Cut short, as by a kill: an error for the parser, nothing lost. */
	TARE_ASSERT_EQ(mc_parser_feed(p, NULL, 0, 1), -1);
	TARE_ASSERT_NOT_NULL(strstr(mc_parser_error(p), "line"));
	mc_parser_free(p);
	arena_release(&a);
}

TARE_TEST(memcheck_rejects_what_is_not_xml)
{
	struct arena a = ARENA_INIT;
	struct seen s;
	struct mc_parser *p = mc_parser_new(&a, &cb, &s);

	TARE_ASSERT_EQ(mc_parser_feed(p, "<a><b></a>", 10, 1), -1);
	TARE_ASSERT_NOT_NULL(strstr(mc_parser_error(p), "mismatched tag"));
	mc_parser_free(p);
	arena_release(&a);
}

TARE_TEST(memcheck_formats_errors_for_people)
{
	struct arena a = ARENA_INIT;
	struct seen s;
	struct mc_parser *p = parse_all(&a, &s, read_error, 1);
	struct mc_style st = { "/p", "  ", "", "", "<", ">", 0, 0, NULL };
	struct strbuf sb = STRBUF_INIT;

	mc_format_error(&sb, s.errors[0], &st);
	TARE_ASSERT_STREQ(sb.buf,
		"  InvalidRead: Invalid read of size 4\n"
		"      at <ring_pop (tests/ring_test.c:64)>\n"
		"    Address 0x4a9e044 is 4 bytes inside a block of size 16 free'd\n"
		"      at free (in vgpreload_memcheck-amd64-linux.so)\n");
	strbuf_reset(&sb);
	st.verbose = 1;
	mc_format_error(&sb, s.errors[0], &st);
	TARE_ASSERT_NOT_NULL(strstr(sb.buf, "by <tare__run_one (include/tare.h:700)>"));
	TARE_ASSERT_NOT_NULL(strstr(sb.buf, "by main (in t)"));
	strbuf_release(&sb);
	mc_parser_free(p);
	arena_release(&a);
}

TARE_TEST(memcheck_suppressions_end_where_the_harness_begins)
{
	struct arena a = ARENA_INIT;
	struct seen s;
	struct mc_parser *p = parse_all(&a, &s, leak_error, 1);
	struct strbuf sb = STRBUF_INIT;

	mc_format_suppression(&sb, s.errors[0]->suppression, "unit:leaky", "");
	TARE_ASSERT_STREQ(sb.buf,
		"{\n   unit:leaky\n   Memcheck:Leak\n   match-leak-kinds: definite\n"
		"   fun:malloc\n   fun:tare__fn_leaky\n   ...\n}\n");
	strbuf_release(&sb);
	mc_parser_free(p);
	arena_release(&a);
}

TARE_TEST(memcheck_leak_kind_names)
{
	TARE_ASSERT_EQ(mc_leak_parse("definite"), MC_LEAK_DEFINITE);
	TARE_ASSERT_EQ(mc_leak_parse("reachable"), MC_LEAK_REACHABLE);
	TARE_ASSERT_EQ(mc_leak_parse("lost"), MC_LEAK_NONE);
	TARE_ASSERT_STREQ(mc_leak_name(MC_LEAK_POSSIBLE), "possible");
}
