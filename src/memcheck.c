#include <expat.h>
#include <stdlib.h>
#include <string.h>

#include "memcheck.h"
#include "cursor.h"
#include "vec.h"

/*
 * Where in the document the parser is: the element names from the root,
 * matched against the few paths that matter. Everything else is skipped.
 */
struct mc_parser {
	XML_Parser xp;
	struct arena *arena;
	const struct mc_callbacks *cb;
	void *ctx;

	/*
	 * Copies: expat's name pointers last only as long as the callback.
	 * Every name tare looks for is shorter, so a cut name matches none.
	 */
	char path[MC_DEPTH_MAX][32];
	int depth;		/* may exceed MC_DEPTH_MAX: path[] then stops */
	struct strbuf text;	/* of the innermost element */
	int text_overflow;

	long pid, ppid;
	int complete;
	struct strbuf error_msg;

	/* The <error> being read. */
	struct mc_error *err;
	VEC(struct mc_frame) frames;	/* the stack being read */
	VEC(const char *) sframes;	/* the suppression's frames */
	struct mc_frame frame;		/* the frame being read */
	int in_aux;			/* the next <stack> is aux[naux - 1]'s */
	int signo;
};

static const char *const leak_kinds[] = {
	[MC_LEAK_NONE] = NULL,
	[MC_LEAK_DEFINITE] = "definite",
	[MC_LEAK_INDIRECT] = "indirect",
	[MC_LEAK_POSSIBLE] = "possible",
	[MC_LEAK_REACHABLE] = "reachable",
};

enum mc_leak mc_leak_parse(const char *name)
{
	size_t i;

	for (i = 1; i < ARRAY_SIZE(leak_kinds); i++)
		if (!strcmp(leak_kinds[i], name))
			return (enum mc_leak)i;
	return MC_LEAK_NONE;
}

const char *mc_leak_name(enum mc_leak l)
{
	return leak_kinds[l];
}

static enum mc_leak leak_of_kind(const char *kind)
{
	if (!strcmp(kind, "Leak_DefinitelyLost"))
		return MC_LEAK_DEFINITE;
	if (!strcmp(kind, "Leak_IndirectlyLost"))
		return MC_LEAK_INDIRECT;
	if (!strcmp(kind, "Leak_PossiblyLost"))
		return MC_LEAK_POSSIBLE;
	if (!strcmp(kind, "Leak_StillReachable"))
		return MC_LEAK_REACHABLE;
	return MC_LEAK_NONE;
}

/* Is the current path exactly these names, from the root? */
static int at(const struct mc_parser *p, int n, ...)
{
	va_list ap;
	int i, ok = p->depth == n;

	va_start(ap, n);
	for (i = 0; i < n && ok; i++)
		ok = !strcmp(p->path[i], va_arg(ap, const char *));
	va_end(ap);
	return ok;
}

/* Element text, without the newlines Valgrind leaves at its ends. */
static const char *intern(struct mc_parser *p, const struct strbuf *sb)
{
	size_t start = 0, end = sb->len;

	while (start < end && (sb->buf[start] == '\n' || sb->buf[start] == ' '))
		start++;
	while (end > start && (sb->buf[end - 1] == '\n' || sb->buf[end - 1] == ' '))
		end--;
	return arena_strndup(p->arena, sb->buf + start, end - start);
}

/* A decimal or 0x-hex number; 0 when it is neither. */
static unsigned long long number(const char *s)
{
	const char *end = s + strlen(s);
	uint64_t v;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		return cursor_hex(&s, end, 16, &v) ? 0 : v;
	}
	return cursor_u64(&s, end, UINT64_MAX, &v) ? 0 : v;
}

/*
 * A number that may be written with thousands separators ("4,096").
 * Advances only on success.
 */
static int parse_count(const char **cur, unsigned long long *out)
{
	const char *p = *cur;
	uint64_t v = 0;
	int digits = 0;

	/* Valgrind writes counts with thousands separators: "4,096". */
	for (; (*p >= '0' && *p <= '9') || (*p == ',' && digits); p++) {
		if (*p == ',')
			continue;
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
		digits++;
	}
	if (!digits)
		return -1;
	*out = v;
	*cur = p;
	return 0;
}

/* " (+N)" after a count: the increase an added-leak check reports. */
static int parse_increase(const char **cur, unsigned long long *out)
{
	const char *p = *cur;

	if (strncmp(p, " (+", 3))
		return -1;
	p += 3;
	if (parse_count(&p, out) < 0 || *p != ')')
		return -1;
	*cur = p + 1;
	return 0;
}

