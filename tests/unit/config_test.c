#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tare.h"
#include "config.h"
#include "support.h"
#include "memcheck.h"

/* Writes text to a temporary tare.toml and loads it; returns load's result. */
static int load(struct config *cfg, const char *text)
{
	char path[] = "/tmp/tare-config-XXXXXX";
	int ret;

	support_write_temp(path, text);
	ret = config_load(cfg, path);
	unlink(path);
	return ret;
}

TARE_TEST(config_builtin_profiles_need_no_file)
{
	struct config cfg;
	struct profile_view v;
	const struct wrapper *w;

	TARE_ASSERT_EQ(load(&cfg, ""), 0);
	TARE_ASSERT_EQ(config_profile(&cfg, "default", &v), 0);
	TARE_ASSERT_EQ(v.s.retries, 0);
	TARE_ASSERT_NEAR(v.s.slow_period, 60, 0);
	TARE_ASSERT_EQ(v.s.terminate_after, 10);
	TARE_ASSERT_EQ(v.s.max_fail, 1);
	TARE_ASSERT_EQ(v.s.failure_output, OUTPUT_IMMEDIATE);
	TARE_ASSERT_EQ(v.s.success_output, OUTPUT_NEVER);
	TARE_ASSERT_NULL(config_run_wrapper(&v, "unit", "x", NULL));

	TARE_ASSERT_EQ(config_profile(&cfg, "valgrind", &v), 0);
	TARE_ASSERT_EQ(v.n, 2);
	TARE_ASSERT_EQ(v.s.timeout_multiplier, 0);	/* automatic: 20 under memcheck */
	TARE_ASSERT_EQ(v.s.mc_batched, 1);
	TARE_ASSERT_EQ(v.s.mc_leak_kinds, 1u << MC_LEAK_DEFINITE | 1u << MC_LEAK_INDIRECT);
	w = config_run_wrapper(&v, "unit", "x", NULL);
	TARE_ASSERT_NOT_NULL(w);
	TARE_ASSERT_EQ(w->argv.nr, 5);
	TARE_ASSERT_STREQ(w->argv.v[0], "valgrind");
	TARE_ASSERT_STREQ(w->argv.v[1], "--leak-check=full");
	TARE_ASSERT_STREQ(w->argv.v[2], "--show-leak-kinds=all");
	TARE_ASSERT_STREQ(w->argv.v[3], "--errors-for-leak-kinds=definite,indirect");
	TARE_ASSERT_STREQ(w->argv.v[4], "--error-exitcode=1");
	TARE_ASSERT_EQ(config_profile(&cfg, "nope", &v), -1);
	config_release(&cfg);
}

TARE_TEST(config_profiles_inherit_through_a_chain)
{
	struct config cfg;
	struct profile_view v;

	TARE_ASSERT_EQ(load(&cfg,
		"[profile.default]\nretries = 1\nfailure-output = \"final\"\n"
		"[profile.ci]\nretries = 3\ntest-threads = 2\n"
		"[profile.nightly]\ninherits = \"ci\"\nslow-timeout = \"5m\"\n"), 0);
	TARE_ASSERT_EQ(config_profile(&cfg, "nightly", &v), 0);
	TARE_ASSERT_EQ(v.n, 3);
	TARE_ASSERT_EQ(v.s.retries, 3);		/* from ci */
	TARE_ASSERT_EQ(v.s.test_threads, 2);	/* from ci */
	TARE_ASSERT_EQ(v.s.failure_output, OUTPUT_FINAL);	/* from default */
	TARE_ASSERT_NEAR(v.s.slow_period, 300, 0);
	TARE_ASSERT_EQ(v.s.terminate_after, 0);	/* the string form never terminates */
	config_release(&cfg);
}

TARE_TEST(config_first_matching_override_sets_each_key)
{
	struct config cfg;
	struct profile_view v;
	struct settings s;

	TARE_ASSERT_EQ(load(&cfg,
		"[profile.default]\nretries = 1\n"
		"[[profile.default.overrides]]\nfilter = 'test(net_)'\nretries = 5\n"
		"[profile.ci]\n"
		"[[profile.ci.overrides]]\nfilter = 'test(/^net_slow/)'\nslow-timeout = \"2m\"\n"
		"[[profile.ci.overrides]]\nfilter = 'test(net_)'\nretries = 2\n"
		"[[profile.ci.overrides]]\nplatform = 'cfg(windows)'\nretries = 9\n"), 0);
	TARE_ASSERT_EQ(config_profile(&cfg, "ci", &v), 0);
	config_test_settings(&v, "unit", "net_slow_read", NULL, NULL, &s);
	TARE_ASSERT_EQ(s.retries, 2);	/* ci's override beats default's */
	TARE_ASSERT_NEAR(s.slow_period, 120, 0);
	config_test_settings(&v, "unit", "parse", NULL, NULL, &s);
	TARE_ASSERT_EQ(s.retries, 1);	/* no override: the profile */
	TARE_ASSERT_NEAR(s.slow_period, 60, 0);
	TARE_ASSERT_EQ(config_profile(&cfg, "default", &v), 0);
	config_test_settings(&v, "unit", "net_x", NULL, NULL, &s);
	TARE_ASSERT_EQ(s.retries, 5);
	config_release(&cfg);
}

