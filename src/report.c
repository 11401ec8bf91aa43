#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cg_annotate.h"
#include "capture.h"
#include "fsutil.h"
#include "report.h"
#include "memcheck.h"
#include "term.h"

void report_init(struct report *r, FILE *out, int color, int progress)
{
	memset(r, 0, sizeof(*r));
	r->out = out;
	r->color = color;
	r->progress = progress;
	r->terminal = isatty(fileno(out));
	r->level = LEVEL_SKIP;
	r->final_level = FINAL_FLAKY;
	r->start = time_now();
}

static const char *c(const struct report *r, enum term_color tc)
{
	return term_color(r->color, tc);
}

static int digits(size_t n)
{
	int d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

static void report_start(void *data, const struct run_start *rs)
{
	struct report *r = data;
	size_t tests = rs->tests, binaries = rs->binaries, skipped = rs->skipped;

	r->total = tests;
	r->counter_width = digits(tests);
	term_progress_clear();
	fprintf(r->out, "%s%12s%s %zu %s across %zu %s", c(r, TC_BOLD_GREEN),
		"Starting", c(r, TC_RESET), tests, tests == 1 ? "test" : "tests",
		binaries, binaries == 1 ? "binary" : "binaries");
	if (skipped)
		fprintf(r->out, " (%zu %s skipped)", skipped,
			skipped == 1 ? "test" : "tests");
	fprintf(r->out, " with profile %s\n", rs->profile);
	fflush(r->out);
}

/* A one-process binary's results: the counter's total grows. */
static void report_cases_added(void *data, size_t n)
{
	struct report *r = data;

	r->total += n;
	r->counter_width = digits(r->total);
}

static enum term_color status_color(const struct attempt *a)
{
	switch (a->status) {
	case ST_PASS: return a->leaked ? TC_BOLD_YELLOW : TC_BOLD_GREEN;
	case ST_SKIP: return TC_BOLD_YELLOW;
	default: return TC_BOLD_RED;
	}
}

static void print_name(struct report *r, const struct test_case *tc)
{
	fprintf(r->out, "%s%s%s %s%s%s\n", c(r, TC_MAGENTA), tc->bin->id,
		c(r, TC_RESET), c(r, TC_BOLD), tc->name, c(r, TC_RESET));
}

/* A path as the user would type it here: relative, when under the current folder. */
static const char *path_shown(const char *path)
{
	char *cwd = getcwd(NULL, 0);
	const char *shown = path;

	if (cwd) {
		size_t n = strlen(cwd);

		if (!strncmp(path, cwd, n) && path[n] == '/')
			shown = path + n + 1;
		free(cwd);
	}
	return shown;
}

/*
 * Where all that was kept of a stream goes when a terminal shows only the
 * end of it: ROOT/.tare/output/BINARY/TEST.stdout (.try2.stdout for a
 * retry), each name one path component.
 */
static int output_file(struct strbuf *path, const struct report *r,
		       const struct test_case *tc, const struct attempt *a, const char *label)
{
	strbuf_reset(path);
	strbuf_addf(path, "%s/.tare/output/", r->root ? r->root : ".");
	path_add_name(path, tc->bin->id);
	if (mkdir_p(path->buf) < 0)
		return -1;
	strbuf_addch(path, '/');
	path_add_name(path, tc->name);
	if (a->number > 1)
		strbuf_addf(path, ".try%d", a->number);
	strbuf_addf(path, ".%s", label);
	return 0;
}

/* Where the last `lines` lines of text start. */
static size_t last_lines(const struct strbuf *text, size_t lines, size_t *above)
{
	size_t at = text->len, seen = 0, total = 0, i;

	if (at && text->buf[at - 1] == '\n')
		at--;
	for (i = 0; i < text->len; i++)
		total += text->buf[i] == '\n';
	if (text->len && text->buf[text->len - 1] != '\n')
		total++;
	while (at > 0 && seen < lines) {
		at--;
		if (text->buf[at] == '\n' && ++seen == lines) {
			at++;
			break;
		}
	}
	*above = total > lines ? total - lines : 0;
	return *above ? at : 0;
}

static void print_output(struct report *r, const struct test_case *tc,
			 const struct attempt *a, const char *label,
			 const struct strbuf *sb, size_t cut_at, size_t cut)
{
	struct strbuf kept = STRBUF_INIT, ind = STRBUF_INIT, path = STRBUF_INIT;
	size_t from = 0, above = 0;

	if (!sb->len && !cut)
		return;
	fprintf(r->out, "  %s%s ───%s\n", c(r, TC_DIM), label, c(r, TC_RESET));
	capture_add_marked(&kept, sb->buf, sb->len, cut_at, cut);
	/*
	 * A terminal gets a screenful, the end (where assertions are), and
	 * the file that holds all that was kept.
	 */
	if (r->terminal) {
		int screen = term_height() - 4;

		from = last_lines(&kept, (size_t)(screen < 10 ? 10 : screen), &above);
		if (above && (output_file(&path, r, tc, a, label) < 0 ||
			      atomic_write_file(path.buf, kept.buf, kept.len) < 0))
			from = above = 0;
	}
	if (above)
		fprintf(r->out, "    %s[tare: %zu lines above not shown; all that was kept: %s]%s\n",
			c(r, TC_DIM), above, path_shown(path.buf), c(r, TC_RESET));
	strbuf_add_indented(&ind, kept.buf + from, kept.len - from, "    ");
	fwrite(ind.buf, 1, ind.len, r->out);
	strbuf_release(&ind);
	strbuf_release(&kept);
	strbuf_release(&path);
}

/* The status word of an attempt, with "TRY n" when retries are on. */
static void status_word(struct strbuf *sb, const struct test_case *tc,
			const struct attempt *a, int final_list)
{
	const struct case_run *cr = tc->run;

	if (final_list && cr && cr->flaky)
		strbuf_addf(sb, "FLAKY %d/%d", a->number, cr->total_attempts);
	else if (cr && cr->total_attempts > 1 && !final_list &&
		 (a->number > 1 || attempt_failed(a)))
		strbuf_addf(sb, "TRY %d %s", a->number, attempt_status_word(a));
	else
		strbuf_addstr(sb, attempt_status_word(a));
	if (a->leaked && a->status != ST_PASS && a->status != ST_LEAK_FAIL)
		strbuf_addstr(sb, " + LEAK");
}

static void print_status(struct report *r, const struct test_case *tc,
			 const struct attempt *a, int final, int final_list)
{
	struct strbuf word = STRBUF_INIT, note = STRBUF_INIT;
	const char *why;
	const struct case_run *cr = tc->run;
	enum term_color col = final_list && cr && cr->flaky ? TC_BOLD_YELLOW : status_color(a);

	status_word(&word, tc, a, final_list);
	fprintf(r->out, "%s%12s%s [%8.3fs] ", c(r, col), word.buf,
		c(r, TC_RESET), a->duration);
	if (final && !final_list)
		fprintf(r->out, "(%*zu/%zu) ", r->counter_width, r->finished,
			r->total);
	print_name(r, tc);
	why = attempt_explanation(a, &note);
	if (why)
		fprintf(r->out, "  %snote:%s %s\n", c(r, TC_YELLOW), c(r, TC_RESET), why);
	strbuf_release(&word);
	strbuf_release(&note);
}

/* Memcheck's errors, explained under the status line. */
static void print_memcheck(struct report *r, const struct test_case *tc,
			   const struct attempt *a)
{
	struct strbuf sb = STRBUF_INIT;
	struct mc_style st = {
		r->root, "  ", c(r, TC_BOLD_RED), c(r, TC_RESET),
		c(r, TC_BOLD), c(r, TC_RESET), r->verbose, r->suppressions, NULL,
	};
	struct strbuf name = STRBUF_INIT;

	strbuf_addf(&name, "%s:%s", tc->bin->id, tc->name);
	st.name = name.buf;
	mc_format_errors(&sb, a->mc_errors, &st);
	strbuf_release(&name);
	fwrite(sb.buf, 1, sb.len, r->out);
	strbuf_release(&sb);
}

/*
 * Under callgrind: where the test's profile is, its costliest functions,
 * and the command that shows the rest.
 */
static void print_profile(struct report *r, const struct attempt *a)
{
	struct strbuf sb = STRBUF_INIT, strip = STRBUF_INIT;
	const char *shown = path_shown(a->profile);

	if (r->root)
		strbuf_addf(&strip, "%s/", r->root);
	strbuf_addf(&sb, "  %sprofile:%s %s\n", c(r, TC_BOLD), c(r, TC_RESET), shown);
	annotate_top(&sb, a->profile, 5, "    ", strip.len ? strip.buf : NULL);
	strbuf_addf(&sb, "  %smore:%s    tare annotate ", c(r, TC_BOLD), c(r, TC_RESET));
	strbuf_add_shell_quoted(&sb, shown);
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, r->out);
	strbuf_release(&sb);
	strbuf_release(&strip);
}

