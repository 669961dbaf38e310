# smbsim: GNU Makefile.
#
#   make            build the library, programs and tests (optimised, gcc)
#   make check      install deps, build with ASan+UBSan (clang), run every test
#   make demo       install deps, build, run what exists and say what it did
#   make bench      build optimised and run the benchmarks
#   make torture    run the conformance suites against TARGET (see below)
#   make fuzz       build the libFuzzer targets and fuzz each for FUZZ_SECONDS
#
# Build trees live under build/<variant>/, one per variant:
#   release  gcc -O2                      (make, make bench)
#   asan     clang -O1 ASan+UBSan         (make check)
#   fuzz     clang libFuzzer+ASan+UBSan   (make fuzz, corpus replay in check)
# Every lib/*/*.c goes into libsmbsim.a; every tests/unit/test_*.c becomes a
# test binary linked with tests/common/*.c and the library.  New files need
# no Makefile edit.

VARIANT ?= release
BUILDDIR ?= build
O := $(BUILDDIR)/$(VARIANT)

PKGS := libcrypto libevent cmocka libpcap jansson
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wpointer-arith -Wvla -Wformat=2
BASE_CFLAGS := $(WARN) -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 -Ilib -I. -Itests/common -g

ifeq ($(VARIANT),release)
CC := gcc
VCFLAGS := -O2
VLDFLAGS :=
else ifeq ($(VARIANT),asan)
CC := clang
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
VCFLAGS := -O1 $(SAN)
VLDFLAGS := $(SAN)
else ifeq ($(VARIANT),fuzz)
CC := clang
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
VCFLAGS := -O1 $(SAN) -fsanitize=fuzzer-no-link -DSMBSIM_FUZZING
VLDFLAGS := $(SAN)
else
$(error unknown VARIANT $(VARIANT): release, asan or fuzz)
endif

CFLAGS_ALL := $(BASE_CFLAGS) $(VCFLAGS) $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL := $(VLDFLAGS) $(LDFLAGS)

