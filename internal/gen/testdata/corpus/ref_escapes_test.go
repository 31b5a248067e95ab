package ref_escapes

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestRefEscapes checks that references with ~1, ~0 and percent escapes
// resolve: the parameter page/size, the definitions item/list, a~b and
// "with space".
func TestRefEscapes(t *testing.T) {
	var query string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.RawQuery
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"items":[{"x":"1"}],"other":{"y":"2"}}`))
	}))
	defer srv.Close()
	size := int64(5)
	list, _, err := NewAPIClient(&Configuration{BasePath: srv.URL}).ItemsApi.ListItems(context.Background(), &ListItemsOpts{PageSize: &size})
	if err != nil {
		t.Fatal(err)
	}
	var items []AB = list.Items
	var other *WithSpace = list.Other
	if query != "page_size=5" || len(items) != 1 || items[0].GetX() != "1" || other.GetY() != "2" {
		t.Errorf("query %q, decoded %v", query, list)
	}
}
