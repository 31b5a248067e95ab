package tiledbcloud_test

// Tests of SessionCredentials against the fake server, whose clock and the
// provider's are one fake clock, so that expiry needs no waiting.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

const (
	sessionUser     = "jane"
	sessionPassword = "correct-horse-battery"
)

// fakeClock is a clock that moves only when told to.
type fakeClock struct{ ns atomic.Int64 }

func newFakeClock() *fakeClock {
	c := &fakeClock{}
	c.ns.Store(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC).UnixNano())
	return c
}

func (c *fakeClock) Now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *fakeClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

// sessionSetup starts the fake server with jane and returns it, a client
// authenticated by a SessionCredentials for jane with password, and the
// provider. configure may adjust the configuration both are made from.
func sessionSetup(t *testing.T, clock *fakeClock, password string, configure func(*tiledbcloud.Configuration)) (*tiledbcloudtest.Server, *tiledbcloud.APIClient, *tiledbcloud.SessionCredentials) {
	t.Helper()
	srv := tiledbcloudtest.NewTestServer(t,
		tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: sessionUser, Password: sessionPassword, Email: "jane@example.com"}),
		tiledbcloudtest.WithClock(clock.Now))
	cfg := srv.Config("") // the base path, no credentials
	cfg.Retry = tiledbcloud.RetryPolicy{MaxAttempts: 2, InitialBackoff: time.Millisecond, MaxBackoff: time.Millisecond}
	if configure != nil {
		configure(cfg)
	}
	sc := tiledbcloud.NewSessionCredentials(cfg, sessionUser, password)
	tiledbcloud.SetSessionClock(sc, clock.Now)
	cfg.Credentials = sc
	return srv, tiledbcloud.NewAPIClient(cfg), sc
}

// sessionRequests returns the GetSession requests the server received.
func sessionRequests(srv *tiledbcloudtest.Server) []tiledbcloudtest.Request {
	var out []tiledbcloudtest.Request
	for _, r := range srv.Requests() {
		if r.Operation == tiledbcloudtest.OpGetSession {
			out = append(out, r)
		}
	}
	return out
}

// concurrently runs f in n goroutines, calls times each, and returns the errors.
func concurrently(n, calls int, f func() error) []error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for g := 0; g < n; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < calls; i++ {
				if err := f(); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return errs
}

func TestSessionCredentialsConcurrentCallersAcrossExpiry(t *testing.T) {
	const goroutines, calls = 64, 5
	clock := newFakeClock()
	srv, client, sc := sessionSetup(t, clock, sessionPassword, nil)
	getUser := func() error {
		user, _, err := client.UserApi.GetUser(context.Background())
		if err == nil && user.Username != sessionUser {
			err = fmt.Errorf("got user %q", user.Username)
		}
		return err
	}

	require.Empty(t, concurrently(goroutines, calls, getUser), "phase 1: a fresh login")
	// Within the last minute of the token's life: the next callers renew it.
	clock.Advance(tiledbcloudtest.SessionLifetime - 30*time.Second)
	require.Empty(t, concurrently(goroutines, calls, getUser), "phase 2: renewal before expiry")
	waitFor(t, "the renewal, in the background, to end", func() bool { return tiledbcloud.SessionLoginsRunning(sc) == 0 })
	// Past the first token's expiry: only the renewed token works now.
	clock.Advance(time.Minute)
	require.Empty(t, concurrently(goroutines, calls, getUser), "phase 3: the first token has expired")

	reqs := srv.Requests()
	sessions := sessionRequests(srv)
	require.Equal(t, 2, len(sessions), "one login and one renewal, however many callers")
	login, renewal := sessions[0], sessions[1]
	assert.Contains(t, login.Header.Get("Authorization"), "Basic ", "the login uses basic auth")
	assert.Empty(t, renewal.Header.Get("Authorization"), "the renewal does not send the password")
	assert.NotEmpty(t, renewal.Header.Get("X-TILEDB-REST-API-KEY"), "the renewal uses the session token")
	assert.Equal(t, http.StatusOK, renewal.Status)

	loggedIn := false
	users, firstToken := 0, ""
	for _, r := range reqs {
		if loggedIn {
			assert.Empty(t, r.Header.Get("Authorization"), "%s after the first login sends no basic auth", r.Operation)
		}
		if r.Operation == tiledbcloudtest.OpGetSession {
			loggedIn = true
			continue
		}
		require.Equal(t, tiledbcloudtest.OpGetUser, r.Operation)
		assert.Equal(t, http.StatusOK, r.Status)
		if firstToken == "" {
			firstToken = r.Header.Get("X-TILEDB-REST-API-KEY")
		}
		users++
	}
	assert.Equal(t, 3*goroutines*calls, users, "every call made exactly one attempt")
	assert.Equal(t, firstToken, renewal.Header.Get("X-TILEDB-REST-API-KEY"), "the renewal is authenticated by the first token")
}

