/*
 * cg_flame.c: call stacks rebuilt from the call graph (cg_flame.h says
 * how), folded stacks and speedscope's format.
 */
#include <string.h>

#include "cg_diff.h"
#include "cg_flame.h"
#include "cmd.h"
#include "json.h"
#include "strbuf.h"
#include "util.h"

/* One profile's call graph, as the tree is grown from it. */
struct graph {
	const struct cg_profile *p;
	int col;
	const uint64_t *keys;	/* per function: its identity */
	/*
	 * Per function, the one it is part of: callgrind files the code
	 * inlined from another file (fi=) as a function of that file and
	 * the same name, which no call reaches; it is its function's.
	 */
	uint32_t *home;
	uint32_t *scc;
	uint8_t *cyclic;	/* per component: more than a call to itself away */
	int64_t *own;		/* per function: self + calls out of its component */
	/* Calls by caller, out of the caller's component and within it. */
	uint32_t *out_start, *out, *in_start, *in;
	/* Per function as a component's entry: its members' tree (below). */
	uint32_t *entry_tree;
	VEC(struct member) members;
	uint32_t *mark, stamp;	/* per function: the tree being made holds it */
};

/*
 * A component entered at one function: its members along the calls that
 * first reach them from the entry (breadth first), each with the cost of
 * its part of that tree.
 */
struct member {
	uint32_t fn;
	uint32_t child, next;	/* in members, FLAME_NONE: none */
	int64_t sub;		/* own cost of the member and those below it */
};

/* A frame to be made: fn under parent, width value; pos is a member's. */
struct item {
	int64_t value;
	uint32_t parent, fn, pos;
};

struct heap {
	VEC(struct item) v;
};

static int item_before(const struct item *a, const struct item *b)
{
	if (a->value != b->value)
		return a->value > b->value;
	if (a->parent != b->parent)
		return a->parent < b->parent;
	return a->fn < b->fn;
}

static void heap_push(struct heap *h, struct item it)
{
	size_t i;

	vec_push(&h->v, it);
	for (i = h->v.nr - 1; i; ) {
		size_t up = (i - 1) / 2;

		if (!item_before(&h->v.v[i], &h->v.v[up]))
			break;
		it = h->v.v[i];
		h->v.v[i] = h->v.v[up];
		h->v.v[up] = it;
		i = up;
	}
}

static struct item heap_pop(struct heap *h)
{
	struct item top = h->v.v[0], t;
	size_t i = 0, n = --h->v.nr;

	h->v.v[0] = h->v.v[n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < n && item_before(&h->v.v[l], &h->v.v[m]))
			m = l;
		if (r < n && item_before(&h->v.v[r], &h->v.v[m]))
			m = r;
		if (m == i)
			break;
		t = h->v.v[i];
		h->v.v[i] = h->v.v[m];
		h->v.v[m] = t;
		i = m;
	}
	return top;
}

static int64_t nonneg(int64_t v)
{
	return v > 0 ? v : 0;
}

/* value * num / den, den > 0, num <= den: never more than value. */
static int64_t scale(int64_t value, int64_t num, int64_t den)
{
	if (num >= den)
		return value;
	return (int64_t)((unsigned __int128)value * (uint64_t)num / (uint64_t)den);
}

size_t flame_name_len(const char *name)
{
	const char *q = strchr(name, '\'');

	/*
	 * Callgrind appends the recursion depth ('2) and the callers
	 * ('caller'caller) after a quote; a name of C or C++ has none.
	 */
	return q && q != name ? (size_t)(q - name) : strlen(name);
}

#define CALLER(g, i) ((g)->home[(g)->p->calls.v[i].caller])
#define CALLEE(g, i) ((g)->home[(g)->p->calls.v[i].callee])

/*
 * home: per (object, name), the function that calls reach, when exactly
 * one does, else the first; the others of that name are parts of it
 * unless calls reach them too (two static functions of one name).
 */
