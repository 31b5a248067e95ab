package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// The span attributes that carry the SDK's Operation.
const (
	attrOperationName   = attribute.Key("tiledbcloud.operation.name")
	attrOperationMethod = attribute.Key("tiledbcloud.operation.method")
	attrOperationPath   = attribute.Key("tiledbcloud.operation.path")
	attrAttempt         = attribute.Key("tiledbcloud.attempt")
)

// redacted replaces path parameter and query values in url.full, as the
// OpenTelemetry semantic conventions suggest for sensitive URL parts.
const redacted = "REDACTED"

// Tracing returns a Configuration.WrapTransport that traces every attempt
// of the SDK with otelhttp, using tp: one client span per attempt, named
// "tiledbcloud." and the operation (tiledbcloud.GetUser), with the
// operation and the attempt number as attributes.
//
// otelhttp records the request's URL as url.full and has no option to
// redact it, while a path can hold a secret (RevokeToken's token). So
// otelhttp is shown a copy of the request whose URL has every path
// parameter and query value replaced by REDACTED, and the original URL is
// put back beneath it, before the request goes on to the SDK's transport.
// Headers (the API key, basic auth) and bodies (passwords) are never
// recorded by otelhttp.
//
// opts are passed on to otelhttp after Tracing's own, so they may override
// them; WithPropagators, for example, sends the trace context with each
// attempt (otelhttp uses the global propagator, which sends nothing until
// one is set).
func Tracing(tp trace.TracerProvider, opts ...otelhttp.Option) func(http.RoundTripper) http.RoundTripper {
	opts = append([]otelhttp.Option{
		otelhttp.WithTracerProvider(tp),
		otelhttp.WithSpanNameFormatter(spanName),
	}, opts...)
	return func(next http.RoundTripper) http.RoundTripper {
		traced := otelhttp.NewTransport(restoreURL{next}, opts...)
		return redactURL{traced}
	}
}

// spanName names the span of an attempt after the SDK operation it belongs
// to, or after the HTTP method for a request that carries none.
func spanName(_ string, r *http.Request) string {
	if op, ok := tiledbcloud.OperationFromContext(r.Context()); ok {
		return "tiledbcloud." + op.Name
	}
	return "HTTP " + r.Method
}

// originalURLKey is the context key of the URL that redactURL hid from
// otelhttp.
type originalURLKey struct{}

// redactURL hands next a copy of each SDK request with its URL redacted,
// keeping the original in the context for restoreURL.
type redactURL struct{ next http.RoundTripper }

func (t redactURL) RoundTrip(r *http.Request) (*http.Response, error) {
	op, ok := tiledbcloud.OperationFromContext(r.Context())
	if !ok {
		return t.next.RoundTrip(r)
	}
	// A redirect the SDK follows goes to a URL of the server's choosing,
	// which may hold the secret anywhere, so none of its path is kept.
	template := op.Path
	if r.Response != nil {
		template = ""
	}
	ctx := context.WithValue(r.Context(), originalURLKey{}, r.URL)
	return t.next.RoundTrip(withURL(ctx, r, redactedURL(r.URL, template)))
}

// restoreURL puts back the URL that redactURL hid, adds the SDK's operation
// to the span otelhttp started, and sends the request on.
type restoreURL struct{ next http.RoundTripper }

func (t restoreURL) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx := r.Context()
	if u, ok := ctx.Value(originalURLKey{}).(*url.URL); ok {
		r = withURL(ctx, r, u)
	}
	if op, ok := tiledbcloud.OperationFromContext(ctx); ok {
		attrs := []attribute.KeyValue{
			attrOperationName.String(op.Name),
			attrOperationMethod.String(op.Method),
			attrOperationPath.String(op.Path),
			attrAttempt.Int(op.Attempt),
		}
		if base, ok := basePath(r.URL.EscapedPath(), op.Path); ok && r.Response == nil {
			attrs = append(attrs, semconv.URLTemplate(base+op.Path))
		}
		if op.Attempt > 1 {
			attrs = append(attrs, semconv.HTTPRequestResendCount(op.Attempt-1))
		}
		trace.SpanFromContext(ctx).SetAttributes(attrs...)
	}
	return t.next.RoundTrip(r)
}

// withURL returns a shallow copy of r with context ctx and URL u; a
// RoundTripper must not modify the request it is given.
func withURL(ctx context.Context, r *http.Request, u *url.URL) *http.Request {
	r = r.WithContext(ctx)
	r.URL = u
	return r
}

// redactedURL returns a copy of u whose path is its base path followed by
// template with each segment holding a {placeholder} replaced by REDACTED,
// and whose query values are REDACTED. When u's path does not have the
// shape of template (or template is ""), the whole path is REDACTED. The
// user info is dropped.
func redactedURL(u *url.URL, template string) *url.URL {
	out := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/" + redacted}
	if base, ok := basePath(u.EscapedPath(), template); ok {
		segments := strings.Split(template, "/")
		for i, s := range segments {
			if isPlaceholder(s) {
				segments[i] = redacted
			}
		}
		out.Path = base + strings.Join(segments, "/")
	}
	if q := u.Query(); len(q) > 0 {
		for _, vs := range q {
			for i := range vs {
				vs[i] = redacted
			}
		}
		out.RawQuery = q.Encode()
	}
	return out
}

// basePath returns the decoded part of an escaped request path before the
// segments that template fills, and whether the path ends in segments of
// template's shape: as many, with the same text where template has no
// placeholder. The SDK escapes every path parameter, so a filled
// placeholder is exactly one segment.
func basePath(escapedPath, template string) (string, bool) {
	if !strings.HasPrefix(template, "/") {
		return "", false
	}
	want := strings.Split(template, "/")[1:]
	got := strings.Split(escapedPath, "/")
	if len(got)-1 < len(want) {
		return "", false
	}
	base, tail := got[:len(got)-len(want)], got[len(got)-len(want):]
	for i, w := range want {
		if !isPlaceholder(w) && tail[i] != w {
			return "", false
		}
	}
	return unescapePath(strings.Join(base, "/")), true
}

// isPlaceholder reports whether a segment of a path template holds a
// {placeholder}.
func isPlaceholder(segment string) bool { return strings.Contains(segment, "{") }

// unescapePath decodes an escaped path, or returns it as is if it is not
// validly escaped.
func unescapePath(p string) string {
	if s, err := url.PathUnescape(p); err == nil {
		return s
	}
	return p
}
