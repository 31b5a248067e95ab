// Package api holds the project's own Swagger 2.0 document, openapi.yaml, for
// the user operations of TileDB Cloud's REST API v1, from which the SDK is
// generated.
//
// The package has no Go API: its tests check the document against TileDB's
// specification of the service (same facts, descriptions in the project's own
// words), check that it uses only the extensions README.md documents, and
// list the operations the fake server (tiledbcloudtest) does not implement
// yet, which must be none. They are the tests that fail when the document
// changes, until the reference copy and the fake catch up. The package is a
// module of its own, so that the YAML parser its tests use stays out of the
// SDK's go.mod; make test runs it.
package api
