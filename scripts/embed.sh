#!/bin/sh
# embed.sh OUT.c FILE...: the page assets (scripts, styles) as C strings,
# one `const char tare_asset_NAME[]` per file, NAME being the file's name
# with every character but letters and digits made '_' (flame.js: flame_js).
set -eu
out=$1
shift
tmp=$out.tmp
{
	echo "/* Made by scripts/embed.sh from $*: do not edit. */"
	echo '#include "assets.h"'
	for f in "$@"; do
		name=$(basename "$f" | sed 's/[^A-Za-z0-9]/_/g')
		echo "const char tare_asset_$name[] ="
		sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/\t/\\t/g' \
		    -e 's/^/\t"/' -e 's/$/\\n"/' "$f"
		printf '\t"";\n'
	done
} > "$tmp"
mv "$tmp" "$out"