/* A count and the increase after it, if any: the increase when there is one. */
static int parse_count_or_increase(const char **cur, unsigned long long *out)
{
	unsigned long long inc;

	if (parse_count(cur, out) < 0)
		return -1;
	if (parse_increase(cur, &inc) == 0)
		*out = inc;
	return 0;
}

/*
 * "96 (+32) (64 (+0) direct, 32 (+32) indirect) bytes in 3 (+1) blocks
 * are definitely lost ...": after an added-leak check the increase follows
 * each total. The totals are in <leakedbytes> already; this finds the
 * increases of the first count and of the count of blocks, and the part
 * of the bytes in the blocks this leak's own point to (the indirect).
 */
static void apply_increase(struct mc_error *e)
{
	const char *p = e->what, *blocks;
	unsigned long long total, inc, direct, indirect;

	if (parse_count(&p, &total) == 0 && parse_increase(&p, &inc) == 0)
		e->bytes = inc;
	if (!strncmp(p, " (", 2) && (p += 2, parse_count_or_increase(&p, &direct) == 0) &&
	    !strncmp(p, " direct, ", 9) && (p += 9, parse_count_or_increase(&p, &indirect) == 0) &&
	    !strncmp(p, " indirect)", 10))
		e->indirect_bytes = indirect;
	blocks = strstr(e->what, " bytes in ");
	if (!blocks)
		return;
	p = blocks + 10;
	if (parse_count(&p, &total) == 0 && parse_increase(&p, &inc) == 0)
		e->blocks = inc;
}

static void XMLCALL on_start(void *data, const char *name, const char **attrs)
{
	struct mc_parser *p = data;

	(void)attrs;
	if (p->depth < MC_DEPTH_MAX)
		snprintf(p->path[p->depth], sizeof(p->path[0]), "%s", name);
	p->depth++;
	strbuf_reset(&p->text);
	p->text_overflow = 0;
	if (p->depth > MC_DEPTH_MAX)
		return;

	if (at(p, 2, "valgrindoutput", "error")) {
		p->err = arena_alloc(p->arena, sizeof(*p->err));
		p->err->pid = p->pid;
		p->in_aux = 0;
	} else if (p->err && p->depth == 3 && !strcmp(name, "stack")) {
		p->frames.nr = 0;
	} else if (p->err && p->depth == 4 && !strcmp(name, "frame")) {
		memset(&p->frame, 0, sizeof(p->frame));
	} else if (at(p, 2, "valgrindoutput", "fatal_signal")) {
		p->signo = 0;
	}
}

static void end_stack(struct mc_parser *p)
{
	struct mc_stack *s = NULL;

	if (p->in_aux && p->err->naux)
		s = &p->err->aux[p->err->naux - 1].stack;
	else if (!p->err->stack.nr)
		s = &p->err->stack;
	p->in_aux = 0;
	if (!s || !p->frames.nr)
		return;
	s->frames = arena_alloc(p->arena, p->frames.nr * sizeof(*s->frames));
	memcpy(s->frames, p->frames.v, p->frames.nr * sizeof(*s->frames));
	s->nr = p->frames.nr;
}

static void add_aux(struct mc_parser *p, const char *what)
{
	if (p->err->naux == MC_AUX_MAX)
		return;
	p->err->aux[p->err->naux].what = what;
	p->err->naux++;
	p->in_aux = 1;
}

