/*
 * tare bench: the options, and the calls into discovery, selection, the
 * benchmark run, baselines and the reports.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "benchrun.h"
#include "cmd.h"
#include "config.h"
#include "discover.h"
#include "fsutil.h"
#include "opt.h"
#include "reaper.h"
#include "select.h"
#include "spawn.h"
#include "term.h"
#include "valgrind.h"

static const char bench_usage[] =
	"usage: tare bench [OPTIONS] [FILTER...]\n"
	"\n"
	"Measure the benchmarks of C binaries under callgrind, each in its own process:\n"
	"instructions and simulated cache costs of the body alone, the same from run to run.\n"
	"A FILTER selects the benchmarks whose name contains it.\n";

struct bench_options {
	struct strvec bins, exprs;
	const char *config, *color, *limits, *metrics, *results, *summary;
	const char *save_baseline, *baseline, *load_baseline, *annotate, *tool;
	int jobs, no_build, list, wall;
};

struct bench_ctx {
	const struct bench_summary *old;
	struct bench_compare_options co;
	struct bench_compare cmp;
	const char *root;
	int wall;
	FILE *out;
};

/* Valgrind's own lines: "==1234== ..." and its warnings, "--1234-- ...". */
static int is_valgrind_line(const char *p, size_t n)
{
	size_t i = 2;
	char c = p[0];

	if (n < 5 || (c != '=' && c != '-') || p[1] != c)
		return 0;
	while (i < n && isdigit((unsigned char)p[i]))
		i++;
	return i > 2 && i + 1 < n && p[i] == c && p[i + 1] == c;
}

/*
 * What the benchmark printed, last 20 lines, indented; Valgrind's banner
 * and statistics left out unless there is nothing else.
 */
static void print_output_tail(FILE *out, const struct strbuf *output)
{
	struct strvec lines = STRVEC_INIT;
	const char *p = output->buf;
	size_t i, own = 0;
	int pass;

	for (pass = 0; pass < 2 && !lines.nr; pass++) {
		for (p = output->buf; *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);

			if (pass || !is_valgrind_line(p, n))
				strvec_pushf(&lines, "%.*s", (int)n, p);
			p += n + (nl != NULL);
		}
	}
	own = lines.nr > 20 ? lines.nr - 20 : 0;
	for (i = own; i < lines.nr; i++)
		fprintf(out, "    | %s\n", lines.v[i]);
	strvec_clear(&lines);
}

static void bench_done(void *ctx, const struct test_case *tc, const struct bench_result *r,
		       const struct strbuf *output)
{
	struct bench_ctx *bc = ctx;
	const struct bench_result *old = bc->old ? bench_summary_find(bc->old, r->binary, r->name)
						 : NULL;

	if (bc->wall)
		bench_print_wall(bc->out, r, old, &bc->co, &bc->cmp);
	else
		bench_print_result(bc->out, r, old, &bc->co, &bc->cmp);
	if (r->status != BS_OK && output->len)
		print_output_tail(bc->out, output);
	if (r->status == BS_OK && r->threads > 1)
		fprintf(bc->out, "  warning: %d threads ran; callgrind counts the thread that ran "
			"the body, not the work of the others\n", r->threads);
	if (r->status == BS_OK && r->heap_unnamed)
		fprintf(bc->out, "  warning: DHAT cannot name the functions of %s (a stripped "
			"binary?), so the body's allocations cannot be told from the rest: no heap "
			"metrics\n", tc->bin->display);
	fflush(bc->out);
}

/* .tare/bench/NAME: where the run's files live. */
static void state_path(struct strbuf *sb, const char *root, const char *name)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s/.tare/bench/%s", root, name);
}

/* A baseline's name is one file name: checked before anything runs. */
static int baseline_name_check(const char *option, const char *name)
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

/*
 * A baseline's file: .tare/bench/baselines/NAME.json (NAME-wall.json for
 * --wall); NAME passed baseline_name_check().
 */
