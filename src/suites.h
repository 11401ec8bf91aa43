/*
 * suites.h: the tests a build system already registered, run as tare's.
 *
 *     ctest --show-only=json-v1 --test-dir DIR   CTest (add_test,
 *                                                gtest_discover_tests)
 *     meson introspect --tests DIR               Meson (test())
 *
 * Each registered test becomes a binary of its own (discover.h), its
 * program the command's first word, with a registered_test holding the
 * rest of the command and the properties tare honours: working folder,
 * environment, timeout, expected failure, pass/fail/skip rules, serial
 * runs, resource locks, processors, dependencies and fixtures, labels
 * (docs/suites.md has the list and what is left out). A test whose
 * command runs a GoogleTest, Criterion, tare.h or libtest binary whole is
 * split into its cases; a Meson test of protocol tap, gtest or rust is read that way.
 * The tests are named as the build system names them: "ctest: NAME",
 * "meson: SUITE:NAME" (the binary id, then the case).
 */
#ifndef TARE_SUITES_H
#define TARE_SUITES_H

#include <stddef.h>

#include "discover.h"
#include "strbuf.h"

/*
 * Runs the build system's listing in dir (relative to the current folder)
 * and appends a binary for each test. Returns 0, or -1 after one error
 * line naming the folder (and the line of the listing, when it is
 * malformed).
 */
int suites_add_ctest(struct test_list *list, const char *dir);
int suites_add_meson(struct test_list *list, const char *dir);

/*
 * The parsers behind them, for the tests and the fuzzer: the listing's
 * text (len bytes, untrusted), named source in messages. On error -1, with
 * "SOURCE:LINE:COL: what is wrong" in err.
 */
int suites_parse_ctest(struct test_list *list, const char *text, size_t len,
		       const char *source, struct strbuf *err);
int suites_parse_meson(struct test_list *list, const char *text, size_t len,
		       const char *source, const char *build_dir, struct strbuf *err);

/*
 * Once every binary is listed: each registered test's DEPENDS and
 * fixtures found among the cases (a name that is not there is passed
 * over, as CTest does).
 */
void suites_resolve(struct test_list *list);

/*
 * After the selection: the setup and cleanup tests of the fixtures a
 * selected test requires are selected too, as CTest runs them. Returns
 * how many were added.
 */
size_t suites_select_fixtures(struct test_list *list);

#endif
