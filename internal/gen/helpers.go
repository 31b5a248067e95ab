package main

import (
	"bytes"
	"embed"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path"
	"sort"
	"strings"
)

// The runtime's optional helpers are the parts of the runtime that only
// some documents need: unsigned integers, floats, maps, free-form values,
// form bodies, header parameters and the like, which the SDK's own document
// does not use. They live in internal/gen/runtime (each file built with
// //go:build ignore, since it compiles only inside a generated package), so
// that the SDK's package carries no code its document does not use. The
// generator copies a helper into a package when the generated code, or a
// helper already copied, names one of the names its //gen:provides line
// lists; the SDK's own package also gets the others as _test.go copies, so
// that its tests test them all.
//
// The //gen:provides line is the helper's part of the contract with the
// generated code (contract.go is the runtime's): the names generated code
// may call. A name is a function or type, matched by any identifier of that
// name, or a method written (*T).m; a method of one of the runtime's types,
// such as (*encoder).raw, is matched by a selector .m, while one of a type
// the helper declares comes with the use of that type's constructor.

//go:embed runtime/*.go
var helperSources embed.FS

// helpersDir is the directory of the helpers, in this module and in messages.
const helpersDir = "runtime"

// providesPrefix starts the line of a helper that lists what it provides.
const providesPrefix = "//gen:provides "

// buildIgnore keeps a helper out of every build until it is copied.
const buildIgnore = "//go:build ignore\n"

// helper is one file of internal/gen/runtime.
type helper struct {
	name string // such as "codec_maps.go"
	src  []byte // without its //go:build line
	// idents and methods are the names it provides to generated code:
	// functions and types, and methods (without their receiver).
	idents, methods []string
	// triggers are the methods whose use needs the helper: those of the
	// runtime's types, such as the encoder's. A method of a type the helper
	// declares itself comes with a use of its constructor.
	triggers []string
	refs     *mentions // what it names itself, for the helpers it needs
	// declared are its top-level names, which a type of the document must
	// not take.
	declared map[string]bool
}

// loadHelpers reads and checks the helpers embedded in the generator.
func loadHelpers() ([]*helper, error) {
	entries, err := helperSources.ReadDir(helpersDir)
	if err != nil {
		return nil, err
	}
	var hs []*helper
	owner := map[string]string{}
	for _, e := range entries {
		src, err := helperSources.ReadFile(path.Join(helpersDir, e.Name()))
		if err != nil {
			return nil, err
		}
		h, err := parseHelper(e.Name(), src)
		if err != nil {
			return nil, err
		}
		for _, n := range append(append([]string(nil), h.idents...), h.methods...) {
			if prev, dup := owner[n]; dup {
				return nil, fmt.Errorf("%s/%s and %s both provide %s", helpersDir, prev, h.name, n)
			}
			owner[n] = h.name
		}
		hs = append(hs, h)
	}
	return hs, nil
}

// parseHelper reads one helper and checks that it declares what it provides.
func parseHelper(name string, src []byte) (*helper, error) {
	body, ok := bytes.CutPrefix(src, []byte(buildIgnore))
	if !ok {
		return nil, fmt.Errorf("%s/%s: the first line must be %q, since the file compiles only in a generated package", helpersDir, name, strings.TrimSpace(buildIgnore))
	}
	h := &helper{name: name, src: bytes.TrimLeft(body, "\n")}
	for _, line := range strings.Split(string(body), "\n") {
		rest, ok := strings.CutPrefix(line, providesPrefix)
		if !ok {
			continue
		}
		for _, p := range strings.Fields(rest) {
			if m, ok := methodName(p); ok {
				h.methods = append(h.methods, m)
				if !strings.Contains(string(body), "\ntype "+receiverName(p)+" ") {
					h.triggers = append(h.triggers, m)
				}
			} else {
				h.idents = append(h.idents, p)
			}
		}
	}
	if len(h.idents)+len(h.methods) == 0 {
		return nil, fmt.Errorf("%s/%s has no %q line naming what generated code may call", helpersDir, name, strings.TrimSpace(providesPrefix))
	}
	file, err := parser.ParseFile(token.NewFileSet(), name, h.src, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("%s/%s: %v", helpersDir, name, err)
	}
	declared := map[string]bool{}
	for _, d := range file.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			declared[d.Name.Name] = true
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok {
					declared[ts.Name.Name] = true
				}
			}
		}
	}
	h.declared = map[string]bool{}
	for _, d := range file.Decls {
		for n := range topLevelNames(d) {
			h.declared[n] = true
		}
	}
	for _, n := range append(append([]string(nil), h.idents...), h.methods...) {
		if !declared[n] {
			return nil, fmt.Errorf("%s/%s provides %s but does not declare it", helpersDir, name, n)
		}
	}
	h.refs = &mentions{idents: map[string]bool{}, selectors: map[string]bool{}}
	h.refs.add(file)
	return h, nil
}

