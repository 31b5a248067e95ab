package main

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// builder turns a document into the IR.
type builder struct {
	doc      *document
	reserved map[string]bool // names the runtime declares
	tags     map[string]bool // the selected tags; nil selects all

	models    map[string]*Model // by definition name
	enums     map[string]*Enum  // by definition name
	typeOwner map[string]string // Go type name -> the schema that has it
	api       *API
	errs      []error
	building  map[string]bool // definitions being resolved, against cycles
	// flattening holds the definitions whose allOf is being merged, in
	// order, against allOf cycles.
	flattening []string
}

// buildAPI builds the IR of doc for the selected tags ("all" or a list).
func buildAPI(doc *document, tags []string, reserved map[string]bool) (*API, error) {
	b := &builder{
		doc:       doc,
		reserved:  reserved,
		models:    map[string]*Model{},
		enums:     map[string]*Enum{},
		typeOwner: map[string]string{},
		building:  map[string]bool{},
		api:       &API{Title: doc.Info.Title, Version: doc.Info.Version, BasePath: doc.BasePath, MaxPathParams: 1},
	}
	if !(len(tags) == 1 && tags[0] == "all") {
		b.tags = map[string]bool{}
		for _, t := range tags {
			b.tags[t] = true
		}
	}
	b.api.BaseURL, b.api.NoHost = b.baseURL()
	b.api.Auth = b.auth()
	// The error model first, so that it keeps its name whatever else the
	// document declares; the runtime decodes it for APIError.Model.
	errName := "Error"
	if def := doc.Definition.Values[errName]; def == nil || !b.isObjectSchema(def, errName) {
		errName = b.errorDefinition()
	}
	if errName == "" {
		b.api.Error = b.syntheticError()
	} else if b.definitionType(errName); b.models[errName] != nil {
		b.api.Error = b.models[errName]
	} else {
		b.fail("%s is not an object: the SDK decodes the body of every non-2xx response into it (APIError.Model)", pointerTo("definitions", errName))
		return nil, errors.Join(b.errs...)
	}
	b.errorFields()
	b.operations()
	if b.tags == nil {
		for _, name := range doc.Definition.Keys {
			b.definitionType(name)
		}
	}
	if len(b.errs) > 0 {
		return nil, errors.Join(b.errs...)
	}
	api := b.api
	markIndirect(api.Models)
	if api.Error.GoName != errorModelName {
		for _, m := range api.Models {
			if m.GoName == errorModelName {
				return nil, fmt.Errorf("%s: its Go name %s is the error model's, which is %s here; set x-go-name on it",
					pointerTo("definitions", m.Name), errorModelName, pointerTo("definitions", api.Error.Name))
			}
		}
		for _, e := range api.Enums {
			if e.GoName == errorModelName {
				return nil, fmt.Errorf("%s: its Go name %s is the error model's, which is %s here; set x-go-name on it",
					pointerTo("definitions", e.Name), errorModelName, pointerTo("definitions", api.Error.Name))
			}
		}
	}
	sort.Slice(api.Models, func(i, j int) bool { return api.Models[i].GoName < api.Models[j].GoName })
	sort.Slice(api.Enums, func(i, j int) bool { return api.Enums[i].GoName < api.Enums[j].GoName })
	sort.Slice(api.Services, func(i, j int) bool { return api.Services[i].GoName < api.Services[j].GoName })
	secrets := map[string]bool{}
	for _, m := range api.Models {
		for _, f := range m.Fields {
			if f.Secret {
				secrets[f.JSONName] = true
			}
		}
	}
	for k := range secrets {
		api.SecretJSONKeys = append(api.SecretJSONKeys, k)
	}
	sort.Strings(api.SecretJSONKeys)
	return api, nil
}

func (b *builder) fail(format string, args ...any) {
	err := fmt.Errorf(format, args...)
	for _, e := range b.errs {
		if e.Error() == err.Error() {
			return // one cause met again, as an allOf cycle is from each side
		}
	}
	b.errs = append(b.errs, err)
}

// claim records that schema owner uses the Go type name n, reporting a
// clash with another schema.
func (b *builder) claim(n, owner string) bool {
	if prev, ok := b.typeOwner[n]; ok && prev != owner {
		b.fail("%s and %s both get the Go name %s; set x-go-name on one of them", prev, owner, n)
		return false
	}
	b.typeOwner[n] = owner
	return true
}

