package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// emitModel writes model_<name>.go: the struct, its values block, its codec,
// its redaction and its getters.
func emitModel(m *Model) *genFile {
	f := newFile(m.File)
	doc := m.Doc
	if m.HasReadOnly() && !strings.Contains(doc, "read-only") {
		doc += "\n\nFields marked read-only are set by the server: they are decoded from responses and never sent in a request body."
	}
	f.raw(comment(doc, ""))
	f.p("type %s struct {", m.GoName)
	for _, fl := range m.Fields {
		f.raw(comment(fl.Doc, "\t"))
		f.p("\t%s %s %s", fl.GoName, fieldType(f, fl), structTag(fl.JSONName, jsonTagOptions(fl)))
	}
	if m.Additional != nil {
		f.raw(comment(additionalDoc(m), "\t"))
		f.p("\t%s map[string]%s `json:\"-\"`", m.AdditionalGoName, goType(f, m.Additional))
	}
	f.p("}")
	f.p("")
	emitValues(f, m)
	emitDecode(f, m)
	emitEncode(f, m)
	emitMethods(f, m)
	emitGetters(f, m)
	return f
}

// fieldType is the Go type of a field: by value when required, nil-able
// types as they are, Nullable[T] for x-nullable, a pointer otherwise.
func fieldType(f *genFile, fl *Field) string {
	t := goType(f, fl.Type)
	if fl.Indirect {
		t = "*" + t
	}
	switch {
	case fl.Nullable:
		return "Nullable[" + t + "]"
	case fl.Required || canBeNil(fl.Type) || fl.Indirect:
		return t
	}
	return "*" + t
}

// additionalDoc is the doc comment of the field that holds a model's
// undeclared keys.
func additionalDoc(m *Model) string {
	return m.AdditionalGoName + " holds the keys of the JSON object that " + m.GoName +
		" does not declare, with their values (additionalProperties). MarshalJSON writes them after the fields, in key order, leaving out a key a field has; UnmarshalJSON puts every key that matches no field here."
}

// jsonTag is the json key of fl's struct tag: its JSON name and options.
func jsonTag(fl *Field) string { return fl.JSONName + jsonTagOptions(fl) }

// jsonTagOptions are the options of fl's json tag, as encoding/json would
// need them to encode the field as the codec does.
func jsonTagOptions(fl *Field) string {
	switch {
	case fl.Nullable:
		return ",omitzero"
	case fl.Required:
		return ""
	}
	return ",omitempty"
}

// slotWidth orders the slots of a values block: by the alignment and size of
// their types, widest first.
func slotWidth(fl *Field) int {
	switch t := fl.Type; {
	case fl.OneOrMany || t.Kind == KindString || t.Kind == KindEnum:
		return 16
	case t.Kind == KindTime || t.Kind == KindDate:
		return 24
	case t.Kind == KindInt || t.Kind == KindUint || t.Kind == KindFloat:
		return t.Bits / 8
	case t.Kind == KindBool:
		return 1
	}
	return 32
}

// valuesName is the name of a model's values block type.
func valuesName(m *Model) string { return m.ValuesName }

// slabName is the model's slab in the decoder's modelValues.
func slabName(m *Model) string { return m.SlabName }

// nestedSlabName is the decoder's slab of models of m decoded as optional
// nested fields.
func nestedSlabName(m *Model) string { return m.NestedSlabName }

// slotName is a field's slot in the values block.
func slotName(fl *Field) string { return fl.Slot }

// hasSlots reports whether m needs a values block.
func hasSlots(m *Model) bool {
	for _, fl := range m.Fields {
		if needsSlot(fl) {
			return true
		}
	}
	return false
}

