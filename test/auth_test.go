package test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// authCheck is what a request must carry: an API key, basic credentials, or
// (both empty) nothing.
type authCheck struct {
	apiKey         string
	user, password string
}

func (a authCheck) test(t *testing.T, r *http.Request) {
	t.Helper()
	switch {
	case a.apiKey != "":
		testAPIKeyAuth(t, r, a.apiKey)
	case a.user != "" || a.password != "":
		testBasicAuth(t, r, a.user, a.password)
	default:
		testNoAuth(t, r)
	}
}

// TestAuth covers the precedence of credentials: the context's before the
// configuration's, and at each level an API key before basic auth.
func TestAuth(t *testing.T) {
	tests := []struct {
		name      string
		configure func(*tiledbcloud.Configuration)
		ctx       func(context.Context) context.Context
		want      authCheck
	}{
		{
			name:      "config API key",
			configure: func(c *tiledbcloud.Configuration) { c.APIKey = "cfg-key" },
			want:      authCheck{apiKey: "cfg-key"},
		},
		{
			name:      "config basic auth",
			configure: func(c *tiledbcloud.Configuration) { c.APIKey, c.Username, c.Password = "", "jane", "p4ss:w0rd" },
			want:      authCheck{user: "jane", password: "p4ss:w0rd"},
		},
		{
			name:      "config basic auth with unicode",
			configure: func(c *tiledbcloud.Configuration) { c.APIKey, c.Username, c.Password = "", "jöhn", "pässwörd" },
			want:      authCheck{user: "jöhn", password: "pässwörd"},
		},
		{
			name:      "config API key wins over config basic auth",
			configure: func(c *tiledbcloud.Configuration) { c.APIKey, c.Username, c.Password = "cfg-key", "jane", "secret" },
			want:      authCheck{apiKey: "cfg-key"},
		},
		{
			name:      "no credentials",
			configure: func(c *tiledbcloud.Configuration) { c.APIKey = "" },
			want:      authCheck{},
		},
		{
			name:      "ContextAPIKey overrides config API key",
			configure: func(c *tiledbcloud.Configuration) { c.APIKey = "cfg-key" },
			ctx: func(ctx context.Context) context.Context {
				return context.WithValue(ctx, tiledbcloud.ContextAPIKey, "ctx-key")
			},
			want: authCheck{apiKey: "ctx-key"},
		},
		{
			name:      "ContextAPIKey overrides config basic auth",
			configure: func(c *tiledbcloud.Configuration) { c.APIKey, c.Username, c.Password = "", "jane", "secret" },
			ctx: func(ctx context.Context) context.Context {
				return context.WithValue(ctx, tiledbcloud.ContextAPIKey, "ctx-key")
			},
			want: authCheck{apiKey: "ctx-key"},
		},
		{
			name:      "ContextBasicAuth overrides config API key",
			configure: func(c *tiledbcloud.Configuration) { c.APIKey = "cfg-key" },
			ctx: func(ctx context.Context) context.Context {
				return context.WithValue(ctx, tiledbcloud.ContextBasicAuth, tiledbcloud.BasicAuth{UserName: "bob", Password: "bobpw"})
			},
			want: authCheck{user: "bob", password: "bobpw"},
		},
		{
			name:      "ContextBasicAuth pointer overrides config API key",
			configure: func(c *tiledbcloud.Configuration) { c.APIKey = "cfg-key" },
			ctx: func(ctx context.Context) context.Context {
				return context.WithValue(ctx, tiledbcloud.ContextBasicAuth, &tiledbcloud.BasicAuth{UserName: "bob", Password: "bobpw"})
			},
			want: authCheck{user: "bob", password: "bobpw"},
		},
		{
			name:      "ContextBasicAuth overrides config basic auth",
			configure: func(c *tiledbcloud.Configuration) { c.APIKey, c.Username, c.Password = "", "jane", "secret" },
			ctx: func(ctx context.Context) context.Context {
				return context.WithValue(ctx, tiledbcloud.ContextBasicAuth, tiledbcloud.BasicAuth{UserName: "bob", Password: "bobpw"})
			},
			want: authCheck{user: "bob", password: "bobpw"},
		},
		{
			name:      "ContextAPIKey beats ContextBasicAuth",
			configure: func(c *tiledbcloud.Configuration) { c.APIKey, c.Username, c.Password = "cfg-key", "jane", "secret" },
			ctx: func(ctx context.Context) context.Context {
				ctx = context.WithValue(ctx, tiledbcloud.ContextBasicAuth, tiledbcloud.BasicAuth{UserName: "bob", Password: "bobpw"})
				return context.WithValue(ctx, tiledbcloud.ContextAPIKey, "ctx-key")
			},
			want: authCheck{apiKey: "ctx-key"},
		},
		{
			name:      "context credentials without config credentials",
			configure: func(c *tiledbcloud.Configuration) { c.APIKey = "" },
			ctx: func(ctx context.Context) context.Context {
				return context.WithValue(ctx, tiledbcloud.ContextAPIKey, "ctx-key")
			},
			want: authCheck{apiKey: "ctx-key"},
		},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				tc.want.test(t, r)
				writeJSON(t, w, `{"username":"jane"}`)
			}, tc.configure)
			ctx := context.Background()
			if tc.ctx != nil {
				ctx = tc.ctx(ctx)
			}
			_, _, err := client.UserApi.GetUser(ctx)
			require.NoError(t, err)
			assert.Equal(t, int32(1), calls.Load())
		})
	}
}

