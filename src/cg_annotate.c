/*
 * cg_annotate.c: the callgrind_annotate report. Every piece of the layout
 * follows callgrind_annotate 3.19 (the Perl script shipped with Valgrind);
 * where that script's behaviour is a quirk rather than a choice, compat
 * mode keeps it and the default mode does the right thing. Where its
 * output order comes from a Perl hash (several annotated source files,
 * ties in call trees) the order here is by name.
 */
#include <fnmatch.h>
#include <limits.h>
#include <math.h>
#include <sys/stat.h>

#include "cg_annotate.h"
#include "arena.h"
#include "json.h"
#include "strbuf.h"
#include "term.h"
#include "util.h"

static const char fancy[] =
	"--------------------------------------------------------------------------------\n";

struct entry {
	const char *name;	/* "file:function" */
	const char *obj;	/* NULL: none */
	uint32_t fn, file;
	int64_t *cost;
	size_t ndef;
	unsigned hidden : 1;	/* left out: --function, or no cost shown or sorted by */
};

struct ann {
	struct cg_profile *p;
	struct annotate_options *o;
	FILE *out;
	size_t ne;
	int show[CG_MAX_EVENTS], sort[CG_MAX_EVENTS];
	size_t nshow, nsort;
	double thresholds[CG_MAX_EVENTS];
	double single;
	int64_t summary[CG_MAX_EVENTS];
	size_t summary_ndef;
	int calculated;
	struct entry *e;
	size_t ne_nr;
	int64_t *fn_entry;	/* fns index -> entry index or -1 */
	int64_t *costs;
	const char **names;	/* per fns index, made by entry_name() */
	struct arena arena;
	int compat;
};

void annotate_options_init(struct annotate_options *o)
{
	memset(o, 0, sizeof(*o));
	strvec_init(&o->show);
	strvec_init(&o->sort);
	strvec_init(&o->thresholds);
	strvec_init(&o->include_dirs);
	strvec_init(&o->user_files);
	strvec_init(&o->functions);
	strvec_push(&o->include_dirs, "");
	o->single_threshold = "99";
	o->show_percs = 1;
	o->auto_annotate = 1;
	o->context = 8;
}

static void patterns_release(struct annotate_options *o)
{
	size_t i;

	for (i = 0; i < o->npatterns; i++)
		if (!o->patterns[i].glob)
			regfree(&o->patterns[i].re);
	free(o->patterns);
	o->patterns = NULL;
	o->npatterns = 0;
}

void annotate_options_release(struct annotate_options *o)
{
	patterns_release(o);
	strvec_clear(&o->show);
	strvec_clear(&o->sort);
	strvec_clear(&o->thresholds);
	strvec_clear(&o->include_dirs);
	strvec_clear(&o->user_files);
	strvec_clear(&o->functions);
}

/* callgrind_annotate's "defined": a column the cost lines had at all. */
static int is_defined(const struct ann *a, const int64_t *c, size_t ndef, int i)
{
	if (a->compat)
		return (size_t)i < ndef;
	return c && c[i] != 0;
}

static int64_t sort_value(const struct ann *a, const int64_t *c, size_t ndef, int i)
{
	if (!c || !is_defined(a, c, ndef, i))
		return -1;
	return a->o->diff ? cost_abs(c[i]) : c[i];
}

static int cost_cmp(const struct ann *a, const int64_t *c, size_t cn,
		    const int64_t *d, size_t dn)
{
	size_t i;

	for (i = 0; i < a->nsort; i++) {
		int64_t x = sort_value(a, c, cn, a->sort[i]);
		int64_t y = sort_value(a, d, dn, a->sort[i]);

		if (x != y)
			return x < y ? 1 : -1;
	}
	return 0;
}

static void commify(struct strbuf *sb, int64_t v, int compat)
{
	/* Perl's commify anchors at a digit: negatives stay plain. */
	if (v < 0 && compat)
		strbuf_addf(sb, "%lld", (long long)v);
	else
		strbuf_add_thousands_signed(sb, v);
}

static double perc_of(int64_t x, int64_t y)
{
	double num;

	if (y == 0)
		return 0;
	if (x > -(INT64_C(1) << 56) && x < (INT64_C(1) << 56))
		num = (double)(x * 100);
	else
		num = (double)x * 100.0;
	return num / (double)y;
}

/* " (12.34%)", " (100.0%)", " (-1271.0%)": a cell's percentage. */
static size_t perc_format(char *buf, size_t size, double perc)
{
	if (-9.995 < perc && perc < 99.995)
		return (size_t)snprintf(buf, size, " (%5.2f%%)", perc);
	return (size_t)snprintf(buf, size, " (%5.1f%%)", perc);
}

/*
 * Width of one cell. callgrind_annotate counts 9 for any percentage, and
 * compat mode must too; with --diff (or a summary smaller than its parts)
 * percentages reach -1271.0% and more, so otherwise the width is that of
 * what print_cc writes. Most percentages fit in 9: only the others are
 * formatted here.
 */
static size_t cell_width(const struct ann *a, int64_t v, int64_t total)
{
	char buf[64];
	size_t len = (size_t)snprintf(buf, sizeof(buf), "%lld", (long long)v);
	size_t w = len + (len - 1) / 3;

	if (!a->compat && v < 0)
		w = len + (len - 2) / 3;
	if (a->o->show_percs) {
		double perc = perc_of(v, total);

		if (a->compat || (-99.0 < perc && perc < 999.0))
			w += 9;
		else
			w += perc_format(buf, sizeof(buf), perc);
	}
	return w;
}

static void widths_init(const struct ann *a, size_t *w)
{
	size_t i;

	for (i = 0; i < a->ne; i++)
		w[i] = strlen(a->p->events[i]);
}

static void widths_add(const struct ann *a, size_t *w, const int64_t *c, size_t ndef)
{
	size_t i;

	for (i = 0; i < a->ne; i++)
		if (c && is_defined(a, c, ndef, (int)i)) {
			size_t cw = cell_width(a, c[i], a->summary[i]);

			if (cw > w[i])
				w[i] = cw;
		}
}

static void print_cc(struct ann *a, const int64_t *c, size_t ndef,
		     const size_t *w, const int64_t *summary)
{
	struct strbuf sb = STRBUF_INIT;
	size_t k;

	for (k = 0; k < a->nshow; k++) {
		int i = a->show[k];
		size_t len;

		strbuf_setlen(&sb, 0);
		if (c && is_defined(a, c, ndef, i))
			commify(&sb, c[i], a->compat);
		else
			strbuf_addch(&sb, '.');
		if (a->o->show_percs) {
			if (c && is_defined(a, c, ndef, i) && c[i] != 0) {
				char buf[64];
				size_t n = perc_format(buf, sizeof(buf), perc_of(c[i], summary[i]));

				strbuf_add(&sb, buf, n);
			} else {
				strbuf_addstr(&sb, "         ");
			}
		}
		for (len = sb.len; len < w[i]; len++)
			fputc(' ', a->out);
		fwrite(sb.buf, 1, sb.len, a->out);
		fputc(' ', a->out);
	}
	strbuf_release(&sb);
}

