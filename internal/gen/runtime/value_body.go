//go:build ignore

// Bodies and results that are not models (a list of strings, a map, a
// free-form value), which the SDK's own document does not have: generated
// code for a document with one calls the names below, and internal/gen
// copies this file into its package.

//gen:provides valueBody fetchValue

package tiledbcloud

import (
	"context"
	"net/http"
)

// valueBody is a whole request or response body that is not a model (an
// array, a map, a free-form value), read and written with value functions.
// A null body is allowed, as for the list operations.
type valueBody[T any] struct {
	v      *T
	name   string // names the body in errors, such as "[]string"
	decode func(*decoder, *T, string) error
	encode func(*encoder, T) // nil for a body that is only decoded
}

func (b valueBody[T]) decodeJSON(d *decoder) error { return b.decode(d, b.v, b.name) }

func (b valueBody[T]) encodeJSON(e *encoder) { b.encode(e, *b.v) }

func (valueBody[T]) nullableList() {}

// fetchValue makes a call that returns a JSON value other than a model or a
// list of models, decoded by value; name names it in errors.
func fetchValue[T any](ctx context.Context, s *service, cl call, name string, value func(*decoder, *T, string) error) (T, *http.Response, error) {
	var out T
	return fetchInto(ctx, s, cl, &out, valueBody[T]{v: &out, name: name, decode: value})
}
