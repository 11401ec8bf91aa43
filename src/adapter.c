/*
 * adapter.c: the table of kinds, how a kind is detected, and the two
 * kinds that need no parser of their own: tare's list protocol and plain
 * executables. GoogleTest and Criterion are in adapter_gtest.c and
 * adapter_criterion.c, TAP and Unity in adapter_tap.c.
 */
#include <elf.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adapter.h"
#include "bench.h"
#include "protocol.h"

/* ---- tare's list protocol ---- */

static const char *const tare_list_args[] = { "--list", "--format", "terse", NULL };

static void tare_run_args(const struct test_case *tc, const char *dir, struct strvec *args)
{
	(void)dir;
	strvec_push(args, "--exact");
	strvec_push(args, case_local_name(tc));
	/* libtest runs an #[ignore] test only when told it is one. */
	if (tc->ignored)
		strvec_push(args, "--ignored");
}

/*
 * What the harness said of the test: a bit (1u << kind) for each "WORD
 * NAME" line with the test's own name. A result for another name says
 * nothing of this test.
 */
static unsigned tare_said(const struct test_case *tc, const struct case_output *o,
			  struct strbuf *why)
{
	static const enum result_kind kinds[] = { RESULT_PASS, RESULT_FAIL, RESULT_SKIP };
	const char *p = o->result->buf, *end = o->result->buf + o->result->len;
	size_t n = strlen(case_local_name(tc)), k;
	struct result_line rl;
	unsigned said = 0;
	int rc;

	(void)why;
	while ((rc = result_next(&p, end, &rl)) != 0)
		for (k = 0; rc > 0 && k < ARRAY_SIZE(kinds); k++)
			if (result_line_names(&rl, kinds[k], case_local_name(tc), n))
				said |= 1u << kinds[k];
	return said;
}

/*
 * What callgrind collects inside: a test's function, tare__fn_NAME, or a
 * benchmark body's, tare__bench_NAME or tare__bench_NAME__IMPL for
 * NAME[/CASE][@IMPL]. Another harness's functions are unknown.
 */
static void tare_toggle_symbol(struct strbuf *fn, const struct test_case *tc)
{
	if (!tc->bin->tare_protocol)
		return;
	if (tc->kind == CASE_BENCH)
		bench_body_symbol(fn, case_local_name(tc));
	else
		strbuf_addf(fn, "tare__fn_%s", case_local_name(tc));
}

/* ---- plain executables ---- */

static void plain_run_args(const struct test_case *tc, const char *dir, struct strvec *args)
{
	(void)tc;
	(void)dir;
	(void)args;
}

/* ---- the table ---- */

extern const struct adapter gtest_adapter, criterion_adapter, tap_adapter, unity_adapter;

static const struct adapter tare_adapter = {
	.name = "tare",
	.list_args = tare_list_args,
	.parse_list = list_protocol_parse,
	.run_args = tare_run_args,
	.said = tare_said,
	.toggle_symbol = tare_toggle_symbol,
};

static const struct adapter plain_adapter = {
	.name = "plain",
	.run_args = plain_run_args,
};

const struct adapter *adapter_of(enum binary_kind kind)
{
	switch (kind) {
	case KIND_GTEST: return &gtest_adapter;
	case KIND_CRITERION: return &criterion_adapter;
	case KIND_PLAIN: return &plain_adapter;
	case KIND_TAP: return &tap_adapter;
	case KIND_UNITY: return &unity_adapter;
	case KIND_AUTO:
	case KIND_TARE: break;
	}
	return &tare_adapter;
}

/* ---- detection ---- */

/* What in a file says which kind it is, strongest first. */
static const struct {
	const char *marker;
	enum binary_kind kind;
} markers[] = {
	{ "TARE_RESULT_FD", KIND_TARE },		/* tare.h reads it */
	{ "gtest_list_tests", KIND_GTEST },		/* GoogleTest's flag, linked in */
	{ "_ZN7testing8UnitTest", KIND_GTEST },	/* or the library's symbols */
	{ "criterion_internal_test_main", KIND_CRITERION },
	{ "_cmocka_run_group_tests", KIND_TAP },	/* cmocka, asked for TAP */
	{ "srunner_run", KIND_TAP },			/* Check, asked for TAP */
	{ "UnityBegin", KIND_UNITY },			/* Unity, compiled in */
	{ "RUST_TEST_THREADS", KIND_TARE },		/* Rust's libtest */
	{ "TAP version", KIND_TAP },			/* a program that prints TAP */
};