/* Colour, only outside compat mode and only when asked (a terminal). */
static const char *col(const struct ann *a, enum term_color c)
{
	return term_color(a->o->color && !a->compat, c);
}

static void print_events(struct ann *a, const size_t *w)
{
	size_t k, n;

	fputs(col(a, TC_BOLD), a->out);
	for (k = 0; k < a->nshow; k++) {
		const char *ev = a->p->events[a->show[k]];

		fputs(ev, a->out);
		for (n = strlen(ev); n < w[a->show[k]]; n++)
			fputc(' ', a->out);
		fputc(' ', a->out);
	}
	fputs(col(a, TC_RESET), a->out);
}

static int event_list(struct ann *a, const struct strvec *names, int *order,
		      size_t *n, const char *what)
{
	size_t i;

	*n = 0;
	if (!names->nr) {
		for (i = 0; i < a->ne; i++)
			order[(*n)++] = (int)i;
		return 0;
	}
	for (i = 0; i < names->nr && i < CG_MAX_EVENTS; i++) {
		int e = cg_event(a->p, names->v[i]);

		if (e < 0)
			return error("--%s event '%s' did not appear in input", what, names->v[i]);
		order[(*n)++] = e;
	}
	return 0;
}

int annotate_options_compile(struct annotate_options *o)
{
	size_t i;

	if (o->patterns || !o->functions.nr)
		return 0;	/* compiled already, or nothing to compile */
	o->patterns = xcalloc(o->functions.nr + 1, sizeof(*o->patterns));
	for (i = 0; i < o->functions.nr; i++) {
		struct annotate_pattern *pt = &o->patterns[i];
		const char *pat = o->functions.v[i];
		size_t len = strlen(pat);
		char *re, msg[160];
		int rc;

		if (len < 2 || pat[0] != '/' || pat[len - 1] != '/') {
			pt->glob = pat;
			o->npatterns++;
			continue;
		}
		re = xstrndup(pat + 1, len - 2);
		rc = regcomp(&pt->re, re, REG_EXTENDED | REG_NOSUB);
		free(re);
		if (rc) {
			/* Before anything is read: a typo is not "no match". */
			regerror(rc, &pt->re, msg, sizeof(msg));
			patterns_release(o);
			if (rc == REG_BADPAT)	/* its text says no more than ours */
				return error("--function: invalid regular expression %s", pat);
			return error("--function: invalid regular expression %s (%s)", pat, msg);
		}
		o->npatterns++;
	}
	return 0;
}

static int fn_matches(const struct annotate_options *o, const char *name)
{
	size_t i;

	if (!o->npatterns)
		return 1;
	for (i = 0; i < o->npatterns; i++) {
		const struct annotate_pattern *pt = &o->patterns[i];

		if (pt->glob ? !fnmatch(pt->glob, name, 0) : !regexec(&pt->re, name, 0, NULL, 0))
			return 1;
	}
	return 0;
}

static int entry_cmp(const void *x, const void *y, void *ctx)
{
	const struct entry *e = x, *f = y;
	int c = cost_cmp(ctx, e->cost, e->ndef, f->cost, f->ndef);

	return c ? c : strcmp(e->name, f->name);
}

/* "file:function", made once per function: sorting asks again and again. */
static const char *entry_name(struct ann *a, uint32_t fn)
{
	const struct cg_fn *f = &a->p->fns.v[fn];
	const char *file, *name;
	size_t fl, nl;
	char *s;

	if (a->names[fn])
		return a->names[fn];
	file = cg_name(a->p, CG_FILE, f->file);
	name = cg_name(a->p, CG_FN, f->name);
	fl = strlen(file);
	nl = strlen(name);
	s = arena_alloc(&a->arena, fl + nl + 2);
	memcpy(s, file, fl);
	s[fl] = ':';
	memcpy(s + fl + 1, name, nl);
	a->names[fn] = s;
	return s;
}

static void add_row(struct ann *a, int64_t *dst, size_t *dst_ndef,
		    const int64_t *src, size_t src_ndef)
{
	size_t i;

	for (i = 0; i < a->ne; i++)
		dst[i] = cost_add(dst[i], src[i]);
	if (src_ndef > *dst_ndef)
		*dst_ndef = src_ndef;
}

static int entry_hides(struct ann *a, const struct entry *e)
{
	size_t k;

	if (a->o->functions.nr &&
	    !fn_matches(a->o, cg_name(a->p, CG_FN, a->p->fns.v[e->fn].name)))
		return 1;
	if (a->compat)
		return 0;
	for (k = 0; k < a->nshow; k++)
		if (e->cost[a->show[k]])
			return 0;
	for (k = 0; k < a->nsort; k++)
		if (e->cost[a->sort[k]])
			return 0;
	return 1;
}

/* The function table's rows: fn_totals in callgrind_annotate's words. */
static void build_entries(struct ann *a)
{
	struct cg_profile *p = a->p;
	size_t i, n = 0, ne = a->ne;
	int64_t *incl = NULL;
	uint8_t *called = NULL;

	a->costs = xcalloc(p->fns.nr + 1, st_mult(ne ? ne : 1, sizeof(int64_t)));
	a->e = xcalloc(p->fns.nr + 1, sizeof(*a->e));
	a->fn_entry = xmalloc((p->fns.nr + 1) * sizeof(*a->fn_entry));
	for (i = 0; i < p->fns.nr; i++)
		a->fn_entry[i] = -1;
	if (a->compat && a->o->inclusive) {
		called = xcalloc(p->fns.nr + 1, 1);
		for (i = 0; i < p->calls.nr; i++)
			called[p->calls.v[i].callee] = 1;
	} else if (a->o->inclusive) {
		incl = cg_inclusive(p);
	}
	for (i = 0; i < p->fns.nr; i++) {
		const struct cg_fn *f = &p->fns.v[i];
		struct entry *e = &a->e[n];

		if (!f->listed && !(called && called[i]))
			continue;
		e->fn = (uint32_t)i;
		e->file = f->file;
		e->cost = a->costs + n * ne;
		if (called && called[i]) {
			e->ndef = 0;	/* filled from the incoming calls below */
		} else if (incl) {
			memcpy(e->cost, incl + i * ne, ne * sizeof(int64_t));
			e->ndef = ne;
		} else {
			memcpy(e->cost, cg_cost(p, f->row), ne * sizeof(int64_t));
			e->ndef = p->ndef[f->row];
		}
		if (a->compat)
			e->obj = f->has_obj ? cg_name(p, CG_OBJ, f->obj) : NULL;
		else
			e->obj = f->obj ? cg_name(p, CG_OBJ, f->obj) : NULL;
		a->fn_entry[i] = (int64_t)n;
		n++;
	}
	if (a->compat && a->o->inclusive) {
		/* Self plus outgoing calls, then callees replaced by incoming. */
		for (i = 0; i < p->calls.nr; i++) {
			const struct cg_call *c = &p->calls.v[i];
			int64_t ce = a->fn_entry[c->caller];

			if (ce >= 0 && !called[c->caller])
				add_row(a, a->e[ce].cost, &a->e[ce].ndef,
					cg_cost(p, c->row), p->ndef[c->row]);
		}
		for (i = 0; i < p->calls.nr; i++) {
			const struct cg_call *c = &p->calls.v[i];
			int64_t ce = a->fn_entry[c->callee];

			add_row(a, a->e[ce].cost, &a->e[ce].ndef,
				cg_cost(p, c->row), p->ndef[c->row]);
		}
	}
	free(called);
	free(incl);
	a->ne_nr = n;
	for (i = 0; i < n; i++)
		a->e[i].name = entry_name(a, a->e[i].fn);
	for (i = 0; i < n; i++)
		a->e[i].hidden = entry_hides(a, &a->e[i]);
}

