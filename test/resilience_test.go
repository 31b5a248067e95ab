package test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// fastRetries retries quickly so tests stay fast without timing assertions.
var fastRetries = tiledbcloud.RetryPolicy{MaxAttempts: 4, InitialBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond}

// resilienceClient returns a client for srv with fast retries and the SDK's own HTTP client.
func resilienceClient(srv *httptest.Server, mutate func(*tiledbcloud.Configuration)) *tiledbcloud.APIClient {
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = srv.URL + "/v1"
	cfg.APIKey = testAPIKey
	cfg.Retry = fastRetries
	if mutate != nil {
		mutate(cfg)
	}
	return tiledbcloud.NewAPIClient(cfg)
}

// failThenServe answers the first len(statuses) requests with those statuses,
// then every request with ok, and records each request body.
type failThenServe struct {
	statuses []int
	ok       string
	mu       sync.Mutex
	bodies   []string
}

func (f *failThenServe) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	i := len(f.bodies)
	f.bodies = append(f.bodies, string(b))
	f.mu.Unlock()
	if i < len(f.statuses) {
		writeError(w, f.statuses[i], http.StatusText(f.statuses[i]), "req-"+r.Method)
		return
	}
	if f.ok == "" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, f.ok)
}

func (f *failThenServe) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.bodies...)
}

func TestGetRetriedAfter503ThenSucceeds(t *testing.T) {
	h := &failThenServe{statuses: []int{503}, ok: `{"username":"jane"}`}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	user, resp, err := resilienceClient(srv, nil).UserApi.GetUser(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "jane", user.Username)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Len(t, h.requests(), 2)
}

func TestDeleteRetriedAfter502And504(t *testing.T) {
	h := &failThenServe{statuses: []int{502, 504}}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	resp, err := resilienceClient(srv, nil).UserApi.DeleteUser(context.Background(), "jane")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Len(t, h.requests(), 3)
}

func TestPostAndPatchNotRetriedAfterAResponse(t *testing.T) {
	for _, status := range []int{429, 502, 503, 504} {
		h := &failThenServe{statuses: []int{status, status}, ok: `{"token":"t"}`}
		srv := httptest.NewServer(h)
		client := resilienceClient(srv, nil)

		_, _, err := client.UserApi.RequestToken(context.Background(), &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("ci")})
		var apiErr *tiledbcloud.APIError
		require.ErrorAs(t, err, &apiErr, "POST after %d", status)
		assert.Equal(t, status, apiErr.StatusCode)
		assert.Equal(t, 1, apiErr.Attempts)

		_, err = client.UserApi.UpdateUser(context.Background(), "jane", tiledbcloud.User{Name: tiledbcloud.Ptr("J")})
		require.Error(t, err, "PATCH after %d", status)
		assert.Len(t, h.requests(), 2, "one POST and one PATCH, neither retried after %d", status)
		srv.Close()
	}
}

func TestClientErrorsNeverRetried(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 409, 422} {
		h := &failThenServe{statuses: []int{status, status}, ok: `{"username":"jane"}`}
		srv := httptest.NewServer(h)
		_, _, err := resilienceClient(srv, nil).UserApi.GetUser(context.Background())
		var apiErr *tiledbcloud.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, status, apiErr.StatusCode)
		assert.Len(t, h.requests(), 1, "status %d is not retried", status)
		srv.Close()
	}
}

func TestRetriesExhaustedReportAttempts(t *testing.T) {
	h := &failThenServe{statuses: []int{503, 503, 503, 503, 503}}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	_, _, err := resilienceClient(srv, nil).UserApi.TokensGet(context.Background())
	var apiErr *tiledbcloud.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 4, apiErr.Attempts)
	assert.ErrorIs(t, err, tiledbcloud.ErrServerError)
	assert.Contains(t, err.Error(), "after 4 attempts")
	assert.Len(t, h.requests(), 4)
}

// refusedThenDial is a DialContext whose first `refusals` dials fail with a
// real "connection refused" (dialing a closed port) before it dials for real.
func refusedThenDial(t *testing.T, refusals int32) (func(ctx context.Context, network, addr string) (net.Conn, error), *atomic.Int32) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := l.Addr().String()
	require.NoError(t, l.Close())
	var dials atomic.Int32
	var d net.Dialer
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) <= refusals {
			return d.DialContext(ctx, network, closed)
		}
		return d.DialContext(ctx, network, addr)
	}, &dials
}

