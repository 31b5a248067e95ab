// Package tiledbcloudtest provides an in-memory fake of the TileDB Cloud v1
// user API, for testing code that uses the tiledbcloud SDK (or any other
// client) without an account or a network.
//
// NewServer starts the server on a loopback port; URL is its base path and
// Config and Client return SDK settings for a seeded user:
//
//	srv, err := tiledbcloudtest.NewServer(
//		tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "jane", Password: "correct-horse"}),
//	)
//	if err != nil { ... }
//	defer srv.Close()
//	user, _, err := srv.Client("jane").UserApi.GetUser(ctx)
//
// In a test, NewTestServer does the same, failing the test on error and
// closing the server when the test ends.
//
// The server implements every operation with the behaviour of today's
// service (2.17.51) as the project's API document, api/openapi.yaml,
// describes it: users (sign-up validation, duplicate names, partial
// updates, the default region and per-asset storage locations, email
// confirmation, password reset), API and session tokens (random values,
// one or several scopes, expiry, revocation), AWS access credentials per
// namespace (secret keys never returned, at most one default), and
// organization membership with roles. Its operation constants, routes,
// handler interface and wire types are generated from that document: an
// operation added to the document that the fake has no handler for yet
// answers 501 Not Implemented with the error document, and Operations lists
// the operations it implements. It reads and writes JSON
// with encoding/json only, never with the SDK's codec, so that a test of
// the SDK against it checks the SDK's JSON against an independent one. Callers authenticate
// with an API key (X-TILEDB-REST-API-KEY) or basic auth. An ordinary user
// may act only on their own user, tokens and namespace, and on an
// organization as their role there allows; an admin (WithAdmin) may act on
// everything. Every error is the spec's {code, message, request_id}
// document, and every list is a JSON array, never null.
//
// For resilience tests, FailNext makes the next calls of an operation fail
// with a chosen status (and Retry-After), SetLatency delays calls, and
// Requests reports what the server received. WithClock replaces the clock,
// so that token expiry can be tested without sleeping.
//
// The memory the server keeps is bounded, so that a flood of requests,
// with or without credentials, cannot exhaust it: a request body is at most
// MaxRequestBody (1 MiB, else 413); Requests remembers the most recent
// requests, at most MaxRecordedRequests of them and DefaultMaxRecordedBytes
// (16 MiB; WithMaxRecordedBytes changes it) of bodies, headers and URLs in
// total, forgetting older ones first; a field of a JSON request body is at
// most MaxFieldBytes (4 KiB as JSON, else 400 with the error document); and
// the server holds at most MaxUsers users (1000, seeded ones included;
// CreateUser beyond it gets 507), MaxTokens tokens (5000, expired ones
// dropped when it is reached; RequestToken and GetSession beyond it get
// 507) and MaxCredentials AWS access credentials (1000;
// AddAWSAccessCredentials beyond it gets 507).
//
// The command tiledbcloud-fake (in cmd/tiledbcloud-fake) runs the same
// server as a process, for clients in other languages; they inject the
// faults of FailNext with its -fail flag or its loopback-only control
// endpoint.
package tiledbcloudtest
