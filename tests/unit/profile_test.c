/* The profile reader (cg_read.c) and model (cg_profile.c). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "tare.h"
#include "cg_profile.h"

/* Reads text as one more file named name (default semantics). */
static int read_named(struct cg_profile *p, const char *name, const char *text)
{
	struct cg_read_options o = CG_READ_OPTIONS_INIT;

	return cg_read_buffer(p, name, text, strlen(text), &o);
}

static int read_text(struct cg_profile *p, const char *text, int compat)
{
	struct cg_read_options o = CG_READ_OPTIONS_INIT;

	o.compat = compat;
	return cg_read_buffer(p, "t.out", text, strlen(text), &o);
}

/* The self cost of event ev of the function named fn (in any file). */
static int64_t self_of(const struct cg_profile *p, const char *fn, const char *file, int ev)
{
	size_t i;
	int64_t sum = 0;

	for (i = 0; i < p->fns.nr; i++) {
		const struct cg_fn *f = &p->fns.v[i];

		if (strcmp(cg_name(p, CG_FN, f->name), fn))
			continue;
		if (file && strcmp(cg_name(p, CG_FILE, f->file), file))
			continue;
		sum += cg_cost(p, f->row)[ev];
	}
	return sum;
}

static int64_t line_cost(const struct cg_profile *p, const char *file, int64_t line, int ev)
{
	size_t i;

	for (i = 0; i < p->lines.nr; i++)
		if (p->lines.v[i].line == line &&
		    !strcmp(cg_name(p, CG_FILE, p->lines.v[i].file), file))
			return cg_cost(p, p->lines.v[i].row)[ev];
	return -1;
}

static const struct cg_call *call_of(const struct cg_profile *p, const char *caller,
					  const char *callee)
{
	size_t i;

	for (i = 0; i < p->calls.nr; i++) {
		const struct cg_call *c = &p->calls.v[i];

		if (!strcmp(cg_name(p, CG_FN, p->fns.v[c->caller].name), caller) &&
		    !strcmp(cg_name(p, CG_FN, p->fns.v[c->callee].name), callee))
			return c;
	}
	return NULL;
}

TARE_TEST(profile_name_compression_three_namespaces)
{
	struct cg_profile p;

	cg_profile_init(&p);
	/* ID 0, ids defined on callee lines, the same number in each space. */
	TARE_ASSERT_EQ(read_text(&p,
		"events: Ir\n"
		"ob=(0) /bin/prog\n"
		"fl=(0) a.c\n"
		"fn=(0) main\n"
		"1 5\n"
		"cob=(1) /lib/libc.so\n"
		"cfi=(1) b.c\n"
		"cfn=(1) helper\n"
		"calls=2 10\n"
		"2 40\n"
		"ob=(1)\n"
		"fl=(1)\n"
		"fn=(1)\n"
		"10 40\n"
		"fl=(jruby)\n"
		"fn=(0)\n"
		"3 1\n", 0), 0);
	TARE_ASSERT_EQ(self_of(&p, "main", "a.c", 0), 5);
	TARE_ASSERT_EQ(self_of(&p, "helper", "b.c", 0), 40);
	/* "(jruby)" is a literal name, not a compression id. */
	TARE_ASSERT_EQ(self_of(&p, "main", "(jruby)", 0), 1);
	TARE_ASSERT_NOT_NULL(call_of(&p, "main", "helper"));
	TARE_ASSERT_EQ(call_of(&p, "main", "helper")->count, 2);
	TARE_ASSERT_EQ(cg_cost(&p, call_of(&p, "main", "helper")->row)[0], 40);
	TARE_ASSERT_STREQ(cg_name(&p, CG_OBJ,
				       p.fns.v[call_of(&p, "main", "helper")->callee].obj),
			  "/lib/libc.so");
	cg_profile_release(&p);
}

TARE_TEST(profile_subpositions_and_missing_costs)
{
	struct cg_profile p;

	cg_profile_init(&p);
	TARE_ASSERT_EQ(read_text(&p,
		"positions: instr line\n"
		"events: Ir Dr Dw\n"
		"fl=a.c\n"
		"fn=f\n"
		"0x1000 10 1 2 3\n"
		"+4 * 1\n"		/* line 10, Dr and Dw missing: 0 */
		"+3 +2 1 1\n"		/* line 12 */
		"-2 -1 1\n"		/* line 11 */
		"0x2000 0x14 5\n"	/* hex line 20 */
		"* * 5\r\n",		/* CRLF */
		0), 0);
	TARE_ASSERT_EQ(line_cost(&p, "a.c", 10, 0), 2);
	TARE_ASSERT_EQ(line_cost(&p, "a.c", 10, 1), 2);
	TARE_ASSERT_EQ(line_cost(&p, "a.c", 12, 1), 1);
	TARE_ASSERT_EQ(line_cost(&p, "a.c", 11, 0), 1);
	TARE_ASSERT_EQ(line_cost(&p, "a.c", 20, 0), 10);
	TARE_ASSERT_EQ(self_of(&p, "f", NULL, 0), 14);
	TARE_ASSERT_EQ(self_of(&p, "f", NULL, 2), 3);
	cg_profile_release(&p);
}

