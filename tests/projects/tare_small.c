/*
 * A small tare.h binary for the fixture projects: registered whole with
 * add_test() and test(), tare runs it case by case.
 */
#define TARE_MAIN
#include "tare.h"

TARE_TEST(small_passes) { TARE_ASSERT_EQ(1 + 1, 2); }
TARE_TEST(small_fails) { TARE_ASSERT_EQ(1 + 1, 3); }
TARE_TEST(small_skips) { TARE_SKIP("not today"); }
