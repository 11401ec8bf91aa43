/*
 * The pages tare writes, in a real browser: tare flamegraph's SVG, tare
 * report's page of a profile (with its source, and with its instructions)
 * and of a diff, and tare bench's page, each
 * made here and checked by check.js in Chromium through playwright-core
 * (scripts/deps.sh browser installs both; without them this skips).
 */
#define TARE_MAIN
#include "tare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "spawn.h"
#include "strbuf.h"
#include "support.h"

static int have(const char *program)
{
	struct strbuf path = STRBUF_INIT;
	int ok = spawn_find_program(program, &path) == 0;

	strbuf_release(&path);
	return ok;
}

static void run_ok(const char *const *argv, const char *dir, const char *const *env)
{
	struct support_run r;

	support_run(&r, argv, dir, env, 600);
	if (r.status)
		TARE_FAIL("%s %s exited with status %d:\n%s%s", argv[0], argv[1], r.status,
			  r.out.buf, r.err.buf);
	support_run_release(&r);
}

/* Where npm installs globally: NODE_PATH for require('playwright-core'). */
static int node_path(struct strbuf *out)
{
	const char *argv[] = { "npm", "root", "-g", NULL };
	struct support_run r;
	int ok;

	if (getenv("NODE_PATH")) {
		strbuf_addf(out, "NODE_PATH=%s", getenv("NODE_PATH"));
		return 0;
	}
	if (!have("npm"))
		return -1;
	support_run(&r, argv, NULL, NULL, 120);
	ok = r.status == 0 && r.out.len > 1;
	if (ok) {
		strbuf_addf(out, "NODE_PATH=%.*s", (int)strcspn(r.out.buf, "\n"), r.out.buf);
	}
	support_run_release(&r);
	return ok ? 0 : -1;
}

static int have_playwright(const char *np)
{
	const char *argv[] = { "node", "-e", "require('playwright-core')", NULL };
	const char *env[] = { np, NULL };
	struct support_run r;
	int ok;

	support_run(&r, argv, NULL, env, 120);
	ok = r.status == 0;
	support_run_release(&r);
	return ok;
}

static void write_file(const char *dir, const char *name, const char *text)
{
	struct strbuf path = STRBUF_INIT;
	FILE *f;

	path_join(&path, dir, name);
	f = fopen(path.buf, "w");
	TARE_ASSERT_NOT_NULL(f);
	fputs(text, f);
	TARE_ASSERT_EQ(fclose(f), 0);
	strbuf_release(&path);
}

/* tare bench twice, the second run slower: its page has a benchmark and its change. */
static void bench_page(const char *tmp, const char *out)
{
	struct strbuf bin = STRBUF_INIT, page = STRBUF_INIT;
	const char *argv[] = { support_tare(), "bench", "-b", NULL, NULL };

	strbuf_addf(&bin, "%s/bench_grow", support_fixtures());
	argv[3] = bin.buf;
	write_file(tmp, "tare.toml", "[bench]\nenv = [\"GROW=1\"]\n");
	run_ok(argv, tmp, NULL);
	write_file(tmp, "tare.toml", "[bench]\nenv = [\"GROW=2\"]\n");
	run_ok(argv, tmp, NULL);
	strbuf_addf(&page, "%s/.tare/bench/report.html", tmp);
	TARE_ASSERT_EQ(rename(page.buf, out), 0);
	strbuf_release(&bin);
	strbuf_release(&page);
}

/* A profile with instruction costs (--dump-instr=yes) of a binary that is here: its page. */
static void instr_page(const char *tmp, const char *pages)
{
	struct strbuf bin = STRBUF_INIT, out = STRBUF_INIT, opt = STRBUF_INIT, page = STRBUF_INIT;

	strbuf_addf(&bin, "%s/profiled", support_fixtures());
	path_join(&out, tmp, "instr.callgrind.out");
	strbuf_addf(&opt, "--callgrind-out-file=%s", out.buf);
	run_ok((const char *[]){ "valgrind", "-q", "--tool=callgrind", "--dump-instr=yes", opt.buf,
				 bin.buf, NULL }, tmp, NULL);
	path_join(&page, pages, "instr.html");
	run_ok((const char *[]){ support_tare(), "report", out.buf, "-o", page.buf, NULL }, NULL, NULL);
	strbuf_release(&bin);
	strbuf_release(&out);
	strbuf_release(&opt);
	strbuf_release(&page);
}

TARE_TEST(pages_work_in_a_browser)
{
	struct strbuf np = STRBUF_INIT, tmp = STRBUF_INIT, pages = STRBUF_INIT, f = STRBUF_INIT;
	const char *chromium = getenv("TARE_CHROMIUM") ? getenv("TARE_CHROMIUM") : "chromium";
	const char *profile = "tests/annotate/profiles/callgrind.default.out";
	const char *older = "tests/annotate/profiles/callgrind.instr-jumps.out";
	struct support_run r;

	if (!have(chromium) || !have("node"))
		TARE_SKIP("no Chromium or no Node.js here (scripts/deps.sh browser installs them)");
	if (node_path(&np) < 0 || !have_playwright(np.buf))
		TARE_SKIP("no playwright-core here (scripts/deps.sh browser installs it)");
	strbuf_addstr(&tmp, "/tmp/tare-browser-XXXXXX");
	TARE_ASSERT_NOT_NULL(mkdtemp(tmp.buf));
	path_join(&pages, tmp.buf, "pages");
	TARE_ASSERT_EQ(mkdir_p(pages.buf), 0);
	{
		/* From the project's root: the profiles name their sources from there. */
		path_join(&f, pages.buf, "flame.svg");
		run_ok((const char *[]){ support_tare(), "flamegraph", "tests/browser/flame.out", "-o", f.buf, NULL },
		       NULL, NULL);
		strbuf_reset(&f);
		path_join(&f, pages.buf, "flame.html");
		run_ok((const char *[]){ support_tare(), "report", "tests/browser/flame.out", "-o", f.buf, NULL },
		       NULL, NULL);
		strbuf_reset(&f);
		path_join(&f, pages.buf, "report.html");
		run_ok((const char *[]){ support_tare(), "report", profile, "-o", f.buf, NULL }, NULL, NULL);
		strbuf_reset(&f);
		path_join(&f, pages.buf, "diff.html");
		run_ok((const char *[]){ support_tare(), "report", older, profile, "-o", f.buf, NULL }, NULL, NULL);
		strbuf_reset(&f);
		path_join(&f, pages.buf, "bench.html");
		bench_page(tmp.buf, f.buf);
		instr_page(tmp.buf, pages.buf);
	}
	{
		const char *argv[] = { "node", "tests/browser/check.js", pages.buf, NULL };
		const char *env[] = { np.buf, NULL };

		support_run(&r, argv, NULL, env, 300);
		if (r.status)
			TARE_FAIL("the pages failed in Chromium (status %d):\n%s%s", r.status, r.out.buf,
				  r.err.buf);
		support_run_release(&r);
	}
	remove_tree(tmp.buf);
	strbuf_release(&np);
	strbuf_release(&tmp);
	strbuf_release(&pages);
	strbuf_release(&f);
}
