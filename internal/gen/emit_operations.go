package main

import (
	"fmt"
	"strconv"
	"strings"
)

// emitService writes api_<tag>.go: the operation table, the <Tag>Api
// interface, the <Tag>ApiService type and its methods, and the <Op>Opts
// structs.
func emitService(cfg *config, api *API, s *Service) *genFile {
	f := newFile(s.File)
	f.use("context", "fmt", "net/http")
	iface, svc := s.GoName+"Api", s.GoName+"ApiService"
	title := api.Title
	if title == "" {
		title = "the API"
	}
	f.raw(comment(fmt.Sprintf("%s lists the %s operations of %s. %s implements it; depend on %s to substitute a mock in tests.", iface, s.Tag, title, svc, iface), ""))
	f.p("type %s interface {", iface)
	for _, op := range s.Operations {
		f.p("\t%s%s", op.GoName, signature(f, op))
	}
	f.p("}")
	f.p("")
	f.raw(comment(fmt.Sprintf("%s calls the %s operations of %s.", svc, s.Tag, title)+
		"\n\nEvery method takes a context first, then the path parameters in path order, then the request body. It returns the decoded result (models as pointers, lists as slices), the *http.Response whenever one was received (its body already read and closed), and an error: an *APIError for a non-2xx status, a *RequestError when no usable response came, a *DecodeError for a 2xx body that is not the expected JSON, or an error matching ErrInvalidArgument when the call was rejected before sending.", ""))
	f.p("type %s service", svc)
	f.p("")
	f.p("var _ %s = (*%s)(nil)", iface, svc)
	f.p("")
	f.p("// Format prints the service for fmt without the client's credentials.")
	f.p("func (%s) Format(f fmt.State, _ rune) { fmt.Fprint(f, %q) }", svc, "&"+cfg.pkg+"."+svc+"{}")
	f.p("")
	f.p("// The operations of the %s tag, by SDK method.", commentLine(s.Tag))
	f.p("var (")
	for _, op := range s.Operations {
		var extra []string
		if op.NoAuth {
			extra = append(extra, "noAuth: true")
		}
		if op.SecretBody {
			extra = append(extra, "secretBody: true")
		}
		if op.SecretParam != "" {
			extra = append(extra, "secretParam: "+strconv.Quote(op.SecretParam))
		}
		tail := ""
		if len(extra) > 0 {
			tail = ", " + strings.Join(extra, ", ")
		}
		f.p("\t%s = newOperation(operation{name: %q, method: %s,\n\t\tpath: %q%s})", op.Var, op.GoName, methodConst(op.Method), op.Path, tail)
	}
	f.p(")")
	f.p("")
	for _, op := range s.Operations {
		emitOpts(f, op)
		emitMethod(cfg, f, svc, op)
	}
	return f
}

func methodConst(m string) string {
	switch m {
	case "GET":
		return "http.MethodGet"
	case "PUT":
		return "http.MethodPut"
	case "POST":
		return "http.MethodPost"
	case "DELETE":
		return "http.MethodDelete"
	case "OPTIONS":
		return "http.MethodOptions"
	case "HEAD":
		return "http.MethodHead"
	case "PATCH":
		return "http.MethodPatch"
	}
	return strconv.Quote(m)
}

// arg is one method parameter.
type arg struct{ name, typ string }

// args returns the method's parameters after ctx.
func args(f *genFile, op *Operation) []arg {
	var out []arg
	for _, p := range op.PathParams {
		out = append(out, arg{p.VarName, "string"})
	}
	for _, p := range op.RequiredParams() {
		out = append(out, arg{p.VarName, paramType(f, p)})
	}
	if b := op.Body; b != nil {
		t := goType(f, b.Type)
		switch {
		case b.Type.Kind == KindBinary:
			f.use("io")
			t = "io.Reader"
		case !b.Required && !canBeNil(b.Type):
			t = "*" + t
		}
		out = append(out, arg{b.VarName, t})
	}
	if n := op.OptsName(); n != "" {
		out = append(out, arg{"opts", "*" + n})
	}
	return out
}

// paramType is the Go type of a query, header or formData parameter.
func paramType(f *genFile, p *Param) string {
	if p.Type.Kind == KindBinary {
		f.use("io")
		return "io.Reader"
	}
	if p.IsPointer() {
		return "*" + goType(f, p.Type)
	}
	return goType(f, p.Type)
}

