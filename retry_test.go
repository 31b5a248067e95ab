package tiledbcloud

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock records the waits a client asks for instead of sleeping, and
// advances its time by them.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	waits []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.waits = append(c.waits, d)
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

func (c *fakeClock) recorded() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}

// newClockedClient returns a client for srv whose waits go to a fake clock
// and whose jitter always picks the ceiling, so backoffs are predictable.
func newClockedClient(t *testing.T, srv *httptest.Server, policy RetryPolicy) (*APIClient, *fakeClock) {
	t.Helper()
	cfg := NewConfiguration()
	cfg.BasePath = srv.URL + "/v1"
	cfg.APIKey = "key"
	cfg.Retry = policy
	c := NewAPIClient(cfg)
	require.NoError(t, c.initErr)
	clock := newFakeClock()
	c.sleep, c.now = clock.sleep, clock.now
	c.jitter = func(d time.Duration) time.Duration { return d }
	return c, clock
}

// statusSequence serves the given statuses in order (then 200 with a user),
// with optional headers per status, and counts requests.
func statusSequence(t *testing.T, statuses []int, header http.Header) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		_, _ = io.Copy(io.Discard, r.Body)
		if i < len(statuses) {
			for k, v := range header {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(statuses[i])
			_, _ = io.WriteString(w, `{"code":`+strconv.Itoa(statuses[i])+`,"message":"try later","request_id":"r`+strconv.Itoa(i)+`"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"username":"jane"}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestRetryExponentialBackoffCeilings(t *testing.T) {
	srv, n := statusSequence(t, []int{503, 502, 504}, nil)
	c, clock := newClockedClient(t, srv, RetryPolicy{MaxAttempts: 4, InitialBackoff: 100 * time.Millisecond, MaxBackoff: 250 * time.Millisecond})

	user, _, err := c.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "jane", user.Username)
	assert.Equal(t, int32(4), n.Load())
	assert.Equal(t, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 250 * time.Millisecond}, clock.recorded(),
		"each wait doubles from InitialBackoff and is capped at MaxBackoff")
}

func TestRetryAfterSecondsIsHonoured(t *testing.T) {
	srv, n := statusSequence(t, []int{429}, http.Header{"Retry-After": {"1"}})
	c, clock := newClockedClient(t, srv, RetryPolicy{MaxAttempts: 3, InitialBackoff: time.Millisecond, MaxBackoff: 5 * time.Second})

	_, resp, err := c.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, int32(2), n.Load())
	assert.Equal(t, []time.Duration{time.Second}, clock.recorded(), "the wait is exactly what Retry-After asked for")
}

func TestRetryAfterHTTPDateIsHonoured(t *testing.T) {
	clockStart := newFakeClock().now()
	date := clockStart.Add(3 * time.Second).Format(http.TimeFormat)
	srv, _ := statusSequence(t, []int{503}, http.Header{"Retry-After": {date}})
	c, clock := newClockedClient(t, srv, RetryPolicy{MaxAttempts: 2, InitialBackoff: time.Millisecond, MaxBackoff: 5 * time.Second})

	_, _, err := c.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{3 * time.Second}, clock.recorded())
}

func TestRetryAfterBeyondMaxBackoffStopsRetrying(t *testing.T) {
	srv, n := statusSequence(t, []int{429, 429}, http.Header{"Retry-After": {"120"}})
	c, clock := newClockedClient(t, srv, RetryPolicy{MaxAttempts: 4, InitialBackoff: time.Millisecond, MaxBackoff: 10 * time.Second})

	_, resp, err := c.UserApi.GetUser(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.True(t, errors.Is(err, ErrTooManyRequests))
	assert.Equal(t, 2*time.Minute, apiErr.RetryAfter, "the error says how long the server asked for")
	assert.Equal(t, 1, apiErr.Attempts)
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	assert.Equal(t, int32(1), n.Load())
	assert.Empty(t, clock.recorded(), "no wait is started for a Retry-After the policy will not honour")
	assert.Contains(t, err.Error(), "retry after 2m0s")
}

func TestRetryGivesUpAfterMaxAttempts(t *testing.T) {
	srv, n := statusSequence(t, []int{503, 503, 503, 503, 503}, nil)
	c, clock := newClockedClient(t, srv, RetryPolicy{MaxAttempts: 3, InitialBackoff: time.Millisecond, MaxBackoff: time.Millisecond})

	_, _, err := c.UserApi.GetUser(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 3, apiErr.Attempts)
	assert.Equal(t, int32(3), n.Load())
	assert.Len(t, clock.recorded(), 2)
	assert.Contains(t, err.Error(), "after 3 attempts")
	assert.Equal(t, "r2", apiErr.RequestID(), "the error is the last attempt's")
}

func TestRetryDisabled(t *testing.T) {
	srv, n := statusSequence(t, []int{503}, nil)
	c, _ := newClockedClient(t, srv, RetryPolicy{Disabled: true})

	_, _, err := c.UserApi.GetUser(context.Background())
	assert.ErrorIs(t, err, ErrServerError)
	assert.Equal(t, int32(1), n.Load())
}

func TestRetryWaitStopsWhenContextEnds(t *testing.T) {
	srv, n := statusSequence(t, []int{503, 503}, http.Header{"Retry-After": {"3000"}})
	cfg := NewConfiguration()
	cfg.BasePath = srv.URL + "/v1"
	cfg.APIKey = "key"
	cfg.Retry = RetryPolicy{MaxAttempts: 3, InitialBackoff: time.Hour, MaxBackoff: 2 * time.Hour}
	c := NewAPIClient(cfg)

	ctx, cancel := context.WithCancel(context.Background())
	var waited atomic.Bool
	c.sleep = func(ctx context.Context, d time.Duration) error {
		waited.Store(true)
		assert.Equal(t, 3000*time.Second, d)
		cancel() // the caller gives up while the client waits
		return sleepContext(ctx, d)
	}
	done := make(chan error, 1)
	go func() {
		_, _, err := c.UserApi.GetUser(ctx)
		done <- err
	}()
	select {
	case err := <-done:
		assert.True(t, waited.Load())
		assert.ErrorIs(t, err, context.Canceled)
		var reqErr *RequestError
		require.ErrorAs(t, err, &reqErr)
		assert.Equal(t, 1, reqErr.Attempts)
		assert.Contains(t, err.Error(), "503")
	case <-time.After(30 * time.Second):
		t.Fatal("GetUser kept waiting after its context was cancelled")
	}
	assert.Equal(t, int32(1), n.Load())
}

func TestSleepContextReturnsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, sleepContext(ctx, time.Hour), context.Canceled)
	assert.NoError(t, sleepContext(context.Background(), time.Microsecond))
	assert.NoError(t, sleepContext(context.Background(), 0))
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{"1", time.Second, true},
		{" 120 ", 2 * time.Minute, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"Sat, 28 Nov 2026 12:00:05 GMT", 5 * time.Second, true},
		{"99999999999999999999999", time.Duration(1<<63 - 1), true},
		{"9223372036854775807", time.Duration(1<<63 - 1), true},
		{"", 0, false},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
	} {
		got, ok := parseRetryAfter(tt.in, now)
		assert.Equal(t, tt.ok, ok, "ok for %q", tt.in)
		assert.Equal(t, tt.want, got, "duration for %q", tt.in)
	}
}

func TestBackoffCeilingAndFullJitter(t *testing.T) {
	p := RetryPolicy{InitialBackoff: 100 * time.Millisecond, MaxBackoff: 10 * time.Second}.normalized()
	assert.Equal(t, 100*time.Millisecond, p.backoffCeiling(1))
	assert.Equal(t, 200*time.Millisecond, p.backoffCeiling(2))
	assert.Equal(t, 6400*time.Millisecond, p.backoffCeiling(7))
	assert.Equal(t, 10*time.Second, p.backoffCeiling(8))
	assert.Equal(t, 10*time.Second, p.backoffCeiling(1000), "no overflow for large attempt counts")

	seen := map[time.Duration]bool{}
	for i := 0; i < 1000; i++ {
		d := fullJitter(time.Second)
		require.GreaterOrEqual(t, d, time.Duration(0))
		require.LessOrEqual(t, d, time.Second)
		seen[d] = true
	}
	assert.Greater(t, len(seen), 900, "waits are spread over the interval, not in lockstep")
	assert.Equal(t, time.Duration(0), fullJitter(0))
}

func TestRetryPolicyNormalized(t *testing.T) {
	assert.Equal(t, DefaultRetryPolicy(), RetryPolicy{}.normalized())
	assert.Equal(t, 1, RetryPolicy{Disabled: true}.normalized().MaxAttempts)
	p := RetryPolicy{InitialBackoff: time.Minute, MaxBackoff: time.Second}.normalized()
	assert.Equal(t, time.Minute, p.MaxBackoff, "MaxBackoff is never below InitialBackoff")
}
