/*
 * tare bench: the options, and the calls into discovery, selection, the
 * benchmark run, baselines and the reports.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cg_annotate.h"
#include "baseline.h"
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
#include "workspace.h"

static const char bench_usage[] =
	"usage: tare bench [OPTIONS] [FILTER...]\n"
	"\n"
	"Measure the benchmarks of C binaries under callgrind, each in its own process:\n"
	"instructions and simulated cache costs of the body alone, the same from run to run.\n"
	"A FILTER selects the benchmarks whose name contains it.\n";

struct bench_options {
	struct strvec bins, exprs, names, merge;
	const char *config, *limits, *results, *summary, *partition;
	const char *save_baseline, *baseline, *load_baseline, *annotate;
	int jobs, no_build, list, wall, color, metrics, tool, no_fork_server;
};

enum { TOOL_CALLGRIND, TOOL_DHAT };
static const char *const metrics_names[] = { "default", "all", NULL };
static const char *const tool_names[] = { [TOOL_CALLGRIND] = "callgrind", [TOOL_DHAT] = "dhat", NULL };

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

/* The table; then what no option type checks: the options together. */
static int options_parse(struct bench_options *t, int argc, const char **argv)
{
	const struct opt opts[] = {
		OPT_GROUP("Selecting benchmarks"),
		OPT_STRING_LIST('E', "filterset", &t->exprs, "EXPR",
				"run the benchmarks EXPR matches (the grammar of tare test -E)"),
		OPT_STRING_LIST('b', "bin", &t->bins, "PATH",
				"a benchmark binary (repeatable; replaces [bench] binaries)"),
		OPT_STRING(0, "partition", &t->partition, "KIND:M/N",
			   "run shard M of N only: slice:M/N or hash:M/N (then --merge the summaries)"),
		OPT_BOOL(0, "list", &t->list, "list the benchmarks that would run, and run none"),
		OPT_GROUP("Configuration"),
		OPT_STRING(0, "config", &t->config, "PATH",
			   "read PATH instead of the tare.toml found here or above"),
		OPT_BOOL(0, "no-build", &t->no_build, "do not run [build] command first"),
		OPT_GROUP("Running"),
		OPT_INT('j', "jobs", &t->jobs, "N",
			"run N benchmarks at once [CPUs; 1 with --wall]"),
		OPT_CHOICE(0, "tool", &t->tool, tool_names, "TOOL",
			   "callgrind, or dhat: callgrind and a DHAT run for heap use"),
		OPT_BOOL(0, "wall", &t->wall,
			 "time natively instead, into RESULTS-wall.md: median of calibrated samples"),
		OPT_BOOL(0, "no-fork-server", &t->no_fork_server,
			 "one Valgrind start per benchmark and tool, not one per binary and slot"),
		OPT_GROUP("Baselines"),
		OPT_STRING(0, "save-baseline", &t->save_baseline, "NAME",
			   "compare with baseline NAME if it exists, then save this run as NAME"),
		OPT_STRING(0, "baseline", &t->baseline, "NAME",
			   "compare with baseline NAME, not the last run (saved if missing)"),
		OPT_STRING(0, "load-baseline", &t->load_baseline, "NAME",
			   "compare saved baseline NAME with --baseline's, running nothing"),
		OPT_GROUP("Limits and reports"),
		OPT_STRING(0, "limits", &t->limits, "SPEC",
			   "regression limits: 'ir=5%,est-cycles=10%|1000' (exit 3 beyond)"),
		OPT_CHOICE(0, "metrics", &t->metrics, metrics_names, "SET",
			   "default, or all: the raw callgrind events too"),
		OPT_STRING(0, "results", &t->results, "PATH",
			   "write RESULTS.md to PATH [.tare/bench/RESULTS.md]"),
		OPT_STRING(0, "summary", &t->summary, "PATH",
			   "also write the run's JSON summary to PATH"),
		OPT_STRING_LIST(0, "merge", &t->merge, "SUMMARY",
				"merge the JSON summaries of shards into one RESULTS.md, running nothing"),
		OPT_STRING(0, "annotate", &t->annotate, "NAME",
			   "annotate the last run's profile of benchmark NAME, running nothing"),
		OPT_CHOICE(0, "color", &t->color, color_mode_names, "WHEN",
			   "auto, always or never (NO_COLOR is honoured)"),
		OPT_END(),
	};
	int parsed = opt_parse(argc, argv, opts, bench_usage, &t->names);

	if (parsed)
		return parsed;
	if (t->jobs == 0 || t->jobs < -1)
		return error("--jobs must be a positive number");
	if (t->tool >= 0 && t->wall)
		return error("--wall runs natively, with no tool");
	if (t->merge.nr && (t->bins.nr || t->exprs.nr || t->names.nr || t->partition ||
			    t->baseline || t->save_baseline || t->load_baseline))
		return error("--merge runs nothing: it takes no benchmarks, partition or baseline");
	if (t->load_baseline && !t->baseline)
		return error("--load-baseline needs --baseline: the saved run to compare it with");
	if (t->load_baseline && t->save_baseline)
		return error("--load-baseline runs nothing, so there is nothing to --save-baseline");
	if (baseline_name_check("--save-baseline", t->save_baseline) < 0 ||
	    baseline_name_check("--baseline", t->baseline) < 0 ||
	    baseline_name_check("--load-baseline", t->load_baseline) < 0)
		return -1;
	return 0;
}

