package test

// Tests of Configuration.Middleware: one handler around each logical call,
// against the fake server (tiledbcloudtest) and httptest servers.

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// sameCallID asserts that ops, the attempts of one call, share one
// non-empty CallID, and returns it.
func sameCallID(t *testing.T, ops []tiledbcloud.Operation) string {
	t.Helper()
	require.NotEmpty(t, ops)
	id := ops[0].CallID
	require.NotEmpty(t, id, "every attempt carries its call's CallID")
	for i, op := range ops {
		assert.Equal(t, id, op.CallID, "attempt %d has the CallID of the first", i+1)
	}
	return id
}

// callRecorder is a Middleware recording the Operation of every call it sees.
type callRecorder struct {
	mu  sync.Mutex
	ops []tiledbcloud.Operation
}

func (r *callRecorder) middleware(next tiledbcloud.CallHandler) tiledbcloud.CallHandler {
	return func(ctx context.Context, op tiledbcloud.Operation) (*http.Response, error) {
		r.mu.Lock()
		r.ops = append(r.ops, op)
		r.mu.Unlock()
		return next(ctx, op)
	}
}

func (r *callRecorder) calls() []tiledbcloud.Operation {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]tiledbcloud.Operation(nil), r.ops...)
}

// fakeServerClient starts the fake server with the user jane and returns it
// with a client for jane, configured by configure.
func fakeServerClient(t *testing.T, configure func(*tiledbcloud.Configuration)) (*tiledbcloudtest.Server, *tiledbcloud.APIClient) {
	t.Helper()
	srv := tiledbcloudtest.NewTestServer(t, tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "jane", APIKey: "jane-key"}))
	cfg := srv.Config("jane")
	cfg.Retry = fastRetries
	configure(cfg)
	return srv, tiledbcloud.NewAPIClient(cfg)
}

func TestMiddlewareSeesOneCallOverItsAttempts(t *testing.T) {
	calls := &callRecorder{}
	attempts := &recordingTransport{}
	srv, client := fakeServerClient(t, func(cfg *tiledbcloud.Configuration) {
		cfg.Middleware = []tiledbcloud.Middleware{calls.middleware}
		cfg.WrapTransport = recordInto(attempts, nil)
	})
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpGetUser, 2, http.StatusServiceUnavailable, 0))

	user, resp, err := client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	testResponse(t, resp, http.StatusOK)
	assert.Equal(t, "jane", user.Username)

	got := calls.calls()
	require.Len(t, got, 1, "one call, however many attempts")
	assert.Equal(t, tiledbcloud.Operation{Name: "GetUser", Method: "GET", Path: "/user", Attempt: 0, CallID: got[0].CallID}, got[0])
	reqs := attempts.requests()
	require.Len(t, reqs, 3)
	var ops []tiledbcloud.Operation
	for i, r := range reqs {
		require.True(t, r.hasOp)
		assert.Equal(t, i+1, r.op.Attempt)
		ops = append(ops, r.op)
	}
	assert.Equal(t, got[0].CallID, sameCallID(t, ops), "the transport sees the middleware's CallID")

	_, _, err = client.UserApi.TokensGet(context.Background())
	require.NoError(t, err)
	got = calls.calls()
	require.Len(t, got, 2)
	assert.NotEqual(t, got[0].CallID, got[1].CallID, "each call has its own CallID")
}

func TestMiddlewareOrderFirstOutermost(t *testing.T) {
	var mu sync.Mutex
	var trail []string
	mark := func(s string) {
		mu.Lock()
		trail = append(trail, s)
		mu.Unlock()
	}
	named := func(name string) tiledbcloud.Middleware {
		return func(next tiledbcloud.CallHandler) tiledbcloud.CallHandler {
			return func(ctx context.Context, op tiledbcloud.Operation) (*http.Response, error) {
				mark(name + " in")
				resp, err := next(ctx, op)
				mark(name + " out")
				return resp, err
			}
		}
	}
	client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
		mark("server")
		w.WriteHeader(http.StatusNoContent)
	}, func(cfg *tiledbcloud.Configuration) {
		cfg.Middleware = []tiledbcloud.Middleware{named("a"), named("b"), named("c")}
	})
	_, err := client.UserApi.ConfirmEmail(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"a in", "b in", "c in", "server", "c out", "b out", "a out"}, trail)
}

var errCircuitOpen = errors.New("circuit open")

func TestMiddlewareThatDoesNotCallNextSendsNothing(t *testing.T) {
	client, n := setupCounting(t, func(cfg *tiledbcloud.Configuration) {
		cfg.Middleware = []tiledbcloud.Middleware{func(tiledbcloud.CallHandler) tiledbcloud.CallHandler {
			return func(context.Context, tiledbcloud.Operation) (*http.Response, error) { return nil, errCircuitOpen }
		}}
	})
	user, resp, err := client.UserApi.GetUser(context.Background())
	assert.Same(t, errCircuitOpen, err, "the caller gets exactly the middleware's error")
	assert.ErrorIs(t, err, errCircuitOpen)
	assert.Nil(t, resp)
	assert.Nil(t, user)
	_, err = client.Do(context.Background(), &tiledbcloud.Request{Method: http.MethodGet, Path: "/user"}, nil)
	assert.Same(t, errCircuitOpen, err)
	assert.Zero(t, n.Load(), "nothing sent")
}

