package tiledbcloud

import (
	"context"
	"net/http"
)

// Operation names the API operation and the attempt a request belongs to.
// Every request the SDK sends carries one in its context, so that a
// RoundTripper (see Configuration.WrapTransport), a log handler or a test
// can read it with OperationFromContext.
type Operation struct {
	// Name is the SDK method, such as "GetUser", or Request.Operation for a
	// call made with APIClient.Do.
	Name string
	// Method is the HTTP method, such as "GET".
	Method string
	// Path is the path template relative to BasePath, such as
	// "/users/{username}". It holds no parameter values, so nothing secret.
	Path string
	// Attempt is the attempt the request is, 1 for the first.
	Attempt int
}

// operationKey is the context key of the Operation of an attempt.
var operationKey = &contextKey{"operation"}

// operationContext is the context of one attempt. It refers to the
// operation rather than holding an Operation, and is its own context value,
// so that marking an attempt costs one small allocation.
type operationContext struct {
	context.Context
	op      *operation
	attempt int
}

// Value returns c itself for operationKey and defers to the parent for
// every other key.
func (c *operationContext) Value(key any) any {
	if key == any(operationKey) {
		return c
	}
	return c.Context.Value(key)
}

// attemptContext returns the context of attempt number attempt of a call of op.
func attemptContext(ctx context.Context, op *operation, attempt int) context.Context {
	return &operationContext{Context: ctx, op: op, attempt: attempt}
}

// OperationFromContext returns the Operation of the request whose context
// is ctx (such as http.Request.Context() in a RoundTripper, or the context
// a log handler receives). It reports false for a context that carries none.
func OperationFromContext(ctx context.Context) (Operation, bool) {
	if ctx == nil {
		return Operation{}, false
	}
	c, ok := ctx.Value(operationKey).(*operationContext)
	if !ok {
		return Operation{}, false
	}
	return Operation{Name: c.op.name, Method: c.op.method, Path: c.op.path, Attempt: c.attempt}, true
}

// wrapTransport applies Configuration.WrapTransport to hc, the client's own
// copy of the HTTP client. The wrapper gets the caller's transport, or one
// it cannot modify for other clients in place of a transport the process
// shares: sdkTransport for the SDK's own, processDefaultTransport for
// http.DefaultTransport.
func wrapTransport(hc *http.Client, wrap func(http.RoundTripper) http.RoundTripper) error {
	if wrap == nil {
		return nil
	}
	base := hc.Transport
	if base == nil {
		base = processDefaultTransport{}
	}
	if hc.Transport = wrap(base); hc.Transport == nil {
		hc.Transport = base
		return invalidArgument("", "WrapTransport returned a nil http.RoundTripper")
	}
	return nil
}
