package main

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// The types below are the subset of Swagger 2.0 the generator reads, plus the
// project's x- extensions (api/README.md documents them). They mirror the
// document's text; build.go turns them into the IR (ir.go), which is what the
// emitters use.

// document is a Swagger 2.0 document.
type document struct {
	Swagger    string                `yaml:"swagger"`
	OpenAPI    string                `yaml:"openapi"` // only to name an OpenAPI 3 document in the refusal
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

	// included names the definitions a flattened schema's allOf merged in
	// (build.go's flatten), which its properties must not hold inline;
	// propAt is where each merged property is in the document.
	included []string
	propAt   map[string]pointer
}

// propertyAt returns where the property key of s is, s being at at.
func (s *schema) propertyAt(key string, at pointer) pointer {
	if p, ok := s.propAt[key]; ok {
		return p
	}
	return at.at("properties", key)
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
	Ref        string         `yaml:"$ref"`
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
	method string // upper case, as in HTTP
	key    string // as in the document, lower case
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
			out = append(out, methodAndSpec{m.name, strings.ToLower(m.name), m.op})
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
		return lineError(n, "expected a mapping")
	}
	o.Values = make(map[string]T, len(n.Content)/2)
	var errs []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		var v T
		if err := n.Content[i+1].Decode(&v); err != nil {
			var te *yaml.TypeError
			if !errors.As(err, &te) {
				return err
			}
			errs = append(errs, te.Errors...)
		}
		if _, dup := o.Values[k]; dup {
			errs = append(errs, lineError(n.Content[i], "duplicate key "+strconv.Quote(k)).Errors...)
		}
		o.Keys = append(o.Keys, k)
		o.Values[k] = v
	}
	if len(errs) > 0 {
		return &yaml.TypeError{Errors: errs}
	}
	return nil
}

// lineError is a decoding error at n, in the form yaml.v3 gives its own
// with the column added, so that parseDocument can say where it is.
func lineError(n *yaml.Node, msg string) *yaml.TypeError {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d, column %d: %s", n.Line, n.Column, msg)}}
}

// loadDocument reads and parses a Swagger 2.0 document.
func loadDocument(path string) (*document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseDocument(path, data)
}

// parseDocument parses a Swagger 2.0 document given as YAML or JSON; name
// names it in errors. A value of the wrong shape is refused with the JSON
// pointer of where it is.
func parseDocument(name string, data []byte) (*document, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: #: expected a Swagger 2.0 document (a mapping)", name)
	}
	top := root.Content[0]
	var doc document
	if err := top.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, locate(top, err))
	}
	if doc.Swagger == "" && doc.OpenAPI != "" {
		return nil, fmt.Errorf("%s: #/openapi: an OpenAPI %s document; only Swagger 2.0 documents are supported", name, strconv.Quote(doc.OpenAPI))
	}
	if doc.Swagger != "2.0" {
		return nil, fmt.Errorf("%s: #/swagger: swagger is %q; only Swagger 2.0 documents are supported", name, doc.Swagger)
	}
	return &doc, nil
}

// lineMessage is one entry of a decoding error: where, and what.
var lineMessage = regexp.MustCompile(`^line (\d+)(?:, column (\d+))?: (.*)$`)

// unmarshalMessage is yaml.v3's message for a value of the wrong kind: its
// tag and the start of its text.
var unmarshalMessage = regexp.MustCompile("^cannot unmarshal (!!\\w+)(?: `([^`]*)`)? into")

// locate rewrites the entries of a decoding error to start with the JSON
// pointer of the value each is about.
func locate(top *yaml.Node, err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	var msgs []string
	for _, e := range te.Errors {
		if m := lineMessage.FindStringSubmatch(e); m != nil {
			if at, ok := findNode(top, rootPointer, nodeMatcher(m)); ok {
				e = at.String() + ": " + e
			}
		}
		msgs = append(msgs, e)
	}
	return errors.New(strings.Join(msgs, "\n"))
}

