/*
 * baseline.c: the files a benchmark run reads and leaves (baseline.h).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "baseline.h"
#include "cg_diff.h"
#include "config.h"
#include "discover.h"
#include "fsutil.h"
#include "html_report.h"
#include "util.h"

/* Profiles larger than this are not copied into a baseline or read for a page. */
#define PROFILE_MAX ((size_t)1 << 30)

void baseline_state_path(struct strbuf *sb, const char *root, const char *name)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s/.tare/bench/%s", root, name);
}

int baseline_name_check(const char *option, const char *name)
{
	const char *s;

	if (!name)
		return 0;
	for (s = name; *s; s++)
		if (!(isalnum((unsigned char)*s) || strchr("-_.", *s)) || (s == name && *s == '.'))
			return error("%s: '%s' is no baseline name: use letters, digits, '-', "
				     "'_' and '.', not starting with '.'", option, name);
	if (!*name || strlen(name) > 100)
		return error("%s: a baseline name is 1 to 100 characters", option);
	return 0;
}

void baseline_path(struct strbuf *sb, const char *root, const char *name, int wall)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s/.tare/bench/baselines/%s%s.json", root, name, wall ? "-wall" : "");
}

void baseline_results_path(struct strbuf *sb, const char *option, const struct config *cfg,
			   int wall)
{
	size_t n;

	strbuf_reset(sb);
	if (option) {
		strbuf_addstr(sb, option);
		return;
	}
	if (cfg->bench.results)
		strbuf_addstr(sb, cfg->bench.results);
	else
		baseline_state_path(sb, cfg->root, "RESULTS.md");
	if (!wall)
		return;
	n = sb->len;
	if (n > 3 && !strcmp(sb->buf + n - 3, ".md") && sb->buf[n - 4] != '/') {
		strbuf_setlen(sb, n - 3);
		strbuf_addstr(sb, "-wall.md");
	} else {
		strbuf_addstr(sb, "-wall");
	}
}

static void last_path(struct strbuf *sb, const struct baseline *b)
{
	baseline_state_path(sb, b->root, b->wall ? "last-wall.json" : "last.json");
}

int baseline_open(struct baseline *b, struct bench_compare_options *co)
{
	struct strbuf path = STRBUF_INIT;
	int rc;

	bench_summary_init(&b->old);
	b->compare = b->baseline ? b->baseline : b->save;
	if (b->compare) {
		baseline_path(&path, b->root, b->compare, b->wall);
		co->baseline_new = b->save && !b->baseline ? b->compare : "(new)";
		co->baseline_old = b->compare;
	} else {
		last_path(&path, b);
	}
	rc = bench_summary_read(&b->old, path.buf);
	b->have_old = rc == 0;
	strbuf_release(&path);
	return rc < 0 ? -1 : 0;
}

/* RESULTS.md: every benchmark listed, with the last numbers of the rest. */
static int results_write(const struct bench_summary *run, const struct bench_summary *merged,
			 const struct test_list *list, const struct config *cfg,
			 const char *option, int wall)
{
	struct results_md_options mo = { cfg->bench.baseline_impl, cfg->bench.warn_ratio };
	struct bench_summary listed, report;
	struct strbuf path = STRBUF_INIT, md = STRBUF_INIT;
	size_t i;
	int ret;

	bench_summary_init(&listed);
	bench_summary_init(&report);
	/*
	 * A filtered run must not compare an implementation with itself for
	 * want of the baseline's row.
	 */
	for (i = 0; i < list->cases.nr; i++) {
		const struct test_case *tc = list->cases.v[i];

		if (tc->kind == CASE_BENCH)
			bench_summary_add(&listed, tc->bin->id, tc->name)->unoptimized =
				tc->unoptimized;
	}
	bench_summary_report(&report, &listed, run, merged);
	results_md(&md, &report, &mo);
	baseline_results_path(&path, option, cfg, wall);
	ret = atomic_write_file(path.buf, md.buf, md.len);
	bench_summary_release(&listed);
	bench_summary_release(&report);
	strbuf_release(&path);
	strbuf_release(&md);
	return ret;
}

