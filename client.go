// Package tiledbcloud is a Go client for the TileDB Cloud REST API v1 user
// operations: users, API tokens and sessions, AWS access credentials, and
// organization membership.
//
// Create an APIClient from a Configuration and call the methods of its
// UserApi service:
//
//	cfg, err := tiledbcloud.NewConfigurationFromEnv() // the TileDB login file or TILEDB_REST_* variables
//	if err != nil {
//		return err
//	}
//	client := tiledbcloud.NewAPIClient(cfg)
//	user, _, err := client.UserApi.GetUser(ctx)
//
// Every non-2xx response is returned as an *APIError, which matches sentinel
// errors such as ErrNotFound with errors.Is. Calls are retried with jittered
// backoff where that is safe (see RetryPolicy), response bodies are bounded
// (Configuration.MaxResponseBytes), and credentials never appear in printed
// values, errors or logs.
package tiledbcloud

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// clientState is the runtime's part of an APIClient: generated_glue.go
// declares APIClient with a field per API service, such as UserApi, and
// clientState embedded, so that go doc lists the services.
type clientState struct {
	common service
	cfg    *Configuration // the client's own copy

	http        *http.Client
	direct      *http.Client // http without sdkTransport in front, or nil (see sendingClient)
	base        *url.URL
	basePath    string // base.Path without a trailing slash
	baseRawPath string // base.EscapedPath() without a trailing slash
	header      http.Header
	cfgCred     credential
	cleartext   bool // base is plain http to a host that is not loopback
	versionless bool // base's path does not end in a version, where the document's does
	retry       RetryPolicy
	maxResponse int64
	initErr     error
	// middleware is Configuration.Middleware composed around the pipeline
	// (chainMiddleware); nil for none.
	middleware CallHandler

	// Replaced by tests to control time.
	sleep  func(context.Context, time.Duration) error
	jitter func(time.Duration) time.Duration
	now    func() time.Time
}

// service is shared by the API services of a client.
type service struct {
	client *APIClient
}

// credential is the header that authenticates a request.
type credential struct {
	key   string // canonical header name; "" for none
	value []string
}

var (
	canonicalAPIKeyHeader = http.CanonicalHeaderKey(apiKeyHeader)
	acceptJSON            = []string{"application/json"}
	contentTypeJSON       = []string{"application/json"}
)

// NewAPIClient returns a client for cfg; a nil cfg means NewConfiguration().
// It copies cfg and never modifies it. An invalid cfg (a malformed BasePath,
// a header with control characters) makes every call fail with an error
// matching ErrInvalidArgument.
func NewAPIClient(cfg *Configuration) *APIClient {
	own := NewConfiguration()
	if cfg != nil {
		*own = *cfg
		own.DefaultHeader = maps.Clone(cfg.DefaultHeader)
		own.Middleware = slices.Clone(cfg.Middleware)
	}
	c := &APIClient{clientState: clientState{cfg: own, sleep: sleepContext, jitter: fullJitter, now: time.Now}}
	c.common.client = c
	c.initServices()
	c.initErr = c.init()
	return c
}

// Validate returns nil when NewAPIClient accepts c, and otherwise the error
// that every call of such a client would return, without the call's name:
// it matches ErrInvalidArgument and names the field at fault, as in
// "tiledbcloud: invalid configuration: BasePath has no scheme: ...". A
// service should call it at start-up, so that a bad setting stops it there
// instead of failing its calls later. It runs NewAPIClient's own checks, and
// so calls WrapTransport and each Middleware once. A nil c stands for
// NewConfiguration(), which is valid.
func (c *Configuration) Validate() error {
	return NewAPIClient(c).initErr
}

