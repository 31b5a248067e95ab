package main

import (
	"fmt"
	"strings"
)

// emitFuzzMirrors writes zz_fuzz_mirrors_test.go: for every model a plain
// mirror struct that encoding/json decodes and encodes by itself, and the
// glue the hand-written fuzz harness (fuzz_test.go) holds the SDK's codec
// to it with:
//
//   - fz<M>, the mirror: date-times are fzTime (the SDK's date-time rules),
//     nested models their mirrors, x-one-or-many lists fzOneOrMany, and
//     x-nullable fields Nullable of the mirror type, whose JSON methods use
//     encoding/json;
//   - (*fz<M>).model and fz<M>Mirror, converting between the two;
//   - fz<M>.request, the mirror of a request body: read-only fields cleared,
//     in nested models too;
//   - fzMake<M>, a value with every field drawn from the fuzzer's inputs;
//   - fzModels, the decode and encode checks of every model.
func emitFuzzMirrors(api *API) *genFile {
	f := newFile("zz_fuzz_mirrors_test.go")
	f.use("testing")
	f.p("// fzModels holds the equivalence checks of every model: decode (the SDK")
	f.p("// against encoding/json on the mirror) and encode (MarshalJSON and request")
	f.p("// bodies against json.Marshal of the mirror).")
	f.p("var fzModels = []fzModelCase{")
	for _, m := range api.Models {
		mir := fzMirrorName(m)
		f.p("\t{")
		f.p("\t\tname: %q,", m.GoName)
		f.p("\t\tdecode: func(t *testing.T, data []byte) { fzCheckDecode[%s](t, data, (*%s).model) },", m.GoName, mir)
		f.p("\t\tencode: func(t *testing.T, g *fzGen) {")
		f.p("\t\t\tm := fzMake%s(g)", m.GoName)
		f.p("\t\t\tr := %sMirror(&m)", mir)
		f.p("\t\t\treq := r.request()")
		f.p("\t\t\tfzCheckEncode(t, &m, &r, &req, (*%s).model)", mir)
		f.p("\t\t},")
		f.p("\t},")
	}
	f.p("}")
	f.p("")
	for _, m := range api.Models {
		emitFuzzMirror(f, m)
	}
	return f
}

func fzMirrorName(m *Model) string { return "fz" + m.GoName }

// fzMirrorType spells the mirror of a value of type t.
func fzMirrorType(f *genFile, t *Type) string {
	switch t.Kind {
	case KindTime:
		return "fzTime"
	case KindModel:
		return fzMirrorName(t.Model)
	case KindArray:
		return "[]" + fzMirrorType(f, t.Elem)
	case KindMap:
		return "map[string]" + fzMirrorType(f, t.Elem)
	}
	return goType(f, t)
}

// fzMirrorFieldType spells the mirror of a field, as fieldType spells the
// model's.
func fzMirrorFieldType(f *genFile, fl *Field) string {
	t := fzMirrorType(f, fl.Type)
	switch {
	case fl.Nullable:
		return "Nullable[" + t + "]"
	case fl.OneOrMany:
		return "fzOneOrMany[" + fzMirrorType(f, fl.Type.Elem) + "]"
	case fl.Required || canBeNil(fl.Type):
		return t
	}
	return "*" + t
}

// fzSameAsMirror reports whether values of t are their own mirror.
func fzSameAsMirror(t *Type) bool {
	switch t.Kind {
	case KindTime, KindModel:
		return false
	case KindArray, KindMap:
		return fzSameAsMirror(t.Elem)
	}
	return true
}

