/* The small parsers and writers: options, JSON, partitions, platforms, lists. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tare.h"

#include "cursor.h"
#include "discover.h"
#include "fsutil.h"
#include "json.h"
#include "opt.h"
#include "partition.h"
#include "target_spec.h"

struct parsed {
	int flag, num;
	const char *str;
	struct strvec list, pos;
};

static int parse(struct parsed *p, const char **argv)
{
	const struct opt opts[] = {
		OPT_BOOL('f', "flag", &p->flag, "a flag"),
		OPT_INT('j', "jobs", &p->num, "N", "a number"),
		OPT_STRING('s', "str", &p->str, "S", "a string"),
		OPT_STRING_LIST('b', "bin", &p->list, "P", "a list"),
		OPT_END(),
	};
	int argc = 0;

	memset(p, 0, sizeof(*p));
	strvec_init(&p->list);
	strvec_init(&p->pos);
	while (argv[argc])
		argc++;
	return opt_parse(argc, argv, opts, "usage: t [OPTIONS]\n", &p->pos);
}

static void parsed_release(struct parsed *p)
{
	strvec_clear(&p->list);
	strvec_clear(&p->pos);
}

TARE_TEST(opt_parses_every_form)
{
	struct parsed p;

	TARE_ASSERT_EQ(parse(&p, (const char *[]){ "t", "-fj4", "--str=x", "-b", "a",
		"--bin", "b", "pos", "--jobs", "7", "--", "-f", NULL }), 0);
	TARE_ASSERT_EQ(p.flag, 1);
	TARE_ASSERT_EQ(p.num, 7);
	TARE_ASSERT_STREQ(p.str, "x");
	TARE_ASSERT_EQ(p.list.nr, 2);
	TARE_ASSERT_STREQ(p.list.v[1], "b");
	TARE_ASSERT_EQ(p.pos.nr, 2);
	TARE_ASSERT_STREQ(p.pos.v[0], "pos");
	TARE_ASSERT_STREQ(p.pos.v[1], "-f");
	parsed_release(&p);
}

TARE_TEST(opt_rejects_bad_usage)
{
	struct parsed p;
	const char *const *bad[] = {
		(const char *[]){ "t", "--nope", NULL },
		(const char *[]){ "t", "-x", NULL },
		(const char *[]){ "t", "--jobs", NULL },
		(const char *[]){ "t", "--jobs=four", NULL },
		(const char *[]){ "t", "--jobs=99999999999", NULL },
		(const char *[]){ "t", "--flag=1", NULL },
		(const char *[]){ "t", "-j", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TARE_ASSERT_EQ(parse(&p, (const char **)bad[i]), -1);
		parsed_release(&p);
	}
}

TARE_TEST(json_writes_valid_utf8_and_commas)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;

	json_init(&j, &sb);
	json_object_begin(&j);
	json_key(&j, "s");
	json_string(&j, "q\"b\\\n\t\x01 caf\xc3\xa9 \xff!");
	json_key(&j, "a");
	json_array_begin(&j);
	json_int(&j, -3);
	json_uint(&j, 18446744073709551615ULL);
	json_double(&j, 0.0030);
	json_bool(&j, 1);
	json_null(&j);
	json_object_begin(&j);
	json_object_end(&j);
	json_array_end(&j);
	json_key(&j, "n");
	json_string(&j, NULL);
	json_object_end(&j);
	TARE_ASSERT_STREQ(sb.buf,
		"{\"s\":\"q\\\"b\\\\\\n\\t\\u0001 caf\xc3\xa9 \\ufffd!\","
		"\"a\":[-3,18446744073709551615,0.003,true,null,{}],\"n\":null}");
	strbuf_release(&sb);
}

TARE_TEST(utf8_validation)
{
	TARE_ASSERT_EQ(utf8_valid_len((const unsigned char *)"a", 1), 1);
	TARE_ASSERT_EQ(utf8_valid_len((const unsigned char *)"\xc3\xa9", 2), 2);
	TARE_ASSERT_EQ(utf8_valid_len((const unsigned char *)"\xe6\xb5\x8b", 3), 3);
	TARE_ASSERT_EQ(utf8_valid_len((const unsigned char *)"\xf0\x9f\x98\x80", 4), 4);
	TARE_ASSERT_EQ(utf8_valid_len((const unsigned char *)"\xc0\xaf", 2), 0);	/* overlong */
	TARE_ASSERT_EQ(utf8_valid_len((const unsigned char *)"\xed\xa0\x80", 3), 0);	/* surrogate */
	TARE_ASSERT_EQ(utf8_valid_len((const unsigned char *)"\xe6\xb5", 2), 0);	/* cut short */
}

