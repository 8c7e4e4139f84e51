# vigil - GNU Makefile.  Dependencies come from pkg-config.
#
#   make            build build/vigil and build/libvigil.a
#   make check      build, then run unit tests, fuzz corpus replays and
#                   end-to-end tests (tests/run.sh prints the summary)
#   make asan       the same under AddressSanitizer and UBSan
#   make fuzz       libFuzzer binaries (clang) in build/fuzz-lf/
#   make lint       style checks (line length, markers, function length)
#   make man        check the man pages with mandoc -Tlint
#   make demo       run the bundled example end to end

CC ?= cc
BUILD ?= build
PKGS = sqlite3 libcjson libarchive inih libcurl libxml-2.0 libsodium \
       libmicrohttpd libpcre2-8 yaml-0.1
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wformat=2 -Wvla -Wwrite-strings -Werror
OPT ?= -O2 -g
SAN ?=
CFLAGS ?= $(OPT)
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
             $(WARN) $(SAN) $(CFLAGS) -Iinclude -Isrc $(PKG_CFLAGS)
LDLIBS = $(PKG_LIBS) -lm

LIB_SRC := $(sort $(shell find src -name '*.c' -not -path 'src/cli/*' \
                   -not -path 'src/server/*'))
CLI_SRC := $(sort $(wildcard src/cli/*.c src/server/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))

SQL_SRC := $(sort $(wildcard src/store/*.sql))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) \
           $(SQL_SRC:src/store/%.sql=$(BUILD)/gen/%_sql.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_BIN := $(FUZZ_SRC:fuzz/fuzz_%.c=$(BUILD)/fuzz/replay_%)
LIB := $(BUILD)/libvigil.a
VIGIL := $(BUILD)/vigil

.PHONY: all check test asan fuzz lint man demo deps clean bench fuzzlib
all: $(VIGIL) $(TEST_BIN) $(FUZZ_BIN)

# quiet by default; make V=1 shows the commands
V ?= 0
ifeq ($(V),0)
Q = @
SAY = @echo "  $(1)	$(2)"
else
Q =
SAY = @true
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call SAY,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# each src/store/NAME.sql becomes the string vigil__sql_NAME
$(BUILD)/gen/%_sql.c: src/store/%.sql scripts/embed.sh
	@mkdir -p $(dir $@)
	$(call SAY,GEN,$@)
	$(Q)sh scripts/embed.sh vigil__sql_$(subst -,_,$*) $< $@

$(BUILD)/gen/%_sql.o: $(BUILD)/gen/%_sql.c
	$(call SAY,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

# docs/openapi.json becomes the string srv_openapi_json of vigil serve
CLI_OBJ += $(BUILD)/gen/openapi_json.o
$(BUILD)/gen/openapi_json.c: docs/openapi.json scripts/embed.sh
	@mkdir -p $(dir $@)
	$(call SAY,GEN,$@)
	$(Q)sh scripts/embed.sh srv_openapi_json $< $@

$(BUILD)/gen/openapi_json.o: $(BUILD)/gen/openapi_json.c
	$(call SAY,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(call SAY,AR,$@)
	$(Q)ar rcs $@ $^

$(VIGIL): $(CLI_OBJ) $(LIB)
	$(call SAY,LD,$@)
	$(Q)$(CC) $(SAN) $(CFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(call SAY,TEST,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -MMD -MP -o $@ $< $(LIB) \
	    $(TEST_LIBS) $(LDLIBS)

$(BUILD)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay.c $(LIB)
	@mkdir -p $(dir $@)
	$(call SAY,FUZZ,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $< fuzz/replay.c $(LIB) \
	    $(LDLIBS)

check test: all
	@sh tests/run.sh $(BUILD)

asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" check

# libFuzzer builds: make fuzz, then build/fuzz-lf/fuzz_X corpus/X
FUZZ_LF := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz-lf/%)
fuzz: $(FUZZ_LF)

# one instrumented library for every target: built once per make run,
# so that make -j does not build it twice at the same time
fuzzlib:
	$(MAKE) BUILD=build-fuzzlib CC=clang \
	    OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" \
	    build-fuzzlib/libvigil.a
$(BUILD)/fuzz-lf/%: fuzz/%.c fuzzlib
	@mkdir -p $(dir $@)
	clang -std=c11 -D_DEFAULT_SOURCE -Iinclude -Isrc $(PKG_CFLAGS) -O1 -g \
	    -fsanitize=fuzzer,address,undefined -o $@ $< \
	    build-fuzzlib/libvigil.a $(LDLIBS)

lint:
	@sh scripts/lint.sh

man:
	@for m in docs/*.[15]; do mandoc -Tlint -W warning $$m || exit 1; done

demo: $(VIGIL)
	@sh scripts/demo-run.sh $(VIGIL)

BENCH_SRC := $(sort $(wildcard bench/*.c))
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
$(BUILD)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(call SAY,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

bench: $(VIGIL) $(BENCH_BIN)
	@sh bench/run.sh

deps:
	@sh scripts/deps.sh

clean:
	rm -rf build build-asan build-fuzzlib

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_BIN:=.d) $(FUZZ_BIN:=.d)

# the embedded schema is an intermediate file; keep it
.SECONDARY:
