/*
 * tare annotate --compat against callgrind_annotate itself, run live: on
 * every profile of a corpus of third-party profiles (TARE_CORPUS; skipped
 * when there is none, as in a user's clone) and on the profiles tests/annotate/profiles/ holds,
 * which tare made itself, with each option set below. The two outputs must
 * be the same bytes, except for what callgrind_annotate orders by Perl's
 * hash order (different on every run): annotated source files, and ties in
 * --tree and "=>" lines. Those are compared as sets.
 */
#define TARE_MAIN
#include "tare.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "support.h"
#include "vec.h"

static const char fancy[] =
	"--------------------------------------------------------------------------------";

static const char *corpus_dir(void)
{
	const char *d = getenv("TARE_CORPUS");

	return d && *d ? d : "../shared/corpus";
}

static int has_callgrind_annotate(void)
{
	return !access("/usr/bin/callgrind_annotate", X_OK);
}

static int is_profile_name(const char *n)
{
	static const char *const suffixes[] = { ".callgrind", ".out", ".log", ".out.1", ".cgout" };
	size_t i, len = strlen(n);

	if (!strncmp(n, "callgrind.", 10) || !strncmp(n, "cachegrind.", 11))
		return 1;
	for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
		size_t sl = strlen(suffixes[i]);

		if (len > sl && !strcmp(n + len - sl, suffixes[i]))
			return 1;
	}
	return 0;
}

static void list_profiles(const char *dir, struct strvec *out)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && is_profile_name(de->d_name))
			strvec_pushf(out, "%s/%s", dir, de->d_name);
	closedir(d);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The columns before a tree or "=>" mark: counts, percentages, blanks. */
static const char *tree_mark(const char *line)
{
	const char *marks[] = { "  < ", "  >   ", "  => " };
	const char *best = NULL, *s;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(marks); i++) {
		const char *m = strstr(line, marks[i]);

		if (m && (!best || m < best))
			best = m;
	}
	if (!best)
		return NULL;
	for (s = line; s < best; s++)
		if (!strchr("0123456789,.()% -", *s))
			return NULL;
	return best;
}

static int same_kind(const char *a, const char *ma, const char *b, const char *mb)
{
	return ma - a == mb - b && !memcmp(a, b, (size_t)(ma - a)) && ma[3] == mb[3];
}

/*
 * Sorts what Perl leaves in hash order: runs of tree lines with equal
 * costs, and the blocks of annotated source files.
 */
static void normalise(struct strbuf *sb)
{
	struct strvec lines = STRVEC_INIT, out = STRVEC_INIT;
	const char *s = sb->buf, *nl;
	size_t i, j, first = 0, last = 0;

	while (*s) {
		nl = strchr(s, '\n');
		if (!nl)
			nl = s + strlen(s);
		{
			char *l = xstrndup(s, (size_t)(nl - s));

			strvec_push(&lines, l);
			free(l);
		}
		s = *nl ? nl + 1 : nl;
	}
	for (i = 0; i < lines.nr;) {
		const char *m = tree_mark(lines.v[i]);

		if (!m) {
			i++;
			continue;
		}
		for (j = i + 1; j < lines.nr; j++) {
			const char *mj = tree_mark(lines.v[j]);

			if (!mj || !same_kind(lines.v[i], m, lines.v[j], mj))
				break;
		}
		qsort(lines.v + i, j - i, sizeof(*lines.v), str_cmp);
		i = j;
	}
	/* Source blocks: from "-- Auto-annotated source:" to the next one. */
	for (i = 0; i + 1 < lines.nr; i++)
		if (!strcmp(lines.v[i], fancy) &&
		    (!strncmp(lines.v[i + 1], "-- Auto-annotated source:", 25) ||
		     !strncmp(lines.v[i + 1], "-- User-annotated source:", 25))) {
			if (!first)
				first = i;
			last = i;
		}
	if (first) {
		struct strvec blocks = STRVEC_INIT;
		struct strbuf b = STRBUF_INIT;
		size_t end = last + 2;

		while (end < lines.nr && !(!strcmp(lines.v[end], fancy) &&
					   end + 1 < lines.nr &&
					   (!strncmp(lines.v[end + 1], "The following", 13) ||
					    (end + 3 < lines.nr && !strcmp(lines.v[end + 2], fancy) &&
					     strstr(lines.v[end + 3], " events annotated")))))
			end++;
		for (i = first; i < end; i++) {
			if (i > first && !strcmp(lines.v[i], fancy) && i + 1 < end &&
			    (!strncmp(lines.v[i + 1], "-- Auto-annotated source:", 25) ||
			     !strncmp(lines.v[i + 1], "-- User-annotated source:", 25))) {
				strvec_push(&blocks, b.buf);
				strbuf_reset(&b);
			}
			strbuf_addf(&b, "%s\n", lines.v[i]);
		}
		strvec_push(&blocks, b.buf);
		qsort(blocks.v, blocks.nr, sizeof(*blocks.v), str_cmp);
		for (i = 0; i < first; i++)
			strvec_push(&out, lines.v[i]);
		for (i = 0; i < blocks.nr; i++)
			strvec_pushf(&out, "%.*s", (int)strlen(blocks.v[i]) - 1, blocks.v[i]);
		for (i = end; i < lines.nr; i++)
			strvec_push(&out, lines.v[i]);
		strvec_clear(&blocks);
		strbuf_release(&b);
	} else {
		strvec_pushv(&out, lines.v);
	}
	strbuf_reset(sb);
	for (i = 0; i < out.nr; i++)
		strbuf_addf(sb, "%s\n", out.v[i]);
	strvec_clear(&lines);
	strvec_clear(&out);
}

