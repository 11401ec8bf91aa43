#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>

#include "cursor.h"
#include "fsutil.h"
#include "memcheck.h"
#include "spawn.h"
#include "valgrind.h"

/* Memcheck runs code 20 to 50 times slower: meson's multiplier for Valgrind is 100. */
#define MEMCHECK_TIMEOUT_MULTIPLIER 20
/* Callgrind is slower still: 50 to 100 times native code. */
#define CALLGRIND_TIMEOUT_MULTIPLIER 50

/* The tool w runs Valgrind with, or NULL if w does not run Valgrind. */
static const char *valgrind_tool(const struct wrapper *w)
{
	const char *prog;
	size_t i;

	if (!w || !w->argv.nr)
		return NULL;
	prog = path_basename(w->argv.v[0]);
	if (strcmp(prog, "valgrind") && strcmp(prog, "valgrind.bin"))
		return NULL;
	for (i = 1; i < w->argv.nr; i++)
		if (!strncmp(w->argv.v[i], "--tool=", 7))
			return w->argv.v[i] + 7;
	return "memcheck";
}

int valgrind_is_memcheck(const struct wrapper *w)
{
	const char *tool = valgrind_tool(w);

	return tool && !strcmp(tool, "memcheck");
}

int valgrind_is_callgrind(const struct wrapper *w)
{
	const char *tool = valgrind_tool(w);

	return tool && !strcmp(tool, "callgrind");
}

void valgrind_leak_kinds(struct strbuf *sb, unsigned kinds)
{
	enum mc_leak k;
	int first = 1;

	for (k = MC_LEAK_DEFINITE; k <= MC_LEAK_REACHABLE; k++)
		if (kinds & 1u << k) {
			strbuf_addf(sb, "%s%s", first ? "" : ",", mc_leak_name(k));
			first = 0;
		}
	if (first)
		strbuf_addstr(sb, "none");
}

/*
 * Valgrind opens FIFOs in /tmp for vgdb and removes them at exit, but not
 * when it is killed: a runner that ends hung tests with SIGKILL would
 * leave hundreds. Nobody attaches a debugger to a test tare runs, so
 * vgdb is off unless the wrapper asks for it.
 */
/* 1 if args (NULL: none) set the option name: "NAME" or "NAME=...". */
static int args_have(const struct strvec *args, const char *name)
{
	size_t n = strlen(name), i;

	for (i = 0; args && i < args->nr; i++)
		if (!strncmp(args->v[i], name, n) && (args->v[i][n] == '=' || !args->v[i][n]))
			return 1;
	return 0;
}

void valgrind_no_vgdb(struct strvec *args)
{
	if (!args_have(args, "--vgdb"))
		strvec_push(args, "--vgdb=no");
}

/* 1 if args, or the extra arguments tare.toml adds, already set name. */
static int args_set(const struct strvec *args, const struct settings *s, const char *name)
{
	return args_have(args, name) || args_have(s->mc_extra_args, name);
}

/*
 * A served test is a child forked from the server, and Valgrind ends each
 * child as it ends a program: it runs libc's and libstdc++'s freeres
 * (code the server never ran, so translated afresh in every child) and,
 * at the default --sanity-level=1, an expensive check of memcheck's own
 * shadow map. Measured on Valgrind 3.19, the two cost some 40 ms a test,
 * nine tenths of a served test's overhead. Neither finds a bug in the
 * test: the sanity check tests Valgrind, and freeres frees only blocks libc
 * still points to, which are reachable, never definitely or indirectly
 * lost; freeres stays where the failing leak kinds include possible or
 * reachable, whose reports it does change.
 */
static void served_args(struct strvec *args, const struct settings *s)
{
	unsigned reached = 1u << MC_LEAK_POSSIBLE | 1u << MC_LEAK_REACHABLE;

	if (!args_set(args, s, "--sanity-level"))
		strvec_push(args, "--sanity-level=0");
	if (s->mc_leak_kinds & reached)
		return;
	if (!args_set(args, s, "--run-libc-freeres"))
		strvec_push(args, "--run-libc-freeres=no");
	if (!args_set(args, s, "--run-cxx-freeres"))
		strvec_push(args, "--run-cxx-freeres=no");
}

void valgrind_memcheck_args(struct strvec *args, const struct settings *s,
			    const char *xml_dir, int gen_suppressions, int served)
{
	struct strbuf kinds = STRBUF_INIT;
	size_t i;

	valgrind_no_vgdb(args);
	strvec_push(args, "--xml=yes");
	strvec_pushf(args, "--xml-file=%s/%%p.xml", xml_dir);
	strvec_push(args, "--trace-children=yes");
	/* Valgrind cannot run under Valgrind: a test that starts it is not followed there. */
	strvec_push(args, "--trace-children-skip=*/valgrind,*/valgrind.bin");
	valgrind_leak_kinds(&kinds, s->mc_leak_kinds);
	if (s->mc_leak_kinds) {
		/* Only the kinds that fail are shown: the rest is noise. */
		strvec_push(args, "--leak-check=full");
		strvec_pushf(args, "--show-leak-kinds=%s", kinds.buf);
	}
	strvec_pushf(args, "--errors-for-leak-kinds=%s", kinds.buf);
	for (i = 0; i < s->mc_suppressions->nr; i++)
		strvec_pushf(args, "--suppressions=%s", s->mc_suppressions->v[i]);
	if (gen_suppressions)
		strvec_push(args, "--gen-suppressions=all");
	if (served)
		served_args(args, s);
	strvec_pushv(args, s->mc_extra_args->v);
	strbuf_release(&kinds);
}

