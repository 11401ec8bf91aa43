#!/bin/bash
# bench/gtest-overhead: what tare costs on a GoogleTest binary, case by
# case. 2,000 trivial TEST()s in one binary, each case in a process of its
# own, two at a time: by `tare test -j2` (it lists with --gtest_list_tests,
# runs --gtest_filter=CASE and reads each JSON report), by xargs -P2 spawning
# the same --gtest_filter processes (the floor: spawning alone, nothing
# read), and by `ctest -j2` with the cases registered as
# gtest_discover_tests registers them. Prints "name median min max" per tool
# (seconds, wall time), or nothing when GoogleTest is not installed.
set -euo pipefail

build=${1:?usage: gtest-overhead.sh BUILD_DIR WORK_DIR [ROUNDS]}
work=${2:?}
rounds=${3:-7}
tare=$(cd "$build" && pwd)/tare
n=2000

mkdir -p "$work"
work=$(cd "$work" && pwd)
src=$work/gtest_cases.cc
bin=$work/gtest_cases

{
	echo '#include <gtest/gtest.h>'
	for ((i = 0; i < n; i++)); do
		printf 'TEST(Many, t%04d) { EXPECT_EQ(%d + 1, %d); }\n' "$i" "$i" "$((i + 1))"
	done
} > "$src"
if ! ${CXX:-c++} -std=c++17 -O1 -o "$bin" "$src" -lgtest_main -lgtest -pthread 2>/dev/null; then
	exit 0
fi

mkdir -p "$work/ctest"
{
	for ((i = 0; i < n; i++)); do
		printf 'add_test(Many.t%04d "%s" "--gtest_filter=Many.t%04d" "--gtest_also_run_disabled_tests")\n' \
			"$i" "$bin" "$i"
		printf 'set_tests_properties(Many.t%04d PROPERTIES SKIP_REGULAR_EXPRESSION "\\\\[  SKIPPED \\\\]")\n' "$i"
	done
} > "$work/ctest/CTestTestfile.cmake"

run_tare() { "$tare" test --no-build -j2 -b "$bin" >/dev/null 2>&1; }
run_xargs() {
	"$bin" --gtest_list_tests | awk '/^[^ ]/ { s = $1 } /^  / { print s $1 }' |
		xargs -d '\n' -P2 -I{} "$bin" --gtest_filter={} >/dev/null 2>&1
}
run_ctest() { ctest --test-dir "$work/ctest" -j2 >/dev/null 2>&1; }

source "$(dirname "$0")/lib.sh"
bench_rounds "$rounds" tare xargs ctest
for t in tare xargs ctest; do
	echo "$t $(bench_stats "$t")"
done