// uniqueInline returns n, or n with a number, so that an inline schema does
// not take a name already used.
func (b *builder) uniqueInline(n, owner string) string {
	if b.reserved[n] || predeclared[strings.ToLower(n)] {
		n = "Model" + n
	}
	name := n
	for i := 2; ; i++ {
		if _, used := b.typeOwner[name]; !used {
			b.typeOwner[name] = owner
			return name
		}
		name = fmt.Sprintf("%s%d", n, i)
	}
}

// errorModelName is the Go name of the error model, which APIError.Model
// points to: the model itself, or an alias of it (emitGlue).
const errorModelName = "ModelError"

// syntheticError adds and returns the error document the runtime expects
// when the document declares none: an object whose message, if it has one,
// errors show. No definition refers to it.
func (b *builder) syntheticError() *Model {
	m := &Model{Name: "Error", GoName: errorModelName, File: "model_error.go",
		Doc: errorModelName + " is the body of an error response, which the API document does not describe: errors show its message when it is a JSON object with one."}
	m.Fields = []*Field{
		{JSONName: "message", GoName: "Message", Doc: "Message describes the error.", Type: &Type{Kind: KindString}},
	}
	b.claim(m.GoName, "the error model")
	b.api.Models = append(b.api.Models, m)
	return m
}

// definitionType resolves the definition name to a type, creating its model
// or enum the first time.
func (b *builder) definitionType(name string) *Type {
	if m, ok := b.models[name]; ok {
		return &Type{Kind: KindModel, Model: m}
	}
	if e, ok := b.enums[name]; ok {
		return e.Type()
	}
	s, ok := b.doc.Definition.Values[name]
	if !ok {
		b.fail("$ref to undefined definition %q", name)
		return &Type{Kind: KindRaw}
	}
	if b.building[name] {
		b.fail("definition %s refers to itself through a non-object type", name)
		return &Type{Kind: KindRaw}
	}
	b.building[name] = true
	defer delete(b.building, name)
	goName := s.XGoName
	if goName == "" {
		goName = typeName(name, b.reserved)
	}
	if part := singlePart(s); part != nil && !b.isObjectSchema(part, name) {
		// An alias of a type that is not an object: that type, kept whole.
		// (One of an object is a model of its own, of the same fields.)
		return b.typeOf(part, goName)
	}
	b.flattening = append(b.flattening, name)
	s = b.flatten(s, name)
	b.flattening = b.flattening[:len(b.flattening)-1]
	switch {
	case len(s.Enum) > 0:
		if !b.claim(goName, "definition "+name) {
			return &Type{Kind: KindString}
		}
		e := b.newEnum(name, goName, s, pointerTo("definitions", name))
		e.File = "model_" + snakeCase(name) + ".go"
		b.enums[name] = e
		return e.Type()
	case isObject(s):
		if !b.claim(goName, "definition "+name) {
			return &Type{Kind: KindRaw}
		}
		m := &Model{Name: name, GoName: goName, File: "model_" + snakeCase(name) + ".go"}
		b.models[name] = m
		b.api.Models = append(b.api.Models, m)
		b.fillModel(m, s)
		return &Type{Kind: KindModel, Model: m}
	}
	// An alias of another type: use that type directly.
	return b.typeOf(s, goName)
}

// isObject reports whether s declares properties: a struct, not a map or a
// free-form object.
func isObject(s *schema) bool {
	return len(s.Properties.Keys) > 0
}

// flatten merges allOf into one schema: the properties and required lists of
// every part, in order, then s's own.
func (b *builder) flatten(s *schema, where string) *schema {
	if len(s.AllOf) == 0 {
		return s
	}
	out := *s
	out.AllOf = nil
	out.Properties = ordered[*schema]{Values: map[string]*schema{}}
	out.Required = nil
	add := func(p *schema) {
		for _, k := range p.Properties.Keys {
			if _, dup := out.Properties.Values[k]; !dup {
				out.Properties.Keys = append(out.Properties.Keys, k)
			}
			out.Properties.Values[k] = p.Properties.Values[k]
		}
		out.Required = append(out.Required, p.Required...)
		if out.Type == "" {
			out.Type = p.Type
		}
		if out.AdditionalProperties == nil {
			out.AdditionalProperties = p.AdditionalProperties
		}
	}
	for _, part := range s.AllOf {
		if part == nil {
			continue
		}
		if part.Ref != "" {
			name, err := refName(part.Ref, "definitions")
			if err != nil {
				b.fail("%s: allOf: %v", where, err)
				continue
			}
			def, ok := b.doc.Definition.Values[name]
			if !ok || def == nil {
				b.fail("%s: allOf: undefined definition %q", where, name)
				continue
			}
			if i := slices.Index(b.flattening, name); i >= 0 {
				cycle := append(append([]string(nil), b.flattening[i:]...), name)
				b.fail("%s/allOf: allOf cycle %s: no Go type includes itself", pointerTo("definitions", cycle[0]), strings.Join(cycle, " -> "))
				continue
			}
			b.flattening = append(b.flattening, name)
			add(b.flatten(def, where))
			b.flattening = b.flattening[:len(b.flattening)-1]
			continue
		}
		add(b.flatten(part, where))
	}
	add(s)
	return &out
}

