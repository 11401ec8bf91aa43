#!/bin/sh
# The option table is the one source: every option `tare test --help`
# prints must appear in the man page and in the README, and neither may
# document an option that does not exist.
set -eu
tare=${1:-build/tare}
cd "$(dirname "$0")/.."

opts=$("$tare" test --help | sed -n 's/^  \(-., \|    \)\(--[a-z-]*\).*/\2/p')
status=0
for opt in $opts; do
	for doc in docs/tare.1 README.md; do
		# The man page escapes dashes: \-\-retries.
		pat=$(printf '%s' "$opt" | sed 's/-/\\\\\\?-/g')
		if ! grep -q -- "$pat" "$doc"; then
			echo "check-docs: $doc does not mention $opt" >&2
			status=1
		fi
	done
done
for doc in docs/tare.1 README.md; do
	for opt in $(sed 's/\\-/-/g' "$doc" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		case " $(echo $opts) --help --version --no-fail-fast --profile " in
		*" $opt "*) ;;
		*)
			# Options of the test binaries and other tools may appear too.
			case "$opt" in
			--list|--exact|--format|--ignored|--nocapture|--leak-check|--show-leak-kinds|--errors-for-leak-kinds|--error-exitcode|--test-dir) ;;
			*) echo "check-docs: $doc mentions $opt, which tare test does not have" >&2; status=1 ;;
			esac
		esac
	done
done
# The README's usage block is the help text, verbatim.
"$tare" test --help > "${TMPDIR:-/tmp}/tare-help.$$"
sed -n '/^## Usage$/,/^## /p' README.md | sed -n '/^```$/,/^```$/p' | sed '1d;$d' \
	> "${TMPDIR:-/tmp}/tare-readme.$$"
if ! cmp -s "${TMPDIR:-/tmp}/tare-help.$$" "${TMPDIR:-/tmp}/tare-readme.$$"; then
	echo "check-docs: README.md's usage block differs from 'tare test --help':" >&2
	diff "${TMPDIR:-/tmp}/tare-help.$$" "${TMPDIR:-/tmp}/tare-readme.$$" >&2 || true
	status=1
fi
rm -f "${TMPDIR:-/tmp}/tare-help.$$" "${TMPDIR:-/tmp}/tare-readme.$$"
exit $status
