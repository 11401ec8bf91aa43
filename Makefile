# tare: plain GNU make. `make help` lists the targets.

CC ?= cc
CXX ?= c++
BUILD ?= build
PREFIX ?= /usr/local
OPT ?= -O2 -g
SAN ?=

WARN = -Wall -Wextra -Werror -Wvla -Wstrict-prototypes -Wmissing-prototypes \
       -Wwrite-strings -Wshadow -Wpointer-arith -Wformat=2 -Wno-format-nonliteral
TARE_CFLAGS = -std=c11 $(OPT) $(SAN) $(WARN) -D_GNU_SOURCE -Isrc -Isrc/lib -Iinclude -MMD -MP $(CFLAGS)
TARE_LDFLAGS = $(SAN) $(LDFLAGS)
LIBS = -lexpat -lz -lm

# Every module but main.c goes into a static library that the unit tests
# link against too.
SRC = $(filter-out src/main.c,$(wildcard src/*.c src/lib/*.c))
# The pages' scripts and styles (src/assets/) are built into the binary.
ASSETS = $(sort $(wildcard src/assets/*))
OBJ = $(SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/assets.o
LIB = $(BUILD)/libtare.a

UNIT_SRC = $(wildcard tests/unit/*.c)
UNIT_OBJ = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/obj/tests/unit/%.o)
FIXTURE_SRC = $(wildcard tests/fixtures/*.c)
FIXTURES = $(FIXTURE_SRC:tests/fixtures/%.c=$(BUILD)/fixtures/%) $(BUILD)/fixtures/memcheck_errors \
	   $(addprefix $(BUILD)/fixtures/,benches benches_O0 benches_novg bench_bad bench_grow)
# tare.toml(5) and tare.h(3) are made from the documents they are the manual of.
MANPAGES = $(BUILD)/man/tare.toml.5 $(BUILD)/man/tare.h.3

# Test binaries of other frameworks, for tests/cli's adapter cases; those
# of a framework that is not installed are not built, and their cases
# skip (make deps installs every framework).
ADAPTERS = $(BUILD)/fixtures/adapters
HAVE_GTEST := $(shell printf '\043include <gtest/gtest.h>\nint main(){return 0;}\n' | \
	$(CXX) -x c++ -o /dev/null - -lgtest -pthread >/dev/null 2>&1 && echo yes)
HAVE_CRITERION := $(shell printf '\043include <criterion/criterion.h>\n' | \
	$(CC) -x c -o /dev/null - -lcriterion >/dev/null 2>&1 && echo yes)
HAVE_CMOCKA := $(shell printf '\043include <stdarg.h>\n\043include <stddef.h>\n\043include <setjmp.h>\n\043include <cmocka.h>\nint main(void){return 0;}\n' | \
	$(CC) -x c -o /dev/null - -lcmocka >/dev/null 2>&1 && echo yes)
UNITY_MODES = ok crash hang lies leak
PLAIN_MODES = pass fail skip error leak
FIXTURES += $(ADAPTERS)/libtest_like $(PLAIN_MODES:%=$(ADAPTERS)/plain_%) \
	    $(UNITY_MODES:%=$(ADAPTERS)/unity_%) \
	    $(if $(HAVE_CMOCKA),$(ADAPTERS)/cmocka_suite) \
	    $(if $(HAVE_GTEST),$(ADAPTERS)/gtest_suite) \
	    $(if $(HAVE_CRITERION),$(ADAPTERS)/criterion_suite)
TEST_BINS = $(BUILD)/tests/unit $(BUILD)/tests/cli $(BUILD)/tests/memcheck $(BUILD)/tests/annotate \
	    $(BUILD)/tests/bench $(BUILD)/tests/projects $(BUILD)/tests/browser \
	    $(BUILD)/tests/header_c99 $(BUILD)/tests/header_c11 $(BUILD)/tests/header_cxx

.PHONY: screenshots deb all bins check check-tools demo-packages check-valgrind check-clang demo bench asan fuzz install uninstall clean deps help

all: bins examples

help:
	@echo "make            build tare, its tests and the example"
	@echo "make demo       install missing packages, build, run tare on examples/"
	@echo "make check      build and run every test (also under --profile valgrind)"
	@echo "make asan       the same tests with AddressSanitizer and UBSan"
	@echo "make bench      run bench/ and write bench/RESULTS.md"
	@echo "make fuzz       fuzz the parsers with libFuzzer (FUZZ_SECONDS=$(FUZZ_SECONDS) each)"
	@echo "make install    install to PREFIX=$(PREFIX) (make uninstall removes it)"
	@echo "make deb        build a Debian package into build/"
	@echo "make screenshots  remake docs/images/ with headless Chromium"

# Only make deps and make demo install packages; every other target only
# checks and says what is missing.
deps:
	@scripts/deps.sh all

check-tools:
	@scripts/deps.sh --check core

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(TARE_CFLAGS) -c -o $@ $<

$(BUILD)/gen/assets.c: $(ASSETS) scripts/embed.sh
	@mkdir -p $(@D)
	@scripts/embed.sh $@ $(ASSETS)

$(BUILD)/obj/gen/assets.o: $(BUILD)/gen/assets.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(TARE_CFLAGS) -c -o $@ $<

$(LIB): $(OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/tare: $(BUILD)/obj/main.o $(LIB)
	$(CC) $(TARE_LDFLAGS) -o $@ $^ $(LIBS)

# tare's own tests are written with tare.h; tests/support is what the
# behaviour tests share. One rule compiles every test source.
$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(TARE_CFLAGS) -Itests/support -c -o $@ $<

SUPPORT = $(BUILD)/obj/tests/support/support.o

$(BUILD)/tests/unit: $(UNIT_OBJ) $(SUPPORT) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(TARE_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/cli: $(BUILD)/obj/tests/cli/cli_test.o $(SUPPORT) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(TARE_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/memcheck: $(BUILD)/obj/tests/memcheck/memcheck_test.o $(SUPPORT) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(TARE_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/annotate: $(BUILD)/obj/tests/annotate/annotate_test.o $(SUPPORT) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(TARE_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/bench: $(BUILD)/obj/tests/bench/bench_test.o $(SUPPORT) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(TARE_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/projects: $(BUILD)/obj/tests/projects/projects_test.o $(SUPPORT) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(TARE_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/browser: $(BUILD)/obj/tests/browser/browser_test.o $(SUPPORT) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(TARE_LDFLAGS) -o $@ $^ $(LIBS)

# The header itself, compiled as C99, C11 and C++17 at -Wpedantic: every
# assertion checked for its message and for evaluating arguments once.
HEADER_WARN = -Wall -Wextra -Wpedantic -Werror
$(BUILD)/tests/header_c99: tests/header/header_test.c tests/header/second_unit.c include/tare.h
	@mkdir -p $(@D)
	$(CC) -std=c99 $(OPT) $(SAN) $(HEADER_WARN) -Iinclude -o $@ tests/header/header_test.c tests/header/second_unit.c
$(BUILD)/tests/header_c11: tests/header/header_test.c tests/header/second_unit.c include/tare.h
	@mkdir -p $(@D)
	$(CC) -std=c11 $(OPT) $(SAN) $(HEADER_WARN) -Iinclude -o $@ tests/header/header_test.c tests/header/second_unit.c
$(BUILD)/tests/header_cxx: tests/header/header_test.c tests/header/second_unit.c include/tare.h
	@mkdir -p $(@D)
	$(CXX) -std=c++17 $(OPT) $(SAN) $(HEADER_WARN) -Iinclude -o $@ -x c++ tests/header/header_test.c -x c++ tests/header/second_unit.c

# Fixture binaries pass, fail, crash, hang and leak on purpose; the CLI
# tests run tare on them. They live outside build/tests so that `tare test`
# on this project does not pick them up, and are never built with
# sanitizers, which would turn their crashes into reports.
$(BUILD)/fixtures/memcheck_errors: tests/memcheck/errors.c include/tare.h
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) -std=c11 -O0 -g -Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude -o $@ $<

# Benchmarks are measured optimised, as users should build them; the same
# source at -O0 and without Valgrind's headers checks the warnings.
BENCH_FIXTURE_CFLAGS = -std=c11 -g -Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude
$(BUILD)/fixtures/benches: tests/bench/benches.c include/tare.h
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(BENCH_FIXTURE_CFLAGS) -O2 -o $@ $<
$(BUILD)/fixtures/benches_O0: tests/bench/benches.c include/tare.h
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(BENCH_FIXTURE_CFLAGS) -O0 -o $@ $<
$(BUILD)/fixtures/benches_novg: tests/bench/benches.c include/tare.h
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(BENCH_FIXTURE_CFLAGS) -O2 -DTARE_NO_VALGRIND -o $@ $<
$(BUILD)/fixtures/bench_grow: tests/bench/bench_grow.c include/tare.h
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(BENCH_FIXTURE_CFLAGS) -O2 -o $@ $<
$(BUILD)/fixtures/bench_bad: tests/bench/bench_bad.c include/tare.h
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(BENCH_FIXTURE_CFLAGS) -O2 -pthread -o $@ $<

$(BUILD)/fixtures/%: tests/fixtures/%.c include/tare.h
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) -std=c11 -O0 -g -Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude -o $@ $<

ADAPTER_CFLAGS = -O0 -g -Wall -Wextra -Werror
$(ADAPTERS)/gtest_suite: tests/adapters/gtest_suite.cc
	@mkdir -p $(@D)
	@echo "  CXX     $@"
	@$(CXX) -std=c++17 $(ADAPTER_CFLAGS) -o $@ $< -lgtest_main -lgtest -pthread
$(ADAPTERS)/criterion_suite: tests/adapters/criterion_suite.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) -std=gnu11 $(ADAPTER_CFLAGS) -o $@ $< -lcriterion
$(ADAPTERS)/plain_%: tests/adapters/plain.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) -std=c11 $(ADAPTER_CFLAGS) -DPLAIN_MODE='"$*"' -o $@ $<
$(ADAPTERS)/cmocka_suite: tests/adapters/cmocka_suite.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) -std=c11 $(ADAPTER_CFLAGS) -o $@ $< -lcmocka
$(ADAPTERS)/unity_%: tests/adapters/unity_like.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) -std=c11 $(ADAPTER_CFLAGS) -DUNITY_MODE='"$*"' -o $@ $<
$(ADAPTERS)/libtest_like: tests/adapters/libtest_like.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) -std=c11 $(ADAPTER_CFLAGS) -o $@ $<

examples: $(BUILD)/tare
	@$(MAKE) -s -C examples CC="$(CC)" SAN="$(SAN)"

# The test run: every binary under build/tests, as tare.toml says; the
# unit and header tests once more under memcheck.
TARE_TEST_ENV = TARE_EXE=$(abspath $(BUILD)/tare) TARE_FIXTURES=$(abspath $(BUILD)/fixtures)
ifeq ($(BUILD),build)
TARE_TEST_BINS =
else
TARE_TEST_BINS = $(addprefix -b ,$(TEST_BINS))
endif

# Every step runs, whatever failed before it, and the last line names
# each step that failed.
check: check-tools all
	@failed=""; \
	echo "$(TARE_TEST_ENV) $(BUILD)/tare test --no-build --no-fail-fast $(TARE_TEST_BINS) $(TARE_TEST_ARGS)"; \
	$(TARE_TEST_ENV) $(BUILD)/tare test --no-build --no-fail-fast $(TARE_TEST_BINS) $(TARE_TEST_ARGS) || \
		failed="$$failed tests"; \
	$(MAKE) -s check-valgrind || failed="$$failed check-valgrind"; \
	$(MAKE) -s check-clang || failed="$$failed check-clang"; \
	scripts/check-docs.sh $(BUILD)/tare || failed="$$failed check-docs"; \
	scripts/check-layout.sh $(BUILD) || failed="$$failed check-layout"; \
	if [ -n "$$failed" ]; then echo "make check: FAILED:$$failed"; exit 1; fi; \
	echo "make check: all passed"

# We use what we build: every test binary again, each test under memcheck.
check-valgrind: all
	$(TARE_TEST_ENV) $(BUILD)/tare test --no-build --no-fail-fast --profile valgrind \
		$(TARE_TEST_BINS) $(TARE_TEST_ARGS)

# The whole tree must also build clean with clang at -Werror.
check-clang:
	@echo "  clang build (warnings are errors)"
	@$(MAKE) -s BUILD=build-clang CC=clang CXX=clang++ bins

bins: $(BUILD)/tare $(TEST_BINS) $(FIXTURES) $(MANPAGES)

# make demo installs what building and testing need (make deps: all of it).
demo-packages:
	@scripts/deps.sh core

demo: demo-packages all
	@echo "== tare test, in examples/ =="
	cd examples && ../$(BUILD)/tare test
	@echo "== the same tests under memcheck: tare test --profile valgrind =="
	cd examples && ../$(BUILD)/tare test --profile valgrind
	@echo "== one test profiled: tare test --profile callgrind, then tare annotate =="
	cd examples && ../$(BUILD)/tare test --profile callgrind write_then_read_round_trips
	cd examples && ../$(BUILD)/tare annotate --auto=no .tare/profiles/ring_test/write_then_read_round_trips.callgrind.out
	@echo "== the benchmarks, in instructions: tare bench, then its RESULTS.md =="
	cd examples && ../$(BUILD)/tare bench
	cat examples/build/RESULTS.md

asan:
	@$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" \
		all
	TARE_EXE=$(abspath build-asan/tare) TARE_FIXTURES=$(abspath build-asan/fixtures) \
		build-asan/tare test --no-build $(addprefix -b build-asan/tests/,unit cli memcheck annotate bench projects browser header_c99 header_c11 header_cxx)

# The README's pictures, rendered by headless Chromium.
screenshots: all
	@scripts/deps.sh --check browser
	scripts/screenshots.sh $(BUILD)/tare

bench: all
	@scripts/deps.sh --check bench
	bench/run.sh $(BUILD)

FUZZ_SECONDS ?= 30
# Third-party profiles to seed the callgrind fuzzer with, when there are any.
TARE_CORPUS ?= ../shared/corpus
FUZZ_TARGETS = $(patsubst fuzz/%.c,build-fuzz/%,$(wildcard fuzz/*_fuzz.c))
FUZZ_CFLAGS = -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc -Isrc/lib -Iinclude
build-fuzz/gen/assets.c: $(ASSETS) scripts/embed.sh
	@mkdir -p $(@D)
	@scripts/embed.sh $@ $(ASSETS)
build-fuzz/%: fuzz/%.c $(SRC) build-fuzz/gen/assets.c $(wildcard src/*.h src/lib/*.h)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -o $@ $< $(SRC) build-fuzz/gen/assets.c $(LIBS)
fuzz:
	@scripts/deps.sh --check fuzz
	@$(MAKE) -s $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do \
		name=$${t#build-fuzz/}; name=$${name%_fuzz}; \
		mkdir -p build-fuzz/corpus/$$name; \
		echo "== fuzz $$name for $(FUZZ_SECONDS)s"; \
		seeds=fuzz/corpus/$$name; \
		if [ $$name = callgrind ]; then \
			seeds="$$seeds tests/annotate/profiles $$(ls -d $(TARE_CORPUS) 2>/dev/null)"; fi; \
		$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -close_fd_mask=2 \
			build-fuzz/corpus/$$name $$seeds || exit 1; \
	done

# What make install puts where; DESTDIR stages it (debian/ does).
VERSION := $(shell sed -n 's/^\#define TARE_VERSION_STRING "\(.*\)"/\1/p' src/cmd.h)
# tare.h includes <valgrind/valgrind.h>: the folder above valgrind.pc's.
VALGRIND_INCLUDEDIR := $(patsubst %/valgrind,%,$(or $(shell pkg-config --variable=includedir valgrind 2>/dev/null),/usr/include))
BINDIR = $(DESTDIR)$(PREFIX)/bin
INCDIR = $(DESTDIR)$(PREFIX)/include
MAN1DIR = $(DESTDIR)$(PREFIX)/share/man/man1
MAN3DIR = $(DESTDIR)$(PREFIX)/share/man/man3
MAN5DIR = $(DESTDIR)$(PREFIX)/share/man/man5
PCDIR = $(DESTDIR)$(PREFIX)/lib/pkgconfig
CMAKEDIR = $(DESTDIR)$(PREFIX)/lib/cmake/tare
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
SUBST = sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    -e 's|@VALGRIND_INCLUDEDIR@|$(VALGRIND_INCLUDEDIR)|g'

$(BUILD)/man/tare.toml.5: docs/config.md scripts/man.sh src/cmd.h
	@mkdir -p $(@D)
	scripts/man.sh 5 tare.toml docs/config.md > $@
$(BUILD)/man/tare.h.3: include/tare.h scripts/man.sh src/cmd.h
	@mkdir -p $(@D)
	scripts/man.sh 3 tare.h include/tare.h > $@

install: $(BUILD)/tare $(MANPAGES)
	install -d $(BINDIR) $(INCDIR) $(MAN1DIR) $(MAN3DIR) $(MAN5DIR) $(PCDIR) $(CMAKEDIR) $(BASHDIR)
	install -m 755 $(BUILD)/tare $(BINDIR)/tare
	install -m 644 include/tare.h $(INCDIR)/tare.h
	install -m 644 docs/tare.1 $(MAN1DIR)/tare.1
	install -m 644 $(BUILD)/man/tare.toml.5 $(MAN5DIR)/tare.toml.5
	install -m 644 $(BUILD)/man/tare.h.3 $(MAN3DIR)/tare.h.3
	$(SUBST) packaging/tare.pc.in > $(PCDIR)/tare.pc
	$(SUBST) packaging/tareConfig.cmake.in > $(CMAKEDIR)/tareConfig.cmake
	install -m 644 packaging/tareAddTests.cmake $(CMAKEDIR)/tareAddTests.cmake
	install -m 644 packaging/tare.bash $(BASHDIR)/tare

uninstall:
	rm -f $(BINDIR)/tare $(INCDIR)/tare.h $(MAN1DIR)/tare.1 $(MAN5DIR)/tare.toml.5 \
		$(MAN3DIR)/tare.h.3 $(PCDIR)/tare.pc \
		$(CMAKEDIR)/tareConfig.cmake $(CMAKEDIR)/tareAddTests.cmake $(BASHDIR)/tare
	-rmdir $(CMAKEDIR) 2>/dev/null

# A Debian package, built by dpkg-buildpackage from debian/; the .deb lands in build/.
deb:
	@scripts/deps.sh --check deb
	dpkg-buildpackage -b -us -uc
	@mkdir -p build && mv ../tare_$(VERSION)_*.deb build/ && rm -f ../tare_$(VERSION)_*.buildinfo ../tare_$(VERSION)_*.changes
	@ls build/tare_$(VERSION)_*.deb

clean:
	rm -rf build build-asan build-fuzz build-deb
	@$(MAKE) -s -C examples clean

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/lib/*.d $(BUILD)/obj/gen/*.d $(BUILD)/obj/tests/*/*.d)
