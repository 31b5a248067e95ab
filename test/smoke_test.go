package test

import (
	"context"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

func TestGetUserSmoke(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testNoBody(t, r)
		assert.Equal(t, testAPIKey, r.Header.Get("X-TILEDB-REST-API-KEY"))
		writeJSON(t, w, `{"username":"jane","name":"Jane Doe"}`)
	})
	user, resp, err := client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "jane", user.Username)
	assert.Equal(t, "Jane Doe", user.GetName())
}

func TestHTTPMockTransportSmoke(t *testing.T) {
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodGet, "https://api.example.test/v1/tokens/scopes",
		httpmock.NewStringResponder(http.StatusOK, `["*","user:read"]`))
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = "https://api.example.test/v1"
	cfg.APIKey = testAPIKey
	cfg.HTTPClient = &http.Client{Transport: mock}
	scopes, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetTokenScopes(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []tiledbcloud.TokenScope{tiledbcloud.TokenScopeAll, tiledbcloud.TokenScopeUserRead}, scopes)
}
