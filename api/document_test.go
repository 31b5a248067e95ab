package api

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// ourDocument is the project's API document, relative to this package.
const ourDocument = "openapi.yaml"

// upstreamName is the file holding TileDB's user operations at 2.17.51, kept
// as reference data next to the checkouts, never in the project.
const upstreamName = "tiledb-cloud-user-api-v1-current.yaml"

// upstreamRel is where upstreamName is from this package in the main checkout.
var upstreamRel = filepath.Join("..", "..", "shared", "spec", upstreamName)

// extensions are the x- keys the project's document may use, each
// documented in README.md.
var extensions = []string{
	"x-go-name", "x-go-enum-names", "x-secret", "x-one-or-many", "x-legacy", "x-go-prepare", "x-nullable",
	"x-go-type", "x-default-host",
}

// generatedOperationIDs are the operationIds the document gives to
// operations that have none upstream: the names generators derive and the
// SDK's methods carry.
var generatedOperationIDs = map[string]string{
	"GET /tokens":         "tokensGet",
	"GET /tokens/session": "tokensSessionGet",
}

// addedTypes are the schemas where upstream gives no type and the document
// states one; each says why.
var addedTypes = map[string]string{
	"definitions.User.properties.default_s3_path_credentials_name": "string: upstream omits the type here (it is a string in 2.2.19 and wherever else the field appears)",
}

type document struct {
	Swagger             string                        `yaml:"swagger"`
	Info                info                          `yaml:"info"`
	BasePath            string                        `yaml:"basePath"`
	Host                string                        `yaml:"host"`
	DefaultHost         string                        `yaml:"x-default-host"`
	Schemes             []string                      `yaml:"schemes"`
	Consumes            []string                      `yaml:"consumes"`
	Produces            []string                      `yaml:"produces"`
	SecurityDefinitions map[string]securityScheme     `yaml:"securityDefinitions"`
	Security            []map[string][]string         `yaml:"security"`
	Paths               map[string]pathItem           `yaml:"paths"`
	Definitions         map[string]*schema            `yaml:"definitions"`
	Rest                map[string]yaml.Node          `yaml:",inline"`
	order               map[string][]string           // keys of paths and definitions, in document order
	ops                 map[string]effectiveOperation // by "METHOD path"
}

type info struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	Version     string `yaml:"version"`
}

type securityScheme struct {
	Type             string            `yaml:"type"`
	In               string            `yaml:"in"`
	Name             string            `yaml:"name"`
	Flow             string            `yaml:"flow"`
	AuthorizationURL string            `yaml:"authorizationUrl"`
	TokenURL         string            `yaml:"tokenUrl"`
	Scopes           map[string]string `yaml:"scopes"`
}

type pathItem struct {
	Parameters []parameter `yaml:"parameters"`
	Get        *operation  `yaml:"get"`
	Put        *operation  `yaml:"put"`
	Post       *operation  `yaml:"post"`
	Delete     *operation  `yaml:"delete"`
	Patch      *operation  `yaml:"patch"`
	Head       *operation  `yaml:"head"`
	Options    *operation  `yaml:"options"`
}

func (p pathItem) operations() map[string]*operation {
	all := map[string]*operation{"GET": p.Get, "PUT": p.Put, "POST": p.Post, "DELETE": p.Delete, "PATCH": p.Patch, "HEAD": p.Head, "OPTIONS": p.Options}
	for m, op := range all {
		if op == nil {
			delete(all, m)
		}
	}
	return all
}

type operation struct {
	Tags        []string               `yaml:"tags"`
	Summary     string                 `yaml:"summary"`
	Description string                 `yaml:"description"`
	OperationID string                 `yaml:"operationId"`
	Consumes    []string               `yaml:"consumes"`
	Produces    []string               `yaml:"produces"`
	Parameters  []parameter            `yaml:"parameters"`
	Responses   map[string]response    `yaml:"responses"`
	Security    *[]map[string][]string `yaml:"security"`
	Prepare     string                 `yaml:"x-go-prepare"`
}

