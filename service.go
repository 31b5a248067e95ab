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
