/*
 * RESULTS.md: per benchmark, a table of its
 * implementations with the ratio to the baseline implementation; made from
 * a summary, never from another report's text.
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "util.h"

static int is_wall(const struct bench_summary *s)
{
	return s->tool && !strcmp(s->tool, "wall");
}

/* What the ratio is taken on: instructions, or the median time. */
static double ratio_value(const struct bench_summary *s, const struct bench_result *r)
{
	return is_wall(s) ? r->wall_median : (double)r->m[BM_IR];
}

static int same_group(const struct bench_result *a, const struct bench_result *b)
{
	return !strcmp(a->bench, b->bench) && !strcmp(a->binary, b->binary);
}

/* -1, 0 or 1 as a is below, at or above b. */
static int side(double a, double b)
{
	return (a > b) - (a < b);
}

/*
 * A ratio with two decimals, or as many more as it takes for the number
 * shown to be below, at or above 1 and the warning threshold as the ratio
 * is: the marks follow the ratio, so 0.998 must not read "1.00" (the
 * baseline's own number) and 1.003 must not read "1.00" without a ✓.
 */
static void add_ratio(struct strbuf *sb, double ratio, double warn)
{
	char buf[64];
	int dec;

	for (dec = 2; dec < 15; dec++) {
		double shown;

		snprintf(buf, sizeof(buf), "%.*f", dec, ratio);
		shown = strtod(buf, NULL);
		if (side(shown, 1.0) == side(ratio, 1.0) && side(shown, warn) == side(ratio, warn))
			break;
	}
	strbuf_addf(sb, "%.*f×", dec, ratio);
}

struct flagged {
	const struct bench_result *r;
	double ratio;
};

/* The summary's list: "- `NAME`: RATIO" per line. */
static void add_flagged(struct strbuf *out, const struct flagged *f, size_t n, double warn)
{
	size_t i;

	for (i = 0; i < n; i++) {
		strbuf_addstr(out, "- ");
		strbuf_add_md_code(out, f[i].r->name);
		strbuf_addstr(out, ": ");
		add_ratio(out, f[i].ratio, warn);
		strbuf_addch(out, '\n');
	}
}

/* What the summary at the end lists: ratios by verdict, and the missing. */
struct verdicts {
	VEC(struct flagged) better, within, worse;
	VEC(const struct bench_result *) missing;
};

static void add_header(struct strbuf *out, const struct bench_summary *s)
{
	size_t i;

	strbuf_addstr(out, "# Benchmark results\n\n");
	strbuf_addf(out, "**Generated:** %s by tare %s\n", s->started_at ? s->started_at : "?",
		    s->tare_version ? s->tare_version : "?");
	if (s->commit) {
		strbuf_addstr(out, "**Commit:** ");
		strbuf_add_md_escaped(out, s->commit);
		if (s->branch) {
			strbuf_addstr(out, " (");
			strbuf_add_md_code(out, s->branch);
			strbuf_addch(out, ')');
		}
		strbuf_addch(out, '\n');
	}
	if (is_wall(s))
		strbuf_addstr(out, "**Measured:** wall-clock time, native (median per iteration)\n");
	else
		strbuf_addf(out, "**Measured:** callgrind (%s), cache I1 %s, D1 %s, LL %s; ratios "
			    "on instructions\n", s->valgrind_version ? s->valgrind_version : "?",
			    s->cache[0] ? s->cache[0] : "?", s->cache[1] ? s->cache[1] : "?",
			    s->cache[2] ? s->cache[2] : "?");
	for (i = 0; i < s->results.nr && !s->results.v[i].earlier; i++)
		;
	if (i < s->results.nr)
		strbuf_addstr(out, "**Filtered run:** rows marked (earlier run) hold the latest "
			      "numbers of benchmarks this run did not measure\n");
}

/* The ratio column of r against base, and its verdict for the summary. */
static void add_ratio_cell(struct strbuf *out, const struct bench_summary *s,
			   const struct bench_result *r, const struct bench_result *base,
			   double warn_ratio, struct verdicts *v)
{
	struct flagged f;

	/* A missing baseline is no baseline: no ratio is made up. */
	if (base->status != BS_OK || ratio_value(s, base) <= 0) {
		strbuf_addstr(out, " - |");
		return;
	}
	if (r == base) {
		strbuf_addstr(out, " 1.00× |");
		return;
	}
	f.r = r;
	f.ratio = ratio_value(s, r) / ratio_value(s, base);
	strbuf_addstr(out, f.ratio <= 1.0 ? " **" : " ");
	add_ratio(out, f.ratio, warn_ratio);
	if (f.ratio <= 1.0) {
		strbuf_addstr(out, "** ✓ |");
		vec_push(&v->better, f);
	} else if (f.ratio <= warn_ratio) {
		strbuf_addstr(out, " |");
		vec_push(&v->within, f);
	} else {
		strbuf_addstr(out, " ⚠ |");
		vec_push(&v->worse, f);
	}
}

