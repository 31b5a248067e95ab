package tiledbcloud

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Sentinel errors for errors.Is. An *APIError matches the one for its status.
var (
	// ErrInvalidArgument matches a call rejected before anything was sent:
	// an empty or "."/".." path parameter, a missing required field, an
	// invalid configuration, a credential with control characters, or
	// credentials that would go over plain http.
	ErrInvalidArgument = errors.New("tiledbcloud: invalid argument")
	// ErrBadRequest matches a 400 response.
	ErrBadRequest = errors.New("tiledbcloud: bad request")
	// ErrUnauthorized matches a 401 response.
	ErrUnauthorized = errors.New("tiledbcloud: unauthorized")
	// ErrForbidden matches a 403 response.
	ErrForbidden = errors.New("tiledbcloud: forbidden")
	// ErrNotFound matches a 404 response.
	ErrNotFound = errors.New("tiledbcloud: not found")
	// ErrConflict matches a 409 response.
	ErrConflict = errors.New("tiledbcloud: conflict")
	// ErrTooManyRequests matches a 429 response.
	ErrTooManyRequests = errors.New("tiledbcloud: too many requests")
	// ErrServerError matches any 5xx response.
	ErrServerError = errors.New("tiledbcloud: server error")
	// ErrNoCredentials matches the error NewConfigurationFromEnv returns,
	// along with a usable Configuration, when it found no credentials.
	ErrNoCredentials = errors.New("tiledbcloud: no credentials found")
)

// maxErrorBody bounds the error body an APIError keeps.
const maxErrorBody = 64 << 10

// APIError is the error for a response with a non-2xx status.
type APIError struct {
	// Operation is the SDK method that made the call, such as "GetUser".
	Operation string
	// StatusCode is the HTTP status code, such as 404.
	StatusCode int
	// Status is the HTTP status line, such as "404 Not Found".
	Status string
	// Method is the HTTP method of the request.
	Method string
	// URL is the request URL, with secret path parameters redacted.
	URL string
	// Header is the response header.
	Header http.Header
	// Body is the response body, at most 64 KiB of it and no more than
	// Configuration.MaxResponseBytes.
	Body []byte
	// Model is the decoded error document, or nil when the body is not one.
	Model *ModelError
	// Attempts is how many attempts the call made, retries included.
	Attempts int
	// RetryAfter is how long the server asked the client to wait (the
	// Retry-After header), or zero.
	RetryAfter time.Duration

	path      string // the path part of URL, for Error
	hint      string // a likely cause the client can see, for Error
	redirect  string // for a 3xx, the redirect not followed and why, for Error
	secretURL bool   // the request's path or query carries a secret
}

// Format prints the error for fmt: its Error text for %v, %s, %q, %x and
// %X, as for any error, and for %#v and the other verbs its fields, with
// credential headers (such as Set-Cookie) shown as [REDACTED], and Location
// and Content-Location too when the request's path or query carries a
// secret, which the server may have copied into them.
func (e APIError) Format(f fmt.State, verb rune) {
	switch verb {
	case 'v', 's', 'q', 'x', 'X':
		if !f.Flag('#') {
			fmt.Fprintf(f, fmt.FormatString(f, verb), e.Error())
			return
		}
	}
	var also []string
	if e.secretURL {
		also = urlHeaders
	}
	e.Header = redactHeader(e.Header, also...)
	formatRedacted(f, verb, e)
}