func TestSessionCredentialsReloginOn401(t *testing.T) {
	clock := newFakeClock()
	srv, client, _ := sessionSetup(t, clock, sessionPassword, nil)
	_, _, err := client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	token := srv.Requests()[1].Header.Get("X-TILEDB-REST-API-KEY")
	require.NotEmpty(t, token)

	// The session is revoked behind the provider's back.
	_, err = srv.Client(sessionUser).UserApi.RevokeToken(context.Background(), token)
	require.NoError(t, err)
	srv.ResetRequests()

	_, err = client.UserApi.ConfirmEmail(context.Background())
	require.NoError(t, err, "a POST is retried once after the 401, with a new session")
	reqs := srv.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, tiledbcloudtest.OpConfirmEmail, reqs[0].Operation)
	assert.Equal(t, http.StatusUnauthorized, reqs[0].Status)
	assert.Equal(t, tiledbcloudtest.OpGetSession, reqs[1].Operation)
	assert.Contains(t, reqs[1].Header.Get("Authorization"), "Basic ", "a revoked session needs the password again")
	assert.Equal(t, tiledbcloudtest.OpConfirmEmail, reqs[2].Operation)
	assert.Equal(t, http.StatusNoContent, reqs[2].Status)
	assert.NotEqual(t, token, reqs[2].Header.Get("X-TILEDB-REST-API-KEY"))
}

func TestSessionCredentials401RetriedOnlyOnce(t *testing.T) {
	clock := newFakeClock()
	srv, client, _ := sessionSetup(t, clock, sessionPassword, nil)
	_, _, err := client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	srv.ResetRequests()
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpGetUser, 10, http.StatusUnauthorized, 0))

	_, _, err = client.UserApi.GetUser(context.Background())
	require.ErrorIs(t, err, tiledbcloud.ErrUnauthorized)
	var apiErr *tiledbcloud.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 2, apiErr.Attempts)
	ops := []string{}
	for _, r := range srv.Requests() {
		ops = append(ops, r.Operation)
	}
	assert.Equal(t, []string{tiledbcloudtest.OpGetUser, tiledbcloudtest.OpGetSession, tiledbcloudtest.OpGetUser}, ops,
		"one new login and one retry, not a loop")
}

// gate is a WrapTransport holding every GetSession request until released.
type gate struct {
	release chan struct{}
	held    atomic.Int32
}

func newGate() *gate { return &gate{release: make(chan struct{})} }

func (g *gate) wrap(next http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		if op, _ := tiledbcloud.OperationFromContext(req.Context()); op.Name == "GetSession" {
			g.held.Add(1)
			<-g.release
		}
		return next.RoundTrip(req)
	})
}

// waitFor waits, for at most 10 s, until cond holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 10000 && !cond(); i++ {
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
	require.True(t, cond(), "waiting for %s", what)
}

func TestSessionCredentialsFailedLoginReturnedToAllWaiters(t *testing.T) {
	const callers = 16
	clock := newFakeClock()
	g := newGate()
	srv, client, sc := sessionSetup(t, clock, "wrong-password", func(cfg *tiledbcloud.Configuration) {
		cfg.WrapTransport = g.wrap
	})
	errs := make(chan error, callers)
	for i := 0; i < callers; i++ {
		go func() {
			_, _, err := client.UserApi.GetUser(context.Background())
			errs <- err
		}()
	}
	waitFor(t, "every caller to wait for the one login", func() bool {
		return tiledbcloud.SessionWaiters(sc) == callers && g.held.Load() == 1
	})
	close(g.release)
	for i := 0; i < callers; i++ {
		err := <-errs
		require.ErrorIs(t, err, tiledbcloud.ErrUnauthorized, "the login's own error reaches every caller")
		assert.Contains(t, err.Error(), "GetUser")
		assert.Contains(t, err.Error(), `logging in as "jane"`)
		assert.NotContains(t, err.Error(), `tiledbcloud: logging in`, "the SDK's prefix is not repeated")
		assert.NotContains(t, err.Error(), "wrong-password")
	}
	reqs := srv.Requests()
	require.Len(t, reqs, 1, "one login for all the callers, not retried, and no call sent")
	assert.Equal(t, tiledbcloudtest.OpGetSession, reqs[0].Operation)

	// A later call tries again, once.
	_, _, err := client.UserApi.GetUser(context.Background())
	require.ErrorIs(t, err, tiledbcloud.ErrUnauthorized)
	assert.Len(t, sessionRequests(srv), 2)
}

