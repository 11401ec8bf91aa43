/*
 * cg_diff.c: two profiles compared function by function, and the reports.
 */
#include <math.h>
#include <string.h>

#include "cg_diff.h"
#include "fsutil.h"
#include "json.h"
#include "strbuf.h"
#include "term.h"
#include "util.h"

/* One side's functions, merged by (name, file, object). */
struct side {
	const struct cg_profile *p;
	/* Per object id, the name it is matched by: its own, or its partner's. */
	const char **objs;
	int64_t *incl;
	struct cg_index full, short_;
	VEC(uint32_t) first;	/* per full key: a fns index */
	VEC(int64_t) self, inc;	/* per full key, nevents each */
	VEC(uint32_t) short_count;	/* per short key: how many full keys */
	VEC(uint32_t) short_full;	/* per short key: the full key */
	uint32_t *full_short;
	size_t nfull;
};

static uint64_t str_key(const char *s)
{
	return hash_fnv1a(s, strlen(s), HASH_FNV1A_SEED);
}

static uint64_t key3(const char *a, const char *b, const char *c)
{
	return str_key(a) * 31 + str_key(b) * 7 + str_key(c);
}

/* s's functions, keyed by objs (per object id, taken over: freed with s). */
static void side_build(struct side *s, const struct cg_profile *p, const struct diff *d,
		       const int *cols, const char **objs)
{
	size_t i, e, ne = d->nevents;

	memset(s, 0, sizeof(*s));
	s->p = p;
	s->objs = objs;
	s->incl = cg_inclusive(p);
	for (i = 0; i < p->fns.nr; i++) {
		const struct cg_fn *f = &p->fns.v[i];
		const char *fn = cg_name(p, CG_FN, f->name);
		const char *file = cg_name(p, CG_FILE, f->file);
		const char *obj = objs[f->obj];
		const int64_t *self = cg_cost(p, f->row);
		int created, any = 0;
		uint32_t k;

		for (e = 0; e < ne; e++)
			if (self[cols[e]] || s->incl[i * p->nevents + cols[e]])
				any = 1;
		if (!any)
			continue;
		/* Three 64-bit hashes of the strings: a collision is not a concern. */
		k = cg_index_find(&s->full, key3(fn, file, obj), str_key(fn), str_key(file),
				       &created);
		if (created) {
			vec_push(&s->first, (uint32_t)i);
			vec_grow(&s->self, ne);
			vec_grow(&s->inc, ne);
			for (e = 0; e < ne; e++) {
				s->self.v[s->self.nr++] = 0;
				s->inc.v[s->inc.nr++] = 0;
			}
		}
		for (e = 0; e < ne; e++) {
			s->self.v[k * ne + e] = cost_add(s->self.v[k * ne + e], self[cols[e]]);
			s->inc.v[k * ne + e] = cost_add(s->inc.v[k * ne + e], s->incl[i * p->nevents + cols[e]]);
		}
	}
	s->nfull = s->first.nr;
	s->full_short = xcalloc(s->nfull + 1, sizeof(uint32_t));
	for (i = 0; i < s->nfull; i++) {
		const struct cg_fn *f = &p->fns.v[s->first.v[i]];
		const char *fn = cg_name(p, CG_FN, f->name);
		const char *file = path_basename(cg_name(p, CG_FILE, f->file));
		const char *obj = path_basename(objs[f->obj]);
		int created;
		uint32_t k = cg_index_find(&s->short_, key3(fn, file, obj), str_key(fn),
						str_key(file), &created);

		if (created) {
			vec_push(&s->short_count, 0);
			vec_push(&s->short_full, (uint32_t)i);
		}
		s->short_count.v[k]++;
		s->full_short[i] = k;
	}
}

static void side_release(struct side *s)
{
	free(s->objs);
	free(s->incl);
	cg_index_release(&s->full);
	cg_index_release(&s->short_);
	vec_release(&s->first);
	vec_release(&s->self);
	vec_release(&s->inc);
	vec_release(&s->short_count);
	vec_release(&s->short_full);
	free(s->full_short);
}

static const struct cg_fn *side_fn(const struct side *s, uint32_t k)
{
	return &s->p->fns.v[s->first.v[k]];
}

