package test

// Tests of Credentials and Configuration.Credentials, a CredentialsProvider.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// rotatingProvider returns key-1, key-2, ... on successive calls, recording
// the Operation of each call's context.
type rotatingProvider struct {
	mu  sync.Mutex
	n   int
	ops []tiledbcloud.Operation
	err error
	get func(n int) tiledbcloud.Credentials // nil: an API key per call
}

func (p *rotatingProvider) Credentials(ctx context.Context) (tiledbcloud.Credentials, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	op, _ := tiledbcloud.OperationFromContext(ctx)
	p.ops = append(p.ops, op)
	if p.err != nil {
		return tiledbcloud.Credentials{}, p.err
	}
	if p.get != nil {
		return p.get(p.n), nil
	}
	return tiledbcloud.Credentials{APIKey: fmt.Sprintf("key-%d", p.n)}, nil
}

func (p *rotatingProvider) calls() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

// withProvider configures p instead of setup's API key.
func withProvider(p tiledbcloud.CredentialsProvider, retries int) func(*tiledbcloud.Configuration) {
	return func(cfg *tiledbcloud.Configuration) {
		cfg.APIKey = ""
		cfg.Credentials = p
		if retries > 0 {
			cfg.Retry = tiledbcloud.RetryPolicy{MaxAttempts: retries, InitialBackoff: time.Millisecond, MaxBackoff: time.Millisecond}
		}
	}
}

func TestCredentialsProviderAskedOnEveryAttempt(t *testing.T) {
	p := &rotatingProvider{}
	client, mux, _ := setupWith(t, withProvider(p, 3))
	var keys []string
	var mu sync.Mutex
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		keys = append(keys, r.Header.Get("X-TILEDB-REST-API-KEY"))
		n := len(keys)
		mu.Unlock()
		assert.Empty(t, r.Header.Values("Authorization"))
		if n < 3 {
			writeError(w, http.StatusServiceUnavailable, "busy", "rid")
			return
		}
		writeJSON(t, w, `{"username":"jane"}`)
	})
	_, _, err := client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"key-1", "key-2", "key-3"}, keys, "each attempt carries what the provider returned for it")
	p.mu.Lock()
	defer p.mu.Unlock()
	id := sameCallID(t, p.ops)
	for i, op := range p.ops {
		assert.Equal(t, tiledbcloud.Operation{Name: "GetUser", Method: "GET", Path: "/user", Attempt: i + 1, CallID: id}, op)
	}
}

func TestCredentialsProviderBasicAuth(t *testing.T) {
	p := &rotatingProvider{get: func(int) tiledbcloud.Credentials {
		return tiledbcloud.Credentials{Username: "bob", Password: "bob-pass"}
	}}
	client, mux, _ := setupWith(t, withProvider(p, 0))
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		testBasicAuth(t, r, "bob", "bob-pass")
		writeJSON(t, w, `{"username":"bob"}`)
	})
	_, _, err := client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
}

func TestContextCredentialsBeatTheProvider(t *testing.T) {
	p := &rotatingProvider{}
	client, mux, _ := setupWith(t, withProvider(p, 0))
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			testNoAuth(t, r)
			w.WriteHeader(http.StatusNoContent)
			return
		}
		testAPIKeyAuth(t, r, "call-key")
		writeJSON(t, w, `{"username":"jane"}`)
	})
	_, _, err := client.UserApi.GetUser(tiledbcloud.WithAPIKey(context.Background(), "call-key"))
	require.NoError(t, err)
	_, err = client.UserApi.CreateUser(context.Background(), tiledbcloud.User{Username: "new"})
	require.NoError(t, err)
	assert.Zero(t, p.calls(), "the provider is not asked for a call with its own credentials, nor for CreateUser")
}

func TestCredentialsProviderErrors(t *testing.T) {
	vaultDown := errors.New("vault is down")
	tests := map[string]struct {
		p    *rotatingProvider
		want error
	}{
		"its error": {&rotatingProvider{err: vaultDown}, vaultDown},
		"empty credentials": {&rotatingProvider{get: func(int) tiledbcloud.Credentials { return tiledbcloud.Credentials{} }},
			nil},
		"a key with LF": {&rotatingProvider{get: func(int) tiledbcloud.Credentials {
			return tiledbcloud.Credentials{APIKey: "k\nX-Injected: 1"}
		}}, tiledbcloud.ErrInvalidArgument},
	}
	for name, tt := range tests {
		tt := tt
		t.Run(name, func(t *testing.T) {
			client, n := setupCounting(t, withProvider(tt.p, 4))
			_, err := client.UserApi.ConfirmEmail(context.Background())
			require.Error(t, err)
			if tt.want != nil {
				assert.ErrorIs(t, err, tt.want)
			}
			if tt.want == vaultDown {
				var reqErr *tiledbcloud.RequestError
				require.ErrorAs(t, err, &reqErr, "a provider error is a RequestError")
				assert.Equal(t, "ConfirmEmail", reqErr.Operation)
			}
			assert.Contains(t, err.Error(), "ConfirmEmail", "the error names the operation")
			assert.Equal(t, 1, tt.p.calls(), "a provider error is not retried")
			assert.Zero(t, n.Load(), "nothing sent")
		})
	}
}