static void XMLCALL on_end(void *data, const char *name)
{
	struct mc_parser *p = data;
	struct mc_error *e = p->err;

	if (p->depth > MC_DEPTH_MAX) {
		p->depth--;
		return;
	}
	if (at(p, 2, "valgrindoutput", "ppid"))
		p->ppid = (long)number(p->text.buf);
	if (at(p, 2, "valgrindoutput", "pid")) {
		p->pid = (long)number(p->text.buf);
	} else if (at(p, 1, "valgrindoutput")) {
		p->complete = 1;
	} else if (at(p, 3, "valgrindoutput", "clientmsg", "text")) {
		if (p->cb->clientmsg)
			p->cb->clientmsg(p->ctx, p->text.buf);
	} else if (at(p, 3, "valgrindoutput", "fatal_signal", "signo")) {
		p->signo = (int)number(p->text.buf);
	} else if (at(p, 2, "valgrindoutput", "fatal_signal")) {
		if (p->cb->fatal_signal && p->signo > 0)
			p->cb->fatal_signal(p->ctx, p->signo);
	} else if (e && p->depth == 2 && !strcmp(name, "error")) {
		if (!e->kind)
			e->kind = "Unknown";
		if (!e->what)
			e->what = "";
		e->leak = leak_of_kind(e->kind);
		p->err = NULL;
		if (p->cb->error)
			p->cb->error(p->ctx, e);
	} else if (e && p->depth == 3) {
		if (!strcmp(name, "kind")) {
			e->kind = intern(p, &p->text);
		} else if (!strcmp(name, "what")) {
			e->what = intern(p, &p->text);
		} else if (!strcmp(name, "auxwhat")) {
			add_aux(p, intern(p, &p->text));
		} else if (!strcmp(name, "stack")) {
			end_stack(p);
		} else if (!strcmp(name, "xwhat") && e->what) {
			apply_increase(e);
		}
	} else if (e && p->depth == 4 && !strcmp(p->path[2], "xwhat")) {
		if (!strcmp(name, "text")) {
			e->what = intern(p, &p->text);
		} else if (!strcmp(name, "leakedbytes")) {
			const char *t = p->text.buf;
			parse_count(&t, &e->bytes);
		} else if (!strcmp(name, "leakedblocks")) {
			const char *t = p->text.buf;
			parse_count(&t, &e->blocks);
		}
	} else if (e && p->depth == 4 && !strcmp(p->path[2], "xauxwhat") &&
		   !strcmp(name, "text")) {
		add_aux(p, intern(p, &p->text));
	} else if (e && p->depth == 4 && !strcmp(p->path[2], "origin") &&
		   !strcmp(name, "what")) {
		add_aux(p, intern(p, &p->text));
	} else if (e && p->depth == 4 && !strcmp(p->path[2], "origin") &&
		   !strcmp(name, "stack")) {
		end_stack(p);
	} else if (e && p->depth == 4 && !strcmp(p->path[2], "suppression")) {
		struct mc_suppression *sup = e->suppression;

		if (!sup) {
			sup = e->suppression = arena_alloc(p->arena, sizeof(*sup));
			p->sframes.nr = 0;
		}
		if (!strcmp(name, "skind"))
			sup->kind = intern(p, &p->text);
		else if (!strcmp(name, "skaux"))
			sup->aux = intern(p, &p->text);
	} else if (e && p->depth == 5 && !strcmp(p->path[3], "sframe") &&
		   (!strcmp(name, "fun") || !strcmp(name, "obj")) && e->suppression) {
		struct strbuf f = STRBUF_INIT;

		strbuf_addf(&f, "%s:%s", name, intern(p, &p->text));
		if (p->sframes.nr < MC_FRAMES_MAX)
			vec_push(&p->sframes, arena_strndup(p->arena, f.buf, f.len));
		strbuf_release(&f);
	}
	if (e && p->depth == 3 && !strcmp(name, "suppression") && e->suppression) {
		struct mc_suppression *sup = e->suppression;

		sup->nr = p->sframes.nr;
		sup->frames = arena_alloc(p->arena, (sup->nr + 1) * sizeof(*sup->frames));
		memcpy(sup->frames, p->sframes.v, sup->nr * sizeof(*sup->frames));
	} else if (e && p->depth == 4 && !strcmp(name, "frame")) {
		if (p->frames.nr < MC_FRAMES_MAX)
			vec_push(&p->frames, p->frame);
	} else if (e && p->depth == 5 && !strcmp(p->path[3], "frame")) {
		struct mc_frame *f = &p->frame;

		if (!strcmp(name, "fn"))
			f->fn = intern(p, &p->text);
		else if (!strcmp(name, "dir"))
			f->dir = intern(p, &p->text);
		else if (!strcmp(name, "file"))
			f->file = intern(p, &p->text);
		else if (!strcmp(name, "obj"))
			f->obj = intern(p, &p->text);
		else if (!strcmp(name, "line"))
			f->line = (unsigned long)number(p->text.buf);
		else if (!strcmp(name, "ip"))
			f->ip = number(p->text.buf);
	}
	p->depth--;
	strbuf_reset(&p->text);
}

static void XMLCALL on_text(void *data, const char *s, int len)
{
	struct mc_parser *p = data;

	if (p->text.len + (size_t)len > MC_TEXT_MAX) {
		p->text_overflow = 1;
		return;
	}
	strbuf_add(&p->text, s, (size_t)len);
}

