package main

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// The shapes of schemas beyond objects of scalars: allOf of one schema,
// enumerations of numbers and booleans, references a struct cannot hold by
// value. And what the document decides about the runtime: the default base
// URL, the credentials, the error model.

// annotationOnly reports a schema that says nothing about the shape of a
// value: no $ref, type, properties, items, enum, additionalProperties or
// allOf, only words and flags (description, readOnly, x-nullable).
func annotationOnly(s *schema) bool {
	return s.Ref == "" && s.Type == "" && s.Format == "" && len(s.Properties.Keys) == 0 && s.Items == nil &&
		len(s.Enum) == 0 && s.AdditionalProperties == nil && len(s.AllOf) == 0
}

// singlePart returns the one part of s's allOf that has a shape, and
// where it is (s being at at), when s says nothing of its own but
// annotations: allOf: [{$ref: X}] with a description beside it is X,
// whatever X is (a date-time, an enum, an array, a map), rather than an
// object merged from X's properties.
func singlePart(s *schema, at pointer) (*schema, pointer) {
	if len(s.AllOf) == 0 {
		return nil, ""
	}
	own := *s
	own.AllOf = nil
	own.Title, own.Description, own.ReadOnly, own.XNullable, own.XGoName, own.XSecret, own.XLegacy = "", "", false, false, "", false, ""
	if own.Type == "object" && len(s.Properties.Keys) == 0 && s.AdditionalProperties == nil {
		own.Type = "" // "type: object" beside allOf adds nothing
	}
	if !annotationOnly(&own) {
		return nil, ""
	}
	var part *schema
	var partAt pointer
	for i, p := range s.AllOf {
		if p == nil || annotationOnly(p) {
			continue
		}
		if part != nil {
			return nil, ""
		}
		part, partAt = p, at.at("allOf").index(i)
	}
	if part != nil {
		if inner, innerAt := singlePart(part, partAt); inner != nil {
			return inner, innerAt
		}
	}
	return part, partAt
}

// isObjectSchema reports whether s (at at), or the definition it refers
// to, is an object with properties.
func (b *builder) isObjectSchema(s *schema, at pointer) bool {
	if s.Ref != "" {
		name, err := refName(s.Ref, "definitions")
		return err == nil && b.isObjectDefinition(name)
	}
	return isObject(b.flatten(s, at))
}

// isObjectDefinition reports whether the definition name is an object with
// properties. It merges allOf as definitionType does, so that what that
// refuses is refused in the same words (and so once).
func (b *builder) isObjectDefinition(name string) bool {
	s := b.doc.Definition.Values[name]
	if s == nil || slices.Contains(b.flattening, name) {
		return false
	}
	b.flattening = append(b.flattening, name)
	defer func() { b.flattening = b.flattening[:len(b.flattening)-1] }()
	at := definitionPointer(name)
	if part, partAt := singlePart(s, at); part != nil {
		return b.isObjectSchema(part, partAt)
	}
	return isObject(b.flatten(s, at))
}

// enumBase returns the Go type of the values of an enum schema: nil for
// strings (and an enum without a type), the number or bool type otherwise.
func enumBase(s *schema) *Type {
	switch s.Type {
	case "integer", "number":
		return numberType(s.Type, s.Format)
	case "boolean":
		return &Type{Kind: KindBool}
	}
	return nil
}

