package main

// The intermediate representation (IR) is the generator's model of an API
// document: every name already decided, every $ref resolved, allOf
// flattened, inline schemas named, and every x- extension turned into a
// plain field. Emitters only read it; they never look at the YAML. Other
// emitters (the fake server's wire types and routes, fuzz mirrors, docs
// tables, a mock) can be written against it alone.

// API is one document, restricted to the selected tags.
type API struct {
	// Title and Version come from the document's info object.
	Title, Version string
	// BasePath is the document's basePath, such as "/v1".
	BasePath string
	// BaseURL is the default base URL of the API: the document's scheme
	// (https when it lists it), host and basePath, such as
	// "https://api.example.com/v2", or https://localhost and the basePath
	// when it has no host (see baseURL).
	BaseURL string
	// NoHost reports a document without host (or x-default-host), whose
	// BaseURL is a placeholder the package documentation points out.
	NoHost bool
	// Auth is how calls authenticate, from the securityDefinitions.
	Auth Auth
	// Models are the object schemas, definitions and named inline schemas,
	// sorted by Go name.
	Models []*Model
	// Enums are the string enumerations, sorted by Go name.
	Enums []*Enum
	// Services are the operations grouped by tag, sorted by Go name.
	Services []*Service
	// Error is the model of the service's error document: the document's
	// Error definition, else the one object definition its error responses
	// (default, 4xx and 5xx) use, else a synthetic one. The runtime decodes
	// it for APIError.Model, which is a *ModelError: when Error has another
	// Go name, the glue declares ModelError as an alias of it.
	Error *Model
	// ErrorMessage and ErrorRequestID are the string fields of Error the
	// runtime shows in an APIError's text (message and request_id), or nil
	// when it has none.
	ErrorMessage, ErrorRequestID *Field
	// SecretJSONKeys are the JSON names of every x-secret property, sorted.
	SecretJSONKeys []string
	// MaxPathParams is the most path parameters any operation has (at least 1).
	MaxPathParams int
}

// Auth is how the package authenticates calls: what the document's
// securityDefinitions offer.
type Auth struct {
	// APIKeyHeader is the header an API key goes in (the first apiKey
	// definition with in: header, preferring those the document's security
	// requires), or "" when the document defines none.
	APIKeyHeader string
	// APIKeyQuery is the query parameter of an apiKey definition with
	// in: query when the document has no header one, or "".
	APIKeyQuery string
	// Basic reports a definition of type basic.
	Basic bool
	// OAuth2 reports a definition of type oauth2: the package doc tells
	// the caller to send its token themselves (Configuration.WrapTransport).
	OAuth2 bool
}

// Model is a JSON object type: a Go struct with its codec.
type Model struct {
	// Name is the schema's name in the document: the definition name, or the
	// name the generator gave an inline schema (used in decoding errors,
	// such as "User.username").
	Name string
	// GoName is the exported Go type name, such as "ModelError" for "Error".
	GoName string
	// File is the output file name, such as "model_user.go".
	File string
	// Doc is the description, already phrased as a Go doc comment body
	// ("User is a TileDB Cloud user account."), without comment markers.
	Doc string
	// Fields are the properties in document order.
	Fields []*Field
	// Inline reports a schema declared inline (a body, property or response
	// schema) rather than under definitions.
	Inline bool
	// At is where the document declares the schema.
	At pointer
	// ValuesName and KeysName are the names of the model's values block
	// type and known-keys list; SlabName and NestedSlabName its slabs'
	// fields in the decoder's modelValues (the register gives them).
	ValuesName, KeysName, SlabName, NestedSlabName string
	// Additional is the value type of the keys the schema does not declare
	// (additionalProperties beside properties), or nil when they are
	// dropped; AdditionalGoName is the field that holds them.
	Additional       *Type
	AdditionalGoName string
}

// HasReadOnly reports whether any field is read-only.
func (m *Model) HasReadOnly() bool {
	for _, f := range m.Fields {
		if f.ReadOnly {
			return true
		}
	}
	return false
}

// SecretFields returns the Go names of the x-secret fields.
func (m *Model) SecretFields() []string {
	var out []string
	for _, f := range m.Fields {
		if f.Secret {
			out = append(out, f.GoName)
		}
	}
	return out
}

