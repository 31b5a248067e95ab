package main

import (
	"fmt"
	"strconv"
	"strings"
)

// emitGlue writes generated_glue.go, the one generated file the hand-written
// runtime names (contract.go lists what it takes from it): APIClient with a
// field per service, the decoder's slabs, the secret JSON keys for log
// masking, the decoding of the error model, and the constants that depend on
// the document, such as maxPathParams.
func emitGlue(api *API) *genFile {
	f := newFile("generated_glue.go")
	emitClient(f, api)
	f.p("// maxPathParams is the most path parameters an operation of the document")
	f.p("// has; a call holds them in an array of this size.")
	f.p("const maxPathParams = %d", api.MaxPathParams)
	f.p("")
	f.p("// modelValues holds one slab per model whose optional fields need storage.")
	f.p("type modelValues struct {")
	nested := map[*Model]bool{}
	for _, m := range api.Models {
		if hasSlots(m) {
			f.p("\t%s slab[%s]", slabName(m), valuesName(m))
		}
		for _, fl := range m.Fields {
			if nestedSlab(fl) {
				nested[fl.Type.Model] = true
			}
		}
	}
	for _, m := range api.Models {
		if nested[m] {
			f.p("\t%s slab[%s]", nestedSlabName(m), m.GoName)
		}
	}
	f.p("}")
	f.p("")
	var keys []string
	for _, k := range api.SecretJSONKeys {
		keys = append(keys, strconv.Quote(k))
	}
	f.p("// secretJSONKeys are the JSON names of the fields the API document marks")
	f.p("// x-secret; debug logs mask their values.")
	f.p("var secretJSONKeys = []string{%s}", strings.Join(keys, ", "))
	f.p("")
	errModel := api.Error.GoName
	f.p("// decodeErrorModel decodes the body of a non-2xx response as the service's")
	f.p("// error document, or returns nil when it is not one or decoding it would")
	f.p("// allocate more than budget bytes (see decodeBytes).")
	f.p("func decodeErrorModel(body []byte, budget int64) *%s {", errModel)
	f.p("\tvar m %s", errModel)
	f.p("\tif decodeBytes(body, &m, budget) != nil {\n\t\treturn nil\n\t}")
	f.p("\treturn &m")
	f.p("}")
	return f
}

// emitClient writes APIClient: a field per service, so that go doc lists
// them, around the runtime's state (clientState, in client.go).
func emitClient(f *genFile, api *API) {
	title := api.Title
	if title == "" {
		title = "the API"
	}
	doc := fmt.Sprintf("APIClient calls the operations of %s: those of each tag through the service of the same name, and any endpoint through Do.", title)
	if len(api.Services) > 0 {
		doc = fmt.Sprintf("APIClient calls the operations of %s: those of each tag through the service of the same name, such as %sApi, and any endpoint through Do.", title, api.Services[0].GoName)
	}
	f.raw(comment(doc+" It is safe for concurrent use by many goroutines; create one with NewAPIClient and share it.", ""))
	f.p("type APIClient struct {")
	for _, s := range api.Services {
		f.p("\t// %sApi calls the %s operations.", s.GoName, commentLine(s.Tag))
		f.p("\t%sApi *%sApiService", s.GoName, s.GoName)
	}
	f.p("")
	f.p("\tclientState")
	f.p("}")
	f.p("")
	f.p("// initServices points every service at the client's common service.")
	f.p("func (c *APIClient) initServices() {")
	for _, s := range api.Services {
		f.p("\tc.%sApi = (*%sApiService)(&c.common)", s.GoName, s.GoName)
	}
	f.p("}")
	f.p("")
}
