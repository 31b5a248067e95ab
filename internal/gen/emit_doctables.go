package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// docTables returns the hand-written docs with their generated regions
// rewritten: for every model its fields and getters, for every enum its
// constants, for every <Op>Opts its fields, and for every service its
// operation list and, per operation, the signature, parameters and return
// type; README.md's operation list too. A region is the text between
//
//	<!-- BEGIN GENERATED: <what> -->
//	<!-- END GENERATED: <what> -->
//
// Everything outside the regions stays hand-written. A page or an
// operation's section the document needs that does not exist is written
// from the document (emit_docpages.go), and README.md lists the models and
// enums its hand-written list lacks. A region missing from a page that
// exists, and a region the document no longer needs, is an error: the
// generator never guesses where a table goes in hand-written text.
func docTables(cfg *config, api *API) (map[string][]byte, error) {
	d := &docWriter{regions: map[string]map[string]string{}, pages: map[string]string{}, services: map[string]*Service{}}
	for _, m := range api.Models {
		page := "docs/" + m.GoName + ".md"
		d.set(page, m.GoName+" fields", docModelFields(m))
		d.set(page, m.GoName+" getters", docModelGetters(m))
		d.pages[page] = docModelPage(m)
	}
	for _, e := range api.Enums {
		page := "docs/" + e.GoName + ".md"
		d.set(page, e.GoName+" constants", docEnumConstants(e))
		d.pages[page] = docEnumPage(e)
	}
	var readme []string
	for _, s := range api.Services {
		page := s.GoName + "Api.md"
		d.pages["docs/"+page] = docServicePage(cfg.pkg, s)
		d.services["docs/"+page] = s
		var list []string
		for _, op := range s.Operations {
			if n := op.OptsName(); n != "" {
				d.set("docs/"+n+".md", n+" fields", docOptsFields(op))
				d.pages["docs/"+n+".md"] = docOptsPage(s, op)
			}
			d.set("docs/"+page, op.GoName+" signature", "> func (a *"+s.GoName+"ApiService) "+op.GoName+signature(newFile(""), op))
			d.set("docs/"+page, op.GoName+" parameters", docOperationParameters(op))
			list = append(list, docOperationRow(op, ""))
			readme = append(readme, docOperationRow(op, "docs/"+page))
		}
		d.set("docs/"+page, "operations", docOperationTable(list))
	}
	d.set("README.md", "operations", docOperationTable(readme))
	readmeSrc, err := os.ReadFile(filepath.Join(cfg.out, "README.md"))
	if err != nil {
		return nil, fmt.Errorf("the API document needs README.md: %v", err)
	}
	d.set("README.md", "other models", docOtherModels(api, string(readmeSrc)))

	// A page with regions the document no longer fills (a model removed
	// from it) is stale: its regions are errors too.
	pages, err := filepath.Glob(filepath.Join(cfg.out, "docs", "*.md"))
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		file := "docs/" + filepath.Base(p)
		if _, ok := d.regions[file]; ok {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		if m := docRegionRE.FindSubmatch(src); m != nil {
			return nil, fmt.Errorf("%s: the generated region %q is not one the API document produces; remove its markers", file, m[2])
		}
	}
	out := map[string][]byte{}
	for _, file := range d.files() {
		src, err := os.ReadFile(filepath.Join(cfg.out, filepath.FromSlash(file)))
		if errors.Is(err, fs.ErrNotExist) && d.pages[file] != "" {
			src, err = []byte(d.pages[file]), nil
		}
		if err != nil {
			return nil, fmt.Errorf("the API document needs %s: %v (write its hand-written prose, with the generated regions marked)", file, err)
		}
		if s := d.services[file]; s != nil {
			src = []byte(addOperationSections(cfg.pkg, s, string(src)))
		}
		res, err := rewriteDocRegions(file, src, d.regions[file])
		if err != nil {
			return nil, err
		}
		out[file] = res
	}
	return out, nil
}

