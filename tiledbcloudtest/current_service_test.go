package tiledbcloudtest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// The tests of this file check what today's service (2.17.51) added to the
// user operations. The first ones send and read JSON by hand, so that they
// hold whatever the SDK's codec does; the TestSDK ones go through the SDK.

// withKey is the header of a request authenticated with an API key.
func withKey(key string) map[string]string { return map[string]string{"X-TILEDB-REST-API-KEY": key} }

// getJSON sends a GET with key and decodes the 200 response's object.
func getJSON(t *testing.T, url, key string) map[string]any {
	t.Helper()
	r := raw(t, http.MethodGet, url, withKey(key), "")
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	var doc map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &doc), string(r.Body))
	return doc
}

// patchUser sends PATCH /users/alice with body as alice and requires 204.
func patchUser(t *testing.T, srv *tiledbcloudtest.Server, body string) {
	t.Helper()
	r := raw(t, http.MethodPatch, srv.URL()+"/users/"+alice, withKey(aliceKey), body)
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
}

// jsonOf decodes a JSON literal, for comparing documents.
func jsonOf(t *testing.T, s string) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(s), &v), s)
	return v
}

func TestUserDefaultRegion(t *testing.T) {
	srv := newServer(t)
	assert.NotContains(t, getJSON(t, srv.URL()+"/user", aliceKey), "default_region", "unset until set")

	patchUser(t, srv, `{"username":"alice","default_region":"us-east-1"}`)
	assert.Equal(t, "us-east-1", getJSON(t, srv.URL()+"/user", aliceKey)["default_region"])

	patchUser(t, srv, `{"username":"alice","company":"TileDB"}`)
	assert.Equal(t, "us-east-1", getJSON(t, srv.URL()+"/user", aliceKey)["default_region"], "left out: unchanged")

	r := raw(t, http.MethodPost, srv.URL()+"/user", nil,
		`{"username":"dave","password":"dave-password","default_region":"eu-west-2"}`)
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	r = raw(t, http.MethodGet, srv.URL()+"/users/dave", withKey(adminKey(t, srv)), "")
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Contains(t, string(r.Body), `"default_region":"eu-west-2"`, "CreateUser stores it")
}

// adminKey returns a new API key of root, the admin.
func adminKey(t *testing.T, srv *tiledbcloudtest.Server) string {
	t.Helper()
	tok, _, err := basicClient(srv, root, rootPW).UserApi.RequestToken(ctx, nil)
	require.NoError(t, err)
	return tok.GetToken()
}

func TestUserAssetLocationsUpdateField(t *testing.T) {
	srv := newServer(t)
	me := srv.URL() + "/user"
	assert.NotContains(t, getJSON(t, me, aliceKey), "asset_locations", "unset until set")

	patchUser(t, srv, `{"username":"alice","asset_locations":{`+
		`"arrays":{"path":"s3://arrays/","credentials_name":"main"},"notebooks":{"path":"s3://notebooks/"}}}`)
	want := `{"arrays":{"path":"s3://arrays/","credentials_name":"main"},"notebooks":{"path":"s3://notebooks/"}}`
	assert.Equal(t, jsonOf(t, want), getJSON(t, me, aliceKey)["asset_locations"], "returned as stored")

	// Null or absent leaves a value unchanged, at every level.
	for _, body := range []string{
		`{"username":"alice","name":"Alice A."}`,
		`{"username":"alice","asset_locations":null}`,
		`{"username":"alice","asset_locations":{}}`,
		`{"username":"alice","asset_locations":{"arrays":null}}`,
		`{"username":"alice","asset_locations":{"arrays":{"path":null,"credentials_name":null}}}`,
		`{"username":"alice","asset_locations":{"arrays":{}}}`,
	} {
		patchUser(t, srv, body)
		assert.Equal(t, jsonOf(t, want), getJSON(t, me, aliceKey)["asset_locations"], "after %s", body)
	}

	// A value replaces, and "" clears, one field at a time.
	patchUser(t, srv, `{"username":"alice","asset_locations":{"arrays":{"credentials_name":""},"udfs":{"credentials_name":"udf-keys"}}}`)
	want = `{"arrays":{"path":"s3://arrays/"},"notebooks":{"path":"s3://notebooks/"},"udfs":{"credentials_name":"udf-keys"}}`
	assert.Equal(t, jsonOf(t, want), getJSON(t, me, aliceKey)["asset_locations"])

	patchUser(t, srv, `{"username":"alice","asset_locations":{"notebooks":{"path":"s3://elsewhere/"},"ml_models":{"path":"s3://models/"}}}`)
	want = `{"arrays":{"path":"s3://arrays/"},"notebooks":{"path":"s3://elsewhere/"},"udfs":{"credentials_name":"udf-keys"},` +
		`"ml_models":{"path":"s3://models/"}}`
	assert.Equal(t, jsonOf(t, want), getJSON(t, me, aliceKey)["asset_locations"])

	// A kind with nothing left is gone, and so are locations with no kind left.
	patchUser(t, srv, `{"username":"alice","asset_locations":{"arrays":{"path":""},"udfs":{"credentials_name":""}}}`)
	want = `{"notebooks":{"path":"s3://elsewhere/"},"ml_models":{"path":"s3://models/"}}`
	assert.Equal(t, jsonOf(t, want), getJSON(t, me, aliceKey)["asset_locations"])
	patchUser(t, srv, `{"username":"alice","asset_locations":{"notebooks":{"path":""},"ml_models":{"path":"","credentials_name":""}}}`)
	assert.NotContains(t, getJSON(t, me, aliceKey), "asset_locations")
}