TARE_TEST(profile_call_target_does_not_move_the_basis)
{
	struct cg_profile p;

	cg_profile_init(&p);
	TARE_ASSERT_EQ(read_text(&p,
		"events: Ir\n"
		"fl=a.c\n"
		"fn=f\n"
		"25 1\n"
		"cfn=g\n"
		"calls=1 +51\n"		/* target 76; the basis stays 25 */
		"+1 7\n"		/* the call is made on line 26 */
		"+1 2\n"		/* line 27 */
		"fn=g\n"
		"76 7\n", 0), 0);
	TARE_ASSERT_EQ(line_cost(&p, "a.c", 27, 0), 2);
	TARE_ASSERT_EQ(p.sites.nr, 1);
	TARE_ASSERT_EQ(p.sites.v[0].line, 26);
	cg_profile_release(&p);
}

/* calls=0 (still-active frames at a dump) is call cost, never self cost. */
TARE_TEST(profile_calls_zero)
{
	struct cg_profile p;
	const char *text =
		"events: Ir\n"
		"summary: 9\n"
		"fl=main.c\n"
		"fn=main\n"
		"1 2\n"
		"cfn=phase\n"
		"calls=0 10\n"
		"1 7\n"
		"fn=phase\n"
		"10 7\n"
		"totals: 9\n";

	cg_profile_init(&p);
	TARE_ASSERT_EQ(read_text(&p, text, 0), 0);
	TARE_ASSERT_EQ(self_of(&p, "main", NULL, 0), 2);
	TARE_ASSERT_EQ(call_of(&p, "main", "phase")->count, 0);
	cg_profile_release(&p);
	/* callgrind_annotate adds it to main's self cost. */
	cg_profile_init(&p);
	TARE_ASSERT_EQ(read_text(&p, text, 1), 0);
	TARE_ASSERT_EQ(self_of(&p, "main", NULL, 0), 9);
	cg_profile_release(&p);
}

TARE_TEST(profile_inlined_files)
{
	struct cg_profile p;

	cg_profile_init(&p);
	TARE_ASSERT_EQ(read_text(&p,
		"events: Ir\n"
		"fl=a.c\n"
		"fn=f\n"
		"1 1\n"
		"fi=inl.h\n"
		"5 10\n"
		"fe=a.c\n"
		"2 1\n"
		"fi=inl.h\n"
		"6 10\n"
		"fn=g\n"		/* fi= ends at fn=: g is in a.c */
		"9 100\n", 0), 0);
	TARE_ASSERT_EQ(self_of(&p, "f", "a.c", 0), 2);
	TARE_ASSERT_EQ(self_of(&p, "f", "inl.h", 0), 20);
	TARE_ASSERT_EQ(self_of(&p, "g", "a.c", 0), 100);
	TARE_ASSERT_EQ(line_cost(&p, "inl.h", 6, 0), 10);
	cg_profile_release(&p);
}

TARE_TEST(profile_parts_merge_by_event_name)
{
	struct cg_profile p;
	int64_t total[CG_MAX_EVENTS];
	int calculated;

	cg_profile_init(&p);
	TARE_ASSERT_EQ(read_text(&p,
		"creator: callgrind-3.19.0\n"
		"part: 1\n"
		"events: Ir Dr\n"
		"summary: 10 1\n"
		"fl=a.c\n"
		"fn=f\n"
		"1 10 1\n"
		"totals: 10 1\n"
		"part: 2\n"
		"thread: 2\n"
		"events: Dr Ir Dw\n"
		"summary: 2 20 3\n"
		"fl=a.c\n"
		"fn=f\n"
		"1 2 20 3\n"
		"totals: 2 20 3\n", 0), 0);
	TARE_ASSERT_EQ(p.nevents, 3);
	TARE_ASSERT_EQ(p.parts.nr, 2);
	TARE_ASSERT_STREQ(p.parts.v[1].thread, "2");
	TARE_ASSERT_EQ(self_of(&p, "f", NULL, cg_event(&p, "Ir")), 30);
	TARE_ASSERT_EQ(self_of(&p, "f", NULL, cg_event(&p, "Dr")), 3);
	TARE_ASSERT_EQ(self_of(&p, "f", NULL, cg_event(&p, "Dw")), 3);
	cg_total(&p, total, &calculated);
	TARE_ASSERT_EQ(calculated, 0);
	TARE_ASSERT_EQ(total[cg_event(&p, "Ir")], 30);
	cg_profile_release(&p);
}

