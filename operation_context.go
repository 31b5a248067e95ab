package tiledbcloud

import (
	"context"
	"net/http"
)

// Operation names the API operation, the call and the attempt a request
// belongs to. Every request the SDK sends carries one in its context, so
// that a RoundTripper (see Configuration.WrapTransport), a log handler or a
// test can read it with OperationFromContext; a Middleware receives the
// call's, with Attempt 0.
type Operation struct {
	// Name is the SDK method, such as "GetUser", or Request.Operation for a
	// call made with APIClient.Do.
	Name string
	// Method is the HTTP method, such as "GET".
	Method string
	// Path is the path template relative to BasePath, such as
	// "/users/{username}". It holds no parameter values, so nothing secret.
	Path string
	// Attempt is the attempt the request is, 1 for the first; 0 in the
	// Operation a Middleware receives, which stands for the whole call.
	Attempt int
	// CallID identifies the logical call: unique for each call in the
	// process, and the same for the Middleware and on every attempt. It is
	// a counter, never derived from the call's parameters or credentials.
	CallID string
}

// operationKey is the context key of the Operation of an attempt.
var operationKey = &contextKey{"operation"}

// operationContext is the context of one attempt. It refers to the
// operation rather than holding an Operation, and is its own context value,
// so that marking an attempt costs one small allocation. It holds no
// pointer to the call, which would move every call to the heap.
type operationContext struct {
	context.Context
	op      *operation
	callID  uint64
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

// attemptContext returns the context of attempt number attempt of cl.
func attemptContext(ctx context.Context, cl *call, attempt int) context.Context {
	return &operationContext{Context: ctx, op: cl.op, callID: cl.id, attempt: attempt}
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
	return Operation{Name: c.op.name, Method: c.op.method, Path: c.op.path, Attempt: c.attempt, CallID: formatCallID(c.callID)}, true
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
