#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "bench.h"
#include "cursor.h"
#include "fsutil.h"
#include "json.h"
#include "cg_profile.h"
#include "term.h"
#include "util.h"

const struct bench_metric_info bench_metrics[BM_COUNT] = {
	[BM_IR] = { "ir", "Instructions", "Ir" },
	[BM_L1_HITS] = { "l1-hits", "L1 Hits", NULL },
	[BM_LL_HITS] = { "ll-hits", "LL Hits", NULL },
	[BM_RAM_HITS] = { "ram-hits", "RAM Hits", NULL },
	[BM_TOTAL_RW] = { "total-rw", "Total read+write", NULL },
	[BM_EST_CYCLES] = { "est-cycles", "Estimated Cycles", NULL },
	[BM_DR] = { "dr", "Dr", "Dr" },
	[BM_DW] = { "dw", "Dw", "Dw" },
	[BM_I1MR] = { "i1mr", "I1mr", "I1mr" },
	[BM_D1MR] = { "d1mr", "D1mr", "D1mr" },
	[BM_D1MW] = { "d1mw", "D1mw", "D1mw" },
	[BM_ILMR] = { "ilmr", "ILmr", "ILmr" },
	[BM_DLMR] = { "dlmr", "DLmr", "DLmr" },
	[BM_DLMW] = { "dlmw", "DLmw", "DLmw" },
	[BM_HEAP_TOTAL_BYTES] = { "total-bytes", "Total bytes", "tb" },
	[BM_HEAP_TOTAL_BLOCKS] = { "total-blocks", "Total blocks", "tbk" },
	[BM_HEAP_GMAX_BYTES] = { "gmax-bytes", "At t-gmax bytes", "gb" },
	[BM_HEAP_GMAX_BLOCKS] = { "gmax-blocks", "At t-gmax blocks", "gbk" },
	[BM_HEAP_END_BYTES] = { "end-bytes", "At t-end bytes", "eb" },
	[BM_HEAP_END_BLOCKS] = { "end-blocks", "At t-end blocks", "ebk" },
	[BM_HEAP_READ_BYTES] = { "read-bytes", "Reads bytes", "rb" },
	[BM_HEAP_WRITE_BYTES] = { "write-bytes", "Writes bytes", "wb" },
};

int bench_metric_find(const char *key, size_t len)
{
	int i;

	for (i = 0; i < BM_COUNT; i++)
		if (strlen(bench_metrics[i].key) == len &&
		    !strncasecmp(bench_metrics[i].key, key, len))
			return i;
	return -1;
}

int bench_metrics_compute(int64_t m[BM_COUNT], const char *const *names,
			  const int64_t *ev, size_t nev)
{
	int have_ir = 0, i;
	size_t k;
	uint64_t ram, ll, rw;

	memset(m, 0, sizeof(*m) * BM_CALLGRIND_COUNT);
	for (k = 0; k < nev; k++)
		for (i = 0; i < BM_CALLGRIND_COUNT; i++)
			if (bench_metrics[i].event && !strcmp(bench_metrics[i].event, names[k])) {
				m[i] = ev[k];
				have_ir |= i == BM_IR;
			}
	if (!have_ir)
		return -1;
	/* Unsigned: a corrupt file must not make signed overflow. */
	ram = (uint64_t)m[BM_ILMR] + (uint64_t)m[BM_DLMR] + (uint64_t)m[BM_DLMW];
	ll = (uint64_t)m[BM_I1MR] + (uint64_t)m[BM_D1MR] + (uint64_t)m[BM_D1MW] - ram;
	rw = (uint64_t)m[BM_IR] + (uint64_t)m[BM_DR] + (uint64_t)m[BM_DW];
	m[BM_RAM_HITS] = (int64_t)ram;
	m[BM_LL_HITS] = (int64_t)ll;
	m[BM_TOTAL_RW] = (int64_t)rw;
	m[BM_L1_HITS] = (int64_t)(rw - ll - ram);
	m[BM_EST_CYCLES] = (int64_t)(rw - ll - ram + 5 * ll + 35 * ram);
	return 0;
}

/* ---- the summary ---- */

void bench_summary_init(struct bench_summary *s)
{
	memset(s, 0, sizeof(*s));
}

void bench_summary_release(struct bench_summary *s)
{
	vec_release(&s->results);
	arena_release(&s->arena);
	memset(s, 0, sizeof(*s));
}

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

struct bench_result *bench_summary_add(struct bench_summary *s, const char *binary,
				       const char *name)
{
	struct bench_result r;
	const char *at = strrchr(name, '@');

	memset(&r, 0, sizeof(r));
	r.binary = arena_strdup(&s->arena, binary);
	r.name = arena_strdup(&s->arena, name);
	r.bench = at ? arena_strndup(&s->arena, name, (size_t)(at - name)) : r.name;
	r.impl = at ? arena_strdup(&s->arena, at + 1) : NULL;
	vec_push(&s->results, r);
	return &s->results.v[s->results.nr - 1];
}

