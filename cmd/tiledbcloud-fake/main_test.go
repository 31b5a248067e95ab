package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// readReady reads the ready line from r, failing the test after a while.
func readReady(t *testing.T, r io.Reader) ready {
	t.Helper()
	lines := make(chan string, 1)
	errs := make(chan error, 1)
	go func() {
		line, err := bufio.NewReader(r).ReadString('\n')
		if err != nil {
			errs <- err
			return
		}
		lines <- line
	}()
	select {
	case line := <-lines:
		var got ready
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		require.NoError(t, dec.Decode(&got), "ready line %q", line)
		return got
	case err := <-errs:
		t.Fatalf("reading the ready line: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("no ready line within 30s")
	}
	return ready{}
}

// checkServer calls the server the ready line describes through the SDK.
func checkServer(t *testing.T, r ready) {
	t.Helper()
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+/v1$`, r.BaseURL)
	assert.NotEmpty(t, r.Password)
	assert.NotEmpty(t, r.APIKey)

	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = r.BaseURL
	cfg.APIKey = r.APIKey
	cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
	api := tiledbcloud.NewAPIClient(cfg).UserApi
	ctx := context.Background()

	user, _, err := api.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, r.Username, user.Username)
	m, _, err := api.GetOrganizationUser(ctx, r.Organization, r.Username)
	require.NoError(t, err)
	assert.Equal(t, tiledbcloud.OrganizationRolesOwner, m.GetRole())

	basic := tiledbcloud.NewConfiguration()
	basic.BasePath = r.BaseURL
	basic.Username, basic.Password = r.Username, r.Password
	session, _, err := tiledbcloud.NewAPIClient(basic).UserApi.GetSession(ctx, nil)
	require.NoError(t, err, "the password works")
	assert.NotEmpty(t, session.GetToken())

	// The seeded user is an admin: it may read any user.
	anon := tiledbcloud.NewConfiguration()
	anon.BasePath = r.BaseURL
	_, err = tiledbcloud.NewAPIClient(anon).UserApi.CreateUser(ctx, tiledbcloud.User{Username: "someone", Password: tiledbcloud.Ptr("someone-password")})
	require.NoError(t, err)
	other, _, err := api.GetUserWithUsername(ctx, "someone")
	require.NoError(t, err)
	assert.Equal(t, "someone", other.Username)
}

func TestRunServesUntilTheContextEnds(t *testing.T) {
	r, stop := startRun(t, "-username", "root", "-password", "root-password", "-api-key", "root-key", "-organization", "acme")
	assert.Equal(t, ready{BaseURL: r.BaseURL, Username: "root", Password: "root-password", APIKey: "root-key", Organization: "acme", ControlURL: r.ControlURL}, r)
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, r.ControlURL)
	checkServer(t, r)

	stop()
	_, err := http.Get(r.BaseURL + "/user")
	assert.Error(t, err, "the server is closed")
	_, err = http.Get(r.ControlURL + "/stats")
	assert.Error(t, err, "the control endpoint is closed")
}

func TestRunRejectsBadArguments(t *testing.T) {
	ctx := context.Background()
	var stderr strings.Builder
	err := run(ctx, []string{"-nope"}, io.Discard, &stderr)
	var ue usageError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, 2, exitCode(err))
	assert.Contains(t, stderr.String(), "Usage: tiledbcloud-fake")

	err = run(ctx, []string{"extra"}, io.Discard, io.Discard)
	assert.Equal(t, 2, exitCode(err))

	err = run(ctx, []string{"-h"}, io.Discard, io.Discard)
	assert.True(t, errors.Is(err, flag.ErrHelp))

	err = run(ctx, []string{"-username", "not valid"}, io.Discard, io.Discard)
	require.Error(t, err)
	assert.Equal(t, 1, exitCode(err))

	err = run(ctx, []string{"-addr", "127.0.0.1:-1"}, io.Discard, io.Discard)
	require.Error(t, err)
	assert.Equal(t, 1, exitCode(err))
}

// startRun runs the command in-process with args and returns its ready
// line and stop, which ends the run, requires it to return nil, and is
// called at the end of the test if not before.
func startRun(t *testing.T, args ...string) (ready, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, stdout := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, stdout, io.Discard)
		stdout.Close()
	}()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				assert.NoError(t, err)
			case <-time.After(10 * time.Second):
				t.Error("run did not return after the context ended")
			}
		})
	}
	t.Cleanup(stop)
	return readReady(t, out), stop
}

// call sends a request as a client in another language would, with plain
// net/http, and returns the status, the Retry-After header and the body.
func call(t *testing.T, method, url, apiKey, contentType, body string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	if apiKey != "" {
		req.Header.Set("X-TILEDB-REST-API-KEY", apiKey)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	hc := &http.Client{Timeout: 30 * time.Second}
	defer hc.CloseIdleConnections()
	resp, err := hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header.Get("Retry-After"), string(b)
}

func TestRunInjectsFaultsFromTheCommandLine(t *testing.T) {
	r, _ := startRun(t, "-api-key", "k", "-fail", "GetUser:2:503:3", "-fail", ":1:500")
	for i := 0; i < 2; i++ {
		status, retryAfter, body := call(t, http.MethodGet, r.BaseURL+"/user", "k", "", "")
		assert.Equal(t, http.StatusServiceUnavailable, status)
		assert.Equal(t, "3", retryAfter)
		assert.Contains(t, body, "injected fault")
	}
	status, retryAfter, _ := call(t, http.MethodGet, r.BaseURL+"/user", "k", "", "")
	assert.Equal(t, http.StatusInternalServerError, status, "then the fault for any operation")
	assert.Empty(t, retryAfter)
	status, _, _ = call(t, http.MethodGet, r.BaseURL+"/user", "k", "", "")
	assert.Equal(t, http.StatusOK, status)
}

func TestRunRejectsBadFaults(t *testing.T) {
	for _, args := range [][]string{
		{"-fail", "GetUser:1"},
		{"-fail", "GetUser:x:503"},
		{"-fail", "GetUser:1:503:soon"},
		{"-fail", "GetUsers:1:503"},
		{"-fail", "GetUser:0:503"},
		{"-fail", "GetUser:1:200"},
		{"-fail", "GetUser:1:503:-1"},
		{"-control-addr", "0.0.0.0:0"},
		{"-control-addr", "localhost:0"},
		{"-control-addr", "nonsense"},
	} {
		var stderr strings.Builder
		err := run(context.Background(), args, io.Discard, &stderr)
		require.Error(t, err, "%q", args)
		assert.Equal(t, 2, exitCode(err), "%q: %v", args, err)
	}
}

func TestControlEndpoint(t *testing.T) {
	r, _ := startRun(t, "-api-key", "k")
	require.Regexp(t, `^http://127\.0\.0\.1:\d+$`, r.ControlURL)
	faults := r.ControlURL + "/faults"

	status, _, _ := call(t, http.MethodPost, faults, "", "application/json",
		`{"operation":"TokensGet","count":1,"status":429,"retry_after_seconds":2}`)
	require.Equal(t, http.StatusNoContent, status)
	status, retryAfter, _ := call(t, http.MethodGet, r.BaseURL+"/tokens", "k", "", "")
	assert.Equal(t, http.StatusTooManyRequests, status)
	assert.Equal(t, "2", retryAfter)
	status, _, _ = call(t, http.MethodGet, r.BaseURL+"/tokens", "k", "", "")
	assert.Equal(t, http.StatusOK, status)

	// DELETE clears pending faults.
	status, _, _ = call(t, http.MethodPost, faults, "", "application/json", `{"count":5,"status":502}`)
	require.Equal(t, http.StatusNoContent, status)
	status, _, _ = call(t, http.MethodDelete, faults, "", "", "")
	require.Equal(t, http.StatusNoContent, status)
	status, _, _ = call(t, http.MethodGet, r.BaseURL+"/user", "k", "", "")
	assert.Equal(t, http.StatusOK, status)

	for _, tt := range []struct {
		method, path, contentType, body string
		status                          int
		message                         string
	}{
		{http.MethodPost, "/faults", "application/json", `{"operation":"GetUsers","count":1,"status":500}`, 400, "unknown operation"},
		{http.MethodPost, "/faults", "application/json", `{"operation":"GetUser","count":0,"status":500}`, 400, "n must be positive"},
		{http.MethodPost, "/faults", "application/json", `{"operation":"GetUser","count":1,"status":302}`, 400, "4xx or 5xx"},
		{http.MethodPost, "/faults", "application/json", `{"count":1,"status":500,"retry_after_seconds":-2}`, 400, "retry_after_seconds"},
		{http.MethodPost, "/faults", "application/json", `{"count":1,"status":500,"retry_after":2}`, 400, "unknown field"},
		{http.MethodPost, "/faults", "application/json", `{"count":1,"status":500} {}`, 400, "one JSON object"},
		{http.MethodPost, "/faults", "application/json", `[1]`, 400, "JSON object"},
		{http.MethodPost, "/faults", "text/plain", `{"count":1,"status":500}`, 415, "application/json"},
		{http.MethodPost, "/faults", "", `{"count":1,"status":500}`, 415, "application/json"},
		{http.MethodPut, "/faults", "", "", 405, "PUT"},
		{http.MethodGet, "/nope", "", "", 404, "/faults"},
	} {
		status, _, body := call(t, tt.method, r.ControlURL+tt.path, "", tt.contentType, tt.body)
		assert.Equal(t, tt.status, status, "%s %s %s", tt.method, tt.path, tt.body)
		var doc struct {
			Code    int
			Message string
		}
		require.NoError(t, json.Unmarshal([]byte(body), &doc), "%s", body)
		assert.Equal(t, tt.status, doc.Code)
		assert.Contains(t, doc.Message, tt.message)
	}
	status, _, _ = call(t, http.MethodGet, r.BaseURL+"/user", "k", "", "")
	assert.Equal(t, http.StatusOK, status, "the refused requests queued no fault")
}

func TestControlEndpointAnswersLoopbackOnly(t *testing.T) {
	h := controlHandler{}
	for _, tt := range []struct{ remote, host string }{
		{"192.0.2.7:40000", "127.0.0.1:9000"},    // a client on another machine
		{"127.0.0.1:40000", "evil.example:9000"}, // a web page rebound to 127.0.0.1
		{"[::1]:40000", "tiledb.example"},
		{"not an address", "127.0.0.1"},
	} {
		req := httptest.NewRequest(http.MethodDelete, "/faults", nil)
		req.RemoteAddr, req.Host = tt.remote, tt.host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusForbidden, rec.Code, "%+v", tt)
		assert.Contains(t, rec.Body.String(), "loopback clients only")
	}
	for _, host := range []string{"127.0.0.1:9000", "localhost:9000", "LOCALHOST", "[::1]:9000", "127.0.0.2"} {
		req := httptest.NewRequest(http.MethodGet, "/nope", nil)
		req.RemoteAddr, req.Host = "127.0.0.1:40000", host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusNotFound, rec.Code, "host %s gets past the check", host)
	}
}

func TestControlEndpointCanBeTurnedOff(t *testing.T) {
	r, _ := startRun(t, "-control-addr", "")
	assert.Empty(t, r.ControlURL)
}
