package tiledbcloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"time"
)

// Version is the version of this SDK, sent in the User-Agent header.
const Version = "0.1.0"

// Defaults applied by NewConfiguration and to zero Configuration fields.
const (
	// DefaultTimeout bounds each attempt of a call (see Configuration.Timeout).
	DefaultTimeout = 60 * time.Second
	// DefaultMaxResponseBytes bounds the size of a response body.
	DefaultMaxResponseBytes int64 = 64 << 20
)

// DefaultUserAgent names this SDK, its version and the Go runtime.
var DefaultUserAgent = "tiledbcloud-go/" + Version + " (" + runtime.Version() + "; " + runtime.GOOS + "/" + runtime.GOARCH + ")"

// Configuration holds the settings of an APIClient. NewAPIClient copies it,
// so changing a Configuration afterwards does not affect clients already made.
type Configuration struct {
	// BasePath is the base URL of the API, including "/v1". Empty means
	// DefaultBasePath. It must not hold credentials ("user:password@"); one
	// that does is invalid, and prints and logs with them [REDACTED].
	BasePath string
	// APIKey is sent as the X-TILEDB-REST-API-KEY header. When it is set,
	// Username and Password are not sent. It prints and logs as [REDACTED].
	APIKey string
	// Username is sent with Password as HTTP basic authentication when there is no API key.
	Username string
	// Password is the basic-authentication password. It prints and logs as [REDACTED].
	Password string
	// Credentials, when set, supplies the credentials of every call that has
	// none in its context, asked again on every attempt, so that they can
	// rotate (see NewSessionCredentials). Setting it together with APIKey,
	// Username or Password is an invalid configuration. It prints and logs
	// as [REDACTED].
	Credentials CredentialsProvider
	// UserAgent is sent as the User-Agent header, followed by DefaultUserAgent
	// unless it already names this SDK. Empty means DefaultUserAgent.
	UserAgent string
	// DefaultHeader holds headers sent with every request. The rule of
	// WithHeader applies, and a header it refuses makes the configuration
	// invalid: a credential (Authorization, X-TILEDB-REST-API-KEY, Cookie;
	// use APIKey or Username and Password, which the SDK sends only where
	// the spec asks for them), a header the SDK sets (Accept, Content-Type,
	// User-Agent) or net/http manages (Host, Content-Length,
	// Transfer-Encoding, Connection, Trailer, TE, Upgrade, Keep-Alive,
	// Proxy-Connection, Accept-Encoding), an invalid name, or a value with
	// control characters. So do two keys that differ only in case.
	DefaultHeader map[string]string
	// HTTPClient sends the requests. When nil, the SDK uses a client of its
	// own with connection, TLS and response-header timeouts, Timeout per
	// attempt, and a connection pool sized for concurrent use; while
	// http.DefaultTransport is not net/http's own (httpmock.Activate), that
	// client sends through http.DefaultTransport instead, with Timeout and
	// the SDK's policies but without its transport's settings. A client set
	// here is used as given, except that the SDK adds its redirect policy
	// (credentials never follow a redirect to another host or to plain
	// http; a write or a secret never follows where it could be lost or
	// leaked) in front of the client's own CheckRedirect.
	HTTPClient *http.Client
	// WrapTransport, when set, wraps the transport that sends each attempt:
	// HTTPClient.Transport when set, otherwise the SDK's own transport
	// (HTTPClient nil) or http.DefaultTransport (HTTPClient.Transport nil),
	// each behind a RoundTripper the wrapper cannot modify, since the rest
	// of the process shares them. The caller's HTTPClient is not modified
	// either. The wrapper sees every
	// attempt, with its Operation in the request's context
	// (OperationFromContext); retries, the redirect and cleartext rules,
	// MaxResponseBytes and redaction stay in force around it. Returning nil
	// is an invalid configuration.
	WrapTransport func(http.RoundTripper) http.RoundTripper
	// Middleware wraps every call the client makes (every UserApi method
	// and APIClient.Do) as a whole, the first element outermost: where
	// WrapTransport sees each attempt, a Middleware sees one call, with all
	// its attempts, the backoff between them and the decoding. It receives
	// the call's Operation with Attempt 0 and its CallID; what it adds to
	// the context reaches every attempt's request, and the response and
	// error it returns are what the method returns. A nil element, or one
	// that returns a nil CallHandler, is an invalid configuration. Per-call
	// settings still come from the context (WithAPIKey, WithHeader).
	Middleware []Middleware
	// Timeout bounds each attempt of a call, from sending the request to
	// reading the whole response, when HTTPClient is nil. Zero means
	// DefaultTimeout. A negative value means no limit beyond the context's:
	// the SDK's connect, TLS-handshake and response-header timeouts are
	// dropped as well.
	Timeout time.Duration
	// Retry says how failed calls are retried. The zero value means DefaultRetryPolicy.
	Retry RetryPolicy
	// MaxResponseBytes bounds the size of a response body; a larger body
	// fails the call with ErrResponseTooLarge. It also bounds the memory
	// decoding a response may take, at 16 times this limit in all: a small
	// body that would decode into more (an array of many empty objects)
	// fails with ErrResponseTooLarge too. Zero or less means
	// DefaultMaxResponseBytes.
	MaxResponseBytes int64
	// AllowInsecureHTTP allows sending credentials over plain http to a host
	// other than localhost, which the SDK otherwise refuses.
	AllowInsecureHTTP bool
	// InsecureSkipVerify turns off TLS certificate verification in the SDK's
	// own HTTP client. Use it only for testing.
	InsecureSkipVerify bool
	// Logger, when set, receives one debug record per attempt (operation,
	// call_id, method, path, status, duration, attempt, request id) with
	// credentials and secret fields masked. Nil logs nothing.
	Logger *slog.Logger
}