// nodeMatcher returns what tells the node an entry of a decoding error (m,
// matched by lineMessage) is about: the value of the tag and text
// yaml.v3's message names at its line, or the node at its line and column.
func nodeMatcher(m []string) func(n *yaml.Node, key bool) bool {
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	if u := unmarshalMessage.FindStringSubmatch(m[3]); u != nil {
		tag, text := u[1], u[2]
		return func(n *yaml.Node, key bool) bool {
			if key || n.Line != line || n.ShortTag() != tag {
				return false
			}
			prefix, cut := strings.CutSuffix(text, "...")
			return text == "" || n.Value == text || cut && strings.HasPrefix(n.Value, prefix)
		}
	}
	return func(n *yaml.Node, _ bool) bool { return n.Line == line && (col == 0 || n.Column == col) }
}

// findNode returns the pointer of the node under n that match accepts
// (a key stands for its member): the deepest, since a block mapping starts
// at the line of its first key; the first in document order of equals.
func findNode(n *yaml.Node, at pointer, match func(n *yaml.Node, key bool) bool) (pointer, bool) {
	best, depth := pointer(""), -1
	var walk func(n *yaml.Node, at pointer, d int)
	consider := func(at pointer, d int) {
		if d > depth {
			best, depth = at, d
		}
	}
	walk = func(n *yaml.Node, at pointer, d int) {
		if match(n, false) {
			consider(at, d)
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if match(k, true) {
					consider(at.at(k.Value), d+1)
				}
				walk(v, at.at(k.Value), d+1)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, at.index(i), d+1)
			}
		}
	}
	walk(n, at, 0)
	return best, depth >= 0
}

// refName returns the definition name of a "#/definitions/Name" reference:
// the JSON pointer in the URI fragment, percent-decoded, then with its ~1
// and ~0 escapes undone ("#/definitions/a~1b" names "a/b").
func refName(ref, kind string) (string, error) {
	prefix := "#/" + kind + "/"
	if !strings.HasPrefix(ref, prefix) {
		return "", fmt.Errorf("unsupported $ref %s (only local #/%s/ references)", strconv.Quote(ref), kind)
	}
	name := strings.TrimPrefix(ref, prefix)
	if unescaped, err := url.PathUnescape(name); err == nil {
		name = unescaped // else a "%" that starts no escape stands for itself
	}
	if strings.Contains(name, "/") {
		return "", fmt.Errorf("unsupported $ref %s (only whole #/%s/ entries, not a part of one)", strconv.Quote(ref), kind)
	}
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(name), nil
}

// pointer is a JSON pointer (RFC 6901) into the document, written as a URI
// fragment as $ref writes them: "#/definitions/Thing/properties/born".
// Every refusal starts with the pointer of what it refuses.
type pointer string

// rootPointer points at the whole document.
const rootPointer pointer = "#"

// at returns the pointer to p's member or element named by tokens, each
// escaped as RFC 6901 says (~ as ~0, / as ~1).
func (p pointer) at(tokens ...string) pointer {
	var b strings.Builder
	b.WriteString(string(p))
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(t))
	}
	return pointer(b.String())
}

// index returns the pointer to p's element i.
func (p pointer) index(i int) pointer { return p.at(strconv.Itoa(i)) }

// definitionPointer returns the pointer of the definition name.
func definitionPointer(name string) pointer { return rootPointer.at("definitions", name) }

// String returns the pointer for a message: as it is, or quoted when it
// holds a character that would not print on one line.
func (p pointer) String() string {
	if strings.IndexFunc(string(p), func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		return strconv.Quote(string(p))
	}
	return string(p)
}

// refusal is the generator's answer to a document it cannot generate
// correctly: where (a JSON pointer) and what.
type refusal struct {
	at  pointer
	msg string
}

func (e *refusal) Error() string { return e.at.String() + ": " + e.msg }
