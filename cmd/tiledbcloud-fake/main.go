// Command tiledbcloud-fake runs an in-memory fake of the TileDB Cloud v1
// user API (the server of package tiledbcloudtest) as a process, so that
// clients in any language, and shell scripts, can be tested against it
// without an account or a network.
//
// Usage:
//
//	tiledbcloud-fake [-addr 127.0.0.1:0] [-username admin] [-password P] [-api-key K] [-organization example-org]
//
// It seeds one admin user, with a password and an API key, and an
// organization that user owns. Before serving it prints one JSON line on
// standard output with what a client needs:
//
//	{"base_url":"http://127.0.0.1:41234/v1","username":"admin","password":"...","api_key":"...","organization":"example-org"}
//
// The password and API key are random unless given. The server keeps
// everything in memory and runs until SIGINT or SIGTERM, then exits with
// status 0.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// ready is the JSON line printed once the server listens.
type ready struct {
	BaseURL      string `json:"base_url"`
	Username     string `json:"username"`
	Password     string `json:"password"`
	APIKey       string `json:"api_key"`
	Organization string `json:"organization"`
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "tiledbcloud-fake:", err)
		stop()
		os.Exit(exitCode(err))
	}
}

// usageError is a mistake on the command line.
type usageError struct{ error }

func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// run parses args, starts the server, prints the ready line on stdout and
// serves until ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tiledbcloud-fake", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on (host:port); port 0 picks a free port")
	username := fs.String("username", "admin", "username of the seeded admin user")
	password := fs.String("password", "", "password of the admin user (default random)")
	apiKey := fs.String("api-key", "", "API key of the admin user (default random)")
	org := fs.String("organization", "example-org", "name of the seeded organization the admin owns")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: tiledbcloud-fake [flags]")
		fmt.Fprintln(fs.Output(), "Runs an in-memory fake of the TileDB Cloud v1 user API and prints one JSON line with its base_url and credentials.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	var err error
	if *password == "" {
		if *password, err = randomHex(12); err != nil {
			return err
		}
	}
	if *apiKey == "" {
		if *apiKey, err = randomHex(24); err != nil {
			return err
		}
	}

	srv, err := tiledbcloudtest.NewServer(
		tiledbcloudtest.WithAddr(*addr),
		tiledbcloudtest.WithAdmin(tiledbcloudtest.UserSeed{
			Username: *username, Password: *password, APIKey: *apiKey,
			Name: "Fake Admin", Email: *username + "@example.com", EmailConfirmed: true,
		}),
		tiledbcloudtest.WithOrganization(tiledbcloudtest.OrganizationSeed{Name: *org, Owner: *username}),
	)
	if err != nil {
		return err
	}
	defer srv.Close()

	line, err := json.Marshal(ready{BaseURL: srv.URL(), Username: *username, Password: *password, APIKey: *apiKey, Organization: *org})
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(stdout, "%s\n", line); err != nil {
		return fmt.Errorf("writing the ready line: %w", err)
	}
	fmt.Fprintf(stderr, "tiledbcloud-fake: serving the TileDB Cloud v1 user API at %s; stop with Ctrl-C or SIGTERM\n", srv.URL())
	<-ctx.Done()
	fmt.Fprintln(stderr, "tiledbcloud-fake: shutting down")
	return nil
}

// randomHex returns n random bytes in hex.
func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("reading random bytes: %w", err)
	}
	return hex.EncodeToString(b), nil
}
