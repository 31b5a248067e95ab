package tiledbcloud

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"unsafe"
)

// CallHandler performs one logical call of an API operation: every attempt,
// the backoff between them and the decoding of the response. op describes
// the call, with Attempt 0; the call itself is found through ctx, so a
// handler passes on the context it was given, or one derived from it.
type CallHandler func(ctx context.Context, op Operation) (*http.Response, error)

// Middleware wraps the CallHandler of every call a client makes, for one
// span, metric, log line or circuit-breaker decision per call rather than
// per attempt (see Configuration.Middleware).
type Middleware func(next CallHandler) CallHandler

// callIDs numbers the calls of the process, for Operation.CallID. A
// counter rather than anything derived from the call, so that an ID never
// reveals a secret.
var callIDs atomic.Uint64

// formatCallID formats a call's number as Operation.CallID, only when
// someone reads it.
func formatCallID(id uint64) string { return strconv.FormatUint(id, 10) }

// callKey is the context key under which a call's middleware context
// leads to the call.
var callKey = &contextKey{"call"}

// middlewareCall is a call on its way through the client's middleware, and
// the context the call enters the middleware with. The innermost
// CallHandler finds the call from whatever context a middleware passes on
// (one derived from this one), so no closure is made per call. It is the
// one allocation a call through middleware adds: the call moves here from
// the stack of the method that made it, and the CallID's text lives in it.
type middlewareCall struct {
	context.Context
	call   call
	callID [20]byte // the decimal digits of call.id; room for any uint64
}

// Value returns m itself for callKey and defers to the parent for every
// other key.
func (m *middlewareCall) Value(key any) any {
	if key == any(callKey) {
		return m
	}
	return m.Context.Value(key)
}

// operation describes the call to its middleware, with Attempt 0, since it
// stands for all of the call's attempts.
func (m *middlewareCall) operation() Operation {
	op := m.call.op
	digits := strconv.AppendUint(m.callID[:0], m.call.id, 10)
	// The digits are written once, above, and never changed, so a string
	// over them is immutable like any other; it keeps m alive while in use.
	id := unsafe.String(&digits[0], len(digits))
	return Operation{Name: op.name, Method: op.method, Path: op.path, CallID: id}
}

// chainMiddleware composes mws around the client's pipeline, the first
// outermost, once per client. It returns nil for no middleware, so that a
// client without any calls its pipeline directly.
func (c *APIClient) chainMiddleware(mws []Middleware) (CallHandler, error) {
	for i, mw := range mws {
		if mw == nil {
			return nil, invalidArgument("", fmt.Sprintf("Middleware[%d] is nil", i))
		}
	}
	if len(mws) == 0 {
		return nil, nil
	}
	h := CallHandler(c.executeFromContext)
	for i := len(mws) - 1; i >= 0; i-- {
		if h = mws[i](h); h == nil {
			return nil, invalidArgument("", fmt.Sprintf("Middleware[%d] returned a nil CallHandler", i))
		}
	}
	return h, nil
}

// throughMiddleware makes the call cl through the client's middleware.
func (c *APIClient) throughMiddleware(ctx context.Context, cl *call) (*http.Response, error) {
	m := &middlewareCall{Context: ctx, call: *cl}
	return c.middleware(m, m.operation())
}

// executeFromContext is the innermost CallHandler: it sends the call that
// ctx, the context a middleware passed on, leads to, with that context, so
// that what the middleware added to it reaches every attempt.
func (c *APIClient) executeFromContext(ctx context.Context, op Operation) (*http.Response, error) {
	if ctx == nil {
		return nil, invalidArgument(op.Name, "a Middleware called next with a nil context.Context")
	}
	m, ok := ctx.Value(callKey).(*middlewareCall)
	if !ok {
		return nil, invalidArgument(op.Name, "a Middleware called next with a context not derived from the one it was given")
	}
	return c.execute(ctx, &m.call)
}
