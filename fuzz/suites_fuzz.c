/*
 * libFuzzer: the build systems' test lists (CTest's json-v1, Meson's
 * introspection) on any bytes; the first byte picks the reader. An error
 * must come with its message, and what was read must be released cleanly.
 */
#include <stdint.h>
#include <string.h>

#include "discover.h"
#include "suites.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct test_list list;
	struct strbuf err = STRBUF_INIT;
	int rc;

	if (!size)
		return 0;
	test_list_init(&list);
	rc = data[0] & 1
	     ? suites_parse_meson(&list, (const char *)data + 1, size - 1, "fuzz", "/b", &err)
	     : suites_parse_ctest(&list, (const char *)data + 1, size - 1, "fuzz", &err);
	if (rc < 0 && !err.len)
		__builtin_trap();
	if (rc == 0)
		suites_resolve(&list);
	test_list_release(&list);
	strbuf_release(&err);
	return 0;
}
