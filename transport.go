package tiledbcloud

import (
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Timeouts of the SDK's own transport; the whole attempt is bounded by
// Configuration.Timeout. A negative Timeout selects a transport without them.
const (
	dialTimeout           = 10 * time.Second
	tlsHandshakeTimeout   = 10 * time.Second
	responseHeaderTimeout = 30 * time.Second
	idleConnTimeout       = 90 * time.Second
	// maxIdleConnsPerHost is high enough that many goroutines calling one host
	// reuse connections; net/http's default of 2 makes them open new ones.
	maxIdleConnsPerHost = 256
)

// transportKind selects one of the SDK's shared transports.
type transportKind uint8

const (
	skipVerify transportKind = 1 << iota // no TLS certificate verification
	untimed                              // no dial, TLS-handshake or response-header timeout
)

// The SDK's transports are shared by every APIClient without its own
// HTTPClient, so clients with the same settings share one connection pool.
var sharedTransports = func() (ts [(skipVerify | untimed) + 1]func() *http.Transport) {
	for k := range ts {
		kind := transportKind(k)
		ts[k] = sync.OnceValue(func() *http.Transport { return newTransport(kind) })
	}
	return ts
}()

func newTransport(kind transportKind) *http.Transport {
	dialer := &net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          2 * maxIdleConnsPerHost,
		MaxIdleConnsPerHost:   maxIdleConnsPerHost,
		IdleConnTimeout:       idleConnTimeout,
		TLSHandshakeTimeout:   tlsHandshakeTimeout,
		ResponseHeaderTimeout: responseHeaderTimeout,
		ExpectContinueTimeout: time.Second,
	}
	if kind&untimed != 0 {
		dialer.Timeout, t.TLSHandshakeTimeout, t.ResponseHeaderTimeout = 0, 0, 0
	}
	t.DialContext = dialer.DialContext
	if kind&skipVerify != 0 {
		t.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // opted into by the user, with a warning
	}
	return t
}

// kindOf returns the kind of the SDK's transport that cfg selects.
func kindOf(cfg *Configuration) transportKind {
	var kind transportKind
	if cfg.InsecureSkipVerify {
		kind |= skipVerify
	}
	if cfg.Timeout < 0 {
		kind |= untimed
	}
	return kind
}

// netHTTPDefault is the transport net/http installs as http.DefaultTransport.
var netHTTPDefault, _ = http.DefaultTransport.(*http.Transport)

// isReplacedDefault reports whether rt, the current http.DefaultTransport,
// is not net/http's own: a test replaced it (httpmock.Activate), or the
// program did.
func isReplacedDefault(rt http.RoundTripper) bool {
	t, ok := rt.(*http.Transport)
	return !ok || t != netHTTPDefault
}

// sdkTransport is the transport of a client without an HTTPClient of its
// own: the SDK's shared transport of its kind, or http.DefaultTransport
// while that is replaced, so that httpmock.Activate mocks the SDK as it
// mocks any client of http.DefaultClient, whether the client was made
// before or after it. It decides on every round trip. A WrapTransport
// wrapper gets it rather than the shared *http.Transport, which the wrapper
// could otherwise modify for every client in the process.
type sdkTransport struct{ kind transportKind }

// RoundTrip sends req through http.DefaultTransport while it is replaced,
// else through the SDK's shared transport.
func (t sdkTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if rt := http.DefaultTransport; isReplacedDefault(rt) {
		return rt.RoundTrip(req)
	}
	return sharedTransports[t.kind]().RoundTrip(req)
}

// processDefaultTransport stands for http.DefaultTransport under a wrapper
// of a client whose HTTPClient has no Transport: it sends through whatever
// http.DefaultTransport is at the time, as net/http would, and gives the
// wrapper nothing to modify that the rest of the process uses.
type processDefaultTransport struct{}

// RoundTrip sends req through the current http.DefaultTransport.
func (processDefaultTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return http.DefaultTransport.RoundTrip(req)
}

