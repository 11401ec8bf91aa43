/*
 * cg_read.c: the reader of callgrind and cachegrind files (the cachegrind
 * format is the callgrind format without compression, positions or calls),
 * plain or gzip-compressed, into the profile model.
 *
 * One pass over the file, a window at a time; cost lines are summed
 * into the model as they come, so nothing per line is kept. The format is
 * in docs/annotate.md (and Valgrind's callgrind manual); the
 * compat mode reads as callgrind_annotate 3.19 does, which differs in the
 * places cg_profile.h lists.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "cg_profile.h"
#include "cursor.h"
#include "strbuf.h"
#include "util.h"

/* Longest line and most name-compression ids we accept. */
#define MAX_LINE (64u << 20)
#define MAX_ID (1u << 26)
#define MAX_DERIVED CG_MAX_DERIVED

struct formula {
	char *name;
	size_t nterms;
	int64_t coeff[CG_MAX_EVENTS];
	char *term[CG_MAX_EVENTS];
};

struct id_vec {
	uint32_t *v;
	size_t nr, alloc;
};

struct reader {
	struct cg_profile *p;
	const struct cg_read_options *o;
	const char *path;
	size_t lineno;
	int64_t sign;

	/* Name compression, file-scoped: per name space, id -> raw id + 1. */
	struct id_vec ids[CG_NS_NR];
	/*
	 * Names are interned as written (raw ids), then mapped once each to
	 * their id after the prefix strip and rewrites (+ 1; 0: not yet).
	 */
	struct id_vec canon[CG_NS_NR];
	struct id_vec canon_unstripped;
	struct strbuf scratch;

	/* The current part. */
	size_t part;
	int in_body;		/* body lines seen since the last header line */
	int have_events;
	size_t ncols;
	int colmap[CG_MAX_EVENTS];
	int npos, line_col, addr_col, has_addr, has_line;
	int64_t pos[3];

	/* Position state. */
	uint32_t ob, fl, file, fn;
	int have_fl, have_fn;
	int64_t fn_idx;		/* -1: resolve before use */
	uint32_t cob, cfi, cfn;
	int have_cob, have_cfi, have_cfn;
	int64_t callee_idx;	/* compat: resolved at cfn= */
	uint64_t call_count;
	int pending_call, pending_jump;
	size_t call_lineno;
	int64_t cur_line;	/* compat: callgrind_annotate's $curr_line_num */

	/* The line row of the last cost line, reused while it stays. */
	int lc_valid;
	uint32_t lc_file, lc_row;
	int64_t lc_line;

	struct formula formulas[MAX_DERIVED];
	size_t nformulas;
	int creator_callgrind, saw_totals;
	/*
	 * Cachegrind's own files: a cmd: line before events:, and none of
	 * the headers or call lines only the callgrind format has. The
	 * format ends them with summary:, which then says the file is whole.
	 */
	int saw_cmd, callgrind_only, saw_summary;
	/*
	 * What cachegrind's summary: must equal: this file's summary: and the
	 * sum of its cost lines (the self costs now, less base, those before
	 * the file).
	 */
	int64_t file_summary[CG_MAX_EVENTS], base[CG_MAX_EVENTS];
	size_t summary_lineno;
	int part_events;	/* the part has its events: line */
	size_t first_part;
	/*
	 * The line being read is the file's last and has no newline: when it
	 * does not parse, the file was cut in the middle of it. cut_lineno
	 * stays its number for the checks at the end.
	 */
	int cut;
	size_t cut_lineno;
	int identity;		/* colmap[i] == i: the common case, no lookup */
	int undef_name, ob_undef;	/* compat: the last name was Perl's undef */
};