static void print_header(struct ann *a)
{
	struct cg_profile *p = a->p;
	const struct cg_part *part = p->parts.nr ? &p->parts.v[0] : NULL;
	struct annotate_options *o = a->o;
	struct strbuf target = STRBUF_INIT;
	size_t i, k;

	fputs(fancy, a->out);
	for (i = 0; i < o->ninputs; i++) {
		const struct cg_part *pp = NULL;

		for (k = 0; k < p->parts.nr; k++)
			if (!strcmp(p->parts.v[k].path, o->inputs[i]) && p->parts.v[k].creator) {
				pp = &p->parts.v[k];
				break;
			}
		if (a->compat && part)
			pp = part->creator && *part->creator ? part : NULL;
		fprintf(a->out, "Profile data file '%s'", o->inputs[i]);
		if (pp && pp->creator)
			fprintf(a->out, " (creator: %s)", pp->creator);
		fputc('\n', a->out);
	}
	fputs(fancy, a->out);
	for (k = 0; k < p->parts.nr; k++) {
		for (i = 0; i < p->parts.v[k].desc.nr; i++)
			fprintf(a->out, "%s\n", p->parts.v[k].desc.v[i]);
		if (a->compat)
			break;
	}
	if (part) {
		strbuf_addstr(&target, part->cmd && *part->cmd ? part->cmd : "(unknown)");
		if (part->pid && *part->pid) {
			strbuf_addf(&target, " (PID %s", part->pid);
			if (part->part && *part->part)
				strbuf_addf(&target, ", part %s", part->part);
			if (part->thread && *part->thread)
				strbuf_addf(&target, ", thread %s", part->thread);
			strbuf_addch(&target, ')');
		}
		if (!a->compat && p->parts.nr > 1)
			strbuf_addf(&target, " and %zu more part%s", p->parts.nr - 1,
				    p->parts.nr > 2 ? "s" : "");
	} else {
		strbuf_addstr(&target, "(unknown)");
	}
	fprintf(a->out, "Profiled target:  %s\n", target.buf);
	strbuf_release(&target);
	fputs("Events recorded: ", a->out);
	for (i = 0; i < a->ne; i++)
		fprintf(a->out, " %s", p->events[i]);
	fputs("\nEvents shown:    ", a->out);
	for (i = 0; i < a->nshow; i++)
		fprintf(a->out, " %s", p->events[a->show[i]]);
	fputs("\nEvent sort order:", a->out);
	for (i = 0; i < a->nsort; i++)
		fprintf(a->out, " %s", p->events[a->sort[i]]);
	fputs("\nThresholds:      ", a->out);
	for (i = 0; i < o->thresholds.nr; i++)
		fprintf(a->out, " %s", o->thresholds.v[i]);
	if (!o->thresholds.nr) {
		fprintf(a->out, " %s", o->single_threshold);
		for (i = 1; i < a->nsort; i++)
			fputs(" 0", a->out);
	}
	fprintf(a->out, "\nInclude dirs:     %s\n",
		o->include_dirs.nr > 1 ? o->include_dirs.v[1] : "");
	for (i = 2; i < o->include_dirs.nr; i++)
		fprintf(a->out, "                  %s\n", o->include_dirs.v[i]);
	fprintf(a->out, "User annotated:   %s\n", o->user_files.nr ? o->user_files.v[0] : "");
	for (i = 1; i < o->user_files.nr; i++)
		fprintf(a->out, "                  %s\n", o->user_files.v[i]);
	fprintf(a->out, "Auto-annotation:  %s\n\n", o->auto_annotate ? "on" : "off");
}

struct call_sort {
	struct ann *a;
	int by_caller;		/* ties broken by the caller's name, else the callee's */
};

/* Sorts call indexes by cost, ties by the other end's name. */
static int call_cmp(const void *x, const void *y, void *ctx)
{
	const struct call_sort *cs = ctx;
	const struct cg_profile *p = cs->a->p;
	const struct cg_call *c = &p->calls.v[*(const uint32_t *)x];
	const struct cg_call *d = &p->calls.v[*(const uint32_t *)y];
	int r = cost_cmp(cs->a, cg_cost(p, c->row), p->ndef[c->row],
			 cg_cost(p, d->row), p->ndef[d->row]);
	uint32_t fc = cs->by_caller ? c->caller : c->callee;
	uint32_t fd = cs->by_caller ? d->caller : d->callee;

	if (r)
		return r;
	return strcmp(entry_name(cs->a, fc), entry_name(cs->a, fd));
}

/* Call indexes by caller and by callee, for --tree and the => lines. */
struct call_lists {
	uint32_t *by_caller, *by_callee;
	size_t *caller_start, *callee_start;	/* per fn, nfns + 1 */
};

static void call_lists_build(struct ann *a, struct call_lists *cl)
{
	const struct cg_profile *p = a->p;
	size_t nf = p->fns.nr, i;

	cl->caller_start = xcalloc(nf + 2, sizeof(size_t));
	cl->callee_start = xcalloc(nf + 2, sizeof(size_t));
	cl->by_caller = xmalloc((p->calls.nr + 1) * sizeof(uint32_t));
	cl->by_callee = xmalloc((p->calls.nr + 1) * sizeof(uint32_t));
	for (i = 0; i < p->calls.nr; i++) {
		cl->caller_start[p->calls.v[i].caller + 1]++;
		cl->callee_start[p->calls.v[i].callee + 1]++;
	}
	for (i = 0; i < nf; i++) {
		cl->caller_start[i + 1] += cl->caller_start[i];
		cl->callee_start[i + 1] += cl->callee_start[i];
	}
	{
		size_t *fc = xmalloc((nf + 1) * sizeof(size_t));
		size_t *fe = xmalloc((nf + 1) * sizeof(size_t));

		memcpy(fc, cl->caller_start, (nf + 1) * sizeof(size_t));
		memcpy(fe, cl->callee_start, (nf + 1) * sizeof(size_t));
		for (i = 0; i < p->calls.nr; i++) {
			cl->by_caller[fc[p->calls.v[i].caller]++] = (uint32_t)i;
			cl->by_callee[fe[p->calls.v[i].callee]++] = (uint32_t)i;
		}
		free(fc);
		free(fe);
	}
	for (i = 0; i < nf; i++) {
		struct call_sort callees = { a, 0 }, callers = { a, 1 };

		qsort_r(cl->by_caller + cl->caller_start[i],
			cl->caller_start[i + 1] - cl->caller_start[i], sizeof(uint32_t),
			call_cmp, &callees);
		qsort_r(cl->by_callee + cl->callee_start[i],
			cl->callee_start[i + 1] - cl->callee_start[i], sizeof(uint32_t),
			call_cmp, &callers);
	}
}

