#!/bin/sh
# Installs the Debian packages tare needs, for the part of the work asked:
#   scripts/deps.sh           building and testing (make, make check, make demo)
#   scripts/deps.sh bench     make bench (adds cmake, for ctest as the anchor)
#   scripts/deps.sh fuzz      make fuzz (adds clang and its libFuzzer runtime)
# As root it runs apt-get; otherwise it prints the exact command and stops.
set -eu

core="make gcc g++ libc6-dev clang valgrind libexpat1-dev zlib1g-dev"
case "${1:-core}" in
core) want="$core" ;;
bench) want="$core cmake" ;;
fuzz) want="$core libclang-rt-14-dev" ;;
all) want="$core cmake libclang-rt-14-dev" ;;
*) echo "usage: $0 [core|bench|fuzz|all]" >&2; exit 2 ;;
esac

missing=""
for pkg in $want; do
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $pkg"
	fi
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "tare: missing packages:$missing (no apt-get here: install them by hand)" >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "tare: missing Debian packages:$missing" >&2
	echo "tare: install them with: sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "tare: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet.
apt-get install -y --no-install-recommends $missing >/dev/null 2>&1 || {
	apt-get update -q >/dev/null
	apt-get install -y --no-install-recommends $missing
}
