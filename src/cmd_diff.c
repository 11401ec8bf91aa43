/*
 * tare diff: compare two callgrind or cachegrind profiles per function.
 */
#include <string.h>

#include "cmd.h"
#include "cg_diff.h"
#include "opt.h"
#include "term.h"

static const char diff_usage[] =
	"usage: tare diff [OPTIONS] OLD NEW\n"
	"\n"
	"Compare two callgrind or cachegrind profiles function by function: old and\n"
	"new self and inclusive cost, the change and the change in percent, sorted by\n"
	"the size of the change.\n";

static const char *const format_names[] = {
	[DIFF_TEXT] = "text", [DIFF_JSON] = "json", [DIFF_MARKDOWN] = "markdown", NULL
};

int cmd_diff(int argc, const char **argv)
{
	const char *event = NULL, *mod_filename = NULL, *mod_funcname = NULL;
	int limit = 0, format = DIFF_TEXT, color = COLOR_AUTO, rc = EXIT_USAGE;
	struct strvec files = STRVEC_INIT;
	struct cg_profile old, new_;
	struct cg_read_options ro = CG_READ_OPTIONS_INIT;
	struct cg_rewrite rw[2];
	struct diff_print_options po;
	struct diff d;
	struct strbuf cwd = STRBUF_INIT;
	double fail_pct = -1;
	const struct opt opts[] = {
		OPT_GROUP("What to compare"),
		OPT_STRING(0, "event", &event, "EVENT", "the event to compare and sort by [the first]"),
		OPT_PERCENT(0, "min-change", &po.min_change, 0, "PCT", "hide functions that changed less than PCT% [0]"),
		OPT_PERCENT(0, "fail-above", &fail_pct, 0, "PCT", "exit 3 if the event's total grew by more than PCT%"),
		OPT_STRING(0, "mod-filename", &mod_filename, "s/A/B/", "rewrite file names before matching"),
		OPT_STRING(0, "mod-funcname", &mod_funcname, "s/A/B/", "rewrite function names before matching"),
		OPT_GROUP("Output"),
		OPT_INT(0, "limit", &limit, "N", "show at most N functions [all]"),
		OPT_CHOICE(0, "format", &format, format_names, "FORMAT", "text, json or markdown [text]"),
		OPT_CHOICE(0, "color", &color, color_mode_names, "WHEN", "auto, always or never [auto]"),
		OPT_END(),
	};
	int r;

	memset(&po, 0, sizeof(po));
	memset(&d, 0, sizeof(d));
	memset(rw, 0, sizeof(rw));
	cg_profile_init(&old);
	cg_profile_init(&new_);
	r = opt_parse(argc, argv, opts, diff_usage, &files);
	if (r) {
		rc = r > 0 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (files.nr != 2) {
		error("diff takes two profiles, OLD and NEW");
		goto out;
	}
	if (limit < 0) {
		error("--limit takes a number of functions");
		goto out;
	}
	if (cg_rewrites_parse(&ro, rw, mod_filename, mod_funcname) < 0)
		goto out;
	po.limit = (size_t)limit;
	po.format = (enum diff_format)format;
	po.color = term_want_color(stdout, (enum color_mode)color);
	cg_cwd_prefix(&cwd);
	ro.want_lines = 0;
	ro.strip_prefix = cwd.len ? cwd.buf : NULL;
	if (cg_read_file(&old, files.v[0], &ro) < 0 ||
	    cg_read_file(&new_, files.v[1], &ro) < 0 ||
	    diff_compute(&d, &old, &new_, event) < 0)
		goto out;
	d.old_path = files.v[0];
	d.new_path = files.v[1];
	diff_print(&d, &po, stdout);
	rc = EXIT_OK;
	if (fail_pct >= 0 && diff_total_change(&d) > fail_pct) {
		fflush(stdout);
		fprintf(stderr, "tare: %s grew by %.2f%%, more than --fail-above %g%%\n",
			d.events[0], diff_total_change(&d), fail_pct);
		rc = EXIT_REGRESSION;
	}
out:
	diff_release(&d);
	cg_rewrite_release(&rw[0]);
	cg_rewrite_release(&rw[1]);
	cg_profile_release(&old);
	cg_profile_release(&new_);
	strvec_clear(&files);
	strbuf_release(&cwd);
	return rc;
}