struct mc_parser *mc_parser_new(struct arena *a, const struct mc_callbacks *cb,
				void *ctx)
{
	struct mc_parser *p = xcalloc(1, sizeof(*p));

	p->xp = XML_ParserCreate("UTF-8");
	if (!p->xp)
		die("out of memory creating an XML parser");
	p->arena = a;
	p->cb = cb;
	p->ctx = ctx;
	strbuf_init(&p->text, 0);
	strbuf_init(&p->error_msg, 0);
	XML_SetUserData(p->xp, p);
	XML_SetElementHandler(p->xp, on_start, on_end);
	XML_SetCharacterDataHandler(p->xp, on_text);
	return p;
}

int mc_parser_feed(struct mc_parser *p, const char *buf, size_t len, int final)
{
	if (p->error_msg.len)
		return -1;
	while (len > 0 || final) {
		int chunk = len > 1 << 20 ? 1 << 20 : (int)len;
		int last = final && (size_t)chunk == len;

		if (XML_Parse(p->xp, buf, chunk, last) == XML_STATUS_ERROR) {
			strbuf_addf(&p->error_msg, "line %lu: %s",
				    (unsigned long)XML_GetCurrentLineNumber(p->xp),
				    XML_ErrorString(XML_GetErrorCode(p->xp)));
			return -1;
		}
		buf += chunk;
		len -= (size_t)chunk;
		if (last)
			break;
	}
	return 0;
}

const char *mc_parser_error(const struct mc_parser *p)
{
	return p->error_msg.buf;
}

long mc_parser_ppid(const struct mc_parser *p)
{
	return p->ppid;
}

long mc_parser_pid(const struct mc_parser *p)
{
	return p->pid;
}

int mc_parser_complete(const struct mc_parser *p)
{
	return p->complete;
}

void mc_parser_free(struct mc_parser *p)
{
	if (!p)
		return;
	XML_ParserFree(p->xp);
	strbuf_release(&p->text);
	strbuf_release(&p->error_msg);
	vec_release(&p->frames);
	vec_release(&p->sframes);
	free(p);
}

/* TARE_TEST(name) defines tare__fn_name: show it as the test's name. */
#define TEST_FN_PREFIX "tare__fn_"

static const char *leak_phrase(enum mc_leak l)
{
	switch (l) {
	case MC_LEAK_DEFINITE: return "definitely lost";
	case MC_LEAK_INDIRECT: return "indirectly lost";
	case MC_LEAK_POSSIBLE: return "possibly lost";
	case MC_LEAK_REACHABLE: return "still reachable";
	default: return "";
	}
}

void mc_format_headline(struct strbuf *sb, const struct mc_error *e)
{
	strbuf_addf(sb, "%s: ", e->kind);
	mc_format_what(sb, e);
}

void mc_format_what(struct strbuf *sb, const struct mc_error *e)
{
	if (e->leak == MC_LEAK_NONE) {
		strbuf_addstr(sb, e->what);
		return;
	}
	strbuf_addf(sb, "%llu", e->bytes);
	/* What it owns counts in its bytes: shown apart, it is not counted twice. */
	if (e->indirect_bytes && e->indirect_bytes <= e->bytes)
		strbuf_addf(sb, " (%llu direct, %llu indirect)", e->bytes - e->indirect_bytes,
			    e->indirect_bytes);
	strbuf_addf(sb, " byte%s in %llu block%s %s %s", e->bytes == 1 ? "" : "s",
		    e->blocks, e->blocks == 1 ? "" : "s", e->bytes == 1 ? "is" : "are",
		    leak_phrase(e->leak));
}

int mc_frame_is_own(const struct mc_frame *f, const char *root)
{
	size_t n;

	if (!root || !f->dir || !f->file)
		return 0;
	n = strlen(root);
	return !strncmp(f->dir, root, n) && (f->dir[n] == '/' || !f->dir[n]);
}

