# keel — one plain Makefile. Variants build into build/<variant>/:
#   release  -O2, the shipped library and CLI
#   asan     -fsanitize=address,undefined, used by `make test`
# `make help` lists the targets.

PREFIX  ?= /usr/local
DESTDIR ?=
VARIANT ?= release
CC      ?= gcc
BUILD   := build/$(VARIANT)

# Debian packages keel needs to build and test (GLPK has no pkg-config file).
# Slurm and munge: the what-if job array is tested on a single-node Slurm that
# the test starts on localhost (tests/slurm/cluster.sh).
DEB_PACKAGES := gcc make pkg-config libglpk-dev libxml2-dev check \
                slurmctld slurmd slurm-client munge
# What only `make test` needs: a real browser to render the HTML report,
# validators for it (tidy: HTML5 rules; xmllint: well-formed), python3 to read
# its DOM and screenshot.
TEST_DEB_PACKAGES := chromium tidy libxml2-utils python3

XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null)
XML_LIBS   := $(shell pkg-config --libs libxml-2.0 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CFLAGS_BASE := -std=c11 -D_DEFAULT_SOURCE -fopenmp $(WARN) -Iinclude -Isrc -I. $(XML_CFLAGS) -MMD -MP
ifeq ($(VARIANT),asan)
  OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all -DKEEL_SANITIZE=1
else
  OPT := -O2 -g
endif
CFLAGS  := $(CFLAGS_BASE) $(OPT) $(EXTRA_CFLAGS)
LDLIBS  := $(XML_LIBS) -lglpk -lm -fopenmp

LIB_SRC   := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)) $(wildcard solvers/*.c))
CLI_SRC   := $(sort $(wildcard src/cli/*.c))
TEST_SRC  := $(sort $(filter-out tests/check_main.c,$(wildcard tests/check_*.c)))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ  := $(TEST_SRC:%.c=$(BUILD)/%.o) $(BUILD)/tests/check_main.o $(BUILD)/tests/seams.o
SUITES_H  := $(BUILD)/tests/suites.h

LIB := $(BUILD)/libkeel.a
BIN := $(BUILD)/keel
TESTBIN := $(BUILD)/check_keel
GEN := $(BUILD)/gen_portfolio

.PHONY: all deps test-deps demo demo-run test test-run bench lint format install clean help fuzz fuzz-long

all: $(LIB) $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

# The benchmark portfolio generator: plain C and libc, no keel code.
$(GEN): benchmarks/gen_portfolio.c
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -fopenmp -MMD -MP,$(CFLAGS)) -o $@ $<

# The fixed-task bench's checker (run.sh section fixed): keel's verifier and
# the simple rule of tests/independent.h on leveled files.
ACCEPT := $(BUILD)/accept_check
$(ACCEPT): benchmarks/accept_check.c tests/independent.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -MMD -MP,$(CFLAGS)) -o $@ $< $(LIB) $(LDLIBS)

# The test runner lists every tests/check_<module>.c suite; the list is generated
# so that a new suite needs no edit here.
$(SUITES_H): $(TEST_SRC) Makefile
	@mkdir -p $(dir $@)
	@{ for f in $(TEST_SRC); do m=$$(basename $$f .c); m=$${m#check_}; \
	   echo "SUITE($$m)"; done; } > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/check_main.o: tests/check_main.c $(SUITES_H)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I$(BUILD)/tests -c $< -o $@

$(TESTBIN): $(TEST_OBJ) $(LIB)
	$(CC) $(CFLAGS) -o $@ $(TEST_OBJ) $(LIB) $(LDLIBS) $(CHECK_LIBS)

# deps: install the Debian packages keel needs (as root, non-interactive);
# test-deps: those the tests need as well.
install_missing = @missing=""; for p in $(1); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq $$missing; \
	fi
deps:
	$(call install_missing,$(DEB_PACKAGES))
test-deps: deps
	$(call install_missing,$(TEST_DEB_PACKAGES))

# test: installs what is missing, then builds from scratch under ASan/UBSan and
# runs every Check suite and the CLI tests.
test: test-deps
	$(MAKE) --no-print-directory VARIANT=asan test-run

test-run: $(TESTBIN) $(BIN) $(GEN)
	@rm -rf $(BUILD)/tmp && mkdir -p $(BUILD)/tmp
	ASAN_OPTIONS=detect_leaks=1 KEEL_TMP=$(abspath $(BUILD)/tmp) KEEL_GEN=$(abspath $(GEN)) $(TESTBIN)
	KEEL=$(abspath $(BIN)) KEEL_GEN=$(abspath $(GEN)) KEEL_TMP=$(abspath $(BUILD)/tmp) \
	  KEEL_CC="$(CC) $(filter-out -MMD -MP -Werror,$(CFLAGS)) -I$(abspath include)" \
	  KEEL_LIBS="$(abspath $(LIB)) $(LDLIBS)" sh tests/cli/run.sh

demo: deps
	$(MAKE) --no-print-directory demo-run

# The example portfolio: critical path, the conflicts as planned, then leveling
# into build/demo/ (why projects slip, and the report build/demo/report.html)
# and a check of the leveled files.
DEMO_OUT := build/demo
demo-run: $(BIN)
	$(BIN) cpm --portfolio instances/example/portfolio.txt
	$(BIN) verify --portfolio instances/example/portfolio.txt || test $$? -eq 4
	rm -rf $(DEMO_OUT) && mkdir -p $(DEMO_OUT)
	$(BIN) level --portfolio instances/example/portfolio.txt -o $(DEMO_OUT) --threads 2 --schedules 20000 \
	  --report $(DEMO_OUT)/report.html
	cp instances/example/portfolio.txt $(DEMO_OUT)/
	$(BIN) verify --portfolio $(DEMO_OUT)/portfolio.txt

bench: deps
	$(MAKE) --no-print-directory VARIANT=release all build/release/gen_portfolio build/release/accept_check
	sh benchmarks/run.sh

# lint: the layering rules of docs/architecture.md (tests/lint.sh).
lint:
	sh tests/lint.sh

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(wildcard src/*/*.h solvers/*.h include/*.h tests/*.c tests/*.h)

fuzz:
	@$(MAKE) --no-print-directory deps DEB_PACKAGES="clang"
	sh tests/fuzz/build.sh

# fuzz-long: every fuzzer for FUZZ_SECONDS (default 1200) each, FUZZ_JOBS at
# a time (default 1); prints executions, coverage and crashes per target.
fuzz-long: fuzz
	sh tests/fuzz/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/keel
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libkeel.a
	install -m 644 include/keel.h $(DESTDIR)$(PREFIX)/include/keel.h
	install -d $(DESTDIR)$(PREFIX)/share/keel
	install -m 755 docs/slurm/whatif-array.sbatch $(DESTDIR)$(PREFIX)/share/keel/whatif-array.sbatch
	printf 'prefix=%s\nlibdir=$${prefix}/lib\nincludedir=$${prefix}/include\n\nName: keel\nDescription: multi-project resource leveling\nVersion: %s\nLibs: -L$${libdir} -lkeel %s -lglpk -lm -fopenmp\nCflags: -I$${includedir}\n' \
	  '$(PREFIX)' "$$(sed -n 's/#define KEEL_VERSION "\(.*\)"/\1/p' include/keel.h)" '$(XML_LIBS)' \
	  > $(DESTDIR)$(PREFIX)/lib/pkgconfig/keel.pc

clean:
	rm -rf build

help:
	@echo "make            build build/release/libkeel.a and build/release/keel"
	@echo "make deps       install the Debian packages keel needs (apt-get, as root)"
	@echo "make demo       run keel on the example portfolio (instances/example);"
	@echo "                the report in build/demo/report.html"
	@echo "make test       ASan/UBSan build, every Check suite and the CLI tests"
	@echo "make bench      benchmark tables (benchmarks/results/)"
	@echo "make lint       check the layering rules"
	@echo "make format     clang-format the sources"
	@echo "make fuzz       build the libFuzzer targets (clang)"
	@echo "make fuzz-long  run each fuzzer FUZZ_SECONDS (default 1200) and report"
	@echo "make install    install into DESTDIR/PREFIX (default /usr/local)"
	@echo "make clean      remove build/"

include benchmarks/bench.mk

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d)
