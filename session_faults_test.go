package tiledbcloud_test

// Tests of SessionCredentials under faults: failed renewals, hung logins,
// odd tokens, and clients of other hosts than the provider was made for.

import (
	"context"
	"errors"
	"fmt"
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
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// waitForLogins waits until no login or renewal of sc is running.
func waitForLogins(t *testing.T, sc *tiledbcloud.SessionCredentials) {
	t.Helper()
	waitFor(t, "the logins to end", func() bool { return tiledbcloud.SessionLoginsRunning(sc) == 0 })
}

// getUser calls GetUser and checks that it answered as jane.
func getUser(t *testing.T, client *tiledbcloud.APIClient) error {
	t.Helper()
	user, _, err := client.UserApi.GetUser(context.Background())
	if err == nil && user.Username != sessionUser {
		err = fmt.Errorf("got user %q", user.Username)
	}
	return err
}

// sessionAuth returns how each GetSession request authenticated: "basic"
// (the password), "token" (a renewal) or "none".
func sessionAuth(srv *tiledbcloudtest.Server) []string {
	var out []string
	for _, r := range sessionRequests(srv) {
		switch {
		case strings.HasPrefix(r.Header.Get("Authorization"), "Basic "):
			out = append(out, "basic")
		case r.Header.Get("X-TILEDB-REST-API-KEY") != "":
			out = append(out, "token")
		default:
			out = append(out, "none")
		}
	}
	return out
}

// TestSessionCredentialsFailedRenewalKeepsTheValidToken is the regression
// test of issue 14 item 3: a renewal failing with something else than 401
// must not fail calls while the token is still valid.
func TestSessionCredentialsFailedRenewalKeepsTheValidToken(t *testing.T) {
	var transportDown atomic.Bool
	failRenewal := map[string]func(*tiledbcloudtest.Server){
		"500": func(srv *tiledbcloudtest.Server) {
			require.NoError(t, srv.FailNext(tiledbcloudtest.OpGetSession, 1000, http.StatusInternalServerError, 0))
		},
		"503 after the retries": func(srv *tiledbcloudtest.Server) {
			require.NoError(t, srv.FailNext(tiledbcloudtest.OpGetSession, 1000, http.StatusServiceUnavailable, 0))
		},
		"a transport error": func(*tiledbcloudtest.Server) { transportDown.Store(true) },
	}
	for name, fail := range failRenewal {
		t.Run(name, func(t *testing.T) {
			transportDown.Store(false)
			clock := newFakeClock()
			srv, client, sc := sessionSetup(t, clock, sessionPassword, func(cfg *tiledbcloud.Configuration) {
				cfg.WrapTransport = func(next http.RoundTripper) http.RoundTripper {
					return roundTripFunc(func(req *http.Request) (*http.Response, error) {
						if op, _ := tiledbcloud.OperationFromContext(req.Context()); op.Name == "GetSession" && transportDown.Load() {
							return nil, errors.New("connection refused")
						}
						return next.RoundTrip(req)
					})
				}
			})
			require.NoError(t, getUser(t, client))
			first := srv.Requests()[1].Header.Get("X-TILEDB-REST-API-KEY")

			// 30 s before the expiry, the renewal is due, and it fails.
			clock.Advance(tiledbcloudtest.SessionLifetime - 30*time.Second)
			fail(srv)
			require.NoError(t, getUser(t, client), "the token is still valid: the call goes on with it")
			waitForLogins(t, sc)
			renewals := len(srv.Requests())
			require.NoError(t, getUser(t, client), "still valid after the failed renewal")
			waitForLogins(t, sc)
			assert.Equal(t, renewals+1, len(srv.Requests()), "the failed renewal is not tried again on the next call: it backs off")

			// A quarter of the 30 s left later, the renewal is tried again, and works.
			transportDown.Store(false)
			srv.ClearFaults()
			clock.Advance(10 * time.Second)
			require.NoError(t, getUser(t, client))
			waitForLogins(t, sc)
			// Past the first token's expiry: only the renewed one works.
			clock.Advance(time.Minute)
			srv.ResetRequests()
			require.NoError(t, getUser(t, client))
			reqs := srv.Requests()
			require.Len(t, reqs, 1, "no login: the renewed token is in use")
			assert.NotEqual(t, first, reqs[0].Header.Get("X-TILEDB-REST-API-KEY"))
			for _, r := range reqs {
				assert.Empty(t, r.Header.Get("Authorization"), "the password was not needed")
			}
		})
	}
}

func TestSessionCredentialsFailedRenewalFailsCallsOnlyOnceTheTokenExpired(t *testing.T) {
	clock := newFakeClock()
	srv, client, sc := sessionSetup(t, clock, sessionPassword, nil)
	require.NoError(t, getUser(t, client))
	clock.Advance(tiledbcloudtest.SessionLifetime - 30*time.Second)
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpGetSession, 1000, http.StatusInternalServerError, 0))
	require.NoError(t, getUser(t, client))
	waitForLogins(t, sc)

	clock.Advance(time.Minute) // expired, unrenewed: a login with the password is the only way left
	err := getUser(t, client)
	require.ErrorIs(t, err, tiledbcloud.ErrServerError)
	assert.Contains(t, err.Error(), `logging in as "jane"`)
	assert.Equal(t, []string{"basic", "token", "basic"}, sessionAuth(srv),
		"a login, the failed renewal, then a login with the password")
}

