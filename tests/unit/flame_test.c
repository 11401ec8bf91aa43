/*
 * Call stacks rebuilt from call edges (cg_flame.c), on small profiles whose
 * right flame graph is known, checked through the folded stacks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tare.h"
#include <expat.h>

#include "cg_flame.h"
#include "flame_svg.h"

static void profile_read(struct cg_profile *p, const char *text)
{
	struct cg_read_options o = CG_READ_OPTIONS_INIT;

	cg_profile_init(p);
	TARE_ASSERT_EQ(cg_read_buffer(p, "t.out", text, strlen(text), &o), 0);
}

/* The folded stacks of text (or, with old_text, of the diff), in a malloc'd string. */
static char *folded_with(const char *old_text, const char *text, const struct flame_options *o)
{
	struct cg_profile p, old;
	struct flame f;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	TARE_ASSERT_NOT_NULL(out);
	profile_read(&p, text);
	if (old_text) {
		profile_read(&old, old_text);
		TARE_ASSERT_EQ(flame_build_diff(&f, &old, &p, o), 0);
	} else {
		TARE_ASSERT_EQ(flame_build(&f, &p, o), 0);
	}
	flame_write_folded(&f, out);
	fclose(out);
	flame_release(&f);
	cg_profile_release(&p);
	if (old_text)
		cg_profile_release(&old);
	return buf;
}

static char *folded(const char *text)
{
	struct flame_options o = FLAME_OPTIONS_INIT;

	return folded_with(NULL, text, &o);
}

#define ASSERT_FOLDED(text, want)                                             \
	do {                                                                  \
		char *got_ = folded(text);                                    \
		TARE_ASSERT_STREQ(got_, want);                                \
		free(got_);                                                   \
	} while (0)

/* Siblings branch from their caller, in name order; each frame's own cost is its line. */
TARE_TEST(flame_siblings)
{
	ASSERT_FOLDED("events: Ir\n"
		      "fl=m.c\nfn=main\n1 1\n"
		      "cfn=b\ncalls=1 9\n2 20\n"
		      "cfn=a\ncalls=2 9\n3 10\n"
		      "fn=a\n9 10\n"
		      "fn=b\n9 15\ncfn=c\ncalls=1 9\n10 5\n"
		      "fn=c\n9 5\n",
		      "main 1\n"
		      "main;a 10\n"
		      "main;b 15\n"
		      "main;b;c 5\n");
}

/* A function called from two places appears under each, with each call's cost. */
TARE_TEST(flame_two_call_sites)
{
	ASSERT_FOLDED("events: Ir\n"
		      "fl=m.c\nfn=main\n"
		      "cfn=a\ncalls=1 9\n2 30\n"
		      "cfn=b\ncalls=1 9\n3 30\n"
		      "fn=a\n9 10\ncfn=leaf\ncalls=2 9\n10 20\n"
		      "fn=b\n9 20\ncfn=leaf\ncalls=1 9\n10 10\n"
		      "fn=leaf\n9 30\n",
		      "main;a 10\n"
		      "main;a;leaf 20\n"
		      "main;b 20\n"
		      "main;b;leaf 10\n");
}

/*
 * mid is called from a (60) and from b (20): below mid, its callee's cost
 * is split in that proportion, 3 to 1.
 */
TARE_TEST(flame_apportioned_below_a_shared_callee)
{
	ASSERT_FOLDED("events: Ir\n"
		      "fl=m.c\nfn=main\n"
		      "cfn=a\ncalls=1 9\n2 60\n"
		      "cfn=b\ncalls=1 9\n3 20\n"
		      "fn=a\ncfn=mid\ncalls=3 9\n10 60\n"
		      "fn=b\ncfn=mid\ncalls=1 9\n10 20\n"
		      "fn=mid\n9 40\ncfn=leaf\ncalls=4 9\n10 40\n"
		      "fn=leaf\n9 40\n",
		      "main;a;mid 30\n"
		      "main;a;mid;leaf 30\n"
		      "main;b;mid 10\n"
		      "main;b;mid;leaf 10\n");
}