static int shows_output(enum output_when w, int final_list)
{
	if (final_list)
		return w == OUTPUT_FINAL || w == OUTPUT_IMMEDIATE_FINAL;
	return w == OUTPUT_IMMEDIATE || w == OUTPUT_IMMEDIATE_FINAL;
}

static enum status_level attempt_level(const struct attempt *a, int final)
{
	if (!final)
		return LEVEL_RETRY;
	if (attempt_failed(a))
		return LEVEL_FAIL;
	if (a->slow)
		return LEVEL_SLOW;
	if (a->leaked)
		return LEVEL_LEAK;
	return a->status == ST_SKIP ? LEVEL_SKIP : LEVEL_PASS;
}

static void show_attempt(struct report *r, const struct test_case *tc,
			 const struct attempt *a, int final, int final_list)
{
	const struct case_run *cr = tc->run;
	/* A case kept as its outcome alone has no output left to show. */
	enum output_when w = !cr ? OUTPUT_NEVER : attempt_failed(a) ? cr->s.failure_output
							       : cr->s.success_output;

	print_status(r, tc, a, final, final_list);
	if (a->profile && !final_list)
		print_profile(r, a);
	if (a->mc_count && cr && shows_output(cr->s.failure_output, final_list))
		print_memcheck(r, tc, a);
	if (a->status != ST_SKIP && shows_output(w, final_list)) {
		print_output(r, tc, a, "stdout", &a->out, a->out_cut_at, a->out_dropped);
		print_output(r, tc, a, "stderr", &a->err, a->err_cut_at, a->err_dropped);
	}
}

