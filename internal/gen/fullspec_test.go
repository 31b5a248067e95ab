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

// sharedSpec returns the path of one of TileDB's documents next to the
// checkout (../shared/spec of the main checkout or of a worktree's parent),
// or "" when it is absent. The environment variable env overrides the
// search.
func sharedSpec(name, env string) string {
	if p := os.Getenv(env); p != "" {
		return p
	}
	for _, p := range []string{
		filepath.Join(moduleRoot, "..", "shared", "spec", name),
		filepath.Join(moduleRoot, "..", "..", "shared", "spec", name),
	} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// requireSharedSpec returns the path sharedSpec finds, skipping the test
// when the reference file is not beside the checkout or with -short (the
// packages it generates take a while to build).
func requireSharedSpec(t *testing.T, name, env string) string {
	t.Helper()
	spec := sharedSpec(name, env)
	if spec == "" {
		t.Skipf("../shared/spec/%s is not next to the checkout (set %s to its path)", name, env)
	}
	if testing.Short() {
		t.Skip("builds a package of the whole API; skipped with -short")
	}
	return spec
}

// requireFullSpec returns the whole v1 document's path, or skips the test.
func requireFullSpec(t *testing.T) string {
	t.Helper()
	return requireSharedSpec(t, "tiledb-cloud-v1-full.yaml", "TILEDB_FULL_SPEC")
}

// TestFullSpecStandalone generates TileDB's whole v1 document, every tag,
// into a package of its own and checks that it builds, passes go vet and
// passes its round-trip tests (one per model).
func TestFullSpecStandalone(t *testing.T) {
	checkStandalone(t, requireFullSpec(t), "fullsdk")
}

// TestV2SpecStandalone does the same with TileDB's v2 API document, whose
// models hold binary data (format: binary) in JSON.
func TestV2SpecStandalone(t *testing.T) {
	checkStandalone(t, requireSharedSpec(t, "tiledb-cloud-v2.yaml", "TILEDB_V2_SPEC"), "v2sdk")
}

// checkStandalone generates spec, every tag, into package pkg of a module
// of its own, and checks that it builds, passes go vet and its round-trip
// tests, and keeps to the contract.
func checkStandalone(t *testing.T, spec, pkg string) {
	t.Helper()
	dir := t.TempDir()
	cfg := &config{spec: spec, label: filepath.Base(spec), tags: []string{"all"}, pkg: pkg, out: dir, runtime: moduleRoot}
	if err := run(cfg); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/"+pkg+"\n\ngo 1.24.0\n"), 0o644); err != nil {
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
