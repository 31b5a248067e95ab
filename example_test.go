package tiledbcloud_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// The examples run against tiledbcloudtest, an in-memory fake of the
// service, so that their output is checked by go test. Against TileDB
// Cloud, build the client from a Configuration with your own API key:
//
//	cfg := tiledbcloud.NewConfiguration()
//	cfg.APIKey = os.Getenv("TILEDB_REST_TOKEN")
//	client := tiledbcloud.NewAPIClient(cfg)

// exampleServer starts a fake with two users, jane (owner of organization
// acme) and john, and returns it with a client authenticated as jane.
func exampleServer() (*tiledbcloudtest.Server, *tiledbcloud.APIClient) {
	srv, err := tiledbcloudtest.NewServer(
		tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{
			Username: "jane", Password: "jane-password", APIKey: "jane-api-key",
			Name: "Jane Doe", Email: "jane@example.com",
		}),
		tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "john", Password: "john-password"}),
		tiledbcloudtest.WithOrganization(tiledbcloudtest.OrganizationSeed{Name: "acme", Owner: "jane"}),
	)
	if err != nil {
		log.Fatal(err)
	}
	return srv, srv.Client("jane")
}

// This example signs up, logs in with a password for a session token and
// uses the token.
func Example() {
	srv, _ := exampleServer()
	defer srv.Close()
	ctx := context.Background()

	// Signing up needs no credentials.
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = srv.URL() // "https://api.tiledb.com/v1" by default
	client := tiledbcloud.NewAPIClient(cfg)
	_, err := client.UserApi.CreateUser(ctx, tiledbcloud.User{
		Username: "alice",
		Password: tiledbcloud.Ptr("alice-password"),
		Email:    tiledbcloud.Ptr("alice@example.com"),
	})
	if err != nil {
		log.Fatal(err)
	}

	// Log in with basic auth for a session token, then use the token.
	login := context.WithValue(ctx, tiledbcloud.ContextBasicAuth, tiledbcloud.BasicAuth{UserName: "alice", Password: "alice-password"})
	session, _, err := client.UserApi.GetSession(login, nil)
	if err != nil {
		log.Fatal(err)
	}
	authed := context.WithValue(ctx, tiledbcloud.ContextAPIKey, session.GetToken())
	user, _, err := client.UserApi.GetUser(authed)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in as", user.Username, "<"+user.GetEmail()+">")
	// Output:
	// signed in as alice <alice@example.com>
}

func ExampleUserApiService_CreateUser() {
	srv, _ := exampleServer()
	defer srv.Close()
	client := srv.Client("") // CreateUser sends no credentials
	ctx := context.Background()

	_, err := client.UserApi.CreateUser(ctx, tiledbcloud.User{
		Username: "alice",
		Password: tiledbcloud.Ptr("alice-password"),
		Name:     tiledbcloud.Ptr("Alice Liddell"),
	})
	fmt.Println("created:", err == nil)

	// Usernames are unique.
	_, err = client.UserApi.CreateUser(ctx, tiledbcloud.User{Username: "alice", Password: tiledbcloud.Ptr("another-password")})
	fmt.Println("again:", errors.Is(err, tiledbcloud.ErrConflict))
	// Output:
	// created: true
	// again: true
}

