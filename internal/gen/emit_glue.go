package main

import (
	"strconv"
	"strings"
)

// emitGlue writes the small file through which the hand-written runtime
// reaches generated names: the decoder's slabs, the secret JSON keys for
// log masking and the services of APIClient.
func emitGlue(api *API) *genFile {
	f := newFile("generated_glue.go")
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
	f.p("// apiServices holds the API services of a client, one per tag.")
	f.p("type apiServices struct {")
	for _, s := range api.Services {
		f.p("\t// %sApi holds the %s operations.", s.GoName, s.Tag)
		f.p("\t%sApi *%sApiService", s.GoName, s.GoName)
	}
	f.p("}")
	f.p("")
	f.p("// init points every service at common.")
	f.p("func (s *apiServices) init(common *service) {")
	for _, sv := range api.Services {
		f.p("\ts.%sApi = (*%sApiService)(common)", sv.GoName, sv.GoName)
	}
	f.p("}")
	return f
}
