package tiledbcloudtest_test

import (
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

func TestNewServerServesOnLoopbackUnderV1(t *testing.T) {
	srv, err := tiledbcloudtest.NewServer(tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: alice, APIKey: aliceKey}))
	require.NoError(t, err)
	t.Cleanup(srv.Close)

	assert.Regexp(t, `^http://127\.0\.0\.1:\d+/v1$`, srv.URL())
	user, _, err := srv.Client(alice).UserApi.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, alice, user.Username)

	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "/v1/user", reqs[0].Path)
}

func TestCloseStopsServingAndKeepsRequests(t *testing.T) {
	srv, err := tiledbcloudtest.NewServer(tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: alice, APIKey: aliceKey}))
	require.NoError(t, err)
	c := client(srv, alice)
	_, _, err = c.UserApi.GetUser(ctx)
	require.NoError(t, err)

	srv.Close()
	srv.Close() // a second Close is harmless

	_, _, err = c.UserApi.GetUser(ctx)
	var reqErr *tiledbcloud.RequestError
	require.ErrorAs(t, err, &reqErr, "a call after Close finds no server")
	assert.Len(t, srv.Requests(), 1, "Requests still works after Close")
}

func TestNewServerRejectsInvalidSeeds(t *testing.T) {
	user := func(name string) tiledbcloudtest.Option {
		return tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: name})
	}
	keys := tiledbcloudtest.AWSCredentialsSeed{Name: "k", AccessKeyID: "AKIA", SecretAccessKey: "s"}
	tests := []struct {
		name string
		opts []tiledbcloudtest.Option
		want string
	}{
		{"empty username", []tiledbcloudtest.Option{user("")}, "username is required"},
		{"invalid username", []tiledbcloudtest.Option{user("a b")}, "may contain only"},
		{"long username", []tiledbcloudtest.Option{user(strings.Repeat("a", 64))}, "longer than 63"},
		{"short password", []tiledbcloudtest.Option{tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "u", Password: "1234567"})}, "at least 8"},
		{"duplicate user", []tiledbcloudtest.Option{user("u"), user("u")}, "already taken"},
		{"duplicate API key", []tiledbcloudtest.Option{
			tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "u", APIKey: "k"}),
			tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "v", APIKey: "k"}),
		}, "API key"},
		{"organization named like a user", []tiledbcloudtest.Option{user("u"),
			tiledbcloudtest.WithOrganization(tiledbcloudtest.OrganizationSeed{Name: "u"})}, "already taken"},
		{"unknown owner", []tiledbcloudtest.Option{
			tiledbcloudtest.WithOrganization(tiledbcloudtest.OrganizationSeed{Name: "o", Owner: "nobody"})}, "not a seeded user"},
		{"unknown member", []tiledbcloudtest.Option{tiledbcloudtest.WithOrganization(tiledbcloudtest.OrganizationSeed{Name: "o",
			Members: map[string]tiledbcloud.OrganizationRoles{"nobody": tiledbcloud.OrganizationRolesReadOnly}})}, "not a seeded user"},
		{"unknown role", []tiledbcloudtest.Option{user("u"), tiledbcloudtest.WithOrganization(tiledbcloudtest.OrganizationSeed{Name: "o",
			Members: map[string]tiledbcloud.OrganizationRoles{"u": "boss"}})}, "unknown role"},
		{"credentials in unknown namespace", []tiledbcloudtest.Option{tiledbcloudtest.WithAWSCredentials("nobody", keys)}, "namespace"},
		{"credentials without name", []tiledbcloudtest.Option{user("u"),
			tiledbcloudtest.WithAWSCredentials("u", tiledbcloudtest.AWSCredentialsSeed{AccessKeyID: "a", SecretAccessKey: "s"})}, "name is required"},
		{"credentials without keys", []tiledbcloudtest.Option{user("u"),
			tiledbcloudtest.WithAWSCredentials("u", tiledbcloudtest.AWSCredentialsSeed{Name: "k"})}, "required"},
		{"duplicate credentials", []tiledbcloudtest.Option{user("u"),
			tiledbcloudtest.WithAWSCredentials("u", keys), tiledbcloudtest.WithAWSCredentials("u", keys)}, "already has"},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			srv, err := tiledbcloudtest.NewServer(tt.opts...)
			if srv != nil {
				srv.Close()
			}
			require.Error(t, err)
			assert.Nil(t, srv)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestSeedOrderDoesNotMatter(t *testing.T) {
	srv := tiledbcloudtest.NewTestServer(t,
		tiledbcloudtest.WithAWSCredentials("o", tiledbcloudtest.AWSCredentialsSeed{Name: "k", ServiceRoleARN: "arn:aws:iam::1:role/r"}),
		tiledbcloudtest.WithOrganization(tiledbcloudtest.OrganizationSeed{Name: "o", Owner: "u"}),
		tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "u"}),
	)
	creds, _, err := client(srv, "u").UserApi.CheckAWSAccessCredentials(ctx, "o")
	require.NoError(t, err)
	require.Len(t, creds, 1)
	assert.Equal(t, "k", creds[0].GetName())
}