static uint32_t side_lookup(const struct side *s, const struct side *from, uint32_t k, int shortk)
{
	const struct cg_fn *f = side_fn(from, k);
	const char *fn = cg_name(from->p, CG_FN, f->name);
	const char *file = cg_name(from->p, CG_FILE, f->file);
	const char *obj = from->objs[f->obj];

	if (shortk) {
		file = path_basename(file);
		obj = path_basename(obj);
		return cg_index_lookup(&s->short_, key3(fn, file, obj), str_key(fn), str_key(file));
	}
	return cg_index_lookup(&s->full, key3(fn, file, obj), str_key(fn), str_key(file));
}

/* used[o]: object id o is a function's object (0, no object, never). */
static uint8_t *objects_used(const struct cg_profile *p)
{
	uint8_t *used = xcalloc(p->names[CG_OBJ].nr + 1, 1);
	size_t i;

	for (i = 0; i < p->fns.nr; i++)
		used[p->fns.v[i].obj] = p->fns.v[i].obj != 0;
	return used;
}

/* The one used object whose name's last component is base, or 0. */
static uint32_t object_by_basename(const struct cg_profile *p, const uint8_t *used, const char *base)
{
	uint32_t found = 0, o;

	for (o = 1; o < p->names[CG_OBJ].nr; o++) {
		if (!used[o] || strcmp(path_basename(cg_name(p, CG_OBJ, o)), base))
			continue;
		if (found)
			return 0;
		found = o;
	}
	return found;
}

/*
 * The profiled program's object: the one the command line (cmd:) names,
 * else the one that holds main; 0 when neither tells.
 */
static uint32_t program_object(const struct cg_profile *p, const uint8_t *used)
{
	const char *cmd = p->parts.nr ? p->parts.v[0].cmd : NULL;
	uint32_t found = 0;
	size_t i;

	if (cmd && *cmd) {
		char *exe = xstrndup(cmd, strcspn(cmd, " \t"));

		found = object_by_basename(p, used, path_basename(exe));
		free(exe);
		if (found)
			return found;
	}
	for (i = 0; i < p->fns.nr; i++) {
		const struct cg_fn *f = &p->fns.v[i];

		if (!f->obj || strcmp(cg_name(p, CG_FN, f->name), "main"))
			continue;
		if (found && found != f->obj)
			return 0;
		found = f->obj;
	}
	return found;
}

/*
 * The names objects are matched by, per object id of each side. An old
 * object takes the name of its partner in new: the one of the same name;
 * else of the same last component, if that is unique on both sides (a
 * build in another folder); else, for the profiled program, the other
 * side's program, whatever the two files are called (./app_old and
 * ./app_new). Shared libraries keep their names, and match by them.
 */
static void objects_pair(const struct cg_profile *old, const struct cg_profile *new_,
			 const char ***old_objs, const char ***new_objs)
{
	size_t no = old->names[CG_OBJ].nr, nn = new_->names[CG_OBJ].nr;
	uint8_t *uo = objects_used(old), *un = objects_used(new_);
	uint8_t *taken = xcalloc(nn + 1, 1), *paired = xcalloc(no + 1, 1);
	const char **on = xcalloc(no + 1, sizeof(*on)), **nw = xcalloc(nn + 1, sizeof(*nw));
	uint32_t o, n, po, pn;
	int pass;

	for (o = 0; o < no; o++)
		on[o] = cg_name(old, CG_OBJ, o);
	for (n = 0; n < nn; n++)
		nw[n] = cg_name(new_, CG_OBJ, n);
	for (pass = 0; pass < 2; pass++)
		for (o = 1; o < no; o++) {
			const char *base = path_basename(on[o]);

			if (!uo[o] || paired[o])
				continue;
			for (n = 1; n < nn; n++) {
				if (!un[n] || taken[n])
					continue;
				if (pass ? strcmp(path_basename(nw[n]), base) : strcmp(nw[n], on[o]))
					continue;
				if (pass && (object_by_basename(old, uo, base) != o ||
					     object_by_basename(new_, un, base) != n))
					break;
				paired[o] = taken[n] = 1;
				on[o] = nw[n];
				break;
			}
		}
	po = program_object(old, uo);
	pn = program_object(new_, un);
	if (po && pn && !paired[po] && !taken[pn])
		on[po] = nw[pn];
	free(uo);
	free(un);
	free(taken);
	free(paired);
	*old_objs = on;
	*new_objs = nw;
}

