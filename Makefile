# The two commands of the quick start: `make run` and `make test`. Both install what is
# missing (Debian packages), configure and build incrementally.
BUILD ?= build
JOBS  ?= 2
DB    ?= tdr.db
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
	@if [ ! -f "$(DB)" ]; then \
	  echo "first start: seeding a demo district into $(DB)"; \
	  $(BUILD)/bin/tdr --db sqlite:$(DB) demo; \
	fi
	$(BUILD)/bin/tdr --db sqlite:$(DB) plugins
	@echo "The HTTP server (tdr serve) is not built yet; the database is $(DB)."
	@echo "Try: $(BUILD)/bin/tdr --db sqlite:$(DB) export core.teachers --format json | head"

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

clean:
	rm -rf $(BUILD)

bench: build
	$(BUILD)/bin/import_bench 100000 5

format:
	find host sdk plugins tests examples bench -name '*.cpp' -o -name '*.h' 2>/dev/null | xargs clang-format -i
