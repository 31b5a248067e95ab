package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// stepLines returns the numbered step lines of the output.
func stepLines(out string) []string {
	return regexp.MustCompile(`(?m)^ ?\d+\. .*$`).FindAllString(out, -1)
}

// doneCounts returns the numbers of steps and of operations the walkthrough's
// last line reports.
func doneCounts(t *testing.T, out string) (steps, ops int) {
	t.Helper()
	m := regexp.MustCompile(`Done: (\d+) steps, (\d+) operations of the user API\.`).FindStringSubmatch(out)
	require.NotNil(t, m, "no Done line in:\n%s", out)
	steps, err := strconv.Atoi(m[1])
	require.NoError(t, err)
	ops, err = strconv.Atoi(m[2])
	require.NoError(t, err)
	return steps, ops
}

func TestWalkthroughCallsEveryOperation(t *testing.T) {
	srv, err := newDemoServer()
	require.NoError(t, err)
	t.Cleanup(srv.Close)

	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.NoError(t, walkthrough(ctx, &out, srv.URL(), demoOrganization, srv.Client(demoOwner)))

	// The server saw every operation, and only the failures the walkthrough
	// provokes on purpose.
	seen := make(map[string]bool)
	var failures []string
	for _, r := range srv.Requests() {
		seen[r.Operation] = true
		if r.Status >= 300 {
			failures = append(failures, r.Operation+" "+http.StatusText(r.Status))
		}
	}
	for _, op := range tiledbcloudtest.Operations() {
		assert.True(t, seen[op], "%s was not called", op)
	}
	assert.Equal(t, []string{"GetSession Unauthorized", "GetUser Unauthorized", "GetUserWithUsername Not Found"}, failures)

	// Each step printed one line naming its operation.
	steps, ops := doneCounts(t, out.String())
	lines := stepLines(out.String())
	require.Len(t, lines, steps, out.String())
	printed := make(map[string]bool)
	for _, line := range lines {
		fields := strings.Fields(line)
		require.GreaterOrEqual(t, len(fields), 3, line)
		printed[fields[1]] = true
	}
	for _, op := range tiledbcloudtest.Operations() {
		assert.True(t, printed[op], "no step line for %s", op)
	}
	assert.Equal(t, len(tiledbcloudtest.Operations()), ops, "the Done line counts every operation")

	// The fields of today's service went over the wire and came back.
	bodies := make(map[string]string)
	for _, r := range srv.Requests() {
		bodies[r.Operation] += string(r.Body)
	}
	assert.Contains(t, bodies[tiledbcloudtest.OpUpdateUser], `"default_region":"eu-west-1"`)
	assert.Contains(t, bodies[tiledbcloudtest.OpUpdateUser],
		`"asset_locations":{"notebooks":{"path":"s3://example-lab-notebooks/jane/","credentials_name":"s3-main"}}`)
	assert.Contains(t, bodies[tiledbcloudtest.OpRequestToken], `"scope":["user:read-write","organization:read"]`)
	assert.Contains(t, out.String(), `region eu-west-1, notebooks in s3://example-lab-notebooks/jane/ (credentials "s3-main")`)
	assert.Contains(t, out.String(), `with scopes user:read-write organization:read,`)

	// No secret is printed: passwords, the AWS secret key, or any token or
	// credential the server received.
	secrets := []string{demoPassword, demoNewPassword, "wJalrXUtnFEMI", demoOwnerKey}
	for _, r := range srv.Requests() {
		for _, h := range []string{"X-Tiledb-Rest-Api-Key", "Authorization"} {
			if v := r.Header.Get(h); v != "" {
				secrets = append(secrets, strings.TrimPrefix(v, "Basic "))
			}
		}
	}
	for _, secret := range secrets {
		assert.NotContains(t, out.String(), secret)
	}
}

func TestRunUsesTheEmbeddedServerByDefault(t *testing.T) {
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.NoError(t, run(ctx, &out, env(nil)))
	assert.Contains(t, out.String(), "embedded TileDB Cloud fake at http://127.0.0.1:")
	steps, _ := doneCounts(t, out.String())
	assert.Len(t, stepLines(out.String()), steps)

	// With only one variable set it still uses the fake, and says why.
	out.Reset()
	require.NoError(t, run(ctx, &out, env(map[string]string{"TILEDB_REST_TOKEN": "some-token"})))
	assert.Contains(t, out.String(), "Only one of TILEDB_REST_HOST and TILEDB_REST_TOKEN is set")
	assert.NotContains(t, out.String(), "some-token")
	assert.Len(t, stepLines(out.String()), steps)
}

