package base_url

import "testing"

// TestDefaultBasePath checks that the default base URL comes from the
// document's schemes (https preferred), host and basePath.
func TestDefaultBasePath(t *testing.T) {
	if want := "https://api.example.com:8443/v2"; DefaultBasePath != want {
		t.Errorf("DefaultBasePath = %q, want %q", DefaultBasePath, want)
	}
	if got := NewConfiguration().BasePath; got != DefaultBasePath {
		t.Errorf("NewConfiguration().BasePath = %q", got)
	}
}
