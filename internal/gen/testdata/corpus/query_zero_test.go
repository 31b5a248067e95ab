package query_zero

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestZeroValuesAreSent checks that optional boolean and number parameters
// set to their zero value are sent, and that nil ones are not.
func TestZeroValuesAreSent(t *testing.T) {
	var query, dryRun string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		query, dryRun = r.URL.RawQuery, r.Header.Get("X-Dry-Run")
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	c := NewAPIClient(&Configuration{BasePath: srv.URL})
	f, i32, i64, f64, f32, u16 := false, int32(0), int64(0), 0.0, float32(0), uint16(0)
	opts := &SearchOpts{Archived: &f, Limit: &i32, Offset: &i64, MinScore: &f64, Ratio: &f32, Count: &u16, XDryRun: &f}
	if _, err := c.SearchApi.Search(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if want := "archived=false&count=0&limit=0&min_score=0&offset=0&ratio=0"; query != want || dryRun != "false" {
		t.Errorf("query %q, X-Dry-Run %q; want %q and false", query, dryRun, want)
	}
	if _, err := c.SearchApi.Search(context.Background(), &SearchOpts{}); err != nil {
		t.Fatal(err)
	}
	if query != "" || dryRun != "" {
		t.Errorf("nil options sent query %q, X-Dry-Run %q", query, dryRun)
	}
}
