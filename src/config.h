/*
 * config.h: tare.toml, resolved into the settings of one profile and of
 * each test.
 *
 * The file uses cargo-nextest's key names, so a .config/nextest.toml reads
 * over almost line for line (docs/config.md lists every key). Precedence,
 * highest first: command-line options; the first matching override that
 * sets the key, walking the selected profile's overrides and then those of
 * each profile it inherits from; the profile, then the profiles it
 * inherits from, ending with `default`; tare's built-in defaults.
 *
 * Two profiles exist with no file at all: `default`, and `valgrind`, which
 * runs every test under the usual memcheck command line with timeouts
 * scaled for Valgrind. A file may extend both.
 */
#ifndef TARE_CONFIG_H
#define TARE_CONFIG_H

#include "arena.h"
#include "filter.h"
#include "vec.h"

enum output_when {
	OUTPUT_NEVER,
	OUTPUT_IMMEDIATE,
	OUTPUT_FINAL,
	OUTPUT_IMMEDIATE_FINAL,
};

/* Which per-test lines are printed: a status shows if its level <= the setting. */
enum status_level {
	LEVEL_NONE, LEVEL_FAIL, LEVEL_RETRY, LEVEL_SLOW, LEVEL_LEAK, LEVEL_PASS,
	LEVEL_SKIP, LEVEL_ALL,
};

/* final-status-level: what is listed again after the summary. */
enum final_level {
	FINAL_NONE, FINAL_FAIL, FINAL_FLAKY, FINAL_SLOW, FINAL_SKIP, FINAL_PASS,
	FINAL_ALL,
};

/* Bits of settings.set: which fields a profile or override gave. */
enum {
	/* Per test: profiles and overrides. */
	SET_RETRIES = 1u << 0,
	SET_SLOW = 1u << 1,
	SET_LEAK = 1u << 2,
	SET_FAILURE_OUTPUT = 1u << 3,
	SET_SUCCESS_OUTPUT = 1u << 4,
	SET_FLAKY = 1u << 5,
	SET_TIMEOUT_MULT = 1u << 6,
	SET_JUNIT_STORE_SUCCESS = 1u << 7,
	SET_JUNIT_STORE_FAILURE = 1u << 8,
	SET_MC_MODE = 1u << 9,
	SET_MC_LEAK_KINDS = 1u << 10,
	SET_MC_SUPPRESSIONS = 1u << 11,
	SET_MC_EXTRA_ARGS = 1u << 12,
	SET_OUTPUT_LIMIT = 1u << 13,
	SET_THREADS_REQUIRED = 1u << 14,
	SET_PRIORITY = 1u << 15,
	SET_TEST_GROUP = 1u << 16,
	/* Profile-wide only. */
	SET_THREADS = 1u << 20,
	SET_FAIL_FAST = 1u << 21,
	SET_DEFAULT_FILTER = 1u << 22,
	SET_JUNIT_PATH = 1u << 23,
	SET_STATUS_LEVEL = 1u << 24,
	SET_FINAL_STATUS_LEVEL = 1u << 25,
};

/* threads-required's words: how many of the run's slots a test takes. */
#define THREADS_NUM_CPUS (-1)		/* "num-cpus" */
#define THREADS_NUM_TEST_THREADS 0	/* "num-test-threads": all of them */

#define SET_PER_TEST_MASK (SET_THREADS - 1)

struct settings {
	unsigned set;
	int retries;
	double slow_period;	/* seconds, before the multiplier */
	int terminate_after;	/* 0: never */
	double grace;
	double leak_period;
	int leak_fail;		/* a leak fails the test */
	enum output_when failure_output, success_output;
	/* Of a test's stdout and stderr, the first and last bytes kept. */
	size_t output_head, output_tail;
	int flaky_fail;		/* a test that passed on retry counts as failed */
	int timeout_multiplier;	/* 0: automatic (20 under memcheck, else 1) */
	int junit_store_success, junit_store_failure;
	/* Under a memcheck wrapper (the valgrind profile's, or any like it). */
	int mc_batched;			/* memcheck.mode: 1 "batched", 2 "served" (MC_SERVED) */
	unsigned mc_leak_kinds;		/* bits 1 << enum mc_leak that fail a test */
	const struct strvec *mc_suppressions;	/* absolute paths */
	const struct strvec *mc_extra_args;
	int threads_required;	/* slots a test takes: N >= 1, or THREADS_NUM_* */
	int priority;		/* -100 to 100: higher starts first */
	const struct test_group *test_group;	/* NULL: the global pool */
	int test_threads;	/* > 0: that many; <= 0: CPUs minus that */
	int max_fail;		/* 0: never stop early */
	const struct filter *default_filter;
	const char *junit_path;	/* absolute */
	enum status_level status_level;
	enum final_level final_status_level;
};

