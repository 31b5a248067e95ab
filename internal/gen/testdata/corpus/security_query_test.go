package security_query

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAPIKeyInQueryIsRefused checks that an API key, which this document
// sends in the query, is refused before anything is sent, with an error
// that says so.
func TestAPIKeyInQueryIsRefused(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls++ }))
	defer srv.Close()
	c := NewAPIClient(&Configuration{BasePath: srv.URL, APIKey: "k"})
	_, _, err := c.ItemsApi.ListItems(context.Background(), nil)
	if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), `query parameter "api_key"`) || calls != 0 {
		t.Errorf("err = %v after %d calls", err, calls)
	}
}