static void call_lists_release(struct call_lists *cl)
{
	free(cl->by_caller);
	free(cl->by_callee);
	free(cl->caller_start);
	free(cl->callee_start);
}

static void print_tree_line(struct ann *a, const struct cg_call *c, uint32_t other,
			    const char *mark, const size_t *w)
{
	const struct cg_profile *p = a->p;
	const struct cg_fn *f = &p->fns.v[other];
	struct strbuf sb = STRBUF_INIT;

	print_cc(a, cg_cost(p, c->row), p->ndef[c->row], w, a->summary);
	commify(&sb, (int64_t)c->count, a->compat);
	fprintf(a->out, "%s%s (%sx)", mark, entry_name(a, other), sb.buf);
	if (a->compat ? f->has_obj : f->obj != 0)
		fprintf(a->out, " [%s]", cg_name(p, CG_OBJ, f->obj));
	fputc('\n', a->out);
	strbuf_release(&sb);
}

/* Source files chosen for annotation, by file id (0/1 per file). */
struct chosen {
	uint8_t *file;
	size_t n;
};

/* The PROGRAM TOTALS block and the table's header; the widths of both. */
static void print_functions_header(struct ann *a, size_t *sw, size_t *fw, int tree)
{
	const struct cg_profile *p = a->p;
	size_t i;

	widths_init(a, sw);
	widths_add(a, sw, a->summary, a->summary_ndef);
	widths_init(a, fw);
	for (i = 0; i < a->ne_nr; i++)
		if (!a->e[i].hidden)
			widths_add(a, fw, a->e[i].cost, a->e[i].ndef);
	if (!a->compat && tree) {
		/* callgrind_annotate leaves call lines out and misaligns them. */
		for (i = 0; i < p->calls.nr; i++)
			widths_add(a, fw, cg_cost(p, p->calls.v[i].row), a->ne);
	}
	fputs(fancy, a->out);
	print_events(a, sw);
	fputc('\n', a->out);
	fputs(fancy, a->out);
	print_cc(a, a->summary, a->summary_ndef, sw, a->summary);
	fprintf(a->out, " %sPROGRAM TOTALS%s", col(a, TC_BOLD), col(a, TC_RESET));
	if (a->calculated)
		fputs(" (calculated)", a->out);
	fputs("\n\n", a->out);
	fputs(fancy, a->out);
	print_events(a, fw);
	fputs(" file:function\n", a->out);
	fputs(fancy, a->out);
}

/*
 * What the thresholds are of. With --function, what the matching
 * functions cost; with --diff, the sum of the changes' sizes (the net
 * total can be far smaller than what changed). Inclusive costs overlap: a
 * sum of them means nothing, and the total stays the program's.
 */
static void threshold_totals(struct ann *a, int64_t *match_total)
{
	size_t i, k;

	memcpy(match_total, a->summary, sizeof(int64_t) * CG_MAX_EVENTS);
	if ((a->o->functions.nr && !a->o->inclusive) || a->o->diff) {
		memset(match_total, 0, sizeof(int64_t) * CG_MAX_EVENTS);
		for (i = 0; i < a->ne_nr; i++)
			if (!a->e[i].hidden)
				for (k = 0; k < a->ne; k++)
					match_total[k] = cost_add(match_total[k], cost_abs(a->e[i].cost[k]));
	}
}

/* 1 when the functions listed so far (curr) reach every sort event's threshold. */
static int threshold_reached(const struct ann *a, const double *curr, const int64_t *match_total)
{
	size_t k;

	if (a->single >= 100)
		return 0;
	for (k = 0; k < a->nsort; k++) {
		double prop = curr[k] * 100;
		int64_t s = match_total[a->sort[k]];

		if (a->o->diff)
			s = cost_abs(s);
		if ((!a->compat || (size_t)a->sort[k] < a->summary_ndef) && s > 0)
			prop = prop / (double)s;
		if (prop < a->thresholds[k])
			return 0;
	}
	return 1;
}

/* e listed: what it adds to curr. */
static void threshold_advance(const struct ann *a, const struct entry *e, double *curr,
			      const int64_t *match_total)
{
	size_t k;

	for (k = 0; k < a->nsort; k++) {
		int ev = a->sort[k];
		int64_t v = e->cost[ev];

		if (!is_defined(a, e->cost, e->ndef, ev))
			continue;
		if (a->o->diff)
			v = cost_abs(v);
		/*
		 * callgrind_annotate's threshold of inclusive costs: the list
		 * ends after a function whose cost leaves at least the
		 * threshold of the total to the others.
		 */
		if (a->o->inclusive)
			curr[k] = (double)cost_sub(match_total[ev], v);
		else
			curr[k] += (double)v;
	}
}

/*
 * A listed function's file is chosen for annotation. callgrind_annotate
 * takes the file part of the name: up to the first ':' followed by
 * anything. Otherwise the function's own file, colons and all.
 */
static void choose_file(struct ann *a, const struct entry *e, struct chosen *ch)
{
	const char *colon = strchr(e->name, ':');
	uint32_t id;

	while (colon && !colon[1])
		colon = strchr(colon + 1, ':');
	if (!colon && a->compat)
		return;
	id = !a->compat ? e->file :
		cg_names_intern(&a->p->names[CG_FILE], &a->p->arena,
				     e->name, (size_t)(colon - e->name));
	if (id >= ch->n) {
		ch->file = xrealloc(ch->file, id + 1);
		memset(ch->file + ch->n, 0, id + 1 - ch->n);
		ch->n = id + 1;
	}
	ch->file[id] = 1;
}

/* One function's line, with its callers above and callees below (--tree). */
static void print_entry(struct ann *a, const struct entry *e, struct call_lists *cl,
			const size_t *fw, int tree)
{
	const struct cg_profile *p = a->p;
	size_t k;

	if (tree)
		fputc('\n', a->out);
	if (a->o->tree_caller && strcmp(e->name, "???:???")) {
		for (k = cl->callee_start[e->fn]; k < cl->callee_start[e->fn + 1]; k++) {
			const struct cg_call *c = &p->calls.v[cl->by_callee[k]];

			print_tree_line(a, c, c->caller, " < ", fw);
		}
	}
	print_cc(a, e->cost, e->ndef, fw, a->summary);
	if (tree)
		fputs(" * ", a->out);
	fprintf(a->out, " %s%s%s", tree ? col(a, TC_BOLD) : "", e->name,
		tree ? col(a, TC_RESET) : "");
	if (e->obj && *e->obj)
		fprintf(a->out, " [%s]", e->obj);
	fputc('\n', a->out);
	if (a->o->tree_calling && strcmp(e->name, "???:???")) {
		for (k = cl->caller_start[e->fn]; k < cl->caller_start[e->fn + 1]; k++) {
			const struct cg_call *c = &p->calls.v[cl->by_caller[k]];

			print_tree_line(a, c, c->callee, " >   ", fw);
		}
	}
}

