package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir holds the corpus: small documents, one construct or collision
// each (README.md there lists them and what each checks).
const corpusDir = "testdata/corpus"

// refusedPrefix starts a line of a document of corpusDir/refused that names
// a part of the message the generator must refuse it with.
const refusedPrefix = "# refused: "

// companionSuffix ends the name of a test file that goes with a corpus
// document of the same name into its package, such as
// quote_hostile_test.go, for what the round-trip tests do not check: the
// shapes' codec against fixed JSON, and what the document decides at run
// time (the base URL, the credentials, the error model, parameters, form
// bodies) against a loopback server. The go command leaves it alone where
// it is, under testdata.
const companionSuffix = "_test.go"

// TestCorpus generates every document of the corpus into a package of its
// own, all in one temporary module, and runs go build, go vet and go test
// (the generated round-trip tests and the corpus's companion tests) over
// the module once; then checks that each package, with the helpers it
// copies in, keeps to the contract.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a package per corpus document; skipped with -short")
	}
	docs, err := filepath.Glob(filepath.Join(corpusDir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) == 0 {
		t.Fatalf("no documents in %s", corpusDir)
	}
	mod := t.TempDir()
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/corpus\n\ngo 1.24.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, doc := range docs {
		base := strings.TrimSuffix(filepath.Base(doc), ".yaml")
		pkg := corpusPackage(base)
		dir := filepath.Join(mod, pkg)
		cfg := &config{spec: doc, label: "corpus/" + base + ".yaml", tags: []string{"all"}, pkg: pkg, out: dir, runtime: moduleRoot}
		if err := run(cfg); err != nil {
			t.Errorf("%s: %v", doc, err)
			continue
		}
		companion, err := os.ReadFile(filepath.Join(corpusDir, base+companionSuffix))
		if errors.Is(err, os.ErrNotExist) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "corpus_companion_test.go"), rewritePackage(companion, pkg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if t.Failed() {
		return
	}
	goTool := goCommand(t)
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}, {"test", "-count=1", "./..."}} {
		runIn(t, mod, goTool, args...)
	}
	for _, doc := range docs {
		pkg := corpusPackage(strings.TrimSuffix(filepath.Base(doc), ".yaml"))
		for _, v := range contractViolations(t, loadPackage(t, filepath.Join(mod, pkg))) {
			t.Errorf("%s: %s", pkg, v)
		}
	}
}

// corpusPackage returns the package name of a corpus document's package.
func corpusPackage(base string) string {
	return strings.NewReplacer("-", "_", ".", "_").Replace(base)
}

// TestCorpusRefused checks that the generator refuses every document of
// the corpus's refused directory with the messages its "# refused:" lines
// name, each starting with the JSON pointer of what it refuses, and no
// other (a cause met twice is refused once), and does so without
// crashing.
func TestCorpusRefused(t *testing.T) {
	docs, err := filepath.Glob(filepath.Join(corpusDir, "refused", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) == 0 {
		t.Fatalf("no documents in %s/refused", corpusDir)
	}
	for _, doc := range docs {
		t.Run(filepath.Base(doc), func(t *testing.T) {
			src, err := os.ReadFile(doc)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, line := range strings.Split(string(src), "\n") {
				if rest, ok := strings.CutPrefix(line, refusedPrefix); ok {
					want = append(want, rest)
				}
			}
			if len(want) == 0 {
				t.Fatalf("%s has no %q line naming the refusal", doc, refusedPrefix)
			}
			cfg := &config{spec: doc, tags: []string{"all"}, pkg: "refused", out: t.TempDir(), runtime: moduleRoot}
			_, _, _, err = render(cfg)
			if err == nil {
				t.Fatalf("%s generated; want a refusal containing %q", doc, want)
			}
			var c *crash
			if errors.As(err, &c) {
				t.Fatalf("%s crashed the generator: %v", doc, err)
			}
			for _, w := range want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("refusal\n%v\nlacks %q", err, w)
				}
			}
			if got := strings.Count(err.Error(), "\n") + 1; got != len(want) {
				t.Errorf("refusal\n%v\nhas %d lines; want one per %q line (%d): a cause refused once", err, got, refusedPrefix, len(want))
			}
		})
	}
}
