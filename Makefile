GO ?= go

.PHONY: test vet
test: vet
	$(GO) test -race -count=1 ./...

vet:
	@test -z "$$(gofmt -l . | tee /dev/stderr)" || (echo "gofmt: files above need formatting" && exit 1)
	$(GO) vet ./...
