// Package test holds black-box tests of the tiledbcloud SDK against local
// HTTP servers: httptest servers for the wire contract and httpmock for
// transport-level cases.
package test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// basePath is where setup mounts the API, so that a request to a wrong
// absolute path (one that drops the base path) gets a 404 and fails the test.
const basePath = "/api-v1"

// nilCtx is a nil context.Context, the caller mistake some tests make on
// purpose; a variable, so that linters let the call through.
var nilCtx context.Context

// testAPIKey is the API key setup configures.
const testAPIKey = "test-api-key"

// setup starts an httptest server whose mux is mounted under basePath and
// returns a client configured for it (API key auth, no retries) and the mux.
func setup(t *testing.T) (*tiledbcloud.APIClient, *http.ServeMux) {
	t.Helper()
	client, mux, _ := setupWith(t, nil)
	return client, mux
}

// setupWith is setup with a hook that adjusts the configuration before the
// client is made; it also returns the server's URL (scheme and host).
func setupWith(t *testing.T, configure func(*tiledbcloud.Configuration)) (*tiledbcloud.APIClient, *http.ServeMux, string) {
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
	return newTestClient(srv.URL, configure), mux, srv.URL
}

// setupRaw starts a server that hands every request under basePath to h as
// is, without a ServeMux, whose path cleaning would redirect the unusual
// paths edge-case tests send. It returns the client and the server's URL.
func setupRaw(t *testing.T, h http.HandlerFunc, configure func(*tiledbcloud.Configuration)) (*tiledbcloud.APIClient, string) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.RequestURI, basePath+"/") {
			t.Errorf("request to %s %s outside the base path %s", r.Method, r.RequestURI, basePath)
			http.Error(w, "outside base path", http.StatusNotFound)
			return
		}
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return newTestClient(srv.URL, configure), srv.URL
}

// setupCounting starts a server that counts the requests it gets and answers
// each with 204; tests that expect a call to be rejected before sending
// assert the count stays 0.
func setupCounting(t *testing.T, configure func(*tiledbcloud.Configuration)) (*tiledbcloud.APIClient, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}, configure)
	return client, &n
}

// newTestClient returns a client for the server at serverURL: API key auth,
// no retries, then whatever configure changes.
func newTestClient(serverURL string, configure func(*tiledbcloud.Configuration)) *tiledbcloud.APIClient {
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = serverURL + basePath
	cfg.APIKey = testAPIKey
	cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
	if configure != nil {
		configure(cfg)
	}
	return tiledbcloud.NewAPIClient(cfg)
}

// testMethod asserts the request's HTTP method.
func testMethod(t *testing.T, r *http.Request, want string) {
	t.Helper()
	assert.Equal(t, want, r.Method, "method")
}

// testURI asserts the request target exactly as sent on the wire (escaped
// path and query), relative to basePath.
func testURI(t *testing.T, r *http.Request, want string) {
	t.Helper()
	assert.Equal(t, basePath+want, r.RequestURI, "request URI")
}

// testHeaders asserts the headers every request carries: one Accept of
// application/json and a User-Agent naming the SDK and its version.
func testHeaders(t *testing.T, r *http.Request) {
	t.Helper()
	assert.Equal(t, []string{"application/json"}, r.Header.Values("Accept"), "Accept")
	assert.Len(t, r.Header.Values("User-Agent"), 1, "User-Agent")
	assert.Contains(t, r.Header.Get("User-Agent"), "tiledbcloud-go/"+tiledbcloud.Version, "User-Agent")
}

// testAPIKeyAuth asserts that the request carries the API key want and no
// Authorization header.
func testAPIKeyAuth(t *testing.T, r *http.Request, want string) {
	t.Helper()
	assert.Equal(t, []string{want}, r.Header.Values("X-TILEDB-REST-API-KEY"), "X-TILEDB-REST-API-KEY")
	assert.Empty(t, r.Header.Values("Authorization"), "Authorization")
}

// testBasicAuth asserts that the request carries HTTP basic credentials for
// user and password and no API key.
func testBasicAuth(t *testing.T, r *http.Request, user, password string) {
	t.Helper()
	u, p, ok := r.BasicAuth()
	assert.True(t, ok, "basic auth present")
	assert.Equal(t, user, u, "basic auth user")
	assert.Equal(t, password, p, "basic auth password")
	assert.Len(t, r.Header.Values("Authorization"), 1, "Authorization")
	assert.Empty(t, r.Header.Values("X-TILEDB-REST-API-KEY"), "X-TILEDB-REST-API-KEY")
}

// testNoAuth asserts that the request carries no credentials at all.
func testNoAuth(t *testing.T, r *http.Request) {
	t.Helper()
	assert.Empty(t, r.Header.Values("X-TILEDB-REST-API-KEY"), "X-TILEDB-REST-API-KEY")
	assert.Empty(t, r.Header.Values("Authorization"), "Authorization")
}

// testJSONBody asserts that the request body is JSON equal to want.
func testJSONBody(t *testing.T, r *http.Request, want string) {
	t.Helper()
	got, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	assert.JSONEq(t, want, string(got), "request body")
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"), "Content-Type")
	assert.Equal(t, int64(len(got)), r.ContentLength, "Content-Length")
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

// testResponse asserts what every successful call returns: the response
// with the expected status and its body already consumed.
func testResponse(t *testing.T, resp *http.Response, status int) {
	t.Helper()
	require.NotNil(t, resp, "response")
	assert.Equal(t, status, resp.StatusCode, "status")
	assert.Equal(t, http.NoBody, resp.Body, "response body is replaced by http.NoBody")
}
