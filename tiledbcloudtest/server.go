package tiledbcloudtest

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// Limits of the server. Together they bound the memory it keeps, so that
// a flood of requests, authenticated or not, cannot exhaust it.
const (
	// MaxRequestBody is the largest request body the server reads; a larger
	// one gets 413 Request Entity Too Large.
	MaxRequestBody = 1 << 20
	// MaxRecordedRequests is how many requests Requests remembers; older
	// ones are forgotten first.
	MaxRecordedRequests = 10000
	// DefaultMaxRecordedBytes is how many bytes of request bodies, headers
	// and URLs Requests remembers in total, unless WithMaxRecordedBytes
	// sets another bound; older requests are forgotten first.
	DefaultMaxRecordedBytes = 16 << 20
	// MaxFieldBytes is the largest value one field of a JSON request body
	// may have, measured as JSON (quotes included), such as a user's name
	// or the whole list of an AWS credential's buckets; a larger one gets
	// 400 Bad Request and changes nothing.
	MaxFieldBytes = 4 << 10
	// MaxUsers is how many users the server holds, seeded ones included;
	// CreateUser beyond it gets 507 Insufficient Storage until a user is
	// deleted.
	MaxUsers = 1000
	// MaxTokens is how many API and session tokens the server holds, of
	// every user (a deleted user's included, which answer 404); when it is
	// reached, expired tokens are dropped, and RequestToken and GetSession
	// get 507 Insufficient Storage if none had expired.
	MaxTokens = 5000
	// MaxCredentials is how many AWS access credentials the server holds
	// in all namespaces; AddAWSAccessCredentials beyond it gets 507
	// Insufficient Storage until some are deleted.
	MaxCredentials = 1000
)

// Server is an in-memory fake of the TileDB Cloud v1 user API, serving
// plain HTTP on a loopback address. It is safe for concurrent use.
type Server struct {
	url      string
	loopback bool
	http     *httptest.Server
	closing  chan struct{} // closed by Close, ending injected latency
	once     sync.Once

	mu            sync.Mutex // guards everything below
	st            *state
	handlers      operationHandlers // fakeOperations, or a test's
	faults        map[string][]*fault
	latency       map[string]time.Duration
	requests      []*Request
	recordedBytes int // the size of requests
	recordLimit   int // the bound on recordedBytes
	reqSeq        uint64
}

// NewServer starts a server with the given options and returns it once it
// accepts connections. It fails when a seed is invalid (a bad username, an
// owner who is not a seeded user, ...) or when it cannot listen. Call Close
// when done with it.
func NewServer(opts ...Option) (*Server, error) {
	var cfg settings
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	now := cfg.clock
	if now == nil {
		now = time.Now
	}
	recordLimit := DefaultMaxRecordedBytes
	if cfg.recordLimit != nil {
		if recordLimit = *cfg.recordLimit; recordLimit <= 0 {
			return nil, fmt.Errorf("tiledbcloudtest: WithMaxRecordedBytes: the bound must be positive, not %d", recordLimit)
		}
	}
	s := &Server{
		st:          newState(now),
		handlers:    &fakeOperations{},
		faults:      make(map[string][]*fault),
		latency:     make(map[string]time.Duration),
		closing:     make(chan struct{}),
		recordLimit: recordLimit,
	}
	if err := s.st.seed(&cfg); err != nil {
		return nil, err
	}
	ln, err := listen(cfg.addr)
	if err != nil {
		return nil, err
	}
	s.url, s.loopback = baseURL(ln.Addr())
	// httptest.Server brings what a test server needs at Close: it closes
	// idle and never-used connections and waits for requests in flight.
	s.http = &httptest.Server{
		Listener: ln,
		Config: &http.Server{
			Handler:           http.HandlerFunc(s.serveHTTP),
			ReadHeaderTimeout: 10 * time.Second,
			ErrorLog:          log.New(io.Discard, "", 0),
		},
	}
	s.http.Start()
	return s, nil
}

// TB is the part of testing.TB that NewTestServer uses; *testing.T and
// *testing.B satisfy it.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// NewTestServer is NewServer for tests: it fails the test if the server
// cannot start, and closes the server when the test ends.
func NewTestServer(tb TB, opts ...Option) *Server {
	tb.Helper()
	s, err := NewServer(opts...)
	if err != nil {
		tb.Fatalf("%v", err)
		return nil
	}
	tb.Cleanup(s.Close)
	return s
}

// listen listens on addr, or on a random port of 127.0.0.1 (or [::1] when
// there is no IPv4 loopback) when addr is empty.
func listen(addr string) (net.Listener, error) {
	if addr != "" {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, fmt.Errorf("tiledbcloudtest: %w", err)
		}
		return ln, nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err == nil {
		return ln, nil
	}
	ln, err6 := net.Listen("tcp", "[::1]:0")
	if err6 == nil {
		return ln, nil
	}
	return nil, fmt.Errorf("tiledbcloudtest: cannot listen on a loopback address: %w", err)
}

