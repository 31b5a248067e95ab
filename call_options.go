package tiledbcloud

import (
	"context"
	"fmt"
	"net/http"
)

// WithAPIKey returns a copy of ctx whose calls authenticate with the API
// key key, sent as the X-TILEDB-REST-API-KEY header, instead of the
// Configuration's credentials. It sets the same per-call credentials as
// context.WithValue(ctx, ContextAPIKey, key), type-checked: of WithAPIKey
// and WithBasicAuth, the one applied last (innermost) wins. An empty key
// fails the calls made with the returned context with an error matching
// ErrInvalidArgument, and nothing is sent: it never falls back to outer
// credentials or to the Configuration's, which in a service acting for many
// tenants would send a call of one tenant with the service's own
// credentials. A nil ctx stands for context.Background().
func WithAPIKey(ctx context.Context, key string) context.Context {
	return context.WithValue(orBackground(ctx), ContextAPIKey, key)
}

// WithBasicAuth returns a copy of ctx whose calls authenticate with HTTP
// basic authentication as username and password instead of the
// Configuration's credentials. It sets the same per-call credentials as
// context.WithValue(ctx, ContextBasicAuth, BasicAuth{...}), type-checked,
// and it replaces an API key set in an outer context: of WithAPIKey and
// WithBasicAuth, the one applied last wins. An empty username and password
// fail the calls made with the returned context, as an empty WithAPIKey
// does. A nil ctx stands for context.Background().
func WithBasicAuth(ctx context.Context, username, password string) context.Context {
	return &basicAuthContext{Context: orBackground(ctx), auth: BasicAuth{UserName: username, Password: password}}
}

// basicAuthContext answers both per-call credential keys, so that basic
// authentication set last replaces an outer API key (which would otherwise
// win over it).
type basicAuthContext struct {
	context.Context
	auth BasicAuth
}

// Value returns the credentials for the credential keys and defers to the
// parent for every other key.
func (c *basicAuthContext) Value(key any) any {
	switch key {
	case any(ContextBasicAuth):
		return c.auth
	case any(ContextAPIKey):
		return nil // no API key: the basic authentication set here applies
	}
	return c.Context.Value(key)
}

// WithHeader returns a copy of ctx whose calls send the extra request
// header key: value. Calls accumulate: each adds a header, and a later call
// for the same header (case-insensitive) replaces the value of an earlier
// one. A header set here replaces a Configuration.DefaultHeader of the same
// name. One rule refuses the same headers here and in DefaultHeader: a call
// with a credential header (Authorization, X-TILEDB-REST-API-KEY, Cookie;
// use WithAPIKey or WithBasicAuth), a header the SDK sets (Accept,
// Content-Type, User-Agent), a header net/http manages (Host,
// Content-Length, Transfer-Encoding, Connection, Trailer, TE, Upgrade,
// Keep-Alive, Proxy-Connection, Accept-Encoding), an invalid name or a value
// with control characters fails with an error matching ErrInvalidArgument,
// and nothing is sent. A nil ctx stands for context.Background().
func WithHeader(ctx context.Context, key, value string) context.Context {
	ctx = orBackground(ctx)
	prev, _ := ctx.Value(headerKey).(*callHeaderField)
	return context.WithValue(ctx, headerKey, &callHeaderField{key: key, value: value, prev: prev})
}

// headerKey is the context key of the headers WithHeader adds.
var headerKey = &contextKey{"header"}

// callHeaderField is one WithHeader header, linked to the ones set before it.
type callHeaderField struct {
	key, value string
	prev       *callHeaderField
}

// orBackground returns ctx, or context.Background() for a nil ctx, which the
// context package would panic on.
func orBackground(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}

// reservedHeader returns why no caller may set the canonical header ck
// (in DefaultHeader, WithHeader, a raw call's Request.Header or a header
// parameter), or "" when one may. A raw call may set Accept and
// Content-Type, as its body and response may not be JSON.
func reservedHeader(ck string, raw bool) string {
	switch ck {
	case "Accept", "Content-Type":
		if raw {
			return ""
		}
		return "which the SDK sets"
	case "User-Agent":
		return "which the SDK sets; use Configuration.UserAgent"
	case "Accept-Encoding":
		return "which net/http sets: it asks for gzip and decompresses the response only when the request does not set Accept-Encoding itself"
	case "Host", "Content-Length", "Transfer-Encoding", "Connection", "Trailer", "Te", "Upgrade",
		"Keep-Alive", "Proxy-Connection":
		// net/http ignores some of these in Header and sends the others as
		// given, where they would change how the connection behaves; over
		// HTTP/2 the connection-specific ones fail the request.
		return "which net/http manages"
	}
	return ""
}

// checkCallHeader checks one extra header of every call (DefaultHeader,
// with op ""), of a call (WithHeader), or of a raw call (Request.Header,
// with raw set), and returns its canonical name. It is the one rule for all
// of them: what names the source in the error, which never quotes the value.
func checkCallHeader(op, what, key, value string, raw bool) (string, error) {
	if !validHeaderName(key) {
		return "", invalidArgument(op, fmt.Sprintf("%s has the invalid header name %q", what, key))
	}
	ck := http.CanonicalHeaderKey(key)
	if isSecretHeader(ck) {
		return "", invalidArgument(op, what+" sets "+ck+", which is a credential; set the Configuration's APIKey, or Username and Password, or use WithAPIKey or WithBasicAuth for one call")
	}
	if why := reservedHeader(ck, raw); why != "" {
		return "", invalidArgument(op, what+" sets "+ck+", "+why)
	}
	if hasControl(value) {
		return "", invalidArgument(op, what+"["+ck+"] contains a control character (such as CR or LF)")
	}
	return ck, nil
}

// contextHeader returns the headers WithHeader set in ctx, checked and
// canonical, the innermost value winning; nil when there are none.
func contextHeader(ctx context.Context, op string) (http.Header, error) {
	f, _ := ctx.Value(headerKey).(*callHeaderField)
	if f == nil {
		return nil, nil
	}
	h := make(http.Header)
	for ; f != nil; f = f.prev {
		ck, err := checkCallHeader(op, "WithHeader", f.key, f.value, false)
		if err != nil {
			return nil, err
		}
		if _, set := h[ck]; !set {
			h[ck] = []string{f.value}
		}
	}
	return h, nil
}

// mergeHeader returns the extra headers of a call: those of cl (a raw
// call's Request.Header) over those of the context.
func mergeHeader(ctxHeader, callHeader http.Header) http.Header {
	switch {
	case len(callHeader) == 0:
		return ctxHeader
	case len(ctxHeader) == 0:
		return callHeader
	}
	h := ctxHeader.Clone()
	for k, v := range callHeader {
		h[k] = v
	}
	return h
}
