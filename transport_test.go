package tiledbcloud

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTimeoutNegativeMeansNoSDKLimit checks the transport behind each
// Timeout: a negative one leaves the context as the only limit, with no
// response-header or TLS-handshake timeout either; otherwise the SDK's
// timeouts apply. Clients with the same settings share one transport.
func TestTimeoutNegativeMeansNoSDKLimit(t *testing.T) {
	for _, skipVerify := range []bool{false, true} {
		newClient := func(timeout time.Duration) *APIClient {
			cfg := NewConfiguration()
			cfg.Timeout = timeout
			cfg.InsecureSkipVerify = skipVerify
			c := NewAPIClient(cfg)
			require.NoError(t, c.initErr)
			return c
		}
		transport := func(c *APIClient) *http.Transport {
			_, ok := c.http.Transport.(sdkTransport)
			require.True(t, ok, "the SDK's own transport, behind sdkTransport")
			require.NotNil(t, c.direct, "and sent through directly")
			tr, ok := c.direct.Transport.(*http.Transport)
			require.True(t, ok, "the SDK's shared transport")
			assert.Equal(t, skipVerify, tr.TLSClientConfig != nil && tr.TLSClientConfig.InsecureSkipVerify, "InsecureSkipVerify")
			return tr
		}

		untimed := newClient(-1)
		tr := transport(untimed)
		assert.Zero(t, untimed.http.Timeout, "no limit on the attempt")
		assert.Zero(t, untimed.direct.Timeout)
		assert.Zero(t, tr.ResponseHeaderTimeout, "no response-header timeout")
		assert.Zero(t, tr.TLSHandshakeTimeout, "no TLS-handshake timeout")
		assert.Same(t, tr, transport(newClient(-time.Second)), "one shared transport")

		for _, timeout := range []time.Duration{0, 5 * time.Second} {
			c := newClient(timeout)
			want := timeout
			if want == 0 {
				want = DefaultTimeout
			}
			assert.Equal(t, want, c.http.Timeout)
			assert.Equal(t, want, c.direct.Timeout)
			timed := transport(c)
			assert.Equal(t, responseHeaderTimeout, timed.ResponseHeaderTimeout)
			assert.Equal(t, tlsHandshakeTimeout, timed.TLSHandshakeTimeout)
			assert.False(t, tr == timed, "a transport of its own")
		}
	}
}

