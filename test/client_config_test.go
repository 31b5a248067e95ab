package test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// TestNewAPIClient_doesNotMutateConfiguration checks that NewAPIClient and
// calls leave the caller's Configuration (and its HTTP client) as they were,
// and that later changes to it do not reach the client.
func TestNewAPIClient_doesNotMutateConfiguration(t *testing.T) {
	var calls atomic.Int32
	_, srvURL := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		testAPIKeyAuth(t, r, "original-key")
		assert.Equal(t, "1", r.Header.Get("X-A"))
		assert.Empty(t, r.Header.Values("X-B"))
		assert.Equal(t, tiledbcloud.DefaultUserAgent, r.Header.Get("User-Agent"))
		writeJSON(t, w, `{"username":"jane"}`)
	}, nil)

	hc := &http.Client{}
	cfg := &tiledbcloud.Configuration{ // zero fields left for NewAPIClient to default
		BasePath:      srvURL + basePath,
		APIKey:        "original-key",
		Username:      "jane",
		Password:      "secret",
		DefaultHeader: map[string]string{"X-A": "1"},
		HTTPClient:    hc,
	}
	before := *cfg
	before.DefaultHeader = map[string]string{"X-A": "1"}
	hcBefore := *hc

	client := tiledbcloud.NewAPIClient(cfg)
	_, _, err := client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	assert.Equal(t, before, *cfg, "NewAPIClient and a call left the Configuration alone")
	assert.Same(t, hc, cfg.HTTPClient)
	assert.Equal(t, hcBefore, *hc, "the caller's http.Client is not modified (CheckRedirect, Timeout)")

	// Changes after NewAPIClient do not reach the client.
	cfg.APIKey = "changed-key"
	cfg.DefaultHeader["X-A"] = "2"
	cfg.DefaultHeader["X-B"] = "3"
	cfg.BasePath = "http://127.0.0.1:1/elsewhere"
	cfg.UserAgent = "changed/1"
	_, _, err = client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int32(2), calls.Load())
}

func TestNewAPIClient_doesNotMutateNewConfiguration(t *testing.T) {
	cfg := tiledbcloud.NewConfiguration()
	cfg.AddDefaultHeader("X-A", "1")
	before := *cfg
	before.DefaultHeader = map[string]string{"X-A": "1"}
	_ = tiledbcloud.NewAPIClient(cfg)
	assert.Equal(t, before, *cfg)
}

func TestGetConfig_returnsACopy(t *testing.T) {
	var calls atomic.Int32
	client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		assert.Equal(t, "1", r.Header.Get("X-A"))
		testAPIKeyAuth(t, r, testAPIKey)
		w.WriteHeader(http.StatusNoContent)
	}, func(c *tiledbcloud.Configuration) { c.AddDefaultHeader("X-A", "1") })

	got := client.GetConfig()
	got.DefaultHeader["X-A"] = "changed"
	got.APIKey = "changed"
	_, err := client.UserApi.ConfirmEmail(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int32(1), calls.Load())
}

func TestNewAPIClient_nilConfiguration(t *testing.T) {
	client := tiledbcloud.NewAPIClient(nil)
	require.NotNil(t, client)
	require.NotNil(t, client.UserApi)
	cfg := client.GetConfig()
	assert.Equal(t, tiledbcloud.DefaultBasePath, cfg.BasePath)
	assert.Equal(t, tiledbcloud.DefaultTimeout, cfg.Timeout)
	assert.Equal(t, tiledbcloud.DefaultMaxResponseBytes, cfg.MaxResponseBytes)
}

// TestDefaultHeader checks that default headers are sent beside the ones
// the SDK sets (which DefaultHeader may not set: see
// TestDefaultHeaderAndWithHeaderRefuseAlike).
func TestDefaultHeader(t *testing.T) {
	headers := map[string]string{
		"X-Custom":     "custom value",
		"x-lower-case": "lower",
	}
	for _, op := range []string{"GET", "POST"} {
		op := op
		t.Run(op, func(t *testing.T) {
			var calls atomic.Int32
			client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				assert.Equal(t, []string{"custom value"}, r.Header.Values("X-Custom"))
				assert.Equal(t, []string{"lower"}, r.Header.Values("X-Lower-Case"))
				assert.Equal(t, []string{"application/json"}, r.Header.Values("Accept"))
				assert.Equal(t, []string{tiledbcloud.DefaultUserAgent}, r.Header.Values("User-Agent"))
				testAPIKeyAuth(t, r, testAPIKey)
				if r.Method == http.MethodPost {
					testJSONBody(t, r, `{"name":"n"}`)
					assert.Equal(t, []string{"application/json"}, r.Header.Values("Content-Type"))
				} else {
					testNoBody(t, r)
				}
				writeJSON(t, w, tokenJSON)
			}, func(c *tiledbcloud.Configuration) {
				for k, v := range headers {
					c.AddDefaultHeader(k, v)
				}
			})
			var err error
			if op == "GET" {
				_, _, err = client.UserApi.GetSession(context.Background(), nil)
			} else {
				_, _, err = client.UserApi.RequestToken(context.Background(), &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("n")})
			}
			require.NoError(t, err)
			assert.Equal(t, int32(1), calls.Load())
		})
	}
}