/* --annotate NAME: the kept profile of the last run's benchmark, annotated. */
static int annotate_last(const char *root, const char *name)
{
	struct annotate_options o;
	struct cg_read_options ro = CG_READ_OPTIONS_INIT;
	struct strbuf path = STRBUF_INIT;
	const char *inputs[1];
	int ret = EXIT_USAGE;

	annotate_options_init(&o);
	if (baseline_last_profile(&path, root, name) == 0) {
		inputs[0] = path.buf;
		o.inputs = inputs;
		o.ninputs = 1;
		o.color = term_want_color(stdout, COLOR_AUTO);
		if (annotate_run(&o, &ro, stdout) == 0)
			ret = EXIT_OK;
	}
	annotate_options_release(&o);
	strbuf_release(&path);
	return ret;
}

/* How the results are shown and judged: colour, metrics, --limits or [bench]'s. */
static int compare_options(struct bench_ctx *bc, struct bench_limits *limits,
			   const struct bench_options *t, const struct config *cfg)
{
	const char *spec = t->limits ? t->limits : cfg->bench.limits;
	struct strbuf err = STRBUF_INIT;
	int ret = 0;

	bc->out = stdout;
	bc->wall = t->wall;
	bc->root = cfg->root;
	bc->co.all_metrics = t->metrics == 1;
	bc->co.color = term_want_color(stdout, (enum color_mode)t->color);
	if (spec) {
		if (bench_limits_parse(limits, spec, &err) < 0)
			ret = error("%s: %s", t->limits ? "--limits" : cfg->bench.limits_where, err.buf);
		else
			bc->co.limits = limits;
	}
	strbuf_release(&err);
	return ret;
}

/*
 * Where the reports go, checked before anything is built or run; then
 * build, discovery and selection: the benchmarks to run. Returns 0, or
 * an exit status after an error line.
 */
