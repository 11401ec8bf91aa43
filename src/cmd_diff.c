/*
 * tare diff: compare two callgrind or cachegrind profiles per function.
 */
#include <math.h>
#include <string.h>

#include "cmd.h"
#include "cursor.h"
#include "diff.h"
#include "opt.h"
#include "term.h"

static const char diff_usage[] =
	"usage: tare diff [OPTIONS] OLD NEW\n"
	"\n"
	"Compare two callgrind or cachegrind profiles function by function: old and\n"
	"new self and inclusive cost, the change and the change in percent, sorted by\n"
	"the size of the change.\n";

static int parse_pct(const char *opt, const char *s, double *out)
{
	const char *p = s, *end;
	double v;

	if (!s)
		return 0;
	end = s + strlen(s);
	if (cursor_percent(&p, end, &v) || p != end || !isfinite(v) || v < 0)
		return error("--%s takes a percentage, not '%s'", opt, s);
	*out = v;
	return 0;
}

int cmd_diff(int argc, const char **argv)
{
	const char *event = NULL, *min_change = NULL, *fail_above = NULL, *format = NULL;
	const char *color = NULL, *mod_filename = NULL, *mod_funcname = NULL;
	int limit = 0, rc = EXIT_USAGE, has_file = 0, has_fn = 0;
	struct strvec files = STRVEC_INIT;
	struct profile old, new_;
	struct profile_read_options ro = PROFILE_READ_OPTIONS_INIT;
	struct profile_rewrite mf, mfn;
	struct diff_print_options po;
	struct diff d;
	struct strbuf cwd = STRBUF_INIT;
	double fail_pct = -1;
	const struct opt opts[] = {
		OPT_GROUP("What to compare"),
		OPT_STRING(0, "event", &event, "EVENT", "the event to compare and sort by [the first]"),
		OPT_STRING(0, "min-change", &min_change, "PCT", "hide functions that changed less than PCT% [0]"),
		OPT_STRING(0, "fail-above", &fail_above, "PCT", "exit 3 if the event's total grew by more than PCT%"),
		OPT_STRING(0, "mod-filename", &mod_filename, "s/A/B/", "rewrite file names before matching"),
		OPT_STRING(0, "mod-funcname", &mod_funcname, "s/A/B/", "rewrite function names before matching"),
		OPT_GROUP("Output"),
		OPT_INT(0, "limit", &limit, "N", "show at most N functions [all]"),
		OPT_STRING(0, "format", &format, "FORMAT", "text, json or markdown [text]"),
		OPT_STRING(0, "color", &color, "WHEN", "auto, always or never [auto]"),
		OPT_END(),
	};
	int r = opt_parse(argc, argv, opts, diff_usage, &files);

	if (r) {
		strvec_clear(&files);
		return r > 0 ? EXIT_OK : EXIT_USAGE;
	}
	memset(&po, 0, sizeof(po));
	memset(&d, 0, sizeof(d));
	profile_init(&old);
	profile_init(&new_);
	if (files.nr != 2) {
		error("diff takes two profiles, OLD and NEW");
		goto out;
	}
	if (parse_pct("min-change", min_change, &po.min_change) < 0 ||
	    parse_pct("fail-above", fail_above, &fail_pct) < 0)
		goto out;
	if (limit < 0) {
		error("--limit takes a number of functions");
		goto out;
	}
	po.limit = (size_t)limit;
	if (format) {
		if (!strcmp(format, "json"))
			po.format = DIFF_JSON;
		else if (!strcmp(format, "markdown"))
			po.format = DIFF_MARKDOWN;
		else if (strcmp(format, "text")) {
			error("--format takes text, json or markdown, not '%s'", format);
			goto out;
		}
	}
	if (color && color_mode_parse(color) < 0) {
		error("--color takes auto, always or never, not '%s'", color);
		goto out;
	}
	if (mod_filename) {
		const char *err;

		if (profile_rewrite_parse(&mf, mod_filename, &err) < 0) {
			error("--mod-filename: %s", err);
			goto out;
		}
		has_file = 1;
		ro.mod_filename = &mf;
	}
	if (mod_funcname) {
		const char *err;

		if (profile_rewrite_parse(&mfn, mod_funcname, &err) < 0) {
			error("--mod-funcname: %s", err);
			goto out;
		}
		has_fn = 1;
		ro.mod_funcname = &mfn;
	}
	profile_cwd_prefix(&cwd);
	ro.want_lines = 0;
	ro.strip_prefix = cwd.len ? cwd.buf : NULL;
	if (profile_read_file(&old, files.v[0], &ro) < 0 ||
	    profile_read_file(&new_, files.v[1], &ro) < 0)
		goto out;
	if (diff_compute(&d, &old, &new_, event) < 0)
		goto out;
	d.old_path = files.v[0];
	d.new_path = files.v[1];
	po.color = term_want_color(stdout, color ? (enum color_mode)color_mode_parse(color) : COLOR_AUTO);
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
	if (has_file)
		profile_rewrite_release(&mf);
	if (has_fn)
		profile_rewrite_release(&mfn);
	profile_release(&old);
	profile_release(&new_);
	strvec_clear(&files);
	strbuf_release(&cwd);
	return rc;
}