void mc_format_frame(struct strbuf *sb, const struct mc_frame *f, const char *root)
{
	if (f->fn && !strncmp(f->fn, TEST_FN_PREFIX, strlen(TEST_FN_PREFIX)) &&
	    f->fn[strlen(TEST_FN_PREFIX)])
		strbuf_addstr(sb, f->fn + strlen(TEST_FN_PREFIX));
	else if (f->fn)
		strbuf_addstr(sb, f->fn);
	else
		strbuf_addf(sb, "0x%llx", f->ip);
	if (f->file && f->line) {
		strbuf_addstr(sb, " (");
		if (mc_frame_is_own(f, root)) {
			const char *rel = f->dir + strlen(root);
			if (*rel == '/')
				rel++;
			if (*rel)
				strbuf_addf(sb, "%s/", rel);
		}
		strbuf_addf(sb, "%s:%lu)", f->file, f->line);
	} else if (f->obj) {
		/* "in vgpreload_memcheck-amd64-linux.so": the folder is noise. */
		const char *slash = strrchr(f->obj, '/');
		strbuf_addf(sb, " (in %s)", slash ? slash + 1 : f->obj);
	}
}

/* The harness that runs the test, and what runs main: not the test's business. */
static int frame_is_harness(const struct mc_frame *f)
{
	if (!f->fn)
		return 0;
	if (!strncmp(f->fn, TEST_FN_PREFIX, strlen(TEST_FN_PREFIX)))
		return 0;
	return !strncmp(f->fn, "tare__", 6) || !strcmp(f->fn, "tare_main") ||
	       !strcmp(f->fn, "(below main)") || !strncmp(f->fn, "__libc_start", 12);
}

size_t mc_stack_trimmed(const struct mc_stack *s)
{
	size_t n;

	for (n = 0; n < s->nr && !frame_is_harness(&s->frames[n]); n++)
		;
	return n ? n : s->nr < 1 ? s->nr : 1;
}

size_t mc_stack_shown(const struct mc_stack *s, int verbose)
{
	size_t n;

	if (verbose)
		return s->nr;
	n = mc_stack_trimmed(s);
	return n > MC_FRAMES_SHOWN ? MC_FRAMES_SHOWN : n;
}

static void format_stack(struct strbuf *sb, const struct mc_stack *s,
			 const struct mc_style *st, const char *indent)
{
	size_t i, n = mc_stack_shown(s, st->verbose);

	for (i = 0; i < n; i++) {
		const struct mc_frame *f = &s->frames[i];
		int own = mc_frame_is_own(f, st->root);

		strbuf_addf(sb, "%s%s%s %s", st->indent, indent, i ? "by" : "at",
			    own ? st->own_on : "");
		mc_format_frame(sb, f, st->root);
		strbuf_addf(sb, "%s\n", own ? st->own_off : "");
	}
}

/* The error without its suppression. */
static void format_error(struct strbuf *sb, const struct mc_error *e, const struct mc_style *st)
{
	size_t i;

	strbuf_addf(sb, "%s%s", st->indent, st->head_on);
	mc_format_headline(sb, e);
	strbuf_addf(sb, "%s\n", st->head_off);
	format_stack(sb, &e->stack, st, "    ");
	for (i = 0; i < e->naux; i++) {
		strbuf_addf(sb, "%s  %s\n", st->indent, e->aux[i].what);
		format_stack(sb, &e->aux[i].stack, st, "    ");
	}
}

void mc_format_error(struct strbuf *sb, const struct mc_error *e,
		     const struct mc_style *st)
{
	format_error(sb, e, st);
	if (st->suppressions && e->suppression)
		mc_format_suppression(sb, e->suppression, st->name, st->indent);
}

const struct mc_error **mc_errors_ordered(const struct mc_error *list, size_t *n)
{
	const struct mc_error **v, *e;
	size_t count = 0;
	int leak;

	for (e = list; e; e = e->next)
		count++;
	v = xcalloc(count + 1, sizeof(*v));
	*n = 0;
	/* enum mc_leak is in that order: no leak, definite, indirect, possible, reachable. */
	for (leak = MC_LEAK_NONE; leak <= MC_LEAK_REACHABLE; leak++)
		for (e = list; e; e = e->next)
			if ((int)e->leak == leak)
				v[(*n)++] = e;
	return v;
}

static unsigned long long add_saturated(unsigned long long a, unsigned long long b)
{
	return a + b < a ? ~0ULL : a + b;
}

/*
 * The indirect leaks from v[i] on summed into *sum (bytes and blocks, no
 * stack); returns the index after the last.
 */
