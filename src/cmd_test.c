/*
 * tare test: the options, and the calls into config, discovery, selection,
 * the test run and the reports.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "discover.h"
#include "events.h"
#include "fsutil.h"
#include "json.h"
#include "junit.h"
#include "observer.h"
#include "opt.h"
#include "reaper.h"
#include "report.h"
#include "select.h"
#include "spawn.h"
#include "term.h"
#include "testrun.h"

static const char test_usage[] =
	"usage: tare test [OPTIONS] [FILTER...]\n"
	"\n"
	"Run the tests of C test binaries, each test in its own process, in parallel.\n"
	"A FILTER selects the tests whose name contains it.\n";

/* An integer option not given: INT_MIN, which nobody types. */
#define UNSET INT_MIN

struct test_options {
	struct strvec bins, exprs;
	const char *profile, *config, *partition, *message_format;
	const char *junit, *events, *color, *no_tests;
	const char *failure_output, *success_output, *flaky_result;
	const char *status_level, *final_status_level, *memcheck_mode;
	int jobs, retries, max_fail, gen_suppressions, verbose;
	int no_fail_fast, no_capture, no_build, list, ignore_default_filter, benches;
};

static void run_id_make(char *buf, size_t size)
{
	unsigned char r[16];
	size_t i;

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		/* Unique enough for a run id without randomness. */
		unsigned long long t = (unsigned long long)(time_now() * 1e9);
		for (i = 0; i < sizeof(r); i++)
			r[i] = (unsigned char)((t >> (i % 8 * 8)) ^ (unsigned)getpid() >> (i % 4 * 8));
	}
	r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
	r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
	snprintf(buf, size,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
		 r[10], r[11], r[12], r[13], r[14], r[15]);
}

/*
 * The build's process group while it runs, and the signal that stopped
 * it. A build outlives a tare killed by SIGTERM unless tare passes the
 * signal on: make and the compilers are not in tare's process group.
 */
static volatile pid_t build_pgid;
static volatile sig_atomic_t build_signal;

static void build_forward(int sig)
{
	build_signal = sig;
	if (build_pgid > 0)
		kill(-build_pgid, sig);
}

int run_build_command(const struct config *cfg)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old[ARRAY_SIZE(sigs)];
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;
	int status;
	size_t i;

	if (term_progress_possible()) {
		fprintf(stderr, "%12s %s", "Building", cfg->build_command);
		fflush(stderr);
	}
	strvec_push(&c.args, "/bin/sh");
	strvec_push(&c.args, "-c");
	strvec_push(&c.args, cfg->build_command);
	c.dir = cfg->root;
	c.in = CHILD_DEVNULL;
	c.out = -1;
	c.err_to_out = 1;
	c.new_pgroup = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = build_forward;
	sigemptyset(&sa.sa_mask);
	build_signal = 0;
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, &old[i]);
	status = child_start(&c);
	if (status == 0) {
		build_pgid = c.pid;
		if (build_signal)
			kill(-c.pid, build_signal);	/* it came before the pid */
		status = child_capture_rest(&c, &out);
		build_pgid = 0;
	}
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &old[i], NULL);
	child_release(&c);
	if (term_progress_possible())
		term_progress_draw("");
	term_progress_clear();
	if (build_signal) {
		fwrite(out.buf, 1, out.len, stderr);
		error("the build command '%s' was stopped by %s", cfg->build_command,
		      signal_name(build_signal));
		strbuf_release(&out);
		return -2;
	}
	if (status < 0) {
		error_errno("cannot run the build command '%s'", cfg->build_command);
		strbuf_release(&out);
		return -1;
	}
	if (status) {
		fwrite(out.buf, 1, out.len, stderr);
		error("the build command '%s' failed with status %d (skip it with --no-build)",
		      cfg->build_command, status);
		strbuf_release(&out);
		return -1;
	}
	strbuf_release(&out);
	return 0;
}

