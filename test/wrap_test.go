package test

// Tests of the runtime's extension points for tracing: the Operation in
// each attempt's context and Configuration.WrapTransport.

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	stdlog "log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// seenRequest is what a recordingTransport saw of one request.
type seenRequest struct {
	op     tiledbcloud.Operation
	hasOp  bool
	host   string
	path   string
	apiKey string
	auth   string
}

// recordingTransport is a wrapper, as a tracing library would install,
// recording every request it carries before handing it to next.
type recordingTransport struct {
	next http.RoundTripper
	mu   sync.Mutex
	seen []seenRequest
}

func (rt *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	op, ok := tiledbcloud.OperationFromContext(req.Context())
	rt.mu.Lock()
	rt.seen = append(rt.seen, seenRequest{op, ok, req.URL.Host, req.URL.EscapedPath(),
		req.Header.Get("X-TILEDB-REST-API-KEY"), req.Header.Get("Authorization")})
	rt.mu.Unlock()
	return rt.next.RoundTrip(req)
}

func (rt *recordingTransport) requests() []seenRequest {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return append([]seenRequest(nil), rt.seen...)
}

// recordInto returns a WrapTransport that installs rec around the transport
// it is given, and stores that transport in *base.
func recordInto(rec *recordingTransport, base *http.RoundTripper) func(http.RoundTripper) http.RoundTripper {
	return func(next http.RoundTripper) http.RoundTripper {
		if base != nil {
			*base = next
		}
		rec.next = next
		return rec
	}
}

func TestOperationFromContextWithoutOne(t *testing.T) {
	_, ok := tiledbcloud.OperationFromContext(context.Background())
	assert.False(t, ok)
	_, ok = tiledbcloud.OperationFromContext(nilCtx)
	assert.False(t, ok)
}

func TestWrapTransportSeesEveryAttemptWithItsOperation(t *testing.T) {
	rec := &recordingTransport{}
	var base http.RoundTripper
	client, mux, _ := setupWith(t, func(cfg *tiledbcloud.Configuration) {
		cfg.Retry = tiledbcloud.RetryPolicy{MaxAttempts: 3, InitialBackoff: time.Millisecond, MaxBackoff: time.Millisecond}
		cfg.WrapTransport = recordInto(rec, &base)
	})
	var mu sync.Mutex
	calls := 0
	mux.HandleFunc("/users/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n < 3 {
			writeError(w, http.StatusServiceUnavailable, "busy", "rid")
			return
		}
		writeJSON(t, w, `{"username":"bob"}`)
	})
	user, _, err := client.UserApi.GetUserWithUsername(context.Background(), "bob")
	require.NoError(t, err)
	assert.Equal(t, "bob", user.Username)

	require.NotNil(t, base)
	_, isTransport := base.(*http.Transport)
	assert.False(t, isTransport, "without HTTPClient the wrapper gets the SDK's transport behind a RoundTripper it cannot modify")
	got := rec.requests()
	require.Len(t, got, 3, "the wrapper sees every attempt")
	id := sameCallID(t, []tiledbcloud.Operation{got[0].op, got[1].op, got[2].op})
	for i, r := range got {
		require.True(t, r.hasOp, "attempt %d carries its Operation", i+1)
		assert.Equal(t, tiledbcloud.Operation{Name: "GetUserWithUsername", Method: "GET", Path: "/users/{username}", Attempt: i + 1, CallID: id}, r.op)
		assert.Equal(t, basePath+"/users/bob", r.path)
	}
}

func TestOperationInEveryGeneratedCall(t *testing.T) {
	for _, tc := range operations {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			rec := &recordingTransport{}
			client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				if tc.result == "" {
					w.WriteHeader(http.StatusNoContent)
					return
				}
				writeJSON(t, w, tc.result)
			}, func(cfg *tiledbcloud.Configuration) { cfg.WrapTransport = recordInto(rec, nil) })
			_, err := tc.invoke(context.Background(), client.UserApi)
			require.NoError(t, err)
			template := tc.pathFmt
			for _, p := range tc.params {
				template = strings.Replace(template, "%s", "{"+p+"}", 1)
			}
			got := rec.requests()
			require.Len(t, got, 1)
			require.True(t, got[0].hasOp)
			id := sameCallID(t, []tiledbcloud.Operation{got[0].op})
			assert.Equal(t, tiledbcloud.Operation{Name: tc.name, Method: tc.method, Path: template, Attempt: 1, CallID: id}, got[0].op)
		})
	}
}

