#!/bin/sh
# scripts/man.sh SECTION NAME SOURCE: a man page from the document it is the
# manual of, so that the two never differ:
#   scripts/man.sh 5 tare.toml docs/config.md     Markdown: headings, paragraphs,
#                                                 lists, tables, code blocks
#   scripts/man.sh 3 tare.h include/tare.h        the header's opening comment,
#                                                 as written
# The page goes to stdout. tare(1) is docs/tare.1, checked against every
# command's --help by check-docs.sh.
set -eu
section=$1 name=$2 source=$3
version=$(sed -n 's/^#define TARE_VERSION_STRING "\(.*\)"/\1/p' "$(dirname "$0")/../src/cmd.h")

printf '.TH %s %s "" "tare %s" "tare"\n' "$(echo "$name" | tr a-z A-Z)" "$section" "$version"
case $source in
*.h)
	printf '.SH NAME\n%s \\- the header tests and benchmarks are written with\n' "$name"
	printf '.SH DESCRIPTION\n.nf\n'
	# The first comment, its " * " margins taken off; roff's escapes escaped.
	awk 'NR == 1 && $0 == "/*" { on = 1; next }
	     on && $0 ~ /^ \*\// { exit }
	     on { sub(/^ \* ?/, ""); gsub(/\\/, "\\e"); if ($0 ~ /^[.'"'"']/) $0 = "\\&" $0; print }' \
		"$source"
	printf '.fi\n.SH SEE ALSO\ntare(1), tare.toml(5)\n'
	;;
*.md)
	printf '.SH NAME\n%s \\- tare'"'"'s configuration file\n' "$name"
	awk '
	function inline(s) {
		gsub(/\\/, "\\e", s)
		gsub(/\001/, "|", s)
		while (match(s, /`[^`]*`/))
			s = substr(s, 1, RSTART - 1) "\\fB" substr(s, RSTART + 1, RLENGTH - 2) "\\fR" \
			    substr(s, RSTART + RLENGTH)
		while (match(s, /\*\*[^*]*\*\*/))
			s = substr(s, 1, RSTART - 1) "\\fB" substr(s, RSTART + 2, RLENGTH - 4) "\\fR" \
			    substr(s, RSTART + RLENGTH)
		if (s ~ /^[.'"'"']/)
			s = "\\&" s
		return s
	}
	/^```/ { code = !code; print code ? ".PP\n.nf" : ".fi"; next }
	code { gsub(/\\/, "\\e"); if ($0 ~ /^[.'"'"']/) $0 = "\\&" $0; print; next }
	/^# / { next }
	/^## / { sub(/^## /, ""); print ".SH " toupper(inline($0)); next }
	/^### / { sub(/^### /, ""); print ".SS " inline($0); next }
	/^\| *---/ { next }
	/^\|/ {
		# An escaped bar is part of a cell: kept out of the split.
		gsub(/\\\|/, "\001")
		n = split($0, cell, /[ ]*\|[ ]*/)
		# The header row names the columns: left out, each entry says what it is.
		if (!seen_header) { seen_header = 1; next }
		print ".TP"
		print inline(cell[2])
		line = ""
		for (i = 3; i < n; i++)
			line = line (i > 3 ? " (default: " : "") inline(cell[i]) (i > 3 ? ")" : "")
		print line
		next
	}
	/^$/ { seen_header = 0; print ".PP"; next }
	/^- / { sub(/^- /, ""); print ".IP \\(bu 2"; print inline($0); next }
	/^  / { sub(/^ +/, ""); print inline($0); next }
	{ print inline($0) }
	' "$source"
	printf '.SH SEE ALSO\ntare(1), tare.h(3)\n'
	;;
*)
	echo "man.sh: $source: neither a header nor Markdown" >&2
	exit 2
	;;
esac
