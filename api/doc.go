// Package api holds the project's own Swagger 2.0 document, openapi.yaml, for
// the user operations of TileDB Cloud's REST API v1, from which the SDK is
// generated.
//
// The package has no Go API: its test checks the document against TileDB's
// specification of the service (same facts, descriptions in the project's own
// words) and checks that it uses only the extensions README.md documents.
// It is a module of its own, so that the YAML parser its test uses stays out
// of the SDK's go.mod; make test runs it.
package api