static uint32_t *fn_homes(const struct cg_profile *p)
{
	size_t nf = p->fns.nr, i;
	uint32_t *home = xmalloc((nf + 1) * sizeof(*home)), *first, *called_one;
	uint8_t *called = xcalloc(nf + 1, 1), *many;
	struct cg_index ix;

	memset(&ix, 0, sizeof(ix));
	for (i = 0; i < p->calls.nr; i++)
		called[p->calls.v[i].callee] = 1;
	first = xmalloc((nf + 1) * sizeof(*first));
	called_one = xmalloc((nf + 1) * sizeof(*called_one));
	many = xcalloc(nf + 1, 1);
	for (i = 0; i < nf; i++) {
		int created;
		uint32_t k = cg_index_find(&ix, p->fns.v[i].obj, p->fns.v[i].name, 0, &created);

		if (created) {
			first[k] = (uint32_t)i;
			called_one[k] = FLAME_NONE;
		}
		if (called[i]) {
			if (called_one[k] != FLAME_NONE)
				many[k] = 1;
			called_one[k] = (uint32_t)i;
		}
		home[i] = k;
	}
	for (i = 0; i < nf; i++) {
		uint32_t k = home[i];

		if (called[i] || many[k])
			home[i] = (uint32_t)i;
		else
			home[i] = called_one[k] != FLAME_NONE ? called_one[k] : first[k];
	}
	cg_index_release(&ix);
	free(first);
	free(called_one);
	free(called);
	free(many);
	return home;
}

/* Calls by caller into start/adj (CSR); within == 1: those inside a component. */
static void calls_index(struct graph *g, int within, uint32_t **start_out, uint32_t **adj_out)
{
	const struct cg_profile *p = g->p;
	size_t nf = p->fns.nr, i;
	uint32_t *start = xcalloc(nf + 2, sizeof(*start)), *fill, *adj;

	for (i = 0; i < p->calls.nr; i++) {
		uint32_t from = CALLER(g, i), to = CALLEE(g, i);

		if ((g->scc[from] == g->scc[to]) == within && from != to)
			start[from + 1]++;
	}
	for (i = 0; i < nf; i++)
		start[i + 1] += start[i];
	fill = xmalloc((nf + 1) * sizeof(*fill));
	memcpy(fill, start, (nf + 1) * sizeof(*fill));
	adj = xmalloc((start[nf] + 1) * sizeof(*adj));
	for (i = 0; i < p->calls.nr; i++) {
		uint32_t from = CALLER(g, i), to = CALLEE(g, i);

		if ((g->scc[from] == g->scc[to]) == within && from != to)
			adj[fill[from]++] = (uint32_t)i;
	}
	free(fill);
	*start_out = start;
	*adj_out = adj;
}

static void graph_init(struct graph *g, const struct cg_profile *p, int col, const uint64_t *keys)
{
	size_t nf = p->fns.nr, i;

	memset(g, 0, sizeof(*g));
	g->p = p;
	g->col = col;
	g->keys = keys;
	g->home = fn_homes(p);
	g->scc = cg_call_sccs_mapped(p, g->home);
	g->cyclic = xcalloc(nf + 1, 1);
	g->own = xcalloc(nf + 1, sizeof(*g->own));
	g->entry_tree = xmalloc((nf + 1) * sizeof(*g->entry_tree));
	g->mark = xcalloc(nf + 1, sizeof(*g->mark));
	for (i = 0; i < nf; i++) {
		uint32_t h = g->home[i];

		g->own[h] = cost_add(g->own[h], nonneg(cg_cost(p, p->fns.v[i].row)[col]));
		g->entry_tree[i] = FLAME_NONE;
	}
	for (i = 0; i < p->calls.nr; i++) {
		uint32_t from = CALLER(g, i), to = CALLEE(g, i);

		if (g->scc[from] != g->scc[to])
			g->own[from] = cost_add(g->own[from], nonneg(cg_cost(p, p->calls.v[i].row)[col]));
		else if (from != to)
			g->cyclic[g->scc[from]] = 1;
	}
	calls_index(g, 0, &g->out_start, &g->out);
	calls_index(g, 1, &g->in_start, &g->in);
}

static void graph_release(struct graph *g)
{
	free(g->home);
	free(g->scc);
	free(g->cyclic);
	free(g->own);
	free(g->out_start);
	free(g->out);
	free(g->in_start);
	free(g->in);
	free(g->entry_tree);
	free(g->mark);
	vec_release(&g->members);
}

