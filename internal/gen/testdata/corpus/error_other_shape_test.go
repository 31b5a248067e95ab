package error_other_shape

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestErrorModelOfAnotherShape checks that an Error definition without a
// request_id builds, that errors show its message, and that the model and
// the body are kept.
func TestErrorModelOfAnotherShape(t *testing.T) {
	const body = `{"code":7,"message":"no such product","fields":"id"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "hdr-1")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(body))
	}))
	defer srv.Close()
	_, _, err := NewAPIClient(&Configuration{BasePath: srv.URL}).ProductsApi.ListProducts(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want an *APIError", err)
	}
	if !strings.Contains(err.Error(), "404 Not Found: no such product (request_id hdr-1)") {
		t.Errorf("Error() = %q", err)
	}
	if apiErr.Model.GetCode() != 7 || apiErr.Model.GetFields() != "id" || string(apiErr.Body) != body {
		t.Errorf("Model %v, Body %q", apiErr.Model, apiErr.Body)
	}
}
