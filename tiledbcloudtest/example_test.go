package tiledbcloudtest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"sync"
	"time"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

func ExampleNewServer() {
	srv, err := tiledbcloudtest.NewServer(
		tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "jane", Password: "jane-password", Email: "jane@example.com"}),
		tiledbcloudtest.WithOrganization(tiledbcloudtest.OrganizationSeed{Name: "acme", Owner: "jane"}),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	// srv.Config("jane") is a Configuration with BasePath = srv.URL() and
	// jane's credentials; srv.Client wraps it in an APIClient.
	user, _, err := srv.Client("jane").UserApi.GetUser(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(user.Username, user.GetEmail())
	for _, org := range user.Organizations {
		fmt.Println(org.GetOrganizationName(), org.GetRole())
	}
	// Output:
	// jane jane@example.com
	// acme owner
}

func ExampleServer_FailNext() {
	srv, err := tiledbcloudtest.NewServer(tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "jane", Password: "jane-password"}))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	// The next two GetUser calls fail with 503; the SDK retries GETs.
	if err := srv.FailNext(tiledbcloudtest.OpGetUser, 2, http.StatusServiceUnavailable, 0); err != nil {
		log.Fatal(err)
	}
	cfg := srv.Config("jane")
	cfg.Retry = tiledbcloud.RetryPolicy{MaxAttempts: 3, InitialBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond}
	user, _, err := tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("got", user.Username)
	for _, r := range srv.Requests() {
		fmt.Println(r.Operation, r.Status)
	}
	// Output:
	// got jane
	// GetUser 503
	// GetUser 503
	// GetUser 200
}

func ExampleServer_Requests() {
	srv, err := tiledbcloudtest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	client := srv.Client("") // no credentials: enough to sign up
	_, err = client.UserApi.CreateUser(context.Background(), tiledbcloud.User{
		Username: "jane", Password: tiledbcloud.Ptr("jane-password"),
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range srv.Requests() {
		fmt.Println(r.Operation, r.Method, r.Path, r.Status)
	}
	// Output:
	// CreateUser POST /v1/user 204
}

func ExampleWithClock() {
	var mu sync.Mutex // the server reads the clock from its own goroutines
	now := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}
	srv, err := tiledbcloudtest.NewServer(
		tiledbcloudtest.WithClock(clock),
		tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "jane", Password: "jane-password"}),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	ctx := context.Background()
	tok, _, err := srv.Client("jane").UserApi.RequestToken(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("expires at", tok.GetExpiresAt().Format(time.Kitchen))

	mu.Lock()
	now = now.Add(time.Hour) // no sleeping: move the clock instead
	mu.Unlock()
	cfg := srv.Config("")
	cfg.APIKey = tok.GetToken()
	_, _, err = tiledbcloud.NewAPIClient(cfg).UserApi.GetUser(ctx)
	fmt.Println("expired:", errors.Is(err, tiledbcloud.ErrUnauthorized))
	// Output:
	// expires at 9:30AM
	// expired: true
}
