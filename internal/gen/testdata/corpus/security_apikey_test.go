package security_apikey

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestCredentialsFromTheDocument checks that an API key goes in the header
// the document's securityDefinitions name, and that basic authentication,
// which they offer, is sent.
func TestCredentialsFromTheDocument(t *testing.T) {
	var header http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header = r.Header.Clone()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"name":"ann"}`))
	}))
	defer srv.Close()
	if want := "http://127.0.0.1/api"; DefaultBasePath != want {
		t.Errorf("DefaultBasePath = %q, want %q", DefaultBasePath, want)
	}
	c := NewAPIClient(&Configuration{BasePath: srv.URL + "/api", APIKey: "k1"})
	me, _, err := c.AuthApi.WhoAmI(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if me.GetName() != "ann" || header.Get("X-Api-Token") != "k1" || header.Get("X-Tiledb-Rest-Api-Key") != "" {
		t.Errorf("sent %v, decoded %v", header, me)
	}
	c = NewAPIClient(&Configuration{BasePath: srv.URL + "/api", Username: "u", Password: "p"})
	if _, _, err := c.AuthApi.WhoAmI(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := header.Get("Authorization"); got != "Basic dTpw" {
		t.Errorf("Authorization %q, want basic authentication", got)
	}
}
