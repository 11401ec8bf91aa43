/*
 * libFuzzer target for the profile reader (cg_read.c), in both its
 * modes, and for what reads the model: tare annotate's report (compat and
 * default, with call trees), tare diff of the input with itself, and the
 * flame tree (no frame wider than its parent, nor its children wider
 * together) with its folded, speedscope, SVG and HTML forms.
 * `make fuzz` seeds it from fuzz/corpus/callgrind, tests/annotate/profiles
 * and, when there is one, the corpus of third-party profiles TARE_CORPUS names.
 *
 * The reader's file path (read() windows, and zlib for gzip) is fuzzed
 * too, through a memfd: an input with the gzip magic is read only that
 * way; any other is also read as a file, plain and gzip-compressed, which
 * must give what the buffer gave, and compressed and cut short, which
 * must fail.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "cg_annotate.h"
#include "cg_diff.h"
#include "cg_flame.h"
#include "cg_profile.h"
#include "flame_svg.h"
#include "html_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

static void check_model(const struct cg_profile *p)
{
	size_t i;

	check(p->nevents <= CG_MAX_EVENTS && p->nevents <= p->stride);
	for (i = 0; i < p->fns.nr; i++) {
		check(p->fns.v[i].row < p->nrows);
		check(p->fns.v[i].name < p->names[CG_FN].nr);
		check(p->fns.v[i].file < p->names[CG_FILE].nr);
		check(p->fns.v[i].obj < p->names[CG_OBJ].nr);
	}
	for (i = 0; i < p->calls.nr; i++)
		check(p->calls.v[i].caller < p->fns.nr && p->calls.v[i].callee < p->fns.nr);
	for (i = 0; i < p->sites.nr; i++)
		check(p->sites.v[i].caller < p->fns.nr && p->sites.v[i].callee < p->fns.nr);
	for (i = 0; i < p->lines.nr; i++)
		check(p->lines.v[i].row < p->nrows);
}

static void report(struct cg_profile *p, int compat, int tree)
{
	struct annotate_options o;
	const char *inputs[] = { "fuzz.out" };
	FILE *out = fopen("/dev/null", "w");

	check(out != NULL);
	annotate_options_init(&o);
	o.compat = compat;
	o.auto_annotate = 0;
	o.inputs = inputs;
	o.ninputs = 1;
	o.tree_caller = o.tree_calling = tree;
	o.inclusive = tree;
	annotate_print(p, &o, out);
	annotate_options_release(&o);
	fclose(out);
}

static void check_flame(const struct flame *f)
{
	size_t i;
	int64_t *kids = calloc(f->frames.nr + 1, 2 * sizeof(int64_t));

	check(kids != NULL);
	for (i = 1; i < f->frames.nr; i++) {
		const struct flame_frame *fr = &f->frames.v[i], *up = &f->frames.v[fr->parent];

		check(fr->parent < i && fr->depth == up->depth + 1);
		check(fr->value >= 0 && fr->value <= up->value);
		check(fr->old_value >= 0 && fr->old_value <= up->old_value);
		kids[2 * fr->parent] += fr->value;
		kids[2 * fr->parent + 1] += fr->old_value;
	}
	for (i = 0; i < f->frames.nr; i++)
		check(kids[2 * i] <= f->frames.v[i].value && kids[2 * i + 1] <= f->frames.v[i].old_value);
	free(kids);
}

/* The flame tree of p (and of old against p), in every form. */
static void flames(const struct cg_profile *old, const struct cg_profile *p)
{
	struct flame f;
	struct flame_options fo = FLAME_OPTIONS_INIT;
	struct flame_svg_options so = { .title = "fuzz" };
	FILE *out = fopen("/dev/null", "w");

	check(out != NULL);
	fo.max_frames = 5000;
	if (flame_build(&f, p, &fo) == 0) {
		check_flame(&f);
		flame_write_folded(&f, out);
		flame_write_speedscope(&f, "fuzz", out);
		flame_write_svg(&f, &so, out);
		flame_release(&f);
	}
	if (old && flame_build_diff(&f, old, p, &fo) == 0) {
		check_flame(&f);
		flame_write_folded(&f, out);
		flame_write_svg(&f, &so, out);
		flame_release(&f);
	}
	if (p->nevents) {
		struct html_report r;
		struct html_report_options ho = HTML_REPORT_OPTIONS_INIT;

		html_report_init(&r, "fuzz");
		html_report_add_profile(&r, "fuzz.out", NULL, p, &ho);
		if (old)
			html_report_add_diff(&r, "diff", "a", "b", old, p, &ho);
		html_report_write(&r, out);
		html_report_release(&r);
	}
	fclose(out);
}

/* data as the contents of a file, whose name goes into path. */
static void file_set(const uint8_t *data, size_t size, char *path, size_t n)
{
	static int fd = -1;
	size_t done = 0;

	if (fd < 0)
		fd = memfd_create("fuzz.out", MFD_CLOEXEC);
	check(fd >= 0);
	check(ftruncate(fd, 0) == 0);
	while (done < size) {
		ssize_t w = pwrite(fd, data + done, size - done, (off_t)done);

		check(w > 0);
		done += (size_t)w;
	}
	snprintf(path, n, "/proc/self/fd/%d", fd);
}

