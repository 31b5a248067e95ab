package tiledbcloudotel

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// WrapTransport returns a tiledbcloud Configuration.WrapTransport that
// records one client span per attempt (and per redirect hop), named after
// the HTTP method and the operation ("GET tiledbcloud.GetUser"), and the
// attempt's duration in the AttemptDurationMetric histogram, until the
// response body is read or closed. The span carries the attempt number,
// the CallID and the semantic conventions' HTTP client attributes, with
// url.full redacted: every path parameter and query value reads REDACTED
// (the whole path, on a redirect hop), and no header or body is recorded.
// Each attempt sends its span in the request headers through the
// propagator (see WithPropagators).
//
// A request without a tiledbcloud.Operation in its context, which the SDK
// never sends, goes through untraced.
func WrapTransport(opts ...Option) func(http.RoundTripper) http.RoundTripper {
	cfg := newConfig(opts)
	tracer := cfg.tracer()
	duration := newDurationHistogram(cfg.meter(), AttemptDurationMetric, "Duration of HTTP client requests.")
	return func(next http.RoundTripper) http.RoundTripper {
		return &transport{next: next, tracer: tracer, propagator: cfg.propagator, duration: duration}
	}
}

// transport traces the attempts it sends with next.
type transport struct {
	next       http.RoundTripper
	tracer     trace.Tracer
	propagator propagation.TextMapPropagator
	duration   metric.Float64Histogram
}

// RoundTrip sends r with t.next inside a span of its own.
func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	op, ok := tiledbcloud.OperationFromContext(r.Context())
	if !ok {
		return t.next.RoundTrip(r)
	}
	a := &attempt{start: time.Now(), duration: t.duration, attrs: attemptMetricAttrs(op, r)}
	a.ctx, a.span = t.tracer.Start(r.Context(), op.Method+" tiledbcloud."+op.Name,
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(a.attrs...),
		trace.WithAttributes(attemptSpanAttrs(op, r)...))
	// A RoundTripper must not modify its request: the headers the trace
	// context goes in are a copy's.
	r = r.Clone(a.ctx)
	t.propagator.Inject(a.ctx, propagation.HeaderCarrier(r.Header))
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		a.end(err)
		return resp, err
	}
	a.status = resp.StatusCode
	if resp.Body == nil {
		a.end(nil)
		return resp, nil
	}
	resp.Body = &attemptBody{ReadCloser: resp.Body, attempt: a}
	return resp, nil
}

// attemptMetricAttrs are the attributes of an attempt's span that its
// duration is recorded with too: low in cardinality.
func attemptMetricAttrs(op tiledbcloud.Operation, r *http.Request) []attribute.KeyValue {
	attrs := append(operationAttrs(op), semconv.ServerAddress(r.URL.Hostname()))
	if port := serverPort(r); port > 0 {
		attrs = append(attrs, semconv.ServerPort(port))
	}
	return attrs
}

// attemptSpanAttrs are the attributes of an attempt's span that identify
// the attempt, or are too many in value for a metric.
func attemptSpanAttrs(op tiledbcloud.Operation, r *http.Request) []attribute.KeyValue {
	// A redirect goes to a URL of the server's choosing, which may hold a
	// secret anywhere, so its path is not matched against the template.
	template := op.Path
	if r.Response != nil {
		template = ""
	}
	full, base, ok := redactedURL(r.URL, template)
	attrs := []attribute.KeyValue{
		semconv.URLFull(full),
		AttrOperationPath.String(op.Path),
		AttrCallID.String(op.CallID),
		AttrAttempt.Int(op.Attempt),
	}
	if ok {
		attrs = append(attrs, semconv.URLTemplate(base+op.Path))
	}
	if op.Attempt > 1 {
		attrs = append(attrs, semconv.HTTPRequestResendCount(op.Attempt-1))
	}
	return attrs
}

// serverPort returns the port r goes to, explicit or the scheme's, or 0.
func serverPort(r *http.Request) int {
	if p := r.URL.Port(); p != "" {
		n, _ := strconv.Atoi(p)
		return n
	}
	switch r.URL.Scheme {
	case "https":
		return 443
	case "http":
		return 80
	}
	return 0
}

// attempt is an attempt in flight: its span and duration end once, when
// the request fails or its response body is read to the end, fails or is
// closed.
type attempt struct {
	ctx      context.Context
	span     trace.Span
	start    time.Time
	duration metric.Float64Histogram
	attrs    []attribute.KeyValue // the metric's attributes before the response
	status   int                  // the response's status code; 0 for none
	once     sync.Once
}

// end ends the span and records the duration, with the response's status
// and the outcome, err being why the attempt failed, if it did.
func (a *attempt) end(err error) {
	a.once.Do(func() {
		var attrs []attribute.KeyValue
		if a.status > 0 {
			attrs = append(attrs, semconv.HTTPResponseStatusCode(a.status))
		}
		var errType attribute.KeyValue
		switch {
		case err != nil:
			errType = errorType(err)
		case a.status >= 400:
			errType = statusErrorType(a.status)
		}
		attrs = append(attrs, outcome(errType.Valid()))
		if errType.Valid() {
			attrs = append(attrs, errType)
			// The type, not the message: an error of the transport below
			// may quote the URL, secret path parameters included.
			a.span.SetStatus(codes.Error, errType.Value.AsString())
		}
		a.span.SetAttributes(attrs...)
		a.span.End()
		a.duration.Record(a.ctx, time.Since(a.start).Seconds(), metric.WithAttributes(append(a.attrs, attrs...)...))
	})
}

// attemptBody ends its attempt when the body is read to the end, fails or
// is closed; the SDK always does one of these.
type attemptBody struct {
	io.ReadCloser
	attempt *attempt
}

func (b *attemptBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	switch {
	case err == io.EOF:
		b.attempt.end(nil)
	case err != nil:
		b.attempt.end(err)
	}
	return n, err
}

func (b *attemptBody) Close() error {
	err := b.ReadCloser.Close()
	b.attempt.end(nil)
	return err
}