/* The kinds of test binary (adapter.h says what each is). */
enum binary_kind {
	KIND_AUTO,		/* not set: detected */
	KIND_TARE,
	KIND_GTEST,
	KIND_CRITERION,
	KIND_PLAIN,
	KIND_TAP,
	KIND_UNITY,
};

/* "auto", "tare", "gtest", "criterion", "plain", "tap", "unity", by value, ended by NULL. */
extern const char *const binary_kind_names[];

struct wrapper {
	const char *name;
	struct strvec argv;	/* the command; the test's command line follows */
	struct strvec env;	/* NAME=value for the test */
	const char *where;	/* "tare.toml:LINE:COL" of its command; NULL: built in */
};

/* [test-groups] NAME = { max-threads = N }: at most N of its tests run at once. */
struct test_group {
	const char *name;
	int max_threads;	/* >= 1, or THREADS_NUM_CPUS */
	const char *where;	/* "tare.toml:LINE:COL" */
};

struct override {
	const struct filter *filter;
	struct settings s;
};

/*
 * [scripts.setup.NAME]: a command run once before the tests its rules
 * match (setup.h); what it writes to the file $TARE_ENV ($NEXTEST_ENV) as
 * NAME=value lines, those tests get in their environment.
 */
struct setup_script {
	const char *name;
	struct wrapper cmd;	/* its command and environment */
	double slow_period;	/* 0: never ended for its time */
	int terminate_after;
};

struct script_rule {
	const struct filter *filter;
	const struct wrapper *run_wrapper;	/* may be NULL */
	const struct wrapper *list_wrapper;	/* may be NULL */
	const struct setup_script **setups;	/* setup = [...], in order */
	size_t nsetups;
};

struct config_profile {
	const char *name;
	const char *inherits;	/* NULL: default (or nothing, for default) */
	const char *inherits_where;	/* "tare.toml:LINE:COL" of its value */
	struct settings s;
	VEC(struct override) overrides;
	VEC(struct script_rule) scripts;
	const char *where;	/* "tare.toml:12" or "built-in", for messages */
};

/* [bench]: how tare bench measures and reports (docs/bench.md). */
struct config_bench {
	const char *baseline_impl;	/* the implementation others are compared with */
	const char *baseline_where;	/* "tare.toml:3:12", where baseline_impl was set */
	double warn_ratio;		/* RESULTS.md's "⚠" above it; default 1.5 */
	const char *limits;		/* "ir=5%,est-cycles=10%|1000", checked at load */
	const char *limits_where;	/* "tare.toml:7" */
	const char *results;		/* RESULTS.md's path, absolute; NULL: .tare/bench/ */
	const char *cache[3];		/* I1, D1, LL: "SIZE,ASSOC,LINE" */
	struct strvec env;		/* NAME or NAME=value passed on to benchmarks */
	double timeout;			/* seconds per benchmark under callgrind */
};

struct config {
	struct arena arena;
	const char *path;	/* the file read, as shown in messages; NULL if none */
	const char *root;	/* absolute folder of the file, or the cwd */
	const char *build_command;
	struct strvec test_binaries;	/* glob patterns, relative to root */
	struct strvec test_binaries_at;	/* "tare.toml:LINE:COL" of each */
	VEC(int) test_binaries_kind;	/* enum binary_kind of each (adapter.h) */
	struct strvec test_ctest;	/* [test] ctest: CMake build folders, relative to root */
	struct strvec test_meson;	/* [test] meson: Meson build folders */
	struct strvec bench_binaries;	/* [bench] binaries; none: test_binaries */
	struct strvec bench_binaries_at;
	struct config_bench bench;
	VEC(struct wrapper *) wrappers;
	VEC(struct setup_script *) setup_scripts;	/* in the file's order */
	VEC(struct test_group *) test_groups;
	VEC(struct config_profile *) profiles;
	VEC(struct filter *) filters;	/* owned, freed on release */
	VEC(struct strvec *) strvecs;	/* owned: suppressions, extra args */
};

