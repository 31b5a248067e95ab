// Package tiledbcloudotel traces and measures the calls of the tiledbcloud
// SDK with OpenTelemetry: one span per logical call (Middleware), one
// client span per attempt (WrapTransport), and a duration histogram for
// each, with no API key, password, session token or secret path parameter
// in any span or metric.
//
//	cfg.Middleware = append(cfg.Middleware, tiledbcloudotel.Middleware())
//	cfg.WrapTransport = tiledbcloudotel.WrapTransport()
//
// It is a module of its own, so that the SDK keeps no dependency beyond
// the standard library.
package tiledbcloudotel

import (
	"context"
	"net/http"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// Middleware returns a tiledbcloud.Middleware that records one span per
// logical call, named "tiledbcloud." and the operation (tiledbcloud.GetUser),
// around all its attempts, the backoff between them and the decoding, and
// the call's duration in the CallDurationMetric histogram. The span and
// the histogram carry the operation's name, the HTTP method and the
// outcome; the span also carries the path template, the CallID, the status
// code of the last response and, when the call fails, the error status,
// error.type and the error, which the SDK keeps free of secrets. With
// WrapTransport too, each attempt's span is a child of the call's.
func Middleware(opts ...Option) tiledbcloud.Middleware {
	cfg := newConfig(opts)
	tracer := cfg.tracer()
	duration := newDurationHistogram(cfg.meter(), CallDurationMetric,
		"Duration of tiledbcloud SDK calls: all attempts, backoff and decoding.")
	return func(next tiledbcloud.CallHandler) tiledbcloud.CallHandler {
		return func(ctx context.Context, op tiledbcloud.Operation) (*http.Response, error) {
			start := time.Now()
			attrs := operationAttrs(op)
			ctx, span := tracer.Start(ctx, "tiledbcloud."+op.Name, trace.WithSpanKind(trace.SpanKindInternal),
				trace.WithAttributes(attrs...),
				trace.WithAttributes(AttrOperationPath.String(op.Path), AttrCallID.String(op.CallID)))
			resp, err := next(ctx, op)
			end := []attribute.KeyValue{outcome(err != nil)}
			if resp != nil {
				end = append(end, semconv.HTTPResponseStatusCode(resp.StatusCode))
			}
			if err != nil {
				end = append(end, errorType(err))
				span.RecordError(err)
				span.SetStatus(codes.Error, err.Error())
			}
			span.SetAttributes(end...)
			span.End()
			duration.Record(ctx, time.Since(start).Seconds(), metric.WithAttributes(append(attrs, end...)...))
			return resp, err
		}
	}
}
