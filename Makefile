# Everything runs offline except the first download of pinned tools and the
# Go 1.27.3 and Go 1.24.0 toolchains from the Go module proxy.
GO ?= go

# The oldest Go the module claims: go.mod's go line, which make test-min-go
# checks, and the README. Raising it is a decision (see README, Requirements).
MIN_GO := go1.24.0

STATICCHECK_VERSION := v0.8.2
GOVULNCHECK_VERSION := v1.9.0
# The Go vulnerability database as published on the module proxy; the scan
# builds its index locally, so it needs no access to vuln.go.dev.
VULNDB_VERSION := v0.0.0-20261105234957-e22db6528018
# govulncheck reports the vulnerabilities of the standard library of the Go
# that builds the program; scan with a patched release (see README, Security).
VULNCHECK_GO := go1.27.3
BENCHSTAT_VERSION := v0.0.0-20260908200009-22c9c6c9d4da
BENCHCOUNT ?= 6

TOOLS := $(CURDIR)/.tools

# The modules of their own in this repository, which ./... does not reach:
# the OpenTelemetry module and the example that imports it.
NESTED_MODULES := otel examples/otel

# The fuzz targets (fuzz_test.go); their corpora live in testdata/fuzz.
FUZZ_TARGETS := FuzzUnmarshalUser FuzzUnmarshalOrganizationUser FuzzUnmarshalToken FuzzUnmarshalTokenRequest FuzzUnmarshalAWSAccessCredentials FuzzUnmarshalInlineObject FuzzUnmarshalModelError FuzzUnmarshalModels FuzzMarshal FuzzParseDateTime FuzzStreamDecode FuzzErrorResponse FuzzParseRetryAfter FuzzPrimitiveDecode FuzzPrimitiveEncode
# The generator's fuzz target (internal/gen/fuzz_build_test.go): no document
# makes it panic.
GEN_FUZZ_TARGETS := FuzzGenerate
FUZZTIME ?= 10s
# Extra flags for make fuzz, such as -parallel=1 on a busy machine.
FUZZFLAGS ?=

# The modules of their own that make test, vet and test-min-go run with the
# SDK's: the generator (internal/gen) and the API document's checks (api),
# kept out of the SDK's go.mod so that importers do not get the YAML parser
# they use.
DEV_MODULES := internal/gen api

# make gen: any Swagger 2.0 document into a standalone package. Relative
# paths are relative to this directory.
SPEC ?=
TAGS ?= all
PACKAGE ?=
OUT ?=

# The public packages whose exported API make api-check compares with its
# record (internal/apicheck/record): module directory, import path, record.
API_PACKAGES := \
	.:github.com/tiledbcloud-go/tiledbcloud:tiledbcloud.txt \
	.:github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest:tiledbcloudtest.txt \
	otel:github.com/tiledbcloud-go/tiledbcloud/otel:otel.txt
API_RECORD := internal/apicheck/record

.PHONY: test test-min-go test-examples vet lint demo fuzz bench generate gen check-generated api-check api-update

## demo: the SDK's main job, a whole session through every operation against the embedded fake server (no network, no account)
demo:
	$(GO) run ./examples/quickstart

## generate: regenerate the models, operations and glue from api/openapi.yaml (internal/gen)
generate:
	$(GO) generate ./...

## gen: a standalone package from any Swagger 2.0 document: make gen SPEC=<file> TAGS=<all|t1,t2> PACKAGE=<name> OUT=<dir>
gen:
	@if [ -z "$(SPEC)" ] || [ -z "$(PACKAGE)" ] || [ -z "$(OUT)" ]; then \
		echo "usage: make gen SPEC=<file> TAGS=<all|t1,t2> PACKAGE=<name> OUT=<dir>"; exit 2; fi
	$(GO) run -C internal/gen . -C "$(CURDIR)" -spec "$(SPEC)" -tags "$(TAGS)" -package "$(PACKAGE)" -out "$(OUT)" -runtime . -standalone

## check-generated: fail when a generated file is stale or edited by hand (CI runs this)
check-generated: generate
	git diff --exit-code
	@untracked=$$(git ls-files --others --exclude-standard); if [ -n "$$untracked" ]; then echo "untracked files after make generate:"; echo "$$untracked"; exit 1; fi

