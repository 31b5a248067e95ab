package binary_in_json

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
)

// TestBinaryInJSON checks that format: binary and type: file inside JSON
// are []byte read and written as base64 strings, as encoding/json does, in
// a model and in an array body and result.
func TestBinaryInJSON(t *testing.T) {
	const doc = `{"rtree":"AAEC/w==","footer":"","attachment":"aGk=","chunks":["AQ==",null],"named":{"a":"Ag=="},"maybe":null}`
	var f Fragment
	if err := json.Unmarshal([]byte(doc), &f); err != nil {
		t.Fatal(err)
	}
	want := Fragment{Rtree: []byte{0, 1, 2, 255}, Footer: []byte{}, Attachment: []byte("hi"), Chunks: [][]byte{{1}, nil},
		Named: map[string][]byte{"a": {2}}, Maybe: Null[[]byte]()}
	if !reflect.DeepEqual(f, want) {
		t.Fatalf("decoded %#v, want %#v", f, want)
	}
	got, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"rtree":"AAEC/w==","attachment":"aGk=","chunks":["AQ==",null],"named":{"a":"Ag=="},"maybe":null}`; string(got) != want {
		t.Errorf("encoded %s, want %s", got, want)
	}
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	defer srv.Close()
	out, _, err := NewAPIClient(&Configuration{BasePath: srv.URL}).FragmentsApi.PutFragments(context.Background(), [][]byte{[]byte("ab"), nil})
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != `["YWI=",null]` || len(out) != 2 || !bytes.Equal(out[0], []byte("ab")) || out[1] != nil {
		t.Errorf("sent %s, got back %q", body, out)
	}
}
