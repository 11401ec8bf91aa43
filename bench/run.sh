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

echo "bench: gtest-overhead (a 2,000-case GoogleTest binary: tare vs xargs vs ctest, 7 rounds)" >&2
glines=$(bench/gtest-overhead.sh "$build" "$work/gtest" 7)
gtare=$(echo "$glines" | awk '$1 == "tare" { print $2 }')
gxargs=$(echo "$glines" | awk '$1 == "xargs" { print $2 }')
gctest=$(echo "$glines" | awk '$1 == "ctest" { print $2 }')

echo "bench: memcheck (500 tests under memcheck: batched vs per-test vs ctest -T memcheck)" >&2
mlines=$(bench/memcheck.sh "$build" "$work/memcheck" 1)
batched=$(echo "$mlines" | awk '$1 == "batched" { print $2 }')
served=$(echo "$mlines" | awk '$1 == "served" { print $2 }')
per_test=$(echo "$mlines" | awk '$1 == "per_test" { print $2 }')
ctest_mc=$(echo "$mlines" | awk '$1 == "ctest" { print $2 }')
identical=$(echo "$mlines" | awk '$1 == "findings-identical" { print $2 }')

echo "bench: annotate (large callgrind profiles: tare annotate vs callgrind_annotate vs wc -l)" >&2
alines=$(bench/annotate.sh "$build" "$work/annotate" 5)

echo "bench: report (tare report on a 100 MB callgrind profile vs callgrind_annotate; the page in Chromium)" >&2
rline=$(bench/report.sh "$build" "$work/report" 5)

echo "bench: bench-overhead (50 benchmarks: tare bench -j2 vs the bare callgrind runs / 2)" >&2
olines=$(bench/bench-overhead.sh "$build" "$work/bench-overhead" 5)
btare=$(echo "$olines" | awk '$1 == "tare" { print $2 }')
bfloor=$(echo "$olines" | awk '$1 == "floor" { print $2 }')
bprocess=$(echo "$olines" | awk '$1 == "process" { print $2 }')

