package main

import (
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestKnownOSAndArchCoverTheGoCommand checks the GOOS and GOARCH lists that
// keep file names unconstrained against every pair the go command builds
// for.
func TestKnownOSAndArchCoverTheGoCommand(t *testing.T) {
	out, err := exec.Command(goCommand(t), "tool", "dist", "list").Output()
	if err != nil {
		t.Fatalf("go tool dist list: %v", err)
	}
	for _, pair := range strings.Fields(string(out)) {
		goos, goarch, _ := strings.Cut(pair, "/")
		if !knownOS[goos] {
			t.Errorf("knownOS lacks %s", goos)
		}
		if !knownArch[goarch] {
			t.Errorf("knownArch lacks %s", goarch)
		}
	}
}

// TestFileNamesBuildEverywhere checks that the file names the register
// gives are distinct, plain, and built by the go command on any platform
// and outside tests.
func TestFileNamesBuildEverywhere(t *testing.T) {
	files := newScope(nil)
	files.reserve("the runtime", "client.go")
	bases := []string{"model_windows", "model_ab_test", "api_test", "api_linux_amd64", "model_thing_darwin_arm64",
		"model_wasm", "model_thing", "model_thing", "model_名前", "model_", "client", "model_windows_gen", "model_x_386"}
	seen := map[string]bool{}
	dir := t.TempDir()
	for _, b := range bases {
		name := fileName(files, b, b)
		if seen[name] {
			t.Errorf("%s: %s given twice", b, name)
		}
		seen[name] = true
		if strings.Trim(strings.TrimSuffix(name, ".go"), "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
			t.Errorf("%s: %s has other characters than a-z, 0-9 and _", b, name)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte("package p\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, ctxt := range []build.Context{{GOOS: "linux", GOARCH: "amd64"}, {GOOS: "windows", GOARCH: "arm64"}, {GOOS: "plan9", GOARCH: "386"}} {
			ctxt.Compiler, ctxt.CgoEnabled = "gc", false
			ok, err := ctxt.MatchFile(dir, name)
			if err != nil || !ok || strings.HasSuffix(name, "_test.go") {
				t.Errorf("%s: %s is not built for %s/%s (%v)", b, name, ctxt.GOOS, ctxt.GOARCH, err)
			}
		}
	}
	if seen["client.go"] {
		t.Error("a generated file took the runtime's client.go")
	}
}

func TestScopeClaims(t *testing.T) {
	s := newScope(nil)
	s.reserve("the runtime", "Value2")
	if got := s.claim("Value", "a"); got != "Value" {
		t.Errorf("claim(Value) = %s", got)
	}
	if got := s.claim("Value", "b"); got != "Value3" {
		t.Errorf("second claim(Value) = %s, want Value3 (Value2 is reserved)", got)
	}
	if got := s.claim("Value2", "c"); got != "Value2_2" {
		t.Errorf("claim(Value2) = %s, want Value2_2", got)
	}
	err := s.claimExact("Value", "#/definitions/B")
	if err == nil || !strings.Contains(err.Error(), "#/definitions/B and a both get the Go name Value; set x-go-name on one of them") {
		t.Errorf("claimExact of a taken name: %v", err)
	}
	child := newScope(s)
	if got := child.claim("Value", "d"); got != "Value4" {
		t.Errorf("claim in a child scope = %s, want Value4", got)
	}
	if !child.reserved("Value2") || child.reserved("Value") {
		t.Error("reserved does not tell reserved names from claimed ones")
	}
}

func TestLocalNames(t *testing.T) {
	r := newRegister(&runtimeNames{idents: map[string]bool{"send": true}}, nil)
	op := &Operation{Params: []*Param{{In: "query", Type: &Type{Kind: KindString}}}}
	locals := r.locals(op)
	for in, want := range map[string]string{"Q": "qValue", "Type": "typeValue", "Send": "sendValue", "Url": "urlValue", "Name": "name",
		"Form": "form", "ContentType": "contentType", "Ctx": "ctxValue", "Opts": "opts"} {
		if got := localName(locals, in, "parameter "+in); got != want {
			t.Errorf("localName(%s) = %s, want %s", in, got, want)
		}
	}
	if got := localName(locals, "Q", "another q"); got != "qValue2" {
		t.Errorf("a second q = %s, want qValue2", got)
	}
	// A method with a form body and optional parameters declares form,
	// body, contentType and opts itself.
	op = &Operation{Opts: "UploadOpts", Params: []*Param{{In: "formData", Type: &Type{Kind: KindString}}}}
	locals = r.locals(op)
	for in, want := range map[string]string{"Form": "formValue", "Body": "bodyValue", "ContentType": "contentTypeValue", "Opts": "optsValue", "Q": "q"} {
		if got := localName(locals, in, "parameter "+in); got != want {
			t.Errorf("with a form body, localName(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestCheckGoName(t *testing.T) {
	for name, want := range map[string]string{
		"Good": "", "名": "not an exported Go identifier", "lower": "not an exported Go identifier",
		"A b": "not an exported Go identifier", "_": "blank identifier", "": "not an exported Go identifier",
		"Type\nfunc": "not an exported Go identifier",
	} {
		err := checkGoName(name, true)
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("checkGoName(%q) = %v, want %q", name, err, want)
		}
	}
}