func TestRedirectRefusal(t *testing.T) {
	const (
		refuseMethod = "net/http would resend"
		refuseSecret = "carries a secret"
		refuseScheme = "not an http or https URL"
	)
	tests := []struct {
		orig, method string
		secret       bool
		status       int
		dest         string
		allowInsec   bool
		want         string // a fragment of the reason; "" when followed
	}{
		{"https://api.test/v1", http.MethodGet, false, http.StatusFound, "https://evil.test/v1", false, ""},
		{"https://api.test/v1", http.MethodGet, false, http.StatusMovedPermanently, "http://api.test/v1", false, ""},
		{"https://api.test/v1", http.MethodGet, true, http.StatusSeeOther, "https://eu.api.test/v1", false, ""},
		{"https://api.test/v1", http.MethodGet, true, http.StatusSeeOther, "https://evil.test/v1", false, refuseSecret},
		{"https://api.test/v1", http.MethodHead, false, http.StatusFound, "https://api.test/v2", false, ""},
		{"https://api.test/v1", http.MethodPost, false, http.StatusMovedPermanently, "https://api.test/v2", false, refuseMethod},
		{"https://api.test/v1", http.MethodPatch, false, http.StatusFound, "https://api.test/v2", false, refuseMethod},
		{"https://api.test/v1", http.MethodDelete, false, http.StatusSeeOther, "https://api.test/v2", false, refuseMethod},
		{"https://api.test/v1", http.MethodDelete, false, http.StatusTemporaryRedirect, "https://evil.test/v2", false, ""},
		{"https://api.test/v1", http.MethodPost, false, http.StatusPermanentRedirect, "https://evil.test/v2", false, ""},
		{"https://api.test/v1", http.MethodPost, true, http.StatusTemporaryRedirect, "https://api.test:8443/v2", false, ""},
		{"https://api.test/v1", http.MethodPost, true, http.StatusTemporaryRedirect, "https://a.b.api.test/v2", false, ""},
		{"https://api.test/v1", http.MethodPost, true, http.StatusTemporaryRedirect, "https://evilapi.test/v2", false, "another host"},
		{"https://api.test/v1", http.MethodPost, true, http.StatusTemporaryRedirect, "https://[::1%25.api.test]/v2", false, "another host"},
		{"https://api.test/v1", http.MethodPost, true, http.StatusTemporaryRedirect, "https://[fe80::1%25eu.api.test]:8443/v2", false, "another host"},
		{"https://127.0.0.1/v1", http.MethodPost, true, http.StatusTemporaryRedirect, "https://x.127.0.0.1/v2", false, "another host"},
		{"https://[::1]/v1", http.MethodPost, true, http.StatusTemporaryRedirect, "https://[::1]:8443/v2", false, ""},
		{"https://api.test/v1", http.MethodPost, true, http.StatusTemporaryRedirect, "https://EU.Api.TEST/v2", false, ""},
		{"https://api.test/v1", http.MethodPost, true, http.StatusTemporaryRedirect, "https://api.test./v2", false, "another host"},
		{"https://api.test/v1", http.MethodPost, true, http.StatusTemporaryRedirect, "https://xn--bcher-kva.api.test/v2", false, ""},
		{"https://api.test/v1", http.MethodPost, true, http.StatusTemporaryRedirect, "https://ap%C4%B0.test/v2", false, "another host"},
		{"https://api.test/v1", http.MethodPost, true, http.StatusTemporaryRedirect, "https://api.test:x@evil.test/v2", false, "another host"},
		{"https://api.test/v1", http.MethodPatch, true, http.StatusPermanentRedirect, "http://api.test/v2", true, "from https to http"},
		{"http://api.test/v1", http.MethodPatch, true, http.StatusPermanentRedirect, "http://api.test/v2", false, "plain http"},
		{"http://api.test/v1", http.MethodPatch, true, http.StatusPermanentRedirect, "http://api.test/v2", true, ""},
		{"http://localhost/v1", http.MethodDelete, true, http.StatusTemporaryRedirect, "http://localhost:81/v2", false, ""},
		{"http://localhost/v1", http.MethodGet, false, http.StatusFound, "ftp://localhost/v2", false, refuseScheme},
		{"http://localhost/v1", http.MethodGet, false, 0, "file:///etc/passwd", false, refuseScheme},
	}
	for _, tt := range tests {
		orig, err := url.Parse(tt.orig)
		require.NoError(t, err)
		dest, err := url.Parse(tt.dest)
		require.NoError(t, err)
		got := redirectRefusal(orig, tt.method, tt.secret, tt.status, dest, tt.allowInsec)
		name := fmt.Sprintf("%d %s %s -> %s (secret %v, allowInsecure %v)", tt.status, tt.method, tt.orig, tt.dest, tt.secret, tt.allowInsec)
		if tt.want == "" {
			assert.Empty(t, got, name)
		} else {
			assert.Contains(t, got, tt.want, name)
		}
	}
}

func TestRedirectNoteBoundsTheTarget(t *testing.T) {
	c := NewAPIClient(&Configuration{BasePath: "https://api.test/v1"})
	require.NoError(t, c.initErr)
	long := "https://evil.test/" + strings.Repeat("é", 4096)
	resp := &http.Response{StatusCode: http.StatusTemporaryRedirect, Header: http.Header{"Location": {long}}}
	note := c.redirectNote(resp, &call{op: opUpdateUser})
	assert.LessOrEqual(t, len(note), maxRedirectTarget+200)
	assert.True(t, utf8.ValidString(note))
	assert.Contains(t, note, "redirect to https://evil.test/")
	assert.Contains(t, note, "carries a secret")

	resp.Header.Set("Location", "https://evil.test/v1/tokens/tok-secret-1?sig=abc")
	note = c.redirectNote(resp, &call{op: opRevokeToken})
	assert.Contains(t, note, "redirect to https://evil.test not followed")
	assert.NotContains(t, note, "tok-secret-1")
	assert.NotContains(t, note, "sig=abc")

	resp.Header.Del("Location")
	assert.Empty(t, c.redirectNote(resp, &call{op: opUpdateUser}), "no Location, no note")
}