static int benchmarks_find(struct workspace *ws, const struct bench_options *t, int jobs)
{
	const struct config *cfg = &ws->cfg;
	struct workspace_options wo = {
		.bins = &t->bins, .kinds = 1u << CASE_BENCH, .no_build = t->no_build, .jobs = jobs,
	};
	struct selection sel;
	struct strbuf path = STRBUF_INIT;
	size_t i;
	int ret = EXIT_USAGE;

	selection_init(&sel);
	strbuf_addf(&path, "%s/.tare/bench/baselines", cfg->root);
	if (mkdir_p(path.buf) < 0 ||
	    (t->summary && report_path_check("--summary", t->summary) < 0) ||
	    (t->results && report_path_check("--results", t->results) < 0) ||
	    (!t->results && cfg->bench.results &&
	     report_path_check("[bench] results", cfg->bench.results) < 0))
		goto out;
	strvec_pushv(&sel.names, t->names.v);
	for (i = 0; i < t->exprs.nr; i++)
		if (selection_add_expr(&sel, t->exprs.v[i]) < 0)
			goto out;
	sel.kinds = 1u << CASE_BENCH;
	if (t->partition && partition_parse(&sel.partition, t->partition) < 0)
		goto out;
	if ((ret = workspace_find(ws, &sel, &wo)) != 0)
		goto out;
	ret = EXIT_USAGE;
	if (baseline_impl_check(cfg, &ws->list) < 0)
		goto out;
	if (!ws->selected && !t->list) {
		error("no benchmarks to run");
		ret = EXIT_NO_TESTS;
		goto out;
	}
	ret = 0;
out:
	selection_release(&sel);
	strbuf_release(&path);
	return ret;
}

/* What the measurements need: tare.h binaries, no ASLR, Valgrind's version. */
static int measure_check(const struct test_list *list, int wall, char **vg_version)
{
	if (check_binaries(list, wall) < 0)
		return -1;
	if (valgrind_disable_aslr() < 0)
		return error_errno("cannot turn address-space randomisation off (personality "
				   "ADDR_NO_RANDOMIZE), and numbers would vary from run to run: in "
				   "Docker, run with --security-opt seccomp=unconfined, or set "
				   "kernel.randomize_va_space=0 on the host");
	if (!wall && !(*vg_version = valgrind_version()))
		return -1;
	return 0;
}

/* The run's header: tool, versions, cache geometry, when and which commit. */
static void run_header(struct bench_summary *run, const struct config *cfg, int wall,
		       const char *vg_version, const char *cache[3])
{
	char started[32];
	int i;

	cache[0] = cfg->bench.cache[0] ? cfg->bench.cache[0] : VALGRIND_CACHE_I1;
	cache[1] = cfg->bench.cache[1] ? cfg->bench.cache[1] : VALGRIND_CACHE_D1;
	cache[2] = cfg->bench.cache[2] ? cfg->bench.cache[2] : VALGRIND_CACHE_LL;
	run->tool = wall ? "wall" : "callgrind";
	run->tare_version = TARE_VERSION_STRING;
	if (!wall) {
		run->valgrind_version = arena_strdup(&run->arena, vg_version);
		for (i = 0; i < 3; i++)
			run->cache[i] = cache[i];
	}
	now_iso(started, sizeof(started));
	run->started_at = arena_strdup(&run->arena, started);
	git_info(run, cfg->root);
}

