package test

// Tests of the shapes today's service (2.17.51) added, on the wire: what the
// SDK sends for them and that responses of both server generations decode.

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

func TestUpdateUser_storageLocationNullAbsentAndClear(t *testing.T) {
	tests := []struct {
		name string
		loc  tiledbcloud.StorageLocation
		want string
	}{
		{"absent fields are not sent", tiledbcloud.StorageLocation{}, `{}`},
		{"an empty path clears it", tiledbcloud.StorageLocation{Path: tiledbcloud.NewNullable("")}, `{"path":""}`},
		{"null keeps it", tiledbcloud.StorageLocation{CredentialsName: tiledbcloud.Null[string]()}, `{"credentials_name":null}`},
		{"values", tiledbcloud.StorageLocation{Path: tiledbcloud.NewNullable("s3://b/arrays/"),
			CredentialsName: tiledbcloud.NewNullable("c")}, `{"path":"s3://b/arrays/","credentials_name":"c"}`},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/users/jane", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodPatch)
				testJSONBody(t, r, `{"username":"jane","asset_locations":{"arrays":`+tc.want+`}}`)
				w.WriteHeader(http.StatusNoContent)
			})
			loc := tc.loc
			update := tiledbcloud.User{AssetLocations: &tiledbcloud.AssetLocations{Arrays: &loc}}
			resp, err := client.UserApi.UpdateUser(context.Background(), "jane", update)
			require.NoError(t, err)
			testResponse(t, resp, http.StatusNoContent)
		})
	}
}

func TestUpdateUser_nullLogo(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/jane", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"username":"jane","logo":null,"default_region":"eu-west-1"}`)
		w.WriteHeader(http.StatusNoContent)
	})
	update := tiledbcloud.User{Logo: tiledbcloud.Null[string](), DefaultRegion: tiledbcloud.Ptr("eu-west-1")}
	_, err := client.UserApi.UpdateUser(context.Background(), "jane", update)
	require.NoError(t, err)
}

func TestGetUser_nullableFieldsDecode(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(t, w, `{"username":"jane","logo":null,"asset_locations":{"files":{"path":null,"credentials_name":""}}}`)
	})
	user, _, err := client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	assert.True(t, user.Logo.IsNull())
	files := user.GetAssetLocations().GetFiles()
	require.NotNil(t, files)
	assert.True(t, files.Path.IsNull())
	name, ok := files.CredentialsName.Get()
	assert.True(t, ok)
	assert.Equal(t, "", name)
	assert.Nil(t, user.GetAssetLocations().GetArrays())
	assert.Equal(t, "", user.GetAssetLocations().GetArrays().GetPath(), "getters chain through nil")
}

func TestGetUser_olderServerShapesDecode(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/user", func(w http.ResponseWriter, r *http.Request) {
		// A 2.2.19 server: last_activity_date, a string logo, no 2.17 fields.
		writeJSON(t, w, `{"username":"jane","logo":"l.png","last_activity_date":"2021-10-29 12:13:14"}`)
	})
	user, _, err := client.UserApi.GetUser(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "l.png", user.GetLogo())
	assert.Equal(t, 2021, user.GetLastActivityDate().Year())
	assert.Nil(t, user.AssetLocations)
	assert.Nil(t, user.DefaultRegion)
}

func TestRequestToken_scopesOneAsStringSeveralAsArray(t *testing.T) {
	tests := []struct {
		name   string
		scopes []tiledbcloud.TokenScope
		want   string
	}{
		{"none", nil, `{}`},
		{"one", []tiledbcloud.TokenScope{tiledbcloud.TokenScopeGroupRead}, `{"scope":"group:read"}`},
		{"several", []tiledbcloud.TokenScope{tiledbcloud.TokenScopeOrganizationAdmin, tiledbcloud.TokenScopeGroupReadWrite},
			`{"scope":["organization:admin","group:read-write"]}`},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
				testJSONBody(t, r, tc.want)
				// Today's service answers with an array even for one scope.
				writeJSON(t, w, `{"token":"t","scope":["group:read","organization:read-write"]}`)
			})
			tok, _, err := client.UserApi.RequestToken(context.Background(), &tiledbcloud.TokenRequest{Scope: tc.scopes})
			require.NoError(t, err)
			assert.Equal(t, []tiledbcloud.TokenScope{tiledbcloud.TokenScopeGroupRead, tiledbcloud.TokenScopeOrganizationReadWrite}, tok.Scope)
		})
	}
}

func TestGetOrganizationUser_adminFields(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/acme/bob", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(t, w, `{"username":"bob","user_full_name":"Bob B","user_email":"bob@example.com","role":"read_write_delete"}`)
	})
	member, _, err := client.UserApi.GetOrganizationUser(context.Background(), "acme", "bob")
	require.NoError(t, err)
	assert.Equal(t, "Bob B", member.GetUserFullName())
	assert.Equal(t, "bob@example.com", member.GetUserEmail())
	assert.Equal(t, tiledbcloud.OrganizationRolesReadWriteDelete, member.GetRole())
	assert.True(t, member.GetRole().IsValid())
}
