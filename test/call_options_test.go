package test

// Tests of the typed per-call options: WithAPIKey, WithBasicAuth, WithHeader.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

func TestWithAPIKeyAndWithBasicAuth(t *testing.T) {
	ctx := context.Background()
	legacyKey := func(ctx context.Context, k string) context.Context {
		return context.WithValue(ctx, tiledbcloud.ContextAPIKey, k)
	}
	legacyBasic := func(ctx context.Context, u, p string) context.Context {
		return context.WithValue(ctx, tiledbcloud.ContextBasicAuth, tiledbcloud.BasicAuth{UserName: u, Password: p})
	}
	tests := []struct {
		name string
		ctx  context.Context
		key  string // the API key expected, or "" for basic auth as bob
	}{
		{"WithAPIKey", tiledbcloud.WithAPIKey(ctx, "call-key"), "call-key"},
		{"WithBasicAuth", tiledbcloud.WithBasicAuth(ctx, "bob", "bob-pass"), ""},
		{"WithBasicAuth over WithAPIKey", tiledbcloud.WithBasicAuth(tiledbcloud.WithAPIKey(ctx, "outer-key"), "bob", "bob-pass"), ""},
		{"WithAPIKey over WithBasicAuth", tiledbcloud.WithAPIKey(tiledbcloud.WithBasicAuth(ctx, "bob", "bob-pass"), "call-key"), "call-key"},
		{"WithBasicAuth over ContextAPIKey", tiledbcloud.WithBasicAuth(legacyKey(ctx, "outer-key"), "bob", "bob-pass"), ""},
		{"ContextAPIKey over WithBasicAuth", legacyKey(tiledbcloud.WithBasicAuth(ctx, "bob", "bob-pass"), "call-key"), "call-key"},
		{"WithAPIKey over ContextBasicAuth", tiledbcloud.WithAPIKey(legacyBasic(ctx, "bob", "bob-pass"), "call-key"), "call-key"},
		{"WithAPIKey over ContextAPIKey", tiledbcloud.WithAPIKey(legacyKey(ctx, "outer-key"), "call-key"), "call-key"},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
				if tt.key != "" {
					testAPIKeyAuth(t, r, tt.key)
				} else {
					testBasicAuth(t, r, "bob", "bob-pass")
				}
				writeJSON(t, w, `{"username":"jane"}`)
			})
			_, _, err := client.UserApi.GetUser(tt.ctx)
			require.NoError(t, err)
		})
	}
}

// TestEmptyCallCredentialsFail is issue 14's item 2: an empty per-call
// credential, however it is set and whatever is set around it, fails the
// call with nothing sent. It never selects the Configuration's credentials,
// which in a multi-tenant service are the service's own.
func TestEmptyCallCredentialsFail(t *testing.T) {
	tenant := tiledbcloud.WithAPIKey(context.Background(), "TENANT-KEY")
	tenantBasic := tiledbcloud.WithBasicAuth(context.Background(), "tenant", "tenant-pass")
	var nilBasic *tiledbcloud.BasicAuth
	tests := []struct {
		name, what string // what: the credential the error names
		ctx        context.Context
	}{
		{"WithAPIKey alone", "API key", tiledbcloud.WithAPIKey(context.Background(), "")},
		{"WithAPIKey over a tenant's key", "API key", tiledbcloud.WithAPIKey(tenant, "")},
		{"WithAPIKey over a tenant's basic auth", "API key", tiledbcloud.WithAPIKey(tenantBasic, "")},
		{"ContextAPIKey over a tenant's key", "API key", context.WithValue(tenant, tiledbcloud.ContextAPIKey, "")},
		{"ContextAPIKey over ContextBasicAuth", "API key", context.WithValue(
			context.WithValue(context.Background(), tiledbcloud.ContextBasicAuth, tiledbcloud.BasicAuth{UserName: "bob", Password: "pw"}),
			tiledbcloud.ContextAPIKey, "")},
		{"WithBasicAuth alone", "basic authentication", tiledbcloud.WithBasicAuth(context.Background(), "", "")},
		{"WithBasicAuth over a tenant's key", "basic authentication", tiledbcloud.WithBasicAuth(tenant, "", "")},
		{"ContextBasicAuth alone", "basic authentication",
			context.WithValue(context.Background(), tiledbcloud.ContextBasicAuth, tiledbcloud.BasicAuth{})},
		{"ContextBasicAuth pointer", "basic authentication",
			context.WithValue(context.Background(), tiledbcloud.ContextBasicAuth, &tiledbcloud.BasicAuth{})},
		{"ContextBasicAuth nil pointer", "basic authentication",
			context.WithValue(context.Background(), tiledbcloud.ContextBasicAuth, nilBasic)},
	}
	configs := map[string]func(*tiledbcloud.Configuration){
		"config API key":  nil,
		"config basic":    func(c *tiledbcloud.Configuration) { c.APIKey, c.Username, c.Password = "", "service", "service-pass" },
		"config provider": withProvider(&rotatingProvider{}, 0),
	}
	for _, tt := range tests {
		for cname, configure := range configs {
			tt, configure := tt, configure
			t.Run(tt.name+"/"+cname, func(t *testing.T) {
				client, n := setupCounting(t, configure)
				_, _, err := client.UserApi.GetUser(tt.ctx)
				require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
				assert.Contains(t, err.Error(), "tiledbcloud: GetUser: invalid argument: the per-call "+tt.what)
				assert.Contains(t, err.Error(), "is empty")
				assert.Zero(t, n.Load(), "nothing sent")
			})
		}
	}

	// CreateUser sends no credentials, so an empty one does not concern it.
	client, n := setupCounting(t, nil)
	_, err := client.UserApi.CreateUser(tiledbcloud.WithAPIKey(context.Background(), ""), tiledbcloud.User{Username: "new"})
	require.NoError(t, err)
	assert.EqualValues(t, 1, n.Load())
}