/* The members' tree of fn's component entered at fn: its first member's index. */
static uint32_t entry_tree(struct graph *g, uint32_t fn)
{
	size_t first, i, j;

	if (g->entry_tree[fn] != FLAME_NONE)
		return g->entry_tree[fn];
	first = g->members.nr;
	g->stamp++;
	g->mark[fn] = g->stamp;
	vec_push(&g->members, ((struct member){ fn, FLAME_NONE, FLAME_NONE, 0 }));
	/* Breadth first along the calls within the component, each member once. */
	for (i = first; i < g->members.nr; i++) {
		uint32_t m = g->members.v[i].fn, last = FLAME_NONE;

		for (j = g->in_start[m]; j < g->in_start[m + 1]; j++) {
			uint32_t callee = CALLEE(g, g->in[j]), k;

			if (g->mark[callee] == g->stamp)
				continue;
			g->mark[callee] = g->stamp;
			k = (uint32_t)g->members.nr;
			vec_push(&g->members, ((struct member){ callee, FLAME_NONE, FLAME_NONE, 0 }));
			if (last == FLAME_NONE)
				g->members.v[i].child = k;
			else
				g->members.v[last].next = k;
			last = k;
		}
	}
	/* Bottom up: later members are never above earlier ones. */
	for (i = g->members.nr; i-- > first; ) {
		struct member *mb = &g->members.v[i];
		uint32_t c;

		mb->sub = g->own[mb->fn];
		for (c = mb->child; c != FLAME_NONE; c = g->members.v[c].next)
			mb->sub = cost_add(mb->sub, g->members.v[c].sub);
	}
	g->entry_tree[fn] = (uint32_t)first;
	return (uint32_t)first;
}

/* The frame for key under parent, made if new. */
static uint32_t frame_get(struct flame *f, uint32_t parent, uint64_t key, uint32_t fn, int side)
{
	int created;
	uint32_t i = cg_index_find(&f->index, parent, key, 0, &created);

	if (created) {
		struct flame_frame *pf = &f->frames.v[parent];
		struct flame_frame fr = {
			.key = key, .fn = fn, .parent = parent, .child = FLAME_NONE,
			.next = FLAME_NONE, .depth = pf->depth + 1, .side = (uint8_t)side,
		};

		if (fr.depth > f->max_depth)
			f->max_depth = fr.depth;
		vec_push(&f->frames, fr);
	}
	return i + 1;	/* frames.v[0] is the root, outside the index */
}

static int64_t *frame_width(struct flame *f, uint32_t i, int side)
{
	return side ? &f->frames.v[i].old_value : &f->frames.v[i].value;
}

static void push_children(struct graph *g, struct heap *h, uint32_t frame,
			  const struct item *it, int64_t mass)
{
	const struct cg_profile *p = g->p;
	uint32_t j, c;

	for (j = g->out_start[it->fn]; j < g->out_start[it->fn + 1]; j++) {
		const struct cg_call *call = &p->calls.v[g->out[j]];
		int64_t v = scale(it->value, nonneg(cg_cost(p, call->row)[g->col]), mass);

		if (v > 0)
			heap_push(h, (struct item){ v, frame, g->home[call->callee], FLAME_NONE });
	}
	if (it->pos == FLAME_NONE)
		return;
	for (c = g->members.v[it->pos].child; c != FLAME_NONE; c = g->members.v[c].next) {
		const struct member *m = &g->members.v[c];
		int64_t v = scale(it->value, m->sub, mass);

		if (v > 0)
			heap_push(h, (struct item){ v, frame, m->fn, c });
	}
}

/*
 * The roots: per component, the part of its own cost no call from outside
 * it accounts for. A component is entered at the member no call reaches
 * from outside, else at its costliest.
 */
