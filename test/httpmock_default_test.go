package test

// Tests of httpmock.Activate with clients that have no HTTPClient (issue
// 17's item 4): they send through http.DefaultTransport while httpmock has
// replaced it, whether they were made before or after, and through the
// SDK's own transport again once it is restored, with the SDK's timeout and
// redirect policy in force throughout. Activate replaces a process-wide
// variable, so these tests must not run in parallel with others.

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// realServer starts a loopback server answering every request with a user
// named "real", and returns its URL and the count of requests it got.
func realServer(t *testing.T) (string, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(t, w, `{"username":"real"}`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &n
}

// defaultTransportClient returns a client for serverURL without an
// HTTPClient: API key auth, no retries, then whatever configure changes.
func defaultTransportClient(serverURL string, configure func(*tiledbcloud.Configuration)) *tiledbcloud.APIClient {
	return newTestClient(serverURL, func(cfg *tiledbcloud.Configuration) {
		cfg.BasePath = serverURL + "/v1"
		if configure != nil {
			configure(cfg)
		}
	})
}

// activateHTTPMock activates httpmock until the test ends.
func activateHTTPMock(t *testing.T) {
	t.Helper()
	httpmock.Activate()
	t.Cleanup(httpmock.DeactivateAndReset)
}

func TestHTTPMockActivateMocksClientsWithoutHTTPClient(t *testing.T) {
	serverURL, real := realServer(t)
	rec := &recordingTransport{}
	before := defaultTransportClient(serverURL, nil)
	wrapped := defaultTransportClient(serverURL, func(cfg *tiledbcloud.Configuration) { cfg.WrapTransport = recordInto(rec, nil) })

	activateHTTPMock(t)
	after := defaultTransportClient(serverURL, nil)
	httpmock.RegisterResponder(http.MethodGet, serverURL+"/v1/user", func(r *http.Request) (*http.Response, error) {
		testAPIKeyAuth(t, r, testAPIKey)
		return jsonResponder(http.StatusOK, `{"username":"mocked"}`)(r)
	})
	clients := map[string]*tiledbcloud.APIClient{"made before Activate": before, "made after Activate": after, "with WrapTransport": wrapped}
	for name, client := range clients {
		user, _, err := client.UserApi.GetUser(context.Background())
		require.NoError(t, err, name)
		assert.Equal(t, "mocked", user.Username, name)
	}
	assert.Equal(t, len(clients), httpmock.GetTotalCallCount())
	assert.Zero(t, real.Load(), "nothing reached the server while mocked")

	httpmock.DeactivateAndReset()
	for name, client := range clients {
		user, _, err := client.UserApi.GetUser(context.Background())
		require.NoError(t, err, name)
		assert.Equal(t, "real", user.Username, name+": no longer mocked")
	}
	assert.EqualValues(t, len(clients), real.Load())
	assert.Len(t, rec.requests(), 2, "the wrapper saw the call in both states")
}

func TestHTTPMockKeepsTheSDKPolicies(t *testing.T) {
	t.Run("Timeout bounds each attempt", func(t *testing.T) {
		serverURL, real := realServer(t)
		client := defaultTransportClient(serverURL, func(cfg *tiledbcloud.Configuration) { cfg.Timeout = 5 * time.Millisecond })
		activateHTTPMock(t)
		httpmock.RegisterResponder(http.MethodGet, serverURL+"/v1/user", func(r *http.Request) (*http.Response, error) {
			select { // until the SDK gives up, bounded in case it never does
			case <-r.Context().Done():
				return nil, r.Context().Err()
			case <-time.After(10 * time.Second):
				return jsonResponder(http.StatusOK, `{"username":"late"}`)(r)
			}
		})
		_, _, err := client.UserApi.GetUser(context.Background())
		var reqErr *tiledbcloud.RequestError
		require.ErrorAs(t, err, &reqErr)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Zero(t, real.Load())
	})
	t.Run("a secret never follows a redirect to another host", func(t *testing.T) {
		serverURL, real := realServer(t)
		client := defaultTransportClient(serverURL, nil)
		activateHTTPMock(t)
		httpmock.RegisterResponder(http.MethodPatch, serverURL+"/v1/users/bob", func(r *http.Request) (*http.Response, error) {
			resp := httpmock.NewStringResponse(http.StatusTemporaryRedirect, "")
			resp.Header.Set("Location", "http://localhost:1/v1/users/bob")
			return resp, nil
		})
		httpmock.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
			t.Errorf("the redirect was followed to %s", r.URL)
			return nil, errors.New("not expected")
		})
		_, err := client.UserApi.UpdateUser(context.Background(), "bob", tiledbcloud.User{Password: tiledbcloud.Ptr("mock-secret")})
		var apiErr *tiledbcloud.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusTemporaryRedirect, apiErr.StatusCode)
		assert.Contains(t, err.Error(), "the redirect goes to another host")
		assert.Equal(t, 1, httpmock.GetTotalCallCount())
		assert.Zero(t, real.Load())
	})
}