static void print_functions(struct ann *a, struct call_lists *cl, struct chosen *ch)
{
	size_t *sw = xcalloc(a->ne + 1, sizeof(size_t));
	size_t *fw = xcalloc(a->ne + 1, sizeof(size_t));
	double curr[CG_MAX_EVENTS] = { 0 };
	int64_t match_total[CG_MAX_EVENTS];
	int tree = a->o->tree_caller || a->o->tree_calling;
	size_t i;

	print_functions_header(a, sw, fw, tree);
	qsort_r(a->e, a->ne_nr, sizeof(*a->e), entry_cmp, a);
	for (i = 0; i < a->ne_nr; i++)
		a->fn_entry[a->e[i].fn] = (int64_t)i;
	threshold_totals(a, match_total);
	for (i = 0; i < a->ne_nr; i++) {
		const struct entry *e = &a->e[i];

		if (e->hidden)
			continue;
		if (threshold_reached(a, curr, match_total))
			break;
		print_entry(a, e, cl, fw, tree);
		choose_file(a, e, ch);
		threshold_advance(a, e, curr, match_total);
	}
	fputc('\n', a->out);
	free(sw);
	free(fw);
}

/* Lines of one file, for source annotation. */
struct file_lines {
	uint32_t *idx;		/* indexes into p->lines, sorted by file then line */
	size_t *start;		/* per file id */
	size_t nfiles;
	uint32_t *sites;	/* indexes into p->sites, sorted by file, line, creation */
	size_t *site_start;
};

static int line_cmp(const void *x, const void *y, void *ctx)
{
	const struct cg_profile *p = ctx;
	const struct cg_line *l = &p->lines.v[*(const uint32_t *)x];
	const struct cg_line *m = &p->lines.v[*(const uint32_t *)y];

	if (l->file != m->file)
		return l->file < m->file ? -1 : 1;
	if (l->line != m->line)
		return l->line < m->line ? -1 : 1;
	return 0;
}

static int site_cmp(const void *x, const void *y, void *ctx)
{
	const struct cg_profile *p = ctx;
	uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
	const struct cg_site *s = &p->sites.v[i];
	const struct cg_site *t = &p->sites.v[j];

	if (s->file != t->file)
		return s->file < t->file ? -1 : 1;
	if (s->line != t->line)
		return s->line < t->line ? -1 : 1;
	return i < j ? -1 : i > j;
}

static void file_lines_build(const struct cg_profile *p, struct file_lines *fl)
{
	size_t nf = p->names[CG_FILE].nr, i;

	fl->nfiles = nf;
	fl->idx = xmalloc((p->lines.nr + 1) * sizeof(uint32_t));
	fl->sites = xmalloc((p->sites.nr + 1) * sizeof(uint32_t));
	fl->start = xcalloc(nf + 1, sizeof(size_t));
	fl->site_start = xcalloc(nf + 1, sizeof(size_t));
	for (i = 0; i < p->lines.nr; i++)
		fl->idx[i] = (uint32_t)i;
	for (i = 0; i < p->sites.nr; i++)
		fl->sites[i] = (uint32_t)i;
	qsort_r(fl->idx, p->lines.nr, sizeof(uint32_t), line_cmp, (void *)p);
	qsort_r(fl->sites, p->sites.nr, sizeof(uint32_t), site_cmp, (void *)p);
	for (i = 0; i < p->lines.nr; i++)
		fl->start[p->lines.v[i].file + 1]++;
	for (i = 0; i < p->sites.nr; i++)
		fl->site_start[p->sites.v[i].file + 1]++;
	for (i = 0; i + 1 < nf + 1; i++) {
		fl->start[i + 1] += fl->start[i];
		fl->site_start[i + 1] += fl->site_start[i];
	}
}

static void file_lines_release(struct file_lines *fl)
{
	free(fl->idx);
	free(fl->start);
	free(fl->sites);
	free(fl->site_start);
}

struct src {
	FILE *f;
	long dot;		/* Perl's $. */
	char *buf;
	size_t alloc;
	ssize_t len;
};

static int src_read(struct src *s)
{
	s->len = getline(&s->buf, &s->alloc, s->f);
	if (s->len < 0)
		return 0;
	s->dot++;
	return 1;
}

/* Perl's truth of a line just read: not empty and not "0". */
static int src_true(const struct src *s)
{
	return s->len > 0 && !(s->len == 1 && s->buf[0] == '0');
}

static void print_calls_on_line(struct ann *a, struct file_lines *fl, uint32_t file,
				long line, const size_t *w)
{
	const struct cg_profile *p = a->p;
	size_t lo = fl->site_start[file], hi = fl->site_start[file + 1], i, j;
	uint32_t func;
	uint32_t *callees;
	size_t n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->sites.v[fl->sites[mid]].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	hi = fl->site_start[file + 1];
	if (lo >= hi || p->sites.v[fl->sites[lo]].line != line)
		return;
	func = p->sites.v[fl->sites[lo]].caller;
	callees = xmalloc((hi - lo) * sizeof(uint32_t));
	for (i = lo; i < hi && p->sites.v[fl->sites[i]].line == line; i++) {
		uint32_t callee = p->sites.v[fl->sites[i]].callee;

		for (j = 0; j < n; j++)
			if (callees[j] == callee)
				break;
		if (j == n)
			callees[n++] = callee;
	}
	/* Sort by the cost of all calls func -> callee, as callgrind_annotate. */
	for (i = 1; i < n; i++)
		for (j = i; j > 0; j--) {
			uint32_t x = cg_index_lookup(&p->call_index, func, callees[j - 1], 1);
			uint32_t y = cg_index_lookup(&p->call_index, func, callees[j], 1);
			const int64_t *xc = x == UINT32_MAX ? NULL : cg_cost(p, p->calls.v[x].row);
			const int64_t *yc = y == UINT32_MAX ? NULL : cg_cost(p, p->calls.v[y].row);
			size_t xn = xc ? p->ndef[p->calls.v[x].row] : 0;
			size_t yn = yc ? p->ndef[p->calls.v[y].row] : 0;
			int c = cost_cmp(a, xc, xn, yc, yn);

			if (c < 0 || (c == 0 && strcmp(entry_name(a, callees[j - 1]),
							entry_name(a, callees[j])) <= 0))
				break;
			x = callees[j];
			callees[j] = callees[j - 1];
			callees[j - 1] = x;
		}
	for (j = 0; j < n; j++) {
		for (i = lo; i < hi && p->sites.v[fl->sites[i]].line == line; i++) {
			const struct cg_site *s = &p->sites.v[fl->sites[i]];
			struct strbuf sb = STRBUF_INIT;

			if (s->caller != func || s->callee != callees[j])
				continue;
			fputs(col(a, TC_CYAN), a->out);
			print_cc(a, cg_cost(p, s->row), p->ndef[s->row], w, a->summary);
			commify(&sb, (int64_t)s->count, a->compat);
			fprintf(a->out, " => %s (%sx)%s\n", entry_name(a, s->callee), sb.buf,
				col(a, TC_RESET));
			strbuf_release(&sb);
			break;
		}
	}
	free(callees);
}

