package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// emitTestTables writes test/zz_operations_table_test.go: the wire-contract
// table of every operation (the operationCase type and the tests that use
// it are hand-written in test/operations_test.go), and a deterministic,
// valid sample of every model, as a Go value and as the JSON the SDK must
// write for it.
func emitTestTables(cfg *config, api *API, module string) *genFile {
	f := newFile("test/zz_operations_table_test.go")
	f.use("context", "net/http", module)
	s := &sampler{f: f, pkg: cfg.pkg, names: exportedNames(api)}
	f.p("// operations lists every operation of the API document, in the order of")
	f.p("// their Go names, each with a valid call and, when it returns one, a")
	f.p("// sample result.")
	f.p("var operations = []operationCase{")
	for _, sv := range api.Services {
		for _, op := range sv.Operations {
			s.operation(sv, op)
		}
	}
	f.p("}")
	f.p("")
	f.p("// samples pairs each model's sample value with the JSON the SDK writes for it.")
	f.p("var samples = []sampleCase{")
	for _, m := range api.Models {
		f.p("\t{%q, %s(), %s},", m.GoName, sampleFunc(m), sampleConst(m))
	}
	f.p("}")
	f.p("")
	for _, m := range api.Models {
		s.model(m)
	}
	return f
}

func sampleFunc(m *Model) string  { return "sample" + m.GoName }
func sampleConst(m *Model) string { return "sample" + m.GoName + "JSON" }

// sampleTimeGo and sampleTimeJSON are the instant every date-time sample holds.
const (
	sampleTimeGo   = "time.Date(2024, time.January, 2, 3, 4, 5, 0, time.UTC)"
	sampleTimeJSON = `"2024-01-02T03:04:05Z"`
)

// sampler writes sample values in a package other than the SDK's.
type sampler struct {
	f     *genFile
	pkg   string
	names map[string]bool
}

// typ spells t in the test package.
func (s *sampler) typ(t *Type) string { return qualifiedType(s.f, t, s.pkg, s.names) }

// ptr returns a pointer to the value of expression x.
func (s *sampler) ptr(x string) string { return s.pkg + ".Ptr(" + x + ")" }

// value returns a Go expression and the JSON text of the sample of t; name
// (a JSON or parameter name) is the sample of a string.
func (s *sampler) value(t *Type, name string) (goExpr, jsonText string) {
	switch t.Kind {
	case KindString:
		return strconv.Quote(name), strconv.Quote(name)
	case KindBool:
		return "true", "true"
	case KindInt, KindUint:
		return s.typ(t) + "(1)", "1"
	case KindFloat:
		return s.typ(t) + "(1.5)", "1.5"
	case KindTime:
		s.f.use("time")
		return sampleTimeGo, sampleTimeJSON
	case KindEnum:
		v := t.Enum.Values[0]
		return s.pkg + "." + v.GoName, strconv.Quote(v.Value)
	case KindModel:
		return sampleFunc(t.Model) + "()", s.modelJSON(t.Model)
	case KindArray:
		g, j := s.value(t.Elem, name)
		return s.typ(t) + "{" + g + "}", "[" + j + "]"
	case KindMap:
		g, j := s.value(t.Elem, name)
		return s.typ(t) + `{"key": ` + g + "}", `{"key":` + j + "}"
	case KindRaw:
		s.f.use("encoding/json")
		return "json.RawMessage(`{\"" + name + "\":true}`)", `{"` + name + `":true}`
	case KindBinary:
		s.f.use("strings")
		return "strings.NewReader(" + strconv.Quote(name) + ")", strconv.Quote(name)
	}
	panic(fmt.Sprintf("no sample of kind %d", t.Kind))
}

// field returns the Go expression of a field's sample in m, as the struct
// holds it, or "" to leave the field out.
func (s *sampler) field(m *Model, fl *Field) string {
	if cyclic(m, fl) {
		return ""
	}
	g, _ := s.value(fl.Type, fl.JSONName)
	switch {
	case fl.Nullable:
		return s.pkg + ".NewNullable(" + g + ")"
	case fl.Required || canBeNil(fl.Type):
		return g
	}
	return s.ptr(g)
}

// cyclic reports whether the field fl of m holds a model from which m can
// be reached again. A sample leaves such fields out, so that samples are
// finite and each model's sample is the same wherever it is nested.
func cyclic(m *Model, fl *Field) bool {
	seen := map[*Model]bool{}
	var reaches func(t *Type) bool
	reaches = func(t *Type) bool {
		switch t.Kind {
		case KindArray, KindMap:
			return reaches(t.Elem)
		case KindModel:
			if t.Model == m {
				return true
			}
			if seen[t.Model] {
				return false
			}
			seen[t.Model] = true
			for _, f := range t.Model.Fields {
				if reaches(f.Type) {
					return true
				}
			}
		}
		return false
	}
	return reaches(fl.Type)
}