// baseURL returns the API's base URL for a listening address, with a
// loopback host when the address is a wildcard one.
func baseURL(addr net.Addr) (string, bool) {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String() + "/v1", false
	}
	ip := net.ParseIP(host)
	switch {
	case ip == nil:
		return "http://" + net.JoinHostPort(host, port) + "/v1", host == "localhost"
	case ip.IsUnspecified() && ip.To4() != nil:
		ip = net.IPv4(127, 0, 0, 1)
	case ip.IsUnspecified():
		ip = net.IPv6loopback
	}
	return "http://" + net.JoinHostPort(ip.String(), port) + "/v1", ip.IsLoopback()
}

// URL returns the base URL of the API, including "/v1", such as
// "http://127.0.0.1:41234/v1"; use it as Configuration.BasePath.
func (s *Server) URL() string { return s.url }

// Close stops the server and waits for the requests in flight; requests
// waiting on injected latency end at once with 503. The server's state
// (Requests) can still be read afterwards. Close may be called more than once.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closing)
		s.http.Close()
	})
}

// Config returns a Configuration for calling the server as username: the
// user's seeded API key while it is valid, otherwise basic auth with the
// user's current password. For a username the server does not know (such
// as ""), it has no credentials: CreateUser works, other calls get 401.
// Everything else is as NewConfiguration sets it, retries included; the
// caller owns the result and may change it.
func (s *Server) Config(username string) *tiledbcloud.Configuration {
	cfg := tiledbcloud.NewConfiguration()
	cfg.BasePath = s.url
	cfg.AllowInsecureHTTP = !s.loopback
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.byName[username]
	switch {
	case u == nil:
	case u.seedKey != "" && s.st.liveToken(u.seedKey) != nil:
		cfg.APIKey = u.seedKey
	case u.password != "":
		cfg.Username = u.profile.Username
		cfg.Password = u.password
	}
	return cfg
}

// Client returns an APIClient for calling the server as username, made from
// Config(username).
func (s *Server) Client(username string) *tiledbcloud.APIClient {
	return tiledbcloud.NewAPIClient(s.Config(username))
}

// fault is a pending injected failure.
type fault struct {
	remaining  int
	status     int
	retryAfter time.Duration
}

// FailNext makes the next n calls of operation (one of the Op constants, or
// "" for any operation) fail with status, an error document and, when
// retryAfter is positive, a Retry-After header of retryAfter rounded up to
// whole seconds. The calls fail before authentication and change nothing.
// Faults queue: after these n calls, an earlier or later FailNext for the
// same operation takes over. A fault for the operation itself is used
// before one for "".
func (s *Server) FailNext(operation string, n, status int, retryAfter time.Duration) error {
	switch {
	case operation != "" && !knownOperations[operation]:
		return fmt.Errorf("tiledbcloudtest: FailNext: unknown operation %q", operation)
	case n <= 0:
		return fmt.Errorf("tiledbcloudtest: FailNext: n must be positive, not %d", n)
	case status < 400 || status > 599:
		return fmt.Errorf("tiledbcloudtest: FailNext: status must be 4xx or 5xx, not %d", status)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[operation] = append(s.faults[operation], &fault{remaining: n, status: status, retryAfter: retryAfter})
	return nil
}

// SetLatency delays every call of operation (one of the Op constants, or ""
// for any operation) by d before it is handled; zero or less removes the
// delay. The delay for the operation itself is used before the one for "".
// A delayed call ends early, with 503, when the client gives up or the
// server closes, so a test's context deadline still bounds it.
func (s *Server) SetLatency(operation string, d time.Duration) error {
	if operation != "" && !knownOperations[operation] {
		return fmt.Errorf("tiledbcloudtest: SetLatency: unknown operation %q", operation)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		delete(s.latency, operation)
	} else {
		s.latency[operation] = d
	}
	return nil
}

// ClearFaults removes every pending FailNext fault and every SetLatency delay.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = make(map[string][]*fault)
	s.latency = make(map[string]time.Duration)
}

// takeFault consumes one pending fault for op, if any.
func (s *Server) takeFault(op string) *fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, key := range [2]string{op, ""} {
		q := s.faults[key]
		if len(q) == 0 {
			continue
		}
		f := *q[0]
		q[0].remaining--
		if q[0].remaining <= 0 {
			q = q[1:]
		}
		if len(q) == 0 {
			delete(s.faults, key)
		} else {
			s.faults[key] = q
		}
		return &f
	}
	return nil
}

func (s *Server) latencyFor(op string) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := s.latency[op]; ok {
		return d
	}
	return s.latency[""]
}

