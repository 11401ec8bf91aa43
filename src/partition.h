/*
 * partition.h: sharding a run across machines, as nextest's --partition.
 *
 *   slice:M/N   the selected tests, in list order, dealt round-robin into N
 *               shards; this run takes shard M (1-based). Even shards.
 *   hash:M/N    each test goes to shard hash(binary id, name) mod N, so
 *               adding a test never moves the others. Stable across runs
 *               and machines.
 *
 * Tests outside the shard are counted as skipped.
 */
#ifndef TARE_PARTITION_H
#define TARE_PARTITION_H

#include "discover.h"

enum partition_kind { PARTITION_NONE, PARTITION_SLICE, PARTITION_HASH };

struct partition {
	enum partition_kind kind;
	unsigned m, n;
};

/* Parses "slice:M/N" or "hash:M/N"; -1 with an error printed if malformed. */
int partition_parse(struct partition *p, const char *spec);

/* Unselects the selected cases outside the shard (marking them partitioned out). */
void partition_apply(const struct partition *p, struct test_list *list);

#endif