func TestTypedCredentialsNotSentToCreateUser(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		testNoAuth(t, r)
		w.WriteHeader(http.StatusNoContent)
	})
	ctx := tiledbcloud.WithBasicAuth(tiledbcloud.WithAPIKey(context.Background(), "k"), "bob", "bob-pass")
	_, err := client.UserApi.CreateUser(ctx, tiledbcloud.User{Username: "new"})
	require.NoError(t, err)
}

func TestTypedCredentialsAreChecked(t *testing.T) {
	for name, ctx := range map[string]context.Context{
		"API key with LF":     tiledbcloud.WithAPIKey(context.Background(), "key\nX-Injected: 1"),
		"username with colon": tiledbcloud.WithBasicAuth(context.Background(), "bo:b", "p"),
		"password with CR":    tiledbcloud.WithBasicAuth(context.Background(), "bob", "p\r"),
	} {
		ctx := ctx
		t.Run(name, func(t *testing.T) {
			client, n := setupCounting(t, nil)
			_, err := client.UserApi.ConfirmEmail(ctx)
			require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assert.Contains(t, err.Error(), "ConfirmEmail")
			assert.Zero(t, n.Load(), "nothing sent")
		})
	}
}

func TestTypedOptionsOnNilContext(t *testing.T) {
	for _, ctx := range []context.Context{
		tiledbcloud.WithAPIKey(nilCtx, "k"),
		tiledbcloud.WithBasicAuth(nilCtx, "u", "p"),
		tiledbcloud.WithHeader(nilCtx, "X-Trace", "1"),
	} {
		require.NotNil(t, ctx)
		assert.NoError(t, ctx.Err())
	}
}

func TestWithHeader(t *testing.T) {
	client, mux, _ := setupWith(t, func(cfg *tiledbcloud.Configuration) {
		cfg.AddDefaultHeader("X-Team", "default-team")
		cfg.AddDefaultHeader("X-Other", "kept")
	})
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		assert.Equal(t, []string{"abc-123"}, r.Header.Values("X-Trace-Id"))
		assert.Equal(t, []string{"inner"}, r.Header.Values("X-Tenant"), "the later WithHeader for a header wins")
		assert.Equal(t, []string{"call-team"}, r.Header.Values("X-Team"), "WithHeader replaces DefaultHeader")
		assert.Equal(t, []string{"kept"}, r.Header.Values("X-Other"))
		writeJSON(t, w, `{"username":"jane"}`)
	})
	ctx := tiledbcloud.WithHeader(context.Background(), "X-Trace-Id", "abc-123")
	ctx = tiledbcloud.WithHeader(ctx, "x-tenant", "outer")
	ctx = tiledbcloud.WithHeader(ctx, "X-Team", "call-team")
	ctx = tiledbcloud.WithHeader(ctx, "X-TENANT", "inner")
	_, _, err := client.UserApi.GetUser(ctx)
	require.NoError(t, err)
}

