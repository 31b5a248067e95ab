package test

// The documentation tests keep README.md and docs/*.md true to the code.
//
// TestDocsCodeBlocksCompile type-checks every ```go block with one `go vet`
// run over generated packages, so an example that no longer compiles against
// the SDK fails the build. The convention for blocks:
//
//   - A block whose first code line starts with "package" is a complete Go
//     file. It is checked as is, alone in a package directory.
//   - Any other ```go block is a fragment: the body of a function that has
//     these variables in scope (a fragment may redeclare them with :=,
//     because it runs in a nested block):
//
//     ctx    context.Context
//     client *tiledbcloud.APIClient
//     cfg    *tiledbcloud.Configuration
//
//     A fragment may use the packages listed in docsFragmentImports without
//     importing them, must use every variable it declares, and must not
//     return a value. A fragment cannot declare methods; show those in a
//     complete file.
//   - Both kinds must be gofmt-formatted.
//   - Text that is not Go code (shell commands, output, JSON) goes in a block
//     tagged otherwise (```sh, ```text, ```json), which is not checked.
//   - A block that imports the OpenTelemetry module (docsOtelImport) is a
//     complete program checked by that module's own test, otel/docs_test.go:
//     this module does not depend on it.
//
// The generated packages live under .docscheck/ at the module root (go vet
// needs them inside the module to import the SDK); the test removes them
// when it ends, and .gitignore lists the directory.
//
// TestDocsCoverTheAPI checks that docs/UserApi.md has a section with the real
// signature of every UserApiService method, that README.md links to each,
// and that every model, field, getter and enum constant is documented.

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// docsFragmentImports are the packages a fragment may use without importing
// them, each with a name the generated file references so that an unused
// import is not an error.
var docsFragmentImports = []struct{ path, use string }{
	{"context", "context.Background"},
	{"encoding/json", "json.Marshal"},
	{"errors", "errors.Is"},
	{"fmt", "fmt.Println"},
	{"log", "log.Fatal"},
	{"log/slog", "slog.Default"},
	{"net/http", "http.MethodGet"},
	{"os", "os.Getenv"},
	{"time", "time.Second"},
	{"github.com/tiledbcloud-go/tiledbcloud", "tiledbcloud.Version"},
}

// docsOtelImport marks the blocks that otel/docs_test.go checks instead.
const docsOtelImport = `"github.com/tiledbcloud-go/tiledbcloud/otel"`

// docsVetTimeout bounds the go vet run, which normally takes seconds.
const docsVetTimeout = 5 * time.Minute

// docsBlock is a ```go block of a Markdown file.
type docsBlock struct {
	file  string // path relative to the module root, such as "docs/User.md"
	fence int    // line number of the opening fence
	first int    // line number of the first code line
	code  string // the code, without the fences
}

// pos names a line of the block for failure messages.
func (b docsBlock) pos(line int) string {
	return fmt.Sprintf("%s:%d (```go block at line %d)", b.file, line, b.fence)
}

// isProgram reports whether the block is a complete Go file.
func (b docsBlock) isProgram() bool {
	for _, line := range strings.Split(b.code, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		return strings.HasPrefix(line, "package ")
	}
	return false
}

// docsModuleRoot returns the absolute path of the module root, the parent of
// this test's directory.
func docsModuleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	require.Contains(t, string(mod), "module github.com/tiledbcloud-go/tiledbcloud\n", "unexpected module root %s", root)
	return root
}