static void warn_newer(struct ann *a, const char *src)
{
	fprintf(a->out,
		"@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
		"@@ WARNING @@ WARNING @@ WARNING @@ WARNING @@ WARNING @@ WARNING @@ WARNING @@\n"
		"@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
		"@ Source file '%s' is more recent than input file '%s'.\n"
		"@ Annotations may not be correct.\n"
		"@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n\n",
		src, a->o->ninputs ? a->o->inputs[0] : "");
}

static void warn_bogus(struct ann *a, const char *src, int newer)
{
	size_t len = strlen(src);

	fputs("@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
	      "@@ WARNING @@ WARNING @@ WARNING @@ WARNING @@ WARNING @@ WARNING @@ WARNING @@\n"
	      "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
	      "@@\n", a->out);
	fprintf(a->out, "@@ Information recorded about lines past the end of '%s'.\n", src);
	fputs("@@\n@@ Probable cause and solution:\n", a->out);
	if (newer)
		fprintf(a->out,
			"@@ cause:    '%s' has changed since information was gathered.\n"
			"@@           If so, a warning will have already been issued about this.\n"
			"@@ solution: Recompile program and rerun under \"valgrind --cachesim=yes\" to \n"
			"@@           gather new information.\n", src);
	else if (len >= 2 && !strcmp(src + len - 2, ".h"))
		fputs("@@ cause:    bug in the Valgrind's debug info reader that screws up with .h\n"
		      "@@           files sometimes\n"
		      "@@ solution: none, sorry\n", a->out);
	else
		fputs("@@ cause:    not sure, sorry\n", a->out);
	fputs("@@\n"
	      "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n",
	      a->out);
}

static int name_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The column widths of one file's lines (and, but in compat, its call sites). */
static size_t *file_widths(struct ann *a, struct file_lines *fl, uint32_t file)
{
	const struct cg_profile *p = a->p;
	size_t *w = xcalloc(a->ne + 1, sizeof(size_t)), i;

	widths_init(a, w);
	for (i = fl->start[file]; i < fl->start[file + 1]; i++) {
		const struct cg_line *l = &p->lines.v[fl->idx[i]];

		widths_add(a, w, cg_cost(p, l->row), p->ndef[l->row]);
	}
	/* callgrind_annotate leaves the => lines out and misaligns them. */
	for (i = fl->site_start[file]; !a->compat && i < fl->site_start[file + 1]; i++) {
		const struct cg_site *st = &p->sites.v[fl->sites[i]];

		widths_add(a, w, cg_cost(p, st->row), p->ndef[st->row]);
	}
	return w;
}

/*
 * The lines of one file that get a count: their numbers and rows, in
 * order, into nums and rows (nl of them); the row of line 0 (counts for
 * no line in particular), or -1.
 */
static int64_t counted_lines(const struct ann *a, const struct file_lines *fl, uint32_t file,
			     long *nums, uint32_t *rows, size_t *nl)
{
	const struct cg_profile *p = a->p;
	size_t lo = fl->start[file], hi = fl->start[file + 1], i, k;
	int64_t zero_row = -1;

	*nl = 0;
	for (i = lo; i < hi; i++) {
		const struct cg_line *l = &p->lines.v[fl->idx[i]];

		if (!a->compat && !l->line) {
			zero_row = l->row;
			continue;
		}
		/* Negative lines come only from broken relative positions. */
		if (!a->compat && (l->line < 0 || l->line > LONG_MAX))
			continue;
		if (a->compat && l->line == 0 && i == lo) {
			zero_row = l->row;
			continue;
		}
		if (!a->compat) {
			const int64_t *c = cg_cost(p, l->row);

			for (k = 0; k < a->nshow; k++)
				if (c[a->show[k]])
					break;
			if (k == a->nshow)
				continue;
		}
		rows[*nl] = l->row;
		nums[(*nl)++] = (long)l->line;
	}
	if (a->compat) {
		/* A line 0 not first (negative lines before it) stays a line. */
		for (i = lo; i < hi; i++)
			if (!p->lines.v[fl->idx[i]].line)
				zero_row = p->lines.v[fl->idx[i]].row;
	}
	return zero_row;
}

/*
 * The windows of source to print: [low, high] pairs, each line with
 * --context lines around it, overlapping windows joined. Returns how many
 * numbers pairs holds (even).
 */
static size_t context_windows(const struct ann *a, const long *nums, size_t nl, long *pairs)
{
	/* Line numbers come from the file: keep the window arithmetic in range. */
	long ctx = a->o->context;
	size_t i, npairs = 0;

	for (i = 0; i < nl; i++) {
		pairs[npairs++] = nums[i] < LONG_MIN + ctx ? LONG_MIN : nums[i] - ctx;
		while (i + 1 < nl && (nums[i] > LONG_MAX - 2 * ctx || nums[i] + 2 * ctx >= nums[i + 1]))
			i++;
		pairs[npairs++] = nums[i] > LONG_MAX - ctx ? LONG_MAX : nums[i] + ctx;
	}
	if (!npairs) {
		/* Perl: $pairs[0] = 1, $pairs[1] undefined: reads nothing. */
		pairs[npairs++] = 1;
		pairs[npairs++] = LONG_MIN;
	}
	if (pairs[0] < 1)
		pairs[0] = 1;
	return npairs;
}

static void annotate_one(struct ann *a, struct file_lines *fl, uint32_t file,
			 const char *src, FILE *f, const char *opened,
			 int64_t *printed, size_t *printed_ndef)
{
	const struct cg_profile *p = a->p;
	size_t n = fl->start[file + 1] - fl->start[file], i, nl, npairs, cur = 0;
	size_t *w = file_widths(a, fl, file);
	long *nums = xmalloc((n + 1) * sizeof(long));
	long *pairs = xmalloc((2 * n + 2) * sizeof(long));
	uint32_t *rows = xmalloc((n + 1) * sizeof(uint32_t));	/* the line row of each of nums */
	struct src rd = { f, 0, NULL, 0, 0 };
	struct stat s1, s2;
	int64_t zero_row;
	int newer = 0;

	if (!stat(opened, &s1) && a->o->ninputs && !stat(a->o->inputs[0], &s2) &&
	    s1.st_mtime > s2.st_mtime) {
		newer = 1;
		warn_newer(a, src);
	}
	print_events(a, w);
	fputs("\n\n", a->out);
	zero_row = counted_lines(a, fl, file, nums, rows, &nl);
	npairs = context_windows(a, nums, nl, pairs);
	for (i = 0; i < npairs; i += 2) {
		long low = pairs[i], high = pairs[i + 1];
		int got = 0;

		while (rd.dot + 1 < low)
			if (!src_read(&rd))
				break;
		if (low != 1)
			fprintf(a->out, "-- line %ld ----------------------------------------\n", low);
		while (rd.dot < high && (got = src_read(&rd)) && src_true(&rd)) {
			if (cur < nl && rd.dot == nums[cur]) {
				uint32_t row = rows[cur];

				print_cc(a, cg_cost(p, row), p->ndef[row], w, a->summary);
				add_row(a, printed, printed_ndef, cg_cost(p, row), p->ndef[row]);
				cur++;
			} else {
				print_cc(a, NULL, 0, w, a->summary);
			}
			fputc(' ', a->out);
			fwrite(rd.buf, 1, (size_t)rd.len, a->out);
			print_calls_on_line(a, fl, file, rd.dot, w);
			got = 2;
		}
		if (got == 1 && !src_true(&rd)) {
			/* A last line "0" is false to Perl: it ends the loop unprinted. */
			got = 0;
		}
		if (got)
			fprintf(a->out, "-- line %ld ----------------------------------------\n", high);
		else
			break;
	}
	if (cur < nl) {
		for (; cur < nl; cur++) {
			uint32_t row = rows[cur];

			print_cc(a, cg_cost(p, row), p->ndef[row], w, a->summary);
			fprintf(a->out, " <bogus line %ld>\n", nums[cur]);
		}
		fputc('\n', a->out);
		warn_bogus(a, src, newer);
	}
	fputc('\n', a->out);
	if (zero_row >= 0) {
		print_cc(a, cg_cost(p, (uint32_t)zero_row), p->ndef[zero_row], w, a->summary);
		fprintf(a->out, " <counts for unidentified lines in %s>\n\n", src);
	}
	free(rd.buf);
	free(rows);
	free(nums);
	free(pairs);
	free(w);
}

