package main

import (
	"fmt"
	"go/token"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// The register holds every Go name the generated package declares or its
// generated code uses, scope by scope, with what holds each, so that no two
// things get one name. Main.go's package doc gives the rules by which a
// name is chosen when the one a document implies is taken.

// scope is one Go name space: the package block, the members of a type, the
// parameters and locals of a generated method, or the package's file names.
type scope struct {
	held map[string]string // name -> what holds it
	// fixed are the names reserved for something the document does not
	// name (reserve), as opposed to claimed for something it does.
	fixed map[string]bool
	// parent holds the names that are taken here too: a method's scope sees
	// the package's names and Go's predeclared ones.
	parent *scope
}

func newScope(parent *scope) *scope {
	return &scope{held: map[string]string{}, fixed: map[string]bool{}, parent: parent}
}

// holder returns what holds name in s or its parents.
func (s *scope) holder(name string) (string, bool) {
	for ; s != nil; s = s.parent {
		if h, ok := s.held[name]; ok {
			return h, true
		}
	}
	return "", false
}

// reserved reports whether name is reserved (reserve) in s or its parents.
func (s *scope) reserved(name string) bool {
	for ; s != nil; s = s.parent {
		if s.fixed[name] {
			return true
		}
	}
	return false
}

// reserve records names held by something the document does not name: the
// runtime, the generated code's own names, Go itself. A name already held
// keeps its first holder.
func (s *scope) reserve(holder string, names ...string) {
	for _, n := range names {
		if _, ok := s.held[n]; !ok {
			s.held[n] = holder
			s.fixed[n] = true
		}
	}
}

// claim gives holder want if it is free, or else want with the smallest
// number from 2 up that is free (after an underscore when want ends in a
// digit, so that Value2 and 2 give Value2_2, not Value22).
func (s *scope) claim(want, holder string) string {
	name := want
	for i := 2; ; i++ {
		if _, taken := s.holder(name); !taken {
			s.held[name] = holder
			return name
		}
		name = withNumber(want, i)
	}
}

// claimAll gives holder the smallest number (none, then 2 up) that makes
// every name of the group free, so that names derived together (UserApi
// and UserApiService) keep together; it returns the number's suffix.
func (s *scope) claimAll(holder string, group func(suffix string) []string) string {
	for i := 1; ; i++ {
		suffix := ""
		if i > 1 {
			suffix = strconv.Itoa(i)
		}
		names := group(suffix)
		free := true
		for _, n := range names {
			if _, taken := s.holder(n); taken {
				free = false
				break
			}
		}
		if free {
			for _, n := range names {
				s.held[n] = holder
			}
			return suffix
		}
	}
}

// claimType claims a model or enum type name with its round-trip test's
// (testNames): want as it is when exact (an x-go-name), else want or want
// with a number.
func (s *scope) claimType(want, holder string, exact bool) (string, error) {
	if exact {
		if err := s.claimExact(want, holder); err != nil {
			return "", err
		}
		for _, n := range testNames(want) {
			if err := s.claimExact(n, "the round-trip test of "+holder); err != nil {
				return "", err
			}
		}
		return want, nil
	}
	suffix := s.claimAll(holder, func(sfx string) []string {
		return append([]string{numberedIf(want, sfx)}, testNames(numberedIf(want, sfx))...)
	})
	return numberedIf(want, suffix), nil
}

// claimExact gives holder want as it is: a name the document sets with
// x-go-name, which the generator never changes. A taken name is refused
// with an error naming both holders.
func (s *scope) claimExact(want, holder string) error {
	if prev, taken := s.holder(want); taken {
		return fmt.Errorf("%s and %s both get the Go name %s; set x-go-name on one of them", holder, prev, want)
	}
	s.held[want] = holder
	return nil
}

// withNumber returns name with the number i appended.
func withNumber(name string, i int) string {
	if r := name[len(name)-1]; r >= '0' && r <= '9' {
		return name + "_" + strconv.Itoa(i)
	}
	return name + strconv.Itoa(i)
}

// register is the set of scopes of one generated package.
type register struct {
	// universe holds Go's keywords and predeclared names, which no name
	// of the package may shadow.
	universe *scope
	// pkg is the package block: the runtime's and helpers' top-level
	// names, the imports of every file, and every generated type,
	// constant, variable and function.
	pkg *scope
	// files holds the package's file names.
	files *scope
	// glue holds the fields of the decoder's modelValues (the slabs).
	glue *scope
	// client holds APIClient's members: the runtime's, and a field per
	// service.
	client *scope
}

// runtimeNames are the names the hand-written runtime (and the helpers the
// generator may copy in) declares, which generated names must avoid.
type runtimeNames struct {
	// idents are the top-level names.
	idents map[string]bool
	// imports are the package names the runtime's files import.
	imports map[string]bool
	// files are the runtime's file names.
	files map[string]bool
	// clientMembers are APIClient's methods and embedded fields.
	clientMembers map[string]bool
}

// glueNames are the top-level names of the generated glue (emit_glue.go)
// and of the standalone package's round-trip tests (emit_tests.go), which
// the runtime does not declare but generated code does.
var glueNames = []string{"APIClient", "DefaultBasePath", "apiKeyHeader", "noAPIKey", "basicAuth", "basePathVersion",
	"maxPathParams", "modelValues", "secretJSONKeys", "errorMessage", "errorRequestID", "decodeErrorModel",
	"rtRounds", "rtMaxDepth", "rtGen", "rtRoundTrip", "rtDecoded", "rtMergeExtra", "rtSplitExtra", "rtDeclared",
	"rtExtra", "rtSame", "rtSlice", "rtMap", "rtPieces", "rtString", "rtKey", "rtBool", "rtInt", "rtUint",
	"rtFloat", "rtBytes", "rtPick", "rtEnum", "rtTime", "rtDate", "rtRaws", "rtRaw", "rtToDocument", "rtFromDocument"}

// mirrorName is the name of a model's mirror in the standalone package's
// round-trip tests, and randomName that of its function returning a random
// model and mirror. Their prefixes are not the rt of the tests' fixed
// helpers (glueNames), so that no x-go-name is refused for one of those.
func mirrorName(goName string) string { return "mirror" + goName }

func randomName(goName string) string { return "random" + goName }

// testNames are the names the standalone package's round-trip tests
// declare for a model (emit_tests.go), which a model or enum type name
// claims with its own: its mirror, the mirror's JSON keys, its random
// value's function and its test.
func testNames(goName string) []string {
	return []string{mirrorName(goName), mirrorName(goName) + "Keys", randomName(goName), "TestRoundTrip" + goName}
}

// generatedImports are the packages generated files import; a top-level
// name of the package may not be one of theirs.
var generatedImports = []string{"context", "fmt", "http", "io", "url", "strconv", "strings", "time", "json", "slog", "reflect", "testing", "errors", "bytes"}

// fixedFiles are the names of the files the generator writes whatever the
// document (the helpers' copies are reserved from their names).
var fixedFiles = []string{"generated_glue.go", "roundtrip_generated_test.go", "zz_fuzz_mirrors_test.go", "zz_mock.go"}

// modelMethods are the methods every generated model has; a field may not
// take their names.
var modelMethods = []string{"MarshalJSON", "UnmarshalJSON", "Format", "LogValue", "decodeJSON", "encodeJSON"}

// methodLocals returns the names the generated method of op declares or
// uses for itself, which its parameters must not take: its receiver and
// context, the call it builds, and the variables of the statements that
// fill that call (emit_operations.go), as far as op needs them.
func methodLocals(op *Operation) []string {
	names := []string{"a", "ctx", "cl", "err"}
	if op.Opts != "" {
		names = append(names, "opts")
	}
	binary := op.Result != nil && op.Result.Type.Kind == KindBinary
	if binary || op.Result != nil && op.Result.Type.Kind == KindArray {
		names = append(names, "out", "resp")
	}
	if binary && op.Result.ContentType != "application/json" {
		names = append(names, "h")
	}
	for _, p := range op.Params {
		switch p.In {
		case "query":
			names = append(names, "q")
		case "header":
			names = append(names, "h")
		case "formData":
			names = append(names, "form", "body", "contentType")
		}
		if p.Type.Kind == KindArray {
			names = append(names, "e", "i", "parts")
		}
	}
	return names
}

// newRegister returns the register of a package that the runtime rt (nil
// for none) and the helpers hs are part of.
func newRegister(rt *runtimeNames, hs []*helper) *register {
	r := &register{universe: newScope(nil), files: newScope(nil), glue: newScope(nil), client: newScope(nil)}
	for tok := token.Token(0); tok < token.TILDE+1; tok++ {
		if tok.IsKeyword() {
			r.universe.reserve("a Go keyword", tok.String())
		}
	}
	for n := range predeclared {
		r.universe.reserve("a Go predeclared identifier", n)
	}
	r.pkg = newScope(r.universe)
	r.pkg.reserve("the generated glue", glueNames...)
	r.pkg.reserve("an import of the generated code", generatedImports...)
	r.files.reserve("the generator", fixedFiles...)
	r.client.reserve("the runtime's clientState", "clientState")
	if rt != nil {
		r.pkg.reserve("the runtime", sortedKeys(rt.idents)...)
		r.pkg.reserve("an import of the runtime", sortedKeys(rt.imports)...)
		r.files.reserve("the runtime", sortedKeys(rt.files)...)
		r.client.reserve("the runtime's APIClient", sortedKeys(rt.clientMembers)...)
	}
	for _, h := range hs {
		r.pkg.reserve("the runtime's helper "+helpersDir+"/"+h.name, h.decls...)
		r.files.reserve("the runtime's helper "+helpersDir+"/"+h.name, helperFile(h, false), helperFile(h, true))
	}
	return r
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// members returns the scope of a generated struct's fields and methods,
// with fixed (its methods) reserved.
func (r *register) members(fixed ...string) *scope {
	s := newScope(nil)
	s.reserve("a method the generator writes", fixed...)
	return s
}

// locals returns the scope of the parameters of op's generated method: the
// package's names and the method's own are taken.
func (r *register) locals(op *Operation) *scope {
	s := newScope(r.pkg)
	s.reserve("a local of the generated method", methodLocals(op)...)
	return s
}

// exportedName makes a document-derived name an exported Go identifier:
// fallback when it has no letter or digit, and an X before a first letter
// that has no upper case (such as 名).
func exportedName(n, fallback string) string {
	if n == "" {
		return fallback
	}
	if !token.IsExported(n) {
		return "X" + n
	}
	return n
}

// checkGoName reports whether an x-go-name (or other Go name the document
// spells) is a Go identifier, exported when exported is set.
func checkGoName(name string, exported bool) error {
	switch {
	case !token.IsIdentifier(name):
		what := "a Go identifier"
		if exported {
			what = "an exported Go identifier"
		}
		return fmt.Errorf("x-go-name %s is not %s", strconv.Quote(name), what)
	case name == "_":
		return fmt.Errorf("x-go-name %q is Go's blank identifier", name)
	case exported && !token.IsExported(name):
		return fmt.Errorf("x-go-name %s is not an exported Go identifier", strconv.Quote(name))
	}
	return nil
}

// localName returns the parameter or variable name a generated method uses
// for name: its Go spelling, with Value appended when that is a Go keyword
// or predeclared name, a name the method uses itself, or a name of the
// package, and a number when another parameter holds it already.
func localName(s *scope, name, holder string) string {
	v := varName(name)
	if s.reserved(v) {
		v += "Value"
	}
	return s.claim(v, holder)
}

// fileName returns a file name for base (such as "model_user") that no
// other file of the package has and that the go command builds on every
// platform and outside tests: base ends in neither _test nor a GOOS or
// GOARCH word, and has only lower-case ASCII letters, digits and
// underscores.
func fileName(files *scope, base, holder string) string {
	base = fileStem(base)
	if constrained(base) {
		base += "_gen"
	}
	for i := 1; ; i++ {
		name := base
		if i > 1 {
			name += "_" + strconv.Itoa(i)
		}
		if _, taken := files.holder(name + ".go"); !taken {
			files.held[name+".go"] = holder
			return name + ".go"
		}
	}
}

// fileStem keeps the lower-case ASCII letters, digits and underscores of s,
// with no doubled or trailing underscore.
func fileStem(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '_' || unicode.IsSpace(r) || r == '-':
			if n := b.Len(); n > 0 && b.String()[n-1] != '_' {
				b.WriteByte('_')
			}
		}
	}
	return strings.TrimRight(b.String(), "_")
}