// init applies defaults to c.cfg, validates it and prepares what every call reuses.
func (c *APIClient) init() error {
	cfg := c.cfg
	if cfg.BasePath == "" {
		cfg.BasePath = DefaultBasePath
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxResponseBytes <= 0 {
		cfg.MaxResponseBytes = DefaultMaxResponseBytes
	}
	c.retry = cfg.Retry.normalized()
	c.maxResponse = cfg.MaxResponseBytes
	c.http = newHTTPClient(cfg)
	if err := wrapTransport(c.http, cfg.WrapTransport); err != nil {
		return err
	}
	c.direct = directClient(c.http)
	mw, err := c.chainMiddleware(cfg.Middleware)
	if err != nil {
		return err
	}
	c.middleware = mw

	base, err := parseBaseURL(cfg.BasePath)
	if err != nil {
		return invalidArgument("", "BasePath "+err.Error())
	}
	c.base = base
	c.basePath = strings.TrimSuffix(base.Path, "/")
	c.baseRawPath = strings.TrimSuffix(base.EscapedPath(), "/")
	c.versionless = basePathVersion != "" && !endsInVersion(c.basePath)
	c.cleartext = base.Scheme == "http" && !cfg.AllowInsecureHTTP && !isLoopbackHost(base.Hostname())

	ua := cfg.UserAgent
	switch {
	case ua == "":
		ua = DefaultUserAgent
	case !strings.Contains(ua, "tiledbcloud-go/"):
		ua += " " + DefaultUserAgent
	}
	c.header = http.Header{"Accept": acceptJSON, "User-Agent": {ua}}
	if err := checkNoControl("", "UserAgent", ua); err != nil {
		return err
	}
	// Sorted, so that the error for several bad headers is always the same.
	for _, k := range slices.Sorted(maps.Keys(cfg.DefaultHeader)) {
		v := cfg.DefaultHeader[k]
		ck, err := checkCallHeader("", "DefaultHeader", k, v, false)
		if err != nil {
			return err
		}
		if _, twice := c.header[ck]; twice {
			// Only the sort would decide which value goes out.
			return invalidArgument("", fmt.Sprintf("DefaultHeader sets %s more than once, in keys that differ only in case; keep one", ck))
		}
		c.header[ck] = []string{v}
	}
	if err := checkCredentialsConfig(cfg); err != nil {
		return err
	}
	c.cfgCred, err = newNamedCredential("", configCredentialFields, cfg.APIKey, cfg.Username, cfg.Password)
	return err
}

// parseBaseURL parses an API base URL such as "https://api.tiledb.com/v1".
// Its errors say what is wrong without repeating the URL, which may hold a
// password, and read as the end of a sentence whose subject names the setting.
func parseBaseURL(s string) (*url.URL, error) {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return nil, errors.New(`has no scheme: start it with "https://" or "http://", as in "https://api.tiledb.com/v1"`)
	}
	if scheme = strings.ToLower(scheme); scheme != "http" && scheme != "https" {
		return nil, errors.New(`must start with "https://" or "http://"`)
	}
	// User info goes first, before anything could quote a part of it: a
	// password holding "/", "?" or "#" ends the host early for url.Parse, so
	// that the rest of it reads as a port, a path or a query.
	if strings.Contains(rest, "@") {
		return nil, errors.New(`must not contain credentials (user info before "@"); set them apart from the URL`)
	}
	if err := checkPort(rest); err != nil {
		return nil, err
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		// The *url.Error repeats the whole URL; the error it wraps does not.
		return nil, errors.New("is not a valid URL: " + errors.Unwrap(err).Error())
	case u.Hostname() == "":
		return nil, errors.New("has no host name")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(s, "#"):
		return nil, errors.New(`must not have a query or a fragment ("?" or "#")`)
	}
	return u, nil
}

// checkPort rejects a port outside 1 to 65535 in what follows a URL's "://",
// which holds no user info (see parseBaseURL). url.Parse accepts any run of
// digits, and reports a sign only as invalid. The error quotes the port only
// when it is digits.
func checkPort(rest string) error {
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, ']'); i >= 0 {
		rest = rest[i+1:]
	}
	i := strings.LastIndexByte(rest, ':')
	if i < 0 || i == len(rest)-1 {
		return nil
	}
	port := rest[i+1:]
	if strings.Trim(port, "0123456789") != "" {
		return errors.New("has a port that is not a number; a port is a number from 1 to 65535")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("has port %q; a port is a number from 1 to 65535", port)
	}
	return nil
}

// endsInVersion reports whether a base path ends in an API version segment,
// such as "/v1" or "/api-v2".
func endsInVersion(path string) bool {
	seg := strings.ToLower(path[strings.LastIndexByte(path, '/')+1:])
	i := strings.LastIndexByte(seg, 'v')
	if i < 0 || i == len(seg)-1 || (i > 0 && isAlphanumeric(seg[i-1])) {
		return false
	}
	for j := i + 1; j < len(seg); j++ {
		if seg[j] < '0' || seg[j] > '9' {
			return false
		}
	}
	return true
}