static int annotate_sources(struct ann *a, struct chosen *ch)
{
	struct cg_profile *p = a->p;
	struct annotate_options *o = a->o;
	struct file_lines fl;
	struct strvec files = STRVEC_INIT, unfound = STRVEC_INIT;
	int64_t printed[CG_MAX_EVENTS] = { 0 };
	size_t printed_ndef = 0, i, k;
	int did = 0;

	if (o->auto_annotate)
		for (i = 0; i < ch->n; i++)
			if (ch->file[i] && strcmp(cg_name(p, CG_FILE, (uint32_t)i), "???"))
				strvec_push(&files, cg_name(p, CG_FILE, (uint32_t)i));
	for (i = 0; i < o->user_files.nr; i++) {
		for (k = 0; k < files.nr; k++)
			if (!strcmp(files.v[k], o->user_files.v[i]))
				break;
		if (k == files.nr)
			strvec_push(&files, o->user_files.v[i]);
	}
	qsort(files.v, files.nr, sizeof(*files.v), name_cmp);
	file_lines_build(p, &fl);
	for (i = 0; i < files.nr; i++) {
		const char *src = files.v[i];
		struct strbuf path = STRBUF_INIT, shown = STRBUF_INIT;
		FILE *f = NULL;
		int user = 0;
		uint32_t id;

		for (k = 0; k < o->user_files.nr; k++)
			if (!strcmp(o->user_files.v[k], src))
				user = 1;
		for (k = 0; k < o->include_dirs.nr && !f; k++) {
			strbuf_setlen(&path, 0);
			strbuf_addf(&path, "%s%s", o->include_dirs.v[k], src);
			f = fopen(path.buf, "r");
			if (f) {
				if (*o->include_dirs.v[k])
					strbuf_addf(&shown, "%s + %s", o->include_dirs.v[k], src);
				else
					strbuf_addstr(&shown, src);
			}
		}
		if (!f) {
			if (user) {
				strbuf_release(&path);
				strbuf_release(&shown);
				file_lines_release(&fl);
				strvec_clear(&files);
				strvec_clear(&unfound);
				return error("file %s not opened in any include dir", src);
			}
			strvec_push(&unfound, src);
			strbuf_release(&path);
			strbuf_release(&shown);
			continue;
		}
		fputs(fancy, a->out);
		fprintf(a->out, "-- %s%s-annotated source: %s%s\n", col(a, TC_BOLD),
			user ? "User" : "Auto", shown.buf, col(a, TC_RESET));
		fputs(fancy, a->out);
		id = cg_names_intern(&p->names[CG_FILE], &p->arena, src, strlen(src));
		if (id >= fl.nfiles || fl.start[id] == fl.start[id + 1]) {
			fprintf(a->out, "  No information has been collected for %s\n\n", src);
		} else {
			did = 1;
			annotate_one(a, &fl, id, src, f, path.buf, printed, &printed_ndef);
		}
		fclose(f);
		strbuf_release(&path);
		strbuf_release(&shown);
	}
	if (unfound.nr) {
		qsort(unfound.v, unfound.nr, sizeof(*unfound.v), name_cmp);
		fputs(fancy, a->out);
		fputs("The following files chosen for auto-annotation could not be found:\n", a->out);
		fputs(fancy, a->out);
		for (i = 0; i < unfound.nr; i++)
			fprintf(a->out, "  %s\n", unfound.v[i]);
		fputc('\n', a->out);
	}
	if (did) {
		size_t *w = xcalloc(a->ne + 1, sizeof(size_t));

		for (i = 0; i < (a->compat ? a->summary_ndef : a->ne); i++)
			if (a->summary[i] == 0 || printed[i] > a->summary[i])
				a->summary[i] = printed[i];
		widths_init(a, w);
		widths_add(a, w, printed, printed_ndef);
		fputs(fancy, a->out);
		print_events(a, w);
		fputc('\n', a->out);
		fputs(fancy, a->out);
		print_cc(a, printed, printed_ndef, w, a->summary);
		fputs(" events annotated\n\n", a->out);
		free(w);
	}
	file_lines_release(&fl);
	strvec_clear(&files);
	strvec_clear(&unfound);
	return 0;
}

static void print_json(struct ann *a)
{
	struct cg_profile *p = a->p;
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	int64_t *incl = cg_inclusive(p);
	size_t i, k;

	json_init(&j, &sb);
	json_object_begin(&j);
	json_key(&j, "version");
	json_int(&j, 1);
	json_key(&j, "files");
	json_array_begin(&j);
	for (i = 0; i < a->o->ninputs; i++)
		json_string(&j, a->o->inputs[i]);
	json_array_end(&j);
	json_key(&j, "events");
	json_array_begin(&j);
	for (k = 0; k < a->nshow; k++)
		json_string(&j, p->events[a->show[k]]);
	json_array_end(&j);
	json_key(&j, "totals");
	json_object_begin(&j);
	for (k = 0; k < a->nshow; k++) {
		json_key(&j, p->events[a->show[k]]);
		json_int(&j, a->summary[a->show[k]]);
	}
	json_object_end(&j);
	json_key(&j, "totals_calculated");
	json_bool(&j, a->calculated);
	json_key(&j, "functions");
	json_array_begin(&j);
	qsort_r(a->e, a->ne_nr, sizeof(*a->e), entry_cmp, a);
	for (i = 0; i < a->ne_nr; i++) {
		const struct entry *e = &a->e[i];
		const struct cg_fn *f = &p->fns.v[e->fn];

		if (e->hidden)
			continue;
		json_object_begin(&j);
		json_key(&j, "file");
		json_string(&j, cg_name(p, CG_FILE, f->file));
		json_key(&j, "function");
		json_string(&j, cg_name(p, CG_FN, f->name));
		json_key(&j, "object");
		json_string(&j, cg_name(p, CG_OBJ, f->obj));
		json_key(&j, "self");
		json_object_begin(&j);
		for (k = 0; k < a->nshow; k++) {
			json_key(&j, p->events[a->show[k]]);
			json_int(&j, cg_cost(p, f->row)[a->show[k]]);
		}
		json_object_end(&j);
		json_key(&j, "inclusive");
		json_object_begin(&j);
		for (k = 0; k < a->nshow; k++) {
			json_key(&j, p->events[a->show[k]]);
			json_int(&j, incl[e->fn * a->ne + a->show[k]]);
		}
		json_object_end(&j);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, a->out);
	strbuf_release(&sb);
	free(incl);
}

