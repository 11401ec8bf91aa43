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

void results_md(struct strbuf *out, const struct bench_summary *s,
		const struct results_md_options *o)
{
	VEC(struct flagged) better, within, worse;
	VEC(const struct bench_result *) missing;
	size_t i, j, nbin = 0;
	int wall = is_wall(s);
	char *done;

	memset(&better, 0, sizeof(better));
	memset(&within, 0, sizeof(within));
	memset(&worse, 0, sizeof(worse));
	memset(&missing, 0, sizeof(missing));
	for (i = 0; i < s->results.nr; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(s->results.v[j].binary, s->results.v[i].binary))
				break;
		nbin += j == i;
	}

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
	if (wall)
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

	done = xcalloc(s->results.nr + 1, 1);
	for (i = 0; i < s->results.nr; i++) {
		const struct bench_result *first = &s->results.v[i], *base = NULL;
		int has_impls = 0;

		if (done[i])
			continue;
		/* The baseline: the configured implementation, else the first. */
		for (j = i; j < s->results.nr; j++) {
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
		if (nbin > 1) {
			strbuf_addstr(out, " (");
			strbuf_add_md_escaped(out, first->binary);
			strbuf_addch(out, ')');
		}
		strbuf_addstr(out, "\n\n");
		if (wall)
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
		for (j = i; j < s->results.nr; j++) {
			const struct bench_result *r = &s->results.v[j];

			if (!same_group(first, r))
				continue;
			done[j] = 1;
			strbuf_addstr(out, "| ");
			strbuf_add_md_escaped(out, r->impl ? r->impl : r->bench);
			strbuf_addf(out, "%s%s | ", r->unoptimized ? " (unoptimised build)" : "",
				    r->earlier ? " (earlier run)" : "");
			if (r->status != BS_OK) {
				vec_push(&missing, r);
				strbuf_addstr(out, "missing | missing |");
				if (has_impls)
					strbuf_addstr(out, " - |");
				strbuf_addch(out, '\n');
				continue;
			}
			if (wall) {
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
			if (has_impls) {
				/* A missing baseline is no baseline: no ratio is made up. */
				if (base->status != BS_OK || ratio_value(s, base) <= 0) {
					strbuf_addstr(out, " - |");
				} else if (r == base) {
					strbuf_addstr(out, " 1.00× |");
				} else {
					struct flagged f;

					f.r = r;
					f.ratio = ratio_value(s, r) / ratio_value(s, base);
					if (f.ratio <= 1.0) {
						strbuf_addstr(out, " **");
						add_ratio(out, f.ratio, o->warn_ratio);
						strbuf_addstr(out, "** ✓ |");
						vec_push(&better, f);
					} else if (f.ratio <= o->warn_ratio) {
						strbuf_addch(out, ' ');
						add_ratio(out, f.ratio, o->warn_ratio);
						strbuf_addstr(out, " |");
						vec_push(&within, f);
					} else {
						strbuf_addch(out, ' ');
						add_ratio(out, f.ratio, o->warn_ratio);
						strbuf_addstr(out, " ⚠ |");
						vec_push(&worse, f);
					}
				}
			}
			strbuf_addch(out, '\n');
		}
	}
	free(done);

	if (better.nr || within.nr || worse.nr || missing.nr)
		strbuf_addstr(out, "\n## Summary\n");
	if (better.nr) {
		strbuf_addstr(out, "\n**At or below the baseline (✓):**\n");
		add_flagged(out, &better.v[0], better.nr, o->warn_ratio);
	}
	if (within.nr) {
		strbuf_addf(out, "\n**Within %g× of the baseline:**\n", o->warn_ratio);
		add_flagged(out, &within.v[0], within.nr, o->warn_ratio);
	}
	if (worse.nr) {
		strbuf_addf(out, "\n**Needs attention (more than %g× the baseline, ⚠):**\n",
			    o->warn_ratio);
		add_flagged(out, &worse.v[0], worse.nr, o->warn_ratio);
	}
	if (missing.nr) {
		strbuf_addstr(out, "\n**Missing (no data, left out of every ratio):**\n");
		for (i = 0; i < missing.nr; i++) {
			strbuf_addstr(out, "- ");
			strbuf_add_md_code(out, missing.v[i]->name);
			strbuf_addstr(out, ": ");
			strbuf_add_md_escaped(out, missing.v[i]->error ? missing.v[i]->error
								 : "no result");
			strbuf_addch(out, '\n');
		}
	}
	vec_release(&better);
	vec_release(&within);
	vec_release(&worse);
	vec_release(&missing);
}