// fakeTB records what NewTestServer does with its TB.
type fakeTB struct {
	fatal    string
	cleanups []func()
}

func (f *fakeTB) Helper()                           {}
func (f *fakeTB) Fatalf(format string, args ...any) { f.fatal = fmt.Sprintf(format, args...) }
func (f *fakeTB) Cleanup(fn func())                 { f.cleanups = append(f.cleanups, fn) }

func TestNewTestServerFailsTheTestOnError(t *testing.T) {
	var tb fakeTB
	srv := tiledbcloudtest.NewTestServer(&tb, tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "not valid"}))
	assert.Nil(t, srv)
	assert.Contains(t, tb.fatal, "not valid")
	assert.Empty(t, tb.cleanups)
}

func TestNewTestServerClosesAtCleanup(t *testing.T) {
	var tb fakeTB
	srv := tiledbcloudtest.NewTestServer(&tb, tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: alice}))
	require.NotNil(t, srv)
	require.Len(t, tb.cleanups, 1)
	_, _, err := client(srv, alice).UserApi.GetUser(ctx)
	require.NoError(t, err)
	tb.cleanups[0]()
	_, _, err = client(srv, alice).UserApi.GetUser(ctx)
	var reqErr *tiledbcloud.RequestError
	assert.ErrorAs(t, err, &reqErr)
}

func TestConfigPicksTheUsersCredentials(t *testing.T) {
	srv := newServer(t, tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "keyonly"}))

	cfg := srv.Config(alice)
	assert.Equal(t, srv.URL(), cfg.BasePath)
	assert.Equal(t, aliceKey, cfg.APIKey, "the seeded API key")

	// A user seeded with neither key nor password gets a generated key.
	generated := srv.Config("keyonly").APIKey
	assert.Len(t, generated, 43, "a generated key is 32 random bytes in base64")
	user, _, err := keyClient(srv, generated).UserApi.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, "keyonly", user.Username)

	// A user seeded with a password only has no key: Config uses basic auth.
	cfg = srv.Config(bob)
	assert.Empty(t, cfg.APIKey)
	assert.Equal(t, bob, cfg.Username)
	assert.Equal(t, bobPW, cfg.Password)
	tokens, _, err := client(srv, bob).UserApi.TokensGet(ctx)
	require.NoError(t, err)
	assert.Empty(t, tokens, "no key was generated for bob")

	// Once alice's key is revoked, Config falls back to basic auth.
	_, err = client(srv, alice).UserApi.RevokeToken(ctx, tiledbcloudtest.SeedTokenName)
	require.NoError(t, err)
	cfg = srv.Config(alice)
	assert.Empty(t, cfg.APIKey)
	assert.Equal(t, alice, cfg.Username)
	assert.Equal(t, alicePW, cfg.Password)
	user, _, err = tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, alice, user.Username)

	// An unknown user gets no credentials: sign-up works, the rest is 401.
	cfg = srv.Config("nobody")
	assert.Empty(t, cfg.APIKey)
	assert.Empty(t, cfg.Username)
	anon := srv.Client("")
	_, err = anon.UserApi.CreateUser(ctx, tiledbcloud.User{Username: "dave", Password: tiledbcloud.Ptr("dave-password")})
	require.NoError(t, err)
	_, _, err = anon.UserApi.GetUser(ctx)
	requireAPIError(t, err, http.StatusUnauthorized)

	// A signed-up user has no seeded key: Config uses their password.
	cfg = srv.Config("dave")
	assert.Equal(t, "dave", cfg.Username)
	_, _, err = srv.Client("dave").UserApi.GetUser(ctx)
	require.NoError(t, err)
}