static void first_difference(const char *a, const char *b, struct strbuf *msg)
{
	size_t line = 1;
	const char *la = a, *lb = b;

	while (*a && *a == *b) {
		if (*a == '\n') {
			line++;
			la = a + 1;
			lb = b + 1;
		}
		a++;
		b++;
	}
	strbuf_addf(msg, "line %zu:\n  callgrind_annotate: %.*s\n  tare annotate:      %.*s",
		    line, (int)strcspn(la, "\n"), la, (int)strcspn(lb, "\n"), lb);
}

/*
 * Runs callgrind_annotate and tare annotate --compat with args in dir (NULL:
 * here); normalised outputs.
 */
static void run_both_in(const char *dir, const char *const *args, struct support_run *r1,
			struct support_run *r2)
{
	struct strvec a1 = STRVEC_INIT, a2 = STRVEC_INIT;
	size_t k;

	strvec_push(&a1, "/usr/bin/callgrind_annotate");
	strvec_push(&a2, support_tare());
	strvec_push(&a2, "annotate");
	strvec_push(&a2, "--compat");
	for (k = 0; args[k]; k++) {
		strvec_push(&a1, args[k]);
		strvec_push(&a2, args[k]);
	}
	support_run(r1, a1.v, dir, NULL, 120);
	support_run(r2, a2.v, dir, NULL, 120);
	normalise(&r1->out);
	normalise(&r2->out);
	strvec_clear(&a1);
	strvec_clear(&a2);
}

static void run_both(const char *const *args, struct support_run *r1, struct support_run *r2)
{
	run_both_in(NULL, args, r1, r2);
}

/* Compares the two tools on every profile of dir with options opts. */
static void compare_dir(const char *dir, const char *const *opts)
{
	struct strvec files = STRVEC_INIT;
	size_t i, failures = 0, compared = 0;
	struct strbuf report = STRBUF_INIT;

	list_profiles(dir, &files);
	{
		struct strbuf sub = STRBUF_INIT;

		strbuf_addf(&sub, "%s/generated", dir);
		list_profiles(sub.buf, &files);
		strbuf_release(&sub);
	}
	qsort(files.v, files.nr, sizeof(*files.v), str_cmp);
	for (i = 0; i < files.nr; i++) {
		struct strvec args = STRVEC_INIT;
		struct support_run r1, r2;

		strvec_pushv(&args, (const char **)opts);
		strvec_push(&args, files.v[i]);
		run_both(args.v, &r1, &r2);
		strvec_clear(&args);
		compared++;
		if ((r1.status != 0) != (r2.status != 0) || strcmp(r1.out.buf, r2.out.buf)) {
			failures++;
			strbuf_addf(&report, "\n%s: exit %d vs %d; ", files.v[i], r1.status, r2.status);
			first_difference(r1.out.buf, r2.out.buf, &report);
		}
		support_run_release(&r1);
		support_run_release(&r2);
	}
	if (failures)
		TARE_FAIL("%zu of %zu profiles differ:%s", failures, compared, report.buf);
	strbuf_release(&report);
	strvec_clear(&files);
}

