package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// The docs are hand-written around generated regions. Where the document
// has a model, an enum, an <Op>Opts, a service or an operation with no
// hand-written page or section yet, the generator writes one from the
// document (a starting point to edit, with the regions marked), so that
// adding an operation or a model needs no hand edit of the docs. Once
// written, a page or section is the hand-written one.

// docRegion is the Markdown of an empty generated region.
func docRegion(name string) string {
	return "<!-- BEGIN GENERATED: " + name + " -->\n<!-- END GENERATED: " + name + " -->\n"
}

// docIntro is the opening paragraph of a type's page: the doc comment's
// first sentence, with the Go name in code.
func docIntro(goName, doc string) string {
	p := paragraphs(doc)
	if len(p) == 0 {
		return "`" + goName + "`."
	}
	first := p[0]
	if rest, ok := strings.CutPrefix(first, goName+" "); ok {
		return "`" + goName + "` " + rest
	}
	return first
}

// docModelPage is the page of a model with no hand-written one.
func docModelPage(m *Model) string {
	return "# " + m.GoName + "\n\n" +
		strings.TrimSuffix(docIntro(m.GoName, m.Doc), ".") + " (spec definition `" + m.Name + "`).\n\n" +
		"## Fields\n\n" + docRegion(m.GoName+" fields") + "\n" +
		"## Getters\n\nEach getter returns the field's value, or the zero value when the field is\nunset or the receiver is nil.\n\n" +
		docRegion(m.GoName+" getters") + "\n" +
		"[Back to README](../README.md#models)\n"
}

// docEnumPage is the page of an enum with no hand-written one.
func docEnumPage(e *Enum) string {
	return "# " + e.GoName + "\n\n" +
		strings.TrimSuffix(docIntro(e.GoName, e.Doc), ".") + " (spec definition `" + e.Name + "`, an enum of strings). " +
		"Values the SDK does not know decode as they are.\n\n" +
		"## Constants\n\n" + docRegion(e.GoName+" constants") + "\n" +
		"[Back to README](../README.md#models)\n"
}

// docOptsPage is the page of an <Op>Opts struct with no hand-written one.
func docOptsPage(s *Service, op *Operation) string {
	n := op.OptsName()
	return "# " + n + "\n\n" +
		"`" + n + "` holds the optional parameters of\n[" + op.GoName + "](" + s.GoName + "Api.md#" + strings.ToLower(op.GoName) + "). " +
		"A nil `*" + n + "` is the same as\nthe zero value, and a field left at its zero value is not sent.\n\n" +
		"## Fields\n\n" + docRegion(n+" fields") + "\n" +
		"[Back to README](../README.md#models)\n"
}

// docServicePage is the page of a service with no hand-written one; the
// sections of its operations are added to it as to any service page.
func docServicePage(pkg string, s *Service) string {
	return "# " + s.GoName + "Api\n\n" +
		"`client." + s.GoName + "Api` is a `*" + s.GoName + "ApiService` holding the " + s.Tag + " operations. " +
		"The `" + s.GoName + "Api` interface lists the same methods, so that code can depend on it and substitute a mock in tests.\n\n" +
		docRegion("operations") + "\n" +
		"Every method follows the [calling convention](UserApi.md#calling-convention) of `" + pkg + "`.\n"
}

// docOperationSection is the section of an operation with no hand-written
// one: its description, request, an example that compiles as a docs
// fragment, and the generated regions.
func docOperationSection(pkg string, s *Service, op *Operation) string {
	var b strings.Builder
	b.WriteString("## " + op.GoName + "\n\n")
	b.WriteString(docRegion(op.GoName + " signature"))
	b.WriteString("\n" + sentence(strings.Replace(paragraphs(op.Doc)[0], " ("+op.Method+" "+op.Path+")", "", 1)) + "\n\n")
	if op.Deprecated {
		b.WriteString("Deprecated: the document marks the operation deprecated.\n\n")
	}
	fmt.Fprintf(&b, "Spec: operationId `%s`.\n\n### HTTP request\n\n`%s %s`\n\n", op.ID, op.Method, op.Path)
	b.WriteString("### Example\n\n```go\n" + docExample(pkg, s, op) + "```\n\n")
	b.WriteString(docRegion(op.GoName + " parameters"))
	b.WriteString("\n[Back to top](#" + strings.ToLower(s.GoName) + "api) · [Back to README](../README.md)\n")
	return b.String()
}

