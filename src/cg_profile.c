/*
 * cg_profile.c: the profile model's tables. The reader (cg_read.c) calls
 * these once per cost line, so they are open-addressing tables with no
 * allocation per lookup.
 */
#include <ctype.h>
#include <string.h>
#include <unistd.h>

#include "cg_profile.h"
#include "strbuf.h"
#include "util.h"

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/*
 * A hash for interning, eight bytes at a time: names with
 * --separate-callers run to hundreds of bytes, and FNV's byte loop showed.
 * Not stable across versions; nothing stores it.
 */
static uint64_t name_hash(const char *s, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ (len * 0xff51afd7ed558ccdULL), w;

	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, len);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return mix64(h);
}

static void names_grow_table(struct cg_names *n)
{
	size_t cap = n->cap ? n->cap * 2 : 256, i;

	free(n->slot);
	n->slot = xcalloc(cap, sizeof(*n->slot));
	n->cap = cap;
	for (i = 0; i < n->nr; i++) {
		size_t h = name_hash(n->v[i], n->len[i]) & (cap - 1);

		while (n->slot[h])
			h = (h + 1) & (cap - 1);
		n->slot[h] = (uint32_t)i + 1;
	}
}

static uint32_t names_add(struct cg_names *n, struct arena *a,
			  const char *s, size_t len)
{
	char *copy;

	ALLOC_GROW(n->v, n->nr + 1, n->alloc);
	ALLOC_GROW(n->len, n->nr + 1, n->len_alloc);
	copy = arena_alloc(a, len + 1);

	memcpy(copy, s, len);
	n->v[n->nr] = copy;
	n->len[n->nr] = (uint32_t)len;
	return (uint32_t)n->nr++;
}

uint32_t cg_names_intern(struct cg_names *n, struct arena *a,
			      const char *s, size_t len)
{
	size_t h;
	uint32_t id;

	if (len > UINT32_MAX / 2)
		len = UINT32_MAX / 2;
	if ((n->nr + 1) * 2 > n->cap)
		names_grow_table(n);
	h = name_hash(s, len) & (n->cap - 1);
	while ((id = n->slot[h])) {
		id--;
		if (n->len[id] == len && !memcmp(n->v[id], s, len))
			return id;
		h = (h + 1) & (n->cap - 1);
	}
	id = names_add(n, a, s, len);
	n->slot[h] = id + 1;
	return id;
}

void cg_names_release(struct cg_names *n)
{
	free(n->v);
	free(n->len);
	free(n->slot);
	memset(n, 0, sizeof(*n));
}

void cg_cwd_prefix(struct strbuf *out)
{
	char *d = getcwd(NULL, 0);

	if (d)
		strbuf_addf(out, "%s/", d);
	free(d);
}

void cg_profile_init(struct cg_profile *p)
{
	int ns;

	memset(p, 0, sizeof(*p));
	for (ns = 0; ns < CG_NS_NR; ns++)
		cg_names_intern(&p->names[ns], &p->arena, "", 0);
	p->stride = 1;
}

void cg_profile_release(struct cg_profile *p)
{
	size_t i;
	int ns;

	for (ns = 0; ns < CG_NS_NR; ns++)
		cg_names_release(&p->names[ns]);
	vec_release(&p->fns);
	vec_release(&p->lines);
	vec_release(&p->calls);
	vec_release(&p->sites);
	vec_release(&p->instrs);
	cg_index_release(&p->instr_index);
	cg_index_release(&p->fn_index);
	cg_index_release(&p->line_index);
	cg_index_release(&p->call_index);
	cg_index_release(&p->site_index);
	free(p->costs);
	free(p->ndef);
	for (i = 0; i < p->parts.nr; i++)
		strvec_clear(&p->parts.v[i].desc);
	vec_release(&p->parts);
	arena_release(&p->arena);
	memset(p, 0, sizeof(*p));
}

static size_t index_hash(uint64_t a, uint64_t b, uint64_t c)
{
	return (size_t)mix64(a * 0x9e3779b97f4a7c15ULL ^ mix64(b + 0x632be59bd9b4e019ULL) ^ (c << 7 | c >> 57));
}

