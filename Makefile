# SPDX-License-Identifier: MIT
# The front door: CMake does the building, ctest the testing.
#   make          build (debug) into build/
#   make run      boot the default machine, show it, run the example modules
#   make test     every test in a debug, an ASan+UBSan and a TSan build
#   make bench    benchmarks in a release build
#   make install  install into PREFIX (default /usr/local)
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX ?= /usr/local
CMAKE  ?= cmake
CTEST_ARGS ?=

.PHONY: all build run test test-debug test-asan test-tsan bench install clean format format-check

all: build

build/CMakeCache.txt:
	$(CMAKE) -S . -B build -DCMAKE_BUILD_TYPE=Debug -DCMAKE_INSTALL_PREFIX=$(PREFIX)

build: build/CMakeCache.txt
	$(CMAKE) --build build -j $(JOBS)

run: build
	./build/kmm run
	@for e in build/examples/*; do \
		echo; echo "==== example module: $$e (KMM_CMDLINE=$$KMM_CMDLINE) ===="; \
		$$e || exit 1; \
	done

build-%/CMakeCache.txt:
	$(CMAKE) -S . -B build-$* -DCMAKE_BUILD_TYPE=$(if $(filter release,$*),Release,Debug) \
		$(if $(filter asan tsan,$*),-DKMM_SANITIZE=$*)

test-debug: build
	cd build && ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

test-asan: build-asan/CMakeCache.txt
	$(CMAKE) --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=0 ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

test-tsan: build-tsan/CMakeCache.txt
	$(CMAKE) --build build-tsan -j $(JOBS)
	cd build-tsan && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

test: test-debug test-asan test-tsan
	@echo "make test: debug, asan+ubsan and tsan suites passed"

bench: build-release/CMakeCache.txt
	$(CMAKE) --build build-release -j $(JOBS)
	./bench/run.sh build-release

install: build
	$(CMAKE) --install build --prefix $(PREFIX)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

format-check:
	clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan build-tsan build-release
