#!/bin/bash
# bench/bench-overhead: what tare bench adds to the callgrind runs it makes.
# 50 small benchmarks in one binary; `tare bench -j2` against the floor: the
# same 50 processes (the same valgrind arguments; the binary by its own path,
# not through tare's fixed-length link and padded environment) run bare one
# after another, their wall times summed and divided by the
# job count, 2; and `tare bench -j2 --no-fork-server` (one callgrind start
# per benchmark, as the floor). By default tare starts callgrind once per
# binary and slot and measures each benchmark in a forked child. Prints
# "tare median min max", "process median min max" and "floor median min
# max" (seconds, wall time).
set -euo pipefail

build=${1:?usage: bench-overhead.sh BUILD_DIR WORK_DIR [ROUNDS]}
work=${2:?}
rounds=${3:-5}
tare=$(cd "$build" && pwd)/tare
n=50
jobs=2

mkdir -p "$work"
work=$(cd "$work" && pwd)
src=$work/benches.c
bin=$work/benches

{
	echo '#define TARE_MAIN'
	echo '#include "tare.h"'
	echo '#include <stdlib.h>'
	echo '#include <string.h>'
	for ((i = 0; i < n; i++)); do
		printf 'TARE_BENCH(b%02d) {\n' "$i"
		case $((i % 3)) in
		0) printf '\tchar *p = malloc(%d); memset(p, 7, %d); tare_black_box(p); free(p);\n' "$((i * 64 + 64))" "$((i * 64 + 64))" ;;
		1) printf '\tunsigned h = 2166136261u; for (int k = 0; k < %d; k++) h = (h ^ (unsigned)k) * 16777619u; tare_black_box(&h);\n' "$((i * 100 + 100))" ;;
		2) printf '\tint v[64]; for (int k = 0; k < 64; k++) v[k] = (k * %d) %% 97; for (int a = 1; a < 64; a++) for (int b = a; b > 0 && v[b - 1] > v[b]; b--) { int t = v[b]; v[b] = v[b - 1]; v[b - 1] = t; } tare_black_box(v);\n' "$((i + 3))" ;;
		esac
		printf '}\n'
	done
} > "$src"
${CC:-cc} -std=c11 -O2 -g -Wall -Werror -I"$(dirname "$0")/../include" -o "$bin" "$src"

. "$(dirname "$0")/lib.sh"

run_tare() {
	(cd "$work" && "$tare" bench --no-build -j"$jobs" -b "$bin" ${1:-} > "$work/tare.out" 2> /dev/null)
}

# The floor: each benchmark's process exactly as tare starts it, nothing else.
bench_times[floor]=""
mkdir -p "$work/bare"
run_tare	# warm: the binary, valgrind and tare in the page cache
for ((r = 0; r < rounds; r++)); do
	start=$(bench_now)
	run_tare
	end=$(bench_now)
	bench_times[tare]+="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }') "
	grep -q "tare bench result: Ok. $n without regressions" "$work/tare.out" || {
		echo "bench-overhead: tare bench did not measure all $n benchmarks:" >&2
		tail -3 "$work/tare.out" >&2
		exit 1
	}
	start=$(bench_now)
	run_tare --no-fork-server
	end=$(bench_now)
	bench_times[process]+="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }') "
	start=$(bench_now)
	for ((i = 0; i < n; i++)); do
		(cd "$work" && env -i PATH="$PATH" TARE=1 LD_BIND_NOW=1 valgrind --tool=callgrind --vgdb=no \
			--cache-sim=yes --I1=32768,8,64 --D1=32768,8,64 --LL=8388608,16,64 \
			--collect-atstart=no --separate-threads=yes \
			--callgrind-out-file="$work/bare/b$i.out" "$bin" --bench "$(printf %08d "$i")" \
			> /dev/null 2>&1)
	done
	end=$(bench_now)
	bench_times[floor]+="$(awk -v a="$start" -v b="$end" -v j="$jobs" 'BEGIN { printf "%.6f", (b - a) / j }') "
done
grep -q "tare bench result: Ok. $n without regressions" "$work/tare.out" || {
	echo "bench-overhead: tare bench did not measure all $n benchmarks:" >&2
	tail -3 "$work/tare.out" >&2
	exit 1
}
echo "tare $(bench_stats tare)"
echo "process $(bench_stats process)"
echo "floor $(bench_stats floor)"