static void compare_all(const char *const *opts)
{
	if (!has_callgrind_annotate())
		TARE_SKIP("callgrind_annotate is not installed");
	compare_dir("tests/annotate/profiles", opts);
	if (access(corpus_dir(), R_OK))
		TARE_SKIP("no corpus of third-party profiles at %s (TARE_CORPUS)", corpus_dir());
	compare_dir(corpus_dir(), opts);
}

/* rm -rf dir: a test's scratch folder. */
static void remove_dir(const char *dir)
{
	struct strbuf rm = STRBUF_INIT;

	strbuf_addf(&rm, "rm -rf '%s'", dir);
	TARE_ASSERT_EQ(system(rm.buf), 0);
	strbuf_release(&rm);
}

#define COMPAT_TEST(name, ...)                                          \
	TARE_TEST(compat_##name)                                        \
	{                                                               \
		const char *const opts[] = { __VA_ARGS__, NULL };       \
		compare_all(opts + 1);                                  \
	}

COMPAT_TEST(defaults, "")
COMPAT_TEST(inclusive, "", "--inclusive=yes")
COMPAT_TEST(tree_both, "", "--tree=both")
COMPAT_TEST(tree_caller_inclusive, "", "--tree=caller", "--inclusive=yes")
COMPAT_TEST(tree_calling_all, "", "--tree=calling", "--inclusive=yes", "--threshold=100")
COMPAT_TEST(threshold_all, "", "--threshold=100")
COMPAT_TEST(threshold_low, "", "--threshold=50")
COMPAT_TEST(no_percs, "", "--show-percs=no")
COMPAT_TEST(no_auto, "", "--auto=no")
COMPAT_TEST(context, "", "--context=2")
COMPAT_TEST(sort_thresholds, "", "--sort=Ir:50")
COMPAT_TEST(show_sort, "", "--show=Ir", "--sort=Ir")

/*
 * tare test --profile callgrind: the test process itself is profiled (not
 * the runner), only inside the test's function, into a profile per test.
 */
TARE_TEST(callgrind_profile_of_one_test)
{
	char dir[] = "/tmp/tare-cg-XXXXXX";
	struct strbuf bin = STRBUF_INIT, path = STRBUF_INIT, text = STRBUF_INIT;
	struct support_run r;
	const char *argv[] = { support_tare(), "test", "--profile", "callgrind", "-b", NULL,
			       "ring_push", NULL };

	TARE_ASSERT_NOT_NULL(mkdtemp(dir));
	strbuf_addf(&bin, "%s/many", support_fixtures());
	argv[5] = bin.buf;
	support_run(&r, argv, dir, NULL, 300);
	TARE_ASSERT_EQ(r.status, 0);
	TARE_ASSERT(strstr(r.out.buf, "profile: .tare/profiles/many/ring_push.callgrind.out\n") != NULL);
	TARE_ASSERT(strstr(r.out.buf, "more:    tare annotate .tare/profiles/many/ring_push.callgrind.out\n") != NULL);
	TARE_ASSERT(strstr(r.out.buf, "total Ir\n") != NULL);
	strbuf_addf(&path, "%s/.tare/profiles/many/ring_push.callgrind.out", dir);
	TARE_ASSERT_EQ(strbuf_read_file(&text, path.buf, 1 << 24), 0);
	/* The test process, and only the test's function and what it calls. */
	TARE_ASSERT(strstr(text.buf, "--exact ring_push") != NULL);
	TARE_ASSERT(strstr(text.buf, "tare__fn_ring_push") != NULL);
	{
		/* Start-up alone is about 150,000 instructions; the test is not. */
		const char *sum = strstr(text.buf, "\nsummary: ");

		TARE_ASSERT_NOT_NULL(sum);
		TARE_ASSERT_LT(strtoull(sum + 10, NULL, 10), 50000);
	}
	support_run_release(&r);
	strbuf_release(&text);
	strbuf_release(&path);
	strbuf_release(&bin);
	remove_dir(dir);
}

/* Each test's profile's summary: line, and its command ("cmd:" line). */
static void profiles_of(const char *dir, const char *const *names, size_t n,
			struct strvec *sums, struct strvec *cmds)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *sum, *cmd;

		strbuf_reset(&path);
		strbuf_addf(&path, "%s/.tare/profiles/allocating/%s.callgrind.out", dir, names[i]);
		TARE_ASSERT_EQ(strbuf_read_file(&text, path.buf, 1 << 24), 0);
		sum = strstr(text.buf, "\nsummary: ");
		cmd = strstr(text.buf, "\ncmd: ");
		TARE_ASSERT_NOT_NULL(sum);
		TARE_ASSERT_NOT_NULL(cmd);
		strvec_pushf(sums, "%.*s", (int)strcspn(sum + 1, "\n"), sum + 1);
		strvec_pushf(cmds, "%.*s", (int)strcspn(cmd + 1, "\n"), cmd + 1);
	}
	strbuf_release(&path);
	strbuf_release(&text);
}

