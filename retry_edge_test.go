package tiledbcloud

import (
	"context"
	"errors"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRetryPolicyExtremeValuesDoNotPanic sends GetUser through three 503s
// with policies at the edges of time.Duration, using the real jitter (where
// math.MaxInt64 used to panic) and a fake clock, so nothing really waits.
func TestRetryPolicyExtremeValuesDoNotPanic(t *testing.T) {
	for name, p := range map[string]RetryPolicy{
		"InitialBackoff MaxInt64":      {InitialBackoff: math.MaxInt64},
		"MaxBackoff MaxInt64":          {MaxBackoff: math.MaxInt64},
		"both MaxInt64":                {InitialBackoff: math.MaxInt64, MaxBackoff: math.MaxInt64},
		"doubling overflows":           {InitialBackoff: time.Duration(1) << 62, MaxBackoff: math.MaxInt64 - 1},
		"tiny initial, huge max":       {InitialBackoff: 1, MaxBackoff: math.MaxInt64},
		"MaxAttempts MaxInt":           {MaxAttempts: math.MaxInt, InitialBackoff: math.MaxInt64},
		"negative everything":          {MaxAttempts: -1, InitialBackoff: math.MinInt64, MaxBackoff: math.MinInt64},
		"MaxBackoff below InitialBack": {InitialBackoff: math.MaxInt64, MaxBackoff: 1},
	} {
		p := p
		t.Run(name, func(t *testing.T) {
			srv, n := statusSequence(t, []int{503, 503, 503}, nil)
			c, clock := newClockedClient(t, srv, p)
			c.jitter = fullJitter

			user, _, err := c.UserApi.GetUser(context.Background())
			require.NoError(t, err)
			assert.Equal(t, "jane", user.Username)
			assert.Equal(t, int32(4), n.Load())
			for _, d := range clock.recorded() {
				assert.GreaterOrEqual(t, d, time.Duration(0))
				assert.LessOrEqual(t, d, maxRetryBackoff, "no wait is longer than an hour")
			}
		})
	}
}

func TestRetryPolicyNormalizedClampsBackoffs(t *testing.T) {
	p := RetryPolicy{InitialBackoff: math.MaxInt64, MaxBackoff: math.MaxInt64}.normalized()
	assert.Equal(t, time.Hour, p.InitialBackoff)
	assert.Equal(t, time.Hour, p.MaxBackoff)
	p = RetryPolicy{InitialBackoff: time.Second, MaxBackoff: 2 * time.Hour}.normalized()
	assert.Equal(t, time.Second, p.InitialBackoff)
	assert.Equal(t, time.Hour, p.MaxBackoff)
	p = RetryPolicy{InitialBackoff: 2 * time.Hour, MaxBackoff: time.Second}.normalized()
	assert.Equal(t, time.Hour, p.MaxBackoff, "MaxBackoff is raised to InitialBackoff, then clamped")
}

// TestBackoffCeilingNeverOverflows checks policies that bypass normalized,
// so that backoffCeiling is safe on its own.
func TestBackoffCeilingNeverOverflows(t *testing.T) {
	for _, p := range []RetryPolicy{
		{InitialBackoff: 1, MaxBackoff: math.MaxInt64},
		{InitialBackoff: 3, MaxBackoff: math.MaxInt64 - 1},
		{InitialBackoff: math.MaxInt64 / 3, MaxBackoff: math.MaxInt64},
		{InitialBackoff: math.MaxInt64, MaxBackoff: math.MaxInt64},
	} {
		prev := time.Duration(0)
		for attempt := 1; attempt <= 200; attempt++ {
			d := p.backoffCeiling(attempt)
			require.Greater(t, d, time.Duration(0), "%+v attempt %d", p, attempt)
			require.LessOrEqual(t, d, p.MaxBackoff, "%+v attempt %d", p, attempt)
			require.GreaterOrEqual(t, d, prev, "%+v attempt %d: ceilings never shrink", p, attempt)
			prev = d
		}
		assert.Equal(t, p.MaxBackoff, p.backoffCeiling(200))
	}
}

func TestFullJitterAtMaxDuration(t *testing.T) {
	for i := 0; i < 100; i++ {
		require.GreaterOrEqual(t, fullJitter(math.MaxInt64), time.Duration(0))
	}
	assert.Equal(t, time.Duration(0), fullJitter(math.MinInt64))
}

// TestRetryAfterZeroOrPastIsNoHint checks that a Retry-After of 0 or a date
// in the past does not make the client retry at once: the waits are the
// policy's backoffs (the jitter here always picks the ceiling).
func TestRetryAfterZeroOrPastIsNoHint(t *testing.T) {
	past := newFakeClock().now().Add(-time.Hour).Format(http.TimeFormat)
	for name, value := range map[string]string{"zero": "0", "zeros": "000", "past date": past} {
		value := value
		t.Run(name, func(t *testing.T) {
			srv, n := statusSequence(t, []int{503, 429, 503, 503}, http.Header{"Retry-After": {value}})
			c, clock := newClockedClient(t, srv, RetryPolicy{MaxAttempts: 4, InitialBackoff: 100 * time.Millisecond, MaxBackoff: time.Second})

			_, _, err := c.UserApi.GetUser(context.Background())
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, int32(4), n.Load())
			assert.Equal(t, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}, clock.recorded())
			assert.Equal(t, time.Duration(0), apiErr.RetryAfter)
			assert.NotContains(t, err.Error(), "retry after")
		})
	}
}

