package petstore

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestPetstore checks what the pet store's document decides: its base URL,
// its api_key header, and its form body.
func TestPetstore(t *testing.T) {
	if want := "https://petstore.swagger.io/v2"; DefaultBasePath != want {
		t.Errorf("DefaultBasePath = %q, want %q", DefaultBasePath, want)
	}
	var header http.Header
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header = r.Header.Clone()
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id":1,"name":"rex","photoUrls":[],"status":"sold"}`))
	}))
	defer srv.Close()
	c := NewAPIClient(&Configuration{BasePath: srv.URL + "/v2", APIKey: "special-key"})
	pet, _, err := c.PetApi.GetPetByID(context.Background(), "1")
	if err != nil {
		t.Fatal(err)
	}
	if header.Get("api_key") != "special-key" || pet.GetName() != "rex" || pet.GetStatus() != PetStatusSold {
		t.Errorf("sent %v, decoded %v", header, pet)
	}
	if _, err := c.PetApi.UpdatePetWithForm(context.Background(), "1", &UpdatePetWithFormOpts{Name: "max", Status: "pending"}); err != nil {
		t.Fatal(err)
	}
	if header.Get("Content-Type") != "application/x-www-form-urlencoded" || body != "name=max&status=pending" {
		t.Errorf("form sent as %q: %q", header.Get("Content-Type"), body)
	}
}