func emitValues(f *genFile, m *Model) {
	if hasSlots(m) {
		f.p("// %s holds the values behind %s %s's optional fields, allocated together.", valuesName(m), article(m.GoName), m.GoName)
		f.p("type %s struct {", valuesName(m))
		// Widest first, so that the block has no padding.
		var slots []*Field
		for _, fl := range m.Fields {
			if needsSlot(fl) {
				slots = append(slots, fl)
			}
		}
		sort.SliceStable(slots, func(i, j int) bool { return slotWidth(slots[i]) > slotWidth(slots[j]) })
		for _, fl := range slots {
			t := goType(f, fl.Type)
			if fl.OneOrMany {
				// A single value decodes into this one-element array.
				t = "[1]" + goType(f, fl.Type.Elem)
			}
			f.p("\t%s %s", slotName(fl), t)
		}
		f.p("}")
		f.p("")
	}
	var keys []string
	for _, fl := range m.Fields {
		keys = append(keys, strconv.Quote(fl.JSONName))
	}
	// The keys, wrapped at about 100 columns.
	lines, line := []string{}, ""
	for _, k := range keys {
		if line != "" && len(line)+len(k) > 96 {
			lines, line = append(lines, line), ""
		}
		line += k + ", "
	}
	lines = append(lines, line)
	if len(lines) == 1 {
		f.p("var %s = []string{%s}", m.KeysName, strings.TrimSuffix(lines[0], ", "))
	} else {
		f.p("var %s = []string{\n\t%s\n}", m.KeysName, strings.Join(lines, "\n\t"))
	}
	f.p("")
}

func emitDecode(f *genFile, m *Model) {
	slots := hasSlots(m)
	f.p("func (m *%s) decodeJSON(d *decoder) error {", m.GoName)
	f.p("\tisNull, err := d.beginObject(%q)", m.Name)
	f.p("\tif isNull || err != nil {\n\t\treturn err\n\t}")
	if slots {
		f.p("\tvar v *%s", valuesName(m))
	}
	f.p("\tfor first := true; ; first = false {")
	f.p("\t\tkey, ok, err := d.nextKey(first)")
	f.p("\t\tif err != nil || !ok {\n\t\t\treturn err\n\t\t}")
	if slots {
		f.p("\t\tif v == nil {\n\t\t\tv = d.values.%s.alloc(d)\n\t\t}", slabName(m))
	}
	f.p("\t\tfolded := false")
	f.p("\tmatch:")
	f.p("\t\tswitch string(key) {")
	for _, fl := range m.Fields {
		f.p("\t\tcase %q:", fl.JSONName)
		f.p("\t\t\terr = %s", decodeField(f, m, fl))
	}
	f.p("\t\tdefault:")
	f.p("\t\t\tif k, ok := foldKey(key, %s); ok && !folded {", m.KeysName)
	f.p("\t\t\t\tkey, folded = []byte(k), true\n\t\t\t\tgoto match\n\t\t\t}")
	if m.Additional != nil {
		f.p("\t\t\terr = additionalValue(d, &m.%s, key, %s, %s)", m.AdditionalGoName, goString(m.Name), decodeValueFunc(f, m.Additional))
	} else {
		f.p("\t\t\terr = d.skip()")
	}
	f.p("\t\t}")
	f.p("\t\tif err != nil {\n\t\t\treturn err\n\t\t}")
	f.p("\t}")
	f.p("}")
	f.p("")
}