/* --separate-callers=2 contexts make the same graph exact: 50 and 30 below a, 0 and 0 below b. */
TARE_TEST(flame_separate_callers_contexts_are_exact)
{
	ASSERT_FOLDED("events: Ir\n"
		      "fl=m.c\nfn=main\n"
		      "cfn=a'main\ncalls=1 9\n2 80\n"
		      "cfn=b'main\ncalls=1 9\n3 0\n"
		      "fn=a'main\ncfn=mid'a'main\ncalls=3 9\n10 80\n"
		      "fn=mid'a'main\n9 30\ncfn=leaf'mid'a\ncalls=4 9\n10 50\n"
		      "fn=leaf'mid'a\n9 50\n",
		      "main;a;mid 30\n"
		      "main;a;mid;leaf 50\n");
}

/* gungraun's recursive fixture: the recursion is folded, no frame wider than its cost. */
TARE_TEST(flame_direct_recursion)
{
	ASSERT_FOLDED("events: Ir\nsummary: 75\n"
		      "fl=src/main.rs\nfn=main\n1 10\n"
		      "cfl=src/main.rs\ncfn=rec_func\ncalls=1 10\n1 50\n"
		      "cfl=src/main.rs\ncfn=helper\ncalls=1 30\n1 15\n"
		      "fl=src/main.rs\nfn=rec_func\n10 20\n"
		      "cfl=src/main.rs\ncfn=rec_func\ncalls=2 10\n10 20\n"
		      "cfl=src/main.rs\ncfn=leaf\ncalls=3 20\n10 30\n"
		      "fl=src/main.rs\nfn=leaf\n20 30\n"
		      "fl=src/main.rs\nfn=helper\n30 15\n",
		      "main 10\n"
		      "main;helper 15\n"
		      "main;rec_func 20\n"
		      "main;rec_func;leaf 30\n");
}

/* callgrind names deeper recursion fib'2: drawn as the fib frame it is in. */
TARE_TEST(flame_recursion_depths_fold)
{
	ASSERT_FOLDED("events: Ir\n"
		      "fl=m.c\nfn=main\n1 1\ncfn=fib\ncalls=1 9\n2 100\n"
		      "fn=fib\n9 10\ncfn=fib'2\ncalls=2 9\n10 90\n"
		      "fn=fib'2\n9 60\ncfn=fib'2\ncalls=8 9\n10 70\ncfn=leaf\ncalls=1 9\n11 30\n"
		      "fn=leaf\n9 30\n",
		      "main 1\n"
		      "main;fib 70\n"
		      "main;fib;leaf 30\n");
}

/*
 * ev and od call each other: entered at ev, the cycle is ev with od below
 * it once, each with its own cost and its calls out of the cycle.
 */
TARE_TEST(flame_mutual_recursion)
{
	ASSERT_FOLDED("events: Ir\n"
		      "fl=m.c\nfn=main\ncfn=ev\ncalls=1 9\n2 80\n"
		      "fn=ev\n9 10\ncfn=od\ncalls=5 9\n10 90\ncfn=leaf\ncalls=1 9\n11 10\n"
		      "fn=od\n9 40\ncfn=ev\ncalls=4 9\n10 50\ncfn=leaf\ncalls=2 9\n11 20\n"
		      "fn=leaf\n9 30\n",
		      "main;ev 10\n"
		      "main;ev;leaf 10\n"
		      "main;ev;od 40\n"
		      "main;ev;od;leaf 20\n");
}

/* A cycle of three entered at two places: each entry its own tree, widths from the entries' calls. */
TARE_TEST(flame_cycle_entered_twice)
{
	ASSERT_FOLDED("events: Ir\n"
		      "fl=m.c\nfn=main\ncfn=x\ncalls=1 9\n2 30\ncfn=z\ncalls=1 9\n3 30\n"
		      "fn=x\n9 10\ncfn=y\ncalls=1 9\n10 40\n"
		      "fn=y\n9 20\ncfn=z\ncalls=1 9\n10 30\n"
		      "fn=z\n9 30\ncfn=x\ncalls=1 9\n10 40\n",
		      "main;x 5\n"
		      "main;x;y 10\n"
		      "main;x;y;z 15\n"
		      "main;z 15\n"
		      "main;z;x 5\n"
		      "main;z;x;y 10\n");
}

