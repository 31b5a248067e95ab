// Command apicheck keeps a record of the exported API of Go packages and
// fails when the packages no longer match it, so that the public API of
// the SDK changes only by a deliberate edit of the record.
//
//	go run ./internal/apicheck [-C dir] [-w] record.txt import/path...
//
// The packages are type-checked by the go command (go list -export) and
// read back with go/types; each exported constant, variable, function,
// type, struct field, interface method and method becomes one line, in
// the style of the Go project's own api/*.txt files. Without -w the
// command prints the lines that were added (+) or removed (-) and exits
// with status 1 when there are any; with -w it rewrites the record.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"
)

func main() {
	dir := flag.String("C", ".", "run the go command in `dir` (the module of the packages)")
	write := flag.Bool("w", false, "write the record instead of checking it")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: apicheck [-C dir] [-w] record.txt import/path...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() < 2 {
		flag.Usage()
		os.Exit(2)
	}
	record, pkgs := flag.Arg(0), flag.Args()[1:]
	lines, err := exportedAPI(*dir, pkgs)
	if err != nil {
		fmt.Fprintln(os.Stderr, "apicheck:", err)
		os.Exit(1)
	}
	if *write {
		if err := os.WriteFile(record, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "apicheck:", err)
			os.Exit(1)
		}
		return
	}
	want, err := readRecord(record)
	if err != nil {
		fmt.Fprintln(os.Stderr, "apicheck:", err)
		os.Exit(1)
	}
	removed, added := difference(want, lines), difference(lines, want)
	if len(removed)+len(added) == 0 {
		return
	}
	fmt.Fprintf(os.Stderr, "apicheck: the exported API differs from %s:\n", record)
	for _, l := range removed {
		fmt.Fprintln(os.Stderr, "-", l)
	}
	for _, l := range added {
		fmt.Fprintln(os.Stderr, "+", l)
	}
	fmt.Fprintln(os.Stderr, "If the change is deliberate, run make api-update and add a line to CHANGELOG.md.")
	os.Exit(1)
}

// readRecord returns the lines of a record, without blank lines.
func readRecord(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w (write it with -w)", err)
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			lines = append(lines, l)
		}
	}
	return lines, sc.Err()
}

// difference returns the lines of a that are not in b, in a's order.
func difference(a, b []string) []string {
	in := make(map[string]bool, len(b))
	for _, l := range b {
		in[l] = true
	}
	var out []string
	for _, l := range a {
		if !in[l] {
			out = append(out, l)
		}
	}
	return out
}

// listed is the part of go list's output apicheck reads.
type listed struct {
	ImportPath string
	Export     string
	Error      *struct{ Err string }
}

// exportedAPI returns the sorted lines describing the exported API of pkgs,
// as built by the go command in dir.
func exportedAPI(dir string, pkgs []string) ([]string, error) {
	args := append([]string{"list", "-export", "-deps", "-json=ImportPath,Export,Error"}, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v\n%s", err, stderr.Bytes())
	}
	exports := make(map[string]string)
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("reading go list's output: %w", err)
		}
		if p.Error != nil {
			return nil, fmt.Errorf("%s: %s", p.ImportPath, p.Error.Err)
		}
		exports[p.ImportPath] = p.Export
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok || file == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(file)
	})
	var lines []string
	for _, path := range pkgs {
		pkg, err := imp.Import(path)
		if err != nil {
			return nil, err
		}
		lines = append(lines, describe(pkg)...)
	}
	sort.Strings(lines)
	return lines, nil
}

// describe returns one line per exported feature of pkg.
func describe(pkg *types.Package) []string {
	qual := func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		return p.Name()
	}
	prefix := "pkg " + pkg.Path() + ", "
	var lines []string
	add := func(format string, args ...any) { lines = append(lines, prefix+fmt.Sprintf(format, args...)) }
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		switch obj := obj.(type) {
		case *types.Const:
			add("const %s %s = %s", name, types.TypeString(obj.Type(), qual), obj.Val().ExactString())
		case *types.Var:
			add("var %s %s", name, types.TypeString(obj.Type(), qual))
		case *types.Func:
			add("func %s%s", name, signature(obj, qual))
		case *types.TypeName:
			lines = append(lines, describeType(prefix, obj, qual)...)
		}
	}
	return lines
}

