package tiledbcloud_test

import (
	"context"
	"fmt"
	"log"
	"net/http"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// This example names every attempt the SDK makes from a wrapping
// transport, as a tracing library would.
func ExampleOperationFromContext() {
	srv, _ := exampleServer()
	defer srv.Close()

	cfg := srv.Config("jane")
	cfg.WrapTransport = func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(req *http.Request) (*http.Response, error) {
			op, _ := tiledbcloud.OperationFromContext(req.Context())
			fmt.Printf("tiledbcloud.%s %s %s attempt %d\n", op.Name, op.Method, op.Path, op.Attempt)
			return next.RoundTrip(req)
		})
	}
	client := tiledbcloud.NewAPIClient(cfg)
	if _, _, err := client.UserApi.GetUserWithUsername(context.Background(), "jane"); err != nil {
		log.Fatal(err)
	}
	// Output:
	// tiledbcloud.GetUserWithUsername GET /users/{username} attempt 1
}

// This example authenticates a service with a session that the SDK logs in
// to once and renews.
func ExampleNewSessionCredentials() {
	srv, _ := exampleServer()
	defer srv.Close()

	cfg := srv.Config("") // the fake's BasePath, no credentials
	cfg.Credentials = tiledbcloud.NewSessionCredentials(cfg, "john", "john-password")
	client := tiledbcloud.NewAPIClient(cfg)
	for i := 0; i < 3; i++ {
		if _, _, err := client.UserApi.GetUser(context.Background()); err != nil {
			log.Fatal(err)
		}
	}
	for _, r := range srv.Requests() {
		_, _, basic := (&http.Request{Header: r.Header}).BasicAuth()
		fmt.Println(r.Operation, "basic auth:", basic)
	}
	// Output:
	// GetSession basic auth: true
	// GetUser basic auth: false
	// GetUser basic auth: false
	// GetUser basic auth: false
}

// This example calls an endpoint through APIClient.Do, with the SDK's
// authentication, retries, limits and errors.
func ExampleAPIClient_Do() {
	srv, client := exampleServer()
	defer srv.Close()

	var tokens []tiledbcloud.Token
	_, err := client.Do(context.Background(), &tiledbcloud.Request{
		Operation: "ListSessions",
		Method:    http.MethodGet,
		Path:      "/tokens/session",
	}, &tokens)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(tokens), "sessions")

	_, err = client.Do(context.Background(), &tiledbcloud.Request{
		Operation:  "RevokeTokenRaw",
		Method:     http.MethodDelete,
		Path:       "/tokens/{token}",
		PathParams: []string{"not-a-real-token"},
		Secret:     true,
	}, nil)
	fmt.Println(err)
	// Output:
	// 0 sessions
	// tiledbcloud: DELETE /v1/tokens/[REDACTED]: 404 Not Found: token not found (request_id req-000002)
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }
