package main

import (
	"bytes"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// contractFile is the runtime's file that lists what generated code may use.
const contractFile = "contract.go"

// goPackage is a package's non-test Go files, type-checked.
type goPackage struct {
	fset  *token.FileSet
	files map[string]*ast.File // by base name
	srcs  map[string][]byte
	pkg   *types.Package
	info  *types.Info
}

// loadPackage type-checks the non-test Go files of dir that build on this
// platform.
func loadPackage(t *testing.T, dir string) *goPackage {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	p := &goPackage{fset: token.NewFileSet(), files: map[string]*ast.File{}, srcs: map[string][]byte{}}
	var files []*ast.File
	for _, path := range paths {
		if match, err := build.Default.MatchFile(dir, filepath.Base(path)); err != nil || !match || strings.HasSuffix(path, "_test.go") {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(p.fset, path, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name.Name == "main" {
			continue
		}
		name := filepath.Base(path)
		p.files[name], p.srcs[name] = f, src
		files = append(files, f)
	}
	p.info = &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: importer.ForCompiler(p.fset, "gc", nil)}
	p.pkg, err = conf.Check(files[0].Name.Name, p.fset, files, p.info)
	if err != nil {
		t.Fatalf("type-checking %s: %v", dir, err)
	}
	return p
}

// fileOf returns the base name of the file declaring obj.
func (p *goPackage) fileOf(obj types.Object) string {
	return filepath.Base(p.fset.Position(obj.Pos()).Filename)
}

// generated reports whether the file name was written by internal/gen,
// leaving out the copies of the runtime's helpers, which are hand-written.
func (p *goPackage) generated(name string) bool {
	return isGenerated(p.srcs[name]) && !strings.HasPrefix(name, "runtime_")
}

// origin returns the generic declaration behind an instantiated method or field.
func origin(obj types.Object) types.Object {
	switch o := obj.(type) {
	case *types.Func:
		return o.Origin()
	case *types.Var:
		return o.Origin()
	}
	return obj
}

// uses calls fn for each identifier of file that refers to an object of p.
func (p *goPackage) uses(file string, fn func(id *ast.Ident, obj types.Object)) {
	f := p.files[file]
	ast.Inspect(f, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		if obj := p.info.Uses[id]; obj != nil && obj.Pkg() == p.pkg {
			fn(id, origin(obj))
		}
		return true
	})
}

// contract returns what contract.go names: the objects it uses, and the
// methods of each type it checks against an interface it declares.
func (p *goPackage) contract(t *testing.T) map[types.Object]bool {
	t.Helper()
	f := p.files[contractFile]
	if f == nil {
		t.Fatalf("the package has no %s", contractFile)
	}
	allowed := map[types.Object]bool{}
	p.uses(contractFile, func(_ *ast.Ident, obj types.Object) { allowed[obj] = true })
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			if vs.Type == nil || len(vs.Values) != 1 {
				continue
			}
			iface, ok := p.info.Types[vs.Type].Type.Underlying().(*types.Interface)
			if !ok {
				continue
			}
			impl := p.info.Types[vs.Values[0]].Type
			for i := 0; i < iface.NumMethods(); i++ {
				m, _, _ := types.LookupFieldOrMethod(impl, true, p.pkg, iface.Method(i).Name())
				if m != nil {
					allowed[origin(m)] = true
				}
			}
		}
	}
	return allowed
}

// provided returns the names each helper copied into p provides, by file.
func (p *goPackage) provided(t *testing.T) map[string]map[string]bool {
	t.Helper()
	hs, err := loadHelpers()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]bool{}
	for _, h := range hs {
		names := map[string]bool{}
		for _, n := range append(append([]string(nil), h.idents...), h.methods...) {
			names[n] = true
		}
		out[helperFile(h, false)] = names
	}
	return out
}

// providedField reports whether obj is a field of a struct type a helper
// provides, which a composite literal of that type names.
func (p *goPackage) providedField(obj types.Object, provides map[string]bool) bool {
	v, ok := obj.(*types.Var)
	if !ok || !v.IsField() {
		return false
	}
	for name := range provides {
		tn, ok := p.pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		if s, ok := tn.Type().Underlying().(*types.Struct); ok {
			for i := 0; i < s.NumFields(); i++ {
				if s.Field(i) == v {
					return true
				}
			}
		}
	}
	return false
}

