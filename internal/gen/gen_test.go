package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// moduleRoot is the SDK's module root, relative to this package.
const moduleRoot = "../.."

// sdkConfig is the configuration `make generate` runs with.
func sdkConfig() *config {
	return &config{spec: filepath.Join(moduleRoot, "api", "openapi.yaml"), label: "api/openapi.yaml",
		tags: []string{"user"}, pkg: "tiledbcloud", out: moduleRoot, runtime: moduleRoot}
}

// generateSDK renders the SDK's generated files as `make generate` would.
func generateSDK(t *testing.T) map[string][]byte {
	t.Helper()
	_, _, files, err := render(sdkConfig())
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestGeneratedFilesAreFresh fails when a generated file of the SDK differs
// from what the API document generates now (stale or edited by hand), or
// when the package holds a generated file the document no longer produces.
func TestGeneratedFilesAreFresh(t *testing.T) {
	checkFresh(t, moduleRoot, "", generateSDK(t), func(string) bool { return true })
}

// checkFresh fails when a file of files differs from dir's copy (stale or
// edited by hand), or when dir holds a generated Go file, among those owned
// reports this generator run writes, that files no longer has. label names
// dir in messages ("" for the module root).
func checkFresh(t *testing.T, dir, label string, files map[string][]byte, owned func(name string) bool) {
	t.Helper()
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s%s: %v (run make generate)", label, name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s%s differs from what api/openapi.yaml generates: run make generate, and edit the document rather than the file", label, name)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		n := e.Name()
		if _, ok := files[n]; ok || !strings.HasSuffix(n, ".go") || !owned(n) {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		if isGenerated(src) {
			t.Errorf("%s%s is a generated file the document no longer produces: run make generate", label, n)
		}
	}
}

// TestGeneratedHeader checks the header against Go's convention for
// generated code, which tools use to skip such files. (The docs' generated
// regions are marked in the hand-written pages instead.)
func TestGeneratedHeader(t *testing.T) {
	convention := regexp.MustCompile(`^// Code generated .* DO NOT EDIT\.$`)
	for name, src := range generateSDK(t) {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		first, _, _ := bytes.Cut(src, []byte("\n"))
		if !convention.Match(first) {
			t.Errorf("%s: first line %q does not match %s", name, first, convention)
		}
	}
}
