/*
 * tare annotate: callgrind_annotate's options, read into annotate_options.
 */
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cg_annotate.h"
#include "cmd.h"
#include "opt.h"
#include "term.h"

static const char annotate_usage[] =
	"usage: tare annotate [OPTIONS] [FILE...]\n"
	"\n"
	"Show where a callgrind or cachegrind profile spends its cost, per function\n"
	"and per source line, as callgrind_annotate does. Several files are merged;\n"
	"with none, the newest callgrind.out.* here is read.\n";

struct annotate_cli {
	const char *show, *sort, *threshold, *mod_filename, *mod_funcname;
	struct strvec include, functions;
	int tree, format, color, context;
};

static const char *const tree_names[] = { "none", "caller", "calling", "both", NULL };
static const char *const format_names[] = {
	[ANNOTATE_TEXT] = "text", [ANNOTATE_JSON] = "json", NULL
};

static void split_commas(struct strvec *out, const char *s)
{
	const char *c;

	while ((c = strchr(s, ','))) {
		strvec_pushf(out, "%.*s", (int)(c - s), s);
		s = c + 1;
	}
	if (*s)
		strvec_push(out, s);
}

/* A threshold as callgrind_annotate prints it: the number, without '%'. */
static int threshold_text(struct strvec *out, const char *s, const char *what)
{
	double v;

	if (percent_parse(s, 100, &v) < 0)
		return error("%s: '%s' is not a percentage from 0 to 100", what, s);
	strvec_pushf(out, "%.*s", (int)strcspn(s, "%"), s);
	return 0;
}

/* --sort A,B:N: events, and a threshold each if any has one. */
static int sort_take(struct annotate_options *o, const char *sort)
{
	struct strvec raw = STRVEC_INIT;
	size_t i;
	int any = 0, rc = 0;

	split_commas(&raw, sort);
	for (i = 0; i < raw.nr && !rc; i++) {
		const char *colon = strrchr(raw.v[i], ':');

		if (colon && colon[1]) {
			strvec_pushf(&o->sort, "%.*s", (int)(colon - raw.v[i]), raw.v[i]);
			rc = threshold_text(&o->thresholds, colon + 1, "--sort");
			any = 1;
		} else {
			strvec_push(&o->sort, raw.v[i]);
			strvec_push(&o->thresholds, "0");
		}
	}
	if (!any)
		strvec_clear(&o->thresholds);
	strvec_clear(&raw);
	return rc;
}

/* The options that need more than the table: into o. */
static int cli_apply(struct annotate_cli *c, struct strvec *thresholds,
		     struct annotate_options *o)
{
	size_t i;