/*
 * Baseline name saved: this run merged over what it held. The one the run
 * was compared with is already in b->old; another (--save-baseline A
 * --baseline B: A) is read only now.
 */
/*
 * A benchmark's profile below ROOT/.tare/bench/profiles/ (r->profile), the
 * same below a saved baseline's folder (NAME.profiles/), into sb.
 */
static int baseline_profile_path(struct strbuf *sb, const char *root, const char *name,
				 const struct bench_result *r)
{
	static const char prefix[] = ".tare/bench/profiles/";

	if (!r->profile || strncmp(r->profile, prefix, sizeof(prefix) - 1))
		return -1;
	strbuf_reset(sb);
	strbuf_addf(sb, "%s/.tare/bench/baselines/%s.profiles/%s", root, name,
		    r->profile + sizeof(prefix) - 1);
	return 0;
}

/* The profiles of the run's benchmarks, copied into baseline name's folder. */
static int profiles_keep(const struct baseline *b, const char *name,
			 const struct bench_summary *run)
{
	struct strbuf to = STRBUF_INIT, from = STRBUF_INIT, data = STRBUF_INIT;
	size_t i;
	int ret = 0;

	for (i = 0; i < run->results.nr; i++) {
		const struct bench_result *r = &run->results.v[i];

		if (r->status == BS_FAILED || baseline_profile_path(&to, b->root, name, r) < 0)
			continue;
		strbuf_reset(&from);
		strbuf_addf(&from, "%s/%s", b->root, r->profile);
		strbuf_reset(&data);
		strbuf_addstr(&data, to.buf);
		*strrchr(data.buf, '/') = '\0';
		if (mkdir_p(data.buf) < 0) {
			ret = error_errno("cannot make '%s'", data.buf);
			continue;
		}
		strbuf_reset(&data);
		if (strbuf_read_file(&data, from.buf, PROFILE_MAX) < 0 ||
		    atomic_write_file(to.buf, data.buf, data.len) < 0)
			ret = -1;
	}
	strbuf_release(&to);
	strbuf_release(&from);
	strbuf_release(&data);
	return ret;
}

int baseline_old_profile(const struct baseline *b, const struct bench_result *r,
			 struct strbuf *path)
{
	if (!b->have_old || !r->profile || b->wall)
		return -1;
	if (b->compare) {
		if (baseline_profile_path(path, b->root, b->compare, r) < 0)
			return -1;
	} else {
		strbuf_reset(path);
		strbuf_addf(path, "%s/%s.old", b->root, r->profile);
	}
	return access(path->buf, R_OK) == 0 ? 0 : -1;
}

static int baseline_write(const struct baseline *b, const char *name,
			  const struct bench_summary *run)
{
	struct strbuf path = STRBUF_INIT;
	struct bench_summary saved, merged;
	const struct bench_summary *base = b->have_old ? &b->old : NULL;
	int rc = 0;

	baseline_path(&path, b->root, name, b->wall);
	bench_summary_init(&saved);
	bench_summary_init(&merged);
	if (strcmp(name, b->compare)) {
		rc = bench_summary_read(&saved, path.buf);
		base = rc == 0 ? &saved : NULL;
	}
	if (rc >= 0) {
		bench_summary_merge(&merged, base, run);
		rc = bench_summary_write(&merged, path.buf);
	}
	if (rc >= 0 && !b->wall)
		rc = profiles_keep(b, name, run);
	bench_summary_release(&saved);
	bench_summary_release(&merged);
	strbuf_release(&path);
	return rc < 0 ? -1 : 0;
}

/* Saved: --save-baseline's, and --baseline's if it did not exist. */
static int baselines_write(const struct baseline *b, const struct bench_summary *run)
{
	int ret = 0;

	if (b->save)
		ret = baseline_write(b, b->save, run);
	if (b->baseline && !b->have_old && !(b->save && !strcmp(b->baseline, b->save)) &&
	    baseline_write(b, b->baseline, run) < 0)
		ret = -1;
	return ret;
}

