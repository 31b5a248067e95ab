package test

import (
	"context"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// TestHugeBackoffPolicyDoesNotPanic is issue 9's reproduction: a policy
// with InitialBackoff math.MaxInt64, which validation accepts, and a 503.
// The caller gives up during the backoff (the debug record of the attempt is
// written just before the wait), so the test does not wait an hour.
func TestHugeBackoffPolicyDoesNotPanic(t *testing.T) {
	for name, policy := range map[string]tiledbcloud.RetryPolicy{
		"InitialBackoff": {InitialBackoff: math.MaxInt64},
		"MaxBackoff":     {InitialBackoff: time.Duration(1) << 62, MaxBackoff: math.MaxInt64},
	} {
		policy := policy
		t.Run(name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				writeError(w, http.StatusServiceUnavailable, "busy", "r1")
			}))
			t.Cleanup(srv.Close)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			client := resilienceClient(srv, func(cfg *tiledbcloud.Configuration) {
				cfg.Retry = policy
				cfg.Logger = slog.New(cancelOnRecord{cancel})
			})

			_, _, err := client.UserApi.GetUser(ctx)
			assert.ErrorIs(t, err, context.Canceled)
			assert.ErrorIs(t, err, tiledbcloud.ErrServerError)
			assert.Equal(t, int32(1), n.Load())
		})
	}
}

// TestDeadlineDuringBackoffKeepsTheAPIError is issue 9's reproduction: a 503
// with Retry-After: 5 and a 150 ms deadline. The error matches the deadline
// and the last *APIError both.
func TestDeadlineDuringBackoffKeepsTheAPIError(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, "maintenance", "r-"+strconv.Itoa(int(n.Load())))
	}))
	t.Cleanup(srv.Close)
	client := resilienceClient(srv, func(cfg *tiledbcloud.Configuration) {
		cfg.Retry = tiledbcloud.RetryPolicy{MaxAttempts: 3, MaxBackoff: 10 * time.Second}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()

	_, resp, err := client.UserApi.GetUser(ctx)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorIs(t, err, tiledbcloud.ErrServerError)
	var apiErr *tiledbcloud.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
	assert.Equal(t, "r-1", apiErr.RequestID())
	assert.Equal(t, 5*time.Second, apiErr.RetryAfter)
	var reqErr *tiledbcloud.RequestError
	require.ErrorAs(t, err, &reqErr)
	assert.Equal(t, 1, reqErr.Attempts)
	require.NotNil(t, resp)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Equal(t, int32(1), n.Load())

	msg := err.Error()
	assert.Contains(t, msg, "context deadline exceeded while waiting to retry after 503 Service Unavailable: maintenance (request_id r-1)")
	assert.Equal(t, 1, strings.Count(msg, "/v1/user"), "the request is named once: %s", msg)
}

// deleteThenFail puts a proxy in front of the fake server that passes the
// first DELETE through (the fake carries it out) and then answers 502, as a
// proxy timing out after the commit would. It returns the proxy's base path.
func deleteThenFail(t *testing.T, srv *tiledbcloudtest.Server) string {
	t.Helper()
	target, err := url.Parse(srv.URL())
	require.NoError(t, err)
	target.Path = ""
	var failed atomic.Bool
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		if resp.Request.Method == http.MethodDelete && failed.CompareAndSwap(false, true) {
			resp.Body.Close()
			resp.StatusCode, resp.Status = http.StatusBadGateway, "502 Bad Gateway"
			resp.Header = http.Header{"Content-Type": {"text/plain"}}
			resp.Body = http.NoBody
			resp.ContentLength = 0
		}
		return nil
	}
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)
	return front.URL + "/v1"
}

// TestRetriedDeleteThatFindsNothingSucceeds pins issue 9's item 15: the
// server deletes, answers 502, the retry gets 404; the resource is gone as
// asked, so the call succeeds with the final 404 response.
func TestRetriedDeleteThatFindsNothingSucceeds(t *testing.T) {
	srv := tiledbcloudtest.NewTestServer(t,
		tiledbcloudtest.WithAdmin(tiledbcloudtest.UserSeed{Username: "root", APIKey: "root-key"}),
		tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "bob", Password: "bob-password"}),
	)
	cfg := srv.Config("root")
	cfg.BasePath = deleteThenFail(t, srv)
	cfg.Retry = fastRetries
	client := tiledbcloud.NewAPIClient(cfg)

	resp, err := client.UserApi.DeleteUser(context.Background(), "bob")
	require.NoError(t, err, "bob is gone, which is what the caller asked for")
	require.NotNil(t, resp)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "the final response tells the story")

	var got []string
	for _, r := range srv.Requests() {
		got = append(got, r.Operation+" "+strconv.Itoa(r.Status))
	}
	assert.Equal(t, []string{"DeleteUser 204", "DeleteUser 404"}, got, "the first attempt deleted bob")
	_, _, err = srv.Client("root").UserApi.GetUserWithUsername(context.Background(), "bob")
	assert.ErrorIs(t, err, tiledbcloud.ErrNotFound)
}

// TestDeleteNotFoundIsStillAnError checks the cases that do not mean "gone
// because of this call": a 404 on the first attempt, and a 404 after a 429
// (which the server did not act on).
func TestDeleteNotFoundIsStillAnError(t *testing.T) {
	srv := tiledbcloudtest.NewTestServer(t,
		tiledbcloudtest.WithAdmin(tiledbcloudtest.UserSeed{Username: "root", APIKey: "root-key"}))
	cfg := srv.Config("root")
	cfg.Retry = fastRetries
	client := tiledbcloud.NewAPIClient(cfg)

	t.Run("first attempt", func(t *testing.T) {
		resp, err := client.UserApi.DeleteUser(context.Background(), "nobody")
		assert.ErrorIs(t, err, tiledbcloud.ErrNotFound)
		var apiErr *tiledbcloud.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 1, apiErr.Attempts)
		assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	})
	t.Run("after a 429", func(t *testing.T) {
		require.NoError(t, srv.FailNext(tiledbcloudtest.OpDeleteUser, 1, http.StatusTooManyRequests, 0))
		_, err := client.UserApi.DeleteUser(context.Background(), "nobody")
		assert.ErrorIs(t, err, tiledbcloud.ErrNotFound)
		var apiErr *tiledbcloud.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 2, apiErr.Attempts)
	})
	t.Run("GET after a 503", func(t *testing.T) {
		require.NoError(t, srv.FailNext(tiledbcloudtest.OpGetUserWithUsername, 1, http.StatusServiceUnavailable, 0))
		_, _, err := client.UserApi.GetUserWithUsername(context.Background(), "nobody")
		assert.ErrorIs(t, err, tiledbcloud.ErrNotFound, "only a DELETE's 404 means done")
		var apiErr *tiledbcloud.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 2, apiErr.Attempts)
	})
}