## api-check: fail, naming each difference, when the exported API of a public package differs from its record (CI runs this)
api-check:
	@set -e; for p in $(API_PACKAGES); do \
		dir=$${p%%:*}; rest=$${p#*:}; pkg=$${rest%%:*}; rec=$${rest#*:}; \
		echo "apicheck $$pkg"; \
		$(GO) run ./internal/apicheck -C $$dir $(CURDIR)/$(API_RECORD)/$$rec $$pkg; \
	done

## api-update: rewrite the records of the exported API after a deliberate change (add a CHANGELOG.md line too)
api-update:
	@set -e; for p in $(API_PACKAGES); do \
		dir=$${p%%:*}; rest=$${p#*:}; pkg=$${rest%%:*}; rec=$${rest#*:}; \
		$(GO) run ./internal/apicheck -C $$dir -w $(CURDIR)/$(API_RECORD)/$$rec $$pkg; \
	done

## test: formatting, vet, and the whole test suite with the race detector, nested modules included (CI runs this)
test: vet
	$(GO) test -race -count=1 ./...
	@for m in $(DEV_MODULES); do \
		echo "cd $$m && $(GO) test -race -count=1 ./..."; \
		(cd $$m && $(GO) test -race -count=1 ./...) || exit 1; \
	done

## test-min-go: the whole test suite on MIN_GO, the oldest Go go.mod admits (CI runs this)
test-min-go:
	@want=$$($(GO) list -m -f '{{.GoVersion}}'); if [ "go$$want" != "$(MIN_GO)" ]; then \
		echo "go.mod says go $$want, the Makefile's MIN_GO is $(MIN_GO): make them agree"; exit 1; fi
	GOTOOLCHAIN=$(MIN_GO) $(GO) version
	GOTOOLCHAIN=$(MIN_GO) $(GO) test -count=1 ./...
	@for m in $(DEV_MODULES); do \
		echo "cd $$m && GOTOOLCHAIN=$(MIN_GO) $(GO) test -count=1 ./..."; \
		(cd $$m && GOTOOLCHAIN=$(MIN_GO) $(GO) test -count=1 ./...) || exit 1; \
	done

## test-examples: vet and test the modules of their own (otel, examples/otel), which ./... does not reach
test-examples:
	@set -e; for m in $(NESTED_MODULES); do \
		echo "== $$m"; \
		(cd $$m && $(GO) vet ./... && $(GO) test -race -count=1 ./...); \
	done

vet:
	@out=$$(gofmt -l . | grep -v '^testdata/'); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	@for m in $(DEV_MODULES); do echo "cd $$m && $(GO) vet ./..."; (cd $$m && $(GO) vet ./...) || exit 1; done

## lint: gofmt, go vet, staticcheck (the nested modules too) and govulncheck at pinned versions
lint: vet
	GOBIN=$(TOOLS) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	$(TOOLS)/staticcheck ./...
	@set -e; for m in $(NESTED_MODULES) $(DEV_MODULES); do echo "cd $$m && staticcheck ./..."; (cd $$m && $(TOOLS)/staticcheck ./...); done
	GOBIN=$(TOOLS) $(GO) install golang.org/x/vulndb/cmd/indexdb@$(VULNDB_VERSION)
	GOTOOLCHAIN=$(VULNCHECK_GO) GOBIN=$(TOOLS)/$(VULNCHECK_GO) $(GO) install golang.org/x/vuln/cmd/govulncheck@$(GOVULNCHECK_VERSION)
	rm -rf $(TOOLS)/vulndb
	$(TOOLS)/indexdb -vulns "$$($(GO) env GOMODCACHE)/golang.org/x/vulndb@$(VULNDB_VERSION)/data/osv" -out $(TOOLS)/vulndb
	GOTOOLCHAIN=$(VULNCHECK_GO) $(TOOLS)/$(VULNCHECK_GO)/govulncheck -db file://$(TOOLS)/vulndb ./...

## fuzz: run every fuzz target for FUZZTIME (default 10s) each; a failure does not stop the others
fuzz:
	@failed=; for t in $(FUZZ_TARGETS); do \
		echo "== $$t"; \
		$(GO) test -run='^$$' -fuzz="^$$t\$$" -fuzztime=$(FUZZTIME) $(FUZZFLAGS) . || failed="$$failed $$t"; \
	done; \
	for t in $(GEN_FUZZ_TARGETS); do \
		echo "== internal/gen $$t"; \
		(cd internal/gen && $(GO) test -run='^$$' -fuzz="^$$t\$$" -fuzztime=$(FUZZTIME) $(FUZZFLAGS) .) || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz failures:$$failed"; exit 1; fi

## bench: the six common calls, SDK beside a hand-written net/http + encoding/json client, in memory and over loopback
bench:
	GOBIN=$(TOOLS) $(GO) install golang.org/x/perf/cmd/benchstat@$(BENCHSTAT_VERSION)
	$(GO) test -run='^$$' -bench=. -benchmem -count=$(BENCHCOUNT) . | tee bench.txt
	$(TOOLS)/benchstat -col /client bench.txt