/* data as one gzip member, in memory the caller frees; its size in *n. */
static uint8_t *gzip_of(const uint8_t *data, size_t size, size_t *n)
{
	z_stream zs;
	uint8_t *out;
	uLong bound;

	memset(&zs, 0, sizeof(zs));
	check(deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8,
			   Z_DEFAULT_STRATEGY) == Z_OK);
	bound = deflateBound(&zs, (uLong)size);
	out = malloc(bound);
	check(out != NULL);
	zs.next_in = (Bytef *)data;
	zs.avail_in = (uInt)size;
	zs.next_out = out;
	zs.avail_out = (uInt)bound;
	check(deflate(&zs, Z_FINISH) == Z_STREAM_END);
	*n = zs.total_out;
	deflateEnd(&zs);
	return out;
}

/* Two readings of one input: the same outcome, the same model. */
static void check_same(int rc, const struct cg_profile *p, int rc2, const struct cg_profile *q)
{
	check(rc == rc2);
	if (rc)
		return;
	check(p->nevents == q->nevents && p->stride == q->stride && p->nrows == q->nrows);
	check(p->fns.nr == q->fns.nr && p->lines.nr == q->lines.nr);
	check(p->calls.nr == q->calls.nr && p->sites.nr == q->sites.nr);
	/* A model with no rows has no cost array at all. */
	check(!p->nrows || !memcmp(p->costs, q->costs, p->nrows * p->stride * sizeof(int64_t)));
	check(!memcmp(p->summary, q->summary, sizeof(p->summary)));
	check(!memcmp(p->totals, q->totals, sizeof(p->totals)));
}

/* A compressed input, mutated or cut short: the file path alone inflates. */
static void read_compressed(const uint8_t *data, size_t size)
{
	struct cg_read_options o = CG_READ_OPTIONS_INIT;
	struct cg_profile p;
	char path[64];
	int compat;

	file_set(data, size, path, sizeof(path));
	for (compat = 0; compat < 2; compat++) {
		cg_profile_init(&p);
		o.compat = compat;
		if (cg_read_file(&p, path, &o) == 0) {
			check_model(&p);
			report(&p, compat, 1);
		}
		cg_profile_release(&p);
	}
}

/* The input read as a file, plain and gzip-compressed, then compressed and cut. */
static void read_as_files(const uint8_t *data, size_t size, int compat)
{
	struct cg_read_options o = CG_READ_OPTIONS_INIT;
	struct cg_profile p, q;
	char path[64];
	uint8_t *gz;
	size_t gzlen;
	int rc;

	o.compat = compat;
	cg_profile_init(&p);
	rc = cg_read_buffer(&p, "fuzz.out", (const char *)data, size, &o);

	file_set(data, size, path, sizeof(path));
	cg_profile_init(&q);
	check_same(rc, &p, cg_read_file(&q, path, &o), &q);
	cg_profile_release(&q);

	gz = gzip_of(data, size, &gzlen);
	file_set(gz, gzlen, path, sizeof(path));
	cg_profile_init(&q);
	check_same(rc, &p, cg_read_file(&q, path, &o), &q);
	cg_profile_release(&q);

	/* Anywhere past the magic, up to the last byte of the trailer. */
	file_set(gz, 2 + size % (gzlen - 2), path, sizeof(path));
	cg_profile_init(&q);
	check(cg_read_file(&q, path, &o) == -1);
	cg_profile_release(&q);

	free(gz);
	cg_profile_release(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cg_read_options o = CG_READ_OPTIONS_INIT;
	struct cg_profile p, q;
	int compat;

	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
		read_compressed(data, size);
		return 0;
	}
	for (compat = 0; compat < 2; compat++) {
		cg_profile_init(&p);
		o.compat = compat;
		if (cg_read_buffer(&p, "fuzz.out", (const char *)data, size, &o) == 0) {
			check_model(&p);
			report(&p, compat, 0);
			report(&p, compat, 1);
			if (!compat && p.nevents) {
				struct diff d;
				FILE *out = fopen("/dev/null", "w");
				struct diff_print_options po;

				check(out != NULL);
				memset(&po, 0, sizeof(po));
				cg_profile_init(&q);
				check(cg_read_buffer(&q, "fuzz.out", (const char *)data, size, &o) == 0);
				flames(&p, &q);
				if (diff_compute(&d, &p, &q, NULL) == 0) {
					d.old_path = d.new_path = "fuzz.out";
					check(diff_total_change(&d) == 0 || d.old_total[0] == 0);
					diff_print(&d, &po, out);
				}
				diff_release(&d);
				cg_profile_release(&q);
				fclose(out);
			}
		}
		cg_profile_release(&p);
		read_as_files(data, size, compat);
	}
	return 0;
}
