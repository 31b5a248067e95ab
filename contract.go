package tiledbcloud

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// This file is the contract between the hand-written runtime and the code
// internal/gen generates from an API document (model_*.go, api_*.go and
// generated_glue.go). It declares every unexported name of the runtime that
// generated code may use, and the compiler checks each against the
// runtime: the methods through interfaces the runtime's types must
// satisfy, the functions as typed values (generic ones instantiated with
// ModelError, the one model every document has), and the fields as
// composite literals. internal/gen's TestContract fails when generated code
// uses an unexported runtime name this file does not name. Besides these,
// generated code may call the functions the document names with
// x-go-prepare (prepare.go), and, in packages generated for other
// documents, what the helpers internal/gen copies in list on their
// //gen:provides lines (internal/gen/runtime).
//
// In the other direction, the runtime reaches generated code only through
// generated_glue.go and the interfaces the models implement, as listed at
// the end; the public APIError.Model also names the error model.
// TestContract checks that direction too.

// Decoding: each model's decodeJSON reads its object with these.

// decoderContract lists the methods of *decoder that generated decoders
// call.
type decoderContract interface {
	// beginObject reads '{', or a null (isNull); field names the model in errors.
	beginObject(field string) (isNull bool, err error)
	// nextKey reads the next key of the object, unescaped; ok is false at its end.
	nextKey(first bool) (key []byte, ok bool, err error)
	// skip reads and drops a value, for keys the model does not have.
	skip() error
	// The field decoders: the Ptr ones set *dst to slot, which the model's
	// values block provides; a null sets *dst to nil.
	stringPtr(dst **string, slot *string, field string) error
	boolPtr(dst **bool, slot *bool, field string) error
	int64Ptr(dst **int64, slot *int64, field string) error
	timePtr(dst **time.Time, slot *time.Time, field string) error
	// The value decoders, for required fields and as value functions.
	stringValue(dst *string, field string) error
	boolValue(dst *bool, field string) error
	int64Value(dst *int64, field string) error
	timeValue(dst *time.Time, field string) error
	// stringSlice decodes an array of strings (or null).
	stringSlice(dst *[]string, field string) error
}

var _ decoderContract = (*decoder)(nil)

// slabContract lists what a model's decoder calls on the slab of its
// values block, d.values.<model> (modelValues, in the glue).
type slabContract[T any] interface {
	// alloc returns a fresh zero T from a chunk shared with its neighbours,
	// charging a new chunk against d's memory budget.
	alloc(d *decoder) *T
}

var _ slabContract[ModelError] = (*slab[ModelError])(nil)

// The decoder's field a model's decoder takes its values block from.
var _ = decoder{values: modelValues{}}

var (
	// unmarshalModel decodes a whole document, for each model's UnmarshalJSON.
	_ func(data []byte, v modelDecoder) error = unmarshalModel
	// decodeBytes decodes a whole document within a memory budget, for the
	// glue's decodeErrorModel.
	_ func(data []byte, v modelDecoder, budget int64) error = decodeBytes
	// foldKey matches an unknown key case-insensitively, as encoding/json does.
	_ func(key []byte, names []string) (string, bool) = foldKey
	// intValue decodes a signed integer of any width.
	_ func(d *decoder, dst *int64, field string) error = intValue[int64]
	// optional decodes an optional field of any type into slot.
	_ func(d *decoder, dst **string, slot *string, field string, value func(*decoder, *string, string) error) error = optional[string]
	// enumPtr, enumValue and enumSlice decode enums, interning known values with parse.
	_ func(d *decoder, dst **string, slot *string, parse func([]byte) string, field string) error = enumPtr[string]
	_ func(d *decoder, dst *string, parse func([]byte) string, field string) error                = enumValue[string]
	_ func(d *decoder, dst *[]string, parse func([]byte) string, field string) error              = enumSlice[string]
	// oneOrManyInto decodes an x-one-or-many field from one value or an array.
	_ func(d *decoder, dst *[]string, slot *[1]string, parse func([]byte) string, field string) error = oneOrManyInto[string]
	// nullableValue decodes an x-nullable field of any type.
	_ func(d *decoder, dst *Nullable[string], field string, value func(*decoder, *string, string) error) error = nullableValue[string]
	// optionalModel decodes an optional nested model into one from the slab.
	_ func(d *decoder, dst **ModelError, s *slab[ModelError], field string) error = optionalModel[ModelError]
	// modelValue decodes a nested model, as a value function.
	_ func(d *decoder, dst *ModelError, _ string) error = modelValue[ModelError]
	// modelSlice decodes an array of models (or null).
	_ func(d *decoder, dst *[]ModelError, field string) error = modelSlice[ModelError]
)

// Encoding: each model's encodeJSON writes its object with these.

// encoderContract lists the methods of *encoder that generated encoders
// call.
type encoderContract interface {
	// open and close write '{' or '[' and '}' or ']'.
	open(c byte)
	close(c byte)
	// key writes a quoted key and its colon, given as one literal.
	key(k string)
	// The value writers.
	string(s string)
	bool(b bool)
	int64(n int64)
	time(t time.Time)
	null()
	stringSlice(v []string)
	// bytes writes a []byte as a base64 string (binary data in JSON), or null.
	bytes(b []byte)
}