// modelJSON returns the JSON text of m's sample: every field, in order.
func (s *sampler) modelJSON(m *Model) string {
	var parts []string
	for _, fl := range m.Fields {
		switch {
		case cyclic(m, fl) && fl.Required:
			parts = append(parts, strconv.Quote(fl.JSONName)+":null") // a nil slice or map
			continue
		case cyclic(m, fl):
			continue
		}
		t := fl.Type
		if fl.OneOrMany {
			t = t.Elem // one element is sent as a single value
		}
		_, j := s.value(t, fl.JSONName)
		parts = append(parts, strconv.Quote(fl.JSONName)+":"+j)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// model writes m's sample function and JSON constant.
func (s *sampler) model(m *Model) {
	var fields []string
	for _, fl := range m.Fields {
		if g := s.field(m, fl); g != "" {
			fields = append(fields, "\t\t"+fl.GoName+": "+g+",")
		}
	}
	s.f.p("// %s returns %s %s with every field set.", sampleFunc(m), article(m.GoName), m.GoName)
	s.f.p("func %s() %s.%s {", sampleFunc(m), s.pkg, m.GoName)
	if len(fields) == 0 {
		s.f.p("\treturn %s.%s{}", s.pkg, m.GoName)
	} else {
		s.f.p("\treturn %s.%s{\n%s\n\t}", s.pkg, m.GoName, strings.Join(fields, "\n"))
	}
	s.f.p("}")
	s.f.p("")
	s.f.p("// %s is %s() as the SDK encodes it.", sampleConst(m), sampleFunc(m))
	s.f.p("const %s = %s", sampleConst(m), sampleGoString(s.modelJSON(m)))
	s.f.p("")
}

// sampleGoString returns a Go string literal of text, raw when it can be.
func sampleGoString(text string) string {
	if strings.ContainsAny(text, "`\r") {
		return strconv.Quote(text)
	}
	return "`" + text + "`"
}

// operation writes op's operationCase.
func (s *sampler) operation(sv *Service, op *Operation) {
	f := s.f
	var params []string
	pathFmt := op.Path
	for _, p := range op.PathParams {
		params = append(params, strconv.Quote(p.Name))
		pathFmt = strings.Replace(pathFmt, "{"+p.Name+"}", "%s", 1)
	}
	// Required query parameters are part of every request's URI.
	q := url.Values{}
	var args []string
	for i := range op.PathParams {
		args = append(args, fmt.Sprintf("p[%d]", i))
	}
	for _, p := range op.RequiredParams() {
		g, j := s.value(p.Type, p.Name)
		args = append(args, g)
		if p.In == "query" {
			if p.Type.Kind == KindArray {
				// One element: sent the same way by every collectionFormat.
				_, j = s.value(p.Type.Elem, p.Name)
			}
			v, err := strconv.Unquote(j)
			if err != nil {
				v = j
			}
			q.Set(p.Name, v)
		}
	}
	if len(q) > 0 {
		pathFmt += "?" + strings.ReplaceAll(q.Encode(), "%", "%%")
	}
	if b := op.Body; b != nil {
		g, _ := s.value(b.Type, b.VarName)
		if !b.Required && !canBeNil(b.Type) {
			g = s.ptr(g)
		}
		args = append(args, g)
	}
	if op.OptsName() != "" {
		args = append(args, "nil")
	}
	f.p("\t{")
	line := fmt.Sprintf("\t\tname: %q, method: %s, pathFmt: %q", op.GoName, methodConst(op.Method), pathFmt)
	if len(params) > 0 {
		line += ", params: []string{" + strings.Join(params, ", ") + "}"
	}
	if op.NoAuth {
		line += ", noAuth: true"
	}
	f.p("%s,", line)
	if r := op.Result; r != nil {
		f.p("\t\tresult: %s,", s.resultJSON(r.Type))
	}
	svc := s.pkg + "." + sv.GoName + "ApiService"
	f.p("\t\tcall: func(ctx context.Context, api *%s, p ...string) (*http.Response, error) {", svc)
	callExpr := fmt.Sprintf("api.%s(%s)", op.GoName, strings.Join(append([]string{"ctx"}, args...), ", "))
	if op.Result == nil {
		f.p("\t\t\treturn %s", callExpr)
	} else {
		f.p("\t\t\t_, resp, err := %s", callExpr)
		f.p("\t\t\treturn resp, err")
	}
	f.p("\t\t},")
	f.p("\t},")
}

// resultJSON returns a Go expression of a response body of type t.
func (s *sampler) resultJSON(t *Type) string {
	switch {
	case t.Kind == KindModel:
		return sampleConst(t.Model)
	case t.Kind == KindArray && t.Elem.Kind == KindModel:
		return "`[` + " + sampleConst(t.Elem.Model) + " + `]`"
	}
	_, j := s.value(t, "result")
	return sampleGoString(j)
}