// newHTTPClient returns the client an APIClient sends with: a copy of the
// user's client, or the SDK's own, with the SDK's redirect policy in front.
func newHTTPClient(cfg *Configuration) *http.Client {
	var hc http.Client
	if cfg.HTTPClient != nil {
		hc = *cfg.HTTPClient
	} else {
		hc.Transport = sdkTransport{kindOf(cfg)}
		if cfg.Timeout > 0 {
			hc.Timeout = cfg.Timeout
		}
	}
	next, allowInsecure := hc.CheckRedirect, cfg.AllowInsecureHTTP
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		return checkRedirect(req, via, next, allowInsecure)
	}
	return &hc
}

// directClient returns hc sending straight through the SDK's shared
// transport when hc's transport is an unwrapped sdkTransport, nil
// otherwise. net/http recognises its own *http.Transport and bounds an
// attempt by Timeout with a context; for any other RoundTripper it starts a
// timer and a goroutine per request.
func directClient(hc *http.Client) *http.Client {
	t, ok := hc.Transport.(sdkTransport)
	if !ok {
		return nil
	}
	direct := *hc
	direct.Transport = sharedTransports[t.kind]()
	return &direct
}

// sendingClient returns the client that sends an attempt: the direct one
// while http.DefaultTransport is net/http's own, so that the common case
// costs nothing more, else the one that decides per round trip.
func (c *APIClient) sendingClient() *http.Client {
	if c.direct != nil && !isReplacedDefault(http.DefaultTransport) {
		return c.direct
	}
	return c.http
}

// redirectError marks an error from the redirect policy, which is never retried.
type redirectError struct{ err error }

func (e *redirectError) Error() string { return e.err.Error() }
func (e *redirectError) Unwrap() error { return e.err }

// carriesSecret reports whether a call of op sends a secret in its body or path.
func carriesSecret(op *operation) bool { return op.secretBody || op.secret >= 0 || op.secretAll }

// checkRedirect refuses the redirects redirectRefusal names, returning
// http.ErrUseLastResponse so that the 3xx comes back as an *APIError and
// nothing is sent to the target. It strips credentials from a redirect that
// leaves the credential scope (see credentialScopeExit), then applies the
// user's own policy. net/http already strips Authorization across domains;
// this adds the https downgrade rule and covers X-TILEDB-REST-API-KEY, which
// net/http does not know is a credential.
func checkRedirect(req *http.Request, via []*http.Request, next func(*http.Request, []*http.Request) error, allowInsecure bool) error {
	orig, prev := via[0], via[len(via)-1]
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	// Every attempt's context names its operation (attemptContext), which
	// says whether the call's body or path carries a secret.
	oc, _ := orig.Context().Value(operationKey).(*operationContext)
	secret := oc != nil && carriesSecret(oc.op)
	if redirectRefusal(orig.URL, prev.Method, secret, status, req.URL, allowInsecure) != "" {
		return http.ErrUseLastResponse
	}
	strip := !credentialsMayFollow(orig.URL, req.URL, allowInsecure)
	for _, r := range via[1:] {
		strip = strip || !credentialsMayFollow(orig.URL, r.URL, allowInsecure)
	}
	if strip {
		for _, h := range secretHeaders {
			req.Header.Del(h)
		}
	}
	if next != nil {
		if err := next(req, via); err != nil {
			if errors.Is(err, http.ErrUseLastResponse) {
				return err
			}
			return &redirectError{err}
		}
		return nil
	}
	if len(via) >= 10 {
		return &redirectError{errors.New("stopped after 10 redirects")}
	}
	return nil
}

// redirectRefusal returns why the SDK does not follow a redirect with the
// given status, answering a method request of a call to orig, to dest; ""
// when it follows it. It refuses what would lose a write or leak a secret:
//   - a target that is not http or https;
//   - 301, 302 and 303 on anything but GET and HEAD, which net/http would
//     resend as a GET without the body, so the write would silently not happen;
//   - any redirect out of the credential scope for a call whose body or path
//     carries a secret (secret), since the body and path are resent as they are.
func redirectRefusal(orig *url.URL, method string, secret bool, status int, dest *url.URL, allowInsecure bool) string {
	switch {
	case dest.Scheme != "http" && dest.Scheme != "https":
		return "the target is not an http or https URL"
	case (status == http.StatusMovedPermanently || status == http.StatusFound || status == http.StatusSeeOther) &&
		method != http.MethodGet && method != http.MethodHead:
		return "net/http would resend the " + method + " as a GET without its body"
	case secret:
		if exit := credentialScopeExit(orig, dest, allowInsecure); exit != "" {
			return "the request's body or path carries a secret, and " + exit
		}
	}
	return ""
}

