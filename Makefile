# The two commands of the quick start: `make run` and `make test`. Both install what is
# missing (Debian packages), configure and build incrementally.
BUILD ?= build
JOBS  ?= 2
DB    ?= tdr.db
PORT  ?= 8080
TYPE  ?= RelWithDebInfo
SAN   ?= build-san
FUZZ_SECONDS ?= 60
TEST_FUZZ_SECONDS ?= 15

.PHONY: all deps configure build run test test-fast test-san fuzz bench format clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(TYPE) -DTDR_WERROR=ON

configure: $(BUILD)/CMakeCache.txt

build: deps configure
	cmake --build $(BUILD) -j$(JOBS)

run: build
	@scripts/run-demo $(BUILD)/bin/tdr $(DB) $(PORT)

# Every test runs twice: on SQLite and ("pg." tests) on a throw-away PostgreSQL server that
# this target starts and stops; TDR_TEST_PG=URL uses a server of yours instead.
test: build
	@if [ -n "$$TDR_TEST_PG" ]; then \
	  cd $(BUILD) && ctest --output-on-failure -j$(JOBS); \
	else \
	  pg=$$(scripts/pg-test-server start $(CURDIR)/$(BUILD)/pg-test) || exit 1; \
	  status=0; (cd $(BUILD) && TDR_TEST_PG=$$pg ctest --output-on-failure -j$(JOBS)) || status=$$?; \
	  scripts/pg-test-server stop $(CURDIR)/$(BUILD)/pg-test; exit $$status; \
	fi
	@$(MAKE) --no-print-directory test-san

# A second build (clang, $(SAN)/) with AddressSanitizer + UBSan in every target and libFuzzer
# coverage: the unit and SQLite integration suites run in it, then every fuzz target briefly.
$(SAN)/CMakeCache.txt: | deps
	CC=clang CXX=clang++ cmake -S . -B $(SAN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DTDR_SANITIZE=address,undefined -DTDR_FUZZ=ON -DTDR_WERROR=ON

test-san: deps $(SAN)/CMakeCache.txt
	cmake --build $(SAN) -j$(JOBS)
	cd $(SAN) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j$(JOBS) -L '^(unit|db)$$'
	scripts/run-fuzz $(SAN) $(TEST_FUZZ_SECONDS) 1

# Every fuzz target for FUZZ_SECONDS each (new inputs kept in $(SAN)/fuzz-corpus/).
fuzz: deps $(SAN)/CMakeCache.txt
	cmake --build $(SAN) -j$(JOBS) --target csv_reader_fuzz xlsx_reader_fuzz json_body_fuzz field_codec_fuzz
	scripts/run-fuzz $(SAN) $(FUZZ_SECONDS)

# The quick lane while working: every test on SQLite, without the PostgreSQL runs, the browser
# and the installed-SDK build.
test-fast: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) -L '^(unit|db|http|lint|abi)$$'

clean:
	rm -rf $(BUILD) $(SAN)

# Every ratio beside its baseline, measured in the same run; the PostgreSQL import and report
# against psql \copy on a throw-away server (TDR_BENCH_PG=URL uses yours). The province
# benchmark (bench/province_bench.sh: 20M records, two servers) is run by hand.
bench: build
	$(BUILD)/bin/import_bench 100000 5
	@if [ -n "$$TDR_BENCH_PG" ]; then $(BUILD)/bin/training_bench $(BUILD) 1000000 3; else \
	  pg=$$(scripts/pg-test-server start $(CURDIR)/$(BUILD)/pg-bench) || exit 1; status=0; \
	  TDR_BENCH_PG=$$pg $(BUILD)/bin/training_bench $(BUILD) 1000000 3 || status=$$?; \
	  scripts/pg-test-server stop $(CURDIR)/$(BUILD)/pg-bench; exit $$status; fi
	$(BUILD)/bin/district_bench $(BUILD) 5
	bench/http_bench.sh $(BUILD) 10
	bench/startup_bench.sh $(BUILD) 7

format:
	find host sdk plugins tests examples bench fuzz -name '*.cpp' -o -name '*.h' 2>/dev/null | xargs clang-format -i