struct scan {
	unsigned found;		/* bit i: markers[i] */
	unsigned list : 1;	/* knows "--list": a harness of the list protocol */
};

static void scan_bytes(struct scan *s, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(markers); i++)
		if (!(s->found & 1u << i) && memmem(p, n, markers[i].marker, strlen(markers[i].marker)))
			s->found |= 1u << i;
	s->list |= memmem(p, n, "--list", 6) != NULL;
}

/*
 * An ELF file's strings are in its sections; its debug information, often
 * most of the file, says nothing of the kind and is passed over. Returns
 * -1 for a file that is not a well-formed 64-bit ELF file.
 */
static int scan_elf(struct scan *s, const char *buf, size_t len)
{
	Elf64_Ehdr eh;
	Elf64_Shdr sh, names;
	size_t i;

	/* Copied out: the buffer need not be aligned for the headers. */
	if (len < sizeof(eh) || memcmp(buf, ELFMAG, SELFMAG) || buf[EI_CLASS] != ELFCLASS64)
		return -1;
	memcpy(&eh, buf, sizeof(eh));
	if (eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shoff > len ||
	    eh.e_shnum > (len - eh.e_shoff) / sizeof(Elf64_Shdr) ||
	    eh.e_shstrndx >= eh.e_shnum)
		return -1;
	memcpy(&names, buf + eh.e_shoff + (size_t)eh.e_shstrndx * sizeof(sh), sizeof(names));
	if (names.sh_offset > len || names.sh_size > len - names.sh_offset)
		return -1;
	for (i = 0; i < eh.e_shnum; i++) {
		const char *name = "";

		memcpy(&sh, buf + eh.e_shoff + i * sizeof(sh), sizeof(sh));
		if (sh.sh_type == SHT_NOBITS || sh.sh_offset > len ||
		    sh.sh_size > len - sh.sh_offset)
			continue;
		if (sh.sh_name < names.sh_size &&
		    memchr(buf + names.sh_offset + sh.sh_name, '\0',
			   names.sh_size - sh.sh_name))
			name = buf + names.sh_offset + sh.sh_name;
		if (!strncmp(name, ".debug", 6) || !strncmp(name, ".zdebug", 7))
			continue;
		scan_bytes(s, buf + sh.sh_offset, sh.sh_size);
	}
	return 0;
}

static enum binary_kind detect_buffer(const char *buf, size_t len, int strict)
{
	struct scan s = { 0, 0 };
	size_t i;

	if (scan_elf(&s, buf, len) < 0)
		scan_bytes(&s, buf, len);
	for (i = 0; i < ARRAY_SIZE(markers); i++)
		if (s.found & 1u << i)
			return markers[i].kind;
	return s.list && !strict ? KIND_TARE : KIND_PLAIN;
}

enum binary_kind adapter_detect_buffer(const char *buf, size_t len)
{
	return detect_buffer(buf, len, 0);
}

/* Past this a file is read only so far: kinds are told in less. */
#define DETECT_MAX ((size_t)1 << 30)

static enum binary_kind detect_file(const char *path, int strict)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	enum binary_kind kind = KIND_PLAIN;
	struct stat st;
	size_t len;
	void *map;

	if (fd < 0)
		return KIND_PLAIN;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
		close(fd);
		return KIND_PLAIN;
	}
	len = (size_t)st.st_size < DETECT_MAX ? (size_t)st.st_size : DETECT_MAX;
	map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return KIND_PLAIN;
	kind = detect_buffer(map, len, strict);
	munmap(map, len);
	return kind;
}

enum binary_kind adapter_detect(const char *path)
{
	return detect_file(path, 0);
}

enum binary_kind adapter_detect_strict(const char *path)
{
	return detect_file(path, 1);
}
