/*
 * libFuzzer target for the profile reader (callgrind.c), in both its
 * modes, and for what reads the model: tare annotate's report (compat and
 * default, with call trees) and tare diff of the input with itself.
 * `make fuzz` seeds it from fuzz/corpus/callgrind, tests/annotate/profiles
 * and, when present, ../shared/corpus.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "diff.h"
#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

static void check_model(const struct profile *p)
{
	size_t i;

	check(p->nevents <= PROFILE_MAX_EVENTS && p->nevents <= p->stride);
	for (i = 0; i < p->fns.nr; i++) {
		check(p->fns.v[i].row < p->nrows);
		check(p->fns.v[i].name < p->names[PROFILE_FN].nr);
		check(p->fns.v[i].file < p->names[PROFILE_FILE].nr);
		check(p->fns.v[i].obj < p->names[PROFILE_OBJ].nr);
	}
	for (i = 0; i < p->calls.nr; i++)
		check(p->calls.v[i].caller < p->fns.nr && p->calls.v[i].callee < p->fns.nr);
	for (i = 0; i < p->sites.nr; i++)
		check(p->sites.v[i].caller < p->fns.nr && p->sites.v[i].callee < p->fns.nr);
	for (i = 0; i < p->lines.nr; i++)
		check(p->lines.v[i].row < p->nrows);
}

static void report(struct profile *p, int compat, int tree)
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile_read_options o = PROFILE_READ_OPTIONS_INIT;
	struct profile p, q;
	int compat;

	for (compat = 0; compat < 2; compat++) {
		profile_init(&p);
		o.compat = compat;
		if (profile_read_buffer(&p, "fuzz.out", (const char *)data, size, &o) == 0) {
			check_model(&p);
			report(&p, compat, 0);
			report(&p, compat, 1);
			if (!compat && p.nevents) {
				struct diff d;
				FILE *out = fopen("/dev/null", "w");
				struct diff_print_options po;

				check(out != NULL);
				memset(&po, 0, sizeof(po));
				profile_init(&q);
				check(profile_read_buffer(&q, "fuzz.out", (const char *)data, size, &o) == 0);
				if (diff_compute(&d, &p, &q, NULL) == 0) {
					d.old_path = d.new_path = "fuzz.out";
					check(diff_total_change(&d) == 0 || d.old_total[0] == 0);
					diff_print(&d, &po, out);
				}
				diff_release(&d);
				profile_release(&q);
				fclose(out);
			}
		}
		profile_release(&p);
	}
	return 0;
}
