package tiledbcloudotel

import (
	"net/url"
	"testing"
)

func TestRedactedURL(t *testing.T) {
	tests := []struct {
		raw, template, want string
	}{
		{"http://127.0.0.1:1/v1/user", "/user", "http://127.0.0.1:1/v1/user"},
		{"http://127.0.0.1:1/v1/tokens/s3cr%2Ft", "/tokens/{token}", "http://127.0.0.1:1/v1/tokens/REDACTED"},
		{"https://h/api/v1/organizations/lab/bob", "/organizations/{organization}/{username}", "https://h/api/v1/organizations/REDACTED/REDACTED"},
		{"https://h/v1/session?remember_me=true&x=1&x=2", "/session", "https://h/v1/session?remember_me=REDACTED&x=REDACTED&x=REDACTED"},
		{"https://user:pass@h/a%20b/user", "/user", "https://h/a%20b/user"},
		{"https://h/user", "/user", "https://h/user"},
		{"https://h/v1/files/abc.json", "/files/{id}.json", "https://h/v1/files/REDACTED"},
		// Not of the template's shape (a redirect elsewhere): nothing kept.
		{"https://h/tokens/abc", "/a/b/c/{token}", "https://h/REDACTED"},
		{"https://h/v1/archive/s3cret/x", "/tokens/{token}", "https://h/REDACTED"},
		{"https://h/v1/tokens/s3cret?k=s3cret", "", "https://h/REDACTED?k=REDACTED"},
	}
	for _, tc := range tests {
		u, err := url.Parse(tc.raw)
		if err != nil {
			t.Fatal(err)
		}
		if got, _, _ := redactedURL(u, tc.template); got != tc.want {
			t.Errorf("redactedURL(%q, %q) = %q, want %q", tc.raw, tc.template, got, tc.want)
		}
		if u.String() != tc.raw {
			t.Errorf("redactedURL changed its argument to %q", u)
		}
	}
}