func isAlphanumeric(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// GetConfig returns a copy of the client's configuration, defaults applied.
// For an APIClient not made by NewAPIClient, it returns NewConfiguration().
func (c *APIClient) GetConfig() *Configuration {
	if c == nil || c.cfg == nil {
		return NewConfiguration()
	}
	cfg := *c.cfg
	cfg.DefaultHeader = maps.Clone(c.cfg.DefaultHeader)
	cfg.Middleware = slices.Clone(c.cfg.Middleware)
	return &cfg
}

// Format prints the client for fmt without its credentials.
func (c APIClient) Format(f fmt.State, _ rune) {
	if c.cfg == nil {
		fmt.Fprint(f, "&tiledbcloud.APIClient{}")
		return
	}
	fmt.Fprintf(f, "&tiledbcloud.APIClient{BasePath:%q}", displayBasePath(c.cfg.BasePath))
}

// credentialFields names the parts of a credential in its errors.
type credentialFields struct{ apiKey, username, password string }

var (
	// configCredentialFields names the Configuration's fields.
	configCredentialFields = credentialFields{"APIKey", "Username", "Password"}
	// callCredentialFields names the credentials of a call's context or of a
	// CredentialsProvider.
	callCredentialFields = credentialFields{"the API key", "the basic-auth username", "the basic-auth password"}
)

// newCredential builds the authentication header for an API key or, when key
// is empty, for basic authentication, from a call's context or a
// CredentialsProvider; op names the operation in errors.
func newCredential(op, key, username, password string) (credential, error) {
	return newNamedCredential(op, callCredentialFields, key, username, password)
}

// newNamedCredential is newCredential with the parts named by names.
func newNamedCredential(op string, names credentialFields, key, username, password string) (credential, error) {
	if key != "" {
		if apiKeyHeader == "" {
			return credential{}, invalidArgument(op, names.apiKey+" is set, but "+noAPIKey)
		}
		if err := checkNoControl(op, names.apiKey, key); err != nil {
			return credential{}, err
		}
		return credential{key: canonicalAPIKeyHeader, value: []string{key}}, nil
	}
	if username == "" && password == "" {
		return credential{}, nil
	}
	if !basicAuth {
		return credential{}, invalidArgument(op, names.username+" or "+names.password+" is set, but the API document defines no basic authentication")
	}
	if strings.Contains(username, ":") {
		return credential{}, invalidArgument(op, names.username+" must not contain ':'")
	}
	if err := checkNoControl(op, names.username, username); err != nil {
		return credential{}, err
	}
	if err := checkNoControl(op, names.password, password); err != nil {
		return credential{}, err
	}
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(username+":"+password))
	return credential{key: "Authorization", value: []string{auth}}, nil
}

// checkNoControl rejects a value with control characters, such as a
// credential or a header, without echoing it; what names it.
func checkNoControl(op, what, v string) error {
	if hasControl(v) {
		return invalidArgument(op, what+" contains a control character (such as CR or LF)")
	}
	return nil
}

// validHeaderName reports whether k is a non-empty HTTP token.
func validHeaderName(k string) bool {
	for i := 0; i < len(k); i++ {
		if c := k[i]; c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return k != ""
}

// hasControl reports whether s has a control character other than tab.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return true
		}
	}
	return false
}

// call is one API call: what the pipeline needs to send it and decode the
// reply. The generated methods and APIClient.Do both describe their calls
// with it, so that one pipeline (do) serves both.
type call struct {
	op *operation
	// id numbers the call in the process (callIDs), for Operation.CallID.
	id uint64
	// params holds the path parameters of a generated method, in path order
	// (maxPathParams, generated, is the most any operation has).
	params [maxPathParams]string
	// pathParams, when non-nil, holds the path parameters instead of params,
	// for a call made with APIClient.Do.
	pathParams []string
	// query is the encoded query string without '?', as url.Values.Encode
	// returns it (so repeated parameters are kept); "" for none.
	query string
	// header holds extra request headers, canonical and already checked
	// (checkCallHeader); nil for none.
	header http.Header

	// The request body is at most one of these; none means no body.
	body modelEncoder // a model, encoded with the SDK's codec as application/json
	// rawBody is sent as is, with contentType.
	rawBody []byte
	// bodyReader is streamed as is, with contentType. It can be read only
	// once, so a call with one is never retried.
	bodyReader io.Reader
	// contentType is the Content-Type of rawBody or bodyReader; "" means
	// application/json.
	contentType string

	// The response body goes to at most one of these; none means it is drained.
	out modelDecoder // a model or a list, decoded with the SDK's codec
	// rawOut receives the response body as is, whatever its Content-Type.
	rawOut *[]byte
	// jsonOut is a pointer the JSON response body is decoded into with encoding/json.
	jsonOut any
}