int baseline_save(struct baseline *b, const struct bench_summary *run,
		  const struct test_list *list, const struct config *cfg,
		  const char *results, const char *summary_copy)
{
	struct bench_summary last, merged;
	struct strbuf path = STRBUF_INIT;
	int rc, ret = 0;

	bench_summary_init(&last);
	bench_summary_init(&merged);
	baseline_state_path(&path, b->root, b->wall ? "summary-wall.json" : "summary.json");
	if (bench_summary_write(run, path.buf) < 0 ||
	    (summary_copy && bench_summary_write(run, summary_copy) < 0))
		ret = -1;
	/* last.json moves on from what it held, whatever was compared with. */
	last_path(&path, b);
	rc = b->compare ? bench_summary_read(&last, path.buf) : b->have_old ? 0 : 1;
	if (rc >= 0)
		bench_summary_merge(&merged, rc ? NULL : b->compare ? &last : &b->old, run);
	if (results_write(run, rc >= 0 ? &merged : NULL, list, cfg, results, b->wall) < 0)
		ret = -1;
	if (rc < 0 || bench_summary_write(&merged, path.buf) < 0)
		ret = -1;
	if (baselines_write(b, run) < 0)
		ret = -1;
	bench_summary_release(&last);
	bench_summary_release(&merged);
	strbuf_release(&path);
	return ret;
}

void baseline_release(struct baseline *b)
{
	bench_summary_release(&b->old);
}

int baseline_compare_saved(const char *root, const char *new_name, const char *old_name,
			   int wall, struct bench_compare_options *co, FILE *out)
{
	struct bench_summary a, b;
	struct bench_compare cmp;
	struct strbuf pa = STRBUF_INIT, pb = STRBUF_INIT;
	size_t i;
	int ret = EXIT_USAGE, ra, rb;

	bench_summary_init(&a);
	bench_summary_init(&b);
	memset(&cmp, 0, sizeof(cmp));
	baseline_path(&pa, root, new_name, wall);
	baseline_path(&pb, root, old_name, wall);
	if ((ra = bench_summary_read(&a, pa.buf)) < 0 || (rb = bench_summary_read(&b, pb.buf)) < 0)
		goto out;
	if (ra == 1 || rb == 1) {
		error("no baseline '%s' (%s)", ra == 1 ? new_name : old_name,
		      ra == 1 ? pa.buf : pb.buf);
		goto out;
	}
	co->baseline_new = new_name;
	co->baseline_old = old_name;
	for (i = 0; i < a.results.nr; i++) {
		const struct bench_result *r = &a.results.v[i];
		const struct bench_result *o = bench_summary_find(&b, r->binary, r->name);

		if (wall)
			bench_print_wall(out, r, o, co, &cmp);
		else
			bench_print_result(out, r, o, co, &cmp);
	}
	bench_print_summary(out, &cmp, -1, co->color);
	ret = cmp.failed ? EXIT_TESTS_FAILED : cmp.regressed ? EXIT_REGRESSION : EXIT_OK;
out:
	bench_compare_release(&cmp);
	bench_summary_release(&a);
	bench_summary_release(&b);
	strbuf_release(&pa);
	strbuf_release(&pb);
	return ret;
}

int baseline_last_profile(struct strbuf *path, const char *root, const char *name)
{
	struct bench_summary last;
	const struct bench_result *found = NULL;
	size_t i, n = 0;
	int rc;

	bench_summary_init(&last);
	baseline_state_path(path, root, "last.json");
	rc = bench_summary_read(&last, path->buf);
	if (rc == 1)
		rc = error("no benchmark has run here yet (%s is missing)", path->buf);
	for (i = 0; rc == 0 && i < last.results.nr; i++) {
		const struct bench_result *r = &last.results.v[i];

		if (!r->profile || !strstr(r->name, name))
			continue;
		found = r;
		if (!strcmp(r->name, name)) {
			n = 1;
			break;
		}
		n++;
	}
	if (rc == 0 && !found)
		rc = error("no benchmark of the last run is called '%s'", name);
	else if (rc == 0 && n > 1)
		rc = error("'%s' names %zu benchmarks; give one whole name", name, n);
	if (rc == 0) {
		strbuf_reset(path);
		path_join(path, root, found->profile);
	}
	bench_summary_release(&last);
	return rc;
}