// enumLiteral returns the Go literal of the enum value v of base, and the
// suffix of its constant's name, or an error for a value that is not one.
func enumLiteral(base *Type, v string) (lit, suffix string, err error) {
	switch base.Kind {
	case KindInt:
		n, err := strconv.ParseInt(v, 0, base.Bits)
		if err != nil {
			return "", "", fmt.Errorf("value %q is not an int%d", v, base.Bits)
		}
		lit = strconv.FormatInt(n, 10)
	case KindUint:
		n, err := strconv.ParseUint(v, 0, base.Bits)
		if err != nil {
			return "", "", fmt.Errorf("value %q is not a uint%d", v, base.Bits)
		}
		lit = strconv.FormatUint(n, 10)
	case KindFloat:
		f, err := strconv.ParseFloat(v, base.Bits)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return "", "", fmt.Errorf("value %q is not a finite float%d", v, base.Bits)
		}
		lit = strconv.FormatFloat(f, 'g', -1, base.Bits)
	case KindBool:
		t, err := strconv.ParseBool(v)
		if err != nil {
			return "", "", fmt.Errorf("value %q is not a boolean", v)
		}
		lit = strconv.FormatBool(t)
		return lit, camelCase(lit), nil
	}
	suffix = strings.NewReplacer("-", "Minus", ".", "Point", "+", "").Replace(lit)
	return lit, camelCase(suffix), nil
}

// markIndirect makes the fields that would hold a model by value inside
// itself (a required or x-nullable reference in a cycle of such
// references) hold a pointer instead, so that the Go types are finite.
func markIndirect(models []*Model) {
	byValue := func(fl *Field) bool {
		return fl.Type.Kind == KindModel && (fl.Required || fl.Nullable) && !fl.OneOrMany
	}
	for _, m := range models {
		for _, fl := range m.Fields {
			if byValue(fl) && reaches(fl.Type.Model, m, byValue, map[*Model]bool{}) {
				fl.Indirect = true
				fl.Doc += " It is a pointer, since " + fl.Type.Model.GoName + " leads back to " + m.GoName + " (a struct cannot hold itself); nil is null in JSON."
			}
		}
	}
}

// reaches reports whether from holds to through the fields edge accepts.
func reaches(from, to *Model, edge func(*Field) bool, seen map[*Model]bool) bool {
	if from == to {
		return true
	}
	if seen[from] {
		return false
	}
	seen[from] = true
	for _, fl := range from.Fields {
		if edge(fl) && reaches(fl.Type.Model, to, edge, seen) {
			return true
		}
	}
	return false
}

// baseURL returns the default base URL the document gives: https when its
// schemes list it (or list nothing), the host (x-default-host when it has
// none, https://localhost when it has neither), and the basePath.
func (b *builder) baseURL() (string, bool) {
	doc := b.doc
	scheme := "https"
	if len(doc.Schemes) > 0 && !contains(doc.Schemes, "https") && contains(doc.Schemes, "http") {
		scheme = "http"
	}
	host, at := doc.Host, rootPointer.at("host")
	if host == "" {
		host, at = doc.XDefaultHost, rootPointer.at("x-default-host")
	}
	noHost := host == ""
	if noHost {
		host = "localhost"
	}
	if s, rest, ok := strings.Cut(host, "://"); ok && (strings.EqualFold(s, "http") || strings.EqualFold(s, "https")) {
		// A URL where a host belongs: its scheme is the one meant.
		scheme, host = strings.ToLower(s), strings.TrimSuffix(rest, "/")
	}
	base := strings.TrimSuffix(doc.BasePath, "/")
	if base != "" && !strings.HasPrefix(base, "/") {
		base = "/" + base
	}
	u, err := url.Parse(scheme + "://" + host + base)
	if err != nil || u.Host != host || u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(host, "/?#@ ") {
		b.fail(at, "%s is not a host name (with an optional port) and %s not a path: the default base URL would be %s",
			strconv.Quote(host), strconv.Quote(base), strconv.Quote(scheme+"://"+host+base))
		return "", noHost
	}
	return u.String(), noHost
}