// results returns the method's result list.
func results(f *genFile, op *Operation) string {
	if op.Result == nil {
		return "(*http.Response, error)"
	}
	return "(" + resultType(f, op.Result.Type) + ", *http.Response, error)"
}

func resultType(f *genFile, t *Type) string {
	if t.Kind == KindModel {
		return "*" + t.Model.GoName
	}
	return goType(f, t)
}

// signature returns the method's parameters and results, grouping
// neighbouring parameters of the same type as gofmt'd code does by hand.
func signature(f *genFile, op *Operation) string {
	parts := []string{"ctx context.Context"}
	as := args(f, op)
	for i := 0; i < len(as); i++ {
		names := []string{as[i].name}
		for i+1 < len(as) && as[i+1].typ == as[i].typ {
			i++
			names = append(names, as[i].name)
		}
		parts = append(parts, strings.Join(names, ", ")+" "+as[i].typ)
	}
	return "(" + strings.Join(parts, ", ") + ") " + results(f, op)
}

// emitOpts writes the <Op>Opts struct of the optional parameters.
func emitOpts(f *genFile, op *Operation) {
	n := op.OptsName()
	if n == "" {
		return
	}
	what := "a field left at its zero value is not sent"
	for _, p := range op.OptionalParams() {
		if p.IsPointer() {
			what += "; a nil pointer is not sent either, while a pointer to zero sends the zero value (use new, or a variable's address)"
			break
		}
	}
	f.p("// %s holds the optional parameters of %s; %s.", n, op.GoName, what)
	f.p("type %s struct {", n)
	for _, p := range op.OptionalParams() {
		f.raw(comment(p.Doc, "\t"))
		f.p("\t%s %s", p.GoName, paramType(f, p))
	}
	f.p("}")
	f.p("")
}

// emitMethod writes one service method.
func emitMethod(cfg *config, f *genFile, svc string, op *Operation) {
	f.raw(comment(op.Doc, ""))
	f.p("func (a *%s) %s%s {", svc, op.GoName, signature(f, op))
	fail := "return nil, err"
	if op.Result != nil {
		zero := "nil"
		if op.Result.Type.Kind != KindModel && !canBeNil(op.Result.Type) {
			zero, _ = zeroValue(f, op.Result.Type)
		}
		fail = "return " + zero + ", nil, err"
	}
	if op.Prepare != "" {
		var pargs []string
		pargs = append(pargs, op.Var)
		for _, p := range op.PathParams {
			pargs = append(pargs, p.VarName)
		}
		if b := op.Body; b != nil {
			if b.Required && !canBeNil(b.Type) {
				pargs = append(pargs, "&"+b.VarName)
			} else {
				pargs = append(pargs, b.VarName)
			}
		}
		f.p("\tif err := %s(%s); err != nil {\n\t\t%s\n\t}", op.Prepare, strings.Join(pargs, ", "), fail)
	}
	fields := []string{"op: " + op.Var}
	if len(op.PathParams) > 0 {
		var ps []string
		for _, p := range op.PathParams {
			ps = append(ps, p.VarName)
		}
		// The glue sizes the array for the operation with the most.
		fields = append(fields, "params: [maxPathParams]string{"+strings.Join(ps, ", ")+"}")
	}
	var late []string // statements after cl is declared
	if b := op.Body; b != nil {
		switch {
		case b.Type.Kind == KindBinary:
			// Streamed as is; a reader is read once, so the call is not retried.
			late = append(late, fmt.Sprintf("cl.bodyReader, cl.contentType = %s, %q", b.VarName, b.ContentType))
		case b.Type.Kind == KindModel && b.Required:
			fields = append(fields, "body: &"+b.VarName)
		case b.Type.Kind == KindModel:
			late = append(late, fmt.Sprintf("if %s != nil {\n\t\tcl.body = %s\n\t}", b.VarName, b.VarName))
		default:
			if !b.Required && !canBeNil(b.Type) {
				late = append(late, fmt.Sprintf("if %s != nil {\n\t\tcl.body = valueBody[%s]{v: %s, encode: %s}\n\t}", b.VarName, goType(f, b.Type), b.VarName, encodeValueFunc(f, b.Type)))
			} else {
				fields = append(fields, fmt.Sprintf("body: valueBody[%s]{v: &%s, encode: %s}", goType(f, b.Type), b.VarName, encodeValueFunc(f, b.Type)))
			}
		}
	}
	late = append(late, paramStatements(f, op, fail)...)
	decl := "call{" + strings.Join(fields, ", ") + "}"
	if op.Result != nil && op.Result.Type.Kind == KindBinary {
		// The body as is, whatever its Content-Type.
		f.p("	cl := %s", decl)
		for _, s := range late {
			f.p("	%s", s)
		}
		f.p("	var out []byte")
		f.p("	cl.rawOut = &out")
		f.p("	resp, err := send(ctx, (*service)(a), cl)")
		f.p("	if err != nil {\n\t\treturn nil, resp, err\n\t}")
		f.p("	return out, resp, nil")
		f.p("}")
		f.p("")
		return
	}
	pre, ret := resultCall(f, op)
	for _, s := range pre {
		f.p("\t%s", s)
	}
	if len(late) == 0 {
		f.p("\treturn %s", strings.Replace(ret, "CALL", decl, 1))
	} else {
		f.p("\tcl := %s", decl)
		for _, s := range late {
			f.p("\t%s", s)
		}
		f.p("\treturn %s", strings.Replace(ret, "CALL", "cl", 1))
	}
	f.p("}")
	f.p("")
}