const struct bench_result *bench_summary_find(const struct bench_summary *s,
					      const char *binary, const char *name)
{
	size_t i;

	for (i = 0; i < s->results.nr; i++)
		if (!strcmp(s->results.v[i].name, name) &&
		    !strcmp(s->results.v[i].binary, binary))
			return &s->results.v[i];
	return NULL;
}

static void json_opt_string(struct json *j, const char *key, const char *v)
{
	json_key(j, key);
	if (v)
		json_string(j, v);
	else
		json_null(j);
}

void bench_summary_json(const struct bench_summary *s, struct strbuf *out)
{
	struct json j;
	size_t i;
	int k;

	json_init(&j, out);
	json_object_begin(&j);
	json_key(&j, "schema");
	json_string(&j, BENCH_SCHEMA);
	json_key(&j, "version");
	json_int(&j, BENCH_SCHEMA_VERSION);
	json_opt_string(&j, "tool", s->tool);
	json_opt_string(&j, "tare_version", s->tare_version);
	json_opt_string(&j, "valgrind_version", s->valgrind_version);
	json_opt_string(&j, "mode", s->mode);
	json_key(&j, "cache");
	json_object_begin(&j);
	json_opt_string(&j, "I1", s->cache[0]);
	json_opt_string(&j, "D1", s->cache[1]);
	json_opt_string(&j, "LL", s->cache[2]);
	json_object_end(&j);
	json_opt_string(&j, "started_at", s->started_at);
	json_opt_string(&j, "commit", s->commit);
	json_opt_string(&j, "branch", s->branch);
	json_key(&j, "duration");
	json_double(&j, s->duration);
	json_key(&j, "benchmarks");
	json_array_begin(&j);
	for (i = 0; i < s->results.nr; i++) {
		const struct bench_result *r = &s->results.v[i];

		json_object_begin(&j);
		json_key(&j, "binary");
		json_string(&j, r->binary);
		json_key(&j, "name");
		json_string(&j, r->name);
		json_key(&j, "bench");
		json_string(&j, r->bench);
		json_opt_string(&j, "impl", r->impl);
		json_key(&j, "status");
		json_string(&j, r->status == BS_OK ? "ok" : "failed");
		if (r->error)
			json_opt_string(&j, "error", r->error);
		json_opt_string(&j, "profile", r->profile);
		if (r->heap_profile)
			json_opt_string(&j, "heap_profile", r->heap_profile);
		if (r->unoptimized) {
			json_key(&j, "unoptimized");
			json_bool(&j, 1);
		}
		if (r->status == BS_OK && s->tool && !strcmp(s->tool, "wall")) {
			json_key(&j, "wall");
			json_object_begin(&j);
			json_key(&j, "median_ns");
			json_double(&j, r->wall_median);
			json_key(&j, "min_ns");
			json_double(&j, r->wall_min);
			json_key(&j, "max_ns");
			json_double(&j, r->wall_max);
			json_key(&j, "iterations");
			json_uint(&j, r->wall_iters);
			json_key(&j, "samples");
			json_int(&j, r->wall_samples);
			json_object_end(&j);
		} else if (r->status == BS_OK) {
			json_key(&j, "threads");
			json_int(&j, r->threads);
			json_key(&j, "metrics");
			json_object_begin(&j);
			for (k = 0; k < (r->has_heap ? BM_COUNT : BM_CALLGRIND_COUNT); k++) {
				json_key(&j, bench_metrics[k].key);
				json_int(&j, r->m[k]);
			}
			json_object_end(&j);
		}
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	strbuf_addch(out, '\n');
}

int bench_summary_write(const struct bench_summary *s, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	bench_summary_json(s, &sb);
	ret = atomic_write_file(path, sb.buf, sb.len);
	strbuf_release(&sb);
	return ret;
}

/* A string member, or NULL; -1 (with err) if it is there but no string. */
static int get_str(struct bench_summary *s, const struct json_value *obj,
		   const char *key, const char **out, const char *name,
		   struct strbuf *err)
{
	const struct json_value *v = json_get(obj, key);

	*out = NULL;
	if (!v || v->type == JSON_NULL)
		return 0;
	if (v->type != JSON_STRING) {
		strbuf_addf(err, "%s:%d:%d: \"%s\" must be a string", name, v->line,
			    v->col, key);
		return -1;
	}
	*out = arena_strdup(&s->arena, v->str);
	return 0;
}

static int get_num(const struct json_value *obj, const char *key, double *out)
{
	const struct json_value *v = json_get(obj, key);

	if (!v || v->type != JSON_NUMBER)
		return -1;
	*out = v->num;
	return 0;
}

static int parse_result(struct bench_summary *s, const struct json_value *o,
			const char *name, struct strbuf *err)
{
	const char *binary, *bname, *status;
	const struct json_value *metrics, *wall, *v;
	struct bench_result *r;
	int k;

	if (o->type != JSON_OBJECT) {
		strbuf_addf(err, "%s:%d:%d: a benchmark must be an object", name, o->line, o->col);
		return -1;
	}
	if (get_str(s, o, "binary", &binary, name, err) < 0 ||
	    get_str(s, o, "name", &bname, name, err) < 0 ||
	    get_str(s, o, "status", &status, name, err) < 0)
		return -1;
	if (!binary || !bname || !status ||
	    (strcmp(status, "ok") && strcmp(status, "failed"))) {
		strbuf_addf(err, "%s:%d:%d: a benchmark needs \"binary\", \"name\" and "
			    "\"status\" (ok or failed)", name, o->line, o->col);
		return -1;
	}
	r = bench_summary_add(s, binary, bname);
	r->status = strcmp(status, "ok") ? BS_FAILED : BS_OK;
	if (get_str(s, o, "error", &r->error, name, err) < 0 ||
	    get_str(s, o, "profile", &r->profile, name, err) < 0 ||
	    get_str(s, o, "heap_profile", &r->heap_profile, name, err) < 0)
		return -1;
	v = json_get(o, "unoptimized");
	r->unoptimized = v && v->type == JSON_BOOL && v->b;
	if (r->status != BS_OK)
		return 0;
	if ((metrics = json_get(o, "metrics"))) {
		int64_t threads;

		if (metrics->type != JSON_OBJECT) {
			strbuf_addf(err, "%s:%d:%d: \"metrics\" must be an object", name,
				    metrics->line, metrics->col);
			return -1;
		}
		/* The heap metrics are all there, or none is. */
		r->has_heap = json_get(metrics, bench_metrics[BM_HEAP_FIRST].key) != NULL;
		for (k = 0; k < (r->has_heap ? BM_COUNT : BM_CALLGRIND_COUNT); k++)
			if (json_get_int(metrics, bench_metrics[k].key, &r->m[k]) < 0) {
				strbuf_addf(err, "%s:%d:%d: metric \"%s\" is missing or not an integer",
					    name, metrics->line, metrics->col, bench_metrics[k].key);
				return -1;
			}
		if (json_get_int(o, "threads", &threads) == 0 && threads >= 0 && threads < 1000000)
			r->threads = (int)threads;
	} else if ((wall = json_get(o, "wall"))) {
		int64_t iters, samples;

		if (get_num(wall, "median_ns", &r->wall_median) < 0 ||
		    get_num(wall, "min_ns", &r->wall_min) < 0 ||
		    get_num(wall, "max_ns", &r->wall_max) < 0 ||
		    json_get_int(wall, "iterations", &iters) < 0 || iters < 0 ||
		    json_get_int(wall, "samples", &samples) < 0 || samples < 0 ||
		    samples > 1000000) {
			strbuf_addf(err, "%s:%d:%d: \"wall\" needs median_ns, min_ns, max_ns, "
				    "iterations and samples", name, wall->line, wall->col);
			return -1;
		}
		r->wall_iters = (uint64_t)iters;
		r->wall_samples = (int)samples;
	} else {
		strbuf_addf(err, "%s:%d:%d: a measured benchmark needs \"metrics\" or \"wall\"",
			    name, o->line, o->col);
		return -1;
	}
	return 0;
}

int bench_summary_parse(struct bench_summary *s, const char *buf, size_t len,
			const char *name, struct strbuf *err)
{
	struct json_doc doc = JSON_DOC_INIT;
	const struct json_value *root, *list, *cache, *v;
	int64_t version;
	size_t i;
	int ret = -1;

	strbuf_reset(err);
	if (json_parse(&doc, buf, len, name, err) < 0)
		goto out;
	root = doc.root;
	if (root->type != JSON_OBJECT || !(v = json_get(root, "schema")) ||
	    v->type != JSON_STRING || strcmp(v->str, BENCH_SCHEMA)) {
		strbuf_addf(err, "%s:1:1: not a tare bench summary (no \"schema\": \"%s\")",
			    name, BENCH_SCHEMA);
		goto out;
	}
	if (json_get_int(root, "version", &version) < 0 || version != BENCH_SCHEMA_VERSION) {
		strbuf_addf(err, "%s:1:1: summary schema version is not %d (written by "
			    "another tare?)", name, BENCH_SCHEMA_VERSION);
		goto out;
	}
	if (get_str(s, root, "tool", &s->tool, name, err) < 0 ||
	    get_str(s, root, "tare_version", &s->tare_version, name, err) < 0 ||
	    get_str(s, root, "valgrind_version", &s->valgrind_version, name, err) < 0 ||
	    get_str(s, root, "mode", &s->mode, name, err) < 0 ||
	    get_str(s, root, "started_at", &s->started_at, name, err) < 0 ||
	    get_str(s, root, "commit", &s->commit, name, err) < 0 ||
	    get_str(s, root, "branch", &s->branch, name, err) < 0)
		goto out;
	if ((cache = json_get(root, "cache")) &&
	    (get_str(s, cache, "I1", &s->cache[0], name, err) < 0 ||
	     get_str(s, cache, "D1", &s->cache[1], name, err) < 0 ||
	     get_str(s, cache, "LL", &s->cache[2], name, err) < 0))
		goto out;
	get_num(root, "duration", &s->duration);
	list = json_get(root, "benchmarks");
	if (!list || list->type != JSON_ARRAY) {
		strbuf_addf(err, "%s:1:1: \"benchmarks\" must be an array", name);
		goto out;
	}
	for (i = 0; i < list->nr; i++)
		if (parse_result(s, list->items[i], name, err) < 0)
			goto out;
	ret = 0;
out:
	json_doc_release(&doc);
	return ret;
}

int bench_summary_read(struct bench_summary *s, const char *path)
{
	struct strbuf buf = STRBUF_INIT, err = STRBUF_INIT;
	int ret;

	if (access(path, F_OK) < 0 && errno == ENOENT)
		return 1;
	if (strbuf_read_file(&buf, path, 256u << 20) < 0) {
		strbuf_release(&buf);
		return -1;
	}
	ret = bench_summary_parse(s, buf.buf, buf.len, path, &err);
	if (ret < 0)
		error("%s", err.buf);
	strbuf_release(&buf);
	strbuf_release(&err);
	return ret;
}

static void copy_result(struct bench_summary *out, const struct bench_result *r)
{
	struct bench_result *c = bench_summary_add(out, r->binary, r->name);
	const char *bench = c->bench, *impl = c->impl, *binary = c->binary,
		   *name = c->name;

	*c = *r;
	c->binary = binary;
	c->name = name;
	c->bench = bench;
	c->impl = impl;
	c->error = dup_or_null(&out->arena, r->error);
	c->profile = dup_or_null(&out->arena, r->profile);
	c->heap_profile = dup_or_null(&out->arena, r->heap_profile);
}

static void copy_header(struct bench_summary *out, const struct bench_summary *run)
{
	size_t i;

	out->tool = dup_or_null(&out->arena, run->tool);
	out->tare_version = dup_or_null(&out->arena, run->tare_version);
	out->valgrind_version = dup_or_null(&out->arena, run->valgrind_version);
	out->mode = dup_or_null(&out->arena, run->mode);
	for (i = 0; i < 3; i++)
		out->cache[i] = dup_or_null(&out->arena, run->cache[i]);
	out->started_at = dup_or_null(&out->arena, run->started_at);
	out->commit = dup_or_null(&out->arena, run->commit);
	out->branch = dup_or_null(&out->arena, run->branch);
	out->duration = run->duration;
}

void bench_summary_merge(struct bench_summary *out, const struct bench_summary *base,
			 const struct bench_summary *run)
{
	size_t i;

	copy_header(out, run);
	/* A baseline keeps what was measured: a failure does not erase it. */
	for (i = 0; base && i < base->results.nr; i++) {
		const struct bench_result *r = &base->results.v[i];
		const struct bench_result *n = bench_summary_find(run, r->binary, r->name);

		copy_result(out, n && n->status == BS_OK ? n : r);
	}
	for (i = 0; i < run->results.nr; i++) {
		const struct bench_result *r = &run->results.v[i];

		if (!base || !bench_summary_find(base, r->binary, r->name))
			copy_result(out, r);
	}
}

/* The result of l's benchmark in run, else in last (*earlier set), or NULL. */
static const struct bench_result *latest(const struct bench_summary *run,
					 const struct bench_summary *last,
					 const struct bench_result *l, int *earlier)
{
	const struct bench_result *r = bench_summary_find(run, l->binary, l->name);

	*earlier = !r;
	if (!r && last)
		r = bench_summary_find(last, l->binary, l->name);
	return r;
}

void bench_summary_report(struct bench_summary *out, const struct bench_summary *listed,
			  const struct bench_summary *run, const struct bench_summary *last)
{
	size_t i, k;

	copy_header(out, run);
	for (i = 0; i < listed->results.nr; i++) {
		const struct bench_result *l = &listed->results.v[i], *r;
		struct bench_result *m;
		int earlier;

		if ((r = latest(run, last, l, &earlier))) {
			copy_result(out, r);
			out->results.v[out->results.nr - 1].earlier = earlier;
			continue;
		}
		/*
		 * Never measured: a row beside others of its NAME/CASE (where a
		 * baseline without numbers must show), else nothing.
		 */
		for (k = 0; k < listed->results.nr; k++) {
			const struct bench_result *o = &listed->results.v[k];

			if (k != i && !strcmp(o->binary, l->binary) &&
			    !strcmp(o->bench, l->bench) && latest(run, last, o, &earlier))
				break;
		}
		if (k == listed->results.nr)
			continue;
		m = bench_summary_add(out, l->binary, l->name);
		m->status = BS_FAILED;
		m->error = "not measured yet";
		m->unoptimized = l->unoptimized;
	}
}

/* ---- limits ---- */

static int limit_set(struct bench_limits *limits, int from, int to,
		     const struct bench_limit *l)
{
	int i;

	for (i = from; i < to; i++) {
		if (l->has_soft) {
			limits->l[i].has_soft = 1;
			limits->l[i].soft = l->soft;
		}
		if (l->has_hard) {
			limits->l[i].has_hard = 1;
			limits->l[i].hard = l->hard;
		}
	}
	return 0;
}

/* One value: "5%", "-2.5%" (soft) or "1000" (hard); advances on success. */
static int parse_limit_value(const char **cur, struct bench_limit *l, struct strbuf *err)
{
	const char *p = *cur;
	char num[64];
	size_t n = strcspn(p, ",|");

	if (!n || n >= sizeof(num)) {
		strbuf_addf(err, "expected a limit (5%% or 1000) at '%.*s'", (int)(n ? n : 8), p);
		return -1;
	}
	memcpy(num, p, n);
	num[n] = '\0';
	if (num[n - 1] == '%') {
		const char *q = num;
		double v;

		if (cursor_double(&q, num + n - 1, &v) || q != num + n - 1 || !isfinite(v) ||
		    fabs(v) > 1e9) {
			strbuf_addf(err, "'%.*s' is not a percentage", (int)n, p);
			return -1;
		}
		l->has_soft = 1;
		l->soft = v;
	} else {
		const char *q = num;
		uint64_t v;

		if (cursor_u64(&q, num + n, INT64_MAX, &v) || q != num + n) {
			strbuf_addf(err, "'%.*s' is neither a percentage (5%%) nor a count (1000)",
				    (int)n, p);
			return -1;
		}
		l->has_hard = 1;
		l->hard = (int64_t)v;
	}
	*cur = p + n;
	return 0;
}

int bench_limits_parse(struct bench_limits *limits, const char *spec,
		       struct strbuf *err)
{
	const char *p = spec;

	strbuf_reset(err);
	while (*p) {
		size_t klen = strcspn(p, "=,");
		struct bench_limit l;
		int from, to;

		memset(&l, 0, sizeof(l));
		if (p[klen] != '=') {
			strbuf_addf(err, "expected METRIC=LIMIT at '%s'", p);
			return -1;
		}
		if (klen == 4 && !strncasecmp(p, "@all", 4)) {
			from = 0;
			to = BM_COUNT;
		} else if (klen == 8 && !strncasecmp(p, "@default", 8)) {
			from = 0;
			to = BM_DEFAULT_COUNT;
		} else if ((from = bench_metric_find(p, klen)) >= 0) {
			to = from + 1;
		} else {
			int k;

			strbuf_addf(err, "unknown metric '%.*s' (", (int)klen, p);
			for (k = 0; k < BM_COUNT; k++)
				strbuf_addf(err, "%s, ", bench_metrics[k].key);
			strbuf_addstr(err, "@default, @all)");
			return -1;
		}
		p += klen + 1;
		for (;;) {
			if (parse_limit_value(&p, &l, err) < 0)
				return -1;
			if (*p != '|')
				break;
			p++;
		}
		limit_set(limits, from, to, &l);
		if (*p == ',')
			p++;
		else if (*p) {
			strbuf_addf(err, "expected ',' at '%s'", p);
			return -1;
		}
	}
	return 0;
}

/* ---- comparing and printing ---- */

/*
 * gungraun's signed short numbers: 5, 4, 3, 2, 1 or 0 decimals as |x| is
 * below 10, 100, 1e3, 1e4, 1e5 or not.
 */
static void add_signed_short(struct strbuf *sb, double x)
{
	double a = fabs(x);
	int dec = a < 10 ? 5 : a < 100 ? 4 : a < 1e3 ? 3 : a < 1e4 ? 2 : a < 1e5 ? 1 : 0;

	strbuf_addf(sb, "%+.*f", dec, x);
}

static void add_centered(struct strbuf *sb, const char *s, int width)
{
	int len = (int)strlen(s), left = len < width ? (width - len) / 2 : 0;
	int right = len < width ? width - len - left : 0;

	strbuf_addf(sb, "%*s%s%*s", left, "", s, right, "");
}

/* The change columns for values as doubles; same says they are equal. */
static void format_change(struct strbuf *sb, double new_, const double *old, int same)
{
	struct strbuf pct = STRBUF_INIT, factor = STRBUF_INIT;

	if (!old) {
		strbuf_addstr(sb, "(*********)");
		return;
	}
	if (same) {
		strbuf_addstr(sb, "(No change)");
		return;
	}
	if (*old == 0) {
		strbuf_addstr(&pct, "+++inf+++");
		strbuf_addstr(&factor, "+++inf+++");
	} else {
		add_signed_short(&pct, (new_ - *old) / *old * 100.0);
		strbuf_addch(&pct, '%');
		if (new_ == 0)
			strbuf_addstr(&factor, "---inf---");
		else if (new_ > *old)
			add_signed_short(&factor, new_ / *old);
		else
			add_signed_short(&factor, -*old / new_);
		if (new_ != 0)
			strbuf_addch(&factor, 'x');
	}
	strbuf_addch(sb, '(');
	add_centered(sb, pct.buf, 9);
	strbuf_addstr(sb, ") [");
	add_centered(sb, factor.buf, 9);
	strbuf_addch(sb, ']');
	strbuf_release(&pct);
	strbuf_release(&factor);
}

void bench_format_change(struct strbuf *sb, int64_t new_, const int64_t *old)
{
	double o = old ? (double)*old : 0;

	format_change(sb, (double)new_, old ? &o : NULL, old && *old == new_);
}

static void check_limit(const struct bench_result *r, int k, const int64_t *old,
			const struct bench_compare_options *o, struct bench_compare *cmp,
			int *regressed)
{
	const struct bench_limit *l;
	struct bench_regression g;

	if (!o->limits)
		return;
	l = &o->limits->l[k];
	memset(&g, 0, sizeof(g));
	g.binary = r->binary;
	g.name = r->name;
	g.metric = k;
	g.new_ = r->m[k];
	if (l->has_hard && r->m[k] > l->hard) {
		g.hard = 1;
		g.limit_hard = l->hard;
		g.old = old ? *old : 0;
		vec_push(&cmp->regressions, g);
		*regressed = 1;
	}
	if (l->has_soft && old && *old != r->m[k]) {
		double pct = *old ? ((double)r->m[k] - (double)*old) / (double)*old * 100.0
				  : INFINITY;

		if ((l->soft >= 0 && pct > l->soft) || (l->soft < 0 && pct < l->soft)) {
			g.hard = 0;
			g.old = *old;
			g.pct = pct;
			g.limit_pct = l->soft;
			vec_push(&cmp->regressions, g);
			*regressed = 1;
		}
	}
}

/* One metric's line: label, new|old and the change columns. */
static void print_metric(FILE *out, const struct bench_result *r, int k,
			 const int64_t *ov, const struct bench_compare_options *o)
{
	const char *reset = term_color(o->color, TC_RESET), *colour = "";
	struct strbuf line = STRBUF_INIT, num = STRBUF_INIT;

	strbuf_addf(&num, "%s:", bench_metrics[k].label);
	strbuf_addf(&line, "  %-21s%20" PRId64 "|", num.buf, r->m[k]);
	strbuf_reset(&num);
	if (ov)
		strbuf_addf(&num, "%" PRId64, *ov);
	else
		strbuf_addstr(&num, "N/A");
	strbuf_addf(&line, "%-20s ", num.buf);
	if (ov && r->m[k] != *ov)
		colour = term_color(o->color, r->m[k] > *ov ? TC_BOLD_RED : TC_BOLD_GREEN);
	strbuf_addstr(&line, colour);
	bench_format_change(&line, r->m[k], ov);
	if (*colour)
		strbuf_addstr(&line, reset);
	fprintf(out, "%s\n", line.buf);
	strbuf_release(&line);
	strbuf_release(&num);
}

void bench_print_result(FILE *out, const struct bench_result *r,
			const struct bench_result *old,
			const struct bench_compare_options *o,
			struct bench_compare *cmp)
{
	const char *reset = term_color(o->color, TC_RESET);
	int k, n = o->all_metrics ? BM_CALLGRIND_COUNT : BM_DEFAULT_COUNT, regressed = 0;

	fprintf(out, "%s%s%s %s%s%s\n", term_color(o->color, TC_GREEN), r->binary, reset,
		term_color(o->color, TC_CYAN), r->name, reset);
	if (o->baseline_new || o->baseline_old)
		fprintf(out, "  %-21s%20s|%s\n", "Baselines:",
			o->baseline_new ? o->baseline_new : "", o->baseline_old ? o->baseline_old : "");
	if (r->status != BS_OK) {
		fprintf(out, "  %sFAILED%s: %s\n", term_color(o->color, TC_BOLD_RED), reset,
			r->error ? r->error : "no result");
		cmp->failed++;
		return;
	}
	if (old && old->status != BS_OK)
		old = NULL;
	/* Two tools: gungraun's headers say which numbers are whose. */
	if (r->has_heap)
		fprintf(out, "  ======= CALLGRIND ====================================================\n");
	for (k = 0; k < n; k++)
		print_metric(out, r, k, old ? &old->m[k] : NULL, o);
	if (r->has_heap) {
		fprintf(out, "  ======= DHAT =========================================================\n");
		for (k = BM_HEAP_FIRST; k < BM_COUNT; k++)
			print_metric(out, r, k, old && old->has_heap ? &old->m[k] : NULL, o);
	}
	for (k = 0; k < (r->has_heap ? BM_COUNT : BM_CALLGRIND_COUNT); k++)
		check_limit(r, k, old && (k < BM_HEAP_FIRST || old->has_heap) ? &old->m[k] : NULL,
			    o, cmp, &regressed);
	if (regressed)
		cmp->regressed++;
	else
		cmp->ok++;
}

void bench_print_summary(FILE *out, const struct bench_compare *cmp,
			 double duration, int color)
{
	const char *red = term_color(color, TC_BOLD_RED),
		   *reset = term_color(color, TC_RESET),
		   *green = term_color(color, TC_BOLD_GREEN);
	const char *prev = NULL, *prev_bin = NULL;
	size_t i, total = cmp->ok + cmp->regressed + cmp->failed;

	if (cmp->regressions.nr)
		fprintf(out, "\nRegressions:\n");
	for (i = 0; i < cmp->regressions.nr; i++) {
		const struct bench_regression *g = &cmp->regressions.v[i];
		const char *label = bench_metrics[g->metric].label;

		if (!prev || strcmp(prev, g->name) || strcmp(prev_bin, g->binary))
			fprintf(out, "\n  %s %s:\n", g->binary, g->name);
		prev = g->name;
		prev_bin = g->binary;
		if (g->hard) {
			fprintf(out, "    %s (%" PRId64 "): exceeds the hard limit of %" PRId64 "\n",
				label, g->new_, g->limit_hard);
		} else {
			struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

			if (isinf(g->pct))
				strbuf_addstr(&a, "+++inf+++");
			else
				add_signed_short(&a, g->pct);
			add_signed_short(&b, g->limit_pct);
			fprintf(out, "    %s (%" PRId64 " -> %" PRId64 "): %s%% exceeds limit of %s%%\n",
				label, g->old, g->new_, a.buf, b.buf);
			strbuf_release(&a);
			strbuf_release(&b);
		}
		if (g->grew)
			fputs(g->grew, out);
	}
	fprintf(out, "\ntare bench result: %s%s%s. %zu without regressions; %zu regressed; ",
		cmp->regressed || cmp->failed ? red : green,
		cmp->failed ? "Failed" : cmp->regressed ? "Regressed" : "Ok", reset,
		cmp->ok, cmp->regressed);
	if (cmp->failed)
		fprintf(out, "%zu failed; ", cmp->failed);
	if (duration < 0)
		fprintf(out, "%zu benchmark%s compared, none run\n", total, total == 1 ? "" : "s");
	else
		fprintf(out, "%zu benchmark%s finished in %.2fs\n", total, total == 1 ? "" : "s",
			duration);
}

void bench_compare_release(struct bench_compare *cmp)
{
	size_t i;

	for (i = 0; i < cmp->regressions.nr; i++)
		free(cmp->regressions.v[i].grew);
	vec_release(&cmp->regressions);
}

/* Bytes beyond one per character in UTF-8 text. */
static int utf8_extra(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) == 0x80;
	return n;
}