// TestOperationsMatchTheSDK checks that each operation the server
// implements is a method of the SDK's UserApi, in order. (api's
// TestFakeImplementsEveryOperation checks that it implements them all.)
func TestOperationsMatchTheSDK(t *testing.T) {
	api := reflect.TypeOf((*tiledbcloud.UserApi)(nil)).Elem()
	ops := tiledbcloudtest.Operations()
	require.NotEmpty(t, ops)
	assert.True(t, sort.StringsAreSorted(ops), "Operations() is not sorted: %v", ops)
	for _, op := range ops {
		_, ok := api.MethodByName(op)
		assert.True(t, ok, "the fake implements %s, which UserApi lacks", op)
	}
}

// TestEveryOperationIsRouted calls each SDK method once and checks that the
// server routed it to the operation of the same name.
func TestEveryOperationIsRouted(t *testing.T) {
	srv := newServer(t)
	api := client(srv, root).UserApi
	o := tiledbcloud.OrganizationUser{Username: tiledbcloud.Ptr(carol)}
	k := tiledbcloud.AWSAccessCredentials{Name: tiledbcloud.Ptr("k"), AccessKeyID: tiledbcloud.Ptr("a"), SecretAccessKey: tiledbcloud.Ptr("s")}
	calls := map[string]func() error{
		tiledbcloudtest.OpCreateUser: func() error {
			_, err := api.CreateUser(ctx, tiledbcloud.User{Username: "dave", Password: tiledbcloud.Ptr("dave-password")})
			return err
		},
		tiledbcloudtest.OpGetUser:             func() error { _, _, err := api.GetUser(ctx); return err },
		tiledbcloudtest.OpGetUserWithUsername: func() error { _, _, err := api.GetUserWithUsername(ctx, bob); return err },
		tiledbcloudtest.OpUpdateUser: func() error {
			_, err := api.UpdateUser(ctx, bob, tiledbcloud.User{Company: tiledbcloud.Ptr("x")})
			return err
		},
		tiledbcloudtest.OpConfirmEmail: func() error { _, err := api.ConfirmEmail(ctx); return err },
		tiledbcloudtest.OpResetUserPassword: func() error {
			_, err := api.ResetUserPassword(ctx, tiledbcloud.InlineObject{Password: tiledbcloud.Ptr(rootPW)})
			return err
		},
		tiledbcloudtest.OpRequestToken:     func() error { _, _, err := api.RequestToken(ctx, nil); return err },
		tiledbcloudtest.OpGetSession:       func() error { _, _, err := api.GetSession(ctx, nil); return err },
		tiledbcloudtest.OpTokensGet:        func() error { _, _, err := api.TokensGet(ctx); return err },
		tiledbcloudtest.OpTokensSessionGet: func() error { _, _, err := api.TokensSessionGet(ctx); return err },
		tiledbcloudtest.OpGetTokenScopes:   func() error { _, _, err := api.GetTokenScopes(ctx); return err },
		tiledbcloudtest.OpRevokeToken:      func() error { _, err := api.RevokeToken(ctx, "session"); return err },
		tiledbcloudtest.OpAddAWSAccessCredentials: func() error {
			_, err := api.AddAWSAccessCredentials(ctx, carol, k)
			return err
		},
		tiledbcloudtest.OpCheckAWSAccessCredentials: func() error {
			_, _, err := api.CheckAWSAccessCredentials(ctx, carol)
			return err
		},
		tiledbcloudtest.OpCheckAWSAccessCredentialsByName: func() error {
			_, _, err := api.CheckAWSAccessCredentialsByName(ctx, carol, "k")
			return err
		},
		tiledbcloudtest.OpUpdateAWSAccessCredentials: func() error {
			_, err := api.UpdateAWSAccessCredentials(ctx, carol, "k", tiledbcloud.AWSAccessCredentials{Buckets: []string{"s3://b"}})
			return err
		},
		tiledbcloudtest.OpDeleteAWSAccessCredentials: func() error {
			_, err := api.DeleteAWSAccessCredentials(ctx, carol, "k")
			return err
		},
		tiledbcloudtest.OpAddUserToOrganization: func() error { _, err := api.AddUserToOrganization(ctx, acme, o); return err },
		tiledbcloudtest.OpGetOrganizationUser: func() error {
			_, _, err := api.GetOrganizationUser(ctx, acme, carol)
			return err
		},
		tiledbcloudtest.OpUpdateUserInOrganization: func() error {
			_, err := api.UpdateUserInOrganization(ctx, acme, carol, tiledbcloud.OrganizationUser{Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesAdmin)})
			return err
		},
		tiledbcloudtest.OpDeleteUserFromOrganization: func() error {
			_, err := api.DeleteUserFromOrganization(ctx, acme, carol)
			return err
		},
		tiledbcloudtest.OpDeleteUser: func() error { _, err := api.DeleteUser(ctx, "dave"); return err },
	}
	order := []string{
		tiledbcloudtest.OpCreateUser, tiledbcloudtest.OpGetUser, tiledbcloudtest.OpGetUserWithUsername,
		tiledbcloudtest.OpUpdateUser, tiledbcloudtest.OpConfirmEmail, tiledbcloudtest.OpResetUserPassword,
		tiledbcloudtest.OpRequestToken, tiledbcloudtest.OpGetSession, tiledbcloudtest.OpTokensGet,
		tiledbcloudtest.OpTokensSessionGet, tiledbcloudtest.OpGetTokenScopes, tiledbcloudtest.OpRevokeToken,
		tiledbcloudtest.OpAddAWSAccessCredentials, tiledbcloudtest.OpCheckAWSAccessCredentials,
		tiledbcloudtest.OpCheckAWSAccessCredentialsByName, tiledbcloudtest.OpUpdateAWSAccessCredentials,
		tiledbcloudtest.OpDeleteAWSAccessCredentials, tiledbcloudtest.OpAddUserToOrganization,
		tiledbcloudtest.OpGetOrganizationUser, tiledbcloudtest.OpUpdateUserInOrganization,
		tiledbcloudtest.OpDeleteUserFromOrganization, tiledbcloudtest.OpDeleteUser,
	}
	sorted := append([]string(nil), order...)
	sort.Strings(sorted)
	require.Equal(t, tiledbcloudtest.Operations(), sorted, "order lists every operation once")
	require.Len(t, calls, len(order))
	for _, op := range order {
		call := calls[op]
		require.NotNil(t, call, op)
		srv.ResetRequests()
		require.NoError(t, call(), op)
		reqs := srv.Requests()
		require.Len(t, reqs, 1, op)
		assert.Equal(t, op, reqs[0].Operation)
		if op != tiledbcloudtest.OpCreateUser {
			assert.Equal(t, root, reqs[0].Username, op)
		}
		assert.Less(t, reqs[0].Status, 300, op)
	}
}

