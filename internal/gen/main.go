// Command gen generates the SDK's API surface from a Swagger 2.0 document:
// the models, the enums, the operation tables, the <Tag>Api interfaces and
// <Tag>ApiService methods, and the glue through which the runtime reaches
// them (APIClient with its services, the decoder's slabs, the secret JSON
// keys, the error model's decoding, maxPathParams). The runtime's contract.go
// lists what generated code may use of the runtime.
//
// The generator is a module of its own, so that the SDK's go.mod requires
// nothing it alone uses (the YAML parser). In the SDK (go generate at the
// module root, or make generate):
//
//	go run -C internal/gen . -C ../.. -spec api/openapi.yaml -tags user -package tiledbcloud -out .
//
// The first -C is the go command's; the second, the generator's own, makes
// the other paths relative to the SDK's root again. That run writes the
// generated files next to the hand-written runtime, with the SDK's own
// files (the fuzz mirrors, the tests' operation table, the mock, the docs'
// generated regions and the pages or sections the docs lack), and removes
// generated files the document no longer produces. With -out naming another
// directory (make gen) it writes a self-contained package there instead:
// the generated files, a copy of the runtime (the non-test, non-generated
// .go files of -runtime that declare something, so not the SDK's
// generate.go; package clause rewritten) and a round-trip test
// per model. Either way, the runtime's optional helpers (internal/gen/runtime,
// helpers.go) are copied in when the generated code needs them. -tags is
// "all", one tag, or a comma-separated list.
//
// # Refusals
//
// The generator either generates a package or refuses the document with
// errors that each start with the JSON pointer of what they refuse, such
// as "#/definitions/Thing/properties/born: ...", and name the construct;
// a value of the wrong YAML kind is named the same way. Refused are: an
// allOf cycle (once, whichever definition meets it), an inline allOf that
// includes the definition holding it, a $ref to another file or to
// nothing, a null schema or path item, an x-go-name that is not an
// exported Go identifier or that another name holds, an enum value that is
// not of the enum's type (an integer enum's "high"), a host (or
// x-default-host) that is not a host name with an optional port, a header
// parameter or apiKey header whose name is not an HTTP token, an apiKey
// neither in a header nor the query, an unknown security type, an unknown
// schema type. It never panics: a panic would be a bug, which a
// last-resort recovery reports as an "internal error" naming what it was
// working on (the corpus test and FuzzGenerate check that no document
// reaches it).
//
// # Shapes and what the document decides
//
// Each shape is encoded as encoding/json encodes the Go value it becomes:
// binary data inside JSON (format: binary, type: file) is a []byte, a
// base64 string; format: date is the runtime's Date, "2006-01-02" in JSON
// and parameters (format: date-time stays a time.Time); an integer,
// number or boolean enum is a named type of that kind, a value given twice
// kept once; allOf of one schema beside annotations (a description,
// x-nullable) is that schema's type; additionalProperties beside
// properties are kept in an AdditionalProperties map; nil slices and maps
// inside slices, maps and Nullable are null; a required or x-nullable
// reference in a cycle of such references is *T or Nullable[*T]; $refs
// are JSON pointers (%xx, ~1 and ~0 undone). Optional boolean and number
// parameters are pointers, so that false and 0 are sent; formData is sent
// as application/x-www-form-urlencoded unless the operation has a file or
// consumes multipart/form-data first.
//
// The glue holds what the document decides: DefaultBasePath from schemes
// (https unless only http is listed), host (else x-default-host, else the
// placeholder https://localhost, which the package comment points out) and
// basePath; the API key header from securityDefinitions (the first the
// document's security requires), whether basic authentication is offered,
// and why an API key cannot be sent (credentials the document does not
// define are refused before sending); and the error model APIError.Model
// holds: the Error definition when it is an object, else the object
// definition the error responses (default, 4xx, 5xx) use most, else a
// synthetic one with a message. When it is not named ModelError, the glue
// declares ModelError as an alias of it; its string message and
// request_id (or requestId) are what errors show.
//
// # Names
//
// Every Go name the package declares or its generated code uses goes
// through one register (register.go): types, constants, functions,
// variables, fields, getters, methods, the parameters and locals of
// generated methods, the runtime's and helpers' names, imports, Go's
// keywords and predeclared names, and file names. Where the name a
// document implies is taken, it changes the same way on every run:
//
//   - A definition's type name is claimed before anything else: the error
//     model first (the synthetic one, which is ModelError, or its
//     definition; when that is not named ModelError, ModelError is kept
//     for the glue's alias of it), then the definitions named by x-go-name
//     or already spelled as their Go name, then the others, each in
//     document order. A name that is a Go predeclared name or keyword in
//     any case, or one the runtime declares, gets the prefix Model (Error
//     is ModelError). A type claims with it the names its round-trip test
//     declares (mirror<T>, mirror<T>Keys, random<T>, TestRoundTrip<T>).
//   - A property named like one of the model's methods (Format, LogValue,
//     MarshalJSON, UnmarshalJSON) gets the suffix Field; a parameter or
//     variable named like a Go keyword or predeclared name, a local or
//     import of the generated method, or a name of the package, gets the
//     suffix Value (url is urlValue).
//   - Otherwise the later claim, in the order the generator reaches names
//     (definitions' types first, then operations in path order with the
//     schemas they use, then the other definitions in document order, and
//     within a model its properties in document order), gets the smallest
//     number from 2 up that makes it unique, after an underscore when the
//     name ends in a digit: StatusError2, GetItemOpts2, Format2, S3_2. A
//     field and its getter, and a tag's <Tag>Api and <Tag>ApiService, take
//     their number together. A model's AdditionalProperties field claims
//     its name after the properties (AdditionalProperties2 when a property
//     has it); an enum constant of a number is the enum's name and the
//     number, N before a digit, Minus for - and Point for . (LevelN1,
//     LevelMinus1, RatioN0Point5).
//   - A name set with x-go-name (or x-go-enum-names) is never changed: if
//     it is taken, the document is refused with an error naming both
//     holders and suggesting x-go-name.
//   - A name with no letter or digit falls back to a word of its kind
//     (Model, Field, Param, Tag, Call); one whose first letter has no upper
//     case (名前) gets an X before it.
//   - A file name keeps only a-z, 0-9 and _, gets _gen appended when it
//     would end in _test or a GOOS or GOARCH word (model_windows_gen.go),
//     and _2, _3 when another file has it.
//
// Document text reaches Go source only as string literals, struct tags
// (quote.go) and comments neutralised by commentText.
//
// With -fake it writes, into -out, the fake server's operation constants,
// route table, handler interface and encoding/json wire types
// (emit_fake.go); the SDK's generate.go runs it for package tiledbcloudtest.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// config is the command line.
type config struct {
	spec, pkg, out, runtime string
	// label names the document in the generated files' header; the -spec
	// path when empty.
	label      string
	tags       []string
	standalone bool
	// fake writes the fake server's routes and wire types (emit_fake.go)
	// into out instead of an SDK package.
	fake bool
	// onlyStandalone refuses to write into the runtime's directory, which
	// would replace the SDK's generated files (make gen).
	onlyStandalone bool
}