void bench_add_time(struct strbuf *sb, double ns)
{
	if (ns < 1e3)
		strbuf_addf(sb, "%.0fns", ns);
	else if (ns < 1e6)
		strbuf_addf(sb, "%.2fµs", ns / 1e3);
	else if (ns < 1e9)
		strbuf_addf(sb, "%.2fms", ns / 1e6);
	else
		strbuf_addf(sb, "%.2fs", ns / 1e9);
}

void bench_print_wall(FILE *out, const struct bench_result *r,
		      const struct bench_result *old,
		      const struct bench_compare_options *o,
		      struct bench_compare *cmp)
{
	const char *green = term_color(o->color, TC_GREEN),
		   *cyan = term_color(o->color, TC_CYAN),
		   *reset = term_color(o->color, TC_RESET),
		   *red = term_color(o->color, TC_BOLD_RED);
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	fprintf(out, "%s%s%s %s%s%s\n", green, r->binary, reset, cyan, r->name, reset);
	if (r->status != BS_OK) {
		fprintf(out, "  %sFAILED%s: %s\n", red, reset, r->error ? r->error : "no result");
		cmp->failed++;
		return;
	}
	if (old && old->status != BS_OK)
		old = NULL;
	bench_add_time(&a, r->wall_median);
	if (old)
		bench_add_time(&b, old->wall_median);
	else
		strbuf_addstr(&b, "N/A");
	/* Padded by characters, not bytes: µ takes two. */
	fprintf(out, "  %-21s%*s|%-*s ", "Time (median):", 20 + utf8_extra(a.buf), a.buf,
		20 + utf8_extra(b.buf), b.buf);
	strbuf_reset(&a);
	format_change(&a, r->wall_median, old ? &old->wall_median : NULL,
		      old && old->wall_median == r->wall_median);
	fprintf(out, "%s\n", a.buf);
	strbuf_reset(&a);
	strbuf_reset(&b);
	bench_add_time(&a, r->wall_min);
	bench_add_time(&b, r->wall_max);
	fprintf(out, "  %-21s%s .. %s (%d samples of %" PRIu64 " iterations)\n", "Spread:",
		a.buf, b.buf, r->wall_samples, r->wall_iters);
	/* Wall time is noise on shared machines: no limit applies to it. */
	cmp->ok++;
	strbuf_release(&a);
	strbuf_release(&b);
}

