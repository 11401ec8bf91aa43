#include "observer.h"

#define EACH(l, ob) \
	for (const struct run_observer *ob = (l)->v.v; ob < (l)->v.v + (l)->v.nr; ob++)

/* Tells every observer that has the op. */
#define NOTIFY(l, op, ...) do { \
	EACH(l, ob_) \
		if (ob_->ops->op) \
			ob_->ops->op(ob_->data, __VA_ARGS__); \
} while (0)

/* 1 if some observer's op says 1. */
#define ANY(l, op, ...) do { \
	EACH(l, ob_) \
		if (ob_->ops->op && ob_->ops->op(ob_->data, __VA_ARGS__)) \
			return 1; \
	return 0; \
} while (0)

void run_observers_add(struct run_observers *l, struct run_observer ob)
{
	vec_push(&l->v, ob);
}

void run_observers_release(struct run_observers *l)
{
	vec_release(&l->v);
}

int run_observers_want_ticks(const struct run_observers *l)
{
	EACH(l, ob)
		if (ob->wants_ticks)
			return 1;
	return 0;
}

void run_observers_run_started(const struct run_observers *l,
			       const struct run_start *start)
{
	NOTIFY(l, run_started, start);
}

void run_observers_test_started(const struct run_observers *l,
				const struct test_case *tc, int attempt,
				int total_attempts)
{
	NOTIFY(l, test_started, tc, attempt, total_attempts);
}

void run_observers_test_slow(const struct run_observers *l,
			     const struct test_case *tc, double elapsed,
			     int terminating)
{
	NOTIFY(l, test_slow, tc, elapsed, terminating);
}

void run_observers_cases_added(const struct run_observers *l, size_t n)
{
	NOTIFY(l, cases_added, n);
}

void run_observers_attempt_done(const struct run_observers *l,
				const struct test_case *tc,
				const struct attempt *a, int final)
{
	NOTIFY(l, attempt_done, tc, a, final);
}

void run_observers_stopping(const struct run_observers *l, const char *why,
			    int running)
{
	NOTIFY(l, stopping, why, running);
}

void run_observers_interrupted(const struct run_observers *l, int sig,
			       int count, int running)
{
	NOTIFY(l, interrupted, sig, count, running);
}

void run_observers_progress(const struct run_observers *l, int running,
			    const struct test_case *longest, double elapsed)
{
	NOTIFY(l, progress, running, longest, elapsed);
}

int run_observers_run_finished(const struct run_observers *l,
			       const struct test_list *list,
			       const struct run_summary *sum, int exit_code)
{
	EACH(l, ob)
		if (ob->ops->run_finished &&
		    ob->ops->run_finished(ob->data, list, sum, exit_code) < 0)
			exit_code = EXIT_USAGE;
	return exit_code;
}

int run_observers_keep_case(const struct run_observers *l,
			    const struct case_run *cr)
{
	ANY(l, keeps_case, cr);
}

int run_observers_keep_output(const struct run_observers *l,
			      const struct case_run *cr,
			      const struct attempt *a)
{
	ANY(l, keeps_output, cr, a);
}