type parameter struct {
	Name             string  `yaml:"name"`
	In               string  `yaml:"in"`
	Description      string  `yaml:"description"`
	Required         bool    `yaml:"required"`
	Type             string  `yaml:"type"`
	Format           string  `yaml:"format"`
	CollectionFormat string  `yaml:"collectionFormat"`
	Items            *schema `yaml:"items"`
	Schema           *schema `yaml:"schema"`
	Secret           bool    `yaml:"x-secret"`
	GoName           string  `yaml:"x-go-name"`
	GoType           string  `yaml:"x-go-type"`
}

type response struct {
	Description string  `yaml:"description"`
	Schema      *schema `yaml:"schema"`
}

type schema struct {
	Ref                  string             `yaml:"$ref"`
	Title                string             `yaml:"title"`
	Description          string             `yaml:"description"`
	Type                 string             `yaml:"type"`
	Format               string             `yaml:"format"`
	Enum                 []string           `yaml:"enum"`
	Items                *schema            `yaml:"items"`
	Properties           map[string]*schema `yaml:"properties"`
	AdditionalProperties *schema            `yaml:"additionalProperties"`
	AllOf                []*schema          `yaml:"allOf"`
	Required             []string           `yaml:"required"`
	ReadOnly             bool               `yaml:"readOnly"`
	Nullable             bool               `yaml:"x-nullable"`
	MinLength            *int               `yaml:"minLength"`
	MaxLength            *int               `yaml:"maxLength"`
	Pattern              string             `yaml:"pattern"`
	GoName               string             `yaml:"x-go-name"`
	GoEnumNames          []string           `yaml:"x-go-enum-names"`
	Secret               bool               `yaml:"x-secret"`
	OneOrMany            bool               `yaml:"x-one-or-many"`
	Legacy               string             `yaml:"x-legacy"`
}

// effectiveOperation is an operation with its path's parameters merged in.
type effectiveOperation struct {
	*operation
	params map[string]parameter // by "in:name"
}

// loadDocument parses a Swagger 2.0 document and indexes its operations.
func loadDocument(t *testing.T, path string) (*document, *yaml.Node) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	var doc document
	if err := root.Decode(&doc); err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	doc.order = map[string][]string{}
	for _, section := range []string{"paths", "definitions"} {
		if n := mappingValue(root.Content[0], section); n != nil {
			for i := 0; i+1 < len(n.Content); i += 2 {
				doc.order[section] = append(doc.order[section], n.Content[i].Value)
			}
		}
	}
	doc.ops = map[string]effectiveOperation{}
	for path, item := range doc.Paths {
		for method, op := range item.operations() {
			eff := effectiveOperation{operation: op, params: map[string]parameter{}}
			for _, p := range item.Parameters {
				eff.params[p.In+":"+p.Name] = p
			}
			for _, p := range op.Parameters {
				eff.params[p.In+":"+p.Name] = p
			}
			doc.ops[method+" "+path] = eff
		}
	}
	return &doc, &root
}

