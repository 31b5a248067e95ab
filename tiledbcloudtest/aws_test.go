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

func keys(name string) tiledbcloud.AWSAccessCredentials {
	return tiledbcloud.AWSAccessCredentials{
		Name: tiledbcloud.Ptr(name), AccessKeyID: tiledbcloud.Ptr("AKIA" + name), SecretAccessKey: tiledbcloud.Ptr("secret-" + name),
	}
}

func TestAWSCredentialsLifecycle(t *testing.T) {
	clock := newTestClock()
	srv := newServer(t, tiledbcloudtest.WithClock(clock.Now))
	api := client(srv, alice).UserApi

	list, _, err := api.CheckAWSAccessCredentials(ctx, alice)
	require.NoError(t, err)
	assert.Empty(t, list)

	created := clock.Now()
	k := keys("main")
	k.Buckets = []string{"s3://one/"}
	_, err = api.AddAWSAccessCredentials(ctx, alice, k)
	require.NoError(t, err)

	got, _, err := api.CheckAWSAccessCredentialsByName(ctx, alice, "main")
	require.NoError(t, err)
	assert.Equal(t, "AKIAmain", got.GetAccessKeyID())
	assert.Nil(t, got.SecretAccessKey, "a GET never returns the secret")
	assert.Equal(t, []string{"s3://one/"}, got.Buckets)
	assert.False(t, got.GetDefault())
	assert.Equal(t, created, got.GetCreatedAt())
	assert.Equal(t, created, got.GetUpdatedAt())

	clock.Advance(time.Minute)
	_, err = api.UpdateAWSAccessCredentials(ctx, alice, "main", tiledbcloud.AWSAccessCredentials{Buckets: []string{"s3://one/", "s3://two/"}})
	require.NoError(t, err)
	got, _, err = api.CheckAWSAccessCredentialsByName(ctx, alice, "main")
	require.NoError(t, err)
	assert.Equal(t, []string{"s3://one/", "s3://two/"}, got.Buckets)
	assert.Equal(t, "AKIAmain", got.GetAccessKeyID(), "fields not sent are unchanged")
	assert.Equal(t, created, got.GetCreatedAt())
	assert.Equal(t, clock.Now(), got.GetUpdatedAt())

	_, err = api.UpdateAWSAccessCredentials(ctx, alice, "main", tiledbcloud.AWSAccessCredentials{
		AccessKeyID: tiledbcloud.Ptr("AKIAnew"), SecretAccessKey: tiledbcloud.Ptr("new-secret"), Name: tiledbcloud.Ptr("renamed"),
	})
	require.NoError(t, err)
	_, _, err = api.CheckAWSAccessCredentialsByName(ctx, alice, "main")
	requireAPIError(t, err, http.StatusNotFound)
	got, _, err = api.CheckAWSAccessCredentialsByName(ctx, alice, "renamed")
	require.NoError(t, err)
	assert.Equal(t, "AKIAnew", got.GetAccessKeyID())
	assert.Nil(t, got.SecretAccessKey)

	// Neither GET carries secret_access_key at all.
	auth := map[string]string{"X-TILEDB-REST-API-KEY": aliceKey}
	for _, path := range []string{"/credentials/alice/aws", "/credentials/alice/aws/renamed"} {
		r := raw(t, http.MethodGet, srv.URL()+path, auth, "")
		require.Equal(t, http.StatusOK, r.Status)
		assert.NotContains(t, string(r.Body), "secret")
	}

	_, err = api.DeleteAWSAccessCredentials(ctx, alice, "renamed")
	require.NoError(t, err)
	for _, call := range []func() error{
		func() error { _, _, err := api.CheckAWSAccessCredentialsByName(ctx, alice, "renamed"); return err },
		func() error { _, err := api.DeleteAWSAccessCredentials(ctx, alice, "renamed"); return err },
		func() error {
			_, err := api.UpdateAWSAccessCredentials(ctx, alice, "renamed", tiledbcloud.AWSAccessCredentials{Default: tiledbcloud.Ptr(true)})
			return err
		},
	} {
		requireAPIError(t, call(), http.StatusNotFound)
	}
	list, _, err = api.CheckAWSAccessCredentials(ctx, alice)
	require.NoError(t, err)
	assert.Empty(t, list)
}

func TestAWSCredentialsListIsSortedByName(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	for _, name := range []string{"c", "a", "b"} {
		_, err := api.AddAWSAccessCredentials(ctx, alice, keys(name))
		require.NoError(t, err)
	}
	list, _, err := api.CheckAWSAccessCredentials(ctx, alice)
	require.NoError(t, err)
	require.Len(t, list, 3)
	for i, name := range []string{"a", "b", "c"} {
		assert.Equal(t, name, list[i].GetName())
		assert.Nil(t, list[i].SecretAccessKey)
	}
}