func TestPatchRetriedAfterConnectionRefusedWithBodyReplayed(t *testing.T) {
	h := &failThenServe{}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	dial, dials := refusedThenDial(t, 2)
	client := resilienceClient(srv, func(cfg *tiledbcloud.Configuration) {
		cfg.HTTPClient = &http.Client{Transport: &http.Transport{DialContext: dial}}
	})

	creds := tiledbcloud.AWSAccessCredentials{Buckets: []string{"s3://bucket/a", "s3://bucket/b"}, Default: tiledbcloud.Ptr(false)}
	resp, err := client.UserApi.UpdateAWSAccessCredentials(context.Background(), "jane", "main", creds)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Equal(t, int32(3), dials.Load(), "two refused dials, then the one that worked")
	require.Len(t, h.requests(), 1, "the server saw the request once")
	assert.JSONEq(t, `{"default":false,"buckets":["s3://bucket/a","s3://bucket/b"]}`, h.requests()[0])
}

func TestPostRetriedOnlyWhenConnectionRefused(t *testing.T) {
	h := &failThenServe{ok: `{"token":"secret","name":"ci"}`}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	dial, _ := refusedThenDial(t, 1)
	client := resilienceClient(srv, func(cfg *tiledbcloud.Configuration) {
		cfg.HTTPClient = &http.Client{Transport: &http.Transport{DialContext: dial}}
	})

	tok, _, err := client.UserApi.RequestToken(context.Background(), &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("ci")})
	require.NoError(t, err)
	assert.Equal(t, "ci", tok.GetName())
	require.Len(t, h.requests(), 1)
	assert.JSONEq(t, `{"name":"ci"}`, h.requests()[0])
}

func TestConnectionRefusedEveryTimeReportsAttempts(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	dial, dials := refusedThenDial(t, 100)
	client := resilienceClient(srv, func(cfg *tiledbcloud.Configuration) {
		cfg.HTTPClient = &http.Client{Transport: &http.Transport{DialContext: dial}}
	})

	_, _, err := client.UserApi.GetUser(context.Background())
	var reqErr *tiledbcloud.RequestError
	require.ErrorAs(t, err, &reqErr)
	assert.Equal(t, 4, reqErr.Attempts)
	assert.Equal(t, int32(4), dials.Load())
	assert.Contains(t, err.Error(), "connection refused")
	assert.Contains(t, err.Error(), "after 4 attempts")
	var opErr *net.OpError
	assert.ErrorAs(t, err, &opErr, "the transport error stays reachable")
}

