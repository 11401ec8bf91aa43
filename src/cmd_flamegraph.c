/*
 * tare flamegraph: a profile's call stacks as a flame graph (SVG), folded
 * stacks or speedscope's format; two profiles as a differential one.
 */
#include <string.h>

#include "cg_flame.h"
#include "cmd.h"
#include "flame_svg.h"
#include "fsutil.h"
#include "opt.h"

static const char flamegraph_usage[] =
	"usage: tare flamegraph [OPTIONS] FILE...\n"
	"   or: tare flamegraph --diff [OPTIONS] OLD NEW\n"
	"\n"
	"Draw where a callgrind profile spends its cost as a flame graph, its call\n"
	"stacks rebuilt from the profile's call edges: an SVG that works offline\n"
	"in any browser (hover, click to zoom, search), or the stacks as text for\n"
	"flamegraph.pl, inferno and speedscope. Several files are merged; --diff\n"
	"colours the new profile's graph by what grew (red) and shrank (blue).\n";

enum flame_format { FLAME_SVG, FLAME_FOLDED, FLAME_SPEEDSCOPE };

static const char *const format_names[] = {
	[FLAME_SVG] = "svg", [FLAME_FOLDED] = "folded", [FLAME_SPEEDSCOPE] = "speedscope", NULL
};

/* Files from..to of files, read into p, which must have event. */
static int profiles_read(struct cg_profile *p, const struct strvec *files, size_t from, size_t to,
			 const char *event)
{
	if (cg_read_files(p, files->v + from, to - from, 0) < 0)
		return -1;
	if (event && cg_event(p, event) < 0)
		return error("event '%s' is not in %s", event, files->v[from]);
	return 0;
}

int cmd_flamegraph(int argc, const char **argv)
{
	const char *output = NULL, *title = NULL, *event = NULL;
	int format = FLAME_SVG, diff = 0, width = 1200, max_frames = 200000, rc = EXIT_USAGE;
	double min_width = -1;
	struct strvec files = STRVEC_INIT;
	struct cg_profile p, old;
	struct flame f;
	struct flame_options fo = FLAME_OPTIONS_INIT;
	struct atomic_file af;
	FILE *out;
	const struct opt opts[] = {
		OPT_GROUP("What to draw"),
		OPT_STRING(0, "event", &event, "EVENT", "the event frames are as wide as [the first]"),
		OPT_BOOL(0, "diff", &diff, "two files, OLD and NEW: colour by the change"),
		OPT_PERCENT(0, "min-width", &min_width, 100, "PCT", "leave out frames narrower than PCT% [0.01 for svg, else 0]"),
		OPT_INT(0, "max-frames", &max_frames, "N", "at most N frames, the widest first [200000]"),
		OPT_GROUP("Output"),
		OPT_CHOICE(0, "format", &format, format_names, "FORMAT", "svg, folded or speedscope [svg]"),
		OPT_STRING('o', "output", &output, "FILE", "write to FILE [standard output]"),
		OPT_STRING(0, "title", &title, "TEXT", "the SVG's title [EVENT: FILE]"),
		OPT_INT(0, "width", &width, "PX", "the SVG's width in pixels [1200]"),
		OPT_END(),
	};
	int r;

	cg_profile_init(&p);
	cg_profile_init(&old);
	memset(&f, 0, sizeof(f));
	r = opt_parse(argc, argv, opts, flamegraph_usage, &files);
	if (r) {
		rc = r > 0 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (!files.nr) {
		error("flamegraph takes a profile (callgrind.out.PID)");
		goto out;
	}
	if (diff && files.nr != 2) {
		error("--diff takes two files, OLD and NEW");
		goto out;
	}
	if (diff && format == FLAME_SPEEDSCOPE) {
		error("--diff has no speedscope form: speedscope shows one profile");
		goto out;
	}
	if (max_frames < 1 || width < 100 || width > 100000) {
		error(max_frames < 1 ? "--max-frames takes a number of frames" :
		      "--width takes pixels from 100 to 100000");
		goto out;
	}
	fo.event = event;
	fo.max_frames = (size_t)max_frames;
	fo.min_percent = min_width >= 0 ? min_width : format == FLAME_SVG ? 0.01 : 0;
	if (diff ? profiles_read(&old, &files, 0, 1, event) < 0 ||
		   profiles_read(&p, &files, 1, 2, event) < 0 || flame_build_diff(&f, &old, &p, &fo) < 0
		 : profiles_read(&p, &files, 0, files.nr, event) < 0 || flame_build(&f, &p, &fo) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	out = output_open(&af, output, format == FLAME_FOLDED ? NULL : "a flame graph");
	if (!out)
		goto out;
	if (format == FLAME_FOLDED) {
		flame_write_folded(&f, out);
	} else if (format == FLAME_SPEEDSCOPE) {
		flame_write_speedscope(&f, files.v[0], out);
	} else {
		struct strbuf t = STRBUF_INIT;
		struct flame_svg_options so = { .width = width };

		if (title)
			strbuf_addstr(&t, title);
		else if (diff)
			strbuf_addf(&t, "%s: %s against %s", f.event, files.v[1], files.v[0]);
		else
			strbuf_addf(&t, "%s: %s%s", f.event, files.v[0], files.nr > 1 ? " and more" : "");
		so.title = t.buf;
		flame_write_svg(&f, &so, out);
		strbuf_release(&t);
	}
	rc = output_commit(&af) < 0 ? EXIT_USAGE : EXIT_OK;
out:
	flame_release(&f);
	cg_profile_release(&p);
	cg_profile_release(&old);
	strvec_clear(&files);
	return rc;
}
