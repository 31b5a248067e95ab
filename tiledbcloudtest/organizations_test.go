package tiledbcloudtest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

func member(username string, role tiledbcloud.OrganizationRoles) tiledbcloud.OrganizationUser {
	return tiledbcloud.OrganizationUser{Username: tiledbcloud.Ptr(username), Role: &role}
}

func TestAddUserToOrganization(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi

	_, err := api.AddUserToOrganization(ctx, acme, member(carol, tiledbcloud.OrganizationRolesReadWrite))
	require.NoError(t, err)
	got, _, err := api.GetOrganizationUser(ctx, acme, carol)
	require.NoError(t, err)
	assert.Equal(t, carol, got.GetUsername())
	assert.Equal(t, acme, got.GetOrganizationName())
	assert.NotEmpty(t, got.GetOrganizationID())
	assert.NotEmpty(t, got.GetUserID())
	assert.Equal(t, tiledbcloud.OrganizationRolesReadWrite, got.GetRole())
	assert.Contains(t, got.AllowedActions, tiledbcloud.NamespaceActionsWrite)
	assert.NotContains(t, got.AllowedActions, tiledbcloud.NamespaceActionsDeleteOrganization)

	user, _, err := client(srv, carol).UserApi.GetUser(ctx)
	require.NoError(t, err)
	require.Len(t, user.Organizations, 1, "GetUser lists the membership")
	assert.Equal(t, *got, user.Organizations[0])

	_, err = api.AddUserToOrganization(ctx, acme, member(carol, tiledbcloud.OrganizationRolesReadOnly))
	requireAPIError(t, err, http.StatusConflict)
	_, err = api.AddUserToOrganization(ctx, "nowhere", member(carol, tiledbcloud.OrganizationRolesReadOnly))
	requireAPIError(t, err, http.StatusNotFound)
	_, err = api.AddUserToOrganization(ctx, acme, member("nobody", tiledbcloud.OrganizationRolesReadOnly))
	requireAPIError(t, err, http.StatusNotFound)
	_, err = api.AddUserToOrganization(ctx, acme, member(root, "boss"))
	requireAPIError(t, err, http.StatusBadRequest)
	_, err = api.AddUserToOrganization(ctx, acme, tiledbcloud.OrganizationUser{Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesReadOnly)})
	requireAPIError(t, err, http.StatusBadRequest)
	_, err = api.AddUserToOrganization(ctx, acme, tiledbcloud.OrganizationUser{
		Username: tiledbcloud.Ptr(root), AllowedActions: []tiledbcloud.NamespaceActions{"fly"}})
	requireAPIError(t, err, http.StatusBadRequest)
}

func TestAddUserToOrganizationDefaultsAndIDs(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	rootUser, _, err := client(srv, root).UserApi.GetUser(ctx)
	require.NoError(t, err)

	// By user_id, with no role: read_only and its actions.
	_, err = api.AddUserToOrganization(ctx, acme, tiledbcloud.OrganizationUser{UserID: tiledbcloud.Ptr(rootUser.GetID())})
	require.NoError(t, err)
	got, _, err := api.GetOrganizationUser(ctx, acme, root)
	require.NoError(t, err)
	assert.Equal(t, tiledbcloud.OrganizationRolesReadOnly, got.GetRole())
	assert.ElementsMatch(t, []tiledbcloud.NamespaceActions{tiledbcloud.NamespaceActionsRead, tiledbcloud.NamespaceActionsReadArrayLogs,
		tiledbcloud.NamespaceActionsReadJobLogs, tiledbcloud.NamespaceActionsReadObjectLogs}, got.AllowedActions)

	// Explicit actions win over the role's defaults.
	m := member(carol, tiledbcloud.OrganizationRolesReadWrite)
	m.AllowedActions = []tiledbcloud.NamespaceActions{tiledbcloud.NamespaceActionsRead}
	_, err = api.AddUserToOrganization(ctx, acme, m)
	require.NoError(t, err)
	got, _, err = api.GetOrganizationUser(ctx, acme, carol)
	require.NoError(t, err)
	assert.Equal(t, []tiledbcloud.NamespaceActions{tiledbcloud.NamespaceActionsRead}, got.AllowedActions)
}

