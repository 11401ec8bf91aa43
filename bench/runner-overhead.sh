#!/bin/bash
# bench/runner-overhead: what running each test in its own process costs.
# 2,000 trivial tests, run by `tare test -j2`, by xargs -P2 spawning the
# same `--exact` processes (the floor: spawning alone, nothing captured,
# nothing checked), and by `ctest -j2` with the same 2,000 tests declared.
# Prints one line per tool: "name median min max" (seconds, wall time).
set -euo pipefail

build=${1:?usage: runner-overhead.sh BUILD_DIR WORK_DIR [ROUNDS]}
work=${2:?}
rounds=${3:-7}
tare=$(cd "$build" && pwd)/tare
n=2000

mkdir -p "$work"
work=$(cd "$work" && pwd)
src=$work/overhead_tests.c
bin=$work/overhead_tests

{
	echo '#define TARE_MAIN'
	echo '#include "tare.h"'
	for ((i = 0; i < n; i++)); do
		printf 'TARE_TEST(t%04d) { TARE_ASSERT_EQ(%d + 1, %d); }\n' "$i" "$i" "$((i + 1))"
	done
} > "$src"
${CC:-cc} -std=c11 -O1 -I"$(dirname "$0")/../include" -o "$bin" "$src"

mkdir -p "$work/ctest"
{
	for ((i = 0; i < n; i++)); do
		printf 'add_test(t%04d "%s" "--exact" "t%04d")\n' "$i" "$bin" "$i"
	done
} > "$work/ctest/CTestTestfile.cmake"

run_tare() { "$tare" test --no-build -j2 -b "$bin" >/dev/null 2>&1; }
run_xargs() {
	"$bin" --list | sed 's/: test$//' |
		xargs -d '\n' -n1 -P2 "$bin" --exact >/dev/null 2>&1
}
run_ctest() { ctest --test-dir "$work/ctest" -j2 >/dev/null 2>&1; }

source "$(dirname "$0")/lib.sh"
bench_rounds "$rounds" tare xargs ctest
for t in tare xargs ctest; do
	echo "$t $(bench_stats "$t")"
done