// fzConvert returns the expression converting x, a value of type t, to the
// model's type (toModel) or to the mirror's. Composite values are
// converted by the harness's generic helpers with a closure per element.
func fzConvert(f *genFile, t *Type, x string, toModel bool) string {
	if fzSameAsMirror(t) {
		return x
	}
	switch t.Kind {
	case KindTime:
		if toModel {
			f.use("time")
			return "time.Time(" + x + ")"
		}
		return "fzTime(" + x + ")"
	case KindModel:
		if toModel {
			return x + ".model()"
		}
		return fzMirrorName(t.Model) + "Mirror(&" + x + ")"
	case KindArray:
		return "fzSlice(" + x + ", " + fzElemFunc(f, t.Elem, toModel) + ")"
	case KindMap:
		return "fzMap(" + x + ", " + fzElemFunc(f, t.Elem, toModel) + ")"
	}
	panic(fmt.Sprintf("no conversion of kind %d", t.Kind))
}

// fzElemFunc returns a closure converting one value of t.
func fzElemFunc(f *genFile, t *Type, toModel bool) string {
	from, to := fzMirrorType(f, t), goType(f, t)
	if !toModel {
		from, to = to, from
	}
	return fmt.Sprintf("func(e %s) %s { return %s }", from, to, fzConvert(f, t, "e", toModel))
}

// fzConvertField returns the expression converting the field fl of x.
func fzConvertField(f *genFile, fl *Field, x string, toModel bool) string {
	t := fl.Type
	switch {
	case fl.Nullable:
		if fzSameAsMirror(t) {
			return x
		}
		return "fzNullable(" + x + ", " + fzElemFunc(f, t, toModel) + ")"
	case fl.OneOrMany:
		if toModel {
			return fzConvert(f, t, "[]"+fzMirrorType(f, t.Elem)+"("+x+")", true)
		}
		return "fzOneOrMany[" + fzMirrorType(f, t.Elem) + "](" + fzConvert(f, t, x, false) + ")"
	case fl.Required || canBeNil(t) || fzSameAsMirror(t):
		return fzConvert(f, t, x, toModel)
	case t.Kind == KindTime && toModel:
		f.use("time")
		return "(*time.Time)(" + x + ")"
	case t.Kind == KindTime:
		return "(*fzTime)(" + x + ")"
	}
	return "fzPtr(" + x + ", " + fzElemFunc(f, t, toModel) + ")"
}

// fzRequestExpr returns the expression giving the request-body mirror of x,
// a mirror of type t, or "" when t holds no model.
func fzRequestExpr(f *genFile, t *Type, x string) string {
	switch t.Kind {
	case KindModel:
		return x + ".request()"
	case KindArray, KindMap:
		inner := fzRequestExpr(f, t.Elem, "e")
		if inner == "" {
			return ""
		}
		helper := "fzSlice"
		if t.Kind == KindMap {
			helper = "fzMap"
		}
		mt := fzMirrorType(f, t.Elem)
		return fmt.Sprintf("%s(%s, func(e %s) %s { return %s })", helper, x, mt, mt, inner)
	}
	return ""
}

// fzMakeExpr returns the expression drawing a value of t from g.
func fzMakeExpr(f *genFile, t *Type) string {
	switch t.Kind {
	case KindString:
		return "g.str()"
	case KindBool:
		if t.Enum != nil {
			return t.Enum.GoName + "(g.bool())"
		}
		return "g.bool()"
	case KindBinary:
		return "[]byte(g.str())"
	case KindDate:
		return "DateOf(g.time())"
	case KindInt, KindUint:
		return goType(f, t) + "(g.int())"
	case KindFloat:
		return goType(f, t) + "(g.float())"
	case KindTime:
		return "g.time()"
	case KindEnum:
		return t.Enum.GoName + "(g.str())"
	case KindModel:
		return "fzMake" + t.Model.GoName + "(g)"
	case KindArray:
		return fmt.Sprintf("fzMakeSlice(g, func() %s { return %s })", goType(f, t.Elem), fzMakeExpr(f, t.Elem))
	case KindMap:
		return fmt.Sprintf("fzMakeMap(g, func() %s { return %s })", goType(f, t.Elem), fzMakeExpr(f, t.Elem))
	case KindRaw:
		return "g.raw()"
	}
	panic(fmt.Sprintf("no fuzzed value of kind %d", t.Kind))
}