// NewConfiguration returns a Configuration with every default filled in.
func NewConfiguration() *Configuration {
	return &Configuration{
		BasePath:         DefaultBasePath,
		UserAgent:        DefaultUserAgent,
		DefaultHeader:    make(map[string]string),
		Timeout:          DefaultTimeout,
		Retry:            DefaultRetryPolicy(),
		MaxResponseBytes: DefaultMaxResponseBytes,
	}
}

// AddDefaultHeader sets a header sent with every request.
func (c *Configuration) AddDefaultHeader(key, value string) {
	if c.DefaultHeader == nil {
		c.DefaultHeader = make(map[string]string)
	}
	c.DefaultHeader[key] = value
}

// Format prints the configuration for fmt with APIKey, Password,
// Credentials and credential headers redacted.
func (c Configuration) Format(f fmt.State, verb rune) {
	c.BasePath = displayBasePath(c.BasePath)
	formatRedacted(f, verb, c, "APIKey", "Password", "Credentials")
}

// LogValue returns the configuration's set fields for log/slog with APIKey,
// Password, Credentials and credential headers redacted, and Middleware as
// its length.
func (c Configuration) LogValue() slog.Value {
	mw := c.Middleware
	c.Middleware = nil // functions have no value a log can show
	c.BasePath = displayBasePath(c.BasePath)
	v := logValueRedacted(c, "APIKey", "Password", "Credentials")
	if len(mw) == 0 {
		return v
	}
	return slog.GroupValue(append(v.Group(), slog.Int("Middleware", len(mw)))...)
}

// MarshalJSON encodes the configuration's plain settings with APIKey,
// Password and credential headers redacted, so that a Configuration logged
// or stored as JSON never carries a secret. HTTPClient, Logger and the
// functions (WrapTransport, Middleware) are left out.
func (c Configuration) MarshalJSON() ([]byte, error) {
	type plain struct {
		BasePath           string            `json:"base_path,omitempty"`
		APIKey             string            `json:"api_key,omitempty"`
		Username           string            `json:"username,omitempty"`
		Password           string            `json:"password,omitempty"`
		UserAgent          string            `json:"user_agent,omitempty"`
		DefaultHeader      map[string]string `json:"default_header,omitempty"`
		Timeout            string            `json:"timeout,omitempty"`
		Retry              RetryPolicy       `json:"retry"`
		MaxResponseBytes   int64             `json:"max_response_bytes,omitempty"`
		AllowInsecureHTTP  bool              `json:"allow_insecure_http,omitempty"`
		InsecureSkipVerify bool              `json:"insecure_skip_verify,omitempty"`
	}
	p := plain{
		BasePath: displayBasePath(c.BasePath), APIKey: redactNonEmpty(c.APIKey), Username: c.Username,
		Password: redactNonEmpty(c.Password), UserAgent: c.UserAgent, Retry: c.Retry,
		MaxResponseBytes: c.MaxResponseBytes, AllowInsecureHTTP: c.AllowInsecureHTTP,
		InsecureSkipVerify: c.InsecureSkipVerify,
	}
	if c.Timeout != 0 {
		p.Timeout = c.Timeout.String()
	}
	if len(c.DefaultHeader) > 0 {
		p.DefaultHeader = make(map[string]string, len(c.DefaultHeader))
		for k, v := range c.DefaultHeader {
			if isSecretHeader(k) {
				v = redactNonEmpty(v)
			}
			p.DefaultHeader[k] = v
		}
	}
	return json.Marshal(p)
}