static void index_grow(struct cg_index *ix)
{
	size_t cap = ix->cap ? ix->cap * 2 : 1024, i;

	free(ix->slot);
	ix->slot = xcalloc(cap, sizeof(*ix->slot));
	ix->cap = cap;
	for (i = 0; i < ix->nr; i++) {
		const uint64_t *k = ix->key + 3 * i;
		size_t h = index_hash(k[0], k[1], k[2]) & (cap - 1);

		while (ix->slot[h])
			h = (h + 1) & (cap - 1);
		ix->slot[h] = (uint32_t)i + 1;
	}
}

uint32_t cg_index_find(struct cg_index *ix, uint64_t a, uint64_t b,
			    uint64_t c, int *created)
{
	size_t hash = index_hash(a, b, c), h;
	struct cg_index_recent *rc;
	uint32_t id;

	if (!ix->recent)
		ix->recent = xcalloc(CG_INDEX_RECENT, sizeof(*ix->recent));
	rc = &ix->recent[hash >> 56 & (CG_INDEX_RECENT - 1)];
	if (rc->id && rc->a == a && rc->b == b && rc->c == c) {
		*created = 0;
		return rc->id - 1;
	}
	if ((ix->nr + 1) * 2 > ix->cap)
		index_grow(ix);
	h = hash & (ix->cap - 1);
	while ((id = ix->slot[h])) {
		const uint64_t *k = ix->key + 3 * (id - 1);

		if (k[0] == a && k[1] == b && k[2] == c) {
			*created = 0;
			*rc = (struct cg_index_recent){ a, b, c, id };
			return id - 1;
		}
		h = (h + 1) & (ix->cap - 1);
	}
	if (ix->nr >= UINT32_MAX - 1)
		die("profile too large: more than 4 billion entries");
	ALLOC_GROW(ix->key, 3 * (ix->nr + 1), ix->key_alloc);
	ix->key[3 * ix->nr] = a;
	ix->key[3 * ix->nr + 1] = b;
	ix->key[3 * ix->nr + 2] = c;
	ix->slot[h] = (uint32_t)ix->nr + 1;
	*rc = (struct cg_index_recent){ a, b, c, (uint32_t)ix->nr + 1 };
	*created = 1;
	return (uint32_t)ix->nr++;
}

void cg_index_release(struct cg_index *ix)
{
	free(ix->slot);
	free(ix->key);
	free(ix->recent);
	memset(ix, 0, sizeof(*ix));
}

uint32_t cg_index_lookup(const struct cg_index *ix, uint64_t a,
			      uint64_t b, uint64_t c)
{
	size_t h;
	uint32_t id;

	if (!ix->cap)
		return UINT32_MAX;
	h = index_hash(a, b, c) & (ix->cap - 1);
	while ((id = ix->slot[h])) {
		const uint64_t *k = ix->key + 3 * (id - 1);

		if (k[0] == a && k[1] == b && k[2] == c)
			return id - 1;
		h = (h + 1) & (ix->cap - 1);
	}
	return UINT32_MAX;
}

uint32_t cg_row_new(struct cg_profile *p)
{
	if (p->nrows >= UINT32_MAX - 1)
		die("profile too large: more than 4 billion cost rows");
	if (p->nrows + 1 > p->rows_alloc) {
		size_t alloc = p->rows_alloc ? p->rows_alloc * 2 : 1024;

		p->costs = xrealloc(p->costs, st_mult(st_mult(alloc, p->stride), sizeof(int64_t)));
		p->ndef = xrealloc(p->ndef, alloc);
		p->rows_alloc = alloc;
	}
	memset(p->costs + p->nrows * p->stride, 0, p->stride * sizeof(int64_t));
	p->ndef[p->nrows] = 0;
	return (uint32_t)p->nrows++;
}

uint32_t cg_fn_get(struct cg_profile *p, uint32_t obj, uint32_t file,
			uint32_t name)
{
	int created;
	uint32_t i = cg_index_find(&p->fn_index, obj, file, name, &created);

	if (created) {
		struct cg_fn fn = { obj, file, name, cg_row_new(p), i, 0, 0 };

		vec_push(&p->fns, fn);
	}
	return i;
}