// TestAuth_everyOperation checks that each operation but CreateUser sends
// the configured credentials, in both schemes, and that CreateUser sends none.
func TestAuth_everyOperation(t *testing.T) {
	schemes := []struct {
		name      string
		configure func(*tiledbcloud.Configuration)
		want      authCheck
	}{
		{"api key", nil, authCheck{apiKey: testAPIKey}},
		{"basic", func(c *tiledbcloud.Configuration) { c.APIKey, c.Username, c.Password = "", "jane", "pw" },
			authCheck{user: "jane", password: "pw"}},
	}
	for _, scheme := range schemes {
		scheme := scheme
		for _, op := range operations {
			op := op
			t.Run(scheme.name+"/"+op.name, func(t *testing.T) {
				var calls atomic.Int32
				client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
					calls.Add(1)
					if op.noAuth {
						testNoAuth(t, r)
					} else {
						scheme.want.test(t, r)
					}
					w.WriteHeader(http.StatusNoContent)
				}, scheme.configure)
				// A 204 with no body fails to decode for operations that
				// return a value; only the request matters here.
				_, _ = op.invoke(context.Background(), client.UserApi)
				assert.Equal(t, int32(1), calls.Load())
			})
		}
	}
}

// TestAuth_createUserSendsNoCredentials checks that CreateUser, which the
// spec calls with `security: []`, sends no credentials from any source.
func TestAuth_createUserSendsNoCredentials(t *testing.T) {
	var calls atomic.Int32
	client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		testMethod(t, r, http.MethodPost)
		testNoAuth(t, r)
		w.WriteHeader(http.StatusNoContent)
	}, func(c *tiledbcloud.Configuration) { c.APIKey, c.Username, c.Password = "cfg-key", "jane", "secret" })

	ctx := context.WithValue(context.Background(), tiledbcloud.ContextAPIKey, "ctx-key")
	ctx = context.WithValue(ctx, tiledbcloud.ContextBasicAuth, tiledbcloud.BasicAuth{UserName: "bob", Password: "bobpw"})
	_, err := client.UserApi.CreateUser(ctx, tiledbcloud.User{Username: "newbie", Password: tiledbcloud.Ptr("hunter2hunter2")})
	require.NoError(t, err)
	assert.Equal(t, int32(1), calls.Load())
}

// TestAuth_invalidContextCredentials checks that malformed per-call
// credentials fail the call before anything is sent.
func TestAuth_invalidContextCredentials(t *testing.T) {
	tests := []struct {
		name string
		ctx  context.Context
	}{
		{"ContextAPIKey int", context.WithValue(context.Background(), tiledbcloud.ContextAPIKey, 42)},
		{"ContextAPIKey bytes", context.WithValue(context.Background(), tiledbcloud.ContextAPIKey, []byte("key"))},
		{"ContextAPIKey string pointer", context.WithValue(context.Background(), tiledbcloud.ContextAPIKey, tiledbcloud.Ptr("key"))},
		{"ContextBasicAuth string", context.WithValue(context.Background(), tiledbcloud.ContextBasicAuth, "bob:bobpw")},
		{"ContextBasicAuth map", context.WithValue(context.Background(), tiledbcloud.ContextBasicAuth, map[string]string{"bob": "pw"})},
		{"ContextAPIKey with CRLF", context.WithValue(context.Background(), tiledbcloud.ContextAPIKey, "key\r\nX-Evil: 1")},
		{"ContextBasicAuth user with colon", context.WithValue(context.Background(), tiledbcloud.ContextBasicAuth,
			tiledbcloud.BasicAuth{UserName: "bob:admin", Password: "pw"})},
		{"ContextBasicAuth password with newline", context.WithValue(context.Background(), tiledbcloud.ContextBasicAuth,
			tiledbcloud.BasicAuth{UserName: "bob", Password: "pw\nX"})},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			client, calls := setupCounting(t, nil)
			resp, err := client.UserApi.DeleteUser(tc.ctx, "jane")
			require.Error(t, err)
			assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assert.Contains(t, err.Error(), "DeleteUser")
			assert.NotContains(t, err.Error(), "bobpw")
			assert.Nil(t, resp)
			assert.Equal(t, int32(0), calls.Load(), "no request was sent")
		})
	}
}

// TestAuth_invalidConfigCredentials checks that malformed configured
// credentials make every call fail before sending.
func TestAuth_invalidConfigCredentials(t *testing.T) {
	tests := []struct {
		name      string
		configure func(*tiledbcloud.Configuration)
	}{
		{"API key with newline", func(c *tiledbcloud.Configuration) { c.APIKey = "key\nX-Evil: 1" }},
		{"username with colon", func(c *tiledbcloud.Configuration) { c.APIKey, c.Username, c.Password = "", "a:b", "pw" }},
		{"password with CR", func(c *tiledbcloud.Configuration) { c.APIKey, c.Username, c.Password = "", "a", "pw\r" }},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			client, calls := setupCounting(t, tc.configure)
			_, _, err := client.UserApi.GetUser(context.Background())
			assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assert.Equal(t, int32(0), calls.Load(), "no request was sent")
		})
	}
}