static void baseline_path(struct strbuf *sb, const char *root, const char *name, int wall)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s/.tare/bench/baselines/%s%s.json", root, name, wall ? "-wall" : "");
}

/*
 * Where RESULTS.md goes: --results as given; else [bench] results or
 * .tare/bench/RESULTS.md, which a --wall run leaves to the instruction
 * counts: it writes RESULTS-wall.md beside it.
 */
static void results_path(struct strbuf *sb, const char *option, const struct config *cfg,
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
		state_path(sb, cfg->root, "RESULTS.md");
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

static void git_info(struct bench_summary *s, const char *root)
{
	static const char *const what[2][5] = {
		{ "git", "-C", NULL, "rev-parse", "--short" },
		{ "git", "-C", NULL, "rev-parse", "--abbrev-ref" },
	};
	int i;

	for (i = 0; i < 2; i++) {
		struct child c = CHILD_INIT;
		struct strbuf out = STRBUF_INIT;
		int k;

		for (k = 0; k < 5; k++)
			strvec_push(&c.args, what[i][k] ? what[i][k] : root);
		strvec_push(&c.args, "HEAD");
		c.in = CHILD_DEVNULL;
		c.err = CHILD_DEVNULL;
		if (child_capture(&c, &out) == 0) {
			strbuf_rtrim(&out);
			if (out.len && !strchr(out.buf, '\n')) {
				if (i == 0)
					s->commit = arena_strdup(&s->arena, out.buf);
				else
					s->branch = arena_strdup(&s->arena, out.buf);
			}
		}
		child_release(&c);
		strbuf_release(&out);
	}
}

static void now_iso(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* --annotate NAME: the kept profile of the last run's benchmark, annotated. */
static int annotate_last(const char *root, const char *name)
{
	struct bench_summary last;
	struct strbuf path = STRBUF_INIT;
	const struct bench_result *found = NULL;
	const char *argv[3];
	size_t i, n = 0;
	int ret = EXIT_USAGE, rc;

	bench_summary_init(&last);
	state_path(&path, root, "last.json");
	rc = bench_summary_read(&last, path.buf);
	if (rc < 0)
		goto out;
	if (rc == 1) {
		error("no benchmark has run here yet (%s is missing)", path.buf);
		goto out;
	}
	/* The whole name, else a part of exactly one name. */
	for (i = 0; i < last.results.nr; i++) {
		const struct bench_result *r = &last.results.v[i];

		if (!r->profile || !strstr(r->name, name))
			continue;
		if (!strcmp(r->name, name)) {
			found = r;
			n = 1;
			break;
		}
		found = r;
		n++;
	}
	if (!found) {
		error("no benchmark of the last run is called '%s'", name);
		goto out;
	}
	if (n > 1) {
		error("'%s' names %zu benchmarks; give one whole name", name, n);
		goto out;
	}
	strbuf_reset(&path);
	path_join(&path, root, found->profile);
	argv[0] = "annotate";
	argv[1] = path.buf;
	argv[2] = NULL;
	ret = cmd_annotate(2, argv);
out:
	bench_summary_release(&last);
	strbuf_release(&path);
	return ret;
}

/* --load-baseline NEW --baseline OLD: compares two saved runs. */
static int compare_saved(const char *root, const char *new_name, const char *old_name,
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

static void list_benches(const struct test_list *list)
{
	size_t i;

	for (i = 0; i < list->cases.nr; i++) {
		const struct test_case *tc = list->cases.v[i];

		if (tc->selected)
			printf("%s %s\n", tc->bin->id, tc->name);
	}
}

/* Checks that every binary can be measured; warns of unoptimised benchmarks. */
static int check_binaries(const struct test_list *list, int wall)
{
	size_t b, i;

	for (b = 0; b < list->binaries.nr; b++) {
		const struct binary *bin = list->binaries.v[b];
		size_t selected = 0, unopt = 0;

		for (i = 0; i < list->cases.nr; i++) {
			const struct test_case *tc = list->cases.v[i];

			if (tc->bin != bin || !tc->selected)
				continue;
			selected++;
			unopt += tc->unoptimized;
		}
		if (!selected)
			continue;
		if (!bin->tare_protocol)
			return error("%s: not a tare.h binary: tare bench measures benchmarks "
				     "defined with TARE_BENCH", bin->display);
		if (!wall && !bin->callgrind)
			return error("%s: built without Valgrind's client-request headers "
				     "(<valgrind/callgrind.h>, Debian's valgrind package): nothing "
				     "would switch callgrind on around the benchmarks", bin->display);
		if (unopt)
			warning("%s: %zu benchmark%s compiled without optimisation: build "
				"benchmarks with -O2, debug builds measure something else",
				bin->display, unopt, unopt == 1 ? " was" : "s were");
	}
	return 0;
}

/*
 * [bench] baseline must name an implementation (NAME@IMPL) that some listed
 * benchmark has: a typo would otherwise compare every case with its first
 * implementation, silently. The nearest name is suggested: one that differs
 * in case only, else the closest by edit distance, else the names there are.
 */
static int baseline_impl_check(const struct config *cfg, const struct test_list *list)
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

int cmd_bench(int argc, const char **argv)
{
	struct bench_options t = {
		.bins = STRVEC_INIT, .exprs = STRVEC_INIT, .color = "auto",
		.metrics = "default", .jobs = -1,
	};
	const struct opt opts[] = {
		OPT_GROUP("Selecting benchmarks"),
		OPT_STRING_LIST('E', "filterset", &t.exprs, "EXPR",
				"run the benchmarks EXPR matches (the grammar of tare test -E)"),
		OPT_STRING_LIST('b', "bin", &t.bins, "PATH",
				"a benchmark binary (repeatable; replaces [bench] binaries)"),
		OPT_BOOL(0, "list", &t.list, "list the benchmarks that would run, and run none"),
		OPT_GROUP("Configuration"),
		OPT_STRING(0, "config", &t.config, "PATH",
			   "read PATH instead of the tare.toml found here or above"),
		OPT_BOOL(0, "no-build", &t.no_build, "do not run [build] command first"),
		OPT_GROUP("Running"),
		OPT_INT('j', "jobs", &t.jobs, "N",
			"run N benchmarks at once [CPUs; 1 with --wall]"),
		OPT_STRING(0, "tool", &t.tool, "TOOL",
			   "callgrind, or dhat: callgrind and a DHAT run for heap use"),
		OPT_BOOL(0, "wall", &t.wall,
			 "time natively instead, into RESULTS-wall.md: median of calibrated samples"),
		OPT_GROUP("Baselines"),
		OPT_STRING(0, "save-baseline", &t.save_baseline, "NAME",
			   "compare with baseline NAME if it exists, then save this run as NAME"),
		OPT_STRING(0, "baseline", &t.baseline, "NAME",
			   "compare with baseline NAME, not the last run (saved if missing)"),
		OPT_STRING(0, "load-baseline", &t.load_baseline, "NAME",
			   "compare saved baseline NAME with --baseline's, running nothing"),
		OPT_GROUP("Limits and reports"),
		OPT_STRING(0, "limits", &t.limits, "SPEC",
			   "regression limits: 'ir=5%,est-cycles=10%|1000' (exit 3 beyond)"),
		OPT_STRING(0, "metrics", &t.metrics, "SET",
			   "default, or all: the raw callgrind events too"),
		OPT_STRING(0, "results", &t.results, "PATH",
			   "write RESULTS.md to PATH [.tare/bench/RESULTS.md]"),
		OPT_STRING(0, "summary", &t.summary, "PATH",
			   "also write the run's JSON summary to PATH"),
		OPT_STRING(0, "annotate", &t.annotate, "NAME",
			   "annotate the last run's profile of benchmark NAME, running nothing"),
		OPT_STRING(0, "color", &t.color, "WHEN", "auto, always or never (NO_COLOR is honoured)"),
		OPT_END(),
	};
	struct strvec positional = STRVEC_INIT;
	struct config cfg;
	struct selection sel;
	struct test_list list;
	struct profile_view view;
	struct bench_summary run, old, last, merged, saved, saved_merged, listed, report;
	struct bench_limits limits;
	struct bench_ctx bc;
	struct benchrun_opts bo;
	struct strbuf path = STRBUF_INIT, err = STRBUF_INIT, md = STRBUF_INIT;
	const char *cache[3], *compare_name = NULL;
	char started[32], *vg_version = NULL;
	int ret = EXIT_USAGE, parsed, color_mode, jobs, rc, cfg_loaded = 0, has_limits = 0;
	double start = time_now();
	size_t i, selected;

	selection_init(&sel);
	test_list_init(&list);
	bench_summary_init(&run);
	bench_summary_init(&old);
	bench_summary_init(&last);
	bench_summary_init(&merged);
	bench_summary_init(&saved);
	bench_summary_init(&saved_merged);
	bench_summary_init(&listed);
	bench_summary_init(&report);
	memset(&limits, 0, sizeof(limits));
	memset(&bc, 0, sizeof(bc));

	parsed = opt_parse(argc, argv, opts, bench_usage, &positional);
	if (parsed) {
		ret = parsed > 0 ? EXIT_OK : EXIT_USAGE;
		goto out_early;
	}
	if ((color_mode = color_mode_parse(t.color)) < 0) {
		error("--color must be auto, always or never");
		goto out_early;
	}
	if (strcmp(t.metrics, "default") && strcmp(t.metrics, "all")) {
		error("--metrics must be default or all");
		goto out_early;
	}
	if (t.jobs == 0 || t.jobs < -1) {
		error("--jobs must be a positive number");
		goto out_early;
	}
	if (t.tool && strcmp(t.tool, "callgrind") && strcmp(t.tool, "dhat")) {
		error("--tool must be callgrind or dhat");
		goto out_early;
	}
	if (t.tool && t.wall) {
		error("--wall runs natively, with no tool");
		goto out_early;
	}
	if (t.load_baseline && !t.baseline) {
		error("--load-baseline needs --baseline: the saved run to compare it with");
		goto out_early;
	}
	if (t.load_baseline && t.save_baseline) {
		error("--load-baseline runs nothing, so there is nothing to --save-baseline");
		goto out_early;
	}
	if (baseline_name_check("--save-baseline", t.save_baseline) < 0 ||
	    baseline_name_check("--baseline", t.baseline) < 0 ||
	    baseline_name_check("--load-baseline", t.load_baseline) < 0)
		goto out_early;

	cfg_loaded = 1;
	if (config_load(&cfg, t.config) < 0)
		goto out;
	if (t.limits || cfg.bench.limits) {
		const char *spec = t.limits ? t.limits : cfg.bench.limits;

		if (bench_limits_parse(&limits, spec, &err) < 0) {
			error("%s: %s", t.limits ? "--limits" : cfg.bench.limits_where, err.buf);
			goto out;
		}
		has_limits = 1;
	}
	bc.out = stdout;
	bc.wall = t.wall;
	bc.root = cfg.root;
	bc.co.limits = has_limits ? &limits : NULL;
	bc.co.all_metrics = !strcmp(t.metrics, "all");
	bc.co.color = term_want_color(stdout, color_mode);

	if (t.annotate) {
		ret = annotate_last(cfg.root, t.annotate);
		goto out;
	}
	if (t.load_baseline) {
		ret = compare_saved(cfg.root, t.load_baseline, t.baseline, t.wall, &bc.co, stdout);
		goto out;
	}

	/* From here on, nothing a benchmark or listing starts outlives tare. */
	reaper_start(NULL);
	/* Where the reports go is checked now, not after the benchmarks. */
	strbuf_addf(&path, "%s/.tare/bench/baselines", cfg.root);
	if (mkdir_p(path.buf) < 0 ||
	    (t.summary && report_path_check("--summary", t.summary) < 0) ||
	    (t.results && report_path_check("--results", t.results) < 0) ||
	    (!t.results && cfg.bench.results &&
	     report_path_check("[bench] results", cfg.bench.results) < 0))
		goto out;

	for (i = 0; i < positional.nr; i++)
		strvec_push(&sel.names, positional.v[i]);
	for (i = 0; i < t.exprs.nr; i++)
		if (selection_add_expr(&sel, t.exprs.v[i]) < 0)
			goto out;
	sel.kinds = 1u << CASE_BENCH;
	if (config_profile(&cfg, "default", &view) < 0)
		goto out;
	if (cfg.build_command && !t.no_build && (rc = run_build_command(&cfg)) < 0) {
		if (rc == -2)
			ret = EXIT_INTERRUPTED;
		goto out;
	}

	jobs = t.jobs > 0 ? t.jobs : t.wall ? 1 : cpu_count();
	if (discover_binaries(&list, &cfg, &t.bins, 1u << CASE_BENCH) < 0)
		goto out;
	rc = discover_cases(&list, &view, cfg.root, jobs, selection_want_binary, &sel);
	if (rc == -2) {
		ret = EXIT_INTERRUPTED;
		goto out;
	}
	if (rc < 0)
		goto out;
	selected = selection_apply(&sel, &list);
	if (baseline_impl_check(&cfg, &list) < 0)
		goto out;
	if (t.list) {
		list_benches(&list);
		ret = EXIT_OK;
		goto out;
	}
	if (!selected) {
		error("no benchmarks to run");
		ret = EXIT_NO_TESTS;
		goto out;
	}
	if (check_binaries(&list, t.wall) < 0)
		goto out;
	if (valgrind_disable_aslr() < 0) {
		error_errno("cannot turn address-space randomisation off (personality "
			    "ADDR_NO_RANDOMIZE), and numbers would vary from run to run: in "
			    "Docker, run with --security-opt seccomp=unconfined, or set "
			    "kernel.randomize_va_space=0 on the host");
		goto out;
	}
	if (!t.wall && !(vg_version = valgrind_version()))
		goto out;

	/* The run's header. */
	cache[0] = cfg.bench.cache[0] ? cfg.bench.cache[0] : VALGRIND_CACHE_I1;
	cache[1] = cfg.bench.cache[1] ? cfg.bench.cache[1] : VALGRIND_CACHE_D1;
	cache[2] = cfg.bench.cache[2] ? cfg.bench.cache[2] : VALGRIND_CACHE_LL;
	run.tool = t.wall ? "wall" : "callgrind";
	run.tare_version = TARE_VERSION_STRING;
	if (!t.wall) {
		run.valgrind_version = arena_strdup(&run.arena, vg_version);
		for (i = 0; i < 3; i++)
			run.cache[i] = cache[i];
	}
	now_iso(started, sizeof(started));
	run.started_at = started;
	git_info(&run, cfg.root);

	/* What this run is compared with. */
	compare_name = t.baseline ? t.baseline : t.save_baseline;
	if (compare_name) {
		baseline_path(&path, cfg.root, compare_name, t.wall);
		bc.co.baseline_new = t.save_baseline && !t.baseline ? compare_name : "(new)";
		bc.co.baseline_old = compare_name;
	} else {
		state_path(&path, cfg.root, t.wall ? "last-wall.json" : "last.json");
	}
	rc = bench_summary_read(&old, path.buf);
	if (rc < 0)
		goto out;
	bc.old = rc == 0 ? &old : NULL;

	memset(&bo, 0, sizeof(bo));
	bo.root = cfg.root;
	state_path(&path, cfg.root, "profiles");
	bo.dir = path.buf;
	bo.jobs = jobs;
	bo.wall = t.wall;
	bo.dhat = t.tool && !strcmp(t.tool, "dhat");
	bo.cache = cache;
	bo.env = &cfg.bench.env;
	bo.timeout = cfg.bench.timeout;
	bo.done = bench_done;
	bo.ctx = &bc;
	rc = benchrun_run(&list, &bo, &run);
	run.duration = time_now() - start;
	if (rc == -1)
		goto out;
	bench_print_summary(stdout, &bc.cmp, run.duration, bc.co.color);
	if (rc == -2) {
		/* An interrupted run is no baseline and no report. */
		ret = EXIT_INTERRUPTED;
		goto out;
	}

	/* Reports, then baselines: each file replaced whole or not at all. */
	ret = bc.cmp.failed ? EXIT_TESTS_FAILED : bc.cmp.regressed ? EXIT_REGRESSION : EXIT_OK;
	state_path(&path, cfg.root, t.wall ? "summary-wall.json" : "summary.json");
	if (bench_summary_write(&run, path.buf) < 0 ||
	    (t.summary && bench_summary_write(&run, t.summary) < 0))
		ret = EXIT_USAGE;
	/*
	 * The last results move on whatever this run was compared with, so
	 * that a plain run after it compares with this one.
	 */
	state_path(&path, cfg.root, t.wall ? "last-wall.json" : "last.json");
	rc = compare_name ? bench_summary_read(&last, path.buf) : bc.old ? 0 : 1;
	if (rc >= 0)
		bench_summary_merge(&merged, rc ? NULL : compare_name ? &last : &old, &run);
	{
		struct results_md_options mo = { cfg.bench.baseline_impl, cfg.bench.warn_ratio };

		/*
		 * Every benchmark the binaries define, with the last numbers of
		 * those a filter left out: a filtered run must not compare an
		 * implementation with itself for want of the baseline's row.
		 */
		for (i = 0; i < list.cases.nr; i++) {
			const struct test_case *tc = list.cases.v[i];

			if (tc->kind == CASE_BENCH)
				bench_summary_add(&listed, tc->bin->id, tc->name)->unoptimized =
					tc->unoptimized;
		}
		bench_summary_report(&report, &listed, &run, rc >= 0 ? &merged : NULL);
		results_md(&md, &report, &mo);
		results_path(&path, t.results, &cfg, t.wall);
		if (atomic_write_file(path.buf, md.buf, md.len) < 0)
			ret = EXIT_USAGE;
	}
	state_path(&path, cfg.root, t.wall ? "last-wall.json" : "last.json");
	if (rc < 0 || bench_summary_write(&merged, path.buf) < 0)
		ret = EXIT_USAGE;
	/* Saved: --save-baseline's, and --baseline's if it did not exist. */
	for (i = 0; i < 2; i++) {
		const char *name = i ? (bc.old ? NULL : t.baseline) : t.save_baseline;

		if (!name || (i && t.save_baseline && !strcmp(name, t.save_baseline)))
			continue;
		baseline_path(&path, cfg.root, name, t.wall);
		bench_summary_release(&saved);
		bench_summary_release(&saved_merged);
		bench_summary_init(&saved);
		bench_summary_init(&saved_merged);
		if (strcmp(name, compare_name)) {
			/* --save-baseline A --baseline B: A is read only now. */
			rc = bench_summary_read(&saved, path.buf);
			if (rc < 0) {
				ret = EXIT_USAGE;
				goto out;
			}
			bench_summary_merge(&saved_merged, rc == 0 ? &saved : NULL, &run);
		} else {
			bench_summary_merge(&saved_merged, bc.old, &run);
		}
		if (bench_summary_write(&saved_merged, path.buf) < 0)
			ret = EXIT_USAGE;
	}

out:
	reaper_finish();
	bench_compare_release(&bc.cmp);
	test_list_release(&list);
	if (cfg_loaded)
		config_release(&cfg);
out_early:
	free(vg_version);
	bench_summary_release(&run);
	bench_summary_release(&old);
	bench_summary_release(&last);
	bench_summary_release(&merged);
	bench_summary_release(&saved);
	bench_summary_release(&saved_merged);
	bench_summary_release(&listed);
	bench_summary_release(&report);
	selection_release(&sel);
	strbuf_release(&path);
	strbuf_release(&err);
	strbuf_release(&md);
	strvec_clear(&positional);
	strvec_clear(&t.bins);
	strvec_clear(&t.exprs);
	return ret;
}