// TestSessionCredentialsLoginHasItsOwnDeadline is the regression test of
// issue 14 item 4: a hung login is bounded by LoginTimeout, even with
// Configuration.Timeout < 0 (no per-attempt limit).
func TestSessionCredentialsLoginHasItsOwnDeadline(t *testing.T) {
	clock := newFakeClock()
	srv, client, sc := sessionSetup(t, clock, sessionPassword, func(cfg *tiledbcloud.Configuration) {
		cfg.Timeout = -1
	})
	sc.LoginTimeout = 20 * time.Millisecond
	require.NoError(t, srv.SetLatency(tiledbcloudtest.OpGetSession, time.Hour))

	// The caller would wait 10 s; the login gives up long before.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, _, err := client.UserApi.GetUser(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), `logging in as "jane"`, "the login's own deadline, not the caller's")
	assert.NoError(t, ctx.Err())
	waitForLogins(t, sc)

	srv.ClearFaults()
	require.NoError(t, getUser(t, client), "the next call logs in again")
}

func TestSessionCredentialsAbandonedLoginDoesNotHoldTheNextCaller(t *testing.T) {
	clock := newFakeClock()
	g := newGate()
	srv, client, sc := sessionSetup(t, clock, sessionPassword, func(cfg *tiledbcloud.Configuration) {
		cfg.WrapTransport = g.wrap
	})
	var once sync.Once
	release := func() { once.Do(func() { close(g.release) }) }
	t.Cleanup(release)

	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() {
		_, _, err := client.UserApi.GetUser(ctx)
		first <- err
	}()
	waitFor(t, "the first login to hang", func() bool { return g.held.Load() == 1 && tiledbcloud.SessionWaiters(sc) == 1 })
	cancel()
	require.ErrorIs(t, <-first, context.Canceled, "the caller is released when its context ends")

	second := make(chan error, 1)
	go func() { second <- getUser(t, client) }()
	waitFor(t, "the next caller to start a fresh login", func() bool { return g.held.Load() == 2 })
	release()
	require.NoError(t, <-second)
	waitForLogins(t, sc)
	assert.Equal(t, []string{"basic", "basic"}, sessionAuth(srv))
}

// tokenServer is an httptest server whose GetSession answers with the
// documents of sessions in turn (the last one repeatedly), "{n}" replaced by
// the number of the login, and whose GetUser accepts every token but the
// revoked ones.
type tokenServer struct {
	*httptest.Server
	sessions []string
	revoked  sync.Map // token → true
	logins   atomic.Int32
	users    atomic.Int32
}