// mappingValue returns the value of key in mapping node n, or nil.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// findUpstream returns the reference file's path, looking first where it is
// from the main checkout and then in a shared/spec directory of any parent,
// so that the test also runs in a worktree; "" when it is nowhere.
func findUpstream(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(upstreamRel); err == nil {
		return upstreamRel
	}
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "spec", upstreamName)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// loadBoth returns the project's document and the upstream one, skipping
// the test when the reference file is absent.
func loadBoth(t *testing.T) (ours, up *document, ourRoot, upRoot *yaml.Node) {
	t.Helper()
	path := findUpstream(t)
	if path == "" {
		t.Skipf("reference spec %s is absent (nor in a shared/spec directory above this package)", upstreamRel)
	}
	ours, ourRoot = loadDocument(t, ourDocument)
	up, upRoot = loadDocument(t, path)
	return ours, up, ourRoot, upRoot
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestHeaderMatchesUpstream(t *testing.T) {
	ours, up, _, _ := loadBoth(t)
	if ours.Swagger != "2.0" || up.Swagger != "2.0" {
		t.Errorf("swagger: ours %q, upstream %q; want 2.0", ours.Swagger, up.Swagger)
	}
	if ours.Info.Version != up.Info.Version {
		t.Errorf("info.version: ours %q, upstream %q", ours.Info.Version, up.Info.Version)
	}
	if ours.Info.Title == "" || ours.Info.Description == "" {
		t.Errorf("info: title and description must be set")
	}
	checkEqual(t, "basePath", ours.BasePath, up.BasePath)
	checkEqual(t, "host", ours.Host, up.Host)
	// Upstream names no host: the document decides the SDK's default one.
	if want := "api.tiledb.com"; up.Host == "" && ours.DefaultHost != want {
		t.Errorf("x-default-host is %q, want %q (upstream has no host)", ours.DefaultHost, want)
	}
	checkEqual(t, "schemes", ours.Schemes, up.Schemes)
	checkEqual(t, "consumes", ours.Consumes, up.Consumes)
	checkEqual(t, "produces", ours.Produces, up.Produces)
	checkEqual(t, "security", ours.Security, up.Security)
	checkEqual(t, "securityDefinitions", sortedKeys(ours.SecurityDefinitions), sortedKeys(up.SecurityDefinitions))
	for name, u := range up.SecurityDefinitions {
		o := ours.SecurityDefinitions[name]
		checkEqual(t, "securityDefinitions."+name+".scopes", sortedKeys(o.Scopes), sortedKeys(u.Scopes))
		o.Scopes, u.Scopes = nil, nil // the scopes' texts are descriptions
		checkEqual(t, "securityDefinitions."+name, o, u)
	}
	if len(ours.Rest) > 0 {
		t.Errorf("top-level keys the test does not compare: %v", sortedKeys(ours.Rest))
	}
}

func TestOperationsMatchUpstream(t *testing.T) {
	ours, up, _, _ := loadBoth(t)
	checkEqual(t, "operations (method and path)", sortedKeys(ours.ops), sortedKeys(up.ops))
	checkEqual(t, "order of paths", ours.order["paths"], up.order["paths"])
	for _, key := range sortedKeys(up.ops) {
		u, o := up.ops[key], ours.ops[key]
		if o.operation == nil {
			continue
		}
		wantID := u.OperationID
		if wantID == "" {
			wantID = generatedOperationIDs[key]
			if wantID == "" {
				t.Errorf("%s: no operationId upstream and none listed in generatedOperationIDs", key)
			}
		} else if _, ok := generatedOperationIDs[key]; ok {
			t.Errorf("%s: upstream now has operationId %q; drop it from generatedOperationIDs", key, u.OperationID)
		}
		checkEqual(t, key+" operationId", o.OperationID, wantID)
		checkEqual(t, key+" tags", o.Tags, u.Tags)
		checkEqual(t, key+" consumes", o.Consumes, u.Consumes)
		checkEqual(t, key+" produces", o.Produces, u.Produces)
		checkEqual(t, key+" security", o.Security, u.Security)

		checkEqual(t, key+" parameters", sortedKeys(o.params), sortedKeys(u.params))
		for pk, up := range u.params {
			op, ok := o.params[pk]
			if !ok {
				continue
			}
			where := key + " parameter " + pk
			checkEqual(t, where+" name", op.Name, up.Name)
			checkEqual(t, where+" in", op.In, up.In)
			checkEqual(t, where+" type", op.Type, up.Type)
			checkEqual(t, where+" format", op.Format, up.Format)
			checkEqual(t, where+" required", op.Required, up.Required)
			checkEqual(t, where+" collectionFormat", op.CollectionFormat, up.CollectionFormat)
			compareSchema(t, where+" items", up.Items, op.Items, nil)
			compareSchema(t, where+" schema", up.Schema, op.Schema, nil)
		}

		checkEqual(t, key+" response codes", sortedKeys(o.Responses), sortedKeys(u.Responses))
		for code, ur := range u.Responses {
			if or, ok := o.Responses[code]; ok {
				compareSchema(t, key+" response "+code, ur.Schema, or.Schema, nil)
			}
		}
	}
}

func TestDefinitionsMatchUpstream(t *testing.T) {
	ours, up, _, _ := loadBoth(t)
	checkEqual(t, "definitions", sortedKeys(ours.Definitions), sortedKeys(up.Definitions))
	checkEqual(t, "order of definitions", ours.order["definitions"], up.order["definitions"])
	used := map[string]bool{}
	for _, name := range sortedKeys(up.Definitions) {
		if o, ok := ours.Definitions[name]; ok {
			compareSchema(t, "definitions."+name, up.Definitions[name], o, used)
		}
	}
	for path := range addedTypes {
		if !used[path] {
			t.Errorf("addedTypes lists %s, which no longer differs from upstream; drop it", path)
		}
	}
}

// compareSchema reports every fact in which ours differs from up. used
// records the addedTypes entries that were needed.
func compareSchema(t *testing.T, where string, up, ours *schema, used map[string]bool) {
	t.Helper()
	if up == nil || ours == nil {
		if (up == nil) != (ours == nil) {
			t.Errorf("%s: schema present upstream %v, in ours %v", where, up != nil, ours != nil)
		}
		return
	}
	checkEqual(t, where+" $ref", ours.Ref, up.Ref)
	if up.Type == "" && ours.Type != "" {
		if _, ok := addedTypes[where]; ok && used != nil {
			used[where] = true
		} else {
			t.Errorf("%s: type %q where upstream has none (list it in addedTypes with the reason)", where, ours.Type)
		}
	} else {
		checkEqual(t, where+" type", ours.Type, up.Type)
	}
	checkEqual(t, where+" format", ours.Format, up.Format)
	checkEqual(t, where+" enum", ours.Enum, up.Enum)
	checkEqual(t, where+" required", ours.Required, up.Required)
	checkEqual(t, where+" readOnly", ours.ReadOnly, up.ReadOnly)
	checkEqual(t, where+" x-nullable", ours.Nullable, up.Nullable)
	checkEqual(t, where+" minLength", ours.MinLength, up.MinLength)
	checkEqual(t, where+" maxLength", ours.MaxLength, up.MaxLength)
	checkEqual(t, where+" pattern", ours.Pattern, up.Pattern)
	compareSchema(t, where+".items", up.Items, ours.Items, used)
	compareSchema(t, where+".additionalProperties", up.AdditionalProperties, ours.AdditionalProperties, used)
	checkEqual(t, where+" allOf length", len(ours.AllOf), len(up.AllOf))
	for i := 0; i < len(up.AllOf) && i < len(ours.AllOf); i++ {
		compareSchema(t, fmt.Sprintf("%s.allOf[%d]", where, i), up.AllOf[i], ours.AllOf[i], used)
	}
	for _, name := range sortedKeys(ours.Properties) {
		p := ours.Properties[name]
		if _, ok := up.Properties[name]; ok {
			continue
		}
		switch {
		case p.Legacy == "":
			t.Errorf("%s.properties.%s: not upstream, and not marked x-legacy", where, name)
		case !p.ReadOnly:
			t.Errorf("%s.properties.%s: x-legacy property must be readOnly", where, name)
		}
	}
	for _, name := range sortedKeys(up.Properties) {
		p, ok := ours.Properties[name]
		if !ok {
			t.Errorf("%s.properties.%s: missing from ours", where, name)
			continue
		}
		if p.Legacy != "" {
			t.Errorf("%s.properties.%s: marked x-legacy but today's service still has it", where, name)
		}
		compareSchema(t, where+".properties."+name, up.Properties[name], p, used)
	}
}

func checkEqual(t *testing.T, what string, ours, up any) {
	t.Helper()
	if !reflect.DeepEqual(ours, up) {
		t.Errorf("%s: ours %s, upstream %s", what, show(ours), show(up))
	}
}

func show(v any) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return "<absent>"
		}
		return fmt.Sprintf("%v", rv.Elem().Interface())
	}
	return fmt.Sprintf("%q", fmt.Sprint(v))
}

