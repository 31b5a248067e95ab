package tiledbcloud

// The models, enums, operations and the runtime's glue are generated from
// the API document; see internal/gen and api/README.md. The generator is a
// module of its own (internal/gen/go.mod): the first -C is the go command's,
// the second the generator's, which brings the paths back to this directory.
//go:generate go run -C internal/gen . -C ../.. -spec api/openapi.yaml -tags user -package tiledbcloud -out .

// The fake server's operation constants, routes and encoding/json wire
// types come from the same document; see internal/gen/emit_fake.go.
//go:generate go run -C internal/gen . -C ../.. -fake -spec api/openapi.yaml -tags user -package tiledbcloudtest -out tiledbcloudtest