// emitFuzzMirror writes one model's mirror and glue.
func emitFuzzMirror(f *genFile, m *Model) {
	mir := fzMirrorName(m)
	f.p("// %s mirrors %s for encoding/json.", mir, m.GoName)
	f.p("type %s struct {", mir)
	for _, fl := range m.Fields {
		f.p("\t%s %s `json:%q`", fl.GoName, fzMirrorFieldType(f, fl), jsonTag(fl))
	}
	f.p("}")
	f.p("")

	var toModel, toMirror []string
	for _, fl := range m.Fields {
		toModel = append(toModel, fmt.Sprintf("\t\t%s: %s,", fl.GoName, fzConvertField(f, fl, "r."+fl.GoName, true)))
		toMirror = append(toMirror, fmt.Sprintf("\t\t%s: %s,", fl.GoName, fzConvertField(f, fl, "m."+fl.GoName, false)))
	}
	f.p("// model converts the mirror to the %s it stands for.", m.GoName)
	f.p("func (r *%s) model() %s {", mir, m.GoName)
	f.p("\treturn %s{\n%s\n\t}", m.GoName, strings.Join(toModel, "\n"))
	f.p("}")
	f.p("")
	f.p("// %sMirror converts m to its mirror.", mir)
	f.p("func %sMirror(m *%s) %s {", mir, m.GoName, mir)
	f.p("\treturn %s{\n%s\n\t}", mir, strings.Join(toMirror, "\n"))
	f.p("}")
	f.p("")

	f.p("// request returns the mirror of r sent as a request body: read-only")
	f.p("// fields cleared, in nested models too.")
	f.p("func (r %s) request() %s {", mir, mir)
	for _, fl := range m.Fields {
		x := "r." + fl.GoName
		switch {
		case fl.ReadOnly && fl.Required:
			// A required field is always encoded; the SDK leaves it out of
			// requests, which a mirror cannot say.
			f.p("\t// %s is required and read-only: not comparable in requests.", fl.GoName)
		case fl.ReadOnly && fl.Nullable:
			f.p("\t%s = %s{}", x, fzMirrorFieldType(f, fl))
		case fl.ReadOnly:
			f.p("\t%s = nil", x) // a pointer, slice or map
		case fl.Type.Kind == KindModel && !fl.Required && !fl.Nullable:
			f.p("\tif %s != nil {\n\t\tv := %s\n\t\t%s = &v\n\t}", x, fzRequestExpr(f, fl.Type, x), x)
		case fl.Nullable:
			if e := fzRequestExpr(f, fl.Type, "e"); e != "" {
				mt := fzMirrorType(f, fl.Type)
				f.p("\t%s = fzNullable(%s, func(e %s) %s { return %s })", x, x, mt, mt, e)
			}
		default:
			if e := fzRequestExpr(f, fl.Type, x); e != "" {
				f.p("\t%s = %s", x, e)
			}
		}
	}
	f.p("\treturn r")
	f.p("}")
	f.p("")

	f.p("// fzMake%s returns %s %s with every field drawn from g.", m.GoName, article(m.GoName), m.GoName)
	f.p("func fzMake%s(g *fzGen) %s {", m.GoName, m.GoName)
	f.p("\tg.depth++")
	f.p("\tdefer func() { g.depth-- }()")
	f.p("\tvar m %s", m.GoName)
	for _, fl := range m.Fields {
		x := "m." + fl.GoName
		v := fzMakeExpr(f, fl.Type)
		draw := fmt.Sprintf("func() %s { return %s }", goType(f, fl.Type), v)
		if strings.HasPrefix(v, "g.") && strings.HasSuffix(v, "()") {
			draw = strings.TrimSuffix(v, "()") // a method value of g
		}
		switch {
		case fl.Nullable:
			f.p("\t%s = fzMakeNullable(g, %s)", x, draw)
		case fl.Required || canBeNil(fl.Type):
			f.p("\t%s = %s", x, v)
		default:
			f.p("\t%s = fzMakePtr(g, %s)", x, draw)
		}
	}
	f.p("\treturn m")
	f.p("}")
	f.p("")
}
