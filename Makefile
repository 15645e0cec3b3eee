# kabar: the SMS/USSD gateway, its operator's tool and the reference
# district receiver. `make run` and `make test` install the Debian
# packages that are missing first (as root, or through sudo).

PREFIX	?= /usr/local
DESTDIR	?=
BUILD	?= build
BIN	?= bin
CC	?= cc
CFLAGS	?= -O2 -g
WERROR	?= -Werror
SAN	?=

PKGS	= gammu libconfig libcurl libmicrohttpd jansson zlib libcrypto sqlite3 \
	  libsystemd libpq
# What the demo needs (`make run`), and what only the tests and figures do:
# a village's link is metered, and clang and wrk alone are ~200 MB.
# kabar-district keeps a province's records in PostgreSQL, so it links
# libpq (libpq-dev: headers and pkg-config); only the client library, no
# server, is needed to build.
DEBS	= gcc make pkg-config libgammu-dev libconfig-dev libcurl4-openssl-dev \
	  libmicrohttpd-dev libjansson-dev zlib1g-dev libssl-dev \
	  libsqlite3-dev sqlite3 tzdata libsystemd-dev libpq-dev
# Only `make test` needs these. tests/checks/deb.sh builds the Debian
# packages and runs lintian; the console's API tests read JSON with jq.
# The district's tests and figures start a PostgreSQL server of their own
# (tests/pg.sh) and put several receivers behind haproxy (tests/haproxy.sh),
# as a province runs them.
TEST_DEBS = clang curl wrk openssl gzip jq python3 faketime mandoc \
	    dpkg-dev debhelper lintian fakeroot $(DISTRICT_DEBS) haproxy
# A district's PostgreSQL server: `make deps` installs it for a district's
# machine, `make test` for its tests; the village demo (`make run`) never.
DISTRICT_DEBS = postgresql-15
# The console's browser tests drive Debian's chromium with playwright-core
# from npm (package-lock.json); without them those tests are skipped.
BROWSER_DEBS = chromium

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

ifeq ($(SAN),1)
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
endif

# Every layer's folder, bottom-up (tests/checks/layers.sh keeps the
# includes going down).
INCS	= -Ilib -Idb -Iservices -Ihandlers -Imodem -Isync -Idistrict -Icli \
	  -Iweb -Igateway
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra $(WERROR) \
	     -Wno-missing-field-initializers $(CFLAGS) $(SANFLAGS) \
	     $(INCS) -I$(BUILD) \
	     $(PKG_CFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS) -pthread
LIBS	= $(PKG_LIBS) -lpthread -lm

