package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// buildFrom builds the IR of a document given as YAML text.
func buildFrom(t *testing.T, text string, tags ...string) *API {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := loadDocument(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(tags) == 0 {
		tags = []string{"all"}
	}
	api, err := buildAPI(doc, tags, &runtimeNames{idents: map[string]bool{"APIClient": true, "Configuration": true}})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

func model(t *testing.T, api *API, goName string) *Model {
	t.Helper()
	for _, m := range api.Models {
		if m.GoName == goName {
			return m
		}
	}
	t.Fatalf("no model %s", goName)
	return nil
}

func operationNamed(t *testing.T, api *API, goName string) *Operation {
	t.Helper()
	for _, s := range api.Services {
		for _, op := range s.Operations {
			if op.GoName == goName {
				return op
			}
		}
	}
	t.Fatalf("no operation %s", goName)
	return nil
}

const shapesDoc = `
swagger: "2.0"
info: {title: Shapes, version: "1"}
basePath: /v1
definitions:
  Error:
    type: object
    properties:
      message: {type: string}
  Configuration:
    type: object
    properties:
      value: {type: string}
  Base:
    type: object
    required: [id]
    properties:
      id: {type: string}
      created: {type: string, format: date-time, readOnly: true}
  Derived:
    allOf:
      - $ref: "#/definitions/Base"
      - type: object
        properties:
          count: {type: number, format: uint64}
          ratio: {type: integer, format: double}
          small: {type: integer, format: int8}
          grid: {type: array, items: {type: array, items: {type: integer, format: uint8}}}
          labels: {type: object, additionalProperties: {type: string}}
          extra: {type: object}
          note: {type: string, x-nullable: true}
          secret_key: {type: string, x-secret: true}
          kind:
            type: string
            enum: [a, b]
          inner:
            type: object
            properties:
              deep: {type: boolean}
paths:
  /things/{name}:
    parameters:
      - {name: name, in: path, required: true, type: string, x-secret: true}
    post:
      tags: [things, other]
      operationId: createThing
      security: []
      parameters:
        - {name: tag, in: query, type: array, items: {type: string}, collectionFormat: multi}
        - {name: X-Trace, in: header, type: string, required: true}
        - name: body
          in: body
          required: true
          schema: {$ref: "#/definitions/Derived"}
      responses:
        "200": {description: ok, schema: {type: array, items: {$ref: "#/definitions/Base"}}}
  /things:
    get:
      tags: [other]
      responses:
        "200": {description: ok, schema: {type: string, format: binary}}
`

func TestBuildFlattensAllOfAndMapsEveryShape(t *testing.T) {
	api := buildFrom(t, shapesDoc)
	d := model(t, api, "Derived")
	var names []string
	fields := map[string]*Field{}
	for _, f := range d.Fields {
		names = append(names, f.GoName)
		fields[f.JSONName] = f
	}
	// allOf: the base's properties first, its required list kept.
	if got := strings.Join(names, " "); got != "ID Created Count Ratio Small Grid Labels Extra Note SecretKey Kind Inner" {
		t.Fatalf("fields %s", got)
	}
	checks := []struct {
		json string
		ok   bool
	}{
		{"id", fields["id"].Required && fields["id"].Type.Kind == KindString},
		{"created", fields["created"].ReadOnly && fields["created"].Type.Kind == KindTime},
		{"count", fields["count"].Type.Kind == KindUint && fields["count"].Type.Bits == 64},
		{"ratio", fields["ratio"].Type.Kind == KindFloat && fields["ratio"].Type.Bits == 64},
		{"small", fields["small"].Type.Kind == KindInt && fields["small"].Type.Bits == 8},
		{"grid", fields["grid"].Type.Kind == KindArray && fields["grid"].Type.Elem.Kind == KindArray &&
			fields["grid"].Type.Elem.Elem.Kind == KindUint},
		{"labels", fields["labels"].Type.Kind == KindMap && fields["labels"].Type.Elem.Kind == KindString},
		{"extra", fields["extra"].Type.Kind == KindRaw},
		{"note", fields["note"].Nullable},
		{"secret_key", fields["secret_key"].Secret},
		{"kind", fields["kind"].Type.Kind == KindEnum && fields["kind"].Type.Enum.GoName == "DerivedKind"},
		{"inner", fields["inner"].Type.Kind == KindModel && fields["inner"].Type.Model.GoName == "DerivedInner" &&
			fields["inner"].Type.Model.Inline},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("field %s: %+v", c.json, fields[c.json])
		}
	}
	if got := strings.Join(api.SecretJSONKeys, ","); got != "secret_key" {
		t.Errorf("secret keys %s", got)
	}
}

func TestBuildAvoidsNameClashes(t *testing.T) {
	api := buildFrom(t, shapesDoc)
	// Error is a predeclared name and Configuration a runtime name.
	if e := model(t, api, "ModelError"); e.Name != "Error" || e.File != "model_error.go" {
		t.Errorf("error model %+v", e)
	}
	if c := model(t, api, "ModelConfiguration"); c.Name != "Configuration" {
		t.Errorf("configuration model %+v", c)
	}
}

func TestBuildOperations(t *testing.T) {
	api := buildFrom(t, shapesDoc)
	op := operationNamed(t, api, "CreateThing")
	if !op.NoAuth || op.SecretParam != "name" || !op.SecretBody {
		t.Errorf("flags: noAuth %t, secretParam %q, secretBody %t", op.NoAuth, op.SecretParam, op.SecretBody)
	}
	if len(op.Params) != 2 || op.Params[0].CollectionFormat != "multi" || op.Params[1].In != "header" || !op.Params[1].Required {
		t.Errorf("params %+v %+v", op.Params[0], op.Params[1])
	}
	if op.Result == nil || op.Result.Type.Kind != KindArray || op.Result.Type.Elem.Model.GoName != "Base" {
		t.Errorf("result %+v", op.Result)
	}
	// Without an operationId the name comes from the path and the method.
	get := operationNamed(t, api, "ThingsGet")
	if get.Result == nil || get.Result.Type.Kind != KindBinary {
		t.Errorf("binary result %+v", get.Result)
	}
	// An operation goes to the service of its first selected tag.
	for _, s := range api.Services {
		for _, o := range s.Operations {
			if o == op && s.Tag != "things" {
				t.Errorf("CreateThing in service %s", s.Tag)
			}
		}
	}
	only := buildFrom(t, shapesDoc, "other")
	if len(only.Services) != 1 || len(only.Services[0].Operations) != 2 {
		t.Errorf("-tags other: %d services", len(only.Services))
	}
}

func TestBuildRejectsClashingNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "doc.yaml")
	text := `
swagger: "2.0"
info: {title: T, version: "1"}
definitions:
  A: {type: object, x-go-name: Same, properties: {x: {type: string}}}
  B: {type: object, x-go-name: Same, properties: {y: {type: string}}}
paths: {}
`
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := loadDocument(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = buildAPI(doc, []string{"all"}, nil)
	if err == nil || !strings.Contains(err.Error(), "both get the Go name Same") {
		t.Fatalf("err = %v", err)
	}
}

