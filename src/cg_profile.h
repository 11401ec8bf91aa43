/*
 * cg_profile.h: the one model of a callgrind or cachegrind profile, filled by
 * the reader (cg_read.c) and read by every consumer: tare annotate, tare
 * diff, tare bench and the test runner's callgrind profile.
 *
 *     struct cg_profile p;
 *     struct cg_read_options o = CG_READ_OPTIONS_INIT;
 *     cg_profile_init(&p);
 *     if (cg_read_file(&p, "callgrind.out.1234", &o) < 0)
 *             ...                      one "tare: FILE:LINE: ..." line printed
 *     for (size_t i = 0; i < p.fns.nr; i++)
 *             use(p.names[CG_FN].v[p.fns.v[i].name],
 *                 cg_cost(&p, p.fns.v[i].row));
 *     cg_profile_release(&p);
 *
 * The model keeps what the consumers need and no more: per function its
 * self cost, per source line its cost, per call edge and per call site the
 * count and inclusive cost. Cost lines are summed into these as they are
 * read, so memory grows with the number of functions and lines, not with
 * the size of the file. Several files read into one profile are merged:
 * events by name, names by text.
 *
 * Costs are signed 64-bit: cachegrind files (and tare annotate --diff) may
 * hold negative counts. The reader refuses a file whose costs would not
 * fit (see profile.magnitude), so no sum of the model's rows overflows.
 */
#ifndef TARE_CG_PROFILE_H
#define TARE_CG_PROFILE_H

#include <regex.h>
#include <stdint.h>

#include "arena.h"
#include "strbuf.h"
#include "vec.h"

/* Most events in one profile; callgrind writes at most 16. */
#define CG_MAX_EVENTS 64
/* Most derived events (event: NAME = FORMULA) in one profile. */
#define CG_MAX_DERIVED 16

/* A derived event: column col = sum of coeff[i] * column cols[i]. */
struct cg_derived {
	int col;
	size_t nterms;
	int cols[CG_MAX_EVENTS];
	int64_t coeff[CG_MAX_EVENTS];
};

/* The three name spaces of callgrind's name compression. */
enum cg_ns { CG_OBJ, CG_FILE, CG_FN, CG_NS_NR };

/* Interned names: an id per distinct string. Id 0 is always "". */
struct cg_names {
	const char **v;
	uint32_t *len;
	size_t nr, alloc, len_alloc;
	uint32_t *slot;		/* open addressing: id + 1, 0 when empty */
	size_t cap;
};

/*
 * An open-addressing index from a key of three words to a dense index,
 * with a small direct-mapped cache of recent keys in front: profiles look
 * the same few keys up again and again, and the table is large and cold.
 */
#define CG_INDEX_RECENT 256

struct cg_index_recent {
	uint64_t a, b, c;
	uint32_t id;		/* + 1; 0: empty */
};

struct cg_index {
	uint32_t *slot;
	uint64_t *key;		/* 3 words per entry */
	size_t nr, cap, key_alloc;
	struct cg_index_recent *recent;
};

struct cg_fn {
	uint32_t obj, file, name;	/* name ids */
	uint32_t row;			/* self cost */
	uint32_t order;			/* first appearance, for stable output */
	/* Has cost lines or a fn= line of its own (not only named by calls). */
	unsigned listed:1;
	/* callgrind_annotate's obj_name: set on fn= lines only. */
	unsigned has_obj:1;
};

struct cg_line {
	uint32_t file;
	int64_t line;
	uint32_t row;
};

struct cg_call {
	uint32_t caller, callee;	/* indexes into fns */
	uint64_t count;
	uint32_t row;			/* inclusive cost of the calls */
};

struct cg_site {
	uint32_t caller, callee, file;
	int64_t line;			/* where the call is made */
	uint64_t count;
	uint32_t row;
};

/*
 * An instruction's own cost (positions: instr, read with want_instrs), in
 * all the contexts callgrind recorded it in: one per object and address.
 */
struct cg_instr {
	uint32_t obj;
	uint64_t addr;			/* as the profiled process had it */
	uint32_t fn;			/* the function, file and line it was */
	uint32_t file;			/* first seen with */
	int64_t line;
	uint32_t row;
};

/* One part of one file: what the header block of callgrind_annotate shows. */
struct cg_part {
	const char *path, *cmd, *creator, *pid, *part, *thread;
	struct strvec desc;
};

/*
 * A rewrite of names before aggregation, Perl's s/old/new/[g][i] as in
 * cg_annotate's --mod-filename and --mod-funcname. \1..\9 and $1..$9 in the
 * replacement are the groups.
 */
struct cg_rewrite {
	regex_t re;
	char *replacement;
	int global;
};