func TestUserAssetLocationsRejectsWrongShapes(t *testing.T) {
	srv := newServer(t)
	for _, body := range []string{
		`{"username":"alice","asset_locations":[]}`,
		`{"username":"alice","asset_locations":{"arrays":"s3://arrays/"}}`,
		`{"username":"alice","asset_locations":{"arrays":{"path":7}}}`,
	} {
		r := raw(t, http.MethodPatch, srv.URL()+"/users/"+alice, withKey(aliceKey), body)
		assert.Equal(t, http.StatusBadRequest, r.Status, body)
		errorDoc(t, r)
	}
	assert.NotContains(t, getJSON(t, srv.URL()+"/user", aliceKey), "asset_locations", "nothing was stored")
}

func TestOrganizationUserNameAndEmail(t *testing.T) {
	srv := newServer(t)
	member := srv.URL() + "/organizations/" + acme + "/" + alice

	// alice owns acme: her membership shows her name and email.
	doc := getJSON(t, member, aliceKey)
	assert.Equal(t, "Alice", doc["user_full_name"])
	assert.Equal(t, "alice@example.com", doc["user_email"])

	// bob is a read_only member: not an admin, so no contact details.
	bobKey := userKey(t, srv, bob, bobPW)
	doc = getJSON(t, member, bobKey)
	assert.NotContains(t, doc, "user_email")
	assert.NotContains(t, doc, "user_full_name")
	assert.Equal(t, alice, doc["username"], "the rest is there")

	// alice, as owner, sees bob's email; bob has no full name to show.
	doc = getJSON(t, srv.URL()+"/organizations/"+acme+"/"+bob, aliceKey)
	assert.Equal(t, "bob@example.com", doc["user_email"])
	assert.NotContains(t, doc, "user_full_name")

	// The user's own memberships in GET /user carry them too, updated.
	patchUser(t, srv, `{"username":"alice","name":"Alice Liddell","email":"al@example.com"}`)
	orgs := getJSON(t, srv.URL()+"/user", aliceKey)["organizations"].([]any)
	require.Len(t, orgs, 1)
	assert.Equal(t, "Alice Liddell", orgs[0].(map[string]any)["user_full_name"])
	assert.Equal(t, "al@example.com", orgs[0].(map[string]any)["user_email"])
}

// userKey returns a new API key of username.
func userKey(t *testing.T, srv *tiledbcloudtest.Server, username, password string) string {
	t.Helper()
	tok, _, err := basicClient(srv, username, password).UserApi.RequestToken(ctx, nil)
	require.NoError(t, err)
	return tok.GetToken()
}