func TestNaming(t *testing.T) {
	for in, want := range map[string]string{
		"default_s3_path":                        "DefaultS3Path",
		"id":                                     "ID",
		"access_key_id":                          "AccessKeyID",
		"service_role_arn":                       "ServiceRoleARN",
		"X-TILEDB-CLOUD-ACCESS-CREDENTIALS-NAME": "XTiledbCloudAccessCredentialsName",
		"read-write":                             "ReadWrite",
		"user:read-write":                        "UserReadWrite",
		"3d":                                     "N3d",
	} {
		if got := camelCase(in); got != want {
			t.Errorf("camelCase(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"ID": "id", "AWSAccessCredentials": "awsAccessCredentials", "DefaultS3Path": "defaultS3Path"} {
		if got := lowerFirst(in); got != want {
			t.Errorf("lowerFirst(%q) = %q, want %q", in, got, want)
		}
	}
	if got := varName("type"); got != "typeValue" {
		t.Errorf("varName(type) = %q", got)
	}
	if got := snakeCase("AWSAccessCredentials"); got != "aws_access_credentials" {
		t.Errorf("snakeCase = %q", got)
	}
}

func TestPhrase(t *testing.T) {
	for _, c := range []struct{ name, desc, want string }{
		{"ID", "ID is the unique id of the user.", "ID is the unique id of the user."},
		{"Email", "the user's email", "Email is the user's email."},
		{"IsValid", "reports whether the email is confirmed", "IsValid reports whether the email is confirmed."},
		{"Count", "", "Count is the count property."},
	} {
		if got := phrase(c.name, c.desc, "is the count property."); got != c.want {
			t.Errorf("phrase(%q, %q) = %q, want %q", c.name, c.desc, got, c.want)
		}
	}
}

// goTypeDoc is a document whose remember query parameter carries the
// x-go-type value GOTYPE.
const goTypeDoc = `
swagger: "2.0"
info: {title: T, version: "1"}
paths:
  /session:
    parameters:
      - {name: remember, in: query, type: string, x-go-type: GOTYPE}
      - {name: X-Flag, in: header, type: string, required: true, x-go-type: bool}
      - {name: plain, in: query, type: string}
    get:
      operationId: getSession
      responses:
        "200": {description: ok}
`

func TestBuildXGoTypeBool(t *testing.T) {
	api := buildFrom(t, strings.Replace(goTypeDoc, "GOTYPE", "bool", 1))
	op := operationNamed(t, api, "GetSession")
	kinds := map[string]Kind{}
	for _, p := range op.Params {
		kinds[p.Name] = p.Type.Kind
	}
	want := map[string]Kind{"remember": KindBool, "X-Flag": KindBool, "plain": KindString}
	for name, k := range want {
		if kinds[name] != k {
			t.Errorf("parameter %s: kind %d, want %d", name, kinds[name], k)
		}
	}
	if got := op.OptsName(); got != "GetSessionOpts" {
		t.Errorf("OptsName = %q", got)
	}
}

func TestBuildXGoTypeBoolSendsOnlyTrue(t *testing.T) {
	api := buildFrom(t, strings.Replace(goTypeDoc, "GOTYPE", "bool", 1))
	cfg := &config{pkg: "sdk", label: "doc.yaml"}
	out, err := emitService(cfg, api, api.Services[0]).render(cfg)
	if err != nil {
		t.Fatal(err)
	}
	src := string(out)
	for _, want := range []string{
		"Remember bool",
		"if opts.Remember {\n\t\t\tq.Add(\"remember\", strconv.FormatBool(opts.Remember))",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("api_default.go lacks %q:\n%s", want, src)
		}
	}
}

func TestBuildRejectsBadXGoType(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"unknown value", strings.Replace(goTypeDoc, "GOTYPE", "int", 1),
			`#/paths/~1session/parameters/0/x-go-type: parameter remember: unknown x-go-type "int" (known: bool)`},
		{"path parameter", strings.Replace(strings.Replace(goTypeDoc, "GOTYPE", "bool", 1),
			"{name: plain, in: query, type: string}", "{name: id, in: path, type: string, required: true, x-go-type: bool}", 1),
			"#/paths/~1session/parameters/2/x-go-type: parameter id: x-go-type applies to query and header parameters, not path"},
		{"not a string", strings.Replace(strings.Replace(goTypeDoc, "GOTYPE", "bool", 1),
			"{name: plain, in: query, type: string}", "{name: n, in: query, type: integer, x-go-type: bool}", 1),
			`#/paths/~1session/parameters/2/x-go-type: parameter n: x-go-type applies to a parameter of type string, not "integer"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "doc.yaml")
			if err := os.WriteFile(path, []byte(tc.doc), 0o644); err != nil {
				t.Fatal(err)
			}
			doc, err := loadDocument(path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = buildAPI(doc, []string{"all"}, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