// header returns the first line of every generated file. It matches Go's
// convention for generated code (^// Code generated .* DO NOT EDIT\.$).
func (c *config) header() string {
	label := c.label
	if label == "" {
		label = c.spec
	}
	return generatedPrefix + commentLine(filepath.ToSlash(label)) + ". DO NOT EDIT."
}

// generatedPrefix starts the first line of every file this command wrote.
const generatedPrefix = "// Code generated by internal/gen from "

func main() {
	var cfg config
	var tags, dir string
	flag.StringVar(&dir, "C", "", "change to `dir` before reading or writing anything, as the go command's -C does")
	flag.StringVar(&cfg.spec, "spec", "api/openapi.yaml", "the Swagger 2.0 document")
	flag.StringVar(&tags, "tags", "all", `the tags to generate: "all", one tag, or a comma-separated list`)
	flag.StringVar(&cfg.pkg, "package", "tiledbcloud", "the package name of the output")
	flag.StringVar(&cfg.out, "out", ".", "the output directory")
	flag.StringVar(&cfg.runtime, "runtime", ".", "the directory of the hand-written runtime")
	flag.BoolVar(&cfg.fake, "fake", false, "write the fake server's operations, routes and wire types into -out")
	flag.BoolVar(&cfg.onlyStandalone, "standalone", false, "refuse an -out that is the runtime's own directory (make gen)")
	flag.Parse()
	cfg.tags = strings.Split(tags, ",")
	if dir != "" {
		if err := os.Chdir(dir); err != nil {
			fmt.Fprintln(os.Stderr, "gen: -C:", err)
			os.Exit(1)
		}
	}
	if err := run(&cfg); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// run generates the output cfg describes.
func run(cfg *config) error {
	if !token.IsIdentifier(cfg.pkg) || cfg.pkg == "_" || cfg.pkg == "main" {
		return fmt.Errorf("-package %q is not a Go identifier that can name a library package", cfg.pkg)
	}
	for _, t := range cfg.tags {
		if strings.TrimSpace(t) == "" {
			return errors.New("-tags has an empty tag")
		}
	}
	outAbs, err := filepath.Abs(cfg.out)
	if err != nil {
		return err
	}
	rtAbs, err := filepath.Abs(cfg.runtime)
	if err != nil {
		return err
	}
	cfg.standalone = outAbs != rtAbs && !cfg.fake
	if cfg.onlyStandalone && !cfg.standalone {
		return fmt.Errorf("-out %s is the runtime's own directory: a standalone package needs a directory of its own (make generate regenerates the SDK)", cfg.out)
	}
	api, rt, files, err := render(cfg)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return err
	}
	if cfg.standalone {
		usesPrepare := false
		for _, s := range api.Services {
			for _, op := range s.Operations {
				usesPrepare = usesPrepare || op.Prepare != ""
			}
		}
		for _, rf := range rt.files {
			if rf.name == "prepare.go" && !usesPrepare {
				continue // per-operation behaviour of the SDK's own document
			}
			if missingRequirement(rf.src, api) != "" {
				continue // built on an operation or model this document lacks
			}
			if _, gen := files[rf.name]; gen {
				continue // generated now, hand-written before
			}
			files[rf.name] = rewritePackage(dropPackageDoc(rf.src), cfg.pkg)
		}
	} else if err := removeStale(cfg.out, files, cfg.fake); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		path := filepath.Join(cfg.out, n)
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, files[n]) {
			continue
		}
		if err := os.WriteFile(path, files[n], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// render reads the document and the runtime and renders every file cfg
// generates, by name, without writing any.
func render(cfg *config) (*API, *runtimeSrc, map[string][]byte, error) {
	doc, err := loadDocument(cfg.spec)
	if err != nil {
		return nil, nil, nil, err
	}
	rt, err := runtimeFiles(cfg.runtime)
	if err != nil {
		return nil, nil, nil, err
	}
	api, err := buildAPI(doc, cfg.tags, rt.names)
	if err != nil {
		return nil, nil, nil, err
	}
	if len(api.Services) == 0 && !(len(cfg.tags) == 1 && cfg.tags[0] == "all") {
		return nil, nil, nil, fmt.Errorf("%s has no operation tagged %s", cfg.spec, strings.Join(cfg.tags, ", "))
	}
	files, err := generate(cfg, api)
	return api, rt, files, err
}

// generate renders every generated file, by name.
func generate(cfg *config, api *API) (_ map[string][]byte, err error) {
	if cfg.fake {
		return generateFake(cfg, api)
	}
	at := rootPointer // what the emitters work on, for a crash
	defer recoverCrash(&at, &err)
	var gens []*genFile
	for _, m := range api.Models {
		at = m.At
		gens = append(gens, emitModel(m))
	}
	for _, e := range api.Enums {
		at = e.At
		gens = append(gens, emitEnum(e))
	}
	for _, s := range api.Services {
		at = s.At
		gens = append(gens, emitService(cfg, api, s))
	}
	at = rootPointer
	gens = append(gens, emitGlue(api))
	if cfg.standalone {
		gens = append(gens, emitRoundTripTests(api), emitPackageDoc(cfg, api))
	}
	out := map[string][]byte{}
	for _, g := range gens {
		if _, dup := out[g.name]; dup {
			return nil, fmt.Errorf("two generated files are named %s", g.name)
		}
		src, err := g.render(cfg)
		if err != nil {
			return nil, err
		}
		out[g.name] = src
	}
	if err := addHelpers(cfg, out); err != nil {
		return nil, err
	}
	if !cfg.standalone {
		return addProjectFiles(cfg, api, out)
	}
	return out, nil
}

// runtimeSrc is the hand-written part of the package.
type runtimeSrc struct {
	files []runtimeFile
	names *runtimeNames // the names generated ones must avoid
}

type runtimeFile struct {
	name string
	src  []byte
}

// runtimeFiles reads the non-test, non-generated .go files of dir that
// declare something.
func runtimeFiles(dir string) (*runtimeSrc, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	rt := &runtimeSrc{names: &runtimeNames{idents: map[string]bool{}, imports: map[string]bool{},
		files: map[string]bool{}, clientMembers: map[string]bool{}}}
	fset := token.NewFileSet()
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return nil, err
		}
		if isGenerated(src) {
			continue
		}
		file, err := parser.ParseFile(fset, n, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		rt.names.files[n] = true
		for _, id := range topLevelNames(file) {
			rt.names.idents[id] = true
		}
		for _, imp := range file.Imports {
			rt.names.imports[importName(imp)] = true
		}
		for _, d := range file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && receiverType(fd) == "APIClient" {
				rt.names.clientMembers[fd.Name.Name] = true
			}
		}
		if len(file.Decls) == 0 {
			// Nothing another package needs: the SDK's generate.go holds
			// only go:generate lines naming its own generator and document.
			continue
		}
		rt.files = append(rt.files, runtimeFile{n, src})
	}
	return rt, nil
}

