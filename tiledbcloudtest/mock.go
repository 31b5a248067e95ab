package tiledbcloudtest

import (
	"errors"
	"fmt"
	"sync"
)

// ErrNotMocked is the error a mock's method returns, wrapped in an error
// naming the method, when the function field that implements it is nil.
var ErrNotMocked = errors.New("method not mocked")

// MockCall is one call a mock received.
type MockCall struct {
	// Method is the name of the method called, such as "GetUser".
	Method string
	// Args are the call's arguments after the context, in order, as passed
	// (models by value, optional bodies and options as pointers).
	Args []any
}

// mockCalls records the calls of a mock; its zero value is ready and it is
// safe for concurrent use.
type mockCalls struct {
	mu    sync.Mutex
	calls []MockCall
}

func (c *mockCalls) record(method string, args ...any) {
	c.mu.Lock()
	c.calls = append(c.calls, MockCall{Method: method, Args: args})
	c.mu.Unlock()
}

// all returns a copy, so that the caller can read it while calls go on.
func (c *mockCalls) all() []MockCall {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]MockCall(nil), c.calls...)
}

func (c *mockCalls) to(method string) []MockCall {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []MockCall
	for _, call := range c.calls {
		if call.Method == method {
			out = append(out, call)
		}
	}
	return out
}

// notMocked returns the error of a call to a method whose function field
// is nil.
func notMocked(mock, method string) error {
	return fmt.Errorf("tiledbcloudtest: %s.%s called but %sFunc is not set: %w", mock, method, method, ErrNotMocked)
}