MAINS	= gateway/kabard.c cli/kabar.c district/district_main.c
SRCS	= $(wildcard lib/*.c db/*.c services/*.c handlers/*.c modem/*.c \
	  sync/*.c district/*.c cli/*.c web/*.c gateway/*.c)
LIB_SRCS = $(filter-out $(MAINS),$(SRCS))
LIB_OBJS = $(LIB_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/schema_gen.o \
	   $(BUILD)/static_gen.o $(BUILD)/district_schema_gen.o \
	   $(BUILD)/district_static_gen.o
LIBA	= $(BUILD)/libkabar.a

PROGS	= $(BIN)/kabard $(BIN)/kabar $(BIN)/kabar-district
UNIT_SRCS = $(wildcard tests/unit/t_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
SCHEMA	= $(sort $(wildcard db/schema/*.sql))
# The district's migrations, one list per store, kept side by side.
DSCHEMA_SQLITE = $(sort $(wildcard district/schema/sqlite/*.sql))
DSCHEMA_PG = $(sort $(wildcard district/schema/pg/*.sql))
# The console's pages; the folders too, so that a file added or removed
# makes the table again.
STATIC	= $(shell find web/static -type f ! -name '.*' 2>/dev/null | LC_ALL=C sort)
STATIC_DIRS = $(shell find web/static -type d 2>/dev/null)
DSTATIC	= $(shell find district/static -type f ! -name '.*' 2>/dev/null | LC_ALL=C sort)
DSTATIC_DIRS = $(shell find district/static -type d 2>/dev/null)

# What --version prints: `git describe` of the checkout, or, where there
# is no git (a release tarball, a Debian source package), the VERSION
# file and the commit when known.
KABAR_VERSION := $(shell git describe --tags --dirty 2>/dev/null || \
	{ v=$$(cat VERSION 2>/dev/null || echo unknown); \
	  h=$$(git rev-parse --short HEAD 2>/dev/null); \
	  echo "$$v$${h:++g$$h}"; })

.PHONY: all run test FORCE asan bench fuzz fuzz-bins install clean deps demo-deps \
	test-deps unit-bins

# libFuzzer targets, built with clang into build-fuzz/.
FUZZ_SRCS = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS = $(FUZZ_SRCS:tests/fuzz/%.c=build-fuzz/%)
FUZZ_SECONDS ?= 60
FUZZ_LIB_SRCS = lib/util.c lib/smstext.c lib/phone.c lib/pdu.c \
	lib/words.c lib/csv.c lib/form.c

all: $(PROGS) unit-bins $(BIN)/faultd $(BIN)/fakemodem $(BIN)/libcrashshim.so \
    $(BIN)/loadgen

unit-bins: $(UNIT_BINS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -c $< -o $@

# The migrations, embedded as C strings in order.
$(BUILD)/schema_gen.c: $(SCHEMA) Makefile
	@mkdir -p $(BUILD)
	@{ echo '/* Generated from db/schema/ by make; do not edit. */'; \
	  echo 'const char *const db_migrations[] = {'; \
	  for f in $(SCHEMA); do \
	    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' \
	      "$$f"; echo ','; \
	  done; \
	  echo '0 };'; \
	  echo 'const int db_migrations_count = $(words $(SCHEMA));'; \
	} > $@.tmp && mv $@.tmp $@

$(BUILD)/schema_gen.o: $(BUILD)/schema_gen.c
	@$(CC) $(ALL_CFLAGS) -c $< -o $@

# The district's two lists, which must name the same steps: a migration
# written for one store only is refused here.
$(BUILD)/district_schema_gen.c: $(DSCHEMA_SQLITE) $(DSCHEMA_PG) Makefile
	@mkdir -p $(BUILD)
	@a=$$(for f in $(DSCHEMA_SQLITE); do basename $$f; done); \
	  b=$$(for f in $(DSCHEMA_PG); do basename $$f; done); \
	  [ "$$a" = "$$b" ] || { echo "district/schema/sqlite and" \
	  "district/schema/pg must hold the same migrations"; exit 1; }
	@{ echo '/* Generated from district/schema/ by make; do not edit. */'; \
	  for k in sqlite pg; do \
	    echo "const char *const district_$${k}_steps[] = {"; \
	    for f in $$(ls district/schema/$$k/*.sql | LC_ALL=C sort); do \
	      sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' \
	        -e 's/$$/\\n"/' "$$f"; echo ','; \
	    done; echo '0 };'; \
	  done; \
	  echo 'const int district_steps_count = $(words $(DSCHEMA_PG));'; \
	} > $@.tmp && mv $@.tmp $@

$(BUILD)/district_schema_gen.o: $(BUILD)/district_schema_gen.c
	@$(CC) $(ALL_CFLAGS) -c $< -o $@

# The consoles' files (the village's web/static/, the district's
# district/static/), embedded as byte arrays with an ETag each (a hash
# of the content), served at / + their path under the folder.
# $(call static_table,FOLDER,FILES,TABLE)
define static_table
	@mkdir -p $(BUILD)
	@{ echo '/* Generated from $(1)/ by make; do not edit. */'; \
	  echo '#include "static.h"'; \
	  i=0; for f in $(2); do \
	    echo "static const unsigned char f$$i[] = {"; \
	    od -An -v -tx1 "$$f" | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	    echo '0 };'; i=$$((i+1)); \
	  done; \
	  echo 'const struct static_file $(3)[] = {'; \
	  i=0; for f in $(2); do \
	    echo "{ \"$${f#$(1)}\", f$$i, $$(wc -c < "$$f"), \"\\\"$$(sha256sum "$$f" | cut -c1-20)\\\"\" },"; \
	    i=$$((i+1)); \
	  done; \
	  echo '{ 0, 0, 0, 0 } };'; \
	} > $@.tmp && mv $@.tmp $@
endef

$(BUILD)/static_gen.c: $(STATIC) $(STATIC_DIRS) Makefile
	$(call static_table,web/static,$(STATIC),web_static_files)

$(BUILD)/district_static_gen.c: $(DSTATIC) $(DSTATIC_DIRS) Makefile
	$(call static_table,district/static,$(DSTATIC),district_static_files)

$(BUILD)/district_static_gen.o: $(BUILD)/district_static_gen.c
	@$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/static_gen.o: $(BUILD)/static_gen.c
	@$(CC) $(ALL_CFLAGS) -c $< -o $@

# Looked at every time, rewritten only when the version changed, so
# nothing rebuilds for it.
$(BUILD)/version.h: FORCE
	@mkdir -p $(BUILD)
	@echo '#define KABAR_VERSION "$(KABAR_VERSION)"' >$@.tmp
	@cmp -s $@.tmp $@ || mv $@.tmp $@
	@rm -f $@.tmp
FORCE:
$(BUILD)/cli/kabar.o $(BUILD)/gateway/kabard.o \
    $(BUILD)/district/district_main.o $(BUILD)/sync/sync_client.o: \
    $(BUILD)/version.h

$(LIBA): $(LIB_OBJS)
	@rm -f $@
	@ar rcs $@ $^

$(BIN)/kabard: $(BUILD)/gateway/kabard.o $(LIBA)
	@mkdir -p $(BIN)
	@echo "LD $@"
	@$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BIN)/kabar: $(BUILD)/cli/kabar.o $(LIBA)
	@mkdir -p $(BIN)
	@echo "LD $@"
	@$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BIN)/kabar-district: $(BUILD)/district/district_main.o $(LIBA)
	@mkdir -p $(BIN)
	@echo "LD $@"
	@$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIBA) tests/unit/test.h
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(LIBA) $(ALL_LDFLAGS) $(LIBS)

