package security_none

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestNoCredentials checks that a document without securityDefinitions
// takes no credentials: setting some is refused before anything is sent.
func TestNoCredentials(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	for _, cfg := range []*Configuration{{APIKey: "k"}, {Username: "u", Password: "p"}} {
		cfg.BasePath = srv.URL
		_, err := NewAPIClient(cfg).OpenApi.Open(context.Background())
		if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "the API document defines no") {
			t.Errorf("%+v: err = %v", cfg, err)
		}
	}
	if _, err := NewAPIClient(&Configuration{BasePath: srv.URL}).OpenApi.Open(context.Background()); err != nil || calls != 1 {
		t.Errorf("without credentials: err = %v, %d calls", err, calls)
	}
}