func TestOrganizationMembershipPermissions(t *testing.T) {
	srv := newServer(t, tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "dave", Password: "dave-password"}))
	bobAPI, carolAPI := client(srv, bob).UserApi, client(srv, carol).UserApi

	// read_only members and outsiders may not manage members.
	_, err := bobAPI.AddUserToOrganization(ctx, acme, member(carol, tiledbcloud.OrganizationRolesReadOnly))
	requireAPIError(t, err, http.StatusForbidden)
	_, err = carolAPI.AddUserToOrganization(ctx, acme, member(carol, tiledbcloud.OrganizationRolesReadOnly))
	requireAPIError(t, err, http.StatusForbidden)
	_, err = bobAPI.UpdateUserInOrganization(ctx, acme, bob, member(bob, tiledbcloud.OrganizationRolesAdmin))
	requireAPIError(t, err, http.StatusForbidden)

	// An organization admin manages members but not owners.
	_, err = client(srv, alice).UserApi.UpdateUserInOrganization(ctx, acme, bob, member(bob, tiledbcloud.OrganizationRolesAdmin))
	require.NoError(t, err)
	_, err = bobAPI.AddUserToOrganization(ctx, acme, member(carol, tiledbcloud.OrganizationRolesReadOnly))
	require.NoError(t, err)
	_, err = bobAPI.AddUserToOrganization(ctx, acme, member("dave", tiledbcloud.OrganizationRolesOwner))
	requireAPIError(t, err, http.StatusForbidden)
	_, err = bobAPI.UpdateUserInOrganization(ctx, acme, carol, member(carol, tiledbcloud.OrganizationRolesOwner))
	requireAPIError(t, err, http.StatusForbidden)
	_, err = bobAPI.UpdateUserInOrganization(ctx, acme, alice, member(alice, tiledbcloud.OrganizationRolesReadOnly))
	requireAPIError(t, err, http.StatusForbidden)
	_, err = bobAPI.DeleteUserFromOrganization(ctx, acme, alice)
	requireAPIError(t, err, http.StatusForbidden)
	_, err = bobAPI.DeleteUserFromOrganization(ctx, acme, carol)
	require.NoError(t, err)

	// A server admin who is not a member may do anything.
	rootAPI := client(srv, root).UserApi
	_, err = rootAPI.AddUserToOrganization(ctx, acme, member("dave", tiledbcloud.OrganizationRolesOwner))
	require.NoError(t, err)
	got, _, err := rootAPI.GetOrganizationUser(ctx, acme, "dave")
	require.NoError(t, err)
	assert.Equal(t, tiledbcloud.OrganizationRolesOwner, got.GetRole())
}

func TestGetOrganizationUser(t *testing.T) {
	srv := newServer(t)
	_, _, err := client(srv, bob).UserApi.GetOrganizationUser(ctx, acme, alice)
	require.NoError(t, err, "members see each other")

	_, _, err = client(srv, alice).UserApi.GetOrganizationUser(ctx, acme, carol)
	apiErr := requireAPIError(t, err, http.StatusNotFound)
	assert.Equal(t, "User is not in organization", apiErr.Model.GetMessage())
	_, _, err = client(srv, alice).UserApi.GetOrganizationUser(ctx, acme, "nobody")
	apiErr = requireAPIError(t, err, http.StatusNotFound)
	assert.Equal(t, "User is not in organization", apiErr.Model.GetMessage())

	_, _, err = client(srv, carol).UserApi.GetOrganizationUser(ctx, acme, alice)
	requireAPIError(t, err, http.StatusForbidden)
	_, _, err = client(srv, carol).UserApi.GetOrganizationUser(ctx, acme, carol)
	apiErr = requireAPIError(t, err, http.StatusNotFound)
	assert.Equal(t, "User is not in organization", apiErr.Model.GetMessage(), "anyone may ask about themselves")

	_, _, err = client(srv, alice).UserApi.GetOrganizationUser(ctx, "nowhere", alice)
	requireAPIError(t, err, http.StatusNotFound)
}