func TestReadWriteDeleteRole(t *testing.T) {
	srv := newServer(t)
	r := raw(t, http.MethodPost, srv.URL()+"/organizations/"+acme+"/user", withKey(aliceKey),
		`{"username":"carol","role":"read_write_delete"}`)
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	doc := getJSON(t, srv.URL()+"/organizations/"+acme+"/"+carol, aliceKey)
	assert.Equal(t, "read_write_delete", doc["role"])
	assert.Equal(t, jsonOf(t, `["read","write","create","delete","edit","read_array_logs","read_job_logs","read_object_logs","run_job"]`),
		doc["allowed_actions"], "everything but administering the organization")

	// read_write is the same without deleting.
	r = raw(t, http.MethodPatch, srv.URL()+"/organizations/"+acme+"/"+carol, withKey(aliceKey), `{"role":"read_write"}`)
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	doc = getJSON(t, srv.URL()+"/organizations/"+acme+"/"+carol, aliceKey)
	assert.Equal(t, jsonOf(t, `["read","write","create","edit","read_array_logs","read_job_logs","read_object_logs","run_job"]`),
		doc["allowed_actions"])
}

// requestToken sends POST /token with body as the holder of key.
func requestToken(t *testing.T, srv *tiledbcloudtest.Server, key, body string) rawResponse {
	t.Helper()
	return raw(t, http.MethodPost, srv.URL()+"/token", withKey(key), body)
}

func TestTokenScopeIsAnArrayAndAcceptsAString(t *testing.T) {
	srv := newServer(t)
	r := requestToken(t, srv, aliceKey, `{"scope":["user:read","organization:read"]}`)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	var tok map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &tok))
	assert.Equal(t, []any{"user:read", "organization:read"}, tok["scope"])

	// Older clients send one scope as a string; it comes back as an array.
	r = requestToken(t, srv, aliceKey, `{"scope":"user:read"}`)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	require.NoError(t, json.Unmarshal(r.Body, &tok))
	assert.Equal(t, []any{"user:read"}, tok["scope"])

	// Lists show the scopes as arrays too.
	r = raw(t, http.MethodGet, srv.URL()+"/tokens", withKey(aliceKey), "")
	require.Equal(t, http.StatusOK, r.Status)
	var list []map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &list))
	require.Len(t, list, 3)
	assert.Equal(t, []any{"*"}, list[0]["scope"], "the seeded key")
	assert.Equal(t, []any{"user:read", "organization:read"}, list[1]["scope"])

	for _, body := range []string{`{"scope":["user:read","everything"]}`, `{"scope":7}`, `{"scope":[["*"]]}`} {
		r = requestToken(t, srv, aliceKey, body)
		assert.Equal(t, http.StatusBadRequest, r.Status, body)
		errorDoc(t, r)
	}
}

func TestTokenWithSeveralScopes(t *testing.T) {
	srv := newServer(t)
	mint := func(key, body string) string {
		t.Helper()
		r := requestToken(t, srv, key, body)
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		var tok map[string]any
		require.NoError(t, json.Unmarshal(r.Body, &tok))
		return tok["token"].(string)
	}
	both := mint(aliceKey, `{"scope":["password_reset","confirm_email"]}`)
	r := raw(t, http.MethodPost, srv.URL()+"/user/confirm_email", withKey(both), "")
	assert.Equal(t, http.StatusNoContent, r.Status, "either scope may allow a call: %s", r.Body)
	r = raw(t, http.MethodPost, srv.URL()+"/user/password_reset", withKey(both), `{"password":"new-password"}`)
	assert.Equal(t, http.StatusNoContent, r.Status, string(r.Body))
	r = raw(t, http.MethodGet, srv.URL()+"/user", withKey(both), "")
	assert.Equal(t, http.StatusForbidden, r.Status, "neither allows reading the user")
	errorDoc(t, r)

	// A limited token mints only tokens within its own scopes.
	limited := mint(aliceKey, `{"scope":["user:read-write","organization:read"]}`)
	mint(limited, `{"scope":"organization:read"}`)
	mint(limited, `{"scope":["organization:read","user:read-write"]}`)
	r = requestToken(t, srv, limited, `{"scope":["user:read-write","user:admin"]}`)
	assert.Equal(t, http.StatusForbidden, r.Status, string(r.Body))
	errorDoc(t, r)

	// A session of a token keeps its scopes.
	r = raw(t, http.MethodGet, srv.URL()+"/session", withKey(limited), "")
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	var session map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &session))
	assert.Equal(t, []any{"user:read-write", "organization:read"}, session["scope"])
}