// newLocalServer starts a plain-http server for h and returns its URL.
func newLocalServer(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestWrapTransportOfTheCallersClient(t *testing.T) {
	t.Run("its Transport", func(t *testing.T) {
		log := &requestLog{}
		srv := newLocalServer(t, log)
		own := &http.Transport{}
		t.Cleanup(own.CloseIdleConnections)
		hc := &http.Client{Transport: own}
		rec := &recordingTransport{}
		var base http.RoundTripper
		cfg := tiledbcloud.NewConfiguration()
		cfg.BasePath = srv + "/v1"
		cfg.APIKey = "k"
		cfg.HTTPClient = hc
		cfg.WrapTransport = recordInto(rec, &base)
		_, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
		require.NoError(t, err)
		assert.Same(t, own, base, "the wrapper gets the caller's transport")
		assert.Same(t, own, hc.Transport, "the caller's client is not modified")
		assert.Len(t, rec.requests(), 1)
		assert.Len(t, log.received(), 1)
	})
	t.Run("http.DefaultTransport when it has none", func(t *testing.T) {
		log := &requestLog{}
		srv := newLocalServer(t, log)
		hc := &http.Client{}
		rec := &recordingTransport{}
		var base http.RoundTripper
		cfg := tiledbcloud.NewConfiguration()
		cfg.BasePath = srv + "/v1"
		cfg.APIKey = "k"
		cfg.HTTPClient = hc
		cfg.WrapTransport = recordInto(rec, &base)
		_, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
		require.NoError(t, err)
		require.NotNil(t, base)
		_, isTransport := base.(*http.Transport)
		assert.False(t, isTransport, "the wrapper gets http.DefaultTransport behind a RoundTripper it cannot modify")
		assert.Nil(t, hc.Transport, "the caller's client is not modified")
		assert.Len(t, rec.requests(), 1)
		assert.Len(t, log.received(), 1, "sent through http.DefaultTransport")
	})
	t.Run("the SDK's shared transport is not modified", func(t *testing.T) {
		// A client with a wrapper and one without share nothing but the
		// underlying transport: the second sees no wrapper.
		rec := &recordingTransport{}
		wrapped, _ := setupCounting(t, func(cfg *tiledbcloud.Configuration) { cfg.WrapTransport = recordInto(rec, nil) })
		plain, n := setupCounting(t, nil)
		_, err := wrapped.UserApi.ConfirmEmail(context.Background())
		require.NoError(t, err)
		_, err = plain.UserApi.ConfirmEmail(context.Background())
		require.NoError(t, err)
		assert.Len(t, rec.requests(), 1, "only the wrapped client's call went through the wrapper")
		assert.EqualValues(t, 1, n.Load())
	})
}

// skipVerifyWrapper returns a WrapTransport that turns off certificate
// verification in the transport it is given, when that is an
// *http.Transport, as a careless wrapper might; the change is undone when
// the test ends.
func skipVerifyWrapper(t *testing.T) func(http.RoundTripper) http.RoundTripper {
	return func(next http.RoundTripper) http.RoundTripper {
		if tr, ok := next.(*http.Transport); ok {
			before := tr.TLSClientConfig
			t.Cleanup(func() {
				tr.TLSClientConfig = before
				tr.CloseIdleConnections()
			})
			tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the change under test
		}
		return next
	}
}

// TestWrapTransportCannotChangeOtherClients is issue 14's item 6: a wrapper
// that changes the transport it wraps changes nothing for other clients in
// the process, which still refuse a server's self-signed certificate.
func TestWrapTransportCannotChangeOtherClients(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(t, w, `{"username":"jane"}`)
	}))
	srv.Config.ErrorLog = stdlog.New(io.Discard, "", 0) // the refused handshakes
	srv.StartTLS()
	t.Cleanup(srv.Close)
	newConfig := func(hc *http.Client) *tiledbcloud.Configuration {
		cfg := tiledbcloud.NewConfiguration()
		cfg.BasePath = srv.URL + "/v1"
		cfg.HTTPClient = hc
		cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
		return cfg
	}
	assertVerifies := func(t *testing.T, err error) {
		t.Helper()
		var certErr *tls.CertificateVerificationError
		assert.ErrorAs(t, err, &certErr, "the certificate is still verified")
	}

	t.Run("the SDK's shared transport", func(t *testing.T) {
		cfg := newConfig(nil)
		cfg.WrapTransport = skipVerifyWrapper(t)
		_ = tiledbcloud.NewAPIClient(cfg)
		_, _, err := tiledbcloud.NewAPIClient(newConfig(nil)).UserApi.GetUser(context.Background())
		assertVerifies(t, err)
	})
	t.Run("http.DefaultTransport", func(t *testing.T) {
		cfg := newConfig(&http.Client{})
		cfg.WrapTransport = skipVerifyWrapper(t)
		_ = tiledbcloud.NewAPIClient(cfg)
		_, _, err := tiledbcloud.NewAPIClient(newConfig(&http.Client{})).UserApi.GetUser(context.Background())
		assertVerifies(t, err)
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL, nil)
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		assertVerifies(t, err)
	})
}

