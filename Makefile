# The two commands of the quick start: `make run` and `make test`. Both install what is
# missing (Debian packages), configure and build incrementally.
BUILD ?= build
JOBS  ?= 2
DB    ?= tdr.db
PORT  ?= 8080
TYPE  ?= RelWithDebInfo

.PHONY: all deps configure build run test test-fast bench format clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(TYPE)

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

# The quick lane while working: every test on SQLite, without the PostgreSQL runs, the browser
# and the installed-SDK build.
test-fast: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) -E '^pg\.|web_interface|installed_sdk|openapi_valid'

clean:
	rm -rf $(BUILD)

bench: build
	$(BUILD)/bin/import_bench 100000 5
	$(BUILD)/bin/training_bench $(BUILD) 1000000 3
	$(BUILD)/bin/district_bench $(BUILD) 5
	bench/http_bench.sh $(BUILD) 10
	bench/startup_bench.sh $(BUILD) 7

format:
	find host sdk plugins tests examples bench -name '*.cpp' -o -name '*.h' 2>/dev/null | xargs clang-format -i
