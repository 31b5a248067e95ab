package main

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// hostileTexts are document texts that must not change the meaning of the
// Go source they reach.
var hostileTexts = []string{
	"plain", "", "-", `quo"te`, `back\slash`, "back`tick", "com,ma", "ctl\x01char", "nul\x00", "new\nline",
	"cr\rreturn", "sp ace", "line\u2028sep", "para\u2029sep", "bom\ufeff", "bidi\u202eevil\u2066", "end */ of /* comment",
	"<html>&amp;", "é", "名前", "colon:semi;", "bad\xffutf8", "*/*/", "//go:generate rm -rf /", "%d %s %%",
	"\"`\\\n*/\x7f",
}

func TestGoStringQuotesAnything(t *testing.T) {
	for _, s := range hostileTexts {
		lit := goString(s)
		expr, err := parser.ParseExpr(lit)
		if err != nil {
			t.Errorf("goString(%q) = %s does not parse: %v", s, lit, err)
			continue
		}
		got, err := strconv.Unquote(expr.(*ast.BasicLit).Value)
		if err != nil || got != strings.ToValidUTF8(s, "\ufffd") && got != s {
			t.Errorf("goString(%q) = %s reads back as %q (%v)", s, lit, got, err)
		}
	}
}

// TestStructTagAgreesWithEncodingJSON checks each tag structTag writes
// against reflect and encoding/json: the field encodes under exactly the
// document's name, or gets no tag at all.
func TestStructTagAgreesWithEncodingJSON(t *testing.T) {
	for _, name := range hostileTexts {
		for _, opts := range []string{"", ",omitempty"} {
			tag := structTag(name, opts)
			if tag == "" {
				if validTagName(name) {
					t.Errorf("structTag(%q) is empty for a valid tag name", name)
				}
				continue
			}
			raw, err := strconv.Unquote(tag)
			if err != nil {
				t.Fatalf("structTag(%q) = %s is not a raw string: %v", name, tag, err)
			}
			typ := reflect.StructOf([]reflect.StructField{{Name: "F", Type: reflect.TypeOf(""), Tag: reflect.StructTag(raw)}})
			v := reflect.New(typ).Elem()
			v.Field(0).SetString("x")
			b, err := json.Marshal(v.Interface())
			if err != nil {
				t.Fatal(err)
			}
			if want := "{" + jsonString(name) + `:"x"}`; string(b) != want {
				t.Errorf("a field tagged %s encodes as %s, want %s", tag, b, want)
			}
		}
	}
}

// TestCommentTextStaysAComment checks that a comment made of any document
// text is one comment that ends where it should.
func TestCommentTextStaysAComment(t *testing.T) {
	for _, s := range hostileTexts {
		for _, src := range []string{
			"package p\n\n" + comment(s+"\n\nsecond "+s, "") + "var X = 1\n",
			"package p\n\n// " + commentLine(s) + "\nvar X = 1\n",
		} {
			f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, parser.ParseComments)
			if err != nil {
				t.Errorf("text %q: %v\n%s", s, err, src)
				continue
			}
			if len(f.Decls) != 1 || len(f.Comments) != 1 {
				t.Errorf("text %q: %d declarations and %d comment groups\n%s", s, len(f.Decls), len(f.Comments), src)
			}
			for _, c := range f.Comments[0].List {
				text := c.Text
				if !strings.HasPrefix(text, "//") || strings.HasPrefix(text, "//go:") || !utf8.ValidString(text) ||
					strings.Contains(text, "*/") || strings.IndexFunc(text, func(r rune) bool {
					return r != '\t' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029')
				}) >= 0 {
					t.Errorf("text %q gives the comment line %q", s, text)
				}
			}
		}
	}
}

func TestPointerEscapes(t *testing.T) {
	got := rootPointer.at("paths", "/users/{id}", "get").at("a~b").index(2)
	if want := pointer("#/paths/~1users~1{id}/get/a~0b/2"); got != want {
		t.Errorf("pointer %s, want %s", got, want)
	}
	if s := rootPointer.at("definitions", "new\nline").String(); s != `"#/definitions/new\nline"` {
		t.Errorf("a pointer holding a newline prints as %s", s)
	}
}

// TestDecodingErrorsNameThePointer checks that a value of the wrong YAML
// kind is refused with the pointer of that value, in block and flow style.
func TestDecodingErrorsNameThePointer(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{"swagger: \"2.0\"\ndefinitions:\n  A:\n    type: object\n    properties:\n      b: {type: [string], format: x}\n",
			"#/definitions/A/properties/b/type: line 6: cannot unmarshal !!seq into string"},
		{"swagger: \"2.0\"\ndefinitions:\n  A:\n    required: true\n", "#/definitions/A/required: line 4: cannot unmarshal !!bool `true`"},
		{"swagger: \"2.0\"\ndefinitions: [1]\n", "#/definitions: line 2, column 14: expected a mapping"},
		{"swagger: \"2.0\"\ndefinitions:\n  A: {}\n  A: {}\n", `#/definitions/A: line 4, column 3: duplicate key "A"`},
		{"swagger: \"2.0\"\npaths:\n  /a:\n    get:\n      parameters: {x: 1}\n", "#/paths/~1a/get/parameters: line 5: cannot unmarshal !!map into"},
		{"- a\n", "#: expected a Swagger 2.0 document"},
		{"swagger: \"3.0\"\n", "#/swagger: swagger is \"3.0\""},
		{"openapi: 3.0.0\ninfo: {title: x}\n", "#/openapi: an OpenAPI \"3.0.0\" document; only Swagger 2.0 documents are supported"},
	} {
		_, err := parseDocument("doc.yaml", []byte(c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parseDocument(%q) = %v, want %q", c.doc, err, c.want)
		}
	}
}
