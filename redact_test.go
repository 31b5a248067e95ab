package tiledbcloud

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// White-box tests of the redaction, redirect and cleartext rules, table by
// table; test/security_test.go checks the same rules end to end.

func TestCredentialsMayFollow(t *testing.T) {
	tests := []struct {
		orig, dest    string
		allowInsecure bool
		want          bool
	}{
		{"https://api.tiledb.com/v1", "https://api.tiledb.com/v1/x", false, true},
		{"https://api.tiledb.com/v1", "https://api.tiledb.com:8443/v1", false, true},
		{"https://api.tiledb.com/v1", "https://API.TILEDB.COM/v1", false, true},
		{"https://api.tiledb.com/v1", "https://eu.api.tiledb.com/v1", false, true},
		{"https://api.tiledb.com/v1", "https://a.b.api.tiledb.com/v1", false, true},
		{"https://api.tiledb.com/v1", "https://tiledb.com/v1", false, false},
		{"https://api.tiledb.com/v1", "https://evilapi.tiledb.com/v1", false, false},
		{"https://api.tiledb.com/v1", "https://api.tiledb.com.evil.test/v1", false, false},
		{"https://api.tiledb.com/v1", "https://evil.test/v1", false, false},
		{"https://api.tiledb.com/v1", "http://api.tiledb.com/v1", false, false},
		{"https://api.tiledb.com/v1", "http://api.tiledb.com/v1", true, false},
		{"https://localhost/v1", "http://localhost/v1", true, false},
		{"https://api.tiledb.com/v1", "ftp://api.tiledb.com/v1", true, false},
		{"http://localhost:8181/v1", "http://localhost:9191/v1", false, true},
		{"http://localhost/v1", "http://sub.localhost/v1", false, false},
		{"http://localhost/v1", "http://sub.localhost/v1", true, true},
		{"http://localhost/v1", "https://localhost/v1", false, true},
		{"http://api.test/v1", "http://api.test/v2", false, false},
		{"http://api.test/v1", "http://api.test/v2", true, true},
		{"http://127.0.0.1/v1", "http://127.0.0.2/v1", false, false},
		{"http://[::1]:80/v1", "http://[::1]:81/v1", false, true},
	}
	for _, tt := range tests {
		orig, err := url.Parse(tt.orig)
		require.NoError(t, err)
		dest, err := url.Parse(tt.dest)
		require.NoError(t, err)
		assert.Equal(t, tt.want, credentialsMayFollow(orig, dest, tt.allowInsecure),
			"%s -> %s (allowInsecure %v)", tt.orig, tt.dest, tt.allowInsecure)
	}
}

func TestCheckRedirectStripsEverySecretHeader(t *testing.T) {
	orig, _ := http.NewRequest(http.MethodGet, "https://api.tiledb.test/v1/user", nil)
	req, _ := http.NewRequest(http.MethodGet, "https://evil.test/v1/user", nil)
	for _, h := range []string{"Authorization", "Proxy-Authorization", "Cookie", "X-TILEDB-REST-API-KEY", "X-Trace"} {
		req.Header.Set(h, "v")
	}
	require.NoError(t, checkRedirect(req, []*http.Request{orig}, nil, false))
	for _, h := range []string{"Authorization", "Proxy-Authorization", "Cookie", "X-TILEDB-REST-API-KEY"} {
		assert.Empty(t, req.Header.Values(h), h)
	}
	assert.Equal(t, "v", req.Header.Get("X-Trace"), "other headers follow")

	// A later hop back to the original host keeps them stripped: net/http
	// copies the headers of the first request to every hop.
	back, _ := http.NewRequest(http.MethodGet, "https://api.tiledb.test/v1/user", nil)
	back.Header.Set("X-TILEDB-REST-API-KEY", "v")
	require.NoError(t, checkRedirect(back, []*http.Request{orig, req}, nil, false))
	assert.Empty(t, back.Header.Get("X-TILEDB-REST-API-KEY"))
}

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LOCALHOST": true, "localhost.": true, "127.0.0.1": true, "127.255.255.254": true,
		"::1": true, "0:0:0:0:0:0:0:1": true, "::ffff:127.0.0.1": true,
		"": false, "localhost.evil.test": false, "evil.localhost": false, "127.0.0.1.evil.test": false,
		"0.0.0.0": false, "::": false, "10.0.0.1": false, "128.0.0.1": false, "example.test": false,
		"localhost:80": false,
	} {
		assert.Equal(t, want, isLoopbackHost(host), "%q", host)
	}
}