func newTokenServer(t *testing.T, sessions ...string) *tokenServer {
	ts := &tokenServer{sessions: sessions}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v1/session":
			n := int(ts.logins.Add(1))
			_, _ = fmt.Fprint(w, strings.ReplaceAll(ts.sessions[min(n, len(ts.sessions))-1], "{n}", fmt.Sprint(n)))
		case "/v1/user":
			ts.users.Add(1)
			key := r.Header.Get("X-TILEDB-REST-API-KEY")
			if _, revoked := ts.revoked.Load(key); key == "" || revoked {
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = fmt.Fprint(w, `{"message":"bad key"}`)
				return
			}
			_, _ = fmt.Fprint(w, `{"username":"jane"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(ts.Close)
	return ts
}

// tokenServerClient returns a client of ts authenticated by a
// SessionCredentials for jane whose clock is clock.
func tokenServerClient(ts *tokenServer, clock *fakeClock) *tiledbcloud.APIClient {
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = ts.URL + "/v1"
	cfg.Retry = tiledbcloud.RetryPolicy{MaxAttempts: 2, InitialBackoff: time.Millisecond, MaxBackoff: time.Millisecond}
	sc := tiledbcloud.NewSessionCredentials(cfg, sessionUser, sessionPassword)
	tiledbcloud.SetSessionClock(sc, clock.Now)
	cfg.Credentials = sc
	return tiledbcloud.NewAPIClient(cfg)
}

// TestSessionCredentialsUnsendableTokenIsAFailedLogin is the regression test
// of issue 14 item 5a.
func TestSessionCredentialsUnsendableTokenIsAFailedLogin(t *testing.T) {
	ts := newTokenServer(t, `{"token":"bad\ntoken"}`, `{"token":"good-token"}`)
	client := tokenServerClient(ts, newFakeClock())

	err := getUser(t, client)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `logging in as "jane"`)
	assert.Contains(t, err.Error(), "control character")
	assert.NotContains(t, err.Error(), "bad\ntoken")
	assert.Zero(t, ts.users.Load(), "nothing sent with the token")

	require.NoError(t, getUser(t, client), "the next call logs in again rather than failing on the stored token")
	assert.EqualValues(t, 2, ts.logins.Load())
	assert.EqualValues(t, 1, ts.users.Load())
}

// TestSessionCredentialsExpiryPastAtIssue is the regression test of issue 14
// item 5b: an expiry that cannot be right by the local clock must not make
// every call log in again.
func TestSessionCredentialsExpiryPastAtIssue(t *testing.T) {
	clock := newFakeClock()
	at := func(d time.Duration) string { return clock.Now().Add(d).Format(time.RFC3339Nano) }
	tests := map[string]string{
		"expires_at a day in the past, no issued_at": `{"token":"t-{n}","expires_at":"` + at(-24*time.Hour) + `"}`,
		"expires_at 30 s ahead, no issued_at":        `{"token":"t-{n}","expires_at":"` + at(30*time.Second) + `"}`,
		"expires_at before issued_at":                `{"token":"t-{n}","issued_at":"` + at(time.Hour) + `","expires_at":"` + at(0) + `"}`,
	}
	for name, doc := range tests {
		t.Run(name, func(t *testing.T) {
			ts := newTokenServer(t, doc)
			client := tokenServerClient(ts, clock)
			for i := 0; i < 5; i++ {
				require.NoError(t, getUser(t, client))
				clock.Advance(20 * time.Second)
			}
			assert.EqualValues(t, 1, ts.logins.Load(), "one login, the token used until the service rejects it")

			ts.revoked.Store("t-1", true) // now it does: one login again, and the call is retried
			require.NoError(t, getUser(t, client))
			assert.EqualValues(t, 2, ts.logins.Load())
		})
	}
}

// TestSessionCredentialsSkewedServerClock checks the docs' claim that with
// issued_at a skewed server clock does not matter: the lifetime is measured
// on the local clock.
func TestSessionCredentialsSkewedServerClock(t *testing.T) {
	for _, skew := range []time.Duration{-24 * time.Hour, 24 * time.Hour} {
		t.Run(skew.String(), func(t *testing.T) {
			clock := newFakeClock()
			serverClock := func() time.Time { return clock.Now().Add(skew) }
			srv := tiledbcloudtest.NewTestServer(t,
				tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: sessionUser, Password: sessionPassword}),
				tiledbcloudtest.WithClock(serverClock))
			cfg := srv.Config("")
			sc := tiledbcloud.NewSessionCredentials(cfg, sessionUser, sessionPassword)
			tiledbcloud.SetSessionClock(sc, clock.Now)
			cfg.Credentials = sc
			client := tiledbcloud.NewAPIClient(cfg)
			for i := 0; i < 5; i++ {
				require.NoError(t, getUser(t, client))
				clock.Advance(time.Hour)
			}
			waitForLogins(t, sc)
			assert.Equal(t, []string{"basic"}, sessionAuth(srv), "one login for five hours of an eight-hour session")
			clock.Advance(3*time.Hour - 30*time.Second) // in the last minute: renewal time
			require.NoError(t, getUser(t, client))
			waitForLogins(t, sc)
			assert.Equal(t, []string{"basic", "token"}, sessionAuth(srv))
		})
	}
}

// decoy is an httptest server that must receive nothing.
func decoy(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, "wrong host", http.StatusTeapot)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// TestSessionCredentialsLogsInThroughTheCallingClient is the regression test
// of issue 14 item 13: settings made after NewSessionCredentials reach the login.
func TestSessionCredentialsLogsInThroughTheCallingClient(t *testing.T) {
	wrong, hits := decoy(t)
	srv := tiledbcloudtest.NewTestServer(t, tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: sessionUser, Password: sessionPassword}))
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = wrong.URL + "/v1"
	sc := tiledbcloud.NewSessionCredentials(cfg, sessionUser, sessionPassword)

	// Set afterwards, as an application assembling its configuration might.
	cfg.BasePath = srv.URL()
	cfg.UserAgent = "billing-service/2.1"
	// The login ends before the call that waits for it goes on, so the
	// logger and the transport are used by one goroutine at a time.
	var log strings.Builder
	cfg.Logger = slog.New(slog.NewJSONHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var wrapped []string
	cfg.WrapTransport = func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(req *http.Request) (*http.Response, error) {
			op, _ := tiledbcloud.OperationFromContext(req.Context())
			wrapped = append(wrapped, op.Name)
			return next.RoundTrip(req)
		})
	}
	cfg.Credentials = sc
	client := tiledbcloud.NewAPIClient(cfg)

	require.NoError(t, getUser(t, client))
	assert.Zero(t, hits.Load(), "the password never went to the host the provider was made for")
	sessions := sessionRequests(srv)
	require.Len(t, sessions, 1)
	assert.Contains(t, sessions[0].Header.Get("User-Agent"), "billing-service/2.1")
	assert.Equal(t, []string{"GetSession", "GetUser"}, wrapped, "the login went through the client's transport")
	assert.Contains(t, log.String(), `"operation":"GetSession"`, "and was logged by the client's logger")
	assert.NotContains(t, log.String(), sessionPassword)
}

func TestSessionCredentialsSharedAcrossHostsKeepsSessionsApart(t *testing.T) {
	seed := tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: sessionUser, Password: sessionPassword})
	a, b := tiledbcloudtest.NewTestServer(t, seed), tiledbcloudtest.NewTestServer(t, seed)
	sc := tiledbcloud.NewSessionCredentials(a.Config(""), sessionUser, sessionPassword)
	clientFor := func(srv *tiledbcloudtest.Server) *tiledbcloud.APIClient {
		cfg := srv.Config("")
		cfg.Credentials = sc
		return tiledbcloud.NewAPIClient(cfg)
	}
	clientA, clientB := clientFor(a), clientFor(b)
	for i := 0; i < 2; i++ {
		require.NoError(t, getUser(t, clientA))
		require.NoError(t, getUser(t, clientB))
	}
	keys := func(srv *tiledbcloudtest.Server) map[string]bool {
		out := map[string]bool{}
		for _, r := range srv.Requests() {
			assert.NotEqual(t, http.StatusUnauthorized, r.Status, "%s", r.Operation)
			if k := r.Header.Get("X-TILEDB-REST-API-KEY"); k != "" {
				out[k] = true
			}
		}
		return out
	}
	keysA, keysB := keys(a), keys(b)
	for k := range keysA {
		assert.False(t, keysB[k], "a token of host A was sent to host B")
	}
	assert.Equal(t, []string{"basic"}, sessionAuth(a), "one session per host")
	assert.Equal(t, []string{"basic"}, sessionAuth(b))
}