	if (c->show)
		split_commas(&o->show, c->show);
	if (c->threshold) {
		if (threshold_text(thresholds, c->threshold, "--threshold") < 0)
			return -1;
		o->single_threshold = thresholds->v[thresholds->nr - 1];
	}
	if (c->sort && sort_take(o, c->sort) < 0)
		return -1;
	if (c->context != -1) {
		if (c->context < 0 || c->context > 1000000)
			return error("--context takes a number of lines, not '%d'", c->context);
		o->context = c->context;
	}
	o->tree_caller = c->tree == 1 || c->tree == 3;
	o->tree_calling = c->tree == 2 || c->tree == 3;
	for (i = 0; i < c->include.nr; i++) {
		/* callgrind_annotate spells it -I=DIR; take that too. */
		const char *d = c->include.v[i][0] == '=' ? c->include.v[i] + 1 : c->include.v[i];
		size_t len = strlen(d);

		strvec_pushf(&o->include_dirs, "%.*s/", (int)(len && d[len - 1] == '/' ? len - 1 : len), d);
	}
	strvec_pushv(&o->functions, c->functions.v);
	if (c->format >= 0)
		o->format = (enum annotate_format)c->format;
	o->color = term_want_color(stdout, (enum color_mode)c->color);
	return annotate_options_compile(o);
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

/*
 * The files: the newest profile here when none is given; with --compat,
 * as callgrind_annotate, the arguments after the first are source files.
 */
static int inputs_take(struct annotate_options *o, struct strvec *files)
{
	size_t i, k;

	if (!files->nr) {
		char *dflt = default_input(o->compat);

		if (!dflt)
			return error("no profile given and no callgrind.out.* here");
		strvec_push(files, dflt);
		free(dflt);
		o->reading_default = o->compat;
	}
	o->inputs = files->v;
	o->ninputs = o->compat ? 1 : files->nr;
	for (i = o->ninputs; i < files->nr; i++) {
		struct strbuf path = STRBUF_INIT;
		int found = 0;

		for (k = 0; k < o->include_dirs.nr && !found; k++) {
			strbuf_reset(&path);
			strbuf_addf(&path, "%s%s", o->include_dirs.v[k], files->v[i]);
			found = !access(path.buf, R_OK);
		}
		strbuf_release(&path);
		if (!found)
			return error("file %s not found in any include dir", files->v[i]);
		strvec_push(&o->user_files, files->v[i]);
	}
	return 0;
}

int cmd_annotate(int argc, const char **argv)
{
	struct annotate_cli c = {
		.include = STRVEC_INIT, .functions = STRVEC_INIT,
		.tree = 0, .format = -1, .color = COLOR_AUTO, .context = -1,
	};
	struct annotate_options o;
	struct cg_read_options ro = CG_READ_OPTIONS_INIT;
	struct cg_rewrite rw[2];
	struct strvec files = STRVEC_INIT, thresholds = STRVEC_INIT;
	int rc = EXIT_USAGE, r;

	annotate_options_init(&o);
	memset(rw, 0, sizeof(rw));
	{
		const struct opt opts[] = {
			OPT_GROUP("What to show (callgrind_annotate's options)"),
			OPT_STRING(0, "show", &c.show, "A,B,C", "only show figures for events A,B,C [all]"),
			OPT_STRING(0, "sort", &c.sort, "A,B,C", "sort by events A,B,C; A:N sets a threshold per event"),
			OPT_STRING(0, "threshold", &c.threshold, "N", "show functions until N% of the primary event [99]"),
			OPT_YESNO(0, "show-percs", &o.show_percs, "show a percentage for each count [yes]"),
			OPT_YESNO(0, "auto", &o.auto_annotate, "annotate the source files of shown functions [yes]"),
			OPT_INT(0, "context", &c.context, "N", "lines of context around annotated lines [8]"),
			OPT_YESNO(0, "inclusive", &o.inclusive, "add the cost of calls to functions [no]"),
			OPT_CHOICE(0, "tree", &c.tree, tree_names, "WHICH", "none, caller, calling or both: show call trees [none]"),
			OPT_STRING_LIST('I', "include", &c.include, "DIR", "search DIR for source files (repeatable)"),
			OPT_GROUP("Several files (cg_annotate 3.21's options)"),
			OPT_BOOL(0, "diff", &o.diff, "show NEW minus OLD for two files OLD NEW"),
			OPT_STRING(0, "mod-filename", &c.mod_filename, "s/A/B/", "rewrite file names before merging"),
			OPT_STRING(0, "mod-funcname", &c.mod_funcname, "s/A/B/", "rewrite function names before merging"),
			OPT_GROUP("Beyond callgrind_annotate"),
			OPT_STRING_LIST(0, "function", &c.functions, "PATTERN", "only functions matching a glob or /regex/ (repeatable)"),
			OPT_CHOICE(0, "format", &c.format, format_names, "FORMAT", "text or json [text]"),
			OPT_CHOICE(0, "color", &c.color, color_mode_names, "WHEN", "auto, always or never [auto]"),
			OPT_BOOL(0, "compat", &o.compat, "read and print exactly as callgrind_annotate 3.19"),
			OPT_END(),
		};

		r = opt_parse(argc, argv, opts, annotate_usage, &files);
	}
	if (r) {
		rc = r > 0 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (cli_apply(&c, &thresholds, &o) < 0 ||
	    cg_rewrites_parse(&ro, rw, c.mod_filename, c.mod_funcname) < 0)
		goto out;
	if (o.compat && (o.diff || c.mod_filename || c.mod_funcname || c.functions.nr || c.format >= 0)) {
		error("--compat takes only callgrind_annotate's options");
		goto out;
	}
	if (o.diff && files.nr != 2) {
		error("--diff takes two files, OLD and NEW");
		goto out;
	}
	if (inputs_take(&o, &files) < 0)
		goto out;
	{
		static char obuf[1 << 16];

		setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	}
	if (annotate_run(&o, &ro, stdout) == 0)
		rc = EXIT_OK;	/* main() checks that stdout took it all */
	fflush(stdout);
out:
	cg_rewrite_release(&rw[0]);
	cg_rewrite_release(&rw[1]);
	annotate_options_release(&o);
	strvec_clear(&files);
	strvec_clear(&thresholds);
	strvec_clear(&c.include);
	strvec_clear(&c.functions);
	return rc;
}
