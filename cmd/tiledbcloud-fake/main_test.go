package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// readReady reads the ready line from r, failing the test after a while.
func readReady(t *testing.T, r io.Reader) ready {
	t.Helper()
	lines := make(chan string, 1)
	errs := make(chan error, 1)
	go func() {
		line, err := bufio.NewReader(r).ReadString('\n')
		if err != nil {
			errs <- err
			return
		}
		lines <- line
	}()
	select {
	case line := <-lines:
		var got ready
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		require.NoError(t, dec.Decode(&got), "ready line %q", line)
		return got
	case err := <-errs:
		t.Fatalf("reading the ready line: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("no ready line within 30s")
	}
	return ready{}
}

// checkServer calls the server the ready line describes through the SDK.
func checkServer(t *testing.T, r ready) {
	t.Helper()
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+/v1$`, r.BaseURL)
	assert.NotEmpty(t, r.Password)
	assert.NotEmpty(t, r.APIKey)

	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = r.BaseURL
	cfg.APIKey = r.APIKey
	cfg.Retry = tiledbcloud.RetryPolicy{Disabled: true}
	api := tiledbcloud.NewAPIClient(cfg).UserApi
	ctx := context.Background()

	user, _, err := api.GetUser(ctx)
	require.NoError(t, err)
	assert.Equal(t, r.Username, user.Username)
	m, _, err := api.GetOrganizationUser(ctx, r.Organization, r.Username)
	require.NoError(t, err)
	assert.Equal(t, tiledbcloud.OrganizationRolesOwner, m.GetRole())

	basic := tiledbcloud.NewConfiguration()
	basic.BasePath = r.BaseURL
	basic.Username, basic.Password = r.Username, r.Password
	session, _, err := tiledbcloud.NewAPIClient(basic).UserApi.GetSession(ctx, nil)
	require.NoError(t, err, "the password works")
	assert.NotEmpty(t, session.GetToken())

	// The seeded user is an admin: it may read any user.
	anon := tiledbcloud.NewConfiguration()
	anon.BasePath = r.BaseURL
	_, err = tiledbcloud.NewAPIClient(anon).UserApi.CreateUser(ctx, tiledbcloud.User{Username: "someone", Password: tiledbcloud.Ptr("someone-password")})
	require.NoError(t, err)
	other, _, err := api.GetUserWithUsername(ctx, "someone")
	require.NoError(t, err)
	assert.Equal(t, "someone", other.Username)
}

func TestRunServesUntilTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, stdout := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-username", "root", "-password", "root-password", "-api-key", "root-key", "-organization", "acme"}, stdout, io.Discard)
		stdout.Close()
	}()
	r := readReady(t, out)
	assert.Equal(t, ready{BaseURL: r.BaseURL, Username: "root", Password: "root-password", APIKey: "root-key", Organization: "acme"}, r)
	checkServer(t, r)

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after the context ended")
	}
	_, err := http.Get(r.BaseURL + "/user")
	assert.Error(t, err, "the server is closed")
}

func TestRunRejectsBadArguments(t *testing.T) {
	ctx := context.Background()
	var stderr strings.Builder
	err := run(ctx, []string{"-nope"}, io.Discard, &stderr)
	var ue usageError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, 2, exitCode(err))
	assert.Contains(t, stderr.String(), "Usage: tiledbcloud-fake")

	err = run(ctx, []string{"extra"}, io.Discard, io.Discard)
	assert.Equal(t, 2, exitCode(err))

	err = run(ctx, []string{"-h"}, io.Discard, io.Discard)
	assert.True(t, errors.Is(err, flag.ErrHelp))

	err = run(ctx, []string{"-username", "not valid"}, io.Discard, io.Discard)
	require.Error(t, err)
	assert.Equal(t, 1, exitCode(err))

	err = run(ctx, []string{"-addr", "127.0.0.1:-1"}, io.Discard, io.Discard)
	require.Error(t, err)
	assert.Equal(t, 1, exitCode(err))
}