func TestWrapTransportReturningNilIsInvalid(t *testing.T) {
	client, n := setupCounting(t, func(cfg *tiledbcloud.Configuration) {
		cfg.WrapTransport = func(http.RoundTripper) http.RoundTripper { return nil }
	})
	_, err := client.UserApi.ConfirmEmail(context.Background())
	require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
	assert.Contains(t, err.Error(), "WrapTransport")
	assert.Zero(t, n.Load(), "nothing sent")
}

func TestWrapTransportNeverSeesRefusedRequests(t *testing.T) {
	t.Run("cleartext", func(t *testing.T) {
		cfg, dialer, log := cleartextSetup(t, "http://example.test:{port}")
		cfg.APIKey = "cleartext-key"
		rec := &recordingTransport{}
		cfg.WrapTransport = recordInto(rec, nil)
		_, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
		require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
		assert.Empty(t, rec.requests(), "the wrapper saw nothing")
		assert.Zero(t, dialer.dials.Load())
		assert.Empty(t, log.received())
	})

	s := newRedirectServers(t)
	newConfig := func(rec *recordingTransport, hc *http.Client) *tiledbcloud.Configuration {
		cfg := tiledbcloud.NewConfiguration()
		cfg.BasePath = s.expand("http://api.tiledb.test:{plain}/v1")
		cfg.APIKey = redirectKey
		cfg.AllowInsecureHTTP = true
		cfg.HTTPClient = hc
		cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
		cfg.WrapTransport = recordInto(rec, nil)
		return cfg
	}
	t.Run("credentials are stripped before the wrapper sees a redirect", func(t *testing.T) {
		s.h.reset(map[string]string{"/v1/user": s.expand("http://evil.test:{plain}/v1/final")})
		rec := &recordingTransport{}
		_, _, err := tiledbcloud.NewAPIClient(newConfig(rec, s.httpClient())).UserApi.GetUser(context.Background())
		require.NoError(t, err)
		got := rec.requests()
		require.Len(t, got, 2)
		assert.Equal(t, redirectKey, got[0].apiKey)
		assert.Equal(t, s.expand("evil.test:{plain}"), got[1].host)
		assert.Empty(t, got[1].apiKey, "the wrapper never sees the key going to another host")
		assert.Empty(t, got[1].auth)
		assert.True(t, got[1].hasOp, "a redirected request keeps its Operation")
		assert.Equal(t, 1, got[1].op.Attempt, "a redirect is part of the same attempt")
	})
	t.Run("a refused redirect is never sent", func(t *testing.T) {
		s.h.reset(map[string]string{"/v1/user": s.expand("http://evil.test:{plain}/v1/final")})
		rec := &recordingTransport{}
		hc := s.httpClient()
		hc.CheckRedirect = func(*http.Request, []*http.Request) error { return fmt.Errorf("no redirects") }
		_, _, err := tiledbcloud.NewAPIClient(newConfig(rec, hc)).UserApi.GetUser(context.Background())
		var reqErr *tiledbcloud.RequestError
		require.ErrorAs(t, err, &reqErr)
		assert.Len(t, rec.requests(), 1, "only the first request reached the wrapper")
		assert.Len(t, s.h.received(), 1)
	})
	t.Run("a redirect loop stops at the limit", func(t *testing.T) {
		s.h.reset(map[string]string{"/v1/user": "/v1/user"})
		rec := &recordingTransport{}
		_, _, err := tiledbcloud.NewAPIClient(newConfig(rec, s.httpClient())).UserApi.GetUser(context.Background())
		var reqErr *tiledbcloud.RequestError
		require.ErrorAs(t, err, &reqErr)
		assert.Len(t, rec.requests(), len(s.h.received()), "the wrapper saw exactly what was sent")
		assert.LessOrEqual(t, len(rec.requests()), 10)
	})
}

