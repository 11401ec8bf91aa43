#!/bin/sh
# Which src/ module calls which, from the built objects: a module depends on
# the one that defines a symbol it leaves undefined. Prints "MODULE: the
# modules it calls", one line each, then every cycle among them (tsort
# finds them), and exits 1 if there is one.
#
#   scripts/module-deps.sh [OBJDIR]          OBJDIR: build/obj (make first)
#   scripts/module-deps.sh build/obj testrun batch report events junit
#                                            only among these modules
set -eu
cd "$(dirname "$0")/.."
obj=${1:-build/obj}
[ $# -gt 0 ] && shift
only=" $* "
tmp=${TMPDIR:-/tmp}/tare-deps.$$
trap 'rm -f "$tmp".*' EXIT

ls "$obj"/*.o >/dev/null 2>&1 || { echo "module-deps: no objects in $obj (run make)" >&2; exit 2; }
for o in "$obj"/*.o; do
	m=$(basename "$o" .o)
	nm --defined-only -g "$o" | awk -v m="$m" '{ print $3, m }' >>"$tmp.def"
	nm -u "$o" | awk -v m="$m" '{ print $2, m }' >>"$tmp.use"
done
# symbol definer / symbol user -> "user definer", one edge each
awk 'NR == FNR { def[$1] = $2; next }
     ($1 in def) && def[$1] != $2 { print $2, def[$1] }' "$tmp.def" "$tmp.use" |
	sort -u >"$tmp.edges"
if [ "$only" != "  " ]; then
	awk -v only="$only" 'index(only, " " $1 " ") && index(only, " " $2 " ")' \
		"$tmp.edges" >"$tmp.sub"
	mv "$tmp.sub" "$tmp.edges"
fi
awk '{ to[$1] = to[$1] " " $2 } END { for (m in to) print m ":" to[m] }' "$tmp.edges" | sort
if tsort "$tmp.edges" >/dev/null 2>"$tmp.loops"; then
	echo "no cycles"
else
	sed 's/^tsort: [^:]*: input contains a loop:$/cycle:/; s/^tsort: //' "$tmp.loops"
	exit 1
fi