// decodeField returns the call that decodes fl into m.
func decodeField(f *genFile, m *Model, fl *Field) string {
	label := strconv.Quote(m.Name + "." + fl.JSONName)
	dst := "&m." + fl.GoName
	slot := "&v." + slotName(fl)
	t := fl.Type
	switch {
	case fl.Nullable && fl.Indirect:
		return fmt.Sprintf("nullableValue(d, %s, %s, modelPtrValue[%s])", dst, label, t.Model.GoName)
	case fl.Indirect:
		return fmt.Sprintf("optionalModel(d, %s, &d.values.%s, %s)", dst, nestedSlabName(t.Model), label)
	case fl.Nullable:
		return fmt.Sprintf("nullableValue(d, %s, %s, %s)", dst, label, decodeValueFunc(f, t))
	case fl.OneOrMany:
		elem := t.Elem
		parse := "func(b []byte) string { return string(b) }"
		if elem.Kind == KindEnum {
			parse = parseFunc(elem.Enum)
		}
		return fmt.Sprintf("oneOrManyInto(d, %s, %s, %s, %s)", dst, slot, parse, label)
	case fl.Required || canBeNil(t):
		switch t.Kind {
		case KindString:
			return fmt.Sprintf("d.stringValue(%s, %s)", dst, label)
		case KindBool:
			if t.Enum != nil {
				break
			}
			return fmt.Sprintf("d.boolValue(%s, %s)", dst, label)
		case KindTime:
			return fmt.Sprintf("d.timeValue(%s, %s)", dst, label)
		case KindEnum:
			return fmt.Sprintf("enumValue(d, %s, %s, %s)", dst, parseFunc(t.Enum), label)
		case KindArray:
			switch t.Elem.Kind {
			case KindString:
				return fmt.Sprintf("d.stringSlice(%s, %s)", dst, label)
			case KindEnum:
				return fmt.Sprintf("enumSlice(d, %s, %s, %s)", dst, parseFunc(t.Elem.Enum), label)
			case KindModel:
				return fmt.Sprintf("modelSlice[%s](d, %s, %s)", t.Elem.Model.GoName, dst, label)
			}
			return fmt.Sprintf("sliceValue(d, %s, %s, %s)", dst, label, decodeValueFunc(f, t.Elem))
		case KindMap:
			return fmt.Sprintf("mapValue(d, %s, %s, %s)", dst, label, decodeValueFunc(f, t.Elem))
		case KindInt:
			if t.Bits == 64 && t.Enum == nil {
				return fmt.Sprintf("d.int64Value(%s, %s)", dst, label)
			}
		}
		return fmt.Sprintf("%s(d, %s, %s)", decodeValueFunc(f, t), dst, label)
	}
	switch t.Kind {
	case KindString:
		return fmt.Sprintf("d.stringPtr(%s, %s, %s)", dst, slot, label)
	case KindBool:
		if t.Enum == nil {
			return fmt.Sprintf("d.boolPtr(%s, %s, %s)", dst, slot, label)
		}
	case KindTime:
		return fmt.Sprintf("d.timePtr(%s, %s, %s)", dst, slot, label)
	case KindEnum:
		return fmt.Sprintf("enumPtr(d, %s, %s, %s, %s)", dst, slot, parseFunc(t.Enum), label)
	case KindInt:
		if t.Bits == 64 && t.Enum == nil {
			return fmt.Sprintf("d.int64Ptr(%s, %s, %s)", dst, slot, label)
		}
	case KindModel:
		return fmt.Sprintf("optionalModel(d, %s, &d.values.%s, %s)", dst, nestedSlabName(t.Model), label)
	}
	return fmt.Sprintf("optional(d, %s, %s, %s, %s)", dst, slot, label, decodeValueFunc(f, t))
}

