package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir holds the corpus: small documents, one construct each
// (testdata/corpus/README.md lists them). A document's behaviour test, when
// it has one, is the file of the same name ending in _test.go, written in
// the package the document generates (named after the document).
const corpusDir = "testdata/corpus"

// corpusPackage is the package name a corpus document generates.
func corpusPackage(doc string) string {
	return strings.NewReplacer("-", "_", ".", "_").Replace(strings.TrimSuffix(filepath.Base(doc), ".yaml"))
}

// TestCorpusBehaviour generates every corpus document that has a behaviour
// test into a package of one temporary module, with that test beside it,
// and runs go vet and go test over them all once: the shapes' codec against
// fixed JSON, and what the document decides at run time (the base URL, the
// credentials, the error model, parameters, form bodies) against a loopback
// server. The generated round-trip tests run too, and each package keeps to
// the contract.
func TestCorpusBehaviour(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a package per corpus document; skipped with -short")
	}
	tests, err := filepath.Glob(filepath.Join(corpusDir, "*_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tests) == 0 {
		t.Fatal("no behaviour test in " + corpusDir)
	}
	mod := t.TempDir()
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/corpus\n\ngo 1.24.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, test := range tests {
		doc := strings.TrimSuffix(test, "_test.go") + ".yaml"
		pkg := corpusPackage(doc)
		out := filepath.Join(mod, pkg)
		cfg := &config{spec: doc, label: filepath.ToSlash(doc), tags: []string{"all"}, pkg: pkg, out: out, runtime: moduleRoot}
		if err := run(cfg); err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		src, err := os.ReadFile(test)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, "behaviour_test.go"), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goTool := goCommand(t)
	runIn(t, mod, goTool, "vet", "./...")
	runIn(t, mod, goTool, "test", "-count=1", "./...")
	// Each shape, with the helpers it copies in, keeps to the contract.
	for _, test := range tests {
		pkg := corpusPackage(test[:len(test)-len("_test.go")])
		for _, v := range contractViolations(t, loadPackage(t, filepath.Join(mod, pkg))) {
			t.Errorf("%s: %s", pkg, v)
		}
	}
}

// TestCorpusRefusals checks that each document under refused/ is refused
// with the error its first line names ("# want: text").
func TestCorpusRefusals(t *testing.T) {
	docs, err := filepath.Glob(filepath.Join(corpusDir, "refused", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range docs {
		t.Run(filepath.Base(doc), func(t *testing.T) {
			src, err := os.ReadFile(doc)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(src), "\n")
			want, ok := strings.CutPrefix(first, "# want: ")
			if !ok {
				t.Fatalf("the first line is %q, not # want: and the error", first)
			}
			cfg := &config{spec: doc, tags: []string{"all"}, pkg: "refused", out: t.TempDir(), runtime: moduleRoot}
			if err := run(cfg); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v, want it to contain %q", err, want)
			}
		})
	}
}