int annotate_print(struct cg_profile *p, struct annotate_options *o, FILE *out)
{
	struct ann a;
	struct call_lists cl;
	struct chosen ch = { NULL, 0 };
	size_t i;
	int rc = 0;

	memset(&a, 0, sizeof(a));
	a.p = p;
	a.o = o;
	a.out = out;
	a.ne = p->nevents;
	a.compat = o->compat;
	if (event_list(&a, &o->show, a.show, &a.nshow, "show") < 0 ||
	    event_list(&a, &o->sort, a.sort, &a.nsort, "sort") < 0 ||
	    annotate_options_compile(o) < 0)
		return -1;
	a.single = strtod(o->single_threshold, NULL);
	for (i = 0; i < a.nsort; i++)
		a.thresholds[i] = i < o->thresholds.nr ? strtod(o->thresholds.v[i], NULL)
						      : (i ? 0 : a.single);
	if (o->thresholds.nr)
		a.single = 0;

	/* PROGRAM TOTALS: summary:, else totals:, else calculated. */
	if (a.compat) {
		int zero = 1;

		for (i = 0; i < p->summary_ndef; i++)
			if (p->summary[i] > 0)
				zero = 0;
		if (p->nparts_summary && !zero) {
			memcpy(a.summary, p->summary, sizeof(a.summary));
			a.summary_ndef = p->summary_ndef;
		} else {
			zero = 1;
			for (i = 0; i < p->totals_ndef; i++)
				if (p->totals[i] > 0)
					zero = 0;
			if (p->nparts_totals && !zero) {
				memcpy(a.summary, p->totals, sizeof(a.summary));
				a.summary_ndef = p->totals_ndef;
			} else {
				a.calculated = 1;
			}
		}
	} else {
		cg_total(p, a.summary, &a.calculated);
		a.summary_ndef = a.ne;
	}
	a.names = xcalloc(p->fns.nr + 1, sizeof(*a.names));
	build_entries(&a);
	if (a.compat && a.calculated) {
		for (i = 0; i < a.ne_nr; i++)
			add_row(&a, a.summary, &a.summary_ndef, a.e[i].cost, a.e[i].ndef);
	}
	if (o->format == ANNOTATE_JSON) {
		print_json(&a);
		goto out;
	}
	if (o->reading_default && o->ninputs)
		fprintf(out, "Reading data from '%s'...\n", o->inputs[0]);
	print_header(&a);
	memset(&cl, 0, sizeof(cl));
	if (o->tree_caller || o->tree_calling)
		call_lists_build(&a, &cl);
	print_functions(&a, &cl, &ch);
	rc = annotate_sources(&a, &ch);
	call_lists_release(&cl);
out:
	free(ch.file);
	free(a.e);
	free(a.fn_entry);
	free(a.costs);
	free(a.names);
	arena_release(&a.arena);
	return rc;
}

static int top_cmp(const void *x, const void *y, void *ctx)
{
	const struct cg_profile *p = ctx;
	const struct cg_fn *f = &p->fns.v[*(const uint32_t *)x];
	const struct cg_fn *g = &p->fns.v[*(const uint32_t *)y];
	int64_t a = cg_cost(p, f->row)[0];
	int64_t b = cg_cost(p, g->row)[0];

	if (a != b)
		return a < b ? 1 : -1;
	return strcmp(cg_name(p, CG_FN, f->name), cg_name(p, CG_FN, g->name));
}

int annotate_run(struct annotate_options *o, struct cg_read_options *ro, FILE *out)
{
	struct cg_profile p;
	struct strbuf cwd = STRBUF_INIT;
	size_t i;
	int rc = 0;

	cg_profile_init(&p);
	cg_cwd_prefix(&cwd);
	ro->compat = o->compat;
	ro->strip_prefix = cwd.len ? cwd.buf : NULL;
	ro->want_lines = o->format != ANNOTATE_JSON && (o->auto_annotate || o->user_files.nr);
	for (i = 0; i < o->ninputs && !rc; i++) {
		ro->sign = o->diff && i == 0 ? -1 : 1;
		rc = cg_read_file(&p, o->inputs[i], ro);
	}
	if (!rc)
		rc = annotate_print(&p, o, out);
	cg_profile_release(&p);
	strbuf_release(&cwd);
	return rc;
}

int annotate_top(struct strbuf *out, const char *path, size_t n,
		 const char *indent, const char *strip_prefix)
{
	struct cg_profile p;
	struct cg_read_options ro = CG_READ_OPTIONS_INIT;
	int64_t total[CG_MAX_EVENTS];
	uint32_t *order;
	size_t i, k = 0, width = 0;
	int calculated;
	struct strbuf num = STRBUF_INIT;

	cg_profile_init(&p);
	ro.want_lines = 0;
	ro.strip_prefix = strip_prefix;
	if (cg_read_file(&p, path, &ro) < 0 || !p.nevents) {
		cg_profile_release(&p);
		strbuf_addf(out, "%scannot read the profile\n", indent);
		return -1;
	}
	cg_total(&p, total, &calculated);
	order = xmalloc((p.fns.nr + 1) * sizeof(*order));
	for (i = 0; i < p.fns.nr; i++)
		if (cg_cost(&p, p.fns.v[i].row)[0])
			order[k++] = (uint32_t)i;
	qsort_r(order, k, sizeof(*order), top_cmp, &p);
	if (k > n)
		k = n;
	commify(&num, total[0], 0);
	width = num.len;
	for (i = 0; i < k; i++) {
		const struct cg_fn *f = &p.fns.v[order[i]];
		int64_t v = cg_cost(&p, f->row)[0];

		strbuf_reset(&num);
		commify(&num, v, 0);
		strbuf_addf(out, "%s%*s (%5.2f%%)  %s:%s\n", indent, (int)width, num.buf,
			    perc_of(v, total[0]), cg_name(&p, CG_FILE, f->file),
			    cg_name(&p, CG_FN, f->name));
	}
	strbuf_reset(&num);
	commify(&num, total[0], 0);
	strbuf_addf(out, "%s%*s (100.0%%)  total %s\n", indent, (int)width, num.buf, p.events[0]);
	strbuf_release(&num);
	free(order);
	cg_profile_release(&p);
	return 0;
}
