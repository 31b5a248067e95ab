package tiledbcloud

// The models, enums, operations and the runtime's glue are generated from
// the API document; see internal/gen and api/README.md.
//go:generate go run ./internal/gen -spec api/openapi.yaml -tags user -package tiledbcloud -out .

// The fake server's operation constants, routes and encoding/json wire
// types come from the same document; see internal/gen/emit_fake.go.
//go:generate go run ./internal/gen -fake -spec api/openapi.yaml -tags user -package tiledbcloudtest -out tiledbcloudtest