/* The events compared: primary first if given, then those both profiles have. */
static int events_pair(struct diff *d, const struct cg_profile *old,
		       const struct cg_profile *new_, const char *primary)
{
	size_t i;

	if (primary) {
		int o = cg_event(old, primary), n = cg_event(new_, primary);

		if (o < 0 || n < 0)
			return error("event '%s' is not in %s", primary,
				     o < 0 ? "the old profile" : "the new profile");
		d->events[d->nevents] = new_->events[n];
		d->old_col[d->nevents] = o;
		d->new_col[d->nevents++] = n;
	}
	for (i = 0; i < new_->nevents; i++) {
		int o = cg_event(old, new_->events[i]);

		if (o < 0 || (primary && !strcmp(primary, new_->events[i])))
			continue;
		d->events[d->nevents] = new_->events[i];
		d->old_col[d->nevents] = o;
		d->new_col[d->nevents++] = (int)i;
	}
	if (!d->nevents)
		return error("the two profiles have no event in common");
	return 0;
}

/*
 * The old function each new one is matched with (UINT32_MAX: none), and
 * which old ones are taken: full names first, then the short names that
 * are unique on both sides.
 */
static void functions_match(struct side *so, struct side *sn, uint32_t *match_new,
			    uint8_t *old_used)
{
	size_t i;

	for (i = 0; i < sn->nfull; i++) {
		uint32_t k = side_lookup(so, sn, (uint32_t)i, 0);

		match_new[i] = UINT32_MAX;
		if (k != UINT32_MAX) {
			match_new[i] = k;
			old_used[k] = 1;
		}
	}
	for (i = 0; i < sn->nfull; i++) {
		uint32_t k;

		if (match_new[i] != UINT32_MAX || sn->short_count.v[sn->full_short[i]] != 1)
			continue;
		k = side_lookup(so, sn, (uint32_t)i, 1);
		if (k == UINT32_MAX || so->short_count.v[k] != 1)
			continue;
		k = so->short_full.v[k];
		if (old_used[k])
			continue;
		match_new[i] = k;
		old_used[k] = 1;
	}
}

/* A row for function i of side s: its names, and its costs on that side. */
static struct diff_row *row_add(struct diff *d, const struct side *s, size_t i, int is_new)
{
	const struct cg_profile *p = s->p;
	struct diff_row *r = &d->rows[d->nrows++];
	const struct cg_fn *f = side_fn(s, (uint32_t)i);
	size_t ne = d->nevents;

	r->file = cg_name(p, CG_FILE, f->file);
	r->function = cg_name(p, CG_FN, f->name);
	r->object = cg_name(p, CG_OBJ, f->obj);
	memcpy(is_new ? r->new_self : r->old_self, s->self.v + i * ne, ne * sizeof(int64_t));
	memcpy(is_new ? r->new_incl : r->old_incl, s->inc.v + i * ne, ne * sizeof(int64_t));
	if (is_new)
		r->in_new = 1;
	else
		r->in_old = 1;
	return r;
}

int diff_compute(struct diff *d, const struct cg_profile *old, const struct cg_profile *new_,
		 const char *primary)
{
	const char **old_objs, **new_objs;
	struct side so, sn;
	uint32_t *match_new;
	uint8_t *old_used;
	int64_t t[CG_MAX_EVENTS];
	size_t i, e, ne;
	int calc;

	memset(d, 0, sizeof(*d));
	if (events_pair(d, old, new_, primary) < 0)
		return -1;
	ne = d->nevents;
	cg_total(old, t, &calc);
	for (e = 0; e < ne; e++)
		d->old_total[e] = t[d->old_col[e]];
	cg_total(new_, t, &calc);
	for (e = 0; e < ne; e++)
		d->new_total[e] = t[d->new_col[e]];
	objects_pair(old, new_, &old_objs, &new_objs);
	side_build(&so, old, d, d->old_col, old_objs);
	side_build(&sn, new_, d, d->new_col, new_objs);
	match_new = xmalloc((sn.nfull + 1) * sizeof(uint32_t));
	old_used = xcalloc(so.nfull + 1, 1);
	functions_match(&so, &sn, match_new, old_used);

	d->rows = xcalloc(sn.nfull + so.nfull + 1, sizeof(*d->rows));
	d->values = xcalloc((sn.nfull + so.nfull + 1) * 4, st_mult(ne, sizeof(int64_t)));
	for (i = 0; i < sn.nfull + so.nfull; i++) {
		struct diff_row *r = &d->rows[i];

		r->old_self = d->values + (i * 4 + 0) * ne;
		r->new_self = d->values + (i * 4 + 1) * ne;
		r->old_incl = d->values + (i * 4 + 2) * ne;
		r->new_incl = d->values + (i * 4 + 3) * ne;
	}
	for (i = 0; i < sn.nfull; i++) {
		struct diff_row *r = row_add(d, &sn, i, 1);

		if (match_new[i] != UINT32_MAX) {
			r->in_old = 1;
			memcpy(r->old_self, so.self.v + match_new[i] * ne, ne * sizeof(int64_t));
			memcpy(r->old_incl, so.inc.v + match_new[i] * ne, ne * sizeof(int64_t));
		}
	}
	for (i = 0; i < so.nfull; i++)
		if (!old_used[i])
			row_add(d, &so, i, 0);
	free(match_new);
	free(old_used);
	side_release(&so);
	side_release(&sn);
	return 0;
}