// constrained reports whether the go command would treat a file named
// stem+".go" as a test or as built for one GOOS or GOARCH only.
func constrained(stem string) bool {
	parts := strings.Split(stem, "_")
	last := parts[len(parts)-1]
	return len(parts) > 1 && (last == "test" || knownOS[last] || knownArch[last])
}

// knownOS and knownArch are every GOOS and GOARCH the go command knows in a
// file name's suffix (go/build's lists, which it does not export; a test
// checks them against go tool dist list).
var knownOS = map[string]bool{
	"aix": true, "android": true, "darwin": true, "dragonfly": true, "freebsd": true, "hurd": true,
	"illumos": true, "ios": true, "js": true, "linux": true, "nacl": true, "netbsd": true, "openbsd": true,
	"plan9": true, "solaris": true, "wasip1": true, "windows": true, "zos": true,
}

var knownArch = map[string]bool{
	"386": true, "amd64": true, "amd64p32": true, "arm": true, "armbe": true, "arm64": true, "arm64be": true,
	"loong64": true, "mips": true, "mipsle": true, "mips64": true, "mips64le": true, "mips64p32": true,
	"mips64p32le": true, "ppc": true, "ppc64": true, "ppc64le": true, "riscv": true, "riscv64": true,
	"s390": true, "s390x": true, "sparc": true, "sparc64": true, "wasm": true,
}