TARE_TEST(partition_parses_and_rejects)
{
	struct partition p;

	TARE_ASSERT_EQ(partition_parse(&p, "slice:2/3"), 0);
	TARE_ASSERT_EQ(p.kind, PARTITION_SLICE);
	TARE_ASSERT_EQ(p.m, 2);
	TARE_ASSERT_EQ(p.n, 3);
	TARE_ASSERT_EQ(partition_parse(&p, "hash:1/1"), 0);
	TARE_ASSERT_EQ(partition_parse(&p, "slice:0/3"), -1);
	TARE_ASSERT_EQ(partition_parse(&p, "slice:4/3"), -1);
	TARE_ASSERT_EQ(partition_parse(&p, "slice:1/"), -1);
	TARE_ASSERT_EQ(partition_parse(&p, "slice:1/3x"), -1);
	TARE_ASSERT_EQ(partition_parse(&p, "count:1/3"), -1);
	TARE_ASSERT_EQ(partition_parse(&p, "1/3"), -1);
}

/* Builds a list of n tests named t0.. in one binary. */
static void make_list(struct test_list *list, struct binary *b, size_t n)
{
	size_t i;

	test_list_init(list);
	memset(b, 0, sizeof(*b));
	b->id = "unit";
	vec_push(&list->binaries, b);
	for (i = 0; i < n; i++) {
		struct test_case *tc = arena_alloc(&list->arena, sizeof(*tc));
		char name[32];

		snprintf(name, sizeof(name), "t%zu", i);
		tc->bin = b;
		tc->name = arena_strdup(&list->arena, name);
		tc->selected = 1;
		vec_push(&list->cases, tc);
	}
}

TARE_TEST(partition_shards_cover_every_test_once)
{
	struct test_list lists[3];
	struct binary bins[3];
	struct partition p = { PARTITION_HASH, 0, 3 };
	size_t i, total = 0;

	for (p.m = 1; p.m <= 3; p.m++) {
		make_list(&lists[p.m - 1], &bins[p.m - 1], 300);
		partition_apply(&p, &lists[p.m - 1]);
	}
	for (i = 0; i < 300; i++) {
		int in = lists[0].cases.v[i]->selected + lists[1].cases.v[i]->selected +
			 lists[2].cases.v[i]->selected;
		TARE_ASSERT_EQ(in, 1);
		total += lists[0].cases.v[i]->selected;
	}
	/* Roughly even, and stable: this count is the same on every machine. */
	TARE_ASSERT_EQ(total, 96);
	for (i = 0; i < 3; i++)
		test_list_release(&lists[i]);

	make_list(&lists[0], &bins[0], 10);
	p.kind = PARTITION_SLICE;
	p.m = 2;
	p.n = 4;
	partition_apply(&p, &lists[0]);
	for (i = 0; i < 10; i++)
		TARE_ASSERT_EQ(lists[0].cases.v[i]->selected, i % 4 == 1);
	test_list_release(&lists[0]);
}

static int platform(const char *spec)
{
	struct strbuf err = STRBUF_INIT;
	size_t col = 0;
	int v = target_spec_matches(spec, &col, &err);

	strbuf_release(&err);
	return v;
}

TARE_TEST(platform_specs_evaluate_for_this_machine)
{
	TARE_ASSERT_EQ(platform("cfg(unix)"), 1);
	TARE_ASSERT_EQ(platform("cfg(windows)"), 0);
	TARE_ASSERT_EQ(platform("cfg(target_os = \"linux\")"), 1);
	TARE_ASSERT_EQ(platform("cfg(not(target_os = \"macos\"))"), 1);
	TARE_ASSERT_EQ(platform("cfg(any(windows, target_family = \"unix\"))"), 1);
	TARE_ASSERT_EQ(platform("cfg(all(unix, target_pointer_width = \"32\"))"), 0);
	TARE_ASSERT_EQ(platform(target_triple()), 1);
	TARE_ASSERT_EQ(platform("aarch64-apple-darwin"), 0);
	TARE_ASSERT_EQ(platform("cfg(target_os = linux)"), -1);
	TARE_ASSERT_EQ(platform("cfg(bogus(unix))"), -1);
	TARE_ASSERT_EQ(platform("cfg(unix"), -1);
	TARE_ASSERT_EQ(platform("cfg(target_flavour = \"x\")"), -1);
}

struct collected {
	struct strvec names;
	int benches;
};

