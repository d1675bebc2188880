# The two commands of the quick start: `make run` and `make test`. Both install what is
# missing (Debian packages), configure and build incrementally.
BUILD ?= build
JOBS  ?= 2
DB    ?= tdr.db
PORT  ?= 8080
TYPE  ?= RelWithDebInfo

.PHONY: all deps configure build run test bench format clean

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

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

clean:
	rm -rf $(BUILD)

bench: build
	$(BUILD)/bin/import_bench 100000 5
	bench/http_bench.sh $(BUILD) 10

format:
	find host sdk plugins tests examples bench -name '*.cpp' -o -name '*.h' 2>/dev/null | xargs clang-format -i