// TestPathParametersAreRoutedEscaped checks names holding characters that
// are special in paths: each must stay one path segment.
func TestPathParametersAreRoutedEscaped(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	for _, name := range []string{"a/b", "with space", "100%", "what?", "#hash", "a/../b", "%2F", "ünïcode"} {
		name := name
		t.Run(name, func(t *testing.T) {
			_, err := api.AddAWSAccessCredentials(ctx, alice, tiledbcloud.AWSAccessCredentials{
				Name: tiledbcloud.Ptr(name), AccessKeyID: tiledbcloud.Ptr("AKIA"), SecretAccessKey: tiledbcloud.Ptr("secret"),
			})
			require.NoError(t, err)
			got, _, err := api.CheckAWSAccessCredentialsByName(ctx, alice, name)
			require.NoError(t, err)
			assert.Equal(t, name, got.GetName())
			_, err = api.UpdateAWSAccessCredentials(ctx, alice, name, tiledbcloud.AWSAccessCredentials{Buckets: []string{"s3://b"}})
			require.NoError(t, err)
			_, err = api.DeleteAWSAccessCredentials(ctx, alice, name)
			require.NoError(t, err)
			_, _, err = api.CheckAWSAccessCredentialsByName(ctx, alice, name)
			requireAPIError(t, err, http.StatusNotFound)

			tok, _, err := api.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr(name)})
			require.NoError(t, err)
			assert.Equal(t, name, tok.GetName())
			_, err = api.RevokeToken(ctx, name)
			require.NoError(t, err)
			_, _, err = keyClient(srv, tok.GetToken()).UserApi.GetUser(ctx)
			requireAPIError(t, err, http.StatusUnauthorized)
		})
	}
	for _, r := range srv.Requests() {
		if r.Operation == tiledbcloudtest.OpDeleteAWSAccessCredentials && strings.Contains(r.Path, "space") {
			assert.Equal(t, "/v1/credentials/alice/aws/with%20space", r.Path, "Request.Path is the escaped path")
		}
	}
}

