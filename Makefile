# wasmgear: two commands on a fresh machine — `make demo` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
GOROOT := $(shell $(GO) env GOROOT)
DIST := web/dist
BIN := $(CURDIR)/bin
## The module's build flags (README "Size" has every measure and what it saved):
## -gcflags=all=-l: no inlining, anywhere in the module; inlined copies were 53,514 bytes brotli
## (710,221 → 656,707 when measured). -s -w: no symbol table or DWARF. -overlay: package time
## as internal/cmd/wasmoverlay writes it from this GOROOT (the build stops if Go's files changed
## shape): a time.Time.String that does not format (context's Deadline makes the linker keep
## that method, and with it all of time's layout and zone code: 10.9 KB brotli nothing runs),
## and no GODEBUG asynctimerchan, whose internal/godebug keeps internal/bisect and the runtime's
## metrics tables (27.5 KB brotli; a browser module has no environment to set it from).
## Measured and left out: wasm-opt (binaryen 132; -Oz and -Os made the brotli file larger,
## -O1 saved 1.4 KB for 70 s of build) and GOWASM=signext (1.4 KB, for a new engine requirement).
WASM_OVERLAY := $(BIN)/_overlay/overlay.json
WASM_GCFLAGS := -trimpath -gcflags=all=-l -overlay=$(WASM_OVERLAY)
WASM_FLAGS := $(WASM_GCFLAGS) -ldflags='-s -w'
WASM_ENV := GOOS=js GOARCH=wasm

.PHONY: build demo test test-unit test-wasm test-e2e lint deps chromium engines size bench bench-all package clean fuzz

## build: the WASM module, Go's matching wasm_exec.js and the JS glue in web/dist
build: web/node_modules/.installed
	mkdir -p $(DIST)
	cp "$(GOROOT)/lib/wasm/wasm_exec.js" web/src/wasm_exec.js
	cp "$(GOROOT)/lib/wasm/wasm_exec.js" $(DIST)/wasm_exec.js
	$(GO) run ./internal/cmd/wasmoverlay -goroot "$(GOROOT)" -o $(dir $(WASM_OVERLAY))
	$(WASM_ENV) $(GO) build $(WASM_FLAGS) -o $(DIST)/wasmgear.wasm ./wasm
	cd web && node build.mjs

web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

## demo: build, then serve the demo app, its identity provider and API on 127.0.0.1;
## DEMO_FLAGS passes wasmgear-dev flags (cookie mode's API: make demo DEMO_FLAGS=-resolver)
DEMO_FLAGS ?=
demo: build
	$(GO) run ./cmd/wasmgear-dev -root . $(DEMO_FLAGS)

## chromium: install Debian's chromium when no browser is present (needs root)
chromium:
	@if ! command -v chromium >/dev/null 2>&1 && [ -z "$${WASMGEAR_CHROME:-}" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing chromium (Debian package)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "chromium is missing: run 'sudo apt-get install chromium' or set WASMGEAR_CHROME" >&2; exit 1; \
		fi; \
	fi

## the interoperability tests' provider (oidc-provider, pinned in e2e/interop/package-lock.json)
e2e/interop/node_modules/.installed: e2e/interop/package.json e2e/interop/package-lock.json
	cd e2e/interop && npm ci --no-audit --no-fund
	touch $@

## engines: install Firefox ESR, WebKitWebDriver (WebKitGTK's MiniBrowser) and Xvfb for
## e2e/engines when missing (Debian packages; needs root; apt waits for other installers)
ENGINE_PACKAGES := firefox-esr:WASMGEAR_FIREFOX:firefox-esr webkit2gtk-driver:WASMGEAR_WEBKITDRIVER:WebKitWebDriver xvfb:WASMGEAR_XVFB:Xvfb
engines:
	@missing=""; for spec in $(ENGINE_PACKAGES); do \
		IFS=: read -r pkg env bin <<<"$$spec"; \
		if [ -z "$${!env:-}" ] && ! command -v "$$bin" >/dev/null 2>&1; then missing="$$missing $$pkg"; fi; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing$$missing (Debian packages)"; \
			apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq $$missing >/dev/null; \
		else \
			echo "missing:$$missing: run 'sudo apt-get install$$missing' (or set WASMGEAR_FIREFOX, WASMGEAR_WEBKITDRIVER, WASMGEAR_XVFB)" >&2; exit 1; \
		fi; \
	fi

deps: chromium engines web/node_modules/.installed e2e/interop/node_modules/.installed
	$(GO) mod download

$(BIN)/wasmbrowser: $(shell find internal -name '*.go')
	$(GO) build -o $@ ./internal/cmd/wasmbrowser

## lint: gofmt and go vet, native and js/wasm
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); if [ -n "$$out" ]; then echo "gofmt needed: $$out" >&2; exit 1; fi
	$(GO) vet ./...
	$(WASM_ENV) $(GO) vet ./sdk/... ./jsbridge/... ./wasm/...