TARE_TEST(config_command_line_beats_profiles_and_overrides)
{
	struct config cfg;
	struct profile_view v;
	struct settings cli, s;

	TARE_ASSERT_EQ(load(&cfg,
		"[profile.default]\nretries = 1\nstatus-level = 'fail'\ntest-threads = 3\n"
		"failure-output = 'final'\n"
		"[[profile.default.overrides]]\nfilter = 'test(net_)'\nretries = 5\n"
		"success-output = 'immediate'\n"), 0);
	TARE_ASSERT_EQ(config_profile(&cfg, "default", &v), 0);
	memset(&cli, 0, sizeof(cli));
	cli.retries = 2;
	cli.status_level = LEVEL_ALL;
	cli.max_fail = 0;
	cli.set = SET_RETRIES | SET_STATUS_LEVEL | SET_FAIL_FAST;
	config_profile_apply_cli(&v, &cli);
	TARE_ASSERT_EQ(v.s.retries, 2);
	TARE_ASSERT_EQ(v.s.status_level, LEVEL_ALL);
	TARE_ASSERT_EQ(v.s.max_fail, 0);		/* --no-fail-fast */
	TARE_ASSERT_EQ(v.s.test_threads, 3);	/* not given: the file's */
	config_test_settings(&v, "unit", "net_read", NULL, NULL, &s);
	TARE_ASSERT_EQ(s.retries, 2);		/* above the override */
	TARE_ASSERT_EQ(s.success_output, OUTPUT_IMMEDIATE);	/* the override's */
	TARE_ASSERT_EQ(s.failure_output, OUTPUT_FINAL);	/* the profile's */
	config_test_settings(&v, "unit", "parse", NULL, NULL, &s);
	TARE_ASSERT_EQ(s.retries, 2);
	TARE_ASSERT_EQ(s.success_output, OUTPUT_NEVER);
	config_release(&cfg);
}

TARE_TEST(config_wrapper_rules_pick_the_first_match)
{
	struct config cfg;
	struct profile_view v;
	const struct wrapper *w;

	TARE_ASSERT_EQ(load(&cfg,
		"[scripts.wrapper.strace]\ncommand = ['strace', '-f']\n"
		"[scripts.wrapper.valgrind]\ncommand = { command-line = 'valgrind -q', env = { VALGRIND_OPTS = '-v' } }\n"
		"[[profile.valgrind.scripts]]\nfilter = 'binary(net)'\nrun-wrapper = 'strace'\n"
		"[profile.valgrind]\nfail-fast = { max-fail = 3 }\n"), 0);
	TARE_ASSERT_EQ(config_profile(&cfg, "valgrind", &v), 0);
	TARE_ASSERT_EQ(v.s.max_fail, 3);
	w = config_run_wrapper(&v, "net", "x", NULL);
	TARE_ASSERT_STREQ(w->name, "strace");
	TARE_ASSERT_STREQ(w->argv.v[1], "-f");
	/* The file's valgrind wrapper replaced the built-in one. */
	w = config_run_wrapper(&v, "unit", "x", NULL);
	TARE_ASSERT_STREQ(w->name, "valgrind");
	TARE_ASSERT_EQ(w->argv.nr, 2);
	TARE_ASSERT_STREQ(w->env.v[0], "VALGRIND_OPTS=-v");
	config_release(&cfg);
}

