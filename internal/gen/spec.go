package main

import (
	"fmt"
	"net/url"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The types below are the subset of Swagger 2.0 the generator reads, plus the
// project's x- extensions (api/README.md documents them). They mirror the
// document's text; build.go turns them into the IR (ir.go), which is what the
// emitters use.

// document is a Swagger 2.0 document.
type document struct {
	Swagger    string                `yaml:"swagger"`
	Info       info                  `yaml:"info"`
	Host       string                `yaml:"host"`
	BasePath   string                `yaml:"basePath"`
	Schemes    []string              `yaml:"schemes"`
	Consumes   []string              `yaml:"consumes"`
	Produces   []string              `yaml:"produces"`
	Security   []map[string][]string `yaml:"security"`
	Tags       []tagSpec             `yaml:"tags"`
	Definition ordered[*schema]      `yaml:"definitions"`
	Parameters map[string]*parameter `yaml:"parameters"`
	Responses  map[string]*response  `yaml:"responses"`
	Paths      ordered[*pathItem]    `yaml:"paths"`
	// SecurityDefinitions are the ways to authenticate, in document order.
	SecurityDefinitions ordered[*securityScheme] `yaml:"securityDefinitions"`
	// XDefaultHost is the host of the default base URL when the document
	// has no host (x-default-host, api/README.md).
	XDefaultHost string `yaml:"x-default-host"`
}

// securityScheme is a security definition.
type securityScheme struct {
	Type string `yaml:"type"` // basic, apiKey or oauth2
	In   string `yaml:"in"`   // header or query, for apiKey
	Name string `yaml:"name"` // the header or query parameter, for apiKey
}

type info struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	Version     string `yaml:"version"`
}

type tagSpec struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
}

// schema is a Swagger schema object with the project's extensions.
type schema struct {
	Ref                  string            `yaml:"$ref"`
	Type                 string            `yaml:"type"`
	Format               string            `yaml:"format"`
	Title                string            `yaml:"title"`
	Description          string            `yaml:"description"`
	Enum                 []string          `yaml:"enum"`
	Items                *schema           `yaml:"items"`
	Properties           ordered[*schema]  `yaml:"properties"`
	AdditionalProperties *additionalSchema `yaml:"additionalProperties"`
	Required             []string          `yaml:"required"`
	AllOf                []*schema         `yaml:"allOf"`
	ReadOnly             bool              `yaml:"readOnly"`

	XNullable    bool     `yaml:"x-nullable"`
	XGoName      string   `yaml:"x-go-name"`
	XGoEnumNames []string `yaml:"x-go-enum-names"`
	XSecret      bool     `yaml:"x-secret"`
	XOneOrMany   bool     `yaml:"x-one-or-many"`
	XLegacy      string   `yaml:"x-legacy"`
}

// additionalSchema is additionalProperties: true, false or a schema.
type additionalSchema struct {
	Allowed bool
	Schema  *schema // nil for true/false
}

func (a *additionalSchema) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		return n.Decode(&a.Allowed)
	}
	a.Allowed = true
	return n.Decode(&a.Schema)
}

type pathItem struct {
	Parameters []*parameter   `yaml:"parameters"`
	Get        *operationSpec `yaml:"get"`
	Put        *operationSpec `yaml:"put"`
	Post       *operationSpec `yaml:"post"`
	Delete     *operationSpec `yaml:"delete"`
	Options    *operationSpec `yaml:"options"`
	Head       *operationSpec `yaml:"head"`
	Patch      *operationSpec `yaml:"patch"`
}

type methodAndSpec struct {
	method string
	op     *operationSpec
}

// methods returns the item's operations in the order HTTP methods are
// usually listed.
func (p *pathItem) methods() []methodAndSpec {
	var out []methodAndSpec
	for _, m := range []struct {
		name string
		op   *operationSpec
	}{{"GET", p.Get}, {"PUT", p.Put}, {"POST", p.Post}, {"DELETE", p.Delete}, {"OPTIONS", p.Options}, {"HEAD", p.Head}, {"PATCH", p.Patch}} {
		if m.op != nil {
			out = append(out, methodAndSpec{m.name, m.op})
		}
	}
	return out
}

type operationSpec struct {
	Tags        []string               `yaml:"tags"`
	Summary     string                 `yaml:"summary"`
	Description string                 `yaml:"description"`
	OperationID string                 `yaml:"operationId"`
	Consumes    []string               `yaml:"consumes"`
	Produces    []string               `yaml:"produces"`
	Parameters  []*parameter           `yaml:"parameters"`
	Responses   ordered[*response]     `yaml:"responses"`
	Security    *[]map[string][]string `yaml:"security"`
	Deprecated  bool                   `yaml:"deprecated"`
	XGoName     string                 `yaml:"x-go-name"`
	XGoPrepare  string                 `yaml:"x-go-prepare"`
}

type parameter struct {
	Ref              string   `yaml:"$ref"`
	Name             string   `yaml:"name"`
	In               string   `yaml:"in"`
	Description      string   `yaml:"description"`
	Required         bool     `yaml:"required"`
	Type             string   `yaml:"type"`
	Format           string   `yaml:"format"`
	Items            *schema  `yaml:"items"`
	CollectionFormat string   `yaml:"collectionFormat"`
	Enum             []string `yaml:"enum"`
	Schema           *schema  `yaml:"schema"`
	XGoName          string   `yaml:"x-go-name"`
	XSecret          bool     `yaml:"x-secret"`
	XGoType          string   `yaml:"x-go-type"`
}

type response struct {
	Ref         string  `yaml:"$ref"`
	Description string  `yaml:"description"`
	Schema      *schema `yaml:"schema"`
}

// ordered is a YAML mapping that keeps its keys in document order, which
// decides the order of fields, models and operations in the output.
type ordered[T any] struct {
	Keys   []string
	Values map[string]T
}

func (o *ordered[T]) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: expected a mapping", n.Line)
	}
	o.Values = make(map[string]T, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		var v T
		if err := n.Content[i+1].Decode(&v); err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		if _, dup := o.Values[k]; dup {
			return fmt.Errorf("line %d: duplicate key %q", n.Content[i].Line, k)
		}
		o.Keys = append(o.Keys, k)
		o.Values[k] = v
	}
	return nil
}

// loadDocument reads and parses a Swagger 2.0 document.
func loadDocument(path string) (*document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc document
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if doc.Swagger != "2.0" {
		return nil, fmt.Errorf("%s: swagger is %q; only Swagger 2.0 documents are supported", path, doc.Swagger)
	}
	return &doc, nil
}

// refName returns the definition name of a "#/definitions/Name" reference:
// the JSON pointer in the URI fragment, percent-decoded, then with its ~1
// and ~0 escapes undone ("#/definitions/a~1b" names "a/b").
func refName(ref, kind string) (string, error) {
	prefix := "#/" + kind + "/"
	if !strings.HasPrefix(ref, prefix) {
		return "", fmt.Errorf("unsupported $ref %q (only local #/%s/ references)", ref, kind)
	}
	name := strings.TrimPrefix(ref, prefix)
	if unescaped, err := url.PathUnescape(name); err == nil {
		name = unescaped // else a "%" that starts no escape stands for itself
	}
	if strings.Contains(name, "/") {
		return "", fmt.Errorf("unsupported $ref %q (only whole #/%s/ entries, not a part of one)", ref, kind)
	}
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(name), nil
}