// importName is the name by which a file refers to an import: its own, or
// the last element of the path (the package names of the standard library
// the runtime imports).
func importName(imp *ast.ImportSpec) string {
	if imp.Name != nil {
		return imp.Name.Name
	}
	p, _ := strconv.Unquote(imp.Path.Value)
	return p[strings.LastIndex(p, "/")+1:]
}

// receiverType returns the name of a method's receiver type, pointer or not.
func receiverType(fd *ast.FuncDecl) string {
	t := fd.Recv.List[0].Type
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// isGenerated reports whether src was written by this command.
func isGenerated(src []byte) bool {
	return bytes.HasPrefix(src, []byte(generatedPrefix))
}

// removeStale deletes the files this command wrote before that it does not
// write now (a model removed from the document); with fake, only the files
// -fake writes.
func removeStale(dir string, keep map[string][]byte, fake bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		n := e.Name()
		if _, ok := keep[n]; ok || e.IsDir() || !strings.HasSuffix(n, ".go") {
			continue
		}
		if fake && !strings.HasPrefix(n, fakeFilePrefix) {
			continue // the SDK's own run generates the rest (zz_mock.go)
		}
		src, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return err
		}
		if isGenerated(src) {
			if err := os.Remove(filepath.Join(dir, n)); err != nil {
				return err
			}
		}
	}
	return nil
}

