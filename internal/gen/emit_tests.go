package main

import (
	"fmt"
	"strconv"
	"strings"
)

// emitRoundTripTests writes, for a standalone package, one test per model:
// it fills every field, encodes the model with the package's codec and a
// plain mirror struct with encoding/json and compares the bytes, then
// decodes them back and compares the values.
func emitRoundTripTests(api *API) *genFile {
	f := newFile("roundtrip_generated_test.go")
	f.use("encoding/json", "reflect", "testing")
	f.p("func rtPtr[T any](v T) *T { return &v }")
	f.p("")
	standIns := emitStandIns(f, api)
	for _, m := range api.Models {
		f.p("// rt%s is %s without its methods, for encoding/json.", m.GoName, m.GoName)
		f.p("type rt%s struct {", m.GoName)
		for _, fl := range m.Fields {
			name := fl.JSONName
			if n, ok := standIns[fl]; ok {
				name = n
			}
			f.p("\t%s %s %s", fl.GoName, mirrorFieldType(f, fl), structTag(name, jsonTagOptions(fl)))
		}
		f.p("}")
		f.p("")
	}
	for _, m := range api.Models {
		f.p("func TestRoundTrip%s(t *testing.T) {", m.GoName)
		f.p("\tm := %s", fillModel(f, m, false, 0))
		f.p("\tmirror := %s", fillModel(f, m, true, 0))
		f.p(`	got, err := json.Marshal(m)
	if err != nil {
		t.Fatalf("Marshal: %%v", err)
	}
	want, err := json.Marshal(mirror)
	if err != nil {
		t.Fatalf("encoding/json Marshal: %%v", err)
	}
	want = []byte(rtToDocument.Replace(string(want)))
	if string(got) != string(want) {
		t.Fatalf("codec wrote\n%%s\nencoding/json wrote\n%%s", got, want)
	}
	var back %s
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatalf("Unmarshal: %%v", err)
	}
	if !reflect.DeepEqual(m, back) {
		t.Fatalf("decoded %%#v\nwant %%#v", back, m)
	}
	var mirrorBack rt%s
	if err := json.Unmarshal([]byte(rtFromDocument.Replace(string(got))), &mirrorBack); err != nil {
		t.Fatalf("encoding/json Unmarshal: %%v", err)
	}
	if !reflect.DeepEqual(mirror, mirrorBack) {
		t.Fatalf("encoding/json decoded %%#v\nwant %%#v", mirrorBack, mirror)
	}
}
`, m.GoName, m.GoName)
	}
	return f
}

// emitStandIns gives every field whose JSON name cannot be a json tag
// (validTagName) a stand-in name for its mirror's tag, and writes the
// replacers between the keys encoding/json writes for the stand-ins and
// those the codec writes for the document's names.
func emitStandIns(f *genFile, api *API) map[*Field]string {
	used := map[string]bool{}
	for _, m := range api.Models {
		for _, fl := range m.Fields {
			used[fl.JSONName] = true
		}
	}
	standIns := map[*Field]string{}
	var to, from []string
	for _, m := range api.Models {
		for _, fl := range m.Fields {
			if validTagName(fl.JSONName) {
				continue
			}
			n := "rtKey" + strconv.Itoa(len(standIns))
			for used[n] {
				n += "_"
			}
			standIns[fl] = n
			stand, doc := goString(jsonString(n)+":"), goString(jsonString(fl.JSONName)+":")
			to = append(to, stand, doc)
			from = append(from, doc, stand)
		}
	}
	f.use("strings")
	f.p("// rtToDocument and rtFromDocument replace the keys encoding/json writes for")
	f.p("// the mirrors' stand-ins with the keys of the document's names that cannot be")
	f.p("// json tags, and back.")
	f.p("var (")
	f.p("\trtToDocument   = strings.NewReplacer(%s)", strings.Join(to, ", "))
	f.p("\trtFromDocument = strings.NewReplacer(%s)", strings.Join(from, ", "))
	f.p(")")
	f.p("")
	return standIns
}

