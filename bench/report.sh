#!/bin/bash
# bench/report: tare report on a large callgrind profile.
# Makes, once (cached in WORK_DIR), a profile of about 100 MB: gcc's cc1
# compiling a generated C file under callgrind with --dump-instr=yes
# --collect-jumps=yes --separate-callers=8 (the generator is bench/lib.sh's).
# Then times in one session `tare report FILE -o page.html` and, as the
# anchor, `callgrind_annotate FILE` (default options, one run: it is slow),
# with `tare annotate FILE` beside them; the page's size; and, where
# Chromium and playwright-core are installed, the page in Chromium
# (bench/page-timing.js). Prints one line:
#   bytes report_s report_kb page_bytes annotate_s ca_s ca_kb paint_s open_s sort_s filter_s
# (the last four are "-" without Chromium).
set -euo pipefail

build=${1:?usage: report.sh BUILD_DIR WORK_DIR [ROUNDS]}
work=${2:?}
rounds=${3:-3}
tare=$(cd "$build" && pwd)/tare
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
work=$(cd "$work" && pwd)
. "$here/lib.sh"

profile=$work/cc1.large.out
if [ ! -s "$profile" ]; then
	echo "report: making a large profile (once; cached in $work)" >&2
	[ -s "$work/gen.c" ] || bench_gen_c "$work/gen.c"
	rm -rf "$work/cc1.tmp"
	mkdir -p "$work/cc1.tmp"
	(cd "$work/cc1.tmp" && valgrind -q --tool=callgrind --dump-instr=yes --collect-jumps=yes \
		--separate-callers=8 --trace-children=yes --callgrind-out-file="$work/cc1.tmp/cg.%p" \
		gcc -O2 -c "$work/gen.c" -o gen.o)
	mv "$(ls -S "$work"/cc1.tmp/cg.* | head -1)" "$profile"
	rm -rf "$work/cc1.tmp"
fi

cd "$work"
run_report() { "$tare" report "$profile" -o "$work/page.html"; }
run_annotate() { "$tare" annotate "$profile" > /dev/null; }
run_ca() { callgrind_annotate "$profile" > /dev/null 2>&1; }
bench_times=()
bench_rounds "$rounds" report annotate
bench_rounds 1 ca
timing="- - - -"
if command -v chromium > /dev/null && command -v node > /dev/null &&
   NODE_PATH=$(npm root -g 2>/dev/null) node -e "require('playwright-core')" 2> /dev/null; then
	timing=$(NODE_PATH=$(npm root -g) node "$here/page-timing.js" "$work/page.html" 5 |
		awk '{ print $2, $4, $6, $8 }')
fi
echo "$(stat -c %s "$profile") $(bench_stats report | cut -d' ' -f1) $(bench_peak_kb "$tare" report "$profile" -o "$work/page2.html")" \
	"$(stat -c %s "$work/page.html") $(bench_stats annotate | cut -d' ' -f1)" \
	"$(bench_stats ca | cut -d' ' -f1) $(bench_peak_kb callgrind_annotate "$profile") $timing"
