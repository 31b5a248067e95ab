package tiledbcloud

import (
	"context"
	"net/http"
)

// The generated service methods (api_<tag>.go) send their calls through the
// helpers below, so that every operation shares one pipeline (APIClient.do).

// apiClient returns the APIClient behind s, or nil, so that methods on a nil
// or zero service fail with an error instead of panicking.
func (s *service) apiClient() *APIClient {
	if s == nil {
		return nil
	}
	return s.client
}

// send makes a call that returns no body.
func send(ctx context.Context, s *service, cl call) (*http.Response, error) {
	return s.apiClient().do(ctx, &cl)
}

// fetch makes a call that returns one model.
func fetch[T any, P modelPtr[T]](ctx context.Context, s *service, cl call) (*T, *http.Response, error) {
	out := P(new(T))
	cl.out = out
	resp, err := s.apiClient().do(ctx, &cl)
	if err != nil {
		return nil, resp, err
	}
	return out, resp, nil
}

// fetchList makes a call that returns a list of models.
func fetchList[T any, P modelPtr[T]](ctx context.Context, s *service, cl call) ([]T, *http.Response, error) {
	var out []T
	cl.out = (*modelList[T, P])(&out)
	resp, err := s.apiClient().do(ctx, &cl)
	if err != nil {
		return nil, resp, err
	}
	return out, resp, nil
}

// fetchInto makes a call whose result dec decodes into *out.
func fetchInto[T any](ctx context.Context, s *service, cl call, out *T, dec modelDecoder) (T, *http.Response, error) {
	cl.out = dec
	resp, err := s.apiClient().do(ctx, &cl)
	if err != nil {
		var zero T
		return zero, resp, err
	}
	return *out, resp, nil
}

// fetchValue makes a call that returns a JSON value other than a model or a
// list of models, decoded by value; name names it in errors.
func fetchValue[T any](ctx context.Context, s *service, cl call, name string, value func(*decoder, *T, string) error) (T, *http.Response, error) {
	var out T
	return fetchInto(ctx, s, cl, &out, valueBody[T]{v: &out, name: name, decode: value})
}

// setCallHeader adds the header parameter key with value to h, checked as
// WithHeader's headers are: no credential, no header the SDK or net/http
// sets, no control character.
func setCallHeader(h http.Header, op, key, value string) error {
	ck, err := checkCallHeader(op, "the "+key+" parameter", key, value, true)
	if err != nil {
		return err
	}
	h[ck] = append(h[ck], value)
	return nil
}
