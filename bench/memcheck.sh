#!/bin/bash
# bench/memcheck: what memcheck costs a suite of small tests.
# 500 small tests (most allocate and free; ten have a memory error or a
# leak) run under memcheck four ways, two at a time: `tare test --profile
# valgrind` served by a fork server (--memcheck-mode served: one Valgrind
# start per slot, each test in a forked child), batched (the default: the
# tests one after another in one process), in per-test mode (one Valgrind per test, as a nextest profile with a Valgrind wrapper), and
# `ctest -T memcheck` with the same 500 tests declared (one Valgrind per
# test, log files scraped). Prints "name median min max findings" per tool
# (seconds, wall time), then "findings-identical yes|no".
set -euo pipefail

build=${1:?usage: memcheck.sh BUILD_DIR WORK_DIR [ROUNDS]}
work=${2:?}
rounds=${3:-1}
tare=$(cd "$build" && pwd)/tare
n=500

mkdir -p "$work"
work=$(cd "$work" && pwd)
src=$work/memcheck_tests.c
bin=$work/memcheck_tests

{
	echo '#define _POSIX_C_SOURCE 200809L'
	echo '#define TARE_MAIN'
	echo '#include "tare.h"'
	echo '#include <stdlib.h>'
	echo '#include <string.h>'
	echo 'static char *volatile keep;'
	for ((i = 0; i < n; i++)); do
		printf 'TARE_TEST(t%03d) {\n' "$i"
		if ((i % 50 == 49)); then
			printf '\tkeep = malloc(%d); keep = NULL;\n' "$((i + 8))"	# a leak
		elif ((i % 50 == 24)); then
			printf '\tchar *p = malloc(16); volatile char c; keep = p; c = keep[16]; (void)c; free(p);\n'	# invalid read
		else
			case $((i % 4)) in
			0) printf '\tchar *p = malloc(%d); memset(p, 1, %d); TARE_ASSERT_EQ(p[0], 1); free(p);\n' "$((i % 64 * 16 + 16))" "$((i % 64 * 16 + 16))" ;;
			1) printf '\tchar *s = strdup("ring buffer %d"); TARE_ASSERT(strlen(s) > 10); free(s);\n' "$i" ;;
			2) printf '\tunsigned h = 2166136261u; for (int k = 0; k < 1000; k++) h = (h ^ (unsigned)k) * 16777619u; TARE_ASSERT(h != 0);\n' ;;
			3) printf '\tint *v = calloc(%d, sizeof(int)); long sum = 0; for (int k = 0; k < %d; k++) sum += v[k] + k; TARE_ASSERT(sum > 0); free(v);\n' "$((i + 10))" "$((i + 10))" ;;
			esac
		fi
		printf '}\n'
	done
} > "$src"
${CC:-cc} -std=c11 -O1 -g -Wall -Werror -I"$(dirname "$0")/../include" -o "$bin" "$src"

mkdir -p "$work/ctest"
{
	echo "SourceDirectory: $work/ctest"
	echo "BuildDirectory: $work/ctest"
	echo "MemoryCheckCommand: $(command -v valgrind)"
	echo "MemoryCheckCommandOptions: --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=definite,indirect --error-exitcode=1"
	echo "MemoryCheckType: Valgrind"
} > "$work/ctest/DartConfiguration.tcl"
for ((i = 0; i < n; i++)); do
	printf 'add_test(t%03d "%s" "--exact" "t%03d")\n' "$i" "$bin" "$i"
done > "$work/ctest/CTestTestfile.cmake"

# Each run leaves the names of the tests with findings in $work/found.TOOL.
run_tare() {
	"$tare" test --no-build --profile valgrind --memcheck-mode "$1" ${2:-} -j2 \
		--no-fail-fast --status-level none --final-status-level fail \
		--color never -b "$bin" 2>/dev/null |
		sed -n 's/^ *MEMCHECK \[.*\] memcheck_tests //p' | sort > "$work/found.${3:-$1}" || true
}
run_served() { run_tare served; }
run_batched() { run_tare batched; }
run_per_test() { run_tare per-test; }
run_ctest() {
	(cd "$work/ctest" && rm -rf Testing && ctest -T memcheck -j2 2>/dev/null) |
		sed -n 's/.*MemCheck: #[0-9]*: \(t[0-9]*\) .*Defects: .*/\1/p' | sort > "$work/found.ctest" || true
}

source "$(dirname "$0")/lib.sh"
bench_rounds "$rounds" served batched per_test ctest
for t in served batched per_test ctest; do
	echo "$t $(bench_stats "$t") $(wc -l < "$work/found.${t/_/-}")"
done
if cmp -s "$work/found.served" "$work/found.per-test" &&
	cmp -s "$work/found.batched" "$work/found.per-test" && cmp -s "$work/found.batched" "$work/found.ctest"; then
	echo "findings-identical yes"
else
	echo "findings-identical no"
fi
