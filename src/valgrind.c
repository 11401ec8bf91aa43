#include <string.h>

#include "fsutil.h"
#include "memcheck.h"
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

void valgrind_memcheck_args(struct strvec *args, const struct settings *s,
			    const char *xml_dir, int gen_suppressions)
{
	struct strbuf kinds = STRBUF_INIT;
	size_t i;

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
	strvec_pushv(args, s->mc_extra_args->v);
	strbuf_release(&kinds);
}

int valgrind_timeout_multiplier(const struct wrapper *w, const struct settings *s)
{
	if (s->timeout_multiplier > 0)
		return s->timeout_multiplier;
	if (valgrind_is_callgrind(w))
		return CALLGRIND_TIMEOUT_MULTIPLIER;
	return valgrind_is_memcheck(w) ? MEMCHECK_TIMEOUT_MULTIPLIER : 1;
}