func emitEncode(f *genFile, m *Model) {
	f.p("func (m *%s) encodeJSON(e *encoder) {", m.GoName)
	f.p("\te.open('{')")
	for _, fl := range m.Fields {
		key := "e.key(" + goString(jsonString(fl.JSONName)+":") + ")"
		x := "m." + fl.GoName
		var conds []string
		value := encodeValue(f, fl.Type, x)
		switch {
		case fl.Nullable && fl.Indirect:
			conds = append(conds, x+".IsSet()")
			value = fmt.Sprintf("encodeNullable(e, %s, encodeModelPtr[%s])", x, fl.Type.Model.GoName)
		case fl.Nullable:
			conds = append(conds, x+".IsSet()")
			value = fmt.Sprintf("encodeNullable(e, %s, %s)", x, encodeValueFunc(f, fl.Type))
		case fl.Indirect:
			// Required: a nil pointer is written as null, as encoding/json does.
			value = fmt.Sprintf("encodeModelPtr(e, %s)", x)
		case fl.Required:
		case canBeNil(fl.Type):
			conds = append(conds, "len("+x+") > 0")
		default:
			conds = append(conds, x+" != nil")
			if fl.Type.Kind != KindModel {
				value = encodeValue(f, fl.Type, "*"+x)
			}
		}
		if fl.ReadOnly {
			conds = append(conds, "!e.request")
		}
		switch {
		case fl.OneOrMany:
			// One element goes as a single value, which servers of every
			// generation accept; several as an array.
			f.p("\tif %s {\n\t\t%s\n\t\tencodeOneOrMany(e, %s)\n\t}", strings.Join(conds, " && "), key, x)
		case fl.Required && canBeNil(fl.Type):
			// encoding/json writes null for a nil slice or map without omitempty.
			f.p("\tif %s {", strings.Join(append(conds, "true"), " && "))
			f.p("\t\t%s", key)
			f.p("\t\tif %s == nil {\n\t\t\te.null()\n\t\t} else {\n\t\t\t%s\n\t\t}", x, value)
			f.p("\t}")
		case len(conds) == 0:
			f.p("\t%s\n\t%s", key, value)
		default:
			f.p("\tif %s {\n\t\t%s\n\t\t%s\n\t}", strings.Join(conds, " && "), key, value)
		}
	}
	if m.Additional != nil {
		f.p("\tencodeAdditional(e, m.%s, %sKeys, %s)", m.AdditionalGoName, lowerFirst(m.GoName), encodeValueFunc(f, m.Additional))
	}
	f.p("\te.close('}')")
	f.p("}")
	f.p("")
}

func emitMethods(f *genFile, m *Model) {
	f.use("fmt", "log/slog")
	n := m.GoName
	if m.HasReadOnly() {
		f.p("// MarshalJSON encodes every field that is set, read-only ones included.")
	} else {
		f.p("// MarshalJSON encodes every field that is set.")
	}
	f.p("func (m %s) MarshalJSON() ([]byte, error) { return marshalModel(&m) }", n)
	f.p("")
	f.p("// UnmarshalJSON decodes %s %s, ignoring unknown fields.", article(n), n)
	f.p("func (m *%s) UnmarshalJSON(data []byte) error { return unmarshalModel(data, m) }", n)
	f.p("")
	secrets := m.SecretFields()
	args := ""
	for _, s := range secrets {
		args += ", " + strconv.Quote(s)
	}
	how := "with pointer fields shown as their values"
	if len(secrets) > 0 {
		how = "with " + strings.Join(secrets, " and ") + " redacted"
	}
	f.p("// Format prints the %s for fmt %s.", n, how)
	f.p("func (m %s) Format(f fmt.State, verb rune) { formatRedacted(f, verb, m%s) }", n, args)
	f.p("")
	if len(secrets) > 0 {
		how = " " + how
	} else {
		how = ""
	}
	f.p("// LogValue returns the %s's set fields for log/slog%s.", n, how)
	f.p("func (m %s) LogValue() slog.Value { return logValueRedacted(m%s) }", n, args)
	f.p("")
}

