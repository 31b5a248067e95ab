// Command quickstart shows the tiledbcloud SDK at work, with no account and
// no network needed:
//
//	go run ./examples/quickstart
//
// With TILEDB_REST_HOST and TILEDB_REST_TOKEN unset it starts the embedded
// fake server of package tiledbcloudtest and walks through a whole session,
// calling every operation of the user API: sign up, confirm the
// email, log in with basic auth for a session token, create, list, use and
// revoke an API token, manage AWS credentials, join an organization, reset
// the password and delete the account.
//
// With both set (TILEDB_REST_HOST like https://api.tiledb.com, to which /v1
// is added when it has no path), it makes only read-only calls against that
// server: GetUser, TokensGet, GetTokenScopes and CheckAWSAccessCredentials.
//
// It prints what each step did, never a password, token or secret key, and
// exits with status 1 if a step fails.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// The seeded organization of the embedded server and its owner, who adds
// the new user to it.
const (
	demoOrganization = "example-lab"
	demoOwner        = "lab-owner"
	demoOwnerKey     = "lab-owner-api-key"
)

// The account the walkthrough signs up. The passwords are examples for a
// throwaway in-memory server, never printed.
const (
	demoUsername    = "jane"
	demoEmail       = "jane@example.com"
	demoPassword    = "correct-horse-battery"
	demoNewPassword = "staple-horse-battery"
	demoTokenName   = "quickstart-ci"
	demoCredentials = "s3-main"
	demoRegion      = "eu-west-1"
	demoNotebooks   = "s3://example-lab-notebooks/jane/"
)

// maxRunTime bounds a whole run, so that a stuck server cannot hang it.
const maxRunTime = 5 * time.Minute

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithTimeout(ctx, maxRunTime)
	err := run(ctx, os.Stdout, os.Getenv)
	cancel()
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run picks the mode from the environment and runs it, writing to w.
func run(ctx context.Context, w io.Writer, getenv func(string) string) error {
	host := strings.TrimSpace(getenv("TILEDB_REST_HOST"))
	token := strings.TrimSpace(getenv("TILEDB_REST_TOKEN"))
	if host != "" && token != "" {
		base, err := basePath(host)
		if err != nil {
			return err
		}
		cfg := tiledbcloud.NewConfiguration()
		cfg.BasePath = base
		cfg.APIKey = token
		fmt.Fprintf(w, "Read-only tour of %s (from TILEDB_REST_HOST and TILEDB_REST_TOKEN).\n\n", base)
		return readOnly(ctx, w, tiledbcloud.NewAPIClient(cfg))
	}

	srv, err := newDemoServer()
	if err != nil {
		return err
	}
	defer srv.Close()
	fmt.Fprintf(w, "Running against the embedded TileDB Cloud fake at %s.\n", srv.URL())
	if host != "" || token != "" {
		fmt.Fprintln(w, "(Only one of TILEDB_REST_HOST and TILEDB_REST_TOKEN is set; set both for a read-only tour of a real server.)")
	} else {
		fmt.Fprintln(w, "(Set TILEDB_REST_HOST and TILEDB_REST_TOKEN for a read-only tour of a real server.)")
	}
	fmt.Fprintln(w)
	return walkthrough(ctx, w, srv.URL(), demoOrganization, srv.Client(demoOwner))
}

// newDemoServer starts the embedded server with an organization whose owner
// will add the new user to it.
func newDemoServer() (*tiledbcloudtest.Server, error) {
	return tiledbcloudtest.NewServer(
		tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: demoOwner, APIKey: demoOwnerKey, Name: "Lab Owner"}),
		tiledbcloudtest.WithOrganization(tiledbcloudtest.OrganizationSeed{Name: demoOrganization, Owner: demoOwner}),
	)
}

