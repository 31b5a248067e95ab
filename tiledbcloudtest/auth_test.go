package tiledbcloudtest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// TestEveryOperationButCreateUserNeedsCredentials sends each operation with
// no, wrong and right credentials, without the SDK so that the body is the
// same every time.
func TestEveryOperationButCreateUserNeedsCredentials(t *testing.T) {
	srv := newServer(t)
	base := srv.URL()
	ops := []struct{ op, method, path string }{
		{tiledbcloudtest.OpGetUser, http.MethodGet, "/user"},
		{tiledbcloudtest.OpResetUserPassword, http.MethodPost, "/user/password_reset"},
		{tiledbcloudtest.OpConfirmEmail, http.MethodPost, "/user/confirm_email"},
		{tiledbcloudtest.OpGetUserWithUsername, http.MethodGet, "/users/alice"},
		{tiledbcloudtest.OpUpdateUser, http.MethodPatch, "/users/alice"},
		{tiledbcloudtest.OpDeleteUser, http.MethodDelete, "/users/alice"},
		{tiledbcloudtest.OpCheckAWSAccessCredentials, http.MethodGet, "/credentials/alice/aws"},
		{tiledbcloudtest.OpAddAWSAccessCredentials, http.MethodPost, "/credentials/alice/aws"},
		{tiledbcloudtest.OpCheckAWSAccessCredentialsByName, http.MethodGet, "/credentials/alice/aws/k"},
		{tiledbcloudtest.OpUpdateAWSAccessCredentials, http.MethodPatch, "/credentials/alice/aws/k"},
		{tiledbcloudtest.OpDeleteAWSAccessCredentials, http.MethodDelete, "/credentials/alice/aws/k"},
		{tiledbcloudtest.OpAddUserToOrganization, http.MethodPost, "/organizations/acme/user"},
		{tiledbcloudtest.OpGetOrganizationUser, http.MethodGet, "/organizations/acme/bob"},
		{tiledbcloudtest.OpUpdateUserInOrganization, http.MethodPatch, "/organizations/acme/bob"},
		{tiledbcloudtest.OpDeleteUserFromOrganization, http.MethodDelete, "/organizations/acme/bob"},
		{tiledbcloudtest.OpGetSession, http.MethodGet, "/session"},
		{tiledbcloudtest.OpRequestToken, http.MethodPost, "/token"},
		{tiledbcloudtest.OpTokensGet, http.MethodGet, "/tokens"},
		{tiledbcloudtest.OpTokensSessionGet, http.MethodGet, "/tokens/session"},
		{tiledbcloudtest.OpGetTokenScopes, http.MethodGet, "/tokens/scopes"},
		{tiledbcloudtest.OpRevokeToken, http.MethodDelete, "/tokens/seed"},
	}
	require.Len(t, ops, 21)
	credentials := map[string]map[string]string{
		"none":           nil,
		"unknown key":    {"X-TILEDB-REST-API-KEY": "not-a-key"},
		"wrong password": {"Authorization": basicAuth(alice, "wrong-password")},
		"unknown user":   {"Authorization": basicAuth("nobody", alicePW)},
		"empty password": {"Authorization": basicAuth(alice, "")},
	}
	for _, o := range ops {
		body := ""
		if o.method == http.MethodPost || o.method == http.MethodPatch {
			body = "{}"
		}
		for name, header := range credentials {
			r := raw(t, o.method, base+o.path, header, body)
			assert.Equal(t, http.StatusUnauthorized, r.Status, "%s with %s", o.op, name)
			assert.Equal(t, `Basic realm="TileDB Cloud"`, r.Header.Get("WWW-Authenticate"))
			errorDoc(t, r)
		}
	}
	for _, r := range srv.Requests() {
		assert.NotEmpty(t, r.Operation, "%s %s was routed", r.Method, r.Path)
		assert.Empty(t, r.Username)
	}
}

func TestAuthenticationMethods(t *testing.T) {
	srv := newServer(t)
	check := func(api *tiledbcloud.UserApiService, c context.Context, want string) {
		t.Helper()
		user, _, err := api.GetUser(c)
		require.NoError(t, err)
		assert.Equal(t, want, user.Username)
	}
	check(keyClient(srv, aliceKey).UserApi, ctx, alice)
	check(basicClient(srv, bob, bobPW).UserApi, ctx, bob)

	// An API key wins over basic auth, as in the SDK.
	both := context.WithValue(ctx, tiledbcloud.ContextBasicAuth, tiledbcloud.BasicAuth{UserName: bob, Password: bobPW})
	both = context.WithValue(both, tiledbcloud.ContextAPIKey, aliceKey)
	check(client(srv, "").UserApi, both, alice)

	// A request carrying both headers is judged by the API key.
	r := raw(t, http.MethodGet, srv.URL()+"/user", map[string]string{
		"X-TILEDB-REST-API-KEY": "not-a-key", "Authorization": basicAuth(bob, bobPW),
	}, "")
	assert.Equal(t, http.StatusUnauthorized, r.Status)

	// Usernames are exact.
	_, _, err := basicClient(srv, strings.ToUpper(alice), alicePW).UserApi.GetUser(ctx)
	requireAPIError(t, err, http.StatusUnauthorized)
	assert.ErrorIs(t, err, tiledbcloud.ErrUnauthorized)
}

func TestUsersWithoutPasswordCannotUseBasicAuth(t *testing.T) {
	srv := newServer(t, tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "keyonly", APIKey: "keyonly-key"}))
	_, _, err := basicClient(srv, "keyonly", "").UserApi.GetUser(ctx)
	requireAPIError(t, err, http.StatusUnauthorized)
	_, _, err = keyClient(srv, "keyonly-key").UserApi.GetUser(ctx)
	require.NoError(t, err)
}
