package error_message_only

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestErrorModelWithMessage checks that the default response's definition
// is the error model and that errors show its message and request_id.
func TestErrorModelWithMessage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusConflict)
		w.Write([]byte(`{"message":"taken","request_id":"q-1","detail":{"k":1}}`))
	}))
	defer srv.Close()
	_, _, err := NewAPIClient(&Configuration{BasePath: srv.URL}).ThingsApi.ListThings(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrConflict) {
		t.Fatalf("err = %v, want an *APIError matching ErrConflict", err)
	}
	var failure *Failure = apiErr.Model
	if !strings.HasSuffix(err.Error(), "409 Conflict: taken (request_id q-1)") || string(failure.GetDetail()["k"]) != "1" {
		t.Errorf("Error() = %q, Model %v", err, failure)
	}
}
