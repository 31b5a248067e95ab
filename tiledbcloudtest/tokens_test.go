package tiledbcloudtest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

func TestRequestTokenDefaults(t *testing.T) {
	clock := newTestClock()
	srv := newServer(t, tiledbcloudtest.WithClock(clock.Now))
	api := basicClient(srv, carol, carolPW).UserApi

	tok, resp, err := api.RequestToken(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "api-token", tok.GetName())
	assert.Equal(t, []tiledbcloud.TokenScope{tiledbcloud.TokenScopeAll}, tok.Scope)
	assert.Equal(t, clock.Now(), tok.GetIssuedAt())
	assert.Equal(t, clock.Now().Add(tiledbcloudtest.DefaultTokenLifetime), tok.GetExpiresAt())
	assert.Equal(t, 30*time.Minute, tiledbcloudtest.DefaultTokenLifetime)
	assert.Len(t, tok.GetToken(), 43)

	other, _, err := api.RequestToken(ctx, &tiledbcloud.TokenRequest{})
	require.NoError(t, err)
	assert.NotEqual(t, tok.GetToken(), other.GetToken(), "token values are random")
	assert.Equal(t, "api-token-1", other.GetName())

	user, _, err := keyClient(srv, tok.GetToken()).UserApi.GetUser(ctx)
	require.NoError(t, err, "the token authenticates")
	assert.Equal(t, carol, user.Username)
}

func TestRequestTokenOptions(t *testing.T) {
	clock := newTestClock()
	srv := newServer(t, tiledbcloudtest.WithClock(clock.Now))
	api := client(srv, alice).UserApi
	expires := clock.Now().Add(72 * time.Hour)
	tok, _, err := api.RequestToken(ctx, &tiledbcloud.TokenRequest{
		Name: tiledbcloud.Ptr("ci"), Expires: &expires, Scope: []tiledbcloud.TokenScope{tiledbcloud.TokenScopeUserRead},
	})
	require.NoError(t, err)
	assert.Equal(t, "ci", tok.GetName())
	assert.Equal(t, expires, tok.GetExpiresAt())
	assert.Equal(t, []tiledbcloud.TokenScope{tiledbcloud.TokenScopeUserRead}, tok.Scope)

	for _, want := range []string{"ci-1", "ci-2"} {
		tok, _, err := api.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("ci")})
		require.NoError(t, err)
		assert.Equal(t, want, tok.GetName(), "a taken name is auto-incremented")
	}

	past := clock.Now().Add(-time.Second)
	_, _, err = api.RequestToken(ctx, &tiledbcloud.TokenRequest{Expires: &past})
	requireAPIError(t, err, http.StatusBadRequest)
	_, _, err = api.RequestToken(ctx, &tiledbcloud.TokenRequest{Scope: []tiledbcloud.TokenScope{tiledbcloud.TokenScope("everything")}})
	requireAPIError(t, err, http.StatusBadRequest)
}

func TestTokensExpire(t *testing.T) {
	clock := newTestClock()
	srv := newServer(t, tiledbcloudtest.WithClock(clock.Now))
	api := basicClient(srv, carol, carolPW).UserApi
	tok, _, err := api.RequestToken(ctx, nil)
	require.NoError(t, err)
	session, _, err := api.GetSession(ctx, nil)
	require.NoError(t, err)
	remembered, _, err := api.GetSession(ctx, &tiledbcloud.GetSessionOpts{RememberMe: true})
	require.NoError(t, err)

	clock.Advance(tiledbcloudtest.DefaultTokenLifetime - time.Second)
	_, _, err = keyClient(srv, tok.GetToken()).UserApi.GetUser(ctx)
	require.NoError(t, err, "valid until expires_at")

	clock.Advance(time.Second)
	_, _, err = keyClient(srv, tok.GetToken()).UserApi.GetUser(ctx)
	requireAPIError(t, err, http.StatusUnauthorized)
	tokens, _, err := api.TokensGet(ctx)
	require.NoError(t, err)
	assert.Empty(t, tokens, "expired tokens are not listed")

	clock.Advance(tiledbcloudtest.SessionLifetime)
	_, _, err = keyClient(srv, session.GetToken()).UserApi.GetUser(ctx)
	requireAPIError(t, err, http.StatusUnauthorized)
	_, _, err = keyClient(srv, remembered.GetToken()).UserApi.GetUser(ctx)
	require.NoError(t, err, "a remember_me session lasts 30 days")
	sessions, _, err := api.TokensSessionGet(ctx)
	require.NoError(t, err)
	require.Len(t, sessions, 1)
	assert.Equal(t, remembered.GetName(), sessions[0].GetName())
}

