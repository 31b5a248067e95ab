package error_not_an_object

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestErrorDefinitionNotAnObject checks that an Error definition that is a
// string stays a string, and that errors decode the synthetic error model
// and keep the body; the synthetic error model is ModelError, the
// definition named ModelError is ModelError2.
func TestErrorDefinitionNotAnObject(t *testing.T) {
	var _ *string = Status{}.LastError
	var _ = ModelError{Message: new(string)}
	var _ = ModelError2{Code: new(int64)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"message":"bad"}`))
	}))
	defer srv.Close()
	_, err := NewAPIClient(&Configuration{BasePath: srv.URL}).HealthApi.Ping(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Model.GetMessage() != "bad" || !strings.HasSuffix(err.Error(), "400 Bad Request: bad") {
		t.Fatalf("err = %v", err)
	}
}