func TestMaskJSON(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"username":"jane","password":"p"}`, `{"password":"[REDACTED]","username":"jane"}`},
		{`{"Password":"p","TOKEN":"t","Secret_Access_Key":"k"}`,
			`{"Password":"[REDACTED]","Secret_Access_Key":"[REDACTED]","TOKEN":"[REDACTED]"}`},
		{`[{"token":"t1","name":"a"},{"token":"t2"}]`, `[{"name":"a","token":"[REDACTED]"},{"token":"[REDACTED]"}]`},
		{`{"a":{"b":[{"api_key":"k","session_token":"s","access_token":"x"}]}}`,
			`{"a":{"b":[{"access_token":"[REDACTED]","api_key":"[REDACTED]","session_token":"[REDACTED]"}]}}`},
		{`{"password":{"nested":"object"}}`, `{"password":"[REDACTED]"}`},
		{`{"password":null}`, `{"password":"[REDACTED]"}`},
		{`{"n":12345678901234567890123}`, `{"n":12345678901234567890123}`},
		{`"just a string"`, `"just a string"`},
		{`not json password=p`, `[19 bytes, not JSON]`},
		{``, `[0 bytes, not JSON]`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, maskJSON([]byte(tt.in)), tt.in)
	}

	// A body too deep for encoding/json is summarised, never echoed.
	deep := strings.Repeat(`{"password":`, 20000) + `"p"` + strings.Repeat("}", 20000)
	assert.NotContains(t, maskJSON([]byte(deep)), `"p"`)

	// Long bodies are truncated after masking.
	long := `{"password":"p","pad":"` + strings.Repeat("x", 10000) + `"}`
	out := maskJSON([]byte(long))
	assert.LessOrEqual(t, len(out), maxLoggedBody+len("...(truncated)"))
	assert.True(t, strings.HasSuffix(out, "...(truncated)"))
	assert.NotContains(t, out, `"p"`)
}

func TestRedactHeader(t *testing.T) {
	h := http.Header{
		"Authorization":         {"Basic dXNlcjpwYXNz"},
		"X-Tiledb-Rest-Api-Key": {"k1", "k2"},
		"Cookie":                {"session=s"},
		"User-Agent":            {"ua"},
	}
	out := redactHeader(h)
	assert.Equal(t, []string{redacted}, out["Authorization"])
	assert.Equal(t, []string{redacted}, out["X-Tiledb-Rest-Api-Key"])
	assert.Equal(t, []string{redacted}, out["Cookie"])
	assert.Equal(t, []string{"ua"}, out["User-Agent"])
	assert.Equal(t, "Basic dXNlcjpwYXNz", h.Get("Authorization"), "the request's own header is untouched")
}

func TestNormalizeHost(t *testing.T) {
	for in, want := range map[string]string{
		"https://api.tiledb.com":     "https://api.tiledb.com/v1",
		"https://api.tiledb.com/":    "https://api.tiledb.com/v1",
		"api.tiledb.com":             "https://api.tiledb.com/v1",
		"localhost:8181":             "https://localhost:8181/v1",
		"http://localhost:8181":      "http://localhost:8181/v1",
		"https://api.tiledb.com/v1/": "https://api.tiledb.com/v1",
		"https://gw.test/a/b":        "https://gw.test/a/b",
		"HTTPS://API.tiledb.com":     "HTTPS://API.tiledb.com/v1",
	} {
		got, err := normalizeHost(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"https://", "ftp://x", "https://u:p@x", "https://x?q", "https://x#f", "https://x?", "https://[::1"} {
		_, err := normalizeHost(in)
		assert.Error(t, err, in)
	}
}

func TestDescribeJSONErrorQuotesNothing(t *testing.T) {
	for _, doc := range []string{
		`{"password": s3cr3tvalue}`, `{"password": 123456789}`, `{"api_key": "s3cr3tvalue"}`,
		`{"verify_ssl": "s3cr3tvalue"}`, `["s3cr3tvalue"]`, `{"api_key": {"X-TILEDB-REST-API-KEY": -123456789}}`,
	} {
		var lf loginFile
		err := json.Unmarshal([]byte(doc), &lf)
		require.Error(t, err, doc)
		msg := describeJSONError(err)
		assert.NotContains(t, msg, "s3cr3t", doc)
		assert.NotContains(t, msg, "123456789", doc)
	}
}

func TestConfigurationAndBasicAuthMarshalJSONRedact(t *testing.T) {
	cfg := NewConfiguration()
	cfg.APIKey, cfg.Username, cfg.Password = "key-SECRET", "jane", "pw-SECRET"
	cfg.DefaultHeader["Authorization"] = "Bearer hdr-SECRET"
	cfg.DefaultHeader["X-Trace"] = "t1"
	out, err := json.Marshal([]any{cfg, *cfg, BasicAuth{UserName: "jane", Password: "basic-SECRET"}})
	require.NoError(t, err)
	assert.NotContains(t, string(out), "SECRET")
	assert.Contains(t, string(out), `"api_key":"[REDACTED]"`)
	assert.Contains(t, string(out), `"X-Trace":"t1"`)
	assert.Contains(t, string(out), `"user_name":"jane"`)
	assert.Contains(t, string(out), `"timeout":"1m0s"`)
}