func TestGroupAndOrganizationScopesOnUserOperations(t *testing.T) {
	srv := newServer(t)
	mint := func(scope string) string {
		t.Helper()
		r := requestToken(t, srv, aliceKey, `{"scope":"`+scope+`"}`)
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		var tok map[string]any
		require.NoError(t, json.Unmarshal(r.Body, &tok))
		return tok["token"].(string)
	}
	member := srv.URL() + "/organizations/" + acme + "/" + bob
	creds := srv.URL() + "/credentials/" + acme + "/aws"
	for _, scope := range []string{"organization:read", "organization:read-write", "organization:admin"} {
		key := mint(scope)
		// Reading what the document also tags "organization" is allowed...
		assert.Equal(t, http.StatusOK, raw(t, http.MethodGet, member, withKey(key), "").Status, scope)
		assert.Equal(t, http.StatusOK, raw(t, http.MethodGet, creds, withKey(key), "").Status, scope)
		// ... and nothing beyond what user:read allows.
		for _, call := range []struct{ method, url, body string }{
			{http.MethodGet, srv.URL() + "/user", ""},
			{http.MethodPatch, member, `{"role":"read_write"}`},
			{http.MethodDelete, member, ""},
			{http.MethodPost, srv.URL() + "/organizations/" + acme + "/user", `{"username":"carol"}`},
			{http.MethodPost, creds, `{"name":"k","access_key_id":"a","secret_access_key":"s"}`},
		} {
			r := raw(t, call.method, call.url, withKey(key), call.body)
			assert.Equal(t, http.StatusForbidden, r.Status, "%s: %s %s", scope, call.method, call.url)
		}
	}
	for _, scope := range []string{"group:read", "group:read-write", "group:admin"} {
		key := mint(scope)
		for _, url := range []string{srv.URL() + "/user", member, creds, srv.URL() + "/tokens"} {
			r := raw(t, http.MethodGet, url, withKey(key), "")
			assert.Equal(t, http.StatusForbidden, r.Status, "%s: GET %s", scope, url)
		}
	}
}

func TestGetSessionExpires(t *testing.T) {
	clock := newTestClock()
	srv := newServer(t, tiledbcloudtest.WithClock(clock.Now))
	session := func(query string) rawResponse {
		return raw(t, http.MethodGet, srv.URL()+"/session"+query, withKey(aliceKey), "")
	}
	at := clock.Now().Add(90 * time.Minute)
	for _, query := range []string{
		"?expires=" + at.Format(time.RFC3339),
		"?expires=" + url.QueryEscape(at.In(time.FixedZone("", 3*3600)).Format(time.RFC3339Nano)),
		"?remember_me=true&expires=" + at.Format(time.RFC3339), // expires wins
	} {
		r := session(query)
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		var tok map[string]any
		require.NoError(t, json.Unmarshal(r.Body, &tok))
		assert.Equal(t, at.Format(time.RFC3339), tok["expires_at"], query)

		// The session token expires then.
		key := tok["token"].(string)
		clock.Advance(89 * time.Minute)
		assert.Equal(t, http.StatusOK, raw(t, http.MethodGet, srv.URL()+"/user", withKey(key), "").Status, query)
		clock.Advance(time.Minute)
		assert.Equal(t, http.StatusUnauthorized, raw(t, http.MethodGet, srv.URL()+"/user", withKey(key), "").Status, query)
		clock.Advance(-90 * time.Minute)
	}

	for _, query := range []string{
		"?expires=" + clock.Now().Format(time.RFC3339),                 // now is not in the future
		"?expires=" + clock.Now().Add(-time.Hour).Format(time.RFC3339), // past
		"?expires=tomorrow", "?expires=2024-05-02", "?expires=", "?expires=2024-05-01T25:00:00Z",
	} {
		r := session(query)
		assert.Equal(t, http.StatusBadRequest, r.Status, query)
		errorDoc(t, r)
	}
	// Nothing was issued by the refused requests.
	r := raw(t, http.MethodGet, srv.URL()+"/tokens/session", withKey(aliceKey), "")
	require.Equal(t, http.StatusOK, r.Status)
	var sessions []any
	require.NoError(t, json.Unmarshal(r.Body, &sessions))
	assert.Len(t, sessions, 3)
}

