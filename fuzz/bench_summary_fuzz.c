/*
 * libFuzzer target for what tare bench reads: benchmark summaries
 * (baselines), written back and read again to the same results, with
 * RESULTS.md made from them; and DHAT's output, summed for a body.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bench_summary s, again;
	struct strbuf err = STRBUF_INIT, json = STRBUF_INIT, md = STRBUF_INIT;
	struct results_md_options mo = { "libc", 1.5 };
	size_t i;

	{
		int64_t m[BM_COUNT];
		int k;

		memset(m, 0, sizeof(m));
		if (bench_heap_compute(m, (const char *)data, size, "d.json", "tare__bench_x",
				       &err) < 0) {
			check(!strncmp(err.buf, "d.json:", 7) && !strchr(err.buf, '\n'));
		} else {
			for (k = 0; k < BM_HEAP_FIRST; k++)
				check(m[k] == 0);
		}
	}
	bench_summary_init(&s);
	bench_summary_init(&again);
	if (bench_summary_parse(&s, (const char *)data, size, "f.json", &err) < 0) {
		/* One line, "f.json:LINE:COL: message". */
		check(!strncmp(err.buf, "f.json:", 7) && !strchr(err.buf, '\n'));
		goto out;
	}
	bench_summary_json(&s, &json);
	check(bench_summary_parse(&again, json.buf, json.len, "g.json", &err) == 0);
	check(again.results.nr == s.results.nr);
	for (i = 0; i < s.results.nr; i++) {
		const struct bench_result *a = &s.results.v[i], *b = &again.results.v[i];

		check(!strcmp(a->name, b->name) && !strcmp(a->binary, b->binary));
		check(a->status == b->status);
		check(!memcmp(a->m, b->m, sizeof(a->m)));
	}
	results_md(&md, &s, &mo);
out:
	bench_summary_release(&s);
	bench_summary_release(&again);
	strbuf_release(&err);
	strbuf_release(&json);
	strbuf_release(&md);
	return 0;
}