## test: install what is missing, then every suite: unit, fuzz (3 s a target), WASM-in-browser,
## end-to-end, npm
test: deps build lint
	$(MAKE) --no-print-directory test-unit
	$(MAKE) --no-print-directory fuzz FUZZTIME=3s
	$(MAKE) --no-print-directory test-wasm
	$(MAKE) --no-print-directory test-e2e
	$(MAKE) --no-print-directory test-npm

## test-unit: the native Go packages (cmd/wasmgear-dev too), with the race detector
test-unit:
	$(GO) test -race -count=1 ./sdk/... ./devidp/... ./backend/... ./internal/... ./cmd/...

## test-wasm: the jsbridge adapters, compiled to WebAssembly and run inside Chromium
test-wasm: chromium $(BIN)/wasmbrowser
	$(WASM_ENV) $(GO) test -count=1 -exec $(BIN)/wasmbrowser ./jsbridge/...

## test-e2e: the real pages in headless Chromium (and e2e/engines in Firefox and WebKit),
## against the freshly built web/dist. The packages run one at a time (-p 1): each drives
## browsers, and two packages of browsers on 2 cores starve each other. The demo's
## screenshots (each state at desktop and phone width) land in artifacts/screenshots/
## (git-ignored; CI keeps the folder as its artifact). -timeout 14m: ./e2e takes 5–6 min on a
## quiet 2-core machine and came within a minute of 10 under a load average of 20.
test-e2e: chromium engines build e2e/interop/node_modules/.installed
	$(GO) test -count=1 -p 1 -timeout 14m ./e2e/...
	@echo "demo screenshots: $(CURDIR)/artifacts/screenshots/"

## fuzz: every fuzz target in the module, each for FUZZTIME (make test: 3s each). Targets are
## found, not listed: each package with `func Fuzz...` in a _test.go file is asked for its
## names with `go test -list`, so a target added anywhere later runs with no change here. Each
## runs alone (-run and -fuzz match only it); a failing input lands in its testdata/fuzz/.
## Go 1.26's fuzz coordinator can fail a run with a bare "context deadline exceeded" as
## -fuzztime ends (golang/go#75804, fixed in Go 1.27): such a failure that wrote no failing
## input is reported and not counted; every other failure stops make.
FUZZTIME ?= 1m
FUZZMINIMIZETIME ?= 5s
fuzz:
	@log=$$(mktemp); trap 'rm -f "$$log"' EXIT; \
	for dir in $$(grep -rlE --include='*_test.go' --exclude-dir=node_modules --exclude-dir=testdata '^func Fuzz[A-Z0-9_]' . | xargs -r -n1 dirname | sort -u); do \
		for name in $$($(GO) test -list '^Fuzz' "$$dir" | grep '^Fuzz'); do \
			echo "fuzz: $$dir $$name for $(FUZZTIME)"; \
			corpus="$$dir/testdata/fuzz/$$name"; before=$$(ls "$$corpus" 2>/dev/null | wc -l || true); \
			if ! $(GO) test -run "^$$name\$$" -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZETIME) "$$dir" 2>&1 | tee "$$log"; then \
				if [ "$$(ls "$$corpus" 2>/dev/null | wc -l)" = "$$before" ] && grep -qx '    context deadline exceeded' "$$log" && ! grep -qE 'Failing input|panic:' "$$log"; then \
					echo "fuzz: $$name: 'context deadline exceeded' with no failing input is golang/go#75804, not a finding"; \
				else exit 1; fi; \
			fi; \
		done; \
	done

