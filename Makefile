# storyc - build, test, demo. `make help` lists the targets.
#
# Objects go to $(O) (out/ by default), the binary to $(BIN)/storyc. The
# sanitizer build uses its own O and BIN, so both can coexist.

CC      ?= cc
O       ?= out
BIN     ?= bin
PREFIX  ?= /usr/local
OPT     ?= -O2 -g
SAN     ?=
WARN    := -Wall -Wextra -Werror -Wno-unused-parameter
CFLAGS  += -std=c11 $(OPT) $(WARN) $(SAN) -D_GNU_SOURCE \
           -Icommon -Igrammar -Icompiler -Iruntime -Icli -I$(O)/gen -MMD -MP
LDFLAGS += $(SAN)
LDLIBS  += -lcjson -lcurl -lcrypto -lm -lpthread

LIB_SRC := $(wildcard common/*.c grammar/*.c compiler/*.c runtime/*.c)
CLI_SRC := $(wildcard cli/*.c)
GEN_SRC := $(O)/gen/lexer.c $(O)/gen/parser.c
LIB_OBJ := $(LIB_SRC:%.c=$(O)/%.o) $(O)/gen/lexer.o $(O)/gen/parser.o
CLI_OBJ := $(CLI_SRC:%.c=$(O)/%.o)
UNIT_SRC := $(wildcard tests/unit/*_test.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(O)/tools/%)

.PHONY: all deps test asan demo install clean help bench fuzz fuzz-build
all: $(BIN)/storyc

help:
	@echo "make            build bin/storyc"
	@echo "make demo       build, then render the examples with the offline draft backend"
	@echo "make test       build everything and run the whole test suite"
	@echo "make asan       the same suite under AddressSanitizer + UBSan"
	@echo "make fuzz       run the libFuzzer harnesses (FUZZ_SECONDS each, default 60)"
	@echo "make bench      storyc against ninja, the draft against real time (docs/benchmarks.md)"
	@echo "make install PREFIX=/usr/local"
	@echo "make clean      remove build products"

# The one setup step: installs missing Debian packages as root, otherwise
# prints the apt-get line to run.
deps:
	@scripts/deps.sh

$(O)/gen/lexer.c: grammar/lexer.re $(O)/gen/parser.c
	@mkdir -p $(@D)
	re2c -W -Werror --tags --no-generation-date -o $@ $<

$(O)/gen/parser.c: grammar/parser.y
	@mkdir -p $(@D)
	bison -Wall -Werror --no-lines -d -o $@ $<

$(O)/gen/%.o: $(O)/gen/%.c
	$(CC) $(CFLAGS) -Igrammar -Wno-sign-compare -Wno-unused-but-set-variable -c -o $@ $<

$(O)/%.o: %.c | $(GEN_SRC)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(O)/libstoryc.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN)/storyc: $(CLI_OBJ) $(O)/libstoryc.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(O)/libstoryc.a $(LDLIBS)

$(O)/tests/%: tests/unit/%.c tests/unit/check.h $(O)/libstoryc.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(O)/libstoryc.a $(LDFLAGS) $(LDLIBS)

$(O)/tools/%: tests/tools/%.c $(O)/libstoryc.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< $(O)/libstoryc.a $(LDFLAGS) $(LDLIBS)

test: deps
	@$(MAKE) --no-print-directory $(BIN)/storyc $(UNIT_BIN) $(TOOL_BIN)
	@STORYC=$(BIN)/storyc O=$(O) tests/run.sh

asan: deps
	@mkdir -p out/asan && ln -sfn ../../stdlib out/asan/stdlib
	@$(MAKE) --no-print-directory O=out/asan BIN=out/asan/bin OPT="-O1 -g" \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" test

demo: deps
	@$(MAKE) --no-print-directory $(BIN)/storyc
	@scripts/demo.sh $(BIN)/storyc

install: $(BIN)/storyc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/storyc
	install -m 755 $(BIN)/storyc $(DESTDIR)$(PREFIX)/bin/storyc
	cp -R stdlib $(DESTDIR)$(PREFIX)/share/storyc/

clean:
	rm -rf out bin

# ---- fuzzing (fuzz/fuzz.mk, docs/fuzzing.md) ----------------------------
# libFuzzer harnesses of the front end and the plan reader, built with clang
# into out/fuzz/ (front end + common/ only, no runtime). `make fuzz` runs
# each for FUZZ_SECONDS and fails on a crash.
FUZZ_SECONDS ?= 60
fuzz-build:
	@scripts/deps.sh clang libclang-rt-14-dev
	@$(MAKE) --no-print-directory -f fuzz/fuzz.mk build

fuzz: fuzz-build
	@$(MAKE) --no-print-directory -f fuzz/fuzz.mk run FUZZ_SECONDS=$(FUZZ_SECONDS)
# ---- end fuzzing ---------------------------------------------------------

# ---- benchmarks (bench/bench.py, docs/benchmarks.md) ----------------------
# storyc against ninja on generated projects of 10,000 and 100,000 shots,
# the draft backend against real time, the HTTP backends against the ideal
# (bench/http_bench.py). Not part of `make test`: about 15 minutes on 2 cores
# the first time (it fills caches under out/bench, kept for the next run).
# Writes the results into docs/benchmarks.md. BENCH_ARGS=--quick: a smoke
# test of the bench itself (1,000 shots, docs left alone).
BENCH_ARGS ?=
bench: deps
	@scripts/deps.sh ninja-build
	@$(MAKE) --no-print-directory $(BIN)/storyc $(TOOL_BIN)
	@python3 bench/bench.py --storyc $(BIN)/storyc --tools $(O)/tools --o $(O) --doc docs/benchmarks.md $(BENCH_ARGS)
# ---- end benchmarks -------------------------------------------------------

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