TARE_TEST(profile_files_merge)
{
	struct cg_profile p;
	const char *one = "events: Ir\nfl=(1) a.c\nfn=(1) f\n1 5\n";
	const char *two = "events: Dr Ir\nfl=(1) b.c\nfn=(1) f\n1 1 7\nfl=(2) a.c\nfn=(1)\n2 0 1\n";

	cg_profile_init(&p);
	TARE_ASSERT_EQ(read_named(&p, "one", one), 0);
	TARE_ASSERT_EQ(read_named(&p, "two", two), 0);
	TARE_ASSERT_EQ(p.nevents, 2);
	/* Compression ids are per file: (1) is a.c in one and b.c in two. */
	TARE_ASSERT_EQ(self_of(&p, "f", "a.c", 0), 6);
	TARE_ASSERT_EQ(self_of(&p, "f", "b.c", 0), 7);
	TARE_ASSERT_EQ(self_of(&p, "f", "b.c", 1), 1);
	cg_profile_release(&p);
}

TARE_TEST(profile_derived_events)
{
	struct cg_profile p;
	int l1m;

	cg_profile_init(&p);
	TARE_ASSERT_EQ(read_text(&p,
		"event: I1mr : L1 instr read miss\n"
		"event: L1m = I1mr + D1mr + D1mw : L1 Miss Sum\n"
		"event: EST = Ir + 10 L1m - 2 * D1mw\n"
		"events: Ir I1mr D1mr D1mw\n"
		"fl=a.c\n"
		"fn=f\n"
		"1 100 1 2 3\n", 0), 0);
	l1m = cg_event(&p, "L1m");
	TARE_ASSERT_GE(l1m, 0);
	TARE_ASSERT_EQ(self_of(&p, "f", NULL, l1m), 6);
	TARE_ASSERT_EQ(self_of(&p, "f", NULL, cg_event(&p, "EST")), 154);
	cg_profile_release(&p);
}

/* Derived columns follow merged files, and have totals too. */
TARE_TEST(profile_derived_events_merge_and_total)
{
	struct cg_profile p;
	const char *one = "event: Both = A + B\nevents: A B\nsummary: 3 4\nfl=x.c\nfn=f\n1 1 2\n2 2 2\n";
	const char *two = "events: B A\nsummary: 10 20\nfl=x.c\nfn=f\n1 10 20\n";
	int64_t total[CG_MAX_EVENTS];
	int calculated, both;

	cg_profile_init(&p);
	TARE_ASSERT_EQ(read_named(&p, "one", one), 0);
	TARE_ASSERT_EQ(read_named(&p, "two", two), 0);
	both = cg_event(&p, "Both");
	TARE_ASSERT_GE(both, 0);
	TARE_ASSERT_EQ(self_of(&p, "f", NULL, both), 37);
	TARE_ASSERT_EQ(line_cost(&p, "x.c", 1, both), 33);
	cg_total(&p, total, &calculated);
	TARE_ASSERT_EQ(calculated, 0);
	TARE_ASSERT_EQ(total[both], 37);
	cg_profile_release(&p);
}

TARE_TEST(profile_inclusive_cost)
{
	struct cg_profile p;
	int64_t *incl;
	size_t i;

	cg_profile_init(&p);
	TARE_ASSERT_EQ(read_text(&p,
		"events: Ir\n"
		"fl=a.c\n"
		"fn=main\n"
		"1 1\n"
		"cfn=recur\n"
		"calls=1 5\n"
		"2 12\n"
		"fn=recur\n"
		"5 12\n"
		"cfn=recur\n"
		"calls=2 5\n"
		"6 5\n", 0), 0);
	incl = cg_inclusive(&p);
	for (i = 0; i < p.fns.nr; i++) {
		const char *n = cg_name(&p, CG_FN, p.fns.v[i].name);

		if (!strcmp(n, "main"))
			TARE_ASSERT_EQ(incl[i], 13);
		else
			TARE_ASSERT_EQ(incl[i], 12);	/* recursive calls not counted twice */
	}
	free(incl);
	cg_profile_release(&p);
}

