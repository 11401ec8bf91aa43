/*
 * tare annotate: callgrind_annotate's options, read into annotate_options.
 */
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "annotate.h"
#include "cmd.h"
#include "cursor.h"
#include "opt.h"
#include "term.h"

static const char annotate_usage[] =
	"usage: tare annotate [OPTIONS] [FILE...]\n"
	"\n"
	"Show where a callgrind or cachegrind profile spends its cost, per function\n"
	"and per source line, as callgrind_annotate does. Several files are merged;\n"
	"with none, the newest callgrind.out.* here is read.\n";

struct annotate_cli {
	const char *show, *sort, *threshold, *show_percs, *auto_, *context;
	const char *inclusive, *tree, *mod_filename, *mod_funcname, *format, *color;
	struct strvec include, functions;
	int diff, compat;
};

static int yes_no(const char *opt, const char *v, int *out)
{
	if (!v)
		return 0;
	if (!strcmp(v, "yes"))
		*out = 1;
	else if (!strcmp(v, "no"))
		*out = 0;
	else
		return error("--%s takes yes or no, not '%s'", opt, v);
	return 0;
}

static int parse_threshold(const char *s, const char *what)
{
	const char *p = s, *end = s + strlen(s);
	double v;

	if (cursor_percent(&p, end, &v) || p != end || v < 0 || v > 100)
		return error("%s: '%s' is not a percentage from 0 to 100", what, s);
	return 0;
}

static void split_commas(struct strvec *out, const char *s)
{
	const char *c;

	while ((c = strchr(s, ','))) {
		char *w = xstrndup(s, (size_t)(c - s));

		strvec_push(out, w);
		free(w);
		s = c + 1;
	}
	if (*s)
		strvec_push(out, s);
}

/* The newest (or, as callgrind_annotate, the first by name) profile here. */
static char *default_input(int first_by_name)
{
	static const char *const prefixes[] = { "callgrind.out", "cachegrind.out" };
	size_t k;

	for (k = 0; k < ARRAY_SIZE(prefixes); k++) {
		DIR *d = opendir(".");
		struct dirent *de;
		char *best = NULL;
		struct timespec best_t = { 0, 0 };

		if (!d)
			return NULL;
		while ((de = readdir(d))) {
			struct stat st;
			size_t pl = strlen(prefixes[k]);

			if (strncmp(de->d_name, prefixes[k], pl))
				continue;
			if (!first_by_name && de->d_name[pl] != '.')
				continue;
			if (stat(de->d_name, &st) < 0 || !S_ISREG(st.st_mode))
				continue;
			if (first_by_name ? (!best || strcmp(de->d_name, best) < 0)
					  : (!best || st.st_mtim.tv_sec > best_t.tv_sec ||
					     (st.st_mtim.tv_sec == best_t.tv_sec &&
					      st.st_mtim.tv_nsec > best_t.tv_nsec))) {
				free(best);
				best = xstrdup(de->d_name);
				best_t = st.st_mtim;
			}
		}
		closedir(d);
		if (best)
			return best;
	}
	return NULL;
}

