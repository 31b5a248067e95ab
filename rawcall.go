package tiledbcloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
)

// Request describes a call to an endpoint the SDK has no method for, made
// with APIClient.Do through the same pipeline as the generated methods.
type Request struct {
	// Operation names the call in errors, logs and OperationFromContext,
	// such as "GetArraySchema"; empty means "Do".
	Operation string
	// Method is the HTTP method: GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS.
	Method string
	// Path is the path template relative to Configuration.BasePath, such as
	// "/arrays/{namespace}/{array}". It starts with '/', and its literal
	// text must need no escaping.
	Path string
	// PathParams fills the {…} placeholders of Path, in order; each is
	// escaped as one path segment and must not be empty, "." or "..".
	PathParams []string
	// Query is sent as the query string (repeated parameters included).
	Query url.Values
	// Header holds extra request headers. The rules of WithHeader apply,
	// except that Accept and Content-Type may be set, for endpoints that
	// do not speak JSON.
	Header http.Header
	// Body is the request body: nil for none (a nil pointer too), an SDK
	// model (encoded with the SDK's codec), a []byte or json.RawMessage
	// (sent as is, as application/json unless Header sets Content-Type), an
	// io.Reader (streamed as is, as application/octet-stream unless Header
	// sets Content-Type; it is read once, so the call is never retried), or
	// any other value, encoded with encoding/json.
	Body any
	// Secret marks the body and every path parameter as secret: errors and
	// logs show them as [REDACTED], and the call is refused over plain http
	// to a host that is not loopback, as for a call with credentials.
	Secret bool
}

// rawMethods are the methods Do accepts, and whether each is idempotent
// (retried like GET).
var rawMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodOptions: true, http.MethodPut: true,
	http.MethodDelete: true, http.MethodPost: false, http.MethodPatch: false,
}

// Do sends r and decodes a 2xx response body into out, with everything the
// generated methods get: authentication, retries by method, the redirect and
// cleartext rules, MaxResponseBytes, typed errors, logging,
// Configuration.Middleware and OperationFromContext. out may be nil (the body is read and dropped), a
// pointer to an SDK model or to a slice of models (decoded with the SDK's
// codec), a *[]byte (the body as is, whatever its Content-Type), or any
// other pointer (decoded with encoding/json). GET, HEAD, OPTIONS, PUT and
// DELETE are retried like GET; POST and PATCH like POST.
//
// The returned *http.Response, when non-nil, has its body consumed and
// closed. A request that cannot be sent as described (a bad method, path
// template, parameter, header, body or out) fails with an error matching
// ErrInvalidArgument, and nothing is sent.
func (c *APIClient) Do(ctx context.Context, r *Request, out any) (*http.Response, error) {
	if r == nil {
		return nil, invalidArgument("Do", "nil *Request")
	}
	cl, err := newRawCall(r, out)
	if err != nil {
		return nil, err
	}
	return c.do(ctx, cl)
}

// newRawCall checks r and out and describes them as a call.
func newRawCall(r *Request, out any) (*call, error) {
	name := r.Operation
	if name == "" {
		name = "Do"
	}
	if hasControl(name) {
		return nil, invalidArgument("Do", "Request.Operation contains a control character")
	}
	idempotent, ok := rawMethods[r.Method]
	if !ok {
		return nil, invalidArgument(name, fmt.Sprintf("Request.Method %q is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS", r.Method))
	}
	if err := checkPathTemplate(name, r.Path, len(r.PathParams)); err != nil {
		return nil, err
	}
	op := newOperation(operation{name: name, method: r.Method, path: r.Path, secretBody: r.Secret, secretAll: r.Secret})
	op.idempotent = idempotent
	cl := &call{op: op, pathParams: r.PathParams, query: r.Query.Encode()}
	if cl.pathParams == nil {
		cl.pathParams = []string{}
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			ck, err := checkCallHeader(name, "Request.Header", k, v, true)
			if err != nil {
				return nil, err
			}
			if ck == "Content-Type" {
				cl.contentType = v
				continue
			}
			if cl.header == nil {
				cl.header = make(http.Header, len(r.Header))
			}
			cl.header[ck] = append(cl.header[ck], v)
		}
	}
	if err := cl.setRawBody(r.Body); err != nil {
		return nil, err
	}
	if err := cl.setRawOut(out); err != nil {
		return nil, err
	}
	return cl, nil
}

// checkPathTemplate checks that path is a template Do can fill: it starts
// with '/', has n well-formed {name} placeholders, and its literal text is
// valid in a URL path as is.
func checkPathTemplate(op, path string, n int) error {
	if !strings.HasPrefix(path, "/") {
		return invalidArgument(op, fmt.Sprintf("Request.Path %q must start with '/'", path))
	}
	placeholders := 0
	for i := 0; i < len(path); i++ {
		switch c := path[i]; {
		case c == '{':
			j := strings.IndexByte(path[i:], '}')
			if j < 0 || j == 1 || strings.ContainsAny(path[i+1:i+j], "{/") {
				return invalidArgument(op, fmt.Sprintf("Request.Path %q has a malformed {placeholder}", path))
			}
			placeholders++
			i += j
		case c == '}':
			return invalidArgument(op, fmt.Sprintf("Request.Path %q has a '}' without '{'", path))
		case c != '/' && needsPathEscape(path[i:i+1]):
			return invalidArgument(op, fmt.Sprintf("Request.Path %q has %q, which must be escaped; put the value in PathParams or Query", path, c))
		}
	}
	if placeholders != n {
		return invalidArgument(op, fmt.Sprintf("Request.Path %q has %d placeholders but PathParams has %d values", path, placeholders, n))
	}
	return nil
}