// texts returns every description, summary and title in the document, by
// where it is. A list item is named by its in and name when it has them.
func texts(n *yaml.Node, where string, out map[string]string) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			texts(c, where, out)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			if v.Kind == yaml.ScalarNode && (k == "description" || k == "summary" || k == "title") {
				out[where+"."+k] = v.Value
				continue
			}
			if where == ".securityDefinitions.OAuth2" && k == "scopes" {
				for j := 0; j+1 < len(v.Content); j += 2 {
					out[where+".scopes."+v.Content[j].Value] = v.Content[j+1].Value
				}
				continue
			}
			texts(v, where+"."+k, out)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			name := fmt.Sprint(i)
			if nm := mappingValue(c, "name"); nm != nil {
				in := mappingValue(c, "in")
				if in != nil {
					name = in.Value + ":" + nm.Value
				}
			}
			texts(c, where+"["+name+"]", out)
		}
	}
}

func normalise(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func TestDescriptionsAreOurOwn(t *testing.T) {
	_, _, ourRoot, upRoot := loadBoth(t)
	ours, up := map[string]string{}, map[string]string{}
	texts(ourRoot, "", ours)
	texts(upRoot, "", up)
	if len(ours) < 100 || len(up) < 100 {
		t.Fatalf("found %d texts of ours and %d upstream; the walk is broken", len(ours), len(up))
	}
	// Any match is a copy, at the same element or elsewhere.
	upstreamWhere := map[string]string{}
	for where, text := range up {
		if n := normalise(text); len(strings.Fields(n)) > 4 {
			upstreamWhere[n] = where
		}
	}
	for _, where := range sortedKeys(ours) {
		if from, ok := upstreamWhere[normalise(ours[where])]; ok {
			t.Errorf("%s copies the upstream text at %s", where, from)
		}
	}
}

// TestEveryElementIsDescribed checks that the generator has a doc comment
// for every name it writes.
func TestEveryElementIsDescribed(t *testing.T) {
	doc, _ := loadDocument(t, ourDocument)
	if doc.Info.Title == "" || doc.Info.Description == "" {
		t.Error("info: title and description are required")
	}
	for key, op := range doc.ops {
		if op.Summary == "" || op.Description == "" {
			t.Errorf("%s: summary and description are required", key)
		}
		for pk, p := range op.params {
			if p.Description == "" {
				t.Errorf("%s parameter %s: no description", key, pk)
			}
			if p.Schema != nil && p.Schema.Ref == "" {
				describedSchema(t, key+" parameter "+pk, p.Schema)
			}
		}
		for code, r := range op.Responses {
			if r.Description == "" {
				t.Errorf("%s response %s: no description", key, code)
			}
		}
	}
	for name, s := range doc.Definitions {
		describedSchema(t, "definitions."+name, s)
	}
}

func describedSchema(t *testing.T, where string, s *schema) {
	t.Helper()
	if s.Description == "" {
		t.Errorf("%s: no description", where)
	}
	for name, p := range s.Properties {
		describedSchema(t, where+".properties."+name, p)
	}
}

var (
	goName      = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)
	prepareName = regexp.MustCompile(`^prepare[A-Z][A-Za-z0-9]*$`)
	// goTypes are the values of x-go-type that README.md documents.
	goTypes = map[string]bool{"bool": true}
	// parameterPath matches where a parameter object is: in a parameters
	// list of a path item or operation, or under the top-level parameters.
	parameterPath = regexp.MustCompile(`(\.parameters\[\d+\]|^\.parameters\.[^.]+)$`)
)