# The misbehaving district of the sync tests.
$(BIN)/faultd: tests/faultd/faultd.c
	@mkdir -p $(BIN)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) $(LIBS)

# Many village gateways sending batches at once, for the district's
# tests and figures.
$(BIN)/loadgen: tests/loadgen/loadgen.c $(LIBA) $(BUILD)/version.h
	@mkdir -p $(BIN)
	@echo "CC $<"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBA) $(ALL_LDFLAGS) $(LIBS)

# The GSM modem of the AT driver tests, on a pseudo-terminal.
$(BIN)/fakemodem: tests/fakemodem/fakemodem.c tests/fakemodem/pdu.c \
	    tests/fakemodem/pdu.h
	@mkdir -p $(BIN)
	@echo "CC $@"
	@$(CC) $(ALL_CFLAGS) -o $@ tests/fakemodem/fakemodem.c \
	    tests/fakemodem/pdu.c $(ALL_LDFLAGS)

# Makes libgammu's decoder crash on a marked PDU (the isolation test).
$(BIN)/libcrashshim.so: tests/fakemodem/crashshim.c
	@mkdir -p $(BIN)
	@echo "CC $@"
	@$(CC) -std=c11 -Wall -Wextra $(WERROR) -O2 -fPIC -shared -o $@ $< -ldl

# Install what is missing, once, quietly when nothing is. The demo needs
# the build's packages alone; a district's machine its server too.
demo-deps:
	@sh tests/deps.sh $(DEBS)

deps:
	@sh tests/deps.sh $(DEBS) $(DISTRICT_DEBS)

test-deps:
	@sh tests/deps.sh $(DEBS) $(TEST_DEBS)

run: demo-deps
	@$(MAKE) --no-print-directory all
	@mkdir -p var
	@echo
	@echo "kabard is starting on the demo dummy modem (var/modem-m1)."
	@echo "From another terminal, try:"
	@echo "  bin/kabar -c conf/demo.conf inject --from 08123456789 \"DAFTAR Budi #RT01\""
	@echo "  bin/kabar -c conf/demo.conf outbox"
	@echo "Stop with Ctrl-C."
	@echo
	$(BIN)/kabard -c conf/demo.conf -v

test: test-deps
	@sh tests/deps.sh $(BROWSER_DEBS) || echo "no chromium: the browser tests will be skipped"
	@[ -f node_modules/playwright-core/package.json ] || \
	    npm ci --no-audit --no-fund || echo "no playwright-core: the browser tests will be skipped"
	@$(MAKE) --no-print-directory all
	@if command -v clang >/dev/null 2>&1; then \
	    $(MAKE) --no-print-directory fuzz-bins >/dev/null || exit 1; fi
	@BUILD=$(BUILD) BIN=$(BIN) sh tests/run.sh

asan: test-deps
	@$(MAKE) --no-print-directory BUILD=build-asan BIN=bin-asan SAN=1 \
	    CFLAGS="-O1 -g" test

$(BIN)/bare_http: bench/bare_http.c
	@mkdir -p $(BIN)
	@$(CC) -O2 -Wall -Wextra $(WERROR) -o $@ $< $(PKG_CFLAGS) $(PKG_LIBS)

bench: test-deps
	@$(MAKE) --no-print-directory all $(BIN)/bare_http
	@BIN=$(BIN) sh bench/run.sh
	@BIN=$(BIN) sh bench/ussd.sh
	@BIN=$(BIN) sh bench/sync.sh
	@BIN=$(BIN) sh bench/modem.sh
	@BIN=$(BIN) sh bench/console.sh
	@BIN=$(BIN) sh bench/console_load.sh
	@BIN=$(BIN) sh bench/writes.sh
	@BIN=$(BIN) sh bench/district.sh

