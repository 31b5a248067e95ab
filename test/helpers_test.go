// Package test holds black-box tests of the tiledbcloud SDK against local
// HTTP servers: httptest servers for the wire contract and httpmock for
// transport-level cases.
package test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// basePath is where setup mounts the API, so that a request to a wrong
// absolute path (one that drops the base path) gets a 404 and fails the test.
const basePath = "/api-v1"

// testAPIKey is the API key setup configures.
const testAPIKey = "test-api-key"

// setup starts an httptest server whose mux is mounted under basePath and
// returns a client configured for it (API key auth, no retries) and the mux.
func setup(t *testing.T) (*tiledbcloud.APIClient, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	api := http.NewServeMux()
	api.Handle(basePath+"/", http.StripPrefix(basePath, mux))
	api.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request to %s %s outside the base path %s", r.Method, r.URL.EscapedPath(), basePath)
		http.Error(w, "outside base path", http.StatusNotFound)
	})
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)

	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = srv.URL + basePath
	cfg.APIKey = testAPIKey
	cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
	return tiledbcloud.NewAPIClient(cfg), mux
}

// testMethod asserts the request's HTTP method.
func testMethod(t *testing.T, r *http.Request, want string) {
	t.Helper()
	assert.Equal(t, want, r.Method, "method")
}

// testJSONBody asserts that the request body is JSON equal to want.
func testJSONBody(t *testing.T, r *http.Request, want string) {
	t.Helper()
	got, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	assert.JSONEq(t, want, string(got), "request body")
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"), "Content-Type")
}

// testNoBody asserts that the request has no body and no Content-Type.
func testNoBody(t *testing.T, r *http.Request) {
	t.Helper()
	got, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	assert.Empty(t, got, "request body")
	assert.Empty(t, r.Header.Get("Content-Type"), "Content-Type")
}

// writeJSON writes v as a 200 JSON response.
func writeJSON(t *testing.T, w http.ResponseWriter, v string) {
	t.Helper()
	require.True(t, json.Valid([]byte(v)), "fixture is not JSON: %s", v)
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, v)
}

// writeError writes the spec's error document with the given status.
func writeError(w http.ResponseWriter, status int, message, requestID string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	doc, _ := json.Marshal(map[string]any{"code": status, "message": message, "request_id": requestID})
	_, _ = w.Write(doc)
}