// TestExtensionsAreDocumented checks that the document uses only the
// extensions README.md describes, each where it has a meaning.
func TestExtensionsAreDocumented(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range extensions {
		if !strings.Contains(string(readme), "`"+x) {
			t.Errorf("README.md does not document %s", x)
		}
	}
	doc, root := loadDocument(t, ourDocument)
	seen := map[string]bool{}
	var walk func(n *yaml.Node, where string)
	walk = func(n *yaml.Node, where string) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				if strings.HasPrefix(k, "x-") {
					seen[k] = true
					if k == "x-go-type" && !parameterPath.MatchString(where) {
						t.Errorf("%s: x-go-type applies to parameters", where)
					}
					if k == "x-default-host" && where != "" {
						t.Errorf("%s: x-default-host applies to the document", where)
					}
					known := false
					for _, x := range extensions {
						known = known || x == k
					}
					if !known {
						t.Errorf("%s: %s is not one of the documented extensions %v", where, k, extensions)
					}
				}
			}
		}
		for i, c := range n.Content {
			switch {
			case n.Kind == yaml.MappingNode && i%2 == 1:
				walk(c, where+"."+n.Content[i-1].Value)
			case n.Kind == yaml.SequenceNode:
				walk(c, fmt.Sprintf("%s[%d]", where, i))
			default:
				walk(c, where)
			}
		}
	}
	walk(root, "")
	for _, x := range extensions {
		if !seen[x] {
			t.Errorf("%s is documented but the document never uses it", x)
		}
	}

	for key, op := range doc.ops {
		if op.Prepare != "" && !prepareName.MatchString(op.Prepare) {
			t.Errorf("%s: x-go-prepare %q is not a prepareXxx function name", key, op.Prepare)
		}
		for pk, p := range op.params {
			if p.Secret && p.In != "path" {
				t.Errorf("%s parameter %s: x-secret applies to path parameters", key, pk)
			}
			if p.GoName != "" && !goName.MatchString(p.GoName) {
				t.Errorf("%s parameter %s: x-go-name %q is not an exported Go name", key, pk, p.GoName)
			}
			if p.GoType != "" {
				if !goTypes[p.GoType] {
					t.Errorf("%s parameter %s: x-go-type %q is not one of %v", key, pk, p.GoType, goTypes)
				}
				if p.In != "query" && p.In != "header" || p.Type != "string" || p.Format != "" {
					t.Errorf("%s parameter %s: x-go-type applies to query and header parameters of type string", key, pk)
				}
			}
			if p.Schema != nil {
				checkSchemaExtensions(t, doc, key+" parameter "+pk, p.Schema, false)
			}
		}
		for code, r := range op.Responses {
			if r.Schema != nil {
				checkSchemaExtensions(t, doc, key+" response "+code, r.Schema, false)
			}
		}
	}
	for name, s := range doc.Definitions {
		checkSchemaExtensions(t, doc, "definitions."+name, s, false)
	}
}