func TestRunReadOnlyAgainstAServer(t *testing.T) {
	srv := tiledbcloudtest.NewTestServer(t,
		tiledbcloudtest.WithUser(tiledbcloudtest.UserSeed{Username: "reader", APIKey: "reader-key", Email: "reader@example.com"}),
		tiledbcloudtest.WithOrganization(tiledbcloudtest.OrganizationSeed{Name: "team", Owner: "reader"}),
		tiledbcloudtest.WithAWSCredentials("reader", tiledbcloudtest.AWSCredentialsSeed{
			Name: "main", AccessKeyID: "AKIA", SecretAccessKey: "s", Default: true,
		}),
	)
	root := strings.TrimSuffix(srv.URL(), "/v1") // as TILEDB_REST_HOST: /v1 is added
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.NoError(t, run(ctx, &out, env(map[string]string{"TILEDB_REST_HOST": root, "TILEDB_REST_TOKEN": "reader-key"})))

	var ops []string
	for _, r := range srv.Requests() {
		assert.Equal(t, http.MethodGet, r.Method, "read-only calls only")
		assert.Equal(t, http.StatusOK, r.Status)
		assert.Equal(t, "reader", r.Username)
		ops = append(ops, r.Operation)
	}
	assert.Equal(t, []string{tiledbcloudtest.OpGetUser, tiledbcloudtest.OpTokensGet, tiledbcloudtest.OpGetTokenScopes,
		tiledbcloudtest.OpCheckAWSAccessCredentials}, ops)

	text := out.String()
	assert.Contains(t, text, "Read-only tour of "+srv.URL())
	assert.Contains(t, text, "signed in as reader")
	assert.Contains(t, text, "team (owner)")
	assert.Contains(t, text, `"seed"`)
	assert.Contains(t, text, `"main" (default)`)
	assert.Len(t, stepLines(text), 4)
	assert.NotContains(t, text, "reader-key")
}

func TestRunReadOnlyFailsOnABadToken(t *testing.T) {
	srv := tiledbcloudtest.NewTestServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := run(ctx, &bytes.Buffer{}, env(map[string]string{"TILEDB_REST_HOST": srv.URL(), "TILEDB_REST_TOKEN": "wrong"}))
	require.Error(t, err)
	assert.True(t, errors.Is(err, tiledbcloud.ErrUnauthorized), "got %v", err)
	assert.NotContains(t, err.Error(), "wrong")
}

func TestBasePath(t *testing.T) {
	tests := map[string]string{
		"https://api.tiledb.com":       "https://api.tiledb.com/v1",
		"https://api.tiledb.com/":      "https://api.tiledb.com/v1",
		"api.tiledb.com":               "https://api.tiledb.com/v1",
		"http://127.0.0.1:8080":        "http://127.0.0.1:8080/v1",
		"https://proxy.example/api/v1": "https://proxy.example/api/v1",
		"https://proxy.example/v1/":    "https://proxy.example/v1",
	}
	for in, want := range tests {
		got, err := basePath(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"https://", "http://[::1"} {
		_, err := basePath(bad)
		assert.Error(t, err, bad)
	}
}

// TestExitStatus runs the program as a process: status 0 when it works,
// 1 with a message when a step fails.
func TestExitStatus(t *testing.T) {
	// go test puts its GOROOT/bin first on the PATH of the tests it runs.
	goTool, err := exec.LookPath("go")
	require.NoError(t, err, "cannot find the go command")
	bin := filepath.Join(t.TempDir(), "quickstart")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)

	var environ []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TILEDB_REST_") {
			environ = append(environ, kv)
		}
	}
	runBin := func(extra ...string) (string, string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin)
		cmd.Env = append(append([]string(nil), environ...), extra...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		return stdout.String(), stderr.String(), err
	}

	stdout, _, err := runBin()
	require.NoError(t, err)
	steps, _ := doneCounts(t, stdout)
	assert.Len(t, stepLines(stdout), steps)

	srv := tiledbcloudtest.NewTestServer(t)
	_, stderr, err := runBin("TILEDB_REST_HOST="+srv.URL(), "TILEDB_REST_TOKEN=wrong")
	var exitErr *exec.ExitError
	require.ErrorAs(t, err, &exitErr)
	assert.Equal(t, 1, exitErr.ExitCode())
	assert.Contains(t, stderr, "quickstart: GetUser:")
	assert.Contains(t, stderr, "401")
}
