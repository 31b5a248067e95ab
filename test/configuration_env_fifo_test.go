//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// The build constraint lists the systems with syscall.Mkfifo.

// fifoLoginFile puts a named pipe where ~/.tiledb/cloud.json should be and
// returns its path. At cleanup it opens the pipe for writing, without
// blocking, which releases a reader stuck opening it.
func fifoLoginFile(t *testing.T, home string) string {
	t.Helper()
	dir := filepath.Join(home, ".tiledb")
	require.NoError(t, os.MkdirAll(dir, 0o700))
	path := filepath.Join(dir, "cloud.json")
	require.NoError(t, syscall.Mkfifo(path, 0o600))
	t.Cleanup(func() {
		if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
	})
	return path
}

// configFromEnvWithin runs NewConfigurationFromEnv, failing the test if it
// has not returned within 10 seconds.
func configFromEnvWithin(t *testing.T) (*tiledbcloud.Configuration, error) {
	t.Helper()
	type result struct {
		cfg *tiledbcloud.Configuration
		err error
	}
	done := make(chan result, 1)
	go func() {
		cfg, err := tiledbcloud.NewConfigurationFromEnv()
		done <- result{cfg, err}
	}()
	select {
	case r := <-done:
		return r.cfg, r.err
	case <-time.After(10 * time.Second):
		t.Fatal("NewConfigurationFromEnv did not return within 10s: it blocks opening the login file")
	}
	return nil, nil
}

func TestNewConfigurationFromEnvFIFOLoginFile(t *testing.T) {
	t.Run("refused without blocking", func(t *testing.T) {
		home := emptyHome(t)
		path := fifoLoginFile(t, home)
		cfg, err := configFromEnvWithin(t)
		require.Error(t, err)
		assert.Nil(t, cfg)
		assert.ErrorIs(t, err, tiledbcloud.ErrInvalidArgument)
		assert.Contains(t, err.Error(), path)
		assert.Contains(t, err.Error(), "not a regular file")
	})
	t.Run("not read when TILEDB_REST_TOKEN is set", func(t *testing.T) {
		home := emptyHome(t)
		fifoLoginFile(t, home)
		t.Setenv("TILEDB_REST_TOKEN", "env-key")
		cfg, err := configFromEnvWithin(t)
		require.NoError(t, err)
		assert.Equal(t, "env-key", cfg.APIKey)
	})
	t.Run("not read when the username and password are set", func(t *testing.T) {
		home := emptyHome(t)
		fifoLoginFile(t, home)
		t.Setenv("TILEDB_REST_USERNAME", "env-user")
		t.Setenv("TILEDB_REST_PASSWORD", "env-password")
		cfg, err := configFromEnvWithin(t)
		require.NoError(t, err)
		assert.Equal(t, "env-user", cfg.Username)
		assert.Equal(t, "env-password", cfg.Password)
	})
}