// docExample is a call of op as a docs fragment: the body of a function in
// which ctx and client are declared.
func docExample(pkg string, s *Service, op *Operation) string {
	f := newFile("")
	names := map[string]bool{}
	var argv []string
	for _, a := range args(f, op) {
		argv = append(argv, docArgument(pkg, op, a, names))
	}
	call := "client." + s.GoName + "Api." + op.GoName + "(" + strings.Join(append([]string{"ctx"}, argv...), ", ") + ")"
	if op.Result == nil {
		return "if _, err := " + call + "; err != nil {\n\tlog.Fatal(err)\n}\n"
	}
	return "result, _, err := " + call + "\nif err != nil {\n\tlog.Fatal(err)\n}\nfmt.Println(result)\n"
}

// docArgument is the example's value for the argument a of op: the path
// parameter's name, the zero value of a model or a scalar, nil for the
// rest, and os.Stdin for a binary body.
func docArgument(pkg string, op *Operation, a arg, names map[string]bool) string {
	for _, p := range op.PathParams {
		if p.VarName == a.name {
			return fmt.Sprintf("%q", p.Name)
		}
	}
	switch {
	case a.typ == "io.Reader":
		return "os.Stdin"
	case strings.HasPrefix(a.typ, "*"), strings.HasPrefix(a.typ, "[]"), strings.HasPrefix(a.typ, "map["), a.typ == "json.RawMessage":
		return "nil"
	case a.typ == "string":
		return fmt.Sprintf("%q", a.name)
	case a.typ == "bool":
		return "false"
	case a.typ == "time.Time":
		return "time.Now()"
	case strings.HasPrefix(a.typ, "int"), strings.HasPrefix(a.typ, "uint"), strings.HasPrefix(a.typ, "float"):
		return "0"
	}
	for _, p := range op.Params {
		if p.VarName == a.name && p.Type.Kind == KindEnum {
			return pkg + "." + p.Type.Enum.Values[0].GoName
		}
	}
	return pkg + "." + a.typ + "{}"
}

// docHeadingRE finds the level-2 headings of a page.
var docHeadingRE = regexp.MustCompile(`(?m)^## (\S+)$`)

// addOperationSections inserts into a service page the section of each
// operation it lacks, among the operations' sections in the order of their
// names, which the docs keep.
func addOperationSections(pkg string, s *Service, src string) string {
	ops := map[string]bool{}
	for _, op := range s.Operations {
		ops[op.GoName] = true
	}
	for _, op := range s.Operations {
		if strings.Contains("\n"+src, "\n## "+op.GoName+"\n") {
			continue
		}
		section := docOperationSection(pkg, s, op)
		at := -1
		for _, m := range docHeadingRE.FindAllStringSubmatchIndex(src, -1) {
			if name := src[m[2]:m[3]]; ops[name] && name > op.GoName {
				at = m[0]
				break
			}
		}
		if at < 0 {
			src = strings.TrimRight(src, "\n") + "\n\n" + section
		} else {
			src = src[:at] + section + "\n" + src[at:]
		}
	}
	return src
}

// docOtherModels lists the models and enums README.md does not link to
// outside its generated regions, one line each, for the region that gives
// every documented type a link until the hand-written list has one.
func docOtherModels(api *API, readme string) string {
	hand := docRegionContentRE.ReplaceAllString(readme, "")
	var lines []string
	add := func(goName, doc string) {
		if strings.Contains(hand, "(docs/"+goName+".md)") {
			return
		}
		link := "- [`" + goName + "`](docs/" + goName + ".md)"
		intro := docIntro(goName, doc)
		if rest, ok := strings.CutPrefix(intro, "`"+goName+"` "); ok {
			lines = append(lines, link+" "+rest)
		} else {
			lines = append(lines, link+": "+intro)
		}
	}
	for _, m := range api.Models {
		add(m.GoName, m.Doc)
	}
	for _, e := range api.Enums {
		add(e.GoName, e.Doc)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// docRegionContentRE matches a generated region, markers included.
var docRegionContentRE = regexp.MustCompile(`(?s)<!-- BEGIN GENERATED: ([^>]*?) -->.*?<!-- END GENERATED: ([^>]*?) -->`)
