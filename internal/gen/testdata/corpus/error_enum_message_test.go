package error_enum_message

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestErrorEnumMessage checks that errors show a message that is a string
// enum, and the request id through its field's own getter.
func TestErrorEnumMessage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusConflict)
		w.Write([]byte(`{"get_request_id":"not-it","message":"taken","request_id":"q-1"}`))
	}))
	defer srv.Close()
	_, err := NewAPIClient(&Configuration{BasePath: srv.URL}).ThingsApi.ListThings(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want an *APIError", err)
	}
	if !strings.HasSuffix(err.Error(), "409 Conflict: taken (request_id q-1)") || apiErr.Model.GetMessage() != ModelErrorMessageTaken {
		t.Errorf("Error() = %q, Model %v", err, apiErr.Model)
	}
}