static int rd_error(struct reader *r, const char *fmt, ...) TARE_PRINTF(2, 3);
static int rd_error(struct reader *r, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (r->cut)
		strbuf_addstr(&sb, "file is truncated: its last line is incomplete (");
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (r->cut)
		strbuf_addch(&sb, ')');
	if (r->lineno)
		error("%s:%zu: %s", r->path, r->lineno, sb.buf);
	else
		error("%s: %s", r->path, sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* callgrind_annotate's warning for a line it skips, kept in compat mode. */
static void compat_malformed(struct reader *r, const char *line, size_t len)
{
	fprintf(stderr, "WARNING: %sline %zu malformed, ignoring\n    line: '%.*s'\n",
		r->in_body || r->have_events ? "" : "header ", r->lineno, (int)len, line);
}

/*
 * One subposition: decimal, 0x hex, +N, -N or * relative to *basis.
 * Advances only on success; -1 when malformed, -2 when a relative one
 * leaves the range of positions. Positions are unsigned 64-bit (addresses
 * above 2^63 are real; the model keeps them in an int64_t's bits).
 */
static inline int parse_subpos(const char **cur, const char *end, int64_t basis,
			       int64_t *out)
{
	const char *s = *cur;
	uint64_t v = 0, b = (uint64_t)basis;

	if (s >= end)
		return -1;
	if (*s == '*') {
		*out = basis;
		*cur = s + 1;
		return 0;
	}
	if (*s == '+' || *s == '-') {
		int neg = *s == '-';

		s++;
		if (cursor_u64(&s, end, UINT64_MAX, &v))
			return -1;
		if (neg ? v > b : v > UINT64_MAX - b)
			return -2;
		*out = (int64_t)(neg ? b - v : b + v);
		*cur = s;
		return 0;
	}
	if (s + 2 < end && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		if (cursor_hex(&s, end, 16, &v))
			return -1;
		*out = (int64_t)v;
		*cur = s;
		return 0;
	}
	if (cursor_u64(&s, end, UINT64_MAX, &v))
		return -1;
	*out = (int64_t)v;
	*cur = s;
	return 0;
}

static void part_new(struct reader *r)
{
	struct cg_profile *p = r->p;
	struct cg_part part;

	memset(&part, 0, sizeof(part));
	strvec_init(&part.desc);
	part.path = arena_strdup(&p->arena, r->path);
	if (r->part < p->parts.nr && r->in_body) {
		/* Appended dumps repeat neither command nor pid. */
		const struct cg_part *prev = &p->parts.v[r->part];

		part.cmd = prev->cmd;
		part.creator = prev->creator;
		part.pid = prev->pid;
	}
	vec_push(&p->parts, part);
	r->part = p->parts.nr - 1;
	r->in_body = 0;
	r->part_events = 0;
	r->saw_totals = 0;	/* each part ends with its own */
	r->have_fl = r->have_fn = 0;
	r->fn_idx = -1;
	r->pos[0] = r->pos[1] = r->pos[2] = 0;
	r->lc_valid = 0;
}

/* The profile's id of raw name id `raw`, stripped of the prefix unless told. */
static uint32_t canon_name(struct reader *r, enum cg_ns ns, uint32_t raw,
			   int strip)
{
	struct cg_profile *p = r->p;
	const struct cg_read_options *o = r->o;
	struct id_vec *cache = strip || ns != CG_FILE ? &r->canon[ns] : &r->canon_unstripped;
	const char *s;
	size_t len;
	uint32_t id;

	if (raw < cache->nr && cache->v[raw])
		return cache->v[raw] - 1;
	s = p->names[ns].v[raw];
	len = p->names[ns].len[raw];
	if (ns == CG_FILE && strip && o->strip_prefix) {
		size_t pl = strlen(o->strip_prefix);

		if (pl && len >= pl && !memcmp(s, o->strip_prefix, pl)) {
			s += pl;
			len -= pl;
		}
	}
	if ((ns == CG_FILE && o->mod_filename) || (ns == CG_FN && o->mod_funcname)) {
		const struct cg_rewrite *rw = ns == CG_FILE ? o->mod_filename : o->mod_funcname;
		char *tmp = xstrndup(s, len);

		cg_rewrite_apply(rw, tmp, &r->scratch);
		free(tmp);
		s = r->scratch.buf;
		len = r->scratch.len;
	}
	id = cg_names_intern(&p->names[ns], &p->arena, s, len);
	if (raw >= cache->nr) {
		size_t old = cache->nr;

		vec_grow(cache, raw + 1 - old);
		memset(cache->v + old, 0, (raw + 1 - old) * sizeof(uint32_t));
		cache->nr = raw + 1;
	}
	cache->v[raw] = id + 1;
	return id;
}

/*
 * The value of a name spec (after "fn="): "(ID) name" defines ID, "(ID)"
 * refers to it, anything else is a literal name. Returns the raw id.
 */
static int parse_name(struct reader *r, enum cg_ns ns, const char *s,
		      const char *end, uint32_t *raw)
{
	if (s + 1 < end && s[0] == '(' && s[1] >= '0' && s[1] <= '9') {
		const char *q = s + 1;
		uint64_t id;

		if (cursor_u64(&q, end, UINT64_MAX, &id) || q >= end || *q != ')')
			goto literal;
		if (id >= MAX_ID)
			return rd_error(r, "name compression id %llu is too large",
					(unsigned long long)id);
		q++;
		cursor_skip_space(&q, end);
		if (q < end) {
			size_t old = r->ids[ns].nr;

			*raw = cg_names_intern(&r->p->names[ns], &r->p->arena, q, (size_t)(end - q));
			if (id >= old) {
				vec_grow(&r->ids[ns], id + 1 - old);
				memset(r->ids[ns].v + old, 0, (id + 1 - old) * sizeof(uint32_t));
				r->ids[ns].nr = id + 1;
			}
			r->ids[ns].v[id] = *raw + 1;
			return 0;
		}
		if (id < r->ids[ns].nr && r->ids[ns].v[id]) {
			*raw = r->ids[ns].v[id] - 1;
			return 0;
		}
		if (r->o->compat) {
			/* Perl's undef: an empty name, and no object at all. */
			*raw = cg_names_intern(&r->p->names[ns], &r->p->arena, "", 0);
			r->undef_name = 1;
			return 0;
		}
		return rd_error(r, "name id (%llu) is used before it is defined",
				(unsigned long long)id);
	}
literal:
	*raw = cg_names_intern(&r->p->names[ns], &r->p->arena, s, (size_t)(end - s));
	return 0;
}

static int get_name(struct reader *r, enum cg_ns ns, const char *s,
		    const char *end, int strip, uint32_t *out)
{
	uint32_t raw;

	if (parse_name(r, ns, s, end, &raw) < 0)
		return -1;
	*out = canon_name(r, ns, raw, strip);
	return 0;
}

static uint32_t resolve_fn(struct reader *r)
{
	struct cg_profile *p = r->p;
	uint32_t obj = r->o->compat ? 0 : r->ob;

	r->fn_idx = cg_fn_get(p, obj, r->file, r->have_fn ? r->fn : 0);
	/*
	 * callgrind_annotate stores a function's costs when it switches
	 * away from it (compat_leave_fn).
	 */
	if (!r->o->compat)
		p->fns.v[r->fn_idx].listed = 1;
	return (uint32_t)r->fn_idx;
}

static inline uint32_t current_fn(struct reader *r)
{
	return r->fn_idx >= 0 ? (uint32_t)r->fn_idx : resolve_fn(r);
}

static void compat_leave_fn(struct reader *r)
{
	if (r->o->compat && r->fn_idx >= 0)
		r->p->fns.v[r->fn_idx].listed = 1;
}

static inline void row_add(struct reader *r, uint32_t row, const int64_t *v, size_t n)
{
	struct cg_profile *p = r->p;
	int64_t *c = cg_cost(p, row);
	size_t i;

	if (r->identity)
		for (i = 0; i < n; i++)
			c[i] = cost_add(c[i], v[i]);
	else
		for (i = 0; i < n; i++)
			c[r->colmap[i]] = cost_add(c[r->colmap[i]], v[i]);
	if (n > p->ndef[row])
		p->ndef[row] = (uint8_t)n;
}

static uint32_t line_row(struct reader *r, uint32_t file, int64_t line)
{
	if (!r->lc_valid || r->lc_file != file || r->lc_line != line) {
		uint32_t i = cg_line_get(r->p, file, line);

		r->lc_valid = 1;
		r->lc_file = file;
		r->lc_line = line;
		r->lc_row = r->p->lines.v[i].row;
	}
	return r->lc_row;
}

/* The next word (run of non-blanks) at *cur: its length, 0 at the end. */
static size_t next_word(const char **cur, const char *end, const char **word)
{
	size_t len = 0;

	cursor_skip_space(cur, end);
	*word = *cur;
	cursor_word(cur, end, word, &len);
	return len;
}

/* The error for a cost line with more numbers than events: counts them all. */
static int too_many_costs(struct reader *r, const char *s, const char *end, size_t total)
{
	const char *w;

	while (next_word(&s, end, &w))
		total++;
	return rd_error(r, "cost line has %zu numbers, events has %zu", total, r->ncols);
}

/*
 * Adds a cost line's values (and a call's count) to the model's
 * magnitudes before they go into any row: with these bounded, no row and
 * no sum of rows can overflow, and one check per line is all it takes.
 */
static int magnitude_add(struct reader *r, const int64_t *v, size_t n, uint64_t calls)
{
	struct cg_profile *p = r->p;
	size_t i;

	for (i = 0; i < n; i++) {
		int col = r->colmap[i];

		if (cost_add_checked(&p->magnitude[col], cost_abs(v[i])) < 0)
			return rd_error(r, "cost total of %s overflows 63 bits", p->events[col]);
	}
	if (calls > (uint64_t)INT64_MAX - p->call_counts)
		return rd_error(r, "call count total overflows 63 bits");
	p->call_counts += calls;
	return 0;
}

/* The inclusive cost v of r->call_count calls made on line. */
static void record_call(struct reader *r, uint32_t caller, uint32_t callee,
			int64_t line, const int64_t *v, size_t n)
{
	struct cg_profile *p = r->p;
	uint32_t c = cg_call_get(p, caller, callee);

	p->calls.v[c].count += r->call_count;
	row_add(r, p->calls.v[c].row, v, n);
	if (r->o->want_lines) {
		c = cg_site_get(p, caller, callee, r->file, line);
		p->sites.v[c].count += r->call_count;
		row_add(r, p->sites.v[c].row, v, n);
	}
}

/* The costs after the positions: at most ncols numbers. */
static int parse_costs(struct reader *r, const char *s, const char *end,
		       int64_t *v, size_t *n)
{
	size_t k = 0;

	for (;;) {
		uint64_t u;
		int neg;

		while (s < end && cursor_is_space(*s))
			s++;
		if (s >= end)
			break;
		neg = *s == '-';
		s += neg;
		if (cursor_u64(&s, end, UINT64_MAX, &u) || (s < end && !cursor_is_space(*s)))
			return rd_error(r, "cost line has a malformed number");
		if (k >= r->ncols)
			return too_many_costs(r, s, end, k + 1);
		if (u > INT64_MAX)
			return rd_error(r, "cost %llu does not fit in 63 bits",
					(unsigned long long)u);
		v[k++] = cost_mul(neg ? -(int64_t)u : (int64_t)u, r->sign);
	}
	*n = k;
	return 0;
}

static int cost_line(struct reader *r, const char *s, const char *end)
{
	struct cg_profile *p = r->p;
	int64_t pos[3], v[CG_MAX_EVENTS], line;
	size_t n = 0;
	uint32_t fn;
	int i;

	if (!r->have_events)
		return rd_error(r, "cost line before the events: line");
	for (i = 0; i < r->npos; i++) {
		const char *at;
		int rc;

		if (i)
			cursor_skip_space(&s, end);
		at = s;
		rc = parse_subpos(&s, end, r->pos[i], &pos[i]);
		if (rc == -2) {
			size_t len = next_word(&s, end, &at);

			return rd_error(r, "relative position %.*s %s", (int)(len > 24 ? 24 : len), at,
					*at == '-' ? "goes below 0" : "overflows 64 bits");
		}
		if (rc < 0 || (s < end && !cursor_is_space(*s)))
			return rd_error(r, "malformed position in cost line");
	}
	for (i = 0; i < r->npos; i++)
		r->pos[i] = pos[i];
	line = r->line_col >= 0 ? pos[r->line_col] : 0;
	if (r->pending_jump) {
		r->pending_jump = 0;
		return 0;
	}
	if (parse_costs(r, s, end, v, &n) < 0 ||
	    magnitude_add(r, v, n, r->pending_call ? r->call_count : 0) < 0)
		return -1;
	if (r->pending_call) {
		uint32_t caller = current_fn(r);
		uint32_t obj = r->have_cob ? r->cob : r->ob;
		uint32_t file = r->have_cfi ? r->cfi : r->file;

		record_call(r, caller, cg_fn_get(p, obj, file, r->cfn), line, v, n);
		r->pending_call = 0;
		r->have_cob = r->have_cfi = r->have_cfn = 0;
		return 0;
	}
	if (!r->have_fn)
		return rd_error(r, "cost line before any fn= line");
	fn = current_fn(r);	/* before indexing: it may grow fns */
	row_add(r, p->fns.v[fn].row, v, n);
	if (r->o->want_lines)
		row_add(r, line_row(r, r->file, line), v, n);
	if (r->o->want_instrs && r->addr_col >= 0) {
		uint32_t k = cg_instr_get(p, p->fns.v[fn].obj, (uint64_t)pos[r->addr_col], fn,
					       r->file, line);

		row_add(r, p->instrs.v[k].row, v, n);
	}
	return 0;
}

/*
 * callgrind_annotate's reading of a cost line, regular expressions and all:
 * +N, -N and * are relative to the last cost line's line number in every
 * column, an address column is dropped, and each cost is Perl's number of
 * the word ("+400" is 400). Perl would go on in floating point past 63
 * bits; we cannot print what it would, and refuse the number instead.
 */
static int perl_num(const char *s, const char *end, int64_t *out)
{
	int neg = 0;
	uint64_t v = 0;

	if (s < end && (*s == '+' || *s == '-'))
		neg = *s++ == '-';
	/* No digits is Perl's 0. */
	if (cursor_u64(&s, end, INT64_MAX, &v) == CURSOR_OVERFLOW)
		return -1;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

/*
 * callgrind_annotate's line_to_CC: the words of the line, each Perl's
 * number, into v from v[*n] on.
 */
static int compat_counts(struct reader *r, const char *s, const char *end, int64_t sign,
			 int64_t *v, size_t *n)
{
	const char *w;
	size_t len;

	while ((len = next_word(&s, end, &w))) {
		int64_t num;

		if (*n >= r->ncols)
			return rd_error(r, "too many event counts");
		if (perl_num(w, w + len, &num) < 0)
			return rd_error(r, "cost %.*s does not fit in 63 bits",
					(int)(len > 40 ? 40 : len), w);
		v[(*n)++] = cost_mul(num, sign);
	}
	return 0;
}

/*
 * A number as Perl holds it after callgrind_annotate's arithmetic on
 * positions: an integer (the model keeps those of 63 bits; Perl's unsigned
 * ones past that are `big`), or floating point once the integers overflow.
 */
struct perl_value {
	enum { PERL_INT, PERL_BIG, PERL_FLOAT } kind;
	int64_t i;
	double d;
};

/* prev + n, or prev - n when neg, with Perl's integer ranges. */
static void perl_add(int64_t prev, int neg, uint64_t n, struct perl_value *out)
{
	uint64_t mag = prev < 0 ? 0 - (uint64_t)prev : (uint64_t)prev, r;

	out->kind = PERL_INT;
	out->d = (double)prev + (neg ? -(double)n : (double)n);
	if ((prev < 0) == neg) {	/* the size grows */
		r = mag + n;
		if (n > UINT64_MAX - mag || (neg && r > (uint64_t)INT64_MAX + 1)) {
			out->kind = PERL_FLOAT;
			return;
		}
		if (neg) {
			out->i = (int64_t)(0 - r);
			return;
		}
	} else if (n <= mag) {		/* towards 0: the sign stays */
		r = mag - n;
		out->i = prev < 0 ? (int64_t)(0 - r) : (int64_t)r;
		return;
	} else {			/* across 0 */
		r = n - mag;
		if (neg) {
			if (r > (uint64_t)INT64_MAX + 1)
				out->kind = PERL_FLOAT;
			else
				out->i = (int64_t)(0 - r);
			return;
		}
	}
	if (r > INT64_MAX)
		out->kind = PERL_BIG;
	else
		out->i = (int64_t)r;
}

/* "+N" or "-N" at *cur (advanced past it): prev + N or prev - N. */
static void perl_rel(const char **cur, const char *end, int64_t prev, struct perl_value *out)
{
	const char *s = *cur + 1, *digits = s;
	int neg = **cur == '-';
	uint64_t n;

	if (cursor_u64(&s, end, UINT64_MAX, &n)) {
		/* More digits than 64 bits: Perl adds in floating point. */
		char *tmp;

		while (s < end && *s >= '0' && *s <= '9')
			s++;
		tmp = xstrndup(digits, (size_t)(s - digits));
		out->kind = PERL_FLOAT;
		out->d = (double)prev + (neg ? -strtod(tmp, NULL) : strtod(tmp, NULL));
		free(tmp);
	} else {
		perl_add(prev, neg, n, out);
	}
	*cur = s;
}

/*
 * callgrind_annotate's substitutions at the start of a position column,
 * in its order: +N becomes prev+N, then -N becomes prev-N (which a
 * negative result of the first one meets again), then * becomes prev.
 * Returns 1 and the number put in place of the text from *cur to the
 * advanced *cur; 0 when none applies.
 */
static int perl_subst(const char **cur, const char *end, int64_t prev, struct perl_value *out)
{
	const char *s = *cur;
	int digit = s + 1 < end && s[1] >= '0' && s[1] <= '9';

	if (s < end && *s == '+' && digit) {
		perl_rel(&s, end, prev, out);
		if (out->kind == PERL_INT && out->i < 0) {
			/* "-M" now: the second substitution reads it as relative too. */
			perl_add(prev, 1, 0 - (uint64_t)out->i, out);
		}
	} else if (s < end && *s == '-' && digit) {
		perl_rel(&s, end, prev, out);
	} else if (s < end && *s == '*') {
		out->kind = PERL_INT;
		out->i = prev;
		s++;
	} else {
		return 0;
	}
	*cur = s;
	return 1;
}

/* The text Perl puts in place of a substituted number. */
static void perl_value_text(struct strbuf *sb, const struct perl_value *v)
{
	if (v->kind == PERL_INT)
		strbuf_addf(sb, "%lld", (long long)v->i);
	else if (isinf(v->d))
		strbuf_addstr(sb, v->d < 0 ? "-Inf" : "Inf");
	else
		strbuf_addf(sb, "%.15g", v->d);
}

/*
 * One position column as callgrind_annotate reads it: after perl_subst,
 * (-?\d+|0x\w+)\s+ for the first column, (\d+)\s+ for the line after an
 * address. Returns 0 with *v and *cur past the column and its blanks,
 * 1 when it does not match (*v then holds what perl_subst put in place
 * of the text up to *cur, if *subst), -1 after an error: a number the
 * model cannot hold, where Perl would go on with an integer of 64 bits
 * or with the digits as text.
 */
static int compat_column(struct reader *r, const char **cur, const char *end, int64_t prev,
			 int first, struct perl_value *v, int *subst, int has_nl)
{
	const char *s = *cur, *w = s;

	*subst = perl_subst(&s, end, prev, v);
	if (!*subst) {
		uint64_t u = 0;

		v->kind = PERL_INT;
		if (first && s + 2 < end && s[0] == '0' && s[1] == 'x' &&
		    (isalnum((unsigned char)s[2]) || s[2] == '_')) {
			/* Perl keeps "0x..." as text, whose number is 0. */
			for (s += 2; s < end && (isalnum((unsigned char)*s) || *s == '_'); s++)
				;
			v->i = 0;
		} else if (s < end && *s >= '0' && *s <= '9') {
			if (cursor_u64(&s, end, UINT64_MAX, &u) || u > INT64_MAX) {
				while (s < end && *s >= '0' && *s <= '9')
					s++;
				v->kind = PERL_BIG;
			}
			v->i = (int64_t)u;
		} else {
			return 1;
		}
	}
	if (v->kind == PERL_BIG) {
		size_t len = (size_t)(s - w);

		return rd_error(r, "position %.*s does not fit in 63 bits",
				(int)(len > 40 ? 40 : len), w);
	}
	if (v->kind == PERL_FLOAT || (!first && v->i < 0) ||
	    (s < end ? !cursor_is_space(*s) : !has_nl)) {
		*cur = s;
		return 1;
	}
	cursor_skip_space(&s, end);
	*cur = s;
	return 0;
}

/*
 * A cost line in compat mode. Returns 1 when callgrind_annotate would not
 * take it for one (the caller tries the other kinds of line), 0 when read
 * or warned about, -1 after an error.
 */
static int compat_cost_line(struct reader *r, const char *s, const char *end,
			    int has_nl)
{
	struct cg_profile *p = r->p;
	int64_t v[CG_MAX_EVENTS], prev = r->cur_line, line;
	const char *t = s;
	struct perl_value num;
	size_t n = 0;
	int rc, subst;

	rc = compat_column(r, &t, end, prev, 1, &num, &subst, has_nl);
	if (rc < 0)
		return -1;
	if (rc > 0 && !subst)
		return 1;
	if (rc > 0) {
		/* No other kind of line starts with a number: "malformed", as Perl has it. */
		struct strbuf sb = STRBUF_INIT;

		perl_value_text(&sb, &num);
		strbuf_add(&sb, t, (size_t)(end - t));
		compat_malformed(r, sb.buf, sb.len);
		strbuf_release(&sb);
		r->cur_line = prev;
		return 0;
	}
	line = num.i;
	s = t;
	if (r->has_addr) {
		if (r->has_line) {
			rc = compat_column(r, &t, end, prev, 0, &num, &subst, has_nl);
			if (rc < 0)
				return -1;
			if (rc == 0) {
				line = num.i;
				s = t;
			} else if (subst) {
				/* What Perl put in place of the line is the first cost. */
				if (num.kind == PERL_FLOAT || num.i == INT64_MIN) {
					struct strbuf sb = STRBUF_INIT;

					perl_value_text(&sb, &num);
					rd_error(r, "cost %s does not fit in 63 bits", sb.buf);
					strbuf_release(&sb);
					return -1;
				}
				v[n++] = cost_mul(num.i, r->sign);
				s = t;
			}
		} else {
			line = 0;
		}
	}
	r->cur_line = line;
	if (compat_counts(r, s, end, r->sign, v, &n) < 0 ||
	    magnitude_add(r, v, n, r->call_count) < 0)
		return -1;
	if (r->call_count > 0) {
		uint32_t caller = r->have_fn ? current_fn(r) : cg_fn_get(p, 0, 0, 0);
		uint32_t callee = r->callee_idx >= 0 ? (uint32_t)r->callee_idx
					: cg_fn_get(p, 0, 0, 0);

		record_call(r, caller, callee, line, v, n);
		r->call_count = 0;
		return 0;
	}
	if (r->have_fn) {
		uint32_t fn = current_fn(r);	/* before indexing: it may grow fns */

		row_add(r, p->fns.v[fn].row, v, n);
	}
	if (r->o->want_lines && r->have_fl)
		row_add(r, line_row(r, r->file, line), v, n);
	return 0;
}

/* Gives every cost row `stride` columns, the new ones 0. */
static void widen_rows(struct cg_profile *p, size_t stride)
{
	int64_t *costs = xcalloc(p->rows_alloc ? p->rows_alloc : 1, st_mult(stride, sizeof(int64_t)));
	size_t row;

	for (row = 0; row < p->nrows; row++)
		memcpy(costs + row * stride, p->costs + row * p->stride,
		       p->stride * sizeof(int64_t));
	free(p->costs);
	p->costs = costs;
	p->stride = stride;
}

static int parse_events(struct reader *r, const char *s, const char *end)
{
	struct cg_profile *p = r->p;
	size_t n = 0, i;

	r->ncols = 0;
	for (;;) {
		const char *w;
		int col = -1;

		if (!next_word(&s, end, &w))
			break;
		if (n >= CG_MAX_EVENTS)
			return rd_error(r, "more than %d events", CG_MAX_EVENTS);
		for (i = 0; i < p->nevents; i++)
			if (strlen(p->events[i]) == (size_t)(s - w) &&
			    !memcmp(p->events[i], w, (size_t)(s - w)))
				col = (int)i;
		for (i = 0; i < n; i++)
			if (col >= 0 && r->colmap[i] == col)
				return rd_error(r, "event '%.*s' is listed twice",
						(int)(s - w), w);
		if (col < 0) {
			if (p->nevents >= CG_MAX_EVENTS)
				return rd_error(r, "more than %d events", CG_MAX_EVENTS);
			col = (int)p->nevents;
			p->events[p->nevents++] = arena_strndup(&p->arena, w, (size_t)(s - w));
		}
		r->colmap[n++] = col;
	}
	if (!n)
		return rd_error(r, "events: line names no event");
	r->ncols = n;
	r->have_events = 1;
	r->part_events = 1;
	r->identity = 1;
	for (i = 0; i < n; i++)
		if (r->colmap[i] != (int)i)
			r->identity = 0;
	if (p->nevents > p->stride)
		widen_rows(p, p->nevents);	/* a merged file brought new events */
	return 0;
}

static int parse_positions(struct reader *r, const char *s, const char *end)
{
	int n = 0;

	r->line_col = r->addr_col = -1;
	r->has_addr = r->has_line = 0;
	for (;;) {
		const char *w;
		size_t len = next_word(&s, end, &w);

		if (!len)
			break;
		if (n >= 3)
			return rd_error(r, "positions: has more than 3 columns");
		if (len == 4 && !memcmp(w, "line", 4)) {
			r->line_col = n;
			r->has_line = 1;
		} else if ((len == 5 && !memcmp(w, "instr", 5)) || (len == 4 && !memcmp(w, "addr", 4))) {
			r->has_addr = 1;
			r->addr_col = n;
		} else if (!(len == 2 && !memcmp(w, "bb", 2))) {
			return rd_error(r, "unknown position '%.*s' (instr, bb or line)",
					(int)len, w);
		}
		n++;
	}
	if (!n)
		return rd_error(r, "positions: line names no position");
	r->npos = n;
	return 0;
}

static int parse_formula(struct reader *r, const char *s, const char *end)
{
	struct formula *f;
	const char *w, *eq;

	/* "Name [= Formula] [: Long name]"; only formulas matter here. */
	cursor_skip_space(&s, end);
	w = s;
	while (s < end && !cursor_is_space(*s) && *s != '=' && *s != ':')
		s++;
	eq = s;
	cursor_skip_space(&s, end);
	if (s >= end || *s != '=')
		return 0;
	if (r->nformulas >= MAX_DERIVED)
		return rd_error(r, "more than %d derived events", MAX_DERIVED);
	f = &r->formulas[r->nformulas];
	memset(f, 0, sizeof(*f));
	f->name = xstrndup(w, (size_t)(eq - w));
	for (s++;;) {
		int64_t sign = 1;
		uint64_t coeff = 1;
		const char *t;

		cursor_skip_space(&s, end);
		if (s >= end || *s == ':')
			break;
		if (*s == '+' || *s == '-') {
			sign = *s == '-' ? -1 : 1;
			s++;
			cursor_skip_space(&s, end);
		}
		if (s < end && *s >= '0' && *s <= '9') {
			if (cursor_u64(&s, end, UINT64_MAX, &coeff) || coeff > INT32_MAX)
				goto bad;
			cursor_skip_space(&s, end);
			if (s < end && *s == '*')
				s++;
			cursor_skip_space(&s, end);
		}
		t = s;
		while (s < end && (isalnum((unsigned char)*s) || *s == '_'))
			s++;
		if (s == t || f->nterms >= CG_MAX_EVENTS)
			goto bad;
		f->coeff[f->nterms] = sign * (int64_t)coeff;
		f->term[f->nterms++] = xstrndup(t, (size_t)(s - t));
	}
	if (!f->nterms)
		goto bad;
	r->nformulas++;
	return 0;
bad:
	for (size_t i = 0; i < f->nterms; i++)
		free(f->term[i]);
	free(f->name);
	return rd_error(r, "malformed event formula");
}

/*
 * Sum of coeff * c over the terms; -1 when it would not fit. With c the
 * magnitudes of the terms' columns, a bound of every row of the derived
 * column and of every sum of its rows.
 */
static int derived_value(const struct cg_derived *d, const int64_t *c, int abs,
			 int64_t *out)
{
	int64_t sum = 0, term;
	size_t t;

	for (t = 0; t < d->nterms; t++)
		if (cost_mul_checked(abs ? cost_abs(d->coeff[t]) : d->coeff[t], c[d->cols[t]],
				     &term) < 0 ||
		    cost_add_checked(&sum, term) < 0)
			return -1;
	*out = sum;
	return 0;
}

/*
 * Adds each new derived event whose terms are all known as a column, then
 * computes every derived column again, rows and totals: after a merged
 * file the columns it is made of have changed. The bound is checked
 * first: past it, the rows are left alone.
 */
static int apply_formulas(struct reader *r)
{
	struct cg_profile *p = r->p;
	size_t i, t, row, pass;

	for (pass = 0; pass < MAX_DERIVED; pass++) {
		int progress = 0;

		for (i = 0; i < r->nformulas; i++) {
			struct formula *f = &r->formulas[i];
			struct cg_derived *d;
			int cols[CG_MAX_EVENTS];

			if (!f->name || cg_event(p, f->name) >= 0)
				continue;
			for (t = 0; t < f->nterms; t++)
				if ((cols[t] = cg_event(p, f->term[t])) < 0)
					break;
			if (t < f->nterms || p->nevents >= CG_MAX_EVENTS ||
			    p->nderived >= CG_MAX_DERIVED)
				continue;
			if (p->nevents >= p->stride)
				widen_rows(p, p->nevents + 1);
			d = &p->derived[p->nderived++];
			d->col = (int)p->nevents;
			d->nterms = f->nterms;
			memcpy(d->cols, cols, f->nterms * sizeof(int));
			memcpy(d->coeff, f->coeff, f->nterms * sizeof(int64_t));
			p->events[p->nevents++] = arena_strdup(&p->arena, f->name);
			progress = 1;
		}
		if (!progress)
			break;
	}
	for (i = 0; i < p->nderived; i++) {
		const struct cg_derived *d = &p->derived[i];

		if (derived_value(d, p->magnitude, 1, &p->magnitude[d->col]) < 0)
			return rd_error(r, "derived event %s overflows 63 bits", p->events[d->col]);
		if (derived_value(d, p->summary, 0, &p->summary[d->col]) < 0)
			return rd_error(r, "derived event %s of summary: overflows 63 bits",
					p->events[d->col]);
		if (derived_value(d, p->totals, 0, &p->totals[d->col]) < 0)
			return rd_error(r, "derived event %s of totals: overflows 63 bits",
					p->events[d->col]);
		/* Within the bound just checked: no row can fail. */
		for (row = 0; row < p->nrows; row++) {
			int64_t *c = cg_cost(p, (uint32_t)row);

			derived_value(d, c, 0, &c[d->col]);
		}
	}
	return 0;
}

static int totals_line(struct reader *r, const char *s, const char *end,
		       int is_summary)
{
	struct cg_profile *p = r->p;
	int64_t v[CG_MAX_EVENTS], *dst = is_summary ? p->summary : p->totals;
	size_t n = 0, i;

	if (r->o->compat) {
		if (compat_counts(r, s, end, 1, v, &n) < 0)
			return -1;
		/* The last one wins. */
		memset(dst, 0, sizeof(p->summary));
		for (i = 0; i < n; i++)
			dst[i] = v[i];
		if (is_summary) {
			p->summary_ndef = n;
			p->nparts_summary = 1;
		} else {
			p->totals_ndef = n;
			p->nparts_totals = 1;
		}
		return 0;
	}
	if (!r->have_events)
		return rd_error(r, "%s: line before the events: line",
				is_summary ? "summary" : "totals");
	if (parse_costs(r, s, end, v, &n) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (cost_add_checked(&dst[r->colmap[i]], v[i]) < 0)
			return rd_error(r, "%s of %s over the parts overflows 63 bits",
					is_summary ? "summary" : "totals", p->events[r->colmap[i]]);
	if (is_summary) {
		for (i = 0; i < n; i++)
			r->file_summary[r->colmap[i]] = cost_add(r->file_summary[r->colmap[i]], v[i]);
		p->nparts_summary++;
		r->saw_summary = 1;
		r->summary_lineno = r->lineno;
		if (n > p->summary_ndef)
			p->summary_ndef = n;
	} else {
		p->nparts_totals++;
		r->saw_totals = 1;
		r->callgrind_only = 1;
		if (n > p->totals_ndef)
			p->totals_ndef = n;
	}
	return 0;
}

static int has_prefix(const char *s, const char *end, const char *prefix, const char **rest)
{
	size_t n = strlen(prefix);

	if ((size_t)(end - s) < n || memcmp(s, prefix, n))
		return 0;
	*rest = s + n;
	return 1;
}

static const char *part_str(struct reader *r, const char *s, const char *end)
{
	return arena_strndup(&r->p->arena, s, (size_t)(end - s));
}

/*
 * Header lines: "key: value". Returns 1 if the line was not one. In compat
 * mode only the header block before events: is read, and a callgrind_annotate
 * header regex needs whitespace after the colon.
 */
static int header_line(struct reader *r, const char *s, const char *end)
{
	struct cg_profile *p = r->p;
	const char *colon = memchr(s, ':', (size_t)(end - s)), *v, *k;
	size_t klen;
	struct cg_part *part;

	if (!colon)
		return 1;
	for (k = s; k < colon; k++)
		if (!isalnum((unsigned char)*k) && *k != '_' && *k != ' ' && *k != '(' && *k != ')')
			return 1;
	klen = (size_t)(colon - s);
	v = colon + 1;
	if (r->o->compat) {
		if (v >= end || !cursor_is_space(*v)) {
			if (!(klen == 7 && !memcmp(s, "version", 7)))
				return 1;
		}
	}
	cursor_skip_space(&v, end);
	if ((klen == 7 && !memcmp(s, "summary", 7)) || (klen == 6 && !memcmp(s, "totals", 6))) {
		/* callgrind_annotate reads these in the body only. */
		if (r->o->compat && !r->have_events)
			return 1;
		return totals_line(r, v, end, s[0] == 's');
	}
	if (r->o->compat && r->have_events)
		return 1;
	if (!r->o->compat && r->in_body &&
	    ((klen == 6 && !memcmp(s, "events", 6)) || (klen == 4 && !memcmp(s, "part", 4)) ||
	     (klen == 3 && !memcmp(s, "pid", 3)) || (klen == 6 && !memcmp(s, "thread", 6)) ||
	     (klen == 9 && !memcmp(s, "positions", 9)) || (klen == 4 && !memcmp(s, "desc", 4)) ||
	     (klen == 3 && !memcmp(s, "cmd", 3))))
		part_new(r);
	part = &p->parts.v[r->part];
	if ((klen == 7 && (!memcmp(s, "version", 7) || !memcmp(s, "creator", 7))) ||
	    (klen == 9 && !memcmp(s, "positions", 9)) || (klen == 4 && !memcmp(s, "part", 4)) ||
	    (klen == 3 && !memcmp(s, "pid", 3)) || (klen == 6 && !memcmp(s, "thread", 6)) ||
	    (klen == 5 && !memcmp(s, "event", 5)))
		r->callgrind_only = 1;
	else if (klen == 3 && !memcmp(s, "cmd", 3) && !r->have_events)
		r->saw_cmd = 1;
	if (klen == 7 && !memcmp(s, "version", 7)) {
		uint64_t ver;
		const char *t = v;

		if (cursor_u64(&t, end, UINT64_MAX, &ver))
			return rd_error(r, "malformed version: line");
		if (ver >= 2)
			return rd_error(r, "cannot read format version %llu (this reader knows version 1)",
					(unsigned long long)ver);
	} else if (klen == 7 && !memcmp(s, "creator", 7)) {
		part->creator = part_str(r, v, end);
		r->creator_callgrind = end - v >= 9 && !memcmp(v, "callgrind", 9);
	} else if (klen == 3 && !memcmp(s, "pid", 3)) {
		part->pid = part_str(r, v, end);
	} else if (klen == 6 && !memcmp(s, "thread", 6)) {
		part->thread = part_str(r, v, end);
	} else if (klen == 4 && !memcmp(s, "part", 4)) {
		part->part = part_str(r, v, end);
	} else if (klen == 3 && !memcmp(s, "cmd", 3)) {
		part->cmd = part_str(r, v, end);
	} else if (klen == 4 && !memcmp(s, "desc", 4)) {
		if (!(end - v >= 7 && !memcmp(v, "Option:", 7))) {
			char *d = xstrndup(v, (size_t)(end - v));

			strvec_push(&part->desc, d);
			free(d);
		}
	} else if (klen == 9 && !memcmp(s, "positions", 9)) {
		return parse_positions(r, v, end);
	} else if (klen == 6 && !memcmp(s, "events", 6)) {
		if (r->o->compat) {
			const char *t = v;

			/* callgrind_annotate takes "events:" with nothing after it. */
			cursor_skip_space(&t, end);
			if (t >= end)
				return rd_error(r, "missing events line");
		}
		return parse_events(r, v, end);
	} else if (klen == 5 && !memcmp(s, "event", 5)) {
		if (!r->o->compat)
			return parse_formula(r, v, end);
	} else if (r->o->compat) {
		return 1;
	}
	/* Other header keys ("arch:", "timeframe (BB):") carry nothing we use. */
	return 0;
}

static int spec_line(struct reader *r, const char *s, const char *end)
{
	struct cg_profile *p = r->p;
	const char *v;
	int compat = r->o->compat;

	if (has_prefix(s, end, "fn=", &v)) {
		compat_leave_fn(r);
		if (get_name(r, CG_FN, v, end, 1, &r->fn) < 0)
			return -1;
		r->have_fn = 1;
		if (!compat && r->have_fl)
			r->file = r->fl;	/* fi=/fe= last only to the next fn= */
		r->fn_idx = -1;
		if (compat) {
			uint32_t i = current_fn(r);

			p->fns.v[i].obj = r->ob;
			p->fns.v[i].has_obj = !r->ob_undef;
		} else {
			current_fn(r);
		}
		return 0;
	}
	if (has_prefix(s, end, "fl=", &v)) {
		if (get_name(r, CG_FILE, v, end, 1, &r->fl) < 0)
			return -1;
		r->file = r->fl;
		r->have_fl = 1;
		if (!compat)
			r->fn_idx = -1;
		return 0;
	}
	if (has_prefix(s, end, "fi=", &v) || has_prefix(s, end, "fe=", &v)) {
		if (compat && !r->have_fn)
			return rd_error(r, "Unexpected fi/fe line");
		compat_leave_fn(r);
		if (get_name(r, CG_FILE, v, end, 1, &r->file) < 0)
			return -1;
		if (!r->have_fl) {
			r->fl = r->file;
			r->have_fl = 1;
		}
		r->fn_idx = -1;
		if (compat)
			current_fn(r);
		return 0;
	}
	if (has_prefix(s, end, "ob=", &v)) {
		r->undef_name = 0;
		if (get_name(r, CG_OBJ, v, end, 1, &r->ob) < 0)
			return -1;
		r->ob_undef = r->undef_name;
		if (!compat)
			r->fn_idx = -1;
		return 0;
	}
	if (has_prefix(s, end, "cob=", &v)) {
		r->have_cob = 1;
		return get_name(r, CG_OBJ, v, end, 1, &r->cob);
	}
	if (has_prefix(s, end, "cfi=", &v) || has_prefix(s, end, "cfl=", &v)) {
		r->have_cfi = 1;
		return get_name(r, CG_FILE, v, end, !compat, &r->cfi);
	}
	if (has_prefix(s, end, "cfn=", &v)) {
		if (get_name(r, CG_FN, v, end, 1, &r->cfn) < 0)
			return -1;
		r->have_cfn = 1;
		if (compat) {
			uint32_t file = r->have_cfi ? r->cfi : (r->have_fl ? r->file : 0);

			r->callee_idx = cg_fn_get(p, 0, file, r->cfn);
			r->have_cfi = 0;
		}
		return 0;
	}
	if (has_prefix(s, end, "calls=", &v) || has_prefix(s, end, "rcalls=", &v)) {
		uint64_t count;

		if (cursor_u64(&v, end, UINT64_MAX, &count)) {
			if (compat)
				return 1;
			return rd_error(r, "malformed calls= line");
		}
		if (compat) {
			if (s[0] == 'r')
				return 1;
			r->call_count = count;
			return 0;
		}
		if (!r->have_cfn)
			return rd_error(r, "calls= line without a cfn= line before it");
		if (!r->have_fn)
			return rd_error(r, "calls= line before any fn= line");
		r->call_count = count;
		r->pending_call = 1;
		r->call_lineno = r->lineno;
		return 0;
	}
	if (has_prefix(s, end, "jump=", &v) || has_prefix(s, end, "jcnd=", &v)) {
		if (!compat) {
			r->pending_jump = 1;
			r->call_lineno = r->lineno;
		}
		return 0;
	}
	if (has_prefix(s, end, "jfi=", &v)) {
		uint32_t raw;

		return parse_name(r, CG_FILE, v, end, &raw);
	}
	if (has_prefix(s, end, "jfn=", &v)) {
		uint32_t raw;

		return parse_name(r, CG_FN, v, end, &raw);
	}
	return 1;
}

static int read_line(struct reader *r, const char *s, const char *end, int has_nl)
{
	int rc;

	if (s < end && end[-1] == '\r')
		end--;
	if (s == end || *s == '#')
		return 0;
	if (r->o->compat) {
		const char *t = s;

		cursor_skip_space(&t, end);
		if (t == end)
			return 0;
		if (!r->have_events) {
			rc = header_line(r, s, end);
			if (rc > 0)
				compat_malformed(r, s, (size_t)(end - s));
			return rc < 0 ? -1 : 0;
		}
		r->in_body = 1;
		if ((*s >= '0' && *s <= '9') || *s == '+' || *s == '-' || *s == '*') {
			rc = compat_cost_line(r, s, end, has_nl);
			if (rc <= 0)
				return rc;
		} else {
			rc = spec_line(r, s, end);
			if (rc <= 0)
				return rc;
			rc = header_line(r, s, end);
			if (rc <= 0)
				return rc;
		}
		compat_malformed(r, s, (size_t)(end - s));
		return 0;
	}
	if ((*s >= '0' && *s <= '9') || *s == '+' || *s == '-' || *s == '*') {
		r->in_body = 1;
		return cost_line(r, s, end);
	}
	if (r->pending_call)
		return rd_error(r, "calls= line is not followed by its cost line");
	if (r->pending_jump)
		return rd_error(r, "jump= line is not followed by its position line");
	rc = spec_line(r, s, end);
	if (rc == 0) {
		r->in_body = 1;
		/* Cachegrind writes fl= and fn= only. */
		if (!(end - s >= 3 && (!memcmp(s, "fl=", 3) || !memcmp(s, "fn=", 3))))
			r->callgrind_only = 1;
	}
	if (rc <= 0)
		return rc;
	rc = header_line(r, s, end);
	if (rc <= 0)
		return rc;
	{
		const char *t = s;

		cursor_skip_space(&t, end);
		if (t == end)
			return 0;
	}
	return rd_error(r, "unrecognised line '%.*s'",
			(int)((end - s) > 60 ? 60 : (end - s)), s);
}

static void reader_release(struct reader *r)
{
	size_t i, t;
	int ns;

	for (ns = 0; ns < CG_NS_NR; ns++) {
		vec_release(&r->ids[ns]);
		vec_release(&r->canon[ns]);
	}
	vec_release(&r->canon_unstripped);
	strbuf_release(&r->scratch);
	for (i = 0; i < r->nformulas; i++) {
		for (t = 0; t < r->formulas[i].nterms; t++)
			free(r->formulas[i].term[t]);
		free(r->formulas[i].name);
	}
}

/*
 * Cachegrind writes summary: as the sum of the file's cost lines (and
 * cg_annotate 3.21 checks it): a summary: that differs was cut, or the
 * lines before it were.
 */
static int check_summary(struct reader *r)
{
	const struct cg_profile *p = r->p;
	int64_t sum[CG_MAX_EVENTS];
	size_t i;

	cg_self_total(p, sum);
	for (i = 0; i < r->ncols; i++) {
		int col = r->colmap[i];
		int64_t lines = cost_sub(sum[col], r->base[col]);

		if (lines == r->file_summary[col])
			continue;
		r->lineno = r->summary_lineno;
		r->cut = r->summary_lineno == r->cut_lineno;
		return rd_error(r, "summary: has %s %lld, the cost lines sum to %lld",
				p->events[col], (long long)r->file_summary[col], (long long)lines);
	}
	return 0;
}

static void reader_start(struct reader *r, struct cg_profile *p, const char *name,
			 const struct cg_read_options *o)
{
	memset(r, 0, sizeof(*r));
	r->p = p;
	r->o = o;
	r->path = name;
	r->sign = o->sign ? o->sign : 1;
	if (r->sign < 0)
		p->negated = 1;
	r->fn_idx = -1;
	r->callee_idx = -1;
	r->npos = 1;
	r->line_col = 0;
	r->addr_col = -1;
	r->has_line = 1;
	strbuf_init(&r->scratch, 0);
	if (o->compat && p->parts.nr)
		r->part = 0;
	else
		part_new(r);
	r->first_part = r->part;
	if (!o->compat)
		cg_self_total(p, r->base);
	p->nfiles++;
}

/*
 * Reads the complete lines of buf (and, when final, the last one without a
 * newline); *used is where the unread rest begins. -1 after an error.
 */
static int reader_lines(struct reader *r, const char *buf, size_t len, int final,
			size_t *used)
{
	const char *cur = buf, *end = buf + len;

	while (cur < end) {
		const char *nl = memchr(cur, '\n', (size_t)(end - cur));
		const char *eol = nl ? nl : end;

		if (!nl && !final)
			break;
		r->lineno++;
		if ((size_t)(eol - cur) > MAX_LINE)
			return rd_error(r, "line longer than %u bytes", MAX_LINE);
		if (!nl && !r->o->compat) {
			r->cut_lineno = r->lineno;
			r->cut = 1;
		}
		if (read_line(r, cur, eol, nl != NULL) < 0)
			return -1;
		r->cut = 0;
		cur = nl ? nl + 1 : end;
	}
	if (!final && (size_t)(end - cur) > MAX_LINE) {
		r->lineno++;
		return rd_error(r, "line longer than %u bytes", MAX_LINE);
	}
	*used = (size_t)(cur - buf);
	return 0;
}

/* The checks only the end of the file can make, then the derived events. */
static int reader_finish(struct reader *r)
{
	const struct cg_read_options *o = r->o;
	int rc = 0;

	if (!o->compat) {
		/*
		 * A last line without a newline is where the file was cut, if it
		 * was: the place to point at. callgrind_annotate reads on in
		 * compat mode, whatever is missing.
		 */
		if (r->pending_call || r->pending_jump) {
			r->lineno = r->call_lineno;
			rc = rd_error(r, "file is truncated: %s line at the end has no cost line",
				      r->pending_call ? "calls=" : "jump=");
		} else if (!r->have_events && !r->lineno) {
			r->lineno = 1;
			rc = rd_error(r, "file is empty");
		} else if (!r->have_events) {
			rc = rd_error(r, r->in_body ? "no events: line" :
				      "file is truncated: it ends before its events: line");
		} else if (!r->part_events && r->part != r->first_part) {
			rc = rd_error(r, "file is truncated: its last part ends before its events: line");
		} else if (r->creator_callgrind && !r->saw_totals) {
			rc = rd_error(r, "file is truncated: callgrind ends every part with a totals: line");
		} else if (r->saw_cmd && !r->callgrind_only && r->have_events && !r->saw_summary) {
			rc = rd_error(r, "file is truncated: cachegrind ends the file with a summary: line");
		} else if (r->saw_cmd && !r->callgrind_only && r->have_events) {
			rc = check_summary(r);
		}
	}
	if (!rc && o->compat && r->have_fl)
		compat_leave_fn(r);
	if (!rc && o->compat && !r->have_events) {
		r->lineno++;
		rc = rd_error(r, "missing events line");
	}
	if (!rc && !o->compat) {
		r->lineno = 0;
		rc = apply_formulas(r);
	}
	return rc;
}

int cg_read_buffer(struct cg_profile *p, const char *name, const char *buf,
			size_t len, const struct cg_read_options *o)
{
	struct reader r;
	size_t used;
	int rc;

	reader_start(&r, p, name, o);
	rc = reader_lines(&r, buf, len, 1, &used);
	if (!rc)
		rc = reader_finish(&r);
	reader_release(&r);
	return rc;
}

/*
 * Files are read a window at a time, plain or gzip-compressed: memory
 * stays at the window (grown only for a longer line), whatever the size
 * of the file. Nothing points into the window: names are copied when
 * interned.
 */
#define WINDOW (256u << 10)

struct window {
	char *buf;
	size_t alloc, have;
};

/* Makes room for at least WINDOW more bytes, keeping what is there. */
static void window_room(struct window *w)
{
	if (w->alloc < w->have + WINDOW) {
		w->alloc = w->alloc * 2 > w->have + WINDOW ? w->alloc * 2 : w->have + WINDOW;
		w->buf = xrealloc(w->buf, w->alloc);
	}
}

/* Reads the complete lines in the window and keeps the rest for later. */
static int window_lines(struct reader *r, struct window *w, int final)
{
	size_t used;

	if (reader_lines(r, w->buf, w->have, final, &used) < 0)
		return -1;
	memmove(w->buf, w->buf + used, w->have - used);
	w->have -= used;
	return 0;
}

/* The next compressed window from fd. */
static int gz_refill(struct reader *r, int fd, z_stream *zs, unsigned char *in, int *eof)
{
	ssize_t n;

	do
		n = read(fd, in, WINDOW);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return error_errno("cannot read '%s'", r->path);
	*eof = n == 0;
	zs->next_in = in;
	zs->avail_in = (uInt)n;
	return 0;
}

static int read_gzip(struct reader *r, int fd, const unsigned char *head, size_t nhead)
{
	z_stream zs;
	struct window w = { NULL, 0, 0 };
	unsigned char *in = xmalloc(WINDOW);
	int ret = Z_OK, rc = 0, eof = 0;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
		free(in);
		return error("%s: cannot start zlib", r->path);
	}
	memcpy(in, head, nhead);
	zs.next_in = in;
	zs.avail_in = (uInt)nhead;
	for (;;) {
		if (!zs.avail_in && !eof && (rc = gz_refill(r, fd, &zs, in, &eof)) < 0)
			break;
		window_room(&w);
		zs.next_out = (unsigned char *)w.buf + w.have;
		zs.avail_out = (uInt)(w.alloc - w.have);
		ret = inflate(&zs, Z_NO_FLUSH);
		w.have = w.alloc - zs.avail_out;
		if (ret == Z_STREAM_END) {
			/* Another gzip member may follow (cat a.gz b.gz). */
			if (!zs.avail_in && !eof && (rc = gz_refill(r, fd, &zs, in, &eof)) < 0)
				break;
			if (zs.avail_in) {
				if (inflateReset(&zs) != Z_OK) {
					rc = error("%s: corrupt gzip data", r->path);
					break;
				}
				ret = Z_OK;
			}
		}
		if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR) {
			rc = error("%s: corrupt gzip data (%s)", r->path,
				   zs.msg ? zs.msg : "inflate failed");
			break;
		}
		if (ret == Z_BUF_ERROR && !zs.avail_in && eof) {
			rc = error("%s: file is truncated (gzip data ends early)", r->path);
			break;
		}
		if (window_lines(r, &w, ret == Z_STREAM_END) < 0) {
			rc = -1;
			break;
		}
		if (ret == Z_STREAM_END)
			break;
	}
	inflateEnd(&zs);
	free(in);
	free(w.buf);
	return rc;
}

static int read_plain(struct reader *r, int fd, const unsigned char *head, size_t nhead)
{
	struct window w = { NULL, 0, 0 };
	int rc = 0;

	window_room(&w);
	memcpy(w.buf, head, nhead);
	w.have = nhead;
	for (;;) {
		ssize_t n;

		window_room(&w);
		n = read(fd, w.buf + w.have, w.alloc - w.have);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = error_errno("cannot read '%s'", r->path);
			break;
		}
		w.have += (size_t)n;
		if (window_lines(r, &w, n == 0) < 0) {
			rc = -1;
			break;
		}
		if (n == 0)
			break;
	}
	free(w.buf);
	return rc;
}

int cg_read_file(struct cg_profile *p, const char *path,
		      const struct cg_read_options *o)
{
	struct stat st;
	struct reader r;
	unsigned char head[2];
	size_t nhead = 0;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_errno("cannot open '%s'", path);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return error("'%s' is not a regular file", path);
	}
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	while (nhead < sizeof(head)) {
		ssize_t n = read(fd, head + nhead, sizeof(head) - nhead);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return error_errno("cannot read '%s'", path);
		}
		if (!n)
			break;
		nhead += (size_t)n;
	}
	reader_start(&r, p, path, o);
	if (nhead == 2 && head[0] == 0x1f && head[1] == 0x8b)
		rc = read_gzip(&r, fd, head, nhead);
	else
		rc = read_plain(&r, fd, head, nhead);
	close(fd);
	if (!rc)
		rc = reader_finish(&r);
	reader_release(&r);
	return rc;
}

int cg_read_files(struct cg_profile *p, const char *const *paths, size_t n, int want_lines)
{
	struct cg_read_options ro = CG_READ_OPTIONS_INIT;
	struct strbuf cwd = STRBUF_INIT;
	size_t i;
	int rc = 0;

	cg_cwd_prefix(&cwd);
	ro.want_lines = want_lines > 0;
	ro.want_instrs = want_lines > 1;
	ro.strip_prefix = cwd.len ? cwd.buf : NULL;
	for (i = 0; i < n && !rc; i++)
		rc = cg_read_file(p, paths[i], &ro);
	strbuf_release(&cwd);
	return rc;
}