/* N of --error-exitcode=N (1 to 255), or -1 if arg is not one. */
static int error_exitcode_arg(const char *arg)
{
	const char *p = arg, *end = arg + strlen(arg);
	uint64_t n;

	if (cursor_lit(&p, end, "--error-exitcode=") || cursor_u64(&p, end, 255, &n) || p != end)
		return -1;
	return (int)n;
}

int valgrind_error_exitcode(const struct wrapper *w, const struct settings *s)
{
	int code = 0, n;
	size_t i;

	for (i = 0; w && i < w->argv.nr; i++)
		if ((n = error_exitcode_arg(w->argv.v[i])) >= 0)
			code = n;
	for (i = 0; s->mc_extra_args && i < s->mc_extra_args->nr; i++)
		if ((n = error_exitcode_arg(s->mc_extra_args->v[i])) >= 0)
			code = n;
	return code;
}

int valgrind_timeout_multiplier(const struct wrapper *w, const struct settings *s)
{
	if (s->timeout_multiplier > 0)
		return s->timeout_multiplier;
	if (valgrind_is_callgrind(w))
		return CALLGRIND_TIMEOUT_MULTIPLIER;
	return valgrind_is_memcheck(w) ? MEMCHECK_TIMEOUT_MULTIPLIER : 1;
}

void valgrind_bench_args(struct strvec *args, const char *const cache[3],
			 const char *out_file)
{
	strvec_push(args, "valgrind");
	strvec_push(args, "--tool=callgrind");
	valgrind_no_vgdb(args);
	strvec_push(args, "--cache-sim=yes");
	strvec_pushf(args, "--I1=%s", cache[0]);
	strvec_pushf(args, "--D1=%s", cache[1]);
	strvec_pushf(args, "--LL=%s", cache[2]);
	strvec_push(args, "--collect-atstart=no");
	strvec_push(args, "--separate-threads=yes");
	strvec_pushf(args, "--callgrind-out-file=%s", out_file);
}

void valgrind_callgrind_test_args(struct strvec *args, struct strvec *env,
				  const char *out_file, const char *toggle_fn)
{
	valgrind_no_vgdb(args);
	if (out_file)
		strvec_pushf(args, "--callgrind-out-file=%s", out_file);
	if (toggle_fn) {
		strvec_push(args, "--collect-atstart=no");
		strvec_pushf(args, "--toggle-collect=%s", toggle_fn);
	}
	strvec_push(env, "LD_BIND_NOW=1");
}

void valgrind_dhat_args(struct strvec *args, const char *out_file)
{
	strvec_push(args, "valgrind");
	strvec_push(args, "--tool=dhat");
	valgrind_no_vgdb(args);
	strvec_push(args, "--num-callers=500");
	strvec_pushf(args, "--dhat-out-file=%s", out_file);
}

char *valgrind_version(void)
{
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;
	int status;

	strvec_push(&c.args, "valgrind");
	strvec_push(&c.args, "--version");
	c.in = CHILD_DEVNULL;
	status = child_capture(&c, &out);
	child_release(&c);
	if (status < 0) {
		error_errno("cannot run valgrind (Debian: apt-get install valgrind)");
		strbuf_release(&out);
		return NULL;
	}
	strbuf_rtrim(&out);
	if (status || strncmp(out.buf, "valgrind-", 9) || strchr(out.buf, '\n')) {
		error("'valgrind --version' said '%.60s' (status %d), not its version",
		      out.buf, status);
		strbuf_release(&out);
		return NULL;
	}
	return strbuf_detach(&out, NULL);
}

/* 1 if the kernel randomises nothing for anyone (randomize_va_space is 0). */
static int aslr_off_everywhere(void)
{
	FILE *f = fopen("/proc/sys/kernel/randomize_va_space", "r");
	int c = f ? fgetc(f) : EOF;

	if (f)
		fclose(f);
	return c == '0';
}

int valgrind_disable_aslr(void)
{
	int cur = personality(0xffffffff), saved;

	/* Docker's default seccomp profile refuses ADDR_NO_RANDOMIZE: fine if the host has none. */
	if (cur == -1 || (!(cur & ADDR_NO_RANDOMIZE) &&
			  personality((unsigned long)cur | ADDR_NO_RANDOMIZE) == -1)) {
		saved = errno;
		if (aslr_off_everywhere())
			return 0;
		errno = saved;
		return -1;
	}
	cur = personality(0xffffffff);
	if (cur == -1)
		return -1;
	if (!(cur & ADDR_NO_RANDOMIZE) && !aslr_off_everywhere()) {
		/* Some sandboxes accept the call and ignore it. */
		errno = EPERM;
		return -1;
	}
	return 0;
}