uint32_t cg_line_get(struct cg_profile *p, uint32_t file, int64_t line)
{
	int created;
	uint32_t i = cg_index_find(&p->line_index, file, (uint64_t)line, 0, &created);

	if (created) {
		struct cg_line l = { file, line, cg_row_new(p) };

		vec_push(&p->lines, l);
	}
	return i;
}

uint32_t cg_instr_get(struct cg_profile *p, uint32_t obj, uint64_t addr, uint32_t fn,
			   uint32_t file, int64_t line)
{
	int created;
	uint32_t i = cg_index_find(&p->instr_index, obj, addr, 2, &created);

	if (created) {
		struct cg_instr in = { obj, addr, fn, file, line, cg_row_new(p) };

		vec_push(&p->instrs, in);
	}
	return i;
}

uint32_t cg_call_get(struct cg_profile *p, uint32_t caller, uint32_t callee)
{
	int created;
	uint32_t i = cg_index_find(&p->call_index, caller, callee, 1, &created);

	if (created) {
		struct cg_call c = { caller, callee, 0, cg_row_new(p) };

		vec_push(&p->calls, c);
	}
	return i;
}

uint32_t cg_site_get(struct cg_profile *p, uint32_t caller, uint32_t callee,
			  uint32_t file, int64_t line)
{
	int created;
	uint32_t i = cg_index_find(&p->site_index,
					(uint64_t)caller << 32 | callee, file,
					(uint64_t)line, &created);

	if (created) {
		struct cg_site s = { caller, callee, file, line, 0, cg_row_new(p) };

		vec_push(&p->sites, s);
	}
	return i;
}

int cg_event(const struct cg_profile *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nevents; i++)
		if (!strcmp(p->events[i], name))
			return (int)i;
	return -1;
}

uint32_t *cg_call_sccs(const struct cg_profile *p)
{
	return cg_call_sccs_mapped(p, NULL);
}

