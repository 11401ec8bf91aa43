/*
 * html_report.c: the page's data (JSON), flame graphs (SVG) and shell;
 * src/assets/report.js draws the views from the data.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "assets.h"
#include "cursor.h"
#include "cg_diff.h"
#include "cg_flame.h"
#include "cmd.h"
#include "flame_svg.h"
#include "html_report.h"
#include "spawn.h"
#include "util.h"

/*
 * A page's flame graph keeps its widest frames, at most this many: each is
 * an SVG element the browser lays out, and a graph of 4,000 frames is drawn
 * in a fraction of a second (bench/RESULTS.md); `tare flamegraph` has all.
 */
#define PAGE_FRAMES 4000

/* Sources larger than this are not shown: a page stays a few MB. */
#define SOURCE_MAX (8u << 20)

void html_report_init(struct html_report *r, const char *title)
{
	memset(r, 0, sizeof(*r));
	strbuf_init(&r->data, 0);
	strbuf_init(&r->svgs, 0);
	json_init(&r->j, &r->data);
	r->title = xstrdup(title);
	json_object_begin(&r->j);
	json_key(&r->j, "title");
	json_string(&r->j, title);
	json_key(&r->j, "version");
	json_string(&r->j, TARE_VERSION_STRING);
	json_key(&r->j, "tables");
	json_array_begin(&r->j);
}

void html_report_release(struct html_report *r)
{
	strbuf_release(&r->data);
	strbuf_release(&r->svgs);
	free(r->title);
	memset(r, 0, sizeof(*r));
}

