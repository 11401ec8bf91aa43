#!/bin/sh
# make screenshots: the README's pictures, docs/images/flamegraph.png and
# docs/images/report.png, made from a profile of tare itself (tare annotate
# reading one of its test profiles, under callgrind) and rendered by
# headless Chromium (scripts/deps.sh browser installs what this needs).
set -eu
tare=${1:-build/tare}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tare-shots.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
root=$PWD
case $tare in /*) ;; *) tare=$root/$tare ;; esac
valgrind -q --tool=callgrind --callgrind-out-file="$tmp/annotate.callgrind.out" \
	"$tare" annotate --inclusive=yes --tree=both tests/annotate/profiles/callgrind.cachesim.out > /dev/null
(
	cd "$tmp"
	"$tare" flamegraph --title "tare annotate, under callgrind: Ir" annotate.callgrind.out -o flame.svg
	"$tare" report -I "$root" --title "tare report: tare annotate, under callgrind" \
		annotate.callgrind.out -o report.html
)
mkdir -p docs/images
export NODE_PATH="${NODE_PATH:-$(npm root -g)}"
node tests/browser/shot.js "$tmp/flame.svg" docs/images/flamegraph.png
node tests/browser/shot.js "$tmp/report.html" docs/images/report.png 1280 1100
ls -l docs/images/flamegraph.png docs/images/report.png