// pathValues returns the path parameters of cl, in path order.
func (cl *call) pathValues() []string {
	if cl.pathParams != nil {
		return cl.pathParams
	}
	return cl.params[:]
}

// credential returns the header that authenticates cl: the context's
// credentials, else the configuration's, an API key always before basic
// auth. fromProvider reports that the configuration's CredentialsProvider
// supplies them instead, asked on each attempt.
func (c *APIClient) credential(ctx context.Context, cl *call) (cred credential, fromProvider bool, err error) {
	if cl.op.noAuth {
		return credential{}, false, nil
	}
	key, basic, err := contextCredentials(ctx)
	switch {
	case err != nil:
		return credential{}, false, invalidArgument(cl.op.name, err.Error())
	case key != "":
		cred, err = newCredential(cl.op.name, key, "", "")
		return cred, false, err
	case basic != nil:
		cred, err = newCredential(cl.op.name, "", basic.UserName, basic.Password)
		return cred, false, err
	}
	return c.cfgCred, c.cfg.Credentials != nil, nil
}

// requestURL returns the URL of cl with each path parameter escaped as one segment.
func (c *APIClient) requestURL(cl *call) *url.URL {
	var pathBuf, rawBuf [192]byte
	p, _ := cl.op.appendPath(append(pathBuf[:0], c.basePath...), cl.pathValues(), false, false)
	raw, changed := cl.op.appendPath(append(rawBuf[:0], c.baseRawPath...), cl.pathValues(), true, false)
	u := new(url.URL)
	*u = *c.base
	u.Path = string(p)
	u.RawPath = ""
	if changed || c.basePath != c.baseRawPath {
		u.RawPath = string(raw)
	}
	u.RawQuery = cl.query
	return u
}

// displayPath returns the escaped request path and query with secret
// parameters redacted.
func (c *APIClient) displayPath(cl *call) string {
	p, _ := cl.op.appendPath([]byte(c.baseRawPath), cl.pathValues(), true, true)
	switch {
	case cl.query == "":
	case cl.op.secretAll:
		p = appendRedactedQuery(append(p, '?'), cl.query)
	default:
		p = append(append(p, '?'), cl.query...)
	}
	return string(p)
}

// displayURL returns the request URL with secret parameters redacted.
func (c *APIClient) displayURL(cl *call) string {
	return c.base.Scheme + "://" + c.base.Host + c.displayPath(cl)
}

// newRequestBody returns a fresh reader over an encoded body. It is an
// io.NopCloser over a *bytes.Reader because net/http recognises that pair as
// in-memory and writes the headers and a small body in one packet; with any
// other reader type it flushes the headers separately first.
func newRequestBody(b []byte) io.ReadCloser { return io.NopCloser(bytes.NewReader(b)) }

// newRequest builds the request for one attempt of a call of op. ctx is the
// attempt's context (attemptContext), which names the operation for the
// redirect policy (see checkRedirect) as well as for the caller's hooks.
func (c *APIClient) newRequest(ctx context.Context, u *url.URL, op *operation, body []byte, cred credential) *http.Request {
	h := make(http.Header, len(c.header)+2)
	for k, v := range c.header {
		h[k] = v
	}
	if cred.key != "" {
		h[cred.key] = cred.value
	}
	req := http.Request{
		Method:     op.method,
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     h,
		Host:       u.Host,
	}
	if body != nil {
		h["Content-Type"] = contentTypeJSON
		req.Body = newRequestBody(body)
		req.ContentLength = int64(len(body))
		req.GetBody = func() (io.ReadCloser, error) { return newRequestBody(body), nil }
	}
	return req.WithContext(ctx)
}

