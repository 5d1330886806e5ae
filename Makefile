# cardbox — build, run and test.
PREFIX ?= /usr/local
SWIFT ?= swift
CONTENT ?= Content
# cmark-gfm and libcmark export the same symbols: the build links cmark-gfm only, never both.
APT_PACKAGES := libncurses-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libsqlite3-dev

.PHONY: all build release run test install clean check-deps bench stress fuzz format lint
STRESS_ITERATIONS ?= 500
FUZZ_SECONDS ?= 600
BENCH_SIZES ?= 1000,10000,100000
# Release builds link the Swift runtime and Foundation statically: the installed binary runs without a
# Swift toolchain, and starts about 5 ms sooner (no dynamic loading of the runtime's libraries).
RELEASE := -c release --static-swift-stdlib

all: build

## Fail early, with the exact fix, when the C libraries are missing; install them when root.
check-deps:
	@missing=""; \
	for pc in ncursesw libcmark-gfm sqlite3; do pkg-config --exists $$pc 2>/dev/null || missing="$$missing $$pc"; done; \
	[ -e "$$(pkg-config --variable=includedir libcmark-gfm 2>/dev/null)/cmark-gfm-core-extensions.h" ] \
		|| missing="$$missing cmark-gfm-extensions"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing $(APT_PACKAGES) (missing:$$missing)"; \
			apt-get update -qq && apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
		else \
			echo "Missing C libraries:$$missing. Install them with:"; \
			echo "  sudo apt-get install -y $(APT_PACKAGES)"; \
			exit 1; \
		fi; \
	fi

build: check-deps
	$(SWIFT) build

release: check-deps
	$(SWIFT) build $(RELEASE)

run: release
	$$($(SWIFT) build $(RELEASE) --show-bin-path)/cardbox --content $(CONTENT)

## Source style is checked by swift-format (bundled with the toolchain) against .swift-format.
FORMAT_PATHS := Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive --parallel $(FORMAT_PATHS)

lint:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMAT_PATHS)

test: check-deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/cardbox
	install -m 755 $$($(SWIFT) build $(RELEASE) --show-bin-path)/cardbox $(DESTDIR)$(PREFIX)/bin/cardbox
	rm -rf $(DESTDIR)$(PREFIX)/share/cardbox/Content
	cp -R Content $(DESTDIR)$(PREFIX)/share/cardbox/Content

clean:
	rm -rf .build

## Release-build benchmark on synthetic 1k/10k/100k-card collections; see docs/PERFORMANCE.md.
bench: check-deps
	$(SWIFT) build $(RELEASE) --product cardbox
	$(SWIFT) build $(RELEASE) --product CardboxBench
	$$($(SWIFT) build $(RELEASE) --show-bin-path)/CardboxBench run \
		--cardbox $$($(SWIFT) build $(RELEASE) --show-bin-path)/cardbox --sizes $(BENCH_SIZES) --out .bench/results.json

## Reliability under stress: SIGKILL at $(STRESS_ITERATIONS) random moments, as many resizes, a 50 MB deck.
## Ends with "stress: N kills, 0 lost answers, M answers checked"; CARDBOX_STRESS_SEED=… repeats a run.
stress: check-deps
	$(SWIFT) build --build-tests
	@mkdir -p .build
	{ CARDBOX_STRESS_ITERATIONS=$(STRESS_ITERATIONS) $(SWIFT) test --skip-build --disable-swift-testing \
		--filter 'CrashSafetyTests|SignalAndResizeTests|BadContentTests'; echo $$? > .build/stress.status; } 2>&1 | tee .build/stress.log
	@grep '^stress:' .build/stress.log | tail -1
	@exit $$(cat .build/stress.status)

## libFuzzer on the deck parser for FUZZ_SECONDS; crashing or slow inputs land in
## Tests/CardboxEngineTests/FuzzRegressions/, which the unit tests replay.
fuzz: check-deps
	$(SWIFT) build --scratch-path .build-fuzz -c debug --product CardboxFuzz \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DCARDBOX_LIBFUZZER
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh .build-fuzz/debug/CardboxFuzz