// mirrorType spells t with models replaced by their mirrors.
func mirrorType(f *genFile, t *Type) string {
	switch t.Kind {
	case KindModel:
		return "rt" + t.Model.GoName
	case KindArray:
		return "[]" + mirrorType(f, t.Elem)
	case KindMap:
		return "map[string]" + mirrorType(f, t.Elem)
	}
	return goType(f, t)
}

// spell returns the Go type of t, or of its mirror.
func spell(f *genFile, t *Type, mirror bool) string {
	if mirror {
		return mirrorType(f, t)
	}
	return goType(f, t)
}

func mirrorFieldType(f *genFile, fl *Field) string {
	t := mirrorType(f, fl.Type)
	switch {
	case fl.Nullable:
		return "Nullable[" + t + "]"
	case fl.Required || canBeNil(fl.Type):
		return t
	}
	return "*" + t
}

// maxFillDepth bounds how deep nested models are filled, for recursive types.
const maxFillDepth = 3

// containsModel reports whether t holds a model.
func containsModel(t *Type) bool {
	switch t.Kind {
	case KindModel:
		return true
	case KindArray, KindMap:
		return containsModel(t.Elem)
	}
	return false
}

// fillModel returns a composite literal of m (or its mirror) with every
// field set.
func fillModel(f *genFile, m *Model, mirror bool, depth int) string {
	name := m.GoName
	if mirror {
		name = "rt" + name
	}
	var parts []string
	for i, fl := range m.Fields {
		if depth >= maxFillDepth && containsModel(fl.Type) && !(fl.Required && fl.Type.Kind == KindModel) {
			continue
		}
		v := fillValue(f, fl.Type, mirror, depth+1, i)
		switch {
		case fl.Nullable:
			v = "NewNullable(" + v + ")"
		case fl.Required || canBeNil(fl.Type):
		default:
			v = "rtPtr(" + v + ")"
		}
		parts = append(parts, fl.GoName+": "+v)
	}
	return name + "{" + strings.Join(parts, ", ") + "}"
}

// fillValue returns an expression of type t (or its mirror) that exercises
// the codec: escapes in strings, extreme integers, sub-second times.
func fillValue(f *genFile, t *Type, mirror bool, depth, seed int) string {
	switch t.Kind {
	case KindString:
		return strconv.Quote(fmt.Sprintf("v%d <&> é \u2028 \"q\"", seed))
	case KindBool:
		return "true"
	case KindInt:
		return fmt.Sprintf("int%d(%d)", t.Bits, -(int64(1)<<(t.Bits-1))+int64(seed))
	case KindUint:
		return fmt.Sprintf("uint%d(%d)", t.Bits, (uint64(1)<<(t.Bits-1))+uint64(seed))
	case KindFloat:
		if t.Bits == 32 {
			return fmt.Sprintf("float32(%d.5)", seed)
		}
		return fmt.Sprintf("float64(%d.1e-7)", seed+1)
	case KindTime:
		f.use("time")
		return fmt.Sprintf("time.Date(2024, 2, 29, 23, 59, %d, 123456000, time.UTC)", seed%60)
	case KindEnum:
		return t.Enum.Values[seed%len(t.Enum.Values)].GoName
	case KindModel:
		return fillModel(f, t.Model, mirror, depth)
	case KindArray:
		e1 := fillValue(f, t.Elem, mirror, depth, seed)
		e2 := fillValue(f, t.Elem, mirror, depth, seed+1)
		return spell(f, t, mirror) + "{" + e1 + ", " + e2 + "}"
	case KindMap:
		e1 := fillValue(f, t.Elem, mirror, depth, seed)
		e2 := fillValue(f, t.Elem, mirror, depth, seed+1)
		return spell(f, t, mirror) + `{"b<": ` + e1 + `, "a": ` + e2 + "}"
	case KindRaw:
		f.use("encoding/json")
		return "json.RawMessage(`{\"k\":[1,\"x\",null,{\"n\":-0.5}]}`)"
	}
	return "nil"
}
