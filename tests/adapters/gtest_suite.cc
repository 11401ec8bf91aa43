// A GoogleTest suite that passes, fails, skips, crashes, hangs, leaks and
// exits on purpose: tests/cli/cases/adapter_gtest*.case run it with tare.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <unistd.h>

TEST(Math, Adds) { EXPECT_EQ(2, 1 + 1); }
TEST(Math, Fails) { EXPECT_EQ(3, 1 + 1) << "one and one"; }
TEST(Math, Skips) { GTEST_SKIP() << "not today"; }
TEST(Math, DISABLED_Off) { FAIL() << "a disabled test ran"; }
TEST(DISABLED_Broken, Any) { FAIL() << "a disabled suite ran"; }

TEST(Process, Crashes) { *(volatile int *)nullptr = 1; }
TEST(Process, Hangs) { for (;;) pause(); }
TEST(Process, ExitsEarly) { std::exit(0); }

TEST(Memory, Leaks)
{
	char *p = static_cast<char *>(std::malloc(32));
	std::strcpy(p, "lost");
	p = nullptr;
}

class Even : public ::testing::TestWithParam<int> {};
TEST_P(Even, IsEven) { EXPECT_EQ(GetParam() % 2, 0) << GetParam() << " is odd"; }
INSTANTIATE_TEST_SUITE_P(Numbers, Even, ::testing::Values(2, 3));

template <typename T> class Sized : public ::testing::Test {};
using SizedTypes = ::testing::Types<int, char>;
TYPED_TEST_SUITE(Sized, SizedTypes);
TYPED_TEST(Sized, HasSize) { EXPECT_GT(sizeof(TypeParam), 0u); }
