package tiledbcloudtest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

func TestCreateUserValidatesUsernameAndPassword(t *testing.T) {
	srv := newServer(t)
	tests := []struct {
		username, password string
		ok                 bool
	}{
		{"a", "12345678", true},
		{strings.Repeat("x", 63), "12345678", true},
		{"Dotted.name-with_all", "12345678", true},
		{"digits123", "ünïcödé!", true}, // 8 characters, more bytes
		{strings.Repeat("x", 64), "12345678", false},
		{"has space", "12345678", false},
		{"has/slash", "12345678", false},
		{"ünïcode", "12345678", false},
		{"at@sign", "12345678", false},
		{"short", "1234567", false},
		{"short2", "", false},
	}
	anon := client(srv, "").UserApi
	for _, tt := range tests {
		user := tiledbcloud.User{Username: tt.username}
		if tt.password != "" {
			user.Password = tiledbcloud.Ptr(tt.password)
		}
		_, err := anon.CreateUser(ctx, user)
		if tt.ok {
			assert.NoError(t, err, "%q", tt.username)
			continue
		}
		apiErr := requireAPIError(t, err, http.StatusBadRequest)
		assert.ErrorIs(t, err, tiledbcloud.ErrBadRequest)
		assert.NotEmpty(t, apiErr.Model.GetMessage())
	}

	// An empty username never leaves the SDK; the server rejects it too.
	r := raw(t, http.MethodPost, srv.URL()+"/user", nil, `{"username":"","password":"12345678"}`)
	assert.Equal(t, http.StatusBadRequest, r.Status)
	assert.Contains(t, errorDoc(t, r)["message"], "username")

	for _, body := range []string{`{"username":"n1","password":"12345678","name":""}`, `{"username":"n2","password":"12345678","email":"nope"}`,
		`{"username":"n3","password":"12345678","allowed_actions":["fly"]}`} {
		r := raw(t, http.MethodPost, srv.URL()+"/user", nil, body)
		assert.Equal(t, http.StatusBadRequest, r.Status, body)
	}
}

func TestCreateUserRejectsDuplicates(t *testing.T) {
	srv := newServer(t)
	anon := client(srv, "").UserApi
	for _, name := range []string{alice, acme} {
		_, err := anon.CreateUser(ctx, tiledbcloud.User{Username: name, Password: tiledbcloud.Ptr("12345678")})
		requireAPIError(t, err, http.StatusConflict)
		assert.ErrorIs(t, err, tiledbcloud.ErrConflict)
	}
}

func TestCreateUserNeedsNoCredentialsAndIgnoresReadOnlyFields(t *testing.T) {
	srv := newServer(t)
	// The SDK never sends read-only fields; another client might.
	r := raw(t, http.MethodPost, srv.URL()+"/user", nil, `{"username":"dave","password":"dave-password",`+
		`"email":"dave@example.com","is_valid_email":true,"id":"chosen","stripe_connect":true,`+
		`"organizations":[{"organization_name":"acme","role":"owner"}],"last_activity_date":"2020-01-01T00:00:00Z"}`)
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	assert.Empty(t, r.Body)

	user, _, err := basicClient(srv, "dave", "dave-password").UserApi.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, "dave", user.Username)
	assert.NotEqual(t, "chosen", user.GetID())
	assert.False(t, user.GetIsValidEmail())
	assert.False(t, user.GetStripeConnect())
	assert.Empty(t, user.Organizations)
	assert.Nil(t, user.LastActivityDate, "today's service sends no last_activity_date")
}

