/*
 * tare report: one self-contained HTML page of a profile, or of two
 * profiles' differences.
 */
#include <string.h>

#include "cmd.h"
#include "fsutil.h"
#include "html_report.h"
#include "opt.h"

static const char report_usage[] =
	"usage: tare report [OPTIONS] FILE -o report.html\n"
	"   or: tare report [OPTIONS] OLD NEW -o report.html\n"
	"\n"
	"Write one HTML page that opens in any browser, with no server and no\n"
	"network: of one profile, its functions (sortable, filterable), callers and\n"
	"callees, flame graph and annotated source; of two, what changed, with a\n"
	"differential flame graph and old and new source costs side by side.\n";

int cmd_report(int argc, const char **argv)
{
	const char *output = NULL, *title = NULL, *event = NULL;
	int merge = 0, rc = EXIT_USAGE, max_functions = 5000;
	double threshold = 0.01;
	struct strvec files = STRVEC_INIT, include = STRVEC_INIT;
	struct cg_profile p, old;
	struct html_report r;
	struct html_report_options ho = HTML_REPORT_OPTIONS_INIT;
	struct strbuf t = STRBUF_INIT;
	struct atomic_file af;
	FILE *out;
	const struct opt opts[] = {
		OPT_GROUP("What to show"),
		OPT_STRING(0, "event", &event, "EVENT", "the flame graph's event and the first sort [the first]"),
		OPT_BOOL(0, "merge", &merge, "read every FILE into one profile (two are a diff otherwise)"),
		OPT_STRING_LIST('I', "include", &include, "DIR", "look for source files in DIR too (repeatable)"),
		OPT_PERCENT(0, "threshold", &threshold, 100, "PCT", "sum up functions below PCT% of every total [0.01]"),
		OPT_INT(0, "max-functions", &max_functions, "N", "list at most N functions, the costliest [5000]"),
		OPT_GROUP("Output"),
		OPT_STRING('o', "output", &output, "FILE", "write the page to FILE [standard output]"),
		OPT_STRING(0, "title", &title, "TEXT", "the page's title [tare report: FILE]"),
		OPT_END(),
	};
	int r_;

	cg_profile_init(&p);
	cg_profile_init(&old);
	memset(&r, 0, sizeof(r));
	r_ = opt_parse(argc, argv, opts, report_usage, &files);
	if (r_) {
		rc = r_ > 0 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (!files.nr || (!merge && files.nr > 2)) {
		error(files.nr ? "report takes one profile, or two (OLD NEW); --merge reads more as one"
			       : "report takes a profile (callgrind.out.PID), or two to compare");
		goto out;
	}
	if (max_functions < 1) {
		error("--max-functions takes a number of functions");
		goto out;
	}
	ho.event = event;
	ho.min_percent = threshold;
	ho.max_functions = (size_t)max_functions;
	ho.include_dirs = include.v;
	if (title)
		strbuf_addstr(&t, title);
	else if (files.nr == 2 && !merge)
		strbuf_addf(&t, "tare report: %s against %s", files.v[1], files.v[0]);
	else
		strbuf_addf(&t, "tare report: %s%s", files.v[0], files.nr > 1 ? " and more" : "");
	html_report_init(&r, t.buf);
	if (files.nr == 2 && !merge) {
		if (cg_read_files(&old, files.v, 1, 1) < 0 || cg_read_files(&p, files.v + 1, 1, 1) < 0 ||
		    html_report_add_diff(&r, "Diff", files.v[0], files.v[1], &old, &p, &ho) < 0)
			goto out;
	} else if (cg_read_files(&p, files.v, files.nr, 2) < 0 ||
		   html_report_add_profile(&r, files.v[0], NULL, &p, &ho) < 0) {
		goto out;
	}
	out = output_open(&af, output, "an HTML page");
	if (!out)
		goto out;
	html_report_write(&r, out);
	rc = output_commit(&af) < 0 ? EXIT_USAGE : EXIT_OK;
out:
	html_report_release(&r);
	cg_profile_release(&p);
	cg_profile_release(&old);
	strvec_clear(&files);
	strvec_clear(&include);
	strbuf_release(&t);
	return rc;
}