// basePath turns TILEDB_REST_HOST into the API base path: https:// is
// assumed without a scheme, and /v1 is added when there is no path.
func basePath(host string) (string, error) {
	if !strings.Contains(host, "://") {
		host = "https://" + host
	}
	u, err := url.Parse(host)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("TILEDB_REST_HOST %q is not a URL like https://api.tiledb.com", host)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/v1"
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

// steps numbers and prints the steps of a tour, and counts the operations
// they called.
type steps struct {
	w   io.Writer
	n   int
	ops map[string]bool
}

// done prints one step: the operation it called and what happened.
func (s *steps) done(op, format string, args ...any) {
	s.n++
	if s.ops == nil {
		s.ops = make(map[string]bool)
	}
	s.ops[op] = true
	fmt.Fprintf(s.w, "%2d. %-32s %s\n", s.n, op, fmt.Sprintf(format, args...))
}

// fail wraps the error of a step's call.
func fail(op string, err error) error { return fmt.Errorf("%s: %w", op, err) }

// expectStatus checks that err is an API error with the given status.
func expectStatus(op string, err error, want int) (*tiledbcloud.APIError, error) {
	var apiErr *tiledbcloud.APIError
	switch {
	case err == nil:
		return nil, fmt.Errorf("%s succeeded; want %d %s", op, want, http.StatusText(want))
	case !errors.As(err, &apiErr) || apiErr.StatusCode != want:
		return nil, fmt.Errorf("%s: want %d %s, got: %w", op, want, http.StatusText(want), err)
	}
	return apiErr, nil
}

// withKey returns a client for baseURL that authenticates with an API key.
func withKey(baseURL, key string) *tiledbcloud.APIClient {
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = baseURL
	cfg.APIKey = key
	return tiledbcloud.NewAPIClient(cfg)
}

// withPassword returns a client for baseURL that uses basic auth.
func withPassword(baseURL, username, password string) *tiledbcloud.APIClient {
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = baseURL
	cfg.Username, cfg.Password = username, password
	return tiledbcloud.NewAPIClient(cfg)
}

// walkthrough runs a new user's whole session against the server at
// baseURL, calling every operation. owner manages organization org.
func walkthrough(ctx context.Context, w io.Writer, baseURL, org string, owner *tiledbcloud.APIClient) error {
	s := &steps{w: w}
	anonymous := tiledbcloud.NewAPIClient(&tiledbcloud.Configuration{BasePath: baseURL})

	// Sign up and log in.
	_, err := anonymous.UserApi.CreateUser(ctx, tiledbcloud.User{
		Username: demoUsername, Password: tiledbcloud.Ptr(demoPassword),
		Name: tiledbcloud.Ptr("Jane Doe"), Email: tiledbcloud.Ptr(demoEmail),
	})
	if err != nil {
		return fail("CreateUser", err)
	}
	s.done("CreateUser", "signed up %q <%s> (no credentials needed)", demoUsername, demoEmail)

	session, _, err := withPassword(baseURL, demoUsername, demoPassword).UserApi.GetSession(ctx, &tiledbcloud.GetSessionOpts{RememberMe: true})
	if err != nil {
		return fail("GetSession", err)
	}
	s.done("GetSession", "logged in with basic auth: session token %q, valid for %s (remember me)",
		session.GetName(), lifetime(session))
	jane := withKey(baseURL, session.GetToken()).UserApi

	me, _, err := jane.GetUser(ctx)
	if err != nil {
		return fail("GetUser", err)
	}
	s.done("GetUser", "the session token authenticates %s (%s); email confirmed: %s",
		me.Username, me.GetName(), yesNo(me.GetIsValidEmail()))

	// Profile.
	if _, err := jane.ConfirmEmail(ctx); err != nil {
		return fail("ConfirmEmail", err)
	}
	s.done("ConfirmEmail", "confirmed %s", me.GetEmail())

	// Today's service also keeps a default region and, per kind of asset, a
	// storage location with the credentials that reach it.
	if _, err := jane.UpdateUser(ctx, demoUsername, tiledbcloud.User{
		Company: tiledbcloud.Ptr("Example Labs"), Timezone: tiledbcloud.Ptr("Europe/Athens"),
		DefaultRegion: tiledbcloud.Ptr(demoRegion),
		AssetLocations: &tiledbcloud.AssetLocations{Notebooks: &tiledbcloud.StorageLocation{
			Path: tiledbcloud.NewNullable(demoNotebooks), CredentialsName: tiledbcloud.NewNullable(demoCredentials),
		}},
	}); err != nil {
		return fail("UpdateUser", err)
	}
	s.done("UpdateUser", "set company, timezone, default region and where notebooks go; nothing else changes")

	me, _, err = jane.GetUserWithUsername(ctx, demoUsername)
	if err != nil {
		return fail("GetUserWithUsername", err)
	}
	notebooks := me.GetAssetLocations().GetNotebooks()
	s.done("GetUserWithUsername", "%s: company %q, timezone %s, region %s, notebooks in %s (credentials %q), email confirmed: %s",
		me.Username, me.GetCompany(), me.GetTimezone(), me.GetDefaultRegion(), notebooks.GetPath(),
		notebooks.GetCredentialsName(), yesNo(me.GetIsValidEmail()))

	// API tokens.
	scopes, _, err := jane.GetTokenScopes(ctx)
	if err != nil {
		return fail("GetTokenScopes", err)
	}
	s.done("GetTokenScopes", "%d scopes available: %s", len(scopes), joinScopes(scopes))

	// A token of two scopes: enough for the user's own profile and
	// credentials, and for reading organizations, but no more.
	expires := time.Now().Add(24 * time.Hour)
	apiToken, _, err := jane.RequestToken(ctx, &tiledbcloud.TokenRequest{
		Name: tiledbcloud.Ptr(demoTokenName), Expires: &expires,
		Scope: []tiledbcloud.TokenScope{tiledbcloud.TokenScopeUserReadWrite, tiledbcloud.TokenScopeOrganizationRead},
	})
	if err != nil {
		return fail("RequestToken", err)
	}
	s.done("RequestToken", "created API token %q with scopes %s, valid for %s",
		apiToken.GetName(), joinScopes(apiToken.Scope), lifetime(apiToken))

	tokens, _, err := jane.TokensGet(ctx)
	if err != nil {
		return fail("TokensGet", err)
	}
	s.done("TokensGet", "%s: %s", count(len(tokens), "API token"), tokenNames(tokens))

	sessions, _, err := jane.TokensSessionGet(ctx)
	if err != nil {
		return fail("TokensSessionGet", err)
	}
	s.done("TokensSessionGet", "%s: %s", count(len(sessions), "session token"), tokenNames(sessions))

	viaToken := withKey(baseURL, apiToken.GetToken()).UserApi
	if me, _, err = viaToken.GetUser(ctx); err != nil {
		return fail("GetUser", err)
	}
	s.done("GetUser", "the new API token authenticates %s too", me.Username)

	// AWS credentials in the user's namespace.
	if _, err := viaToken.AddAWSAccessCredentials(ctx, demoUsername, tiledbcloud.AWSAccessCredentials{
		Name: tiledbcloud.Ptr(demoCredentials), AccessKeyID: tiledbcloud.Ptr("AKIAIOSFODNN7EXAMPLE"),
		SecretAccessKey: tiledbcloud.Ptr("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
		Default:         tiledbcloud.Ptr(true), Buckets: []string{"s3://example-lab-data/"},
	}); err != nil {
		return fail("AddAWSAccessCredentials", err)
	}
	s.done("AddAWSAccessCredentials", "stored AWS credentials %q as the default for namespace %s", demoCredentials, demoUsername)

	creds, _, err := viaToken.CheckAWSAccessCredentials(ctx, demoUsername)
	if err != nil {
		return fail("CheckAWSAccessCredentials", err)
	}
	s.done("CheckAWSAccessCredentials", "%s has %s: %s", demoUsername, count(len(creds), "set of credentials"), credentialNames(creds))

	if _, err := viaToken.UpdateAWSAccessCredentials(ctx, demoUsername, demoCredentials, tiledbcloud.AWSAccessCredentials{
		Buckets: []string{"s3://example-lab-data/", "s3://example-lab-scratch/"},
	}); err != nil {
		return fail("UpdateAWSAccessCredentials", err)
	}
	s.done("UpdateAWSAccessCredentials", "added a bucket to %q; the keys are unchanged", demoCredentials)

	cred, _, err := viaToken.CheckAWSAccessCredentialsByName(ctx, demoUsername, demoCredentials)
	if err != nil {
		return fail("CheckAWSAccessCredentialsByName", err)
	}
	s.done("CheckAWSAccessCredentialsByName", "%q: access key id %s, buckets %s, secret key returned: %s",
		cred.GetName(), cred.GetAccessKeyID(), strings.Join(cred.Buckets, " "), yesNo(cred.SecretAccessKey != nil))

	// Organization membership, managed by the organization's owner.
	if _, err := owner.UserApi.AddUserToOrganization(ctx, org, tiledbcloud.OrganizationUser{
		Username: tiledbcloud.Ptr(demoUsername), Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesReadOnly),
	}); err != nil {
		return fail("AddUserToOrganization", err)
	}
	s.done("AddUserToOrganization", "the owner of %s added %s as %s", org, demoUsername, tiledbcloud.OrganizationRolesReadOnly)

	membership, _, err := jane.GetOrganizationUser(ctx, org, demoUsername)
	if err != nil {
		return fail("GetOrganizationUser", err)
	}
	s.done("GetOrganizationUser", "%s is %s in %s, allowed: %s",
		membership.GetUsername(), membership.GetRole(), membership.GetOrganizationName(), joinActions(membership.AllowedActions))

	if _, err := owner.UserApi.UpdateUserInOrganization(ctx, org, demoUsername, tiledbcloud.OrganizationUser{
		Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesReadWrite),
	}); err != nil {
		return fail("UpdateUserInOrganization", err)
	}
	s.done("UpdateUserInOrganization", "the owner made %s %s", demoUsername, tiledbcloud.OrganizationRolesReadWrite)

	if _, err := owner.UserApi.DeleteUserFromOrganization(ctx, org, demoUsername); err != nil {
		return fail("DeleteUserFromOrganization", err)
	}
	s.done("DeleteUserFromOrganization", "the owner removed %s from %s", demoUsername, org)

	if _, err := viaToken.DeleteAWSAccessCredentials(ctx, demoUsername, demoCredentials); err != nil {
		return fail("DeleteAWSAccessCredentials", err)
	}
	s.done("DeleteAWSAccessCredentials", "deleted AWS credentials %q", demoCredentials)

	// Password reset: the new password logs in, the old one does not.
	if _, err := jane.ResetUserPassword(ctx, tiledbcloud.InlineObject{Password: tiledbcloud.Ptr(demoNewPassword)}); err != nil {
		return fail("ResetUserPassword", err)
	}
	_, _, err = withPassword(baseURL, demoUsername, demoPassword).UserApi.GetSession(ctx, nil)
	if _, err := expectStatus("GetSession with the old password", err, http.StatusUnauthorized); err != nil {
		return err
	}
	if _, _, err := withPassword(baseURL, demoUsername, demoNewPassword).UserApi.GetSession(ctx, nil); err != nil {
		return fail("GetSession with the new password", err)
	}
	s.done("ResetUserPassword", "changed the password: the new one logs in, the old one gets 401")

	// Revoke the API token: it stops working at once.
	if _, err := jane.RevokeToken(ctx, demoTokenName); err != nil {
		return fail("RevokeToken", err)
	}
	_, _, err = viaToken.GetUser(ctx)
	if _, err := expectStatus("GetUser with a revoked token", err, http.StatusUnauthorized); err != nil {
		return err
	}
	s.done("RevokeToken", "revoked %q by name; using it now gets 401 Unauthorized", demoTokenName)

	// Delete the account.
	if _, err := jane.DeleteUser(ctx, demoUsername); err != nil {
		return fail("DeleteUser", err)
	}
	_, _, err = owner.UserApi.GetUserWithUsername(ctx, demoUsername)
	apiErr, err := expectStatus("GetUserWithUsername after DeleteUser", err, http.StatusNotFound)
	if err != nil {
		return err
	}
	s.done("DeleteUser", "deleted %s; looking the user up now gets %s (errors.Is ErrNotFound: %s)",
		demoUsername, apiErr.Status, yesNo(errors.Is(apiErr, tiledbcloud.ErrNotFound)))

	fmt.Fprintf(w, "\nDone: %d steps, %d operations of the user API.\n", s.n, len(s.ops))
	return nil
}

