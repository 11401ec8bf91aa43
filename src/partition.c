#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "partition.h"
#include "cursor.h"

/* A decimal number from 1 to max; advances only on success. */
static int parse_count(const char **cur, unsigned max, unsigned *out)
{
	const char *p = *cur;
	uint64_t v;

	if (*p == '0' || cursor_u64(&p, p + strlen(p), max, &v))
		return -1;
	*out = (unsigned)v;
	*cur = p;
	return 0;
}

int partition_parse(struct partition *p, const char *spec)
{
	const char *cur = spec;

	if (!strncmp(cur, "slice:", 6)) {
		p->kind = PARTITION_SLICE;
		cur += 6;
	} else if (!strncmp(cur, "hash:", 5)) {
		p->kind = PARTITION_HASH;
		cur += 5;
	} else if (!strncmp(cur, "count:", 6)) {
		return error("--partition: 'count:' is not supported; use 'slice:M/N' (nextest's recommendation) or 'hash:M/N'");
	} else {
		return error("--partition: expected 'slice:M/N' or 'hash:M/N', not '%s'", spec);
	}
	if (parse_count(&cur, 1000000, &p->m) < 0 || *cur != '/')
		return error("--partition: expected 'M/N' after the kind in '%s'", spec);
	cur++;
	if (parse_count(&cur, 1000000, &p->n) < 0 || *cur)
		return error("--partition: expected 'M/N' after the kind in '%s'", spec);
	if (p->m > p->n)
		return error("--partition: shard %u of %u does not exist", p->m, p->n);
	return 0;
}

void partition_apply(const struct partition *p, struct test_list *list)
{
	size_t i, k = 0;

	if (p->kind == PARTITION_NONE)
		return;
	for (i = 0; i < list->cases.nr; i++) {
		struct test_case *tc = list->cases.v[i];
		unsigned shard;

		if (!tc->selected)
			continue;
		if (p->kind == PARTITION_SLICE) {
			shard = (unsigned)(k++ % p->n) + 1;
		} else {
			uint64_t h = hash_fnv1a(tc->bin->id, strlen(tc->bin->id) + 1,
						HASH_FNV1A_SEED);
			h = hash_fnv1a(tc->name, strlen(tc->name), h);
			shard = (unsigned)(h % p->n) + 1;
		}
		if (shard != p->m) {
			tc->selected = 0;
			tc->partitioned_out = 1;
		}
	}
}