/* The inclusive cost of event 0 of the function named fn. */
static int64_t incl_of(const struct cg_profile *p, const int64_t *incl, const char *fn)
{
	size_t i;

	for (i = 0; i < p->fns.nr; i++)
		if (!strcmp(cg_name(p, CG_FN, p->fns.v[i].name), fn))
			return incl[i * p->nevents];
	TARE_FAIL("no function %s", fn);
}

/*
 * even and odd call each other (as callgrind records it: each call's cost
 * counts the nested ones again, 900 and 850 for a run of 100): a cycle.
 * Each counts the calls into it from outside the cycle, or its self cost
 * and calls out of the cycle, whichever is larger; never the calls within
 * the cycle, and never more than the total.
 */
TARE_TEST(profile_inclusive_cost_of_a_cycle)
{
	struct cg_profile p;
	int64_t *incl;

	cg_profile_init(&p);
	TARE_ASSERT_EQ(read_text(&p,
		"events: Ir\n"
		"fl=a.c\n"
		"fn=main\n"
		"1 2\n"
		"cfn=even\n"
		"calls=1 10\n"
		"2 100\n"
		"cfn=odd\n"
		"calls=1 20\n"
		"3 8\n"
		"fn=even\n"
		"10 30\n"
		"cfn=odd\n"
		"calls=20 20\n"
		"11 900\n"
		"cfn=leaf\n"
		"calls=20 30\n"
		"12 20\n"
		"fn=odd\n"
		"20 40\n"
		"cfn=even\n"
		"calls=20 10\n"
		"21 850\n"
		"cfn=leaf\n"
		"calls=20 30\n"
		"22 18\n"
		"fn=leaf\n"
		"30 38\n", 0), 0);
	incl = cg_inclusive(&p);
	TARE_ASSERT_EQ(incl_of(&p, incl, "main"), 110);
	TARE_ASSERT_EQ(incl_of(&p, incl, "even"), 100);	/* main's call to it */
	TARE_ASSERT_EQ(incl_of(&p, incl, "odd"), 58);	/* 40 of its own, 18 in leaf */
	TARE_ASSERT_EQ(incl_of(&p, incl, "leaf"), 38);
	free(incl);
	cg_profile_release(&p);
}

/*
 * Where callgrind switches collection on (a benchmark's body), the calls
 * around it cost the few instructions its summary: counts and no function
 * has: inclusive costs stop at the total (totals:), the sum of the rows.
 */
TARE_TEST(profile_inclusive_at_most_the_total)
{
	struct cg_profile p;
	int64_t *incl;

	cg_profile_init(&p);
	TARE_ASSERT_EQ(read_text(&p,
		"creator: callgrind-3.19.0\n"
		"events: Ir\n"
		"summary: 363\n"
		"fl=tare.h\n"
		"fn=run\n"
		"cfn=measure\n"
		"calls=1 10\n"
		"1 363\n"
		"fn=measure\n"
		"10 3\n"
		"cfn=body\n"
		"calls=1 20\n"
		"11 351\n"
		"fn=body\n"
		"20 351\n"
		"totals: 354\n", 0), 0);
	incl = cg_inclusive(&p);
	TARE_ASSERT_EQ(incl_of(&p, incl, "run"), 354);
	TARE_ASSERT_EQ(incl_of(&p, incl, "measure"), 354);
	TARE_ASSERT_EQ(incl_of(&p, incl, "body"), 351);
	free(incl);
	cg_profile_release(&p);
}

static void expect_error(const char *text, int compat)
{
	struct cg_profile p;

	cg_profile_init(&p);
	TARE_ASSERT_EQ(read_text(&p, text, compat), -1);
	cg_profile_release(&p);
}

TARE_TEST(profile_bad_input_is_an_error)
{
	expect_error("events: Ir\nfl=a\nfn=f\n1 2 3\n", 0);		/* too many costs */
	expect_error("version: 2\nevents: Ir\n", 0);
	expect_error("version: 7\nevents: Ir\n", 1);
	expect_error("events: Ir\nfl=a\nfn=(3)\n1 2\n", 0);		/* undefined id */
	expect_error("events: Ir\nfl=a\nfn=f\ncfn=g\ncalls=1 2\n", 0);	/* truncated */
	expect_error("events: Ir\nfl=a\nfn=f\ncfn=g\ncalls=1 2\nfn=h\n", 0);
	expect_error("events: Ir\nfl=a\nfn=f\n1 x\n", 0);
	expect_error("events: Ir\nfl=a\nfn=f\n1 99999999999999999999999\n", 0);
	expect_error("creator: callgrind-3.19.0\nevents: Ir\nfl=a\nfn=f\n1 2\n", 0);
	expect_error("positions: instr line bb extra\nevents: Ir\n", 0);
	expect_error("events: Ir\nfi=x\n", 1);			/* callgrind_annotate dies too */
	expect_error("fl=a\nfn=f\n1 2\n", 0);			/* no events: */
	expect_error("rec=1\n", 0);
}