static void report_attempt(void *data, const struct test_case *tc,
			   const struct attempt *a, int final)
{
	struct report *r = data;

	if (final) {
		r->finished++;
		if (((const struct case_run *)tc->run)->failed)
			r->failed++;
	}
	if (attempt_level(a, final) > r->level)
		return;
	term_progress_clear();
	show_attempt(r, tc, a, final, 0);
	fflush(r->out);
}

static void report_slow(void *data, const struct test_case *tc,
			double elapsed, int terminating)
{
	struct report *r = data;

	if (r->level < LEVEL_SLOW)
		return;
	term_progress_clear();
	fprintf(r->out, "%s%12s%s [>%7.3fs] ", c(r, TC_BOLD_YELLOW),
		terminating ? "TERMINATING" : "SLOW", c(r, TC_RESET), elapsed);
	print_name(r, tc);
	fflush(r->out);
}

static void report_interrupt(void *data, int sig, int count, int running)
{
	struct report *r = data;

	term_progress_clear();
	if (count == 1)
		fprintf(r->out, "%s%12s%s due to %s: %d %s still running\n",
			c(r, TC_BOLD_YELLOW), "Cancelling", c(r, TC_RESET),
			sig == SIGINT ? "interrupt" : signal_name(sig), running,
			running == 1 ? "test" : "tests");
	else
		fprintf(r->out, "%s%12s%s %d %s\n", c(r, TC_BOLD_RED), "Killing",
			c(r, TC_RESET), running, running == 1 ? "test" : "tests");
	fflush(r->out);
}

static void report_cancel(void *data, const char *why, int running)
{
	struct report *r = data;

	if (!running)
		return;
	term_progress_clear();
	fprintf(r->out, "%s%12s%s due to %s: %d %s still running\n",
		c(r, TC_BOLD_YELLOW), "Cancelling", c(r, TC_RESET), why, running,
		running == 1 ? "test" : "tests");
	fflush(r->out);
}

static void report_progress(void *data, int running,
			    const struct test_case *longest, double elapsed_test)
{
	struct report *r = data;
	struct strbuf line = STRBUF_INIT, text = STRBUF_INIT;
	double elapsed = time_now() - r->start;
	size_t width = (size_t)term_width() - 1;

	if (!r->progress)
		return;
	strbuf_addf(&text, "%12s [%02d:%02d:%02d] %zu/%zu: %d running, %zu failed",
		    "Running", (int)(elapsed / 3600), (int)(elapsed / 60) % 60,
		    (int)elapsed % 60, r->finished, r->total, running, r->failed);
	if (longest)
		strbuf_addf(&text, "; %s %s (%.0fs)", longest->bin->id,
			    longest->name, elapsed_test);
	/* One terminal line: cut at the width, never inside a UTF-8 character. */
	if (text.len > width) {
		size_t cut = width;
		while (cut > 0 && (text.buf[cut] & 0xc0) == 0x80)
			cut--;
		strbuf_setlen(&text, cut);
	}
	strbuf_addf(&line, "%s%.12s%s%s", c(r, TC_BOLD_GREEN), text.buf,
		    c(r, TC_RESET), text.buf + 12);
	fflush(r->out);
	term_progress_draw(line.buf);
	strbuf_release(&line);
	strbuf_release(&text);
}

static void detail(struct strbuf *sb, size_t n, const char *what, int *first)
{
	if (!n)
		return;
	strbuf_addf(sb, "%s%zu %s", *first ? " (" : ", ", n, what);
	*first = 0;
}