/* Cost no call reaches starts a root of its own: the frames add up to the total. */
TARE_TEST(flame_uncalled_cost_is_a_root)
{
	ASSERT_FOLDED("events: Ir\n"
		      "fl=m.c\nfn=main\n1 5\ncfn=a\ncalls=1 9\n2 10\n"
		      "fn=a\n9 10\n"
		      "fn=thread_start\n9 7\ncfn=a\ncalls=1 9\n10 0\n",
		      "main 5\n"
		      "main;a 10\n"
		      "thread_start 7\n");
}

/* Code inlined from a header (fi=) is part of its function, and so are the calls it makes. */
TARE_TEST(flame_inlined_code_is_its_function)
{
	ASSERT_FOLDED("events: Ir\n"
		      "fl=m.c\nfn=main\ncfn=f\ncfl=m.c\ncalls=1 9\n2 40\n"
		      "fl=m.c\nfn=f\n9 10\n"
		      "fi=h.h\n3 5\ncfn=g\ncfl=m.c\ncalls=1 9\n4 25\n"
		      "fl=m.c\nfn=g\n9 25\n",
		      "main;f 15\n"
		      "main;f;g 25\n");
}

/* Two profiles: each stack with its old and new own cost; one side only is 0 on the other. */
TARE_TEST(flame_diff_folded)
{
	struct flame_options o = FLAME_OPTIONS_INIT;
	char *got = folded_with("events: Ir\n"
				"fl=m.c\nfn=main\n1 1\ncfn=a\ncalls=1 9\n2 10\ncfn=gone\ncalls=1 9\n3 4\n"
				"fn=a\n9 10\nfn=gone\n9 4\n",
				"events: Ir\n"
				"fl=m.c\nfn=main\n1 1\ncfn=a\ncalls=1 9\n2 30\n"
				"fn=a\n9 12\ncfn=new\ncalls=1 9\n10 18\nfn=new\n9 18\n",
				&o);

	TARE_ASSERT_STREQ(got, "main 1 1\n"
			       "main;a 10 12\n"
			       "main;a;new 0 18\n"
			       "main;gone 4 0\n");
	free(got);
}

/* Frames narrower than --min-width, or past --max-frames, are left out, widest kept. */
TARE_TEST(flame_cut_narrow_frames)
{
	static const char text[] = "events: Ir\n"
				   "fl=m.c\nfn=main\n1 1\n"
				   "cfn=big\ncalls=1 9\n2 900\n"
				   "cfn=small\ncalls=1 9\n3 99\n"
				   "fn=big\n9 900\nfn=small\n9 99\n";
	struct flame_options o = FLAME_OPTIONS_INIT;
	char *got;

	o.min_percent = 50;
	got = folded_with(NULL, text, &o);
	TARE_ASSERT_STREQ(got, "main 100\nmain;big 900\n");
	free(got);
	o.min_percent = 0;
	o.max_frames = 2;	/* the root and main */
	got = folded_with(NULL, text, &o);
	TARE_ASSERT_STREQ(got, "main 1000\n");
	free(got);
}

TARE_TEST(flame_name_without_context)
{
	TARE_ASSERT_EQ(flame_name_len("fib'2"), 3);
	TARE_ASSERT_EQ(flame_name_len("mid'a'main"), 3);
	TARE_ASSERT_EQ(flame_name_len("leaf"), 4);
	TARE_ASSERT_EQ(flame_name_len("'odd"), 4);
	TARE_ASSERT_EQ(flame_name_len(""), 0);
}

TARE_TEST(flame_unknown_event)
{
	struct cg_profile p;
	struct flame f;
	struct flame_options o = FLAME_OPTIONS_INIT;

	profile_read(&p, "events: Ir\nfl=m.c\nfn=main\n1 1\n");
	o.event = "Dr";
	TARE_ASSERT_EQ(flame_build(&f, &p, &o), -1);
	cg_profile_release(&p);
}

