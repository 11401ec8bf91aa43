#!/bin/sh
# What tare needs from the system, for the part of the work asked:
#   scripts/deps.sh [core]         building and testing (make, make check, make demo)
#   scripts/deps.sh bench          make bench (adds cmake, for ctest as the anchor)
#   scripts/deps.sh fuzz           make fuzz (adds clang's libFuzzer runtime)
#   scripts/deps.sh deb            make deb (dpkg-buildpackage, fakeroot)
#   scripts/deps.sh adapters       the test frameworks tare runs, for make
#                                  check's adapter cases (they skip without)
#   scripts/deps.sh browser        Chromium, Node.js and playwright-core (from
#                                  npm), for make check's browser tests of the
#                                  pages tare writes and make screenshots
#   scripts/deps.sh all            all of them
# With --check it only looks: it says what is missing, how to get it, and
# exits 1; nothing is installed. It looks for the tools themselves (on PATH,
# headers the compiler finds, libraries it links), not for packages, so it
# works on any system. Without --check (make deps, make demo), whatever is
# missing is installed from Debian's packages: as root with apt-get,
# otherwise it prints the command and stops.
set -eu

check_only=0
if [ "${1:-}" = "--check" ]; then
	check_only=1
	shift
fi
part=${1:-core}
case $part in
core|bench|fuzz|adapters|deb|browser|all) ;;
*) echo "usage: $0 [--check] [core|bench|fuzz|adapters|deb|browser|all]" >&2; exit 2 ;;
esac

cc=${CC:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tare-deps.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Each requirement: what is missing, and the Debian package that brings it.
missing=""
packages=""
need() {	# WHAT PACKAGE
	missing="$missing
  $1"
	case " $packages " in
	*" $2 "*) ;;
	*) packages="$packages $2" ;;
	esac
}

have_command() {
	command -v "$1" >/dev/null 2>&1
}

# Compiles and links a program that includes HEADER and links LIBS.
compiles() {	# HEADER [LIBS]
	printf '#include <%s>\nint main(void) { return 0; }\n' "$1" > "$tmp/t.c"
	"$cc" -o "$tmp/t" "$tmp/t.c" ${2:-} >/dev/null 2>&1
}

want_core() {
	have_command make || need "make" make
	have_command "$cc" || need "a C compiler ($cc)" gcc
	have_command "${CXX:-c++}" || need "a C++ compiler (${CXX:-c++}), for tare.h's C++ check" g++
	have_command clang || need "clang (the -Werror build in make check)" clang
	have_command clang++ || need "clang++ (the -Werror build in make check)" clang
	have_command valgrind || need "valgrind" valgrind
	have_command callgrind_annotate || need "callgrind_annotate (tests/annotate compares with it)" valgrind
	# Headers and libraries can only be looked for with a compiler.
	have_command "$cc" || return 0
	compiles stdio.h || need "the C library's headers (stdio.h)" libc6-dev
	compiles valgrind/valgrind.h || need "Valgrind's client-request headers (valgrind/valgrind.h)" valgrind
	compiles expat.h -lexpat || need "expat (expat.h, -lexpat: memcheck's XML)" libexpat1-dev
	compiles zlib.h -lz || need "zlib (zlib.h, -lz: gzip-compressed profiles)" zlib1g-dev
}

want_bench() {
	have_command cmake || need "cmake (ctest, the runner benchmark's anchor)" cmake
	have_command ctest || need "ctest (the runner benchmark's anchor)" cmake
}

want_fuzz() {
	have_command clang || need "clang" clang
	printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
		> "$tmp/f.c"
	clang -fsanitize=fuzzer -o "$tmp/f" "$tmp/f.c" >/dev/null 2>&1 ||
		need "clang's libFuzzer runtime (-fsanitize=fuzzer)" libclang-rt-14-dev
}

# The frameworks whose binaries tare runs, and the build systems whose
# test lists it reads.
want_adapters() {
	have_command "${CXX:-c++}" || return 0
	printf '#include <gtest/gtest.h>\nint main() { return 0; }\n' > "$tmp/g.cc"
	"${CXX:-c++}" -o "$tmp/g" "$tmp/g.cc" -lgtest -pthread >/dev/null 2>&1 ||
		need "GoogleTest (gtest/gtest.h, -lgtest)" libgtest-dev
	compiles criterion/criterion.h -lcriterion ||
		need "Criterion (criterion/criterion.h, -lcriterion)" libcriterion-dev
	printf '#include <stdarg.h>\n#include <stddef.h>\n#include <setjmp.h>\n#include <cmocka.h>\nint main(void) { return 0; }\n' \
		> "$tmp/m.c"
	"$cc" -o "$tmp/m" "$tmp/m.c" -lcmocka >/dev/null 2>&1 ||
		need "cmocka (cmocka.h, -lcmocka)" libcmocka-dev
	have_command cmake || need "cmake (CTest projects)" cmake
	have_command meson || need "meson (Meson projects)" meson
	have_command ninja || need "ninja (Meson's backend)" ninja-build
	have_command pkg-config || need "pkg-config" pkg-config
}

want_deb() {
	have_command dpkg-buildpackage || need "dpkg-buildpackage (make deb)" dpkg-dev
	have_command fakeroot || need "fakeroot (make deb)" fakeroot
}

# The browser tests drive Debian's Chromium with playwright-core, a
# maintained library that needs no browser download of its own; npm
# installs it where every checkout finds it (npm root -g).
PLAYWRIGHT=playwright-core@1
npm_need=
have_playwright() {
	have_command node && have_command npm &&
		NODE_PATH=$(npm root -g 2>/dev/null) node -e "require('playwright-core')" >/dev/null 2>&1
}
want_browser() {
	have_command chromium || need "Chromium (the browser tests of tare's pages)" chromium
	have_command node || need "Node.js (drives Chromium in the browser tests)" nodejs
	have_command npm || need "npm (installs playwright-core)" npm
	if ! have_playwright; then
		npm_need=1
		missing="$missing
  playwright-core, from npm (drives Chromium)"
	fi
}

want_core
case $part in
bench) want_bench ;;
fuzz) want_fuzz ;;
adapters) want_adapters ;;
deb) want_deb ;;
browser) want_browser ;;
all) want_bench; want_fuzz; want_adapters; want_deb; want_browser ;;
esac
[ -z "$missing" ] && exit 0

if [ $check_only -eq 1 ]; then
	echo "tare: missing for this step:$missing" >&2
	echo "tare: install them with 'make deps' (on Debian: apt-get install -y$packages${npm_need:+; npm install -g $PLAYWRIGHT})" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "tare: missing:$missing" >&2
	echo "tare: no apt-get here: install them by hand (Debian's packages:$packages)" >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "tare: missing:$missing" >&2
	echo "tare: install them with: sudo apt-get install -y$packages${npm_need:+; sudo npm install -g $PLAYWRIGHT}" >&2
	exit 1
fi
if [ -n "$packages" ]; then
	echo "tare: installing$packages" >&2
	export DEBIAN_FRONTEND=noninteractive
	# A fresh machine may have no package lists yet.
	apt-get install -y --no-install-recommends $packages >/dev/null 2>&1 || {
		apt-get update -q >/dev/null
		apt-get install -y --no-install-recommends $packages
	}
fi
if [ -n "$npm_need" ] && ! have_playwright; then
	echo "tare: installing $PLAYWRIGHT (npm install -g)" >&2
	npm install -g --no-fund --no-audit "$PLAYWRIGHT" >/dev/null
fi
