package tiledbcloud

// The models, enums, operations and the runtime's glue are generated from
// the API document; see internal/gen and api/README.md.
//go:generate go run ./internal/gen -spec api/openapi.yaml -tags user -package tiledbcloud -out .
