// A small GoogleTest binary for the fixture projects: run whole by a plain
// add_test (tare splits it into its cases), and case by case through
// gtest_discover_tests.
#include <gtest/gtest.h>

TEST(Small, Passes) { EXPECT_EQ(1 + 1, 2); }
TEST(Small, Fails) { EXPECT_EQ(1 + 1, 3); }
TEST(Small, Skips) { GTEST_SKIP() << "not today"; }