// newEnum builds an enum from a schema with enum values, at where in the
// document. Lines of the description of the form "- `value`: text"
// document the values. A value given twice is kept once.
func (b *builder) newEnum(name, goName string, s *schema, where string) *Enum {
	valueDocs := map[string]string{}
	var rest []string
	for _, line := range strings.Split(describe(s), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "- `") {
			if i := strings.Index(t[3:], "`:"); i >= 0 {
				valueDocs[t[3:3+i]] = strings.TrimSpace(t[3+i+2:])
				continue
			}
		}
		rest = append(rest, line)
	}
	e := &Enum{Name: name, GoName: goName, Base: enumBase(s), Doc: phrase(goName, strings.Join(rest, "\n"), "is one of the values of "+name+".")}
	if len(s.XGoEnumNames) > 0 && len(s.XGoEnumNames) != len(s.Enum) {
		b.fail("%s: x-go-enum-names has %d names for %d values", name, len(s.XGoEnumNames), len(s.Enum))
	}
	seen := map[string]bool{}
	values := map[string]bool{}
	for i, v := range s.Enum {
		suffix, lit := camelCase(v), v
		if e.Base != nil {
			var err error
			if lit, suffix, err = enumLiteral(e.Base, v); err != nil {
				b.fail("%s/enum/%d: %v", where, i, err)
				continue
			}
		}
		if values[lit] {
			continue
		}
		values[lit] = true
		if i < len(s.XGoEnumNames) {
			suffix = s.XGoEnumNames[i]
		}
		if suffix == "" || seen[suffix] {
			suffix = fmt.Sprintf("Value%d", i)
		}
		seen[suffix] = true
		c := goName + suffix
		words := lit
		if e.IsString() {
			words = strconv.Quote(v)
		}
		e.Values = append(e.Values, EnumValue{Value: lit, GoName: c, Doc: phrase(c, valueDocs[v], "is the value "+words+".")})
	}
	if len(e.Values) == 0 {
		b.fail("%s/enum: no value of the enumeration is one", where)
	}
	b.api.Enums = append(b.api.Enums, e)
	return e
}

// fillModel adds the fields of the object schema s to m.
func (b *builder) fillModel(m *Model, s *schema) {
	m.Doc = phrase(m.GoName, describe(s), "is the "+m.Name+" object.")
	required := map[string]bool{}
	for _, r := range s.Required {
		required[r] = true
	}
	used := map[string]bool{}
	for _, key := range s.Properties.Keys {
		// The flags are the property's own; typeOf resolves its allOf.
		p := s.Properties.Values[key]
		if p == nil {
			p = &schema{}
		}
		f := &Field{JSONName: key, Required: required[key], ReadOnly: p.ReadOnly || p.XLegacy != "",
			Secret: p.XSecret, Nullable: p.XNullable, OneOrMany: p.XOneOrMany, Legacy: p.XLegacy}
		f.GoName = p.XGoName
		if f.GoName == "" {
			f.GoName = camelCase(key)
		}
		switch f.GoName {
		case "Format", "LogValue", "MarshalJSON", "UnmarshalJSON", "":
			// The model's methods take these names.
			f.GoName += "Field"
		}
		for n := 2; used[f.GoName]; n++ {
			f.GoName = fmt.Sprintf("%s%d", strings.TrimRight(f.GoName, "0123456789"), n)
		}
		used[f.GoName] = true
		f.Type = b.typeOf(p, m.GoName+f.GoName)
		if f.OneOrMany && (f.Type.Kind != KindArray || f.Type.Elem.Kind != KindEnum && f.Type.Elem.Kind != KindString) {
			b.fail("%s.%s: x-one-or-many needs an array of strings or of a string enum", m.Name, key)
			f.OneOrMany = false
		}
		if f.Nullable && f.Required {
			// A required nullable field still tells null from a value.
			f.Required = false
		}
		f.Doc = fieldDoc(f, describe(p))
		m.Fields = append(m.Fields, f)
	}
	if a := s.AdditionalProperties; a != nil && a.Allowed {
		// The keys the schema does not declare, kept beside the fields.
		m.Additional = b.typeOf(a.Schema, m.GoName+"Value")
		m.AdditionalGoName = "AdditionalProperties"
		for n := 2; used[m.AdditionalGoName]; n++ {
			m.AdditionalGoName = fmt.Sprintf("AdditionalProperties%d", n)
		}
	}
}

