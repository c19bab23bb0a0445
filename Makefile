# Arena. `make run` serves a working arena on ./arena.db; `make test` runs every test.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)

.PHONY: run build test test-go check lint generate bench fmt vet fuzz chain-contracts chain-contracts-check

include contracts/Makefile.mk

run: build
	./bin/arena serve

build: generate-if-needed
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/arena ./cmd/arena

# templ output is committed, so a plain build needs no generation step.
generate-if-needed:
	@true

generate:
	$(GO) tool templ generate -path views

# Recompile the chain adapter's own contracts (the ERC-6492 signature check and the test
# smart account) into the committed .bin/.abi files beside their sources.
chain-contracts: contracts/node_modules/.package-lock.json
	node arena/chain/build-contracts.mjs

chain-contracts-check: contracts/node_modules/.package-lock.json
	node arena/chain/build-contracts.mjs --check

# The whole suite; the contract tests need the pinned npm packages.
test: contracts/node_modules/.package-lock.json test-go

# The Go tests alone, without npm, for quick work (tests needing npm packages skip).
test-go:
	$(GO) test -race -count=1 -timeout 30m ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

vet:
	$(GO) vet ./...

# go vet and staticcheck (pinned by the tool directive in go.mod); the generated contract
# bindings are abigen's code, not ours, and are left out of staticcheck.
lint:
	$(GO) vet ./...
	$(GO) tool staticcheck $$($(GO) list ./... | grep -v /contracts/bindings)

check: generate
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(MAKE) lint
	@if ! git diff --quiet -- views; then echo "templ generation left a diff in views/: run 'make generate' and commit"; git diff --stat -- views; exit 1; fi
	$(MAKE) test

# Every fuzz target for FUZZTIME each, one after another (.ci/fuzz.sh holds the list);
# CI runs the same script with a short FUZZTIME.
FUZZTIME ?= 60s
FUZZMINIMIZETIME ?= 5s
fuzz:
	GO=$(GO) FUZZTIME=$(FUZZTIME) FUZZMINIMIZETIME=$(FUZZMINIMIZETIME) .ci/fuzz.sh

bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 1x ./...
