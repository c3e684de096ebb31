# fuzz/fuzz.mk - builds the libFuzzer harnesses (docs/fuzzing.md).
#
# Called by the top Makefile (`make fuzz-build`, `make fuzz`) and by
# tests/e2e/fuzz_smoke.sh. The front end and common/ are compiled again with
# clang, coverage instrumentation, ASan and UBSan into $(FO)/obj; of the
# runtime only the pieces fuzz_response and fuzz_aclog test are linked (the
# harnesses never run a job). Usage:
#   make -f fuzz/fuzz.mk [FO=out/fuzz] [FUZZ_CC=clang] build
#   make -f fuzz/fuzz.mk run [FUZZ_SECONDS=60]

FUZZ_CC      ?= clang
FO           ?= out/fuzz
FUZZ_SECONDS ?= 60
# Harnesses: every fuzz/fuzz_NAME.c. The backend-response harness
# (fuzz_backend.c, see fuzz/README.md) will need its runtime objects added
# to its link line below.
HARNESSES    := $(basename $(notdir $(wildcard fuzz/fuzz_*.c)))

FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := -std=c11 -O1 -g -D_GNU_SOURCE $(FUZZ_SAN) -Wall -Wextra -Wno-unused-parameter \
               -Icommon -Igrammar -Icompiler -I$(FO)/gen
FUZZ_LIBS   := -lcjson -lcrypto -lm

FRONT_SRC := $(wildcard common/*.c grammar/*.c compiler/*.c)
FRONT_OBJ := $(FRONT_SRC:%.c=$(FO)/obj/%.o) $(FO)/obj/gen/lexer.o $(FO)/obj/gen/parser.o
FRONT_LIB := $(FO)/libfront.a
BINS      := $(HARNESSES:%=$(FO)/bin/%) $(FO)/bin/plan_seed

.PHONY: build run
build: $(BINS)

$(FO)/gen/parser.c: grammar/parser.y
	@mkdir -p $(@D)
	bison -Wall -Werror --no-lines -d -o $@ $<

$(FO)/gen/lexer.c: grammar/lexer.re $(FO)/gen/parser.c
	@mkdir -p $(@D)
	re2c -W -Werror --tags --no-generation-date -o $@ $<

$(FO)/obj/gen/%.o: $(FO)/gen/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Wno-sign-compare -Wno-unused-but-set-variable -c -o $@ $<

$(FO)/obj/%.o: %.c $(FO)/gen/parser.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FRONT_LIB): $(FRONT_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The stdlib folder is compiled in (absolute) so that fuzz_compile resolves
# `import "std/..."` from any working directory; STORYC_FUZZ_STDLIB overrides.
$(FO)/bin/%: fuzz/%.c fuzz/fuzz_util.h fuzz/plan_check.h $(FRONT_LIB)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Werror -DFUZZ_STDLIB='"$(abspath stdlib)"' -fsanitize=fuzzer \
	  -o $@ $< $(FRONT_LIB) $(FUZZ_LIBS)

# fuzz_response also links the answer handling of the HTTP backends (no
# libcurl, no engine: the answers are fed to it directly).
RESP_SRC := runtime/http_answer.c runtime/http_tmpl.c runtime/http_media.c
RESP_OBJ := $(RESP_SRC:%.c=$(FO)/obj/%.o)
$(FO)/bin/fuzz_response: fuzz/fuzz_response.c fuzz/fuzz_util.h $(RESP_OBJ) $(FRONT_LIB)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iruntime -Werror -DFUZZ_STDLIB='"$(abspath stdlib)"' -fsanitize=fuzzer \
	  -o $@ $< $(RESP_OBJ) $(FRONT_LIB) $(FUZZ_LIBS)

# fuzz_aclog links the journal of action entries (it needs only common/).
AC_OBJ := $(FO)/obj/runtime/ac_log.o
$(FO)/bin/fuzz_aclog: fuzz/fuzz_aclog.c fuzz/fuzz_util.h $(AC_OBJ) $(FRONT_LIB)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Iruntime -Werror -fsanitize=fuzzer -o $@ $< $(AC_OBJ) $(FRONT_LIB) $(FUZZ_LIBS) -lpthread

# plan_seed is a plain program (its own main), instrumented like the rest.
$(FO)/bin/plan_seed: fuzz/plan_seed.c $(FRONT_LIB)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Werror -fsanitize=fuzzer-no-link -o $@ $< $(FRONT_LIB) $(FUZZ_LIBS)

run: build
	@FO=$(FO) FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh $(HARNESSES)

-include $(FRONT_OBJ:.o=.d) $(RESP_OBJ:.o=.d) $(AC_OBJ:.o=.d)
