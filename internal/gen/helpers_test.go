package main

import (
	"sort"
	"strings"
	"testing"
)

// helperNames returns the file names of the helpers in need, sorted.
func helperNames(need map[*helper]bool) []string {
	var out []string
	for h, ok := range need {
		if ok {
			out = append(out, h.name)
		}
	}
	sort.Strings(out)
	return out
}

// TestHelpersLoad checks the helpers of internal/gen/runtime: each is kept
// out of builds, lists what it provides, and declares it.
func TestHelpersLoad(t *testing.T) {
	hs, err := loadHelpers()
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) == 0 {
		t.Fatal("no helpers in internal/gen/runtime")
	}
}

// TestParseHelperRejectsMistakes checks the errors for a helper that would
// break the packages it is copied into or never be copied.
func TestParseHelperRejectsMistakes(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"built", "package tiledbcloud\n\n//gen:provides f\n\nfunc f() {}\n", "the first line must be"},
		{"silent", buildIgnore + "\npackage tiledbcloud\n\nfunc f() {}\n", "has no \"//gen:provides\" line"},
		{"undeclared", buildIgnore + "\n//gen:provides f g\n\npackage tiledbcloud\n\nfunc f() {}\n", "provides g but does not declare it"},
		{"method", buildIgnore + "\n//gen:provides (*encoder).half\n\npackage tiledbcloud\n\nfunc (e *encoder) whole() {}\n", "provides half"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseHelper("x.go", []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "runtime/x.go") {
				t.Fatalf("parseHelper = %v, want an error naming runtime/x.go and containing %q", err, tc.want)
			}
		})
	}
}

// TestNeededHelpers checks which helpers a package's generated code pulls
// in: those it names, those they name in turn, a method only through a
// selector, and nothing for names in test files.
func TestNeededHelpers(t *testing.T) {
	hs, err := loadHelpers()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"none", "func f(x uint64) float64 { return float64(x) }", nil},
		{"map", "func f(d *decoder, v *map[string]bool) error { return mapValue(d, v, \"\", (*decoder).boolValue) }", []string{"codec_maps.go"}},
		// sliceValue decodes a []byte from an array with uintValue.
		{"slice", "var _ = sliceValue[int64]", []string{"codec_slices.go", "codec_unsigned.go"}},
		{"method", "func f(e *encoder, x uint64) { e.uint64(x) }", []string{"codec_unsigned.go"}},
		{"method expression", "var _ = (*encoder).float", []string{"codec_float.go"}},
		// A form's methods come with newMultipartForm, not with a field named file.
		{"own method", "func f(v *struct{ file string }) string { return v.file }", nil},
		{"constructor", "var _ = newMultipartForm", []string{"multipart.go"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string][]byte{
				"api_x.go":          []byte("package x\n\n" + tc.src + "\n"),
				"x_test.go":         []byte("package x\n\nvar _ = rawValue\n"),
				"test/zz_x_test.go": []byte("package test\n\nvar _ = newMultipartForm\n"),
			}
			need, err := neededHelpers(hs, files)
			if err != nil {
				t.Fatal(err)
			}
			if got := helperNames(need); strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("needed %v, want %v", got, tc.want)
			}
		})
	}
}

// TestSDKHelpersAreCopiedOnce checks the SDK's own package: each helper is
// there once, shipped when the document needs it and otherwise as a test
// file, so that the SDK's tests cover every helper.
func TestSDKHelpersAreCopiedOnce(t *testing.T) {
	files := generateSDK(t)
	hs, err := loadHelpers()
	if err != nil {
		t.Fatal(err)
	}
	need, err := neededHelpers(hs, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		_, shipped := files[helperFile(h, false)]
		_, tested := files[helperFile(h, true)]
		switch {
		case shipped == tested:
			t.Errorf("%s: shipped %v, test copy %v; want exactly one", h.name, shipped, tested)
		case shipped != need[h]:
			t.Errorf("%s: shipped %v, but api/openapi.yaml needs it: %v", h.name, shipped, need[h])
		}
	}
}