var _ encoderContract = (*encoder)(nil)

// The encoder's field that tells a request body, which leaves out the
// read-only fields, from a marshalled model.
var _ = encoder{request: true}

var (
	// marshalModel encodes a model, for its MarshalJSON.
	_ func(v modelEncoder) ([]byte, error) = marshalModel
	// encodeSlice, encodeEnumSlice and encodeModelSlice write arrays (null for nil).
	_ func(e *encoder, v []string, elem func(*encoder, string)) = encodeSlice[string]
	_ func(e *encoder, v []string)                              = encodeEnumSlice[string]
	_ func(e *encoder, v []ModelError)                          = encodeModelSlice[ModelError]
	// encodeEnumValue writes one enum value, as a value function.
	_ func(e *encoder, v string) = encodeEnumValue[string]
	// encodeOneOrMany writes an x-one-or-many field: one element alone, more as an array.
	_ func(e *encoder, v []string) = encodeOneOrMany[string]
	// encodeNullable writes an x-nullable field: null or the value.
	_ func(e *encoder, n Nullable[string], elem func(*encoder, string)) = encodeNullable[string]
)

// Printing: the models' Format and LogValue redact their x-secret fields.
var (
	_ func(f fmt.State, verb rune, v any, secrets ...string) = formatRedacted
	_ func(v any, secrets ...string) slog.Value              = logValueRedacted
)

// Calling: each service method describes its call and sends it through the
// one pipeline, APIClient.do.

// The fields of an operation's entry in its service's table, built once by
// newOperation.
var _ = operation{
	name:        "",    // the SDK method, as in errors and logs
	method:      "",    // the HTTP method
	path:        "",    // the document's path template, such as "/users/{username}"
	noAuth:      false, // security: [] (sent without credentials)
	secretBody:  false, // the body has an x-secret property
	secretParam: "",    // the x-secret path parameter
}

// The fields of a call that a generated method fills in.
var _ = call{
	op:          (*operation)(nil),       // the operation's entry
	params:      [maxPathParams]string{}, // the path parameters, in path order
	query:       "",                      // the encoded query string (url.Values.Encode)
	header:      http.Header(nil),        // header parameters
	body:        modelEncoder(nil),       // a JSON body
	rawBody:     []byte(nil),             // a form body, sent with contentType
	bodyReader:  io.Reader(nil),          // a binary body, streamed once with contentType (never retried)
	contentType: "",                      // the Content-Type of rawBody or bodyReader
	rawOut:      (*[]byte)(nil),          // receives a binary result as is
}

var (
	// newOperation parses an operation's path template once.
	_ func(op operation) *operation = newOperation
	// send makes a call that returns no body.
	_ func(ctx context.Context, s *service, cl call) (*http.Response, error) = send
	// fetch and fetchList make a call that returns a model or a list of models.
	_ func(ctx context.Context, s *service, cl call) (*ModelError, *http.Response, error)  = fetch[ModelError]
	_ func(ctx context.Context, s *service, cl call) ([]ModelError, *http.Response, error) = fetchList[ModelError]
	// fetchInto makes a call whose result dec decodes into *out.
	_ func(ctx context.Context, s *service, cl call, out *string, dec modelDecoder) (string, *http.Response, error) = fetchInto[string]
	// invalidArgument rejects a call before anything is sent (ErrInvalidArgument).
	_ func(op, msg string) error = invalidArgument
)

// The service type every <Tag>ApiService is defined as, and the field of
// clientState the glue points every service at.
var _ = clientState{common: service{}}

// What generated code provides to the runtime.

// Every model decodes and encodes itself. An operation returning a list of
// enums decodes into the enum's list type, which implements nullableList
// too, so that a null body is an empty list.
var (
	_ modelDecoder = (*ModelError)(nil)
	_ modelEncoder = (*ModelError)(nil)
)

// The glue (generated_glue.go): APIClient with a field per service around
// clientState, the services' setup, the size of call.params, the decoder's
// slabs, the JSON keys debug logs mask, the error model's decoding and the
// text an APIError shows of it, and what the document says about calling
// the API: the default base URL and the credentials it takes. ModelError
// is the error model, or an alias of it.
var (
	_                                             = APIClient{clientState: clientState{}}
	_ func(c *APIClient)                          = (*APIClient).initServices
	_                                             = [maxPathParams]string{}
	_                                             = modelValues{}
	_ []string                                    = secretJSONKeys
	_ func(body []byte, budget int64) *ModelError = decodeErrorModel
	// errorMessage and errorRequestID return the error document's message
	// and request id, or "" when it has none.
	_ func(m *ModelError) string = errorMessage
	_ func(m *ModelError) string = errorRequestID
	// DefaultBasePath is the base URL from the document's schemes, host and basePath.
	_ string = DefaultBasePath
	// apiKeyHeader is the header of the document's apiKey security
	// definition, or "" (noAPIKey then says why none can be sent).
	_ string = apiKeyHeader
	_ string = noAPIKey
	// basicAuth reports a basic security definition.
	_ bool = basicAuth
	// basePathVersion is the API version the document's basePath ends in,
	// such as "/v1", or "".
	_ string = basePathVersion
)
