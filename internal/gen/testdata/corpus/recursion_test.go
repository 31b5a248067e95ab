package recursion

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestRecursiveReferences checks that required and x-nullable references
// in a cycle are pointers, decoded and encoded as encoding/json does.
func TestRecursiveReferences(t *testing.T) {
	const doc = `{"name":"a","next":{"next":null,"parent":null},"parent":{"next":null},"children":[{"next":null}]}`
	var n Node
	if err := json.Unmarshal([]byte(doc), &n); err != nil {
		t.Fatal(err)
	}
	name := "a"
	want := Node{Name: &name, Next: &Node{Parent: Null[*Node]()}, Parent: NewNullable(&Node{}), Children: []Node{{}}}
	if !reflect.DeepEqual(n, want) {
		t.Fatalf("decoded %#v, want %#v", n, want)
	}
	got, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != doc {
		t.Errorf("encoded %s, want %s", got, doc)
	}
	var h Husband
	if err := json.Unmarshal([]byte(`{"name":"h","wife":{"name":"w","husband":null}}`), &h); err != nil {
		t.Fatal(err)
	}
	if h.GetWife().GetName() != "w" || h.Wife.Husband != nil {
		t.Errorf("decoded %#v", h)
	}
	var l Linked
	if err := json.Unmarshal([]byte(`{"value":1,"next":{"value":2,"next":null}}`), &l); err != nil {
		t.Fatal(err)
	}
	if next := l.GetNext(); next == nil || next.GetValue() != 2 || !next.Next.IsNull() {
		t.Errorf("decoded %#v", l)
	}
}
