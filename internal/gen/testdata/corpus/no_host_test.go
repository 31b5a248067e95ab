package no_host

import "testing"

// TestDefaultBasePathWithoutHost checks the documented placeholder of a
// document without host.
func TestDefaultBasePathWithoutHost(t *testing.T) {
	if want := "https://localhost"; DefaultBasePath != want {
		t.Errorf("DefaultBasePath = %q, want %q", DefaultBasePath, want)
	}
}