// TestDefaultHeader_rejectsCredentials checks that credential headers in
// DefaultHeader are refused before anything is sent: they would bypass the
// rules for which credential a call sends, CreateUser's lack of one, and the
// cleartext check. Credentials belong in APIKey or Username and Password.
func TestDefaultHeader_rejectsCredentials(t *testing.T) {
	for _, name := range []string{"X-TILEDB-REST-API-KEY", "x-tiledb-rest-api-key", "Authorization", "Proxy-Authorization", "Cookie"} {
		name := name
		t.Run(name, func(t *testing.T) {
			client, calls := setupCounting(t, func(c *tiledbcloud.Configuration) {
				c.AddDefaultHeader(name, "default-header-secret")
			})
			for _, call := range []func() error{
				func() error { _, _, err := client.UserApi.GetUser(context.Background()); return err },
				func() error {
					_, err := client.UserApi.CreateUser(context.Background(), tiledbcloud.User{Username: "newbie"})
					return err
				},
			} {
				err := call()
				require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
				assert.Contains(t, err.Error(), "is a credential")
				assert.NotContains(t, err.Error(), "default-header-secret", "the error does not echo the value")
			}
			assert.Equal(t, int32(0), calls.Load(), "no request was sent")
		})
	}
}

func TestDefaultHeader_invalid(t *testing.T) {
	tests := []struct{ name, key, value string }{
		{"CRLF in value", "X-A", "v\r\nX-Evil: 1"},
		{"space in name", "X A", "v"},
		{"colon in name", "X:A", "v"},
		{"empty name", "", "v"},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			client, calls := setupCounting(t, func(c *tiledbcloud.Configuration) { c.AddDefaultHeader(tc.key, tc.value) })
			_, err := client.UserApi.ConfirmEmail(context.Background())
			assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
			assert.Equal(t, int32(0), calls.Load(), "no request was sent")
		})
	}
}

func TestUserAgent(t *testing.T) {
	tests := []struct {
		name, userAgent, want string
	}{
		{"empty means the default", "", tiledbcloud.DefaultUserAgent},
		{"the default", tiledbcloud.DefaultUserAgent, tiledbcloud.DefaultUserAgent},
		{"custom product is followed by the SDK's", "myapp/1.2.3", "myapp/1.2.3 " + tiledbcloud.DefaultUserAgent},
		{"custom with comment", "myapp/1.2.3 (+https://example.com)", "myapp/1.2.3 (+https://example.com) " + tiledbcloud.DefaultUserAgent},
		{"already naming the SDK is kept", "myapp/1 tiledbcloud-go/" + tiledbcloud.Version, "myapp/1 tiledbcloud-go/" + tiledbcloud.Version},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				assert.Equal(t, []string{tc.want}, r.Header.Values("User-Agent"))
				w.WriteHeader(http.StatusNoContent)
			}, func(c *tiledbcloud.Configuration) { c.UserAgent = tc.userAgent })
			_, err := client.UserApi.ConfirmEmail(context.Background())
			require.NoError(t, err)
			assert.Equal(t, int32(1), calls.Load())
		})
	}
}

func TestUserAgent_default(t *testing.T) {
	assert.Regexp(t, `^tiledbcloud-go/`+tiledbcloud.Version+` \(go[^;]*; [a-z0-9]+/[a-z0-9]+\)$`, tiledbcloud.DefaultUserAgent)
}

func TestUserAgent_invalid(t *testing.T) {
	client, calls := setupCounting(t, func(c *tiledbcloud.Configuration) { c.UserAgent = "app/1\r\nX-Evil: 1" })
	_, err := client.UserApi.ConfirmEmail(context.Background())
	assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
	assert.Equal(t, int32(0), calls.Load(), "no request was sent")
}

// TestInvalidBasePath checks that a malformed configuration fails every
// operation before sending.
func TestInvalidBasePath(t *testing.T) {
	bases := []string{"ftp://example.com/v1", "://bad", "http://", "http://user:pw@127.0.0.1/v1", "http://127.0.0.1/v1?x=1"}
	for _, base := range bases {
		base := base
		t.Run(base, func(t *testing.T) {
			cfg := tiledbcloud.NewConfiguration()
			cfg.BasePath = base
			cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
			cfg.Timeout = time.Second
			client := tiledbcloud.NewAPIClient(cfg)
			for _, op := range operations {
				resp, err := op.invoke(context.Background(), client.UserApi)
				assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument, op.name)
				assert.Nil(t, resp, op.name)
				if err != nil {
					assert.NotContains(t, err.Error(), "pw@", op.name)
				}
			}
		})
	}
}
