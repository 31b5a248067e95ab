package form_urlencoded

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestFormBodies checks that an operation consuming
// application/x-www-form-urlencoded sends its form parameters so, and that
// one with a file stays multipart/form-data.
func TestFormBodies(t *testing.T) {
	type got struct{ contentType, body string }
	var last got
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		last = got{r.Header.Get("Content-Type"), string(b)}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	c := NewAPIClient(&Configuration{BasePath: srv.URL})
	no := false
	if _, err := c.FormsApi.Login(context.Background(), "ann", "p&ss=1", &LoginOpts{Remember: &no, Scopes: []string{"a", "b"}}); err != nil {
		t.Fatal(err)
	}
	want := got{"application/x-www-form-urlencoded", "password=p%26ss%3D1&remember=false&scopes=a&scopes=b&username=ann"}
	if last != want {
		t.Errorf("Login sent %+v, want %+v", last, want)
	}
	if _, err := c.FormsApi.Upload(context.Background(), "n", strings.NewReader("data")); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(last.contentType, "multipart/form-data; boundary=") || !strings.Contains(last.body, "data") {
		t.Errorf("Upload sent %+v, want a multipart form with the file", last)
	}
}