func TestGetUserReturnsTheCaller(t *testing.T) {
	clock := newTestClock()
	srv := newServer(t, tiledbcloudtest.WithClock(clock.Now))
	user, _, err := client(srv, alice).UserApi.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, alice, user.Username)
	assert.Equal(t, "Alice", user.GetName())
	assert.Equal(t, "alice@example.com", user.GetEmail())
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, user.GetID())
	assert.False(t, user.GetIsValidEmail())
	assert.Empty(t, user.GetPassword())
	assert.NotEmpty(t, user.AllowedActions)
	require.Len(t, user.Organizations, 1)
	org := user.Organizations[0]
	assert.Equal(t, acme, org.GetOrganizationName())
	assert.Equal(t, alice, org.GetUsername())
	assert.Equal(t, user.GetID(), org.GetUserID())
	assert.Equal(t, tiledbcloud.OrganizationRolesOwner, org.GetRole())
	assert.Nil(t, user.LastActivityDate)

	// Today's service dropped last_activity_date: not even a login (basic
	// auth) brings it back.
	clock.Advance(time.Hour)
	r := raw(t, http.MethodGet, srv.URL()+"/user", map[string]string{"Authorization": basicAuth(alice, alicePW)}, "")
	require.Equal(t, http.StatusOK, r.Status)
	assert.NotContains(t, string(r.Body), "last_activity_date")

	// The password is never in the response.
	r = raw(t, http.MethodGet, srv.URL()+"/user", map[string]string{"X-TILEDB-REST-API-KEY": aliceKey}, "")
	require.Equal(t, http.StatusOK, r.Status)
	assert.NotContains(t, string(r.Body), "password")
	assert.NotContains(t, string(r.Body), alicePW)
}

func TestGetUserWithUsername(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	me, _, err := api.GetUser(ctx)
	require.NoError(t, err)

	byName, _, err := api.GetUserWithUsername(ctx, alice)
	require.NoError(t, err)
	assert.Equal(t, me, byName)
	byID, _, err := api.GetUserWithUsername(ctx, me.GetID())
	require.NoError(t, err)
	assert.Equal(t, me, byID, "the path takes a username or an id")

	_, _, err = api.GetUserWithUsername(ctx, "nobody")
	requireAPIError(t, err, http.StatusNotFound)
	assert.ErrorIs(t, err, tiledbcloud.ErrNotFound)

	_, _, err = api.GetUserWithUsername(ctx, bob)
	requireAPIError(t, err, http.StatusForbidden)
	assert.ErrorIs(t, err, tiledbcloud.ErrForbidden)

	other, _, err := client(srv, root).UserApi.GetUserWithUsername(ctx, bob)
	require.NoError(t, err, "an admin may read any user")
	assert.Equal(t, bob, other.Username)
}

func TestUpdateUserChangesOnlyTheFieldsSent(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	_, err := api.ConfirmEmail(ctx)
	require.NoError(t, err)

	_, err = api.UpdateUser(ctx, alice, tiledbcloud.User{Company: tiledbcloud.Ptr("TileDB"), Timezone: tiledbcloud.Ptr("Europe/Athens")})
	require.NoError(t, err)
	user, _, err := api.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, "TileDB", user.GetCompany())
	assert.Equal(t, "Europe/Athens", user.GetTimezone())
	assert.Equal(t, "Alice", user.GetName(), "unchanged")
	assert.Equal(t, "alice@example.com", user.GetEmail(), "unchanged")
	assert.True(t, user.GetIsValidEmail(), "unchanged")

	// Read-only fields in the body are ignored.
	r := raw(t, http.MethodPatch, srv.URL()+"/users/alice", map[string]string{"X-TILEDB-REST-API-KEY": aliceKey},
		`{"username":"alice","id":"x","is_valid_email":false,"unpaid_subscription":true,"enabled_features":["beta"],"name":"Alice A."}`)
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	user, _, err = api.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, "Alice A.", user.GetName())
	assert.True(t, user.GetIsValidEmail())
	assert.False(t, user.GetUnpaidSubscription())
	assert.Empty(t, user.EnabledFeatures)
	assert.NotEqual(t, "x", user.GetID())

	// A new email must be confirmed again.
	_, err = api.UpdateUser(ctx, alice, tiledbcloud.User{Email: tiledbcloud.Ptr("alice@example.org")})
	require.NoError(t, err)
	user, _, err = api.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, "alice@example.org", user.GetEmail())
	assert.False(t, user.GetIsValidEmail())
	assert.Equal(t, "TileDB", user.GetCompany())

	_, err = api.UpdateUser(ctx, alice, tiledbcloud.User{Name: tiledbcloud.Ptr("")})
	requireAPIError(t, err, http.StatusBadRequest)
	_, err = api.UpdateUser(ctx, alice, tiledbcloud.User{AllowedActions: []tiledbcloud.NamespaceActions{"fly"}})
	requireAPIError(t, err, http.StatusBadRequest)
}