static void write_gz(const char *path, const char *text, int members)
{
	int i;

	for (i = 0; i < members; i++) {
		gzFile gz = gzopen(path, i ? "ab" : "wb");

		TARE_ASSERT_NOT_NULL(gz);
		TARE_ASSERT_EQ(gzwrite(gz, text, (unsigned)strlen(text)), (int)strlen(text));
		TARE_ASSERT_EQ(gzclose(gz), Z_OK);
	}
}

TARE_TEST(profile_gzip)
{
	char path[] = "/tmp/tare-gz-XXXXXX";
	struct cg_profile p;
	struct cg_read_options o = CG_READ_OPTIONS_INIT;
	int fd = mkstemp(path);

	TARE_ASSERT(fd >= 0);
	close(fd);
	/* Two gzip members (as `cat a.gz b.gz`) make one stream. */
	write_gz(path, "events: Ir\nfl=a.c\nfn=f\n1 5\n", 2);
	cg_profile_init(&p);
	TARE_ASSERT_EQ(cg_read_file(&p, path, &o), 0);
	TARE_ASSERT_EQ(self_of(&p, "f", NULL, 0), 10);
	cg_profile_release(&p);
	/* Compressed nothing is an empty file too. */
	write_gz(path, "", 1);
	cg_profile_init(&p);
	TARE_ASSERT_EQ(cg_read_file(&p, path, &o), -1);
	cg_profile_release(&p);
	write_gz(path, "events: Ir\nfl=a.c\nfn=f\n1 5\n", 2);
	/* Cut short: an error that says so. */
	TARE_ASSERT_EQ(truncate(path, 20), 0);
	cg_profile_init(&p);
	TARE_ASSERT_EQ(cg_read_file(&p, path, &o), -1);
	cg_profile_release(&p);
	unlink(path);
}

TARE_TEST(profile_rewrite_names)
{
	struct cg_rewrite rw;
	struct strbuf out = STRBUF_INIT;
	const char *err = NULL;

	TARE_ASSERT_EQ(cg_rewrite_parse(&rw, "s#/build/[^/]*/##", &err), 0);
	TARE_ASSERT_EQ(cg_rewrite_apply(&rw, "/build/a1/src/x.c", &out), 1);
	TARE_ASSERT_STREQ(out.buf, "src/x.c");
	cg_rewrite_release(&rw);
	TARE_ASSERT_EQ(cg_rewrite_parse(&rw, "s/(a)(b)/\\2\\1/gi", &err), 0);
	TARE_ASSERT_EQ(cg_rewrite_apply(&rw, "abABx", &out), 1);
	TARE_ASSERT_STREQ(out.buf, "baBAx");
	cg_rewrite_release(&rw);
	TARE_ASSERT_EQ(cg_rewrite_parse(&rw, "s/a", &err), -1);
	TARE_ASSERT_EQ(cg_rewrite_parse(&rw, "s/a/b/q", &err), -1);
	TARE_ASSERT_EQ(cg_rewrite_parse(&rw, "x/a/b/", &err), -1);
	strbuf_release(&out);
}

/* The reader applies --mod-filename once per name, before merging. */
TARE_TEST(profile_mod_filename_merges)
{
	struct cg_profile p;
	struct cg_rewrite rw;
	struct cg_read_options o = CG_READ_OPTIONS_INIT;
	const char *err;
	const char *text = "events: Ir\nfl=/b1/x.c\nfn=f\n1 1\nfl=/b2/x.c\nfn=f\n1 2\n";

	TARE_ASSERT_EQ(cg_rewrite_parse(&rw, "s/^\\/b[0-9]\\///", &err), 0);
	o.mod_filename = &rw;
	cg_profile_init(&p);
	TARE_ASSERT_EQ(cg_read_buffer(&p, "t", text, strlen(text), &o), 0);
	TARE_ASSERT_EQ(self_of(&p, "f", "x.c", 0), 3);
	cg_profile_release(&p);
	cg_rewrite_release(&rw);
}