void html_report_add_table(struct html_report *r, const char *title, const struct strvec *columns,
			   const struct strvec *cells)
{
	struct json *j = &r->j;
	size_t i, k;

	json_object_begin(j);
	json_key(j, "title");
	json_string(j, title);
	json_key(j, "columns");
	json_array_begin(j);
	for (i = 0; i < columns->nr; i++)
		json_string(j, columns->v[i]);
	json_array_end(j);
	json_key(j, "rows");
	json_array_begin(j);
	for (i = 0; columns->nr && i + columns->nr <= cells->nr; i += columns->nr) {
		json_array_begin(j);
		for (k = 0; k < columns->nr; k++)
			json_string(j, cells->v[i + k]);
		json_array_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}

/* The views come after the tables: the first view closes the tables' list. */
static void view_begin(struct html_report *r, const char *kind, const char *name)
{
	if (!r->nviews) {
		json_array_end(&r->j);
		json_key(&r->j, "views");
		json_array_begin(&r->j);
	}
	json_object_begin(&r->j);
	json_key(&r->j, "kind");
	json_string(&r->j, kind);
	json_key(&r->j, "name");
	json_string(&r->j, name);
	json_key(&r->j, "flame");
	json_uint(&r->j, r->nviews);
}

static void view_end(struct html_report *r)
{
	json_object_end(&r->j);
	r->nviews++;
}

/*
 * A view's strings, each once: with --separate-callers every function's
 * name carries its callers (f'g'h, eight deep and a kilobyte of C++ each),
 * so a name goes out as the numbers of its parts, split at the quotes, and
 * files and objects as numbers too. The page joins them back.
 */
struct names {
	struct arena arena;
	struct cg_names n;	/* the profile reader's interning */
};

static void names_init(struct names *t)
{
	memset(t, 0, sizeof(*t));
}

static void names_release(struct names *t)
{
	cg_names_release(&t->n);
	arena_release(&t->arena);
}

static uint32_t names_id(struct names *t, const char *s, size_t len)
{
	return cg_names_intern(&t->n, &t->arena, s, len);
}

/* A string as its number. */
static void names_string(struct json *j, struct names *t, const char *s)
{
	json_uint(j, names_id(t, s, strlen(s)));
}

/* A function's name as the numbers of its parts: [f, g, h] for f'g'h. */
static void names_function(struct json *j, struct names *t, const char *name)
{
	const char *q;

	json_array_begin(j);
	while ((q = strchr(name, '\''))) {
		json_uint(j, names_id(t, name, (size_t)(q - name)));
		name = q + 1;
	}
	json_uint(j, names_id(t, name, strlen(name)));
	json_array_end(j);
}

static void names_write(struct json *j, const struct names *t)
{
	size_t i;

	json_key(j, "names");
	json_array_begin(j);
	for (i = 0; i < t->n.nr; i++)
		json_string(j, t->n.v[i]);
	json_array_end(j);
}

static void costs_write(struct json *j, const int64_t *v, size_t n)
{
	size_t e;

	json_array_begin(j);
	for (e = 0; e < n; e++)
		json_int(j, v[e]);
	json_array_end(j);
}

static void events_write(struct json *j, const struct cg_profile *p)
{
	int64_t total[CG_MAX_EVENTS];
	size_t e;
	int calculated;

	json_key(j, "events");
	json_array_begin(j);
	for (e = 0; e < p->nevents; e++)
		json_string(j, p->events[e]);
	json_array_end(j);
	cg_total(p, total, &calculated);
	json_key(j, "totals");
	costs_write(j, total, p->nevents);
}

static void string_or_null(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	if (s && *s)
		json_string(j, s);
	else
		json_null(j);
}

static void header_write(struct json *j, const struct cg_profile *p)
{
	size_t i, k;

	json_key(j, "parts");
	json_array_begin(j);
	for (i = 0; i < p->parts.nr; i++) {
		const struct cg_part *pt = &p->parts.v[i];

		json_object_begin(j);
		string_or_null(j, "file", pt->path);
		string_or_null(j, "cmd", pt->cmd);
		string_or_null(j, "creator", pt->creator);
		string_or_null(j, "pid", pt->pid);
		string_or_null(j, "part", pt->part);
		string_or_null(j, "thread", pt->thread);
		json_key(j, "desc");
		json_array_begin(j);
		for (k = 0; k < pt->desc.nr; k++)
			json_string(j, pt->desc.v[k]);
		json_array_end(j);
		json_object_end(j);
	}
	json_array_end(j);
}

/* The share of some event's total a row has, the largest: what ranks it. */
static double row_share(const int64_t *a, const int64_t *b, const int64_t *total, size_t ne)
{
	double best = 0;
	size_t e;

	for (e = 0; e < ne; e++) {
		double t = total[e] ? (double)cost_abs(total[e]) : 1.0;
		double v = (double)(cost_abs(a[e]) > cost_abs(b[e]) ? cost_abs(a[e]) : cost_abs(b[e]));

		if (v / t > best)
			best = v / t;
	}
	return best;
}

struct ranked {
	uint32_t i;
	double share;
};

static int ranked_cmp(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;

	if (a->share != b->share)
		return a->share < b->share ? 1 : -1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Where the source file name is (as named, or in an include folder): 0, or -1. */
static int source_find(const char *name, const char *const *dirs, struct strbuf *path)
{
	size_t k;

	for (k = 0; k == 0 || (dirs && dirs[k - 1] && name[0] != '/'); k++) {
		struct stat st;

		strbuf_reset(path);
		if (k)
			strbuf_addf(path, "%s/", dirs[k - 1]);
		strbuf_addstr(path, name);
		if (!stat(path->buf, &st) && S_ISREG(st.st_mode) && (size_t)st.st_size <= SOURCE_MAX &&
		    !access(path->buf, R_OK))
			return 0;
	}
	return -1;
}

/* A source file's text: NULL when it is not found, or is too large. */
static char *source_read(const char *name, const char *const *dirs, size_t *len)
{
	struct strbuf path = STRBUF_INIT, sb = STRBUF_INIT;
	char *buf = NULL;

	if (!source_find(name, dirs, &path) && strbuf_read_file(&sb, path.buf, SOURCE_MAX) == 0)
		buf = strbuf_detach(&sb, len);
	strbuf_release(&path);
	strbuf_release(&sb);
	return buf;
}

/* One source file's line costs: line number and a cost row, or two (a diff). */
struct src_line {
	int64_t line;
	uint32_t row, old_row;
};

static int src_line_cmp(const void *x, const void *y)
{
	const struct src_line *a = x, *b = y;

	return a->line < b->line ? -1 : a->line > b->line;
}

/*
 * A file's lines with cost and context lines around them, each
 * [number, text, costs] (a diff: [number, text, old costs, new costs]);
 * the lines past the file's end, or that it could not be read for, have
 * null text.
 */
static void source_write(struct json *j, const char *name, struct src_line *lines, size_t n,
			 const struct cg_profile *p, const struct cg_profile *old,
			 const struct html_report_options *o)
{
	size_t len = 0, i, nl, shown = 0;
	char *text = source_read(name, o->include_dirs, &len);
	VEC(const char *) starts = VEC_INIT;
	VEC(size_t) lens = VEC_INIT;
	int64_t next = 1;
	static const int64_t zero[CG_MAX_EVENTS];

	qsort(lines, n, sizeof(*lines), src_line_cmp);
	for (i = 0; text && i < len; ) {
		const char *eol = memchr(text + i, '\n', len - i);
		size_t l = eol ? (size_t)(eol - (text + i)) : len - i;

		vec_push(&starts, text + i);
		vec_push(&lens, l);
		i += l + 1;
	}
	nl = starts.nr;
	json_object_begin(j);
	json_key(j, "name");
	json_string(j, name);
	json_key(j, "found");
	json_bool(j, text != NULL);
	json_key(j, "lines");
	json_array_begin(j);
	shown = 0;
	for (i = 0; i < n && shown < 5000; i++) {
		int64_t from = lines[i].line - (int64_t)o->context, l;

		if (from < next)
			from = next;
		if (!text || lines[i].line <= 0)
			from = lines[i].line;
		for (l = from; l < lines[i].line && shown < 5000; l++, shown++) {
			json_array_begin(j);
			json_int(j, l);
			if (l >= 1 && (size_t)l <= nl)
				json_string_n(j, starts.v[l - 1], lens.v[l - 1]);
			else
				json_null(j);
			json_array_end(j);
		}
		json_array_begin(j);
		json_int(j, lines[i].line);
		if (text && lines[i].line >= 1 && (size_t)lines[i].line <= nl)
			json_string_n(j, starts.v[lines[i].line - 1], lens.v[lines[i].line - 1]);
		else
			json_null(j);
		if (old)
			costs_write(j, lines[i].old_row != UINT32_MAX ? cg_cost(old, lines[i].old_row) : zero,
				    old->nevents);
		costs_write(j, lines[i].row != UINT32_MAX ? cg_cost(p, lines[i].row) : zero, p->nevents);
		json_array_end(j);
		shown++;
		next = lines[i].line + 1;
		/* The context after it, up to the next line with cost. */
		if (text && lines[i].line >= 1) {
			int64_t until = lines[i].line + (int64_t)o->context;

			if (i + 1 < n && lines[i + 1].line - 1 < until)
				until = lines[i + 1].line - 1;
			for (l = next; l <= until && (size_t)l <= nl && shown < 5000; l++, shown++) {
				json_array_begin(j);
				json_int(j, l);
				json_string_n(j, starts.v[l - 1], lens.v[l - 1]);
				json_array_end(j);
			}
			if (l > next)
				next = l;
		}
	}
	json_array_end(j);
	json_object_end(j);
	vec_release(&starts);
	vec_release(&lens);
	free(text);
}

/* Per file id of p, its lines with cost, for the files worth showing. */
static void sources_write(struct json *j, const struct cg_profile *p, const struct cg_profile *old,
			  const uint32_t *files, size_t nfiles, struct strvec *missing,
			  const struct html_report_options *o)
{
	size_t f, i;

	json_key(j, "missing");
	json_array_begin(j);
	for (i = 0; i < missing->nr; i++)
		json_string(j, missing->v[i]);
	json_array_end(j);
	strvec_clear(missing);

	json_key(j, "files");
	json_array_begin(j);
	for (f = 0; f < nfiles; f++) {
		const char *name = cg_name(p, CG_FILE, files[f]);
		VEC(struct src_line) lines = VEC_INIT;
		uint32_t old_file = UINT32_MAX;

		if (old) {
			for (i = 0; i < old->names[CG_FILE].nr; i++)
				if (!strcmp(cg_name(old, CG_FILE, (uint32_t)i), name))
					old_file = (uint32_t)i;
		}
		for (i = 0; i < p->lines.nr; i++)
			if (p->lines.v[i].file == files[f])
				vec_push(&lines, ((struct src_line){ p->lines.v[i].line, p->lines.v[i].row,
								     UINT32_MAX }));
		if (old && old_file != UINT32_MAX) {
			for (i = 0; i < old->lines.nr; i++) {
				const struct cg_line *ol = &old->lines.v[i];
				size_t k;

				if (ol->file != old_file)
					continue;
				for (k = 0; k < lines.nr && lines.v[k].line != ol->line; k++)
					;
				if (k == lines.nr)
					vec_push(&lines, ((struct src_line){ ol->line, UINT32_MAX, ol->row }));
				else
					lines.v[k].old_row = ol->row;
			}
		}
		source_write(j, name, lines.v, lines.nr, p, old, o);
		vec_release(&lines);
	}
	json_array_end(j);
}

/*
 * The source files of the costliest functions (by the primary event's self
 * cost) that can be read, at most max, into out; the costliest that cannot
 * into missing, as many.
 */
static size_t files_pick(const struct cg_profile *p, int col, const struct html_report_options *o,
			 uint32_t *out, struct strvec *missing)
{
	size_t nf = p->names[CG_FILE].nr, i, n = 0;
	struct ranked *r = xcalloc(nf + 1, sizeof(*r));
	struct strbuf path = STRBUF_INIT;

	for (i = 0; i < nf; i++)
		r[i].i = (uint32_t)i;
	for (i = 0; i < p->fns.nr; i++)
		r[p->fns.v[i].file].share += (double)cost_abs(cg_cost(p, p->fns.v[i].row)[col]);
	qsort(r, nf, sizeof(*r), ranked_cmp);
	for (i = 0; i < nf && n < o->max_files; i++) {
		const char *name = cg_name(p, CG_FILE, r[i].i);

		if (r[i].share <= 0)
			break;
		if (!*name || !strcmp(name, "???"))
			continue;
		if (!source_find(name, o->include_dirs, &path))
			out[n++] = r[i].i;
		else if (missing->nr < o->max_files)
			strvec_push(missing, name);
	}
	strbuf_release(&path);
	free(r);
	return n;
}

/* Runs argv, its output into out: 0, or -1 when it did not exit 0. */
static int capture(const char *const *argv, struct strbuf *out)
{
	struct child c = CHILD_INIT;
	int status;

	strvec_pushv(&c.args, (const char **)argv);
	c.in = CHILD_DEVNULL;
	strbuf_reset(out);
	status = child_capture(&c, out);
	child_release(&c);
	return status == 0 ? 0 : -1;
}

/* The address of the symbol name in obj (nm's, demangled), or -1. */
static int symbol_address(const char *obj, const char *name, size_t len, struct strbuf *nm,
			  uint64_t *addr)
{
	const char *argv[][6] = {
		{ "nm", "-C", "--defined-only", obj, NULL },
		{ "nm", "-C", "-D", "--defined-only", obj, NULL },
	};
	size_t k;

	for (k = 0; k < ARRAY_SIZE(argv); k++) {
		const char *s, *end;

		if (capture(argv[k], nm) < 0)
			continue;
		/* "0000000000001149 T leaf": an address, a type letter, the name. */
		for (s = nm->buf, end = nm->buf + nm->len; s < end; ) {
			const char *eol = memchr(s, '\n', (size_t)(end - s)), *sp;

			if (!eol)
				eol = end;
			sp = memchr(s, ' ', (size_t)(eol - s));
			if (sp && sp + 3 < eol && sp[2] == ' ' && (size_t)(eol - (sp + 3)) == len &&
			    !memcmp(sp + 3, name, len)) {
				const char *a = s;

				if (!cursor_hex(&a, sp, 16, addr) && a == sp)
					return 0;
			}
			s = eol + 1;
		}
	}
	return -1;
}

/*
 * The disassembly of the costliest functions whose instructions the
 * profile has (callgrind --dump-instr=yes), from objdump, each instruction
 * with its cost: {fn, name, object, lines: [[address, text, costs|0]]}.
 * The profiled process's addresses are the object's plus where it was
 * loaded, which the function's first instruction tells: a function is
 * entered at its symbol.
 */
static void asm_write(struct json *j, const struct cg_profile *p, const struct ranked *rank,
		      size_t n, const uint32_t *ids)
{
	struct strbuf nm = STRBUF_INIT, out = STRBUF_INIT, a1 = STRBUF_INIT, a2 = STRBUF_INIT;
	size_t i, shown = 0, ne = p->nevents;
	int have = !spawn_find_program("objdump", &nm) && !spawn_find_program("nm", &nm);

	json_key(j, "asm_note");
	if (!p->instrs.nr)
		json_string(j, "The profile has no instruction costs (callgrind --dump-instr=yes records them).");
	else if (!have)
		json_string(j, "objdump is not installed here (Debian's binutils): no disassembly.");
	else
		json_null(j);
	json_key(j, "asm");
	json_array_begin(j);
	for (i = 0; have && i < n && shown < 10; i++) {
		uint32_t fi = rank[i].i, obj = p->fns.v[fi].obj;
		const char *name = cg_name(p, CG_FN, p->fns.v[fi].name);
		const char *objname = cg_name(p, CG_OBJ, obj);
		uint64_t lo = UINT64_MAX, hi = 0, sym, base;
		size_t k, lines = 0;
		const char *s, *end;

		for (k = 0; k < p->instrs.nr; k++) {
			const struct cg_instr *in = &p->instrs.v[k];

			if (in->fn != fi)
				continue;
			if (in->addr < lo)
				lo = in->addr;
			if (in->addr > hi)
				hi = in->addr;
		}
		if (lo > hi || !*objname || access(objname, R_OK) ||
		    symbol_address(objname, name, flame_name_len(name), &nm, &sym) < 0 || sym > lo ||
		    hi - lo > (1u << 20))
			continue;
		base = lo - sym;
		strbuf_reset(&a1);
		strbuf_reset(&a2);
		strbuf_addf(&a1, "--start-address=0x%llx", (unsigned long long)sym);
		strbuf_addf(&a2, "--stop-address=0x%llx", (unsigned long long)(hi - base + 1));
		if (capture((const char *[]){ "objdump", "-d", "--no-show-raw-insn", "-C", "-w", a1.buf,
					      a2.buf, objname, NULL }, &out) < 0)
			continue;
		shown++;
		json_object_begin(j);
		json_key(j, "fn");
		json_uint(j, ids[fi]);
		json_key(j, "name");
		json_string_n(j, name, flame_name_len(name));
		json_key(j, "object");
		json_string(j, objname);
		json_key(j, "lines");
		json_array_begin(j);
		/* "    1149:\tendbr64": an address, a colon, a tab, the instruction. */
		for (s = out.buf, end = out.buf + out.len; s < end && lines < 3000; ) {
			const char *eol = memchr(s, '\n', (size_t)(end - s)), *a = s;
			uint64_t vma;

			if (!eol)
				eol = end;
			while (a < eol && *a == ' ')
				a++;
			if (!cursor_hex(&a, eol, 16, &vma) && a + 1 < eol && a[0] == ':' && a[1] == '\t') {
				uint32_t in = cg_index_lookup(&p->instr_index, obj, vma + base, 2);
				char hex[24];

				snprintf(hex, sizeof(hex), "%llx", (unsigned long long)(vma + base));
				json_array_begin(j);
				json_string(j, hex);
				json_string_n(j, a + 2, (size_t)(eol - (a + 2)));
				if (in != UINT32_MAX)
					costs_write(j, cg_cost(p, p->instrs.v[in].row), ne);
				else
					json_int(j, 0);
				json_array_end(j);
				lines++;
			}
			s = eol + 1;
		}
		json_array_end(j);
		json_object_end(j);
	}
	json_array_end(j);
	strbuf_release(&nm);
	strbuf_release(&out);
	strbuf_release(&a1);
	strbuf_release(&a2);
}

static int flame_add(struct html_report *r, struct flame *f, const uint32_t *ids, const char *title)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	struct flame_svg_options so = { .title = title, .embedded = 1, .fn_ids = ids };

	if (!mem)
		return error_errno("cannot make the flame graph");
	flame_write_svg(f, &so, mem);
	fclose(mem);
	strbuf_addf(&r->svgs, "<div class=\"flame\" id=\"flame-%zu\" hidden>\n", r->nviews);
	strbuf_add(&r->svgs, buf, len);
	strbuf_addstr(&r->svgs, "</div>\n");
	free(buf);
	return 0;
}

int html_report_add_profile(struct html_report *r, const char *name, const char *note,
			    const struct cg_profile *p, const struct html_report_options *o)
{
	struct json *j = &r->j;
	size_t nf = p->fns.nr, ne = p->nevents, i, n = 0, e;
	struct ranked *rank;
	uint32_t *ids, *files;
	int64_t *incl, total[CG_MAX_EVENTS], rest[CG_MAX_EVENTS];
	uint64_t *called;
	struct strvec missing = STRVEC_INIT;
	size_t rest_n = 0, nfiles;
	struct flame f;
	struct flame_options fo = FLAME_OPTIONS_INIT;
	struct names names;
	int calculated, col = o->event ? cg_event(p, o->event) : 0;

	if (col < 0)
		return error("event '%s' is not in %s", o->event, name);
	if (!ne)
		return error("%s has no events", name);
	fo.event = p->events[col];
	fo.min_percent = o->min_percent;
	fo.max_frames = PAGE_FRAMES;
	if (flame_build(&f, p, &fo) < 0)
		return -1;
	incl = cg_inclusive(p);
	cg_total(p, total, &calculated);
	rank = xcalloc(nf + 1, sizeof(*rank));
	ids = xmalloc((nf + 1) * sizeof(*ids));
	called = xcalloc(nf + 1, sizeof(*called));
	for (i = 0; i < p->calls.nr; i++)
		called[p->calls.v[i].callee] += p->calls.v[i].count;
	for (i = 0; i < nf; i++) {
		rank[i].i = (uint32_t)i;
		rank[i].share = row_share(cg_cost(p, p->fns.v[i].row), incl + i * ne, total, ne);
		ids[i] = UINT32_MAX;
	}
	qsort(rank, nf, sizeof(*rank), ranked_cmp);
	memset(rest, 0, sizeof(rest));
	for (i = 0; i < nf; i++) {
		if (n < o->max_functions && rank[i].share * 100 >= o->min_percent && rank[i].share > 0) {
			ids[rank[i].i] = (uint32_t)n++;
			continue;
		}
		rest_n++;
		for (e = 0; e < ne; e++)
			rest[e] = cost_add(rest[e], cg_cost(p, p->fns.v[rank[i].i].row)[e]);
	}
	view_begin(r, "profile", name);
	string_or_null(j, "note", note);
	events_write(j, p);
	json_key(j, "primary");
	json_int(j, col);
	json_key(j, "calculated");
	json_bool(j, calculated);
	header_write(j, p);
	files = xmalloc((o->max_files + 1) * sizeof(*files));
	nfiles = files_pick(p, col, o, files, &missing);
	names_init(&names);
	json_key(j, "fns");
	json_array_begin(j);
	for (i = 0; i < n; i++) {
		uint32_t fi = rank[i].i;
		const struct cg_fn *fn = &p->fns.v[fi];
		size_t k;
		int src = -1;

		for (k = 0; k < nfiles; k++)
			if (files[k] == fn->file)
				src = (int)k;
		json_array_begin(j);
		names_function(j, &names, cg_name(p, CG_FN, fn->name));
		names_string(j, &names, cg_name(p, CG_FILE, fn->file));
		names_string(j, &names, cg_name(p, CG_OBJ, fn->obj));
		costs_write(j, cg_cost(p, fn->row), ne);
		costs_write(j, incl + fi * ne, ne);
		json_uint(j, called[fi]);
		json_int(j, src);
		json_array_end(j);
	}
	json_array_end(j);
	json_key(j, "rest");
	json_object_begin(j);
	json_key(j, "count");
	json_uint(j, rest_n);
	json_key(j, "self");
	costs_write(j, rest, ne);
	json_object_end(j);
	json_key(j, "calls");
	json_array_begin(j);
	for (i = 0; i < p->calls.nr; i++) {
		const struct cg_call *c = &p->calls.v[i];

		if (ids[c->caller] == UINT32_MAX || ids[c->callee] == UINT32_MAX)
			continue;
		json_array_begin(j);
		json_uint(j, ids[c->caller]);
		json_uint(j, ids[c->callee]);
		json_uint(j, c->count);
		costs_write(j, cg_cost(p, c->row), ne);
		json_array_end(j);
	}
	json_array_end(j);
	sources_write(j, p, NULL, files, nfiles, &missing, o);
	asm_write(j, p, rank, n, ids);
	names_write(j, &names);
	names_release(&names);
	flame_add(r, &f, ids, name);
	view_end(r);
	flame_release(&f);
	free(files);
	free(rank);
	free(ids);
	free(called);
	free(incl);
	return 0;
}

int html_report_add_diff(struct html_report *r, const char *name, const char *old_path,
			 const char *new_path, const struct cg_profile *old,
			 const struct cg_profile *new_, const struct html_report_options *o)
{
	struct json *j = &r->j;
	struct diff d;
	struct flame f;
	struct flame_options fo = FLAME_OPTIONS_INIT;
	uint32_t *files;
	size_t i, e, nfiles, n = 0;
	struct ranked *rank;
	struct strvec missing = STRVEC_INIT;
	struct names names;

	if (diff_compute(&d, old, new_, o->event) < 0)
		return -1;
	fo.event = d.events[0];
	fo.min_percent = o->min_percent;
	fo.max_frames = PAGE_FRAMES;
	if (flame_build_diff(&f, old, new_, &fo) < 0) {
		diff_release(&d);
		return -1;
	}
	view_begin(r, "diff", name);
	string_or_null(j, "old", old_path);
	string_or_null(j, "new", new_path);
	json_key(j, "events");
	json_array_begin(j);
	for (e = 0; e < d.nevents; e++)
		json_string(j, d.events[e]);
	json_array_end(j);
	json_key(j, "old_totals");
	costs_write(j, d.old_total, d.nevents);
	json_key(j, "new_totals");
	costs_write(j, d.new_total, d.nevents);
	json_key(j, "parts");
	json_array_begin(j);
	json_array_end(j);
	rank = xcalloc(d.nrows + 1, sizeof(*rank));
	for (i = 0; i < d.nrows; i++) {
		const struct diff_row *dr = &d.rows[i];
		int64_t ch[CG_MAX_EVENTS], chi[CG_MAX_EVENTS];

		for (e = 0; e < d.nevents; e++) {
			ch[e] = cost_sub(dr->new_self[e], dr->old_self[e]);
			chi[e] = cost_sub(dr->new_incl[e], dr->old_incl[e]);
		}
		rank[i].i = (uint32_t)i;
		rank[i].share = row_share(ch, chi, d.old_total, d.nevents);
	}
	qsort(rank, d.nrows, sizeof(*rank), ranked_cmp);
	names_init(&names);
	json_key(j, "rows");
	json_array_begin(j);
	for (i = 0; i < d.nrows && n < o->max_functions; i++) {
		const struct diff_row *dr = &d.rows[rank[i].i];

		if (rank[i].share <= 0 && n >= 100)
			break;
		n++;
		json_array_begin(j);
		names_function(j, &names, dr->function);
		names_string(j, &names, dr->file);
		names_string(j, &names, dr->object);
		json_int(j, dr->in_old);
		json_int(j, dr->in_new);
		costs_write(j, dr->old_self, d.nevents);
		costs_write(j, dr->new_self, d.nevents);
		costs_write(j, dr->old_incl, d.nevents);
		costs_write(j, dr->new_incl, d.nevents);
		json_array_end(j);
	}
	json_array_end(j);
	json_key(j, "rest");
	json_object_begin(j);
	json_key(j, "count");
	json_uint(j, d.nrows - n);
	json_object_end(j);
	files = xmalloc((o->max_files + 1) * sizeof(*files));
	nfiles = files_pick(new_, cg_event(new_, d.events[0]), o, files, &missing);
	sources_write(j, new_, old, files, nfiles, &missing, o);
	names_write(j, &names);
	names_release(&names);
	flame_add(r, &f, NULL, name);
	view_end(r);
	free(files);
	free(rank);
	flame_release(&f);
	diff_release(&d);
	return 0;
}

/* The data as a script element's text: no "<" that could end it. */
static void data_write(const struct strbuf *data, FILE *out)
{
	const char *s = data->buf, *end = data->buf + data->len, *lt;

	while ((lt = memchr(s, '<', (size_t)(end - s)))) {
		fwrite(s, 1, (size_t)(lt - s), out);
		fputs("\\u003c", out);
		s = lt + 1;
	}
	fwrite(s, 1, (size_t)(end - s), out);
}

int html_report_write(struct html_report *r, FILE *out)
{
	struct strbuf t = STRBUF_INIT;

	if (!r->nviews) {
		json_array_end(&r->j);
		json_key(&r->j, "views");
		json_array_begin(&r->j);
	}
	json_array_end(&r->j);
	json_object_end(&r->j);
	strbuf_add_xml_escaped(&t, r->title, strlen(r->title), 0);
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		"script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
		"<title>%s</title>\n<style>\n", t.buf);
	fputs(tare_asset_report_css, out);
	fputs("</style>\n</head>\n<body>\n<noscript>This page needs JavaScript.</noscript>\n"
	      "<div id=\"app\"></div>\n<div id=\"flames\" hidden>\n", out);
	fwrite(r->svgs.buf, 1, r->svgs.len, out);
	fputs("</div>\n<script type=\"application/json\" id=\"tare-data\">", out);
	data_write(&r->data, out);
	fputs("</script>\n<script>\n", out);
	fputs(tare_asset_flame_js, out);
	fputs(tare_asset_report_js, out);
	fputs("</script>\n</body>\n</html>\n", out);
	strbuf_release(&t);
	return 0;
}