func TestUnknownEndpoints(t *testing.T) {
	srv := newServer(t)
	base := strings.TrimSuffix(srv.URL(), "/v1")
	auth := map[string]string{"X-TILEDB-REST-API-KEY": aliceKey}

	for _, path := range []string{"/v1/nothing", "/v2/user", "/", "/v1/users/", "/v1/user/", "/v1//aws"} {
		r := raw(t, http.MethodGet, base+path, auth, "")
		assert.Equal(t, http.StatusNotFound, r.Status, path)
		errorDoc(t, r)
	}

	r := raw(t, http.MethodPut, base+"/v1/user", auth, "{}")
	assert.Equal(t, http.StatusMethodNotAllowed, r.Status)
	assert.Equal(t, "GET, POST", r.Header.Get("Allow"))
	errorDoc(t, r)

	// GET /tokens/{token} does not exist; DELETE does.
	r = raw(t, http.MethodGet, base+"/v1/tokens/abc", auth, "")
	assert.Equal(t, http.StatusMethodNotAllowed, r.Status)
	assert.Equal(t, "DELETE", r.Header.Get("Allow"))

	for _, r := range srv.Requests() {
		assert.Empty(t, r.Operation, "%s %s matched no operation", r.Method, r.Path)
	}
}

func TestOverlappingRoutes(t *testing.T) {
	srv := newServer(t, tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "user", Password: "user-password"}))
	api := client(srv, alice).UserApi

	// A member called "user" is reachable at /organizations/acme/user,
	// the path POST uses to add members.
	_, err := api.AddUserToOrganization(ctx, acme, tiledbcloud.OrganizationUser{Username: tiledbcloud.Ptr("user")})
	require.NoError(t, err)
	m, _, err := api.GetOrganizationUser(ctx, acme, "user")
	require.NoError(t, err)
	assert.Equal(t, "user", m.GetUsername())
	_, err = api.DeleteUserFromOrganization(ctx, acme, "user")
	require.NoError(t, err)

	// Tokens called "session" and "scopes" can be revoked.
	for _, name := range []string{"session", "scopes"} {
		_, _, err := api.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr(name)})
		require.NoError(t, err)
		_, err = api.RevokeToken(ctx, name)
		require.NoError(t, err, name)
	}
	tokens, _, err := api.TokensGet(ctx)
	require.NoError(t, err)
	require.Len(t, tokens, 1)
	assert.Equal(t, tiledbcloudtest.SeedTokenName, tokens[0].GetName())
}

func TestErrorsHaveUniqueRequestIDs(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	seen := make(map[string]bool)
	for i := 0; i < 20; i++ {
		_, _, err := api.GetUserWithUsername(ctx, "nobody")
		id := requireAPIError(t, err, http.StatusNotFound).RequestID()
		assert.False(t, seen[id], "request_id %s repeated", id)
		seen[id] = true
	}
	reqs := srv.Requests()
	require.Len(t, reqs, 20)
	for _, r := range reqs {
		assert.True(t, seen[r.RequestID], "Request.RequestID %s is the error's", r.RequestID)
	}
}

func TestListsAreEmptyArraysNotNull(t *testing.T) {
	srv := newServer(t)
	auth := map[string]string{"Authorization": basicAuth(carol, carolPW)}
	for _, path := range []string{"/tokens", "/tokens/session", "/credentials/carol/aws"} {
		r := raw(t, http.MethodGet, srv.URL()+path, auth, "")
		require.Equal(t, http.StatusOK, r.Status, path)
		assert.Equal(t, "[]", string(r.Body), path)
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	}
}

func TestMalformedRequestBodies(t *testing.T) {
	srv := newServer(t)
	auth := map[string]string{"X-TILEDB-REST-API-KEY": aliceKey}
	url := srv.URL() + "/credentials/alice/aws"
	for _, body := range []string{"null", "[]", `"x"`, "{", `{"name": 1}`} {
		r := raw(t, http.MethodPost, url, auth, body)
		assert.Equal(t, http.StatusBadRequest, r.Status, body)
		errorDoc(t, r)
	}
	r := raw(t, http.MethodPost, url, map[string]string{"X-TILEDB-REST-API-KEY": aliceKey}, "")
	assert.Equal(t, http.StatusBadRequest, r.Status, "missing body")

	r = raw(t, http.MethodPost, url, map[string]string{"X-TILEDB-REST-API-KEY": aliceKey, "Content-Type": "text/xml"}, "<x/>")
	assert.Equal(t, http.StatusUnsupportedMediaType, r.Status)
	errorDoc(t, r)

	big := `{"name":"` + strings.Repeat("x", tiledbcloudtest.MaxRequestBody) + `"}`
	r = raw(t, http.MethodPost, url, auth, big)
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.Status)
	errorDoc(t, r)
	assert.Len(t, srv.Requests()[len(srv.Requests())-1].Body, tiledbcloudtest.MaxRequestBody+1, "recorded body is bounded")
}