// LogValue returns the error's text for log/slog, as for any error, so that
// an APIError logged by value is not encoded field by field.
func (e APIError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

// Error returns a one-line description, such as
// "tiledbcloud: GET /v1/users/bob: 404 Not Found: user does not exist (request_id 7f3c)".
// A 404 from a BasePath that does not end in an API version, such as
// "http://localhost:8181", adds a hint that the version DefaultBasePath ends
// in, "/v1", may be missing. The text the server chose (reason phrase,
// message, request id) is shown on one line without control characters,
// each piece cut to 200 bytes.
func (e *APIError) Error() string {
	if e == nil {
		return "tiledbcloud: <nil *APIError>"
	}
	var b strings.Builder
	b.WriteString(errorPrefix)
	if e.Method != "" || e.URL != "" || e.path != "" {
		b.WriteString(e.Method)
		b.WriteByte(' ')
		b.WriteString(e.requestPath())
		b.WriteString(": ")
	}
	e.writeSummary(&b)
	if e.Attempts > 1 {
		b.WriteString(" after ")
		b.WriteString(strconv.Itoa(e.Attempts))
		b.WriteString(" attempts")
	}
	if e.RetryAfter > 0 {
		b.WriteString("; server asked to retry after ")
		b.WriteString(e.RetryAfter.String())
	}
	if e.hint != "" {
		b.WriteString(" (hint: ")
		b.WriteString(e.hint)
		b.WriteByte(')')
	}
	return b.String()
}

// writeSummary writes the status, the server's message and the request id.
func (e *APIError) writeSummary(b *strings.Builder) {
	b.WriteString(e.statusText())
	if msg := e.message(); msg != "" {
		b.WriteString(": ")
		b.WriteString(msg)
	}
	if id := e.RequestID(); id != "" {
		b.WriteString(" (request_id ")
		b.WriteString(serverText(id, maxServerText))
		b.WriteByte(')')
	}
}

// Is reports whether target is the sentinel error for e's status code.
func (e *APIError) Is(target error) bool {
	if e == nil {
		return false
	}
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrTooManyRequests:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServerError:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}
	return false
}

// RequestID returns the request id from the error document, or from the
// X-Request-Id response header, or "".
func (e *APIError) RequestID() string {
	if e == nil {
		return ""
	}
	if id := errorRequestID(e.Model); id != "" {
		return id
	}
	return e.Header.Get("X-Request-Id")
}

func (e *APIError) requestPath() string {
	if e.path != "" {
		return e.path
	}
	if u, err := url.Parse(e.URL); err == nil {
		return u.EscapedPath()
	}
	return e.URL
}

func (e *APIError) statusText() string {
	return statusText(e.Status, e.StatusCode)
}

// statusText returns status, or a status line made from code when it is empty.
func statusText(status string, code int) string {
	switch {
	case status != "":
		return serverText(status, maxServerText)
	case code == 0:
		return "unknown status"
	case http.StatusText(code) == "":
		return strconv.Itoa(code)
	}
	return strconv.Itoa(code) + " " + http.StatusText(code)
}

// message returns, for a redirect not followed, its target and why; else the
// error document's message, or the first line of a short plain-text body;
// HTML and other bodies are left out of Error.
func (e *APIError) message() string {
	if e.redirect != "" {
		return serverText(e.redirect, len(e.redirect))
	}
	if msg := errorMessage(e.Model); msg != "" {
		return serverText(msg, maxServerText)
	}
	if !strings.HasPrefix(e.Header.Get("Content-Type"), "text/plain") {
		return ""
	}
	line, _, _ := strings.Cut(string(e.Body), "\n")
	return serverText(line, maxServerText)
}

// maxServerText bounds, in bytes, each piece of text from the server (a
// message, a request id, a status line) that an error's text shows.
const maxServerText = 200