// Field is a property of a Model.
type Field struct {
	// JSONName is the property name on the wire.
	JSONName string
	// GoName is the exported struct field name; Getter its getter's name.
	GoName, Getter string
	// Slot is the field's name in the model's values block.
	Slot string
	// At is where the document declares the property.
	At pointer
	// Doc is the field's doc comment body ("ID is the unique id of the user.").
	Doc string
	// Type is the value's type; optionality and nullability are separate.
	Type *Type
	// Required fields are stored by value and always encoded.
	Required bool
	// ReadOnly fields are decoded but never sent in a request body.
	ReadOnly bool
	// Secret (x-secret) fields print and log as [REDACTED], are masked in
	// debug logs, and make a request carrying them refuse cleartext and
	// cross-scope redirects.
	Secret bool
	// Nullable (x-nullable) fields are Nullable[T], so that null, absent
	// and a value are told apart.
	Nullable bool
	// OneOrMany (x-one-or-many) array fields decode one value or an array and
	// encode one element as a single value.
	OneOrMany bool
	// Legacy (x-legacy) holds the text explaining that only older servers
	// send the field; "" for current fields.
	Legacy string
	// Indirect fields hold a model that a struct cannot hold by value since
	// it holds the field's model in turn (a required or x-nullable
	// reference in a cycle): *T for a required one, Nullable[*T] for an
	// x-nullable one.
	Indirect bool
}

// Kind is the shape of a Type.
type Kind int

// The kinds of values a field, parameter or result can hold.
const (
	KindString Kind = iota // string
	KindBool               // bool
	KindInt                // a signed integer of Bits bits
	KindUint               // an unsigned integer of Bits bits
	KindFloat              // a float of Bits bits
	KindTime               // time.Time (format: date-time)
	KindEnum               // a string enumeration: Enum
	KindModel              // an object: Model
	KindArray              // a slice of Elem
	KindMap                // a map[string] of Elem (additionalProperties)
	KindRaw                // free-form JSON kept as json.RawMessage
	// KindBinary is format: binary or type: file: a non-JSON body or
	// response (io.Reader in, []byte out), and in JSON a []byte as a base64
	// string, as encoding/json writes one.
	KindBinary
	KindDate // Date (format: date), "2006-01-02" on the wire
)

// Type is a resolved schema type.
type Type struct {
	Kind Kind
	// Bits is the width of KindInt, KindUint and KindFloat (8 to 64).
	Bits int
	// Enum is set for KindEnum, and for the KindInt, KindUint, KindFloat
	// and KindBool of an enumeration of numbers or booleans, whose Go type
	// is then the enum's named type.
	Enum *Enum
	// Model is set for KindModel.
	Model *Model
	// Elem is the element type of KindArray and KindMap.
	Elem *Type
}

// Enum is an enumeration: a named Go type with constants, of strings (an
// open set: other values decode as they are) or of integers, floats or
// booleans (Base).
type Enum struct {
	// Name is the schema's name in the document.
	Name string
	// GoName is the exported Go type name.
	GoName string
	// File is the output file name.
	File string
	// Doc is the type's doc comment body.
	Doc string
	// Base is the type of the values; nil for strings.
	Base *Type
	// Values are the enumeration's values in document order.
	Values []EnumValue
	// ListResult reports that an operation returns a JSON array of this
	// enum, which needs a list type with a decoder.
	ListResult bool
	// At is where the document declares the enum.
	At pointer
	// ParseName, AllowedName and ListName are the names of its interning
	// parse function, its list of values and its list type.
	ParseName, AllowedName, ListName string
}

// IsString reports an enumeration of strings.
func (e *Enum) IsString() bool { return e.Base == nil }

// Type returns the type of a value of e: KindEnum for strings, the base
// kind with e as its named type otherwise.
func (e *Enum) Type() *Type {
	if e.IsString() {
		return &Type{Kind: KindEnum, Enum: e}
	}
	return &Type{Kind: e.Base.Kind, Bits: e.Base.Bits, Enum: e}
}

// EnumValue is one value of an Enum.
type EnumValue struct {
	// Value is the string on the wire, or for an enumeration of numbers or
	// booleans the Go literal of the value, such as "-1", "0.5" or "true".
	Value string
	// GoName is the constant's name: the enum's Go name and a suffix
	// (x-go-enum-names or the CamelCase of the value).
	GoName string
	// Doc is the constant's doc comment body.
	Doc string
}

// Service is the operations of one tag: a <Tag>Api interface and a
// <Tag>ApiService implementing it.
type Service struct {
	// Tag is the tag's name in the document.
	Tag string
	// GoName is the tag's Go name: "User" gives UserApi and UserApiService.
	GoName string
	// File is the output file name, such as "api_user.go".
	File string
	// At is where the document declares its first operation.
	At pointer
	// Operations are sorted by Go name.
	Operations []*Operation
}

