package test

import (
	"compress/gzip"
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// TestDecode_contentTypeMediaType checks that the Content-Type of a result is
// read as a media type: JSON, any +json type and text/plain with whatever
// parameters, and nothing that merely starts with "application/json".
func TestDecode_contentTypeMediaType(t *testing.T) {
	accepted := []string{
		"application/json;charset=UTF-8",
		"Application/Json ; charset=\"utf-8\"",
		"application/json; charset",
		"application/problem+json; charset=utf-8",
		"application/vnd.api+json",
		"text/plain",
		"",
	}
	for _, ct := range accepted {
		ct := ct
		t.Run("accepted "+ct, func(t *testing.T) {
			user, _, err := serveBody(t, http.StatusOK, ct, userJSON).UserApi.GetUser(context.Background())
			require.NoError(t, err)
			assert.Equal(t, wantUser(), user)
		})
	}
	rejected := []string{
		"application/jsonp",
		"application/json-seq",
		"application/jsonx",
		"application/json+xml",
		"application/x-ndjson",
		"application/json, text/html",
		"+json",
		"json",
		"text/html; charset=utf-8",
	}
	for _, ct := range rejected {
		ct := ct
		t.Run("rejected "+ct, func(t *testing.T) {
			user, _, err := serveBody(t, http.StatusOK, ct, userJSON).UserApi.GetUser(context.Background())
			assert.Nil(t, user)
			testDecodeError(t, err, "GetUser", false)
			assert.Contains(t, err.Error(), "unexpected Content-Type "+ct)
		})
	}
}

// TestDefaultHeader_acceptEncodingReserved checks that Accept-Encoding in
// DefaultHeader is rejected before anything is sent: setting it turns off
// net/http's transparent gzip decompression, so every compressed response
// would fail to decode.
func TestDefaultHeader_acceptEncodingReserved(t *testing.T) {
	for _, name := range []string{"Accept-Encoding", "accept-encoding"} {
		for _, value := range []string{"gzip", "identity"} {
			name, value := name, value
			t.Run(name+": "+value, func(t *testing.T) {
				client, n := setupCounting(t, func(c *tiledbcloud.Configuration) { c.AddDefaultHeader(name, value) })
				_, _, err := client.UserApi.GetUser(context.Background())
				require.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
				assert.Contains(t, err.Error(), "DefaultHeader sets Accept-Encoding, which net/http sets")
				assert.Zero(t, n.Load(), "nothing is sent")
			})
		}
	}

	t.Run("gzip responses are decompressed without it", func(t *testing.T) {
		client, _ := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
			if !assert.Contains(t, r.Header.Get("Accept-Encoding"), "gzip", "net/http asks for gzip") {
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Encoding", "gzip")
			gz := gzip.NewWriter(w)
			_, _ = gz.Write([]byte(userJSON))
			_ = gz.Close()
		}, func(c *tiledbcloud.Configuration) { c.AddDefaultHeader("X-Trace", "t1") })
		user, _, err := client.UserApi.GetUser(context.Background())
		require.NoError(t, err)
		assert.Equal(t, wantUser(), user)
	})
}