/* What an SVG holds, as expat reads it: frames (x, w, depth, name) in order. */
struct svg_seen {
	int frames, scripts, bad;
	long long x[64], w[64];
	int d[64];
	char names[64][32];
};

static void svg_start(void *data, const char *el, const char **attr)
{
	struct svg_seen *s = data;
	int i, is_frame = 0;

	if (!strcmp(el, "script"))
		s->scripts++;
	if (strcmp(el, "g"))
		return;
	for (i = 0; attr[i]; i += 2)
		if (!strcmp(attr[i], "class") && !strcmp(attr[i + 1], "f"))
			is_frame = 1;
	if (!is_frame || s->frames >= 64)
		return;
	for (i = 0; attr[i]; i += 2) {
		if (!strcmp(attr[i], "data-x"))
			s->x[s->frames] = strtoll(attr[i + 1], NULL, 10);
		else if (!strcmp(attr[i], "data-w"))
			s->w[s->frames] = strtoll(attr[i + 1], NULL, 10);
		else if (!strcmp(attr[i], "data-d"))
			s->d[s->frames] = (int)strtol(attr[i + 1], NULL, 10);
		else if (!strcmp(attr[i], "data-n"))
			snprintf(s->names[s->frames], sizeof(s->names[0]), "%s", attr[i + 1]);
	}
	s->frames++;
}

static void svg_end(void *data, const char *el)
{
	(void)data;
	(void)el;
}

/*
 * The SVG is well-formed XML whatever the names hold, and each frame lies
 * within its parent (the frame before it one level down), children left to
 * right in name order.
 */
TARE_TEST(flame_svg_frames_nest)
{
	struct cg_profile p;
	struct flame f;
	struct flame_options o = FLAME_OPTIONS_INIT;
	struct flame_svg_options so = { .title = "t <&> \"q\"" };
	struct svg_seen seen;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	XML_Parser xp = XML_ParserCreate("UTF-8");
	int i;

	profile_read(&p, "events: Ir\n"
			 "fl=m.c\nfn=main\n1 1\n"
			 "cfn=b\ncalls=1 9\n2 20\n"
			 "cfn=operator<&>\ncalls=2 9\n3 10\n"
			 "fn=operator<&>\n9 10\n"
			 "fn=b\n9 15\ncfn=c\ncalls=1 9\n10 5\n"
			 "fn=c\n9 5\n");
	TARE_ASSERT_EQ(flame_build(&f, &p, &o), 0);
	flame_write_svg(&f, &so, out);
	fclose(out);
	memset(&seen, 0, sizeof(seen));
	XML_SetUserData(xp, &seen);
	XML_SetElementHandler(xp, svg_start, svg_end);
	TARE_ASSERT_EQ(XML_Parse(xp, buf, (int)len, 1), XML_STATUS_OK);
	XML_ParserFree(xp);
	TARE_ASSERT_EQ(seen.scripts, 1);
	TARE_ASSERT_EQ(seen.frames, 5);		/* all, main, b, c, operator<&> */
	TARE_ASSERT_STREQ(seen.names[0], "all");
	TARE_ASSERT_STREQ(seen.names[1], "main");
	TARE_ASSERT_STREQ(seen.names[2], "b");
	TARE_ASSERT_STREQ(seen.names[3], "c");
	TARE_ASSERT_STREQ(seen.names[4], "operator<&>");
	TARE_ASSERT_EQ(seen.w[0], 31);
	for (i = 1; i < seen.frames; i++) {
		int par = i - 1;

		while (seen.d[par] != seen.d[i] - 1)
			par--;
		TARE_ASSERT_GE(seen.x[i], seen.x[par]);
		TARE_ASSERT_LE(seen.x[i] + seen.w[i], seen.x[par] + seen.w[par]);
	}
	TARE_ASSERT_EQ(seen.x[4], seen.x[2] + seen.w[2]);	/* after b */
	TARE_ASSERT(strstr(buf, "t &lt;&amp;&gt; \"q\"") != NULL);
	free(buf);
	flame_release(&f);
	cg_profile_release(&p);
}
