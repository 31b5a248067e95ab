package tiledbcloud

import (
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Timeouts of the SDK's own transport; the whole attempt is bounded by
// Configuration.Timeout.
const (
	dialTimeout           = 10 * time.Second
	tlsHandshakeTimeout   = 10 * time.Second
	responseHeaderTimeout = 30 * time.Second
	idleConnTimeout       = 90 * time.Second
	// maxIdleConnsPerHost is high enough that many goroutines calling one host
	// reuse connections; net/http's default of 2 makes them open new ones.
	maxIdleConnsPerHost = 256
)

// The SDK's transports are shared by every APIClient without its own
// HTTPClient, so clients share one connection pool.
var (
	sharedTransport         = sync.OnceValue(func() *http.Transport { return newTransport(false) })
	sharedInsecureTransport = sync.OnceValue(func() *http.Transport { return newTransport(true) })
)

func newTransport(skipVerify bool) *http.Transport {
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          2 * maxIdleConnsPerHost,
		MaxIdleConnsPerHost:   maxIdleConnsPerHost,
		IdleConnTimeout:       idleConnTimeout,
		TLSHandshakeTimeout:   tlsHandshakeTimeout,
		ResponseHeaderTimeout: responseHeaderTimeout,
		ExpectContinueTimeout: time.Second,
	}
	if skipVerify {
		t.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // opted into by the user, with a warning
	}
	return t
}

// newHTTPClient returns the client an APIClient sends with: a copy of the
// user's client, or the SDK's own, with the SDK's redirect policy in front.
func newHTTPClient(cfg *Configuration) *http.Client {
	var hc http.Client
	switch {
	case cfg.HTTPClient != nil:
		hc = *cfg.HTTPClient
	case cfg.InsecureSkipVerify:
		hc.Transport = sharedInsecureTransport()
	default:
		hc.Transport = sharedTransport()
	}
	if cfg.HTTPClient == nil && cfg.Timeout > 0 {
		hc.Timeout = cfg.Timeout
	}
	next, allowInsecure := hc.CheckRedirect, cfg.AllowInsecureHTTP
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		return checkRedirect(req, via, next, allowInsecure)
	}
	return &hc
}

// redirectError marks an error from the redirect policy, which is never retried.
type redirectError struct{ err error }

func (e *redirectError) Error() string { return e.err.Error() }
func (e *redirectError) Unwrap() error { return e.err }

// checkRedirect strips credentials from a redirect that leaves the original
// host (and its subdomains), goes from https to http, or goes over plain http
// to a host that is not loopback, then applies the user's own policy.
// net/http already strips Authorization across domains; this adds the https
// downgrade rule and covers X-TILEDB-REST-API-KEY, which net/http does not
// know is a credential.
func checkRedirect(req *http.Request, via []*http.Request, next func(*http.Request, []*http.Request) error, allowInsecure bool) error {
	orig := via[0].URL
	strip := !credentialsMayFollow(orig, req.URL, allowInsecure)
	for _, r := range via[1:] {
		strip = strip || !credentialsMayFollow(orig, r.URL, allowInsecure)
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

// credentialsMayFollow reports whether credentials sent to orig may go to dest.
func credentialsMayFollow(orig, dest *url.URL, allowInsecure bool) bool {
	if orig.Scheme == "https" && dest.Scheme != "https" {
		return false
	}
	if dest.Scheme == "http" && !allowInsecure && !isLoopbackHost(dest.Hostname()) {
		return false
	}
	oh, dh := strings.ToLower(orig.Hostname()), strings.ToLower(dest.Hostname())
	return dh == oh || strings.HasSuffix(dh, "."+oh)
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
