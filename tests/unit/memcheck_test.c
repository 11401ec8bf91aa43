#include <stdlib.h>
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

/* An indirect leak as memcheck writes it: a loss record of its own, with its suppression. */
static void add_indirect(struct strbuf *doc, int bytes, int line)
{
	strbuf_addf(doc, "<error><kind>Leak_IndirectlyLost</kind><xwhat>"
		    "<text>%d bytes in 1 blocks are indirectly lost in loss record %d of 9</text>"
		    "<leakedbytes>%d</leakedbytes><leakedblocks>1</leakedblocks></xwhat>"
		    "<stack><frame><fn>malloc</fn></frame><frame><fn>tare__fn_owner</fn>"
		    "<dir>/p/tests</dir><file>t.c</file><line>%d</line></frame></stack>"
		    "<suppression><sname>x</sname><skind>Memcheck:Leak</skind>"
		    "<skaux>match-leak-kinds: indirect</skaux><sframe> <fun>malloc</fun> </sframe>"
		    "<sframe> <fun>tare__fn_owner</fun> </sframe><sframe> <fun>tare__run_one</fun> "
		    "</sframe></suppression></error>\n", bytes, line, bytes, line);
}

/*
 * A table lost with its cells: memcheck lists the smaller records, the
 * cells, first. The report puts the error that is no leak first, then the
 * definite leak (its bytes split into its own and what it owns), then the
 * cells in one line; a suppression the same for several errors is printed
 * once; the one-line headline is the definite leak's.
 */
TARE_TEST(memcheck_reports_definite_leaks_first_and_sums_indirect_ones)
{
	struct arena a = ARENA_INIT;
	struct seen s;
	struct strbuf doc = STRBUF_INIT, sb = STRBUF_INIT;
	struct mc_style st = { "/p", "  ", "", "", "", "", 0, 1, "t:owner" };
	struct mc_parser *p;
	struct mc_error *list = NULL, **tail = &list;
	const struct mc_error **v;
	size_t i, n;

	strbuf_addstr(&doc, read_error);
	add_indirect(&doc, 1, 11);
	add_indirect(&doc, 2, 12);
	add_indirect(&doc, 3, 13);
	strbuf_addstr(&doc, "<error><kind>Leak_DefinitelyLost</kind><xwhat>"
		      "<text>30 (24 direct, 6 indirect) bytes in 1 blocks are definitely lost in loss "
		      "record 4 of 4</text><leakedbytes>30</leakedbytes><leakedblocks>1</leakedblocks>"
		      "</xwhat><stack><frame><fn>malloc</fn></frame><frame><fn>tare__fn_owner</fn>"
		      "<dir>/p/tests</dir><file>t.c</file><line>10</line></frame></stack>"
		      "<suppression><sname>x</sname><skind>Memcheck:Leak</skind>"
		      "<skaux>match-leak-kinds: definite</skaux><sframe> <fun>malloc</fun> </sframe>"
		      "<sframe> <fun>tare__fn_owner</fun> </sframe></suppression></error>\n");
	p = parse_all(&a, &s, doc.buf, 1);
	TARE_ASSERT_EQ(s.n, 5);
	for (i = 0; i < s.n; i++) {
		*tail = s.errors[i];
		tail = &s.errors[i]->next;
	}
	TARE_ASSERT_EQ(s.errors[4]->indirect_bytes, 6);

	mc_format_errors(&sb, list, &st);
	TARE_ASSERT_STREQ(sb.buf,
		"  InvalidRead: Invalid read of size 4\n"
		"      at ring_pop (tests/ring_test.c:64)\n"
		"    Address 0x4a9e044 is 4 bytes inside a block of size 16 free'd\n"
		"      at free (in vgpreload_memcheck-amd64-linux.so)\n"
		"  Leak_DefinitelyLost: 30 (24 direct, 6 indirect) bytes in 1 block are definitely lost\n"
		"      at malloc\n"
		"      by owner (tests/t.c:10)\n"
		"  {\n     t:owner\n     Memcheck:Leak\n     match-leak-kinds: definite\n"
		"     fun:malloc\n     fun:tare__fn_owner\n  }\n"
		"  Leak_IndirectlyLost: 6 bytes in 3 blocks are indirectly lost (3 loss records)\n"
		"  {\n     t:owner\n     Memcheck:Leak\n     match-leak-kinds: indirect\n"
		"     fun:malloc\n     fun:tare__fn_owner\n     ...\n  }\n");

	/* --verbose lists each, with its stack; a suppression still shows once. */
	strbuf_reset(&sb);
	st.verbose = 1;
	mc_format_errors(&sb, list->next, &st);
	TARE_ASSERT(!strncmp(sb.buf, "  Leak_DefinitelyLost: ", 23));
	TARE_ASSERT_NOT_NULL(strstr(sb.buf, "  Leak_IndirectlyLost: 1 byte in 1 block is "
				    "indirectly lost\n      at malloc\n      by owner (tests/t.c:11)\n"));
	TARE_ASSERT_NOT_NULL(strstr(sb.buf, "by owner (tests/t.c:13)\n"));
	TARE_ASSERT_NULL(strstr(strstr(sb.buf, "match-leak-kinds: indirect") + 1,
				"match-leak-kinds: indirect"));

	/* The headline: what the report shows first, and how many errors it stands for. */
	strbuf_reset(&sb);
	TARE_ASSERT_EQ(mc_format_errors_headline(&sb, list->next), 1);
	TARE_ASSERT_STREQ(sb.buf, "Leak_DefinitelyLost: 30 (24 direct, 6 indirect) bytes in 1 "
			  "block are definitely lost");
	strbuf_reset(&sb);
	s.errors[3]->next = NULL;
	TARE_ASSERT_EQ(mc_format_errors_headline(&sb, list->next), 3);
	TARE_ASSERT_STREQ(sb.buf, "Leak_IndirectlyLost: 6 bytes in 3 blocks are indirectly lost "
			  "(3 loss records)");
	s.errors[3]->next = s.errors[4];

	v = mc_errors_ordered(list, &n);
	TARE_ASSERT_EQ(n, 5);
	TARE_ASSERT_PTR_EQ(v[0], s.errors[0]);
	TARE_ASSERT_PTR_EQ(v[1], s.errors[4]);
	TARE_ASSERT_PTR_EQ(v[2], s.errors[1]);
	TARE_ASSERT_PTR_EQ(v[4], s.errors[3]);
	free(v);
	strbuf_release(&sb);
	strbuf_release(&doc);
	mc_parser_free(p);
	arena_release(&a);
}
