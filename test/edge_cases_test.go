package test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// awkwardNames are path parameter values that need care, with the escaped
// form each must take as a single path segment.
var awkwardNames = []struct {
	name, value, escaped string
}{
	{"slash", "a/b", "a%2Fb"},
	{"leading slash", "/jane", "%2Fjane"},
	{"space", "jane doe", "jane%20doe"},
	{"percent", "100%", "100%25"},
	{"escape lookalike", "a%2Fb", "a%252Fb"},
	{"question mark", "who?x=1", "who%3Fx=1"},
	{"hash", "a#b", "a%23b"},
	{"unicode", "jöhn-测试", "j%C3%B6hn-%E6%B5%8B%E8%AF%95"},
	{"plus", "a+b", "a+b"},
	{"semicolon", "a;b", "a%3Bb"},
	{"comma", "a,b", "a%2Cb"},
	{"backslash", `a\b`, "a%5Cb"},
	{"quote", `a"b`, "a%22b"},
	{"dots inside", "a..b", "a..b"},
	{"three dots", "...", "..."},
	{"dot slash", "./x", ".%2Fx"},
	{"dot dot slash", "../admin", "..%2Fadmin"},
	{"email", "jane.doe@example.com", "jane.doe@example.com"},
	{"tilde and dash", "~jane_doe-1", "~jane_doe-1"},
	{"ampersand and equals", "a&b=c", "a&b=c"},
	{"control character", "a\tb", "a%09b"},
}

// segmentsOf returns the decoded path segments op's request must have, from
// basePath on, when its parameters are values.
func segmentsOf(op operationCase, values []string) []string {
	segs := strings.Split(strings.TrimPrefix(basePath+op.pathFmt, "/"), "/")
	next := 0
	for i, s := range segs {
		if s == "%s" {
			segs[i] = values[next]
			next++
		}
	}
	return segs
}

// TestPathEscaping_everyOperation sends each awkward value in each path
// parameter of each operation and checks both what went on the wire and what
// the server decodes each segment to.
func TestPathEscaping_everyOperation(t *testing.T) {
	for _, op := range operations {
		op := op
		for pos := range op.params {
			pos := pos
			for _, n := range awkwardNames {
				n := n
				t.Run(op.name+"/"+op.params[pos]+"/"+n.name, func(t *testing.T) {
					values := op.defaultParams()
					escaped := op.defaultParams()
					values[pos], escaped[pos] = n.value, n.escaped
					var calls atomic.Int32
					client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
						calls.Add(1)
						testMethod(t, r, op.method)
						testURI(t, r, op.path(escaped...))
						assert.Empty(t, r.URL.RawQuery, "nothing leaked into the query")
						var got []string
						for _, s := range strings.Split(strings.TrimPrefix(r.URL.EscapedPath(), "/"), "/") {
							dec, err := url.PathUnescape(s)
							require.NoError(t, err)
							got = append(got, dec)
						}
						assert.Equal(t, segmentsOf(op, values), got, "decoded path segments")
						w.WriteHeader(http.StatusNoContent)
					}, nil)
					_, _ = op.call(context.Background(), client.UserApi, values...)
					assert.Equal(t, int32(1), calls.Load())
				})
			}
		}
	}
}

// TestPathEscaping_revokeTokenRedacted checks that an escaped token is
// redacted from errors whatever it contains.
func TestPathEscaping_revokeTokenRedacted(t *testing.T) {
	for _, n := range awkwardNames {
		n := n
		t.Run(n.name, func(t *testing.T) {
			client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
				testURI(t, r, "/tokens/tok-"+n.escaped)
				writeError(w, http.StatusNotFound, "no such token", "r")
			}, nil)
			_, err := client.UserApi.RevokeToken(context.Background(), "tok-"+n.value)
			require.Error(t, err)
			assert.Equal(t, "tiledbcloud: DELETE /api-v1/tokens/[REDACTED]: 404 Not Found: no such token (request_id r)", err.Error())
		})
	}
}

// TestInvalidPathParams_everyOperation checks that an empty, "." or ".."
// path parameter is rejected before anything is sent.
func TestInvalidPathParams_everyOperation(t *testing.T) {
	for _, op := range operations {
		op := op
		for pos := range op.params {
			pos := pos
			for _, bad := range []string{"", ".", ".."} {
				bad := bad
				t.Run(op.name+"/"+op.params[pos]+"/"+strings.ReplaceAll(bad, ".", "dot"), func(t *testing.T) {
					client, calls := setupCounting(t, nil)
					values := op.defaultParams()
					values[pos] = bad
					resp, err := op.call(context.Background(), client.UserApi, values...)
					require.Error(t, err)
					assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
					assert.Nil(t, resp)
					assert.Contains(t, err.Error(), op.name)
					assert.Contains(t, err.Error(), op.params[pos])
					var apiErr *tiledbcloud.APIError
					assert.False(t, errors.As(err, &apiErr))
					assert.Equal(t, int32(0), calls.Load(), "no request was sent")
				})
			}
		}
	}
}

