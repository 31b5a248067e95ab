package main

import (
	"fmt"
	"strings"
)

// mockPackage is the package, and directory, of the SDK's test helpers.
const mockPackage = "tiledbcloudtest"

// emitMock writes tiledbcloudtest/zz_mock.go: for each service a
// <Tag>ApiMock implementing the <Tag>Api interface with a <Method>Func
// field per operation. The recording and the not-mocked error are
// hand-written in tiledbcloudtest/mock.go.
func emitMock(cfg *config, api *API, module string) *genFile {
	f := newFile(mockPackage + "/zz_mock.go")
	f.use("context", "net/http", module)
	names := exportedNames(api)
	for _, s := range api.Services {
		iface := s.GoName + "Api"
		mock := iface + "Mock"
		f.raw(comment(fmt.Sprintf("%s is a %s.%s for tests of code that depends on the interface. Each method records its call (see Calls) and then calls the field of the same name with Func appended; when that field is nil the method returns an error matching ErrNotMocked that names the method.", mock, cfg.pkg, iface)+
			"\n\nSet the fields before the first call; from then on the mock is safe for concurrent use. The zero value is ready to use.", ""))
		f.p("type %s struct {", mock)
		for _, op := range s.Operations {
			f.p("\t// %sFunc implements %s.", op.GoName, op.GoName)
			f.p("\t%sFunc func%s", op.GoName, qualifiedSignature(f, op, cfg.pkg, names))
		}
		f.p("")
		f.p("\tcalls mockCalls")
		f.p("}")
		f.p("")
		f.p("var _ %s.%s = (*%s)(nil)", cfg.pkg, iface, mock)
		f.p("")
		f.p("// Calls returns the calls made so far, in the order they were made.")
		f.p("func (m *%s) Calls() []MockCall { return m.calls.all() }", mock)
		f.p("")
		f.p("// CallsTo returns the calls made so far to the named method, in order.")
		f.p("func (m *%s) CallsTo(method string) []MockCall { return m.calls.to(method) }", mock)
		f.p("")
		for _, op := range s.Operations {
			emitMockMethod(f, cfg, mock, op, names)
		}
	}
	return f
}

// emitMockMethod writes one method of a mock.
func emitMockMethod(f *genFile, cfg *config, mock string, op *Operation, names map[string]bool) {
	var argNames []string
	for _, a := range args(newFile(""), op) {
		argNames = append(argNames, a.name)
	}
	fail := "return nil, "
	if op.Result != nil {
		zero := "nil"
		if op.Result.Type.Kind != KindModel && !canBeNil(op.Result.Type) {
			zero, _ = zeroValue(newFile(""), op.Result.Type)
		}
		fail = "return " + zero + ", nil, "
	}
	record := append([]string{fmt.Sprintf("%q", op.GoName)}, argNames...)
	f.p("// %s records the call and returns what %sFunc returns.", op.GoName, op.GoName)
	f.p("func (m *%s) %s%s {", mock, op.GoName, qualifiedSignature(f, op, cfg.pkg, names))
	f.p("\tm.calls.record(%s)", strings.Join(record, ", "))
	f.p("\tif m.%sFunc == nil {", op.GoName)
	f.p("\t\t%snotMocked(%q, %q)", fail, mock, op.GoName)
	f.p("\t}")
	f.p("\treturn m.%sFunc(%s)", op.GoName, strings.Join(append([]string{"ctx"}, argNames...), ", "))
	f.p("}")
	f.p("")
}