// docsFiles returns README.md and docs/*.md, relative to root.
func docsFiles(t *testing.T, root string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no docs/*.md files")
	out := []string{"README.md"}
	for _, f := range files {
		rel, err := filepath.Rel(root, f)
		require.NoError(t, err)
		out = append(out, filepath.ToSlash(rel))
	}
	return out
}

var docsFenceOpen = regexp.MustCompile("^( {0,3})(```+|~~~+)[ \t]*([^ \t`]*)")

// docsExtractBlocks returns the ```go blocks of a Markdown document. It
// follows CommonMark fences: a closing fence uses the opening fence's
// character at least as many times, and content lines lose up to the
// opening fence's indentation.
func docsExtractBlocks(file, text string) ([]docsBlock, error) {
	var blocks []docsBlock
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		m := docsFenceOpen.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		indent, fence, lang := len(m[1]), m[2], m[3]
		start := i
		var code []string
		closed := false
		for i++; i < len(lines); i++ {
			trimmed := strings.TrimSpace(lines[i])
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]) == "" {
				closed = true
				break
			}
			line := lines[i]
			for n := 0; n < indent && strings.HasPrefix(line, " "); n++ {
				line = line[1:]
			}
			code = append(code, line)
		}
		if !closed {
			return nil, fmt.Errorf("%s:%d: code fence is never closed", file, start+1)
		}
		if lang == "go" {
			blocks = append(blocks, docsBlock{file: file, fence: start + 1, first: start + 2, code: strings.Join(code, "\n") + "\n"})
		}
	}
	return blocks, nil
}

// docsSpan maps lines of a generated file back to a block.
type docsSpan struct {
	genFirst, genLast int // lines of the generated file holding the block's code
	block             docsBlock
}

// docsGenFile is a generated Go file and the blocks in it.
type docsGenFile struct {
	path  string // absolute
	src   []byte
	spans []docsSpan
}

// docsProgramFile makes the generated file for a complete program.
func docsProgramFile(path string, b docsBlock) docsGenFile {
	n := strings.Count(b.code, "\n")
	return docsGenFile{path: path, src: []byte(b.code), spans: []docsSpan{{genFirst: 1, genLast: n, block: b}}}
}

// docsFragmentFile makes one generated file holding the fragments of a
// Markdown file, each as the body of a function of its own.
func docsFragmentFile(path string, frags []docsBlock) docsGenFile {
	var buf bytes.Buffer
	line := 1
	emit := func(s string) {
		buf.WriteString(s)
		buf.WriteByte('\n')
		line++
	}
	emit("// Code generated by TestDocsCodeBlocksCompile. DO NOT EDIT.")
	emit("")
	emit("package docfragments")
	emit("")
	emit("import (")
	for _, imp := range docsFragmentImports {
		if strings.Contains(imp.path, ".") {
			emit("") // gofmt sorts imports within a group: keep the SDK in its own
		}
		emit("\t" + strconv.Quote(imp.path))
	}
	emit(")")
	emit("")
	emit("var (")
	for _, imp := range docsFragmentImports {
		emit("\t_ = " + imp.use)
	}
	emit(")")
	gen := docsGenFile{path: path}
	for i, b := range frags {
		emit("")
		emit(fmt.Sprintf("func fragment%d(ctx context.Context, client *tiledbcloud.APIClient, cfg *tiledbcloud.Configuration) {", i+1))
		emit("\t{")
		first := line
		for _, l := range strings.Split(strings.TrimSuffix(b.code, "\n"), "\n") {
			if l == "" {
				emit("")
			} else {
				emit("\t\t" + l)
			}
		}
		gen.spans = append(gen.spans, docsSpan{genFirst: first, genLast: line - 1, block: b})
		emit("\t}")
		emit("}")
	}
	gen.src = buf.Bytes()
	return gen
}

// locate maps a line of the generated file to its Markdown position.
func (g docsGenFile) locate(line int) (docsBlock, int, bool) {
	for _, s := range g.spans {
		if line >= s.genFirst && line <= s.genLast {
			return s.block, s.block.first + line - s.genFirst, true
		}
	}
	return docsBlock{}, 0, false
}

// docsGofmtProblem returns a message for each block of g that is not
// gofmt-formatted.
func docsGofmtProblem(g docsGenFile) []string {
	formatted, err := format.Source(g.src)
	if err != nil {
		return nil // a syntax error, which go vet reports with its position
	}
	if bytes.Equal(formatted, g.src) {
		return nil
	}
	// Name the first differing line of each block.
	got := strings.Split(string(g.src), "\n")
	want := strings.Split(string(formatted), "\n")
	var problems []string
	reported := map[int]bool{}
	for i := 0; i < len(got); i++ {
		if i < len(want) && got[i] == want[i] {
			continue
		}
		b, mdLine, ok := g.locate(i + 1)
		if !ok {
			b, mdLine, ok = g.locate(i) // a line gofmt would add or drop after a block
		}
		if ok && !reported[b.fence] {
			reported[b.fence] = true
			problems = append(problems, b.pos(mdLine)+": not gofmt-formatted")
		}
		if !ok || len(got) != len(want) {
			break // the lines after an insertion or deletion all differ
		}
	}
	if len(problems) == 0 {
		for i := range got {
			if i >= len(want) || got[i] != want[i] {
				problems = append(problems, fmt.Sprintf("%s:%d: generated code is not gofmt-formatted: %q", g.path, i+1, got[i]))
				break
			}
		}
	}
	return problems
}

var docsVetPos = regexp.MustCompile(`([^\s:]+\.go):(\d+)(?::\d+)?: (.*)`)

// TestDocsCodeBlocksCompile type-checks and vets every ```go block of the
// documentation against the SDK in this tree (see the convention above).
func TestDocsCodeBlocksCompile(t *testing.T) {
	root := docsModuleRoot(t)
	goBin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command is needed to type-check the documentation")

	var blocks []docsBlock
	for _, file := range docsFiles(t, root) {
		text, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		require.NoError(t, err)
		bs, err := docsExtractBlocks(file, string(text))
		require.NoError(t, err)
		blocks = append(blocks, bs...)
	}
	// UserApi.md alone has an example per operation.
	require.Greater(t, len(blocks), numOperations(),
		"too few ```go blocks found: is the extraction broken?")

	// A directory of its own per run, so that concurrent runs do not collide.
	parent := filepath.Join(root, ".docscheck")
	require.NoError(t, os.MkdirAll(parent, 0o755))
	dir, err := os.MkdirTemp(parent, "run-")
	require.NoError(t, err)
	t.Cleanup(func() {
		assert.NoError(t, os.RemoveAll(dir))
		_ = os.Remove(parent) // fails, harmlessly, while another run uses it
	})

	var gens []docsGenFile
	fragsByFile := map[string][]docsBlock{}
	var fileOrder []string
	for i, b := range blocks {
		if strings.Contains(b.code, docsOtelImport) {
			continue
		}
		if b.isProgram() {
			gens = append(gens, docsProgramFile(filepath.Join(dir, fmt.Sprintf("p%03d", i), "main.go"), b))
			continue
		}
		if fragsByFile[b.file] == nil {
			fileOrder = append(fileOrder, b.file)
		}
		fragsByFile[b.file] = append(fragsByFile[b.file], b)
	}
	for i, file := range fileOrder {
		gens = append(gens, docsFragmentFile(filepath.Join(dir, fmt.Sprintf("f%03d", i), "fragments.go"), fragsByFile[file]))
	}

	args := []string{"vet"}
	byPath := map[string]docsGenFile{}
	for _, g := range gens {
		require.NoError(t, os.MkdirAll(filepath.Dir(g.path), 0o755))
		require.NoError(t, os.WriteFile(g.path, g.src, 0o644))
		byPath[g.path] = g
		rel, err := filepath.Rel(root, filepath.Dir(g.path))
		require.NoError(t, err)
		args = append(args, "./"+filepath.ToSlash(rel))
		for _, problem := range docsGofmtProblem(g) {
			t.Error(problem)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), docsVetTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, args...)
	cmd.Dir = root
	// Offline: the blocks import only the standard library and the SDK.
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
	out, err := cmd.CombinedOutput()
	if err == nil {
		return
	}
	mapped := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := docsVetPos.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		path := m[1]
		if !filepath.IsAbs(path) {
			path = filepath.Join(root, filepath.FromSlash(path))
		}
		g, ok := byPath[filepath.Clean(path)]
		if !ok {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		if b, mdLine, ok := g.locate(line); ok {
			t.Errorf("%s: %s", b.pos(mdLine), m[3])
		} else {
			t.Errorf("%s:%d (generated code around a block): %s", path, line, m[3])
		}
		mapped++
	}
	if mapped == 0 {
		t.Fatalf("go vet of the documentation's code failed: %v\n%s", err, out)
	}
}

// docsSection returns the text of the "## name" section of a document, or "".
func docsSection(doc, name string) string {
	start := strings.Index(doc, "\n## "+name+"\n")
	if start < 0 {
		return ""
	}
	rest := doc[start+1:]
	if end := strings.Index(rest[3:], "\n## "); end >= 0 {
		return rest[:end+3]
	}
	return rest
}

// docsAnchor returns the GitHub anchor of a heading made of one identifier.
func docsAnchor(name string) string { return "#" + strings.ToLower(name) }

// TestDocsCoverTheAPI checks that the documentation names every operation
// with its real signature, and every model, field, getter and constant.
func TestDocsCoverTheAPI(t *testing.T) {
	root := docsModuleRoot(t)
	fset := token.NewFileSet()
	pkgFiles, err := filepath.Glob(filepath.Join(root, "*.go"))
	require.NoError(t, err)
	var files []*ast.File
	for _, path := range pkgFiles {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		files = append(files, f)
	}
	read := func(rel string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		require.NoError(t, err)
		return string(b)
	}
	userAPI, readme := read("docs/UserApi.md"), read("README.md")

	t.Run("operations", func(t *testing.T) {
		var methods []string
		sigs := map[string]string{}
		for _, f := range files {
			for _, decl := range f.Decls {
				fn, ok := decl.(*ast.FuncDecl)
				if !ok || fn.Recv == nil || !fn.Name.IsExported() || len(fn.Recv.List) != 1 {
					continue
				}
				star, ok := fn.Recv.List[0].Type.(*ast.StarExpr)
				if !ok {
					continue
				}
				if id, ok := star.X.(*ast.Ident); !ok || id.Name != "UserApiService" {
					continue
				}
				var sig bytes.Buffer
				require.NoError(t, printer.Fprint(&sig, fset, &ast.FuncDecl{Recv: fn.Recv, Name: fn.Name, Type: fn.Type}))
				methods = append(methods, fn.Name.Name)
				sigs[fn.Name.Name] = sig.String()
			}
		}
		require.Len(t, methods, numOperations(), "UserApiService methods")
		sort.Strings(methods)
		lastPos := -1
		for _, name := range methods {
			section := docsSection(userAPI, name)
			if !assert.NotEmpty(t, section, "docs/UserApi.md has no \"## %s\" section", name) {
				continue
			}
			if !strings.Contains(section, "\n> "+sigs[name]+"\n") {
				t.Errorf("docs/UserApi.md: section %s: the signature line should read\n> %s", name, sigs[name])
			}
			if !strings.Contains(section, "client.UserApi."+name+"(") {
				t.Errorf("docs/UserApi.md: section %s has no example calling client.UserApi.%s", name, name)
			}
			pos := strings.Index(userAPI, "\n## "+name+"\n")
			assert.Greater(t, pos, lastPos, "docs/UserApi.md: %s is out of alphabetical order", name)
			lastPos = pos
			assert.Contains(t, userAPI, "(#"+strings.ToLower(name)+")", "docs/UserApi.md: the table of operations does not link to %s", name)
			assert.Contains(t, readme, "(docs/UserApi.md"+docsAnchor(name)+")", "README.md does not link to %s", name)
		}
	})

	t.Run("types", func(t *testing.T) {
		// Every type of a model_*.go file, and the other types users configure
		// or handle, has a page listing its fields, getters and constants.
		documented := map[string]bool{
			"GetSessionOpts": true, "Configuration": true, "RetryPolicy": true, "BasicAuth": true, "APIError": true,
			"Operation": true, "Credentials": true, "SessionCredentials": true, "Request": true, "Middleware": true,
		}
		for _, f := range files {
			if strings.HasPrefix(filepath.Base(fset.File(f.Pos()).Name()), "model_") {
				for _, decl := range f.Decls {
					if gd, ok := decl.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
						for _, spec := range gd.Specs {
							if ts := spec.(*ast.TypeSpec); ts.Name.IsExported() {
								documented[ts.Name.Name] = true
							}
						}
					}
				}
			}
		}
		require.GreaterOrEqual(t, len(documented), 15)
		for _, f := range files {
			for _, decl := range f.Decls {
				switch d := decl.(type) {
				case *ast.GenDecl:
					docsCheckGenDecl(t, root, documented, d)
				case *ast.FuncDecl:
					docsCheckGetter(t, root, documented, d)
				}
			}
		}
		for name := range documented {
			assert.Contains(t, readme, "(docs/"+name+".md)", "README.md does not link to docs/%s.md", name)
		}
	})
}

// docsPage returns docs/<name>.md, failing the test if it is missing.
func docsPage(t *testing.T, root, name string) (string, bool) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "docs", name+".md"))
	if !assert.NoError(t, err, "docs/%s.md", name) {
		return "", false
	}
	return string(b), true
}

// docsCheckGenDecl checks that each field of a documented struct has a row
// in its page's field table, and that each constant of a documented enum is
// on its page.
func docsCheckGenDecl(t *testing.T, root string, documented map[string]bool, d *ast.GenDecl) {
	t.Helper()
	switch d.Tok {
	case token.TYPE:
		for _, spec := range d.Specs {
			ts := spec.(*ast.TypeSpec)
			st, ok := ts.Type.(*ast.StructType)
			if !ok || !documented[ts.Name.Name] {
				continue
			}
			page, ok := docsPage(t, root, ts.Name.Name)
			if !ok {
				continue
			}
			for _, field := range st.Fields.List {
				for _, n := range field.Names {
					if n.IsExported() {
						assert.Contains(t, page, "| `"+n.Name+"` |", "docs/%s.md has no row for field %s", ts.Name.Name, n.Name)
					}
				}
			}
		}
	case token.CONST:
		for _, spec := range d.Specs {
			vs := spec.(*ast.ValueSpec)
			id, ok := vs.Type.(*ast.Ident)
			if !ok || !documented[id.Name] {
				continue
			}
			page, ok := docsPage(t, root, id.Name)
			if !ok {
				continue
			}
			for _, n := range vs.Names {
				assert.Contains(t, page, "| `"+n.Name+"` |", "docs/%s.md has no row for constant %s", id.Name, n.Name)
			}
		}
	}
}

// docsCheckGetter checks that each GetX method of a documented type is
// listed on its page.
func docsCheckGetter(t *testing.T, root string, documented map[string]bool, fn *ast.FuncDecl) {
	t.Helper()
	if fn.Recv == nil || len(fn.Recv.List) != 1 || !strings.HasPrefix(fn.Name.Name, "Get") || !fn.Name.IsExported() {
		return
	}
	recv := fn.Recv.List[0].Type
	if star, ok := recv.(*ast.StarExpr); ok {
		recv = star.X
	}
	id, ok := recv.(*ast.Ident)
	if !ok || !documented[id.Name] || id.Name == "UserApiService" {
		return
	}
	page, ok := docsPage(t, root, id.Name)
	if !ok {
		return
	}
	assert.Contains(t, page, "`"+fn.Name.Name+"()", "docs/%s.md does not list %s", id.Name, fn.Name.Name)
}