// reservedNames returns the names a type generated for the document must
// not take: those the runtime, its helpers and the glue declare.
func reservedNames(rt *runtimeSrc) (map[string]bool, error) {
	hs, err := loadHelpers()
	if err != nil {
		return nil, err
	}
	reserved := map[string]bool{}
	for n := range rt.names {
		reserved[n] = true
	}
	for _, h := range hs {
		for n := range h.declared {
			reserved[n] = true
		}
	}
	for _, n := range glueNames {
		reserved[n] = true
	}
	return reserved, nil
}

// topLevelNames returns the names a declaration declares in the package's
// scope: not a method's.
func topLevelNames(d ast.Decl) map[string]bool {
	out := map[string]bool{}
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			out[d.Name.Name] = true
		}
	case *ast.GenDecl:
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				out[s.Name.Name] = true
			case *ast.ValueSpec:
				for _, id := range s.Names {
					out[id.Name] = true
				}
			}
		}
	}
	return out
}

// receiverName returns T for a provided method written "(*T).m".
func receiverName(p string) string {
	recv, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(p, "("), "*"), ")")
	return recv
}

// methodName returns m for a provided method written "(*T).m".
func methodName(p string) (string, bool) {
	if !strings.HasPrefix(p, "(") {
		return "", false
	}
	_, m, ok := strings.Cut(p, ").")
	return m, ok
}

// mentions are the names some Go code uses: identifiers that are not the
// name of a selector, and selector names.
type mentions struct {
	idents, selectors map[string]bool
}

func (m *mentions) add(file *ast.File) {
	sel := map[*ast.Ident]bool{}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			sel[n.Sel] = true
			m.selectors[n.Sel.Name] = true
		case *ast.Ident:
			if !sel[n] {
				m.idents[n.Name] = true
			}
		}
		return true
	})
}

// named reports whether the code names one of the names h provides.
func (m *mentions) named(h *helper) bool {
	for _, n := range h.idents {
		if m.idents[n] {
			return true
		}
	}
	for _, n := range h.triggers {
		if m.selectors[n] {
			return true
		}
	}
	return false
}

// neededHelpers returns the helpers that the package's generated Go files
// (the names of files without a directory, test files left out) name, and
// the helpers those name in turn.
func neededHelpers(hs []*helper, files map[string][]byte) (map[*helper]bool, error) {
	m := &mentions{idents: map[string]bool{}, selectors: map[string]bool{}}
	for name, src := range files {
		if strings.Contains(name, "/") || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), name, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		m.add(file)
	}
	need := map[*helper]bool{}
	for changed := true; changed; {
		changed = false
		for _, h := range hs {
			if !need[h] && m.named(h) {
				need[h] = true
				changed = true
				for n := range h.refs.idents {
					m.idents[n] = true
				}
				for n := range h.refs.selectors {
					m.selectors[n] = true
				}
			}
		}
	}
	return need, nil
}

// helperFile is the name of h's copy: shipped with the package, or, with
// testOnly, compiled only by the package's tests.
func helperFile(h *helper, testOnly bool) string {
	name := "runtime_" + strings.TrimSuffix(h.name, ".go")
	if testOnly {
		name += "_test"
	}
	return name + ".go"
}

// addHelpers adds to out a copy of every helper the generated code needs;
// in the SDK's own package (not standalone) it adds the others as test
// files, so that the SDK's tests test every helper.
func addHelpers(cfg *config, out map[string][]byte) error {
	hs, err := loadHelpers()
	if err != nil {
		return err
	}
	need, err := neededHelpers(hs, out)
	if err != nil {
		return err
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i].name < hs[j].name })
	for _, h := range hs {
		testOnly := !need[h]
		if testOnly && cfg.standalone {
			continue
		}
		name := helperFile(h, testOnly)
		if _, dup := out[name]; dup {
			return fmt.Errorf("two generated files are named %s", name)
		}
		why := "the generated code needs it"
		if testOnly {
			why = "the document does not need it, so only the package's tests compile it"
		}
		var b bytes.Buffer
		fmt.Fprintf(&b, "%s\n\n%s\n", cfg.header(), comment(fmt.Sprintf("Copied from internal/gen/%s/%s: %s.", helpersDir, h.name, why), ""))
		b.Write(rewritePackage(h.src, cfg.pkg))
		src, err := format.Source(b.Bytes())
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		out[name] = src
	}
	return nil
}
