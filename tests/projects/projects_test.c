/*
 * tare and the build systems' own runners agree: the fixture projects in
 * tests/projects/cmake and tests/projects/meson are built in a temporary
 * folder and run by ctest (meson test) and by tare test --ctest
 * (--meson), and each test must end the same way under both: passed,
 * failed or skipped. A test tare splits into its cases (a GoogleTest
 * binary run whole, a TAP producer) counts as failed if any case failed.
 * Each skips when its build system is not installed.
 */
#define TARE_MAIN
#include "tare.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "json.h"
#include "spawn.h"
#include "strbuf.h"
#include "support.h"
#include "vec.h"

/* A test's name and how it ended: 'p'assed, 'f'ailed, 's'kipped. */
struct verdict {
	char *name;
	char how;
};

struct verdicts {
	VEC(struct verdict) v;
};

static void verdicts_release(struct verdicts *vs)
{
	size_t i;

	for (i = 0; i < vs->v.nr; i++)
		free(vs->v.v[i].name);
	vec_release(&vs->v);
}

/* Records name's verdict; a second one for the same name keeps the worse. */
static void verdict_add(struct verdicts *vs, const char *name, size_t len, char how)
{
	struct verdict v;
	size_t i;

	for (i = 0; i < vs->v.nr; i++)
		if (strlen(vs->v.v[i].name) == len && !strncmp(vs->v.v[i].name, name, len)) {
			if (how == 'f' || (how == 'p' && vs->v.v[i].how == 's'))
				vs->v.v[i].how = how;
			return;
		}
	v.name = xstrndup(name, len);
	v.how = how;
	vec_push(&vs->v, v);
}

static int have(const char *program)
{
	struct strbuf path = STRBUF_INIT;
	int ok = spawn_find_program(program, &path) == 0;

	strbuf_release(&path);
	return ok;
}

static void run_ok(const char *const *argv, const char *dir)
{
	struct support_run r;

	support_run(&r, argv, dir, NULL, 600);
	if (r.status)
		TARE_FAIL("%s exited with status %d:\n%s%s", argv[0], r.status, r.out.buf, r.err.buf);
	support_run_release(&r);
}

/* The value of attribute attr in the XML tag that starts at tag, into out. */
static int xml_attr(const char *tag, const char *end, const char *attr, struct strbuf *out)
{
	struct strbuf key = STRBUF_INIT;
	const char *p, *q;

	strbuf_addf(&key, " %s=\"", attr);
	p = memmem(tag, (size_t)(end - tag), key.buf, key.len);
	strbuf_release(&key);
	if (!p)
		return -1;
	p += strlen(attr) + 3;
	q = memchr(p, '"', (size_t)(end - p));
	if (!q)
		return -1;
	strbuf_reset(out);
	strbuf_add(out, p, (size_t)(q - p));
	support_replace_all(out, "&quot;", "\"");
	support_replace_all(out, "&lt;", "<");
	support_replace_all(out, "&gt;", ">");
	support_replace_all(out, "&amp;", "&");
	return 0;
}

/*
 * A JUnit report's testcases. tare's: a <failure> or <error> in one fails
 * it, a <skipped> skips it. CTest's says status="run", "fail", "notrun"
 * or "disabled".
 */
