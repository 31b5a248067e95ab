//go:build unix

package main

import (
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goTool finds the go command that runs this test: go test puts its
// GOROOT/bin first on the PATH of the tests it runs.
func goTool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	require.NoError(t, err, "cannot find the go command")
	return p
}

// TestProcess builds the command, runs it, uses it through the SDK and
// stops it with a signal, for each signal it handles.
func TestProcess(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "tiledbcloud-fake")
	build := exec.Command(goTool(t), "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)

	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		sig := sig
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(bin)
			stdout, err := cmd.StdoutPipe()
			require.NoError(t, err)
			require.NoError(t, cmd.Start())
			var waitErr error
			exited := make(chan struct{})
			go func() {
				waitErr = cmd.Wait()
				close(exited)
			}()
			t.Cleanup(func() {
				// Kill is harmless once the process has exited.
				_ = cmd.Process.Kill()
				select {
				case <-exited:
				case <-time.After(10 * time.Second):
				}
			})

			r := readReady(t, stdout)
			assert.Equal(t, "admin", r.Username)
			assert.Equal(t, "example-org", r.Organization)
			checkServer(t, r)

			require.NoError(t, cmd.Process.Signal(sig))
			select {
			case <-exited:
				require.NoError(t, waitErr, "exit status 0")
				assert.Equal(t, 0, cmd.ProcessState.ExitCode())
			case <-time.After(15 * time.Second):
				t.Fatalf("the process did not exit within 15s of %v", sig)
			}
		})
	}
}
