package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// The fake server (package tiledbcloudtest) gets two generated files from
// the same IR as the SDK: its operation constants, route table and handler
// interface, and its wire types. The wire types are plain structs for
// encoding/json, so that every end-to-end test checks the SDK's codec
// against an independent one; they are unexported, so that the fake's
// public API stays its own.
//
// The handlers follow gRPC's Unimplemented pattern: operationHandlers has a
// method per operation, and the hand-written handlers embed
// unimplementedOperations, which answers every operation they do not
// implement with 501 Not Implemented, so that an operation added to the
// document builds and answers until its handler is written. The generated
// code names these hand-written ones of the fake's: route (the table's
// rows, with their handler), exchange and response (a request being
// handled and its answer), and exchange.notImplemented (the 501).

// Files the fake mode writes.
const (
	fakeOperationsFile = "generated_operations.go"
	fakeWireFile       = "generated_wire.go"
)

// fakeFile is a generated file of the fake with the top-level names it
// declares, checked against the hand-written ones.
type fakeFile struct {
	*genFile
	declared []string
}

func (f *fakeFile) declare(names ...string) { f.declared = append(f.declared, names...) }

// generateFake renders the fake server's generated files, by name. It fails
// when a generated name clashes with a hand-written one of the output
// directory.
func generateFake(cfg *config, api *API) (map[string][]byte, error) {
	hand, err := runtimeFiles(cfg.out)
	if err != nil {
		return nil, err
	}
	ops, err := emitFakeOperations(api)
	if err != nil {
		return nil, err
	}
	wire := emitFakeWire(api)
	out := map[string][]byte{}
	for _, g := range []*fakeFile{ops, wire} {
		for _, n := range g.declared {
			if hand.names.idents[n] {
				return nil, fmt.Errorf("%s declares %s, which the hand-written code of %s declares too", g.name, n, cfg.out)
			}
		}
		src, err := g.render(cfg)
		if err != nil {
			return nil, err
		}
		out[g.name] = src
	}
	return out, nil
}

// fakeOperations returns every operation of api once, by name.
func fakeOperations(api *API) []*Operation {
	var ops []*Operation
	for _, s := range api.Services {
		ops = append(ops, s.Operations...)
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].GoName < ops[j].GoName })
	return ops
}

// opConst is the fake's constant naming an operation.
func opConst(op *Operation) string { return "Op" + op.GoName }

// fakeRoute is one row of the fake's route table.
type fakeRoute struct {
	op      *Operation
	pattern []string // literal segments, "*" for a path parameter
}