func TestAWSCredentialsValidationAndConflicts(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	_, err := api.AddAWSAccessCredentials(ctx, alice, keys("k"))
	require.NoError(t, err)
	_, err = api.AddAWSAccessCredentials(ctx, alice, keys("k"))
	requireAPIError(t, err, http.StatusConflict)
	assert.ErrorIs(t, err, tiledbcloud.ErrConflict)

	_, err = api.AddAWSAccessCredentials(ctx, alice, keys("other"))
	require.NoError(t, err)
	_, err = api.UpdateAWSAccessCredentials(ctx, alice, "other", tiledbcloud.AWSAccessCredentials{Name: tiledbcloud.Ptr("k")})
	requireAPIError(t, err, http.StatusConflict)

	for _, bad := range []tiledbcloud.AWSAccessCredentials{
		{AccessKeyID: tiledbcloud.Ptr("a"), SecretAccessKey: tiledbcloud.Ptr("s")},
		{Name: tiledbcloud.Ptr("no-secret"), AccessKeyID: tiledbcloud.Ptr("a")},
		{Name: tiledbcloud.Ptr("nothing")},
	} {
		_, err = api.AddAWSAccessCredentials(ctx, alice, bad)
		requireAPIError(t, err, http.StatusBadRequest)
	}
	_, err = api.AddAWSAccessCredentials(ctx, alice, tiledbcloud.AWSAccessCredentials{
		Name: tiledbcloud.Ptr("role"), ServiceRoleARN: tiledbcloud.Ptr("arn:aws:iam::123:role/tiledb"),
	})
	require.NoError(t, err, "a service role is enough")

	// The same name is fine in another namespace.
	_, err = client(srv, bob).UserApi.AddAWSAccessCredentials(ctx, bob, keys("k"))
	require.NoError(t, err)
}

func TestAWSCredentialsHaveAtMostOneDefault(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	defaults := func() []string {
		list, _, err := api.CheckAWSAccessCredentials(ctx, alice)
		require.NoError(t, err)
		var names []string
		for _, c := range list {
			if c.GetDefault() {
				names = append(names, c.GetName())
			}
		}
		return names
	}
	a, b := keys("a"), keys("b")
	a.Default = tiledbcloud.Ptr(true)
	b.Default = tiledbcloud.Ptr(true)
	_, err := api.AddAWSAccessCredentials(ctx, alice, a)
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, defaults())
	_, err = api.AddAWSAccessCredentials(ctx, alice, b)
	require.NoError(t, err)
	assert.Equal(t, []string{"b"}, defaults(), "the new default takes over")
	_, err = api.UpdateAWSAccessCredentials(ctx, alice, "a", tiledbcloud.AWSAccessCredentials{Default: tiledbcloud.Ptr(true)})
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, defaults())
	_, err = api.UpdateAWSAccessCredentials(ctx, alice, "a", tiledbcloud.AWSAccessCredentials{Default: tiledbcloud.Ptr(false)})
	require.NoError(t, err)
	assert.Empty(t, defaults())
}

func TestAWSCredentialsPermissions(t *testing.T) {
	srv := newServer(t, tiledbcloudtest.WithAWSCredentials(acme, tiledbcloudtest.AWSCredentialsSeed{
		Name: "shared", AccessKeyID: "AKIAshared", SecretAccessKey: "secret-shared"}))
	aliceAPI, bobAPI, carolAPI, rootAPI := client(srv, alice).UserApi, client(srv, bob).UserApi, client(srv, carol).UserApi, client(srv, root).UserApi

	_, _, err := aliceAPI.CheckAWSAccessCredentials(ctx, "nowhere")
	requireAPIError(t, err, http.StatusNotFound)

	// Another user's namespace is off limits.
	_, _, err = carolAPI.CheckAWSAccessCredentials(ctx, alice)
	requireAPIError(t, err, http.StatusForbidden)
	_, err = carolAPI.AddAWSAccessCredentials(ctx, alice, keys("x"))
	requireAPIError(t, err, http.StatusForbidden)

	// An organization: owner and admin change, members read, others nothing.
	_, err = aliceAPI.AddAWSAccessCredentials(ctx, acme, keys("by-owner"))
	require.NoError(t, err)
	list, _, err := bobAPI.CheckAWSAccessCredentials(ctx, acme)
	require.NoError(t, err, "a read_only member may read")
	assert.Len(t, list, 2)
	_, _, err = bobAPI.CheckAWSAccessCredentialsByName(ctx, acme, "shared")
	require.NoError(t, err)
	_, err = bobAPI.AddAWSAccessCredentials(ctx, acme, keys("by-bob"))
	requireAPIError(t, err, http.StatusForbidden)
	_, err = bobAPI.DeleteAWSAccessCredentials(ctx, acme, "shared")
	requireAPIError(t, err, http.StatusForbidden)
	_, _, err = carolAPI.CheckAWSAccessCredentials(ctx, acme)
	requireAPIError(t, err, http.StatusForbidden)

	_, err = aliceAPI.UpdateUserInOrganization(ctx, acme, bob, tiledbcloud.OrganizationUser{Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesAdmin)})
	require.NoError(t, err)
	_, err = bobAPI.UpdateAWSAccessCredentials(ctx, acme, "shared", tiledbcloud.AWSAccessCredentials{Buckets: []string{"s3://acme/"}})
	require.NoError(t, err, "an organization admin may change credentials")

	// A server admin may do anything anywhere.
	_, err = rootAPI.AddAWSAccessCredentials(ctx, carol, keys("by-root"))
	require.NoError(t, err)
	_, err = rootAPI.DeleteAWSAccessCredentials(ctx, acme, "shared")
	require.NoError(t, err)
}