echo "bench: memory (peak RSS at 200 and 20,000 tests, 40 chatty tests, JUnit)" >&2
mem=$(bench/memory.sh "$build" "$work/memory" 5)

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
	echo
	echo "## gtest-overhead"
	echo
	if [ -z "$glines" ]; then
		echo "GoogleTest is not installed here (make deps installs libgtest-dev): not measured."
	else
		echo "One GoogleTest binary of 2,000 trivial cases, each case in a process of its own, two at a time."
		echo
		echo "| runner | median (s) | min (s) | max (s) | per case (ms) | vs xargs |"
		echo "| --- | --- | --- | --- | --- | --- |"
		echo "$glines" | while read -r name med min max; do
			case $name in
			tare) what='`tare test -j2` (lists, runs `--gtest_filter`, reads each JSON report)' ;;
			xargs) what='`xargs -P2 BIN --gtest_filter=CASE` (the floor: spawning only)' ;;
			ctest) what='`ctest -j2` (the cases as gtest_discover_tests registers them)' ;;
			esac
			awk -v w="$what" -v med="$med" -v min="$min" -v max="$max" -v x="$gxargs" \
				'BEGIN { printf "| %s | %.3f | %.3f | %.3f | %.3f | %.2fx |\n", w, med, min, max, med * 1000 / 2000, med / x }'
		done
		echo
		awk -v t="$gtare" -v x="$gxargs" -v c="$gctest" 'BEGIN {
			printf "tare / xargs = **%.2fx** (goal: at most 1.1x); tare / ctest = **%.2fx** (goal: below 1).\n", t / x, t / c }'
	fi
	echo
	echo "## memcheck"
	echo
	echo "500 small tests (most allocate and free; 20 read out of bounds or leak) under"
	echo "Valgrind's memcheck with the valgrind profile's flags, two at a time. One round: the slow runs"
	echo "take minutes and the ratio dwarfs the noise."
	echo
	echo "| runner | wall (s) | per test (ms) | tests with findings | vs batched |"
	echo "| --- | --- | --- | --- | --- |"
	echo "$mlines" | grep -v findings-identical | while read -r name med min max found; do
		case $name in
		served) what='`tare test --profile valgrind --memcheck-mode served` (a Valgrind start per binary and slot, a forked child per test)' ;;
		batched) what='`tare test --profile valgrind` (batched: a Valgrind process per binary and slot)' ;;
		per_test) what='`tare test --profile valgrind --memcheck-mode per-test` (a Valgrind per test)' ;;
		ctest) what='`ctest -T memcheck -j2` (a Valgrind per test, logs scraped)' ;;
		esac
		awk -v w="$what" -v med="$med" -v f="$found" -v b="$batched" \
			'BEGIN { printf "| %s | %.3f | %.1f | %d | %.1fx |\n", w, med, med * 1000 / 500, f, med / b }'
	done
	echo
	awk -v s="$served" -v b="$batched" -v p="$per_test" -v c="$ctest_mc" -v i="$identical" 'BEGIN {
		printf "fork server / batched = **%.2fx** (goal: within 1.5x); per-test / fork server = **%.0fx** (goal: at least 50x); ", s / b, p / s
		printf "per-test / batched = **%.0fx**; ctest / batched = **%.0fx**; ", p / b, c / b
		printf "the three found the same tests: **%s**.\n", i }'
	echo
	echo "## annotate"
	echo
	echo "Profiles made here with Valgrind $(valgrind --version | sed 's/valgrind-//'): gcc's cc1 compiling a generated"
	echo "C file and python3 running a mixed workload, with \`--dump-instr=yes --collect-jumps=yes\`;"
	echo "\`callers\` adds \`--separate-callers\` (3 for cc1, 4 for python), \`dumps\` a dump every"
	echo "5,000,000 basic blocks in one file (one part each). Default options for every tool;"
	echo "tare and wc -l: medians of 5 rounds, callgrind_annotate: one run. Peak memory is the"
	echo "maximum resident set size; \"tare data\" is tare's peak less its peak on a one-line profile"
	echo "($(echo "$alines" | awk 'NR == 1 { printf "%.1f", $11 * 1024 / 1e6 }') MB: the program, its libraries and stdio). \"same\": callgrind_annotate and \`tare annotate --compat\` print"
	echo "the same lines (Perl orders some of them by its hash, so they are compared as sets)."
	echo
	echo "| profile | size (MB) | wc -l (s) | tare (s) | tare MB/s | tare peak (MB) | tare data (MB) | --compat (s) | callgrind_annotate (s) | its MB/s | its peak (MB) | ca / tare | ca / --compat | tare / wc | same |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
	echo "$alines" | while read -r name bytes wc t tkb c ckb ca cakb same base; do
		awk -v n="$name" -v b="$bytes" -v wc="$wc" -v t="$t" -v tkb="$tkb" -v c="$c" -v ckb="$ckb" \
			-v ca="$ca" -v cakb="$cakb" -v same="$same" -v base="$base" 'BEGIN {
			mb = b / 1e6
			printf "| %s | %.1f | %.3f | %.3f | %.0f | %.1f | %.1f | %.3f | %.2f | %.1f | %.1f | **%.0fx** | %.0fx | **%.1fx** | %s |\n",
				n, mb, wc, t, mb / t, tkb * 1024 / 1e6, (tkb - base) * 1024 / 1e6, c, ca, mb / ca, cakb * 1024 / 1e6, ca / t, ca / c, t / wc, same }'
	done
	echo
	echo "Goals: at least 50x faster than callgrind_annotate on every file, within 5x of \`wc -l\`,"
	echo "peak memory at most the file's size."
	echo
	echo "## report"
	echo
	echo "\`tare report FILE -o page.html\` on one profile of gcc's cc1 compiling the generated C file"
	echo "with \`--dump-instr=yes --collect-jumps=yes --separate-callers=8\` (so the page has"
	echo "instruction costs beside objdump's disassembly, and a flame graph exact to 8 callers),"
	echo "against callgrind_annotate's default table of the same file (one run) and \`tare annotate\`."
	echo "tare: medians of 5 rounds. In headless Chromium (medians of 5 loads): \"paint\" from navigation"
	echo "to the first paint by the page's clock (the table and sources are drawn before it),"
	echo "\"ready\" until playwright sees the flame graph too, which the page draws just after that paint"
	echo "(playwright's polling included), \"sort\" one click on a column header, \"filter\" a word typed"
	echo "into the filter box, each until the table is laid out again."
	echo
	echo "$rline" | awk '{
		printf "| profile (MB) | tare report (s) | its peak (MB) | page (MB) | tare annotate (s) | callgrind_annotate (s) | its peak (MB) | ca / report | paint (s) | ready (s) | sort (s) | filter (s) |\n"
		printf "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
		printf "| %.1f | %.3f | %.1f | %.2f | %.3f | %.2f | %.1f | **%.1fx** | %s | %s | %s | %s |\n",
			$1 / 1e6, $2, $3 * 1024 / 1e6, $4 / 1e6, $5, $6, $7 * 1024 / 1e6, $6 / $2, $8, $9, $10, $11 }'
	echo
	echo "Goals: the page written faster than callgrind_annotate prints its table, in a few MB whatever"
	echo "the profile's size; open (ready), sorted and filtered in under a second (\"-\": Chromium or"
	echo "playwright-core is not installed here, \`scripts/deps.sh browser\` installs them)."
	echo
	echo "## bench-overhead"
	echo
	echo "50 small benchmarks in one binary. \`tare bench -j2\` (lists the binary, runs each"
	echo "benchmark under callgrind, reads each profile, prints the blocks, writes the summary,"
	echo "RESULTS.md and last.json) against the floor: the same 50 valgrind command lines run"
	echo "bare one after another, their total wall time divided by 2, the job count. By default"
	echo "tare starts callgrind once per binary and slot and measures each benchmark in a child forked"
	echo "from it; \`--no-fork-server\` starts callgrind once per benchmark, as the floor does. Medians of"
	echo "5 rounds."
	echo
	echo "| run | median (s) | min (s) | max (s) | per benchmark (ms) | vs floor |"
	echo "| --- | --- | --- | --- | --- | --- |"
	echo "$olines" | while read -r name med min max; do
		case $name in
		tare) what='`tare bench -j2` (fork server)' ;;
		process) what='`tare bench -j2 --no-fork-server` (a callgrind per benchmark)' ;;
		floor) what='bare `valgrind --tool=callgrind` runs / 2 (the floor)' ;;
		esac
		awk -v w="$what" -v med="$med" -v min="$min" -v max="$max" -v f="$bfloor" \
			'BEGIN { printf "| %s | %.3f | %.3f | %.3f | %.1f | %.2fx |\n", w, med, min, max, med * 1000 / 50, med / f }'
	done
	echo
	awk -v t="$btare" -v p="$bprocess" -v f="$bfloor" 'BEGIN {
		printf "tare bench / floor = **%.2fx** (goal: at most 0.2x); --no-fork-server / floor = **%.2fx** (goal: within 1.15x).\n", t / f, p / f }'
	echo
	echo "## memory"
	echo
	echo "Peak resident set size of \`tare test -j2\` (median of 5 runs; it moves by some 100 KiB"
	echo "from run to run). The tests are a small harness of the list protocol (bench/memory_tests.c),"
	echo "each passing at once, silent or printing 17 MB to stdout; a finished test leaves its 8-byte"
	echo "outcome, the list keeps its case and name."
	echo
	echo "| run | tests | peak (MB) | vs 200 silent |"
	echo "| --- | ---: | ---: | ---: |"
	base=$(echo "$mem" | awk '$1 == "silent" && $2 == 200 { print $3 }')
	echo "$mem" | while read -r name tests kib; do
		case $name in
		silent) what='silent tests' ;;
		chatty) what='passing tests printing 17 MB each' ;;
		junit) what='silent tests, with `--junit`' ;;
		esac
		awk -v w="$what" -v t="$tests" -v k="$kib" -v b="$base" \
			'BEGIN { printf "| %s | %d | %.1f | %.2fx |\n", w, t, k * 1024 / 1e6, k / b }'
	done
	echo
	echo "$mem" | awk -v b="$base" '$1 == "silent" && $2 == 20000 { s = $3 } $1 == "chatty" { c = $3 }
		END { printf "20,000 / 200 silent = **%.2fx** (goal: within 1.5x); 40 chatty tests: **%.1f MB** (goal: under 40).\n", s / b, c * 1024 / 1e6 }'
} > "$tmp"
mv "$tmp" bench/RESULTS.md
cat bench/RESULTS.md