static void push_roots(struct graph *g, struct heap *h, int64_t *total)
{
	const struct cg_profile *p = g->p;
	size_t nf = p->fns.nr, i, nscc = 0;
	int64_t *own, *in;
	uint32_t *entry;
	uint8_t *called;

	for (i = 0; i < nf; i++)
		if (g->scc[i] + 1 > nscc)
			nscc = g->scc[i] + 1;
	own = xcalloc(nscc + 1, sizeof(*own));
	in = xcalloc(nscc + 1, sizeof(*in));
	entry = xmalloc((nscc + 1) * sizeof(*entry));
	called = xcalloc(nf + 1, 1);
	for (i = 0; i < nscc; i++)
		entry[i] = FLAME_NONE;
	for (i = 0; i < p->calls.nr; i++) {
		uint32_t from = CALLER(g, i), to = CALLEE(g, i);

		if (g->scc[from] == g->scc[to])
			continue;
		in[g->scc[to]] = cost_add(in[g->scc[to]], nonneg(cg_cost(p, p->calls.v[i].row)[g->col]));
		called[to] = 1;
	}
	for (i = 0; i < nf; i++) {
		uint32_t s = g->scc[i], e = entry[s];

		if (g->home[i] != i)
			continue;

		own[s] = cost_add(own[s], g->own[i]);
		if (e == FLAME_NONE || (called[e] && !called[i]) ||
		    (called[e] == called[i] && g->own[i] > g->own[e]))
			entry[s] = (uint32_t)i;
	}
	*total = 0;
	for (i = 0; i < nscc; i++) {
		int64_t r = own[i] - in[i];
		uint32_t e = entry[i];

		if (r <= 0 || e == FLAME_NONE)
			continue;
		*total = cost_add(*total, r);
		heap_push(h, (struct item){ r, 0, e, g->cyclic[i] ? entry_tree(g, e) : FLAME_NONE });
	}
	free(own);
	free(in);
	free(entry);
	free(called);
}

/* Grows the tree of one side (0: new, 1: old) into f. */
static void flame_grow(struct flame *f, struct graph *g, int side, const struct flame_options *o)
{
	struct heap h = { VEC_INIT };
	int64_t total, min_value;
	size_t budget = o->max_frames ? o->max_frames : SIZE_MAX;

	push_roots(g, &h, &total);
	*frame_width(f, 0, side) = total;
	min_value = o->min_percent > 0 ? (int64_t)((double)total * o->min_percent / 100.0) : 0;
	if (min_value < 1)
		min_value = 1;
	while (h.v.nr) {
		struct item it = heap_pop(&h);
		uint64_t key = g->keys[it.fn];
		uint32_t frame;
		int64_t mass;

		if (it.value < min_value || f->frames.nr >= budget) {
			f->cut_frames++;
			f->cut_value = cost_add(f->cut_value, it.value);
			continue;
		}
		if (it.pos == FLAME_NONE && g->cyclic[g->scc[it.fn]])
			it.pos = entry_tree(g, it.fn);
		mass = it.pos == FLAME_NONE ? g->own[it.fn] : g->members.v[it.pos].sub;
		/* A deeper recursion callgrind named apart (fib'2) is its caller's frame. */
		if (it.parent && f->frames.v[it.parent].key == key) {
			frame = it.parent;
		} else {
			frame = frame_get(f, it.parent, key, it.fn, side);
			*frame_width(f, frame, side) = cost_add(*frame_width(f, frame, side), it.value);
		}
		push_children(g, &h, frame, &it, mass);
	}
	vec_release(&h.v);
}

/* A function's identity: its name without context, its file, its object. */
static uint64_t fn_key(const struct cg_profile *p, uint32_t i, const char *obj)
{
	const struct cg_fn *fn = &p->fns.v[i];
	const char *name = cg_name(p, CG_FN, fn->name);
	const char *file = cg_name(p, CG_FILE, fn->file);
	uint64_t h = hash_fnv1a(name, flame_name_len(name), HASH_FNV1A_SEED);

	h = hash_fnv1a("\0", 1, h);
	h = hash_fnv1a(file, strlen(file), h);
	h = hash_fnv1a("\0", 1, h);
	h = hash_fnv1a(obj, strlen(obj), h);
	return h | 1;	/* 0 is the root's */
}

static uint64_t *profile_keys(const struct cg_profile *p)
{
	uint64_t *keys = xmalloc((p->fns.nr + 1) * sizeof(*keys));
	size_t i;

	for (i = 0; i < p->fns.nr; i++)
		keys[i] = fn_key(p, (uint32_t)i, cg_name(p, CG_OBJ, p->fns.v[i].obj));
	return keys;
}

