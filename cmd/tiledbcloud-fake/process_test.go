//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud/tiledbcloudtest"
)

// built is the command built once for the tests that run it as a process.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// buildCommand builds the command once and returns the binary's path. The
// go command that runs this test is first on the PATH: go test puts its
// GOROOT/bin there.
func buildCommand(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			built.err = err
			return
		}
		if built.dir, built.err = os.MkdirTemp("", "tiledbcloud-fake-test-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "tiledbcloud-fake")
		if out, err := exec.Command(goTool, "build", "-o", built.bin, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %w: %s", err, out)
		}
	})
	require.NoError(t, built.err)
	return built.bin
}

// startProcess starts the built command with args, kills it when the test
// ends, and returns its ready line and a channel that gets its exit.
func startProcess(t *testing.T, args ...string) (ready, *exec.Cmd, <-chan error) {
	t.Helper()
	cmd := exec.Command(buildCommand(t), args...)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		// Kill is harmless once the process has exited.
		_ = cmd.Process.Kill()
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
		}
	})
	return readReady(t, stdout), cmd, exited
}

// TestProcess runs the command, uses it through the SDK and stops it with a
// signal, for each signal it handles.
func TestProcess(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		sig := sig
		t.Run(sig.String(), func(t *testing.T) {
			r, cmd, exited := startProcess(t)
			assert.Equal(t, "admin", r.Username)
			assert.Equal(t, "example-org", r.Organization)
			checkServer(t, r)

			require.NoError(t, cmd.Process.Signal(sig))
			select {
			case err := <-exited:
				require.NoError(t, err, "exit status 0")
				assert.Equal(t, 0, cmd.ProcessState.ExitCode())
			case <-time.After(15 * time.Second):
				t.Fatalf("the process did not exit within 15s of %v", sig)
			}
		})
	}
}

// TestProcessFaultInjection drives the faults of the running command as a
// test in another language would: plain HTTP requests, no Go API.
func TestProcessFaultInjection(t *testing.T) {
	r, _, _ := startProcess(t, "-api-key", "k", "-fail", "GetUser:1:429:2")
	status, retryAfter, body := call(t, http.MethodGet, r.BaseURL+"/user", "k", "", "")
	assert.Equal(t, http.StatusTooManyRequests, status, "the fault given on the command line")
	assert.Equal(t, "2", retryAfter)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &doc))
	assert.Equal(t, float64(429), doc["code"])
	assert.NotEmpty(t, doc["request_id"])
	status, _, _ = call(t, http.MethodGet, r.BaseURL+"/user", "k", "", "")
	assert.Equal(t, http.StatusOK, status)

	status, _, body = call(t, http.MethodPost, r.ControlURL+"/faults", "", "application/json",
		`{"operation":"CreateUser","count":2,"status":503,"retry_after_seconds":1}`)
	require.Equal(t, http.StatusNoContent, status, body)
	signUp := `{"username":"lee","password":"lee-password"}`
	for i := 0; i < 2; i++ {
		status, retryAfter, _ = call(t, http.MethodPost, r.BaseURL+"/user", "", "application/json", signUp)
		assert.Equal(t, http.StatusServiceUnavailable, status)
		assert.Equal(t, "1", retryAfter)
	}
	status, _, _ = call(t, http.MethodPost, r.BaseURL+"/user", "", "application/json", signUp)
	assert.Equal(t, http.StatusNoContent, status, "the third sign-up goes through")

	status, _, _ = call(t, http.MethodPost, r.ControlURL+"/faults", "", "application/json", `{"count":3,"status":500}`)
	require.Equal(t, http.StatusNoContent, status)
	status, _, _ = call(t, http.MethodGet, r.BaseURL+"/tokens", "k", "", "")
	assert.Equal(t, http.StatusInternalServerError, status, "an empty operation matches any")
	status, _, _ = call(t, http.MethodDelete, r.ControlURL+"/faults", "", "", "")
	require.Equal(t, http.StatusNoContent, status)
	status, _, _ = call(t, http.MethodGet, r.BaseURL+"/tokens", "k", "", "")
	assert.Equal(t, http.StatusOK, status, "DELETE /faults removed the other two")
}

// heapStats reads the command's live heap and recorded requests from its
// control endpoint.
func heapStats(t *testing.T, controlURL string) (heap, requests uint64) {
	t.Helper()
	status, _, body := call(t, http.MethodGet, controlURL+"/stats", "", "", "")
	require.Equal(t, http.StatusOK, status, body)
	var stats struct {
		HeapAllocBytes   uint64 `json:"heap_alloc_bytes"`
		RecordedRequests uint64 `json:"recorded_requests"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &stats))
	return stats.HeapAllocBytes, stats.RecordedRequests
}

// TestProcessSurvivesAFlood sends the command 300 MiB of unauthenticated
// requests and 1 MB profile fields; its live heap stays within the
// recording bound and it keeps serving.
func TestProcessSurvivesAFlood(t *testing.T) {
	r, _, _ := startProcess(t, "-api-key", "k")
	before, _ := heapStats(t, r.ControlURL)

	hc := &http.Client{Timeout: 30 * time.Second}
	defer hc.CloseIdleConnections()
	junk := bytes.Repeat([]byte("j"), tiledbcloudtest.MaxRequestBody)
	const n = 300
	for i := 0; i < n; i++ {
		resp, err := hc.Post(r.BaseURL+"/no/such/endpoint", "application/json", bytes.NewReader(junk))
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusNotFound, resp.StatusCode)
	}
	profile := `{"username":"mallory","password":"mallory-password","company":"` + strings.Repeat("c", 1000000) + `"}`
	for i := 0; i < 20; i++ {
		status, _, body := call(t, http.MethodPost, r.BaseURL+"/user", "", "application/json", profile)
		require.Equal(t, http.StatusBadRequest, status)
		require.Contains(t, body, `field \"company\" is larger`)
	}

	after, requests := heapStats(t, r.ControlURL)
	t.Logf("live heap %d MiB before, %d MiB after %d requests of 1 MiB; %d requests recorded", before>>20, after>>20, n+20, requests)
	assert.Less(t, after, before+tiledbcloudtest.DefaultMaxRecordedBytes+8<<20)
	assert.Less(t, requests, uint64(n), "older requests were forgotten")
	status, _, _ := call(t, http.MethodGet, r.BaseURL+"/user", "k", "", "")
	assert.Equal(t, http.StatusOK, status, "still serving")
	status, _, _ = call(t, http.MethodGet, r.BaseURL+"/users/mallory", "k", "", "")
	assert.Equal(t, http.StatusNotFound, status, "no oversized profile was stored")
}