static int collect(void *ctx, const struct list_entry *e, struct strbuf *err)
{
	struct collected *c = ctx;
	char *s = xstrndup(e->name, e->len);

	(void)err;
	strvec_push(&c->names, s);
	free(s);
	c->benches += e->kind == CASE_BENCH;
	return 0;
}

static int parse_list(const char *text, struct collected *c, size_t *line,
		      struct strbuf *err)
{
	strvec_init(&c->names);
	c->benches = 0;
	strbuf_reset(err);
	return list_protocol_parse(text, strlen(text), collect, c, line, err);
}

TARE_TEST(list_protocol_parses_names_of_every_shape)
{
	struct collected c;
	struct strbuf err = STRBUF_INIT;
	size_t line = 0;

	TARE_ASSERT_EQ(parse_list("a: test\nb c: d: test\r\nbig: bench\nlast: benchmark", &c,
				  &line, &err), 0);
	TARE_ASSERT_EQ(c.names.nr, 4);
	TARE_ASSERT_STREQ(c.names.v[1], "b c: d");
	TARE_ASSERT_STREQ(c.names.v[3], "last");
	TARE_ASSERT_EQ(c.benches, 2);
	strvec_clear(&c.names);
	TARE_ASSERT_EQ(parse_list("", &c, &line, &err), 0);
	TARE_ASSERT_EQ(c.names.nr, 0);
	strvec_clear(&c.names);
	strbuf_release(&err);
}

TARE_TEST(list_protocol_names_the_bad_line)
{
	struct collected c;
	struct strbuf err = STRBUF_INIT;
	size_t line = 0;

	TARE_ASSERT_EQ(parse_list("a: test\nb: test\nhello\n", &c, &line, &err), -1);
	TARE_ASSERT_EQ(line, 3);
	TARE_ASSERT_STREQ(err.buf, "expected \"NAME: test\", found \"hello\"");
	strvec_clear(&c.names);
	TARE_ASSERT_EQ(parse_list("a: test\n\n", &c, &line, &err), -1);
	TARE_ASSERT_EQ(line, 2);
	strvec_clear(&c.names);
	TARE_ASSERT_EQ(parse_list(": test\n", &c, &line, &err), -1);
	strvec_clear(&c.names);
	TARE_ASSERT_EQ(parse_list("a\tb: test\n", &c, &line, &err), -1);
	TARE_ASSERT_STREQ(err.buf, "test name has control character 0x09");
	strvec_clear(&c.names);
	strbuf_release(&err);
}

TARE_TEST(atomic_file_replaces_only_when_complete)
{
	char dir[] = "/tmp/tare-atomic-XXXXXX";
	struct strbuf path = STRBUF_INIT, got = STRBUF_INIT;
	struct atomic_file af;
	struct stat st;
	FILE *f;

	TARE_ASSERT_NOT_NULL(mkdtemp(dir));
	path_join(&path, dir, "report.xml");
	f = atomic_file_open(&af, path.buf);
	TARE_ASSERT_NOT_NULL(f);
	fputs("first", f);
	TARE_ASSERT_EQ(access(path.buf, F_OK), -1);	/* nothing until commit */
	TARE_ASSERT_EQ(atomic_file_commit(&af), 0);
	TARE_ASSERT_EQ(strbuf_read_file(&got, path.buf, 100), 0);
	TARE_ASSERT_STREQ(got.buf, "first");
	/* What it replaces keeps its permissions. */
	TARE_ASSERT_EQ(chmod(path.buf, 0640), 0);
	f = atomic_file_open(&af, path.buf);
	fputs("second", f);
	atomic_file_abort(&af);
	strbuf_reset(&got);
	TARE_ASSERT_EQ(strbuf_read_file(&got, path.buf, 100), 0);
	TARE_ASSERT_STREQ(got.buf, "first");	/* an aborted write leaves it */
	f = atomic_file_open(&af, path.buf);
	fputs("third", f);
	TARE_ASSERT_EQ(atomic_file_commit(&af), 0);
	TARE_ASSERT_EQ(stat(path.buf, &st), 0);
	TARE_ASSERT_EQ(st.st_mode & 0777, 0640);
	unlink(path.buf);
	rmdir(dir);
	strbuf_release(&path);
	strbuf_release(&got);
}

/* Writes text to path as a report; 0 or -1. */
static int write_report(const char *path, const char *text)
{
	struct atomic_file af;
	FILE *f = atomic_file_open(&af, path);

	if (!f)
		return -1;
	fputs(text, f);
	return atomic_file_commit(&af);
}

