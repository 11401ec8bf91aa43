#define TARE_NO_MAIN
#include "tare.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "runner.h"
#include "support.h"

static const char *abs_env(const char *var, const char *fallback,
			   struct strbuf *sb)
{
	const char *v = getenv(var);

	strbuf_reset(sb);
	path_absolute(sb, v && *v ? v : fallback);
	return sb->buf;
}

const char *support_tare(void)
{
	static struct strbuf sb = STRBUF_INIT;
	return abs_env("TARE_EXE", "build/tare", &sb);
}

const char *support_fixtures(void)
{
	static struct strbuf sb = STRBUF_INIT;
	return abs_env("TARE_FIXTURES", "build/fixtures", &sb);
}

void support_run(struct support_run *r, const char *const *argv,
		 const char *dir, const char *const *env, double timeout)
{
	struct run_job job;

	run_job_init(&job);
	strvec_pushv(&job.child.args, (const char **)argv);
	if (env)
		strvec_pushv(&job.child.env, (const char **)env);
	job.child.dir = dir;
	/* All of it: the tests compare whole reports. */
	job.keep_head = (size_t)1 << 30;
	job.keep_tail = 0;
	job.slow_period = timeout;
	job.terminate_after = 1;
	job.grace = 5;
	TARE_ASSERT_EQ(runner_run_one(&job), 0);
	TARE_ASSERT_EQ(job.start_errno, 0);
	if (job.timed_out)
		TARE_FAIL("%s did not finish within %.0fs", argv[0], timeout);
	r->status = job.term_signal ? 128 + job.term_signal : job.exit_code;
	r->out = job.out;
	r->err = job.err;
	strbuf_init(&job.out, 0);
	strbuf_init(&job.err, 0);
	run_job_release(&job);
}

void support_run_release(struct support_run *r)
{
	strbuf_release(&r->out);
	strbuf_release(&r->err);
}

void support_write_temp(char *tmpl, const char *text)
{
	int fd = mkstemp(tmpl);
	FILE *f;

	TARE_ASSERT(fd >= 0);
	f = fdopen(fd, "w");
	TARE_ASSERT_NOT_NULL(f);
	fputs(text, f);
	TARE_ASSERT_EQ(fclose(f), 0);
}

void support_replace_all(struct strbuf *sb, const char *from, const char *to)
{
	struct strbuf res = STRBUF_INIT;
	const char *p = sb->buf, *hit;
	size_t n = strlen(from);

	if (!n)
		return;
	while ((hit = strstr(p, from))) {
		strbuf_add(&res, p, (size_t)(hit - p));
		strbuf_addstr(&res, to);
		p = hit + n;
	}
	strbuf_addstr(&res, p);
	strbuf_release(sb);
	*sb = res;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f');
}

/* A uuid (8-4-4-4-12 hex) at p. */
static int is_uuid(const char *p)
{
	static const int groups[] = { 8, 4, 4, 4, 12 };
	int g, i;

	for (g = 0; g < 5; g++) {
		for (i = 0; i < groups[g]; i++, p++)
			if (!is_hex(*p))
				return 0;
		if (g < 4 && *p++ != '-')
			return 0;
	}
	return 1;
}

/*
 * Times and ids change from run to run: "[   0.003s]" and "[>  1.000s]"
 * become "[T.TTTs]" and "[>T.TTTs]", any other "12.345s" "T.TTTs",
 * JSON durations and XML times 0, run ids and timestamps placeholders,
 * Valgrind's "==PID==" "==0==", Criterion's "(0.01s)" "(T.TTs)", and the
 * file of a Valgrind replacement function (debug information installed or
 * not) the library's.
 */