/*
 * A binary that can serve has its tests profiled in children forked from
 * one callgrind per slot, each test's function alone as in a callgrind of
 * its own: the counts are the same (the child allocates, prints and reads
 * its environment as its own process would), with -j1, -j2 and
 * --no-fork-server (a callgrind per test).
 */
TARE_TEST(callgrind_profiles_served_count_as_their_own_processes)
{
	static const char *const names[] = { "small_blocks", "a_large_block", "prints",
					      "reads_its_name", "copies_strings" };
	const size_t n = sizeof(names) / sizeof(names[0]);
	char dir[] = "/tmp/tare-cg-XXXXXX";
	struct strbuf bin = STRBUF_INIT;
	struct strvec sums[3] = { STRVEC_INIT, STRVEC_INIT, STRVEC_INIT };
	struct strvec cmds[3] = { STRVEC_INIT, STRVEC_INIT, STRVEC_INIT };
	const char *how[3][2] = { { "-j1", NULL }, { "-j2", NULL }, { "-j1", "--no-fork-server" } };
	size_t k, i;

	TARE_ASSERT_NOT_NULL(mkdtemp(dir));
	strbuf_addf(&bin, "%s/allocating", support_fixtures());
	for (k = 0; k < 3; k++) {
		const char *argv[] = { support_tare(), "test", "--profile", "callgrind", "-b",
				       bin.buf, how[k][0], how[k][1], NULL };
		struct support_run r;

		support_run(&r, argv, dir, NULL, 300);
		TARE_ASSERT_EQ(r.status, 0);
		TARE_ASSERT(strstr(r.out.buf, "5 passed") != NULL);
		support_run_release(&r);
		profiles_of(dir, names, n, &sums[k], &cmds[k]);
	}
	for (i = 0; i < n; i++) {
		/* One callgrind start at -j1 served them all; alone, each had its own. */
		TARE_ASSERT_STREQ(cmds[0].v[i], cmds[0].v[0]);
		TARE_ASSERT(strstr(cmds[0].v[i], " --serve ") != NULL);
		TARE_ASSERT(strstr(cmds[2].v[i], " --exact ") != NULL);
		TARE_ASSERT_STREQ(sums[0].v[i], sums[2].v[i]);
		TARE_ASSERT_STREQ(sums[1].v[i], sums[2].v[i]);
	}
	for (k = 0; k < 3; k++) {
		strvec_clear(&sums[k]);
		strvec_clear(&cmds[k]);
	}
	strbuf_release(&bin);
	remove_dir(dir);
}

/*
 * The "more:" line is a command to paste into a shell: a profile named
 * after a test with spaces and quotes in its name comes out quoted, and
 * the command, run by sh, reads that profile.
 */