// serverText returns s, text from the server, fit for the one line of an
// error's text, which log lines and terminals show: white space, control
// characters (C0, DEL and C1, such as ESC and NEL) and line and paragraph
// separators become spaces, runs of them one; bidirectional formatting
// characters and invalid UTF-8 are dropped; and the result is cut to max
// bytes, "..." marking the cut. So a server can neither start a forged log
// line, move or colour a terminal's cursor, nor reorder the text around it.
func serverText(s string, max int) string {
	if isPlainText(s) && len(s) <= max {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError || unicode.Is(unicode.Bidi_Control, r):
			continue
		case unicode.IsSpace(r) || unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if b.Len()+utf8.RuneLen(r) > max {
			b.WriteString("...")
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isPlainText reports whether s is printable ASCII without leading or
// trailing spaces or runs of them, which serverText leaves as it is.
func isPlainText(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			return false
		}
	}
	return true
}

// RequestError reports a call that got no usable response: the connection
// failed, reading the body failed, or the context ended.
type RequestError struct {
	// Operation is the SDK method that made the call.
	Operation string
	// Method is the HTTP method of the request.
	Method string
	// URL is the request URL, with secret path parameters redacted.
	URL string
	// Attempts is how many attempts the call made.
	Attempts int
	// Err is the underlying error; errors.Is(err, context.Canceled) and the
	// like see through to it. When the context ended while the client waited
	// to retry, Err wraps both the context's error and the last attempt's
	// (an *APIError or a transport error), which errors.Is and errors.As find.
	Err error

	path string
}

// Error returns a one-line description naming the request and the attempts made.
func (e *RequestError) Error() string {
	if e == nil {
		return "tiledbcloud: <nil *RequestError>"
	}
	s := errorPrefix
	switch where := firstNonEmpty(e.path, e.URL); {
	case e.Method != "" || where != "":
		s += e.Method + " " + where + ": "
	case e.Operation != "":
		s += e.Operation + ": "
	}
	s += errorText(e.Err)
	if e.Attempts > 1 {
		s += " (after " + strconv.Itoa(e.Attempts) + " attempts)"
	}
	return s
}

// Unwrap returns the underlying error.
func (e *RequestError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// DecodeError reports a 2xx response whose body is not what the operation returns.
type DecodeError struct {
	// Operation is the SDK method that made the call.
	Operation string
	// StatusCode is the HTTP status code of the response.
	StatusCode int
	// Status is the HTTP status line of the response.
	Status string
	// Err is the decoding error: a *JSONError, ErrResponseTooLarge, or a
	// description of an unexpected content type.
	Err error
}

// Error returns a one-line description naming the operation and the status.
func (e *DecodeError) Error() string {
	if e == nil {
		return "tiledbcloud: <nil *DecodeError>"
	}
	s := errorPrefix
	if e.Operation != "" {
		s += e.Operation + ": "
	}
	return s + "cannot decode " + statusText(e.Status, e.StatusCode) + " response: " + errorText(e.Err)
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// retryWaitError is a context that ended while the client waited to retry
// after last. errors.Is and errors.As see both, so that a caller can tell the
// deadline passed and what the server said before it did.
type retryWaitError struct {
	ctxErr, last error
}

func (e *retryWaitError) Error() string {
	s := errorText(e.ctxErr) + " while waiting to retry after "
	var apiErr *APIError
	if errors.As(e.last, &apiErr) {
		// The *RequestError around this one already names the request.
		var b strings.Builder
		apiErr.writeSummary(&b)
		return s + b.String()
	}
	return s + errorText(e.last)
}

func (e *retryWaitError) Unwrap() []error { return []error{e.ctxErr, e.last} }

// errorPrefix starts the text of every error the SDK returns.
const errorPrefix = "tiledbcloud: "

// errorText returns the text of err, an error that an SDK error wraps and
// prints after its own errorPrefix, without the prefix of the SDK errors in
// it: the one it starts with, and those nested further by fmt.Errorf (in a
// CredentialsProvider, say), which follow a colon. So the prefix appears once,
// at the front. A nil err, in a hand-built error value, gives a placeholder.
func errorText(err error) string {
	if err == nil {
		return "unknown error"
	}
	return nestedText(err.Error())
}

// nestedText is errorText for text already taken from an error.
func nestedText(s string) string {
	s = strings.TrimPrefix(s, errorPrefix)
	if strings.Contains(s, ": "+errorPrefix) {
		s = strings.ReplaceAll(s, ": "+errorPrefix, ": ")
	}
	return s
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// argumentError is a call rejected before anything was sent.
type argumentError struct {
	op     string
	msg    string
	config bool // the Configuration is at fault, not the call's arguments
}

// invalidArgument returns an error matching ErrInvalidArgument; an empty op
// means the configuration is invalid.
func invalidArgument(op, msg string) error { return &argumentError{op: op, msg: msg, config: op == ""} }

// withOperation names op in a configuration error, so that the error of a
// call says which call failed.
func withOperation(err error, op string) error {
	var ae *argumentError
	if !errors.As(err, &ae) || ae.op != "" {
		return err
	}
	return &argumentError{op: op, msg: ae.msg, config: ae.config}
}

func (e *argumentError) Error() string {
	s := errorPrefix
	if e.op != "" {
		s += e.op + ": "
	}
	// msg may quote the text of another error.
	if e.config {
		return s + "invalid configuration: " + nestedText(e.msg)
	}
	return s + "invalid argument: " + nestedText(e.msg)
}

func (e *argumentError) Is(target error) bool { return target == ErrInvalidArgument }
