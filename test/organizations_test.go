package test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

func TestUserApiService_AddUserToOrganization(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/acme/user", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testURI(t, r, "/organizations/acme/user")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testJSONBody(t, r, orgUserJSON)
		w.WriteHeader(http.StatusNoContent)
	})

	resp, err := client.UserApi.AddUserToOrganization(context.Background(), "acme", *wantOrgUser())
	require.NoError(t, err)
	testResponse(t, resp, http.StatusNoContent)
}

func TestUserApiService_AddUserToOrganization_minimal(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/acme/user", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{"username":"bob","role":"read_only"}`)
		w.WriteHeader(http.StatusNoContent)
	})

	_, err := client.UserApi.AddUserToOrganization(context.Background(), "acme", tiledbcloud.OrganizationUser{
		Username: tiledbcloud.Ptr("bob"),
		Role:     tiledbcloud.Ptr(tiledbcloud.OrganizationRolesReadOnly),
	})
	require.NoError(t, err)
}

func TestUserApiService_GetOrganizationUser(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/acme/jane", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testURI(t, r, "/organizations/acme/jane")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testNoBody(t, r)
		writeJSON(t, w, orgUserJSON)
	})

	user, resp, err := client.UserApi.GetOrganizationUser(context.Background(), "acme", "jane")
	require.NoError(t, err)
	testResponse(t, resp, http.StatusOK)
	assert.Equal(t, wantOrgUser(), user)
}

func TestUserApiService_GetOrganizationUser_userNamedUser(t *testing.T) {
	// A user called "user" shares its path with AddUserToOrganization's;
	// the method is what tells them apart.
	client, mux := setup(t)
	mux.HandleFunc("/organizations/acme/user", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testNoBody(t, r)
		writeJSON(t, w, `{"username":"user","role":"admin"}`)
	})

	user, _, err := client.UserApi.GetOrganizationUser(context.Background(), "acme", "user")
	require.NoError(t, err)
	assert.Equal(t, &tiledbcloud.OrganizationUser{
		Username: tiledbcloud.Ptr("user"), Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesAdmin),
	}, user)
}

func TestUserApiService_DeleteUserFromOrganization(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/acme/jane", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodDelete)
		testURI(t, r, "/organizations/acme/jane")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testNoBody(t, r)
		w.WriteHeader(http.StatusNoContent)
	})

	resp, err := client.UserApi.DeleteUserFromOrganization(context.Background(), "acme", "jane")
	require.NoError(t, err)
	testResponse(t, resp, http.StatusNoContent)
}

func TestUserApiService_UpdateUserInOrganization(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/organizations/acme/jane", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPatch)
		testURI(t, r, "/organizations/acme/jane")
		testHeaders(t, r)
		testAPIKeyAuth(t, r, testAPIKey)
		testJSONBody(t, r, `{"role":"admin","allowed_actions":["read","write","edit_billing"]}`)
		w.WriteHeader(http.StatusNoContent)
	})

	resp, err := client.UserApi.UpdateUserInOrganization(context.Background(), "acme", "jane", tiledbcloud.OrganizationUser{
		Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesAdmin),
		AllowedActions: []tiledbcloud.NamespaceActions{
			tiledbcloud.NamespaceActionsRead, tiledbcloud.NamespaceActionsWrite, tiledbcloud.NamespaceActionsEditBilling,
		},
	})
	require.NoError(t, err)
	testResponse(t, resp, http.StatusNoContent)
}

func TestUserApiService_UpdateUserInOrganization_partial(t *testing.T) {
	tests := []struct {
		name string
		user tiledbcloud.OrganizationUser
		want string
	}{
		{"nothing set", tiledbcloud.OrganizationUser{}, `{}`},
		{"role only", tiledbcloud.OrganizationUser{Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesOwner)}, `{"role":"owner"}`},
		{"empty role is sent", tiledbcloud.OrganizationUser{Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRoles(""))}, `{"role":""}`},
		{"unknown role passes through", tiledbcloud.OrganizationUser{Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRoles("superuser"))},
			`{"role":"superuser"}`},
		{"empty actions omitted", tiledbcloud.OrganizationUser{AllowedActions: []tiledbcloud.NamespaceActions{}}, `{}`},
	}
	for _, tc := range tests {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			client, mux := setup(t)
			mux.HandleFunc("/organizations/acme/jane", func(w http.ResponseWriter, r *http.Request) {
				testJSONBody(t, r, tc.want)
				w.WriteHeader(http.StatusNoContent)
			})
			_, err := client.UserApi.UpdateUserInOrganization(context.Background(), "acme", "jane", tc.user)
			require.NoError(t, err)
		})
	}
}