static void junit_verdicts(const char *path, struct verdicts *vs, int ctest,
			   const char *strip)
{
	struct strbuf xml = STRBUF_INIT, name = STRBUF_INIT, status = STRBUF_INIT;
	const char *p, *end;

	TARE_ASSERT_EQ(strbuf_read_file(&xml, path, 1 << 26), 0);
	end = xml.buf + xml.len;
	for (p = xml.buf; (p = memmem(p, (size_t)(end - p), "<testcase ", 10)); p++) {
		const char *close = memchr(p, '>', (size_t)(end - p));
		const char *next = memmem(p + 1, (size_t)(end - p - 1), "<testcase ", 10);
		const char *body_end = next ? next : end;
		const char *n;
		size_t len;
		char how;

		TARE_ASSERT(close != NULL);
		TARE_ASSERT_EQ(xml_attr(p, close, "name", &name), 0);
		if (ctest) {
			TARE_ASSERT_EQ(xml_attr(p, close, "status", &status), 0);
			how = !strcmp(status.buf, "run") ? 'p' : !strcmp(status.buf, "fail") ? 'f' : 's';
		} else {
			how = close[-1] == '/' ? 'p'
			      : memmem(close, (size_t)(body_end - close), "<failure", 8) ||
				memmem(close, (size_t)(body_end - close), "<error", 6) ? 'f'
			      : memmem(close, (size_t)(body_end - close), "<skipped", 8) ? 's' : 'p';
		}
		/* "TEST::CASE" is TEST's: split tests are judged whole. */
		n = name.buf;
		if (strip && !strncmp(n, strip, strlen(strip)))
			n += strlen(strip);
		len = strstr(n, "::") ? (size_t)(strstr(n, "::") - n) : strlen(n);
		verdict_add(vs, n, len, how);
	}
	strbuf_release(&xml);
	strbuf_release(&name);
	strbuf_release(&status);
}

/* Meson's testlog.json: one object per line, "name" and "result". */
static void meson_verdicts(const char *path, struct verdicts *vs)
{
	struct strbuf log = STRBUF_INIT;
	const char *p, *end;

	TARE_ASSERT_EQ(strbuf_read_file(&log, path, 1 << 26), 0);
	end = log.buf + log.len;
	for (p = log.buf; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct json_doc doc = JSON_DOC_INIT;
		struct strbuf err = STRBUF_INIT;
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (n) {
			const char *name, *result;
			char how;

			TARE_ASSERT_EQ(json_parse(&doc, p, n, path, &err), 0);
			name = json_get_string(doc.root, "name", "");
			result = json_get_string(doc.root, "result", "");
			/* "proj / name", "proj:suite+suite / name": the name. */
			if (strstr(name, " / "))
				name = strstr(name, " / ") + 3;
			how = !strcmp(result, "OK") || !strcmp(result, "EXPECTEDFAIL") ? 'p'
			      : !strcmp(result, "SKIP") ? 's' : 'f';
			verdict_add(vs, name, strlen(name), how);
		}
		json_doc_release(&doc);
		strbuf_release(&err);
		p += n + 1;
	}
	strbuf_release(&log);
}

/*
 * Every test of want has the same verdict in got, and got has no other;
 * names in except (a NULL-ended list of prefixes) are not compared.
 */
static void verdicts_agree(const struct verdicts *want, const struct verdicts *got,
			   const char *who, const char *const *except)
{
	struct strbuf diff = STRBUF_INIT;
	size_t i, k;

	for (i = 0; i < want->v.nr; i++) {
		const struct verdict *w = &want->v.v[i];
		const char *const *e;
		int skip = 0;

		for (e = except; e && *e && !skip; e++)
			skip = !strncmp(w->name, *e, strlen(*e));
		if (skip)
			continue;
		for (k = 0; k < got->v.nr && strcmp(got->v.v[k].name, w->name); k++)
			;
		/* A disabled test tare does not even list counts as skipped. */
		if (k == got->v.nr && w->how != 's')
			strbuf_addf(&diff, "  %s: %c under %s, not run by tare\n", w->name, w->how, who);
		else if (k < got->v.nr && got->v.v[k].how != w->how)
			strbuf_addf(&diff, "  %s: %c under %s, %c under tare\n", w->name, w->how, who,
				    got->v.v[k].how);
	}
	for (k = 0; k < got->v.nr; k++) {
		for (i = 0; i < want->v.nr && strcmp(got->v.v[k].name, want->v.v[i].name); i++)
			;
		if (i == want->v.nr)
			strbuf_addf(&diff, "  %s: run by tare only\n", got->v.v[k].name);
	}
	if (diff.len)
		TARE_FAIL("tare and %s disagree (p passed, f failed, s skipped):\n%s", who, diff.buf);
	strbuf_release(&diff);
}

/* The probes' marks and files, so that the second runner starts afresh. */
static void clear_state(const char *build)
{
	const char *argv[] = { "sh", "-c", "rm -rf running *.mark *.lock", NULL };

	run_ok(argv, build);
}