func TestCredentialsWithStaticCredentialsIsInvalid(t *testing.T) {
	for name, set := range map[string]func(*tiledbcloud.Configuration){
		"APIKey":   func(cfg *tiledbcloud.Configuration) { cfg.APIKey = "k" },
		"Username": func(cfg *tiledbcloud.Configuration) { cfg.APIKey, cfg.Username = "", "u" },
		"Password": func(cfg *tiledbcloud.Configuration) { cfg.APIKey, cfg.Password = "", "p" },
	} {
		set := set
		t.Run(name, func(t *testing.T) {
			p := &rotatingProvider{}
			client, n := setupCounting(t, func(cfg *tiledbcloud.Configuration) {
				cfg.Credentials = p
				set(cfg)
			})
			_, err := client.UserApi.ConfirmEmail(context.Background())
			require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assert.Contains(t, err.Error(), "Credentials")
			assert.Contains(t, err.Error(), "APIKey, Username or Password")
			assert.Zero(t, n.Load())
			assert.Zero(t, p.calls())
		})
	}
}

func TestCredentialsProviderOverCleartextRefused(t *testing.T) {
	cfg, dialer, log := cleartextSetup(t, "http://example.test:{port}")
	p := &rotatingProvider{}
	cfg.Credentials = p
	_, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
	require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
	assert.Zero(t, p.calls(), "the provider is not even asked")
	assert.Zero(t, dialer.dials.Load())
	assert.Empty(t, log.received())
}

// Only a provider that can replace rejected credentials (a
// CredentialsInvalidator) gets a 401 retried; a plain provider's 401 is
// returned as is.
func TestCredentialsProvider401IsReturnedForAPlainProvider(t *testing.T) {
	p := &rotatingProvider{}
	client, mux, _ := setupWith(t, withProvider(p, 4))
	var calls atomic.Int32
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeError(w, http.StatusUnauthorized, "bad key", "rid")
	})
	_, _, err := client.UserApi.GetUser(context.Background())
	require.ErrorIs(t, err, tiledbcloud.ErrUnauthorized)
	assert.EqualValues(t, 1, calls.Load(), "a 401 is not retried for a provider that cannot replace credentials")
}

func TestCredentialsRedacted(t *testing.T) {
	c := tiledbcloud.Credentials{APIKey: "secret-key-77", Username: "jane", Password: "secret-pass-78"}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(verb, c)
		assert.NotContains(t, out, "secret-key-77", verb)
		assert.NotContains(t, out, "secret-pass-78", verb)
		assert.Contains(t, out, "jane", verb)
		assert.Contains(t, out, "[REDACTED]", verb)
		out = fmt.Sprintf(verb, &c)
		assert.NotContains(t, out, "secret-key-77", verb)
		assert.NotContains(t, out, "secret-pass-78", verb)
	}
	b, err := json.Marshal(c)
	require.NoError(t, err)
	assert.JSONEq(t, `{"api_key":"[REDACTED]","username":"jane","password":"[REDACTED]"}`, string(b))
	buf := &lockedBuffer{}
	slog.New(slog.NewJSONHandler(buf, nil)).Info("creds", "c", c)
	assert.NotContains(t, buf.String(), "secret-key-77")
	assert.NotContains(t, buf.String(), "secret-pass-78")
	assert.Contains(t, buf.String(), "jane")

	cfg := tiledbcloud.NewConfiguration()
	cfg.Credentials = &rotatingProvider{get: func(int) tiledbcloud.Credentials { return c }}
	assert.Contains(t, fmt.Sprintf("%+v", cfg), "Credentials:[REDACTED]")
	buf = &lockedBuffer{}
	slog.New(slog.NewJSONHandler(buf, nil)).Info("cfg", "cfg", *cfg)
	assert.Contains(t, buf.String(), `"Credentials":"[REDACTED]"`)
}