## size: where the bytes go: the module's sections, its top packages and functions (read from
## an unstripped build's name section, bin/wasmgear-names.wasm), then the raw, gzip and brotli
## sizes of what a page downloads, whose brotli total is what e2e/size_test.go checks
SIZE_TOP ?= 25
size: build
	mkdir -p $(BIN)
	$(WASM_ENV) $(GO) build $(WASM_GCFLAGS) -o $(BIN)/wasmgear-names.wasm ./wasm
	@node web/size-names.mjs $(BIN)/wasmgear-names.wasm $(SIZE_TOP) $(SIZE_TOP)
	@echo
	@node web/size.mjs

## bench: wasmgear beside @authgear/web 6.0.0 (pinned in bench/package.json, installed in
## bench/node_modules) in one headless Chromium: the README's performance table, in under 5
## minutes. `make bench BENCH_FLAGS='-profile start'` profiles instead (see bench/main.go).
BENCH_FLAGS ?=
bench: build bench/node_modules/.installed
	$(GO) run ./bench $(BENCH_FLAGS)

bench/node_modules/.installed: bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund
	touch $@

## bench-all: bench, then the backend's benchmarks and load test, start-up per engine, the
## tab storm and the sizes
bench-all: bench
	$(GO) test -run '^$$' -bench . -benchmem ./backend/
	WASMGEAR_BENCH=1 $(GO) test -count=1 -run 'TestJWTMiddleware_Load' -v ./backend/ | grep -E 'load:'
	WASMGEAR_BENCH=1 $(GO) test -count=1 -run 'TestMeasure' -v ./e2e/ | grep -E 'measure:'
	WASMGEAR_BENCH=1 $(GO) test -count=1 -run 'TestMeasure' -v ./e2e/engines/ | grep -E 'measure:'
	$(GO) test -count=1 -run 'TestTabs_RefreshStorm' -v ./e2e/ | grep -E 'storm [0-9]'
	@node web/size.mjs

## package: the npm tarball, in web/ (wasmgear-<version>.tgz), with the repository's README
## and the LICENSE package.json names (npm pack takes both from web/; the copies are ignored)
package: build
	cp README.md LICENSE web/
	cd web && npm pack --no-fund --cache test/.npm-cache

## test-npm: the npm package as users get it: pack, install the tarball into
## web/test/consumer (npm ci; npm cache in web/test/.npm-cache), type-check with tsc,
## import in Node, bundle with esbuild and Vite, then drive both bundles in Chromium; compare
## the exports with @authgear/web 6.0.0 (installed in web/test/authgear-web, for that test only)
.PHONY: test-npm
NPM_TEST_FLAGS := --no-audit --no-fund --prefer-offline --cache ../.npm-cache
test-npm: package
	cp web/wasmgear-$$(node -p 'require("./web/package.json").version').tgz web/test/consumer/wasmgear.tgz
	cd web/test/consumer && npm ci $(NPM_TEST_FLAGS)
	cd web/test/authgear-web && npm ci $(NPM_TEST_FLAGS) --ignore-scripts
	node --test web/test/npm.test.mjs web/test/types.test.mjs web/test/parity.test.mjs web/test/dropin.test.mjs
	WASMGEAR_NPM_CONSUMER=$(CURDIR)/web/test/consumer $(GO) test -count=1 -timeout 5m -run '^TestNPM' ./e2e/

clean:
	rm -rf $(DIST) web/src/wasm_exec.js bin