func TestWithHeaderRefused(t *testing.T) {
	tests := map[string][2]string{
		"Authorization":         {"Authorization", "Bearer x"},
		"API key":               {"x-tiledb-rest-api-key", "k"},
		"Cookie":                {"Cookie", "s=1"},
		"Proxy-Authorization":   {"Proxy-Authorization", "Basic x"},
		"Accept":                {"Accept", "text/html"},
		"Content-Type":          {"Content-Type", "text/plain"},
		"User-Agent":            {"User-Agent", "evil"},
		"Host":                  {"Host", "evil.test"},
		"Content-Length":        {"Content-Length", "5"},
		"Transfer-Encoding":     {"Transfer-Encoding", "chunked"},
		"Accept-Encoding":       {"Accept-Encoding", "br"},
		"empty name":            {"", "v"},
		"name with a space":     {"X Bad", "v"},
		"name with a colon":     {"X-Bad:", "v"},
		"value with LF":         {"X-Ok", "v\nX-Injected: 1"},
		"value with CR":         {"X-Ok", "v\r"},
		"value with NUL":        {"X-Ok", "v\x00"},
		"one bad among several": {"Authorization", "x"},
	}
	for name, kv := range tests {
		kv := kv
		t.Run(name, func(t *testing.T) {
			client, n := setupCounting(t, nil)
			ctx := tiledbcloud.WithHeader(context.Background(), "X-Fine", "1")
			ctx = tiledbcloud.WithHeader(ctx, kv[0], kv[1])
			ctx = tiledbcloud.WithHeader(ctx, "X-Fine-Too", "2")
			_, err := client.UserApi.ConfirmEmail(ctx)
			require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assert.Contains(t, err.Error(), "ConfirmEmail")
			assert.Contains(t, err.Error(), "WithHeader")
			assert.NotContains(t, err.Error(), "\n", "the error does not echo control characters")
			assert.Zero(t, n.Load(), "nothing sent")
		})
	}
}

// TestDefaultHeaderAndWithHeaderRefuseAlike is issue 17's item 5: one rule
// refuses the same headers in DefaultHeader (for every call, and in
// Validate) and in WithHeader (for one call), with the same message naming
// its source, and nothing is sent.
func TestDefaultHeaderAndWithHeaderRefuseAlike(t *testing.T) {
	refused := [][2]string{
		{"Connection", "close"}, {"Upgrade", "websocket"}, {"te", "trailers"}, {"Keep-Alive", "timeout=5"}, {"proxy-connection", "keep-alive"},
		{"Accept", "text/html"}, {"content-type", "text/plain"}, {"User-Agent", "evil/1"},
		{"Host", "evil.test"}, {"Content-Length", "5"}, {"Transfer-Encoding", "chunked"}, {"Trailer", "X"},
		{"Accept-Encoding", "br"},
		{"Authorization", "Bearer x"}, {"x-tiledb-rest-api-key", "k"}, {"Cookie", "s=1"}, {"Proxy-Authorization", "Basic x"},
		{"", "v"}, {"X Bad", "v"}, {"X-Bad:", "v"},
		{"X-Ok", "v\nX-Injected: 1"}, {"X-Ok", "v\x00"},
	}
	for _, kv := range refused {
		kv := kv
		t.Run(fmt.Sprintf("%q", kv[0]), func(t *testing.T) {
			client, n := setupCounting(t, nil)
			cfg := client.GetConfig()
			cfg.AddDefaultHeader(kv[0], kv[1])
			validateErr := cfg.Validate()
			require.ErrorIs(t, validateErr, tiledbcloud.ErrInvalidArgument)
			_, defaultErr := tiledbcloud.NewAPIClient(cfg).UserApi.ConfirmEmail(context.Background())
			require.ErrorIs(t, defaultErr, tiledbcloud.ErrInvalidArgument)
			_, callErr := client.UserApi.ConfirmEmail(tiledbcloud.WithHeader(context.Background(), kv[0], kv[1]))
			require.ErrorIs(t, callErr, tiledbcloud.ErrInvalidArgument)
			assert.Zero(t, n.Load(), "nothing sent")

			msg := strings.TrimPrefix(validateErr.Error(), "tiledbcloud: invalid configuration: ")
			assert.True(t, strings.HasPrefix(msg, "DefaultHeader"), msg)
			assert.Equal(t, "tiledbcloud: ConfirmEmail: invalid configuration: "+msg, defaultErr.Error())
			assert.Equal(t, "tiledbcloud: ConfirmEmail: invalid argument: WithHeader"+strings.TrimPrefix(msg, "DefaultHeader"), callErr.Error())
			assert.NotContains(t, msg, "\n", "no control character is echoed")
		})
	}
}

// TestDefaultHeaderKeysDifferingInCase checks that two DefaultHeader keys
// naming one header (X-Trace and x-trace) make the configuration invalid,
// rather than leaving the key order to pick the value, and nothing is sent.
func TestDefaultHeaderKeysDifferingInCase(t *testing.T) {
	client, n := setupCounting(t, nil)
	cfg := client.GetConfig()
	cfg.AddDefaultHeader("X-Trace", "one")
	cfg.AddDefaultHeader("x-trace", "two")
	err := cfg.Validate()
	require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
	assert.Contains(t, err.Error(), "DefaultHeader sets X-Trace more than once")
	_, err = tiledbcloud.NewAPIClient(cfg).UserApi.ConfirmEmail(context.Background())
	require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
	assert.Zero(t, n.Load(), "nothing sent")

	delete(cfg.DefaultHeader, "x-trace")
	require.NoError(t, cfg.Validate(), "one key for the header is fine")
}
