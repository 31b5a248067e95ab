package test

// The end-to-end test runs the whole life of an account through the SDK
// against the tiledbcloudtest fake, for many users at once, so that -race
// checks the SDK and the fake under concurrent use.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

const (
	e2eUsers       = 16
	e2eOrg         = "e2e-org"
	e2eOwner       = "e2e-owner"
	e2eAdmin       = "e2e-admin"
	e2eCredentials = "s3/main data" // a name with '/' and ' ' must survive the path
)

// e2eClient returns a client for the fake with the given credentials and
// small retry backoffs.
func e2eClient(srv *tiledbcloudtest.Server, key, username, password string) *tiledbcloud.APIClient {
	cfg := srv.Config("")
	cfg.APIKey, cfg.Username, cfg.Password = key, username, password
	cfg.Retry = tiledbcloud.RetryPolicy{MaxAttempts: 4, InitialBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
	return tiledbcloud.NewAPIClient(cfg)
}

// e2eExpect checks that err is an API error matching sentinel.
func e2eExpect(step string, err, sentinel error) error {
	if !errors.Is(err, sentinel) {
		return fmt.Errorf("%s: want %v, got %v", step, sentinel, err)
	}
	return nil
}

// e2eLifecycle runs one user's whole session and returns the first failure.
func e2eLifecycle(ctx context.Context, srv *tiledbcloudtest.Server, owner *tiledbcloud.APIClient, i int) error {
	name := fmt.Sprintf("user-%02d", i)
	password := "password-" + name
	email := name + "@example.com"

	anon := e2eClient(srv, "", "", "")
	if _, err := anon.UserApi.CreateUser(ctx, tiledbcloud.User{
		Username: name, Password: tiledbcloud.Ptr(password), Email: tiledbcloud.Ptr(email), Name: tiledbcloud.Ptr("User " + name),
	}); err != nil {
		return fmt.Errorf("CreateUser: %w", err)
	}
	_, err := anon.UserApi.CreateUser(ctx, tiledbcloud.User{Username: name, Password: tiledbcloud.Ptr(password)})
	if err := e2eExpect("CreateUser again", err, tiledbcloud.ErrConflict); err != nil {
		return err
	}

	session, _, err := e2eClient(srv, "", name, password).UserApi.GetSession(ctx, &tiledbcloud.GetSessionOpts{RememberMe: true})
	if err != nil {
		return fmt.Errorf("GetSession: %w", err)
	}
	if got := session.GetExpiresAt().Sub(session.GetIssuedAt()); got != 30*24*time.Hour {
		return fmt.Errorf("GetSession: remember_me session lasts %v", got)
	}
	api := e2eClient(srv, session.GetToken(), "", "").UserApi

	me, _, err := api.GetUser(ctx)
	switch {
	case err != nil:
		return fmt.Errorf("GetUser: %w", err)
	case me.Username != name || me.GetEmail() != email || me.GetIsValidEmail():
		return fmt.Errorf("GetUser: got %s <%s> confirmed=%t", me.Username, me.GetEmail(), me.GetIsValidEmail())
	}
	if _, err := api.ConfirmEmail(ctx); err != nil {
		return fmt.Errorf("ConfirmEmail: %w", err)
	}
	if _, err := api.UpdateUser(ctx, name, tiledbcloud.User{Company: tiledbcloud.Ptr("company-" + name)}); err != nil {
		return fmt.Errorf("UpdateUser: %w", err)
	}
	byID, _, err := api.GetUserWithUsername(ctx, me.GetID())
	switch {
	case err != nil:
		return fmt.Errorf("GetUserWithUsername: %w", err)
	case byID.Username != name || !byID.GetIsValidEmail() || byID.GetCompany() != "company-"+name || byID.GetName() != "User "+name:
		return fmt.Errorf("GetUserWithUsername: got %+v", byID)
	}
	_, _, err = api.GetUserWithUsername(ctx, e2eOwner)
	if err := e2eExpect("GetUserWithUsername of another user", err, tiledbcloud.ErrForbidden); err != nil {
		return err
	}

	// Tokens.
	scopes, _, err := api.GetTokenScopes(ctx)
	if err != nil || len(scopes) != len(tiledbcloud.AllowedTokenScopeEnumValues) {
		return fmt.Errorf("GetTokenScopes: %v %v", scopes, err)
	}
	var tokens []*tiledbcloud.Token
	for j := 0; j < 3; j++ {
		tok, _, err := api.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("worker")})
		if err != nil {
			return fmt.Errorf("RequestToken: %w", err)
		}
		tokens = append(tokens, tok)
	}
	list, _, err := api.TokensGet(ctx)
	if err != nil {
		return fmt.Errorf("TokensGet: %w", err)
	}
	var names []string
	for _, t := range list {
		names = append(names, t.GetName())
	}
	if strings.Join(names, ",") != "worker,worker-1,worker-2" {
		return fmt.Errorf("TokensGet: got %v", names)
	}
	sessions, _, err := api.TokensSessionGet(ctx)
	if err != nil || len(sessions) != 1 {
		return fmt.Errorf("TokensSessionGet: %d sessions, %v", len(sessions), err)
	}
	viaToken := e2eClient(srv, tokens[1].GetToken(), "", "").UserApi
	if me, _, err := viaToken.GetUser(ctx); err != nil || me.Username != name {
		return fmt.Errorf("GetUser with an API token: %v", err)
	}

	// AWS credentials.
	if _, err := viaToken.AddAWSAccessCredentials(ctx, name, tiledbcloud.AWSAccessCredentials{
		Name: tiledbcloud.Ptr(e2eCredentials), AccessKeyID: tiledbcloud.Ptr("AKIA-" + name),
		SecretAccessKey: tiledbcloud.Ptr("secret-" + name), Default: tiledbcloud.Ptr(true),
	}); err != nil {
		return fmt.Errorf("AddAWSAccessCredentials: %w", err)
	}
	if _, err := viaToken.UpdateAWSAccessCredentials(ctx, name, e2eCredentials, tiledbcloud.AWSAccessCredentials{
		Buckets: []string{"s3://" + name + "/"},
	}); err != nil {
		return fmt.Errorf("UpdateAWSAccessCredentials: %w", err)
	}
	creds, _, err := viaToken.CheckAWSAccessCredentials(ctx, name)
	if err != nil || len(creds) != 1 {
		return fmt.Errorf("CheckAWSAccessCredentials: %d, %v", len(creds), err)
	}
	cred, _, err := viaToken.CheckAWSAccessCredentialsByName(ctx, name, e2eCredentials)
	switch {
	case err != nil:
		return fmt.Errorf("CheckAWSAccessCredentialsByName: %w", err)
	case cred.GetAccessKeyID() != "AKIA-"+name || cred.SecretAccessKey != nil || !cred.GetDefault() ||
		len(cred.Buckets) != 1 || cred.Buckets[0] != "s3://"+name+"/":
		return fmt.Errorf("CheckAWSAccessCredentialsByName: got %+v", cred)
	}
	_, _, err = viaToken.CheckAWSAccessCredentials(ctx, e2eOwner)
	if err := e2eExpect("CheckAWSAccessCredentials of another user", err, tiledbcloud.ErrForbidden); err != nil {
		return err
	}

	// Organization membership.
	if _, err := owner.UserApi.AddUserToOrganization(ctx, e2eOrg, tiledbcloud.OrganizationUser{
		Username: tiledbcloud.Ptr(name), Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesReadOnly),
	}); err != nil {
		return fmt.Errorf("AddUserToOrganization: %w", err)
	}
	_, err = api.AddUserToOrganization(ctx, e2eOrg, tiledbcloud.OrganizationUser{Username: tiledbcloud.Ptr(e2eAdmin)})
	if err := e2eExpect("AddUserToOrganization by a read_only member", err, tiledbcloud.ErrForbidden); err != nil {
		return err
	}
	if _, err := owner.UserApi.UpdateUserInOrganization(ctx, e2eOrg, name, tiledbcloud.OrganizationUser{
		Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesReadWrite),
	}); err != nil {
		return fmt.Errorf("UpdateUserInOrganization: %w", err)
	}
	m, _, err := api.GetOrganizationUser(ctx, e2eOrg, name)
	if err != nil || m.GetRole() != tiledbcloud.OrganizationRolesReadWrite || m.GetOrganizationName() != e2eOrg {
		return fmt.Errorf("GetOrganizationUser: %+v, %v", m, err)
	}
	if _, err := api.DeleteUserFromOrganization(ctx, e2eOrg, name); err != nil {
		return fmt.Errorf("DeleteUserFromOrganization (leave): %w", err)
	}
	_, _, err = api.GetOrganizationUser(ctx, e2eOrg, name)
	if err := e2eExpect("GetOrganizationUser after leaving", err, tiledbcloud.ErrNotFound); err != nil {
		return err
	}

	// Clean up credentials, reset the password, revoke, delete.
	if _, err := viaToken.DeleteAWSAccessCredentials(ctx, name, e2eCredentials); err != nil {
		return fmt.Errorf("DeleteAWSAccessCredentials: %w", err)
	}
	if _, err := api.ResetUserPassword(ctx, tiledbcloud.InlineObject{Password: tiledbcloud.Ptr("new-" + password)}); err != nil {
		return fmt.Errorf("ResetUserPassword: %w", err)
	}
	_, _, err = e2eClient(srv, "", name, password).UserApi.GetUser(ctx)
	if err := e2eExpect("GetUser with the old password", err, tiledbcloud.ErrUnauthorized); err != nil {
		return err
	}
	if _, _, err := e2eClient(srv, "", name, "new-"+password).UserApi.GetUser(ctx); err != nil {
		return fmt.Errorf("GetUser with the new password: %w", err)
	}
	if _, err := api.RevokeToken(ctx, "worker-1"); err != nil {
		return fmt.Errorf("RevokeToken by name: %w", err)
	}
	if _, err := api.RevokeToken(ctx, tokens[2].GetToken()); err != nil {
		return fmt.Errorf("RevokeToken by value: %w", err)
	}
	_, _, err = viaToken.GetUser(ctx)
	if err := e2eExpect("GetUser with a revoked token", err, tiledbcloud.ErrUnauthorized); err != nil {
		return err
	}
	if list, _, err := api.TokensGet(ctx); err != nil || len(list) != 1 || list[0].GetName() != "worker" {
		return fmt.Errorf("TokensGet after revoking: %v, %v", list, err)
	}
	if _, err := api.DeleteUser(ctx, name); err != nil {
		return fmt.Errorf("DeleteUser: %w", err)
	}
	_, _, err = e2eClient(srv, tokens[0].GetToken(), "", "").UserApi.GetUser(ctx)
	return e2eExpect("GetUser after DeleteUser", err, tiledbcloud.ErrUnauthorized)
}