TARE_TEST(callgrind_profile_more_line_is_quoted)
{
	char dir[] = "/tmp/tare-cg-XXXXXX";
	struct strbuf bin = STRBUF_INIT;
	struct support_run r;
	const char *argv[] = { support_tare(), "test", "--profile", "callgrind", "-b", NULL,
			       "spaces", "punctuation", NULL };
	const char *line;
	size_t n = 0;

	TARE_ASSERT_NOT_NULL(mkdtemp(dir));
	strbuf_addf(&bin, "%s/names", support_fixtures());
	argv[5] = bin.buf;
	support_run(&r, argv, dir, NULL, 300);
	TARE_ASSERT_EQ(r.status, 0);
	TARE_ASSERT(strstr(r.out.buf, "more:    tare annotate "
				      "'.tare/profiles/names/suite::with spaces in the name.callgrind.out'\n"));
	TARE_ASSERT(strstr(r.out.buf, "more:    tare annotate '.tare/profiles/names/punctuation: "
				      "colons, '\\''quotes'\\'' and \"double quotes\".callgrind.out'\n"));
	for (line = r.out.buf; (line = strstr(line, "more:    tare annotate ")); n++) {
		const char *words = line + strlen("more:    tare annotate ");
		const char *eol = strchr(words, '\n');
		struct strbuf cmd = STRBUF_INIT;
		struct support_run a;
		const char *sh[] = { "/bin/sh", "-c", NULL, NULL };

		TARE_ASSERT_NOT_NULL(eol);
		strbuf_addf(&cmd, "exec '%s' annotate --auto=no %.*s", support_tare(),
			    (int)(eol - words), words);
		sh[2] = cmd.buf;
		support_run(&a, sh, dir, NULL, 60);
		TARE_ASSERT_EQ(a.status, 0);
		TARE_ASSERT(strstr(a.out.buf, "PROGRAM TOTALS") != NULL);
		support_run_release(&a);
		strbuf_release(&cmd);
		line = eol;
	}
	TARE_ASSERT_EQ(n, 2);
	support_run_release(&r);
	strbuf_release(&bin);
	remove_dir(dir);
}

/*
 * A cachegrind file cut short, its summary: line lost: callgrind_annotate
 * reads it and calculates the totals, and --compat must print the same;
 * tare annotate itself says it is truncated.
 */
TARE_TEST(compat_truncated_cachegrind)
{
	char path[] = "/tmp/tare-cg-XXXXXX";
	struct strbuf text = STRBUF_INIT;
	struct support_run r1, r2;
	const char *args[] = { NULL, NULL };
	const char *argv[] = { support_tare(), "annotate", NULL, NULL };
	char *cut;

	if (!has_callgrind_annotate())
		TARE_SKIP("callgrind_annotate is not installed");
	TARE_ASSERT_EQ(strbuf_read_file(&text, "tests/annotate/profiles/cachegrind.out", 1 << 24), 0);
	/* At a line in the middle: the file as a full disk leaves it. */
	cut = strchr(text.buf + text.len / 2, '\n');
	TARE_ASSERT_NOT_NULL(cut);
	strbuf_setlen(&text, (size_t)(cut + 1 - text.buf));
	support_write_temp(path, text.buf);
	args[0] = path;
	run_both(args, &r1, &r2);
	TARE_ASSERT_EQ(r1.status, 0);
	TARE_ASSERT_EQ(r2.status, 0);
	TARE_ASSERT(strstr(r1.out.buf, "PROGRAM TOTALS (calculated)") != NULL);
	TARE_ASSERT_STREQ(r2.out.buf, r1.out.buf);
	TARE_ASSERT_STREQ(r2.err.buf, r1.err.buf);
	support_run_release(&r1);
	support_run_release(&r2);
	argv[2] = path;
	support_run(&r1, argv, NULL, NULL, 60);
	TARE_ASSERT_EQ(r1.status, 2);
	TARE_ASSERT(strstr(r1.err.buf, ": file is truncated: cachegrind ends the file with a "
				       "summary: line\n") != NULL);
	support_run_release(&r1);
	unlink(path);
	strbuf_release(&text);
}