/* Tarjan's, with an explicit stack: call chains run deep. */
uint32_t *cg_call_sccs_mapped(const struct cg_profile *p, const uint32_t *map)
{
	size_t nf = p->fns.nr, nc = p->calls.nr, i, depth = 0, sp = 0;
	size_t *start = xcalloc(nf + 1, sizeof(*start)), *edge = xmalloc((nf + 1) * sizeof(*edge));
	uint32_t *adj = xmalloc((nc + 1) * sizeof(*adj)), *scc = xmalloc((nf + 1) * sizeof(*scc));
	uint32_t *index = xmalloc((nf + 1) * sizeof(*index)), *low = xmalloc((nf + 1) * sizeof(*low));
	uint32_t *frames = xmalloc((nf + 1) * sizeof(*frames)), *stack = xmalloc((nf + 1) * sizeof(*stack));
	uint32_t next = 0, nscc = 0;
	uint8_t *on_stack = xcalloc(nf + 1, 1);

#define NODE(f) (map ? map[f] : (f))
	for (i = 0; i < nc; i++)
		start[NODE(p->calls.v[i].caller) + 1]++;
	for (i = 0; i < nf; i++)
		start[i + 1] += start[i];
	memcpy(edge, start, nf * sizeof(*edge));
	for (i = 0; i < nc; i++)
		adj[edge[NODE(p->calls.v[i].caller)]++] = NODE(p->calls.v[i].callee);
#undef NODE
	for (i = 0; i < nf; i++)
		index[i] = UINT32_MAX;
	for (i = 0; i < nf; i++) {
		if (index[i] != UINT32_MAX)
			continue;
		index[i] = low[i] = next++;
		stack[sp++] = (uint32_t)i;
		on_stack[i] = 1;
		edge[i] = start[i];
		frames[depth++] = (uint32_t)i;
		while (depth) {
			uint32_t v = frames[depth - 1];

			if (edge[v] < start[v + 1]) {
				uint32_t w = adj[edge[v]++];

				if (index[w] == UINT32_MAX) {
					index[w] = low[w] = next++;
					stack[sp++] = w;
					on_stack[w] = 1;
					edge[w] = start[w];
					frames[depth++] = w;
				} else if (on_stack[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			depth--;
			if (depth && low[v] < low[frames[depth - 1]])
				low[frames[depth - 1]] = low[v];
			if (low[v] == index[v]) {
				uint32_t w;

				do {
					w = stack[--sp];
					on_stack[w] = 0;
					scc[w] = nscc;
				} while (w != v);
				nscc++;
			}
		}
	}
	free(start);
	free(edge);
	free(adj);
	free(index);
	free(low);
	free(frames);
	free(stack);
	free(on_stack);
	return scc;
}

int64_t *cg_inclusive(const struct cg_profile *p)
{
	size_t ne = p->nevents, nf = p->fns.nr, i, e;
	int64_t *out = xcalloc(nf ? nf : 1, st_mult(ne ? ne : 1, sizeof(int64_t)));
	int64_t *inside = xcalloc(nf ? nf : 1, st_mult(ne ? ne : 1, sizeof(int64_t)));
	uint32_t *scc = cg_call_sccs(p);

	/*
	 * Two amounts, each spent while the function runs and each counting
	 * a unit of cost at most once (docs/annotate.md says why): out, the
	 * calls to it from outside its component, and inside, its self cost
	 * and its calls out of the component. A call within the component
	 * (recursion) can run inside another one, and is left out of both.
	 */
	for (i = 0; i < nf; i++)
		memcpy(inside + i * ne, cg_cost(p, p->fns.v[i].row), ne * sizeof(int64_t));
	for (i = 0; i < p->calls.nr; i++) {
		const struct cg_call *c = &p->calls.v[i];
		const int64_t *cost = cg_cost(p, c->row);

		if (scc[c->caller] == scc[c->callee])
			continue;
		for (e = 0; e < ne; e++) {
			out[c->callee * ne + e] = cost_add(out[c->callee * ne + e], cost[e]);
			inside[c->caller * ne + e] = cost_add(inside[c->caller * ne + e], cost[e]);
		}
	}
	/* The larger one; by size, for --diff's negative costs. */
	for (i = 0; i < nf * ne; i++)
		if (cost_abs(inside[i]) > cost_abs(out[i]))
			out[i] = inside[i];
	if (!p->negated) {
		/*
		 * Calls that span the place where callgrind switches collection
		 * on or off cost a few instructions it attributes to no
		 * function (its summary: counts them, totals: does not): no
		 * function costs more than the program, or less than itself.
		 */
		int64_t total[CG_MAX_EVENTS];
		int calculated;

		cg_total(p, total, &calculated);
		for (i = 0; i < nf; i++) {
			const int64_t *self = cg_cost(p, p->fns.v[i].row);

			for (e = 0; e < ne; e++) {
				int64_t cap = total[e] > self[e] ? total[e] : self[e];

				if (out[i * ne + e] > cap)
					out[i * ne + e] = cap;
			}
		}
	}
	free(inside);
	free(scc);
	return out;
}

void cg_total(const struct cg_profile *p, int64_t *out, int *calculated)
{
	size_t nparts = p->parts.nr;

	*calculated = 0;
	if (nparts && p->nparts_totals == nparts) {
		memcpy(out, p->totals, p->nevents * sizeof(int64_t));
		return;
	}
	if (nparts && p->nparts_summary == nparts) {
		memcpy(out, p->summary, p->nevents * sizeof(int64_t));
		return;
	}
	*calculated = 1;
	cg_self_total(p, out);
}

void cg_self_total(const struct cg_profile *p, int64_t *out)
{
	size_t i, e;

	memset(out, 0, p->nevents * sizeof(int64_t));
	for (i = 0; i < p->fns.nr; i++) {
		const int64_t *c = cg_cost(p, p->fns.v[i].row);

		for (e = 0; e < p->nevents; e++)
			out[e] = cost_add(out[e], c[e]);
	}
}

/* s/old/new/flags with any delimiter, as Perl and cg_annotate take it. */
int cg_rewrite_parse(struct cg_rewrite *rw, const char *spec,
			  const char **err)
{
	struct strbuf pat = STRBUF_INIT, rep = STRBUF_INIT;
	const char *s = spec;
	int delim, icase = 0, rc;

	memset(rw, 0, sizeof(*rw));
	if (s[0] != 's' || !s[1] || isalnum((unsigned char)s[1]) || isspace((unsigned char)s[1])) {
		*err = "expected s/REGEX/REPLACEMENT/[gi]";
		return -1;
	}
	delim = s[1];
	s += 2;
	for (; *s && *s != delim; s++) {
		if (*s == '\\' && s[1] == delim)
			s++;
		strbuf_addch(&pat, *s);
	}
	if (*s != delim) {
		*err = "unterminated regular expression";
		goto fail;
	}
	for (s++; *s && *s != delim; s++) {
		if (*s == '\\' && s[1] == delim)
			s++;
		strbuf_addch(&rep, *s);
	}
	if (*s != delim) {
		*err = "unterminated replacement";
		goto fail;
	}
	for (s++; *s; s++) {
		if (*s == 'g')
			rw->global = 1;
		else if (*s == 'i')
			icase = 1;
		else {
			*err = "unknown flag after s/// (only g and i)";
			goto fail;
		}
	}
	rc = regcomp(&rw->re, pat.buf, REG_EXTENDED | (icase ? REG_ICASE : 0));
	if (rc) {
		*err = "invalid regular expression";
		goto fail;
	}
	strbuf_release(&pat);
	rw->replacement = strbuf_detach(&rep, NULL);
	return 0;
fail:
	strbuf_release(&pat);
	strbuf_release(&rep);
	return -1;
}

int cg_rewrite_apply(const struct cg_rewrite *rw, const char *s,
			  struct strbuf *out)
{
	regmatch_t m[10];
	const char *cur = s;
	int changed = 0, flags = 0;

	strbuf_setlen(out, 0);
	while (!regexec(&rw->re, cur, ARRAY_SIZE(m), m, flags)) {
		const char *r;

		strbuf_add(out, cur, (size_t)m[0].rm_so);
		for (r = rw->replacement; *r; r++) {
			if ((*r == '\\' || *r == '$') && r[1] >= '0' && r[1] <= '9') {
				int g = r[1] - '0';

				if (m[g].rm_so >= 0)
					strbuf_add(out, cur + m[g].rm_so,
						   (size_t)(m[g].rm_eo - m[g].rm_so));
				r++;
			} else if (*r == '\\' && r[1]) {
				strbuf_addch(out, *++r);
			} else {
				strbuf_addch(out, *r);
			}
		}
		changed = 1;
		if (m[0].rm_eo == m[0].rm_so) {
			/* An empty match: copy one character to move on. */
			if (!cur[m[0].rm_eo]) {
				cur += m[0].rm_eo;
				break;
			}
			strbuf_addch(out, cur[m[0].rm_eo]);
			cur += m[0].rm_eo + 1;
		} else {
			cur += m[0].rm_eo;
		}
		flags = REG_NOTBOL;
		if (!rw->global)
			break;
	}
	strbuf_addstr(out, cur);
	return changed;
}

int cg_rewrites_parse(struct cg_read_options *ro, struct cg_rewrite rw[2],
			   const char *mod_filename, const char *mod_funcname)
{
	const char *spec[2] = { mod_filename, mod_funcname };
	const char *err;
	int i;

	for (i = 0; i < 2; i++) {
		if (!spec[i])
			continue;
		if (cg_rewrite_parse(&rw[i], spec[i], &err) < 0)
			return error("--%s: %s", i ? "mod-funcname" : "mod-filename", err);
		if (i)
			ro->mod_funcname = &rw[i];
		else
			ro->mod_filename = &rw[i];
	}
	return 0;
}

void cg_rewrite_release(struct cg_rewrite *rw)
{
	if (rw->replacement) {
		regfree(&rw->re);
		free(rw->replacement);
	}
	memset(rw, 0, sizeof(*rw));
}