static int event_col(const struct cg_profile *p, const char *event, const char *what)
{
	int col;

	if (!p->nevents)
		return error("%s has no events", what);
	if (!event)
		return 0;
	col = cg_event(p, event);
	if (col < 0)
		return error("event '%s' is not in %s", event, what);
	return col;
}

static void flame_start(struct flame *f, const struct cg_profile *p)
{
	struct flame_frame root = {
		.key = 0, .fn = FLAME_NONE, .parent = FLAME_NONE, .child = FLAME_NONE,
		.next = FLAME_NONE,
	};

	memset(f, 0, sizeof(*f));
	f->p = p;
	vec_push(&f->frames, root);
}

static const struct flame *sort_flame;

static int child_cmp(const void *x, const void *y)
{
	const struct flame_frame *a = &sort_flame->frames.v[*(const uint32_t *)x];
	const struct flame_frame *b = &sort_flame->frames.v[*(const uint32_t *)y];
	const char *na = cg_name(flame_profile(sort_flame, a), CG_FN, flame_profile(sort_flame, a)->fns.v[a->fn].name);
	const char *nb = cg_name(flame_profile(sort_flame, b), CG_FN, flame_profile(sort_flame, b)->fns.v[b->fn].name);
	size_t la = flame_name_len(na), lb = flame_name_len(nb);
	int c = memcmp(na, nb, la < lb ? la : lb);

	if (c)
		return c;
	if (la != lb)
		return la < lb ? -1 : 1;
	return a->key < b->key ? -1 : a->key > b->key;
}

/* Links each frame's children, sorted by name as flame graphs draw them. */
static void flame_link(struct flame *f)
{
	size_t n = f->frames.nr, i, j;
	uint32_t *order = xmalloc((n + 1) * sizeof(*order)), *count = xcalloc(n + 1, sizeof(*count));
	uint32_t *start = xcalloc(n + 2, sizeof(*start));

	for (i = 1; i < n; i++)
		count[f->frames.v[i].parent]++;
	for (i = 0; i < n; i++)
		start[i + 1] = start[i] + count[i];
	memset(count, 0, (n + 1) * sizeof(*count));
	for (i = 1; i < n; i++) {
		uint32_t par = f->frames.v[i].parent;

		order[start[par] + count[par]++] = (uint32_t)i;
	}
	sort_flame = f;
	for (i = 0; i < n; i++) {
		uint32_t *c = order + start[i];

		qsort(c, count[i], sizeof(*c), child_cmp);
		f->frames.v[i].child = count[i] ? c[0] : FLAME_NONE;
		for (j = 0; j + 1 < count[i]; j++)
			f->frames.v[c[j]].next = c[j + 1];
	}
	sort_flame = NULL;
	free(order);
	free(count);
	free(start);
}

int flame_build(struct flame *f, const struct cg_profile *p, const struct flame_options *o)
{
	struct graph g;
	uint64_t *keys;
	int col = event_col(p, o->event, "the profile");

	if (col < 0)
		return -1;
	flame_start(f, p);
	f->col = col;
	f->event = p->events[col];
	keys = profile_keys(p);
	graph_init(&g, p, col, keys);
	flame_grow(f, &g, 0, o);
	graph_release(&g);
	free(keys);
	flame_link(f);
	return 0;
}

int flame_build_diff(struct flame *f, const struct cg_profile *old,
		     const struct cg_profile *new_, const struct flame_options *o)
{
	struct graph g;
	uint64_t *new_keys, *old_keys;
	uint32_t *match;
	int col = event_col(new_, o->event, "the new profile"), old_col;
	size_t i;

	if (col < 0)
		return -1;
	old_col = event_col(old, new_->events[col], "the old profile");
	if (old_col < 0)
		return -1;
	match = xmalloc((old->fns.nr + 1) * sizeof(*match));
	if (diff_match_functions(old, new_, new_->events[col], match) < 0) {
		free(match);
		return -1;
	}
	flame_start(f, new_);
	f->old = old;
	f->col = col;
	f->old_col = old_col;
	f->event = new_->events[col];
	new_keys = profile_keys(new_);
	old_keys = profile_keys(old);
	for (i = 0; i < old->fns.nr; i++)
		if (match[i] != UINT32_MAX)
			old_keys[i] = new_keys[match[i]];
	graph_init(&g, new_, col, new_keys);
	flame_grow(f, &g, 0, o);
	graph_release(&g);
	graph_init(&g, old, old_col, old_keys);
	flame_grow(f, &g, 1, o);
	graph_release(&g);
	free(new_keys);
	free(old_keys);
	free(match);
	flame_link(f);
	return 0;
}