func emitGetters(f *genFile, m *Model) {
	for _, fl := range m.Fields {
		t := fieldType(f, fl)
		zero, words := zeroValue(f, fl.Type)
		get := fl.Getter
		if fl.Indirect {
			zero, words = "nil", "nil"
		}
		switch {
		case fl.Nullable:
			t = goType(f, fl.Type)
			if fl.Indirect {
				t = "*" + t
			}
			f.p("// %s returns the value of the %s field, or %s if it is absent, null or m is nil.", get, fl.GoName, words)
			f.p("func (m *%s) %s() %s {", m.GoName, get, t)
			f.p("\tif m == nil {\n\t\treturn %s\n\t}", zero)
			f.p("\tv, _ := m.%s.Get()\n\treturn v\n}", fl.GoName)
		case fl.Required || canBeNil(fl.Type):
			if canBeNil(fl.Type) || fl.Indirect {
				zero, words = "nil", "nil"
			}
			f.p("// %s returns the %s field, or %s if m is nil.", get, fl.GoName, words)
			f.p("func (m *%s) %s() %s {", m.GoName, get, t)
			f.p("\tif m == nil {\n\t\treturn %s\n\t}", zero)
			f.p("\treturn m.%s\n}", fl.GoName)
		case fl.Type.Kind == KindModel:
			// A nested model's getter returns the pointer, so getters chain.
			f.p("// %s returns the %s field, or nil if it is unset or m is nil.", get, fl.GoName)
			f.p("func (m *%s) %s() %s {", m.GoName, get, t)
			f.p("\tif m == nil {\n\t\treturn nil\n\t}")
			f.p("\treturn m.%s\n}", fl.GoName)
		default:
			f.p("// %s returns the %s field, or %s if it is unset or m is nil.", get, fl.GoName, words)
			f.p("func (m *%s) %s() %s {", m.GoName, get, goType(f, fl.Type))
			f.p("\tif m == nil || m.%s == nil {\n\t\treturn %s\n\t}", fl.GoName, zero)
			f.p("\treturn *m.%s\n}", fl.GoName)
		}
		f.p("")
	}
}

// emitEnum writes model_<name>.go for an enum: the type, its constants, the
// list of them, IsValid and the interning parse function.
func emitEnum(e *Enum) *genFile {
	f := newFile(e.File)
	n := e.GoName
	f.raw(comment(e.Doc+"\n\nThe service may add values after this SDK was released: a value not listed here decodes as is and reports false from IsValid.", ""))
	base, literal := "string", strconv.Quote
	if !e.IsString() {
		// The values are Go literals of the base type already.
		base, literal = goType(f, e.Base), func(v string) string { return v }
	}
	f.p("type %s %s", n, base)
	f.p("")
	f.p("// The values the API document defines.")
	f.p("const (")
	for _, v := range e.Values {
		f.raw(comment(v.Doc, "\t"))
		f.p("\t%s %s = %s", v.GoName, n, literal(v.Value))
	}
	f.p(")")
	f.p("")
	f.p("// %s lists every value the API document defines.", e.AllowedName)
	f.p("var %s = []%s{", e.AllowedName, n)
	for _, v := range e.Values {
		f.p("\t%s,", v.GoName)
	}
	f.p("}")
	f.p("")
	var names []string
	for _, v := range e.Values {
		names = append(names, v.GoName)
	}
	f.p("// IsValid reports whether v is one of the values the API document defines.")
	f.p("func (v %s) IsValid() bool {", n)
	f.p("\tswitch v {\n\tcase %s:\n\t\treturn true\n\t}\n\treturn false\n}", strings.Join(names, ", "))
	if !e.IsString() {
		return f
	}
	f.p("")
	f.p("// %s returns the constant for a known value, so decoding it", parseFunc(e))
	f.p("// allocates nothing, and a new string for any other value.")
	f.p("func %s(b []byte) %s {", parseFunc(e), n)
	f.p("\tswitch string(b) {")
	for _, v := range e.Values {
		f.p("\tcase %s:\n\t\treturn %s", strconv.Quote(v.Value), v.GoName)
	}
	f.p("\t}")
	f.p("\treturn %s(b)\n}", n)
	if e.ListResult {
		list := e.ListName
		f.p("")
		f.p("// %s is a top-level JSON array of %s, as an operation returns.", list, n)
		f.p("type %s []%s", list, n)
		f.p("")
		f.p("func (l *%s) decodeJSON(d *decoder) error {", list)
		f.p("\treturn enumSlice(d, (*[]%s)(l), %s, %q)", n, parseFunc(e), "[]"+e.Name)
		f.p("}")
		f.p("")
		f.p("func (*%s) nullableList() {}", list)
	}
	return f
}