func TestEndToEndConcurrentLifecycles(t *testing.T) {
	srv := tiledbcloudtest.NewTestServer(t,
		tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: e2eOwner, APIKey: "e2e-owner-key"}),
		tiledbcloudtest.WithAdmin(tiledbcloudtest.UserSeed{Username: e2eAdmin, APIKey: "e2e-admin-key"}),
		tiledbcloudtest.WithOrganization(tiledbcloudtest.OrganizationSeed{Name: e2eOrg, Owner: e2eOwner}),
	)
	// Injected 503s and 502s on reads must be absorbed by the SDK's retries:
	// with 3 faults per operation, even a call that meets all of them
	// succeeds on its 4th attempt.
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpTokensGet, 3, http.StatusServiceUnavailable, 0))
	require.NoError(t, srv.FailNext(tiledbcloudtest.OpCheckAWSAccessCredentials, 3, http.StatusBadGateway, 0))

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	owner := e2eClient(srv, "e2e-owner-key", "", "") // shared by all workers
	errs := make([]error, e2eUsers)
	var wg sync.WaitGroup
	for i := 0; i < e2eUsers; i++ {
		i := i
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = e2eLifecycle(ctx, srv, owner, i)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		assert.NoError(t, err, "user %d", i)
	}

	// Every operation ran for every user; the only 5xx are the injected ones.
	perOp := make(map[string]int)
	var serverErrors int
	for _, r := range srv.Requests() {
		perOp[r.Operation]++
		if r.Status >= 500 {
			serverErrors++
		}
	}
	var ops []string
	for _, op := range tiledbcloudtest.Operations() {
		if perOp[op] < e2eUsers {
			ops = append(ops, fmt.Sprintf("%s ran %d times", op, perOp[op]))
		}
	}
	sort.Strings(ops)
	assert.Empty(t, ops, "every operation runs at least once per user")
	assert.Equal(t, 6, serverErrors, "only the injected faults fail with 5xx")

	// Nothing is left behind: the users are gone and the organization has
	// only its owner.
	admin := e2eClient(srv, "e2e-admin-key", "", "").UserApi
	for i := 0; i < e2eUsers; i++ {
		name := fmt.Sprintf("user-%02d", i)
		_, _, err := admin.GetUserWithUsername(ctx, name)
		assert.True(t, errors.Is(err, tiledbcloud.ErrNotFound), "%s: %v", name, err)
		_, _, err = admin.GetOrganizationUser(ctx, e2eOrg, name)
		assert.True(t, errors.Is(err, tiledbcloud.ErrNotFound), "%s: %v", name, err)
	}
	me, _, err := owner.UserApi.GetUser(ctx)
	require.NoError(t, err)
	require.Len(t, me.Organizations, 1)
	assert.Equal(t, tiledbcloud.OrganizationRolesOwner, me.Organizations[0].GetRole())
}