// rewritePackage replaces the package clause of a runtime file, and the
// package name that starts its error and log messages ("tiledbcloud: ..."),
// so that a standalone package's errors name that package.
func rewritePackage(src []byte, pkg string) []byte {
	lines := bytes.Split(src, []byte("\n"))
	for i, l := range lines {
		if old, ok := bytes.CutPrefix(l, []byte("package ")); ok {
			lines[i] = []byte("package " + pkg)
			out := bytes.Join(lines, []byte("\n"))
			return bytes.ReplaceAll(out, []byte(`"`+string(bytes.TrimSpace(old))+`: `), []byte(`"`+pkg+`: `))
		}
	}
	return src
}

// dropPackageDoc removes the package comment of a runtime file, which
// describes the SDK, from the copy in a standalone package: the package's
// own comment (emitPackageDoc) describes what it calls.
func dropPackageDoc(src []byte) []byte {
	lines := bytes.Split(src, []byte("\n"))
	for i, l := range lines {
		if !bytes.HasPrefix(l, []byte("package ")) {
			continue
		}
		start := i
		for start > 0 && bytes.HasPrefix(lines[start-1], []byte("//")) && !bytes.HasPrefix(lines[start-1], []byte("//go:")) {
			start--
		}
		return bytes.Join(append(lines[:start:start], lines[i:]...), []byte("\n"))
	}
	return src
}

// requiresPrefix starts a line of a runtime file that names what the file is
// built on, such as "//gen:requires UserApi.GetSession Token": the service
// and operation, or the model, that a standalone package must have for the
// file to be copied into it.
const requiresPrefix = "//gen:requires "

// missingRequirement returns the first name a runtime file's //gen:requires
// lines list that api does not generate, or "" when it has them all.
func missingRequirement(src []byte, api *API) string {
	have := map[string]bool{}
	for _, m := range api.Models {
		have[m.GoName] = true
	}
	for _, s := range api.Services {
		have[s.GoName+"Api"] = true
		for _, op := range s.Operations {
			have[s.GoName+"Api."+op.GoName] = true
		}
	}
	for _, line := range strings.Split(string(src), "\n") {
		rest, ok := strings.CutPrefix(line, requiresPrefix)
		if !ok {
			continue
		}
		for _, name := range strings.Fields(rest) {
			if !have[name] {
				return name
			}
		}
	}
	return ""
}

// fakeFilePrefix starts the names of the files -fake writes; the other
// generated files of the fake's package come from the SDK's own run.
const fakeFilePrefix = "generated_"