// describe returns a schema's description or title.
func describe(s *schema) string {
	if s.Description != "" {
		return s.Description
	}
	return s.Title
}

// fieldDoc writes a field's doc comment from its description and its flags.
func fieldDoc(f *Field, desc string) string {
	doc := phrase(f.GoName, desc, "is the "+f.JSONName+" property.")
	if f.ReadOnly && !strings.Contains(doc, "Read-only") {
		doc += " Read-only."
	}
	if f.Secret && !strings.Contains(doc, redactedWord) {
		doc += " It is a secret: it prints and logs as " + redactedWord + "."
	}
	if f.Type.Kind == KindBinary {
		doc += " In JSON it is a base64 string, as encoding/json writes a []byte."
	}
	return doc
}

const redactedWord = "[REDACTED]"

// typeOf resolves an inline schema. hint names an inline object or enum
// that needs a type of its own.
func (b *builder) typeOf(s *schema, hint string) *Type {
	if s == nil {
		return &Type{Kind: KindRaw}
	}
	if s.Ref != "" {
		name, err := refName(s.Ref, "definitions")
		if err != nil {
			b.fail("%s: %v", hint, err)
			return &Type{Kind: KindRaw}
		}
		return b.definitionType(name)
	}
	if part := singlePart(s); part != nil {
		return b.typeOf(part, hint)
	}
	s = b.flatten(s, hint)
	if len(s.Enum) > 0 && (s.Type == "string" || enumBase(s) != nil) {
		name := s.XGoName
		if name == "" {
			name = b.uniqueInline(hint, "inline enum "+hint)
		}
		e := b.newEnum(name, name, s, "inline enum "+hint)
		e.File = "model_" + snakeCase(name) + ".go"
		return e.Type()
	}
	switch s.Type {
	case "string":
		switch s.Format {
		case "date-time":
			return &Type{Kind: KindTime}
		case "date":
			return &Type{Kind: KindDate}
		case "binary":
			return &Type{Kind: KindBinary}
		}
		return &Type{Kind: KindString}
	case "file":
		return &Type{Kind: KindBinary}
	case "boolean":
		return &Type{Kind: KindBool}
	case "integer", "number":
		return numberType(s.Type, s.Format)
	case "array":
		return &Type{Kind: KindArray, Elem: b.typeOf(s.Items, hint+"Item")}
	case "object", "":
		switch {
		case isObject(s):
			name := s.XGoName
			if name == "" {
				name = b.uniqueInline(hint, "inline object "+hint)
			} else if !b.claim(name, "inline object "+hint) {
				return &Type{Kind: KindRaw}
			}
			m := &Model{Name: name, GoName: name, File: "model_" + snakeCase(name) + ".go", Inline: true}
			b.api.Models = append(b.api.Models, m)
			b.fillModel(m, s)
			return &Type{Kind: KindModel, Model: m}
		case s.AdditionalProperties != nil && s.AdditionalProperties.Allowed:
			return &Type{Kind: KindMap, Elem: b.typeOf(s.AdditionalProperties.Schema, hint+"Value")}
		case s.Type == "" && s.Items != nil:
			return &Type{Kind: KindArray, Elem: b.typeOf(s.Items, hint+"Item")}
		}
		return &Type{Kind: KindRaw}
	}
	b.fail("%s: unsupported type %q", hint, s.Type)
	return &Type{Kind: KindRaw}
}

// numberType maps an integer or number schema to a Go numeric type. The
// format wins over the type, as the spec's oddities need: number/uint64 is
// an integer and integer/double a float.
func numberType(typ, format string) *Type {
	switch format {
	case "int8", "int16", "int32", "int64":
		return &Type{Kind: KindInt, Bits: bitsOf(format[3:])}
	case "uint8", "uint16", "uint32", "uint64":
		return &Type{Kind: KindUint, Bits: bitsOf(format[4:])}
	case "float":
		return &Type{Kind: KindFloat, Bits: 32}
	case "double":
		return &Type{Kind: KindFloat, Bits: 64}
	}
	if typ == "integer" {
		return &Type{Kind: KindInt, Bits: 64}
	}
	return &Type{Kind: KindFloat, Bits: 64}
}

func bitsOf(s string) int {
	switch s {
	case "8":
		return 8
	case "16":
		return 16
	case "32":
		return 32
	}
	return 64
}
