/*
 * cg_annotate.h: the callgrind_annotate report of a profile: header block,
 * PROGRAM TOTALS, the file:function table (with call trees), and source
 * files annotated line by line.
 *
 * In compat mode the report is byte for byte what callgrind_annotate 3.19
 * prints for a profile read with cg_read_options.compat, quirks
 * included; otherwise it has the same layout with the model's semantics
 * (docs/annotate.md lists the differences).
 */
#ifndef TARE_CG_ANNOTATE_H
#define TARE_CG_ANNOTATE_H

#include <regex.h>
#include <stdio.h>

#include "cg_profile.h"
#include "vec.h"

enum annotate_format { ANNOTATE_TEXT, ANNOTATE_JSON };

/* One --function pattern: a glob, or a /regex/ compiled once. */
struct annotate_pattern {
	const char *glob;	/* NULL: re */
	regex_t re;
};

struct annotate_options {
	int compat;
	enum annotate_format format;
	/* Profile file names as given, for the header. */
	const char **inputs;
	size_t ninputs;
	int reading_default;	/* print "Reading data from ..." first */
	struct strvec show, sort;	/* event names; empty: all, in order */
	/* One threshold per sort event (strings, as printed), or a single one. */
	struct strvec thresholds;
	const char *single_threshold;	/* "99" */
	int show_percs, auto_annotate, inclusive, tree_caller, tree_calling;
	int context;
	struct strvec include_dirs;	/* "" first, then "DIR/" */
	struct strvec user_files;	/* compat: source files to annotate */
	/* --function: names matching any of these (globs or /regex/). */
	struct strvec functions;
	/* functions, compiled by annotate_options_compile (globs point into it). */
	struct annotate_pattern *patterns;
	size_t npatterns;
	int diff;		/* costs are NEW - OLD: sort by magnitude */
	int color;
};

void annotate_options_init(struct annotate_options *o);
void annotate_options_release(struct annotate_options *o);

/*
 * Compiles the --function patterns (annotate_print does it if not done).
 * Returns 0, or -1 after printing "tare: --function: ..." for a /regex/
 * that is not a valid POSIX extended regular expression.
 */
int annotate_options_compile(struct annotate_options *o);

/*
 * Reads o->inputs (o->ninputs of them, the first subtracted with o->diff)
 * into a new model with ro, file names shown relative to the current
 * folder, and prints the report to out. Returns 0, or -1 after an error
 * line (a file that cannot be read, an unknown event).
 */
int annotate_run(struct annotate_options *o, struct cg_read_options *ro, FILE *out);

/*
 * Writes the report of p to out. Returns 0, or -1 after printing an error
 * (an unknown event in --show or --sort, an invalid --function regex).
 */
int annotate_print(struct cg_profile *p, struct annotate_options *o, FILE *out);

/*
 * The n functions with the highest self cost of the first event in the
 * profile at path, one per line after indent, for the test runner's
 * callgrind profile; names are shown relative to strip_prefix. Returns -1
 * (and adds the reason) when the profile cannot be read.
 */
int annotate_top(struct strbuf *out, const char *path, size_t n,
		 const char *indent, const char *strip_prefix);

#endif