func TestUpdateUserPasswordAndRename(t *testing.T) {
	srv := newServer(t)
	api := basicClient(srv, carol, carolPW).UserApi
	_, err := api.UpdateUser(ctx, carol, tiledbcloud.User{Password: tiledbcloud.Ptr("short")})
	requireAPIError(t, err, http.StatusBadRequest)
	_, err = api.UpdateUser(ctx, carol, tiledbcloud.User{Password: tiledbcloud.Ptr("new-carol-password")})
	require.NoError(t, err)
	_, _, err = api.GetUser(ctx)
	requireAPIError(t, err, http.StatusUnauthorized)

	api = basicClient(srv, carol, "new-carol-password").UserApi
	_, err = api.UpdateUser(ctx, carol, tiledbcloud.User{Username: bob})
	requireAPIError(t, err, http.StatusConflict)
	_, err = api.UpdateUser(ctx, carol, tiledbcloud.User{Username: "bad name"})
	requireAPIError(t, err, http.StatusBadRequest)
	_, err = api.UpdateUser(ctx, carol, tiledbcloud.User{Username: "caroline"})
	require.NoError(t, err)

	user, _, err := basicClient(srv, "caroline", "new-carol-password").UserApi.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, "caroline", user.Username)
	_, _, err = client(srv, root).UserApi.GetUserWithUsername(ctx, carol)
	requireAPIError(t, err, http.StatusNotFound)
}

func TestUpdateUserPermissions(t *testing.T) {
	srv := newServer(t)
	_, err := client(srv, alice).UserApi.UpdateUser(ctx, bob, tiledbcloud.User{Company: tiledbcloud.Ptr("x")})
	requireAPIError(t, err, http.StatusForbidden)
	_, err = client(srv, alice).UserApi.UpdateUser(ctx, "nobody", tiledbcloud.User{Company: tiledbcloud.Ptr("x")})
	requireAPIError(t, err, http.StatusNotFound)
	_, err = client(srv, root).UserApi.UpdateUser(ctx, bob, tiledbcloud.User{Company: tiledbcloud.Ptr("x")})
	require.NoError(t, err, "an admin may update any user")
	user, _, err := client(srv, bob).UserApi.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, "x", user.GetCompany())
}