// maxRedirectTarget bounds the target an *APIError's message shows.
const maxRedirectTarget = 200

// redirectNote describes a 3xx response the client did not follow, for the
// message of its *APIError: the target and, when the SDK's policy refused
// it, why. It returns "" when the response has no usable Location. The
// target is shown as scheme, host and path, without user info or query; the
// path is left out when the call's path carries a secret, which the server
// may have copied into it.
func (c *APIClient) redirectNote(resp *http.Response, cl *call) string {
	dest, err := resp.Location()
	if err != nil {
		return ""
	}
	target := dest.Scheme + "://" + dest.Host
	if cl.op.secret < 0 && !cl.op.secretAll {
		target += dest.EscapedPath()
	}
	if len(target) > maxRedirectTarget {
		target = strings.ToValidUTF8(target[:maxRedirectTarget], "") + "..."
	}
	note := "redirect to " + target + " not followed"
	method := cl.op.method
	if resp.Request != nil {
		method = resp.Request.Method
	}
	if why := redirectRefusal(c.base, method, carriesSecret(cl.op), resp.StatusCode, dest, c.cfg.AllowInsecureHTTP); why != "" {
		note += ": " + why
	}
	return note
}

// credentialsMayFollow reports whether credentials sent to orig may go to dest.
func credentialsMayFollow(orig, dest *url.URL, allowInsecure bool) bool {
	return credentialScopeExit(orig, dest, allowInsecure) == ""
}

// credentialScopeExit returns how dest leaves the scope of credentials sent
// to orig, or "" when it stays within it: the same host or a subdomain of it
// (the service redirects to regional subdomains; see inCredentialScope),
// never from https to http, and never over plain http to a host that is not
// loopback unless allowInsecure.
func credentialScopeExit(orig, dest *url.URL, allowInsecure bool) string {
	if orig.Scheme == "https" && dest.Scheme != "https" {
		return "the redirect goes from https to " + dest.Scheme
	}
	if dest.Scheme == "http" && !allowInsecure && !isLoopbackHost(dest.Hostname()) {
		return "the redirect goes over plain http to a host that is not loopback"
	}
	if !inCredentialScope(orig.Hostname(), dest.Hostname()) {
		return "the redirect goes to another host"
	}
	return ""
}

// inCredentialScope reports whether dest is the host orig or a subdomain of
// it, both as URL.Hostname returns them (unbracketed, unescaped). ASCII
// names compare without regard to case, as DNS does. An IP literal
// (anything with ':' or '%', or that parses as an address) has no
// subdomains and matches only itself: a dest such as "::1%.api.tiledb.com"
// ends in the API host, yet net/http dials "::1" and drops the zone, as in
// CVE-2023-45289. A name that is not ASCII matches only itself, byte for
// byte: net/http dials its IDNA form, which the standard library offers no
// way to compute, and strings.ToLower maps some characters to ASCII where
// IDNA does not ("\u0130" to "i").
func inCredentialScope(orig, dest string) bool {
	if !isASCII(orig) || !isASCII(dest) {
		return dest == orig
	}
	o, d := strings.ToLower(orig), strings.ToLower(dest)
	if d == o {
		return true
	}
	if isIPLiteral(o) || isIPLiteral(d) {
		return false
	}
	return strings.HasSuffix(d, "."+o)
}

// isIPLiteral reports whether host is, or could be read as, an IP address.
func isIPLiteral(host string) bool {
	if strings.ContainsAny(host, ":%") {
		return true
	}
	_, err := netip.ParseAddr(host)
	return err == nil
}

// isASCII reports whether s holds only ASCII characters.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isLoopbackHost reports whether host is localhost, in 127.0.0.0/8, or ::1.
func isLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
