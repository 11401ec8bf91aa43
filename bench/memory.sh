#!/bin/bash
# bench/memory: tare's peak memory is bounded by what runs, not by what ran.
# Peak RSS (KiB) of `tare test -j2` on 200 and on 20,000 silent tests, on
# 40 passing tests that print 17 MB each, and on 20,000 tests with a JUnit
# report; the median of ROUNDS runs each (the peak moves by some 100 KiB
# from run to run). Prints one line per case: "name tests peak_kib".
set -euo pipefail

build=${1:?usage: memory.sh BUILD_DIR WORK_DIR}
work=${2:?}
rounds=${3:-5}
tare=$(cd "$build" && pwd)/tare
here=$(cd "$(dirname "$0")" && pwd)

mkdir -p "$work"
work=$(cd "$work" && pwd)
${CC:-cc} -O2 -o "$work/memory_tests" "$here/memory_tests.c"
${CC:-cc} -O2 -o "$work/peak_rss" "$here/peak_rss.c"

peak() {	# NAME TESTS BYTES [ARGS...]
	local name=$1 tests=$2 bytes=$3 r
	shift 3
	for ((r = 0; r < rounds; r++)); do
		MEMORY_TESTS=$tests MEMORY_BYTES=$bytes "$work/peak_rss" "$tare" test --no-build \
			--config /dev/null -j2 -b "$work/memory_tests" "$@" 2>/dev/null | tail -1 || true
	done | sort -n | awk -v n="$name" -v t="$tests" '{ v[NR] = $1 } END { print n, t, v[int((NR + 1) / 2)] }'
}

cd "$work"
{
	peak silent 200 0
	peak silent 20000 0
	peak chatty 40 17000000
	peak junit 20000 0 --junit "$work/junit.xml"
} | grep -v '^$'