int cg_rewrite_parse(struct cg_rewrite *rw, const char *spec,
			  const char **err);
/* Applies rw to s; returns 1 and fills out if anything was replaced. */
int cg_rewrite_apply(const struct cg_rewrite *rw, const char *s,
			  struct strbuf *out);
void cg_rewrite_release(struct cg_rewrite *rw);

struct cg_read_options;
/*
 * The options --mod-filename and --mod-funcname (each NULL when not
 * given): parses them into rw[0] and rw[1], which the caller zeroed, and
 * points ro at those given. Returns 0, or -1 after one line
 * "tare: --mod-filename: what is wrong". Release both with
 * cg_rewrite_release() either way.
 */
int cg_rewrites_parse(struct cg_read_options *ro, struct cg_rewrite rw[2],
			   const char *mod_filename, const char *mod_funcname);

struct cg_read_options {
	/*
	 * Read as callgrind_annotate 3.19 does, quirks included (see
	 * docs/annotate.md): calls=0 costs count as the caller's self cost,
	 * fi=/fe= stay in force across fn=, functions are keyed by file and
	 * name only, the cwd prefix is stripped from fl/fi/fe names but not
	 * from callee files, later parts' headers are ignored with a warning,
	 * and the last summary: wins.
	 */
	int compat;
	/* Collect per-line costs and call sites (for source annotation). */
	int want_lines;
	/* Multiplies every cost read: -1 reads the old side of a --diff. */
	int sign;
	/*
	 * Stripped from the start of file names ("/home/me/proj/"); see
	 * cg_cwd_prefix.
	 */
	const char *strip_prefix;
	const struct cg_rewrite *mod_filename, *mod_funcname;
	/*
	 * Collect per-instruction costs where the file has an instr (or
	 * addr) position: one row per instruction that cost anything, so
	 * only for what shows them (tare report).
	 */
	int want_instrs;
};

#define CG_READ_OPTIONS_INIT { 0, 1, 1, NULL, NULL, NULL, 0 }

struct cg_profile {
	/* Event names, in the order of the first file that had them. */
	const char *events[CG_MAX_EVENTS];
	size_t nevents;

	struct cg_names names[CG_NS_NR];
	VEC(struct cg_fn) fns;
	VEC(struct cg_line) lines;
	VEC(struct cg_call) calls;
	VEC(struct cg_site) sites;
	VEC(struct cg_instr) instrs;
	struct cg_index fn_index, line_index, call_index, site_index, instr_index;

	/*
	 * Cost rows, `stride` values each (stride >= nevents; it grows when a
	 * merged file brings new events). ndef[row] is how many leading
	 * columns of its file any cost line added to the row had:
	 * callgrind_annotate prints "." for the others.
	 */
	int64_t *costs;
	uint8_t *ndef;
	size_t nrows, rows_alloc, stride;

	/*
	 * summary: and totals: lines, summed over parts (compat: the last
	 * one). nparts_summary/totals count the parts that had one; the
	 * ndef are the number of values on the line.
	 */
	int64_t summary[CG_MAX_EVENTS], totals[CG_MAX_EVENTS];
	size_t summary_ndef, totals_ndef;
	size_t nparts_summary, nparts_totals;

	/*
	 * Per event, the sum of the absolute values of every cost read (for a
	 * derived event, a bound of it); call_counts, of every calls= count.
	 * The reader keeps both at most INT64_MAX, and every row, and every
	 * sum of rows in any order, is bounded by them: the consumers add
	 * rows without checking.
	 */
	int64_t magnitude[CG_MAX_EVENTS];
	uint64_t call_counts;

	/* Computed from the other columns after each file, in this order. */
	struct cg_derived derived[CG_MAX_DERIVED];
	size_t nderived;

	VEC(struct cg_part) parts;
	size_t nfiles;
	/* A file was read with sign -1: the costs are changes (--diff). */
	int negated;
	struct arena arena;
};

/*
 * The working directory with a '/' after it, as callgrind_annotate strips
 * it from file names: in / that is "//", which leaves absolute names
 * whole. Empty when the directory cannot be found.
 */
void cg_cwd_prefix(struct strbuf *out);

void cg_profile_init(struct cg_profile *p);
void cg_profile_release(struct cg_profile *p);

/*
 * Reads one callgrind or cachegrind file (gzip-compressed or not) into p,
 * merging with what p already holds. Returns 0, or -1 after printing one
 * "tare: FILE:LINE: what is wrong" line.
 */
int cg_read_file(struct cg_profile *p, const char *path,
		      const struct cg_read_options *o);
