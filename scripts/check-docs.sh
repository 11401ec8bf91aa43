#!/bin/sh
# The option tables are the one source: every option `tare CMD --help`
# prints must appear in the man page and in the README, neither may
# document an option that no command has, and the README's usage block
# for each command is its help text, verbatim.
set -eu
tare=${1:-build/tare}
cd "$(dirname "$0")/.."
tmp=${TMPDIR:-/tmp}/tare-docs.$$
trap 'rm -f "$tmp".*' EXIT

status=0
all=""
for cmd in test bench annotate diff flamegraph report; do
	opts=$("$tare" $cmd --help | sed -n 's/^  \(-., \|    \)\(--[a-z-]*\).*/\2/p')
	all="$all $opts"
	for opt in $opts; do
		for doc in docs/tare.1 README.md; do
			# The man page escapes dashes: \-\-retries.
			pat=$(printf '%s' "$opt" | sed 's/-/\\\\\\?-/g')
			if ! grep -q -- "$pat" "$doc"; then
				echo "check-docs: $doc does not mention $opt (tare $cmd)" >&2
				status=1
			fi
		done
	done
	"$tare" $cmd --help > "$tmp.help"
	sed -n "/^### tare $cmd\$/,/^##/p" README.md | sed -n '/^```$/,/^```$/p' | sed '1d;$d' \
		> "$tmp.readme"
	if ! cmp -s "$tmp.help" "$tmp.readme"; then
		echo "check-docs: README.md's usage block differs from 'tare $cmd --help':" >&2
		diff "$tmp.help" "$tmp.readme" >&2 || true
		status=1
	fi
done
for doc in docs/tare.1 README.md; do
	for opt in $(sed 's/\\-/-/g' "$doc" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		case " $(echo $all) --help --version --no-fail-fast --profile " in
		*" $opt "*) ;;
		*)
			# Options of the test binaries and other tools may appear too.
			case "$opt" in
			--list|--exact|--format|--ignored|--cflags|--libs|--nocapture|--leak-check|--show-leak-kinds|--errors-for-leak-kinds|--error-exitcode|--test-dir|--bench|--bench-wall|--tool|--cache-sim|--collect-atstart|--separate-threads|--callgrind-out-file|--separate-callers|--dump-instr) ;;
			*) echo "check-docs: $doc mentions $opt, which no tare command has" >&2; status=1 ;;
			esac
		esac
	done
done
# The man pages made from the docs must read without a complaint from man.
if command -v man >/dev/null 2>&1; then
	for page in "$(dirname "$tare")"/man/*.[0-9] docs/tare.1; do
		[ -f "$page" ] || continue
		if man --warnings -l "$page" 2>&1 >/dev/null | grep -q .; then
			echo "check-docs: $page: man warns:" >&2
			man --warnings -l "$page" 2>&1 >/dev/null | head -5 >&2
			status=1
		fi
	done
fi
exit $status