int cmd_annotate(int argc, const char **argv)
{
	struct annotate_cli c;
	struct annotate_options o;
	struct profile_read_options ro = PROFILE_READ_OPTIONS_INIT;
	struct profile_rewrite mod_file, mod_fn;
	struct strvec files = STRVEC_INIT;
	struct profile p;
	struct strbuf cwd = STRBUF_INIT;
	char *dflt = NULL, *buf;
	size_t i;
	int rc = EXIT_USAGE, has_mod_file = 0, has_mod_fn = 0;

	memset(&c, 0, sizeof(c));
	strvec_init(&c.include);
	strvec_init(&c.functions);
	{
		const struct opt opts[] = {
			OPT_GROUP("What to show (callgrind_annotate's options)"),
			OPT_STRING(0, "show", &c.show, "A,B,C", "only show figures for events A,B,C [all]"),
			OPT_STRING(0, "sort", &c.sort, "A,B,C", "sort by events A,B,C; A:N sets a threshold per event"),
			OPT_STRING(0, "threshold", &c.threshold, "N", "show functions until N% of the primary event [99]"),
			OPT_STRING(0, "show-percs", &c.show_percs, "yes|no", "show a percentage for each count [yes]"),
			OPT_STRING(0, "auto", &c.auto_, "yes|no", "annotate the source files of shown functions [yes]"),
			OPT_STRING(0, "context", &c.context, "N", "lines of context around annotated lines [8]"),
			OPT_STRING(0, "inclusive", &c.inclusive, "yes|no", "add the cost of calls to functions [no]"),
			OPT_STRING(0, "tree", &c.tree, "WHICH", "none, caller, calling or both: show call trees [none]"),
			OPT_STRING_LIST('I', "include", &c.include, "DIR", "search DIR for source files (repeatable)"),
			OPT_GROUP("Several files (cg_annotate 3.21's options)"),
			OPT_BOOL(0, "diff", &c.diff, "show NEW minus OLD for two files OLD NEW"),
			OPT_STRING(0, "mod-filename", &c.mod_filename, "s/A/B/", "rewrite file names before merging"),
			OPT_STRING(0, "mod-funcname", &c.mod_funcname, "s/A/B/", "rewrite function names before merging"),
			OPT_GROUP("Beyond callgrind_annotate"),
			OPT_STRING_LIST(0, "function", &c.functions, "PATTERN", "only functions matching a glob or /regex/ (repeatable)"),
			OPT_STRING(0, "format", &c.format, "FORMAT", "text or json [text]"),
			OPT_STRING(0, "color", &c.color, "WHEN", "auto, always or never [auto]"),
			OPT_BOOL(0, "compat", &c.compat, "read and print exactly as callgrind_annotate 3.19"),
			OPT_END(),
		};
		int r = opt_parse(argc, argv, opts, annotate_usage, &files);

		if (r) {
			strvec_clear(&files);
			strvec_clear(&c.include);
			strvec_clear(&c.functions);
			return r > 0 ? EXIT_OK : EXIT_USAGE;
		}
	}
	annotate_options_init(&o);
	memset(&mod_file, 0, sizeof(mod_file));
	memset(&mod_fn, 0, sizeof(mod_fn));
	profile_init(&p);
	o.compat = c.compat;

	if (c.show)
		split_commas(&o.show, c.show);
	if (c.threshold) {
		if (parse_threshold(c.threshold, "--threshold") < 0)
			goto out;
		buf = xstrdup(c.threshold);
		if (strchr(buf, '%'))
			*strchr(buf, '%') = 0;
		o.single_threshold = arena_strdup(&p.arena, buf);
		free(buf);
	}
	if (c.sort) {
		struct strvec raw = STRVEC_INIT;
		int any = 0;

		split_commas(&raw, c.sort);
		for (i = 0; i < raw.nr; i++) {
			const char *colon = strrchr(raw.v[i], ':');

			if (colon && colon[1]) {
				char *ev = xstrndup(raw.v[i], (size_t)(colon - raw.v[i]));
				char *th = xstrdup(colon + 1);

				if (parse_threshold(th, "--sort") < 0) {
					free(ev);
					free(th);
					strvec_clear(&raw);
					goto out;
				}
				if (strchr(th, '%'))
					*strchr(th, '%') = 0;
				strvec_push(&o.sort, ev);
				strvec_push(&o.thresholds, th);
				free(ev);
				free(th);
				any = 1;
			} else {
				strvec_push(&o.sort, raw.v[i]);
				strvec_push(&o.thresholds, "0");
			}
		}
		if (!any)
			strvec_clear(&o.thresholds);
		strvec_clear(&raw);
	}
	if (yes_no("show-percs", c.show_percs, &o.show_percs) < 0 ||
	    yes_no("auto", c.auto_, &o.auto_annotate) < 0 ||
	    yes_no("inclusive", c.inclusive, &o.inclusive) < 0)
		goto out;
	if (c.context) {
		char *end;
		long v = strtol(c.context, &end, 10);

		if (end == c.context || *end || v < 0 || v > 1000000) {
			error("--context takes a number of lines, not '%s'", c.context);
			goto out;
		}
		o.context = (int)v;
	}
	if (c.tree) {
		if (!strcmp(c.tree, "caller") || !strcmp(c.tree, "both"))
			o.tree_caller = 1;
		if (!strcmp(c.tree, "calling") || !strcmp(c.tree, "both"))
			o.tree_calling = 1;
		if (strcmp(c.tree, "none") && !o.tree_caller && !o.tree_calling) {
			error("--tree takes none, caller, calling or both, not '%s'", c.tree);
			goto out;
		}
	}
	for (i = 0; i < c.include.nr; i++) {
		/* callgrind_annotate spells it -I=DIR; take that too. */
		const char *d = c.include.v[i][0] == '=' ? c.include.v[i] + 1 : c.include.v[i];
		char *t = xstrdup(d);
		size_t len = strlen(t);

		if (len && t[len - 1] == '/')
			t[len - 1] = 0;
		strvec_pushf(&o.include_dirs, "%s/", t);
		free(t);
	}
	strvec_pushv(&o.functions, c.functions.v);
	if (annotate_options_compile(&o) < 0)
		goto out;
	if (c.format) {
		if (!strcmp(c.format, "json"))
			o.format = ANNOTATE_JSON;
		else if (strcmp(c.format, "text")) {
			error("--format takes text or json, not '%s'", c.format);
			goto out;
		}
	}
	if (c.color && color_mode_parse(c.color) < 0) {
		error("--color takes auto, always or never, not '%s'", c.color);
		goto out;
	}
	if (c.mod_filename) {
		const char *err;

		if (profile_rewrite_parse(&mod_file, c.mod_filename, &err) < 0) {
			error("--mod-filename: %s", err);
			goto out;
		}
		has_mod_file = 1;
		ro.mod_filename = &mod_file;
	}
	if (c.mod_funcname) {
		const char *err;

		if (profile_rewrite_parse(&mod_fn, c.mod_funcname, &err) < 0) {
			error("--mod-funcname: %s", err);
			goto out;
		}
		has_mod_fn = 1;
		ro.mod_funcname = &mod_fn;
	}
	if (c.compat && (c.diff || c.mod_filename || c.mod_funcname || c.functions.nr || c.format)) {
		error("--compat takes only callgrind_annotate's options");
		goto out;
	}
	if (c.diff && files.nr != 2) {
		error("--diff takes two files, OLD and NEW");
		goto out;
	}

	if (!files.nr) {
		dflt = default_input(c.compat);
		if (!dflt) {
			error("no profile given and no callgrind.out.* here");
			goto out;
		}
		strvec_push(&files, dflt);
		o.reading_default = c.compat;
	}
	if (c.compat) {
		/* callgrind_annotate: the arguments after the first are sources. */
		for (i = 1; i < files.nr; i++) {
			size_t k;
			int found = 0;

			for (k = 0; k < o.include_dirs.nr; k++) {
				struct strbuf path = STRBUF_INIT;

				strbuf_addf(&path, "%s%s", o.include_dirs.v[k], files.v[i]);
				if (!access(path.buf, R_OK))
					found = 1;
				strbuf_release(&path);
			}
			if (!found) {
				error("file %s not found in any include dir", files.v[i]);
				goto out;
			}
			strvec_push(&o.user_files, files.v[i]);
		}
		o.inputs = files.v;
		o.ninputs = 1;
	} else {
		o.inputs = files.v;
		o.ninputs = files.nr;
	}
	o.diff = c.diff;

	profile_cwd_prefix(&cwd);
	ro.compat = c.compat;
	ro.strip_prefix = cwd.len ? cwd.buf : NULL;
	ro.want_lines = o.auto_annotate || o.user_files.nr;
	if (o.format == ANNOTATE_JSON)
		ro.want_lines = 0;
	for (i = 0; i < o.ninputs; i++) {
		ro.sign = c.diff && i == 0 ? -1 : 1;
		if (profile_read_file(&p, files.v[i], &ro) < 0)
			goto out;
	}
	o.color = term_want_color(stdout, c.color ? (enum color_mode)color_mode_parse(c.color) : COLOR_AUTO);
	{
		static char obuf[1 << 16];

		setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	}
	if (annotate_print(&p, &o, stdout) < 0)
		goto out;
	rc = EXIT_OK;	/* main() checks that stdout took it all */
out:
	fflush(stdout);
	if (has_mod_file)
		profile_rewrite_release(&mod_file);
	if (has_mod_fn)
		profile_rewrite_release(&mod_fn);
	profile_release(&p);
	annotate_options_release(&o);
	strvec_clear(&files);
	strvec_clear(&c.include);
	strvec_clear(&c.functions);
	strbuf_release(&cwd);
	free(dflt);
	return rc;
}