// docWriter collects the content of the generated regions, by file, the
// pages to write where there is none, and the service of each service page.
type docWriter struct {
	regions  map[string]map[string]string
	pages    map[string]string
	services map[string]*Service
}

func (d *docWriter) set(file, region, content string) {
	if d.regions[file] == nil {
		d.regions[file] = map[string]string{}
	}
	d.regions[file][region] = content
}

func (d *docWriter) files() []string {
	var out []string
	for f := range d.regions {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

var docRegionRE = regexp.MustCompile(`<!-- (BEGIN|END) GENERATED: ([^>]*?) -->`)

// rewriteDocRegions replaces the content of every generated region of src.
func rewriteDocRegions(file string, src []byte, content map[string]string) ([]byte, error) {
	var out bytes.Buffer
	done := map[string]bool{}
	rest := src
	for {
		loc := docRegionRE.FindSubmatchIndex(rest)
		if loc == nil {
			out.Write(rest)
			break
		}
		kind, name := string(rest[loc[2]:loc[3]]), string(rest[loc[4]:loc[5]])
		if kind != "BEGIN" {
			return nil, fmt.Errorf("%s: END GENERATED: %s without its BEGIN", file, name)
		}
		text, ok := content[name]
		if !ok {
			return nil, fmt.Errorf("%s: the generated region %q is not one the API document produces; remove its markers", file, name)
		}
		if done[name] {
			return nil, fmt.Errorf("%s: the generated region %q appears twice", file, name)
		}
		end := "<!-- END GENERATED: " + name + " -->"
		i := bytes.Index(rest[loc[1]:], []byte(end))
		if i < 0 {
			return nil, fmt.Errorf("%s: the generated region %q has no %s", file, name, end)
		}
		inner := rest[loc[1] : loc[1]+i]
		if docRegionRE.Match(inner) {
			return nil, fmt.Errorf("%s: the generated region %q contains another marker", file, name)
		}
		out.Write(rest[:loc[1]])
		out.WriteString("\n" + text + "\n")
		out.WriteString(end)
		rest = rest[loc[1]+i+len(end):]
		done[name] = true
	}
	var missing []string
	for name := range content {
		if !done[name] {
			missing = append(missing, "<!-- BEGIN GENERATED: "+name+" -->")
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("%s lacks the generated regions %s (add the BEGIN and END markers where the tables go)", file, strings.Join(missing, ", "))
	}
	return out.Bytes(), nil
}

// docCell escapes text for a Markdown table cell.
func docCell(s string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "|", `\|`)
}

// docType returns the Markdown of a Go type, linked to the page of the
// model or enum it is made of.
func docType(goTyp string, t *Type) string {
	for t.Kind == KindArray || t.Kind == KindMap {
		t = t.Elem
	}
	code := "`" + goTyp + "`"
	switch t.Kind {
	case KindModel:
		return "[" + code + "](" + t.Model.GoName + ".md)"
	case KindEnum:
		return "[" + code + "](" + t.Enum.GoName + ".md)"
	}
	return code
}

// docDescription returns the text of a generated doc comment without its
// leading name and the notes the tables show in their own columns.
func docDescription(doc, name string) string {
	p := paragraphs(doc)
	if len(p) == 0 {
		return ""
	}
	s := p[0]
	for _, cut := range []string{" Read-only.", " It is a secret: it prints and logs as " + redactedWord + "."} {
		s = strings.ReplaceAll(s, cut, "")
	}
	switch {
	case strings.HasPrefix(s, name+" is "):
		s = s[len(name+" is "):]
	case strings.HasPrefix(s, name+" "):
		s = s[len(name+" "):]
	}
	return strings.TrimSuffix(s, ".")
}

// docUpperFirst capitalizes the first letter of s.
func docUpperFirst(s string) string {
	rs := []rune(s)
	if len(rs) > 0 {
		rs[0] = unicode.ToUpper(rs[0])
	}
	return string(rs)
}

// docModelFields is a model's table of fields.
func docModelFields(m *Model) string {
	f := newFile("")
	rows := []string{"| Go name | Type | JSON name | Notes |", "| ------- | ---- | --------- | ----- |"}
	for _, fl := range m.Fields {
		var notes []string
		if fl.Required {
			notes = append(notes, "**required**: always encoded")
		} else {
			notes = append(notes, "optional")
		}
		if fl.ReadOnly {
			notes = append(notes, "**read-only**: decoded, never sent in a request")
		}
		if fl.Secret {
			notes = append(notes, "**secret**: prints and logs as `"+redactedWord+"`")
		}
		if fl.Nullable {
			notes = append(notes, "**nullable**: absent, null (`tiledbcloud.Null`) and a value are told apart")
		}
		if fl.OneOrMany {
			notes = append(notes, "one value or a list: decodes either, sends one element as a single value")
		}
		d := docDescription(fl.Doc, fl.GoName)
		if fl.Legacy != "" {
			// The doc comment repeats the legacy text; its first sentence
			// is the field's own description.
			d, _, _ = strings.Cut(d, ". ")
			notes = append(notes, "**legacy**: "+lowerWord(strings.TrimSuffix(fl.Legacy, ".")))
		}
		if d != "" {
			notes = append(notes, d)
		}
		typ := docType(fieldType(f, fl), fl.Type)
		if fl.Nullable {
			typ = "[`" + fieldType(f, fl) + "`](Nullable.md)"
		}
		rows = append(rows, fmt.Sprintf("| `%s` | %s | `%s` | %s |", fl.GoName, typ, fl.JSONName, docCell(strings.Join(notes, "; "))))
	}
	return strings.Join(rows, "\n")
}

// docModelGetters lists a model's getters, with the types emitGetters gives
// them.
func docModelGetters(m *Model) string {
	f := newFile("")
	var lines []string
	for _, fl := range m.Fields {
		t, note := fieldType(f, fl), ""
		switch {
		case fl.Nullable:
			t = goType(f, fl.Type)
			_, words := zeroValue(f, fl.Type)
			note = " (" + words + " when absent or null)"
			if !strings.HasPrefix(words, "the ") {
				note = " (`" + words + "` when absent or null)"
			}
		case !fl.Required && !canBeNil(fl.Type) && fl.Type.Kind != KindModel:
			t = goType(f, fl.Type)
		}
		lines = append(lines, fmt.Sprintf("- `%s() %s`%s", fl.Getter, t, note))
	}
	return strings.Join(lines, "\n")
}

// docEnumConstants is an enum's table of constants.
func docEnumConstants(e *Enum) string {
	rows := []string{"| Go constant | Value | Meaning |", "| ----------- | ----- | ------- |"}
	for _, v := range e.Values {
		rows = append(rows, fmt.Sprintf("| `%s` | `%s` | %s |", v.GoName, v.Value, docCell(docDescription(v.Doc, v.GoName))))
	}
	return strings.Join(rows, "\n")
}

// docParamWhere says where a parameter goes on the wire.
func docParamWhere(p *Param) string {
	switch p.In {
	case "query":
		w := "query parameter `" + p.Name + "`"
		if p.Type.Kind == KindArray && p.CollectionFormat == "multi" {
			w += ", repeated per element"
		}
		return w
	case "header":
		return "header `" + p.Name + "`"
	case "formData":
		return "form field `" + p.Name + "`"
	}
	return "path parameter `" + p.Name + "`"
}

// docOptsFields is the table of an <Op>Opts struct's fields.
func docOptsFields(op *Operation) string {
	f := newFile("")
	rows := []string{"| Go name | Type | JSON name | Notes |", "| ------- | ---- | --------- | ----- |"}
	for _, p := range op.OptionalParams() {
		notes := "optional; the zero value is not sent"
		if d := docDescription(p.Doc, p.GoName); d != "" {
			notes += "; " + d
		}
		rows = append(rows, fmt.Sprintf("| `%s` | %s | none: %s | %s |", p.GoName, docType(paramType(f, p), p.Type), docParamWhere(p), docCell(notes)))
	}
	return strings.Join(rows, "\n")
}

// docOperationSummary is the first sentence of an operation's doc comment,
// without its name and its "(METHOD path)".
func docOperationSummary(op *Operation) string {
	s := strings.Replace(docDescription(op.Doc, op.GoName), " ("+op.Method+" "+op.Path+")", "", 1)
	s, _, _ = strings.Cut(s, ". ")
	return docUpperFirst(strings.TrimSuffix(s, "."))
}

// docOperationRow is an operation's row in an operation list; page is the
// page of the per-operation sections ("" for the page itself).
func docOperationRow(op *Operation, page string) string {
	return fmt.Sprintf("| [**%s**](%s#%s) | **%s** %s | %s |", op.GoName, page, strings.ToLower(op.GoName), op.Method, op.Path, docCell(docOperationSummary(op)))
}

func docOperationTable(rows []string) string {
	return strings.Join(append([]string{"| Method | HTTP request | Description |", "| ------ | ------------ | ----------- |"}, rows...), "\n")
}

// docOperationParameters is an operation's Parameters and Return type sections.
func docOperationParameters(op *Operation) string {
	f := newFile("")
	rows := []string{
		"### Parameters", "",
		"| Name | Type | Description | Notes |",
		"| ---- | ---- | ----------- | ----- |",
		"| **ctx** | `context.Context` | cancellation, deadline, and per-call credentials ([ContextAPIKey, ContextBasicAuth](../README.md#authentication)) | required; not nil |",
	}
	for _, p := range op.PathParams {
		notes := "required; escaped as one path segment; not empty, `.` or `..`"
		if p.Secret {
			notes += "; **secret**: redacted in errors and logs"
		}
		rows = append(rows, fmt.Sprintf("| **%s** | `string` | %s | %s |", p.VarName, docCell(docDescription(p.Doc, p.GoName)), notes))
	}
	for _, p := range op.RequiredParams() {
		rows = append(rows, fmt.Sprintf("| **%s** | %s | %s | required; %s |", p.VarName, docType(paramType(f, p), p.Type), docCell(docDescription(p.Doc, p.GoName)), docParamWhere(p)))
	}
	var typ string
	for _, a := range args(f, op) {
		if op.Body != nil && a.name == op.Body.VarName {
			typ = a.typ
		}
	}
	if b := op.Body; b != nil {
		var notes string
		switch {
		case b.Type.Kind == KindBinary:
			notes = "required; sent as is with Content-Type `" + b.ContentType + "`"
		case b.Required:
			notes = "required; nil fields, empty slices and read-only fields are not sent"
		default:
			notes = "may be nil: no body is sent"
		}
		rows = append(rows, fmt.Sprintf("| **%s** | %s | %s | %s |", b.VarName, docType(typ, b.Type), docCell(lowerWord(strings.TrimSuffix(b.Doc, "."))), notes))
	}
	if n := op.OptsName(); n != "" {
		rows = append(rows, fmt.Sprintf("| **opts** | [`*%s`](%s.md) | optional parameters | may be nil |", n, n))
		for _, p := range op.OptionalParams() {
			rows = append(rows, fmt.Sprintf("| &nbsp;&nbsp;`opts.%s` | %s | %s (%s) | optional; the zero value is not sent |", p.GoName, docType(paramType(f, p), p.Type), docCell(docDescription(p.Doc, p.GoName)), docParamWhere(p)))
		}
	}
	rows = append(rows, "", "### Return type", "")
	if op.Result == nil {
		rows = append(rows, "`*http.Response`, `error` (the response has no body)")
	} else {
		rows = append(rows, docType(resultType(f, op.Result.Type), op.Result.Type)+", `*http.Response`, `error`")
	}
	return strings.Join(rows, "\n")
}