/*
 * Loads path, or when path is NULL the first tare.toml found in the
 * current folder or above it (none is fine: built-ins only). Prints one
 * error line and returns -1 on any problem in the file.
 */
int config_load(struct config *cfg, const char *path);

/*
 * Loads configuration from memory, as if read from a file called name in
 * the folder root. For tests and the fuzzer.
 */
int config_load_buffer(struct config *cfg, const char *src, size_t len,
		       const char *name, const char *root);
void config_release(struct config *cfg);

/* A profile with the chain of profiles it inherits from, resolved. */
#define PROFILE_CHAIN_MAX 16
struct profile_view {
	const struct config_profile *chain[PROFILE_CHAIN_MAX];	/* [0] is the profile */
	int n;
	struct settings s;	/* every field resolved */
	struct settings cli;	/* the command line's (config_profile_apply_cli()) */
};

/* Resolves a profile by name; prints an error and returns -1 if unknown. */
int config_profile(const struct config *cfg, const char *name,
		   struct profile_view *view);

/*
 * Puts the command line's settings (cli->set says which are given) above
 * everything tare.toml says: into view->s, and through
 * config_test_settings() above every override. The one place the command
 * line's precedence is applied; call it once, after config_profile().
 */
void config_profile_apply_cli(struct profile_view *view, const struct settings *cli);

/*
 * Checks that the program of every wrapper the profile's rules name can be
 * run (found in PATH, executable): a missing one is a configuration error,
 * said now rather than as EXEC-FAIL under every test. Returns 0, or -1
 * after one error line naming where the wrapper's command is.
 */
int config_check_wrappers(const struct profile_view *view);

/*
 * The settings for one test: the command line's, the overrides', then
 * what the build system that registered it says (below, or NULL: CTest's
 * TIMEOUT, say), then the profile's. labels: the test's, for label()
 * filters (a NULL-ended array, or NULL).
 */
void config_test_settings(const struct profile_view *view,
			  const char *binary_id, const char *test_name,
			  const char *const *labels, const struct settings *below,
			  struct settings *out);

/* The wrapper that runs this test (NULL: none). */
const struct wrapper *config_run_wrapper(const struct profile_view *view,
					 const char *binary_id,
					 const char *test_name, const char *const *labels);

/* The wrapper that lists this binary (NULL: none). */
const struct wrapper *config_list_wrapper(const struct profile_view *view,
					  const char *binary_id);

/* Parses a duration ("60s", "1m 30s", "250ms"); -1 if it is not one. */
int parse_duration(const char *s, double *out);

/*
 * Parses a size: "512", "64KiB", "1MiB", "2GB" (B, KB/MB/GB powers of
 * 1000, KiB/MiB/GiB of 1024), at most 1 GiB. Returns 0, or -1.
 */
int parse_size(const char *s, size_t *out);

/*
 * The words of the settings that are choices, indexed by value and ended
 * by NULL: tare.toml's keys and the command line's options (opt.h's
 * OPT_CHOICE) take the same ones.
 */
extern const char *const output_when_names[];	/* enum output_when */
extern const char *const status_level_names[];	/* enum status_level */
extern const char *const final_level_names[];	/* enum final_level */
extern const char *const pass_fail_names[];	/* "pass" 0, "fail" 1: flaky_fail, leak_fail */
extern const char *const memcheck_mode_names[];	/* "per-test" 0, "batched" 1, "served" 2: mc_batched */
#define MC_SERVED 2

/* Names of the values, for messages and --help. */
const char *output_when_name(enum output_when w);
int output_when_parse(const char *s);
int status_level_parse(const char *s);
int final_level_parse(const char *s);

#endif