func TestGetSession(t *testing.T) {
	clock := newTestClock()
	srv := newServer(t, tiledbcloudtest.WithClock(clock.Now))
	api := basicClient(srv, alice, alicePW).UserApi

	s1, _, err := api.GetSession(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, "session", s1.GetName())
	assert.Equal(t, clock.Now(), s1.GetIssuedAt())
	assert.Equal(t, clock.Now().Add(tiledbcloudtest.SessionLifetime), s1.GetExpiresAt())
	assert.Equal(t, []tiledbcloud.TokenScope{tiledbcloud.TokenScopeAll}, s1.Scope)
	assert.NotEmpty(t, s1.GetToken())

	s2, _, err := api.GetSession(ctx, &tiledbcloud.GetSessionOpts{RememberMe: true})
	require.NoError(t, err)
	assert.Equal(t, clock.Now().Add(30*24*time.Hour), s2.GetExpiresAt())
	assert.Equal(t, "session-1", s2.GetName())

	user, _, err := keyClient(srv, s2.GetToken()).UserApi.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, alice, user.Username, "the session token authenticates its user")

	r := raw(t, http.MethodGet, srv.URL()+"/session?remember_me=maybe", map[string]string{"X-TILEDB-REST-API-KEY": aliceKey}, "")
	assert.Equal(t, http.StatusBadRequest, r.Status)
	errorDoc(t, r)
	r = raw(t, http.MethodGet, srv.URL()+"/session?remember_me=false", map[string]string{"X-TILEDB-REST-API-KEY": aliceKey}, "")
	assert.Equal(t, http.StatusOK, r.Status)
}

func TestTokensGetAndTokensSessionGetSplitTheTokens(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	_, _, err := api.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("a")})
	require.NoError(t, err)
	_, _, err = api.GetSession(ctx, nil)
	require.NoError(t, err)
	_, _, err = api.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("b")})
	require.NoError(t, err)
	_, _, err = client(srv, bob).UserApi.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("bobs")})
	require.NoError(t, err)

	tokens, _, err := api.TokensGet(ctx)
	require.NoError(t, err)
	var names []string
	for _, tok := range tokens {
		names = append(names, tok.GetName())
		assert.Empty(t, tok.GetToken(), "lists never show token values")
		assert.False(t, tok.GetExpiresAt().IsZero())
	}
	assert.Equal(t, []string{tiledbcloudtest.SeedTokenName, "a", "b"}, names, "oldest first, the caller's only")

	sessions, _, err := api.TokensSessionGet(ctx)
	require.NoError(t, err)
	require.Len(t, sessions, 1)
	assert.Equal(t, "session", sessions[0].GetName())
	assert.Empty(t, sessions[0].GetToken())
}

func TestRevokeToken(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	byName, _, err := api.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("by-name")})
	require.NoError(t, err)
	byValue, _, err := api.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("by-value")})
	require.NoError(t, err)
	session, _, err := api.GetSession(ctx, nil)
	require.NoError(t, err)

	_, err = api.RevokeToken(ctx, "by-name")
	require.NoError(t, err)
	_, err = api.RevokeToken(ctx, byValue.GetToken())
	require.NoError(t, err)
	_, err = api.RevokeToken(ctx, session.GetName())
	require.NoError(t, err, "sessions are revoked the same way")
	for _, tok := range []*tiledbcloud.Token{byName, byValue, session} {
		_, _, err = keyClient(srv, tok.GetToken()).UserApi.GetUser(ctx)
		requireAPIError(t, err, http.StatusUnauthorized)
	}
	_, err = api.RevokeToken(ctx, "by-name")
	requireAPIError(t, err, http.StatusNotFound)

	// Another user's token cannot be revoked, by name or by value; an admin
	// may revoke any token by value.
	bobs, _, err := client(srv, bob).UserApi.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("bobs")})
	require.NoError(t, err)
	_, err = api.RevokeToken(ctx, "bobs")
	requireAPIError(t, err, http.StatusNotFound)
	_, err = api.RevokeToken(ctx, bobs.GetToken())
	requireAPIError(t, err, http.StatusNotFound)
	_, err = client(srv, root).UserApi.RevokeToken(ctx, bobs.GetToken())
	require.NoError(t, err)
	_, _, err = keyClient(srv, bobs.GetToken()).UserApi.GetUser(ctx)
	requireAPIError(t, err, http.StatusUnauthorized)

	// Revoking the key in use ends it at once.
	_, err = api.RevokeToken(ctx, aliceKey)
	require.NoError(t, err)
	_, _, err = api.GetUser(ctx)
	requireAPIError(t, err, http.StatusUnauthorized)
}