// resultCall returns the statements and the call that send CALL and decode
// the result.
func resultCall(f *genFile, op *Operation) ([]string, string) {
	if op.Result == nil {
		return nil, "send(ctx, (*service)(a), CALL)"
	}
	t := op.Result.Type
	switch {
	case t.Kind == KindModel:
		return nil, fmt.Sprintf("fetch[%s](ctx, (*service)(a), CALL)", t.Model.GoName)
	case t.Kind == KindArray && t.Elem.Kind == KindModel:
		return nil, fmt.Sprintf("fetchList[%s](ctx, (*service)(a), CALL)", t.Elem.Model.GoName)
	case t.Kind == KindArray && t.Elem.Kind == KindEnum:
		return []string{"var out " + goType(f, t)},
			fmt.Sprintf("fetchInto(ctx, (*service)(a), CALL, &out, (*%s)(&out))", t.Elem.Enum.ListName)
	}
	return nil, fmt.Sprintf("fetchValue(ctx, (*service)(a), CALL, %q, %s)", goType(f, t), decodeValueFunc(f, t))
}

// paramStatements returns the statements that put the query, header and
// formData parameters into cl; fail returns an error from the method.
func paramStatements(f *genFile, op *Operation, fail string) []string {
	var query, header, form []string
	opVar := op.Var
	add := func(p *Param, x string, optional bool) {
		v := x
		if p.IsPointer() {
			v = "*" + x
		}
		switch p.In {
		case "query":
			query = append(query, guard(p, x, optional, valuesStatement(f, "q.Add", p, v)))
		case "header":
			// Checked as WithHeader's headers are: no credentials, no reserved
			// names, no control characters.
			set := func(v string) string {
				return fmt.Sprintf("if err := setCallHeader(h, %s.name, %s, %s); err != nil {\n%s\n}", opVar, strconv.Quote(p.Name), v, fail)
			}
			header = append(header, guard(p, x, optional, valuesStatementFunc(f, set, p, v)))
		case "formData":
			add := "form.field"
			if op.URLEncodedForm {
				add = "form.Add"
			}
			st := valuesStatement(f, add, p, v)
			if p.Type.Kind == KindBinary {
				st = fmt.Sprintf("form.file(%q, %s)", p.Name, x)
			}
			form = append(form, guard(p, x, optional, st))
		}
	}
	for _, p := range op.RequiredParams() {
		add(p, p.VarName, false)
	}
	for _, p := range op.OptionalParams() {
		add(p, "opts."+p.GoName, true)
	}
	var out []string
	wrap := func(lines []string) []string {
		var opt, req []string
		for _, l := range lines {
			if strings.HasPrefix(l, "OPT") {
				opt = append(opt, strings.TrimPrefix(l, "OPT"))
			} else {
				req = append(req, l)
			}
		}
		if len(opt) > 0 {
			req = append(req, "if opts != nil {\n"+strings.Join(opt, "\n")+"\n}")
		}
		return req
	}
	if len(query) > 0 {
		f.use("net/url")
		out = append(out, "q := url.Values{}")
		out = append(out, wrap(query)...)
		out = append(out, "cl.query = q.Encode()")
	}
	if op.Result != nil && op.Result.Type.Kind == KindBinary && op.Result.ContentType != "application/json" {
		header = append([]string{fmt.Sprintf("h.Set(\"Accept\", %q)", op.Result.ContentType)}, header...)
	}
	if len(header) > 0 {
		out = append(out, "h := http.Header{}")
		out = append(out, wrap(header)...)
		out = append(out, "cl.header = h")
	}
	if len(form) > 0 && op.URLEncodedForm {
		f.use("net/url")
		out = append(out, "form := url.Values{}")
		out = append(out, wrap(form)...)
		out = append(out, `cl.rawBody, cl.contentType = []byte(form.Encode()), "application/x-www-form-urlencoded"`)
	} else if len(form) > 0 {
		out = append(out, "form := newMultipartForm()")
		out = append(out, wrap(form)...)
		out = append(out, "body, contentType, err := form.finish()",
			fmt.Sprintf("if err != nil {\nerr = invalidArgument(%s.name, err.Error())\n%s\n}", opVar, fail),
			"cl.rawBody, cl.contentType = body, contentType")
	}
	return out
}