// checkSchemaExtensions checks the extensions of s and its properties;
// property is whether s is an object's property.
func checkSchemaExtensions(t *testing.T, doc *document, where string, s *schema, property bool) {
	t.Helper()
	if s.GoName != "" && !goName.MatchString(s.GoName) {
		t.Errorf("%s: x-go-name %q is not an exported Go name", where, s.GoName)
	}
	if s.GoEnumNames != nil {
		if len(s.GoEnumNames) != len(s.Enum) {
			t.Errorf("%s: x-go-enum-names has %d names for %d enum values", where, len(s.GoEnumNames), len(s.Enum))
		}
		for _, n := range s.GoEnumNames {
			if !goName.MatchString(n) {
				t.Errorf("%s: x-go-enum-names entry %q is not an exported Go name suffix", where, n)
			}
		}
	}
	if (s.Secret || s.Legacy != "") && !property {
		t.Errorf("%s: x-secret and x-legacy apply to properties", where)
	}
	if s.Secret && s.Type != "string" {
		t.Errorf("%s: x-secret on a %q, want a string", where, s.Type)
	}
	if s.OneOrMany {
		if !property || s.Type != "array" || s.Items == nil {
			t.Errorf("%s: x-one-or-many applies to array properties", where)
		} else if it := s.Items; it.Ref != "" {
			target := doc.Definitions[strings.TrimPrefix(it.Ref, "#/definitions/")]
			if target == nil || target.Type == "object" || target.Type == "array" {
				t.Errorf("%s: x-one-or-many items must be scalars or enums, not %s", where, it.Ref)
			}
		} else if it.Type == "object" || it.Type == "array" {
			t.Errorf("%s: x-one-or-many items must be scalars or enums", where)
		}
	}
	if s.Items != nil {
		checkSchemaExtensions(t, doc, where+".items", s.Items, false)
	}
	for name, p := range s.Properties {
		checkSchemaExtensions(t, doc, where+".properties."+name, p, true)
	}
}