func ExampleUserApiService_GetUser() {
	srv, client := exampleServer()
	defer srv.Close()

	user, _, err := client.UserApi.GetUser(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s (%s), email confirmed: %t\n", user.Username, user.GetName(), user.GetIsValidEmail())
	for _, org := range user.Organizations {
		fmt.Printf("%s in %s\n", org.GetRole(), org.GetOrganizationName())
	}
	// Output:
	// jane (Jane Doe), email confirmed: false
	// owner in acme
}

func ExampleUserApiService_GetUserWithUsername() {
	srv, client := exampleServer()
	defer srv.Close()

	_, _, err := client.UserApi.GetUserWithUsername(context.Background(), "nobody")
	switch {
	case errors.Is(err, tiledbcloud.ErrNotFound):
		fmt.Println("no such user")
	case err != nil:
		log.Fatal(err)
	}
	// Output:
	// no such user
}

func ExampleUserApiService_UpdateUser() {
	srv, client := exampleServer()
	defer srv.Close()
	ctx := context.Background()

	// Only the fields set are sent and changed.
	_, err := client.UserApi.UpdateUser(ctx, "jane", tiledbcloud.User{Company: tiledbcloud.Ptr("TileDB")})
	if err != nil {
		log.Fatal(err)
	}
	user, _, err := client.UserApi.GetUser(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(user.GetName(), "works at", user.GetCompany())
	// Output:
	// Jane Doe works at TileDB
}

func ExampleUserApiService_GetSession() {
	srv, _ := exampleServer()
	defer srv.Close()

	cfg := srv.Config("") // no credentials yet
	cfg.Username, cfg.Password = "jane", "jane-password"
	client := tiledbcloud.NewAPIClient(cfg)

	session, _, err := client.UserApi.GetSession(context.Background(), &tiledbcloud.GetSessionOpts{RememberMe: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("session", session.GetName(), "valid for", session.GetExpiresAt().Sub(session.GetIssuedAt()))
	// Output:
	// session session valid for 720h0m0s
}

func ExampleUserApiService_RequestToken() {
	srv, client := exampleServer()
	defer srv.Close()

	token, _, err := client.UserApi.RequestToken(context.Background(), &tiledbcloud.TokenRequest{
		Name:  tiledbcloud.Ptr("ci"),
		Scope: []tiledbcloud.TokenScope{tiledbcloud.TokenScopeUserRead},
	})
	if err != nil {
		log.Fatal(err)
	}
	// token.GetToken() is the secret to send as the API key; printing the
	// Token shows it redacted.
	fmt.Println(token.GetName(), token.Scope, token.GetExpiresAt().Sub(token.GetIssuedAt()))
	fmt.Println(strings.Contains(fmt.Sprintf("%v", token), token.GetToken()))
	// Output:
	// ci [user:read] 30m0s
	// false
}

func ExampleUserApiService_TokensGet() {
	srv, client := exampleServer()
	defer srv.Close()
	ctx := context.Background()

	for _, name := range []string{"laptop", "laptop", "ci"} {
		if _, _, err := client.UserApi.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr(name)}); err != nil {
			log.Fatal(err)
		}
	}
	tokens, _, err := client.UserApi.TokensGet(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range tokens {
		fmt.Println(t.GetName())
	}
	// Output:
	// seed
	// laptop
	// laptop-1
	// ci
}

func ExampleUserApiService_RevokeToken() {
	srv, client := exampleServer()
	defer srv.Close()
	ctx := context.Background()

	token, _, err := client.UserApi.RequestToken(ctx, &tiledbcloud.TokenRequest{Name: tiledbcloud.Ptr("temporary")})
	if err != nil {
		log.Fatal(err)
	}
	// Revoke by name (or by the token itself).
	if _, err := client.UserApi.RevokeToken(ctx, "temporary"); err != nil {
		log.Fatal(err)
	}
	_, _, err = client.UserApi.GetUser(context.WithValue(ctx, tiledbcloud.ContextAPIKey, token.GetToken()))
	fmt.Println("revoked token rejected:", errors.Is(err, tiledbcloud.ErrUnauthorized))
	// Output:
	// revoked token rejected: true
}

func ExampleUserApiService_AddAWSAccessCredentials() {
	srv, client := exampleServer()
	defer srv.Close()
	ctx := context.Background()

	_, err := client.UserApi.AddAWSAccessCredentials(ctx, "jane", tiledbcloud.AWSAccessCredentials{
		Name:            tiledbcloud.Ptr("s3-main"),
		AccessKeyID:     tiledbcloud.Ptr("AKIAIOSFODNN7EXAMPLE"),
		SecretAccessKey: tiledbcloud.Ptr("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
		Default:         tiledbcloud.Ptr(true),
		Buckets:         []string{"s3://my-bucket/tiledb/"},
	})
	if err != nil {
		log.Fatal(err)
	}
	creds, _, err := client.UserApi.CheckAWSAccessCredentials(ctx, "jane")
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range creds {
		// The service never returns the secret key.
		fmt.Println(c.GetName(), c.GetAccessKeyID(), c.GetDefault(), c.Buckets, c.SecretAccessKey == nil)
	}
	// Output:
	// s3-main AKIAIOSFODNN7EXAMPLE true [s3://my-bucket/tiledb/] true
}

func ExampleUserApiService_UpdateAWSAccessCredentials() {
	srv, client := exampleServer()
	defer srv.Close()
	ctx := context.Background()

	_, err := client.UserApi.AddAWSAccessCredentials(ctx, "jane", tiledbcloud.AWSAccessCredentials{
		Name:            tiledbcloud.Ptr("s3-main"),
		AccessKeyID:     tiledbcloud.Ptr("AKIAIOSFODNN7EXAMPLE"),
		SecretAccessKey: tiledbcloud.Ptr("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
	})
	if err != nil {
		log.Fatal(err)
	}
	// Only the fields set change: here the buckets.
	_, err = client.UserApi.UpdateAWSAccessCredentials(ctx, "jane", "s3-main", tiledbcloud.AWSAccessCredentials{
		Buckets: []string{"s3://a/", "s3://b/"},
	})
	if err != nil {
		log.Fatal(err)
	}
	c, _, err := client.UserApi.CheckAWSAccessCredentialsByName(ctx, "jane", "s3-main")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.GetAccessKeyID(), c.Buckets)
	// Output:
	// AKIAIOSFODNN7EXAMPLE [s3://a/ s3://b/]
}

func ExampleUserApiService_AddUserToOrganization() {
	srv, client := exampleServer() // jane owns acme
	defer srv.Close()
	ctx := context.Background()

	_, err := client.UserApi.AddUserToOrganization(ctx, "acme", tiledbcloud.OrganizationUser{
		Username: tiledbcloud.Ptr("john"),
		Role:     tiledbcloud.Ptr(tiledbcloud.OrganizationRolesReadOnly),
	})
	if err != nil {
		log.Fatal(err)
	}
	member, _, err := client.UserApi.GetOrganizationUser(ctx, "acme", "john")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(member.GetUsername(), member.GetRole(), member.AllowedActions)
	// Output:
	// john read_only [read read_array_logs read_job_logs read_object_logs]
}

func ExampleUserApiService_GetOrganizationUser() {
	srv, client := exampleServer()
	defer srv.Close()

	_, _, err := client.UserApi.GetOrganizationUser(context.Background(), "acme", "john")
	var apiErr *tiledbcloud.APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound {
		fmt.Println(apiErr.Model.GetMessage())
	}
	// Output:
	// User is not in organization
}

func ExampleUserApiService_UpdateUserInOrganization() {
	srv, client := exampleServer()
	defer srv.Close()
	ctx := context.Background()

	_, err := client.UserApi.AddUserToOrganization(ctx, "acme", tiledbcloud.OrganizationUser{Username: tiledbcloud.Ptr("john")})
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.UserApi.UpdateUserInOrganization(ctx, "acme", "john", tiledbcloud.OrganizationUser{
		Role: tiledbcloud.Ptr(tiledbcloud.OrganizationRolesAdmin),
	})
	if err != nil {
		log.Fatal(err)
	}
	member, _, err := client.UserApi.GetOrganizationUser(ctx, "acme", "john")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(member.GetRole())
	// Output:
	// admin
}

func ExampleUserApiService_ResetUserPassword() {
	srv, client := exampleServer()
	defer srv.Close()
	ctx := context.Background()

	_, err := client.UserApi.ResetUserPassword(ctx, tiledbcloud.InlineObject{Password: tiledbcloud.Ptr("a-new-password")})
	if err != nil {
		log.Fatal(err)
	}
	login := func(password string) error {
		ctx := context.WithValue(ctx, tiledbcloud.ContextBasicAuth, tiledbcloud.BasicAuth{UserName: "jane", Password: password})
		_, _, err := srv.Client("").UserApi.GetSession(ctx, nil)
		return err
	}
	fmt.Println("old password works:", login("jane-password") == nil)
	fmt.Println("new password works:", login("a-new-password") == nil)
	// Output:
	// old password works: false
	// new password works: true
}

// Every non-2xx response is an *APIError: match its status with errors.Is
// and the sentinels, or read its fields with errors.As.
func ExampleAPIError() {
	srv, client := exampleServer()
	defer srv.Close()

	_, _, err := client.UserApi.GetUserWithUsername(context.Background(), "john")
	fmt.Println(err)
	fmt.Println("forbidden:", errors.Is(err, tiledbcloud.ErrForbidden))

	var apiErr *tiledbcloud.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Operation, apiErr.StatusCode, apiErr.Method)
		fmt.Println(apiErr.Model.GetMessage())
		fmt.Println("request id:", apiErr.RequestID())
	}
	// Output:
	// tiledbcloud: GET /v1/users/john: 403 Forbidden: you may not act on user "john" (request_id req-000001)
	// forbidden: true
	// GetUserWithUsername 403 GET
	// you may not act on user "john"
	// request id: req-000001
}

// GET and DELETE calls are retried after 429, 502, 503 and 504; the error
// after the last attempt says how many there were.
func ExampleRetryPolicy() {
	srv, _ := exampleServer()
	defer srv.Close()
	ctx := context.Background()
	if err := srv.FailNext(tiledbcloudtest.OpGetUser, 5, http.StatusServiceUnavailable, 0); err != nil {
		log.Fatal(err)
	}

	cfg := srv.Config("jane")
	cfg.Retry = tiledbcloud.RetryPolicy{MaxAttempts: 3, InitialBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond}
	client := tiledbcloud.NewAPIClient(cfg)

	_, _, err := client.UserApi.GetUser(ctx) // attempts 1 to 3 fail
	var apiErr *tiledbcloud.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, "after", apiErr.Attempts, "attempts")
	}
	user, _, err := client.UserApi.GetUser(ctx) // attempts 4 and 5 fail, the 6th succeeds
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("then got", user.Username)
	// Output:
	// 503 after 3 attempts
	// then got jane
}