/* Each part of a callgrind file ends with totals:; a cut last part says so. */
TARE_TEST(profile_truncated_last_part)
{
	expect_error("creator: callgrind-3.19.0\npart: 1\nevents: Ir\nfl=a\nfn=f\n1 2\ntotals: 2\n"
		     "part: 2\nevents: Ir\nfl=a\nfn=f\n1 2\n", 0);
}

/*
 * What the reader prints when it refuses text (read as "t.out"), and its
 * return: the message is what tells a user a file is cut, or too large.
 */
static int read_message(const char *text, int compat, struct strbuf *msg)
{
	char path[] = "/tmp/tare-msg-XXXXXX";
	int fd = mkstemp(path), saved = dup(2), rc;
	struct cg_profile p;

	TARE_ASSERT(fd >= 0 && saved >= 0);
	fflush(stderr);
	TARE_ASSERT(dup2(fd, 2) >= 0);
	cg_profile_init(&p);
	rc = read_text(&p, text, compat);
	cg_profile_release(&p);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd);
	strbuf_reset(msg);
	TARE_ASSERT_EQ(strbuf_read_file(msg, path, 1 << 16), 0);
	unlink(path);
	return rc;
}

#define EXPECT_MESSAGE(text, compat, want)                                      \
	do {                                                                    \
		struct strbuf msg_ = STRBUF_INIT;                               \
		TARE_ASSERT_EQ(read_message(text, compat, &msg_), -1);          \
		TARE_ASSERT_STREQ(msg_.buf, want);                              \
		strbuf_release(&msg_);                                          \
	} while (0)

#define EXPECT_ACCEPTED(text, compat)                                           \
	do {                                                                    \
		struct strbuf msg_ = STRBUF_INIT;                               \
		TARE_ASSERT_EQ(read_message(text, compat, &msg_), 0);           \
		strbuf_release(&msg_);                                          \
	} while (0)

/* A file cut in the middle of its last line says so, at that line. */
TARE_TEST(profile_cut_mid_line_is_truncated)
{
	EXPECT_MESSAGE("events: Ir\nfl=a.c\nfn=f\n1 5\nf", 0,
		       "tare: t.out:5: file is truncated: its last line is incomplete "
		       "(unrecognised line 'f')\n");
	EXPECT_MESSAGE("events: Ir\nfl=a.c\nfn=f\n1 5\n1 x", 0,
		       "tare: t.out:5: file is truncated: its last line is incomplete "
		       "(cost line has a malformed number)\n");
	/* With its newline the same line is just wrong. */
	EXPECT_MESSAGE("events: Ir\nfl=a.c\nfn=f\n1 5\nf\n", 0, "tare: t.out:5: unrecognised line 'f'\n");
	/* Ending without a newline is no fault in itself. */
	EXPECT_ACCEPTED("events: Ir\nfl=a.c\nfn=f\n1 5", 0);
	/* A callgrind file cut after a line that parses: the cut line is named. */
	EXPECT_MESSAGE("creator: callgrind-3.19.0\nevents: Ir\nfl=a.c\nfn=f\n1 5\nfl=(2", 0,
		       "tare: t.out:6: file is truncated: callgrind ends every part with a totals: line\n");
}

/*
 * Files with nothing in them, or cut before their events: line, or in a
 * later part's header: errors at the line where they end, never an empty
 * report (or one part's numbers over the whole file's summary).
 */
TARE_TEST(profile_empty_or_cut_in_a_header)
{
	EXPECT_MESSAGE("", 0, "tare: t.out:1: file is empty\n");
	EXPECT_MESSAGE("# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\n", 0,
		       "tare: t.out:3: file is truncated: it ends before its events: line\n");
	EXPECT_MESSAGE("# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\npid: 7\ncmd:  ./w\npart: 1\n"
		       "positions: line\nevents: Ir\nsummary: 2\nfl=a\nfn=f\n1 2\ntotals: 2\n\n"
		       "part: 2\n\ndesc: Timerange: Basic block 9 - 20\n", 0,
		       "tare: t.out:17: file is truncated: its last part ends before its events: line\n");
	EXPECT_MESSAGE("creator: callgrind-3.19.0\npart: 1\nevents: Ir\nsummary: 2\nfl=a\nfn=f\n1 2\n"
		       "totals: 2\npart: 2\nevents: Ir\nsummary: 900\n", 0,
		       "tare: t.out:11: file is truncated: callgrind ends every part with a totals: line\n");
	/* A whole part with no cost lines is no fault. */
	EXPECT_ACCEPTED("creator: callgrind-3.19.0\npart: 1\nevents: Ir\nsummary: 2\nfl=a\nfn=f\n1 2\n"
			"totals: 2\npart: 2\nevents: Ir\nsummary: 0\ntotals: 0\n", 0);
}