func TestWrapTransportKeepsTheResponseLimit(t *testing.T) {
	rec := &recordingTransport{}
	client, mux, _ := setupWith(t, func(cfg *tiledbcloud.Configuration) {
		cfg.MaxResponseBytes = 64
		cfg.WrapTransport = recordInto(rec, nil)
	})
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(t, w, `{"username":"`+strings.Repeat("j", 100)+`"}`)
	})
	_, _, err := client.UserApi.GetUser(context.Background())
	require.ErrorIs(t, err, tiledbcloud.ErrResponseTooLarge)
	assert.Len(t, rec.requests(), 1)
}

// opHandler is a slog.Handler recording the Operation in the context of
// each record, as a handler adding trace attributes would read it.
type opHandler struct {
	mu  *sync.Mutex
	ops *[]tiledbcloud.Operation
}

func (h opHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h opHandler) Handle(ctx context.Context, _ slog.Record) error {
	op, ok := tiledbcloud.OperationFromContext(ctx)
	if !ok {
		return fmt.Errorf("no Operation in the log record's context")
	}
	h.mu.Lock()
	*h.ops = append(*h.ops, op)
	h.mu.Unlock()
	return nil
}
func (h opHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h opHandler) WithGroup(string) slog.Handler      { return h }

func TestLogHandlerSeesTheOperation(t *testing.T) {
	var (
		mu  sync.Mutex
		ops []tiledbcloud.Operation
	)
	client, mux, _ := setupWith(t, func(cfg *tiledbcloud.Configuration) {
		cfg.Retry = tiledbcloud.RetryPolicy{MaxAttempts: 2, InitialBackoff: time.Millisecond, MaxBackoff: time.Millisecond}
		cfg.Logger = slog.New(opHandler{&mu, &ops})
	})
	var calls atomic.Int32
	mux.HandleFunc("/tokens/", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			writeError(w, http.StatusBadGateway, "busy", "rid")
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	_, err := client.UserApi.RevokeToken(context.Background(), "secret-token-value")
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	id := sameCallID(t, ops)
	assert.Equal(t, []tiledbcloud.Operation{
		{Name: "RevokeToken", Method: "DELETE", Path: "/tokens/{token}", Attempt: 1, CallID: id},
		{Name: "RevokeToken", Method: "DELETE", Path: "/tokens/{token}", Attempt: 2, CallID: id},
	}, ops, "the template, never the secret value")
}

func TestConfigurationWithWrapTransportLogs(t *testing.T) {
	cfg := tiledbcloud.NewConfiguration()
	cfg.WrapTransport = func(next http.RoundTripper) http.RoundTripper { return next }
	buf := &lockedBuffer{}
	slog.New(slog.NewJSONHandler(buf, nil)).Info("config", "cfg", *cfg)
	out := buf.String()
	assert.NotContains(t, out, "!ERROR", "every field of the configuration logs")
	assert.Contains(t, out, `"WrapTransport":"set"`)
}
