package main

import (
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// operations builds the services and operations of the selected tags, in
// document order within each service until the final sort.
func (b *builder) operations() {
	services := map[string]*Service{}
	members := map[*Service]*scope{}
	for _, path := range b.doc.Paths.Keys {
		pathAt := rootPointer.at("paths", path)
		item := b.doc.Paths.Values[path]
		switch {
		case item == nil:
			b.fail(pathAt, "expected a path item object, found null")
			continue
		case item.Ref != "":
			b.fail(pathAt.at("$ref"), "a path item given by $ref is not supported; write the operations under the path")
			continue
		}
		for _, ms := range item.methods() {
			tag := b.serviceTag(ms.op.Tags)
			if tag == "" {
				continue
			}
			at := pathAt.at(ms.key)
			b.at = at
			svc := services[tag]
			if svc == nil {
				svc = b.newService(tag, at)
				services[tag] = svc
				members[svc] = b.reg.members("Format")
				b.api.Services = append(b.api.Services, svc)
			}
			op := b.operation(path, ms.method, item, ms.op, at, members[svc])
			if op == nil {
				continue
			}
			svc.Operations = append(svc.Operations, op)
			if n := len(op.PathParams); n > b.api.MaxPathParams {
				b.api.MaxPathParams = n
			}
		}
	}
	for _, svc := range b.api.Services {
		sort.Slice(svc.Operations, func(i, j int) bool { return svc.Operations[i].GoName < svc.Operations[j].GoName })
	}
}

// newService names the service of tag: its <Tag>Api interface and
// <Tag>ApiService type, APIClient's field, and its file.
func (b *builder) newService(tag string, at pointer) *Service {
	base := exportedName(camelCase(tag), "Tag")
	holder := "the service of tag " + strconv.Quote(tag)
	var goName string
	for i := 1; ; i++ {
		goName = base
		if i > 1 {
			goName = withNumber(base, i)
		}
		_, ifaceTaken := b.reg.pkg.holder(goName + "Api")
		_, implTaken := b.reg.pkg.holder(goName + "ApiService")
		_, fieldTaken := b.reg.client.holder(goName + "Api")
		if !ifaceTaken && !implTaken && !fieldTaken {
			break
		}
	}
	b.reg.pkg.claimExact(goName+"Api", holder)
	b.reg.pkg.claimExact(goName+"ApiService", holder)
	b.reg.client.claimExact(goName+"Api", holder)
	return &Service{Tag: tag, GoName: goName, At: at, File: fileName(b.reg.files, "api_"+snakeCase(goName), holder)}
}

// serviceTag returns the tag whose service gets an operation: its first tag
// among the selected ones, "" when it has none ("default" for an untagged
// operation when every tag is selected).
func (b *builder) serviceTag(tags []string) string {
	if len(tags) == 0 {
		if b.tags == nil {
			return "default"
		}
		return ""
	}
	for _, t := range tags {
		if b.tags == nil || b.tags[t] {
			return t
		}
	}
	return ""
}

// operation builds one operation, at at, whose method name members (its
// service's methods) gives.
func (b *builder) operation(path, method string, item *pathItem, s *operationSpec, at pointer, members *scope) *Operation {
	op := &Operation{ID: s.OperationID, Method: method, Path: path, Prepare: s.XGoPrepare, Deprecated: s.Deprecated,
		At: at, Tags: append([]string(nil), s.Tags...)}
	if !b.nameOperation(op, s, at, members) {
		return nil
	}
	if op.Prepare != "" && b.rt != nil && !b.rt.idents[op.Prepare] {
		b.fail(at.at("x-go-prepare"), "x-go-prepare names %s, which the runtime does not declare", strconv.Quote(op.Prepare))
	}
	if s.Security != nil && len(*s.Security) == 0 {
		op.NoAuth = true
	}
	// Operation parameters override the path item's of the same name and place.
	type located struct {
		p  *parameter
		at pointer
	}
	var params []located
	index := map[string]int{}
	for _, list := range []struct {
		params []*parameter
		at     pointer
	}{{item.Parameters, rootPointer.at("paths", path, "parameters")}, {s.Parameters, at.at("parameters")}} {
		for i, p := range list.params {
			pAt := list.at.index(i)
			p, pAt = b.resolveParameter(p, pAt)
			if p == nil {
				continue
			}
			key := p.In + "\x00" + p.Name
			if i, ok := index[key]; ok {
				params[i] = located{p, pAt}
				continue
			}
			index[key] = len(params)
			params = append(params, located{p, pAt})
		}
	}

	consumes := s.Consumes
	if len(consumes) == 0 {
		consumes = b.doc.Consumes
	}
	opts := newScope(nil)
	var vars []namedVar // the method's parameters, in document order
	for _, lp := range params {
		p := lp.p
		switch p.In {
		case "body":
			op.Body = b.body(op, p, consumes, lp.at)
			vars = append(vars, namedVar{&op.Body.VarName, p.Name, lp.at})
		case "path", "query", "header", "formData":
			prm := b.param(op, p, lp.at, opts)
			if prm == nil {
				continue
			}
			vars = append(vars, namedVar{&prm.VarName, prm.GoName, lp.at})
			if p.In == "path" {
				op.PathParams = append(op.PathParams, prm)
			} else {
				op.Params = append(op.Params, prm)
			}
		default:
			b.fail(lp.at.at("in"), "parameter %s: unsupported location %s", strconv.Quote(p.Name), strconv.Quote(p.In))
		}
	}
	// Path parameters in the order of the template.
	sort.SliceStable(op.PathParams, func(i, j int) bool {
		return strings.Index(path, "{"+op.PathParams[i].Name+"}") < strings.Index(path, "{"+op.PathParams[j].Name+"}")
	})
	b.checkTemplate(op, rootPointer.at("paths", path))
	for _, p := range op.PathParams {
		if !strings.Contains(path, "{"+p.Name+"}") {
			b.fail(at, "path parameter %s is not in the path", strconv.Quote(p.Name))
		}
		if p.Secret && op.SecretParam == "" {
			op.SecretParam = p.Name
		}
	}
	op.URLEncodedForm = urlEncodedForm(op, consumes)
	if op.Body != nil && hasSecret(op.Body.Type, map[*Model]bool{}) {
		op.SecretBody = true
	}
	if len(op.OptionalParams()) > 0 {
		op.Opts = b.reg.pkg.claim(op.GoName+"Opts", "the optional parameters of "+at.String())
	}
	op.Result = b.result(op, s, at)
	locals := b.reg.locals(op)
	for _, v := range vars {
		*v.dst = localName(locals, v.name, "parameter "+v.at.String())
	}
	op.Doc = operationDoc(op, describeOperation(s))
	return op
}

// namedVar is a parameter of a generated method waiting for its name.
type namedVar struct {
	dst  *string // where the name goes
	name string  // what it is named after
	at   pointer
}

// checkTemplate refuses a path template (at at) the runtime cannot fill:
// unbalanced or nested braces, and a {name} that is empty, repeated, or no
// path parameter of op declares.
func (b *builder) checkTemplate(op *Operation, at pointer) {
	declared := map[string]bool{}
	for _, p := range op.PathParams {
		declared[p.Name] = true
	}
	seen := map[string]bool{}
	rest := op.Path
	for {
		i, j := strings.IndexByte(rest, '{'), strings.IndexByte(rest, '}')
		switch {
		case i < 0 && j < 0:
			return
		case i < 0 || j < i || strings.IndexByte(rest[i+1:j], '{') >= 0:
			b.fail(at, "the path template has unbalanced or nested braces")
			return
		}
		name := rest[i+1 : j]
		switch {
		case name == "":
			b.fail(at, "the path template has an empty {}")
		case seen[name]:
			b.fail(at, "the path template names {%s} twice", name)
		case !declared[name]:
			b.fail(at.at(strings.ToLower(op.Method)), "the path template names {%s}, which no path parameter of the operation declares", name)
		}
		seen[name] = true
		rest = rest[j+1:]
	}
}

// nameOperation gives op its method name in members and its operation
// table variable: x-go-name as it is, or the CamelCase of the operationId,
// or of the path and method when it has none (with a number where the
// service has the name already).
func (b *builder) nameOperation(op *Operation, s *operationSpec, at pointer, members *scope) bool {
	holder := at.String()
	switch {
	case s.XGoName != "":
		if err := checkGoName(s.XGoName, true); err != nil {
			b.fail(at.at("x-go-name"), "%v", err)
			return false
		}
		if err := members.claimExact(s.XGoName, holder); err != nil {
			b.fail(at, "%v", err)
			return false
		}
		op.GoName = s.XGoName
	default:
		n := camelCase(s.OperationID)
		if n == "" {
			n = camelCase(strings.NewReplacer("{", "", "}", "").Replace(op.Path) + "_" + strings.ToLower(op.Method))
			if s.OperationID == "" {
				op.ID = lowerFirst(exportedName(n, "Call"))
			}
		}
		op.GoName = members.claim(exportedName(n, "Call"), holder)
	}
	op.Var = b.reg.pkg.claim("op"+op.GoName, "the operation table entry of "+holder)
	if s.XGoPrepare != "" && !token.IsIdentifier(s.XGoPrepare) {
		b.fail(at.at("x-go-prepare"), "x-go-prepare %s is not a Go identifier", strconv.Quote(s.XGoPrepare))
		return false
	}
	return true
}

// resolveParameter follows a "#/parameters/Name" reference, returning the
// parameter and where it is.
func (b *builder) resolveParameter(p *parameter, at pointer) (*parameter, pointer) {
	if p == nil {
		b.fail(at, "expected a parameter object, found null")
		return nil, at
	}
	if p.Ref == "" {
		return p, at
	}
	name, err := refName(p.Ref, "parameters")
	if err != nil {
		b.fail(at, "%v", err)
		return nil, at
	}
	q, ok := b.doc.Parameters[name]
	refAt := rootPointer.at("parameters", name)
	switch {
	case !ok:
		b.fail(at, "undefined parameter %s", strconv.Quote(name))
		return nil, at
	case q == nil:
		b.fail(refAt, "expected a parameter object, found null")
		return nil, at
	}
	return q, refAt
}

// param builds a path, query, header or formData parameter at at: its Go
// name (an <Op>Opts field when optional) in opts; operation names its
// variable once it knows the method's locals.
func (b *builder) param(op *Operation, p *parameter, at pointer, opts *scope) *Param {
	prm := &Param{Name: p.Name, In: p.In, Required: p.Required || p.In == "path", Secret: p.XSecret,
		CollectionFormat: p.CollectionFormat}
	holder := at.String()
	if p.XGoName != "" {
		if err := checkGoName(p.XGoName, true); err != nil {
			b.fail(at.at("x-go-name"), "%v", err)
			return nil
		}
		prm.GoName = p.XGoName
		if !prm.Required {
			if err := opts.claimExact(p.XGoName, holder); err != nil {
				b.fail(at, "%v", err)
				return nil
			}
		}
	} else {
		prm.GoName = exportedName(camelCase(p.Name), "Param")
		if !prm.Required {
			prm.GoName = opts.claim(prm.GoName, holder)
		}
	}
	if p.In == "header" && !httpToken(p.Name) {
		b.fail(at.at("name"), "header parameter %s: not a valid HTTP header name (letters, digits and !#$%%&'*+-.^_`|~ only)", strconv.Quote(p.Name))
		return nil
	}
	switch p.Type {
	case "array":
		var elem *Type
		if p.Items != nil {
			elem = b.paramScalar(p.Items.Type, p.Items.Format)
		} else {
			elem = &Type{Kind: KindString}
		}
		prm.Type = &Type{Kind: KindArray, Elem: elem}
		if prm.CollectionFormat == "" {
			prm.CollectionFormat = "csv"
		}
	case "file":
		prm.Type = &Type{Kind: KindBinary}
	default:
		prm.Type = b.paramScalar(p.Type, p.Format)
	}
	if p.XGoType != "" {
		prm.Type = b.paramGoType(p, prm.Type, at)
		prm.GoTyped = true
	}
	prm.Doc = phrase(prm.GoName, p.Description, "is the "+p.Name+" parameter.")
	if prm.Type.Kind == KindArray && prm.CollectionFormat == "multi" {
		prm.Doc += " Each element is sent as its own " + p.Name + " parameter."
	}
	return prm
}

// httpToken reports whether s is an HTTP token (RFC 9110), as a header name
// must be: the runtime refuses to send any other.
func httpToken(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return s != ""
}

// paramGoTypes are the values of x-go-type: the Go types a query or header
// parameter that upstream types as a string can take instead.
var paramGoTypes = map[string]Kind{"bool": KindBool}

// paramGoType returns the type x-go-type gives the parameter p at at, or
// t after reporting an x-go-type that does not apply to p.
func (b *builder) paramGoType(p *parameter, t *Type, at pointer) *Type {
	where := at.at("x-go-type")
	kind, ok := paramGoTypes[p.XGoType]
	switch {
	case !ok:
		known := make([]string, 0, len(paramGoTypes))
		for k := range paramGoTypes {
			known = append(known, k)
		}
		sort.Strings(known)
		b.fail(where, "parameter %s: unknown x-go-type %q (known: %s)", p.Name, p.XGoType, strings.Join(known, ", "))
	case p.In != "query" && p.In != "header":
		b.fail(where, "parameter %s: x-go-type applies to query and header parameters, not %s", p.Name, p.In)
	case t.Kind != KindString:
		b.fail(where, "parameter %s: x-go-type applies to a parameter of type string, not %q", p.Name, p.Type)
	default:
		return &Type{Kind: kind}
	}
	return t
}

// paramScalar maps a non-body parameter's type; an enum stays a string.
func (b *builder) paramScalar(typ, format string) *Type {
	switch typ {
	case "integer", "number":
		return numberType(typ, format)
	case "boolean":
		return &Type{Kind: KindBool}
	case "string":
		switch format {
		case "date-time":
			return &Type{Kind: KindTime}
		case "date":
			return &Type{Kind: KindDate}
		}
	}
	return &Type{Kind: KindString}
}

// body builds the request body of op from its body parameter at at.
func (b *builder) body(op *Operation, p *parameter, consumes []string, at pointer) *Body {
	if op.Body != nil {
		b.fail(at, "a second body parameter; an operation has at most one")
	}
	body := &Body{Required: p.Required, ContentType: "application/json"}
	body.Type = b.typeOf(p.Schema, op.GoName+"Request", at.at("schema"))
	if body.Type.Kind == KindBinary || !hasJSON(consumes) && len(consumes) > 0 {
		body.Type = &Type{Kind: KindBinary}
		if len(consumes) > 0 {
			body.ContentType = consumes[0]
		} else {
			body.ContentType = "application/octet-stream"
		}
	}
	body.Doc = p.Description
	return body
}

// result returns the first 2xx response with a schema; op is at at.
func (b *builder) result(op *Operation, s *operationSpec, at pointer) *Result {
	produces := s.Produces
	if len(produces) == 0 {
		produces = b.doc.Produces
	}
	for _, code := range s.Responses.Keys {
		if len(code) != 3 || code[0] != '2' {
			continue
		}
		rAt := at.at("responses", code)
		r := s.Responses.Values[code]
		if r == nil {
			b.fail(rAt, "expected a response object, found null")
			continue
		}
		if r.Ref != "" {
			name, err := refName(r.Ref, "responses")
			if err != nil {
				b.fail(rAt, "%v", err)
				continue
			}
			rAt = rootPointer.at("responses", name)
			if r = b.doc.Responses[name]; r == nil {
				b.fail(at.at("responses", code), "undefined response %s", strconv.Quote(name))
				continue
			}
		}
		if r.Schema == nil {
			continue
		}
		res := &Result{Type: b.typeOf(r.Schema, op.GoName+"Response", rAt.at("schema")), ContentType: "application/json"}
		if r.Schema.Type == "file" || r.Schema.Type == "string" && strings.HasPrefix(r.Schema.Format, "binary") ||
			len(produces) > 0 && !hasJSON(produces) {
			res.Type = &Type{Kind: KindBinary}
			if len(produces) > 0 {
				res.ContentType = produces[0]
			} else {
				res.ContentType = "application/octet-stream"
			}
		}
		if res.Type.Kind == KindArray && res.Type.Elem.Kind == KindEnum {
			res.Type.Elem.Enum.ListResult = true
		}
		return res
	}
	return nil
}

// urlEncodedForm reports whether op sends its formData parameters as
// application/x-www-form-urlencoded: it has no file parameter, and its
// consumes list names that type before multipart/form-data, or neither
// (the encoding of HTML forms).
func urlEncodedForm(op *Operation, consumes []string) bool {
	form := false
	for _, p := range op.Params {
		if p.In != "formData" {
			continue
		}
		if p.Type.Kind == KindBinary {
			return false
		}
		form = true
	}
	if !form {
		return false
	}
	for _, c := range consumes {
		switch mediaType(c) {
		case "application/x-www-form-urlencoded":
			return true
		case "multipart/form-data":
			return false
		}
	}
	return true
}

// mediaType returns the media type of a Content-Type, lower-cased and
// without parameters.
func mediaType(ct string) string {
	t, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(t))
}

// hasJSON reports whether a consumes or produces list offers JSON.
func hasJSON(types []string) bool {
	for _, t := range types {
		if t == "application/json" || strings.HasSuffix(t, "+json") {
			return true
		}
	}
	return false
}

// hasSecret reports whether a value of t can carry an x-secret field.
func hasSecret(t *Type, seen map[*Model]bool) bool {
	switch t.Kind {
	case KindArray, KindMap:
		return hasSecret(t.Elem, seen)
	case KindModel:
		if seen[t.Model] {
			return false
		}
		seen[t.Model] = true
		for _, f := range t.Model.Fields {
			if f.Secret || hasSecret(f.Type, seen) {
				return true
			}
		}
	}
	return false
}

// describeOperation returns an operation's description, or its summary.
func describeOperation(s *operationSpec) string {
	if s.Description != "" {
		return s.Description
	}
	return s.Summary
}
