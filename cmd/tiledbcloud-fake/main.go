// Command tiledbcloud-fake runs an in-memory fake of the TileDB Cloud v1
// user API (the server of package tiledbcloudtest) as a process, so that
// clients in any language, and shell scripts, can be tested against it
// without an account or a network.
//
// Usage:
//
//	tiledbcloud-fake [-addr 127.0.0.1:0] [-username admin] [-password P] [-api-key K] [-organization example-org]
//		[-fail OPERATION:COUNT:STATUS[:RETRY_AFTER_SECONDS]]... [-control-addr 127.0.0.1:0]
//
// It seeds one admin user, with a password and an API key, and an
// organization that user owns. Before serving it prints one JSON line on
// standard output with what a client needs:
//
//	{"base_url":"http://127.0.0.1:41234/v1","username":"admin","password":"...","api_key":"...","organization":"example-org","control_url":"http://127.0.0.1:41235"}
//
// The password and API key are random unless given. The server keeps
// everything in memory, within the bounds package tiledbcloudtest documents
// (16 MiB of recorded requests, 4 KiB per JSON field, 1000 users), and runs
// until SIGINT or SIGTERM, then exits with status 0.
//
// # Fault injection
//
// The faults a Go test injects with tiledbcloudtest.Server.FailNext can be
// injected from the command line and over HTTP. Each -fail flag (it may be
// repeated) makes the next COUNT calls of OPERATION (an operation name such
// as GetUser, or empty for any operation) fail with STATUS (4xx or 5xx), the
// server's error document and, when RETRY_AFTER_SECONDS is given and
// positive, a Retry-After header:
//
//	tiledbcloud-fake -fail GetUser:2:503:1 -fail :1:500
//
// The control endpoint, at control_url, does the same while the server
// runs. It listens on -control-addr, which must be a loopback IP address
// (an empty -control-addr turns it off), and answers only loopback clients
// addressing it as localhost or a loopback IP:
//
//	POST   /faults  with a JSON body {"operation":"GetUser","count":2,"status":503,"retry_after_seconds":1}
//	               (Content-Type: application/json; "operation" may be "" or left out for any operation):
//	               204, or 400 with {"code","message"} naming what is wrong
//	DELETE /faults  removes every pending fault: 204
//	GET    /stats   {"heap_alloc_bytes":...,"recorded_requests":...}, the live heap after a
//	               garbage collection and the requests the server remembers
//
// For example, from a shell:
//
//	curl -X POST -H 'Content-Type: application/json' -d '{"operation":"GetUser","count":1,"status":429,"retry_after_seconds":2}' "$CONTROL_URL/faults"
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
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// ready is the JSON line printed once the server listens.
type ready struct {
	BaseURL      string `json:"base_url"`
	Username     string `json:"username"`
	Password     string `json:"password"`
	APIKey       string `json:"api_key"`
	Organization string `json:"organization"`
	// ControlURL is the control endpoint's base URL; empty when it is off.
	ControlURL string `json:"control_url,omitempty"`
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
	controlAddr := fs.String("control-addr", "127.0.0.1:0", "loopback address of the control endpoint (fault injection over HTTP); empty turns it off")
	var faults []faultSpec
	fs.Func("fail", "make calls fail: `OPERATION:COUNT:STATUS[:RETRY_AFTER_SECONDS]`, such as GetUser:2:503:1 (empty OPERATION: any); repeatable", func(v string) error {
		f, err := parseFaultFlag(v)
		if err == nil {
			faults = append(faults, f)
		}
		return err
	})
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: tiledbcloud-fake [flags]")
		fmt.Fprintln(fs.Output(), "Runs an in-memory fake of the TileDB Cloud v1 user API and prints one JSON line with its base_url, credentials and control_url.")
		fmt.Fprintln(fs.Output(), "The control endpoint injects faults over HTTP: POST control_url/faults with a JSON body")
		fmt.Fprintln(fs.Output(), `{"operation":"GetUser","count":2,"status":503,"retry_after_seconds":1}; DELETE control_url/faults clears them;`)
		fmt.Fprintln(fs.Output(), "GET control_url/stats reports the live heap. It answers loopback clients only.")
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
	for _, f := range faults {
		if err := f.apply(srv); err != nil {
			return usageError{fmt.Errorf("-fail: %w", err)}
		}
	}
	controlURL, stopControl, err := serveControl(*controlAddr, srv)
	if err != nil {
		return err
	}
	defer stopControl()

	line, err := json.Marshal(ready{BaseURL: srv.URL(), Username: *username, Password: *password, APIKey: *apiKey, Organization: *org, ControlURL: controlURL})
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

// serveControl serves the control endpoint for srv on addr until stop is
// called, and returns its base URL; with an empty addr it serves nothing.
func serveControl(addr string, srv *tiledbcloudtest.Server) (url string, stop func(), err error) {
	if addr == "" {
		return "", func() {}, nil
	}
	ln, err := listenControl(addr)
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{
		Handler:           controlHandler{srv: srv},
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	go func() { _ = hs.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = hs.Close() }, nil
}

// randomHex returns n random bytes in hex.
func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("reading random bytes: %w", err)
	}
	return hex.EncodeToString(b), nil
}