void flame_release(struct flame *f)
{
	vec_release(&f->frames);
	cg_index_release(&f->index);
	memset(f, 0, sizeof(*f));
}

const struct cg_profile *flame_profile(const struct flame *f, const struct flame_frame *fr)
{
	return fr->side ? f->old : f->p;
}

const char *flame_name(const struct flame *f, const struct flame_frame *fr, struct strbuf *out)
{
	const struct cg_profile *p = flame_profile(f, fr);
	const char *name;

	strbuf_reset(out);
	if (fr->fn == FLAME_NONE) {
		strbuf_addstr(out, "all");
		return out->buf;
	}
	name = cg_name(p, CG_FN, p->fns.v[fr->fn].name);
	strbuf_add(out, name, flame_name_len(name));
	if (!out->len)
		strbuf_addstr(out, "???");
	return out->buf;
}

static int64_t self_of(const struct flame *f, const struct flame_frame *fr, int side)
{
	int64_t v = side ? fr->old_value : fr->value;
	uint32_t c;

	for (c = fr->child; c != FLAME_NONE; c = f->frames.v[c].next)
		v -= side ? f->frames.v[c].old_value : f->frames.v[c].value;
	return v > 0 ? v : 0;
}

int64_t flame_self(const struct flame *f, const struct flame_frame *fr)
{
	return self_of(f, fr, 0);
}

int64_t flame_old_self(const struct flame *f, const struct flame_frame *fr)
{
	return self_of(f, fr, 1);
}

/* Calls fn for every frame below the root, depth first in drawing order. */
static void flame_walk(const struct flame *f,
		       void (*fn)(const struct flame *f, uint32_t i, uint32_t *path, size_t depth, void *data),
		       void *data)
{
	uint32_t *path = xmalloc((f->max_depth + 2) * sizeof(*path));
	uint32_t i = f->frames.v[0].child;
	size_t depth = 0;

	while (i != FLAME_NONE) {
		const struct flame_frame *fr = &f->frames.v[i];

		path[depth] = i;
		fn(f, i, path, depth + 1, data);
		if (fr->child != FLAME_NONE) {
			depth++;
			i = fr->child;
			continue;
		}
		while (i != FLAME_NONE && f->frames.v[i].next == FLAME_NONE) {
			i = f->frames.v[i].parent;
			if (!i)
				i = FLAME_NONE;
			else
				depth--;
		}
		if (i != FLAME_NONE)
			i = f->frames.v[i].next;
	}
	free(path);
}

struct folded {
	FILE *out;
	struct strbuf line, name;
};

static void folded_frame(const struct flame *f, uint32_t i, uint32_t *path, size_t depth, void *data)
{
	struct folded *fd = data;
	const struct flame_frame *fr = &f->frames.v[i];
	int64_t self = flame_self(f, fr), old_self = f->old ? flame_old_self(f, fr) : 0;
	size_t d, k;

	if (!self && !old_self)
		return;
	strbuf_reset(&fd->line);
	for (d = 0; d < depth; d++) {
		flame_name(f, &f->frames.v[path[d]], &fd->name);
		for (k = 0; k < fd->name.len; k++)
			if (fd->name.buf[k] == ';' || fd->name.buf[k] == '\n')
				fd->name.buf[k] = ':';
		if (d)
			strbuf_addch(&fd->line, ';');
		strbuf_add(&fd->line, fd->name.buf, fd->name.len);
	}
	if (f->old)
		fprintf(fd->out, "%s %lld %lld\n", fd->line.buf, (long long)old_self, (long long)self);
	else
		fprintf(fd->out, "%s %lld\n", fd->line.buf, (long long)self);
}