// documentSpecific reports a runtime file the document names: the
// x-go-prepare functions, and files with //gen:requires lines, which may
// use the models and operations they require.
func (p *goPackage) documentSpecific(name string) bool {
	return name == "prepare.go" || bytes.Contains(p.srcs[name], []byte("\n"+requiresPrefix))
}

// contractViolations lists the unexported runtime names the generated files
// of p use that neither contract.go nor a copied helper's //gen:provides
// line lists, and the generated names the runtime uses outside the glue and
// what contract.go lists.
func contractViolations(t *testing.T, p *goPackage) []string {
	t.Helper()
	allowed := p.contract(t)
	provided := p.provided(t)
	seen := map[string]bool{}
	var out []string
	report := func(id *ast.Ident, msg string) {
		pos := p.fset.Position(id.Pos())
		key := filepath.Base(pos.Filename) + ": " + msg
		if !seen[key] {
			seen[key] = true
			out = append(out, key)
		}
	}
	for name := range p.files {
		switch {
		case p.generated(name):
			p.uses(name, func(id *ast.Ident, obj types.Object) {
				decl := p.fileOf(obj)
				switch {
				case obj.Exported() || p.generated(decl) || obj.Parent() != nil && obj.Parent() != p.pkg.Scope():
					// Public API, generated code, or a local.
				case provided[decl] != nil:
					if !provided[decl][obj.Name()] && !p.providedField(obj, provided[decl]) {
						report(id, "uses "+obj.Name()+", which "+decl+" does not list on its //gen:provides line")
					}
				case decl == "prepare.go":
					// The document's x-go-prepare functions.
				case !allowed[obj]:
					report(id, "uses "+obj.Name()+" ("+decl+"), which "+contractFile+" does not list")
				}
			})
		case !p.documentSpecific(name):
			p.uses(name, func(id *ast.Ident, obj types.Object) {
				decl := p.fileOf(obj)
				if p.generated(decl) && decl != "generated_glue.go" && !allowed[obj] {
					report(id, "the runtime uses "+obj.Name()+" ("+decl+"), which is neither in generated_glue.go nor listed in "+contractFile)
				}
			})
		}
	}
	sort.Strings(out)
	return out
}

