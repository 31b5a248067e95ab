package allof_one_ref

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// TestAllOfOfOneRef checks that allOf of one $ref keeps the referenced
// type: a date-time, an enum, an array, a map, a number and a model.
func TestAllOfOfOneRef(t *testing.T) {
	const doc = `{"at":"2024-01-02T03:04:05Z","color":"red","names":["a"],"labels":{"k":1},"count":3,"point":null,"alias":{"x":1.5},"nested":"green"}`
	var thing Thing
	if err := json.Unmarshal([]byte(doc), &thing); err != nil {
		t.Fatal(err)
	}
	at, count, nested := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), int32(3), ColorGreen
	x := 1.5
	want := Thing{At: &at, Color: ColorRed, Names: []string{"a"}, Labels: map[string]int64{"k": 1}, Count: &count,
		Point: Null[Point](), Alias: &Alias{X: &x}, Nested: &nested}
	if !reflect.DeepEqual(thing, want) {
		t.Fatalf("decoded %#v, want %#v", thing, want)
	}
	got, err := json.Marshal(thing)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != doc {
		t.Errorf("encoded %s, want %s", got, doc)
	}
}