// guard wraps s in the check that an optional parameter is set; optional
// statements are marked for paramStatements to gather under opts != nil.
func guard(p *Param, x string, optional bool, s string) string {
	if !optional {
		return s
	}
	var cond string
	switch {
	case p.IsPointer():
		cond = x + " != nil"
	case p.Type.Kind == KindBool:
		cond = x
	case p.Type.Kind == KindString || p.Type.Kind == KindEnum:
		cond = x + ` != ""`
	case p.Type.Kind == KindInt || p.Type.Kind == KindUint || p.Type.Kind == KindFloat:
		cond = x + " != 0"
	case p.Type.Kind == KindTime || p.Type.Kind == KindDate:
		cond = "!" + x + ".IsZero()"
	case p.Type.Kind == KindArray:
		cond = "len(" + x + ") > 0"
	default:
		cond = x + " != nil"
	}
	return "OPTif " + cond + " {\n" + s + "\n}"
}

// valuesStatement adds the parameter p with the value x by calling add
// (such as q.Add) once per value.
func valuesStatement(f *genFile, add string, p *Param, x string) string {
	return valuesStatementFunc(f, func(v string) string { return add + "(" + strconv.Quote(p.Name) + ", " + v + ")" }, p, x)
}

// valuesStatementFunc returns the statements that run stmt(value) (value
// is the text form of a value) for each value of the parameter p held by
// x: once, once per element of a "multi" array, or once with the elements
// joined by the collection format's separator.
func valuesStatementFunc(f *genFile, stmt func(value string) string, p *Param, x string) string {
	if p.Type.Kind == KindArray {
		if p.CollectionFormat == "multi" {
			return fmt.Sprintf("for _, e := range %s {\n%s\n}", x, stmt(formatParam(f, p.Type.Elem, "e")))
		}
		sep := map[string]string{"csv": ",", "ssv": " ", "tsv": "\t", "pipes": "|"}[p.CollectionFormat]
		if sep == "" {
			sep = ","
		}
		f.use("strings")
		if p.Type.Elem.Kind == KindString {
			return stmt(fmt.Sprintf("strings.Join(%s, %q)", x, sep))
		}
		return fmt.Sprintf("{\nparts := make([]string, len(%s))\nfor i, e := range %s {\nparts[i] = %s\n}\n%s\n}",
			x, x, formatParam(f, p.Type.Elem, "e"), stmt(fmt.Sprintf("strings.Join(parts, %q)", sep)))
	}
	return stmt(formatParam(f, p.Type, x))
}

// formatParam returns the text form of the parameter value x of type t.
func formatParam(f *genFile, t *Type, x string) string {
	switch t.Kind {
	case KindString:
		return x
	case KindEnum:
		return "string(" + x + ")"
	case KindBool:
		f.use("strconv")
		return "strconv.FormatBool(" + x + ")"
	case KindInt:
		f.use("strconv")
		if t.Bits == 64 {
			return "strconv.FormatInt(" + x + ", 10)"
		}
		return "strconv.FormatInt(int64(" + x + "), 10)"
	case KindUint:
		f.use("strconv")
		if t.Bits == 64 {
			return "strconv.FormatUint(" + x + ", 10)"
		}
		return "strconv.FormatUint(uint64(" + x + "), 10)"
	case KindFloat:
		f.use("strconv")
		return fmt.Sprintf("strconv.FormatFloat(float64(%s), 'g', -1, %d)", x, t.Bits)
	case KindTime:
		f.use("time")
		return x + ".Format(time.RFC3339Nano)"
	case KindDate:
		return x + ".String()"
	}
	f.use("fmt")
	return "fmt.Sprint(" + x + ")"
}