int baseline_impl_check(const struct config *cfg, const struct test_list *list)
{
	const char *want = cfg->bench.baseline_impl, *best = NULL;
	struct strvec impls = STRVEC_INIT;
	struct strbuf hint = STRBUF_INIT;
	size_t i, k, best_d = SIZE_MAX;
	int ret = 0;

	if (!want)
		return 0;
	for (i = 0; i < list->binaries.nr; i++)
		if (!list->binaries.v[i]->listed)
			return 0;	/* a filter left a binary unlisted: its names are unknown */
	for (i = 0; i < list->cases.nr; i++) {
		const struct test_case *tc = list->cases.v[i];
		const char *at = tc->kind == CASE_BENCH ? strrchr(tc->name, '@') : NULL;

		if (!at)
			continue;
		if (!strcmp(at + 1, want))
			goto out;
		for (k = 0; k < impls.nr && strcmp(impls.v[k], at + 1); k++)
			;
		if (k == impls.nr)
			strvec_push(&impls, at + 1);
	}
	for (k = 0; k < impls.nr; k++) {
		size_t d = strcasecmp(impls.v[k], want) ? edit_distance(impls.v[k], want) + 1 : 0;

		if (d < best_d) {
			best_d = d;
			best = impls.v[k];
		}
	}
	if (best && best_d <= 3 + strlen(want) / 6) {
		strbuf_addf(&hint, " (did you mean \"%s\"?)", best);
	} else if (impls.nr) {
		strbuf_addstr(&hint, " (implementations: ");
		for (k = 0; k < impls.nr && k < 10; k++)
			strbuf_addf(&hint, "%s\"%s\"", k ? ", " : "", impls.v[k]);
		strbuf_addstr(&hint, k < impls.nr ? ", ...)" : ")");
	} else {
		strbuf_addstr(&hint, " (no benchmark has implementations: NAME@IMPL)");
	}
	ret = error("%s: baseline \"%s\" names no implementation of any benchmark%s",
		    cfg->bench.baseline_where, want, hint.buf);
out:
	strvec_clear(&impls);
	strbuf_release(&hint);
	return ret;
}

int baseline_merge_summaries(const struct strvec *paths, const struct config *cfg,
			     const char *results, const char *summary)
{
	struct results_md_options mo = { cfg->bench.baseline_impl, cfg->bench.warn_ratio };
	struct bench_summary acc, next, merged;
	struct strbuf path = STRBUF_INIT, md = STRBUF_INIT;
	int wall = 0, ret = -1;
	size_t i;

	bench_summary_init(&acc);
	for (i = 0; i < paths->nr; i++) {
		int rc;

		bench_summary_init(&next);
		rc = bench_summary_read(&next, paths->v[i]);
		if (rc) {
			if (rc > 0)
				error("%s: no such file", paths->v[i]);
			bench_summary_release(&next);
			goto out;
		}
		if (i && strcmp(acc.tool, next.tool)) {
			error("%s: a %s run, and %s a %s one: they do not merge", paths->v[i],
			      next.tool, paths->v[0], acc.tool);
			bench_summary_release(&next);
			goto out;
		}
		bench_summary_init(&merged);
		bench_summary_merge(&merged, i ? &acc : NULL, &next);
		bench_summary_release(&acc);
		bench_summary_release(&next);
		acc = merged;
	}
	wall = acc.tool && !strcmp(acc.tool, "wall");
	results_md(&md, &acc, &mo);
	baseline_results_path(&path, results, cfg, wall);
	if (atomic_write_file(path.buf, md.buf, md.len) < 0 ||
	    (summary && bench_summary_write(&acc, summary) < 0))
		goto out;
	ret = 0;
out:
	bench_summary_release(&acc);
	strbuf_release(&path);
	strbuf_release(&md);
	return ret;
}