static void tare_verdicts(const char *tmp, const char *option, const char *build,
			  const char *strip, struct verdicts *vs)
{
	struct strbuf junit = STRBUF_INIT;
	struct support_run r;
	const char *argv[] = { support_tare(), "test", option, build, "-j2", "--no-fail-fast",
			       "--junit", NULL, "--status-level", "none", NULL };

	path_join(&junit, tmp, "tare.xml");
	argv[7] = junit.buf;
	/* In tmp: no tare.toml above it, and so only what the option names runs. */
	support_run(&r, argv, tmp, NULL, 600);
	if (r.status != 1)
		TARE_FAIL("tare exited with status %d, not 1 (some tests fail):\n%s%s", r.status,
			  r.out.buf, r.err.buf);
	support_run_release(&r);
	junit_verdicts(junit.buf, vs, 0, strip);
	strbuf_release(&junit);
}

static void make_tmp(struct strbuf *tmp)
{
	strbuf_addstr(tmp, "/tmp/tare-projects-XXXXXX");
	TARE_ASSERT(mkdtemp(tmp->buf) != NULL);
}

TARE_TEST(ctest_and_tare_agree_on_every_test)
{
	struct strbuf tmp = STRBUF_INIT, build = STRBUF_INIT, src = STRBUF_INIT, junit = STRBUF_INIT;
	struct verdicts want = { VEC_INIT }, got = { VEC_INIT };
	struct support_run r;

	if (!have("cmake") || !have("ctest"))
		TARE_SKIP("cmake is not installed (make deps installs it)");
	make_tmp(&tmp);
	path_join(&build, tmp.buf, "build");
	path_absolute(&src, "tests/projects/cmake");
	path_join(&junit, tmp.buf, "ctest.xml");
	{
		const char *configure[] = { "cmake", "-S", src.buf, "-B", build.buf, NULL };
		const char *make[] = { "cmake", "--build", build.buf, NULL };
		const char *ctest[] = { "ctest", "--test-dir", build.buf, "-j2",
					"--output-junit", junit.buf, NULL };

		run_ok(configure, NULL);
		run_ok(make, NULL);
		support_run(&r, ctest, NULL, NULL, 600);
		support_run_release(&r);
	}
	junit_verdicts(junit.buf, &want, 1, NULL);
	TARE_ASSERT(want.v.nr >= 20);
	clear_state(build.buf);
	tare_verdicts(tmp.buf, "--ctest", build.buf, "ctest: ", &got);
	verdicts_agree(&want, &got, "ctest", NULL);
	remove_tree(tmp.buf);
	verdicts_release(&want);
	verdicts_release(&got);
	strbuf_release(&tmp);
	strbuf_release(&build);
	strbuf_release(&src);
	strbuf_release(&junit);
}

TARE_TEST(meson_and_tare_agree_on_every_test)
{
	struct strbuf tmp = STRBUF_INIT, build = STRBUF_INIT, src = STRBUF_INIT, log = STRBUF_INIT;
	struct verdicts want = { VEC_INIT }, got = { VEC_INIT };
	static const char *const no_should_fail[] = { "should_fail", "hard_error_should_fail", NULL };
	const char *const *except = NULL;
	struct support_run r;

	if (!have("meson") || !have("ninja"))
		TARE_SKIP("meson is not installed (make deps installs it)");
	make_tmp(&tmp);
	path_join(&build, tmp.buf, "build");
	path_absolute(&src, "tests/projects/meson");
	path_join(&log, build.buf, "meson-logs/testlog.json");
	{
		const char *setup[] = { "meson", "setup", build.buf, src.buf, NULL };
		const char *compile[] = { "ninja", "-C", build.buf, NULL };
		const char *introspect[] = { "meson", "introspect", "--tests", build.buf, NULL };
		const char *test[] = { "meson", "test", "-C", build.buf, "--no-rebuild",
				       "--num-processes", "2", NULL };

		run_ok(setup, NULL);
		run_ok(compile, NULL);
		/*
		 * Before Meson 1.11 the test list does not say should_fail:
		 * tare cannot know it, so those tests are not compared.
		 */
		support_run(&r, introspect, NULL, NULL, 600);
		if (!strstr(r.out.buf, "\"should_fail\":") && !strstr(r.out.buf, "\"expected_fail\":"))
			except = no_should_fail;
		support_run_release(&r);
		support_run(&r, test, NULL, NULL, 600);
		support_run_release(&r);
	}
	meson_verdicts(log.buf, &want);
	TARE_ASSERT(want.v.nr >= 10);
	clear_state(build.buf);
	tare_verdicts(tmp.buf, "--meson", build.buf, "meson: ", &got);
	/* tare names Meson's tests "proj:name" (and "proj:suite+suite:name"). */
	{
		size_t i;

		for (i = 0; i < got.v.nr; i++) {
			char *name = got.v.v[i].name, *colon = strrchr(name, ':');

			if (colon)
				memmove(name, colon + 1, strlen(colon + 1) + 1);
		}
	}
	verdicts_agree(&want, &got, "meson test", except);
	remove_tree(tmp.buf);
	verdicts_release(&want);
	verdicts_release(&got);
	strbuf_release(&tmp);
	strbuf_release(&build);
	strbuf_release(&src);
	strbuf_release(&log);
}

