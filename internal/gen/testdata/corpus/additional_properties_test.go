package additional_properties

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
)

// TestAdditionalPropertiesAreKept checks that the keys a schema with
// properties does not declare are decoded into its map and encoded after
// its fields, in key order, typed or free-form.
func TestAdditionalPropertiesAreKept(t *testing.T) {
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id":"o1","z":[1,{"a":null}],"b":true}`))
	}))
	defer srv.Close()
	bag := Bag{Name: "n", AdditionalProperties: map[string]string{"zeta": "z", "alpha": "a", "name": "dropped"}}
	open, _, err := NewAPIClient(&Configuration{BasePath: srv.URL}).BagsApi.PutBag(context.Background(), bag)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"name":"n","alpha":"a","zeta":"z"}`; string(body) != want {
		t.Errorf("sent %s, want %s", body, want)
	}
	id := "o1"
	want := &Open{ID: &id, AdditionalProperties: map[string]json.RawMessage{"z": json.RawMessage(`[1,{"a":null}]`), "b": json.RawMessage("true")}}
	if !reflect.DeepEqual(open, want) {
		t.Errorf("decoded %#v, want %#v", open, want)
	}
	var n Nested
	if err := json.Unmarshal([]byte(`{"bag":{"name":"a","x":"1"},"other":{"name":"b","SIZE":2}}`), &n); err != nil {
		t.Fatal(err)
	}
	size := int64(2)
	wantNested := Nested{Bag: &Bag{Name: "a", AdditionalProperties: map[string]string{"x": "1"}},
		AdditionalProperties: map[string]Bag{"other": {Name: "b", Size: &size}}}
	if !reflect.DeepEqual(n, wantNested) {
		t.Errorf("decoded %#v, want %#v", n, wantNested)
	}
}