// keyRing is a custom CredentialsProvider that can replace rejected
// credentials: it serves keys[0] until the service rejects it, then keys[1],
// and so on, recording what it was told was rejected.
type keyRing struct {
	mu       sync.Mutex
	keys     []string
	rejected []string
	ops      []tiledbcloud.Operation
}

func (k *keyRing) Credentials(context.Context) (tiledbcloud.Credentials, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.keys) == 0 {
		return tiledbcloud.Credentials{}, errors.New("no key left")
	}
	return tiledbcloud.Credentials{APIKey: k.keys[0]}, nil
}

func (k *keyRing) InvalidateCredentials(ctx context.Context, rejected tiledbcloud.Credentials) {
	k.mu.Lock()
	defer k.mu.Unlock()
	op, _ := tiledbcloud.OperationFromContext(ctx)
	k.ops = append(k.ops, op)
	k.rejected = append(k.rejected, rejected.APIKey)
	if len(k.keys) > 0 && k.keys[0] == rejected.APIKey {
		k.keys = k.keys[1:]
	}
}

// keyRingSetup starts the fake server with jane and returns it, a client
// authenticated by a keyRing of n fresh tokens of jane's, and the tokens.
func keyRingSetup(t *testing.T, n int) (*tiledbcloudtest.Server, *tiledbcloud.APIClient, *keyRing) {
	t.Helper()
	srv := tiledbcloudtest.NewTestServer(t, tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "jane", APIKey: "jane-seed-key", Email: "jane@example.com"}))
	ring := &keyRing{}
	for i := 0; i < n; i++ {
		tok, _, err := srv.Client("jane").UserApi.RequestToken(context.Background(), &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr(fmt.Sprintf("ring-%d", i))})
		require.NoError(t, err)
		ring.keys = append(ring.keys, tok.GetToken())
	}
	cfg := srv.Config("")
	cfg.Credentials = ring
	cfg.Retry = tiledbcloud.RetryPolicy{MaxAttempts: 4, InitialBackoff: time.Millisecond, MaxBackoff: time.Millisecond}
	srv.ResetRequests()
	return srv, tiledbcloud.NewAPIClient(cfg), ring
}

func TestCredentialsInvalidatorReplacesARejectedKey(t *testing.T) {
	srv, client, ring := keyRingSetup(t, 2)
	revoked := ring.keys[0]
	_, err := srv.Client("jane").UserApi.RevokeToken(context.Background(), revoked)
	require.NoError(t, err)
	srv.ResetRequests()

	_, err = client.UserApi.ConfirmEmail(context.Background())
	require.NoError(t, err, "a POST is retried once after the 401, with the provider's new key")
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, http.StatusUnauthorized, reqs[0].Status)
	assert.Equal(t, revoked, reqs[0].Header.Get("X-TILEDB-REST-API-KEY"))
	assert.Equal(t, http.StatusNoContent, reqs[1].Status)
	assert.Equal(t, ring.keys[0], reqs[1].Header.Get("X-TILEDB-REST-API-KEY"))
	assert.Equal(t, []string{revoked}, ring.rejected, "the provider is told which credentials were rejected")
	id := sameCallID(t, ring.ops)
	assert.Equal(t, []tiledbcloud.Operation{{Name: "ConfirmEmail", Method: "POST", Path: "/user/confirm_email", Attempt: 1, CallID: id}}, ring.ops,
		"with the rejected attempt's context")
}

func TestCredentialsInvalidatorSecond401IsReturned(t *testing.T) {
	srv, client, ring := keyRingSetup(t, 3)
	first, second := ring.keys[0], ring.keys[1]
	for _, key := range []string{first, second} {
		_, err := srv.Client("jane").UserApi.RevokeToken(context.Background(), key)
		require.NoError(t, err)
	}
	srv.ResetRequests()

	_, _, err := client.UserApi.GetUser(context.Background())
	require.ErrorIs(t, err, tiledbcloud.ErrUnauthorized)
	var apiErr *tiledbcloud.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 2, apiErr.Attempts)
	assert.Len(t, srv.Requests(), 2, "one retry after a 401, not one per key")
	assert.Equal(t, []string{first}, ring.rejected, "the provider is told once per call")

	_, _, err = client.UserApi.GetUser(context.Background())
	require.NoError(t, err, "the next call is refused the second key, and retried with the third")
	assert.Equal(t, []string{first, second}, ring.rejected)
}