/* One implementation's row. */
static void add_row(struct strbuf *out, const struct bench_summary *s,
		    const struct bench_result *r, const struct bench_result *base,
		    int has_impls, double warn_ratio, struct verdicts *v)
{
	strbuf_addstr(out, "| ");
	strbuf_add_md_escaped(out, r->impl ? r->impl : r->bench);
	strbuf_addf(out, "%s%s | ", r->unoptimized ? " (unoptimised build)" : "",
		    r->earlier ? " (earlier run)" : "");
	if (r->status != BS_OK) {
		vec_push(&v->missing, r);
		strbuf_addstr(out, "missing | missing |");
		if (has_impls)
			strbuf_addstr(out, " - |");
		strbuf_addch(out, '\n');
		return;
	}
	if (is_wall(s)) {
		bench_add_time(out, r->wall_median);
		strbuf_addstr(out, " | ");
		bench_add_time(out, r->wall_min);
		strbuf_addstr(out, " – ");
		bench_add_time(out, r->wall_max);
		strbuf_addstr(out, " |");
	} else {
		strbuf_add_thousands_signed(out, r->m[BM_IR]);
		strbuf_addstr(out, " | ");
		strbuf_add_thousands_signed(out, r->m[BM_EST_CYCLES]);
		strbuf_addstr(out, " |");
	}
	if (has_impls)
		add_ratio_cell(out, s, r, base, warn_ratio, v);
	strbuf_addch(out, '\n');
}

/* The table of the group (NAME/CASE in a binary) that first starts; marks its rows done. */
static void add_group(struct strbuf *out, const struct bench_summary *s, size_t first_i,
		      char *done, int show_binary, const struct results_md_options *o,
		      struct verdicts *v)
{
	const struct bench_result *first = &s->results.v[first_i], *base = NULL;
	int has_impls = 0;
	size_t j;

	/* The baseline: the configured implementation, else the first. */
	for (j = first_i; j < s->results.nr; j++) {
		const struct bench_result *r = &s->results.v[j];

		if (!same_group(first, r))
			continue;
		has_impls |= r->impl != NULL;
		if (!base || (o->baseline_impl && r->impl &&
			      !strcmp(r->impl, o->baseline_impl) &&
			      !(base->impl && !strcmp(base->impl, o->baseline_impl))))
			base = r;
	}
	strbuf_addstr(out, "\n## ");
	strbuf_add_md_escaped(out, first->bench);
	if (show_binary) {
		strbuf_addstr(out, " (");
		strbuf_add_md_escaped(out, first->binary);
		strbuf_addch(out, ')');
	}
	strbuf_addstr(out, "\n\n");
	if (is_wall(s))
		strbuf_addstr(out, "| Implementation | Time (median) | Spread |");
	else
		strbuf_addstr(out, "| Implementation | Instructions | Estimated Cycles |");
	if (has_impls) {
		strbuf_addstr(out, " vs ");
		strbuf_add_md_escaped(out, base->impl ? base->impl : "-");
		strbuf_addstr(out, " |\n|---|---:|---:|---:|\n");
	} else {
		strbuf_addstr(out, "\n|---|---:|---:|\n");
	}
	for (j = first_i; j < s->results.nr; j++) {
		const struct bench_result *r = &s->results.v[j];

		if (!same_group(first, r))
			continue;
		done[j] = 1;
		add_row(out, s, r, base, has_impls, o->warn_ratio, v);
	}
}

static void add_summary(struct strbuf *out, const struct verdicts *v, double warn_ratio)
{
	size_t i;

	if (v->better.nr || v->within.nr || v->worse.nr || v->missing.nr)
		strbuf_addstr(out, "\n## Summary\n");
	if (v->better.nr) {
		strbuf_addstr(out, "\n**At or below the baseline (✓):**\n");
		add_flagged(out, &v->better.v[0], v->better.nr, warn_ratio);
	}
	if (v->within.nr) {
		strbuf_addf(out, "\n**Within %g× of the baseline:**\n", warn_ratio);
		add_flagged(out, &v->within.v[0], v->within.nr, warn_ratio);
	}
	if (v->worse.nr) {
		strbuf_addf(out, "\n**Needs attention (more than %g× the baseline, ⚠):**\n",
			    warn_ratio);
		add_flagged(out, &v->worse.v[0], v->worse.nr, warn_ratio);
	}
	if (v->missing.nr) {
		strbuf_addstr(out, "\n**Missing (no data, left out of every ratio):**\n");
		for (i = 0; i < v->missing.nr; i++) {
			strbuf_addstr(out, "- ");
			strbuf_add_md_code(out, v->missing.v[i]->name);
			strbuf_addstr(out, ": ");
			strbuf_add_md_escaped(out, v->missing.v[i]->error ? v->missing.v[i]->error
									: "no result");
			strbuf_addch(out, '\n');
		}
	}
}

void results_md(struct strbuf *out, const struct bench_summary *s,
		const struct results_md_options *o)
{
	struct verdicts v;
	size_t i, j, nbin = 0;
	char *done;

	memset(&v, 0, sizeof(v));
	for (i = 0; i < s->results.nr; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(s->results.v[j].binary, s->results.v[i].binary))
				break;
		nbin += j == i;
	}
	add_header(out, s);
	done = xcalloc(s->results.nr + 1, 1);
	for (i = 0; i < s->results.nr; i++)
		if (!done[i])
			add_group(out, s, i, done, nbin > 1, o, &v);
	free(done);
	add_summary(out, &v, o->warn_ratio);
	vec_release(&v.better);
	vec_release(&v.within);
	vec_release(&v.worse);
	vec_release(&v.missing);
}
