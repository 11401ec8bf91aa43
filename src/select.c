#include <string.h>

#include "select.h"

const char *const run_ignored_names[] = {
	[RUN_IGNORED_DEFAULT] = "default", [RUN_IGNORED_ONLY] = "only", [RUN_IGNORED_ALL] = "all",
	NULL,
};

void selection_init(struct selection *sel)
{
	memset(sel, 0, sizeof(*sel));
	strvec_init(&sel->names);
}

void selection_release(struct selection *sel)
{
	size_t i;

	for (i = 0; i < sel->exprs.nr; i++)
		filter_free(sel->exprs.v[i]);
	vec_release(&sel->exprs);
	strvec_clear(&sel->names);
}

int selection_add_expr(struct selection *sel, const char *expr)
{
	struct strbuf msg = STRBUF_INIT;
	size_t col = 0;
	struct filter *f = filter_parse(expr, &col, &msg);

	if (!f) {
		error("-E:1:%zu: %s (in \"%s\")", col, msg.buf, expr);
		strbuf_release(&msg);
		return -1;
	}
	strbuf_release(&msg);
	vec_push(&sel->exprs, f);
	return 0;
}

int selection_want_binary(void *vsel, const struct binary *b)
{
	const struct selection *sel = vsel;
	size_t i;

	if (sel->default_filter &&
	    filter_match_binary(sel->default_filter, b->id) == FILTER_NO)
		return 0;
	if (!sel->exprs.nr)
		return 1;
	for (i = 0; i < sel->exprs.nr; i++)
		if (filter_match_binary(sel->exprs.v[i], b->id) != FILTER_NO)
			return 1;
	return 0;
}

static int matches(const struct selection *sel, const struct test_case *tc)
{
	size_t i;
	int ok;

	if (!((sel->kinds ? sel->kinds : 1u << CASE_TEST) & 1u << tc->kind))
		return 0;
	if (tc->ignored ? sel->run_ignored == RUN_IGNORED_DEFAULT
			: sel->run_ignored == RUN_IGNORED_ONLY)
		return 0;
	/* CTest never runs a DISABLED test. */
	if (tc->bin->reg && tc->bin->reg->disabled)
		return 0;
	if (sel->default_filter &&
	    !filter_match_labels(sel->default_filter, tc->bin->id, tc->name, case_labels(tc)))
		return 0;
	for (i = 0, ok = !sel->names.nr; i < sel->names.nr && !ok; i++)
		ok = strstr(tc->name, sel->names.v[i]) != NULL;
	if (!ok)
		return 0;
	for (i = 0, ok = !sel->exprs.nr; i < sel->exprs.nr && !ok; i++)
		ok = filter_match_labels(sel->exprs.v[i], tc->bin->id, tc->name, case_labels(tc));
	return ok;
}

size_t selection_apply(const struct selection *sel, struct test_list *list)
{
	size_t i, n = 0;

	for (i = 0; i < list->cases.nr; i++)
		list->cases.v[i]->selected = matches(sel, list->cases.v[i]);
	partition_apply(&sel->partition, list);
	for (i = 0; i < list->cases.nr; i++)
		n += list->cases.v[i]->selected;
	return n;
}