void support_normalise(struct strbuf *sb, const char *tmp)
{
	struct strbuf res = STRBUF_INIT;
	const char *p;

	support_replace_all(sb, tmp, "@TMP@");
	support_replace_all(sb, support_fixtures(), "@FIXTURES@");
	{
		/* Valgrind names the folders sources were built in. */
		char cwd[PATH_MAX];
		if (getcwd(cwd, sizeof(cwd)))
			support_replace_all(sb, cwd, "@ROOT@");
	}
	for (p = sb->buf; *p;) {

		if (*p == '[') {
			const char *t = p + 1, *e;
			int gt = *t == '>';

			t += gt;
			while (*t == ' ')
				t++;
			for (e = t; is_digit(*e); e++)
				;
			if (e > t && *e == '.' && is_digit(e[1]) && is_digit(e[2]) &&
			    is_digit(e[3]) && e[4] == 's' && e[5] == ']') {
				strbuf_addstr(&res, gt ? "[>T.TTTs]" : "[T.TTTs]");
				p = e + 6;
				continue;
			}
		}
		if (is_digit(*p) && (p == sb->buf || !is_digit(p[-1]))) {
			const char *t = p;
			while (is_digit(*t))
				t++;
			if (*t == '.' && is_digit(t[1]) && is_digit(t[2]) &&
			    is_digit(t[3]) && t[4] == 's' && !is_digit(t[5])) {
				strbuf_addstr(&res, "T.TTTs");
				p = t + 5;
				continue;
			}
		}
		if (p[0] == '=' && p[1] == '=' && is_digit(p[2])) {
			const char *t = p + 2;

			while (is_digit(*t))
				t++;
			if (t[0] == '=' && t[1] == '=') {
				strbuf_addstr(&res, "==0==");
				p = t + 2;
				continue;
			}
		}
		if (p[0] == '(' && is_digit(p[1]) && p[2] == '.' && is_digit(p[3]) &&
		    is_digit(p[4]) && p[5] == 's' && p[6] == ')') {
			strbuf_addstr(&res, "(T.TTs)");
			p += 7;
			continue;
		}
		if (p[0] == '0' && p[1] == 'x' && is_hex(p[2]) && is_hex(p[3]) &&
		    is_hex(p[4]) && is_hex(p[5]) && is_hex(p[6]) && is_hex(p[7])) {
			/* An address: memcheck's change from run to run. */
			strbuf_addstr(&res, "0xADDR");
			for (p += 2; is_hex(*p) || (*p >= 'A' && *p <= 'F'); p++)
				;
			continue;
		}
		if (!strncmp(p, "tare.h:", 7) && is_digit(p[7])) {
			/* The header's own lines move whenever it is edited. */
			strbuf_addstr(&res, "tare.h:LINE");
			for (p += 7; is_digit(*p); p++)
				;
			continue;
		}
		if (!strncmp(p, "(vg_replace_malloc.c:", 21) ||
		    !strncmp(p, "(vg_replace_strmem.c:", 21)) {
			/*
			 * Valgrind's replacement functions, where its debug
			 * information is installed (Debian: valgrind-dbg).
			 */
			const char *t = p + 21;

			while (is_digit(*t))
				t++;
			if (t > p + 21 && *t == ')') {
				strbuf_addstr(&res, "(in vgpreload_memcheck-amd64-linux.so)");
				p = t + 1;
				continue;
			}
		}
		if (!strncmp(p, "\"file\":\"vg_replace_", 19)) {
			/* The same in a JSON frame: file, dir and line. */
			const char *t = strstr(p, ",\"line\":"), *brace = strchr(p, '}');

			if (t && (!brace || t < brace)) {
				for (t += 8; is_digit(*t); t++)
					;
				strbuf_addstr(&res, "\"file\":null,\"dir\":null,\"line\":null");
				p = t;
				continue;
			}
		}
		if (is_uuid(p)) {
			strbuf_addstr(&res, "@RUN_ID@");
			p += 36;
			continue;
		}
		if (!strncmp(p, "\"duration\":", 11) || !strncmp(p, "\"elapsed\":", 10) ||
		    !strncmp(p, "\"pid\":", 6) ||
		    !strncmp(p, "time=\"", 6) || !strncmp(p, "\"timestamp\":\"", 13) ||
		    !strncmp(p, "timestamp=\"", 11)) {
			const char *v = strpbrk(p, ":=") + 1;
			int quoted = *v == '"';

			strbuf_add(&res, p, (size_t)(v - p));
			strbuf_addstr(&res, quoted ? "\"X\"" : "0");
			v += quoted;
			while (*v && (quoted ? *v != '"' : (is_digit(*v) || *v == '.')))
				v++;
			p = v + (quoted && *v == '"');
			continue;
		}
		strbuf_addch(&res, *p++);
	}
	strbuf_release(sb);
	*sb = res;
}