// readOnly makes only read calls with client, for a real server.
func readOnly(ctx context.Context, w io.Writer, client *tiledbcloud.APIClient) error {
	s := &steps{w: w}
	api := client.UserApi
	me, _, err := api.GetUser(ctx)
	if err != nil {
		return fail("GetUser", err)
	}
	var orgs []string
	for _, o := range me.Organizations {
		orgs = append(orgs, fmt.Sprintf("%s (%s)", o.GetOrganizationName(), o.GetRole()))
	}
	s.done("GetUser", "signed in as %s; email confirmed: %s; organizations: %s",
		me.Username, yesNo(me.GetIsValidEmail()), orNone(strings.Join(orgs, ", ")))

	tokens, _, err := api.TokensGet(ctx)
	if err != nil {
		return fail("TokensGet", err)
	}
	s.done("TokensGet", "%s: %s", count(len(tokens), "API token"), tokenNames(tokens))

	scopes, _, err := api.GetTokenScopes(ctx)
	if err != nil {
		return fail("GetTokenScopes", err)
	}
	s.done("GetTokenScopes", "%d scopes available: %s", len(scopes), joinScopes(scopes))

	creds, _, err := api.CheckAWSAccessCredentials(ctx, me.Username)
	if err != nil {
		return fail("CheckAWSAccessCredentials", err)
	}
	s.done("CheckAWSAccessCredentials", "%s has %s: %s", me.Username, count(len(creds), "set of AWS credentials"), credentialNames(creds))

	fmt.Fprintf(w, "\nDone: %d read-only steps; nothing was changed.\n", s.n)
	return nil
}

