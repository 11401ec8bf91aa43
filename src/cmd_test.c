/*
 * tare test: the options, and the calls into config, discovery, selection,
 * the test run and the reports.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "adapter.h"
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
#include "term.h"
#include "testrun.h"
#include "workspace.h"

static const char test_usage[] =
	"usage: tare test [OPTIONS] [FILTER...]\n"
	"\n"
	"Run the tests of C test binaries, each test in its own process, in parallel.\n"
	"A FILTER selects the tests whose name contains it.\n";

/* An integer option not given: INT_MIN, which nobody types. */
#define UNSET INT_MIN

struct test_options {
	struct strvec bins, exprs, names, ctest, meson;
	const char *profile, *config, *partition, *junit, *events;
	int message_format, color, no_tests;
	int failure_output, success_output, flaky_result;
	int status_level, final_status_level, memcheck_mode;
	int jobs, retries, max_fail, gen_suppressions, verbose, no_fork_server;
	int no_fail_fast, no_capture, no_build, list, ignore_default_filter, benches;
	int kind, run_ignored;
};

enum { FORMAT_HUMAN, FORMAT_JSON };
enum { NO_TESTS_FAIL, NO_TESTS_WARN, NO_TESTS_PASS };
static const char *const format_names[] = { [FORMAT_HUMAN] = "human", [FORMAT_JSON] = "json", NULL };
static const char *const no_tests_names[] = {
	[NO_TESTS_FAIL] = "fail", [NO_TESTS_WARN] = "warn", [NO_TESTS_PASS] = "pass", NULL
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

static void list_human(const struct test_list *list)
{
	const struct binary *last = NULL;
	size_t i;

	/* In list order, a heading where the binary changes: a build system's tests share theirs. */
	for (i = 0; i < list->cases.nr; i++) {
		const struct test_case *tc = list->cases.v[i];

		if (!tc->selected)
			continue;
		if (!last || (last != tc->bin && strcmp(last->id, tc->bin->id)))
			printf("%s%s\n", tc->bin->id, tc->bin->reg ? "" : ":");
		last = tc->bin;
		printf("    %s\n", tc->name);
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
		json_key(&j, "kind");
		json_string(&j, binary_kind_names[bin->kind]);
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
			if (tc->ignored) {
				json_key(&j, "ignored");
				json_bool(&j, 1);
			}
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
 * Turns the options into settings, for config_profile_apply_cli(); a
 * choice not given is -1.
 */
static int cli_settings(const struct test_options *t, struct settings *cli)
{
	memset(cli, 0, sizeof(*cli));
	if (t->jobs != UNSET) {
		/* -N is the CPUs less N, as in the file. */
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
#define CLI_CHOICE(field, to, bit)						\
	do {									\
		if (t->field >= 0) {						\
			cli->to = t->field;					\
			cli->set |= bit;					\
		}								\
	} while (0)
	CLI_CHOICE(failure_output, failure_output, SET_FAILURE_OUTPUT);
	CLI_CHOICE(success_output, success_output, SET_SUCCESS_OUTPUT);
	CLI_CHOICE(flaky_result, flaky_fail, SET_FLAKY);
	CLI_CHOICE(status_level, status_level, SET_STATUS_LEVEL);
	CLI_CHOICE(memcheck_mode, mc_batched, SET_MC_MODE);
	CLI_CHOICE(final_status_level, final_status_level, SET_FINAL_STATUS_LEVEL);
#undef CLI_CHOICE
	return 0;
}

/* The table; then what no option type checks. */
static int options_parse(struct test_options *t, int argc, const char **argv)
{
	const struct opt opts[] = {
		OPT_GROUP("Selecting tests"),
		OPT_STRING_LIST('E', "filterset", &t->exprs, "EXPR",
				"run the tests EXPR matches: test(M), binary(M), all(), none(), with not, and, or, -"),
		OPT_STRING_LIST('b', "bin", &t->bins, "PATH",
				"a test binary (repeatable; replaces tare.toml's [test] binaries)"),
		OPT_STRING_LIST(0, "ctest", &t->ctest, "DIR",
				"run the tests CTest has in the CMake build folder DIR (repeatable)"),
		OPT_STRING_LIST(0, "meson", &t->meson, "DIR",
				"run the tests Meson has in the build folder DIR (repeatable)"),
		OPT_CHOICE(0, "kind", &t->kind, binary_kind_names, "KIND",
			   "what the -b binaries are: tare, gtest, criterion, tap, unity, plain (default: auto, detected)"),
		OPT_CHOICE(0, "run-ignored", &t->run_ignored, run_ignored_names, "WHICH",
			   "ignored and disabled tests: default (skip them), only, all"),
		OPT_BOOL(0, "ignore-default-filter", &t->ignore_default_filter,
			 "ignore the profile's default-filter"),
		OPT_STRING(0, "partition", &t->partition, "KIND:M/N",
			   "run shard M of N only: slice:M/N or hash:M/N"),
		OPT_BOOL(0, "benches", &t->benches,
			 "run each benchmark's body once too, as a test (under memcheck, say)"),
		OPT_BOOL(0, "list", &t->list, "list the tests that would run, and run none"),
		OPT_GROUP("Configuration"),
		OPT_STRING('P', "profile", &t->profile, "NAME",
			   "the profile to use (default: default; built in: valgrind, callgrind)"),
		OPT_STRING(0, "config", &t->config, "PATH",
			   "read PATH instead of the tare.toml found here or above"),
		OPT_BOOL(0, "no-build", &t->no_build, "do not run [build] command first"),
		OPT_GROUP("Running"),
		OPT_INT('j', "test-threads", &t->jobs, "N",
			"run N tests at once; -N: the CPU count less N (default: the profile's, or the CPU count)"),
		OPT_INT(0, "retries", &t->retries, "N", "retry each failing test up to N times"),
		OPT_BOOL(0, "no-fail-fast", &t->no_fail_fast,
			 "run every test even after failures"),
		OPT_INT(0, "max-fail", &t->max_fail, "N",
			"stop starting tests after N failures"),
		OPT_BOOL(0, "no-capture", &t->no_capture,
			 "run tests one at a time with their output passed through"),
		OPT_BOOL(0, "no-fork-server", &t->no_fork_server,
			 "one callgrind start per profiled test, not one per binary and slot (served memcheck: batched)"),
		OPT_CHOICE(0, "flaky-result", &t->flaky_result, pass_fail_names, "fail|pass",
			   "whether a test that passes on a retry counts as failed (default: fail)"),
		OPT_CHOICE(0, "no-tests", &t->no_tests, no_tests_names, "fail|warn|pass",
			   "what to do when no test matches (default: fail, exit status 4)"),
		OPT_GROUP("Memcheck (--profile valgrind, or any memcheck wrapper)"),
		OPT_CHOICE(0, "memcheck-mode", &t->memcheck_mode, memcheck_mode_names, "MODE",
			   "batched (a binary's tests in one Valgrind process), served (each forked from one) or per-test"),
		OPT_BOOL(0, "gen-suppressions", &t->gen_suppressions,
			 "print a ready-to-paste suppression under each error"),
		OPT_BOOL('v', "verbose", &t->verbose, "show whole stacks"),
		OPT_GROUP("Output"),
		OPT_CHOICE(0, "failure-output", &t->failure_output, output_when_names, "WHEN",
			   "show a failing test's output: immediate, final, immediate-final, never"),
		OPT_CHOICE(0, "success-output", &t->success_output, output_when_names, "WHEN",
			   "show a passing test's output: immediate, final, immediate-final, never"),
		OPT_CHOICE(0, "status-level", &t->status_level, status_level_names, "LEVEL",
			   "which test lines to print: none, fail, retry, slow, leak, pass, skip, all"),
		OPT_CHOICE(0, "final-status-level", &t->final_status_level, final_level_names, "LEVEL",
			   "which tests to list after the summary: none, fail, flaky, slow, skip, pass, all"),
		OPT_CHOICE(0, "message-format", &t->message_format, format_names, "FORMAT",
			   "human, or json: the event stream as NDJSON on stdout (the report moves to stderr)"),
		OPT_STRING(0, "events", &t->events, "PATH",
			   "also write the event stream (NDJSON) to PATH as it happens"),
		OPT_STRING(0, "junit", &t->junit, "PATH", "write a JUnit XML report to PATH"),
		OPT_CHOICE(0, "color", &t->color, color_mode_names, "WHEN",
			   "auto, always or never (NO_COLOR is honoured)"),
		OPT_END(),
	};
	int parsed = opt_parse(argc, argv, opts, test_usage, &t->names);

	if (parsed)
		return parsed;
	if (t->max_fail < 0)
		return error("--max-fail must be a positive number");
	if (t->kind >= 0 && !t->bins.nr)
		return error("--kind says what the -b binaries are: give -b PATH too");
	/* As nextest: a count, or negative for the CPUs less that many. */
	if (t->jobs == 0)
		return error("--test-threads must not be 0 (N, or -N for the CPU count less N)");
	return 0;
}

/* Names, expressions, the partition and the kinds of case. */
static int selection_make(struct selection *sel, const struct test_options *t)
{
	size_t i;

	strvec_pushv(&sel->names, t->names.v);
	for (i = 0; i < t->exprs.nr; i++)
		if (selection_add_expr(sel, t->exprs.v[i]) < 0)
			return -1;
	if (t->partition && partition_parse(&sel->partition, t->partition) < 0)
		return -1;
	if (t->benches)
		sel->kinds = 1u << CASE_TEST | 1u << CASE_BENCH;
	sel->run_ignored = t->run_ignored;
	return 0;
}

/* --list, or what --no-tests says of an empty selection: the exit status. */
static int nothing_to_run(const struct workspace *ws, const struct test_options *t)
{
	if (t->list) {
		if (t->message_format == FORMAT_JSON)
			list_json(&ws->list, ws->selected);
		else
			list_human(&ws->list);
		return EXIT_OK;
	}
	if (t->no_tests == NO_TESTS_FAIL) {
		error("no tests to run (--no-tests=warn or pass accepts that)");
		return EXIT_NO_TESTS;
	}
	if (t->no_tests == NO_TESTS_WARN)
		warning("no tests to run");
	return EXIT_OK;
}

/* The outputs, as observers: the terminal first, then the files. */
struct outputs {
	struct report report;
	struct events events;
	struct junit junit;
	struct run_observers observers;
};

static int outputs_make(struct outputs *o, const struct workspace *ws,
			const struct test_options *t, const char *run_id)
{
	int json = t->message_format == FORMAT_JSON;
	/* Machine output owns stdout; the report then goes to stderr. */
	FILE *out = json ? stderr : stdout;

	report_init(&o->report, out, term_want_color(out, (enum color_mode)t->color),
		    term_progress_possible() && !t->no_capture);
	o->report.level = ws->view.s.status_level;
	o->report.final_level = ws->view.s.final_status_level;
	o->report.root = ws->cfg.root;
	o->report.verbose = t->verbose;
	o->report.suppressions = t->gen_suppressions;
	if ((json && events_add_sink(&o->events, "-") < 0) ||
	    (t->events && events_add_sink(&o->events, t->events) < 0))
		return -1;
	/* run_finished's order, too. */
	run_observers_add(&o->observers, report_observer(&o->report));
	if (ws->view.s.junit_path) {
		o->junit = (struct junit){
			.path = ws->view.s.junit_path, .run_id = run_id, .root = ws->cfg.root,
		};
		run_observers_add(&o->observers, junit_observer(&o->junit));
	}
	if (events_active(&o->events))
		run_observers_add(&o->observers, events_observer(&o->events));
	return 0;
}

int cmd_test(int argc, const char **argv)
{
	struct test_options t = {
		.bins = STRVEC_INIT, .exprs = STRVEC_INIT, .names = STRVEC_INIT,
		.ctest = STRVEC_INIT, .meson = STRVEC_INIT,
		.jobs = UNSET, .retries = UNSET, .failure_output = -1, .success_output = -1,
		.flaky_result = -1, .status_level = -1, .final_status_level = -1,
		.memcheck_mode = -1, .kind = -1,
	};
	struct outputs o = { .observers = RUN_OBSERVERS_INIT };
	struct workspace ws;
	struct workspace_options wo = {
		.check_wrappers = 1, .bins = &t.bins,
	};
	struct run_summary sum = RUN_SUMMARY_INIT;
	struct setup_run setup = SETUP_RUN_INIT;
	struct selection sel;
	struct settings cli;
	char run_id[40];
	int ret = EXIT_USAGE, parsed, rc;

	selection_init(&sel);
	workspace_init(&ws);
	events_init(&o.events);
	parsed = options_parse(&t, argc, argv);
	if (parsed) {
		ret = parsed > 0 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	wo.config = t.config;
	wo.profile = t.profile;
	wo.cli = &cli;
	wo.no_build = t.no_build;
	wo.bin_kind = t.kind >= 0 ? t.kind : KIND_AUTO;
	wo.ctest = &t.ctest;
	wo.meson = &t.meson;
	wo.kinds = 1u << CASE_TEST | (t.benches ? 1u << CASE_BENCH : 0);
	if (cli_settings(&t, &cli) < 0 || selection_make(&sel, &t) < 0 ||
	    workspace_open(&ws, &wo) < 0)
		goto out;
	sel.default_filter = ws.view.s.default_filter;
	/* Where the reports go is checked now, not after the tests. */
	if ((ws.view.s.junit_path &&
	     report_path_check(t.junit ? "--junit" : "junit.path", ws.view.s.junit_path) < 0) ||
	    (t.events && report_path_check("--events", t.events) < 0))
		goto out;
	wo.jobs = ws.view.s.test_threads > 0 ? ws.view.s.test_threads
					    : cpu_count() + ws.view.s.test_threads;
	if (wo.jobs < 1)
		wo.jobs = 1;
	run_id_make(run_id, sizeof(run_id));
	wo.run_id = run_id;
	if ((ret = workspace_find(&ws, &sel, &wo)) != 0)
		goto out;
	if (t.list || !ws.selected) {
		ret = nothing_to_run(&ws, &t);
		goto out;
	}
	/* Setup scripts before the first test; a failed one stops the run. */
	rc = setup_run_all(&setup, &ws.cfg, &ws.view, &ws.list, ws.cfg.root,
			   t.message_format == FORMAT_JSON ? stderr : stdout);
	if (rc < 0) {
		ret = rc == -2 ? EXIT_INTERRUPTED : EXIT_TESTS_FAILED;
		goto out;
	}
	ret = EXIT_USAGE;
	if (outputs_make(&o, &ws, &t, run_id) == 0) {
		struct testrun_opts ro = {
			.view = &ws.view, .profile_name = t.profile ? t.profile : "default",
			.root = ws.cfg.root, .run_id = run_id, .jobs = t.no_capture ? 1 : wo.jobs,
			.no_capture = t.no_capture, .gen_suppressions = t.gen_suppressions,
			.no_fork_server = t.no_fork_server,
			.max_fail = ws.view.s.max_fail, .observers = &o.observers, .setup = &setup,
		};

		rc = testrun_run(&ws.list, &ro, &sum);

		if (rc >= 0)
			ret = rc;
	}
out:
	reaper_finish();
	if (events_close(&o.events) < 0 && ret == EXIT_OK)
		ret = EXIT_USAGE;
	run_observers_release(&o.observers);
	run_summary_release(&sum, &ws.list);
	setup_release(&setup);
	workspace_release(&ws);
	selection_release(&sel);
	strvec_clear(&t.names);
	strvec_clear(&t.bins);
	strvec_clear(&t.exprs);
	strvec_clear(&t.ctest);
	strvec_clear(&t.meson);
	return ret;
}
