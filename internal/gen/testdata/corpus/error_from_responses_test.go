package error_from_responses

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestErrorModelFromResponses checks that the error model is the
// definition the error responses use, that its requestId is the error's
// request id, and that, without a message, errors show the status and keep
// the body. ModelError is Problem; the definition named ModelError is
// ModelError2.
func TestErrorModelFromResponses(t *testing.T) {
	var _ *ModelError = &Problem{}
	var _ = ModelError2{Code: new(int64)}
	const body = `{"title":"gone","status":404,"requestId":"r-9"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(body))
	}))
	defer srv.Close()
	_, _, err := NewAPIClient(&Configuration{BasePath: srv.URL}).WidgetsApi.ListWidgets(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want an *APIError", err)
	}
	var problem *Problem = apiErr.Model
	if problem.GetTitle() != "gone" || problem.GetStatus() != 404 || apiErr.RequestID() != "r-9" || string(apiErr.Body) != body {
		t.Errorf("Model %v, RequestID %q, Body %q", problem, apiErr.RequestID(), apiErr.Body)
	}
	if !strings.HasSuffix(err.Error(), "404 Not Found (request_id r-9)") {
		t.Errorf("Error() = %q", err)
	}
}
