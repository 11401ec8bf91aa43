#!/bin/sh
# scripts/check-layout.sh BUILD: the file list keeps the shape
# docs/architecture.md draws.
#
#  - src/lib/ (the basics) includes only itself: no basic knows about tests,
#    profiles or benchmarks;
#  - no two modules call each other, directly or round a loop: an object
#    file's undefined symbols point at the object that defines them, and
#    the graph they make has no cycle. (The command files and main.c are
#    left out: they are the top, and call everything.) Modules in src/lib/
#    are named lib/NAME.
#
# With -v it prints, instead, each module and the modules it calls.
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

# The modules are the sources there are now, not whatever objects lie about.
objs=
for f in src/*.c src/lib/*.c; do
	[ -f "$f" ] || continue
	case "$f" in src/cmd_*|src/main.c) continue ;; esac
	o=$build/obj/${f#src/}
	o=${o%.c}.o
	[ -f "$o" ] || { echo "check-layout: $o is missing (build first)" >&2; exit 2; }
	objs="$objs $o"
done
# One line "USER DEFINER SYMBOL" per symbol a module takes from another.
edges=$(for o in $objs; do
	m=${o#"$build/obj/"}
	m=${m%.o}
	nm "$o" | awk -v m="$m" '$1 == "U" { print "U", m, $2 }
		NF == 3 && $2 ~ /^[TDBRV]$/ { print "D", m, $3 }'
done | awk '$1 == "D" { def[$3] = $2; next }
	{ use[NR] = $2 " " $3 }
	END {
		for (k in use) {
			split(use[k], p, " ")
			if ((p[2] in def) && def[p[2]] != p[1])
				print p[1], def[p[2]], p[2]
		}
	}' | sort -k1,1 -k2,2 -k3,3)

if [ $verbose = 1 ]; then
	echo "$edges" | awk '$1 " " $2 != last { last = $1 " " $2; to[$1] = to[$1] " " $2 }
		END { for (m in to) print m ":" to[m] }' | sort
	exit $status
fi
echo "$edges" | awk '
	!(($1, $2) in edge) { edge[$1, $2] = $3; node[$1] = 1; node[$2] = 1 }
	END {
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
			if (p[1] ~ /^lib\// && p[2] !~ /^lib\//) {
				printf "check-layout: %s calls %s (%s): a basic calls only basics\n",
					p[1], p[2], edge[k] > "/dev/stderr"
				bad = 1
			}
			if ((p[2], p[1]) in reach) {
				printf "check-layout: %s calls %s (%s), which reaches back to %s\n",
					p[1], p[2], edge[k], p[1] > "/dev/stderr"
				bad = 1
			}
		}
		exit bad
	}' || status=1
exit $status