void bench_body_symbol(struct strbuf *sb, const char *listed)
{
	const char *impl = strrchr(listed, '@');
	size_t n = strcspn(listed, "/@");

	strbuf_addf(sb, "tare__bench_%.*s%s%s", (int)n, listed, impl ? "__" : "",
		    impl ? impl + 1 : "");
}

/*
 * Whether DHAT's frame text ("0x10AB6D: fn (file.c:12)") is in function
 * fn, or in a copy the compiler made of it (fn.isra.0, fn.lto_priv.0);
 * C++ names carry their parameters ("fn() (file.cc:12)").
 */
static int frame_is(const char *frame, const char *fn)
{
	const char *p = strstr(frame, ": ");
	size_t n = strlen(fn);

	return p && !strncmp(p + 2, fn, n) &&
	       (p[2 + n] == ' ' || p[2 + n] == '\0' || p[2 + n] == '.' || p[2 + n] == '(');
}

/* Whether the frame's function has no name: "0x10C21A: ??? (in /path/bin)". */
static int frame_unnamed(const char *frame)
{
	const char *p = strstr(frame, ": ");

	return p && !strncmp(p + 2, "??? ", 4);
}

/*
 * The frames that mark the body's allocations: the body's own, and the
 * harness's measuring function, which calls nothing else between setup
 * and teardown (include/tare.h); that one is on the stack also when the
 * body's frame is not (a body that ends in a tail call: `jmp work`).
 */