/*
 * A report replaces a regular file, never what a link or a path names
 * otherwise: a symlink keeps linking, its target gets the report; a FIFO
 * (as a device would) gets it written through, and stays a FIFO.
 */
TARE_TEST(reports_write_through_links_and_fifos)
{
	char dir[] = "/tmp/tare-report-XXXXXX";
	struct strbuf target = STRBUF_INIT, link = STRBUF_INIT, fifo = STRBUF_INIT,
		      got = STRBUF_INIT, dangling = STRBUF_INIT;
	struct stat st;
	int fd;

	TARE_ASSERT_NOT_NULL(mkdtemp(dir));
	path_join(&target, dir, "target.xml");
	path_join(&link, dir, "link.xml");
	TARE_ASSERT_EQ(write_report(target.buf, "old"), 0);
	TARE_ASSERT_EQ(symlink("target.xml", link.buf), 0);
	TARE_ASSERT_EQ(write_report(link.buf, "new"), 0);
	TARE_ASSERT_EQ(lstat(link.buf, &st), 0);
	TARE_ASSERT(S_ISLNK(st.st_mode));
	TARE_ASSERT_EQ(strbuf_read_file(&got, target.buf, 100), 0);
	TARE_ASSERT_STREQ(got.buf, "new");

	/* A link to nothing yet: its target is made. */
	unlink(link.buf);
	unlink(target.buf);
	TARE_ASSERT_EQ(symlink("target.xml", link.buf), 0);
	TARE_ASSERT_EQ(write_report(link.buf, "made"), 0);
	TARE_ASSERT_EQ(lstat(link.buf, &st), 0);
	TARE_ASSERT(S_ISLNK(st.st_mode));
	strbuf_reset(&got);
	TARE_ASSERT_EQ(strbuf_read_file(&got, target.buf, 100), 0);
	TARE_ASSERT_STREQ(got.buf, "made");

	path_join(&fifo, dir, "fifo");
	TARE_ASSERT_EQ(mkfifo(fifo.buf, 0600), 0);
	/* No reader: an error at once, not a wait. */
	TARE_ASSERT_EQ(write_report(fifo.buf, "lost"), -1);
	fd = open(fifo.buf, O_RDONLY | O_NONBLOCK);
	TARE_ASSERT(fd >= 0);
	TARE_ASSERT_EQ(write_report(fifo.buf, "through"), 0);
	strbuf_reset(&got);
	TARE_ASSERT_EQ(strbuf_read_once(&got, fd, 100), 7);
	TARE_ASSERT_STREQ(got.buf, "through");
	close(fd);
	TARE_ASSERT_EQ(lstat(fifo.buf, &st), 0);
	TARE_ASSERT(S_ISFIFO(st.st_mode));
	/* And through a link to it. */
	unlink(link.buf);
	TARE_ASSERT_EQ(symlink("fifo", link.buf), 0);
	fd = open(fifo.buf, O_RDONLY | O_NONBLOCK);
	TARE_ASSERT_EQ(write_report(link.buf, "again"), 0);
	strbuf_reset(&got);
	TARE_ASSERT_EQ(strbuf_read_once(&got, fd, 100), 5);
	close(fd);
	TARE_ASSERT_EQ(lstat(fifo.buf, &st), 0);
	TARE_ASSERT(S_ISFIFO(st.st_mode));

	/* The stream's file is written in place too. */
	path_join(&dangling, dir, "stream.ndjson");
	{
		FILE *f = stream_file_open(dangling.buf);

		TARE_ASSERT_NOT_NULL(f);
		TARE_ASSERT_EQ(fclose(f), 0);
	}
	TARE_ASSERT_NULL(stream_file_open(fifo.buf));	/* no reader */

	unlink(dangling.buf);
	unlink(link.buf);
	unlink(fifo.buf);
	unlink(target.buf);
	rmdir(dir);
	strbuf_release(&target);
	strbuf_release(&link);
	strbuf_release(&fifo);
	strbuf_release(&got);
	strbuf_release(&dangling);
}