// do makes the call cl, through the client's middleware when it has any,
// and returns what the innermost of them returns.
func (c *APIClient) do(ctx context.Context, cl *call) (*http.Response, error) {
	op := cl.op
	if c == nil || c.http == nil {
		return nil, invalidArgument(op.name, "the APIClient was not created with NewAPIClient")
	}
	if ctx == nil {
		return nil, invalidArgument(op.name, "nil context.Context")
	}
	if c.initErr != nil {
		return nil, withOperation(c.initErr, op.name)
	}
	cl.id = callIDs.Add(1)
	if c.middleware != nil {
		return c.throughMiddleware(ctx, cl)
	}
	return c.execute(ctx, cl)
}

// execute sends cl, retrying as the policy allows, and decodes the response into
// cl.out. The returned response, when non-nil, has its body consumed and closed.
func (c *APIClient) execute(ctx context.Context, cl *call) (*http.Response, error) {
	op := cl.op
	if err := op.checkPathParams(cl.pathValues()); err != nil {
		return nil, err
	}
	cred, fromProvider, err := c.credential(ctx, cl)
	if err != nil {
		return nil, err
	}
	ctxHeader, err := contextHeader(ctx, op.name)
	if err != nil {
		return nil, err
	}
	header := mergeHeader(ctxHeader, cl.header)
	if c.cleartext && (cred.key != "" || fromProvider || carriesSecret(op)) {
		return nil, invalidArgument(op.name, "refusing to send credentials over plain http to "+c.base.Host+
			"; use https, or set Configuration.AllowInsecureHTTP")
	}
	var body []byte
	switch {
	case cl.body != nil:
		if body, err = encodeModel(cl.body, true); err != nil {
			return nil, invalidArgument(op.name, "cannot encode the request body: "+err.Error())
		}
	case cl.rawBody != nil:
		body = cl.rawBody
	}
	u := c.requestURL(cl)
	// processed is set once a failed attempt may still have been carried out
	// by the server, so that a DELETE whose retry then gets 404 knows the
	// resource may be gone because of this very call.
	processed := false
	// A streamed body can be read only once: such a call makes one attempt.
	replayable := cl.bodyReader == nil
	idempotent := op.idempotent && replayable
	var issued Credentials // what the provider gave for the current attempt
	reauthenticated := false
	for attempt := 1; ; attempt++ {
		start := c.now()
		actx := attemptContext(ctx, cl, attempt)
		if fromProvider {
			if cred, issued, err = c.providerCredential(actx, cl, attempt); err != nil {
				return nil, err
			}
		}
		req := c.newRequest(actx, u, op, body, cred)
		cl.decorate(req, header)
		resp, err := c.sendingClient().Do(req)
		last := c.retry.MaxAttempts <= attempt || ctx.Err() != nil || !replayable
		if err != nil {
			err = unwrapURLError(err)
			c.logAttempt(actx, cl, req, body, attempt, start, nil, nil, err)
			if !last && retryableTransportError(idempotent, err) {
				processed = processed || !neverSent(err)
				if werr := c.sleep(ctx, c.jitter(c.retry.backoffCeiling(attempt))); werr != nil {
					return nil, c.requestError(cl, attempt, &retryWaitError{werr, err})
				}
				continue
			}
			return nil, c.requestError(cl, attempt, err)
		}
		if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
			err := c.decodeSuccess(resp, cl)
			c.logAttempt(actx, cl, req, body, attempt, start, resp, nil, err)
			if err == nil {
				return resp, nil
			}
			rerr, ok := asReadError(err)
			if !ok {
				return resp, err
			}
			if !last && idempotent {
				processed = true
				if werr := c.sleep(ctx, c.jitter(c.retry.backoffCeiling(attempt))); werr != nil {
					return resp, c.requestError(cl, attempt, &retryWaitError{werr, rerr})
				}
				continue
			}
			return resp, c.requestError(cl, attempt, rerr)
		}
		apiErr := c.newAPIError(resp, cl, attempt)
		c.logAttempt(actx, cl, req, body, attempt, start, resp, apiErr, nil)
		if resp.StatusCode == http.StatusNotFound && processed && op.method == http.MethodDelete {
			// An earlier attempt deleted the resource, as the caller asked.
			return resp, nil
		}
		if resp.StatusCode == http.StatusUnauthorized && fromProvider && !reauthenticated && replayable && ctx.Err() == nil {
			// The provider's credentials were rejected (revoked, or expired
			// early): it may replace them, and the call is retried once with
			// the new ones whatever its method, since the service refused it
			// before doing anything.
			if inv, ok := c.cfg.Credentials.(CredentialsInvalidator); ok {
				inv.InvalidateCredentials(actx, issued)
				reauthenticated = true
				continue
			}
		}
		// A Retry-After longer than the policy allows ends the retries rather
		// than holding the caller; a zero or past one is no hint, since
		// retrying at once would hit a struggling server in lockstep.
		if last || !idempotent || !retryableStatus(resp.StatusCode) || apiErr.RetryAfter > c.retry.MaxBackoff {
			return resp, apiErr
		}
		processed = processed || resp.StatusCode >= 500
		wait := apiErr.RetryAfter
		if wait <= 0 {
			wait = c.jitter(c.retry.backoffCeiling(attempt))
		}
		if werr := c.sleep(ctx, wait); werr != nil {
			return resp, c.requestError(cl, attempt, &retryWaitError{werr, apiErr})
		}
	}
}