TARE_TEST(config_values_in_every_form)
{
	struct config cfg;
	struct profile_view v;

	TARE_ASSERT_EQ(load(&cfg,
		"[profile.default]\n"
		"test-threads = -1\n"
		"retries = { count = 4 }\n"
		"slow-timeout = { period = \"1m 30s\", terminate-after = 2, grace-period = \"250ms\" }\n"
		"leak-timeout = { period = \"1s\", result = \"fail\" }\n"
		"fail-fast = { max-fail = \"all\" }\n"
		"status-level = \"fail\"\nfinal-status-level = \"none\"\n"
		"flaky-result = \"pass\"\ntimeout-multiplier = 3\n"
		"junit = { path = \"out/j.xml\", store-success-output = true }\n"), 0);
	TARE_ASSERT_EQ(config_profile(&cfg, "default", &v), 0);
	TARE_ASSERT_EQ(v.s.test_threads, -1);
	TARE_ASSERT_EQ(v.s.retries, 4);
	TARE_ASSERT_NEAR(v.s.slow_period, 90, 1e-9);
	TARE_ASSERT_EQ(v.s.terminate_after, 2);
	TARE_ASSERT_NEAR(v.s.grace, 0.25, 1e-9);
	TARE_ASSERT_NEAR(v.s.leak_period, 1, 1e-9);
	TARE_ASSERT_EQ(v.s.leak_fail, 1);
	TARE_ASSERT_EQ(v.s.max_fail, 0);
	TARE_ASSERT_EQ(v.s.status_level, LEVEL_FAIL);
	TARE_ASSERT_EQ(v.s.final_status_level, FINAL_NONE);
	TARE_ASSERT_EQ(v.s.flaky_fail, 0);
	TARE_ASSERT_EQ(v.s.timeout_multiplier, 3);
	TARE_ASSERT_EQ(v.s.junit_store_success, 1);
	TARE_ASSERT_NOT_NULL(strstr(v.s.junit_path, "/out/j.xml"));
	TARE_ASSERT_EQ(v.s.junit_path[0], '/');
	config_release(&cfg);
}

TARE_TEST(config_rejects_mistakes)
{
	static const char *const bad[] = {
		"[profile.default]\nretries = -1\n",
		"[profile.default]\nslow-timeout = \"fast\"\n",
		"[profile.default]\nslow-timeout = { terminate-after = 2 }\n",
		"[profile.default]\nretries = { count = 2, delay = \"1s\" }\n",
		"[profile.default]\nfailure-output = \"sometimes\"\n",
		"[profile.ci]\ninherits = \"nightly\"\n",
		"[profile.default-x]\n",
		"[profile.a]\ninherits = \"a\"\n",
		"[[profile.default.scripts]]\nfilter = 'all()'\nrun-wrapper = 'missing'\n",
		"[[profile.default.overrides]]\nretries = 1\n",
		"[scripts.setup.db]\nslow-timeout = '1s'\n",
		"[test]\nbinaries = \"build/*\"\n",
		"[profile.default]\ntest-threads = 0\n",
		"[profile.default]\nplatform = 'cfg(unix)'\n",
		"[bogus]\n",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct config cfg;
		int ret = load(&cfg, bad[i]);
		config_release(&cfg);
		if (ret != -1)
			TARE_FAIL("accepted: %s", bad[i]);
	}
}

TARE_TEST(config_catches_inheritance_cycles)
{
	struct config cfg;
	struct profile_view v;

	TARE_ASSERT_EQ(load(&cfg, "[profile.a]\ninherits = \"b\"\n[profile.b]\ninherits = \"a\"\n"), 0);
	TARE_ASSERT_EQ(config_profile(&cfg, "a", &v), -1);
	config_release(&cfg);
}

TARE_TEST(config_durations)
{
	double d = 0;

	TARE_ASSERT_EQ(parse_duration("60s", &d), 0);
	TARE_ASSERT_NEAR(d, 60, 0);
	TARE_ASSERT_EQ(parse_duration("1m 30s", &d), 0);
	TARE_ASSERT_NEAR(d, 90, 0);
	TARE_ASSERT_EQ(parse_duration("250ms", &d), 0);
	TARE_ASSERT_NEAR(d, 0.25, 1e-12);
	TARE_ASSERT_EQ(parse_duration("1.5h", &d), 0);
	TARE_ASSERT_NEAR(d, 5400, 1e-9);
	TARE_ASSERT_EQ(parse_duration("2min", &d), 0);
	TARE_ASSERT_NEAR(d, 120, 0);
	TARE_ASSERT_EQ(parse_duration("10", &d), -1);
	TARE_ASSERT_EQ(parse_duration("", &d), -1);
	TARE_ASSERT_EQ(parse_duration("5 s", &d), -1);
	TARE_ASSERT_EQ(parse_duration("5sx", &d), -1);
	TARE_ASSERT_EQ(parse_duration("99999999999999999s", &d), -1);
	/* A point needs a digit on one side at least; each side has 12 digits at most. */
	TARE_ASSERT_EQ(parse_duration(".5s", &d), 0);
	TARE_ASSERT_NEAR(d, 0.5, 0);
	TARE_ASSERT_EQ(parse_duration("2.s", &d), 0);
	TARE_ASSERT_NEAR(d, 2, 0);
	TARE_ASSERT_EQ(parse_duration("0.125s", &d), 0);
	TARE_ASSERT_NEAR(d, 0.125, 0);
	TARE_ASSERT_EQ(parse_duration(".s", &d), -1);
	TARE_ASSERT_EQ(parse_duration("1.1234567890123s", &d), -1);
	TARE_ASSERT_EQ(parse_duration("1234567890123s", &d), -1);
}