type tenantKey struct{}

func TestMiddlewareContextReachesEveryAttempt(t *testing.T) {
	attempts := &recordingTransport{}
	var tenants []any
	srv, client := fakeServerClient(t, func(cfg *tiledbcloud.Configuration) {
		cfg.Middleware = []tiledbcloud.Middleware{func(next tiledbcloud.CallHandler) tiledbcloud.CallHandler {
			return func(ctx context.Context, op tiledbcloud.Operation) (*http.Response, error) {
				ctx = context.WithValue(ctx, tenantKey{}, "lab")
				// Per-call settings still come from the context.
				return next(tiledbcloud.WithHeader(ctx, "X-Tenant", "lab"), op)
			}
		}}
		cfg.WrapTransport = func(next http.RoundTripper) http.RoundTripper {
			attempts.next = next
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				tenants = append(tenants, r.Context().Value(tenantKey{}))
				return attempts.RoundTrip(r)
			})
		}
	})
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpTokensGet, 1, http.StatusBadGateway, 0))
	_, _, err := client.UserApi.TokensGet(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []any{"lab", "lab"}, tenants, "both attempts' requests carry the middleware's value")
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	for _, r := range reqs {
		assert.Equal(t, "lab", r.Header.Get("X-Tenant"))
	}
}

// errWrapped is an error a middleware wraps the call's error in.
type errWrapped struct{ err error }

func (e *errWrapped) Error() string { return "wrapped: " + e.err.Error() }
func (e *errWrapped) Unwrap() error { return e.err }

func TestMiddlewareResultIsWhatTheMethodReturns(t *testing.T) {
	var seen *http.Response
	replacement := &http.Response{StatusCode: http.StatusTeapot, Body: http.NoBody}
	client, mux, _ := setupWith(t, func(cfg *tiledbcloud.Configuration) {
		cfg.Middleware = []tiledbcloud.Middleware{func(next tiledbcloud.CallHandler) tiledbcloud.CallHandler {
			return func(ctx context.Context, op tiledbcloud.Operation) (*http.Response, error) {
				resp, err := next(ctx, op)
				seen = resp
				switch {
				case err != nil:
					return resp, &errWrapped{err}
				case op.Name == "ConfirmEmail":
					return replacement, nil
				}
				return resp, nil
			}
		}}
	})
	mux.HandleFunc("/users/", func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/bob") {
			writeJSON(t, w, `{"username":"bob","name":"Bob"}`)
			return
		}
		writeError(w, http.StatusNotFound, "no such user", "rid")
	})
	mux.HandleFunc("/user/confirm_email", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })

	user, resp, err := client.UserApi.GetUserWithUsername(context.Background(), "bob")
	require.NoError(t, err)
	assert.Same(t, seen, resp)
	assert.Equal(t, "Bob", user.GetName(), "the decoded result is unchanged")

	user, resp, err = client.UserApi.GetUserWithUsername(context.Background(), "nobody")
	var wrapped *errWrapped
	require.ErrorAs(t, err, &wrapped, "the method returns the middleware's error")
	assert.ErrorIs(t, err, tiledbcloud.ErrNotFound)
	assert.Nil(t, user)
	assert.Same(t, seen, resp)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)

	resp, err = client.UserApi.ConfirmEmail(context.Background())
	require.NoError(t, err)
	assert.Same(t, replacement, resp, "the method returns the middleware's response")
}

func TestMiddlewareMaySendTheCallAgain(t *testing.T) {
	var attempts []int
	srv, client := fakeServerClient(t, func(cfg *tiledbcloud.Configuration) {
		cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
		cfg.Middleware = []tiledbcloud.Middleware{func(next tiledbcloud.CallHandler) tiledbcloud.CallHandler {
			return func(ctx context.Context, op tiledbcloud.Operation) (*http.Response, error) {
				resp, err := next(ctx, op)
				if errors.Is(err, tiledbcloud.ErrServerError) {
					resp, err = next(ctx, op)
				}
				return resp, err
			}
		}}
		cfg.WrapTransport = func(next http.RoundTripper) http.RoundTripper {
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				op, _ := tiledbcloud.OperationFromContext(r.Context())
				attempts = append(attempts, op.Attempt)
				return next.RoundTrip(r)
			})
		}
	})
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpRequestToken, 1, http.StatusServiceUnavailable, 0))
	token, _, err := client.UserApi.RequestToken(context.Background(), &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("ci")})
	require.NoError(t, err)
	assert.Equal(t, "ci", token.GetName())
	assert.Equal(t, []int{1, 1}, attempts, "each next is a fresh pipeline run")
	assert.Len(t, srv.Requests(), 2)
}

