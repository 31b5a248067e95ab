package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fullSpec returns the path of TileDB's whole v1 document next to the
// checkout (../shared/spec of the main checkout or of a worktree's parent),
// or "" when it is absent. TILEDB_FULL_SPEC overrides the search.
func fullSpec() string {
	if p := os.Getenv("TILEDB_FULL_SPEC"); p != "" {
		return p
	}
	for _, p := range []string{
		filepath.Join(moduleRoot, "..", "shared", "spec", "tiledb-cloud-v1-full.yaml"),
		filepath.Join(moduleRoot, "..", "..", "shared", "spec", "tiledb-cloud-v1-full.yaml"),
	} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// requireFullSpec returns the whole v1 document's path, skipping the test
// when the reference file is not beside the checkout or with -short (the
// packages it generates take a while to build).
func requireFullSpec(t *testing.T) string {
	t.Helper()
	spec := fullSpec()
	if spec == "" {
		t.Skip("../shared/spec/tiledb-cloud-v1-full.yaml is not next to the checkout (set TILEDB_FULL_SPEC to its path)")
	}
	if testing.Short() {
		t.Skip("builds a package of the whole API; skipped with -short")
	}
	return spec
}

// TestFullSpecStandalone generates TileDB's whole v1 document, every tag,
// into a package of its own and checks that it builds, passes go vet and
// passes its round-trip tests (one per model).
func TestFullSpecStandalone(t *testing.T) {
	spec := requireFullSpec(t)
	dir := t.TempDir()
	cfg := &config{spec: spec, label: "tiledb-cloud-v1-full.yaml", tags: []string{"all"}, pkg: "fullsdk",
		out: dir, runtime: moduleRoot}
	if err := run(cfg); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/fullsdk\n\ngo 1.24.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	goTool := goCommand(t)
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}, {"test", "-count=1", "./..."}} {
		runIn(t, dir, goTool, args...)
	}
	// Every shape, with the helpers it copies in, keeps to the contract.
	for _, v := range contractViolations(t, loadPackage(t, dir)) {
		t.Error(v)
	}
}

// runIn runs a command in dir, offline and outside any workspace, failing
// the test with its output when it fails.
func runIn(t *testing.T, dir string, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOWORK=off", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s in %s: %v\n%s", name, strings.Join(args, " "), dir, err, out)
	}
}

// goCommand returns the go command on PATH, where go test puts the Go that
// runs the tests first.
func goCommand(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is not on PATH: %v", err)
	}
	return p
}