int diff_match_functions(const struct cg_profile *old, const struct cg_profile *new_,
			 const char *primary, uint32_t *old_to_new)
{
	const char **old_objs, **new_objs;
	struct side so, sn;
	struct diff d;
	uint32_t *match_new, *match_old;
	uint8_t *old_used;
	size_t i;

	memset(&d, 0, sizeof(d));
	if (events_pair(&d, old, new_, primary) < 0)
		return -1;
	objects_pair(old, new_, &old_objs, &new_objs);
	side_build(&so, old, &d, d.old_col, old_objs);
	side_build(&sn, new_, &d, d.new_col, new_objs);
	match_new = xmalloc((sn.nfull + 1) * sizeof(uint32_t));
	old_used = xcalloc(so.nfull + 1, 1);
	functions_match(&so, &sn, match_new, old_used);
	match_old = xmalloc((so.nfull + 1) * sizeof(uint32_t));
	for (i = 0; i < so.nfull; i++)
		match_old[i] = UINT32_MAX;
	for (i = 0; i < sn.nfull; i++)
		if (match_new[i] != UINT32_MAX)
			match_old[match_new[i]] = sn.first.v[i];
	for (i = 0; i < old->fns.nr; i++) {
		const struct cg_fn *f = &old->fns.v[i];
		const char *fn = cg_name(old, CG_FN, f->name);
		const char *file = cg_name(old, CG_FILE, f->file);
		uint32_t k = cg_index_lookup(&so.full, key3(fn, file, so.objs[f->obj]),
						  str_key(fn), str_key(file));

		old_to_new[i] = k == UINT32_MAX ? UINT32_MAX : match_old[k];
	}
	free(match_new);
	free(match_old);
	free(old_used);
	side_release(&so);
	side_release(&sn);
	return 0;
}

void diff_release(struct diff *d)
{
	free(d->rows);
	free(d->values);
	memset(d, 0, sizeof(*d));
}


/*
 * |new - old|, exact: each side fits in 63 bits (the reader sees to it),
 * their difference may need 64.
 */
static uint64_t change_size(int64_t old, int64_t new_)
{
	return new_ >= old ? (uint64_t)new_ - (uint64_t)old : (uint64_t)old - (uint64_t)new_;
}

static int row_cmp(const void *x, const void *y)
{
	const struct diff_row *a = x, *b = y;
	uint64_t da = change_size(a->old_self[0], a->new_self[0]);
	uint64_t db = change_size(b->old_self[0], b->new_self[0]);
	int c;

	if (da != db)
		return da < db ? 1 : -1;
	da = change_size(a->old_incl[0], a->new_incl[0]);
	db = change_size(b->old_incl[0], b->new_incl[0]);
	if (da != db)
		return da < db ? 1 : -1;
	c = strcmp(a->function, b->function);
	return c ? c : strcmp(a->file, b->file);
}

/* The change from old to new in percent; INFINITY for something new. */
static double change_pct(int64_t old, int64_t new_)
{
	if (old == 0)
		return new_ == 0 ? 0 : (new_ > 0 ? INFINITY : -INFINITY);
	return ((double)new_ - (double)old) * 100.0 / fabs((double)old);
}

double diff_total_change(const struct diff *d)
{
	return change_pct(d->old_total[0], d->new_total[0]);
}

static int row_shown(const struct diff_row *r, double min_change)
{
	double s = change_pct(r->old_self[0], r->new_self[0]);
	double i = change_pct(r->old_incl[0], r->new_incl[0]);

	if (r->new_self[0] == r->old_self[0] && r->new_incl[0] == r->old_incl[0])
		return 0;
	return fabs(s) >= min_change || fabs(i) >= min_change;
}