// displayBasePath returns a BasePath for printing, with any user info (an
// invalid BasePath, which NewAPIClient refuses, may hold a password)
// replaced by [REDACTED]. Everything up to the last '@' goes, since a
// password may itself hold '/', '?' or '#'.
func displayBasePath(s string) string {
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return s
	}
	start := 0
	if i := strings.Index(s[:at], "://"); i >= 0 {
		start = i + len("://")
	}
	return s[:start] + redacted + s[at:]
}

// redactNonEmpty returns [REDACTED] for a set secret and "" for an unset one.
func redactNonEmpty(s string) string {
	if s == "" {
		return ""
	}
	return redacted
}

// contextKey is the type of the context keys this package defines. The keys
// are pointers so that looking them up does not allocate.
type contextKey struct{ name string }

func (k *contextKey) String() string { return "tiledbcloud context key " + k.name }

var (
	// ContextAPIKey takes a string API key that authenticates one call,
	// overriding the Configuration's credentials (see WithAPIKey). An empty
	// key fails the call, as it does with WithAPIKey:
	//
	//	ctx = context.WithValue(ctx, tiledbcloud.ContextAPIKey, key)
	ContextAPIKey = &contextKey{"api-key"}
	// ContextBasicAuth takes a BasicAuth (or *BasicAuth) that authenticates
	// one call, overriding the Configuration's credentials. An API key in
	// the same context wins over it. One with both fields empty, or a nil
	// *BasicAuth, fails the call.
	ContextBasicAuth = &contextKey{"basic-auth"}
)

// BasicAuth is a username and password for HTTP basic authentication,
// passed in a context under ContextBasicAuth.
type BasicAuth struct {
	// UserName is the username; it must not contain ':'.
	UserName string
	// Password is the password. It prints and logs as [REDACTED].
	Password string
}

// Format prints the credentials for fmt with Password redacted.
func (b BasicAuth) Format(f fmt.State, verb rune) { formatRedacted(f, verb, b, "Password") }

// LogValue returns the credentials for log/slog with Password redacted.
func (b BasicAuth) LogValue() slog.Value { return logValueRedacted(b, "Password") }

// MarshalJSON encodes the credentials with Password redacted; BasicAuth is
// never sent as JSON, so this only keeps the password out of logs.
func (b BasicAuth) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		UserName string `json:"user_name,omitempty"`
		Password string `json:"password,omitempty"`
	}{b.UserName, redactNonEmpty(b.Password)})
}

// contextCredentials returns the per-call credentials in ctx, if any. An
// empty one is an error rather than absent: a call would otherwise go out
// with the Configuration's credentials, which in a service acting for many
// tenants belong to the service, not to the tenant whose key was missing.
func contextCredentials(ctx context.Context) (apiKey string, basic *BasicAuth, err error) {
	if v := ctx.Value(ContextAPIKey); v != nil {
		key, ok := v.(string)
		switch {
		case !ok:
			return "", nil, fmt.Errorf("the ContextAPIKey value must be a string, not %T", v)
		case key == "":
			return "", nil, errors.New("the per-call API key (WithAPIKey or ContextAPIKey) is empty; " + emptyCallCredential)
		}
		return key, nil, nil
	}
	switch v := ctx.Value(ContextBasicAuth).(type) {
	case nil:
		return "", nil, nil
	case BasicAuth:
		basic = &v
	case *BasicAuth:
		basic = v
	default:
		return "", nil, fmt.Errorf("the ContextBasicAuth value must be a BasicAuth, not %T", v)
	}
	if basic == nil || (basic.UserName == "" && basic.Password == "") {
		return "", nil, errors.New("the per-call basic authentication (WithBasicAuth or ContextBasicAuth) is empty; " + emptyCallCredential)
	}
	return "", basic, nil
}

// emptyCallCredential ends the error for an empty per-call credential.
const emptyCallCredential = "an empty per-call credential is refused rather than replaced by the Configuration's credentials"