/* A function's change in one metric, for the explanation of a regression. */
struct growth {
	const struct diff_row *row;
	int64_t delta;
};

static int growth_cmp(const void *x, const void *y)
{
	const struct growth *a = x, *b = y;

	if (a->delta != b->delta)
		return a->delta < b->delta ? 1 : -1;
	return strcmp(a->row->function, b->row->function);
}

/* A benchmark's profile, its file names relative to the project's root. */
static int profile_read_rooted(struct cg_profile *p, const char *path, const char *root,
			       int want_lines)
{
	struct cg_read_options ro = CG_READ_OPTIONS_INIT;
	struct strbuf prefix = STRBUF_INIT;
	int rc;

	strbuf_addf(&prefix, "%s/", root);
	ro.want_lines = want_lines;
	ro.strip_prefix = prefix.buf;
	rc = cg_read_file(p, path, &ro);
	strbuf_release(&prefix);
	return rc;
}

/* The five functions whose own cost in metric grew most from old to r's profile, as text. */
static char *explain_one(const struct baseline *b, const struct bench_result *r, int metric)
{
	struct strbuf old = STRBUF_INIT, cur = STRBUF_INIT, out = STRBUF_INIT;
	struct cg_profile po, pn;
	struct diff d;
	struct growth *g = NULL;
	size_t i, n = 0;

	memset(&d, 0, sizeof(d));
	cg_profile_init(&po);
	cg_profile_init(&pn);
	if (metric >= BM_CALLGRIND_COUNT || baseline_old_profile(b, r, &old) < 0)
		goto out;
	strbuf_addf(&cur, "%s/%s", b->root, r->profile);
	if (profile_read_rooted(&po, old.buf, b->root, 0) < 0 ||
	    profile_read_rooted(&pn, cur.buf, b->root, 0) < 0 ||
	    diff_compute(&d, &po, &pn, NULL) < 0)
		goto out;
	g = xcalloc(d.nrows + 1, sizeof(*g));
	for (i = 0; i < d.nrows; i++) {
		int64_t mo[BM_COUNT], mn[BM_COUNT];

		/* Linear in the events: a function's own metric from its own costs. */
		if (bench_metrics_compute(mo, d.events, d.rows[i].old_self, d.nevents) < 0 ||
		    bench_metrics_compute(mn, d.events, d.rows[i].new_self, d.nevents) < 0)
			break;
		if (mn[metric] > mo[metric])
			g[n++] = (struct growth){ &d.rows[i], mn[metric] - mo[metric] };
	}
	if (!n)
		goto out;
	qsort(g, n, sizeof(*g), growth_cmp);
	strbuf_addf(&out, "    grew most (%s of their own):\n", bench_metrics[metric].label);
	for (i = 0; i < n && i < 5; i++) {
		struct strbuf num = STRBUF_INIT;

		strbuf_add_thousands(&num, "+", (uint64_t)g[i].delta);
		strbuf_addf(&out, "      %12s  %s", num.buf, g[i].row->function);
		if (*g[i].row->file && strcmp(g[i].row->file, "???"))
			strbuf_addf(&out, "  (%s)", g[i].row->file);
		strbuf_addch(&out, '\n');
		strbuf_release(&num);
	}
out:
	free(g);
	diff_release(&d);
	cg_profile_release(&po);
	cg_profile_release(&pn);
	strbuf_release(&old);
	strbuf_release(&cur);
	return out.len ? strbuf_detach(&out, NULL) : (strbuf_release(&out), NULL);
}

void baseline_explain(const struct baseline *b, const struct bench_summary *run,
		      struct bench_compare *cmp)
{
	size_t i, first = 0;

	for (i = 0; i < cmp->regressions.nr; i++) {
		struct bench_regression *g = &cmp->regressions.v[i];
		const struct bench_regression *next = i + 1 < cmp->regressions.nr ? g + 1 : NULL;
		const struct bench_result *r;

		/* Under the benchmark's last regression, by its first one's metric. */
		if (next && !strcmp(next->name, g->name) && !strcmp(next->binary, g->binary))
			continue;
		r = bench_summary_find(run, g->binary, g->name);
		if (r && r->profile)
			g->grew = explain_one(b, r, cmp->regressions.v[first].metric);
		first = i + 1;
	}
}

