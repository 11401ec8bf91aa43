/*
 * select.h: which tests run. A test runs when
 *   it matches one of the name filters, if any were given,
 *   and one of the -E expressions, if any were given,
 *   and the profile's default-filter (unless ignored),
 *   and it is of a kind the run wants (tare test: tests, and with
 *   --benches benchmarks too, run once as tests; tare bench: benchmarks)
 *   and it is not ignored (libtest's #[ignore], GoogleTest's DISABLED_,
 *   Criterion's .disabled), unless --run-ignored says so,
 *   and it falls in this run's partition, if there is one.
 * Name filters are substrings of the test name, as in nextest.
 */
#ifndef TARE_SELECT_H
#define TARE_SELECT_H

#include "discover.h"
#include "filter.h"
#include "partition.h"

struct selection {
	struct strvec names;
	VEC(struct filter *) exprs;
	const struct filter *default_filter;
	struct partition partition;
	unsigned kinds;		/* bits 1 << enum case_kind; 0 means tests */
	int run_ignored;	/* enum run_ignored */
};

/* --run-ignored, as cargo-nextest has it. */
enum run_ignored { RUN_IGNORED_DEFAULT, RUN_IGNORED_ONLY, RUN_IGNORED_ALL };
extern const char *const run_ignored_names[];	/* "default", "only", "all" */

void selection_init(struct selection *sel);
void selection_release(struct selection *sel);

/* Compiles an -E expression; prints "tare: -E:1:COL: message" if bad. */
int selection_add_expr(struct selection *sel, const char *expr);

/* For discover_cases(): 0 when no test of b can be selected, so b need not be listed. */
int selection_want_binary(void *sel, const struct binary *b);

/* Marks the selected cases (and applies the partition). Returns how many. */
size_t selection_apply(const struct selection *sel, struct test_list *list);

#endif