func TestUpdateUserInOrganization(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi

	_, err := api.UpdateUserInOrganization(ctx, acme, bob, tiledbcloud.OrganizationUser{Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesReadWrite)})
	require.NoError(t, err)
	got, _, err := api.GetOrganizationUser(ctx, acme, bob)
	require.NoError(t, err)
	assert.Equal(t, tiledbcloud.OrganizationRolesReadWrite, got.GetRole())
	assert.Contains(t, got.AllowedActions, tiledbcloud.NamespaceActionsWrite, "a new role brings its default actions")

	only := []tiledbcloud.NamespaceActions{tiledbcloud.NamespaceActionsRead, tiledbcloud.NamespaceActionsRunJob}
	_, err = api.UpdateUserInOrganization(ctx, acme, bob, tiledbcloud.OrganizationUser{AllowedActions: only})
	require.NoError(t, err)
	got, _, err = api.GetOrganizationUser(ctx, acme, bob)
	require.NoError(t, err)
	assert.Equal(t, tiledbcloud.OrganizationRolesReadWrite, got.GetRole(), "the role is unchanged")
	assert.Equal(t, only, got.AllowedActions)

	_, err = api.UpdateUserInOrganization(ctx, acme, carol, tiledbcloud.OrganizationUser{Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesAdmin)})
	apiErr := requireAPIError(t, err, http.StatusNotFound)
	assert.Equal(t, "User is not in organization", apiErr.Model.GetMessage())
	_, err = api.UpdateUserInOrganization(ctx, acme, bob, tiledbcloud.OrganizationUser{Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRoles("boss"))})
	requireAPIError(t, err, http.StatusBadRequest)
	_, err = api.UpdateUserInOrganization(ctx, acme, bob, tiledbcloud.OrganizationUser{AllowedActions: []tiledbcloud.NamespaceActions{"fly"}})
	requireAPIError(t, err, http.StatusBadRequest)

	// The last owner cannot step down; with a second owner they can.
	_, err = api.UpdateUserInOrganization(ctx, acme, alice, tiledbcloud.OrganizationUser{Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesAdmin)})
	requireAPIError(t, err, http.StatusConflict)
	_, err = api.UpdateUserInOrganization(ctx, acme, bob, tiledbcloud.OrganizationUser{Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesOwner)})
	require.NoError(t, err)
	_, err = api.UpdateUserInOrganization(ctx, acme, alice, tiledbcloud.OrganizationUser{Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesAdmin)})
	require.NoError(t, err)
}

func TestDeleteUserFromOrganization(t *testing.T) {
	srv := newServer(t)
	aliceAPI, bobAPI := client(srv, alice).UserApi, client(srv, bob).UserApi

	_, err := aliceAPI.DeleteUserFromOrganization(ctx, acme, alice)
	requireAPIError(t, err, http.StatusConflict)
	_, err = aliceAPI.DeleteUserFromOrganization(ctx, acme, carol)
	requireAPIError(t, err, http.StatusNotFound)
	_, err = aliceAPI.DeleteUserFromOrganization(ctx, "nowhere", bob)
	requireAPIError(t, err, http.StatusNotFound)
	_, err = client(srv, carol).UserApi.DeleteUserFromOrganization(ctx, acme, bob)
	requireAPIError(t, err, http.StatusForbidden)

	_, err = bobAPI.DeleteUserFromOrganization(ctx, acme, bob)
	require.NoError(t, err, "members may leave")
	_, _, err = aliceAPI.GetOrganizationUser(ctx, acme, bob)
	requireAPIError(t, err, http.StatusNotFound)
	user, _, err := bobAPI.GetUser(ctx)
	require.NoError(t, err)
	assert.Empty(t, user.Organizations)

	_, err = aliceAPI.AddUserToOrganization(ctx, acme, member(bob, tiledbcloud.OrganizationRolesReadOnly))
	require.NoError(t, err)
	_, err = aliceAPI.DeleteUserFromOrganization(ctx, acme, bob)
	require.NoError(t, err, "owners remove members")
}