/* A result's cells for the page's table: the default metrics and the change. */
static void result_cells(struct strvec *cells, const struct bench_result *r,
			 int compared, const struct bench_result *old)
{
	int k;

	strvec_pushf(cells, "%s %s", r->binary, r->name);
	for (k = 0; k < BM_DEFAULT_COUNT; k++) {
		struct strbuf sb = STRBUF_INIT;

		if (r->status != BS_FAILED)
			strbuf_add_thousands_signed(&sb, r->m[k]);
		strvec_push(cells, r->status == BS_FAILED ? "failed" : sb.buf);
		strbuf_release(&sb);
	}
	if (!compared)
		return;
	if (old && old->m[BM_IR] && r->status != BS_FAILED)
		strvec_pushf(cells, "%+.2f%%", ((double)r->m[BM_IR] - (double)old->m[BM_IR]) /
			     (double)old->m[BM_IR] * 100.0);
	else
		strvec_push(cells, "");
}

int baseline_report_page(const struct baseline *b, const struct bench_summary *run,
			 const char *path)
{
	struct html_report page;
	struct html_report_options ho = HTML_REPORT_OPTIONS_INIT;
	struct strvec columns = STRVEC_INIT, cells = STRVEC_INIT;
	struct strbuf name = STRBUF_INIT, file = STRBUF_INIT, note = STRBUF_INIT;
	struct atomic_file af;
	FILE *out;
	size_t i;
	int k, ret = 0;

	const char *dirs[] = { b->root, NULL };

	/* A benchmark's profile is small; a page of fifty stays a few MB. */
	ho.include_dirs = dirs;
	ho.max_functions = 300;
	ho.max_files = 4;
	ho.min_percent = 0.1;
	html_report_init(&page, "tare bench");
	strvec_push(&columns, "Benchmark");
	for (k = 0; k < BM_DEFAULT_COUNT; k++)
		strvec_push(&columns, bench_metrics[k].label);
	if (b->have_old)
		strvec_push(&columns, "Instructions vs baseline");
	for (i = 0; i < run->results.nr; i++)
		result_cells(&cells, &run->results.v[i], b->have_old,
			     b->have_old ? bench_summary_find(&b->old, run->results.v[i].binary,
							     run->results.v[i].name) : NULL);
	html_report_add_table(&page, "Results", &columns, &cells);
	for (i = 0; i < run->results.nr; i++) {
		const struct bench_result *r = &run->results.v[i];
		struct cg_profile p, old;

		if (r->status == BS_FAILED || !r->profile)
			continue;
		strbuf_reset(&name);
		strbuf_addf(&name, "%s %s", r->binary, r->name);
		strbuf_reset(&file);
		strbuf_addf(&file, "%s/%s", b->root, r->profile);
		strbuf_reset(&note);
		strbuf_addf(&note, "%s", r->profile);
		cg_profile_init(&p);
		cg_profile_init(&old);
		if (profile_read_rooted(&p, file.buf, b->root, 1) == 0) {
			html_report_add_profile(&page, name.buf, note.buf, &p, &ho);
			if (baseline_old_profile(b, r, &file) == 0 &&
			    profile_read_rooted(&old, file.buf, b->root, 1) == 0) {
				strbuf_addstr(&name, ": against the baseline");
				html_report_add_diff(&page, name.buf, file.buf, r->profile, &old, &p, &ho);
			}
		}
		cg_profile_release(&p);
		cg_profile_release(&old);
	}
	out = atomic_file_open(&af, path);
	if (!out) {
		ret = -1;
	} else {
		html_report_write(&page, out);
		ret = atomic_file_commit(&af);
	}
	html_report_release(&page);
	strvec_clear(&columns);
	strvec_clear(&cells);
	strbuf_release(&name);
	strbuf_release(&file);
	strbuf_release(&note);
	return ret;
}