// generateShapes writes a standalone package of testdata/shapes.yaml, a
// document with a field of every shape, into a directory of the test, and
// returns the configuration it used.
func generateShapes(t *testing.T) *config {
	t.Helper()
	cfg := &config{spec: filepath.Join("testdata", "shapes.yaml"), tags: []string{"all"}, pkg: "shapes", out: t.TempDir(), runtime: moduleRoot}
	if err := run(cfg); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestContract checks the SDK's package: its generated code uses only the
// runtime names contract.go lists, and its runtime reaches generated code
// only through the glue and what contract.go lists.
func TestContract(t *testing.T) {
	for _, v := range contractViolations(t, loadPackage(t, moduleRoot)) {
		t.Error(v)
	}
}

// TestContractStandalone checks the contract in a package generated for a
// document of every shape, which copies in helpers.
func TestContractStandalone(t *testing.T) {
	p := loadPackage(t, generateShapes(t).out)
	copied := 0
	for name := range p.files {
		if strings.HasPrefix(name, "runtime_") {
			copied++
		}
	}
	if copied == 0 {
		t.Fatal("the shapes document copied no helper; the test checks none")
	}
	for _, v := range contractViolations(t, p) {
		t.Error(v)
	}
}

// TestContractCatchesUnlistedUse checks that the contract check fails for
// generated code that uses a runtime name contract.go does not list, and
// for a runtime file that names a generated model.
func TestContractCatchesUnlistedUse(t *testing.T) {
	cfg := generateShapes(t)
	dir := cfg.out
	extra := map[string]string{
		// drain is the pipeline's, not generated code's.
		"zz_extra.go": cfg.header() + "\n\npackage shapes\n\nfunc extra() { drain(nil) }\n",
		"hand.go":     "package shapes\n\nvar _ Shape\n",
	}
	for name, src := range extra {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := strings.Join(contractViolations(t, loadPackage(t, dir)), "\n")
	for _, want := range []string{
		"zz_extra.go: uses drain (client.go), which contract.go does not list",
		"hand.go: the runtime uses Shape (model_shape.go), which is neither in generated_glue.go nor listed in contract.go",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("violations lack %q:\n%s", want, got)
		}
	}
}

// unreachable lists the unexported functions, methods, types, variables
// and constants of p that its exported API does not reach: code no caller
// of the package can run. A method is reached with its type, when it is
// exported or an interface the package reaches has a method of its name.
// contract.go, compile-time checks only, neither reaches nor counts.
func unreachable(p *goPackage) []string {
	deps := map[types.Object][]types.Object{}
	methods := map[types.Object][]types.Object{} // by receiver type
	var roots []types.Object
	usedIn := func(n ast.Node) []types.Object {
		var out []types.Object
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if obj := p.info.Uses[id]; obj != nil && obj.Pkg() == p.pkg {
					out = append(out, origin(obj))
				}
			}
			return true
		})
		return out
	}
	for name, f := range p.files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				obj := p.info.Defs[d.Name]
				deps[obj] = usedIn(d)
				switch {
				case d.Recv != nil:
					recv := obj.Type().(*types.Signature).Recv().Type()
					if ptr, ok := recv.(*types.Pointer); ok {
						recv = ptr.Elem()
					}
					tn := recv.(*types.Named).Origin().Obj()
					methods[tn] = append(methods[tn], obj)
				case obj.Exported() || d.Name.Name == "init":
					roots = append(roots, obj)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						obj := p.info.Defs[s.Name]
						deps[obj] = usedIn(s)
						if obj.Exported() {
							roots = append(roots, obj)
						}
					case *ast.ValueSpec:
						used := usedIn(s)
						for _, n := range s.Names {
							switch obj := p.info.Defs[n]; {
							case n.Name == "_":
								if name != contractFile {
									roots = append(roots, used...)
								}
							default:
								deps[obj] = used
								if obj.Exported() {
									roots = append(roots, obj)
								}
							}
						}
					}
				}
			}
		}
	}
	reached := map[types.Object]bool{}
	ifaceMethods := map[string]bool{}
	var visit func(types.Object)
	visit = func(obj types.Object) {
		if reached[obj] {
			return
		}
		reached[obj] = true
		if tn, ok := obj.(*types.TypeName); ok {
			if iface, ok := tn.Type().Underlying().(*types.Interface); ok {
				for i := 0; i < iface.NumMethods(); i++ {
					ifaceMethods[iface.Method(i).Name()] = true
				}
			}
		}
		for _, d := range deps[obj] {
			visit(d)
		}
	}
	for _, r := range roots {
		visit(r)
	}
	for changed := true; changed; {
		changed = false
		for tn, ms := range methods {
			if !reached[tn] {
				continue
			}
			for _, m := range ms {
				if !reached[m] && (m.Exported() || ifaceMethods[m.Name()]) {
					visit(m)
					changed = true
				}
			}
		}
	}
	var out []string
	for obj := range deps {
		if !reached[obj] && p.fileOf(obj) != contractFile {
			pos := p.fset.Position(obj.Pos())
			out = append(out, filepath.Base(pos.Filename)+":"+strconv.Itoa(pos.Line)+": "+obj.Name())
		}
	}
	sort.Strings(out)
	return out
}

// TestSDKCarriesNoUnusedCode checks that the SDK's package holds no code
// its own document does not use: every unexported name is reached from
// the exported API. Code only other documents need belongs in
// internal/gen/runtime, copied into their packages.
func TestSDKCarriesNoUnusedCode(t *testing.T) {
	for _, u := range unreachable(loadPackage(t, moduleRoot)) {
		t.Errorf("%s is unreachable from the SDK's API: remove it, or move it to internal/gen/runtime if other documents need it", u)
	}
}