// The same fields end to end through the SDK: its codec on one side, the
// fake's encoding/json on the other.

func TestSDKAssetLocationsAndDefaultRegion(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	_, err := api.UpdateUser(ctx, alice, tiledbcloud.User{
		DefaultRegion: tiledbcloud.Ptr("us-west-2"),
		AssetLocations: &tiledbcloud.AssetLocations{
			Arrays: &tiledbcloud.StorageLocation{Path: tiledbcloud.NewNullable("s3://a/"), CredentialsName: tiledbcloud.NewNullable("k")},
			UDFs:   &tiledbcloud.StorageLocation{Path: tiledbcloud.NewNullable("s3://u/")},
		},
	})
	require.NoError(t, err)
	user, _, err := api.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, "us-west-2", user.GetDefaultRegion())
	arrays := user.GetAssetLocations().GetArrays()
	assert.Equal(t, "s3://a/", arrays.GetPath())
	assert.Equal(t, "k", arrays.GetCredentialsName())
	assert.Equal(t, "s3://u/", user.GetAssetLocations().GetUDFs().GetPath())
	assert.Nil(t, user.GetAssetLocations().GetFiles())

	// Null keeps a value and "" clears it.
	_, err = api.UpdateUser(ctx, alice, tiledbcloud.User{AssetLocations: &tiledbcloud.AssetLocations{
		Arrays: &tiledbcloud.StorageLocation{Path: tiledbcloud.Null[string](), CredentialsName: tiledbcloud.NewNullable("")},
	}})
	require.NoError(t, err)
	user, _, err = api.GetUser(ctx)
	require.NoError(t, err)
	arrays = user.GetAssetLocations().GetArrays()
	assert.Equal(t, "s3://a/", arrays.GetPath())
	assert.False(t, arrays.CredentialsName.IsSet(), "cleared: not sent back")
	assert.Equal(t, "us-west-2", user.GetDefaultRegion(), "left out: unchanged")
}

func TestSDKTokenScopesAndSessionExpiry(t *testing.T) {
	clock := newTestClock()
	srv := newServer(t, tiledbcloudtest.WithClock(clock.Now))
	api := client(srv, alice).UserApi
	for _, scopes := range [][]tiledbcloud.TokenScope{
		{tiledbcloud.TokenScopeGroupRead},
		{tiledbcloud.TokenScopeOrganizationAdmin, tiledbcloud.TokenScopeUserRead},
	} {
		tok, _, err := api.RequestToken(ctx, &tiledbcloud.TokenRequest{Scope: scopes})
		require.NoError(t, err)
		assert.Equal(t, scopes, tok.Scope)
	}

	at := clock.Now().Add(2 * time.Hour)
	session, _, err := api.GetSession(ctx, &tiledbcloud.GetSessionOpts{Expires: at})
	require.NoError(t, err)
	assert.Equal(t, at, session.GetExpiresAt())
	_, _, err = api.GetSession(ctx, &tiledbcloud.GetSessionOpts{Expires: clock.Now().Add(-time.Minute)})
	requireAPIError(t, err, http.StatusBadRequest)
}

func TestSDKOrganizationUserContactAndReadWriteDelete(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	_, err := api.AddUserToOrganization(ctx, acme, tiledbcloud.OrganizationUser{
		Username: tiledbcloud.Ptr(root), Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesReadWriteDelete)})
	require.NoError(t, err)
	member, _, err := api.GetOrganizationUser(ctx, acme, root)
	require.NoError(t, err)
	assert.Equal(t, tiledbcloud.OrganizationRolesReadWriteDelete, member.GetRole())
	assert.Contains(t, member.AllowedActions, tiledbcloud.NamespaceActionsDelete)
	assert.Equal(t, "root@example.com", member.GetUserEmail())

	owner, _, err := client(srv, bob).UserApi.GetOrganizationUser(ctx, acme, alice)
	require.NoError(t, err)
	assert.Nil(t, owner.UserEmail, "bob is no admin of acme")
	assert.Nil(t, owner.UserFullName)
}