void flame_write_folded(const struct flame *f, FILE *out)
{
	struct folded fd = { out, STRBUF_INIT, STRBUF_INIT };

	flame_walk(f, folded_frame, &fd);
	strbuf_release(&fd.line);
	strbuf_release(&fd.name);
}

/* speedscope: a frame table shared by the stacks, each stack a sample. */
struct speedscope {
	struct json *j;
	struct cg_index frame_ids;	/* (name hash, file id, 0) -> frame table index */
	uint32_t *frame_of;		/* per flame frame: its frame table index */
	VEC(uint32_t) table;		/* frame table: a flame frame each */
	struct strbuf name;
	int pass;			/* 0: the frame table; 1: samples; 2: weights */
};

static void speedscope_frame(const struct flame *f, uint32_t i, uint32_t *path, size_t depth, void *data)
{
	struct speedscope *s = data;
	const struct flame_frame *fr = &f->frames.v[i];
	size_t d;

	if (s->pass == 0) {
		const struct cg_profile *p = flame_profile(f, fr);
		int created;
		uint32_t id;

		flame_name(f, fr, &s->name);
		id = cg_index_find(&s->frame_ids, hash_fnv1a(s->name.buf, s->name.len, HASH_FNV1A_SEED),
				   p->fns.v[fr->fn].file, p->fns.v[fr->fn].obj, &created);
		if (created)
			vec_push(&s->table, i);
		s->frame_of[i] = id;
		return;
	}
	if (!flame_self(f, fr))
		return;
	if (s->pass == 2) {
		json_int(s->j, flame_self(f, fr));
		return;
	}
	json_array_begin(s->j);
	for (d = 0; d < depth; d++)
		json_uint(s->j, s->frame_of[path[d]]);
	json_array_end(s->j);
}

void flame_write_speedscope(const struct flame *f, const char *name, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	struct speedscope s = { &j, { 0 }, NULL, VEC_INIT, STRBUF_INIT, 0 };
	size_t i;

	memset(&s.frame_ids, 0, sizeof(s.frame_ids));
	s.frame_of = xcalloc(f->frames.nr + 1, sizeof(*s.frame_of));
	flame_walk(f, speedscope_frame, &s);
	json_init(&j, &sb);
	json_object_begin(&j);
	json_key(&j, "$schema");
	json_string(&j, "https://www.speedscope.app/file-format-schema.json");
	json_key(&j, "shared");
	json_object_begin(&j);
	json_key(&j, "frames");
	json_array_begin(&j);
	for (i = 0; i < s.table.nr; i++) {
		const struct flame_frame *fr = &f->frames.v[s.table.v[i]];
		const struct cg_profile *p = flame_profile(f, fr);
		const char *file = cg_name(p, CG_FILE, p->fns.v[fr->fn].file);

		json_object_begin(&j);
		json_key(&j, "name");
		json_string(&j, flame_name(f, fr, &s.name));
		if (*file && strcmp(file, "???")) {
			json_key(&j, "file");
			json_string(&j, file);
		}
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	json_key(&j, "profiles");
	json_array_begin(&j);
	json_object_begin(&j);
	json_key(&j, "type");
	json_string(&j, "sampled");
	json_key(&j, "name");
	json_string(&j, name);
	json_key(&j, "unit");
	json_string(&j, "none");
	json_key(&j, "startValue");
	json_int(&j, 0);
	json_key(&j, "endValue");
	json_int(&j, f->frames.v[0].value);
	json_key(&j, "samples");
	json_array_begin(&j);
	s.pass = 1;
	flame_walk(f, speedscope_frame, &s);
	json_array_end(&j);
	json_key(&j, "weights");
	json_array_begin(&j);
	s.pass = 2;
	flame_walk(f, speedscope_frame, &s);
	json_array_end(&j);
	json_object_end(&j);
	json_array_end(&j);
	json_key(&j, "name");
	json_string(&j, name);
	json_key(&j, "activeProfileIndex");
	json_int(&j, 0);
	json_key(&j, "exporter");
	json_string(&j, "tare " TARE_VERSION_STRING);
	json_object_end(&j);
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
	strbuf_release(&s.name);
	vec_release(&s.table);
	cg_index_release(&s.frame_ids);
	free(s.frame_of);
}
