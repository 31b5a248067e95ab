package enum_kinds

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
)

// TestEnumKinds checks that integer, number and boolean enums are Go types
// of that kind, decoded from and encoded to JSON numbers and booleans.
func TestEnumKinds(t *testing.T) {
	var _ int64 = int64(PriorityMinus1)
	var _ float64 = float64(WeightN0Point5)
	var _ bool = bool(ToggleTrue)
	const doc = `[{"priority":-1,"weight":0.5,"toggle":true,"size":16,"ratio":0.75,"flag":false,"history":[1,3],"byName":{"a":2.25},"maybe":null,"kind":"a"}]`
	var query string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.RawQuery
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(doc))
	}))
	defer srv.Close()
	jobs, _, err := NewAPIClient(&Configuration{BasePath: srv.URL}).JobsApi.ListJobs(context.Background(), 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	weight, toggle, size, ratio, flag, kind := WeightN0Point5, ToggleTrue, JobSizeN16, JobRatioN0Point75, JobFlagFalse, JobKindA
	want := []Job{{Priority: PriorityMinus1, Weight: &weight, Toggle: &toggle, Size: &size, Ratio: &ratio, Flag: &flag,
		History: []Priority{PriorityN1, PriorityN3}, ByName: map[string]Weight{"a": WeightN2Point25}, Maybe: Null[Priority](), Kind: &kind}}
	if !reflect.DeepEqual(jobs, want) || query != "level=10" {
		t.Fatalf("decoded %#v (query %q), want %#v", jobs, query, want)
	}
	got, err := json.Marshal(jobs)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != doc {
		t.Errorf("encoded %s, want %s", got, doc)
	}
	if !PriorityN2.IsValid() || Priority(7).IsValid() {
		t.Error("IsValid does not tell the document's values")
	}
}