/*
 * n files read into p as tare's commands read them: file names relative
 * to the current folder (cg_cwd_prefix), source lines kept if want_lines
 * is 1, and instructions too if it is 2.
 * Returns 0, or -1 after the first file's error line.
 */
int cg_read_files(struct cg_profile *p, const char *const *paths, size_t n, int want_lines);
/* The same from memory; name is used in messages (the fuzzer's entry). */
int cg_read_buffer(struct cg_profile *p, const char *name, const char *buf,
			size_t len, const struct cg_read_options *o);

/*
 * Cost arithmetic on the model's values, which profile.magnitude bounds:
 * it cannot overflow there. It is done unsigned all the same, so that a
 * slip in a consumer is a wrong number rather than undefined behaviour.
 */
static inline int64_t cost_add(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a + (uint64_t)b);
}

static inline int64_t cost_sub(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a - (uint64_t)b);
}

static inline int64_t cost_mul(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a * (uint64_t)b);
}

static inline int64_t cost_abs(int64_t a)
{
	return a < 0 ? (int64_t)(0 - (uint64_t)a) : a;
}

/* *sum += v; -1 (and *sum unchanged) when the result would not fit. */
static inline int cost_add_checked(int64_t *sum, int64_t v)
{
	int64_t r;

	if (__builtin_add_overflow(*sum, v, &r))
		return -1;
	*sum = r;
	return 0;
}

/* *out = a * b; -1 when the result would not fit. */
static inline int cost_mul_checked(int64_t a, int64_t b, int64_t *out)
{
	return __builtin_mul_overflow(a, b, out) ? -1 : 0;
}

static inline int64_t *cg_cost(const struct cg_profile *p, uint32_t row)
{
	return p->costs + (size_t)row * p->stride;
}

/* The column of event name, or -1. */
int cg_event(const struct cg_profile *p, const char *name);

/* Internals shared by the reader and the model. */
/* The id of s in n, adding a copy made in a when it is new. */
uint32_t cg_names_intern(struct cg_names *n, struct arena *a,
			      const char *s, size_t len);
void cg_names_release(struct cg_names *n);
uint32_t cg_row_new(struct cg_profile *p);
uint32_t cg_index_find(struct cg_index *ix, uint64_t a, uint64_t b,
			    uint64_t c, int *created);
void cg_index_release(struct cg_index *ix);
/* The index of a key, or UINT32_MAX. */
uint32_t cg_index_lookup(const struct cg_index *ix, uint64_t a,
			      uint64_t b, uint64_t c);
uint32_t cg_fn_get(struct cg_profile *p, uint32_t obj, uint32_t file,
			uint32_t name);
uint32_t cg_line_get(struct cg_profile *p, uint32_t file, int64_t line);
uint32_t cg_call_get(struct cg_profile *p, uint32_t caller, uint32_t callee);
uint32_t cg_site_get(struct cg_profile *p, uint32_t caller, uint32_t callee,
			  uint32_t file, int64_t line);
uint32_t cg_instr_get(struct cg_profile *p, uint32_t obj, uint64_t addr, uint32_t fn,
			   uint32_t file, int64_t line);

static inline const char *cg_name(const struct cg_profile *p,
				       enum cg_ns ns, uint32_t id)
{
	return p->names[ns].v[id];
}

/*
 * Inclusive cost per function, into rows the caller frees with free():
 * out[i] has nevents values for fns.v[i]. Calls within a strongly
 * connected component of the call graph (recursion, mutual or not) are
 * left out; a function costs the larger of its calls from outside its
 * component and its self cost plus its calls out of it, each of which
 * counts every unit of cost once, and at most the total
 * (docs/annotate.md, "Inclusive cost").
 */
int64_t *cg_inclusive(const struct cg_profile *p);

/*
 * The strongly connected components of the call graph, into an array of
 * fns.nr ids the caller frees: two functions have the same id exactly
 * when each reaches the other through calls (recursion, mutual or not).
 * Ids are dense from 0, a component's id after those it calls.
 */
uint32_t *cg_call_sccs(const struct cg_profile *p);
/* The same with each function taken for map[f], a function of p. */
uint32_t *cg_call_sccs_mapped(const struct cg_profile *p, const uint32_t *map);

/*
 * The total per event: totals: (the sum of the cost lines, which callgrind
 * writes at the end of each part), else summary:, else the sum of self
 * costs (*calculated). Callgrind's summary: is its own count, which misses
 * or adds a few instructions where collection is switched on or off (a
 * benchmark's body, --toggle-collect): the rows do not add up to it.
 */
void cg_total(const struct cg_profile *p, int64_t *out, int *calculated);

/* The sum of every function's self cost, per event (nevents values). */
void cg_self_total(const struct cg_profile *p, int64_t *out);

#endif