/* new - old, signed: "+160", "-50", "0". */
static void add_change(struct strbuf *sb, int64_t old, int64_t new_)
{
	strbuf_add_thousands(sb, new_ > old ? "+" : new_ < old ? "-" : "", change_size(old, new_));
}

static void add_pct(struct strbuf *sb, int64_t old, int64_t new_, int in_old, int in_new)
{
	double p = change_pct(old, new_);

	if (!in_old)
		strbuf_addstr(sb, "new");
	else if (!in_new)
		strbuf_addstr(sb, "gone");
	else if (isinf(p))
		strbuf_addstr(sb, p > 0 ? "+inf%" : "-inf%");
	else if (old == new_)
		strbuf_addstr(sb, "0.00%");
	else
		strbuf_addf(sb, "%+.2f%%", p);
}

/* Four cells: old, new, the change (red for growth, green for less) and percent. */
static void print_change(FILE *out, const struct diff_print_options *o, struct strbuf *sb,
			 int64_t old, int64_t new_, int in_old, int in_new)
{
	int changed = new_ != old;

	strbuf_reset(sb);
	strbuf_add_thousands_signed(sb, old);
	fprintf(out, "%15s ", in_old ? sb->buf : ".");
	strbuf_reset(sb);
	strbuf_add_thousands_signed(sb, new_);
	fprintf(out, "%15s ", in_new ? sb->buf : ".");
	strbuf_reset(sb);
	add_change(sb, old, new_);
	fprintf(out, "%s%14s%s ", term_color(o->color && changed, new_ > old ? TC_RED : TC_GREEN),
		sb->buf, term_color(o->color && changed, TC_RESET));
	strbuf_reset(sb);
	add_pct(sb, old, new_, in_old, in_new);
	fprintf(out, "%9s ", sb->buf);
}

static void print_text(struct diff *d, const struct diff_print_options *o, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *bold = term_color(o->color, TC_BOLD), *reset = term_color(o->color, TC_RESET);
	size_t i, shown = 0, small = 0, beyond = 0;

	fprintf(out, "Old:    %s\nNew:    %s\nEvent:  %s", d->old_path, d->new_path, d->events[0]);
	if (d->nevents > 1) {
		fputs(" (also in --format json:", out);
		for (i = 1; i < d->nevents; i++)
			fprintf(out, " %s", d->events[i]);
		fputc(')', out);
	}
	fputs("\n\n", out);
	fprintf(out, "%s%15s %15s %14s %9s %15s %15s %14s %9s  %s%s\n", bold,
		"old self", "new self", "change", "%", "old incl", "new incl", "change", "%",
		"function", reset);
	print_change(out, o, &sb, d->old_total[0], d->new_total[0], 1, 1);
	fprintf(out, "%15s %15s %14s %9s  PROGRAM TOTALS\n", "", "", "", "");
	for (i = 0; i < d->nrows; i++) {
		const struct diff_row *r = &d->rows[i];

		if (!row_shown(r, o->min_change)) {
			if (r->new_self[0] != r->old_self[0] || r->new_incl[0] != r->old_incl[0])
				small++;
			continue;
		}
		if (o->limit && shown >= o->limit) {
			beyond++;
			continue;
		}
		shown++;
		print_change(out, o, &sb, r->old_self[0], r->new_self[0], r->in_old, r->in_new);
		print_change(out, o, &sb, r->old_incl[0], r->new_incl[0], r->in_old, r->in_new);
		fprintf(out, " %s:%s", r->file, r->function);
		if (*r->object)
			fprintf(out, " [%s]", r->object);
		fputc('\n', out);
	}
	/* Each count under the option that hid it. */
	if (small || beyond)
		fputc('\n', out);
	if (small)
		fprintf(out, "%zu more function%s changed less than %g%% (--min-change)\n", small,
			small == 1 ? "" : "s", o->min_change);
	if (beyond)
		fprintf(out, "%zu more function%s changed, beyond --limit %zu\n", beyond,
			beyond == 1 ? "" : "s", o->limit);
	strbuf_release(&sb);
}