func TestRequestsRecordWhatWasReceived(t *testing.T) {
	srv := newServer(t)
	api := client(srv, alice).UserApi
	_, err := api.AddAWSAccessCredentials(ctx, alice, tiledbcloud.AWSAccessCredentials{
		Name: tiledbcloud.Ptr("k"), AccessKeyID: tiledbcloud.Ptr("AKIA"), SecretAccessKey: tiledbcloud.Ptr("secret"),
	})
	require.NoError(t, err)
	_, _, err = api.GetSession(ctx, &tiledbcloud.GetSessionOpts{RememberMe: true})
	require.NoError(t, err)
	_, _, err = client(srv, "").UserApi.GetUser(ctx)
	require.Error(t, err)

	reqs := srv.Requests()
	require.Len(t, reqs, 3)
	add := reqs[0]
	assert.Equal(t, tiledbcloudtest.OpAddAWSAccessCredentials, add.Operation)
	assert.Equal(t, http.MethodPost, add.Method)
	assert.Equal(t, "/v1/credentials/alice/aws", add.Path)
	assert.Equal(t, aliceKey, add.Header.Get("X-TILEDB-REST-API-KEY"))
	assert.Contains(t, add.Header.Get("User-Agent"), "tiledbcloud-go/")
	assert.JSONEq(t, `{"name":"k","access_key_id":"AKIA","secret_access_key":"secret"}`, string(add.Body))
	assert.Equal(t, alice, add.Username)
	assert.Equal(t, http.StatusNoContent, add.Status)

	assert.Equal(t, "remember_me=true", reqs[1].RawQuery)
	assert.Equal(t, http.StatusOK, reqs[1].Status)
	assert.Equal(t, "", reqs[2].Username)
	assert.Equal(t, http.StatusUnauthorized, reqs[2].Status)

	// Requests returns copies.
	reqs[0].Header.Set("X-TILEDB-REST-API-KEY", "changed")
	reqs[0].Body[0] = 'X'
	again := srv.Requests()[0]
	assert.Equal(t, aliceKey, again.Header.Get("X-TILEDB-REST-API-KEY"))
	assert.Equal(t, byte('{'), again.Body[0])

	srv.ResetRequests()
	assert.Empty(t, srv.Requests())
}

func basicAuth(user, password string) string {
	req, _ := http.NewRequest(http.MethodGet, "http://x", nil)
	req.SetBasicAuth(user, password)
	return req.Header.Get("Authorization")
}

func TestConcurrentUse(t *testing.T) {
	srv := newServer(t)
	const workers = 8
	errs := make(chan error, workers)
	for i := 0; i < workers; i++ {
		i := i
		go func() {
			name := fmt.Sprintf("user%d", i)
			anon := client(srv, "")
			if _, err := anon.UserApi.CreateUser(ctx, tiledbcloud.User{Username: name, Password: tiledbcloud.Ptr("password-" + name)}); err != nil {
				errs <- err
				return
			}
			api := basicClient(srv, name, "password-"+name).UserApi
			for j := 0; j < 5; j++ {
				if _, _, err := api.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("t")}); err != nil {
					errs <- err
					return
				}
			}
			tokens, _, err := api.TokensGet(ctx)
			if err == nil && len(tokens) != 5 {
				err = fmt.Errorf("%s has %d tokens, want 5", name, len(tokens))
			}
			errs <- err
		}()
	}
	for i := 0; i < workers; i++ {
		assert.NoError(t, <-errs)
	}
}

func TestWithAddr(t *testing.T) {
	srv := tiledbcloudtest.NewTestServer(t, tiledbcloudtest.WithAddr("127.0.0.1:0"),
		tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: alice, APIKey: aliceKey}))
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+/v1$`, srv.URL())
	_, _, err := srv.Client(alice).UserApi.GetUser(ctx)
	require.NoError(t, err)

	// The port is taken now.
	hostPort := strings.TrimSuffix(strings.TrimPrefix(srv.URL(), "http://"), "/v1")
	_, err = tiledbcloudtest.NewServer(tiledbcloudtest.WithAddr(hostPort))
	assert.Error(t, err)
	_, err = tiledbcloudtest.NewServer(tiledbcloudtest.WithAddr("not an address"))
	assert.Error(t, err)
}