/* Measures the selected benchmarks, printing each; the exit status. */
static int benchmarks_run(struct test_list *list, const struct config *cfg,
			  const struct bench_options *t, int jobs, struct bench_ctx *bc)
{
	struct baseline b = {
		.root = cfg->root, .wall = t->wall, .save = t->save_baseline,
		.baseline = t->baseline,
	};
	struct bench_summary run;
	struct benchrun_opts bo = {
		.root = cfg->root, .jobs = jobs, .wall = t->wall, .dhat = t->tool == TOOL_DHAT,
		.env = &cfg->bench.env, .timeout = cfg->bench.timeout, .done = bench_done, .ctx = bc,
		.no_fork_server = t->no_fork_server,
	};
	struct strbuf dir = STRBUF_INIT;
	const char *cache[3];
	char *vg_version = NULL;
	double start = time_now();
	int rc, ret = EXIT_USAGE;

	bench_summary_init(&run);
	if (measure_check(list, t->wall, &vg_version) < 0 || baseline_open(&b, &bc->co) < 0)
		goto out;
	run_header(&run, cfg, t->wall, vg_version, cache);
	bc->old = b.have_old ? &b.old : NULL;
	baseline_state_path(&dir, cfg->root, "profiles");
	bo.dir = dir.buf;
	bo.cache = cache;
	rc = benchrun_run(list, &bo, &run);
	run.duration = time_now() - start;
	if (rc == -1)
		goto out;
	if (bc->old && !t->wall && run.mode) {
		/* Summaries from before the fork server have no mode: one process each. */
		const char *was = bc->old->mode ? bc->old->mode : "process";

		if (strcmp(was, run.mode))
			warning("the baseline was measured in %s mode, this run in %s mode: the heap's "
				"layout differs, and with it cache figures can (--no-fork-server "
				"measures one process per benchmark)", was, run.mode);
	}
	if (!t->wall)
		baseline_explain(&b, &run, &bc->cmp);
	bench_print_summary(stdout, &bc->cmp, run.duration, bc->co.color);
	/* An interrupted run is no baseline and no report. */
	if (rc == -2) {
		ret = EXIT_INTERRUPTED;
		goto out;
	}
	ret = bc->cmp.failed ? EXIT_TESTS_FAILED : bc->cmp.regressed ? EXIT_REGRESSION : EXIT_OK;
	if (baseline_save(&b, &run, list, cfg, t->results, t->summary) < 0)
		ret = EXIT_USAGE;
	baseline_state_path(&dir, cfg->root, "report.html");
	if (!t->wall && baseline_report_page(&b, &run, dir.buf) < 0)
		ret = EXIT_USAGE;
out:
	free(vg_version);
	baseline_release(&b);
	bench_summary_release(&run);
	strbuf_release(&dir);
	return ret;
}

int cmd_bench(int argc, const char **argv)
{
	struct bench_options t = {
		.bins = STRVEC_INIT, .exprs = STRVEC_INIT, .names = STRVEC_INIT,
		.merge = STRVEC_INIT, .color = COLOR_AUTO, .tool = -1, .jobs = -1,
	};
	struct workspace ws;
	struct bench_limits limits;
	struct bench_ctx bc;
	int ret = EXIT_USAGE, parsed, jobs;

	memset(&bc, 0, sizeof(bc));
	memset(&limits, 0, sizeof(limits));
	workspace_init(&ws);
	parsed = options_parse(&t, argc, argv);
	if (parsed) {
		ret = parsed > 0 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	if (workspace_open(&ws, &(struct workspace_options){ .config = t.config }) < 0 ||
	    compare_options(&bc, &limits, &t, &ws.cfg) < 0)
		goto out;
	if (t.annotate) {
		ret = annotate_last(ws.cfg.root, t.annotate);
		goto out;
	}
	if (t.merge.nr) {
		ret = baseline_merge_summaries(&t.merge, &ws.cfg, t.results, t.summary) < 0
		      ? EXIT_USAGE : EXIT_OK;
		goto out;
	}
	if (t.load_baseline) {
		ret = baseline_compare_saved(ws.cfg.root, t.load_baseline, t.baseline, t.wall,
					     &bc.co, stdout);
		goto out;
	}
	jobs = t.jobs > 0 ? t.jobs : t.wall ? 1 : cpu_count();
	ret = benchmarks_find(&ws, &t, jobs);
	if (!ret && t.list)
		list_benches(&ws.list);
	else if (!ret)
		ret = benchmarks_run(&ws.list, &ws.cfg, &t, jobs, &bc);
out:
	reaper_finish();
	bench_compare_release(&bc.cmp);
	workspace_release(&ws);
	strvec_clear(&t.names);
	strvec_clear(&t.bins);
	strvec_clear(&t.exprs);
	strvec_clear(&t.merge);
	return ret;
}
