package tiledbcloudtest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

func TestFailNextFailsTheNextNCalls(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpGetUser, 2, http.StatusServiceUnavailable, 0))

	for i := 0; i < 2; i++ {
		_, _, err := api.GetUser(ctx)
		apiErr := requireAPIError(t, err, http.StatusServiceUnavailable)
		assert.ErrorIs(t, err, tiledbcloud.ErrServerError)
		assert.Contains(t, apiErr.Model.GetMessage(), "injected")
		assert.Empty(t, apiErr.Header.Get("Retry-After"))
	}
	_, _, err := api.GetUser(ctx)
	require.NoError(t, err, "the third call succeeds")

	// Other operations are not affected.
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpTokensGet, 1, http.StatusInternalServerError, 0))
	_, _, err = api.GetUser(ctx)
	require.NoError(t, err)
	_, _, err = api.TokensGet(ctx)
	requireAPIError(t, err, http.StatusInternalServerError)
}

func TestFailNextChangesNothing(t *testing.T) {
	srv := newServer(t)
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpCreateUser, 1, http.StatusInternalServerError, 0))
	anon := client(srv, "").UserApi
	dave := tiledbcloud.User{Username: "dave", Password: tiledbcloud.Ptr("dave-password")}
	_, err := anon.CreateUser(ctx, dave)
	requireAPIError(t, err, http.StatusInternalServerError)
	_, _, err = client(srv, root).UserApi.GetUserWithUsername(ctx, "dave")
	requireAPIError(t, err, http.StatusNotFound)
	_, err = anon.CreateUser(ctx, dave)
	require.NoError(t, err, "the failed call created nothing")
}

func TestFailNextRetryAfter(t *testing.T) {
	srv := newServer(t)
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpGetUser, 1, http.StatusTooManyRequests, 1500*time.Millisecond))
	_, _, err := client(srv, alice).UserApi.GetUser(ctx)
	apiErr := requireAPIError(t, err, http.StatusTooManyRequests)
	assert.Equal(t, "2", apiErr.Header.Get("Retry-After"), "rounded up to whole seconds")
	assert.Equal(t, 2*time.Second, apiErr.RetryAfter)
	assert.ErrorIs(t, err, tiledbcloud.ErrTooManyRequests)
}

func TestFailNextQueuesAndMatchesAnyOperation(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpGetUser, 1, http.StatusBadGateway, 0))
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpGetUser, 1, http.StatusGatewayTimeout, 0))
	require.NoError(t, srv.FailNext("", 2, http.StatusServiceUnavailable, 0))

	_, _, err := api.GetUser(ctx)
	requireAPIError(t, err, http.StatusBadGateway)
	_, _, err = api.TokensGet(ctx)
	requireAPIError(t, err, http.StatusServiceUnavailable) // "" matches any operation
	_, _, err = api.GetUser(ctx)
	requireAPIError(t, err, http.StatusGatewayTimeout) // an operation's own faults come first
	_, _, err = api.GetUser(ctx)
	requireAPIError(t, err, http.StatusServiceUnavailable)
	_, _, err = api.GetUser(ctx)
	require.NoError(t, err)
}

func TestFailNextRejectsBadArguments(t *testing.T) {
	srv := newServer(t)
	assert.ErrorContains(t, srv.FailNext("GetUsers", 1, 500, 0), "unknown operation")
	assert.ErrorContains(t, srv.FailNext(tiledbcloudtest.OpGetUser, 0, 500, 0), "n must be positive")
	assert.ErrorContains(t, srv.FailNext(tiledbcloudtest.OpGetUser, 1, 200, 0), "4xx or 5xx")
	assert.ErrorContains(t, srv.FailNext(tiledbcloudtest.OpGetUser, 1, 600, 0), "4xx or 5xx")
	assert.ErrorContains(t, srv.SetLatency("GetUsers", time.Second), "unknown operation")
}

func TestClearFaults(t *testing.T) {
	srv := newServer(t)
	require.NoError(t, srv.FailNext("", 5, http.StatusInternalServerError, 0))
	require.NoError(t, srv.SetLatency("", time.Hour))
	srv.ClearFaults()
	_, _, err := client(srv, alice).UserApi.GetUser(ctx)
	require.NoError(t, err)
}

func TestSDKRetriesThroughInjectedFaults(t *testing.T) {
	srv := newServer(t)
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpGetUser, 2, http.StatusServiceUnavailable, 0))
	cfg := srv.Config(alice)
	cfg.Retry = tiledbcloud.RetryPolicy{MaxAttempts: 3, InitialBackoff: time.Millisecond, MaxBackoff: time.Millisecond}
	user, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, alice, user.Username)

	var statuses []int
	for _, r := range srv.Requests() {
		assert.Equal(t, tiledbcloudtest.OpGetUser, r.Operation)
		statuses = append(statuses, r.Status)
	}
	assert.Equal(t, []int{503, 503, 200}, statuses)
}

func TestSetLatencyRespectsTheClientsDeadline(t *testing.T) {
	srv := newServer(t)
	require.NoError(t, srv.SetLatency(tiledbcloudtest.OpGetUser, time.Hour))
	c, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, _, err := client(srv, alice).UserApi.GetUser(c)
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "got %v", err)

	// Other operations are not delayed; removing the latency restores GetUser.
	_, _, err = client(srv, alice).UserApi.TokensGet(ctx)
	require.NoError(t, err)
	require.NoError(t, srv.SetLatency(tiledbcloudtest.OpGetUser, 0))
	_, _, err = client(srv, alice).UserApi.GetUser(ctx)
	require.NoError(t, err)
}

func TestSetLatencyDelaysAndThenServes(t *testing.T) {
	srv := newServer(t)
	require.NoError(t, srv.SetLatency("", time.Millisecond))
	user, _, err := client(srv, alice).UserApi.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, alice, user.Username)
}

func TestCloseEndsInjectedLatency(t *testing.T) {
	srv, err := tiledbcloudtest.NewServer(tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: alice, APIKey: aliceKey}))
	require.NoError(t, err)
	t.Cleanup(srv.Close)
	require.NoError(t, srv.SetLatency(tiledbcloudtest.OpGetUser, time.Hour))

	done := make(chan error, 1)
	go func() {
		_, _, err := client(srv, alice).UserApi.GetUser(ctx)
		done <- err
	}()
	// Wait (boundedly) until the server has the request.
	for i := 0; i < 1000 && len(srv.Requests()) == 0; i++ {
		time.Sleep(time.Millisecond)
	}
	require.Len(t, srv.Requests(), 1)

	srv.Close()
	select {
	case err := <-done:
		requireAPIError(t, err, http.StatusServiceUnavailable)
	case <-time.After(10 * time.Second):
		t.Fatal("the delayed call did not end when the server closed")
	}
}