static void list_human(const struct test_list *list)
{
	size_t b, i;

	for (b = 0; b < list->binaries.nr; b++) {
		const struct binary *bin = list->binaries.v[b];
		int header = 0;

		for (i = 0; i < list->cases.nr; i++) {
			const struct test_case *tc = list->cases.v[i];

			if (tc->bin != bin || !tc->selected)
				continue;
			if (!header)
				printf("%s:\n", bin->id);
			header = 1;
			printf("    %s\n", tc->name);
		}
	}
}

static void list_json(const struct test_list *list, size_t selected)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	size_t b, i;

	json_init(&j, &sb);
	json_object_begin(&j);
	json_key(&j, "tare_version");
	json_string(&j, TARE_VERSION_STRING);
	json_key(&j, "test_count");
	json_uint(&j, selected);
	json_key(&j, "binaries");
	json_array_begin(&j);
	for (b = 0; b < list->binaries.nr; b++) {
		const struct binary *bin = list->binaries.v[b];

		json_object_begin(&j);
		json_key(&j, "id");
		json_string(&j, bin->id);
		json_key(&j, "path");
		json_string(&j, bin->path);
		json_key(&j, "listed");
		json_bool(&j, bin->listed);
		json_key(&j, "tare_protocol");
		json_bool(&j, bin->tare_protocol);
		json_key(&j, "tests");
		json_array_begin(&j);
		for (i = 0; i < list->cases.nr; i++) {
			const struct test_case *tc = list->cases.v[i];

			if (tc->bin != bin)
				continue;
			json_object_begin(&j);
			json_key(&j, "name");
			json_string(&j, tc->name);
			json_key(&j, "kind");
			json_string(&j, tc->kind == CASE_BENCH ? "bench" : "test");
			json_key(&j, "selected");
			json_bool(&j, tc->selected);
			if (tc->partitioned_out) {
				json_key(&j, "partitioned_out");
				json_bool(&j, 1);
			}
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	printf("%s\n", sb.buf);
	strbuf_release(&sb);
}

/*
 * Turns the options into settings, for config_profile_apply_cli(); prints
 * an error if one is bad.
 */
static int cli_settings(const struct test_options *t, struct settings *cli)
{
	int v;

	memset(cli, 0, sizeof(*cli));
	if (t->jobs != UNSET) {
		/* 0 is refused once the file is read; -N is the CPUs less N, as in the file. */
		cli->test_threads = t->jobs;
		cli->set |= SET_THREADS;
	}
	if (t->no_fail_fast || t->max_fail) {
		cli->max_fail = t->no_fail_fast ? 0 : t->max_fail;
		cli->set |= SET_FAIL_FAST;
	}
	if (t->junit) {
		cli->junit_path = t->junit;
		cli->set |= SET_JUNIT_PATH;
	}
	if (t->ignore_default_filter) {
		cli->default_filter = NULL;
		cli->set |= SET_DEFAULT_FILTER;
	}
	if (t->retries != UNSET) {
		if (t->retries < 0 || t->retries > 1000)
			return error("--retries must be between 0 and 1000");
		cli->retries = t->retries;
		cli->set |= SET_RETRIES;
	}
	if (t->failure_output) {
		if ((v = output_when_parse(t->failure_output)) < 0)
			return error("--failure-output must be immediate, final, immediate-final or never");
		cli->failure_output = v;
		cli->set |= SET_FAILURE_OUTPUT;
	}
	if (t->success_output) {
		if ((v = output_when_parse(t->success_output)) < 0)
			return error("--success-output must be immediate, final, immediate-final or never");
		cli->success_output = v;
		cli->set |= SET_SUCCESS_OUTPUT;
	}
	if (t->flaky_result) {
		if (strcmp(t->flaky_result, "fail") && strcmp(t->flaky_result, "pass"))
			return error("--flaky-result must be fail or pass");
		cli->flaky_fail = !strcmp(t->flaky_result, "fail");
		cli->set |= SET_FLAKY;
	}
	if (t->status_level) {
		if ((v = status_level_parse(t->status_level)) < 0)
			return error("--status-level must be none, fail, retry, slow, leak, pass, skip or all");
		cli->status_level = v;
		cli->set |= SET_STATUS_LEVEL;
	}
	if (t->memcheck_mode) {
		if (strcmp(t->memcheck_mode, "batched") && strcmp(t->memcheck_mode, "per-test"))
			return error("--memcheck-mode must be batched or per-test");
		cli->mc_batched = !strcmp(t->memcheck_mode, "batched");
		cli->set |= SET_MC_MODE;
	}
	if (t->final_status_level) {
		if ((v = final_level_parse(t->final_status_level)) < 0)
			return error("--final-status-level must be none, fail, flaky, slow, skip, pass or all");
		cli->final_status_level = v;
		cli->set |= SET_FINAL_STATUS_LEVEL;
	}
	return 0;
}

int cmd_test(int argc, const char **argv)
{
	struct test_options t = {
		.bins = STRVEC_INIT, .exprs = STRVEC_INIT,
		.message_format = "human", .color = "auto", .no_tests = "fail",
		.jobs = UNSET, .retries = UNSET,
	};
	const struct opt opts[] = {
		OPT_GROUP("Selecting tests"),
		OPT_STRING_LIST('E', "filterset", &t.exprs, "EXPR",
				"run the tests EXPR matches: test(M), binary(M), all(), none(), with not, and, or, -"),
		OPT_STRING_LIST('b', "bin", &t.bins, "PATH",
				"a test binary (repeatable; replaces tare.toml's [test] binaries)"),
		OPT_BOOL(0, "ignore-default-filter", &t.ignore_default_filter,
			 "ignore the profile's default-filter"),
		OPT_STRING(0, "partition", &t.partition, "KIND:M/N",
			   "run shard M of N only: slice:M/N or hash:M/N"),
		OPT_BOOL(0, "benches", &t.benches,
			 "run each benchmark's body once too, as a test (under memcheck, say)"),
		OPT_BOOL(0, "list", &t.list, "list the tests that would run, and run none"),
		OPT_GROUP("Configuration"),
		OPT_STRING('P', "profile", &t.profile, "NAME",
			   "the profile to use (default: default; built in: valgrind, callgrind)"),
		OPT_STRING(0, "config", &t.config, "PATH",
			   "read PATH instead of the tare.toml found here or above"),
		OPT_BOOL(0, "no-build", &t.no_build, "do not run [build] command first"),
		OPT_GROUP("Running"),
		OPT_INT('j', "test-threads", &t.jobs, "N",
			"run N tests at once; -N: the CPU count less N (default: the profile's, or the CPU count)"),
		OPT_INT(0, "retries", &t.retries, "N", "retry each failing test up to N times"),
		OPT_BOOL(0, "no-fail-fast", &t.no_fail_fast,
			 "run every test even after failures"),
		OPT_INT(0, "max-fail", &t.max_fail, "N",
			"stop starting tests after N failures"),
		OPT_BOOL(0, "no-capture", &t.no_capture,
			 "run tests one at a time with their output passed through"),
		OPT_STRING(0, "flaky-result", &t.flaky_result, "fail|pass",
			   "whether a test that passes on a retry counts as failed (default: fail)"),
		OPT_STRING(0, "no-tests", &t.no_tests, "fail|warn|pass",
			   "what to do when no test matches (default: fail, exit status 4)"),
		OPT_GROUP("Memcheck (--profile valgrind, or any memcheck wrapper)"),
		OPT_STRING(0, "memcheck-mode", &t.memcheck_mode, "MODE",
			   "batched (a binary's tests share a Valgrind process) or per-test"),
		OPT_BOOL(0, "gen-suppressions", &t.gen_suppressions,
			 "print a ready-to-paste suppression under each error"),
		OPT_BOOL('v', "verbose", &t.verbose, "show whole stacks"),
		OPT_GROUP("Output"),
		OPT_STRING(0, "failure-output", &t.failure_output, "WHEN",
			   "show a failing test's output: immediate, final, immediate-final, never"),
		OPT_STRING(0, "success-output", &t.success_output, "WHEN",
			   "show a passing test's output: immediate, final, immediate-final, never"),
		OPT_STRING(0, "status-level", &t.status_level, "LEVEL",
			   "which test lines to print: none, fail, retry, slow, leak, pass, skip, all"),
		OPT_STRING(0, "final-status-level", &t.final_status_level, "LEVEL",
			   "which tests to list after the summary: none, fail, flaky, slow, skip, pass, all"),
		OPT_STRING(0, "message-format", &t.message_format, "FORMAT",
			   "human, or json: the event stream as NDJSON on stdout (the report moves to stderr)"),
		OPT_STRING(0, "events", &t.events, "PATH",
			   "also write the event stream (NDJSON) to PATH as it happens"),
		OPT_STRING(0, "junit", &t.junit, "PATH", "write a JUnit XML report to PATH"),
		OPT_STRING(0, "color", &t.color, "WHEN", "auto, always or never (NO_COLOR is honoured)"),
		OPT_END(),
	};
	struct strvec positional = STRVEC_INIT;
	struct config cfg;
	struct profile_view view;
	struct selection sel;
	struct test_list list;
	struct settings cli;
	struct report report;
	struct events events;
	struct junit junit;
	struct run_observers observers = RUN_OBSERVERS_INIT;
	struct testrun_opts ro;
	struct run_summary sum;
	const char *junit_path;
	char run_id[40];
	int ret = EXIT_USAGE, json, color_mode, jobs, rc, parsed, cfg_loaded = 0;
	size_t i, selected;
	FILE *out;

	selection_init(&sel);
	test_list_init(&list);
	events_init(&events);
	{
		struct run_summary blank = RUN_SUMMARY_INIT;
		sum = blank;
	}

	parsed = opt_parse(argc, argv, opts, test_usage, &positional);
	if (parsed) {
		ret = parsed > 0 ? EXIT_OK : EXIT_USAGE;
		goto out_early;
	}
	if (strcmp(t.message_format, "human") && strcmp(t.message_format, "json")) {
		error("--message-format must be human or json");
		goto out;
	}
	json = !strcmp(t.message_format, "json");
	if ((color_mode = color_mode_parse(t.color)) < 0) {
		error("--color must be auto, always or never");
		goto out;
	}
	if (strcmp(t.no_tests, "fail") && strcmp(t.no_tests, "warn") &&
	    strcmp(t.no_tests, "pass")) {
		error("--no-tests must be fail, warn or pass");
		goto out;
	}
	if (t.max_fail < 0) {
		error("--max-fail must be a positive number");
		goto out;
	}
	if (cli_settings(&t, &cli) < 0)
		goto out;
	for (i = 0; i < positional.nr; i++)
		strvec_push(&sel.names, positional.v[i]);
	for (i = 0; i < t.exprs.nr; i++)
		if (selection_add_expr(&sel, t.exprs.v[i]) < 0)
			goto out;
	if (t.partition && partition_parse(&sel.partition, t.partition) < 0)
		goto out;
	if (t.benches)
		sel.kinds = 1u << CASE_TEST | 1u << CASE_BENCH;

	cfg_loaded = 1;
	if (config_load(&cfg, t.config) < 0)
		goto out;
	if (config_profile(&cfg, t.profile ? t.profile : "default", &view) < 0 ||
	    config_check_wrappers(&view) < 0)
		goto out;
	config_profile_apply_cli(&view, &cli);
	sel.default_filter = view.s.default_filter;
	if (t.jobs == 0) {
		/* As nextest: a count, or negative for the CPUs less that many. */
		error("--test-threads must not be 0 (N, or -N for the CPU count less N)");
		goto out;
	}
	/* Where the reports go is checked now, not after the tests. */
	junit_path = view.s.junit_path;
	if ((junit_path && report_path_check(t.junit ? "--junit" : "junit.path", junit_path) < 0) ||
	    (t.events && report_path_check("--events", t.events) < 0))
		goto out;
	if (cfg.build_command && !t.no_build && (rc = run_build_command(&cfg)) < 0) {
		if (rc == -2)
			ret = EXIT_INTERRUPTED;
		goto out;
	}

	jobs = view.s.test_threads > 0 ? view.s.test_threads
		: cpu_count() + view.s.test_threads;
	if (jobs < 1)
		jobs = 1;

	/* From here on, nothing a test or listing starts outlives tare. */
	run_id_make(run_id, sizeof(run_id));
	reaper_start(run_id);
	if (discover_binaries(&list, &cfg, &t.bins,
			      1u << CASE_TEST | (t.benches ? 1u << CASE_BENCH : 0)) < 0)
		goto out;
	rc = discover_cases(&list, &view, cfg.root, jobs, selection_want_binary, &sel);
	if (rc == -2) {
		ret = EXIT_INTERRUPTED;
		goto out;
	}
	if (rc < 0)
		goto out;
	selected = selection_apply(&sel, &list);

	if (t.list) {
		if (json)
			list_json(&list, selected);
		else
			list_human(&list);
		ret = EXIT_OK;
		goto out;
	}
	if (!selected) {
		if (!strcmp(t.no_tests, "fail")) {
			error("no tests to run (--no-tests=warn or pass accepts that)");
			ret = EXIT_NO_TESTS;
			goto out;
		}
		if (!strcmp(t.no_tests, "warn"))
			warning("no tests to run");
		ret = EXIT_OK;
		goto out;
	}

	/* Machine output owns stdout; the report then goes to stderr. */
	out = json ? stderr : stdout;
	report_init(&report, out, term_want_color(out, color_mode),
		    term_progress_possible() && !t.no_capture);
	report.level = view.s.status_level;
	report.final_level = view.s.final_status_level;
	report.root = cfg.root;
	report.verbose = t.verbose;
	report.suppressions = t.gen_suppressions;
	if (json && events_add_sink(&events, "-") < 0)
		goto out;
	if (t.events && events_add_sink(&events, t.events) < 0)
		goto out;
	/* The terminal first, then the files: run_finished's order, too. */
	run_observers_add(&observers, report_observer(&report));
	if (junit_path) {
		junit = (struct junit){ .path = junit_path, .run_id = run_id, .root = cfg.root };
		run_observers_add(&observers, junit_observer(&junit));
	}
	if (events_active(&events))
		run_observers_add(&observers, events_observer(&events));

	memset(&ro, 0, sizeof(ro));
	ro.view = &view;
	ro.profile_name = t.profile ? t.profile : "default";
	ro.root = cfg.root;
	ro.run_id = run_id;
	ro.jobs = t.no_capture ? 1 : jobs;
	ro.no_capture = t.no_capture;
	ro.gen_suppressions = t.gen_suppressions;
	ro.max_fail = view.s.max_fail;
	ro.observers = &observers;

	rc = testrun_run(&list, &ro, &sum);
	if (rc < 0)
		goto out;
	ret = rc;

out:
	reaper_finish();
	if (events_close(&events) < 0 && ret == EXIT_OK)
		ret = EXIT_USAGE;
	run_observers_release(&observers);
	run_summary_release(&sum, &list);
	test_list_release(&list);
	if (cfg_loaded)
		config_release(&cfg);
out_early:
	selection_release(&sel);
	strvec_clear(&positional);
	strvec_clear(&t.bins);
	strvec_clear(&t.exprs);
	return ret;
}