// resetMidBody answers the first `resets` requests with headers and half a
// body, then resets the connection; later requests get the full user.
func resetMidBody(t *testing.T, resets int32) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) > resets {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"username":"jane","name":"Jane Doe"}`)
			return
		}
		conn, buf, err := w.(http.Hijacker).Hijack()
		if !assert.NoError(t, err) {
			return
		}
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"username\":\"ja")
		_ = buf.Flush()
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // close with RST, not FIN
		}
		_ = conn.Close()
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestConnectionResetMidBodyRetriedForGet(t *testing.T) {
	srv, n := resetMidBody(t, 1)
	user, _, err := resilienceClient(srv, nil).UserApi.GetUser(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "Jane Doe", user.GetName())
	assert.Equal(t, int32(2), n.Load())
}

func TestConnectionResetMidBodyEveryTime(t *testing.T) {
	srv, n := resetMidBody(t, 100)
	_, resp, err := resilienceClient(srv, nil).UserApi.GetUser(context.Background())
	var reqErr *tiledbcloud.RequestError
	require.ErrorAs(t, err, &reqErr, "a body cut short is a transport failure, not a bad document")
	assert.Equal(t, 4, reqErr.Attempts)
	assert.Equal(t, int32(4), n.Load())
	require.NotNil(t, resp, "a response was received")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestConnectionResetMidBodyNotRetriedForPost(t *testing.T) {
	srv, n := resetMidBody(t, 100)
	_, _, err := resilienceClient(srv, nil).UserApi.RequestToken(context.Background(), nil)
	var reqErr *tiledbcloud.RequestError
	require.ErrorAs(t, err, &reqErr)
	assert.Equal(t, 1, reqErr.Attempts)
	assert.Equal(t, int32(1), n.Load())
}

func TestTruncatedJSONIsADecodeErrorNotRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `[{"name":"t1"},{"name":"t`)
	}))
	t.Cleanup(srv.Close)

	_, resp, err := resilienceClient(srv, nil).UserApi.TokensGet(context.Background())
	var decErr *tiledbcloud.DecodeError
	require.ErrorAs(t, err, &decErr)
	assert.Equal(t, "TokensGet", decErr.Operation)
	assert.Equal(t, http.StatusOK, decErr.StatusCode)
	assert.Contains(t, err.Error(), "TokensGet")
	assert.Contains(t, err.Error(), "200 OK")
	assert.Contains(t, err.Error(), "unexpected end of JSON input")
	assert.Equal(t, int32(1), n.Load(), "a malformed document is not retried")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestBodyOverTheLimitFailsTheCall(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"username":"jane","name":"`+strings.Repeat("x", 10000)+`"}`)
	}))
	t.Cleanup(srv.Close)

	client := resilienceClient(srv, func(cfg *tiledbcloud.Configuration) { cfg.MaxResponseBytes = 4096 })
	_, _, err := client.UserApi.GetUser(context.Background())
	assert.ErrorIs(t, err, tiledbcloud.ErrResponseTooLarge)
	var decErr *tiledbcloud.DecodeError
	assert.ErrorAs(t, err, &decErr)

	client = resilienceClient(srv, func(cfg *tiledbcloud.Configuration) { cfg.MaxResponseBytes = 1 << 20 })
	user, _, err := client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	assert.Len(t, user.GetName(), 10000)
}

func TestServerThatNeverAnswersHitsThePerAttemptTimeout(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		<-r.Context().Done() // until the client gives up on this attempt
	}))
	t.Cleanup(srv.Close)

	client := resilienceClient(srv, func(cfg *tiledbcloud.Configuration) {
		cfg.Timeout = 20 * time.Millisecond
		cfg.Retry = tiledbcloud.RetryPolicy{MaxAttempts: 2, InitialBackoff: time.Millisecond, MaxBackoff: time.Millisecond}
	})
	_, _, err := client.UserApi.GetUser(context.Background())
	var reqErr *tiledbcloud.RequestError
	require.ErrorAs(t, err, &reqErr)
	assert.Equal(t, 2, reqErr.Attempts, "each attempt timed out and the call was retried")
	var netErr net.Error
	require.ErrorAs(t, err, &netErr)
	assert.True(t, netErr.Timeout())
	assert.NotErrorIs(t, err, context.Canceled)
}

func TestCallerDeadlineIsNotRetried(t *testing.T) {
	var n atomic.Int32
	// The deadline passes once the request has reached the server, however
	// slow the machine: no wall-clock race decides whether it was sent.
	ctx := newExpiringContext()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		ctx.expire()
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)

	_, _, err := resilienceClient(srv, nil).UserApi.GetUser(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, int32(1), n.Load(), "the caller's own deadline ends the call")
}

// expiringContext is a context whose deadline passes when expire is called,
// so that a test, not the clock, decides when a caller's deadline expires.
type expiringContext struct {
	context.Context
	done chan struct{}
	once sync.Once
}

func newExpiringContext() *expiringContext {
	return &expiringContext{Context: context.Background(), done: make(chan struct{})}
}

func (c *expiringContext) expire()               { c.once.Do(func() { close(c.done) }) }
func (c *expiringContext) Done() <-chan struct{} { return c.done }

func (c *expiringContext) Err() error {
	select {
	case <-c.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

func TestContextCancelledDuringBackoffReturnsPromptly(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3000") // the client would wait 50 minutes
		writeError(w, http.StatusServiceUnavailable, "maintenance", "r1")
	}))
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client := resilienceClient(srv, func(cfg *tiledbcloud.Configuration) {
		cfg.Retry = tiledbcloud.RetryPolicy{MaxAttempts: 3, InitialBackoff: time.Hour, MaxBackoff: 2 * time.Hour}
		// The attempt's debug record is written just before the client starts
		// waiting: cancel there, as a caller giving up mid-backoff would.
		cfg.Logger = slog.New(cancelOnRecord{cancel})
	})

	done := make(chan error, 1)
	go func() {
		_, _, err := client.UserApi.GetUser(ctx)
		done <- err
	}()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled)
		assert.Contains(t, err.Error(), "maintenance", "the error says what was being retried")
		var reqErr *tiledbcloud.RequestError
		require.ErrorAs(t, err, &reqErr)
		assert.Equal(t, 1, reqErr.Attempts)
	case <-time.After(30 * time.Second):
		t.Fatal("the call kept waiting for its backoff after the context was cancelled")
	}
}

// cancelOnRecord is a slog.Handler that cancels a context on the first record.
type cancelOnRecord struct{ cancel context.CancelFunc }

func (h cancelOnRecord) Enabled(context.Context, slog.Level) bool { return true }
func (h cancelOnRecord) Handle(context.Context, slog.Record) error {
	h.cancel()
	return nil
}
func (h cancelOnRecord) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h cancelOnRecord) WithGroup(string) slog.Handler      { return h }

// countNewConns counts the connections a server accepts.
func countNewConns(srv *httptest.Server) *atomic.Int64 {
	var n atomic.Int64
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			n.Add(1)
		}
	}
	return &n
}

// hammer runs goroutines × calls GetUser calls at once and returns the first error.
func hammer(client *tiledbcloud.APIClient, goroutines, calls int) error {
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < calls; i++ {
				if _, _, err := client.UserApi.GetUser(context.Background()); err != nil && !errors.Is(err, tiledbcloud.ErrNotFound) {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func TestConcurrentCallsReuseConnections(t *testing.T) {
	for _, tt := range []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"success bodies", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"username":"jane","name":"`+strings.Repeat("n", 2000)+`"}`)
		}},
		{"error bodies", func(w http.ResponseWriter, r *http.Request) {
			writeError(w, http.StatusNotFound, strings.Repeat("m", 2000), "r")
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewUnstartedServer(tt.handler)
			conns := countNewConns(srv)
			srv.Start()
			t.Cleanup(srv.Close)
			client := resilienceClient(srv, nil) // the SDK's own HTTP client

			require.NoError(t, hammer(client, 64, 5)) // warm-up: fill the pool
			warm := conns.Load()
			require.NoError(t, hammer(client, 64, 50))
			opened := conns.Load() - warm
			t.Logf("warm-up opened %d connections; 64×50 calls then opened %d more", warm, opened)
			assert.LessOrEqual(t, opened, int64(8), "calls reuse pooled connections")

			// Control: net/http's default of 2 idle connections per host makes the
			// same load open a new connection for most calls.
			srv2 := httptest.NewUnstartedServer(tt.handler)
			conns2 := countNewConns(srv2)
			srv2.Start()
			t.Cleanup(srv2.Close)
			tr := &http.Transport{}
			t.Cleanup(tr.CloseIdleConnections)
			plain := resilienceClient(srv2, func(cfg *tiledbcloud.Configuration) { cfg.HTTPClient = &http.Client{Transport: tr} })
			require.NoError(t, hammer(plain, 64, 5))
			warm2 := conns2.Load()
			require.NoError(t, hammer(plain, 64, 50))
			t.Logf("with net/http's default pool the same run opened %d connections", conns2.Load()-warm2)
			assert.Greater(t, conns2.Load()-warm2, 10*opened+100)
		})
	}
}

