/*
 * cg_diff.h: two profiles compared function by function.
 *
 * Objects are paired across the two profiles: by name, else by their last
 * path component if that is unique on both sides, else the profiled
 * programs (named by cmd:, or holding main) with each other, whatever
 * their files are called. Functions are then matched by name, file and
 * paired object. Compression ids and addresses never matter (the model has
 * neither), and a function whose file path differs only in the folder the
 * program was built in still matches: when the full names find no partner,
 * the function name with the last path components of its file and paired
 * object is tried, if that is unique on both sides. docs/annotate.md has
 * the rule.
 */
#ifndef TARE_CG_DIFF_H
#define TARE_CG_DIFF_H

#include <stdio.h>

#include "cg_profile.h"

enum diff_format { DIFF_TEXT, DIFF_JSON, DIFF_MARKDOWN };

struct diff_row {
	const char *file, *function, *object;	/* from the new side if any */
	int in_old, in_new;
	/* Per event of diff->events: self and inclusive, old and new. */
	int64_t *old_self, *new_self, *old_incl, *new_incl;
};

struct diff {
	const char *old_path, *new_path;
	const char *events[CG_MAX_EVENTS];
	int old_col[CG_MAX_EVENTS], new_col[CG_MAX_EVENTS];
	size_t nevents;
	int64_t old_total[CG_MAX_EVENTS], new_total[CG_MAX_EVENTS];
	struct diff_row *rows;
	size_t nrows;
	int64_t *values;
};

/*
 * Compares old with new on the events both have, the primary one first
 * (NULL: the first event of new). Returns -1 after an error when the
 * primary event is missing from either side or they share no event.
 */
int diff_compute(struct diff *d, const struct cg_profile *old, const struct cg_profile *new_,
		 const char *primary);
void diff_release(struct diff *d);

/*
 * The function of new each function of old is matched with, by the rules
 * above, on the given event and those both profiles share: old_to_new[i]
 * for old->fns.v[i] (old->fns.nr entries), UINT32_MAX when none or when
 * the function costs nothing on those events. Returns -1 after an error
 * as diff_compute() does.
 */
int diff_match_functions(const struct cg_profile *old, const struct cg_profile *new_,
			 const char *primary, uint32_t *old_to_new);

struct diff_print_options {
	enum diff_format format;
	double min_change;	/* percent; rows below it are hidden */
	size_t limit;		/* at most this many rows; 0: all */
	int color;
};

void diff_print(struct diff *d, const struct diff_print_options *o, FILE *out);

/* The change of the primary event's total, in percent of the old total. */
double diff_total_change(const struct diff *d);

#endif
