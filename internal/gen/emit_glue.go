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
	emitDocumentFacts(f, api)
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
	errModel := errorModelName
	if api.Error.GoName != errorModelName {
		f.raw(comment(fmt.Sprintf("%s is %s, the error document of the service's error responses, which APIError.Model holds.", errorModelName, api.Error.GoName), ""))
		f.p("type %s = %s", errorModelName, api.Error.GoName)
		f.p("")
	}
	emitErrorText(f, "errorMessage", "message", api.ErrorMessage)
	emitErrorText(f, "errorRequestID", "request id", api.ErrorRequestID)
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

// emitDocumentFacts writes what the document says about calling the API:
// the default base URL and how calls authenticate.
func emitDocumentFacts(f *genFile, api *API) {
	if api.NoHost {
		f.p("// DefaultBasePath is a placeholder: the API document names no host, so set")
		f.p("// Configuration.BasePath to the server's base URL.")
	} else {
		f.p("// DefaultBasePath is the API's base URL, from its document's schemes, host and")
		f.p("// basePath.")
	}
	f.p("const DefaultBasePath = %s", strconv.Quote(api.BaseURL))
	f.p("")
	f.p("// basePathVersion is the API version the document's basePath ends in, or \"\":")
	f.p("// an APIError for a 404 from a BasePath without one hints that it is missing.")
	f.p("const basePathVersion = %s", strconv.Quote(basePathVersion(api.BasePath)))
	f.p("")
	a := api.Auth
	f.p("// apiKeyHeader is the header an API key is sent in, as the API document's")
	f.p("// securityDefinitions say, or \"\" when they define none.")
	f.p("const apiKeyHeader = %s", strconv.Quote(a.APIKeyHeader))
	f.p("")
	why := ""
	switch {
	case a.APIKeyHeader != "":
	case a.APIKeyQuery != "":
		why = "the API document sends its API key as the query parameter " + strconv.Quote(a.APIKeyQuery) + ", which the SDK does not set (add it with Configuration.WrapTransport)"
	case a.OAuth2:
		why = "the API document defines no API key, only OAuth2, whose token the SDK does not send (add an Authorization header with Configuration.WrapTransport)"
	default:
		why = "the API document defines no API key"
	}
	f.p("// noAPIKey says why an API key cannot be sent, when apiKeyHeader is \"\".")
	f.p("const noAPIKey = %s", strconv.Quote(why))
	f.p("")
	f.p("// basicAuth reports whether the API document's securityDefinitions offer HTTP")
	f.p("// basic authentication.")
	f.p("const basicAuth = %t", a.Basic)
	f.p("")
}

// emitErrorText writes the function that returns the error model's field
// fl (such as its message) for an APIError's text, or "" when it has none.
func emitErrorText(f *genFile, name, what string, fl *Field) {
	if fl == nil {
		f.p("// %s returns \"\": the error document has no %s.", name, what)
		f.p("func %s(*%s) string { return \"\" }", name, errorModelName)
	} else {
		f.p("// %s returns the %s of an error document, or \"\".", name, what)
		get := "m." + fl.Getter + "()"
		if fl.Type.Kind == KindEnum {
			get = "string(" + get + ")"
		}
		f.p("func %s(m *%s) string { return %s }", name, errorModelName, get)
	}
	f.p("")
}

// emitPackageDoc writes, for a standalone package, the package comment
// (the copied runtime's is left out): what the package calls, where, with
// which credentials, and how it spells the shapes encoding/json has no
// single form for.
func emitPackageDoc(cfg *config, api *API) *genFile {
	f := newFile("generated_doc.go")
	title := api.Title
	if title == "" {
		title = "an API"
	}
	var paras []string
	paras = append(paras, fmt.Sprintf("Package %s is a Go client for %s, generated from its API document by internal/gen.", cfg.pkg, title))
	call := "Create an APIClient from a Configuration and call any endpoint through its Do method (the document has no operations)."
	if len(api.Services) > 0 {
		s := api.Services[0]
		call = fmt.Sprintf("Create an APIClient from a Configuration and call the methods of its services, one per tag, such as client.%sApi.%s(ctx, ...).", s.GoName, s.Operations[0].GoName)
	}
	paras = append(paras, call+fmt.Sprintf(" Every non-2xx response is returned as an *APIError, whose Model is the decoded error document (%s) and whose Body keeps the response body.", api.Error.GoName))
	if api.NoHost {
		paras = append(paras, fmt.Sprintf("The API document names no host, so DefaultBasePath, where calls go unless Configuration.BasePath says otherwise, is the placeholder %s: set Configuration.BasePath to the server's base URL.", api.BaseURL))
	} else {
		paras = append(paras, fmt.Sprintf("Calls go to DefaultBasePath, %s (the document's schemes, host and basePath), unless Configuration.BasePath says otherwise.", api.BaseURL))
	}
	paras = append(paras, authDoc(api.Auth))
	inModels := modelKinds(api.Models)
	if inModels[KindBinary] {
		paras = append(paras, "Binary data inside JSON (format: binary or type: file in a model) is a []byte, written as a base64 string, as encoding/json writes a []byte.")
	}
	if usesDate(api, inModels) {
		paras = append(paras, "A date (format: date) is a Date, written \"2006-01-02\" in JSON and in parameters.")
	}
	f.pkgDoc = comment(strings.Join(paras, "\n\n"), "")
	return f
}

// modelKinds returns the kinds the models' fields and undeclared keys hold.
func modelKinds(models []*Model) map[Kind]bool {
	uses := map[Kind]bool{}
	for _, m := range models {
		for _, fl := range m.Fields {
			markKinds(fl.Type, uses)
		}
		if m.Additional != nil {
			markKinds(m.Additional, uses)
		}
	}
	return uses
}

// usesDate reports whether a model (uses, from modelKinds), parameter, body
// or result of api is a date.
func usesDate(api *API, uses map[Kind]bool) bool {
	for _, s := range api.Services {
		for _, op := range s.Operations {
			for _, p := range append(append([]*Param(nil), op.PathParams...), op.Params...) {
				markKinds(p.Type, uses)
			}
			if op.Body != nil {
				markKinds(op.Body.Type, uses)
			}
			if op.Result != nil {
				markKinds(op.Result.Type, uses)
			}
		}
	}
	return uses[KindDate]
}

// authDoc says how calls authenticate.
func authDoc(a Auth) string {
	var out []string
	switch {
	case a.APIKeyHeader != "":
		out = append(out, "Configuration.APIKey (or WithAPIKey) is sent in the "+a.APIKeyHeader+" header.")
	case a.APIKeyQuery != "":
		out = append(out, "The document sends its API key as the query parameter "+a.APIKeyQuery+", which the client does not set: add it with Configuration.WrapTransport; an APIKey is refused.")
	default:
		out = append(out, "The document defines no API key: an APIKey is refused.")
	}
	if a.Basic {
		out = append(out, "Username and Password are sent as HTTP basic authentication when there is no API key.")
	} else {
		out = append(out, "It defines no basic authentication: a Username or Password is refused.")
	}
	if a.OAuth2 {
		out = append(out, "Its OAuth2 token is not sent by the client: add an Authorization header with Configuration.WrapTransport.")
	}
	return strings.Join(out, " ")
}