/*
 * make install into prefix, from the project's root, outside any make
 * running now, of the build the tare under test is from.
 */
static void install_into(const char *prefix)
{
	struct strbuf arg = STRBUF_INIT, build = STRBUF_INIT;
	const char *env[] = { "MAKEFLAGS", "MAKELEVEL", "MFLAGS", NULL };
	const char *argv[] = { "make", "-s", "install", NULL, NULL, NULL };
	struct support_run r;

	strbuf_addf(&arg, "PREFIX=%s", prefix);
	strbuf_addf(&build, "BUILD=%s", support_tare());
	strbuf_setlen(&build, (size_t)(strrchr(build.buf, '/') - build.buf));
	argv[3] = arg.buf;
	argv[4] = build.buf;
	support_run(&r, argv, NULL, env, 600);
	if (r.status)
		TARE_FAIL("make install exited with status %d:\n%s%s", r.status, r.out.buf, r.err.buf);
	support_run_release(&r);
	strbuf_release(&arg);
	strbuf_release(&build);
}

TARE_TEST(install_is_found_by_pkg_config_and_cmake)
{
	struct strbuf tmp = STRBUF_INIT, prefix = STRBUF_INIT, pc = STRBUF_INIT, exe = STRBUF_INIT;
	struct strbuf examples = STRBUF_INIT, src = STRBUF_INIT, build = STRBUF_INIT, sh = STRBUF_INIT;
	struct strbuf tare = STRBUF_INIT, arg = STRBUF_INIT;
	struct support_run r;

	if (!have("pkg-config") || !have("cmake") || !have("ctest") || !have("make"))
		TARE_SKIP("pkg-config or cmake is not installed (make deps installs them)");
	make_tmp(&tmp);
	path_join(&prefix, tmp.buf, "prefix");
	path_join(&pc, prefix.buf, "lib/pkgconfig");
	path_join(&exe, tmp.buf, "ring_test");
	path_join(&tare, prefix.buf, "bin/tare");
	path_absolute(&examples, "examples");
	path_absolute(&src, "tests/projects/install");
	path_join(&build, tmp.buf, "build");
	install_into(prefix.buf);

	/* pkg-config alone: the flags, the binary, tare runs it. */
	strbuf_addf(&sh, "PKG_CONFIG_PATH='%s' && export PKG_CONFIG_PATH && "
		    "cc -std=c11 $(pkg-config --cflags tare) -o '%s' '%s/tests/ring_test.c' "
		    "'%s/tests/ring_bulk_test.c' '%s/ring.c' $(pkg-config --libs tare)",
		    pc.buf, exe.buf, examples.buf, examples.buf, examples.buf);
	{
		const char *cc[] = { "sh", "-c", sh.buf, NULL };
		const char *run[] = { tare.buf, "test", "-b", exe.buf, NULL };

		run_ok(cc, tmp.buf);
		support_run(&r, run, tmp.buf, NULL, 600);
		TARE_ASSERT_EQ(r.status, 0);
		TARE_ASSERT(strstr(r.out.buf, " 0 failed") != NULL);
		support_run_release(&r);
	}

	/* find_package(tare) and tare_discover_tests(): one CTest test per tare.h test. */
	strbuf_addf(&arg, "-DCMAKE_PREFIX_PATH=%s", prefix.buf);
	{
		struct strbuf ex = STRBUF_INIT;
		const char *configure[] = { "cmake", "-S", src.buf, "-B", build.buf, arg.buf, NULL,
					    NULL };
		const char *make[] = { "cmake", "--build", build.buf, NULL };
		const char *ctest[] = { "ctest", "--test-dir", build.buf, "-j2", NULL };
		const char *list[] = { exe.buf, "--list", NULL };
		size_t listed = 0, ran;
		const char *p;

		strbuf_addf(&ex, "-DEXAMPLES=%s", examples.buf);
		configure[6] = ex.buf;
		run_ok(configure, NULL);
		run_ok(make, NULL);
		support_run(&r, list, NULL, NULL, 60);
		for (p = r.out.buf; (p = strstr(p, ": test\n")); p++)
			listed++;
		support_run_release(&r);
		support_run(&r, ctest, NULL, NULL, 600);
		if (r.status)
			TARE_FAIL("ctest exited with status %d:\n%s%s", r.status, r.out.buf, r.err.buf);
		p = strstr(r.out.buf, "tests passed, 0 tests failed out of ");
		TARE_ASSERT(p != NULL);
		ran = strtoul(p + strlen("tests passed, 0 tests failed out of "), NULL, 10);
		TARE_ASSERT(listed > 5);
		TARE_ASSERT_EQ(ran, listed);
		TARE_ASSERT(strstr(r.out.buf, "ring.") != NULL);
		support_run_release(&r);
		strbuf_release(&ex);
	}
	remove_tree(tmp.buf);
	strbuf_release(&tmp);
	strbuf_release(&prefix);
	strbuf_release(&pc);
	strbuf_release(&exe);
	strbuf_release(&examples);
	strbuf_release(&src);
	strbuf_release(&build);
	strbuf_release(&sh);
	strbuf_release(&tare);
	strbuf_release(&arg);
}

