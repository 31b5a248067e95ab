package test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

func TestUserApiService_GetSession(t *testing.T) {
	tests := []struct {
		name    string
		opts    *tiledbcloud.GetSessionOpts
		wantURI string
	}{
		{"nil opts", nil, "/session"},
		{"remember_me false", &tiledbcloud.GetSessionOpts{RememberMe: false}, "/session"},
		{"remember_me true", &tiledbcloud.GetSessionOpts{RememberMe: true}, "/session?remember_me=true"},
		{"expires", &tiledbcloud.GetSessionOpts{Expires: time.Date(2030, 1, 2, 3, 4, 5, 600000000, time.FixedZone("", 3600))},
			"/session?expires=2030-01-02T03%3A04%3A05.6%2B01%3A00"},
		{"both, in name order", &tiledbcloud.GetSessionOpts{RememberMe: true, Expires: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)},
			"/session?expires=2030-01-02T03%3A04%3A05Z&remember_me=true"},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/session", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodGet)
				testURI(t, r, tc.wantURI)
				testHeaders(t, r)
				testAPIKeyAuth(t, r, testAPIKey)
				testNoBody(t, r)
				writeJSON(t, w, tokenJSON)
			})

			token, resp, err := client.UserApi.GetSession(context.Background(), tc.opts)
			require.NoError(t, err)
			testResponse(t, resp, http.StatusOK)
			assert.Equal(t, wantToken(), token)
		})
	}
}

func TestUserApiService_RequestToken(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testURI(t, r, "/token")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testJSONBody(t, r, `{"expires":"2018-12-31T12:13:14Z","name":"myToken","scope":"user:read-write"}`)
		writeJSON(t, w, tokenJSON)
	})

	token, resp, err := client.UserApi.RequestToken(context.Background(), &tiledbcloud.TokenRequest{
		Expires: tiledbcloud.Ptr(time.Date(2018, 12, 31, 12, 13, 14, 0, time.UTC)),
		Name:    tiledbcloud.Ptr("myToken"),
		Scope:   []tiledbcloud.TokenScope{tiledbcloud.TokenScopeUserReadWrite},
	})
	require.NoError(t, err)
	testResponse(t, resp, http.StatusOK)
	assert.Equal(t, wantToken(), token)
}

func TestUserApiService_RequestToken_bodies(t *testing.T) {
	tests := []struct {
		name string
		req  *tiledbcloud.TokenRequest
		want string // "" for no body at all
	}{
		{"nil request sends no body", nil, ""},
		{"empty request", &tiledbcloud.TokenRequest{}, `{}`},
		{"fractional and offset expiry", &tiledbcloud.TokenRequest{
			Expires: tiledbcloud.Ptr(time.Date(2030, 1, 2, 3, 4, 5, 600000000, time.FixedZone("", 2*3600))),
		}, `{"expires":"2030-01-02T03:04:05.6+02:00"}`},
		{"scope all", &tiledbcloud.TokenRequest{Scope: []tiledbcloud.TokenScope{tiledbcloud.TokenScopeAll}}, `{"scope":"*"}`},
		{"empty name is sent", &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("")}, `{"name":""}`},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodPost)
				if tc.want == "" {
					testNoBody(t, r)
					assert.Equal(t, int64(0), r.ContentLength)
				} else {
					testJSONBody(t, r, tc.want)
				}
				writeJSON(t, w, `{"token":"t","scope":"*"}`)
			})
			token, _, err := client.UserApi.RequestToken(context.Background(), tc.req)
			require.NoError(t, err)
			assert.Equal(t, &tiledbcloud.Token{Token: tiledbcloud.Ptr("t"), Scope: []tiledbcloud.TokenScope{tiledbcloud.TokenScopeAll}}, token)
		})
	}
}

func TestUserApiService_TokensGet(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/tokens", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testURI(t, r, "/tokens")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testNoBody(t, r)
		writeJSON(t, w, tokenListJSON)
	})

	tokens, resp, err := client.UserApi.TokensGet(context.Background())
	require.NoError(t, err)
	testResponse(t, resp, http.StatusOK)
	assert.Equal(t, wantTokenList(), tokens)
}

func TestUserApiService_TokensSessionGet(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/tokens/session", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testURI(t, r, "/tokens/session")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testNoBody(t, r)
		writeJSON(t, w, tokenListJSON)
	})

	tokens, resp, err := client.UserApi.TokensSessionGet(context.Background())
	require.NoError(t, err)
	testResponse(t, resp, http.StatusOK)
	assert.Equal(t, wantTokenList(), tokens)
}

func TestUserApiService_TokensGet_emptyAndNull(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []tiledbcloud.Token
	}{
		{"empty array", `[]`, []tiledbcloud.Token{}},
		{"null", `null`, nil},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/tokens", func(w http.ResponseWriter, r *http.Request) {
				writeJSON(t, w, tc.body)
			})
			tokens, _, err := client.UserApi.TokensGet(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tc.want, tokens)
		})
	}
}

func TestUserApiService_RevokeToken(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/tokens/my-token", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodDelete)
		testURI(t, r, "/tokens/my-token")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testNoBody(t, r)
		w.WriteHeader(http.StatusNoContent)
	})

	resp, err := client.UserApi.RevokeToken(context.Background(), "my-token")
	require.NoError(t, err)
	testResponse(t, resp, http.StatusNoContent)
}

// TestUserApiService_RevokeToken_tokenValue revokes by the token itself,
// which contains characters that must be escaped, and checks that the
// token never appears in the error.
func TestUserApiService_RevokeToken_tokenValue(t *testing.T) {
	const secret = "eyJhbGc+iOiJ/IUzI1NiJ9=="
	client, srvURL := setupRaw(t, func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodDelete)
		testURI(t, r, "/tokens/eyJhbGc+iOiJ%2FIUzI1NiJ9==")
		writeError(w, http.StatusNotFound, "token not found", "r-1")
	}, nil)

	_, err := client.UserApi.RevokeToken(context.Background(), secret)
	var apiErr *tiledbcloud.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, srvURL+basePath+"/tokens/[REDACTED]", apiErr.URL)
	assert.Equal(t, "tiledbcloud: DELETE /api-v1/tokens/[REDACTED]: 404 Not Found: token not found (request_id r-1)", err.Error())
	assert.NotContains(t, err.Error(), "eyJhbGc")
}

func TestUserApiService_GetTokenScopes(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/tokens/scopes", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testURI(t, r, "/tokens/scopes")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testNoBody(t, r)
		writeJSON(t, w, `["password_reset","confirm_email","*","user:read","user:read-write","user:admin",
			"array:read","array:read-write","array:admin","organization:read","organization:read-write",
			"organization:admin","group:read","group:read-write","group:admin","group:*"]`)
	})

	scopes, resp, err := client.UserApi.GetTokenScopes(context.Background())
	require.NoError(t, err)
	testResponse(t, resp, http.StatusOK)
	want := append(append([]tiledbcloud.TokenScope(nil), tiledbcloud.AllowedTokenScopeEnumValues...), "group:*")
	assert.Equal(t, want, scopes)
	for _, s := range scopes[:len(scopes)-1] {
		assert.True(t, s.IsValid(), s)
	}
	assert.False(t, scopes[len(scopes)-1].IsValid())
}

func TestUserApiService_GetTokenScopes_null(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/tokens/scopes", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(t, w, `null`)
	})
	scopes, _, err := client.UserApi.GetTokenScopes(context.Background())
	require.NoError(t, err)
	assert.Nil(t, scopes)
}
