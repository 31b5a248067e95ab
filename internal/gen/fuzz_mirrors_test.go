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

// TestFuzzMirrorsEveryShape generates testdata/shapes.yaml, whose fields
// take every shape the generator knows (integers and floats of every
// width, date-times, enums, nested and inline models, arrays of arrays,
// maps, free-form objects, x-nullable and x-one-or-many fields, read-only
// fields), as a standalone package with the SDK's fuzz harness and the
// generated mirrors, and runs a test there that puts every model through
// the harness's decode and encode checks: the mirrors must compile, and
// the codec must agree with encoding/json on them.
func TestFuzzMirrorsEveryShape(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a package of its own; skipped with -short")
	}
	dir := t.TempDir()
	cfg := &config{spec: filepath.Join("testdata", "shapes.yaml"), tags: []string{"all"}, pkg: "shapes", out: dir, runtime: moduleRoot}
	if err := run(cfg); err != nil {
		t.Fatal(err)
	}
	api, _, _, err := render(cfg)
	if err != nil {
		t.Fatal(err)
	}
	mirrors, err := emitFuzzMirrors(api).render(cfg)
	if err != nil {
		t.Fatal(err)
	}
	harness, err := os.ReadFile(filepath.Join(moduleRoot, "fuzz_harness_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	rootMod, err := os.ReadFile(filepath.Join(moduleRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goLine := "go 1.21"
	for _, l := range strings.Split(string(rootMod), "\n") {
		if strings.HasPrefix(l, "go ") {
			goLine = l
		}
	}
	// Each model's sample, and documents at the edges of each shape.
	s := &sampler{f: newFile(""), pkg: cfg.pkg, names: exportedNames(api)}
	docs := []string{
		`{"i8":127,"i16":-32768,"i32":2147483647,"i64":-9223372036854775808,"u8":255,"u16":65535,"u32":4294967295,"u64":18446744073709551615}`,
		`{"i8":128}`, `{"i16":32768}`, `{"u8":-1}`, `{"u64":18446744073709551616}`, `{"i64":1.0}`, `{"u32":1e3}`,
		`{"f32":3.4028235e38,"f64":1.7976931348623157e308}`, `{"f32":3.5e38}`, `{"f64":1e400}`, `{"f32":-0,"f64":5e-324}`,
		`{"grid":[[1,2],[],null,[3]],"byName":{"a":{"x":1},"b":null},"counts":{"x":1,"y":65536}}`,
		`{"extra":{"a":[1,{"b":null}]},"note":null,"when":null,"anchor":null}`, `{"extra":null}`, `{"extra":"s"}`,
		`{"note":"n","when":"2024-02-29 23:59:59","anchor":{"x":1,"label":"l"}}`,
		`{"colors":"red","tags":"t"}`, `{"colors":["red","blue:*"],"tags":[]}`, `{"colors":null,"tags":[null]}`, `{"colors":1}`,
		`{"size":{"w":1.5,"h":-2,"at":"2024-01-01T00:00:00Z"},"seen":"2024-01-01T00:00:00.5+01:00"}`,
	}
	for _, m := range api.Models {
		docs = append(docs, s.modelJSON(m))
	}
	var quoted []string
	for _, d := range docs {
		quoted = append(quoted, sampleGoString(d))
	}
	test := `package shapes

import "testing"

var shapeDocs = []string{
	` + strings.Join(quoted, ",\n\t") + `,
}

func TestMirrors(t *testing.T) {
	if len(fzModels) < 3 {
		t.Fatalf("%d models", len(fzModels))
	}
	for _, c := range fzModels {
		t.Run(c.name, func(t *testing.T) {
			for _, s := range fzCommonSeeds {
				c.decode(t, []byte(s))
			}
			for _, d := range shapeDocs {
				c.decode(t, []byte(d))
			}
			strs := []string{"", "a", "<&>", "\xff\u2028", "blue:*"}
			for i := int64(0); i < 400; i++ {
				g := newFzGen(strs[i%5], strs[(i+1)%5], strs[(i+3)%5], i%2 == 0, i%3 == 0,
					i*-7046029254386353131, i*86400*97, i*123456789, int32(i*3607), uint32(i*2654435761))
				c.encode(t, g)
			}
		})
	}
}
`
	files := map[string][]byte{
		"go.mod":                  []byte("module example.com/shapes\n\n" + goLine + "\n"),
		"zz_fuzz_mirrors_test.go": mirrors,
		"fuzz_harness_test.go":    rewritePackage(harness, cfg.pkg),
		"shapes_test.go":          []byte(test),
	}
	for n, b := range files {
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var out []byte
	for _, args := range [][]string{{"vet", "."}, {"test", "-count=1", "-v", "-run", "TestMirrors", "."}} {
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
		if out, err = cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	for _, m := range api.Models {
		if !strings.Contains(string(out), "--- PASS: TestMirrors/"+m.GoName+" ") {
			t.Errorf("no passing TestMirrors/%s in\n%s", m.GoName, out)
		}
	}
}