func TestGetTokenScopes(t *testing.T) {
	srv := newServer(t)
	scopes, _, err := client(srv, alice).UserApi.GetTokenScopes(ctx)
	require.NoError(t, err)
	// Today's service's scopes, in the document's order.
	want := []tiledbcloud.TokenScope{"password_reset", "confirm_email", "*", "user:read", "user:read-write",
		"user:admin", "array:read", "array:read-write", "array:admin", "organization:read",
		"organization:read-write", "organization:admin", "group:read", "group:read-write", "group:admin"}
	assert.Equal(t, want, scopes)
}

func TestTokenScopesLimitWhatATokenMayDo(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	token := func(scope tiledbcloud.TokenScope) *tiledbcloud.UserApiService {
		tok, _, err := api.RequestToken(ctx, &tiledbcloud.TokenRequest{Scope: []tiledbcloud.TokenScope{scope}})
		require.NoError(t, err)
		return keyClient(srv, tok.GetToken()).UserApi
	}

	reset := token(tiledbcloud.TokenScopePasswordReset)
	_, _, err := reset.GetUser(ctx)
	requireAPIError(t, err, http.StatusForbidden)
	_, err = reset.ResetUserPassword(ctx, tiledbcloud.InlineObject{Password: tiledbcloud.Ptr("password-from-reset")})
	require.NoError(t, err)

	confirm := token(tiledbcloud.TokenScopeConfirmEmail)
	_, _, err = confirm.TokensGet(ctx)
	requireAPIError(t, err, http.StatusForbidden)
	_, err = confirm.ConfirmEmail(ctx)
	require.NoError(t, err)

	read := token(tiledbcloud.TokenScopeUserRead)
	_, _, err = read.GetUser(ctx)
	require.NoError(t, err)
	_, err = read.UpdateUser(ctx, alice, tiledbcloud.User{Company: tiledbcloud.Ptr("x")})
	requireAPIError(t, err, http.StatusForbidden)
	// A limited token mints only tokens of its own scope, sessions included.
	_, _, err = read.RequestToken(ctx, nil)
	requireAPIError(t, err, http.StatusForbidden)
	session, _, err := read.GetSession(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, []tiledbcloud.TokenScope{tiledbcloud.TokenScopeUserRead}, session.Scope)

	array := token(tiledbcloud.TokenScopeArrayRead)
	_, _, err = array.GetUser(ctx)
	requireAPIError(t, err, http.StatusForbidden)

	readWrite := token(tiledbcloud.TokenScopeUserReadWrite)
	_, err = readWrite.UpdateUser(ctx, alice, tiledbcloud.User{Company: tiledbcloud.Ptr("x")})
	require.NoError(t, err)
}

// TestTokenLifetimesAreExact uses the real clock: issued_at and expires_at
// must come from one reading of it.
func TestTokenLifetimesAreExact(t *testing.T) {
	srv := newServer(t)
	api := basicClient(srv, carol, carolPW).UserApi
	tok, _, err := api.RequestToken(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, tiledbcloudtest.DefaultTokenLifetime, tok.GetExpiresAt().Sub(tok.GetIssuedAt()))
	session, _, err := api.GetSession(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, tiledbcloudtest.SessionLifetime, session.GetExpiresAt().Sub(session.GetIssuedAt()))
	remembered, _, err := api.GetSession(ctx, &tiledbcloud.GetSessionOpts{RememberMe: true})
	require.NoError(t, err)
	assert.Equal(t, tiledbcloudtest.RememberMeSessionLifetime, remembered.GetExpiresAt().Sub(remembered.GetIssuedAt()))
}