// Operation is one HTTP operation.
type Operation struct {
	// ID is the operationId (or the name the generator derived when absent).
	ID string
	// GoName is the method name, such as "GetUser"; Var the variable of its
	// entry in the operation table, such as "opGetUser".
	GoName, Var string
	// Opts is the name of the optional parameters' struct, or "" when it
	// has none.
	Opts string
	// At is where the document declares the operation.
	At pointer
	// Method is the HTTP method in upper case; Path the template, such as
	// "/users/{username}".
	Method, Path string
	// Doc is the method's doc comment body, ending with "(METHOD path)".
	Doc string
	// Tags are the operation's tags in document order; the operation belongs
	// to the Service of the first selected one.
	Tags []string
	// Deprecated reports an operation the document marks deprecated.
	Deprecated bool
	// NoAuth reports `security: []`: the call sends no credentials.
	NoAuth bool
	// Prepare names the hand-written function (x-go-prepare) the method
	// calls before sending, or "".
	Prepare string
	// PathParams are the path parameters in path order; they become the
	// method's arguments after the context.
	PathParams []*Param
	// Params are the query, header and formData parameters. Required ones
	// become arguments after the path parameters; optional ones fields of
	// the <Op>Opts struct.
	Params []*Param
	// Body is the request body, or nil.
	Body *Body
	// Result is the 2xx response, or nil when the call returns only the
	// *http.Response.
	Result *Result
	// SecretBody reports a body whose schema has an x-secret property.
	SecretBody bool
	// SecretParam is the name of the x-secret path parameter, or "".
	SecretParam string
	// URLEncodedForm reports formData parameters sent as
	// application/x-www-form-urlencoded rather than multipart/form-data:
	// the operation consumes it (first of the two form types it lists) and
	// has no file parameter.
	URLEncodedForm bool
}

// RequiredParams returns the non-path parameters passed as arguments.
func (op *Operation) RequiredParams() []*Param {
	var out []*Param
	for _, p := range op.Params {
		if p.Required {
			out = append(out, p)
		}
	}
	return out
}

// OptionalParams returns the parameters held by the <Op>Opts struct.
func (op *Operation) OptionalParams() []*Param {
	var out []*Param
	for _, p := range op.Params {
		if !p.Required {
			out = append(out, p)
		}
	}
	return out
}

// OptsName is the name of the optional parameters' struct, or "".
func (op *Operation) OptsName() string { return op.Opts }

// Param is a path, query, header or formData parameter.
type Param struct {
	// Name is the parameter's name on the wire; In is where it goes:
	// "path", "query", "header" or "formData".
	Name, In string
	// GoName is the exported name (the Opts field); VarName the argument name.
	GoName, VarName string
	// Doc is the field's doc comment body.
	Doc string
	// Type is the value type: scalars, enums, arrays of those, or
	// KindBinary for a formData file. x-go-type replaces the string type a
	// query or header parameter has on the wire (bool for "bool").
	Type *Type
	// Required parameters are method arguments; optional ones Opts fields.
	Required bool
	// CollectionFormat is how an array is sent: "csv" (the default), "ssv",
	// "tsv", "pipes" or "multi" (the parameter repeated).
	CollectionFormat string
	// Secret (x-secret) path parameters are redacted in errors and logs.
	Secret bool
	// GoTyped reports a parameter whose type x-go-type sets: it is sent
	// only when not its zero value, as the service's string reads it.
	GoTyped bool
}

// IsPointer reports an optional boolean or number parameter, held as a
// pointer in the Opts struct so that its zero value can be sent too.
func (p *Param) IsPointer() bool {
	if p.Required || p.GoTyped {
		return false
	}
	switch p.Type.Kind {
	case KindBool, KindInt, KindUint, KindFloat:
		return true
	}
	return false
}

// Body is a request body.
type Body struct {
	// VarName is the argument's name.
	VarName string
	// Doc describes the body.
	Doc string
	// Type is a Model (JSON), another JSON type, or KindBinary for a raw
	// body sent from an io.Reader.
	Type *Type
	// Required bodies are passed by value; optional ones as a pointer that
	// may be nil (no body sent).
	Required bool
	// ContentType is the media type sent ("application/json" for JSON).
	ContentType string
}

// Result is what a successful call decodes.
type Result struct {
	// Type is the decoded type: a Model (returned as *Model), an array
	// (returned as a slice), or KindBinary (returned as []byte).
	Type *Type
	// ContentType is the first media type the operation produces.
	ContentType string
}