TARE_TEST(bash_completion_offers_options_and_profiles)
{
	struct strbuf sh = STRBUF_INIT, script = STRBUF_INIT, tmp = STRBUF_INIT, toml = STRBUF_INIT;
	struct support_run r;

	if (!have("bash"))
		TARE_SKIP("no bash here");
	make_tmp(&tmp);
	path_join(&toml, tmp.buf, "tare.toml");
	{
		FILE *f = fopen(toml.buf, "w");

		TARE_ASSERT_NOT_NULL(f);
		fputs("[profile.nightly]\nretries = 2\n", f);
		fclose(f);
	}
	path_absolute(&script, "packaging/tare.bash");
	strbuf_addf(&sh, ". '%s'; "
		    "COMP_WORDS=('%s' test --ru); COMP_CWORD=2; _tare; echo \"${COMPREPLY[*]}\"; "
		    "COMP_WORDS=('%s' test -P ''); COMP_CWORD=3; _tare; echo \"${COMPREPLY[*]}\"; "
		    "COMP_WORDS=('%s' be); COMP_CWORD=1; _tare; echo \"${COMPREPLY[*]}\"",
		    script.buf, support_tare(), support_tare(), support_tare());
	{
		const char *argv[] = { "bash", "-c", sh.buf, NULL };

		support_run(&r, argv, tmp.buf, NULL, 60);
		TARE_ASSERT_EQ(r.status, 0);
		TARE_ASSERT_STREQ(r.out.buf, "--run-ignored\ncallgrind default nightly valgrind\nbench\n");
		support_run_release(&r);
	}
	remove_tree(tmp.buf);
	strbuf_release(&sh);
	strbuf_release(&script);
	strbuf_release(&tmp);
	strbuf_release(&toml);
}