// modelEncoderType is the interface the SDK's models encode through.
var modelEncoderType = reflect.TypeOf((*modelEncoder)(nil)).Elem()

// setRawBody sets the body of cl from Request.Body.
func (cl *call) setRawBody(body any) error {
	if body == nil {
		return nil
	}
	rv := reflect.ValueOf(body)
	if rv.Kind() == reflect.Pointer && rv.IsNil() {
		return nil
	}
	switch b := body.(type) {
	case modelEncoder:
		cl.body = b
		return nil
	case []byte:
		cl.rawBody = b
		return nil
	case json.RawMessage:
		cl.rawBody = b
		return nil
	case io.Reader:
		cl.bodyReader = b
		if cl.contentType == "" {
			cl.contentType = "application/octet-stream"
		}
		return nil
	}
	if reflect.PointerTo(rv.Type()).Implements(modelEncoderType) {
		// A model passed by value: encode a copy with the SDK's codec, which
		// leaves out read-only fields as the generated methods do.
		p := reflect.New(rv.Type())
		p.Elem().Set(rv)
		cl.body = p.Interface().(modelEncoder)
		return nil
	}
	b, err := json.Marshal(body)
	if err != nil {
		return invalidArgument(cl.op.name, "cannot encode Request.Body: "+err.Error())
	}
	cl.rawBody = b
	return nil
}

// setRawOut sets where cl decodes its response from Do's out.
func (cl *call) setRawOut(out any) error {
	if out == nil {
		return nil
	}
	rv := reflect.ValueOf(out)
	if rv.Kind() != reflect.Pointer {
		return invalidArgument(cl.op.name, fmt.Sprintf("out must be a pointer, not %T", out))
	}
	if rv.IsNil() {
		return invalidArgument(cl.op.name, fmt.Sprintf("out is a nil %T", out))
	}
	switch o := out.(type) {
	case *[]byte:
		cl.rawOut = o
	case modelDecoder:
		cl.out = o
	default:
		// encoding/json decodes a slice or map of models through their
		// UnmarshalJSON, which is the SDK's codec.
		cl.jsonOut = out
	}
	return nil
}

// decorate adds to req what only some calls have: extra headers, the
// Content-Type of a raw body, and a streamed body.
func (cl *call) decorate(req *http.Request, header http.Header) {
	for k, v := range header {
		req.Header[k] = v
	}
	if cl.contentType != "" && (req.Body != nil || cl.bodyReader != nil) {
		req.Header["Content-Type"] = []string{cl.contentType}
	}
	if cl.bodyReader != nil {
		rc, ok := cl.bodyReader.(io.ReadCloser)
		if !ok {
			rc = io.NopCloser(cl.bodyReader)
		}
		req.Body, req.GetBody, req.ContentLength = rc, nil, -1
		if l, ok := cl.bodyReader.(interface{ Len() int }); ok {
			req.ContentLength = int64(l.Len())
		}
		if req.ContentLength == 0 {
			req.Body = http.NoBody
		}
	}
}

// decodeRaw reads a 2xx body of at most MaxResponseBytes into cl.rawOut, or
// decodes it into cl.jsonOut with encoding/json, and closes it.
func (c *APIClient) decodeRaw(resp *http.Response, body io.ReadCloser, cl *call) error {
	if cl.jsonOut != nil {
		if ct := resp.Header.Get("Content-Type"); !isJSONContentType(ct) {
			drain(body)
			return c.decodeError(cl, resp, errors.New("unexpected Content-Type "+ct))
		}
	}
	data, err := io.ReadAll(io.LimitReader(body, c.maxResponse+1))
	if err != nil {
		return &readError{err}
	}
	if int64(len(data)) > c.maxResponse {
		drain(body)
		return c.decodeError(cl, resp, ErrResponseTooLarge)
	}
	if cl.rawOut != nil {
		*cl.rawOut = data
		return nil
	}
	if err := json.Unmarshal(data, cl.jsonOut); err != nil {
		return c.decodeError(cl, resp, jsonDecodeError(err))
	}
	return nil
}

// jsonDecodeError converts an encoding/json error into the SDK's *JSONError
// where it has an offset, so that Do's errors look like the codec's.
func jsonDecodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return &JSONError{Offset: syn.Offset, Msg: strings.TrimPrefix(syn.Error(), "json: ")}
	case errors.As(err, &typ):
		return &JSONError{Offset: typ.Offset, Field: typ.Field, Msg: "cannot decode JSON " + typ.Value + " as " + typ.Type.String()}
	}
	return err
}