/* Source files named after the profile, and -I=DIR: callgrind_annotate's. */
TARE_TEST(compat_user_annotated_and_include)
{
	static const char *const argsets[][5] = {
		{ "tests/annotate/profiles/callgrind.default.out", "tests/fixtures/profiled.c", NULL },
		{ "-I=tests/fixtures/", "tests/annotate/profiles/callgrind.default.out", "profiled.c", NULL },
		{ "--auto=no", "-I=tests", "tests/annotate/profiles/callgrind.instr-jumps.out",
		  "fixtures/profiled.c", NULL },
	};
	size_t i;

	if (!has_callgrind_annotate())
		TARE_SKIP("callgrind_annotate is not installed");
	for (i = 0; i < ARRAY_SIZE(argsets); i++) {
		struct support_run r1, r2;

		run_both(argsets[i], &r1, &r2);
		TARE_ASSERT_EQ(r1.status, 0);
		TARE_ASSERT_EQ(r2.status, 0);
		TARE_ASSERT_STREQ(r2.out.buf, r1.out.buf);
		support_run_release(&r1);
		support_run_release(&r2);
	}
}

/*
 * Run from /, callgrind_annotate strips "//" (pwd and its '/') from file
 * names: absolute names stay whole, and only a name written with two
 * slashes loses them.
 */
TARE_TEST(compat_from_root)
{
	char path[] = "/tmp/tare-cg-XXXXXX";
	const char *args[] = { "--tree=both", NULL, NULL };
	struct support_run r1, r2;

	if (!has_callgrind_annotate())
		TARE_SKIP("callgrind_annotate is not installed");
	support_write_temp(path, "events: Ir\nob=/bin/prog\nfl=/usr/src/a.c\nfn=f\n3 7\n"
				 "cfi=/usr/src/b.c\ncfn=g\ncalls=1 1\n4 5\nfl=/usr/src/b.c\nfn=g\n1 5\n"
				 "fl=//usr/src/c.c\nfn=h\n1 2\n");
	args[1] = path;
	run_both_in("/", args, &r1, &r2);
	TARE_ASSERT_EQ(r1.status, 0);
	TARE_ASSERT_EQ(r2.status, 0);
	TARE_ASSERT(strstr(r1.out.buf, " /usr/src/a.c:f [/bin/prog]\n") != NULL);
	TARE_ASSERT_STREQ(r2.out.buf, r1.out.buf);
	TARE_ASSERT_STREQ(r2.err.buf, r1.err.buf);
	support_run_release(&r1);
	support_run_release(&r2);
	unlink(path);
}

/*
 * Relative positions past Perl's 64-bit integers: Perl adds in floating
 * point, the line it then holds ("1.23456789012346e+22 5") is malformed,
 * and callgrind_annotate warns and skips it. --compat must do the same,
 * not wrap the number; near the limits, the integers Perl keeps.
 */
TARE_TEST(compat_position_overflow)
{
	char path[] = "/tmp/tare-cg-XXXXXX";
	const char *args[] = { NULL, NULL };
	struct support_run r1, r2;

	if (!has_callgrind_annotate())
		TARE_SKIP("callgrind_annotate is not installed");
	support_write_temp(path, "events: Ir Dr\nfl=a.c\nfn=f\n3 7\n"
				 "+12345678901234567890123 5\n"		/* floating point */
				 "+18446744073709551615 5\n"		/* past 2^64 - 1 */
				 "-12345678901234567890123 5\n"
				 "-9223372036854775812 5\n"		/* below -2^63 */
				 "-9223372036854775811 1\n"		/* -2^63 itself */
				 "+9223372036854775807 2\n"		/* -1: + then - */
				 "*x 5\n+3x 5\n"			/* replaced, still malformed */
				 "+1 3\n");
	args[0] = path;
	run_both(args, &r1, &r2);
	TARE_ASSERT_EQ(r1.status, 0);
	TARE_ASSERT_EQ(r2.status, 0);
	TARE_ASSERT(strstr(r1.err.buf, "line: '1.23456789012346e+22 5'") != NULL);
	TARE_ASSERT_STREQ(r2.out.buf, r1.out.buf);
	TARE_ASSERT_STREQ(r2.err.buf, r1.err.buf);
	support_run_release(&r1);
	support_run_release(&r2);
	unlink(path);
}

/*
 * One folded line as flamegraph.pl and inferno read it: frames, none empty
 * and none holding ';', joined by ';', a space, then a count (a diff: two).
 */
