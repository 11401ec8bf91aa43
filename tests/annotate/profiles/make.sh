#!/bin/sh
# Remakes the profiles in this folder from tests/fixtures/profiled.c (and
# callgrind.mutual.out from tests/fixtures/mutual.c, one call of run() with
# recursive calls kept under one name each: --separate-recs=1), with
# the debug information's folder mapped to "." so that source annotation
# finds the file from the project root on any machine. Run from the root:
#     sh tests/annotate/profiles/make.sh
set -eu
out=tests/annotate/profiles
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -std=c11 -O1 -g -fdebug-prefix-map="$PWD"=. -o "$tmp/profiled" tests/fixtures/profiled.c
vg="valgrind -q"
$vg --tool=callgrind --callgrind-out-file="$out/callgrind.default.out" "$tmp/profiled" || true
$vg --tool=callgrind --toggle-collect=sort_hashes --dump-instr=yes --collect-jumps=yes \
	--callgrind-out-file="$out/callgrind.instr-jumps.out" "$tmp/profiled" || true
$vg --tool=callgrind --toggle-collect=main --cache-sim=yes --branch-sim=yes \
	--compress-strings=no --compress-pos=no \
	--callgrind-out-file="$out/callgrind.cachesim.out" "$tmp/profiled" || true
$vg --tool=callgrind --toggle-collect=main --combine-dumps=yes \
	--callgrind-out-file="$out/callgrind.combined.out" "$tmp/profiled" || true
$vg --tool=cachegrind --cache-sim=yes --cachegrind-out-file="$out/cachegrind.out" \
	"$tmp/profiled" || true
gcc -std=c11 -O1 -g -fdebug-prefix-map="$PWD"=. -o "$tmp/mutual" tests/fixtures/mutual.c
$vg --tool=callgrind --separate-recs=1 --toggle-collect=run \
	--callgrind-out-file="$out/callgrind.mutual.out" "$tmp/mutual" || true
# The command line names a temporary folder; make it stable.
sed -i "s|$tmp/profiled|./profiled|; s|$tmp/mutual|./mutual|" "$out"/*.out
ls -l "$out"