// unwrapURLError drops net/http's *url.Error, whose text repeats the URL with
// any secret path parameter; the SDK's own error names the redacted URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}

func (c *APIClient) requestError(cl *call, attempts int, err error) error {
	return &RequestError{
		Operation: cl.op.name,
		Method:    cl.op.method,
		URL:       c.displayURL(cl),
		Attempts:  attempts,
		Err:       err,
		path:      c.displayPath(cl),
	}
}

// decodeSuccess decodes a 2xx body into cl.out, then drains and closes it.
func (c *APIClient) decodeSuccess(resp *http.Response, cl *call) error {
	body := resp.Body
	resp.Body = http.NoBody
	defer body.Close()
	if cl.rawOut != nil || cl.jsonOut != nil {
		return c.decodeRaw(resp, body, cl)
	}
	if cl.out == nil {
		drain(body)
		return nil
	}
	if ct := resp.Header.Get("Content-Type"); !isJSONContentType(ct) {
		drain(body)
		return c.decodeError(cl, resp, errors.New("unexpected Content-Type "+ct+"; want application/json"))
	}
	d := getDecoder(nil, body, c.maxResponse)
	d.budget = budgetFor(c.maxResponse)
	err := d.decodeResponse(cl.out)
	atEOF := d.srcErr == io.EOF
	putDecoder(d)
	if !atEOF {
		drain(body)
	}
	if _, ok := asReadError(err); err != nil && !ok {
		return c.decodeError(cl, resp, err)
	}
	return err
}

// asReadError returns the read failure in err, a transport error rather than
// a malformed document.
func asReadError(err error) (*readError, bool) {
	var rerr *readError
	ok := errors.As(err, &rerr)
	return rerr, ok
}

