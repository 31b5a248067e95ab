package tiledbcloud

import (
	"net/http"
	"testing"
	"time"

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
			tr, ok := c.http.Transport.(*http.Transport)
			require.True(t, ok, "the SDK's own transport")
			assert.Equal(t, skipVerify, tr.TLSClientConfig != nil && tr.TLSClientConfig.InsecureSkipVerify, "InsecureSkipVerify")
			return tr
		}

		untimed := newClient(-1)
		tr := transport(untimed)
		assert.Zero(t, untimed.http.Timeout, "no limit on the attempt")
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
			timed := transport(c)
			assert.Equal(t, responseHeaderTimeout, timed.ResponseHeaderTimeout)
			assert.Equal(t, tlsHandshakeTimeout, timed.TLSHandshakeTimeout)
			assert.False(t, tr == timed, "a transport of its own")
		}
	}
}