static size_t indirect_summary(struct mc_error *sum, const struct mc_error *const *v,
			       size_t i, size_t n)
{
	size_t k;

	memset(sum, 0, sizeof(*sum));
	sum->kind = v[i]->kind;
	sum->what = "";
	sum->leak = MC_LEAK_INDIRECT;
	for (k = i; k < n && v[k]->leak == MC_LEAK_INDIRECT; k++) {
		sum->bytes = add_saturated(sum->bytes, v[k]->bytes);
		sum->blocks = add_saturated(sum->blocks, v[k]->blocks);
	}
	return k;
}

/* The summary's line: the sums, and how many of memcheck's records they are. */
static void add_summary_headline(struct strbuf *sb, const struct mc_error *sum, size_t records)
{
	mc_format_headline(sb, sum);
	if (records > 1)
		strbuf_addf(sb, " (%zu loss records)", records);
}

size_t mc_format_errors_headline(struct strbuf *sb, const struct mc_error *list)
{
	const struct mc_error **v;
	struct mc_error sum;
	size_t n, covered = 0;

	v = mc_errors_ordered(list, &n);
	if (n && v[0]->leak == MC_LEAK_INDIRECT) {
		covered = indirect_summary(&sum, v, 0, n);
		add_summary_headline(sb, &sum, covered);
	} else if (n) {
		mc_format_headline(sb, v[0]);
		covered = 1;
	}
	free(v);
	return covered;
}

/* A suppression a report has shown: where it is in the report, and its hash. */
struct shown_suppression {
	uint64_t hash;
	size_t start, len;
};

struct shown_suppressions {
	VEC(struct shown_suppression) list;
};

/*
 * Each suppression once: errors of one function differ in their lines,
 * which a suppression does not name, so theirs are often the same text.
 */
static void add_suppression_once(struct strbuf *sb, const struct mc_error *e,
				 const struct mc_style *st, struct shown_suppressions *shown)
{
	struct shown_suppression s;
	size_t i;

	if (!e->suppression)
		return;
	s.start = sb->len;
	mc_format_suppression(sb, e->suppression, st->name, st->indent);
	s.len = sb->len - s.start;
	s.hash = hash_fnv1a(sb->buf + s.start, s.len, HASH_FNV1A_SEED);
	for (i = 0; i < shown->list.nr; i++) {
		const struct shown_suppression *o = &shown->list.v[i];

		if (o->hash == s.hash && o->len == s.len &&
		    !memcmp(sb->buf + o->start, sb->buf + s.start, s.len)) {
			strbuf_setlen(sb, s.start);
			return;
		}
	}
	vec_push(&shown->list, s);
}

void mc_format_errors(struct strbuf *sb, const struct mc_error *list,
		      const struct mc_style *st)
{
	struct shown_suppressions shown;
	const struct mc_error **v;
	struct mc_error sum;
	size_t n, i, k, j;

	memset(&shown, 0, sizeof(shown));
	v = mc_errors_ordered(list, &n);
	for (i = 0; i < n; i = k) {
		if (v[i]->leak == MC_LEAK_INDIRECT && !st->verbose) {
			k = indirect_summary(&sum, v, i, n);
			strbuf_addf(sb, "%s%s", st->indent, st->head_on);
			add_summary_headline(sb, &sum, k - i);
			strbuf_addf(sb, "%s\n", st->head_off);
		} else {
			k = i + 1;
			format_error(sb, v[i], st);
		}
		for (j = i; st->suppressions && j < k; j++)
			add_suppression_once(sb, v[j], st, &shown);
	}
	vec_release(&shown.list);
	free(v);
}

void mc_format_suppression(struct strbuf *sb, const struct mc_suppression *s,
			   const char *name, const char *indent)
{
	size_t i;

	strbuf_addf(sb, "%s{\n%s   %s\n%s   %s\n", indent, indent,
		    name ? name : "<insert_a_suppression_name_here>", indent,
		    s->kind ? s->kind : "Memcheck:Unknown");
	if (s->aux)
		strbuf_addf(sb, "%s   %s\n", indent, s->aux);
	for (i = 0; i < s->nr; i++) {
		const char *f = s->frames[i];

		/* The harness differs between batched and per-test runs. */
		if (!strncmp(f, "fun:tare__", 10) && strncmp(f, "fun:" TEST_FN_PREFIX, 4 + strlen(TEST_FN_PREFIX))) {
			strbuf_addf(sb, "%s   ...\n", indent);
			break;
		}
		strbuf_addf(sb, "%s   %s\n", indent, f);
	}
	strbuf_addf(sb, "%s}\n", indent);
}