func (c *APIClient) decodeError(cl *call, resp *http.Response, err error) error {
	status := resp.Status
	if status == "" {
		status = fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	return &DecodeError{Operation: cl.op.name, StatusCode: resp.StatusCode, Status: status, Err: err}
}

// nullableList is implemented by list results, for which a JSON null is an
// empty list rather than an error.
type nullableList interface{ nullableList() }

func (*modelList[T, P]) nullableList() {}

// decodeResponse decodes a response body into v. Unlike UnmarshalJSON, a
// null where an object is expected is an error.
func (d *decoder) decodeResponse(v modelDecoder) error {
	c, err := d.peek()
	if err != nil {
		return err
	}
	if _, ok := v.(nullableList); c == 'n' && !ok {
		return d.syntaxError("the body is JSON null, not the expected object")
	}
	return d.decodeDocument(v)
}

// isJSONContentType reports whether a response may be JSON: it is declared
// as application/json, a structured-syntax "+json" type such as
// application/problem+json, or the legacy text/json, with any parameters; or
// it is undeclared or text/plain (what net/http sniffs JSON as when a server
// sets no type). Look-alikes such as application/jsonp and
// application/json-seq, HTML, XML and the like are rejected.
func isJSONContentType(ct string) bool {
	switch ct {
	case "", "application/json", "application/json; charset=utf-8", "application/json;charset=utf-8":
		// What servers send nearly always, matched without
		// mime.ParseMediaType, which allocates on every response.
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter) {
		return false
	}
	typ, sub, _ := strings.Cut(mt, "/")
	switch {
	case mt == "application/json", mt == "text/json", mt == "text/plain":
		return true
	case typ != "" && len(sub) > len("+json"):
		return strings.HasSuffix(sub, "+json")
	}
	return false
}

// drainLimit bounds how much of an unread body is read so that the
// connection can be reused; a longer body is closed instead.
const drainLimit = 256 << 10

var drainBuffers = sync.Pool{New: func() any { b := make([]byte, 4<<10); return &b }}

// drain reads what is left of body, up to drainLimit, so the connection can be reused.
func drain(body io.Reader) {
	bp := drainBuffers.Get().(*[]byte)
	for n := 0; n < drainLimit; {
		m, err := body.Read(*bp)
		n += m
		if err != nil || m == 0 {
			break
		}
	}
	drainBuffers.Put(bp)
}

// newAPIError reads a non-2xx response into an *APIError and closes its body.
// It keeps at most 64 KiB of the body, and no more than MaxResponseBytes.
func (c *APIClient) newAPIError(resp *http.Response, cl *call, attempt int) *APIError {
	limit := min(maxErrorBody, c.maxResponse)
	body, _ := readBody(io.LimitReader(resp.Body, limit), resp.ContentLength, limit)
	drain(resp.Body)
	resp.Body.Close()
	resp.Body = http.NoBody
	e := &APIError{
		Operation:  cl.op.name,
		StatusCode: resp.StatusCode,
		Status:     resp.Status,
		Method:     cl.op.method,
		URL:        c.displayURL(cl),
		Header:     resp.Header,
		Body:       body,
		Attempts:   attempt,
		path:       c.displayPath(cl),
		secretURL:  cl.op.secret >= 0 || cl.op.secretAll,
	}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		e.redirect = c.redirectNote(resp, cl)
	}
	if trimmed := bytes.TrimLeft(body, " \t\r\n"); len(trimmed) > 0 && trimmed[0] == '{' {
		e.Model = decodeErrorModel(body, budgetFor(limit))
	}
	e.RetryAfter, _ = parseRetryAfter(resp.Header.Get("Retry-After"), c.now())
	if resp.StatusCode == http.StatusNotFound && c.versionless {
		e.hint = "BasePath " + c.base.Scheme + "://" + c.base.Host + c.baseRawPath +
			` does not end in an API version; is "` + basePathVersion + `" missing?`
	}
	return e
}

// logAttempt writes one debug record for an attempt when a logger is set.
func (c *APIClient) logAttempt(ctx context.Context, cl *call, req *http.Request, body []byte, attempt int,
	start time.Time, resp *http.Response, apiErr *APIError, err error) {
	l := c.cfg.Logger
	if l == nil || !l.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("operation", cl.op.name),
		slog.String("call_id", formatCallID(cl.id)),
		slog.String("method", cl.op.method),
		slog.String("path", c.displayPath(cl)),
		slog.Int("attempt", attempt),
		slog.Duration("duration", c.now().Sub(start)),
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
		reqID := resp.Header.Get("X-Request-Id")
		if apiErr != nil {
			reqID = apiErr.RequestID()
		}
		if reqID != "" {
			attrs = append(attrs, slog.String("request_id", reqID))
		}
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	var secretHeader []string
	if cl.op.secretAll {
		for k := range cl.header {
			secretHeader = append(secretHeader, k)
		}
	}
	attrs = append(attrs, slog.Any("request_header", redactHeader(req.Header, secretHeader...)))
	if len(body) > 0 {
		masked := redacted
		if !cl.op.secretAll {
			masked = maskJSON(body)
		}
		attrs = append(attrs, slog.String("request_body", masked))
	}
	if apiErr != nil && len(apiErr.Body) > 0 {
		attrs = append(attrs, slog.String("response_body", maskJSON(apiErr.Body)))
	}
	l.LogAttrs(ctx, slog.LevelDebug, "tiledbcloud request", attrs...)
}
