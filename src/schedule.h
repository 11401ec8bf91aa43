/*
 * schedule.h: which test starts next, when tests are not all alike: a
 * priority puts some first, threads-required makes a test take several of
 * the run's slots (all of them: it runs alone), and a test group or a
 * resource lock lets only so many of its tests run at once. The run
 * (testrun.c) asks whenever slots are free; a test that does not fit now
 * waits, and the next one that fits starts, so nothing is held up behind
 * it.
 *
 *     schedule_init(&s, view, slots);
 *     schedule_add(&s, tc) ...         the cases that run alone, in list order
 *     schedule_sort(&s);               by priority (stable)
 *     while ((tc = schedule_next(&s, free, &claim))) start it, keep claim
 *     schedule_release(&s, &claim);    when it ends
 *
 * A case's constraints come from its settings (config_test_settings():
 * threads-required, priority, test-group) and from the build system that
 * registered it (suites.h): a RESOURCE_LOCK is a group of one, a DEPENDS
 * waits for the tests it names to end, and a fixture's setup must have
 * passed, or the case is not run at all (claim->skip says which setup).
 */
#ifndef TARE_SCHEDULE_H
#define TARE_SCHEDULE_H

#include "config.h"
#include "discover.h"
#include "vec.h"

/* At most this many groups a case belongs to (its test group and locks). */
#define SCHED_GROUPS_MAX 8

/* What a started case holds until it ends. */
struct sched_claim {
	int weight;			/* slots */
	int ngroups;
	int groups[SCHED_GROUPS_MAX];	/* indices into the schedule's groups */
	/* Not to run: this setup of a fixture it requires did not pass. It holds nothing. */
	const struct test_case *skip;
};

/* Where a case is, for the cases that wait on it. */
enum sched_state {
	SCHED_PENDING,		/* selected, not ended */
	SCHED_PASSED,
	SCHED_FAILED,		/* failed or skipped: a setup that did not pass */
	SCHED_OUT,		/* not in the run */
};

struct sched_group {
	const char *name;	/* a test group's, or "lock:NAME" */
	int max;		/* tests of it at once */
	int running;
};

struct schedule {
	const struct profile_view *view;
	int slots;
	VEC(struct test_case *) order;	/* by priority, then list order */
	size_t next;			/* in order: the first not yet looked at */
	VEC(struct test_case *) waiting;	/* looked at, did not fit: first again */
	VEC(struct sched_group) groups;
	VEC(signed char) priority;	/* by the case's place in order, while sorting */
	/* Where a case is: the owner knows (NULL: every case ended before). */
	enum sched_state (*state)(void *ctx, const struct test_case *tc);
	void *ctx;
};

void schedule_init(struct schedule *s, const struct profile_view *view, int slots);
void schedule_release_all(struct schedule *s);

/* Appends a case that will run alone. */
void schedule_add(struct schedule *s, struct test_case *tc);

/* Orders what was added by priority, highest first; ties keep their order. */
void schedule_sort(struct schedule *s);

/*
 * The first case, in order, that fits in free slots and whose groups have
 * room; its slots and groups are taken (claim says which). NULL when none
 * fits now.
 */
struct test_case *schedule_next(struct schedule *s, int free, struct sched_claim *claim);

/*
 * Takes what tc needs, if it fits (a retry, a case that must run alone
 * after its batch): 0, or -1 when it must wait.
 */
int schedule_take(struct schedule *s, const struct test_case *tc, int free,
		  struct sched_claim *claim);

/* A started case ended: what it held is free again. */
void schedule_release(struct schedule *s, const struct sched_claim *claim);

/* The slots a case takes: its threads-required, within 1 and the run's slots. */
int schedule_weight(const struct schedule *s, const struct settings *st);

#endif