static void print_markdown(struct diff *d, const struct diff_print_options *o, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, shown = 0;

	strbuf_addf(&sb, "| function | old self | new self | change | %% | old incl | new incl | change | %% |\n");
	strbuf_addstr(&sb, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
	strbuf_addstr(&sb, "| **PROGRAM TOTALS** | ");
	strbuf_add_thousands_signed(&sb, d->old_total[0]);
	strbuf_addstr(&sb, " | ");
	strbuf_add_thousands_signed(&sb, d->new_total[0]);
	strbuf_addstr(&sb, " | ");
	add_change(&sb, d->old_total[0], d->new_total[0]);
	strbuf_addstr(&sb, " | ");
	add_pct(&sb, d->old_total[0], d->new_total[0], 1, 1);
	strbuf_addstr(&sb, " | | | | |\n");
	for (i = 0; i < d->nrows; i++) {
		const struct diff_row *r = &d->rows[i];

		if (!row_shown(r, o->min_change) || (o->limit && shown >= o->limit))
			continue;
		shown++;
		strbuf_addstr(&sb, "| ");
		strbuf_add_md_escaped(&sb, r->function);
		strbuf_addstr(&sb, " (");
		strbuf_add_md_escaped(&sb, r->file);
		strbuf_addstr(&sb, ") | ");
		strbuf_add_thousands_signed(&sb, r->old_self[0]);
		strbuf_addstr(&sb, " | ");
		strbuf_add_thousands_signed(&sb, r->new_self[0]);
		strbuf_addstr(&sb, " | ");
		add_change(&sb, r->old_self[0], r->new_self[0]);
		strbuf_addstr(&sb, " | ");
		add_pct(&sb, r->old_self[0], r->new_self[0], r->in_old, r->in_new);
		strbuf_addstr(&sb, " | ");
		strbuf_add_thousands_signed(&sb, r->old_incl[0]);
		strbuf_addstr(&sb, " | ");
		strbuf_add_thousands_signed(&sb, r->new_incl[0]);
		strbuf_addstr(&sb, " | ");
		add_change(&sb, r->old_incl[0], r->new_incl[0]);
		strbuf_addstr(&sb, " | ");
		add_pct(&sb, r->old_incl[0], r->new_incl[0], r->in_old, r->in_new);
		strbuf_addstr(&sb, " |\n");
	}
	fprintf(out, "**%s**: `%s` → `%s`\n\n", d->events[0], d->old_path, d->new_path);
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
}

static void json_costs(struct json *j, const struct diff *d, const int64_t *v)
{
	size_t e;

	json_object_begin(j);
	for (e = 0; e < d->nevents; e++) {
		json_key(j, d->events[e]);
		json_int(j, v[e]);
	}
	json_object_end(j);
}

static void print_json(struct diff *d, const struct diff_print_options *o, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	size_t i, e, shown = 0;

	json_init(&j, &sb);
	json_object_begin(&j);
	json_key(&j, "version");
	json_int(&j, 1);
	json_key(&j, "old");
	json_string(&j, d->old_path);
	json_key(&j, "new");
	json_string(&j, d->new_path);
	json_key(&j, "events");
	json_array_begin(&j);
	for (e = 0; e < d->nevents; e++)
		json_string(&j, d->events[e]);
	json_array_end(&j);
	json_key(&j, "totals");
	json_object_begin(&j);
	json_key(&j, "old");
	json_costs(&j, d, d->old_total);
	json_key(&j, "new");
	json_costs(&j, d, d->new_total);
	json_object_end(&j);
	json_key(&j, "functions");
	json_array_begin(&j);
	for (i = 0; i < d->nrows; i++) {
		const struct diff_row *r = &d->rows[i];

		if (!row_shown(r, o->min_change) || (o->limit && shown >= o->limit))
			continue;
		shown++;
		json_object_begin(&j);
		json_key(&j, "function");
		json_string(&j, r->function);
		json_key(&j, "file");
		json_string(&j, r->file);
		json_key(&j, "object");
		json_string(&j, r->object);
		json_key(&j, "in_old");
		json_bool(&j, r->in_old);
		json_key(&j, "in_new");
		json_bool(&j, r->in_new);
		json_key(&j, "old_self");
		json_costs(&j, d, r->old_self);
		json_key(&j, "new_self");
		json_costs(&j, d, r->new_self);
		json_key(&j, "old_inclusive");
		json_costs(&j, d, r->old_incl);
		json_key(&j, "new_inclusive");
		json_costs(&j, d, r->new_incl);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
}

void diff_print(struct diff *d, const struct diff_print_options *o, FILE *out)
{
	qsort(d->rows, d->nrows, sizeof(*d->rows), row_cmp);
	if (o->format == DIFF_JSON)
		print_json(d, o, out);
	else if (o->format == DIFF_MARKDOWN)
		print_markdown(d, o, out);
	else
		print_text(d, o, out);
}