// Request is a request the server received, as Requests reports it.
type Request struct {
	// Operation is the operation the request was routed to, such as
	// OpGetUser, or "" when it matched none.
	Operation string
	// Method is the HTTP method.
	Method string
	// Path is the escaped path, such as "/v1/users/a%2Fb".
	Path string
	// RawQuery is the query string without '?'.
	RawQuery string
	// Header is the request header as received, credentials included.
	Header http.Header
	// Body is the request body as received, secrets included (at most
	// MaxRequestBody+1 bytes: a longer body is cut there and refused).
	Body []byte
	// Username is the user the request authenticated as, or "".
	Username string
	// Status is the status code of the response, or 0 while the request is
	// still being handled.
	Status int
	// RequestID is the request_id of the response (also sent as X-Request-Id).
	RequestID string
}

// Requests returns copies of the requests received so far, oldest first:
// the most recent ones, at most MaxRecordedRequests of them and at most
// DefaultMaxRecordedBytes (or the WithMaxRecordedBytes bound) of bodies,
// headers and URLs in total. The most recent request is kept even when it
// alone is larger than that bound.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = *r
		out[i].Header = r.Header.Clone()
		out[i].Body = append([]byte(nil), r.Body...)
	}
	return out
}

// ResetRequests forgets the requests received so far.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
	s.recordedBytes = 0
}

// record stores a new request, forgetting old ones beyond the bounds, and
// assigns its request id.
func (s *Server) record(r *http.Request, op string, body []byte) *Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqSeq++
	rec := &Request{
		Operation: op,
		Method:    r.Method,
		Path:      r.URL.EscapedPath(),
		RawQuery:  r.URL.RawQuery,
		Header:    r.Header.Clone(),
		Body:      body,
		RequestID: "req-" + pad(s.reqSeq),
	}
	s.requests = append(s.requests, rec)
	s.recordedBytes += rec.size()
	drop := 0
	for len(s.requests)-drop > 1 &&
		(len(s.requests)-drop > MaxRecordedRequests || s.recordedBytes > s.recordLimit) {
		s.recordedBytes -= s.requests[drop].size()
		// Clear the slot too: the backing array would keep it alive.
		s.requests[drop] = nil
		drop++
	}
	s.requests = s.requests[drop:]
	return rec
}

// size is what r counts against the recording bound: the bytes of its body,
// header and URL, which is all of r that can grow with the request.
func (r *Request) size() int {
	n := len(r.Body) + len(r.Path) + len(r.RawQuery)
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + len(v)
		}
	}
	return n
}

// pad formats n with at least six digits, so that ids sort like numbers.
func pad(n uint64) string {
	s := strconv.FormatUint(n, 10)
	for len(s) < 6 {
		s = "0" + s
	}
	return s
}

// serveHTTP handles one request: route, record, delay, inject a fault or
// authenticate and run the operation, then respond.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, readErr := readBody(r)
	rt := matchRoute(r.Method, r.URL.EscapedPath())
	rec := s.record(r, rt.op, body)
	x := &exchange{s: s, r: r, op: rt.op, handler: rt.handler, params: rt.params, body: body, requestID: rec.RequestID}
	resp := x.run(rt, readErr)
	s.mu.Lock()
	rec.Status = resp.status
	if x.principal != nil {
		rec.Username = x.principal.user.profile.Username
	}
	s.mu.Unlock()
	resp.write(w, rec.RequestID)
}

// readBody reads at most MaxRequestBody+1 bytes of r's body into a slice no
// larger than what it holds, so that a recorded body takes the memory it is
// counted for.
func readBody(r *http.Request) ([]byte, error) {
	if n := r.ContentLength; n >= 0 && n <= MaxRequestBody {
		body := make([]byte, n)
		_, err := io.ReadFull(r.Body, body)
		return body, err
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxRequestBody+1))
	return bytes.Clone(body), err
}

// run produces the response to x.
func (x *exchange) run(rt routeResult, readErr error) response {
	switch {
	case rt.bad:
		return x.fail(http.StatusBadRequest, "the path has a malformed escape")
	case rt.op == "" && len(rt.allow) > 0:
		resp := x.fail(http.StatusMethodNotAllowed, "method "+x.r.Method+" is not allowed here")
		resp.allow = rt.allow
		return resp
	case rt.op == "":
		return x.fail(http.StatusNotFound, "no such endpoint")
	case readErr != nil:
		return x.fail(http.StatusBadRequest, "cannot read the request body")
	case len(x.body) > MaxRequestBody:
		return x.fail(http.StatusRequestEntityTooLarge, "the request body is larger than 1 MiB")
	}
	if d := x.s.latencyFor(x.op); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-x.r.Context().Done():
			t.Stop()
			return x.fail(http.StatusServiceUnavailable, "the client went away during the injected latency")
		case <-x.s.closing:
			t.Stop()
			return x.fail(http.StatusServiceUnavailable, "the server is shutting down")
		}
	}
	if f := x.s.takeFault(x.op); f != nil {
		resp := x.fail(f.status, "injected fault: "+http.StatusText(f.status))
		resp.retryAfter = f.retryAfter
		return resp
	}
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	return x.handle()
}
