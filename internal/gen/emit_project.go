package main

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"strings"
)

// addProjectFiles adds to out the files the SDK's own repository derives
// from the document besides the package itself: the fuzz mirrors, the
// wire-contract test table, the mock, and the generated regions of the
// docs. Names are relative to cfg.out and may name subdirectories.
func addProjectFiles(cfg *config, api *API, out map[string][]byte) (map[string][]byte, error) {
	module, err := modulePath(cfg.out)
	if err != nil {
		return nil, err
	}
	gens := []struct {
		pkg string
		f   *genFile
	}{
		{cfg.pkg, emitFuzzMirrors(api)},
		{"test", emitTestTables(cfg, api, module)},
		{mockPackage, emitMock(cfg, api, module)},
	}
	add := func(name string, src []byte) error {
		if _, dup := out[name]; dup {
			return fmt.Errorf("two generated files are named %s", name)
		}
		out[name] = src
		return nil
	}
	for _, g := range gens {
		sub := *cfg
		sub.pkg = g.pkg
		src, err := g.f.render(&sub)
		if err != nil {
			return nil, err
		}
		if err := add(g.f.name, src); err != nil {
			return nil, err
		}
	}
	docs, err := docTables(cfg, api)
	if err != nil {
		return nil, err
	}
	for name, src := range docs {
		if err := add(name, src); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// modulePath reads the module path from dir's go.mod.
func modulePath(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("the SDK's files need the module path: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`), nil
		}
	}
	return "", fmt.Errorf("%s has no module line", filepath.Join(dir, "go.mod"))
}

// exportedNames returns the Go names the generated package declares that
// a signature can mention: models, enums and the <Op>Opts structs.
func exportedNames(api *API) map[string]bool {
	names := map[string]bool{}
	for _, m := range api.Models {
		names[m.GoName] = true
	}
	for _, e := range api.Enums {
		names[e.GoName] = true
	}
	for _, s := range api.Services {
		for _, op := range s.Operations {
			if n := op.OptsName(); n != "" {
				names[n] = true
			}
		}
	}
	return names
}

// qualifiedSignature returns op's method signature (as the service declares
// it) for use in another package: each of the package's names is qualified
// with pkg. It reuses signature so that the two never disagree.
func qualifiedSignature(f *genFile, op *Operation, pkg string, names map[string]bool) string {
	return qualify(f, "func"+signature(f, op), pkg, names)[len("func"):]
}

// qualifiedType returns the Go spelling of t for use in another package.
func qualifiedType(f *genFile, t *Type, pkg string, names map[string]bool) string {
	return qualify(f, goType(f, t), pkg, names)
}

// qualify rewrites the type expression src, qualifying each of the
// package's names with pkg (recording the import in f).
func qualify(f *genFile, src, pkg string, names map[string]bool) string {
	expr, err := parser.ParseExpr(src)
	if err != nil {
		panic(fmt.Sprintf("generated type %s does not parse: %v", src, err))
	}
	q := func(e *ast.Expr) {
		if id, ok := (*e).(*ast.Ident); ok && names[id.Name] {
			*e = &ast.SelectorExpr{X: ast.NewIdent(pkg), Sel: ast.NewIdent(id.Name)}
		}
	}
	q(&expr)
	ast.Inspect(expr, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field:
			q(&n.Type)
		case *ast.StarExpr:
			q(&n.X)
		case *ast.ArrayType:
			q(&n.Elt)
		case *ast.MapType:
			q(&n.Value)
		case *ast.IndexExpr:
			q(&n.Index)
		}
		return true
	})
	var b bytes.Buffer
	if err := printer.Fprint(&b, token.NewFileSet(), expr); err != nil {
		panic(err)
	}
	return b.String()
}
