package nil_inner

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestNilInnerSlicesAndMaps checks that nil slices and maps inside slices
// and maps are written as null, as encoding/json writes them, and read
// back as nil, while empty ones stay empty.
func TestNilInnerSlicesAndMaps(t *testing.T) {
	g := Grid{
		Rows:    [][]string{nil, {}, {"a"}},
		Colors:  [][]Color{nil},
		Cells:   [][]Cell{nil, {}},
		Numbers: [][]int32{nil},
		ByName:  map[string][]string{"n": nil, "e": {}},
		Maps:    []map[string]string{nil, {}},
		Deep:    map[string]map[string][]float64{"a": nil, "b": {"c": nil}},
		Maybe:   NewNullable([]string(nil)),
	}
	const want = `{"rows":[null,[],["a"]],"colors":[null],"cells":[null,[]],"numbers":[null],"byName":{"e":[],"n":null},"maps":[null,{}],"deep":{"a":null,"b":{"c":null}},"maybe":null}`
	got, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("encoded %s\nwant    %s", got, want)
	}
	type plain Grid // encoding/json's view of the same value
	if ref, _ := json.Marshal(plain(g)); string(ref) != want {
		t.Fatalf("encoding/json wrote %s", ref)
	}
	var back Grid
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	g.Maybe = Null[[]string]()
	if !reflect.DeepEqual(back, g) {
		t.Errorf("decoded %#v\nwant %#v", back, g)
	}
}
