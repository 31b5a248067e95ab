package test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// countConns counts the connections srv accepts.
func countConns(srv *httptest.Server) *atomic.Int32 {
	var n atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			n.Add(1)
		}
	}
	return &n
}

// bannerServer accepts connections on loopback and answers each with a line
// that is neither TLS nor HTTP, as an SSH server would, counting them.
func bannerServer(t *testing.T) (addr string, conns *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	conns = new(atomic.Int32)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			_ = c.SetDeadline(time.Now().Add(5 * time.Second))
			_, _ = c.Write([]byte("SSH-2.0-OpenSSH_9.6\r\n"))
			// Read until the client hangs up: closing with its ClientHello
			// unread would reset the connection, maybe before it reads the banner.
			_, _ = io.Copy(io.Discard, c)
			_ = c.Close()
		}
	}()
	t.Cleanup(func() { _ = ln.Close(); wg.Wait() })
	return ln.Addr().String(), conns
}

// TestTransportErrorsNoRetryCanFix checks that failures another attempt
// cannot fix end the call after one attempt, even for an idempotent call with
// retries left: the server speaks plain HTTP (or not even HTTP) behind an
// https URL, its certificate is not trusted, or a redirect names an invalid port.
func TestTransportErrorsNoRetryCanFix(t *testing.T) {
	retry := tiledbcloud.RetryPolicy{MaxAttempts: 4, InitialBackoff: time.Microsecond, MaxBackoff: time.Microsecond}
	tests := []struct {
		name  string
		start func(t *testing.T) (basePath string, seen func() int32)
		check func(t *testing.T, err error)
	}{
		{"HTTP response to HTTPS client", func(t *testing.T) (string, func() int32) {
			srv := httptest.NewUnstartedServer(http.NotFoundHandler())
			n := countConns(srv)
			srv.Start()
			t.Cleanup(srv.Close)
			return "https://" + srv.Listener.Addr().String() + "/v1", n.Load
		}, func(t *testing.T, err error) {
			assert.ErrorIs(t, err, http.ErrSchemeMismatch)
		}},
		{"neither TLS nor HTTP", func(t *testing.T) (string, func() int32) {
			addr, n := bannerServer(t)
			return "https://" + addr + "/v1", n.Load
		}, func(t *testing.T, err error) {
			var recErr tls.RecordHeaderError
			assert.ErrorAs(t, err, &recErr)
		}},
		{"untrusted certificate", func(t *testing.T) (string, func() int32) {
			srv := httptest.NewUnstartedServer(http.NotFoundHandler())
			n := countConns(srv)
			srv.StartTLS()
			t.Cleanup(srv.Close)
			return srv.URL + "/v1", n.Load
		}, func(t *testing.T, err error) {
			var certErr *tls.CertificateVerificationError
			assert.ErrorAs(t, err, &certErr)
		}},
		{"redirect to an invalid port", func(t *testing.T) (string, func() int32) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				http.Redirect(w, r, "http://127.0.0.1:99999/v1/user", http.StatusTemporaryRedirect)
			}))
			t.Cleanup(srv.Close)
			return srv.URL + "/v1", n.Load
		}, func(t *testing.T, err error) {
			var addrErr *net.AddrError
			assert.ErrorAs(t, err, &addrErr)
		}},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			base, seen := tt.start(t)
			cfg := tiledbcloud.NewConfiguration()
			cfg.BasePath = base
			cfg.Retry = retry
			_, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
			var reqErr *tiledbcloud.RequestError
			require.ErrorAs(t, err, &reqErr)
			tt.check(t, err)
			assert.Equal(t, 1, reqErr.Attempts, "not retried: %v", err)
			assert.Equal(t, int32(1), seen(), "the server saw one attempt")
			assert.False(t, errors.Is(err, tiledbcloud.ErrInvalidArgument))
		})
	}
}