// routePattern splits an operation's path into the router's segments. The
// router matches whole segments, so a parameter must be one.
func routePattern(op *Operation) ([]string, error) {
	segs := strings.Split(strings.TrimPrefix(op.Path, "/"), "/")
	for i, s := range segs {
		switch {
		case strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") && strings.Count(s, "{") == 1:
			segs[i] = "*"
		case strings.ContainsAny(s, "{}*"):
			return nil, fmt.Errorf("%s %s: the fake's router needs each path parameter to be a whole segment", op.Method, op.Path)
		}
	}
	return segs, nil
}

// routeLess orders routes so that, where two patterns overlap, the one with
// a literal segment where the other has a wildcard comes first: the router
// takes the first route matching the method and the path. Elsewhere it
// keeps the document's paths in order, then the methods in the order the
// document lists them.
func routeLess(a, b fakeRoute) bool {
	n := min(len(a.pattern), len(b.pattern))
	for i := 0; i < n; i++ {
		x, y := a.pattern[i], b.pattern[i]
		switch {
		case x == y:
			continue
		case x == "*":
			return false
		case y == "*":
			return true
		}
		return x < y
	}
	if len(a.pattern) != len(b.pattern) {
		return len(a.pattern) < len(b.pattern)
	}
	return methodRank(a.op.Method) < methodRank(b.op.Method)
}

// sortRoutes puts routes in the router's order (routeLess).
func sortRoutes(routes []fakeRoute) {
	sort.SliceStable(routes, func(i, j int) bool { return routeLess(routes[i], routes[j]) })
}

// methodRank orders the methods of one path as Swagger lists them.
func methodRank(m string) int {
	order := [...]string{"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH"}
	for i, x := range order {
		if x == m {
			return i
		}
	}
	return len(order)
}

// emitFakeOperations writes the Op constants, the API's path prefix and the
// route table.
func emitFakeOperations(api *API) (*fakeFile, error) {
	f := &fakeFile{genFile: newFile(fakeOperationsFile)}
	ops := fakeOperations(api)
	f.p("// The operations of the API, named like the SDK methods that call them, and")
	f.p("// so like tiledbcloud.APIError.Operation. Use them with FailNext, SetLatency")
	f.p("// and Request.Operation.")
	f.p("const (")
	for _, op := range ops {
		f.p("\t// %s names %s (%s %s%s).", opConst(op), op.GoName, op.Method, api.BasePath, op.Path)
		f.p("\t%s = %q", opConst(op), op.GoName)
		f.declare(opConst(op))
	}
	f.p(")")
	f.p("")
	f.p("// apiPrefix is the escaped path prefix of every operation.")
	f.p("const apiPrefix = %q", strings.TrimSuffix(api.BasePath, "/")+"/")
	f.declare("apiPrefix")
	f.p("")

	routes := make([]fakeRoute, 0, len(ops))
	for _, op := range ops {
		pattern, err := routePattern(op)
		if err != nil {
			return nil, err
		}
		routes = append(routes, fakeRoute{op, pattern})
	}
	sortRoutes(routes)
	f.use("net/http")
	f.p("// routes lists every operation; the first route matching both the method")
	f.p("// and the path wins. Where a literal segment overlaps a wildcard with the")
	f.p("// same method, the literal route comes first: POST /organizations/{org}/user")
	f.p("// adds a member, while GET, PATCH and DELETE of that path act on a member")
	f.p("// named \"user\".")
	f.p("var routes = []route{")
	for _, r := range routes {
		quoted := make([]string, len(r.pattern))
		for i, s := range r.pattern {
			quoted[i] = strconv.Quote(s)
		}
		f.p("\t{%s, %s, []string{%s}, operationHandlers.%s},", methodConst(r.op.Method), opConst(r.op), strings.Join(quoted, ", "), r.op.GoName)
	}
	f.p("}")
	f.declare("routes")
	f.p("")
	f.p("// operationTags holds the tags the document gives each operation, in order.")
	f.p("var operationTags = map[string][]string{")
	for _, op := range ops {
		tags := make([]string, len(op.Tags))
		for i, t := range op.Tags {
			tags[i] = strconv.Quote(t)
		}
		f.p("\t%s: {%s},", opConst(op), strings.Join(tags, ", "))
	}
	f.p("}")
	f.declare("operationTags")
	f.p("")
	emitFakeHandlers(f, ops)
	return f, nil
}

// emitFakeHandlers writes the handler interface, its embeddable default and
// the check of which operations a handler type implements.
func emitFakeHandlers(f *fakeFile, ops []*Operation) {
	f.declare("operationHandlers", "unimplementedOperations", "implemented")
	f.p("// operationHandlers has one method per operation, which answers a request")
	f.p("// routed to it. The fake's handlers implement it by embedding")
	f.p("// unimplementedOperations, which answers the operations they do not")
	f.p("// implement yet with 501 Not Implemented.")
	f.p("type operationHandlers interface {")
	for _, op := range ops {
		f.p("	%s(x *exchange) response", op.GoName)
	}
	f.p("}")
	f.p("")
	f.p("// unimplementedOperations answers every operation with 501 Not Implemented")
	f.p("// and the error document. Its methods have pointer receivers, so that a")
	f.p("// value of a type embedding it has only the handlers that type declares")
	f.p("// (see implemented), while a pointer has them all.")
	f.p("type unimplementedOperations struct{}")
	f.p("")
	for _, op := range ops {
		f.p("// %s answers 501 Not Implemented.", op.GoName)
		f.p("func (*unimplementedOperations) %s(x *exchange) response { return x.notImplemented() }", op.GoName)
		f.p("")
	}
	f.p("// implemented reports the operations a value of a handler type implements:")
	f.p("// the methods it declares with value receivers, not those it takes from an")
	f.p("// embedded unimplementedOperations.")
	f.p("func implemented(h any) map[string]bool {")
	f.p("	m := map[string]bool{}")
	for _, op := range ops {
		f.p("	if _, ok := h.(interface{ %s(*exchange) response }); ok {", op.GoName)
		f.p("		m[%s] = true", opConst(op))
		f.p("	}")
	}
	f.p("	return m")
	f.p("}")
}

// wireName is the fake's unexported name of a model's wire type.
func wireName(m *Model) string { return lowerFirst(m.GoName) + "Doc" }

// wireEnumName is the fake's unexported name of an enum type.
func wireEnumName(e *Enum) string { return lowerFirst(e.GoName) }

// wireType returns the Go spelling of t in the fake's wire types.
func wireType(f *fakeFile, t *Type) string {
	switch t.Kind {
	case KindEnum:
		return wireEnumName(t.Enum)
	case KindModel:
		return wireName(t.Model)
	case KindArray:
		return "[]" + wireType(f, t.Elem)
	case KindMap:
		return "map[string]" + wireType(f, t.Elem)
	}
	return goType(f.genFile, t)
}

// wireFieldType is a field's type in a wire struct: by value when required,
// slices and maps as they are, a pointer otherwise (x-nullable included:
// null and absent both leave it nil, as the service's updates treat them).
func wireFieldType(f *fakeFile, fl *Field) string {
	if fl.OneOrMany {
		return "oneOrMany[" + wireType(f, fl.Type.Elem) + "]"
	}
	t := wireType(f, fl.Type)
	if fl.Required || canBeNil(fl.Type) {
		return t
	}
	return "*" + t
}

// emitFakeWire writes the wire types: a struct per model, a string type with
// constants, a list and a validity check per enum, and the one-or-many list.
// Fields only older servers send (x-legacy) are left out: the fake is
// today's service.
func emitFakeWire(api *API) *fakeFile {
	f := &fakeFile{genFile: newFile(fakeWireFile)}
	oneOrMany := false
	for _, m := range api.Models {
		n := wireName(m)
		f.declare(n)
		f.raw(comment(fmt.Sprintf("%s is the wire form of %s, for encoding/json.\n\n%s", n, m.GoName, m.Doc), ""))
		f.p("type %s struct {", n)
		for _, fl := range m.Fields {
			if fl.Legacy != "" {
				continue
			}
			oneOrMany = oneOrMany || fl.OneOrMany
			tag := fl.JSONName
			if !fl.Required {
				tag += ",omitempty"
			}
			doc := fl.Doc
			if fl.OneOrMany {
				// The document's text tells how the SDK encodes it.
				first, _, _ := strings.Cut(doc, ". ")
				doc = strings.TrimSuffix(first, ".") + ". It decodes from one value or an array and encodes as an array."
			}
			f.raw(comment(doc, "\t"))
			f.p("\t%s %s `json:%q`", fl.GoName, wireFieldType(f, fl), tag)
		}
		f.p("}")
		f.p("")
	}
	for _, e := range api.Enums {
		emitFakeEnum(f, e)
	}
	if oneOrMany {
		f.use("bytes", "encoding/json")
		f.declare("oneOrMany")
		f.p(`// oneOrMany is a list the document marks x-one-or-many: it decodes from one
// value or an array, as clients of every generation send it, and encodes as
// an array, as today's service sends it.
type oneOrMany[T any] []T

// UnmarshalJSON decodes a single value as a one-element list.
func (l *oneOrMany[T]) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] != '[' && string(t) != "null" {
		var one T
		if err := json.Unmarshal(t, &one); err != nil {
			return err
		}
		*l = oneOrMany[T]{one}
		return nil
	}
	var many []T
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*l = many
	return nil
}`)
	}
	return f
}

// emitFakeEnum writes an enum's type, its constants, the list of its values
// in document order and its validity check.
func emitFakeEnum(f *fakeFile, e *Enum) {
	n := wireEnumName(e)
	list := n + "Values"
	f.declare(n, list)
	f.raw(comment(fmt.Sprintf("%s is the wire form of %s.\n\n%s", n, e.GoName, e.Doc), ""))
	f.p("type %s string", n)
	f.p("")
	f.p("// The values of %s.", n)
	f.p("const (")
	names := make([]string, 0, len(e.Values))
	for _, v := range e.Values {
		c := lowerFirst(v.GoName)
		names = append(names, c)
		f.declare(c)
		f.p("\t%s %s = %s", c, n, strconv.Quote(v.Value))
	}
	f.p(")")
	f.p("")
	f.p("// %s lists the values of %s in the document's order.", list, n)
	f.p("var %s = []%s{", list, n)
	for _, c := range names {
		f.p("\t%s,", c)
	}
	f.p("}")
	f.p("")
	f.p("// isValid reports whether v is one of the values the document defines.")
	f.p("func (v %s) isValid() bool {", n)
	f.p("\tswitch v {\n\tcase %s:\n\t\treturn true\n\t}\n\treturn false\n}", strings.Join(names, ", "))
	f.p("")
}