func TestSessionCredentialsWaitersHonourTheirContext(t *testing.T) {
	clock := newFakeClock()
	g := newGate()
	srv, client, sc := sessionSetup(t, clock, sessionPassword, func(cfg *tiledbcloud.Configuration) {
		cfg.WrapTransport = g.wrap
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancelled := make(chan error, 1)
	go func() {
		_, _, err := client.UserApi.GetUser(ctx)
		cancelled <- err
	}()
	patient := make(chan error, 1)
	go func() {
		_, _, err := client.UserApi.GetUser(context.Background())
		patient <- err
	}()
	waitFor(t, "both callers to wait", func() bool { return tiledbcloud.SessionWaiters(sc) == 2 })
	cancel()
	err := <-cancelled
	require.ErrorIs(t, err, context.Canceled, "a waiter whose context ends stops waiting")
	close(g.release)
	require.NoError(t, <-patient, "the login went on for the other caller")
	assert.Len(t, sessionRequests(srv), 1)
}

func TestSessionCredentialsRenewsAnExpiredSessionWithThePassword(t *testing.T) {
	clock := newFakeClock()
	srv, client, _ := sessionSetup(t, clock, sessionPassword, nil)
	_, _, err := client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	clock.Advance(tiledbcloudtest.SessionLifetime + time.Hour) // idle past the expiry
	_, _, err = client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	sessions := sessionRequests(srv)
	require.Len(t, sessions, 2)
	assert.Contains(t, sessions[1].Header.Get("Authorization"), "Basic ", "an expired token cannot renew itself")
	assert.Empty(t, sessions[1].Header.Get("X-TILEDB-REST-API-KEY"))
	for _, r := range srv.Requests() {
		assert.NotEqual(t, http.StatusUnauthorized, r.Status, "%s: the expired token is never sent", r.Operation)
	}
}

func TestSessionCredentialsIgnoresCallerCredentialsForTheLogin(t *testing.T) {
	// A WithHeader header reaches the login; the per-call credentials of
	// the call that triggered it do not (they would log in as someone else).
	clock := newFakeClock()
	srv, _, sc := sessionSetup(t, clock, sessionPassword, nil)
	ctx := tiledbcloud.WithHeader(context.Background(), "X-Trace-Id", "t-1")
	creds, err := sc.Credentials(tiledbcloud.WithAPIKey(ctx, "someone-elses-key"))
	require.NoError(t, err)
	assert.NotEmpty(t, creds.APIKey)
	sessions := sessionRequests(srv)
	require.Len(t, sessions, 1)
	assert.Contains(t, sessions[0].Header.Get("Authorization"), "Basic ")
	assert.Empty(t, sessions[0].Header.Get("X-TILEDB-REST-API-KEY"))
	assert.Equal(t, "t-1", sessions[0].Header.Get("X-Trace-Id"))
}

func TestSessionCredentialsPrintsNoSecret(t *testing.T) {
	sc := tiledbcloud.NewSessionCredentials(nil, "jane", "secret-pass-91")
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(verb, sc)
		assert.NotContains(t, out, "secret-pass-91", verb)
		assert.Contains(t, out, "jane", verb)
	}
	var zero *tiledbcloud.SessionCredentials
	_, err := zero.Credentials(context.Background())
	require.Error(t, err)
	_, err = (&tiledbcloud.SessionCredentials{}).Credentials(context.Background())
	require.Error(t, err)
	assert.False(t, errors.Is(err, context.Canceled))
}
