# ccsim: one non-recursive Makefile.
#
#   make            build bin/ccsim
#   make run        install missing Debian packages (or say which), build, run
#                   the default scenario
#   make check      build and run the Check suites and the command-line tests
#   make bench      benchmarks (calls/s, events/s, peak memory)
#   make validate  ccsim against the real records in CCSIM_DATA (docs/validation.md)
#   make install    PREFIX=/usr/local (and DESTDIR) binary, plots, scenarios
#   SANITIZE=address,undefined make check
#
# Dependencies come through pkg-config (GSL, libconfig, jansson, Check);
# libcsv has no .pc file on Debian and is linked as -lcsv.

PREFIX   ?= /usr/local
DATADIR  ?= $(PREFIX)/share/ccsim
CC       ?= cc
PKGS     := gsl libconfig jansson
DEBS     := build-essential pkg-config libgsl-dev libconfig-dev libjansson-dev \
            libcsv-dev check libsubunit-dev gnuplot-nox
VERSION  := 0.1.0

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS   ?= -O2 -g
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -DCCSIM_VERSION='"$(VERSION)"' \
            -DCCSIM_DATADIR='"$(DATADIR)"'
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) -MMD -MP
ifneq ($(SANITIZE),)
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS    += -fsanitize=$(SANITIZE)
BUILD      := build/san
PROGRAM    := build/san/ccsim
else
BUILD      := build/opt
PROGRAM    := bin/ccsim
endif

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm
CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   = $(shell pkg-config --libs check 2>/dev/null)

# The library: every module but the program entry points.
LIB_SRC  := $(filter-out sim/main.c sim/bench.c, $(wildcard sim/*.c)) $(wildcard models/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
SUITES   := $(patsubst tests/check_%.c,%,$(filter-out tests/check_main.c,$(wildcard tests/check_*.c)))
TEST_BIN := $(SUITES:%=$(BUILD)/tests/check_%)

.PHONY: all run check bench install uninstall clean deps validate
.SECONDARY:
all: $(PROGRAM)

# bin/ccsim is the optimised program; a sanitizer build keeps its own.
$(PROGRAM): $(BUILD)/sim/main.o $(BUILD)/libccsim.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS) $(PKG_LIBS)

$(BUILD)/libccsim.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) $(CHECK_CFLAGS) -c -o $@ $<

# Each suite is its own program: tests/check_<m>.c defines <m>_suite(),
# tests/check_main.c runs it.
$(BUILD)/tests/main_%.o: tests/check_main.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) $(CHECK_CFLAGS) -DSUITE_FN=$*_suite -c -o $@ $<

$(BUILD)/tests/check_%: $(BUILD)/tests/check_%.o $(BUILD)/tests/main_%.o $(BUILD)/libccsim.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS) $(PKG_LIBS) $(CHECK_LIBS)

# libconfig's own leak on some syntax errors is suppressed (tests/lsan.supp).
check: export LSAN_OPTIONS = suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
check: $(TEST_BIN) $(PROGRAM)
	@fail=0; for t in $(TEST_BIN); do \
	  CCSIM_PLOTS=$(CURDIR)/plots ./$$t || fail=1; done; \
	  CCSIM_PLOTS=$(CURDIR)/plots CCSIM=$(CURDIR)/$(PROGRAM) sh tests/cli.sh || fail=1; \
	  CCSIM_PLOTS=$(CURDIR)/plots CCSIM=$(CURDIR)/$(PROGRAM) sh tests/cli_erlang.sh || fail=1; \
	  CCSIM_PLOTS=$(CURDIR)/plots CCSIM=$(CURDIR)/$(PROGRAM) sh tests/cli_fit.sh || fail=1; \
	  CCSIM_PLOTS=$(CURDIR)/plots CCSIM=$(CURDIR)/$(PROGRAM) sh tests/cli_replay.sh || fail=1; \
	  test $$fail = 0 && echo "make check: all passed" || { echo "make check: FAILED"; exit 1; }

bin/ccsim-bench: $(BUILD)/sim/bench.o $(BUILD)/libccsim.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS) $(PKG_LIBS)

# ccsim against the real records in CCSIM_DATA (default ../shared/data):
# fit, replay and calibrate on the Anonymous Bank months, over-dispersion of
# the US bank counts; docs/validation.md reads its output.
validate: CCSIM_DATA ?= ../shared/data
validate: $(PROGRAM)
	CCSIM_PLOTS=$(CURDIR)/plots CCSIM=$(CURDIR)/$(PROGRAM) CCSIM_DATA=$(CCSIM_DATA) \
	  sh tests/validate.sh

bench: bin/ccsim-bench
	./bin/ccsim-bench scenarios/erlang-a.cfg scenarios/multichannel-week.cfg

deps:
	@sh .ci/deps $(DEBS)

run: deps
	@$(MAKE) --no-print-directory all
	./bin/ccsim run scenarios/retail-bank.cfg

CCSIM_DATA ?= ../shared/data

install: bin/ccsim
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/plots $(DESTDIR)$(DATADIR)/scenarios
	install -m 755 bin/ccsim $(DESTDIR)$(PREFIX)/bin/ccsim
	install -m 644 plots/*.gp $(DESTDIR)$(DATADIR)/plots/
	install -m 644 scenarios/*.cfg $(DESTDIR)$(DATADIR)/scenarios/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ccsim
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build bin out

-include $(shell find build -name '*.d' 2>/dev/null)