static int final_shows(const struct report *r, const struct case_outcome *o)
{
	if (o->failed && !o->flaky)
		return r->final_level >= FINAL_FAIL;
	if (o->flaky)
		return r->final_level >= FINAL_FLAKY;
	if (o->slow)
		return r->final_level >= FINAL_SLOW;
	if (o->status == ST_SKIP)
		return r->final_level >= FINAL_SKIP;
	return r->final_level >= FINAL_PASS;
}

static int report_summary(void *data, const struct test_list *list,
			  const struct run_summary *sum, int exit_code)
{
	struct report *r = data;
	struct strbuf line = STRBUF_INIT;
	int first;
	size_t i;

	term_progress_clear();
	fprintf(r->out, "────────────\n");
	strbuf_addf(&line, "%s%12s%s [%8.3fs] %zu %s run: %zu passed",
		    c(r, TC_BOLD), "Summary", c(r, TC_RESET), sum->duration,
		    sum->run, sum->run == 1 ? "test" : "tests", sum->passed);
	first = 1;
	detail(&line, sum->slow, "slow", &first);
	detail(&line, sum->leaky, "leaky", &first);
	detail(&line, sum->flaky_passed, "flaky", &first);
	if (!first)
		strbuf_addch(&line, ')');
	strbuf_addf(&line, ", %zu failed", sum->failed);
	first = 1;
	detail(&line, sum->flaky_failed, "flaky", &first);
	detail(&line, sum->crashed, "crashed", &first);
	detail(&line, sum->interrupted, "interrupted", &first);
	detail(&line, sum->timed_out, "timed out", &first);
	detail(&line, sum->exec_failed, "exec failed", &first);
	detail(&line, sum->no_result, "without result", &first);
	detail(&line, sum->leak_failed, "leaked", &first);
	detail(&line, sum->memcheck, "memcheck", &first);
	if (!first)
		strbuf_addch(&line, ')');
	strbuf_addf(&line, ", %zu skipped", sum->skipped);
	fprintf(r->out, "%s\n", line.buf);

	for (i = 0; i < list->cases.nr; i++) {
		const struct test_case *tc = list->cases.v[i];
		const struct case_outcome *o = run_outcome(sum, tc);
		const struct case_run *cr = tc->run;
		struct attempt brief;

		if (!o || !final_shows(r, o))
			continue;
		if (cr && cr->attempts.nr) {
			const struct attempt *a = cr->attempts.v[cr->attempts.nr - 1];

			attempt_output_load(a);
			show_attempt(r, tc, a, 1, 1);
			attempt_output_unload(a);
		} else {
			attempt_from_outcome(&brief, o);
			show_attempt(r, tc, &brief, 1, 1);
		}
	}
	if (sum->not_run)
		fprintf(r->out, "%swarning:%s %zu/%zu tests were not run due to %s\n",
			c(r, TC_BOLD_YELLOW), c(r, TC_RESET), sum->not_run,
			sum->selected, sum->interrupt_signal ? "interrupt" :
			"test failure (--no-fail-fast runs them all)");
	fprintf(r->out, "summary: %zu passed, %zu failed, %zu skipped\n",
		sum->passed, sum->failed, sum->skipped);
	fflush(r->out);
	strbuf_release(&line);
	(void)exit_code;
	return 0;
}

/* What the final list shows in full: failures, retries, output asked for at the end. */
static int report_keeps_case(void *data, const struct case_run *cr)
{
	const struct attempt *last = cr->attempts.v[cr->attempts.nr - 1];

	(void)data;
	if (cr->failed || cr->attempts.nr > 1)
		return 1;
	return last->status != ST_SKIP && shows_output(cr->s.success_output, 1);
}

/* The final list shows the output of a case's last attempt, as show_attempt() decides. */
static int report_keeps_output(void *data, const struct case_run *cr,
			       const struct attempt *a)
{
	(void)data;
	return a->status != ST_SKIP && a == cr->attempts.v[cr->attempts.nr - 1] &&
	       shows_output(attempt_failed(a) ? cr->s.failure_output
					      : cr->s.success_output, 1);
}

struct run_observer report_observer(struct report *r)
{
	static const struct run_observer_ops ops = {
		.run_started = report_start,
		.cases_added = report_cases_added,
		.test_slow = report_slow,
		.attempt_done = report_attempt,
		.stopping = report_cancel,
		.interrupted = report_interrupt,
		.progress = report_progress,
		.run_finished = report_summary,
		.keeps_case = report_keeps_case,
		.keeps_output = report_keeps_output,
	};

	return (struct run_observer){ .ops = &ops, .data = r, .wants_ticks = r->progress };
}