LIB_SRC := $(sort $(wildcard lib/*/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(O)/%.o)
LIB := $(O)/libsmbsim.a

# The reference client library (sim-client/lib/) and the reference
# server's parts (sim-server/*.c but main.c) are archives of their own, so
# that tests can link them; layers link top down: server, client, core.
CLILIB_SRC := $(sort $(wildcard sim-client/lib/*.c))
CLILIB_OBJ := $(CLILIB_SRC:%.c=$(O)/%.o)
SRVLIB_SRC := $(filter-out sim-server/main.c,$(sort $(wildcard sim-server/*.c)))
SRVLIB_OBJ := $(SRVLIB_SRC:%.c=$(O)/%.o)
LIBS := $(if $(SRVLIB_SRC),$(O)/libsmbsim-server.a) \
        $(if $(CLILIB_SRC),$(O)/libsmbsim-client.a) $(LIB)

# The torture runner's core (torture/*.c but main.c) and the replay
# tool's parts (pcap-replay/*.c but main.c) are archives too, so unit tests
# can link them.  The suites (torture/suites/*.c) register themselves with
# a constructor (torture/torture.h), so they are linked into the binary as
# objects, never through an archive.
TORLIB_SRC := $(filter-out torture/main.c,$(sort $(wildcard torture/*.c)))
TORLIB_OBJ := $(TORLIB_SRC:%.c=$(O)/%.o)
SUITE_SRC := $(sort $(wildcard torture/suites/*.c))
SUITE_OBJ := $(SUITE_SRC:%.c=$(O)/%.o)
REPLIB_SRC := $(filter-out pcap-replay/main.c,$(sort $(wildcard pcap-replay/*.c)))
REPLIB_OBJ := $(REPLIB_SRC:%.c=$(O)/%.o)
LIBS := $(if $(TORLIB_SRC),$(O)/libsmbsim-torture.a) \
        $(if $(REPLIB_SRC),$(O)/libsmbsim-replay.a) $(LIBS)

# Programs: bin/smbsim-server (sim-server/main.c), bin/smbsim-client
# (sim-client/cli/*.c), bin/smbsim-torture (torture/main.c and the suites),
# bin/smbsim-replay (pcap-replay/main.c).
PROG_BIN := $(if $(wildcard sim-server/main.c),$(O)/bin/smbsim-server) \
            $(if $(wildcard sim-client/cli/*.c),$(O)/bin/smbsim-client) \
            $(if $(wildcard torture/main.c),$(O)/bin/smbsim-torture) \
            $(if $(wildcard pcap-replay/main.c),$(O)/bin/smbsim-replay)
CLI_SRC := $(sort $(wildcard sim-client/cli/*.c))
CLI_OBJ := $(CLI_SRC:%.c=$(O)/%.o)

COMMON_SRC := $(sort $(wildcard tests/common/*.c))
COMMON_OBJ := $(COMMON_SRC:%.c=$(O)/%.o)

TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(O)/tests/%)

BENCH_SRC := $(sort $(wildcard bench/bench_*.c))
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(O)/bench/%)

TOOL_SRC := $(sort $(wildcard tests/tools/*.c))
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(O)/tools/%)

FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(O)/fuzz/%)
FUZZ_SECONDS ?= 60
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all lib programs tests tools check check-build demo bench torture fuzz fuzz-build \
        fuzz-replay deps clean
.DEFAULT_GOAL := all
# Objects reached only through pattern chains (tests, tools, fuzz targets)
# are kept; every object listed in an archive rule is an explicit target,
# so a new source file is always compiled.
.PRECIOUS: $(O)/%.o

all: lib programs tests tools $(BENCH_BIN)
lib: $(LIBS)
programs: $(PROG_BIN)
tests: $(TEST_BIN)
tools: $(TOOL_BIN)

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(O)/libsmbsim-client.a: $(CLILIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(O)/libsmbsim-server.a: $(SRVLIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(O)/libsmbsim-torture.a: $(TORLIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(O)/libsmbsim-replay.a: $(REPLIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(O)/bin/smbsim-torture: $(O)/torture/main.o $(SUITE_OBJ) $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(SUITE_OBJ) $(LIBS) $(PKG_LIBS)

$(O)/bin/smbsim-replay: $(O)/pcap-replay/main.o $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(LIBS) $(PKG_LIBS)

$(O)/bin/smbsim-server: $(O)/sim-server/main.o $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(LIBS) $(PKG_LIBS)

$(O)/bin/smbsim-client: $(CLI_OBJ) $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(LIBS) $(PKG_LIBS)

$(O)/tests/%: $(O)/tests/unit/%.o $(COMMON_OBJ) $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(COMMON_OBJ) $(LIBS) $(PKG_LIBS)

$(O)/tools/%: $(O)/tests/tools/%.o $(COMMON_OBJ) $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(COMMON_OBJ) $(LIBS) $(PKG_LIBS)

$(O)/bench/%: $(O)/bench/%.o $(COMMON_OBJ) $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(COMMON_OBJ) $(LIBS) $(PKG_LIBS)

$(O)/fuzz/%: $(O)/tests/fuzz/%.o $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -fsanitize=fuzzer -o $@ $< $(LIBS) $(PKG_LIBS)

deps:
	@scripts/install-deps.sh

# make check: sanitizer build of everything, every unit test, the scripted
# checks (tshark judges, interop), one replay of every fuzz corpus; then the
# same tests on the optimised gcc build, where undefined behaviour the
# sanitizers miss (argument order, say) shows.
check: deps
	$(MAKE) -j$(JOBS) VARIANT=asan lib programs tests tools
	$(MAKE) -j$(JOBS) VARIANT=fuzz fuzz-build
	$(MAKE) -j$(JOBS) VARIANT=release lib programs tests tools
	scripts/run-tests.sh $(BUILDDIR)/asan $(BUILDDIR)/fuzz
	@echo "== the same tests on the optimised build (gcc -O2) =="
	scripts/run-tests.sh $(BUILDDIR)/release

demo: deps
	$(MAKE) -j$(JOBS) VARIANT=release all
	scripts/demo.sh build/release

bench: deps
	$(MAKE) -j$(JOBS) VARIANT=release all
	scripts/bench.sh build/release

# make torture TARGET=//HOST[:PORT]/SHARE USER=NAME%PASSWORD [PROFILE=FILE]
#              [SUITES="all"] [OPTIONS="--option KEY=VALUE ..."]
# runs the suites against any server and writes reports/out/.
TARGET ?=
USER ?=
PROFILE ?=
SUITES ?= all
OPTIONS ?=
torture: deps
	$(MAKE) -j$(JOBS) VARIANT=release lib programs
	scripts/torture.sh build/release "$(TARGET)" "$(USER)" "$(PROFILE)" "$(SUITES)" $(OPTIONS)

fuzz-build: $(FUZZ_BIN)

fuzz: deps
	$(MAKE) -j$(JOBS) VARIANT=fuzz fuzz-build
	scripts/fuzz.sh build/fuzz $(FUZZ_SECONDS)

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(CLILIB_OBJ:.o=.d) $(SRVLIB_OBJ:.o=.d) $(TORLIB_OBJ:.o=.d) $(SUITE_OBJ:.o=.d) $(REPLIB_OBJ:.o=.d) $(O)/torture/main.d $(O)/pcap-replay/main.d $(CLI_OBJ:.o=.d) $(COMMON_OBJ:.o=.d) $(TEST_BIN:$(O)/tests/%=$(O)/tests/unit/%.d)