func TestDeleteUser(t *testing.T) {
	srv := newServer(t, tiledbcloudtest.WithAWSCredentials(alice, tiledbcloudtest.AWSCredentialsSeed{
		Name: "k", AccessKeyID: "a", SecretAccessKey: "s",
	}))
	_, err := client(srv, bob).UserApi.DeleteUser(ctx, alice)
	requireAPIError(t, err, http.StatusForbidden)
	_, err = client(srv, bob).UserApi.DeleteUser(ctx, "nobody")
	requireAPIError(t, err, http.StatusNotFound)

	// Give acme a second owner, so that alice's membership is not its last.
	_, err = client(srv, alice).UserApi.AddUserToOrganization(ctx, acme, tiledbcloud.OrganizationUser{
		Username: tiledbcloud.Ptr(carol), Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesOwner)})
	require.NoError(t, err)

	_, err = client(srv, alice).UserApi.DeleteUser(ctx, alice)
	require.NoError(t, err, "users may delete themselves")

	root := client(srv, root).UserApi
	_, _, err = root.GetUserWithUsername(ctx, alice)
	requireAPIError(t, err, http.StatusNotFound)
	_, _, err = keyClient(srv, aliceKey).UserApi.GetUser(ctx)
	requireAPIError(t, err, http.StatusUnauthorized)
	_, _, err = basicClient(srv, alice, alicePW).UserApi.GetUser(ctx)
	requireAPIError(t, err, http.StatusUnauthorized)
	_, _, err = root.GetOrganizationUser(ctx, acme, alice)
	requireAPIError(t, err, http.StatusNotFound)

	// The name is free again, with a fresh namespace.
	_, err = client(srv, "").UserApi.CreateUser(ctx, tiledbcloud.User{Username: alice, Password: tiledbcloud.Ptr("another-password")})
	require.NoError(t, err)
	creds, _, err := basicClient(srv, alice, "another-password").UserApi.CheckAWSAccessCredentials(ctx, alice)
	require.NoError(t, err)
	assert.Empty(t, creds)

	_, err = root.DeleteUser(ctx, bob)
	require.NoError(t, err, "an admin may delete any user")
}

func TestConfirmEmail(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	_, err := api.ConfirmEmail(ctx)
	require.NoError(t, err)
	user, _, err := api.GetUser(ctx)
	require.NoError(t, err)
	assert.True(t, user.GetIsValidEmail())

	_, err = client(srv, carol).UserApi.ConfirmEmail(ctx)
	requireAPIError(t, err, http.StatusBadRequest)
}

func TestResetUserPassword(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	_, err := api.ResetUserPassword(ctx, tiledbcloud.InlineObject{Password: tiledbcloud.Ptr("1234567")})
	requireAPIError(t, err, http.StatusBadRequest)
	_, err = api.ResetUserPassword(ctx, tiledbcloud.InlineObject{})
	requireAPIError(t, err, http.StatusBadRequest)

	_, err = api.ResetUserPassword(ctx, tiledbcloud.InlineObject{Password: tiledbcloud.Ptr("brand-new-password")})
	require.NoError(t, err)
	_, _, err = basicClient(srv, alice, alicePW).UserApi.GetSession(ctx, nil)
	requireAPIError(t, err, http.StatusUnauthorized)
	tok, _, err := basicClient(srv, alice, "brand-new-password").UserApi.GetSession(ctx, nil)
	require.NoError(t, err)
	assert.NotEmpty(t, tok.GetToken())
}

func TestResetUserPasswordOfADeletedUserIsNotFound(t *testing.T) {
	srv := newServer(t)
	reset, _, err := client(srv, carol).UserApi.RequestToken(ctx, &tiledbcloud.TokenRequest{Scope: []tiledbcloud.TokenScope{tiledbcloud.TokenScopePasswordReset}})
	require.NoError(t, err)
	_, err = client(srv, root).UserApi.DeleteUser(ctx, carol)
	require.NoError(t, err)

	api := keyClient(srv, reset.GetToken()).UserApi
	_, err = api.ResetUserPassword(ctx, tiledbcloud.InlineObject{Password: tiledbcloud.Ptr("whatever-password")})
	requireAPIError(t, err, http.StatusNotFound)
	_, _, err = api.GetUser(ctx)
	requireAPIError(t, err, http.StatusUnauthorized)
}

func TestUserJSONHasReadOnlyFields(t *testing.T) {
	srv := newServer(t)
	r := raw(t, http.MethodGet, srv.URL()+"/user", map[string]string{"X-TILEDB-REST-API-KEY": aliceKey}, "")
	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(r.Body, &doc))
	for _, k := range []string{"id", "username", "is_valid_email", "stripe_connect", "unpaid_subscription", "organizations", "allowed_actions"} {
		assert.Contains(t, doc, k)
	}
}
