package tiledbcloudotel

import (
	"errors"
	"strconv"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/tiledbcloud-go/tiledbcloud"
)

// The attributes of this package's spans and metrics that the semantic
// conventions have no name for. None holds a parameter value, a header or
// a body, so none can hold a secret.
const (
	// AttrOperationName is the SDK operation, such as "GetUser", or
	// Request.Operation for APIClient.Do.
	AttrOperationName = attribute.Key("tiledbcloud.operation.name")
	// AttrOperationPath is the operation's path template relative to the
	// base path, such as "/users/{username}".
	AttrOperationPath = attribute.Key("tiledbcloud.operation.path")
	// AttrCallID is Operation.CallID: the same on a call's span and on
	// every one of its attempts' spans.
	AttrCallID = attribute.Key("tiledbcloud.call_id")
	// AttrAttempt is the attempt number of an attempt's span, 1 for the first.
	AttrAttempt = attribute.Key("tiledbcloud.attempt")
	// AttrOutcome is OutcomeSuccess or OutcomeError, on the spans and metrics.
	AttrOutcome = attribute.Key("tiledbcloud.outcome")
)

// The values of AttrOutcome.
const (
	// OutcomeSuccess marks a call that returned no error, or an attempt
	// that got a response with a status below 400.
	OutcomeSuccess = "success"
	// OutcomeError marks a call that returned an error, or an attempt that
	// failed or got a status of 400 or more; error.type says which error.
	OutcomeError = "error"
)

// The histograms this package records, in seconds.
const (
	// CallDurationMetric is the duration of a logical call (Middleware):
	// all its attempts, the backoff between them and the decoding.
	CallDurationMetric = "tiledbcloud.client.call.duration"
	// AttemptDurationMetric is the duration of one attempt (WrapTransport),
	// from sending the request to the end of the response body: the
	// semantic conventions' HTTP client request duration.
	AttemptDurationMetric = "http.client.request.duration"
)

// durationBuckets are the bucket boundaries the semantic conventions advise
// for HTTP durations, in seconds.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}

// newDurationHistogram creates a histogram of durations in seconds. An error
// goes to the global error handler, and the instrument returned with it
// still works (the SDK returns a usable one), so metrics never fail a call.
func newDurationHistogram(m metric.Meter, name, description string) metric.Float64Histogram {
	h, err := m.Float64Histogram(name, metric.WithUnit("s"), metric.WithDescription(description),
		metric.WithExplicitBucketBoundaries(durationBuckets...))
	if err != nil {
		otel.Handle(err)
	}
	return h
}

// operationAttrs are the attributes that name op.
func operationAttrs(op tiledbcloud.Operation) []attribute.KeyValue {
	return []attribute.KeyValue{AttrOperationName.String(op.Name), semconv.HTTPRequestMethodKey.String(op.Method)}
}

// outcome returns the AttrOutcome of a call or an attempt.
func outcome(failed bool) attribute.KeyValue {
	if failed {
		return AttrOutcome.String(OutcomeError)
	}
	return AttrOutcome.String(OutcomeSuccess)
}

// errorType returns the error.type of err, as the semantic conventions
// describe it for HTTP clients: the status code of an *APIError, otherwise
// the type of the error (the cause, for a *RequestError). It never holds
// the error's message, which may name a path.
func errorType(err error) attribute.KeyValue {
	var apiErr *tiledbcloud.APIError
	if errors.As(err, &apiErr) {
		return statusErrorType(apiErr.StatusCode)
	}
	var reqErr *tiledbcloud.RequestError
	if errors.As(err, &reqErr) && reqErr.Err != nil {
		err = reqErr.Err
	}
	return semconv.ErrorType(err)
}

// statusErrorType is the error.type of an HTTP status of 400 or more.
func statusErrorType(status int) attribute.KeyValue {
	return semconv.ErrorTypeKey.String(strconv.Itoa(status))
}
