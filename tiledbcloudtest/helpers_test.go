package tiledbcloudtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// Seeds most tests start from.
const (
	alice    = "alice" // ordinary user, owner of acme
	alicePW  = "alice-password"
	aliceKey = "alice-api-key"
	bob      = "bob" // ordinary user, read_only member of acme
	bobPW    = "bob-password"
	carol    = "carol" // ordinary user, in no organization
	carolPW  = "carol-password"
	root     = "root" // server admin
	rootPW   = "root-password"
	acme     = "acme"
)

var ctx = context.Background()

// testClock is a settable clock for WithClock.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock {
	return &testClock{now: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newServer starts a server seeded with alice, bob, carol, root and acme,
// plus opts.
func newServer(t testing.TB, opts ...tiledbcloudtest.Option) *tiledbcloudtest.Server {
	t.Helper()
	base := []tiledbcloudtest.Option{
		tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: alice, Password: alicePW, APIKey: aliceKey, Email: "alice@example.com", Name: "Alice"}),
		tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: bob, Password: bobPW, Email: "bob@example.com"}),
		tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: carol, Password: carolPW}),
		tiledbcloudtest.WithAdmin(tiledbcloudtest.UserSeed{Username: root, Password: rootPW, Email: "root@example.com"}),
		tiledbcloudtest.WithOrganization(tiledbcloudtest.OrganizationSeed{Name: acme, Owner: alice,
			Members: map[string]tiledbcloud.OrganizationRoles{bob: tiledbcloud.OrganizationRolesReadOnly}}),
	}
	return tiledbcloudtest.NewTestServer(t, append(base, opts...)...)
}

// client returns a client for username with retries disabled.
func client(srv *tiledbcloudtest.Server, username string) *tiledbcloud.APIClient {
	cfg := srv.Config(username)
	cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
	return tiledbcloud.NewAPIClient(cfg)
}

// keyClient returns a client authenticating with an API key.
func keyClient(srv *tiledbcloudtest.Server, key string) *tiledbcloud.APIClient {
	cfg := srv.Config("")
	cfg.APIKey = key
	cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
	return tiledbcloud.NewAPIClient(cfg)
}

// basicClient returns a client authenticating with basic auth.
func basicClient(srv *tiledbcloudtest.Server, username, password string) *tiledbcloud.APIClient {
	cfg := srv.Config("")
	cfg.Username, cfg.Password = username, password
	cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
	return tiledbcloud.NewAPIClient(cfg)
}

// requireAPIError asserts that err is an *APIError with status and a
// well-formed error document, and returns it.
func requireAPIError(t *testing.T, err error, status int) *tiledbcloud.APIError {
	t.Helper()
	var apiErr *tiledbcloud.APIError
	require.Truef(t, errors.As(err, &apiErr), "want an *APIError with status %d, got %v", status, err)
	require.Equalf(t, status, apiErr.StatusCode, "status of %v", err)
	require.NotNil(t, apiErr.Model, "error document")
	assert.Equal(t, int64(status), apiErr.Model.GetCode(), "code")
	assert.NotEmpty(t, apiErr.Model.GetMessage(), "message")
	assert.NotEmpty(t, apiErr.Model.GetRequestID(), "request_id")
	assert.Equal(t, apiErr.Model.GetRequestID(), apiErr.Header.Get("X-Request-Id"), "X-Request-Id")
	return apiErr
}

// rawResponse is a response read by raw.
type rawResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

// raw sends a request without the SDK, for what the SDK cannot send.
func raw(t *testing.T, method, url string, header map[string]string, body string) rawResponse {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if body != "" && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := &http.Client{Timeout: 10 * time.Second}
	defer hc.CloseIdleConnections()
	resp, err := hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return rawResponse{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// errorDoc decodes the error document of a raw response, checking its shape.
func errorDoc(t *testing.T, r rawResponse) map[string]any {
	t.Helper()
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	var doc map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &doc), "body %s", r.Body)
	assert.Equal(t, float64(r.Status), doc["code"], "code")
	assert.NotEmpty(t, doc["message"], "message")
	assert.NotEmpty(t, doc["request_id"], "request_id")
	assert.Equal(t, doc["request_id"], r.Header.Get("X-Request-Id"))
	assert.Len(t, doc, 3, "only code, message and request_id")
	return doc
}