/* Cachegrind ends its files with summary:; without it they are cut short. */
TARE_TEST(profile_cachegrind_needs_its_summary)
{
	static const char head[] = "desc: I1 cache: 32768 B, 64 B, 8-way associative\n"
				   "cmd: ./w\nevents: Ir Dr\nfl=a.c\nfn=f\n1 5 1\n2 3 0\n";
	struct strbuf text = STRBUF_INIT;

	EXPECT_MESSAGE(head, 0,
		       "tare: t.out:7: file is truncated: cachegrind ends the file with a summary: line\n");
	strbuf_addf(&text, "%s2 3", head);
	EXPECT_MESSAGE(text.buf, 0, "tare: t.out:8: file is truncated: cachegrind ends the file "
				    "with a summary: line\n");
	strbuf_reset(&text);
	strbuf_addf(&text, "%ssummary: 8 1\n", head);
	EXPECT_ACCEPTED(text.buf, 0);
	/* Cut inside summary: what is left of it differs from the cost lines. */
	strbuf_reset(&text);
	strbuf_addf(&text, "%ssummary: 8", head);
	EXPECT_MESSAGE(text.buf, 0, "tare: t.out:8: file is truncated: its last line is incomplete "
				    "(summary: has Dr 0, the cost lines sum to 1)\n");
	strbuf_reset(&text);
	strbuf_addf(&text, "%ssummary: 80 1\n", head);
	EXPECT_MESSAGE(text.buf, 0, "tare: t.out:8: summary: has Ir 80, the cost lines sum to 8\n");
	/* Merged files: each summary: is checked against its own cost lines. */
	{
		struct cg_profile p;
		struct strbuf whole = STRBUF_INIT;

		strbuf_addf(&whole, "%ssummary: 8 1\n", head);
		cg_profile_init(&p);
		TARE_ASSERT_EQ(read_named(&p, "a.out", whole.buf), 0);
		TARE_ASSERT_EQ(read_named(&p, "b.out", whole.buf), 0);
		TARE_ASSERT_EQ(self_of(&p, "f", NULL, 0), 16);
		cg_profile_release(&p);
		strbuf_release(&whole);
	}
	/* callgrind_annotate does not notice: neither does --compat. */
	EXPECT_ACCEPTED(head, 1);
	/* Without cmd:, or with what only callgrind writes, it is no cachegrind file. */
	EXPECT_ACCEPTED("events: Ir\nfl=a.c\nfn=f\n1 5\n", 0);
	EXPECT_ACCEPTED("version: 1\ncmd: ./w\nevents: Ir\nfl=a.c\nfn=f\n1 5\n", 0);
	EXPECT_ACCEPTED("cmd: ./w\nevents: Ir\nfl=a.c\nfn=f\n1 5\ncfn=g\ncalls=1 2\n1 2\n", 0);
	strbuf_release(&text);
}