func TestMiddlewareWrapsDo(t *testing.T) {
	calls := &callRecorder{}
	srv, client := fakeServerClient(t, func(cfg *tiledbcloud.Configuration) {
		cfg.Middleware = []tiledbcloud.Middleware{calls.middleware}
	})
	var user tiledbcloud.User
	_, err := client.Do(context.Background(), &tiledbcloud.Request{
		Operation: "GetUserRaw", Method: http.MethodGet, Path: "/users/{username}", PathParams: []string{"jane"},
	}, &user)
	require.NoError(t, err)
	assert.Equal(t, "jane", user.Username)
	got := calls.calls()
	require.Len(t, got, 1)
	assert.Equal(t, tiledbcloud.Operation{Name: "GetUserRaw", Method: "GET", Path: "/users/{username}", CallID: got[0].CallID}, got[0])
	assert.NotEmpty(t, got[0].CallID)
	assert.Len(t, srv.Requests(), 1)
}

func TestMiddlewareSeesCallsRejectedBeforeSending(t *testing.T) {
	calls := &callRecorder{}
	client, n := setupCounting(t, func(cfg *tiledbcloud.Configuration) {
		cfg.Middleware = []tiledbcloud.Middleware{calls.middleware}
	})
	_, _, err := client.UserApi.GetUserWithUsername(context.Background(), "..")
	require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
	require.Len(t, calls.calls(), 1, "a rejected call is still a call, for a span or a metric")
	assert.Zero(t, n.Load())
}

func TestMiddlewareInvalid(t *testing.T) {
	pass := func(next tiledbcloud.CallHandler) tiledbcloud.CallHandler { return next }
	tests := []struct {
		name       string
		middleware []tiledbcloud.Middleware
		want       string
	}{
		{"nil element", []tiledbcloud.Middleware{pass, nil}, "Middleware[1] is nil"},
		{"nil handler", []tiledbcloud.Middleware{pass, pass, func(tiledbcloud.CallHandler) tiledbcloud.CallHandler { return nil }},
			"Middleware[2] returned a nil CallHandler"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			client, n := setupCounting(t, func(cfg *tiledbcloud.Configuration) { cfg.Middleware = tc.middleware })
			_, _, err := client.UserApi.GetUser(context.Background())
			require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), "GetUser")
			assert.Zero(t, n.Load(), "nothing sent")
		})
	}
}

func TestMiddlewareNextWithAForeignContext(t *testing.T) {
	tests := []struct {
		name string
		ctx  func(context.Context) context.Context
		want string
	}{
		{"unrelated", func(context.Context) context.Context { return context.Background() }, "not derived from the one it was given"},
		{"nil", func(context.Context) context.Context { return nilCtx }, "nil context.Context"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			client, n := setupCounting(t, func(cfg *tiledbcloud.Configuration) {
				cfg.Middleware = []tiledbcloud.Middleware{func(next tiledbcloud.CallHandler) tiledbcloud.CallHandler {
					return func(ctx context.Context, op tiledbcloud.Operation) (*http.Response, error) {
						return next(tc.ctx(ctx), op)
					}
				}}
			})
			_, err := client.UserApi.ConfirmEmail(context.Background())
			require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assert.Contains(t, err.Error(), "ConfirmEmail")
			assert.Contains(t, err.Error(), tc.want)
			assert.Zero(t, n.Load(), "nothing sent")
		})
	}
}

func TestCallIDsAreUniqueAcrossConcurrentCalls(t *testing.T) {
	calls := &callRecorder{}
	client, n := setupCounting(t, func(cfg *tiledbcloud.Configuration) {
		cfg.Middleware = []tiledbcloud.Middleware{calls.middleware}
	})
	const goroutines, each = 8, 25
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				_, err := client.UserApi.ConfirmEmail(context.Background())
				assert.NoError(t, err)
			}
		}()
	}
	wg.Wait()
	ids := map[string]bool{}
	for _, op := range calls.calls() {
		assert.NotEmpty(t, op.CallID)
		ids[op.CallID] = true
	}
	assert.Len(t, ids, goroutines*each)
	assert.EqualValues(t, goroutines*each, n.Load())
}

func TestConfigurationMiddlewareIsCopied(t *testing.T) {
	calls, other := &callRecorder{}, &callRecorder{}
	var cfg *tiledbcloud.Configuration
	client, n := setupCounting(t, func(c *tiledbcloud.Configuration) {
		c.Middleware = []tiledbcloud.Middleware{calls.middleware}
		cfg = c
	})
	cfg.Middleware[0] = other.middleware
	got := client.GetConfig()
	require.Len(t, got.Middleware, 1)
	got.Middleware[0] = nil

	_, err := client.UserApi.ConfirmEmail(context.Background())
	require.NoError(t, err)
	assert.Len(t, calls.calls(), 1, "the client keeps the middleware it was made with")
	assert.Empty(t, other.calls())
	assert.NotNil(t, client.GetConfig().Middleware[0], "GetConfig returns a copy")
	assert.EqualValues(t, 1, n.Load())
}