func TestNilContext_everyOperation(t *testing.T) {
	for _, op := range operations {
		op := op
		t.Run(op.name, func(t *testing.T) {
			client, calls := setupCounting(t, nil)
			var (
				resp *http.Response
				err  error
			)
			require.NotPanics(t, func() { resp, err = op.invoke(nilCtx, client.UserApi) })
			require.Error(t, err)
			assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assert.Nil(t, resp)
			assert.Equal(t, int32(0), calls.Load(), "no request was sent")
		})
	}
}

func TestCanceledContext_everyOperation(t *testing.T) {
	for _, op := range operations {
		op := op
		t.Run(op.name, func(t *testing.T) {
			client, srvURL := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusNoContent)
			}, nil)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			resp, err := op.invoke(ctx, client.UserApi)
			require.Error(t, err)
			assert.ErrorIs(t, err, context.Canceled)
			assert.Nil(t, resp)
			var reqErr *tiledbcloud.RequestError
			require.ErrorAs(t, err, &reqErr)
			assert.Equal(t, op.name, reqErr.Operation)
			assert.Equal(t, op.method, reqErr.Method)
			if op.name != "RevokeToken" {
				assert.Equal(t, srvURL+basePath+op.defaultPath(), reqErr.URL)
			}
			assert.False(t, errors.Is(err, tiledbcloud.ErrInvalidArgument))
		})
	}
}

// TestCanceledContext_inFlight cancels the context while the server holds
// the request.
func TestCanceledContext_inFlight(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
		cancel()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second): // bounds the handler if the client never hangs up
		}
	}, nil)
	user, resp, err := client.UserApi.GetUser(ctx)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, user)
	assert.Nil(t, resp)
}

func TestDeadlineExceeded(t *testing.T) {
	client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}, nil)
	ctx, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	_, err := client.UserApi.DeleteUser(ctx, "jane")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

// TestZeroClient_everyOperation checks that clients not made by NewAPIClient
// fail with an error instead of panicking.
func TestZeroClient_everyOperation(t *testing.T) {
	services := []struct {
		name string
		api  *tiledbcloud.UserApiService
	}{
		{"zero APIClient", (&tiledbcloud.APIClient{}).UserApi},
		{"nil UserApiService", nil},
		{"zero UserApiService", &tiledbcloud.UserApiService{}},
	}
	for _, s := range services {
		s := s
		for _, op := range operations {
			op := op
			t.Run(s.name+"/"+op.name, func(t *testing.T) {
				var (
					resp *http.Response
					err  error
				)
				require.NotPanics(t, func() { resp, err = op.invoke(context.Background(), s.api) })
				require.Error(t, err)
				assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
				assert.Nil(t, resp)
			})
		}
	}
}

// TestZeroClient_typedResults checks the value results of a zero client too.
func TestZeroClient_typedResults(t *testing.T) {
	var api *tiledbcloud.UserApiService
	ctx := context.Background()
	u, resp, err := api.GetUser(ctx)
	assert.Nil(t, u)
	assert.Nil(t, resp)
	assert.Error(t, err)
	toks, _, err := api.TokensGet(ctx)
	assert.Nil(t, toks)
	assert.Error(t, err)
	scopes, _, err := api.GetTokenScopes(ctx)
	assert.Nil(t, scopes)
	assert.Error(t, err)
}

// TestConcurrentCalls runs calls from many goroutines on one client, for the
// race detector.
func TestConcurrentCalls(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) { writeJSON(t, w, userJSON) })
	mux.HandleFunc("/tokens", func(w http.ResponseWriter, r *http.Request) { writeJSON(t, w, tokenListJSON) })
	const goroutines = 16
	errs := make(chan error, 2*goroutines)
	for i := 0; i < goroutines; i++ {
		go func() {
			user, _, err := client.UserApi.GetUser(context.Background())
			if err == nil && !assert.ObjectsAreEqual(wantUser(), user) {
				err = errors.New("GetUser decoded a different user")
			}
			errs <- err
		}()
		go func() {
			toks, _, err := client.UserApi.TokensGet(context.Background())
			if err == nil && !assert.ObjectsAreEqual(wantTokenList(), toks) {
				err = errors.New("TokensGet decoded different tokens")
			}
			errs <- err
		}()
	}
	for i := 0; i < 2*goroutines; i++ {
		assert.NoError(t, <-errs)
	}
}