/* Sums past 63 bits are refused where they happen, never wrapped. */
TARE_TEST(profile_cost_overflow_is_an_error)
{
	struct cg_profile p;
	int calc;
	int64_t total[CG_MAX_EVENTS];

	EXPECT_MESSAGE("events: Ir\nfl=a.c\nfn=f\n1 4611686018427387904\n2 4611686018427387904\n"
		       "3 4611686018427387904\n", 0, "tare: t.out:5: cost total of Ir overflows 63 bits\n");
	/* In different functions too: the total of the program would wrap. */
	EXPECT_MESSAGE("events: Ir\nfl=a.c\nfn=f\n1 4611686018427387904\nfn=g\n1 4611686018427387904\n",
		       0, "tare: t.out:6: cost total of Ir overflows 63 bits\n");
	/* Negative costs count by their size. */
	EXPECT_MESSAGE("events: Ir Dr\nfl=a.c\nfn=f\n1 0 -4611686018427387904\n2 0 -4611686018427387904\n",
		       0, "tare: t.out:5: cost total of Dr overflows 63 bits\n");
	EXPECT_MESSAGE("events: Ir\nfl=a.c\nfn=f\n1 4611686018427387904\n2 4611686018427387904\n", 1,
		       "tare: t.out:5: cost total of Ir overflows 63 bits\n");
	EXPECT_MESSAGE("events: Ir\nfl=a.c\nfn=f\n1 99999999999999999999\n", 1,
		       "tare: t.out:4: cost 99999999999999999999 does not fit in 63 bits\n");
	/* Positions Perl keeps as 64-bit integers or as text, the model cannot. */
	EXPECT_MESSAGE("events: Ir\nfl=a.c\nfn=f\n12345678901234567890123 5\n", 1,
		       "tare: t.out:4: position 12345678901234567890123 does not fit in 63 bits\n");
	EXPECT_MESSAGE("events: Ir\nfl=a.c\nfn=f\n3 5\n+18446744073709551610 5\n", 1,
		       "tare: t.out:5: position +18446744073709551610 does not fit in 63 bits\n");
	EXPECT_MESSAGE("events: Ir\nfl=a.c\nfn=f\ncfn=g\ncalls=9223372036854775807 1\n1 1\n"
		       "cfn=g\ncalls=1 1\n1 1\n", 0, "tare: t.out:9: call count total overflows 63 bits\n");
	EXPECT_MESSAGE("events: Ir\npart: 1\nfl=a.c\nfn=f\n1 1\nsummary: 9223372036854775807\n"
		       "part: 2\nfl=a.c\nfn=f\n1 1\nsummary: 1\n", 0,
		       "tare: t.out:11: summary of Ir over the parts overflows 63 bits\n");
	EXPECT_MESSAGE("events: Ir Bm\nevent: EC = Ir + 10 Bm\nfl=a.c\nfn=f\n1 1 1000000000000000000\n", 0,
		       "tare: t.out: derived event EC overflows 63 bits\n");
	/* Relative positions stay within 0 and 2^64 - 1. */
	EXPECT_MESSAGE("events: Ir\nfl=a.c\nfn=f\n1 5\n-2 1\n", 0,
		       "tare: t.out:5: relative position -2 goes below 0\n");
	EXPECT_MESSAGE("positions: instr line\nevents: Ir\nfl=a.c\nfn=f\n0xffffffffffffffff 1 5\n+1 1 1\n", 0,
		       "tare: t.out:6: relative position +1 overflows 64 bits\n");
	EXPECT_ACCEPTED("positions: instr line\nevents: Ir\nfl=a.c\nfn=f\n0xfffffffffffffff0 1 5\n+15 -1 1\n", 0);

	/* Up to the limit, every sum is exact, in any order. */
	cg_profile_init(&p);
	TARE_ASSERT_EQ(read_text(&p, "events: Ir\nfl=a.c\nfn=f\n1 4611686018427387904\n"
				     "fn=g\n1 4611686018427387903\nfn=h\n1 -0\n", 0), 0);
	cg_total(&p, total, &calc);
	TARE_ASSERT_EQ(total[0], INT64_MAX);
	TARE_ASSERT_EQ(p.magnitude[0], INT64_MAX);
	cg_profile_release(&p);
}

/* With want_instrs, each instruction's own cost, in all its contexts: one row per object and address. */
TARE_TEST(profile_instruction_costs)
{
	struct cg_profile p;
	struct cg_read_options o = CG_READ_OPTIONS_INIT;
	static const char text[] =
		"positions: instr line\nevents: Ir\n"
		"ob=a.out\nfl=a.c\nfn=f'g\n0x1000 3 2\n+4 * 5\n"
		"cfn=h\ncalls=1 0x2000 4\n+2 * 9\n"
		"fn=f'k\n0x1004 3 1\n";
	size_t i;

	cg_profile_init(&p);
	o.want_instrs = 1;
	TARE_ASSERT_EQ(cg_read_buffer(&p, "t.out", text, strlen(text), &o), 0);
	TARE_ASSERT_EQ(p.instrs.nr, 2);		/* the call's cost is no instruction's own */
	for (i = 0; i < p.instrs.nr; i++) {
		const struct cg_instr *in = &p.instrs.v[i];

		TARE_ASSERT_STREQ(cg_name(&p, CG_OBJ, in->obj), "a.out");
		TARE_ASSERT_EQ(in->line, 3);
		if (in->addr == 0x1000)
			TARE_ASSERT_EQ(cg_cost(&p, in->row)[0], 2);
		else
			TARE_ASSERT_EQ(cg_cost(&p, in->row)[0], 6);	/* 5 in f'g, 1 in f'k */
	}
	cg_profile_release(&p);
	cg_profile_init(&p);
	o.want_instrs = 0;
	TARE_ASSERT_EQ(cg_read_buffer(&p, "t.out", text, strlen(text), &o), 0);
	TARE_ASSERT_EQ(p.instrs.nr, 0);
	cg_profile_release(&p);
}