TARE_TEST(report_paths_are_checked_before_a_run)
{
	char dir[] = "/tmp/tare-report-XXXXXX";
	struct strbuf path = STRBUF_INIT, file = STRBUF_INIT;

	TARE_ASSERT_NOT_NULL(mkdtemp(dir));
	path_join(&path, dir, "report.xml");
	TARE_ASSERT_EQ(report_path_check("--junit", path.buf), 0);
	TARE_ASSERT_EQ(report_path_check("--junit", "/dev/null"), 0);
	TARE_ASSERT_EQ(report_path_check("--junit", dir), -1);		/* a folder */
	strbuf_reset(&path);
	path_join(&path, dir, "missing/report.xml");
	TARE_ASSERT_EQ(report_path_check("--junit", path.buf), -1);
	/* Reports never make folders. */
	TARE_ASSERT_EQ(write_report(path.buf, "x"), -1);
	path_join(&file, dir, "file");
	TARE_ASSERT_EQ(write_report(file.buf, "x"), 0);
	strbuf_reset(&path);
	path_join(&path, file.buf, "report.xml");
	TARE_ASSERT_EQ(report_path_check("--junit", path.buf), -1);	/* not a folder */
	TARE_ASSERT_EQ(report_path_check("--junit", ""), -1);
	unlink(file.buf);
	rmdir(dir);
	strbuf_release(&path);
	strbuf_release(&file);
}

TARE_TEST(paths_join_and_find_upwards)
{
	struct strbuf sb = STRBUF_INIT;

	path_join(&sb, "a/", "b");
	TARE_ASSERT_STREQ(sb.buf, "a/b");
	strbuf_reset(&sb);
	path_join(&sb, "a", "/abs");
	TARE_ASSERT_STREQ(sb.buf, "/abs");
	TARE_ASSERT_STREQ(path_basename("x/y/z"), "z");
	TARE_ASSERT_EQ(find_upwards("/", "tare-surely-not-here.toml", &sb), -1);
	TARE_ASSERT(glob_has_magic("build/*"));
	TARE_ASSERT(!glob_has_magic("build/x"));
	strbuf_release(&sb);
}

/* A name as one path component: distinct names stay distinct, lengths stay bounded. */
TARE_TEST(path_add_name_is_one_component)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	char long_name[400];

	path_add_name(&a, "sort/16@qsort");
	TARE_ASSERT_STREQ(a.buf, "sort~s16@qsort");
	strbuf_reset(&a);
	path_add_name(&a, "a~s/b%p");
	TARE_ASSERT_STREQ(a.buf, "a~ts~sb~pp");
	strbuf_reset(&a);
	path_add_name(&a, "a_b");
	path_add_name(&b, "a/b");
	TARE_ASSERT_STRNE(a.buf, b.buf);
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	strbuf_reset(&a);
	path_add_name(&a, long_name);
	TARE_ASSERT_EQ(a.len, 198);
	TARE_ASSERT_EQ(strncmp(a.buf + 180, "~h", 2), 0);
	long_name[0] = 'y';
	strbuf_reset(&b);
	path_add_name(&b, long_name);
	TARE_ASSERT_STRNE(a.buf, b.buf);
	strbuf_release(&a);
	strbuf_release(&b);
}

TARE_TEST(opt_choices_yes_no_and_percentages)
{
	static const char *const words[] = { "one", "two", "three", NULL };
	struct strbuf sb = STRBUF_INIT;
	struct strvec pos = STRVEC_INIT;
	int w = -1, yn = 1;
	double pct = -1, any = -1;
	const struct opt opts[] = {
		OPT_CHOICE(0, "word", &w, words, "W", "a word"),
		OPT_YESNO(0, "yn", &yn, "yes or no"),
		OPT_PERCENT(0, "pct", &pct, 100, "N", "0 to 100"),
		OPT_PERCENT(0, "any", &any, 0, "N", "any percentage"),
		OPT_END(),
	};
	const char *good[] = { "t", "--word=three", "--yn", "no", "--pct=12.5%", "--any", "250", NULL };
	const char *const bad[] = { "--word=four", "--yn=maybe", "--pct=101", "--pct=-1",
				    "--any=5%%", "--any=", "--pct=nan", "--any=x" };
	size_t i;

	TARE_ASSERT_EQ(opt_parse(7, good, opts, "usage: t\n", &pos), 0);
	TARE_ASSERT_EQ(w, 2);
	TARE_ASSERT_EQ(yn, 0);
	TARE_ASSERT_NEAR(pct, 12.5, 0);
	TARE_ASSERT_NEAR(any, 250, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *argv[] = { "t", bad[i], NULL };

		TARE_ASSERT_EQ(opt_parse(2, argv, opts, "usage: t\n", &pos), -1);
	}
	TARE_ASSERT_EQ(w, 2);	/* a rejected value changes nothing */
	choice_list(&sb, words);
	TARE_ASSERT_STREQ(sb.buf, "one, two or three");
	TARE_ASSERT_EQ(choice_lookup(words, "two"), 1);
	TARE_ASSERT_EQ(choice_lookup(words, "Two"), -1);
	strbuf_release(&sb);
	strvec_clear(&pos);
}
