#!/bin/bash
# make bench: runs each benchmark and writes bench/RESULTS.md atomically.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
work=bench/work
mkdir -p "$work"

echo "bench: runner-overhead (2,000 tests; tare vs xargs vs ctest, 7 rounds)" >&2
lines=$(bench/runner-overhead.sh "$build" "$work/overhead" 7)
tare=$(echo "$lines" | awk '$1 == "tare" { print $2 }')
xargs=$(echo "$lines" | awk '$1 == "xargs" { print $2 }')
ctest=$(echo "$lines" | awk '$1 == "ctest" { print $2 }')

tmp=$(mktemp bench/RESULTS.md.XXXXXX)
{
	echo "# Benchmark results"
	echo
	echo "Written by \`make bench\` on $(date -u +%Y-%m-%d), commit $(git describe --always --dirty 2>/dev/null || echo unknown),"
	echo "$(nproc) CPUs, $(uname -sr), $(ctest --version | head -1)."
	echo "Wall times are medians of 7 rounds run in rotating order in the same session;"
	echo "the machine is shared, so the ratios are what to read."
	echo
	echo "## runner-overhead"
	echo
	echo "2,000 trivial tests, one process each, two at a time."
	echo
	echo "| runner | median (s) | min (s) | max (s) | per test (ms) | vs xargs |"
	echo "| --- | --- | --- | --- | --- | --- |"
	echo "$lines" | while read -r name med min max; do
		case $name in
		tare) what='`tare test -j2` (lists, captures, reports)' ;;
		xargs) what='`xargs -P2 BIN --exact` (the floor: spawning only)' ;;
		ctest) what='`ctest -j2` (2,000 add_test lines)' ;;
		esac
		awk -v w="$what" -v med="$med" -v min="$min" -v max="$max" -v x="$xargs" \
			'BEGIN { printf "| %s | %.3f | %.3f | %.3f | %.3f | %.2fx |\n", w, med, min, max, med * 1000 / 2000, med / x }'
	done
	echo
	awk -v t="$tare" -v x="$xargs" -v c="$ctest" 'BEGIN {
		printf "tare / xargs = **%.2fx** (goal: at most 1.25x); tare / ctest = **%.2fx** (goal: below 1).\n", t / x, t / c }'
} > "$tmp"
mv "$tmp" bench/RESULTS.md
cat bench/RESULTS.md
