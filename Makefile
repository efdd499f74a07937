# newssift — GNU Makefile.  `make`, `make test`, `make bench`, `make models`,
# `make install PREFIX=/usr/local DESTDIR=`, `make SANITIZE=1` (ASan+UBSan build
# in build-san/), `make fuzz` (libFuzzer targets, clang), `make lint`.

PREFIX  ?= /usr/local
CC      ?= cc
PYTHON  ?= /usr/bin/python3
SANITIZE ?=

ifeq ($(SANITIZE),1)
BUILD   ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT      = -O1 -g
else
BUILD   ?= build
SANFLAGS =
OPT      = -O2 -g
endif

PKGS     = jansson libxml-2.0 sqlite3 libutf8proc libxxhash
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) libmicrohttpd 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# libmicrohttpd is opened by `serve` when it starts, not linked (src/serve/mhd.h:
# its GnuTLS would cost every command's start ~5 ms); the soname of the one
# built against is compiled in.
MHD_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir libmicrohttpd 2>/dev/null)/libmicrohttpd.so" 2>/dev/null | awk '$$1 == "SONAME" {print $$2}')

WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CFLAGS  ?= $(OPT)
ALL_CFLAGS = -std=c17 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(SANFLAGS) -fPIC -pthread \
             -Iinclude -Isrc $(PKG_CFLAGS) \
             -DNS_DEFAULT_MODELS='"$(CURDIR)/models"' -DNS_INSTALLED_MODELS='"$(PREFIX)/share/newssift/models"' \
             $(if $(MHD_SONAME),-DNS_MHD_SONAME='"$(MHD_SONAME)"')
LDLIBS   = $(PKG_LIBS) -lm -pthread

LIB_SRC  := $(sort $(wildcard src/*/*.c))
# The web page and the example page, embedded in the library by .incbin.
ASM_SRC  := src/serve/web_assets.S
WEB_ASSETS := $(wildcard src/serve/web/*) examples/syria-page.txt
CLI_SRC  := $(sort $(wildcard cli/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(ASM_SRC:%.S=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)

.PHONY: all test unit cli-test san-test fuzz bench page-check models install uninstall clean lint example

all: $(BUILD)/newssift $(BUILD)/libnewssift.a $(BUILD)/libnewssift.so $(BUILD)/example.nsm

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/obj/src/serve/web_assets.o: $(WEB_ASSETS)

$(BUILD)/libnewssift.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/libnewssift.so: $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) -shared -Wl,-soname,libnewssift.so.0 -o $@ $^ $(LDLIBS)

$(BUILD)/newssift: $(CLI_OBJ) $(BUILD)/libnewssift.a
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libnewssift.a $(LDLIBS)

# A tiny model trained from a committed example corpus, so that a fresh
# checkout can run `predict` before the bundled models are trained.
$(BUILD)/example.nsm: tests/data/example-train.jsonl $(BUILD)/newssift
	$(BUILD)/newssift train tests/data/example-train.jsonl -o $@ --bits 14 --epochs 10 --seed 1 --threads 1 >/dev/null

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libnewssift.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libnewssift.a $(LDLIBS) -lcmocka

# The whole suite: unit tests, black-box CLI tests, fuzz-corpus replay, then
# the unit tests and replay again under ASan+UBSan.  tests/run-all ends with
# "N passed, M failed".
test: all $(UNIT_BIN) $(FUZZ_BIN)
	@$(MAKE) --no-print-directory SANITIZE=1 CC=clang sanbuild
	@tests/run-all $(BUILD) build-san

sanbuild: $(BUILD)/newssift $(UNIT_BIN) $(FUZZ_BIN)

# Fuzz targets linked with a small main() that replays a corpus; with clang
# and `make fuzz` they are linked with libFuzzer instead.
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/replay_main.c $(BUILD)/libnewssift.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay_main.c $(BUILD)/libnewssift.a $(LDLIBS)

fuzz:
	@mkdir -p build-fuzz
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  clang $(filter-out -fPIC,$(ALL_CFLAGS)) -fsanitize=fuzzer,address,undefined -o build-fuzz/$$n $$f $(LIB_SRC) $(ASM_SRC) $(LDLIBS) || exit 1; \
	  echo "built build-fuzz/$$n (run: build-fuzz/$$n tests/fuzz/corpus/$${n#fuzz_})"; done

models: $(BUILD)/newssift
	@$(MAKE) --no-print-directory -f models/Makefile NEWSSIFT=$(BUILD)/newssift

bench: all $(BUILD)/analyze_timer $(BUILD)/trace_timer $(BUILD)/jsonl_timer
	$(PYTHON) bench/run.py --newssift $(BUILD)/newssift

# The page readers on generated pages (also part of `make bench`): SHOW=N lists failures.
page-check: all
	$(PYTHON) bench/page_readers.py --newssift $(BUILD)/newssift --show $(or $(SHOW),0)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/share/newssift/models
	install -m 755 $(BUILD)/newssift $(DESTDIR)$(PREFIX)/bin/newssift
	install -m 644 $(BUILD)/libnewssift.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(BUILD)/libnewssift.so $(DESTDIR)$(PREFIX)/lib/libnewssift.so.0
	ln -sf libnewssift.so.0 $(DESTDIR)$(PREFIX)/lib/libnewssift.so
	install -m 644 include/newssift.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 models/*.nsm models/combiner.json models/outlets.tsv models/bait-phrases.txt $(DESTDIR)$(PREFIX)/share/newssift/models/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/newssift $(DESTDIR)$(PREFIX)/lib/libnewssift.* $(DESTDIR)$(PREFIX)/include/newssift.h
	rm -rf $(DESTDIR)$(PREFIX)/share/newssift

lint:
	clang-format --dry-run --Werror $(LIB_SRC) $(CLI_SRC) $(wildcard src/*/*.h cli/*.h) include/newssift.h

clean:
	rm -rf build build-san build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

$(BUILD)/analyze_timer: bench/analyze_timer.c bench/timing.h $(BUILD)/libnewssift.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libnewssift.a $(LDLIBS)

$(BUILD)/jsonl_timer: bench/jsonl_timer.c bench/timing.h $(BUILD)/libnewssift.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libnewssift.a $(LDLIBS)

$(BUILD)/trace_timer: bench/trace_timer.c bench/timing.h $(BUILD)/libnewssift.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libnewssift.a $(LDLIBS)
