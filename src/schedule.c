#include <stdlib.h>
#include <string.h>

#include "attempt.h"
#include "schedule.h"

void schedule_init(struct schedule *s, const struct profile_view *view, int slots)
{
	memset(s, 0, sizeof(*s));
	s->view = view;
	s->slots = slots < 1 ? 1 : slots;
}

void schedule_release_all(struct schedule *s)
{
	size_t i;

	for (i = 0; i < s->groups.nr; i++)
		free((char *)s->groups.v[i].name);
	vec_release(&s->order);
	vec_release(&s->waiting);
	vec_release(&s->groups);
	vec_release(&s->priority);
}

void schedule_add(struct schedule *s, struct test_case *tc)
{
	vec_push(&s->order, tc);
}

/*
 * Whether any profile, override or the command line sets a per-test bit.
 * Not view->s: the built-in defaults merged into it set every bit.
 */
static int view_sets(const struct profile_view *view, unsigned bit)
{
	int i;
	size_t k;

	if (view->cli.set & bit)
		return 1;
	for (i = 0; i < view->n; i++) {
		if (view->chain[i]->s.set & bit)
			return 1;
		for (k = 0; k < view->chain[i]->overrides.nr; k++)
			if (view->chain[i]->overrides.v[k].s.set & bit)
				return 1;
	}
	return 0;
}

/* qsort() takes no context: the priorities, by case index, while sorting. */
static const signed char *sort_priority;

static int cmp_priority(const void *a, const void *b)
{
	const struct test_case *x = *(struct test_case *const *)a;
	const struct test_case *y = *(struct test_case *const *)b;
	int px = sort_priority[x->index], py = sort_priority[y->index];

	if (px != py)
		return py - px;
	return x->index < y->index ? -1 : x->index > y->index;
}

void schedule_sort(struct schedule *s)
{
	size_t i, max = 0;

	/* The common case: no priorities, nothing to look up for each case. */
	if (s->order.nr < 2)
		return;
	if (!view_sets(s->view, SET_PRIORITY)) {
		int any = 0;

		for (i = 0; i < s->order.nr && !any; i++)
			any = s->order.v[i]->bin->reg && s->order.v[i]->bin->reg->has_priority;
		if (!any)
			return;
	}
	for (i = 0; i < s->order.nr; i++)
		if (s->order.v[i]->index >= max)
			max = s->order.v[i]->index + 1;
	s->priority.nr = 0;
	for (i = 0; i < max; i++)
		vec_push(&s->priority, 0);
	for (i = 0; i < s->order.nr; i++) {
		const struct test_case *tc = s->order.v[i];
		struct settings st;

		case_settings(s->view, tc, &st);
		s->priority.v[tc->index] = (signed char)st.priority;
	}
	/* Ties fall back on the list order, so the sort is stable. */
	sort_priority = s->priority.v;
	qsort(s->order.v, s->order.nr, sizeof(*s->order.v), cmp_priority);
	vec_release(&s->priority);
}

int schedule_weight(const struct schedule *s, const struct settings *st)
{
	int w = st->threads_required;

	if (w == THREADS_NUM_TEST_THREADS)
		w = s->slots;
	else if (w == THREADS_NUM_CPUS)
		w = cpu_count();
	return w < 1 ? 1 : w > s->slots ? s->slots : w;
}

static int group_index(struct schedule *s, const char *name, int max)
{
	struct sched_group g = { NULL, max < 1 ? 1 : max, 0 };
	size_t i;

	for (i = 0; i < s->groups.nr; i++)
		if (!strcmp(s->groups.v[i].name, name))
			return (int)i;
	g.name = xstrdup(name);
	vec_push(&s->groups, g);
	return (int)s->groups.nr - 1;
}

/* What tc needs: its weight and groups, into claim. */
static void needs(struct schedule *s, const struct test_case *tc, struct sched_claim *claim)
{
	const struct case_run *cr = case_run_of(s->view, (struct test_case *)tc);
	const struct settings *st = &cr->s;

	claim->weight = schedule_weight(s, st);
	claim->ngroups = 0;
	claim->skip = NULL;
	if (st->test_group) {
		int max = st->test_group->max_threads;

		claim->groups[claim->ngroups++] =
			group_index(s, st->test_group->name, max == THREADS_NUM_CPUS ? cpu_count() : max);
	}
	if (tc->bin->reg) {
		const struct strvec *locks = &tc->bin->reg->locks;
		struct strbuf name = STRBUF_INIT;
		size_t i;

		for (i = 0; i < locks->nr && claim->ngroups < SCHED_GROUPS_MAX; i++) {
			strbuf_reset(&name);
			strbuf_addf(&name, "lock:%s", locks->v[i]);
			claim->groups[claim->ngroups++] = group_index(s, name.buf, 1);
		}
		strbuf_release(&name);
	}
}

/*
 * 1 if tc may start as far as the tests it waits on go: they ended, or are
 * not in the run; claim->skip is set when a setup it needs did not pass.
 */
static int ready(const struct schedule *s, const struct test_case *tc, struct sched_claim *claim)
{
	const struct registered_test *reg = tc->bin->reg;
	size_t i;

	if (!reg || !s->state)
		return 1;
	for (i = 0; i < reg->setups.nr; i++)
		if (s->state(s->ctx, reg->setups.v[i]) == SCHED_FAILED) {
			claim->skip = reg->setups.v[i];
			return 1;
		}
	for (i = 0; i < reg->after.nr; i++)
		if (s->state(s->ctx, reg->after.v[i]) == SCHED_PENDING)
			return 0;
	return 1;
}

int schedule_take(struct schedule *s, const struct test_case *tc, int free,
		  struct sched_claim *claim)
{
	int i;

	needs(s, tc, claim);
	if (!ready(s, tc, claim))
		return -1;
	if (claim->skip) {
		/* It will not run: it takes nothing. */
		claim->weight = 0;
		claim->ngroups = 0;
		return 0;
	}
	if (claim->weight > free)
		return -1;
	for (i = 0; i < claim->ngroups; i++) {
		const struct sched_group *g = &s->groups.v[claim->groups[i]];

		if (g->running >= g->max)
			return -1;
	}
	for (i = 0; i < claim->ngroups; i++)
		s->groups.v[claim->groups[i]].running++;
	return 0;
}

struct test_case *schedule_next(struct schedule *s, int free, struct sched_claim *claim)
{
	size_t i;

	for (i = 0; i < s->waiting.nr; i++) {
		struct test_case *tc = s->waiting.v[i];

		if (schedule_take(s, tc, free, claim) == 0) {
			memmove(s->waiting.v + i, s->waiting.v + i + 1,
				(s->waiting.nr - i - 1) * sizeof(*s->waiting.v));
			s->waiting.nr--;
			return tc;
		}
	}
	while (s->next < s->order.nr) {
		struct test_case *tc = s->order.v[s->next++];

		if (schedule_take(s, tc, free, claim) == 0)
			return tc;
		vec_push(&s->waiting, tc);
	}
	return NULL;
}

void schedule_release(struct schedule *s, const struct sched_claim *claim)
{
	int i;

	for (i = 0; i < claim->ngroups; i++)
		s->groups.v[claim->groups[i]].running--;
}
