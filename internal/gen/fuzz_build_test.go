package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzGenerate checks that no document, however malformed, makes the
// generator panic: parsing it and building its IR (the document→IR step),
// then rendering the package's files in memory, either succeed or refuse
// with an error, never reaching the last-resort recovery (a *crash). The
// corpus and the project's documents are its seeds:
//
//	cd internal/gen && go test -run '^$' -fuzz FuzzGenerate -fuzztime 1m
func FuzzGenerate(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join(corpusDir, "*.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	refused, _ := filepath.Glob(filepath.Join(corpusDir, "refused", "*.yaml"))
	seeds = append(append(seeds, refused...), filepath.Join("testdata", "shapes.yaml"))
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	rt, err := runtimeFiles(moduleRoot)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := parseDocument("fuzz.yaml", data)
		if err != nil {
			return
		}
		api, err := buildAPI(doc, []string{"all"}, rt.names)
		var c *crash
		if errors.As(err, &c) {
			t.Fatalf("building the IR crashed: %v", err)
		}
		if err != nil {
			return
		}
		cfg := &config{spec: "fuzz.yaml", tags: []string{"all"}, pkg: "fuzz", standalone: true}
		if _, err := generate(cfg, api); errors.As(err, &c) {
			t.Fatalf("rendering crashed: %v", err)
		}
	})
}