// lifetime is how long a token is valid, for people.
func lifetime(t *tiledbcloud.Token) string {
	d := t.GetExpiresAt().Sub(t.GetIssuedAt()).Round(time.Minute)
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", d/(24*time.Hour))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", d/time.Hour)
	}
	return fmt.Sprintf("%d minutes", d/time.Minute)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasPrefix(noun, "set of ") {
		return fmt.Sprintf("%d sets of %s", n, strings.TrimPrefix(noun, "set of "))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func tokenNames(tokens []tiledbcloud.Token) string {
	names := make([]string, 0, len(tokens))
	for _, t := range tokens {
		names = append(names, fmt.Sprintf("%q (expires %s)", t.GetName(), t.GetExpiresAt().Format(time.RFC3339)))
	}
	return orNone(strings.Join(names, ", "))
}

func credentialNames(creds []tiledbcloud.AWSAccessCredentials) string {
	names := make([]string, 0, len(creds))
	for _, c := range creds {
		name := fmt.Sprintf("%q", c.GetName())
		if c.GetDefault() {
			name += " (default)"
		}
		names = append(names, name)
	}
	return orNone(strings.Join(names, ", "))
}

func joinScopes(scopes []tiledbcloud.TokenScope) string {
	out := make([]string, len(scopes))
	for i, s := range scopes {
		out[i] = string(s)
	}
	return orNone(strings.Join(out, " "))
}

func joinActions(actions []tiledbcloud.NamespaceActions) string {
	out := make([]string, len(actions))
	for i, a := range actions {
		out[i] = string(a)
	}
	sort.Strings(out)
	return orNone(strings.Join(out, " "))
}
