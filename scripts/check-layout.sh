#!/bin/sh
# scripts/check-layout.sh BUILD: the file list keeps the shape
# docs/architecture.md draws.
#
#  - src/lib/ (the basics) includes only itself: no basic knows about tests,
#    profiles or benchmarks;
#  - no two modules call each other, directly or round a loop: an object
#    file's undefined symbols point at the object that defines them, and
#    the graph they make has no cycle. (The command files and main.c are
#    left out: they are the top, and call everything.)
#
# With -v it prints each module's dependencies instead.
set -eu

verbose=0
if [ "${1:-}" = -v ]; then
	verbose=1
	shift
fi
build=${1:?usage: check-layout.sh [-v] BUILD_DIR}
cd "$(dirname "$0")/.."
status=0

if [ -d src/lib ]; then
	for f in src/lib/*.c src/lib/*.h; do
		for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
			if [ ! -f "src/lib/$inc" ]; then
				echo "check-layout: $f includes \"$inc\", which is not in src/lib/" >&2
				status=1
			fi
		done
	done
fi

objs=$(find "$build/obj" -path "$build/obj/tests" -prune -o -name '*.o' -print | sort)
[ -n "$objs" ] || { echo "check-layout: no objects in $build/obj (build first)" >&2; exit 2; }
for o in $objs; do
	m=${o#"$build/obj/"}
	m=${m%.o}
	case "$m" in cmd_*|main) continue ;; esac
	nm "$o" | awk -v m="$m" '$1 == "U" { print "U", m, $2 } NF == 3 && $2 ~ /^[TDBRV]$/ { print "D", m, $3 }'
done | awk -v verbose="$verbose" '
	$1 == "D" { def[$3] = $2; next }
	{ use[NR] = $2 " " $3 }
	END {
		for (k in use) {
			split(use[k], p, " ")
			if (!(p[2] in def) || def[p[2]] == p[1])
				continue
			a = p[1]; b = def[p[2]]
			if (!((a, b) in edge)) {
				edge[a, b] = 1
				via[a, b] = p[2]
			}
			node[a] = 1; node[b] = 1
		}
		if (verbose) {
			for (a in node) {
				line = ""
				for (b in node)
					if ((a, b) in edge)
						line = line " " b
				print a ":" line
			}
			exit 0
		}
		for (k in edge)
			reach[k] = 1
		for (c in node)
			for (a in node)
				if ((a, c) in reach)
					for (b in node)
						if ((c, b) in reach)
							reach[a, b] = 1
		bad = 0
		for (k in edge) {
			split(k, p, SUBSEP)
			if ((p[2], p[1]) in reach) {
				printf "check-layout: %s calls %s (%s), which reaches back to %s\n",
					p[1], p[2], via[k], p[1] > "/dev/stderr"
				bad = 1
			}
		}
		exit bad
	}' || status=1
exit $status