func TestUserHTTPClientUsedAsGiven(t *testing.T) {
	var seen atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(t, w, `{"username":"jane"}`)
	}))
	t.Cleanup(srv.Close)
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})
	hc := &http.Client{Transport: rt, Timeout: 5 * time.Second}
	client := resilienceClient(srv, func(cfg *tiledbcloud.Configuration) { cfg.HTTPClient = hc })
	_, _, err := client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int32(1), seen.Load())
	assert.Nil(t, hc.CheckRedirect, "the caller's client is not modified")
	assert.Equal(t, 5*time.Second, hc.Timeout)
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRetriesThroughTheFakesFaultInjection(t *testing.T) {
	srv := tiledbcloudtest.NewTestServer(t, tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "jane", APIKey: "jane-key"}))
	ctx := context.Background()

	require.NoError(t, srv.FailNext(tiledbcloudtest.OpGetUser, 2, http.StatusServiceUnavailable, 0))
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpTokensGet, 1, http.StatusBadGateway, 0))
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpRequestToken, 1, http.StatusServiceUnavailable, 0))
	cfg := srv.Config("jane")
	cfg.Retry = fastRetries
	client := tiledbcloud.NewAPIClient(cfg)

	user, _, err := client.UserApi.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, "jane", user.Username)
	_, _, err = client.UserApi.TokensGet(ctx)
	require.NoError(t, err)
	_, _, err = client.UserApi.RequestToken(ctx, nil)
	assert.ErrorIs(t, err, tiledbcloud.ErrServerError, "a POST is not retried after a response")

	var ops []string
	for _, r := range srv.Requests() {
		ops = append(ops, r.Operation+" "+strconv.Itoa(r.Status))
	}
	assert.Equal(t, []string{
		"GetUser 503", "GetUser 503", "GetUser 200",
		"TokensGet 502", "TokensGet 200",
		"RequestToken 503",
	}, ops)

	// A Retry-After longer than MaxBackoff ends the retries at once.
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpGetUser, 1, http.StatusTooManyRequests, 30*time.Second))
	_, _, err = client.UserApi.GetUser(ctx)
	var apiErr *tiledbcloud.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 30*time.Second, apiErr.RetryAfter)
	assert.Equal(t, 1, apiErr.Attempts)
}