build-fuzz/%: tests/fuzz/%.c $(FUZZ_LIB_SRCS)
	@mkdir -p build-fuzz
	@echo "FUZZ $<"
	@clang -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror \
	    -fsanitize=fuzzer,address,undefined $(INCS) \
	    -o $@ $< $(FUZZ_LIB_SRCS)

# The console's cookie parser hashes with libcrypto.
build-fuzz/fuzz_cookie: tests/fuzz/fuzz_cookie.c lib/session.c lib/util.c
	@mkdir -p build-fuzz
	@echo "FUZZ $<"
	@clang -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror \
	    -fsanitize=fuzzer,address,undefined $(INCS) \
	    -o $@ $< lib/session.c lib/util.c -lcrypto

# The menu walk needs the whole gateway library and a real database.
# The library's sources take the district's generated tables too.
FUZZ_GEN = $(BUILD)/schema_gen.c $(BUILD)/static_gen.c \
	   $(BUILD)/district_schema_gen.c $(BUILD)/district_static_gen.c
build-fuzz/fuzz_menu build-fuzz/fuzz_sync: build-fuzz/%: tests/fuzz/%.c \
	    $(LIB_SRCS) $(FUZZ_GEN) $(BUILD)/version.h
	@mkdir -p build-fuzz
	@echo "FUZZ $<"
	@clang -std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror \
	    -Wno-missing-field-initializers \
	    -fsanitize=fuzzer,address,undefined $(INCS) -I$(BUILD) \
	    $(PKG_CFLAGS) -o $@ $< $(LIB_SRCS) $(FUZZ_GEN) $(PKG_LIBS) \
	    -lpthread -lm

fuzz-bins: $(FUZZ_BINS)

# Each target for FUZZ_SECONDS; the corpus stays in build-fuzz/.
fuzz: test-deps
	@$(MAKE) --no-print-directory fuzz-bins
	@for f in $(FUZZ_BINS); do \
	    mkdir -p $$f.corpus; \
	    echo "fuzzing $$f for $(FUZZ_SECONDS) s"; \
	    seeds=tests/fuzz/seeds/$$(basename $$f); [ -d $$seeds ] || seeds=; \
	    $$f -max_total_time=$(FUZZ_SECONDS) -max_len=2048 $$f.corpus $$seeds \
	        2>$$f.log || { tail -30 $$f.log; exit 1; }; \
	    grep -E '^(#[0-9]+|Done)' $$f.log | tail -1; \
	done

# The programs, the man pages, the systemd units and the system user
# (sysusers.d), the examples; /etc/kabar/*.conf only where there is none
# yet, never over an operator's file. Installed for real (no DESTDIR, as
# root), it also creates the user kabar and gives the files its group.
SYSCONFDIR ?= /etc
MANDIR	?= $(PREFIX)/share/man
DOCDIR	?= $(PREFIX)/share/doc/kabar
UNITDIR	?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
UNITS	= kabard.service kabar-district.service
CONFS	= kabar.conf:kabar.conf.example district.conf:district.conf.example

install: $(PROGS)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(PROGS) $(DESTDIR)$(PREFIX)/bin/
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(MANDIR)/man8
	install -m 0644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 man/*.8 $(DESTDIR)$(MANDIR)/man8/
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR)
	for u in $(UNITS); do \
	    sed 's|@BINDIR@|$(PREFIX)/bin|g' dist/systemd/$$u.in \
	        >$(DESTDIR)$(UNITDIR)/$$u && \
	    chmod 0644 $(DESTDIR)$(UNITDIR)/$$u || exit 1; done
	install -m 0644 dist/systemd/kabar.sysusers \
	    $(DESTDIR)$(SYSUSERSDIR)/kabar.conf
	install -d $(DESTDIR)$(DOCDIR)/examples
	install -m 0644 conf/kabar.conf.example conf/district.conf.example \
	    $(DESTDIR)$(DOCDIR)/examples/
	install -d $(DESTDIR)$(SYSCONFDIR)/kabar
	for c in $(CONFS); do \
	    f=$(DESTDIR)$(SYSCONFDIR)/kabar/$${c%%:*}; [ -e $$f ] || \
	    install -m 0640 conf/$${c#*:} $$f || exit 1; done
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && \
	    command -v systemd-sysusers >/dev/null; then \
	    echo "systemd-sysusers: the user kabar"; \
	    systemd-sysusers $(SYSUSERSDIR)/kabar.conf && \
	    chgrp kabar $(SYSCONFDIR)/kabar/kabar.conf \
	        $(SYSCONFDIR)/kabar/district.conf; fi

clean:
	rm -rf build build-asan bin bin-asan build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