// basePathVersion returns the last segment of a basePath, with its slash,
// when it names an API version as the runtime's endsInVersion sees one:
// a v and digits, alone or after a non-alphanumeric character ("/v1",
// "/api-v2"); else "".
func basePathVersion(basePath string) string {
	seg := basePath[strings.LastIndexByte(basePath, '/')+1:]
	lower := strings.ToLower(seg)
	i := strings.LastIndexByte(lower, 'v')
	if i < 0 || i == len(lower)-1 || strings.Trim(lower[i+1:], "0123456789") != "" {
		return ""
	}
	if i > 0 && (unicode.IsLetter(rune(lower[i-1])) || unicode.IsDigit(rune(lower[i-1]))) {
		return ""
	}
	return "/" + seg
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// auth reads the document's securityDefinitions: an API key in a header
// (the first the document's security requires, else the first defined),
// in the query when there is no header one, basic and OAuth2.
func (b *builder) auth() Auth {
	var a Auth
	defs := b.doc.SecurityDefinitions
	required := map[string]int{}
	for i, req := range b.doc.Security {
		for name := range req {
			if _, ok := required[name]; !ok {
				required[name] = i
			}
		}
	}
	var headers []string
	for _, name := range defs.Keys {
		d := defs.Values[name]
		if d == nil {
			continue
		}
		at := rootPointer.at("securityDefinitions", name)
		switch d.Type {
		case "basic":
			a.Basic = true
		case "oauth2":
			a.OAuth2 = true
		case "apiKey":
			switch d.In {
			case "header":
				if !httpToken(d.Name) {
					b.fail(at.at("name"), "%s is not an HTTP header name", strconv.Quote(d.Name))
					continue
				}
				headers = append(headers, name)
			case "query":
				if a.APIKeyQuery == "" {
					a.APIKeyQuery = d.Name
				}
			default:
				b.fail(at.at("in"), "an apiKey goes in a header or the query, not %s", strconv.Quote(d.In))
			}
		default:
			b.fail(at.at("type"), "unknown security type %s (basic, apiKey or oauth2)", strconv.Quote(d.Type))
		}
	}
	sort.SliceStable(headers, func(i, j int) bool {
		ri, iok := required[headers[i]]
		rj, jok := required[headers[j]]
		return iok && (!jok || ri < rj)
	})
	if len(headers) > 0 {
		a.APIKeyHeader = defs.Values[headers[0]].Name
		a.APIKeyQuery = ""
	}
	return a
}

// errorDefinition returns the definition of the error model: Error when
// it is an object, else the object definition the document's error
// responses (default, 4xx and 5xx) use most, the first in document order
// on a tie, or "" when none uses one.
func (b *builder) errorDefinition() string {
	if b.isObjectDefinition("Error") {
		return "Error"
	}
	count := map[string]int{}
	for _, path := range b.doc.Paths.Keys {
		item := b.doc.Paths.Values[path]
		if item == nil {
			continue // refused with the operations
		}
		for _, ms := range item.methods() {
			for _, code := range ms.op.Responses.Keys {
				if code != "default" && (len(code) != 3 || code[0] != '4' && code[0] != '5') {
					continue
				}
				r := ms.op.Responses.Values[code]
				if r != nil && r.Ref != "" {
					if name, err := refName(r.Ref, "responses"); err == nil {
						r = b.doc.Responses[name]
					}
				}
				if r == nil || r.Schema == nil {
					continue
				}
				s, at := r.Schema, rootPointer.at("paths", path, ms.key, "responses", code, "schema")
				if part, partAt := singlePart(s, at); part != nil {
					s, at = part, partAt
				}
				if name, err := refName(s.Ref, "definitions"); err == nil && b.isObjectSchema(s, at) {
					count[name]++
				}
			}
		}
	}
	best := ""
	for _, name := range b.doc.Definition.Keys {
		if count[name] > count[best] {
			best = name
		}
	}
	return best
}

// errorFields sets the fields of the error model the runtime shows: a
// string message and a string request id (request_id, requestId).
func (b *builder) errorFields() {
	for _, f := range b.api.Error.Fields {
		if f.Type.Kind != KindString && f.Type.Kind != KindEnum || f.OneOrMany {
			continue // not a string, nor a string enum
		}
		switch strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(f.JSONName)) {
		case "message":
			if b.api.ErrorMessage == nil {
				b.api.ErrorMessage = f
			}
		case "requestid":
			if b.api.ErrorRequestID == nil {
				b.api.ErrorRequestID = f
			}
		}
	}
}