// signature returns a function's type parameters and signature without
// parameter names, which are not part of its API.
func signature(fn *types.Func, qual types.Qualifier) string {
	sig := fn.Type().(*types.Signature)
	s := ""
	if tp := sig.TypeParams(); tp != nil && tp.Len() > 0 {
		s = typeParams(tp, qual)
	}
	s += "(" + tupleTypes(sig.Params(), sig.Variadic(), qual) + ")"
	switch res := sig.Results(); res.Len() {
	case 0:
	case 1:
		s += " " + types.TypeString(res.At(0).Type(), qual)
	default:
		s += " (" + tupleTypes(res, false, qual) + ")"
	}
	return s
}

// tupleTypes returns the types of a parameter or result list, comma-separated.
func tupleTypes(t *types.Tuple, variadic bool, qual types.Qualifier) string {
	parts := make([]string, t.Len())
	for i := range parts {
		typ := t.At(i).Type()
		if variadic && i == len(parts)-1 {
			parts[i] = "..." + types.TypeString(typ.(*types.Slice).Elem(), qual)
			continue
		}
		parts[i] = types.TypeString(typ, qual)
	}
	return strings.Join(parts, ", ")
}

// typeParams returns a type parameter list such as "[T any]".
func typeParams(tp *types.TypeParamList, qual types.Qualifier) string {
	parts := make([]string, tp.Len())
	for i := range parts {
		p := tp.At(i)
		parts[i] = p.Obj().Name() + " " + types.TypeString(p.Constraint(), qual)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// describeType returns the lines of an exported type: the type itself, its
// exported fields or interface methods, and its exported methods.
func describeType(prefix string, obj *types.TypeName, qual types.Qualifier) []string {
	name := obj.Name()
	if obj.IsAlias() {
		return []string{prefix + "type " + name + " = " + types.TypeString(types.Unalias(obj.Type()), qual)}
	}
	named, ok := obj.Type().(*types.Named)
	if !ok {
		return []string{prefix + "type " + name + " " + types.TypeString(obj.Type(), qual)}
	}
	recvName := name
	if tp := named.TypeParams(); tp != nil && tp.Len() > 0 {
		name += typeParams(tp, qual)
		params := make([]string, tp.Len())
		for i := range params {
			params[i] = tp.At(i).Obj().Name()
		}
		recvName += "[" + strings.Join(params, ", ") + "]"
	}
	var lines []string
	switch u := named.Underlying().(type) {
	case *types.Struct:
		lines = append(lines, prefix+"type "+name+" struct")
		for i := 0; i < u.NumFields(); i++ {
			f := u.Field(i)
			switch {
			case !f.Exported():
			case f.Embedded():
				lines = append(lines, prefix+"type "+name+" struct, embedded "+types.TypeString(f.Type(), qual))
			default:
				lines = append(lines, prefix+"type "+name+" struct, "+f.Name()+" "+types.TypeString(f.Type(), qual))
			}
		}
	case *types.Interface:
		lines = append(lines, prefix+"type "+name+" interface")
		for i := 0; i < u.NumExplicitMethods(); i++ {
			if m := u.ExplicitMethod(i); m.Exported() {
				lines = append(lines, prefix+"type "+name+" interface, "+m.Name()+signature(m, qual))
			}
		}
		for i := 0; i < u.NumEmbeddeds(); i++ {
			lines = append(lines, prefix+"type "+name+" interface, embedded "+types.TypeString(u.EmbeddedType(i), qual))
		}
	default:
		lines = append(lines, prefix+"type "+name+" "+types.TypeString(u, qual))
	}
	for i := 0; i < named.NumMethods(); i++ {
		m := named.Method(i)
		if !m.Exported() {
			continue
		}
		recv := recvName
		if _, ptr := m.Type().(*types.Signature).Recv().Type().(*types.Pointer); ptr {
			recv = "*" + recvName
		}
		lines = append(lines, prefix+"method ("+recv+") "+m.Name()+signature(m, qual))
	}
	return lines
}
