package main

import (
	"sort"
	"strings"
)

// operations builds the services and operations of the selected tags, in
// document order within each service until the final sort.
func (b *builder) operations() {
	services := map[string]*Service{}
	for _, path := range b.doc.Paths.Keys {
		item := b.doc.Paths.Values[path]
		for _, ms := range item.methods() {
			tag := b.serviceTag(ms.op.Tags)
			if tag == "" {
				continue
			}
			svc := services[tag]
			if svc == nil {
				goName := camelCase(tag)
				svc = &Service{Tag: tag, GoName: goName, File: "api_" + snakeCase(goName) + ".go"}
				services[tag] = svc
				b.api.Services = append(b.api.Services, svc)
			}
			op := b.operation(path, ms.method, item, ms.op)
			for _, other := range svc.Operations {
				if other.GoName == op.GoName {
					b.fail("%s %s and %s %s both get the method name %s; set x-go-name on one",
						other.Method, other.Path, op.Method, op.Path, op.GoName)
				}
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

// operation builds one operation.
func (b *builder) operation(path, method string, item *pathItem, s *operationSpec) *Operation {
	op := &Operation{ID: s.OperationID, Method: method, Path: path, Prepare: s.XGoPrepare, Deprecated: s.Deprecated,
		Tags: append([]string(nil), s.Tags...)}
	switch {
	case s.XGoName != "":
		op.GoName = s.XGoName
	case s.OperationID != "":
		op.GoName = camelCase(s.OperationID)
	default:
		op.GoName = camelCase(strings.NewReplacer("{", "", "}", "").Replace(path) + "_" + strings.ToLower(method))
		op.ID = lowerFirst(op.GoName)
	}
	if s.Security != nil && len(*s.Security) == 0 {
		op.NoAuth = true
	}
	where := method + " " + path

	// Operation parameters override the path item's of the same name and place.
	var params []*parameter
	index := map[string]int{}
	for _, list := range [][]*parameter{item.Parameters, s.Parameters} {
		for _, p := range list {
			p = b.resolveParameter(p, where)
			if p == nil {
				continue
			}
			key := p.In + "\x00" + p.Name
			if i, ok := index[key]; ok {
				params[i] = p
				continue
			}
			index[key] = len(params)
			params = append(params, p)
		}
	}

	consumes := s.Consumes
	if len(consumes) == 0 {
		consumes = b.doc.Consumes
	}
	usedVars := map[string]bool{}
	for _, p := range params {
		switch p.In {
		case "body":
			op.Body = b.body(op, p, consumes)
			usedVars[op.Body.VarName] = true
		case "path", "query", "header", "formData":
			prm := b.param(op, p)
			for n := 2; usedVars[prm.VarName]; n++ {
				prm.VarName = strings.TrimRight(prm.VarName, "0123456789") + string(rune('0'+n))
			}
			usedVars[prm.VarName] = true
			if p.In == "path" {
				prm.Required = true
				op.PathParams = append(op.PathParams, prm)
			} else {
				op.Params = append(op.Params, prm)
			}
		default:
			b.fail("%s: parameter %s: unsupported location %q", where, p.Name, p.In)
		}
	}
	// Path parameters in the order of the template.
	sort.SliceStable(op.PathParams, func(i, j int) bool {
		return strings.Index(path, "{"+op.PathParams[i].Name+"}") < strings.Index(path, "{"+op.PathParams[j].Name+"}")
	})
	for _, p := range op.PathParams {
		if !strings.Contains(path, "{"+p.Name+"}") {
			b.fail("%s: path parameter %s is not in the path", where, p.Name)
		}
		if p.Secret && op.SecretParam == "" {
			op.SecretParam = p.Name
		}
	}
	op.URLEncodedForm = urlEncodedForm(op, consumes)
	if op.Body != nil && hasSecret(op.Body.Type, map[*Model]bool{}) {
		op.SecretBody = true
	}
	op.Result = b.result(op, s)
	op.Doc = operationDoc(op, describeOperation(s))
	return op
}

// resolveParameter follows a "#/parameters/Name" reference.
func (b *builder) resolveParameter(p *parameter, where string) *parameter {
	if p.Ref == "" {
		return p
	}
	name, err := refName(p.Ref, "parameters")
	if err != nil {
		b.fail("%s: %v", where, err)
		return nil
	}
	q, ok := b.doc.Parameters[name]
	if !ok {
		b.fail("%s: undefined parameter %q", where, name)
		return nil
	}
	return q
}

// param builds a path, query, header or formData parameter.
func (b *builder) param(op *Operation, p *parameter) *Param {
	prm := &Param{Name: p.Name, In: p.In, Required: p.Required, Secret: p.XSecret,
		CollectionFormat: p.CollectionFormat}
	prm.GoName = p.XGoName
	if prm.GoName == "" {
		prm.GoName = camelCase(p.Name)
	}
	prm.VarName = varName(prm.GoName)
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
		prm.Type = b.paramGoType(op, p, prm.Type)
		prm.GoTyped = true
	}
	prm.Doc = phrase(prm.GoName, p.Description, "is the "+p.Name+" parameter.")
	if prm.Type.Kind == KindArray && prm.CollectionFormat == "multi" {
		prm.Doc += " Each element is sent as its own " + p.Name + " parameter."
	}
	return prm
}

// paramGoTypes are the values of x-go-type: the Go types a query or header
// parameter that upstream types as a string can take instead.
var paramGoTypes = map[string]Kind{"bool": KindBool}

// paramGoType returns the type x-go-type gives the parameter p, or t after
// reporting an x-go-type that does not apply to p.
func (b *builder) paramGoType(op *Operation, p *parameter, t *Type) *Type {
	where := op.Method + " " + op.Path + ": parameter " + p.Name
	kind, ok := paramGoTypes[p.XGoType]
	switch {
	case !ok:
		known := make([]string, 0, len(paramGoTypes))
		for k := range paramGoTypes {
			known = append(known, k)
		}
		sort.Strings(known)
		b.fail("%s: unknown x-go-type %q (known: %s)", where, p.XGoType, strings.Join(known, ", "))
	case p.In != "query" && p.In != "header":
		b.fail("%s: x-go-type applies to query and header parameters, not %s", where, p.In)
	case t.Kind != KindString:
		b.fail("%s: x-go-type applies to a parameter of type string, not %q", where, p.Type)
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

// body builds the request body of op from its body parameter.
func (b *builder) body(op *Operation, p *parameter, consumes []string) *Body {
	body := &Body{VarName: varName(p.Name), Required: p.Required, ContentType: "application/json"}
	if body.VarName == "" {
		body.VarName = "body"
	}
	body.Type = b.typeOf(p.Schema, op.GoName+"Request")
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

// result returns the first 2xx response with a schema.
func (b *builder) result(op *Operation, s *operationSpec) *Result {
	produces := s.Produces
	if len(produces) == 0 {
		produces = b.doc.Produces
	}
	for _, code := range s.Responses.Keys {
		if len(code) != 3 || code[0] != '2' {
			continue
		}
		r := s.Responses.Values[code]
		if r.Ref != "" {
			name, err := refName(r.Ref, "responses")
			if err != nil {
				b.fail("%s %s: %v", op.Method, op.Path, err)
				continue
			}
			if r = b.doc.Responses[name]; r == nil {
				b.fail("%s %s: undefined response %q", op.Method, op.Path, name)
				continue
			}
		}
		if r.Schema == nil {
			continue
		}
		res := &Result{Type: b.typeOf(r.Schema, op.GoName+"Response"), ContentType: "application/json"}
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
