package main

import (
	"errors"
	"fmt"
	"go/token"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// builder turns a document into the IR.
type builder struct {
	doc  *document
	reg  *register
	rt   *runtimeNames   // nil when building without a runtime
	tags map[string]bool // the selected tags; nil selects all

	models   map[string]*Model // by definition name
	enums    map[string]*Enum  // by definition name
	defNames map[string]string // definition name -> its Go type name
	api      *API
	errs     []error
	building map[string]bool // definitions being resolved, against cycles
	// flattening are the definitions whose allOf is being merged, outermost
	// first, against cycles.
	flattening []string
	// expanding are the definitions merged into the inline models being
	// filled, outermost first: one of their properties that includes one of
	// them again would expand without end.
	expanding []string
	// cycles are the allOf cycles refused, each by its members from the
	// least, so that a cycle met from each of its definitions is refused
	// once.
	cycles map[string]bool
	// at is what the builder works on, named by a crash (recoverCrash).
	at pointer
}

// buildAPI builds the IR of doc for the selected tags ("all" or a list). rt
// lists the names of the runtime the package is generated into (nil for
// none), which generated names avoid. It returns every refusal, each
// naming where in the document it is.
func buildAPI(doc *document, tags []string, rt *runtimeNames) (api *API, err error) {
	hs, err := loadHelpers()
	if err != nil {
		return nil, err
	}
	b := &builder{
		doc:      doc,
		reg:      newRegister(rt, hs),
		rt:       rt,
		models:   map[string]*Model{},
		enums:    map[string]*Enum{},
		defNames: map[string]string{},
		building: map[string]bool{},
		cycles:   map[string]bool{},
		at:       rootPointer,
		api:      &API{Title: doc.Info.Title, Version: doc.Info.Version, BasePath: doc.BasePath, MaxPathParams: 1},
	}
	defer recoverCrash(&b.at, &err)
	if !(len(tags) == 1 && tags[0] == "all") {
		b.tags = map[string]bool{}
		for _, t := range tags {
			b.tags[t] = true
		}
	}
	// The error model is named first, so that it keeps its name whatever
	// else the document declares; the runtime decodes it for APIError.Model.
	errName := b.errorDefinition()
	if errName == "" {
		b.api.Error = b.syntheticError()
	}
	b.nameDefinitions(errName)
	b.api.BaseURL, b.api.NoHost = b.baseURL()
	b.api.Auth = b.auth()
	if errName != "" {
		b.definitionType(errName, definitionPointer(errName))
		b.api.Error = b.models[errName]
	}
	if b.api.Error == nil {
		if len(b.errs) == 0 {
			b.fail(definitionPointer(errName), "the error model is not an object: the SDK decodes the body of every non-2xx response into it (APIError.Model)")
		}
		return nil, errors.Join(b.errs...) // the error model's own refusal
	}
	b.errorFields()
	b.operations()
	if b.tags == nil {
		for _, name := range doc.Definition.Keys {
			if _, named := b.defNames[name]; named {
				b.definitionType(name, definitionPointer(name))
			}
		}
	}
	if len(b.errs) > 0 {
		return nil, errors.Join(b.errs...)
	}
	api = b.api
	markIndirect(api.Models)
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

// crash is a panic of the generator turned into an error: a bug, since
// every document the generator cannot handle should get a refusal. It
// names what the generator was working on.
type crash struct {
	at    pointer
	value any
	stack []byte
}

func (c *crash) Error() string {
	return fmt.Sprintf("%s: internal error (a bug in internal/gen; please report it with the document): %v\n%s", c.at, c.value, c.stack)
}

// recoverCrash, deferred, turns a panic into a *crash naming *at. It is the
// last resort: the corpus test checks that no document reaches it.
func recoverCrash(at *pointer, err *error) {
	if r := recover(); r != nil {
		*err = &crash{at: *at, value: r, stack: debug.Stack()}
	}
}

// fail records a refusal of what at points to, once: a cause met twice,
// as a definition's allOf is merged when the error model is looked for
// and again when it is built, is refused once.
func (b *builder) fail(at pointer, format string, args ...any) {
	r := &refusal{at: at, msg: fmt.Sprintf(format, args...)}
	for _, e := range b.errs {
		if prev, ok := e.(*refusal); ok && *prev == *r {
			return
		}
	}
	b.errs = append(b.errs, r)
}

// nameDefinitions claims the Go type name of every definition before
// anything else is named, so that a definition's name does not depend on
// which operations reach it first: the error model's definition errName
// ("" for none) first, then those named by x-go-name or already spelled as
// their Go name, then the others, each group in document order. When the
// error model's Go name is not ModelError, ModelError is reserved for the
// glue's alias of it.
func (b *builder) nameDefinitions(errName string) {
	keys := b.doc.Definition.Keys
	derived := map[string]string{}
	var first, rest []string
	for _, name := range keys {
		at := definitionPointer(name)
		s := b.doc.Definition.Values[name]
		switch {
		case name == "":
			b.fail(at, "a definition needs a name")
			continue
		case s == nil:
			b.fail(at, "expected a schema object, found null")
			continue
		case s.XGoName != "":
			if err := checkGoName(s.XGoName, true); err != nil {
				b.fail(at, "%v", err)
				continue
			}
		}
		derived[name] = typeName(name, b.reg.pkg)
		switch {
		case name == errName:
			first = append([]string{name}, first...)
		case s.XGoName != "" || derived[name] == name:
			first = append(first, name)
		default:
			rest = append(rest, name)
		}
	}
	for _, name := range append(first, rest...) {
		at := definitionPointer(name)
		want, exact := derived[name], false
		if x := b.doc.Definition.Values[name].XGoName; x != "" {
			want, exact = x, true
		}
		goName, err := b.reg.pkg.claimType(want, at.String(), exact)
		if err != nil {
			b.fail(at, "%v", err)
			continue
		}
		b.defNames[name] = goName
		if name == errName && goName != errorModelName {
			b.reg.pkg.reserve("the alias of the error model "+at.String()+" (generated_glue.go)", errorModelName)
		}
	}
}

// typeName returns the Go type name a definition's name implies. A name
// already in Go form keeps its spelling; one that is a Go predeclared
// identifier or keyword in any case, or a name the package declares
// otherwise, gets a Model prefix, as openapi-generator does (Error becomes
// ModelError).
func typeName(name string, pkg *scope) string {
	n := camelCase(name)
	if isIdent(name) && exportedName(name, "") == name {
		n = name
	}
	n = exportedName(n, "Model")
	if predeclared[strings.ToLower(n)] || token.IsKeyword(strings.ToLower(n)) || pkg.reserved(n) {
		n = "Model" + n
	}
	return n
}

// inlineName claims the Go type name of an inline schema: x-go-name as it
// is, or the name hint implies (with a Model prefix where typeName would
// give one, and a number when taken).
func (b *builder) inlineName(xGoName, hint string, at pointer) (string, bool) {
	n, exact := exportedName(hint, "Model"), xGoName != ""
	if exact {
		if err := checkGoName(xGoName, true); err != nil {
			b.fail(at, "%v", err)
			return "", false
		}
		n = xGoName
	} else if b.reg.pkg.reserved(n) || predeclared[strings.ToLower(n)] {
		n = "Model" + n
	}
	name, err := b.reg.pkg.claimType(n, at.String(), exact)
	if err != nil {
		b.fail(at, "%v", err)
		return "", false
	}
	return name, true
}

// errorModelName is the Go name of the error model, which APIError.Model
// points to: the model itself, or an alias of it (emitGlue).
const errorModelName = "ModelError"

// syntheticError adds and returns the error document the runtime expects
// when the document declares none: an object whose message, if it has one,
// errors show. No definition refers to it; it is named before them, so
// that it is ModelError.
func (b *builder) syntheticError() *Model {
	at := definitionPointer("Error")
	goName, _ := b.reg.pkg.claimType(errorModelName, "the error model", false)
	m := &Model{Name: "Error", GoName: goName, At: at,
		File: fileName(b.reg.files, "model_error", "the error model")}
	m.Doc = m.GoName + " is the body of an error response, which the API document does not describe: errors show its message when it is a JSON object with one."
	fields := b.reg.members(modelMethods...)
	f := &Field{JSONName: "message", At: at.at("properties", "message"), GoName: "Message", Doc: "Message describes the error.", Type: &Type{Kind: KindString}}
	fields.claim(f.GoName, "the error model")
	f.Getter = fields.claim("Get"+f.GoName, "the error model")
	m.Fields = append(m.Fields, f)
	b.nameModelParts(m)
	b.api.Models = append(b.api.Models, m)
	return m
}

// nameModelParts claims the names of a model's companions: its values
// block type and known-keys list, and its slabs in the decoder's
// modelValues; and each field's slot in the values block.
func (b *builder) nameModelParts(m *Model) {
	holder := m.At.String()
	low := lowerFirst(m.GoName)
	m.ValuesName = b.reg.pkg.claim(low+"Values", "the values block of "+holder)
	m.KeysName = b.reg.pkg.claim(low+"Keys", "the keys of "+holder)
	m.SlabName = b.reg.glue.claim(low, "the slab of "+holder)
	m.NestedSlabName = b.reg.glue.claim(low+"Models", "the nested slab of "+holder)
	slots := newScope(nil)
	for _, f := range m.Fields {
		f.Slot = slots.claim(varName(f.GoName), "the slot of "+f.JSONName)
	}
}

// definitionType resolves the definition name to a type, creating its model
// or enum the first time; from is where the reference is.
func (b *builder) definitionType(name string, from pointer) *Type {
	if m, ok := b.models[name]; ok {
		return &Type{Kind: KindModel, Model: m}
	}
	if e, ok := b.enums[name]; ok {
		return e.Type()
	}
	s, ok := b.doc.Definition.Values[name]
	if !ok {
		b.fail(from, "$ref to undefined definition %s", strconv.Quote(name))
		return &Type{Kind: KindRaw}
	}
	at := definitionPointer(name)
	goName, named := b.defNames[name]
	if !named {
		return &Type{Kind: KindRaw} // refused by nameDefinitions
	}
	if b.building[name] {
		b.fail(at, "definition %s refers to itself through a non-object type", strconv.Quote(name))
		return &Type{Kind: KindRaw}
	}
	b.building[name] = true
	defer delete(b.building, name)
	b.at = at
	if part, partAt := singlePart(s, at); part != nil && !b.isObjectSchema(part, partAt) {
		// An alias of a type that is not an object: that type, kept whole.
		// (One of an object is a model of its own, of the same fields.)
		return b.typeOf(part, goName, partAt)
	}
	b.flattening = append(b.flattening, name)
	s = b.flatten(s, at)
	b.flattening = b.flattening[:len(b.flattening)-1]
	switch {
	case len(s.Enum) > 0:
		e := b.newEnum(name, goName, s, at)
		e.File = fileName(b.reg.files, "model_"+snakeCase(name), at.String())
		b.enums[name] = e
		return e.Type()
	case isObject(s):
		m := &Model{Name: name, GoName: goName, At: at, File: fileName(b.reg.files, "model_"+snakeCase(name), at.String())}
		b.models[name] = m
		b.api.Models = append(b.api.Models, m)
		outer := b.expanding
		b.expanding = []string{name} // inline schemas of its properties must not include it
		b.fillModel(m, s)
		b.expanding = outer
		return &Type{Kind: KindModel, Model: m}
	}
	// An alias of another type: use that type directly.
	return b.typeOf(s, goName, at)
}

// isObject reports whether s declares properties: a struct, not a map or a
// free-form object.
func isObject(s *schema) bool {
	return len(s.Properties.Keys) > 0
}

// flatten merges allOf into one schema: the properties and required lists of
// every part, in order, then s's own. at is where s is.
func (b *builder) flatten(s *schema, at pointer) *schema {
	if len(s.AllOf) == 0 {
		return s
	}
	out := *s
	out.AllOf = nil
	out.Properties = ordered[*schema]{Values: map[string]*schema{}}
	out.Required = nil
	out.propAt = map[string]pointer{}
	add := func(p *schema, pAt pointer) {
		for _, k := range p.Properties.Keys {
			if _, dup := out.Properties.Values[k]; !dup {
				out.Properties.Keys = append(out.Properties.Keys, k)
			}
			out.Properties.Values[k] = p.Properties.Values[k]
			out.propAt[k] = p.propertyAt(k, pAt)
		}
		out.Required = append(out.Required, p.Required...)
		if out.Type == "" {
			out.Type = p.Type
		}
		if out.AdditionalProperties == nil {
			out.AdditionalProperties = p.AdditionalProperties
		}
		out.included = append(out.included, p.included...)
	}
	for i, part := range s.AllOf {
		partAt := at.at("allOf").index(i)
		if part == nil {
			b.fail(partAt, "expected a schema object, found null")
			continue
		}
		if part.Ref == "" {
			add(b.flatten(part, partAt), partAt)
			continue
		}
		name, err := refName(part.Ref, "definitions")
		if err != nil {
			b.fail(partAt, "%v", err)
			continue
		}
		def, ok := b.doc.Definition.Values[name]
		if !ok || def == nil {
			b.fail(partAt, "allOf: undefined definition %s", strconv.Quote(name))
			continue
		}
		if i := slices.Index(b.flattening, name); i >= 0 {
			b.failCycle(partAt, slices.Clone(b.flattening[i:]))
			continue
		}
		b.flattening = append(b.flattening, name)
		add(b.flatten(def, definitionPointer(name)), definitionPointer(name))
		b.flattening = b.flattening[:len(b.flattening)-1]
		out.included = append(out.included, name)
	}
	add(s, at)
	return &out
}

// failCycle refuses, at at, the allOf cycle of the definitions members
// (each includes the next, the last the first), once whichever of them it
// is met from.
func (b *builder) failCycle(at pointer, members []string) {
	least := slices.Index(members, slices.Min(members))
	key := strings.Join(append(slices.Clone(members[least:]), members[:least]...), "\x00")
	if b.cycles[key] {
		return
	}
	b.cycles[key] = true
	b.fail(at, "allOf cycle: %s; a schema cannot include itself", strings.Join(append(members, members[0]), " includes "))
}

// newEnum builds an enum from a schema with enum values, at at. Lines of
// the description of the form "- `value`: text" document the values. A
// value given twice is kept once.
func (b *builder) newEnum(name, goName string, s *schema, at pointer) *Enum {
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
	e := &Enum{Name: name, GoName: goName, At: at, Base: enumBase(s), Doc: phrase(goName, strings.Join(rest, "\n"), "is one of the values of "+name+".")}
	if len(s.XGoEnumNames) > 0 && len(s.XGoEnumNames) != len(s.Enum) {
		b.fail(at.at("x-go-enum-names"), "x-go-enum-names has %d names for %d values", len(s.XGoEnumNames), len(s.Enum))
	}
	seen := map[string]bool{}
	for i, v := range s.Enum {
		valueAt := at.at("enum").index(i)
		suffix, lit := camelCase(v), v
		if e.Base != nil {
			var err error
			if lit, suffix, err = enumLiteral(e.Base, v); err != nil {
				b.fail(valueAt, "%v", err)
				continue
			}
		}
		if seen[lit] {
			continue
		}
		seen[lit] = true
		var c string
		if i < len(s.XGoEnumNames) {
			c = goName + s.XGoEnumNames[i]
			if err := checkGoName(c, true); err != nil {
				b.fail(at.at("x-go-enum-names").index(i), "the constant's name: %v", err)
				continue
			}
			if err := b.reg.pkg.claimExact(c, valueAt.String()); err != nil {
				b.fail(at.at("x-go-enum-names").index(i), "%v", err)
				continue
			}
		} else {
			if suffix == "" {
				suffix = fmt.Sprintf("Value%d", i)
			}
			c = b.reg.pkg.claim(goName+suffix, valueAt.String())
		}
		words := lit
		if e.IsString() {
			words = strconv.Quote(v)
		}
		e.Values = append(e.Values, EnumValue{Value: lit, GoName: c, Doc: phrase(c, valueDocs[v], "is the value "+words+".")})
	}
	if len(e.Values) == 0 {
		b.fail(at.at("enum"), "no value of the enumeration is one")
	}
	e.ParseName = b.reg.pkg.claim("parse"+goName, "the parse function of "+at.String())
	e.AllowedName = b.reg.pkg.claim("Allowed"+goName+"EnumValues", "the values of "+at.String())
	e.ListName = b.reg.pkg.claim(lowerFirst(goName)+"List", "the list type of "+at.String())
	b.api.Enums = append(b.api.Enums, e)
	return e
}

// fillModel adds the fields of the object schema s to m. Each field claims
// its name with its getter's, in document order.
func (b *builder) fillModel(m *Model, s *schema) {
	m.Doc = phrase(m.GoName, describe(s), "is the "+m.Name+" object.")
	required := map[string]bool{}
	for _, r := range s.Required {
		required[r] = true
	}
	members := b.reg.members(modelMethods...)
	for _, key := range s.Properties.Keys {
		at := s.propertyAt(key, m.At)
		b.at = at
		// The flags are the property's own; typeOf resolves its allOf.
		p := s.Properties.Values[key]
		if p == nil {
			b.fail(at, "expected a schema object, found null")
			continue
		}
		f := &Field{JSONName: key, At: at, Required: required[key], ReadOnly: p.ReadOnly || p.XLegacy != "",
			Secret: p.XSecret, Nullable: p.XNullable, OneOrMany: p.XOneOrMany, Legacy: p.XLegacy}
		if !b.nameField(members, f, p.XGoName, at) {
			continue
		}
		f.Type = b.typeOf(p, m.GoName+f.GoName, at)
		if f.OneOrMany && (f.Type.Kind != KindArray || f.Type.Elem.Kind != KindEnum && f.Type.Elem.Kind != KindString) {
			b.fail(at, "x-one-or-many needs an array of strings or of a string enum")
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
		at := m.At.at("additionalProperties")
		m.Additional = b.typeOf(a.Schema, m.GoName+"Value", at)
		m.AdditionalGoName = members.claim("AdditionalProperties", at.String())
	}
	b.nameModelParts(m)
}

// nameField claims f's Go name and its getter's in members: x-go-name as it
// is, or the CamelCase of the JSON name (with a Field suffix where that is
// one of the model's methods, and a number where another field or getter
// has it already).
func (b *builder) nameField(members *scope, f *Field, xGoName string, at pointer) bool {
	holder := at.String()
	if xGoName != "" {
		if err := checkGoName(xGoName, true); err != nil {
			b.fail(at, "%v", err)
			return false
		}
		if err := members.claimExact(xGoName, holder); err != nil {
			b.fail(at, "%v", err)
			return false
		}
		f.GoName = xGoName
		f.Getter = members.claim("Get"+xGoName, "the getter of "+holder)
		return true
	}
	n := exportedName(camelCase(f.JSONName), "Field")
	if members.reserved(n) {
		n += "Field"
	}
	suffix := members.claimAll(holder, func(sfx string) []string {
		return []string{numberedIf(n, sfx), "Get" + numberedIf(n, sfx)}
	})
	f.GoName = numberedIf(n, suffix)
	f.Getter = "Get" + f.GoName
	return true
}

// numberedIf returns name with the number suffix (a string, "" for none)
// appended as withNumber does.
func numberedIf(name, suffix string) string {
	if suffix == "" {
		return name
	}
	i, _ := strconv.Atoi(suffix)
	return withNumber(name, i)
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
	if !validTagName(f.JSONName) {
		doc += " Its JSON name, which a struct tag cannot hold, is " + strconv.Quote(f.JSONName) + "."
	}
	if f.Type.Kind == KindBinary {
		doc += " In JSON it is a base64 string, as encoding/json writes a []byte."
	}
	return doc
}

const redactedWord = "[REDACTED]"

// typeOf resolves an inline schema at at. hint names an inline object or
// enum that needs a type of its own.
func (b *builder) typeOf(s *schema, hint string, at pointer) *Type {
	if s == nil {
		return &Type{Kind: KindRaw}
	}
	b.at = at
	if s.Ref != "" {
		name, err := refName(s.Ref, "definitions")
		if err != nil {
			b.fail(at, "%v", err)
			return &Type{Kind: KindRaw}
		}
		return b.definitionType(name, at)
	}
	if part, partAt := singlePart(s, at); part != nil {
		return b.typeOf(part, hint, partAt)
	}
	s = b.flatten(s, at)
	if base := enumBase(s); len(s.Enum) > 0 && (s.Type == "string" || base != nil) {
		name, ok := b.inlineName(s.XGoName, hint, at)
		if !ok {
			return &Type{Kind: KindString}
		}
		e := b.newEnum(name, name, s, at)
		e.File = fileName(b.reg.files, "model_"+snakeCase(name), at.String())
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
		return &Type{Kind: KindArray, Elem: b.typeOf(s.Items, hint+"Item", at.at("items"))}
	case "object", "":
		switch {
		case isObject(s):
			for _, n := range s.included {
				if slices.Contains(b.expanding, n) {
					b.fail(at, "allOf includes %s, whose properties hold this schema: the inline model would contain itself without end; use a $ref to a definition instead", strconv.Quote(n))
					return &Type{Kind: KindRaw}
				}
			}
			name, ok := b.inlineName(s.XGoName, hint, at)
			if !ok {
				return &Type{Kind: KindRaw}
			}
			m := &Model{Name: name, GoName: name, At: at, File: fileName(b.reg.files, "model_"+snakeCase(name), at.String()), Inline: true}
			b.api.Models = append(b.api.Models, m)
			depth := len(b.expanding)
			b.expanding = append(b.expanding, s.included...)
			b.fillModel(m, s)
			b.expanding = b.expanding[:depth]
			return &Type{Kind: KindModel, Model: m}
		case s.AdditionalProperties != nil && s.AdditionalProperties.Allowed:
			return &Type{Kind: KindMap, Elem: b.typeOf(s.AdditionalProperties.Schema, hint+"Value", at.at("additionalProperties"))}
		case s.Type == "" && s.Items != nil:
			return &Type{Kind: KindArray, Elem: b.typeOf(s.Items, hint+"Item", at.at("items"))}
		}
		return &Type{Kind: KindRaw}
	}
	b.fail(at.at("type"), "unsupported type %s", strconv.Quote(s.Type))
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