// TestCancelDuringBackoffKeepsTheLastError cancels the call's context from
// the sleep hook and checks that the error matches both the context's error
// and what the last attempt got: an *APIError, or a transport error.
func TestCancelDuringBackoffKeepsTheLastError(t *testing.T) {
	t.Run("after a 503", func(t *testing.T) {
		srv, n := statusSequence(t, []int{503, 503}, http.Header{"Retry-After": {"5"}})
		c, _ := newClockedClient(t, srv, RetryPolicy{MaxAttempts: 3})
		err := callCancelledInBackoff(t, c)

		assert.ErrorIs(t, err, context.Canceled)
		assert.ErrorIs(t, err, ErrServerError)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
		assert.Equal(t, "r0", apiErr.RequestID())
		assert.Equal(t, 5*time.Second, apiErr.RetryAfter)
		var reqErr *RequestError
		require.ErrorAs(t, err, &reqErr)
		assert.Equal(t, 1, reqErr.Attempts)
		assert.Equal(t, "tiledbcloud: GET /v1/user: context canceled while waiting to retry after "+
			"503 Service Unavailable: try later (request_id r0)", err.Error())
		assert.Equal(t, int32(1), n.Load())
	})
	t.Run("after a dropped connection", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		t.Cleanup(func() { ln.Close() })
		go func() {
			for i := 0; i < 10; i++ { // bounded: the test makes one attempt
				conn, err := ln.Accept()
				if err != nil {
					return
				}
				_, _ = conn.Read(make([]byte, 4096))
				conn.Close() // no response at all
			}
		}()
		srv := &httptest.Server{URL: "http://" + ln.Addr().String()}
		c, _ := newClockedClient(t, srv, RetryPolicy{MaxAttempts: 3})
		err = callCancelledInBackoff(t, c)

		assert.ErrorIs(t, err, context.Canceled)
		assert.ErrorIs(t, err, io.EOF, "the transport error is kept")
		var apiErr *APIError
		assert.False(t, errors.As(err, &apiErr))
		assert.True(t, strings.HasPrefix(err.Error(), "tiledbcloud: GET /v1/user: context canceled while waiting to retry after EOF"), err.Error())
	})
}

// TestRetryWaitErrorNamesTheSDKOnce checks that a retry-wait error around an
// error of the SDK's own (here a client-side rate limiter in the transport
// that returns ErrTooManyRequests) says "tiledbcloud:" once, at the front,
// and keeps both errors for errors.Is.
func TestRetryWaitErrorNamesTheSDKOnce(t *testing.T) {
	cfg := NewConfiguration()
	cfg.BasePath = "http://127.0.0.1:1/v1" // nothing is dialled: the transport fails every attempt
	cfg.APIKey = "key"
	cfg.Retry = RetryPolicy{MaxAttempts: 3}
	cfg.WrapTransport = func(http.RoundTripper) http.RoundTripper { return failingTransport{ErrTooManyRequests} }
	c := NewAPIClient(cfg)
	require.NoError(t, c.initErr)
	c.jitter = func(d time.Duration) time.Duration { return d }
	err := callCancelledInBackoff(t, c)

	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, ErrTooManyRequests)
	assert.Equal(t, "tiledbcloud: GET /v1/user: context canceled while waiting to retry after too many requests", err.Error())
}

// failingTransport fails every request with err.
type failingTransport struct{ err error }

func (f failingTransport) RoundTrip(*http.Request) (*http.Response, error) { return nil, f.err }

// callCancelledInBackoff calls GetUser with a context that the client's sleep
// hook cancels, as a caller giving up during the first backoff would.
func callCancelledInBackoff(t *testing.T, c *APIClient) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sleeps := 0
	c.sleep = func(ctx context.Context, _ time.Duration) error {
		sleeps++
		cancel()
		return ctx.Err()
	}
	_, _, err := c.UserApi.GetUser(ctx)
	require.Error(t, err)
	assert.Equal(t, 1, sleeps)
	return err
}
