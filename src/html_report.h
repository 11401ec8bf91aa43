/*
 * html_report.h: one self-contained HTML page of profiles, diffs and
 * benchmark results: no server, no network, no file beside it (its script
 * and style are built into tare, src/assets/).
 *
 *     struct html_report r;
 *     html_report_init(&r, "tare report: callgrind.out.1234");
 *     html_report_add_profile(&r, "callgrind.out.1234", &profile, &o);
 *     html_report_write(&r, out);
 *     html_report_release(&r);
 *
 * A page holds views, one after another, which the page lists when there
 * are several (tare bench's page: one per benchmark):
 *
 *  - a profile: its header (command, events, totals, parts and threads),
 *    the function table (self and inclusive cost of every event, sorted by
 *    any column, filtered by name, file or object), the callers and
 *    callees of the selected function with call counts and costs, the
 *    flame graph (cg_flame.h) linked to the table both ways, and the
 *    source files of the costliest functions, each line with its cost,
 *    where the files are found;
 *  - a diff of two profiles: tare diff's change table (cg_diff.h), the
 *    differential flame graph, and the source files' lines with the old
 *    and new cost side by side.
 *
 * A page of a large profile stays small: it carries the functions that
 * cost at least min_percent of some event's total (at most max_functions
 * of them, the costliest), the calls between them, flame frames down to
 * the same share, and for at most max_files files the lines with cost and
 * a few around them; what is left out is summed in one row ("N other
 * functions").
 */
#ifndef TARE_HTML_REPORT_H
#define TARE_HTML_REPORT_H

#include <stdio.h>

#include "cg_profile.h"
#include "json.h"
#include "strbuf.h"
#include "vec.h"

struct html_report_options {
	const char *event;		/* the flame graph's, and the first sort; NULL: the first */
	const char *const *include_dirs;	/* NULL-terminated; sources are also looked for as named */
	double min_percent;		/* 0.01 */
	size_t max_functions;		/* 5000 */
	size_t max_files;		/* 20 */
	size_t context;			/* lines shown around a line with cost: 3 */
};

#define HTML_REPORT_OPTIONS_INIT { NULL, NULL, 0.01, 5000, 20, 3 }

struct html_report {
	struct strbuf data;		/* the views, JSON */
	struct json j;
	struct strbuf svgs;		/* their flame graphs, inline SVG */
	size_t nviews;
	char *title;
};

void html_report_init(struct html_report *r, const char *title);
void html_report_release(struct html_report *r);

/*
 * Adds a view of p (read with want_lines for the sources) named name;
 * note, if not NULL, is a line shown above it. Returns 0, or -1 after an
 * error line (an event p lacks).
 */
int html_report_add_profile(struct html_report *r, const char *name, const char *note,
			    const struct cg_profile *p, const struct html_report_options *o);

/* Adds the diff of old and new (paths as shown). Returns 0, or -1 after an error line. */
int html_report_add_diff(struct html_report *r, const char *name, const char *old_path,
			 const char *new_path, const struct cg_profile *old,
			 const struct cg_profile *new_, const struct html_report_options *o);

/*
 * A table shown above the views (tare bench's results): columns, then
 * rows of as many cells each, every cell text. The first column names a
 * view, which a click on the row shows.
 */
void html_report_add_table(struct html_report *r, const char *title, const struct strvec *columns,
			   const struct strvec *cells);

/* Writes the page. Returns 0, or -1 after an error line. */
int html_report_write(struct html_report *r, FILE *out);

#endif