static int frame_in_body(const char *frame, const char *fn)
{
	return frame_is(frame, fn) || frame_is(frame, "tare__measure");
}

int bench_heap_compute(int64_t m[BM_COUNT], const char *dhat_json, size_t len,
		       const char *name, const char *fn, struct strbuf *err)
{
	struct json_doc doc = JSON_DOC_INIT;
	const struct json_value *ftbl, *pps;
	unsigned char *in_body = NULL, *below_main = NULL;
	size_t i, k;
	int ret = -1, matched = 0, main_unnamed = 0;

	strbuf_reset(err);
	if (json_parse(&doc, dhat_json, len, name, err) < 0)
		goto out;
	ftbl = json_get(doc.root, "ftbl");
	pps = json_get(doc.root, "pps");
	if (!ftbl || ftbl->type != JSON_ARRAY || !pps || pps->type != JSON_ARRAY) {
		strbuf_addf(err, "%s:1:1: no \"ftbl\" and \"pps\" arrays: not DHAT's heap output",
			    name);
		goto out;
	}
	in_body = xcalloc(ftbl->nr + 1, 1);
	below_main = xcalloc(ftbl->nr + 1, 1);
	for (i = 0; i < ftbl->nr; i++) {
		const char *f = ftbl->items[i]->type == JSON_STRING ? ftbl->items[i]->str : NULL;

		in_body[i] = f && frame_in_body(f, fn);
		below_main[i] = f && frame_is(f, "(below main)");
		matched |= in_body[i];
	}
	for (k = BM_HEAP_FIRST; k < BM_COUNT; k++)
		m[k] = 0;
	for (i = 0; i < pps->nr; i++) {
		const struct json_value *pp = pps->items[i], *fs = json_get(pp, "fs");
		int mine = 0;
		size_t f;

		for (f = 0; fs && fs->type == JSON_ARRAY && f < fs->nr && !mine; f++) {
			const struct json_value *x = fs->items[f];
			int64_t at;

			if (x->type != JSON_NUMBER || !x->is_int || x->i < 0 ||
			    (uint64_t)x->i >= ftbl->nr)
				continue;
			mine = in_body[x->i];
			/*
			 * The frame that called (below main) is main, which is
			 * in the executable: unnamed, so is all of it (stripped).
			 */
			if (below_main[x->i] && f > 0 && fs->items[f - 1]->type == JSON_NUMBER &&
			    fs->items[f - 1]->is_int && (at = fs->items[f - 1]->i) >= 0 &&
			    (uint64_t)at < ftbl->nr && ftbl->items[at]->type == JSON_STRING &&
			    frame_unnamed(ftbl->items[at]->str))
				main_unnamed = 1;
		}
		if (!mine)
			continue;
		for (k = BM_HEAP_FIRST; k < BM_COUNT; k++) {
			int64_t v;

			/* DHAT leaves out what a mode does not count (reads and writes). */
			if (json_get_int(pp, bench_metrics[k].event, &v) == 0 && v > 0)
				m[k] = cost_add(m[k], v);
		}
	}
	ret = main_unnamed && !matched;
out:
	free(in_body);
	free(below_main);
	json_doc_release(&doc);
	return ret;
}
