package main

import (
	"strings"
	"testing"
)

// TestAddOperationSections checks that a service page gets a section for
// each operation it lacks, in the order of the operations' names, and that
// a second run changes nothing.
func TestAddOperationSections(t *testing.T) {
	s := &Service{Tag: "user", GoName: "User"}
	for _, name := range []string{"Alpha", "Beta", "Delta", "Gamma"} {
		s.Operations = append(s.Operations, &Operation{ID: strings.ToLower(name), GoName: name, Method: "GET", Path: "/x",
			Doc: name + " gets x (GET /x)."})
	}
	page := "# UserApi\n\n## Calling convention\n\nprose\n\n## Alpha\n\nhand\n\n## Gamma\n\nhand\n"
	got := addOperationSections("sdk", s, page)
	var order []string
	for _, m := range docHeadingRE.FindAllStringSubmatch(got, -1) {
		order = append(order, m[1])
	}
	if want := "Alpha Beta Delta Gamma"; strings.Join(order, " ") != want {
		t.Errorf("sections %v, want %s", order, want)
	}
	for _, want := range []string{"## Alpha\n\nhand\n", "## Gamma\n\nhand\n", "Beta gets x.", "`GET /x`",
		"if _, err := client.UserApi.Delta(ctx); err != nil", docRegion("Beta signature"), docRegion("Delta parameters")} {
		if !strings.Contains(got, want) {
			t.Errorf("the page lacks %q:\n%s", want, got)
		}
	}
	if again := addOperationSections("sdk", s, got); again != got {
		t.Errorf("a second run changed the page:\n%s", again)
	}
}

// TestDocExampleArguments checks the example call's arguments for each kind
// of parameter, so that the example compiles as a docs fragment.
func TestDocExampleArguments(t *testing.T) {
	api := buildFrom(t, `
swagger: "2.0"
info: {title: T, version: "1"}
definitions:
  Thing:
    type: object
    properties:
      name: {type: string}
paths:
  /things/{name}:
    put:
      tags: [t]
      operationId: putThing
      parameters:
        - {name: name, in: path, required: true, type: string}
        - {name: count, in: query, required: true, type: integer, format: int32}
        - {name: when, in: query, required: true, type: string, format: date-time}
        - {name: tags, in: query, required: true, type: array, items: {type: string}}
        - {name: dry, in: query, type: boolean}
        - {name: thing, in: body, required: true, schema: {$ref: "#/definitions/Thing"}}
      responses:
        "204": {description: ok}
`)
	s := api.Services[0]
	got := docExample("sdk", s, s.Operations[0])
	want := `if _, err := client.TApi.PutThing(ctx, "name", 0, time.Now(), nil, sdk.Thing{}, nil); err != nil {`
	if !strings.HasPrefix(got, want) {
		t.Errorf("example\n%s\nwant it to start with\n%s", got, want)
	}
}

// TestDocOtherModels checks README's list of the models and enums its
// hand-written text does not link to, generated regions left out.
func TestDocOtherModels(t *testing.T) {
	api := &API{
		Models: []*Model{{GoName: "Listed", Doc: "Listed is listed."}, {GoName: "Widget", Doc: "Widget is a thing a user owns."}},
		Enums:  []*Enum{{GoName: "Kind", Doc: "Kind is a size."}},
	}
	readme := "- [Listed](docs/Listed.md): by hand\n<!-- BEGIN GENERATED: other models -->\n- [`Kind`](docs/Kind.md) is a size.\n<!-- END GENERATED: other models -->\n"
	want := "- [`Kind`](docs/Kind.md) is a size.\n- [`Widget`](docs/Widget.md) is a thing a user owns."
	if got := docOtherModels(api, readme); got != want {
		t.Errorf("docOtherModels =\n%s\nwant\n%s", got, want)
	}
}