static int folded_line_ok(const char *line, size_t len, int counts)
{
	const char *end = line + len, *p = end;
	int k;

	for (k = 0; k < counts; k++) {
		const char *digits = p;

		while (digits > line && digits[-1] >= '0' && digits[-1] <= '9')
			digits--;
		if (digits == p || digits == line || digits[-1] != ' ')
			return 0;
		p = digits - 1;
	}
	if (p == line || *line == ';' || p[-1] == ';')
		return 0;
	for (; line < p; line++)
		if (*line == ';' && line[1] == ';')
			return 0;
	return 1;
}

/*
 * Every line of out in folded form, into *sum the sum of the last counts;
 * a diff's lines (counts 2) must have two equal counts (a profile against
 * itself).
 */
static int folded_ok(const char *out, int counts, unsigned long long *sum, struct strbuf *why)
{
	const char *s = out;

	*sum = 0;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char *line = xstrndup(s, len), *last, *prev;
		int ok = folded_line_ok(s, len, counts);

		last = strrchr(line, ' ');
		if (ok && counts == 2) {
			*last = '\0';
			prev = strrchr(line, ' ');
			ok = !strcmp(prev + 1, last + 1);
			*last = ' ';
		}
		if (ok)
			*sum += strtoull(last + 1, NULL, 10);
		else
			strbuf_addf(why, "\nmalformed folded line '%s'", line);
		free(line);
		if (!ok)
			return 0;
		s += len + (nl != NULL);
	}
	return 1;
}

/*
 * tare flamegraph on every profile tare annotate reads: it reads them too,
 * its folded stacks are what flamegraph.pl requires, and the profile
 * against itself (--diff) gives the same stacks, each with two equal costs.
 */
static void flames_of_dir(const char *dir, size_t *checked, struct strbuf *report)
{
	struct strvec files = STRVEC_INIT;
	size_t i;

	list_profiles(dir, &files);
	{
		struct strbuf sub = STRBUF_INIT;

		strbuf_addf(&sub, "%s/generated", dir);
		list_profiles(sub.buf, &files);
		strbuf_release(&sub);
	}
	for (i = 0; i < files.nr; i++) {
		const char *ann[] = { support_tare(), "annotate", "--auto=no", files.v[i], NULL };
		const char *fold[] = { support_tare(), "flamegraph", "--format", "folded", files.v[i], NULL };
		const char *diff[] = { support_tare(), "flamegraph", "--diff", "--format", "folded",
				       files.v[i], files.v[i], NULL };
		struct support_run ra, rf;
		unsigned long long sum = 0, dsum = 0;

		support_run(&ra, ann, NULL, NULL, 120);
		support_run(&rf, fold, NULL, NULL, 120);
		(*checked)++;
		if (ra.status != 0) {
			if (rf.status == 0)
				strbuf_addf(report, "\n%s: annotate refuses it, flamegraph does not", files.v[i]);
		} else if (rf.status != 0) {
			strbuf_addf(report, "\n%s: flamegraph exits %d: %s", files.v[i], rf.status, rf.err.buf);
		} else if (!folded_ok(rf.out.buf, 1, &sum, report)) {
			strbuf_addf(report, " (%s)", files.v[i]);
		} else {
			struct support_run rd;

			/* The profile against itself: every stack's old and new are the same. */
			support_run(&rd, diff, NULL, NULL, 120);
			if (rd.status != 0 || !folded_ok(rd.out.buf, 2, &dsum, report) || dsum != sum)
				strbuf_addf(report, "\n%s: the diff with itself is not its folded stacks twice",
					    files.v[i]);
			support_run_release(&rd);
		}
		support_run_release(&ra);
		support_run_release(&rf);
	}
	strvec_clear(&files);
}

TARE_TEST(flamegraph_of_every_profile)
{
	struct strbuf report = STRBUF_INIT;
	size_t checked = 0;

	flames_of_dir("tests/annotate/profiles", &checked, &report);
	if (!access(corpus_dir(), R_OK))
		flames_of_dir(corpus_dir(), &checked, &report);
	if (report.len)
		TARE_FAIL("of %zu profiles:%s", checked, report.buf);
	TARE_ASSERT_GT(checked, 5);
	strbuf_release(&report);
}
