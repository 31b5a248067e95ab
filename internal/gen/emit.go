package main

import (
	"bytes"
	"fmt"
	"go/format"
	"sort"
	"strconv"
	"strings"
)

// genFile accumulates one generated Go file.
type genFile struct {
	name    string
	imports map[string]bool
	body    bytes.Buffer
	// pkgDoc is the package comment, written before the package clause.
	pkgDoc string
}

func newFile(name string) *genFile {
	return &genFile{name: name, imports: map[string]bool{}}
}

// p writes a formatted line (or lines) to the file's body.
func (f *genFile) p(format string, args ...any) {
	fmt.Fprintf(&f.body, format, args...)
	f.body.WriteByte('\n')
}

// raw writes s as is.
func (f *genFile) raw(s string) { f.body.WriteString(s) }

// use records an import the body needs.
func (f *genFile) use(pkgs ...string) {
	for _, p := range pkgs {
		f.imports[p] = true
	}
}

// render returns the gofmt-formatted file, headed by the generated-code line.
func (f *genFile) render(cfg *config) ([]byte, error) {
	var out bytes.Buffer
	out.WriteString(cfg.header() + "\n\n")
	out.WriteString(f.pkgDoc)
	fmt.Fprintf(&out, "package %s\n\n", cfg.pkg)
	if len(f.imports) > 0 {
		var std, other []string
		for p := range f.imports {
			if strings.Contains(strings.Split(p, "/")[0], ".") {
				other = append(other, p)
			} else {
				std = append(std, p)
			}
		}
		sort.Strings(std)
		sort.Strings(other)
		out.WriteString("import (\n")
		for _, p := range std {
			out.WriteString("\t" + strconv.Quote(p) + "\n")
		}
		if len(other) > 0 && len(std) > 0 {
			out.WriteString("\n")
		}
		for _, p := range other {
			out.WriteString("\t" + strconv.Quote(p) + "\n")
		}
		out.WriteString(")\n\n")
	}
	out.Write(f.body.Bytes())
	src, err := format.Source(out.Bytes())
	if err != nil {
		return nil, fmt.Errorf("%s: %v\n%s", f.name, err, numbered(out.String()))
	}
	return src, nil
}

// numbered prefixes the lines of src with their numbers, for errors about
// generated code that does not parse.
func numbered(src string) string {
	var b strings.Builder
	for i, l := range strings.Split(src, "\n") {
		fmt.Fprintf(&b, "%4d %s\n", i+1, l)
	}
	return b.String()
}

// goType returns the Go spelling of t, recording the imports it needs in f.
func goType(f *genFile, t *Type) string {
	if t.Enum != nil {
		return t.Enum.GoName // of any kind
	}
	switch t.Kind {
	case KindString:
		return "string"
	case KindBool:
		return "bool"
	case KindInt:
		return "int" + strconv.Itoa(t.Bits)
	case KindUint:
		return "uint" + strconv.Itoa(t.Bits)
	case KindFloat:
		return "float" + strconv.Itoa(t.Bits)
	case KindTime:
		f.use("time")
		return "time.Time"
	case KindEnum:
		return t.Enum.GoName
	case KindModel:
		return t.Model.GoName
	case KindArray:
		return "[]" + goType(f, t.Elem)
	case KindMap:
		return "map[string]" + goType(f, t.Elem)
	case KindRaw:
		f.use("encoding/json")
		return "json.RawMessage"
	case KindBinary:
		return "[]byte"
	case KindDate:
		return "Date"
	}
	panic(fmt.Sprintf("unknown kind %d", t.Kind))
}

// zeroValue returns the Go zero value of t and how a doc comment names it.
func zeroValue(f *genFile, t *Type) (expr, words string) {
	switch t.Kind {
	case KindString, KindEnum:
		return `""`, `""`
	case KindBool:
		return "false", "false"
	case KindInt, KindUint, KindFloat:
		return "0", "0"
	case KindTime:
		f.use("time")
		return "time.Time{}", "the zero time"
	case KindModel:
		return t.Model.GoName + "{}", "the zero " + t.Model.GoName
	case KindDate:
		return "Date{}", "the zero Date"
	}
	return "nil", "nil"
}

// article returns "a" or "an" for the word w.
func article(w string) string {
	if w != "" && strings.ContainsRune("AEIOUaeiou", rune(w[0])) {
		return "an"
	}
	return "a"
}
